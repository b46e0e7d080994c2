//! The road of a report whose period ends today: every item judged from the days the store
//! keeps (`Office::items_at_end`, `Records::items_as_of`) gives exactly what replaying the
//! whole history to today gives, for the bulletin of this week, month, quarter and year in every
//! grouping, its document (per source too), the Word bulletin's source rows, and the scores, on
//! the 2,000-item sample office.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::Recorded;
use duban::report::judge::ItemsAtEnd;
use duban::report::render::Document;
use duban::report::{Bulletin, GroupBy, Period, PeriodKind, Scores};
use duban::store::{Records, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// On a file, so that the kept days are read on two connections (the lower and the upper half
/// of the ids), as the program reads them.
fn sample_office() -> (Office, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let mut office = Office::new(
        Store::open(&folder.path().join("office.db")).unwrap(),
        Clock::Frozen(d("2026-11-25").and_hms_opt(9, 0, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 2_000, 2026).unwrap();
    (office, folder)
}

#[test]
fn the_days_kept_judge_every_period_ending_today_as_the_replay_does() {
    let (office, _folder) = sample_office();
    let today = office.today();
    let mut events: Vec<Recorded> = Vec::new();
    office.store.each_event(|e| events.push(e)).unwrap();
    let (cal, rules) = (&office.calendar, &office.rules);
    let mut cancelled_in_scope = 0;
    let mut actions = 0;
    for kind in PeriodKind::ALL {
        let period = Period {
            as_of: today,
            ..Period::holding(*kind, today)
        };
        assert_eq!(period.end(), today);
        let stored = office.items_at_end(&period).unwrap();
        // Items completed before the period are left out: the judging would leave them out.
        assert!(!stored.items.is_empty() && stored.items.len() <= 2_000);
        for by in GroupBy::ALL {
            let replayed = Bulletin::by_replay(&events, period, *by, cal, rules);
            let fast = Bulletin::compute_from(&stored, period, *by, cal, rules);
            assert!(replayed.total.in_scope() > 0, "{kind:?} {by:?}");
            assert_eq!(fast, replayed, "{kind:?} by {by:?}");
            cancelled_in_scope += replayed.total.cancelled;
            actions += replayed.actions.len();
            assert_eq!(
                Document::compute_from(&stored, period, *by, cal, rules),
                Document::by_replay(&events, period, *by, cal, rules),
                "{kind:?} document by {by:?}"
            );
        }
        assert_eq!(
            Scores::compute_from(
                &office.items_at_end(&Scores::read_period(&period)).unwrap(),
                &Scores::scored_before(
                    &office.items_at_end(&Scores::read_before(&period)).unwrap(),
                    &period,
                    cal,
                    rules
                ),
                &period,
                cal,
                rules
            ),
            Scores::by_replay(&events, &period, cal, rules),
            "{kind:?} scores"
        );
    }
    // The comparison covers cancellations and notes or commendations of the periods.
    assert!(cancelled_in_scope > 0 && actions > 0);
}

#[test]
fn a_period_ended_before_today_is_judged_as_of_its_end() {
    let (office, _folder) = sample_office();
    let october = Period::span(d("2026-10-01"), d("2026-10-31"));
    // `items_at_end` reads the days the store keeps on 31 October, which judge the period as
    // the history replayed to its end does (tests/report_asof.rs compares them item by item),
    // and not as the items stand today.
    let mut events: Vec<Recorded> = Vec::new();
    office.store.each_event(|e| events.push(e)).unwrap();
    let (cal, rules) = (&office.calendar, &office.rules);
    let replayed = ItemsAtEnd::replayed(&events, d("2026-10-31"));
    assert_eq!(
        Document::compute_from(
            &office.items_at_end(&october).unwrap(),
            october,
            GroupBy::Department,
            cal,
            rules
        ),
        Document::compute_from(&replayed, october, GroupBy::Department, cal, rules)
    );
    let today = ItemsAtEnd::replayed(&events, office.today());
    assert_ne!(
        Document::compute_from(&today, october, GroupBy::Department, cal, rules),
        Document::compute_from(&replayed, october, GroupBy::Department, cal, rules),
        "the sample office changed after October"
    );
}

//! The bulletin and the assessment computed as the store reads the items, one pass and nothing
//! kept but what they print (`BulletinParts`, `ScoreParts` over `Records::fold_items_as_of`,
//! what `duban report`, `duban score` and the report screen do), are what the items read all at
//! once give (`Document::compute_from`, `Scores::compute_from` of `Office::items_at_end`), on
//! the 2,000-item sample office in a file (read on two threads), for every grouping and period
//! kind at several dates; and parts filled from any split of the items, merged in either order,
//! are the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::ItemState;
use duban::report::judge::ItemsAtEnd;
use duban::report::render::Document;
use duban::report::score_parts::{ScoreParts, ScoredBefore};
use duban::report::{Bulletin, BulletinParts, GroupBy, Period, PeriodKind, Scores};
use duban::store::Store;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The sample office, in a file (so that the store reads on two connections).
fn sample_office(folder: &tempfile::TempDir) -> Office {
    let mut office = Office::new(
        Store::open(&folder.path().join("office.db")).unwrap(),
        Clock::Frozen(d("2026-11-25").and_hms_opt(9, 0, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 2_000, 2026).unwrap();
    office
}

/// The periods compared: each kind holding each day, as of that day (today's included).
fn periods() -> Vec<Period> {
    let mut out = Vec::new();
    for at in [
        "2025-12-31",
        "2026-03-31",
        "2026-06-30",
        "2026-10-31",
        "2026-11-25",
    ] {
        for kind in PeriodKind::ALL {
            out.push(Period::holding(*kind, d(at)));
        }
    }
    out.push(Period::span(d("2025-03-01"), d("2026-02-10")));
    out
}

/// Where `items` are cut in two: nowhere, after the first, in thirds, halves, before the last.
fn cuts(n: usize) -> [usize; 6] {
    [0, 1.min(n), n / 3, n / 2, n.saturating_sub(1), n]
}

/// Parts filled from `items` alone.
fn parts_of(
    office: &Office,
    period: Period,
    all: &ItemsAtEnd,
    items: &[ItemState],
) -> BulletinParts {
    let mut parts = BulletinParts::document(period, GroupBy::ALL);
    for item in items {
        let on = all.cancelled.get(&item.number).copied();
        parts.add(item, on, &office.calendar, &office.rules);
    }
    parts
}

#[test]
fn the_bulletin_counted_as_the_items_are_read_is_the_bulletin_of_all_the_items() {
    let folder = tempfile::tempdir().unwrap();
    let office = sample_office(&folder);
    let (cal, rules) = (&office.calendar, &office.rules);
    let (mut overdue, mut actions, mut rows) = (0, 0, 0);
    for period in periods() {
        let items = office.items_at_end(&period).unwrap();
        let want: Vec<Document> = GroupBy::ALL
            .iter()
            .map(|by| Document::compute_from(&items, period, *by, cal, rules))
            .collect();
        // As the command line counts them: read on two threads, every grouping at once.
        let docs = office
            .bulletin_parts(&period, GroupBy::ALL, true)
            .unwrap()
            .into_documents(GroupBy::ALL);
        assert_eq!(docs, want, "{period:?}");
        for (by, doc) in GroupBy::ALL.iter().zip(&want) {
            // As the report screen counts them: one grouping, no sources.
            let bulletin = office
                .bulletin_parts(&period, &[*by], false)
                .unwrap()
                .into_bulletin(*by);
            assert_eq!(bulletin, doc.bulletin, "{period:?} by {by:?}");
            assert_eq!(
                bulletin,
                Bulletin::compute_from(&items, period, *by, cal, rules)
            );
            // One grouping's document alone.
            let one = office
                .bulletin_parts(&period, &[*by], true)
                .unwrap()
                .into_document(*by);
            assert_eq!(&one, doc, "{period:?} document by {by:?}");
        }
        // Split anywhere, merged either way round (the second part's items before the first's).
        let n = items.items.len();
        for cut in cuts(n) {
            let (a, b) = items.items.split_at(cut);
            for merged in [
                parts_of(&office, period, &items, a).merge(parts_of(&office, period, &items, b)),
                parts_of(&office, period, &items, b).merge(parts_of(&office, period, &items, a)),
            ] {
                assert_eq!(
                    merged.into_documents(GroupBy::ALL),
                    want,
                    "{period:?} cut at {cut} of {n}"
                );
            }
        }
        // Every other item in each part, as a reader of every other id would.
        let even: Vec<ItemState> = items.items.iter().step_by(2).cloned().collect();
        let odd: Vec<ItemState> = items.items.iter().skip(1).step_by(2).cloned().collect();
        let merged =
            parts_of(&office, period, &items, &odd).merge(parts_of(&office, period, &items, &even));
        assert_eq!(
            merged.into_documents(GroupBy::ALL),
            want,
            "{period:?} interleaved"
        );
        let b = &want[0].bulletin;
        overdue += b.overdue.len();
        actions += b.actions.len() + b.instructions.len();
        rows += b.rows.len();
    }
    // The comparison covers overdue items, actions and rows.
    assert!(overdue > 0 && actions > 0 && rows > 0);
}

/// The scores of `period` from `before` (the items as they stood the day before it began) and
/// `items` (at its end, read for `Scores::read_period`), each cut in two at `cut` (a share of
/// each list) and the parts merged, the second part first when `reversed`.
fn scores_in_parts(
    office: &Office,
    period: &Period,
    before: &ItemsAtEnd,
    items: &ItemsAtEnd,
    cut: (usize, usize),
    reversed: bool,
) -> Scores {
    let (cal, rules) = (&office.calendar, &office.rules);
    let mut earlier = [ScoredBefore::default(), ScoredBefore::default()];
    for (at, item) in before.items.iter().enumerate() {
        let on = before.cancelled.get(&item.number).copied();
        earlier[usize::from(at * cut.1 >= cut.0 * before.items.len().max(1))]
            .add(item, on, period, cal, rules);
    }
    if reversed {
        earlier.reverse();
    }
    let scored_before = ScoredBefore::merged(earlier);
    let mut parts = [
        ScoreParts::new(*period, &rules.score),
        ScoreParts::new(*period, &rules.score),
    ];
    for (at, item) in items.items.iter().enumerate() {
        let on = items.cancelled.get(&item.number).copied();
        parts[usize::from(at * cut.1 >= cut.0 * items.items.len().max(1))].add(
            item,
            on,
            &scored_before,
            cal,
            rules,
        );
    }
    if reversed {
        parts.reverse();
    }
    ScoreParts::merged(parts).unwrap().into_scores()
}

#[test]
fn the_scores_counted_as_the_items_are_read_are_the_scores_of_all_the_items() {
    let folder = tempfile::tempdir().unwrap();
    let office = sample_office(&folder);
    let (cal, rules) = (&office.calendar, &office.rules);
    let mut lines = 0;
    for at in ["2025-12-31", "2026-06-30", "2026-11-25"] {
        for kind in [PeriodKind::Year, PeriodKind::Quarter] {
            let period = Period::holding(kind, d(at));
            let before = office.items_at_end(&Scores::read_before(&period)).unwrap();
            let items = office.items_at_end(&Scores::read_period(&period)).unwrap();
            let want = Scores::compute_from(
                &items,
                &Scores::scored_before(&before, &period, cal, rules),
                &period,
                cal,
                rules,
            );
            // As `duban score` counts them: read on two threads.
            assert_eq!(office.scores(&period).unwrap(), want, "{kind:?} as of {at}");
            // Cut at nothing, a third, a half, everything; merged either way round.
            for cut in [(0, 1), (1, 3), (1, 2), (1, 1)] {
                for reversed in [false, true] {
                    assert_eq!(
                        scores_in_parts(&office, &period, &before, &items, cut, reversed),
                        want,
                        "{kind:?} as of {at}, cut {cut:?}, reversed {reversed}"
                    );
                }
            }
            lines += want
                .departments
                .iter()
                .map(|d| d.lines.len())
                .sum::<usize>();
        }
    }
    assert!(lines > 1_000, "{lines} lines compared");
}

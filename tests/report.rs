//! The bulletin's and the assessment's figures for a small office whose every number was worked
//! out by hand, and the bulletin of a past period printed again later.
//!
//! The office, October 2026 (working days: 10-08 … 10-10, 10-12 … 10-16, 10-19 … 10-23,
//! 10-26 … 10-30; 10-01 … 10-07 are the National Day holiday, 10-10 a make-up Saturday):
//!
//! | item | lead | registered | deadline | what happens | October |
//! |---|---|---|---|---|---|
//! | I1 | 住建局, co 财政局 | 09-21 | 10-20 | submitted 10-15, approved 10-16 | on time |
//! | I2 | 住建局 | 09-21 | 10-10 | criticised 10-15; submitted 10-21, approved 10-22 | late, 8 wd |
//! | I3 | 水利局, co 财政局 | 10-09 | 10-20 | urged 10-22; still in progress | overdue, 8 wd |
//! | I4 | 水利局 | 10-12 | 11-20 | in progress | not yet due |
//! | I5 | 水利局 | 10-12 | none | in progress | no deadline |
//! | I6 | 住建局 | 09-24 | 10-16 | suspended 10-14 | not yet due, suspended |
//! | I7 | 水利局 | 09-22 | 10-16 | extended to 10-30 (asked 10-12, approved 10-13); submitted 10-28, approved 10-29 | on time |
//! | I8 | 住建局 | 09-22 | 10-23 | submitted 10-20, returned 10-22, submitted 10-26, approved 10-27 | late, 1 wd |
//! | I9 | 住建局 | 09-01 | 09-18 | submitted 09-16, approved 09-17 | out of October's scope |
//! | I10 | 水利局 | 09-24 | 10-30 | cancelled 10-09 | cancelled |
//!
//! I1 is commended on 10-17 (+1).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod office;
use office::{Office, d, office};

use duban::domain::{Level, Move, Rules, WorkCalendar};
use duban::report::figures::shown_rate;
use duban::report::score::ScoreReason;
use duban::report::{Bulletin, GroupBy, Period, PeriodKind, Scores};
use duban::store::Records;

fn october(as_of: &str) -> Period {
    Period {
        as_of: d(as_of),
        ..Period::holding(PeriodKind::Month, d("10-15"))
    }
}

fn bulletin(o: &Office, period: Period, by: GroupBy) -> Bulletin {
    Bulletin::by_replay(
        &o.events(),
        period,
        by,
        &WorkCalendar::default(),
        &Rules::default(),
    )
}

#[test]
fn octobers_figures_are_the_hand_computed_ones() {
    let (o, _) = office();
    let b = bulletin(&o, october("11-01"), GroupBy::Department);
    let row = |key: &str| b.rows.iter().find(|r| r.key == key).unwrap().tally.clone();
    // 住建局: I1 on time, I2 late (8 wd), I6 suspended before its deadline (a class of its own,
    // not in progress), I8 late (1 wd); all carried over from September. I9 was completed
    // before October: out of scope.
    let z = row("住建局");
    assert_eq!((z.in_scope(), z.new_in_period, z.carried_over), (4, 0, 4));
    assert_eq!(
        (
            z.on_time,
            z.late,
            z.open_not_due,
            z.open_overdue,
            z.suspended
        ),
        (1, 2, 0, 0, 1)
    );
    assert_eq!(
        (z.completed(), z.in_progress(), z.overdue_open()),
        (3, 0, 0)
    );
    assert_eq!(shown_rate(z.on_time_rate()), "33.3%");
    assert_eq!(shown_rate(z.overdue_rate()), "66.7%");
    assert_eq!(shown_rate(z.completion_rate()), "75.0%");
    assert_eq!(z.working_days_late, 9);
    assert_eq!(z.average_working_days_late(), Some(4.5));
    assert_eq!(z.notes_by_level[Level::Criticism.rank() - 1], 1);
    assert_eq!(z.commendations, 1);
    // 水利局: I3 overdue (8 wd), I4 not due, I5 no deadline (all three new), I7 on time after
    // its approved extension, I10 cancelled.
    let s = row("水利局");
    assert_eq!((s.in_scope(), s.new_in_period, s.carried_over), (5, 3, 2));
    assert_eq!(
        (
            s.on_time,
            s.late,
            s.open_overdue,
            s.open_not_due,
            s.no_deadline(),
            s.cancelled
        ),
        (1, 0, 1, 1, 1, 1)
    );
    assert_eq!(shown_rate(s.on_time_rate()), "50.0%");
    assert_eq!(shown_rate(s.completion_rate()), "25.0%");
    assert_eq!(s.average_working_days_late(), Some(8.0));
    assert_eq!(s.notes_by_level[Level::Urging.rank() - 1], 1);
    // In total.
    let t = &b.total;
    assert_eq!(t.in_scope(), 9);
    assert_eq!(
        (
            t.on_time,
            t.late,
            t.open_overdue,
            t.open_not_due,
            t.no_deadline(),
            t.suspended,
            t.cancelled
        ),
        (2, 2, 1, 1, 1, 1, 1)
    );
    assert_eq!(shown_rate(t.on_time_rate()), "40.0%");
    assert_eq!(shown_rate(t.completion_rate()), "50.0%");
    assert_eq!(t.working_days_late, 17);
    // Ranking: on-time rate first.
    let ranking: Vec<&str> = b.ranking.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(ranking, ["水利局", "住建局"]);
    // The overdue list and the period's actions.
    assert_eq!(b.overdue.len(), 1);
    assert_eq!(b.overdue[0].working_days_late, 8);
    let actions: Vec<_> = b.actions.iter().map(|a| (a.on_date, a.level)).collect();
    assert_eq!(
        actions,
        [
            (d("10-15"), Some(Level::Criticism)),
            (d("10-17"), None),
            (d("10-22"), Some(Level::Urging)),
        ]
    );
}

#[test]
fn a_meeting_says_how_many_of_its_items_were_completed() {
    let (o, _) = office();
    let b = bulletin(&o, october("11-01"), GroupBy::Source);
    let meeting = &b
        .rows
        .iter()
        .find(|r| r.key == "第6次常务会议")
        .unwrap()
        .tally;
    // I1, I2, I6, I7, I8, I10: four completed, one suspended, one cancelled.
    assert_eq!(
        (
            meeting.in_scope(),
            meeting.completed(),
            meeting.in_progress(),
            meeting.suspended,
            meeting.cancelled
        ),
        (6, 4, 0, 1, 1)
    );
    assert_eq!(shown_rate(meeting.completion_rate()), "80.0%");
    let co = bulletin(&o, october("11-01"), GroupBy::CoDepartment);
    let finance = &co.rows.iter().find(|r| r.key == "财政局").unwrap().tally;
    assert_eq!((finance.on_time, finance.open_overdue), (1, 1));
    let kinds = bulletin(&o, october("11-01"), GroupBy::SourceKind);
    assert_eq!(kinds.rows.len(), 1);
    assert_eq!(kinds.rows[0].key, "meeting");
}

#[test]
fn an_empty_denominator_shows_a_dash_never_zero() {
    let (o, _) = office();
    // August: nothing registered yet.
    let august = Period::holding(PeriodKind::Month, d("08-15"));
    let b = bulletin(&o, august, GroupBy::Department);
    assert!(b.rows.is_empty());
    assert_eq!(b.total.on_time_rate(), None);
    assert_eq!(shown_rate(b.total.completion_rate()), "—");
}

#[test]
fn octobers_bulletin_gives_the_same_figures_when_printed_again_later() {
    let (mut o, n) = office();
    let then = bulletin(&o, october("11-01"), GroupBy::Department);
    // November: I3 is completed late, I4's extension is approved, and an urging made by
    // mistake is undone.
    o.mv("11-05", n[2], Move::Submit);
    o.mv("11-06", n[2], Move::Approve);
    o.on("11-09", |w| {
        w.request_extension(n[3], d("11-27"), "等待资金")
    });
    o.on("11-10", |w| w.decide_extension(n[3], true));
    o.note("11-11", n[4], Level::Reminder);
    o.on("11-11", |w| w.undo());
    let again = bulletin(&o, october("12-01"), GroupBy::Department);
    assert_eq!(again.rows, then.rows);
    assert_eq!(again.total, then.total);
    assert_eq!(again.ranking, then.ranking);
    assert_eq!(again.overdue, then.overdue);
    assert_eq!(again.actions, then.actions);
    // November's own bulletin does see the late completion.
    let november = bulletin(
        &o,
        Period::holding(PeriodKind::Month, d("11-30")),
        GroupBy::Department,
    );
    let s = &november
        .rows
        .iter()
        .find(|r| r.key == "水利局")
        .unwrap()
        .tally;
    assert_eq!(s.late, 1);
}

#[test]
fn the_years_scores_are_explained_line_by_line() {
    let (o, n) = office();
    let year = Period {
        as_of: d("10-31"),
        ..Period::holding(PeriodKind::Year, d("10-31"))
    };
    let scores = Scores::by_replay(
        &o.events(),
        &year,
        &WorkCalendar::default(),
        &Rules::default(),
    );
    let of = |dept: &str| {
        scores
            .departments
            .iter()
            .find(|s| s.department == dept)
            .unwrap()
    };
    // 住建局: 80 + I1 on time 2 + I9 on time 2 − I2 late 5 − I8 late 5 − criticism 1 +
    // commendation 1 = 74.
    assert_eq!(of("住建局").score, 74.0);
    // 水利局: 80 − I3 overdue 5 + I7 on time 2 = 77.
    assert_eq!(of("水利局").score, 77.0);
    // 财政局 (co-department only): 80 + I1 1 − I3 2.5 = 78.5.
    assert_eq!(of("财政局").score, 78.5);
    let order: Vec<&str> = scores
        .departments
        .iter()
        .map(|s| s.department.as_str())
        .collect();
    assert_eq!(order, ["财政局", "水利局", "住建局"]);
    let lines: Vec<_> = of("住建局")
        .lines
        .iter()
        .map(|l| (l.number, l.reason, l.points))
        .collect();
    assert!(
        lines.contains(&(Some(n[0]), ScoreReason::OnTimeLead, 2.0)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(Some(n[1]), ScoreReason::Criticism, -1.0)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(Some(n[0]), ScoreReason::Commendation, 1.0)),
        "{lines:?}"
    );
    let total: f64 = scores.base + of("住建局").lines.iter().map(|l| l.points).sum::<f64>();
    assert_eq!(total, of("住建局").score);
}

/// On the day after the office's last event, this week's, month's, quarter's and year's
/// bulletin (every grouping) and scores judged from the stored rows are those of the replay.
#[test]
fn the_days_kept_judge_the_periods_ending_today_as_the_replay_does() {
    use duban::report::judge::ItemsAtEnd;
    let (o, _) = office();
    let events = o.events();
    let today = d("10-30");
    assert!(events.iter().all(|e| e.on_date < today));
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    for kind in PeriodKind::ALL {
        let period = Period {
            as_of: today,
            ..Period::holding(*kind, today)
        };
        let (items, cancelled) = o.store.items_as_of(period.from, period.end()).unwrap();
        let stored = ItemsAtEnd::kept(items, cancelled);
        for by in GroupBy::ALL {
            let replayed = Bulletin::by_replay(&events, period, *by, &cal, &rules);
            assert!(replayed.total.in_scope() > 0, "{kind:?} {by:?}");
            assert_eq!(
                Bulletin::compute_from(&stored, period, *by, &cal, &rules),
                replayed,
                "{kind:?} by {by:?}"
            );
        }
        let kept = |read: Period| {
            let (items, cancelled) = o.store.items_as_of(read.from, read.end()).unwrap();
            ItemsAtEnd::kept(items, cancelled)
        };
        let before = kept(Scores::read_before(&period));
        assert_eq!(
            Scores::compute_from(
                &kept(Scores::read_period(&period)),
                &Scores::scored_before(&before, &period, &cal, &rules),
                &period,
                &cal,
                &rules
            ),
            Scores::by_replay(&events, &period, &cal, &rules),
            "{kind:?} scores"
        );
    }
}

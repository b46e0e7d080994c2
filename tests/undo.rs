//! Undo and redo: random sequences of decisions, then undo all of them, give back exactly the
//! database the clerk started from (versions aside, which only ever rise); redo gives back the
//! state after them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use chrono::NaiveDate;
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::item::{FeedbackKind, ItemNumber};
use duban::domain::{Level, Move};
use duban::store::{ItemEdit, ListFilter, NewFeedback, NewNote, Store};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn office(path: &Path, actor: &str) -> Office {
    Office::new(
        Store::open(path).unwrap(),
        Clock::Frozen(today().and_hms_opt(10, 0, 0).unwrap()),
        actor.into(),
    )
}

/// Everything a decision can change, as text, with item versions left out.
fn state(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT id, status, suspended_from, assigned_on, completed_on, closed_on, deadline, \
         last_feedback_on, last_percent, last_note_on, top_level, next_milestone_due, snoozed_until, \
         snooze_reason, title, requirement, owner, source_ref, cadence, major, difficult, important, \
         leader_concerned, urgent FROM items ORDER BY id",
        "SELECT * FROM feedback ORDER BY id",
        "SELECT * FROM notes ORDER BY id",
        "SELECT * FROM extensions ORDER BY id",
        "SELECT * FROM milestones ORDER BY id",
        "SELECT * FROM commendations ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[derive(Debug, Clone)]
enum Decision {
    Urge,
    Feedback(u8),
    Extend(u32),
    DecideExtension(bool),
    Move(usize),
    Snooze(u32),
    Milestone,
    MilestoneDone,
    Edit,
    Commend,
}

fn decision() -> impl Strategy<Value = Decision> {
    prop_oneof![
        Just(Decision::Urge),
        (0u8..=100).prop_map(Decision::Feedback),
        (1u32..30).prop_map(Decision::Extend),
        any::<bool>().prop_map(Decision::DecideExtension),
        (0usize..4).prop_map(Decision::Move),
        (1u32..20).prop_map(Decision::Snooze),
        Just(Decision::Milestone),
        Just(Decision::MilestoneDone),
        Just(Decision::Edit),
        Just(Decision::Commend),
    ]
}

/// Applies a decision to the given items in one transaction (one undo step). Refusals (an
/// illegal move, an extension on a late item) leave nothing, as for a clerk.
fn apply(office: &mut Office, numbers: &[ItemNumber], d: &Decision) -> bool {
    let today = today();
    office
        .write(|w| {
            for &n in numbers {
                match d {
                    Decision::Urge => {
                        let note = NewNote {
                            level: Level::Urging,
                            target: "市财政局".into(),
                            reason: "逾期未反馈".into(),
                            points: None,
                            requirement: "三日内报送".into(),
                        };
                        w.add_note(n, &note, None)?;
                    }
                    Decision::Feedback(p) => {
                        let fb = NewFeedback {
                            text: "进展".into(),
                            percent: Some(*p),
                            reporter: "张三".into(),
                            kind: FeedbackKind::Progress,
                        };
                        w.add_feedback(n, &fb, None)?;
                    }
                    Decision::Extend(days) => {
                        let row = w.item(n)?;
                        let to =
                            row.deadline.unwrap_or(today) + chrono::Days::new(u64::from(*days));
                        w.request_extension(n, to, "需要协调")?;
                    }
                    Decision::DecideExtension(approve) => {
                        w.decide_extension(n, *approve)?;
                    }
                    Decision::Move(i) => {
                        let row = w.item(n)?;
                        let moves = row.status.allowed_moves();
                        // A finished item allows no move: asking for one is refused like a clerk's.
                        let mv = moves
                            .get(i % moves.len().max(1))
                            .copied()
                            .unwrap_or(Move::Assign);
                        let reason = mv.needs_reason().then_some("理由");
                        w.apply_move(n, mv, reason, None)?;
                    }
                    Decision::Snooze(days) => {
                        w.snooze(
                            n,
                            Some(today + chrono::Days::new(u64::from(*days))),
                            "等待会议",
                            None,
                        )?;
                    }
                    Decision::Milestone => {
                        w.add_milestone(n, "阶段任务", today + chrono::Days::new(10))?;
                    }
                    Decision::MilestoneDone => {
                        w.complete_milestone(n, 1)?;
                    }
                    Decision::Edit => {
                        let row = w.item(n)?;
                        let edit = ItemEdit {
                            title: format!("{}（修订）", row.title),
                            requirement: "新要求".into(),
                            owner: "李四".into(),
                            source_ref: row.source_ref.clone(),
                            flags: row.flags,
                            urgent: !row.urgent,
                            cadence: row.cadence,
                        };
                        w.edit_item(n, &edit, None)?;
                    }
                    Decision::Commend => {
                        let c = duban::store::NewCommendation {
                            target: String::new(),
                            reason: "提前完成".into(),
                            points: 1.0,
                        };
                        w.add_commendation(n, &c, None)?;
                    }
                }
            }
            Ok(())
        })
        .is_ok()
}

fn open_numbers(office: &Office) -> Vec<ItemNumber> {
    let mut listed: Vec<_> = office
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|l| l.row.number)
        .collect();
    listed.sort();
    listed
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_the_start_and_redo_all_the_end(
        steps in proptest::collection::vec((decision(), 0usize..40, 1usize..4), 1..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.db");
        let mut setup = office(&path, "系统");
        duban::cli::fill_demo(&mut setup, 40, 11).unwrap();
        drop(setup);
        let mut clerk = office(&path, "督查员");
        let numbers = open_numbers(&clerk);
        let start = state(&path);
        let mut applied = 0;
        for (d, first, count) in &steps {
            let chosen: Vec<_> = numbers.iter().cycle().skip(*first).take(*count).copied().collect();
            // A decision that changes nothing (a milestone already done) is no undo step.
            let before = state(&path);
            if apply(&mut clerk, &chosen, d) && state(&path) != before {
                applied += 1;
            }
        }
        let end = state(&path);
        for _ in 0..applied {
            let undone = clerk.write(|w| w.undo()).unwrap();
            prop_assert!(undone.is_some());
        }
        prop_assert_eq!(&state(&path), &start);
        // Nothing more of this clerk's to undo: the sample office was another actor's.
        prop_assert!(clerk.write(|w| w.undo()).unwrap().is_none());
        for _ in 0..applied {
            prop_assert!(clerk.write(|w| w.redo()).unwrap().is_some());
        }
        prop_assert_eq!(&state(&path), &end);
        prop_assert!(clerk.write(|w| w.redo()).unwrap().is_none());
    }
}

#[test]
fn a_bulk_decision_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut setup = office(&path, "系统");
    duban::cli::fill_demo(&mut setup, 30, 5).unwrap();
    drop(setup);
    let mut clerk = office(&path, "督查员");
    let numbers = open_numbers(&clerk);
    let start = state(&path);
    assert!(apply(&mut clerk, &numbers[..5], &Decision::Urge));
    let after = state(&path);
    assert_ne!(after, start);
    let reversal = clerk.write(|w| w.undo()).unwrap().unwrap();
    assert_eq!(reversal.items.len(), 5);
    assert_eq!(state(&path), start);
}

#[test]
fn undo_is_per_clerk_and_refuses_to_clobber_a_later_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut setup = office(&path, "系统");
    duban::cli::fill_demo(&mut setup, 30, 5).unwrap();
    drop(setup);
    let mut mine = office(&path, "甲");
    let mut theirs = office(&path, "乙");
    let n = open_numbers(&mine)[0];
    assert!(apply(&mut mine, &[n], &Decision::Feedback(40)));
    assert!(apply(&mut theirs, &[n], &Decision::Urge));
    // Their note touched other columns: my feedback can still be taken back alone.
    assert!(mine.write(|w| w.undo()).unwrap().is_some());
    assert!(mine.write(|w| w.redo()).unwrap().is_some());
    assert!(apply(&mut theirs, &[n], &Decision::Feedback(90)));
    // Now my undo would put back a percent the other clerk has since replaced.
    let err = mine.write(|w| w.undo()).unwrap_err();
    // The refusal names who changed what since.
    match &err {
        duban::Error::ChangedSince(c) => {
            assert_eq!((c.by.as_str(), c.undo), ("乙", true));
            assert_eq!(c.number.as_deref(), Some(n.to_string().as_str()));
            assert_eq!(c.what, duban::domain::history::EventCode::FeedbackAdded);
        }
        other => panic!("expected ChangedSince, got {other:?}"),
    }
    // Theirs is theirs to undo, and then mine goes through.
    assert!(theirs.write(|w| w.undo()).unwrap().is_some());
    assert!(mine.write(|w| w.undo()).unwrap().is_some());
}

#[test]
fn registration_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut clerk = office(&path, "督查员");
    let new = duban::app::input::ItemInput {
        title: "事项".into(),
        lead: "市财政局".into(),
        ..Default::default()
    }
    .check(today(), &clerk.calendar, &clerk.rules)
    .unwrap();
    clerk.write(|w| w.add_item(&new)).unwrap();
    let err = clerk.write(|w| w.undo()).unwrap_err();
    assert!(matches!(err, duban::Error::NotReversible(_)), "{err}");
}

/// A refused undo carries the kind of the last action as a kind (not as text the application
/// would parse back): the core words it by its code, and the application hands the same kind
/// to the interface.
#[test]
fn a_refused_undo_names_the_kind_of_the_last_action() {
    use duban::domain::history::EventCode;
    for &kind in EventCode::ALL {
        let text = duban::Error::NotReversible(kind).to_string();
        if matches!(
            kind,
            EventCode::ItemRegistered | EventCode::DepartmentCreated
        ) {
            assert_eq!(
                text,
                "the last action registered an item, which undo does not take back; cancel the item instead"
            );
        } else {
            assert_eq!(
                text,
                format!(
                    "the last action ({}) cannot be undone; change the item instead",
                    kind.code()
                )
            );
        }
        let failure = duban::app::Failure::from(duban::Error::NotReversible(kind));
        assert!(
            matches!(failure, duban::app::Failure::NotReversible(k) if k == kind),
            "{kind:?}: {failure:?}"
        );
    }
}

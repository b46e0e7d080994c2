//! Replaying the whole history rebuilds each item's records as the store holds them, also after
//! undo and redo of every kind of record: a redo puts back the record its event added, which the
//! replay keeps of each event it has seen (only that record, not the whole event: replaying the
//! 700,000 events of a 100,000-item office is benchmarked, `benches/duban.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::{EventKind, ItemState, Recorded, Replayed, replay};
use duban::domain::item::FeedbackKind;
use duban::domain::{Level, Status};
use duban::store::{ItemDetail, ListFilter, NewFeedback, NewNote, Records, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// An item's records as text, each kind sorted by id: what the replay and the store must agree on.
fn replayed_records(s: &ItemState) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut feedback: Vec<_> = s.feedback.iter().collect();
    feedback.sort_by_key(|f| f.id);
    out.extend(feedback.iter().map(|f| {
        format!(
            "feedback {} {} {} {} {:?} {:?}",
            f.id, f.on_date, f.reporter, f.text, f.percent, f.kind
        )
    }));
    let mut notes: Vec<_> = s.notes.iter().collect();
    notes.sort_by_key(|n| n.id);
    out.extend(notes.iter().map(|n| {
        format!(
            "note {} {} {:?} {} {} {:?} {}",
            n.id, n.on_date, n.level, n.target, n.reason, n.points, n.requirement
        )
    }));
    let mut milestones: Vec<_> = s.milestones.iter().collect();
    milestones.sort_by_key(|m| m.id);
    out.extend(milestones.iter().map(|m| {
        format!(
            "milestone {} {} {} {:?}",
            m.id, m.title, m.due_on, m.done_on
        )
    }));
    let mut extensions: Vec<_> = s.extensions.iter().collect();
    extensions.sort_by_key(|x| x.id);
    out.extend(extensions.iter().map(|x| {
        format!(
            "extension {} {} {:?} {} {} {:?} {:?}",
            x.id,
            x.requested_on,
            x.old_deadline,
            x.new_deadline,
            x.reason,
            x.decision,
            x.decided_on
        )
    }));
    out.push(format!(
        "status {:?} deadline {:?} next milestone {:?} version {}",
        s.status, s.deadline, s.next_milestone_due, s.version
    ));
    out
}

fn stored_records(d: &ItemDetail) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut feedback: Vec<_> = d.feedback.iter().collect();
    feedback.sort_by_key(|f| f.id);
    out.extend(feedback.iter().map(|f| {
        format!(
            "feedback {} {} {} {} {:?} {:?}",
            f.id, f.on_date, f.reporter, f.text, f.percent, f.kind
        )
    }));
    let mut notes: Vec<_> = d.notes.iter().collect();
    notes.sort_by_key(|n| n.id);
    out.extend(notes.iter().map(|n| {
        format!(
            "note {} {} {:?} {} {} {:?} {}",
            n.id, n.on_date, n.level, n.target, n.reason, n.points, n.requirement
        )
    }));
    let mut milestones: Vec<_> = d.milestones.iter().collect();
    milestones.sort_by_key(|m| m.id);
    out.extend(milestones.iter().map(|m| {
        format!(
            "milestone {} {} {} {:?}",
            m.id, m.title, m.due_on, m.done_on
        )
    }));
    let mut extensions: Vec<_> = d.extensions.iter().collect();
    extensions.sort_by_key(|x| x.id);
    out.extend(extensions.iter().map(|x| {
        format!(
            "extension {} {} {:?} {} {} {:?} {:?}",
            x.id,
            x.requested_on,
            Some(x.old_deadline),
            x.new_deadline,
            x.reason,
            x.decision,
            x.decided_on
        )
    }));
    out.push(format!(
        "status {:?} deadline {:?} next milestone {:?} version {}",
        d.row.status, d.row.deadline, d.row.next_milestone_due, d.row.version
    ));
    out
}

#[test]
fn a_replay_rebuilds_every_record_undone_and_redone() {
    let store = Store::open_in_memory().unwrap();
    let clock = Clock::Frozen(today().and_hms_opt(10, 0, 0).unwrap());
    let mut office = Office::new(store, clock, "测试员".into());
    duban::cli::fill_demo(&mut office, 300, 2026).unwrap();

    // An item in progress with its deadline ahead, so that an extension can be asked for.
    let running = office.store.items(&ListFilter::default(), today()).unwrap();
    let row = running
        .iter()
        .find(|r| {
            r.status == Status::InProgress && r.deadline.is_some_and(|d| d > today() + Days::new(5))
        })
        .expect("an item in progress with a deadline ahead");
    let n = row.number;
    let deadline = row.deadline.unwrap();
    let milestone_no = office.store.item_detail(n).unwrap().milestones.len() as i64 + 1;

    let note = NewNote {
        level: Level::Urging,
        target: "市财政局".into(),
        reason: "逾期未反馈".into(),
        points: None,
        requirement: "三日内报送".into(),
    };
    let feedback = NewFeedback {
        text: "进展：\"第一阶段\"完成\n下一步".into(),
        percent: Some(40),
        reporter: "张三".into(),
        kind: FeedbackKind::Progress,
    };
    // Six decisions, one of each kind of record, each its own undo step.
    office
        .write(|w| w.add_feedback(n, &feedback, None))
        .unwrap();
    office.write(|w| w.add_note(n, &note, None)).unwrap();
    office
        .write(|w| w.add_milestone(n, "阶段任务", today() + Days::new(10)))
        .unwrap();
    office
        .write(|w| w.complete_milestone(n, milestone_no))
        .unwrap();
    office
        .write(|w| w.request_extension(n, deadline + Days::new(20), "需要协调"))
        .unwrap();
    office.write(|w| w.decide_extension(n, true)).unwrap();
    // The records, without the last line (the version, which undo and redo raise).
    let records = |office: &Office| {
        let mut lines = stored_records(&office.store.item_detail(n).unwrap());
        lines.pop();
        lines
    };
    let after_all = records(&office);

    // All six taken back, all six done again, the last three taken back again.
    for _ in 0..6 {
        office.write(|w| w.undo()).unwrap().expect("an undo");
    }
    for _ in 0..6 {
        office.write(|w| w.redo()).unwrap().expect("a redo");
    }
    assert_eq!(
        records(&office),
        after_all,
        "redo gives back what the six decisions made"
    );
    for _ in 0..3 {
        office.write(|w| w.undo()).unwrap().expect("an undo");
    }

    let mut replayed = Replayed::default();
    office.store.each_event(|e| replayed.apply(&e)).unwrap();

    let state = &replayed.items[&n];
    assert!(
        state.feedback.iter().any(|f| f.text == feedback.text),
        "the feedback redone is back"
    );
    assert!(
        state
            .milestones
            .iter()
            .any(|m| m.title == "阶段任务" && m.done_on.is_none()),
        "the milestone redone is back, its completion taken back again"
    );
    assert!(
        state.extensions.iter().all(|x| x.reason != "需要协调"),
        "the extension taken back again is gone"
    );

    // Every item of the office, the one decided on included, as the store holds it.
    let every = ListFilter {
        all: true,
        ..ListFilter::default()
    };
    let rows = office.store.items(&every, today()).unwrap();
    assert_eq!(rows.len(), replayed.items.len());
    for row in rows {
        let detail = office.store.item_detail(row.number).unwrap();
        assert_eq!(
            replayed_records(&replayed.items[&row.number]),
            stored_records(&detail),
            "item {}",
            row.number
        );
    }
}

/// Events handed over with ids that do not rise (the order is still the order recorded) are
/// replayed as the same events with rising ids: an undo still finds the event it names.
#[test]
fn ids_that_do_not_rise_replay_the_same() {
    let store = Store::open_in_memory().unwrap();
    let clock = Clock::Frozen(today().and_hms_opt(10, 0, 0).unwrap());
    let mut office = Office::new(store, clock, "测试员".into());
    duban::cli::fill_demo(&mut office, 50, 2026).unwrap();
    let overdue = ListFilter {
        overdue: true,
        ..ListFilter::default()
    };
    let n = office.store.items(&overdue, today()).unwrap()[0].number;
    let feedback = NewFeedback {
        text: "进展".into(),
        percent: Some(60),
        reporter: "张三".into(),
        kind: FeedbackKind::Progress,
    };
    for _ in 0..3 {
        office
            .write(|w| w.add_feedback(n, &feedback, None))
            .unwrap();
    }
    for _ in 0..2 {
        office.write(|w| w.undo()).unwrap().expect("an undo");
    }
    office.write(|w| w.redo()).unwrap().expect("a redo");

    let history = office.store.history(n).unwrap();
    let falling: Vec<Recorded> = history
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.id = 1_000_000 - e.id;
            if let EventKind::Reversed(r) = &mut e.kind {
                r.of_event = 1_000_000 - r.of_event;
            }
            e
        })
        .collect();
    let stored = office.store.item_detail(n).unwrap().feedback.len();
    let rising = replay(&history, None).unwrap();
    assert_eq!(
        rising.feedback.len(),
        stored,
        "the feedback the store holds, the one put back included"
    );
    assert_eq!(replay(&falling, None).unwrap(), rising);
}

//! The typed history: the canonical encoding's bytes (golden), decoding gives back what was
//! encoded, and replaying an item's events gives the stored item — now, and as it stood at the
//! end of any earlier day — for random histories and for every item of a sample office.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use duban::domain::extension::ExtensionDecision;
use duban::domain::history::{
    Change, Changes, Column, EventCode, EventKind, ItemChange, ItemState, Origin, Registered,
    Reversed, Value, replay, replay_all,
};
use duban::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use duban::domain::{Level, Move, Status};
use duban::store::event_codec::{decode, encode};
use duban::store::{Backend, Ctx, ItemDetail, NewFeedback, NewItem, NewNote, Records, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn n(seq: u32) -> ItemNumber {
    ItemNumber { year: 2026, seq }
}

fn change(column: Column, before: Value, after: Value) -> Change {
    Change {
        column,
        before,
        after,
    }
}

fn text(t: &str) -> Value {
    Value::Text(t.into())
}

fn on(changes: Vec<Change>) -> ItemChange {
    ItemChange {
        number: n(17),
        version: 4,
        changes: Changes(changes),
    }
}

/// One event of every kind, with the bytes the canonical encoding gives it. These bytes are the
/// format of the `data` column: they may never change for an existing kind (old files are read
/// with them, and the audit chain will hash them).
fn golden() -> Vec<(EventKind, &'static str)> {
    vec![
        (
            EventKind::DepartmentCreated {
                id: 3,
                name: "住建局".into(),
            },
            r#"{"id":3,"name":"住建局"}"#,
        ),
        (
            EventKind::ItemRegistered(Box::new(Registered {
                number: n(17),
                title: "老旧小区改造 \"二期\"".into(),
                requirement: "两行\n要求".into(),
                source_kind: SourceKind::Instruction,
                source_ref: "办发〔2026〕12号".into(),
                instruction: Some("请抓紧办理".into()),
                leader: Some("王市长".into()),
                lead_department: "住建局".into(),
                co_departments: vec!["财政局".into(), "自然资源局".into()],
                owner: "李明".into(),
                flags: Flags {
                    major: true,
                    difficult: false,
                    important: false,
                    leader: true,
                },
                urgent: true,
                cadence: Cadence::Weekly,
                deadline: Some(d("2026-12-18")),
                no_deadline_reason: None,
                status: Status::Registered,
                registered_on: d("2026-11-25"),
                origin: None,
            })),
            r#"{"number":"2026-017","title":"老旧小区改造 \"二期\"","requirement":"两行\n要求","source_kind":"instruction","source_ref":"办发〔2026〕12号","instruction":"请抓紧办理","leader":"王市长","lead_department":"住建局","co_departments":["财政局","自然资源局"],"owner":"李明","major":true,"difficult":false,"important":false,"leader_concerned":true,"urgent":true,"cadence":"weekly","deadline":"2026-12-18","no_deadline_reason":null,"status":"registered","registered_on":"2026-11-25"}"#,
        ),
        (
            // An item imported from a ledger: its origin follows, and only then.
            EventKind::ItemRegistered(Box::new(Registered {
                number: n(18),
                title: "河道\"清淤\"".into(),
                requirement: String::new(),
                source_kind: SourceKind::Meeting,
                source_ref: "第6次常务会议".into(),
                instruction: None,
                leader: None,
                lead_department: "水利局".into(),
                co_departments: Vec::new(),
                owner: String::new(),
                flags: Flags::default(),
                urgent: false,
                cadence: Cadence::Once,
                deadline: None,
                no_deadline_reason: Some("台账未载明办理时限".into()),
                status: Status::Registered,
                registered_on: d("2026-11-25"),
                origin: Some(Origin {
                    file: "督办台账 \"11月\".xlsx".into(),
                    sheet: "重点工作".into(),
                    row: 5,
                }),
            })),
            r#"{"number":"2026-018","title":"河道\"清淤\"","requirement":"","source_kind":"meeting","source_ref":"第6次常务会议","instruction":null,"leader":null,"lead_department":"水利局","co_departments":[],"owner":"","major":false,"difficult":false,"important":false,"leader_concerned":false,"urgent":false,"cadence":"once","deadline":null,"no_deadline_reason":"台账未载明办理时限","status":"registered","registered_on":"2026-11-25","origin":{"file":"督办台账 \"11月\".xlsx","sheet":"重点工作","row":5}}"#,
        ),
        (
            EventKind::StatusChanged {
                mv: Move::Acknowledge,
                from: Status::Assigned,
                to: Status::Acknowledged,
                reason: None,
                suspended_working_days: None,
                by: Some("住建局 王五".into()),
                on: on(vec![change(
                    Column::Status,
                    text("assigned"),
                    text("acknowledged"),
                )]),
            },
            r#"{"move":"acknowledge","from":"assigned","to":"acknowledged","reason":null,"by":"住建局 王五","number":"2026-017","version":4,"before":{"status":"assigned"},"after":{"status":"acknowledged"}}"#,
        ),
        (
            EventKind::StatusChanged {
                mv: Move::Resume,
                from: Status::Suspended,
                to: Status::InProgress,
                reason: None,
                suspended_working_days: Some(5),
                by: None,
                on: on(vec![
                    change(Column::Status, text("suspended"), text("in_progress")),
                    change(Column::SuspendedFrom, text("in_progress"), Value::Null),
                    change(Column::ResumedOn, Value::Null, text("2026-11-25")),
                    change(Column::Deadline, text("2026-12-10"), text("2026-12-17")),
                ]),
            },
            r#"{"move":"resume","from":"suspended","to":"in_progress","reason":null,"suspended_working_days":5,"number":"2026-017","version":4,"before":{"status":"suspended","suspended_from":"in_progress","resumed_on":null,"deadline":"2026-12-10"},"after":{"status":"in_progress","suspended_from":null,"resumed_on":"2026-11-25","deadline":"2026-12-17"}}"#,
        ),
        (
            EventKind::StatusChanged {
                mv: Move::Return,
                from: Status::AwaitingReview,
                to: Status::InProgress,
                reason: Some("材料不全".into()),
                suspended_working_days: None,
                by: None,
                on: on(vec![change(
                    Column::Status,
                    text("awaiting_review"),
                    text("in_progress"),
                )]),
            },
            r#"{"move":"return","from":"awaiting_review","to":"in_progress","reason":"材料不全","number":"2026-017","version":4,"before":{"status":"awaiting_review"},"after":{"status":"in_progress"}}"#,
        ),
        (
            EventKind::ExtensionRequested {
                number: n(17),
                extension_id: 9,
                old_deadline: Some(d("2026-12-18")),
                new_deadline: d("2026-12-25"),
                reason: "等待资金".into(),
            },
            r#"{"number":"2026-017","extension_id":9,"old_deadline":"2026-12-18","new_deadline":"2026-12-25","reason":"等待资金"}"#,
        ),
        (
            EventKind::ExtensionDecided {
                extension_id: 9,
                decision: ExtensionDecision::Approved,
                by: Some("王市长".into()),
                on: on(vec![change(
                    Column::Deadline,
                    text("2026-12-18"),
                    text("2026-12-25"),
                )]),
            },
            r#"{"extension_id":9,"decision":"approved","by":"王市长","number":"2026-017","version":4,"before":{"deadline":"2026-12-18"},"after":{"deadline":"2026-12-25"}}"#,
        ),
        (
            EventKind::MilestoneAdded {
                milestone_id: 21,
                milestone_no: 2,
                title: "完成招标".into(),
                due_on: d("2026-12-04"),
                on: on(vec![change(
                    Column::NextMilestoneDue,
                    Value::Null,
                    text("2026-12-04"),
                )]),
            },
            r#"{"milestone_id":21,"milestone_no":2,"title":"完成招标","due_on":"2026-12-04","number":"2026-017","version":4,"before":{"next_milestone_due":null},"after":{"next_milestone_due":"2026-12-04"}}"#,
        ),
        (
            EventKind::MilestoneDone {
                milestone_id: 21,
                milestone_no: 2,
                done_on: d("2026-12-03"),
                on: on(vec![]),
            },
            r#"{"milestone_id":21,"milestone_no":2,"done_on":"2026-12-03","number":"2026-017","version":4,"before":{},"after":{}}"#,
        ),
        (
            EventKind::FeedbackAdded {
                feedback_id: 5,
                on_date: d("2026-11-25"),
                reporter: "李明".into(),
                text: "完成 70%".into(),
                percent: Some(70),
                kind: FeedbackKind::Progress,
                on: on(vec![change(
                    Column::LastPercent,
                    Value::Null,
                    Value::Int(70),
                )]),
            },
            r#"{"feedback_id":5,"on_date":"2026-11-25","reporter":"李明","text":"完成 70%","percent":70,"kind":"progress","number":"2026-017","version":4,"before":{"last_percent":null},"after":{"last_percent":70}}"#,
        ),
        (
            EventKind::NoteAdded {
                note_id: 8,
                on_date: d("2026-11-25"),
                level: Level::Criticism,
                target: "住建局".into(),
                reason: "逾期".into(),
                points: Some(-1.5),
                requirement: "三日内整改".into(),
                on: on(vec![change(
                    Column::TopLevel,
                    Value::Null,
                    text("criticism"),
                )]),
            },
            r#"{"note_id":8,"on_date":"2026-11-25","level":"criticism","target":"住建局","reason":"逾期","points":-1.5,"requirement":"三日内整改","number":"2026-017","version":4,"before":{"top_level":null},"after":{"top_level":"criticism"}}"#,
        ),
        (
            EventKind::Commended {
                commendation_id: 7,
                on_date: d("2026-11-25"),
                target: "住建局".into(),
                reason: "提前完成".into(),
                points: 1.0,
                on: on(vec![]),
            },
            r#"{"commendation_id":7,"on_date":"2026-11-25","target":"住建局","reason":"提前完成","points":1.0,"number":"2026-017","version":4,"before":{},"after":{}}"#,
        ),
        (
            EventKind::Attached {
                attachment_id: 3,
                on_date: d("2026-11-25"),
                name: "王市长批示.pdf".into(),
                kind: duban::domain::attachment::AttachmentKind::Instruction,
                size: 48_213,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
                note: "原件".into(),
                on: on(vec![]),
            },
            r#"{"attachment_id":3,"on_date":"2026-11-25","name":"王市长批示.pdf","kind":"instruction","size":48213,"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","note":"原件","number":"2026-017","version":4,"before":{},"after":{}}"#,
        ),
        (
            EventKind::Instructed {
                instruction_id: 9,
                on_date: d("2026-11-25"),
                leader: "王市长".into(),
                sense: duban::domain::instruction::InstructionSense::Requires,
                text: "年底前建立长效机制".into(),
                deadline: Some(d("2026-12-28")),
                on: on(vec![
                    change(Column::Status, text("completed"), text("in_progress")),
                    change(Column::Deadline, text("2026-11-20"), text("2026-12-28")),
                ]),
            },
            r#"{"instruction_id":9,"on_date":"2026-11-25","leader":"王市长","sense":"requires","text":"年底前建立长效机制","deadline":"2026-12-28","number":"2026-017","version":4,"before":{"status":"completed","deadline":"2026-11-20"},"after":{"status":"in_progress","deadline":"2026-12-28"}}"#,
        ),
        (
            EventKind::ItemEdited {
                on: on(vec![change(Column::Major, Value::Int(0), Value::Int(1))]),
            },
            r#"{"number":"2026-017","version":4,"before":{"major":0},"after":{"major":1}}"#,
        ),
        (
            EventKind::Snoozed {
                on: on(vec![
                    change(Column::SnoozedUntil, Value::Null, text("2026-11-30")),
                    change(Column::SnoozeReason, Value::Null, text("等会议")),
                ]),
            },
            r#"{"number":"2026-017","version":4,"before":{"snoozed_until":null,"snooze_reason":null},"after":{"snoozed_until":"2026-11-30","snooze_reason":"等会议"}}"#,
        ),
        (
            EventKind::Reversed(Box::new(Reversed {
                undo: true,
                of_batch: 12,
                of_event: 340,
                of_kind: EventCode::NoteAdded,
                number: Some(n(17)),
                version: 5,
                changes: Changes(vec![change(
                    Column::TopLevel,
                    text("criticism"),
                    Value::Null,
                )]),
            })),
            r#"{"of_batch":12,"of_event":340,"of_kind":"note_added","version":5,"number":"2026-017","before":{"top_level":"criticism"},"after":{"top_level":null}}"#,
        ),
    ]
}

#[test]
fn every_kind_has_its_golden_bytes_and_decodes_back() {
    let cases = golden();
    let mut kinds: Vec<EventCode> = cases.iter().map(|(k, _)| k.code()).collect();
    kinds.sort();
    kinds.dedup();
    // Every kind but `redone` (the same shape as `undone`) has a golden case.
    let missing: Vec<_> = EventCode::ALL
        .iter()
        .filter(|c| !kinds.contains(c) && **c != EventCode::Redone)
        .collect();
    assert!(missing.is_empty(), "no golden bytes for {missing:?}");
    for (i, (kind, bytes)) in cases.into_iter().enumerate() {
        assert_eq!(encode(&kind), bytes, "{:?}", kind.code());
        let back = decode(i as i64, kind.code().code(), bytes).unwrap();
        assert_eq!(back, kind, "{:?}", kind.code());
    }
}

#[test]
fn bytes_older_versions_wrote_still_decode() {
    // An extension request of a file written before the encoding was typed: no deadline was
    // written as "", and a resumption carried no clock columns.
    let old = r#"{"number":"2026-001","extension_id":1,"old_deadline":"","new_deadline":"2026-12-25","reason":"x"}"#;
    let EventKind::ExtensionRequested { old_deadline, .. } =
        decode(1, "extension_requested", old).unwrap()
    else {
        panic!("not an extension request")
    };
    assert_eq!(old_deadline, None);
    let err = decode(7, "status_changed", r#"{"move":"fly"}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("event 7 (status_changed)"),
        "{err}"
    );
    assert!(decode(8, "exploded", "{}").is_err());
    assert!(decode(9, "snoozed", "not json").is_err());
}

fn ctx(today: NaiveDate, actor: &str) -> Ctx {
    Ctx {
        actor: actor.into(),
        now: today.and_hms_opt(10, 0, 0).unwrap(),
        today,
        ..Ctx::default()
    }
}

fn new_item(title: &str, lead: &str, due: &str, registered: NaiveDate) -> NewItem {
    NewItem {
        title: title.into(),
        requirement: format!("{title}的要求"),
        source_kind: SourceKind::Meeting,
        source_ref: "第6次常务会议".into(),
        instruction: None,
        leader: None,
        lead: lead.into(),
        co: vec!["财政局".into()],
        owner: "李明".into(),
        flags: Flags::default(),
        urgent: false,
        cadence: Cadence::Weekly,
        deadline: Some(d(due)),
        no_deadline_reason: None,
        registered_on: registered,
        origin: None,
    }
}

/// The replayed item must say exactly what the store says of it.
fn assert_same(state: &ItemState, stored: &ItemDetail) {
    let r = &stored.row;
    let mut co = state.co_departments.clone();
    co.sort();
    let columns = (
        (
            r.number,
            &r.title,
            &stored.requirement,
            r.source_kind,
            &r.source_ref,
            &stored.instruction,
            &stored.leader,
            &r.lead_department,
            &stored.co_departments,
            &r.owner,
            r.flags,
            r.urgent,
        ),
        (
            r.cadence,
            stored.original_deadline,
            r.deadline,
            &stored.no_deadline_reason,
            r.status,
            r.suspended_from,
            r.registered_on,
            r.assigned_on,
            r.completed_on,
            r.closed_on,
            r.last_feedback_on,
            r.last_percent,
        ),
        (
            r.last_note_on,
            r.top_level,
            r.next_milestone_due,
            r.snoozed_until,
            &r.snooze_reason,
            r.version,
            r.second_milestone_due,
            r.suspended_on,
            r.resumed_on,
            r.submitted_on,
        ),
    );
    let replayed = (
        (
            state.number,
            &state.title,
            &state.requirement,
            state.source_kind,
            &state.source_ref,
            &state.instruction,
            &state.leader,
            &state.lead_department,
            &co,
            &state.owner,
            state.flags,
            state.urgent,
        ),
        (
            state.cadence,
            state.original_deadline,
            state.deadline,
            &state.no_deadline_reason,
            state.status,
            state.suspended_from,
            state.registered_on,
            state.assigned_on,
            state.completed_on,
            state.closed_on,
            state.last_feedback_on,
            state.last_percent,
        ),
        (
            state.last_note_on,
            state.top_level,
            state.next_milestone_due,
            state.snoozed_until,
            &state.snooze_reason,
            state.version,
            state.second_milestone_due,
            state.suspended_on,
            state.resumed_on,
            state.submitted_on,
        ),
    );
    assert_eq!(replayed, columns, "{}", r.number);
    let mut feedback: Vec<_> = state
        .feedback
        .iter()
        .map(|f| (f.id, f.on_date, f.text.clone(), f.percent, f.kind))
        .collect();
    let mut stored_feedback: Vec<_> = stored
        .feedback
        .iter()
        .map(|f| (f.id, f.on_date, f.text.clone(), f.percent, f.kind))
        .collect();
    feedback.sort_by_key(|f| f.0);
    stored_feedback.sort_by_key(|f| f.0);
    assert_eq!(feedback, stored_feedback, "{} feedback", r.number);
    let mut notes: Vec<_> = state
        .notes
        .iter()
        .map(|x| (x.id, x.level, x.target.clone(), x.requirement.clone()))
        .collect();
    let mut stored_notes: Vec<_> = stored
        .notes
        .iter()
        .map(|x| (x.id, x.level, x.target.clone(), x.requirement.clone()))
        .collect();
    notes.sort_by_key(|x| x.0);
    stored_notes.sort_by_key(|x| x.0);
    assert_eq!(notes, stored_notes, "{} notes", r.number);
    let milestones: Vec<_> = state
        .milestones
        .iter()
        .map(|m| (m.id, m.title.clone(), m.due_on, m.done_on))
        .collect();
    let stored_milestones: Vec<_> = stored
        .milestones
        .iter()
        .map(|m| (m.id, m.title.clone(), m.due_on, m.done_on))
        .collect();
    assert_eq!(milestones, stored_milestones, "{} milestones", r.number);
    let extensions: Vec<_> = state
        .extensions
        .iter()
        .map(|x| (x.id, x.new_deadline, x.decision, x.decided_on))
        .collect();
    let stored_extensions: Vec<_> = stored
        .extensions
        .iter()
        .map(|x| (x.id, x.new_deadline, x.decision, x.decided_on))
        .collect();
    assert_eq!(extensions, stored_extensions, "{} extensions", r.number);
    let mut commendations: Vec<_> = state
        .commendations
        .iter()
        .map(|c| (c.id, c.on_date, c.target.clone(), c.points.to_bits()))
        .collect();
    let mut stored_commendations: Vec<_> = stored
        .commendations
        .iter()
        .map(|c| (c.id, c.on_date, c.target.clone(), c.points.to_bits()))
        .collect();
    commendations.sort_by_key(|c| c.0);
    stored_commendations.sort_by_key(|c| c.0);
    assert_eq!(
        commendations, stored_commendations,
        "{} commendations",
        r.number
    );
    let mut instructions: Vec<_> = state
        .instructions
        .iter()
        .map(|i| {
            (
                i.id,
                i.on_date,
                i.leader.clone(),
                i.sense,
                i.text.clone(),
                i.deadline,
            )
        })
        .collect();
    let mut stored_instructions: Vec<_> = stored
        .instructions
        .iter()
        .map(|i| {
            (
                i.id,
                i.on_date,
                i.leader.clone(),
                i.sense,
                i.text.clone(),
                i.deadline,
            )
        })
        .collect();
    instructions.sort_by_key(|i| i.0);
    stored_instructions.sort_by_key(|i| i.0);
    assert_eq!(
        instructions, stored_instructions,
        "{} instructions",
        r.number
    );
}

/// One thing a clerk may do on a day; refusals by the rules are part of the history too (they
/// write nothing).
#[derive(Debug, Clone)]
enum Step {
    Shift(usize, Move),
    Feedback(usize, u8),
    Note(usize, usize),
    Extend(usize, u64, bool),
    Milestone(usize, u64),
    MilestoneDone(usize),
    Edit(usize),
    Snooze(usize, u64),
    Commend(usize),
    /// A leader's instruction: its sense (0 affirms, 1 criticises, 2 requires) and, for a new
    /// requirement, the working days from today to its deadline.
    Instruct(usize, usize, u64),
    Undo,
    Redo,
    NextDay(u64),
}

fn step() -> impl Strategy<Value = Step> {
    let item = 0usize..3;
    prop_oneof![
        (item.clone(), 0usize..Move::ALL.len()).prop_map(|(i, m)| Step::Shift(i, Move::ALL[m])),
        (item.clone(), 0u8..=100).prop_map(|(i, p)| Step::Feedback(i, p)),
        (item.clone(), 0usize..Level::ALL.len()).prop_map(|(i, l)| Step::Note(i, l)),
        (item.clone(), 1u64..20, any::<bool>()).prop_map(|(i, n, a)| Step::Extend(i, n, a)),
        (item.clone(), 0u64..30).prop_map(|(i, n)| Step::Milestone(i, n)),
        item.clone().prop_map(Step::MilestoneDone),
        item.clone().prop_map(Step::Edit),
        (item.clone(), 1u64..10).prop_map(|(i, n)| Step::Snooze(i, n)),
        item.clone().prop_map(Step::Commend),
        (item, 0usize..3, 0u64..15).prop_map(|(i, s, n)| Step::Instruct(i, s, n)),
        Just(Step::Undo),
        Just(Step::Redo),
        (1u64..4).prop_map(Step::NextDay),
    ]
}

/// Runs a random history on three items, snapshotting every item at the end of each day; then
/// replays: all events give today's items, and the events up to each earlier day give that
/// day's snapshot.
fn run(steps: &[Step]) {
    let store_path = tempfile::tempdir().unwrap();
    let mut store = Store::open(&store_path.path().join("h.db")).unwrap();
    let mut today = d("2026-11-02");
    let numbers: Vec<ItemNumber> = store
        .write(&ctx(today, "督查员"), |w| {
            let mut out = Vec::new();
            for (title, lead, due) in [
                ("河道整治", "水利局", "2026-11-20"),
                ("老旧小区改造", "住建局", "2026-12-15"),
                ("食品安全检查", "市场监管局", "2026-11-10"),
            ] {
                let n = w.add_item(&new_item(title, lead, due, today))?;
                w.apply_move(n, Move::Assign, None, None)?;
                w.apply_move(n, Move::Start, None, None)?;
                out.push(n);
            }
            Ok(out)
        })
        .unwrap();
    let mut snapshots: Vec<(NaiveDate, Vec<ItemDetail>)> = Vec::new();
    let snapshot = |store: &Store| -> Vec<ItemDetail> {
        numbers
            .iter()
            .map(|n| store.item_detail(*n).unwrap())
            .collect()
    };
    for s in steps {
        if let Step::NextDay(k) = s {
            snapshots.push((today, snapshot(&store)));
            today = today + Days::new(*k);
            continue;
        }
        let c = ctx(today, "督查员");
        // Refusals (an illegal move, a red item snoozed, …) write nothing; that is the point.
        let _ = store.write(&c, |w| {
            match s {
                Step::Shift(i, mv) => {
                    w.apply_move(numbers[*i], *mv, Some("理由"), None)?;
                }
                Step::Feedback(i, p) => {
                    let fb = NewFeedback {
                        text: format!("进展 {p}"),
                        percent: Some(*p),
                        reporter: "李明".into(),
                        kind: FeedbackKind::Progress,
                    };
                    w.add_feedback(numbers[*i], &fb, None)?;
                }
                Step::Note(i, l) => {
                    let note = NewNote {
                        level: Level::ALL[*l],
                        target: String::new(),
                        reason: "逾期".into(),
                        points: Some(-1.0),
                        requirement: "整改".into(),
                    };
                    w.add_note(numbers[*i], &note, None)?;
                }
                Step::Extend(i, days, approve) => {
                    let row = w.item(numbers[*i])?;
                    let to = row.deadline.unwrap_or(today) + Days::new(*days);
                    w.request_extension(numbers[*i], to, "需要时间")?;
                    w.decide_extension(numbers[*i], *approve)?;
                }
                Step::Milestone(i, days) => {
                    w.add_milestone(numbers[*i], "节点", today + Days::new(*days))?;
                }
                Step::MilestoneDone(i) => w.complete_milestone(numbers[*i], 1)?,
                Step::Edit(i) => {
                    let row = w.item(numbers[*i])?;
                    let edit = duban::store::ItemEdit {
                        title: format!("{}（改）", row.title),
                        requirement: "新要求".into(),
                        owner: "王芳".into(),
                        source_ref: row.source_ref.clone(),
                        flags: Flags {
                            major: !row.flags.major,
                            ..row.flags
                        },
                        urgent: !row.urgent,
                        cadence: Cadence::Monthly,
                    };
                    w.edit_item(numbers[*i], &edit, None)?;
                }
                Step::Snooze(i, days) => {
                    w.snooze(numbers[*i], Some(today + Days::new(*days)), "等会议", None)?;
                }
                Step::Commend(i) => {
                    let c = duban::store::NewCommendation {
                        target: String::new(),
                        reason: "提前完成".into(),
                        points: 1.0,
                    };
                    w.add_commendation(numbers[*i], &c, None)?;
                }
                Step::Instruct(i, sense, days) => {
                    use duban::domain::instruction::InstructionSense;
                    let sense = InstructionSense::ALL[*sense];
                    let given = duban::store::NewInstruction {
                        leader: "王市长".into(),
                        sense,
                        text: "批示".into(),
                        deadline: (sense == InstructionSense::Requires)
                            .then(|| today + Days::new(*days)),
                    };
                    w.add_instruction(numbers[*i], &given, None)?;
                }
                Step::Undo => {
                    w.undo()?;
                }
                Step::Redo => {
                    w.redo()?;
                }
                Step::NextDay(_) => {}
            }
            Ok(())
        });
    }
    for (i, n) in numbers.iter().enumerate() {
        let events = store.history(*n).unwrap();
        let state = replay(&events, None).unwrap();
        assert_same(&state, &store.item_detail(*n).unwrap());
        for (day, items) in &snapshots {
            let then = replay(&events, Some(*day)).unwrap();
            assert_same(&then, &items[i]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Replaying an item's events gives the stored row and records, and replaying them to an
    /// earlier day gives the item as it stood at the end of that day.
    #[test]
    fn replay_gives_the_stored_item_now_and_on_any_earlier_day(
        steps in proptest::collection::vec(step(), 1..60)
    ) {
        run(&steps);
    }
}

#[test]
fn a_history_with_every_kind_of_change_replays_to_the_stored_item() {
    use Step::*;
    run(&[
        Feedback(0, 30),
        Note(0, 0),
        NextDay(1),
        Milestone(1, 5),
        Milestone(1, 9),
        Extend(1, 5, true),
        Edit(2),
        NextDay(2),
        Shift(0, Move::Suspend),
        NextDay(3),
        Shift(0, Move::Resume),
        Undo,
        Redo,
        Shift(1, Move::Submit),
        Shift(1, Move::Return),
        Shift(1, Move::Submit),
        Shift(1, Move::Approve),
        MilestoneDone(1),
        Snooze(2, 1),
        NextDay(1),
        Note(2, 3),
        Commend(2),
        Undo,
        Undo,
        Redo,
        Instruct(2, 0, 0),
        NextDay(1),
        Instruct(1, 2, 7),
        Instruct(0, 1, 0),
        Undo,
        Redo,
        Instruct(2, 2, 3),
        Undo,
    ]);
}

/// Every item of the 10,000-item sample office, built over two years of simulated days, replays
/// from the office's whole history to what the store holds.
#[test]
fn every_item_of_the_sample_office_replays_to_the_stored_item() {
    use duban::app::Office;
    use duban::clock::Clock;
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(d("2026-11-25").and_hms_opt(9, 0, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 10_000, 2026).unwrap();
    let mut events = Vec::new();
    office.store.each_event(|e| events.push(e)).unwrap();
    let replayed = replay_all(&events, None);
    assert_eq!(replayed.items.len(), 10_000);
    for (number, state) in &replayed.items {
        assert_same(state, &office.store.item_detail(*number).unwrap());
    }
}

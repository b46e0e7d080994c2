//! The fast road of a report of a past period: every item as the store keeps its days
//! (`Records::items_as_of`, through `Office::items_at_end`) is what replaying the history to
//! the period's end gives (`ItemsAtEnd::replayed`), item by item and figure by figure, on the
//! 2,000-item sample office at several dates and on random histories with undo after the day,
//! backdated changes, cancellation, suspension and resumption, extensions and edits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::{CommendationEntry, ItemState, NoteEntry, Recorded, replay_all};
use duban::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use duban::domain::{Level, Move, Status};
use duban::report::judge::ItemsAtEnd;
use duban::report::render::Document;
use duban::report::{Bulletin, GroupBy, Period, PeriodKind, Scores};
use duban::store::{Backend, Ctx, NewCommendation, NewFeedback, NewItem, NewNote, Records, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// What the bulletin and the assessment read of an item, as of `end`.
#[derive(Debug, PartialEq)]
struct Read {
    number: ItemNumber,
    title: String,
    owner: String,
    source_kind: SourceKind,
    source_ref: String,
    lead: String,
    co: Vec<String>,
    cadence: Cadence,
    status: Status,
    deadline: Option<NaiveDate>,
    registered_on: NaiveDate,
    assigned_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    suspended_on: Option<NaiveDate>,
    resumed_on: Option<NaiveDate>,
    last_feedback: Option<NaiveDate>,
    notes: Vec<NoteEntry>,
    commendations: Vec<CommendationEntry>,
    instructions: Vec<duban::domain::history::InstructionEntry>,
    /// The day it was cancelled, read for a cancelled item only.
    cancelled_on: Option<NaiveDate>,
}

fn read(i: &ItemState, end: NaiveDate, cancelled: &HashMap<ItemNumber, NaiveDate>) -> Read {
    let mut co = i.co_departments.clone();
    co.sort();
    Read {
        number: i.number,
        title: i.title.clone(),
        owner: i.owner.clone(),
        source_kind: i.source_kind,
        source_ref: i.source_ref.clone(),
        lead: i.lead_department.clone(),
        co,
        cadence: i.cadence,
        status: i.status,
        deadline: i.deadline,
        registered_on: i.registered_on,
        assigned_on: i.assigned_on,
        completed_on: i.completed_on,
        submitted_on: i.submitted_on,
        suspended_on: i.suspended_on,
        resumed_on: i.resumed_on,
        last_feedback: i
            .feedback
            .iter()
            .map(|f| f.on_date)
            .filter(|x| *x <= end)
            .max(),
        notes: i.notes.clone(),
        commendations: i.commendations.clone(),
        instructions: i.instructions.clone(),
        cancelled_on: (i.status == Status::Cancelled)
            .then(|| cancelled.get(&i.number).copied())
            .flatten(),
    }
}

/// Every item a report of `from..=end` can hold, as each side reads it.
fn in_scope(items: &ItemsAtEnd, from: NaiveDate, end: NaiveDate) -> BTreeMap<ItemNumber, Read> {
    items
        .items
        .iter()
        .filter(|i| i.registered_on <= end)
        .filter(|i| {
            let within = |on: NaiveDate| from <= on && on <= end;
            // Completed before the period: read only for its actions dated within it.
            !(matches!(i.status, Status::Completed | Status::Closed)
                && i.completed_on.is_some_and(|c| c < from))
                || i.notes.iter().any(|n| within(n.on_date))
                || i.commendations.iter().any(|c| within(c.on_date))
                || i.instructions.iter().any(|x| within(x.on_date))
        })
        .map(|i| (i.number, read(i, end, &items.cancelled)))
        .collect()
}

/// Fails on the first item whose two readings differ.
fn assert_items_agree(fast: &ItemsAtEnd, replayed: &ItemsAtEnd, from: NaiveDate, end: NaiveDate) {
    let (fast, replayed) = (in_scope(fast, from, end), in_scope(replayed, from, end));
    for (number, r) in &replayed {
        assert_eq!(fast.get(number), Some(r), "{number} as of {end}");
    }
    assert_eq!(fast.len(), replayed.len(), "items in scope as of {end}");
}

fn sample_office() -> Office {
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(d("2026-11-25").and_hms_opt(9, 0, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 2_000, 2026).unwrap();
    office
}

#[test]
fn the_days_kept_judge_every_past_period_as_the_replay_does() {
    let office = sample_office();
    let mut events: Vec<Recorded> = Vec::new();
    office.store.each_event(|e| events.push(e)).unwrap();
    let (cal, rules) = (&office.calendar, &office.rules);
    let (mut cancelled, mut actions, mut compared) = (0, 0, 0);
    for at in [
        "2025-06-30",
        "2026-01-01",
        "2026-03-31",
        "2026-06-30",
        "2026-09-14",
        "2026-10-31",
        "2026-11-24",
    ] {
        for kind in PeriodKind::ALL {
            let period = Period::holding(*kind, d(at));
            let end = period.end();
            assert!(end < office.today());
            let fast = office.items_at_end(&period).unwrap();
            let replayed = ItemsAtEnd::replayed(&events, end);
            assert_items_agree(&fast, &replayed, period.from, end);
            compared += fast.items.len();
            for by in GroupBy::ALL {
                let bulletin = Bulletin::by_replay(&events, period, *by, cal, rules);
                assert_eq!(
                    Bulletin::compute_from(&fast, period, *by, cal, rules),
                    bulletin,
                    "{kind:?} as of {at} by {by:?}"
                );
                cancelled += bulletin.total.cancelled;
                actions += bulletin.actions.len();
                assert_eq!(
                    Document::compute_from(&fast, period, *by, cal, rules),
                    Document::by_replay(&events, period, *by, cal, rules),
                    "{kind:?} document as of {at} by {by:?}"
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
                "{kind:?} scores as of {at}"
            );
        }
    }
    // The comparison covers items, cancellations and notes or commendations.
    assert!(compared > 10_000 && cancelled > 0 && actions > 0);
}

/// A file made before the days were kept gets them when it is opened (the migration replays
/// the history): the same reading as a file that kept them from the start.
#[test]
fn an_older_file_gets_its_days_from_its_history() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        duban::store::sqlite::schema::migrate_to(&mut conn, 0, 5).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let numbers = register(&mut store, d("2026-03-02"));
    let c = ctx(d("2026-03-10"));
    store
        .write(&c, |w| {
            w.apply_move(numbers[0], Move::Suspend, Some("等待"), None)
        })
        .unwrap();
    let mut events: Vec<Recorded> = Vec::new();
    store.each_event(|e| events.push(e)).unwrap();
    drop(store);
    // The days as the migration fills them, from the history.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE item_days; DROP TABLE leader_instructions; DROP TABLE event_chain; DROP TABLE chain_origin; DROP TABLE attachments; DROP TABLE attachment_files; PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    for day in [
        "2026-03-01",
        "2026-03-02",
        "2026-03-09",
        "2026-03-10",
        "2026-04-01",
    ] {
        let end = d(day);
        let (items, cancelled) = store.items_as_of(d("2026-01-01"), end).unwrap();
        let fast = ItemsAtEnd::kept(items, cancelled);
        assert_items_agree(
            &fast,
            &ItemsAtEnd::replayed(&events, end),
            d("2026-01-01"),
            end,
        );
    }
    let (items, _) = store.items_as_of(d("2026-01-01"), d("2026-03-10")).unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().any(|i| i.status == Status::Suspended));
}

// Random histories.

fn ctx(today: NaiveDate) -> Ctx {
    Ctx {
        actor: "督查员".into(),
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

fn register(store: &mut Store, today: NaiveDate) -> Vec<ItemNumber> {
    store
        .write(&ctx(today), |w| {
            let mut out = Vec::new();
            for (title, lead, due) in [
                ("河道整治", "水利局", "2026-03-20"),
                ("老旧小区改造", "住建局", "2026-04-15"),
                ("食品安全检查", "市场监管局", "2026-03-10"),
            ] {
                let n = w.add_item(&new_item(title, lead, due, today))?;
                w.apply_move(n, Move::Assign, None, None)?;
                out.push(n);
            }
            Ok(out)
        })
        .unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Shift(usize, Move),
    Feedback(usize, u8),
    Note(usize, usize),
    Extend(usize, u64, bool),
    Edit(usize),
    Commend(usize),
    /// A leader's instruction: its sense (0 affirms, 1 criticises, 2 requires) and a new
    /// requirement's working days to its deadline.
    Instruct(usize, usize, u64),
    Undo,
    Redo,
    NextDay(u64),
    /// The following changes are dated this many days earlier (a correction entered late).
    Backdate(u64),
}

fn step() -> impl Strategy<Value = Step> {
    let item = 0usize..3;
    prop_oneof![
        3 => (item.clone(), 0usize..Move::ALL.len()).prop_map(|(i, m)| Step::Shift(i, Move::ALL[m])),
        1 => (item.clone(), 0u8..=100).prop_map(|(i, p)| Step::Feedback(i, p)),
        1 => (item.clone(), 0usize..Level::ALL.len()).prop_map(|(i, l)| Step::Note(i, l)),
        1 => (item.clone(), 1u64..20, any::<bool>()).prop_map(|(i, n, a)| Step::Extend(i, n, a)),
        1 => item.clone().prop_map(Step::Edit),
        1 => item.clone().prop_map(Step::Commend),
        1 => (item, 0usize..3, 0u64..15).prop_map(|(i, s, n)| Step::Instruct(i, s, n)),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
        2 => (1u64..6).prop_map(Step::NextDay),
        1 => (1u64..8).prop_map(Step::Backdate),
    ]
}

/// Runs `steps` on three items, then compares both readings on every day of the history.
fn run(steps: &[Step]) {
    let folder = tempfile::tempdir().unwrap();
    let mut store = Store::open(&folder.path().join("h.db")).unwrap();
    let first = d("2026-03-02");
    let numbers = register(&mut store, first);
    let (mut today, mut back) = (first, 0u64);
    let mut last = first;
    for s in steps {
        match s {
            Step::NextDay(k) => {
                today = today + Days::new(*k);
                back = 0;
                continue;
            }
            Step::Backdate(k) => {
                back = *k;
                continue;
            }
            _ => {}
        }
        let on = today - Days::new(back);
        last = last.max(on);
        // Refusals (an illegal move, …) write nothing; that is the point.
        let _ = store.write(&ctx(on), |w| {
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
                    let to = row.deadline.unwrap_or(on) + Days::new(*days);
                    w.request_extension(numbers[*i], to, "需要时间")?;
                    w.decide_extension(numbers[*i], *approve)?;
                }
                Step::Edit(i) => {
                    let row = w.item(numbers[*i])?;
                    let edit = duban::store::ItemEdit {
                        title: format!("{}（改）", row.title),
                        requirement: "新要求".into(),
                        owner: "王芳".into(),
                        source_ref: format!("{}（补）", row.source_ref),
                        flags: row.flags,
                        urgent: row.urgent,
                        cadence: Cadence::Monthly,
                    };
                    w.edit_item(numbers[*i], &edit, None)?;
                }
                Step::Commend(i) => {
                    let c = NewCommendation {
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
                            .then(|| on + Days::new(*days)),
                    };
                    w.add_instruction(numbers[*i], &given, None)?;
                }
                Step::Undo => {
                    w.undo()?;
                }
                Step::Redo => {
                    w.redo()?;
                }
                Step::NextDay(_) | Step::Backdate(_) => {}
            }
            Ok(())
        });
    }
    let mut events: Vec<Recorded> = Vec::new();
    store.each_event(|e| events.push(e)).unwrap();
    assert_eq!(replay_all(&events, None).items.len(), 3);
    let from = d("2026-01-01");
    let mut day = first - Days::new(10);
    while day <= last + Days::new(1) {
        let (items, cancelled) = store.items_as_of(from, day).unwrap();
        let fast = ItemsAtEnd::kept(items, cancelled);
        assert_items_agree(&fast, &ItemsAtEnd::replayed(&events, day), from, day);
        // A period starting later leaves out what was completed before it, as the judging does.
        let later = day - Days::new(3);
        let (items, cancelled) = store.items_as_of(later, day).unwrap();
        let fast = ItemsAtEnd::kept(items, cancelled);
        assert_items_agree(&fast, &ItemsAtEnd::replayed(&events, day), later, day);
        day = day + Days::new(1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// On any history, the store's days of each item say what the replay to each day says.
    #[test]
    fn the_days_kept_are_the_replay_on_every_day(
        steps in proptest::collection::vec(step(), 1..50)
    ) {
        run(&steps);
    }
}

#[test]
fn undo_after_the_day_backdating_cancellation_suspension_and_extension_keep_the_replay() {
    use Step::*;
    run(&[
        Feedback(0, 30),
        Note(0, 0),
        NextDay(2),
        Extend(1, 5, true),
        Shift(2, Move::Start),
        Edit(2),
        NextDay(2),
        Shift(0, Move::Suspend),
        NextDay(3),
        Shift(0, Move::Resume),
        Commend(1),
        Instruct(1, 0, 0),
        NextDay(1),
        // The resumption and the commendation are taken back days later: as of the days
        // before, they still count.
        Undo,
        Undo,
        Redo,
        Shift(2, Move::Cancel),
        NextDay(2),
        // A correction dated four days back, entered today.
        Backdate(4),
        Feedback(1, 60),
        Shift(1, Move::Start),
        Shift(1, Move::Submit),
        NextDay(1),
        Shift(1, Move::Approve),
        Note(1, 2),
        NextDay(2),
        Undo,
        Shift(2, Move::Cancel),
    ]);
}

//! Library-level tests of the store: the file it makes, migrations, events written with each
//! change in one transaction, append-only history, list JSON, and lifecycle moves at random.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use duban::Error;
use duban::app::Office;
use duban::app::input::{self, ItemInput};
use duban::clock::Clock;
use duban::domain::item::ItemNumber;
use duban::domain::lifecycle::next_status;
use duban::domain::{Move, Rules, Status, WorkCalendar};
use duban::store::sqlite::schema::{APPLICATION_ID, SCHEMA_VERSION};
use duban::store::{Backend, Ctx, ListFilter, NewItem, Records, Store};
use proptest::prelude::*;
use rusqlite::Connection;

const TODAY: &str = "2026-11-25";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx() -> Ctx {
    Ctx {
        actor: "督查员".into(),
        now: day(TODAY).and_hms_opt(9, 30, 0).unwrap(),
        today: day(TODAY),
        ..Ctx::default()
    }
}

fn new_item(title: &str, lead: &str, co: &str) -> NewItem {
    ItemInput {
        title: title.into(),
        lead: lead.into(),
        co: co.into(),
        due: "2026-12-31".into(),
        ..ItemInput::default()
    }
    .check(day(TODAY), &WorkCalendar::default(), &Rules::default())
    .unwrap()
}

fn open(path: &Path) -> Store {
    match Store::open(path) {
        Ok(store) => store,
        Err(e) => panic!("cannot open {}: {e}", path.display()),
    }
}

fn open_err(path: &Path) -> Error {
    match Store::open(path) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e,
    }
}

fn number(s: &str) -> ItemNumber {
    ItemNumber::parse(s).unwrap()
}

/// `(kind, batch, item_id)` of the events after `after_id`, read with a plain connection.
fn events_after(path: &Path, after_id: i64) -> Vec<(String, i64, Option<i64>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT kind, batch, item_id FROM events WHERE id > ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([after_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
}

fn last_event_id(path: &Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// The file

#[test]
fn a_fresh_file_gets_the_schema_version_application_id_and_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let store = open(&path);
    assert_eq!(store.path(), Some(path.as_path()));
    assert_eq!(store.item_count().unwrap(), 0);
    assert_eq!(store.event_count().unwrap(), 0);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(APPLICATION_ID, 0x6475_6261);
    assert_eq!(journal.to_lowercase(), "wal");
    // The tables are there.
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in [
        "departments",
        "events",
        "extensions",
        "feedback",
        "item_co_departments",
        "items",
        "milestones",
        "notes",
    ] {
        assert!(tables.iter().any(|n| n == t), "{t} missing from {tables:?}");
    }
}

#[test]
fn opening_twice_migrates_nothing_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let (n, events) = {
        let mut store = open(&path);
        let n = store
            .write(&ctx(), |w| w.add_item(&new_item("第一项", "财政局", "")))
            .unwrap();
        (n, store.event_count().unwrap())
    };
    assert_eq!(n.to_string(), "2026-001");
    let detail = open(&path).item_detail(n).unwrap();
    for round in 1..=2 {
        let mut store = open(&path);
        assert_eq!(store.item_count().unwrap(), round);
        // Opening wrote nothing: one item_registered event per item added since.
        assert_eq!(
            store.event_count().unwrap(),
            events + round - 1,
            "opening wrote events"
        );
        assert_eq!(store.item_detail(n).unwrap(), detail);
        // Still writable, and numbers continue.
        let next = store
            .write(&ctx(), |w| w.add_item(&new_item("下一项", "财政局", "")))
            .unwrap();
        assert_eq!(i64::from(next.seq), round + 1);
    }
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(open(&path).item_count().unwrap(), 3);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        conn.execute_batch("CREATE TABLE items (id INTEGER PRIMARY KEY, future TEXT)")
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    match open_err(&path) {
        Error::NewerSchema {
            path: p,
            found,
            known,
        } => {
            assert_eq!(p, path);
            assert_eq!(found, SCHEMA_VERSION + 1);
            assert_eq!(known, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // No journal was left beside it either.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["newer.db"]);
    assert!(open_err(&path).is_user_error());
}

#[test]
fn files_that_are_not_duban_databases_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "会议纪要\n".repeat(200)).unwrap();
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    for path in [&text, &other] {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            matches!(open_err(path), Error::NotDuban(ref p) if p == path),
            "{}",
            path.display()
        );
        assert_eq!(std::fs::read(path).unwrap(), bytes);
    }
    assert!(matches!(
        open_err(&dir.path().join("missing/x.db")),
        Error::MissingFolder(_)
    ));
    // A folder is named as one, not as "not a duban database".
    assert!(matches!(
        open_err(dir.path()),
        Error::Open {
            problem: duban::error::OpenProblem::IsFolder,
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Events

#[test]
fn each_change_appends_its_events_in_the_same_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut store = open(&path);
    let c = ctx();
    let n = number("2026-001");
    let fb = input::feedback("进展顺利", "40", "张三").unwrap();
    let note = input::note("urging", "进度偏慢", "住建局", "", "加快进度").unwrap();
    type Step<'s> = (
        &'s str,
        Box<dyn FnOnce(&mut dyn duban::store::WriteTx) -> duban::Result<()> + 's>,
        &'s [&'s str],
    );
    let steps: Vec<Step<'_>> = vec![
        (
            "add with a new lead and a new co-department",
            Box::new(|w| {
                w.add_item(&new_item("全流程", "住建局", "财政局"))
                    .map(drop)
            }),
            &[
                "department_created",
                "department_created",
                "item_registered",
            ],
        ),
        (
            "add with known departments",
            Box::new(|w| {
                w.add_item(&new_item("第二项", "住建局", "财政局"))
                    .map(drop)
            }),
            &["item_registered"],
        ),
        (
            "assign",
            Box::new(move |w| w.apply_move(n, Move::Assign, None, None).map(drop)),
            &["status_changed"],
        ),
        (
            "start",
            Box::new(move |w| w.apply_move(n, Move::Start, None, Some(2)).map(drop)),
            &["status_changed"],
        ),
        (
            "feedback",
            Box::new(|w| w.add_feedback(n, &fb, None).map(drop)),
            &["feedback_added"],
        ),
        (
            "note",
            Box::new(|w| w.add_note(n, &note, None).map(drop)),
            &["note_added"],
        ),
        (
            "milestone",
            Box::new(move |w| w.add_milestone(n, "方案", day("2026-12-04")).map(drop)),
            &["milestone_added"],
        ),
        (
            "milestone done",
            Box::new(move |w| w.complete_milestone(n, 1)),
            &["milestone_done"],
        ),
        (
            "extension request",
            Box::new(move |w| {
                w.request_extension(n, day("2027-01-15"), "配合单位未到位")
                    .map(drop)
            }),
            &["extension_requested"],
        ),
        (
            "extension decision",
            Box::new(move |w| w.decide_extension(n, true).map(drop)),
            &["extension_decided"],
        ),
        (
            "submit with a report",
            Box::new(|w| w.submit(n, Some(&fb), None).map(drop)),
            &["status_changed", "feedback_added"],
        ),
        (
            "approve",
            Box::new(move |w| w.apply_move(n, Move::Approve, None, None).map(drop)),
            &["status_changed"],
        ),
        (
            "several changes in one write",
            Box::new(move |w| {
                w.apply_move(n, Move::Close, None, None)?;
                w.add_item(&new_item("第三项", "教育局", ""))?;
                w.apply_move(number("2026-003"), Move::Cancel, Some("重复立项"), None)?;
                Ok(())
            }),
            &[
                "status_changed",
                "department_created",
                "item_registered",
                "status_changed",
            ],
        ),
    ];
    let mut batches = Vec::new();
    for (what, step, kinds) in steps {
        let before = store.event_count().unwrap();
        let last_id = last_event_id(&path);
        store
            .write(&c, step)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let after = store.event_count().unwrap();
        let new = events_after(&path, last_id);
        assert_eq!(after - before, kinds.len() as i64, "{what}: {new:?}");
        let got: Vec<&str> = new.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(got, kinds, "{what}");
        // One write, one batch; a later write, a later batch.
        let batch = new[0].1;
        assert!(new.iter().all(|(_, b, _)| *b == batch), "{what}: {new:?}");
        assert!(batches.last().is_none_or(|b| *b < batch), "{what}");
        batches.push(batch);
    }
    let detail = store.item_detail(n).unwrap();
    assert_eq!(detail.row.status, Status::Closed);
    assert_eq!(detail.row.deadline, Some(day("2027-01-15")));
    assert_eq!(detail.original_deadline, Some(day("2026-12-31")));
    assert_eq!(detail.feedback.len(), 2);
    // Every item event carries the version the item has after it.
    let versions: Vec<i64> = detail
        .events
        .iter()
        .filter(|e| e.kind != "extension_requested")
        .map(|e| e.data["version"].as_i64().unwrap_or(1))
        .collect();
    assert_eq!(versions, (1..=versions.len() as i64).collect::<Vec<_>>());
    assert_eq!(detail.row.version, *versions.last().unwrap());
    assert!(
        detail
            .events
            .iter()
            .all(|e| e.actor == "督查员" && e.on_date == day(TODAY))
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut store = open(&path);
    let result = store.write(&ctx(), |w| {
        let n = w.add_item(&new_item("不该留下", "住建局", "财政局"))?;
        w.add_feedback(n, &input::feedback("进展", "10", "").unwrap(), None)?;
        w.apply_move(n, Move::Approve, None, None)?;
        Ok(())
    });
    match result {
        Err(Error::IllegalMove(m)) => {
            assert_eq!(m.from, Status::Registered);
            assert_eq!(m.mv, Move::Approve);
        }
        other => panic!("expected an illegal move, got {other:?}"),
    }
    assert_eq!(store.item_count().unwrap(), 0);
    assert_eq!(store.event_count().unwrap(), 0);
    assert!(store.departments().unwrap().is_empty());
    let conn = Connection::open(&path).unwrap();
    for table in [
        "items",
        "events",
        "departments",
        "feedback",
        "item_co_departments",
    ] {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 0, "{table}");
    }
    // The store is still usable and the number was not used up.
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("留下", "住建局", "")))
        .unwrap();
    assert_eq!(n.to_string(), "2026-001");
    assert_eq!(store.event_count().unwrap(), 2);
}

#[test]
fn a_stale_change_is_refused_and_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("并发", "住建局", "")))
        .unwrap();
    store
        .write(&ctx(), |w| w.apply_move(n, Move::Assign, None, Some(1)))
        .unwrap();
    let events = store.event_count().unwrap();
    let result = store.write(&ctx(), |w| w.apply_move(n, Move::Start, None, Some(1)));
    assert!(
        matches!(
            result,
            Err(Error::Stale {
                expected: 1,
                found: 2
            })
        ),
        "{result:?}"
    );
    assert_eq!(store.event_count().unwrap(), events);
    assert_eq!(store.item_detail(n).unwrap().row.status, Status::Assigned);
}

#[test]
fn events_cannot_be_updated_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut store = open(&path);
    store
        .write(&ctx(), |w| w.add_item(&new_item("历史", "住建局", "")))
        .unwrap();
    let events = store.event_count().unwrap();
    assert_eq!(events, 2);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE events SET actor = 'someone else'",
        "UPDATE events SET data = '{}' WHERE kind = 'item_registered'",
        "DELETE FROM events",
        "DELETE FROM events WHERE id = 1",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let (count, actors): (i64, String) = conn
        .query_row(
            "SELECT count(*), group_concat(DISTINCT actor) FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((count, actors.as_str()), (events, "督查员"));
    // Appending still works.
    let mut store = open(&path);
    store
        .write(&ctx(), |w| {
            w.apply_move(number("2026-001"), Move::Assign, None, None)
        })
        .unwrap();
    assert_eq!(store.event_count().unwrap(), events + 1);
}

// ---------------------------------------------------------------------------------------------
// List JSON

#[test]
fn listed_to_json_is_the_serde_serialization() {
    // A file, so that the list is read on two connections and encoded on two threads.
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("office.db"));
    let mut office = Office::new(store, Clock::Fixed(day(TODAY)), "督查员".into());
    let summary = duban::cli::fill_demo(&mut office, 200, 1).unwrap();
    assert_eq!(summary.items, 200);
    let mut odd = new_item(r#"引号 "督办" 与 \ 反斜杠"#, r#"财政局 "一科""#, "");
    odd.owner = r"张\三".into();
    office.write(|w| w.add_item(&odd)).unwrap();
    let listed = office
        .list(&ListFilter {
            all: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed.len(), 201);
    let quoted = listed.iter().find(|l| l.row.title.contains('"')).unwrap();
    let json: serde_json::Value = serde_json::from_str(&quoted.to_json()).unwrap();
    assert_eq!(json["title"], r#"引号 "督办" 与 \ 反斜杠"#);
    assert_eq!(json["owner"], r"张\三");
    for l in &listed {
        let direct: serde_json::Value = serde_json::from_str(&l.to_json())
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", l.row.number));
        let serde = serde_json::to_value(l).unwrap();
        assert_eq!(direct, serde, "{}", l.row.number);
        assert_eq!(direct["number"], l.row.number.to_string());
        assert_eq!(direct.as_object().unwrap().len(), 30);
    }
    // Both keep the same key order too (the direct writer promises fixed order).
    let first = &listed[0];
    let keys_direct: Vec<String> = key_order(&first.to_json());
    let keys_serde: Vec<String> = key_order(&serde_json::to_string(first).unwrap());
    assert_eq!(keys_direct, keys_serde);
}

/// Top-level keys of a JSON object in the order written.
fn key_order(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    struct Keys<'k>(&'k mut Vec<String>);
    impl<'de> serde::de::Visitor<'de> for Keys<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(k) = map.next_key::<String>()? {
                self.0.push(k);
                map.next_value::<serde::de::IgnoredAny>()?;
            }
            Ok(())
        }
    }
    serde::Deserializer::deserialize_map(&mut de, Keys(&mut keys)).unwrap();
    keys
}

// ---------------------------------------------------------------------------------------------
// Random lifecycle walks

fn reason_for(mv: Move) -> Option<&'static str> {
    mv.needs_reason().then_some("理由")
}

/// Who signed for an acknowledgement, or approved a suspension (the moves that name a person).
fn by_for(mv: Move) -> Option<&'static str> {
    mv.names_a_person().then_some("王五")
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    proptest::collection::vec(proptest::sample::select(Move::ALL.to_vec()), 0..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Each move in its own write: a legal move changes the status as the table says and adds
    /// exactly one event; an illegal one is refused and changes nothing.
    #[test]
    fn random_moves_follow_the_table(moves in moves()) {
        let mut store = Store::open_in_memory().unwrap();
        let c = ctx();
        let n = store.write(&c, |w| w.add_item(&new_item("随机", "住建局", ""))).unwrap();
        let mut status = Status::Registered;
        let mut suspended_from: Option<Status> = None;
        for mv in moves {
            let before = store.event_count().unwrap();
            let row_before = store.item_detail(n).unwrap().row;
            prop_assert_eq!(row_before.status, status);
            prop_assert_eq!(row_before.suspended_from, suspended_from);
            let want = next_status(status, mv, suspended_from);
            let got = store.write(&c, |w| w.apply_move_by(n, mv, reason_for(mv), by_for(mv), None));
            let after = store.event_count().unwrap();
            let row = store.item_detail(n).unwrap().row;
            match (want, got) {
                (Some(to), Ok(moved)) => {
                    prop_assert_eq!(moved, to);
                    prop_assert_eq!(row.status, to);
                    prop_assert_eq!(after, before + 1);
                    prop_assert_eq!(row.version, row_before.version + 1);
                    if to == Status::Suspended {
                        suspended_from = Some(status);
                    } else if mv == Move::Resume {
                        suspended_from = None;
                    }
                    status = to;
                }
                (None, Err(Error::IllegalMove(e))) => {
                    prop_assert_eq!(e.from, status);
                    prop_assert!(!e.allowed.contains(&mv));
                    prop_assert_eq!(after, before);
                    prop_assert_eq!(row, row_before);
                }
                (want, got) => prop_assert!(
                    false,
                    "{status} --{mv}--> table says {want:?}, store says {got:?}"
                ),
            }
        }
    }

    /// All moves in one write (the writer keeps the item between changes and writes it once):
    /// the end state and the number of events are those of the legal moves alone.
    #[test]
    fn random_moves_in_one_write_follow_the_table(moves in moves()) {
        let mut store = Store::open_in_memory().unwrap();
        let c = ctx();
        let n = store.write(&c, |w| w.add_item(&new_item("随机", "住建局", ""))).unwrap();
        let before = store.event_count().unwrap();
        let (status, legal) = store.write(&c, |w| {
            let mut status = Status::Registered;
            let mut suspended_from = None;
            let mut legal = 0;
            for mv in &moves {
                let want = next_status(status, *mv, suspended_from);
                match (want, w.apply_move_by(n, *mv, reason_for(*mv), by_for(*mv), None)) {
                    (Some(to), Ok(moved)) if moved == to => {
                        if to == Status::Suspended {
                            suspended_from = Some(status);
                        }
                        status = to;
                        legal += 1;
                    }
                    (None, Err(Error::IllegalMove(_))) => {}
                    (want, got) => panic!("{status} --{mv}--> table {want:?}, store {got:?}"),
                }
                assert_eq!(w.item(n)?.status, status);
            }
            Ok((status, legal))
        }).unwrap();
        let row = store.item_detail(n).unwrap().row;
        prop_assert_eq!(row.status, status);
        prop_assert_eq!(store.event_count().unwrap(), before + legal);
        prop_assert_eq!(row.version, 1 + legal);
    }
}

#[test]
fn times_are_stamped_from_the_context() {
    let mut store = Store::open_in_memory().unwrap();
    let c = Ctx {
        actor: "值班员".into(),
        now: NaiveDateTime::parse_from_str("2026-11-20T16:45:09", "%Y-%m-%dT%H:%M:%S").unwrap(),
        today: day("2026-11-20"),
        ..Ctx::default()
    };
    let item = ItemInput {
        title: "时间戳".into(),
        lead: "住建局".into(),
        ..ItemInput::default()
    }
    .check(
        day("2026-11-20"),
        &WorkCalendar::default(),
        &Rules::default(),
    )
    .unwrap();
    let n = store.write(&c, |w| w.add_item(&item)).unwrap();
    store
        .write(&c, |w| w.apply_move(n, Move::Assign, None, None))
        .unwrap();
    let d = store.item_detail(n).unwrap();
    assert_eq!(d.row.assigned_on, Some(day("2026-11-20")));
    assert_eq!(d.events.len(), 2);
    for e in &d.events {
        assert_eq!(e.at, c.now);
        assert_eq!(e.actor, "值班员");
    }
}

#[test]
fn a_schema_1_file_is_migrated_and_its_list_index_covers_the_new_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        duban::store::sqlite::schema::migrate_to(&mut conn, 0, 1).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let store = Store::open(&path).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, duban::store::sqlite::schema::SCHEMA_VERSION);
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_index_info('items_running_list')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        columns.iter().any(|c| c == "snoozed_until")
            && columns.iter().any(|c| c == "snooze_reason"),
        "{columns:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bulk writes

fn schema_of(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_bulk_write_leaves_the_schema_as_the_migrations_make_it() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    drop(open(&fresh));
    let filled = dir.path().join("filled.db");
    let mut office = Office::new(open(&filled), Clock::Fixed(day(TODAY)), "督查员".into());
    // The sample office is one bulk write: it drops indexes first and builds them again.
    duban::cli::fill_demo(&mut office, 300, 7).unwrap();
    drop(office);
    let (before, after) = (schema_of(&fresh), schema_of(&filled));
    assert!(before.iter().any(|(_, name, _)| name == "events_item"));
    assert_eq!(before, after);
    let conn = rusqlite::Connection::open(&filled).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_schema_2_file_gets_its_batches_and_its_clerks_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let mut store = open(&path);
    let first = store
        .write(&ctx(), |w| w.add_item(&new_item("第一项", "财政局", "")))
        .unwrap();
    let fb = input::feedback("进展顺利", "40", "张三").unwrap();
    store
        .write(&ctx(), |w| w.add_feedback(first, &fb, None))
        .unwrap();
    drop(store);
    // The file as schema 2 left it: no batches table, nor the columns of schema 4, nor the
    // commendations of schema 5, nor the item days of schema 6, nor the leaders' instructions
    // of schema 8.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE batches; DROP INDEX items_running_list; DROP INDEX items_open_keys;
             DROP TABLE commendations; DROP TABLE item_days; DROP TABLE leader_instructions; DROP TABLE event_chain; DROP TABLE chain_origin; DROP TABLE attachments; DROP TABLE attachment_files;
             ALTER TABLE items DROP COLUMN second_milestone_due;
             ALTER TABLE items DROP COLUMN suspended_on;
             ALTER TABLE items DROP COLUMN resumed_on;
             ALTER TABLE items DROP COLUMN submitted_on;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let mut store = open(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(i64, String, i64)> = conn
        .prepare("SELECT batch, actor, first_event FROM batches ORDER BY batch")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let firsts: Vec<(i64, i64)> = conn
        .prepare("SELECT batch, min(id) FROM events GROUP BY batch ORDER BY batch")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        rows.iter().map(|(b, _, e)| (*b, *e)).collect::<Vec<_>>(),
        firsts
    );
    assert!(rows.iter().all(|(_, actor, _)| actor == &ctx().actor));
    // The clerk's last action (the feedback) is undone, and the registration stays.
    let undone = store.write(&ctx(), |w| w.undo()).unwrap().unwrap();
    assert_eq!(undone.items, vec![first]);
    let detail = store.item_detail(first).unwrap();
    assert!(detail.feedback.is_empty());
    assert_eq!(detail.row.last_percent, None);
}

// ---------------------------------------------------------------------------------------------
// The office's rules, applied by the writer whatever the caller

/// The refusal of a write, as an input error: its field and problem.
fn refused_input<T: std::fmt::Debug>(
    result: duban::error::Result<T>,
) -> duban::domain::validate::InputError {
    match result {
        Err(Error::Input(e)) => e,
        other => panic!("expected an input refusal, got {other:?}"),
    }
}

#[test]
fn the_writer_refuses_notes_without_a_correction_and_targets_the_lead() {
    use duban::domain::ladder::Level;
    use duban::domain::validate::Problem;
    use duban::store::NewNote;
    let mut store = Store::open_in_memory().unwrap();
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("整改", "住建局", "")))
        .unwrap();
    for level in Level::ALL {
        let note = NewNote {
            level: *level,
            target: "张三".into(),
            reason: "逾期".into(),
            points: None,
            requirement: "  ".into(),
        };
        let e = refused_input(store.write(&ctx(), |w| w.add_note(n, &note, None)));
        assert_eq!((e.field, e.problem), ("require", Problem::NoCorrection));
    }
    let note = NewNote {
        level: Level::Urging,
        target: String::new(),
        reason: "逾期".into(),
        points: None,
        requirement: "三日内报送".into(),
    };
    store.write(&ctx(), |w| w.add_note(n, &note, None)).unwrap();
    let d = store.item_detail(n).unwrap();
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].target, "住建局");
}

#[test]
fn the_writer_refuses_feedback_on_finished_items() {
    use duban::domain::validate::Problem;
    let mut store = Store::open_in_memory().unwrap();
    let fb = input::feedback("进展", "", "").unwrap();
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("整改", "住建局", "")))
        .unwrap();
    for (mv, reason) in [
        (Move::Assign, None),
        (Move::Start, None),
        (Move::Submit, None),
    ] {
        store
            .write(&ctx(), |w| w.apply_move(n, mv, reason, None))
            .unwrap();
        store
            .write(&ctx(), |w| w.add_feedback(n, &fb, None))
            .unwrap();
    }
    for mv in [Move::Approve, Move::Close] {
        store
            .write(&ctx(), |w| w.apply_move(n, mv, None, None))
            .unwrap();
        let e = refused_input(store.write(&ctx(), |w| w.add_feedback(n, &fb, None)));
        assert_eq!(e.field, "feedback");
        assert!(matches!(e.problem, Problem::Finished { .. }));
    }
    assert_eq!(store.item_detail(n).unwrap().feedback.len(), 3);
}

#[test]
fn the_writer_keeps_snoozes_off_red_items_and_within_the_deadline() {
    use duban::domain::validate::Problem;
    let mut store = Store::open_in_memory().unwrap();
    let registered = Ctx {
        today: day("2026-11-02"),
        ..ctx()
    };
    // Due 2026-11-20, red on 2026-11-25; the other due 2026-12-31.
    let late = ItemInput {
        title: "逾期".into(),
        lead: "住建局".into(),
        due: "2026-11-20".into(),
        ..ItemInput::default()
    }
    .check(
        day("2026-11-02"),
        &WorkCalendar::default(),
        &Rules::default(),
    )
    .unwrap();
    let late = store.write(&registered, |w| w.add_item(&late)).unwrap();
    let open = store
        .write(&ctx(), |w| w.add_item(&new_item("在办", "住建局", "")))
        .unwrap();
    let snooze = |store: &mut Store, n, until: &str| {
        store.write(&ctx(), |w| w.snooze(n, Some(day(until)), "等待会议", None))
    };
    let e = refused_input(snooze(&mut store, late, "2026-11-27"));
    assert_eq!((e.field, e.problem), ("until", Problem::RedNotSnoozable));
    let e = refused_input(snooze(&mut store, open, "2027-01-04"));
    assert_eq!(e.field, "until");
    assert!(matches!(e.problem, Problem::AfterDeadline { .. }));
    let e = refused_input(snooze(&mut store, open, "2100-01-04"));
    assert!(matches!(e.problem, Problem::YearOutOfRange { .. }));
    assert_eq!(store.item_detail(late).unwrap().row.snoozed_until, None);
    assert_eq!(store.item_detail(open).unwrap().row.snoozed_until, None);
    // Up to the deadline itself, and back again, are fine; so is bringing a red item back.
    snooze(&mut store, open, "2026-12-31").unwrap();
    store
        .write(&ctx(), |w| w.snooze(late, None, "", None))
        .unwrap();
}

#[test]
fn the_writer_keeps_deadlines_and_milestones_on_working_days_and_after_registration() {
    use duban::domain::validate::Problem;
    let mut store = Store::open_in_memory().unwrap();
    // A deadline that reaches the writer on a Saturday (the sample office, an import) moves on.
    let saturday = NewItem {
        deadline: Some(day("2026-11-28")),
        ..new_item("周六", "住建局", "")
    };
    let n = store.write(&ctx(), |w| w.add_item(&saturday)).unwrap();
    assert_eq!(
        store.item_detail(n).unwrap().row.deadline,
        Some(day("2026-11-30"))
    );
    store
        .write(&ctx(), |w| w.add_milestone(n, "方案", day("2026-11-29")))
        .unwrap();
    let e = refused_input(store.write(&ctx(), |w| w.add_milestone(n, "早", day("2026-11-24"))));
    assert_eq!(e.field, "due");
    assert!(matches!(e.problem, Problem::BeforeRegistration { .. }));
    store
        .write(&ctx(), |w| {
            w.request_extension(n, day("2026-12-12"), "需协调")
        })
        .unwrap();
    let d = store.item_detail(n).unwrap();
    assert_eq!(d.milestones.len(), 1);
    assert_eq!(d.milestones[0].due_on, day("2026-11-30"));
    assert_eq!(d.extensions[0].new_deadline, day("2026-12-14"));
}

// ---------------------------------------------------------------------------------------------
// Commendations

#[test]
fn a_commendation_is_recorded_shown_replayed_undone_and_redone() {
    use duban::domain::history::replay;
    use duban::store::NewCommendation;
    let mut store = Store::open_in_memory().unwrap();
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("整改", "住建局", "")))
        .unwrap();
    let before = store.item_detail(n).unwrap();
    let c = NewCommendation {
        target: String::new(),
        reason: "提前完成".into(),
        points: 1.0,
    };
    let id = store
        .write(&ctx(), |w| {
            w.add_commendation(n, &c, Some(before.row.version))
        })
        .unwrap();
    let d = store.item_detail(n).unwrap();
    assert_eq!(d.commendations.len(), 1);
    let got = &d.commendations[0];
    assert_eq!(
        (
            got.id,
            got.on_date,
            got.target.as_str(),
            got.reason.as_str(),
            got.points
        ),
        (id, day(TODAY), "住建局", "提前完成", 1.0)
    );
    // Off the ladder: only the version moves.
    assert_eq!(d.row.version, before.row.version + 1);
    let mut same = d.row.clone();
    same.version = before.row.version;
    assert_eq!(same, before.row);
    assert!(d.notes.is_empty());
    assert_eq!(d.events.last().unwrap().kind, "commended");
    // The history replays to the same record.
    let state = replay(&store.history(n).unwrap(), None).unwrap();
    assert_eq!(state.commendations.len(), 1);
    assert_eq!(
        (
            state.commendations[0].id,
            state.commendations[0].target.as_str()
        ),
        (id, "住建局")
    );
    assert_eq!((state.version, state.top_level), (d.row.version, None));
    // A stale view is refused.
    let e = store.write(&ctx(), |w| {
        w.add_commendation(n, &c, Some(before.row.version))
    });
    assert!(matches!(e, Err(Error::Stale { .. })), "{e:?}");
    // Undo removes the row, and the replay no longer holds it; redo puts both back.
    store.write(&ctx(), |w| w.undo()).unwrap().unwrap();
    assert!(store.item_detail(n).unwrap().commendations.is_empty());
    let state = replay(&store.history(n).unwrap(), None).unwrap();
    assert!(state.commendations.is_empty());
    assert_eq!(state.version, store.item_detail(n).unwrap().row.version);
    store.write(&ctx(), |w| w.redo()).unwrap().unwrap();
    let d = store.item_detail(n).unwrap();
    assert_eq!(d.commendations, vec![got.clone()]);
    let state = replay(&store.history(n).unwrap(), None).unwrap();
    assert_eq!(state.commendations.len(), 1);
    assert_eq!(state.version, d.row.version);
}

#[test]
fn the_writer_refuses_commendations_on_cancelled_items() {
    use duban::domain::validate::Problem;
    use duban::store::NewCommendation;
    let mut store = Store::open_in_memory().unwrap();
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("整改", "住建局", "")))
        .unwrap();
    store
        .write(&ctx(), |w| {
            w.apply_move(n, Move::Cancel, Some("重复立项"), None)
        })
        .unwrap();
    let c = NewCommendation {
        target: "张三".into(),
        reason: "好".into(),
        points: 1.0,
    };
    let e = refused_input(store.write(&ctx(), |w| w.add_commendation(n, &c, None)));
    assert_eq!(
        (e.field, e.problem),
        ("commendation", Problem::CancelledItem)
    );
    assert!(store.item_detail(n).unwrap().commendations.is_empty());
}

/// The canonical bytes of a commendation: keys in this order, points as a JSON number.
#[test]
fn a_commendation_encodes_canonically_and_reads_back() {
    use duban::domain::history::{Changes, EventKind, ItemChange};
    use duban::store::event_codec::{decode, encode};
    let kind = EventKind::Commended {
        commendation_id: 7,
        on_date: day(TODAY),
        target: "住建局".into(),
        reason: "提前完成".into(),
        points: -2.5,
        on: ItemChange {
            number: number("2026-017"),
            version: 3,
            changes: Changes(Vec::new()),
        },
    };
    let bytes = encode(&kind);
    assert_eq!(
        bytes,
        r#"{"commendation_id":7,"on_date":"2026-11-25","target":"住建局","reason":"提前完成","points":-2.5,"number":"2026-017","version":3,"before":{},"after":{}}"#
    );
    assert_eq!(kind.code().code(), "commended");
    assert!(kind.code().is_reversible());
    assert_eq!(decode(1, "commended", &bytes).unwrap(), kind);
}

#[test]
fn a_schema_4_file_gets_the_commendations_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let mut store = open(&path);
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("第一项", "财政局", "")))
        .unwrap();
    drop(store);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE commendations; DROP TABLE item_days; DROP TABLE leader_instructions; DROP TABLE event_chain; DROP TABLE chain_origin; DROP TABLE attachments; DROP TABLE attachment_files;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let mut store = open(&path);
    let c = duban::store::NewCommendation {
        target: String::new(),
        reason: "提前完成".into(),
        points: 1.0,
    };
    store
        .write(&ctx(), |w| w.add_commendation(n, &c, None))
        .unwrap();
    assert_eq!(store.item_detail(n).unwrap().commendations.len(), 1);
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let indexed: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'commendations_item'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 1);
}

#[test]
fn a_schema_7_file_gets_the_leader_instructions_table_and_never_reuses_an_id() {
    use duban::domain::instruction::InstructionSense;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let mut store = open(&path);
    let n = store
        .write(&ctx(), |w| w.add_item(&new_item("第一项", "财政局", "")))
        .unwrap();
    drop(store);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("DROP TABLE leader_instructions; DROP TABLE event_chain; DROP TABLE chain_origin; DROP TABLE attachments; DROP TABLE attachment_files; PRAGMA user_version = 7;")
            .unwrap();
    }
    let mut store = open(&path);
    let given = |text: &str| duban::store::NewInstruction {
        leader: "王市长".into(),
        sense: InstructionSense::Affirms,
        text: text.into(),
        deadline: None,
    };
    let (first, _) = store
        .write(&ctx(), |w| w.add_instruction(n, &given("很好"), None))
        .unwrap();
    // Undone, its id stays its own: the next instruction gets another.
    store.write(&ctx(), |w| w.undo()).unwrap();
    let (second, _) = store
        .write(&ctx(), |w| w.add_instruction(n, &given("继续"), None))
        .unwrap();
    assert_ne!(first, second);
    let detail = store.item_detail(n).unwrap();
    assert_eq!(detail.instructions.len(), 1);
    assert_eq!(detail.instructions[0].text, "继续");
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    // The database refuses a new requirement without its deadline, whoever writes it.
    let refused = conn.execute(
        "INSERT INTO leader_instructions (item_id, on_date, leader, sense, text) \
         VALUES (1, '2026-11-25', '王市长', 'requires', '新要求')",
        [],
    );
    assert!(refused.is_err());
}

/// An older file opened for reading only is brought up to this schema in memory and read there
/// whole: the lists and the first screen read the upgraded rows, never the old file's (they
/// used to read half from each, and fail on the columns the file lacks). The file is untouched.
#[test]
fn an_older_file_opened_for_reading_only_is_read_from_its_upgrade_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        duban::store::sqlite::schema::migrate_to(&mut conn, 0, 5).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    assert!(store.read_only());
    assert_eq!(store.item_count().unwrap(), 0);
    assert!(store.open_keys(day(TODAY)).unwrap().is_empty());
    let office = Office::new(store, Clock::Fixed(day(TODAY)), "督查员".into());
    let listed = office
        .list(&ListFilter {
            all: true,
            ..Default::default()
        })
        .unwrap();
    assert!(listed.is_empty());
    drop(office);
    let out = assert_cmd::Command::cargo_bin("duban")
        .unwrap()
        .env("XDG_CONFIG_HOME", "/nonexistent/duban-tests")
        .arg("--db")
        .arg(&path)
        .args(["--read-only", "--today", TODAY, "snapshot"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is untouched"
    );
}

/// A clerk's interface stays open all day: a file damaged by another hand meanwhile is found
/// by its next write (the check runs under the write lock whenever the file is not as duban
/// left it), not only when the interface started.
#[test]
fn a_write_through_a_handle_open_since_before_the_damage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let mut store = open(&path);
    for i in 0..20 {
        store
            .write(&ctx(), |w| {
                w.add_item(&new_item(&format!("事项{i}"), "财政局", ""))
            })
            .unwrap();
    }
    // Noise over a page no write reads, by another hand.
    common::damage_a_page_no_write_reads(&path);
    let events = store.event_count().unwrap();
    let refused = store.write(&ctx(), |w| w.add_item(&new_item("又一项", "财政局", "")));
    assert!(matches!(refused, Err(Error::Damaged)), "{refused:?}");
    assert_eq!(store.event_count().unwrap(), events);
}

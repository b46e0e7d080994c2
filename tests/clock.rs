//! Whose clock runs, through the store and the interface: suspension moves the deadline on
//! resumption, submission stops the department's clock, milestones light the item, and the
//! triage queue shows long suspensions and late reviews. Schema 4 fills the new dates from a
//! schema-3 file's history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use chrono::NaiveDate;
use duban::app::input::{self, ItemInput};
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::item::ItemNumber;
use duban::domain::light::WarningLight;
use duban::domain::timing::{Timeliness, timeliness};
use duban::domain::triage::TriageGroup;
use duban::domain::{Move, Status};
use duban::store::{ListFilter, Records, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn office(store: Store, today: &str) -> Office {
    Office::new(store, Clock::Fixed(day(today)), "督查员".into())
}

fn at(office: &mut Office, today: &str) {
    office.clock = Clock::Fixed(day(today));
}

/// Registers, assigns and starts an item due `due`, on the office's today.
fn started(office: &mut Office, title: &str, due: &str) -> ItemNumber {
    let item = ItemInput {
        title: title.into(),
        lead: "住建局".into(),
        due: due.into(),
        ..ItemInput::default()
    }
    .check(office.today(), &office.calendar, &office.rules)
    .unwrap();
    office
        .write(|w| {
            let n = w.add_item(&item)?;
            w.apply_move(n, Move::Assign, None, None)?;
            w.apply_move(n, Move::Start, None, None)?;
            Ok(n)
        })
        .unwrap()
}

fn mv(office: &mut Office, n: ItemNumber, m: Move) {
    let reason = m.needs_reason().then_some("因上级部署调整");
    office.write(|w| w.apply_move(n, m, reason, None)).unwrap();
}

fn light(office: &Office, n: ItemNumber) -> WarningLight {
    let row = office.store.item_detail(n).unwrap().row;
    office.read_light(&row, office.today()).light
}

#[test]
fn resuming_adds_the_working_days_suspended_to_the_deadline_and_undo_takes_it_back() {
    let mut o = office(Store::open_in_memory().unwrap(), "2026-11-02");
    let n = started(&mut o, "中止再恢复", "2026-12-01");
    mv(&mut o, n, Move::Suspend);
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.suspended_on, Some(day("2026-11-02")));
    // Suspended, the item is still open, listed and counted, and green.
    let listed = o.list(&ListFilter::default()).unwrap();
    assert!(listed.iter().any(|l| l.row.number == n));
    assert_eq!(light(&o, n), WarningLight::Green);

    // Resumed 17 working days later (11-03 … 11-25).
    at(&mut o, "2026-11-25");
    mv(&mut o, n, Move::Resume);
    let d = o.store.item_detail(n).unwrap();
    assert_eq!(d.row.status, Status::InProgress);
    assert_eq!(d.row.deadline, Some(day("2026-12-24")));
    assert_eq!(d.original_deadline, Some(day("2026-12-01")));
    assert_eq!(d.row.resumed_on, Some(day("2026-11-25")));
    let resumed = d.events.last().unwrap();
    assert_eq!(resumed.kind, "status_changed");
    assert_eq!(resumed.data["move"], "resume");
    assert_eq!(resumed.data["suspended_working_days"], 17);
    assert_eq!(resumed.data["before"]["deadline"], "2026-12-01");
    assert_eq!(resumed.data["after"]["deadline"], "2026-12-24");

    // Undo puts the deadline back, and the item is suspended again.
    o.write(|w| w.undo()).unwrap().unwrap();
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.status, Status::Suspended);
    assert_eq!(row.deadline, Some(day("2026-12-01")));
    assert_eq!(row.resumed_on, None);
    assert_eq!(row.suspended_on, Some(day("2026-11-02")));
    // Redo moves it again.
    o.write(|w| w.redo()).unwrap().unwrap();
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.deadline, Some(day("2026-12-24")));
}

#[test]
fn no_feedback_is_missed_for_the_weeks_spent_suspended() {
    let mut o = office(Store::open_in_memory().unwrap(), "2026-11-05");
    let n = started(&mut o, "每周报进展", "2027-06-30");
    let edit = |o: &mut Office| {
        let row = o.store.item_detail(n).unwrap();
        let e = duban::store::ItemEdit {
            title: row.row.title.clone(),
            requirement: row.requirement.clone(),
            owner: row.row.owner.clone(),
            source_ref: row.row.source_ref.clone(),
            flags: row.row.flags,
            urgent: row.row.urgent,
            cadence: duban::domain::Cadence::Weekly,
        };
        o.write(|w| w.edit_item(n, &e, None)).unwrap();
    };
    edit(&mut o);
    // Weekly feedback due Fridays from 11-13; suspended 11-12, resumed 11-24.
    at(&mut o, "2026-11-12");
    mv(&mut o, n, Move::Suspend);
    at(&mut o, "2026-11-24");
    mv(&mut o, n, Move::Resume);
    at(&mut o, "2026-11-25");
    let row = o.store.item_detail(n).unwrap().row;
    let a = o.read_light(&row, o.today());
    assert_eq!(a.feedback.missed_in_row, 0);
    assert_eq!(a.light, WarningLight::Green);
}

#[test]
fn submission_stops_the_departments_clock_and_return_starts_it_again() {
    let mut o = office(Store::open_in_memory().unwrap(), "2026-11-02");
    let n = started(&mut o, "按期报结", "2026-11-20");
    let report = input::feedback("已完成整改", "100", "张三").unwrap();

    at(&mut o, "2026-11-19");
    o.write(|w| w.submit(n, Some(&report), None)).unwrap();
    assert_eq!(
        o.store.item_detail(n).unwrap().row.submitted_on,
        Some(day("2026-11-19"))
    );
    // Past the deadline while the office reviews: not red against the department.
    at(&mut o, "2026-11-23");
    assert_eq!(light(&o, n), WarningLight::Green);

    // Returned: the report does not count and the clock runs again (red: past due).
    mv(&mut o, n, Move::Return);
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.submitted_on, None);
    assert_eq!(light(&o, n), WarningLight::Red);

    at(&mut o, "2026-11-24");
    o.write(|w| w.submit(n, Some(&report), None)).unwrap();
    at(&mut o, "2026-11-25");
    mv(&mut o, n, Move::Approve);
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.submitted_on, Some(day("2026-11-24")));
    assert_eq!(row.completed_on, Some(day("2026-11-25")));
    // Judged by the approved submission (11-24), not the first one (11-19): late.
    assert_eq!(
        timeliness(&row.timeliness_facts(), o.today()),
        Some(Timeliness::Late)
    );

    // Submitted on time and approved late: on time.
    at(&mut o, "2026-11-02");
    let m = started(&mut o, "按期报结二", "2026-11-20");
    at(&mut o, "2026-11-20");
    o.write(|w| w.submit(m, Some(&report), None)).unwrap();
    at(&mut o, "2026-11-27");
    mv(&mut o, m, Move::Approve);
    let row = o.store.item_detail(m).unwrap().row;
    assert_eq!(
        timeliness(&row.timeliness_facts(), o.today()),
        Some(Timeliness::OnTime)
    );
}

#[test]
fn two_overdue_milestones_make_the_light_orange_and_one_yellow() {
    let mut o = office(Store::open_in_memory().unwrap(), "2026-11-02");
    let n = started(&mut o, "分阶段推进", "2027-06-30");
    o.write(|w| {
        w.add_milestone(n, "方案", day("2026-11-10"))?;
        w.add_milestone(n, "施工", day("2026-12-10"))?;
        w.add_milestone(n, "招标", day("2026-11-20"))
    })
    .unwrap();
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(
        (row.next_milestone_due, row.second_milestone_due),
        (Some(day("2026-11-10")), Some(day("2026-11-20")))
    );
    at(&mut o, "2026-11-25");
    assert_eq!(light(&o, n), WarningLight::Orange);
    // The interface ranks by the keys read at start-up: they carry both dates.
    let key = o.store.open_key(n).unwrap().unwrap();
    assert_eq!(key.second_milestone_due, Some(day("2026-11-20")));
    o.write(|w| w.complete_milestone(n, 1)).unwrap();
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(
        (row.next_milestone_due, row.second_milestone_due),
        (Some(day("2026-11-20")), Some(day("2026-12-10")))
    );
    assert_eq!(light(&o, n), WarningLight::Yellow);
    o.write(|w| w.complete_milestone(n, 3)).unwrap();
    assert_eq!(light(&o, n), WarningLight::Green);
    // Undo of a milestone done puts both dates back.
    o.write(|w| w.undo()).unwrap().unwrap();
    let row = o.store.item_detail(n).unwrap().row;
    assert_eq!(row.second_milestone_due, Some(day("2026-12-10")));
}

#[test]
fn triage_shows_long_suspensions_and_late_reviews_in_groups_of_their_own() {
    let mut o = office(Store::open_in_memory().unwrap(), "2026-10-26");
    let report = input::feedback("已完成", "100", "张三").unwrap();
    let long = started(&mut o, "中止过久", "2027-06-30");
    mv(&mut o, long, Move::Suspend);
    at(&mut o, "2026-11-02");
    let short = started(&mut o, "刚中止", "2027-06-30");
    mv(&mut o, short, Move::Suspend);
    at(&mut o, "2026-11-18");
    let late_review = started(&mut o, "审核积压", "2026-11-20");
    o.write(|w| w.submit(late_review, Some(&report), None))
        .unwrap();
    at(&mut o, "2026-11-24");
    let fresh_review = started(&mut o, "刚报结", "2027-06-30");
    o.write(|w| w.submit(fresh_review, Some(&report), None))
        .unwrap();
    at(&mut o, "2026-11-25");
    let mut app = App::new(o, (120, 40)).unwrap();
    // Suspended items are counted, besides the lights, and the status filter reaches them.
    assert_eq!(app.suspended, 2);
    while app.filter.status != Some(Status::Suspended) {
        // The open statuses come first.
        assert!(app.filter.status.is_none_or(|s| s.is_open()));
        app.update(duban::app::Action::CycleStatus).unwrap();
    }
    let shown: Vec<ItemNumber> = app.view.iter().map(|&i| app.ranked[i].key.number).collect();
    assert_eq!(shown, vec![long, short]);
    // Under review, the clock stopped: the deadlines pane does not list the item as due.
    assert!(app.agenda.iter().all(|l| l.number != late_review));
    app.update(duban::app::Action::ClearFilters).unwrap();
    let t = duban::app::triage::build(&app.office, &app.ranked, app.today).unwrap();
    let groups: Vec<(ItemNumber, TriageGroup)> =
        t.queue.iter().map(|c| (c.number, c.group)).collect();
    assert_eq!(
        groups,
        vec![
            (long, TriageGroup::SuspendedTooLong),
            (late_review, TriageGroup::ReviewBacklog),
        ]
    );
}

/// The file as schema 3 left it: the columns and indexes of schema 4 and the tables of
/// schemas 5, 6 and 8 taken away.
fn back_to_schema_3(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP INDEX items_running_list; DROP INDEX items_open_keys; DROP TABLE commendations;
         DROP TABLE leader_instructions; DROP TABLE event_chain; DROP TABLE chain_origin; DROP TABLE attachments; DROP TABLE attachment_files;
         DROP TABLE item_days;
         ALTER TABLE items DROP COLUMN second_milestone_due;
         ALTER TABLE items DROP COLUMN suspended_on;
         ALTER TABLE items DROP COLUMN resumed_on;
         ALTER TABLE items DROP COLUMN submitted_on;
         PRAGMA user_version = 3;",
    )
    .unwrap();
}

#[test]
fn a_schema_3_file_gets_its_clock_dates_from_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let report = input::feedback("已完成", "100", "张三").unwrap();
    let (suspended, reviewing, completed, returned, staged) = {
        let mut o = office(Store::open(&path).unwrap(), "2026-11-02");
        let suspended = started(&mut o, "中止", "2026-12-31");
        mv(&mut o, suspended, Move::Suspend);
        let reviewing = started(&mut o, "待审核", "2026-12-31");
        let completed = started(&mut o, "已办结", "2026-12-31");
        let returned = started(&mut o, "已退回", "2026-12-31");
        let staged = started(&mut o, "分阶段", "2026-12-31");
        at(&mut o, "2026-11-10");
        o.write(|w| {
            w.submit(reviewing, Some(&report), None)?;
            w.submit(completed, Some(&report), None)?;
            w.submit(returned, Some(&report), None)?;
            w.add_milestone(staged, "一", day("2026-11-20"))?;
            w.add_milestone(staged, "二", day("2026-11-30"))?;
            w.add_milestone(staged, "三", day("2026-11-12"))
        })
        .unwrap();
        at(&mut o, "2026-11-12");
        mv(&mut o, completed, Move::Approve);
        mv(&mut o, returned, Move::Return);
        (suspended, reviewing, completed, returned, staged)
    };
    back_to_schema_3(&path);
    let store = Store::open(&path).unwrap();
    let row = |n| store.item_detail(n).unwrap().row;
    assert_eq!(row(suspended).suspended_on, Some(day("2026-11-02")));
    assert_eq!(row(reviewing).submitted_on, Some(day("2026-11-10")));
    assert_eq!(row(completed).submitted_on, Some(day("2026-11-10")));
    assert_eq!(row(returned).submitted_on, None);
    assert_eq!(
        (
            row(staged).next_milestone_due,
            row(staged).second_milestone_due
        ),
        (Some(day("2026-11-12")), Some(day("2026-11-20")))
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, duban::store::sqlite::schema::SCHEMA_VERSION);
    for index in ["items_running_list", "items_open_keys"] {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_index_info('{index}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for c in [
            "second_milestone_due",
            "suspended_on",
            "resumed_on",
            "submitted_on",
        ] {
            assert!(columns.iter().any(|x| x == c), "{index}: {columns:?}");
        }
    }
}

/// The binary on a day, with no inherited settings, in English.
fn duban(db: &Path, today: &str, args: &[&str]) -> String {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_duban"))
        .env_remove("DUBAN_DB")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_ACTOR")
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db)
        .args(["--today", today, "--actor", "督查员"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_command_line_lists_suspended_items_and_shows_the_deadline_moved_on_resumption() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let on = |today: &str, args: &[&str]| duban(&db, today, args);
    let n = on(
        "2026-11-02",
        &[
            "add",
            "--title",
            "中止再恢复",
            "--lead",
            "住建局",
            "--due",
            "2026-12-01",
        ],
    );
    let n = n.trim();
    on("2026-11-02", &["assign", n]);
    on("2026-11-02", &["start", n]);
    on("2026-11-02", &["suspend", n, "--reason", "等待上级批复"]);
    for args in [
        &["list", "--format", "json"][..],
        &["list", "--status", "suspended", "--format", "json"][..],
    ] {
        let listed: serde_json::Value = serde_json::from_str(&on("2026-11-20", args)).unwrap();
        let numbers: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["number"].as_str())
            .collect();
        assert_eq!(numbers, vec![n], "{args:?}");
    }
    // A report submitted before the deadline and not yet reviewed is not overdue.
    let m = on(
        "2026-11-02",
        &[
            "add",
            "--title",
            "报结待审",
            "--lead",
            "住建局",
            "--due",
            "2026-11-20",
        ],
    );
    let m = m.trim();
    for mv in ["assign", "start"] {
        on("2026-11-02", &[mv, m]);
    }
    on("2026-11-02", &["submit", m, "--text", "已办结"]);
    assert_eq!(
        on("2026-11-25", &["list", "--overdue", "--format", "json"]),
        "[]\n"
    );
    on("2026-11-25", &["return", m, "--reason", "材料不全"]);
    let overdue: serde_json::Value = serde_json::from_str(&on(
        "2026-11-25",
        &["list", "--overdue", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(overdue[0]["number"], m);
    on("2026-11-25", &["resume", n]);
    let shown = on("2026-11-25", &["show", n]);
    // The history in words, never an event code, with the deadline it moved.
    assert!(
        shown.contains("resumed the item (suspended → in progress)")
            && shown.contains("added to the deadline · deadline 2026-12-01 → 2026-12-24."),
        "{shown}"
    );
    assert!(!shown.contains("status_changed"), "{shown}");
}

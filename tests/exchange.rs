//! `duban export` and `duban import`: an export imported into an empty database gives back the
//! same office (items, records, history with its batches), and a bad file is refused naming the
//! row and field, with nothing written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::{Office, TODAY, bare, refused, zh};
use duban::app;
use duban::clock::Clock;
use duban::domain::history::{Recorded, replay_all};
use duban::exchange::{self, ExportFormat};
use duban::store::{Records, Store};
use serde_json::Value;

/// The export without its head line (which says when it was written).
fn body(export: &str) -> &str {
    export.split_once('\n').map_or("", |(_, rest)| rest)
}

/// A sample office and, on top of it, what the sample leaves out: co-departments, an item
/// without a deadline, text with quotes and newlines, commendations, an undo and a redo.
fn varied_office() -> (Office, String) {
    let o = Office::new();
    o.run(&["demo", "--items", "60"]);
    let n = o.run(&[
        "add",
        "--title",
        "\"引号\" 与 \\ 反斜杠",
        "--lead",
        "市财政局",
        "--co",
        "市教育局,市审计局",
        "--requirement",
        "第一行\n第二行\t制表",
        "--no-deadline-reason",
        "长期工作",
        "--flags",
        "major,leader",
        "--urgent",
    ]);
    let n = n.trim();
    o.run(&["assign", n]);
    o.run(&["commend", n, "--reason", "提前完成", "--points", "2.5"]);
    o.run(&["commend", n, "--reason", "主动协调", "--target", "张三"]);
    o.run(&["undo"]);
    o.run(&["redo"]);
    o.run(&["commend", n, "--reason", "又一次", "--points", "-0.5"]);
    o.run(&["undo"]);
    let n = n.to_string();
    (o, n)
}

fn stored(at: &str) -> (i64, i64, usize) {
    let store = duban::store::open(&duban::store::Location::parse(at.as_ref())).unwrap();
    (
        store.item_count().unwrap(),
        store.event_count().unwrap(),
        store.departments().unwrap().len(),
    )
}

#[test]
fn an_export_imported_into_an_empty_database_gives_back_the_same_office() {
    let (a, n) = varied_office();
    let exported = a.run(&["export"]);
    let doc: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["format"], "duban-export");
    assert_eq!(doc["version"], 1);
    let item = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == n.as_str())
        .unwrap();
    assert_eq!(item["co_departments"][0], "市审计局");
    assert_eq!(item["commendations"].as_array().unwrap().len(), 2);
    assert_eq!(item["requirement"], "第一行\n第二行\t制表");
    let kinds: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "undone",
        "redone",
        "commended",
        "extension_decided",
        "milestone_done",
    ] {
        assert!(kinds.contains(&kind), "{kind} is exported");
    }

    // Through a file, into an empty database.
    let file = a.dir.path().join("office.json");
    let said = a.run(&["export", "--out", file.to_str().unwrap()]);
    assert!(said.starts_with("exported 61 items and "), "{said}");
    let b = Office::new();
    let said = b.run(&["import", file.to_str().unwrap()]);
    assert!(
        said.starts_with("imported 13 departments, 61 items and "),
        "{said}"
    );

    // The same office: the export again, every item as shown, the lists.
    assert_eq!(body(&b.run(&["export"])), body(&exported));
    for i in doc["items"].as_array().unwrap() {
        let n = i["number"].as_str().unwrap();
        assert_eq!(
            b.run(&["show", n, "--format", "json"]),
            a.run(&["show", n, "--format", "json"]),
            "{n}"
        );
    }
    assert_eq!(
        b.run(&["list", "--all", "--format", "json"]),
        a.run(&["list", "--all", "--format", "json"])
    );
    // The imported office's kept days give the same bulletins, for this year and for a month
    // that ended before the import.
    for at in [TODAY, "2026-09-30"] {
        let args = ["report", "--period", "year", "--at", at, "--format", "json"];
        let shown = a.run(&args);
        assert!(shown.contains("\"in_scope\""), "{shown}");
        assert_eq!(b.run(&args), shown, "as of {at}");
        let args = [
            "report", "--period", "month", "--at", at, "--format", "json",
        ];
        assert_eq!(b.run(&args), a.run(&args), "the month as of {at}");
    }
    // The batches came along: the clerk's undo takes back the same action in both, at the same
    // moment (`--now`), so the whole export is the same, the undo events' times too.
    let undo_at = format!("{TODAY}T16:45:30");
    let undo = ["--now", undo_at.as_str(), "undo"];
    assert_eq!(b.run(&undo), a.run(&undo));
    let (after_a, after_b) = (a.run(&["export"]), b.run(&["export"]));
    assert_eq!(body(&after_b), body(&after_a));
    assert!(
        after_a.contains(&format!("\"at\":\"{undo_at}\"")),
        "the undo is stamped with --now: {after_a}"
    );
}

#[test]
fn the_ten_thousand_item_sample_office_round_trips_and_replays_the_same() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    let mut original = app::Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(now),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut original, 10_000, 2026).unwrap();
    let first = exchange::export(&original.store, ExportFormat::Json, Vec::new(), now).unwrap();
    let first = String::from_utf8(first).unwrap();

    let mut copy = Store::open_in_memory().unwrap();
    let done = exchange::import(&mut copy, "sample.json", &first, &Default::default()).unwrap();
    assert_eq!(done.items, 10_000);
    assert_eq!(done.events as i64, original.store.event_count().unwrap());
    let again = exchange::export(&copy, ExportFormat::Json, Vec::new(), now).unwrap();
    assert!(
        String::from_utf8(again).unwrap() == first,
        "the export again is the same, byte for byte"
    );

    // The history replays to the same items.
    let history = |store: &Store| {
        let mut events: Vec<Recorded> = Vec::new();
        store.each_event(|e| events.push(e)).unwrap();
        replay_all(&events, None).items
    };
    let replayed = history(&copy);
    assert_eq!(replayed.len(), 10_000);
    assert!(
        replayed == history(&original.store),
        "the same items replayed"
    );
}

/// An export of a small office, as JSON to change.
fn small_export() -> (Office, Value) {
    export_of(12)
}

/// An export of a sample office of `items` items.
fn export_of(items: u32) -> (Office, Value) {
    let o = Office::new();
    o.run(&["demo", "--items", &items.to_string()]);
    let text = o.run(&["export"]);
    (o, serde_json::from_str(&text).unwrap())
}

/// Imports `doc` into a new database: refused with exit 2, one line naming `needle`, and the
/// database left empty.
fn refused_import(doc: &Value, needle: &str) -> String {
    let b = Office::new();
    let file = b.dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_string(doc).unwrap()).unwrap();
    let line = refused(
        b.cmd_on(TODAY).args(["import", file.to_str().unwrap()]),
        needle,
    );
    assert!(line.ends_with("nothing was imported"), "{line}");
    assert_eq!(stored(&b.at), (0, 0, 0), "nothing was written");
    line
}

/// A change that spoils one field of an export.
type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn a_bad_row_is_refused_naming_the_row_and_field_and_nothing_is_written() {
    let (_, good) = small_export();
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "bad code",
            Box::new(|d| d["items"][3]["status"] = "finished".into()),
            "items[3].status must be one of: registered,",
        ),
        (
            "bad date",
            Box::new(|d| d["items"][5]["deadline"] = "2026-02-30".into()),
            "items[5].deadline must be a real date written YYYY-MM-DD",
        ),
        (
            "date outside the office's years",
            Box::new(|d| d["items"][5]["registered_on"] = "1999-12-31".into()),
            "items[5].registered_on 1999-12-31 is outside the years 2000–2099",
        ),
        (
            "missing field",
            Box::new(|d| {
                d["items"][2].as_object_mut().unwrap().remove("title");
            }),
            "items[2].title is missing",
        ),
        (
            "wrong type",
            Box::new(|d| d["items"][2]["urgent"] = "yes".into()),
            "items[2].urgent must be true or false",
        ),
        (
            "unknown department",
            Box::new(|d| d["items"][1]["lead_department"] = "无此单位".into()),
            "items[1].lead_department '无此单位' is not a department listed in \"departments\"",
        ),
        (
            "bad record",
            Box::new(|d| d["items"][0]["feedback"][0]["percent"] = 120.into()),
            "items[0].feedback[0].percent must be a whole number from 0 to 100",
        ),
        (
            "duplicate number",
            Box::new(|d| d["items"][4]["number"] = d["items"][3]["number"].clone()),
            "items[4].number",
        ),
        (
            "unknown item reference",
            Box::new(|d| d["events"][20]["item"] = "2026-999".into()),
            "events[20].item '2026-999' is not an item of the file",
        ),
        (
            "bad event payload",
            Box::new(|d| d["events"][20]["data"] = serde_json::json!({"number": 17})),
            "events[20].data does not decode as its kind",
        ),
        (
            "events out of order",
            Box::new(|d| d["events"][21]["id"] = d["events"][20]["id"].clone()),
            "events[21].id is out of order",
        ),
    ];
    for (what, change, needle) in cases {
        let mut doc = good.clone();
        change(&mut doc);
        let line = refused_import(&doc, needle);
        assert!(line.contains(needle), "{what}: {line}");
    }
}

/// The index of the first item of `doc` with a record in `list` (`feedback`, `notes`, …).
fn first_with(doc: &Value, list: &str) -> usize {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .position(|i| i[list].as_array().is_some_and(|l| !l.is_empty()))
        .unwrap_or_else(|| panic!("no item of the sample office has {list}"))
}

/// Whatever the command line refuses, an import refuses too, and a row must say what its
/// events say: each of these was imported before.
#[test]
fn what_the_command_line_refuses_an_import_refuses_too() {
    // Large enough to hold accountability notes.
    let (_, good) = export_of(150);
    let fb = first_with(&good, "feedback");
    let note = first_with(&good, "notes");
    let open = good["items"]
        .as_array()
        .unwrap()
        .iter()
        .position(|i| i["status"] == "assigned" || i["status"] == "in_progress")
        .unwrap();
    let cases: Vec<(&str, Change, String)> = vec![
        (
            "a title of 100,000 characters",
            Box::new(|d| d["items"][2]["title"] = "长".repeat(100_000).into()),
            "items[2].title must be at most 500 characters (got 100000)".into(),
        ),
        (
            "a newline in a one-line field",
            Box::new(|d| d["items"][2]["owner"] = "张三\n李四".into()),
            "items[2].owner must be one line of text without control characters".into(),
        ),
        (
            "an invisible character",
            Box::new(|d| d["items"][2]["source_ref"] = "办发\u{202e}12号".into()),
            "items[2].source_ref must not hold the invisible character U+202E".into(),
        ),
        (
            "points of 1e308",
            Box::new(move |d| d["items"][note]["notes"][0]["points"] = 1e308.into()),
            format!("items[{note}].notes[0].points must be a number from -100 to 100"),
        ),
        (
            "an empty feedback",
            Box::new(move |d| d["items"][fb]["feedback"][0]["text"] = " ".into()),
            format!("items[{fb}].feedback[0].text must not be empty"),
        ),
        (
            "a forged status",
            Box::new(move |d| d["items"][open]["status"] = "closed".into()),
            format!("items[{open}] disagrees with its events in \"events\" (status"),
        ),
        (
            "a feedback text that differs from its event",
            Box::new(move |d| d["items"][fb]["feedback"][0]["text"] = "另写的进展".into()),
            format!("items[{fb}] disagrees with its events in \"events\" (feedback "),
        ),
        (
            "a note with no event",
            Box::new(move |d| {
                let mut extra = d["items"][note]["notes"][0].clone();
                extra["id"] = 99_999.into();
                d["items"][note]["notes"]
                    .as_array_mut()
                    .unwrap()
                    .push(extra);
            }),
            format!(
                "items[{note}] disagrees with its events in \"events\" (note 99999: no event records it)"
            ),
        ),
        (
            "an item with no registration",
            Box::new(|d| {
                let number = d["items"][1]["number"].clone();
                d["events"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|e| e["item"] != number);
            }),
            "items[1] has no item_registered event in \"events\"".into(),
        ),
    ];
    for (what, change, needle) in cases {
        let mut doc = good.clone();
        change(&mut doc);
        let line = refused_import(&doc, &needle);
        assert!(line.contains(&needle), "{what}: {line}");
    }
}

#[test]
fn a_key_given_twice_in_a_row_is_refused() {
    let (_, good) = small_export();
    let text = serde_json::to_string(&good).unwrap();
    // The first item's title given twice: JSON keeps one of them, silently.
    let at = text.find("\"title\":").unwrap();
    let twice = format!("{}\"title\":\"伪造\",{}", &text[..at], &text[at..]);
    let b = Office::new();
    let file = b.dir.path().join("twice.json");
    std::fs::write(&file, twice).unwrap();
    let line = refused(
        b.cmd_on(TODAY).args(["import", file.to_str().unwrap()]),
        "items[0] holds the key \"title\" twice",
    );
    assert!(line.ends_with("nothing was imported"), "{line}");
    assert_eq!(stored(&b.at), (0, 0, 0), "nothing was written");
}

#[test]
fn a_bad_last_event_leaves_the_database_empty() {
    // Every item and all but the last event are good: nothing of them is written either.
    let (_, mut doc) = small_export();
    let last = doc["events"].as_array().unwrap().len() - 1;
    doc["events"][last]["kind"] = "deleted".into();
    refused_import(&doc, &format!("events[{last}].kind must be one of:"));
}

#[test]
fn a_file_that_is_not_an_export_is_refused() {
    let b = Office::new();
    let file = b.dir.path().join("x.json");
    std::fs::write(&file, "[1, 2").unwrap();
    refused(
        b.cmd_on(TODAY).args(["import", file.to_str().unwrap()]),
        "is not a duban JSON export",
    );
    std::fs::write(&file, r#"{"format":"duban-export","version":2}"#).unwrap();
    refused(
        b.cmd_on(TODAY).args(["import", file.to_str().unwrap()]),
        "\"version\" must be 1",
    );
    assert_eq!(stored(&b.at), (0, 0, 0));
}

#[test]
fn import_refuses_a_database_that_is_not_empty() {
    let (a, _) = small_export();
    let file = a.dir.path().join("office.json");
    a.run(&["export", "--out", file.to_str().unwrap()]);
    let line = a.refuse(
        &["import", file.to_str().unwrap()],
        "already holds 12 items",
    );
    assert!(
        line.contains("import only into an empty database"),
        "{line}"
    );
}

#[test]
fn refusals_are_in_chinese_for_a_chinese_clerk() {
    let (a, mut doc) = small_export();
    doc["items"][5]["deadline"] = "2026-13-01".into();
    let b = Office::new();
    let file = b.dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let line = refused(
        zh(&mut b.cmd_on(TODAY)).args(["import", file.to_str().unwrap()]),
        "items[5].deadline：",
    );
    assert!(
        line.contains("YYYY-MM-DD") && line.contains("未导入任何内容"),
        "{line}"
    );
    // A file spells a status by its code: the refusal lists the codes, in a Chinese sentence.
    doc["items"][5]["deadline"] = "2026-12-01".into();
    doc["items"][3]["status"] = "finished".into();
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    refused(
        zh(&mut b.cmd_on(TODAY)).args(["import", file.to_str().unwrap()]),
        "items[3].status：只能是以下代码之一：registered, assigned, acknowledged, in_progress",
    );
    let file = a.dir.path().join("office.json");
    a.run(&["export", "--out", file.to_str().unwrap()]);
    refused(
        zh(&mut a.cmd_on(TODAY)).args(["import", file.to_str().unwrap()]),
        "只能导入到空数据库",
    );
}

#[test]
fn a_failed_export_to_a_file_leaves_nothing_and_csv_lists_every_item() {
    let (o, _) = small_export();
    // A folder that does not exist: refused, nothing written.
    let missing = o.dir.path().join("no/such/folder/x.json");
    o.refuse(
        &["export", "--out", missing.to_str().unwrap()],
        "does not exist",
    );
    assert!(!missing.exists());
    let csv = o.run(&["export", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("\u{FEFF}number,title,requirement,")
    );
    assert_eq!(lines.count(), 12);
    // The folder holds the database and nothing half-written.
    let file = o.dir.path().join("items.csv");
    o.run(&["export", "--format", "csv", "--out", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
    let leftovers: Vec<_> = std::fs::read_dir(o.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".duban-export-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A refused import into a database that did not exist leaves nothing behind: no empty
/// database, no backups folder (the file is checked whole before the database is opened).
#[test]
fn a_refused_import_leaves_no_new_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\":\"duban-export\",\"version\":1,\"items\":[{}]}",
    )
    .unwrap();
    let db = dir.path().join("new.db");
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "import"])
        .arg(&bad);
    let line = refused(&mut cmd, "nothing was imported");
    assert!(!line.is_empty());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["bad.json"], "nothing else was made");
}

//! End-to-end tests of the `duban` binary against temporary databases, with "today" fixed so
//! that every date, light and count is known in advance.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-11-25";
/// Registration day of the items the list tests make overdue by `TODAY`.
const EARLIER: &str = "2026-11-02";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The binary with no inherited `DUBAN_*` settings, in English whatever the machine's locale.
fn bare() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_duban"));
    cmd.env_remove("DUBAN_DB")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_ACTOR")
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a command, which must succeed; returns its standard output.
fn succeeded(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A temporary folder holding one database.
struct Office {
    dir: TempDir,
    db: PathBuf,
}

/// What a refused command must leave as it was.
#[derive(Debug, PartialEq)]
struct State {
    list: String,
    items: i64,
    events: i64,
}

impl Office {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        Self { dir, db }
    }

    fn cmd_on(&self, today: &str) -> Command {
        let mut cmd = bare();
        cmd.arg("--db")
            .arg(&self.db)
            .arg("--today")
            .arg(today)
            .arg("--actor")
            .arg("督查员");
        cmd
    }

    /// Runs a command on `today`, which must succeed; returns its standard output.
    fn run_on(&self, today: &str, args: &[&str]) -> String {
        succeeded(self.cmd_on(today).args(args))
    }

    fn run(&self, args: &[&str]) -> String {
        self.run_on(TODAY, args)
    }

    /// Registers an item on `today` and returns its number.
    fn add_on(&self, today: &str, title: &str, extra: &[&str]) -> String {
        let mut args = vec!["add", "--title", title, "--lead", "住建局"];
        args.extend_from_slice(extra);
        let out = self.run_on(today, &args);
        assert!(out.ends_with('\n') && out.lines().count() == 1, "{out:?}");
        out.trim().to_string()
    }

    fn add(&self, title: &str, extra: &[&str]) -> String {
        self.add_on(TODAY, title, extra)
    }

    fn show(&self, number: &str) -> Value {
        let out = self.run(&["show", number, "--format", "json"]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("show is not JSON ({e}): {out}"))
    }

    fn list_on(&self, today: &str, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run_on(today, &all);
        match serde_json::from_str(&out) {
            Ok(Value::Array(items)) => items,
            other => panic!("list is not a JSON array: {other:?}\n{out}"),
        }
    }

    /// Numbers of the items `list` shows on `today`, in order.
    fn numbers_on(&self, today: &str, args: &[&str]) -> Vec<String> {
        self.list_on(today, args)
            .iter()
            .map(|i| i["number"].as_str().unwrap().to_string())
            .collect()
    }

    fn state(&self) -> State {
        let list = self.run(&["list", "--all", "--format", "json"]);
        let store = duban::store::Store::open(&self.db).unwrap();
        State {
            list,
            items: store.item_count().unwrap(),
            events: store.event_count().unwrap(),
        }
    }

    /// Runs a command that must be refused as the clerk's mistake: exit code 2, exactly one line
    /// on stderr starting `duban: ` and containing `needle`, nothing on stdout, nothing written.
    fn refuse(&self, args: &[&str], needle: &str) -> String {
        let before = self.state();
        let line = refused(self.cmd_on(TODAY).args(args), needle);
        assert_eq!(self.state(), before, "duban {args:?} changed the database");
        line
    }
}

/// Asserts the command exits with 2 and one `duban: ` line naming `needle`; returns the line.
fn refused(cmd: &mut Command, needle: &str) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{cmd:?}: expected exit code 2, stderr: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{cmd:?} printed on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.ends_with('\n') && stderr.lines().count() == 1,
        "{cmd:?}: expected exactly one line on stderr, got {stderr:?}"
    );
    assert!(stderr.starts_with("duban: "), "{cmd:?}: {stderr:?}");
    assert!(
        stderr.contains(needle),
        "{cmd:?}: stderr does not name {needle:?}: {stderr:?}"
    );
    stderr.trim_end().to_string()
}

fn event_kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

fn status(office: &Office, number: &str) -> String {
    office.show(number)["status"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// Registering

#[test]
fn add_prints_yearly_sequence_numbers() {
    let o = Office::new();
    assert_eq!(
        o.run(&["add", "--title", "一", "--lead", "财政局"]),
        "2026-001\n"
    );
    assert_eq!(
        o.run(&["add", "--title", "二", "--lead", "财政局"]),
        "2026-002\n"
    );
    assert_eq!(o.add("三", &[]), "2026-003");
    let numbers: BTreeSet<String> = o.numbers_on(TODAY, &[]).into_iter().collect();
    assert_eq!(
        numbers,
        ["2026-001", "2026-002", "2026-003"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    // The title, lead and registration day are stored as given.
    let d = o.show("2026-002");
    assert_eq!(d["title"], "二");
    assert_eq!(d["lead_department"], "财政局");
    assert_eq!(d["registered_on"], TODAY);
    assert_eq!(d["status"], "registered");
}

#[test]
fn due_accepts_a_date_calendar_days_and_working_days() {
    let o = Office::new();
    let cases = [
        ("2026-12-01", "2026-12-01"),
        // Saturday 12-05 moves to Monday (顺延).
        ("+10d", "2026-12-07"),
        ("+5wd", "2026-12-02"),
        ("+0d", TODAY),
    ];
    for (due, want) in cases {
        let n = o.add("落实整改", &["--due", due]);
        let d = o.show(&n);
        assert_eq!(d["deadline"], want, "--due {due}");
        assert_eq!(d["original_deadline"], want, "--due {due}");
    }
}

#[test]
fn default_deadline_follows_the_source_kind() {
    let o = Office::new();
    let cal = duban::domain::WorkCalendar::default();
    let today = day(TODAY);
    let wd = |n| cal.add_working_days(today, n).to_string();
    // Literal dates as well as the calendar's answer: 2026-12-02 is 5 working days after
    // Wednesday 2026-11-25; 2027 has no notice in the calendar, so 1 January (a Friday) works.
    assert_eq!(wd(5), "2026-12-02");
    assert_eq!(wd(30), "2027-01-06");
    let cases: [(&[&str], String); 8] = [
        (
            &["--source", "instruction", "--urgent"],
            "2026-12-02".into(),
        ),
        (&["--source", "document"], "2027-01-06".into()),
        (&["--source", "meeting"], wd(20)),
        (&["--source", "instruction"], wd(15)),
        (&["--source", "instruction", "--flags", "difficult"], wd(30)),
        (&["--source", "annual"], "2026-12-31".into()),
        // Public complaints (12345): 15 working days; deputies' proposals: 3 calendar months.
        (&["--source", "complaint"], "2026-12-16".into()),
        (&["--source", "proposal"], "2027-02-25".into()),
    ];
    for (args, want) in cases {
        let n = o.add("按来源定时限", args);
        assert_eq!(
            o.show(&n)["deadline"],
            Value::from(want.clone()),
            "{args:?}"
        );
    }
    assert_ne!(wd(15), wd(20));
    // Without a deadline, with the reason.
    let n = o.add("待上级明确", &["--no-deadline-reason", "待上级明确时限"]);
    let d = o.show(&n);
    assert_eq!(d["deadline"], Value::Null);
    assert_eq!(d["no_deadline_reason"], "待上级明确时限");
}

#[test]
fn add_records_every_field() {
    let o = Office::new();
    let n = o.add(
        "推进老旧小区改造",
        &[
            "--owner",
            "李四",
            "--co",
            "财政局，教育局、住建局",
            "--source",
            "instruction",
            "--ref",
            "办发〔2026〕12号",
            "--instruction",
            "抓紧办理",
            "--leader",
            "王市长",
            "--requirement",
            "年底前完成",
            "--cadence",
            "monthly",
            "--flags",
            "major,leader",
            "--urgent",
            "--due",
            "2026-12-10",
        ],
    );
    let d = o.show(&n);
    assert_eq!(d["owner"], "李四");
    assert_eq!(d["co_departments"], serde_json::json!(["教育局", "财政局"]));
    assert_eq!(d["source_kind"], "instruction");
    assert_eq!(d["source_ref"], "办发〔2026〕12号");
    assert_eq!(d["instruction"], "抓紧办理");
    assert_eq!(d["leader"], "王市长");
    assert_eq!(d["requirement"], "年底前完成");
    assert_eq!(d["cadence"], "monthly");
    assert_eq!(
        d["flags"],
        serde_json::json!({"major": true, "difficult": false, "important": false, "leader": true})
    );
    assert_eq!(d["urgent"], true);
    assert_eq!(d["deadline"], "2026-12-10");
}

// ---------------------------------------------------------------------------------------------
// Refusals: exit code 2, one line naming the field, nothing written

/// An office with one item, so that "nothing written" has something to compare.
fn office_with_item() -> Office {
    let o = Office::new();
    assert_eq!(o.add("已有事项", &["--due", "2026-12-10"]), "2026-001");
    o
}

fn add_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["add", "--title", "新事项", "--lead", "财政局"];
    args.extend_from_slice(extra);
    args
}

#[test]
fn empty_and_blank_titles_are_refused() {
    let o = office_with_item();
    for title in ["", "   ", "\u{3000}"] {
        let line = o.refuse(&["add", "--title", title, "--lead", "财政局"], "title");
        assert!(line.contains("must not be empty"), "{title:?}: {line}");
    }
}

#[test]
fn title_length_limit_is_500_characters() {
    let o = office_with_item();
    let long = "督".repeat(501);
    let line = o.refuse(&["add", "--title", &long, "--lead", "财政局"], "title");
    assert!(line.contains("500") && line.contains("501"), "{line}");
    let ok = "督".repeat(500);
    let n = o.add(&ok, &[]);
    assert_eq!(n, "2026-002");
    assert_eq!(o.show(&n)["title"].as_str().unwrap().chars().count(), 500);
}

#[test]
fn unknown_codes_are_refused() {
    let o = office_with_item();
    let cases: [(&[&str], &str); 5] = [
        (&["--source", "rumour"], "source"),
        (&["--cadence", "daily"], "cadence"),
        (&["--flags", "major,shiny"], "flags"),
        (&["--flags", "urgent"], "flags"),
        (&["--source", "Meeting!"], "source"),
    ];
    for (extra, field) in cases {
        let line = o.refuse(&add_args(extra), field);
        assert!(line.contains("must be one of"), "{extra:?}: {line}");
    }
    let line = o.refuse(
        &[
            "note", "2026-001", "--level", "scolding", "--reason", "逾期",
        ],
        "level",
    );
    assert!(
        line.contains("reminder") && line.contains("referral"),
        "{line}"
    );
    o.refuse(&["list", "--light", "purple"], "light");
    // An instruction needs the leader who gave it.
    o.refuse(&add_args(&["--instruction", "抓紧办理"]), "leader");
    o.refuse(&["list", "--status", "done"], "status");
}

#[test]
fn bad_dates_are_refused() {
    let o = office_with_item();
    for bad in ["2026-02-30", "12/01/2026", "tomorrow-ish", "+5w", "+-3d"] {
        let line = o.refuse(&add_args(&["--due", bad]), "due");
        assert!(line.contains(bad), "{bad}: {line}");
        assert!(line.contains("YYYY-MM-DD"), "{bad}: {line}");
    }
    // --today is checked the same way, before the database is touched.
    for bad in ["2026-02-30", "12/01/2026", "tomorrow-ish"] {
        let before = o.state();
        let mut cmd = bare();
        cmd.arg("--db")
            .arg(&o.db)
            .arg("--today")
            .arg(bad)
            .args(add_args(&[]));
        refused(&mut cmd, "--today");
        assert_eq!(o.state(), before);
    }
    // Milestones and extensions parse dates the same way.
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "节点",
            "--due",
            "2026-02-30",
        ],
        "due",
    );
    o.refuse(
        &[
            "extend",
            "2026-001",
            "--to",
            "tomorrow-ish",
            "--reason",
            "需要时间",
        ],
        "--to",
    );
}

#[test]
fn a_deadline_before_registration_is_refused() {
    let o = office_with_item();
    let line = o.refuse(&add_args(&["--due", "2026-11-24"]), "due");
    assert!(
        line.contains("2026-11-24") && line.contains("2026-11-25"),
        "{line}"
    );
    // The registration day itself is allowed.
    assert_eq!(o.add("当日到期", &["--due", TODAY]), "2026-002");
}

#[test]
fn bad_percents_are_refused() {
    let o = office_with_item();
    for bad in ["-1", "101", "abc", "50%", "1.5"] {
        let pct = format!("--percent={bad}");
        let line = o.refuse(&["feedback", "2026-001", "--text", "进展", &pct], "percent");
        assert!(line.contains("0 to 100"), "{bad}: {line}");
    }
    // The edges are accepted.
    o.run(&["feedback", "2026-001", "--text", "开始", "--percent", "0"]);
    o.run(&["feedback", "2026-001", "--text", "完成", "--percent", "100"]);
    assert_eq!(o.show("2026-001")["last_percent"], 100);
}

/// `--percent -1` typed as a clerk types it is taken by the argument parser as an unknown
/// option: several lines of usage instead of the one sentence naming `percent`.
#[test]
fn negative_percent_separated_by_a_space_is_refused_in_one_line() {
    let o = office_with_item();
    o.refuse(
        &["feedback", "2026-001", "--text", "进展", "--percent", "-1"],
        "percent",
    );
}

#[test]
fn unknown_and_malformed_item_numbers_are_refused() {
    let o = office_with_item();
    for args in [
        &["show", "2026-999"][..],
        &["assign", "2026-999"],
        &["feedback", "2026-999", "--text", "进展"],
        &[
            "note",
            "2026-999",
            "--level",
            "reminder",
            "--reason",
            "逾期",
            "--require",
            "报送",
        ],
        &["extend", "2026-999", "--to", "+5wd", "--reason", "需要时间"],
        &["milestone", "2026-999", "--done", "1"],
    ] {
        let line = o.refuse(args, "2026-999");
        assert!(line.contains("not in this database"), "{args:?}: {line}");
    }
    for bad in ["abc", "2026-0", "26-001", "2026-x1"] {
        let line = o.refuse(&["show", bad], "number");
        assert!(line.contains(bad) && line.contains("2026-017"), "{line}");
        o.refuse(&["assign", bad], "number");
        o.refuse(&["cancel", bad, "--reason", "重复立项"], "number");
    }
    o.refuse(&["milestone", "2026-001", "--done", "1"], "milestone 1");
}

#[test]
fn a_database_in_a_missing_folder_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("missing");
    let db = folder.join("x.db");
    let mut cmd = bare();
    cmd.arg("--db").arg(&db).arg("--today").arg(TODAY);
    cmd.args(["add", "--title", "新事项", "--lead", "财政局"]);
    let line = refused(&mut cmd, "--db");
    assert!(line.contains("does not exist"), "{line}");
    assert!(line.contains(&folder.display().to_string()), "{line}");
    assert!(!folder.exists());
}

#[test]
fn a_database_that_cannot_be_written_is_refused() {
    let db = Path::new("/proc/duban-test.db");
    let mut cmd = bare();
    cmd.arg("--db").arg(db).arg("--today").arg(TODAY);
    cmd.args(["add", "--title", "新事项", "--lead", "财政局"]);
    let line = refused(&mut cmd, "/proc/duban-test.db");
    assert!(line.contains("cannot open"), "{line}");
    assert!(!db.exists());
}

#[test]
fn a_file_that_is_not_a_duban_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let text = "这不是数据库\nnot a database either\n".repeat(50);
    std::fs::write(&path, &text).unwrap();
    for args in [
        &["list"][..],
        &["add", "--title", "新事项", "--lead", "财政局"],
        &["demo", "--items", "5"],
    ] {
        let mut cmd = bare();
        cmd.arg("--db")
            .arg(&path)
            .arg("--today")
            .arg(TODAY)
            .args(args);
        let line = refused(&mut cmd, "not a duban database");
        assert!(line.contains(&path.display().to_string()), "{line}");
        assert_eq!(std::fs::read(&path).unwrap(), text.as_bytes(), "{args:?}");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("notes.txt")]);
}

#[test]
fn a_sqlite_file_of_another_program_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a');")
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&path)
        .arg("--today")
        .arg(TODAY)
        .arg("list");
    refused(&mut cmd, "not a duban database");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_database_of_a_newer_duban_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", duban::store::schema::APPLICATION_ID)
            .unwrap();
        conn.pragma_update(
            None,
            "user_version",
            duban::store::schema::SCHEMA_VERSION + 1,
        )
        .unwrap();
        conn.execute_batch("CREATE TABLE future (x)").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&path)
        .arg("--today")
        .arg(TODAY)
        .arg("list");
    let line = refused(&mut cmd, "newer duban");
    assert!(
        line.contains(&format!(
            "schema {}",
            duban::store::schema::SCHEMA_VERSION + 1
        )),
        "{line}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn control_characters_in_one_line_fields_are_refused() {
    let o = office_with_item();
    for bad in ["a\u{1b}[31mb", "a\tb", "a\nb", "\u{7}", "a\rb"] {
        let cases: [(&[&str], &str); 3] = [
            (&["add", "--title", bad, "--lead", "财政局"], "title"),
            (&["add", "--title", "新事项", "--lead", bad], "lead"),
            (&add_args(&["--owner", bad]), "owner"),
        ];
        for (args, field) in cases {
            let line = o.refuse(args, field);
            assert!(
                line.contains("control characters"),
                "{field} {bad:?}: {line}"
            );
            // The refusal never echoes the control character back to the terminal.
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{7}'),
                "{line:?}"
            );
        }
    }
    o.refuse(&add_args(&["--co", "财政局,a\u{1b}b"]), "co");
    o.refuse(&add_args(&["--ref", "办发\u{1b}[2J"]), "ref");
    o.refuse(
        &["feedback", "2026-001", "--text", "进展\u{1b}]0;x\u{7}"],
        "text",
    );
    o.refuse(
        &[
            "note", "2026-001", "--level", "reminder", "--reason", "x", "--target", "a\tb",
        ],
        "target",
    );
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "a\u{1b}b",
            "--due",
            "+3wd",
        ],
        "title",
    );
    o.refuse(
        &["cancel", "2026-001", "--reason", "重复\u{1b}[31m"],
        "reason",
    );
}

/// Error messages quote what was typed; a value with a newline or an escape sequence is
/// printed raw, so the refusal is no longer one line and the escape acts on the terminal.
#[test]
fn refusals_never_echo_control_characters() {
    let o = office_with_item();
    for (extra, field) in [
        (&["--source", "a\nb"][..], "source"),
        (&["--cadence", "\u{1b}[31mweekly"], "cadence"),
        (&["--due", "2026-1\n-01"], "due"),
    ] {
        let line = o.refuse(&add_args(extra), field);
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
    o.refuse(
        &["feedback", "2026-001", "--text", "x", "--percent", "5\n0"],
        "percent",
    );
    o.refuse(&["show", "2026\n-001"], "number");
}

// ---------------------------------------------------------------------------------------------
// The lifecycle

#[test]
fn the_lifecycle_from_registration_to_closing() {
    let o = Office::new();
    let n = o.add("整治背街小巷", &["--due", "2026-12-31"]);
    let steps: [(&[&str], &str, &str); 7] = [
        (&["assign", &n], "assigned", "2026-11-25"),
        (&["start", &n], "in_progress", "2026-11-26"),
        (
            &["submit", &n, "--text", "已全部整治完毕", "--by", "张三"],
            "awaiting_review",
            "2026-11-27",
        ),
        (
            &["return", &n, "--reason", "缺少验收材料"],
            "in_progress",
            "2026-11-30",
        ),
        (&["submit", &n], "awaiting_review", "2026-12-01"),
        (&["approve", &n], "completed", "2026-12-02"),
        (&["close", &n], "closed", "2026-12-03"),
    ];
    for (args, want, today) in steps {
        let out = o.run_on(today, args);
        assert_eq!(out, format!("{n}: {want}\n"), "{args:?}");
        assert_eq!(status(&o, &n), want, "{args:?}");
    }
    let d = o.show(&n);
    assert_eq!(d["assigned_on"], "2026-11-25");
    assert_eq!(d["completed_on"], "2026-12-02");
    assert_eq!(d["closed_on"], "2026-12-03");
    // The first submit with --text recorded a completion feedback; the second had no text.
    let feedback = d["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "{feedback:?}");
    assert_eq!(feedback[0]["kind"], "completion");
    assert_eq!(feedback[0]["text"], "已全部整治完毕");
    assert_eq!(feedback[0]["reporter"], "张三");
    assert_eq!(feedback[0]["percent"], 100);
    assert_eq!(feedback[0]["on_date"], "2026-11-27");
    assert_eq!(
        event_kinds(&d),
        [
            "item_registered",
            "status_changed",
            "status_changed",
            "status_changed",
            "feedback_added",
            "status_changed",
            "status_changed",
            "status_changed",
            "status_changed",
        ]
    );
    // Each move names its from, to and reason.
    let events = d["events"].as_array().unwrap();
    let ret = &events[5];
    assert_eq!(ret["data"]["move"], "return");
    assert_eq!(ret["data"]["from"], "awaiting_review");
    assert_eq!(ret["data"]["to"], "in_progress");
    assert_eq!(ret["data"]["reason"], "缺少验收材料");
    assert_eq!(ret["on_date"], "2026-11-30");
    assert!(events.iter().all(|e| e["actor"] == "督查员"));
    // Closed is the end.
    let line = o.refuse(&["assign", &n], "closed");
    assert!(line.contains("none"), "{line}");
}

#[test]
fn an_illegal_move_is_refused_naming_status_and_allowed_moves() {
    let o = office_with_item();
    let line = o.refuse(&["approve", "2026-001"], "registered");
    assert!(line.contains("assign, suspend, cancel"), "{line}");
    assert_eq!(status(&o, "2026-001"), "registered");
    // A completion report on an item not in progress records neither the move nor the report.
    let line = o.refuse(&["submit", "2026-001", "--text", "已办结"], "cannot submit");
    assert!(line.contains("registered"), "{line}");
    assert!(
        o.show("2026-001")["feedback"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    o.run(&["assign", "2026-001"]);
    let line = o.refuse(&["close", "2026-001"], "assigned");
    assert!(line.contains("start, suspend, cancel"), "{line}");
    let line = o.refuse(&["resume", "2026-001"], "assigned");
    assert!(line.contains("cannot resume"), "{line}");
    assert_eq!(status(&o, "2026-001"), "assigned");
}

#[test]
fn return_suspend_and_cancel_need_a_reason() {
    let o = office_with_item();
    for mv in ["assign", "start", "submit"] {
        o.run(&[mv, "2026-001"]);
    }
    for mv in ["return", "suspend", "cancel"] {
        for reason in ["", "   "] {
            let line = o.refuse(&[mv, "2026-001", "--reason", reason], "reason");
            assert!(line.contains("must not be empty"), "{mv}: {line}");
        }
        // Without --reason at all the argument parser refuses (usage text, exit code 2).
        let before = o.state();
        let out = o.cmd_on(TODAY).args([mv, "2026-001"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{mv}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--reason"));
        assert_eq!(o.state(), before);
    }
    assert_eq!(status(&o, "2026-001"), "awaiting_review");
    // With a reason each works, and the reason is recorded.
    o.run(&["suspend", "2026-001", "--reason", "等待上级批复"]);
    let d = o.show("2026-001");
    assert_eq!(d["status"], "suspended");
    assert_eq!(d["suspended_from"], "awaiting_review");
    assert_eq!(
        d["events"].as_array().unwrap().last().unwrap()["data"]["reason"],
        "等待上级批复"
    );
    o.run(&["resume", "2026-001"]);
    assert_eq!(status(&o, "2026-001"), "awaiting_review");
    o.run(&["cancel", "2026-001", "--reason", "重复立项"]);
    assert_eq!(status(&o, "2026-001"), "cancelled");
}

// ---------------------------------------------------------------------------------------------
// Extensions

#[test]
fn an_approved_extension_moves_the_deadline_and_keeps_the_original() {
    let o = Office::new();
    let n = o.add("延期事项", &["--due", "2026-11-30"]);
    // `+5wd` counts from the current deadline (Monday 11-30), not from today.
    let out = o.run(&["extend", &n, "--to", "+5wd", "--reason", "需协调用地"]);
    assert_eq!(out, format!("{n}: extension to 2026-12-07 requested\n"));
    // A request alone does not move the deadline, and a second one waits for the first.
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-11-30");
    assert_eq!(d["extensions"][0]["decision"], "pending");
    o.refuse(
        &["extend", &n, "--to", "2026-12-20", "--reason", "再延"],
        "waiting for a decision",
    );
    assert_eq!(
        o.run(&["extension", &n, "approve"]),
        format!("{n}: extension approved\n")
    );
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-12-07");
    assert_eq!(d["original_deadline"], "2026-11-30");
    let ext = &d["extensions"][0];
    assert_eq!(ext["old_deadline"], "2026-11-30");
    assert_eq!(ext["new_deadline"], "2026-12-07");
    assert_eq!(ext["reason"], "需协调用地");
    assert_eq!(ext["decision"], "approved");
    assert_eq!(ext["decided_on"], TODAY);
    assert_eq!(ext["requested_on"], TODAY);
    let kinds = event_kinds(&d);
    assert_eq!(
        kinds,
        [
            "item_registered",
            "extension_requested",
            "extension_decided"
        ]
    );
    let decided = d["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(decided["data"]["before"]["deadline"], "2026-11-30");
    assert_eq!(decided["data"]["after"]["deadline"], "2026-12-07");
    // Nothing left to decide.
    o.refuse(&["extension", &n, "approve"], "no extension request");
}

#[test]
fn an_extension_on_or_after_the_deadline_is_refused() {
    let o = Office::new();
    let n = o.add("今日到期", &["--due", TODAY]);
    let line = o.refuse(
        &["extend", &n, "--to", "+5wd", "--reason", "来不及"],
        "already late",
    );
    assert!(line.contains(TODAY), "{line}");
    // The day after, too.
    let m = o.add("明日到期", &["--due", "2026-11-26"]);
    let before = o.state();
    refused(
        o.cmd_on("2026-11-27")
            .args(["extend", &m, "--to", "2026-12-10", "--reason", "来不及"]),
        "already late",
    );
    assert_eq!(o.state(), before);
    // A new deadline that is not later than the current one is refused as well.
    o.refuse(
        &["extend", &m, "--to", "2026-11-26", "--reason", "x"],
        "must be after the current deadline",
    );
    assert!(o.show(&n)["extensions"].as_array().unwrap().is_empty());
}

#[test]
fn a_rejected_extension_leaves_the_deadline() {
    let o = Office::new();
    let n = o.add("驳回延期", &["--due", "2026-11-30"]);
    o.run(&["extend", &n, "--to", "2026-12-15", "--reason", "人手不足"]);
    assert_eq!(
        o.run(&["extension", &n, "reject"]),
        format!("{n}: extension rejected\n")
    );
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-11-30");
    assert_eq!(d["original_deadline"], "2026-11-30");
    assert_eq!(d["extensions"][0]["decision"], "rejected");
    assert_eq!(d["version"], 2);
    // A new request may follow a decided one.
    o.run(&["extend", &n, "--to", "2026-12-04", "--reason", "再议"]);
    assert_eq!(o.show(&n)["extensions"].as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Milestones, feedback, notes

#[test]
fn milestones_are_added_and_marked_done() {
    let o = Office::new();
    let n = o.add(
        "分阶段推进",
        &["--cadence", "staged", "--due", "2026-12-31"],
    );
    assert_eq!(
        o.run(&[
            "milestone",
            &n,
            "--title",
            "完成方案",
            "--due",
            "2026-12-01"
        ]),
        format!("{n}: milestone 1 due 2026-12-01\n")
    );
    assert_eq!(
        o.run(&["milestone", &n, "--title", "完成施工", "--due", "+10wd"]),
        format!("{n}: milestone 2 due 2026-12-09\n")
    );
    assert_eq!(o.show(&n)["next_milestone_due"], "2026-12-01");
    assert_eq!(
        o.run_on("2026-11-30", &["milestone", &n, "--done", "1"]),
        format!("{n}: milestone 1 done\n")
    );
    let d = o.show(&n);
    let ms = d["milestones"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0]["title"], "完成方案");
    assert_eq!(ms[0]["done_on"], "2026-11-30");
    assert_eq!(ms[1]["title"], "完成施工");
    assert_eq!(ms[1]["due_on"], "2026-12-09");
    assert_eq!(ms[1]["done_on"], Value::Null);
    assert_eq!(d["next_milestone_due"], "2026-12-09");
    assert_eq!(
        event_kinds(&d),
        [
            "item_registered",
            "milestone_added",
            "milestone_added",
            "milestone_done"
        ]
    );
    o.refuse(&["milestone", &n, "--done", "3"], "milestone 3");
}

#[test]
fn feedback_records_text_percent_and_reporter() {
    let o = office_with_item();
    let out = o.run(&[
        "feedback",
        "2026-001",
        "--text",
        "已完成主体工程",
        "--percent",
        "60",
        "--by",
        "张三",
    ]);
    assert_eq!(out, "2026-001: feedback recorded\n");
    let d = o.show("2026-001");
    let f = &d["feedback"][0];
    assert_eq!(f["text"], "已完成主体工程");
    assert_eq!(f["percent"], 60);
    assert_eq!(f["reporter"], "张三");
    assert_eq!(f["kind"], "progress");
    assert_eq!(f["on_date"], TODAY);
    assert_eq!(d["last_percent"], 60);
    assert_eq!(d["last_feedback_on"], TODAY);
    // Feedback without a percent keeps the last one.
    o.run(&["feedback", "2026-001", "--text", "继续推进"]);
    let d = o.show("2026-001");
    assert_eq!(d["feedback"].as_array().unwrap().len(), 2);
    assert_eq!(d["last_percent"], 60);
    o.refuse(&["feedback", "2026-001", "--text", "  "], "text");
}

#[test]
fn notes_record_level_reason_requirement_target_and_points() {
    let o = office_with_item();
    let out = o.run(&[
        "note",
        "2026-001",
        "--level",
        "interview",
        "--reason",
        "逾期未反馈",
        "--require",
        "三日内报送整改方案",
        "--target",
        "住建局",
        "--points",
        "-2.5",
    ]);
    assert_eq!(out, "2026-001: interview recorded\n");
    let d = o.show("2026-001");
    let n = &d["notes"][0];
    assert_eq!(n["level"], "interview");
    assert_eq!(n["reason"], "逾期未反馈");
    assert_eq!(n["requirement"], "三日内报送整改方案");
    assert_eq!(n["target"], "住建局");
    assert_eq!(n["points"], -2.5);
    assert_eq!(n["on_date"], TODAY);
    assert_eq!(d["top_level"], "interview");
    assert_eq!(d["last_note_on"], TODAY);
    // A lower note does not lower the highest level reached.
    o.run(&[
        "note",
        "2026-001",
        "--level",
        "reminder",
        "--reason",
        "提醒",
        "--require",
        "按时反馈",
    ]);
    let d = o.show("2026-001");
    assert_eq!(d["top_level"], "interview");
    assert_eq!(d["notes"].as_array().unwrap().len(), 2);
    o.refuse(
        &[
            "note", "2026-001", "--level", "reminder", "--reason", "x", "--points", "lots",
        ],
        "points",
    );
    o.refuse(
        &["note", "2026-001", "--level", "reminder", "--reason", " "],
        "reason",
    );
}

/// `--points` accepts decimals (`-2.5` above), but refusing `lots` says "must be a whole number".
#[test]
fn bad_points_are_refused_with_what_is_accepted() {
    let o = office_with_item();
    let line = o.refuse(
        &[
            "note", "2026-001", "--level", "reminder", "--reason", "x", "--points", "lots",
        ],
        "points",
    );
    assert!(!line.contains("whole number"), "{line}");
    assert!(line.contains("100"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// Lists

/// Eight items registered on 2026-11-02, seen on 2026-11-25:
/// 001 green (12-31), 002 red (11-24), 003 orange (due today), 004 yellow (11-30),
/// 005 red (11-10), 006 completed, 007 cancelled, 008 closed.
fn list_office() -> Office {
    let o = Office::new();
    let items: [(&str, &str, &str, &[&str]); 8] = [
        ("修缮老旧小区", "财政局", "2026-12-31", &["--owner", "李四"]),
        ("整治背街小巷", "住建局", "2026-11-24", &[]),
        ("排查燃气管道", "住建局", TODAY, &[]),
        ("建设智慧校园", "教育局", "2026-11-30", &[]),
        (
            "清理违规广告牌",
            "城管局",
            "2026-11-10",
            &["--ref", "办发〔2026〕12号"],
        ),
        ("完成年度审计", "审计局", "2026-12-20", &[]),
        ("撤销的项目", "财政局", "2026-12-31", &[]),
        ("已销号事项", "审计局", "2026-12-15", &[]),
    ];
    for (i, (title, lead, due, extra)) in items.iter().enumerate() {
        let mut args = vec!["add", "--title", title, "--lead", lead, "--due", due];
        args.extend_from_slice(extra);
        assert_eq!(o.run_on(EARLIER, &args), format!("2026-{:03}\n", i + 1));
    }
    for n in ["2026-006", "2026-008"] {
        for mv in ["assign", "start", "submit", "approve"] {
            o.run_on(EARLIER, &[mv, n]);
        }
    }
    o.run_on(EARLIER, &["close", "2026-008"]);
    o.run_on(EARLIER, &["cancel", "2026-007", "--reason", "重复立项"]);
    o
}

fn numbers(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn list_sorts_by_light_then_deadline_and_hides_finished_items() {
    let o = list_office();
    let open = o.list_on(TODAY, &[]);
    let got: Vec<(&str, &str)> = open
        .iter()
        .map(|i| (i["number"].as_str().unwrap(), i["light"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-005", "red"),
            ("2026-002", "red"),
            ("2026-003", "orange"),
            ("2026-004", "yellow"),
            ("2026-001", "green"),
        ]
    );
    assert_eq!(open[0]["overdue_working_days"], 11);
    assert_eq!(open[1]["overdue_working_days"], 1);
    assert_eq!(open[2]["working_days_left"], 0);
    assert_eq!(open[3]["working_days_left"], 3);
    assert_eq!(open[2]["overdue_working_days"], Value::Null);
    assert_eq!(
        o.numbers_on(TODAY, &["--all"]),
        numbers(&[
            "2026-005", "2026-002", "2026-003", "2026-004", "2026-008", "2026-006", "2026-001",
            "2026-007"
        ])
    );
    let all = o.list_on(TODAY, &["--all"]);
    let statuses: Vec<&str> = all.iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            "registered",
            "registered",
            "registered",
            "registered",
            "closed",
            "completed",
            "registered",
            "cancelled"
        ]
    );
    // On the registration day everything is still far off: nothing is red.
    assert!(o.list_on(EARLIER, &[]).iter().all(|i| i["light"] != "red"));
}

#[test]
fn list_filters() {
    let o = list_office();
    let cases: [(&[&str], &[&str]); 14] = [
        (&["--overdue"], &["2026-005", "2026-002"]),
        (&["--light", "red"], &["2026-005", "2026-002"]),
        (&["--light", "orange"], &["2026-003"]),
        (&["--light", "yellow"], &["2026-004"]),
        (&["--light", "green"], &["2026-001"]),
        (
            &["--light", "green", "--all"],
            &["2026-008", "2026-006", "2026-001", "2026-007"],
        ),
        (&["--dept", "住建局"], &["2026-002", "2026-003"]),
        (&["--dept", "住建"], &[]),
        (&["--status", "completed"], &["2026-006"]),
        (&["--status", "closed"], &["2026-008"]),
        (&["--status", "cancelled"], &["2026-007"]),
        (
            &["--status", "registered"],
            &["2026-005", "2026-002", "2026-003", "2026-004", "2026-001"],
        ),
        (&["--dept", "审计局", "--all"], &["2026-008", "2026-006"]),
        (&["--overdue", "--dept", "城管局"], &["2026-005"]),
    ];
    for (args, want) in cases {
        assert_eq!(o.numbers_on(TODAY, args), numbers(want), "list {args:?}");
    }
    // Overdue depends on the day asked about.
    assert!(o.numbers_on(EARLIER, &["--overdue"]).is_empty());
    assert_eq!(
        o.numbers_on("2026-11-26", &["--overdue"]),
        numbers(&["2026-005", "2026-002", "2026-003"])
    );
}

#[test]
fn list_search_matches_title_number_department_owner_and_reference() {
    let o = list_office();
    let cases: [(&[&str], &[&str]); 8] = [
        (&["--search", "燃气"], &["2026-003"]),
        (&["--search", "2026-004"], &["2026-004"]),
        (&["--search", "教育局"], &["2026-004"]),
        (&["--search", "住建"], &["2026-002", "2026-003"]),
        (&["--search", "李四"], &["2026-001"]),
        (&["--search", "办发〔2026〕12号"], &["2026-005"]),
        (&["--search", "审计", "--all"], &["2026-008", "2026-006"]),
        (&["--search", "100%"], &[]),
    ];
    for (args, want) in cases {
        assert_eq!(o.numbers_on(TODAY, args), numbers(want), "list {args:?}");
    }
    // The completed audit item is found only with --all.
    assert!(o.numbers_on(TODAY, &["--search", "年度审计"]).is_empty());
}

#[test]
fn list_formats() {
    let o = list_office();
    // JSON: one object per line inside an array.
    let json = o.run(&["list", "--format", "json"]);
    let lines: Vec<&str> = json.lines().collect();
    assert_eq!(lines.len(), 7, "{json}");
    assert_eq!((lines[0], lines[6]), ("[", "]"));
    assert!(
        lines[1].starts_with("{\"number\":\"2026-005\""),
        "{}",
        lines[1]
    );
    // CSV: a header and one record per item, same order.
    let csv_text = o.run(&["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "number");
    assert_eq!(&headers[1], "light");
    let deadline_col = headers.iter().position(|h| h == "deadline").unwrap();
    let overdue_col = headers
        .iter()
        .position(|h| h == "overdue_working_days")
        .unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let got: Vec<(&str, &str)> = records.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(
        got,
        [
            ("2026-005", "red"),
            ("2026-002", "red"),
            ("2026-003", "orange"),
            ("2026-004", "yellow"),
            ("2026-001", "green"),
        ]
    );
    assert_eq!(&records[0][deadline_col], "2026-11-10");
    assert_eq!(&records[0][overdue_col], "11");
    assert_eq!(&records[4][overdue_col], "");
    assert_eq!(&records[0][2], "清理违规广告牌");
    // Table: header, one row per item starting with the light's letter, and the count line.
    let table = o.run(&["list"]);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 7, "{table}");
    assert!(rows[0].starts_with("L number"), "{}", rows[0]);
    let starts: Vec<String> = rows[1..6]
        .iter()
        .map(|r| r.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        starts,
        [
            "R 2026-005",
            "R 2026-002",
            "O 2026-003",
            "Y 2026-004",
            "G 2026-001"
        ]
    );
    assert!(rows[1].contains("-11wd"), "{}", rows[1]);
    assert_eq!(rows[6], "5 items · red 2 · orange 1 · yellow 1 · green 1");
    // An empty list is still valid JSON.
    let empty = o.run(&["list", "--format", "json", "--search", "不存在的事项"]);
    assert_eq!(empty, "[]\n");
}

#[test]
fn items_without_a_deadline_come_last_within_their_light() {
    let o = Office::new();
    o.add("未明确时限", &["--no-deadline-reason", "待上级明确"]);
    o.add("年底完成", &["--due", "2026-12-31"]);
    o.add("月底完成", &["--due", "2026-12-30"]);
    let items = o.list_on(TODAY, &[]);
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["number"].as_str().unwrap(), i["light"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-003", "green"),
            ("2026-002", "green"),
            ("2026-001", "green")
        ]
    );
    assert_eq!(items[2]["deadline"], Value::Null);
    assert_eq!(items[2]["working_days_left"], Value::Null);
}

#[test]
fn a_red_item_without_a_note_for_five_working_days_is_unaddressed() {
    let o = list_office();
    let open = o.list_on(TODAY, &["--light", "red"]);
    // 2026-005 is 11 working days late with no note; 2026-002 only 1.
    assert_eq!(open[0]["number"], "2026-005");
    assert_eq!(open[0]["unaddressed"], true);
    assert_eq!(open[1]["number"], "2026-002");
    assert_eq!(open[1]["unaddressed"], false);
    o.run(&[
        "note",
        "2026-005",
        "--level",
        "urging",
        "--reason",
        "逾期未办",
        "--require",
        "三日内办结",
    ]);
    let open = o.list_on(TODAY, &["--light", "red"]);
    assert_eq!(open[0]["number"], "2026-005");
    assert_eq!(open[0]["unaddressed"], false);
    assert_eq!(open[0]["top_level"], "urging");
    // A note does not change the light: the item is still late.
    assert_eq!(open[0]["light"], "red");
}

#[test]
fn missed_weekly_feedback_turns_an_item_yellow_then_orange() {
    let o = Office::new();
    let n = o.add_on(
        "2026-11-05",
        "每周报送进展",
        &["--cadence", "weekly", "--due", "2027-06-30"],
    );
    let light = |today: &str| {
        let items = o.list_on(today, &[]);
        assert_eq!(items.len(), 1);
        (
            items[0]["light"].as_str().unwrap().to_string(),
            items[0]["missed_feedbacks"].as_i64().unwrap(),
        )
    };
    assert_eq!(light("2026-11-13"), ("green".to_string(), 0));
    assert_eq!(light("2026-11-16"), ("yellow".to_string(), 1));
    assert_eq!(light("2026-11-23"), ("orange".to_string(), 2));
    o.run_on("2026-11-20", &["feedback", &n, "--text", "本周进展"]);
    assert_eq!(light("2026-11-23"), ("green".to_string(), 0));
}

#[test]
fn numbers_restart_each_year() {
    let o = Office::new();
    assert_eq!(o.add_on("2026-12-31", "年末立项", &[]), "2026-001");
    assert_eq!(o.add_on("2026-12-31", "年末立项二", &[]), "2026-002");
    assert_eq!(o.add_on("2027-01-04", "新年立项", &[]), "2027-001");
    let d = o.show("2027-001");
    assert_eq!(d["title"], "新年立项");
    assert_eq!(d["registered_on"], "2027-01-04");
    assert_eq!(o.show("2026-002")["title"], "年末立项二");
}

// ---------------------------------------------------------------------------------------------
// The record of one item

#[test]
fn show_json_holds_the_whole_record_with_one_event_per_change() {
    let o = Office::new();
    let n = o.add(
        "全记录事项",
        &[
            "--due",
            "2026-12-18",
            "--co",
            "财政局",
            "--cadence",
            "weekly",
        ],
    );
    o.run(&["assign", &n]);
    o.run(&["start", &n]);
    o.run(&["feedback", &n, "--text", "进展顺利", "--percent", "30"]);
    o.run(&[
        "note",
        &n,
        "--level",
        "urging",
        "--reason",
        "进度偏慢",
        "--require",
        "加快",
    ]);
    o.run(&["milestone", &n, "--title", "方案", "--due", "2026-12-04"]);
    o.run(&["milestone", &n, "--done", "1"]);
    o.run(&[
        "extend",
        &n,
        "--to",
        "2026-12-25",
        "--reason",
        "配合单位未到位",
    ]);
    o.run(&["extension", &n, "approve"]);
    let text = o.run(&["show", &n, "--format", "json"]);
    let d: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        event_kinds(&d),
        [
            "item_registered",
            "status_changed",
            "status_changed",
            "feedback_added",
            "note_added",
            "milestone_added",
            "milestone_done",
            "extension_requested",
            "extension_decided",
        ]
    );
    for key in ["feedback", "notes", "milestones", "extensions"] {
        assert_eq!(d[key].as_array().unwrap().len(), 1, "{key}");
    }
    assert_eq!(d["co_departments"], serde_json::json!(["财政局"]));
    assert_eq!(d["deadline"], "2026-12-25");
    assert_eq!(d["original_deadline"], "2026-12-18");
    assert_eq!(d["status"], "in_progress");
    // Every change but the extension request changed the item and its version.
    assert_eq!(d["version"], 8);
    let events = d["events"].as_array().unwrap();
    let ids: Vec<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let batches: BTreeSet<i64> = events
        .iter()
        .map(|e| e["batch"].as_i64().unwrap())
        .collect();
    assert_eq!(batches.len(), events.len(), "one command, one batch");
    for e in events {
        assert_eq!(e["data"]["number"], n.as_str(), "{e}");
        assert_eq!(e["on_date"], TODAY);
    }
    // The assessment of the day comes with it.
    assert_eq!(d["light"], "green");
    // After one urging notice the ladder suggests a second one (urged twice, then the next
    // step: DOMAIN.md's repeated urging).
    assert_eq!(d["suggested_level"], "urging");
    assert_eq!(d["top_level"], "urging");
    // The table form carries the same record.
    let table = o.run(&["show", &n]);
    assert!(
        table.starts_with(&format!("{n} [G] 全记录事项\n")),
        "{table}"
    );
    assert!(table.contains("history (9)"), "{table}");
    assert!(table.contains("feedback (1)"), "{table}");
}

// ---------------------------------------------------------------------------------------------
// The sample office

#[test]
fn demo_fills_an_empty_database_with_every_kind_of_item() {
    let o = Office::new();
    let out = o.run(&["demo", "--items", "300", "--seed", "7"]);
    assert!(out.starts_with("sample office: 300 items in "), "{out}");
    let items = o.list_on(TODAY, &["--all"]);
    assert_eq!(items.len(), 300);
    let seen = |key: &str| -> BTreeSet<String> {
        items
            .iter()
            .map(|i| i[key].as_str().unwrap().to_string())
            .collect()
    };
    let all =
        |codes: &[&str]| -> BTreeSet<String> { codes.iter().map(|s| s.to_string()).collect() };
    assert_eq!(
        seen("status"),
        all(&[
            "registered",
            "assigned",
            "in_progress",
            "awaiting_review",
            "completed",
            "closed",
            "suspended",
            "cancelled"
        ])
    );
    assert_eq!(seen("light"), all(&["red", "orange", "yellow", "green"]));
    assert_eq!(
        seen("source_kind"),
        all(&[
            "meeting",
            "document",
            "instruction",
            "superior",
            "proposal",
            "complaint",
            "annual",
            "other"
        ])
    );
    assert_eq!(
        seen("cadence"),
        all(&["once", "weekly", "monthly", "quarterly", "annual", "staged"])
    );
    // Numbers are unique.
    assert_eq!(seen("number").len(), 300);
    // A second run refuses: the database is not empty.
    let line = o.refuse(&["demo", "--items", "300", "--seed", "7"], "300 items");
    assert!(line.contains("empty database"), "{line}");
}

#[test]
fn demo_with_the_same_seed_and_day_is_the_same_office() {
    let a = Office::new();
    let b = Office::new();
    let c = Office::new();
    a.run(&["demo", "--items", "120", "--seed", "7"]);
    b.run(&["demo", "--items", "120", "--seed", "7"]);
    c.run(&["demo", "--items", "120", "--seed", "8"]);
    let la = a.run(&["list", "--all", "--format", "json"]);
    let lb = b.run(&["list", "--all", "--format", "json"]);
    let lc = c.run(&["list", "--all", "--format", "json"]);
    assert_eq!(la, lb);
    assert_ne!(la, lc, "another seed gives another office");
    let parsed: Vec<Value> = serde_json::from_str(&la).unwrap();
    assert_eq!(parsed.len(), 120);
}

// ---------------------------------------------------------------------------------------------
// Files and environment

#[test]
fn a_new_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let o = Office::new();
    assert!(!o.db.exists());
    o.add("新建数据库", &[]);
    let mode = std::fs::metadata(&o.db).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    // Listing creates a database too, also private.
    let other = o.dir.path().join("y.db");
    bare()
        .arg("--db")
        .arg(&other)
        .arg("--today")
        .arg(TODAY)
        .arg("list")
        .assert()
        .success();
    let mode = std::fs::metadata(&other).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[test]
fn environment_variables_work_like_the_options() {
    let o = Office::new();
    let add = succeeded(
        bare()
            .env("DUBAN_DB", &o.db)
            .env("DUBAN_TODAY", EARLIER)
            .env("DUBAN_ACTOR", "环境变量")
            .args([
                "add",
                "--title",
                "环境变量事项",
                "--lead",
                "财政局",
                "--due",
                "+5wd",
            ]),
    );
    assert_eq!(add, "2026-001\n");
    assert!(o.db.exists());
    let show = succeeded(
        bare()
            .env("DUBAN_DB", &o.db)
            .env("DUBAN_TODAY", TODAY)
            .args(["show", "2026-001", "--format", "json"]),
    );
    let d: Value = serde_json::from_str(&show).unwrap();
    assert_eq!(d["registered_on"], EARLIER);
    assert_eq!(d["deadline"], "2026-11-09");
    assert_eq!(d["events"][0]["actor"], "环境变量");
    // $DUBAN_TODAY decides the light: on 2026-11-25 the item is 12 working days late.
    assert_eq!(d["light"], "red");
    assert_eq!(d["overdue_working_days"], 12);
    // The options win over the environment.
    let other = o.dir.path().join("other.db");
    let out = bare()
        .env("DUBAN_DB", &other)
        .env("DUBAN_TODAY", "2026-12-31")
        .arg("--db")
        .arg(&o.db)
        .arg("--today")
        .arg(EARLIER)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["light"], "green");
    assert!(!other.exists());
    // A bad $DUBAN_TODAY is refused like a bad --today.
    let mut cmd = bare();
    cmd.env("DUBAN_DB", &o.db)
        .env("DUBAN_TODAY", "2026-02-30")
        .arg("list");
    refused(&mut cmd, "--today");
}

#[test]
fn refusals_speak_chinese_with_lang_zh() {
    let office = Office::new();
    let out = office
        .cmd_on("2026-11-25")
        .args(["--lang", "zh", "add", "--title", " ", "--lead", "市财政局"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "duban: 事项名称不能为空\n"
    );
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let office = Office::new();
    office.add("事项", &[]);
    succeeded(
        bare()
            .env("DUBAN_DB", &office.db)
            .env("DUBAN_TODAY", "")
            .env("DUBAN_ACTOR", "")
            .env("USER", "")
            .args(["--today", TODAY, "feedback", "2026-001", "--text", "进展"]),
    );
    let shown = office.show("2026-001");
    let last = shown["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "clerk");
    // An empty $DUBAN_DB is no database path: --db wins, and nothing complains.
    succeeded(
        bare()
            .env("DUBAN_DB", "")
            .arg("--db")
            .arg(&office.db)
            .args(["--today", TODAY, "list"]),
    );
}

#[test]
fn a_pending_extension_of_a_cancelled_item_cannot_be_decided() {
    let office = Office::new();
    let n = office.add("事项", &["--due", "+10wd"]);
    office.run(&["extend", &n, "--to", "+20wd", "--reason", "需要协调"]);
    office.run(&["cancel", &n, "--reason", "撤销"]);
    let line = refused(
        office.cmd_on(TODAY).args(["extension", &n, "approve"]),
        "cancelled",
    );
    assert!(line.contains("only an open, running item"), "{line}");
}

#[test]
fn demo_is_for_the_interface_and_show_has_no_csv() {
    let office = Office::new();
    office.add("事项", &[]);
    refused(office.cmd_on(TODAY).args(["--demo", "list"]), "--demo");
    refused(
        office
            .cmd_on(TODAY)
            .args(["show", "2026-001", "--format", "csv"]),
        "csv is for lists",
    );
    refused(
        office.cmd_on(TODAY).args(["milestone", "2026-001"]),
        "--title TEXT --due DATE",
    );
}

#[test]
fn triage_summary_lists_the_days_decisions_with_titles_and_leaves_out_undone_ones() {
    let office = Office::new();
    let first = office.add("整治老旧小区", &[]);
    let second = office.add("推进垃圾分类", &[]);
    office.run(&[
        "feedback",
        &first,
        "--text",
        "已完成摸底",
        "--percent",
        "30",
    ]);
    office.run(&[
        "note",
        &second,
        "--level",
        "reminder",
        "--reason",
        "未按期反馈",
        "--require",
        "按期反馈",
    ]);
    office.run(&["undo"]);
    office.run_on("2026-11-26", &["feedback", &second, "--text", "次日反馈"]);
    let summary = office.run(&["triage", "--summary"]);
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 2, "{summary}");
    assert!(lines[0].contains("1 decided"), "{summary}");
    assert!(
        lines[1].contains(&first) && lines[1].contains("整治老旧小区"),
        "{summary}"
    );
    assert!(lines[1].contains("督查员"), "{summary}");
    assert!(!summary.contains(&second), "{summary}");
    // Another day has its own.
    let next = office.run_on("2026-11-26", &["triage", "--summary"]);
    assert!(next.contains("推进垃圾分类"), "{next}");
}

// ---------------------------------------------------------------------------------------------
// The office's rules

/// The binary in Chinese, for the messages a Chinese clerk reads.
fn zh(cmd: &mut Command) -> &mut Command {
    cmd.env("LANG", "zh_CN.UTF-8")
}

#[test]
fn a_note_without_its_correction_is_refused_at_every_level() {
    let o = office_with_item();
    for level in [
        "reminder",
        "urging",
        "explanation",
        "interview",
        "criticism",
        "deduction",
        "referral",
    ] {
        let line = o.refuse(
            &[
                "note",
                "2026-001",
                "--level",
                level,
                "--reason",
                "逾期",
                "--target",
                "住建局",
            ],
            "require",
        );
        assert!(line.contains("correction"), "{level}: {line}");
        o.refuse(
            &[
                "note",
                "2026-001",
                "--level",
                level,
                "--reason",
                "逾期",
                "--require",
                " \t ",
            ],
            "require",
        );
    }
    let out = zh(o
        .cmd_on(TODAY)
        .args(["note", "2026-001", "--level", "urging", "--reason", "逾期"]))
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8_lossy(&out.stderr);
    assert!(line.contains("整改要求"), "{line}");
    assert!(o.show("2026-001")["notes"].as_array().unwrap().is_empty());
}

#[test]
fn a_notes_target_defaults_to_the_lead_department() {
    let o = office_with_item();
    o.run(&[
        "note",
        "2026-001",
        "--level",
        "urging",
        "--reason",
        "逾期",
        "--require",
        "三日内报送",
    ]);
    o.run(&[
        "note",
        "2026-001",
        "--level",
        "interview",
        "--reason",
        "逾期",
        "--require",
        "约谈",
        "--target",
        "张三",
    ]);
    let d = o.show("2026-001");
    let target = |level: &str| {
        let notes = d["notes"].as_array().unwrap();
        let note = notes.iter().find(|n| n["level"] == level).unwrap();
        note["target"].as_str().unwrap().to_string()
    };
    assert_eq!(target("urging"), "住建局");
    assert_eq!(target("interview"), "张三");
    let events = d["events"].as_array().unwrap();
    let recorded = events
        .iter()
        .find(|e| e["data"]["level"] == "urging")
        .unwrap();
    assert_eq!(recorded["data"]["target"], "住建局");
}

#[test]
fn feedback_is_refused_on_finished_items() {
    let o = Office::new();
    let done = o.add("已办结", &["--due", "2026-12-10"]);
    for step in ["assign", "start", "submit", "approve"] {
        o.run(&[step, &done]);
    }
    let line = o.refuse(&["feedback", &done, "--text", "补充材料"], "feedback");
    assert!(line.contains("completed"), "{line}");
    o.run(&["close", &done]);
    o.refuse(&["feedback", &done, "--text", "补充材料"], "closed");
    let cancelled = o.add("已撤销", &["--due", "2026-12-10"]);
    o.run(&["cancel", &cancelled, "--reason", "重复立项"]);
    o.refuse(&["feedback", &cancelled, "--text", "补充材料"], "cancelled");
    let out = zh(o
        .cmd_on(TODAY)
        .args(["feedback", &cancelled, "--text", "补充材料"]))
    .output()
    .unwrap();
    let line = String::from_utf8_lossy(&out.stderr);
    assert!(line.contains("撤销") && line.contains("进展反馈"), "{line}");
    // Open items, suspended ones and those awaiting review still take feedback.
    let open = o.add("在办", &["--due", "2026-12-10"]);
    o.run(&["feedback", &open, "--text", "进展"]);
    o.run(&["assign", &open]);
    o.run(&["start", &open]);
    o.run(&["submit", &open]);
    o.run(&["feedback", &open, "--text", "补充说明"]);
    o.run(&["suspend", &open, "--reason", "等待批复"]);
    o.run(&["feedback", &open, "--text", "暂停期间说明"]);
}

#[test]
fn a_milestone_may_not_be_due_before_registration() {
    let o = office_with_item();
    let line = o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2026-11-20",
        ],
        "due",
    );
    assert!(line.contains("registration"), "{line}");
    o.run_on(
        "2026-11-26",
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2026-11-25",
        ],
    );
}

/// Runs a command that must succeed; returns standard output and standard error.
fn both(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn deadlines_on_non_working_days_move_to_the_next_working_day_and_the_clerk_is_told() {
    let o = Office::new();
    // Saturday 2026-11-28: on to Monday 11-30. Standard output stays the number alone.
    let (out, err) = both(o.cmd_on(TODAY).args([
        "add",
        "--title",
        "周六到期",
        "--lead",
        "住建局",
        "--due",
        "2026-11-28",
    ]));
    assert_eq!(out, "2026-001\n");
    assert!(
        err.contains("2026-11-28") && err.contains("2026-11-30") && err.contains("working day"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let d = o.show("2026-001");
    assert_eq!(d["deadline"], "2026-11-30");
    assert_eq!(d["original_deadline"], "2026-11-30");
    // A working day says nothing.
    let (_, err) = both(o.cmd_on(TODAY).args([
        "add",
        "--title",
        "周一到期",
        "--lead",
        "住建局",
        "--due",
        "2026-11-30",
    ]));
    assert_eq!(err, "");
    // In Chinese: 顺延. A default deadline that lands on a weekend moves too: three months
    // from Sunday 2026-12-06 is Saturday 2027-03-06.
    let (out, err) = both(zh(o.cmd_on("2026-12-06").args([
        "add",
        "--title",
        "人大建议",
        "--lead",
        "住建局",
        "--source",
        "proposal",
    ])));
    assert!(err.contains("顺延至 2027-03-08"), "{err}");
    assert_eq!(o.show(out.trim())["deadline"], "2027-03-08");
    // Milestones and extension deadlines alike.
    let (out, err) = both(o.cmd_on(TODAY).args([
        "milestone",
        "2026-001",
        "--title",
        "方案",
        "--due",
        "2026-11-29",
    ]));
    assert_eq!(out, "2026-001: milestone 1 due 2026-11-30\n");
    assert!(err.contains("2026-11-29"), "{err}");
    let (out, err) = both(o.cmd_on(TODAY).args([
        "extend",
        "2026-001",
        "--to",
        "2026-12-12",
        "--reason",
        "需协调",
    ]));
    assert_eq!(out, "2026-001: extension to 2026-12-14 requested\n");
    assert!(
        err.contains("2026-12-12") && err.contains("2026-12-14"),
        "{err}"
    );
    o.run(&["extension", "2026-001", "approve"]);
    assert_eq!(o.show("2026-001")["deadline"], "2026-12-14");
}

#[test]
fn extend_counts_working_days_from_the_current_deadline() {
    let o = Office::new();
    let n = o.add("延期", &["--due", "2026-12-10"]);
    let out = o.run(&["extend", &n, "--to", "+5wd", "--reason", "需协调"]);
    assert_eq!(out, format!("{n}: extension to 2026-12-17 requested\n"));
}

#[test]
fn the_actor_is_one_line_of_at_most_100_characters() {
    let o = office_with_item();
    let before = o.state();
    let forged = "督查员\n2026-11-25 09:00 admin item_registered";
    let long = "名".repeat(101);
    for (flag, env, needle) in [
        (Some(forged), None, "--actor"),
        (Some(long.as_str()), None, "--actor"),
        (None, Some(forged), "$DUBAN_ACTOR"),
        (None, Some("a\u{1b}[31mb"), "$DUBAN_ACTOR"),
    ] {
        let mut cmd = bare();
        cmd.arg("--db").arg(&o.db).arg("--today").arg(TODAY);
        if let Some(a) = flag {
            cmd.arg("--actor").arg(a);
        }
        if let Some(a) = env {
            cmd.env("DUBAN_ACTOR", a);
        }
        cmd.args(["feedback", "2026-001", "--text", "进展"]);
        let line = refused(&mut cmd, needle);
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&o.db)
        .arg("--today")
        .arg(TODAY)
        .env("USER", "a\nb")
        .args(["feedback", "2026-001", "--text", "进展"]);
    refused(&mut cmd, "$USER");
    assert_eq!(o.state(), before);
    // A hundred characters is a name like any other.
    let hundred = "名".repeat(100);
    succeeded(
        bare()
            .arg("--db")
            .arg(&o.db)
            .arg("--today")
            .arg(TODAY)
            .arg("--actor")
            .arg(&hundred)
            .args(["feedback", "2026-001", "--text", "进展"]),
    );
}

#[test]
fn dates_outside_2000_to_2099_are_refused_everywhere() {
    let o = office_with_item();
    let before = o.state();
    for today in ["9999-12-31", "0000-01-01", "1999-12-31", "2100-01-01"] {
        let line = refused(
            o.cmd_on(today)
                .args(["add", "--title", "x", "--lead", "住建局"]),
            "--today",
        );
        assert!(line.contains("2000–2099"), "{line}");
        refused(
            bare()
                .arg("--db")
                .arg(&o.db)
                .env("DUBAN_TODAY", today)
                .args(["list"]),
            "--today",
        );
    }
    for due in ["2100-01-04", "0000-01-01", "1999-12-31"] {
        let line = o.refuse(&add_args(&["--due", due]), "due");
        assert!(line.contains("2000–2099"), "{due}: {line}");
    }
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2100-01-04",
        ],
        "2000–2099",
    );
    o.refuse(
        &["extend", "2026-001", "--to", "2100-01-04", "--reason", "x"],
        "--to",
    );
    assert_eq!(o.state(), before);
    // An expression that lands past 2099 is refused; one that stays inside is not.
    let late = Office::new();
    refused(
        late.cmd_on("2099-12-25").args([
            "add",
            "--title",
            "x",
            "--lead",
            "住建局",
            "--due",
            "+9wd",
        ]),
        "due",
    );
    let out = zh(late.cmd_on("2099-12-25").args([
        "add",
        "--title",
        "x",
        "--lead",
        "住建局",
        "--due",
        "+9wd",
    ]))
    .output()
    .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("超出 2000–2099 年"),
        "{out:?}"
    );
    late.run_on(
        "2099-12-25",
        &["add", "--title", "x", "--lead", "住建局", "--due", "+4wd"],
    );
}

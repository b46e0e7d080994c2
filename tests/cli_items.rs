//! End-to-end tests of registering an item (`add`), its number and deadline, and the whole
//! record `show` prints, against temporary databases with "today" fixed.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

use common::*;

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

// ---------------------------------------------------------------------------------------------
// What `add` refuses

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
    // The reading of the day comes with it.
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

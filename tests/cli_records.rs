//! End-to-end tests of what is recorded on an item: progress feedback (`feedback`),
//! accountability notes (`note`) and commendations (`commend`), against temporary databases with "today" fixed.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Feedback

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
fn feedback_is_refused_on_finished_items() {
    let o = Office::new();
    let done = o.add("已办结", &["--due", "2026-12-10"]);
    for step in ["assign", "start"] {
        o.run(&[step, &done]);
    }
    o.run(&["submit", &done, "--text", "已办结"]);
    o.run(&["approve", &done]);
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
    o.run(&["submit", &open, "--text", "已办结"]);
    o.run(&["feedback", &open, "--text", "补充说明"]);
    o.run(&["suspend", &open, "--reason", "等待批复"]);
    o.run(&["feedback", &open, "--text", "暂停期间说明"]);
}

// ---------------------------------------------------------------------------------------------
// Accountability notes

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

// ---------------------------------------------------------------------------------------------
// Commendations

#[test]
fn commendations_are_recorded_off_the_ladder_with_signed_points() {
    let o = office_with_item();
    o.run(&["assign", "2026-001"]);
    let before = o.show("2026-001");
    let out = o.run(&["commend", "2026-001", "--reason", "提前完成并形成经验"]);
    assert_eq!(out, "2026-001: commendation recorded\n");
    o.run(&[
        "commend",
        "2026-001",
        "--reason",
        "主动协调",
        "--target",
        "张三",
        "--points",
        "-0.5",
    ]);
    let d = o.show("2026-001");
    let c = d["commendations"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    // Newest first; the target defaults to the lead department, points to +1.
    assert_eq!(c[0]["reason"], "主动协调");
    assert_eq!(c[0]["target"], "张三");
    assert_eq!(c[0]["points"], -0.5);
    assert_eq!(c[1]["reason"], "提前完成并形成经验");
    assert_eq!(c[1]["target"], "住建局");
    assert_eq!(c[1]["points"], 1.0);
    assert_eq!(c[1]["on_date"], TODAY);
    // Not a ladder level: the ladder, the last note and the suggestion are as they were.
    for key in [
        "top_level",
        "last_note_on",
        "suggested_level",
        "light",
        "unaddressed",
    ] {
        assert_eq!(d[key], before[key], "{key}");
    }
    assert!(d["notes"].as_array().unwrap().is_empty());
    let kinds = event_kinds(&d);
    assert_eq!(kinds.iter().filter(|k| *k == "commended").count(), 2);
    let event = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "commended")
        .unwrap();
    assert_eq!(event["data"]["target"], "住建局");
    assert_eq!(event["data"]["points"], 1.0);
    // The table prints them too.
    let table = o.run(&["show", "2026-001"]);
    assert!(table.contains("commendations (2)"), "{table}");
    assert!(
        table.contains("住建局: 提前完成并形成经验 · points +1"),
        "{table}"
    );
    // Undo takes the last one back; redo puts it back.
    assert_eq!(o.run(&["undo"]), "undone: 2026-001\n");
    assert_eq!(
        o.show("2026-001")["commendations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    o.run(&["redo"]);
    assert_eq!(o.show("2026-001")["commendations"][0]["target"], "张三");
}

#[test]
fn bad_commendations_are_refused_and_write_nothing() {
    let o = office_with_item();
    o.refuse(&["commend", "2026-001", "--reason", " "], "reason");
    for bad in ["101", "-100.5", "lots", "inf"] {
        let points = format!("--points={bad}");
        let line = o.refuse(
            &["commend", "2026-001", "--reason", "好", &points],
            "points",
        );
        assert!(line.contains("-100 to 100"), "{bad}: {line}");
    }
    // A negative number after a space is the points, not an unknown option.
    o.refuse(
        &["commend", "2026-001", "--reason", "好", "--points", "-101"],
        "points",
    );
    o.refuse(&["commend", "2026-009", "--reason", "好"], "2026-009");
    let cancelled = o.add("已撤销", &["--due", "2026-12-10"]);
    o.run(&["cancel", &cancelled, "--reason", "重复立项"]);
    let line = o.refuse(&["commend", &cancelled, "--reason", "好"], "cancelled");
    assert!(line.contains("commendation"), "{line}");
    let out = zh(o
        .cmd_on(TODAY)
        .args(["commend", &cancelled, "--reason", "好"]))
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8_lossy(&out.stderr);
    assert!(line.contains("撤销") && line.contains("通报表扬"), "{line}");
    // Completed and closed items may be commended.
    let done = o.add("已办结", &["--due", "2026-12-10"]);
    for step in ["assign", "start"] {
        o.run(&[step, &done]);
    }
    o.run(&["submit", &done, "--text", "已办结"]);
    o.run(&["approve", &done]);
    o.run(&["commend", &done, "--reason", "按期高质量办结"]);
    o.run(&["close", &done]);
    o.run(&["commend", &done, "--reason", "经验被推广", "--points", "2"]);
    assert_eq!(o.show(&done)["commendations"].as_array().unwrap().len(), 2);
}

/// A point deduction (扣分) takes its points: `--points` left out records the office's −2 (the
/// form's prefill), and the score counts them; `--points` empty, zero or positive is refused
/// naming the field, in the clerk's language.
#[test]
fn a_deduction_takes_the_offices_points_and_refuses_none() {
    let o = office_with_item();
    let deduct = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "note",
            "2026-001",
            "--level",
            "deduction",
            "--reason",
            "逾期",
            "--require",
            "整改",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_string).collect()
    };
    for points in ["", "0", "2"] {
        let args = deduct(&["--points", points]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = o.refuse(&args, "points");
        assert!(line.contains("-2") && line.contains("deduction"), "{line}");
        let line = refused(zh(o.cmd_on(TODAY).args(&args)), "加减分");
        assert!(line.contains("扣分"), "{line}");
    }
    let args = deduct(&[]);
    o.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let notes = &o.show("2026-001")["notes"];
    assert_eq!(notes[0]["level"], "deduction", "{notes}");
    assert_eq!(notes[0]["points"], -2.0, "{notes}");
    // Points given are recorded as given.
    let args = deduct(&["--points", "-3.5"]);
    o.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.show("2026-001")["notes"][0]["points"], -3.5);
    // The year's score counts both: 80 − 2 − 3.5.
    let score: serde_json::Value =
        serde_json::from_str(&o.run(&["score", "--format", "json"])).unwrap();
    let dept = &score["departments"][0];
    assert_eq!(dept["score"], 74.5, "{score}");
    let reasons: Vec<&str> = dept["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(reasons, ["deduction", "deduction"], "{score}");
}

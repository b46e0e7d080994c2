//! End-to-end tests of `triage --summary` (with `undo`) and of the sample office (`demo`),
//! against temporary databases with "today" fixed.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use serde_json::Value;

use common::*;

// ---------------------------------------------------------------------------------------------
// The day's decisions

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
    let printed = office.run(&["triage", "--summary"]);
    // The log ends with the head of the record as the day ended (the next day's feedback is
    // not under it), which the chain proves.
    let (summary, head) = printed.rsplit_once("Record head: ").unwrap();
    let hash = head.split_whitespace().next().unwrap();
    office.run(&["audit", "verify", "--head", hash]);
    assert_ne!(
        office.run(&["audit", "head"]).split_whitespace().nth(1),
        Some(hash),
        "the head as the day ended, not now"
    );
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 2, "{summary}");
    assert!(lines[0].contains("1 decided"), "{summary}");
    assert!(
        lines[1].contains(&first) && lines[1].contains("整治老旧小区"),
        "{summary}"
    );
    assert!(lines[1].contains(&office.actor()), "{summary}");
    assert!(!summary.contains(&second), "{summary}");
    // Another day has its own.
    let next = office.run_on("2026-11-26", &["triage", "--summary"]);
    assert!(next.contains("推进垃圾分类"), "{next}");
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
            "acknowledged",
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

#[test]
fn the_day_summary_counts_only_the_clerks_own_decisions_of_the_day_in_time_order() {
    let o = Office::new();
    o.run(&["demo", "--items", "300", "--seed", "7"]);
    let items = o.list_on(TODAY, &[]);
    let first = items[0]["number"].as_str().unwrap().to_string();
    let second = items[1]["number"].as_str().unwrap().to_string();
    // Another clerk records a feedback on the same day: not this clerk's.
    succeeded(
        o.cmd_as("王芳", TODAY)
            .args(["feedback", &first, "--text", "电话反馈进展"]),
    );
    o.run(&[
        "feedback",
        &second,
        "--text",
        "已完成摸底",
        "--percent",
        "30",
    ]);
    o.run(&[
        "note",
        &first,
        "--level",
        "reminder",
        "--reason",
        "未按期反馈",
        "--require",
        "按期反馈",
    ]);
    let printed = o.run(&["triage", "--summary"]);
    let (summary, _) = printed.rsplit_once("Record head: ").unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert!(lines[0].contains("· 2 decided"), "{summary}");
    assert_eq!(lines.len(), 3, "{summary}");
    assert!(
        lines[1].contains(&second) && lines[1].contains("feedback"),
        "{summary}"
    );
    assert!(lines[2].contains(&first), "{summary}");
    assert!(
        !summary.contains("王芳") && !summary.contains("示例办公室"),
        "{summary}"
    );
    let times: Vec<&str> = lines[1..].iter().map(|l| &l[..5]).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{summary}");
}

/// The day's log lists every decision once: a completion report (the move to review and the
/// report's feedback, one batch) is one line, a return says 退回 with its reason, a commendation
/// is there; and the count is the number of lines, in the text, Markdown and Word logs.
#[test]
fn the_days_log_lists_every_decision_once_with_returns_and_commendations() {
    let o = Office::new();
    let item = o.add("整治老旧小区", &["--due", "2026-12-31"]);
    let other = o.add("推进垃圾分类", &["--due", "2026-12-31"]);
    o.run(&["assign", &item]);
    o.run(&["start", &item]);
    o.run(&["submit", &item, "--text", "已全部完成"]);
    o.run(&["return", &item, "--reason", "佐证材料不全"]);
    o.run(&["commend", &other, "--reason", "提前完成"]);
    let printed = o.run(&["triage", "--summary"]);
    let (summary, _) = printed.rsplit_once("Record head: ").unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 6, "{summary}");
    assert!(lines[0].contains("· 5 decided"), "{summary}");
    let decisions: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(" — ").nth(1).unwrap().split(" · ").next().unwrap())
        .collect();
    assert_eq!(
        decisions,
        [
            "→ assigned",
            "→ in progress",
            "→ awaiting review",
            "returned (佐证材料不全)",
            "commendation"
        ],
        "{summary}"
    );
    let zh_md = succeeded(zh(&mut o.cmd_on(TODAY)).args(["triage", "--summary", "--format", "md"]));
    assert!(zh_md.contains("当日共处置5项。"), "{zh_md}");
    assert_eq!(zh_md.matches("\n| ").count(), 6, "{zh_md}");
    assert!(zh_md.contains("| 退回（佐证材料不全） |"), "{zh_md}");
    assert!(zh_md.contains("| 通报表扬 |"), "{zh_md}");
    assert!(!zh_md.contains("录入反馈"), "{zh_md}");
}

/// 落款: the log names the office that keeps it above its day, from `--office` or
/// `$DUBAN_OFFICE`, in text, Markdown and Word.
#[test]
fn the_days_log_is_signed_by_the_office_above_its_day() {
    let o = Office::new();
    let item = o.add("整治老旧小区", &[]);
    o.run(&["feedback", &item, "--text", "已完成摸底"]);
    let text = o.run(&["triage", "--summary", "--office", "市政府督查室"]);
    assert_eq!(
        text.lines().last(),
        Some("市政府督查室 25 November 2026"),
        "{text}"
    );
    let md = succeeded(
        zh(&mut o.cmd_on(TODAY))
            .env("DUBAN_OFFICE", "市政府督查室")
            .args(["triage", "--summary", "--format", "md"]),
    );
    assert!(md.ends_with("\n\n市政府督查室\n\n2026年11月25日\n"), "{md}");
}

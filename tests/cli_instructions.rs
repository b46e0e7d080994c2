//! End-to-end tests of leaders' instructions during handling (领导批示, `duban instruct`):
//! recorded with the leader, the day, the text and the sense; an affirmative one scores; a new
//! requirement reopens a completed item or amends an open one with a new deadline, and never
//! moves an overdue item's deadline; undo, export and import keep them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::Value;

fn instruct<'a>(number: &'a str, sense: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "instruct",
        number,
        "--leader",
        "王市长",
        "--sense",
        sense,
        "--text",
    ];
    args.push(if sense == "requires" {
        "建立长效机制，按期报送"
    } else {
        "工作扎实"
    });
    args.extend_from_slice(extra);
    args
}

/// An item completed on `TODAY`, registered and due earlier.
fn completed(o: &Office) -> String {
    let n = o.add_on(EARLIER, "已办结事项", &["--due", "2026-11-20"]);
    for step in ["assign", "start"] {
        o.run_on(EARLIER, &[step, &n]);
    }
    o.run_on("2026-11-18", &["submit", &n, "--text", "已完成"]);
    o.run_on("2026-11-19", &["approve", &n]);
    n
}

fn score_lines(o: &Office, department: &str) -> Vec<(String, f64)> {
    let out = o.run(&["score", "--year", "2026", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"] == department)
        .map(|d| {
            d["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    (
                        l["reason"].as_str().unwrap().to_string(),
                        l["points"].as_f64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn affirmative_and_critical_instructions_are_recorded_and_only_the_affirmative_scores() {
    let o = office_with_item();
    o.run(&["assign", "2026-001"]);
    let before = o.show("2026-001");
    assert_eq!(
        o.run(&instruct("2026-001", "affirms", &[])),
        "2026-001: leader's instruction recorded (affirms)\n"
    );
    o.run(&[
        "instruct",
        "2026-001",
        "--leader",
        "李副市长",
        "--sense",
        "批评",
        "--text",
        "进度偏慢",
    ]);
    let d = o.show("2026-001");
    let i = d["instructions"].as_array().unwrap();
    assert_eq!(i.len(), 2);
    // Newest first.
    assert_eq!(i[0]["leader"], "李副市长");
    assert_eq!(i[0]["sense"], "criticises");
    assert_eq!(i[0]["text"], "进度偏慢");
    assert_eq!(i[0]["deadline"], Value::Null);
    assert_eq!(i[1]["sense"], "affirms");
    assert_eq!(i[1]["on_date"], TODAY);
    // Neither changes the item.
    for key in ["status", "deadline", "light", "top_level", "last_note_on"] {
        assert_eq!(d[key], before[key], "{key}");
    }
    assert_eq!(
        event_kinds(&d)
            .iter()
            .filter(|k| *k == "instructed")
            .count(),
        2
    );
    // The affirmative one credits the lead department +1; the criticism scores nothing.
    assert_eq!(
        score_lines(&o, "住建局"),
        [("affirmative_instruction".to_string(), 1.0)]
    );
    // The office sets the weight.
    let config = o.dir.path().join("config.toml");
    std::fs::write(&config, "[score]\naffirmative_instruction = 2.5\n").unwrap();
    let out = o.run(&[
        "--config",
        config.to_str().unwrap(),
        "score",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    assert!(out.contains("\"points\": 2.5"), "{out}");
    // Show prints them in both languages.
    let table = o.run(&["show", "2026-001"]);
    assert!(table.contains("leaders' instructions (2)"), "{table}");
    assert!(table.contains("王市长 (affirms): 工作扎实"), "{table}");
    let zh_table = succeeded(zh(o.cmd_on(TODAY).args(["show", "2026-001"])));
    assert!(zh_table.contains("领导批示 (2)"), "{zh_table}");
    assert!(
        zh_table.contains("李副市长（批评）：进度偏慢"),
        "{zh_table}"
    );
    assert!(
        zh_table.contains("记录王市长批示（肯定）：“工作扎实”"),
        "{zh_table}"
    );
}

#[test]
fn a_new_requirement_reopens_a_completed_item_with_its_new_deadline_and_undo_takes_it_back() {
    let o = Office::new();
    let n = completed(&o);
    let before = o.show(&n);
    assert_eq!(before["status"], "completed");
    let out = o.run(&instruct(&n, "requires", &["--deadline", "2026-12-31"]));
    assert_eq!(
        out,
        format!(
            "{n}: leader's instruction recorded (requires); deadline 2026-11-20 → 2026-12-31; reopened (completed → in_progress)\n"
        )
    );
    let d = o.show(&n);
    assert_eq!(d["status"], "in_progress");
    assert_eq!(d["deadline"], "2026-12-31");
    assert_eq!(d["completed_on"], Value::Null);
    assert_eq!(d["instructions"][0]["deadline"], "2026-12-31");
    // Back in the open list, with its new deadline running.
    let open = o.run(&["list", "--format", "csv"]);
    assert!(open.contains(&n), "{open}");
    // The history says what it did, once.
    let table = o.run(&["show", &n]);
    let line = table
        .lines()
        .find(|l| l.contains("recorded 王市长’s instruction (new requirement)"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        line.contains(
            "deadline 2026-11-20 → 2026-12-31; the item reopened (completed → in progress)"
        ),
        "{line}"
    );
    assert_eq!(line.matches("2026-12-31").count(), 1, "{line}");
    // Undo puts the completion back, redo reopens it again.
    o.run(&["undo"]);
    let undone = o.show(&n);
    for key in ["status", "deadline", "completed_on", "submitted_on"] {
        assert_eq!(undone[key], before[key], "{key}");
    }
    assert!(undone["instructions"].as_array().unwrap().is_empty());
    o.run(&["redo"]);
    assert_eq!(o.show(&n)["status"], "in_progress");
    assert_eq!(
        o.show(&n)["instructions"][0]["id"],
        d["instructions"][0]["id"]
    );
}

#[test]
fn a_new_requirement_on_a_report_awaiting_review_returns_it_and_on_an_open_item_moves_its_deadline()
{
    let o = office_with_item();
    for step in ["assign", "start"] {
        o.run(&[step, "2026-001"]);
    }
    // An open item not yet due: the deadline moves (earlier as well as later).
    o.run(&instruct(
        "2026-001",
        "requires",
        &["--deadline", "2026-12-04"],
    ));
    let d = o.show("2026-001");
    assert_eq!(
        (d["status"].as_str(), d["deadline"].as_str()),
        (Some("in_progress"), Some("2026-12-04"))
    );
    // A report awaiting review goes back to in progress: its submission no longer counts.
    o.run(&["submit", "2026-001", "--text", "已完成"]);
    o.run(&instruct("2026-001", "requires", &["--deadline", "+10wd"]));
    let d = o.show("2026-001");
    assert_eq!(d["status"], "in_progress");
    assert_eq!(d["submitted_on"], Value::Null);
    assert_eq!(d["deadline"], "2026-12-09");
    // A deadline on a day off moves to the next working day, and the clerk is told.
    let out = o
        .cmd_on(TODAY)
        .args(instruct(
            "2026-001",
            "requires",
            &["--deadline", "2026-12-12"],
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(
        told.contains("2026-12-12 is not a working day") && told.contains("2026-12-14"),
        "{told}"
    );
    assert_eq!(o.show("2026-001")["deadline"], "2026-12-14");
}

#[test]
fn instructions_that_the_rules_refuse_write_nothing_and_say_why_in_both_languages() {
    let o = office_with_item();
    // An overdue item, running: a new requirement does not hide its lateness.
    let late = o.add_on(EARLIER, "逾期事项", &["--due", "2026-11-13"]);
    for step in ["assign", "start"] {
        o.run_on(EARLIER, &[step, &late]);
    }
    let line = o.refuse(
        &instruct(&late, "requires", &["--deadline", "2026-12-31"]),
        "past its deadline",
    );
    assert!(line.contains("2026-11-13"), "{line}");
    let out = zh(o
        .cmd_on(TODAY)
        .args(instruct(&late, "requires", &["--deadline", "2026-12-31"])))
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let zh_line = String::from_utf8_lossy(&out.stderr);
    assert!(
        zh_line.contains("超过办理时限") && zh_line.contains("不改变"),
        "{zh_line}"
    );
    // But the leader may still criticise it.
    o.run(&[
        "instruct",
        &late,
        "--leader",
        "王市长",
        "--sense",
        "criticises",
        "--text",
        "抓紧办理",
    ]);
    // The fields.
    o.refuse(&instruct("2026-001", "requires", &[]), "--deadline");
    o.refuse(
        &instruct("2026-001", "affirms", &["--deadline", "2026-12-31"]),
        "only a new requirement",
    );
    o.refuse(
        &instruct("2026-001", "requires", &["--deadline", "2026-11-20"]),
        "before today",
    );
    o.refuse(
        &instruct("2026-001", "requires", &["--deadline", "下周"]),
        "deadline",
    );
    o.refuse(&instruct("2026-001", "praises", &[]), "sense");
    o.refuse(
        &[
            "instruct", "2026-001", "--leader", " ", "--sense", "affirms", "--text", "好",
        ],
        "leader",
    );
    o.refuse(
        &[
            "instruct", "2026-001", "--leader", "王", "--sense", "affirms", "--text", "  ",
        ],
        "text",
    );
    o.refuse(&instruct("2026-009", "affirms", &[]), "2026-009");
    // Suspended, closed and cancelled items.
    let suspended = o.add("中止事项", &["--due", "2026-12-10"]);
    o.run(&["suspend", &suspended, "--reason", "等待上级政策"]);
    o.refuse(
        &instruct(&suspended, "requires", &["--deadline", "2026-12-31"]),
        "resume it",
    );
    let closed = completed(&o);
    o.run(&["close", &closed]);
    o.refuse(
        &instruct(&closed, "requires", &["--deadline", "2026-12-31"]),
        "register the new requirement as a new item",
    );
    // A closed item may still be affirmed.
    o.run(&instruct(&closed, "affirms", &[]));
    let cancelled = o.add("撤销事项", &["--due", "2026-12-10"]);
    o.run(&["cancel", &cancelled, "--reason", "重复立项"]);
    o.refuse(&instruct(&cancelled, "affirms", &[]), "cancelled");
}

#[test]
fn instructions_travel_through_export_and_import() {
    let o = Office::new();
    let n = completed(&o);
    o.run(&instruct(&n, "affirms", &[]));
    o.run(&instruct(&n, "requires", &["--deadline", "2026-12-31"]));
    let file = o.dir.path().join("office.json");
    o.run(&[
        "export",
        "--format",
        "json",
        "--out",
        file.to_str().unwrap(),
    ]);
    let copy = Office::new();
    copy.run(&["import", file.to_str().unwrap()]);
    assert_eq!(copy.show(&n)["instructions"], o.show(&n)["instructions"]);
    assert_eq!(copy.show(&n)["status"], "in_progress");
    assert_eq!(score_lines(&copy, "住建局"), score_lines(&o, "住建局"));
    // A new requirement without its deadline in a file is refused by name.
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen(
        "\"sense\":\"requires\",\"text\":\"建立长效机制，按期报送\",\"deadline\":\"2026-12-31\"",
        "\"sense\":\"requires\",\"text\":\"建立长效机制，按期报送\",\"deadline\":null",
        1,
    );
    assert_ne!(broken, text);
    let bad = o.dir.path().join("broken.json");
    std::fs::write(&bad, broken).unwrap();
    let other = Office::new();
    let line = other.refuse(&["import", bad.to_str().unwrap()], "instructions");
    assert!(line.contains("deadline"), "{line}");
}

#[test]
fn a_new_requirement_is_issued_as_an_assignment_notice_and_urging_notices_quote_instructions() {
    let o = Office::new();
    let n = completed(&o);
    o.run(&instruct(&n, "requires", &["--deadline", "2026-12-31"]));
    let paper = succeeded(zh(o.cmd_on(TODAY).args([
        "notice",
        &n,
        "--assignment",
        "--office",
        "市委督查室",
    ])));
    assert!(paper.starts_with("# 督办事项交办通知单\n"), "{paper}");
    assert!(
        paper.contains("王市长于2026年11月25日对你单位牵头承办的“已办结事项”"),
        "{paper}"
    );
    assert!(
        paper.contains(
            "| 领导批示 | 王市长（2026年11月25日，提出新要求）：建立长效机制，按期报送 |"
        ),
        "{paper}"
    );
    assert!(
        paper.contains("| 新的办理时限 | 2026年12月31日 |"),
        "{paper}"
    );
    assert!(paper.contains("市委督查室"), "{paper}");
    // Word and HTML too.
    for format in ["html", "docx"] {
        let file = o.dir.path().join(format!("assignment.{format}"));
        o.run(&[
            "notice",
            &n,
            "--assignment",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        assert!(std::fs::metadata(&file).unwrap().len() > 500, "{format}");
    }
    // Not for a finished item, and not with --dept.
    let done = completed(&o);
    o.refuse(
        &["notice", &done, "--assignment"],
        "assignment notice is for open items",
    );
    let both = o
        .cmd_on(TODAY)
        .args(["notice", "--dept", "住建局", "--assignment"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    // An urging notice of an overdue item quotes the leaders' instructions on it.
    let late = o.add_on(EARLIER, "逾期事项", &["--due", "2026-11-13"]);
    for step in ["assign", "start"] {
        o.run_on(EARLIER, &[step, &late]);
    }
    o.run(&[
        "instruct",
        &late,
        "--leader",
        "李副市长",
        "--sense",
        "criticises",
        "--text",
        "进度滞后，限期整改",
    ]);
    let urging = succeeded(zh(o.cmd_on(TODAY).args(["notice", &late])));
    assert!(
        urging.contains("| 领导批示 | 李副市长（2026年11月25日，批评）：进度滞后，限期整改 |"),
        "{urging}"
    );
}

#[test]
fn the_periods_bulletin_lists_its_leaders_instructions_even_on_items_finished_earlier() {
    let o = Office::new();
    // Completed in October; affirmed in November.
    let n = o.add_on("2026-10-09", "十月办结事项", &["--due", "2026-10-30"]);
    for step in ["assign", "start"] {
        o.run_on("2026-10-09", &[step, &n]);
    }
    o.run_on("2026-10-20", &["submit", &n, "--text", "已完成"]);
    o.run_on("2026-10-21", &["approve", &n]);
    o.run(&instruct(&n, "affirms", &[]));
    let json = o.run(&[
        "report",
        "--period",
        "month",
        "--at",
        "2026-11-30",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let listed = v["instructions"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{json}");
    assert_eq!(listed[0]["number"], n.as_str());
    assert_eq!(listed[0]["leader"], "王市长");
    assert_eq!(listed[0]["sense"], "affirms");
    // Not counted again as an item of November.
    assert_eq!(v["total"]["in_scope"], 0, "{json}");
    // October's bulletin has none (the instruction is dated in November).
    let october = o.run(&[
        "report",
        "--period",
        "month",
        "--at",
        "2026-10-31",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&october).unwrap();
    assert!(v["instructions"].as_array().unwrap().is_empty());
    // The documents say it under the actions, in words.
    let md = succeeded(zh(o.cmd_on(TODAY).args([
        "report",
        "--period",
        "month",
        "--at",
        "2026-11-30",
        "--format",
        "md",
    ])));
    assert!(md.contains("领导批示情况"), "{md}");
    assert!(
        md.contains("| 十月办结事项 | 王市长（肯定）：工作扎实 |"),
        "{md}"
    );
    // The day's log has it.
    let log = o.run(&["triage", "--summary"]);
    assert!(log.contains("leader's instruction (affirms)"), "{log}");
}

//! End-to-end tests of `duban notice` (one item, one department) and of the printable triage
//! log (`triage --summary --format md|docx`), with "today" fixed at 2026-11-25.
//!
//! Working days from the deadline 2026-11-10 to 2026-11-25: 11-11 … 11-13, 11-16 … 11-20,
//! 11-23 … 11-25 = 11. Three working days after 11-25 (a Wednesday) is Monday 11-30.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

/// An office with two overdue items of 住建局, one of 住建局 not yet due, and one of 财政局
/// with no deadline.
fn office() -> (Office, [String; 4]) {
    let o = Office::new();
    let late = o.add_on(
        EARLIER,
        "整治老旧小区",
        &[
            "--due",
            "2026-11-10",
            "--source",
            "meeting",
            "--ref",
            "第6次常务会议",
            "--owner",
            "李明",
        ],
    );
    let later = o.add_on(EARLIER, "推进垃圾分类", &["--due", "2026-11-20"]);
    let not_due = o.add("新建口袋公园", &["--due", "2026-12-10"]);
    let none = o.run(&[
        "add",
        "--title",
        "研究停车难问题",
        "--lead",
        "财政局",
        "--no-deadline-reason",
        "待上级明确",
    ]);
    (o, [late, later, not_due, none.trim().to_string()])
}

/// A refusal by the argument parser: exit code 2, the option named, nothing printed or written.
fn clap_refuses(o: &Office, args: &[&str], needle: &str) {
    let before = o.state();
    let out = o.cmd_on(TODAY).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert_eq!(o.state(), before);
}

fn en(o: &Office, args: &[&str]) -> String {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    o.run(&all)
}

fn zh(o: &Office, args: &[&str]) -> String {
    let mut all = vec!["--lang", "zh"];
    all.extend_from_slice(args);
    o.run(&all)
}

#[test]
fn one_items_notice_states_number_lateness_level_correction_and_reply_date() {
    let (o, [late, ..]) = office();
    let md = en(&o, &["notice", &late]);
    assert!(
        md.starts_with("# Urging notice\n\nNo. 2026-001\n\nTo: 住建局\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "was due on 10 November 2026 and, as of 25 November 2026, is 11 working days late"
        ),
        "{md}"
    );
    assert!(
        md.contains("| Source | meeting decision (第6次常务会议) |"),
        "{md}"
    );
    assert!(
        md.contains("| Against the deadline | 11 working days late |"),
        "{md}"
    );
    // No note yet: the notice is the first step the ladder suggests, with the office's default
    // correction.
    assert!(md.contains("| Level | reminder |"), "{md}");
    assert!(
        md.contains("| Correction required | report corrective measures and a completion date within 3 working days |"),
        "{md}"
    );
    assert!(md.contains("reply in writing by 30 November 2026"), "{md}");

    let zh_md = zh(&o, &["notice", &late]);
    assert!(zh_md.contains("督字〔2026〕1号"), "{zh_md}");
    assert!(
        zh_md.contains("截至2026年11月25日已超期11个工作日"),
        "{zh_md}"
    );
    assert!(zh_md.contains("请于2026年11月30日前"), "{zh_md}");

    // A note recorded today is what the notice carries: its level and its correction.
    o.run(&[
        "note",
        &late,
        "--level",
        "urging",
        "--reason",
        "逾期未办结",
        "--require",
        "五日内报送整改方案",
    ]);
    let zh_md = zh(&o, &["notice", &late]);
    assert!(zh_md.contains("| 督办层级 | 催办单 |"), "{zh_md}");
    assert!(
        zh_md.contains("| 整改要求 | 五日内报送整改方案 |"),
        "{zh_md}"
    );
    assert!(
        !zh_md.contains("urging") && !zh_md.contains("meeting"),
        "{zh_md}"
    );
}

#[test]
fn an_item_not_overdue_or_without_deadline_gets_a_notice_that_says_so() {
    let (o, [_, _, not_due, none]) = office();
    let md = en(&o, &["notice", &not_due]);
    assert!(
        md.contains("| Against the deadline | not overdue (11 working days left) |"),
        "{md}"
    );
    assert!(
        md.contains("is due on 10 December 2026 and, as of 25 November 2026, not completed"),
        "{md}"
    );
    let md = zh(&o, &["notice", &none]);
    assert!(md.contains("| 办理时限 | 未设办理时限 |"), "{md}");
    assert!(
        md.contains("未设办理时限，截至2026年11月25日尚未办结"),
        "{md}"
    );
}

#[test]
fn a_departments_notice_lists_all_its_overdue_items_and_only_those() {
    let (o, [late, later, not_due, _]) = office();
    let md = en(&o, &["notice", "--dept", "住建局"]);
    assert!(md.starts_with("# Urging notice: overdue items\n"), "{md}");
    assert!(
        md.contains("the following 2 items your department leads"),
        "{md}"
    );
    let doc = |n: &str| format!("No. {n}");
    let first = md.find(&doc(&late)).unwrap();
    let second = md.find(&doc(&later)).unwrap();
    assert!(first < second, "longest late first: {md}");
    assert!(
        md.contains(&format!(
            "| No. {late} | 整治老旧小区 | 10 November 2026 | 11 |"
        )),
        "{md}"
    );
    assert!(!md.contains(&doc(&not_due)), "{md}");
    // In Chinese, and as HTML.
    let html = zh(&o, &["notice", "--dept", "住建局", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<h1>督办事项催办通知</h1>"), "{html}");
    assert!(html.contains("以下2项督办事项已超过办理时限"), "{html}");
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn notice_refuses_what_it_cannot_urge_and_writes_nothing() {
    let (o, [late, _, _, none]) = office();
    o.refuse(&["notice", "abc"], "number");
    o.refuse(&["notice", "2026-099"], "2026-099");
    o.refuse(&["notice", "--dept", "财政局"], "--dept");
    o.refuse(&["notice", "--dept", "不存在的局"], "--dept");
    clap_refuses(&o, &["notice", &late, "--format", "pdf"], "--format");
    clap_refuses(&o, &["notice"], "--dept");
    o.run(&["cancel", &none, "--reason", "重复立项"]);
    o.refuse(&["notice", &none], "cancelled");
    // A folder that does not exist: nothing written anywhere.
    let missing = o.dir.path().join("no-such-folder").join("n.docx");
    o.refuse(
        &[
            "notice",
            &late,
            "--format",
            "docx",
            "--out",
            missing.to_str().unwrap(),
        ],
        "no-such-folder",
    );
    assert!(!missing.exists());
}

#[test]
fn notice_writes_a_word_document_to_a_file_or_to_a_pipe() {
    let (o, [late, ..]) = office();
    let path = o.dir.path().join("催办单.docx");
    let said = zh(
        &o,
        &[
            "notice",
            &late,
            "--format",
            "docx",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert!(said.starts_with("已写入 "), "{said}");
    let bytes = std::fs::read(&path).unwrap();
    let doc = docx_rs::read_docx(&bytes).unwrap();
    let text: Vec<String> = doc
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert_eq!(text[0], "督办事项催办单");
    assert_eq!(text[2], "督字〔2026〕1号");
    // No temporary file left beside it (the database's daily copies are in their folder).
    let files: Vec<_> = std::fs::read_dir(o.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with("x.db") && n != "backups")
        .collect();
    assert_eq!(files, ["催办单.docx"]);
    // Piped, the bytes themselves.
    let out = o
        .cmd_on(TODAY)
        .args(["notice", &late, "--format", "docx"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK"), "not a zip");
}

#[test]
fn triage_summary_prints_the_days_log_as_markdown_and_word() {
    let (o, [late, later, ..]) = office();
    o.run(&[
        "note",
        &late,
        "--level",
        "urging",
        "--reason",
        "逾期",
        "--require",
        "三日内整改",
    ]);
    o.run(&[
        "feedback",
        &later,
        "--text",
        "已完成摸底 | <b>",
        "--percent",
        "40",
    ]);
    let md = en(&o, &["triage", "--summary", "--format", "md"]);
    assert!(
        md.starts_with("# Triage log, 25 November 2026\n\n2 decisions recorded this day.\n"),
        "{md}"
    );
    assert!(
        md.contains("| Time | Number | Item | Decision | By |"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "| No. {late} | 整治老旧小区 | note (urging notice) | {} |",
            o.actor()
        )),
        "{md}"
    );
    let zh_md = zh(&o, &["triage", "--summary", "--format", "md"]);
    assert!(
        zh_md.starts_with("# 督办事项研判处置日志（2026年11月25日）\n"),
        "{zh_md}"
    );
    assert!(zh_md.contains("督字〔2026〕2号"), "{zh_md}");
    // The plain text summary is as before.
    let text = en(&o, &["triage", "--summary"]);
    assert!(text.lines().next().unwrap().contains("2 decided"), "{text}");
    // As Word.
    let path = o.dir.path().join("log.docx");
    en(
        &o,
        &[
            "triage",
            "--summary",
            "--format",
            "docx",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    let doc = docx_rs::read_docx(&std::fs::read(&path).unwrap()).unwrap();
    assert!(matches!(
        doc.document.children.first(),
        Some(docx_rs::DocumentChild::Paragraph(p)) if p.raw_text() == "Triage log"
    ));
    // --format belongs to --summary.
    clap_refuses(&o, &["triage", "--format", "md"], "--summary");
}

/// Suspension stops the clock (DOMAIN.md): an item suspended before its deadline is not urged
/// (refused with a sentence, exit 2, nothing written); one suspended when already late is
/// urged with the suspension stated and its lateness frozen on the day it was suspended; a
/// report awaiting review is not urged (the department has reported).
#[test]
fn a_suspended_item_is_urged_only_when_it_was_late_and_the_notice_says_so() {
    let (o, [_, later, not_due, _]) = office();
    o.run(&["suspend", &not_due, "--reason", "等待规划调整"]);
    let before = o.state();
    let line = o.refuse(&["notice", &not_due], "suspended");
    assert!(
        line.contains(&not_due) && line.contains("2026-11-25"),
        "{line}"
    );
    assert!(!line.contains("left"), "{line}");
    refused(
        o.cmd_on("2026-11-27")
            .args(["--lang", "zh", "notice", &not_due]),
        "事项已中止",
    );
    assert_eq!(o.state(), before, "nothing written");

    // Due 11-20 (a Friday), suspended on Monday 11-23: one working day late, frozen there.
    o.run_on(
        "2026-11-23",
        &[
            "suspend",
            &later,
            "--reason",
            "等待上级批复",
            "--approved-by",
            "李副市长",
        ],
    );
    let md = zh(&o, &["notice", &later]);
    assert!(
        md.contains("已超期1个工作日（截至2026年11月23日中止之日；中止期间不计入办理时限）"),
        "{md}"
    );
    assert!(md.contains("至2026年11月23日中止时已超期1个工作日"), "{md}");
    assert!(!md.contains("尚余") && !md.contains("未超期"), "{md}");
    let en_md = en(&o, &["notice", &later]);
    assert!(
        en_md.contains("1 working day late (as of its suspension on 23 November 2026"),
        "{en_md}"
    );

    // A report awaiting review.
    let fresh = o.add("修缮老旧管网", &["--due", "2026-12-31"]);
    o.run(&["assign", &fresh]);
    o.run(&["start", &fresh]);
    o.run(&["submit", &fresh, "--text", "已完成"]);
    let line = o.refuse(&["notice", &fresh], "review");
    assert!(line.contains(&fresh), "{line}");
}

/// 落款: the notice is signed by the issuing office above its date, from `--office` or
/// `$DUBAN_OFFICE`.
#[test]
fn the_notice_is_signed_by_the_office_above_its_date() {
    let (o, [late, ..]) = office();
    let md = zh(&o, &["notice", &late, "--office", "市政府督查室"]);
    assert!(md.ends_with("\n\n市政府督查室\n\n2026年11月25日\n"), "{md}");
    let html = succeeded(o.cmd_on(TODAY).env("DUBAN_OFFICE", "市政府督查室").args([
        "--lang",
        "en",
        "notice",
        "--dept",
        "住建局",
        "--format",
        "html",
    ]));
    assert!(
        html.contains("<p class=\"sign\">市政府督查室</p>\n<p class=\"sign\">25 November 2026</p>"),
        "{html}"
    );
}

/// A notice prints the head of the record it was made from above its foot, in every format.
#[test]
fn a_notice_prints_the_record_head_it_was_made_from() {
    let (o, [late, ..]) = office();
    let head = o.run(&["audit", "head"]);
    let hash = head.split_whitespace().nth(1).unwrap().to_string();
    let md = zh(&o, &["notice", &late]);
    assert!(md.contains(&format!("记录校验码：{hash}")), "{md}");
    let html = zh(&o, &["notice", &late, "--format", "html"]);
    assert!(html.contains(&format!("记录校验码：{hash}")), "{html}");
    let assignment = zh(&o, &["notice", &late, "--assignment"]);
    assert!(
        assignment.contains(&format!("记录校验码：{hash}")),
        "{assignment}"
    );
}

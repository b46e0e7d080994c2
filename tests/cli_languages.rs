//! The command line in the clerk's language: the Chinese names the interface shows are
//! accepted where a value is typed, refusals list what is accepted in the clerk's language,
//! confirmations and file errors are Chinese under a Chinese locale and English otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

fn zh_run(o: &Office, args: &[&str]) -> String {
    succeeded(zh(&mut o.cmd_on(TODAY)).args(args))
}

#[test]
fn chinese_names_are_accepted_where_values_are_typed() {
    let o = Office::new();
    let out = zh_run(
        &o,
        &[
            "add",
            "--title",
            "批示事项",
            "--lead",
            "住建局",
            "--flags",
            "领导关注、大事",
            "--source",
            "领导批示",
            "--cadence",
            "周督办",
        ],
    );
    assert_eq!(out, "2026-001\n");
    let d = o.show("2026-001");
    let flags = &d["flags"];
    assert_eq!(
        (
            flags["major"].as_bool(),
            flags["difficult"].as_bool(),
            flags["leader"].as_bool()
        ),
        (Some(true), Some(false), Some(true)),
        "{d}"
    );
    assert_eq!(d["source_kind"], "instruction");
    assert_eq!(d["cadence"], "weekly");
    // English names too, whatever the language.
    o.add(
        "English names",
        &[
            "--flags",
            "leader-concerned",
            "--source",
            "leader instruction",
        ],
    );
    assert_eq!(o.show("2026-002")["flags"]["leader"], true);
    assert_eq!(o.show("2026-002")["source_kind"], "instruction");
    o.run(&["assign", "2026-001"]);
    o.run(&["start", "2026-001"]);
    let listed = o.list_on(TODAY, &["--status", "办理中"]);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let listed = o.list_on(TODAY, &["--status", "in progress"]);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let out = zh_run(
        &o,
        &[
            "note",
            "2026-001",
            "--level",
            "约谈",
            "--reason",
            "进度滞后",
            "--require",
            "三日内整改",
        ],
    );
    assert_eq!(out, "2026-001：已记录问责（约谈）\n");
    assert_eq!(o.show("2026-001")["notes"][0]["level"], "interview");
}

#[test]
fn a_refused_value_lists_what_is_accepted_in_the_clerks_language() {
    let o = office_with_item();
    let line = refused(
        zh(&mut o.cmd_on(TODAY)).args(["list", "--light", "紫"]),
        "灯色只能是：红、橙、黄、绿（输入为“紫”）",
    );
    assert!(!line.contains("red"), "{line}");
    refused(
        zh(&mut o.cmd_on(TODAY)).args(["add", "--title", "x", "--lead", "y", "--flags", "紧要"]),
        "重点标记只能是：大事、难事、重要事、领导关注",
    );
    refused(
        o.cmd_on(TODAY).args(["list", "--status", "x"]),
        "status must be one of: registered, assigned, acknowledged, in progress, awaiting review",
    );
}

#[test]
fn confirmations_are_in_the_clerks_language() {
    let o = office_with_item();
    let out = zh_run(
        &o,
        &["feedback", "2026-001", "--text", "已开工", "--by", "张三"],
    );
    assert_eq!(out, "2026-001：已记录进展反馈\n");
    assert_eq!(zh_run(&o, &["assign", "2026-001"]), "2026-001：已交办\n");
    assert_eq!(o.run(&["start", "2026-001"]), "2026-001: in_progress\n");
    let summary = zh_run(&o, &["triage", "--summary"]);
    assert_eq!(
        summary.lines().next(),
        Some("督办研判 2026-11-25 · 已处理 3 项"),
        "{summary}"
    );
}

/// The sample office says what it made in the clerk's language (it said it in English only).
#[test]
fn the_sample_office_says_what_it_made_in_the_clerks_language() {
    let o = Office::new();
    let out = zh_run(&o, &["demo", "--items", "20", "--seed", "7"]);
    let said = out.split("，写入 ").next().unwrap_or_default();
    assert_eq!(said, "示例办公室：20 个事项", "{out}");
    assert!(english_words(said).is_empty(), "{out}");
}

#[test]
fn a_missing_folder_for_out_is_named_as_outs_folder() {
    let o = office_with_item();
    let missing = o.dir.path().join("no-such-folder").join("x.md");
    let missing = missing.to_str().unwrap();
    let line = refused(
        zh(&mut o.cmd_on(TODAY)).args(["triage", "--summary", "--out", missing]),
        "输出文件（--out）所在的文件夹",
    );
    assert!(line.contains("不存在"), "{line}");
    let line = refused(
        zh(&mut o.cmd_on(TODAY)).args(["export", "--out", missing]),
        "输出文件（--out）所在的文件夹",
    );
    assert!(!line.contains("数据库"), "{line}");
    refused(
        o.cmd_on(TODAY).args(["export", "--out", missing]),
        "the folder",
    );
}

/// Latin words other than key names and formats: what a Chinese line must not hold.
fn english_words(text: &str) -> Vec<&str> {
    const ALLOWED: &[&str] = &["duban", "md", "docx", "csv", "json", "html"];
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !ALLOWED.contains(w))
        .collect()
}

#[test]
fn list_and_show_speak_the_clerks_language() {
    let o = Office::new();
    o.add_on(
        EARLIER,
        "全记录事项",
        &[
            "--flags",
            "leader,major",
            "--source",
            "instruction",
            "--instruction",
            "抓紧办理",
            "--leader",
            "市长",
            "--due",
            "2026-11-20",
        ],
    );
    o.run_on(EARLIER, &["assign", "2026-001"]);
    o.run_on(EARLIER, &["start", "2026-001"]);
    o.run_on(
        EARLIER,
        &[
            "milestone",
            "2026-001",
            "--title",
            "完成方案",
            "--due",
            "2026-11-10",
        ],
    );
    o.run_on(
        EARLIER,
        &["extend", "2026-001", "--to", "+3wd", "--reason", "需要协调"],
    );
    o.run_on(
        EARLIER,
        &[
            "feedback",
            "2026-001",
            "--text",
            "已开工",
            "--percent",
            "30",
            "--by",
            "张三",
        ],
    );
    o.run_on(
        EARLIER,
        &[
            "note",
            "2026-001",
            "--level",
            "reminder",
            "--reason",
            "进度滞后",
            "--require",
            "三日内整改",
        ],
    );
    o.run_on(EARLIER, &["commend", "2026-001", "--reason", "配合积极"]);
    o.run_on(EARLIER, &["suspend", "2026-001", "--reason", "等待资金"]);
    o.run(&["resume", "2026-001"]);
    for args in [&["show", "2026-001"][..], &["list"][..]] {
        let zh_text = zh_run(&o, args);
        for line in zh_text.lines() {
            // The clerk's name is the office's data (on a server, its login).
            assert!(
                english_words(&line.replace(&o.actor(), "")).is_empty(),
                "{args:?}: {line}\n{zh_text}"
            );
        }
        // The English less the office's own words holds no Chinese.
        let mut en_text = o.run(args);
        for data in [
            "全记录事项",
            "住建局",
            "抓紧办理",
            "市长",
            "完成方案",
            "需要协调",
            "已开工",
            "张三",
            "进度滞后",
            "三日内整改",
            "配合积极",
            "等待资金",
            "督查员",
        ] {
            en_text = en_text.replace(data, "");
        }
        assert!(
            !en_text
                .chars()
                .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)),
            "{args:?}: {en_text}"
        );
    }
    let en_show = o.run(&["show", "2026-001"]);
    for code in [
        "in_progress",
        "leader instruction",
        "status_changed",
        "item_registered",
    ] {
        let shown = en_show.contains(code);
        assert_eq!(shown, code == "leader instruction", "{code}: {en_show}");
    }
    let zh_show = zh_run(&o, &["show", "2026-001"]);
    assert!(zh_show.contains("  状态     办理中\n"), "{zh_show}");
    assert!(zh_show.contains("标记 大事、领导关注"), "{zh_show}");
    assert!(zh_show.contains("恢复办理（中止 → 办理中）"), "{zh_show}");
    let zh_list = zh_run(&o, &["list"]);
    let last = zh_list.lines().last().unwrap_or_default();
    assert!(last.starts_with("共 1 项 · 红 "), "{zh_list}");
    assert!(
        zh_list
            .lines()
            .nth(1)
            .unwrap_or_default()
            .contains("办理中"),
        "{zh_list}"
    );
}

#[test]
fn usage_refusals_are_whole_sentences_in_chinese() {
    let line = refused(
        zh(&mut bare()).args(["--demo", "list"]),
        "--demo 只用于界面",
    );
    assert!(!line.contains("the interface"), "{line}");
    let o = office_with_item();
    let line = refused(
        zh(&mut o.cmd_on(TODAY)).args(["milestone", "2026-001"]),
        "milestone 须给出 --title",
    );
    assert!(!line.contains("needs"), "{line}");
    refused(
        zh(&mut o.cmd_on(TODAY)).args(["show", "2026-001", "--format", "csv"]),
        "show 只输出",
    );
}

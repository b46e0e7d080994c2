//! End-to-end tests of `duban report` and `duban score`: every format, `--out` written whole
//! into an existing folder, and refusals (exit 2, one line naming the option and what is
//! accepted, nothing written, no database created).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

/// An office with items registered in October: one completed on time, one overdue.
fn october_office() -> Office {
    let o = Office::new();
    let a = o.add_on(
        "2026-10-09",
        "按时办结的事项",
        &[
            "--due",
            "2026-10-20",
            "--source",
            "meeting",
            "--ref",
            "第6次常务会议",
        ],
    );
    let b = o.add_on(
        "2026-10-09",
        "<script>alert(1)</script>",
        &[
            "--due",
            "2026-10-16",
            "--source",
            "meeting",
            "--ref",
            "第6次常务会议",
        ],
    );
    for n in [&a, &b] {
        o.run_on("2026-10-09", &["assign", n]);
        o.run_on("2026-10-09", &["start", n]);
    }
    o.run_on("2026-10-14", &["submit", &a, "--text", "已办结"]);
    o.run_on("2026-10-15", &["approve", &a]);
    o
}

#[test]
fn the_bulletin_prints_in_every_format() {
    let o = october_office();
    let at = ["report", "--at", "2026-10-31"];
    let text = o.run(&at);
    assert!(
        text.starts_with("Supervision bulletin, October 2026\n"),
        "{text}"
    );
    assert!(text.contains("on-time rate 50.0%"), "{text}");
    let md = o.run(&[&at[..], &["--format", "md"]].concat());
    assert!(
        md.starts_with("# Supervision bulletin, October 2026\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "第6次常务会议 decided 2 items: 1 completed, 1 in progress, completion rate 50.0%"
        ),
        "{md}"
    );
    assert!(md.contains("&lt;script&gt;"), "{md}");
    let csv = o.run(&[&at[..], &["--format", "csv", "--by", "source"]].concat());
    assert!(csv.starts_with("\u{FEFF}Source,Handled,"), "{csv}");
    assert!(csv.contains("\n第6次常务会议,2,"), "{csv}");
    assert!(csv.lines().last().unwrap().starts_with("Total,2,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&o.run(&[&at[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["total"]["on_time"], 1);
    assert_eq!(json["total"]["open_overdue"], 1);
    assert_eq!(json["period"]["as_of"], "2026-10-31");
    let html = o.run(&[&at[..], &["--format", "html"]].concat());
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script>"));
    let zh = succeeded(zh(o.cmd_on(TODAY).args(at)));
    assert!(zh.starts_with("督办通报（2026年10月）\n"), "{zh}");
    let year = o.run(&["report", "--period", "year", "--format", "md"]);
    assert!(year.starts_with("# Supervision bulletin, 2026\n"), "{year}");
    let span = o.run(&["report", "--from", "2026-10-01", "--to", "2026-10-15"]);
    assert!(
        span.starts_with("Supervision bulletin, 1 October 2026 to 15 October 2026\n"),
        "{span}"
    );
}

#[test]
fn a_past_period_is_printed_as_it_stood_then() {
    let o = october_office();
    let then = o.run_on(
        "2026-11-01",
        &["report", "--at", "2026-10-31", "--format", "json"],
    );
    // November: the overdue item is completed, late.
    o.run_on("2026-11-05", &["submit", "2026-002", "--text", "已办结"]);
    o.run_on("2026-11-06", &["approve", "2026-002"]);
    let again = o.run(&["report", "--at", "2026-10-31", "--format", "json"]);
    assert_eq!(then, again);
    let november = o.run(&["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&november).unwrap();
    assert_eq!(v["total"]["late"], 1);
}

#[test]
fn out_writes_the_whole_file_and_says_where() {
    let o = october_office();
    let path = o.dir.path().join("通报.html");
    let said = o.run(&[
        "report",
        "--at",
        "2026-10-31",
        "--format",
        "html",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(
        said.contains("written to") && said.contains("通报.html"),
        "{said}"
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.ends_with("</html>\n"));
    // Written again over the old file; no temporary file left behind (the database's daily
    // copies are in their folder).
    o.run(&["score", "--out", path.to_str().unwrap()]);
    let names: Vec<String> = std::fs::read_dir(o.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("x.db") && n != "backups")
        .collect();
    assert_eq!(names, ["通报.html"]);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("Supervision assessment, 2026")
    );
}

#[test]
fn a_missing_folder_for_out_is_refused() {
    let o = office_with_item();
    let path = o.dir.path().join("no-such-folder").join("b.html");
    let line = o.refuse(
        &[
            "report",
            "--format",
            "html",
            "--out",
            path.to_str().unwrap(),
        ],
        "--out",
    );
    assert!(line.contains("does not exist"), "{line}");
    assert!(!path.exists());
}

#[test]
fn bad_options_are_refused_naming_the_option_and_what_is_accepted() {
    let o = office_with_item();
    let cases: [(&[&str], &str, &str); 9] = [
        (
            &["report", "--period", "fortnight"],
            "--period",
            "week, month, quarter, year",
        ),
        (
            &["report", "--by", "leader"],
            "--by",
            "department, source, source-kind, co-department",
        ),
        (
            &["report", "--format", "pdf"],
            "--format",
            "text, md, csv, json, html",
        ),
        (&["report", "--at", "2026-02-30"], "--at", "YYYY-MM-DD"),
        (
            &["report", "--from", "yesterday", "--to", "2026-10-31"],
            "--from",
            "YYYY-MM-DD",
        ),
        (
            &["report", "--from", "2026-10-01", "--to", "31/10/2026"],
            "--to",
            "YYYY-MM-DD",
        ),
        (
            &["score", "--format", "xlsx"],
            "--format",
            "text, md, csv, json, html",
        ),
        (&["score", "--year", "26"], "--year", "2000"),
        (&["score", "--at", "someday"], "--at", "YYYY-MM-DD"),
    ];
    for (args, option, accepted) in cases {
        let line = o.refuse(args, option);
        assert!(line.contains(accepted), "{args:?}: {line}");
    }
    let line = o.refuse(
        &["report", "--from", "2026-10-31", "--to", "2026-10-01"],
        "--from",
    );
    assert!(line.contains("is after --to"), "{line}");
}

#[test]
fn refusals_are_worded_for_a_chinese_clerk() {
    let o = office_with_item();
    let line = refused(
        zh(o.cmd_on(TODAY).args(["report", "--period", "fortnight"])),
        "通报周期（--period）",
    );
    assert!(line.contains("week, month, quarter, year"), "{line}");
    let line = refused(
        zh(o.cmd_on(TODAY)
            .args(["report", "--from", "2026-10-31", "--to", "2026-10-01"])),
        "截止日期（--to）",
    );
    assert!(line.contains("起始日期"), "{line}");
}

#[test]
fn a_refused_report_creates_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    refused(
        bare()
            .arg("--db")
            .arg(&db)
            .args(["report", "--by", "nothing"]),
        "--by",
    );
    assert!(!db.exists(), "a refused report created the database");
}

#[test]
fn the_assessment_lists_departments_by_score_with_their_reasons() {
    let o = october_office();
    let text = o.run(&["score", "--year", "2026", "--at", "2026-10-31"]);
    assert!(text.starts_with("Supervision assessment, 2026\n"), "{text}");
    // 住建局: 80 + 2026-001 on time 2 − 2026-002 overdue 5 = 77.
    assert!(
        text.contains("2026-001 completed on time, lead +2"),
        "{text}"
    );
    assert!(
        text.contains("2026-002 overdue and open, lead -5"),
        "{text}"
    );
    assert!(text.contains("\n1     住建局         77\n"), "{text}");
    let zh = succeeded(zh(o.cmd_on(TODAY).args(["score", "--format", "md"])));
    assert!(zh.starts_with("# 2026年度督查督办绩效考核\n"), "{zh}");
    assert!(zh.contains("2026-001 按时办结，牵头 +2"), "{zh}");
    let json: serde_json::Value =
        serde_json::from_str(&o.run(&["score", "--format", "json"])).unwrap();
    assert_eq!(json["year"], 2026);
    assert_eq!(json["departments"][0]["department"], "住建局");
    assert_eq!(json["departments"][0]["lines"][0]["reason"], "on_time_lead");
}

#[test]
fn the_bulletin_as_a_word_document_is_written_whole() {
    let o = october_office();
    let path = o.dir.path().join("通报.docx");
    let said = o.run(&[
        "report",
        "--at",
        "2026-10-31",
        "--format",
        "docx",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(said.contains("通报.docx"), "{said}");
    let bytes = std::fs::read(&path).unwrap();
    // A Word document is a zip archive holding word/document.xml.
    assert!(bytes.starts_with(b"PK"), "not a zip archive");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("word/document.xml"));
    // A bad format names docx among those accepted.
    let line = o.refuse(&["report", "--format", "pdf"], "--format");
    assert!(line.contains("docx"), "{line}");
}

/// Grouped by source kind, the rows come in DOMAIN.md's order (meeting decisions, documents,
/// …, public complaints, annual key work, other), not by their English codes.
#[test]
fn source_kinds_print_in_the_domain_order() {
    let o = Office::new();
    for kind in ["other", "annual", "complaint", "document", "meeting"] {
        o.add_on("2026-10-09", &format!("{kind} 事项"), &["--source", kind]);
    }
    let text = o.run(&[
        "report",
        "--at",
        "2026-10-31",
        "--by",
        "source-kind",
        "--format",
        "csv",
    ]);
    let at = |name: &str| {
        text.lines()
            .position(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing\n{text}"))
    };
    let order: Vec<usize> = [
        "meeting decision",
        "document",
        "public complaint",
        "annual key work",
        "other",
    ]
    .iter()
    .map(|n| at(n))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
}

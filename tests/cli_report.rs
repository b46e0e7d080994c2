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
            &["score", "--format", "pdf"],
            "--format",
            "text, md, csv, json, html, xlsx",
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

// ---------------------------------------------------------------------------------------------
// One answer everywhere (issue 16): every item in exactly one class, the same on the list and
// in every format of the bulletin.

/// An item registered, assigned and started on `on`, due `due`.
fn started(o: &Office, on: &str, title: &str, due: &[&str]) -> String {
    let n = o.add_on(on, title, due);
    o.run_on(on, &["assign", &n]);
    o.run_on(on, &["start", &n]);
    n
}

fn json_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_report_submitted_late_is_reported_late_on_the_list_and_in_the_bulletin() {
    let o = Office::new();
    // Due Mon 11-16, reported Thu 11-19: three working days late, awaiting review.
    let n = started(&o, "2026-11-02", "逾期报送的事项", &["--due", "2026-11-16"]);
    o.run_on("2026-11-19", &["submit", &n, "--text", "已办结"]);
    // The list marks it, its lateness frozen at the submission, and does not urge it.
    let listed = o.list_on("2026-12-10", &[]);
    assert_eq!(listed[0]["reported_late_working_days"], 3, "{listed:?}");
    assert_ne!(listed[0]["light"], "red");
    assert!(o.list_on("2026-12-10", &["--overdue"]).is_empty());
    assert_eq!(o.show(&n)["reported_late_working_days"], 3);
    let text = succeeded(zh(o.cmd_on(TODAY).args(["list"])));
    assert!(text.contains("逾期报送待审核"), "{text}");
    // The bulletin: its own class, late in the rates, not 超时未办.
    let v = json_of(&o.run(&["report", "--format", "json"]));
    let t = &v["total"];
    assert_eq!(
        (
            &t["reported_late"],
            &t["awaiting_review"],
            &t["open_overdue"]
        ),
        (&1.into(), &1.into(), &0.into()),
        "{t}"
    );
    assert_eq!(t["on_time_rate"], 0.0);
    assert_eq!(t["overdue_rate"], 100.0);
    assert_eq!(t["working_days_late"], 3);
    assert!(v["overdue"].as_array().unwrap().is_empty(), "{v}");
    let bulletin = succeeded(zh(o.cmd_on(TODAY).args(["report"])));
    assert!(bulletin.contains("逾期报送待审核1项"), "{bulletin}");
    assert!(!bulletin.contains("超时未办1项"), "{bulletin}");
    // Reported on time instead: in neither rate until decided.
    let on_time = started(&o, "2026-11-02", "按期报送的事项", &["--due", "2026-11-30"]);
    o.run(&["submit", &on_time, "--text", "已办结"]);
    let v = json_of(&o.run(&["report", "--format", "json"]));
    assert_eq!(v["total"]["reported_on_time"], 1);
    assert_eq!(v["total"]["on_time_rate"], 0.0);
}

#[test]
fn an_item_suspended_when_late_stays_red_overdue_and_in_the_bulletin() {
    let o = Office::new();
    // Due Tue 11-10, suspended Tue 11-17: five working days late, frozen there.
    let n = started(
        &o,
        "2026-10-12",
        "逾期后中止的事项",
        &["--due", "2026-11-10"],
    );
    o.run_on(
        "2026-11-17",
        &[
            "suspend",
            &n,
            "--reason",
            "等待上级批复",
            "--approved-by",
            "王市长",
        ],
    );
    for today in ["2026-11-25", "2026-12-31"] {
        let overdue = o.list_on(today, &["--overdue"]);
        assert_eq!(overdue.len(), 1, "{today}: {overdue:?}");
        assert_eq!(overdue[0]["light"], "red", "{today}");
        assert_eq!(overdue[0]["overdue_working_days"], 5, "{today}");
        assert_eq!(overdue[0]["unaddressed"], true, "{today}");
    }
    let v = json_of(&o.run(&["report", "--format", "json"]));
    let t = &v["total"];
    assert_eq!(
        (
            &t["open_overdue"],
            &t["open_overdue_suspended"],
            &t["suspended"]
        ),
        (&1.into(), &1.into(), &0.into()),
        "{t}"
    );
    assert_eq!(v["overdue"][0]["suspended"], true, "{v}");
    assert_eq!(v["overdue"][0]["working_days_late"], 5, "{v}");
    let md = succeeded(zh(o.cmd_on(TODAY).args(["report", "--format", "md"])));
    assert!(md.contains("逾期后中止的事项（中止）"), "{md}");
    assert!(md.contains("超时未办1项（含中止1项）"), "{md}");
    // Suspended before its deadline: green, the class 中止, not overdue.
    let early = started(&o, "2026-11-02", "按期中止的事项", &["--due", "2026-12-31"]);
    o.run_on("2026-11-20", &["suspend", &early, "--reason", "等待资金"]);
    let v = json_of(&o.run(&["report", "--format", "json"]));
    assert_eq!(v["total"]["suspended"], 1);
    assert_eq!(o.list_on(TODAY, &["--overdue"]).len(), 1);
}

/// An office with an item of every class at the end of November 2026.
fn office_of_every_class() -> Office {
    let o = Office::new();
    let on = "2026-11-02";
    let on_time = started(&o, on, "按时办结", &["--due", "2026-11-20"]);
    o.run_on("2026-11-10", &["submit", &on_time, "--text", "已办结"]);
    o.run_on("2026-11-11", &["approve", &on_time]);
    let late = started(&o, on, "超期办结", &["--due", "2026-11-05"]);
    o.run_on("2026-11-10", &["submit", &late, "--text", "已办结"]);
    o.run_on("2026-11-11", &["approve", &late]);
    let no_deadline_done = started(&o, on, "无时限办结", &["--no-deadline-reason", "长期工作"]);
    o.run_on(
        "2026-11-10",
        &["submit", &no_deadline_done, "--text", "已办结"],
    );
    o.run_on("2026-11-11", &["approve", &no_deadline_done]);
    let reported = started(&o, on, "按期报送", &["--due", "2026-12-31"]);
    o.run_on("2026-11-20", &["submit", &reported, "--text", "已办结"]);
    let reported_late = started(&o, on, "逾期报送", &["--due", "2026-11-05"]);
    o.run_on(
        "2026-11-20",
        &["submit", &reported_late, "--text", "已办结"],
    );
    started(&o, on, "在办未到期", &["--due", "2026-12-31"]);
    started(&o, on, "超时未办", &["--due", "2026-11-06"]);
    started(&o, on, "无时限在办", &["--no-deadline-reason", "长期工作"]);
    let suspended = started(&o, on, "中止", &["--due", "2026-12-31"]);
    o.run_on(
        "2026-11-20",
        &["suspend", &suspended, "--reason", "等待资金"],
    );
    let suspended_late = started(&o, on, "逾期后中止", &["--due", "2026-11-06"]);
    o.run_on(
        "2026-11-20",
        &[
            "suspend",
            &suspended_late,
            "--reason",
            "等待资金",
            "--approved-by",
            "王市长",
        ],
    );
    let cancelled = started(&o, on, "撤销", &["--due", "2026-12-31"]);
    o.run_on(
        "2026-11-20",
        &["cancel", &cancelled, "--reason", "工作调整"],
    );
    o
}

/// The numbers of a text or Markdown table's total row.
fn total_row(text: &str, total: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.trim_start_matches(['|', ' ', '*']).starts_with(total))
        .unwrap_or_else(|| panic!("no {total} row in\n{text}"));
    line.split(['|', ' '])
        .map(|c| c.trim_matches('*'))
        .filter(|c| !c.is_empty() && *c != total)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_classes_add_up_in_every_format() {
    let o = office_of_every_class();
    let at = ["report", "--at", "2026-11-30"];
    let v = json_of(&o.run(&[&at[..], &["--format", "json"]].concat()));
    let t = &v["total"];
    let n = |k: &str| t[k].as_u64().unwrap_or_else(|| panic!("no {k} in {t}"));
    // One item per class; 承办 = 办结 + 待审核 + 在办 + 中止 + 撤销.
    assert_eq!(n("in_scope"), 11);
    for class in [
        "on_time",
        "late",
        "completed_no_deadline",
        "reported_on_time",
        "reported_late",
        "open_not_due",
        "open_no_deadline",
        "suspended",
        "cancelled",
    ] {
        assert_eq!(n(class), 1, "{class}: {t}");
    }
    assert_eq!((n("open_overdue"), n("open_overdue_suspended")), (2, 1));
    assert_eq!(
        n("completed") + n("awaiting_review") + n("in_progress") + n("suspended") + n("cancelled"),
        n("in_scope")
    );
    // The printed table: 承办件数 办结 待审核 在办 超时未办 中止 撤销, the same in every format.
    let want = ["11", "3", "2", "4", "2", "1", "1"];
    let text = o.run(&at);
    assert_eq!(total_row(&text, "Total")[..7], want, "{text}");
    let md = succeeded(zh(o.cmd_on(TODAY).args(at).args(["--format", "md"])));
    assert_eq!(total_row(&md, "合计")[..7], want, "{md}");
    let html = o.run(&[&at[..], &["--format", "html"]].concat());
    let total = &html[html.find("<tr class=\"total\">").unwrap()..];
    let cells: Vec<&str> = total
        .split("<td class=\"n\">")
        .skip(1)
        .map(|c| &c[..c.find('<').unwrap()])
        .collect();
    assert_eq!(cells[..7], want, "{total}");
    let csv = o.run(&[&at[..], &["--format", "csv"]].concat());
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let head = rows.headers().unwrap().clone();
    let last = rows.records().last().unwrap().unwrap();
    let col = |name: &str| &last[head.iter().position(|h| h == name).unwrap()];
    for (name, want) in [
        ("Handled", "11"),
        ("Completed", "3"),
        ("Awaiting review", "2"),
        ("In progress", "4"),
        ("Overdue, open", "2"),
        ("Suspended", "1"),
        ("Cancelled", "1"),
    ] {
        assert_eq!(col(name), want, "{name} in\n{csv}");
    }
    let path = o.dir.path().join("b.docx");
    o.run(
        &[
            &at[..],
            &["--format", "docx", "--out", path.to_str().unwrap()],
        ]
        .concat(),
    );
    let doc = docx_rs::read_docx(&std::fs::read(&path).unwrap()).unwrap();
    let mut total: Option<Vec<String>> = None;
    for child in &doc.document.children {
        if let docx_rs::DocumentChild::Table(table) = child {
            for docx_rs::TableChild::TableRow(row) in &table.rows {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|docx_rs::TableRowChild::TableCell(c)| {
                        c.children
                            .iter()
                            .filter_map(|x| match x {
                                docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                _ => None,
                            })
                            .collect()
                    })
                    .collect();
                if cells.first().is_some_and(|c| c == "Total") && total.is_none() {
                    total = Some(cells[1..].to_vec());
                }
            }
        }
    }
    assert_eq!(total.unwrap()[..7], want);
    // The sentence names every class, and its parts add up to the whole.
    for part in [
        "11 items were under supervision",
        "1 completed on time",
        "1 completed late",
        "1 completed with no deadline",
        "1 reported on time and awaiting review",
        "1 reported late and awaiting review",
        "1 open and not yet due",
        "2 overdue and open (1 of them suspended)",
        "1 open with no deadline",
        "1 suspended",
        "1 cancelled",
    ] {
        assert!(text.contains(part), "no {part:?} in\n{text}");
    }
    // The rates: 1 on time of 1 + 1 late + 1 reported late + 2 overdue; 3 of 11 − 1 completed.
    assert_eq!(t["on_time_rate"], 20.0);
    assert_eq!(t["overdue_rate"], 80.0);
    assert_eq!(t["completion_rate"], 30.0);
}

#[test]
fn the_months_bulletin_has_the_months_actions_on_items_finished_before_it() {
    let o = Office::new();
    let n = started(
        &o,
        "2026-11-02",
        "十一月办结的事项",
        &["--due", "2026-11-20"],
    );
    o.run_on("2026-11-10", &["submit", &n, "--text", "已办结"]);
    o.run_on("2026-11-11", &["approve", &n]);
    o.run_on(
        "2026-12-03",
        &[
            "note",
            &n,
            "--level",
            "criticism",
            "--reason",
            "报送材料不实",
            "--require",
            "重新报送",
        ],
    );
    o.run_on("2026-12-04", &["commend", &n, "--reason", "整改到位"]);
    let v = json_of(&o.run_on("2026-12-15", &["report", "--format", "json"]));
    let kinds: Vec<&str> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["note", "commendation"], "{v}");
    assert_eq!(v["total"]["notes_by_level"]["criticism"], 1, "{v}");
    assert_eq!(v["total"]["commendations"], 1, "{v}");
    // The item itself is not counted again in December.
    assert_eq!(v["total"]["in_scope"], 0, "{v}");
    let text = succeeded(zh(o.cmd_on("2026-12-15").args(["report"])));
    assert!(text.contains("通报表扬"), "{text}");
    assert!(text.contains("问责（通报批评）"), "{text}");
    // November's bulletin does not have them.
    let november = json_of(&o.run_on(
        "2026-12-15",
        &["report", "--at", "2026-11-30", "--format", "json"],
    ));
    assert!(
        november["actions"].as_array().unwrap().is_empty(),
        "{november}"
    );
}

/// An item overdue at the end of 2025 and completed late in January 2026 is scored once, in the
/// year its deadline fell (DOMAIN.md "The assessment year"): overdue in 2025, not again in 2026,
/// where 住建局 had nothing else due and is not ranked.
#[test]
fn a_late_item_is_scored_once_in_the_year_of_its_deadline() {
    let o = Office::new();
    let n = o.add_on("2025-11-03", "跨年办结的事项", &["--due", "2025-12-10"]);
    o.run_on("2025-11-03", &["assign", &n]);
    o.run_on("2025-11-03", &["start", &n]);
    o.run_on("2026-01-20", &["submit", &n, "--text", "已办结"]);
    o.run_on("2026-01-21", &["approve", &n]);
    let year = |y: &str| -> serde_json::Value {
        serde_json::from_str(&o.run(&["score", "--year", y, "--format", "json"])).unwrap()
    };
    let y2025 = year("2025");
    let dept = &y2025["departments"][0];
    assert_eq!(dept["department"], "住建局", "{y2025}");
    assert_eq!(dept["score"], 75.0, "{y2025}");
    assert_eq!(dept["rank"], 1, "{y2025}");
    assert_eq!(dept["lines"][0]["reason"], "overdue_lead", "{y2025}");
    let y2026 = year("2026");
    let dept = &y2026["departments"][0];
    assert_eq!(dept["department"], "住建局", "{y2026}");
    assert_eq!(dept["score"], 80.0, "{y2026}");
    assert_eq!(dept["lines"], serde_json::json!([]), "{y2026}");
    assert_eq!(dept["rank"], serde_json::Value::Null, "{y2026}");
    let text = o.run(&["score", "--year", "2026"]);
    assert!(!text.contains(&n), "{text}");
    assert!(text.contains("Not ranked (nothing due): 住建局"), "{text}");
}

/// Four departments in October: two with every item on time (并列 first), one overdue (third,
/// not second), one with nothing due (listed after the ranking as not ranked).
fn ranking_office() -> Office {
    let o = Office::new();
    let add = |lead: &str, due: &str| {
        let out = o.run_on(
            "2026-10-09",
            &[
                "add",
                "--title",
                &format!("{lead}的事项"),
                "--lead",
                lead,
                "--due",
                due,
            ],
        );
        let n = out.trim().to_string();
        o.run_on("2026-10-09", &["assign", &n]);
        o.run_on("2026-10-09", &["start", &n]);
        n
    };
    let on_time = [add("住建局", "2026-10-20"), add("水利局", "2026-10-20")];
    add("财政局", "2026-10-16");
    add("教育局", "2026-12-31");
    for n in &on_time {
        o.run_on("2026-10-14", &["submit", n, "--text", "已办结"]);
        o.run_on("2026-10-15", &["approve", n]);
    }
    o
}

#[test]
fn equal_rates_rank_together_and_nothing_due_is_not_ranked_in_every_format() {
    let o = ranking_office();
    let at = ["report", "--at", "2026-10-31"];
    let json: serde_json::Value =
        serde_json::from_str(&o.run(&[&at[..], &["--format", "json"]].concat())).unwrap();
    let ranking: Vec<(String, serde_json::Value)> = json["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["department"].as_str().unwrap().to_string(),
                r["rank"].clone(),
            )
        })
        .collect();
    let names = |r: &[(String, serde_json::Value)]| -> Vec<String> {
        r.iter().map(|x| format!("{} {}", x.0, x.1)).collect()
    };
    assert_eq!(
        names(&ranking),
        ["住建局 1", "水利局 1", "财政局 3", "教育局 null"],
        "{json}"
    );
    let text = o.run(&at);
    assert!(text.contains("\n1     住建局"), "{text}");
    assert!(text.contains("\n1     水利局"), "{text}");
    assert!(text.contains("\n3     财政局"), "{text}");
    assert!(text.contains("Not ranked (nothing due): 教育局"), "{text}");
    assert!(!text.contains("\n4 "), "{text}");
    let md = o.run(&[&at[..], &["--format", "md"]].concat());
    assert!(md.contains("| 3 | 财政局 |"), "{md}");
    assert!(md.contains("Not ranked (nothing due): 教育局"), "{md}");
    let html = o.run(&[&at[..], &["--format", "html"]].concat());
    assert!(
        html.contains("<p>Not ranked (nothing due): 教育局</p>"),
        "{html}"
    );
    let csv = o.run(&[&at[..], &["--format", "csv"]].concat());
    assert!(csv.lines().next().unwrap().ends_with(",Rank"), "{csv}");
    for (dept, rank) in [
        ("住建局", "1"),
        ("水利局", "1"),
        ("财政局", "3"),
        ("教育局", "not ranked (nothing due)"),
    ] {
        let line = csv.lines().find(|l| l.starts_with(dept)).unwrap();
        assert!(line.ends_with(&format!(",{rank}")), "{line}");
    }
    let md = succeeded(zh(o
        .cmd_on(TODAY)
        .args([&at[..], &["--format", "md"]].concat())));
    assert!(md.contains("不参与排名（本期无到期事项）：教育局"), "{md}");
    assert!(!md.contains("not ranked"), "{md}");
    // The Word bulletin: the ranking table's rows, then the sentence.
    let path = o.dir.path().join("排名.docx");
    let out = path.to_str().unwrap();
    succeeded(zh(o
        .cmd_on(TODAY)
        .args([&at[..], &["--format", "docx", "--out", out]].concat())));
    let (paragraphs, rows) = docx_text(&std::fs::read(&path).unwrap());
    for (rank, dept) in [("1", "住建局"), ("1", "水利局"), ("3", "财政局")] {
        assert!(
            rows.iter()
                .any(|r| r.len() == 4 && r[0] == rank && r[1] == dept),
            "{rows:?}"
        );
    }
    assert!(
        !rows.iter().any(|r| r.len() == 4 && r[1] == "教育局"),
        "{rows:?}"
    );
    assert!(
        paragraphs.contains(&"不参与排名（本期无到期事项）：教育局".to_string()),
        "{paragraphs:?}"
    );
}

/// A Word document's paragraphs and its tables' rows, as text.
fn docx_text(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).unwrap();
    let mut paragraphs = Vec::new();
    let mut rows = Vec::new();
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => paragraphs.push(p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(r) in &t.rows {
                    rows.push(
                        r.cells
                            .iter()
                            .map(|TableRowChild::TableCell(c)| {
                                c.children
                                    .iter()
                                    .filter_map(|x| match x {
                                        TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                        _ => None,
                                    })
                                    .collect::<String>()
                            })
                            .collect(),
                    );
                }
            }
            _ => {}
        }
    }
    (paragraphs, rows)
}

#[test]
fn equal_scores_rank_together_and_nothing_due_is_not_ranked() {
    let o = ranking_office();
    let json: serde_json::Value = serde_json::from_str(&o.run(&[
        "score",
        "--year",
        "2026",
        "--at",
        "2026-10-31",
        "--format",
        "json",
    ]))
    .unwrap();
    let got: Vec<String> = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = d["department"].as_str().unwrap();
            format!("{} {name} {}", d["rank"], d["score"])
        })
        .collect();
    // 82 each for an item on time, 75 for one overdue; 教育局 had nothing due.
    assert_eq!(
        got,
        [
            "1 住建局 82.0",
            "1 水利局 82.0",
            "3 财政局 75.0",
            "null 教育局 80.0"
        ],
        "{json}"
    );
    let text = o.run(&["score", "--year", "2026", "--at", "2026-10-31"]);
    assert!(text.contains("Not ranked (nothing due): 教育局"), "{text}");
    let csv = o.run(&[
        "score",
        "--year",
        "2026",
        "--at",
        "2026-10-31",
        "--format",
        "csv",
    ]);
    assert!(
        csv.contains("\nnot ranked (nothing due),教育局,80,"),
        "{csv}"
    );
    let zh = succeeded(zh(o.cmd_on(TODAY).args([
        "score",
        "--year",
        "2026",
        "--at",
        "2026-10-31",
        "--format",
        "html",
    ])));
    assert!(zh.contains("不参与排名（本期无到期事项）：教育局"), "{zh}");
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

/// A bulletin says how many items were assigned and not signed for in time (未签收) at the
/// period's end, in every format that prints the summary, and in JSON.
#[test]
fn a_bulletin_says_how_many_assignments_were_not_signed_for() {
    let o = Office::new();
    let signed = o.add_on("2026-11-16", "已签收事项", &["--due", "2026-12-31"]);
    let unsigned = o.add_on("2026-11-16", "未签收事项", &["--due", "2026-12-31"]);
    let fresh = o.add_on("2026-11-16", "刚交办事项", &["--due", "2026-12-31"]);
    o.run_on("2026-11-16", &["assign", &signed]);
    o.run_on("2026-11-17", &["acknowledge", &signed, "--by", "王五"]);
    o.run_on("2026-11-16", &["assign", &unsigned]);
    // Assigned on the last day of the period: still within its two working days.
    o.run_on("2026-11-25", &["assign", &fresh]);
    let json: serde_json::Value = serde_json::from_str(&o.run(&[
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-25",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["total"]["unacknowledged"], 1, "{json}");
    let zh = succeeded(zh(o.cmd_on(TODAY).args([
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-25",
        "--format",
        "md",
    ])));
    assert!(zh.contains("另有交办后逾期未签收1项。"), "{zh}");
    let en = o.run(&["report", "--from", "2026-11-01", "--to", "2026-11-25"]);
    assert!(
        en.contains("1 item was assigned and not acknowledged in time."),
        "{en}"
    );
    // Once signed for, nothing to say.
    o.run(&["acknowledge", &unsigned, "--by", "赵六"]);
    let en = o.run(&["report", "--from", "2026-11-01", "--to", "2026-11-25"]);
    assert!(!en.contains("not acknowledged"), "{en}");
}

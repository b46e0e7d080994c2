//! `--format xlsx` end to end: `list`, `export`, `report`, `score` and `triage --summary` write
//! workbooks that are read back with calamine, a reader of its own, and checked for what a
//! director's spreadsheet needs: a title with the period and the settings' fingerprint above a
//! bold head row, counts as numbers, days as dates, rates as fractions shown `0.0%` (the same
//! figures as the CSV and JSON), the lights as fills, and text that is never a formula.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook};
use common::*;
use serde_json::Value;

/// An office with three items of 住建局 and one of 水利局: one completed on time in October,
/// one titled `=1+1` (its source reference `@SUM(A1)`) overdue since October, two due in
/// December (one with 住建局 as co-department); a note and a leader's instruction on TODAY.
fn office() -> Office {
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
        "=1+1",
        &[
            "--due",
            "2026-10-16",
            "--source",
            "document",
            "--ref",
            "@SUM(A1)",
        ],
    );
    for n in [&a, &b] {
        o.run_on("2026-10-09", &["assign", n]);
        o.run_on("2026-10-09", &["start", n]);
    }
    o.run_on("2026-10-14", &["submit", &a, "--text", "已办结"]);
    o.run_on("2026-10-15", &["approve", &a]);
    let c = o.add_on("2026-11-02", "老旧小区改造", &["--due", "2026-12-30"]);
    let d = succeeded(o.cmd_on("2026-11-02").args([
        "add",
        "--title",
        "防汛物资储备",
        "--lead",
        "水利局",
        "--co",
        "住建局",
        "--due",
        "2026-12-15",
    ]));
    let d = d.trim().to_string();
    for n in [&c, &d] {
        o.run_on("2026-11-02", &["assign", n]);
    }
    o.run(&[
        "note",
        &b,
        "--level",
        "urging",
        "--reason",
        "逾期未办",
        "--require",
        "=HYPERLINK(\"x\")",
    ]);
    o.run(&[
        "instruct",
        &c,
        "--leader",
        "王市长",
        "--sense",
        "requires",
        "--text",
        "年底前完成",
        "--deadline",
        "2026-12-20",
    ]);
    o
}

fn out(o: &Office, name: &str) -> PathBuf {
    o.dir.path().join(name)
}

fn book(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    book(path).worksheet_range(name).unwrap()
}

/// The row whose first cell is `first` (the head row by its first head).
fn row_of(range: &Range<Data>, first: &str) -> (u32, Vec<Data>) {
    let (i, row) = range
        .rows()
        .enumerate()
        .find(|(_, r)| r.first().and_then(|c| c.get_string()) == Some(first))
        .unwrap_or_else(|| panic!("no row begins {first:?}"));
    (i as u32, row.to_vec())
}

fn col(head: &[Data], name: &str) -> usize {
    head.iter()
        .position(|c| c.get_string() == Some(name))
        .unwrap_or_else(|| panic!("no column {name:?} in {head:?}"))
}

fn text(c: &Data) -> &str {
    match c {
        Data::String(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

fn number(c: &Data) -> f64 {
    match c {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn day(c: &Data) -> String {
    match c {
        Data::DateTime(d) => d.as_datetime().unwrap().date().to_string(),
        other => panic!("not a date: {other:?}"),
    }
}

/// The settings' fingerprint the JSON bulletin states.
fn fingerprint(o: &Office) -> String {
    let v: Value = serde_json::from_str(&o.run(&["report", "--format", "json"])).unwrap();
    v["basis"]["rules_fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every cell of every sheet that holds a formula.
fn formulas(path: &Path) -> Vec<String> {
    let mut b = book(path);
    let names = b.sheet_names();
    names
        .iter()
        .flat_map(|n| {
            b.worksheet_formula(n)
                .unwrap()
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(_, _, f)| f.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_list_is_a_typed_sheet_with_lights_as_fills_and_no_formula() {
    let o = office();
    let path = out(&o, "list.xlsx");
    let said = o.run(&["list", "--format", "xlsx", "--out", path.to_str().unwrap()]);
    assert!(said.starts_with("wrote "), "{said}");
    let mut b = book(&path);
    assert_eq!(b.sheet_names(), ["Items"]);
    let range = b.worksheet_range("Items").unwrap();
    // The title, then the day and the fingerprint, above the head row.
    let title: Vec<String> = (0..3)
        .map(|r| {
            range
                .get_value((r, 0))
                .and_then(|c| c.get_string())
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(title[0], "Supervision items");
    assert!(title[1].contains("25 November 2026"), "{title:?}");
    assert!(title[2].ends_with(&fingerprint(&o)), "{title:?}");
    let (head_row, head) = row_of(&range, "Number");
    let styles = b.worksheet_style("Items").unwrap();
    let bold = |r: u32, c: usize| {
        styles
            .get((r, c as u32))
            .and_then(|s| s.font.as_ref())
            .is_some_and(|f| f.is_bold())
    };
    assert!((0..head.len()).all(|c| bold(head_row, c)), "{head:?}");

    let listed = o.list_on(TODAY, &[]);
    assert_eq!(range.height() as u32 - head_row - 1, listed.len() as u32);
    let fills = std::collections::HashMap::<String, calamine::Color>::new();
    let mut fills = fills;
    for item in &listed {
        let (r, row) = row_of(&range, item["number"].as_str().unwrap());
        assert_eq!(
            text(&row[col(&head, "Title")]),
            item["title"].as_str().unwrap()
        );
        assert_eq!(
            day(&row[col(&head, "Deadline")]),
            item["deadline"].as_str().unwrap()
        );
        let light = item["light"].as_str().unwrap();
        let c = col(&head, "Light");
        assert_eq!(text(&row[c]), light);
        let fill = styles
            .get((r, c as u32))
            .and_then(|s| s.fill.as_ref())
            .unwrap();
        let colour = fill.get_color().unwrap();
        if light == "red" {
            assert!(colour.red > 200 && colour.green < 100, "{colour:?}");
        }
        if light == "green" {
            assert!(colour.green > colour.red, "{colour:?}");
        }
        // One fill per light.
        assert_eq!(
            *fills.entry(light.to_string()).or_insert(colour),
            colour,
            "{light}"
        );
        // Late: overdue, or reported late (as the table's L).
        let late = item["overdue_working_days"]
            .as_i64()
            .or(item["reported_late_working_days"].as_i64());
        match late {
            Some(late) => assert_eq!(number(&row[col(&head, "Working days late")]), late as f64),
            None => assert_eq!(row[col(&head, "Working days late")], Data::Empty),
        }
        if let Some(left) = item["working_days_left"].as_i64() {
            assert_eq!(number(&row[col(&head, "Working days left")]), left as f64);
        }
    }
    assert!(fills.len() >= 2, "{fills:?}");
    // The title `=1+1` is the text `=1+1`: nothing in the file is a formula.
    let (_, b_row) = row_of(
        &range,
        listed.iter().find(|i| i["title"] == "=1+1").unwrap()["number"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(b_row[col(&head, "Title")], Data::String("=1+1".into()));
    assert_eq!(formulas(&path), Vec::<String>::new());
}

#[test]
fn the_export_has_every_item_in_words_of_the_clerks_language() {
    let o = office();
    let path = out(&o, "台账.xlsx");
    let said = succeeded(zh(&mut o.cmd_on(TODAY)).args([
        "export",
        "--format",
        "xlsx",
        "--out",
        path.to_str().unwrap(),
    ]));
    assert!(said.starts_with("已导出 4 个事项"), "{said}");
    let range = sheet(&path, "督办事项");
    assert_eq!(
        range.get_value((0, 0)).unwrap().get_string(),
        Some("督办事项台账")
    );
    let (head_row, head) = row_of(&range, "编号");
    assert_eq!(
        &head[..3].iter().map(text).collect::<Vec<_>>(),
        &["编号", "灯", "督办事项"]
    );
    assert_eq!(range.height() as u32 - head_row - 1, 4);
    let shown = o.show("2026-004");
    let (_, row) = row_of(&range, "2026-004");
    assert_eq!(text(&row[col(&head, "牵头单位")]), "水利局");
    assert_eq!(text(&row[col(&head, "配合单位")]), "住建局");
    assert_eq!(text(&row[col(&head, "状态")]), "已交办");
    assert_eq!(
        day(&row[col(&head, "办理时限")]),
        shown["deadline"].as_str().unwrap()
    );
    assert_eq!(day(&row[col(&head, "立项日期")]), "2026-11-02");
    assert_eq!(number(&row[col(&head, "进展反馈")]), 0.0);
    assert!(matches!(
        text(&row[col(&head, "灯")]),
        "红" | "橙" | "黄" | "绿"
    ));
    let (_, done) = row_of(&range, "2026-001");
    assert_eq!(day(&done[col(&head, "办结日期")]), "2026-10-15");
    assert_eq!(formulas(&path), Vec::<String>::new());
    // A hostile source reference stays text.
    let (_, b) = row_of(&range, "2026-002");
    assert_eq!(text(&b[col(&head, "来源文号")]), "@SUM(A1)");
}

/// The bulletin: a sheet per grouping, the one asked for first, with the figures of its CSV;
/// then the overdue items, the actions and the instructions.
#[test]
fn the_bulletin_has_a_sheet_per_grouping_with_the_csvs_figures() {
    let o = office();
    let path = out(&o, "bulletin.xlsx");
    let args = ["report", "--period", "quarter", "--at", TODAY];
    o.run(
        &[
            &args[..],
            &["--format", "xlsx", "--out", path.to_str().unwrap()],
        ]
        .concat(),
    );
    let mut b = book(&path);
    let names = b.sheet_names();
    assert_eq!(
        names,
        [
            "Lead department",
            "Source",
            "Source kind",
            "Co-department",
            "Overdue items",
            "Urging and accountability",
            "Leaders' instructions",
        ]
    );
    let range = b.worksheet_range("Lead department").unwrap();
    let period = range
        .get_value((1, 0))
        .unwrap()
        .get_string()
        .unwrap()
        .to_string();
    assert!(
        period.starts_with("Period: 1 October 2026 to 31 December 2026"),
        "{period}"
    );
    let fp = range
        .get_value((2, 0))
        .unwrap()
        .get_string()
        .unwrap()
        .to_string();
    assert!(fp.ends_with(&fingerprint(&o)), "{fp}");

    // The figures of the CSV, each row: counts as numbers, rates as fractions.
    let csv = o.run(&[&args[..], &["--format", "csv"]].concat());
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let csv_head: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let (head_row, head) = row_of(&range, "Lead department");
    assert_eq!(head.len(), csv_head.len());
    let styles = b.worksheet_style("Lead department").unwrap();
    let mut rates = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let (r, row) = row_of(&range, &record[0]);
        for (c, value) in record.iter().enumerate().skip(1) {
            let cell = &row[c];
            if csv_head[c].ends_with("(%)") {
                if value.is_empty() {
                    assert_eq!(text(cell), "—");
                    continue;
                }
                let format = styles
                    .get((r, c as u32))
                    .and_then(|s| s.number_format.clone());
                assert_eq!(format.unwrap().format_code, "0.0%");
                let got = number(cell) * 100.0;
                assert!(
                    (got - value.parse::<f64>().unwrap()).abs() < 1e-9,
                    "{value} {got}"
                );
                rates += 1;
            } else if value.is_empty() {
                assert_eq!(*cell, Data::Empty, "{}", csv_head[c]);
            } else if let Ok(figure) = value.parse::<f64>() {
                assert_eq!(number(cell), figure, "{}", csv_head[c]);
            } else {
                // Not ranked: said in words.
                assert_eq!(text(cell), value, "{}", csv_head[c]);
            }
        }
    }
    assert!(rates > 0);
    assert!(head_row > 0);

    // By source first when asked.
    let by_source = out(&o, "by-source.xlsx");
    o.run(
        &[
            &args[..],
            &[
                "--by",
                "source",
                "--format",
                "xlsx",
                "--out",
                by_source.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert_eq!(book(&by_source).sheet_names()[0], "Source");

    let json: Value =
        serde_json::from_str(&o.run(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let overdue = b.worksheet_range("Overdue items").unwrap();
    let (oh, ohead) = row_of(&overdue, "Number");
    let listed = json["overdue"].as_array().unwrap();
    assert_eq!(overdue.height() as u32 - oh - 1, listed.len() as u32);
    assert!(!listed.is_empty());
    for item in listed {
        let (_, row) = row_of(&overdue, item["number"].as_str().unwrap());
        assert_eq!(
            text(&row[col(&ohead, "Item")]),
            item["title"].as_str().unwrap()
        );
        assert_eq!(
            number(&row[col(&ohead, "Working days late")]),
            item["working_days_late"].as_f64().unwrap()
        );
    }
    let actions = b.worksheet_range("Urging and accountability").unwrap();
    let (ah, ahead) = row_of(&actions, "Date");
    let row: Vec<Data> = actions.rows().nth(ah as usize + 1).unwrap().to_vec();
    assert_eq!(day(&row[0]), TODAY);
    assert_eq!(
        text(&row[col(&ahead, "Correction required")]),
        "=HYPERLINK(\"x\")"
    );
    let instructions = b.worksheet_range("Leaders' instructions").unwrap();
    let (ih, ihead) = row_of(&instructions, "Date");
    let row: Vec<Data> = instructions.rows().nth(ih as usize + 1).unwrap().to_vec();
    assert_eq!(
        day(&row[col(&ihead, "Deadline")]),
        json["instructions"][0]["deadline"].as_str().unwrap()
    );
    assert_eq!(formulas(&path), Vec::<String>::new());
}

#[test]
fn the_assessment_and_the_triage_log_are_workbooks_too() {
    let o = office();
    let path = out(&o, "score.xlsx");
    o.run(&["score", "--format", "xlsx", "--out", path.to_str().unwrap()]);
    let json: Value = serde_json::from_str(&o.run(&["score", "--format", "json"])).unwrap();
    let range = sheet(&path, "Scores");
    let (_, head) = row_of(&range, "Rank");
    for d in json["departments"].as_array().unwrap() {
        let name = d["department"].as_str().unwrap();
        let row = range
            .rows()
            .find(|r| r.get(1).and_then(|c| c.get_string()) == Some(name))
            .unwrap();
        assert_eq!(
            number(&row[col(&head, "Score")]),
            d["score"].as_f64().unwrap()
        );
        match d["rank"].as_u64() {
            Some(rank) => assert_eq!(number(&row[0]), rank as f64),
            None => assert!(matches!(row[0], Data::String(_))),
        }
    }
    let lines = sheet(&path, "How each score came about");
    row_of(&lines, "Department");

    let log = out(&o, "log.xlsx");
    o.run(&[
        "triage",
        "--summary",
        "--format",
        "xlsx",
        "--out",
        log.to_str().unwrap(),
    ]);
    let range = sheet(&log, "Triage log");
    let (h, head) = row_of(&range, "Time");
    assert_eq!(head.len(), 5);
    let decisions = range.height() as u32 - h - 1;
    assert_eq!(decisions, 2, "{range:?}");
    for r in h + 1..range.height() as u32 {
        assert_eq!(day(range.get_value((r, 0)).unwrap()), TODAY);
    }
}

/// A bad option is one sentence naming it, exit 2, and no file.
#[test]
fn refusals_name_the_field() {
    let o = office();
    let line = o.refuse(&["score", "--format", "pdf"], "--format");
    assert!(line.contains("xlsx"), "{line}");
    let line = o.refuse(&["report", "--format", "xls"], "--format");
    assert!(line.contains("docx, xlsx"), "{line}");
    let missing = o.dir.path().join("no-such-folder").join("x.xlsx");
    o.refuse(
        &[
            "list",
            "--format",
            "xlsx",
            "--out",
            missing.to_str().unwrap(),
        ],
        "--out",
    );
    o.refuse(
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            missing.to_str().unwrap(),
        ],
        "--out",
    );
    assert!(!missing.exists());
    o.refuse(&["show", "2026-001", "--format", "xlsx"], "xlsx");
}

/// A long list, its rows made on the threads that read them and put back in the list's order
/// before they go into the sheet, is the workbook of every item in that order with the list's
/// figures, through `--out` and through a redirected output alike.
#[test]
fn a_long_list_is_every_item_in_the_lists_order() {
    let o = Office::new();
    o.run(&["demo", "--items", "4000", "--seed", "7"]);
    let listed = o.list_on(TODAY, &["--all"]);
    assert!(listed.len() > 3_000, "{}", listed.len());
    let path = out(&o, "long.xlsx");
    o.run(&[
        "list",
        "--all",
        "--format",
        "xlsx",
        "--out",
        path.to_str().unwrap(),
    ]);
    let piped = o
        .cmd_on(TODAY)
        .args(["list", "--all", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    let piped_path = out(&o, "long-piped.xlsx");
    std::fs::write(&piped_path, &piped.stdout).unwrap();
    for path in [&path, &piped_path] {
        let range = sheet(path, "Items");
        let (head_row, head) = row_of(&range, "Number");
        let rows: Vec<&[Data]> = range.rows().skip(head_row as usize + 1).collect();
        assert_eq!(rows.len(), listed.len());
        for (row, item) in rows.iter().zip(&listed) {
            assert_eq!(text(&row[col(&head, "Number")]), item["number"]);
            assert_eq!(text(&row[col(&head, "Title")]), item["title"]);
            assert_eq!(text(&row[col(&head, "Light")]), item["light"]);
            match item["working_days_left"].as_i64() {
                Some(left) => {
                    assert_eq!(number(&row[col(&head, "Working days left")]), left as f64)
                }
                None => assert_eq!(row[col(&head, "Working days left")], Data::Empty),
            }
        }
    }
}

/// Without `--out`, a workbook goes to a redirected output whole.
#[test]
fn a_redirected_workbook_is_the_whole_file() {
    let o = office();
    for args in [
        &["list", "--format", "xlsx"][..],
        &["export", "--format", "xlsx"],
        &["report", "--format", "xlsx"],
    ] {
        let bytes = o.cmd_on(TODAY).args(args).output().unwrap();
        assert!(bytes.status.success(), "{args:?}");
        let path = out(&o, "piped.xlsx");
        std::fs::write(&path, &bytes.stdout).unwrap();
        assert!(!book(&path).sheet_names().is_empty(), "{args:?}");
    }
}

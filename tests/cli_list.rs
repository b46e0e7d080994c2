//! End-to-end tests of `list`: order, lights, filters, search and formats, against temporary
//! databases with "today" fixed.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;

use common::*;

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
            if mv == "submit" {
                o.run_on(EARLIER, &[mv, n, "--text", "已办结"]);
            } else {
                o.run_on(EARLIER, &[mv, n]);
            }
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

/// Every CSV duban writes is safe in a spreadsheet and opens with its Chinese intact: the list,
/// the export and the bulletin begin with the UTF-8 byte order mark, and a title or a
/// department that begins with `=`, `+`, `-` or `@` is kept as text with a leading apostrophe;
/// figures (a negative score included) stay numbers.
#[test]
fn every_csv_is_safe_in_a_spreadsheet_and_opens_with_its_chinese_intact() {
    let o = Office::new();
    let add = |title: &str, lead: &str, due: &str| {
        let title = format!("--title={title}");
        let lead = format!("--lead={lead}");
        o.run_on(EARLIER, &["add", &title, &lead, "--due", due])
            .trim()
            .to_string()
    };
    let formula = add("=1+1", "+住建局", "2026-11-20");
    let minus = add("-整治背街小巷", "@城管局", "2026-12-31");
    let list = o.run(&["list", "--format", "csv"]);
    let export = o.run(&["export", "--format", "csv"]);
    let report = o.run(&["report", "--format", "csv"]);
    let score = o.run(&["score", "--format", "csv"]);
    for (name, text) in [
        ("list", &list),
        ("export", &export),
        ("report", &report),
        ("score", &score),
    ] {
        assert!(text.starts_with('\u{FEFF}'), "{name}: {text}");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                        || cell.parse::<f64>().is_ok(),
                    "{name}: a cell a spreadsheet would run: {cell:?}\n{text}"
                );
            }
        }
    }
    for text in [&list, &export] {
        assert!(text.contains(&format!("{formula},")), "{text}");
        assert!(text.contains(",'=1+1,"), "{text}");
        assert!(text.contains(",'-整治背街小巷,"), "{text}");
        assert!(text.contains(",'+住建局,"), "{text}");
        assert!(text.contains(&format!("{minus},")), "{text}");
    }
    assert!(
        report.contains("\n'+住建局,") && report.contains("\n'@城管局,"),
        "{report}"
    );
    // The overdue item's lead loses points: a negative number, written as a number.
    assert!(score.contains(",-5,") || score.contains(",-5\n"), "{score}");
}

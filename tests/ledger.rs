//! `duban ledger import`: the office's spreadsheet ledgers, made here as offices make them
//! (title rows, merged lead departments, Chinese dates, several sheets, formulas), read by a
//! dry run that writes nothing, registered with `--apply` all at once or not at all, recognised
//! when imported again, and hostile ones refused by name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Office, TODAY, zh};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;

/// A cell of a ledger the tests write.
#[derive(Clone)]
enum C {
    S(&'static str),
    Owned(String),
    N(f64),
    /// A cell formatted as a date.
    D(u16, u8, u8),
    /// A formula with its cached value.
    F(&'static str, &'static str),
    E,
}

struct Sheet {
    name: &'static str,
    rows: Vec<Vec<C>>,
    /// (first row, column, last row): a range merged down one column, its value in its first
    /// row.
    merged_down: Vec<(u32, u16, u32)>,
    /// Row ranges merged across (the title row): (row, first column, last column).
    merged_across: Vec<(u32, u16, u16)>,
}

fn write(path: &Path, sheets: &[Sheet]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                if s.merged_down
                    .iter()
                    .any(|(a, col, b)| *col == c && r > *a && r <= *b)
                {
                    continue;
                }
                match cell {
                    C::S(t) => drop(ws.write_string(r, c, *t).unwrap()),
                    C::Owned(t) => drop(ws.write_string(r, c, t).unwrap()),
                    C::N(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    C::D(y, m, d) => drop(
                        ws.write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                            &date,
                        )
                        .unwrap(),
                    ),
                    C::F(f, v) => drop(
                        ws.write_formula(r, c, Formula::new(*f).set_result(*v))
                            .unwrap(),
                    ),
                    C::E => {}
                }
            }
        }
        for (a, col, b) in &s.merged_down {
            let text = match s.rows.get(*a as usize).and_then(|r| r.get(*col as usize)) {
                Some(C::S(t)) => t.to_string(),
                _ => String::new(),
            };
            ws.merge_range(*a, *col, *b, *col, &text, &Format::new())
                .unwrap();
        }
        for (r, a, b) in &s.merged_across {
            let text = match s.rows.get(*r as usize).and_then(|row| row.get(*a as usize)) {
                Some(C::S(t)) => t.to_string(),
                _ => String::new(),
            };
            ws.merge_range(*r, *a, *r, *b, &text, &Format::new())
                .unwrap();
        }
    }
    book.save(path).unwrap();
}

const HEADER: [&str; 10] = [
    "序号",
    "督办事项",
    "来源/文号",
    "牵头单位",
    "配合单位",
    "责任人",
    "办理时限",
    "办理进展",
    "完成情况",
    "备注",
];

fn header() -> Vec<C> {
    HEADER.iter().map(|h| C::S(h)).collect()
}

/// A ledger shaped as offices keep them: a title row merged across, a line of who filled it
/// in, the header in row 3, a lead department merged over two rows, a blank row, dates as text,
/// as date cells and as serial numbers, a standing task.
fn office_ledger() -> Sheet {
    use C::*;
    Sheet {
        name: "重点工作",
        rows: vec![
            vec![S("2026年重点工作督办台账（截至11月20日）")],
            vec![S("填报单位：市政府督查室")],
            header(),
            vec![
                N(1.0),
                S("老旧小区改造"),
                S("市政府第6次常务会议"),
                S("市住建局"),
                S("市财政局、市自然资源局"),
                S("李明"),
                S("2026.12.31"),
                S("11月20日：已完成投资80%，计划12月底前完工"),
                S("进行中"),
                E,
            ],
            vec![
                N(2.0),
                S("背街小巷整治"),
                S("办发〔2026〕12号"),
                E,
                S("市城管局；市交通局"),
                S("王强"),
                D(2026, 10, 30),
                S("已于2026年10月28日完成验收"),
                S("已完成"),
                E,
            ],
            // A blank row (its number only, or spaces).
            vec![E, S(" ")],
            vec![
                N(3.0),
                S("河道清淤"),
                S("王市长批示"),
                S("市水利局"),
                E,
                E,
                S("12月底"),
                E,
                S("未启动"),
                S("汛前完成"),
            ],
            vec![
                N(4.0),
                S("政务服务一网通办"),
                E,
                S("市数据局"),
                E,
                E,
                N(46_203.0),
                S("2026年6月25日办结"),
                S("办结"),
                E,
            ],
            vec![
                N(5.0),
                S("营商环境评估"),
                S("2026年政府工作报告"),
                S("市发改委"),
                E,
                E,
                S("长期坚持"),
                S("持续推进"),
                E,
                E,
            ],
        ],
        merged_down: vec![(3, 3, 4)],
        merged_across: vec![(0, 0, 9)],
    }
}

fn ledger_file(o: &Office, name: &str, sheets: &[Sheet]) -> PathBuf {
    let path = o.dir.path().join(name);
    write(&path, sheets);
    path
}

fn import(o: &Office, file: &Path, extra: &[&str]) -> Command {
    let mut cmd = o.cmd_on(TODAY);
    cmd.args(["ledger", "import"]).arg(file).args(extra);
    cmd
}

fn out(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn items(o: &Office) -> Vec<Value> {
    o.list_on(TODAY, &["--all"])
}

fn by_title<'a>(items: &'a [Value], title: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no item {title} in {items:?}"))
}

#[test]
fn a_dry_run_shows_what_it_would_register_and_writes_nothing() {
    let o = Office::new();
    let file = ledger_file(&o, "台账.xlsx", &[office_ledger()]);
    let (code, stdout, stderr) = out(&mut import(&o, &file, &[]));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("sheet '重点工作', header in row 3"),
        "{stdout}"
    );
    assert!(
        stdout.contains("dates without a year are read in 2026 (named by the ledger)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "5 data rows: 5 to register, 0 already in the office, 0 refused; 1 blank rows skipped"
        ),
        "{stdout}"
    );
    // The merged lead department is carried down to the row below.
    assert!(stdout.contains("市住建局 2"), "{stdout}");
    assert!(
        stdout.contains("By status: assigned 1, in progress 2, completed 2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 4 [in progress] 老旧小区改造 · led by 市住建局 · due 2026-12-31"),
        "{stdout}"
    );
    assert!(stdout.contains("A 序号 → left out"), "{stdout}");
    assert!(stdout.contains("Departments new to the office (8): 市交通局, 市住建局, 市发改委, 市城管局, 市数据局, 市水利局, 市自然资源局, 市财政局"), "{stdout}");
    assert!(stdout.contains("Dry run: nothing was written."), "{stdout}");
    // No office was made.
    assert!(!o.db.exists() || common::ON_SERVER);
    // In Chinese.
    let (code, stdout, _) = out(zh(&mut import(&o, &file, &[])));
    assert_eq!(code, Some(0));
    assert!(stdout.contains("表头在第 3 行"), "{stdout}");
    assert!(stdout.contains("试运行：未写入任何内容。"), "{stdout}");
    assert!(!o.db.exists() || common::ON_SERVER);
}

#[test]
fn apply_registers_every_row_in_the_state_and_on_the_days_the_ledger_gives() {
    let o = Office::new();
    let file = ledger_file(&o, "台账.xlsx", &[office_ledger()]);
    let (code, stdout, stderr) = out(&mut import(&o, &file, &["--apply"]));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.starts_with("registered 5 items from 台账.xlsx (sheet '重点工作')"),
        "{stdout}"
    );
    let all = items(&o);
    assert_eq!(all.len(), 5);
    let old = by_title(&all, "老旧小区改造");
    assert_eq!(old["status"], "in_progress");
    assert_eq!(old["deadline"], "2026-12-31");
    assert_eq!(old["lead_department"], "市住建局");
    assert_eq!(old["source_kind"], "meeting");
    assert_eq!(old["last_feedback_on"], "2026-11-20");
    let lanes = by_title(&all, "背街小巷整治");
    assert_eq!(
        lanes["lead_department"], "市住建局",
        "merged cell carried down"
    );
    assert_eq!(lanes["status"], "completed");
    assert_eq!(lanes["completed_on"], "2026-10-28");
    assert_eq!(lanes["deadline"], "2026-10-30");
    assert_eq!(lanes["source_kind"], "document");
    let river = by_title(&all, "河道清淤");
    assert_eq!(river["status"], "assigned");
    assert_eq!(
        river["deadline"], "2026-12-31",
        "12月底 in the ledger's year"
    );
    assert_eq!(river["source_kind"], "instruction");
    let online = by_title(&all, "政务服务一网通办");
    assert_eq!(online["deadline"], "2026-06-30", "a serial number");
    assert_eq!(online["completed_on"], "2026-06-25");
    let standing = by_title(&all, "营商环境评估");
    assert_eq!(standing["deadline"], Value::Null);
    assert_eq!(standing["status"], "in_progress");
    // Where it came from, in its first event, and as `show` says it.
    let number = old["number"].as_str().unwrap();
    let detail = o.show(number);
    let co: Vec<&str> = detail["co_departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        co.contains(&"市财政局") && co.contains(&"市自然资源局"),
        "{co:?}"
    );
    let text = o.run(&["show", number]);
    assert!(
        text.contains("imported from the ledger 台账.xlsx, sheet “重点工作”, row 4"),
        "{text}"
    );
    let lanes_text = o.run(&["show", lanes["number"].as_str().unwrap()]);
    assert!(lanes_text.contains("row 5"), "{lanes_text}");
    // What the ledger does not say is recorded as unknown.
    assert!(lanes_text.contains("审核人台账未载明"), "{lanes_text}");
    // The chain holds.
    o.run(&["audit", "verify"]);
}

#[test]
fn importing_the_same_ledger_again_registers_nothing_twice_and_an_extended_one_only_its_new_rows() {
    let o = Office::new();
    let file = ledger_file(&o, "台账.xlsx", &[office_ledger()]);
    o.run(&["ledger", "import", file.to_str().unwrap(), "--apply"]);
    let before = o.state();
    let again = o.run(&["ledger", "import", file.to_str().unwrap(), "--apply"]);
    assert!(again.starts_with("registered 0 items"), "{again}");
    assert!(again.contains("5 rows already in the office"), "{again}");
    assert_eq!(o.state().items, before.items);
    // Re-exported with a new row, spaces and full-width letters changed: one new item.
    let mut sheet = office_ledger();
    sheet.rows[3][1] = C::S(" 老旧小区改造 ");
    sheet.rows.push(vec![
        C::N(6.0),
        C::S("垃圾分类"),
        C::E,
        C::S("市城管局"),
        C::E,
        C::E,
        C::S("2026/12/15"),
        C::E,
        C::E,
        C::E,
    ]);
    let file = ledger_file(&o, "台账-12月.xlsx", &[sheet]);
    let dry = o.run(&["ledger", "import", file.to_str().unwrap()]);
    assert!(
        dry.contains("1 to register, 5 already in the office"),
        "{dry}"
    );
    assert!(dry.contains("row 4 (2026-"), "{dry}");
    // Only the department the office does not have yet is new.
    assert!(!dry.contains("Departments new"), "{dry}");
    let applied = o.run(&["ledger", "import", file.to_str().unwrap(), "--apply"]);
    assert!(applied.starts_with("registered 1 items"), "{applied}");
    assert_eq!(o.state().items, before.items + 1);
}

fn bad_ledger() -> Sheet {
    use C::*;
    let mut s = office_ledger();
    s.rows[6][6] = S("下月初");
    s.rows[7][1] = E;
    s.rows.push(vec![
        N(6.0),
        S("垃圾分类"),
        E,
        S("市城管局"),
        E,
        E,
        E,
        E,
        S("差不多了"),
        E,
    ]);
    s
}

#[test]
fn a_refused_row_is_named_by_row_and_column_and_apply_then_writes_nothing() {
    let o = common::office_with_item();
    let file = ledger_file(&o, "台账.xlsx", &[bad_ledger()]);
    let before = o.state();
    let (code, stdout, stderr) = out(&mut import(&o, &file, &[]));
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains("row 7, column G (办理时限): '下月初' is not a date"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 8, column B (督办事项): title must not be empty"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 10, column I (完成情况): '差不多了' is not a status"),
        "{stdout}"
    );
    assert!(
        stderr.starts_with("duban: the ledger has 3 problems"),
        "{stderr}"
    );
    let (code, _, stderr) = out(&mut import(&o, &file, &["--apply"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(o.state(), before);
    let (_, stdout, _) = out(zh(&mut import(&o, &file, &[])));
    assert!(
        stdout.contains("第 7 行 G 列（办理时限）：“下月初”不是日期"),
        "{stdout}"
    );
}

#[test]
fn a_sheet_is_chosen_by_name_and_a_map_says_what_a_column_holds() {
    use C::*;
    let o = Office::new();
    let second = Sheet {
        name: "第二批",
        rows: vec![
            vec![S("事项名称"), S("责任单位"), S("领导签批"), S("截止日期")],
            vec![
                S("道路修缮"),
                S("市交通局"),
                S("请抓紧"),
                S("2026年12月1日"),
            ],
        ],
        merged_down: vec![],
        merged_across: vec![],
    };
    let file = ledger_file(&o, "两批.xlsx", &[office_ledger(), second]);
    let dry = o.run(&[
        "ledger",
        "import",
        file.to_str().unwrap(),
        "--sheet",
        "第二批",
    ]);
    assert!(dry.contains("1 data rows: 1 to register"), "{dry}");
    assert!(dry.contains("C 领导签批 → left out (not known)"), "{dry}");
    assert!(dry.contains("due 2026-12-01"), "{dry}");
    let mapped = o.run(&[
        "ledger",
        "import",
        file.to_str().unwrap(),
        "--sheet",
        "第二批",
        "--map",
        "领导签批=note",
    ]);
    assert!(mapped.contains("C 领导签批 → note"), "{mapped}");
    o.refuse(
        &[
            "ledger",
            "import",
            file.to_str().unwrap(),
            "--sheet",
            "第三批",
        ],
        "the ledger has no sheet '第三批'; --sheet must be one of: “重点工作”, “第二批”",
    );
    o.refuse(
        &[
            "ledger",
            "import",
            file.to_str().unwrap(),
            "--map",
            "备注=remark",
        ],
        "--map 备注= must name one of: title, requirement, lead",
    );
    // Two columns for the lead: refused naming both; a map says which.
    let two = Sheet {
        name: "S",
        rows: vec![
            vec![S("督办事项"), S("牵头单位"), S("责任单位")],
            vec![S("甲"), S("市交通局"), S("市城管局")],
        ],
        merged_down: vec![],
        merged_across: vec![],
    };
    let file = ledger_file(&o, "两列.xlsx", &[two]);
    o.refuse(
        &["ledger", "import", file.to_str().unwrap()],
        "both column B '牵头单位' and column C '责任单位' hold the lead department",
    );
    let ok = o.run(&[
        "ledger",
        "import",
        file.to_str().unwrap(),
        "--map",
        "责任单位=co",
    ]);
    assert!(ok.contains("with 市城管局"), "{ok}");
}

#[test]
fn a_hostile_ledger_is_refused_by_name_or_stored_inertly() {
    use C::*;
    let o = Office::new();
    let long: String = "长".repeat(10_000);
    let sheet = Sheet {
        name: "S",
        rows: vec![
            vec![S("督办事项"), S("牵头单位"), S("办理时限")],
            // A formula: its cached value.
            vec![
                F("=\"公式\"&\"事项\"", "公式事项"),
                S("市交通局"),
                S("2026-12-01"),
            ],
            vec![F("=1/0", "#DIV/0!"), S("市交通局"), S("2026-12-01")],
            vec![Owned(long), S("市交通局"), S("2026-12-01")],
            vec![S("响铃\u{7}事项"), S("市交通局"), S("2026-12-01")],
            vec![S("换行\n事项"), S("市\u{1b}[31m交通局"), S("2026-12-01")],
        ],
        merged_down: vec![],
        merged_across: vec![],
    };
    let file = ledger_file(&o, "hostile.xlsx", &[sheet]);
    let (code, stdout, _) = out(&mut import(&o, &file, &[]));
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stdout.contains("row 2 [registered]") || stdout.contains("row 2 [assigned] 公式事项"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 3, column A (督办事项): the formula's value is the error #DIV/0!"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "row 4, column A (督办事项): title must be at most 500 characters (got 10000)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "row 5, column A (督办事项): title must be one line of text without control characters"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "row 6, column B (牵头单位): lead must be one line of text without control characters"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'));
    // A sheet that reaches the last row, or the last column, is refused with the limit.
    let far = Sheet {
        name: "S",
        rows: vec![vec![S("督办事项"), S("牵头单位")]],
        merged_down: vec![],
        merged_across: vec![],
    };
    let path = o.dir.path().join("far.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["督办事项", "牵头单位"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1_048_575, 0, "最后一行").unwrap();
    book.save(&path).unwrap();
    drop(far);
    o.refuse(
        &["ledger", "import", path.to_str().unwrap()],
        "reaches row 1048576, past the limit of 100000 rows",
    );
    let path = o.dir.path().join("wide.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "督办事项").unwrap();
    ws.write_string(0, 1, "牵头单位").unwrap();
    ws.write_string(1, 16_383, "最后一列").unwrap();
    book.save(&path).unwrap();
    o.refuse(
        &["ledger", "import", path.to_str().unwrap()],
        "reaches column XFD, past the limit of 200 columns",
    );
    // Not a spreadsheet at all.
    let path = o.dir.path().join("notes.txt");
    std::fs::write(&path, "督办事项,牵头单位\n").unwrap();
    o.refuse(
        &["ledger", "import", path.to_str().unwrap()],
        "is not a spreadsheet ledger",
    );
    let path = o.dir.path().join("fake.xlsx");
    std::fs::write(&path, "PK not a zip").unwrap();
    o.refuse(
        &["ledger", "import", path.to_str().unwrap()],
        "cannot be read",
    );
}

/// A ledger saved by LibreOffice as .ods and as .xls (tests/fixtures, made from the same rows).
#[test]
fn ods_and_xls_ledgers_are_read() {
    let o = Office::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["ledger.ods", "ledger.xls"] {
        let file = fixtures.join(name);
        let (code, stdout, stderr) = out(&mut import(&o, &file, &[]));
        assert_eq!(code, Some(0), "{name}: {stdout}{stderr}");
        assert!(
            stdout.contains("3 data rows: 3 to register"),
            "{name}: {stdout}"
        );
        assert!(
            stdout.contains("row 3 [in progress] 老旧小区改造 · led by 市住建局 · due 2026-12-31"),
            "{name}: {stdout}"
        );
    }
}

/// A header in two rows (办理情况 merged over 办理进展 and 完成情况), with the days the ledger
/// gives in columns of their own: registration, completion, a cancellation.
#[test]
fn a_two_row_header_and_the_days_of_registration_and_completion_are_read() {
    use C::*;
    let o = Office::new();
    let sheet = Sheet {
        name: "台账",
        rows: vec![
            vec![
                S("督办事项"),
                S("牵头单位"),
                S("交办日期"),
                S("完成时限"),
                S("办理情况"),
                E,
                S("办结时间"),
            ],
            vec![E, E, E, E, S("办理进展"), S("完成情况"), E],
            vec![
                S("道路修缮"),
                S("市交通局"),
                S("2026年3月2日"),
                S("2026年6月底"),
                S("已报验收"),
                S("已办结"),
                S("2026.6.20"),
            ],
            vec![
                S("旧厂房改造"),
                S("市商务局"),
                S("2026-04-01"),
                S("2026-09-30"),
                E,
                S("撤销"),
                S("2026/5/6"),
            ],
            vec![
                S("公园提升"),
                S("市城管局"),
                S("2026-05-06"),
                S("2026-04-30"),
                E,
                S("进行中"),
                E,
            ],
        ],
        merged_down: vec![],
        merged_across: vec![(0, 4, 5)],
    };
    let file = ledger_file(&o, "两行表头.xlsx", &[sheet]);
    let (code, stdout, _) = out(&mut import(&o, &file, &[]));
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.contains("header in row 1"), "{stdout}");
    assert!(
        stdout.contains("E 办理进展 → progress; F 完成情况 → status; G 办结时间 → completion date"),
        "{stdout}"
    );
    // A deadline before the registration the ledger gives is refused naming the deadline.
    assert!(
        stdout.contains(
            "row 5, column D (完成时限): due 2026-04-30 is before the registration date 2026-05-06"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "row 3 [completed] 道路修缮 · led by 市交通局 · due 2026-06-30 · registered 2026-03-02"
        ),
        "{stdout}"
    );
    let file = {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        for (r, row) in [
            [
                "督办事项",
                "牵头单位",
                "交办日期",
                "完成时限",
                "完成情况",
                "办结时间",
            ],
            [
                "道路修缮",
                "市交通局",
                "2026年3月2日",
                "2026年6月底",
                "已办结",
                "2026.6.20",
            ],
            [
                "旧厂房改造",
                "市商务局",
                "2026-04-01",
                "2026-09-30",
                "撤销",
                "2026/5/6",
            ],
        ]
        .iter()
        .enumerate()
        {
            for (c, t) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *t).unwrap();
            }
        }
        let path = o.dir.path().join("日期.xlsx");
        book.save(&path).unwrap();
        path
    };
    o.run(&["ledger", "import", file.to_str().unwrap(), "--apply"]);
    let all = items(&o);
    let road = by_title(&all, "道路修缮");
    assert_eq!(road["registered_on"], "2026-03-02");
    assert_eq!(road["assigned_on"], "2026-03-02");
    assert_eq!(road["completed_on"], "2026-06-20");
    let factory = by_title(&all, "旧厂房改造");
    assert_eq!(factory["status"], "cancelled");
    let text = o.run(&["show", factory["number"].as_str().unwrap()]);
    assert!(text.contains("2026-05-06"), "{text}");
}

//! The Word documents read back: the bulletin of the hand-computed October office (tests/report.rs
//! has the same office and works out its figures), the urging notice and the triage log; and
//! hostile stored text (markup, quotes, control characters) kept as text in docx, md and html.
//!
//! The office, October 2026: 住建局 leads I1 (on time), I2 (late), I6 (not due, suspended),
//! I8 (late); 水利局 leads I3 (overdue, 8 working days at 10-31), I4 (not due), I5 (no deadline),
//! I7 (on time, extended), I10 (cancelled). I1, I2, I6, I7, I8, I10 come from 第6次常务会议.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod office;
use office::{d, office};

use duban::domain::item::{ItemNumber, SourceKind};
use duban::domain::{Level, Rules, WorkCalendar};
use duban::report::daylog::{DayLog, LogLine};
use duban::report::docx::bulletin_docx;
use duban::report::figures::{ActionLine, OverdueLine};
use duban::report::notice::{Notice, NoticeItem};
use duban::report::render::{Context, Document};
use duban::report::{Bulletin, GroupBy, Period, PeriodKind};
use duban::ui::Lang;

/// What a .docx says: its paragraphs' text, and each table's rows of cell texts.
#[derive(Debug, Default)]
pub struct ReadBack {
    pub paragraphs: Vec<String>,
    pub tables: Vec<Vec<Vec<String>>>,
}

impl ReadBack {
    pub fn of(bytes: &[u8]) -> Self {
        use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
        let doc = docx_rs::read_docx(bytes).expect("the document reads back");
        let mut out = ReadBack::default();
        for child in &doc.document.children {
            match child {
                DocumentChild::Paragraph(p) => out.paragraphs.push(p.raw_text()),
                DocumentChild::Table(t) => out.tables.push(
                    t.rows
                        .iter()
                        .map(|TableChild::TableRow(r)| {
                            r.cells
                                .iter()
                                .map(|TableRowChild::TableCell(c)| {
                                    c.children
                                        .iter()
                                        .filter_map(|x| match x {
                                            TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                            _ => None,
                                        })
                                        .collect::<Vec<_>>()
                                        .join("\n")
                                })
                                .collect()
                        })
                        .collect(),
                ),
                _ => {}
            }
        }
        out
    }

    pub fn text(&self) -> String {
        let mut all = self.paragraphs.join("\n");
        for t in &self.tables {
            for r in t {
                all.push('\n');
                all.push_str(&r.join(" | "));
            }
        }
        all
    }

    /// The row of a table whose first cell is `first`.
    pub fn row(&self, first: &str) -> Vec<String> {
        self.tables
            .iter()
            .flatten()
            .find(|r| r.first().is_some_and(|c| c == first))
            .cloned()
            .unwrap_or_else(|| panic!("no row starting {first:?} in {:#?}", self.tables))
    }
}

fn october() -> Period {
    Period {
        as_of: d("11-01"),
        ..Period::holding(PeriodKind::Month, d("10-15"))
    }
}

/// The bulletin of `doc` as a Word document, for October, under `rules`.
fn word(doc: &Document, lang: Lang, rules: &Rules, office: Option<&str>) -> Vec<u8> {
    let calendar = WorkCalendar::default();
    let ctx = Context {
        lang,
        kind: Some(PeriodKind::Month),
        office,
        rules,
        calendar: &calendar,
        record_head: None,
    };
    bulletin_docx(doc, &ctx).unwrap()
}

/// October's bulletin of the hand-computed office, by lead department.
fn october_document(rules: &Rules) -> Document {
    let (o, _) = office();
    Document::by_replay(
        &o.events(),
        october(),
        GroupBy::Department,
        &WorkCalendar::default(),
        rules,
    )
}

fn october_docx(lang: Lang) -> (ReadBack, ItemNumber) {
    let (_, items) = office();
    let bytes = word(
        &october_document(&Rules::default()),
        lang,
        &Rules::default(),
        None,
    );
    // To look at the document: DUBAN_DOCX_DIR=/tmp/x cargo test --test docx, then open
    // bulletin-zh.docx (until `duban report --format docx` writes it).
    if let Some(dir) = std::env::var_os("DUBAN_DOCX_DIR") {
        let name = format!(
            "bulletin-{}.docx",
            if lang == Lang::Zh { "zh" } else { "en" }
        );
        std::fs::write(std::path::Path::new(&dir).join(name), &bytes).unwrap();
    }
    (ReadBack::of(&bytes), items[2])
}

#[test]
fn the_bulletin_reads_back_with_its_title_summary_tables_and_sources() {
    let (doc, i3) = october_docx(Lang::Zh);
    assert_eq!(doc.paragraphs[0], "督办通报（2026年10月）");
    let text = doc.text();
    assert!(
        text.contains(
            "本期共督办事项9项（新增3项，上期结转6项），其中按时办结2项，超期办结2项，在办未到期1项，超时未办1项，无时限在办1项，中止1项，撤销1项；按时办结率40.0%，办结率50.0%，超期率60.0%。"
        ),
        "{text}"
    );
    // The department table, every class in it: 承办件数 = 办结 + 待审核 + 在办 + 中止 + 撤销.
    assert_eq!(
        doc.row("牵头单位"),
        [
            "牵头单位",
            "承办件数",
            "办结数",
            "待审核",
            "在办数",
            "超时未办数",
            "中止",
            "撤销",
            "按时办结率",
            "办结率",
            "超期率"
        ]
    );
    assert_eq!(
        doc.row("住建局"),
        [
            "住建局",
            "4",
            "3",
            "0",
            "0",
            "0",
            "1",
            "0",
            "33.3%",
            "75.0%",
            "66.7%"
        ]
    );
    assert_eq!(
        doc.row("水利局"),
        [
            "水利局",
            "5",
            "1",
            "0",
            "3",
            "1",
            "0",
            "1",
            "50.0%",
            "25.0%",
            "50.0%"
        ]
    );
    assert_eq!(
        doc.row("合计"),
        [
            "合计", "9", "4", "0", "3", "1", "1", "1", "40.0%", "50.0%", "60.0%"
        ]
    );
    // One sentence per source, worded by its kind.
    assert!(
        text.contains("第6次常务会议议定事项6项：办结4项，在办0项，中止1项，撤销1项，办结率80.0%"),
        "{text}"
    );
    // The overdue item, by its number in document style.
    assert_eq!(i3.seq, 8);
    assert_eq!(
        doc.row("督字〔2026〕8号"),
        ["督字〔2026〕8号", "水利局的事项", "水利局", "李明", "8"]
    );
    // The period's notes, the ranking and where the figures came from.
    assert!(text.contains("通报批评"), "{text}");
    assert_eq!(doc.row("1")[1], "水利局");
    assert!(
        text.contains("本通报依据截至2026年10月31日的督办记录生成"),
        "{text}"
    );
}

#[test]
fn the_english_bulletin_has_no_chinese_of_its_own() {
    let (doc, _) = october_docx(Lang::En);
    assert_eq!(doc.paragraphs[0], "Supervision bulletin, October 2026");
    assert_eq!(
        doc.row("Lead dept."),
        [
            "Lead dept.",
            "Items",
            "Done",
            "Review",
            "Open",
            "Over-due",
            "Susp.",
            "Canc.",
            "On time",
            "Done rate",
            "Late rate"
        ]
    );
    // Only the office's own data (department names, titles, references, the owner) is Chinese.
    let data = [
        "住建局",
        "水利局",
        "的事项",
        "第6次常务会议",
        "办发〔2026〕12号",
        "李明",
        "逾期",
        "三日内整改",
        "提前完成",
    ];
    let mut rest = doc.text();
    for word in data {
        rest = rest.replace(word, "");
    }
    assert!(
        !rest.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{rest}"
    );
}

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'q' \u{1b}[31m\u{7}";
/// What a hostile text reads back as: markup kept as text, control characters as spaces.
const HOSTILE_READ: &str = "<script>alert(\"x\")</script> & 'q'  [31m ";

fn hostile_bulletin() -> Bulletin {
    let (o, _) = office();
    let mut b = Bulletin::by_replay(
        &o.events(),
        october(),
        GroupBy::Department,
        &WorkCalendar::default(),
        &Rules::default(),
    );
    let number = ItemNumber {
        year: 2026,
        seq: 99,
    };
    b.overdue.push(OverdueLine {
        number,
        title: HOSTILE.into(),
        lead: HOSTILE.into(),
        owner: "O'Brien & <b>".into(),
        working_days_late: 3,
        suspended: true,
    });
    b.actions.push(ActionLine {
        on_date: d("10-30"),
        number,
        title: HOSTILE.into(),
        level: Some(Level::Urging),
        target: HOSTILE.into(),
        reason: HOSTILE.into(),
        requirement: HOSTILE.into(),
        points: None,
    });
    b
}

#[test]
fn hostile_text_stays_text_in_the_bulletin() {
    let doc = Document {
        bulletin: hostile_bulletin(),
        sources: vec![],
    };
    let bytes = word(&doc, Lang::Zh, &Rules::default(), None);
    let doc = ReadBack::of(&bytes);
    assert_eq!(
        doc.row("督字〔2026〕99号"),
        [
            "督字〔2026〕99号",
            // Suspended after its deadline: still overdue, marked 中止.
            &format!("{HOSTILE_READ}（中止）"),
            HOSTILE_READ,
            "O'Brien & <b>",
            "3"
        ]
    );
}

fn notice_item(title: &str, late: Option<i64>) -> NoticeItem {
    NoticeItem {
        number: ItemNumber {
            year: 2026,
            seq: 17,
        },
        title: title.into(),
        source_kind: SourceKind::Meeting,
        source_ref: "第6次常务会议".into(),
        lead: "住建局".into(),
        owner: "李明".into(),
        deadline: Some(d("10-20")),
        working_days_late: late,
        working_days_left: None,
        suspended_on: None,
        level: Level::Urging,
        requirement: "三个工作日内报送整改措施".into(),
        instructions: vec![],
        attachments: Vec::new(),
    }
}

fn notice(items: Vec<NoticeItem>, by_department: bool) -> Notice {
    Notice {
        to: "住建局".into(),
        items,
        issued_on: d("10-30"),
        reply_by: d("11-04"),
        by_department,
        office: None,
    }
}

#[test]
fn the_urging_notice_reads_back_with_number_deadline_lateness_and_reply_date() {
    let n = notice(vec![notice_item("整治老旧小区", Some(8))], false);
    let doc = ReadBack::of(&n.docx(Lang::Zh).unwrap());
    assert_eq!(doc.paragraphs[0], "督办事项催办单");
    let text = doc.text();
    assert!(text.contains("督字〔2026〕17号"), "{text}");
    assert!(text.contains("住建局："), "{text}");
    assert!(
        text.contains("办理时限为2026年10月20日，截至2026年10月30日已超期8个工作日"),
        "{text}"
    );
    assert_eq!(doc.row("超期情况"), ["超期情况", "已超期8个工作日"]);
    assert_eq!(doc.row("督办层级"), ["督办层级", "催办单"]);
    assert_eq!(
        doc.row("事项来源"),
        ["事项来源", "会议议定（第6次常务会议）"]
    );
    assert!(
        text.contains("请于2026年11月4日前将办理情况书面回复"),
        "{text}"
    );
    // A department's notice lists its items in one table.
    let list = notice(
        vec![notice_item("甲", Some(8)), notice_item("乙", Some(2))],
        true,
    );
    let doc = ReadBack::of(&list.docx(Lang::En).unwrap());
    assert_eq!(doc.paragraphs[0], "Urging notice: overdue items");
    let rows: Vec<_> = doc.tables[0].iter().map(|r| r[3].clone()).collect();
    assert_eq!(rows, ["Working days late", "8", "2"]);
}

#[test]
fn hostile_text_stays_text_in_the_notice_in_docx_md_and_html() {
    let n = notice(vec![notice_item(HOSTILE, Some(8))], false);
    let doc = ReadBack::of(&n.docx(Lang::Zh).unwrap());
    assert_eq!(doc.row("事项名称"), ["事项名称", HOSTILE_READ]);

    let md = n.markdown(Lang::Zh);
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'), "{md}");
    assert!(
        md.contains("| 事项名称 | &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q'  \\[31m  |"),
        "{md}"
    );

    let html = n.html(Lang::En);
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        !html.contains('\u{1b}') && !html.contains('\u{7}'),
        "{html}"
    );
    assert!(
        html.contains(
            "<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;  [31m </td>"
        ),
        "{html}"
    );
}

#[test]
fn the_triage_log_reads_back_in_docx_and_escapes_in_md() {
    let log = DayLog {
        day: d("11-25"),
        lines: vec![LogLine {
            time: "09:05".into(),
            number: Some(ItemNumber { year: 2026, seq: 3 }),
            title: HOSTILE.into(),
            decision: "催办 (催办单)".into(),
            actor: "督查员".into(),
        }],
        office: Some("市政府督查室".into()),
        record_head: Some(duban::report::render::RecordHead {
            hash: "ab".repeat(32),
            events: 42,
        }),
    };
    let doc = ReadBack::of(&log.docx(Lang::Zh).unwrap());
    assert!(
        doc.paragraphs
            .iter()
            .any(|p| p.starts_with(&format!("记录校验码：{}", "ab".repeat(32)))),
        "{:#?}",
        doc.paragraphs
    );
    assert!(
        log.markdown(Lang::En)
            .contains(&format!("Record head: {} (42 events", "ab".repeat(32))),
        "the head above the foot in md too"
    );
    // 落款: the office above the day, the last two lines of the page.
    assert_eq!(
        doc.paragraphs[doc.paragraphs.len() - 2..],
        ["市政府督查室", "2026年11月25日"],
        "{:#?}",
        doc.paragraphs
    );
    assert_eq!(
        doc.paragraphs[0..2],
        ["督办事项研判处置日志", "（2026年11月25日）"]
    );
    assert_eq!(
        doc.row("09:05"),
        [
            "09:05",
            "督字〔2026〕3号",
            HOSTILE_READ,
            "催办 (催办单)",
            "督查员"
        ]
    );
    let md = log.markdown(Lang::En);
    assert!(md.starts_with("# Triage log, 25 November 2026\n"), "{md}");
    assert!(
        md.ends_with("\n\n市政府督查室\n\n25 November 2026\n"),
        "{md}"
    );
    assert!(!md.contains("<script>") && !md.contains('\u{1b}'), "{md}");
}

#[test]
fn the_bulletin_in_docx_names_the_rules_it_used() {
    let (o, _) = office();
    let events = o.events();
    let cal = WorkCalendar::default();
    let rules = Rules {
        yellow_working_days: 4,
        ..Rules::default()
    };
    let doc = Document::by_replay(&events, october(), GroupBy::Department, &cal, &rules);
    let text = |rules: &Rules| ReadBack::of(&word(&doc, Lang::En, rules, None)).text();
    let own = text(&rules);
    let fingerprint = duban::config::fingerprint(&rules, &cal);
    assert!(
        own.contains(&format!("Rules fingerprint: {fingerprint}")),
        "{own}"
    );
    assert!(
        own.contains("yellow within 4 working days of the deadline"),
        "{own}"
    );
    assert!(own.contains("Score weights: base 80, cap 100;"), "{own}");
    let default = text(&Rules::default());
    assert!(
        default.contains(&format!(
            "Rules fingerprint: {}",
            duban::config::fingerprint(&Rules::default(), &cal)
        )),
        "{default}"
    );
    assert_ne!(
        fingerprint,
        duban::config::fingerprint(&Rules::default(), &cal)
    );
}

/// 落款: the urging notice signs with the issuing office above its date, in Word, Markdown and
/// HTML; without an office, the date alone.
#[test]
fn the_notice_signs_with_the_office_above_its_date_in_every_format() {
    let mut n = notice(vec![notice_item("整治老旧小区", Some(8))], false);
    n.office = Some("市政府督查室".into());
    let doc = ReadBack::of(&n.docx(Lang::Zh).unwrap());
    assert_eq!(
        doc.paragraphs[doc.paragraphs.len() - 2..],
        ["市政府督查室", "2026年10月30日"],
        "{:#?}",
        doc.paragraphs
    );
    let md = n.markdown(Lang::Zh);
    assert!(md.ends_with("\n\n市政府督查室\n\n2026年10月30日\n"), "{md}");
    let html = n.html(Lang::En);
    assert!(
        html.contains(
            "<p class=\"sign\">市政府督查室</p>\n<p class=\"sign\">30 October 2026</p>\n</body>"
        ),
        "{html}"
    );
    n.office = None;
    let md = n.markdown(Lang::Zh);
    assert!(md.ends_with("回复。\n\n2026年10月30日\n"), "{md}");
}

/// The Word bulletin uses `--office` as the other formats do: under the title, and signed at
/// the foot above the date.
#[test]
fn the_word_bulletin_names_its_office_under_the_title_and_above_its_date() {
    let (o, _) = office();
    let events = o.events();
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    let doc = Document::by_replay(&events, october(), GroupBy::Department, &cal, &rules);
    let bytes = word(&doc, Lang::Zh, &rules, Some("市政府督查室"));
    let doc = ReadBack::of(&bytes);
    assert_eq!(doc.paragraphs[2], "市政府督查室", "{:#?}", doc.paragraphs);
    assert_eq!(
        doc.paragraphs[doc.paragraphs.len() - 2..],
        ["市政府督查室", "2026年10月31日"],
        "{:#?}",
        doc.paragraphs
    );
}

/// Each table of `bytes` with its column widths (twips) and its rows of cell texts.
fn grids(bytes: &[u8]) -> Vec<(Vec<usize>, Vec<Vec<String>>)> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).unwrap();
    doc.document
        .children
        .iter()
        .filter_map(|c| match c {
            DocumentChild::Table(t) => Some((
                t.grid.clone(),
                t.rows
                    .iter()
                    .map(|TableChild::TableRow(r)| {
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
                            .collect()
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The width of `text` in 小4 (12 pt), in twips, reckoned generously: a Chinese character
/// 12 pt, any other 6.5 pt (Times New Roman's figures are 6 pt).
fn twips(text: &str) -> usize {
    text.chars()
        .map(|c| if c.is_ascii() { 130 } else { 240 })
        .sum()
}

/// Whether a cell holds what must never wrap: a document number, a time, a date, a figure.
fn unbreakable(text: &str) -> bool {
    text.starts_with("督字〔")
        || text.starts_with("No. ")
        || (!text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || ":.-%—".contains(c)))
}

/// Numbers, times and 督字 numbers never wrap: every such cell of the bulletin's, the notice's
/// and the log's tables fits its column, 1 mm of margin each side (a four-digit sequence
/// number included: 督字〔2026〕1234号).
#[test]
fn numbers_times_and_document_numbers_fit_their_columns() {
    let (o, _) = office();
    let events = o.events();
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    let doc = Document::by_replay(&events, october(), GroupBy::Department, &cal, &rules);
    let mut papers = vec![
        word(&doc, Lang::Zh, &rules, None),
        word(&doc, Lang::En, &rules, None),
    ];
    let mut long = notice_item("整治老旧小区", Some(8));
    long.number.seq = 1234;
    let mut other = notice_item("推进垃圾分类", Some(12));
    other.requirement = "另一项要求".into();
    for lang in [Lang::Zh, Lang::En] {
        papers.push(
            notice(vec![long.clone(), notice_item("甲", Some(2))], true)
                .docx(lang)
                .unwrap(),
        );
        papers.push(
            notice(vec![long.clone(), other.clone()], true)
                .docx(lang)
                .unwrap(),
        );
    }
    let log = DayLog {
        day: d("11-25"),
        lines: vec![LogLine {
            time: "23:59".into(),
            number: Some(ItemNumber {
                year: 2026,
                seq: 1234,
            }),
            title: "整治老旧小区".into(),
            decision: "催办（催办单）".into(),
            actor: "督查员".into(),
        }],
        office: None,
        record_head: None,
    };
    papers.push(log.docx(Lang::Zh).unwrap());
    let mut checked = 0;
    for bytes in &papers {
        for (grid, rows) in grids(bytes) {
            for row in &rows {
                for (text, width) in row.iter().zip(&grid) {
                    if unbreakable(text) {
                        checked += 1;
                        assert!(
                            twips(text) + 2 * 57 <= *width,
                            "{text:?} ({} twips) wraps in a column of {width}: {row:?}",
                            twips(text)
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

/// A long department name (市住房和城乡建设局) stays on one line in every table of the Chinese
/// Word bulletin at A4 portrait, the eleven columns of the department table included: the columns
/// of figures are as wide as their figures, the names take the rest.
#[test]
fn a_long_department_name_does_not_wrap_in_the_word_bulletin() {
    const LONG: &str = "市住房和城乡建设局";
    let mut doc = october_document(&Rules::default());
    for r in doc
        .bulletin
        .rows
        .iter_mut()
        .chain(doc.bulletin.ranking.iter_mut())
    {
        if r.key == "住建局" {
            r.key = LONG.into();
        }
    }
    // In Chinese: the English heads of the figures (Review, Susp.) leave the names less room.
    let bytes = word(&doc, Lang::Zh, &Rules::default(), None);
    let mut seen = 0;
    for (grid, rows) in grids(&bytes) {
        assert_eq!(
            grid.iter().sum::<usize>().div_ceil(100),
            8844_usize.div_ceil(100)
        );
        for row in &rows {
            for (text, width) in row.iter().zip(&grid) {
                if text == LONG {
                    seen += 1;
                    assert!(
                        twips(text) + 2 * 57 <= *width,
                        "{text} ({} twips) wraps in a column of {width}: {grid:?}",
                        twips(text)
                    );
                }
            }
        }
    }
    // In the department table and the ranking.
    assert_eq!(seen, 2);
}

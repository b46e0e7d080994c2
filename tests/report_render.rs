//! The bulletin and the assessment of the hand-computed office (tests/report.rs) as documents:
//! golden files under tests/golden/, compared exactly (`DUBAN_BLESS=1 cargo test --test
//! report_render` rewrites them after a deliberate change; read the diff before committing),
//! and hostile titles that must stay text in every format.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod office;

use std::path::PathBuf;

use duban::domain::{Rules, WorkCalendar};
use duban::report::render::{self, Context, Document, Format};
use duban::report::{GroupBy, Period, PeriodKind, Scores};
use duban::store::{NewNote, WriteTx};
use duban::ui::Lang;
use office::{Office, d, office};

fn golden(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("DUBAN_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (DUBAN_BLESS=1 writes it from this run)",
            path.display()
        )
    });
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  want: {:?}\n  got:  {:?}\n(DUBAN_BLESS=1 rewrites it)",
            line + 1,
            want.lines().nth(line),
            got.lines().nth(line)
        );
    }
}

fn october() -> Period {
    Period {
        as_of: d("11-01"),
        ..Period::holding(PeriodKind::Month, d("10-15"))
    }
}

fn document(o: &Office, by: GroupBy) -> Document {
    Document::by_replay(
        &o.events(),
        october(),
        by,
        &WorkCalendar::default(),
        &Rules::default(),
    )
}

fn render(doc: &Document, lang: Lang, format: Format) -> String {
    let rules = Rules::default();
    let calendar = WorkCalendar::default();
    let ctx = Context {
        lang,
        kind: Some(PeriodKind::Month),
        office: Some("某市人民政府督查室"),
        rules: &rules,
        calendar: &calendar,
        record_head: None,
    };
    render::bulletin(doc, &ctx, format)
}

#[test]
fn octobers_bulletin_matches_its_golden_files() {
    let (o, _) = office();
    let doc = document(&o, GroupBy::Department);
    golden(
        "bulletin-2026-10.zh.md",
        &render(&doc, Lang::Zh, Format::Md),
    );
    golden(
        "bulletin-2026-10.en.md",
        &render(&doc, Lang::En, Format::Md),
    );
    golden(
        "bulletin-2026-10.zh.csv",
        &render(&doc, Lang::Zh, Format::Csv),
    );
    golden(
        "bulletin-2026-10.json",
        &render(&doc, Lang::Zh, Format::Json),
    );
    golden(
        "bulletin-2026-10.zh.html",
        &render(&doc, Lang::Zh, Format::Html),
    );
    golden(
        "bulletin-2026-10.en.html",
        &render(&doc, Lang::En, Format::Html),
    );
}

#[test]
fn the_documents_say_the_hand_computed_figures_in_the_offices_words() {
    let (o, _) = office();
    let doc = document(&o, GroupBy::Department);
    let md = render(&doc, Lang::Zh, Format::Md);
    for want in [
        "# 督办通报（2026年10月）",
        "统计期间：2026年10月1日至2026年10月31日（截至2026年10月31日）",
        // Every class, adding up to the nine items: 2 + 2 + 1 + 1 + 1 + 1 + 1.
        "本期共督办事项9项（新增3项，上期结转6项），其中按时办结2项，超期办结2项，在办未到期1项，超时未办1项，无时限在办1项，中止1项，撤销1项；按时办结率40.0%，办结率50.0%，超期率60.0%。",
        // 承办 = 办结 + 待审核 + 在办 + 中止 + 撤销.
        "| 住建局 | 4 | 3 | 0 | 0 | 0 | 1 | 0 | 33.3% | 75.0% | 66.7% |",
        "| 水利局 | 5 | 1 | 0 | 3 | 1 | 0 | 1 | 50.0% | 25.0% | 50.0% |",
        "- 第6次常务会议议定事项6项：办结4项，在办0项，中止1项，撤销1项，办结率80.0%",
        "| 督字〔2026〕8号 | 水利局的事项 | 水利局 | 李明 | 8 |",
        "| 2026年10月15日 | 督字〔2026〕3号 | 住建局的事项 | 问责（通报批评） |",
        "通报表扬",
        "| 1 | 水利局 | 50.0% | 1 |",
        "基础分80，上限100",
        "规则指纹：",
    ] {
        assert!(md.contains(want), "no {want:?} in\n{md}");
    }
    let en = render(&doc, Lang::En, Format::Md);
    for want in [
        "# Supervision bulletin, October 2026",
        "Period: 1 October 2026 to 31 October 2026, as of 31 October 2026",
        "on-time rate 40.0%, completion rate 50.0%",
        "第6次常务会议 decided 6 items: 4 completed, 0 in progress, 1 suspended, 1 cancelled, completion rate 80.0%",
        "| 2026-008 | 水利局的事项 | 水利局 | 李明 | 8 |",
        "accountability: public criticism",
    ] {
        assert!(en.contains(want), "no {want:?} in\n{en}");
    }
    // No Chinese word of the program's own on the English page (the office's data aside).
    for word in ["督办通报", "按时办结率", "督字", "合计", "承办件数"] {
        assert!(!en.contains(word), "{word} on the English page");
    }
}

#[test]
fn an_empty_denominator_prints_a_dash() {
    let (o, _) = office();
    let august = Period::holding(PeriodKind::Month, d("08-15"));
    let doc = Document::by_replay(
        &o.events(),
        august,
        GroupBy::Department,
        &WorkCalendar::default(),
        &Rules::default(),
    );
    let md = render(&doc, Lang::Zh, Format::Md);
    assert!(
        md.contains("| **合计** | 0 | 0 | 0 | 0 | 0 | 0 | 0 | — | — | — |"),
        "{md}"
    );
    let csv = render(&doc, Lang::En, Format::Csv);
    assert!(
        csv.lines()
            .last()
            .unwrap()
            .starts_with("Total,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&render(&doc, Lang::En, Format::Json)).unwrap();
    assert!(json["total"]["on_time_rate"].is_null());
}

#[test]
fn the_csv_has_a_header_a_row_per_group_and_a_total() {
    let (o, _) = office();
    let doc = document(&o, GroupBy::Source);
    let csv = render(&doc, Lang::En, Format::Csv);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&r.headers().unwrap()[0], "Source");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let keys: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(keys, ["办发〔2026〕12号", "第6次常务会议", "Total"]);
    // Handled, …, completion rate.
    assert_eq!(&rows[1][1], "6");
    assert_eq!(&rows[1][19], "80.0");
}

#[test]
fn the_json_holds_the_figures_as_data() {
    let (o, _) = office();
    let doc = document(&o, GroupBy::Department);
    let v: serde_json::Value = serde_json::from_str(&render(&doc, Lang::En, Format::Json)).unwrap();
    assert_eq!(v["period"]["kind"], "month");
    assert_eq!(v["period"]["from"], "2026-10-01");
    assert_eq!(v["total"]["in_scope"], 9);
    assert_eq!(v["total"]["on_time_rate"], 40.0);
    assert_eq!(v["rows"][0]["key"], "住建局");
    assert_eq!(v["rows"][0]["on_time_rate"], 33.3);
    assert_eq!(v["sources"][0]["source_ref"], "第6次常务会议");
    assert_eq!(v["sources"][0]["completion_rate"], 80.0);
    assert_eq!(v["overdue"][0]["working_days_late"], 8);
    assert_eq!(v["actions"][1]["kind"], "commendation");
    assert_eq!(v["basis"]["score_weights"]["base"], 80.0);
}

#[test]
fn the_html_is_one_file_for_a4_with_a_bar_per_department() {
    let (o, _) = office();
    let html = render(&document(&o, GroupBy::Department), Lang::Zh, Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    for banned in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(banned), "{banned} in the HTML");
    }
    assert_eq!(html.matches("<svg").count(), 1);
    // Two departments, each with a bar and its rate.
    assert_eq!(html.matches("<rect").count(), 2);
    assert!(html.contains(">50.0%</text>") && html.contains(">33.3%</text>"));
}

#[test]
fn a_department_with_nothing_to_judge_has_a_dash_and_no_bar() {
    let (mut o, _) = office();
    // 环保局: one item not yet due in October, nothing completed or overdue.
    o.add("10-12", "环保局", &[], Some("12-20"), "第6次常务会议");
    let html = render(&document(&o, GroupBy::Department), Lang::En, Format::Html);
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    assert!(
        svg.contains(">环保局</text>") && svg.contains(">—</text>"),
        "{svg}"
    );
}

/// An office whose titles, names and corrections are hostile.
fn hostile() -> Office {
    let (mut o, _) = office();
    let n = o.add_titled(
        "10-09",
        "<script>alert(1)</script> | 第二列 \"引号\" & 'x'",
        "水利局",
        &[],
        Some("10-20"),
        "办发〔2026〕12号",
    );
    o.on("10-21", |w: &mut dyn WriteTx| {
        let note = NewNote {
            level: duban::domain::Level::Urging,
            target: "<b>水利局</b>".into(),
            reason: "逾期".into(),
            points: None,
            requirement: "第一行|第二列\n第二行 <img src=x onerror=alert(1)>".into(),
        };
        w.add_note(n, &note, None)
    });
    o.add_titled(
        "10-09",
        "普通事项",
        "=HYPERLINK(\"http://x\"),\"一科\"",
        &[],
        Some("10-20"),
        "办发〔2026〕12号",
    );
    o
}

#[test]
fn hostile_titles_stay_text_in_html() {
    let o = hostile();
    let html = render(&document(&o, GroupBy::Department), Lang::Zh, Format::Html);
    assert!(!html.contains("<script>alert"), "raw script");
    assert!(!html.contains("<img"), "raw img");
    assert!(!html.contains("<b>水利局"), "raw b");
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; | 第二列 &quot;引号&quot; &amp; &#39;x&#39;"
    ));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn hostile_titles_cannot_break_a_markdown_table() {
    let o = hostile();
    let md = render(&document(&o, GroupBy::Department), Lang::Zh, Format::Md);
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    // Every table row has as many unescaped `|` as its head.
    let mut cells_in_head = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            cells_in_head = None;
            continue;
        }
        let bars = line.replace("\\|", "").matches('|').count();
        match cells_in_head {
            None => cells_in_head = Some(bars),
            Some(n) => assert_eq!(bars, n, "{line}"),
        }
    }
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| 第二列"));
    // The correction's newline did not end its row.
    assert!(md.contains("第一行\\|第二列 第二行 &lt;img"), "{md}");
}

#[test]
fn hostile_names_are_quoted_in_csv_and_never_formulas() {
    let o = hostile();
    let csv = render(&document(&o, GroupBy::Department), Lang::En, Format::Csv);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let keys: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert!(
        keys.contains(&"'=HYPERLINK(\"http://x\"),\"一科\"".to_string()),
        "{keys:?}"
    );
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\"),\"\"一科\"\"\""),
        "{csv}"
    );
}

#[test]
fn the_assessment_explains_each_score_in_both_languages() {
    let (o, n) = office();
    let year = Period {
        as_of: d("10-31"),
        ..Period::holding(PeriodKind::Year, d("10-31"))
    };
    let rules = Rules::default();
    let calendar = WorkCalendar::default();
    let scores = Scores::by_replay(&o.events(), &year, &calendar, &rules);
    let ctx = |lang| Context {
        lang,
        kind: Some(PeriodKind::Year),
        office: None,
        rules: &rules,
        calendar: &calendar,
        record_head: None,
    };
    let zh = render::scores(&scores, &year, &ctx(Lang::Zh), Format::Text);
    assert!(zh.contains(&format!("{} 按时办结，牵头 +2", n[0])), "{zh}");
    assert!(zh.contains(&format!("{} 超时未办，牵头 -5", n[2])), "{zh}");
    let en = render::scores(&scores, &year, &ctx(Lang::En), Format::Text);
    assert!(
        en.contains(&format!("{} completed on time, lead +2", n[0])),
        "{en}"
    );
    assert!(en.contains(&format!("{} commendation +1", n[0])), "{en}");
    golden(
        "score-2026.zh.md",
        &render::scores(&scores, &year, &ctx(Lang::Zh), Format::Md),
    );
    golden(
        "score-2026.en.csv",
        &render::scores(&scores, &year, &ctx(Lang::En), Format::Csv),
    );
    let v: serde_json::Value = serde_json::from_str(&render::scores(
        &scores,
        &year,
        &ctx(Lang::En),
        Format::Json,
    ))
    .unwrap();
    assert_eq!(v["departments"][0]["department"], "财政局");
    assert_eq!(v["departments"][0]["score"], 78.5);
}

/// What a Word document says, paragraph by paragraph, then each table row as its cells joined
/// by " | ".
fn word_text(bytes: &[u8]) -> String {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).unwrap();
    let mut lines = Vec::new();
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => lines.push(p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(r) in &t.rows {
                    let cells: Vec<String> = r
                        .cells
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
                        .collect();
                    lines.push(cells.join(" | "));
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Every document format prints the outline's sections, each heading on a line of its own, in
/// the outline's order, then the basis; and the same summary sentence, with the same class
/// words (超期办结, never 逾期办结). The CSV's columns are the outline's table's, in its order.
#[test]
fn every_format_prints_the_outlines_sections_in_its_order_and_words() {
    use duban::report::render::outline::{self, Block};
    use duban::report::render::words::{self, Section};
    let (o, _) = office();
    let rules = Rules::default();
    let calendar = WorkCalendar::default();
    for by in [GroupBy::Department, GroupBy::SourceKind] {
        let doc = document(&o, by);
        for lang in [Lang::Zh, Lang::En] {
            let ctx = Context {
                lang,
                kind: Some(PeriodKind::Month),
                office: Some("某市人民政府督查室"),
                rules: &rules,
                calendar: &calendar,
                record_head: None,
            };
            let outline = outline::bulletin(&doc, &ctx);
            let sections: Vec<Section> = outline.parts.iter().map(|p| p.section).collect();
            assert_eq!(
                sections,
                [
                    Section::Summary,
                    Section::Table,
                    Section::Sources,
                    Section::Overdue,
                    Section::Actions,
                    Section::Ranking
                ]
            );
            let mut headings = outline.headings();
            headings.push(&outline.basis_heading);
            let summary = words::summary(lang, &doc.bulletin.total);
            let word = word_text(&duban::report::docx::bulletin_docx(&doc, &ctx).unwrap());
            for (name, text, line) in [
                ("text", render(&doc, lang, Format::Text), "\n{}\n"),
                ("md", render(&doc, lang, Format::Md), "\n## {}\n"),
                ("html", render(&doc, lang, Format::Html), "<h2>{}</h2>"),
                ("docx", word, "\n{}\n"),
            ] {
                let mut at = 0;
                for (i, h) in headings.iter().enumerate() {
                    // The basis's heading is set apart in Markdown and HTML.
                    let want = match (name, i == headings.len() - 1) {
                        ("md", true) => format!("**{h}**"),
                        ("html", true) => format!("<b>{h}</b>"),
                        _ => line.replace("{}", h),
                    };
                    let found = text[at..].find(&want).unwrap_or_else(|| {
                        panic!("{name} {lang:?} by {by:?}: no {want:?} after byte {at}:\n{text}")
                    });
                    at += found + want.len();
                }
                assert!(
                    text.contains(&summary),
                    "{name} {lang:?}: no summary in\n{text}"
                );
                for (class, _) in words::summary_classes(&doc.bulletin.total) {
                    let word = words::class(lang, class);
                    assert!(
                        text.contains(word),
                        "{name} {lang:?}: no {word:?} in\n{text}"
                    );
                }
                assert!(!text.contains("逾期办结"), "{name}: 逾期办结 in\n{text}");
            }
            // The CSV's head holds the outline's table's columns in the same order (rates in
            // percent), and its rows are the table's.
            let table = outline
                .parts
                .iter()
                .flat_map(|p| &p.blocks)
                .find_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .unwrap();
            let csv = render(&doc, lang, Format::Csv);
            let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
            let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
            let mut at = 0;
            for c in &table.columns {
                let found = head[at..]
                    .iter()
                    .position(|h| *h == c.head || *h == format!("{}(%)", c.head))
                    .unwrap_or_else(|| {
                        panic!("csv {lang:?}: no {:?} after {at} in {head:?}", c.head)
                    });
                at += found + 1;
            }
            let keys: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
            let want: Vec<String> = table.all_rows().map(|r| r[0].clone()).collect();
            assert_eq!(keys, want, "csv {lang:?} by {by:?}");
            // The JSON's sections are in the outline's order.
            let json = render(&doc, lang, Format::Json);
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            let want: Vec<&str> = sections
                .iter()
                .map(|s| render::json::section_key(*s))
                .collect();
            let found: Vec<&str> = keys.iter().copied().filter(|k| want.contains(k)).collect();
            assert_eq!(found, want, "json {lang:?}");
        }
    }
}

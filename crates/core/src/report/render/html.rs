//! The bulletin and the assessment ([outlines](super::outline)) as one self-contained HTML file: inline CSS, no scripts, laid
//! out for A4 paper, every piece of office data escaped, and the on-time rate of each
//! department as an inline SVG bar chart.

use std::fmt::Write as _;

use super::outline::{self, Block, Kind, Outline, Table};
use super::{Context, Document};
use crate::lang::Lang;
use crate::report::figures::{Row, shown_rate};
use crate::report::{Period, Scores};

/// Office data as HTML text (also inside attributes): `& < > " '` become entities, control
/// characters spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"@page { size: A4; margin: 25mm 20mm 22mm 22mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 170mm; color: #111; font-family: "FangSong", "STFangsong", "FangSong_GB2312", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; font-size: 12pt; line-height: 1.55; }
@media screen { body { padding: 14mm 0; } }
h1 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; font-size: 20pt; font-weight: bold; text-align: center; margin: 0 0 4pt; letter-spacing: 0.5pt; color: #000; }
.office { text-align: center; margin: 0 0 2pt; }
.period { text-align: center; margin: 0 0 10pt; padding-bottom: 8pt; border-bottom: 2px solid #b00; }
h2 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC", sans-serif; font-size: 13.5pt; margin: 14pt 0 5pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 10pt 0 3pt; break-after: avoid; }
p { margin: 0 0 6pt; text-indent: 2em; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 10pt; line-height: 1.35; margin: 2pt 0 6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #555; padding: 2.5pt 4pt; vertical-align: top; overflow-wrap: anywhere; }
th { background: #ececec; font-weight: bold; text-align: center; font-size: 9.5pt; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.d { white-space: nowrap; }
tr.total td { font-weight: bold; background: #f6f6f6; }
ul.sources { margin: 0 0 6pt; padding-left: 2em; font-size: 10.5pt; line-height: 1.45; }
ul.sources li { margin: 0; }
ul.lines { margin: 0 0 4pt; padding-left: 2em; font-size: 10.5pt; columns: 2; column-gap: 8mm; }
.none { text-indent: 2em; color: #444; }
figure { margin: 4pt 0 8pt; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { text-align: center; font-size: 10pt; color: #333; margin-top: 2pt; }
.basis { margin-top: 16pt; padding-top: 6pt; border-top: 0.75pt solid #888; font-size: 9pt; line-height: 1.45; color: #333; break-inside: avoid; }
.basis p { text-indent: 0; margin: 0 0 2pt; }
.basis .by { text-align: right; margin-top: 4pt; }
"#;

fn open(out: &mut String, lang: Lang, title: &str) {
    let lang_code = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    );
}

fn close(out: &mut String, o: &Outline) {
    let _ = writeln!(
        out,
        "<div class=\"basis\">\n<p><b>{}</b></p>",
        escape(&o.basis_heading)
    );
    for line in &o.basis {
        let _ = writeln!(out, "<p>{}</p>", escape(line));
    }
    let _ = writeln!(
        out,
        "<p class=\"by\">{}</p>\n</div>\n</body>\n</html>",
        escape(&o.produced_by)
    );
}

/// The width of a text in ems of the table's type: a Chinese character one, any other a little
/// over half.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum()
}

/// The text block (170 mm) in ems of the tables' 10 pt type, and a cell's padding and borders.
const TABLE_EMS: f64 = 48.0;
const CELL_PAD_EMS: f64 = 0.9;

/// A table, its columns sized from what they hold (figures, dates and item numbers never
/// wrap); the head repeats on every printed page (`thead`).
fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<colgroup>");
    for w in t.widths(TABLE_EMS, CELL_PAD_EMS, false, ems) {
        let _ = write!(out, "<col style=\"width:{:.1}%\">", w * 100.0 / TABLE_EMS);
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for c in &t.columns {
        let _ = write!(out, "<th>{}</th>", escape(&c.head));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let cells = |out: &mut String, r: &[String]| {
        for (text, c) in r.iter().zip(&t.columns) {
            let class = match c.kind {
                Kind::Text => "",
                Kind::Number | Kind::Rate => "n",
                Kind::Date | Kind::ItemNumber => "d",
            };
            td(out, class, text);
        }
    };
    for r in &t.rows {
        out.push_str("<tr>");
        cells(out, r);
        out.push_str("</tr>\n");
    }
    if let Some(total) = &t.total {
        out.push_str("<tr class=\"total\">");
        cells(out, total);
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A cell: `n` right-aligned numbers, `d` dates, text otherwise. The text is escaped here.
fn td(out: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        let _ = write!(out, "<td>{}</td>", escape(text));
    } else {
        let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(text));
    }
}

/// A label cut to `max` characters (an ellipsis when cut): an SVG text does not wrap.
fn clipped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The on-time rate of each department as horizontal bars, in the ranking's order; a
/// department with nothing to judge shows "—" and no bar.
fn chart(out: &mut String, title: &str, ranking: &[Row]) {
    const LABEL: f64 = 150.0;
    const BAR: f64 = 420.0;
    const ROW: f64 = 18.0;
    const TOP: f64 = 22.0;
    let width = LABEL + BAR + 60.0;
    let height = TOP + ROW * ranking.len() as f64 + 6.0;
    let _ = writeln!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-size=\"11\">",
        escape(title)
    );
    // The scale: 0, 25, 50, 75 and 100 %.
    for step in 0..=4 {
        let x = LABEL + BAR * f64::from(step) / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ccc\" stroke-width=\"0.6\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" font-size=\"9\">{}%</text>",
            TOP - 4.0,
            height - 4.0,
            TOP - 8.0,
            step * 25
        );
    }
    for (i, r) in ranking.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let mid = y + ROW / 2.0 + 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{mid}\" text-anchor=\"end\">{}</text>",
            LABEL - 6.0,
            escape(&clipped(&r.key, 12))
        );
        match r.tally.on_time_rate() {
            Some(rate) => {
                let w = (BAR * rate / 100.0).max(0.0);
                let _ = writeln!(
                    out,
                    "<rect x=\"{LABEL}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"#a31515\"/><text x=\"{:.1}\" y=\"{mid}\" fill=\"#222\">{}</text>",
                    y + 3.0,
                    ROW - 6.0,
                    LABEL + w + 4.0,
                    escape(&shown_rate(Some(rate)))
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{mid}\" fill=\"#555\">—</text>",
                    LABEL + 4.0
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>",
        escape(title)
    );
}

/// An outline as an HTML document.
pub fn write(o: &Outline) -> String {
    let mut out = String::new();
    open(&mut out, o.lang, &o.title);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&o.title));
    if let Some(office) = &o.office {
        let _ = writeln!(out, "<p class=\"office\">{}</p>", escape(office));
    }
    let _ = writeln!(out, "<p class=\"period\">{}</p>", escape(&o.period));
    for part in &o.parts {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&part.heading));
        let mut under_subheading = false;
        for block in &part.blocks {
            match block {
                Block::Paragraph(text) | Block::NotRanked(text) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(text));
                }
                Block::Nothing(text) => {
                    let _ = writeln!(out, "<p class=\"none\">{}</p>", escape(text));
                }
                Block::Subheading(text) => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(text));
                }
                Block::List(lines) => {
                    // Short lines under a subheading (an explanation's) run in two columns.
                    let class = if under_subheading { "lines" } else { "sources" };
                    let _ = writeln!(out, "<ul class=\"{class}\">");
                    for line in lines {
                        let _ = writeln!(out, "<li>{}</li>", escape(line));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table(t) => table(&mut out, t),
                Block::Chart { caption, rows } => chart(&mut out, caption, rows),
            }
            under_subheading = matches!(block, Block::Subheading(_));
        }
    }
    close(&mut out, o);
    out
}

/// The bulletin as an HTML document.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    write(&outline::bulletin(doc, ctx))
}

/// The assessment as an HTML document.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    write(&outline::scores(s, period, ctx))
}

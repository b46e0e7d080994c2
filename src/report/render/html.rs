//! The bulletin and the assessment as one self-contained HTML file: inline CSS, no scripts, laid
//! out for A4 paper, every piece of office data escaped, and the on-time rate of each
//! department as an inline SVG bar chart.

use std::fmt::Write as _;

use super::TALLY_COLS;
use super::words::{self, Col, Section};
use super::{Context, Document};
use crate::report::figures::{GroupBy, Row, Tally, shown_rate};
use crate::report::{Period, Scores};
use crate::ui::Lang;

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

fn masthead(out: &mut String, ctx: &Context<'_>, title: &str, period: &Period) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    if let Some(office) = ctx.office {
        let _ = writeln!(
            out,
            "<p class=\"office\">{}</p>",
            escape(&words::issued_by(ctx.lang, office))
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"period\">{}</p>",
        escape(&words::period_line(ctx.lang, period))
    );
}

fn close(out: &mut String, ctx: &Context<'_>, period: &Period) {
    let _ = writeln!(
        out,
        "<div class=\"basis\">\n<p><b>{}</b></p>",
        escape(words::section(
            ctx.lang,
            Section::Basis,
            GroupBy::Department
        ))
    );
    for line in words::basis(ctx, period) {
        let _ = writeln!(out, "<p>{}</p>", escape(&line));
    }
    let _ = writeln!(
        out,
        "<p class=\"by\">{}</p>\n</div>\n</body>\n</html>",
        escape(words::produced_by(ctx.lang))
    );
}

fn h2(out: &mut String, text: &str) {
    let _ = writeln!(out, "<h2>{}</h2>", escape(text));
}

fn none(out: &mut String, lang: Lang) {
    let _ = writeln!(out, "<p class=\"none\">{}</p>", escape(words::none(lang)));
}

/// The paragraph after a ranking naming those not ranked (nothing due), if any.
fn not_ranked(out: &mut String, lang: Lang, names: &[&str]) {
    if !names.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&words::not_ranked(lang, names)));
    }
}

/// A table head of `cols`, each as wide as its share of `widths` (percent; an empty list lets
/// the browser decide).
fn thead(out: &mut String, cols: &[&str], widths: &[u8]) {
    out.push_str("<table>\n");
    if !widths.is_empty() {
        out.push_str("<colgroup>");
        for w in widths {
            let _ = write!(out, "<col style=\"width:{w}%\">");
        }
        out.push_str("</colgroup>\n");
    }
    out.push_str("<thead><tr>");
    for c in cols {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

/// A cell: `n` right-aligned numbers, `d` dates, text otherwise. The text is escaped here.
fn td(out: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        let _ = write!(out, "<td>{}</td>", escape(text));
    } else {
        let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(text));
    }
}

fn tally_cells(out: &mut String, t: &Tally) {
    for cell in super::tally_cells(t) {
        td(out, "n", &cell);
    }
}

fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
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
fn chart(out: &mut String, lang: Lang, ranking: &[Row]) {
    const LABEL: f64 = 150.0;
    const BAR: f64 = 420.0;
    const ROW: f64 = 18.0;
    const TOP: f64 = 22.0;
    let width = LABEL + BAR + 60.0;
    let height = TOP + ROW * ranking.len() as f64 + 6.0;
    let title = words::section(lang, Section::Chart, GroupBy::Department);
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

/// The bulletin as an HTML document.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let b = &doc.bulletin;
    let title = words::bulletin_title(ctx, &b.period);
    let mut out = String::new();
    open(&mut out, lang, &title);
    masthead(&mut out, ctx, &title, &b.period);

    h2(&mut out, words::section(lang, Section::Summary, b.group_by));
    let _ = writeln!(out, "<p>{}</p>", escape(&words::summary(lang, &b.total)));
    if !b.ranking.is_empty() {
        chart(&mut out, lang, &b.ranking);
    }

    h2(&mut out, words::section(lang, Section::Table, b.group_by));
    let mut cols = vec![words::group_col(lang, b.group_by)];
    cols.extend(TALLY_COLS.iter().map(|c| words::col(lang, *c)));
    thead(&mut out, &cols, &[19, 8, 7, 7, 7, 8, 7, 7, 10, 10, 10]);
    for r in &b.rows {
        out.push_str("<tr>");
        td(&mut out, "", &words::row_key(lang, b.group_by, &r.key));
        tally_cells(&mut out, &r.tally);
        out.push_str("</tr>\n");
    }
    out.push_str("<tr class=\"total\">");
    td(&mut out, "", words::total(lang));
    tally_cells(&mut out, &b.total);
    out.push_str("</tr>\n</tbody>\n</table>\n");

    h2(&mut out, words::section(lang, Section::Sources, b.group_by));
    if doc.sources.is_empty() {
        none(&mut out, lang);
    } else {
        out.push_str("<ul class=\"sources\">\n");
        for s in &doc.sources {
            let _ = writeln!(out, "<li>{}</li>", escape(&words::source_sentence(lang, s)));
        }
        out.push_str("</ul>\n");
    }

    h2(&mut out, words::section(lang, Section::Overdue, b.group_by));
    if b.overdue.is_empty() {
        none(&mut out, lang);
    } else {
        let cols = [Col::Number, Col::Item, Col::Lead, Col::Owner, Col::DaysLate];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        // Wide enough for 督字〔2026〕1234号 on one line.
        thead(&mut out, &cols, &[22, 35, 21, 10, 12]);
        for o in &b.overdue {
            out.push_str("<tr>");
            td(&mut out, "d", &words::number(lang, o.number));
            td(
                &mut out,
                "",
                &words::overdue_title(lang, &o.title, o.suspended),
            );
            td(&mut out, "", &o.lead);
            td(&mut out, "", or_dash(&o.owner));
            td(&mut out, "n", &o.working_days_late.to_string());
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    h2(&mut out, words::section(lang, Section::Actions, b.group_by));
    if b.actions.is_empty() {
        none(&mut out, lang);
    } else {
        let cols = [
            Col::Date,
            Col::Item,
            Col::Level,
            Col::Target,
            Col::Requirement,
        ];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        thead(&mut out, &cols, &[16, 32, 16, 14, 22]);
        for a in &b.actions {
            out.push_str("<tr>");
            td(&mut out, "d", &words::date(lang, a.on_date));
            td(
                &mut out,
                "",
                &format!("{} {}", words::number(lang, a.number), a.title),
            );
            td(&mut out, "", &words::action(lang, a.level));
            td(&mut out, "", or_dash(&a.target));
            td(&mut out, "", or_dash(&a.requirement));
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    h2(&mut out, words::section(lang, Section::Ranking, b.group_by));
    let ranked = b.ranked();
    if b.ranking.is_empty() {
        none(&mut out, lang);
    } else if !ranked.is_empty() {
        let cols = [
            Col::Rank,
            Col::Department,
            Col::OnTimeRate,
            Col::OverdueOpen,
        ];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        thead(&mut out, &cols, &[10, 50, 20, 20]);
        for (rank, r) in ranked {
            out.push_str("<tr>");
            td(&mut out, "n", &rank.to_string());
            td(&mut out, "", &r.key);
            td(&mut out, "n", &shown_rate(r.tally.on_time_rate()));
            td(&mut out, "n", &r.tally.open_overdue.to_string());
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    not_ranked(&mut out, lang, &b.not_ranked());

    close(&mut out, ctx, &b.period);
    out
}

/// The assessment as an HTML document.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let title = words::scores_title(lang, period);
    let mut out = String::new();
    open(&mut out, lang, &title);
    masthead(&mut out, ctx, &title, period);
    h2(
        &mut out,
        words::section(lang, Section::Scores, GroupBy::Department),
    );
    if s.departments.is_empty() {
        none(&mut out, lang);
    } else if s.departments.iter().all(|d| d.place.rank().is_none()) {
        not_ranked(&mut out, lang, &s.not_ranked());
    } else {
        let cols = [Col::Rank, Col::Department, Col::Score];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        thead(&mut out, &cols, &[12, 63, 25]);
        for d in &s.departments {
            let Some(rank) = d.place.rank() else {
                continue;
            };
            out.push_str("<tr>");
            td(&mut out, "n", &rank.to_string());
            td(&mut out, "", &d.department);
            td(&mut out, "n", &words::score(d.score));
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        not_ranked(&mut out, lang, &s.not_ranked());
    }
    h2(
        &mut out,
        words::section(lang, Section::Explanations, GroupBy::Department),
    );
    for d in &s.departments {
        let _ = writeln!(
            out,
            "<h3>{} {}</h3>\n<ul class=\"lines\">",
            escape(&d.department),
            escape(&words::score(d.score))
        );
        let _ = writeln!(out, "<li>{}</li>", escape(&words::base_line(lang, s.base)));
        for l in &d.lines {
            let _ = writeln!(
                out,
                "<li>{}</li>",
                escape(&words::score_line(lang, l.number, l.reason, l.points))
            );
        }
        out.push_str("</ul>\n");
    }
    close(&mut out, ctx, period);
    out
}

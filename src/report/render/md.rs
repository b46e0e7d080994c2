//! The bulletin and the assessment as Markdown documents. Every piece of office data is escaped:
//! a `|` cannot split a table cell, a newline cannot end a row, and `<script>` stays text.

use std::fmt::Write as _;

use super::words::{self, Col, Section};
use super::{Context, Document};
use crate::report::figures::{GroupBy, shown_rate};
use crate::report::{Period, Scores};
use crate::ui::Lang;

/// Office data as Markdown text: control characters and newlines become spaces, Markdown's
/// own characters are escaped, and `<`, `>`, `&` become entities (Markdown passes HTML through).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn head(out: &mut String, cells: &[&str], numeric_from: usize) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
    let rule: Vec<&str> = (0..cells.len())
        .map(|i| if i >= numeric_from { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
}

fn heading(out: &mut String, text: &str) {
    let _ = writeln!(out, "\n## {text}\n");
}

pub use super::{TALLY_COLS, tally_cells};

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        escape(text)
    }
}

/// The bulletin as a Markdown document.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let b = &doc.bulletin;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        escape(&words::bulletin_title(ctx, &b.period))
    );
    if let Some(office) = ctx.office {
        let _ = writeln!(out, "{}\n", escape(&words::issued_by(lang, office)));
    }
    let _ = writeln!(out, "{}", words::period_line(lang, &b.period));

    heading(&mut out, words::section(lang, Section::Summary, b.group_by));
    let _ = writeln!(out, "{}", words::summary(lang, &b.total));

    heading(&mut out, words::section(lang, Section::Table, b.group_by));
    let mut cols = vec![words::group_col(lang, b.group_by)];
    cols.extend(TALLY_COLS.iter().map(|c| words::col(lang, *c)));
    head(&mut out, &cols, 1);
    for r in &b.rows {
        let mut cells = vec![escape(&words::row_key(lang, b.group_by, &r.key))];
        cells.extend(tally_cells(&r.tally));
        row(&mut out, &cells);
    }
    let mut cells = vec![format!("**{}**", words::total(lang))];
    cells.extend(tally_cells(&b.total));
    row(&mut out, &cells);

    heading(&mut out, words::section(lang, Section::Sources, b.group_by));
    if doc.sources.is_empty() {
        let _ = writeln!(out, "{}", words::none(lang));
    }
    for s in &doc.sources {
        let _ = writeln!(out, "- {}", escape(&words::source_sentence(lang, s)));
    }

    heading(&mut out, words::section(lang, Section::Overdue, b.group_by));
    if b.overdue.is_empty() {
        let _ = writeln!(out, "{}", words::none(lang));
    } else {
        let cols = [Col::Number, Col::Item, Col::Lead, Col::Owner, Col::DaysLate];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        head(&mut out, &cols, 4);
        for o in &b.overdue {
            row(
                &mut out,
                &[
                    words::number(lang, o.number),
                    escape(&words::overdue_title(lang, &o.title, o.suspended)),
                    escape(&o.lead),
                    or_dash(&o.owner),
                    o.working_days_late.to_string(),
                ],
            );
        }
    }

    heading(&mut out, words::section(lang, Section::Actions, b.group_by));
    if b.actions.is_empty() {
        let _ = writeln!(out, "{}", words::none(lang));
    } else {
        let cols = [
            Col::Date,
            Col::Item,
            Col::Level,
            Col::Target,
            Col::Requirement,
        ];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        head(&mut out, &cols, 5);
        for a in &b.actions {
            row(
                &mut out,
                &[
                    words::date(lang, a.on_date),
                    format!("{} {}", words::number(lang, a.number), escape(&a.title)),
                    words::action(lang, a.level),
                    or_dash(&a.target),
                    or_dash(&a.requirement),
                ],
            );
        }
    }

    heading(&mut out, words::section(lang, Section::Ranking, b.group_by));
    let ranked = b.ranked();
    if b.ranking.is_empty() {
        let _ = writeln!(out, "{}", words::none(lang));
    } else if !ranked.is_empty() {
        let cols = [
            Col::Rank,
            Col::Department,
            Col::OnTimeRate,
            Col::OverdueOpen,
        ];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        head(&mut out, &cols, 2);
        for (rank, r) in ranked {
            row(
                &mut out,
                &[
                    rank.to_string(),
                    escape(&r.key),
                    shown_rate(r.tally.on_time_rate()),
                    r.tally.open_overdue.to_string(),
                ],
            );
        }
    }
    not_ranked(&mut out, lang, &b.not_ranked());

    basis(&mut out, ctx, &b.period);
    out
}

/// The paragraph after a ranking naming those not ranked (nothing due), if any.
fn not_ranked(out: &mut String, lang: Lang, names: &[&str]) {
    if names.is_empty() {
        return;
    }
    let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let _ = writeln!(out, "\n{}", words::not_ranked(lang, &names));
}

fn basis(out: &mut String, ctx: &Context<'_>, period: &Period) {
    let _ = writeln!(out, "\n---\n");
    let _ = writeln!(
        out,
        "**{}**\n",
        words::section(ctx.lang, Section::Basis, GroupBy::Department)
    );
    for line in words::basis(ctx, period) {
        let _ = writeln!(out, "- {}", escape(&line));
    }
    let _ = writeln!(out, "\n{}", words::produced_by(ctx.lang));
}

/// The assessment as a Markdown document.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&words::scores_title(lang, period)));
    if let Some(office) = ctx.office {
        let _ = writeln!(out, "{}\n", escape(&words::issued_by(lang, office)));
    }
    let _ = writeln!(out, "{}", words::period_line(lang, period));
    heading(
        &mut out,
        words::section(lang, Section::Scores, GroupBy::Department),
    );
    if s.departments.is_empty() {
        let _ = writeln!(out, "{}", words::none(lang));
    } else if s.departments.iter().all(|d| d.place.rank().is_none()) {
        not_ranked(&mut out, lang, &s.not_ranked());
    } else {
        let cols = [Col::Rank, Col::Department, Col::Score];
        let cols: Vec<&str> = cols.iter().map(|c| words::col(lang, *c)).collect();
        head(&mut out, &cols, 2);
        for d in &s.departments {
            if let Some(rank) = d.place.rank() {
                row(
                    &mut out,
                    &[
                        rank.to_string(),
                        escape(&d.department),
                        words::score(d.score),
                    ],
                );
            }
        }
        not_ranked(&mut out, lang, &s.not_ranked());
    }
    heading(
        &mut out,
        words::section(lang, Section::Explanations, GroupBy::Department),
    );
    for d in &s.departments {
        let _ = writeln!(
            out,
            "### {} {}\n",
            escape(&d.department),
            words::score(d.score)
        );
        let _ = writeln!(out, "- {}", words::base_line(lang, s.base));
        for l in &d.lines {
            let _ = writeln!(
                out,
                "- {}",
                escape(&words::score_line(lang, l.number, l.reason, l.points))
            );
        }
        out.push('\n');
    }
    basis(&mut out, ctx, period);
    out
}

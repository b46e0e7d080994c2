//! The bulletin and the assessment for the terminal: aligned columns (wide characters take two
//! cells), office data with its control characters made harmless.

use std::fmt::Write as _;

use super::words::{self, Col, Section};
use super::{Context, Document};
use super::{TALLY_COLS, tally_cells};
use crate::report::figures::shown_rate;
use crate::report::{Period, Scores};
use crate::text::{fit, safe, width};

/// Whether a cell reads as a figure (a count, a rate, a score, or "—").
fn figure(cell: &str) -> bool {
    cell == "—"
        || cell
            .trim_end_matches('%')
            .trim_start_matches(['+', '-'])
            .parse::<f64>()
            .is_ok()
}

/// A table, its first row the head: columns of figures right-aligned, others left-aligned,
/// each as wide as its widest cell.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let right: Vec<bool> = (0..n)
        .map(|i| {
            rows.iter()
                .skip(1)
                .filter_map(|r| r.get(i))
                .all(|c| figure(c))
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i > 0 {
                line.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) && i > 0 {
                line.push_str(&" ".repeat(w.saturating_sub(width(cell))));
                line.push_str(cell);
            } else {
                line.push_str(&fit(cell, w));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The bulletin for the terminal.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let b = &doc.bulletin;
    let mut out = String::new();
    let _ = writeln!(out, "{}", words::bulletin_title(ctx, &b.period));
    if let Some(office) = ctx.office {
        let _ = writeln!(out, "{}", safe(&words::issued_by(lang, office)));
    }
    let _ = writeln!(out, "{}", words::period_line(lang, &b.period));
    let _ = writeln!(out, "{}\n", words::summary(lang, &b.total));

    let mut head = vec![words::group_col(lang, b.group_by).to_string()];
    head.extend(TALLY_COLS.iter().map(|c| words::col(lang, *c).to_string()));
    let mut rows = vec![head];
    for r in &b.rows {
        let mut cells = vec![safe(&words::row_key(lang, b.group_by, &r.key))];
        cells.extend(tally_cells(&r.tally));
        rows.push(cells);
    }
    let mut cells = vec![words::total(lang).to_string()];
    cells.extend(tally_cells(&b.total));
    rows.push(cells);
    table(&mut out, &rows);

    if !doc.sources.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            words::section(lang, Section::Sources, b.group_by)
        );
        for s in &doc.sources {
            let _ = writeln!(out, "  {}", safe(&words::source_sentence(lang, s)));
        }
    }
    if !b.overdue.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            words::section(lang, Section::Overdue, b.group_by)
        );
        let cols = [Col::Number, Col::Item, Col::Lead, Col::Owner, Col::DaysLate];
        let mut rows = vec![
            cols.iter()
                .map(|c| words::col(lang, *c).to_string())
                .collect::<Vec<_>>(),
        ];
        for o in &b.overdue {
            rows.push(vec![
                o.number.to_string(),
                crate::text::clip(
                    &words::overdue_title(lang, &safe(&o.title), o.suspended),
                    40,
                )
                .into_owned(),
                safe(&o.lead),
                safe(&o.owner),
                o.working_days_late.to_string(),
            ]);
        }
        table(&mut out, &rows);
    }
    if !b.actions.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            words::section(lang, Section::Actions, b.group_by)
        );
        for a in &b.actions {
            let _ = writeln!(
                out,
                "  {} {} {} → {}",
                a.on_date,
                a.number,
                words::action(lang, a.level),
                safe(if a.target.is_empty() {
                    "—"
                } else {
                    &a.target
                })
            );
        }
    }
    if !b.ranking.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            words::section(lang, Section::Ranking, b.group_by)
        );
        let ranked = b.ranked();
        if !ranked.is_empty() {
            let cols = [
                Col::Rank,
                Col::Department,
                Col::OnTimeRate,
                Col::OverdueOpen,
            ];
            let mut rows = vec![
                cols.iter()
                    .map(|c| words::col(lang, *c).to_string())
                    .collect::<Vec<_>>(),
            ];
            for (rank, r) in ranked {
                rows.push(vec![
                    rank.to_string(),
                    safe(&r.key),
                    shown_rate(r.tally.on_time_rate()),
                    r.tally.open_overdue.to_string(),
                ]);
            }
            table(&mut out, &rows);
        }
        let not_ranked = b.not_ranked();
        if !not_ranked.is_empty() {
            let names: Vec<String> = not_ranked.iter().map(|n| safe(n)).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{}", words::not_ranked(lang, &names));
        }
    }
    let _ = writeln!(out, "\n{}", words::fingerprint_line(ctx));
    out
}

/// The assessment for the terminal: the table, then each department's explanation.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    let _ = writeln!(out, "{}", words::scores_title(lang, period));
    let _ = writeln!(out, "{}\n", words::period_line(lang, period));
    let cols = [Col::Rank, Col::Department, Col::Score];
    let mut rows = vec![
        cols.iter()
            .map(|c| words::col(lang, *c).to_string())
            .collect::<Vec<_>>(),
    ];
    for d in &s.departments {
        if let Some(rank) = d.place.rank() {
            rows.push(vec![
                rank.to_string(),
                safe(&d.department),
                words::score(d.score),
            ]);
        }
    }
    if rows.len() > 1 {
        table(&mut out, &rows);
    }
    let not_ranked: Vec<String> = s.not_ranked().iter().map(|n| safe(n)).collect();
    if !not_ranked.is_empty() {
        let names: Vec<&str> = not_ranked.iter().map(String::as_str).collect();
        let _ = writeln!(out, "{}", words::not_ranked(lang, &names));
    }
    for d in &s.departments {
        let _ = writeln!(out, "\n{} {}", safe(&d.department), words::score(d.score));
        let _ = writeln!(out, "  {}", words::base_line(lang, s.base));
        for l in &d.lines {
            let _ = writeln!(
                out,
                "  {}",
                words::score_line(lang, l.number, l.reason, l.points)
            );
        }
    }
    let _ = writeln!(out, "\n{}", words::fingerprint_line(ctx));
    out
}

//! The bulletin and the assessment for the terminal: the [outline](super::outline) printed as
//! lines, tables in aligned columns (wide characters take two cells), office data with its
//! control characters made harmless.

use std::fmt::Write as _;

use super::outline::{self, Block, Outline, Table};
use super::{Context, Document};
use crate::report::{Period, Scores};
use crate::text::{clip, fit, safe, width};

/// The widest a column of words is printed; longer values are cut with an ellipsis.
const TEXT_COLUMN: usize = 40;

/// A table: its head, then its rows; figures right-aligned (but in the first column), others
/// left-aligned, each column as wide as its widest cell.
fn table(out: &mut String, t: &Table) {
    let head: Vec<String> = t.columns.iter().map(|c| safe(&c.head)).collect();
    let rows: Vec<Vec<String>> = std::iter::once(head)
        .chain(t.all_rows().map(|r| {
            r.iter()
                .zip(&t.columns)
                .map(|(cell, c)| match c.kind {
                    outline::Kind::Text => clip(&safe(cell), TEXT_COLUMN).into_owned(),
                    _ => safe(cell),
                })
                .collect()
        }))
        .collect();
    let widths: Vec<usize> = (0..t.columns.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in &rows {
        let mut line = String::new();
        for (i, (cell, c)) in r.iter().zip(&t.columns).enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i > 0 {
                line.push_str("  ");
            }
            // The first column (a name, or a rank) reads from the left edge.
            if c.kind.figure() && i > 0 {
                line.push_str(&" ".repeat(w.saturating_sub(width(cell))));
                line.push_str(cell);
            } else {
                line.push_str(&fit(cell, w));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// An outline as lines of text.
pub fn write(o: &Outline) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", safe(&o.title));
    if let Some(office) = &o.office {
        let _ = writeln!(out, "{}", safe(office));
    }
    let _ = writeln!(out, "{}", safe(&o.period));
    for part in &o.parts {
        let _ = writeln!(out, "\n{}", safe(&part.heading));
        for block in &part.blocks {
            match block {
                Block::Paragraph(text) | Block::Nothing(text) | Block::NotRanked(text) => {
                    let _ = writeln!(out, "{}", safe(text));
                }
                Block::Subheading(text) => {
                    let _ = writeln!(out, "\n{}", safe(text));
                }
                Block::List(lines) => {
                    for line in lines {
                        let _ = writeln!(out, "  {}", safe(line));
                    }
                }
                Block::Table(t) => table(&mut out, t),
                // The ranking's table says what the chart draws.
                Block::Chart { .. } => {}
            }
        }
    }
    let _ = writeln!(out, "\n{}", safe(&o.basis_heading));
    for line in &o.basis {
        let _ = writeln!(out, "  {}", safe(line));
    }
    let _ = writeln!(out, "{}", safe(&o.produced_by));
    out
}

/// The bulletin for the terminal.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    write(&outline::bulletin(doc, ctx))
}

/// The assessment for the terminal: the table, then each department's explanation.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    write(&outline::scores(s, period, ctx))
}

//! The bulletin and the assessment as Markdown documents: the [outline](super::outline) with
//! every piece of text escaped, so that a `|` cannot split a table cell, a newline cannot end a
//! row, and `<script>` stays text.

use std::fmt::Write as _;

use super::outline::{self, Block, Outline, Table};
use super::{Context, Document};
use crate::report::{Period, Scores};

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

/// A table: its head and rule (figures set right), its rows, the total in bold.
fn table(out: &mut String, t: &Table) {
    let head: Vec<String> = t.columns.iter().map(|c| escape(&c.head)).collect();
    row(out, &head);
    let rule: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.kind.figure() { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for r in &t.rows {
        row(out, &r.iter().map(|c| escape(c)).collect::<Vec<_>>());
    }
    if let Some(total) = &t.total {
        let cells: Vec<String> = total
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    format!("**{}**", escape(c))
                } else {
                    escape(c)
                }
            })
            .collect();
        row(out, &cells);
    }
}

/// An outline as a Markdown document.
pub fn write(o: &Outline) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&o.title));
    if let Some(office) = &o.office {
        let _ = writeln!(out, "{}\n", escape(office));
    }
    let _ = writeln!(out, "{}", escape(&o.period));
    for part in &o.parts {
        let _ = writeln!(out, "\n## {}\n", escape(&part.heading));
        let mut first = true;
        for block in &part.blocks {
            if let Block::Chart { .. } = block {
                // The ranking's table says what the chart draws.
                continue;
            }
            // Blocks apart by a blank line; a list's items and a heading's list stay together.
            if !first && !matches!(block, Block::List(_)) {
                out.push('\n');
            }
            first = false;
            match block {
                Block::Paragraph(text) | Block::Nothing(text) | Block::NotRanked(text) => {
                    let _ = writeln!(out, "{}", escape(text));
                }
                Block::Subheading(text) => {
                    let _ = writeln!(out, "### {}\n", escape(text));
                }
                Block::List(lines) => {
                    for line in lines {
                        let _ = writeln!(out, "- {}", escape(line));
                    }
                }
                Block::Table(t) => table(&mut out, t),
                Block::Chart { .. } => {}
            }
        }
    }
    let _ = writeln!(out, "\n---\n");
    let _ = writeln!(out, "**{}**\n", escape(&o.basis_heading));
    for line in &o.basis {
        let _ = writeln!(out, "- {}", escape(line));
    }
    let _ = writeln!(out, "\n{}", escape(&o.produced_by));
    out
}

/// The bulletin as a Markdown document.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    write(&outline::bulletin(doc, ctx))
}

/// The assessment as a Markdown document.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> String {
    write(&outline::scores(s, period, ctx))
}

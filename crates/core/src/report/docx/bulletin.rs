//! The bulletin (督办通报) as a Word document: its [outline](crate::report::render::outline)
//! in the official layout, the issuing office signed at the foot above the date (落款).

use chrono::NaiveDate;

use super::{Align, CELL_MARGIN, Cell, Official, TEXT_WIDTH};
use crate::report::render::outline::{self, Block, Kind, Outline, Table};
use crate::report::render::{Context, Document};
use std::io::Result;

/// The bulletin as a Word document: the same sections, in the same order and words, as every
/// other format prints (the title and period, the summary, the grouping table, the sentences per
/// source, the overdue items, the period's actions, the ranking, and the basis), the issuing
/// office under the title and signed at the foot above the date.
pub fn bulletin_docx(doc: &Document, ctx: &Context<'_>) -> Result<Vec<u8>> {
    write(&outline::bulletin(doc, ctx), doc.bulletin.period.end()).into_bytes()
}

/// The width of a text in 小4 (12 pt), in twips, reckoned generously: a Chinese character
/// 12 pt, any other 6.5 pt, and 3 pt where Chinese meets a Latin letter or a figure (the space
/// Word and WPS put there: 2026年10月15日 has five).
fn twips(text: &str) -> f64 {
    let chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let width: f64 = text
        .chars()
        // Capitals are wider than the average Latin letter (a bold head such as "Done" did
        // not fit the width measured for it and broke as "Don/e").
        .map(|c| match c {
            'A'..='Z' => 175.0,
            c if c.is_ascii() => 130.0,
            _ => 240.0,
        })
        .sum();
    let meets = text
        .chars()
        .zip(text.chars().skip(1))
        .filter(|(a, b)| {
            (chinese(*a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && chinese(*b))
        })
        .count();
    width + 60.0 * meets as f64
}

/// A table whose columns are sized from what they hold: figures, dates and item numbers as wide
/// as their widest value (they never wrap), words sharing the rest.
fn table(doc: &mut Official, t: &Table) {
    let pad = 2.0 * CELL_MARGIN as f64 + 8.0;
    let widths: Vec<u32> = t
        .widths(f64::from(TEXT_WIDTH), pad, true, twips)
        .into_iter()
        .map(|w| w.round().max(1.0) as u32)
        .collect();
    let head: Vec<&str> = t.columns.iter().map(|c| c.short.as_str()).collect();
    // The total row is not set in bold: bold figures are wider than the column measured.
    let cells = |r: &Vec<String>| -> Vec<Cell> {
        r.iter()
            .zip(&t.columns)
            .map(|(text, c)| Cell {
                text: text.clone(),
                align: match c.kind {
                    Kind::Text => Align::Left,
                    _ => Align::Center,
                },
                bold: false,
            })
            .collect()
    };
    let rows: Vec<Vec<Cell>> = t.all_rows().map(cells).collect();
    doc.table(&widths, &head, &rows);
}

/// An outline in the official layout.
fn write(o: &Outline, created: NaiveDate) -> Official {
    let mut doc = Official::new(created);
    doc.title(&o.title);
    doc.blank();
    if let Some(office) = &o.office {
        doc.subtitle(office);
    }
    doc.subtitle(&o.period);
    doc.blank();
    for part in &o.parts {
        doc.heading(&part.heading);
        for block in &part.blocks {
            match block {
                Block::Paragraph(text) | Block::Nothing(text) | Block::NotRanked(text) => {
                    doc.para(text);
                }
                Block::Subheading(text) => doc.heading(text),
                Block::List(lines) => {
                    for line in lines {
                        doc.para(line);
                    }
                }
                Block::Table(t) => table(&mut doc, t),
                // The ranking's table says what the chart draws.
                Block::Chart { .. } => {}
            }
        }
    }
    doc.heading(&o.basis_heading);
    for line in &o.basis {
        doc.para(line);
    }
    doc.blank();
    if let Some(office) = &o.signed_by {
        doc.right(office);
    }
    doc.right(&o.dated);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Rules, WorkCalendar};
    use crate::lang::Lang;
    use crate::report::{GroupBy, Period, PeriodKind};

    fn document_xml(doc: Official) -> String {
        let xml = doc.docx.build();
        String::from_utf8(super::super::repeat_heading_rows(&xml.document)).unwrap()
    }

    /// In the bulletin as written (not only in a table made by hand), a heading is kept with the
    /// table under it, and the table's head row repeats on every page and keeps with its first
    /// row.
    #[test]
    fn the_bulletins_headings_keep_with_their_tables_whose_heads_repeat() {
        let (rules, calendar) = (Rules::default(), WorkCalendar::default());
        let period = Period::holding(
            PeriodKind::Month,
            NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
        );
        let doc = Document::by_replay(&[], period, GroupBy::Department, &calendar, &rules);
        let ctx = Context {
            lang: Lang::Zh,
            kind: Some(PeriodKind::Month),
            office: None,
            rules: &rules,
            calendar: &calendar,
            record_head: None,
        };
        let xml = document_xml(write(&outline::bulletin(&doc, &ctx), period.end()));
        // The grouping table, even with no items: its total row.
        let table = xml.find("<w:tbl>").expect("a table");
        let heading = xml[..table]
            .rfind("<w:p ")
            .or(xml[..table].rfind("<w:p>"))
            .unwrap();
        let before = &xml[heading..table];
        assert!(before.contains("各牵头单位办理情况"), "{before}");
        assert!(before.contains("<w:keepNext />"), "{before}");
        let first_row = &xml[table..table + xml[table..].find("</w:tr>").unwrap()];
        assert!(first_row.contains("<w:tblHeader />"), "{first_row}");
        assert!(first_row.contains("<w:keepNext />"), "{first_row}");
        assert_eq!(
            xml.matches("<w:tblHeader />").count(),
            xml.matches("<w:tbl>").count()
        );
    }
}

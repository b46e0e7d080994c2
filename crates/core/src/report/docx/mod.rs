//! Word documents in the layout of a Chinese official document (GB/T 9704-2012), as offices
//! edit and send them in Word or WPS: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right
//! 26 mm; the title in 2号小标宋 (22 pt) centred; the body in 3号仿宋 (16 pt), first line
//! indented two characters, fixed line spacing of 28 pt; tables with borders; the page number
//! in the footer as "— 1 —".
//!
//! [`Official`] is the page; the bulletin, the urging notice and the triage log fill it.
//! Text from the database is written as text, never as markup: the XML writer escapes it, and
//! control characters (which XML cannot hold at all) become spaces here.

mod bulletin;

pub use bulletin::bulletin_docx;

use docx_rs::{
    AlignmentType, Docx, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin,
    Paragraph, Run, RunFonts, SpecialIndentType, Table, TableAlignmentType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use std::io::{Error, Result};

/// Millimetres in twentieths of a point (twips), the unit of page geometry in a .docx.
const fn mm(v: u32) -> u32 {
    // 1 mm = 72 / 25.4 pt = 56.69 twips; rounded.
    (v * 56_693 + 500) / 1000
}

const PAGE_WIDTH: u32 = mm(210);
const PAGE_HEIGHT: u32 = mm(297);
const MARGIN_TOP: u32 = mm(37);
const MARGIN_BOTTOM: u32 = mm(35);
const MARGIN_LEFT: u32 = mm(28);
const MARGIN_RIGHT: u32 = mm(26);
/// The width of the text block (版心), 156 mm.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Sizes in half-points, as a .docx counts them: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小4 12 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const PAGE_NUMBER_SIZE: usize = 28;
const TABLE_SIZE: usize = 24;

/// Fixed line spacing of the body, 28 pt (in twips); the title's lines are taller.
const BODY_LINE: i32 = 560;
const TITLE_LINE: i32 = 700;
const TABLE_LINE: i32 = 400;

/// The space left and right of a cell's text, 1 mm (Word's default is 1.9 mm): with it a
/// document number (督字〔2026〕1234号, 38 mm in 小4) fits a 27 % column on one line.
pub(crate) const CELL_MARGIN: usize = mm(1) as usize;

/// The height a table's heading row is written with (one table line and a twip), which marks
/// it for [`repeat_heading_rows`]: docx-rs has no `w:tblHeader`.
const HEADING_ROW_MARK: &str = r#"<w:trHeight w:val="401" w:hRule="atLeast" />"#;
const HEADING_ROW: &str = r#"<w:tblHeader /><w:trHeight w:val="400" w:hRule="atLeast" />"#;

/// Marks every table's heading row as one Word and WPS repeat at the top of each page the
/// table runs onto (`w:tblHeader`).
fn repeat_heading_rows(document: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(document) {
        Ok(xml) => xml.replace(HEADING_ROW_MARK, HEADING_ROW).into_bytes(),
        Err(_) => document.to_vec(),
    }
}

/// The fonts GB/T 9704 names, with the fonts every Chinese Windows has as their stand-ins
/// (declared in the font table, so that Word and WPS substitute them where the first is
/// missing).
const TITLE_FONT: &str = "方正小标宋简体";
const TITLE_FALLBACK: &str = "宋体";
const BODY_FONT: &str = "仿宋_GB2312";
const BODY_FALLBACK: &str = "仿宋";
const HEADING_FONT: &str = "黑体";
const SONG_FONT: &str = "宋体";
/// Latin letters and figures.
const LATIN_FONT: &str = "Times New Roman";

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// Text as a .docx may hold it: control characters (a tab or newline included: each paragraph
/// here is one line of the source) become spaces, since XML 1.0 cannot carry them even escaped.
/// Markup characters stay as they are: the XML writer escapes them.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The runs of a line of body text.
fn run(text: &str, size: usize, east_asia: &str) -> Run {
    Run::new()
        .add_text(clean(text))
        .size(size)
        .fonts(fonts(east_asia))
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// One cell of a table: its text, and whether it is a heading cell or a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub align: Align,
    pub bold: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Cell {
    pub fn left(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            align: Align::Left,
            bold: false,
        }
    }

    pub fn center(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            align: Align::Center,
            bold: false,
        }
    }

    pub fn right(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            align: Align::Right,
            bold: false,
        }
    }

    /// The same cell in bold (the labels of a form).
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// A document being written, page by page in the official layout.
pub struct Official {
    docx: Docx,
}

impl Official {
    /// An empty A4 document with the official margins, fonts, and the page number in the
    /// footer; `created` (an ISO date) is written as its creation date, so that the same
    /// figures give the same file.
    pub fn new(created: chrono::NaiveDate) -> Self {
        let stamp = format!("{created}T00:00:00Z");
        let number = Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", PAGE_NUMBER_SIZE, SONG_FONT))
            .add_run(
                Run::new()
                    .size(PAGE_NUMBER_SIZE)
                    .fonts(fonts(SONG_FONT))
                    .add_field_char(docx_rs::FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                    .add_field_char(docx_rs::FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(docx_rs::FieldCharType::End, false),
            )
            .add_run(run(" —", PAGE_NUMBER_SIZE, SONG_FONT));
        let docx = Docx::new()
            .page_size(PAGE_WIDTH, PAGE_HEIGHT)
            .page_margin(PageMargin {
                top: MARGIN_TOP as i32,
                bottom: MARGIN_BOTTOM as i32,
                left: MARGIN_LEFT as i32,
                right: MARGIN_RIGHT as i32,
                header: mm(15) as i32,
                footer: mm(25) as i32,
                gutter: 0,
            })
            .default_fonts(fonts(BODY_FONT))
            .default_size(BODY_SIZE)
            .footer(Footer::new().add_paragraph(number))
            .created_at(&stamp)
            .updated_at(&stamp);
        Self { docx }
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// The title: 2号小标宋, centred.
    pub fn title(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(TITLE_LINE))
                .add_run(run(text, TITLE_SIZE, TITLE_FONT)),
        );
    }

    /// A line centred under the title (the period, a document number), in 3号仿宋.
    pub fn subtitle(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(BODY_LINE))
                .add_run(run(text, BODY_SIZE, BODY_FONT)),
        );
    }

    pub fn blank(&mut self) {
        self.push(Paragraph::new().line_spacing(exact(BODY_LINE)));
    }

    /// A first-level heading (一、…), in 3号黑体, indented as the body.
    pub fn heading(&mut self, text: &str) {
        self.push(self.body_paragraph().keep_next(true).add_run(run(
            text,
            BODY_SIZE,
            HEADING_FONT,
        )));
    }

    fn body_paragraph(&self) -> Paragraph {
        Paragraph::new()
            .align(AlignmentType::Both)
            .line_spacing(exact(BODY_LINE))
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(BODY_SIZE as i32 * 20)),
                None,
                None,
            )
    }

    /// A paragraph of body text: 3号仿宋, first line indented two characters.
    pub fn para(&mut self, text: &str) {
        self.push(
            self.body_paragraph()
                .add_run(run(text, BODY_SIZE, BODY_FONT)),
        );
    }

    /// A line of body text flush left, not indented (the addressee: "住建局：").
    pub fn flush(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .line_spacing(exact(BODY_LINE))
                .add_run(run(text, BODY_SIZE, BODY_FONT)),
        );
    }

    /// A paragraph whose first words are in bold (a label: "办理时限：").
    pub fn labelled(&mut self, label: &str, text: &str) {
        self.push(
            self.body_paragraph()
                .add_run(run(label, BODY_SIZE, BODY_FONT).bold())
                .add_run(run(text, BODY_SIZE, BODY_FONT)),
        );
    }

    /// A line set flush right (the issuing office and date at the foot of a notice).
    pub fn right(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(exact(BODY_LINE))
                .indent(None, None, Some(BODY_SIZE as i32 * 20 * 2), None)
                .add_run(run(text, BODY_SIZE, BODY_FONT)),
        );
    }

    /// A table with borders over the text block: `widths` in shares of it, a row of headings
    /// (bold, centred; none when `head` is empty), then the rows; in 小4 宋体 so that a
    /// department table fits the width. The heading row repeats at the top of every page the
    /// table runs onto and is kept on the page of the first row under it; no row is split
    /// across pages.
    pub fn table(&mut self, widths: &[u32], head: &[&str], rows: &[Vec<Cell>]) {
        let total: u32 = widths.iter().sum::<u32>().max(1);
        let grid: Vec<usize> = widths
            .iter()
            .map(|w| (TEXT_WIDTH * w / total) as usize)
            .collect();
        let cell = |text: &str, align: Align, bold: bool, width: usize, keep: bool| {
            let mut r = run(text, TABLE_SIZE, SONG_FONT);
            if bold {
                r = r.bold();
            }
            let p = Paragraph::new()
                .keep_next(keep)
                .align(match align {
                    Align::Left => AlignmentType::Left,
                    Align::Center => AlignmentType::Center,
                    Align::Right => AlignmentType::Right,
                })
                .line_spacing(exact(TABLE_LINE))
                .add_run(r);
            TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(p)
        };
        let mut out = Vec::with_capacity(rows.len() + 1);
        if !head.is_empty() {
            // Kept with the next row, so that a heading never stands alone at a page's foot.
            out.push(
                TableRow::new(
                    head.iter()
                        .zip(&grid)
                        .map(|(h, w)| cell(h, Align::Center, true, *w, true))
                        .collect(),
                )
                .cant_split()
                .row_height(401.0),
            );
        }
        for row in rows {
            out.push(
                TableRow::new(
                    row.iter()
                        .zip(&grid)
                        .map(|(c, w)| cell(&c.text, c.align, c.bold, *w, false))
                        .collect(),
                )
                .cant_split(),
            );
        }
        let table = Table::new(out)
            .set_grid(grid)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
            .align(TableAlignmentType::Center)
            .width(TEXT_WIDTH as usize, WidthType::Dxa);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
        // A table followed directly by a heading reads cramped.
        self.blank();
    }

    /// The finished file.
    pub fn into_bytes(self) -> Result<Vec<u8>> {
        let mut xml = self.docx.build();
        xml.font_table = font_table();
        xml.document = repeat_heading_rows(&xml.document);
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out)
            .map_err(|e| Error::other(e.to_string()))?;
        Ok(out.into_inner())
    }
}

/// The font table: the fonts used, each with the font Word and WPS put in its place when it
/// is not installed (`w:altName`).
fn font_table() -> Vec<u8> {
    let font = |name: &str, alt: Option<&str>, charset: &str, family: &str| {
        let alt = alt.map_or(String::new(), |a| format!(r#"<w:altName w:val="{a}"/>"#));
        format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        )
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    xml.push_str(&font(LATIN_FONT, None, "00", "roman"));
    xml.push_str(&font(TITLE_FONT, Some(TITLE_FALLBACK), "86", "script"));
    xml.push_str(&font(BODY_FONT, Some(BODY_FALLBACK), "86", "modern"));
    xml.push_str(&font(HEADING_FONT, Some("SimHei"), "86", "modern"));
    xml.push_str(&font(SONG_FONT, Some("SimSun"), "86", "auto"));
    xml.push_str(&font(BODY_FALLBACK, Some("FangSong"), "86", "modern"));
    xml.push_str("</w:fonts>");
    xml.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document_xml(doc: Official) -> String {
        let xml = doc.docx.build();
        String::from_utf8(repeat_heading_rows(&xml.document)).unwrap()
    }

    #[test]
    fn a_tables_heading_row_repeats_on_every_page_and_keeps_with_the_first_row() {
        let mut doc = Official::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        let rows: Vec<Vec<Cell>> = (0..60)
            .map(|i| vec![Cell::center(i.to_string()), Cell::left("整治老旧小区")])
            .collect();
        doc.table(&[30, 70], &["编号", "事项"], &rows);
        // A form (no heading row) has none.
        doc.table(&[30, 70], &[], &rows[..2]);
        let xml = document_xml(doc);
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1, "{xml}");
        assert!(!xml.contains(HEADING_ROW_MARK), "{xml}");
        let heading = &xml[xml.find("<w:tr>").unwrap()..xml.find("</w:tr>").unwrap()];
        assert!(heading.contains("<w:tblHeader />"), "{heading}");
        assert!(heading.contains("<w:cantSplit />"), "{heading}");
        assert_eq!(heading.matches("<w:keepNext />").count(), 2, "{heading}");
        // Every row stays whole on one page.
        assert_eq!(xml.matches("<w:cantSplit />").count(), 1 + 60 + 2, "{xml}");
    }
}

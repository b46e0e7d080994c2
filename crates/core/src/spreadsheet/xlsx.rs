//! The one Excel writer: every `.xlsx` duban writes (`list`, `export`, `report`, `score` and
//! `triage --summary` with `--format xlsx`, and the report screen's export) goes through
//! [`Book`], as every CSV goes through [`super::Sheet`], so that every workbook has the same
//! shape:
//!
//! - **A title above the table**: the document's name, then its period and the fingerprint of
//!   the settings it was computed under; the same in the printed page's header.
//! - **Typed cells**: counts and scores are numbers, days are dates (`yyyy-mm-dd`), rates are
//!   fractions shown as percentages with one decimal (`0.0%`), so that a sum, a sort and a
//!   filter work as a clerk expects.
//! - **Text is text.** Every word from the office (a title `=1+1`, a department `@SUM(A1)`) is
//!   written as a string cell, never as a formula: a spreadsheet shows it and runs nothing.
//! - **The head row bold and frozen, with an autofilter**; the first column frozen too.
//! - **Columns as wide as what they hold**, by display width (a Chinese character counts two),
//!   within bounds; long text wraps, its row as tall as its lines (in a bounded workbook, one
//!   line a row, the whole text in the cell).
//! - **The warning lights as cell colours.**
//! - **Bounded memory when asked** ([`Book::bounded`]): each sheet is written row by row to a
//!   temporary file (the writer's constant-memory mode), so a 100,000-item export does not hold
//!   its cells in memory.

use std::io::{Error, Result};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::domain::WarningLight;

fn io(e: XlsxError) -> Error {
    Error::other(e.to_string())
}

/// What a column holds, which decides how its cells are written and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words: a string cell, wrapped where the column is at its widest.
    Text,
    /// A count, a rank: a whole number.
    Count,
    /// A score, points, an average: a number with its decimals.
    Decimal,
    /// A rate held in percent (97.7): written as the fraction 0.977, shown as 97.7%.
    Rate,
    Date,
    /// A day and a time of day.
    DateTime,
    /// A warning light: its word on the light's colour.
    Light,
}

/// A column: its head and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub head: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(head: impl Into<String>, kind: Kind) -> Self {
        Self {
            head: head.into(),
            kind,
        }
    }
}

/// A light as a cell shows it: one of the four, or a report sent in late and awaiting review
/// (逾期报送待审核), which the list marks apart from the green of an item on track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lamp {
    Light(WarningLight),
    ReportedLate,
}

impl Lamp {
    /// The cell's fill and the colour of its word.
    fn colours(self) -> (u32, u32) {
        match self {
            Lamp::Light(WarningLight::Red) => (0xE53935, 0xFFFFFF),
            Lamp::Light(WarningLight::Orange) => (0xFB8C00, 0xFFFFFF),
            Lamp::Light(WarningLight::Yellow) => (0xFFEB3B, 0x000000),
            Lamp::Light(WarningLight::Green) => (0x43A047, 0xFFFFFF),
            Lamp::ReportedLate => (0x8E24AA, 0xFFFFFF),
        }
    }

    const ALL: [Lamp; 5] = [
        Lamp::Light(WarningLight::Red),
        Lamp::Light(WarningLight::Orange),
        Lamp::Light(WarningLight::Yellow),
        Lamp::Light(WarningLight::Green),
        Lamp::ReportedLate,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

/// One cell of a row (serialized where a long sheet's rows wait in a file for their order).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// Words, written as a string whatever they begin with.
    Text(String),
    Count(i64),
    Decimal(f64),
    /// A rate in percent (97.7), or `None` for an empty denominator (shown "—").
    Rate(Option<f64>),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// A light and its word.
    Light(Lamp, String),
    Empty,
}

impl Value {
    pub fn text(text: impl Into<String>) -> Self {
        Value::Text(text.into())
    }

    /// A count of anything countable.
    pub fn count(n: impl Into<i64>) -> Self {
        Value::Count(n.into())
    }

    /// A day, or an empty cell.
    pub fn date(d: Option<NaiveDate>) -> Self {
        d.map_or(Value::Empty, Value::Date)
    }
}

/// What is written above a sheet's table and in its printed header: the document's name, its
/// period, and the fingerprint of the settings (with the record's head when there is one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heading {
    pub title: String,
    /// The period (or the day) the figures are of.
    pub period: String,
    /// The settings' fingerprint, as a line (规则指纹：…).
    pub fingerprint: String,
    /// Further lines under those (the issuing office, the record's head).
    pub more: Vec<String>,
}

/// The widest a column is made, in character widths: wider text wraps.
const MAX_WIDTH: usize = 50;
/// A head wider than this wraps onto a second line rather than widen its column.
const HEAD_WIDTH: usize = 10;
/// The widest part of a table, in character widths, printed on one page's width (landscape A4
/// holds about 150 at full size; 180 prints at five sixths): a wider table is printed across
/// as many pages as it takes.
const PAGE_WIDTH: usize = 180;
/// The longest text a cell holds (Excel's limit); longer text is cut there.
const MAX_CELL: usize = 32_767;

/// The formats every sheet shares, made once per workbook.
#[derive(Clone)]
struct Formats {
    title: Format,
    line: Format,
    head: Format,
    /// Words, wrapped.
    text: Format,
    /// Words on one line (a ledger's row in bounded memory).
    unwrapped: Format,
    count: Format,
    decimal: Format,
    rate: Format,
    date: Format,
    date_time: Format,
    dash: Format,
    lamps: Vec<Format>,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(0xBFBFBF)
            .set_align(FormatAlign::VerticalCenter);
        let number = cell.clone().set_align(FormatAlign::Right);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            line: Format::new().set_font_color(0x595959),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9E1F2),
            text: cell.clone().set_text_wrap(),
            unwrapped: cell.clone(),
            count: number.clone().set_num_format("0"),
            decimal: number.clone().set_num_format("0.0#"),
            rate: number.clone().set_num_format("0.0%"),
            date: number.clone().set_num_format("yyyy-mm-dd"),
            date_time: number.clone().set_num_format("yyyy-mm-dd hh:mm"),
            dash: cell.clone().set_align(FormatAlign::Center),
            lamps: Lamp::ALL
                .iter()
                .map(|l| {
                    let (fill, font) = l.colours();
                    cell.clone()
                        .set_bold()
                        .set_align(FormatAlign::Center)
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(font))
                })
                .collect(),
        }
    }
}

/// A workbook being written, one sheet after another.
pub struct Book {
    workbook: Workbook,
    formats: Formats,
    bounded: bool,
}

impl Default for Book {
    fn default() -> Self {
        Self::new()
    }
}

impl Book {
    /// A workbook whose sheets are held in memory until it is saved (a report's few rows).
    pub fn new() -> Self {
        Self {
            workbook: Workbook::new(),
            formats: Formats::new(),
            bounded: false,
        }
    }

    /// A workbook whose sheets are written row by row to temporary files in `folder` (the
    /// folder of the file it becomes, so that a large export fills the disk it is bound for,
    /// not memory): memory stays the same for 100 rows or 100,000.
    pub fn bounded(folder: &Path) -> Result<Self> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(folder).map_err(io)?;
        Ok(Self {
            workbook,
            formats: Formats::new(),
            bounded: true,
        })
    }

    /// A new sheet named `name` (at most 31 characters, none of `[]:*?/\`), its heading
    /// written above the table and in the printed header, then the head row.
    pub fn sheet(&mut self, name: &str, heading: &Heading, columns: Vec<Column>) -> Result<Sheet> {
        let mut ws = if self.bounded {
            self.workbook
                .new_worksheet_with_constant_memory()
                .map_err(io)?
        } else {
            Worksheet::new()
        };
        ws.set_name(sheet_name(name)).map_err(io)?;
        let mut sheet = Sheet {
            ws,
            bounded: self.bounded,
            formats: self.formats.clone(),
            widths: columns.iter().map(|c| least_width(c.kind)).collect(),
            head_row: 0,
            row: 0,
            columns,
        };
        sheet.heading(heading)?;
        sheet.head()?;
        Ok(sheet)
    }

    /// Adds a finished sheet: its columns sized, its autofilter over every row written.
    pub fn add(&mut self, sheet: Sheet) -> Result<()> {
        let ws = sheet.finish()?;
        self.workbook.push_worksheet(ws);
        Ok(())
    }

    /// The workbook's bytes.
    pub fn to_bytes(mut self) -> Result<Vec<u8>> {
        self.workbook.save_to_buffer().map_err(io)
    }

    /// Writes the workbook to `out` (a file: the format needs to seek).
    pub fn save_to<W>(mut self, out: W) -> Result<()>
    where
        W: std::io::Write + std::io::Seek + Send,
    {
        self.workbook.save_to_writer(out).map_err(io)
    }
}

/// A sheet's name as Excel takes it: at most 31 characters, none of `[]:*?/\`, not beginning
/// or ending with an apostrophe.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    if clean.is_empty() {
        "Sheet".to_string()
    } else {
        clean
    }
}

/// The narrowest a column of `kind` is, in character widths.
fn least_width(kind: Kind) -> usize {
    match kind {
        Kind::Date => 10,
        Kind::DateTime => 16,
        Kind::Rate => 6,
        Kind::Light => 4,
        Kind::Text | Kind::Count | Kind::Decimal => 4,
    }
}

/// Text in the printed header, where `&` starts a code: doubled, so that it prints as itself.
fn header_text(text: &str) -> String {
    text.replace('&', "&&")
}

/// A cell's text as Excel holds it: at most [`MAX_CELL`] characters.
fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The height of a line of text, in points (a Chinese line in the fonts at hand).
const LINE_HEIGHT: f64 = 16.0;

/// How many lines `text` takes in a column at its widest (wrapped at [`MAX_WIDTH`] less the
/// cell's margins), at most fifteen.
fn wrapped_lines(text: &str) -> usize {
    text.lines()
        .map(|l| crate::text::width(l).div_ceil(MAX_WIDTH - 2).max(1))
        .sum::<usize>()
        .clamp(1, 15)
}

/// The widest line of `text`, in character widths (a Chinese character two).
fn display_width(text: &str) -> usize {
    text.lines().map(crate::text::width).max().unwrap_or(0)
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    let year = u16::try_from(d.year()).map_err(Error::other)?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).map_err(io)
}

fn excel_date_time(t: NaiveDateTime) -> Result<ExcelDateTime> {
    excel_date(t.date())?
        .and_hms(t.hour() as u16, t.minute() as u8, t.second())
        .map_err(io)
}

/// A sheet being written, row after row.
pub struct Sheet {
    ws: Worksheet,
    /// Written row by row: each row is one line high (a row's height is kept by the writer
    /// for every row to the end, which at 100,000 rows is memory that grows with the rows).
    bounded: bool,
    formats: Formats,
    columns: Vec<Column>,
    /// Each column's width so far, in character widths.
    widths: Vec<usize>,
    head_row: u32,
    /// The next row to write.
    row: u32,
}

impl Sheet {
    fn heading(&mut self, h: &Heading) -> Result<()> {
        let lines = [&h.period, &h.fingerprint]
            .into_iter()
            .chain(h.more.iter())
            .filter(|l| !l.is_empty());
        self.ws
            .write_string_with_format(self.row, 0, cell_text(&h.title), &self.formats.title)
            .map_err(io)?;
        self.ws.set_row_height(self.row, 21).map_err(io)?;
        self.row += 1;
        for line in lines {
            self.ws
                .write_string_with_format(self.row, 0, cell_text(line), &self.formats.line)
                .map_err(io)?;
            self.row += 1;
        }
        // The printed page: the title in the middle, the period under it, the fingerprint
        // right (Excel allows 255 characters in all). A space ends the font size's code, which
        // would otherwise run on into a text that begins with a digit.
        let printed = format!(
            "&C&\"-,Bold\"{}\n&\"-,Regular\"&8 {}&R&8 {}",
            header_text(&h.title),
            header_text(&h.period),
            header_text(&h.fingerprint),
        );
        if printed.encode_utf16().count() <= 255 {
            self.ws.set_header(printed);
        }
        self.ws.set_footer("&C&P / &N");
        Ok(())
    }

    fn head(&mut self) -> Result<()> {
        self.head_row = self.row;
        let mut lines = 1;
        for (col, c) in self.columns.iter().enumerate() {
            let w = display_width(&c.head);
            // The dropdown of the autofilter takes about two characters.
            let width = w.min(HEAD_WIDTH) + 2;
            if let Some(slot) = self.widths.get_mut(col) {
                *slot = (*slot).max(width);
            }
            // Words wrap whole: a line of English holds less than its width.
            let wrapped = if c.head.is_ascii() && c.head.contains(' ') {
                w.div_ceil(HEAD_WIDTH - 2)
            } else {
                w.div_ceil(HEAD_WIDTH)
            };
            lines = lines.max(wrapped);
            self.ws
                .write_string_with_format(
                    self.row,
                    col as u16,
                    cell_text(&c.head),
                    &self.formats.head,
                )
                .map_err(io)?;
        }
        self.ws
            .set_row_height(self.row, 15.0 * lines.min(3) as f64 + 3.0)
            .map_err(io)?;
        self.row += 1;
        self.ws.set_freeze_panes(self.row, 1).map_err(io)?;
        self.ws
            .set_repeat_rows(self.head_row, self.head_row)
            .map_err(io)?;
        Ok(())
    }

    /// Writes one row under the last: one value per column (missing ones left empty).
    pub fn row(&mut self, values: &[Value]) -> Result<()> {
        let f = &self.formats;
        let mut lines = 1;
        for (col, v) in values.iter().enumerate().take(self.columns.len()) {
            let c = col as u16;
            let r = self.row;
            let width = match v {
                Value::Text(t) => {
                    let t = cell_text(t);
                    let format = if self.bounded { &f.unwrapped } else { &f.text };
                    self.ws
                        .write_string_with_format(r, c, t, format)
                        .map_err(io)?;
                    lines = lines.max(wrapped_lines(t));
                    display_width(t)
                }
                Value::Count(n) => {
                    self.ws
                        .write_number_with_format(r, c, *n as f64, &f.count)
                        .map_err(io)?;
                    n.to_string().len()
                }
                Value::Decimal(x) => {
                    self.ws
                        .write_number_with_format(r, c, *x, &f.decimal)
                        .map_err(io)?;
                    format!("{x:.2}").len()
                }
                Value::Rate(Some(p)) => {
                    // As held in the other formats: one decimal of the percentage.
                    let p = (p * 10.0).round() / 10.0;
                    self.ws
                        .write_number_with_format(r, c, p / 100.0, &f.rate)
                        .map_err(io)?;
                    format!("{p:.1}%").len()
                }
                Value::Rate(None) => {
                    self.ws
                        .write_string_with_format(r, c, "—", &f.dash)
                        .map_err(io)?;
                    2
                }
                Value::Date(d) => {
                    self.ws
                        .write_datetime_with_format(r, c, excel_date(*d)?, &f.date)
                        .map_err(io)?;
                    10
                }
                Value::DateTime(t) => {
                    self.ws
                        .write_datetime_with_format(r, c, excel_date_time(*t)?, &f.date_time)
                        .map_err(io)?;
                    16
                }
                Value::Light(lamp, word) => {
                    let word = cell_text(word);
                    let format = f.lamps.get(lamp.index()).unwrap_or(&f.text);
                    self.ws
                        .write_string_with_format(r, c, word, format)
                        .map_err(io)?;
                    display_width(word)
                }
                Value::Empty => {
                    self.ws.write_blank(r, c, &f.unwrapped).map_err(io)?;
                    0
                }
            };
            if let Some(slot) = self.widths.get_mut(col) {
                *slot = (*slot).max(width + 2);
            }
        }
        // A row of wrapped text is as tall as its lines: a spreadsheet does not always work
        // that out itself when it opens the file (LibreOffice did not).
        if lines > 1 && !self.bounded {
            self.ws
                .set_row_height(self.row, LINE_HEIGHT * lines as f64 + 2.0)
                .map_err(io)?;
        }
        self.row += 1;
        Ok(())
    }

    /// How many rows of the table are written (the head not counted).
    pub fn rows(&self) -> u32 {
        self.row - self.head_row - 1
    }

    fn finish(mut self) -> Result<Worksheet> {
        let last_col = self.columns.len().saturating_sub(1) as u16;
        let mut total = 0;
        for (col, w) in self.widths.iter().enumerate() {
            let w = (*w).min(MAX_WIDTH);
            total += w;
            self.ws.set_column_width(col as u16, w as f64).map_err(io)?;
        }
        self.ws
            .autofilter(
                self.head_row,
                0,
                self.row.max(self.head_row + 1) - 1,
                last_col,
            )
            .map_err(io)?;
        // As many pages wide as it takes to be read (as many long as there are rows), the
        // first column on each.
        let pages = total.div_ceil(PAGE_WIDTH).max(1);
        self.ws
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(u16::try_from(pages).unwrap_or(u16::MAX), 0);
        if pages > 1 {
            self.ws.set_repeat_columns(0, 0).map_err(io)?;
        }
        Ok(self.ws)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_takes() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name("'x'"), "x");
        assert_eq!(sheet_name(""), "Sheet");
        assert_eq!(sheet_name(&"督".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn chinese_counts_two_and_long_text_is_cut_at_excels_limit() {
        assert_eq!(display_width("住建局"), 6);
        assert_eq!(display_width("ab\n住建局x"), 7);
        let long = "督".repeat(MAX_CELL + 5);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL);
        assert_eq!(cell_text("短"), "短");
    }

    #[test]
    fn long_text_takes_the_lines_it_wraps_onto() {
        assert_eq!(wrapped_lines("短"), 1);
        assert_eq!(wrapped_lines(&"督".repeat(24)), 1);
        assert_eq!(wrapped_lines(&"督".repeat(25)), 2);
        assert_eq!(wrapped_lines("a\nb\nc"), 3);
        assert_eq!(wrapped_lines(&"督".repeat(10_000)), 15);
    }

    #[test]
    fn an_ampersand_prints_as_itself_in_the_header() {
        assert_eq!(header_text("R&D 办"), "R&&D 办");
    }

    #[test]
    fn a_workbook_is_written_with_every_kind_of_cell() {
        let mut book = Book::new();
        let heading = Heading {
            title: "清单".into(),
            period: "截至2026年11月25日".into(),
            fingerprint: "规则指纹：0123456789abcdef".into(),
            more: vec![],
        };
        let columns = vec![
            Column::new("灯", Kind::Light),
            Column::new("事项", Kind::Text),
            Column::new("件数", Kind::Count),
            Column::new("率", Kind::Rate),
            Column::new("日期", Kind::Date),
        ];
        let mut sheet = book.sheet("清单", &heading, columns).unwrap();
        sheet
            .row(&[
                Value::Light(Lamp::Light(WarningLight::Red), "红".into()),
                Value::text("=1+1"),
                Value::count(3u32),
                Value::Rate(Some(97.66)),
                Value::date(NaiveDate::from_ymd_opt(2026, 11, 25)),
            ])
            .unwrap();
        assert_eq!(sheet.rows(), 1);
        book.add(sheet).unwrap();
        let bytes = book.to_bytes().unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}

//! The one CSV writer: every CSV duban writes (`list --format csv`, `export --format csv`, the
//! bulletin's and the assessment's `--format csv`) goes through [`Sheet`], so that every file
//! is safe to open in a spreadsheet and opens there with its Chinese intact.
//!
//! - **UTF-8 with a byte order mark.** Excel and WPS read a CSV file without one in the
//!   system's code page (GBK on a Chinese Windows) and show the Chinese as mojibake; with the
//!   mark they read UTF-8. Programs that read CSV as UTF-8 skip it (Python's `utf-8-sig`,
//!   pandas, LibreOffice).
//! - **No formula runs** (CSV injection, as OWASP describes it). A text cell that begins with
//!   `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading apostrophe, so
//!   that a title `=HYPERLINK(…)` stays a title. A number cell (a count, a rate, points such
//!   as `-2`) is written as it is: a number is not a formula, and an apostrophe would turn it
//!   into text that no sum adds up; a number cell that does not read as a number is written as
//!   text, escaped.
//! - RFC 4180 quoting, through the `csv` crate.
//!
//! The one Excel writer, [`xlsx::Book`], is beside it: typed cells, and text never a formula.

pub mod xlsx;

use std::io::Write;

use std::io::{Error, Result};

/// The UTF-8 byte order mark every CSV file begins with.
pub const BOM: &str = "\u{FEFF}";

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Office data or a word: escaped when a spreadsheet would read it as a formula.
    Text(String),
    /// A figure (`12`, `97.7`, `-2.5`), or empty when there is none.
    Number(String),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }

    pub fn number(figure: impl ToString) -> Self {
        Cell::Number(figure.to_string())
    }

    /// The cell as written into the file.
    pub fn written(&self) -> String {
        match self {
            Cell::Number(n) if n.is_empty() || is_number(n) => n.clone(),
            Cell::Number(n) | Cell::Text(n) => text(n),
        }
    }
}

/// Whether a spreadsheet reads `s` as a plain number (no formula).
fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(f64::is_finite)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.'))
}

/// Text as a cell: one that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) is kept as text with a leading apostrophe.
pub fn text(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn io(e: csv::Error) -> Error {
    Error::other(e.to_string())
}

/// A CSV file being written: the byte order mark, then one row at a time.
pub struct Sheet<W: Write> {
    out: csv::Writer<W>,
}

impl Sheet<Vec<u8>> {
    /// A sheet written into memory (the mark is already in it; nothing here can fail).
    pub fn in_memory() -> Self {
        Self {
            out: csv::Writer::from_writer(BOM.as_bytes().to_vec()),
        }
    }

    /// One row's text, its line end included, without the mark: for a file written a row at
    /// a time elsewhere (a long list's rows, made on several threads).
    pub fn line(cells: &[Cell]) -> Result<String> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(cells.iter().map(Cell::written))
            .map_err(io)?;
        let bytes = out.into_inner().map_err(|e| e.into_error())?;
        String::from_utf8(bytes).map_err(Error::other)
    }

    /// The file's text. A `csv::Writer` over a `Vec` has no I/O that can fail.
    pub fn into_string(self) -> Result<String> {
        let bytes = self.finish()?;
        String::from_utf8(bytes).map_err(Error::other)
    }
}

impl<W: Write> Sheet<W> {
    /// A sheet written to `out`, which receives the byte order mark at once.
    pub fn new(mut out: W) -> Result<Self> {
        out.write_all(BOM.as_bytes())?;
        Ok(Self {
            out: csv::Writer::from_writer(out),
        })
    }

    /// The header row: column names, written as text.
    pub fn head<S: AsRef<str>>(&mut self, names: &[S]) -> Result<()> {
        self.out
            .write_record(names.iter().map(|n| text(n.as_ref())))
            .map_err(io)
    }

    /// One row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        self.out
            .write_record(cells.iter().map(Cell::written))
            .map_err(io)
    }

    /// Flushes and hands back the destination.
    pub fn finish(self) -> Result<W> {
        let mut out = self.out.into_inner().map_err(|e| e.into_error())?;
        out.flush()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_row(cells: &[Cell]) -> String {
        let mut s = Sheet::in_memory();
        s.row(cells).unwrap();
        s.into_string().unwrap()
    }

    #[test]
    fn the_file_begins_with_the_byte_order_mark_and_keeps_chinese() {
        let out = one_row(&[Cell::text("住建局"), Cell::number(3)]);
        assert_eq!(out, "\u{FEFF}住建局,3\n");
        assert_eq!(&out.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_kept_as_text() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+86 10", "'+86 10"),
            ("-2", "'-2"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("整治=老旧小区", "整治=老旧小区"),
            ("2026-017", "2026-017"),
            ("", ""),
        ] {
            assert_eq!(Cell::text(cell).written(), written, "{cell:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers_and_a_number_cell_that_is_not_one_is_escaped() {
        for (cell, written) in [
            ("-2", "-2"),
            ("-2.5", "-2.5"),
            ("97.7", "97.7"),
            ("0", "0"),
            ("", ""),
            ("-2+3", "'-2+3"),
            ("=1", "'=1"),
            ("-inf", "'-inf"),
            ("-1e3", "'-1e3"),
        ] {
            assert_eq!(Cell::number(cell).written(), written, "{cell:?}");
        }
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let out = one_row(&[Cell::text("a,\"b\"\nc"), Cell::text("=x,y")]);
        assert_eq!(out, "\u{FEFF}\"a,\"\"b\"\"\nc\",\"'=x,y\"\n");
    }
}

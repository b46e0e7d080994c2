//! A whole office out of its database and into another: `duban export` and `duban import`.
//!
//! The store hands the office over part by part ([`Records::export`]) and writes a checked
//! office into an empty store in one transaction ([`Backend::import`]); here are the formats.
//! JSON holds everything, history included, and imports back into the same office; CSV is one
//! table of items for a spreadsheet and is not imported.

mod csv;
pub mod json;
pub mod ledger;
pub mod read;
pub mod xlsx;

use std::io::Write;

use chrono::NaiveDateTime;

use crate::domain::import::ImportRefusal;
use crate::error::Result;
use crate::store::exchange::Imported;
use crate::store::{Backend, Records};

/// What `duban export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Json,
    Csv,
}

/// Writes the whole office to `out` (flushed); `now` is the run's clock, written in the JSON
/// head.
pub fn export<R: Records + ?Sized, W: Write>(
    store: &R,
    format: ExportFormat,
    out: W,
    now: NaiveDateTime,
) -> Result<W> {
    match format {
        ExportFormat::Json => {
            let mut sink = json::JsonSink::new(out, now)?;
            store.export(&mut sink)?;
            sink.finish()
        }
        ExportFormat::Csv => {
            let mut sink = csv::CsvSink::new(out)?;
            store.export(&mut sink)?;
            sink.finish()
        }
    }
}

/// Checks a JSON export (`text`, read from `file`) row by row and writes it into the empty
/// `store` in one transaction: everything, or nothing and the first bad row named.
pub fn import<B: Backend + ?Sized>(
    store: &mut B,
    file: &str,
    text: &str,
    rules: &crate::domain::Rules,
) -> Result<Imported> {
    // An office that is not empty is refused before the file is read through.
    let (items, events) = (store.item_count()?, store.event_count()?);
    if items > 0 || events > 0 {
        return Err(ImportRefusal::NotEmpty { items, events }.into());
    }
    let office = read::read(file, text, rules)?;
    store.import(&office)
}

/// Writes an office already read and checked ([`read::read`]) into the empty `store` in one
/// transaction: everything, or nothing.
pub fn import_checked<B: Backend + ?Sized>(
    store: &mut B,
    office: &crate::store::exchange::Office,
) -> Result<Imported> {
    let (items, events) = (store.item_count()?, store.event_count()?);
    if items > 0 || events > 0 {
        return Err(ImportRefusal::NotEmpty { items, events }.into());
    }
    store.import(office)
}

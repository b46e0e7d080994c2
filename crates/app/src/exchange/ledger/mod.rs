//! The office's spreadsheet ledgers (督办台账) coming in: `duban ledger import`.
//!
//! A ledger is read whole and checked first ([`read`]): the sheet's cells ([`sheet`]), the
//! header row and what each column holds ([`header`], [`columns`]), each data row as an item
//! checked by the same rules as one typed in ([`rows`]). What it would register is then told
//! apart from what the office already holds ([`Plan`]), and written, all or nothing, through the
//! same orchestration as every other write ([`write`]).

pub mod cells;
pub mod columns;
pub mod header;
mod rows;
pub mod sheet;
pub mod status;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::WorkCalendar;
use crate::domain::lifecycle::Status;
use crate::domain::rules::Rules;
use crate::domain::validate::InputError;
use crate::error::Result;
use crate::store::Records;
use crate::store::model::{ListFilter, NewItem};

pub use columns::{Field, MapRefusal, Overrides};
pub use rows::{NO_DEADLINE_REASON, key};
pub use write::{IMPORTED_APPROVAL, write};

/// Why a whole ledger is refused (nothing of it is read further).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerRefusal {
    /// Not .xlsx, .xls or .ods.
    NotASpreadsheet {
        file: String,
    },
    /// The file could not be read as a workbook.
    Unreadable {
        file: String,
        reason: String,
    },
    NoSuchSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    TooManyRows {
        sheet: String,
        row: u64,
        max: u32,
    },
    TooManyColumns {
        sheet: String,
        column: String,
        max: u32,
    },
    TooManyCells {
        sheet: String,
        max: usize,
    },
    /// No row within the first `rows` names two fields.
    NoHeader {
        sheet: String,
        rows: u32,
    },
    /// No column for a field every item needs (title, lead department).
    MissingColumn {
        sheet: String,
        field: Field,
        row: u32,
    },
    /// Two columns for one field: (header, letter) of each.
    TwoColumns {
        field: Field,
        first: (String, String),
        second: (String, String),
    },
    Map(MapRefusal),
}

/// Why one row is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The field's check, as for an item typed in (empty, too long, a control character…).
    Input(InputError),
    NotADate {
        got: String,
    },
    /// A formula whose value is an error (#DIV/0!, #REF!).
    FormulaError {
        got: String,
    },
    UnknownStatus {
        got: String,
    },
    /// Suspended (中止): a suspension needs its reason and the approving leader.
    Suspended {
        got: String,
    },
    /// Finished (completed, closed, cancelled) or awaiting review, without the day it was.
    NoFinishDate {
        status: Status,
    },
    /// A day after today.
    AfterToday {
        got: NaiveDate,
        today: NaiveDate,
    },
    /// A finish before the registration the ledger gives.
    BeforeRegistration {
        got: NaiveDate,
        registered: NaiveDate,
    },
    /// The same title, lead department and source as an earlier row.
    Repeat {
        of_row: u32,
    },
}

/// A row not taken: its number as the spreadsheet shows it (from 1), its column (header and
/// letter) when one is to blame, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: u32,
    pub column: Option<(String, String)>,
    pub why: Why,
}

/// One row as it will be registered.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub row: u32,
    /// How the row is recognised in the office ([`key`]).
    pub key: String,
    pub item: NewItem,
    /// The state the ledger gives it.
    pub status: Status,
    /// 办理进展: recorded as progress feedback (or, on a finished item, its completion report).
    pub progress: Option<String>,
    /// The last day the progress names.
    pub progress_on: Option<NaiveDate>,
    /// The day it was submitted, completed, closed or cancelled.
    pub finished_on: Option<NaiveDate>,
}

/// A ledger read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub file: String,
    pub sheet: String,
    /// The year of a date written without one (12月底).
    pub year: i32,
    /// Whether the year was named by the ledger (else it is today's).
    pub year_named: bool,
    pub header: header::Header,
    pub entries: Vec<Entry>,
    pub refused: Vec<RowProblem>,
    pub blank_rows: usize,
}

/// What reading a ledger needs besides the file.
pub struct Options<'a> {
    pub sheet: Option<&'a str>,
    pub map: &'a Overrides,
    pub today: NaiveDate,
    pub calendar: &'a WorkCalendar,
    pub rules: &'a Rules,
}

/// Reads and checks the ledger at `path` (`shown` is how the clerk is shown its path).
pub fn read(
    path: &Path,
    shown: &str,
    o: &Options<'_>,
) -> std::result::Result<Reading, LedgerRefusal> {
    let grid = sheet::read(path, shown, o.sheet)?;
    let header = header::find(&grid, o.map)?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string());
    // The ledger's year: the first its title rows, its sheet's name or its file's name give.
    let titles: Vec<String> = grid
        .rows
        .range(..header.first_row)
        .flat_map(|(_, cells)| cells.values().map(cells::Cell::text))
        .collect();
    let named = cells::year_named(
        titles
            .iter()
            .map(String::as_str)
            .chain([grid.sheet.as_str(), file.as_str()]),
    );
    let year = named.unwrap_or_else(|| cells::year_of(o.today));
    let cx = rows::Context {
        file: &file,
        sheet: &grid.sheet,
        year,
        today: o.today,
        calendar: o.calendar,
        rules: o.rules,
    };
    let (entries, refused, blank_rows) = rows::entries(&grid, &header, &cx);
    Ok(Reading {
        sheet: grid.sheet.clone(),
        file,
        year,
        year_named: named.is_some(),
        header,
        entries,
        refused,
        blank_rows,
    })
}

/// What an import would do: the rows new to the office, and those it already holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub new: Vec<Entry>,
    /// Rows recognised as items the office already holds: (row, the item's number).
    pub known: Vec<(u32, String)>,
}

impl Plan {
    /// Tells the rows of `reading` the office already holds (by [`key`]) from the new ones.
    pub fn against<R: Records + ?Sized>(
        store: &R,
        reading: Reading,
        today: NaiveDate,
    ) -> Result<Self> {
        let all = ListFilter {
            all: true,
            ..ListFilter::default()
        };
        let mut held = std::collections::HashMap::new();
        for row in store.items(&all, today)? {
            held.entry(key(&row.title, &row.lead_department, &row.source_ref))
                .or_insert_with(|| row.number.to_string());
        }
        let (mut new, mut known) = (Vec::new(), Vec::new());
        for e in reading.entries {
            match held.get(&e.key) {
                Some(number) => known.push((e.row, number.clone())),
                None => new.push(e),
            }
        }
        Ok(Self { new, known })
    }

    /// How many new rows each lead department has, by name.
    pub fn by_department(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for e in &self.new {
            *out.entry(e.item.lead.clone()).or_insert(0) += 1;
        }
        out
    }

    /// How many new rows of each status, in the lifecycle's order.
    pub fn by_status(&self) -> Vec<(Status, usize)> {
        let mut out: Vec<(Status, usize)> = Vec::new();
        for s in Status::ALL {
            let n = self.new.iter().filter(|e| e.status == *s).count();
            if n > 0 {
                out.push((*s, n));
            }
        }
        out
    }

    /// The departments the new rows name that are not among `have` (the office's), sorted.
    pub fn new_departments(&self, have: &[String]) -> Vec<String> {
        let have: HashSet<&str> = have.iter().map(String::as_str).collect();
        let mut out: Vec<String> = self
            .new
            .iter()
            .flat_map(|e| std::iter::once(&e.item.lead).chain(e.item.co.iter()))
            .filter(|d| !have.contains(d.as_str()))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

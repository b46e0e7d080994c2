//! Which row of a sheet holds the ledger's headers, and which column holds each field.

use super::LedgerRefusal;
use super::cells::Cell;
use super::columns::{Field, Overrides, letter};
use super::sheet::Grid;

/// How far down a sheet the header row is looked for (title rows, a date line, a note above).
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// A column the ledger's header row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 0-based, as calamine counts.
    pub index: u32,
    pub header: String,
    pub field: Option<Field>,
}

impl Column {
    /// The column's letter (C) as the spreadsheet shows it.
    pub fn letter(&self) -> String {
        letter(self.index)
    }
}

/// The ledger's header: its row (or two, when a merged group header stands over sub-headers)
/// and what each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The last header row (0-based): the data starts below it.
    pub last_row: u32,
    /// The first header row (0-based): the rows above it are the ledger's title.
    pub first_row: u32,
    pub columns: Vec<Column>,
}

impl Header {
    /// The column holding `field`, if any.
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == Some(field))
    }

    /// The columns read for no field (neither recognised nor named by `--map`).
    pub fn unrecognised(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.field.is_none())
    }
}

fn header_text(cell: &Cell) -> String {
    super::cells::one_line(&cell.text())
}

/// The fields a row's cells name, by column.
fn named(grid: &Grid, row: u32, map: &Overrides) -> Vec<Column> {
    grid.rows
        .get(&row)
        .map(|cells| {
            cells
                .iter()
                .filter(|(_, c)| !c.is_blank())
                .map(|(index, c)| {
                    let header = header_text(c);
                    Column {
                        index: *index,
                        field: map.field_of(&header),
                        header,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Finds the header: the first row, within the first [`HEADER_SEARCH_ROWS`], where at least two
/// cells name a field. A row just below it whose every cell names a field (the sub-headers of a
/// merged group header, 办理情况 over 办理进展 and 完成情况) is read as part of it. Refuses a
/// sheet without one, a header without a title or a lead department column, and two columns
/// for one field (naming both, so that `--map` can tell which).
pub fn find(grid: &Grid, map: &Overrides) -> Result<Header, LedgerRefusal> {
    let first = grid.rows.keys().next().copied().unwrap_or(0);
    let found = grid
        .rows
        .keys()
        .copied()
        .take_while(|r| *r < first.saturating_add(HEADER_SEARCH_ROWS))
        .find(|r| {
            named(grid, *r, map)
                .iter()
                .filter(|c| c.field.is_some())
                .count()
                >= 2
        });
    let Some(row) = found else {
        return Err(LedgerRefusal::NoHeader {
            sheet: grid.sheet.clone(),
            rows: HEADER_SEARCH_ROWS,
        });
    };
    let mut columns = named(grid, row, map);
    let mut last_row = row;
    let below = named(grid, row + 1, map);
    if !below.is_empty() && below.iter().all(|c| c.field.is_some()) {
        for sub in below {
            match columns.iter_mut().find(|c| c.index == sub.index) {
                Some(top) => *top = sub,
                None => columns.push(sub),
            }
        }
        columns.sort_by_key(|c| c.index);
        last_row = row + 1;
    }
    for (i, c) in columns.iter().enumerate() {
        let Some(field) = c.field.filter(|f| *f != Field::Ignore) else {
            continue;
        };
        if let Some(other) = columns.iter().skip(i + 1).find(|o| o.field == Some(field)) {
            return Err(LedgerRefusal::TwoColumns {
                field,
                first: (c.header.clone(), c.letter()),
                second: (other.header.clone(), other.letter()),
            });
        }
    }
    let header = Header {
        last_row,
        first_row: row,
        columns,
    };
    for field in [Field::Title, Field::Lead] {
        if header.column(field).is_none() {
            return Err(LedgerRefusal::MissingColumn {
                sheet: grid.sheet.clone(),
                field,
                row: row + 1,
            });
        }
    }
    Ok(header)
}

//! Reading one sheet of a ledger (.xlsx, .xls, .ods) with `calamine` into the cells it holds,
//! row by row, with the value of a merged range carried down its rows. A sheet past the limits
//! is refused as it is read, before anything the size of its claimed dimension is allocated
//! (.xlsx is read cell by cell; .xls and .ods through calamine's range, which caps their rows).

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, Sheets, open_workbook_auto};
use chrono::NaiveDate;

use super::LedgerRefusal;
use super::cells::Cell;
use super::columns::letter;

/// The most rows a ledger's sheet may reach (a row further down is refused, not read).
pub const MAX_ROWS: u32 = 100_000;
/// The most columns a ledger's sheet may reach.
pub const MAX_COLUMNS: u32 = 200;
/// The most cells holding something a sheet may have.
pub const MAX_CELLS: usize = 3_000_000;

/// The cells of one sheet: each row that holds anything (0-based, as calamine counts), its
/// cells by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub sheet: String,
    pub rows: BTreeMap<u32, BTreeMap<u32, Cell>>,
}

impl Grid {
    pub fn cell(&self, row: u32, column: u32) -> Option<&Cell> {
        self.rows.get(&row).and_then(|r| r.get(&column))
    }
}

/// The file formats read, by the file's extension.
pub fn readable(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Reads the sheet named (or the first) of the workbook at `path`.
pub fn read(path: &Path, shown: &str, sheet: Option<&str>) -> Result<Grid, LedgerRefusal> {
    if !readable(path) {
        return Err(LedgerRefusal::NotASpreadsheet {
            file: shown.to_string(),
        });
    }
    let unreadable = |reason: String| LedgerRefusal::Unreadable {
        file: shown.to_string(),
        reason,
    };
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("no sheet".into()))?,
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()))
            .cloned()
            .ok_or_else(|| LedgerRefusal::NoSuchSheet {
                sheet: wanted.to_string(),
                sheets: names.clone(),
            })?,
    };
    let mut grid = Grid {
        sheet: name.clone(),
        rows: BTreeMap::new(),
    };
    let mut count = 0usize;
    let merged = match &mut book {
        Sheets::Xlsx(x) => {
            let merged = x
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            let mut cells = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            while let Some(cell) = cells.next_cell().map_err(|e| unreadable(e.to_string()))? {
                let (row, column) = cell.get_position();
                if let Some(value) = from_ref(cell.get_value()) {
                    put(&mut grid, &mut count, row, column, value)?;
                }
            }
            merged
        }
        Sheets::Xls(x) => {
            let merged = x.merge_cells_by_sheet_name(&name).unwrap_or_default();
            read_range(&mut grid, &mut count, x, &name)
                .map_err(|e| unreadable(e.to_string()))??;
            merged
        }
        other => {
            read_range(&mut grid, &mut count, other, &name)
                .map_err(|e| unreadable(e.to_string()))??;
            Vec::new()
        }
    };
    carry_merged(&mut grid, &merged);
    Ok(grid)
}

/// Reads a sheet through calamine's range (.xls, .ods).
fn read_range<R: Reader<RS>, RS: Read + Seek>(
    grid: &mut Grid,
    count: &mut usize,
    book: &mut R,
    name: &str,
) -> Result<Result<(), LedgerRefusal>, R::Error> {
    let range = book.worksheet_range(name)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        if let Some(value) = from_data(value)
            && let Err(e) = put(
                grid,
                count,
                top.saturating_add(r),
                left.saturating_add(c),
                value,
            )
        {
            return Ok(Err(e));
        }
    }
    Ok(Ok(()))
}

/// Keeps one cell, refusing the sheet once it passes a limit.
fn put(
    grid: &mut Grid,
    count: &mut usize,
    row: u32,
    column: u32,
    value: Cell,
) -> Result<(), LedgerRefusal> {
    if row >= MAX_ROWS {
        return Err(LedgerRefusal::TooManyRows {
            sheet: grid.sheet.clone(),
            row: u64::from(row) + 1,
            max: MAX_ROWS,
        });
    }
    if column >= MAX_COLUMNS {
        return Err(LedgerRefusal::TooManyColumns {
            sheet: grid.sheet.clone(),
            column: letter(column),
            max: MAX_COLUMNS,
        });
    }
    *count += 1;
    if *count > MAX_CELLS {
        return Err(LedgerRefusal::TooManyCells {
            sheet: grid.sheet.clone(),
            max: MAX_CELLS,
        });
    }
    grid.rows.entry(row).or_default().insert(column, value);
    Ok(())
}

/// A merged range holds its value in its top-left cell only: the value is carried down the
/// range's rows, in its first column (a lead department merged over the rows of its items). A
/// range across columns only is left as it is (a title row).
fn carry_merged(grid: &mut Grid, merged: &[Dimensions]) {
    for m in merged {
        let ((top, left), (bottom, _)) = (m.start, m.end);
        if bottom <= top || bottom >= MAX_ROWS {
            continue;
        }
        let Some(value) = grid.cell(top, left).cloned() else {
            continue;
        };
        for row in top + 1..=bottom {
            let cells = grid.rows.entry(row).or_default();
            if cells.get(&left).is_none_or(Cell::is_blank) {
                cells.insert(left, value.clone());
            }
        }
    }
}

fn date_of(dt: &calamine::ExcelDateTime) -> Option<Cell> {
    if dt.is_datetime() {
        dt.as_datetime().map(|t| Cell::Date(t.date()))
    } else {
        Some(Cell::Number(dt.as_f64()))
    }
}

fn iso_date(text: &str) -> Cell {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| Cell::Text(text.to_string()), Cell::Date)
}

/// A cell of .xlsx as duban keeps it (none when empty).
fn from_ref(value: &DataRef<'_>) -> Option<Cell> {
    Some(match value {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_of(dt)?,
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

/// A cell of .xls or .ods as duban keeps it (none when empty).
fn from_data(value: &Data) -> Option<Cell> {
    Some(match value {
        Data::Empty => return None,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_of(dt)?,
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    fn text(grid: &Grid, row: u32, column: u32) -> String {
        grid.cell(row, column).map(Cell::text).unwrap_or_default()
    }

    #[test]
    fn a_merged_range_gives_its_value_to_the_rows_it_covers_and_a_sheet_is_chosen_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.xlsx");
        let mut book = Workbook::new();
        let first = book.add_worksheet();
        first.set_name("一").unwrap();
        first.write_string(0, 0, "甲").unwrap();
        let ws = book.add_worksheet();
        ws.set_name("二").unwrap();
        ws.merge_range(0, 0, 0, 3, "2026年台账", &Format::new())
            .unwrap();
        ws.write_string(1, 0, "督办事项").unwrap();
        ws.write_string(1, 1, "牵头单位").unwrap();
        for (r, t) in [(2, "甲"), (3, "乙"), (4, "丙")] {
            ws.write_string(r, 0, t).unwrap();
        }
        ws.merge_range(2, 1, 3, 1, "市住建局", &Format::new())
            .unwrap();
        ws.write_string(4, 1, "市财政局").unwrap();
        book.save(&path).unwrap();
        let grid = read(&path, "台账.xlsx", Some("二")).unwrap();
        assert_eq!(grid.sheet, "二");
        assert_eq!(text(&grid, 2, 1), "市住建局");
        assert_eq!(text(&grid, 3, 1), "市住建局");
        assert_eq!(text(&grid, 4, 1), "市财政局");
        // A title merged across is not copied across.
        assert_eq!(text(&grid, 0, 1), "");
        assert_eq!(read(&path, "台账.xlsx", None).unwrap().sheet, "一");
        assert!(matches!(
            read(&path, "台账.xlsx", Some("三")),
            Err(LedgerRefusal::NoSuchSheet { .. })
        ));
    }
}

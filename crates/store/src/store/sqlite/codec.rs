//! Columns to values and back: dates as `YYYY-MM-DD` text, codes as text.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Row;
use rusqlite::types::Type;

use crate::domain::item::{Flags, ItemNumber};
pub use crate::store::dates::{day, parse_day_bytes, stamp};
use crate::store::model::ItemRow;

fn bad(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, what.to_string().into())
}

/// Parses `YYYY-MM-DD` without a format interpreter: lists decode many of these.
#[cfg(test)]
fn parse_day(text: &str) -> Option<NaiveDate> {
    parse_day_bytes(text.as_bytes())
}

pub fn get_day(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    get_opt_day(row, index)?.ok_or_else(|| bad(index, "missing date"))
}

pub fn get_opt_day(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    use rusqlite::types::ValueRef;
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => parse_day_bytes(t)
            .map(Some)
            .ok_or_else(|| bad(index, "not a date")),
        _ => Err(bad(index, "not a date")),
    }
}

pub fn get_stamp(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = row.get(index)?;
    NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").map_err(|_| bad(index, "not a time"))
}

/// Reads a code column into its closed vocabulary.
pub fn get_code<T>(
    row: &Row<'_>,
    index: usize,
    from: fn(&[u8]) -> Option<T>,
) -> rusqlite::Result<T> {
    get_opt_code(row, index, from)?.ok_or_else(|| bad(index, "missing code"))
}

pub fn get_opt_code<T>(
    row: &Row<'_>,
    index: usize,
    from: fn(&[u8]) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    use rusqlite::types::ValueRef;
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => from(t).map(Some).ok_or_else(|| bad(index, "unknown code")),
        _ => Err(bad(index, "not a code")),
    }
}

/// How many columns a row select names (`columns::ROW`): a query that selects more reads them
/// from here.
pub const ITEM_ROW_COLUMN_COUNT: usize = super::columns::ROW.len();

pub fn item_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    item_row_led_by(row, row.get(4)?)
}

/// [`item_row`] of a query that selects the lead department's id in place of its name (no
/// join per row: long lists), given the departments' names by id.
pub fn item_row_by_dept_id(
    row: &Row<'_>,
    names: &std::collections::HashMap<i64, String>,
) -> rusqlite::Result<ItemRow> {
    let id: i64 = row.get(4)?;
    let name = names.get(&id).ok_or_else(|| bad(4, "unknown department"))?;
    item_row_led_by(row, name.clone())
}

fn item_row_led_by(row: &Row<'_>, lead_department: String) -> rusqlite::Result<ItemRow> {
    use crate::domain::{Cadence, Level, SourceKind, Status};
    Ok(ItemRow {
        id: row.get(0)?,
        number: ItemNumber {
            year: row.get(1)?,
            seq: row.get(2)?,
        },
        title: row.get(3)?,
        lead_department,
        owner: row.get(5)?,
        status: get_code(row, 6, Status::from_code_bytes)?,
        source_kind: get_code(row, 7, SourceKind::from_code_bytes)?,
        source_ref: row.get(8)?,
        flags: Flags {
            major: row.get(9)?,
            difficult: row.get(10)?,
            important: row.get(11)?,
            leader: row.get(12)?,
        },
        urgent: row.get(13)?,
        cadence: get_code(row, 14, Cadence::from_code_bytes)?,
        deadline: get_opt_day(row, 15)?,
        registered_on: get_day(row, 16)?,
        assigned_on: get_opt_day(row, 17)?,
        last_feedback_on: get_opt_day(row, 18)?,
        last_percent: row.get(19)?,
        last_note_on: get_opt_day(row, 20)?,
        top_level: get_opt_code(row, 21, Level::from_code_bytes)?,
        next_milestone_due: get_opt_day(row, 22)?,
        version: row.get(23)?,
        suspended_from: get_opt_code(row, 24, Status::from_code_bytes)?,
        completed_on: get_opt_day(row, 25)?,
        closed_on: get_opt_day(row, 26)?,
        snoozed_until: get_opt_day(row, 27)?,
        snooze_reason: row.get(28)?,
        second_milestone_due: get_opt_day(row, 29)?,
        suspended_on: get_opt_day(row, 30)?,
        resumed_on: get_opt_day(row, 31)?,
        submitted_on: get_opt_day(row, 32)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_count_is_the_columns_named() {
        assert_eq!(
            super::super::columns::row_select().split(',').count(),
            ITEM_ROW_COLUMN_COUNT
        );
    }

    #[test]
    fn stamps_are_iso() {
        let t = NaiveDate::from_ymd_opt(2026, 2, 3)
            .unwrap()
            .and_hms_opt(9, 5, 7)
            .unwrap();
        assert_eq!(stamp(t), "2026-02-03T09:05:07");
        assert_eq!(
            day(NaiveDate::from_ymd_opt(987, 12, 31).unwrap()),
            "0987-12-31"
        );
    }

    #[test]
    fn days_round_trip_and_bad_text_is_refused() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(parse_day(&day(d)), Some(d));
        for bad in ["2026-02-30", "2026/02/28", "20260228", "2026-0a-01"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}

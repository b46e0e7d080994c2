//! Columns to values and back: dates as `YYYY-MM-DD` text, codes as text.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Row;
use rusqlite::types::Type;

use crate::domain::item::{Flags, ItemNumber};
use crate::store::model::ItemRow;

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn bad(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, what.to_string().into())
}

/// Parses `YYYY-MM-DD` without a format interpreter: lists decode many of these.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

pub fn get_day(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    parse_day(&text).ok_or_else(|| bad(index, "not a date"))
}

pub fn get_opt_day(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| parse_day(&t).ok_or_else(|| bad(index, "not a date")))
        .transpose()
}

pub fn get_stamp(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDateTime> {
    let text: String = row.get(index)?;
    NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").map_err(|_| bad(index, "not a time"))
}

/// Reads a code column into its closed vocabulary.
pub fn get_code<T>(row: &Row<'_>, index: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    from(&text).ok_or_else(|| bad(index, "unknown code"))
}

pub fn get_opt_code<T>(
    row: &Row<'_>,
    index: usize,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| from(&t).ok_or_else(|| bad(index, "unknown code")))
        .transpose()
}

/// The columns [`item_row`] reads, in order.
pub const ITEM_ROW_COLUMNS: &str = "i.id, i.year, i.seq, i.title, d.name, i.owner, i.status, \
    i.source_kind, i.source_ref, i.major, i.difficult, i.important, i.leader_concerned, i.urgent, \
    i.cadence, i.deadline, i.registered_on, i.assigned_on, i.last_feedback_on, i.last_percent, \
    i.last_note_on, i.top_level, i.next_milestone_due, i.version";

pub fn item_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    use crate::domain::{Cadence, Level, SourceKind, Status};
    Ok(ItemRow {
        id: row.get(0)?,
        number: ItemNumber {
            year: row.get(1)?,
            seq: row.get(2)?,
        },
        title: row.get(3)?,
        lead_department: row.get(4)?,
        owner: row.get(5)?,
        status: get_code(row, 6, Status::from_code)?,
        source_kind: get_code(row, 7, SourceKind::from_code)?,
        source_ref: row.get(8)?,
        flags: Flags {
            major: row.get(9)?,
            difficult: row.get(10)?,
            important: row.get(11)?,
            leader: row.get(12)?,
        },
        urgent: row.get(13)?,
        cadence: get_code(row, 14, Cadence::from_code)?,
        deadline: get_opt_day(row, 15)?,
        registered_on: get_day(row, 16)?,
        assigned_on: get_opt_day(row, 17)?,
        last_feedback_on: get_opt_day(row, 18)?,
        last_percent: row.get(19)?,
        last_note_on: get_opt_day(row, 20)?,
        top_level: get_opt_code(row, 21, Level::from_code)?,
        next_milestone_due: get_opt_day(row, 22)?,
        version: row.get(23)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_bad_text_is_refused() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(parse_day(&day(d)), Some(d));
        for bad in ["2026-02-30", "2026/02/28", "20260228", "2026-0a-01"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}

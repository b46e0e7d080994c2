//! The items as they stood at the end of any day, without replaying the history: the table
//! `item_days` holds, for each item, what the bulletin reads of it on each day its history
//! changed something, valid from that day until the next such day. What an item was on each day
//! is computed from its own events in `store::kept_days` (the same for every backend): for every
//! item a write transaction touched, the store's writes hand the days here ([`write_days`]);
//! the bulk paths (the sample office, an import, the migration that creates the table) compute
//! all items' days in one pass here.
//!
//! The 100,000-item sample office's history is 716,740 events (1.2 s only to decode); its
//! 559,763 day rows are read for one day in about 230 ms under load (docs/benchmarks.md).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::codec::{get_code, get_day};
use super::{SqliteStore, event_codec};
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::{ItemNumber, SourceKind};
use crate::error::Result;
use crate::store::day_rows::{
    Current, DayRow, Described, bad_column, day_number, item_state, judged, rows, rows_of,
};
use crate::store::kept_days::Days;

/// The schema step that creates the table (filled by [`rebuild_all`] in the same step).
pub const CREATE: &str = r#"
CREATE TABLE item_days (
    item_id    INTEGER NOT NULL REFERENCES items(id),
    -- Days counted from 0001-01-01 (day 1): compared as numbers, three bytes each.
    from_day   INTEGER NOT NULL,
    until_day  INTEGER,
    -- status and cadence (each its code, after its length in one byte), then deadline,
    -- assigned_on, completed_on, submitted_on, suspended_on, resumed_on, last_feedback_on and
    -- cancelled_on, each four bytes little-endian, 0 for none (one column: the sample office
    -- writes 560,000 rows).
    state      BLOB NOT NULL,
    -- Set only when different from the item's row.
    title      TEXT,
    owner      TEXT,
    source_ref TEXT,
    -- The notes, commendations and leaders' instructions the item had (JSON), when it had any.
    records    TEXT,
    PRIMARY KEY (item_id, from_day)
) WITHOUT ROWID;
"#;

fn insert(c: &Connection, item_id: i64, rows: &[DayRow]) -> Result<()> {
    let mut insert = c.prepare_cached(
        "INSERT INTO item_days (item_id, from_day, until_day, state, title, owner, source_ref, \
         records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in rows {
        insert.execute(params![
            item_id,
            r.from,
            r.until,
            r.state,
            r.title,
            r.owner,
            r.source_ref,
            r.records,
        ])?;
    }
    Ok(())
}

/// Writes the rows of an item that has none yet.
fn write_item(c: &Connection, item_id: i64, events: &[Recorded], now: &Current) -> Result<()> {
    insert(c, item_id, &rows(events, now))
}

/// A blob column, borrowed from the row.
fn blob<'r>(r: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'r [u8]> {
    let value = r.get_ref(index)?;
    value.as_blob().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), Box::new(e))
    })
}

/// A text column, borrowed from the row.
fn text<'r>(r: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'r str> {
    let value = r.get_ref(index)?;
    value.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), Box::new(e))
    })
}

fn decoded(r: &rusqlite::Row<'_>, at: usize) -> Result<Recorded> {
    let id: i64 = r.get(at)?;
    let kind = text(r, at + 2)?;
    let data = text(r, at + 3)?;
    Ok(Recorded {
        id,
        on_date: get_day(r, at + 1)?,
        kind: event_codec::decode(id, kind, data)?,
    })
}

/// One item's events, decoded, in the order recorded.
pub(super) fn item_events(c: &Connection, item_id: i64) -> Result<Vec<Recorded>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, on_date, kind, data FROM events WHERE item_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([item_id])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        events.push(decoded(r, 0)?);
    }
    Ok(events)
}

/// Keeps one item's days (computed above, in `store::kept_days`) in place of its rows.
pub(super) fn write_days(c: &Connection, item_id: i64, days: &Days) -> Result<()> {
    let now = c
        .prepare_cached("SELECT title, owner, source_ref FROM items WHERE id = ?1")?
        .query_row([item_id], |r| {
            Ok(Current {
                title: r.get(0)?,
                owner: r.get(1)?,
                source_ref: r.get(2)?,
            })
        })?;
    c.prepare_cached("DELETE FROM item_days WHERE item_id = ?1")?
        .execute([item_id])?;
    insert(c, item_id, &rows_of(days, &now))
}

/// Every item's rows, from the whole history, in one pass.
pub(super) fn rebuild_all(c: &Connection) -> Result<()> {
    c.execute("DELETE FROM item_days", [])?;
    let mut stmt = c.prepare(
        "SELECT i.id, i.title, i.owner, i.source_ref, e.id, e.on_date, e.kind, e.data \
         FROM items i JOIN events e ON e.item_id = i.id ORDER BY i.id, e.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut item: Option<(i64, Current)> = None;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if item.as_ref().is_none_or(|(at, _)| *at != id) {
            if let Some((at, now)) = &item {
                write_item(c, *at, &events, now)?;
            }
            events.clear();
            item = Some((
                id,
                Current {
                    title: r.get(1)?,
                    owner: r.get(2)?,
                    source_ref: r.get(3)?,
                },
            ));
        }
        events.push(decoded(r, 4)?);
    }
    if let Some((at, now)) = &item {
        write_item(c, *at, &events, now)?;
    }
    Ok(())
}

impl SqliteStore {
    /// The items as they stood at the end of `end`, and the day each item then cancelled was
    /// cancelled: see [`Records::items_as_of`](crate::store::Records::items_as_of).
    pub(super) fn read_items_as_of(
        &self,
        from: NaiveDate,
        end: NaiveDate,
    ) -> Result<(Vec<ItemState>, HashMap<ItemNumber, NaiveDate>)> {
        // The items of lower ids here, the others on a second connection: each half of the
        // table is read once (a filter on the id's parity would read all of it twice).
        let (low, high): (i64, i64) = self.conn().query_row(
            // Two subqueries: SQLite looks up a lone min() or max() in the index, but scans
            // the whole table for both in one query.
            "SELECT coalesce((SELECT min(id) FROM items), 0), \
             coalesce((SELECT max(id) FROM items), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let middle = (low + high) / 2;
        // Room for every id of each half (ids are nearly dense): the items, about 450 bytes
        // each, are not moved and copied as their vector grows. An item added meanwhile falls
        // in the upper half, whose ids are not bounded.
        let room = |ids: i64| usize::try_from(ids.clamp(0, 1 << 20)).unwrap_or(0);
        let (mut even, odd) = self.read_split(
            |c| items_as_of(c, from, end, (i64::MIN, middle), room(middle - low + 1)),
            |c| items_as_of(c, from, end, (middle + 1, i64::MAX), room(high - middle)),
        )?;
        even.0.extend(odd.0);
        even.1.extend(odd.1);
        Ok(even)
    }
}

type AsOf = (Vec<ItemState>, HashMap<ItemNumber, NaiveDate>);

/// The items of `items_as_of` whose ids are within `ids` (both included), about `room` of them
/// at most.
fn items_as_of(
    c: &Connection,
    from: NaiveDate,
    end: NaiveDate,
    ids: (i64, i64),
    room: usize,
) -> Result<AsOf> {
    let names: HashMap<i64, String> = c
        .prepare_cached("SELECT id, name FROM departments")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = c.prepare_cached(
        "SELECT d.item_id, i.year, i.seq, coalesce(d.title, i.title), \
         coalesce(d.owner, i.owner), i.source_kind, coalesce(d.source_ref, i.source_ref), \
         i.lead_dept_id, i.registered_on, d.state, d.records \
         FROM item_days d JOIN items i ON i.id = d.item_id \
         WHERE d.item_id BETWEEN ?2 AND ?3 \
         AND d.from_day <= ?1 AND (d.until_day IS NULL OR d.until_day > ?1) ORDER BY d.item_id",
    )?;
    let mut rows = stmt.query(params![day_number(end), ids.0, ids.1])?;
    let mut items = Vec::with_capacity(room);
    let mut cancelled = HashMap::new();
    // The id of each item read, in the order of `items` (rising).
    let mut read_ids: Vec<i64> = Vec::with_capacity(room);
    while let Some(r) = rows.next()? {
        let records = match r.get_ref(10)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(text(r, 10)?),
        };
        let Some((packed, kept)) = judged(blob(r, 9)?, records, from, end)? else {
            continue;
        };
        read_ids.push(r.get(0)?);
        let lead: i64 = r.get(7)?;
        let lead_department = names
            .get(&lead)
            .cloned()
            .ok_or_else(|| bad_column(7, "unknown department"))?;
        let described = Described {
            number: ItemNumber {
                year: r.get(1)?,
                seq: r.get(2)?,
            },
            title: r.get(3)?,
            owner: r.get(4)?,
            source_kind: get_code(r, 5, SourceKind::from_code_bytes)?,
            source_ref: r.get(6)?,
            lead_department,
            registered_on: get_day(r, 8)?,
        };
        let number = described.number;
        let (item, cancelled_on) = item_state(described, packed, kept);
        if let Some(on) = cancelled_on {
            cancelled.insert(number, on);
        }
        items.push(item);
    }
    // The co-departments of the items read (sorted), in the order of their ids as the items
    // are: taken as both go, with no map to look each item up in.
    let mut stmt = c.prepare_cached(
        "SELECT item_id, dept_id FROM item_co_departments WHERE item_id BETWEEN ?1 AND ?2 \
         ORDER BY item_id",
    )?;
    let mut rows = stmt.query([ids.0, ids.1])?;
    let mut at = 0;
    while let Some(r) = rows.next()? {
        let item_id: i64 = r.get(0)?;
        while read_ids.get(at).is_some_and(|id| *id < item_id) {
            at += 1;
        }
        if read_ids.get(at) != Some(&item_id) {
            continue;
        }
        if let (Some(item), Some(name)) = (items.get_mut(at), names.get(&r.get::<_, i64>(1)?)) {
            item.co_departments.push(name.clone());
        }
    }
    for item in &mut items {
        item.co_departments.sort();
    }
    Ok((items, cancelled))
}

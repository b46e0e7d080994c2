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
    Current, DayRow, Described, bad_column, blank_item, day_number, judged, refill, rows, rows_of,
    set_co_departments,
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
        let parts = self.fold_as_of(from, end, AsOf::default, |kept, item, cancelled_on| {
            if let Some(on) = cancelled_on {
                kept.1.insert(item.number, on);
            }
            kept.0.push(item.clone());
        })?;
        let mut all = AsOf::default();
        for (items, cancelled) in parts {
            all.0.extend(items);
            all.1.extend(cancelled);
        }
        Ok(all)
    }

    /// The items of `read_items_as_of`, each handed to `each` as it is read: see
    /// [`Records::fold_items_as_of`](crate::store::Records::fold_items_as_of).
    pub(super) fn fold_as_of<S: Send>(
        &self,
        from: NaiveDate,
        end: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &ItemState, Option<NaiveDate>) + Sync,
    ) -> Result<Vec<S>> {
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
        // An item added meanwhile falls in the upper half, whose ids are not bounded.
        let (lower, upper) = self.read_split(
            |c| fold_range(c, from, end, (i64::MIN, middle), init(), &each),
            |c| fold_range(c, from, end, (middle + 1, i64::MAX), init(), &each),
        )?;
        Ok(vec![lower, upper])
    }
}

type AsOf = (Vec<ItemState>, HashMap<ItemNumber, NaiveDate>);

/// The next co-department row, `(item_id, dept_id)`.
fn next_co(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, i64)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// The columns of an item's row that a day's row does not hold (or holds only when they
/// changed), kept from the row read last (its strings' room used again).
struct ItemColumns {
    id: i64,
    number: ItemNumber,
    title: String,
    owner: String,
    source_kind: SourceKind,
    source_ref: String,
    lead: i64,
    registered_on: NaiveDate,
}

impl ItemColumns {
    fn new() -> Self {
        ItemColumns {
            id: i64::MIN,
            number: ItemNumber { year: 0, seq: 0 },
            title: String::new(),
            owner: String::new(),
            source_kind: SourceKind::Other,
            source_ref: String::new(),
            lead: 0,
            registered_on: NaiveDate::MIN,
        }
    }

    /// Moves on to the item `id` in `rows` (rising ids), skipping those before it; whether it
    /// is there. A row past `id` is kept for the next call.
    fn move_to(&mut self, rows: &mut rusqlite::Rows<'_>, id: i64) -> Result<bool> {
        while self.id < id {
            let Some(r) = rows.next()? else {
                self.id = i64::MAX;
                break;
            };
            let at: i64 = r.get(0)?;
            if at < id {
                continue;
            }
            let set = |to: &mut String, index: usize| -> Result<()> {
                to.clear();
                to.push_str(text(r, index)?);
                Ok(())
            };
            self.id = at;
            self.number = ItemNumber {
                year: r.get(1)?,
                seq: r.get(2)?,
            };
            set(&mut self.title, 3)?;
            set(&mut self.owner, 4)?;
            self.source_kind = get_code(r, 5, SourceKind::from_code_bytes)?;
            set(&mut self.source_ref, 6)?;
            self.lead = r.get(7)?;
            self.registered_on = get_day(r, 8)?;
        }
        Ok(self.id == id)
    }
}

/// An optional text column, borrowed from the row.
fn opt_text<'r>(r: &'r rusqlite::Row<'_>, index: usize) -> Result<Option<&'r str>> {
    Ok(match r.get_ref(index)? {
        rusqlite::types::ValueRef::Null => None,
        _ => Some(text(r, index)?),
    })
}

/// The items of `fold_as_of` whose ids are within `ids` (both included), each handed to `each`
/// with `state` as it is read (one `ItemState`, filled again for each), in the order of their
/// ids.
///
/// Three statements step side by side in the order of the items' ids: the day rows valid at
/// `end`, the items' rows, their co-departments. Joined here as they go rather than by SQLite
/// (which would look each item's row up from the top of its tree: about a third of the read),
/// and with no map to look an item up in.
fn fold_range<S>(
    c: &Connection,
    from: NaiveDate,
    end: NaiveDate,
    ids: (i64, i64),
    mut state: S,
    each: &impl Fn(&mut S, &ItemState, Option<NaiveDate>),
) -> Result<S> {
    let names: HashMap<i64, String> = c
        .prepare_cached("SELECT id, name FROM departments")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut days_stmt = c.prepare_cached(
        "SELECT item_id, title, owner, source_ref, state, records FROM item_days \
         WHERE item_id BETWEEN ?2 AND ?3 \
         AND from_day <= ?1 AND (until_day IS NULL OR until_day > ?1) ORDER BY item_id",
    )?;
    let mut items_stmt = c.prepare_cached(
        "SELECT id, year, seq, title, owner, source_kind, source_ref, lead_dept_id, \
         registered_on FROM items WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let mut co_stmt = c.prepare_cached(
        "SELECT item_id, dept_id FROM item_co_departments WHERE item_id BETWEEN ?1 AND ?2 \
         ORDER BY item_id",
    )?;
    let mut days = days_stmt.query(params![day_number(end), ids.0, ids.1])?;
    let mut items = items_stmt.query([ids.0, ids.1])?;
    let mut co_rows = co_stmt.query([ids.0, ids.1])?;
    let mut co_next = next_co(&mut co_rows)?;
    let mut co: Vec<i64> = Vec::new();
    let mut columns = ItemColumns::new();
    let mut item = blank_item();
    while let Some(r) = days.next()? {
        let id: i64 = r.get(0)?;
        co.clear();
        while let Some((at, dept)) = co_next.filter(|(at, _)| *at <= id) {
            if at == id {
                co.push(dept);
            }
            co_next = next_co(&mut co_rows)?;
        }
        let Some((packed, kept)) = judged(blob(r, 4)?, opt_text(r, 5)?, from, end)? else {
            continue;
        };
        if !columns.move_to(&mut items, id)? {
            return Err(bad_column(0, "item_days.item_id"));
        }
        let lead_department = names
            .get(&columns.lead)
            .ok_or_else(|| bad_column(7, "unknown department"))?;
        let described = Described {
            number: columns.number,
            title: opt_text(r, 1)?.unwrap_or(&columns.title),
            owner: opt_text(r, 2)?.unwrap_or(&columns.owner),
            source_kind: columns.source_kind,
            source_ref: opt_text(r, 3)?.unwrap_or(&columns.source_ref),
            lead_department,
            registered_on: columns.registered_on,
        };
        let cancelled_on = refill(&mut item, &described, packed, kept);
        set_co_departments(
            &mut item,
            co.iter().filter_map(|d| names.get(d).map(String::as_str)),
        );
        each(&mut state, &item, cancelled_on);
    }
    Ok(state)
}

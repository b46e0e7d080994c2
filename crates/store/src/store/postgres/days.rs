//! The items as they stood at the end of any day, from the days kept of each item
//! (`item_days`, the same rows as SQLite's: `store::day_rows`), and those rows rebuilt from the
//! whole history after a bulk write.

use std::collections::HashMap;

use chrono::NaiveDate;
use postgres::GenericClient;

use super::copy::{Field, Table, copy};
use super::value;
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::{ItemNumber, SourceKind};
use crate::error::Result;
use crate::store::day_rows::{Current, Described, day_number, item_state, judged, rows};

/// The items a report of `from..=end` can hold, as they stood at the end of `end`, and the day
/// each of them cancelled by then was cancelled (see `Records::items_as_of`).
pub(super) fn items_as_of(
    c: &mut impl GenericClient,
    from: NaiveDate,
    end: NaiveDate,
) -> Result<(Vec<ItemState>, HashMap<ItemNumber, NaiveDate>)> {
    let names: HashMap<i64, String> = c
        .query("SELECT id, name FROM departments", &[])?
        .iter()
        .map(|r| Ok((value::int(r, 0)?, value::text(r, 1)?)))
        .collect::<Result<_>>()?;
    let name = |id: i64| -> Result<String> {
        names
            .get(&id)
            .cloned()
            .ok_or_else(|| value::bad(0, "unknown department"))
    };
    let end_day = day_number(end);
    let rows = c.query(
        "SELECT d.item_id, i.year, i.seq, coalesce(d.title, i.title), \
         coalesce(d.owner, i.owner), i.source_kind, coalesce(d.source_ref, i.source_ref), \
         i.lead_dept_id, i.registered_on, d.state, d.records \
         FROM item_days d JOIN items i ON i.id = d.item_id \
         WHERE d.from_day <= $1 AND (d.until_day IS NULL OR d.until_day > $1) \
         ORDER BY d.item_id",
        &[&end_day],
    )?;
    let mut items = Vec::with_capacity(rows.len());
    let mut cancelled = HashMap::new();
    let mut at_id: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    for r in &rows {
        let state: &[u8] = r.try_get(9)?;
        let records: Option<&str> = r.try_get(10)?;
        let Some((packed, kept)) = judged(state, records, from, end)? else {
            continue;
        };
        let described = Described {
            number: super::queries::number(r, 1)?,
            title: value::text(r, 3)?,
            owner: value::text(r, 4)?,
            source_kind: value::code(r, 5, SourceKind::from_code_bytes)?,
            source_ref: value::text(r, 6)?,
            lead_department: name(value::int(r, 7)?)?,
            registered_on: value::day_of(r, 8)?,
        };
        let number = described.number;
        let (item, cancelled_on) = item_state(described, packed, kept);
        if let Some(on) = cancelled_on {
            cancelled.insert(number, on);
        }
        at_id.insert(value::int(r, 0)?, items.len());
        items.push(item);
    }
    for r in c.query("SELECT item_id, dept_id FROM item_co_departments", &[])? {
        if let Some(item) = at_id
            .get(&value::int(&r, 0)?)
            .and_then(|at| items.get_mut(*at))
        {
            item.co_departments.push(name(value::int(&r, 1)?)?);
        }
    }
    for item in &mut items {
        item.co_departments.sort();
    }
    Ok((items, cancelled))
}

/// Every item's days, from the whole history (after an import or a copy), written with one
/// `COPY`.
pub(super) fn rebuild_all(c: &mut impl GenericClient) -> Result<()> {
    c.execute("DELETE FROM item_days", &[])?;
    let read = c.query(
        "SELECT i.id, i.title, i.owner, i.source_ref, e.id, e.on_date, e.kind, e.data \
         FROM items i JOIN events e ON e.item_id = i.id ORDER BY i.id, e.id",
        &[],
    )?;
    copy(
        c,
        "item_days (item_id, from_day, until_day, state, title, owner, source_ref, records)",
        |t| {
            let mut item: Option<(i64, Current)> = None;
            let mut events: Vec<Recorded> = Vec::new();
            for r in &read {
                let id = value::int(r, 0)?;
                if item.as_ref().is_none_or(|(at, _)| *at != id) {
                    if let Some((at, now)) = &item {
                        put(t, *at, &events, now)?;
                    }
                    events.clear();
                    item = Some((
                        id,
                        Current {
                            title: value::text(r, 1)?,
                            owner: value::text(r, 2)?,
                            source_ref: value::text(r, 3)?,
                        },
                    ));
                }
                events.push(super::queries::recorded_at(r, 4)?);
            }
            if let Some((at, now)) = &item {
                put(t, *at, &events, now)?;
            }
            Ok(())
        },
    )?;
    Ok(())
}

/// The days of one item, from its events, as rows of the `COPY`.
fn put(t: &mut Table<'_>, item_id: i64, events: &[Recorded], now: &Current) -> Result<()> {
    for row in rows(events, now) {
        t.row(&[
            Field::Int(item_id),
            Field::Int(row.from.into()),
            Field::opt_int(row.until.map(i64::from)),
            Field::Bytes(&row.state),
            Field::opt_text(row.title.as_deref()),
            Field::opt_text(row.owner.as_deref()),
            Field::opt_text(row.source_ref.as_deref()),
            Field::opt_text(row.records.as_deref()),
        ])?;
    }
    Ok(())
}

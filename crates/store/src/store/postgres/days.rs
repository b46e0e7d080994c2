//! The items as they stood at the end of any day, from the days kept of each item
//! (`item_days`, the same rows as SQLite's: `store::day_rows`), and those rows rebuilt from the
//! whole history after a bulk write.

use std::collections::HashMap;

use chrono::NaiveDate;
use postgres::GenericClient;

use super::copy::{Field, Table, copy};
use super::value;
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::SourceKind;
use crate::error::Result;
use crate::store::day_rows::{
    Current, Described, blank_item, day_number, judged, refill, rows, set_co_departments,
};

/// The items a report of `from..=end` can hold, as they stood at the end of `end`, each handed
/// to `each` with `state` as it is read (one `ItemState`, filled again for each) and the day it
/// was cancelled, if it was by then (see `Records::fold_items_as_of`): the rows stream from the
/// server, none is kept.
pub(super) fn fold_as_of<S>(
    c: &mut impl GenericClient,
    from: NaiveDate,
    end: NaiveDate,
    mut state: S,
    each: impl Fn(&mut S, &ItemState, Option<NaiveDate>),
) -> Result<S> {
    let names: HashMap<i64, String> = c
        .query("SELECT id, name FROM departments", &[])?
        .iter()
        .map(|r| Ok((value::int(r, 0)?, value::text(r, 1)?)))
        .collect::<Result<_>>()?;
    let end_day = day_number(end);
    // Each item's co-departments beside it (an array of ids), so that nothing is looked up
    // after the rows have gone by.
    let params: [&(dyn postgres::types::ToSql + Sync); 1] = [&end_day];
    let mut rows = c.query_raw(
        "SELECT d.item_id, i.year, i.seq, coalesce(d.title, i.title), \
         coalesce(d.owner, i.owner), i.source_kind, coalesce(d.source_ref, i.source_ref), \
         i.lead_dept_id, i.registered_on, d.state, d.records, \
         ARRAY(SELECT c.dept_id FROM item_co_departments c WHERE c.item_id = d.item_id) \
         FROM item_days d JOIN items i ON i.id = d.item_id \
         WHERE d.from_day <= $1 AND (d.until_day IS NULL OR d.until_day > $1) \
         ORDER BY d.item_id",
        params,
    )?;
    let mut item = blank_item();
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        let state_bytes: &[u8] = r.try_get(9)?;
        let records: Option<&str> = r.try_get(10)?;
        let Some((packed, kept)) = judged(state_bytes, records, from, end)? else {
            continue;
        };
        let lead = value::int(&r, 7)?;
        let lead_department = names
            .get(&lead)
            .ok_or_else(|| value::bad(7, "unknown department"))?;
        let described = Described {
            number: super::queries::number(&r, 1)?,
            title: r.try_get(3)?,
            owner: r.try_get(4)?,
            source_kind: value::code(&r, 5, SourceKind::from_code_bytes)?,
            source_ref: r.try_get(6)?,
            lead_department,
            registered_on: value::day_of(&r, 8)?,
        };
        let cancelled_on = refill(&mut item, &described, packed, kept);
        let co: Vec<i64> = r.try_get(11)?;
        set_co_departments(
            &mut item,
            co.iter().filter_map(|d| names.get(d).map(String::as_str)),
        );
        each(&mut state, &item, cancelled_on);
    }
    Ok(state)
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

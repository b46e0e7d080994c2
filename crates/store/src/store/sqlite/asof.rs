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

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};
use serde_json::{Value as Json, json};

use super::codec::{day, get_code, get_day};
use super::{SqliteStore, event_codec};
use crate::domain::history::{
    CommendationEntry, FeedbackEntry, InstructionEntry, ItemState, NoteEntry, Recorded,
};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;
use crate::error::{Error, Result};
use crate::store::kept_days::{Days, View, days};

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

impl View {
    /// The `state` column: see [`CREATE`].
    fn packed(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(48);
        for code in [self.status.code(), self.cadence.code()] {
            out.push(code.len() as u8);
            out.extend_from_slice(code.as_bytes());
        }
        for d in self.days() {
            out.extend_from_slice(&d.map_or(0, day_number).to_le_bytes());
        }
        out
    }

    fn days(&self) -> [Option<NaiveDate>; 8] {
        [
            self.deadline,
            self.assigned_on,
            self.completed_on,
            self.submitted_on,
            self.suspended_on,
            self.resumed_on,
            self.last_feedback_on,
            self.cancelled_on,
        ]
    }
}

/// The `state` column read back: status, cadence and the days of [`View::days`].
struct Packed {
    status: Status,
    cadence: Cadence,
    days: [Option<NaiveDate>; 8],
}

fn unpack(bytes: &[u8]) -> Option<Packed> {
    fn code(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let (len, rest) = bytes.split_first()?;
        let len = usize::from(*len);
        (rest.len() >= len).then(|| rest.split_at(len))
    }
    let (status, rest) = code(bytes)?;
    let (cadence, mut rest) = code(rest)?;
    let status = Status::from_code_bytes(status)?;
    let cadence = Cadence::from_code_bytes(cadence)?;
    let mut days = [None; 8];
    for slot in &mut days {
        let (number, tail) = rest.split_first_chunk::<4>()?;
        let number = i32::from_le_bytes(*number);
        if number != 0 {
            *slot = Some(NaiveDate::from_num_days_from_ce_opt(number)?);
        }
        rest = tail;
    }
    rest.is_empty().then_some(Packed {
        status,
        cadence,
        days,
    })
}

/// A day as `item_days` keeps it: days from 0001-01-01 (day 1).
fn day_number(on: NaiveDate) -> i32 {
    on.num_days_from_ce()
}

/// An item's title, owner and source ref as its row holds them now: a day's row stores each
/// only when it differs (edits are rare).
struct Current {
    title: String,
    owner: String,
    source_ref: String,
}

/// The records of an item a bulletin reads as of a day: its notes, commendations and leaders'
/// instructions (the period's actions).
#[derive(Debug, Clone, Default, PartialEq)]
struct Kept {
    notes: Vec<NoteEntry>,
    commendations: Vec<CommendationEntry>,
    instructions: Vec<InstructionEntry>,
}

impl Kept {
    /// Whether any record is dated within `from`..=`end`.
    fn acted_within(&self, from: NaiveDate, end: NaiveDate) -> bool {
        let within = |on: NaiveDate| from <= on && on <= end;
        self.notes.iter().any(|n| within(n.on_date))
            || self.commendations.iter().any(|c| within(c.on_date))
            || self.instructions.iter().any(|i| within(i.on_date))
    }
}

/// The `records` column: `[notes, commendations]`, with `instructions` third when the item has
/// any (rows written before schema 8 have two).
fn encode_records(
    notes: &[NoteEntry],
    commendations: &[CommendationEntry],
    instructions: &[InstructionEntry],
) -> Option<String> {
    if notes.is_empty() && commendations.is_empty() && instructions.is_empty() {
        return None;
    }
    let notes: Vec<Json> = notes
        .iter()
        .map(|n| {
            json!([
                n.id,
                day(n.on_date),
                n.level.code(),
                n.target,
                n.reason,
                n.points,
                n.requirement
            ])
        })
        .collect();
    let commendations: Vec<Json> = commendations
        .iter()
        .map(|c| json!([c.id, day(c.on_date), c.target, c.reason, c.points]))
        .collect();
    if instructions.is_empty() {
        return Some(json!([notes, commendations]).to_string());
    }
    let instructions: Vec<Json> = instructions
        .iter()
        .map(|i| {
            json!([
                i.id,
                day(i.on_date),
                i.leader,
                i.sense.code(),
                i.text,
                i.deadline.map(day)
            ])
        })
        .collect();
    Some(json!([notes, commendations, instructions]).to_string())
}

fn bad_column(index: usize, what: &str) -> Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("{what} is not what this build writes").into(),
    )
    .into()
}

fn bad_records() -> Error {
    bad_column(0, "item_days.records")
}

type NoteTuple = (i64, String, String, String, String, Option<f64>, String);
type CommendationTuple = (i64, String, String, String, f64);
type InstructionTuple = (i64, String, String, String, String, Option<String>);

/// The `records` column as stored: two lists, or three (read in one pass: an untagged enum
/// would buffer every row before trying each shape, and made the year's bulletin a quarter
/// slower).
struct Stored(
    Vec<NoteTuple>,
    Vec<CommendationTuple>,
    Vec<InstructionTuple>,
);

impl<'de> serde::Deserialize<'de> for Stored {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Lists;
        impl<'de> serde::de::Visitor<'de> for Lists {
            type Value = Stored;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("two or three lists")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Stored, A::Error> {
                use serde::de::Error;
                let notes = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let commendations = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let instructions = seq.next_element()?.unwrap_or_default();
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(4, &self));
                }
                Ok(Stored(notes, commendations, instructions))
            }
        }
        d.deserialize_seq(Lists)
    }
}

fn decode_records(text: &str) -> Result<Kept> {
    let Stored(notes, commendations, instructions) =
        serde_json::from_str(text).map_err(|_| bad_records())?;
    let on = |s: &str| super::codec::parse_day_bytes(s.as_bytes()).ok_or_else(bad_records);
    let notes = notes
        .into_iter()
        .map(
            |(id, on_date, level, target, reason, points, requirement)| {
                Ok(NoteEntry {
                    id,
                    on_date: on(&on_date)?,
                    level: Level::from_code(&level).ok_or_else(bad_records)?,
                    target,
                    reason,
                    points,
                    requirement,
                })
            },
        )
        .collect::<Result<_>>()?;
    let commendations = commendations
        .into_iter()
        .map(|(id, on_date, target, reason, points)| {
            Ok(CommendationEntry {
                id,
                on_date: on(&on_date)?,
                target,
                reason,
                points,
            })
        })
        .collect::<Result<_>>()?;
    let instructions = instructions
        .into_iter()
        .map(|(id, on_date, leader, sense, text, deadline)| {
            Ok(InstructionEntry {
                id,
                on_date: on(&on_date)?,
                leader,
                sense: InstructionSense::from_code(&sense).ok_or_else(bad_records)?,
                text,
                deadline: deadline.as_deref().map(on).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Kept {
        notes,
        commendations,
        instructions,
    })
}

/// One row of `item_days`, ready to insert.
struct DayRow {
    from: i32,
    until: Option<i32>,
    state: Vec<u8>,
    title: Option<String>,
    owner: Option<String>,
    source_ref: Option<String>,
    records: Option<String>,
}

/// One item's rows, from its events (in the order recorded).
fn rows(events: &[Recorded], now: &Current) -> Vec<DayRow> {
    rows_of(&days(events), now)
}

/// One item's rows, from its days.
fn rows_of(views: &Days, now: &Current) -> Vec<DayRow> {
    let unless = |value: &str, current: &str| (value != current).then(|| value.to_string());
    let mut out = Vec::with_capacity(views.len());
    for (at, (from, view)) in views.iter().enumerate() {
        let Some(v) = view else { continue };
        out.push(DayRow {
            from: day_number(*from),
            until: views.get(at + 1).map(|(d, _)| day_number(*d)),
            state: v.packed(),
            title: unless(&v.title, &now.title),
            owner: unless(&v.owner, &now.owner),
            source_ref: unless(&v.source_ref, &now.source_ref),
            records: encode_records(&v.notes, &v.commendations, &v.instructions),
        });
    }
    out
}

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

/// Every item's rows, from the whole history given with each event's item id, in the order
/// recorded (a bulk write into an empty store keeps them as it appends them).
pub(super) fn rebuild_from(c: &Connection, mut events: Vec<(i64, Recorded)>) -> Result<()> {
    c.execute("DELETE FROM item_days", [])?;
    let mut now: HashMap<i64, Current> = c
        .prepare("SELECT id, title, owner, source_ref FROM items")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Current {
                    title: r.get(1)?,
                    owner: r.get(2)?,
                    source_ref: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // By item, each item's events staying in the order recorded. The rows are computed on a
    // second thread while this one inserts them (about half the time each).
    events.sort_by_key(|(item_id, _)| *item_id);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(i64, Vec<DayRow>)>>(8);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut own: Vec<Recorded> = Vec::new();
            let mut chunk = Vec::with_capacity(1024);
            let mut events = events.into_iter().peekable();
            while let Some((item_id, e)) = events.next() {
                own.push(e);
                if events.peek().is_some_and(|(next, _)| *next == item_id) {
                    continue;
                }
                if let Some(current) = now.remove(&item_id) {
                    chunk.push((item_id, rows(&own, &current)));
                }
                own.clear();
                if chunk.len() == 1024 && send.send(std::mem::take(&mut chunk)).is_err() {
                    // The inserting side stopped on an error, which it returns.
                    return;
                }
            }
            let _ = send.send(chunk);
        });
        for chunk in receive {
            for (item_id, rows) in &chunk {
                insert(c, *item_id, rows)?;
            }
        }
        Ok::<_, Error>(())
    })?;
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
        let Packed {
            status,
            cadence,
            days:
                [
                    deadline,
                    assigned_on,
                    completed_on,
                    submitted_on,
                    suspended_on,
                    resumed_on,
                    last_feedback_on,
                    cancelled_on,
                ],
        } = unpack(blob(r, 9)?).ok_or_else(|| bad_column(9, "item_days.state"))?;
        // Items completed before the period are out of its scope (the judging leaves them out),
        // unless a note or commendation of theirs is dated within it: the period's actions
        // are all in its bulletin.
        let finished_before = matches!(status, Status::Completed | Status::Closed)
            && completed_on.is_some_and(|d| d < from);
        let records = match r.get_ref(10)? {
            rusqlite::types::ValueRef::Null if finished_before => continue,
            rusqlite::types::ValueRef::Null => None,
            _ => Some(decode_records(text(r, 10)?)?),
        };
        if finished_before && !records.as_ref().is_some_and(|k| k.acted_within(from, end)) {
            continue;
        }
        read_ids.push(r.get(0)?);
        let number = ItemNumber {
            year: r.get(1)?,
            seq: r.get(2)?,
        };
        let lead: i64 = r.get(7)?;
        let lead_department = names
            .get(&lead)
            .cloned()
            .ok_or_else(|| bad_column(7, "unknown department"))?;
        let Kept {
            notes,
            commendations,
            instructions,
        } = records.unwrap_or_default();
        if let Some(on) = cancelled_on {
            cancelled.insert(number, on);
        }
        items.push(ItemState {
            number,
            title: r.get(3)?,
            requirement: String::new(),
            source_kind: get_code(r, 5, SourceKind::from_code_bytes)?,
            source_ref: r.get(6)?,
            instruction: None,
            leader: None,
            lead_department,
            co_departments: Vec::new(),
            owner: r.get(4)?,
            flags: Flags::default(),
            urgent: false,
            cadence,
            original_deadline: deadline,
            deadline,
            no_deadline_reason: None,
            status,
            suspended_from: None,
            registered_on: get_day(r, 8)?,
            assigned_on,
            completed_on,
            closed_on: None,
            last_feedback_on,
            last_percent: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            snoozed_until: None,
            snooze_reason: None,
            version: 0,
            second_milestone_due: None,
            suspended_on,
            resumed_on,
            submitted_on,
            feedback: last_feedback_on
                .map(|on_date| FeedbackEntry {
                    id: 0,
                    on_date,
                    reporter: String::new(),
                    text: String::new(),
                    percent: None,
                    kind: FeedbackKind::Progress,
                })
                .into_iter()
                .collect(),
            notes,
            commendations,
            instructions,
            milestones: Vec::new(),
            extensions: Vec::new(),
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn view(status: Status, cadence: Cadence, days: [Option<NaiveDate>; 8]) -> View {
        let [
            deadline,
            assigned_on,
            completed_on,
            submitted_on,
            suspended_on,
            resumed_on,
            last_feedback_on,
            cancelled_on,
        ] = days;
        View {
            status,
            cadence,
            deadline,
            assigned_on,
            completed_on,
            submitted_on,
            suspended_on,
            resumed_on,
            last_feedback_on,
            cancelled_on,
            title: String::new(),
            owner: String::new(),
            source_ref: String::new(),
            notes: Vec::new(),
            commendations: Vec::new(),
            instructions: Vec::new(),
        }
    }

    #[test]
    fn the_state_column_reads_back_what_was_packed() {
        let days = [
            Some(d("2026-12-31")),
            None,
            Some(d("0001-01-02")),
            None,
            Some(d("2027-02-28")),
            Some(d("1999-01-01")),
            None,
            Some(d("2026-11-25")),
        ];
        for &status in Status::ALL {
            for &cadence in Cadence::ALL {
                let packed = view(status, cadence, days).packed();
                let back = unpack(&packed).unwrap();
                assert_eq!(
                    (back.status, back.cadence, back.days),
                    (status, cadence, days)
                );
                // Cut short, or with a byte too many, it is refused.
                assert!(unpack(&packed[..packed.len() - 1]).is_none());
                let mut longer = packed.clone();
                longer.push(0);
                assert!(unpack(&longer).is_none());
            }
        }
        // Days compare as their numbers do.
        assert!(day_number(d("2026-06-30")) < day_number(d("2026-07-01")));
        assert_eq!(day_number(d("0001-01-01")), 1);
    }

    #[test]
    fn kept_records_read_back_with_instructions_and_without() {
        let notes = vec![NoteEntry {
            id: 3,
            on_date: d("2026-11-02"),
            level: Level::Urging,
            target: "住建局".into(),
            reason: "逾期".into(),
            points: None,
            requirement: "三日内报送".into(),
        }];
        let instructions = vec![
            InstructionEntry {
                id: 7,
                on_date: d("2026-11-25"),
                leader: "王市长".into(),
                sense: InstructionSense::Requires,
                text: "年底前完成".into(),
                deadline: Some(d("2026-12-28")),
            },
            InstructionEntry {
                id: 8,
                on_date: d("2026-11-26"),
                leader: "李副市长".into(),
                sense: InstructionSense::Affirms,
                text: "很好".into(),
                deadline: None,
            },
        ];
        let text = encode_records(&notes, &[], &instructions).unwrap();
        let kept = decode_records(&text).unwrap();
        assert_eq!(kept.notes, notes);
        assert_eq!(kept.instructions, instructions);
        assert!(kept.acted_within(d("2026-11-26"), d("2026-11-30")));
        assert!(!kept.acted_within(d("2026-11-27"), d("2026-11-30")));
        // A row written before schema 8 holds two lists, and reads as no instructions.
        let old = encode_records(&notes, &[], &[]).unwrap();
        assert_eq!(
            serde_json::from_str::<Json>(&old)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let kept = decode_records(&old).unwrap();
        assert_eq!((kept.notes, kept.instructions), (notes, Vec::new()));
        assert!(decode_records("[[],[],[[1]]]").is_err());
    }
}

//! Reads for a report of a period that ends today: every item as its row holds it (which is what
//! replaying its whole history gives), with what the bulletin and the assessment read of its
//! records, without reading or decoding the history (700,000 events in the 100,000-item sample
//! office).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::codec::{self, ITEM_ROW_COLUMN_COUNT, day, get_code, get_day, get_opt_day};
use super::{SqliteStore, event_codec, snapshot};
use crate::domain::history::{CommendationEntry, EventKind, FeedbackEntry, ItemState, NoteEntry};
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;
use crate::error::Result;

impl SqliteStore {
    /// Every item as stored, in one consistent state of the store: see
    /// [`Records::items_as_stored`](crate::store::Records::items_as_stored).
    pub(super) fn read_items_as_stored(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ItemState>> {
        // The lower and the upper half of the ids on two connections, on two threads (one state
        // of the file): each reads half of the table's pages. Any split covers every item; an
        // item added meanwhile falls in the upper half.
        let mid: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(id), 0) / 2 FROM items", [], |r| {
                    r.get(0)
                })?;
        let (mut items, upper) = self.read_split(
            |c| items_as_stored(c, from, to, (i64::MIN, mid)),
            |c| items_as_stored(c, from, to, (mid, i64::MAX)),
        )?;
        items.extend(upper);
        Ok(items)
    }

    /// The day each cancelled item was cancelled: see
    /// [`Records::cancellations`](crate::store::Records::cancellations).
    pub(super) fn read_cancellations(&self) -> Result<HashMap<ItemNumber, NaiveDate>> {
        snapshot(self.conn(), cancellations).map(|(_, days)| days)
    }
}

fn department_names(c: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = c.prepare_cached("SELECT id, name FROM departments")?;
    let names = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<i64, String>>>()?;
    Ok(names)
}

/// Records of items in the order of their items' ids, each item's taken in turn as the items
/// come in the same order.
struct ByItem<T> {
    records: std::collections::VecDeque<(i64, T)>,
}

impl<T> Default for ByItem<T> {
    fn default() -> Self {
        Self {
            records: Default::default(),
        }
    }
}

impl<T> ByItem<T> {
    fn push(&mut self, item: i64, record: T) {
        self.records.push_back((item, record));
    }

    /// The records of `item`; those of items before it (not asked for) are dropped.
    fn take(&mut self, item: i64) -> Vec<T> {
        while self.records.front().is_some_and(|(i, _)| *i < item) {
            self.records.pop_front();
        }
        let mut out = Vec::new();
        while self.records.front().is_some_and(|(i, _)| *i == item) {
            if let Some((_, record)) = self.records.pop_front() {
                out.push(record);
            }
        }
        out
    }
}

/// The items of `items_as_stored` whose id is in `ids` (above the first, up to the second).
fn items_as_stored(
    c: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    (above, up_to): (i64, i64),
) -> Result<Vec<ItemState>> {
    let names = department_names(c)?;
    let to_day = to;
    let (from, to) = (day(from), day(to));
    // Co-departments, notes and commendations in the order of their items' ids, taken as the
    // items come (in the same order): no map to look each item up in.
    let mut co: ByItem<String> = ByItem::default();
    {
        let mut stmt = c.prepare_cached(
            "SELECT item_id, dept_id FROM item_co_departments WHERE item_id > ?1 AND item_id <= ?2 \
             ORDER BY item_id",
        )?;
        let mut rows = stmt.query([above, up_to])?;
        while let Some(r) = rows.next()? {
            let dept: i64 = r.get(1)?;
            if let Some(name) = names.get(&dept) {
                co.push(r.get(0)?, name.clone());
            }
        }
    }
    // Notes and commendations dated within the period.
    let mut notes: ByItem<NoteEntry> = ByItem::default();
    {
        let mut stmt = c.prepare_cached(
            "SELECT item_id, id, on_date, level, target, reason, points, requirement FROM notes \
             WHERE on_date >= ?1 AND on_date <= ?2 AND item_id > ?3 AND item_id <= ?4 ORDER BY item_id, id",
        )?;
        let mut rows = stmt.query(rusqlite::params![&from, &to, above, up_to])?;
        while let Some(r) = rows.next()? {
            notes.push(
                r.get(0)?,
                NoteEntry {
                    id: r.get(1)?,
                    on_date: get_day(r, 2)?,
                    level: get_code(r, 3, Level::from_code_bytes)?,
                    target: r.get(4)?,
                    reason: r.get(5)?,
                    points: r.get(6)?,
                    requirement: r.get(7)?,
                },
            );
        }
    }
    let mut commendations: ByItem<CommendationEntry> = ByItem::default();
    {
        let mut stmt = c.prepare_cached(
            "SELECT item_id, id, on_date, target, reason, points FROM commendations \
             WHERE on_date >= ?1 AND on_date <= ?2 AND item_id > ?3 AND item_id <= ?4 \
             ORDER BY item_id, id",
        )?;
        let mut rows = stmt.query(rusqlite::params![&from, &to, above, up_to])?;
        while let Some(r) = rows.next()? {
            commendations.push(
                r.get(0)?,
                CommendationEntry {
                    id: r.get(1)?,
                    on_date: get_day(r, 2)?,
                    target: r.get(3)?,
                    reason: r.get(4)?,
                    points: r.get(5)?,
                },
            );
        }
    }
    // Items registered after the period or completed before it are out of its scope.
    let sql = format!(
        "SELECT {}, i.original_deadline, i.no_deadline_reason FROM items i \
         WHERE i.registered_on <= ?2 AND NOT (i.status IN ('completed', 'closed') \
         AND i.completed_on IS NOT NULL AND i.completed_on < ?1) AND i.id > ?3 AND i.id <= ?4 ORDER BY i.id",
        super::columns::row_select_by_dept_id()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![&from, &to, above, up_to])?;
    let mut out = Vec::with_capacity(16_384);
    let n = ITEM_ROW_COLUMN_COUNT;
    while let Some(r) = rows.next()? {
        let row = codec::item_row_by_dept_id(r, &names)?;
        let id = row.id;
        // The latest feedback day: the row's (a feedback dated earlier never moves it back),
        // unless it is after the period, then the latest up to its end.
        let last_feedback = match row.last_feedback_on {
            Some(day) if day > to_day => latest_feedback(c, id, &to)?,
            other => other,
        };
        out.push(ItemState {
            number: row.number,
            title: row.title,
            requirement: String::new(),
            source_kind: row.source_kind,
            source_ref: row.source_ref,
            instruction: None,
            leader: None,
            lead_department: row.lead_department,
            co_departments: {
                let mut names = co.take(id);
                names.sort();
                names
            },
            owner: row.owner,
            flags: row.flags,
            urgent: row.urgent,
            cadence: row.cadence,
            original_deadline: get_opt_day(r, n)?,
            deadline: row.deadline,
            no_deadline_reason: r.get(n + 1)?,
            status: row.status,
            suspended_from: row.suspended_from,
            registered_on: row.registered_on,
            assigned_on: row.assigned_on,
            completed_on: row.completed_on,
            closed_on: row.closed_on,
            last_feedback_on: row.last_feedback_on,
            last_percent: row.last_percent,
            last_note_on: row.last_note_on,
            top_level: row.top_level,
            next_milestone_due: row.next_milestone_due,
            snoozed_until: row.snoozed_until,
            snooze_reason: row.snooze_reason,
            version: row.version,
            second_milestone_due: row.second_milestone_due,
            suspended_on: row.suspended_on,
            resumed_on: row.resumed_on,
            submitted_on: row.submitted_on,
            feedback: last_feedback
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
            notes: notes.take(id),
            commendations: commendations.take(id),
            milestones: Vec::new(),
            extensions: Vec::new(),
        });
    }
    Ok(out)
}

/// The latest feedback day of one item up to `to`.
fn latest_feedback(c: &Connection, item_id: i64, to: &str) -> Result<Option<NaiveDate>> {
    let mut stmt =
        c.prepare_cached("SELECT max(on_date) FROM feedback WHERE item_id = ?1 AND on_date <= ?2")?;
    Ok(stmt.query_row(rusqlite::params![item_id, to], |r| get_opt_day(r, 0))?)
}

/// The day of the latest event that moved each cancelled item to cancelled, read from the
/// status changes of the cancelled items alone.
fn cancellations(c: &Connection) -> Result<HashMap<ItemNumber, NaiveDate>> {
    let mut stmt = c.prepare_cached(
        "SELECT e.id, e.on_date, e.kind, e.data FROM items i \
         JOIN events e ON e.item_id = i.id \
         WHERE i.status = 'cancelled' AND e.kind = 'status_changed' ORDER BY e.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let on_date = get_day(r, 1)?;
        let (kind, data): (String, String) = (r.get(2)?, r.get(3)?);
        if let EventKind::StatusChanged { to, on, .. } = event_codec::decode(id, &kind, &data)?
            && to == Status::Cancelled
        {
            out.insert(on.number, on_date);
        }
    }
    Ok(out)
}

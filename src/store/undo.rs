//! Undo and redo of a clerk's last action, built on the event log.
//!
//! One action is one batch of events (one transaction). Undo writes a new batch that puts
//! every changed column back and removes the records the action added; redo does the action's
//! changes again. Both are events themselves (`undone`, `redone`): history is never erased.

use rusqlite::params;
use rusqlite::types::Value;
use serde_json::Value as Json;

use super::Writer;
use crate::domain::item::ItemNumber;
use crate::error::{Error, Result};
use crate::json::JsonObject;

/// What an undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversal {
    /// The batch of the action undone or redone.
    pub batch: i64,
    /// The items it touched, in order.
    pub items: Vec<ItemNumber>,
}

/// How far back undo looks: this many of the clerk's most recent batches.
const HISTORY_BATCHES: i64 = 500;

struct Recorded {
    id: i64,
    item_id: Option<i64>,
    on_date: String,
    kind: String,
    data: Json,
}

/// Kinds of event that undo knows how to reverse.
const REVERSIBLE: &[&str] = &[
    "status_changed",
    "feedback_added",
    "note_added",
    "extension_requested",
    "extension_decided",
    "milestone_added",
    "milestone_done",
    "item_edited",
    "snoozed",
];

fn json_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// Column names come from events this program wrote; only these may be set by undo.
const ITEM_COLUMNS: &[&str] = &[
    "status",
    "suspended_from",
    "assigned_on",
    "completed_on",
    "closed_on",
    "deadline",
    "last_feedback_on",
    "last_percent",
    "last_note_on",
    "top_level",
    "next_milestone_due",
    "second_milestone_due",
    "suspended_on",
    "resumed_on",
    "submitted_on",
    "snoozed_until",
    "snooze_reason",
    "title",
    "requirement",
    "owner",
    "source_ref",
    "cadence",
    "major",
    "difficult",
    "important",
    "leader_concerned",
    "urgent",
];

/// The first event of each of a clerk's recent batches (`?1` the clerk, `?2` how many batches
/// back to look), through the `batches` table: the history can be hundreds of thousands of
/// events, and the sample office's alone is one batch of 700,000.
const STACKS: &str = "SELECT b.batch, e.kind, e.data FROM batches b \
     JOIN events e ON e.id = b.first_event \
     WHERE b.actor = ?1 AND b.batch > coalesce((SELECT max(batch) FROM batches), 0) - ?2 \
     ORDER BY b.batch";

/// The events of one batch (`?1`): a transaction's events are consecutive, from the batch's
/// first event to the next batch's.
const RECORDED: &str = "SELECT id, item_id, on_date, kind, data FROM events \
     WHERE id >= (SELECT first_event FROM batches WHERE batch = ?1) \
       AND id < coalesce( \
         (SELECT first_event FROM batches WHERE batch > ?1 ORDER BY batch LIMIT 1), \
         (SELECT max(id) FROM events) + 1) \
     ORDER BY id";

impl Writer<'_> {
    /// The clerk's undo and redo stacks (batch numbers, most recent last), replayed from the
    /// clerk's recent batches.
    fn stacks(&self) -> Result<(Vec<i64>, Vec<i64>)> {
        let mut stmt = self.tx.prepare_cached(STACKS)?;
        let rows = stmt.query_map(params![self.ctx.actor, HISTORY_BATCHES * 20], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut done: Vec<i64> = Vec::new();
        let mut redo: Vec<i64> = Vec::new();
        for row in rows {
            let (batch, kind, data) = row?;
            let of = || -> Option<i64> {
                serde_json::from_str::<Json>(&data)
                    .ok()?
                    .get("of_batch")?
                    .as_i64()
            };
            match kind.as_str() {
                "undone" => {
                    if let Some(b) = of() {
                        done.retain(|x| *x != b);
                        redo.push(b);
                    }
                }
                "redone" => {
                    if let Some(b) = of() {
                        redo.retain(|x| *x != b);
                        done.push(b);
                    }
                }
                _ => {
                    done.push(batch);
                    redo.clear();
                }
            }
        }
        Ok((done, redo))
    }

    fn recorded(&self, batch: i64) -> Result<Vec<Recorded>> {
        let mut stmt = self.tx.prepare_cached(RECORDED)?;
        let rows = stmt
            .query_map([batch], |r| {
                let data: String = r.get(4)?;
                Ok(Recorded {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    on_date: r.get(2)?,
                    kind: r.get(3)?,
                    data: serde_json::from_str(&data).unwrap_or(Json::Null),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Takes back the clerk's last action (one key press, however many rows it changed).
    /// `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Reversal>> {
        let (done, _) = self.stacks()?;
        let Some(&batch) = done.last() else {
            return Ok(None);
        };
        self.reverse(batch, true).map(Some)
    }

    /// Does again the last action undone. `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Reversal>> {
        let (_, redo) = self.stacks()?;
        let Some(&batch) = redo.last() else {
            return Ok(None);
        };
        self.reverse(batch, false).map(Some)
    }

    fn reverse(&mut self, batch: i64, undo: bool) -> Result<Reversal> {
        self.flush()?;
        *self.last.borrow_mut() = None;
        let mut events = self.recorded(batch)?;
        if let Some(e) = events
            .iter()
            .find(|e| !REVERSIBLE.contains(&e.kind.as_str()))
        {
            return Err(Error::NotReversible(e.kind.clone()));
        }
        if undo {
            events.reverse();
        }
        let mut items: Vec<ItemNumber> = Vec::new();
        for e in &events {
            let Some(item_id) = e.item_id else { continue };
            let number = e
                .data
                .get("number")
                .and_then(Json::as_str)
                .and_then(ItemNumber::parse);
            if let Some(n) = number.filter(|n| !items.contains(n)) {
                items.push(n);
            }
            let (from, to) = if undo {
                ("after", "before")
            } else {
                ("before", "after")
            };
            let empty = serde_json::Map::new();
            let target = e.data.get(to).and_then(Json::as_object).unwrap_or(&empty);
            let source = e.data.get(from).and_then(Json::as_object).unwrap_or(&empty);
            // A column someone has changed since cannot be put back without losing that change.
            for (column, value) in source {
                if let Some(known) = ITEM_COLUMNS.iter().find(|c| **c == column.as_str()) {
                    let (current, version): (Value, i64) = self
                        .tx
                        .prepare_cached(&format!(
                            "SELECT {known}, version FROM items WHERE id = ?1"
                        ))?
                        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    if current != json_value(value) {
                        return Err(Error::Stale {
                            expected: e
                                .data
                                .get("version")
                                .and_then(Json::as_i64)
                                .unwrap_or(version),
                            found: version,
                        });
                    }
                }
            }
            let mut sql = String::from("UPDATE items SET version = version + 1");
            let mut values: Vec<Value> = vec![Value::Integer(item_id)];
            for (column, value) in target {
                if let Some(known) = ITEM_COLUMNS.iter().find(|c| **c == column.as_str()) {
                    values.push(json_value(value));
                    sql.push_str(&format!(", {known} = ?{}", values.len()));
                }
            }
            sql.push_str(" WHERE id = ?1");
            self.tx
                .prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
            self.records(e, item_id, undo)?;
            let version: i64 = self
                .tx
                .prepare_cached("SELECT version FROM items WHERE id = ?1")?
                .query_row([item_id], |r| r.get(0))?;
            let mut data = JsonObject::new()
                .int("of_batch", batch)
                .int("of_event", e.id)
                .str("of_kind", &e.kind)
                .int("version", version);
            if let Some(n) = number {
                data = data.str("number", &n.to_string());
            }
            let data = data
                .raw("before", &Json::Object(source.clone()).to_string())
                .raw("after", &Json::Object(target.clone()).to_string())
                .finish();
            self.event(Some(item_id), if undo { "undone" } else { "redone" }, data)?;
        }
        Ok(Reversal { batch, items })
    }

    /// Removes (undo) or puts back (redo) the records an event added.
    fn records(&self, e: &Recorded, item_id: i64, undo: bool) -> Result<()> {
        let d = &e.data;
        let int = |k: &str| d.get(k).and_then(Json::as_i64);
        let text = |k: &str| d.get(k).and_then(Json::as_str).map(str::to_string);
        let tx = self.tx;
        match (e.kind.as_str(), undo) {
            ("feedback_added", true) => {
                tx.execute("DELETE FROM feedback WHERE id = ?1", [int("feedback_id")])?;
            }
            ("feedback_added", false) => {
                tx.execute(
                    "INSERT INTO feedback (id, item_id, on_date, reporter, text, percent, kind) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        int("feedback_id"),
                        item_id,
                        text("on_date"),
                        text("reporter"),
                        text("text"),
                        int("percent"),
                        text("kind")
                    ],
                )?;
            }
            ("note_added", true) => {
                tx.execute("DELETE FROM notes WHERE id = ?1", [int("note_id")])?;
            }
            ("note_added", false) => {
                tx.execute(
                    "INSERT INTO notes (id, item_id, on_date, level, target, reason, points, requirement) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        int("note_id"),
                        item_id,
                        text("on_date"),
                        text("level"),
                        text("target"),
                        text("reason"),
                        d.get("points").and_then(Json::as_f64),
                        text("requirement")
                    ],
                )?;
            }
            ("extension_requested", true) => {
                tx.execute(
                    "DELETE FROM extensions WHERE id = ?1",
                    [int("extension_id")],
                )?;
            }
            ("extension_requested", false) => {
                tx.execute(
                    "INSERT INTO extensions (id, item_id, requested_on, old_deadline, new_deadline, reason) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![int("extension_id"), item_id, e.on_date, text("old_deadline"), text("new_deadline"), text("reason")],
                )?;
            }
            ("extension_decided", true) => {
                tx.execute(
                    "UPDATE extensions SET decision = 'pending', decided_on = NULL WHERE id = ?1",
                    [int("extension_id")],
                )?;
            }
            ("extension_decided", false) => {
                tx.execute(
                    "UPDATE extensions SET decision = ?2, decided_on = ?3 WHERE id = ?1",
                    params![int("extension_id"), text("decision"), e.on_date],
                )?;
            }
            ("milestone_added", true) => {
                tx.execute(
                    "DELETE FROM milestones WHERE id = ?1",
                    [int("milestone_id")],
                )?;
            }
            ("milestone_added", false) => {
                tx.execute(
                    "INSERT INTO milestones (id, item_id, title, due_on) VALUES (?1, ?2, ?3, ?4)",
                    params![int("milestone_id"), item_id, text("title"), text("due_on")],
                )?;
            }
            ("milestone_done", true) => {
                tx.execute(
                    "UPDATE milestones SET done_on = NULL WHERE id = ?1",
                    [int("milestone_id")],
                )?;
            }
            ("milestone_done", false) => {
                tx.execute(
                    "UPDATE milestones SET done_on = ?2 WHERE id = ?1",
                    params![int("milestone_id"), text("done_on")],
                )?;
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// Undo reads a handful of rows, however long the history: its queries go through the
    /// clerk's batches, not through every event.
    #[test]
    fn undo_finds_a_clerks_batches_without_reading_the_whole_history() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        // A long history in one batch by someone else (as the sample office leaves), then three
        // batches of the clerk's.
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
             INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) \
             SELECT 1, '2026-11-25T09:00:00', '2026-11-25', '示例办公室', NULL, 'x', '{}' FROM n; \
             INSERT INTO batches VALUES (1, '示例办公室', 1); \
             INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) VALUES \
             (2, '2026-11-25T10:00:00', '2026-11-25', '督查员', NULL, 'x', '{}'), \
             (2, '2026-11-25T10:00:00', '2026-11-25', '督查员', NULL, 'y', '{}'), \
             (3, '2026-11-25T10:01:00', '2026-11-25', '督查员', NULL, 'x', '{}'), \
             (4, '2026-11-25T10:02:00', '2026-11-25', '督查员', NULL, 'x', '{}'); \
             INSERT INTO batches VALUES (2, '督查员', 20001), (3, '督查员', 20003), \
             (4, '督查员', 20004);",
        )
        .unwrap();
        for (sql, params, rows) in [
            (STACKS, rusqlite::params!["督查员", 100], 3),
            (RECORDED, rusqlite::params![2], 2),
            (RECORDED, rusqlite::params![4], 1),
            (RECORDED, rusqlite::params![1], 20_000),
        ] {
            let mut stmt = conn.prepare(sql).unwrap();
            let found = stmt.query_map(params, |_| Ok(())).unwrap().count();
            assert_eq!(found, rows, "{sql}");
            let steps = stmt.get_status(StatementStatus::VmStep);
            // Reading a batch costs its own events; finding it costs next to nothing.
            assert!(steps < 1_000 + 20 * rows as i32, "{steps} steps for {sql}");
        }
    }
}

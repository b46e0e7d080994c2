//! Undo and redo of a clerk's last action, built on the typed event log.
//!
//! One action is one batch of events (one transaction). Undo writes a new batch that puts
//! every changed column back and removes the records the action added; redo does the action's
//! changes again. Both are events themselves (`undone`, `redone`): history is never erased.

use chrono::NaiveDate;
use rusqlite::params;

use super::codec::{day, get_day};
use super::{Writer, columns, event_codec};
use crate::domain::history::{Changes, EventCode, EventKind, Reversed};
use crate::domain::item::ItemNumber;
use crate::error::{Error, Result};
use crate::store::Reversal;

/// How far back undo looks: this many of the clerk's most recent batches.
const HISTORY_BATCHES: i64 = 500;

/// One event of the batch being reversed.
struct Stored {
    id: i64,
    item_id: Option<i64>,
    on_date: NaiveDate,
    kind: EventKind,
}

/// The first event of each of a clerk's recent batches (`?1` the clerk, `?2` how many batches
/// back to look), through the `batches` table: the history can be hundreds of thousands of
/// events, and the sample office's alone is one batch of 700,000.
const STACKS: &str = "SELECT b.batch, e.id, e.kind, e.data FROM batches b \
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
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut done: Vec<i64> = Vec::new();
        let mut redo: Vec<i64> = Vec::new();
        for row in rows {
            let (batch, id, code, data) = row?;
            // Only an undo's or a redo's payload matters here: which batch it reversed.
            let reversed = match EventCode::from_code(&code) {
                Some(EventCode::Undone | EventCode::Redone) => {
                    match event_codec::decode(id, &code, &data)? {
                        EventKind::Reversed(r) => Some(r),
                        _ => None,
                    }
                }
                _ => None,
            };
            match reversed {
                Some(r) if r.undo => {
                    done.retain(|x| *x != r.of_batch);
                    redo.push(r.of_batch);
                }
                Some(r) => {
                    redo.retain(|x| *x != r.of_batch);
                    done.push(r.of_batch);
                }
                None => {
                    done.push(batch);
                    redo.clear();
                }
            }
        }
        Ok((done, redo))
    }

    fn recorded(&self, batch: i64) -> Result<Vec<Stored>> {
        let mut stmt = self.tx.prepare_cached(RECORDED)?;
        let rows = stmt
            .query_map([batch], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    get_day(r, 2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, item_id, on_date, code, data)| {
                Ok(Stored {
                    id,
                    item_id,
                    on_date,
                    kind: event_codec::decode(id, &code, &data)?,
                })
            })
            .collect()
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
        self.forget_row()?;
        let mut events = self.recorded(batch)?;
        // The history as it stood before this reversal: what someone changed since the batch
        // lies between the two.
        let since = events.iter().map(|e| e.id).max().unwrap_or(0);
        let until: i64 = self
            .tx
            .query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?;
        if let Some(e) = events.iter().find(|e| !e.kind.code().is_reversible()) {
            return Err(Error::NotReversible(e.kind.code()));
        }
        if undo {
            events.reverse();
        }
        let mut items: Vec<ItemNumber> = Vec::new();
        for e in &events {
            let Some(item_id) = e.item_id else { continue };
            let number = e.kind.number();
            if let Some(n) = number.filter(|n| !items.contains(n)) {
                items.push(n);
            }
            let recorded = e
                .kind
                .item_change()
                .map(|c| c.changes.clone())
                .unwrap_or_default();
            let apply = if undo { recorded.reversed() } else { recorded };
            self.put(item_id, &apply, e.kind.item_change().map(|c| c.version))
                .map_err(|err| match err {
                    Error::Stale { .. } => self
                        .changed_since(item_id, since, until, undo, number)
                        .unwrap_or(err),
                    other => other,
                })?;
            self.records(e, item_id, undo)?;
            let version: i64 = self
                .tx
                .prepare_cached("SELECT version FROM items WHERE id = ?1")?
                .query_row([item_id], |r| r.get(0))?;
            self.record(
                Some(item_id),
                &EventKind::Reversed(Box::new(Reversed {
                    undo,
                    of_batch: batch,
                    of_event: e.id,
                    of_kind: e.kind.code(),
                    number,
                    version,
                    changes: apply,
                })),
            )?;
        }
        Ok(Reversal { batch, items })
    }

    /// Who changed the item since the batch being reversed, when and how: the last event on it
    /// between `since` and `until`, as a refusal. `None` when no event is found (then the plain
    /// stale refusal stands).
    fn changed_since(
        &self,
        item_id: i64,
        since: i64,
        until: i64,
        undo: bool,
        number: Option<ItemNumber>,
    ) -> Option<Error> {
        let (actor, at, code): (String, String, String) = self
            .tx
            .query_row(
                "SELECT actor, at, kind FROM events \
                 WHERE item_id = ?1 AND id > ?2 AND id <= ?3 ORDER BY id DESC LIMIT 1",
                params![item_id, since, until],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ok()?;
        Some(Error::ChangedSince(Box::new(crate::error::ChangedSince {
            undo,
            number: number.map(|n| n.to_string()),
            by: actor,
            at: at.replace('T', " ").chars().take(16).collect(),
            what: EventCode::from_code(&code)?,
        })))
    }

    /// Puts each column from its `before` to its `after` value, bumping the version; a column
    /// someone has changed since cannot be put back without losing that change, and is refused.
    fn put(&self, item_id: i64, changes: &Changes, recorded_version: Option<i64>) -> Result<()> {
        for c in changes.iter() {
            let (current, version): (rusqlite::types::Value, i64) = self
                .tx
                .prepare_cached(&format!(
                    "SELECT {}, version FROM items WHERE id = ?1",
                    c.column.code()
                ))?
                .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if columns::from_sql(current) != c.before {
                return Err(Error::Stale {
                    expected: recorded_version.unwrap_or(version),
                    found: version,
                });
            }
        }
        let mut sql = String::from("UPDATE items SET version = version + 1");
        let mut values: Vec<rusqlite::types::Value> =
            vec![rusqlite::types::Value::Integer(item_id)];
        for c in changes.iter() {
            values.push(columns::to_sql(&c.after));
            sql.push_str(&format!(", {} = ?{}", c.column.code(), values.len()));
        }
        sql.push_str(" WHERE id = ?1");
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }

    /// Removes (undo) or puts back (redo) the records an event added.
    fn records(&self, e: &Stored, item_id: i64, undo: bool) -> Result<()> {
        let tx = self.tx;
        match (&e.kind, undo) {
            (EventKind::FeedbackAdded { feedback_id, .. }, true) => {
                tx.execute("DELETE FROM feedback WHERE id = ?1", [feedback_id])?;
            }
            (
                EventKind::FeedbackAdded {
                    feedback_id,
                    on_date,
                    reporter,
                    text,
                    percent,
                    kind,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO feedback (id, item_id, on_date, reporter, text, percent, kind) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        feedback_id,
                        item_id,
                        day(*on_date),
                        reporter,
                        text,
                        percent,
                        kind.code()
                    ],
                )?;
            }
            (EventKind::NoteAdded { note_id, .. }, true) => {
                tx.execute("DELETE FROM notes WHERE id = ?1", [note_id])?;
            }
            (
                EventKind::NoteAdded {
                    note_id,
                    on_date,
                    level,
                    target,
                    reason,
                    points,
                    requirement,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO notes (id, item_id, on_date, level, target, reason, points, requirement) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        note_id,
                        item_id,
                        day(*on_date),
                        level.code(),
                        target,
                        reason,
                        points,
                        requirement
                    ],
                )?;
            }
            (EventKind::Instructed { instruction_id, .. }, true) => {
                tx.execute(
                    "DELETE FROM leader_instructions WHERE id = ?1",
                    [instruction_id],
                )?;
            }
            (
                EventKind::Instructed {
                    instruction_id,
                    on_date,
                    leader,
                    sense,
                    text,
                    deadline,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO leader_instructions (id, item_id, on_date, leader, sense, text, deadline) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        instruction_id,
                        item_id,
                        day(*on_date),
                        leader,
                        sense.code(),
                        text,
                        deadline.map(day)
                    ],
                )?;
            }
            (
                EventKind::Commended {
                    commendation_id, ..
                },
                true,
            ) => {
                tx.execute("DELETE FROM commendations WHERE id = ?1", [commendation_id])?;
            }
            (
                EventKind::Commended {
                    commendation_id,
                    on_date,
                    target,
                    reason,
                    points,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO commendations (id, item_id, on_date, target, reason, points) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        commendation_id,
                        item_id,
                        day(*on_date),
                        target,
                        reason,
                        points
                    ],
                )?;
            }
            (EventKind::ExtensionRequested { extension_id, .. }, true) => {
                tx.execute("DELETE FROM extensions WHERE id = ?1", [extension_id])?;
            }
            (
                EventKind::ExtensionRequested {
                    extension_id,
                    old_deadline,
                    new_deadline,
                    reason,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO extensions (id, item_id, requested_on, old_deadline, new_deadline, reason) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        extension_id,
                        item_id,
                        day(e.on_date),
                        old_deadline.map(day).unwrap_or_default(),
                        day(*new_deadline),
                        reason
                    ],
                )?;
            }
            (EventKind::ExtensionDecided { extension_id, .. }, true) => {
                tx.execute(
                    "UPDATE extensions SET decision = 'pending', decided_on = NULL WHERE id = ?1",
                    [extension_id],
                )?;
            }
            (
                EventKind::ExtensionDecided {
                    extension_id,
                    decision,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "UPDATE extensions SET decision = ?2, decided_on = ?3 WHERE id = ?1",
                    params![extension_id, decision.code(), day(e.on_date)],
                )?;
            }
            (EventKind::MilestoneAdded { milestone_id, .. }, true) => {
                tx.execute("DELETE FROM milestones WHERE id = ?1", [milestone_id])?;
            }
            (
                EventKind::MilestoneAdded {
                    milestone_id,
                    title,
                    due_on,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "INSERT INTO milestones (id, item_id, title, due_on) VALUES (?1, ?2, ?3, ?4)",
                    params![milestone_id, item_id, title, day(*due_on)],
                )?;
            }
            (EventKind::MilestoneDone { milestone_id, .. }, true) => {
                tx.execute(
                    "UPDATE milestones SET done_on = NULL WHERE id = ?1",
                    [milestone_id],
                )?;
            }
            (
                EventKind::MilestoneDone {
                    milestone_id,
                    done_on,
                    ..
                },
                false,
            ) => {
                tx.execute(
                    "UPDATE milestones SET done_on = ?2 WHERE id = ?1",
                    params![milestone_id, day(*done_on)],
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

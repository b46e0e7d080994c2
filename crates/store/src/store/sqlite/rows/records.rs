//! The records of an item in SQLite's tables: feedback, notes, commendations, leaders'
//! instructions, extension requests, milestones.

use rusqlite::{Transaction, params};

use super::super::codec::{day, get_code, get_day};
use crate::domain::extension::ExtensionDecision;
use crate::error::Result;
use crate::store::rows::{ExtensionRow, MilestoneRow, Record, RecordChange, RecordKind};

/// Inserts a record (with its id when given, the next id otherwise); its id.
pub(super) fn insert(
    tx: &Transaction<'_>,
    item_id: i64,
    id: Option<i64>,
    record: &Record<'_>,
) -> Result<i64> {
    match *record {
        Record::Feedback {
            on_date,
            reporter,
            text,
            percent,
            kind,
        } => tx
            .prepare_cached(
                "INSERT INTO feedback (id, item_id, on_date, reporter, text, percent, kind) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id,
                item_id,
                day(on_date),
                reporter,
                text,
                percent,
                kind.code()
            ])?,
        Record::Note {
            on_date,
            level,
            target,
            reason,
            points,
            requirement,
        } => tx
            .prepare_cached(
                "INSERT INTO notes (id, item_id, on_date, level, target, reason, points, \
                 requirement) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                item_id,
                day(on_date),
                level.code(),
                target,
                reason,
                points,
                requirement
            ])?,
        Record::Commendation {
            on_date,
            target,
            reason,
            points,
        } => tx
            .prepare_cached(
                "INSERT INTO commendations (id, item_id, on_date, target, reason, points) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, item_id, day(on_date), target, reason, points])?,
        Record::Instruction {
            on_date,
            leader,
            sense,
            text,
            deadline,
        } => tx
            .prepare_cached(
                "INSERT INTO leader_instructions (id, item_id, on_date, leader, sense, text, \
                 deadline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id,
                item_id,
                day(on_date),
                leader,
                sense.code(),
                text,
                deadline.map(day)
            ])?,
        Record::Attachment {
            on_date,
            name,
            kind,
            size,
            sha256,
            note,
        } => tx
            .prepare_cached(
                "INSERT INTO attachments (id, item_id, on_date, name, kind, size, sha256, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                item_id,
                day(on_date),
                name,
                kind.code(),
                i64::try_from(size).unwrap_or(i64::MAX),
                sha256,
                note
            ])?,
        Record::Extension {
            requested_on,
            old_deadline,
            new_deadline,
            reason,
        } => tx
            .prepare_cached(
                "INSERT INTO extensions (id, item_id, requested_on, old_deadline, new_deadline, \
                 reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            // An item without a deadline is kept as an empty old deadline.
            .execute(params![
                id,
                item_id,
                day(requested_on),
                old_deadline.map(day).unwrap_or_default(),
                day(new_deadline),
                reason
            ])?,
        Record::Milestone { title, due_on } => tx
            .prepare_cached(
                "INSERT INTO milestones (id, item_id, title, due_on) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, item_id, title, day(due_on)])?,
    };
    Ok(tx.last_insert_rowid())
}

/// Keeps a file's bytes once under their address.
pub(super) fn put_file(tx: &Transaction<'_>, sha256: &str, bytes: &[u8]) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO attachment_files (sha256, size, bytes) VALUES (?1, ?2, ?3) \
         ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![sha256, bytes.len() as i64, bytes])?;
    Ok(())
}

/// Deletes a record.
pub(super) fn delete(tx: &Transaction<'_>, kind: RecordKind, id: i64) -> Result<()> {
    tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", kind.table()))?
        .execute([id])?;
    Ok(())
}

/// Changes an extension's decision or a milestone's day done.
pub(super) fn update(tx: &Transaction<'_>, change: RecordChange) -> Result<()> {
    match change {
        RecordChange::Extension {
            id,
            decision,
            decided_on,
        } => tx
            .prepare_cached("UPDATE extensions SET decision = ?2, decided_on = ?3 WHERE id = ?1")?
            .execute(params![id, decision.code(), decided_on.map(day)])?,
        RecordChange::Milestone { id, done_on } => tx
            .prepare_cached("UPDATE milestones SET done_on = ?2 WHERE id = ?1")?
            .execute(params![id, done_on.map(day)])?,
    };
    Ok(())
}

/// An item's extension requests, by id.
pub(super) fn extensions(tx: &Transaction<'_>, item_id: i64) -> Result<Vec<ExtensionRow>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, old_deadline, new_deadline, decision FROM extensions \
             WHERE item_id = ?1 ORDER BY id",
        )?
        .query_map([item_id], |r| {
            let old: String = r.get(1)?;
            Ok(ExtensionRow {
                id: r.get(0)?,
                old_deadline: if old.is_empty() {
                    None
                } else {
                    Some(get_day(r, 1)?)
                },
                new_deadline: get_day(r, 2)?,
                decision: get_code(r, 3, ExtensionDecision::from_code_bytes)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// An item's milestones, by id (the order they were added in).
pub(super) fn milestones(tx: &Transaction<'_>, item_id: i64) -> Result<Vec<MilestoneRow>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, due_on, done_on IS NOT NULL FROM milestones WHERE item_id = ?1 ORDER BY id",
        )?
        .query_map([item_id], |r| {
            Ok(MilestoneRow {
                id: r.get(0)?,
                due_on: get_day(r, 1)?,
                done: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

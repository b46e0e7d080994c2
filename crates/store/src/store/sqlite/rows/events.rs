//! The event log in SQLite: appending an event, the `batches` table that indexes each batch's
//! first event (undo finds a clerk's batches without reading a history of hundreds of thousands
//! of events), and the reads undo makes.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::codec::get_day;
use crate::error::Result;
use crate::store::rows::{LastChange, NewEvent, StoredEvent};

/// The first event of each of a clerk's recent batches (`?1` the clerk, `?2` how many batches
/// back to look), through the `batches` table: the history can be hundreds of thousands of
/// events, and the sample office's alone is one batch of 700,000.
const STACKS: &str = "SELECT b.batch, e.id, e.item_id, e.on_date, e.kind, e.data FROM batches b \
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

/// Appends an event; its id. `id` is the id it takes when this transaction has appended one
/// already (the one after it); the first event of a transaction looks for the id past every
/// one used.
pub(super) fn append(tx: &Transaction<'_>, e: &NewEvent<'_>, id: Option<i64>) -> Result<i64> {
    let values = params![
        e.batch,
        e.at,
        e.on_date,
        e.actor,
        e.item_id,
        e.kind.code(),
        e.data,
    ];
    match id {
        // Past every id ever used: an id whose event was removed behind duban's back keeps its
        // link in the chain, and is never given again (the audit names the removal).
        None => tx
            .prepare_cached(
                "INSERT INTO events (id, batch, at, on_date, actor, item_id, kind, data) \
                 VALUES (max(coalesce((SELECT max(id) FROM events), 0), \
                             coalesce((SELECT max(event_id) FROM event_chain), 0)) + 1, \
                         ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(values)?,
        // The two lookups above give this id once this transaction has written an event and
        // its link (both the highest of their tables); the sample office writes 700,000.
        Some(id) => tx
            .prepare_cached(
                "INSERT INTO events (id, batch, at, on_date, actor, item_id, kind, data) \
                 VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params_from_iter(
                values.iter().copied().chain([&id as &dyn rusqlite::ToSql]),
            ))?,
    };
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO event_chain (event_id, hash) VALUES (?1, ?2)")?
        .execute(params![id, crate::domain::history::chain::hex(&e.hash)])?;
    Ok(id)
}

/// The chain's head: the hash of the last event (the genesis when there is none).
pub(super) fn last_hash(tx: &Transaction<'_>) -> Result<crate::domain::history::chain::Hash> {
    use crate::domain::history::chain;
    let stored: Option<String> = tx
        .prepare_cached("SELECT hash FROM event_chain ORDER BY event_id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    match stored {
        None => Ok(chain::GENESIS),
        Some(text) => chain::parse_hex(&text).ok_or(crate::error::Error::Damaged),
    }
}

/// Writes a batch's row: its clerk and its first event.
pub(super) fn record_batch(
    tx: &Transaction<'_>,
    batch: i64,
    actor: &str,
    first_event: i64,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO batches (batch, actor, first_event) VALUES (?1, ?2, ?3)")?
        .execute(params![batch, actor, first_event])?;
    Ok(())
}

/// The first event of each of the clerk's batches among the last `how_many`, oldest first.
pub(super) fn batch_starts(
    tx: &Transaction<'_>,
    actor: &str,
    how_many: i64,
) -> Result<Vec<StoredEvent>> {
    Ok(tx
        .prepare_cached(STACKS)?
        .query_map(params![actor, how_many], |r| {
            Ok(StoredEvent {
                batch: r.get(0)?,
                id: r.get(1)?,
                item_id: r.get(2)?,
                on_date: get_day(r, 3)?,
                kind: r.get(4)?,
                data: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The events of one batch, in the order appended.
pub(super) fn of_batch(tx: &Transaction<'_>, batch: i64) -> Result<Vec<StoredEvent>> {
    Ok(tx
        .prepare_cached(RECORDED)?
        .query_map([batch], |r| {
            Ok(StoredEvent {
                id: r.get(0)?,
                batch,
                item_id: r.get(1)?,
                on_date: get_day(r, 2)?,
                kind: r.get(3)?,
                data: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The id of the last event (0 when there is none).
pub(super) fn last_id(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?)
}

/// The last event about an item with an id in `after + 1..=up_to`.
pub(super) fn last_change(
    tx: &Transaction<'_>,
    item_id: i64,
    after: i64,
    up_to: i64,
) -> Result<Option<LastChange>> {
    Ok(tx
        .query_row(
            "SELECT actor, at, kind FROM events \
             WHERE item_id = ?1 AND id > ?2 AND id <= ?3 ORDER BY id DESC LIMIT 1",
            params![item_id, after, up_to],
            |r| {
                Ok(LastChange {
                    actor: r.get(0)?,
                    at: r.get(1)?,
                    kind: r.get(2)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// Undo reads a handful of rows, however long the history: its queries go through the
    /// clerk's batches, not through every event.
    #[test]
    fn undo_finds_a_clerks_batches_without_reading_the_whole_history() {
        let store = crate::store::SqliteStore::open_in_memory().unwrap();
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

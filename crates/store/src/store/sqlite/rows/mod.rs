//! SQLite's row-level primitives ([`Rows`]) inside one `BEGIN IMMEDIATE` transaction: the
//! SQL behind the store's writes, and the row written behind.
//!
//! Consecutive changes to one item (a replayed history, a clerk's decision that records a note
//! and a move) are kept in memory and written as one UPDATE when another item is read, a
//! column is read or written at once, or the transaction ends ([`SqliteRows::flush`]): the
//! sample office's 700,000 events write each of its 100,000 rows once instead of seven times.

mod events;
mod records;

use std::cell::{Cell, RefCell};

use rusqlite::{OptionalExtension, Transaction, params};

use super::codec::{self, day};
use super::columns;
use crate::domain::history::{Change, Column, Recorded, Value};
use crate::domain::item::ItemNumber;
use crate::error::Result;
use crate::store::kept_days::Days;
use crate::store::model::{ItemRow, NewItem};
use crate::store::rows::{
    ExtensionRow, LastChange, MilestoneRow, NewEvent, Record, RecordChange, RecordKind, Rows,
    StoredEvent,
};

/// The rows of one SQLite write transaction.
pub(in crate::store) struct SqliteRows<'a> {
    tx: &'a Transaction<'a>,
    /// The last item read or changed in this transaction, and whether it has changes not yet
    /// written.
    last: RefCell<Option<(ItemRow, bool)>>,
    /// The batch whose row (its clerk and first event, in `batches`) is written.
    batch_recorded: Cell<Option<i64>>,
    /// The id the next event takes, once this transaction has appended one.
    next_event: Cell<Option<i64>>,
}

impl<'a> SqliteRows<'a> {
    pub(in crate::store) fn new(tx: &'a Transaction<'a>) -> Self {
        Self {
            tx,
            last: RefCell::new(None),
            batch_recorded: Cell::new(None),
            next_event: Cell::new(None),
        }
    }

    /// Runs SQL of the backend's own (a bulk write's index drops and rebuilds), after writing
    /// the row kept behind.
    pub(in crate::store) fn execute_batch(&self, sql: &str) -> Result<()> {
        self.flush()?;
        Ok(self.tx.execute_batch(sql)?)
    }

    /// Writes the pending changes of the last item, if any: every column written behind, as
    /// the column description lists them.
    pub(in crate::store) fn flush(&self) -> Result<()> {
        let mut last = self.last.borrow_mut();
        let Some((row, dirty)) = last.as_mut() else {
            return Ok(());
        };
        if !*dirty {
            return Ok(());
        }
        let mut values = vec![
            rusqlite::types::Value::Integer(row.id),
            rusqlite::types::Value::Integer(row.version),
        ];
        values.extend(
            columns::written_behind()
                .map(|c| columns::to_sql(&crate::store::item_columns::get(row, c))),
        );
        self.tx
            .prepare_cached(columns::update_sql())?
            .execute(rusqlite::params_from_iter(values))?;
        *dirty = false;
        Ok(())
    }

    /// Writes and forgets the row kept behind (before columns are written around it).
    fn forget_row(&self) -> Result<()> {
        self.flush()?;
        *self.last.borrow_mut() = None;
        Ok(())
    }
}

impl Rows for SqliteRows<'_> {
    fn next_batch(&self) -> Result<i64> {
        Ok(self.tx.query_row(
            // Past every batch ever recorded: one whose events were removed behind duban's back
            // keeps its row in `batches`, and is never given again.
            "SELECT max(coalesce((SELECT batch FROM events ORDER BY id DESC LIMIT 1), 0), \
                        coalesce((SELECT max(batch) FROM batches), 0)) + 1",
            [],
            |r| r.get(0),
        )?)
    }

    fn item(&self, number: ItemNumber) -> Result<Option<ItemRow>> {
        if let Some((row, _)) = self
            .last
            .borrow()
            .as_ref()
            .filter(|(r, _)| r.number == number)
        {
            return Ok(Some(row.clone()));
        }
        self.flush()?;
        let sql = format!(
            "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.year = ?1 AND i.seq = ?2",
            columns::row_select()
        );
        let row = self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![number.year, number.seq], codec::item_row)
            .optional()?;
        if let Some(row) = &row {
            *self.last.borrow_mut() = Some((row.clone(), false));
        }
        Ok(row)
    }

    fn write_row(&self, row: ItemRow) -> Result<()> {
        let other = self
            .last
            .borrow()
            .as_ref()
            .is_some_and(|(kept, _)| kept.id != row.id);
        if other {
            self.flush()?;
        }
        *self.last.borrow_mut() = Some((row, true));
        Ok(())
    }

    fn column(&self, item_id: i64, column: Column) -> Result<(Value, i64)> {
        self.flush()?;
        let (current, version): (rusqlite::types::Value, i64) = self
            .tx
            .prepare_cached(&format!(
                "SELECT {}, version FROM items WHERE id = ?1",
                column.code()
            ))?
            .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((columns::from_sql(current), version))
    }

    fn put_columns(&self, item_id: i64, changes: &[Change]) -> Result<i64> {
        self.forget_row()?;
        let mut sql = String::from("UPDATE items SET version = version + 1");
        let mut values: Vec<rusqlite::types::Value> =
            vec![rusqlite::types::Value::Integer(item_id)];
        for c in changes {
            values.push(columns::to_sql(&c.after));
            sql.push_str(&format!(", {} = ?{}", c.column.code(), values.len()));
        }
        sql.push_str(" WHERE id = ?1");
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        Ok(self
            .tx
            .prepare_cached("SELECT version FROM items WHERE id = ?1")?
            .query_row([item_id], |r| r.get(0))?)
    }

    fn department(&self, name: &str) -> Result<(i64, bool)> {
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM departments WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok((id, false));
        }
        self.tx
            .prepare_cached("INSERT INTO departments (name) VALUES (?1)")?
            .execute([name])?;
        Ok((self.tx.last_insert_rowid(), true))
    }

    fn insert_item(&self, new: &NewItem, lead: i64, co: &[i64]) -> Result<(i64, ItemNumber)> {
        let year = chrono::Datelike::year(&new.registered_on);
        let seq: u32 = self
            .tx
            .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM items WHERE year = ?1")?
            .query_row([year], |r| r.get(0))?;
        self.tx
            .prepare_cached(
                "INSERT INTO items (year, seq, title, requirement, source_kind, source_ref, \
                 instruction, leader, lead_dept_id, owner, major, difficult, important, \
                 leader_concerned, urgent, cadence, original_deadline, deadline, \
                 no_deadline_reason, status, registered_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?17, ?18, 'registered', ?19)",
            )?
            .execute(params![
                year,
                seq,
                new.title,
                new.requirement,
                new.source_kind.code(),
                new.source_ref,
                new.instruction,
                new.leader,
                lead,
                new.owner,
                new.flags.major,
                new.flags.difficult,
                new.flags.important,
                new.flags.leader,
                new.urgent,
                new.cadence.code(),
                new.deadline.map(day),
                new.no_deadline_reason,
                day(new.registered_on),
            ])?;
        let id = self.tx.last_insert_rowid();
        for dept in co {
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO item_co_departments (item_id, dept_id) VALUES (?1, ?2)",
                )?
                .execute([id, *dept])?;
        }
        let number = ItemNumber { year, seq };
        // The new row is the one kept: the moves that usually follow need not read it back.
        self.flush()?;
        *self.last.borrow_mut() = Some((ItemRow::registered(id, number, new), false));
        Ok((id, number))
    }

    fn insert_record(&self, item_id: i64, id: Option<i64>, record: &Record<'_>) -> Result<i64> {
        records::insert(self.tx, item_id, id, record)
    }

    fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        records::put_file(self.tx, sha256, bytes)
    }

    fn delete_record(&self, kind: RecordKind, id: i64) -> Result<()> {
        records::delete(self.tx, kind, id)
    }

    fn update_record(&self, change: RecordChange) -> Result<()> {
        records::update(self.tx, change)
    }

    fn extensions(&self, item_id: i64) -> Result<Vec<ExtensionRow>> {
        records::extensions(self.tx, item_id)
    }

    fn milestones(&self, item_id: i64) -> Result<Vec<MilestoneRow>> {
        records::milestones(self.tx, item_id)
    }

    fn append_event(&self, event: &NewEvent<'_>) -> Result<i64> {
        let id = events::append(self.tx, event, self.next_event.get())?;
        self.next_event.set(id.checked_add(1));
        if self.batch_recorded.get() != Some(event.batch) {
            events::record_batch(self.tx, event.batch, event.actor, id)?;
            self.batch_recorded.set(Some(event.batch));
        }
        Ok(id)
    }

    fn batch_events(&self, batch: i64) -> Result<Vec<StoredEvent>> {
        events::of_batch(self.tx, batch)
    }

    fn recent_batches(&self, actor: &str, how_many: i64) -> Result<Vec<StoredEvent>> {
        events::batch_starts(self.tx, actor, how_many)
    }

    fn last_event_id(&self) -> Result<i64> {
        events::last_id(self.tx)
    }

    fn last_hash(&self) -> Result<crate::domain::history::chain::Hash> {
        events::last_hash(self.tx)
    }

    fn last_change(&self, item_id: i64, after: i64, up_to: i64) -> Result<Option<LastChange>> {
        events::last_change(self.tx, item_id, after, up_to)
    }

    fn item_events(&self, item_id: i64) -> Result<Vec<Recorded>> {
        super::asof::item_events(self.tx, item_id)
    }

    fn write_days(&self, item_id: i64, days: &Days) -> Result<()> {
        self.flush()?;
        super::asof::write_days(self.tx, item_id, days)
    }
}

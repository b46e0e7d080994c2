//! PostgreSQL's row-level primitives ([`Rows`]) inside one write transaction: the SQL behind
//! the store's writes on a server. Every change is written at once (no row kept behind, as
//! SQLite's file keeps one): a clerk's decision writes a handful of rows, and the server's
//! round trips are short next to what it takes to read.

use std::cell::{Cell, RefCell};

use super::begin::{Begun, OpenWrite};
use super::value::{self, Param, refs};
use crate::domain::history::chain::Hash;
use crate::domain::history::{Change, Column, Recorded, Value};
use crate::domain::item::ItemNumber;
use crate::error::Result;
use crate::store::day_rows::{Current, rows_of};
use crate::store::event_codec;
use crate::store::kept_days::Days;
use crate::store::model::{ItemRow, NewItem};
use crate::store::rows::{
    ExtensionRow, LastChange, MilestoneRow, NewEvent, Record, RecordChange, RecordKind, Rows,
    StoredEvent,
};

/// The next batch: past every batch ever recorded (as SQLite's: a batch whose events were
/// removed behind duban's back keeps its row, and is never given again).
pub(super) const NEXT_BATCH: &str = "SELECT greatest(coalesce((SELECT batch FROM events ORDER BY id DESC LIMIT 1), 0), \
     coalesce((SELECT max(batch) FROM batches), 0)) + 1";

/// The chain's head: the last event's hash.
pub(super) const LAST_HASH: &str = "SELECT hash FROM event_chain ORDER BY event_id DESC LIMIT 1";

/// One event appended, past every id ever used (as SQLite's: an id whose event was removed keeps
/// its link), with its link in the chain, in one statement; `$more` adds to the same statement.
macro_rules! append_event {
    ($more:literal) => {
        concat!(
            "WITH e AS (INSERT INTO events (id, batch, at, on_date, actor, item_id, kind, data) \
             VALUES (greatest(coalesce((SELECT max(id) FROM events), 0), \
                              coalesce((SELECT max(event_id) FROM event_chain), 0)) + 1, \
                     $1, $2, $3, $4, $5, $6, $7) RETURNING id), \
             link AS (INSERT INTO event_chain (event_id, hash) SELECT id, $8 FROM e)",
            $more,
            " SELECT id FROM e"
        )
    };
}

/// The rows of one write transaction on the server.
pub(super) struct PgRows<'a> {
    tx: RefCell<OpenWrite<'a>>,
    statements: &'a super::prepared::Statements,
    /// The batch whose row (its clerk and first event, in `batches`) is written.
    batch_recorded: Cell<Option<i64>>,
    /// What the start of the write read, each handed over once.
    begun_batch: Cell<Option<i64>>,
    begun_head: Cell<Option<Hash>>,
}

impl<'a> PgRows<'a> {
    pub(super) fn new(
        tx: OpenWrite<'a>,
        statements: &'a super::prepared::Statements,
        begun: Begun,
    ) -> Self {
        Self {
            tx: RefCell::new(tx),
            statements,
            batch_recorded: Cell::new(None),
            begun_batch: Cell::new(Some(begun.batch)),
            begun_head: Cell::new(Some(begun.head)),
        }
    }

    /// The transaction, to commit it.
    pub(super) fn into_inner(self) -> OpenWrite<'a> {
        self.tx.into_inner()
    }

    fn execute(&self, sql: &str, params: &[Param]) -> Result<u64> {
        self.execute_raw(sql, &refs(params))
    }

    fn execute_raw(
        &self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<u64> {
        let mut tx = self.tx.borrow_mut();
        let tx = &mut *tx.client;
        let statement = self.statements.get(tx, sql)?;
        Ok(tx.execute(&statement, params)?)
    }

    fn query(&self, sql: &str, params: &[Param]) -> Result<Vec<postgres::Row>> {
        let mut tx = self.tx.borrow_mut();
        let tx = &mut *tx.client;
        let statement = self.statements.get(tx, sql)?;
        Ok(tx.query(&statement, &refs(params))?)
    }

    fn query_opt(&self, sql: &str, params: &[Param]) -> Result<Option<postgres::Row>> {
        let mut tx = self.tx.borrow_mut();
        let tx = &mut *tx.client;
        let statement = self.statements.get(tx, sql)?;
        Ok(tx.query_opt(&statement, &refs(params))?)
    }

    fn query_one(&self, sql: &str, params: &[Param]) -> Result<postgres::Row> {
        let mut tx = self.tx.borrow_mut();
        let tx = &mut *tx.client;
        let statement = self.statements.get(tx, sql)?;
        Ok(tx.query_one(&statement, &refs(params))?)
    }
}

impl Rows for PgRows<'_> {
    fn next_batch(&self) -> Result<i64> {
        if let Some(batch) = self.begun_batch.take() {
            return Ok(batch);
        }
        value::int(&self.query_one(NEXT_BATCH, &[])?, 0)
    }

    fn item(&self, number: ItemNumber) -> Result<Option<ItemRow>> {
        let sql = format!(
            "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.year = $1 AND i.seq = $2",
            crate::store::sqlite::columns::row_select()
        );
        self.query_opt(&sql, &[Param::int(number.year), Param::int(number.seq)])?
            .map(|r| super::queries::item_row(&r))
            .transpose()
    }

    fn write_row(&self, row: ItemRow) -> Result<()> {
        let mut params = vec![Param::Int(row.id), Param::Int(row.version)];
        let mut sql = String::from("UPDATE items SET version = $2");
        for c in crate::store::sqlite::columns::written_behind() {
            params.push(Param::from(&crate::store::item_columns::get(&row, c)));
            sql.push_str(&format!(", {} = ${}", c.code(), params.len()));
        }
        sql.push_str(" WHERE id = $1");
        self.execute(&sql, &params)?;
        Ok(())
    }

    fn column(&self, item_id: i64, column: Column) -> Result<(Value, i64)> {
        let r = self.query_one(
            &format!("SELECT {}, version FROM items WHERE id = $1", column.code()),
            &[Param::Int(item_id)],
        )?;
        Ok((value::value(&r, 0)?, value::int(&r, 1)?))
    }

    fn put_columns(&self, item_id: i64, changes: &[Change]) -> Result<i64> {
        let mut sql = String::from("UPDATE items SET version = version + 1");
        let mut params = vec![Param::Int(item_id)];
        for c in changes {
            params.push(Param::from(&c.after));
            sql.push_str(&format!(", {} = ${}", c.column.code(), params.len()));
        }
        sql.push_str(" WHERE id = $1 RETURNING version");
        let r = self.query_one(&sql, &params)?;
        value::int(&r, 0)
    }

    fn department(&self, name: &str) -> Result<(i64, bool)> {
        if let Some(r) = self.query_opt(
            "SELECT id FROM departments WHERE name = $1",
            &[Param::text(name)],
        )? {
            return Ok((value::int(&r, 0)?, false));
        }
        let r = self.query_one(
            "INSERT INTO departments (name) VALUES ($1) RETURNING id",
            &[Param::text(name)],
        )?;
        Ok((value::int(&r, 0)?, true))
    }

    fn insert_item(&self, new: &NewItem, lead: i64, co: &[i64]) -> Result<(i64, ItemNumber)> {
        let year = chrono::Datelike::year(&new.registered_on);
        let r = self.query_one(
            "SELECT coalesce(max(seq), 0) + 1 FROM items WHERE year = $1",
            &[Param::int(year)],
        )?;
        let seq = u32::try_from(value::int(&r, 0)?)
            .map_err(|_| value::bad(0, "an item's number past its year's last"))?;
        let r = self.query_one(
            "INSERT INTO items (year, seq, title, requirement, source_kind, source_ref, \
             instruction, leader, lead_dept_id, owner, major, difficult, important, \
             leader_concerned, urgent, cadence, original_deadline, deadline, \
             no_deadline_reason, status, registered_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $17, $18, 'registered', $19) RETURNING id",
            &[
                Param::int(year),
                Param::int(seq),
                Param::text(&new.title),
                Param::text(&new.requirement),
                Param::text(new.source_kind.code()),
                Param::text(&new.source_ref),
                Param::opt_text(new.instruction.as_deref()),
                Param::opt_text(new.leader.as_deref()),
                Param::Int(lead),
                Param::text(&new.owner),
                Param::flag(new.flags.major),
                Param::flag(new.flags.difficult),
                Param::flag(new.flags.important),
                Param::flag(new.flags.leader),
                Param::flag(new.urgent),
                Param::text(new.cadence.code()),
                Param::opt_day(new.deadline),
                Param::opt_text(new.no_deadline_reason.as_deref()),
                Param::day(new.registered_on),
            ],
        )?;
        let id = value::int(&r, 0)?;
        for dept in co {
            self.execute(
                "INSERT INTO item_co_departments (item_id, dept_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
                &[Param::Int(id), Param::Int(*dept)],
            )?;
        }
        Ok((id, ItemNumber { year, seq }))
    }

    fn insert_record(&self, item_id: i64, id: Option<i64>, record: &Record<'_>) -> Result<i64> {
        // With an id (a redo), that id; otherwise the table's next, which is never one given
        // before.
        let (table, columns, mut params): (&str, &str, Vec<Param>) = match *record {
            Record::Feedback {
                on_date,
                reporter,
                text,
                percent,
                kind,
            } => (
                "feedback",
                "on_date, reporter, text, percent, kind",
                vec![
                    Param::day(on_date),
                    Param::text(reporter),
                    Param::text(text),
                    Param::opt_int(percent),
                    Param::text(kind.code()),
                ],
            ),
            Record::Note {
                on_date,
                level,
                target,
                reason,
                points,
                requirement,
            } => (
                "notes",
                "on_date, level, target, reason, points, requirement",
                vec![
                    Param::day(on_date),
                    Param::text(level.code()),
                    Param::text(target),
                    Param::text(reason),
                    Param::opt_real(points),
                    Param::text(requirement),
                ],
            ),
            Record::Commendation {
                on_date,
                target,
                reason,
                points,
            } => (
                "commendations",
                "on_date, target, reason, points",
                vec![
                    Param::day(on_date),
                    Param::text(target),
                    Param::text(reason),
                    Param::Real(points),
                ],
            ),
            Record::Instruction {
                on_date,
                leader,
                sense,
                text,
                deadline,
            } => (
                "leader_instructions",
                "on_date, leader, sense, text, deadline",
                vec![
                    Param::day(on_date),
                    Param::text(leader),
                    Param::text(sense.code()),
                    Param::text(text),
                    Param::opt_day(deadline),
                ],
            ),
            Record::Attachment {
                on_date,
                name,
                kind,
                size,
                sha256,
                note,
            } => (
                "attachments",
                "on_date, name, kind, size, sha256, note",
                vec![
                    Param::day(on_date),
                    Param::text(name),
                    Param::text(kind.code()),
                    Param::Int(i64::try_from(size).unwrap_or(i64::MAX)),
                    Param::text(sha256),
                    Param::text(note),
                ],
            ),
            // An item without a deadline is kept as an empty old deadline (as in SQLite).
            Record::Extension {
                requested_on,
                old_deadline,
                new_deadline,
                reason,
            } => (
                "extensions",
                "requested_on, old_deadline, new_deadline, reason",
                vec![
                    Param::day(requested_on),
                    Param::text(
                        old_deadline
                            .map(crate::store::dates::day)
                            .unwrap_or_default(),
                    ),
                    Param::day(new_deadline),
                    Param::text(reason),
                ],
            ),
            Record::Milestone { title, due_on } => (
                "milestones",
                "title, due_on",
                vec![Param::text(title), Param::day(due_on)],
            ),
        };
        params.push(Param::Int(item_id));
        let mut places: Vec<String> = (1..=params.len()).map(|i| format!("${i}")).collect();
        let mut names = format!("{columns}, item_id");
        if let Some(id) = id {
            params.push(Param::Int(id));
            places.push(format!("${}", params.len()));
            names.push_str(", id");
        }
        let r = self.query_one(
            &format!(
                "INSERT INTO {table} ({names}) VALUES ({}) RETURNING id",
                places.join(", ")
            ),
            &params,
        )?;
        value::int(&r, 0)
    }

    fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        let size = bytes.len() as i64;
        self.execute_raw(
            "INSERT INTO attachment_files (sha256, size, bytes) VALUES ($1, $2, $3) \
             ON CONFLICT (sha256) DO NOTHING",
            &[&sha256, &size, &bytes],
        )?;
        Ok(())
    }

    fn delete_record(&self, kind: RecordKind, id: i64) -> Result<()> {
        self.execute(
            &format!("DELETE FROM {} WHERE id = $1", kind.table()),
            &[Param::Int(id)],
        )?;
        Ok(())
    }

    fn update_record(&self, change: RecordChange) -> Result<()> {
        match change {
            RecordChange::Extension {
                id,
                decision,
                decided_on,
            } => self.execute(
                "UPDATE extensions SET decision = $2, decided_on = $3 WHERE id = $1",
                &[
                    Param::Int(id),
                    Param::text(decision.code()),
                    Param::opt_day(decided_on),
                ],
            )?,
            RecordChange::Milestone { id, done_on } => self.execute(
                "UPDATE milestones SET done_on = $2 WHERE id = $1",
                &[Param::Int(id), Param::opt_day(done_on)],
            )?,
        };
        Ok(())
    }

    fn extensions(&self, item_id: i64) -> Result<Vec<ExtensionRow>> {
        use crate::domain::extension::ExtensionDecision;
        self.query(
            "SELECT id, old_deadline, new_deadline, decision FROM extensions \
             WHERE item_id = $1 ORDER BY id",
            &[Param::Int(item_id)],
        )?
        .iter()
        .map(|r| {
            let old = value::text(r, 1)?;
            Ok(ExtensionRow {
                id: value::int(r, 0)?,
                old_deadline: if old.is_empty() {
                    None
                } else {
                    Some(value::day_of(r, 1)?)
                },
                new_deadline: value::day_of(r, 2)?,
                decision: value::code(r, 3, ExtensionDecision::from_code_bytes)?,
            })
        })
        .collect()
    }

    fn milestones(&self, item_id: i64) -> Result<Vec<MilestoneRow>> {
        self.query(
            "SELECT id, due_on, done_on IS NOT NULL FROM milestones WHERE item_id = $1 ORDER BY id",
            &[Param::Int(item_id)],
        )?
        .iter()
        .map(|r| {
            Ok(MilestoneRow {
                id: value::int(r, 0)?,
                due_on: value::day_of(r, 1)?,
                done: r.try_get(2)?,
            })
        })
        .collect()
    }

    fn append_event(&self, e: &NewEvent<'_>) -> Result<i64> {
        // The batch's row (its clerk and first event) goes with its first event.
        let first = self.batch_recorded.get() != Some(e.batch);
        let r = self.query_one(
            if first {
                append_event!(
                    ", batch_row AS (INSERT INTO batches (batch, actor, first_event) \
                     SELECT $1, $4, id FROM e)"
                )
            } else {
                append_event!("")
            },
            &[
                Param::Int(e.batch),
                Param::text(e.at),
                Param::text(e.on_date),
                Param::text(e.actor),
                Param::opt_int(e.item_id),
                Param::text(e.kind.code()),
                Param::text(e.data),
                Param::Text(crate::domain::history::chain::hex(&e.hash)),
            ],
        )?;
        self.batch_recorded.set(Some(e.batch));
        value::int(&r, 0)
    }

    fn batch_events(&self, batch: i64) -> Result<Vec<StoredEvent>> {
        self.query(
            "SELECT id, item_id, on_date, kind, data FROM events \
             WHERE id >= (SELECT first_event FROM batches WHERE batch = $1) \
               AND id < coalesce( \
                 (SELECT first_event FROM batches WHERE batch > $1 ORDER BY batch LIMIT 1), \
                 (SELECT max(id) FROM events) + 1) \
             ORDER BY id",
            &[Param::Int(batch)],
        )?
        .iter()
        .map(|r| {
            Ok(StoredEvent {
                id: value::int(r, 0)?,
                batch,
                item_id: value::opt_int(r, 1)?,
                on_date: value::day_of(r, 2)?,
                kind: value::text(r, 3)?,
                data: value::text(r, 4)?,
            })
        })
        .collect()
    }

    fn recent_batches(&self, actor: &str, how_many: i64) -> Result<Vec<StoredEvent>> {
        self.query(
            "SELECT b.batch, e.id, e.item_id, e.on_date, e.kind, e.data FROM batches b \
             JOIN events e ON e.id = b.first_event \
             WHERE b.actor = $1 AND b.batch > coalesce((SELECT max(batch) FROM batches), 0) - $2 \
             ORDER BY b.batch",
            &[Param::text(actor), Param::Int(how_many)],
        )?
        .iter()
        .map(|r| {
            Ok(StoredEvent {
                batch: value::int(r, 0)?,
                id: value::int(r, 1)?,
                item_id: value::opt_int(r, 2)?,
                on_date: value::day_of(r, 3)?,
                kind: value::text(r, 4)?,
                data: value::text(r, 5)?,
            })
        })
        .collect()
    }

    fn last_event_id(&self) -> Result<i64> {
        let r = self.query_one("SELECT coalesce(max(id), 0) FROM events", &[])?;
        value::int(&r, 0)
    }

    fn last_hash(&self) -> Result<Hash> {
        use crate::domain::history::chain;
        if let Some(head) = self.begun_head.take() {
            return Ok(head);
        }
        match self.query_opt(LAST_HASH, &[])? {
            None => Ok(chain::GENESIS),
            Some(r) => chain::parse_hex(&value::text(&r, 0)?).ok_or(crate::error::Error::Damaged),
        }
    }

    fn last_change(&self, item_id: i64, after: i64, up_to: i64) -> Result<Option<LastChange>> {
        self.query_opt(
            "SELECT actor, at, kind FROM events \
             WHERE item_id = $1 AND id > $2 AND id <= $3 ORDER BY id DESC LIMIT 1",
            &[Param::Int(item_id), Param::Int(after), Param::Int(up_to)],
        )?
        .map(|r| {
            Ok(LastChange {
                actor: value::text(&r, 0)?,
                at: value::text(&r, 1)?,
                kind: value::text(&r, 2)?,
            })
        })
        .transpose()
    }

    fn item_events(&self, item_id: i64) -> Result<Vec<Recorded>> {
        self.query(
            "SELECT id, on_date, kind, data FROM events WHERE item_id = $1 ORDER BY id",
            &[Param::Int(item_id)],
        )?
        .iter()
        .map(|r| {
            let id = value::int(r, 0)?;
            Ok(Recorded {
                id,
                on_date: value::day_of(r, 1)?,
                kind: event_codec::decode(id, r.try_get(2)?, r.try_get(3)?)?,
            })
        })
        .collect()
    }

    fn write_days(&self, item_id: i64, days: &Days) -> Result<()> {
        // The days kept so far go in the round trip that reads the item's texts.
        let r = self.query_one(
            "WITH gone AS (DELETE FROM item_days WHERE item_id = $1) \
             SELECT title, owner, source_ref FROM items WHERE id = $1",
            &[Param::Int(item_id)],
        )?;
        let now = Current {
            title: value::text(&r, 0)?,
            owner: value::text(&r, 1)?,
            source_ref: value::text(&r, 2)?,
        };
        // The item's days in one statement (a decision's item has a handful, each a round
        // trip when written one by one).
        let rows = rows_of(days, &now);
        let from: Vec<i32> = rows.iter().map(|r| r.from).collect();
        let until: Vec<Option<i32>> = rows.iter().map(|r| r.until).collect();
        let state: Vec<&[u8]> = rows.iter().map(|r| r.state.as_slice()).collect();
        let title: Vec<Option<&str>> = rows.iter().map(|r| r.title.as_deref()).collect();
        let owner: Vec<Option<&str>> = rows.iter().map(|r| r.owner.as_deref()).collect();
        let source_ref: Vec<Option<&str>> = rows.iter().map(|r| r.source_ref.as_deref()).collect();
        let records: Vec<Option<&str>> = rows.iter().map(|r| r.records.as_deref()).collect();
        self.execute_raw(
            "INSERT INTO item_days (item_id, from_day, until_day, state, title, owner, \
             source_ref, records) \
             SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bytea[], $5::text[], $6::text[], \
             $7::text[], $8::text[])",
            &[
                &item_id,
                &from,
                &until,
                &state,
                &title,
                &owner,
                &source_ref,
                &records,
            ],
        )?;
        Ok(())
    }
}

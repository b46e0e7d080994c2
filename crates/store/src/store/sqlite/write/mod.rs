//! Changes, each appending its typed event in the same transaction.
//!
//! The rules themselves (which move is legal and what it sets, when an extension may be asked
//! for, what a note or a feedback changes) are the domain's; this module loads what they need,
//! asks them, and writes what they decide: the columns they set, the records they add, and one
//! event per change through the canonical encoder.

mod deadlines;
mod lifecycle;
mod records;
mod register;

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::codec::{self, day};
use super::model::ItemRow;
use super::{Ctx, columns, event_codec};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Change, Changes, EventKind, ItemChange, Recorded, Set};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::{Move, Status};
use crate::error::{Error, Result};
use crate::store::model::{
    ItemEdit, NewCommendation, NewFeedback, NewInstruction, NewItem, NewNote,
};
use crate::store::{Reversal, WriteTx};

pub struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    pub(super) ctx: Ctx,
    batch: i64,
    departments: HashMap<String, i64>,
    /// The last item read or changed in this transaction, and whether it has changes not yet
    /// written: consecutive changes to one item (a replayed history, a clerk's decision that
    /// records a note and a move) are written as one UPDATE when the writer moves on to another
    /// item or the transaction ends. Events are appended at once.
    pub(super) last: std::cell::RefCell<Option<(ItemRow, bool)>>,
    /// Whether the batch's row (its clerk and first event) is written.
    batch_recorded: std::cell::Cell<bool>,
    /// The events appended, with their item's id, when kept (a bulk write into an empty
    /// store: each item's days are computed from them, not read and decoded back).
    kept: std::cell::RefCell<Option<Vec<(i64, Recorded)>>>,
    /// The ids of the items this transaction appended events about (their days are computed
    /// again before it commits).
    touched: std::cell::RefCell<Vec<i64>>,
}

/// An event as kept for computing its item's days: a feedback's text and reporter are left
/// out (the days hold only its day), the rest as written.
fn lean(kind: &EventKind) -> EventKind {
    match kind {
        EventKind::FeedbackAdded {
            feedback_id,
            on_date,
            percent,
            kind,
            on,
            ..
        } => EventKind::FeedbackAdded {
            feedback_id: *feedback_id,
            on_date: *on_date,
            reporter: String::new(),
            text: String::new(),
            percent: *percent,
            kind: *kind,
            on: on.clone(),
        },
        other => other.clone(),
    }
}

impl<'a> Writer<'a> {
    pub(in crate::store) fn new(tx: &'a Transaction<'a>, ctx: &Ctx, batch: i64) -> Self {
        Self {
            tx,
            ctx: ctx.clone(),
            batch,
            departments: HashMap::new(),
            last: std::cell::RefCell::new(None),
            batch_recorded: std::cell::Cell::new(false),
            kept: std::cell::RefCell::new(None),
            touched: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The ids of the items this transaction appended events about, each once.
    pub(in crate::store) fn touched_items(&self) -> Vec<i64> {
        let mut ids = self.touched.take();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Keeps every event appended from now on (see [`Writer::kept`]).
    pub(in crate::store) fn keep_events(&self) {
        *self.kept.borrow_mut() = Some(Vec::new());
    }

    /// The events kept, with their items' ids, in the order appended.
    pub(in crate::store) fn kept_events(&self) -> Option<Vec<(i64, Recorded)>> {
        self.kept.borrow_mut().take()
    }

    /// Moves the writer's clock, for replaying an office's past (the sample office does).
    pub fn set_clock(&mut self, today: chrono::NaiveDate, now: chrono::NaiveDateTime) {
        self.ctx.today = today;
        self.ctx.now = now;
    }

    /// Records the following changes under another name (the sample office's history is not
    /// the clerk's, so the clerk's undo never reaches into it).
    pub fn set_actor(&mut self, actor: &str) {
        self.ctx.actor = actor.to_string();
    }

    pub fn actor(&self) -> &str {
        &self.ctx.actor
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.ctx.today
    }

    /// Appends one event, encoded canonically, to the batch of this transaction.
    pub(in crate::store) fn record(&self, item_id: Option<i64>, kind: &EventKind) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                self.batch,
                codec::stamp(self.ctx.now),
                day(self.ctx.today),
                self.ctx.actor,
                item_id,
                kind.code().code(),
                event_codec::encode(kind),
            ])?;
        if let Some(item_id) = item_id {
            let mut touched = self.touched.borrow_mut();
            if touched.last() != Some(&item_id) {
                touched.push(item_id);
            }
        }
        if let (Some(kept), Some(item_id)) = (self.kept.borrow_mut().as_mut(), item_id) {
            kept.push((
                item_id,
                Recorded {
                    id: self.tx.last_insert_rowid(),
                    on_date: self.ctx.today,
                    kind: lean(kind),
                },
            ));
        }
        if !self.batch_recorded.get() {
            self.tx
                .prepare_cached(
                    "INSERT INTO batches (batch, actor, first_event) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![
                    self.batch,
                    self.ctx.actor,
                    self.tx.last_insert_rowid()
                ])?;
            self.batch_recorded.set(true);
        }
        Ok(())
    }

    /// The id of a department, created (with its event) when it is new.
    fn department(&mut self, name: &str) -> Result<i64> {
        if let Some(id) = self.departments.get(name) {
            return Ok(*id);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM departments WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO departments (name) VALUES (?1)")?
                    .execute([name])?;
                let id = self.tx.last_insert_rowid();
                self.record(
                    None,
                    &EventKind::DepartmentCreated {
                        id,
                        name: name.to_string(),
                    },
                )?;
                id
            }
        };
        self.departments.insert(name.to_string(), id);
        Ok(id)
    }

    /// The item with this number, as it is inside this transaction.
    pub fn item(&self, number: ItemNumber) -> Result<ItemRow> {
        if let Some((row, _)) = self
            .last
            .borrow()
            .as_ref()
            .filter(|(r, _)| r.number == number)
        {
            return Ok(row.clone());
        }
        self.flush()?;
        let sql = format!(
            "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.year = ?1 AND i.seq = ?2",
            super::columns::row_select()
        );
        let row = self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![number.year, number.seq], codec::item_row)
            .optional()?
            .ok_or_else(|| Error::NoSuchItem(number.to_string()))?;
        *self.last.borrow_mut() = Some((row.clone(), false));
        Ok(row)
    }

    pub(in crate::store) fn execute_batch(&self, sql: &str) -> Result<()> {
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
        values.extend(columns::written_behind().map(|c| columns::to_sql(&columns::get(row, c))));
        self.tx
            .prepare_cached(columns::update_sql())?
            .execute(rusqlite::params_from_iter(values))?;
        *dirty = false;
        Ok(())
    }

    /// Forgets the row kept for writing behind (after columns were changed around it).
    pub(in crate::store) fn forget_row(&self) -> Result<()> {
        self.flush()?;
        *self.last.borrow_mut() = None;
        Ok(())
    }

    /// Refuses a change made from a stale view: `expected` is the version the clerk saw.
    pub fn check_version(&self, row: &ItemRow, expected: Option<i64>) -> Result<()> {
        WriteTx::check_version(self, row, expected)
    }

    /// Applies what a rule set (each column with its value before), bumps the version (written
    /// by [`Writer::flush`]), and appends the event `kind` makes of the change.
    fn change_item(
        &self,
        row: &ItemRow,
        sets: Vec<Set>,
        kind: impl FnOnce(ItemChange) -> EventKind,
    ) -> Result<()> {
        let mut updated = row.clone();
        updated.version += 1;
        let changes = sets
            .into_iter()
            .map(|s| {
                let before = columns::get(row, s.column);
                columns::set(&mut updated, s.column, &s.value);
                Change {
                    column: s.column,
                    before,
                    after: s.value,
                }
            })
            .collect();
        let on = ItemChange {
            number: row.number,
            version: updated.version,
            changes: Changes(changes),
        };
        *self.last.borrow_mut() = Some((updated, true));
        self.record(Some(row.id), &kind(on))
    }
}

/// The store's transaction interface, by the writer's own methods (which the files of this
/// module write, by topic).
impl WriteTx for Writer<'_> {
    fn set_clock(&mut self, today: chrono::NaiveDate, now: chrono::NaiveDateTime) {
        Writer::set_clock(self, today, now);
    }

    fn set_actor(&mut self, actor: &str) {
        Writer::set_actor(self, actor);
    }

    fn actor(&self) -> &str {
        Writer::actor(self)
    }

    fn today(&self) -> chrono::NaiveDate {
        Writer::today(self)
    }

    fn item(&self, number: ItemNumber) -> Result<ItemRow> {
        Writer::item(self, number)
    }

    fn add_item(&mut self, new: &NewItem) -> Result<ItemNumber> {
        Writer::add_item(self, new)
    }

    fn edit_item(
        &self,
        number: ItemNumber,
        edit: &ItemEdit,
        expected_version: Option<i64>,
    ) -> Result<bool> {
        Writer::edit_item(self, number, edit, expected_version)
    }

    fn add_feedback(
        &self,
        number: ItemNumber,
        fb: &NewFeedback,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        Writer::add_feedback(self, number, fb, expected_version)
    }

    fn add_note(
        &self,
        number: ItemNumber,
        note: &NewNote,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        Writer::add_note(self, number, note, expected_version)
    }

    fn add_commendation(
        &self,
        number: ItemNumber,
        commendation: &NewCommendation,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        Writer::add_commendation(self, number, commendation, expected_version)
    }

    fn add_instruction(
        &self,
        number: ItemNumber,
        instruction: &NewInstruction,
        expected_version: Option<i64>,
    ) -> Result<(i64, crate::domain::instruction::InstructionEffect)> {
        Writer::add_instruction(self, number, instruction, expected_version)
    }

    fn snooze(
        &self,
        number: ItemNumber,
        until: Option<chrono::NaiveDate>,
        reason: &str,
        expected_version: Option<i64>,
    ) -> Result<()> {
        Writer::snooze(self, number, until, reason, expected_version)
    }

    fn apply_move_by(
        &self,
        number: ItemNumber,
        mv: Move,
        reason: Option<&str>,
        by: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        Writer::apply_move(self, number, mv, reason, by, expected_version)
    }

    fn submit(
        &self,
        number: ItemNumber,
        report: Option<&NewFeedback>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        Writer::submit(self, number, report, expected_version)
    }

    fn request_extension(
        &self,
        number: ItemNumber,
        new_deadline: chrono::NaiveDate,
        reason: &str,
    ) -> Result<i64> {
        Writer::request_extension(self, number, new_deadline, reason)
    }

    fn decide_extension_by(
        &self,
        number: ItemNumber,
        approve: bool,
        by: Option<&str>,
    ) -> Result<ExtensionDecision> {
        Writer::decide_extension(self, number, approve, by)
    }

    fn add_milestone(
        &self,
        number: ItemNumber,
        title: &str,
        due_on: chrono::NaiveDate,
    ) -> Result<i64> {
        Writer::add_milestone(self, number, title, due_on)
    }

    fn complete_milestone(&self, number: ItemNumber, no: i64) -> Result<()> {
        Writer::complete_milestone(self, number, no)
    }

    fn undo(&mut self) -> Result<Option<Reversal>> {
        Writer::undo(self)
    }

    fn redo(&mut self) -> Result<Option<Reversal>> {
        Writer::redo(self)
    }
}

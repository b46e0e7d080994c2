//! Every write of the store, once, above a backend's row-level primitives ([`Rows`]): load the
//! row, ask the domain's rules, apply what they decide, append the typed event.
//!
//! The rules themselves (which move is legal and what it sets, when an extension may be asked
//! for, what a note or a feedback changes) are the domain's; this module loads what they need,
//! asks them, and hands the backend the columns they set, the records they add, and one event
//! per change through the canonical encoder. Undo and redo (`undo.rs`) are written here too; a
//! backend only stores and reads rows.

mod attach;
mod deadlines;
mod lifecycle;
mod records;
mod register;
#[cfg(test)]
mod tests;
mod undo;

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::model::ItemRow;
use super::rows::{NewEvent, Rows};
use super::{Ctx, event_codec, item_columns, kept_days};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Change, Changes, EventKind, ItemChange, Recorded, Set};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::{Move, Status};
use crate::error::{Error, Result};
use crate::store::model::{
    ItemEdit, NewAttachment, NewCommendation, NewFeedback, NewInstruction, NewItem, NewNote,
};
use crate::store::{Reversal, WriteTx};

/// One transaction's changes over a backend's rows: the store's [`WriteTx`] for any backend.
pub struct Writer<'r, R: Rows + ?Sized> {
    rows: &'r R,
    ctx: Ctx,
    batch: i64,
    departments: HashMap<String, i64>,
    /// The events appended, with their item's id, when kept (a bulk write into an empty
    /// store: each item's days are computed from them, not read and decoded back), until the
    /// items are settled ([`Writer::settle_kept`]).
    kept: RefCell<Option<Kept>>,
    /// The ids of the items this transaction appended events about (their days are computed
    /// again before it commits).
    touched: RefCell<Vec<i64>>,
    /// The chain's head after this transaction's last event (read from the backend before the
    /// first).
    head: std::cell::Cell<Option<crate::domain::history::chain::Hash>>,
}

/// The events of a bulk write kept for computing their items' days.
#[derive(Default)]
struct Kept {
    /// The events appended since the last settling, with their items' ids, in order.
    events: Vec<(i64, Recorded)>,
    /// The highest item id settled so far (items are numbered as they are registered).
    settled: i64,
    /// Items settled and then written again: their days are computed from their whole
    /// history at the end.
    again: Vec<i64>,
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

impl<'r, R: Rows + ?Sized> Writer<'r, R> {
    /// A writer over `rows`, whose events take the batch `batch`.
    pub fn new(rows: &'r R, ctx: &Ctx, batch: i64) -> Self {
        Self {
            rows,
            ctx: ctx.clone(),
            batch,
            departments: HashMap::new(),
            kept: RefCell::new(None),
            touched: RefCell::new(Vec::new()),
            head: std::cell::Cell::new(None),
        }
    }

    /// The ids of the items this transaction appended events about, each once.
    fn touched_items(&self) -> Vec<i64> {
        let mut ids = self.touched.take();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Keeps every event appended from now on, for computing each item's days from them
    /// ([`Writer::settle_kept`]) instead of reading them back; for a write into an empty store,
    /// where the events appended are each item's whole history.
    pub fn keep_events(&self) {
        *self.kept.borrow_mut() = Some(Kept::default());
    }

    /// Keeps the days of the items whose events were kept ([`Writer::keep_events`]), computed
    /// from those events, and lets the events go. An item written again after being settled is
    /// computed from its whole history when [`Writer::keep_days_of_kept`] runs at the end.
    pub fn settle_kept(&self) -> Result<()> {
        let mut kept = self.kept.borrow_mut();
        let Some(kept) = kept.as_mut() else {
            return Ok(());
        };
        let mut events = std::mem::take(&mut kept.events);
        // By item, each item's events staying in the order recorded.
        events.sort_by_key(|(item_id, _)| *item_id);
        let mut own: Vec<Recorded> = Vec::new();
        let mut events = events.into_iter().peekable();
        while let Some((item_id, e)) = events.next() {
            own.push(e);
            if events.peek().is_some_and(|(next, _)| *next == item_id) {
                continue;
            }
            self.rows.write_days(item_id, &kept_days::days(&own))?;
            kept.settled = kept.settled.max(item_id);
            own.clear();
        }
        Ok(())
    }

    /// At the end of a bulk write whose events were kept: settles the rest, then computes
    /// again, from their whole history, the items written after they were settled.
    pub fn keep_days_of_kept(&self) -> Result<()> {
        self.settle_kept()?;
        let mut again = self
            .kept
            .borrow_mut()
            .as_mut()
            .map(|k| std::mem::take(&mut k.again))
            .unwrap_or_default();
        again.sort_unstable();
        again.dedup();
        for item_id in again {
            let events = self.rows.item_events(item_id)?;
            self.rows.write_days(item_id, &kept_days::days(&events))?;
        }
        Ok(())
    }

    /// Keeps again the days of every item this transaction appended events about, computed
    /// from each item's whole history (`store::kept_days`); called once, before the commit.
    pub fn keep_days(&self) -> Result<()> {
        for item_id in self.touched_items() {
            let events = self.rows.item_events(item_id)?;
            self.rows.write_days(item_id, &kept_days::days(&events))?;
        }
        Ok(())
    }

    /// Whether events are kept ([`Writer::keep_events`]).
    pub fn keeps_events(&self) -> bool {
        self.kept.borrow().is_some()
    }

    /// Appends one event, encoded canonically, to the batch of this transaction.
    fn record(&self, item_id: Option<i64>, kind: &EventKind) -> Result<()> {
        use crate::domain::history::chain;
        let data = event_codec::encode(kind);
        let prev = match self.head.get() {
            Some(head) => head,
            None => self.rows.last_hash()?,
        };
        // The time and day as stored, written out once: the chain hashes the very text stored.
        let at = crate::store::dates::stamp(self.ctx.now);
        let on_date = crate::store::dates::day(self.ctx.today);
        let hash = chain::next(
            &prev,
            &chain::Linked {
                batch: self.batch,
                at: &at,
                on_date: &on_date,
                actor: &self.ctx.actor,
                item_id,
                kind: kind.code().code(),
                data: &data,
            },
        );
        self.head.set(Some(hash));
        let id = self.rows.append_event(&NewEvent {
            hash,
            batch: self.batch,
            at: &at,
            on_date: &on_date,
            actor: &self.ctx.actor,
            item_id,
            kind: kind.code(),
            data: &data,
        })?;
        let Some(item_id) = item_id else {
            return Ok(());
        };
        let mut touched = self.touched.borrow_mut();
        if touched.last() != Some(&item_id) {
            touched.push(item_id);
        }
        if let Some(kept) = self.kept.borrow_mut().as_mut() {
            if item_id <= kept.settled && kept.again.last() != Some(&item_id) {
                kept.again.push(item_id);
            }
            kept.events.push((
                item_id,
                Recorded {
                    id,
                    on_date: self.ctx.today,
                    kind: lean(kind),
                },
            ));
        }
        Ok(())
    }

    /// The id of a department, created (with its event) when it is new.
    fn department(&mut self, name: &str) -> Result<i64> {
        if let Some(id) = self.departments.get(name) {
            return Ok(*id);
        }
        let (id, created) = self.rows.department(name)?;
        if created {
            self.record(
                None,
                &EventKind::DepartmentCreated {
                    id,
                    name: name.to_string(),
                },
            )?;
        }
        self.departments.insert(name.to_string(), id);
        Ok(id)
    }

    /// The item with this number, as it is inside this transaction.
    fn load(&self, number: ItemNumber) -> Result<ItemRow> {
        self.rows
            .item(number)?
            .ok_or_else(|| Error::NoSuchItem(number.to_string()))
    }

    /// The item, checked against the version the clerk saw.
    fn load_seen(&self, number: ItemNumber, expected_version: Option<i64>) -> Result<ItemRow> {
        let row = self.load(number)?;
        WriteTx::check_version(self, &row, expected_version)?;
        Ok(row)
    }

    /// Applies what a rule set (each column with its value before), bumps the version, hands
    /// the row to the backend, and appends the event `kind` makes of the change.
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
                let before = item_columns::get(row, s.column);
                item_columns::set(&mut updated, s.column, &s.value);
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
        self.rows.write_row(updated)?;
        self.record(Some(row.id), &kind(on))
    }
}

/// The store's transaction interface, by the writer's own methods (which the files of this
/// module write, by topic).
impl<R: Rows + ?Sized> WriteTx for Writer<'_, R> {
    fn set_clock(&mut self, today: NaiveDate, now: NaiveDateTime) {
        self.ctx.today = today;
        self.ctx.now = now;
    }

    /// The sample office's history is not the clerk's, so the clerk's undo never reaches into
    /// it.
    fn set_actor(&mut self, actor: &str) {
        self.ctx.actor = actor.to_string();
    }

    fn actor(&self) -> &str {
        &self.ctx.actor
    }

    fn today(&self) -> NaiveDate {
        self.ctx.today
    }

    fn settle(&mut self) -> Result<()> {
        self.settle_kept()
    }

    fn item(&self, number: ItemNumber) -> Result<ItemRow> {
        self.load(number)
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

    fn attach(
        &self,
        number: ItemNumber,
        attachment: &NewAttachment,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        Writer::attach(self, number, attachment, expected_version)
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
        until: Option<NaiveDate>,
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
        new_deadline: NaiveDate,
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

    fn add_milestone(&self, number: ItemNumber, title: &str, due_on: NaiveDate) -> Result<i64> {
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

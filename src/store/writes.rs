//! Changes, each appending its event in the same transaction.
//!
//! The rules themselves (which move is legal, when an extension may be asked for) are the
//! domain's; this module loads what they need, asks them, and writes what they allow.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use super::Ctx;
use super::codec::{self, ITEM_ROW_COLUMNS, day};
use super::model::{ItemEdit, ItemRow, NewFeedback, NewItem, NewNote};
use crate::domain::dates::working_deadline;
use crate::domain::extension::{self, Decision, ExtensionRefusal};
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::lifecycle::{self, Move, Status};
use crate::domain::light::assess;
use crate::domain::records;
use crate::domain::timing;
use crate::domain::validate::{self, InputError, Problem};
use crate::error::{Error, Result};
use crate::json::JsonObject as EventData;

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
}

/// One column of an item before and after a change.
struct Change {
    column: &'static str,
    before: Value,
    after: Value,
}

fn text(v: impl Into<Option<String>>) -> Value {
    v.into().map_or(Value::Null, Value::Text)
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>, ctx: &Ctx, batch: i64) -> Self {
        Self {
            tx,
            ctx: ctx.clone(),
            batch,
            departments: HashMap::new(),
            last: std::cell::RefCell::new(None),
            batch_recorded: std::cell::Cell::new(false),
        }
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

    pub(super) fn event(&self, item_id: Option<i64>, kind: &str, data: String) -> Result<()> {
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
                kind,
                data,
            ])?;
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
                let data = EventData::new().int("id", id).str("name", name).finish();
                self.event(None, "department_created", data)?;
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
            "SELECT {ITEM_ROW_COLUMNS} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.year = ?1 AND i.seq = ?2"
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

    pub(super) fn execute_batch(&self, sql: &str) -> Result<()> {
        Ok(self.tx.execute_batch(sql)?)
    }

    /// Writes the pending changes of the last item, if any.
    pub(super) fn flush(&self) -> Result<()> {
        let mut last = self.last.borrow_mut();
        let Some((row, dirty)) = last.as_mut() else {
            return Ok(());
        };
        if !*dirty {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "UPDATE items SET status = ?2, suspended_from = ?3, assigned_on = ?4, \
                 completed_on = ?5, closed_on = ?6, deadline = ?7, last_feedback_on = ?8, \
                 last_percent = ?9, last_note_on = ?10, top_level = ?11, next_milestone_due = ?12, \
                 version = ?13, snoozed_until = ?14, snooze_reason = ?15, \
                 second_milestone_due = ?16, suspended_on = ?17, resumed_on = ?18, \
                 submitted_on = ?19 WHERE id = ?1",
            )?
            .execute(params![
                row.id,
                row.status.code(),
                row.suspended_from.map(|s| s.code()),
                row.assigned_on.map(day),
                row.completed_on.map(day),
                row.closed_on.map(day),
                row.deadline.map(day),
                row.last_feedback_on.map(day),
                row.last_percent,
                row.last_note_on.map(day),
                row.top_level.map(|l| l.code()),
                row.next_milestone_due.map(day),
                row.version,
                row.snoozed_until.map(day),
                row.snooze_reason,
                row.second_milestone_due.map(day),
                row.suspended_on.map(day),
                row.resumed_on.map(day),
                row.submitted_on.map(day),
            ])?;
        *dirty = false;
        Ok(())
    }

    /// Refuses a change made from a stale view: `expected` is the version the clerk saw.
    pub fn check_version(&self, row: &ItemRow, expected: Option<i64>) -> Result<()> {
        match expected {
            Some(v) if v != row.version => Err(Error::Stale {
                expected: v,
                found: row.version,
            }),
            _ => Ok(()),
        }
    }

    /// Changes item columns and bumps the version (written by [`Writer::flush`]), and appends
    /// the event with the columns before and after.
    fn change_item(
        &self,
        row: &ItemRow,
        kind: &str,
        changes: Vec<Change>,
        data: EventData,
    ) -> Result<()> {
        let mut updated = row.clone();
        updated.version += 1;
        for c in &changes {
            codec::apply_column(&mut updated, c.column, &c.after);
        }
        let data = data
            .str("number", &row.number.to_string())
            .int("version", updated.version)
            .columns("before", changes.iter().map(|c| (c.column, &c.before)))
            .columns("after", changes.iter().map(|c| (c.column, &c.after)))
            .finish();
        *self.last.borrow_mut() = Some((updated, true));
        self.event(Some(row.id), kind, data)
    }

    /// Registers an item and returns its number (the next of its registration year). A
    /// deadline on a non-working day is kept on the next working day (顺延).
    pub fn add_item(&mut self, new: &NewItem) -> Result<ItemNumber> {
        validate::in_office_years("--today", new.registered_on)?;
        let new = &NewItem {
            deadline: self.working_day("due", new.deadline)?,
            ..new.clone()
        };
        let year = chrono::Datelike::year(&new.registered_on);
        let seq: u32 = self
            .tx
            .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM items WHERE year = ?1")?
            .query_row([year], |r| r.get(0))?;
        let lead = self.department(&new.lead)?;
        let deadline = new.deadline.map(day);
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
                deadline,
                new.no_deadline_reason,
                day(new.registered_on),
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut co = Vec::new();
        for name in &new.co {
            let dept = self.department(name)?;
            if dept != lead {
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO item_co_departments (item_id, dept_id) VALUES (?1, ?2)",
                    )?
                    .execute([id, dept])?;
                co.push(name.clone());
            }
        }
        let number = ItemNumber { year, seq };
        // The new row is the writer's current item: the moves that usually follow need not
        // read it back.
        self.flush()?;
        *self.last.borrow_mut() = Some((
            ItemRow {
                id,
                number,
                title: new.title.clone(),
                lead_department: new.lead.clone(),
                owner: new.owner.clone(),
                status: Status::Registered,
                source_kind: new.source_kind,
                source_ref: new.source_ref.clone(),
                flags: new.flags,
                urgent: new.urgent,
                cadence: new.cadence,
                deadline: new.deadline,
                registered_on: new.registered_on,
                assigned_on: None,
                completed_on: None,
                closed_on: None,
                last_feedback_on: None,
                last_percent: None,
                last_note_on: None,
                top_level: None,
                next_milestone_due: None,
                suspended_from: None,
                snoozed_until: None,
                snooze_reason: None,
                version: 1,
                second_milestone_due: None,
                suspended_on: None,
                resumed_on: None,
                submitted_on: None,
            },
            false,
        ));
        self.event(
            Some(id),
            "item_registered",
            EventData::new()
                .str("number", &number.to_string())
                .str("title", &new.title)
                .str("requirement", &new.requirement)
                .str("source_kind", new.source_kind.code())
                .str("source_ref", &new.source_ref)
                .opt_str("instruction", new.instruction.as_deref())
                .opt_str("leader", new.leader.as_deref())
                .str("lead_department", &new.lead)
                .strs("co_departments", &co)
                .str("owner", &new.owner)
                .bool("major", new.flags.major)
                .bool("difficult", new.flags.difficult)
                .bool("important", new.flags.important)
                .bool("leader_concerned", new.flags.leader)
                .bool("urgent", new.urgent)
                .str("cadence", new.cadence.code())
                .opt_str("deadline", deadline.as_deref())
                .opt_str("no_deadline_reason", new.no_deadline_reason.as_deref())
                .str("status", Status::Registered.code())
                .str("registered_on", &day(new.registered_on))
                .finish(),
        )?;
        Ok(number)
    }

    /// A deadline or due date as the office keeps it: in its years, on a working day (顺延).
    fn working_day(
        &self,
        field: &'static str,
        day: Option<chrono::NaiveDate>,
    ) -> Result<Option<chrono::NaiveDate>> {
        match day {
            Some(d) => Ok(Some(working_deadline(field, d, &self.ctx.calendar)?.0)),
            None => Ok(None),
        }
    }

    /// Moves an item along its lifecycle, or refuses with the moves allowed.
    pub fn apply_move(
        &self,
        number: ItemNumber,
        mv: Move,
        reason: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if mv.needs_reason() && reason.is_none() {
            return Err(InputError::new("reason", Problem::Empty).into());
        }
        let suspended_from = row.suspended_from;
        let to = lifecycle::apply(row.status, mv, suspended_from)?;
        let today = day(self.ctx.today);
        let mut changes = vec![Change {
            column: "status",
            before: text(row.status.code().to_string()),
            after: text(to.code().to_string()),
        }];
        let date_change = |column, before: Option<String>| Change {
            column,
            before: text(before),
            after: text(today.clone()),
        };
        match mv {
            Move::Assign => changes.push(date_change("assigned_on", row.assigned_on.map(day))),
            Move::Approve => changes.push(date_change("completed_on", None)),
            Move::Close => changes.push(date_change("closed_on", None)),
            Move::Suspend => changes.push(Change {
                column: "suspended_from",
                before: Value::Null,
                after: text(row.status.code().to_string()),
            }),
            Move::Resume => changes.push(Change {
                column: "suspended_from",
                before: text(suspended_from.map(|s| s.code().to_string())),
                after: Value::Null,
            }),
            _ => {}
        }
        let clock = timing::on_move(mv, &row.clock_dates(), self.ctx.today, &self.ctx.calendar);
        let date_columns = [
            ("suspended_on", clock.suspended_on, row.suspended_on),
            ("resumed_on", clock.resumed_on, row.resumed_on),
            ("submitted_on", clock.submitted_on, row.submitted_on),
        ];
        for (column, after, before) in date_columns {
            if let Some(after) = after.filter(|a| *a != before) {
                changes.push(Change {
                    column,
                    before: text(before.map(day)),
                    after: text(after.map(day)),
                });
            }
        }
        if let Some(shift) = clock.deadline {
            changes.push(Change {
                column: "deadline",
                before: text(day(shift.before)),
                after: text(day(shift.after)),
            });
        }
        let data = EventData::new()
            .str("move", mv.code())
            .str("from", row.status.code())
            .str("to", to.code())
            .opt_str("reason", reason);
        // Only a resumption that moved the deadline says by how much.
        let data = match clock.deadline {
            Some(shift) => data.int("suspended_working_days", i64::from(shift.working_days)),
            None => data,
        };
        self.change_item(&row, "status_changed", changes, data)?;
        Ok(to)
    }

    /// Records a request to move the deadline, made before the deadline.
    pub fn request_extension(
        &self,
        number: ItemNumber,
        new_deadline: chrono::NaiveDate,
        reason: &str,
    ) -> Result<i64> {
        let row = self.item(number)?;
        if reason.trim().is_empty() {
            return Err(InputError::new("reason", Problem::Empty).into());
        }
        let (new_deadline, _) = working_deadline("--to", new_deadline, &self.ctx.calendar)?;
        let pending: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM extensions WHERE item_id = ?1 AND decision = 'pending')",
            )?
            .query_row([row.id], |r| r.get(0))?;
        if !row.status.is_running() {
            return Err(ExtensionRefusal::NotRunning {
                status: row.status.code().into(),
            }
            .into());
        }
        extension::check_request(row.deadline, self.ctx.today, new_deadline, pending)?;
        let old = row.deadline.map(day).unwrap_or_default();
        self.tx
            .prepare_cached(
                "INSERT INTO extensions (item_id, requested_on, old_deadline, new_deadline, reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![row.id, day(self.ctx.today), old, day(new_deadline), reason.trim()])?;
        let id = self.tx.last_insert_rowid();
        self.event(
            Some(row.id),
            "extension_requested",
            EventData::new()
                .str("number", &number.to_string())
                .int("extension_id", id)
                .str("old_deadline", &old)
                .str("new_deadline", &day(new_deadline))
                .str("reason", reason.trim())
                .finish(),
        )?;
        Ok(id)
    }

    /// Approves or rejects the pending extension request. Approval moves the deadline that
    /// counts; the original deadline stays recorded.
    pub fn decide_extension(&self, number: ItemNumber, approve: bool) -> Result<Decision> {
        let row = self.item(number)?;
        if !row.status.is_running() {
            return Err(ExtensionRefusal::NotRunning {
                status: row.status.code().into(),
            }
            .into());
        }
        let pending: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, new_deadline FROM extensions WHERE item_id = ?1 AND decision = 'pending'",
            )?
            .query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (ext_id, new_deadline) = pending.ok_or(ExtensionRefusal::NonePending)?;
        let decision = if approve {
            Decision::Approved
        } else {
            Decision::Rejected
        };
        self.tx
            .prepare_cached("UPDATE extensions SET decision = ?2, decided_on = ?3 WHERE id = ?1")?
            .execute(params![ext_id, decision.code(), day(self.ctx.today)])?;
        let data = EventData::new()
            .int("extension_id", ext_id)
            .str("decision", decision.code());
        let changes = if approve {
            vec![Change {
                column: "deadline",
                before: text(row.deadline.map(day)),
                after: text(new_deadline),
            }]
        } else {
            Vec::new()
        };
        self.change_item(&row, "extension_decided", changes, data)?;
        Ok(decision)
    }

    /// Keeps the two earliest open milestones' due dates (one overdue: yellow; two: orange).
    fn refresh_next_milestone(&self, row: &ItemRow, kind: &str, data: EventData) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT due_on FROM milestones WHERE item_id = ?1 AND done_on IS NULL \
             ORDER BY due_on LIMIT 2",
        )?;
        let mut due = stmt
            .query_map([row.id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter();
        let (next, second) = (due.next(), due.next());
        let mut changes = vec![Change {
            column: "next_milestone_due",
            before: text(row.next_milestone_due.map(day)),
            after: text(next),
        }];
        if second != row.second_milestone_due.map(day) {
            changes.push(Change {
                column: "second_milestone_due",
                before: text(row.second_milestone_due.map(day)),
                after: text(second),
            });
        }
        self.change_item(row, kind, changes, data)
    }

    /// Adds a milestone (分解节点) and returns its number within the item (1, 2, …).
    pub fn add_milestone(
        &self,
        number: ItemNumber,
        title: &str,
        due_on: chrono::NaiveDate,
    ) -> Result<i64> {
        let row = self.item(number)?;
        let (due_on, _) = working_deadline("due", due_on, &self.ctx.calendar)?;
        records::check_milestone_due(due_on, row.registered_on)?;
        self.tx
            .prepare_cached("INSERT INTO milestones (item_id, title, due_on) VALUES (?1, ?2, ?3)")?
            .execute(params![row.id, title, day(due_on)])?;
        let id = self.tx.last_insert_rowid();
        let no: i64 = self
            .tx
            .prepare_cached("SELECT count(*) FROM milestones WHERE item_id = ?1")?
            .query_row([row.id], |r| r.get(0))?;
        let data = EventData::new()
            .int("milestone_id", id)
            .int("milestone_no", no)
            .str("title", title)
            .str("due_on", &day(due_on));
        self.refresh_next_milestone(&row, "milestone_added", data)?;
        Ok(no)
    }

    /// Marks the item's milestone number `no` (1-based, in the order added) as done today.
    pub fn complete_milestone(&self, number: ItemNumber, no: i64) -> Result<()> {
        let row = self.item(number)?;
        let found: Option<(i64, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT id, done_on FROM milestones WHERE item_id = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
            )?
            .query_row(params![row.id, no - 1], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (id, done) = found
            .filter(|_| no >= 1)
            .ok_or(Error::NoSuchMilestone(no))?;
        if done.is_some() {
            return Ok(());
        }
        self.tx
            .prepare_cached("UPDATE milestones SET done_on = ?2 WHERE id = ?1")?
            .execute(params![id, day(self.ctx.today)])?;
        let data = EventData::new()
            .int("milestone_id", id)
            .int("milestone_no", no)
            .str("done_on", &day(self.ctx.today));
        self.refresh_next_milestone(&row, "milestone_done", data)
    }

    /// Records progress feedback dated today.
    pub fn add_feedback(
        &self,
        number: ItemNumber,
        fb: &NewFeedback,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        records::check_feedback(row.status)?;
        self.tx
            .prepare_cached(
                "INSERT INTO feedback (item_id, on_date, reporter, text, percent, kind) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                row.id,
                day(self.ctx.today),
                fb.reporter,
                fb.text,
                fb.percent,
                fb.kind.code()
            ])?;
        let id = self.tx.last_insert_rowid();
        let today = self.ctx.today;
        let mut changes = vec![Change {
            column: "last_feedback_on",
            before: text(row.last_feedback_on.map(day)),
            after: text(day(row.last_feedback_on.map_or(today, |d| d.max(today)))),
        }];
        if let Some(p) = fb.percent {
            changes.push(Change {
                column: "last_percent",
                before: row
                    .last_percent
                    .map_or(Value::Null, |p| Value::Integer(p.into())),
                after: Value::Integer(p.into()),
            });
        }
        let data = EventData::new()
            .int("feedback_id", id)
            .str("on_date", &day(today))
            .str("reporter", &fb.reporter)
            .str("text", &fb.text)
            .opt_int("percent", fb.percent.map(i64::from))
            .str("kind", fb.kind.code());
        self.change_item(&row, "feedback_added", changes, data)?;
        Ok(id)
    }

    /// Records an urging or accountability note dated today.
    pub fn add_note(
        &self,
        number: ItemNumber,
        note: &NewNote,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        crate::domain::ladder::check_note(row.status, note.level)?;
        let target = records::note_target(&note.requirement, &note.target, &row.lead_department)?;
        self.tx
            .prepare_cached(
                "INSERT INTO notes (item_id, on_date, level, target, reason, points, requirement) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                row.id,
                day(self.ctx.today),
                note.level.code(),
                target,
                note.reason,
                note.points,
                note.requirement
            ])?;
        let id = self.tx.last_insert_rowid();
        let today = self.ctx.today;
        let top = row.top_level.map_or(note.level, |t| t.max(note.level));
        let changes = vec![
            Change {
                column: "last_note_on",
                before: text(row.last_note_on.map(day)),
                after: text(day(row.last_note_on.map_or(today, |d| d.max(today)))),
            },
            Change {
                column: "top_level",
                before: text(row.top_level.map(|l| l.code().to_string())),
                after: text(top.code().to_string()),
            },
        ];
        let data = EventData::new()
            .int("note_id", id)
            .str("on_date", &day(today))
            .str("level", note.level.code())
            .str("target", &target)
            .str("reason", &note.reason)
            .opt_real("points", note.points)
            .str("requirement", &note.requirement);
        self.change_item(&row, "note_added", changes, data)?;
        Ok(id)
    }

    /// Corrects the descriptive fields of an item. Only changed fields are recorded.
    pub fn edit_item(
        &self,
        number: ItemNumber,
        edit: &ItemEdit,
        expected_version: Option<i64>,
    ) -> Result<bool> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        let requirement: String = self
            .tx
            .prepare_cached("SELECT requirement FROM items WHERE id = ?1")?
            .query_row([row.id], |r| r.get(0))?;
        let mut changes = Vec::new();
        let mut text_change = |column: &'static str, before: &str, after: &str| {
            if before != after {
                changes.push(Change {
                    column,
                    before: text(before.to_string()),
                    after: text(after.to_string()),
                });
            }
        };
        text_change("title", &row.title, &edit.title);
        text_change("requirement", &requirement, &edit.requirement);
        text_change("owner", &row.owner, &edit.owner);
        text_change("source_ref", &row.source_ref, &edit.source_ref);
        text_change("cadence", row.cadence.code(), edit.cadence.code());
        let flag_pairs = [
            ("major", row.flags.major, edit.flags.major),
            ("difficult", row.flags.difficult, edit.flags.difficult),
            ("important", row.flags.important, edit.flags.important),
            ("leader_concerned", row.flags.leader, edit.flags.leader),
            ("urgent", row.urgent, edit.urgent),
        ];
        for (column, before, after) in flag_pairs {
            if before != after {
                changes.push(Change {
                    column,
                    before: Value::Integer(before.into()),
                    after: Value::Integer(after.into()),
                });
            }
        }
        if changes.is_empty() {
            return Ok(false);
        }
        // Descriptive columns are not part of the write-behind row: write them now.
        self.flush()?;
        let mut sql = String::from("UPDATE items SET version = version + 1");
        for (i, c) in changes.iter().enumerate() {
            sql.push_str(&format!(", {} = ?{}", c.column, i + 2));
        }
        sql.push_str(" WHERE id = ?1");
        let mut values = vec![Value::Integer(row.id)];
        values.extend(changes.iter().map(|c| c.after.clone()));
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        let mut updated = row.clone();
        updated.version += 1;
        updated.title = edit.title.clone();
        updated.owner = edit.owner.clone();
        updated.source_ref = edit.source_ref.clone();
        updated.cadence = edit.cadence;
        updated.flags = edit.flags;
        updated.urgent = edit.urgent;
        let data = EventData::new()
            .str("number", &row.number.to_string())
            .int("version", updated.version)
            .columns("before", changes.iter().map(|c| (c.column, &c.before)))
            .columns("after", changes.iter().map(|c| (c.column, &c.after)))
            .finish();
        *self.last.borrow_mut() = Some((updated, false));
        self.event(Some(row.id), "item_edited", data)?;
        Ok(true)
    }

    /// Takes an item out of the triage queue until `until`, saying why; `None` brings it back.
    /// A red item is never snoozed, and never past its deadline.
    pub fn snooze(
        &self,
        number: ItemNumber,
        until: Option<chrono::NaiveDate>,
        reason: &str,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        if let Some(day) = until.filter(|d| *d <= self.ctx.today) {
            return Err(InputError::new(
                "until",
                Problem::NotAfterToday {
                    got: day,
                    today: self.ctx.today,
                },
            )
            .into());
        }
        if let Some(until) = until {
            validate::in_office_years("until", until)?;
            let light = assess(
                &row.facts(),
                self.ctx.today,
                &self.ctx.calendar,
                &self.ctx.rules,
            )
            .light;
            records::check_snooze(light, row.deadline, until)?;
        }
        if until.is_some() && reason.trim().is_empty() {
            return Err(InputError::new("reason", Problem::Empty).into());
        }
        let changes = vec![
            Change {
                column: "snoozed_until",
                before: text(row.snoozed_until.map(day)),
                after: text(until.map(day)),
            },
            Change {
                column: "snooze_reason",
                before: text(row.snooze_reason.clone()),
                after: text(until.map(|_| reason.trim().to_string())),
            },
        ];
        self.change_item(&row, "snoozed", changes, EventData::new())
    }

    /// A completion report: a feedback of kind `completion` and the move to awaiting review.
    pub fn submit(
        &self,
        number: ItemNumber,
        report: Option<&NewFeedback>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        let status = self.apply_move(number, Move::Submit, None, expected_version)?;
        if let Some(fb) = report {
            let fb = NewFeedback {
                kind: FeedbackKind::Completion,
                ..fb.clone()
            };
            self.add_feedback(number, &fb, None)?;
        }
        Ok(status)
    }
}

//! Changes, each appending its event in the same transaction.
//!
//! The rules themselves (which move is legal, when an extension may be asked for) are the
//! domain's; this module loads what they need, asks them, and writes what they allow.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::Ctx;
use super::codec::{self, ITEM_ROW_COLUMNS, day};
use super::model::{ItemRow, NewFeedback, NewItem, NewNote};
use crate::domain::extension::{self, Decision, ExtensionRefusal};
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::lifecycle::{self, Move, Status};
use crate::domain::validate::{InputError, Problem};
use crate::error::{Error, Result};

pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
    ctx: Ctx,
    batch: i64,
    departments: HashMap<String, i64>,
}

/// One column of an item before and after a change.
struct Change {
    column: &'static str,
    before: Value,
    after: Value,
}

fn json_of(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(t) => json!(t),
        Value::Blob(b) => json!(b),
    }
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
        }
    }

    /// Moves the writer's clock, for replaying an office's past (the sample office does).
    pub fn set_clock(&mut self, today: chrono::NaiveDate, now: chrono::NaiveDateTime) {
        self.ctx.today = today;
        self.ctx.now = now;
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.ctx.today
    }

    fn event(&self, item_id: Option<i64>, kind: &str, data: serde_json::Value) -> Result<()> {
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
                data.to_string(),
            ])?;
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
                self.event(None, "department_created", json!({"id": id, "name": name}))?;
                id
            }
        };
        self.departments.insert(name.to_string(), id);
        Ok(id)
    }

    /// The item with this number, as it is inside this transaction.
    pub fn item(&self, number: ItemNumber) -> Result<ItemRow> {
        let sql = format!(
            "SELECT {ITEM_ROW_COLUMNS} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.year = ?1 AND i.seq = ?2"
        );
        self.tx
            .prepare_cached(&sql)?
            .query_row(params![number.year, number.seq], codec::item_row)
            .optional()?
            .ok_or_else(|| Error::NoSuchItem(number.to_string()))
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

    /// Updates item columns, bumps the version, and appends the event with before and after.
    fn change_item(
        &self,
        row: &ItemRow,
        kind: &str,
        changes: Vec<Change>,
        mut data: serde_json::Map<String, serde_json::Value>,
    ) -> Result<()> {
        let mut sql = String::from("UPDATE items SET version = version + 1");
        for (i, c) in changes.iter().enumerate() {
            sql.push_str(&format!(", {} = ?{}", c.column, i + 2));
        }
        sql.push_str(" WHERE id = ?1");
        let mut values: Vec<Value> = vec![Value::Integer(row.id)];
        values.extend(changes.iter().map(|c| c.after.clone()));
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        let mut before = serde_json::Map::new();
        let mut after = serde_json::Map::new();
        for c in &changes {
            before.insert(c.column.to_string(), json_of(&c.before));
            after.insert(c.column.to_string(), json_of(&c.after));
        }
        data.insert("number".into(), json!(row.number.to_string()));
        data.insert("version".into(), json!(row.version + 1));
        data.insert("before".into(), before.into());
        data.insert("after".into(), after.into());
        self.event(Some(row.id), kind, data.into())
    }

    /// Registers an item and returns its number (the next of its registration year).
    pub fn add_item(&mut self, new: &NewItem) -> Result<ItemNumber> {
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
        self.event(
            Some(id),
            "item_registered",
            json!({
                "number": number.to_string(),
                "title": new.title,
                "requirement": new.requirement,
                "source_kind": new.source_kind.code(),
                "source_ref": new.source_ref,
                "instruction": new.instruction,
                "leader": new.leader,
                "lead_department": new.lead,
                "co_departments": co,
                "owner": new.owner,
                "flags": new.flags,
                "urgent": new.urgent,
                "cadence": new.cadence.code(),
                "deadline": deadline,
                "no_deadline_reason": new.no_deadline_reason,
                "status": Status::Registered.code(),
                "registered_on": day(new.registered_on),
            }),
        )?;
        Ok(number)
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
        let suspended_from: Option<String> = self
            .tx
            .prepare_cached("SELECT suspended_from FROM items WHERE id = ?1")?
            .query_row([row.id], |r| r.get(0))?;
        let suspended_from = suspended_from.as_deref().and_then(Status::from_code);
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
        let mut data = serde_json::Map::new();
        data.insert("move".into(), json!(mv.code()));
        data.insert("from".into(), json!(row.status.code()));
        data.insert("to".into(), json!(to.code()));
        data.insert("reason".into(), json!(reason));
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
            json!({"number": number.to_string(), "extension_id": id, "old_deadline": old,
                   "new_deadline": day(new_deadline), "reason": reason.trim()}),
        )?;
        Ok(id)
    }

    /// Approves or rejects the pending extension request. Approval moves the deadline that
    /// counts; the original deadline stays recorded.
    pub fn decide_extension(&self, number: ItemNumber, approve: bool) -> Result<Decision> {
        let row = self.item(number)?;
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
        let mut data = serde_json::Map::new();
        data.insert("extension_id".into(), json!(ext_id));
        data.insert("decision".into(), json!(decision.code()));
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

    fn refresh_next_milestone(&self, row: &ItemRow, kind: &str, data: serde_json::Map<String, serde_json::Value>) -> Result<()> {
        let next: Option<String> = self
            .tx
            .prepare_cached("SELECT min(due_on) FROM milestones WHERE item_id = ?1 AND done_on IS NULL")?
            .query_row([row.id], |r| r.get(0))?;
        let changes = vec![Change {
            column: "next_milestone_due",
            before: text(row.next_milestone_due.map(day)),
            after: text(next),
        }];
        self.change_item(row, kind, changes, data)
    }

    /// Adds a milestone (分解节点) and returns its number within the item (1, 2, …).
    pub fn add_milestone(&self, number: ItemNumber, title: &str, due_on: chrono::NaiveDate) -> Result<i64> {
        let row = self.item(number)?;
        self.tx
            .prepare_cached("INSERT INTO milestones (item_id, title, due_on) VALUES (?1, ?2, ?3)")?
            .execute(params![row.id, title, day(due_on)])?;
        let id = self.tx.last_insert_rowid();
        let no: i64 = self
            .tx
            .prepare_cached("SELECT count(*) FROM milestones WHERE item_id = ?1")?
            .query_row([row.id], |r| r.get(0))?;
        let mut data = serde_json::Map::new();
        data.insert("milestone_id".into(), json!(id));
        data.insert("milestone_no".into(), json!(no));
        data.insert("title".into(), json!(title));
        data.insert("due_on".into(), json!(day(due_on)));
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
        let mut data = serde_json::Map::new();
        data.insert("milestone_id".into(), json!(id));
        data.insert("milestone_no".into(), json!(no));
        data.insert("done_on".into(), json!(day(self.ctx.today)));
        self.refresh_next_milestone(&row, "milestone_done", data)
    }

    /// Records progress feedback dated today.
    pub fn add_feedback(&self, number: ItemNumber, fb: &NewFeedback, expected_version: Option<i64>) -> Result<i64> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        self.tx
            .prepare_cached(
                "INSERT INTO feedback (item_id, on_date, reporter, text, percent, kind) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![row.id, day(self.ctx.today), fb.reporter, fb.text, fb.percent, fb.kind.code()])?;
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
                before: row.last_percent.map_or(Value::Null, |p| Value::Integer(p.into())),
                after: Value::Integer(p.into()),
            });
        }
        let mut data = serde_json::Map::new();
        data.insert("feedback_id".into(), json!(id));
        data.insert("on_date".into(), json!(day(today)));
        data.insert("reporter".into(), json!(fb.reporter));
        data.insert("text".into(), json!(fb.text));
        data.insert("percent".into(), json!(fb.percent));
        data.insert("kind".into(), json!(fb.kind.code()));
        self.change_item(&row, "feedback_added", changes, data)?;
        Ok(id)
    }

    /// Records an urging or accountability note dated today.
    pub fn add_note(&self, number: ItemNumber, note: &NewNote, expected_version: Option<i64>) -> Result<i64> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        self.tx
            .prepare_cached(
                "INSERT INTO notes (item_id, on_date, level, target, reason, points, requirement) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                row.id,
                day(self.ctx.today),
                note.level.code(),
                note.target,
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
        let mut data = serde_json::Map::new();
        data.insert("note_id".into(), json!(id));
        data.insert("on_date".into(), json!(day(today)));
        data.insert("level".into(), json!(note.level.code()));
        data.insert("target".into(), json!(note.target));
        data.insert("reason".into(), json!(note.reason));
        data.insert("points".into(), json!(note.points));
        data.insert("requirement".into(), json!(note.requirement));
        self.change_item(&row, "note_added", changes, data)?;
        Ok(id)
    }

    /// A completion report: a feedback of kind `completion` and the move to awaiting review.
    pub fn submit(&self, number: ItemNumber, report: Option<&NewFeedback>, expected_version: Option<i64>) -> Result<Status> {
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

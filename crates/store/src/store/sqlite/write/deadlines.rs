//! What moves a deadline or divides it: extension requests and their decisions, milestones.

use rusqlite::{OptionalExtension, params};

use super::Writer;
use crate::domain::dates::working_deadline;
use crate::domain::extension::{self, ExtensionDecision, ExtensionRefusal};
use crate::domain::history::{Column, EventKind, ItemChange, Set};
use crate::domain::item::ItemNumber;
use crate::domain::records;
use crate::domain::validate::{InputError, Problem};
use crate::error::{Error, Result};
use crate::store::model::ItemRow;
use crate::store::sqlite::codec::day;

impl Writer<'_> {
    /// Records a request to move the deadline, made before the deadline. A new deadline on a
    /// non-working day is kept on the next working day (顺延).
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
        let (new_deadline, _) = crate::domain::dates::item_deadline(
            "--to",
            new_deadline,
            Some(row.source_kind),
            &self.ctx.calendar,
        )?;
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
        if let Some(old) = row.deadline {
            let approved = self.approved_extensions(row.id)?;
            extension::check_limits(
                &approved,
                (old, new_deadline),
                &self.ctx.rules,
                &self.ctx.calendar,
            )?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO extensions (item_id, requested_on, old_deadline, new_deadline, reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                row.id,
                day(self.ctx.today),
                row.deadline.map(day).unwrap_or_default(),
                day(new_deadline),
                reason.trim()
            ])?;
        let id = self.tx.last_insert_rowid();
        self.record(
            Some(row.id),
            &EventKind::ExtensionRequested {
                number,
                extension_id: id,
                old_deadline: row.deadline,
                new_deadline,
                reason: reason.trim().to_string(),
            },
        )?;
        Ok(id)
    }

    /// Approves or rejects the pending extension request. Approval moves the deadline that
    /// counts; the original deadline stays recorded.
    /// The extensions of an item approved so far: (the deadline before, the deadline after).
    fn approved_extensions(
        &self,
        item_id: i64,
    ) -> Result<Vec<(chrono::NaiveDate, chrono::NaiveDate)>> {
        use crate::store::sqlite::codec::get_day;
        Ok(self
            .tx
            .prepare_cached(
                "SELECT old_deadline, new_deadline FROM extensions \
                 WHERE item_id = ?1 AND decision = 'approved' AND old_deadline <> ''",
            )?
            .query_map([item_id], |r| Ok((get_day(r, 0)?, get_day(r, 1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn decide_extension(
        &self,
        number: ItemNumber,
        approve: bool,
        by: Option<&str>,
    ) -> Result<ExtensionDecision> {
        let row = self.item(number)?;
        if !row.status.is_running() {
            return Err(ExtensionRefusal::NotRunning {
                status: row.status.code().into(),
            }
            .into());
        }
        let pending: Option<(i64, String, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, new_deadline, old_deadline FROM extensions \
                 WHERE item_id = ?1 AND decision = 'pending'",
            )?
            .query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (extension_id, new_deadline, old_deadline) =
            pending.ok_or(ExtensionRefusal::NonePending)?;
        // The office's limits hold at approval too (they may have been set since the request).
        if approve
            && let (Ok(old), Ok(new)) = (
                chrono::NaiveDate::parse_from_str(&old_deadline, "%Y-%m-%d"),
                chrono::NaiveDate::parse_from_str(&new_deadline, "%Y-%m-%d"),
            )
        {
            let approved = self.approved_extensions(row.id)?;
            extension::check_limits(&approved, (old, new), &self.ctx.rules, &self.ctx.calendar)?;
        }
        let by = by.map(str::trim).filter(|b| !b.is_empty());
        let decision = if approve {
            ExtensionDecision::Approved
        } else {
            ExtensionDecision::Rejected
        };
        self.tx
            .prepare_cached("UPDATE extensions SET decision = ?2, decided_on = ?3 WHERE id = ?1")?
            .execute(params![extension_id, decision.code(), day(self.ctx.today)])?;
        let sets = if approve {
            vec![Set {
                column: Column::Deadline,
                value: crate::domain::history::Value::Text(new_deadline),
            }]
        } else {
            Vec::new()
        };
        self.change_item(&row, sets, |on| EventKind::ExtensionDecided {
            extension_id,
            decision,
            by: by.map(str::to_string),
            on,
        })?;
        Ok(decision)
    }

    /// Keeps the two earliest open milestones' due dates (one overdue: yellow; two: orange),
    /// and appends the milestone's event.
    fn milestones_changed(
        &self,
        row: &ItemRow,
        kind: impl FnOnce(ItemChange) -> EventKind,
    ) -> Result<()> {
        let open = self
            .tx
            .prepare_cached("SELECT due_on FROM milestones WHERE item_id = ?1 AND done_on IS NULL")?
            .query_map([row.id], |r| crate::store::sqlite::codec::get_day(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.change_item(row, records::milestone_sets(open), kind)
    }

    /// Adds a milestone (分解节点) and returns its number within the item (1, 2, …). A due date
    /// on a non-working day is kept on the next working day (顺延).
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
        self.milestones_changed(&row, |on| EventKind::MilestoneAdded {
            milestone_id: id,
            milestone_no: no,
            title: title.to_string(),
            due_on,
            on,
        })?;
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
        let today = self.ctx.today;
        self.tx
            .prepare_cached("UPDATE milestones SET done_on = ?2 WHERE id = ?1")?
            .execute(params![id, day(today)])?;
        self.milestones_changed(&row, |on| EventKind::MilestoneDone {
            milestone_id: id,
            milestone_no: no,
            done_on: today,
            on,
        })
    }
}

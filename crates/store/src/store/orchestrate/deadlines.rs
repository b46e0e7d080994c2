//! What moves a deadline or divides it: extension requests and their decisions, milestones.

use super::Writer;
use crate::domain::dates::working_deadline;
use crate::domain::extension::{self, ExtensionDecision, ExtensionRefusal};
use crate::domain::history::{Column, EventKind, ItemChange, Set};
use crate::domain::item::ItemNumber;
use crate::domain::records;
use crate::domain::validate::{InputError, Problem};
use crate::error::{Error, Result};
use crate::store::dates::day;
use crate::store::model::ItemRow;
use crate::store::rows::{ExtensionRow, MilestoneRow, Record, RecordChange, Rows};
use chrono::NaiveDate;

impl<R: Rows + ?Sized> Writer<'_, R> {
    /// Records a request to move the deadline, made before the deadline. A new deadline on a
    /// non-working day is kept on the next working day (顺延).
    pub fn request_extension(
        &self,
        number: ItemNumber,
        new_deadline: chrono::NaiveDate,
        reason: &str,
    ) -> Result<i64> {
        let row = self.load(number)?;
        if reason.trim().is_empty() {
            return Err(InputError::new("reason", Problem::Empty).into());
        }
        let (new_deadline, _) = crate::domain::dates::item_deadline(
            "--to",
            new_deadline,
            Some(row.source_kind),
            &self.ctx.calendar,
        )?;
        let extensions = self.rows.extensions(row.id)?;
        let pending = extensions
            .iter()
            .any(|e| e.decision == ExtensionDecision::Pending);
        if !row.status.is_running() {
            return Err(ExtensionRefusal::NotRunning {
                status: row.status.code().into(),
            }
            .into());
        }
        extension::check_request(row.deadline, self.ctx.today, new_deadline, pending)?;
        if let Some(old) = row.deadline {
            extension::check_limits(
                &approved(&extensions),
                (old, new_deadline),
                &self.ctx.rules,
                &self.ctx.calendar,
            )?;
        }
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Extension {
                requested_on: self.ctx.today,
                old_deadline: row.deadline,
                new_deadline,
                reason: reason.trim(),
            },
        )?;
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
    pub fn decide_extension(
        &self,
        number: ItemNumber,
        approve: bool,
        by: Option<&str>,
    ) -> Result<ExtensionDecision> {
        let row = self.load(number)?;
        if !row.status.is_running() {
            return Err(ExtensionRefusal::NotRunning {
                status: row.status.code().into(),
            }
            .into());
        }
        let extensions = self.rows.extensions(row.id)?;
        let pending = extensions
            .iter()
            .find(|e| e.decision == ExtensionDecision::Pending)
            .ok_or(ExtensionRefusal::NonePending)?;
        // The office's limits hold at approval too (they may have been set since the request).
        if approve && let Some(old) = pending.old_deadline {
            extension::check_limits(
                &approved(&extensions),
                (old, pending.new_deadline),
                &self.ctx.rules,
                &self.ctx.calendar,
            )?;
        }
        let (extension_id, new_deadline) = (pending.id, pending.new_deadline);
        let by = by.map(str::trim).filter(|b| !b.is_empty());
        let decision = if approve {
            ExtensionDecision::Approved
        } else {
            ExtensionDecision::Rejected
        };
        self.rows.update_record(RecordChange::Extension {
            id: extension_id,
            decision,
            decided_on: Some(self.ctx.today),
        })?;
        let sets = if approve {
            vec![Set {
                column: Column::Deadline,
                value: crate::domain::history::Value::Text(day(new_deadline)),
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

    /// Keeps the two earliest due dates of the milestones not done (one overdue: yellow; two:
    /// orange) of `milestones`, the item's milestones as they now stand, and appends the
    /// milestone's event.
    fn milestones_changed(
        &self,
        row: &ItemRow,
        milestones: &[MilestoneRow],
        kind: impl FnOnce(ItemChange) -> EventKind,
    ) -> Result<()> {
        let open = milestones
            .iter()
            .filter(|m| !m.done)
            .map(|m| m.due_on)
            .collect();
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
        let row = self.load(number)?;
        let (due_on, _) = working_deadline("due", due_on, &self.ctx.calendar)?;
        records::check_milestone_due(due_on, row.registered_on)?;
        let id = self
            .rows
            .insert_record(row.id, None, &Record::Milestone { title, due_on })?;
        let milestones = self.rows.milestones(row.id)?;
        let no = i64::try_from(milestones.len()).unwrap_or(i64::MAX);
        self.milestones_changed(&row, &milestones, |on| EventKind::MilestoneAdded {
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
        let row = self.load(number)?;
        let mut milestones = self.rows.milestones(row.id)?;
        let milestone = usize::try_from(no - 1)
            .ok()
            .and_then(|at| milestones.get(at))
            .copied()
            .ok_or(Error::NoSuchMilestone(no))?;
        if milestone.done {
            return Ok(());
        }
        let id = milestone.id;
        let today = self.ctx.today;
        self.rows.update_record(RecordChange::Milestone {
            id,
            done_on: Some(today),
        })?;
        for m in milestones.iter_mut().filter(|m| m.id == id) {
            m.done = true;
        }
        self.milestones_changed(&row, &milestones, |on| EventKind::MilestoneDone {
            milestone_id: id,
            milestone_no: no,
            done_on: today,
            on,
        })
    }
}

/// The extensions of an item approved so far, each as (the deadline before, the deadline after):
/// what the office's limits count.
fn approved(extensions: &[ExtensionRow]) -> Vec<(NaiveDate, NaiveDate)> {
    extensions
        .iter()
        .filter(|e| e.decision == ExtensionDecision::Approved)
        .filter_map(|e| Some((e.old_deadline?, e.new_deadline)))
        .collect()
}

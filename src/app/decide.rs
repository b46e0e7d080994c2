//! Decisions: on the selected item, on every marked item, or on the triage card — each one
//! transaction, so each one undo step.

use chrono::NaiveDate;

use super::failure::Failure;
use super::form::{FieldId, Form};
use super::input;
use super::state::{App, Notice, Overlay};
use super::triage::{self, Decision, Outcome};
use crate::domain::dates::{DateExpr, parse_date_expr};
use crate::domain::extension;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::suggested_next;
use crate::domain::validate::{self, InputError, Problem};
use crate::domain::{Move, Status};
use crate::error::Result;

/// The words an urging is prefilled with; the interface sets them in the clerk's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgeText {
    pub reason: String,
    pub requirement: String,
}

impl Default for UrgeText {
    fn default() -> Self {
        Self {
            reason: "超过办理时限未办结".into(),
            requirement: "三个工作日内报送整改措施和完成时限".into(),
        }
    }
}

impl App {
    /// The item a decision is about: the triage card, else the selected item.
    fn current(&self) -> Option<(i64, ItemNumber)> {
        match &self.triage {
            Some(t) => t.card().map(|c| (c.id, c.number)),
            None => self.selected_key().map(|k| (k.id, k.number)),
        }
    }

    /// The items a decision applies to: the current one, and every marked item with it.
    fn targets(&mut self) -> Result<Vec<(ItemNumber, i64)>> {
        let mut ids: Vec<i64> = self.marked.iter().copied().collect();
        if let Some((id, _)) = self.current()
            && !ids.contains(&id)
        {
            ids.insert(0, id);
        }
        let rows = self.office.store.rows_by_id(&ids)?;
        let mut out: Vec<(ItemNumber, i64)> = Vec::with_capacity(rows.len());
        // The current item first, then the marked ones in number order.
        let first = self.current().map(|(id, _)| id);
        let mut rows = rows;
        rows.sort_by_key(|r| (Some(r.id) != first, r.number));
        for r in rows {
            out.push((r.number, r.version));
        }
        Ok(out)
    }

    pub(super) fn open_decision(&mut self, decision: Decision) -> Result<()> {
        let targets = self.targets()?;
        let Some(&(first, _)) = targets.first() else {
            self.notice = Some(Notice::NoItemSelected);
            return Ok(());
        };
        let row = self.office.store.item_detail(first)?.row;
        let form = match decision {
            Decision::Urge | Decision::Note => {
                let level = suggested_next(row.top_level, row.urgent, row.flags);
                let (reason, requirement) = if decision == Decision::Urge {
                    (
                        self.urge_text.reason.as_str(),
                        self.urge_text.requirement.as_str(),
                    )
                } else {
                    ("", "")
                };
                Form::note(
                    targets,
                    decision == Decision::Urge,
                    level,
                    &row.lead_department,
                    reason,
                    requirement,
                )
            }
            Decision::Feedback => Form::feedback(targets, &row.owner),
            Decision::Extension => Form::extension(targets),
            Decision::Snooze => Form::snooze(targets),
        };
        self.overlay = Overlay::Form(Box::new(form));
        Ok(())
    }

    /// Saves a decision form for all its items in one transaction.
    pub(super) fn save_decision(
        &mut self,
        decision: Decision,
        targets: &[(ItemNumber, i64)],
        form: &Form,
    ) -> std::result::Result<(Outcome, Notice), Failure> {
        let today = self.office.today();
        let count = targets.len();
        let first = targets
            .first()
            .map(|t| t.0)
            .ok_or(Failure::Other(String::new()))?;
        let notice = |single: Notice| {
            if count > 1 {
                Notice::Bulk(count)
            } else {
                single
            }
        };
        match decision {
            Decision::Urge | Decision::Note => {
                let note = input::note(
                    form.value(FieldId::Level),
                    form.value(FieldId::Reason),
                    form.value(FieldId::Target),
                    form.value(FieldId::Points),
                    form.value(FieldId::Require),
                )?;
                self.office.write(|w| {
                    for (n, v) in targets {
                        w.add_note(*n, &note, Some(*v))?;
                    }
                    Ok(())
                })?;
                let outcome = if decision == Decision::Urge {
                    Outcome::Urged(note.level)
                } else {
                    Outcome::Noted(note.level)
                };
                Ok((outcome, notice(Notice::NoteSaved(first))))
            }
            Decision::Feedback => {
                let fb = input::feedback(
                    form.value(FieldId::Text),
                    form.value(FieldId::Percent),
                    form.value(FieldId::Reporter),
                )?;
                self.office.write(|w| {
                    for (n, v) in targets {
                        w.add_feedback(*n, &fb, Some(*v))?;
                    }
                    Ok(())
                })?;
                Ok((Outcome::Feedback, notice(Notice::FeedbackSaved(first))))
            }
            Decision::Extension => {
                let field = FieldId::NewDeadline.code();
                let expr = DateExpr::parse(field, form.value(FieldId::NewDeadline))?;
                let calendar = std::sync::Arc::clone(&self.office.calendar);
                let reason = validate::text("reason", form.value(FieldId::Reason), 10_000)?;
                if reason.is_empty() {
                    return Err(InputError::new("reason", Problem::Empty).into());
                }
                let granted = form.value(FieldId::Grant) == "yes";
                // `+5wd` counts from each item's own deadline.
                let (to, postponed) = self.office.write(|w| {
                    let mut first_to = None;
                    for (n, v) in targets {
                        let row = w.item(*n)?;
                        w.check_version(&row, Some(*v))?;
                        let (to, postponed) =
                            extension::new_deadline(field, expr, row.deadline, today, &calendar)?;
                        w.request_extension(*n, to, &reason)?;
                        if granted {
                            w.decide_extension(*n, true)?;
                        }
                        first_to.get_or_insert((to, postponed));
                    }
                    Ok(first_to.unwrap_or((today, None)))
                })?;
                let single = if granted {
                    Notice::ExtensionDecided(first, true)
                } else {
                    Notice::ExtensionRequested(first)
                };
                let told = match postponed {
                    Some(p) => Notice::Postponed(Box::new(notice(single)), p),
                    None => notice(single),
                };
                Ok((Outcome::Extension { granted, to }, told))
            }
            Decision::Snooze => {
                let until: NaiveDate = parse_date_expr(
                    "until",
                    form.value(FieldId::Until),
                    today,
                    &self.office.calendar,
                )?;
                let reason = validate::text("reason", form.value(FieldId::Reason), 10_000)?;
                self.office.write(|w| {
                    for (n, v) in targets {
                        w.snooze(*n, Some(until), &reason, Some(*v))?;
                    }
                    Ok(())
                })?;
                Ok((
                    Outcome::Snoozed(until),
                    notice(Notice::Snoozed(first, until)),
                ))
            }
        }
    }

    /// After a decision saved: refresh the items, note the outcome on the triage cards, drop
    /// the marks.
    pub(super) fn decided(
        &mut self,
        targets: &[(ItemNumber, i64)],
        outcome: Outcome,
    ) -> Result<()> {
        let numbers: Vec<ItemNumber> = targets.iter().map(|(n, _)| *n).collect();
        self.refresh_items(&numbers)?;
        if let Some(t) = &mut self.triage {
            for (n, _) in targets.iter().skip(1) {
                if let Some(card) = t.queue.iter().find(|c| c.number == *n) {
                    let id = card.id;
                    t.decide_also(id, outcome.clone());
                }
            }
            t.decide(outcome);
        }
        self.marked.clear();
        Ok(())
    }

    /// `d`: the completion report is in (in progress → awaiting review), or it is approved
    /// (awaiting review → completed), where the lifecycle allows.
    pub(super) fn complete(&mut self) -> Result<()> {
        let targets = self.targets()?;
        if targets.is_empty() {
            self.notice = Some(Notice::NoItemSelected);
            return Ok(());
        }
        let result = self.office.write(|w| {
            let mut last = Status::Registered;
            for (n, v) in &targets {
                let row = w.item(*n)?;
                let mv = if row.status == Status::AwaitingReview {
                    Move::Approve
                } else {
                    Move::Submit
                };
                last = w.apply_move(*n, mv, None, Some(*v))?;
            }
            Ok(last)
        });
        match result {
            Ok(status) => {
                let first = targets[0].0;
                self.notice = Some(if targets.len() > 1 {
                    Notice::Bulk(targets.len())
                } else {
                    Notice::Moved(first, status)
                });
                self.decided(&targets, Outcome::Moved(status))
            }
            Err(e) if e.is_user_error() => {
                self.notice = Some(Notice::Failed(e.into()));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    pub(super) fn undo(&mut self, redo: bool) -> Result<()> {
        let result = self
            .office
            .write(|w| if redo { w.redo() } else { w.undo() });
        match result {
            Ok(Some(reversal)) => {
                self.refresh_items(&reversal.items)?;
                if let Some(t) = &mut self.triage {
                    if redo {
                        // The redone action is on the card it was first made on: move past it.
                        if let Some(i) = t
                            .queue
                            .iter()
                            .position(|c| reversal.items.contains(&c.number))
                        {
                            t.pos = i;
                            t.decide(Outcome::Skipped);
                            if let Some(slot) = t.outcomes.get_mut(i) {
                                *slot = None;
                            }
                        }
                    } else {
                        t.undo_last();
                    }
                }
                self.notice = Some(if redo {
                    Notice::Redone(reversal.items)
                } else {
                    Notice::Undone(reversal.items)
                });
            }
            Ok(None) => {
                self.notice = Some(if redo {
                    Notice::NothingToRedo
                } else {
                    Notice::NothingToUndo
                })
            }
            Err(e) if e.is_user_error() => {
                let failure = Failure::from(e);
                if failure == Failure::Stale {
                    self.reload()?;
                }
                self.notice = Some(Notice::Failed(failure));
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    pub(super) fn start_triage(&mut self) -> Result<()> {
        let queue = triage::build(&self.office, &self.ranked, self.today)?;
        self.detail_open = false;
        self.triage = Some(queue);
        self.show_card();
        Ok(())
    }

    /// Keeps the selection (and so the feedback and accountability panes) on the card's item.
    pub(super) fn show_card(&mut self) {
        let Some(id) = self.triage.as_ref().and_then(|t| t.card()).map(|c| c.id) else {
            return;
        };
        if !self.view.iter().any(|&i| self.ranked[i].key.id == id) {
            self.filter = Default::default();
            self.rebuild_view(None);
        }
        if let Some(pos) = self.view.iter().position(|&i| self.ranked[i].key.id == id) {
            self.selected = pos;
            self.scroll_to_selection();
        }
    }

    pub(super) fn toggle_mark(&mut self) {
        if let Some((id, _)) = self.current()
            && !self.marked.remove(&id)
        {
            self.marked.insert(id);
        }
    }

    pub(super) fn mark_all(&mut self) {
        let shown: Vec<i64> = self.view.iter().map(|&i| self.ranked[i].key.id).collect();
        if shown.iter().all(|id| self.marked.contains(id)) {
            self.marked.clear();
        } else {
            self.marked.extend(shown);
        }
    }
}

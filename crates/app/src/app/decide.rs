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
use crate::domain::ladder::suggest;
use crate::domain::lifecycle::{CompletionStep, completion_step};
use crate::domain::validate::{self, InputError, Problem};
use crate::domain::{Move, Status};
use crate::error::Result;
use crate::store::ItemRow;

/// A multi-line text that must not be empty.
pub(super) fn required_text(
    field: &'static str,
    text: &str,
) -> std::result::Result<String, InputError> {
    let text = validate::text(field, text, 10_000)?;
    if text.is_empty() {
        return Err(InputError::new(field, Problem::Empty));
    }
    Ok(text)
}

/// The words an urging is prefilled with for one item: why it is urged and what it must
/// correct, in the office's document language (whatever the interface's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgeText {
    pub reason: String,
    pub requirement: String,
}

impl UrgeText {
    /// The words for an item as the rules read it today: the grounds that are true of it.
    pub fn for_item(
        reading: &crate::domain::light::LightReading,
        rules: &crate::domain::Rules,
        lang: crate::lang::Lang,
    ) -> Self {
        use crate::domain::urging;
        use crate::report::wording;
        let grounds = urging::grounds(reading, rules);
        Self {
            reason: wording::urge_reason(&grounds, lang),
            requirement: wording::urge_requirement(urging::requirement(&grounds), lang).into(),
        }
    }
}

impl<S: crate::store::Backend> App<S> {
    /// The item a decision is about: the triage card, else the selected item.
    fn current(&self) -> Option<(i64, ItemNumber)> {
        match &self.triage {
            Some(t) => t.card().map(|c| (c.id, c.number)),
            None => self.selected_key().map(|k| (k.id, k.number)),
        }
    }

    /// The items a decision applies to, as they are now: the current one first, then every
    /// marked item in number order. The current item carries the version the clerk is looking
    /// at, so that a change made meanwhile by someone else is refused, not overwritten.
    fn target_rows(&mut self) -> Result<Vec<ItemRow>> {
        let mut ids: Vec<i64> = self.marked.iter().copied().collect();
        let first = self.current().map(|(id, _)| id);
        if let Some(id) = first
            && !ids.contains(&id)
        {
            ids.insert(0, id);
        }
        let mut rows = self.office.store.rows_by_id(&ids)?;
        rows.sort_by_key(|r| (Some(r.id) != first, r.number));
        if let (Some(row), Some(seen)) = (rows.first_mut(), self.detail.as_ref())
            && seen.row.id == row.id
        {
            row.version = seen.row.version;
        }
        Ok(rows)
    }

    pub(super) fn open_decision(&mut self, decision: Decision) -> Result<()> {
        let rows = self.target_rows()?;
        let Some(row) = rows.first() else {
            self.notice = Some(Notice::NoItemSelected);
            return Ok(());
        };
        let targets: Vec<(ItemNumber, i64)> = rows.iter().map(|r| (r.number, r.version)).collect();
        let mut form = match decision {
            Decision::Urge | Decision::Note => {
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let ladders = self.office.store.ladders_by_id(&ids)?;
                let repeats = self.office.rules.ladder_repeats;
                let suggestions = rows
                    .iter()
                    .map(|r| {
                        suggest(
                            ladders.get(&r.id).copied().unwrap_or_default(),
                            r.urgent,
                            r.flags,
                            &r.lead_department,
                            repeats,
                        )
                    })
                    .collect();
                // An urging states why each item is urged, from what is true of it today.
                let own = if decision == Decision::Urge {
                    let today = self.office.today();
                    rows.iter()
                        .map(|r| {
                            let reading = self.office.read_light(r, today);
                            UrgeText::for_item(&reading, &self.office.rules, self.doc_lang)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                Form::note(targets, suggestions, decision == Decision::Urge, own)
            }
            Decision::Feedback => Form::feedback(targets, &row.owner),
            Decision::Extension => Form::extension(targets),
            Decision::Snooze => Form::snooze(targets),
        };
        form.follow_level(self.office.rules.score.deduction);
        self.overlay = Overlay::Form(Box::new(form));
        Ok(())
    }

    /// Saves a decision form for all its items in one transaction; the outcome of each item,
    /// in the order of `targets`.
    pub(super) fn save_decision(
        &mut self,
        decision: Decision,
        targets: &[(ItemNumber, i64)],
        form: &Form,
    ) -> std::result::Result<(Vec<Outcome>, Notice), Failure> {
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
        let same = |o: Outcome| vec![o; count];
        match decision {
            Decision::Urge | Decision::Note => {
                let mut notes = Vec::with_capacity(count);
                for p in form.planned_notes()? {
                    // A finished item has nothing left to urge: say that, not that the reason
                    // (which nothing is true of) is empty.
                    let status = self.office.store.item_detail(p.number)?.row.status;
                    crate::domain::ladder::check_note(status, p.level).map_err(Failure::Note)?;
                    let note = input::note(
                        p.level.code(),
                        &p.reason,
                        &p.target,
                        &p.points,
                        &p.requirement,
                    )?;
                    notes.push((p.number, p.version, note));
                }
                self.office.write(|w| {
                    for (n, v, note) in &notes {
                        w.add_note(*n, note, Some(*v))?;
                    }
                    Ok(())
                })?;
                let outcomes = notes
                    .iter()
                    .map(|(_, _, note)| {
                        if decision == Decision::Urge {
                            Outcome::Urged(note.level)
                        } else {
                            Outcome::Noted(note.level)
                        }
                    })
                    .collect();
                Ok((outcomes, notice(Notice::NoteSaved(first))))
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
                Ok((
                    same(Outcome::Feedback),
                    notice(Notice::FeedbackSaved(first)),
                ))
            }
            Decision::Extension => {
                let field = FieldId::NewDeadline.code();
                let expr = DateExpr::parse(field, form.value(FieldId::NewDeadline))?;
                let calendar = std::sync::Arc::clone(&self.office.calendar);
                let reason = required_text("reason", form.value(FieldId::Reason))?;
                let granted = form.value(FieldId::Grant) == "yes";
                // `+5wd` counts from each item's own deadline.
                let moved = self.office.write(|w| {
                    let mut moved = Vec::with_capacity(targets.len());
                    for (n, v) in targets {
                        let row = w.item(*n)?;
                        w.check_version(&row, Some(*v))?;
                        let (to, postponed) = extension::new_deadline(
                            field,
                            expr,
                            row.deadline,
                            row.source_kind,
                            today,
                            &calendar,
                        )?;
                        w.request_extension(*n, to, &reason)?;
                        if granted {
                            w.decide_extension(*n, true)?;
                        }
                        moved.push((to, postponed));
                    }
                    Ok(moved)
                })?;
                let single = if granted {
                    Notice::ExtensionDecided(first, true)
                } else {
                    Notice::ExtensionRequested(first)
                };
                let told = match moved.first().and_then(|(_, p)| *p) {
                    Some(p) => Notice::Postponed(Box::new(notice(single)), p),
                    None => notice(single),
                };
                let outcomes = moved
                    .into_iter()
                    .map(|(to, _)| Outcome::Extension { granted, to })
                    .collect();
                Ok((outcomes, told))
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
                    same(Outcome::Snoozed(until)),
                    notice(Notice::Snoozed(first, until)),
                ))
            }
        }
    }

    /// Saves a completion report (each target moves to awaiting review with the report as a
    /// feedback of kind completion report) or a review (approve, or return with a reason).
    pub(super) fn save_completion(
        &mut self,
        review: bool,
        targets: &[(ItemNumber, i64)],
        form: &Form,
    ) -> std::result::Result<(Vec<Outcome>, Notice), Failure> {
        let first = targets
            .first()
            .map(|t| t.0)
            .ok_or(Failure::Other(String::new()))?;
        let to = if review {
            let returned = match form.value(FieldId::Verdict).trim() {
                "approve" => false,
                "return" => true,
                other => {
                    return Err(InputError::new(
                        "verdict",
                        Problem::UnknownCode {
                            accepted: "approve, return".into(),
                            got: other.into(),
                        },
                    )
                    .into());
                }
            };
            let reason = if returned {
                Some(required_text("reason", form.value(FieldId::Reason))?)
            } else {
                None
            };
            let mv = if returned {
                Move::Return
            } else {
                Move::Approve
            };
            self.office.write(|w| {
                let mut to = Status::Completed;
                for (n, v) in targets {
                    to = w.apply_move(*n, mv, reason.as_deref(), Some(*v))?;
                }
                Ok(to)
            })?
        } else {
            let report = input::feedback(
                form.value(FieldId::Text),
                form.value(FieldId::Percent),
                form.value(FieldId::Reporter),
            )?;
            let file = self.report_file(form)?;
            // One action: the report, and its file kept with each item.
            self.office.write(|w| {
                let mut to = Status::AwaitingReview;
                for (n, v) in targets {
                    to = w.submit(*n, Some(&report), Some(*v))?;
                    if let Some(file) = &file {
                        w.attach(*n, file, None)?;
                    }
                }
                Ok(to)
            })?
        };
        let notice = if targets.len() > 1 {
            Notice::Bulk(targets.len())
        } else {
            Notice::Moved(first, to)
        };
        Ok((vec![Outcome::Moved(to); targets.len()], notice))
    }

    /// After a decision saved: refresh the items, record the outcomes on the triage cards, drop
    /// the marks.
    pub(super) fn decided(
        &mut self,
        targets: &[(ItemNumber, i64)],
        outcomes: Vec<Outcome>,
    ) -> Result<()> {
        let numbers: Vec<ItemNumber> = targets.iter().map(|(n, _)| *n).collect();
        let shown = |d: &Option<crate::store::ItemDetail>| {
            d.as_ref().map(|d| (d.row.number, d.row.version))
        };
        let before = shown(&self.detail);
        self.refresh_items(&numbers)?;
        // A record that leaves the item's version as it was (an extension request) is read
        // too: `A`/`R` right after find the request in the detail. One that raised it was read
        // again by the refresh already (on a server, each read is a dozen round trips).
        if let Some(n) = self.detail.as_ref().map(|d| d.row.number)
            && numbers.contains(&n)
            && shown(&self.detail) == before
        {
            self.detail = Some(self.office.store.item_detail(n)?);
        }
        if let Some(t) = &mut self.triage {
            let mut outcomes = numbers.iter().copied().zip(outcomes);
            if let Some((_, first)) = outcomes.next() {
                let also: Vec<(ItemNumber, Outcome)> = outcomes.collect();
                t.decide(first, &also);
            }
        }
        self.marked.clear();
        Ok(())
    }

    /// `d`: asks for the completion report of items in progress, or for the review of items
    /// awaiting review (DOMAIN.md: the department's report comes in; the office approves or
    /// returns it). Nothing is recorded before the form's Enter.
    pub(super) fn complete(&mut self) -> Result<()> {
        let rows = self.target_rows()?;
        let Some(first) = rows.first() else {
            self.notice = Some(Notice::NoItemSelected);
            return Ok(());
        };
        let steps: std::result::Result<Vec<CompletionStep>, _> =
            rows.iter().map(|r| completion_step(r.status)).collect();
        let targets: Vec<(ItemNumber, i64)> = rows.iter().map(|r| (r.number, r.version)).collect();
        match steps {
            Err(refused) => self.notice = Some(Notice::Failed(Failure::IllegalMove(refused))),
            Ok(steps) if steps.iter().all(|s| *s == CompletionStep::Report) => {
                self.overlay = Overlay::Form(Box::new(Form::report(targets, &first.owner)));
            }
            Ok(steps) if steps.iter().all(|s| *s == CompletionStep::Review) => {
                self.overlay = Overlay::Form(Box::new(Form::review(targets)));
            }
            Ok(_) => self.notice = Some(Notice::Failed(Failure::MixedStages)),
        }
        Ok(())
    }

    /// `A` / `R`: shows the selected item's pending extension request and what approving or
    /// rejecting it does; Enter decides.
    pub(super) fn open_extension_decision(&mut self, approve: bool) {
        let Some(d) = &self.detail else {
            self.notice = Some(Notice::NoItemSelected);
            return;
        };
        match d
            .extensions
            .iter()
            .find(|x| x.decision == crate::domain::extension::ExtensionDecision::Pending)
        {
            Some(x) => {
                self.overlay = Overlay::Form(Box::new(Form::decide_extension(
                    d.row.number,
                    d.row.version,
                    approve,
                    x.old_deadline,
                    x.new_deadline,
                    &x.reason,
                )));
            }
            None => {
                self.notice = Some(Notice::Failed(Failure::Extension(
                    crate::domain::extension::ExtensionRefusal::NonePending,
                )));
            }
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
                    // Only an action taken in this queue moves the queue.
                    let about = |action: Option<&Vec<triage::Decided>>| {
                        action.is_some_and(|a| {
                            a.iter().any(|d| {
                                t.queue
                                    .get(d.card)
                                    .is_some_and(|c| reversal.items.contains(&c.number))
                            })
                        })
                    };
                    if redo && about(t.undone.last()) {
                        t.redo_last();
                    } else if !redo && about(t.actions.last()) {
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
                if matches!(failure, Failure::Stale | Failure::ChangedSince(_)) {
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
        let Some(number) = self
            .triage
            .as_ref()
            .and_then(|t| t.card())
            .map(|c| c.number)
        else {
            return;
        };
        if self.position_in_view(number).is_none() {
            self.filter = Default::default();
            self.rebuild_view(None);
        }
        if let Some(pos) = self.position_in_view(number) {
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

//! The milestone panel (分解节点, `M` in the list and the detail view): the selected item's
//! milestones, a form to add one (due date and text), and Enter to mark the selected one done.
//! The same store writes as `duban milestone`, so the interface and the command line refuse
//! alike.

use super::action::Action;
use super::failure::Failure;
use super::form::{FieldId, Form, FormKind};
use super::state::{App, Notice, Overlay};
use crate::domain::dates::{parse_date_expr, working_deadline};
use crate::domain::item::ItemNumber;
use crate::domain::validate;
use crate::error::Result;

/// The panel over one item's milestones; `selected` is a position in the item's milestones
/// (the order they were added, as `duban milestone --done K` counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestonePanel {
    pub number: ItemNumber,
    pub selected: usize,
}

/// What the status bar says after a milestone was added or marked done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneNotice {
    Added { number: ItemNumber, no: i64 },
    Done { number: ItemNumber, no: i64 },
}

/// Longest milestone text, as the command line allows.
const MAX_TITLE: usize = 500;

impl<S: crate::store::Backend> App<S> {
    /// `M`: the panel of the selected item's milestones, on its first open one.
    pub(super) fn open_milestones(&mut self) {
        match &self.detail {
            Some(d) => {
                let selected = d
                    .milestones
                    .iter()
                    .position(|m| m.done_on.is_none())
                    .unwrap_or(0);
                self.overlay = Overlay::Milestones(MilestonePanel {
                    number: d.row.number,
                    selected,
                });
            }
            None => self.notice = Some(Notice::NoItemSelected),
        }
    }

    /// Keys while the panel is open.
    pub(super) fn update_milestones(&mut self, action: Action) -> Result<()> {
        let count = self.detail.as_ref().map_or(0, |d| d.milestones.len());
        let Overlay::Milestones(panel) = &mut self.overlay else {
            return Ok(());
        };
        let last = count.saturating_sub(1);
        match action {
            Action::Up => panel.selected = panel.selected.saturating_sub(1),
            Action::Down => panel.selected = (panel.selected + 1).min(last),
            Action::Top => panel.selected = 0,
            Action::Bottom => panel.selected = last,
            Action::AddMilestone => {
                let (number, selected) = (panel.number, panel.selected);
                let version = self
                    .detail
                    .as_ref()
                    .filter(|d| d.row.number == number)
                    .map(|d| d.row.version);
                if let Some(version) = version {
                    self.overlay =
                        Overlay::Form(Box::new(Form::add_milestone(number, version, selected)));
                }
            }
            Action::MilestoneDone => self.confirm_milestone_done(),
            // A milestone marked done by mistake is taken back where it was marked.
            Action::Undo | Action::Redo => self.undo(action == Action::Redo)?,
            Action::Back | Action::Milestones | Action::Quit => self.overlay = Overlay::None,
            Action::Resize(w, h) => self.size = (w, h),
            Action::Tick if self.others_committed()? => {
                self.reload()?;
                self.notice = Some(Notice::Refreshed);
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks to confirm the selected milestone done today: Enter records it, Esc goes back to
    /// the panel (a milestone already done stays as it was).
    fn confirm_milestone_done(&mut self) {
        let Overlay::Milestones(panel) = &self.overlay else {
            return;
        };
        let Some(d) = self
            .detail
            .as_ref()
            .filter(|d| d.row.number == panel.number)
        else {
            return;
        };
        let Some(m) = d.milestones.get(panel.selected) else {
            return;
        };
        if m.done_on.is_some() {
            self.notice = Some(Notice::Nothing);
            return;
        }
        self.overlay = Overlay::Form(Box::new(Form::new(
            FormKind::MilestoneDone {
                number: d.row.number,
                version: d.row.version,
                no: panel.selected as i64 + 1,
                title: m.title.clone(),
                on: self.office.today(),
            },
            Vec::new(),
        )));
    }

    /// Records the confirmed milestone done today, back in the panel on it.
    pub(super) fn milestone_done(&mut self, form: &Form) -> Result<()> {
        let FormKind::MilestoneDone {
            number: n,
            version: v,
            no,
            ..
        } = form.kind
        else {
            return Ok(());
        };
        self.overlay = Overlay::Milestones(MilestonePanel {
            number: n,
            selected: usize::try_from(no - 1).unwrap_or(0),
        });
        let done = self.office.write(|w| {
            w.check_version(&w.item(n)?, Some(v))?;
            w.complete_milestone(n, no)
        });
        match done {
            Ok(()) => {
                self.notice = Some(Notice::Milestone(MilestoneNotice::Done { number: n, no }));
                self.refresh_item(n)?;
            }
            Err(e) => {
                let failure = Failure::from(e);
                if failure == Failure::Stale {
                    self.reload()?;
                }
                self.notice = Some(Notice::Failed(failure));
            }
        }
        Ok(())
    }

    /// Saves the add form; back to the panel on the new milestone, or the form stays open with
    /// the refusal beside its field.
    pub(super) fn save_milestone(&mut self, form: &Form) -> Result<()> {
        let FormKind::AddMilestone {
            number, version, ..
        } = form.kind
        else {
            return Ok(());
        };
        let today = self.office.today();
        let calendar = &self.office.calendar;
        let (due_field, title_field) =
            (FieldId::MilestoneDue.code(), FieldId::MilestoneTitle.code());
        let checked =
            validate::required_line(title_field, form.value(FieldId::MilestoneTitle), MAX_TITLE)
                .and_then(|title| {
                    let text = form.value(FieldId::MilestoneDue);
                    let due = parse_date_expr(due_field, text, today, calendar)?;
                    let (due, postponed) = working_deadline(due_field, due, calendar)?;
                    Ok((title, due, postponed))
                });
        let saved = checked
            .map_err(Failure::from)
            .and_then(|(title, due, postponed)| {
                self.office
                    .write(|w| {
                        w.check_version(&w.item(number)?, Some(version))?;
                        w.add_milestone(number, &title, due)
                    })
                    .map(|no| (no, postponed))
                    .map_err(Failure::from)
            });
        match saved {
            Ok((no, postponed)) => {
                self.overlay = Overlay::Milestones(MilestonePanel {
                    number,
                    selected: usize::try_from(no - 1).unwrap_or(0),
                });
                let added = Notice::Milestone(MilestoneNotice::Added { number, no });
                self.notice = Some(match postponed {
                    Some(p) => Notice::Postponed(Box::new(added), p),
                    None => added,
                });
                self.refresh_item(number)?;
            }
            Err(failure) => {
                if failure == Failure::Stale {
                    self.reload()?;
                    self.take_current_versions()?;
                }
                if let Overlay::Form(open) = &mut self.overlay {
                    open.refuse(match failure {
                        Failure::Stale => Failure::StaleKept,
                        other => other,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Where Esc in a form goes back to: the milestone panel from its add form, else the screen.
pub fn form_parent(kind: &FormKind) -> Overlay {
    match kind {
        FormKind::AddMilestone {
            number, selected, ..
        } => Overlay::Milestones(MilestonePanel {
            number: *number,
            selected: *selected,
        }),
        FormKind::MilestoneDone { number, no, .. } => Overlay::Milestones(MilestonePanel {
            number: *number,
            selected: usize::try_from(*no - 1).unwrap_or(0),
        }),
        _ => Overlay::None,
    }
}

//! Undo and redo of a clerk's last action, built on the typed event log.
//!
//! One action is one batch of events (one transaction). Undo writes a new batch that puts
//! every changed column back and removes the records the action added; redo does the action's
//! changes again. Both are events themselves (`undone`, `redone`): history is never erased.

use chrono::NaiveDate;

use super::Writer;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Changes, EventCode, EventKind, Reversed};
use crate::domain::item::ItemNumber;
use crate::error::{Error, Result};
use crate::store::Reversal;
use crate::store::event_codec;
use crate::store::rows::{Record, RecordChange, RecordKind, Rows};

/// How far back undo looks: this many of the clerk's most recent batches.
const HISTORY_BATCHES: i64 = 500;

/// One event of the batch being reversed.
struct Stored {
    id: i64,
    item_id: Option<i64>,
    on_date: NaiveDate,
    kind: EventKind,
}

impl<R: Rows + ?Sized> Writer<'_, R> {
    /// The clerk's undo and redo stacks (batch numbers, most recent last), replayed from the
    /// clerk's recent batches.
    fn stacks(&self) -> Result<(Vec<i64>, Vec<i64>)> {
        let starts = self
            .rows
            .recent_batches(&self.ctx.actor, HISTORY_BATCHES * 20)?;
        let mut done: Vec<i64> = Vec::new();
        let mut redo: Vec<i64> = Vec::new();
        for start in starts {
            // Only an undo's or a redo's payload matters here: which batch it reversed.
            let reversed = match EventCode::from_code(&start.kind) {
                Some(EventCode::Undone | EventCode::Redone) => {
                    match event_codec::decode(start.id, &start.kind, &start.data)? {
                        EventKind::Reversed(r) => Some(r),
                        _ => None,
                    }
                }
                _ => None,
            };
            match reversed {
                Some(r) if r.undo => {
                    done.retain(|x| *x != r.of_batch);
                    redo.push(r.of_batch);
                }
                Some(r) => {
                    redo.retain(|x| *x != r.of_batch);
                    done.push(r.of_batch);
                }
                None => {
                    done.push(start.batch);
                    redo.clear();
                }
            }
        }
        Ok((done, redo))
    }

    /// The events of one batch, decoded.
    fn recorded(&self, batch: i64) -> Result<Vec<Stored>> {
        self.rows
            .batch_events(batch)?
            .into_iter()
            .map(|e| {
                Ok(Stored {
                    id: e.id,
                    item_id: e.item_id,
                    on_date: e.on_date,
                    kind: event_codec::decode(e.id, &e.kind, &e.data)?,
                })
            })
            .collect()
    }

    /// Takes back the clerk's last action (one key press, however many rows it changed).
    /// `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Reversal>> {
        let (done, _) = self.stacks()?;
        let Some(&batch) = done.last() else {
            return Ok(None);
        };
        self.reverse(batch, true).map(Some)
    }

    /// Does again the last action undone. `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Reversal>> {
        let (_, redo) = self.stacks()?;
        let Some(&batch) = redo.last() else {
            return Ok(None);
        };
        self.reverse(batch, false).map(Some)
    }

    fn reverse(&mut self, batch: i64, undo: bool) -> Result<Reversal> {
        let mut events = self.recorded(batch)?;
        // The history as it stood before this reversal: what someone changed since the batch
        // lies between the two.
        let since = events.iter().map(|e| e.id).max().unwrap_or(0);
        let until = self.rows.last_event_id()?;
        if let Some(e) = events.iter().find(|e| !e.kind.code().is_reversible()) {
            return Err(Error::NotReversible(e.kind.code()));
        }
        if undo {
            events.reverse();
        }
        let mut items: Vec<ItemNumber> = Vec::new();
        for e in &events {
            let Some(item_id) = e.item_id else { continue };
            let number = e.kind.number();
            if let Some(n) = number.filter(|n| !items.contains(n)) {
                items.push(n);
            }
            let recorded = e
                .kind
                .item_change()
                .map(|c| c.changes.clone())
                .unwrap_or_default();
            let apply = if undo { recorded.reversed() } else { recorded };
            let version = self
                .put(item_id, &apply, e.kind.item_change().map(|c| c.version))
                .map_err(|err| match err {
                    Error::Stale { .. } => self
                        .changed_since(item_id, since, until, undo, number)
                        .unwrap_or(err),
                    other => other,
                })?;
            self.records(e, item_id, undo)?;
            self.record(
                Some(item_id),
                &EventKind::Reversed(Box::new(Reversed {
                    undo,
                    of_batch: batch,
                    of_event: e.id,
                    of_kind: e.kind.code(),
                    number,
                    version,
                    changes: apply,
                })),
            )?;
        }
        Ok(Reversal { batch, items })
    }

    /// Who changed the item since the batch being reversed, when and how: the last event on it
    /// between `since` and `until`, as a refusal. `None` when no event is found (then the plain
    /// stale refusal stands).
    fn changed_since(
        &self,
        item_id: i64,
        since: i64,
        until: i64,
        undo: bool,
        number: Option<ItemNumber>,
    ) -> Option<Error> {
        let last = self.rows.last_change(item_id, since, until).ok()??;
        Some(Error::ChangedSince(Box::new(crate::error::ChangedSince {
            undo,
            number: number.map(|n| n.to_string()),
            by: last.actor,
            at: last.at.replace('T', " ").chars().take(16).collect(),
            what: EventCode::from_code(&last.kind)?,
        })))
    }

    /// Puts each column from its `before` to its `after` value, bumping the version; a column
    /// someone has changed since cannot be put back without losing that change, and is refused.
    /// The item's version after.
    fn put(&self, item_id: i64, changes: &Changes, recorded_version: Option<i64>) -> Result<i64> {
        for c in changes.iter() {
            let (current, version) = self.rows.column(item_id, c.column)?;
            if current != c.before {
                return Err(Error::Stale {
                    expected: recorded_version.unwrap_or(version),
                    found: version,
                });
            }
        }
        self.rows.put_columns(item_id, &changes.0)
    }

    /// Removes (undo) or puts back (redo) the records an event added, or takes back (undo) or
    /// makes again (redo) the change it made to one.
    fn records(&self, e: &Stored, item_id: i64, undo: bool) -> Result<()> {
        let (kind, id) = match &e.kind {
            EventKind::FeedbackAdded { feedback_id, .. } => (RecordKind::Feedback, *feedback_id),
            EventKind::NoteAdded { note_id, .. } => (RecordKind::Note, *note_id),
            EventKind::Instructed { instruction_id, .. } => {
                (RecordKind::Instruction, *instruction_id)
            }
            EventKind::Commended {
                commendation_id, ..
            } => (RecordKind::Commendation, *commendation_id),
            EventKind::Attached { attachment_id, .. } => (RecordKind::Attachment, *attachment_id),
            EventKind::ExtensionRequested { extension_id, .. } => {
                (RecordKind::Extension, *extension_id)
            }
            EventKind::MilestoneAdded { milestone_id, .. } => {
                (RecordKind::Milestone, *milestone_id)
            }
            EventKind::ExtensionDecided {
                extension_id,
                decision,
                ..
            } => {
                return self.rows.update_record(RecordChange::Extension {
                    id: *extension_id,
                    decision: if undo {
                        ExtensionDecision::Pending
                    } else {
                        *decision
                    },
                    decided_on: (!undo).then_some(e.on_date),
                });
            }
            EventKind::MilestoneDone {
                milestone_id,
                done_on,
                ..
            } => {
                return self.rows.update_record(RecordChange::Milestone {
                    id: *milestone_id,
                    done_on: (!undo).then_some(*done_on),
                });
            }
            _ => return Ok(()),
        };
        if undo {
            return self.rows.delete_record(kind, id);
        }
        let record = added(e).ok_or(Error::NotReversible(e.kind.code()))?;
        self.rows
            .insert_record(item_id, Some(id), &record)
            .map(drop)
    }
}

/// The record an event added, as it was added (a redo puts it back).
fn added(e: &Stored) -> Option<Record<'_>> {
    Some(match &e.kind {
        EventKind::FeedbackAdded {
            on_date,
            reporter,
            text,
            percent,
            kind,
            ..
        } => Record::Feedback {
            on_date: *on_date,
            reporter,
            text,
            percent: *percent,
            kind: *kind,
        },
        EventKind::NoteAdded {
            on_date,
            level,
            target,
            reason,
            points,
            requirement,
            ..
        } => Record::Note {
            on_date: *on_date,
            level: *level,
            target,
            reason,
            points: *points,
            requirement,
        },
        EventKind::Instructed {
            on_date,
            leader,
            sense,
            text,
            deadline,
            ..
        } => Record::Instruction {
            on_date: *on_date,
            leader,
            sense: *sense,
            text,
            deadline: *deadline,
        },
        EventKind::Commended {
            on_date,
            target,
            reason,
            points,
            ..
        } => Record::Commendation {
            on_date: *on_date,
            target,
            reason,
            points: *points,
        },
        EventKind::Attached {
            on_date,
            name,
            kind,
            size,
            sha256,
            note,
            ..
        } => Record::Attachment {
            on_date: *on_date,
            name,
            kind: *kind,
            size: *size,
            sha256,
            note,
        },
        EventKind::ExtensionRequested {
            old_deadline,
            new_deadline,
            reason,
            ..
        } => Record::Extension {
            requested_on: e.on_date,
            old_deadline: *old_deadline,
            new_deadline: *new_deadline,
            reason,
        },
        EventKind::MilestoneAdded { title, due_on, .. } => Record::Milestone {
            title,
            due_on: *due_on,
        },
        _ => return None,
    })
}

//! Moves along the lifecycle, and the completion report that comes with a submission.

use super::Writer;
use crate::domain::history::EventKind;
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::lifecycle::{self, Move, MoveRefusal, Status};
use crate::domain::validate::{InputError, Problem};
use crate::error::{Error, Result};
use crate::store::model::NewFeedback;
use crate::store::rows::Rows;

impl<R: Rows + ?Sized> Writer<'_, R> {
    /// Moves an item along its lifecycle as the domain's [`lifecycle::transition`] decides, or
    /// refuses with the moves allowed.
    pub fn apply_move(
        &self,
        number: ItemNumber,
        mv: Move,
        reason: Option<&str>,
        by: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        let row = self.load_seen(number, expected_version)?;
        let from = row.move_from();
        let t = lifecycle::transition_by(
            &from,
            mv,
            reason,
            by,
            self.ctx.today,
            &self.ctx.calendar,
            &self.ctx.rules,
        )
        .map_err(|refused| match refused {
            MoveRefusal::Illegal(m) => Error::IllegalMove(m),
            MoveRefusal::NoReason { .. } => InputError::new("reason", Problem::Empty).into(),
            MoveRefusal::NoAcknowledger => InputError::new("--by", Problem::Empty).into(),
            refused @ MoveRefusal::NeedsApproval { .. } => Error::Refused(refused),
        })?;
        let to = t.to;
        self.change_item(&row, t.sets, |on| EventKind::StatusChanged {
            mv,
            from: t.from,
            to: t.to,
            reason: t.reason,
            suspended_working_days: t.suspended_working_days,
            by: t.by,
            on,
        })?;
        Ok(to)
    }

    /// A completion report: the move to awaiting review and a feedback of kind `completion`.
    pub fn submit(
        &self,
        number: ItemNumber,
        report: Option<&NewFeedback>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        let status = self.apply_move(number, Move::Submit, None, None, expected_version)?;
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

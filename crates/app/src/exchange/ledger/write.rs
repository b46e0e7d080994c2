//! Writing a checked ledger into the office: each row registered, assigned and moved to the
//! state the ledger gives, on the days it gives, through the same orchestration as every other
//! write (as the sample office is written), so that it works on any backend and the first
//! bulletin after the import is right.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::Entry;
use crate::domain::item::FeedbackKind;
use crate::domain::lifecycle::{Move, Status};
use crate::error::Result;
use crate::store::WriteTx;
use crate::store::model::NewFeedback;

/// What a finished item's approval records: who approved it and when it was submitted are not
/// in a ledger. In the office's document language, as every text duban writes into a record.
pub const IMPORTED_APPROVAL: &str =
    "据台账导入：报送与审核日期按台账所载办结日期登记，审核人台账未载明";

/// What a cancellation records as its reason, after the ledger's own word.
const IMPORTED_CANCEL: &str = "据台账导入，台账所载状态";

/// The completion report of a finished row whose ledger gives no progress.
const NO_REPORT: &str = "台账未载明办结报告内容";

/// Registers every entry, in the order of their registration days (so that numbers rise with
/// time, as in a real office), calling `done` after each with how many are written. The clock
/// and the actor are the transaction's again when it returns.
pub fn write(
    w: &mut dyn WriteTx,
    entries: &[Entry],
    today: NaiveDate,
    now: NaiveDateTime,
    done: &mut dyn FnMut(usize),
) -> Result<usize> {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by_key(|e| e.item.registered_on);
    let result = order.iter().enumerate().try_for_each(|(i, e)| {
        one(w, e, today, now)?;
        done(i + 1);
        Ok(())
    });
    w.set_clock(today, now);
    result.map(|()| order.len())
}

/// Moves the transaction's clock to a day: the import's own moment on today, else a fixed
/// time of that day (the ledger gives days, not times).
fn at(w: &mut dyn WriteTx, day: NaiveDate, today: NaiveDate, now: NaiveDateTime) {
    let moment = if day == today {
        now
    } else {
        day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN))
    };
    w.set_clock(day, moment);
}

fn one(w: &mut dyn WriteTx, e: &Entry, today: NaiveDate, now: NaiveDateTime) -> Result<()> {
    let registered = e.item.registered_on;
    at(w, registered, today, now);
    let n = w.add_item(&e.item)?;
    if e.status == Status::Registered {
        return Ok(());
    }
    // The ledger names the lead department: the item was handed to it.
    w.apply_move(n, Move::Assign, None, None)?;
    if e.status == Status::Assigned {
        return Ok(());
    }
    if e.status == Status::Acknowledged {
        w.apply_move_by(n, Move::Acknowledge, None, Some("台账未载明"), None)?;
        return Ok(());
    }
    if e.status == Status::Cancelled {
        let day = e.finished_on.unwrap_or(today);
        at(w, day, today, now);
        w.apply_move(
            n,
            Move::Cancel,
            Some(&format!("{IMPORTED_CANCEL}：撤销")),
            None,
        )?;
        return Ok(());
    }
    w.apply_move(n, Move::Start, None, None)?;
    if e.status == Status::InProgress {
        if let Some(text) = &e.progress {
            at(w, e.progress_on.unwrap_or(today), today, now);
            w.add_feedback(n, &feedback(text, FeedbackKind::Progress), None)?;
        }
        return Ok(());
    }
    // Submitted, and for a finished item approved (and closed), on the day the ledger gives.
    let day = e.finished_on.unwrap_or(today);
    at(w, day, today, now);
    let report = feedback(
        e.progress.as_deref().unwrap_or(NO_REPORT),
        FeedbackKind::Completion,
    );
    w.submit(n, Some(&report), None)?;
    if e.status == Status::AwaitingReview {
        return Ok(());
    }
    w.apply_move(n, Move::Approve, Some(IMPORTED_APPROVAL), None)?;
    if e.status == Status::Closed {
        w.apply_move(n, Move::Close, None, None)?;
    }
    Ok(())
}

/// Progress or a completion report as the ledger gives it; who reported it, it does not say.
fn feedback(text: &str, kind: FeedbackKind) -> NewFeedback {
    NewFeedback {
        text: text.to_string(),
        percent: None,
        reporter: String::new(),
        kind,
    }
}

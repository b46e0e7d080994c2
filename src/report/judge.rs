//! How one item stands at the end of a period, judged from its replayed history: the one place
//! the bulletin's and the assessment's counting rules live (see `figures` for the list).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::period::Period;
use crate::domain::feedback_due::feedback_status;
use crate::domain::history::{EventKind, ItemState, Recorded, replay_all};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::Status;
use crate::domain::timing::{Timeliness, TimelinessFacts, timeliness};
use crate::domain::{Rules, WorkCalendar};

/// Where one item stands at the end of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    OnTime,
    Late,
    /// Completed, with no deadline to judge by.
    CompletedNoDeadline,
    OpenNotDue,
    OpenOverdue,
    OpenNoDeadline,
    Cancelled,
}

impl Standing {
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            Standing::OnTime | Standing::Late | Standing::CompletedNoDeadline
        )
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            Standing::OpenNotDue | Standing::OpenOverdue | Standing::OpenNoDeadline
        )
    }
}

/// One item in a period: how it stands, and what the bulletin says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged<'a> {
    pub item: &'a ItemState,
    /// The item's source reference, trimmed (the key of its row by source).
    pub source_ref: &'a str,
    pub standing: Standing,
    /// Registered within the period (else carried over).
    pub new: bool,
    /// Open and suspended at the end of the period.
    pub suspended: bool,
    /// Late or overdue: working days from the deadline to the day the department's clock stopped
    /// (or the end of the period, while it runs).
    pub working_days_late: Option<i64>,
    /// Periodic feedback missed in a row at the end of the period (open items).
    pub missed_feedbacks: u32,
}

/// The day each item was cancelled, from the history up to `end`.
pub fn cancellations(events: &[Recorded], end: NaiveDate) -> HashMap<ItemNumber, NaiveDate> {
    let mut out = HashMap::new();
    for e in events.iter().filter(|e| e.on_date <= end) {
        // An undone cancellation leaves a date behind, but the item is judged by its status,
        // which replay put back; the latest cancellation's day wins.
        if let EventKind::StatusChanged { to, on, .. } = &e.kind
            && *to == Status::Cancelled
        {
            out.insert(on.number, e.on_date);
        }
    }
    out
}

/// How one item stands at the end of `period`, or `None` when it is out of scope.
pub fn judge<'a>(
    item: &'a ItemState,
    cancelled_on: Option<NaiveDate>,
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Option<Judged<'a>> {
    let end = period.end();
    if item.registered_on > end {
        return None;
    }
    let finished_before = match item.status {
        Status::Completed | Status::Closed => item.completed_on.is_some_and(|d| d < period.from),
        Status::Cancelled => cancelled_on.is_some_and(|d| d < period.from),
        _ => false,
    };
    if finished_before {
        return None;
    }
    let facts = TimelinessFacts {
        status: item.status,
        deadline: item.deadline,
        submitted_on: item.submitted_on,
        completed_on: item.completed_on,
        suspended_on: item.suspended_on,
    };
    let judged = timeliness(&facts, end);
    let standing = match (item.status, judged) {
        (Status::Cancelled, _) | (_, None) => Standing::Cancelled,
        (_, Some(Timeliness::OnTime)) => Standing::OnTime,
        (_, Some(Timeliness::Late)) => Standing::Late,
        (Status::Completed | Status::Closed, Some(Timeliness::NoDeadline)) => {
            Standing::CompletedNoDeadline
        }
        (_, Some(Timeliness::NoDeadline)) => Standing::OpenNoDeadline,
        (_, Some(Timeliness::OpenOverdue)) => Standing::OpenOverdue,
        (_, Some(Timeliness::OpenNotDue)) => Standing::OpenNotDue,
    };
    // The day the department's clock stopped, or the end of the period while it runs.
    let stopped_on = match item.status {
        Status::Completed | Status::Closed => item.submitted_on.or(item.completed_on),
        Status::AwaitingReview => item.submitted_on,
        Status::Suspended => item.suspended_on,
        _ => None,
    }
    .unwrap_or(end);
    let working_days_late = match (standing, item.deadline) {
        (Standing::Late | Standing::OpenOverdue, Some(deadline)) => {
            Some(cal.working_days_between(deadline, stopped_on).max(0))
        }
        _ => None,
    };
    let missed_feedbacks = if standing.is_open() && item.status != Status::AwaitingReview {
        let last = item
            .feedback
            .iter()
            .map(|f| f.on_date)
            .filter(|d| *d <= end)
            .max();
        let suspended = item
            .suspended_on
            .map(|from| (from, item.resumed_on.filter(|r| *r >= from).unwrap_or(end)));
        feedback_status(
            item.cadence,
            item.assigned_on.unwrap_or(item.registered_on),
            last,
            suspended,
            end,
            rules,
            cal,
        )
        .missed_in_row
    } else {
        0
    };
    Some(Judged {
        item,
        source_ref: crate::text::trimmed(&item.source_ref),
        standing,
        new: item.registered_on >= period.from,
        suspended: standing.is_open() && item.status == Status::Suspended,
        working_days_late,
        missed_feedbacks,
    })
}

/// Every item in scope of `period`, judged, from the history (events in the order recorded).
pub fn judge_all<'a>(
    items: &'a [ItemState],
    cancelled: &HashMap<ItemNumber, NaiveDate>,
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Vec<Judged<'a>> {
    items
        .iter()
        .filter_map(|item| {
            // Only a cancelled item's day counts (looked up for those alone).
            let cancelled_on = match item.status {
                Status::Cancelled => cancelled.get(&item.number).copied(),
                _ => None,
            };
            judge(item, cancelled_on, period, cal, rules)
        })
        .collect()
}

/// Every item as it stood at the end of a period, and the day each cancelled one was
/// cancelled: what the period is judged from. Either the history replayed to the period's end
/// ([`ItemsAtEnd::replayed`], the definition), or the items as the store keeps them on that day
/// ([`ItemsAtEnd::kept`]: `Records::items_as_of`, held equal to the replay by the tests,
/// without reading the history). Both are judged by the same [`judge`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemsAtEnd {
    /// In the order of their numbers.
    pub items: Vec<ItemState>,
    /// The day each item was cancelled (the latest cancellation's day); only a cancelled
    /// item's day is read.
    pub cancelled: HashMap<ItemNumber, NaiveDate>,
}

impl ItemsAtEnd {
    /// The history (events in the order recorded) replayed to the end of `end`.
    pub fn replayed(events: &[Recorded], end: NaiveDate) -> ItemsAtEnd {
        ItemsAtEnd {
            items: replay_all(events, Some(end)).items.into_values().collect(),
            cancelled: cancellations(events, end),
        }
    }

    /// The items as the store keeps them at the end of a period (`Records::items_as_of`),
    /// and the day each cancelled item was cancelled.
    pub fn kept(mut items: Vec<ItemState>, cancelled: HashMap<ItemNumber, NaiveDate>) -> Self {
        // Read in the order of their ids, which is nearly always that of their numbers: the sort
        // then only checks it.
        items.sort_unstable_by_key(|i| i.number);
        ItemsAtEnd { items, cancelled }
    }

    /// Every item in scope of `period`, judged.
    pub fn judged(&self, period: &Period, cal: &WorkCalendar, rules: &Rules) -> Vec<Judged<'_>> {
        judge_all(&self.items, &self.cancelled, period, cal, rules)
    }
}

/// Judges every item of `items` in scope of `period`, and hands them to `f`.
pub fn with_items<T>(
    items: &ItemsAtEnd,
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
    f: impl FnOnce(&[Judged<'_>]) -> T,
) -> T {
    f(&items.judged(period, cal, rules))
}

/// Replays the history to the end of `period`, judges every item in scope, and hands them to
/// `f` (the bulletin and the scores are both made from them).
pub fn with_judged<T>(
    events: &[Recorded],
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
    f: impl FnOnce(&[Judged<'_>]) -> T,
) -> T {
    with_items(
        &ItemsAtEnd::replayed(events, period.end()),
        period,
        cal,
        rules,
        f,
    )
}

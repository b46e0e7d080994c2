//! How one item stands at the end of a period, judged from its replayed history: the one place
//! the bulletin's and the assessment's counting rules live (see `figures` for the list).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::period::Period;
use crate::domain::feedback_due::feedback_status;
use crate::domain::history::{EventKind, ItemState, Recorded, replay_all};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::Status;
use crate::domain::timing::{self, Timeliness, TimelinessFacts, timeliness};
use crate::domain::{Rules, WorkCalendar};

/// Where one item stands at the end of a period: its class (DOMAIN.md, "Reports"). Every item
/// of a period is in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Completed on time.
    OnTime,
    /// Completed late.
    Late,
    /// Completed, with no deadline to judge by.
    CompletedNoDeadline,
    /// Its report awaiting review, submitted by the deadline (or with none to miss): counts in
    /// neither rate until decided.
    ReportedOnTime,
    /// Its report awaiting review, submitted after the deadline (逾期报送待审核): late in the
    /// on-time and overdue rates, whatever the review decides.
    ReportedLate,
    /// In progress, not yet due.
    OpenNotDue,
    /// Overdue and open (超时未办): running past the deadline, or suspended after it (then
    /// marked 中止, [`Judged::suspended`]).
    OpenOverdue,
    /// In progress, with no deadline.
    OpenNoDeadline,
    /// Suspended before its deadline (or with none).
    Suspended,
    /// Cancelled within the period.
    Cancelled,
}

impl Standing {
    /// Every class, in the order the bulletin tells them.
    pub const ALL: [Standing; 10] = [
        Standing::OnTime,
        Standing::Late,
        Standing::CompletedNoDeadline,
        Standing::ReportedOnTime,
        Standing::ReportedLate,
        Standing::OpenNotDue,
        Standing::OpenOverdue,
        Standing::OpenNoDeadline,
        Standing::Suspended,
        Standing::Cancelled,
    ];

    /// Completed (办结): on time, late, or with no deadline.
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            Standing::OnTime | Standing::Late | Standing::CompletedNoDeadline
        )
    }

    /// The report awaiting the office's review (待审核).
    pub fn is_reported(self) -> bool {
        matches!(self, Standing::ReportedOnTime | Standing::ReportedLate)
    }

    /// In progress (在办): not yet due, overdue, or with no deadline.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Standing::OpenNotDue | Standing::OpenOverdue | Standing::OpenNoDeadline
        )
    }

    /// Judged late in the on-time and overdue rates.
    pub fn is_late(self) -> bool {
        matches!(
            self,
            Standing::Late | Standing::ReportedLate | Standing::OpenOverdue
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
    /// Suspended at the end of the period: of class [`Standing::Suspended`], or overdue and
    /// open marked 中止.
    pub suspended: bool,
    /// Late, reported late or overdue: working days from the deadline to the day the
    /// department's clock stopped (or the end of the period, while it runs).
    pub working_days_late: Option<i64>,
    /// Periodic feedback missed in a row at the end of the period (open items).
    pub missed_feedbacks: u32,
    /// Assigned and not acknowledged (未签收) at the end of the period, past the rules' window.
    pub unacknowledged: bool,
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

/// Whether `item` is in scope of `period`: registered by its end, and not completed or
/// cancelled (on `cancelled_on`) before it began.
pub fn in_scope(item: &ItemState, cancelled_on: Option<NaiveDate>, period: &Period) -> bool {
    let finished_before = match item.status {
        Status::Completed | Status::Closed => item.completed_on.is_some_and(|d| d < period.from),
        Status::Cancelled => cancelled_on.is_some_and(|d| d < period.from),
        _ => false,
    };
    item.registered_on <= period.end() && !finished_before
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
    if !in_scope(item, cancelled_on, period) {
        return None;
    }
    let facts = TimelinessFacts {
        status: item.status,
        deadline: item.deadline,
        submitted_on: item.submitted_on,
        completed_on: item.completed_on,
        suspended_on: item.suspended_on,
    };
    let standing = match (item.status, timeliness(&facts, end)) {
        (Status::Cancelled, _) | (_, None) => Standing::Cancelled,
        (_, Some(Timeliness::OnTime)) => Standing::OnTime,
        (_, Some(Timeliness::Late)) => Standing::Late,
        (_, Some(Timeliness::ReportedOnTime)) => Standing::ReportedOnTime,
        (_, Some(Timeliness::ReportedLate)) => Standing::ReportedLate,
        (_, Some(Timeliness::Suspended)) => Standing::Suspended,
        (Status::Completed | Status::Closed, Some(Timeliness::NoDeadline)) => {
            Standing::CompletedNoDeadline
        }
        (_, Some(Timeliness::NoDeadline)) => Standing::OpenNoDeadline,
        (_, Some(Timeliness::OpenOverdue)) => Standing::OpenOverdue,
        (_, Some(Timeliness::OpenNotDue)) => Standing::OpenNotDue,
    };
    let working_days_late = timing::working_days_late(&facts, end, cal);
    let missed_feedbacks =
        if item.status.department_clock_runs() || item.status == Status::Suspended {
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
    let unacknowledged = item.status == Status::Assigned
        && item
            .assigned_on
            .is_some_and(|on| cal.working_days_between(on, end) > rules.acknowledge_working_days);
    Some(Judged {
        item,
        unacknowledged,
        source_ref: crate::text::trimmed(&item.source_ref),
        standing,
        new: item.registered_on >= period.from,
        suspended: item.status == Status::Suspended,
        working_days_late,
        missed_feedbacks,
    })
}

/// Whether `item` has a note, a commendation or a leader's instruction dated within `period`.
fn acted_in(item: &ItemState, period: &Period) -> bool {
    item.notes.iter().any(|n| period.contains(n.on_date))
        || item
            .commendations
            .iter()
            .any(|c| period.contains(c.on_date))
        || item.instructions.iter().any(|i| period.contains(i.on_date))
}

/// The items out of scope of `period` (completed or cancelled before it began) with a note or
/// a commendation dated within it: the period's actions include theirs, whatever the item's
/// status (DOMAIN.md, "Reports"), though the item itself is not counted again.
pub fn acted_on<'a>(
    items: &'a [ItemState],
    cancelled: &HashMap<ItemNumber, NaiveDate>,
    period: &Period,
) -> Vec<&'a ItemState> {
    items
        .iter()
        .filter(|item| item.registered_on <= period.end() && acted_in(item, period))
        .filter(|item| {
            let cancelled_on = match item.status {
                Status::Cancelled => cancelled.get(&item.number).copied(),
                _ => None,
            };
            !in_scope(item, cancelled_on, period)
        })
        .collect()
}

/// Where one item is in a period: in scope and judged, out of scope with a record dated within
/// it (its actions are the period's, [`acted_on`]), or neither.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed<'a> {
    Judged(Judged<'a>),
    Acted(&'a ItemState),
    Out,
}

/// Where `item` (as it stood at the end of `period`; `cancelled_on`: the day it was cancelled,
/// read only when it is) is in `period`: one item of [`judge_all`] or of [`acted_on`], taken
/// one at a time.
pub fn place<'a>(
    item: &'a ItemState,
    cancelled_on: Option<NaiveDate>,
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Placed<'a> {
    let cancelled_on = cancelled_on.filter(|_| item.status == Status::Cancelled);
    match judge(item, cancelled_on, period, cal, rules) {
        Some(j) => Placed::Judged(j),
        None if item.registered_on <= period.end() && acted_in(item, period) => Placed::Acted(item),
        None => Placed::Out,
    }
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

    /// The items out of scope of `period` with actions dated within it ([`acted_on`]).
    pub fn acted_on(&self, period: &Period) -> Vec<&ItemState> {
        acted_on(&self.items, &self.cancelled, period)
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

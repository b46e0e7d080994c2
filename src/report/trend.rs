//! Open overdue items at the end of each of the last weeks (the report screen's sparkline): the
//! bulletin's "open overdue" count (`judge`), taken at several ends from one replay.
//!
//! Replaying the whole history once per week would cost a full replay each. Instead the events
//! are applied once, in day order, and the items are counted each time a week's end is passed.
//! That gives what `replay_all(events, Some(end))` gives at every end for each item whose own
//! events come in day order (events of different items do not touch each other); the few items
//! with a record backdated behind a later one of their own are replayed apart at each end.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::Status;
use crate::domain::history::{ItemState, Recorded, Replayed, replay_all};
use crate::domain::item::ItemNumber;
use crate::domain::timing::{Timeliness, TimelinessFacts, timeliness};

/// Open overdue items at the end of one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekFigure {
    /// The week's last day counted: its Sunday, or `last` for the week that holds it.
    pub end: NaiveDate,
    pub open_overdue: u32,
}

/// The ends of the `weeks` weeks that finish with the week holding `last`, oldest first: each
/// week's Sunday, and `last` itself for its own week.
pub fn week_ends(last: NaiveDate, weeks: usize) -> Vec<NaiveDate> {
    let sunday = last + Days::new(u64::from(6 - last.weekday().num_days_from_monday()));
    (0..weeks)
        .rev()
        .map(|back| {
            if back == 0 {
                last
            } else {
                sunday - Days::new(7 * back as u64)
            }
        })
        .collect()
}

/// Open overdue items at the end of each of the `weeks` weeks ending with the week of `last`,
/// from the history: the definition the report screen's count from the days the store keeps
/// (`app::office::open_overdue_by_week`) is held to by the tests.
pub fn open_overdue_by_week(events: &[Recorded], last: NaiveDate, weeks: usize) -> Vec<WeekFigure> {
    let ends = week_ends(last, weeks);
    // Items with a record backdated behind a later one are replayed apart, to each end; the
    // others once, in day order (stable: events of one day keep the order recorded).
    let disordered = out_of_day_order(events);
    let (apart, mut ordered): (Vec<&Recorded>, Vec<&Recorded>) = events
        .iter()
        .partition(|e| e.kind.number().is_some_and(|n| disordered.contains(&n)));
    ordered.sort_by_key(|e| e.on_date);
    let mut replayed = Replayed::default();
    let mut next = ordered.into_iter().peekable();
    ends.into_iter()
        .map(|end| {
            while let Some(e) = next.next_if(|e| e.on_date <= end) {
                replayed.apply(e);
            }
            let others = if apart.is_empty() {
                0
            } else {
                open_overdue(&replay_all(apart.iter().copied(), Some(end)), end)
            };
            WeekFigure {
                end,
                open_overdue: open_overdue(&replayed, end) + others,
            }
        })
        .collect()
}

/// The items whose events do not all come in day order.
fn out_of_day_order(events: &[Recorded]) -> HashSet<ItemNumber> {
    let mut last: HashMap<ItemNumber, NaiveDate> = HashMap::new();
    let mut out = HashSet::new();
    for e in events {
        if let Some(n) = e.kind.number()
            && let Some(previous) = last.insert(n, e.on_date)
            && previous > e.on_date
        {
            out.insert(n);
        }
    }
    out
}

/// Items open and past their deadline at the end of `end`, as the bulletin counts them.
fn open_overdue(replayed: &Replayed, end: NaiveDate) -> u32 {
    replayed
        .items
        .values()
        .filter(|item| is_open_overdue(item, end))
        .count() as u32
}

/// How many of `items` (as they stood at the end of `end`) are open and past their deadline
/// then, as the bulletin counts them.
pub fn open_overdue_among(items: &[ItemState], end: NaiveDate) -> u32 {
    items
        .iter()
        .filter(|item| is_open_overdue(item, end))
        .count() as u32
}

fn is_open_overdue(item: &ItemState, end: NaiveDate) -> bool {
    if item.registered_on > end || item.status == Status::Cancelled {
        return false;
    }
    let facts = TimelinessFacts {
        status: item.status,
        deadline: item.deadline,
        submitted_on: item.submitted_on,
        completed_on: item.completed_on,
        suspended_on: item.suspended_on,
    };
    timeliness(&facts, end) == Some(Timeliness::OpenOverdue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn twelve_weeks_end_on_sundays_and_the_last_day() {
        let ends = week_ends(d("2026-11-25"), 12);
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[11], d("2026-11-25"));
        assert_eq!(ends[10], d("2026-11-22"));
        assert_eq!(ends[0], d("2026-09-13"));
        assert!(
            ends[..11]
                .iter()
                .all(|e| e.weekday() == chrono::Weekday::Sun)
        );
        // A Sunday is its own week's end.
        assert_eq!(
            week_ends(d("2026-11-29"), 2),
            vec![d("2026-11-22"), d("2026-11-29")]
        );
    }
}

//! Open overdue items at the end of each of the last weeks (the report screen's sparkline): the
//! bulletin's "open overdue" count, taken at each week's end from the items as they stood then
//! (`app::office::open_overdue_by_week` reads them from the days the store keeps).

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::Status;
use crate::domain::history::ItemState;
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

/// How many of `items` (as they stood at the end of `end`) are open and past their deadline
/// then, as the bulletin counts them.
pub fn open_overdue_among(items: &[ItemState], end: NaiveDate) -> u32 {
    items
        .iter()
        .filter(|item| is_open_overdue(item, end))
        .count() as u32
}

/// Whether `item` (as it stood at the end of `end`) is open and past its deadline then.
pub fn is_open_overdue(item: &ItemState, end: NaiveDate) -> bool {
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

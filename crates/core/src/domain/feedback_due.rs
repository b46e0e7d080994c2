//! Periodic feedback: when each period's feedback is due, and how many in a row are missed.

use chrono::{Datelike, Days, NaiveDate};

use super::calendar::WorkCalendar;
use super::item::Cadence;
use super::rules::Rules;

/// Where an item stands with its periodic feedback on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeedbackStatus {
    /// Past due dates with no feedback since the last one that was met, newest run only.
    pub missed_in_row: u32,
    /// The most recent due date that was missed, if any is in the current run.
    pub last_missed: Option<NaiveDate>,
    /// The next due date not yet covered by a feedback.
    pub next_due: Option<NaiveDate>,
}

/// Due dates of a periodic cadence, ascending, starting after `started_on` plus the grace days.
/// Empty for one-off and staged items. A due date on a non-working day moves to the next
/// working day (顺延); two that land on one day (a long holiday) are one. When the office says so
/// (`holiday_weeks_owed_once`, the default), a due date moved into the week of the next
/// period's own due date is owed once for both (DOMAIN.md: a holiday week): the next period's
/// date is not owed again days later.
pub fn due_dates(
    cadence: Cadence,
    started_on: NaiveDate,
    rules: &Rules,
    calendar: &WorkCalendar,
) -> impl Iterator<Item = NaiveDate> {
    let mut last: Option<NaiveDate> = None;
    let merge = rules.holiday_weeks_owed_once;
    let mut scheduled = scheduled_dates(cadence, started_on, rules).peekable();
    std::iter::from_fn(move || {
        loop {
            let day = scheduled.next()?;
            let due = calendar.next_working_day(day);
            if last.is_some_and(|l| due <= l) {
                continue;
            }
            if merge
                && due != day
                && let Some(next) = scheduled.peek()
            {
                let week_of_next =
                    *next - Days::new(u64::from(next.weekday().num_days_from_monday()));
                if due >= week_of_next {
                    scheduled.next();
                }
            }
            last = Some(due);
            return Some(due);
        }
    })
}

/// The due dates as scheduled, before they move off non-working days.
fn scheduled_dates(
    cadence: Cadence,
    started_on: NaiveDate,
    rules: &Rules,
) -> impl Iterator<Item = NaiveDate> {
    let earliest = started_on + Days::new(rules.first_feedback_grace_days.max(0) as u64);
    let day = rules.monthly_due_day.clamp(1, 28);
    let weekly_due = rules.weekly_due;
    let mut next: Option<NaiveDate> = match cadence {
        Cadence::Once | Cadence::Staged => None,
        Cadence::Weekly => {
            let shift = (7 + weekly_due.num_days_from_monday() as i64
                - earliest.weekday().num_days_from_monday() as i64)
                % 7;
            Some(earliest + Days::new(shift as u64))
        }
        Cadence::Monthly | Cadence::Quarterly | Cadence::Annual => {
            let mut d = NaiveDate::from_ymd_opt(earliest.year(), earliest.month(), day);
            while let Some(x) = d {
                if x >= earliest && month_fits(cadence, x.month()) {
                    break;
                }
                d = x.checked_add_months(chrono::Months::new(1));
            }
            d
        }
    };
    std::iter::from_fn(move || {
        let current = next?;
        next = match cadence {
            Cadence::Weekly => current.checked_add_days(Days::new(7)),
            Cadence::Monthly => current.checked_add_months(chrono::Months::new(1)),
            Cadence::Quarterly => current.checked_add_months(chrono::Months::new(3)),
            Cadence::Annual => current.checked_add_months(chrono::Months::new(12)),
            Cadence::Once | Cadence::Staged => None,
        };
        Some(current)
    })
}

fn month_fits(cadence: Cadence, month: u32) -> bool {
    match cadence {
        Cadence::Quarterly => month.is_multiple_of(3),
        Cadence::Annual => month == 12,
        _ => true,
    }
}

/// A due date `D` is met by a feedback dated after the previous due date and on or before `D`.
/// Only the latest feedback matters for what is owed now: every period after the one it falls
/// in, whose due date has passed, is missed. No feedback is owed for a due date within
/// `suspended` (the first and last day of the latest suspension, both included): it is neither
/// met nor missed.
pub fn feedback_status(
    cadence: Cadence,
    started_on: NaiveDate,
    last_feedback_on: Option<NaiveDate>,
    suspended: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    rules: &Rules,
    calendar: &WorkCalendar,
) -> FeedbackStatus {
    let mut status = FeedbackStatus::default();
    // The due date whose period holds the latest feedback: it and everything before is settled.
    let mut covered: Option<NaiveDate> = None;
    let owed = |due: NaiveDate| suspended.is_none_or(|(from, to)| due < from || due > to);
    for due in due_dates(cadence, started_on, rules, calendar).filter(|d| owed(*d)) {
        if let Some(last) = last_feedback_on {
            if covered.is_none() && due >= last {
                // Met: the run of misses can only start after it.
                covered = Some(due);
                continue;
            }
            if covered.is_none() {
                // Before the period of the latest feedback: settled or forgiven.
                continue;
            }
        }
        if due < today {
            status.missed_in_row += 1;
            status.last_missed = Some(due);
        } else {
            status.next_due = Some(due);
            break;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekly_due_dates_are_fridays_after_the_grace() {
        let r = Rules::default();
        let cal = WorkCalendar::default();
        // Started Thursday 2026-11-05: grace 3 days -> first Friday on/after Sunday 11-08 is 11-13.
        let dates: Vec<_> = due_dates(Cadence::Weekly, d("2026-11-05"), &r, &cal)
            .take(3)
            .collect();
        assert_eq!(dates, [d("2026-11-13"), d("2026-11-20"), d("2026-11-27")]);
        assert_eq!(
            due_dates(Cadence::Once, d("2026-11-05"), &r, &cal).count(),
            0
        );
    }

    #[test]
    fn monthly_quarterly_annual() {
        let r = Rules::default();
        let cal = WorkCalendar::default();
        let m: Vec<_> = due_dates(Cadence::Monthly, d("2026-11-24"), &r, &cal)
            .take(2)
            .collect();
        assert_eq!(m, [d("2026-12-25"), d("2027-01-25")]);
        let q: Vec<_> = due_dates(Cadence::Quarterly, d("2026-01-10"), &r, &cal)
            .take(2)
            .collect();
        assert_eq!(q, [d("2026-03-25"), d("2026-06-25")]);
        let a: Vec<_> = due_dates(Cadence::Annual, d("2026-01-10"), &r, &cal)
            .take(1)
            .collect();
        assert_eq!(a, [d("2026-12-25")]);
    }

    #[test]
    fn due_dates_on_non_working_days_move_to_the_next_working_day() {
        let r = Rules::default();
        let cal = WorkCalendar::default();
        let cases: [(Cadence, &str, [&str; 3]); 3] = [
            // The 25th of April 2026 is a Saturday; 09-25 is the Mid-Autumn holiday.
            (
                Cadence::Monthly,
                "2026-03-30",
                ["2026-04-27", "2026-05-25", "2026-06-25"],
            ),
            (
                Cadence::Quarterly,
                "2026-04-01",
                ["2026-06-25", "2026-09-28", "2026-12-25"],
            ),
            // Holiday weeks: 09-25 (Mid-Autumn) moves to Monday 09-28, into the week of the next
            // Friday, 10-02: owed once for both; the next is Friday 10-09.
            (
                Cadence::Weekly,
                "2026-09-18",
                ["2026-09-28", "2026-10-09", "2026-10-16"],
            ),
        ];
        // An office that owes every week: 10-02 (National Day) moves to 10-08, and the 9th is
        // owed again the next day.
        let every_week = Rules {
            holiday_weeks_owed_once: false,
            ..Rules::default()
        };
        let got: Vec<_> = due_dates(Cadence::Weekly, d("2026-09-18"), &every_week, &cal)
            .take(3)
            .collect();
        assert_eq!(got, [d("2026-09-28"), d("2026-10-08"), d("2026-10-09")]);
        for (cadence, start, want) in cases {
            let got: Vec<_> = due_dates(cadence, d(start), &r, &cal).take(3).collect();
            let want: Vec<_> = want.iter().map(|s| d(s)).collect();
            assert_eq!(got, want, "{cadence} from {start}");
        }
        // A missed feedback is judged by the moved date: nothing is missed on the holiday.
        let s = feedback_status(
            Cadence::Monthly,
            d("2026-03-30"),
            None,
            None,
            d("2026-04-27"),
            &r,
            &cal,
        );
        assert_eq!((s.missed_in_row, s.next_due), (0, Some(d("2026-04-27"))));
    }

    #[test]
    fn missed_in_a_row() {
        let r = Rules::default();
        let start = d("2026-11-05"); // due 11-13, 11-20, 11-27
        let cases = [
            // (last feedback, today, missed in row, next due)
            (None, d("2026-11-13"), 0, Some(d("2026-11-13"))),
            (None, d("2026-11-14"), 1, Some(d("2026-11-20"))),
            (None, d("2026-11-25"), 2, Some(d("2026-11-27"))),
            (
                Some(d("2026-11-12")),
                d("2026-11-25"),
                1,
                Some(d("2026-11-27")),
            ),
            (
                Some(d("2026-11-19")),
                d("2026-11-25"),
                0,
                Some(d("2026-11-27")),
            ),
            (
                Some(d("2026-11-24")),
                d("2026-11-25"),
                0,
                Some(d("2026-12-04")),
            ),
            (
                Some(d("2026-11-20")),
                d("2026-11-20"),
                0,
                Some(d("2026-11-27")),
            ),
        ];
        for (last, today, missed, next) in cases {
            let s = feedback_status(
                Cadence::Weekly,
                start,
                last,
                None,
                today,
                &r,
                &WorkCalendar::default(),
            );
            assert_eq!(
                (s.missed_in_row, s.next_due),
                (missed, next),
                "{last:?} {today}"
            );
        }
    }

    #[test]
    fn no_feedback_is_owed_while_suspended() {
        let r = Rules::default();
        let start = d("2026-11-05"); // due 11-13, 11-20, 11-27, 12-04
        let cases = [
            // (last feedback, suspended from–to, today, missed in row, next due)
            (None, None, d("2026-11-30"), 3, Some(d("2026-12-04"))),
            // Suspended 11-12 to 11-30: the three due dates within are not owed.
            (
                None,
                Some(("2026-11-12", "2026-11-30")),
                d("2026-11-30"),
                0,
                Some(d("2026-12-04")),
            ),
            // Owed again after the resumption.
            (
                None,
                Some(("2026-11-12", "2026-11-30")),
                d("2026-12-07"),
                1,
                Some(d("2026-12-11")),
            ),
            // A due date on the day of suspension or of resumption is not owed either.
            (
                Some(d("2026-11-12")),
                Some(("2026-11-20", "2026-11-27")),
                d("2026-11-30"),
                0,
                Some(d("2026-12-04")),
            ),
            // Missed before the suspension stays missed.
            (
                None,
                Some(("2026-11-16", "2026-11-30")),
                d("2026-11-30"),
                1,
                Some(d("2026-12-04")),
            ),
        ];
        for (last, paused, today, missed, next) in cases {
            let paused = paused.map(|(a, b)| (d(a), d(b)));
            let s = feedback_status(
                Cadence::Weekly,
                start,
                last,
                paused,
                today,
                &r,
                &WorkCalendar::default(),
            );
            assert_eq!(
                (s.missed_in_row, s.next_due),
                (missed, next),
                "{last:?} {paused:?} {today}"
            );
        }
    }

    #[test]
    fn one_off_items_never_miss() {
        let s = feedback_status(
            Cadence::Once,
            d("2020-01-01"),
            None,
            None,
            d("2026-11-25"),
            &Rules::default(),
            &WorkCalendar::default(),
        );
        assert_eq!(s, FeedbackStatus::default());
    }
}

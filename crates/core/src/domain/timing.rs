//! Whose clock runs (DOMAIN.md, Lifecycle): suspension stops the item's clock, and the lead
//! department's clock stops when it submits its completion report.
//!
//! [`on_move`] says which dates a lifecycle move sets or clears and how the deadline moves; the
//! store writes what it returns. [`timeliness`] judges an item on time or late by the date of
//! its approved submission.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::lifecycle::{Move, Status};

/// The clock dates of an item, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockDates {
    pub deadline: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    pub resumed_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
}

/// A deadline moved by the working days an item spent suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineShift {
    pub working_days: u32,
    pub before: NaiveDate,
    pub after: NaiveDate,
}

/// What a move does to the clock dates: each `Some` is the column's new value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockEffect {
    pub suspended_on: Option<Option<NaiveDate>>,
    pub resumed_on: Option<Option<NaiveDate>>,
    pub submitted_on: Option<Option<NaiveDate>>,
    /// Set on resumption when the item has a deadline and spent working days suspended.
    pub deadline: Option<DeadlineShift>,
}

/// Working days spent suspended from `suspended_on` to `today`: the working days after the day
/// of suspension up to and including the day of resumption (suspended and resumed on the same
/// day: none).
pub fn suspended_working_days(
    suspended_on: NaiveDate,
    today: NaiveDate,
    cal: &WorkCalendar,
) -> u32 {
    u32::try_from(cal.working_days_between(suspended_on, today).max(0)).unwrap_or(0)
}

/// The effect of `mv` on the clock dates, made on `today`:
/// - suspend records the day the clock stopped (and forgets the last resumption);
/// - resume records the day it ran again and moves the deadline by the working days spent
///   suspended (an item already late when suspended stays exactly as late);
/// - submit records the day the department's clock stopped; return clears it (a returned
///   report does not count, and the clock runs again); approve keeps it, as the date on time
///   or late is judged by.
pub fn on_move(mv: Move, dates: &ClockDates, today: NaiveDate, cal: &WorkCalendar) -> ClockEffect {
    let mut effect = ClockEffect::default();
    match mv {
        Move::Suspend => {
            effect.suspended_on = Some(Some(today));
            effect.resumed_on = Some(None);
        }
        Move::Resume => {
            effect.resumed_on = Some(Some(today));
            if let (Some(deadline), Some(since)) = (dates.deadline, dates.suspended_on) {
                let n = suspended_working_days(since, today, cal);
                if n > 0 {
                    effect.deadline = Some(DeadlineShift {
                        working_days: n,
                        before: deadline,
                        after: cal.add_working_days(deadline, n),
                    });
                }
            }
        }
        Move::Submit => effect.submitted_on = Some(Some(today)),
        Move::Return => effect.submitted_on = Some(None),
        _ => {}
    }
    effect
}

/// How an item stands by its clock, as the office's bulletin counts it (DOMAIN.md, "Reports":
/// every item in exactly one class). Cancelled items are not judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    /// Completed, its approved report submitted on or before the deadline.
    OnTime,
    /// Completed, its approved report submitted after the deadline.
    Late,
    /// Awaiting review, the report submitted by the deadline (or with no deadline to miss):
    /// neither on time nor late until the office decides.
    ReportedOnTime,
    /// Awaiting review, the report submitted after the deadline (逾期报送待审核): late by the
    /// working days to the submission whatever the review decides; not urged, not open overdue.
    ReportedLate,
    /// Not completed, and the department's clock passed the deadline: running past it, or
    /// suspended after it (the lateness frozen at the suspension).
    OpenOverdue,
    /// Running, and the deadline not passed.
    OpenNotDue,
    /// Suspended before its deadline (or with none): the clock stopped in time.
    Suspended,
    /// Completed or running, with no deadline to judge by.
    NoDeadline,
}

/// What [`timeliness`] judges by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelinessFacts {
    pub status: Status,
    /// The deadline that counts: the original one unless an extension was approved. (The
    /// store's `deadline` is exactly that: only an approved extension moves it, besides the
    /// working days spent suspended, which the clock did not run.)
    pub deadline: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// Start of the latest suspension (read only while suspended).
    pub suspended_on: Option<NaiveDate>,
}

/// The day the department's clock stopped, or `today` while it runs: the approved submission
/// (for records older than submission dates, the completion), the pending submission while a
/// report awaits review, the day of suspension while suspended. `None` for a cancelled item.
pub fn stopped_on(f: &TimelinessFacts, today: NaiveDate) -> Option<NaiveDate> {
    Some(match f.status {
        Status::Cancelled => return None,
        Status::Completed | Status::Closed => f.submitted_on.or(f.completed_on).unwrap_or(today),
        Status::AwaitingReview => f.submitted_on.unwrap_or(today),
        Status::Suspended => f.suspended_on.unwrap_or(today),
        Status::Registered | Status::Assigned | Status::Acknowledged | Status::InProgress => today,
    })
}

/// How the item stands on `today`, judged on the day the department's clock stopped (see
/// [`stopped_on`]). Cancelled items are not judged.
pub fn timeliness(f: &TimelinessFacts, today: NaiveDate) -> Option<Timeliness> {
    let stopped = stopped_on(f, today)?;
    let past = f.deadline.map(|deadline| stopped > deadline);
    Some(match (f.status, past) {
        (Status::Cancelled, _) => return None,
        (Status::Completed | Status::Closed, Some(false)) => Timeliness::OnTime,
        (Status::Completed | Status::Closed, Some(true)) => Timeliness::Late,
        (Status::AwaitingReview, Some(true)) => Timeliness::ReportedLate,
        (Status::AwaitingReview, _) => Timeliness::ReportedOnTime,
        (Status::Suspended, Some(true)) => Timeliness::OpenOverdue,
        (Status::Suspended, _) => Timeliness::Suspended,
        (_, None) => Timeliness::NoDeadline,
        (_, Some(true)) => Timeliness::OpenOverdue,
        (_, Some(false)) => Timeliness::OpenNotDue,
    })
}

/// Working days late of an item judged late, reported late or open overdue: from the deadline
/// to the day its clock stopped (frozen there while suspended or awaiting review), or to
/// `today` while it runs. `None` for any other class.
pub fn working_days_late(f: &TimelinessFacts, today: NaiveDate, cal: &WorkCalendar) -> Option<i64> {
    match timeliness(f, today)? {
        Timeliness::Late | Timeliness::ReportedLate | Timeliness::OpenOverdue => {
            let (deadline, stopped) = (f.deadline?, stopped_on(f, today)?);
            Some(cal.working_days_between(deadline, stopped).max(0))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn moves_set_and_clear_the_clock_dates() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let dates = ClockDates {
            deadline: Some(d("2026-12-01")),
            suspended_on: Some(d("2026-11-02")),
            resumed_on: None,
            submitted_on: Some(d("2026-11-20")),
        };
        let cases = [
            (
                Move::Suspend,
                ClockEffect {
                    suspended_on: Some(Some(today)),
                    resumed_on: Some(None),
                    ..ClockEffect::default()
                },
            ),
            (
                Move::Submit,
                ClockEffect {
                    submitted_on: Some(Some(today)),
                    ..ClockEffect::default()
                },
            ),
            (
                Move::Return,
                ClockEffect {
                    submitted_on: Some(None),
                    ..ClockEffect::default()
                },
            ),
            (Move::Approve, ClockEffect::default()),
            (Move::Assign, ClockEffect::default()),
            (
                // Suspended Mon 11-02, resumed Wed 11-25: 17 working days (11-03 … 11-25).
                Move::Resume,
                ClockEffect {
                    resumed_on: Some(Some(today)),
                    deadline: Some(DeadlineShift {
                        working_days: 17,
                        before: d("2026-12-01"),
                        after: d("2026-12-24"),
                    }),
                    ..ClockEffect::default()
                },
            ),
        ];
        for (mv, want) in cases {
            assert_eq!(on_move(mv, &dates, today, &cal), want, "{mv}");
        }
    }

    #[test]
    fn resume_without_time_lost_or_deadline_moves_nothing() {
        let cal = WorkCalendar::default();
        let cases = [
            // (deadline, suspended on, resumed on)
            (Some("2026-12-31"), Some("2026-11-25"), "2026-11-25"), // same day
            (Some("2026-12-31"), Some("2026-11-27"), "2026-11-29"), // Fri → Sun: weekend only
            (None, Some("2026-11-02"), "2026-11-25"),               // no deadline
            (Some("2026-12-31"), None, "2026-11-25"),               // suspended before schema 4
        ];
        for (deadline, since, today) in cases {
            let dates = ClockDates {
                deadline: deadline.map(d),
                suspended_on: since.map(d),
                ..ClockDates::default()
            };
            let e = on_move(Move::Resume, &dates, d(today), &cal);
            assert_eq!(e.deadline, None, "{deadline:?} {since:?} {today}");
            assert_eq!(e.resumed_on, Some(Some(d(today))));
        }
    }

    #[test]
    fn a_late_item_suspended_stays_as_late() {
        let cal = WorkCalendar::default();
        let dates = ClockDates {
            deadline: Some(d("2026-11-10")),
            suspended_on: Some(d("2026-11-17")),
            ..ClockDates::default()
        };
        let today = d("2026-11-24");
        let late_before = cal.working_days_between(d("2026-11-10"), d("2026-11-17"));
        let shift = on_move(Move::Resume, &dates, today, &cal).deadline.unwrap();
        assert_eq!(shift.working_days, 5);
        assert_eq!(cal.working_days_between(shift.after, today), late_before);
    }

    #[test]
    fn timeliness_by_the_approved_submission() {
        use Status as S;
        use Timeliness as T;
        let today = d("2026-11-25");
        let base = TimelinessFacts {
            status: S::Completed,
            deadline: Some(d("2026-11-20")),
            submitted_on: Some(d("2026-11-19")),
            completed_on: Some(d("2026-11-24")),
            suspended_on: None,
        };
        let with = |f: &dyn Fn(&mut TimelinessFacts)| {
            let mut x = base;
            f(&mut x);
            x
        };
        let cases = [
            // Submitted before the deadline, approved after it: on time.
            (base, Some(T::OnTime)),
            (with(&|x| x.status = S::Closed), Some(T::OnTime)),
            (
                with(&|x| x.submitted_on = Some(d("2026-11-23"))),
                Some(T::Late),
            ),
            // Records older than submission dates: judged by the completion.
            (with(&|x| x.submitted_on = None), Some(T::Late)),
            // An approved extension moved the deadline.
            (
                with(&|x| {
                    x.submitted_on = Some(d("2026-11-23"));
                    x.deadline = Some(d("2026-11-30"));
                }),
                Some(T::OnTime),
            ),
            // Awaiting review: the clock stopped at the submission.
            (
                with(&|x| {
                    x.status = S::AwaitingReview;
                    x.completed_on = None;
                }),
                Some(T::ReportedOnTime),
            ),
            // Reported late: its own class, not open overdue.
            (
                with(&|x| {
                    x.status = S::AwaitingReview;
                    x.submitted_on = Some(d("2026-11-23"));
                    x.completed_on = None;
                }),
                Some(T::ReportedLate),
            ),
            (
                with(&|x| {
                    x.status = S::AwaitingReview;
                    x.completed_on = None;
                    x.deadline = None;
                }),
                Some(T::ReportedOnTime),
            ),
            // Returned (no submission): the clock runs to today.
            (
                with(&|x| {
                    x.status = S::InProgress;
                    x.submitted_on = None;
                    x.completed_on = None;
                }),
                Some(T::OpenOverdue),
            ),
            (
                with(&|x| {
                    x.status = S::InProgress;
                    x.submitted_on = None;
                    x.completed_on = None;
                    x.deadline = Some(d("2026-11-30"));
                }),
                Some(T::OpenNotDue),
            ),
            (
                with(&|x| {
                    x.status = S::Suspended;
                    x.submitted_on = None;
                    x.completed_on = None;
                    x.suspended_on = Some(d("2026-11-18"));
                }),
                Some(T::Suspended),
            ),
            // Suspended after the deadline: still open overdue.
            (
                with(&|x| {
                    x.status = S::Suspended;
                    x.submitted_on = None;
                    x.completed_on = None;
                    x.suspended_on = Some(d("2026-11-23"));
                }),
                Some(T::OpenOverdue),
            ),
            (
                with(&|x| {
                    x.status = S::Suspended;
                    x.submitted_on = None;
                    x.completed_on = None;
                    x.deadline = None;
                    x.suspended_on = Some(d("2026-11-23"));
                }),
                Some(T::Suspended),
            ),
            (with(&|x| x.deadline = None), Some(T::NoDeadline)),
            (with(&|x| x.status = S::Cancelled), None),
        ];
        for (i, (facts, want)) in cases.into_iter().enumerate() {
            assert_eq!(timeliness(&facts, today), want, "case {i}");
        }
    }

    #[test]
    fn lateness_is_frozen_where_the_clock_stopped() {
        use Status as S;
        let cal = WorkCalendar::default();
        let today = d("2026-11-27");
        let facts = |status, submitted: Option<&str>, suspended: Option<&str>| TimelinessFacts {
            status,
            deadline: Some(d("2026-11-17")),
            submitted_on: submitted.map(d),
            completed_on: None,
            suspended_on: suspended.map(d),
        };
        let cases = [
            // Reported three working days late: three, however long the review takes.
            (facts(S::AwaitingReview, Some("2026-11-20"), None), Some(3)),
            (facts(S::Suspended, None, Some("2026-11-19")), Some(2)),
            (facts(S::InProgress, None, None), Some(8)),
            (facts(S::AwaitingReview, Some("2026-11-16"), None), None),
            (facts(S::Suspended, None, Some("2026-11-17")), None),
            (facts(S::Cancelled, None, None), None),
        ];
        for (i, (f, want)) in cases.into_iter().enumerate() {
            assert_eq!(working_days_late(&f, today, &cal), want, "case {i}");
        }
    }
}

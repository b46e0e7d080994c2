//! Warning lights (红黄绿灯) of an item on a day, and the facts behind them.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::code_enum;
use super::feedback_due::{FeedbackStatus, feedback_status};
use super::item::ItemFacts;
use super::lifecycle::Status;
use super::rules::Rules;

code_enum! {
    /// The warning light. The order of the variants is the triage order: red first.
    WarningLight {
        Red = "red" | "红" | "红灯",
        Orange = "orange" | "橙" | "橙灯",
        Yellow = "yellow" | "黄" | "黄灯",
        Green = "green" | "绿" | "绿灯",
    }
}

impl WarningLight {
    /// One letter, so that the light reads without colour.
    pub fn letter(self) -> char {
        match self {
            WarningLight::Red => 'R',
            WarningLight::Orange => 'O',
            WarningLight::Yellow => 'Y',
            WarningLight::Green => 'G',
        }
    }
}

/// What the rules say of an item on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LightReading {
    pub light: WarningLight,
    /// Working days from today to the deadline; negative when overdue.
    pub working_days_left: Option<i64>,
    /// Share of the allotted working days still left (0.0–1.0), when there is a deadline.
    pub share_left: Option<f64>,
    pub feedback: FeedbackStatus,
    /// Red with no accountability note for the configured number of working days.
    pub unaddressed: bool,
    /// A milestone not done whose due date has passed.
    pub milestone_overdue: bool,
    /// How many milestones not done are past their due date (counted up to two: two make the
    /// light orange).
    pub milestones_overdue: u8,
    /// Working days a suspended item has been suspended.
    pub suspended_working_days: Option<i64>,
    /// Suspended longer than the rules allow: back to triage for review.
    pub suspended_too_long: bool,
    /// Working days a completion report has awaited the office's review.
    pub review_pending_working_days: Option<i64>,
    /// A review pending longer than the rules allow: the office's own backlog.
    pub review_backlog: bool,
    /// Awaiting review, the report submitted after the deadline (逾期报送待审核): the working
    /// days late, frozen at the submission. Not red (the department has reported, nothing is
    /// urged), but not on track either: the list and triage mark it as such.
    pub reported_late_working_days: Option<i64>,
    /// Working days an assigned item has waited for its department's acknowledgement (签收).
    pub unacknowledged_working_days: Option<i64>,
    /// Not acknowledged within the rules' window: surfaces in triage (未签收).
    pub unacknowledged: bool,
}

impl LightReading {
    pub fn overdue_working_days(&self) -> Option<i64> {
        match (self.light, self.working_days_left) {
            (WarningLight::Red, Some(left)) => Some(-left),
            _ => None,
        }
    }
}

/// The light of an item on `today`.
///
/// Finished items are green. An item suspended before its deadline is green too: its clock
/// has stopped (an item suspended too long is flagged for review instead). An item already past
/// its deadline when it was suspended stays red, its working days late frozen at the day of
/// suspension, and the unaddressed rule still applies: suspending never hides lateness
/// (DOMAIN.md, "Late before it stopped"). An item awaiting review is not red against the
/// department: its clock stopped when it submitted its report, and until the office reviews it
/// nothing more is owed by the department (a review pending too long is flagged as the office's
/// backlog instead); a report submitted late is marked so, its lateness frozen at the
/// submission.
pub fn read_light(
    facts: &ItemFacts,
    today: NaiveDate,
    cal: &WorkCalendar,
    rules: &Rules,
) -> LightReading {
    let stopped = LightReading {
        light: WarningLight::Green,
        working_days_left: None,
        share_left: None,
        feedback: FeedbackStatus::default(),
        unaddressed: false,
        milestone_overdue: false,
        milestones_overdue: 0,
        suspended_working_days: None,
        suspended_too_long: false,
        review_pending_working_days: None,
        review_backlog: false,
        reported_late_working_days: None,
        unacknowledged_working_days: None,
        unacknowledged: false,
    };
    match facts.status {
        Status::Suspended => {
            let days = facts
                .suspended_on
                .map(|since| cal.working_days_between(since, today));
            let suspended = LightReading {
                suspended_working_days: days,
                suspended_too_long: days.is_some_and(|n| n > rules.suspended_review_working_days),
                ..stopped
            };
            // Late before it stopped: red, as late as on the day of suspension.
            return match (facts.deadline, facts.suspended_on) {
                (Some(deadline), Some(since)) if since > deadline => LightReading {
                    light: WarningLight::Red,
                    working_days_left: Some(-cal.working_days_between(deadline, since)),
                    share_left: Some(0.0),
                    unaddressed: unaddressed(facts, deadline, today, cal, rules),
                    ..suspended
                },
                _ => suspended,
            };
        }
        Status::AwaitingReview => {
            let days = facts
                .submitted_on
                .map(|since| cal.working_days_between(since, today));
            let late = match (facts.deadline, facts.submitted_on) {
                (Some(deadline), Some(on)) if on > deadline => {
                    Some(cal.working_days_between(deadline, on))
                }
                _ => None,
            };
            return LightReading {
                review_pending_working_days: days,
                review_backlog: days.is_some_and(|n| n > rules.review_backlog_working_days),
                reported_late_working_days: late,
                ..stopped
            };
        }
        s if !s.is_running() => return stopped,
        _ => {}
    }
    let suspended = facts.suspended_on.zip(facts.resumed_on);
    let feedback = feedback_status(
        facts.cadence,
        facts.started_on,
        facts.last_feedback_on,
        suspended,
        today,
        rules,
        cal,
    );
    let working_days_left = facts.deadline.map(|d| cal.working_days_between(today, d));
    let share_left = facts.deadline.map(|d| {
        let allotted = cal.working_days_between(facts.started_on, d);
        let left = cal.working_days_between(today, d);
        if allotted <= 0 {
            if left > 0 { 1.0 } else { 0.0 }
        } else {
            (left as f64 / allotted as f64).clamp(0.0, 1.0)
        }
    });
    let milestones_overdue = [facts.next_milestone_due, facts.second_milestone_due]
        .into_iter()
        .filter(|due| due.is_some_and(|d| d < today))
        .count() as u8;
    let overdue = facts.deadline.is_some_and(|d| d < today);
    let light = if overdue {
        WarningLight::Red
    } else if share_left.is_some_and(|s| s < rules.orange_share_left)
        || feedback.missed_in_row >= rules.orange_missed_in_row
        || milestones_overdue >= 2
    {
        WarningLight::Orange
    } else if working_days_left.is_some_and(|l| l <= rules.yellow_working_days)
        || share_left.is_some_and(|s| s < rules.yellow_share_left)
        || feedback.missed_in_row >= 1
        || milestones_overdue >= 1
    {
        WarningLight::Yellow
    } else {
        WarningLight::Green
    };
    let unaddressed = match facts.deadline {
        Some(deadline) if overdue => unaddressed(facts, deadline, today, cal, rules),
        _ => false,
    };
    // Assigned and not yet acknowledged: counted from the assignment (the clock's start).
    let unacknowledged_working_days = (facts.status == Status::Assigned)
        .then(|| cal.working_days_between(facts.started_on, today));
    LightReading {
        light,
        working_days_left,
        share_left,
        feedback,
        unaddressed,
        milestone_overdue: milestones_overdue > 0,
        milestones_overdue,
        unacknowledged_working_days,
        unacknowledged: unacknowledged_working_days
            .is_some_and(|n| n > rules.acknowledge_working_days),
        ..stopped
    }
}

/// A red item with no accountability note for the configured working days since its deadline
/// (or its latest note after it).
fn unaddressed(
    facts: &ItemFacts,
    deadline: NaiveDate,
    today: NaiveDate,
    cal: &WorkCalendar,
    rules: &Rules,
) -> bool {
    let since = facts.last_note_on.map_or(deadline, |n| n.max(deadline));
    cal.working_days_between(since, today) >= rules.unaddressed_working_days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::Cadence;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(started: &str, deadline: Option<&str>) -> ItemFacts {
        ItemFacts::in_progress(d(started), deadline.map(d))
    }

    #[test]
    fn lights_by_time_left() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        // Started 2026-11-02 (Mon); 2026-12-31 deadline leaves lots of time.
        let cases = [
            ("2026-11-02", Some("2026-12-31"), WarningLight::Green),
            ("2026-11-02", Some("2026-11-30"), WarningLight::Yellow), // 3 wd left
            ("2026-11-02", Some("2026-12-01"), WarningLight::Yellow), // 4 wd of 21: 19 % left
            ("2026-10-08", Some("2026-12-01"), WarningLight::Orange), // 4 of 38: 10.5 %
            ("2026-11-02", Some("2026-11-25"), WarningLight::Orange), // due today: 0 % left
            ("2026-11-02", Some("2026-11-24"), WarningLight::Red),
            ("2026-11-02", None, WarningLight::Green),
        ];
        for (start, deadline, want) in cases {
            let a = read_light(&facts(start, deadline), today, &cal, &r);
            assert_eq!(a.light, want, "{start} → {deadline:?}");
        }
    }

    #[test]
    fn missed_feedback_turns_yellow_then_orange() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let mut f = facts("2026-11-05", Some("2027-06-30"));
        f.cadence = Cadence::Weekly;
        assert_eq!(
            read_light(&f, d("2026-11-13"), &cal, &r).light,
            WarningLight::Green
        );
        assert_eq!(
            read_light(&f, d("2026-11-16"), &cal, &r).light,
            WarningLight::Yellow
        );
        assert_eq!(
            read_light(&f, d("2026-11-23"), &cal, &r).light,
            WarningLight::Orange
        );
        f.last_feedback_on = Some(d("2026-11-20"));
        assert_eq!(
            read_light(&f, d("2026-11-23"), &cal, &r).light,
            WarningLight::Green
        );
    }

    #[test]
    fn unaddressed_after_five_working_days_without_a_note() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let mut f = facts("2026-10-12", Some("2026-11-17")); // Tuesday
        let a = read_light(&f, d("2026-11-24"), &cal, &r);
        assert_eq!((a.light, a.unaddressed), (WarningLight::Red, true)); // 5 wd late
        assert_eq!(a.overdue_working_days(), Some(5));
        assert!(!read_light(&f, d("2026-11-23"), &cal, &r).unaddressed); // 4 wd late
        f.last_note_on = Some(d("2026-11-20"));
        assert!(!read_light(&f, d("2026-11-24"), &cal, &r).unaddressed);
        assert!(read_light(&f, d("2026-11-27"), &cal, &r).unaddressed);
    }

    #[test]
    fn stopped_items_are_green() {
        let cal = WorkCalendar::default();
        for status in [
            Status::Completed,
            Status::Closed,
            Status::Cancelled,
            Status::Suspended,
        ] {
            let mut f = facts("2026-01-05", Some("2026-02-02"));
            f.status = status;
            assert_eq!(
                read_light(&f, d("2026-11-25"), &cal, &Rules::default()).light,
                WarningLight::Green
            );
        }
    }

    #[test]
    fn overdue_milestones_turn_yellow_then_orange() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let cases = [
            // (earliest open milestone, second earliest, light, overdue count)
            (None, None, WarningLight::Green, 0),
            (
                Some("2026-11-30"),
                Some("2026-12-10"),
                WarningLight::Green,
                0,
            ),
            (Some("2026-11-25"), None, WarningLight::Green, 0), // due today: not yet
            (Some("2026-11-20"), None, WarningLight::Yellow, 1),
            (
                Some("2026-11-20"),
                Some("2026-12-10"),
                WarningLight::Yellow,
                1,
            ),
            (
                Some("2026-11-10"),
                Some("2026-11-24"),
                WarningLight::Orange,
                2,
            ),
        ];
        for (first, second, light, count) in cases {
            let mut f = facts("2026-11-02", Some("2026-12-31"));
            f.next_milestone_due = first.map(d);
            f.second_milestone_due = second.map(d);
            let a = read_light(&f, today, &cal, &Rules::default());
            assert_eq!(
                (a.light, a.milestones_overdue, a.milestone_overdue),
                (light, count, count > 0),
                "{first:?} {second:?}"
            );
        }
    }

    #[test]
    fn awaiting_review_is_not_red_against_the_department() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let cases = [
            // (deadline, submitted on, backlog, days pending)
            ("2026-11-20", Some("2026-11-19"), true, Some(4)), // past due while under review
            ("2026-11-20", Some("2026-11-23"), false, Some(2)), // submitted late
            ("2026-12-31", Some("2026-11-20"), false, Some(3)), // 3 days: not yet backlog
            ("2026-11-20", None, false, None),                 // before submission dates
        ];
        for (deadline, submitted, backlog, days) in cases {
            let mut f = facts("2026-11-02", Some(deadline));
            f.status = Status::AwaitingReview;
            f.cadence = Cadence::Weekly;
            f.next_milestone_due = Some(d("2026-11-10"));
            f.second_milestone_due = Some(d("2026-11-11"));
            f.submitted_on = submitted.map(d);
            let a = read_light(&f, today, &cal, &r);
            assert_eq!(a.light, WarningLight::Green, "{deadline} {submitted:?}");
            assert_eq!(a.feedback.missed_in_row, 0);
            assert_eq!(a.overdue_working_days(), None);
            assert_eq!(
                (a.review_backlog, a.review_pending_working_days),
                (backlog, days),
                "{deadline} {submitted:?}"
            );
        }
        // Reported late: marked, its lateness frozen at the submission (Fri 11-20 → Mon 11-23).
        let mut f = facts("2026-11-02", Some("2026-11-20"));
        f.status = Status::AwaitingReview;
        f.submitted_on = Some(d("2026-11-23"));
        for today in ["2026-11-25", "2026-12-15"] {
            let a = read_light(&f, d(today), &cal, &r);
            assert_eq!(a.reported_late_working_days, Some(1), "{today}");
            assert_ne!(a.light, WarningLight::Red);
        }
        f.submitted_on = Some(d("2026-11-20"));
        assert_eq!(
            read_light(&f, today, &cal, &r).reported_late_working_days,
            None
        );
        // Returned: the clock runs again, and the item is red.
        let mut f = facts("2026-11-02", Some("2026-11-20"));
        f.submitted_on = None;
        assert_eq!(read_light(&f, today, &cal, &r).light, WarningLight::Red);
    }

    #[test]
    fn an_item_suspended_when_late_stays_red_as_late_as_it_was() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        // Due Tue 11-10, suspended Tue 11-17 (5 working days late), never noted.
        let mut f = facts("2026-10-12", Some("2026-11-10"));
        f.status = Status::Suspended;
        f.suspended_on = Some(d("2026-11-17"));
        for today in ["2026-11-18", "2026-11-25", "2027-01-20"] {
            let a = read_light(&f, d(today), &cal, &r);
            assert_eq!(a.light, WarningLight::Red, "{today}");
            assert_eq!(a.overdue_working_days(), Some(5), "{today}");
            // No note since the deadline: the unaddressed rule still applies.
            assert!(a.unaddressed, "{today}");
            assert_eq!(a.feedback.missed_in_row, 0);
        }
        f.last_note_on = Some(d("2026-11-24"));
        assert!(!read_light(&f, d("2026-11-25"), &cal, &r).unaddressed);
        // Suspended on its deadline day: not late, green.
        f.suspended_on = Some(d("2026-11-10"));
        let a = read_light(&f, d("2026-11-25"), &cal, &r);
        assert_eq!(
            (a.light, a.overdue_working_days()),
            (WarningLight::Green, None)
        );
    }

    #[test]
    fn suspended_over_twenty_working_days_needs_review() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let cases = [
            ("2026-10-28", Some(20), false), // 20 working days: not yet
            ("2026-10-27", Some(21), true),
            ("2026-11-24", Some(1), false),
        ];
        for (since, days, too_long) in cases {
            let mut f = facts("2026-09-01", Some("2026-12-30"));
            f.status = Status::Suspended;
            f.suspended_on = Some(d(since));
            let a = read_light(&f, today, &cal, &r);
            assert_eq!(a.light, WarningLight::Green);
            assert_eq!(
                (a.suspended_working_days, a.suspended_too_long),
                (days, too_long),
                "{since}"
            );
        }
    }

    #[test]
    fn no_feedback_is_missed_for_the_weeks_spent_suspended() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        // Weekly, due Fridays from 11-13; suspended 11-12, resumed 11-24.
        let mut f = facts("2026-11-05", Some("2027-06-30"));
        f.cadence = Cadence::Weekly;
        assert_eq!(
            read_light(&f, d("2026-11-25"), &cal, &r).light,
            WarningLight::Orange
        );
        f.suspended_on = Some(d("2026-11-12"));
        f.resumed_on = Some(d("2026-11-24"));
        let a = read_light(&f, d("2026-11-25"), &cal, &r);
        assert_eq!(
            (a.light, a.feedback.missed_in_row),
            (WarningLight::Green, 0)
        );
    }
}

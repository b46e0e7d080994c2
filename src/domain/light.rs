//! Warning lights (红黄绿灯) of an item on a day, and the facts behind them.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::code_enum;
use super::feedback_due::{FeedbackStatus, feedback_status};
use super::item::ItemFacts;
use super::rules::Rules;

code_enum! {
    /// The warning light. The order of the variants is the triage order: red first.
    WarningLight {
        Red = "red",
        Orange = "orange",
        Yellow = "yellow",
        Green = "green",
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
pub struct Assessment {
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
}

impl Assessment {
    pub fn overdue_working_days(&self) -> Option<i64> {
        match (self.light, self.working_days_left) {
            (WarningLight::Red, Some(left)) => Some(-left),
            _ => None,
        }
    }
}

/// The light of an item on `today`. Finished and suspended items are green: their clock has
/// stopped.
pub fn assess(
    facts: &ItemFacts,
    today: NaiveDate,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Assessment {
    if !facts.status.is_running() {
        return Assessment {
            light: WarningLight::Green,
            working_days_left: None,
            share_left: None,
            feedback: FeedbackStatus::default(),
            unaddressed: false,
            milestone_overdue: false,
        };
    }
    let feedback = feedback_status(
        facts.cadence,
        facts.started_on,
        facts.last_feedback_on,
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
    let overdue = facts.deadline.is_some_and(|d| d < today);
    let light = if overdue {
        WarningLight::Red
    } else if share_left.is_some_and(|s| s < rules.orange_share_left)
        || feedback.missed_in_row >= rules.orange_missed_in_row
    {
        WarningLight::Orange
    } else if working_days_left.is_some_and(|l| l <= rules.yellow_working_days)
        || share_left.is_some_and(|s| s < rules.yellow_share_left)
        || feedback.missed_in_row >= 1
    {
        WarningLight::Yellow
    } else {
        WarningLight::Green
    };
    let unaddressed = match facts.deadline {
        Some(deadline) if overdue => {
            let since = facts.last_note_on.map_or(deadline, |n| n.max(deadline));
            cal.working_days_between(since, today) >= rules.unaddressed_working_days
        }
        _ => false,
    };
    Assessment {
        light,
        working_days_left,
        share_left,
        feedback,
        unaddressed,
        milestone_overdue: facts.next_milestone_due.is_some_and(|d| d < today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::{Cadence, Flags};
    use crate::domain::lifecycle::Status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(started: &str, deadline: Option<&str>) -> ItemFacts {
        ItemFacts {
            status: Status::InProgress,
            cadence: Cadence::Once,
            flags: Flags::default(),
            urgent: false,
            registered_on: d(started),
            started_on: d(started),
            deadline: deadline.map(d),
            last_feedback_on: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
        }
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
            let a = assess(&facts(start, deadline), today, &cal, &r);
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
            assess(&f, d("2026-11-13"), &cal, &r).light,
            WarningLight::Green
        );
        assert_eq!(
            assess(&f, d("2026-11-16"), &cal, &r).light,
            WarningLight::Yellow
        );
        assert_eq!(
            assess(&f, d("2026-11-23"), &cal, &r).light,
            WarningLight::Orange
        );
        f.last_feedback_on = Some(d("2026-11-20"));
        assert_eq!(
            assess(&f, d("2026-11-23"), &cal, &r).light,
            WarningLight::Green
        );
    }

    #[test]
    fn unaddressed_after_five_working_days_without_a_note() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let mut f = facts("2026-10-12", Some("2026-11-17")); // Tuesday
        let a = assess(&f, d("2026-11-24"), &cal, &r);
        assert_eq!((a.light, a.unaddressed), (WarningLight::Red, true)); // 5 wd late
        assert_eq!(a.overdue_working_days(), Some(5));
        assert!(!assess(&f, d("2026-11-23"), &cal, &r).unaddressed); // 4 wd late
        f.last_note_on = Some(d("2026-11-20"));
        assert!(!assess(&f, d("2026-11-24"), &cal, &r).unaddressed);
        assert!(assess(&f, d("2026-11-27"), &cal, &r).unaddressed);
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
                assess(&f, d("2026-11-25"), &cal, &Rules::default()).light,
                WarningLight::Green
            );
        }
    }

    #[test]
    fn milestones() {
        let mut f = facts("2026-11-02", Some("2026-12-31"));
        f.next_milestone_due = Some(d("2026-11-20"));
        let a = assess(
            &f,
            d("2026-11-25"),
            &WorkCalendar::default(),
            &Rules::default(),
        );
        assert!(a.milestone_overdue);
    }
}

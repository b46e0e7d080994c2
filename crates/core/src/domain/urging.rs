//! Why an item is urged: the grounds an urging records as its reason, read from what the rules
//! say of the item today. An urging prefilled with a reason that is not true of the item (an
//! item due in ten working days "overdue and not completed") is a false record; the grounds are
//! the reasons the item is in front of the clerk, and nothing else.

use super::light::{LightReading, WarningLight};
use super::rules::Rules;

/// One ground for urging an item, in the order an urging names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// Past its deadline and not completed, by this many working days (frozen while the
    /// department's clock is stopped).
    Overdue(i64),
    /// The deadline is today.
    DueToday,
    /// The deadline is near (within the yellow window, or little of the allotted time left),
    /// with this many working days left.
    DueSoon(i64),
    /// Periodic feedback missed, this many in a row.
    FeedbackMissed(u32),
    /// Milestones past their due date and not done (counted up to two).
    MilestonesOverdue(u8),
    /// Suspended longer than the office's review window, for this many working days.
    SuspendedTooLong(i64),
    /// Assigned this many working days ago and not acknowledged (未签收).
    Unacknowledged(i64),
}

/// What an urging is about, most serious first; empty when nothing is wrong with the item (a
/// green item on track: then the clerk states the reason).
pub fn grounds(a: &LightReading, rules: &Rules) -> Vec<Ground> {
    let mut out = Vec::new();
    if let Some(late) = a.overdue_working_days() {
        out.push(Ground::Overdue(late.max(0)));
    } else if a.light != WarningLight::Green || a.working_days_left.is_some() {
        match a.working_days_left {
            Some(0) => out.push(Ground::DueToday),
            Some(left)
                if left > 0
                    && (left <= rules.yellow_working_days
                        || a.share_left.is_some_and(|s| s < rules.yellow_share_left)) =>
            {
                out.push(Ground::DueSoon(left))
            }
            _ => {}
        }
    }
    if a.feedback.missed_in_row > 0 {
        out.push(Ground::FeedbackMissed(a.feedback.missed_in_row));
    }
    if a.milestones_overdue > 0 {
        out.push(Ground::MilestonesOverdue(a.milestones_overdue));
    }
    if a.suspended_too_long
        && let Some(days) = a.suspended_working_days
    {
        out.push(Ground::SuspendedTooLong(days));
    }
    if a.unacknowledged
        && let Some(days) = a.unacknowledged_working_days
    {
        out.push(Ground::Unacknowledged(days));
    }
    out
}

/// What the department is required to do, from the most serious ground: corrective measures
/// for lateness, the missing feedback, completion by the deadline, the plan to resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    CorrectiveMeasures,
    MissingFeedback,
    CompleteByDeadline,
    ResumePlan,
    Acknowledge,
}

pub fn requirement(grounds: &[Ground]) -> Requirement {
    match grounds.first() {
        Some(Ground::Overdue(_) | Ground::MilestonesOverdue(_)) => Requirement::CorrectiveMeasures,
        Some(Ground::FeedbackMissed(_)) => Requirement::MissingFeedback,
        Some(Ground::SuspendedTooLong(_)) => Requirement::ResumePlan,
        Some(Ground::Unacknowledged(_)) => Requirement::Acknowledge,
        Some(Ground::DueToday | Ground::DueSoon(_)) | None => Requirement::CompleteByDeadline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::item::{Cadence, ItemFacts};
    use crate::domain::light::read_light;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(started: &str, deadline: Option<&str>) -> ItemFacts {
        ItemFacts::in_progress(d(started), deadline.map(d))
    }

    fn grounds_on(f: &ItemFacts, today: &str) -> Vec<Ground> {
        let (cal, rules) = (WorkCalendar::default(), Rules::default());
        grounds(&read_light(f, d(today), &cal, &rules), &rules)
    }

    #[test]
    fn each_item_is_urged_for_what_is_true_of_it() {
        // Tuesday 2026-12-01 … the table: (deadline, today, grounds).
        let cases: &[(&str, &str, &[Ground])] = &[
            // Due today: not overdue.
            ("2026-12-08", "2026-12-08", &[Ground::DueToday]),
            // Two working days left: near, not late.
            ("2026-12-10", "2026-12-08", &[Ground::DueSoon(2)]),
            // Ten working days left, but under 30 % of the time allotted: near.
            ("2026-12-22", "2026-12-08", &[Ground::DueSoon(10)]),
            // Over half the allotted time left: nothing wrong.
            ("2027-01-22", "2026-12-08", &[]),
            // Three working days past the deadline.
            ("2026-12-03", "2026-12-08", &[Ground::Overdue(3)]),
        ];
        for (deadline, today, want) in cases {
            let got = grounds_on(&facts("2026-11-02", Some(deadline)), today);
            assert_eq!(&got, want, "deadline {deadline} on {today}");
        }
    }

    #[test]
    fn missed_feedback_and_milestones_are_named_with_the_deadline_far() {
        let mut f = facts("2026-10-01", Some("2027-03-31"));
        f.cadence = Cadence::Weekly;
        f.next_milestone_due = Some(d("2026-12-01"));
        let got = grounds_on(&f, "2026-12-08");
        assert!(
            matches!(got.as_slice(), [Ground::FeedbackMissed(n), Ground::MilestonesOverdue(1)] if *n > 0),
            "{got:?}"
        );
        assert_eq!(requirement(&got), Requirement::MissingFeedback);
    }

    #[test]
    fn the_requirement_follows_the_most_serious_ground() {
        assert_eq!(
            requirement(&[Ground::Overdue(2), Ground::FeedbackMissed(1)]),
            Requirement::CorrectiveMeasures
        );
        assert_eq!(
            requirement(&[Ground::DueSoon(1)]),
            Requirement::CompleteByDeadline
        );
        assert_eq!(requirement(&[]), Requirement::CompleteByDeadline);
        assert_eq!(
            requirement(&[Ground::SuspendedTooLong(25)]),
            Requirement::ResumePlan
        );
    }
}

//! Triage: which open items need a decision today, in which order, and why.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::item::ItemFacts;
use super::light::{LightReading, WarningLight};

/// The queue's groups, in the order the clerk works through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriageGroup {
    /// Red, and no accountability note for the configured working days: must surface first.
    UnaddressedRed,
    Red,
    Orange,
    /// Suspended longer than the rules allow: suspending never hides an item for good.
    SuspendedTooLong,
    /// A completion report awaiting review too long: the office's own backlog.
    ReviewBacklog,
    /// Assigned and not acknowledged (未签收) within the rules' window.
    Unacknowledged,
    MissedFeedback,
    /// Yellow because a milestone is overdue: a slip already happened, so before a plain
    /// yellow card (an approaching deadline), as the README orders the queue.
    MilestoneOverdue,
    Yellow,
}

/// One reason an item is where it is in the queue; the card lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    OverdueWorkingDays(i64),
    DueInWorkingDays(i64),
    LeaderConcerned,
    Urgent,
    Major,
    Difficult,
    Important,
    NoNoteSince(NaiveDate),
    NeverNoted,
    FeedbackMissed(u32),
    MilestoneOverdue,
    /// Two or more milestones overdue.
    MilestonesOverdue(u8),
    SuspendedWorkingDays(i64),
    ReviewPendingWorkingDays(i64),
    /// The report awaiting review was submitted this many working days after the deadline
    /// (逾期报送待审核): late, not urged.
    ReportedLateWorkingDays(i64),
    /// Assigned this many working days ago and not acknowledged (未签收).
    UnacknowledgedWorkingDays(i64),
}

/// How pressing an item is: a score to rank by and the reasons that make it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priority {
    pub score: i64,
    pub reasons: Vec<Reason>,
}

/// The group of an item today, or `None` when it needs no decision today (green, finished,
/// suspended for a while, awaiting a review not yet late, decided on today already by a note,
/// or snoozed until a later day — unless it is red: a red item needs a decision, not a delay).
pub fn group(
    facts: &ItemFacts,
    a: &LightReading,
    snoozed_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<TriageGroup> {
    let snoozed = snoozed_until.is_some_and(|d| d > today) && a.light != WarningLight::Red;
    if !facts.status.is_open() || snoozed || facts.last_note_on == Some(today) {
        return None;
    }
    // An item suspended after its deadline stays red, and is decided as a red item is.
    let red = a.light == WarningLight::Red;
    if a.suspended_too_long && !red {
        return Some(TriageGroup::SuspendedTooLong);
    }
    if a.review_backlog {
        return Some(TriageGroup::ReviewBacklog);
    }
    if !facts.status.is_running() && !red {
        return None;
    }
    match a.light {
        WarningLight::Red if a.unaddressed => Some(TriageGroup::UnaddressedRed),
        WarningLight::Red => Some(TriageGroup::Red),
        WarningLight::Orange => Some(TriageGroup::Orange),
        _ if a.unacknowledged => Some(TriageGroup::Unacknowledged),
        _ if a.feedback.missed_in_row > 0 => Some(TriageGroup::MissedFeedback),
        // An overdue milestone alone makes the light yellow: name the reason.
        WarningLight::Yellow if a.milestone_overdue => Some(TriageGroup::MilestoneOverdue),
        WarningLight::Yellow => Some(TriageGroup::Yellow),
        _ => None,
    }
}

/// Weights of the priority score: each working day late counts most; the key-matter flags and
/// silence raise an item within its group. The office sets them (`[triage]` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriageWeights {
    pub per_overdue_day: i64,
    pub leader: i64,
    pub urgent: i64,
    /// Each of major, difficult and important.
    pub flag: i64,
    pub per_missed_feedback: i64,
    /// Each working day a red item goes without a note, or an item stays suspended or its
    /// report unreviewed.
    pub per_silent_day: i64,
    pub never_noted: i64,
    /// Each overdue milestone.
    pub milestone: i64,
}

impl Default for TriageWeights {
    fn default() -> Self {
        Self {
            per_overdue_day: 10,
            leader: 40,
            urgent: 30,
            flag: 15,
            per_missed_feedback: 20,
            per_silent_day: 2,
            never_noted: 25,
            milestone: 10,
        }
    }
}

/// The priority of an item today, with its reasons in the order the card shows them.
pub fn priority(
    facts: &ItemFacts,
    a: &LightReading,
    today: NaiveDate,
    cal: &WorkCalendar,
    w: &TriageWeights,
) -> Priority {
    let mut score = 0;
    let mut reasons = Vec::new();
    if let Some(over) = a.overdue_working_days() {
        score += w.per_overdue_day * over.max(0);
        reasons.push(Reason::OverdueWorkingDays(over));
    } else if let Some(left) = a.working_days_left {
        // Sooner deadlines first: fewer days left scores more.
        score += (30 - left).clamp(0, 30);
        reasons.push(Reason::DueInWorkingDays(left));
    }
    let flags = [
        (facts.flags.leader, w.leader, Reason::LeaderConcerned),
        (facts.urgent, w.urgent, Reason::Urgent),
        (facts.flags.major, w.flag, Reason::Major),
        (facts.flags.difficult, w.flag, Reason::Difficult),
        (facts.flags.important, w.flag, Reason::Important),
    ];
    for (set, weight, reason) in flags {
        if set {
            score += weight;
            reasons.push(reason);
        }
    }
    if a.light == WarningLight::Red {
        match facts.last_note_on {
            Some(day) => {
                score += w.per_silent_day * cal.working_days_between(day, today).max(0);
                reasons.push(Reason::NoNoteSince(day));
            }
            None => {
                score += w.never_noted;
                reasons.push(Reason::NeverNoted);
            }
        }
    }
    if a.feedback.missed_in_row > 0 {
        score += w.per_missed_feedback * i64::from(a.feedback.missed_in_row);
        reasons.push(Reason::FeedbackMissed(a.feedback.missed_in_row));
    }
    match a.milestones_overdue {
        0 => {}
        1 => {
            score += w.milestone;
            reasons.push(Reason::MilestoneOverdue);
        }
        n => {
            score += w.milestone * i64::from(n);
            reasons.push(Reason::MilestonesOverdue(n));
        }
    }
    if let Some(days) = a.suspended_working_days {
        score += w.per_silent_day * days.max(0);
        reasons.push(Reason::SuspendedWorkingDays(days));
    }
    if let Some(days) = a.review_pending_working_days {
        score += w.per_silent_day * days.max(0);
        reasons.push(Reason::ReviewPendingWorkingDays(days));
    }
    if let Some(days) = a.reported_late_working_days {
        reasons.push(Reason::ReportedLateWorkingDays(days));
    }
    if let Some(days) = a.unacknowledged_working_days.filter(|_| a.unacknowledged) {
        score += w.per_silent_day * days.max(0);
        reasons.push(Reason::UnacknowledgedWorkingDays(days));
    }
    Priority { score, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::{Cadence, Flags};
    use crate::domain::light::read_light;
    use crate::domain::{Rules, Status};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(deadline: &str) -> ItemFacts {
        ItemFacts {
            status: Status::InProgress,
            cadence: Cadence::Once,
            flags: Flags::default(),
            urgent: false,
            registered_on: d("2026-10-08"),
            started_on: d("2026-10-08"),
            deadline: Some(d(deadline)),
            last_feedback_on: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            second_milestone_due: None,
            suspended_on: None,
            resumed_on: None,
            submitted_on: None,
        }
    }

    #[test]
    fn groups_in_queue_order() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let mut noted = facts("2026-11-23");
        noted.last_note_on = Some(d("2026-11-24"));
        let mut weekly = facts("2027-06-30");
        weekly.cadence = Cadence::Weekly;
        weekly.started_on = d("2026-11-05");
        weekly.last_feedback_on = Some(d("2026-11-12"));
        let mut milestone = facts("2027-06-30");
        milestone.next_milestone_due = Some(d("2026-11-20"));
        let mut suspended = facts("2026-11-02");
        suspended.status = Status::Suspended;
        suspended.suspended_on = Some(d("2026-11-02"));
        let mut suspended_long = suspended.clone();
        suspended_long.suspended_on = Some(d("2026-10-27"));
        let mut reviewing = facts("2026-11-20");
        reviewing.status = Status::AwaitingReview;
        reviewing.submitted_on = Some(d("2026-11-20"));
        let mut backlog = reviewing.clone();
        backlog.submitted_on = Some(d("2026-11-19"));
        let mut noted_today = facts("2026-11-10");
        noted_today.last_note_on = Some(today);
        let mut two_milestones = milestone.clone();
        two_milestones.second_milestone_due = Some(d("2026-11-24"));
        // Suspended after the deadline: red, and decided as red items are.
        let mut suspended_late = facts("2026-11-02");
        suspended_late.status = Status::Suspended;
        suspended_late.suspended_on = Some(d("2026-11-10"));
        let mut suspended_late_noted = suspended_late.clone();
        suspended_late_noted.last_note_on = Some(d("2026-11-20"));
        let mut suspended_late_long = suspended_late_noted.clone();
        suspended_late_long.deadline = Some(d("2026-10-20"));
        suspended_late_long.suspended_on = Some(d("2026-10-26"));
        let mut reported_late = reviewing.clone();
        reported_late.deadline = Some(d("2026-11-18"));
        // Assigned Friday 11-20: three working days by Wednesday 11-25, not acknowledged.
        let mut unacknowledged = facts("2027-06-30");
        unacknowledged.status = Status::Assigned;
        unacknowledged.started_on = d("2026-11-20");
        let mut just_assigned = unacknowledged.clone();
        just_assigned.started_on = d("2026-11-23");
        let mut acknowledged = unacknowledged.clone();
        acknowledged.status = Status::Acknowledged;
        let cases = [
            (suspended_late, None, Some(TriageGroup::UnaddressedRed)),
            (suspended_late_noted, None, Some(TriageGroup::Red)),
            (suspended_late_long, None, Some(TriageGroup::Red)),
            // Reported late, review not yet overdue: not urged.
            (reported_late, None, None),
            (facts("2026-11-10"), None, Some(TriageGroup::UnaddressedRed)),
            (noted, None, Some(TriageGroup::Red)),
            (facts("2026-11-27"), None, Some(TriageGroup::Orange)),
            (weekly, None, Some(TriageGroup::MissedFeedback)),
            (facts("2026-12-10"), None, Some(TriageGroup::Yellow)),
            (milestone, None, Some(TriageGroup::MilestoneOverdue)),
            (facts("2027-06-30"), None, None),
            (suspended, None, None),
            (suspended_long, None, Some(TriageGroup::SuspendedTooLong)),
            (reviewing, None, None),
            (backlog, None, Some(TriageGroup::ReviewBacklog)),
            (two_milestones, None, Some(TriageGroup::Orange)),
            (unacknowledged, None, Some(TriageGroup::Unacknowledged)),
            (just_assigned, None, None),
            (acknowledged, None, None),
            // A snooze never hides a red item (it may have turned red while snoozed).
            (
                facts("2026-11-10"),
                Some(d("2026-11-30")),
                Some(TriageGroup::UnaddressedRed),
            ),
            (facts("2026-12-10"), Some(d("2026-11-30")), None),
            // A note recorded today is today's decision on the item.
            (noted_today, None, None),
            (
                facts("2026-11-10"),
                Some(today),
                Some(TriageGroup::UnaddressedRed),
            ),
        ];
        for (i, (f, snooze, want)) in cases.into_iter().enumerate() {
            let a = read_light(&f, today, &cal, &r);
            assert_eq!(group(&f, &a, snooze, today), want, "case {i}");
        }
        assert!(TriageGroup::UnaddressedRed < TriageGroup::Red);
        // The README's order: an overdue milestone before a plain yellow card.
        assert!(TriageGroup::MissedFeedback < TriageGroup::MilestoneOverdue);
        assert!(TriageGroup::MilestoneOverdue < TriageGroup::Yellow);
        assert!(TriageGroup::Orange < TriageGroup::SuspendedTooLong);
        assert!(TriageGroup::ReviewBacklog < TriageGroup::Unacknowledged);
        assert!(TriageGroup::Unacknowledged < TriageGroup::MissedFeedback);
    }

    #[test]
    fn urgency_explains_itself() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let mut f = facts("2026-11-16");
        f.flags.leader = true;
        f.urgent = true;
        f.last_note_on = Some(d("2026-11-12"));
        let a = read_light(&f, today, &cal, &Rules::default());
        let u = priority(&f, &a, today, &cal, &TriageWeights::default());
        assert_eq!(
            u.reasons,
            vec![
                Reason::OverdueWorkingDays(7),
                Reason::LeaderConcerned,
                Reason::Urgent,
                Reason::NoNoteSince(d("2026-11-12")),
            ]
        );
        // 7 days late ×10, leader 40, urgent 30, 9 working days silent ×2.
        assert_eq!(u.score, 70 + 40 + 30 + 18);
        let plain = facts("2026-11-16");
        let a = read_light(&plain, today, &cal, &Rules::default());
        assert!(priority(&plain, &a, today, &cal, &TriageWeights::default()).score < u.score);
    }

    #[test]
    fn urgency_names_the_clock_that_stopped() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let mut suspended = facts("2026-11-02");
        suspended.status = Status::Suspended;
        suspended.suspended_on = Some(d("2026-10-26"));
        let a = read_light(&suspended, today, &cal, &r);
        assert_eq!(
            priority(&suspended, &a, today, &cal, &TriageWeights::default()).reasons,
            vec![Reason::SuspendedWorkingDays(22)]
        );
        let mut reviewing = facts("2026-11-20");
        reviewing.status = Status::AwaitingReview;
        reviewing.submitted_on = Some(d("2026-11-18"));
        let a = read_light(&reviewing, today, &cal, &r);
        assert_eq!(
            priority(&reviewing, &a, today, &cal, &TriageWeights::default()).reasons,
            vec![Reason::ReviewPendingWorkingDays(5)]
        );
        // Reported two working days late (due Mon 11-16): the card says so.
        reviewing.deadline = Some(d("2026-11-16"));
        let a = read_light(&reviewing, today, &cal, &r);
        assert_eq!(
            priority(&reviewing, &a, today, &cal, &TriageWeights::default()).reasons,
            vec![
                Reason::ReviewPendingWorkingDays(5),
                Reason::ReportedLateWorkingDays(2)
            ]
        );
        let mut staged = facts("2027-06-30");
        staged.next_milestone_due = Some(d("2026-11-10"));
        staged.second_milestone_due = Some(d("2026-11-20"));
        let a = read_light(&staged, today, &cal, &r);
        assert!(
            priority(&staged, &a, today, &cal, &TriageWeights::default())
                .reasons
                .contains(&Reason::MilestonesOverdue(2))
        );
    }
}

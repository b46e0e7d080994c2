//! The office's figures: every threshold and default in one place, so that they can become
//! configuration without hunting through the code.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::calendar::WorkCalendar;

use super::item::{Flags, SourceKind};

#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Yellow when the deadline is within this many working days.
    pub yellow_working_days: i64,
    /// Yellow when less than this share of the allotted time is left.
    pub yellow_share_left: f64,
    /// Orange when less than this share of the allotted time is left.
    pub orange_share_left: f64,
    /// Orange when this many feedbacks in a row are missed.
    pub orange_missed_in_row: u32,
    /// A red item with no accountability note for this many working days is unaddressed.
    pub unaddressed_working_days: i64,
    /// Weekly feedback is due on this weekday.
    pub weekly_due: Weekday,
    /// Monthly, quarterly and annual feedback is due on this day of the month.
    pub monthly_due_day: u32,
    /// The first periodic feedback is due no sooner than this many calendar days after the start.
    pub first_feedback_grace_days: i64,
    /// A periodic due date moved off a holiday into the next period's week is owed once for
    /// both periods (a holiday week), not twice within days.
    pub holiday_weeks_owed_once: bool,
    /// Default deadlines in working days.
    pub default_deadline_document: u32,
    pub default_deadline_meeting: u32,
    pub default_deadline_instruction_urgent: u32,
    pub default_deadline_instruction_normal: u32,
    pub default_deadline_instruction_difficult: u32,
    pub default_deadline_complaint: u32,
    /// Deputies' proposals (人大建议/政协提案): calendar months, the statutory answer time.
    pub default_deadline_proposal_months: u32,
    pub default_deadline_other: u32,
    /// Longest title accepted, in characters.
    pub max_title_chars: usize,
    /// How often each level of the ladder is given before the suggestion climbs.
    pub ladder_repeats: super::ladder::Repeats,
    /// Points a commendation (通报表扬) credits unless the clerk gives others.
    pub commendation_points: f64,
    /// A suspended item returns to triage for review after this many working days.
    pub suspended_review_working_days: i64,
    /// A completion report awaiting review longer than this many working days is the office's
    /// own backlog.
    pub review_backlog_working_days: i64,
    /// An assigned item not acknowledged (签收) within this many working days of its assignment
    /// surfaces in triage.
    pub acknowledge_working_days: i64,
    /// How many extensions an item may have approved in all; 0: no limit (the default).
    pub max_extensions: u32,
    /// How many working days the approved extensions of an item may add in all; 0: no limit.
    pub max_extension_working_days: i64,
    /// The assessment's weights (绩效考核).
    pub score: ScoreWeights,
    /// The weights that order the triage queue within a group.
    pub triage: super::triage::TriageWeights,
}

/// The assessment's weights (DOMAIN.md "Score"): a department starts at the base, gains or loses
/// for each item it led or helped, and for the notes and commendations aimed at it; the total is
/// kept between zero and the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreWeights {
    pub base: f64,
    pub cap: f64,
    pub on_time_lead: f64,
    pub on_time_co: f64,
    /// Late or overdue (negative).
    pub late_lead: f64,
    pub late_co: f64,
    /// A public criticism that names no points of its own (negative).
    pub criticism: f64,
    /// A point deduction (扣分): the points the note form and `duban note` fill in, and those
    /// of a deduction recorded with none (negative).
    pub deduction: f64,
    /// An affirmative leader instruction (肯定性批示) on the item.
    pub affirmative_instruction: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        Self {
            base: 80.0,
            cap: 100.0,
            on_time_lead: 2.0,
            on_time_co: 1.0,
            late_lead: -5.0,
            late_co: -2.5,
            criticism: -1.0,
            deduction: -2.0,
            affirmative_instruction: 1.0,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            yellow_working_days: 3,
            yellow_share_left: 0.30,
            orange_share_left: 0.15,
            orange_missed_in_row: 2,
            unaddressed_working_days: 5,
            weekly_due: Weekday::Fri,
            monthly_due_day: 25,
            first_feedback_grace_days: 3,
            holiday_weeks_owed_once: true,
            default_deadline_document: 30,
            default_deadline_meeting: 20,
            default_deadline_instruction_urgent: 5,
            default_deadline_instruction_normal: 15,
            default_deadline_instruction_difficult: 30,
            default_deadline_complaint: 15,
            default_deadline_proposal_months: 3,
            default_deadline_other: 20,
            max_title_chars: 500,
            ladder_repeats: super::ladder::Repeats::default(),
            commendation_points: 1.0,
            suspended_review_working_days: 20,
            review_backlog_working_days: 3,
            acknowledge_working_days: 2,
            max_extensions: 0,
            max_extension_working_days: 0,
            score: ScoreWeights::default(),
            triage: super::triage::TriageWeights::default(),
        }
    }
}

/// How the default deadline of a new item is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultDeadline {
    /// This many working days after registration.
    WorkingDays(u32),
    /// This many calendar months after the start (deputies' proposals).
    CalendarMonths(u32),
    /// The last day of the registration year (annual key work).
    EndOfYear,
}

impl DefaultDeadline {
    /// The day this default means for an item whose clock starts on `start` (before 顺延).
    pub fn date(self, start: NaiveDate, calendar: &WorkCalendar) -> NaiveDate {
        match self {
            DefaultDeadline::WorkingDays(n) => calendar.add_working_days(start, n),
            DefaultDeadline::CalendarMonths(n) => start
                .checked_add_months(Months::new(n))
                .unwrap_or(NaiveDate::MAX),
            DefaultDeadline::EndOfYear => {
                NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start)
            }
        }
    }
}

impl Rules {
    /// The deadline an assignment on `today` sets, when it changes one (DOMAIN.md: a deputies'
    /// proposal's statutory answer time counts from assignment, so its default deadline is set
    /// again when it is assigned). Only a deadline that is still the default counted from
    /// registration is set again: one the clerk typed (any other day) is kept. duban keeps no
    /// separate mark of a defaulted deadline; a typed deadline that happens to equal the
    /// default is treated as the default.
    pub fn deadline_on_assignment(
        &self,
        kind: SourceKind,
        registered_on: NaiveDate,
        deadline: Option<NaiveDate>,
        today: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Option<NaiveDate> {
        let rule @ DefaultDeadline::CalendarMonths(_) =
            self.default_deadline(kind, false, Flags::default())
        else {
            return None;
        };
        let kept = |start| {
            super::dates::item_deadline("due", rule.date(start, calendar), Some(kind), calendar)
                .ok()
                .map(|(d, _)| d)
        };
        if deadline? != kept(registered_on)? {
            return None;
        }
        kept(today).filter(|new| Some(*new) != deadline)
    }

    /// The default deadline for a source kind (DOMAIN.md: document 30, meeting decision 20,
    /// leader instruction urgent 5 / normal 15 / difficult 30, public complaint 15 working days;
    /// deputies' proposal 3 calendar months). Kinds the office rules do not name get
    /// `default_deadline_other`; annual key work runs to year end. Counted from assignment, or
    /// from registration when the item is not yet assigned (as it is when registered).
    pub fn default_deadline(
        &self,
        kind: SourceKind,
        urgent: bool,
        flags: Flags,
    ) -> DefaultDeadline {
        use DefaultDeadline::*;
        match kind {
            SourceKind::Document => WorkingDays(self.default_deadline_document),
            SourceKind::Meeting => WorkingDays(self.default_deadline_meeting),
            SourceKind::Instruction if urgent => {
                WorkingDays(self.default_deadline_instruction_urgent)
            }
            SourceKind::Instruction if flags.difficult => {
                WorkingDays(self.default_deadline_instruction_difficult)
            }
            SourceKind::Instruction => WorkingDays(self.default_deadline_instruction_normal),
            SourceKind::AnnualKeyWork => EndOfYear,
            SourceKind::Complaint => WorkingDays(self.default_deadline_complaint),
            SourceKind::Proposal => CalendarMonths(self.default_deadline_proposal_months),
            SourceKind::Superior | SourceKind::Other => WorkingDays(self.default_deadline_other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_deadlines_follow_the_office_rules() {
        let r = Rules::default();
        let none = Flags::default();
        let difficult = Flags {
            difficult: true,
            ..none
        };
        use DefaultDeadline::*;
        let cases = [
            (SourceKind::Document, false, none, WorkingDays(30)),
            (SourceKind::Meeting, false, none, WorkingDays(20)),
            (SourceKind::Instruction, true, none, WorkingDays(5)),
            (SourceKind::Instruction, false, none, WorkingDays(15)),
            (SourceKind::Instruction, false, difficult, WorkingDays(30)),
            (SourceKind::Instruction, true, difficult, WorkingDays(5)),
            (SourceKind::AnnualKeyWork, false, none, EndOfYear),
            (SourceKind::Complaint, false, none, WorkingDays(15)),
            (SourceKind::Complaint, true, none, WorkingDays(15)),
            (SourceKind::Proposal, false, none, CalendarMonths(3)),
            (SourceKind::Superior, false, none, WorkingDays(20)),
            (SourceKind::Other, false, none, WorkingDays(20)),
        ];
        for (kind, urgent, flags, want) in cases {
            assert_eq!(r.default_deadline(kind, urgent, flags), want, "{kind}");
        }
    }

    #[test]
    fn a_proposals_default_deadline_counts_from_its_assignment() {
        let r = Rules::default();
        let cal = WorkCalendar::default();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let registered = d("2026-09-01");
        // Registered 09-01: the default three months on, 12-01. Assigned 10-15: 2027-01-15.
        let default = Some(d("2026-12-01"));
        let assign = |kind, deadline| {
            r.deadline_on_assignment(kind, registered, deadline, d("2026-10-15"), &cal)
        };
        assert_eq!(assign(SourceKind::Proposal, default), Some(d("2027-01-15")));
        // A deadline the clerk set otherwise is kept; so is every other kind's, and no deadline.
        assert_eq!(assign(SourceKind::Proposal, Some(d("2026-11-20"))), None);
        assert_eq!(assign(SourceKind::Document, default), None);
        assert_eq!(assign(SourceKind::Proposal, None), None);
        // Assigned on the day of registration: nothing moves.
        assert_eq!(
            r.deadline_on_assignment(SourceKind::Proposal, registered, default, registered, &cal),
            None
        );
        // Three months from assignment on 2026-11-28 is Sunday 2027-02-28: kept on Monday 03-01.
        assert_eq!(
            r.deadline_on_assignment(
                SourceKind::Proposal,
                d("2026-11-25"),
                Some(d("2027-02-25")),
                d("2026-11-28"),
                &cal
            ),
            Some(d("2027-03-01"))
        );
    }

    #[test]
    fn default_deadline_dates() {
        let cal = WorkCalendar::default();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        use DefaultDeadline::*;
        let cases = [
            (WorkingDays(15), "2026-11-25", "2026-12-16"),
            (CalendarMonths(3), "2026-11-25", "2027-02-25"),
            // The end of a short month: the last day of the month three months on.
            (CalendarMonths(3), "2026-11-30", "2027-02-28"),
            (EndOfYear, "2026-03-02", "2026-12-31"),
        ];
        for (rule, start, want) in cases {
            assert_eq!(rule.date(d(start), &cal), d(want), "{rule:?} {start}");
        }
    }
}

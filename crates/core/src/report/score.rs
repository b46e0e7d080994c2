//! The year's assessment (绩效考核) of each department, from the same judged items as the
//! bulletin, explained line by line ("2026-014 completed on time, lead +2").
//!
//! Weights (DOMAIN.md, `Rules::score`): every department starts at the base (80). An item it led
//! completed on time credits 2, one it helped as co-department 1 (an item without a deadline
//! alike, once completed); an item late or overdue costs the lead 5 and each co-department 2.5.
//! A note of the year aimed at the department adds its signed points (加减分); a public criticism
//! that names no points costs 1, a point deduction (扣分) recorded without points the office's
//! default (2). A commendation adds its points (1 unless the clerk gave others). The total is
//! kept between 0 and the cap (100). A note or commendation aimed at a person counts for the
//! item's lead department (the person's own).
//!
//! The assessment year (DOMAIN.md): an item is scored once for its outcome, in the year its
//! deadline (approved extension included) falls, as it stood at that year's end (see
//! [`outcome`]); items without a deadline in the year they are completed; notes and
//! commendations in the year they are dated, whatever the item's status.
//!
//! Ranking: by score, equal scores 并列; a department with no item's outcome scored (nothing
//! due) is listed after the ranking, not ranked (不参与排名).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::figures::{Judged, Standing};
use super::rank::{self, Place};
use crate::domain::instruction;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;
use crate::domain::rules::ScoreWeights;

/// Why a department's score moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreReason {
    OnTimeLead,
    OnTimeCo,
    LateLead,
    LateCo,
    OverdueLead,
    OverdueCo,
    /// Completed, with no deadline to judge by: lead and co-department as on time.
    CompletedLead,
    CompletedCo,
    /// A note with points of its own, at its level.
    Note(Level),
    /// A public criticism with no points of its own.
    Criticism,
    /// A point deduction (扣分) with no points of its own (recorded before a deduction took
    /// points): the office's default.
    Deduction,
    Commendation,
    /// An affirmative leader's instruction (肯定性批示) on an item the department leads.
    AffirmativeInstruction,
    /// The total was kept within 0 and the cap.
    Bounded,
}

/// One line of a department's explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLine {
    pub number: Option<ItemNumber>,
    pub reason: ScoreReason,
    pub points: f64,
}

/// A department's score and how it came about.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub department: String,
    pub score: f64,
    /// Its rank by score (并列 when equal), or not ranked: no item's outcome scored for it.
    pub place: Place,
    pub lines: Vec<ScoreLine>,
}

/// Every department's score: the ranked ones highest first, then those not ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub base: f64,
    pub departments: Vec<Score>,
}

impl Scores {
    /// The scores of `period` (a year, usually) from the whole history, as it stood at its end.
    /// The reference road: every item replayed from the whole history to the period's end
    /// (`ItemsAtEnd::replayed`). The command line and the interface take the production road,
    /// [`Self::compute_from`] the items the store kept for that day (`items_as_of`); the tests
    /// hold the two equal (tests/report_asof.rs, tests/report_classes.rs).
    pub fn by_replay(
        events: &[crate::domain::history::Recorded],
        period: &super::Period,
        cal: &crate::domain::WorkCalendar,
        rules: &crate::domain::Rules,
    ) -> Scores {
        let before = Scores::read_before(period);
        let scored_before = Scores::scored_before(
            &super::judge::ItemsAtEnd::replayed(events, before.end()),
            period,
            cal,
            rules,
        );
        Scores::compute_from(
            &super::judge::ItemsAtEnd::replayed(events, period.end()),
            &scored_before,
            period,
            cal,
            rules,
        )
    }

    /// The period whose items as they stood at its end the scores of `period` are computed
    /// from: every item up to the end of `period`, those finished before it began included (an
    /// item completed early scores in the period its deadline falls in).
    pub fn read_period(period: &super::Period) -> super::Period {
        super::Period {
            from: NaiveDate::MIN,
            ..*period
        }
    }

    /// The period whose items as they stood at its end say which items were scored before
    /// `period` began: every item up to the day before.
    pub fn read_before(period: &super::Period) -> super::Period {
        let day_before = period.from.pred_opt().unwrap_or(NaiveDate::MIN);
        super::Period::span(NaiveDate::MIN, day_before)
    }

    /// The items whose outcome was scored in an earlier period, from every item as it stood the
    /// day before `period` began (read for [`Scores::read_before`]): an item overdue then is
    /// not scored again, even when its deadline moved on since (the days suspended after it).
    pub fn scored_before(
        before: &super::judge::ItemsAtEnd,
        period: &super::Period,
        cal: &crate::domain::WorkCalendar,
        rules: &crate::domain::Rules,
    ) -> HashSet<ItemNumber> {
        let earlier = Scores::read_before(period);
        before
            .judged(&earlier, cal, rules)
            .iter()
            .filter(|j| outcome(j, &earlier).is_some())
            .map(|j| j.item.number)
            .collect()
    }

    /// The scores of `period` from the items as they stood at its end (replayed, or as stored
    /// for a period ending today), read for [`Scores::read_period`], and those scored before
    /// it ([`Scores::scored_before`]).
    pub fn compute_from(
        items: &super::judge::ItemsAtEnd,
        scored_before: &HashSet<ItemNumber>,
        period: &super::Period,
        cal: &crate::domain::WorkCalendar,
        rules: &crate::domain::Rules,
    ) -> Scores {
        let judged = items.judged(&Scores::read_period(period), cal, rules);
        Scores::of(
            &judged,
            &items.cancelled,
            scored_before,
            period,
            &rules.score,
        )
    }

    /// The scores of `period` from every item judged at its end (those finished before it
    /// began included), the day each cancelled item was cancelled, and the items scored in an
    /// earlier period. Listed: the lead
    /// departments of the items in the period's scope (as the bulletin's) and every department
    /// scored; ranked: those with an item's outcome scored in the period.
    pub fn of(
        judged: &[Judged<'_>],
        cancelled: &HashMap<ItemNumber, NaiveDate>,
        scored_before: &HashSet<ItemNumber>,
        period: &super::Period,
        w: &ScoreWeights,
    ) -> Scores {
        let mut lines: BTreeMap<String, Vec<ScoreLine>> = BTreeMap::new();
        // Every department in scope is listed, even with nothing to its account.
        for j in judged {
            let cancelled_on = cancelled.get(&j.item.number).copied();
            if in_scope(j, cancelled_on, period) {
                lines.entry(j.item.lead_department.clone()).or_default();
            }
        }
        for j in judged {
            let before = scored_before.contains(&j.item.number);
            score_item(j, before, period, w, |dept, line| {
                lines.entry(dept.to_string()).or_default().push(line);
            });
        }
        Scores::ranked(lines, w)
    }

    /// The scores from each department's lines (those of each item together, items in the
    /// order of their numbers): totalled from the base, kept within 0 and the cap, ranked.
    pub(crate) fn ranked(lines: BTreeMap<String, Vec<ScoreLine>>, w: &ScoreWeights) -> Scores {
        let mut departments: Vec<Score> = lines
            .into_iter()
            .map(|(department, mut lines)| {
                let raw = w.base + lines.iter().map(|l| l.points).sum::<f64>();
                let score = raw.clamp(0.0, w.cap);
                if score != raw {
                    lines.push(ScoreLine {
                        number: None,
                        reason: ScoreReason::Bounded,
                        points: score - raw,
                    });
                }
                Score {
                    department,
                    score,
                    place: Place::NotRanked,
                    lines,
                }
            })
            .collect();
        // Ranked by score, highest first; those with no item's outcome scored after them.
        departments.sort_by(|a, b| {
            b.is_ranked()
                .cmp(&a.is_ranked())
                .then(b.score.total_cmp(&a.score))
                .then(a.department.cmp(&b.department))
        });
        let places = rank::places(&departments, |d| d.is_ranked().then_some(d.score));
        for (d, place) in departments.iter_mut().zip(places) {
            d.place = place;
        }
        Scores {
            base: w.base,
            departments,
        }
    }
}

/// The lines one judged item scores in `period` (`before`: its outcome was scored in an
/// earlier period), each handed to `add` with the department it counts for, in the order the
/// explanation lists them: the lead's outcome, each co-department's, the notes, the
/// commendations, the affirmative instructions.
pub(crate) fn score_item(
    j: &Judged<'_>,
    before: bool,
    period: &super::Period,
    w: &ScoreWeights,
    mut add: impl FnMut(&str, ScoreLine),
) {
    let item = j.item;
    let n = item.number;
    let mut add = |dept: &str, reason: ScoreReason, points: f64| {
        add(
            dept,
            ScoreLine {
                number: Some(n),
                reason,
                points,
            },
        );
    };
    let scored = if before { None } else { outcome(j, period) };
    let (lead, co) = match scored {
        Some(Outcome::OnTime) => Some((
            (ScoreReason::OnTimeLead, w.on_time_lead),
            (ScoreReason::OnTimeCo, w.on_time_co),
        )),
        Some(Outcome::Completed) => Some((
            (ScoreReason::CompletedLead, w.on_time_lead),
            (ScoreReason::CompletedCo, w.on_time_co),
        )),
        Some(Outcome::Late) => Some((
            (ScoreReason::LateLead, w.late_lead),
            (ScoreReason::LateCo, w.late_co),
        )),
        Some(Outcome::Overdue) => Some((
            (ScoreReason::OverdueLead, w.late_lead),
            (ScoreReason::OverdueCo, w.late_co),
        )),
        None => None,
    }
    .unzip();
    if let Some((reason, points)) = lead {
        add(&item.lead_department, reason, points);
    }
    if let Some((reason, points)) = co {
        for dept in &item.co_departments {
            add(dept, reason, points);
        }
    }
    let aimed = |target| aimed(item, target);
    for note in item.notes.iter().filter(|x| period.contains(x.on_date)) {
        match (note.points, note.level) {
            (Some(p), level) => add(aimed(&note.target), ScoreReason::Note(level), p),
            (None, Level::Criticism) => {
                add(aimed(&note.target), ScoreReason::Criticism, w.criticism);
            }
            // A deduction recorded before deductions took points (refused since).
            (None, Level::Deduction) => {
                add(aimed(&note.target), ScoreReason::Deduction, w.deduction);
            }
            (None, _) => {}
        }
    }
    for c in item
        .commendations
        .iter()
        .filter(|x| period.contains(x.on_date))
    {
        add(aimed(&c.target), ScoreReason::Commendation, c.points);
    }
    // An affirmative instruction credits the lead department, in the year it is dated.
    for i in item
        .instructions
        .iter()
        .filter(|x| period.contains(x.on_date))
    {
        let points = instruction::points(i.sense, w.affirmative_instruction);
        if points != 0.0 {
            add(
                &item.lead_department,
                ScoreReason::AffirmativeInstruction,
                points,
            );
        }
    }
}

impl Score {
    /// Whether an item's outcome (on time, late, overdue, completed) was scored for the
    /// department: one with only notes or nothing at all had nothing due, and is not ranked.
    fn is_ranked(&self) -> bool {
        self.lines.iter().any(|l| l.reason.is_outcome())
    }
}

impl ScoreReason {
    /// Whether the line scores an item's outcome (not a note or a commendation).
    pub fn is_outcome(self) -> bool {
        matches!(
            self,
            ScoreReason::OnTimeLead
                | ScoreReason::OnTimeCo
                | ScoreReason::CompletedLead
                | ScoreReason::CompletedCo
                | ScoreReason::LateLead
                | ScoreReason::LateCo
                | ScoreReason::OverdueLead
                | ScoreReason::OverdueCo
        )
    }
}

/// What an item is scored for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Overdue,
    /// Completed, with no deadline to judge by.
    Completed,
}

/// The outcome `j` is scored for in `period`, if it is scored in it (DOMAIN.md "The assessment
/// year"): an item is scored once, in the period its deadline (an approved extension included)
/// falls in, as it stood at the period's end; one without a deadline in the period it was
/// completed in.
///
/// A period that has ended (as of its last day or later) judges an item due on its last day
/// and still open as overdue, and an on-time report still awaiting review as on time (the
/// department's clock stopped in time; the review is the office's). An item suspended before
/// its deadline is not scored there: its deadline moves on by the days suspended when it
/// resumes, and it is scored in the period that holds the new deadline.
pub fn outcome(j: &Judged<'_>, period: &super::Period) -> Option<Outcome> {
    let item = j.item;
    let Some(deadline) = item.deadline else {
        return (j.standing == Standing::CompletedNoDeadline
            && item.completed_on.is_some_and(|d| period.contains(d)))
        .then_some(Outcome::Completed);
    };
    if !period.contains(deadline) {
        return None;
    }
    let ended = period.as_of >= period.to;
    match j.standing {
        Standing::OnTime => Some(Outcome::OnTime),
        Standing::Late => Some(Outcome::Late),
        // Reported late: late whatever the review decides; scored overdue in the period of its
        // deadline, as it was before it had a class of its own.
        Standing::OpenOverdue | Standing::ReportedLate => Some(Outcome::Overdue),
        Standing::ReportedOnTime if ended => Some(Outcome::OnTime),
        Standing::OpenNotDue if ended => Some(Outcome::Overdue),
        // Every standing named, so that a new one is scored on purpose.
        Standing::OpenNotDue
        | Standing::ReportedOnTime
        | Standing::OpenNoDeadline
        | Standing::CompletedNoDeadline
        | Standing::Suspended
        | Standing::Cancelled => None,
    }
}

/// Whom a note or commendation on `item` is aimed at: a department of the item by name, else
/// (a person) the lead department.
fn aimed<'a>(item: &'a crate::domain::history::ItemState, target: &'a str) -> &'a str {
    if item.co_departments.iter().any(|c| c == target) {
        target
    } else {
        &item.lead_department
    }
}

/// Whether `j` is in the scope of `period` as the bulletin counts it: not completed or
/// cancelled before the period began.
/// (`cancelled_on`: the day it was cancelled, read only when it is.)
pub(crate) fn in_scope(
    j: &Judged<'_>,
    cancelled_on: Option<NaiveDate>,
    period: &super::Period,
) -> bool {
    let item = j.item;
    let finished_on = match item.status {
        Status::Completed | Status::Closed => item.completed_on,
        Status::Cancelled => cancelled_on,
        _ => None,
    };
    item.registered_on <= period.end() && finished_on.is_none_or(|d| d >= period.from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::{CommendationEntry, ItemState, NoteEntry};
    use crate::domain::item::{Cadence, Flags, SourceKind};
    use crate::domain::{Rules, WorkCalendar};
    use crate::report::judge::ItemsAtEnd;
    use crate::report::{Period, PeriodKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// An item of 住建局 (co-department 财政局), registered on 2025-03-02 and in progress.
    fn item(deadline: Option<&str>) -> ItemState {
        ItemState {
            number: ItemNumber { year: 2025, seq: 1 },
            title: "事项".into(),
            requirement: String::new(),
            source_kind: SourceKind::Meeting,
            source_ref: String::new(),
            instruction: None,
            leader: None,
            lead_department: "住建局".into(),
            co_departments: vec!["财政局".into()],
            owner: String::new(),
            flags: Flags::default(),
            urgent: false,
            cadence: Cadence::Once,
            original_deadline: deadline.map(d),
            deadline: deadline.map(d),
            no_deadline_reason: None,
            status: Status::InProgress,
            suspended_from: None,
            registered_on: d("2025-03-02"),
            assigned_on: Some(d("2025-03-02")),
            completed_on: None,
            closed_on: None,
            last_feedback_on: None,
            last_percent: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            snoozed_until: None,
            snooze_reason: None,
            version: 1,
            second_milestone_due: None,
            suspended_on: None,
            resumed_on: None,
            submitted_on: None,
            feedback: Vec::new(),
            notes: Vec::new(),
            commendations: Vec::new(),
            attachments: Vec::new(),
            instructions: Vec::new(),
            milestones: Vec::new(),
            extensions: Vec::new(),
        }
    }

    fn completed(mut i: ItemState, submitted: &str, approved: &str) -> ItemState {
        i.status = Status::Completed;
        i.submitted_on = Some(d(submitted));
        i.completed_on = Some(d(approved));
        i
    }

    fn awaiting(mut i: ItemState, submitted: &str) -> ItemState {
        i.status = Status::AwaitingReview;
        i.submitted_on = Some(d(submitted));
        i
    }

    fn suspended(mut i: ItemState, on: &str) -> ItemState {
        i.status = Status::Suspended;
        i.suspended_on = Some(d(on));
        i
    }

    /// The year `year`, as of `as_of`.
    fn year(year: &str, as_of: &str) -> Period {
        Period {
            as_of: d(as_of),
            ..Period::holding(PeriodKind::Year, d(&format!("{year}-06-01")))
        }
    }

    /// The lines of `dept` scoring the item's outcome in `period`, the item as it stood at the
    /// end of the period (`cancelled`: the day it was cancelled).
    /// (`before`: the item as it stood the day before the period began, if it existed.)
    fn outcome_lines(
        state: &ItemState,
        before: Option<&ItemState>,
        cancelled: Option<&str>,
        period: &Period,
        dept: &str,
    ) -> Vec<(ScoreReason, f64)> {
        let (cal, rules) = (WorkCalendar::default(), Rules::default());
        let number = state.number;
        let kept = |i: Option<&ItemState>| {
            ItemsAtEnd::kept(
                i.into_iter().cloned().collect(),
                cancelled.map(|c| (number, d(c))).into_iter().collect(),
            )
        };
        let scored_before = Scores::scored_before(&kept(before), period, &cal, &rules);
        let s = Scores::compute_from(&kept(Some(state)), &scored_before, period, &cal, &rules);
        s.departments
            .iter()
            .filter(|x| x.department == dept)
            .flat_map(|x| &x.lines)
            .filter(|l| l.reason.is_outcome())
            .map(|l| (l.reason, l.points))
            .collect()
    }

    /// Each item is scored once for its outcome, in the year its deadline falls (DOMAIN.md "The
    /// assessment year"): the item as it stood at the end of 2025 and of 2026, and what each
    /// year scores for its lead department.
    #[test]
    fn an_item_is_scored_once_in_the_year_its_deadline_falls() {
        use ScoreReason::*;
        let cancelled = {
            let mut i = item(Some("2025-12-10"));
            i.status = Status::Cancelled;
            i
        };
        let extended = {
            // Due 2025-12-19, extended (approved in December) to 2026-01-20.
            let mut i = item(Some("2026-01-20"));
            i.original_deadline = Some(d("2025-12-19"));
            i
        };
        let resumed = {
            // Suspended 2025-12-10 before its deadline 2025-12-20; resumed 2026-01-12, the
            // deadline moved by the working days suspended.
            let mut i = item(Some("2026-01-23"));
            i.resumed_on = Some(d("2026-01-12"));
            i
        };
        // (what happens, the item at the end of 2025, at the end of 2026, the day it was
        // cancelled, what 2025 scores, what 2026 scores)
        type Case<'a> = (
            &'a str,
            ItemState,
            ItemState,
            Option<&'a str>,
            Option<ScoreReason>,
            Option<ScoreReason>,
        );
        let cases: Vec<Case<'_>> = vec![
            (
                "overdue at the year's end, completed late the next",
                item(Some("2025-12-10")),
                completed(item(Some("2025-12-10")), "2026-01-20", "2026-01-21"),
                None,
                Some(OverdueLead),
                None,
            ),
            (
                "due on the year's last day, still open at its end",
                item(Some("2025-12-31")),
                completed(item(Some("2025-12-31")), "2026-01-05", "2026-01-06"),
                None,
                Some(OverdueLead),
                None,
            ),
            (
                "completed late within the year",
                completed(item(Some("2025-06-30")), "2025-07-10", "2025-07-11"),
                completed(item(Some("2025-06-30")), "2025-07-10", "2025-07-11"),
                None,
                Some(LateLead),
                None,
            ),
            (
                "completed on time within the year",
                completed(item(Some("2025-06-30")), "2025-06-20", "2025-06-22"),
                completed(item(Some("2025-06-30")), "2025-06-20", "2025-06-22"),
                None,
                Some(OnTimeLead),
                None,
            ),
            (
                "completed early, in the year before its deadline",
                completed(item(Some("2026-01-15")), "2025-12-19", "2025-12-22"),
                completed(item(Some("2026-01-15")), "2025-12-19", "2025-12-22"),
                None,
                None,
                Some(OnTimeLead),
            ),
            (
                "an on-time report awaiting review at the year's end",
                awaiting(item(Some("2025-12-20")), "2025-12-18"),
                completed(item(Some("2025-12-20")), "2025-12-18", "2026-01-06"),
                None,
                Some(OnTimeLead),
                None,
            ),
            (
                "a late report awaiting review at the year's end",
                awaiting(item(Some("2025-11-28")), "2025-12-05"),
                completed(item(Some("2025-11-28")), "2025-12-05", "2026-01-06"),
                None,
                Some(OverdueLead),
                None,
            ),
            (
                "suspended before its deadline over the year's end",
                suspended(item(Some("2025-12-20")), "2025-12-10"),
                completed(resumed.clone(), "2026-01-20", "2026-01-21"),
                None,
                None,
                Some(OnTimeLead),
            ),
            (
                "suspended after its deadline: stays overdue",
                suspended(item(Some("2025-12-05")), "2025-12-10"),
                item(Some("2026-01-23")),
                None,
                Some(OverdueLead),
                None,
            ),
            (
                "extended into the next year",
                extended.clone(),
                completed(extended.clone(), "2026-01-19", "2026-01-20"),
                None,
                None,
                Some(OnTimeLead),
            ),
            (
                "no deadline: scored in the year completed",
                item(None),
                completed(item(None), "2026-02-01", "2026-02-02"),
                None,
                None,
                Some(CompletedLead),
            ),
            (
                "cancelled",
                cancelled.clone(),
                cancelled.clone(),
                Some("2025-11-02"),
                None,
                None,
            ),
        ];
        let (y2025, y2026) = (year("2025", "2026-03-01"), year("2026", "2027-03-01"));
        let w = ScoreWeights::default();
        let points = |r: Option<ScoreReason>| match r {
            Some(OnTimeLead | CompletedLead) => vec![(r.unwrap(), w.on_time_lead)],
            Some(LateLead | OverdueLead) => vec![(r.unwrap(), w.late_lead)],
            Some(other) => panic!("not a lead's outcome: {other:?}"),
            None => vec![],
        };
        for (name, end_2025, end_2026, cancelled_on, want_2025, want_2026) in cases {
            assert_eq!(
                outcome_lines(&end_2025, None, cancelled_on, &y2025, "住建局"),
                points(want_2025),
                "2025: {name}"
            );
            assert_eq!(
                outcome_lines(&end_2026, Some(&end_2025), cancelled_on, &y2026, "住建局"),
                points(want_2026),
                "2026: {name}"
            );
        }
    }

    /// A year not yet over scores an item only once its deadline has passed: one due today is
    /// not yet overdue, nor is an on-time report awaiting review counted yet. As of its last
    /// day (the history to the end of that day), the year is over.
    #[test]
    fn a_year_not_over_scores_what_is_decided() {
        let cases = [
            // Due today: not yet overdue, nor scored.
            (item(Some("2025-12-30")), "2025-12-30", vec![]),
            (
                item(Some("2025-12-29")),
                "2025-12-30",
                vec![(ScoreReason::OverdueLead, -5.0)],
            ),
            // The year's last day: the year is over at its end.
            (
                item(Some("2025-12-31")),
                "2025-12-31",
                vec![(ScoreReason::OverdueLead, -5.0)],
            ),
            (
                awaiting(item(Some("2025-12-20")), "2025-12-18"),
                "2025-12-30",
                vec![],
            ),
            (
                awaiting(item(Some("2025-12-20")), "2025-12-18"),
                "2025-12-31",
                vec![(ScoreReason::OnTimeLead, 2.0)],
            ),
        ];
        for (state, as_of, want) in cases {
            assert_eq!(
                outcome_lines(&state, None, None, &year("2025", as_of), "住建局"),
                want,
                "{:?} as of {as_of}",
                state.deadline
            );
        }
    }

    /// Notes and commendations score in the year they are dated, whenever the item was
    /// completed; the co-department's outcome is scored with the lead's.
    #[test]
    fn notes_and_commendations_score_in_the_year_they_are_dated() {
        let mut i = completed(item(Some("2025-06-30")), "2025-06-20", "2025-06-22");
        i.commendations.push(CommendationEntry {
            id: 1,
            on_date: d("2026-01-10"),
            target: String::new(),
            reason: "好".into(),
            points: 1.0,
        });
        i.notes.push(NoteEntry {
            id: 1,
            on_date: d("2025-05-10"),
            level: Level::Deduction,
            target: "财政局".into(),
            reason: "慢".into(),
            points: None,
            requirement: "改".into(),
        });
        let scores = |period: &Period| {
            let items = ItemsAtEnd::kept(vec![i.clone()], HashMap::new());
            Scores::compute_from(
                &items,
                &HashSet::new(),
                period,
                &WorkCalendar::default(),
                &Rules::default(),
            )
        };
        let lines = |s: &Scores, dept: &str| -> Vec<(ScoreReason, f64)> {
            s.departments
                .iter()
                .filter(|x| x.department == dept)
                .flat_map(|x| &x.lines)
                .map(|l| (l.reason, l.points))
                .collect()
        };
        let y2025 = scores(&year("2025", "2026-03-01"));
        assert_eq!(lines(&y2025, "住建局"), [(ScoreReason::OnTimeLead, 2.0)]);
        // A deduction recorded without points takes the office's default.
        assert_eq!(
            lines(&y2025, "财政局"),
            [(ScoreReason::OnTimeCo, 1.0), (ScoreReason::Deduction, -2.0)]
        );
        let y2026 = scores(&year("2026", "2027-03-01"));
        assert_eq!(lines(&y2026, "住建局"), [(ScoreReason::Commendation, 1.0)]);
        assert_eq!(lines(&y2026, "财政局"), []);
    }

    /// Departments ranked by score, equal scores 并列; those with no item's outcome scored are
    /// listed after them, not ranked.
    #[test]
    fn equal_scores_rank_together_and_nothing_due_is_not_ranked() {
        let w = ScoreWeights::default();
        let mut items = Vec::new();
        // (department, deadline, completed on time?)
        for (seq, (dept, deadline, on_time)) in [
            ("甲局", Some("2025-06-30"), true),
            ("乙局", Some("2025-06-30"), true),
            ("丙局", Some("2025-06-30"), false),
            ("丁局", Some("2026-06-30"), true),
            ("戊局", Some("2025-06-30"), true),
        ]
        .into_iter()
        .enumerate()
        {
            let mut i = item(deadline);
            i.number.seq = u32::try_from(seq).unwrap() + 1;
            i.lead_department = dept.into();
            i.co_departments.clear();
            if on_time {
                i.status = Status::InProgress;
                i = completed(i, "2025-06-01", "2025-06-02");
            } else {
                i = completed(i, "2025-07-01", "2025-07-02");
            }
            items.push(i);
        }
        // 戊局 is also criticised: 80 + 2 − 1 = 81, below 甲局 and 乙局 (82 each).
        items[4].notes.push(NoteEntry {
            id: 2,
            on_date: d("2025-08-01"),
            level: Level::Criticism,
            target: String::new(),
            reason: "慢".into(),
            points: None,
            requirement: "改".into(),
        });
        let s = Scores::compute_from(
            &ItemsAtEnd::kept(items, HashMap::new()),
            &HashSet::new(),
            &year("2025", "2026-03-01"),
            &WorkCalendar::default(),
            &Rules::default(),
        );
        let got: Vec<(&str, f64, Place)> = s
            .departments
            .iter()
            .map(|x| (x.department.as_str(), x.score, x.place))
            .collect();
        let on_time = w.base + w.on_time_lead;
        assert_eq!(
            got,
            [
                ("乙局", on_time, Place::Ranked(1)),
                ("甲局", on_time, Place::Ranked(1)),
                ("戊局", on_time + w.criticism, Place::Ranked(3)),
                ("丙局", w.base + w.late_lead, Place::Ranked(4)),
                // Completed in 2025 but due in 2026: nothing due in 2025.
                ("丁局", w.base, Place::NotRanked),
            ]
        );
        assert_eq!(s.not_ranked(), ["丁局"]);
    }
}

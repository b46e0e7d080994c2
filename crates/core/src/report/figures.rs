//! The bulletin's figures: every item judged at the end of the period from its replayed history,
//! tallied per lead department, per source, per source kind or per co-department, and in total.
//!
//! How an item counts (DOMAIN.md "Reports"): every item of the period is in exactly one class
//! ([`Standing`]), and every class is printed wherever it is counted or taken out of a
//! denominator.
//! - **In scope**: registered by the end of the period, and not completed or cancelled before it
//!   began. **New** when registered within the period, **carried over** when before.
//! - **Completed** (办结) within the period: **on time** or **late**, judged by the date of the
//!   approved submission (the completion, for records older than submission dates) against the
//!   deadline that counts (the original one unless an extension was approved), or with **no
//!   deadline**.
//! - **Awaiting review** (待审核): reported **on time** (or with no deadline to miss), or
//!   reported **late** (逾期报送待审核, its lateness frozen at the submission).
//! - **In progress** (在办): **not yet due**, **overdue and open** (超时未办: running past the
//!   deadline, or suspended after it, then marked 中止), or with **no deadline**.
//! - **Suspended** (中止): suspended before its deadline (or with none).
//! - **Cancelled** (撤销): cancelled within the period.
//!
//! 承办件数 = 办结 + 待审核 + 在办 + 中止 + 撤销. Late in the rates: completed late, reported
//! late, overdue and open. The period's actions (notes, commendations) are every one dated in
//! it, whatever the status of their item, even one completed before the period began.

use std::collections::HashMap;

use chrono::NaiveDate;

pub use super::judge::{ItemsAtEnd, Judged, Standing, acted_on, judge, judge_all, with_judged};
use super::period::Period;
use crate::domain::code_enum;
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
use crate::domain::{Rules, WorkCalendar};

code_enum! {
    /// What the rows of a bulletin are.
    GroupBy {
        Department = "department",
        Source = "source",
        SourceKind = "source-kind",
        CoDepartment = "co-department",
    }
}

/// The counts of a group of items (one department, one source, …, or all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub new_in_period: u32,
    pub carried_over: u32,
    pub on_time: u32,
    pub late: u32,
    pub completed_no_deadline: u32,
    /// Awaiting review, reported by the deadline (or with no deadline).
    pub reported_on_time: u32,
    /// Awaiting review, reported after the deadline (逾期报送待审核).
    pub reported_late: u32,
    pub open_not_due: u32,
    /// Overdue and open (超时未办), suspended ones included.
    pub open_overdue: u32,
    /// Of the overdue and open, those suspended after their deadline (marked 中止).
    pub open_overdue_suspended: u32,
    pub open_no_deadline: u32,
    /// Suspended before the deadline (or with none).
    pub suspended: u32,
    pub cancelled: u32,
    /// Working days late, summed over the late, reported late and overdue items.
    pub working_days_late: i64,
    /// Accountability notes recorded within the period, by ladder level (reminder first).
    pub notes_by_level: [u32; 7],
    /// Commendations recorded within the period.
    pub commendations: u32,
    /// Periodic feedback missed in a row, summed over the open items.
    pub missed_feedbacks: u32,
    /// Assigned and not acknowledged (未签收) past the rules' window at the period's end: a part
    /// of the open items, said beside the classes, not one of them.
    pub unacknowledged: u32,
}

impl Tally {
    /// Items in scope (承办件数).
    pub fn in_scope(&self) -> u32 {
        self.new_in_period + self.carried_over
    }

    /// How many items are in `class`.
    pub fn class(&self, class: Standing) -> u32 {
        match class {
            Standing::OnTime => self.on_time,
            Standing::Late => self.late,
            Standing::CompletedNoDeadline => self.completed_no_deadline,
            Standing::ReportedOnTime => self.reported_on_time,
            Standing::ReportedLate => self.reported_late,
            Standing::OpenNotDue => self.open_not_due,
            Standing::OpenOverdue => self.open_overdue,
            Standing::OpenNoDeadline => self.open_no_deadline,
            Standing::Suspended => self.suspended,
            Standing::Cancelled => self.cancelled,
        }
    }

    /// Completed, on time or late or with no deadline (办结数).
    pub fn completed(&self) -> u32 {
        self.on_time + self.late + self.completed_no_deadline
    }

    /// Awaiting the office's review, reported on time or late (待审核数).
    pub fn awaiting_review(&self) -> u32 {
        self.reported_on_time + self.reported_late
    }

    /// In progress at the end of the period (在办数): not yet due, overdue (suspended after the
    /// deadline included) or with no deadline.
    pub fn in_progress(&self) -> u32 {
        self.open_not_due + self.open_overdue + self.open_no_deadline
    }

    /// Items without a deadline, completed or in progress.
    pub fn no_deadline(&self) -> u32 {
        self.completed_no_deadline + self.open_no_deadline
    }

    /// Open and past the deadline (超时未办数), suspended after it included.
    pub fn overdue_open(&self) -> u32 {
        self.open_overdue
    }

    /// The denominator of the on-time and overdue rates: what is judged by its deadline.
    fn judged_by_deadline(&self) -> u32 {
        self.on_time + self.late + self.reported_late + self.open_overdue
    }

    /// Late in the rates: completed late, reported late, overdue and open.
    pub fn judged_late(&self) -> u32 {
        self.late + self.reported_late + self.open_overdue
    }

    /// On-time rate, in percent: on time / (on time + late + reported late + open overdue).
    /// `None` when nothing is to be judged (shown as "—", never 0 %).
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.on_time, self.judged_by_deadline())
    }

    /// Overdue rate, in percent: (late + reported late + open overdue) / the same denominator.
    pub fn overdue_rate(&self) -> Option<f64> {
        percent(self.judged_late(), self.judged_by_deadline())
    }

    /// Completion rate (办结率), in percent: completed / items in scope not cancelled.
    pub fn completion_rate(&self) -> Option<f64> {
        percent(self.completed(), self.in_scope() - self.cancelled)
    }

    /// Average working days late over the late, reported late and overdue items.
    pub fn average_working_days_late(&self) -> Option<f64> {
        let n = self.judged_late();
        (n > 0).then(|| self.working_days_late as f64 / f64::from(n))
    }

    pub fn notes(&self) -> u32 {
        self.notes_by_level.iter().sum()
    }

    pub(crate) fn add(&mut self, j: &Judged<'_>, period: &Period) {
        if j.new {
            self.new_in_period += 1;
        } else {
            self.carried_over += 1;
        }
        match j.standing {
            Standing::OnTime => self.on_time += 1,
            Standing::Late => self.late += 1,
            Standing::CompletedNoDeadline => self.completed_no_deadline += 1,
            Standing::ReportedOnTime => self.reported_on_time += 1,
            Standing::ReportedLate => self.reported_late += 1,
            Standing::OpenNotDue => self.open_not_due += 1,
            Standing::OpenOverdue => {
                self.open_overdue += 1;
                self.open_overdue_suspended += u32::from(j.suspended);
            }
            Standing::OpenNoDeadline => self.open_no_deadline += 1,
            Standing::Suspended => self.suspended += 1,
            Standing::Cancelled => self.cancelled += 1,
        }
        self.working_days_late += j.working_days_late.unwrap_or(0);
        self.missed_feedbacks += j.missed_feedbacks;
        self.unacknowledged += u32::from(j.unacknowledged);
        self.add_actions(j.item, period);
    }

    /// The notes and commendations of `item` dated in the period.
    pub(crate) fn add_actions(&mut self, item: &ItemState, period: &Period) {
        for n in item.notes.iter().filter(|n| period.contains(n.on_date)) {
            if let Some(i) = Level::ALL.iter().position(|l| *l == n.level) {
                self.notes_by_level[i] += 1;
            }
        }
        self.commendations += item
            .commendations
            .iter()
            .filter(|c| period.contains(c.on_date))
            .count() as u32;
    }
}

/// `part / whole` in percent, or `None` for an empty whole.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// A percentage as bulletins print it: one decimal, "—" for an empty denominator.
pub fn shown_rate(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{r:.1}%"))
}

/// One row of a bulletin's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The department's name, the source reference, the source kind's code, or the
    /// co-department's name ("" for items registered without a source reference).
    pub key: String,
    pub tally: Tally,
}

/// An open item past its deadline, as the bulletin lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueLine {
    pub number: ItemNumber,
    pub title: String,
    pub lead: String,
    pub owner: String,
    /// Working days late (frozen at the day of suspension for a suspended item).
    pub working_days_late: i64,
    /// Suspended after its deadline (marked 中止).
    pub suspended: bool,
}

/// An accountability action of the period: a note or a commendation.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionLine {
    pub on_date: NaiveDate,
    pub number: ItemNumber,
    pub title: String,
    /// `None` for a commendation.
    pub level: Option<Level>,
    pub target: String,
    pub reason: String,
    pub requirement: String,
    pub points: Option<f64>,
}

/// A leader's instruction during handling recorded within the period (领导批示).
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionLine {
    pub on_date: NaiveDate,
    pub number: ItemNumber,
    pub title: String,
    pub lead: String,
    pub leader: String,
    pub sense: crate::domain::instruction::InstructionSense,
    pub text: String,
    /// The deadline a new requirement set.
    pub deadline: Option<NaiveDate>,
}

/// Everything a bulletin says, for every renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    pub period: Period,
    pub group_by: GroupBy,
    pub rows: Vec<Row>,
    pub total: Tally,
    /// Departments by on-time rate (highest first, none last), then open overdue (fewest first).
    pub ranking: Vec<Row>,
    /// Open overdue items, longest late first.
    pub overdue: Vec<OverdueLine>,
    /// Notes and commendations recorded within the period, oldest first.
    pub actions: Vec<ActionLine>,
    /// Leaders' instructions recorded within the period, oldest first.
    pub instructions: Vec<InstructionLine>,
}

impl Bulletin {
    /// The bulletin of `period` from the whole history: every item as it stood at the end of
    /// the period (events recorded later, a later completion, approval or undo, do not count).
    /// The reference road: every item replayed from the whole history to the period's end
    /// (`ItemsAtEnd::replayed`). The command line and the interface take the production road,
    /// [`Self::compute_from`] the items the store kept for that day (`items_as_of`); the tests
    /// hold the two equal (tests/report_asof.rs, tests/report_classes.rs).
    pub fn by_replay(
        events: &[Recorded],
        period: Period,
        group_by: GroupBy,
        cal: &WorkCalendar,
        rules: &Rules,
    ) -> Bulletin {
        Bulletin::compute_from(
            &ItemsAtEnd::replayed(events, period.end()),
            period,
            group_by,
            cal,
            rules,
        )
    }

    /// The bulletin of `period` from the items as they stood at its end (replayed, or as
    /// stored for a period ending today).
    pub fn compute_from(
        items: &ItemsAtEnd,
        period: Period,
        group_by: GroupBy,
        cal: &WorkCalendar,
        rules: &Rules,
    ) -> Bulletin {
        Bulletin::of(
            &items.judged(&period, cal, rules),
            &items.acted_on(&period),
            period,
            group_by,
        )
    }

    /// The bulletin of items already judged, and of the items out of scope with actions in
    /// the period (`acted`, from [`acted_on`]): their actions are the period's too.
    pub fn of(
        judged: &[Judged<'_>],
        acted: &[&ItemState],
        period: Period,
        group_by: GroupBy,
    ) -> Bulletin {
        let mut total = Tally::default();
        for j in judged {
            total.add(j, &period);
        }
        for item in acted {
            total.add_actions(item, &period);
        }
        let rows = rows_by(judged, acted, &period, group_by);
        let ranking = ranked(match group_by {
            GroupBy::Department => rows.clone(),
            _ => rows_by(judged, acted, &period, GroupBy::Department),
        });
        let mut overdue: Vec<OverdueLine> = judged.iter().filter_map(OverdueLine::of).collect();
        sort_overdue(&mut overdue);
        let mut actions: Vec<ActionLine> = Vec::new();
        let mut instructions: Vec<InstructionLine> = Vec::new();
        for item in judged.iter().map(|j| j.item).chain(acted.iter().copied()) {
            push_records(item, &period, &mut actions, &mut instructions);
        }
        sort_records(&mut actions, &mut instructions);
        Bulletin {
            period,
            group_by,
            rows,
            total,
            ranking,
            overdue,
            actions,
            instructions,
        }
    }
}

impl OverdueLine {
    /// The line of `j` when it is open and past its deadline.
    pub(crate) fn of(j: &Judged<'_>) -> Option<OverdueLine> {
        (j.standing == Standing::OpenOverdue).then(|| OverdueLine {
            number: j.item.number,
            title: j.item.title.clone(),
            lead: j.item.lead_department.clone(),
            owner: j.item.owner.clone(),
            working_days_late: j.working_days_late.unwrap_or(0),
            suspended: j.suspended,
        })
    }
}

/// Longest late first, then by number.
pub(crate) fn sort_overdue(overdue: &mut [OverdueLine]) {
    overdue.sort_by(|a, b| {
        b.working_days_late
            .cmp(&a.working_days_late)
            .then(a.number.cmp(&b.number))
    });
}

/// The departments with items in scope, ranked: by on-time rate (highest first, none last),
/// then open overdue (fewest first), then name.
pub(crate) fn ranked(departments: Vec<Row>) -> Vec<Row> {
    let mut ranking: Vec<Row> = departments
        .into_iter()
        .filter(|r| r.tally.in_scope() > 0)
        .collect();
    ranking.sort_by(|a, b| {
        let rate = |r: &Row| r.tally.on_time_rate().unwrap_or(-1.0);
        rate(b)
            .total_cmp(&rate(a))
            .then(a.tally.open_overdue.cmp(&b.tally.open_overdue))
            .then(a.key.cmp(&b.key))
    });
    ranking
}

/// The leaders' instructions, notes and commendations of `item` dated in the period, appended
/// in the item's order (instructions; notes, then commendations).
pub(crate) fn push_records(
    item: &ItemState,
    period: &Period,
    actions: &mut Vec<ActionLine>,
    instructions: &mut Vec<InstructionLine>,
) {
    for i in item
        .instructions
        .iter()
        .filter(|i| period.contains(i.on_date))
    {
        instructions.push(InstructionLine {
            on_date: i.on_date,
            number: item.number,
            title: item.title.clone(),
            lead: item.lead_department.clone(),
            leader: i.leader.clone(),
            sense: i.sense,
            text: i.text.clone(),
            deadline: i.deadline,
        });
    }
    for n in item.notes.iter().filter(|n| period.contains(n.on_date)) {
        actions.push(ActionLine {
            on_date: n.on_date,
            number: item.number,
            title: item.title.clone(),
            level: Some(n.level),
            target: n.target.clone(),
            reason: n.reason.clone(),
            requirement: n.requirement.clone(),
            points: n.points,
        });
    }
    for c in item
        .commendations
        .iter()
        .filter(|c| period.contains(c.on_date))
    {
        actions.push(ActionLine {
            on_date: c.on_date,
            number: item.number,
            title: item.title.clone(),
            level: None,
            target: c.target.clone(),
            reason: c.reason.clone(),
            requirement: String::new(),
            points: Some(c.points),
        });
    }
}

/// Oldest first; the records of one item on one day in the order they were appended (a stable
/// sort: the lines of one item are appended together).
pub(crate) fn sort_records(actions: &mut [ActionLine], instructions: &mut [InstructionLine]) {
    actions.sort_by_key(|a| (a.on_date, a.number));
    instructions.sort_by_key(|i| (i.on_date, i.number));
}

/// The keys of the rows `item` counts in under `group_by`: its lead department, its source
/// reference (trimmed), its source kind, or each of its co-departments.
pub(crate) fn each_key<'a>(item: &'a ItemState, group_by: GroupBy, mut f: impl FnMut(&'a str)) {
    match group_by {
        GroupBy::Department => f(&item.lead_department),
        GroupBy::Source => f(crate::text::trimmed(&item.source_ref)),
        GroupBy::SourceKind => f(item.source_kind.code()),
        GroupBy::CoDepartment => item.co_departments.iter().for_each(|co| f(co)),
    }
}

/// The rows of `judged` grouped by `group_by`, in the order of their keys: an item counts in
/// the row of its lead department, its source reference (trimmed), its source kind, or in that
/// of each of its co-departments. The actions of the period on the items of `acted` (out of
/// scope) count in their rows too (a row of actions alone has no item in scope).
pub fn rows_by(
    judged: &[Judged<'_>],
    acted: &[&ItemState],
    period: &Period,
    group_by: GroupBy,
) -> Vec<Row> {
    // Keys borrowed from the items: a key is copied once per row, not once per item.
    let mut groups: foldhash::HashMap<&str, Tally> = HashMap::default();
    for j in judged {
        each_key(j.item, group_by, |key| {
            tally_under(&mut groups, key, j, period)
        });
    }
    for item in acted {
        each_key(item, group_by, |key| {
            groups.entry(key).or_default().add_actions(item, period);
        });
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(key, tally)| Row {
            key: key.to_string(),
            tally,
        })
        .collect();
    sort_rows(&mut rows, group_by);
    rows
}

/// Rows in the order of their keys; source kinds in DOMAIN.md's order (meeting decisions
/// first), not by their codes.
pub(crate) fn sort_rows(rows: &mut [Row], group_by: GroupBy) {
    match group_by {
        GroupBy::SourceKind => rows.sort_unstable_by_key(|r| {
            crate::domain::SourceKind::ALL
                .iter()
                .position(|k| k.code() == r.key)
                .unwrap_or(usize::MAX)
        }),
        _ => rows.sort_unstable_by(|a, b| a.key.cmp(&b.key)),
    }
}

/// Counts `j` in the group `key`.
fn tally_under<'a>(
    groups: &mut foldhash::HashMap<&'a str, Tally>,
    key: &'a str,
    j: &Judged<'_>,
    period: &Period,
) {
    groups.entry(key).or_default().add(j, period);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;
    use crate::domain::history::{CommendationEntry, NoteEntry};
    use crate::domain::item::{Cadence, Flags, SourceKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// An item of 住建局 registered and assigned on 2026-10-12, one-off.
    fn item(seq: u32, status: Status, deadline: Option<&str>) -> ItemState {
        ItemState {
            number: ItemNumber { year: 2026, seq },
            title: format!("事项{seq}"),
            requirement: String::new(),
            source_kind: SourceKind::Meeting,
            source_ref: "第6次常务会议".into(),
            instruction: None,
            leader: None,
            lead_department: "住建局".into(),
            co_departments: vec!["财政局".into()],
            owner: "李明".into(),
            flags: Flags::default(),
            urgent: false,
            cadence: Cadence::Once,
            original_deadline: deadline.map(d),
            deadline: deadline.map(d),
            no_deadline_reason: None,
            status,
            suspended_from: None,
            registered_on: d("2026-10-12"),
            assigned_on: Some(d("2026-10-12")),
            completed_on: None,
            closed_on: None,
            last_feedback_on: None,
            last_percent: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            snoozed_until: None,
            snooze_reason: None,
            version: 0,
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

    fn november() -> Period {
        Period::span(d("2026-11-01"), d("2026-11-30"))
    }

    fn bulletin(items: Vec<ItemState>, cancelled: &[(u32, &str)], period: Period) -> Bulletin {
        let cancelled = cancelled
            .iter()
            .map(|(seq, on)| {
                (
                    ItemNumber {
                        year: 2026,
                        seq: *seq,
                    },
                    d(on),
                )
            })
            .collect();
        Bulletin::compute_from(
            &ItemsAtEnd::kept(items, cancelled),
            period,
            GroupBy::Department,
            &WorkCalendar::default(),
            &Rules::default(),
        )
    }

    #[test]
    fn a_late_report_awaiting_review_is_its_own_class_and_late_in_the_rates() {
        // Due Mon 11-16, reported Thu 11-19: three working days late, frozen there.
        let mut late = item(1, Status::AwaitingReview, Some("2026-11-16"));
        late.submitted_on = Some(d("2026-11-19"));
        let mut on_time = item(2, Status::AwaitingReview, Some("2026-11-16"));
        on_time.submitted_on = Some(d("2026-11-13"));
        let b = bulletin(vec![late, on_time], &[], november());
        let t = &b.total;
        assert_eq!((t.reported_late, t.reported_on_time), (1, 1));
        assert_eq!((t.open_overdue, t.open_not_due), (0, 0));
        assert_eq!(t.awaiting_review(), 2);
        assert_eq!(t.working_days_late, 3);
        // Late in both rates; the on-time report in neither until decided.
        assert_eq!(t.on_time_rate(), Some(0.0));
        assert_eq!(t.overdue_rate(), Some(100.0));
        assert!(b.overdue.is_empty());
    }

    #[test]
    fn an_item_suspended_after_its_deadline_is_overdue_marked_suspended() {
        // Due Tue 11-10, suspended Tue 11-17: five working days late to the period's end.
        let mut late = item(1, Status::Suspended, Some("2026-11-10"));
        late.suspended_on = Some(d("2026-11-17"));
        let mut early = item(2, Status::Suspended, Some("2026-12-31"));
        early.suspended_on = Some(d("2026-11-17"));
        let b = bulletin(vec![late, early], &[], november());
        let t = &b.total;
        assert_eq!(
            (t.open_overdue, t.open_overdue_suspended, t.suspended),
            (1, 1, 1)
        );
        assert_eq!(t.in_progress(), 1);
        assert_eq!(t.working_days_late, 5);
        assert_eq!(b.overdue.len(), 1);
        assert_eq!(
            (b.overdue[0].working_days_late, b.overdue[0].suspended),
            (5, true)
        );
    }

    #[test]
    fn every_item_is_in_one_class_and_every_class_adds_up() {
        let mut items = Vec::new();
        let mut add = |status, deadline: Option<&str>, f: &dyn Fn(&mut ItemState)| {
            let mut i = item(items.len() as u32 + 1, status, deadline);
            f(&mut i);
            items.push(i);
        };
        let done = |on: &'static str| {
            move |i: &mut ItemState| {
                i.submitted_on = Some(d(on));
                i.completed_on = Some(d(on));
            }
        };
        add(Status::Completed, Some("2026-11-20"), &done("2026-11-10"));
        add(Status::Completed, Some("2026-11-05"), &done("2026-11-10"));
        add(Status::Closed, None, &done("2026-11-10"));
        add(Status::AwaitingReview, Some("2026-12-31"), &|i| {
            i.submitted_on = Some(d("2026-11-20"))
        });
        add(Status::AwaitingReview, Some("2026-11-05"), &|i| {
            i.submitted_on = Some(d("2026-11-20"))
        });
        add(Status::InProgress, Some("2026-12-31"), &|_| {});
        add(Status::InProgress, Some("2026-11-06"), &|_| {});
        add(Status::Assigned, None, &|_| {});
        add(Status::Suspended, Some("2026-12-31"), &|i| {
            i.suspended_on = Some(d("2026-11-20"))
        });
        add(Status::Suspended, Some("2026-11-06"), &|i| {
            i.suspended_on = Some(d("2026-11-20"))
        });
        add(Status::Cancelled, Some("2026-12-31"), &|_| {});
        // Cancelled and completed before November: out of scope.
        add(Status::Cancelled, Some("2026-12-31"), &|_| {});
        add(Status::Completed, Some("2026-10-30"), &done("2026-10-20"));
        let b = bulletin(items, &[(11, "2026-11-20"), (12, "2026-10-20")], november());
        let t = &b.total;
        assert_eq!(t.in_scope(), 11);
        for class in Standing::ALL {
            let want = if class == Standing::OpenOverdue { 2 } else { 1 };
            assert_eq!(t.class(class), want, "{class:?}");
        }
        let sum: u32 = Standing::ALL.iter().map(|c| t.class(*c)).sum();
        assert_eq!(sum, t.in_scope());
        assert_eq!(
            t.completed() + t.awaiting_review() + t.in_progress() + t.suspended + t.cancelled,
            t.in_scope()
        );
        // The sentence's classes add up to the whole too.
        let named: u32 = crate::report::render::words::summary_classes(t)
            .iter()
            .map(|(_, n)| n)
            .sum();
        assert_eq!(named, t.in_scope());
        // 1 on time of 1 + 1 late + 1 reported late + 2 overdue; 3 completed of 11 − 1.
        assert_eq!(shown_rate(t.on_time_rate()), "20.0%");
        assert_eq!(shown_rate(t.completion_rate()), "30.0%");
    }

    #[test]
    fn the_periods_actions_include_those_on_items_finished_before_it() {
        let mut done = item(1, Status::Completed, Some("2026-11-20"));
        done.submitted_on = Some(d("2026-11-10"));
        done.completed_on = Some(d("2026-11-11"));
        done.notes.push(NoteEntry {
            id: 1,
            on_date: d("2026-12-03"),
            level: Level::Criticism,
            target: "住建局".into(),
            reason: "报送不实".into(),
            points: None,
            requirement: "重新报送".into(),
        });
        done.commendations.push(CommendationEntry {
            id: 2,
            on_date: d("2026-12-04"),
            target: "住建局".into(),
            reason: "整改到位".into(),
            points: 1.0,
        });
        let december = Period::span(d("2026-12-01"), d("2026-12-31"));
        let b = bulletin(vec![done.clone()], &[], december);
        let levels: Vec<Option<Level>> = b.actions.iter().map(|a| a.level).collect();
        assert_eq!(levels, [Some(Level::Criticism), None]);
        let criticism = Level::ALL
            .iter()
            .position(|l| *l == Level::Criticism)
            .unwrap();
        assert_eq!(b.total.notes_by_level[criticism], 1);
        assert_eq!(b.total.commendations, 1);
        // Not counted again as an item; its department's row has the actions, not a rank.
        assert_eq!(b.total.in_scope(), 0);
        assert_eq!(b.rows[0].tally.commendations, 1);
        assert!(b.ranking.is_empty());
        // November has the item, and none of December's actions.
        let b = bulletin(vec![done], &[], november());
        assert_eq!((b.total.on_time, b.actions.len()), (1, 0));
    }
}

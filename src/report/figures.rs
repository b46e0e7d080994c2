//! The bulletin's figures: every item judged at the end of the period from its replayed history,
//! tallied per lead department, per source, per source kind or per co-department, and in total.
//!
//! How an item counts (DOMAIN.md "Reports"):
//! - **In scope**: registered by the end of the period, and not completed or cancelled before it
//!   began. **New** when registered within the period, **carried over** when before.
//! - **On time / late**: completed within the period, judged by the date of the approved
//!   submission (the completion, for records older than submission dates) against the deadline
//!   that counts (the original one unless an extension was approved).
//! - **Open**: not completed at the end of the period. **Overdue** when the department's clock
//!   passed the deadline (a report awaiting review stopped it on its submission day, a
//!   suspension on its first day), **not yet due** otherwise; **no deadline** when it has none.
//! - **Suspended**: open and suspended at the end of the period (also counted as open).
//! - **Cancelled**: cancelled within the period.

use std::collections::HashMap;

use chrono::NaiveDate;

pub use super::judge::{ItemsAtEnd, Judged, Standing, judge, judge_all, with_judged};
use super::period::Period;
use crate::domain::code_enum;
use crate::domain::history::Recorded;
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
    pub open_not_due: u32,
    pub open_overdue: u32,
    pub open_no_deadline: u32,
    pub suspended: u32,
    pub cancelled: u32,
    /// Working days late, summed over the late and overdue items.
    pub working_days_late: i64,
    /// Accountability notes recorded within the period, by ladder level (reminder first).
    pub notes_by_level: [u32; 7],
    /// Commendations recorded within the period.
    pub commendations: u32,
    /// Periodic feedback missed in a row, summed over the open items.
    pub missed_feedbacks: u32,
}

impl Tally {
    /// Items in scope (承办件数).
    pub fn in_scope(&self) -> u32 {
        self.new_in_period + self.carried_over
    }

    /// Completed, on time or late or with no deadline (办结数).
    pub fn completed(&self) -> u32 {
        self.on_time + self.late + self.completed_no_deadline
    }

    /// Open at the end of the period (在办数).
    pub fn in_progress(&self) -> u32 {
        self.open_not_due + self.open_overdue + self.open_no_deadline
    }

    /// Items without a deadline, completed or open.
    pub fn no_deadline(&self) -> u32 {
        self.completed_no_deadline + self.open_no_deadline
    }

    /// Open and past the deadline (超时未办数).
    pub fn overdue_open(&self) -> u32 {
        self.open_overdue
    }

    fn judged_by_deadline(&self) -> u32 {
        self.on_time + self.late + self.open_overdue
    }

    /// On-time rate, in percent: on time / (on time + late + open overdue). `None` when nothing
    /// is to be judged (shown as "—", never 0 %).
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.on_time, self.judged_by_deadline())
    }

    /// Overdue rate, in percent: (late + open overdue) / (on time + late + open overdue).
    pub fn overdue_rate(&self) -> Option<f64> {
        percent(self.late + self.open_overdue, self.judged_by_deadline())
    }

    /// Completion rate (办结率), in percent: completed / items in scope not cancelled.
    pub fn completion_rate(&self) -> Option<f64> {
        percent(self.completed(), self.in_scope() - self.cancelled)
    }

    /// Average working days late over the late and overdue items.
    pub fn average_working_days_late(&self) -> Option<f64> {
        let n = self.late + self.open_overdue;
        (n > 0).then(|| self.working_days_late as f64 / f64::from(n))
    }

    pub fn notes(&self) -> u32 {
        self.notes_by_level.iter().sum()
    }

    fn add(&mut self, j: &Judged<'_>, period: &Period) {
        if j.new {
            self.new_in_period += 1;
        } else {
            self.carried_over += 1;
        }
        match j.standing {
            Standing::OnTime => self.on_time += 1,
            Standing::Late => self.late += 1,
            Standing::CompletedNoDeadline => self.completed_no_deadline += 1,
            Standing::OpenNotDue => self.open_not_due += 1,
            Standing::OpenOverdue => self.open_overdue += 1,
            Standing::OpenNoDeadline => self.open_no_deadline += 1,
            Standing::Cancelled => self.cancelled += 1,
        }
        if j.suspended {
            self.suspended += 1;
        }
        self.working_days_late += j.working_days_late.unwrap_or(0);
        self.missed_feedbacks += j.missed_feedbacks;
        for n in j.item.notes.iter().filter(|n| period.contains(n.on_date)) {
            if let Some(i) = Level::ALL.iter().position(|l| *l == n.level) {
                self.notes_by_level[i] += 1;
            }
        }
        self.commendations += j
            .item
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
    pub working_days_late: i64,
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
}

impl Bulletin {
    /// The bulletin of `period` from the whole history: every item as it stood at the end of
    /// the period (events recorded later, a later completion, approval or undo, do not count).
    pub fn compute(
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
        Bulletin::of(&items.judged(&period, cal, rules), period, group_by)
    }

    /// The bulletin of items already judged.
    pub fn of(judged: &[Judged<'_>], period: Period, group_by: GroupBy) -> Bulletin {
        let mut total = Tally::default();
        for j in judged {
            total.add(j, &period);
        }
        let rows = rows_by(judged, &period, group_by);
        let departments = match group_by {
            GroupBy::Department => rows.clone(),
            _ => rows_by(judged, &period, GroupBy::Department),
        };
        let mut ranking = departments;
        ranking.sort_by(|a, b| {
            let rate = |r: &Row| r.tally.on_time_rate().unwrap_or(-1.0);
            rate(b)
                .total_cmp(&rate(a))
                .then(a.tally.open_overdue.cmp(&b.tally.open_overdue))
                .then(a.key.cmp(&b.key))
        });
        let mut overdue: Vec<OverdueLine> = judged
            .iter()
            .filter(|j| j.standing == Standing::OpenOverdue)
            .map(|j| OverdueLine {
                number: j.item.number,
                title: j.item.title.clone(),
                lead: j.item.lead_department.clone(),
                owner: j.item.owner.clone(),
                working_days_late: j.working_days_late.unwrap_or(0),
            })
            .collect();
        overdue.sort_by(|a, b| {
            b.working_days_late
                .cmp(&a.working_days_late)
                .then(a.number.cmp(&b.number))
        });
        let mut actions: Vec<ActionLine> = Vec::new();
        for j in judged {
            let item = j.item;
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
        actions.sort_by_key(|a| (a.on_date, a.number));
        Bulletin {
            period,
            group_by,
            rows,
            total,
            ranking,
            overdue,
            actions,
        }
    }
}

/// The rows of `judged` grouped by `group_by`, in the order of their keys: an item counts in
/// the row of its lead department, its source reference (trimmed), its source kind, or in that
/// of each of its co-departments.
pub fn rows_by(judged: &[Judged<'_>], period: &Period, group_by: GroupBy) -> Vec<Row> {
    // Keys borrowed from the items: a key is copied once per row, not once per item.
    let mut groups: foldhash::HashMap<&str, Tally> = HashMap::default();
    for j in judged {
        let item = j.item;
        match group_by {
            GroupBy::Department => tally_under(&mut groups, &item.lead_department, j, period),
            GroupBy::Source => tally_under(&mut groups, j.source_ref, j, period),
            GroupBy::SourceKind => tally_under(&mut groups, item.source_kind.code(), j, period),
            GroupBy::CoDepartment => {
                for co in &item.co_departments {
                    tally_under(&mut groups, co, j, period);
                }
            }
        }
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(key, tally)| Row {
            key: key.to_string(),
            tally,
        })
        .collect();
    match group_by {
        // Source kinds in DOMAIN.md's order (meeting decisions first), not by their codes.
        GroupBy::SourceKind => rows.sort_unstable_by_key(|r| {
            crate::domain::SourceKind::ALL
                .iter()
                .position(|k| k.code() == r.key)
                .unwrap_or(usize::MAX)
        }),
        _ => rows.sort_unstable_by(|a, b| a.key.cmp(&b.key)),
    }
    rows
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

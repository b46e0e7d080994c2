//! The year's assessment (绩效考核) of each department, from the same judged items as the
//! bulletin, explained line by line ("2026-014 completed on time, lead +2").
//!
//! Weights (DOMAIN.md, `Rules::score`): every department starts at the base (80). An item it led
//! completed on time within the year credits 2, one it helped as co-department 1; an item late or
//! overdue at the end of the year costs the lead 5 and each co-department 2.5. A note of the year
//! aimed at the department adds its signed points (加减分); a public criticism that names no
//! points costs 1. A commendation adds its points (1 unless the clerk gave others). The total is
//! kept between 0 and the cap (100). A note or commendation aimed at a person counts for the
//! item's lead department (the person's own).

use std::collections::BTreeMap;

use super::figures::{Judged, Standing};
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
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
    /// A note with points of its own, at its level.
    Note(Level),
    /// A public criticism with no points of its own.
    Criticism,
    Commendation,
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
    pub lines: Vec<ScoreLine>,
}

/// Every department's score, highest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub base: f64,
    pub departments: Vec<Score>,
}

impl Scores {
    /// The scores of `period` (a year, usually) from the whole history, as it stood at its end.
    pub fn compute(
        events: &[crate::domain::history::Recorded],
        period: &super::Period,
        cal: &crate::domain::WorkCalendar,
        rules: &crate::domain::Rules,
    ) -> Scores {
        Scores::compute_from(
            &super::judge::ItemsAtEnd::replayed(events, period.end()),
            period,
            cal,
            rules,
        )
    }

    /// The scores of `period` from the items as they stood at its end (replayed, or as stored
    /// for a period ending today).
    pub fn compute_from(
        items: &super::judge::ItemsAtEnd,
        period: &super::Period,
        cal: &crate::domain::WorkCalendar,
        rules: &crate::domain::Rules,
    ) -> Scores {
        Scores::of(&items.judged(period, cal, rules), period, &rules.score)
    }

    /// The scores of the departments that led or helped an item in scope, from the items judged
    /// over the year.
    pub fn of(judged: &[Judged<'_>], period: &super::Period, w: &ScoreWeights) -> Scores {
        // Every department in scope is listed, even with nothing to its account.
        let mut lines: BTreeMap<String, Vec<ScoreLine>> = judged
            .iter()
            .map(|j| (j.item.lead_department.clone(), Vec::new()))
            .collect();
        let mut add = |dept: &str, number: ItemNumber, reason: ScoreReason, points: f64| {
            lines.entry(dept.to_string()).or_default().push(ScoreLine {
                number: Some(number),
                reason,
                points,
            });
        };
        for j in judged {
            let item = j.item;
            let n = item.number;
            let (lead, co) = match j.standing {
                Standing::OnTime => Some((
                    (ScoreReason::OnTimeLead, w.on_time_lead),
                    (ScoreReason::OnTimeCo, w.on_time_co),
                )),
                Standing::Late => Some((
                    (ScoreReason::LateLead, w.late_lead),
                    (ScoreReason::LateCo, w.late_co),
                )),
                // Reported late: scored as it was when it counted overdue (the assessment
                // year's rules are the score's to settle).
                Standing::OpenOverdue | Standing::ReportedLate => Some((
                    (ScoreReason::OverdueLead, w.late_lead),
                    (ScoreReason::OverdueCo, w.late_co),
                )),
                _ => None,
            }
            .unzip();
            if let Some((reason, points)) = lead {
                add(&item.lead_department, n, reason, points);
            }
            if let Some((reason, points)) = co {
                for dept in &item.co_departments {
                    add(dept, n, reason, points);
                }
            }
            // Whom a note or commendation is aimed at: a department of the item by name, else
            // (a person) the lead department.
            let aimed = |target: &str| -> String {
                if item.co_departments.iter().any(|c| c == target) {
                    target.to_string()
                } else {
                    item.lead_department.clone()
                }
            };
            for note in item.notes.iter().filter(|x| period.contains(x.on_date)) {
                match (note.points, note.level) {
                    (Some(p), level) => add(&aimed(&note.target), n, ScoreReason::Note(level), p),
                    (None, Level::Criticism) => {
                        add(&aimed(&note.target), n, ScoreReason::Criticism, w.criticism);
                    }
                    (None, _) => {}
                }
            }
            for c in item
                .commendations
                .iter()
                .filter(|x| period.contains(x.on_date))
            {
                add(&aimed(&c.target), n, ScoreReason::Commendation, c.points);
            }
        }
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
                    lines,
                }
            })
            .collect();
        departments.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.department.cmp(&b.department))
        });
        Scores {
            base: w.base,
            departments,
        }
    }
}

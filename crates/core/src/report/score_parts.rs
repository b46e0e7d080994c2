//! The year's assessment computed in one pass over the items as they are read, as
//! [`super::parts`] computes the bulletin: [`ScoredBefore`] notes the items whose outcome an
//! earlier year scored (from the items as they stood the day before the year began), then
//! [`ScoreParts`] takes each item as it stood at the year's end and keeps only each
//! department's lines, never the items. Parts filled apart are merged; the result is exactly
//! [`Scores::scored_before`] and [`Scores::compute_from`] of all the items at once.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::ScoreLine;
use super::judge::judge;
use super::period::Period;
use super::score::{Scores, in_scope, outcome, score_item};
use crate::domain::history::ItemState;
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::Status;
use crate::domain::rules::ScoreWeights;
use crate::domain::{Rules, WorkCalendar};

/// The day an item was cancelled, read only when it is cancelled (as the judging reads it).
fn cancelled(item: &ItemState, cancelled_on: Option<NaiveDate>) -> Option<NaiveDate> {
    cancelled_on.filter(|_| item.status == Status::Cancelled)
}

/// The items whose outcome was scored in an earlier period than the one assessed, being
/// collected one item at a time (as it stood the day before the period began).
#[derive(Debug, Clone, Default)]
pub struct ScoredBefore {
    numbers: Vec<ItemNumber>,
}

impl ScoredBefore {
    /// Notes `item` if its outcome was scored before `period` (the period assessed) began.
    pub fn add(
        &mut self,
        item: &ItemState,
        cancelled_on: Option<NaiveDate>,
        period: &Period,
        cal: &WorkCalendar,
        rules: &Rules,
    ) {
        let earlier = Scores::read_before(period);
        if let Some(j) = judge(item, cancelled(item, cancelled_on), &earlier, cal, rules)
            && outcome(&j, &earlier).is_some()
        {
            self.numbers.push(item.number);
        }
    }

    /// The items noted by every part.
    pub fn merged(parts: impl IntoIterator<Item = ScoredBefore>) -> HashSet<ItemNumber> {
        parts.into_iter().flat_map(|p| p.numbers).collect()
    }
}

/// The scores of a period being computed one item at a time.
#[derive(Debug, Clone)]
pub struct ScoreParts {
    period: Period,
    weights: ScoreWeights,
    /// Each department's lines, those of each item together.
    lines: foldhash::HashMap<String, Vec<ScoreLine>>,
}

impl ScoreParts {
    /// Nothing scored yet for `period` under the weights `w`.
    pub fn new(period: Period, w: &ScoreWeights) -> ScoreParts {
        ScoreParts {
            period,
            weights: w.clone(),
            lines: foldhash::HashMap::default(),
        }
    }

    /// Scores `item` as it stood at the end of the period, read for
    /// [`Scores::read_period`] (`cancelled_on`: the day it was cancelled, read only when it
    /// is; `scored_before`: the items scored in an earlier period).
    pub fn add(
        &mut self,
        item: &ItemState,
        cancelled_on: Option<NaiveDate>,
        scored_before: &HashSet<ItemNumber>,
        cal: &WorkCalendar,
        rules: &Rules,
    ) {
        let cancelled_on = cancelled(item, cancelled_on);
        let read = Scores::read_period(&self.period);
        let Some(j) = judge(item, cancelled_on, &read, cal, rules) else {
            return;
        };
        let period = self.period;
        let lines = &mut self.lines;
        // Every department in scope is listed, even with nothing to its account.
        if in_scope(&j, cancelled_on, &period) && !lines.contains_key(&item.lead_department) {
            lines.insert(item.lead_department.clone(), Vec::new());
        }
        let before = scored_before.contains(&item.number);
        score_item(
            &j,
            before,
            &period,
            &self.weights,
            |dept, line| match lines.get_mut(dept) {
                Some(l) => l.push(line),
                None => {
                    lines.insert(dept.to_string(), vec![line]);
                }
            },
        );
    }

    /// These parts and `other`'s (of the same period, other items) as one.
    pub fn merge(mut self, other: ScoreParts) -> ScoreParts {
        for (dept, lines) in other.lines {
            self.lines.entry(dept).or_default().extend(lines);
        }
        self
    }

    /// Parts filled apart (by each reading thread), as one; `None` when there are none.
    pub fn merged(parts: impl IntoIterator<Item = ScoreParts>) -> Option<ScoreParts> {
        parts.into_iter().reduce(ScoreParts::merge)
    }

    /// The scores: each department's lines in the order of their items' numbers (a stable
    /// sort: the lines of one item stay together and in order), totalled and ranked.
    pub fn into_scores(self) -> Scores {
        let lines: BTreeMap<String, Vec<ScoreLine>> = self
            .lines
            .into_iter()
            .map(|(dept, mut lines)| {
                lines.sort_by_key(|l| l.number);
                (dept, lines)
            })
            .collect();
        Scores::ranked(lines, &self.weights)
    }
}

//! The bulletin computed in one pass over the items as they are read: [`BulletinParts`] takes one
//! item at a time (as it stood at the end of the period), judges it, and keeps only what the
//! bulletin prints — the tallies of each row, the open overdue items, the period's actions and
//! instructions — never the items themselves. Parts filled from different runs of items (the
//! store reads on two threads) are merged; the result is exactly [`Bulletin::of`] and
//! [`Document::compute_from`] of all the items at once (tests/report_stream.rs holds them
//! equal on the sample office, split anywhere).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::figures::{
    ActionLine, Bulletin, GroupBy, InstructionLine, OverdueLine, Row, Tally, each_key,
    push_records, ranked, sort_overdue, sort_records, sort_rows,
};
use super::judge::{Judged, Placed, place};
use super::period::Period;
use super::render::{Document, cited_one_by_one, main_kind, source_lines};
use crate::domain::history::ItemState;
use crate::domain::item::SourceKind;
use crate::domain::{Rules, WorkCalendar};

/// Tallies by key, the keys owned (copied once per row, not once per item).
type Groups = foldhash::HashMap<String, Tally>;

/// Applies `f` to the tally of `key` in `groups`, made when it is the row's first item (the
/// key copied then only).
fn under(groups: &mut Groups, key: &str, f: impl FnOnce(&mut Tally)) {
    match groups.get_mut(key) {
        Some(t) => f(t),
        None => {
            let mut t = Tally::default();
            f(&mut t);
            groups.insert(key.to_string(), t);
        }
    }
}

/// Adds `other`'s counts to `t`.
fn add_tally(t: &mut Tally, other: &Tally) {
    t.new_in_period += other.new_in_period;
    t.carried_over += other.carried_over;
    t.on_time += other.on_time;
    t.late += other.late;
    t.completed_no_deadline += other.completed_no_deadline;
    t.reported_on_time += other.reported_on_time;
    t.reported_late += other.reported_late;
    t.open_not_due += other.open_not_due;
    t.open_overdue += other.open_overdue;
    t.open_overdue_suspended += other.open_overdue_suspended;
    t.open_no_deadline += other.open_no_deadline;
    t.suspended += other.suspended;
    t.cancelled += other.cancelled;
    t.working_days_late += other.working_days_late;
    for (a, b) in t.notes_by_level.iter_mut().zip(other.notes_by_level) {
        *a += b;
    }
    t.commendations += other.commendations;
    t.missed_feedbacks += other.missed_feedbacks;
    t.unacknowledged += other.unacknowledged;
}

fn merge_groups(into: &mut Groups, from: Groups) {
    for (key, tally) in from {
        match into.get_mut(&key) {
            Some(t) => add_tally(t, &tally),
            None => {
                into.insert(key, tally);
            }
        }
    }
}

fn rows_of(groups: Groups, group_by: GroupBy) -> Vec<Row> {
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(key, tally)| Row { key, tally })
        .collect();
    sort_rows(&mut rows, group_by);
    rows
}

/// The per-source lines of a document: the meetings and documents one by one (with the kinds
/// their items were registered as), the other items by kind.
#[derive(Debug, Clone, Default)]
struct Sources {
    cited: Groups,
    kinds: foldhash::HashMap<String, HashMap<SourceKind, u32>>,
    by_kind: Groups,
}

impl Sources {
    fn add(&mut self, j: &Judged<'_>, period: &Period) {
        let kind = j.item.source_kind;
        if cited_one_by_one(kind, j.source_ref) {
            under(&mut self.cited, j.source_ref, |t| t.add(j, period));
            match self.kinds.get_mut(j.source_ref) {
                Some(counts) => *counts.entry(kind).or_default() += 1,
                None => {
                    self.kinds
                        .insert(j.source_ref.to_string(), HashMap::from([(kind, 1)]));
                }
            }
        } else {
            under(&mut self.by_kind, kind.code(), |t| t.add(j, period));
        }
    }

    fn merge(&mut self, other: Sources) {
        merge_groups(&mut self.cited, other.cited);
        merge_groups(&mut self.by_kind, other.by_kind);
        for (key, counts) in other.kinds {
            let into = self.kinds.entry(key).or_default();
            for (kind, n) in counts {
                *into.entry(kind).or_default() += n;
            }
        }
    }
}

/// A bulletin (or a document, with its sources) being computed one item at a time.
#[derive(Debug, Clone)]
pub struct BulletinParts {
    period: Period,
    total: Tally,
    /// The rows of each grouping asked for, lead departments always (the ranking's).
    groups: Vec<(GroupBy, Groups)>,
    /// Kept for a document only.
    sources: Option<Sources>,
    overdue: Vec<OverdueLine>,
    actions: Vec<ActionLine>,
    instructions: Vec<InstructionLine>,
}

impl BulletinParts {
    /// Nothing counted yet, for the bulletin of `period` grouped by each of `groupings`.
    pub fn bulletin(period: Period, groupings: &[GroupBy]) -> BulletinParts {
        let mut wanted = vec![GroupBy::Department];
        for g in groupings {
            if !wanted.contains(g) {
                wanted.push(*g);
            }
        }
        BulletinParts {
            period,
            total: Tally::default(),
            groups: wanted.into_iter().map(|g| (g, Groups::default())).collect(),
            sources: None,
            overdue: Vec::new(),
            actions: Vec::new(),
            instructions: Vec::new(),
        }
    }

    /// Nothing counted yet, for the documents of `period` grouped by each of `groupings` (the
    /// bulletin and its lines per source).
    pub fn document(period: Period, groupings: &[GroupBy]) -> BulletinParts {
        BulletinParts {
            sources: Some(Sources::default()),
            ..BulletinParts::bulletin(period, groupings)
        }
    }

    pub fn period(&self) -> Period {
        self.period
    }

    /// Counts `item` as it stood at the end of the period (`cancelled_on`: the day it was
    /// cancelled, read only when it is): judged when in scope, its actions alone when out of
    /// scope with records dated in the period, nothing otherwise.
    pub fn add(
        &mut self,
        item: &ItemState,
        cancelled_on: Option<NaiveDate>,
        cal: &WorkCalendar,
        rules: &Rules,
    ) {
        match place(item, cancelled_on, &self.period, cal, rules) {
            Placed::Judged(j) => self.add_judged(&j),
            Placed::Acted(item) => self.add_acted(item),
            Placed::Out => {}
        }
    }

    /// Counts an item in scope, judged.
    pub fn add_judged(&mut self, j: &Judged<'_>) {
        let period = self.period;
        self.total.add(j, &period);
        for (by, groups) in &mut self.groups {
            each_key(j.item, *by, |key| under(groups, key, |t| t.add(j, &period)));
        }
        if let Some(sources) = &mut self.sources {
            sources.add(j, &period);
        }
        self.overdue.extend(OverdueLine::of(j));
        push_records(j.item, &period, &mut self.actions, &mut self.instructions);
    }

    /// Counts the actions of the period on an item out of its scope ([`super::judge::acted_on`]).
    pub fn add_acted(&mut self, item: &ItemState) {
        let period = self.period;
        self.total.add_actions(item, &period);
        for (by, groups) in &mut self.groups {
            each_key(item, *by, |key| {
                under(groups, key, |t| t.add_actions(item, &period));
            });
        }
        push_records(item, &period, &mut self.actions, &mut self.instructions);
    }

    /// These parts and `other`'s (of the same period and groupings, other items) as one.
    pub fn merge(mut self, other: BulletinParts) -> BulletinParts {
        add_tally(&mut self.total, &other.total);
        for ((_, into), (_, from)) in self.groups.iter_mut().zip(other.groups) {
            merge_groups(into, from);
        }
        if let (Some(into), Some(from)) = (&mut self.sources, other.sources) {
            into.merge(from);
        }
        self.overdue.extend(other.overdue);
        self.actions.extend(other.actions);
        self.instructions.extend(other.instructions);
        self
    }

    /// Parts filled apart (by each reading thread), as one; `None` when there are none.
    pub fn merged(parts: impl IntoIterator<Item = BulletinParts>) -> Option<BulletinParts> {
        parts.into_iter().reduce(BulletinParts::merge)
    }

    /// The bulletin grouped `by` (one of the groupings asked for: another's rows are empty).
    pub fn into_bulletin(self, by: GroupBy) -> Bulletin {
        self.into_document(by).bulletin
    }

    /// The document grouped `by` (one of the groupings asked for: another's rows are empty),
    /// its sources empty unless the parts were made by [`Self::document`].
    pub fn into_document(self, by: GroupBy) -> Document {
        let mut done = self.finish();
        let rows = done
            .rows
            .iter()
            .position(|(g, _)| *g == by)
            .map_or_else(Vec::new, |at| done.rows.swap_remove(at).1);
        Document {
            bulletin: Bulletin {
                period: done.period,
                group_by: by,
                rows,
                total: done.total,
                ranking: done.ranking,
                overdue: done.overdue,
                actions: done.actions,
                instructions: done.instructions,
            },
            sources: done.sources,
        }
    }

    /// A document per grouping of `order` (a workbook's sheets), each as [`Self::into_document`].
    pub fn into_documents(self, order: &[GroupBy]) -> Vec<Document> {
        let done = self.finish();
        order
            .iter()
            .map(|by| Document {
                bulletin: Bulletin {
                    period: done.period,
                    group_by: *by,
                    rows: done
                        .rows
                        .iter()
                        .find(|(g, _)| g == by)
                        .map_or_else(Vec::new, |(_, rows)| rows.clone()),
                    total: done.total.clone(),
                    ranking: done.ranking.clone(),
                    overdue: done.overdue.clone(),
                    actions: done.actions.clone(),
                    instructions: done.instructions.clone(),
                },
                sources: done.sources.clone(),
            })
            .collect()
    }

    /// Everything counted, in the bulletin's order.
    fn finish(self) -> Finished {
        let BulletinParts {
            period,
            total,
            groups,
            sources,
            mut overdue,
            mut actions,
            mut instructions,
        } = self;
        sort_overdue(&mut overdue);
        sort_records(&mut actions, &mut instructions);
        let sources = sources.map_or_else(Vec::new, |s| {
            let Sources {
                cited,
                kinds,
                by_kind,
            } = s;
            source_lines(
                rows_of(cited, GroupBy::Source),
                |key| kinds.get(key).map_or(SourceKind::Other, main_kind),
                rows_of(by_kind, GroupBy::SourceKind),
            )
        });
        let rows: Vec<(GroupBy, Vec<Row>)> = groups
            .into_iter()
            .map(|(by, g)| (by, rows_of(g, by)))
            .collect();
        let ranking = ranked(
            rows.iter()
                .find(|(by, _)| *by == GroupBy::Department)
                .map_or_else(Vec::new, |(_, r)| r.clone()),
        );
        Finished {
            period,
            total,
            rows,
            ranking,
            overdue,
            actions,
            instructions,
            sources,
        }
    }
}

/// [`BulletinParts`] finished: sorted, ranked.
struct Finished {
    period: Period,
    total: Tally,
    rows: Vec<(GroupBy, Vec<Row>)>,
    ranking: Vec<Row>,
    overdue: Vec<OverdueLine>,
    actions: Vec<ActionLine>,
    instructions: Vec<InstructionLine>,
    sources: Vec<super::render::SourceLine>,
}

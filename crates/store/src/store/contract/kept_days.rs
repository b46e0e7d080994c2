//! The days the store keeps of each item (`Records::items_as_of`) give what replaying the whole
//! history to a day gives ([`ItemsAtEnd::replayed`]), for periods ending today or before.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::office::{all_events, day, today};
use super::{Factory, Outcome, month};
use crate::domain::history::{CommendationEntry, InstructionEntry, NoteEntry};
use crate::domain::item::{Cadence, ItemNumber};
use crate::domain::lifecycle::Status;
use crate::report::judge::ItemsAtEnd;
use crate::store::Records;

/// What a bulletin reads of an item as of `end` (the columns `items_as_of` fills).
#[derive(Debug, PartialEq)]
struct Read {
    title: String,
    owner: String,
    source: (crate::domain::item::SourceKind, String),
    departments: (String, Vec<String>),
    cadence: Cadence,
    status: Status,
    deadline: Option<NaiveDate>,
    days: [Option<NaiveDate>; 6],
    last_feedback: Option<NaiveDate>,
    notes: Vec<NoteEntry>,
    commendations: Vec<CommendationEntry>,
    instructions: Vec<InstructionEntry>,
    cancelled_on: Option<NaiveDate>,
}

/// Every item a report of `from..=end` holds, as `items` reads it.
fn in_scope(items: &ItemsAtEnd, from: NaiveDate, end: NaiveDate) -> BTreeMap<ItemNumber, Read> {
    let within = |on: NaiveDate| from <= on && on <= end;
    items
        .items
        .iter()
        .filter(|i| i.registered_on <= end)
        .filter(|i| {
            let finished_before = matches!(i.status, Status::Completed | Status::Closed)
                && i.completed_on.is_some_and(|c| c < from);
            !finished_before
                || i.notes.iter().any(|n| within(n.on_date))
                || i.commendations.iter().any(|c| within(c.on_date))
                || i.instructions.iter().any(|x| within(x.on_date))
        })
        .map(|i| {
            let mut co = i.co_departments.clone();
            co.sort();
            let read = Read {
                title: i.title.clone(),
                owner: i.owner.clone(),
                source: (i.source_kind, i.source_ref.clone()),
                departments: (i.lead_department.clone(), co),
                cadence: i.cadence,
                status: i.status,
                deadline: i.deadline,
                days: [
                    Some(i.registered_on),
                    i.assigned_on,
                    i.completed_on,
                    i.submitted_on,
                    i.suspended_on,
                    i.resumed_on,
                ],
                last_feedback: i
                    .feedback
                    .iter()
                    .map(|f| f.on_date)
                    .filter(|d| *d <= end)
                    .max(),
                notes: i.notes.clone(),
                commendations: i.commendations.clone(),
                instructions: i.instructions.clone(),
                cancelled_on: (i.status == Status::Cancelled)
                    .then(|| items.cancelled.get(&i.number).copied())
                    .flatten(),
            };
            (i.number, read)
        })
        .collect()
}

pub fn the_days_kept_are_the_replay_to_the_end_of_a_period_ending_today_or_before<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    month::a_month_of_work(&mut store)?;
    let events = all_events(&store)?;
    let year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let periods = [
        (year, today()),
        (day(11, 1), today()),
        (day(11, 23), today()),
        (year, day(11, 13)),
        (day(11, 16), day(11, 20)),
        (year, day(11, 1)),
    ];
    for (from, end) in periods {
        let (items, cancelled) = store.items_as_of(from, end)?;
        let kept = in_scope(&ItemsAtEnd::kept(items, cancelled), from, end);
        let replayed = in_scope(&ItemsAtEnd::replayed(&events, end), from, end);
        ensure_eq!(
            kept.keys().collect::<Vec<_>>(),
            replayed.keys().collect::<Vec<_>>(),
            "the items of {from}..={end}"
        );
        for (n, read) in &replayed {
            ensure_eq!(kept.get(n), Some(read), "{n} as of {end}");
        }
    }
    // The period ending today holds every item, one of them cancelled.
    let (items, cancelled) = store.items_as_of(year, today())?;
    ensure_eq!(items.len(), 4, "the items kept as of today");
    ensure_eq!(cancelled.len(), 1, "the items cancelled by today");
    Ok(())
}

/// The bulletin and the assessment computed as the store reads the items
/// (`Records::fold_items_as_of`, one pass, each reader's parts merged) are those of the whole
/// history replayed, for every grouping; and the fold hands over each item of `items_as_of`
/// once.
pub fn the_bulletin_and_scores_computed_as_the_items_are_read_are_the_replays<F: Factory>(
    f: &F,
) -> Outcome {
    use crate::domain::{Rules, WorkCalendar};
    use crate::report::render::Document;
    use crate::report::score_parts::{ScoreParts, ScoredBefore};
    use crate::report::{BulletinParts, GroupBy, Period, PeriodKind, Scores};

    let mut store = f.open_fresh()?;
    month::a_month_of_work(&mut store)?;
    let events = all_events(&store)?;
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    let periods = [
        Period::holding(PeriodKind::Year, today()),
        Period::holding(PeriodKind::Month, today()),
        Period::holding(PeriodKind::Week, day(11, 18)),
        Period::span(day(11, 16), day(11, 20)),
        Period::holding(PeriodKind::Month, day(10, 31)),
    ];
    for period in periods {
        let init = || BulletinParts::document(period, GroupBy::ALL);
        let parts = store.fold_items_as_of(period.from, period.end(), init, |p, item, on| {
            p.add(item, on, &cal, &rules);
        })?;
        let docs = BulletinParts::merged(parts)
            .unwrap_or_else(init)
            .into_documents(GroupBy::ALL);
        for (by, doc) in GroupBy::ALL.iter().zip(docs) {
            let want = Document::by_replay(&events, period, *by, &cal, &rules);
            ensure_eq!(doc, want, "{period:?} by {by:?}");
        }
        let before = Scores::read_before(&period);
        let parts = store.fold_items_as_of(
            before.from,
            before.end(),
            ScoredBefore::default,
            |p, item, on| p.add(item, on, &period, &cal, &rules),
        )?;
        let scored_before = ScoredBefore::merged(parts);
        let read = Scores::read_period(&period);
        let init = || ScoreParts::new(period, &rules.score);
        let parts = store.fold_items_as_of(read.from, read.end(), init, |p, item, on| {
            p.add(item, on, &scored_before, &cal, &rules);
        })?;
        let scores = ScoreParts::merged(parts).unwrap_or_else(init).into_scores();
        ensure_eq!(
            scores,
            Scores::by_replay(&events, &period, &cal, &rules),
            "the scores of {period:?}"
        );
    }
    let year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let parts = store.fold_items_as_of(year, today(), Vec::new, |seen, item, on| {
        seen.push((item.number, on));
    })?;
    let mut seen: Vec<_> = parts.into_iter().flatten().collect();
    seen.sort();
    let (items, cancelled) = store.items_as_of(year, today())?;
    let mut want: Vec<_> = items
        .iter()
        .map(|i| (i.number, cancelled.get(&i.number).copied()))
        .collect();
    want.sort();
    ensure_eq!(seen, want, "the items handed over, each once");
    Ok(())
}

//! What an item was on each day its history changed something: the projection a bulletin of
//! any period reads instead of replaying the history (`Records::items_as_of`). Computed here
//! from the item's own events, the same for every backend (`replay_all` is the one definition
//! of "as of a day"); a backend only stores the days and reads them back (SQLite's
//! `item_days`, in `sqlite/asof.rs`).

use chrono::NaiveDate;

use crate::domain::history::{
    CommendationEntry, EventKind, InstructionEntry, ItemState, NoteEntry, Recorded, Replayed,
    replay_all,
};
use crate::domain::item::Cadence;
use crate::domain::lifecycle::Status;

/// The days of one item: each with what it was from that day on (`None`: not registered yet).
pub type Days = Vec<(NaiveDate, Option<View>)>;

/// What the bulletin and the assessment read of an item as of one day (besides what never
/// changes after registration: number, source kind, lead and co-departments, registration day).
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub status: Status,
    pub cadence: Cadence,
    pub deadline: Option<NaiveDate>,
    pub assigned_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    pub resumed_on: Option<NaiveDate>,
    /// The latest feedback the item had, dated up to the day.
    pub last_feedback_on: Option<NaiveDate>,
    /// The day of the latest event (by id) up to the day that moved it to cancelled, as
    /// `report::judge::cancellations` finds it.
    pub cancelled_on: Option<NaiveDate>,
    pub title: String,
    pub owner: String,
    pub source_ref: String,
    pub notes: Vec<NoteEntry>,
    pub commendations: Vec<CommendationEntry>,
    pub instructions: Vec<InstructionEntry>,
}

impl View {
    /// The item `item` (replayed up to `on`) as of `on`, its `events` the item's own.
    pub fn of(item: &ItemState, events: &[Recorded], on: NaiveDate) -> Self {
        let cancelled_on = events
            .iter()
            .filter(|e| e.on_date <= on)
            .filter(|e| {
                matches!(&e.kind, EventKind::StatusChanged { to, .. } if *to == Status::Cancelled)
            })
            .map(|e| e.on_date)
            .next_back();
        View {
            status: item.status,
            cadence: item.cadence,
            deadline: item.deadline,
            assigned_on: item.assigned_on,
            completed_on: item.completed_on,
            submitted_on: item.submitted_on,
            suspended_on: item.suspended_on,
            resumed_on: item.resumed_on,
            last_feedback_on: item
                .feedback
                .iter()
                .map(|f| f.on_date)
                .filter(|d| *d <= on)
                .max(),
            cancelled_on,
            title: item.title.clone(),
            owner: item.owner.clone(),
            source_ref: item.source_ref.clone(),
            notes: item.notes.clone(),
            commendations: item.commendations.clone(),
            instructions: item.instructions.clone(),
        }
    }
}

/// One item's views, each with the first day it holds, the days rising; consecutive days with
/// the same view are one. `None`: the item was not registered yet. `events` are the item's own,
/// in the order recorded.
pub fn days(events: &[Recorded]) -> Days {
    // Every day the view can change: an event's day, or a feedback's own day.
    let mut bounds: Vec<NaiveDate> = events.iter().map(|e| e.on_date).collect();
    for e in events {
        if let EventKind::FeedbackAdded { on_date, .. } = &e.kind {
            bounds.push(*on_date);
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    // Events dated in the order recorded (no backdating): the history up to each day is a
    // prefix of it, replayed once; otherwise each day is replayed on its own.
    let in_order = events.windows(2).all(|w| w[0].on_date <= w[1].on_date);
    let mut out: Vec<(NaiveDate, Option<View>)> = Vec::new();
    let mut push = |on: NaiveDate, view: Option<View>| {
        if out.last().is_none_or(|(_, last)| *last != view) {
            out.push((on, view));
        }
    };
    if in_order {
        let mut replayed = Replayed::default();
        let mut next = 0;
        for on in bounds {
            while let Some(e) = events.get(next).filter(|e| e.on_date <= on) {
                replayed.apply(e);
                next += 1;
            }
            let view = replayed
                .items
                .values()
                .next()
                .map(|i| View::of(i, events, on));
            push(on, view);
        }
    } else {
        for on in bounds {
            let replayed = replay_all(events, Some(on));
            let view = replayed
                .items
                .values()
                .next()
                .map(|i| View::of(i, events, on));
            push(on, view);
        }
    }
    out
}

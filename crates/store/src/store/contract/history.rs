//! The history: an item's events replayed ([`replay`]) give what the store reads of it, and
//! every event is handed over once, in the order recorded.

use chrono::NaiveDate;

use super::office::all_events;
use super::{Factory, Outcome, check::Broken, month};
use crate::domain::history::{
    AttachmentEntry, CommendationEntry, FeedbackEntry, InstructionEntry, ItemState, NoteEntry,
    Recorded, replay,
};
use crate::store::{ItemDetail, Records};

/// The item as the store reads it, in the replay's terms; records in the order of their ids.
fn stored_state(d: &ItemDetail) -> ItemState {
    let r = &d.row;
    let mut state = ItemState {
        number: r.number,
        title: r.title.clone(),
        requirement: d.requirement.clone(),
        source_kind: r.source_kind,
        source_ref: r.source_ref.clone(),
        instruction: d.instruction.clone(),
        leader: d.leader.clone(),
        lead_department: r.lead_department.clone(),
        co_departments: d.co_departments.clone(),
        owner: r.owner.clone(),
        flags: r.flags,
        urgent: r.urgent,
        cadence: r.cadence,
        original_deadline: d.original_deadline,
        deadline: r.deadline,
        no_deadline_reason: d.no_deadline_reason.clone(),
        status: r.status,
        suspended_from: r.suspended_from,
        registered_on: r.registered_on,
        assigned_on: r.assigned_on,
        completed_on: r.completed_on,
        closed_on: r.closed_on,
        last_feedback_on: r.last_feedback_on,
        last_percent: r.last_percent,
        last_note_on: r.last_note_on,
        top_level: r.top_level,
        next_milestone_due: r.next_milestone_due,
        snoozed_until: r.snoozed_until,
        snooze_reason: r.snooze_reason.clone(),
        version: r.version,
        second_milestone_due: r.second_milestone_due,
        suspended_on: r.suspended_on,
        resumed_on: r.resumed_on,
        submitted_on: r.submitted_on,
        feedback: d
            .feedback
            .iter()
            .map(|f| FeedbackEntry {
                id: f.id,
                on_date: f.on_date,
                reporter: f.reporter.clone(),
                text: f.text.clone(),
                percent: f.percent,
                kind: f.kind,
            })
            .collect(),
        notes: d
            .notes
            .iter()
            .map(|n| NoteEntry {
                id: n.id,
                on_date: n.on_date,
                level: n.level,
                target: n.target.clone(),
                reason: n.reason.clone(),
                points: n.points,
                requirement: n.requirement.clone(),
            })
            .collect(),
        commendations: d
            .commendations
            .iter()
            .map(|c| CommendationEntry {
                id: c.id,
                on_date: c.on_date,
                target: c.target.clone(),
                reason: c.reason.clone(),
                points: c.points,
            })
            .collect(),
        instructions: d
            .instructions
            .iter()
            .map(|i| InstructionEntry {
                id: i.id,
                on_date: i.on_date,
                leader: i.leader.clone(),
                sense: i.sense,
                text: i.text.clone(),
                deadline: i.deadline,
            })
            .collect(),
        attachments: d
            .attachments
            .iter()
            .map(|a| AttachmentEntry {
                id: a.id,
                on_date: a.on_date,
                name: a.name.clone(),
                kind: a.kind,
                size: a.size,
                sha256: a.sha256.clone(),
                note: a.note.clone(),
            })
            .collect(),
        // Compared apart (`milestones_and_extensions`): the replay's own types for them are
        // not public.
        milestones: Vec::new(),
        extensions: Vec::new(),
    };
    in_order(&mut state);
    state
}

/// Co-departments sorted, records in the order of their ids: how two readings are compared.
fn in_order(state: &mut ItemState) {
    state.co_departments.sort();
    state.feedback.sort_by_key(|x| x.id);
    state.notes.sort_by_key(|x| x.id);
    state.commendations.sort_by_key(|x| x.id);
    state.instructions.sort_by_key(|x| x.id);
    state.attachments.sort_by_key(|x| x.id);
    state.milestones.sort_by_key(|x| x.id);
    state.extensions.sort_by_key(|x| x.id);
}

/// A milestone and an extension request as both readings hold them.
type Deadlines = (
    Vec<(i64, String, NaiveDate, Option<NaiveDate>)>,
    Vec<(
        i64,
        NaiveDate,
        Option<NaiveDate>,
        NaiveDate,
        String,
        crate::domain::extension::ExtensionDecision,
        Option<NaiveDate>,
    )>,
);

/// The replayed item's milestones and extension requests, taken out of it.
fn replayed_deadlines(state: &mut ItemState) -> Deadlines {
    (
        std::mem::take(&mut state.milestones)
            .into_iter()
            .map(|m| (m.id, m.title, m.due_on, m.done_on))
            .collect(),
        std::mem::take(&mut state.extensions)
            .into_iter()
            .map(|x| {
                (
                    x.id,
                    x.requested_on,
                    x.old_deadline,
                    x.new_deadline,
                    x.reason,
                    x.decision,
                    x.decided_on,
                )
            })
            .collect(),
    )
}

/// The stored item's milestones and extension requests, in the order of their ids.
fn stored_deadlines(d: &ItemDetail) -> Deadlines {
    let mut milestones: Vec<_> = d
        .milestones
        .iter()
        .map(|m| (m.id, m.title.clone(), m.due_on, m.done_on))
        .collect();
    milestones.sort_by_key(|m| m.0);
    let mut extensions: Vec<_> = d
        .extensions
        .iter()
        .map(|x| {
            (
                x.id,
                x.requested_on,
                Some(x.old_deadline),
                x.new_deadline,
                x.reason.clone(),
                x.decision,
                x.decided_on,
            )
        })
        .collect();
    extensions.sort_by_key(|x| x.0);
    (milestones, extensions)
}

pub fn each_items_history_replays_to_what_the_store_reads_of_it<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let numbers = month::a_month_of_work(&mut store)?;
    for n in numbers {
        let history = store.history(n)?;
        ensure!(
            history.windows(2).all(|w| w[0].id < w[1].id),
            "{n}'s history is in the order recorded"
        );
        let mut replayed = replay(&history, None)
            .ok_or_else(|| Broken::new(format!("{n}'s history replays to nothing")))?;
        in_order(&mut replayed);
        let stored = store.item_detail(n)?;
        ensure_eq!(
            replayed_deadlines(&mut replayed),
            stored_deadlines(&stored),
            "{n}'s milestones and extensions replayed from its history"
        );
        ensure_eq!(
            replayed,
            stored_state(&stored),
            "{n} replayed from its history"
        );
    }
    Ok(())
}

pub fn each_event_hands_over_every_event_once_in_the_order_recorded<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let numbers = month::a_month_of_work(&mut store)?;
    let events = all_events(&store)?;
    ensure_eq!(
        i64::try_from(events.len()).unwrap_or(-1),
        store.event_count()?,
        "the events handed over against the event count"
    );
    ensure!(
        events.windows(2).all(|w| w[0].id < w[1].id),
        "the events are in the order recorded"
    );
    // Each item's history is its share of the whole, in the same order.
    let mut shares = 0;
    for n in numbers {
        let history = store.history(n)?;
        let mine: Vec<&Recorded> = events
            .iter()
            .filter(|e| e.kind.number() == Some(n))
            .collect();
        ensure_eq!(
            history.iter().collect::<Vec<_>>(),
            mine,
            "{n}'s history against its share of every event"
        );
        shares += history.len();
    }
    ensure!(
        shares < events.len(),
        "the departments' events belong to no item"
    );
    Ok(())
}

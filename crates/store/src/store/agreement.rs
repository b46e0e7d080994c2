//! Whether an item's stored row and records say what its history says: the row and every
//! record (feedback, notes, commendations, leaders' instructions, milestones, extensions)
//! compared, field by field, with what replaying the item's events gives. An import refuses a
//! file whose rows disagree with their events; a check of the record names each row that no
//! longer matches.

use crate::domain::history::ItemState;

use super::model::ItemDetail;

/// Each place where `stored` differs from `state` (what the item's history replays to), as a
/// field's name (`status`, `deadline`) or a record's (`feedback 347 text`, `note 12: no event
/// records it`), in the order of the row's columns and then of the records. Empty when they
/// agree.
pub fn disagreements(state: &ItemState, stored: &ItemDetail) -> Vec<String> {
    let mut out = Vec::new();
    let r = &stored.row;
    let mut co = state.co_departments.clone();
    co.sort();
    let mut stored_co = stored.co_departments.clone();
    stored_co.sort();
    let mut field = |name: &str, same: bool| {
        if !same {
            out.push(name.to_string());
        }
    };
    field("number", state.number == r.number);
    field("title", state.title == r.title);
    field("requirement", state.requirement == stored.requirement);
    field("source_kind", state.source_kind == r.source_kind);
    field("source_ref", state.source_ref == r.source_ref);
    field("instruction", state.instruction == stored.instruction);
    field("leader", state.leader == stored.leader);
    field(
        "lead_department",
        state.lead_department == r.lead_department,
    );
    field("co_departments", co == stored_co);
    field("owner", state.owner == r.owner);
    field("flags", state.flags == r.flags);
    field("urgent", state.urgent == r.urgent);
    field("cadence", state.cadence == r.cadence);
    field(
        "original_deadline",
        state.original_deadline == stored.original_deadline,
    );
    field("deadline", state.deadline == r.deadline);
    field(
        "no_deadline_reason",
        state.no_deadline_reason == stored.no_deadline_reason,
    );
    field("status", state.status == r.status);
    field("suspended_from", state.suspended_from == r.suspended_from);
    field("registered_on", state.registered_on == r.registered_on);
    field("assigned_on", state.assigned_on == r.assigned_on);
    field("completed_on", state.completed_on == r.completed_on);
    field("closed_on", state.closed_on == r.closed_on);
    field(
        "last_feedback_on",
        state.last_feedback_on == r.last_feedback_on,
    );
    field("last_percent", state.last_percent == r.last_percent);
    field("last_note_on", state.last_note_on == r.last_note_on);
    field("top_level", state.top_level == r.top_level);
    field(
        "next_milestone_due",
        state.next_milestone_due == r.next_milestone_due,
    );
    field("snoozed_until", state.snoozed_until == r.snoozed_until);
    field("snooze_reason", state.snooze_reason == r.snooze_reason);
    field("version", state.version == r.version);
    field(
        "second_milestone_due",
        state.second_milestone_due == r.second_milestone_due,
    );
    field("suspended_on", state.suspended_on == r.suspended_on);
    field("resumed_on", state.resumed_on == r.resumed_on);
    field("submitted_on", state.submitted_on == r.submitted_on);
    // Each kind of record, compared by id, field by field (as text: points by their bits).
    macro_rules! compare {
        ($kind:literal, $replayed:ident, $stored:ident, [$($field:ident),+]) => {
            records(
                &mut out,
                $kind,
                state.$replayed.iter().map(|r| {
                    (r.id, vec![$((stringify!($field), shown(&r.$field))),+])
                }),
                stored.$stored.iter().map(|r| {
                    (r.id, vec![$((stringify!($field), shown(&r.$field))),+])
                }),
            )
        };
    }
    compare!(
        "feedback",
        feedback,
        feedback,
        [on_date, reporter, text, percent, kind]
    );
    compare!(
        "note",
        notes,
        notes,
        [on_date, level, target, reason, points, requirement]
    );
    compare!(
        "commendation",
        commendations,
        commendations,
        [on_date, target, reason, points]
    );
    compare!(
        "instruction",
        instructions,
        instructions,
        [on_date, leader, sense, text, deadline]
    );
    compare!(
        "milestone",
        milestones,
        milestones,
        [title, due_on, done_on]
    );
    compare!(
        "extension",
        extensions,
        extensions,
        [requested_on, new_deadline, reason, decision, decided_on]
    );
    out
}

/// A field as text to compare: its debug form (exact for numbers: `-0.0` and `0.0` differ).
fn shown(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}")
}

/// A record's id and its fields, each as text to compare.
type Fields = (i64, Vec<(&'static str, String)>);

/// Compares the records of one kind by id: one stored with no event that records it, one the
/// history has and the store lacks, and each field that differs.
fn records(
    out: &mut Vec<String>,
    kind: &str,
    replayed: impl Iterator<Item = Fields>,
    stored: impl Iterator<Item = Fields>,
) {
    let mut replayed: Vec<Fields> = replayed.collect();
    let mut stored: Vec<Fields> = stored.collect();
    replayed.sort_by_key(|r| r.0);
    stored.sort_by_key(|r| r.0);
    for (id, fields) in &stored {
        match replayed.binary_search_by_key(id, |r| r.0) {
            Err(_) => out.push(format!("{kind} {id}: no event records it")),
            Ok(at) => {
                for ((name, value), (_, want)) in fields.iter().zip(&replayed[at].1) {
                    if value != want {
                        out.push(format!("{kind} {id} {name}"));
                    }
                }
            }
        }
    }
    for (id, _) in &replayed {
        if stored.binary_search_by_key(id, |r| r.0).is_err() {
            out.push(format!("{kind} {id}: recorded by an event but missing"));
        }
    }
}

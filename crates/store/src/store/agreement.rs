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
    records(
        &mut out,
        "feedback",
        state.feedback.iter().map(|f| {
            (
                f.id,
                vec![
                    ("on_date", f.on_date.to_string()),
                    ("reporter", f.reporter.clone()),
                    ("text", f.text.clone()),
                    ("percent", format!("{:?}", f.percent)),
                    ("kind", f.kind.code().to_string()),
                ],
            )
        }),
        stored.feedback.iter().map(|f| {
            (
                f.id,
                vec![
                    ("on_date", f.on_date.to_string()),
                    ("reporter", f.reporter.clone()),
                    ("text", f.text.clone()),
                    ("percent", format!("{:?}", f.percent)),
                    ("kind", f.kind.code().to_string()),
                ],
            )
        }),
    );
    records(
        &mut out,
        "note",
        state.notes.iter().map(|n| {
            (
                n.id,
                vec![
                    ("on_date", n.on_date.to_string()),
                    ("level", n.level.code().to_string()),
                    ("target", n.target.clone()),
                    ("reason", n.reason.clone()),
                    ("points", format!("{:?}", n.points.map(f64::to_bits))),
                    ("requirement", n.requirement.clone()),
                ],
            )
        }),
        stored.notes.iter().map(|n| {
            (
                n.id,
                vec![
                    ("on_date", n.on_date.to_string()),
                    ("level", n.level.code().to_string()),
                    ("target", n.target.clone()),
                    ("reason", n.reason.clone()),
                    ("points", format!("{:?}", n.points.map(f64::to_bits))),
                    ("requirement", n.requirement.clone()),
                ],
            )
        }),
    );
    records(
        &mut out,
        "commendation",
        state.commendations.iter().map(|c| {
            (
                c.id,
                vec![
                    ("on_date", c.on_date.to_string()),
                    ("target", c.target.clone()),
                    ("reason", c.reason.clone()),
                    ("points", c.points.to_bits().to_string()),
                ],
            )
        }),
        stored.commendations.iter().map(|c| {
            (
                c.id,
                vec![
                    ("on_date", c.on_date.to_string()),
                    ("target", c.target.clone()),
                    ("reason", c.reason.clone()),
                    ("points", c.points.to_bits().to_string()),
                ],
            )
        }),
    );
    records(
        &mut out,
        "instruction",
        state.instructions.iter().map(|i| {
            (
                i.id,
                vec![
                    ("on_date", i.on_date.to_string()),
                    ("leader", i.leader.clone()),
                    ("sense", i.sense.code().to_string()),
                    ("text", i.text.clone()),
                    ("deadline", format!("{:?}", i.deadline)),
                ],
            )
        }),
        stored.instructions.iter().map(|i| {
            (
                i.id,
                vec![
                    ("on_date", i.on_date.to_string()),
                    ("leader", i.leader.clone()),
                    ("sense", i.sense.code().to_string()),
                    ("text", i.text.clone()),
                    ("deadline", format!("{:?}", i.deadline)),
                ],
            )
        }),
    );
    records(
        &mut out,
        "milestone",
        state.milestones.iter().map(|m| {
            (
                m.id,
                vec![
                    ("title", m.title.clone()),
                    ("due_on", m.due_on.to_string()),
                    ("done_on", format!("{:?}", m.done_on)),
                ],
            )
        }),
        stored.milestones.iter().map(|m| {
            (
                m.id,
                vec![
                    ("title", m.title.clone()),
                    ("due_on", m.due_on.to_string()),
                    ("done_on", format!("{:?}", m.done_on)),
                ],
            )
        }),
    );
    records(
        &mut out,
        "extension",
        state.extensions.iter().map(|x| {
            (
                x.id,
                vec![
                    ("requested_on", x.requested_on.to_string()),
                    ("new_deadline", x.new_deadline.to_string()),
                    ("reason", x.reason.clone()),
                    ("decision", x.decision.code().to_string()),
                    ("decided_on", format!("{:?}", x.decided_on)),
                ],
            )
        }),
        stored.extensions.iter().map(|x| {
            (
                x.id,
                vec![
                    ("requested_on", x.requested_on.to_string()),
                    ("new_deadline", x.new_deadline.to_string()),
                    ("reason", x.reason.clone()),
                    ("decision", x.decision.code().to_string()),
                    ("decided_on", format!("{:?}", x.decided_on)),
                ],
            )
        }),
    );
    out
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

//! Whether an item's stored row and records say what its history says: the row and every
//! record (feedback, notes, commendations, leaders' instructions, attachments, milestones,
//! extensions) compared, field by field, with what replaying the item's events gives. An import refuses a
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
    // Each kind of record, compared by id, field by field (points by their bits).
    macro_rules! compare {
        ($kind:literal, $replayed:ident, $stored:ident, [$($field:ident),+]) => {
            records(
                &mut out,
                $kind,
                &state.$replayed,
                &stored.$stored,
                |r| r.id,
                |s| s.id,
                |r, s| [$((stringify!($field), s.$field.same(&r.$field))),+],
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
        "attachment",
        attachments,
        attachments,
        [on_date, name, kind, size, sha256, note]
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

/// Whether a record's field says the same on both sides: what their debug forms agreeing
/// meant before (numbers exactly, `-0.0` and `0.0` apart), without writing every field of every
/// record out as text first (that was most of `audit verify`'s time on the 100,000-item sample
/// office).
trait Same {
    fn same(&self, other: &Self) -> bool;
}

/// The types whose equality is already exact.
macro_rules! same_by_eq {
    ($($t:ty),+) => {
        $(impl Same for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        })+
    };
}

same_by_eq!(
    String,
    u8,
    u64,
    crate::domain::attachment::AttachmentKind,
    chrono::NaiveDate,
    crate::domain::item::FeedbackKind,
    crate::domain::ladder::Level,
    crate::domain::instruction::InstructionSense,
    crate::domain::extension::ExtensionDecision
);

/// Points by their bits (`-0.0` is not `0.0`); any NaN is the same as another, as their debug
/// forms are (`NaN`).
impl Same for f64 {
    fn same(&self, other: &Self) -> bool {
        self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
    }
}

impl<T: Same> Same for Option<T> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Compares the records of one kind by id: one stored with no event that records it, one the
/// history has and the store lacks, and each field that differs (`fields` names each field of
/// a replayed and a stored record and says whether the two agree on it).
fn records<R, S, const N: usize>(
    out: &mut Vec<String>,
    kind: &str,
    replayed: &[R],
    stored: &[S],
    replayed_id: impl Fn(&R) -> i64,
    stored_id: impl Fn(&S) -> i64,
    fields: impl Fn(&R, &S) -> [(&'static str, bool); N],
) {
    let mut replayed: Vec<&R> = replayed.iter().collect();
    let mut stored: Vec<&S> = stored.iter().collect();
    replayed.sort_by_key(|r| replayed_id(r));
    stored.sort_by_key(|s| stored_id(s));
    for s in &stored {
        let id = stored_id(s);
        match replayed.binary_search_by_key(&id, |r| replayed_id(r)) {
            Err(_) => out.push(format!("{kind} {id}: no event records it")),
            Ok(at) => {
                for (name, same) in fields(replayed[at], s) {
                    if !same {
                        out.push(format!("{kind} {id} {name}"));
                    }
                }
            }
        }
    }
    for r in &replayed {
        let id = replayed_id(r);
        if stored.binary_search_by_key(&id, |s| stored_id(s)).is_err() {
            out.push(format!("{kind} {id}: recorded by an event but missing"));
        }
    }
}

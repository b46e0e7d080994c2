//! An item row's columns as the history names them ([`Column`]): what a change reads before
//! and sets after, the same for every backend (the write-behind row, undo's check of what a
//! column holds, replay).

use super::dates::day;
use super::model::ItemRow;
use crate::domain::history::{Column, Value};
use crate::domain::{Cadence, Level, Status};

/// The column's value in a row read earlier (descriptive columns the row does not hold, such
/// as the requirement, read as null: they are written at once, never behind).
pub fn get(row: &ItemRow, column: Column) -> Value {
    let day = |d: Option<chrono::NaiveDate>| Value::text(d.map(day));
    let code = |c: Option<&str>| Value::code(c);
    let flag = |b: bool| Value::Int(i64::from(b));
    match column {
        Column::Status => code(Some(row.status.code())),
        Column::SuspendedFrom => code(row.suspended_from.map(Status::code)),
        Column::AssignedOn => day(row.assigned_on),
        Column::CompletedOn => day(row.completed_on),
        Column::ClosedOn => day(row.closed_on),
        Column::Deadline => day(row.deadline),
        Column::LastFeedbackOn => day(row.last_feedback_on),
        Column::LastPercent => row
            .last_percent
            .map_or(Value::Null, |p| Value::Int(p.into())),
        Column::LastNoteOn => day(row.last_note_on),
        Column::TopLevel => code(row.top_level.map(Level::code)),
        Column::NextMilestoneDue => day(row.next_milestone_due),
        Column::SnoozedUntil => day(row.snoozed_until),
        Column::SnoozeReason => Value::text(row.snooze_reason.clone()),
        Column::Title => Value::Text(row.title.clone()),
        Column::Requirement => Value::Null,
        Column::Owner => Value::Text(row.owner.clone()),
        Column::SourceRef => Value::Text(row.source_ref.clone()),
        Column::Cadence => code(Some(row.cadence.code())),
        Column::Major => flag(row.flags.major),
        Column::Difficult => flag(row.flags.difficult),
        Column::Important => flag(row.flags.important),
        Column::LeaderConcerned => flag(row.flags.leader),
        Column::Urgent => flag(row.urgent),
        Column::SecondMilestoneDue => day(row.second_milestone_due),
        Column::SuspendedOn => day(row.suspended_on),
        Column::ResumedOn => day(row.resumed_on),
        Column::SubmittedOn => day(row.submitted_on),
    }
}

/// Sets a column of a row read earlier in the same transaction.
pub fn set(row: &mut ItemRow, column: Column, v: &Value) {
    let day = v.as_day();
    let text = v.as_text();
    let flag = v.as_int().is_some_and(|i| i != 0);
    match column {
        Column::Status => {
            if let Some(s) = text.and_then(Status::from_code) {
                row.status = s;
            }
        }
        Column::SuspendedFrom => row.suspended_from = text.and_then(Status::from_code),
        Column::AssignedOn => row.assigned_on = day,
        Column::CompletedOn => row.completed_on = day,
        Column::ClosedOn => row.closed_on = day,
        Column::Deadline => row.deadline = day,
        Column::LastFeedbackOn => row.last_feedback_on = day,
        Column::LastPercent => row.last_percent = v.as_int().and_then(|p| u8::try_from(p).ok()),
        Column::LastNoteOn => row.last_note_on = day,
        Column::TopLevel => row.top_level = text.and_then(Level::from_code),
        Column::NextMilestoneDue => row.next_milestone_due = day,
        Column::SnoozedUntil => row.snoozed_until = day,
        Column::SnoozeReason => row.snooze_reason = text.map(str::to_string),
        Column::Title => row.title = text.unwrap_or_default().to_string(),
        Column::Requirement => {}
        Column::Owner => row.owner = text.unwrap_or_default().to_string(),
        Column::SourceRef => row.source_ref = text.unwrap_or_default().to_string(),
        Column::Cadence => {
            if let Some(c) = text.and_then(Cadence::from_code) {
                row.cadence = c;
            }
        }
        Column::Major => row.flags.major = flag,
        Column::Difficult => row.flags.difficult = flag,
        Column::Important => row.flags.important = flag,
        Column::LeaderConcerned => row.flags.leader = flag,
        Column::Urgent => row.urgent = flag,
        Column::SecondMilestoneDue => row.second_milestone_due = day,
        Column::SuspendedOn => row.suspended_on = day,
        Column::ResumedOn => row.resumed_on = day,
        Column::SubmittedOn => row.submitted_on = day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column reads back what was set, so a change applied to the writer's row is the
    /// change written.
    #[test]
    fn columns_read_back_what_was_set() {
        let mut row = crate::store::model::fixtures::row();
        for c in Column::ALL
            .iter()
            .copied()
            .filter(|c| *c != Column::Requirement)
        {
            let v = match c {
                Column::Status | Column::SuspendedFrom => Value::Text("suspended".into()),
                Column::TopLevel => Value::Text("interview".into()),
                Column::Cadence => Value::Text("weekly".into()),
                Column::LastPercent => Value::Int(55),
                Column::Major
                | Column::Difficult
                | Column::Important
                | Column::LeaderConcerned
                | Column::Urgent => Value::Int(1),
                Column::Title | Column::Owner | Column::SourceRef | Column::SnoozeReason => {
                    Value::Text("督办".into())
                }
                _ => Value::Text("2026-12-31".into()),
            };
            set(&mut row, c, &v);
            assert_eq!(get(&row, c), v, "{c}");
        }
    }
}

//! The columns of an item that events change, and their values before and after.

use super::super::code_enum;

code_enum! {
    /// A column of an item that changes after registration. The code is the column's name in
    /// the database and in events' `before` and `after`; this list is the one place that says
    /// which columns a change, an undo or a replay may touch.
    Column {
        Status = "status",
        SuspendedFrom = "suspended_from",
        AssignedOn = "assigned_on",
        CompletedOn = "completed_on",
        ClosedOn = "closed_on",
        Deadline = "deadline",
        LastFeedbackOn = "last_feedback_on",
        LastPercent = "last_percent",
        LastNoteOn = "last_note_on",
        TopLevel = "top_level",
        NextMilestoneDue = "next_milestone_due",
        SnoozedUntil = "snoozed_until",
        SnoozeReason = "snooze_reason",
        Title = "title",
        Requirement = "requirement",
        Owner = "owner",
        SourceRef = "source_ref",
        Cadence = "cadence",
        Major = "major",
        Difficult = "difficult",
        Important = "important",
        LeaderConcerned = "leader_concerned",
        Urgent = "urgent",
        SecondMilestoneDue = "second_milestone_due",
        SuspendedOn = "suspended_on",
        ResumedOn = "resumed_on",
        SubmittedOn = "submitted_on",
    }
}

impl Column {
    /// Descriptive columns a clerk corrects by editing the item; the rest follow from the
    /// item's records and moves.
    pub fn is_descriptive(self) -> bool {
        matches!(
            self,
            Column::Title
                | Column::Requirement
                | Column::Owner
                | Column::SourceRef
                | Column::Cadence
                | Column::Major
                | Column::Difficult
                | Column::Important
                | Column::LeaderConcerned
                | Column::Urgent
        )
    }
}

/// A column's value as stored: dates and codes as text, flags as 0 or 1.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn text(v: impl Into<Option<String>>) -> Self {
        v.into().map_or(Value::Null, Value::Text)
    }

    pub fn day(d: Option<chrono::NaiveDate>) -> Self {
        Value::text(d.map(|d| d.format("%Y-%m-%d").to_string()))
    }

    pub fn code(code: Option<&str>) -> Self {
        Value::text(code.map(str::to_string))
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_day(&self) -> Option<chrono::NaiveDate> {
        self.as_text().and_then(super::day::parse)
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// A column set to a value: what a rule decides, before the store adds what was there.
#[derive(Debug, Clone, PartialEq)]
pub struct Set {
    pub column: Column,
    pub value: Value,
}

impl Set {
    pub fn day(column: Column, d: Option<chrono::NaiveDate>) -> Self {
        Self {
            column,
            value: Value::day(d),
        }
    }

    pub fn code(column: Column, code: Option<&str>) -> Self {
        Self {
            column,
            value: Value::code(code),
        }
    }
}

/// One column before and after a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub column: Column,
    pub before: Value,
    pub after: Value,
}

/// The columns one event changed, in the order it changed them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes(pub Vec<Change>);

impl Changes {
    pub fn iter(&self) -> std::slice::Iter<'_, Change> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value a column had after the change, if the change touched it.
    pub fn after(&self, column: Column) -> Option<&Value> {
        self.0.iter().find(|c| c.column == column).map(|c| &c.after)
    }

    /// The value a column had before the event, when the event changed it.
    pub fn before(&self, column: Column) -> Option<&Value> {
        self.0
            .iter()
            .find(|c| c.column == column)
            .map(|c| &c.before)
    }

    /// The same changes the other way round: what an undo puts back.
    pub fn reversed(&self) -> Changes {
        Changes(
            self.0
                .iter()
                .map(|c| Change {
                    column: c.column,
                    before: c.after.clone(),
                    after: c.before.clone(),
                })
                .collect(),
        )
    }
}

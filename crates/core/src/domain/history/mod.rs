//! The typed history of an office: every change is an event of one of these kinds, with the
//! payload it needs. The store writes them through one canonical encoder (`docs/events.md`), undo
//! and redo read them back as these types, and [`replay`] rebuilds an item from them as of any
//! date.

pub mod chain;
mod column;
pub mod day;
mod replay;

use chrono::NaiveDate;

pub use column::{Change, Changes, Column, Set, Value};
pub use replay::{
    AttachmentEntry, CommendationEntry, FeedbackEntry, InstructionEntry, ItemState, NoteEntry,
    Recorded, Replayed, replay, replay_all,
};

use super::attachment::AttachmentKind;
use super::extension::ExtensionDecision;
use super::instruction::InstructionSense;
use super::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use super::ladder::Level;
use super::lifecycle::{Move, Status};

/// What one event records. The variants' codes (`EventKind::code`) are the `kind` column.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    DepartmentCreated {
        id: i64,
        name: String,
    },
    ItemRegistered(Box<Registered>),
    StatusChanged {
        mv: Move,
        from: Status,
        to: Status,
        reason: Option<String>,
        /// On a resumption that moved the deadline: the working days spent suspended.
        suspended_working_days: Option<u32>,
        /// Who acknowledged (签收人), or the leader who approved a suspension (批准人).
        by: Option<String>,
        on: ItemChange,
    },
    ExtensionRequested {
        number: ItemNumber,
        extension_id: i64,
        old_deadline: Option<NaiveDate>,
        new_deadline: NaiveDate,
        reason: String,
    },
    ExtensionDecided {
        extension_id: i64,
        decision: ExtensionDecision,
        /// The leader who decided it (批准人), when the clerk named one.
        by: Option<String>,
        on: ItemChange,
    },
    MilestoneAdded {
        milestone_id: i64,
        milestone_no: i64,
        title: String,
        due_on: NaiveDate,
        on: ItemChange,
    },
    MilestoneDone {
        milestone_id: i64,
        milestone_no: i64,
        done_on: NaiveDate,
        on: ItemChange,
    },
    FeedbackAdded {
        feedback_id: i64,
        on_date: NaiveDate,
        reporter: String,
        text: String,
        percent: Option<u8>,
        kind: FeedbackKind,
        on: ItemChange,
    },
    NoteAdded {
        note_id: i64,
        on_date: NaiveDate,
        level: Level,
        target: String,
        reason: String,
        points: Option<f64>,
        requirement: String,
        on: ItemChange,
    },
    /// A commendation (通报表扬): a record of its own kind, off the ladder, for the score. It
    /// changes no column of the item (only its version).
    Commended {
        commendation_id: i64,
        on_date: NaiveDate,
        target: String,
        reason: String,
        points: f64,
        on: ItemChange,
    },
    /// A leader's instruction during handling (领导批示): a record of its own kind. A new
    /// requirement also sets the item's deadline and reopens a completed item (its columns in
    /// `on`); the other senses change no column (only the version).
    Instructed {
        instruction_id: i64,
        on_date: NaiveDate,
        leader: String,
        sense: InstructionSense,
        text: String,
        /// The deadline a new requirement set (none for the other senses).
        deadline: Option<NaiveDate>,
        on: ItemChange,
    },
    ItemEdited {
        on: ItemChange,
    },
    /// A file kept with the item (交办原件, 办结报告, 佐证材料): its name, kind and size, and its
    /// SHA-256, which addresses its bytes in the store. It changes no column of the item (only
    /// its version).
    Attached {
        attachment_id: i64,
        on_date: NaiveDate,
        name: String,
        kind: AttachmentKind,
        size: u64,
        sha256: String,
        note: String,
        on: ItemChange,
    },
    Snoozed {
        on: ItemChange,
    },
    /// An undo (`undo: true`) or redo of one event of an earlier batch: the columns it put
    /// back, and which event it reversed.
    Reversed(Box<Reversed>),
}

/// The columns one event changed on its item, and the item's version after it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange {
    pub number: ItemNumber,
    pub version: i64,
    pub changes: Changes,
}

/// An item as registered: everything the register form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Registered {
    pub number: ItemNumber,
    pub title: String,
    pub requirement: String,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub instruction: Option<String>,
    pub leader: Option<String>,
    pub lead_department: String,
    pub co_departments: Vec<String>,
    pub owner: String,
    pub flags: Flags,
    pub urgent: bool,
    pub cadence: Cadence,
    pub deadline: Option<NaiveDate>,
    pub no_deadline_reason: Option<String>,
    pub status: Status,
    pub registered_on: NaiveDate,
    /// Where an imported item came from; none for an item typed in (and in every event written
    /// before imports existed: the key is written only when there is one).
    pub origin: Option<Origin>,
}

/// Where an item imported from a spreadsheet ledger came from: the file's name (without its
/// folder), the sheet, and the row as the spreadsheet shows it (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reversed {
    /// Undo (true) or redo (false).
    pub undo: bool,
    pub of_batch: i64,
    pub of_event: i64,
    /// The kind of the event reversed.
    pub of_kind: EventCode,
    /// The item, when the event reversed names it (every reversible event does).
    pub number: Option<ItemNumber>,
    pub version: i64,
    pub changes: Changes,
}

super::code_enum! {
    /// The kind of an event as the `kind` column spells it.
    EventCode {
        DepartmentCreated = "department_created",
        ItemRegistered = "item_registered",
        StatusChanged = "status_changed",
        ExtensionRequested = "extension_requested",
        ExtensionDecided = "extension_decided",
        MilestoneAdded = "milestone_added",
        MilestoneDone = "milestone_done",
        FeedbackAdded = "feedback_added",
        NoteAdded = "note_added",
        ItemEdited = "item_edited",
        Snoozed = "snoozed",
        Commended = "commended",
        Instructed = "instructed",
        Attached = "attached",
        Undone = "undone",
        Redone = "redone",
    }
}

impl EventCode {
    /// Whether undo can take an event of this kind back. Registering an item, creating a
    /// department and undo itself are not taken back (an item is cancelled instead).
    pub fn is_reversible(self) -> bool {
        !matches!(
            self,
            EventCode::DepartmentCreated
                | EventCode::ItemRegistered
                | EventCode::Undone
                | EventCode::Redone
        )
    }
}

impl EventKind {
    pub fn code(&self) -> EventCode {
        match self {
            EventKind::DepartmentCreated { .. } => EventCode::DepartmentCreated,
            EventKind::ItemRegistered(_) => EventCode::ItemRegistered,
            EventKind::StatusChanged { .. } => EventCode::StatusChanged,
            EventKind::ExtensionRequested { .. } => EventCode::ExtensionRequested,
            EventKind::ExtensionDecided { .. } => EventCode::ExtensionDecided,
            EventKind::MilestoneAdded { .. } => EventCode::MilestoneAdded,
            EventKind::MilestoneDone { .. } => EventCode::MilestoneDone,
            EventKind::FeedbackAdded { .. } => EventCode::FeedbackAdded,
            EventKind::NoteAdded { .. } => EventCode::NoteAdded,
            EventKind::ItemEdited { .. } => EventCode::ItemEdited,
            EventKind::Snoozed { .. } => EventCode::Snoozed,
            EventKind::Commended { .. } => EventCode::Commended,
            EventKind::Instructed { .. } => EventCode::Instructed,
            EventKind::Attached { .. } => EventCode::Attached,
            EventKind::Reversed(r) if r.undo => EventCode::Undone,
            EventKind::Reversed(_) => EventCode::Redone,
        }
    }

    /// The item the event is about, when it names one.
    pub fn number(&self) -> Option<ItemNumber> {
        match self {
            EventKind::DepartmentCreated { .. } => None,
            EventKind::ItemRegistered(r) => Some(r.number),
            EventKind::ExtensionRequested { number, .. } => Some(*number),
            EventKind::Reversed(r) => r.number,
            other => other.item_change().map(|c| c.number),
        }
    }

    /// The columns the event changed on its item, with the version after it.
    pub fn item_change(&self) -> Option<&ItemChange> {
        match self {
            EventKind::StatusChanged { on, .. }
            | EventKind::ExtensionDecided { on, .. }
            | EventKind::MilestoneAdded { on, .. }
            | EventKind::MilestoneDone { on, .. }
            | EventKind::FeedbackAdded { on, .. }
            | EventKind::NoteAdded { on, .. }
            | EventKind::Commended { on, .. }
            | EventKind::Instructed { on, .. }
            | EventKind::Attached { on, .. }
            | EventKind::ItemEdited { on }
            | EventKind::Snoozed { on } => Some(on),
            _ => None,
        }
    }
}

//! A refusal or fault as the interface shows it: kept as data so that each language can word
//! it (the core's own English sentences serve the command line).

use crate::domain::extension::ExtensionRefusal;
use crate::domain::lifecycle::IllegalMove;
use crate::domain::validate::InputError;
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Input(InputError),
    IllegalMove(IllegalMove),
    Extension(ExtensionRefusal),
    Refused(crate::domain::lifecycle::MoveRefusal),
    Instruction(crate::domain::instruction::InstructionRefusal),
    Note(crate::domain::ladder::NoteRefusal),
    /// The marked items are at different stages: the completion key means a report for some
    /// and a review for others.
    MixedStages,
    Stale,
    /// A form's save refused because another clerk changed the item since the form opened: the
    /// view was refreshed, the form keeps what was typed and saves against the item as it is
    /// now when Enter is pressed again.
    StaleKept,
    NoSuchItem(String),
    /// A file on the workstation's disk could not be attached or saved.
    File(super::attachment::FileProblem),
    /// A paste of several lines into a one-line field: nothing was inserted.
    MultiLinePaste {
        field: super::form::FieldId,
        lines: usize,
    },
    /// A refused import (the database is not empty, or a row of the file is bad).
    Import(crate::domain::import::ImportRefusal),
    /// A file could not be written (the report's export).
    Write {
        path: String,
        problem: super::report::WriteProblem,
    },
    /// The database file was not opened, for the reason named.
    Open {
        path: String,
        problem: crate::error::OpenProblem,
    },
    /// The office was opened for reading only (`--read-only`, or a copy made by `duban backup`):
    /// nothing was written.
    OpenedReadOnly {
        path: String,
        copy: bool,
    },
    /// The folder named for the database does not exist.
    MissingFolder(String),
    /// The file is not a duban database.
    NotDuban(String),
    /// The file was written by a newer duban.
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    /// An older file could not be brought to this schema.
    MigrationFailed {
        path: String,
        from: i64,
        to: i64,
        reason: String,
    },
    /// The disk is full: the write was rolled back whole.
    DiskFull,
    /// Another program held the database past the wait.
    Busy,
    /// Undo or redo refused: someone changed the item since.
    ChangedSince(Box<crate::error::ChangedSince>),
    /// A page of the database is damaged.
    Damaged,
    /// The last action is not one undo takes back (registering an item).
    NotReversible(crate::domain::history::EventCode),
    /// No milestone of this number on the item.
    NoSuchMilestone(i64),
    /// A file could not be written (a document or export of the command line).
    NotWritable {
        path: String,
        reason: String,
    },
    /// The sample office fills only an empty database; this one holds items.
    NotEmpty(i64),
    /// The day's copy of the database was not made (the work goes on).
    Backup {
        path: String,
        reason: String,
    },
    /// Anything else, in the core's words.
    Other(String),
    /// The office's server could not be used (`Error::Server`).
    Server {
        place: String,
        problem: crate::error::ServerProblem,
    },
}

impl Failure {
    /// The input field the failure is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Failure::Input(e) => Some(e.field),
            Failure::MultiLinePaste { field, .. } => Some(field.code()),
            Failure::Write { .. } => Some("path"),
            _ => None,
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::Input(i) => Failure::Input(i),
            Error::IllegalMove(m) => Failure::IllegalMove(m),
            Error::Extension(x) => Failure::Extension(x),
            Error::Refused(x) => Failure::Refused(x),
            Error::Instruction(x) => Failure::Instruction(x),
            Error::Note(x) => Failure::Note(x),
            Error::Stale { .. } => Failure::Stale,
            Error::NoSuchItem(n) => Failure::NoSuchItem(n),
            Error::Import(x) => Failure::Import(x),
            Error::Open { path, problem } => Failure::Open {
                path: path.display().to_string(),
                problem,
            },
            Error::OpenedReadOnly { path, copy } => Failure::OpenedReadOnly {
                path: path.display().to_string(),
                copy,
            },
            Error::MissingFolder(p) => Failure::MissingFolder(p.display().to_string()),
            Error::NotDuban(p) => Failure::NotDuban(p.display().to_string()),
            Error::NewerSchema { path, found, known } => Failure::NewerSchema {
                path: path.display().to_string(),
                found,
                known,
            },
            Error::MigrationFailed {
                path,
                from,
                to,
                reason,
            } => Failure::MigrationFailed {
                path: path.display().to_string(),
                from,
                to,
                reason,
            },
            Error::DiskFull => Failure::DiskFull,
            Error::Busy => Failure::Busy,
            Error::Damaged => Failure::Damaged,
            Error::ChangedSince(c) => Failure::ChangedSince(c),
            Error::NotReversible(kind) => Failure::NotReversible(kind),
            Error::NoSuchMilestone(no) => Failure::NoSuchMilestone(no),
            Error::NotWritable { path, reason } => Failure::NotWritable {
                path: path.display().to_string(),
                reason,
            },
            Error::NotEmpty(n) => Failure::NotEmpty(n),
            Error::Server { place, problem } => Failure::Server { place, problem },
            other => Failure::Other(other.to_string()),
        }
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

//! The errors a clerk can meet, each one sentence.

use std::path::PathBuf;

use crate::domain::UnknownCode;
use crate::domain::calendar::CalendarError;
use crate::domain::extension::ExtensionRefusal;
use crate::domain::lifecycle::IllegalMove;
use crate::domain::validate::InputError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    IllegalMove(#[from] IllegalMove),
    #[error("{0}")]
    Extension(#[from] ExtensionRefusal),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error("{0}")]
    Note(#[from] crate::domain::ladder::NoteRefusal),
    #[error("item {0} is not in this database")]
    NoSuchItem(String),
    #[error("milestone {0} of this item does not exist")]
    NoSuchMilestone(i64),
    #[error("the database folder {} does not exist; create it first or choose another --db path", .0.display())]
    MissingFolder(PathBuf),
    #[error("cannot open {} for writing: {reason}", .path.display())]
    NotWritable { path: PathBuf, reason: String },
    #[error("{} is not a duban database; choose another --db path", .0.display())]
    NotDuban(PathBuf),
    #[error("{} was written by a newer duban (schema {found}, this one knows up to {known}); it was left untouched, upgrade duban to open it", .path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "the item was changed by someone else since it was shown (version {expected}, now {found}); the view has been refreshed, please try again"
    )]
    Stale { expected: i64, found: i64 },
    #[error(
        "the database already holds {0} items; the sample office fills only an empty database (use another --db path)"
    )]
    NotEmpty(i64),
    #[error("{}", not_reversible(.0))]
    NotReversible(String),
    #[error("{0}")]
    Usage(String),
    /// A refused import: the database is not empty, or a row of the file is bad.
    #[error("{0}")]
    Import(#[from] crate::domain::import::ImportRefusal),
    /// An event in the history that does not decode: the file was written by something else.
    #[error("{0}")]
    History(#[from] crate::store::event_codec::EventDecodeError),
    /// A fault of the database itself, whichever backend it is (SQLite's errors convert to it
    /// inside the SQLite backend).
    #[error("database error: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn not_reversible(kind: &str) -> String {
    match kind {
        "item_registered" | "department_created" => {
            "the last action registered an item, which undo does not take back; cancel the item instead".into()
        }
        other => format!("the last action ({other}) cannot be undone; change the item instead"),
    }
}

impl From<UnknownCode> for Error {
    fn from(e: UnknownCode) -> Self {
        Error::Input(e.into())
    }
}

impl Error {
    /// Whether the clerk can fix it by changing what they typed or chose (exit code 2), as
    /// opposed to a fault of the machine (exit code 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Database(_) | Error::Io(_))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The errors of the office's record, each one sentence: the store's own (not found, busy,
//! damaged, disk full, changed since, a newer schema, the backend's fault) and the rules'
//! refusals it passes up. The command line adds its own (`cli::error`); the interface and the
//! command line word each in two languages (`app::Failure`).

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
    /// A move the rules refuse for a reason other than the transition table (an overdue item
    /// suspended without a leader's approval).
    #[error("{0}")]
    Refused(crate::domain::lifecycle::MoveRefusal),
    #[error("{0}")]
    Instruction(#[from] crate::domain::instruction::InstructionRefusal),
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
    /// The office was opened for reading only: asked so (`--read-only`), or it is a copy made by
    /// `duban backup` (`copy`), which is only looked at until it is restored.
    #[error("{}", read_only_sentence(path, *copy))]
    OpenedReadOnly { path: PathBuf, copy: bool },
    #[error("{} is not a duban database; choose another --db path", .0.display())]
    NotDuban(PathBuf),
    #[error("{} was written by a newer duban (schema {found}, this one knows up to {known}); it was left untouched, upgrade duban to open it", .path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// An older database could not be brought to this duban's schema; each step is its own
    /// transaction, so the file was left at the last step that finished.
    #[error("{} could not be upgraded from schema {from} to {to} ({reason}); it was left as it was; restore it from a copy or report it", .path.display())]
    MigrationFailed {
        path: PathBuf,
        from: i64,
        to: i64,
        reason: String,
    },
    /// The database file could not be opened as the office's database, for the reason named.
    #[error("{}", open_sentence(.path, .problem))]
    Open { path: PathBuf, problem: OpenProblem },
    /// The disk holding the database is full: the write was rolled back whole.
    #[error(
        "the disk holding the database is full; nothing was written; free some space and try again"
    )]
    DiskFull,
    /// A page of the database turned out damaged while reading or writing it.
    #[error(
        "the database file is damaged (a corrupted page); nothing was written; restore it from a copy (duban backup --list, then duban restore FILE --force)"
    )]
    Damaged,
    /// Another program held the database past the wait (a write lock, or a whole-file lock).
    #[error(
        "the database is in use by another program, which did not release it within {BUSY_WAIT_SECS} seconds; nothing was written; close that program or try again"
    )]
    Busy,
    #[error(
        "the item was changed by someone else since it was shown (version {expected}, now {found}); the view has been refreshed, please try again"
    )]
    Stale { expected: i64, found: i64 },
    /// Undo or redo refused: someone changed the item since, and putting it back would lose
    /// that change.
    #[error("{}", changed_since(.0))]
    ChangedSince(Box<ChangedSince>),
    #[error(
        "the database already holds {0} items; the sample office fills only an empty database (use another --db path)"
    )]
    NotEmpty(i64),
    #[error("{}", not_reversible(.0))]
    /// Undo refused: the last action is of a kind undo does not take back.
    NotReversible(crate::domain::history::EventCode),
    /// A refused import: the database is not empty, or a row of the file is bad.
    #[error("{0}")]
    Import(#[from] crate::domain::import::ImportRefusal),
    /// An event in the history that does not decode: the file was written by something else.
    #[error("{0}")]
    History(#[from] EventDecodeError),
    /// A fault of the database itself, whichever backend it is (SQLite's errors convert to it
    /// inside the SQLite backend).
    #[error("database error: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The office's server (PostgreSQL) could not be used, for the reason named; `place` is
    /// its address without the password.
    #[error("{}", server_sentence(.place, .problem))]
    Server {
        place: String,
        problem: ServerProblem,
    },
}

/// Why the office's server could not be used. Each fault met before anything was done (a server
/// that cannot be reached, an address, a login, a missing database) is told as the clerk's to
/// fix, exit 2, as the command line's refusals are: the clerk checks the address or has the
/// server started. A connection lost during the work is a passing fault (exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerProblem {
    /// No server answers at the address (or the network says why, in `reason`).
    Unreachable { reason: String },
    /// The server refused the login: a wrong user or password, or a login not allowed here.
    Login,
    /// The database the address names does not exist on the server.
    NoDatabase,
    /// The database holds no duban office yet, and this login may not create one.
    NoOffice,
    /// The server refused a write: the login may only read this office.
    ReadOnlyLogin { login: String },
    /// The connection to the server was lost during the work; nothing unacknowledged was
    /// written.
    Lost,
    /// The address is not one duban can read.
    BadAddress { reason: String },
    /// The server takes only encrypted connections, and the address does not ask for TLS.
    NeedsTls,
}

impl ServerProblem {
    /// Whether the clerk fixes it (a server to reach, an address, a login, a missing
    /// database), as opposed to a connection lost during the work.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, ServerProblem::Lost)
    }
}

fn server_sentence(place: &str, problem: &ServerProblem) -> String {
    let p = if place.is_empty() {
        "the office's server".to_string()
    } else {
        crate::text::safe(place)
    };
    match problem {
        ServerProblem::Unreachable { reason } => format!(
            "the office's server at {p} cannot be reached ({}); nothing was written; check that it is running and that the address is right",
            crate::text::safe(reason)
        ),
        ServerProblem::Login => format!(
            "the server at {p} refused the login (wrong user or password, or a login not allowed there); nothing was written; check the user and password in --db"
        ),
        ServerProblem::NoDatabase => format!(
            "the database {p} names does not exist on its server; nothing was written; have it created (createdb), then run duban db init with this address"
        ),
        ServerProblem::NoOffice => format!(
            "{p} holds no duban office yet, and this login may not create one; the office's owner runs duban db init with this address first"
        ),
        ServerProblem::ReadOnlyLogin { login } if login.is_empty() => format!(
            "the server refused the write: this login may only read the office ({p}); nothing was written"
        ),
        ServerProblem::ReadOnlyLogin { login } => format!(
            "the server refused the write: the login {} may only read the office ({p}); nothing was written",
            crate::text::safe(login)
        ),
        ServerProblem::Lost => format!(
            "the connection to the office's server at {p} was lost; what was not yet confirmed was not written; try again once the server is back"
        ),
        ServerProblem::BadAddress { reason } => format!(
            "{p} is not a server address duban can use ({}); write it as postgres://USER@HOST/DATABASE",
            crate::text::safe(reason)
        ),
        ServerProblem::NeedsTls => format!(
            "the server at {p} takes only encrypted connections; nothing was written; add ?sslmode=require to the address"
        ),
    }
}

/// An event whose stored bytes do not decode: the history was written by something else.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {id} ({kind}) cannot be read: {reason}")]
pub struct EventDecodeError {
    pub id: i64,
    pub kind: String,
    pub reason: String,
}

/// How long a connection waits for another program's lock before giving up.
pub const BUSY_WAIT_SECS: u64 = 5;

/// Why a database file was not opened. Each is its own sentence (and exit code): the clerk
/// fixes a path, a permission or a stray file (2); a full disk, a damaged file or another
/// program's lock is a fault of the machine or a passing state (1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenProblem {
    /// `--db` names a folder, not a file.
    IsFolder,
    /// The file begins like an SQLite database but its pages are damaged or missing (a
    /// truncated copy, a disk fault).
    Damaged,
    /// The disk is full: the new database could not be written.
    DiskFull,
    /// Another program holds a lock on the whole file past the wait.
    Locked,
    /// The file cannot be written (its mode, or a read-only mount).
    ReadOnly,
    /// The file cannot be read.
    Unreadable,
    /// The folder cannot hold the database's companion files (`-wal`, `-shm`).
    FolderNotWritable,
    /// A file of zero bytes that duban did not create: adopting it would let whoever planted
    /// it read the office.
    Empty,
    /// The file does not exist, and opening for reading only creates nothing.
    Missing,
    /// The file belongs to another user (uid).
    ForeignOwner { owner: u32 },
    /// Group or others may write the file (its mode, e.g. 0o664).
    SharedWritable { mode: u32 },
    /// The database's journal (`-wal`) or shared memory (`-shm`) beside it is another user's,
    /// a link, or writable by others: whoever can write it can change what the office reads.
    ForeignCompanion { name: String, owner: u32, mode: u32 },
}

impl OpenProblem {
    /// Whether the clerk fixes it (a path, a mode, a stray file), as opposed to a fault of the
    /// machine or another program's lock.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            OpenProblem::Damaged | OpenProblem::DiskFull | OpenProblem::Locked
        )
    }
}

fn read_only_sentence(path: &std::path::Path, copy: bool) -> String {
    let p = crate::text::safe(&path.display().to_string());
    if copy {
        format!(
            "{p} is a copy made by duban backup, opened for reading only; nothing was written; to work in it, put it back in the office's place (duban --db OFFICE.db restore {p} --force, --db naming the office's file)"
        )
    } else {
        format!("{p} was opened for reading only (--read-only); nothing was written")
    }
}

fn open_sentence(path: &std::path::Path, problem: &OpenProblem) -> String {
    let p = crate::text::safe(&path.display().to_string());
    match problem {
        OpenProblem::IsFolder => {
            format!("{p} is a folder; give --db a file name, e.g. {p}/duban.db")
        }
        OpenProblem::Damaged => format!(
            "{p} is a damaged duban database (truncated or corrupted); it was left untouched; restore it from a backup or choose another --db path"
        ),
        OpenProblem::DiskFull => format!(
            "the disk holding {p} is full; nothing was written; free some space and try again"
        ),
        OpenProblem::Locked => format!(
            "{p} is locked by another program, which did not release it within {BUSY_WAIT_SECS} seconds; close that program and try again"
        ),
        OpenProblem::ReadOnly => format!(
            "{p} is read-only; nothing was written; make it writable (chmod 600 {p}) or choose another --db path"
        ),
        OpenProblem::Unreadable => format!(
            "{p} cannot be read (permission denied); give it back to you (chmod 600 {p}) or choose another --db path"
        ),
        OpenProblem::FolderNotWritable => format!(
            "the folder of {p} is not writable, and the database keeps its journal beside it; make the folder writable or choose another --db path"
        ),
        OpenProblem::Missing => format!(
            "{p} does not exist; opening for reading only (--read-only) creates nothing; choose another --db path"
        ),
        OpenProblem::Empty => format!(
            "{p} is an empty file that duban did not create; it was not adopted as the office's database; delete it (duban then creates a private one) or choose another --db path"
        ),
        OpenProblem::ForeignOwner { owner } => format!(
            "{p} belongs to another user (uid {owner}); it was not opened; use your own file, or have it given to you (chown)"
        ),
        OpenProblem::ForeignCompanion { name, owner, mode } => format!(
            "{p} was not opened: {} beside it is another user's (uid {owner}) or can be written by others (mode {mode:o}), and its content would be read as the office's; remove it if no duban is running (duban makes a private one), or have it given to you",
            crate::text::safe(name)
        ),
        OpenProblem::SharedWritable { mode } => format!(
            "{p} can be written by other users (mode {mode:o}); it was not opened; make it private (chmod 600 {p})"
        ),
    }
}

/// Who changed an item since the action undo (or redo) would take back, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSince {
    /// Undo (true) or redo (false).
    pub undo: bool,
    pub number: Option<String>,
    /// Who changed it, as recorded.
    pub by: String,
    /// When, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// The kind of the change.
    pub what: crate::domain::history::EventCode,
}

fn changed_since(c: &ChangedSince) -> String {
    use crate::domain::history::EventCode as K;
    let what = match c.what {
        K::StatusChanged => "changed its status",
        K::ExtensionRequested => "requested an extension",
        K::ExtensionDecided => "decided its extension",
        K::MilestoneAdded => "added a milestone",
        K::MilestoneDone => "marked a milestone done",
        K::FeedbackAdded => "recorded feedback",
        K::NoteAdded => "recorded an accountability note",
        K::ItemEdited => "edited it",
        K::Snoozed => "snoozed it",
        K::Commended => "recorded a commendation",
        K::Instructed => "recorded a leader's instruction",
        K::Attached => "attached a file to it",
        K::Undone => "undid an action on it",
        K::Redone => "redid an action on it",
        K::ItemRegistered | K::DepartmentCreated => "changed it",
    };
    let item = c.number.as_deref().unwrap_or("the item");
    let verb = if c.undo { "undo" } else { "redo" };
    format!(
        "cannot {verb}: since your action, {} {what} on item {item} at {}; {verb}ing now would lose that change; nothing was changed; make the change you want on the item directly instead (duban show {item} lists its history)",
        crate::text::safe(&c.by),
        c.at
    )
}

fn not_reversible(kind: &crate::domain::history::EventCode) -> String {
    use crate::domain::history::EventCode as K;
    match kind {
        K::ItemRegistered | K::DepartmentCreated => {
            "the last action registered an item, which undo does not take back; cancel the item instead".into()
        }
        other => format!(
            "the last action ({}) cannot be undone; change the item instead",
            other.code()
        ),
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
        match self {
            Error::Open { problem, .. } => problem.is_user_error(),
            Error::Server { problem, .. } => problem.is_user_error(),
            Error::Database(_) | Error::Io(_) | Error::DiskFull | Error::Busy | Error::Damaged => {
                false
            }
            _ => true,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

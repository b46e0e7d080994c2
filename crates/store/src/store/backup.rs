//! The daily copy of an office, as the configuration asks for it (`[backup]`) and as a backend
//! reports it: the command line and the interface ask the store through
//! [`Backend::daily_copy`](super::Backend::daily_copy), whatever keeps the office. SQLite's
//! copies (a file per day beside the database) are made in `sqlite/backup.rs`.

use std::path::PathBuf;

/// What an office kept in a file can do with its copies: copy it now, list the copies beside it,
/// verify one, put one back (SQLite's, `sqlite/backup.rs`).
pub use super::sqlite::backup::{
    CopyFacts, FOLDER, Listed, RestoreError, Restored, file_name, folder_of, list, restore,
    trusted_folder, verify,
};

/// `[backup]` of the configuration: how many daily copies are kept (0: none is made).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backup {
    pub keep: u32,
}

impl Default for Backup {
    fn default() -> Self {
        Self { keep: 7 }
    }
}

/// What the day's copy did ([`Backend::daily_copy`](super::Backend::daily_copy)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Daily {
    /// Today's copy was made at this path.
    Made(PathBuf),
    /// Today's copy was already there.
    AlreadyMade(PathBuf),
    /// `keep = 0`: no copies are made.
    Off,
    /// The office is not a file (in memory).
    NotAFile,
    /// The database itself is damaged (its copy did not verify, and neither does it): no copy
    /// was made, and nothing should be written into it; restore it from a copy.
    SourceDamaged,
}

/// A copy that could not be made (or an old one that could not be removed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot back up the database to {}: {reason}", path.display())]
pub struct BackupError {
    pub path: PathBuf,
    pub reason: String,
}

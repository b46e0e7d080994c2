//! Where an office is kept, and the one function that opens it there with the backend that
//! keeps it: the command line and the interface name a location, never a backend's type.

use std::path::PathBuf;

use super::Store;
use crate::error::Result;

/// Where an office is kept: a SQLite file's path, or a PostgreSQL server's address
/// (`postgres://USER@HOST/DATABASE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(String),
}

impl Location {
    /// The location `--db` (or `$DUBAN_DB`, or the configuration) names: a server's address
    /// when it begins `postgres://` or `postgresql://`, a file's path otherwise.
    pub fn parse(text: &std::ffi::OsStr) -> Self {
        match text.to_str() {
            Some(t) if super::postgres::is_server_address(t) => Location::Server(t.to_string()),
            _ => Location::File(PathBuf::from(text)),
        }
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::File(path)
    }
}

/// Opens (creating if needed) the office at `location`, with the backend that keeps such
/// offices; a location that cannot be opened is refused with its reason (`Error::Open`, …).
pub fn open(location: &Location) -> Result<Store> {
    match location {
        Location::File(path) => super::SqliteStore::open(path).map(Store::File),
        Location::Server(url) => super::postgres::PgStore::open(url).map(Store::from),
    }
}

/// Opens the office at `location` for reading only: nothing is created or written there, and
/// every write is refused (`Error::OpenedReadOnly`).
pub fn open_read_only(location: &Location) -> Result<Store> {
    match location {
        Location::File(path) => super::SqliteStore::open_read_only(path).map(Store::File),
        Location::Server(url) => super::postgres::PgStore::open_read_only(url).map(Store::from),
    }
}

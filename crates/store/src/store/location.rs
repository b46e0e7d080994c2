//! Where an office is kept, and the one function that opens it there with the backend that
//! keeps it: the command line and the interface name a location, never a backend's type.

use std::path::PathBuf;

use super::Store;
use crate::error::Result;

/// Where an office is kept: a SQLite file's path (the one kind today; a server's address
/// would be another, with its backend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
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
        Location::File(path) => Store::open(path),
    }
}

/// Opens the office at `location` for reading only: nothing is created or written there, and
/// every write is refused (`Error::OpenedReadOnly`).
pub fn open_read_only(location: &Location) -> Result<Store> {
    match location {
        Location::File(path) => Store::open_read_only(path),
    }
}

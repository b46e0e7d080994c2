//! A new office's file comes into being whole: its schema is written under a private temporary
//! name beside it, and only the finished file takes the office's name (a hard link, which,
//! unlike a rename, never replaces a file that appeared meanwhile). Two first opens at once
//! both end on one finished file; a first open killed midway leaves no empty file behind to be
//! refused ever after, only its temporary file (`.NAME.new-…`), which a first open ten
//! minutes later removes.

use std::path::Path;
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use super::{migration_failed, open, reclassify, schema};
use crate::error::{Error, Result};

/// The part of a temporary file's name after the office's own name.
const BUILDING: &str = ".new-";

/// How old a temporary file must be before it counts as left by a first open that was killed.
const STALE: Duration = Duration::from_secs(600);

/// Makes the office's file at `path` with the whole schema, unless another first open made it
/// meanwhile (then that file is the office's): whether this process's file took the name.
/// Nothing is left at `path` when it fails.
pub(super) fn new_office(path: &Path) -> Result<bool> {
    remove_stale(path);
    let folder = match path.parent() {
        Some(f) if !f.as_os_str().is_empty() => f,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Private (0600) and of a name no other process or thread uses.
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}{BUILDING}"))
        .tempfile_in(folder)
        .map_err(|e| open::io_problem(path, &e))?;
    let made = build(temp.path(), path).and_then(|()| put_in_place(temp.path(), path));
    made.map_err(|e| reclassify(path, open::Header::Sqlite, e))
}

/// The schema, written through a rollback journal so that nothing but the file itself is left
/// when the connection closes.
fn build(temp: &Path, path: &Path) -> Result<()> {
    let mut conn = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    schema::migrate(&mut conn, 0).map_err(|e| migration_failed(path, 0, e))?;
    conn.close().map_err(|(_, e)| Error::from(e))
}

/// The finished file takes the office's name, unless a file of that name is there already:
/// whether it took it.
fn put_in_place(temp: &Path, path: &Path) -> Result<bool> {
    match std::fs::hard_link(temp, path) {
        Ok(()) => {}
        // Another first open finished first: its file is the office's.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        // A file system without hard links: a rename, when the name is still free.
        Err(_) if !path.exists() => {
            std::fs::rename(temp, path).map_err(|e| open::io_problem(path, &e))?;
        }
        Err(e) => return Err(open::io_problem(path, &e)),
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(folder)
    {
        let _ = dir.sync_all();
    }
    Ok(true)
}

/// Removes the temporary files of first opens of this office killed ten minutes ago or more.
fn remove_stale(path: &Path) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!(".{}{BUILDING}", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let ours = entry.file_name().to_string_lossy().starts_with(&prefix);
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() >= STALE);
        if ours && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_office_is_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        assert!(new_office(&path).unwrap(), "made here");
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::SCHEMA_VERSION);
        drop(conn);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["office.db"]);
    }

    #[test]
    fn a_file_made_meanwhile_is_kept_and_a_stale_temporary_file_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        let stale = dir.path().join(".office.db.new-1");
        std::fs::write(&stale, b"half").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let fresh = dir.path().join(".office.db.new-2");
        std::fs::write(&fresh, b"another first open at work").unwrap();
        std::fs::write(&path, b"made meanwhile").unwrap();
        assert!(
            !new_office(&path).unwrap(),
            "the file made meanwhile is the office's"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"made meanwhile");
        assert!(!stale.exists());
        assert!(fresh.exists());
    }
}

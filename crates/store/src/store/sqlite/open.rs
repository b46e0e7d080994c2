//! Before SQLite touches a file: is it one duban may adopt as the office's database? And
//! afterwards, which of SQLite's errors means which of a clerk's problems.
//!
//! Everything here only reads the file's metadata and its first 100 bytes, so that a refused
//! file is left exactly as it was, with no `-wal` or `-shm` beside it.

use std::io::Read;
use std::path::Path;

use rusqlite::ErrorCode;

use crate::error::{Error, OpenProblem};

/// The first 16 bytes of every SQLite database.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the first look at an existing file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Header {
    /// It begins as an SQLite database does.
    Sqlite,
    /// It does not: some other kind of file.
    Other,
}

fn refuse(path: &Path, problem: OpenProblem) -> Error {
    Error::Open {
        path: path.to_path_buf(),
        problem,
    }
}

/// The checks on a file that exists, before SQLite opens it: whose it is, who may write it,
/// whether it is empty, and whether its header promises more pages than the file holds.
pub(super) fn check_existing(path: &Path) -> Result<Header, Error> {
    check_existing_as(path, true)
}

/// [`check_existing`] for a file opened for reading only: it need not be writable.
pub(super) fn check_existing_for_reading(path: &Path) -> Result<Header, Error> {
    check_existing_as(path, false)
}

fn check_existing_as(path: &Path, writing: bool) -> Result<Header, Error> {
    let meta = std::fs::metadata(path).map_err(|e| io_problem(path, &e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = meta.uid();
        if owner != rustix::process::geteuid().as_raw() {
            return Err(refuse(path, OpenProblem::ForeignOwner { owner }));
        }
        let mode = meta.mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(refuse(path, OpenProblem::SharedWritable { mode }));
        }
        if mode & 0o400 == 0 {
            return Err(refuse(path, OpenProblem::Unreadable));
        }
        if writing && mode & 0o200 == 0 {
            return Err(refuse(path, OpenProblem::ReadOnly));
        }
    }
    #[cfg(unix)]
    for suffix in ["-wal", "-shm"] {
        use std::os::unix::fs::MetadataExt;
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let companion = std::path::PathBuf::from(name);
        let Ok(meta) = std::fs::symlink_metadata(&companion) else {
            continue;
        };
        let (owner, mode) = (meta.uid(), meta.mode() & 0o7777);
        let mine = owner == rustix::process::geteuid().as_raw();
        if meta.file_type().is_symlink() || !mine || mode & 0o022 != 0 {
            let name = companion
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            return Err(refuse(
                path,
                OpenProblem::ForeignCompanion { name, owner, mode },
            ));
        }
    }
    if meta.len() == 0 {
        return Err(refuse(path, OpenProblem::Empty));
    }
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(|e| io_problem(path, &e))?;
    if !head.starts_with(MAGIC) {
        // A file cut off inside the magic itself is a damaged database, not a foreign file.
        return if head.len() < MAGIC.len() && MAGIC.starts_with(&head) {
            Err(refuse(path, OpenProblem::Damaged))
        } else {
            Ok(Header::Other)
        };
    }
    if head.len() < 100 || shorter_than_its_header(&head, meta.len(), path) {
        return Err(refuse(path, OpenProblem::Damaged));
    }
    Ok(Header::Sqlite)
}

/// Whether the header counts more pages than the file holds: a copy cut short. Only when the
/// count is valid (its change counter matches) and no write-ahead log holds pages yet to be
/// copied back (a checkpoint interrupted midway leaves a short file that the log completes).
fn shorter_than_its_header(head: &[u8], len: u64, path: &Path) -> bool {
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    let valid = be32(24) == be32(92) && pages > 0;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_pending = std::fs::metadata(wal).is_ok_and(|m| m.len() > 0);
    valid && !wal_pending && pages * page_size > len
}

/// Whether the folder can hold the database's companion files: WAL mode keeps `-wal` and
/// `-shm` beside the database, and a reader that cannot create them fails on its first read.
pub(super) fn check_folder(path: &Path, folder: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use rustix::fs::Access;
        if rustix::fs::access(folder, Access::WRITE_OK | Access::EXEC_OK).is_err() {
            return Err(refuse(path, OpenProblem::FolderNotWritable));
        }
    }
    let _ = (path, folder);
    Ok(())
}

/// An error of the file system while looking at or creating the database file.
pub(super) fn io_problem(path: &Path, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => refuse(path, OpenProblem::Unreadable),
        std::io::ErrorKind::StorageFull => refuse(path, OpenProblem::DiskFull),
        std::io::ErrorKind::ReadOnlyFilesystem => refuse(path, OpenProblem::ReadOnly),
        _ => Error::NotWritable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    }
}

/// SQLite's error while opening, read as the clerk's problem with the file. `header` says
/// whether the file began as an SQLite database: then "not a database" means damaged.
pub(super) fn classify(path: &Path, header: Header, e: rusqlite::Error) -> Error {
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => f.code,
        _ => return e.into(),
    };
    let problem = match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => OpenProblem::Locked,
        ErrorCode::DiskFull => OpenProblem::DiskFull,
        // SQLite names a full disk met while making its shared-memory index, which even a
        // read needs, only as an I/O error: the disk is asked.
        ErrorCode::SystemIoFailure if disk_full_at(path) => OpenProblem::DiskFull,
        ErrorCode::ReadOnly => OpenProblem::ReadOnly,
        ErrorCode::PermissionDenied => OpenProblem::Unreadable,
        // In WAL mode a reader creates `-shm` beside the file: its folder refused it.
        ErrorCode::CannotOpen => OpenProblem::FolderNotWritable,
        ErrorCode::DatabaseCorrupt => OpenProblem::Damaged,
        ErrorCode::NotADatabase if header == Header::Sqlite => OpenProblem::Damaged,
        ErrorCode::NotADatabase => return Error::NotDuban(path.to_path_buf()),
        _ => return e.into(),
    };
    refuse(path, problem)
}

/// Whether the file system holding `path` has no room left for its companion files (less than
/// 64 KiB free).
#[cfg(unix)]
fn disk_full_at(path: &Path) -> bool {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    rustix::fs::statvfs(folder).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < 64 * 1024)
}

#[cfg(not(unix))]
fn disk_full_at(_: &Path) -> bool {
    false
}

//! Copies of the office's database that can be trusted: made through SQLite's online backup
//! API (a consistent copy of the last commit, while another duban may be writing), written
//! under a temporary name first (private, removed if anything fails), turned into a file that
//! stands alone (rollback journal, so that it opens read-only with nothing beside it), and
//! verified before it takes its name (`quick_check`, a duban database, its counts).
//!
//! The daily copy: on the first open of a day for writing, `backups/<stem>-YYYY-MM-DD.db`
//! beside the database. The newest [`Backup::keep`] of the copies duban made are kept, by when
//! they were made (not by the date in their name, which a wrong `--today` can put in the
//! future); the newest copy that verifies is never removed; files duban did not make are left
//! alone; a copy cut short by a kill is cleaned up. The `backups` folder must be the clerk's
//! own, private, and not a symbolic link.
//!
//! [`restore`] puts a copy back in the database's place, keeping the replaced file beside it.
//! The store's [`Backend::daily_copy`](crate::store::Backend::daily_copy) makes the daily copy.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::SqliteStore;
use super::schema::{APPLICATION_ID, COPY_APPLICATION_ID, SCHEMA_VERSION};
use crate::store::backup::{Backup, BackupError, Daily};

/// The folder beside the database that holds its copies.
pub const FOLDER: &str = "backups";

/// The copies' folder for the database at `db`.
pub fn folder_of(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .map_or_else(|| "duban".to_string(), |s| s.to_string_lossy().into_owned())
}

/// The copy's file name for the database at `db` on `day`.
pub fn file_name(db: &Path, day: NaiveDate) -> String {
    format!("{}-{}.db", stem_of(db), day.format("%Y-%m-%d"))
}

/// The day of a copy of the database whose stem is `stem`, from its file name.
fn day_of(stem: &str, name: &str) -> Option<NaiveDate> {
    let date = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    if date.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// What a copy holds, read from the copy itself once it verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyFacts {
    pub items: i64,
    pub events: i64,
    /// When its last event was recorded (`YYYY-MM-DDTHH:MM:SS`), if it has any.
    pub last_event_at: Option<String>,
    pub schema: i64,
    /// The record's head in the copy (its last event's link), when it keeps a chain.
    pub head: Option<String>,
}

/// A copy beside the database, as `duban backup --list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    /// When the file was last written (made).
    pub made: Option<SystemTime>,
    pub size: u64,
    /// Whether duban made it: named as a daily copy of this database, the clerk's own plain
    /// file. Others are listed but never removed.
    pub ours: bool,
    /// What it holds, or why it does not verify.
    pub verified: Result<CopyFacts, String>,
}

impl SqliteStore {
    /// Today's copy of the database, unless a good one of today is already there, `backup.keep`
    /// is 0 or the office is in memory; then the copies beyond the newest `backup.keep` are
    /// removed (never the newest that verifies, never a file duban did not make).
    pub fn daily_backup(&self, today: NaiveDate, backup: Backup) -> Result<Daily, BackupError> {
        if !self.in_file() {
            return Ok(Daily::NotAFile);
        }
        if backup.keep == 0 {
            return Ok(Daily::Off);
        }
        let folder = folder_of(&self.path);
        trusted_folder(&folder)?;
        let target = folder.join(file_name(&self.path, today));
        // A copy of today's name made today (by the machine's clock) that begins as a duban
        // database is the day's copy (it was verified when it was made; every writing command
        // asks, so this look is cheap); one made on another day (a wrong --today wrote a future
        // date) or not a database is made again.
        if made_today(&target) && begins_as_copy(&target) {
            return Ok(Daily::AlreadyMade(target));
        }
        match self.backup_to(&target) {
            Ok(_) => {}
            // A copy that does not verify may be the database's own damage: then no copy is
            // taken from it, and the caller refuses to write into it.
            Err(e) if e.reason.starts_with("damaged") && self.pages_damaged() => {
                return Ok(Daily::SourceDamaged);
            }
            Err(e) => return Err(e),
        }
        // Once a day, when the day's copy is made.
        prune(&self.path, &folder, backup.keep)?;
        Ok(Daily::Made(target))
    }

    /// Whether `quick_check` found the database's pages damaged (a check that could not run,
    /// for a lock or an I/O fault, found nothing).
    fn pages_damaged(&self) -> bool {
        self.conn
            .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .is_ok_and(|s| s != "ok")
    }

    /// A verified copy of the last commit at `target` (replacing a file of that name), made
    /// through the online backup API under a temporary name of its own first, so that a copy
    /// cut short is never taken for a good one and two clerks copying at once do not write into
    /// one file.
    pub fn backup_to(&self, target: &Path) -> Result<CopyFacts, BackupError> {
        let fail = |reason: String| BackupError {
            path: target.to_path_buf(),
            reason,
        };
        let folder = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let part = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(folder)
            .map_err(|e| fail(e.to_string()))?;
        {
            let mut dest = Connection::open(part.path()).map_err(|e| fail(e.to_string()))?;
            copy_all(&self.conn, &mut dest).map_err(fail)?;
            // The copy stands alone: no `-wal` or `-shm` is needed to read it.
            let mode: String = dest
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
                .map_err(|e| fail(e.to_string()))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(fail(format!("the copy stayed in journal mode {mode}")));
            }
            // Marked a copy: opened for reading only until it is restored.
            dest.pragma_update(None, "application_id", COPY_APPLICATION_ID)
                .map_err(|e| fail(e.to_string()))?;
        }
        part.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
        let facts = verify(part.path()).map_err(&fail)?;
        part.persist(target)
            .map_err(|e| fail(e.error.to_string()))?;
        sync_folder(folder);
        Ok(facts)
    }
}

/// Copies every page of `from` into `to` in one step of the online backup API: one read
/// transaction of the source, so the copy is the last commit whole, whoever writes meanwhile.
/// A lock held by another writer's commit is waited out for the usual time.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<(), String> {
    use rusqlite::backup::StepResult;
    let backup = rusqlite::backup::Backup::new(from, to).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1).map_err(|e| e.to_string())? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if started.elapsed() > Duration::from_secs(crate::error::BUSY_WAIT_SECS) {
                    return Err("the database stayed locked by another program".into());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // A step result this duban does not know: try again, as for a lock.
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// What the file at `path` holds, if it is a whole duban database this duban can read: opened
/// read-only and as immutable (nothing is written, no `-wal` or `-shm` is made beside it), its
/// pages checked (`quick_check`), its counts read.
pub fn verify(path: &Path) -> Result<CopyFacts, String> {
    let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    let read = || -> rusqlite::Result<Result<CopyFacts, String>> {
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != APPLICATION_ID && app_id != COPY_APPLICATION_ID {
            return Ok(Err("not a duban database".into()));
        }
        let schema: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if schema > SCHEMA_VERSION {
            return Ok(Err(format!(
                "written by a newer duban (schema {schema}, this one knows up to {SCHEMA_VERSION})"
            )));
        }
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Ok(Err(format!("damaged ({check})")));
        }
        let items: i64 = conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))?;
        let (events, last_event_at): (i64, Option<String>) =
            conn.query_row("SELECT count(*), max(at) FROM events", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        // The chain came with schema 9; a copy made before has none.
        let head = if schema >= 9 {
            conn.query_row(
                "SELECT hash FROM event_chain ORDER BY event_id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        Ok(Ok(CopyFacts {
            items,
            events,
            last_event_at,
            schema,
            head,
        }))
    };
    read().map_err(|e| e.to_string())?
}

/// A path as an SQLite URI spells it (`%`, `?` and `#` escaped).
pub(super) fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// The application id in the SQLite header of the plain file at `path` (its first 100 bytes,
/// read without scanning it; a FIFO or a folder is not read), if it has one.
fn application_id(path: &Path) -> Option<i64> {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = [0u8; 100];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .ok()?;
    head.starts_with(b"SQLite format 3\0")
        .then(|| i64::from(u32::from_be_bytes([head[68], head[69], head[70], head[71]])))
}

/// Whether the file begins as a duban database does: the office's file or a copy.
fn begins_as_copy(path: &Path) -> bool {
    application_id(path).is_some_and(|id| id == APPLICATION_ID || id == COPY_APPLICATION_ID)
}

/// Whether the file at `path` is a copy made by `duban backup` or a daily copy: its header
/// carries the copies' application id. Such a file is opened for reading only until `duban
/// restore` puts it back as the office's file.
pub fn is_copy(path: &Path) -> bool {
    application_id(path) == Some(COPY_APPLICATION_ID)
}

/// Whether the file at `path` was last written on the machine's today.
fn made_today(path: &Path) -> bool {
    let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) else {
        return false;
    };
    let made: chrono::DateTime<chrono::Local> = modified.into();
    made.date_naive() == chrono::Local::now().date_naive()
}

/// Makes the rename of a new copy durable (best effort: not every file system allows it).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// The `backups` folder, made private if it is missing; refused when it is a symbolic link,
/// another user's, or writable by group or others (they could replace or remove the copies).
pub fn trusted_folder(folder: &Path) -> Result<(), BackupError> {
    let refuse = |reason: String| BackupError {
        path: folder.to_path_buf(),
        reason,
    };
    match std::fs::symlink_metadata(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_folder(folder).map_err(|e| refuse(e.to_string()))
        }
        Err(e) => Err(refuse(e.to_string())),
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            "it is a symbolic link, which duban does not follow for its copies; make it a folder of your own".into(),
        )),
        Ok(meta) if !meta.is_dir() => Err(refuse("it is not a folder".into())),
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let owner = meta.uid();
                if owner != rustix::process::geteuid().as_raw() {
                    return Err(refuse(format!(
                        "it belongs to another user (uid {owner}), who could replace or remove the copies; make it your own (chown) or remove it"
                    )));
                }
                let mode = meta.mode() & 0o7777;
                if mode & 0o022 != 0 {
                    return Err(refuse(format!(
                        "other users may write in it (mode {mode:o}) and so replace or remove the copies; make it private (chmod 700)"
                    )));
                }
            }
            #[cfg(not(unix))]
            let _ = meta;
            Ok(())
        }
    }
}

/// Every file of the `backups` folder of the database at `db`, newest first, each verified.
pub fn list(db: &Path) -> Result<Vec<Listed>, BackupError> {
    let folder = folder_of(db);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(BackupError {
                path: folder,
                reason: e.to_string(),
            });
        }
    };
    let stem = stem_of(db);
    let mut listed: Vec<Listed> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).ok();
            let ours = meta.as_ref().is_some_and(|m| ours(&stem, &path, m));
            let plain = meta.as_ref().is_some_and(|m| m.is_file());
            Listed {
                made: meta.as_ref().and_then(|m| m.modified().ok()),
                size: meta.as_ref().map_or(0, std::fs::Metadata::len),
                ours,
                verified: if plain {
                    verify(&path)
                } else {
                    Err("not a plain file".into())
                },
                path,
            }
        })
        .collect();
    listed.sort_by(|a, b| b.made.cmp(&a.made).then_with(|| a.path.cmp(&b.path)));
    Ok(listed)
}

/// Whether the file is a copy duban made of the database whose stem is `stem`: named as one,
/// a plain file (not a link), the clerk's own.
fn ours(stem: &str, path: &Path, meta: &std::fs::Metadata) -> bool {
    let named = path
        .file_name()
        .is_some_and(|n| day_of(stem, &n.to_string_lossy()).is_some());
    #[cfg(unix)]
    let own = {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == rustix::process::geteuid().as_raw()
    };
    #[cfg(not(unix))]
    let own = true;
    named && meta.is_file() && own
}

#[cfg(unix)]
fn create_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(not(unix))]
fn create_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

/// How old a temporary copy must be before it counts as left by a copy that was killed.
const STALE_PART: Duration = Duration::from_secs(3600);

/// Removes the copies duban made of the database at `db` beyond the newest `keep` (by when
/// they were made), never the newest one that verifies; files it did not make are left alone,
/// and its own temporary copies left by a copy that was killed an hour ago or more are removed.
fn prune(db: &Path, folder: &Path, keep: u32) -> Result<(), BackupError> {
    let stem = stem_of(db);
    let entries = std::fs::read_dir(folder).map_err(|e| BackupError {
        path: folder.to_path_buf(),
        reason: e.to_string(),
    })?;
    let now = SystemTime::now();
    let mut copies: Vec<(SystemTime, PathBuf)> = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let made = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if name.starts_with(&format!(".{stem}-")) && name.ends_with(".part") && meta.is_file() {
            if now.duration_since(made).is_ok_and(|age| age >= STALE_PART) {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if ours(&stem, &path, &meta) {
            copies.push((made, path));
        }
    }
    copies.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let keep = usize::try_from(keep).unwrap_or(usize::MAX);
    // The newest copy that verifies stays, wherever it is in the order.
    let good = copies.iter().position(|(_, p)| verify(p).is_ok());
    for (i, (_, path)) in copies.iter().enumerate().skip(keep) {
        if Some(i) == good {
            continue;
        }
        std::fs::remove_file(path).map_err(|e| BackupError {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    }
    Ok(())
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the database it replaced was kept, if there was one.
    pub kept: Option<PathBuf>,
    /// What the restored database holds.
    pub facts: CopyFacts,
}

/// Why a restore was refused or failed; nothing was replaced unless `replaced` says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error("{} is not a good copy of a duban database ({reason}); nothing was restored", .path.display())]
    BadCopy { path: PathBuf, reason: String },
    #[error("{} exists; restoring replaces it (it is kept beside it); add --force to go on; nothing was restored", .0.display())]
    Exists(PathBuf),
    #[error("{} is open in another duban or program; close it everywhere and restore again; nothing was restored", .0.display())]
    InUse(PathBuf),
    #[error("cannot restore to {}: {reason}", .path.display())]
    Failed { path: PathBuf, reason: String },
}

/// Puts the copy at `from` in the place of the database at `db`: the copy verified first; an
/// existing database (only with `force`) checked to be open nowhere else, its `-wal` folded in,
/// and kept beside as `<name>.replaced-<when>`; no stale `-wal` or `-shm` left to be replayed
/// into the copy; the copy written under a temporary name and verified in its place. `when`
/// names the kept file (`20261207T093000`).
pub fn restore(db: &Path, from: &Path, force: bool, when: &str) -> Result<Restored, RestoreError> {
    verify(from).map_err(|reason| RestoreError::BadCopy {
        path: from.to_path_buf(),
        reason,
    })?;
    let failed = |reason: String| RestoreError::Failed {
        path: db.to_path_buf(),
        reason,
    };
    let companion = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut kept = None;
    if db.exists() {
        if !force {
            return Err(RestoreError::Exists(db.to_path_buf()));
        }
        // Leaving WAL mode needs the only connection: it fails while another has the file.
        if let Ok(conn) = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            let _ = conn.busy_timeout(Duration::ZERO);
            match conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) =>
                {
                    return Err(RestoreError::InUse(db.to_path_buf()));
                }
                // A damaged file keeps its `-wal`, kept beside it too.
                _ => {}
            }
        }
        let name = db
            .file_name()
            .map_or_else(|| "duban.db".into(), |n| n.to_string_lossy().into_owned());
        let keep_as = folder.join(format!("{name}.replaced-{when}"));
        std::fs::rename(db, &keep_as).map_err(|e| failed(e.to_string()))?;
        let wal = companion("-wal");
        if wal.exists() {
            let mut kept_wal = keep_as.clone().into_os_string();
            kept_wal.push("-wal");
            std::fs::rename(&wal, PathBuf::from(kept_wal)).map_err(|e| failed(e.to_string()))?;
        }
        kept = Some(keep_as);
    }
    // Nothing of another file may be replayed into the copy.
    for suffix in ["-wal", "-shm", "-journal"] {
        let stale = companion(suffix);
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| failed(e.to_string()))?;
        }
    }
    let part = tempfile::Builder::new()
        .prefix(".restore.")
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(|e| failed(e.to_string()))?;
    let mut source = std::fs::File::open(from).map_err(|e| failed(e.to_string()))?;
    std::io::copy(&mut source, &mut part.as_file()).map_err(|e| failed(e.to_string()))?;
    // The office's file again, in WAL mode, before it takes the office's name: a restore cut
    // short never leaves a copy (opened for reading only) in the office's place.
    let conn = Connection::open_with_flags(
        part.path(),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| failed(e.to_string()))?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(|e| failed(e.to_string()))?;
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        .map_err(|e| failed(e.to_string()))?;
    conn.close().map_err(|(_, e)| failed(e.to_string()))?;
    part.as_file()
        .sync_all()
        .map_err(|e| failed(e.to_string()))?;
    part.persist(db).map_err(|e| failed(e.error.to_string()))?;
    sync_folder(folder);
    let facts = verify(db).map_err(failed)?;
    Ok(Restored { kept, facts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_known_by_its_name() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let db = Path::new("/office/duban.db");
        assert_eq!(file_name(db, day), "duban-2026-12-02.db");
        assert_eq!(folder_of(db), Path::new("/office/backups"));
        assert_eq!(folder_of(Path::new("duban.db")), Path::new("./backups"));
        assert_eq!(day_of("duban", "duban-2026-12-02.db"), Some(day));
        assert_eq!(day_of("duban", "duban-2026-12-02.db.part"), None);
        assert_eq!(day_of("duban", "other-2026-12-02.db"), None);
        assert_eq!(day_of("duban", "duban-2026-13-02.db"), None);
        assert_eq!(day_of("duban", "duban-x-2026-12-02.db"), None);
    }

    #[test]
    fn an_office_in_memory_or_keep_zero_makes_no_copy_and_a_second_open_none_again() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let memory = SqliteStore::open_in_memory().unwrap();
        assert_eq!(
            memory.daily_backup(day, Backup::default()),
            Ok(Daily::NotAFile)
        );
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.daily_backup(day, Backup { keep: 0 }), Ok(Daily::Off));
        assert!(!dir.path().join(FOLDER).exists());
        let copy = dir.path().join(FOLDER).join("office-2026-12-02.db");
        assert_eq!(
            store.daily_backup(day, Backup::default()),
            Ok(Daily::Made(copy.clone()))
        );
        assert_eq!(
            store.daily_backup(day, Backup::default()),
            Ok(Daily::AlreadyMade(copy))
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join(FOLDER))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["office-2026-12-02.db"]);
    }

    /// A store at `dir/office.db` holding one department.
    fn office(dir: &Path) -> (PathBuf, SqliteStore) {
        let db = dir.join("office.db");
        let store = SqliteStore::open(&db).unwrap();
        store
            .conn
            .execute("INSERT INTO departments (name) VALUES ('财政局')", [])
            .unwrap();
        (db, store)
    }

    fn age(path: &Path, secs: u64) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(secs))
            .unwrap();
    }

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_copy_stands_alone_verifies_and_opening_it_to_check_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (_, store) = office(dir.path());
        let copy = dir.path().join("copy.db");
        let facts = store.backup_to(&copy).unwrap();
        assert_eq!((facts.items, facts.schema), (0, SCHEMA_VERSION));
        let before = std::fs::read(&copy).unwrap();
        assert_eq!(verify(&copy), Ok(facts));
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            before,
            "verify wrote nothing"
        );
        assert_eq!(
            names(dir.path()),
            [
                "copy.db",
                "office.db",
                "office.db-checked",
                "office.db-shm",
                "office.db-wal"
            ]
        );
        // A damaged copy does not verify, naming why.
        let mut bytes = before.clone();
        for b in &mut bytes[4096..4096 + 512] {
            *b = 0x5a;
        }
        std::fs::write(&copy, bytes).unwrap();
        assert!(verify(&copy).is_err());
        std::fs::write(&copy, b"not a database").unwrap();
        assert!(verify(&copy).is_err());
    }

    #[test]
    fn copies_dated_in_the_future_do_not_push_out_the_days_real_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = office(dir.path());
        let folder = dir.path().join(FOLDER);
        // A week run with a wrong --today: seven copies dated 2027, made a while ago.
        for d in 1..=7 {
            let day = NaiveDate::from_ymd_opt(2027, 1, d).unwrap();
            let path = folder.join(file_name(&db, day));
            std::fs::create_dir_all(&folder).unwrap();
            store.backup_to(&path).unwrap();
            age(&path, 86_400 * u64::from(10 - d));
        }
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let made = folder.join(file_name(&db, today));
        assert_eq!(
            store.daily_backup(today, Backup { keep: 7 }),
            Ok(Daily::Made(made.clone()))
        );
        // Kept by when they were made: today's copy and the six newest of the others.
        assert!(made.exists());
        assert!(!folder.join("office-2027-01-01.db").exists());
        assert_eq!(names(&folder).len(), 7);
    }

    #[test]
    fn a_copy_of_todays_name_made_on_another_day_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = office(dir.path());
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        let target = folder.join(file_name(&db, today));
        std::fs::write(&target, b"left by someone").unwrap();
        assert_eq!(
            store.daily_backup(today, Backup::default()),
            Ok(Daily::Made(target.clone()))
        );
        assert!(verify(&target).is_ok());
        assert_eq!(
            store.daily_backup(today, Backup::default()),
            Ok(Daily::AlreadyMade(target))
        );
    }

    #[test]
    fn pruning_keeps_the_newest_good_copy_and_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = office(dir.path());
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        let good = folder.join("office-2026-12-01.db");
        store.backup_to(&good).unwrap();
        age(&good, 3 * 86_400);
        let bad = folder.join("office-2026-12-02.db");
        std::fs::write(&bad, b"damaged").unwrap();
        age(&bad, 2 * 86_400);
        let other = folder.join("notes.txt");
        std::fs::write(&other, b"x").unwrap();
        let old_part = folder.join(".office-2026-11-30.db.abc.part");
        std::fs::write(&old_part, b"cut short").unwrap();
        age(&old_part, 2 * 3600);
        let new_part = folder.join(".office-2026-12-03.db.def.part");
        std::fs::write(&new_part, b"being written").unwrap();
        prune(&db, &folder, 1).unwrap();
        assert_eq!(
            names(&folder),
            [
                ".office-2026-12-03.db.def.part",
                "notes.txt",
                "office-2026-12-01.db",
                "office-2026-12-02.db"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_backups_folder_that_is_a_link_or_shared_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = office(dir.path());
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, folder_of(&db)).unwrap();
        let e = store.daily_backup(day, Backup::default()).unwrap_err();
        assert!(e.reason.contains("symbolic link"), "{e}");
        assert!(names(&elsewhere).is_empty());
        std::fs::remove_file(folder_of(&db)).unwrap();
        std::fs::create_dir(folder_of(&db)).unwrap();
        std::fs::set_permissions(folder_of(&db), std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = store.daily_backup(day, Backup::default()).unwrap_err();
        assert!(e.reason.contains("mode 777"), "{e}");
    }

    #[test]
    fn a_restore_keeps_the_replaced_file_and_replays_no_stale_journal() {
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = office(dir.path());
        let copy = dir.path().join("copy.db");
        store.backup_to(&copy).unwrap();
        store
            .conn
            .execute("INSERT INTO departments (name) VALUES ('住建局')", [])
            .unwrap();
        // Open elsewhere: refused, nothing replaced.
        assert_eq!(
            restore(&db, &copy, true, "20261207T093000"),
            Err(RestoreError::InUse(db.clone()))
        );
        drop(store);
        assert_eq!(
            restore(&db, &copy, false, "20261207T093000"),
            Err(RestoreError::Exists(db.clone()))
        );
        // A stale journal of another file beside the database is not replayed into the copy.
        std::fs::write(dir.path().join("office.db-shm"), b"stale").unwrap();
        let done = restore(&db, &copy, true, "20261207T093000").unwrap();
        let kept = dir.path().join("office.db.replaced-20261207T093000");
        assert_eq!(done.kept.as_deref(), Some(kept.as_path()));
        assert!(verify(&kept).is_ok());
        let reopened = SqliteStore::open(&db).unwrap();
        let n: i64 = reopened
            .conn
            .query_row("SELECT count(*) FROM departments", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "the copy's one department, not the later two");
        let bad = dir.path().join("bad.db");
        std::fs::write(&bad, b"junk").unwrap();
        assert!(matches!(
            restore(&db, &bad, true, "x"),
            Err(RestoreError::BadCopy { .. })
        ));
    }

    /// The command line asks for the day's copy through the store's interface, whatever the
    /// backend: for SQLite it is the file's copy, made once a day.
    #[test]
    fn the_backend_interface_makes_the_files_daily_copy() {
        use crate::store::Backend;
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let memory = SqliteStore::open_in_memory().unwrap();
        assert_eq!(
            Backend::daily_copy(&memory, day, Backup::default()),
            Ok(Daily::NotAFile)
        );
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(&dir.path().join("office.db").into()).unwrap();
        let copy = dir.path().join(FOLDER).join("office-2026-12-02.db");
        assert_eq!(
            Backend::daily_copy(&store, day, Backup::default()),
            Ok(Daily::Made(copy.clone()))
        );
        assert_eq!(
            Backend::daily_copy(&store, day, Backup::default()),
            Ok(Daily::AlreadyMade(copy))
        );
    }
}

//! The SQLite backend: one file, WAL, one `BEGIN IMMEDIATE` transaction per write.
//!
//! Every write runs in one transaction through [`Backend::write`], and each change appends its
//! event in that same transaction. What only SQLite has stays here, behind the store's traits:
//! reads split over two connections ([`SqliteStore::read_split`]), the row written behind
//! (`rows/`), the journal switch and index rebuilds of a bulk write, `PRAGMA data_version`
//! as the [`ChangeToken`], the schema and its migrations.

mod asof;
pub mod backup;
mod check;
pub(in crate::store) mod codec;
pub(in crate::store) mod columns;
mod create;
mod exchange;
mod open;
pub(in crate::store) mod queries;
mod rows;
pub mod schema;
mod shares;
mod stamp;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::orchestrate::Writer;
use super::rows::Rows as _;
use super::{Backend, ChangeToken, Ctx, WriteTx, event_codec, model};
use crate::error::{BUSY_WAIT_SECS, Error, OpenProblem, Result};
use rows::SqliteRows;

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    access: Access,
    /// The office is held in memory (a test's, or an older copy brought up to date there):
    /// no second connection reads it, and no file is stamped or copied.
    in_memory: bool,
}

/// What this handle on the file may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// The office's own handle: reads and writes.
    Write,
    /// A second handle a read runs on, beside the office's own.
    Reader,
    /// Opened for reading only: asked so (`--read-only`), or the file is a copy made by
    /// `duban backup` (`copy`).
    ReadOnly { copy: bool },
}

impl SqliteStore {
    /// Opens (creating if needed, with mode 0600) the database at `path`, applying the
    /// connection pragmas and any pending migrations. A file that is not a duban database, one
    /// written by a newer duban, a damaged, empty, read-only, foreign-owned or shared-writable
    /// file is refused with its own reason ([`Error::Open`]) and left untouched.
    pub fn open(path: &Path) -> Result<Self> {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(Error::MissingFolder(folder.to_path_buf()));
        }
        if path.is_dir() {
            return Err(Error::Open {
                path: path.to_path_buf(),
                problem: OpenProblem::IsFolder,
            });
        }
        // A copy is only looked at: opened for reading, wherever it lies.
        if backup::is_copy(path) {
            return Self::open_read_only_as(path, true);
        }
        open::check_folder(path, folder)?;
        let made_here = !path.exists() && create::new_office(path)?;
        let header = open::check_existing(path)?;
        let store = Self::open_checked(path, header)?;
        if made_here {
            // A file this process just made whole has no pages anyone else wrote.
            stamp::keep_if(path, None);
        }
        Ok(store)
    }

    fn open_checked(path: &Path, header: open::Header) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open::classify(path, header, e))?;
        // SQLite falls back to reading only when it may not write; known before any read, so
        // that nothing (no `-wal`, no `-shm`) is created beside a file that is refused.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            return Err(Error::Open {
                path: path.to_path_buf(),
                problem: OpenProblem::ReadOnly,
            });
        }
        Self::setup(conn, path.to_path_buf()).map_err(|e| reclassify(path, header, e))
    }

    /// Opens the database at `path` for reading only: nothing is created, migrated or written,
    /// and every write is refused ([`Error::OpenedReadOnly`]). A copy made by an older duban is
    /// brought up to this schema in memory, the file left as it is.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        Self::open_read_only_as(path, backup::is_copy(path))
    }

    fn open_read_only_as(path: &Path, copy: bool) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Open {
                path: path.to_path_buf(),
                problem: OpenProblem::Missing,
            });
        }
        let header = open::check_existing_for_reading(path)?;
        let uri = format!("file:{}?mode=ro", backup::uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open::classify(path, header, e))?;
        Self::setup_read_only(conn, path, copy).map_err(|e| reclassify(path, header, e))
    }

    fn setup_read_only(conn: Connection, path: &Path, copy: bool) -> Result<Self> {
        conn.busy_handler(Some(wait_for_lock))?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if app_id != schema::APPLICATION_ID && app_id != schema::COPY_APPLICATION_ID {
            return Err(Error::NotDuban(path.to_path_buf()));
        }
        if version > schema::SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                known: schema::SCHEMA_VERSION,
            });
        }
        let in_memory = version < schema::SCHEMA_VERSION;
        let conn = if in_memory {
            // An older copy: read into memory and brought up to date there.
            let mut memory = Connection::open_in_memory()?;
            {
                let copy = rusqlite::backup::Backup::new(&conn, &mut memory)?;
                copy.run_to_completion(1024, std::time::Duration::ZERO, None)?;
            }
            schema::migrate(&mut memory, version)
                .map_err(|e| migration_failed(path, version, e))?;
            memory
        } else {
            conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
            conn
        };
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            access: Access::ReadOnly { copy },
            in_memory,
        })
    }

    /// The refusal of a write through a handle opened for reading only.
    fn refuse_write(&self) -> Result<()> {
        match self.access {
            Access::ReadOnly { copy } => Err(Error::OpenedReadOnly {
                path: self.path.clone(),
                copy,
            }),
            Access::Write | Access::Reader => Ok(()),
        }
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Self> {
        // Before the first read: another program's lock is waited for from the start, not
        // mistaken for a file that is not a database.
        conn.busy_handler(Some(wait_for_lock))?;
        // Reading the header first: a file that is not SQLite fails here, before any write.
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let fresh = app_id == 0 && version == 0 && tables == 0;
        if !fresh && app_id != schema::APPLICATION_ID {
            return Err(Error::NotDuban(path));
        }
        if version > schema::SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path,
                found: version,
                known: schema::SCHEMA_VERSION,
            });
        }
        if path.as_os_str() != ":memory:" {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::NotWritable {
                    path,
                    reason: format!("journal mode is {mode}, not WAL"),
                });
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        conn.set_prepared_statement_cache_capacity(64);
        // No map of the file: pages are read into the cache above (see MMAP_BYTES).
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if version < schema::SCHEMA_VERSION {
            schema::migrate(&mut conn, version).map_err(|e| migration_failed(&path, version, e))?;
        }
        let in_memory = path.as_os_str() == ":memory:";
        Ok(Self {
            conn,
            path,
            access: Access::Write,
            in_memory,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, as the store's writes orchestrated over
    /// this file's rows: all of it is committed, or none of it. A `bulk` write drops the
    /// indexes a bulk write rebuilds, builds them again after `f`, and builds every item's
    /// days of `item_days` again in one pass; another write those of the items it wrote an
    /// event about.
    fn write_tx_of<T>(
        &mut self,
        ctx: &Ctx,
        bulk: bool,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.refuse_write()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                    Error::NotWritable {
                        path: self.path.clone(),
                        reason: "the file is read-only".into(),
                    }
                }
                other => other.into(),
            })?;
        // Under the write lock: a file another hand changed has its pages checked first.
        let in_file = !self.in_memory;
        let stamped = if in_file {
            Some(sound_before_write(&tx, &self.path)?)
        } else {
            None
        };
        let rows = SqliteRows::new(&tx);
        let batch = rows.next_batch()?;
        let mut writer = Writer::new(&rows, ctx, batch);
        // Into an empty store, the events written are the whole history.
        if bulk && batch == 1 {
            writer.keep_events();
        }
        let indexes = || {
            schema::bulk_indexes()
                .into_iter()
                .chain(schema::BULK_REBUILT_INDEXES.iter().copied())
        };
        if bulk {
            for (name, _) in indexes() {
                rows.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
        }
        let value = f(&mut writer)?;
        rows.flush()?;
        if bulk {
            for (_, sql) in indexes() {
                rows.execute_batch(sql)?;
            }
        }
        let kept = writer.keeps_events();
        if !bulk {
            writer.keep_days()?;
        } else if kept {
            writer.keep_days_of_kept()?;
        }
        drop(writer);
        drop(rows);
        if bulk && !kept {
            asof::rebuild_all(&tx)?;
        }
        tx.commit()?;
        if let Some(stamped) = &stamped {
            stamp::keep_if(&self.path, stamped.as_ref());
        }
        Ok(value)
    }

    /// A second, read-only handle on the same file, for a read on another thread; `None` for
    /// an office in memory.
    pub(in crate::store) fn reader(&self) -> Result<Option<SqliteStore>> {
        if !self.in_file() {
            return Ok(None);
        }
        Ok(Some(SqliteStore {
            conn: open_reader(&self.path)?,
            path: self.path.clone(),
            access: Access::Reader,
            in_memory: false,
        }))
    }

    fn in_file(&self) -> bool {
        !self.in_memory
    }

    /// Whether the office was opened for reading only.
    pub fn read_only(&self) -> bool {
        matches!(self.access, Access::ReadOnly { .. })
    }

    /// Before a write: the file's pages are checked (`quick_check`) unless the file is as
    /// duban last left it; a damaged file is refused ([`Error::Damaged`]).
    pub fn check_before_writing(&self) -> Result<()> {
        self.refuse_write()?;
        if self.in_file() {
            sound_before_write(&self.conn, &self.path)?;
        }
        Ok(())
    }

    /// Like [`SqliteStore::write_tx_of`], for one large write into a database no one else has
    /// open (the sample office): the transaction goes through a rollback journal instead of the
    /// WAL, so its pages are written once instead of twice, and the indexes are dropped and
    /// built again at the end; the file returns to WAL mode afterwards. The write is as atomic
    /// and durable as any other.
    fn bulk_write_tx<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.refuse_write()?;
        let in_file = self.in_file();
        // Another connection keeps the file in WAL mode; the write then simply goes through it.
        let switched = in_file
            && self
                .conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        // 64 MiB of cache, not room for the whole write: pages written spill to the file before
        // the commit. Measured on the 100,000-item sample office (issue 21): 12.2 s and 128 MB
        // against 10.9 s and 663 MB with 1 GiB; at 1,000,000 items 142 s and 176 MB.
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let result = self.write_tx_of(ctx, true, f);
        self.conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        if switched {
            // The stamp the write left, before going back to WAL changes the file's header.
            let left = stamp::kept(&self.path);
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
            // The change is duban's own: the file is stamped as it is now, so that the next
            // write does not check every page (it did after every `demo`: 0.08 s and 67 MB for
            // an `add` at 10,000 items instead of 0.01 s and 12 MB).
            if result.is_ok() {
                stamp::keep_if(&self.path, left.as_ref());
            }
        }
        result
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Runs two reads and returns both: `here` on this connection, and `there` on a second,
    /// read-only connection on another thread, which opens it while this one goes on. The two
    /// halves of a long list take half the time this way.
    ///
    /// Each read runs in a read transaction, and the two must see the same state of the file:
    /// should another clerk commit between the moments the two begin (the last event differs,
    /// and every change appends one), both run again here, in one transaction. An in-memory
    /// store runs both here.
    fn read_split<A: Send, B: Send>(
        &self,
        here: impl Fn(&Connection) -> Result<A>,
        there: impl Fn(&Connection) -> Result<B> + Sync,
    ) -> Result<(A, B)> {
        match self.try_split(&here, &there)? {
            Some(both) => Ok(both),
            None => snapshot(&self.conn, |c| Ok((here(c)?, there(c)?))).map(|(_, both)| both),
        }
    }

    /// `here` and `there` run at once as [`SqliteStore::read_split`] runs them; `None` when
    /// they could not (an in-memory store, a reading thread that panicked) or did not see the
    /// same state of the file.
    fn try_split<A: Send, B: Send>(
        &self,
        here: impl Fn(&Connection) -> Result<A>,
        there: impl Fn(&Connection) -> Result<B> + Sync,
    ) -> Result<Option<(A, B)>> {
        if !self.in_file() {
            return Ok(None);
        }
        let path = self.path.as_path();
        std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                let reader = open_reader(path)?;
                snapshot(&reader, &there)
            });
            let (last_here, a) = snapshot(&self.conn, &here)?;
            // The reading thread cannot panic on its own; if it did, read here instead.
            let Ok(theirs) = other.join() else {
                return Ok(None);
            };
            let (last_there, b) = theirs?;
            Ok((last_here == last_there).then_some((a, b)))
        })
    }

    pub(in crate::store) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// An error of SQLite's while opening, named as the clerk's problem with the file: the
/// rusqlite error became [`Error::Database`], [`Error::DiskFull`] or [`Error::Busy`] on its way
/// up, and is read again here, where the file's path and header are known.
fn reclassify(path: &Path, header: open::Header, e: Error) -> Error {
    match e {
        Error::Database(inner) => match inner.downcast::<rusqlite::Error>() {
            Ok(sqlite) => open::classify(path, header, *sqlite),
            Err(other) => Error::Database(other),
        },
        Error::DiskFull => Error::Open {
            path: path.to_path_buf(),
            problem: OpenProblem::DiskFull,
        },
        Error::Damaged => Error::Open {
            path: path.to_path_buf(),
            problem: OpenProblem::Damaged,
        },
        Error::Busy => Error::Open {
            path: path.to_path_buf(),
            problem: OpenProblem::Locked,
        },
        other => other,
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                rusqlite::ErrorCode::DiskFull => Error::DiskFull,
                rusqlite::ErrorCode::DatabaseCorrupt => Error::Damaged,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    Error::Busy
                }
                _ => Error::Database(Box::new(e)),
            },
            _ => Error::Database(Box::new(e)),
        }
    }
}

/// A migration's fault as the clerk is told it: a full disk, a lock or damage as themselves,
/// anything else in one sentence with SQLite's short reason (never the statement it ran).
fn migration_failed(path: &Path, from: i64, e: rusqlite::Error) -> Error {
    // Only a statement the file's state refuses is the migration's own fault; a full disk, a
    // lock, damage, an I/O fault or a new file that cannot grow are told as themselves.
    let reason = match &e {
        rusqlite::Error::SqliteFailure(f, msg)
            if from > 0
                && matches!(
                    f.code,
                    rusqlite::ErrorCode::Unknown | rusqlite::ErrorCode::ConstraintViolation
                ) =>
        {
            msg.clone().unwrap_or_else(|| f.to_string())
        }
        rusqlite::Error::SqlInputError { msg, .. } if from > 0 => msg.clone(),
        _ => return Error::from(e),
    };
    Error::MigrationFailed {
        path: path.to_path_buf(),
        from,
        to: schema::SCHEMA_VERSION,
        reason: crate::text::safe(&reason),
    }
}

impl Backend for SqliteStore {
    fn elsewhere<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Self) -> Result<T> + Send + 'static,
    ) -> Result<Option<std::sync::mpsc::Receiver<Result<T>>>> {
        let Some(reader) = self.reader()? else {
            return Ok(None);
        };
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The interface may have moved on meanwhile: then no one is told.
            let _ = send.send(work(&reader));
        });
        Ok(Some(receive))
    }

    fn write<T>(&mut self, ctx: &Ctx, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        self.write_tx_of(ctx, false, f)
    }

    fn bulk_write<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.bulk_write_tx(ctx, f)
    }

    fn import(&mut self, office: &super::exchange::Office) -> Result<super::exchange::Imported> {
        self.refuse_write()?;
        let kept = if self.in_file() {
            Some(sound_before_write(&self.conn, &self.path)?)
        } else {
            None
        };
        let imported = exchange::import(&mut self.conn, office)?;
        if let Some(kept) = &kept {
            stamp::keep_if(&self.path, kept.as_ref());
        }
        Ok(imported)
    }

    fn change_token(&self) -> Result<ChangeToken> {
        self.data_version().map(ChangeToken::new)
    }

    fn location(&self) -> Cow<'_, str> {
        self.path.to_string_lossy()
    }

    fn daily_copy(
        &self,
        today: chrono::NaiveDate,
        backup: super::backup::Backup,
    ) -> std::result::Result<super::backup::Daily, super::backup::BackupError> {
        self.daily_backup(today, backup)
    }

    fn check_before_writing(&self) -> Result<()> {
        SqliteStore::check_before_writing(self)
    }

    fn read_only(&self) -> bool {
        SqliteStore::read_only(self)
    }

    fn check_storage(&self, full: bool) -> Result<Vec<crate::store::StorageProblem>> {
        let problems = check::storage(self.conn(), full)?;
        // Pages found sound: the next write need not check them again.
        if problems.is_empty() && self.access == Access::Write && self.in_file() {
            stamp::keep_if(&self.path, stamp::kept(&self.path).as_ref());
        }
        Ok(problems)
    }

    fn repair_guards(&mut self) -> Result<Vec<crate::store::StorageProblem>> {
        self.refuse_write()?;
        check::repair_guards(self.conn())
    }
}

/// SQLite's busy handler: another connection holds the lock wanted. Says so once (the
/// interface shows it), then tries again every 20 ms for [`BUSY_WAIT_SECS`] seconds in all.
fn wait_for_lock(attempt: i32) -> bool {
    const STEP_MS: u64 = 20;
    if attempt == 0 {
        super::wait::started();
    }
    if u64::try_from(attempt).unwrap_or(u64::MAX) * STEP_MS >= BUSY_WAIT_SECS * 1000 {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis(STEP_MS));
    true
}

/// Whether a second connection maps the file's pages.
/// How much of the file SQLite maps into memory (`PRAGMA mmap_size`): none. Measured at 100,000
/// items (medians of three, issue 21), mapping 1 GiB instead of reading pages into the 64 MiB
/// cache saved no time (`list --all --format json` 0.37 s against 0.33 s, the year's bulletin
/// 0.59 s against 0.51 s, `export` 2.0 s against 1.7 s) but every page read stayed in the
/// process: peak RSS 938 MB against 122 MB, 569 MB against 159 MB, 490 MB against 85 MB. At
/// 1,000,000 items the first screen takes 0.60 s either way.
const MMAP_BYTES: i64 = 0;

/// The page cache of a connection, in KiB as `PRAGMA cache_size` takes it (negative): 16 MiB.
/// With no map, every page read passes through it, and it fills on any read of a whole table:
/// at 1,000,000 items the 64 MiB it was made the year's bulletin 213 MB at its peak, the
/// assessment 259 MB. A clerk's write touches a few dozen pages.
const CACHE_KIB: i64 = -16_384;

/// The cache of the one large write (the sample office): 64 MiB.
const BULK_CACHE_KIB: i64 = -65_536;

/// A second connection to the file, for reading in parallel.
fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_handler(Some(wait_for_lock))?;
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(conn)
}

/// Runs `read` in one read transaction, and names the state it saw by its last event (asked
/// last, in the same transaction: the state is the one `read`'s first query began).
fn snapshot<T>(conn: &Connection, read: impl FnOnce(&Connection) -> Result<T>) -> Result<(i64, T)> {
    let tx = conn.unchecked_transaction()?;
    let value = read(&tx)?;
    let last: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?;
    tx.commit()?;
    Ok((last, value))
}

/// Before a write, on `conn` (in the write's transaction when there is one): the stamp kept
/// (`None` when there was none to trust) once the file is known sound: as duban left it, or
/// its pages checked (`quick_check`). A damaged file is marked so and refused
/// ([`Error::Damaged`]); a check that could not run (a lock, an I/O fault) says why instead.
fn sound_before_write(conn: &Connection, path: &Path) -> Result<Option<stamp::Stamp>> {
    if let Some(kept) = stamp::unchanged(path) {
        return Ok(Some(kept));
    }
    let kept = stamp::kept(path);
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        stamp::mark_damaged(path);
        return Err(Error::Damaged);
    }
    // Sound as it is now: stamped so, unless another process stamped or marked it meanwhile.
    stamp::keep_if(path, kept.as_ref());
    Ok(stamp::kept(path))
}

impl Drop for SqliteStore {
    /// The last connection to close copies the log back into the file, which changes it: when
    /// the file was as duban left it, that copy is made here and the stamp follows it.
    fn drop(&mut self) {
        if self.access != Access::Write || !self.in_file() {
            return;
        }
        if let Some(kept) = stamp::unchanged(&self.path) {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            // The connection is closed before the stamp is taken: closing the last one copies
            // what the passive copy left of the log into the file (after a bulk write, most of
            // it), and a stamp taken before that close no longer matched, so the next write
            // checked every page (0.08 s and 67 MB instead of 0.01 s and 12 MB at 10,000
            // items, seconds at a million).
            if let Ok(memory) = Connection::open_in_memory() {
                let _ = std::mem::replace(&mut self.conn, memory).close();
            }
            stamp::keep_if(&self.path, Some(&kept));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    fn events(conn: &Connection) -> Result<i64> {
        Ok(conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    fn commit_an_event(path: &Path) {
        let other = Connection::open(path).unwrap();
        other
            .execute(
                "INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) \
                 VALUES (1, '2026-11-25T09:00:00', '2026-11-25', '另一位', NULL, 'test', '{}')",
                [],
            )
            .unwrap();
    }

    #[test]
    fn a_full_disk_is_named_so_and_not_a_database_fault() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("office.db")).unwrap();
        let pages: i64 = store
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        // The file may grow no further: SQLite reports SQLITE_FULL, as on a full disk.
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let e = store
            .conn
            .execute(
                "INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) \
                 VALUES (1, '2026-11-25T09:00:00', '2026-11-25', 'x', NULL, 'test', ?1)",
                ["满".repeat(100_000)],
            )
            .unwrap_err();
        let e = Error::from(e);
        assert!(matches!(e, Error::DiskFull), "{e:?}");
        assert!(!e.is_user_error());
        assert!(e.to_string().contains("disk"), "{e}");
    }

    #[test]
    fn the_two_halves_of_a_split_read_see_one_state_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        let store = SqliteStore::open(&path).unwrap();
        // Without a commit in between, the halves are read in parallel and agree.
        assert_eq!(store.read_split(events, events).unwrap(), (0, 0));

        // Another clerk commits after this side's read began and before the other side's.
        let (here_calls, there_calls) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let (committed, wait) = mpsc::channel::<()>();
        let wait = std::sync::Mutex::new(wait);
        let here = |conn: &Connection| {
            let seen = events(conn)?;
            if here_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                commit_an_event(&path);
                committed.send(()).unwrap();
            }
            Ok(seen)
        };
        let there = |conn: &Connection| {
            if there_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                wait.lock().unwrap().recv().unwrap();
            }
            events(conn)
        };
        // The halves saw 0 and 1 events: the read is done again, in one snapshot.
        assert_eq!(store.read_split(here, there).unwrap(), (1, 1));
        assert_eq!(
            here_calls.load(Ordering::SeqCst),
            2,
            "the read was done again"
        );
        assert_eq!(there_calls.load(Ordering::SeqCst), 2);
    }
}

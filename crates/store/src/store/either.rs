//! The store duban opens: an office in a SQLite file (one clerk's workstation, the default) or
//! on a PostgreSQL server (several clerks), behind one type, so that the command line and the
//! interface name a location and never a backend. Each call goes to the backend the office is
//! kept in.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::backup::{Backup, BackupError, Daily};
use super::exchange::{ExportSink, Imported, Office};
use super::model::{
    ChainOrigin, Chained, ItemDetail, ItemKey, ItemRow, ListFilter, Logged, StorageProblem,
};
use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::{Backend, ChangeToken, Ctx, Records, WriteTx};
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::ItemNumber;
use crate::domain::ladder::LadderSoFar;
use crate::domain::lifecycle::Status;
use crate::error::Result;

/// An office, in the backend that keeps it.
pub enum Store {
    /// One SQLite file.
    File(SqliteStore),
    /// A PostgreSQL database.
    Server(Box<PgStore>),
}

/// Runs the same call on whichever backend keeps the office.
macro_rules! each {
    ($self:expr, $s:ident => $call:expr) => {
        match $self {
            Store::File($s) => $call,
            Store::Server($s) => $call,
        }
    };
}

impl Store {
    /// Opens (creating if needed) the office's file at `path` (see [`SqliteStore::open`]).
    pub fn open(path: &std::path::Path) -> Result<Self> {
        SqliteStore::open(path).map(Store::File)
    }

    /// Opens the office's file at `path` for reading only (see [`SqliteStore::open_read_only`]).
    pub fn open_read_only(path: &std::path::Path) -> Result<Self> {
        SqliteStore::open_read_only(path).map(Store::File)
    }

    /// A new office in memory (tests, and the sample office before it is written out).
    pub fn open_in_memory() -> Result<Self> {
        SqliteStore::open_in_memory().map(Store::File)
    }
    /// The SQLite file the office is kept in, if it is kept in one.
    pub fn file(&self) -> Option<&SqliteStore> {
        match self {
            Store::File(s) => Some(s),
            Store::Server(_) => None,
        }
    }

    /// The file's path, when the office is a file (backups, `restore`).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.file().map(SqliteStore::path)
    }

    /// The server's office, if the office is kept on one (its login, its roles).
    pub fn server(&self) -> Option<&PgStore> {
        match self {
            Store::Server(s) => Some(s),
            Store::File(_) => None,
        }
    }

    /// The server's login the office was opened as, when it is kept on a server: the clerk
    /// its history names.
    pub fn login(&self) -> Option<&str> {
        self.server().map(|s| s.login())
    }

    /// Whether the office is kept on a server.
    pub fn on_server(&self) -> bool {
        matches!(self, Store::Server(_))
    }
}

impl From<SqliteStore> for Store {
    fn from(s: SqliteStore) -> Self {
        Store::File(s)
    }
}

impl From<PgStore> for Store {
    fn from(s: PgStore) -> Self {
        Store::Server(Box::new(s))
    }
}

impl Records for Store {
    fn fold_items<S: Send>(
        &self,
        filter: &ListFilter,
        today: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemRow) + Sync,
    ) -> Result<Vec<S>> {
        each!(self, s => s.fold_items(filter, today, init, each))
    }

    fn items(&self, filter: &ListFilter, today: NaiveDate) -> Result<Vec<ItemRow>> {
        each!(self, s => s.items(filter, today))
    }

    fn open_keys(&self, today: NaiveDate) -> Result<Vec<ItemKey>> {
        each!(self, s => s.open_keys(today))
    }

    fn open_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        each!(self, s => s.open_key(number))
    }

    fn finished_keys(&self) -> Result<Vec<ItemKey>> {
        each!(self, s => s.finished_keys())
    }

    fn item_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        each!(self, s => s.item_key(number))
    }

    fn finished_search_texts(&self) -> Result<Vec<(i64, String)>> {
        each!(self, s => s.finished_search_texts())
    }

    fn search_text(&self, id: i64) -> Result<Option<String>> {
        each!(self, s => s.search_text(id))
    }

    fn open_search_texts(&self) -> Result<Vec<(i64, String)>> {
        each!(self, s => s.open_search_texts())
    }

    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<ItemRow>> {
        each!(self, s => s.rows_by_id(ids))
    }

    fn ladders_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, LadderSoFar>> {
        each!(self, s => s.ladders_by_id(ids))
    }

    fn department_ids(&self) -> Result<Vec<(i64, String)>> {
        each!(self, s => s.department_ids())
    }

    fn departments(&self) -> Result<Vec<String>> {
        each!(self, s => s.departments())
    }

    fn item_detail(&self, number: ItemNumber) -> Result<ItemDetail> {
        each!(self, s => s.item_detail(number))
    }

    fn title_of(&self, number: ItemNumber) -> Result<Option<String>> {
        each!(self, s => s.title_of(number))
    }

    fn attachment_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        each!(self, s => s.attachment_file(sha256))
    }

    fn each_file(&self, each: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        each!(self, s => s.each_file(each))
    }

    fn item_count(&self) -> Result<i64> {
        each!(self, s => s.item_count())
    }

    fn status_counts(&self) -> Result<Vec<(Status, i64)>> {
        each!(self, s => s.status_counts())
    }

    fn decisions_on(&self, day: NaiveDate) -> Result<Vec<Logged>> {
        each!(self, s => s.decisions_on(day))
    }

    fn history(&self, number: ItemNumber) -> Result<Vec<Recorded>> {
        each!(self, s => s.history(number))
    }

    fn each_event(&self, each: impl FnMut(Recorded)) -> Result<()> {
        each!(self, s => s.each_event(each))
    }

    fn items_as_of(
        &self,
        from: NaiveDate,
        end: NaiveDate,
    ) -> Result<(Vec<ItemState>, HashMap<ItemNumber, NaiveDate>)> {
        each!(self, s => s.items_as_of(from, end))
    }

    fn fold_items_as_of<S: Send>(
        &self,
        from: NaiveDate,
        end: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &ItemState, Option<NaiveDate>) + Sync,
    ) -> Result<Vec<S>> {
        each!(self, s => s.fold_items_as_of(from, end, init, each))
    }

    fn event_count(&self) -> Result<i64> {
        each!(self, s => s.event_count())
    }

    fn each_chained(&self, each: &mut dyn FnMut(Chained<'_>)) -> Result<()> {
        each!(self, s => s.each_chained(each))
    }

    fn chain_head(
        &self,
        up_to: Option<NaiveDate>,
    ) -> Result<(Option<String>, i64, Option<String>)> {
        each!(self, s => s.chain_head(up_to))
    }

    fn chain_origins(&self) -> Result<Vec<ChainOrigin>> {
        each!(self, s => s.chain_origins())
    }

    fn export(&self, sink: &mut dyn ExportSink) -> Result<()> {
        each!(self, s => s.export(sink))
    }

    fn fold_stored_items<S: Send>(
        &self,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemDetail) + Sync,
    ) -> Result<Vec<S>> {
        each!(self, s => s.fold_stored_items(init, each))
    }
}

impl Backend for Store {
    fn write<T>(&mut self, ctx: &Ctx, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        each!(self, s => s.write(ctx, f))
    }

    fn bulk_write<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        each!(self, s => s.bulk_write(ctx, f))
    }

    fn import(&mut self, office: &Office) -> Result<Imported> {
        each!(self, s => s.import(office))
    }

    fn change_token(&self) -> Result<ChangeToken> {
        each!(self, s => s.change_token())
    }

    fn location(&self) -> Cow<'_, str> {
        each!(self, s => s.location())
    }

    fn daily_copy(
        &self,
        today: NaiveDate,
        backup: Backup,
    ) -> std::result::Result<Daily, BackupError> {
        each!(self, s => s.daily_copy(today, backup))
    }

    fn check_before_writing(&self) -> Result<()> {
        match self {
            Store::File(s) => Backend::check_before_writing(s),
            Store::Server(s) => Backend::check_before_writing(&**s),
        }
    }

    fn read_only(&self) -> bool {
        match self {
            Store::File(s) => Backend::read_only(s),
            Store::Server(s) => Backend::read_only(&**s),
        }
    }

    fn check_storage(&self, full: bool) -> Result<Vec<StorageProblem>> {
        each!(self, s => s.check_storage(full))
    }

    fn repair_guards(&mut self) -> Result<Vec<StorageProblem>> {
        each!(self, s => s.repair_guards())
    }

    fn elsewhere<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Self) -> Result<T> + Send + 'static,
    ) -> Result<Option<std::sync::mpsc::Receiver<Result<T>>>> {
        // The second handle is opened here, so that a file that cannot be opened again is
        // told at once; the server's is connected on the thread (a round trip or two).
        let second: Box<dyn FnOnce() -> Result<Store> + Send> = match self {
            Store::File(s) => match s.reader()? {
                Some(reader) => Box::new(move || Ok(Store::File(reader))),
                None => return Ok(None),
            },
            Store::Server(s) => {
                let (url, read_only) = (s.url().to_string(), s.read_only());
                Box::new(move || {
                    if read_only {
                        PgStore::open_read_only(&url).map(Store::from)
                    } else {
                        PgStore::open(&url).map(Store::from)
                    }
                })
            }
        };
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The interface may have moved on meanwhile: then no one is told.
            let _ = send.send(second().and_then(|store| work(&store)));
        });
        Ok(Some(receive))
    }
}

#[cfg(test)]
mod tests {
    /// The `fn` names of an `impl … for …` block in a source file.
    fn methods_of(source: &str, header: &str) -> Vec<String> {
        let Some(start) = source.find(header) else {
            return Vec::new();
        };
        // The block ends at the first line that closes it at the left margin.
        let block = &source[start..];
        let end = block.find("\n}\n").unwrap_or(block.len());
        block[..end]
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("fn "))
            .filter_map(|rest| rest.split(['<', '(']).next())
            .map(str::to_string)
            .collect()
    }

    /// A method a backend implements itself that the office's one store type did not pass on
    /// would silently take the trait's default (a backend's faster road lost, or its own
    /// behaviour).
    #[test]
    fn every_method_a_backend_implements_itself_is_passed_on_to_it() {
        let store = include_str!("either.rs");
        for (file, headers) in [
            (
                include_str!("sqlite/queries.rs"),
                ["impl Records for SqliteStore"],
            ),
            (
                include_str!("sqlite/mod.rs"),
                ["impl Backend for SqliteStore"],
            ),
            (
                include_str!("postgres/queries.rs"),
                ["impl Records for PgStore"],
            ),
            (
                include_str!("postgres/mod.rs"),
                ["impl Backend for PgStore"],
            ),
        ] {
            for header in headers {
                let own = methods_of(file, header);
                assert!(!own.is_empty(), "{header} not found");
                let passed: Vec<String> = methods_of(store, "impl Records for Store")
                    .into_iter()
                    .chain(methods_of(store, "impl Backend for Store"))
                    .collect();
                for m in own {
                    assert!(
                        passed.contains(&m),
                        "{header}: {m} is not passed on by Store"
                    );
                }
            }
        }
    }
}

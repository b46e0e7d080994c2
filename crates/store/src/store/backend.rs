//! The store's interface, in domain types: what the application reads ([`Records`]), what it
//! changes inside one transaction ([`WriteTx`]), and how a transaction is run and another
//! clerk's commit noticed ([`Backend`]).
//!
//! Nothing here names a database: the SQLite backend ([`super::sqlite`]) keeps its own
//! machinery (split reads on two connections, the write-behind row, index rebuilds for a bulk
//! write, `PRAGMA data_version`) behind these traits, and a server database (PostgreSQL, for
//! several offices) can be added beside it without changing the application.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::Ctx;
use super::backup::{Backup, BackupError, Daily};
use super::exchange::{ExportSink, Imported, Office};
use super::model::{
    ChainOrigin, Chained, ItemDetail, ItemEdit, ItemKey, ItemRow, ListFilter, Logged,
    NewAttachment, NewCommendation, NewFeedback, NewInstruction, NewItem, NewNote,
};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{ItemState, Recorded};
use crate::domain::item::ItemNumber;
use crate::domain::ladder::LadderSoFar;
use crate::domain::lifecycle::{Move, Status};
use crate::error::{Error, Result};

/// The state of the store as others left it: two tokens taken at two moments differ when
/// someone else (another connection, another workstation) committed in between. Whether this
/// connection's own commits change it is the backend's business; the application takes a new
/// token after its own writes. Another's commit may show a moment later than it returned there
/// (a server's notice takes milliseconds to arrive), never not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ChangeToken(i64);

impl ChangeToken {
    /// A token from a backend's own counter (SQLite's `data_version`, a server's change
    /// sequence).
    pub fn new(value: i64) -> Self {
        Self(value)
    }
}

/// What an undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversal {
    /// The batch of the action undone or redone.
    pub batch: i64,
    /// The items it touched, each once (in the order the backend took them back or again).
    pub items: Vec<ItemNumber>,
}

/// Reads: item lists, the whole record of one item, the history.
pub trait Records {
    /// Items matching the filter's stored columns, in no particular order. Lights are the
    /// rules' business: the caller assesses and filters by light.
    fn items(&self, filter: &ListFilter, today: NaiveDate) -> Result<Vec<ItemRow>> {
        let parts = self.fold_items(filter, today, Vec::new, |rows, row| rows.push(row))?;
        Ok(parts.into_iter().flatten().collect())
    }

    /// Items matching the filter's stored columns, each handed to `each` as it is read,
    /// together with a state that `init` makes for each reader; the states are returned. A
    /// backend may read in parallel (`each` then runs on its reading threads), so that the
    /// rules' reading and the output's encoding of a row happen while it is at hand.
    fn fold_items<S: Send>(
        &self,
        filter: &ListFilter,
        today: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemRow) + Sync,
    ) -> Result<Vec<S>>;

    /// The ranking facts of every open item.
    fn open_keys(&self, today: NaiveDate) -> Result<Vec<ItemKey>>;

    /// The ranking facts of one item, if it is open.
    fn open_key(&self, number: ItemNumber) -> Result<Option<ItemKey>>;

    /// The ranking facts of every finished item (completed, closed, cancelled), read when the
    /// interface first lists or searches them.
    fn finished_keys(&self) -> Result<Vec<ItemKey>>;

    /// The ranking facts of one item, whatever its status.
    fn item_key(&self, number: ItemNumber) -> Result<Option<ItemKey>>;

    /// Lower-case text a filter matches, per finished item (as `open_search_texts`).
    fn finished_search_texts(&self) -> Result<Vec<(i64, String)>>;

    /// The lower-case filter text of one item.
    fn search_text(&self, id: i64) -> Result<Option<String>>;

    /// Lower-case text a filter matches, per open item: number, title, department, owner,
    /// source reference.
    fn open_search_texts(&self) -> Result<Vec<(i64, String)>>;

    /// Full rows of the given items (any order; unknown ids are left out).
    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<ItemRow>>;

    /// What each item's notes say of the ladder so far (items without notes are absent).
    fn ladders_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, LadderSoFar>>;

    /// Departments with their ids, sorted by name.
    fn department_ids(&self) -> Result<Vec<(i64, String)>>;

    /// The names of all departments, sorted.
    fn departments(&self) -> Result<Vec<String>>;

    /// Everything about one item; [`Error::NoSuchItem`] when there is none with that number.
    fn item_detail(&self, number: ItemNumber) -> Result<ItemDetail>;

    /// The title of an item, if there is one with that number.
    fn title_of(&self, number: ItemNumber) -> Result<Option<String>>;

    /// The bytes of a file kept with an item, by their SHA-256 (`None` when the store holds no
    /// such file).
    fn attachment_file(&self, sha256: &str) -> Result<Option<Vec<u8>>>;

    /// Each file kept with an item, its address and bytes, one at a time (the audit hashes
    /// them again).
    fn each_file(&self, each: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()>;

    /// How many items the store holds.
    fn item_count(&self) -> Result<i64>;

    /// How many items of each status.
    fn status_counts(&self) -> Result<Vec<(Status, i64)>>;

    /// The decisions recorded on `day` (notes, feedback, commendations, extensions, lifecycle
    /// moves, snoozes), oldest first, leaving out those undone since (and not redone).
    fn decisions_on(&self, day: NaiveDate) -> Result<Vec<Logged>>;

    /// One item's history, decoded, in the order recorded: what
    /// [`replay`](crate::domain::history::replay) rebuilds it from.
    fn history(&self, number: ItemNumber) -> Result<Vec<Recorded>>;

    /// Every event of the office, decoded, in the order recorded, handed to `each` one at a
    /// time.
    fn each_event(&self, each: impl FnMut(Recorded)) -> Result<()>;

    /// The items a report of the period `from..=end` can hold, as they stood at the end of
    /// `end` (any day), and the day each of them cancelled by then was cancelled: what
    /// replaying the history to `end` gives (`report::judge::ItemsAtEnd::replayed`), read from
    /// what the store keeps of each item's days instead. Left out: items not registered by
    /// `end`, items completed or closed before `from` unless a note or commendation of theirs
    /// is dated within `from..=end` (the period's actions are all in its bulletin). Filled as of `end`: the columns the
    /// judging reads, title, owner, source ref, lead and co-departments (sorted); all the notes
    /// and commendations the item had; of the feedback only the latest day up to `end` (the
    /// judging reads nothing else of it); no requirement, instruction or leader, milestones or
    /// extensions (their effects are in the columns read); the other columns are left empty.
    /// A period ending today is read the same way (the days kept up to today are the items'
    /// stored state).
    fn items_as_of(
        &self,
        from: NaiveDate,
        end: NaiveDate,
    ) -> Result<(Vec<ItemState>, HashMap<ItemNumber, NaiveDate>)>;

    /// The items of [`Records::items_as_of`], each handed to `each` as it is read (with the day
    /// it was cancelled, if it was by `end`), together with a state that `init` makes for each
    /// reader; the states are returned. Nothing is kept of an item once `each` returns: a
    /// bulletin or an assessment is computed in one pass, in memory that does not grow with the
    /// office. A backend may read in parallel (`each` then runs on its reading threads, each
    /// reader's items in the order of their ids; the `ItemState` handed over may be the same
    /// one refilled). This default reads them all first.
    fn fold_items_as_of<S: Send>(
        &self,
        from: NaiveDate,
        end: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &ItemState, Option<NaiveDate>) + Sync,
    ) -> Result<Vec<S>> {
        let (items, cancelled) = self.items_as_of(from, end)?;
        let mut state = init();
        for item in &items {
            each(&mut state, item, cancelled.get(&item.number).copied());
        }
        Ok(vec![state])
    }

    /// How many events the store holds.
    fn event_count(&self) -> Result<i64>;

    /// Every event as stored, with its hash in the chain, in the order recorded, handed to
    /// `each` one at a time (the audit walks the chain again). A backend that keeps no chain
    /// says so.
    fn each_chained(&self, each: &mut dyn FnMut(Chained<'_>)) -> Result<()> {
        let _ = each;
        Err(Error::Database("this store keeps no hash chain".into()))
    }

    /// The chain's head as stored, without walking the chain: the last event's hash, how many
    /// events there are up to it and when it was recorded (`audit head`). With `up_to`, the
    /// head of the events dated on or before that day (a paper of a past period prints the same
    /// head however often it is printed again).
    fn chain_head(
        &self,
        up_to: Option<NaiveDate>,
    ) -> Result<(Option<String>, i64, Option<String>)> {
        let _ = up_to;
        Err(Error::Database("this store keeps no hash chain".into()))
    }

    /// Where the chain was computed for events already there (an older file's migration, an
    /// import), oldest first.
    fn chain_origins(&self) -> Result<Vec<ChainOrigin>> {
        Err(Error::Database("this store keeps no hash chain".into()))
    }

    /// The whole office, as one consistent state of the store, handed to `sink` part by part:
    /// the departments, every item with its records (ids rising, records by id), every event
    /// as stored (in the order recorded).
    fn export(&self, sink: &mut dyn ExportSink) -> Result<()>;

    /// Every item with its records, as [`Records::export`] hands them over, each handed to
    /// `each` together with a state that `init` makes for each reader; the states are returned.
    /// A backend may read in parallel (`each` then runs on its reading threads, each reader's
    /// items in the order of their ids): the audit compares the items with their replayed
    /// history as they are read, half of them on each of two threads.
    fn fold_stored_items<S: Send>(
        &self,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemDetail) + Sync,
    ) -> Result<Vec<S>>
    where
        Self: Sized,
    {
        let mut sink = super::exchange::EachItem {
            state: init(),
            each: &each,
        };
        self.export(&mut sink)?;
        Ok(vec![sink.state])
    }
}

/// The changes one transaction makes, each appending its typed event in that transaction.
/// The rules are the domain's; an implementation loads what they need and writes what they
/// decide. `expected_version` is the version of the item the clerk saw: a change made from a
/// stale view is refused with [`Error::Stale`].
pub trait WriteTx {
    /// Moves the transaction's clock, for replaying an office's past (the sample office).
    fn set_clock(&mut self, today: NaiveDate, now: NaiveDateTime);

    /// Records the following changes under another name.
    fn set_actor(&mut self, actor: &str);

    fn actor(&self) -> &str;

    fn today(&self) -> NaiveDate;

    /// Says that the items written so far in a bulk write are complete: what the store keeps
    /// of them may be computed now rather than at the commit, so that a bulk write (the sample
    /// office) need not hold its whole history until then. Nothing else changes; an item
    /// written again later is computed again at the commit.
    fn settle(&mut self) -> Result<()> {
        Ok(())
    }

    /// The item with this number, as it is inside this transaction.
    fn item(&self, number: ItemNumber) -> Result<ItemRow>;

    /// Refuses a change made from a stale view: `expected` is the version the clerk saw.
    fn check_version(&self, row: &ItemRow, expected: Option<i64>) -> Result<()> {
        match expected {
            Some(v) if v != row.version => Err(Error::Stale {
                expected: v,
                found: row.version,
            }),
            _ => Ok(()),
        }
    }

    /// Registers an item and gives its number.
    fn add_item(&mut self, new: &NewItem) -> Result<ItemNumber>;

    /// Changes an item's editable fields; whether anything changed.
    fn edit_item(
        &self,
        number: ItemNumber,
        edit: &ItemEdit,
        expected_version: Option<i64>,
    ) -> Result<bool>;

    /// Records a feedback; its id.
    fn add_feedback(
        &self,
        number: ItemNumber,
        fb: &NewFeedback,
        expected_version: Option<i64>,
    ) -> Result<i64>;

    /// Records an accountability note; its id.
    fn add_note(
        &self,
        number: ItemNumber,
        note: &NewNote,
        expected_version: Option<i64>,
    ) -> Result<i64>;

    /// Records a commendation (off the ladder); its id.
    fn add_commendation(
        &self,
        number: ItemNumber,
        commendation: &NewCommendation,
        expected_version: Option<i64>,
    ) -> Result<i64>;

    /// Keeps a file with an item (交办原件, 办结报告, 佐证材料); its id.
    fn attach(
        &self,
        number: ItemNumber,
        attachment: &NewAttachment,
        expected_version: Option<i64>,
    ) -> Result<i64>;

    /// Records a leader's instruction during handling (领导批示): its id, and what it did to the
    /// item (a new requirement's deadline, a reopening).
    fn add_instruction(
        &self,
        number: ItemNumber,
        instruction: &NewInstruction,
        expected_version: Option<i64>,
    ) -> Result<(i64, crate::domain::instruction::InstructionEffect)>;

    /// Snoozes an item until a day (or wakes it, with `None`).
    fn snooze(
        &self,
        number: ItemNumber,
        until: Option<NaiveDate>,
        reason: &str,
        expected_version: Option<i64>,
    ) -> Result<()>;

    /// Moves an item through its lifecycle; its new status.
    fn apply_move(
        &self,
        number: ItemNumber,
        mv: Move,
        reason: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<Status> {
        self.apply_move_by(number, mv, reason, None, expected_version)
    }

    /// [`WriteTx::apply_move`] naming a person: who acknowledged (签收人), or the leader who
    /// approved a suspension (批准人).
    fn apply_move_by(
        &self,
        number: ItemNumber,
        mv: Move,
        reason: Option<&str>,
        by: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<Status>;

    /// Submits an item for review, with its completion report.
    fn submit(
        &self,
        number: ItemNumber,
        report: Option<&NewFeedback>,
        expected_version: Option<i64>,
    ) -> Result<Status>;

    /// Asks for a later deadline; the request's id.
    fn request_extension(
        &self,
        number: ItemNumber,
        new_deadline: NaiveDate,
        reason: &str,
    ) -> Result<i64>;

    /// Decides the pending extension request.
    fn decide_extension(&self, number: ItemNumber, approve: bool) -> Result<ExtensionDecision> {
        self.decide_extension_by(number, approve, None)
    }

    /// [`WriteTx::decide_extension`] naming the leader who decided it (批准人).
    fn decide_extension_by(
        &self,
        number: ItemNumber,
        approve: bool,
        by: Option<&str>,
    ) -> Result<ExtensionDecision>;

    /// Adds a milestone; its number among the item's milestones (from 1, as `complete_milestone`
    /// takes it).
    fn add_milestone(&self, number: ItemNumber, title: &str, due_on: NaiveDate) -> Result<i64>;

    /// Marks the item's milestone `no` (from 1) done.
    fn complete_milestone(&self, number: ItemNumber, no: i64) -> Result<()>;

    /// Takes back the clerk's last action, if there is one.
    fn undo(&mut self) -> Result<Option<Reversal>>;

    /// Does the clerk's last undone action again, if there is one.
    fn redo(&mut self) -> Result<Option<Reversal>>;
}

/// A store: its reads, and transactions of changes.
pub trait Backend: Records {
    /// Runs `f` as one transaction: all of it is committed, or none of it.
    fn write<T>(&mut self, ctx: &Ctx, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T>;

    /// Like [`Backend::write`], for one large write into a store no one else is using (the
    /// sample office); a backend may take a faster road to the same result, as atomic and
    /// durable as any other write.
    fn bulk_write<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.write(ctx, f)
    }

    /// Writes a whole office into this empty store in one transaction, keeping every id, the
    /// events' payload bytes and their batches: all of it, or (on any fault, or when the store
    /// holds anything already: [`ImportRefusal::NotEmpty`]) none of it. The office is checked
    /// by the caller first (`exchange::read`); the store's own constraints still hold.
    ///
    /// [`ImportRefusal::NotEmpty`]: crate::domain::import::ImportRefusal::NotEmpty
    fn import(&mut self, office: &Office) -> Result<Imported>;

    /// The store's state as others left it; see [`ChangeToken`].
    fn change_token(&self) -> Result<ChangeToken>;

    /// Where the store is, as the clerk is shown it (a file's path).
    fn location(&self) -> Cow<'_, str>;

    /// Today's copy of the office, as `backup` asks (how many days of copies are kept), unless
    /// it is already made; the command line and the interface ask it on the first open of a
    /// day for writing. A backend whose office is not a file it can copy (a server keeps its
    /// own) makes none and says [`Daily::NotAFile`].
    fn daily_copy(
        &self,
        today: NaiveDate,
        backup: Backup,
    ) -> std::result::Result<Daily, BackupError> {
        let _ = (today, backup);
        Ok(Daily::NotAFile)
    }

    /// Before the first write of a command or of the interface: the storage's quick check, so
    /// that nothing is written into an office found damaged ([`crate::error::Error::Damaged`]).
    /// A backend whose storage checks itself does nothing.
    fn check_before_writing(&self) -> Result<()> {
        Ok(())
    }

    /// Whether the office was opened for reading only (`--read-only`, or a backend's copy of
    /// an office): every write is refused.
    fn read_only(&self) -> bool {
        false
    }

    /// The storage's own checks (`duban check`): its pages (`full`: every page and index, not
    /// only a quick pass), its references, and the guards that keep the history append-only.
    /// Each problem found; none when all is well.
    fn check_storage(&self, full: bool) -> Result<Vec<super::StorageProblem>> {
        let _ = full;
        Ok(Vec::new())
    }

    /// Puts back the guards of the history that were dropped or altered; each guard found so,
    /// as it was found.
    fn repair_guards(&mut self) -> Result<Vec<super::StorageProblem>> {
        Ok(Vec::new())
    }

    /// Runs `work` on another thread over a second, read-only handle on the same office, and
    /// hands what it gives back through the channel returned, so that the interface stays live
    /// meanwhile (the report screen's figures and sparkline take a fraction of a second to
    /// seconds at 100,000 items). `None` where the office cannot be shared with another thread
    /// (in memory): the caller then does the work itself.
    fn elsewhere<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Self) -> Result<T> + Send + 'static,
    ) -> Result<Option<std::sync::mpsc::Receiver<Result<T>>>>
    where
        Self: Sized,
    {
        let _ = work;
        Ok(None)
    }
}

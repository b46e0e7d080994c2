//! The row-level primitives a backend gives the store's writes: load and write an item's row,
//! add, change and remove the records of an item, append and read events, keep an item's days.
//!
//! Everything a write decides (which rule to ask, which columns change, which event is written,
//! what an undo puts back) is written once above this trait, in [`super::orchestrate`]; a
//! backend only stores and reads what it is handed. That keeps a second database to its own
//! queries: SQLite's machinery (the row written behind, the batches' index, the busy wait)
//! stays behind its implementation (`sqlite/rows/`).
//!
//! Every primitive runs inside the backend's one transaction of the write.

use chrono::NaiveDate;

use super::kept_days::Days;
use super::model::{ItemRow, NewItem};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Change, Column, EventCode, Recorded, Value};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::error::Result;

/// A record added to an item, with what the store keeps of it (the item is named apart).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Record<'a> {
    Feedback {
        on_date: NaiveDate,
        reporter: &'a str,
        text: &'a str,
        percent: Option<u8>,
        kind: FeedbackKind,
    },
    Note {
        on_date: NaiveDate,
        level: Level,
        target: &'a str,
        reason: &'a str,
        points: Option<f64>,
        requirement: &'a str,
    },
    Commendation {
        on_date: NaiveDate,
        target: &'a str,
        reason: &'a str,
        points: f64,
    },
    Instruction {
        on_date: NaiveDate,
        leader: &'a str,
        sense: InstructionSense,
        text: &'a str,
        deadline: Option<NaiveDate>,
    },
    /// A file kept with the item (its bytes are put apart, [`Rows::put_file`]).
    Attachment {
        on_date: NaiveDate,
        name: &'a str,
        kind: crate::domain::attachment::AttachmentKind,
        size: u64,
        sha256: &'a str,
        note: &'a str,
    },
    /// A request for a later deadline, pending until decided.
    Extension {
        requested_on: NaiveDate,
        old_deadline: Option<NaiveDate>,
        new_deadline: NaiveDate,
        reason: &'a str,
    },
    Milestone {
        title: &'a str,
        due_on: NaiveDate,
    },
}

/// Which kind of record an id names (ids are per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Feedback,
    Note,
    Commendation,
    Instruction,
    Attachment,
    Extension,
    Milestone,
}

impl RecordKind {
    /// The table a kind of record is kept in (the same in every backend).
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Feedback => "feedback",
            RecordKind::Note => "notes",
            RecordKind::Commendation => "commendations",
            RecordKind::Instruction => "leader_instructions",
            RecordKind::Attachment => "attachments",
            RecordKind::Extension => "extensions",
            RecordKind::Milestone => "milestones",
        }
    }
}

/// The changes a record takes after it is added: an extension's decision (pending again when
/// undone), a milestone's day done (none when undone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordChange {
    Extension {
        id: i64,
        decision: ExtensionDecision,
        decided_on: Option<NaiveDate>,
    },
    Milestone {
        id: i64,
        done_on: Option<NaiveDate>,
    },
}

/// An extension request of an item, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionRow {
    pub id: i64,
    /// The deadline the request moves (none when the item had no deadline).
    pub old_deadline: Option<NaiveDate>,
    pub new_deadline: NaiveDate,
    pub decision: ExtensionDecision,
}

/// A milestone of an item, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneRow {
    pub id: i64,
    pub due_on: NaiveDate,
    pub done: bool,
}

/// An event to append: the batch of its transaction, who and when, the item it is about (none
/// for a department), its kind and its canonical bytes (`store::event_codec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEvent<'a> {
    /// Its hash in the chain (`domain::history::chain`), after the last event's.
    pub hash: crate::domain::history::chain::Hash,
    pub batch: i64,
    /// When, as stored and hashed (`YYYY-MM-DDTHH:MM:SS`): written out once for both.
    pub at: &'a str,
    /// Its day, as stored and hashed (`YYYY-MM-DD`).
    pub on_date: &'a str,
    pub actor: &'a str,
    pub item_id: Option<i64>,
    pub kind: EventCode,
    pub data: &'a str,
}

/// An event as stored, its payload not yet decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    /// The batch of the event (in [`Rows::batch_events`], the batch asked for).
    pub batch: i64,
    pub item_id: Option<i64>,
    pub on_date: NaiveDate,
    /// The kind's code, as stored (`EventCode::code`).
    pub kind: String,
    pub data: String,
}

/// Who last changed an item, when (as stored: `YYYY-MM-DDTHH:MM:SS`) and by which kind of event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub actor: String,
    pub at: String,
    pub kind: String,
}

/// The row-level operations of one write transaction. Methods take `&self`: a backend keeps
/// what it must (a row written behind, the batch it has indexed) in cells of its own.
pub trait Rows {
    /// The batch number this transaction's events take: one more than the last event's.
    fn next_batch(&self) -> Result<i64>;

    /// The item with this number as it stands in this transaction (including changes handed to
    /// [`Rows::write_row`] and not yet written), or `None`.
    fn item(&self, number: ItemNumber) -> Result<Option<ItemRow>>;

    /// Keeps the item's columns that follow from its records and moves (every column that is
    /// not descriptive) and its version, as `row` holds them. A backend may write them later,
    /// as long as every read in the transaction sees them and they are written by its commit.
    fn write_row(&self, row: ItemRow) -> Result<()>;

    /// The value a column of an item holds now (a descriptive column too, such as the
    /// requirement, which a row does not carry), and the item's version.
    fn column(&self, item_id: i64, column: Column) -> Result<(Value, i64)>;

    /// Writes each change's `after` value at once, and raises the item's version by one; the
    /// version after.
    fn put_columns(&self, item_id: i64, changes: &[Change]) -> Result<i64>;

    /// The id of the department with this name, created when there is none; and whether it was
    /// created.
    fn department(&self, name: &str) -> Result<(i64, bool)>;

    /// Adds an item as registered (its deadline already the one that counts), with its lead
    /// department's id and its co-departments' ids (each once, the lead left out): its id and
    /// its number, the next of its registration year.
    fn insert_item(&self, new: &NewItem, lead: i64, co: &[i64]) -> Result<(i64, ItemNumber)>;

    /// Adds a record to an item: with `id`, that id (a redo puts a record back as it was),
    /// otherwise the next; the id.
    fn insert_record(&self, item_id: i64, id: Option<i64>, record: &Record<'_>) -> Result<i64>;

    /// Keeps a file's bytes under their SHA-256 (`sha256`, computed by the caller), once: the
    /// same bytes put again are not stored twice. Bytes are never removed (an undone
    /// attachment's redo, or another item's attachment, reads them).
    fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<()>;

    /// Removes a record (an undo of what added it).
    fn delete_record(&self, kind: RecordKind, id: i64) -> Result<()>;

    /// Changes a record added before.
    fn update_record(&self, change: RecordChange) -> Result<()>;

    /// The item's extension requests, oldest first.
    fn extensions(&self, item_id: i64) -> Result<Vec<ExtensionRow>>;

    /// The item's milestones, in the order added.
    fn milestones(&self, item_id: i64) -> Result<Vec<MilestoneRow>>;

    /// Appends an event; its id. Ids rise with every event, and a batch's events are
    /// consecutive.
    fn append_event(&self, event: &NewEvent<'_>) -> Result<i64>;

    /// The events of one batch, in the order appended.
    fn batch_events(&self, batch: i64) -> Result<Vec<StoredEvent>>;

    /// The first event of each of `actor`'s batches among the last `how_many` batches of the
    /// store, oldest first: what undo reads to know which of the clerk's actions stand.
    fn recent_batches(&self, actor: &str, how_many: i64) -> Result<Vec<StoredEvent>>;

    /// The id of the last event appended (0 when there is none).
    fn last_event_id(&self) -> Result<i64>;

    /// The hash of the last event appended: the chain's head (`chain::GENESIS` when there is
    /// no event).
    fn last_hash(&self) -> Result<crate::domain::history::chain::Hash>;

    /// The last event about the item with an id in `after + 1..=up_to`, if any.
    fn last_change(&self, item_id: i64, after: i64, up_to: i64) -> Result<Option<LastChange>>;

    /// The item's events, decoded, in the order recorded (its days are computed from them).
    fn item_events(&self, item_id: i64) -> Result<Vec<Recorded>>;

    /// Keeps the item's days (`store::kept_days`) in place of those kept before: what a
    /// bulletin of any period reads of it.
    fn write_days(&self, item_id: i64, days: &Days) -> Result<()>;
}

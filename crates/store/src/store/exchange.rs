//! An office as a whole, for export and import: its departments, every item with its records,
//! and every event as stored (payload bytes as they are), in domain types.

use chrono::{NaiveDate, NaiveDateTime};

use super::model::ItemDetail;
use crate::domain::history::EventCode;
use crate::domain::item::ItemNumber;
use crate::error::Result;

/// A department with its id (events and items name it by name, the database by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: i64,
    pub name: String,
}

/// One event as the history holds it: who, when, which batch, and its payload's bytes
/// undecoded (`docs/events.md`), so that an office moved elsewhere keeps the very same history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub batch: i64,
    pub at: NaiveDateTime,
    pub on_date: NaiveDate,
    pub actor: String,
    /// The item the event is filed under, if any.
    pub item: Option<ItemNumber>,
    pub kind: EventCode,
    pub data: String,
}

/// The bytes of a file kept with an item, under their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// A whole office: what an import writes into an empty store. Items carry their records (their
/// `events` are left empty: the history is `events`, in the order recorded).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Office {
    pub departments: Vec<Department>,
    pub items: Vec<ItemDetail>,
    pub events: Vec<StoredEvent>,
    /// The files kept with its items, each once (an attachment undone keeps its file, for the
    /// redo).
    pub files: Vec<StoredFile>,
    /// Where the original's chain was computed for events already there (`duban db copy`
    /// carries them over, as the copy's chain is the original's); `None` for an import, whose
    /// chain is computed afresh from the import on and says so.
    pub chain_origins: Option<Vec<super::ChainOrigin>>,
}

/// How much an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub departments: usize,
    pub items: usize,
    pub events: usize,
}

/// Where an export goes, one part at a time (an office of 100,000 items is not held in memory
/// whole): first the departments, then each item with its records in the order of their ids,
/// then each event in the order recorded.
pub trait ExportSink {
    fn departments(&mut self, departments: &[Department]) -> Result<()>;
    fn item(&mut self, item: &ItemDetail) -> Result<()>;
    fn event(&mut self, event: &StoredEvent) -> Result<()>;

    /// A file kept with an item, after the events, one at a time: a sink that keeps none (the
    /// audit's comparison, a list) leaves this as it is and [`ExportSink::wants_files`] false.
    fn file(&mut self, file: &StoredFile) -> Result<()> {
        let _ = file;
        Ok(())
    }

    /// Whether the files' bytes are wanted at all.
    fn wants_files(&self) -> bool {
        false
    }

    /// Whether the events are wanted at all: a sink that looks at the items alone (the audit's
    /// comparison, which has walked the events already) spares the store reading and decoding
    /// the whole history a second time (700,000 events in the 100,000-item sample office).
    fn wants_events(&self) -> bool {
        true
    }
}

/// An export sink that keeps the whole office in memory (`duban db copy`, the contract's
/// checks).
#[derive(Default)]
pub struct Collect(pub Office);

impl ExportSink for Collect {
    fn departments(&mut self, departments: &[Department]) -> Result<()> {
        self.0.departments = departments.to_vec();
        Ok(())
    }
    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        self.0.items.push(item.clone());
        Ok(())
    }
    fn event(&mut self, event: &StoredEvent) -> Result<()> {
        self.0.events.push(event.clone());
        Ok(())
    }
    fn file(&mut self, file: &StoredFile) -> Result<()> {
        self.0.files.push(file.clone());
        Ok(())
    }
    fn wants_files(&self) -> bool {
        true
    }
}

/// The whole office as the store exports it.
pub fn exported<R: super::Records + ?Sized>(store: &R) -> Result<Office> {
    let mut sink = Collect::default();
    store.export(&mut sink)?;
    Ok(sink.0)
}

/// Hands each item an export hands over, copied, to `each` with `state`: what
/// [`super::Records::fold_stored_items`] does by default.
pub(crate) struct EachItem<'a, S, F> {
    pub state: S,
    pub each: &'a F,
}

impl<S, F: Fn(&mut S, ItemDetail)> ExportSink for EachItem<'_, S, F> {
    fn departments(&mut self, _: &[Department]) -> Result<()> {
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        (self.each)(&mut self.state, item.clone());
        Ok(())
    }

    fn event(&mut self, _: &StoredEvent) -> Result<()> {
        Ok(())
    }

    fn wants_events(&self) -> bool {
        false
    }
}

/// Refuses an office whose files are not what their addresses say (bytes altered on the way),
/// or whose attachments name a file it does not carry or give another size: what an import
/// checks before it writes anything.
pub fn check_files(office: &Office) -> Result<()> {
    use crate::domain::import::{ImportRefusal, Reference, RowProblem};
    let mut sizes = std::collections::HashMap::new();
    for (i, f) in office.files.iter().enumerate() {
        let actual = crate::domain::attachment::address(&f.bytes);
        if actual != f.sha256 {
            return Err(ImportRefusal::row(
                format!("files[{i}]"),
                "sha256",
                RowProblem::Payload {
                    reason: format!(
                        "the bytes hash to {actual}, not to the address given: the file was altered"
                    ),
                },
            )
            .into());
        }
        sizes.insert(f.sha256.as_str(), f.bytes.len() as u64);
    }
    for (i, item) in office.items.iter().enumerate() {
        for (k, a) in item.attachments.iter().enumerate() {
            match sizes.get(a.sha256.as_str()) {
                None => {
                    return Err(ImportRefusal::row(
                        format!("items[{i}].attachments[{k}]"),
                        "sha256",
                        RowProblem::UnknownReference {
                            what: Reference::File,
                            got: a.sha256.clone(),
                        },
                    )
                    .into());
                }
                Some(size) if *size != a.size => {
                    return Err(ImportRefusal::row(
                        format!("items[{i}].attachments[{k}]"),
                        "size",
                        RowProblem::DisagreesWithHistory {
                            what: format!("size {} (the file holds {size} bytes)", a.size),
                        },
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

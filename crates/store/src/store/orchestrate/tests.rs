//! The orchestration over a backend that is not SQLite: a few vectors in memory implement the
//! row-level primitives, and the verbs, undo and redo run over them unchanged. What a second
//! backend must provide is the trait, nothing of SQLite's.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::Writer;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Change, Column, Recorded, Value};
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::error::Result;
use crate::store::kept_days::Days;
use crate::store::model::{ItemRow, NewFeedback, NewItem};
use crate::store::rows::{
    ExtensionRow, LastChange, MilestoneRow, NewEvent, Record, RecordChange, RecordKind, Rows,
    StoredEvent,
};
use crate::store::{Ctx, WriteTx, event_codec, item_columns};

/// An event as the memory keeps it: as stored, with its clerk and moment.
struct Kept {
    event: StoredEvent,
    actor: String,
    at: String,
    hash: crate::domain::history::chain::Hash,
}

/// Every primitive over plain vectors.
#[derive(Default)]
struct Memory {
    /// Each item's row and requirement (the one column the row does not carry).
    items: RefCell<Vec<(ItemRow, String)>>,
    departments: RefCell<Vec<String>>,
    /// Feedback, notes, commendations and instructions: kind, id, item.
    records: RefCell<Vec<(RecordKind, i64, i64)>>,
    extensions: RefCell<Vec<(i64, ExtensionRow)>>,
    milestones: RefCell<Vec<(i64, MilestoneRow)>>,
    events: RefCell<Vec<Kept>>,
    /// How many days each item has kept.
    days: RefCell<HashMap<i64, usize>>,
}

impl Memory {
    fn next_id(&self, kind: RecordKind) -> i64 {
        let records = self.records.borrow();
        let of_kind = records.iter().filter(|r| r.0 == kind).map(|r| r.1);
        let ids: Vec<i64> = match kind {
            RecordKind::Extension => self.extensions.borrow().iter().map(|e| e.1.id).collect(),
            RecordKind::Milestone => self.milestones.borrow().iter().map(|m| m.1.id).collect(),
            _ => of_kind.collect(),
        };
        ids.into_iter().max().unwrap_or(0) + 1
    }

    fn row(&self, item_id: i64) -> (ItemRow, String) {
        self.items
            .borrow()
            .iter()
            .find(|(r, _)| r.id == item_id)
            .cloned()
            .unwrap()
    }
}

impl Rows for Memory {
    fn next_batch(&self) -> Result<i64> {
        Ok(self.events.borrow().last().map_or(0, |e| e.event.batch) + 1)
    }

    fn item(&self, number: ItemNumber) -> Result<Option<ItemRow>> {
        let items = self.items.borrow();
        Ok(items
            .iter()
            .find(|(r, _)| r.number == number)
            .map(|(r, _)| r.clone()))
    }

    fn write_row(&self, row: ItemRow) -> Result<()> {
        for (kept, _) in self.items.borrow_mut().iter_mut() {
            if kept.id == row.id {
                *kept = row.clone();
            }
        }
        Ok(())
    }

    fn column(&self, item_id: i64, column: Column) -> Result<(Value, i64)> {
        let (row, requirement) = self.row(item_id);
        let value = match column {
            Column::Requirement => Value::Text(requirement),
            other => item_columns::get(&row, other),
        };
        Ok((value, row.version))
    }

    fn put_columns(&self, item_id: i64, changes: &[Change]) -> Result<i64> {
        let mut items = self.items.borrow_mut();
        let (row, requirement) = items.iter_mut().find(|(r, _)| r.id == item_id).unwrap();
        for c in changes {
            match c.column {
                Column::Requirement => *requirement = c.after.as_text().unwrap_or("").into(),
                other => item_columns::set(row, other, &c.after),
            }
        }
        row.version += 1;
        Ok(row.version)
    }

    fn department(&self, name: &str) -> Result<(i64, bool)> {
        let mut departments = self.departments.borrow_mut();
        let found = departments.iter().position(|d| d == name);
        let created = found.is_none();
        let at = found.unwrap_or_else(|| {
            departments.push(name.to_string());
            departments.len() - 1
        });
        Ok((i64::try_from(at).unwrap() + 1, created))
    }

    fn insert_item(&self, new: &NewItem, _lead: i64, _co: &[i64]) -> Result<(i64, ItemNumber)> {
        let mut items = self.items.borrow_mut();
        let year = chrono::Datelike::year(&new.registered_on);
        let seq = items
            .iter()
            .filter(|(r, _)| r.number.year == year)
            .map(|(r, _)| r.number.seq)
            .max()
            .unwrap_or(0)
            + 1;
        let id = i64::try_from(items.len()).unwrap() + 1;
        let number = ItemNumber { year, seq };
        items.push((
            ItemRow::registered(id, number, new),
            new.requirement.clone(),
        ));
        Ok((id, number))
    }

    fn put_file(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn insert_record(&self, item_id: i64, id: Option<i64>, record: &Record<'_>) -> Result<i64> {
        let kind = match record {
            Record::Feedback { .. } => RecordKind::Feedback,
            Record::Note { .. } => RecordKind::Note,
            Record::Commendation { .. } => RecordKind::Commendation,
            Record::Instruction { .. } => RecordKind::Instruction,
            Record::Attachment { .. } => RecordKind::Attachment,
            Record::Extension { .. } => RecordKind::Extension,
            Record::Milestone { .. } => RecordKind::Milestone,
        };
        let id = id.unwrap_or_else(|| self.next_id(kind));
        match *record {
            Record::Extension {
                old_deadline,
                new_deadline,
                ..
            } => self.extensions.borrow_mut().push((
                item_id,
                ExtensionRow {
                    id,
                    old_deadline,
                    new_deadline,
                    decision: ExtensionDecision::Pending,
                },
            )),
            Record::Milestone { due_on, .. } => self.milestones.borrow_mut().push((
                item_id,
                MilestoneRow {
                    id,
                    due_on,
                    done: false,
                },
            )),
            _ => self.records.borrow_mut().push((kind, id, item_id)),
        }
        Ok(id)
    }

    fn delete_record(&self, kind: RecordKind, id: i64) -> Result<()> {
        match kind {
            RecordKind::Extension => self.extensions.borrow_mut().retain(|e| e.1.id != id),
            RecordKind::Milestone => self.milestones.borrow_mut().retain(|m| m.1.id != id),
            _ => self
                .records
                .borrow_mut()
                .retain(|r| (r.0, r.1) != (kind, id)),
        }
        Ok(())
    }

    fn update_record(&self, change: RecordChange) -> Result<()> {
        match change {
            RecordChange::Extension { id, decision, .. } => {
                for (_, e) in self.extensions.borrow_mut().iter_mut() {
                    if e.id == id {
                        e.decision = decision;
                    }
                }
            }
            RecordChange::Milestone { id, done_on } => {
                for (_, m) in self.milestones.borrow_mut().iter_mut() {
                    if m.id == id {
                        m.done = done_on.is_some();
                    }
                }
            }
        }
        Ok(())
    }

    fn extensions(&self, item_id: i64) -> Result<Vec<ExtensionRow>> {
        let all = self.extensions.borrow();
        Ok(all.iter().filter(|e| e.0 == item_id).map(|e| e.1).collect())
    }

    fn milestones(&self, item_id: i64) -> Result<Vec<MilestoneRow>> {
        let all = self.milestones.borrow();
        Ok(all.iter().filter(|m| m.0 == item_id).map(|m| m.1).collect())
    }

    fn append_event(&self, e: &NewEvent<'_>) -> Result<i64> {
        let mut events = self.events.borrow_mut();
        let id = i64::try_from(events.len()).unwrap() + 1;
        events.push(Kept {
            event: StoredEvent {
                id,
                batch: e.batch,
                item_id: e.item_id,
                on_date: crate::store::dates::parse_day_bytes(e.on_date.as_bytes()).unwrap(),
                kind: e.kind.code().to_string(),
                data: e.data.to_string(),
            },
            actor: e.actor.to_string(),
            at: e.at.to_string(),
            hash: e.hash,
        });
        Ok(id)
    }

    fn last_hash(&self) -> Result<crate::domain::history::chain::Hash> {
        Ok(self
            .events
            .borrow()
            .last()
            .map_or(crate::domain::history::chain::GENESIS, |k| k.hash))
    }

    fn batch_events(&self, batch: i64) -> Result<Vec<StoredEvent>> {
        let events = self.events.borrow();
        Ok(events
            .iter()
            .filter(|e| e.event.batch == batch)
            .map(|e| e.event.clone())
            .collect())
    }

    fn recent_batches(&self, actor: &str, how_many: i64) -> Result<Vec<StoredEvent>> {
        let events = self.events.borrow();
        let last = events.last().map_or(0, |e| e.event.batch);
        let mut starts: Vec<StoredEvent> = Vec::new();
        for e in events.iter() {
            let first = starts.last().is_none_or(|s| s.batch != e.event.batch);
            if first && e.actor == actor && e.event.batch > last - how_many {
                starts.push(e.event.clone());
            }
        }
        Ok(starts)
    }

    fn last_event_id(&self) -> Result<i64> {
        Ok(i64::try_from(self.events.borrow().len()).unwrap())
    }

    fn last_change(&self, item_id: i64, after: i64, up_to: i64) -> Result<Option<LastChange>> {
        let events = self.events.borrow();
        Ok(events
            .iter()
            .rev()
            .find(|e| e.event.item_id == Some(item_id) && e.event.id > after && e.event.id <= up_to)
            .map(|e| LastChange {
                actor: e.actor.clone(),
                at: e.at.clone(),
                kind: e.event.kind.clone(),
            }))
    }

    fn item_events(&self, item_id: i64) -> Result<Vec<Recorded>> {
        let events = self.events.borrow();
        events
            .iter()
            .filter(|e| e.event.item_id == Some(item_id))
            .map(|e| {
                Ok(Recorded {
                    id: e.event.id,
                    on_date: e.event.on_date,
                    kind: event_codec::decode(e.event.id, &e.event.kind, &e.event.data)?,
                })
            })
            .collect()
    }

    fn write_days(&self, item_id: i64, days: &Days) -> Result<()> {
        self.days.borrow_mut().insert(item_id, days.len());
        Ok(())
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn ctx(today: NaiveDate) -> Ctx {
    Ctx {
        actor: "督查员".into(),
        now: today.and_hms_opt(9, 0, 0).unwrap(),
        today,
        ..Ctx::default()
    }
}

/// Runs `f` as one transaction of the memory backend, its days kept at the end.
fn write<T>(memory: &Memory, today: NaiveDate, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> T {
    let mut writer = Writer::new(memory, &ctx(today), memory.next_batch().unwrap());
    let value = f(&mut writer).unwrap();
    writer.keep_days().unwrap();
    value
}

#[test]
fn the_verbs_undo_and_redo_run_over_a_backend_that_is_not_sqlite() {
    let memory = Memory::default();
    let number = write(&memory, day(24), |w| {
        w.add_item(&NewItem {
            title: "老旧小区改造".into(),
            requirement: "年底前完成".into(),
            source_kind: SourceKind::Meeting,
            source_ref: String::new(),
            instruction: None,
            leader: None,
            lead: "住建局".into(),
            co: vec!["财政局".into(), "住建局".into()],
            owner: String::new(),
            flags: Flags::default(),
            urgent: false,
            cadence: Cadence::Once,
            deadline: Some(day(30)),
            no_deadline_reason: None,
            registered_on: day(24),
            origin: None,
        })
    });
    assert_eq!(number, ItemNumber { year: 2026, seq: 1 });
    assert_eq!(*memory.departments.borrow(), ["住建局", "财政局"]);
    let feedback = write(&memory, day(25), |w| {
        w.add_feedback(
            number,
            &NewFeedback {
                text: "已开工".into(),
                percent: Some(40),
                reporter: "张三".into(),
                kind: FeedbackKind::Progress,
            },
            None,
        )
    });
    let row = memory.item(number).unwrap().unwrap();
    assert_eq!(
        (row.last_feedback_on, row.last_percent),
        (Some(day(25)), Some(40))
    );
    assert_eq!(row.version, 2);
    assert_eq!(memory.records.borrow().len(), 1);
    // Two days kept: registered, then the feedback's.
    assert_eq!(memory.days.borrow().get(&row.id), Some(&2));

    let undone = write(&memory, day(25), |w| w.undo()).unwrap();
    assert_eq!((undone.batch, undone.items), (2, vec![number]));
    let row = memory.item(number).unwrap().unwrap();
    assert_eq!((row.last_feedback_on, row.last_percent), (None, None));
    assert_eq!(row.version, 3);
    assert!(memory.records.borrow().is_empty());
    assert_eq!(memory.days.borrow().get(&row.id), Some(&1));

    let redone = write(&memory, day(25), |w| w.redo()).unwrap();
    assert_eq!(redone.batch, 2);
    let row = memory.item(number).unwrap().unwrap();
    assert_eq!(row.last_percent, Some(40));
    // The feedback is put back under its own id.
    assert_eq!(
        *memory.records.borrow(),
        [(RecordKind::Feedback, feedback, row.id)]
    );
    let kinds: Vec<String> = memory
        .events
        .borrow()
        .iter()
        .map(|e| e.event.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            "department_created",
            "department_created",
            "item_registered",
            "feedback_added",
            "undone",
            "redone"
        ]
    );
    // The registration cannot be undone: it is refused, and nothing is written.
    write(&memory, day(25), |w| w.undo()).unwrap();
    let refused = {
        let mut writer = Writer::new(&memory, &ctx(day(25)), memory.next_batch().unwrap());
        WriteTx::undo(&mut writer)
    };
    assert!(
        matches!(refused, Err(crate::Error::NotReversible(_))),
        "{refused:?}"
    );
    assert!(matches!(
        memory.events.borrow().last().map(|e| &e.event.kind),
        Some(k) if k == "undone"
    ));
}

fn new_item(title: &str, on: NaiveDate) -> NewItem {
    NewItem {
        title: title.into(),
        requirement: String::new(),
        source_kind: SourceKind::Meeting,
        source_ref: String::new(),
        instruction: None,
        leader: None,
        lead: "住建局".into(),
        co: Vec::new(),
        owner: String::new(),
        flags: Flags::default(),
        urgent: false,
        cadence: Cadence::Once,
        deadline: Some(day(30)),
        no_deadline_reason: None,
        registered_on: on,
        origin: None,
    }
}

/// A bulk write that keeps its events settles its items as it goes; an item written again
/// after it was settled has its days computed at the end from its whole history, not from the
/// events after the settling alone.
#[test]
fn a_bulk_write_settles_as_it_goes_and_an_item_written_again_is_computed_whole() {
    let memory = Memory::default();
    let mut writer = Writer::new(&memory, &ctx(day(24)), memory.next_batch().unwrap());
    writer.keep_events();
    let first = writer.add_item(&new_item("老旧小区改造", day(24))).unwrap();
    WriteTx::settle(&mut writer).unwrap();
    let first_id = memory.item(first).unwrap().unwrap().id;
    // Settled: its one day is kept already, before the end.
    assert_eq!(memory.days.borrow().get(&first_id), Some(&1));
    writer.set_clock(day(25), day(25).and_hms_opt(9, 0, 0).unwrap());
    writer
        .add_feedback(
            first,
            &NewFeedback {
                text: "已开工".into(),
                percent: Some(40),
                reporter: "张三".into(),
                kind: FeedbackKind::Progress,
            },
            None,
        )
        .unwrap();
    let second = writer.add_item(&new_item("背街小巷整治", day(25))).unwrap();
    writer.keep_days_of_kept().unwrap();
    let second_id = memory.item(second).unwrap().unwrap().id;
    // Registered, then the feedback's day: two, as its whole history gives (the events after
    // the settling alone give one).
    assert_eq!(memory.days.borrow().get(&first_id), Some(&2));
    assert_eq!(memory.days.borrow().get(&second_id), Some(&1));
}

//! A whole office out of the file and into an empty one: the SQL of `Records::export` and
//! `Backend::import`.
//!
//! The export reads each table once, in the order of item ids, inside one read transaction,
//! and merges the records into their items as it goes: one pass over each table rather than
//! seven queries per item (the 100,000-item sample office has 700,000 events).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, Statement, TransactionBehavior, params};

use super::codec::{self, ITEM_ROW_COLUMN_COUNT, day, get_code, get_day, get_opt_day, stamp};
use super::model::{
    Attachment, Commendation, Extension, Feedback, Instruction, ItemDetail, Milestone, Note,
};
use crate::domain::attachment::AttachmentKind;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::EventCode;
use crate::domain::import::ImportRefusal;
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::error::Result;
use crate::store::exchange::{Department, ExportSink, Imported, Office, StoredEvent, StoredFile};

/// Rows of one record table, in item order, handed out item by item.
struct Cursor<'s, T> {
    rows: rusqlite::Rows<'s>,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
    /// Puts one item's rows in their order (by id; co-departments by name). The statements
    /// order by item only, the order of an index on the item: ordered by item and id too,
    /// SQLite sorted each item's rows in a temporary tree of its own, which took more than
    /// reading them (the audit reads every record of the office).
    order: fn(&mut Vec<T>),
    /// The next row not yet handed out, with its item's id.
    next: Option<(i64, T)>,
}

impl<'s, T> Cursor<'s, T> {
    /// `stmt` selects the item id first, then what `map` reads from column 1 on, of the items
    /// of `part` (its two parameters: the first id and the last).
    fn new(
        stmt: &'s mut Statement<'_>,
        part: Part,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
        order: fn(&mut Vec<T>),
    ) -> Result<Self> {
        let mut cursor = Self {
            rows: stmt.query([part.first, part.last])?,
            map,
            order,
            next: None,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    fn advance(&mut self) -> Result<()> {
        self.next = match self.rows.next()? {
            Some(r) => Some((r.get(0)?, (self.map)(r)?)),
            None => None,
        };
        Ok(())
    }

    /// The rows of item `id` (rows of items before it, which cannot exist, are passed over).
    fn take(&mut self, id: i64) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some((item, _)) = &self.next {
            if *item > id {
                break;
            }
            let keep = *item == id;
            if let Some((_, value)) = self.next.take()
                && keep
            {
                out.push(value);
            }
            self.advance()?;
        }
        (self.order)(&mut out);
        Ok(out)
    }
}

fn milestone(r: &Row<'_>) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get(1)?,
        title: r.get(2)?,
        due_on: get_day(r, 3)?,
        done_on: get_opt_day(r, 4)?,
    })
}

fn feedback(r: &Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(1)?,
        on_date: get_day(r, 2)?,
        reporter: r.get(3)?,
        text: r.get(4)?,
        percent: r.get(5)?,
        kind: get_code(r, 6, FeedbackKind::from_code_bytes)?,
    })
}

fn note(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(1)?,
        on_date: get_day(r, 2)?,
        level: get_code(r, 3, Level::from_code_bytes)?,
        target: r.get(4)?,
        reason: r.get(5)?,
        points: r.get(6)?,
        requirement: r.get(7)?,
    })
}

fn commendation(r: &Row<'_>) -> rusqlite::Result<Commendation> {
    Ok(Commendation {
        id: r.get(1)?,
        on_date: get_day(r, 2)?,
        target: r.get(3)?,
        reason: r.get(4)?,
        points: r.get(5)?,
    })
}

/// An attachment row after its item's id: id, on_date, name, kind, size, sha256, note.
pub(super) fn attachment(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(1)?,
        on_date: get_day(r, 2)?,
        name: r.get(3)?,
        kind: get_code(r, 4, AttachmentKind::from_code_bytes)?,
        size: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
        sha256: r.get(6)?,
        note: r.get(7)?,
    })
}

fn instruction(r: &Row<'_>) -> rusqlite::Result<Instruction> {
    Ok(Instruction {
        id: r.get(1)?,
        on_date: get_day(r, 2)?,
        leader: r.get(3)?,
        sense: get_code(r, 4, InstructionSense::from_code_bytes)?,
        text: r.get(5)?,
        deadline: get_opt_day(r, 6)?,
    })
}

fn extension(r: &Row<'_>) -> rusqlite::Result<Extension> {
    Ok(Extension {
        id: r.get(1)?,
        requested_on: get_day(r, 2)?,
        old_deadline: get_day(r, 3)?,
        new_deadline: get_day(r, 4)?,
        reason: r.get(5)?,
        decision: get_code(r, 6, ExtensionDecision::from_code_bytes)?,
        decided_on: get_opt_day(r, 7)?,
    })
}

fn co_department(r: &Row<'_>) -> rusqlite::Result<String> {
    r.get(1)
}

/// The columns of the items table beyond an item row ([`super::columns::ROW`]).
const DETAIL_COLUMNS: &str =
    "i.requirement, i.instruction, i.leader, i.original_deadline, i.no_deadline_reason";

fn item_detail(r: &Row<'_>) -> rusqlite::Result<ItemDetail> {
    let n = ITEM_ROW_COLUMN_COUNT;
    Ok(ItemDetail {
        row: codec::item_row(r)?,
        requirement: r.get(n)?,
        instruction: r.get(n + 1)?,
        leader: r.get(n + 2)?,
        co_departments: Vec::new(),
        original_deadline: get_opt_day(r, n + 3)?,
        no_deadline_reason: r.get(n + 4)?,
        milestones: Vec::new(),
        feedback: Vec::new(),
        notes: Vec::new(),
        commendations: Vec::new(),
        instructions: Vec::new(),
        attachments: Vec::new(),
        extensions: Vec::new(),
        events: Vec::new(),
    })
}

/// Reads an event row into `e`, reusing its strings (700,000 events: no allocation each).
/// The item comes by id, named from `numbers` (no join per event).
fn read_event(
    r: &Row<'_>,
    numbers: &HashMap<i64, ItemNumber>,
    e: &mut StoredEvent,
) -> rusqlite::Result<()> {
    let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
    e.id = r.get(0)?;
    e.batch = r.get(1)?;
    e.at = parse_stamp(r.get_ref(2)?.as_bytes()?).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            "not a time".into(),
        )
    })?;
    e.on_date = get_day(r, 3)?;
    e.actor.clear();
    e.actor.push_str(text(4)?);
    e.item = r
        .get::<_, Option<i64>>(5)?
        .and_then(|id| numbers.get(&id).copied());
    e.kind = get_code(r, 6, EventCode::from_code_bytes)?;
    e.data.clear();
    e.data.push_str(text(7)?);
    Ok(())
}

/// Parses `YYYY-MM-DDTHH:MM:SS` without a format interpreter (700,000 of them).
fn parse_stamp(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?.and_hms_opt(
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )
}

/// Some of the items, by their ids: those from `first` to `last`.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub first: i64,
    pub last: i64,
}

impl Part {
    /// Every item.
    pub const ALL: Part = Part {
        first: i64::MIN,
        last: i64::MAX,
    };
}

/// Each item of `parts` with its records, part after part and ids rising in each, handed to
/// `each`: each table read once per part, in the order of item ids, and its rows merged into
/// their items as they come. The statements are prepared once for all the parts.
pub fn each_item(
    conn: &Connection,
    parts: impl IntoIterator<Item = Part>,
    mut each: impl FnMut(ItemDetail) -> Result<()>,
) -> Result<()> {
    let mut co = conn.prepare(
        "SELECT c.item_id, d.name FROM item_co_departments c \
         JOIN departments d ON d.id = c.dept_id WHERE c.item_id BETWEEN ?1 AND ?2 \
         ORDER BY c.item_id",
    )?;
    let mut milestones = conn.prepare(
        "SELECT item_id, id, title, due_on, done_on FROM milestones \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut feedbacks = conn.prepare(
        "SELECT item_id, id, on_date, reporter, text, percent, kind FROM feedback \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut notes = conn.prepare(
        "SELECT item_id, id, on_date, level, target, reason, points, requirement FROM notes \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut commendations = conn.prepare(
        "SELECT item_id, id, on_date, target, reason, points FROM commendations \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut instructions = conn.prepare(
        "SELECT item_id, id, on_date, leader, sense, text, deadline FROM leader_instructions \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut extensions = conn.prepare(
        "SELECT item_id, id, requested_on, old_deadline, new_deadline, reason, decision, \
         decided_on FROM extensions WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut attachments = conn.prepare(
        "SELECT item_id, id, on_date, name, kind, size, sha256, note FROM attachments \
         WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id",
    )?;
    let mut items = conn.prepare(&format!(
        "SELECT {}, {DETAIL_COLUMNS} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
         WHERE i.id BETWEEN ?1 AND ?2 ORDER BY i.id",
        super::columns::row_select()
    ))?;
    for part in parts {
        let mut co = Cursor::new(&mut co, part, co_department, |v| v.sort_unstable())?;
        let mut milestones = Cursor::new(&mut milestones, part, milestone, |v| {
            v.sort_unstable_by_key(|m| m.id);
        })?;
        let mut feedbacks = Cursor::new(&mut feedbacks, part, feedback, |v| {
            v.sort_unstable_by_key(|f| f.id);
        })?;
        let mut notes = Cursor::new(&mut notes, part, note, |v| v.sort_unstable_by_key(|n| n.id))?;
        let mut commendations = Cursor::new(&mut commendations, part, commendation, |v| {
            v.sort_unstable_by_key(|c| c.id);
        })?;
        let mut instructions = Cursor::new(&mut instructions, part, instruction, |v| {
            v.sort_unstable_by_key(|i| i.id);
        })?;
        let mut extensions = Cursor::new(&mut extensions, part, extension, |v| {
            v.sort_unstable_by_key(|x| x.id);
        })?;
        let mut attachments = Cursor::new(&mut attachments, part, attachment, |v| {
            v.sort_unstable_by_key(|a| a.id);
        })?;
        let mut rows = items.query([part.first, part.last])?;
        while let Some(r) = rows.next()? {
            let mut item = item_detail(r)?;
            let id = item.row.id;
            item.co_departments = co.take(id)?;
            item.milestones = milestones.take(id)?;
            item.feedback = feedbacks.take(id)?;
            item.notes = notes.take(id)?;
            item.commendations = commendations.take(id)?;
            item.instructions = instructions.take(id)?;
            item.extensions = extensions.take(id)?;
            item.attachments = attachments.take(id)?;
            each(item)?;
        }
    }
    Ok(())
}

/// The whole office, in one read transaction.
pub fn export(conn: &Connection, sink: &mut dyn ExportSink) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    let departments = tx
        .prepare("SELECT id, name FROM departments ORDER BY id")?
        .query_map([], |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sink.departments(&departments)?;
    let mut numbers = HashMap::new();
    each_item(&tx, [Part::ALL], |item| {
        numbers.insert(item.row.id, item.row.number);
        sink.item(&item)
    })?;
    if sink.wants_events() {
        let mut events = tx.prepare(
            "SELECT id, batch, at, on_date, actor, item_id, kind, data FROM events ORDER BY id",
        )?;
        let mut rows = events.query([])?;
        let mut event = StoredEvent {
            id: 0,
            batch: 0,
            at: NaiveDateTime::default(),
            on_date: NaiveDate::default(),
            actor: String::new(),
            item: None,
            kind: EventCode::DepartmentCreated,
            data: String::new(),
        };
        while let Some(r) = rows.next()? {
            read_event(r, &numbers, &mut event)?;
            sink.event(&event)?;
        }
    }
    if sink.wants_files() {
        let mut files = tx.prepare("SELECT sha256, bytes FROM attachment_files ORDER BY sha256")?;
        let mut rows = files.query([])?;
        while let Some(r) = rows.next()? {
            sink.file(&StoredFile {
                sha256: r.get(0)?,
                bytes: r.get(1)?,
            })?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Writes `office` into the empty database in one transaction; refuses a database that holds
/// anything.
pub fn import(conn: &mut Connection, office: &Office) -> Result<Imported> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let count = |table: &str| -> Result<i64> {
        Ok(tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let (items, events) = (count("items")?, count("events")?);
    if items > 0 || events > 0 || count("departments")? > 0 {
        return Err(ImportRefusal::NotEmpty { items, events }.into());
    }
    let mut dept_ids = HashMap::new();
    {
        let mut insert = tx.prepare("INSERT INTO departments (id, name) VALUES (?1, ?2)")?;
        for d in &office.departments {
            insert.execute(params![d.id, d.name])?;
            dept_ids.insert(d.name.as_str(), d.id);
        }
    }
    let dept = |name: &str| -> Result<i64> {
        dept_ids.get(name).copied().ok_or_else(|| {
            ImportRefusal::row(
                "departments",
                "name",
                crate::domain::import::RowProblem::UnknownReference {
                    what: crate::domain::import::Reference::Department,
                    got: name.to_string(),
                },
            )
            .into()
        })
    };
    super::super::exchange::check_files(office)?;
    {
        let mut insert =
            tx.prepare("INSERT INTO attachment_files (sha256, size, bytes) VALUES (?1, ?2, ?3)")?;
        for f in &office.files {
            insert.execute(params![f.sha256, f.bytes.len() as i64, f.bytes])?;
        }
    }
    let mut item_ids = HashMap::new();
    {
        let mut insert = tx.prepare(&format!(
            "INSERT INTO items ({}, requirement, instruction, leader, original_deadline, \
             no_deadline_reason) VALUES ({})",
            super::columns::ROW.join(", "),
            (1..=ITEM_ROW_COLUMN_COUNT + 5)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let mut co =
            tx.prepare("INSERT INTO item_co_departments (item_id, dept_id) VALUES (?1, ?2)")?;
        let mut milestone = tx.prepare(
            "INSERT INTO milestones (id, item_id, title, due_on, done_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut feedback = tx.prepare(
            "INSERT INTO feedback (id, item_id, on_date, reporter, text, percent, kind) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut note = tx.prepare(
            "INSERT INTO notes (id, item_id, on_date, level, target, reason, points, requirement) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut commendation = tx.prepare(
            "INSERT INTO commendations (id, item_id, on_date, target, reason, points) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut instruction = tx.prepare(
            "INSERT INTO leader_instructions (id, item_id, on_date, leader, sense, text, deadline) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut extension = tx.prepare(
            "INSERT INTO extensions (id, item_id, requested_on, old_deadline, new_deadline, \
             reason, decision, decided_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut attachment = tx.prepare(
            "INSERT INTO attachments (id, item_id, on_date, name, kind, size, sha256, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let opt_day = |d: Option<chrono::NaiveDate>| d.map(day);
        for item in &office.items {
            let r = &item.row;
            let id = r.id;
            item_ids.insert(r.number, id);
            // In `columns::ROW`'s order, then the detail's columns.
            insert.execute(params![
                id,
                r.number.year,
                r.number.seq,
                r.title,
                dept(&r.lead_department)?,
                r.owner,
                r.status.code(),
                r.source_kind.code(),
                r.source_ref,
                r.flags.major,
                r.flags.difficult,
                r.flags.important,
                r.flags.leader,
                r.urgent,
                r.cadence.code(),
                opt_day(r.deadline),
                day(r.registered_on),
                opt_day(r.assigned_on),
                opt_day(r.last_feedback_on),
                r.last_percent,
                opt_day(r.last_note_on),
                r.top_level.map(Level::code),
                opt_day(r.next_milestone_due),
                r.version,
                r.suspended_from.map(|s| s.code()),
                opt_day(r.completed_on),
                opt_day(r.closed_on),
                opt_day(r.snoozed_until),
                r.snooze_reason,
                opt_day(r.second_milestone_due),
                opt_day(r.suspended_on),
                opt_day(r.resumed_on),
                opt_day(r.submitted_on),
                item.requirement,
                item.instruction,
                item.leader,
                opt_day(item.original_deadline),
                item.no_deadline_reason,
            ])?;
            for name in &item.co_departments {
                co.execute(params![id, dept(name)?])?;
            }
            for m in &item.milestones {
                milestone.execute(params![
                    m.id,
                    id,
                    m.title,
                    day(m.due_on),
                    opt_day(m.done_on)
                ])?;
            }
            for f in &item.feedback {
                feedback.execute(params![
                    f.id,
                    id,
                    day(f.on_date),
                    f.reporter,
                    f.text,
                    f.percent,
                    f.kind.code()
                ])?;
            }
            for n in &item.notes {
                note.execute(params![
                    n.id,
                    id,
                    day(n.on_date),
                    n.level.code(),
                    n.target,
                    n.reason,
                    n.points,
                    n.requirement
                ])?;
            }
            for c in &item.commendations {
                commendation.execute(params![
                    c.id,
                    id,
                    day(c.on_date),
                    c.target,
                    c.reason,
                    c.points
                ])?;
            }
            for i in &item.instructions {
                instruction.execute(params![
                    i.id,
                    id,
                    day(i.on_date),
                    i.leader,
                    i.sense.code(),
                    i.text,
                    opt_day(i.deadline)
                ])?;
            }
            for a in &item.attachments {
                attachment.execute(params![
                    a.id,
                    id,
                    day(a.on_date),
                    a.name,
                    a.kind.code(),
                    i64::try_from(a.size).unwrap_or(i64::MAX),
                    a.sha256,
                    a.note
                ])?;
            }
            for x in &item.extensions {
                extension.execute(params![
                    x.id,
                    id,
                    day(x.requested_on),
                    day(x.old_deadline),
                    day(x.new_deadline),
                    x.reason,
                    x.decision.code(),
                    opt_day(x.decided_on)
                ])?;
            }
        }
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO events (id, batch, at, on_date, actor, item_id, kind, data) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        // One row per batch, naming its first event and the clerk who recorded it (as a write
        // records it, and as schema 3 derived it from the events).
        let mut batch =
            tx.prepare("INSERT INTO batches (batch, actor, first_event) VALUES (?1, ?2, ?3)")?;
        // The chain is computed afresh for the imported history: it proves the history from
        // the import on, and the origin says so.
        let mut link = tx.prepare("INSERT INTO event_chain (event_id, hash) VALUES (?1, ?2)")?;
        let mut head = crate::domain::history::chain::GENESIS;
        let mut last_batch = None;
        for e in &office.events {
            let item_id = match e.item {
                Some(n) => Some(item_ids.get(&n).copied().ok_or_else(|| {
                    crate::Error::from(ImportRefusal::row(
                        "events",
                        "item",
                        crate::domain::import::RowProblem::UnknownReference {
                            what: crate::domain::import::Reference::Item,
                            got: n.to_string(),
                        },
                    ))
                })?),
                None => None,
            };
            let (at, on_date) = (stamp(e.at), day(e.on_date));
            insert.execute(params![
                e.id,
                e.batch,
                at,
                on_date,
                e.actor,
                item_id,
                e.kind.code(),
                e.data
            ])?;
            head = crate::domain::history::chain::next(
                &head,
                &crate::domain::history::chain::Linked {
                    batch: e.batch,
                    at: &at,
                    on_date: &on_date,
                    actor: &e.actor,
                    item_id,
                    kind: e.kind.code(),
                    data: &e.data,
                },
            );
            link.execute(params![e.id, crate::domain::history::chain::hex(&head)])?;
            if last_batch != Some(e.batch) {
                batch.execute(params![e.batch, e.actor, e.id])?;
                last_batch = Some(e.batch);
            }
        }
    }
    match &office.chain_origins {
        // A copy: the chain computed again is the original's, and so are its origins.
        Some(origins) => {
            for o in origins {
                tx.execute(
                    "INSERT OR IGNORE INTO chain_origin (first_event, chained_at, how) \
                     VALUES (?1, ?2, ?3)",
                    params![o.first_event, o.chained_at, o.how],
                )?;
            }
        }
        None => {
            if let Some(last) = office.events.last() {
                tx.execute(
                    "INSERT INTO chain_origin (first_event, chained_at, how) \
                     VALUES (?1, strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'), 'import')",
                    [last.id + 1],
                )?;
            }
        }
    }
    super::asof::rebuild_all(&tx)?;
    tx.commit()?;
    Ok(Imported {
        departments: office.departments.len(),
        items: office.items.len(),
        events: office.events.len(),
    })
}

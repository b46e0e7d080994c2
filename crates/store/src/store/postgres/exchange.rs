//! A whole office out of the server and into an empty office there: the SQL of
//! `Records::export` and `Backend::import` on PostgreSQL. As in SQLite's, the export reads each
//! table once in the order of item ids, inside one snapshot, and merges the records into their
//! items as it goes.

use std::collections::HashMap;

use postgres::{GenericClient, Row};

use super::copy::{Field, copy};
use super::queries::{ITEM_ROW_COLUMNS, item_row};
use super::value::{
    self, Param, code, day_of, int, opt_day, opt_percent, opt_real, opt_text, real, text,
};
use crate::domain::attachment::AttachmentKind;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::EventCode;
use crate::domain::import::{ImportRefusal, Reference, RowProblem};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::FeedbackKind;
use crate::domain::ladder::Level;
use crate::error::Result;
use crate::store::dates::{day, stamp};
use crate::store::exchange::{Department, ExportSink, Imported, Office, StoredEvent, StoredFile};
use crate::store::model::{
    Attachment, Commendation, Extension, Feedback, Instruction, ItemDetail, Milestone, Note,
};

/// The rows of one record table (item id first), in item order, handed out item by item.
struct Merge<T> {
    rows: std::iter::Peekable<std::vec::IntoIter<(i64, T)>>,
}

impl<T> Merge<T> {
    fn read(c: &mut impl GenericClient, sql: &str, map: fn(&Row) -> Result<T>) -> Result<Self> {
        let rows = c
            .query(sql, &[])?
            .iter()
            .map(|r| Ok((int(r, 0)?, map(r)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            rows: rows.into_iter().peekable(),
        })
    }

    /// The rows of item `id` (rows of items before it, which cannot exist, are passed over).
    fn take(&mut self, id: i64) -> Vec<T> {
        let mut out = Vec::new();
        while let Some((item, _)) = self.rows.peek() {
            if *item > id {
                break;
            }
            if let Some((item, value)) = self.rows.next()
                && item == id
            {
                out.push(value);
            }
        }
        out
    }
}

fn milestone(r: &Row) -> Result<Milestone> {
    Ok(Milestone {
        id: int(r, 1)?,
        title: text(r, 2)?,
        due_on: day_of(r, 3)?,
        done_on: opt_day(r, 4)?,
    })
}

fn feedback(r: &Row) -> Result<Feedback> {
    Ok(Feedback {
        id: int(r, 1)?,
        on_date: day_of(r, 2)?,
        reporter: text(r, 3)?,
        text: text(r, 4)?,
        percent: opt_percent(r, 5)?,
        kind: code(r, 6, FeedbackKind::from_code_bytes)?,
    })
}

fn note(r: &Row) -> Result<Note> {
    Ok(Note {
        id: int(r, 1)?,
        on_date: day_of(r, 2)?,
        level: code(r, 3, Level::from_code_bytes)?,
        target: text(r, 4)?,
        reason: text(r, 5)?,
        points: opt_real(r, 6)?,
        requirement: text(r, 7)?,
    })
}

fn commendation(r: &Row) -> Result<Commendation> {
    Ok(Commendation {
        id: int(r, 1)?,
        on_date: day_of(r, 2)?,
        target: text(r, 3)?,
        reason: text(r, 4)?,
        points: real(r, 5)?,
    })
}

fn instruction(r: &Row) -> Result<Instruction> {
    Ok(Instruction {
        id: int(r, 1)?,
        on_date: day_of(r, 2)?,
        leader: text(r, 3)?,
        sense: code(r, 4, InstructionSense::from_code_bytes)?,
        text: text(r, 5)?,
        deadline: opt_day(r, 6)?,
    })
}

fn extension(r: &Row) -> Result<Extension> {
    Ok(Extension {
        id: int(r, 1)?,
        requested_on: day_of(r, 2)?,
        old_deadline: day_of(r, 3)?,
        new_deadline: day_of(r, 4)?,
        reason: text(r, 5)?,
        decision: code(r, 6, ExtensionDecision::from_code_bytes)?,
        decided_on: opt_day(r, 7)?,
    })
}

fn attachment(r: &Row) -> Result<Attachment> {
    Ok(Attachment {
        id: int(r, 1)?,
        on_date: day_of(r, 2)?,
        name: text(r, 3)?,
        kind: code(r, 4, AttachmentKind::from_code_bytes)?,
        size: u64::try_from(int(r, 5)?).unwrap_or(0),
        sha256: text(r, 6)?,
        note: text(r, 7)?,
    })
}

fn co_department(r: &Row) -> Result<String> {
    text(r, 1)
}

/// The whole office, read in `c` (one snapshot).
pub(super) fn export(c: &mut impl GenericClient, sink: &mut dyn ExportSink) -> Result<()> {
    let departments = c
        .query("SELECT id, name FROM departments ORDER BY id", &[])?
        .iter()
        .map(|r| {
            Ok(Department {
                id: int(r, 0)?,
                name: text(r, 1)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    sink.departments(&departments)?;
    let mut co = Merge::read(
        c,
        "SELECT c.item_id, d.name FROM item_co_departments c \
         JOIN departments d ON d.id = c.dept_id ORDER BY c.item_id, d.name",
        co_department,
    )?;
    let mut milestones = Merge::read(
        c,
        "SELECT item_id, id, title, due_on, done_on FROM milestones ORDER BY item_id, id",
        milestone,
    )?;
    let mut feedbacks = Merge::read(
        c,
        "SELECT item_id, id, on_date, reporter, text, percent, kind FROM feedback \
         ORDER BY item_id, id",
        feedback,
    )?;
    let mut notes = Merge::read(
        c,
        "SELECT item_id, id, on_date, level, target, reason, points, requirement FROM notes \
         ORDER BY item_id, id",
        note,
    )?;
    let mut commendations = Merge::read(
        c,
        "SELECT item_id, id, on_date, target, reason, points FROM commendations \
         ORDER BY item_id, id",
        commendation,
    )?;
    let mut instructions = Merge::read(
        c,
        "SELECT item_id, id, on_date, leader, sense, text, deadline FROM leader_instructions \
         ORDER BY item_id, id",
        instruction,
    )?;
    let mut extensions = Merge::read(
        c,
        "SELECT item_id, id, requested_on, old_deadline, new_deadline, reason, decision, \
         decided_on FROM extensions ORDER BY item_id, id",
        extension,
    )?;
    let mut attachments = Merge::read(
        c,
        "SELECT item_id, id, on_date, name, kind, size, sha256, note FROM attachments \
         ORDER BY item_id, id",
        attachment,
    )?;
    let mut numbers = HashMap::new();
    let items = c.query(
        &format!(
            "SELECT {}, i.requirement, i.instruction, i.leader, i.original_deadline, \
             i.no_deadline_reason FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             ORDER BY i.id",
            crate::store::sqlite::columns::row_select()
        ),
        &[],
    )?;
    let n = ITEM_ROW_COLUMNS;
    for r in &items {
        let row = item_row(r)?;
        let id = row.id;
        numbers.insert(id, row.number);
        let item = ItemDetail {
            requirement: text(r, n)?,
            instruction: opt_text(r, n + 1)?,
            leader: opt_text(r, n + 2)?,
            co_departments: co.take(id),
            original_deadline: opt_day(r, n + 3)?,
            no_deadline_reason: opt_text(r, n + 4)?,
            milestones: milestones.take(id),
            feedback: feedbacks.take(id),
            notes: notes.take(id),
            commendations: commendations.take(id),
            instructions: instructions.take(id),
            attachments: attachments.take(id),
            extensions: extensions.take(id),
            events: Vec::new(),
            row,
        };
        sink.item(&item)?;
    }
    if sink.wants_events() {
        let mut rows = c.query_raw(
            "SELECT id, batch, at, on_date, actor, item_id, kind, data FROM events ORDER BY id",
            std::iter::empty::<&Param>(),
        )?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            sink.event(&StoredEvent {
                id: int(&r, 0)?,
                batch: int(&r, 1)?,
                at: value::stamp_of(&r, 2)?,
                on_date: day_of(&r, 3)?,
                actor: text(&r, 4)?,
                item: value::opt_int(&r, 5)?.and_then(|id| numbers.get(&id).copied()),
                kind: code(&r, 6, EventCode::from_code_bytes)?,
                data: text(&r, 7)?,
            })?;
        }
    }
    if sink.wants_files() {
        let mut rows = c.query_raw(
            "SELECT sha256, bytes FROM attachment_files ORDER BY sha256",
            std::iter::empty::<&Param>(),
        )?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            sink.file(&StoredFile {
                sha256: text(&r, 0)?,
                bytes: r.try_get::<_, Vec<u8>>(1)?,
            })?;
        }
    }
    Ok(())
}

/// Writes `office` into the empty office in `c` (one transaction, under the write lock);
/// refuses an office that holds anything. Each table is written with one `COPY` (an office of
/// 100,000 items is millions of rows). The chain is computed afresh; its origins are the
/// original's for a copy (`duban db copy`), or the import's own; and the identity columns move
/// past every id written.
pub(super) fn import(c: &mut impl GenericClient, office: &Office) -> Result<Imported> {
    let mut count = |table: &str| -> Result<i64> {
        int(
            &c.query_one(&format!("SELECT count(*) FROM {table}"), &[])?,
            0,
        )
    };
    let (items, events) = (count("items")?, count("events")?);
    if items > 0 || events > 0 || count("departments")? > 0 {
        return Err(ImportRefusal::NotEmpty { items, events }.into());
    }
    let dept_ids: HashMap<&str, i64> = office
        .departments
        .iter()
        .map(|d| (d.name.as_str(), d.id))
        .collect();
    let dept = |name: &str| -> Result<i64> {
        dept_ids.get(name).copied().ok_or_else(|| {
            ImportRefusal::row(
                "departments",
                "name",
                RowProblem::UnknownReference {
                    what: Reference::Department,
                    got: name.to_string(),
                },
            )
            .into()
        })
    };
    crate::store::exchange::check_files(office)?;
    copy(c, "attachment_files (sha256, size, bytes)", |t| {
        for f in &office.files {
            t.row(&[
                Field::Text(&f.sha256),
                Field::Int(f.bytes.len() as i64),
                Field::Bytes(&f.bytes),
            ])?;
        }
        Ok(())
    })?;
    copy(c, "departments (id, name)", |t| {
        for d in &office.departments {
            t.row(&[Field::Int(d.id), Field::Text(&d.name)])?;
        }
        Ok(())
    })?;
    let columns = format!(
        "items ({}, requirement, instruction, leader, original_deadline, no_deadline_reason)",
        crate::store::sqlite::columns::ROW.join(", ")
    );
    copy(c, &columns, |t| {
        for item in &office.items {
            let r = &item.row;
            let days = [
                r.deadline,
                Some(r.registered_on),
                r.assigned_on,
                r.last_feedback_on,
                r.last_note_on,
                r.next_milestone_due,
                r.completed_on,
                r.closed_on,
                r.snoozed_until,
                r.second_milestone_due,
                r.suspended_on,
                r.resumed_on,
                r.submitted_on,
                item.original_deadline,
            ]
            .map(|d| d.map(day));
            let [
                deadline,
                registered_on,
                assigned_on,
                last_feedback_on,
                last_note_on,
                next_milestone_due,
                completed_on,
                closed_on,
                snoozed_until,
                second_milestone_due,
                suspended_on,
                resumed_on,
                submitted_on,
                original_deadline,
            ] = &days;
            // In `columns::ROW`'s order, then the detail's columns.
            t.row(&[
                Field::Int(r.id),
                Field::Int(r.number.year.into()),
                Field::Int(r.number.seq.into()),
                Field::Text(&r.title),
                Field::Int(dept(&r.lead_department)?),
                Field::Text(&r.owner),
                Field::Text(r.status.code()),
                Field::Text(r.source_kind.code()),
                Field::Text(&r.source_ref),
                Field::flag(r.flags.major),
                Field::flag(r.flags.difficult),
                Field::flag(r.flags.important),
                Field::flag(r.flags.leader),
                Field::flag(r.urgent),
                Field::Text(r.cadence.code()),
                Field::opt_text(deadline.as_deref()),
                Field::opt_text(registered_on.as_deref()),
                Field::opt_text(assigned_on.as_deref()),
                Field::opt_text(last_feedback_on.as_deref()),
                Field::opt_int(r.last_percent.map(i64::from)),
                Field::opt_text(last_note_on.as_deref()),
                Field::opt_text(r.top_level.map(Level::code)),
                Field::opt_text(next_milestone_due.as_deref()),
                Field::Int(r.version),
                Field::opt_text(r.suspended_from.map(|s| s.code())),
                Field::opt_text(completed_on.as_deref()),
                Field::opt_text(closed_on.as_deref()),
                Field::opt_text(snoozed_until.as_deref()),
                Field::opt_text(r.snooze_reason.as_deref()),
                Field::opt_text(second_milestone_due.as_deref()),
                Field::opt_text(suspended_on.as_deref()),
                Field::opt_text(resumed_on.as_deref()),
                Field::opt_text(submitted_on.as_deref()),
                Field::Text(&item.requirement),
                Field::opt_text(item.instruction.as_deref()),
                Field::opt_text(item.leader.as_deref()),
                Field::opt_text(original_deadline.as_deref()),
                Field::opt_text(item.no_deadline_reason.as_deref()),
            ])?;
        }
        Ok(())
    })?;
    copy(c, "item_co_departments (item_id, dept_id)", |t| {
        for item in &office.items {
            for name in &item.co_departments {
                t.row(&[Field::Int(item.row.id), Field::Int(dept(name)?)])?;
            }
        }
        Ok(())
    })?;
    copy(c, "milestones (id, item_id, title, due_on, done_on)", |t| {
        for item in &office.items {
            for m in &item.milestones {
                let (due, done) = (day(m.due_on), m.done_on.map(day));
                t.row(&[
                    Field::Int(m.id),
                    Field::Int(item.row.id),
                    Field::Text(&m.title),
                    Field::Text(&due),
                    Field::opt_text(done.as_deref()),
                ])?;
            }
        }
        Ok(())
    })?;
    copy(
        c,
        "feedback (id, item_id, on_date, reporter, text, percent, kind)",
        |t| {
            for item in &office.items {
                for f in &item.feedback {
                    let on = day(f.on_date);
                    t.row(&[
                        Field::Int(f.id),
                        Field::Int(item.row.id),
                        Field::Text(&on),
                        Field::Text(&f.reporter),
                        Field::Text(&f.text),
                        Field::opt_int(f.percent.map(i64::from)),
                        Field::Text(f.kind.code()),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    copy(
        c,
        "notes (id, item_id, on_date, level, target, reason, points, requirement)",
        |t| {
            for item in &office.items {
                for n in &item.notes {
                    let on = day(n.on_date);
                    t.row(&[
                        Field::Int(n.id),
                        Field::Int(item.row.id),
                        Field::Text(&on),
                        Field::Text(n.level.code()),
                        Field::Text(&n.target),
                        Field::Text(&n.reason),
                        Field::opt_real(n.points),
                        Field::Text(&n.requirement),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    copy(
        c,
        "commendations (id, item_id, on_date, target, reason, points)",
        |t| {
            for item in &office.items {
                for x in &item.commendations {
                    let on = day(x.on_date);
                    t.row(&[
                        Field::Int(x.id),
                        Field::Int(item.row.id),
                        Field::Text(&on),
                        Field::Text(&x.target),
                        Field::Text(&x.reason),
                        Field::Real(x.points),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    copy(
        c,
        "attachments (id, item_id, on_date, name, kind, size, sha256, note)",
        |t| {
            for item in &office.items {
                for a in &item.attachments {
                    let on = day(a.on_date);
                    t.row(&[
                        Field::Int(a.id),
                        Field::Int(item.row.id),
                        Field::Text(&on),
                        Field::Text(&a.name),
                        Field::Text(a.kind.code()),
                        Field::Int(i64::try_from(a.size).unwrap_or(i64::MAX)),
                        Field::Text(&a.sha256),
                        Field::Text(&a.note),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    copy(
        c,
        "leader_instructions (id, item_id, on_date, leader, sense, text, deadline)",
        |t| {
            for item in &office.items {
                for i in &item.instructions {
                    let (on, deadline) = (day(i.on_date), i.deadline.map(day));
                    t.row(&[
                        Field::Int(i.id),
                        Field::Int(item.row.id),
                        Field::Text(&on),
                        Field::Text(&i.leader),
                        Field::Text(i.sense.code()),
                        Field::Text(&i.text),
                        Field::opt_text(deadline.as_deref()),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    copy(
        c,
        "extensions (id, item_id, requested_on, old_deadline, new_deadline, reason, decision, \
         decided_on)",
        |t| {
            for item in &office.items {
                for x in &item.extensions {
                    let (asked, old, new, decided) = (
                        day(x.requested_on),
                        day(x.old_deadline),
                        day(x.new_deadline),
                        x.decided_on.map(day),
                    );
                    t.row(&[
                        Field::Int(x.id),
                        Field::Int(item.row.id),
                        Field::Text(&asked),
                        Field::Text(&old),
                        Field::Text(&new),
                        Field::Text(&x.reason),
                        Field::Text(x.decision.code()),
                        Field::opt_text(decided.as_deref()),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    let item_ids: HashMap<_, _> = office
        .items
        .iter()
        .map(|i| (i.row.number, i.row.id))
        .collect();
    let item_of = |e: &StoredEvent| -> Result<Option<i64>> {
        match e.item {
            Some(n) => Ok(Some(item_ids.get(&n).copied().ok_or_else(|| {
                crate::Error::from(ImportRefusal::row(
                    "events",
                    "item",
                    RowProblem::UnknownReference {
                        what: Reference::Item,
                        got: n.to_string(),
                    },
                ))
            })?)),
            None => Ok(None),
        }
    };
    copy(
        c,
        "events (id, batch, at, on_date, actor, item_id, kind, data)",
        |t| {
            for e in &office.events {
                let (at, on) = (stamp(e.at), day(e.on_date));
                t.row(&[
                    Field::Int(e.id),
                    Field::Int(e.batch),
                    Field::Text(&at),
                    Field::Text(&on),
                    Field::Text(&e.actor),
                    Field::opt_int(item_of(e)?),
                    Field::Text(e.kind.code()),
                    Field::Text(&e.data),
                ])?;
            }
            Ok(())
        },
    )?;
    // The chain, computed afresh over the events as written.
    copy(c, "event_chain (event_id, hash)", |t| {
        let mut head = crate::domain::history::chain::GENESIS;
        for e in &office.events {
            let (at, on_date) = (stamp(e.at), day(e.on_date));
            head = crate::domain::history::chain::next(
                &head,
                &crate::domain::history::chain::Linked {
                    batch: e.batch,
                    at: &at,
                    on_date: &on_date,
                    actor: &e.actor,
                    item_id: item_of(e)?,
                    kind: e.kind.code(),
                    data: &e.data,
                },
            );
            t.row(&[
                Field::Int(e.id),
                Field::Text(&crate::domain::history::chain::hex(&head)),
            ])?;
        }
        Ok(())
    })?;
    // One row per batch, naming its first event and the clerk who recorded it.
    copy(c, "batches (batch, actor, first_event)", |t| {
        let mut last_batch = None;
        for e in &office.events {
            if last_batch != Some(e.batch) {
                t.row(&[Field::Int(e.batch), Field::Text(&e.actor), Field::Int(e.id)])?;
                last_batch = Some(e.batch);
            }
        }
        Ok(())
    })?;
    match &office.chain_origins {
        // A copy: the chain computed again is the original's, and so are its origins.
        Some(origins) => {
            for o in origins {
                c.execute(
                    "INSERT INTO chain_origin (first_event, chained_at, how) VALUES ($1, $2, $3) \
                     ON CONFLICT (first_event) DO NOTHING",
                    &[&o.first_event, &o.chained_at, &o.how],
                )?;
            }
        }
        None => {
            if let Some(last) = office.events.last() {
                c.execute(
                    "INSERT INTO chain_origin (first_event, chained_at, how) \
                     VALUES ($1, to_char(localtimestamp, 'YYYY-MM-DD\"T\"HH24:MI:SS'), 'import')",
                    &[&(last.id + 1)],
                )?;
            }
        }
    }
    // The identity columns go on past every id written: no id is ever given twice.
    for table in [
        "departments",
        "items",
        "milestones",
        "feedback",
        "notes",
        "commendations",
        "leader_instructions",
        "extensions",
        "attachments",
    ] {
        c.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ),
            &[],
        )?;
    }
    super::days::rebuild_all(c)?;
    Ok(Imported {
        departments: office.departments.len(),
        items: office.items.len(),
        events: office.events.len(),
    })
}

//! A whole office out of the server and into an empty office there: the SQL of
//! `Records::export` and `Backend::import` on PostgreSQL. As in SQLite's, the export reads each
//! table once in the order of item ids, inside one snapshot, and merges the records into their
//! items as it goes.

use std::collections::HashMap;

use postgres::{GenericClient, Row};

use super::queries::{ITEM_ROW_COLUMNS, item_row};
use super::value::{
    self, Param, code, day_of, int, opt_day, opt_percent, opt_real, opt_text, real, refs, text,
};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::EventCode;
use crate::domain::import::{ImportRefusal, Reference, RowProblem};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::FeedbackKind;
use crate::domain::ladder::Level;
use crate::error::Result;
use crate::store::dates::{day, stamp};
use crate::store::exchange::{Department, ExportSink, Imported, Office, StoredEvent};
use crate::store::model::{
    Commendation, Extension, Feedback, Instruction, ItemDetail, Milestone, Note,
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
    let mut numbers = HashMap::new();
    let items = c.query(
        &format!(
            "SELECT {}, i.requirement, i.instruction, i.leader, i.original_deadline, \
             i.no_deadline_reason FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             ORDER BY i.id",
            super::rows::row_select()
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
    Ok(())
}

/// Writes `office` into the empty office in `c` (one transaction, under the write lock);
/// refuses an office that holds anything. The chain is computed afresh (`how`: `import`, or
/// `copy` for `duban db copy`), and the identity columns moved past every id written.
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
    let mut dept_ids = HashMap::new();
    for d in &office.departments {
        c.execute(
            "INSERT INTO departments (id, name) VALUES ($1, $2)",
            &[&d.id, &d.name],
        )?;
        dept_ids.insert(d.name.as_str(), d.id);
    }
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
    let insert_item = format!(
        "INSERT INTO items ({}, requirement, instruction, leader, original_deadline, \
         no_deadline_reason) VALUES ({})",
        crate::store::sqlite::columns::ROW.join(", "),
        (1..=ITEM_ROW_COLUMNS + 5)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let insert_item = c.prepare(&insert_item)?;
    let mut item_ids = HashMap::new();
    for item in &office.items {
        let r = &item.row;
        let id = r.id;
        item_ids.insert(r.number, id);
        let params = [
            Param::Int(id),
            Param::int(r.number.year),
            Param::int(r.number.seq),
            Param::text(&r.title),
            Param::Int(dept(&r.lead_department)?),
            Param::text(&r.owner),
            Param::text(r.status.code()),
            Param::text(r.source_kind.code()),
            Param::text(&r.source_ref),
            Param::flag(r.flags.major),
            Param::flag(r.flags.difficult),
            Param::flag(r.flags.important),
            Param::flag(r.flags.leader),
            Param::flag(r.urgent),
            Param::text(r.cadence.code()),
            Param::opt_day(r.deadline),
            Param::day(r.registered_on),
            Param::opt_day(r.assigned_on),
            Param::opt_day(r.last_feedback_on),
            Param::opt_int(r.last_percent),
            Param::opt_day(r.last_note_on),
            Param::opt_text(r.top_level.map(Level::code)),
            Param::opt_day(r.next_milestone_due),
            Param::Int(r.version),
            Param::opt_text(r.suspended_from.map(|s| s.code())),
            Param::opt_day(r.completed_on),
            Param::opt_day(r.closed_on),
            Param::opt_day(r.snoozed_until),
            Param::opt_text(r.snooze_reason.as_deref()),
            Param::opt_day(r.second_milestone_due),
            Param::opt_day(r.suspended_on),
            Param::opt_day(r.resumed_on),
            Param::opt_day(r.submitted_on),
            Param::text(&item.requirement),
            Param::opt_text(item.instruction.as_deref()),
            Param::opt_text(item.leader.as_deref()),
            Param::opt_day(item.original_deadline),
            Param::opt_text(item.no_deadline_reason.as_deref()),
        ];
        c.execute(&insert_item, &refs(&params))?;
        for name in &item.co_departments {
            c.execute(
                "INSERT INTO item_co_departments (item_id, dept_id) VALUES ($1, $2)",
                &[&id, &dept(name)?],
            )?;
        }
        for m in &item.milestones {
            let p = [
                Param::Int(m.id),
                Param::Int(id),
                Param::text(&m.title),
                Param::day(m.due_on),
                Param::opt_day(m.done_on),
            ];
            c.execute(
                "INSERT INTO milestones (id, item_id, title, due_on, done_on) \
                 VALUES ($1, $2, $3, $4, $5)",
                &refs(&p),
            )?;
        }
        for f in &item.feedback {
            let p = [
                Param::Int(f.id),
                Param::Int(id),
                Param::day(f.on_date),
                Param::text(&f.reporter),
                Param::text(&f.text),
                Param::opt_int(f.percent),
                Param::text(f.kind.code()),
            ];
            c.execute(
                "INSERT INTO feedback (id, item_id, on_date, reporter, text, percent, kind) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &refs(&p),
            )?;
        }
        for n in &item.notes {
            let p = [
                Param::Int(n.id),
                Param::Int(id),
                Param::day(n.on_date),
                Param::text(n.level.code()),
                Param::text(&n.target),
                Param::text(&n.reason),
                Param::opt_real(n.points),
                Param::text(&n.requirement),
            ];
            c.execute(
                "INSERT INTO notes (id, item_id, on_date, level, target, reason, points, \
                 requirement) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &refs(&p),
            )?;
        }
        for x in &item.commendations {
            let p = [
                Param::Int(x.id),
                Param::Int(id),
                Param::day(x.on_date),
                Param::text(&x.target),
                Param::text(&x.reason),
                Param::Real(x.points),
            ];
            c.execute(
                "INSERT INTO commendations (id, item_id, on_date, target, reason, points) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &refs(&p),
            )?;
        }
        for i in &item.instructions {
            let p = [
                Param::Int(i.id),
                Param::Int(id),
                Param::day(i.on_date),
                Param::text(&i.leader),
                Param::text(i.sense.code()),
                Param::text(&i.text),
                Param::opt_day(i.deadline),
            ];
            c.execute(
                "INSERT INTO leader_instructions (id, item_id, on_date, leader, sense, text, \
                 deadline) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &refs(&p),
            )?;
        }
        for x in &item.extensions {
            let p = [
                Param::Int(x.id),
                Param::Int(id),
                Param::day(x.requested_on),
                Param::day(x.old_deadline),
                Param::day(x.new_deadline),
                Param::text(&x.reason),
                Param::text(x.decision.code()),
                Param::opt_day(x.decided_on),
            ];
            c.execute(
                "INSERT INTO extensions (id, item_id, requested_on, old_deadline, new_deadline, \
                 reason, decision, decided_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &refs(&p),
            )?;
        }
    }
    let insert_event = c.prepare(
        "INSERT INTO events (id, batch, at, on_date, actor, item_id, kind, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?;
    let link = c.prepare("INSERT INTO event_chain (event_id, hash) VALUES ($1, $2)")?;
    let batch = c.prepare("INSERT INTO batches (batch, actor, first_event) VALUES ($1, $2, $3)")?;
    let mut head = crate::domain::history::chain::GENESIS;
    let mut last_batch = None;
    for e in &office.events {
        let item_id = match e.item {
            Some(n) => Some(item_ids.get(&n).copied().ok_or_else(|| {
                crate::Error::from(ImportRefusal::row(
                    "events",
                    "item",
                    RowProblem::UnknownReference {
                        what: Reference::Item,
                        got: n.to_string(),
                    },
                ))
            })?),
            None => None,
        };
        let (at, on_date) = (stamp(e.at), day(e.on_date));
        c.execute(
            &insert_event,
            &[
                &e.id,
                &e.batch,
                &at,
                &on_date,
                &e.actor,
                &item_id,
                &e.kind.code(),
                &e.data,
            ],
        )?;
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
        c.execute(&link, &[&e.id, &crate::domain::history::chain::hex(&head)])?;
        if last_batch != Some(e.batch) {
            c.execute(&batch, &[&e.batch, &e.actor, &e.id])?;
            last_batch = Some(e.batch);
        }
    }
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

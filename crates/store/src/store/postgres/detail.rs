//! One item's whole record in one statement, so in one round trip: the item's row, and each kind
//! of record it holds (co-departments, milestones, feedback, notes, commendations, instructions,
//! extensions, attachments, events) as one array per column, aggregated in the order the interface shows
//! them. A single statement sees one state of the office, as the snapshot of several did; the
//! server is asked once where it was asked ten times (the interface reads the next card's
//! record after every triage decision).

use postgres::Row;
use postgres::types::FromSql;

use super::queries::{ITEM_ROW_COLUMNS, event_of, item_row};
use super::value::{self, Param, bad, refs};
use crate::domain::attachment::AttachmentKind;
use crate::domain::extension::ExtensionDecision;
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::error::{Error, Result};
use crate::store::dates::parse_day_bytes;
use crate::store::model::{
    Attachment, Commendation, Extension, Feedback, Instruction, ItemDetail, Milestone, Note,
};
use crate::store::sqlite::columns::row_select;

/// A kind of record the item holds: where it is read from, in which order, and its columns.
struct Part {
    alias: &'static str,
    from: &'static str,
    order: &'static str,
    columns: &'static [&'static str],
}

/// The parts, in the order their arrays follow the item's columns.
const PARTS: &[Part] = &[
    Part {
        alias: "co",
        from: "item_co_departments c JOIN departments d ON d.id = c.dept_id WHERE c.item_id = i.id",
        order: "d.name",
        columns: &["d.name"],
    },
    Part {
        alias: "ms",
        from: "milestones WHERE item_id = i.id",
        order: "id",
        columns: &["id", "title", "due_on", "done_on"],
    },
    Part {
        alias: "fb",
        from: "feedback WHERE item_id = i.id",
        order: "on_date DESC, id DESC",
        columns: &["id", "on_date", "reporter", "text", "percent", "kind"],
    },
    Part {
        alias: "nt",
        from: "notes WHERE item_id = i.id",
        order: "on_date DESC, id DESC",
        columns: &[
            "id",
            "on_date",
            "level",
            "target",
            "reason",
            "points",
            "requirement",
        ],
    },
    Part {
        alias: "cm",
        from: "commendations WHERE item_id = i.id",
        order: "on_date DESC, id DESC",
        columns: &["id", "on_date", "target", "reason", "points"],
    },
    Part {
        alias: "li",
        from: "leader_instructions WHERE item_id = i.id",
        order: "on_date DESC, id DESC",
        columns: &["id", "on_date", "leader", "sense", "text", "deadline"],
    },
    Part {
        alias: "ex",
        from: "extensions WHERE item_id = i.id",
        order: "id",
        columns: &[
            "id",
            "requested_on",
            "old_deadline",
            "new_deadline",
            "reason",
            "decision",
            "decided_on",
        ],
    },
    Part {
        alias: "at",
        from: "attachments WHERE item_id = i.id",
        order: "id",
        columns: &["id", "on_date", "name", "kind", "size", "sha256", "note"],
    },
    Part {
        alias: "ev",
        from: "events WHERE item_id = i.id",
        order: "id",
        columns: &["id", "batch", "at", "on_date", "actor", "kind", "data"],
    },
];

/// The item's columns as the list reads them, the detail's own, then each part's arrays.
pub fn statement() -> String {
    let mut select = format!(
        "SELECT {}, i.requirement, i.instruction, i.leader, i.original_deadline, \
         i.no_deadline_reason",
        row_select()
    );
    let mut joins = String::new();
    for part in PARTS {
        let mut aggregates = Vec::with_capacity(part.columns.len());
        for (c, column) in part.columns.iter().enumerate() {
            select.push_str(&format!(", {}.c{c}", part.alias));
            aggregates.push(format!(
                "array_agg({column} ORDER BY {}) AS c{c}",
                part.order
            ));
        }
        joins.push_str(&format!(
            " CROSS JOIN LATERAL (SELECT {} FROM {}) {}",
            aggregates.join(", "),
            part.from,
            part.alias
        ));
    }
    format!(
        "{select} FROM items i JOIN departments d ON d.id = i.lead_dept_id{joins} \
         WHERE i.year = $1 AND i.seq = $2"
    )
}

/// The columns of a row read one after the other: the arrays of the parts.
struct Arrays<'r> {
    row: &'r Row,
    next: usize,
}

impl<'r> Arrays<'r> {
    /// The next column's array (empty when the item holds no such record: `array_agg` of no
    /// rows is NULL).
    fn next<T: FromSql<'r>>(&mut self) -> Result<Vec<T>> {
        let at = self.next;
        self.next += 1;
        Ok(self
            .row
            .try_get::<_, Option<Vec<T>>>(at)?
            .unwrap_or_default())
    }

    fn days(&mut self) -> Result<Vec<chrono::NaiveDate>> {
        let at = self.next;
        self.opt_days()?
            .into_iter()
            .map(|d| d.ok_or_else(|| bad(at, "missing date")))
            .collect()
    }

    fn opt_days(&mut self) -> Result<Vec<Option<chrono::NaiveDate>>> {
        let at = self.next;
        self.next::<Option<&str>>()?
            .into_iter()
            .map(|d| match d {
                None => Ok(None),
                Some(t) => parse_day_bytes(t.as_bytes())
                    .map(Some)
                    .ok_or_else(|| bad(at, "not a date")),
            })
            .collect()
    }

    fn codes<T>(&mut self, from: fn(&[u8]) -> Option<T>) -> Result<Vec<T>> {
        let at = self.next;
        self.next::<&str>()?
            .into_iter()
            .map(|t| from(t.as_bytes()).ok_or_else(|| bad(at, "unknown code")))
            .collect()
    }

    fn percents(&mut self) -> Result<Vec<Option<u8>>> {
        let at = self.next;
        self.next::<Option<i64>>()?
            .into_iter()
            .map(|p| {
                p.map(|p| u8::try_from(p).map_err(|_| bad(at, "not a percentage")))
                    .transpose()
            })
            .collect()
    }
}

/// Reads the item numbered `number` and all it holds.
pub fn item_detail(
    client: &mut postgres::Client,
    statements: &super::prepared::Statements,
    number: ItemNumber,
) -> Result<ItemDetail> {
    let statement = statements.get(client, &statement())?;
    let at = [Param::int(number.year), Param::int(number.seq)];
    let r = client
        .query_opt(&statement, &refs(&at))?
        .ok_or_else(|| Error::NoSuchItem(number.to_string()))?;
    let n = ITEM_ROW_COLUMNS;
    let mut a = Arrays {
        row: &r,
        next: n + 5,
    };
    let co_departments = a.next::<String>()?;
    let milestones = zip4(a.next()?, a.next()?, a.days()?, a.opt_days()?)
        .map(|(id, title, due_on, done_on)| Milestone {
            id,
            title,
            due_on,
            done_on,
        })
        .collect();
    let (ids, days, reporters) = (a.next()?, a.days()?, a.next()?);
    let (texts, percents) = (a.next()?, a.percents()?);
    let kinds = a.codes(FeedbackKind::from_code_bytes)?;
    let feedback = zip4(ids, days, reporters, zip3(texts, percents, kinds))
        .map(|(id, on_date, reporter, (text, percent, kind))| Feedback {
            id,
            on_date,
            reporter,
            text,
            percent,
            kind,
        })
        .collect();
    let (ids, days, levels) = (a.next()?, a.days()?, a.codes(Level::from_code_bytes)?);
    let (targets, reasons, points, requirements) = (a.next()?, a.next()?, a.next()?, a.next()?);
    let notes = zip4(
        ids,
        days,
        levels,
        zip4(targets, reasons, points, requirements),
    )
    .map(
        |(id, on_date, level, (target, reason, points, requirement))| Note {
            id,
            on_date,
            level,
            target,
            reason,
            points,
            requirement,
        },
    )
    .collect();
    let (ids, days, targets, reasons, points) =
        (a.next()?, a.days()?, a.next()?, a.next()?, a.next()?);
    let commendations = zip4(ids, days, targets, reasons.into_iter().zip(points))
        .map(|(id, on_date, target, (reason, points))| Commendation {
            id,
            on_date,
            target,
            reason,
            points,
        })
        .collect();
    let (ids, days, leaders) = (a.next()?, a.days()?, a.next()?);
    let senses = a.codes(InstructionSense::from_code_bytes)?;
    let (texts, deadlines) = (a.next()?, a.opt_days()?);
    let instructions = zip4(ids, days, leaders, zip3(senses, texts, deadlines))
        .map(
            |(id, on_date, leader, (sense, text, deadline))| Instruction {
                id,
                on_date,
                leader,
                sense,
                text,
                deadline,
            },
        )
        .collect();
    let (ids, requested, old, new) = (a.next()?, a.days()?, a.days()?, a.days()?);
    let (reasons, decisions, decided) = (
        a.next()?,
        a.codes(ExtensionDecision::from_code_bytes)?,
        a.opt_days()?,
    );
    let extensions = zip4(ids, requested, old, zip4(new, reasons, decisions, decided))
        .map(
            |(id, requested_on, old_deadline, (new_deadline, reason, decision, decided_on))| {
                Extension {
                    id,
                    requested_on,
                    old_deadline,
                    new_deadline,
                    reason,
                    decision,
                    decided_on,
                }
            },
        )
        .collect();
    let (ids, days, names) = (a.next()?, a.days()?, a.next()?);
    let kinds = a.codes(AttachmentKind::from_code_bytes)?;
    let (sizes, hashes, notes_of) = (a.next::<i64>()?, a.next()?, a.next()?);
    let attachments = zip4(ids, days, names, zip4(kinds, sizes, hashes, notes_of))
        .map(
            |(id, on_date, name, (kind, size, sha256, note))| Attachment {
                id,
                on_date,
                name,
                kind,
                size: u64::try_from(size).unwrap_or(0),
                sha256,
                note,
            },
        )
        .collect();
    let (ids, batches, ats, days) = (a.next()?, a.next()?, a.next::<&str>()?, a.days()?);
    let (actors, kinds, data) = (a.next()?, a.next()?, a.next()?);
    let events = zip4(ids, batches, ats, zip4(days, actors, kinds, data))
        .map(|(id, batch, at, (on_date, actor, kind, data))| {
            event_of(id, batch, at, on_date, actor, kind, data)
        })
        .collect::<Result<_>>()?;
    Ok(ItemDetail {
        requirement: value::text(&r, n)?,
        instruction: value::opt_text(&r, n + 1)?,
        leader: value::opt_text(&r, n + 2)?,
        co_departments,
        original_deadline: value::opt_day(&r, n + 3)?,
        no_deadline_reason: value::opt_text(&r, n + 4)?,
        milestones,
        feedback,
        notes,
        commendations,
        instructions,
        attachments,
        extensions,
        events,
        row: item_row(&r)?,
    })
}

fn zip3<A, B, C>(
    a: impl IntoIterator<Item = A>,
    b: impl IntoIterator<Item = B>,
    c: impl IntoIterator<Item = C>,
) -> impl Iterator<Item = (A, B, C)> {
    a.into_iter().zip(b).zip(c).map(|((a, b), c)| (a, b, c))
}

fn zip4<A, B, C, D>(
    a: impl IntoIterator<Item = A>,
    b: impl IntoIterator<Item = B>,
    c: impl IntoIterator<Item = C>,
    d: impl IntoIterator<Item = D>,
) -> impl Iterator<Item = (A, B, C, D)> {
    zip3(a, b, c).zip(d).map(|((a, b, c), d)| (a, b, c, d))
}

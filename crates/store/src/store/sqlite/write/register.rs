//! Registering an item, and correcting its descriptive fields afterwards.

use rusqlite::params;

use super::Writer;
use crate::domain::history::{Change, Changes, Column, EventKind, ItemChange, Registered, Value};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::Status;
use crate::domain::validate;
use crate::error::Result;
use crate::store::model::{ItemEdit, ItemRow, NewItem};
use crate::store::sqlite::codec::day;
use crate::store::sqlite::columns;

impl Writer<'_> {
    /// Registers an item and returns its number (the next of its registration year). A
    /// deadline on a non-working day is kept on the next working day (顺延).
    pub fn add_item(&mut self, new: &NewItem) -> Result<ItemNumber> {
        validate::in_office_years("--today", new.registered_on)?;
        let new = &NewItem {
            deadline: match new.deadline {
                Some(d) => Some(
                    crate::domain::dates::item_deadline(
                        "due",
                        d,
                        Some(new.source_kind),
                        &self.ctx.calendar,
                    )?
                    .0,
                ),
                None => None,
            },
            ..new.clone()
        };
        let year = chrono::Datelike::year(&new.registered_on);
        let seq: u32 = self
            .tx
            .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM items WHERE year = ?1")?
            .query_row([year], |r| r.get(0))?;
        let lead = self.department(&new.lead)?;
        self.tx
            .prepare_cached(
                "INSERT INTO items (year, seq, title, requirement, source_kind, source_ref, \
                 instruction, leader, lead_dept_id, owner, major, difficult, important, \
                 leader_concerned, urgent, cadence, original_deadline, deadline, \
                 no_deadline_reason, status, registered_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?17, ?18, 'registered', ?19)",
            )?
            .execute(params![
                year,
                seq,
                new.title,
                new.requirement,
                new.source_kind.code(),
                new.source_ref,
                new.instruction,
                new.leader,
                lead,
                new.owner,
                new.flags.major,
                new.flags.difficult,
                new.flags.important,
                new.flags.leader,
                new.urgent,
                new.cadence.code(),
                new.deadline.map(day),
                new.no_deadline_reason,
                day(new.registered_on),
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut co = Vec::new();
        for name in &new.co {
            let dept = self.department(name)?;
            // The event names each co-department once, as the table holds it.
            if dept != lead && !co.contains(name) {
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO item_co_departments (item_id, dept_id) VALUES (?1, ?2)",
                    )?
                    .execute([id, dept])?;
                co.push(name.clone());
            }
        }
        let number = ItemNumber { year, seq };
        // The new row is the writer's current item: the moves that usually follow need not
        // read it back.
        self.flush()?;
        *self.last.borrow_mut() = Some((ItemRow::registered(id, number, new), false));
        self.record(
            Some(id),
            &EventKind::ItemRegistered(Box::new(Registered {
                number,
                title: new.title.clone(),
                requirement: new.requirement.clone(),
                source_kind: new.source_kind,
                source_ref: new.source_ref.clone(),
                instruction: new.instruction.clone(),
                leader: new.leader.clone(),
                lead_department: new.lead.clone(),
                co_departments: co,
                owner: new.owner.clone(),
                flags: new.flags,
                urgent: new.urgent,
                cadence: new.cadence,
                deadline: new.deadline,
                no_deadline_reason: new.no_deadline_reason.clone(),
                status: Status::Registered,
                registered_on: new.registered_on,
            })),
        )?;
        Ok(number)
    }

    /// Corrects the descriptive fields of an item. Only changed fields are recorded.
    pub fn edit_item(
        &self,
        number: ItemNumber,
        edit: &ItemEdit,
        expected_version: Option<i64>,
    ) -> Result<bool> {
        let row = self.item(number)?;
        self.check_version(&row, expected_version)?;
        let requirement: String = self
            .tx
            .prepare_cached("SELECT requirement FROM items WHERE id = ?1")?
            .query_row([row.id], |r| r.get(0))?;
        let text = |t: &str| Value::Text(t.to_string());
        let flag = |b: bool| Value::Int(i64::from(b));
        let wanted = [
            (Column::Title, text(&edit.title)),
            (Column::Requirement, text(&edit.requirement)),
            (Column::Owner, text(&edit.owner)),
            (Column::SourceRef, text(&edit.source_ref)),
            (Column::Cadence, text(edit.cadence.code())),
            (Column::Major, flag(edit.flags.major)),
            (Column::Difficult, flag(edit.flags.difficult)),
            (Column::Important, flag(edit.flags.important)),
            (Column::LeaderConcerned, flag(edit.flags.leader)),
            (Column::Urgent, flag(edit.urgent)),
        ];
        let changes: Vec<Change> = wanted
            .into_iter()
            .filter_map(|(column, after)| {
                let before = if column == Column::Requirement {
                    text(&requirement)
                } else {
                    columns::get(&row, column)
                };
                (before != after).then_some(Change {
                    column,
                    before,
                    after,
                })
            })
            .collect();
        if changes.is_empty() {
            return Ok(false);
        }
        // Descriptive columns are not part of the write-behind row: write them now.
        self.flush()?;
        let mut sql = String::from("UPDATE items SET version = version + 1");
        for (i, c) in changes.iter().enumerate() {
            sql.push_str(&format!(", {} = ?{}", c.column.code(), i + 2));
        }
        sql.push_str(" WHERE id = ?1");
        let mut values = vec![rusqlite::types::Value::Integer(row.id)];
        values.extend(changes.iter().map(|c| columns::to_sql(&c.after)));
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        let mut updated = row.clone();
        updated.version += 1;
        for c in &changes {
            columns::set(&mut updated, c.column, &c.after);
        }
        let on = ItemChange {
            number: row.number,
            version: updated.version,
            changes: Changes(changes),
        };
        *self.last.borrow_mut() = Some((updated, false));
        self.record(Some(row.id), &EventKind::ItemEdited { on })?;
        Ok(true)
    }
}

//! Registering an item, and correcting its descriptive fields afterwards.

use super::Writer;
use crate::domain::history::{Change, Changes, Column, EventKind, ItemChange, Registered, Value};
use crate::domain::item::ItemNumber;
use crate::domain::lifecycle::Status;
use crate::domain::validate;
use crate::error::Result;
use crate::store::item_columns;
use crate::store::model::{ItemEdit, NewItem};
use crate::store::rows::Rows;

impl<R: Rows + ?Sized> Writer<'_, R> {
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
        let lead = self.department(&new.lead)?;
        // The event names each co-department once, as the store holds them.
        let mut co = Vec::new();
        let mut co_ids = Vec::new();
        for name in &new.co {
            let dept = self.department(name)?;
            if dept != lead && !co.contains(name) {
                co.push(name.clone());
                co_ids.push(dept);
            }
        }
        let (id, number) = self.rows.insert_item(new, lead, &co_ids)?;
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
                origin: new.origin.clone(),
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
        let row = self.load_seen(number, expected_version)?;
        let (requirement, _) = self.rows.column(row.id, Column::Requirement)?;
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
                    requirement.clone()
                } else {
                    item_columns::get(&row, column)
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
        // Descriptive columns are not part of the row written behind: they are written now.
        let version = self.rows.put_columns(row.id, &changes)?;
        let on = ItemChange {
            number: row.number,
            version,
            changes: Changes(changes),
        };
        self.record(Some(row.id), &EventKind::ItemEdited { on })?;
        Ok(true)
    }
}

//! The item columns that change after registration, as the store reads, writes and reverses
//! them: one description ([`Column`]) from which the write-behind UPDATE, undo's allow-list and
//! replay follow.

use std::sync::OnceLock;

use rusqlite::types::Value as Sql;

use crate::domain::history::{Column, Value};

/// An item row as lists and the writer read it, in [`ItemRow`]'s decode order
/// (`codec::item_row`): the item table's columns, the lead department by id (read by name
/// through a join, or by id where a list maps the names itself). The select of a row and the
/// covering index of running items follow from this one list.
pub const ROW: [&str; 33] = [
    "id",
    "year",
    "seq",
    "title",
    "lead_dept_id",
    "owner",
    "status",
    "source_kind",
    "source_ref",
    "major",
    "difficult",
    "important",
    "leader_concerned",
    "urgent",
    "cadence",
    "deadline",
    "registered_on",
    "assigned_on",
    "last_feedback_on",
    "last_percent",
    "last_note_on",
    "top_level",
    "next_milestone_due",
    "version",
    "suspended_from",
    "completed_on",
    "closed_on",
    "snoozed_until",
    "snooze_reason",
    "second_milestone_due",
    "suspended_on",
    "resumed_on",
    "submitted_on",
];

/// The select list of an item row: `i.` columns, the lead department's name as `d.name`
/// (queries join `departments d`).
pub fn row_select() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        ROW.iter()
            .map(|c| match *c {
                "lead_dept_id" => "d.name".to_string(),
                other => format!("i.{other}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The select list of an item row with the lead department by id: no join per row, for long
/// lists that map the dozen departments' names themselves.
pub fn row_select_by_dept_id() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        ROW.iter()
            .map(|c| format!("i.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The index that covers every row a list of running items reads, in deadline order: the list
/// of overdue items and the clerk's queue read it without touching the table (11,000 overdue
/// items of 100,000 in about 25 ms instead of 80). Status and deadline lead; the rest of the row
/// follows in [`ROW`]'s order (the row id is the index's own).
pub fn running_list_index() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let rest: Vec<&str> = ROW
            .iter()
            .copied()
            .filter(|c| !matches!(*c, "id" | "status" | "deadline"))
            .collect();
        format!(
            "CREATE INDEX IF NOT EXISTS items_running_list ON items(\n    status, deadline, {})\n\
             WHERE status IN ('registered', 'assigned', 'acknowledged', 'in_progress', 'awaiting_review')",
            rest.join(", ")
        )
    })
}

pub fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Int(i) => Sql::Integer(*i),
        Value::Real(r) => Sql::Real(*r),
        Value::Text(t) => Sql::Text(t.clone()),
    }
}

pub fn from_sql(v: Sql) -> Value {
    match v {
        Sql::Null | Sql::Blob(_) => Value::Null,
        Sql::Integer(i) => Value::Int(i),
        Sql::Real(r) => Value::Real(r),
        Sql::Text(t) => Value::Text(t),
    }
}

/// The columns written behind (in [`update_sql`]'s order): every column that follows from the
/// item's records and moves. Descriptive columns, which edits change, are written at once.
pub fn written_behind() -> impl Iterator<Item = Column> {
    Column::ALL.iter().copied().filter(|c| !c.is_descriptive())
}

/// `UPDATE items SET version = ?2, <each column written behind> = ?3, … WHERE id = ?1`.
pub fn update_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let mut sql = String::from("UPDATE items SET version = ?2");
        for (i, c) in written_behind().enumerate() {
            sql.push_str(&format!(", {} = ?{}", c.code(), i + 3));
        }
        sql.push_str(" WHERE id = ?1");
        sql
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The write-behind UPDATE writes the columns that follow from records and moves, not the
    /// descriptive ones (an edit writes those at once).
    #[test]
    fn the_write_behind_update_leaves_descriptive_columns_out() {
        assert!(update_sql().contains("status = ?3"));
        assert!(!update_sql().contains("title"));
    }

    /// Every column a change may set is read with the row and covered by the list's index, so
    /// that adding a column to [`Column`] without adding it to [`ROW`] fails here.
    #[test]
    fn the_row_and_its_index_hold_every_changing_column() {
        for c in Column::ALL.iter().filter(|c| **c != Column::Requirement) {
            assert!(ROW.contains(&c.code()), "{c} is not read with the row");
            assert!(
                running_list_index().contains(&format!(" {},", c.code()))
                    || running_list_index().contains(&format!(" {})", c.code())),
                "{c} is not in the running list index"
            );
        }
        assert_eq!(row_select().split(',').count(), ROW.len());
        assert!(row_select().starts_with("i.id, i.year, i.seq, i.title, d.name, "));
        assert!(row_select_by_dept_id().contains("i.lead_dept_id"));
    }
}

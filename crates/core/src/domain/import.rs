//! Why an import was refused: one sentence naming the row of the file (`items[12]`,
//! `items[12].feedback[0]`, `events[301]`) and its field, so that the clerk can find and mend it.
//! Nothing is written when any row is refused.

use super::validate::{InputError, Problem};

/// What is wrong with one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A value a clerk could have typed, refused by the same checks as typing it.
    Input(Problem),
    /// The field is absent (or null where a value is required).
    Missing,
    /// The field holds another kind of value (`expected`: "a whole number", "text", …).
    WrongType { expected: &'static str },
    /// A department or item the file does not hold.
    UnknownReference { what: Reference, got: String },
    /// A number or name another row of the same list already holds.
    Duplicate { got: String },
    /// Events must come in the order recorded: ids rising, batches never falling.
    OutOfOrder,
    /// The event's payload does not decode as its kind (`docs/events.md`).
    Payload { reason: String },
    /// The row names the same key twice (JSON would keep either one).
    DuplicateKey { key: String },
    /// The item's row or one of its records says what its events do not (`what`: the first
    /// field or record that differs, `status`, `feedback 347 text`, `note 12: no event
    /// records it`).
    DisagreesWithHistory { what: String },
    /// No event of the history registers the item.
    NotRegistered,
}

/// What an unknown reference was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    Department,
    Item,
    /// A file listed in "files".
    File,
}

/// A refused import.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportRefusal {
    /// The database already holds an office.
    #[error(
        "the database already holds {items} items and {events} events; import only into an empty database (use another --db path); nothing was imported"
    )]
    NotEmpty { items: i64, events: i64 },
    /// The file is not JSON, or not a duban export of a version this duban reads.
    #[error("{file} is not a duban JSON export ({reason}); nothing was imported")]
    NotAnExport { file: String, reason: String },
    /// One field of one row is refused.
    #[error("{}", english(.row, .field, .problem))]
    Row {
        row: String,
        field: &'static str,
        problem: RowProblem,
    },
}

impl ImportRefusal {
    pub fn row(row: impl Into<String>, field: &'static str, problem: RowProblem) -> Self {
        ImportRefusal::Row {
            row: row.into(),
            field,
            problem,
        }
    }

    /// A refusal of a value by the checks of typing it.
    pub fn input(row: impl Into<String>, e: InputError) -> Self {
        Self::row(row, e.field, RowProblem::Input(e.problem))
    }
}

fn english(row: &str, field: &str, problem: &RowProblem) -> String {
    let what = match problem {
        RowProblem::Input(p) => {
            // The typing checks' own sentence, which begins with the field's name.
            let sentence = InputError::new("value", p.clone()).to_string();
            match sentence.strip_prefix("value") {
                Some(rest) => format!("{}{rest}", field_name(row, field)),
                None => format!("{}: {sentence}", field_name(row, field)),
            }
        }
        RowProblem::Missing => format!("{} is missing", field_name(row, field)),
        RowProblem::WrongType { expected } => {
            format!("{} must be {expected}", field_name(row, field))
        }
        RowProblem::UnknownReference { what, got } => {
            let what = match what {
                Reference::Department => "a department listed in \"departments\"",
                Reference::Item => "an item of the file",
                Reference::File => "a file listed in \"files\"",
            };
            format!(
                "{} '{}' is not {what}",
                field_name(row, field),
                super::validate::shown(got)
            )
        }
        RowProblem::Duplicate { got } => format!(
            "{} '{}' is already used by an earlier row",
            field_name(row, field),
            super::validate::shown(got)
        ),
        RowProblem::OutOfOrder => format!(
            "{} is out of order: events must come in the order recorded (ids rising, batches never falling)",
            field_name(row, field)
        ),
        RowProblem::Payload { reason } => format!(
            "{} does not decode as its kind ({})",
            field_name(row, field),
            super::validate::shown(reason)
        ),
        RowProblem::DuplicateKey { key } => format!(
            "{row} holds the key \"{}\" twice; each field is given once",
            super::validate::shown(key)
        ),
        RowProblem::DisagreesWithHistory { what } => format!(
            "{row} disagrees with its events in \"events\" ({}): a row must say what its history records",
            super::validate::shown(what)
        ),
        RowProblem::NotRegistered => {
            format!("{row} has no item_registered event in \"events\"")
        }
    };
    format!("{what}; nothing was imported")
}

/// `items[12].deadline`.
fn field_name(row: &str, field: &str) -> String {
    format!("{row}.{field}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_row_and_the_field() {
        let e = ImportRefusal::row(
            "items[12]",
            "deadline",
            RowProblem::Input(Problem::NotADate {
                got: "2026-02-30".into(),
            }),
        );
        assert_eq!(
            e.to_string(),
            "items[12].deadline must be a real date written YYYY-MM-DD, e.g. 2026-12-01 (got '2026-02-30'); nothing was imported"
        );
        let e = ImportRefusal::row("events[301]", "item", RowProblem::Missing);
        assert_eq!(
            e.to_string(),
            "events[301].item is missing; nothing was imported"
        );
    }
}

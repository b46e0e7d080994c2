//! Statements prepared once per connection: a statement sent as text is parsed by the server
//! and then run, two round trips each time; prepared, it is one. A clerk's decision runs a few
//! dozen statements, so this halves what it waits for.

use std::collections::HashMap;
use std::sync::Mutex;

use postgres::{GenericClient, Statement};

use crate::error::Result;

/// The statements prepared on one connection, by their text.
#[derive(Default)]
pub(super) struct Statements(Mutex<HashMap<String, Statement>>);

impl Statements {
    /// The statement `sql`, prepared on `c` the first time it is asked for.
    pub(super) fn get(&self, c: &mut impl GenericClient, sql: &str) -> Result<Statement> {
        let mut known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(statement) = known.get(sql) {
            return Ok(statement.clone());
        }
        let statement = c.prepare(sql)?;
        known.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// Forgets every statement: they belonged to a connection that is gone.
    pub(super) fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

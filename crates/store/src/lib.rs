//! duban's store: the office's record behind one interface (`store::Records`,
//! `store::WriteTx`, `store::Backend`), in the core's types, and the SQLite backend; and the
//! record's errors (`error`), in store terms with the rules' refusals passed up.
//!
//! Stands on `duban-core` only. The core's modules are re-exported under their own names, so
//! that a path reads the same in every crate (`crate::domain::...`).

pub use duban_core::{clock, domain, files, json, lang, report, spreadsheet, text};

pub mod error;
pub mod store;

pub use error::{Error, Result};

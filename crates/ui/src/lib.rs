//! duban's terminal interface (`ui`): ratatui drawing from the application's state only, the
//! key table that turns keys into `Action`s, the theme, and the interface's words in both
//! languages.
//!
//! Stands on `duban-app`, `duban-store` and `duban-core`; the configuration file is read above
//! it, by the binary, into this crate's key and theme types. The lower crates' modules are
//! re-exported under their own names.

pub use duban_app::{app, exchange};
pub use duban_core::{clock, domain, files, json, lang, report, spreadsheet, text};
pub use duban_store::{Error, Result, error, store};

pub mod ui;

//! duban (督办): supervision and follow-up of an office's action items.
//!
//! The binary's crate: the command line (`cli`) and the configuration file (`config`), the
//! edges that read what the clerk typed and wrote and hand values down. The crates below it
//! stack one way, lowest first, and the compiler holds the direction (`cargo tree -e normal
//! -p duban-ui` shows what each stands on):
//! - `duban-core`: `domain`, `report`, `lang`, `text`, `clock`, `json`, `spreadsheet`, `files`;
//! - `duban-store`: `store` (its interface and the SQLite backend), `error`;
//! - `duban-app`: `app`, `exchange`;
//! - `duban-ui`: `ui`.
//!
//! Their modules are re-exported here under their own names (`duban::store`, `duban::ui`, …).

pub use duban_app::{app, exchange};
pub use duban_core::{clock, domain, files, json, lang, report, spreadsheet, text};
pub use duban_store::{Error, Result, error, store};
pub use duban_ui::ui;

pub mod cli;
pub mod config;

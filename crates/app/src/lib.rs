//! duban's application: the state the interface shows and `App::update`, the only place it
//! changes (`app`); the operations the command line and the interface share (`app::Office`);
//! the sample office; the exchange formats (`exchange`: JSON and CSV in and out).
//!
//! Stands on `duban-store` and `duban-core`; knows no terminal and no configuration file. The
//! lower crates' modules are re-exported under their own names.

pub use duban_core::{clock, domain, files, json, lang, report, spreadsheet, text};
pub use duban_store::{Error, Result, error, store};

pub mod app;
pub mod exchange;

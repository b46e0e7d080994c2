//! duban (督办): supervision and follow-up of an office's action items.
//!
//! Layers, lowest first; a module imports only from its own layer or a lower one
//! (`tests/layers.rs` reads every `crate::` path and holds this; it also holds that no layer
//! adds inherent methods to a lower layer's type: the interface's words on `Lang` are the
//! trait `ui::UiWords`):
//! - core: `domain`, `report`, `lang`, `text`, `clock`, `json`, `spreadsheet`, `files`, `error`;
//! - store: `store` (its interface and the SQLite backend);
//! - application: `app`, `exchange`;
//! - interface: `ui`;
//! - binary: `cli`, `config`, and `main.rs`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod files;
pub mod json;
pub mod lang;
pub mod report;
pub mod spreadsheet;
pub mod store;
pub mod text;
pub mod ui;

pub use error::{Error, Result};

//! duban (督办): supervision and follow-up of an office's action items.
//!
//! Layers, arrows pointing down only: `ui` → `app` → `store` → `domain`; `cli` → `app`;
//! `report` → `domain`.

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

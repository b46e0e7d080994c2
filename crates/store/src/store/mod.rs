//! The store: the only module that speaks SQL.
//!
//! The application sees the store through the traits of [`backend`], in domain types:
//! [`Records`] for reads, [`WriteTx`] for the changes of one transaction, [`Backend`] to run
//! a transaction and to notice another clerk's commit. The one implementation today is
//! [`sqlite`], one SQLite file, opened by its location through [`open`]; what only SQLite has
//! (split reads, the write-behind row, index rebuilds, `data_version`, the schema and its
//! migrations) stays inside it. Every write (load the row, ask the rules, apply the outcome,
//! append the event) and undo/redo are written once, in `orchestrate`, over a backend's
//! row-level primitives ([`rows::Rows`]).

pub mod agreement;
pub mod audit;
mod backend;
pub mod backup;
/// The contract every backend keeps, for the tests of a backend (the `contract` feature).
#[cfg(feature = "contract")]
pub mod contract;
mod dates;
mod day_rows;
mod either;
pub mod event_codec;
pub mod exchange;
mod item_columns;
pub mod kept_days;
mod location;
pub mod model;
mod orchestrate;
pub mod postgres;
pub mod rows;
pub mod sqlite;
pub mod wait;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{Rules, WorkCalendar};
pub use backend::{Backend, ChangeToken, Records, Reversal, WriteTx};
pub use location::{Location, open, open_read_only};
pub use model::*;
pub use sqlite::SqliteStore;
/// The version of the database layout this duban writes (`duban --version` names it).
pub use sqlite::schema::SCHEMA_VERSION;

pub use either::Store;

/// Who is acting and when, for the events a write appends; and the office's calendar and
/// rules, which the writer's checks ask (a snooze needs the item's light, a deadline the
/// working days).
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub actor: String,
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    pub calendar: Arc<WorkCalendar>,
    pub rules: Arc<Rules>,
}

//! The application core between the front ends and the store: no terminal here.
//!
//! `Office` holds the store, clock, calendar and rules and the operations both front ends use;
//! `App` is the terminal interface's state, changed only by `App::update(Action)`.

pub mod action;
mod agenda;
mod attaching;
pub mod attachment;
mod decide;
pub mod demo;
pub mod failure;
pub mod form;
pub mod input;
pub mod line_input;
pub mod milestones;
pub mod office;
pub mod report;
pub mod state;
pub mod triage;
mod update;

pub use action::{Action, Pane};
pub use decide::UrgeText;
pub use failure::Failure;
pub use office::{ListKey, Listed, Office};
pub use state::App;

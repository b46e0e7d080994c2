//! The contract every backend of the store keeps, as plain cases generic over the backend: each
//! write verb and its refusals, undo and redo of one action and of a bulk one, two handles on one
//! office and the change token, the history replayed against the stored rows, the days kept
//! against the replay, and export then import.
//!
//! Why a module of the library, behind the `contract` feature, rather than a harness under
//! `tests/`: a second backend lives in its own crate (PostgreSQL next), and a crate's tests
//! cannot reach another crate's `tests/` folder. With `duban-store = { …, features =
//! ["contract"] }` among its dev-dependencies, its test implements [`Factory`] (open a fresh,
//! empty office; open a second handle on an office) and runs every case, one test per case
//! ([`NAMES`] lists them, and `crates/store/tests/contract_sqlite.rs` shows the shape) or all
//! at once with [`run_all`]. Nothing here names SQLite: a case sees the store only through
//! [`Backend`], [`Records`](crate::store::Records) and [`WriteTx`](crate::store::WriteTx).
//!
//! A case returns an [`Outcome`] rather than panicking: the library keeps its rule of no
//! `panic!`, `unwrap` or `expect`, and a broken case says which check of it broke, with both
//! values, and where. The cases act as one clerk on fixed days of November 2026, with the
//! default calendar (weekends only) and rules ([`office`]).

#[macro_use]
mod check;
mod exchange;
mod history;
mod kept_days;
mod lifecycle;
mod month;
pub mod office;
mod records;
mod refusals;
mod register;
mod sharing;
mod undo;

pub use check::{Broken, Outcome};

use crate::error::Result;
use crate::store::Backend;

/// How a backend's test gives the cases their stores.
pub trait Factory {
    /// The backend under test.
    type B: Backend;

    /// A new, empty office of its own, that no other case sees.
    fn open_fresh(&self) -> Result<Self::B>;

    /// A second handle on the office `first` is a handle on, as another workstation opens it:
    /// its own connection, not a clone of `first`'s.
    fn open_second(&self, first: &Self::B) -> Result<Self::B>;
}

/// One case of the contract, run with a backend's factory.
pub type Case<F> = fn(&F) -> Outcome;

/// Declares the cases once: re-exports each (so a backend's test names it as
/// `contract::name`), lists their names, and gives them to [`run_all`].
macro_rules! cases {
    ($($module:ident :: $name:ident),+ $(,)?) => {
        $(pub use $module::$name;)+

        /// The name of every case, in the order [`run_all`] runs them.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];

        /// Every case with its name.
        pub fn cases<F: Factory>() -> Vec<(&'static str, Case<F>)> {
            vec![$((stringify!($name), $module::$name::<F> as Case<F>)),+]
        }
    };
}

cases! {
    register::a_registered_item_reads_back_with_its_number_row_detail_and_event,
    records::an_edit_changes_the_editable_fields_and_appends_one_item_edited,
    records::a_feedback_sets_the_last_feedback_and_percent_and_appends_one_feedback_added,
    records::a_note_climbs_the_ladder_and_appends_one_note_added,
    records::a_commendation_changes_only_the_version_and_appends_one_commended,
    records::an_instruction_with_a_new_requirement_sets_the_deadline_and_appends_one_instructed,
    records::a_snooze_sets_its_day_and_reason_and_waking_clears_them,
    lifecycle::each_lifecycle_move_follows_the_table_and_appends_one_status_changed,
    lifecycle::a_suspension_keeps_the_status_to_resume_to_and_a_resumption_moves_the_deadline,
    lifecycle::a_submission_with_its_report_awaits_review_and_records_a_completion_feedback,
    lifecycle::an_extension_asked_for_and_approved_moves_the_deadline_and_a_rejected_one_does_not,
    lifecycle::milestones_added_and_completed_keep_the_next_two_due_days,
    refusals::an_illegal_move_is_refused_with_the_moves_allowed_and_nothing_is_written,
    refusals::a_change_from_a_stale_view_is_refused_as_stale_and_nothing_is_written,
    refusals::a_note_on_a_closed_item_is_refused_by_the_ladder_and_nothing_is_written,
    refusals::an_extension_the_rules_refuse_is_refused_and_nothing_is_written,
    refusals::an_unknown_item_is_refused_as_no_such_item_and_nothing_is_written,
    refusals::an_unknown_milestone_is_refused_and_nothing_is_written,
    refusals::a_transaction_whose_closure_fails_writes_none_of_its_changes,
    undo::undo_then_redo_of_one_action_gives_back_the_rows_before_and_after,
    undo::undo_of_a_bulk_action_takes_back_every_item_and_redo_puts_them_back,
    undo::undo_and_redo_with_nothing_to_take_back_give_none_and_write_nothing,
    undo::undo_over_another_clerks_later_change_is_refused_as_changed_since,
    undo::undo_of_a_registration_is_refused_as_not_reversible,
    sharing::a_commit_on_one_handle_changes_the_others_change_token_and_is_read_there,
    history::each_items_history_replays_to_what_the_store_reads_of_it,
    kept_days::the_days_kept_are_the_replay_to_the_end_of_a_period_ending_today_or_before,
    kept_days::the_bulletin_and_scores_computed_as_the_items_are_read_are_the_replays,
    history::each_event_hands_over_every_event_once_in_the_order_recorded,
    exchange::an_export_imported_into_a_fresh_store_gives_back_the_same_office,
}

/// Runs every case against the backend `factory` makes, and gives back the broken ones with
/// their names (none when the backend keeps the whole contract).
pub fn run_all<F: Factory>(factory: &F) -> Vec<(&'static str, Broken)> {
    cases::<F>()
        .into_iter()
        .filter_map(|(name, case)| case(factory).err().map(|broken| (name, broken)))
        .collect()
}

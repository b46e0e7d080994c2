//! The store's contract (`duban_store::store::contract`) run against the SQLite backend, one
//! test per case, each in offices of its own in a temporary folder. A second backend's crate
//! runs the same cases the same way, with its own factory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::Cell;

use duban_store::Result;
use duban_store::store::SqliteStore;
use duban_store::store::contract::{self, Factory, Outcome};

/// SQLite files in one temporary folder, a new one for each fresh office.
struct SqliteFiles {
    folder: tempfile::TempDir,
    opened: Cell<u32>,
}

impl Factory for SqliteFiles {
    type B = SqliteStore;

    fn open_fresh(&self) -> Result<SqliteStore> {
        let n = self.opened.get() + 1;
        self.opened.set(n);
        SqliteStore::open(&self.folder.path().join(format!("office-{n}.db")))
    }

    fn open_second(&self, first: &SqliteStore) -> Result<SqliteStore> {
        SqliteStore::open(first.path())
    }
}

fn run(case: fn(&SqliteFiles) -> Outcome) {
    let files = SqliteFiles {
        folder: tempfile::tempdir().unwrap(),
        opened: Cell::new(0),
    };
    if let Err(broken) = case(&files) {
        panic!("{broken}");
    }
    // The factory really made the offices the case used, in files.
    assert!(files.opened.get() >= 1);
    assert!(files.folder.path().join("office-1.db").exists());
}

/// One `#[test]` per case, named as the case, and the list of the names run here.
macro_rules! every_case {
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                run(contract::$name::<SqliteFiles>);
            }
        )+

        const RUN_HERE: &[&str] = &[$(stringify!($name)),+];
    };
}

every_case! {
    a_registered_item_reads_back_with_its_number_row_detail_and_event,
    an_edit_changes_the_editable_fields_and_appends_one_item_edited,
    a_feedback_sets_the_last_feedback_and_percent_and_appends_one_feedback_added,
    a_note_climbs_the_ladder_and_appends_one_note_added,
    a_commendation_changes_only_the_version_and_appends_one_commended,
    an_instruction_with_a_new_requirement_sets_the_deadline_and_appends_one_instructed,
    a_snooze_sets_its_day_and_reason_and_waking_clears_them,
    each_lifecycle_move_follows_the_table_and_appends_one_status_changed,
    a_suspension_keeps_the_status_to_resume_to_and_a_resumption_moves_the_deadline,
    a_submission_with_its_report_awaits_review_and_records_a_completion_feedback,
    an_extension_asked_for_and_approved_moves_the_deadline_and_a_rejected_one_does_not,
    milestones_added_and_completed_keep_the_next_two_due_days,
    an_illegal_move_is_refused_with_the_moves_allowed_and_nothing_is_written,
    a_change_from_a_stale_view_is_refused_as_stale_and_nothing_is_written,
    a_note_on_a_closed_item_is_refused_by_the_ladder_and_nothing_is_written,
    an_extension_the_rules_refuse_is_refused_and_nothing_is_written,
    an_unknown_item_is_refused_as_no_such_item_and_nothing_is_written,
    an_unknown_milestone_is_refused_and_nothing_is_written,
    a_transaction_whose_closure_fails_writes_none_of_its_changes,
    undo_then_redo_of_one_action_gives_back_the_rows_before_and_after,
    undo_of_a_bulk_action_takes_back_every_item_and_redo_puts_them_back,
    undo_and_redo_with_nothing_to_take_back_give_none_and_write_nothing,
    undo_over_another_clerks_later_change_is_refused_as_changed_since,
    undo_of_a_registration_is_refused_as_not_reversible,
    a_commit_on_one_handle_changes_the_others_change_token_and_is_read_there,
    each_items_history_replays_to_what_the_store_reads_of_it,
    the_days_kept_are_the_replay_to_the_end_of_a_period_ending_today_or_before,
    each_event_hands_over_every_event_once_in_the_order_recorded,
    an_export_imported_into_a_fresh_store_gives_back_the_same_office,
}

/// A case added to the contract and not listed above would go unrun here.
#[test]
fn every_case_of_the_contract_is_run_here() {
    assert_eq!(RUN_HERE, contract::NAMES);
}

/// `run_all` runs the same cases and finds none broken.
#[test]
fn run_all_finds_sqlite_keeps_the_whole_contract() {
    let files = SqliteFiles {
        folder: tempfile::tempdir().unwrap(),
        opened: Cell::new(0),
    };
    let broken: Vec<String> = contract::run_all(&files)
        .into_iter()
        .map(|(name, b)| format!("{name}: {b}"))
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(files.opened.get() as usize >= contract::NAMES.len());
}

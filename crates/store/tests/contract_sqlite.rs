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

include!("support/contract_cases.rs");

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

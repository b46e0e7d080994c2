//! The store's contract (`duban_store::store::contract`) run against the PostgreSQL backend,
//! one test per case, each office a database of its own on the tests' own server
//! (`support/pg_server.rs`). The cases are the ones `contract_sqlite.rs` runs, by the same
//! names: a test below holds the two lists equal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/pg_server.rs"]
mod pg_server;

use std::cell::Cell;

use duban_store::Result;
use duban_store::store::contract::{self, Factory, Outcome};
use duban_store::store::postgres::PgStore;

/// Databases on the tests' server, a new one for each fresh office.
struct PgDatabases {
    opened: Cell<u32>,
}

impl Factory for PgDatabases {
    type B = PgStore;

    fn open_fresh(&self) -> Result<PgStore> {
        self.opened.set(self.opened.get() + 1);
        PgStore::open(&pg_server::server().fresh_database())
    }

    fn open_second(&self, first: &PgStore) -> Result<PgStore> {
        PgStore::open(first.url())
    }
}

fn run(case: fn(&PgDatabases) -> Outcome) {
    let databases = PgDatabases {
        opened: Cell::new(0),
    };
    if let Err(broken) = case(&databases) {
        panic!("{broken}");
    }
    assert!(databases.opened.get() >= 1);
}

macro_rules! every_case {
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                run(contract::$name::<PgDatabases>);
            }
        )+

        const RUN_HERE: &[&str] = &[$(stringify!($name)),+];
    };
}

include!("support/contract_cases.rs");

#[test]
fn every_case_of_the_contract_runs_here() {
    assert_eq!(RUN_HERE, contract::NAMES);
}

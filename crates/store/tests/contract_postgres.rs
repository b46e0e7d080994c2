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

/// Every commit is announced on the office's channel, and only a commit: a workstation
/// listening there reads the token again only when something was committed (issue: live refresh
/// through LISTEN/NOTIFY). The test listens as another workstation would.
#[test]
fn a_commit_is_announced_on_the_office_channel_and_a_rollback_is_not() {
    use duban_store::store::Backend;
    use duban_store::store::contract::office;
    use postgres::fallible_iterator::FallibleIterator;

    let mut store = PgStore::open(&pg_server::server().fresh_database()).unwrap();
    let mut listening = postgres::Client::connect(store.url(), postgres::NoTls).unwrap();
    listening.batch_execute("LISTEN duban").unwrap();
    let n = office::running(&mut store, "河道整治").unwrap();
    let heard = |client: &mut postgres::Client| {
        client
            .notifications()
            .timeout_iter(std::time::Duration::from_millis(500))
            .count()
            .unwrap()
    };
    assert!(heard(&mut listening) >= 1, "the commits that made the item");
    let refused = store.write(&office::clerk(), |w| {
        w.add_feedback(n, &office::progress(40), None)?;
        Err::<(), _>(duban_store::Error::NoSuchItem("a write given up".into()))
    });
    assert!(refused.is_err());
    assert_eq!(
        heard(&mut listening),
        0,
        "a write rolled back is not announced"
    );
    store
        .write(&office::clerk(), |w| {
            w.add_feedback(n, &office::progress(50), None)
        })
        .unwrap();
    assert_eq!(heard(&mut listening), 1, "one commit, one notice");
}

/// A workstation listens from its first token on; a quiet tick is answered from what it last
/// read, and another clerk's commit is heard (issue: live refresh without polling the table).
#[test]
fn a_workstation_listens_and_hears_another_clerks_commit() {
    use duban_store::store::contract::office;
    use duban_store::store::{Backend, Records};

    let mut theirs = PgStore::open(&pg_server::server().fresh_database()).unwrap();
    let n = office::running(&mut theirs, "河道整治").unwrap();
    let mine = PgStore::open(theirs.url()).unwrap();
    assert!(!mine.listening(), "a handle that never asked for a token");
    let quiet = mine.change_token().unwrap();
    assert!(mine.listening(), "listening after the first token");
    assert_eq!(mine.change_token().unwrap(), quiet);
    theirs
        .write(&office::clerk(), |w| {
            w.add_feedback(n, &office::progress(60), None)
        })
        .unwrap();
    let started = std::time::Instant::now();
    while mine.change_token().unwrap() == quiet {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "another clerk's commit not heard within a second"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert_eq!(mine.item_detail(n).unwrap().row.last_percent, Some(60));
}

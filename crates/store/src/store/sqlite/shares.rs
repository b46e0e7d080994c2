//! Reading every item on two connections at once, the items shared out as the two go: each
//! takes the next run of ids when done with its last, so that neither waits for the other at
//! the end. (Every other item to each, as before, left one waiting: the second connection,
//! which reads the file's pages rather than mapping them, took half as long again as the first,
//! and each scanned every table whole to keep its half.)

use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::Connection;

use super::exchange::Part;
use super::{SqliteStore, snapshot};
use crate::error::Result;

/// How many runs the ids are cut into: enough for the two readers to end close together, few
/// enough that starting each run's queries again costs nothing to speak of.
const RUNS: i128 = 64;

/// The runs of ids handed out so far, shared by the readers.
#[derive(Debug, Default)]
pub(super) struct Shares {
    taken: AtomicU64,
}

impl Shares {
    /// The next run of `ids` not yet taken by either reader, if any is left.
    pub(super) fn take(&self, ids: &Ids) -> Option<Part> {
        let run = i128::from(self.taken.fetch_add(1, Ordering::Relaxed));
        let first = i128::from(ids.first) + run * ids.run;
        if first > i128::from(ids.last) {
            return None;
        }
        let last = (first + ids.run - 1).min(i128::from(ids.last));
        Some(Part {
            first: i64::try_from(first).ok()?,
            last: i64::try_from(last).ok()?,
        })
    }
}

/// The items' ids as one reader's read transaction sees them: from the first to the last, cut
/// into runs of `run` ids.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ids {
    first: i64,
    last: i64,
    run: i128,
}

impl Ids {
    /// The ids of the items table as `conn` sees it; `None` when it holds no item.
    pub(super) fn of(conn: &Connection) -> Result<Option<Self>> {
        let (first, last): (Option<i64>, Option<i64>) =
            conn.query_row("SELECT min(id), max(id) FROM items", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(first.zip(last).map(|(first, last)| Self::new(first, last)))
    }

    fn new(first: i64, last: i64) -> Self {
        let span = i128::from(last) - i128::from(first) + 1;
        Ids {
            first,
            last,
            run: ((span + RUNS - 1) / RUNS).max(1),
        }
    }
}

impl SqliteStore {
    /// Runs `read` on this connection and, at once, on a second one on another thread, each
    /// in one read transaction: the two
    /// share the work out through the [`Shares`] both are given, each taking parts until none
    /// is left. Should the two not see the same state of the file (or not run at once: an
    /// in-memory store), `read` runs again alone here, with new shares, in one transaction.
    pub(super) fn read_shared<S: Send>(
        &self,
        read: impl Fn(&Connection, &Shares) -> Result<S> + Sync,
    ) -> Result<Vec<S>> {
        let shares = Shares::default();
        let both = self.try_split(|c| read(c, &shares), |c| read(c, &shares))?;
        match both {
            Some((here, there)) => Ok(vec![here, there]),
            None => {
                let alone = Shares::default();
                let (_, all) = snapshot(self.conn(), |c| read(c, &alone))?;
                Ok(vec![all])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(ids: Ids) -> Vec<(i64, i64)> {
        let shares = Shares::default();
        std::iter::from_fn(|| shares.take(&ids))
            .map(|p| (p.first, p.last))
            .collect()
    }

    #[test]
    fn the_runs_cover_every_id_once() {
        for (first, last) in [
            (1, 1),
            (1, 63),
            (1, 64),
            (1, 65),
            (1, 100_000),
            (-5, 5),
            (7, 1_000_007),
            (i64::MIN, i64::MAX),
            (i64::MAX - 3, i64::MAX),
        ] {
            let runs = runs(Ids::new(first, last));
            assert!(runs.len() <= 64, "{first}..={last}: {} runs", runs.len());
            assert_eq!(runs.first().map(|r| r.0), Some(first));
            assert_eq!(runs.last().map(|r| r.1), Some(last));
            for pair in runs.windows(2) {
                assert!(pair[0].0 <= pair[0].1, "{pair:?}");
                assert_eq!(i128::from(pair[0].1) + 1, i128::from(pair[1].0), "{pair:?}");
            }
        }
    }

    #[test]
    fn two_readers_share_the_runs() {
        let ids = Ids::new(1, 10_000);
        let shares = Shares::default();
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(|| std::iter::from_fn(|| shares.take(&ids)).count());
            let here = std::iter::from_fn(|| shares.take(&ids)).count();
            (here, other.join().unwrap())
        });
        assert_eq!(a + b, runs(ids).len());
    }
}

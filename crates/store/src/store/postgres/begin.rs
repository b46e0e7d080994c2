//! The start of every write, in one round trip: the transaction begun, the office's write lock
//! taken, a commit that returns only once it is on the server's disk whatever the server's own
//! setting (a server set to `synchronous_commit = off` would lose decisions a clerk was told
//! were recorded, were it to stop), the other workstations told on the office's channel
//! ([`super::listen`]; the server sends the notice when the write commits, and never when it is
//! rolled back), and, under the lock, the write's batch and the chain's head. The client's own
//! `transaction()` would send `BEGIN` alone first: a round trip of its own on every decision.

use postgres::{Client, SimpleQueryMessage};

use super::rows::{LAST_HASH, NEXT_BATCH};
use super::{listen, schema};
use crate::domain::history::chain::{self, Hash};
use crate::error::{Error, Result};

/// What the start of a write read with the write lock: nobody else can append until the
/// commit, so both stay true.
#[derive(Debug, Clone, Copy)]
pub struct Begun {
    pub batch: i64,
    pub head: Hash,
}

/// A write's transaction on the connection: rolled back unless [`OpenWrite::commit`]ted (a
/// fault, a refusal, a panic), as the client's own transaction is.
pub struct OpenWrite<'a> {
    pub client: &'a mut Client,
    open: bool,
}

impl<'a> OpenWrite<'a> {
    /// Begins a write on `client`, and what it read with the lock.
    pub fn begin(client: &'a mut Client) -> Result<(Self, Begun)> {
        // Rolled back from here on if anything below fails.
        let open = OpenWrite { client, open: true };
        let said = open.client.simple_query(&format!(
            "BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock({}); \
             NOTIFY {}; SELECT ({NEXT_BATCH}), ({LAST_HASH})",
            schema::WRITE_LOCK,
            listen::CHANNEL,
        ))?;
        let row = said.iter().rev().find_map(|m| match m {
            SimpleQueryMessage::Row(r) => Some(r),
            _ => None,
        });
        let unread =
            || Error::Database("the write's batch and the chain's head were not read".into());
        let row = row.ok_or_else(unread)?;
        let batch = row.get(0).and_then(|b| b.parse().ok()).ok_or_else(unread)?;
        let head = match row.get(1) {
            None => chain::GENESIS,
            Some(hex) => chain::parse_hex(hex).ok_or(Error::Damaged)?,
        };
        Ok((open, Begun { batch, head }))
    }

    /// Commits the write.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.client.batch_execute("COMMIT")?;
        Ok(())
    }
}

impl Drop for OpenWrite<'_> {
    fn drop(&mut self) {
        if self.open && !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

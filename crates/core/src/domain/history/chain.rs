//! The hash chain of the history: each event's hash is the SHA-256 of the previous event's hash
//! and the event's own canonical bytes, so that no event can be changed, removed, inserted or
//! moved without every later hash changing. The head (the last event's hash) printed on a
//! bulletin proves what the paper was computed from: `duban audit verify --head HASH` walks
//! the history up to it again.
//!
//! An event's bytes, in this order, each followed by a line feed: its batch, the time it was
//! recorded (`YYYY-MM-DDTHH:MM:SS`), its day (`YYYY-MM-DD`), the actor, the item's id (empty for
//! none), the kind's code, and its data (the canonical JSON of `docs/events.md`, which holds no
//! raw line feed). The actor is one line (the command line and the forms refuse a line feed in
//! it). The event's id is not hashed: the chain's order is the ids' order, and an undo names the
//! id it takes back, which the replay checks.

use sha2::{Digest, Sha256};

/// A hash of the chain.
pub type Hash = [u8; 32];

/// The hash before the first event.
pub const GENESIS: Hash = [0; 32];

/// The parts of an event the chain covers, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linked<'a> {
    pub batch: i64,
    /// `YYYY-MM-DDTHH:MM:SS`.
    pub at: &'a str,
    /// `YYYY-MM-DD`.
    pub on_date: &'a str,
    pub actor: &'a str,
    pub item_id: Option<i64>,
    pub kind: &'a str,
    pub data: &'a str,
}

/// The hash of `event` after `prev`.
pub fn next(prev: &Hash, event: &Linked<'_>) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(event.batch.to_string().as_bytes());
    h.update(b"\n");
    for part in [event.at, event.on_date, event.actor] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    if let Some(id) = event.item_id {
        h.update(id.to_string().as_bytes());
    }
    h.update(b"\n");
    h.update(event.kind.as_bytes());
    h.update(b"\n");
    h.update(event.data.as_bytes());
    h.update(b"\n");
    h.finalize().into()
}

/// A hash as 64 lower-case hexadecimal digits.
pub fn hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash from its hexadecimal digits (either case), if it is one.
pub fn parse_hex(text: &str) -> Option<Hash> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn event(actor: &str) -> Linked<'_> {
        Linked {
            batch: 3,
            at: "2026-12-07T09:30:00",
            on_date: "2026-12-07",
            actor,
            item_id: Some(17),
            kind: "note_added",
            data: "{\"number\":\"2026-017\"}",
        }
    }

    #[test]
    fn every_part_of_an_event_and_the_previous_hash_change_the_hash() {
        let base = next(&GENESIS, &event("督查员"));
        assert_eq!(hex(&base).len(), 64);
        assert_eq!(parse_hex(&hex(&base)), Some(base));
        assert_eq!(parse_hex(&hex(&base).to_uppercase()), Some(base));
        assert_eq!(
            next(&GENESIS, &event("督查员")),
            base,
            "the same bytes, the same hash"
        );
        let changed = [
            next(&base, &event("督查员")),
            next(&GENESIS, &event("市长")),
            next(
                &GENESIS,
                &Linked {
                    batch: 4,
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    at: "2026-12-07T09:30:01",
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    on_date: "2026-12-08",
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    item_id: None,
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    item_id: Some(18),
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    kind: "commended",
                    ..event("督查员")
                },
            ),
            next(
                &GENESIS,
                &Linked {
                    data: "{}",
                    ..event("督查员")
                },
            ),
        ];
        for (i, h) in changed.iter().enumerate() {
            assert_ne!(*h, base, "change {i}");
        }
        // Parts cannot slide into each other: "ab" + "c" is not "a" + "bc".
        let a = next(
            &GENESIS,
            &Linked {
                actor: "ab",
                on_date: "c",
                ..event("")
            },
        );
        let b = next(
            &GENESIS,
            &Linked {
                actor: "b",
                on_date: "ca",
                ..event("")
            },
        );
        assert_ne!(a, b);
        assert_eq!(parse_hex("xyz"), None);
        assert_eq!(parse_hex(&"g".repeat(64)), None);
    }
}

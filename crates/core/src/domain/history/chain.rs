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

/// The hash of `event` after `prev`. Every event written and every event the audit walks comes
/// through here (700,000 in the 100,000-item sample office), so its numbers are written out on
/// the stack rather than into a new string each.
pub fn next(prev: &Hash, event: &Linked<'_>) -> Hash {
    let mut digits = [0u8; 20];
    let mut h = Sha256::new();
    h.update(prev);
    h.update(decimal(event.batch, &mut digits));
    h.update(b"\n");
    for part in [event.at, event.on_date, event.actor] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    if let Some(id) = event.item_id {
        h.update(decimal(id, &mut digits));
    }
    h.update(b"\n");
    h.update(event.kind.as_bytes());
    h.update(b"\n");
    h.update(event.data.as_bytes());
    h.update(b"\n");
    h.finalize().into()
}

/// `n` in decimal, as `n.to_string()` writes it, in `buf` (20 bytes hold `i64::MIN`).
fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        // A digit: `rest % 10` is below 10.
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// A hash as 64 lower-case hexadecimal digits.
pub fn hex(hash: &Hash) -> String {
    hex_digits(hash).iter().copied().map(char::from).collect()
}

/// The 64 lower-case hexadecimal digits of a hash, on the stack.
fn hex_digits(hash: &Hash) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(hash) {
        pair[0] = HEX_DIGITS[usize::from(b >> 4)];
        pair[1] = HEX_DIGITS[usize::from(b & 0x0f)];
    }
    out
}

/// Whether `text` is `hash` as [`parse_hex`] reads it. A stored link is the hash's own digits
/// as [`hex`] wrote them, compared as they are; anything else is read by [`parse_hex`] (the
/// audit asks this of every event).
pub fn is_hex_of(text: &str, hash: &Hash) -> bool {
    text.as_bytes() == hex_digits(hash) || parse_hex(text) == Some(*hash)
}

/// A hash from its hexadecimal digits (either case), if it is one.
pub fn parse_hex(text: &str) -> Option<Hash> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    // Digits alone, as every stored hash is: read by their values (the audit reads one per
    // event). Anything else goes the slower way, which says what it always said of it.
    let bytes = text.as_bytes();
    if bytes.iter().all(u8::is_ascii_hexdigit) {
        for (byte, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            *byte = (nibble(pair[0]) << 4) | nibble(pair[1]);
        }
        return Some(out);
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The value of one hexadecimal digit (either case; anything else is not asked).
fn nibble(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
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
        assert!(is_hex_of(&hex(&base), &base));
        assert!(is_hex_of(
            &format!(" {} ", hex(&base).to_uppercase()),
            &base
        ));
        assert!(!is_hex_of(&hex(&base), &GENESIS));
        let mut digits = [0u8; 20];
        for n in [0, 7, 10, -1, 1234567, i64::MAX, i64::MIN] {
            assert_eq!(decimal(n, &mut digits), n.to_string().as_bytes());
        }
        let all: Hash = std::array::from_fn(|i| (i * 8 + 3) as u8);
        assert_eq!(
            hex(&all),
            all.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        assert_eq!(parse_hex(&"g".repeat(64)), None);
    }
}

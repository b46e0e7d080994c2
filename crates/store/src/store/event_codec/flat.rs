//! A JSON tree read in one pass into two lists kept from one payload to the next: what
//! [`super::decode`] reads an event through first. The borrowing tree ([`super::borrowed`])
//! still made two lists for every object (six allocations for most events, and as many frees)
//! and went through serde's visitors; replaying the 792,317 events of the 100,000-item sample
//! office spent more in that than in anything but SQLite.
//!
//! It reads what the canonical encoding writes (`docs/events.md`: objects, arrays, texts,
//! integers, `true`, `false`, `null`) and refuses the rest: a text with an escape or a control
//! character, a number with a fraction or an exponent, one out of the range of its kind, `-0`
//! (serde_json reads it as `-0.0`), nesting deeper than [`DEEPEST`]. Those bytes are read by
//! the borrowing tree, as before. What it does read, it reads as serde_json does (the tests
//! below and `tests/event_codec.rs` hold it so): the same values, space only where JSON allows
//! it, nothing after the value, a key given twice counting once with its last value.

use std::cell::RefCell;

use serde_json::Value as Json;

use super::Tree;
use crate::domain::history::Value;

/// How deep arrays and objects may nest (the canonical encoding nests two deep).
const DEEPEST: usize = 16;

/// One value. Texts and the members of arrays and objects are kept as places: in the payload,
/// and in [`Lists::members`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    /// The two kinds of integer serde_json tells apart: non-negative and negative.
    PosInt(u64),
    NegInt(i64),
    /// A text with no escape: its bytes between the quotes.
    Str {
        start: u32,
        end: u32,
    },
    /// `len` members from `first`.
    Array {
        first: u32,
        len: u32,
    },
    /// `len` members from `first`, in the order written, keys given twice included.
    Object {
        first: u32,
        len: u32,
    },
}

/// A member of an array or an object: its value, and for an object its key's place in the
/// payload.
#[derive(Debug, Clone, Copy)]
struct Member {
    key: (u32, u32),
    value: Node,
}

/// The lists a payload is read into, emptied and filled again for the next.
#[derive(Default)]
struct Lists {
    /// Every array's and object's members, each container's together.
    members: Vec<Member>,
    /// The members of the containers not yet closed, the innermost last.
    open: Vec<Member>,
}

thread_local! {
    static LISTS: RefCell<Lists> = RefCell::new(Lists::default());
}

/// `read` of the object `data` holds, or `None` when this tree does not read `data` or it
/// holds no object.
pub(super) fn read_object<T>(data: &str, read: impl FnOnce(At<'_>) -> T) -> Option<T> {
    let mut read = Some(read);
    let mut with = |lists: &mut Lists| read.take().and_then(|read| parse(lists, data, read));
    // This thread's lists; new ones should they be in use or gone (the thread ending).
    match LISTS.try_with(|lists| lists.try_borrow_mut().ok().map(|mut l| with(&mut l))) {
        Ok(Some(out)) => out,
        _ => with(&mut Lists::default()),
    }
}

fn parse<T>(lists: &mut Lists, data: &str, read: impl FnOnce(At<'_>) -> T) -> Option<T> {
    lists.members.clear();
    lists.open.clear();
    // Places are kept in 32 bits.
    u32::try_from(data.len()).ok()?;
    let mut parser = Parser {
        bytes: data.as_bytes(),
        at: 0,
        lists,
    };
    let root = parser.value(0)?;
    parser.space();
    if parser.at != parser.bytes.len() || !matches!(root, Node::Object { .. }) {
        return None;
    }
    Some(read(At {
        members: &lists.members,
        data,
        node: root,
    }))
}

struct Parser<'d, 'l> {
    bytes: &'d [u8],
    at: usize,
    lists: &'l mut Lists,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Passes over what JSON counts as space.
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The value at `at` (space before it passed over), `depth` containers in.
    fn value(&mut self, depth: usize) -> Option<Node> {
        self.space();
        match self.peek()? {
            b'"' => {
                let (start, end) = self.text()?;
                Some(Node::Str { start, end })
            }
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'n' => self.word(b"null", Node::Null),
            b't' => self.word(b"true", Node::Bool(true)),
            b'f' => self.word(b"false", Node::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8], node: Node) -> Option<Node> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            node
        })
    }

    /// An integer as serde_json reads it: no leading zero, no fraction, no exponent.
    fn number(&mut self) -> Option<Node> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
            self.at += 1;
        }
        let digits = self.at - start;
        if digits == 0
            || (digits > 1 && self.bytes.get(start) == Some(&b'0'))
            || matches!(self.peek(), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        if !negative {
            return Some(Node::PosInt(n));
        }
        match i64::try_from(n) {
            Ok(n) if n > 0 => Some(Node::NegInt(-n)),
            _ => None,
        }
    }

    /// A text at `at` (its opening quote) with no escape and no control character: the place
    /// of its bytes between the quotes.
    fn text(&mut self) -> Option<(u32, u32)> {
        let start = self.at + 1;
        let len = plain_len(self.bytes.get(start..)?);
        let end = start + len;
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
    }

    fn object(&mut self, depth: usize) -> Option<Node> {
        if depth > DEEPEST {
            return None;
        }
        self.at += 1;
        let mark = self.lists.open.len();
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                self.space();
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.text()?;
                self.space();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                let value = self.value(depth)?;
                self.lists.open.push(Member { key, value });
                if self.next_or_end(b'}')? {
                    break;
                }
            }
        }
        let (first, len) = self.close(mark)?;
        Some(Node::Object { first, len })
    }

    fn array(&mut self, depth: usize) -> Option<Node> {
        if depth > DEEPEST {
            return None;
        }
        self.at += 1;
        let mark = self.lists.open.len();
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                let value = self.value(depth)?;
                self.lists.open.push(Member { key: (0, 0), value });
                if self.next_or_end(b']')? {
                    break;
                }
            }
        }
        let (first, len) = self.close(mark)?;
        Some(Node::Array { first, len })
    }

    /// After a member: a comma (`false`, another member follows) or the container's `end`
    /// (`true`).
    fn next_or_end(&mut self, end: u8) -> Option<bool> {
        self.space();
        let next = self.peek()?;
        self.at += 1;
        match next {
            b',' => Some(false),
            b if b == end => Some(true),
            _ => None,
        }
    }

    /// Moves the members of the container closed (those open since `mark`) together into the
    /// list of members: where they start, and how many.
    fn close(&mut self, mark: usize) -> Option<(u32, u32)> {
        let first = u32::try_from(self.lists.members.len()).ok()?;
        let len = u32::try_from(self.lists.open.len() - mark).ok()?;
        self.lists.members.extend(self.lists.open.drain(mark..));
        Some((first, len))
    }
}

/// How many bytes of `bytes` come before the first quote, backslash or control character
/// (all of them when there is none), eight at a time.
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut done = 0;
    for chunk in chunks.by_ref() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let v = u64::from_le_bytes(eight);
        // A byte flagged: a quote, a backslash or one below 0x20. Only the lowest flag is sure
        // (a borrow may flag a byte above it), and only the lowest is looked at.
        let flags = zero_in(v ^ (ONES * u64::from(b'"')))
            | zero_in(v ^ (ONES * u64::from(b'\\')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGHS);
        if flags != 0 {
            return done + (flags.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    done + chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(chunks.remainder().len())
}

/// A value of the tree, as [`super::Fields`] reads it.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    members: &'a [Member],
    data: &'a str,
    node: Node,
}

impl<'a> At<'a> {
    fn at(self, node: Node) -> Self {
        At { node, ..self }
    }

    fn text(self, (start, end): (u32, u32)) -> Option<&'a str> {
        self.data.get(start as usize..end as usize)
    }

    /// The members of an array or an object.
    fn members(self) -> &'a [Member] {
        match self.node {
            Node::Array { first, len } | Node::Object { first, len } => {
                let first = first as usize;
                self.members
                    .get(first..first + len as usize)
                    .unwrap_or_default()
            }
            _ => &[],
        }
    }

    /// The same value as a `serde_json::Value` (see [`super::borrowed`]'s).
    fn to_json(self) -> Json {
        match self.node {
            Node::Null => Json::Null,
            Node::Bool(b) => Json::Bool(b),
            Node::PosInt(u) => Json::from(u),
            Node::NegInt(i) => Json::from(i),
            Node::Str { start, end } => Json::String(
                self.text((start, end))
                    .map_or_else(String::new, str::to_string),
            ),
            Node::Array { .. } => Json::Array(
                self.members()
                    .iter()
                    .map(|m| self.at(m.value).to_json())
                    .collect(),
            ),
            Node::Object { .. } => Json::Object(
                self.members()
                    .iter()
                    .map(|m| {
                        let key = self.text(m.key).unwrap_or_default().to_string();
                        (key, self.at(m.value).to_json())
                    })
                    .collect(),
            ),
        }
    }
}

impl<'a> Tree<'a> for At<'a> {
    fn is_null(self) -> bool {
        self.node == Node::Null
    }

    fn is_object(self) -> bool {
        matches!(self.node, Node::Object { .. })
    }

    fn as_str(self) -> Option<&'a str> {
        match self.node {
            Node::Str { start, end } => self.text((start, end)),
            _ => None,
        }
    }

    fn as_bool(self) -> Option<bool> {
        match self.node {
            Node::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn as_i64(self) -> Option<i64> {
        match self.node {
            Node::PosInt(u) => i64::try_from(u).ok(),
            Node::NegInt(i) => Some(i),
            _ => None,
        }
    }

    fn as_u64(self) -> Option<u64> {
        match self.node {
            Node::PosInt(u) => Some(u),
            Node::NegInt(i) => u64::try_from(i).ok(),
            _ => None,
        }
    }

    #[allow(clippy::cast_precision_loss)] // as serde_json's `Number::as_f64`
    fn as_f64(self) -> Option<f64> {
        match self.node {
            Node::PosInt(u) => Some(u as f64),
            Node::NegInt(i) => Some(i as f64),
            _ => None,
        }
    }

    fn get(self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        // The last of a key given twice, as `serde_json::Map` keeps it.
        let bytes = self.data.as_bytes();
        self.members()
            .iter()
            .rev()
            .find(|m| bytes.get(m.key.0 as usize..m.key.1 as usize) == Some(key.as_bytes()))
            .map(|m| self.at(m.value))
    }

    fn entries(self) -> Option<Vec<(&'a str, Self)>> {
        if !self.is_object() {
            return None;
        }
        // In the order written; a key given twice keeps its first place and its last value, as
        // serde_json's order-preserving map does.
        let members = self.members();
        let mut kept: Vec<(&'a str, Self)> = Vec::with_capacity(members.len());
        for m in members {
            let k = self.text(m.key).unwrap_or_default();
            let v = self.at(m.value);
            match kept.iter_mut().find(|(seen, _)| *seen == k) {
                Some(slot) => slot.1 = v,
                None => kept.push((k, v)),
            }
        }
        Some(kept)
    }

    fn elements(self) -> Option<Vec<Self>> {
        match self.node {
            Node::Array { .. } => Some(self.members().iter().map(|m| self.at(m.value)).collect()),
            _ => None,
        }
    }

    fn column_value(self) -> Value {
        match self.node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Int(i64::from(b)),
            Node::PosInt(_) | Node::NegInt(_) => self
                .as_i64()
                .map(Value::Int)
                .or_else(|| self.as_f64().map(Value::Real))
                .unwrap_or(Value::Null),
            Node::Str { .. } => Value::Text(self.as_str().unwrap_or_default().to_string()),
            Node::Array { .. } | Node::Object { .. } => Value::Text(self.to_json().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Fields, decode_fields, decode_tree};
    use super::*;
    use crate::domain::history::{EventCode, EventKind};

    /// The flat tree alone: `None` where it refuses the bytes, else what it decodes to.
    fn flat(code: &str, data: &str) -> Option<Result<EventKind, String>> {
        let kind = EventCode::from_code(code)?;
        read_object(data, |tree| decode_fields(kind, &Fields { map: tree }))
    }

    /// What it reads decodes as through `serde_json::Value`, and an error where that errs.
    #[test]
    fn what_the_flat_tree_reads_decodes_as_through_serde_json() {
        let read: &[(&str, &str)] = &[
            ("department_created", r#"{"id":1,"name":"市财政局"}"#),
            // A key given twice counts with its last value; space where JSON allows it.
            (
                "department_created",
                " {\"id\" :1,\n\t\"name\": \"a\",\r\"id\":2} ",
            ),
            // Columns not in sorted order, given twice, with every kind of value read.
            (
                "item_edited",
                r#"{"number":"2026-0001","version":3,"before":{"title":"a","urgent":false,"title":"b"},"after":{"urgent":true,"title":"xy","owner":null,"title":"c","major":1,"last_percent":18446744073709551615,"difficult":-3,"cadence":["w",{"b":1,"a":[2,[]],"b":{}}],"requirement":{"z":1,"a":2,"z":3}}}"#,
            ),
            (
                "item_registered",
                r#"{"number":"2026-0002","title":"t","source_kind":"meeting","lead_department":"d","major":1,"difficult":0,"important":null,"leader_concerned":true,"urgent":true,"cadence":"once","deadline":"","status":"registered","registered_on":"2026-01-05","co_departments":["a",1,null,"b"]}"#,
            ),
            // An imported item's origin; one whose row is not a row is read as none.
            (
                "item_registered",
                r#"{"number":"2026-0003","title":"t","source_kind":"other","lead_department":"d","cadence":"once","status":"registered","registered_on":"2026-01-05","origin":{"file":"台账.xlsx","sheet":"Sheet1","row":12}}"#,
            ),
            (
                "item_registered",
                r#"{"number":"2026-0003","title":"t","source_kind":"other","lead_department":"d","cadence":"once","status":"registered","registered_on":"2026-01-05","origin":{"file":"台账.xlsx","row":-1}}"#,
            ),
            (
                "status_changed",
                r#"{"move":"suspend","from":"in_progress","to":"suspended","reason":null,"suspended_working_days":-1,"number":"2026-0002","version":4,"after":{"status":"suspended"}}"#,
            ),
            (
                "note_added",
                r#"{"note_id":1,"on_date":"2026-02-03","level":"reminder","reason":"r","points":-2,"number":"2026-0002","version":2,"before":[],"after":{}}"#,
            ),
            // Read, but not as its kind: the same error both ways.
            ("department_created", r#"{"id":"1","name":"n"}"#),
            ("department_created", r#"{"id":-9223372036854775807}"#),
            (
                "item_edited",
                r#"{"number":"2026-0001","version":1,"after":{"colour":"red"}}"#,
            ),
        ];
        for (code, data) in read {
            let plain = decode_tree(1, code, data);
            let flat = flat(code, data).unwrap_or_else(|| panic!("not read: {data}"));
            assert_eq!(flat.as_ref().ok(), plain.as_ref().ok(), "{code}: {data}");
            assert_eq!(flat.is_err(), plain.is_err(), "{code}: {data}");
        }
    }

    /// What it refuses, the other trees read (or refuse with serde_json's words).
    #[test]
    fn the_flat_tree_refuses_what_the_canonical_encoding_does_not_write() {
        let refused = [
            r#"{"name":"a\"b"}"#,
            "{\"name\":\"a\nb\"}",
            r#"{"points":1.5}"#,
            r#"{"points":1e2}"#,
            r#"{"points":1E2}"#,
            r#"{"id":-0}"#,
            r#"{"id":01}"#,
            r#"{"id":-}"#,
            r#"{"id":18446744073709551616}"#,
            r#"{"id":-9223372036854775808}"#,
            r#"{"id":1,}"#,
            r#"{"id":[1,]}"#,
            r#"{,}"#,
            r#"{"id" 1}"#,
            r#"{"id":1} x"#,
            r#"{"id":1"#,
            r#"{"id":nul}"#,
            r#"{"id":nullx}"#,
            r#"{"id":tru}"#,
            r#"{id:1}"#,
            "{\"id\":1}\u{a0}",
            r#"[{"id":1}]"#,
            r#""a""#,
            "",
            "{\"a\":[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}",
        ];
        for data in refused {
            assert!(read_object(data, |_| ()).is_none(), "read: {data}");
        }
        // Nested as deep as allowed, it reads.
        assert!(read_object("{\"a\":[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]}", |_| ()).is_some());
    }

    #[test]
    fn a_text_ends_at_its_first_quote_backslash_or_control_character() {
        for (bytes, len) in [
            (&b"abc\"def"[..], 3),
            (b"", 0),
            (b"abcdefgh", 8),
            (b"abcdefgh\\", 8),
            (b"abcdefghijklmno\x1f", 15),
            ("市财政局\"".as_bytes(), 12),
            ("\u{7f}\u{80}\u{ff}\u{2028}".as_bytes(), 8),
            (b"\x00", 0),
        ] {
            assert_eq!(plain_len(bytes), len, "{bytes:?}");
        }
    }
}

//! A JSON tree that borrows its text from the stored payload: what [`super::decode`] reads an
//! event through. `serde_json::Value` allocates a `String` for every key and every text and a
//! `BTreeMap` for every object; replaying the whole history of a 100,000-item office decodes
//! 700,000 payloads, and those allocations were most of the time. This tree keeps keys and texts
//! as slices of the payload (an owned copy only for text with escapes) and objects as a list of
//! keys and a list of values. Two lists, not one of pairs: a pair is 56 bytes, and the 20 keys
//! of a registration made the list outgrow 1 KiB, an allocation that makes glibc's malloc gather
//! every small block freed since the last one (a tenth of the replay went there).
//!
//! Reading it gives what reading a `serde_json::Value` of the same bytes gives (the tests below
//! hold both decoders equal): a key given twice counts once, with its last value, and an object's
//! keys come out in sorted order, as `serde_json::Map` does.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::Tree;
use crate::domain::history::Value;

/// One JSON value, its texts borrowed from the payload where they need no unescaping.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Borrowed<'a> {
    Null,
    Bool(bool),
    /// The three kinds of number serde_json tells apart: non-negative, negative, fractional.
    PosInt(u64),
    NegInt(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Borrowed<'a>>),
    /// Keys in the order written, duplicates included, and their values.
    Object {
        keys: Vec<Cow<'a, str>>,
        values: Vec<Borrowed<'a>>,
    },
}

impl<'a> Borrowed<'a> {
    pub(super) fn parse(data: &'a str) -> serde_json::Result<Self> {
        serde_json::from_str(data)
    }

    /// The same value as a `serde_json::Value` (the rare column value that is an array or an
    /// object is stored as its JSON text, which only `serde_json` writes).
    fn to_json(&self) -> Json {
        match self {
            Borrowed::Null => Json::Null,
            Borrowed::Bool(b) => Json::Bool(*b),
            Borrowed::PosInt(u) => Json::from(*u),
            Borrowed::NegInt(i) => Json::from(*i),
            Borrowed::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Borrowed::Str(s) => Json::String(s.to_string()),
            Borrowed::Array(a) => Json::Array(a.iter().map(Borrowed::to_json).collect()),
            Borrowed::Object { keys, values } => Json::Object(
                keys.iter()
                    .zip(values)
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl<'a> Tree<'a> for &'a Borrowed<'_> {
    fn is_null(self) -> bool {
        matches!(self, Borrowed::Null)
    }

    fn is_object(self) -> bool {
        matches!(self, Borrowed::Object { .. })
    }

    fn as_str(self) -> Option<&'a str> {
        match self {
            Borrowed::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_bool(self) -> Option<bool> {
        match self {
            Borrowed::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn as_i64(self) -> Option<i64> {
        match self {
            Borrowed::PosInt(u) => i64::try_from(*u).ok(),
            Borrowed::NegInt(i) => Some(*i),
            _ => None,
        }
    }

    fn as_u64(self) -> Option<u64> {
        match self {
            Borrowed::PosInt(u) => Some(*u),
            Borrowed::NegInt(i) => u64::try_from(*i).ok(),
            _ => None,
        }
    }

    #[allow(clippy::cast_precision_loss)] // as serde_json's `Number::as_f64`
    fn as_f64(self) -> Option<f64> {
        match self {
            Borrowed::PosInt(u) => Some(*u as f64),
            Borrowed::NegInt(i) => Some(*i as f64),
            Borrowed::Float(f) => Some(*f),
            _ => None,
        }
    }

    fn get(self, key: &str) -> Option<Self> {
        match self {
            // The last of a key given twice, as `serde_json::Map` keeps it.
            Borrowed::Object { keys, values } => keys
                .iter()
                .rposition(|k| k == key)
                .and_then(|at| values.get(at)),
            _ => None,
        }
    }

    fn entries(self) -> Option<Vec<(&'a str, Self)>> {
        let Borrowed::Object { keys, values } = self else {
            return None;
        };
        // In the order written; a key given twice keeps its first place and its last value, as
        // serde_json's order-preserving map does.
        let mut kept: Vec<(&'a str, Self)> = Vec::with_capacity(keys.len());
        for (k, v) in keys.iter().map(|k| &**k).zip(values) {
            match kept.iter_mut().find(|(seen, _)| *seen == k) {
                Some(slot) => slot.1 = v,
                None => kept.push((k, v)),
            }
        }
        Some(kept)
    }

    fn elements(self) -> Option<Vec<Self>> {
        match self {
            Borrowed::Array(a) => Some(a.iter().collect()),
            _ => None,
        }
    }

    fn column_value(self) -> Value {
        match self {
            Borrowed::Null => Value::Null,
            Borrowed::Bool(b) => Value::Int(i64::from(*b)),
            Borrowed::PosInt(_) | Borrowed::NegInt(_) | Borrowed::Float(_) => self
                .as_i64()
                .map(Value::Int)
                .or_else(|| self.as_f64().map(Value::Real))
                .unwrap_or(Value::Null),
            Borrowed::Str(s) => Value::Text(s.to_string()),
            Borrowed::Array(_) | Borrowed::Object { .. } => Value::Text(self.to_json().to_string()),
        }
    }
}

/// A text, borrowed from the payload when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BorrowedVisitor)
    }
}

struct BorrowedVisitor;

impl<'de> Visitor<'de> for BorrowedVisitor {
    type Value = Borrowed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Borrowed::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Borrowed::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Borrowed::Bool(b))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
        Ok(Borrowed::PosInt(u))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
        // serde_json's `Number::from(i64)` is a positive integer when it is not negative.
        Ok(u64::try_from(i).map_or(Borrowed::NegInt(i), Borrowed::PosInt))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(Borrowed::Float(f))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Borrowed::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Borrowed::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Borrowed::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Borrowed::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Room for 24 keys: both lists stay under 1 KiB (see the top of this file).
        let room = map.size_hint().unwrap_or(24);
        let (mut keys, mut values) = (Vec::with_capacity(room), Vec::with_capacity(room));
        while let Some((Text(k), v)) = map.next_entry::<Text<'de>, Borrowed<'de>>()? {
            keys.push(k);
            values.push(v);
        }
        Ok(Borrowed::Object { keys, values })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Fields, decode, decode_fields, decode_tree};
    use super::*;
    use crate::domain::history::{EventCode, EventKind};

    /// The borrowing tree alone, without falling back to `serde_json::Value`.
    fn fast(code: &str, data: &str) -> Option<EventKind> {
        let kind = EventCode::from_code(code)?;
        let tree = Borrowed::parse(data).ok()?;
        decode_fields(kind, &Fields { map: &tree }).ok()
    }

    /// Payloads no writer of duban writes, which still decode, and must decode the same.
    #[test]
    fn unusual_payloads_decode_the_same_both_ways() {
        let cases: &[(&str, &str)] = &[
            // Escaped texts are unescaped; a key given twice counts with its last value.
            (
                "department_created",
                r#"{"id":1,"name":"\u5e02\"财政\"局\n","id":2}"#,
            ),
            // Columns not in sorted order, given twice, with every kind of value.
            (
                "item_edited",
                r#"{"number":"2026-0001","version":3,"before":{"title":"a","urgent":false,"title":"b"},"after":{"urgent":true,"title":"x\ty","owner":null,"title":"c","major":1,"last_percent":18446744073709551615,"difficult":-3,"important":2.5,"cadence":["w",{"b":1,"a":[2]}],"requirement":{"z":1,"a":2,"z":3}}}"#,
            ),
            // Flags as numbers and as null, empty dates, absent optional fields.
            (
                "item_registered",
                r#"{"number":"2026-0002","title":"t","source_kind":"meeting","lead_department":"d","major":1,"difficult":0,"important":null,"leader_concerned":2.0,"urgent":true,"cadence":"once","deadline":"","status":"registered","registered_on":"2026-01-05","co_departments":["a",1,null,"b"]}"#,
            ),
            // An imported item's origin, its texts escaped, its row too large to be one.
            (
                "item_registered",
                r#"{"number":"2026-0003","title":"t","source_kind":"other","lead_department":"d","cadence":"once","status":"registered","registered_on":"2026-01-05","origin":{"file":"\"台账\".xlsx","sheet":"S\u0031","row":12}}"#,
            ),
            (
                "item_registered",
                r#"{"number":"2026-0003","title":"t","source_kind":"other","lead_department":"d","cadence":"once","status":"registered","registered_on":"2026-01-05","origin":{"file":"a","row":4294967296}}"#,
            ),
            (
                "feedback_added",
                r#"{"feedback_id":7,"on_date":"2026-02-03","text":"ok","percent":300,"kind":"progress","number":"2026-0002","version":2,"after":{"last_percent":1e2}}"#,
            ),
            (
                "note_added",
                r#"{"note_id":1,"on_date":"2026-02-03","level":"reminder","reason":"r","points":-2,"number":"2026-0002","version":2,"before":null,"after":{}}"#,
            ),
            (
                "status_changed",
                r#"{"move":"suspend","from":"in_progress","to":"suspended","reason":null,"suspended_working_days":-1,"number":"2026-0002","version":4,"after":{"status":"suspended"}}"#,
            ),
            (
                "undone",
                r#"{"of_batch":3,"of_event":9,"of_kind":"note_added","version":5,"number":"nope","before":[],"after":{"last_note_on":"2026-02-03"}}"#,
            ),
            // What does not decode gives the same error both ways.
            ("department_created", r#"{"id":"1","name":"n"}"#),
            ("department_created", r#"[{"id":1,"name":"n"}]"#),
            ("department_created", r#"{"id":1,"name":"n"} x"#),
            ("department_created", r#"{"id":1,"name":"n""#),
            (
                "department_created",
                r#"{"id":18446744073709551615,"name":"n"}"#,
            ),
            (
                "item_edited",
                r#"{"number":"2026-0001","version":1,"after":{"colour":"red"}}"#,
            ),
            ("status_changed", r#"{"move":"fly","from":"a","to":"b"}"#),
            ("no_such_kind", r#"{}"#),
            ("snoozed", ""),
        ];
        let mut decoded = 0;
        for (code, data) in cases {
            let plain = decode_tree(1, code, data);
            assert_eq!(decode(1, code, data), plain, "{code}: {data}");
            if let Ok(kind) = &plain {
                assert_eq!(fast(code, data).as_ref(), Some(kind), "{code}: {data}");
                decoded += 1;
            }
        }
        assert_eq!(decoded, 9, "the first nine decode");
    }
}

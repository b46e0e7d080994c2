//! The canonical encoding of events (`docs/events.md`): one JSON object per event, keys in the
//! fixed order written here, no spaces, integers as integers, dates as `"YYYY-MM-DD"`, absent
//! values as `null`. Every writer, undo and redo encode through [`encode`]; everything that reads
//! the history decodes through [`decode`]. The same event always gives the same bytes, so the
//! history can be hashed into a chain.

mod borrowed;
mod flat;

use chrono::NaiveDate;
use serde_json::Value as Json;

use crate::domain::attachment::AttachmentKind;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{
    Change, Changes, Column, EventCode, EventKind, ItemChange, Origin, Registered, Reversed, Value,
};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::{Move, Status};
use crate::json::JsonObject;

pub use crate::error::EventDecodeError;

fn day(d: NaiveDate) -> String {
    super::dates::day(d)
}

fn values(changes: &Changes, after: bool) -> JsonObject {
    let mut o = JsonObject::new();
    for c in changes.iter() {
        let v = if after { &c.after } else { &c.before };
        o = match v {
            Value::Null => o.null(c.column.code()),
            Value::Int(i) => o.int(c.column.code(), *i),
            Value::Real(r) => o.opt_real(c.column.code(), Some(*r)),
            Value::Text(t) => o.str(c.column.code(), t),
        };
    }
    o
}

/// The part every change of an item ends with: its number, version, and the columns before and
/// after.
fn item_change(o: JsonObject, on: &ItemChange) -> String {
    o.str("number", &on.number.to_string())
        .int("version", on.version)
        .object("before", values(&on.changes, false))
        .object("after", values(&on.changes, true))
        .finish()
}

/// An imported item's origin: its file, sheet and row, in that order.
fn origin_object(origin: &Origin) -> JsonObject {
    JsonObject::new()
        .str("file", &origin.file)
        .str("sheet", &origin.sheet)
        .int("row", i64::from(origin.row))
}

/// The canonical bytes of an event's payload (the `data` column).
pub fn encode(kind: &EventKind) -> String {
    let o = JsonObject::new();
    match kind {
        EventKind::DepartmentCreated { id, name } => o.int("id", *id).str("name", name).finish(),
        EventKind::ItemRegistered(r) => {
            let o = o
                .str("number", &r.number.to_string())
                .str("title", &r.title)
                .str("requirement", &r.requirement)
                .str("source_kind", r.source_kind.code())
                .str("source_ref", &r.source_ref)
                .opt_str("instruction", r.instruction.as_deref())
                .opt_str("leader", r.leader.as_deref())
                .str("lead_department", &r.lead_department)
                .strs("co_departments", &r.co_departments)
                .str("owner", &r.owner)
                .bool("major", r.flags.major)
                .bool("difficult", r.flags.difficult)
                .bool("important", r.flags.important)
                .bool("leader_concerned", r.flags.leader)
                .bool("urgent", r.urgent)
                .str("cadence", r.cadence.code())
                .opt_day("deadline", r.deadline)
                .opt_str("no_deadline_reason", r.no_deadline_reason.as_deref())
                .str("status", r.status.code())
                .str("registered_on", &day(r.registered_on));
            // Only an imported item says where it came from, so that every other registration
            // keeps the bytes (and the chain) it always had.
            match &r.origin {
                Some(origin) => o.object("origin", origin_object(origin)),
                None => o,
            }
            .finish()
        }
        EventKind::StatusChanged {
            mv,
            from,
            to,
            reason,
            suspended_working_days,
            by,
            on,
        } => {
            let o = o
                .str("move", mv.code())
                .str("from", from.code())
                .str("to", to.code())
                .opt_str("reason", reason.as_deref());
            let o = match by {
                Some(b) => o.str("by", b),
                None => o,
            };
            // Only a resumption that moved the deadline says by how much.
            let o = match suspended_working_days {
                Some(n) => o.int("suspended_working_days", i64::from(*n)),
                None => o,
            };
            item_change(o, on)
        }
        EventKind::ExtensionRequested {
            number,
            extension_id,
            old_deadline,
            new_deadline,
            reason,
        } => o
            .str("number", &number.to_string())
            .int("extension_id", *extension_id)
            .opt_day("old_deadline", *old_deadline)
            .str("new_deadline", &day(*new_deadline))
            .str("reason", reason)
            .finish(),
        EventKind::ExtensionDecided {
            extension_id,
            decision,
            by,
            on,
        } => {
            let o = o
                .int("extension_id", *extension_id)
                .str("decision", decision.code());
            let o = match by {
                Some(b) => o.str("by", b),
                None => o,
            };
            item_change(o, on)
        }
        EventKind::MilestoneAdded {
            milestone_id,
            milestone_no,
            title,
            due_on,
            on,
        } => item_change(
            o.int("milestone_id", *milestone_id)
                .int("milestone_no", *milestone_no)
                .str("title", title)
                .str("due_on", &day(*due_on)),
            on,
        ),
        EventKind::MilestoneDone {
            milestone_id,
            milestone_no,
            done_on,
            on,
        } => item_change(
            o.int("milestone_id", *milestone_id)
                .int("milestone_no", *milestone_no)
                .str("done_on", &day(*done_on)),
            on,
        ),
        EventKind::FeedbackAdded {
            feedback_id,
            on_date,
            reporter,
            text,
            percent,
            kind,
            on,
        } => item_change(
            o.int("feedback_id", *feedback_id)
                .str("on_date", &day(*on_date))
                .str("reporter", reporter)
                .str("text", text)
                .opt_int("percent", percent.map(i64::from))
                .str("kind", kind.code()),
            on,
        ),
        EventKind::NoteAdded {
            note_id,
            on_date,
            level,
            target,
            reason,
            points,
            requirement,
            on,
        } => item_change(
            o.int("note_id", *note_id)
                .str("on_date", &day(*on_date))
                .str("level", level.code())
                .str("target", target)
                .str("reason", reason)
                .opt_real("points", *points)
                .str("requirement", requirement),
            on,
        ),
        EventKind::Commended {
            commendation_id,
            on_date,
            target,
            reason,
            points,
            on,
        } => item_change(
            o.int("commendation_id", *commendation_id)
                .str("on_date", &day(*on_date))
                .str("target", target)
                .str("reason", reason)
                .opt_real("points", Some(*points)),
            on,
        ),
        EventKind::Instructed {
            instruction_id,
            on_date,
            leader,
            sense,
            text,
            deadline,
            on,
        } => item_change(
            o.int("instruction_id", *instruction_id)
                .str("on_date", &day(*on_date))
                .str("leader", leader)
                .str("sense", sense.code())
                .str("text", text)
                .opt_day("deadline", *deadline),
            on,
        ),
        EventKind::Attached {
            attachment_id,
            on_date,
            name,
            kind,
            size,
            sha256,
            note,
            on,
        } => item_change(
            o.int("attachment_id", *attachment_id)
                .str("on_date", &day(*on_date))
                .str("name", name)
                .str("kind", kind.code())
                .int("size", i64::try_from(*size).unwrap_or(i64::MAX))
                .str("sha256", sha256)
                .str("note", note),
            on,
        ),
        EventKind::ItemEdited { on } | EventKind::Snoozed { on } => item_change(o, on),
        EventKind::Reversed(r) => {
            let mut o = o
                .int("of_batch", r.of_batch)
                .int("of_event", r.of_event)
                .str("of_kind", r.of_kind.code())
                .int("version", r.version);
            if let Some(n) = r.number {
                o = o.str("number", &n.to_string());
            }
            o.object("before", values(&r.changes, false))
                .object("after", values(&r.changes, true))
                .finish()
        }
    }
}

/// A parsed JSON payload as [`Fields`] reads it: a `serde_json::Value`, or one of the trees
/// that borrow their texts from the payload ([`flat`], [`borrowed::Borrowed`]), which read the
/// same.
trait Tree<'a>: Copy {
    fn is_null(self) -> bool;
    fn is_object(self) -> bool;
    fn as_str(self) -> Option<&'a str>;
    fn as_bool(self) -> Option<bool>;
    fn as_i64(self) -> Option<i64>;
    fn as_u64(self) -> Option<u64>;
    fn as_f64(self) -> Option<f64>;
    /// A key's value in an object (the last, if the key is given twice).
    fn get(self, key: &str) -> Option<Self>;
    /// An object's keys and values in the order written, each key once.
    fn entries(self) -> Option<Vec<(&'a str, Self)>>;
    fn elements(self) -> Option<Vec<Self>>;
    /// The value as a column stores it.
    fn column_value(self) -> Value;
}

impl<'a> Tree<'a> for &'a Json {
    fn is_null(self) -> bool {
        Json::is_null(self)
    }

    fn is_object(self) -> bool {
        Json::is_object(self)
    }

    fn as_str(self) -> Option<&'a str> {
        Json::as_str(self)
    }

    fn as_bool(self) -> Option<bool> {
        Json::as_bool(self)
    }

    fn as_i64(self) -> Option<i64> {
        Json::as_i64(self)
    }

    fn as_u64(self) -> Option<u64> {
        Json::as_u64(self)
    }

    fn as_f64(self) -> Option<f64> {
        Json::as_f64(self)
    }

    fn get(self, key: &str) -> Option<Self> {
        self.as_object().and_then(|m| m.get(key))
    }

    fn entries(self) -> Option<Vec<(&'a str, Self)>> {
        self.as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
    }

    fn elements(self) -> Option<Vec<Self>> {
        self.as_array().map(|a| a.iter().collect())
    }

    fn column_value(self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Int(i64::from(*b)),
            Json::Number(n) => n
                .as_i64()
                .map(Value::Int)
                .or_else(|| n.as_f64().map(Value::Real))
                .unwrap_or(Value::Null),
            Json::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    }
}

/// Reads one field of a decoded payload.
struct Fields<T> {
    map: T,
}

type Decoded<T> = std::result::Result<T, String>;

impl<'a, T: Tree<'a>> Fields<T> {
    fn get(&self, key: &str) -> Option<T> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn str(&self, key: &str) -> Decoded<&'a str> {
        self.get(key)
            .and_then(T::as_str)
            .ok_or_else(|| format!("{key} is missing or not text"))
    }

    fn opt_str(&self, key: &str) -> Option<String> {
        self.get(key).and_then(T::as_str).map(str::to_string)
    }

    fn string(&self, key: &str) -> Decoded<String> {
        self.str(key).map(str::to_string)
    }

    fn int(&self, key: &str) -> Decoded<i64> {
        self.get(key)
            .and_then(T::as_i64)
            .ok_or_else(|| format!("{key} is missing or not an integer"))
    }

    fn bool(&self, key: &str) -> bool {
        match self.get(key) {
            Some(v) => v
                .as_bool()
                .unwrap_or_else(|| v.as_i64().is_some_and(|i| i != 0)),
            None => false,
        }
    }

    fn day(&self, key: &str) -> Decoded<NaiveDate> {
        self.opt_day(key)?
            .ok_or_else(|| format!("{key} is missing"))
    }

    /// A date, or none (`null`, absent or the empty text older files wrote).
    fn opt_day(&self, key: &str) -> Decoded<Option<NaiveDate>> {
        match self.get(key).and_then(T::as_str) {
            None | Some("") => Ok(None),
            Some(t) => crate::domain::history::day::parse(t)
                .map(Some)
                .ok_or_else(|| format!("{key} is not a date: {t}")),
        }
    }

    fn code<C>(&self, key: &str, from: fn(&str) -> Option<C>) -> Decoded<C> {
        let text = self.str(key)?;
        from(text).ok_or_else(|| format!("{key} has an unknown code: {text}"))
    }

    fn number(&self) -> Decoded<ItemNumber> {
        let text = self.str("number")?;
        ItemNumber::parse(text).ok_or_else(|| format!("number is not an item number: {text}"))
    }

    fn changes(&self) -> Decoded<Changes> {
        let before = self.map.get("before").filter(|v| v.is_object());
        let after = self
            .map
            .get("after")
            .and_then(T::entries)
            .unwrap_or_default();
        let mut changes = Vec::with_capacity(after.len());
        for (name, value) in after {
            let column = Column::from_code(name).ok_or_else(|| format!("unknown column {name}"))?;
            changes.push(Change {
                column,
                before: before
                    .and_then(|b| b.get(name))
                    .map_or(Value::Null, T::column_value),
                after: value.column_value(),
            });
        }
        Ok(Changes(changes))
    }

    /// An imported item's origin; none when absent, or when it lacks its file or its row.
    fn origin(&self) -> Option<Origin> {
        let o = self.get("origin").filter(|o| o.is_object())?;
        let text = |key: &str| o.get(key).and_then(T::as_str).map(str::to_string);
        Some(Origin {
            file: text("file")?,
            sheet: text("sheet").unwrap_or_default(),
            row: o
                .get("row")
                .and_then(T::as_u64)
                .and_then(|r| u32::try_from(r).ok())?,
        })
    }

    fn item_change(&self) -> Decoded<ItemChange> {
        Ok(ItemChange {
            number: self.number()?,
            version: self.int("version")?,
            changes: self.changes()?,
        })
    }
}

/// Decodes an event's payload of kind `code` (the `kind` column) from its stored bytes.
pub fn decode(id: i64, code: &str, data: &str) -> Result<EventKind, EventDecodeError> {
    // The flat tree reads the canonical bytes without allocating, the borrowing tree what the
    // flat one refuses (an escape in a text, a fraction); both read the same as
    // `serde_json::Value` and are several times faster. Whatever neither can read, the tree of
    // `serde_json::Value` reads again, so that an error says exactly what `decode_tree` says.
    if let Some(kind) = EventCode::from_code(code) {
        if let Some(Ok(kind)) =
            flat::read_object(data, |tree| decode_fields(kind, &Fields { map: tree }))
        {
            return Ok(kind);
        }
        if let Ok(tree) = borrowed::Borrowed::parse(data)
            && matches!(tree, borrowed::Borrowed::Object { .. })
            && let Ok(kind) = decode_fields(kind, &Fields { map: &tree })
        {
            return Ok(kind);
        }
    }
    decode_tree(id, code, data)
}

/// The roads [`decode`] takes, each alone: the fast trees' (`None` where the borrowing tree
/// cannot read the bytes, or where the flat tree reads them and decodes them otherwise than
/// the borrowing tree) and the plain one through `serde_json::Value`. A test holds them equal
/// on every event of a sample office (`tests/event_codec.rs`, which may build one: the store's
/// own tests cannot, the sample office being the application's).
#[doc(hidden)]
pub fn decode_both_ways(
    id: i64,
    code: &str,
    data: &str,
) -> (Option<EventKind>, Result<EventKind, EventDecodeError>) {
    let fast = EventCode::from_code(code).and_then(|kind| {
        let tree = borrowed::Borrowed::parse(data).ok()?;
        let borrowed = decode_fields(kind, &Fields { map: &tree }).ok();
        let flat = flat::read_object(data, |tree| decode_fields(kind, &Fields { map: tree }).ok());
        match flat {
            Some(flat) if flat != borrowed => None,
            _ => borrowed,
        }
    });
    (fast, decode_tree(id, code, data))
}

/// [`decode`] through a `serde_json::Value`: the plain way, which the fast one must equal.
fn decode_tree(id: i64, code: &str, data: &str) -> Result<EventKind, EventDecodeError> {
    let error = |reason: String| EventDecodeError {
        id,
        kind: code.to_string(),
        reason,
    };
    let kind = EventCode::from_code(code).ok_or_else(|| error("unknown kind".into()))?;
    let json: Json = serde_json::from_str(data).map_err(|e| error(e.to_string()))?;
    if !json.is_object() {
        return Err(error("not a JSON object".into()));
    }
    decode_fields(kind, &Fields { map: &json }).map_err(error)
}

fn decode_fields<'a, T: Tree<'a>>(kind: EventCode, f: &Fields<T>) -> Decoded<EventKind> {
    use EventCode as C;
    Ok(match kind {
        C::DepartmentCreated => EventKind::DepartmentCreated {
            id: f.int("id")?,
            name: f.string("name")?,
        },
        C::ItemRegistered => EventKind::ItemRegistered(Box::new(Registered {
            number: f.number()?,
            title: f.string("title")?,
            requirement: f.opt_str("requirement").unwrap_or_default(),
            source_kind: f.code("source_kind", SourceKind::from_code)?,
            source_ref: f.opt_str("source_ref").unwrap_or_default(),
            instruction: f.opt_str("instruction"),
            leader: f.opt_str("leader"),
            lead_department: f.string("lead_department")?,
            co_departments: f
                .get("co_departments")
                .and_then(T::elements)
                .map(|a| {
                    a.into_iter()
                        .filter_map(T::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            owner: f.opt_str("owner").unwrap_or_default(),
            flags: Flags {
                major: f.bool("major"),
                difficult: f.bool("difficult"),
                important: f.bool("important"),
                leader: f.bool("leader_concerned"),
            },
            urgent: f.bool("urgent"),
            cadence: f.code("cadence", Cadence::from_code)?,
            deadline: f.opt_day("deadline")?,
            no_deadline_reason: f.opt_str("no_deadline_reason"),
            status: f.code("status", Status::from_code)?,
            registered_on: f.day("registered_on")?,
            origin: f.origin(),
        })),
        C::StatusChanged => EventKind::StatusChanged {
            mv: f.code("move", Move::from_code)?,
            from: f.code("from", Status::from_code)?,
            to: f.code("to", Status::from_code)?,
            reason: f.opt_str("reason"),
            suspended_working_days: f
                .get("suspended_working_days")
                .and_then(T::as_u64)
                .and_then(|n| u32::try_from(n).ok()),
            by: f.opt_str("by"),
            on: f.item_change()?,
        },
        C::ExtensionRequested => EventKind::ExtensionRequested {
            number: f.number()?,
            extension_id: f.int("extension_id")?,
            old_deadline: f.opt_day("old_deadline")?,
            new_deadline: f.day("new_deadline")?,
            reason: f.string("reason")?,
        },
        C::ExtensionDecided => EventKind::ExtensionDecided {
            extension_id: f.int("extension_id")?,
            decision: f.code("decision", ExtensionDecision::from_code)?,
            by: f.opt_str("by"),
            on: f.item_change()?,
        },
        C::MilestoneAdded => EventKind::MilestoneAdded {
            milestone_id: f.int("milestone_id")?,
            milestone_no: f.int("milestone_no")?,
            title: f.string("title")?,
            due_on: f.day("due_on")?,
            on: f.item_change()?,
        },
        C::MilestoneDone => EventKind::MilestoneDone {
            milestone_id: f.int("milestone_id")?,
            milestone_no: f.int("milestone_no")?,
            done_on: f.day("done_on")?,
            on: f.item_change()?,
        },
        C::FeedbackAdded => EventKind::FeedbackAdded {
            feedback_id: f.int("feedback_id")?,
            on_date: f.day("on_date")?,
            reporter: f.opt_str("reporter").unwrap_or_default(),
            text: f.string("text")?,
            percent: f
                .get("percent")
                .and_then(T::as_i64)
                .and_then(|p| u8::try_from(p).ok()),
            kind: f.code("kind", FeedbackKind::from_code)?,
            on: f.item_change()?,
        },
        C::NoteAdded => EventKind::NoteAdded {
            note_id: f.int("note_id")?,
            on_date: f.day("on_date")?,
            level: f.code("level", Level::from_code)?,
            target: f.opt_str("target").unwrap_or_default(),
            reason: f.string("reason")?,
            points: f.get("points").and_then(T::as_f64),
            requirement: f.opt_str("requirement").unwrap_or_default(),
            on: f.item_change()?,
        },
        C::Commended => EventKind::Commended {
            commendation_id: f.int("commendation_id")?,
            on_date: f.day("on_date")?,
            target: f.opt_str("target").unwrap_or_default(),
            reason: f.string("reason")?,
            points: f
                .get("points")
                .and_then(T::as_f64)
                .ok_or_else(|| "points is missing or not a number".to_string())?,
            on: f.item_change()?,
        },
        C::Instructed => EventKind::Instructed {
            instruction_id: f.int("instruction_id")?,
            on_date: f.day("on_date")?,
            leader: f.string("leader")?,
            sense: f.code("sense", InstructionSense::from_code)?,
            text: f.string("text")?,
            deadline: f.opt_day("deadline")?,
            on: f.item_change()?,
        },
        C::Attached => EventKind::Attached {
            attachment_id: f.int("attachment_id")?,
            on_date: f.day("on_date")?,
            name: f.string("name")?,
            kind: f.code("kind", AttachmentKind::from_code)?,
            size: f
                .get("size")
                .and_then(T::as_u64)
                .ok_or_else(|| "size is missing or not a whole number".to_string())?,
            sha256: f.string("sha256")?,
            note: f.opt_str("note").unwrap_or_default(),
            on: f.item_change()?,
        },
        C::ItemEdited => EventKind::ItemEdited {
            on: f.item_change()?,
        },
        C::Snoozed => EventKind::Snoozed {
            on: f.item_change()?,
        },
        C::Undone | C::Redone => EventKind::Reversed(Box::new(Reversed {
            undo: kind == C::Undone,
            of_batch: f.int("of_batch")?,
            of_event: f.int("of_event")?,
            of_kind: f.code("of_kind", EventCode::from_code)?,
            number: f
                .get("number")
                .and_then(T::as_str)
                .and_then(ItemNumber::parse),
            version: f.int("version")?,
            changes: f.changes()?,
        })),
    })
}

//! `duban export --format json`: the whole office as one JSON document (README, "JSON
//! formats"), one department, item or event per line, written as the store hands them over.

use std::io::Write;

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::json::JsonObject;
use crate::store::ItemDetail;
use crate::store::exchange::{Department, ExportSink, StoredEvent, StoredFile};

/// What the document says it is.
pub const FORMAT: &str = "duban-export";
/// The version of the document's layout this duban writes and reads.
pub const VERSION: i64 = 1;

/// Writes the document to `out` as the parts come.
pub struct JsonSink<W: Write> {
    out: W,
    buf: String,
    items: usize,
    events: usize,
    files: usize,
    /// The time of the event being written.
    at: String,
}

impl<W: Write> JsonSink<W> {
    /// Writes the document's head; `exported_at` is the run's clock.
    pub fn new(mut out: W, exported_at: NaiveDateTime) -> Result<Self> {
        let head = JsonObject::new()
            .str("format", FORMAT)
            .int("version", VERSION)
            .str("duban", env!("CARGO_PKG_VERSION"))
            .str("exported_at", &stamp(exported_at))
            .finish();
        // The head without its closing brace: the lists follow.
        out.write_all(head.trim_end_matches('}').as_bytes())?;
        Ok(Self {
            out,
            buf: String::with_capacity(1 << 17),
            items: 0,
            events: 0,
            files: 0,
            at: String::with_capacity(21),
        })
    }

    /// Ends the document (after the last event) and gives the writer back.
    pub fn finish(mut self) -> Result<W> {
        if self.files == 0 {
            self.close_events();
            self.buf.push_str("\n],\n\"files\":[");
        }
        self.buf.push_str("\n]}\n");
        self.out.write_all(self.buf.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// Opens the events' list when no event opened it (an office without events).
    fn close_events(&mut self) {
        if self.events == 0 {
            self.buf.push_str("\n],\n\"events\":[");
        }
    }

    /// Writes the buffer out when it is large.
    fn spill(&mut self) -> Result<()> {
        if self.buf.len() > 1 << 16 {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// `2026-11-25T09:30:00`.
pub fn stamp(t: NaiveDateTime) -> String {
    let mut s = String::with_capacity(21);
    push_stamp(&mut s, t);
    s.trim_matches('"').to_string()
}

/// Appends a time as a JSON string (`"2026-11-25T09:30:00"`), without a format interpreter.
fn push_stamp(buf: &mut String, t: NaiveDateTime) {
    use chrono::Timelike;
    crate::json::push_opt_day(buf, Some(t.date()));
    buf.pop();
    buf.push('T');
    crate::json::push_padded(buf, u64::from(t.hour()), 2);
    buf.push(':');
    crate::json::push_padded(buf, u64::from(t.minute()), 2);
    buf.push(':');
    crate::json::push_padded(buf, u64::from(t.second()), 2);
    buf.push('"');
}

impl<W: Write> ExportSink for JsonSink<W> {
    /// The departments come first (the store hands them over before any item).
    fn departments(&mut self, departments: &[Department]) -> Result<()> {
        self.buf.push_str(",\n\"departments\":[");
        for (i, d) in departments.iter().enumerate() {
            self.buf.push_str(if i == 0 { "\n" } else { ",\n" });
            let buf = std::mem::take(&mut self.buf);
            self.buf = JsonObject::appending_to(buf)
                .int("id", d.id)
                .str("name", &d.name)
                .finish();
        }
        self.buf.push_str("\n],\n\"items\":[");
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        self.buf
            .push_str(if self.items == 0 { "\n" } else { ",\n" });
        self.items += 1;
        let buf = std::mem::take(&mut self.buf);
        self.buf = item_object(JsonObject::appending_to(buf), item).finish();
        self.spill()
    }

    fn event(&mut self, e: &StoredEvent) -> Result<()> {
        self.buf.push_str(if self.events == 0 {
            "\n],\n\"events\":[\n"
        } else {
            ",\n"
        });
        self.events += 1;
        let buf = std::mem::take(&mut self.buf);
        let item = e.item.map(|n| n.to_string());
        self.at.clear();
        push_stamp(&mut self.at, e.at);
        self.buf = JsonObject::appending_to(buf)
            .int("id", e.id)
            .int("batch", e.batch)
            .raw("at", &self.at)
            .opt_day("on_date", Some(e.on_date))
            .str("actor", &e.actor)
            .opt_str("item", item.as_deref())
            .str("kind", e.kind.code())
            // The payload's bytes as stored (canonical JSON already): import keeps them as
            // they are.
            .raw("data", &e.data)
            .finish();
        self.spill()
    }

    /// Each file's bytes inline, in base64 (RFC 4648, with padding), under their address: the
    /// document stays one file that an import reads back to the same bytes, which it checks
    /// against the address.
    fn file(&mut self, f: &StoredFile) -> Result<()> {
        use base64::Engine;
        if self.files == 0 {
            self.close_events();
            self.buf.push_str("\n],\n\"files\":[\n");
        } else {
            self.buf.push_str(",\n");
        }
        self.files += 1;
        let buf = std::mem::take(&mut self.buf);
        self.buf = JsonObject::appending_to(buf)
            .str("sha256", &f.sha256)
            .int("size", f.bytes.len() as i64)
            .finish();
        // The object without its closing brace: the bytes follow, written straight out.
        self.buf.pop();
        self.buf.push_str(",\"base64\":\"");
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        let encoded = base64::engine::general_purpose::STANDARD.encode(&f.bytes);
        self.out.write_all(encoded.as_bytes())?;
        self.buf.push_str("\"}");
        Ok(())
    }

    fn wants_files(&self) -> bool {
        true
    }
}

/// An array of objects, each written by `each`.
fn array<T>(
    o: JsonObject,
    key: &str,
    values: &[T],
    each: impl Fn(JsonObject, &T) -> JsonObject,
) -> JsonObject {
    let mut text = String::from("[");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text = each(JsonObject::appending_to(text), v).finish();
    }
    text.push(']');
    o.raw(key, &text)
}

/// One item with its records, every column of the store under its own name.
fn item_object(o: JsonObject, item: &ItemDetail) -> JsonObject {
    let r = &item.row;
    let o = o
        .int("id", r.id)
        .str("number", &r.number.to_string())
        .str("title", &r.title)
        .str("requirement", &item.requirement)
        .str("source_kind", r.source_kind.code())
        .str("source_ref", &r.source_ref)
        .opt_str("instruction", item.instruction.as_deref())
        .opt_str("leader", item.leader.as_deref())
        .str("lead_department", &r.lead_department)
        .strs("co_departments", &item.co_departments)
        .str("owner", &r.owner)
        .bool("major", r.flags.major)
        .bool("difficult", r.flags.difficult)
        .bool("important", r.flags.important)
        .bool("leader_concerned", r.flags.leader)
        .bool("urgent", r.urgent)
        .str("cadence", r.cadence.code())
        .opt_day("original_deadline", item.original_deadline)
        .opt_day("deadline", r.deadline)
        .opt_str("no_deadline_reason", item.no_deadline_reason.as_deref())
        .str("status", r.status.code())
        .opt_str("suspended_from", r.suspended_from.map(|s| s.code()))
        .opt_day("registered_on", Some(r.registered_on))
        .opt_day("assigned_on", r.assigned_on)
        .opt_day("suspended_on", r.suspended_on)
        .opt_day("resumed_on", r.resumed_on)
        .opt_day("submitted_on", r.submitted_on)
        .opt_day("completed_on", r.completed_on)
        .opt_day("closed_on", r.closed_on)
        .opt_day("last_feedback_on", r.last_feedback_on)
        .opt_int("last_percent", r.last_percent.map(i64::from))
        .opt_day("last_note_on", r.last_note_on)
        .opt_str("top_level", r.top_level.map(|l| l.code()))
        .opt_day("next_milestone_due", r.next_milestone_due)
        .opt_day("second_milestone_due", r.second_milestone_due)
        .opt_day("snoozed_until", r.snoozed_until)
        .opt_str("snooze_reason", r.snooze_reason.as_deref())
        .int("version", r.version);
    let o = array(o, "milestones", &item.milestones, |o, m| {
        o.int("id", m.id)
            .str("title", &m.title)
            .opt_day("due_on", Some(m.due_on))
            .opt_day("done_on", m.done_on)
    });
    let o = array(o, "feedback", &item.feedback, |o, f| {
        o.int("id", f.id)
            .opt_day("on_date", Some(f.on_date))
            .str("reporter", &f.reporter)
            .str("text", &f.text)
            .opt_int("percent", f.percent.map(i64::from))
            .str("kind", f.kind.code())
    });
    let o = array(o, "notes", &item.notes, |o, n| {
        o.int("id", n.id)
            .opt_day("on_date", Some(n.on_date))
            .str("level", n.level.code())
            .str("target", &n.target)
            .str("reason", &n.reason)
            .opt_real("points", n.points)
            .str("requirement", &n.requirement)
    });
    let o = array(o, "commendations", &item.commendations, |o, c| {
        o.int("id", c.id)
            .opt_day("on_date", Some(c.on_date))
            .str("target", &c.target)
            .str("reason", &c.reason)
            .opt_real("points", Some(c.points))
    });
    let o = array(o, "instructions", &item.instructions, |o, i| {
        o.int("id", i.id)
            .opt_day("on_date", Some(i.on_date))
            .str("leader", &i.leader)
            .str("sense", i.sense.code())
            .str("text", &i.text)
            .opt_day("deadline", i.deadline)
    });
    let o = array(o, "attachments", &item.attachments, |o, a| {
        o.int("id", a.id)
            .opt_day("on_date", Some(a.on_date))
            .str("name", &a.name)
            .str("kind", a.kind.code())
            .int("size", i64::try_from(a.size).unwrap_or(i64::MAX))
            .str("sha256", &a.sha256)
            .str("note", &a.note)
    });
    array(o, "extensions", &item.extensions, |o, x| {
        o.int("id", x.id)
            .opt_day("requested_on", Some(x.requested_on))
            .opt_day("old_deadline", Some(x.old_deadline))
            .opt_day("new_deadline", Some(x.new_deadline))
            .str("reason", &x.reason)
            .str("decision", x.decision.code())
            .opt_day("decided_on", x.decided_on)
    })
}

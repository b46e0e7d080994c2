//! `duban import FILE`: the JSON document [`super::json`] writes, read back and checked row by
//! row before anything is written. The first bad row is refused with its place in the file
//! (`items[12].deadline`) and what is accepted.
//!
//! A file takes nothing the command line would refuse: every text field is checked as typing
//! it is (one line where the command line takes one line, the same longest length, no control
//! or invisible character), points within the same range, no key twice in a row; and every
//! item's row and records must say what its events say (the history is replayed and compared,
//! field by field), so that an item `closed` whose history says assigned, or a feedback whose
//! text differs from its event, is refused rather than imported.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::app::input::{NAME_MAX, REF_MAX, TEXT_MAX};
use crate::domain::Rules;
use crate::domain::attachment::AttachmentKind;
use crate::domain::history::{Recorded, Replayed};
use crate::domain::import::{ImportRefusal, Reference, RowProblem};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::validate::{self, FIRST_YEAR, LAST_YEAR, Problem};
use crate::domain::{Level, Status};
use crate::domain::{UnknownCode, extension::ExtensionDecision, history::EventCode};
use crate::store::exchange::{Department, Office, StoredEvent, StoredFile};
use crate::store::{
    Attachment, Commendation, Extension, Feedback, Instruction, ItemDetail, ItemRow, Milestone,
    Note, event_codec,
};

type Checked<T> = Result<T, ImportRefusal>;

/// The document's head and its three lists, each row kept as its text until it is checked.
#[derive(Deserialize)]
struct Document<'a> {
    format: Option<String>,
    version: Option<i64>,
    #[serde(borrow)]
    departments: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    items: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    events: Option<Vec<&'a RawValue>>,
    /// The files kept with the items (absent in a file written before there were any).
    #[serde(borrow)]
    files: Option<Vec<&'a RawValue>>,
}

/// The longest milestone title the command line takes.
const MILESTONE_TITLE_MAX: usize = 500;

/// Reads and checks a whole export; `file` names it in a refusal. `rules` are the office's
/// (the longest title it takes).
pub fn read(file: &str, text: &str, rules: &Rules) -> Checked<Office> {
    let not_export = |reason: String| ImportRefusal::NotAnExport {
        file: validate::shown(file),
        reason,
    };
    let doc: Document<'_> = serde_json::from_str(text).map_err(|e| not_export(e.to_string()))?;
    if doc.format.as_deref() != Some(super::json::FORMAT) {
        return Err(not_export(format!(
            "\"format\" must be \"{}\"",
            super::json::FORMAT
        )));
    }
    if doc.version != Some(super::json::VERSION) {
        return Err(not_export(format!(
            "\"version\" must be {} (got {}); export it again with this duban",
            super::json::VERSION,
            doc.version.map_or("none".into(), |v| v.to_string())
        )));
    }
    fn list<'a>(
        name: &str,
        rows: Option<Vec<&'a RawValue>>,
        not_export: impl Fn(String) -> ImportRefusal,
    ) -> Checked<Vec<&'a RawValue>> {
        rows.ok_or_else(|| not_export(format!("the list \"{name}\" is missing")))
    }
    let departments = departments(list("departments", doc.departments, not_export)?)?;
    let names: HashSet<&str> = departments.iter().map(|d| d.name.as_str()).collect();
    let mut ids = RecordIds::default();
    let mut items = Vec::new();
    let mut numbers = HashMap::new();
    for (i, raw) in list("items", doc.items, not_export)?
        .into_iter()
        .enumerate()
    {
        let item = item(&format!("items[{i}]"), raw, &names, &mut ids, rules)?;
        let row = format!("items[{i}]");
        if !ids.items.insert(item.row.id) {
            return Err(duplicate(&row, "id", item.row.id));
        }
        if numbers.insert(item.row.number, ()).is_some() {
            return Err(duplicate(&row, "number", item.row.number));
        }
        items.push(item);
    }
    let mut replayed = Replayed::default();
    let events = events(
        list("events", doc.events, not_export)?,
        &numbers,
        &mut replayed,
    )?;
    for (i, item) in items.iter().enumerate() {
        let place = format!("items[{i}]");
        let Some(state) = replayed.items.get(&item.row.number) else {
            return Err(ImportRefusal::row(place, "", RowProblem::NotRegistered));
        };
        if let Some(what) = crate::store::agreement::disagreements(state, item)
            .into_iter()
            .next()
        {
            return Err(ImportRefusal::row(
                place,
                "",
                RowProblem::DisagreesWithHistory { what },
            ));
        }
    }
    let files = doc
        .files
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, raw)| stored_file(format!("files[{i}]"), raw))
        .collect::<Checked<Vec<_>>>()?;
    let office = Office {
        departments,
        items,
        events,
        files,
        chain_origins: None,
    };
    crate::store::exchange::check_files(&office).map_err(|e| match e {
        crate::error::Error::Import(refusal) => refusal,
        other => ImportRefusal::row(
            "files",
            "",
            RowProblem::Payload {
                reason: other.to_string(),
            },
        ),
    })?;
    Ok(office)
}

/// One file of the document: its address, size and bytes (base64). The bytes must be what the
/// address and the size say (checked with the attachments that name it).
fn stored_file(place: String, raw: &RawValue) -> Checked<StoredFile> {
    use base64::Engine;
    let f = Row::parse(place, raw)?;
    let sha256 = f.filled("sha256")?;
    if !crate::domain::attachment::is_address(&sha256) {
        return Err(f.refuse(
            "sha256",
            RowProblem::WrongType {
                expected: "64 lowercase hexadecimal digits (a SHA-256)",
            },
        ));
    }
    let size = f.int("size")?;
    let encoded = f.text("base64")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.as_bytes())
        .map_err(|e| {
            f.refuse(
                "base64",
                RowProblem::Payload {
                    reason: format!("not base64: {e}"),
                },
            )
        })?;
    if i64::try_from(bytes.len()).ok() != Some(size) {
        return Err(f.refuse(
            "size",
            RowProblem::DisagreesWithHistory {
                what: format!("size {size} (the bytes are {} long)", bytes.len()),
            },
        ));
    }
    Ok(StoredFile { sha256, bytes })
}

fn duplicate(row: &str, field: &'static str, got: impl ToString) -> ImportRefusal {
    ImportRefusal::row(
        row,
        field,
        RowProblem::Duplicate {
            got: got.to_string(),
        },
    )
}

/// The ids of each kind of record seen so far: each must be new.
#[derive(Default)]
struct RecordIds {
    items: HashSet<i64>,
    milestones: HashSet<i64>,
    feedback: HashSet<i64>,
    notes: HashSet<i64>,
    commendations: HashSet<i64>,
    instructions: HashSet<i64>,
    attachments: HashSet<i64>,
    extensions: HashSet<i64>,
}

/// One row of the file: its place (`items[12]`) and its fields, each kept as its text.
struct Row<'a> {
    place: String,
    fields: HashMap<String, &'a RawValue>,
}

/// A row's fields, and the first key it names twice (JSON itself would keep either value).
struct Fields<'a> {
    fields: HashMap<String, &'a RawValue>,
    twice: Option<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Keys<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut fields = HashMap::new();
                let mut twice = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: &'a RawValue = map.next_value()?;
                    if let Some(key) = fields.insert(key.clone(), value).and(Some(key))
                        && twice.is_none()
                    {
                        twice = Some(key);
                    }
                }
                Ok(Fields { fields, twice })
            }
        }
        d.deserialize_map(Keys(std::marker::PhantomData))
    }
}

impl<'a> Row<'a> {
    fn parse(place: String, raw: &'a RawValue) -> Checked<Self> {
        match serde_json::from_str::<Fields<'a>>(raw.get()) {
            Ok(Fields {
                fields,
                twice: None,
            }) => Ok(Self { place, fields }),
            Ok(Fields {
                twice: Some(key), ..
            }) => Err(ImportRefusal::row(
                place,
                "",
                RowProblem::DuplicateKey { key },
            )),
            Err(_) => Err(ImportRefusal::row(
                place,
                "",
                RowProblem::WrongType {
                    expected: "an object",
                },
            )),
        }
    }

    fn refuse(&self, field: &'static str, problem: RowProblem) -> ImportRefusal {
        ImportRefusal::row(self.place.clone(), field, problem)
    }

    /// The field's value, unless absent or null.
    fn raw(&self, key: &'static str) -> Option<&'a RawValue> {
        self.fields.get(key).copied().filter(|v| v.get() != "null")
    }

    fn typed<T: Deserialize<'a>>(
        &self,
        key: &'static str,
        expected: &'static str,
    ) -> Checked<Option<T>> {
        self.raw(key)
            .map(|raw| {
                serde_json::from_str(raw.get())
                    .map_err(|_| self.refuse(key, RowProblem::WrongType { expected }))
            })
            .transpose()
    }

    fn required<T>(&self, key: &'static str, value: Option<T>) -> Checked<T> {
        value.ok_or_else(|| self.refuse(key, RowProblem::Missing))
    }

    /// Text as stored: newlines and tabs allowed, other control characters refused.
    fn opt_text(&self, key: &'static str) -> Checked<Option<String>> {
        let text: Option<String> = self.typed(key, "text")?;
        if let Some(t) = &text {
            validate::text(key, t, usize::MAX).map_err(|e| self.input(e))?;
        }
        Ok(text)
    }

    fn text(&self, key: &'static str) -> Checked<String> {
        let text = self.opt_text(key)?;
        self.required(key, text)
    }

    /// One line of text of at most `max` characters, as the command line takes it.
    fn line(&self, key: &'static str, max: usize) -> Checked<String> {
        let text = self.text(key)?;
        validate::line(key, &text, max).map_err(|e| self.input(e))?;
        Ok(text)
    }

    fn opt_line(&self, key: &'static str, max: usize) -> Checked<Option<String>> {
        let text = self.opt_text(key)?;
        if let Some(t) = &text {
            validate::line(key, t, max).map_err(|e| self.input(e))?;
        }
        Ok(text)
    }

    /// One line that must hold something, of at most `max` characters.
    fn filled_line(&self, key: &'static str, max: usize) -> Checked<String> {
        let text = self.filled(key)?;
        validate::line(key, &text, max).map_err(|e| self.input(e))?;
        Ok(text)
    }

    /// Text of several lines, of at most `max` characters.
    fn text_within(&self, key: &'static str, max: usize) -> Checked<String> {
        let text = self.text(key)?;
        validate::text(key, &text, max).map_err(|e| self.input(e))?;
        Ok(text)
    }

    fn opt_text_within(&self, key: &'static str, max: usize) -> Checked<Option<String>> {
        let text = self.opt_text(key)?;
        if let Some(t) = &text {
            validate::text(key, t, max).map_err(|e| self.input(e))?;
        }
        Ok(text)
    }

    /// Text of several lines that must hold something, of at most `max` characters.
    fn filled_within(&self, key: &'static str, max: usize) -> Checked<String> {
        let text = self.filled(key)?;
        validate::text(key, &text, max).map_err(|e| self.input(e))?;
        Ok(text)
    }

    /// Points as the command line takes them: a finite number from -100 to 100.
    fn opt_points(&self, key: &'static str) -> Checked<Option<f64>> {
        self.opt_real(key)?
            .map(|p| crate::app::input::points_within(key, p).map_err(|e| self.input(e)))
            .transpose()
    }

    /// Text that must hold something.
    fn filled(&self, key: &'static str) -> Checked<String> {
        let text = self.text(key)?;
        if text.trim().is_empty() {
            return Err(self.refuse(key, RowProblem::Input(Problem::Empty)));
        }
        Ok(text)
    }

    fn opt_int(&self, key: &'static str) -> Checked<Option<i64>> {
        self.typed(key, "a whole number")
    }

    fn int(&self, key: &'static str) -> Checked<i64> {
        let value = self.opt_int(key)?;
        self.required(key, value)
    }

    /// A positive whole number (ids, batches, versions).
    fn positive(&self, key: &'static str) -> Checked<i64> {
        let value = self.int(key)?;
        if value < 1 {
            return Err(self.refuse(
                key,
                RowProblem::Input(Problem::NumberOutOfRange {
                    min: 1,
                    max: i64::MAX,
                    got: value.to_string(),
                }),
            ));
        }
        Ok(value)
    }

    fn opt_real(&self, key: &'static str) -> Checked<Option<f64>> {
        self.typed(key, "a number")
    }

    fn flag(&self, key: &'static str) -> Checked<bool> {
        let value = self.typed(key, "true or false")?;
        self.required(key, value)
    }

    fn percent(&self, key: &'static str) -> Checked<Option<u8>> {
        match self.opt_int(key)? {
            None => Ok(None),
            Some(p) => u8::try_from(p)
                .ok()
                .filter(|p| *p <= 100)
                .map(Some)
                .ok_or_else(|| {
                    self.refuse(
                        key,
                        RowProblem::Input(Problem::PercentOutOfRange { got: p.to_string() }),
                    )
                }),
        }
    }

    fn input(&self, e: validate::InputError) -> ImportRefusal {
        ImportRefusal::input(self.place.clone(), e)
    }

    /// A date `YYYY-MM-DD` in the office's years.
    fn opt_day(&self, key: &'static str) -> Checked<Option<NaiveDate>> {
        let text: Option<String> = self.typed(key, "a date written YYYY-MM-DD")?;
        text.map(|t| validate::date(key, &t).map_err(|e| self.input(e)))
            .transpose()
    }

    fn day(&self, key: &'static str) -> Checked<NaiveDate> {
        let value = self.opt_day(key)?;
        self.required(key, value)
    }

    /// A time `YYYY-MM-DDTHH:MM:SS` in the office's years.
    fn stamp(&self, key: &'static str) -> Checked<NaiveDateTime> {
        const EXPECTED: &str = "a time written YYYY-MM-DDTHH:MM:SS";
        let text: Option<String> = self.typed(key, EXPECTED)?;
        let text = self.required(key, text)?;
        let time = NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S")
            .ok()
            .filter(|t| text.len() == 19 && t.format("%Y-%m-%dT%H:%M:%S").to_string() == text)
            .ok_or_else(|| self.refuse(key, RowProblem::WrongType { expected: EXPECTED }))?;
        validate::in_office_years(key, time.date()).map_err(|e| self.input(e))?;
        Ok(time)
    }

    /// A code of a closed vocabulary.
    fn opt_code<T>(
        &self,
        key: &'static str,
        parse: fn(&'static str, &str) -> Result<T, UnknownCode>,
    ) -> Checked<Option<T>> {
        let text: Option<String> = self.typed(key, "a code (text)")?;
        text.map(|t| parse(key, &t).map_err(|e| self.input(e.into())))
            .transpose()
    }

    fn code<T>(
        &self,
        key: &'static str,
        parse: fn(&'static str, &str) -> Result<T, UnknownCode>,
    ) -> Checked<T> {
        let value = self.opt_code(key, parse)?;
        self.required(key, value)
    }

    /// A list of rows, each checked by `each` with its place (`items[3].feedback[0]`).
    fn list<T>(
        &self,
        key: &'static str,
        each: impl FnMut(Row<'a>) -> Checked<T>,
    ) -> Checked<Vec<T>> {
        let rows: Option<Vec<&'a RawValue>> = self.typed(key, "a list")?;
        let rows = self.required(key, rows)?;
        self.each(key, rows, each)
    }

    /// A list a file written before it existed does not hold (absent: empty).
    fn later_list<T>(
        &self,
        key: &'static str,
        each: impl FnMut(Row<'a>) -> Checked<T>,
    ) -> Checked<Vec<T>> {
        let rows: Option<Vec<&'a RawValue>> = self.typed(key, "a list")?;
        self.each(key, rows.unwrap_or_default(), each)
    }

    fn each<T>(
        &self,
        key: &'static str,
        rows: Vec<&'a RawValue>,
        mut each: impl FnMut(Row<'a>) -> Checked<T>,
    ) -> Checked<Vec<T>> {
        rows.into_iter()
            .enumerate()
            .map(|(i, raw)| each(Row::parse(format!("{}.{key}[{i}]", self.place), raw)?))
            .collect()
    }

    /// A department named in the file's departments.
    fn department(
        &self,
        key: &'static str,
        name: String,
        known: &HashSet<&str>,
    ) -> Checked<String> {
        if known.contains(name.as_str()) {
            Ok(name)
        } else {
            Err(self.refuse(
                key,
                RowProblem::UnknownReference {
                    what: Reference::Department,
                    got: name,
                },
            ))
        }
    }

    /// An id new among its kind.
    fn new_id(&self, seen: &mut HashSet<i64>) -> Checked<i64> {
        let id = self.positive("id")?;
        if !seen.insert(id) {
            return Err(duplicate(&self.place, "id", id));
        }
        Ok(id)
    }
}

fn departments(rows: Vec<&RawValue>) -> Checked<Vec<Department>> {
    let (mut ids, mut names) = (HashSet::new(), HashSet::new());
    rows.into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let row = Row::parse(format!("departments[{i}]"), raw)?;
            let id = row.new_id(&mut ids)?;
            let name = row.filled_line("name", NAME_MAX)?;
            if !names.insert(name.clone()) {
                return Err(duplicate(&row.place, "name", &name));
            }
            Ok(Department { id, name })
        })
        .collect()
}

fn number(row: &Row<'_>) -> Checked<ItemNumber> {
    let text = row.text("number")?;
    let number = ItemNumber::parse(&text).ok_or_else(|| {
        row.refuse(
            "number",
            RowProblem::WrongType {
                expected: "an item number like 2026-017",
            },
        )
    })?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&number.year) {
        return Err(row.refuse(
            "number",
            RowProblem::Input(Problem::NumberOutOfRange {
                min: FIRST_YEAR.into(),
                max: LAST_YEAR.into(),
                got: text,
            }),
        ));
    }
    Ok(number)
}

fn item(
    place: &str,
    raw: &RawValue,
    departments: &HashSet<&str>,
    ids: &mut RecordIds,
    rules: &Rules,
) -> Checked<ItemDetail> {
    let r = Row::parse(place.to_string(), raw)?;
    let id = r.positive("id")?;
    let number = number(&r)?;
    let lead = r.filled("lead_department")?;
    let lead_department = r.department("lead_department", lead, departments)?;
    let co: Vec<String> = r
        .typed("co_departments", "a list of department names")?
        .unwrap_or_default();
    let co_departments = co
        .into_iter()
        .map(|name| r.department("co_departments", name, departments))
        .collect::<Checked<_>>()?;
    let deadline = r.opt_day("deadline")?;
    let no_deadline_reason = r.opt_line("no_deadline_reason", REF_MAX)?;
    if deadline.is_none() && no_deadline_reason.is_none() {
        // An item without a deadline says why (the store holds one or the other).
        return Err(r.refuse("deadline", RowProblem::Missing));
    }
    let row = ItemRow {
        id,
        number,
        title: r.filled_line("title", rules.max_title_chars)?,
        lead_department,
        owner: r.line("owner", NAME_MAX)?,
        status: r.code("status", Status::parse_field)?,
        source_kind: r.code("source_kind", SourceKind::parse_field)?,
        source_ref: r.line("source_ref", REF_MAX)?,
        flags: Flags {
            major: r.flag("major")?,
            difficult: r.flag("difficult")?,
            important: r.flag("important")?,
            leader: r.flag("leader_concerned")?,
        },
        urgent: r.flag("urgent")?,
        cadence: r.code("cadence", Cadence::parse_field)?,
        deadline,
        registered_on: r.day("registered_on")?,
        assigned_on: r.opt_day("assigned_on")?,
        completed_on: r.opt_day("completed_on")?,
        closed_on: r.opt_day("closed_on")?,
        last_feedback_on: r.opt_day("last_feedback_on")?,
        last_percent: r.percent("last_percent")?,
        last_note_on: r.opt_day("last_note_on")?,
        top_level: r.opt_code("top_level", Level::parse_field)?,
        next_milestone_due: r.opt_day("next_milestone_due")?,
        suspended_from: r.opt_code("suspended_from", Status::parse_field)?,
        snoozed_until: r.opt_day("snoozed_until")?,
        snooze_reason: r.opt_text_within("snooze_reason", TEXT_MAX)?,
        version: r.positive("version")?,
        second_milestone_due: r.opt_day("second_milestone_due")?,
        suspended_on: r.opt_day("suspended_on")?,
        resumed_on: r.opt_day("resumed_on")?,
        submitted_on: r.opt_day("submitted_on")?,
    };
    Ok(ItemDetail {
        row,
        requirement: r.text_within("requirement", TEXT_MAX)?,
        instruction: r.opt_text_within("instruction", TEXT_MAX)?,
        leader: r.opt_line("leader", NAME_MAX)?,
        co_departments,
        original_deadline: r.opt_day("original_deadline")?,
        no_deadline_reason,
        milestones: r.list("milestones", |m| {
            Ok(Milestone {
                id: m.new_id(&mut ids.milestones)?,
                title: m.filled_line("title", MILESTONE_TITLE_MAX)?,
                due_on: m.day("due_on")?,
                done_on: m.opt_day("done_on")?,
            })
        })?,
        feedback: r.list("feedback", |f| {
            Ok(Feedback {
                id: f.new_id(&mut ids.feedback)?,
                on_date: f.day("on_date")?,
                reporter: f.line("reporter", NAME_MAX)?,
                text: f.filled_within("text", TEXT_MAX)?,
                percent: f.percent("percent")?,
                kind: f.code("kind", FeedbackKind::parse_field)?,
            })
        })?,
        notes: r.list("notes", |n| {
            let level = n.code("level", Level::parse_field)?;
            let points = n.opt_points("points")?;
            crate::domain::records::check_note_points(level, points).map_err(|e| n.input(e))?;
            Ok(Note {
                id: n.new_id(&mut ids.notes)?,
                on_date: n.day("on_date")?,
                level,
                target: n.line("target", NAME_MAX)?,
                reason: n.text_within("reason", TEXT_MAX)?,
                points,
                requirement: n.filled_within("requirement", TEXT_MAX)?,
            })
        })?,
        commendations: r.list("commendations", |c| {
            let points = c.opt_points("points")?;
            let points = c.required("points", points)?;
            Ok(Commendation {
                id: c.new_id(&mut ids.commendations)?,
                on_date: c.day("on_date")?,
                target: c.line("target", NAME_MAX)?,
                reason: c.text_within("reason", TEXT_MAX)?,
                points,
            })
        })?,
        instructions: r.later_list("instructions", |i| {
            let sense = i.code("sense", InstructionSense::parse_field)?;
            let deadline = i.opt_day("deadline")?;
            // A new requirement names its deadline; the other senses set none.
            let deadline = match (sense, deadline) {
                (InstructionSense::Requires, None) => {
                    return Err(i.refuse("deadline", RowProblem::Missing));
                }
                (InstructionSense::Requires, d) => d,
                (_, Some(_)) => {
                    return Err(i.refuse(
                        "deadline",
                        RowProblem::WrongType {
                            expected: "null (only a new requirement, sense requires, sets a deadline)",
                        },
                    ));
                }
                (_, None) => None,
            };
            Ok(Instruction {
                id: i.new_id(&mut ids.instructions)?,
                on_date: i.day("on_date")?,
                leader: i.filled_line("leader", NAME_MAX)?,
                sense,
                text: i.filled_within("text", TEXT_MAX)?,
                deadline,
            })
        })?,
        attachments: r.later_list("attachments", |a| {
            let name = a.filled("name")?;
            // A name is kept as duban makes it safe: one that is not so was not written by it.
            if crate::domain::attachment::clean_name(&name).as_deref() != Ok(name.as_str()) {
                return Err(a.refuse(
                    "name",
                    RowProblem::WrongType {
                        expected: "a file's name without a folder, control characters or a leading dot",
                    },
                ));
            }
            Ok(Attachment {
                id: a.new_id(&mut ids.attachments)?,
                on_date: a.day("on_date")?,
                name,
                kind: a.code("kind", AttachmentKind::parse_field)?,
                size: u64::try_from(a.int("size")?).map_err(|_| {
                    a.refuse(
                        "size",
                        RowProblem::WrongType {
                            expected: "a whole number of bytes, 0 or more",
                        },
                    )
                })?,
                sha256: a.filled("sha256")?,
                note: a.line("note", crate::domain::attachment::MAX_NOTE_CHARS)?,
            })
        })?,
        extensions: r.list("extensions", |x| {
            Ok(Extension {
                id: x.new_id(&mut ids.extensions)?,
                requested_on: x.day("requested_on")?,
                old_deadline: x.day("old_deadline")?,
                new_deadline: x.day("new_deadline")?,
                reason: x.text_within("reason", TEXT_MAX)?,
                decision: x.code("decision", ExtensionDecision::parse_field)?,
                decided_on: x.opt_day("decided_on")?,
            })
        })?,
        events: Vec::new(),
    })
}

/// The history's rows, each decoded and applied to `replayed`, so that the items' rows can be
/// compared with what their events say.
fn events(
    rows: Vec<&RawValue>,
    items: &HashMap<ItemNumber, ()>,
    replayed: &mut Replayed,
) -> Checked<Vec<StoredEvent>> {
    let mut last: Option<(i64, i64)> = None;
    let mut out = Vec::with_capacity(rows.len());
    for (i, raw) in rows.into_iter().enumerate() {
        let e = Row::parse(format!("events[{i}]"), raw)?;
        let id = e.positive("id")?;
        let batch = e.positive("batch")?;
        if let Some((last_id, last_batch)) = last {
            if id <= last_id {
                return Err(e.refuse("id", RowProblem::OutOfOrder));
            }
            if batch < last_batch {
                return Err(e.refuse("batch", RowProblem::OutOfOrder));
            }
        }
        last = Some((id, batch));
        let at = e.stamp("at")?;
        let on_date = e.day("on_date")?;
        let actor = e.filled_line("actor", NAME_MAX)?;
        let item = match e.opt_text("item")? {
            None => None,
            Some(text) => {
                let n = ItemNumber::parse(&text).filter(|n| items.contains_key(n));
                Some(n.ok_or_else(|| {
                    e.refuse(
                        "item",
                        RowProblem::UnknownReference {
                            what: Reference::Item,
                            got: text,
                        },
                    )
                })?)
            }
        };
        let kind = e.code("kind", EventCode::parse_field)?;
        let data = e.required("data", e.raw("data"))?.get();
        let decoded = event_codec::decode(id, kind.code(), data)
            .map_err(|d| e.refuse("data", RowProblem::Payload { reason: d.reason }))?;
        replayed.apply(&Recorded {
            id,
            on_date,
            kind: decoded,
        });
        out.push(StoredEvent {
            id,
            batch,
            at,
            on_date,
            actor,
            item,
            kind,
            data: data.to_string(),
        });
    }
    Ok(out)
}

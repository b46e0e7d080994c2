//! Plain records read from and written to the store.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::extension::ExtensionDecision;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemFacts, ItemNumber, SourceKind};
use crate::domain::ladder::{LadderSoFar, Level, Repeats, Suggestion, suggest};
use crate::domain::lifecycle::Status;
use crate::domain::light::WarningLight;

/// A new item as registered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub title: String,
    pub requirement: String,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub instruction: Option<String>,
    pub leader: Option<String>,
    pub lead: String,
    pub co: Vec<String>,
    pub owner: String,
    pub flags: Flags,
    pub urgent: bool,
    pub cadence: Cadence,
    pub deadline: Option<NaiveDate>,
    pub no_deadline_reason: Option<String>,
    pub registered_on: NaiveDate,
    /// Where an imported item came from (a ledger's file, sheet and row); none when typed.
    pub origin: Option<crate::domain::history::Origin>,
}

/// An item as lists show it: the typed, indexed columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRow {
    #[serde(skip)]
    pub id: i64,
    #[serde(serialize_with = "crate::store::model::number_text")]
    pub number: ItemNumber,
    pub title: String,
    pub lead_department: String,
    pub owner: String,
    pub status: Status,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub flags: Flags,
    pub urgent: bool,
    pub cadence: Cadence,
    pub deadline: Option<NaiveDate>,
    pub registered_on: NaiveDate,
    pub assigned_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub last_feedback_on: Option<NaiveDate>,
    pub last_percent: Option<u8>,
    pub last_note_on: Option<NaiveDate>,
    pub top_level: Option<Level>,
    pub next_milestone_due: Option<NaiveDate>,
    /// The status a suspended item resumes to.
    pub suspended_from: Option<Status>,
    /// Out of the triage queue until this day.
    pub snoozed_until: Option<NaiveDate>,
    pub snooze_reason: Option<String>,
    pub version: i64,
    /// The second-earliest due date of a milestone not yet done.
    pub second_milestone_due: Option<NaiveDate>,
    /// The day the latest suspension began.
    pub suspended_on: Option<NaiveDate>,
    /// The day the latest suspension ended (none while suspended).
    pub resumed_on: Option<NaiveDate>,
    /// The day the completion report under review, or approved, was submitted.
    pub submitted_on: Option<NaiveDate>,
}

pub fn number_text<S: serde::Serializer>(n: &ItemNumber, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(n)
}

impl ItemRow {
    /// The row of an item just registered.
    pub fn registered(id: i64, number: ItemNumber, new: &NewItem) -> Self {
        Self {
            id,
            number,
            title: new.title.clone(),
            lead_department: new.lead.clone(),
            owner: new.owner.clone(),
            status: Status::Registered,
            source_kind: new.source_kind,
            source_ref: new.source_ref.clone(),
            flags: new.flags,
            urgent: new.urgent,
            cadence: new.cadence,
            deadline: new.deadline,
            registered_on: new.registered_on,
            assigned_on: None,
            completed_on: None,
            closed_on: None,
            last_feedback_on: None,
            last_percent: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            suspended_from: None,
            snoozed_until: None,
            snooze_reason: None,
            version: 1,
            second_milestone_due: None,
            suspended_on: None,
            resumed_on: None,
            submitted_on: None,
        }
    }

    pub fn facts(&self) -> ItemFacts {
        ItemFacts {
            status: self.status,
            cadence: self.cadence,
            flags: self.flags,
            urgent: self.urgent,
            registered_on: self.registered_on,
            started_on: self.assigned_on.unwrap_or(self.registered_on),
            deadline: self.deadline,
            last_feedback_on: self.last_feedback_on,
            last_note_on: self.last_note_on,
            top_level: self.top_level,
            next_milestone_due: self.next_milestone_due,
            second_milestone_due: self.second_milestone_due,
            suspended_on: self.suspended_on,
            resumed_on: self.resumed_on,
            submitted_on: self.submitted_on,
        }
    }

    /// What the bulletin judges on time or late by.
    pub fn timeliness_facts(&self) -> crate::domain::timing::TimelinessFacts {
        crate::domain::timing::TimelinessFacts {
            status: self.status,
            deadline: self.deadline,
            submitted_on: self.submitted_on,
            completed_on: self.completed_on,
            suspended_on: self.suspended_on,
        }
    }

    /// Where the item stands, as much as a move or an instruction needs to know.
    pub fn move_from(&self) -> crate::domain::lifecycle::MoveFrom {
        crate::domain::lifecycle::MoveFrom {
            status: self.status,
            suspended_from: self.suspended_from,
            clock: self.clock_dates(),
            kind: self.source_kind,
            registered_on: self.registered_on,
        }
    }

    /// The dates the clock rules read and move.
    pub fn clock_dates(&self) -> crate::domain::timing::ClockDates {
        crate::domain::timing::ClockDates {
            deadline: self.deadline,
            suspended_on: self.suspended_on,
            resumed_on: self.resumed_on,
            submitted_on: self.submitted_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    pub id: i64,
    pub on_date: NaiveDate,
    pub reporter: String,
    pub text: String,
    pub percent: Option<u8>,
    pub kind: FeedbackKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub on_date: NaiveDate,
    pub level: Level,
    pub target: String,
    pub reason: String,
    pub points: Option<f64>,
    pub requirement: String,
}

/// A commendation (通报表扬): a record of its own kind, off the accountability ladder, for the
/// score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commendation {
    pub id: i64,
    pub on_date: NaiveDate,
    pub target: String,
    pub reason: String,
    pub points: f64,
}

/// A file kept with an item (交办原件, 办结报告, 佐证材料): what its event recorded; its bytes
/// are read by their address ([`crate::store::Backend::attachment_file`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub on_date: NaiveDate,
    pub name: String,
    pub kind: crate::domain::attachment::AttachmentKind,
    pub size: u64,
    pub sha256: String,
    pub note: String,
}

/// A leader's instruction during handling (领导批示).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instruction {
    pub id: i64,
    pub on_date: NaiveDate,
    pub leader: String,
    pub sense: crate::domain::instruction::InstructionSense,
    pub text: String,
    /// The deadline a new requirement set.
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    pub id: i64,
    pub requested_on: NaiveDate,
    pub old_deadline: NaiveDate,
    pub new_deadline: NaiveDate,
    pub reason: String,
    pub decision: ExtensionDecision,
    pub decided_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: i64,
    pub batch: i64,
    pub at: NaiveDateTime,
    pub on_date: NaiveDate,
    pub actor: String,
    pub kind: String,
    pub data: serde_json::Value,
    /// The event decoded once, when the store read it (`None` when its stored bytes do not
    /// decode: a damaged row): what the interface words, without decoding on every frame.
    #[serde(skip)]
    pub recorded: Option<crate::domain::history::EventKind>,
}

/// An event of the log with who recorded it and when, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub id: i64,
    pub batch: i64,
    pub at: NaiveDateTime,
    pub on_date: NaiveDate,
    pub actor: String,
    pub kind: crate::domain::history::EventKind,
}

/// Everything about one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDetail {
    #[serde(flatten)]
    pub row: ItemRow,
    pub requirement: String,
    pub instruction: Option<String>,
    pub leader: Option<String>,
    pub co_departments: Vec<String>,
    pub original_deadline: Option<NaiveDate>,
    pub no_deadline_reason: Option<String>,
    pub milestones: Vec<Milestone>,
    pub feedback: Vec<Feedback>,
    pub notes: Vec<Note>,
    /// Newest first.
    pub commendations: Vec<Commendation>,
    /// Leaders' instructions during handling, newest first.
    pub instructions: Vec<Instruction>,
    /// The files kept with the item, in the order attached.
    pub attachments: Vec<Attachment>,
    pub extensions: Vec<Extension>,
    pub events: Vec<Event>,
}

impl ItemDetail {
    /// What the item's notes say of the ladder so far.
    pub fn ladder_so_far(&self) -> LadderSoFar {
        LadderSoFar::of(self.notes.iter().map(|n| n.level))
    }

    /// The note the office would record next on this item (its own level, its lead department).
    pub fn suggestion(&self, repeats: Repeats) -> Suggestion {
        suggest(
            self.ladder_so_far(),
            self.row.urgent,
            self.row.flags,
            &self.row.lead_department,
            repeats,
        )
    }
}

/// An event as stored, with its hash in the chain (`None`: the chain has no link for it), for
/// walking the chain again. Its text is borrowed from the row being read: the audit walks every
/// event of the office (700,000 in the 100,000-item sample office), and copying six strings out
/// of each cost more than hashing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chained<'a> {
    pub id: i64,
    pub batch: i64,
    /// As stored: `YYYY-MM-DDTHH:MM:SS`.
    pub at: &'a str,
    /// As stored: `YYYY-MM-DD`.
    pub on_date: &'a str,
    pub actor: &'a str,
    pub item_id: Option<i64>,
    pub kind: &'a str,
    pub data: &'a str,
    pub hash: Option<&'a str>,
    /// The chain holds a link for this id but the event is gone (removed behind duban's back);
    /// its other fields are empty.
    pub removed: bool,
}

/// Where the chain was computed for events that were already there: the events from
/// `first_event` on were chained as they were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOrigin {
    pub first_event: i64,
    /// `YYYY-MM-DDTHH:MM:SS`.
    pub chained_at: String,
    /// `migration` (an older file) or `import`.
    pub how: String,
}

/// A problem of the storage itself that `duban check` finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageProblem {
    /// A page or index is damaged (the storage's own words for it).
    Damaged(String),
    /// A row names a row of another table that is not there.
    Dangling {
        table: String,
        row: i64,
        parent: String,
    },
    /// A guard of the history (a trigger) was dropped.
    GuardDropped(&'static str),
    /// A guard of the history was altered.
    GuardAltered(&'static str),
}

/// What `list` selects. Light is a rule of the day, so it is filtered after the query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// Every item, not only the open ones.
    pub all: bool,
    /// Only open items whose deadline has passed while the department's clock runs (not
    /// suspended, not awaiting review).
    pub overdue: bool,
    pub light: Option<WarningLight>,
    pub dept: Option<String>,
    pub status: Option<Status>,
    pub search: Option<String>,
}

/// A lifecycle move as asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFeedback {
    pub text: String,
    pub percent: Option<u8>,
    pub reporter: String,
    pub kind: FeedbackKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewNote {
    pub level: Level,
    pub target: String,
    pub reason: String,
    pub points: Option<f64>,
    pub requirement: String,
}

/// A commendation as asked for; an empty target is the item's lead department.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCommendation {
    pub target: String,
    pub reason: String,
    pub points: f64,
}

/// A leader's instruction as the clerk records it: the leader, the text, its sense, and the new
/// deadline a new requirement sets.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstruction {
    pub leader: String,
    pub sense: crate::domain::instruction::InstructionSense,
    pub text: String,
    pub deadline: Option<NaiveDate>,
}

/// A file to keep with an item: the name it is kept under (as given: the store makes it safe,
/// `domain::attachment::clean_name`), its kind, a note, its bytes, and the largest size the
/// office allows.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttachment {
    pub name: String,
    pub kind: crate::domain::attachment::AttachmentKind,
    pub note: String,
    pub bytes: Vec<u8>,
    pub max_bytes: u64,
}

/// What the rules need of an open item to rank it, read for every open item at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemKey {
    pub id: i64,
    pub number: ItemNumber,
    pub status: Status,
    pub cadence: Cadence,
    pub deadline: Option<NaiveDate>,
    /// When the item's clock started: assignment, else registration.
    pub started_on: NaiveDate,
    pub last_feedback_on: Option<NaiveDate>,
    pub last_note_on: Option<NaiveDate>,
    pub next_milestone_due: Option<NaiveDate>,
    pub lead_dept_id: i64,
    pub second_milestone_due: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    pub resumed_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
}

impl ItemKey {
    /// The facts the light and the triage group need, from the open items' index alone: the
    /// flags, urgency, highest level and registration day are not in the key and are left at
    /// their defaults (none of them changes the light or the group; `tests/item_keys.rs` holds
    /// the readings equal to [`ItemRow::facts`]'s for every item of a sample office). The
    /// triage priority, which does read them, takes the full row.
    pub fn light_facts(&self) -> ItemFacts {
        ItemFacts {
            status: self.status,
            cadence: self.cadence,
            flags: Flags::default(),
            urgent: false,
            registered_on: self.started_on,
            started_on: self.started_on,
            deadline: self.deadline,
            last_feedback_on: self.last_feedback_on,
            last_note_on: self.last_note_on,
            top_level: None,
            next_milestone_due: self.next_milestone_due,
            second_milestone_due: self.second_milestone_due,
            suspended_on: self.suspended_on,
            resumed_on: self.resumed_on,
            submitted_on: self.submitted_on,
        }
    }
}

/// Fields of an item a clerk may correct after registration (deadline and lead department
/// change through extensions and reassignment, not edits).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemEdit {
    pub title: String,
    pub requirement: String,
    pub owner: String,
    pub source_ref: String,
    pub flags: Flags,
    pub urgent: bool,
    pub cadence: Cadence,
}

/// Rows for the tests of this crate and of the crates above (the feature `fixtures`).
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures {
    use super::*;

    /// A registered item, for tests of the columns.
    pub fn row() -> ItemRow {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        ItemRow::registered(
            1,
            ItemNumber { year: 2026, seq: 1 },
            &NewItem {
                title: "督办".into(),
                requirement: String::new(),
                source_kind: SourceKind::Meeting,
                source_ref: String::new(),
                instruction: None,
                leader: None,
                lead: "住建局".into(),
                co: Vec::new(),
                owner: String::new(),
                flags: Flags::default(),
                urgent: false,
                cadence: Cadence::Once,
                deadline: Some(day),
                no_deadline_reason: None,
                registered_on: day,
                origin: None,
            },
        )
    }
}

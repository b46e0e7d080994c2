//! An item rebuilt from its events, as of any date: the record a bulletin of a past period is
//! computed from, and the check that the stored rows say what the history says.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Column, EventCode, EventKind, Value};
use crate::domain::attachment::AttachmentKind;
use crate::domain::extension::ExtensionDecision;
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;

/// One event as the history holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub id: i64,
    pub on_date: NaiveDate,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub reporter: String,
    pub text: String,
    pub percent: Option<u8>,
    pub kind: FeedbackKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoteEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub level: Level,
    pub target: String,
    pub reason: String,
    pub points: Option<f64>,
    pub requirement: String,
}

/// A commendation (通报表扬): off the ladder, for the score.
#[derive(Debug, Clone, PartialEq)]
pub struct CommendationEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub target: String,
    pub reason: String,
    pub points: f64,
}

/// A file kept with the item.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub name: String,
    pub kind: AttachmentKind,
    pub size: u64,
    pub sha256: String,
    pub note: String,
}

/// A leader's instruction during handling (领导批示).
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub leader: String,
    pub sense: InstructionSense,
    pub text: String,
    /// The deadline a new requirement set.
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneEntry {
    pub id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionEntry {
    pub id: i64,
    pub requested_on: NaiveDate,
    pub old_deadline: Option<NaiveDate>,
    pub new_deadline: NaiveDate,
    pub reason: String,
    pub decision: ExtensionDecision,
    pub decided_on: Option<NaiveDate>,
}

/// An item as its history says it stood: every column of its row, and its records.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemState {
    pub number: ItemNumber,
    pub title: String,
    pub requirement: String,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub instruction: Option<String>,
    pub leader: Option<String>,
    pub lead_department: String,
    pub co_departments: Vec<String>,
    pub owner: String,
    pub flags: Flags,
    pub urgent: bool,
    pub cadence: Cadence,
    pub original_deadline: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub no_deadline_reason: Option<String>,
    pub status: Status,
    pub suspended_from: Option<Status>,
    pub registered_on: NaiveDate,
    pub assigned_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub last_feedback_on: Option<NaiveDate>,
    pub last_percent: Option<u8>,
    pub last_note_on: Option<NaiveDate>,
    pub top_level: Option<Level>,
    pub next_milestone_due: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
    pub snooze_reason: Option<String>,
    pub version: i64,
    pub second_milestone_due: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    pub resumed_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub feedback: Vec<FeedbackEntry>,
    pub notes: Vec<NoteEntry>,
    pub commendations: Vec<CommendationEntry>,
    pub instructions: Vec<InstructionEntry>,
    pub attachments: Vec<AttachmentEntry>,
    pub milestones: Vec<MilestoneEntry>,
    pub extensions: Vec<ExtensionEntry>,
}

impl ItemState {
    /// The item a registration creates, its texts moved out of the registration.
    fn registered(r: super::Registered) -> Self {
        Self {
            number: r.number,
            title: r.title,
            requirement: r.requirement,
            source_kind: r.source_kind,
            source_ref: r.source_ref,
            instruction: r.instruction,
            leader: r.leader,
            lead_department: r.lead_department,
            co_departments: r.co_departments,
            owner: r.owner,
            flags: r.flags,
            urgent: r.urgent,
            cadence: r.cadence,
            original_deadline: r.deadline,
            deadline: r.deadline,
            no_deadline_reason: r.no_deadline_reason,
            status: r.status,
            suspended_from: None,
            registered_on: r.registered_on,
            assigned_on: None,
            completed_on: None,
            closed_on: None,
            last_feedback_on: None,
            last_percent: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            snoozed_until: None,
            snooze_reason: None,
            version: 1,
            second_milestone_due: None,
            suspended_on: None,
            resumed_on: None,
            submitted_on: None,
            feedback: Vec::new(),
            notes: Vec::new(),
            commendations: Vec::new(),
            attachments: Vec::new(),
            instructions: Vec::new(),
            milestones: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// Sets one column to a value as stored.
    pub fn set(&mut self, column: Column, v: &Value) {
        // Read as a day only for a column of days: a code read as one first failed the quick
        // reading and went on to chrono's (a third of the replay's events set a status).
        let day = || v.as_day();
        let text = v.as_text();
        let flag = v.as_int().is_some_and(|i| i != 0);
        match column {
            Column::Status => {
                if let Some(s) = text.and_then(Status::from_code) {
                    self.status = s;
                }
            }
            Column::SuspendedFrom => self.suspended_from = text.and_then(Status::from_code),
            Column::AssignedOn => self.assigned_on = day(),
            Column::CompletedOn => self.completed_on = day(),
            Column::ClosedOn => self.closed_on = day(),
            Column::Deadline => self.deadline = day(),
            Column::LastFeedbackOn => self.last_feedback_on = day(),
            Column::LastPercent => {
                self.last_percent = v.as_int().and_then(|p| u8::try_from(p).ok());
            }
            Column::LastNoteOn => self.last_note_on = day(),
            Column::TopLevel => self.top_level = text.and_then(Level::from_code),
            Column::NextMilestoneDue => self.next_milestone_due = day(),
            Column::SnoozedUntil => self.snoozed_until = day(),
            Column::SnoozeReason => self.snooze_reason = text.map(str::to_string),
            Column::Title => self.title = text.unwrap_or_default().to_string(),
            Column::Requirement => self.requirement = text.unwrap_or_default().to_string(),
            Column::Owner => self.owner = text.unwrap_or_default().to_string(),
            Column::SourceRef => self.source_ref = text.unwrap_or_default().to_string(),
            Column::Cadence => {
                if let Some(c) = text.and_then(Cadence::from_code) {
                    self.cadence = c;
                }
            }
            Column::Major => self.flags.major = flag,
            Column::Difficult => self.flags.difficult = flag,
            Column::Important => self.flags.important = flag,
            Column::LeaderConcerned => self.flags.leader = flag,
            Column::Urgent => self.urgent = flag,
            Column::SecondMilestoneDue => self.second_milestone_due = day(),
            Column::SuspendedOn => self.suspended_on = day(),
            Column::ResumedOn => self.resumed_on = day(),
            Column::SubmittedOn => self.submitted_on = day(),
        }
    }

    /// Fills in what an event written before schema 4 did not record, as that version's
    /// migration fills the stored rows: the clock dates of a move (suspension, resumption,
    /// submission, return) and the second open milestone.
    fn complete_older(&mut self, older: Option<Older>, on_date: NaiveDate) {
        use crate::domain::lifecycle::Move;
        match older {
            Some(Older::Moved(mv)) => match mv {
                Move::Suspend => {
                    self.suspended_on = Some(on_date);
                    self.resumed_on = None;
                }
                Move::Resume => self.resumed_on = Some(on_date),
                Move::Submit => self.submitted_on = Some(on_date),
                Move::Return => self.submitted_on = None,
                _ => {}
            },
            Some(Older::Milestones) => self.milestone_dates(),
            None => {}
        }
    }

    /// The earliest and second-earliest open milestones' due dates, from the milestones.
    fn milestone_dates(&mut self) {
        let open = self
            .milestones
            .iter()
            .filter(|m| m.done_on.is_none())
            .map(|m| m.due_on)
            .collect();
        for set in crate::domain::records::milestone_sets(open) {
            self.set(set.column, &set.value);
        }
    }

    /// Adds (`forward`) or takes back the record an event added or changed.
    fn records(&mut self, record: &Record, forward: bool) {
        match record {
            Record::Feedback(entry) => {
                self.feedback.retain(|f| f.id != entry.id);
                if forward {
                    self.feedback.push(entry.clone());
                }
            }
            Record::Note(entry) => {
                self.notes.retain(|n| n.id != entry.id);
                if forward {
                    self.notes.push(entry.clone());
                }
            }
            Record::Commendation(entry) => {
                self.commendations.retain(|c| c.id != entry.id);
                if forward {
                    self.commendations.push(entry.clone());
                }
            }
            Record::Instruction(entry) => {
                self.instructions.retain(|i| i.id != entry.id);
                if forward {
                    self.instructions.push(entry.clone());
                }
            }
            Record::Attachment(entry) => {
                self.attachments.retain(|a| a.id != entry.id);
                if forward {
                    self.attachments.push(entry.clone());
                }
            }
            Record::Milestone(entry) => {
                self.milestones.retain(|m| m.id != entry.id);
                if forward {
                    self.milestones.push(entry.clone());
                }
            }
            Record::MilestoneDone { id, done_on } => {
                if let Some(m) = self.milestones.iter_mut().find(|m| m.id == *id) {
                    m.done_on = forward.then_some(*done_on);
                }
            }
            Record::Extension(entry) => {
                self.extensions.retain(|x| x.id != entry.id);
                if forward {
                    self.extensions.push(entry.clone());
                }
            }
            Record::ExtensionDecided {
                id,
                decision,
                decided_on,
            } => {
                if let Some(x) = self.extensions.iter_mut().find(|x| x.id == *id) {
                    if forward {
                        x.decision = *decision;
                        x.decided_on = Some(*decided_on);
                    } else {
                        x.decision = ExtensionDecision::Pending;
                        x.decided_on = None;
                    }
                }
            }
        }
    }
}

/// The record an event adds or changes on its item, as its replay and a later redo of it put
/// it there (status moves, edits and snoozes change columns only).
#[derive(Debug, Clone, PartialEq)]
enum Record {
    Feedback(FeedbackEntry),
    Note(NoteEntry),
    Commendation(CommendationEntry),
    Instruction(InstructionEntry),
    Attachment(AttachmentEntry),
    Milestone(MilestoneEntry),
    MilestoneDone {
        id: i64,
        done_on: NaiveDate,
    },
    Extension(ExtensionEntry),
    ExtensionDecided {
        id: i64,
        decision: ExtensionDecision,
        decided_on: NaiveDate,
    },
}

/// The record an event recorded on `on_date` adds or changes, its fields taken from `kind`:
/// moved out of an event owned, cloned out of one borrowed ([`Own`]). One text for both, so
/// that the two cannot come to disagree.
macro_rules! record_of {
    ($kind:expr, $on_date:expr) => {
        Some(match $kind {
            EventKind::FeedbackAdded {
                feedback_id,
                on_date,
                reporter,
                text,
                percent,
                kind,
                ..
            } => Record::Feedback(FeedbackEntry {
                id: feedback_id.own(),
                on_date: on_date.own(),
                reporter: reporter.own(),
                text: text.own(),
                percent: percent.own(),
                kind: kind.own(),
            }),
            EventKind::NoteAdded {
                note_id,
                on_date,
                level,
                target,
                reason,
                points,
                requirement,
                ..
            } => Record::Note(NoteEntry {
                id: note_id.own(),
                on_date: on_date.own(),
                level: level.own(),
                target: target.own(),
                reason: reason.own(),
                points: points.own(),
                requirement: requirement.own(),
            }),
            EventKind::Commended {
                commendation_id,
                on_date,
                target,
                reason,
                points,
                ..
            } => Record::Commendation(CommendationEntry {
                id: commendation_id.own(),
                on_date: on_date.own(),
                target: target.own(),
                reason: reason.own(),
                points: points.own(),
            }),
            EventKind::Instructed {
                instruction_id,
                on_date,
                leader,
                sense,
                text,
                deadline,
                ..
            } => Record::Instruction(InstructionEntry {
                id: instruction_id.own(),
                on_date: on_date.own(),
                leader: leader.own(),
                sense: sense.own(),
                text: text.own(),
                deadline: deadline.own(),
            }),
            EventKind::Attached {
                attachment_id,
                on_date,
                name,
                kind,
                size,
                sha256,
                note,
                ..
            } => Record::Attachment(AttachmentEntry {
                id: attachment_id.own(),
                on_date: on_date.own(),
                name: name.own(),
                kind: kind.own(),
                size: size.own(),
                sha256: sha256.own(),
                note: note.own(),
            }),
            EventKind::MilestoneAdded {
                milestone_id,
                title,
                due_on,
                ..
            } => Record::Milestone(MilestoneEntry {
                id: milestone_id.own(),
                title: title.own(),
                due_on: due_on.own(),
                done_on: None,
            }),
            EventKind::MilestoneDone {
                milestone_id,
                done_on,
                ..
            } => Record::MilestoneDone {
                id: milestone_id.own(),
                done_on: done_on.own(),
            },
            EventKind::ExtensionRequested {
                extension_id,
                old_deadline,
                new_deadline,
                reason,
                ..
            } => Record::Extension(ExtensionEntry {
                id: extension_id.own(),
                requested_on: $on_date,
                old_deadline: old_deadline.own(),
                new_deadline: new_deadline.own(),
                reason: reason.own(),
                decision: ExtensionDecision::Pending,
                decided_on: None,
            }),
            EventKind::ExtensionDecided {
                extension_id,
                decision,
                ..
            } => Record::ExtensionDecided {
                id: extension_id.own(),
                decision: decision.own(),
                decided_on: $on_date,
            },
            _ => return None,
        })
    };
}

/// A field of an event as a record keeps it: the value itself when the event is owned (moved,
/// not copied), a clone when it is borrowed.
trait Own<T> {
    fn own(self) -> T;
}

impl<T> Own<T> for T {
    fn own(self) -> T {
        self
    }
}

impl<T: Clone> Own<T> for &T {
    fn own(self) -> T {
        self.clone()
    }
}

impl Record {
    /// The record of an event recorded on `on_date`.
    fn of(kind: &EventKind, on_date: NaiveDate) -> Option<Self> {
        record_of!(kind, on_date)
    }

    /// The same, its texts moved out of the event rather than copied (the audit replays the
    /// 700,000 events of a 100,000-item office and needs none of them afterwards).
    fn of_owned(kind: EventKind, on_date: NaiveDate) -> Option<Self> {
        record_of!(kind, on_date)
    }
}

/// What an undo or redo needs of an event it names: its kind and the record it added or
/// changed (an index in [`Replayed::records`]). Only this is kept of each event, not the whole
/// event with its columns: the 700,000 events of a 100,000-item office replay in half the time.
#[derive(Debug, Clone, Copy)]
struct Seen {
    code: EventCode,
    record: Option<usize>,
}

/// The history of one or more items being replayed, event by event.
#[derive(Debug, Default)]
pub struct Replayed {
    pub items: BTreeMap<ItemNumber, ItemState>,
    /// Each item event seen that undo can take back, with its id (an undo names the event),
    /// in the order applied: by rising id, as events are recorded, so that an id is found by
    /// bisection (a map of 600,000 events took a tenth of a whole replay to fill).
    seen: Vec<(i64, Seen)>,
    /// Whether the ids in `seen` rise (when not, an id is looked for from the last one back).
    seen_out_of_order: bool,
    /// The records those events added or changed.
    records: Vec<Record>,
}

/// The event of id `id` seen last, of `seen` (ids rising unless `out_of_order`).
fn find_seen(seen: &[(i64, Seen)], out_of_order: bool, id: i64) -> Option<Seen> {
    if out_of_order {
        return seen.iter().rev().find(|(i, _)| *i == id).map(|(_, s)| *s);
    }
    seen.binary_search_by_key(&id, |(i, _)| *i)
        .ok()
        .and_then(|at| seen.get(at))
        .map(|(_, s)| *s)
}

impl Replayed {
    /// Applies one event (events must come in the order they were recorded).
    pub fn apply(&mut self, e: &Recorded) {
        match &e.kind {
            EventKind::DepartmentCreated { .. } => {}
            EventKind::ItemRegistered(r) => {
                self.items
                    .insert(r.number, ItemState::registered((**r).clone()));
            }
            EventKind::Reversed(r) => self.reverse(r),
            other => self.change(e.id, e.on_date, other),
        }
    }

    /// [`Replayed::apply`] of an event no longer needed: its texts are moved into the items
    /// and records rather than copied (the audit replays the 700,000 events of a 100,000-item
    /// office once and drops each; the copies were a tenth of the replay).
    pub fn apply_owned(&mut self, e: Recorded) {
        match e.kind {
            EventKind::DepartmentCreated { .. } => {}
            EventKind::ItemRegistered(r) => {
                let number = r.number;
                self.items.insert(number, ItemState::registered(*r));
            }
            EventKind::Reversed(r) => self.reverse(&r),
            other => self.change(e.id, e.on_date, other),
        }
    }

    /// An undo or a redo.
    fn reverse(&mut self, r: &super::Reversed) {
        let Some(state) = r.number.and_then(|n| self.items.get_mut(&n)) else {
            return;
        };
        for c in r.changes.iter() {
            state.set(c.column, &c.after);
        }
        state.version = r.version;
        if let Some(original) = find_seen(&self.seen, self.seen_out_of_order, r.of_event)
            && original.code == r.of_kind
        {
            if let Some(record) = original.record.and_then(|i| self.records.get(i)) {
                state.records(record, !r.undo);
            }
            if matches!(
                r.of_kind,
                EventCode::MilestoneAdded | EventCode::MilestoneDone
            ) && r.changes.after(Column::SecondMilestoneDue).is_none()
            {
                state.milestone_dates();
            }
        }
    }

    /// Any other event on an item: its columns set, its record added or changed.
    fn change(&mut self, id: i64, on_date: NaiveDate, event: impl Source) {
        let kind = event.kind();
        let Some(state) = kind.number().and_then(|n| self.items.get_mut(&n)) else {
            return;
        };
        if let Some(change) = kind.item_change() {
            for c in change.changes.iter() {
                state.set(c.column, &c.after);
            }
            state.version = change.version;
        }
        let older = Older::of(kind);
        let code = kind.code();
        let record = event.record(on_date);
        if let Some(record) = &record {
            state.records(record, true);
        }
        state.complete_older(older, on_date);
        if code.is_reversible() {
            let record = record.map(|r| {
                self.records.push(r);
                self.records.len() - 1
            });
            if self.seen.last().is_some_and(|(last, _)| *last >= id) {
                self.seen_out_of_order = true;
            }
            self.seen.push((id, Seen { code, record }));
        }
    }
}

/// An event as [`Replayed`] takes it: borrowed (its record's texts copied) or owned (moved).
trait Source {
    fn kind(&self) -> &EventKind;
    /// The record the event adds or changes, recorded on `on_date`.
    fn record(self, on_date: NaiveDate) -> Option<Record>;
}

impl Source for &EventKind {
    fn kind(&self) -> &EventKind {
        self
    }

    fn record(self, on_date: NaiveDate) -> Option<Record> {
        Record::of(self, on_date)
    }
}

impl Source for EventKind {
    fn kind(&self) -> &EventKind {
        self
    }

    fn record(self, on_date: NaiveDate) -> Option<Record> {
        Record::of_owned(self, on_date)
    }
}

/// What an event written before schema 4 leaves for the replay to fill in
/// ([`ItemState::complete_older`]).
#[derive(Debug, Clone, Copy)]
enum Older {
    /// A move that recorded none of its clock dates.
    Moved(crate::domain::lifecycle::Move),
    /// A milestone added or done that did not record the second open one.
    Milestones,
}

impl Older {
    fn of(kind: &EventKind) -> Option<Self> {
        let lacks = |change: &super::ItemChange, columns: &[Column]| {
            columns.iter().all(|c| change.changes.after(*c).is_none())
        };
        match kind {
            EventKind::StatusChanged { mv, on, .. }
                if lacks(
                    on,
                    &[Column::SuspendedOn, Column::ResumedOn, Column::SubmittedOn],
                ) =>
            {
                Some(Older::Moved(*mv))
            }
            EventKind::MilestoneAdded { on, .. } | EventKind::MilestoneDone { on, .. }
                if lacks(on, &[Column::SecondMilestoneDue]) =>
            {
                Some(Older::Milestones)
            }
            _ => None,
        }
    }
}

/// One item as its events say it stood at the end of `as_of` (all its events when `None`).
/// The events are the item's own, in the order recorded.
pub fn replay<'a>(
    events: impl IntoIterator<Item = &'a Recorded>,
    as_of: Option<NaiveDate>,
) -> Option<ItemState> {
    let all = replay_all(events, as_of);
    all.items.into_values().next()
}

/// Every item of a history as it stood at the end of `as_of`: events recorded after that day
/// (a later completion, an extension approved later, an undo made later) are not applied.
pub fn replay_all<'a>(
    events: impl IntoIterator<Item = &'a Recorded>,
    as_of: Option<NaiveDate>,
) -> Replayed {
    let mut replayed = Replayed::default();
    for e in events {
        if as_of.is_some_and(|d| e.on_date > d) {
            continue;
        }
        replayed.apply(e);
    }
    replayed
}

//! The rows a backend keeps of each item's days (the table `item_days` in SQLite and on a
//! server alike): one row per day the item's history changed something, valid until the next.
//! What an item was on each day is computed in [`super::kept_days`]; here it is packed into a
//! row (its status, cadence and days in one small `state` value, its notes, commendations and
//! instructions as JSON in `records`) and read back into what a bulletin judges, so that every
//! backend stores the same bytes and reads them the same way.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};

use super::dates::{day, parse_day_bytes};
use super::kept_days::{Days, View, days};
use crate::domain::history::{
    CommendationEntry, FeedbackEntry, InstructionEntry, ItemState, NoteEntry, Recorded,
};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;
use crate::error::{Error, Result};

impl View {
    /// The `state` column: status and cadence (each its code, after its length in one byte),
    /// then the days of [`View::days`], each four bytes little-endian, 0 for none.
    pub(super) fn packed(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(48);
        for code in [self.status.code(), self.cadence.code()] {
            out.push(code.len() as u8);
            out.extend_from_slice(code.as_bytes());
        }
        for d in self.days() {
            out.extend_from_slice(&d.map_or(0, day_number).to_le_bytes());
        }
        out
    }

    fn days(&self) -> [Option<NaiveDate>; 8] {
        [
            self.deadline,
            self.assigned_on,
            self.completed_on,
            self.submitted_on,
            self.suspended_on,
            self.resumed_on,
            self.last_feedback_on,
            self.cancelled_on,
        ]
    }
}

/// The `state` column read back: status, cadence and the days of [`View::days`].
pub(super) struct Packed {
    status: Status,
    cadence: Cadence,
    days: [Option<NaiveDate>; 8],
}

pub(super) fn unpack(bytes: &[u8]) -> Option<Packed> {
    fn code(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let (len, rest) = bytes.split_first()?;
        let len = usize::from(*len);
        (rest.len() >= len).then(|| rest.split_at(len))
    }
    let (status, rest) = code(bytes)?;
    let (cadence, mut rest) = code(rest)?;
    let status = Status::from_code_bytes(status)?;
    let cadence = Cadence::from_code_bytes(cadence)?;
    let mut days = [None; 8];
    for slot in &mut days {
        let (number, tail) = rest.split_first_chunk::<4>()?;
        let number = i32::from_le_bytes(*number);
        if number != 0 {
            *slot = Some(NaiveDate::from_num_days_from_ce_opt(number)?);
        }
        rest = tail;
    }
    rest.is_empty().then_some(Packed {
        status,
        cadence,
        days,
    })
}

/// A day as `item_days` keeps it: days from 0001-01-01 (day 1).
pub(super) fn day_number(on: NaiveDate) -> i32 {
    on.num_days_from_ce()
}

/// An item's title, owner and source ref as its row holds them now: a day's row stores each
/// only when it differs (edits are rare).
pub(super) struct Current {
    pub(super) title: String,
    pub(super) owner: String,
    pub(super) source_ref: String,
}

/// The records of an item a bulletin reads as of a day: its notes, commendations and leaders'
/// instructions (the period's actions).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Kept {
    notes: Vec<NoteEntry>,
    commendations: Vec<CommendationEntry>,
    instructions: Vec<InstructionEntry>,
}

impl Kept {
    /// Whether any record is dated within `from`..=`end`.
    fn acted_within(&self, from: NaiveDate, end: NaiveDate) -> bool {
        let within = |on: NaiveDate| from <= on && on <= end;
        self.notes.iter().any(|n| within(n.on_date))
            || self.commendations.iter().any(|c| within(c.on_date))
            || self.instructions.iter().any(|i| within(i.on_date))
    }
}

/// The `records` column: `[notes, commendations]`, with `instructions` third when the item has
/// any (rows written before schema 8 have two).
pub(super) fn encode_records(
    notes: &[NoteEntry],
    commendations: &[CommendationEntry],
    instructions: &[InstructionEntry],
) -> Option<String> {
    if notes.is_empty() && commendations.is_empty() && instructions.is_empty() {
        return None;
    }
    let notes: Vec<Json> = notes
        .iter()
        .map(|n| {
            json!([
                n.id,
                day(n.on_date),
                n.level.code(),
                n.target,
                n.reason,
                n.points,
                n.requirement
            ])
        })
        .collect();
    let commendations: Vec<Json> = commendations
        .iter()
        .map(|c| json!([c.id, day(c.on_date), c.target, c.reason, c.points]))
        .collect();
    if instructions.is_empty() {
        return Some(json!([notes, commendations]).to_string());
    }
    let instructions: Vec<Json> = instructions
        .iter()
        .map(|i| {
            json!([
                i.id,
                day(i.on_date),
                i.leader,
                i.sense.code(),
                i.text,
                i.deadline.map(day)
            ])
        })
        .collect();
    Some(json!([notes, commendations, instructions]).to_string())
}

pub(super) fn bad_column(index: usize, what: &str) -> Error {
    Error::Database(format!("column {index}: {what} is not what this build writes").into())
}

fn bad_records() -> Error {
    bad_column(0, "item_days.records")
}

type NoteTuple = (i64, String, String, String, String, Option<f64>, String);
type CommendationTuple = (i64, String, String, String, f64);
type InstructionTuple = (i64, String, String, String, String, Option<String>);

/// The `records` column as stored: two lists, or three (read in one pass: an untagged enum
/// would buffer every row before trying each shape, and made the year's bulletin a quarter
/// slower).
struct Stored(
    Vec<NoteTuple>,
    Vec<CommendationTuple>,
    Vec<InstructionTuple>,
);

impl<'de> serde::Deserialize<'de> for Stored {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Lists;
        impl<'de> serde::de::Visitor<'de> for Lists {
            type Value = Stored;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("two or three lists")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Stored, A::Error> {
                use serde::de::Error;
                let notes = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let commendations = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let instructions = seq.next_element()?.unwrap_or_default();
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(4, &self));
                }
                Ok(Stored(notes, commendations, instructions))
            }
        }
        d.deserialize_seq(Lists)
    }
}

pub(super) fn decode_records(text: &str) -> Result<Kept> {
    let Stored(notes, commendations, instructions) =
        serde_json::from_str(text).map_err(|_| bad_records())?;
    let on = |s: &str| parse_day_bytes(s.as_bytes()).ok_or_else(bad_records);
    let notes = notes
        .into_iter()
        .map(
            |(id, on_date, level, target, reason, points, requirement)| {
                Ok(NoteEntry {
                    id,
                    on_date: on(&on_date)?,
                    level: Level::from_code(&level).ok_or_else(bad_records)?,
                    target,
                    reason,
                    points,
                    requirement,
                })
            },
        )
        .collect::<Result<_>>()?;
    let commendations = commendations
        .into_iter()
        .map(|(id, on_date, target, reason, points)| {
            Ok(CommendationEntry {
                id,
                on_date: on(&on_date)?,
                target,
                reason,
                points,
            })
        })
        .collect::<Result<_>>()?;
    let instructions = instructions
        .into_iter()
        .map(|(id, on_date, leader, sense, text, deadline)| {
            Ok(InstructionEntry {
                id,
                on_date: on(&on_date)?,
                leader,
                sense: InstructionSense::from_code(&sense).ok_or_else(bad_records)?,
                text,
                deadline: deadline.as_deref().map(on).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Kept {
        notes,
        commendations,
        instructions,
    })
}

/// One row of `item_days`, ready to insert.
pub(super) struct DayRow {
    pub(super) from: i32,
    pub(super) until: Option<i32>,
    pub(super) state: Vec<u8>,
    pub(super) title: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) source_ref: Option<String>,
    pub(super) records: Option<String>,
}

/// One item's rows, from its events (in the order recorded).
pub(super) fn rows(events: &[Recorded], now: &Current) -> Vec<DayRow> {
    rows_of(&days(events), now)
}

/// One item's rows, from its days.
pub(super) fn rows_of(views: &Days, now: &Current) -> Vec<DayRow> {
    let unless = |value: &str, current: &str| (value != current).then(|| value.to_string());
    let mut out = Vec::with_capacity(views.len());
    for (at, (from, view)) in views.iter().enumerate() {
        let Some(v) = view else { continue };
        out.push(DayRow {
            from: day_number(*from),
            until: views.get(at + 1).map(|(d, _)| day_number(*d)),
            state: v.packed(),
            title: unless(&v.title, &now.title),
            owner: unless(&v.owner, &now.owner),
            source_ref: unless(&v.source_ref, &now.source_ref),
            records: encode_records(&v.notes, &v.commendations, &v.instructions),
        });
    }
    out
}

/// What a bulletin of the period `from..=end` judges of an item whose day row (as of `end`)
/// holds `state` and `records`: `None` when the item is out of the period's scope (completed or
/// closed before it, with no note, commendation or instruction dated within it). The state is
/// unpacked first and the records read only when needed.
pub(super) fn judged(
    state: &[u8],
    records: Option<&str>,
    from: NaiveDate,
    end: NaiveDate,
) -> Result<Option<(Packed, Kept)>> {
    let packed = unpack(state).ok_or_else(|| bad_column(9, "item_days.state"))?;
    // Items completed before the period are out of its scope (the judging leaves them out),
    // unless a note or commendation of theirs is dated within it: the period's actions are all
    // in its bulletin.
    let finished_before = matches!(packed.status, Status::Completed | Status::Closed)
        && packed.days[2].is_some_and(|d| d < from);
    let kept = match records {
        None if finished_before => return Ok(None),
        None => Kept::default(),
        Some(text) => decode_records(text)?,
    };
    if finished_before && !kept.acted_within(from, end) {
        return Ok(None);
    }
    Ok(Some((packed, kept)))
}

/// What never changes after registration, or is kept as of the day, of an item read as of a
/// day: the columns a backend reads beside the day's row, borrowed from it.
pub(super) struct Described<'a> {
    pub(super) number: ItemNumber,
    pub(super) title: &'a str,
    pub(super) owner: &'a str,
    pub(super) source_kind: SourceKind,
    pub(super) source_ref: &'a str,
    pub(super) lead_department: &'a str,
    pub(super) registered_on: NaiveDate,
}

/// An item with nothing in it yet, for [`refill`] to fill.
pub(super) fn blank_item() -> ItemState {
    ItemState {
        number: ItemNumber { year: 0, seq: 0 },
        title: String::new(),
        requirement: String::new(),
        source_kind: SourceKind::Other,
        source_ref: String::new(),
        instruction: None,
        leader: None,
        lead_department: String::new(),
        co_departments: Vec::new(),
        owner: String::new(),
        flags: Flags::default(),
        urgent: false,
        cadence: Cadence::Once,
        original_deadline: None,
        deadline: None,
        no_deadline_reason: None,
        status: Status::Registered,
        suspended_from: None,
        registered_on: NaiveDate::MIN,
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
        version: 0,
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

/// Copies `from` into `to`, keeping the room `to` has.
fn set(to: &mut String, from: &str) {
    to.clear();
    to.push_str(from);
}

/// Fills `item` (made by [`blank_item`], or an item filled before: its strings' room is used
/// again) as a bulletin reads it as of a day (see `Records::items_as_of` for what is left
/// empty), its co-departments left to [`set_co_departments`]; the day it was cancelled, if it
/// was by then.
pub(super) fn refill(
    item: &mut ItemState,
    described: &Described<'_>,
    packed: Packed,
    kept: Kept,
) -> Option<NaiveDate> {
    let Packed {
        status,
        cadence,
        days:
            [
                deadline,
                assigned_on,
                completed_on,
                submitted_on,
                suspended_on,
                resumed_on,
                last_feedback_on,
                cancelled_on,
            ],
    } = packed;
    item.number = described.number;
    set(&mut item.title, described.title);
    set(&mut item.owner, described.owner);
    item.source_kind = described.source_kind;
    set(&mut item.source_ref, described.source_ref);
    set(&mut item.lead_department, described.lead_department);
    item.registered_on = described.registered_on;
    item.cadence = cadence;
    item.original_deadline = deadline;
    item.deadline = deadline;
    item.status = status;
    item.assigned_on = assigned_on;
    item.completed_on = completed_on;
    item.last_feedback_on = last_feedback_on;
    item.suspended_on = suspended_on;
    item.resumed_on = resumed_on;
    item.submitted_on = submitted_on;
    item.feedback.clear();
    item.feedback
        .extend(last_feedback_on.map(|on_date| FeedbackEntry {
            id: 0,
            on_date,
            reporter: String::new(),
            text: String::new(),
            percent: None,
            kind: FeedbackKind::Progress,
        }));
    item.notes = kept.notes;
    item.commendations = kept.commendations;
    item.instructions = kept.instructions;
    cancelled_on
}

/// Sets the co-departments of `item` to `names`, sorted (their strings' room used again).
pub(super) fn set_co_departments<'n>(item: &mut ItemState, names: impl Iterator<Item = &'n str>) {
    let co = &mut item.co_departments;
    let mut n = 0;
    for name in names {
        match co.get_mut(n) {
            Some(at) => set(at, name),
            None => co.push(name.to_string()),
        }
        n += 1;
    }
    co.truncate(n);
    co.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn view(status: Status, cadence: Cadence, days: [Option<NaiveDate>; 8]) -> View {
        let [
            deadline,
            assigned_on,
            completed_on,
            submitted_on,
            suspended_on,
            resumed_on,
            last_feedback_on,
            cancelled_on,
        ] = days;
        View {
            status,
            cadence,
            deadline,
            assigned_on,
            completed_on,
            submitted_on,
            suspended_on,
            resumed_on,
            last_feedback_on,
            cancelled_on,
            title: String::new(),
            owner: String::new(),
            source_ref: String::new(),
            notes: Vec::new(),
            commendations: Vec::new(),
            instructions: Vec::new(),
        }
    }

    #[test]
    fn the_state_column_reads_back_what_was_packed() {
        let days = [
            Some(d("2026-12-31")),
            None,
            Some(d("0001-01-02")),
            None,
            Some(d("2027-02-28")),
            Some(d("1999-01-01")),
            None,
            Some(d("2026-11-25")),
        ];
        for &status in Status::ALL {
            for &cadence in Cadence::ALL {
                let packed = view(status, cadence, days).packed();
                let back = unpack(&packed).unwrap();
                assert_eq!(
                    (back.status, back.cadence, back.days),
                    (status, cadence, days)
                );
                // Cut short, or with a byte too many, it is refused.
                assert!(unpack(&packed[..packed.len() - 1]).is_none());
                let mut longer = packed.clone();
                longer.push(0);
                assert!(unpack(&longer).is_none());
            }
        }
        // Days compare as their numbers do.
        assert!(day_number(d("2026-06-30")) < day_number(d("2026-07-01")));
        assert_eq!(day_number(d("0001-01-01")), 1);
    }

    #[test]
    fn kept_records_read_back_with_instructions_and_without() {
        let notes = vec![NoteEntry {
            id: 3,
            on_date: d("2026-11-02"),
            level: Level::Urging,
            target: "住建局".into(),
            reason: "逾期".into(),
            points: None,
            requirement: "三日内报送".into(),
        }];
        let instructions = vec![
            InstructionEntry {
                id: 7,
                on_date: d("2026-11-25"),
                leader: "王市长".into(),
                sense: InstructionSense::Requires,
                text: "年底前完成".into(),
                deadline: Some(d("2026-12-28")),
            },
            InstructionEntry {
                id: 8,
                on_date: d("2026-11-26"),
                leader: "李副市长".into(),
                sense: InstructionSense::Affirms,
                text: "很好".into(),
                deadline: None,
            },
        ];
        let text = encode_records(&notes, &[], &instructions).unwrap();
        let kept = decode_records(&text).unwrap();
        assert_eq!(kept.notes, notes);
        assert_eq!(kept.instructions, instructions);
        assert!(kept.acted_within(d("2026-11-26"), d("2026-11-30")));
        assert!(!kept.acted_within(d("2026-11-27"), d("2026-11-30")));
        // A row written before schema 8 holds two lists, and reads as no instructions.
        let old = encode_records(&notes, &[], &[]).unwrap();
        assert_eq!(
            serde_json::from_str::<Json>(&old)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let kept = decode_records(&old).unwrap();
        assert_eq!((kept.notes, kept.instructions), (notes, Vec::new()));
        assert!(decode_records("[[],[],[[1]]]").is_err());
    }
}

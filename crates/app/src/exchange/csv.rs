//! `duban export --format csv`: one table of every item, one row each, for a spreadsheet.
//! Records appear as counts; the history is left out. (It is not imported: JSON is the format
//! that moves an office.) Written through the one CSV writer ([`Sheet`]: byte order mark, no
//! formula runs).

use std::io::Write;

use crate::error::Result;
use crate::spreadsheet::{Cell, Sheet};
use crate::store::ItemDetail;
use crate::store::exchange::{Department, ExportSink, StoredEvent};

/// The table's columns.
pub const HEADER: [&str; 39] = [
    "number",
    "title",
    "requirement",
    "source_kind",
    "source_ref",
    "instruction",
    "leader",
    "lead_department",
    "co_departments",
    "owner",
    "major",
    "difficult",
    "important",
    "leader_concerned",
    "urgent",
    "cadence",
    "original_deadline",
    "deadline",
    "no_deadline_reason",
    "status",
    "suspended_from",
    "registered_on",
    "assigned_on",
    "suspended_on",
    "resumed_on",
    "submitted_on",
    "completed_on",
    "closed_on",
    "last_feedback_on",
    "last_percent",
    "last_note_on",
    "top_level",
    "next_milestone_due",
    "milestones",
    "feedback",
    "notes",
    "commendations",
    "instructions",
    "extensions",
];

pub struct CsvSink<W: Write> {
    out: Sheet<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Result<Self> {
        let mut out = Sheet::new(out)?;
        out.head(&HEADER)?;
        Ok(Self { out })
    }

    pub fn finish(self) -> Result<W> {
        Ok(self.out.finish()?)
    }
}

impl<W: Write> ExportSink for CsvSink<W> {
    fn departments(&mut self, _: &[Department]) -> Result<()> {
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        let r = &item.row;
        let day =
            |d: Option<chrono::NaiveDate>| Cell::text(d.map(|d| d.to_string()).unwrap_or_default());
        let flag = |b: bool| Cell::number(if b { "1" } else { "0" });
        let text = |t: &Option<String>| Cell::text(t.clone().unwrap_or_default());
        let record: [Cell; HEADER.len()] = [
            Cell::text(r.number.to_string()),
            Cell::text(r.title.as_str()),
            Cell::text(item.requirement.as_str()),
            Cell::text(r.source_kind.code()),
            Cell::text(r.source_ref.as_str()),
            text(&item.instruction),
            text(&item.leader),
            Cell::text(r.lead_department.as_str()),
            Cell::text(item.co_departments.join(";")),
            Cell::text(r.owner.as_str()),
            flag(r.flags.major),
            flag(r.flags.difficult),
            flag(r.flags.important),
            flag(r.flags.leader),
            flag(r.urgent),
            Cell::text(r.cadence.code()),
            day(item.original_deadline),
            day(r.deadline),
            text(&item.no_deadline_reason),
            Cell::text(r.status.code()),
            Cell::text(
                r.suspended_from
                    .map(|s| s.code().to_string())
                    .unwrap_or_default(),
            ),
            day(Some(r.registered_on)),
            day(r.assigned_on),
            day(r.suspended_on),
            day(r.resumed_on),
            day(r.submitted_on),
            day(r.completed_on),
            day(r.closed_on),
            day(r.last_feedback_on),
            Cell::number(r.last_percent.map(|p| p.to_string()).unwrap_or_default()),
            day(r.last_note_on),
            Cell::text(
                r.top_level
                    .map(|l| l.code().to_string())
                    .unwrap_or_default(),
            ),
            day(r.next_milestone_due),
            Cell::number(item.milestones.len()),
            Cell::number(item.feedback.len()),
            Cell::number(item.notes.len()),
            Cell::number(item.commendations.len()),
            Cell::number(item.instructions.len()),
            Cell::number(item.extensions.len()),
        ];
        Ok(self.out.row(&record)?)
    }

    fn event(&mut self, _: &StoredEvent) -> Result<()> {
        Ok(())
    }
}

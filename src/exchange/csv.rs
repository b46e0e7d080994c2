//! `duban export --format csv`: one table of every item, one row each, for a spreadsheet.
//! Records appear as counts; the history is left out. (It is not imported: JSON is the format
//! that moves an office.)

use std::io::Write;

use csv::Writer as Table;

use crate::error::{Error, Result};
use crate::store::ItemDetail;
use crate::store::exchange::{Department, ExportSink, StoredEvent};

/// The table's columns.
pub const HEADER: [&str; 38] = [
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
    "extensions",
];

fn io(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

pub struct CsvSink<W: Write> {
    out: Table<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Result<Self> {
        let mut out = Table::from_writer(out);
        out.write_record(HEADER).map_err(io)?;
        Ok(Self { out })
    }

    pub fn finish(self) -> Result<W> {
        let mut out = self
            .out
            .into_inner()
            .map_err(|e| Error::Io(e.into_error()))?;
        out.flush()?;
        Ok(out)
    }
}

impl<W: Write> ExportSink for CsvSink<W> {
    fn departments(&mut self, _: &[Department]) -> Result<()> {
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        let r = &item.row;
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let record: [String; HEADER.len()] = [
            r.number.to_string(),
            r.title.clone(),
            item.requirement.clone(),
            r.source_kind.code().into(),
            r.source_ref.clone(),
            text(&item.instruction),
            text(&item.leader),
            r.lead_department.clone(),
            item.co_departments.join(";"),
            r.owner.clone(),
            flag(r.flags.major),
            flag(r.flags.difficult),
            flag(r.flags.important),
            flag(r.flags.leader),
            flag(r.urgent),
            r.cadence.code().into(),
            day(item.original_deadline),
            day(r.deadline),
            text(&item.no_deadline_reason),
            r.status.code().into(),
            r.suspended_from
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            day(Some(r.registered_on)),
            day(r.assigned_on),
            day(r.suspended_on),
            day(r.resumed_on),
            day(r.submitted_on),
            day(r.completed_on),
            day(r.closed_on),
            day(r.last_feedback_on),
            r.last_percent.map(|p| p.to_string()).unwrap_or_default(),
            day(r.last_note_on),
            r.top_level
                .map(|l| l.code().to_string())
                .unwrap_or_default(),
            day(r.next_milestone_due),
            item.milestones.len().to_string(),
            item.feedback.len().to_string(),
            item.notes.len().to_string(),
            item.commendations.len().to_string(),
            item.extensions.len().to_string(),
        ];
        self.out.write_record(&record).map_err(io)
    }

    fn event(&mut self, _: &StoredEvent) -> Result<()> {
        Ok(())
    }
}

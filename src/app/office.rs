//! The office as the program sees it: the store, the clock, the calendar and the rules, with
//! the operations that the command line and the terminal interface share.

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::domain::item::ItemNumber;
use crate::domain::light::{Assessment, WarningLight, assess};
use crate::domain::validate::{InputError, Problem};
use crate::domain::{Rules, WorkCalendar};
use crate::error::Result;
use crate::store::{Ctx, ItemRow, ListFilter, Store, Writer};

pub struct Office {
    pub store: Store,
    pub clock: Clock,
    pub calendar: WorkCalendar,
    pub rules: Rules,
    pub actor: String,
}

/// An item in a list, with what the rules say of it today.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub row: ItemRow,
    pub light: WarningLight,
    pub working_days_left: Option<i64>,
    pub overdue_working_days: Option<i64>,
    pub missed_feedbacks: u32,
    pub next_feedback_due: Option<NaiveDate>,
    pub unaddressed: bool,
    pub milestone_overdue: bool,
    pub assessment: Assessment,
}

/// The JSON of a listed item: the row's fields, then the day's assessment. Written out rather
/// than `#[serde(flatten)]`, which buffers every field and costs lists of thousands of items
/// several times as much.
impl serde::Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = &self.row;
        let mut m = s.serialize_map(Some(32))?;
        m.serialize_entry("number", &r.number.to_string())?;
        m.serialize_entry("title", &r.title)?;
        m.serialize_entry("lead_department", &r.lead_department)?;
        m.serialize_entry("owner", &r.owner)?;
        m.serialize_entry("status", &r.status)?;
        m.serialize_entry("source_kind", &r.source_kind)?;
        m.serialize_entry("source_ref", &r.source_ref)?;
        m.serialize_entry("flags", &r.flags)?;
        m.serialize_entry("urgent", &r.urgent)?;
        m.serialize_entry("cadence", &r.cadence)?;
        m.serialize_entry("deadline", &r.deadline)?;
        m.serialize_entry("registered_on", &r.registered_on)?;
        m.serialize_entry("assigned_on", &r.assigned_on)?;
        m.serialize_entry("completed_on", &r.completed_on)?;
        m.serialize_entry("closed_on", &r.closed_on)?;
        m.serialize_entry("last_feedback_on", &r.last_feedback_on)?;
        m.serialize_entry("last_percent", &r.last_percent)?;
        m.serialize_entry("last_note_on", &r.last_note_on)?;
        m.serialize_entry("top_level", &r.top_level)?;
        m.serialize_entry("next_milestone_due", &r.next_milestone_due)?;
        m.serialize_entry("suspended_from", &r.suspended_from)?;
        m.serialize_entry("version", &r.version)?;
        m.serialize_entry("light", &self.light)?;
        m.serialize_entry("working_days_left", &self.working_days_left)?;
        m.serialize_entry("overdue_working_days", &self.overdue_working_days)?;
        m.serialize_entry("missed_feedbacks", &self.missed_feedbacks)?;
        m.serialize_entry("next_feedback_due", &self.next_feedback_due)?;
        m.serialize_entry("unaddressed", &self.unaddressed)?;
        m.serialize_entry("milestone_overdue", &self.milestone_overdue)?;
        m.end()
    }
}

impl Office {
    pub fn new(store: Store, clock: Clock, actor: String) -> Self {
        Self {
            store,
            clock,
            calendar: WorkCalendar::default(),
            rules: Rules::default(),
            actor,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: self.actor.clone(),
            now: self.clock.now(),
            today: self.clock.today(),
        }
    }

    /// Runs one user action as one transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.write(&ctx, f)
    }

    /// Runs one large action (the sample office) as one transaction; see [`Store::bulk_write`].
    pub fn bulk_write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.bulk_write(&ctx, f)
    }

    /// Resolves an item number as typed, naming the field when it is not one.
    pub fn number(field: &'static str, text: &str) -> Result<ItemNumber> {
        ItemNumber::parse(text).ok_or_else(|| {
            InputError::new(
                field,
                Problem::UnknownItem {
                    got: text.to_string(),
                },
            )
            .into()
        })
    }

    pub fn assess(&self, row: &ItemRow, today: NaiveDate) -> Assessment {
        assess(&row.facts(), today, &self.calendar, &self.rules)
    }

    /// Items matching the filter, assessed for today, sorted by light then deadline (items
    /// without a deadline last), then number.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<Listed>> {
        let today = self.today();
        let rows = self.store.items(filter, today)?;
        let mut listed: Vec<Listed> = rows
            .into_iter()
            .filter_map(|row| {
                let a = self.assess(&row, today);
                if filter.light.is_some_and(|l| l != a.light) {
                    return None;
                }
                Some(Listed {
                    light: a.light,
                    working_days_left: a.working_days_left,
                    overdue_working_days: a.overdue_working_days(),
                    missed_feedbacks: a.feedback.missed_in_row,
                    next_feedback_due: a.feedback.next_due,
                    unaddressed: a.unaddressed,
                    milestone_overdue: a.milestone_overdue,
                    assessment: a,
                    row,
                })
            })
            .collect();
        listed.sort_by(|a, b| {
            (
                a.light,
                a.row.deadline.is_none(),
                a.row.deadline,
                a.row.number,
            )
                .cmp(&(
                    b.light,
                    b.row.deadline.is_none(),
                    b.row.deadline,
                    b.row.number,
                ))
        });
        Ok(listed)
    }
}

impl Listed {
    /// The same fields as the `Serialize` impl, written directly: `list --format json` prints
    /// thousands of these.
    pub fn to_json(&self) -> String {
        self.write_json(String::new())
    }

    /// Appends the JSON object to `buf` and gives the buffer back.
    pub fn write_json(&self, buf: String) -> String {
        use crate::json::JsonObject;
        let r = &self.row;
        let flags = JsonObject::new()
            .bool("major", r.flags.major)
            .bool("difficult", r.flags.difficult)
            .bool("important", r.flags.important)
            .bool("leader", r.flags.leader);
        JsonObject::appending_to(buf)
            .str("number", &r.number.to_string())
            .str("title", &r.title)
            .str("lead_department", &r.lead_department)
            .str("owner", &r.owner)
            .str("status", r.status.code())
            .str("source_kind", r.source_kind.code())
            .str("source_ref", &r.source_ref)
            .object("flags", flags)
            .bool("urgent", r.urgent)
            .str("cadence", r.cadence.code())
            .opt_day("deadline", r.deadline)
            .opt_day("registered_on", Some(r.registered_on))
            .opt_day("assigned_on", r.assigned_on)
            .opt_day("completed_on", r.completed_on)
            .opt_day("closed_on", r.closed_on)
            .opt_day("last_feedback_on", r.last_feedback_on)
            .opt_int("last_percent", r.last_percent.map(i64::from))
            .opt_day("last_note_on", r.last_note_on)
            .opt_str("top_level", r.top_level.map(|l| l.code()))
            .opt_day("next_milestone_due", r.next_milestone_due)
            .opt_str("suspended_from", r.suspended_from.map(|s| s.code()))
            .int("version", r.version)
            .str("light", self.light.code())
            .opt_int("working_days_left", self.working_days_left)
            .opt_int("overdue_working_days", self.overdue_working_days)
            .int("missed_feedbacks", i64::from(self.missed_feedbacks))
            .opt_day("next_feedback_due", self.next_feedback_due)
            .bool("unaddressed", self.unaddressed)
            .bool("milestone_overdue", self.milestone_overdue)
            .finish()
    }
}

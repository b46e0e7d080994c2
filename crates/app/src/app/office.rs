//! The office as the program sees it: the store, the clock, the calendar and the rules, with
//! the operations that the command line and the terminal interface share.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::domain::item::ItemNumber;
use crate::domain::light::{LightReading, WarningLight, read_light};
use crate::domain::validate::{InputError, Problem};
use crate::domain::{Rules, WorkCalendar};
use crate::error::Result;
use crate::report::judge::ItemsAtEnd;
use crate::report::score_parts::{ScoreParts, ScoredBefore};
use crate::report::{BulletinParts, GroupBy, Period, Scores};
use crate::store::{Backend, Ctx, ItemRow, ListFilter, Records, Store, WriteTx};

/// `S` is the store's backend; SQLite unless said otherwise, so that the command line and the
/// interface write `Office` and a second backend changes only where the store is opened.
pub struct Office<S = Store> {
    pub store: S,
    pub clock: Clock,
    pub calendar: Arc<WorkCalendar>,
    pub rules: Arc<Rules>,
    pub actor: String,
    /// The office that issues the papers (`[office] name`), signed on what the interface
    /// exports.
    pub issuer: Option<String>,
    /// The largest file that may be attached to an item, in bytes (`[attachments] max_mb`).
    pub attachment_max_bytes: u64,
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
    pub reading: LightReading,
}

/// The JSON of a listed item: the row's fields, then the day's reading. Written out rather
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
        m.serialize_entry(
            "reported_late_working_days",
            &self.reading.reported_late_working_days,
        )?;
        m.end()
    }
}

/// [`Office::items_at_end`] from any handle on the office's store.
pub fn items_at_end<R: Records + ?Sized>(store: &R, period: &Period) -> Result<ItemsAtEnd> {
    let (items, cancelled) = store.items_as_of(period.from, period.end())?;
    Ok(ItemsAtEnd::kept(items, cancelled))
}

/// The bulletin of `period` grouped by each of `groupings` (`documents`: with the lines per
/// source a document prints), from any handle on the office's store: every item as it stood at
/// the end of the period, judged as it is read (on the store's reading threads), nothing kept
/// of it but what the bulletin prints.
pub fn bulletin_parts<R: Records + ?Sized>(
    store: &R,
    period: &Period,
    groupings: &[GroupBy],
    documents: bool,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Result<BulletinParts> {
    let init = || {
        if documents {
            BulletinParts::document(*period, groupings)
        } else {
            BulletinParts::bulletin(*period, groupings)
        }
    };
    let parts = store.fold_items_as_of(period.from, period.end(), init, |parts, item, on| {
        parts.add(item, on, cal, rules);
    })?;
    Ok(BulletinParts::merged(parts).unwrap_or_else(init))
}

/// The assessment of `period` (a year), from any handle on the office's store: which items an
/// earlier period scored, from the items as they stood the day before it began, then every item
/// as it stood at its end (those finished before it too: one completed early scores in the
/// period of its deadline), each scored as it is read.
pub fn scores_of<R: Records + ?Sized>(
    store: &R,
    period: &Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Result<Scores> {
    let before = Scores::read_before(period);
    let parts = store.fold_items_as_of(
        before.from,
        before.end(),
        ScoredBefore::default,
        |parts, item, on| parts.add(item, on, period, cal, rules),
    )?;
    let scored_before = ScoredBefore::merged(parts);
    let read = Scores::read_period(period);
    let init = || ScoreParts::new(*period, &rules.score);
    let parts = store.fold_items_as_of(read.from, read.end(), init, |parts, item, on| {
        parts.add(item, on, &scored_before, cal, rules);
    })?;
    Ok(ScoreParts::merged(parts).unwrap_or_else(init).into_scores())
}

/// The open overdue items at the end of each of the `weeks` weeks ending with the week of
/// `last` (the report screen's sparkline), each week's end judged from the items as the store
/// keeps them on that day (no history read), counted as they are read.
pub fn open_overdue_by_week<R: Records + ?Sized>(
    store: &R,
    last: NaiveDate,
    weeks: usize,
) -> Result<Vec<crate::report::trend::WeekFigure>> {
    crate::report::trend::week_ends(last, weeks)
        .into_iter()
        .map(|end| {
            let counts = store.fold_items_as_of(
                end,
                end,
                || 0u32,
                |n, item, _| *n += u32::from(crate::report::trend::is_open_overdue(item, end)),
            )?;
            Ok(crate::report::trend::WeekFigure {
                end,
                open_overdue: counts.into_iter().sum(),
            })
        })
        .collect()
}

impl<S: Backend> Office<S> {
    pub fn new(store: S, clock: Clock, actor: String) -> Self {
        Self {
            store,
            clock,
            calendar: Arc::new(WorkCalendar::default()),
            rules: Arc::new(Rules::default()),
            actor,
            issuer: None,
            attachment_max_bytes: crate::domain::attachment::DEFAULT_MAX_BYTES,
        }
    }

    /// This office with the largest attachment the configuration allows.
    pub fn with_attachment_limit(mut self, max_bytes: u64) -> Self {
        self.attachment_max_bytes = max_bytes;
        self
    }

    /// This office under the office's own settings (what the configuration read): its rules,
    /// working-day calendar and the office that issues its papers.
    pub fn with_rules(
        mut self,
        rules: Arc<Rules>,
        calendar: Arc<WorkCalendar>,
        issuer: Option<String>,
    ) -> Self {
        self.rules = rules;
        self.calendar = calendar;
        self.issuer = issuer;
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The items as they stood at the end of `period` (today's or any earlier day), as the
    /// store keeps each item's days (`Records::items_as_of`: what replaying the history to its
    /// end gives, without reading the history).
    pub fn items_at_end(&self, period: &Period) -> Result<ItemsAtEnd> {
        items_at_end(&self.store, period)
    }

    /// The bulletin of `period` grouped by each of `groupings` (`documents`: with the lines
    /// per source), computed as the store reads the items ([`bulletin_parts`]).
    pub fn bulletin_parts(
        &self,
        period: &Period,
        groupings: &[GroupBy],
        documents: bool,
    ) -> Result<BulletinParts> {
        bulletin_parts(
            &self.store,
            period,
            groupings,
            documents,
            &self.calendar,
            &self.rules,
        )
    }

    /// The assessment of `period`, computed as the store reads the items ([`scores_of`]).
    pub fn scores(&self, period: &Period) -> Result<Scores> {
        scores_of(&self.store, period, &self.calendar, &self.rules)
    }

    /// Whether the office was opened for reading only: every write is refused.
    pub fn read_only(&self) -> bool {
        self.store.read_only()
    }

    /// Where the store is, as the clerk is shown it.
    pub fn location(&self) -> std::borrow::Cow<'_, str> {
        self.store.location()
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: self.actor.clone(),
            now: self.clock.now(),
            today: self.clock.today(),
            calendar: Arc::clone(&self.calendar),
            rules: Arc::clone(&self.rules),
        }
    }

    /// Runs one user action as one transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.write(&ctx, f)
    }

    /// Runs one large action (the sample office) as one transaction; see
    /// [`Backend::bulk_write`].
    pub fn bulk_write<T>(&mut self, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.bulk_write(&ctx, f)
    }

    pub fn read_light(&self, row: &ItemRow, today: NaiveDate) -> LightReading {
        read_light(&row.facts(), today, &self.calendar, &self.rules)
    }

    /// Items matching the filter, assessed for today, sorted by light then deadline (items
    /// without a deadline last), then number.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<Listed>> {
        let parts = self.fold_listed(filter, Vec::new, |items, key, item| {
            items.push((key, item));
        })?;
        let mut keyed: Vec<(ListKey, Listed)> = parts.into_iter().flatten().collect();
        keyed.sort_unstable_by_key(|(key, _)| *key);
        Ok(keyed.into_iter().map(|(_, item)| item).collect())
    }

    /// The items of [`Office::list`], unsorted, each with its place in the list, handed to
    /// `each` on the threads that read the rows (see [`Records::fold_items`](crate::store::Records::fold_items)): a long list is
    /// assessed, and its output encoded, in parallel.
    pub fn fold_listed<T: Send>(
        &self,
        filter: &ListFilter,
        init: impl Fn() -> T + Sync,
        each: impl Fn(&mut T, ListKey, Listed) + Sync,
    ) -> Result<Vec<T>> {
        let today = self.today();
        // The rules and calendar, not the office: its connection stays on this thread.
        let (calendar, rules) = (&self.calendar, &self.rules);
        self.store.fold_items(filter, today, init, |state, row| {
            let a = read_light(&row.facts(), today, calendar, rules);
            if filter.light.is_some_and(|l| l != a.light) {
                return;
            }
            let key = ListKey::new(a.light, row.deadline, row.number);
            let item = Listed {
                light: a.light,
                working_days_left: a.working_days_left,
                overdue_working_days: a.overdue_working_days(),
                missed_feedbacks: a.feedback.missed_in_row,
                next_feedback_due: a.feedback.next_due,
                unaddressed: a.unaddressed,
                milestone_overdue: a.milestone_overdue,
                reading: a,
                row,
            };
            each(state, key, item);
        })
    }
}

/// `Office::number` names no backend: written in this block (the default one), a call needs
/// no type annotation.
impl Office {
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
}

/// An item's place in a list: by warning light (red first), then deadline (items without one
/// last), then number; packed into one integer, so that sorting tens of thousands of items
/// compares integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListKey(u64);

impl ListKey {
    pub fn new(light: WarningLight, deadline: Option<NaiveDate>, number: ItemNumber) -> Self {
        use chrono::Datelike;
        let light = crate::app::state::light_index(light) as u64;
        // Days from 1900-01-01; no deadline sorts after every date.
        let day = deadline.map_or(0xF_FFFF, |d| {
            (d.num_days_from_ce() - 693_596).clamp(0, 0xF_FFFE) as u64
        });
        // Distinct for years to 4095 and a million items a year.
        let year = number.year.clamp(0, 0xFFF) as u64;
        let seq = u64::from(number.seq.min(0xF_FFFF));
        Self((light << 60) | (day << 32) | (year << 20) | seq)
    }

    /// The same place among finished items, which all come after the open ones.
    pub fn finished(self) -> Self {
        Self(self.0 | (1 << 63))
    }
}

impl Listed {
    /// The same fields as the `Serialize` impl, written directly: `list --format json` prints
    /// thousands of these.
    pub fn to_json(&self) -> String {
        self.write_json(String::new())
    }

    /// Appends the JSON object to `buf` and gives the buffer back.
    ///
    /// Written with the keys as literal text, each with the punctuation around it: a long list
    /// writes thirty keys for each of thousands of items, and one copy per key instead of three
    /// is a third of the time. `listed_to_json_is_the_serde_serialization` holds it to the
    /// `Serialize` impl.
    pub fn write_json(&self, mut buf: String) -> String {
        use crate::json::{
            push_int, push_opt_day, push_opt_int, push_opt_str, push_padded, push_str_literal,
        };
        let r = &self.row;
        let b = &mut buf;
        let flag = |b: &mut String, key: &str, value: bool| {
            b.push_str(key);
            b.push_str(if value { "true" } else { "false" });
        };
        b.push_str("{\"number\":\"");
        push_padded(b, u64::from(r.number.year.unsigned_abs()), 1);
        b.push('-');
        push_padded(b, u64::from(r.number.seq), 3);
        b.push_str("\",\"title\":");
        push_str_literal(b, &r.title);
        b.push_str(",\"lead_department\":");
        push_str_literal(b, &r.lead_department);
        b.push_str(",\"owner\":");
        push_str_literal(b, &r.owner);
        b.push_str(",\"status\":");
        push_str_literal(b, r.status.code());
        b.push_str(",\"source_kind\":");
        push_str_literal(b, r.source_kind.code());
        b.push_str(",\"source_ref\":");
        push_str_literal(b, &r.source_ref);
        flag(b, ",\"flags\":{\"major\":", r.flags.major);
        flag(b, ",\"difficult\":", r.flags.difficult);
        flag(b, ",\"important\":", r.flags.important);
        flag(b, ",\"leader\":", r.flags.leader);
        flag(b, "},\"urgent\":", r.urgent);
        b.push_str(",\"cadence\":");
        push_str_literal(b, r.cadence.code());
        b.push_str(",\"deadline\":");
        push_opt_day(b, r.deadline);
        b.push_str(",\"registered_on\":");
        push_opt_day(b, Some(r.registered_on));
        b.push_str(",\"assigned_on\":");
        push_opt_day(b, r.assigned_on);
        b.push_str(",\"completed_on\":");
        push_opt_day(b, r.completed_on);
        b.push_str(",\"closed_on\":");
        push_opt_day(b, r.closed_on);
        b.push_str(",\"last_feedback_on\":");
        push_opt_day(b, r.last_feedback_on);
        b.push_str(",\"last_percent\":");
        push_opt_int(b, r.last_percent.map(i64::from));
        b.push_str(",\"last_note_on\":");
        push_opt_day(b, r.last_note_on);
        b.push_str(",\"top_level\":");
        push_opt_str(b, r.top_level.map(|l| l.code()));
        b.push_str(",\"next_milestone_due\":");
        push_opt_day(b, r.next_milestone_due);
        b.push_str(",\"suspended_from\":");
        push_opt_str(b, r.suspended_from.map(|s| s.code()));
        b.push_str(",\"version\":");
        push_int(b, r.version);
        b.push_str(",\"light\":");
        push_str_literal(b, self.light.code());
        b.push_str(",\"working_days_left\":");
        push_opt_int(b, self.working_days_left);
        b.push_str(",\"overdue_working_days\":");
        push_opt_int(b, self.overdue_working_days);
        b.push_str(",\"missed_feedbacks\":");
        push_int(b, i64::from(self.missed_feedbacks));
        b.push_str(",\"next_feedback_due\":");
        push_opt_day(b, self.next_feedback_due);
        flag(b, ",\"unaddressed\":", self.unaddressed);
        flag(b, ",\"milestone_overdue\":", self.milestone_overdue);
        b.push_str(",\"reported_late_working_days\":");
        push_opt_int(b, self.reading.reported_late_working_days);
        b.push('}');
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(light: WarningLight, deadline: Option<&str>, number: &str) -> ListKey {
        ListKey::new(
            light,
            deadline.map(|d| d.parse().unwrap()),
            ItemNumber::parse(number).unwrap(),
        )
    }

    #[test]
    fn list_order_is_light_then_deadline_without_deadline_last_then_number() {
        use WarningLight::*;
        let ordered = [
            key(Red, Some("1999-01-01"), "2026-900"),
            key(Red, Some("2026-03-01"), "2025-001"),
            key(Red, Some("2026-03-01"), "2026-002"),
            key(Red, Some("2026-03-01"), "2026-010"),
            key(Red, Some("2026-03-01"), "2026-1000000"),
            key(Red, Some("2026-03-02"), "2026-001"),
            key(Red, None, "2026-001"),
            key(Orange, Some("2020-01-01"), "2026-001"),
            key(Yellow, Some("2020-01-01"), "2026-001"),
            key(Green, Some("2020-01-01"), "2026-001"),
            key(Green, Some("4000-12-31"), "2026-001"),
            key(Green, None, "2026-001"),
        ];
        for pair in ordered.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
    }
}

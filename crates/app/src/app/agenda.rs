//! The deadlines pane (the agenda): which open items are due when, kept section by section as
//! items change, so that a decision on one item costs the sections it was and is in, not a pass
//! over every open item.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::item::ItemNumber;

use super::state::Ranked;

/// The agenda's sections, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgendaSection {
    Overdue,
    Today,
    ThisWeek,
    NextWeek,
    FeedbackMissed,
    MilestoneDue,
}

impl AgendaSection {
    const ALL: [AgendaSection; 6] = [
        AgendaSection::Overdue,
        AgendaSection::Today,
        AgendaSection::ThisWeek,
        AgendaSection::NextWeek,
        AgendaSection::FeedbackMissed,
        AgendaSection::MilestoneDue,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaLine {
    pub section: AgendaSection,
    pub id: i64,
    pub number: ItemNumber,
    pub date: NaiveDate,
}

/// Lines each agenda section lists at most (the section header says how many more).
pub const AGENDA_SECTION_LINES: usize = 30;

/// One item's line in a section: ordered as the section lists it (overdue items longest
/// overdue first, the rest soonest first; then by number).
type Entry = (NaiveDate, ItemNumber, i64);

/// Every open item's place in each section it belongs to, on one day.
#[derive(Debug, Clone)]
pub(super) struct Agenda {
    today: NaiveDate,
    week_end: NaiveDate,
    next_week_end: NaiveDate,
    sections: [BTreeSet<Entry>; 6],
}

impl Agenda {
    /// The agenda of `open` (the open items) on `today`.
    pub fn new<'a>(today: NaiveDate, open: impl Iterator<Item = &'a Ranked>) -> Self {
        let week_end = today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let mut agenda = Self {
            today,
            week_end,
            next_week_end: week_end + Days::new(7),
            sections: Default::default(),
        };
        // Gathered, sorted, then built in one go: far quicker than inserting one by one.
        let mut gathered: [Vec<Entry>; 6] = Default::default();
        for r in open {
            for (section, entry) in agenda.entries(r).into_iter().flatten() {
                gathered[section.index()].push(entry);
            }
        }
        for (set, mut entries) in agenda.sections.iter_mut().zip(gathered) {
            entries.sort_unstable();
            *set = entries.into_iter().collect();
        }
        agenda
    }

    /// Takes an item out of the sections it was in (as `r` was).
    pub fn remove(&mut self, r: &Ranked) {
        for (section, entry) in self.entries(r).into_iter().flatten() {
            self.sections[section.index()].remove(&entry);
        }
    }

    /// Puts an item in the sections it belongs to (as `r` is).
    pub fn add(&mut self, r: &Ranked) {
        for (section, entry) in self.entries(r).into_iter().flatten() {
            self.sections[section.index()].insert(entry);
        }
    }

    /// The lines shown (the first [`AGENDA_SECTION_LINES`] of each section, in its order) and
    /// how many items each section has in all.
    pub fn lines(&self) -> (Vec<AgendaLine>, HashMap<AgendaSection, usize>) {
        let mut lines = Vec::new();
        let mut totals = HashMap::new();
        for section in AgendaSection::ALL {
            let set = &self.sections[section.index()];
            if set.is_empty() {
                continue;
            }
            totals.insert(section, set.len());
            lines.extend(
                set.iter()
                    .take(AGENDA_SECTION_LINES)
                    .map(|&(date, number, id)| AgendaLine {
                        section,
                        id,
                        number,
                        date,
                    }),
            );
        }
        (lines, totals)
    }

    /// The sections an open item is in, with the date it is listed under: its deadline (while
    /// the department's clock runs) overdue, today, this week or next; the feedback it last
    /// missed; its next milestone due by the end of next week.
    fn entries(&self, r: &Ranked) -> [Option<(AgendaSection, Entry)>; 3] {
        let k = &r.key;
        if !k.status.is_open() {
            return [None; 3];
        }
        let entry = |date| (date, k.number, k.id);
        let deadline = k
            .deadline
            .filter(|_| k.status.department_clock_runs())
            .and_then(|deadline| {
                let section = if deadline < self.today {
                    AgendaSection::Overdue
                } else if deadline == self.today {
                    AgendaSection::Today
                } else if deadline <= self.week_end {
                    AgendaSection::ThisWeek
                } else if deadline <= self.next_week_end {
                    AgendaSection::NextWeek
                } else {
                    return None;
                };
                Some((section, entry(deadline)))
            });
        let missed = r
            .reading
            .feedback
            .last_missed
            .map(|missed| (AgendaSection::FeedbackMissed, entry(missed)));
        let milestone = k
            .next_milestone_due
            .filter(|d| *d <= self.next_week_end && k.status.is_running())
            .map(|due| (AgendaSection::MilestoneDue, entry(due)));
        [deadline, missed, milestone]
    }
}

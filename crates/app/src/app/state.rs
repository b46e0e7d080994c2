//! The state of the terminal interface: plain data that drawing reads and only
//! [`App::update`](super::App::update) changes.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::action::Pane;
use super::failure::Failure;
use super::form::Form;
use super::office::{ListKey, Office};
use crate::domain::item::ItemNumber;
use crate::domain::light::{LightReading, WarningLight, read_light};
use crate::domain::{Move, Status};
use crate::error::Result;
use crate::store::{Backend, ChangeToken, ItemDetail, ItemKey, ItemRow, Store};

/// Rows the items table shows for a terminal `height` rows tall: the screen less the status
/// bar, the pane's borders, its header and its count line. The drawing uses the same figure.
pub fn items_visible_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(5))
}

/// An open item, ranked by what the rules say of it today.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub key: ItemKey,
    pub reading: LightReading,
    /// Lower-case text the `/` filter matches (loaded on the first filter).
    pub search: Option<Box<str>>,
    /// The item's place in the list.
    order: ListKey,
}

/// Sorts the items by their place in the list: small (place, index) pairs are sorted, then each
/// item is moved into its place by swaps along the permutation's cycles, in the same vector.
/// Moving each item once matters (an item is some 280 bytes), and so does not building a second
/// vector of them (at 1,000,000 items the 440,000 open ones are 120 MB).
fn sort_in_place<T, K: Ord>(ranked: &mut [T], place: impl Fn(&T) -> K) {
    let mut order: Vec<(K, usize)> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| (place(r), i))
        .collect();
    order.sort_unstable();
    // The item that goes at each place: `from[place]`.
    let from: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    let mut placed = vec![false; ranked.len()];
    for start in 0..ranked.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let next = from[at];
            if next == start {
                break;
            }
            ranked.swap(at, next);
            at = next;
        }
    }
}

impl Ranked {
    pub fn light(&self) -> WarningLight {
        self.reading.light
    }

    fn sort_key(&self) -> ListKey {
        self.order
    }
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaLine {
    pub section: AgendaSection,
    pub id: i64,
    pub number: ItemNumber,
    pub date: NaiveDate,
}

/// Lines each agenda section lists at most (the section header says how many more).
pub const AGENDA_SECTION_LINES: usize = 30;

/// What the list shows. With no status chosen it shows the open items, and a search the
/// finished ones too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    pub light: Option<WarningLight>,
    pub status: Option<Status>,
    /// Every item whatever its status, finished ones included (the status filter's last
    /// choice); `status` is then `None`.
    pub all: bool,
    pub dept: Option<i64>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.is_empty()
            || self.light.is_some()
            || self.status.is_some()
            || self.all
            || self.dept.is_some()
    }

    /// Whether the filter can show finished items (they are read on the first such filter).
    pub fn reaches_finished(&self) -> bool {
        self.all || !self.text.is_empty() || self.status.is_some_and(|s| !s.is_open())
    }

    fn matches(&self, r: &Ranked) -> bool {
        self.light.is_none_or(|l| l == r.reading.light)
            && match self.status {
                Some(s) => s == r.key.status,
                None => r.key.status.is_open() || self.all || !self.text.is_empty(),
            }
            && self.dept.is_none_or(|d| d == r.key.lead_dept_id)
            && (self.text.is_empty()
                || r.search
                    .as_deref()
                    .is_some_and(|s| s.contains(self.text.as_str())))
    }
}

/// What sits on top of the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Form(Box<Form>),
    /// The lifecycle moves legal for the selected item.
    MoveMenu(Vec<Move>),
    /// The selected item's milestones (`M`).
    Milestones(super::milestones::MilestonePanel),
}

/// What the status bar reports about the last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Added(ItemNumber),
    Edited(ItemNumber),
    FeedbackSaved(ItemNumber),
    NoteSaved(ItemNumber),
    Commended(ItemNumber),
    /// A file kept with the item: its name as kept.
    Attached(ItemNumber, String),
    /// An attachment written out, to this path.
    SavedAttachment(String),
    /// The item shown has no attachment to save.
    NoAttachments(ItemNumber),
    Instructed(ItemNumber),
    ExtensionRequested(ItemNumber),
    ExtensionDecided(ItemNumber, bool),
    Moved(ItemNumber, Status),
    Snoozed(ItemNumber, NaiveDate),
    /// One decision recorded on this many items.
    Bulk(usize),
    Undone(Vec<ItemNumber>),
    Redone(Vec<ItemNumber>),
    NothingToUndo,
    NothingToRedo,
    Nothing,
    Refreshed,
    NoItemSelected,
    Failed(Failure),
    /// The report shown was written to this file.
    Exported(String),
    /// Enter on a report row shows items only for a lead department.
    DepartmentsOnly,
    /// `]` on the period that holds today.
    NoLaterPeriod,
    /// A milestone added or marked done.
    Milestone(super::milestones::MilestoneNotice),
    /// A notice, and the deadline or due date that moved off a non-working day (顺延).
    Postponed(Box<Notice>, crate::domain::dates::Postponed),
    /// Open deadlines that a calendar change put on a day off (kept as they are): the first
    /// few, and how many in all.
    DeadlinesOnDaysOff(Vec<(ItemNumber, NaiveDate)>, usize),
}

/// The interface's state, over an office whose store is `S` (SQLite unless said otherwise).
pub struct App<S = Store> {
    pub office: Office<S>,
    pub today: NaiveDate,
    pub size: (u16, u16),
    pub focus: Pane,
    pub overlay: Overlay,
    pub detail_open: bool,
    pub detail_scroll: usize,
    pub filter: Filter,
    pub filter_editing: bool,
    /// Every open item, best first: red, orange, yellow, green, then by deadline; after them,
    /// once a filter has reached for them, the finished items in the same order.
    pub ranked: Vec<Ranked>,
    /// Whether `ranked` holds the finished items too.
    pub finished_loaded: bool,
    /// Open items in all (the list's total).
    pub open_total: usize,
    /// Indices into `ranked` that pass the filter.
    pub view: Vec<usize>,
    /// Position in `view`.
    pub selected: usize,
    /// First row of `view` on screen.
    pub offset: usize,
    /// The lights of the open items the list shows (the count line counts what the filter
    /// shows).
    pub counts: [usize; 4],
    /// Open items shown that are suspended (their light is green: the clock stopped), counted
    /// apart so that a suspension never hides an item.
    pub suspended: usize,
    /// Open items shown whose report was submitted late and awaits review (逾期报送待审核):
    /// counted apart, not with the green lights of items on track.
    pub reported_late: usize,
    /// Finished items shown.
    pub finished_shown: usize,
    pub agenda: Vec<AgendaLine>,
    /// How many items each agenda section has in all (it lists at most
    /// `AGENDA_SECTION_LINES`).
    pub agenda_totals: HashMap<AgendaSection, usize>,
    pub agenda_selected: usize,
    pub feedback_scroll: usize,
    pub notes_scroll: usize,
    /// Full rows of the items on screen (and in the agenda).
    pub rows: HashMap<i64, ItemRow>,
    /// The selected item in full.
    pub detail: Option<ItemDetail>,
    pub departments: Vec<(i64, String)>,
    pub notice: Option<Notice>,
    /// The triage queue, while the clerk works through it.
    pub triage: Option<super::triage::Triage>,
    /// The report screen, while it is open.
    pub report: Option<super::report::ReportView>,
    /// Items marked with space: a decision applies to all of them.
    pub marked: std::collections::BTreeSet<i64>,
    /// The office's document language: what duban writes into a record on the clerk's behalf
    /// (an urging's reason and correction) is in it, whatever the interface's language.
    pub doc_lang: crate::lang::Lang,
    /// What forms are prefilled with, in the clerk's language.
    pub form_words: super::form::FormWords,
    pub should_quit: bool,
    /// Where a typed path leads and what is there (`report::locate`; a test may put its own):
    /// the export form shows it before Enter.
    pub locate: fn(&str) -> Option<super::form::ExportFile>,
    /// The store's state as this interface last read it: another clerk's commit changes it.
    seen: ChangeToken,
}

impl<S: Backend> App<S> {
    pub fn new(office: Office<S>, size: (u16, u16)) -> Result<Self> {
        let today = office.today();
        let mut app = Self {
            office,
            today,
            size,
            focus: Pane::Items,
            overlay: Overlay::None,
            detail_open: false,
            detail_scroll: 0,
            filter: Filter::default(),
            filter_editing: false,
            ranked: Vec::new(),
            finished_loaded: false,
            open_total: 0,
            view: Vec::new(),
            selected: 0,
            offset: 0,
            counts: [0; 4],
            suspended: 0,
            reported_late: 0,
            finished_shown: 0,
            agenda: Vec::new(),
            agenda_totals: HashMap::new(),
            agenda_selected: 0,
            feedback_scroll: 0,
            notes_scroll: 0,
            rows: HashMap::new(),
            detail: None,
            departments: Vec::new(),
            notice: None,
            triage: None,
            report: None,
            marked: Default::default(),
            doc_lang: crate::lang::Lang::Zh,
            form_words: Default::default(),
            should_quit: false,
            locate: super::report::locate,
            seen: ChangeToken::default(),
        };
        app.reload()?;
        // A calendar entered or changed since a deadline was set may put it on a day off: the
        // deadline is kept, and the clerk is told as the interface opens.
        let off = app.office.calendar.deadlines_on_days_off(
            app.ranked
                .iter()
                .filter(|r| r.key.status.is_open())
                .filter_map(|r| r.key.deadline.map(|d| (r.key.number, d))),
        );
        if !off.is_empty() {
            let count = off.len();
            app.notice = Some(Notice::DeadlinesOnDaysOff(
                off.into_iter().take(3).collect(),
                count,
            ));
        }
        Ok(app)
    }

    /// Reads every open item's ranking facts again (start-up, another clerk's commit).
    pub fn reload(&mut self) -> Result<()> {
        let keep = self.selected_key().map(|k| k.id);
        let had_search = self.ranked.first().is_some_and(|r| r.search.is_some());
        self.today = self.office.today();
        // The token before the reads: a commit made while they run is noticed on the next tick
        // (taken after, it would be taken as read).
        let seen = self.office.store.change_token()?;
        let mut keys = self.office.store.open_keys(self.today)?;
        if self.finished_loaded {
            keys.extend(self.office.store.finished_keys()?);
        }
        let mut ranked: Vec<Ranked> = keys.into_iter().map(|key| self.rank(key)).collect();
        sort_in_place(&mut ranked, Ranked::sort_key);
        self.ranked = ranked;
        self.departments = self.office.store.department_ids()?;
        self.rows.clear();
        if had_search || !self.filter.text.is_empty() {
            self.load_search()?;
        }
        self.seen = seen;
        self.after_change(keep)
    }

    fn rank(&self, key: ItemKey) -> Ranked {
        let reading = read_light(
            &key.light_facts(),
            self.today,
            &self.office.calendar,
            &self.office.rules,
        );
        let order = ListKey::new(reading.light, key.deadline, key.number);
        Ranked {
            order: if key.status.is_open() {
                order
            } else {
                order.finished()
            },
            key,
            reading,
            search: None,
        }
    }

    /// Reads the finished items into the list (once, on the first filter that can show them),
    /// after the open ones.
    pub fn load_finished(&mut self) -> Result<()> {
        if self.finished_loaded {
            return Ok(());
        }
        self.finished_loaded = true;
        let keep = self.selected_key().map(|k| k.id);
        let had_search = self.ranked.first().is_some_and(|r| r.search.is_some());
        let mut finished: Vec<Ranked> = self
            .office
            .store
            .finished_keys()?
            .into_iter()
            .map(|key| self.rank(key))
            .collect();
        finished.sort_unstable_by_key(Ranked::sort_key);
        self.ranked.retain(|r| r.key.status.is_open());
        self.ranked.extend(finished);
        if had_search {
            self.load_search()?;
        }
        self.after_change(keep)
    }

    /// Loads the filter text of every item in the list (once, on the first `/`).
    pub fn load_search(&mut self) -> Result<()> {
        let mut texts: HashMap<i64, String> =
            self.office.store.open_search_texts()?.into_iter().collect();
        if self.finished_loaded {
            texts.extend(self.office.store.finished_search_texts()?);
        }
        for r in &mut self.ranked {
            r.search = texts.get(&r.key.id).map(|s| s.clone().into_boxed_str());
        }
        Ok(())
    }

    /// Reads one item's ranking facts again after a change to it, and moves it to its place.
    pub fn refresh_item(&mut self, number: ItemNumber) -> Result<()> {
        self.refresh_items(&[number])
    }

    /// Reads the ranking facts of several changed items again (a bulk decision, an undo), then
    /// rebuilds what depends on the ranking once.
    pub fn refresh_items(&mut self, numbers: &[ItemNumber]) -> Result<()> {
        let keep = self.selected_key().map(|k| k.id);
        let seen = self.office.store.change_token()?;
        for &number in numbers {
            self.rerank(number)?;
        }
        self.seen = seen;
        self.after_change(keep)
    }

    /// Moves one item to its place in the ranking (out of it when no longer open, unless the
    /// finished items are listed too).
    fn rerank(&mut self, number: ItemNumber) -> Result<()> {
        let old = self.ranked.iter().position(|r| r.key.number == number);
        let search = old.and_then(|i| self.ranked.remove(i).search);
        let key = if self.finished_loaded {
            self.office.store.item_key(number)?
        } else {
            self.office.store.open_key(number)?
        };
        if let Some(key) = key {
            self.rows.remove(&key.id);
            let mut ranked = self.rank(key);
            ranked.search = match search {
                Some(s) => Some(s),
                None if self.ranked.first().is_some_and(|r| r.search.is_some()) => self
                    .office
                    .store
                    .search_text(key.id)?
                    .map(String::into_boxed_str),
                None => None,
            };
            let at = self
                .ranked
                .partition_point(|r| r.sort_key() < ranked.sort_key());
            self.ranked.insert(at, ranked);
        }
        Ok(())
    }

    /// Rebuilds what depends on the ranking: counts, the filtered view, the agenda, and the
    /// rows on screen; keeps the selection on the same item where it can.
    pub(super) fn after_change(&mut self, keep: Option<i64>) -> Result<()> {
        self.open_total = self.ranked.partition_point(|r| r.key.status.is_open());
        self.rebuild_view(keep);
        self.rebuild_agenda();
        self.prepare()
    }

    pub(super) fn rebuild_view(&mut self, keep: Option<i64>) {
        // Without a filter reaching them, the finished items (all after the open ones) are
        // not even looked at.
        let upto = if self.filter.reaches_finished() {
            self.ranked.len()
        } else {
            self.open_total
        };
        self.view = (0..upto)
            .filter(|&i| self.filter.matches(&self.ranked[i]))
            .collect();
        self.recount();
        self.reselect(keep);
    }

    /// Counts what the view shows: the lights of its open items, its suspended and its
    /// finished items.
    fn recount(&mut self) {
        self.counts = [0; 4];
        self.suspended = 0;
        self.reported_late = 0;
        self.finished_shown = 0;
        for &i in &self.view {
            let r = &self.ranked[i];
            if r.key.status.is_open() && r.reading.reported_late_working_days.is_some() {
                self.reported_late += 1;
            } else if r.key.status.is_open() {
                self.counts[light_index(r.light())] += 1;
                self.suspended += usize::from(r.key.status == Status::Suspended);
            } else {
                self.finished_shown += 1;
            }
        }
    }

    /// The view after the search text changed: the first match at the top, selected.
    pub(super) fn select_first_match(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Narrows the view after the filter text grew: only items already shown can still match.
    pub(super) fn narrow_view(&mut self) {
        let keep = self.selected_key().map(|k| k.id);
        let filter = &self.filter;
        let ranked = &self.ranked;
        self.view.retain(|&i| filter.matches(&ranked[i]));
        self.recount();
        self.reselect(keep);
    }

    fn reselect(&mut self, keep: Option<i64>) {
        if let Some(pos) =
            keep.and_then(|id| self.view.iter().position(|&i| self.ranked[i].key.id == id))
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
        self.scroll_to_selection();
    }

    pub(super) fn scroll_to_selection(&mut self) {
        let rows = items_visible_rows(self.size.1).max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(self.view.len().saturating_sub(1));
    }

    fn rebuild_agenda(&mut self) {
        let today = self.today;
        let week_end = today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let next_week_end = week_end + Days::new(7);
        let mut lines: Vec<AgendaLine> = Vec::new();
        let mut totals: HashMap<AgendaSection, usize> = HashMap::new();
        for r in &self.ranked[..self.open_total] {
            let k = &r.key;
            let mut add = |section, date| {
                let total = totals.entry(section).or_insert(0);
                *total += 1;
                if *total <= AGENDA_SECTION_LINES {
                    lines.push(AgendaLine {
                        section,
                        id: k.id,
                        number: k.number,
                        date,
                    });
                }
            };
            if let Some(deadline) = k.deadline.filter(|_| k.status.department_clock_runs()) {
                let section = if deadline < today {
                    Some(AgendaSection::Overdue)
                } else if deadline == today {
                    Some(AgendaSection::Today)
                } else if deadline <= week_end {
                    Some(AgendaSection::ThisWeek)
                } else if deadline <= next_week_end {
                    Some(AgendaSection::NextWeek)
                } else {
                    None
                };
                if let Some(s) = section {
                    add(s, deadline);
                }
            }
            if let Some(missed) = r.reading.feedback.last_missed {
                add(AgendaSection::FeedbackMissed, missed);
            }
            if let Some(due) = k
                .next_milestone_due
                .filter(|d| *d <= next_week_end && k.status.is_running())
            {
                add(AgendaSection::MilestoneDue, due);
            }
        }
        // Overdue items longest overdue first; the rest soonest first.
        lines.sort_by_key(|l| (l.section, l.date, l.number));
        self.agenda = lines;
        self.agenda_totals = totals;
        self.agenda_selected = self
            .agenda_selected
            .min(self.agenda.len().saturating_sub(1));
    }

    /// Fetches the rows the screen will show and the selected item in full. Called at the end
    /// of every update, so that drawing never queries.
    pub(super) fn prepare(&mut self) -> Result<()> {
        let rows = items_visible_rows(self.size.1);
        let mut wanted: Vec<i64> = self
            .view
            .iter()
            .skip(self.offset)
            .take(rows + 1)
            .map(|&i| self.ranked[i].key.id)
            .collect();
        wanted.extend(self.agenda.iter().map(|l| l.id));
        wanted.retain(|id| !self.rows.contains_key(id));
        wanted.sort_unstable();
        wanted.dedup();
        if !wanted.is_empty() {
            // Keep the cache to what is near the screen.
            if self.rows.len() > 4_000 {
                self.rows.clear();
            }
            for row in self.office.store.rows_by_id(&wanted)? {
                self.rows.insert(row.id, row);
            }
        }
        // In triage the panes and the card show the card's item as it is now, open or not (a
        // card revisited after its item was completed shows it completed); elsewhere the
        // selected item.
        let card = self
            .triage
            .as_ref()
            .and_then(|t| t.card())
            .map(|c| (c.id, c.number));
        let shown = self.detail.as_ref().map(|d| d.row.number);
        let (number, version) = match card {
            // A card not shown yet: its record is read whatever its version (one read, not two).
            Some((_, number)) if shown != Some(number) => (Some(number), None),
            Some((id, _)) => {
                let row = self.office.store.rows_by_id(&[id])?.pop();
                (row.as_ref().map(|r| r.number), row.map(|r| r.version))
            }
            None => (
                self.selected_key().map(|k| k.number),
                self.ranked_selected()
                    .and_then(|r| self.rows.get(&r.key.id))
                    .map(|r| r.version),
            ),
        };
        let current = self.detail.as_ref().map(|d| (d.row.number, d.row.version));
        match number {
            Some(n) => {
                if current.map(|c| c.0) != Some(n) || current.map(|c| c.1) != version {
                    // A card's item taken back since the queue was made (another clerk undid
                    // its registration) shows nothing.
                    self.detail = match self.office.store.item_detail(n) {
                        Ok(detail) => Some(detail),
                        Err(crate::error::Error::NoSuchItem(_)) if card.is_some() => None,
                        Err(e) => return Err(e),
                    };
                    if current.map(|c| c.0) != Some(n) {
                        self.feedback_scroll = 0;
                        self.notes_scroll = 0;
                        self.detail_scroll = 0;
                    }
                }
            }
            None => self.detail = None,
        }
        Ok(())
    }

    pub fn ranked_selected(&self) -> Option<&Ranked> {
        self.view.get(self.selected).map(|&i| &self.ranked[i])
    }

    pub fn selected_key(&self) -> Option<&ItemKey> {
        self.ranked_selected().map(|r| &r.key)
    }

    /// Whether another clerk committed since we last looked.
    pub(super) fn others_committed(&self) -> Result<bool> {
        Ok(self.office.store.change_token()? != self.seen)
    }

    /// The departments `D` offers: those that lead an item the list holds, in the order a
    /// Chinese reader expects (pinyin, [`crate::text::pinyin_key`]).
    pub fn lead_departments(&self) -> Vec<i64> {
        let leading: std::collections::HashSet<i64> =
            self.ranked.iter().map(|r| r.key.lead_dept_id).collect();
        let mut named: Vec<(Vec<u8>, i64)> = self
            .departments
            .iter()
            .filter(|(id, _)| leading.contains(id))
            .map(|(id, name)| (crate::text::pinyin_key(name), *id))
            .collect();
        named.sort();
        named.into_iter().map(|(_, id)| id).collect()
    }

    pub fn department_name(&self, id: i64) -> Option<&str> {
        self.departments
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, n)| n.as_str())
    }
}

pub fn light_index(light: WarningLight) -> usize {
    match light {
        WarningLight::Red => 0,
        WarningLight::Orange => 1,
        WarningLight::Yellow => 2,
        WarningLight::Green => 3,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Sorting in place gives the order a stable sort by place gives (ties kept in the
        /// order read, as the index breaks them).
        #[test]
        fn sorting_in_place_is_a_stable_sort_by_place(
            items in proptest::collection::vec((0u8..20, any::<u32>()), 0..300)
        ) {
            let mut sorted = items.clone();
            sorted.sort_by_key(|(place, _)| *place);
            let mut in_place = items;
            super::sort_in_place(&mut in_place, |(place, _)| *place);
            prop_assert_eq!(in_place, sorted);
        }
    }
}

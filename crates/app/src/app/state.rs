//! The state of the terminal interface: plain data that drawing reads and only
//! [`App::update`](super::App::update) changes.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::action::Pane;
use super::agenda::Agenda;
pub use super::agenda::{AGENDA_SECTION_LINES, AgendaLine, AgendaSection};
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
    /// Every open item and, once a filter has reached for them, the finished items, in no set
    /// order (as read): `view` and the list's order hold places in it. An item changed since
    /// keeps its place here and moves only in the order.
    pub ranked: Vec<Ranked>,
    /// The places in `ranked`, best first: red, orange, yellow, green, then by deadline; the
    /// finished items after the open ones, in the same order.
    order: Vec<usize>,
    /// Each item's place in `ranked`.
    places: Places,
    /// Whether `ranked` was put in the list's order (on the first filter: a filter's pass reads
    /// the items in that order, and reading them where they were read made a filter key at a
    /// million items 26 ms instead of 16).
    laid_out: bool,
    /// The open items in the deadlines pane's sections (`agenda` shows the first of each).
    sections: Agenda,
    /// Whether `ranked` holds the finished items too.
    pub finished_loaded: bool,
    /// Open items in all (the list's total).
    pub open_total: usize,
    /// Places in `ranked` that pass the filter, in the list's order.
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
            order: Vec::new(),
            places: Places::default(),
            laid_out: false,
            sections: Agenda::new(today, std::iter::empty()),
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
        // In the list's order: the notice names the first three.
        let off = app.office.calendar.deadlines_on_days_off(
            app.in_order()
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
        let keep = self.selected_key().map(|k| k.number);
        let had_search = self.search_loaded();
        self.today = self.office.today();
        // The token before the reads: a commit made while they run is noticed on the next tick
        // (taken after, it would be taken as read).
        let seen = self.office.store.change_token()?;
        let mut keys = self.office.store.open_keys(self.today)?;
        if self.finished_loaded {
            keys.extend(self.office.store.finished_keys()?);
        }
        let ranked: Vec<Ranked> = keys.into_iter().map(|key| self.rank(key)).collect();
        self.set_ranked(ranked);
        self.departments = self.office.store.department_ids()?;
        self.rows.clear();
        if had_search || !self.filter.text.is_empty() {
            self.load_search()?;
        }
        self.seen = seen;
        self.after_change(keep)
    }

    /// Puts a list read afresh in place: its order found by sorting the items' places (the
    /// items stay where they were read: moving each into its place was a tenth of the first
    /// screen at a million items), each item's place noted, the agenda's sections made.
    fn set_ranked(&mut self, ranked: Vec<Ranked>) {
        let mut keyed: Vec<(ListKey, usize)> = ranked
            .iter()
            .enumerate()
            .map(|(place, r)| (r.sort_key(), place))
            .collect();
        keyed.sort_unstable();
        self.order = keyed.into_iter().map(|(_, place)| place).collect();
        self.places = ranked
            .iter()
            .enumerate()
            .map(|(place, r)| (r.key.number, place))
            .collect();
        self.sections = Agenda::new(self.today, ranked.iter());
        self.ranked = ranked;
        self.laid_out = false;
    }

    /// Puts the items in the list's order in `ranked` itself, once (see `laid_out`).
    fn lay_out(&mut self) {
        if self.laid_out {
            return;
        }
        self.laid_out = true;
        sort_in_place(&mut self.ranked, Ranked::sort_key);
        self.order = (0..self.ranked.len()).collect();
        self.places = self
            .ranked
            .iter()
            .enumerate()
            .map(|(place, r)| (r.key.number, place))
            .collect();
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
    /// after the open ones: the open items, their places and the agenda stay as they are.
    pub fn load_finished(&mut self) -> Result<()> {
        if self.finished_loaded {
            return Ok(());
        }
        let keep = self.selected_key().map(|k| k.number);
        let had_search = self.search_loaded();
        let mut finished: Vec<Ranked> = self
            .office
            .store
            .finished_keys()?
            .into_iter()
            .map(|key| self.rank(key))
            .collect();
        sort_in_place(&mut finished, Ranked::sort_key);
        self.finished_loaded = true;
        // Every finished item's place in the list comes after every open one's.
        let first = self.ranked.len();
        self.order.extend(first..first + finished.len());
        self.places.extend(
            finished
                .iter()
                .enumerate()
                .map(|(k, r)| (r.key.number, first + k)),
        );
        self.ranked.extend(finished);
        if had_search {
            self.load_search()?;
        }
        self.after_change(keep)
    }

    /// The items in the list's order.
    pub fn in_order(&self) -> impl Iterator<Item = &Ranked> {
        self.order.iter().map(|&place| &self.ranked[place])
    }

    /// Whether the items' filter text has been read (on the first `/`).
    fn search_loaded(&self) -> bool {
        self.ranked.first().is_some_and(|r| r.search.is_some())
    }

    /// Loads the filter text of every item in the list (once, on the first `/`).
    pub fn load_search(&mut self) -> Result<()> {
        let mut texts = self.office.store.open_search_texts()?;
        if self.finished_loaded {
            texts.extend(self.office.store.finished_search_texts()?);
        }
        // Each text found by its item's id (a map of a million of them was a sixth of the first
        // `/`), and copied into the item in the list's order: a filter reads them in that order,
        // and at a million items texts scattered in memory made a key three times as slow.
        texts.sort_unstable_by_key(|(id, _)| *id);
        for k in 0..self.order.len() {
            let r = &mut self.ranked[self.order[k]];
            r.search = texts
                .binary_search_by_key(&r.key.id, |(id, _)| *id)
                .ok()
                .map(|at| Box::from(texts[at].1.as_str()));
        }
        Ok(())
    }

    /// Reads one item's ranking facts again after a change to it, and moves it to its place.
    pub fn refresh_item(&mut self, number: ItemNumber) -> Result<()> {
        self.refresh_items(&[number])
    }

    /// Reads the ranking facts of several changed items again (a bulk decision, an undo) and
    /// moves each to its place: in the list's order, the view, the counts and the agenda, the
    /// other items untouched (at a million items a pass over the open ones is tens of
    /// milliseconds, a key press should be one or two).
    pub fn refresh_items(&mut self, numbers: &[ItemNumber]) -> Result<()> {
        let keep = self.selected_key().map(|k| k.number);
        let seen = self.office.store.change_token()?;
        for &number in numbers {
            self.rerank(number)?;
        }
        self.seen = seen;
        self.open_total = self.count_open();
        self.show_agenda();
        self.reselect(keep);
        self.prepare()
    }

    /// Moves one item to its place (out of the list when no longer open, unless the finished
    /// items are listed too). Everything is read before anything moves: a failed read leaves
    /// the list as it was.
    fn rerank(&mut self, number: ItemNumber) -> Result<()> {
        let old = self.places.get(&number).copied();
        let key = if self.finished_loaded {
            self.office.store.item_key(number)?
        } else {
            self.office.store.open_key(number)?
        };
        let had = old.and_then(|place| self.ranked[place].search.clone());
        let search = match (&key, had) {
            (Some(_), Some(s)) => Some(s),
            (Some(key), None) if self.search_loaded() => self
                .office
                .store
                .search_text(key.id)?
                .map(String::into_boxed_str),
            _ => None,
        };
        if let Some(place) = old {
            self.unlist(place);
        }
        match (key, old) {
            (Some(key), old) => {
                self.rows.remove(&key.id);
                let mut ranked = self.rank(key);
                ranked.search = search;
                let place = match old {
                    Some(place) => {
                        self.ranked[place] = ranked;
                        place
                    }
                    None => {
                        self.ranked.push(ranked);
                        self.places.insert(number, self.ranked.len() - 1);
                        self.ranked.len() - 1
                    }
                };
                self.list(place);
            }
            (None, Some(place)) => self.forget(place),
            (None, None) => {}
        }
        Ok(())
    }

    /// Takes the item at `place` out of the list's order, the view (and its counts) and the
    /// agenda's sections, as it was.
    fn unlist(&mut self, place: usize) {
        if let Some(at) = locate(&self.order, &self.ranked, place) {
            self.order.remove(at);
        }
        if let Some(at) = locate(&self.view, &self.ranked, place) {
            self.view.remove(at);
            self.tally(place, false);
        }
        self.sections.remove(&self.ranked[place]);
    }

    /// Puts the item at `place` into the list's order, the view (when the filter shows it)
    /// and the agenda's sections, as it is now.
    fn list(&mut self, place: usize) {
        let key = self.ranked[place].sort_key();
        let ranked = &self.ranked;
        let at = self.order.partition_point(|&i| ranked[i].sort_key() < key);
        self.order.insert(at, place);
        if self.shows(&self.ranked[place]) {
            let at = self.view.partition_point(|&i| ranked[i].sort_key() < key);
            self.view.insert(at, place);
            self.tally(place, true);
        }
        self.sections.add(&self.ranked[place]);
    }

    /// Drops the item at `place`, already unlisted, from `ranked`: the last item takes its
    /// place, and the order and the view follow it there.
    fn forget(&mut self, place: usize) {
        let number = self.ranked[place].key.number;
        let last = self.ranked.len() - 1;
        if place != last {
            if let Some(at) = locate(&self.order, &self.ranked, last) {
                self.order[at] = place;
            }
            if let Some(at) = locate(&self.view, &self.ranked, last) {
                self.view[at] = place;
            }
            self.places.insert(self.ranked[last].key.number, place);
        }
        self.ranked.swap_remove(place);
        self.places.remove(&number);
    }

    /// Whether the filter shows this item.
    fn shows(&self, r: &Ranked) -> bool {
        (r.key.status.is_open() || self.filter.reaches_finished()) && self.filter.matches(r)
    }

    /// Open items in the list: they all come before the finished ones.
    fn count_open(&self) -> usize {
        self.order
            .partition_point(|&i| self.ranked[i].key.status.is_open())
    }

    /// Rebuilds what depends on the whole list: the counts, the filtered view, the agenda, and
    /// the rows on screen; keeps the selection on the same item where it can.
    pub(super) fn after_change(&mut self, keep: Option<ItemNumber>) -> Result<()> {
        self.open_total = self.count_open();
        self.rebuild_view(keep);
        self.show_agenda();
        self.prepare()
    }

    pub(super) fn rebuild_view(&mut self, keep: Option<ItemNumber>) {
        if self.filter.is_active() {
            self.lay_out();
        }
        // Without a filter reaching them, the finished items (all after the open ones) are
        // not even looked at.
        let upto = if self.filter.reaches_finished() {
            self.order.len()
        } else {
            self.open_total
        };
        let (ranked, filter) = (&self.ranked, &self.filter);
        self.view = self.order[..upto]
            .iter()
            .copied()
            .filter(|&i| filter.matches(&ranked[i]))
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
        for k in 0..self.view.len() {
            self.tally(self.view[k], true);
        }
    }

    /// Counts the item at `place` in (or, `add` false, out of) the view's counts.
    fn tally(&mut self, place: usize, add: bool) {
        let r = &self.ranked[place];
        let count = if r.key.status.is_open() && r.reading.reported_late_working_days.is_some() {
            &mut self.reported_late
        } else if r.key.status.is_open() {
            if r.key.status == Status::Suspended {
                bump(&mut self.suspended, add);
            }
            &mut self.counts[light_index(r.light())]
        } else {
            &mut self.finished_shown
        };
        bump(count, add);
    }

    /// The view after the search text changed: the first match at the top, selected.
    pub(super) fn select_first_match(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Narrows the view after the filter text grew: only items already shown can still match.
    pub(super) fn narrow_view(&mut self) {
        let keep = self.selected_key().map(|k| k.number);
        let filter = &self.filter;
        let ranked = &self.ranked;
        self.view.retain(|&i| filter.matches(&ranked[i]));
        self.recount();
        self.reselect(keep);
    }

    fn reselect(&mut self, keep: Option<ItemNumber>) {
        if let Some(pos) = keep.and_then(|n| self.position_in_view(n)) {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
        self.scroll_to_selection();
    }

    /// Where the view shows an item, if it does.
    pub(super) fn position_in_view(&self, number: ItemNumber) -> Option<usize> {
        let place = *self.places.get(&number)?;
        locate(&self.view, &self.ranked, place)
    }

    /// An item of the list by its number.
    pub fn ranked_by_number(&self, number: ItemNumber) -> Option<&Ranked> {
        self.places.get(&number).map(|&place| &self.ranked[place])
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

    /// The deadlines pane's lines from its sections, the selection kept within them.
    fn show_agenda(&mut self) {
        (self.agenda, self.agenda_totals) = self.sections.lines();
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

/// Each item's place in the list's store, by number.
type Places = HashMap<ItemNumber, usize, std::hash::BuildHasherDefault<NumberHasher>>;

/// Hashes an item number (two small integers) with a multiplication each (FxHash's): the
/// standard hasher, built to resist keys chosen by an attacker, took a twentieth of the first
/// screen at a million items, and the numbers are the office's own.
#[derive(Default)]
struct NumberHasher(u64);

impl std::hash::Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_i32(&mut self, n: i32) {
        self.write_u64(u64::from(n.cast_unsigned()));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Where `list` (places in `ranked`, in the list's order) holds `place`: found by the item's
/// place in the list, not by a pass over it.
fn locate(list: &[usize], ranked: &[Ranked], place: usize) -> Option<usize> {
    let key = ranked[place].sort_key();
    let start = list.partition_point(|&i| ranked[i].sort_key() < key);
    list[start..]
        .iter()
        .take_while(|&&i| ranked[i].sort_key() == key)
        .position(|&i| i == place)
        .map(|at| start + at)
}

fn bump(count: &mut usize, add: bool) {
    if add {
        *count += 1;
    } else {
        *count -= 1;
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

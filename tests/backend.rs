//! The application works against the store's interface, not against SQLite: here it runs
//! over a backend of the test's own (which passes every call on to a SQLite store and counts
//! them), as a second backend would be put behind the same traits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;

use chrono::NaiveDate;
use duban::Result;
use duban::app::state::Notice;
use duban::app::{Action, App, Office};
use duban::clock::Clock;
use duban::domain::history::Recorded;
use duban::domain::item::{FeedbackKind, ItemNumber};
use duban::domain::ladder::LadderSoFar;
use duban::domain::lifecycle::Status;
use duban::store::{
    Backend, ChangeToken, Ctx, ItemDetail, ItemKey, ItemRow, ListFilter, Logged, NewFeedback,
    Records, Store, WriteTx,
};

/// A backend that is not the SQLite one: every call goes through the traits.
struct Counted {
    inner: Store,
    writes: Cell<u32>,
    tokens: Cell<u32>,
}

impl Records for Counted {
    fn fold_items<S: Send>(
        &self,
        filter: &ListFilter,
        today: NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemRow) + Sync,
    ) -> Result<Vec<S>> {
        self.inner.fold_items(filter, today, init, each)
    }
    fn open_keys(&self, today: NaiveDate) -> Result<Vec<ItemKey>> {
        self.inner.open_keys(today)
    }
    fn open_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        self.inner.open_key(number)
    }
    fn finished_keys(&self) -> Result<Vec<ItemKey>> {
        self.inner.finished_keys()
    }
    fn item_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        self.inner.item_key(number)
    }
    fn finished_search_texts(&self) -> Result<Vec<(i64, String)>> {
        self.inner.finished_search_texts()
    }
    fn search_text(&self, id: i64) -> Result<Option<String>> {
        self.inner.search_text(id)
    }
    fn open_search_texts(&self) -> Result<Vec<(i64, String)>> {
        self.inner.open_search_texts()
    }
    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<ItemRow>> {
        self.inner.rows_by_id(ids)
    }
    fn ladders_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, LadderSoFar>> {
        self.inner.ladders_by_id(ids)
    }
    fn department_ids(&self) -> Result<Vec<(i64, String)>> {
        self.inner.department_ids()
    }
    fn departments(&self) -> Result<Vec<String>> {
        self.inner.departments()
    }
    fn item_detail(&self, number: ItemNumber) -> Result<ItemDetail> {
        self.inner.item_detail(number)
    }
    fn title_of(&self, number: ItemNumber) -> Result<Option<String>> {
        self.inner.title_of(number)
    }
    fn attachment_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        self.inner.attachment_file(sha256)
    }
    fn each_file(&self, each: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        self.inner.each_file(each)
    }
    fn item_count(&self) -> Result<i64> {
        self.inner.item_count()
    }
    fn status_counts(&self) -> Result<Vec<(Status, i64)>> {
        self.inner.status_counts()
    }
    fn decisions_on(&self, day: NaiveDate) -> Result<Vec<Logged>> {
        self.inner.decisions_on(day)
    }
    fn history(&self, number: ItemNumber) -> Result<Vec<Recorded>> {
        self.inner.history(number)
    }
    fn each_event(&self, each: impl FnMut(Recorded)) -> Result<()> {
        self.inner.each_event(each)
    }
    fn event_count(&self) -> Result<i64> {
        self.inner.event_count()
    }
    fn items_as_of(
        &self,
        from: NaiveDate,
        end: NaiveDate,
    ) -> Result<(
        Vec<duban::domain::history::ItemState>,
        HashMap<ItemNumber, NaiveDate>,
    )> {
        self.inner.items_as_of(from, end)
    }
    fn export(&self, sink: &mut dyn duban::store::exchange::ExportSink) -> Result<()> {
        self.inner.export(sink)
    }
}

impl Backend for Counted {
    fn write<T>(&mut self, ctx: &Ctx, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        self.writes.set(self.writes.get() + 1);
        self.inner.write(ctx, f)
    }
    fn import(
        &mut self,
        office: &duban::store::exchange::Office,
    ) -> Result<duban::store::exchange::Imported> {
        self.inner.import(office)
    }
    fn change_token(&self) -> Result<ChangeToken> {
        self.tokens.set(self.tokens.get() + 1);
        self.inner.change_token()
    }
    fn location(&self) -> Cow<'_, str> {
        self.inner.location()
    }
}

fn clock() -> Clock {
    Clock::Frozen(
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap(),
    )
}

fn register<S: Backend>(office: &mut Office<S>, title: &str) -> ItemNumber {
    let new = duban::app::input::ItemInput {
        title: title.into(),
        lead: "市审计局".into(),
        ..Default::default()
    }
    .check(office.today(), &office.calendar, &office.rules)
    .unwrap();
    office.write(|w| w.add_item(&new)).unwrap()
}

#[test]
fn the_app_runs_over_any_backend_reading_writing_and_noticing_others_through_the_traits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let counted = Counted {
        inner: Store::open(&path).unwrap(),
        writes: Cell::new(0),
        tokens: Cell::new(0),
    };
    let mut mine: Office<Counted> = Office::new(counted, clock(), "督查员".into());
    let n = register(&mut mine, "本机登记的事项");
    let fb = NewFeedback {
        text: "已召开专题会议".into(),
        percent: Some(30),
        reporter: "市审计局".into(),
        kind: FeedbackKind::Progress,
    };
    mine.write(|w| w.add_feedback(n, &fb, None)).unwrap();
    assert_eq!(mine.store.writes.get(), 2);
    assert_eq!(mine.list(&ListFilter::default()).unwrap().len(), 1);

    let mut app: App<Counted> = App::new(mine, (160, 48)).unwrap();
    assert_eq!(app.ranked.len(), 1);
    assert!(
        app.office.store.tokens.get() >= 1,
        "the app took a change token"
    );
    assert!(app.office.location().ends_with("office.db"));

    // Another clerk commits: the next tick notices it through the change token.
    let mut theirs = Office::new(Store::open(&path).unwrap(), clock(), "另一位".into());
    register(&mut theirs, "另一位督查员登记的事项");
    app.update(Action::Tick).unwrap();
    assert_eq!(app.ranked.len(), 2);
    assert_eq!(app.notice, Some(Notice::Refreshed));

    // The clerk's undo takes back the feedback, in a transaction of this backend.
    app.update(Action::Undo).unwrap();
    assert_eq!(app.notice, Some(Notice::Undone(vec![n])));
    assert_eq!(app.office.store.writes.get(), 3);
    assert!(app.office.store.item_detail(n).unwrap().feedback.is_empty());
    // A tick after one's own write reloads nothing.
    app.update(Action::Tick).unwrap();
    assert_eq!(app.notice, Some(Notice::Undone(vec![n])));
}

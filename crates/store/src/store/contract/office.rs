//! The office every case starts from: a fixed clerk and clock in November 2026 (weekends only,
//! the default rules), items registered the same way, and the store's whole state read back
//! through its own export, so that "nothing was written" is checked on everything a backend
//! holds and not on the rows a case happens to think of.

use chrono::{NaiveDate, NaiveDateTime};

use super::check::Broken;
use crate::domain::history::{EventCode, Recorded};
use crate::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use crate::domain::lifecycle::Move;
use crate::error::Result;
use crate::store::exchange::Office;
use crate::store::{Backend, Ctx, ItemDetail, NewFeedback, NewItem};

/// The clerk the cases act as.
pub const CLERK: &str = "督查员";

/// A day of 2026 (month, day); the cases only name real days.
pub fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap_or_default()
}

/// The cases' "today": Wednesday 25 November 2026.
pub fn today() -> NaiveDate {
    day(11, 25)
}

/// Ten in the morning of `on`.
pub fn morning(on: NaiveDate) -> NaiveDateTime {
    on.and_hms_opt(10, 0, 0).unwrap_or_default()
}

/// `actor` acting on `on`, with the default calendar and rules.
pub fn ctx_of(actor: &str, on: NaiveDate) -> Ctx {
    Ctx {
        actor: actor.into(),
        now: morning(on),
        today: on,
        ..Ctx::default()
    }
}

/// The clerk acting on `on`.
pub fn on(on: NaiveDate) -> Ctx {
    ctx_of(CLERK, on)
}

/// The clerk acting today.
pub fn clerk() -> Ctx {
    on(today())
}

/// An item as the register form makes it: a meeting's decision with a co-department, due on
/// `deadline`, registered on `registered`.
pub fn new_item(title: &str, lead: &str, deadline: NaiveDate, registered: NaiveDate) -> NewItem {
    NewItem {
        title: title.into(),
        requirement: format!("{title}的要求"),
        source_kind: SourceKind::Meeting,
        source_ref: "第6次常务会议".into(),
        instruction: None,
        leader: None,
        lead: lead.into(),
        co: vec!["财政局".into()],
        owner: "李明".into(),
        flags: Flags::default(),
        urgent: false,
        cadence: Cadence::Weekly,
        deadline: Some(deadline),
        no_deadline_reason: None,
        registered_on: registered,
        origin: None,
    }
}

/// Registers an item today, due 31 December, and leaves it registered.
pub fn registered<B: Backend>(store: &mut B, title: &str) -> Result<ItemNumber> {
    let new = new_item(title, "住建局", day(12, 31), today());
    store.write(&clerk(), |w| w.add_item(&new))
}

/// Registers an item on `registered`, due on `deadline`, assigns and starts it the same day.
pub fn running_from<B: Backend>(
    store: &mut B,
    title: &str,
    registered: NaiveDate,
    deadline: NaiveDate,
) -> Result<ItemNumber> {
    let new = new_item(title, "住建局", deadline, registered);
    store.write(&on(registered), |w| {
        let n = w.add_item(&new)?;
        w.apply_move(n, Move::Assign, None, None)?;
        w.apply_move(n, Move::Start, None, None)?;
        Ok(n)
    })
}

/// An item in progress since 2 November, due 31 December.
pub fn running<B: Backend>(store: &mut B, title: &str) -> Result<ItemNumber> {
    running_from(store, title, day(11, 2), day(12, 31))
}

/// A progress feedback of `percent`.
pub fn progress(percent: u8) -> NewFeedback {
    NewFeedback {
        text: format!("已完成{percent}%"),
        percent: Some(percent),
        reporter: "张三".into(),
        kind: FeedbackKind::Progress,
    }
}

/// Everything the store holds, as its export hands it over.
#[derive(Debug, Default, PartialEq)]
pub struct Snapshot {
    pub office: Office,
    pub events: i64,
    pub items: i64,
}

pub use crate::store::exchange::exported;

/// The store's whole state, with its counts.
pub fn snapshot<B: Backend>(store: &B) -> Result<Snapshot> {
    Ok(Snapshot {
        office: exported(store)?,
        events: store.event_count()?,
        items: store.item_count()?,
    })
}

/// Fails unless the store holds exactly what `before` saw: a refusal wrote nothing.
pub fn unchanged<B: Backend>(store: &B, before: &Snapshot, what: &str) -> Result<(), Broken> {
    let after = snapshot(store)?;
    ensure_eq!(after.events, before.events, "{what}: the number of events");
    ensure_eq!(after.items, before.items, "{what}: the number of items");
    ensure_eq!(
        after.office.departments,
        before.office.departments,
        "{what}: the departments"
    );
    ensure_eq!(after.office.items, before.office.items, "{what}: the items");
    ensure_eq!(
        after.office.events,
        before.office.events,
        "{what}: the events"
    );
    Ok(())
}

/// The events of the item's history after the first `known` of them.
pub fn events_after<B: Backend>(
    store: &B,
    number: ItemNumber,
    known: usize,
) -> Result<Vec<Recorded>> {
    Ok(store.history(number)?.into_iter().skip(known).collect())
}

/// The item as a clerk reads it, with what only ever rises (its version) and what only ever
/// grows (its history) left out: what undo gives back and redo does again.
pub fn as_shown(mut detail: ItemDetail) -> ItemDetail {
    detail.row.version = 0;
    detail.events.clear();
    detail
}

/// The one event a change appended to the item's history (whose first `known` events were
/// there before), after checking that the store as a whole holds one event more than `total`.
pub fn one_new_event<B: Backend>(
    store: &B,
    number: ItemNumber,
    known: usize,
    total: i64,
    code: EventCode,
) -> Result<Recorded, Broken> {
    ensure_eq!(
        store.event_count()?,
        total + 1,
        "{code:?}: the store's events"
    );
    let mut new = events_after(store, number, known)?;
    ensure_eq!(
        new.iter().map(|e| e.kind.code()).collect::<Vec<_>>(),
        vec![code],
        "the events the change appended to {number}'s history"
    );
    new.pop()
        .ok_or_else(|| Broken::new(format!("{code:?}: no event appended")))
}

/// Where an item's history and the store's event count stand before a change.
pub fn before<B: Backend>(store: &B, number: ItemNumber) -> Result<(usize, i64), Broken> {
    Ok((store.history(number)?.len(), store.event_count()?))
}

/// The version an event says its item has after it.
pub fn version_of(e: &Recorded) -> Option<i64> {
    e.kind.item_change().map(|c| c.version)
}

/// Every event of the store, in the order handed over.
pub fn all_events<B: Backend>(store: &B) -> Result<Vec<Recorded>, Broken> {
    let mut events = Vec::new();
    store.each_event(|e| events.push(e))?;
    Ok(events)
}

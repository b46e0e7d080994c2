//! `duban audit`: proof that the record was not altered. The chain is walked again from the
//! first event (each hash recomputed from the previous one and the event's stored bytes), then
//! the whole history is replayed and every item's row and records compared with what its events
//! say ([`super::agreement`]). Written once above the store's interface, for every backend.

use std::collections::HashMap;

use crate::domain::history::chain::{self, Hash};
use crate::domain::history::{Recorded, Replayed};
use crate::domain::item::ItemNumber;
use crate::error::Result;

use super::exchange::ExportSink;
use super::{ChainOrigin, ItemDetail, Records, event_codec};

/// An event where the chain breaks, as the clerk is told it: when, which item, what kind, who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenEvent {
    pub id: i64,
    pub at: String,
    pub item: Option<ItemNumber>,
    pub kind: String,
    pub actor: String,
    pub why: Broken,
}

/// Why the chain breaks at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    /// Its stored hash is not the one its bytes and the previous hash give: it (or one before
    /// it) was changed, or one before it removed.
    Mismatch,
    /// It has no link in the chain: it was added behind the store's back.
    NoLink,
    /// Its bytes do not decode as its kind.
    Undecodable,
    /// The chain holds its link but the event is gone: it was removed.
    Removed,
}

/// An item whose stored row or records say what its events do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreeing {
    pub number: ItemNumber,
    /// Each field or record that differs (`status`, `feedback 347 text`, …).
    pub what: Vec<String>,
}

/// What the audit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// How many events were walked.
    pub events: i64,
    /// The head the chain gives (the last event's hash, recomputed).
    pub head: Hash,
    /// When the last event was recorded.
    pub last_at: Option<String>,
    /// The first event where the chain breaks, if any.
    pub broken: Option<BrokenEvent>,
    /// Items whose rows disagree with their events; items with no event that registers them
    /// are listed with `what` = `["no event registers it"]`.
    pub disagreeing: Vec<Disagreeing>,
    /// How many items were compared.
    pub items: usize,
    /// Where the chain was computed for events already there (a migration, an import).
    pub origins: Vec<ChainOrigin>,
    /// With a head to prove: the event that has it (its id and time), when the chain holds up
    /// to it.
    pub head_found: Option<(i64, String)>,
}

impl Audit {
    /// Whether nothing was found.
    pub fn clean(&self) -> bool {
        self.broken.is_none() && self.disagreeing.is_empty()
    }

    /// The first event of the chain as it was written: the ones before were chained later (by
    /// the last migration or import); 1 when the whole history was chained as written.
    pub fn original_from(&self) -> i64 {
        self.origins.last().map_or(1, |o| o.first_event)
    }
}

/// The chain's head as the store holds it: the last event's stored hash, the number of events
/// and when the last was recorded. Read without walking the chain (`audit head`).
pub fn head<R: Records + ?Sized>(store: &R) -> Result<(Option<String>, i64, Option<String>)> {
    store.chain_head(None)
}

/// The head a paper of a period read as of `as_of` prints: that of the events dated on or
/// before it, so that the paper printed again later is the same.
pub fn head_as_of<R: Records + ?Sized>(
    store: &R,
    as_of: chrono::NaiveDate,
) -> Result<(Option<String>, i64, Option<String>)> {
    store.chain_head(Some(as_of))
}

/// [`head_as_of`] as a paper prints it (none for a store that keeps no chain).
pub fn paper_head<R: Records + ?Sized>(
    store: &R,
    as_of: chrono::NaiveDate,
) -> Result<Option<crate::report::render::RecordHead>> {
    let (hash, events, _) = head_as_of(store, as_of)?;
    Ok(hash.map(|hash| crate::report::render::RecordHead { hash, events }))
}

/// Walks the chain and replays the history against the rows; with `prove`, also says whether
/// that head is the hash of an event the intact chain reaches.
pub fn verify<R: Records + ?Sized>(store: &R, prove: Option<Hash>) -> Result<Audit> {
    let mut prev = chain::GENESIS;
    let mut count = 0_i64;
    let mut last_at = None;
    let mut broken: Option<BrokenEvent> = None;
    let mut head_found = None;
    let mut replayed = Replayed::default();
    let mut registered: HashMap<i64, ItemNumber> = HashMap::new();
    store.each_chained(&mut |e| {
        if e.removed {
            if broken.is_none() {
                broken = Some(BrokenEvent {
                    id: e.id,
                    at: String::new(),
                    item: None,
                    kind: String::new(),
                    actor: String::new(),
                    why: Broken::Removed,
                });
            }
            if let Some(h) = e.hash.as_deref().and_then(chain::parse_hex) {
                prev = h;
            }
            return;
        }
        count += 1;
        let decoded = event_codec::decode(e.id, &e.kind, &e.data);
        let number = decoded.as_ref().ok().and_then(|k| k.number());
        if let (Some(item), Some(n)) = (e.item_id, number) {
            registered.entry(item).or_insert(n);
        }
        let expected = chain::next(
            &prev,
            &chain::Linked {
                batch: e.batch,
                at: &e.at,
                on_date: &e.on_date,
                actor: &e.actor,
                item_id: e.item_id,
                kind: &e.kind,
                data: &e.data,
            },
        );
        if broken.is_none() {
            let why = match (&e.hash, &decoded) {
                (None, _) => Some(Broken::NoLink),
                (Some(h), _) if chain::parse_hex(h) != Some(expected) => Some(Broken::Mismatch),
                (_, Err(_)) => Some(Broken::Undecodable),
                _ => None,
            };
            if let Some(why) = why {
                broken = Some(BrokenEvent {
                    id: e.id,
                    at: e.at.clone(),
                    item: number,
                    kind: e.kind.clone(),
                    actor: e.actor.clone(),
                    why,
                });
            } else if prove == Some(expected) && head_found.is_none() {
                head_found = Some((e.id, e.at.clone()));
            }
        }
        // The chain goes on from the stored hash, so that one changed event is named once and
        // the events after it are judged on their own.
        prev = e
            .hash
            .as_deref()
            .and_then(chain::parse_hex)
            .unwrap_or(expected);
        let on_date = chrono::NaiveDate::parse_from_str(&e.on_date, "%Y-%m-%d").ok();
        if let (Ok(kind), Some(on_date)) = (decoded, on_date) {
            replayed.apply(&Recorded {
                id: e.id,
                on_date,
                kind,
            });
        }
        last_at = Some(e.at);
    })?;
    if prove == Some(chain::GENESIS) && broken.is_none() {
        head_found = Some((0, String::new()));
    }
    let mut compare = Compare {
        replayed: &replayed,
        disagreeing: Vec::new(),
        items: 0,
    };
    store.export(&mut compare)?;
    let (disagreeing, items) = (compare.disagreeing, compare.items);
    Ok(Audit {
        events: count,
        head: prev,
        last_at,
        broken,
        disagreeing,
        items,
        origins: store.chain_origins()?,
        head_found,
    })
}

/// Compares each item the store hands over with its replayed state.
struct Compare<'a> {
    replayed: &'a Replayed,
    disagreeing: Vec<Disagreeing>,
    items: usize,
}

impl ExportSink for Compare<'_> {
    fn departments(&mut self, _: &[super::exchange::Department]) -> Result<()> {
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        self.items += 1;
        let number = item.row.number;
        let what = match self.replayed.items.get(&number) {
            None => vec!["no event registers it".to_string()],
            Some(state) => super::agreement::disagreements(state, item),
        };
        if !what.is_empty() {
            self.disagreeing.push(Disagreeing { number, what });
        }
        Ok(())
    }

    fn event(&mut self, _: &super::exchange::StoredEvent) -> Result<()> {
        Ok(())
    }
}

//! `duban audit`: proof that the record was not altered. The chain is walked again from the
//! first event (each hash recomputed from the previous one and the event's stored bytes), then
//! the whole history is replayed and every item's row and records compared with what its events
//! say ([`super::agreement`]). Written once above the store's interface, for every backend.

use crate::domain::history::chain::{self, Hash};
use crate::domain::history::{Recorded, Replayed};
use crate::domain::item::ItemNumber;
use crate::error::Result;

mod room;

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
    /// The files kept with items whose bytes no longer hash to their address (altered behind
    /// duban's back), by address; and how many files were hashed.
    pub altered_files: Vec<String>,
    pub files: usize,
    /// Where the chain was computed for events already there (a migration, an import).
    pub origins: Vec<ChainOrigin>,
    /// With a head to prove: the event that has it (its id and time), when the chain holds up
    /// to it.
    pub head_found: Option<(i64, String)>,
}

impl Audit {
    /// Whether nothing was found.
    pub fn clean(&self) -> bool {
        self.broken.is_none() && self.disagreeing.is_empty() && self.altered_files.is_empty()
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
///
/// The walk and the replay run side by side on two threads: this one reads each event and
/// hashes it, the other decodes and replays what this one hands it in batches (decoding is
/// the larger half; together they were nearly all of the audit's time on the 100,000-item
/// sample office). Each side finds the first event it judges broken, and the earlier of the
/// two is the one named, as one walk judging both would. Then the items' rows and records are
/// read and compared with the replay as they come, half of them on each of two threads
/// ([`Records::fold_stored_items`]): on one, they were a fifth of the audit's time.
pub fn verify<R: Records>(store: &R, prove: Option<Hash>) -> Result<Audit> {
    let (walked, (replayed, undecodable)) = walk_and_replay(store, prove)?;
    let Walked {
        prev,
        count,
        last_at,
        broken,
        mut head_found,
    } = walked;
    // An undecodable event before the first the walk found broken is the first broken (on the
    // same event, the walk's reason is told first), and no head from it on is proved.
    let broken = match (broken, undecodable) {
        (Some(b), Some(u)) if u.id < b.id => Some(u),
        (b, u) => b.or(u),
    };
    if head_found
        .as_ref()
        .zip(broken.as_ref())
        .is_some_and(|((at, _), b)| b.why == Broken::Undecodable && b.id <= *at)
    {
        head_found = None;
    }
    if prove == Some(chain::GENESIS) && broken.is_none() {
        head_found = Some((0, String::new()));
    }
    let compared = store.fold_stored_items(Compared::default, |c, item| {
        c.add(&replayed, &item);
    })?;
    // Half a million small blocks to free (the replayed items with their records): half a
    // second on this thread, for nothing the clerk waits on. (Should no thread start, they are
    // freed here.)
    let _ = std::thread::Builder::new().spawn(move || drop(replayed));
    let items = compared.iter().map(|c| c.items).sum();
    // In the order of the items' ids, whichever reader read them.
    let mut disagreeing: Vec<(i64, Disagreeing)> =
        compared.into_iter().flat_map(|c| c.disagreeing).collect();
    disagreeing.sort_by_key(|(id, _)| *id);
    let disagreeing = disagreeing.into_iter().map(|(_, d)| d).collect();
    let (mut altered_files, mut files) = (Vec::new(), 0);
    store.each_file(&mut |sha256, bytes| {
        files += 1;
        if crate::domain::attachment::address(bytes) != sha256 {
            altered_files.push(sha256.to_string());
        }
        Ok(())
    })?;
    Ok(Audit {
        events: count,
        head: prev,
        last_at,
        broken,
        disagreeing,
        items,
        altered_files,
        files,
        origins: store.chain_origins()?,
        head_found,
    })
}

/// The walk on this thread, and the replay of what it reads on another.
fn walk_and_replay<R: Records>(
    store: &R,
    prove: Option<Hash>,
) -> Result<(Walked, (Replayed, Option<BrokenEvent>))> {
    std::thread::scope(|scope| {
        let (send, batches) = std::sync::mpsc::sync_channel::<Batch>(4);
        // Batches the replay is done with come back to be filled again: their buffers keep
        // their room (a new batch's text grew by doubling, each time copied).
        let (spare, spares) = std::sync::mpsc::channel::<Batch>();
        let replaying = scope.spawn(move || replay(batches, spare));
        let walked = walk(store, prove, send, spares);
        // The replay cannot panic on its own; if it did, the panic goes on here.
        let replayed = replaying
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        walked.map(|w| (w, replayed))
    })
}

/// What comparing some of the stored items with their replayed state found.
#[derive(Default)]
struct Compared {
    /// The items whose row or records say what their events do not, with their ids; items no
    /// event registers are named so.
    disagreeing: Vec<(i64, Disagreeing)>,
    /// How many items were compared.
    items: usize,
}

impl Compared {
    fn add(&mut self, replayed: &Replayed, item: &ItemDetail) {
        self.items += 1;
        let number = item.row.number;
        let what = match replayed.items.get(&number) {
            None => vec!["no event registers it".to_string()],
            Some(state) => super::agreement::disagreements(state, item),
        };
        if !what.is_empty() {
            self.disagreeing
                .push((item.row.id, Disagreeing { number, what }));
        }
    }
}

/// What walking the chain found, before the replay's findings are added.
struct Walked {
    /// The last hash.
    prev: Hash,
    count: i64,
    last_at: Option<String>,
    /// The first event whose link is missing or wrong, or whose event is gone.
    broken: Option<BrokenEvent>,
    /// The first event before `broken` whose hash is the head to prove.
    head_found: Option<(i64, String)>,
}

/// Walks the chain: each event's hash recomputed and compared with its link, and each event
/// handed on through `replay` to be decoded and replayed.
fn walk<R: Records + ?Sized>(
    store: &R,
    prove: Option<Hash>,
    replay: std::sync::mpsc::SyncSender<Batch>,
    spares: std::sync::mpsc::Receiver<Batch>,
) -> Result<Walked> {
    let mut prev = chain::GENESIS;
    let mut count = 0_i64;
    // The last event's time, copied into one buffer as the walk goes (the event's text is
    // borrowed from the row and gone once the next is read).
    let mut last_at = String::new();
    let mut broken: Option<BrokenEvent> = None;
    let mut head_found = None;
    let mut batch = Batch::default();
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
            if let Some(h) = e.hash.and_then(chain::parse_hex) {
                prev = h;
            }
            return;
        }
        count += 1;
        let expected = chain::next(
            &prev,
            &chain::Linked {
                batch: e.batch,
                at: e.at,
                on_date: e.on_date,
                actor: e.actor,
                item_id: e.item_id,
                kind: e.kind,
                data: e.data,
            },
        );
        // The stored link, read as a hash (compared first with the one expected as digits).
        let stored = match e.hash {
            Some(h) if chain::is_hex_of(h, &expected) => Some(expected),
            h => h.and_then(chain::parse_hex),
        };
        if broken.is_none() {
            let why = match e.hash {
                None => Some(Broken::NoLink),
                Some(_) if stored != Some(expected) => Some(Broken::Mismatch),
                _ => None,
            };
            if let Some(why) = why {
                broken = Some(BrokenEvent {
                    id: e.id,
                    at: e.at.to_string(),
                    item: event_codec::decode(e.id, e.kind, e.data)
                        .ok()
                        .and_then(|k| k.number()),
                    kind: e.kind.to_string(),
                    actor: e.actor.to_string(),
                    why,
                });
            } else if prove == Some(expected) && head_found.is_none() {
                head_found = Some((e.id, e.at.to_string()));
            }
        }
        // The chain goes on from the stored hash, so that one changed event is named once and
        // the events after it are judged on their own.
        prev = stored.unwrap_or(expected);
        batch.push(&e);
        if batch.events.len() == Batch::EVENTS {
            let spare = spares.try_recv().unwrap_or_default();
            hand_over(&replay, std::mem::replace(&mut batch, spare));
        }
        last_at.clear();
        last_at.push_str(e.at);
    })?;
    hand_over(&replay, batch);
    Ok(Walked {
        prev,
        count,
        last_at: (count > 0).then_some(last_at),
        broken,
        head_found,
    })
}

/// Hands a full batch to the replay. When the replay is behind (its queue is full), the batch
/// is decoded here first rather than waited with: decoding is most of the replay's work, and
/// this thread would otherwise idle while the other decodes.
fn hand_over(replay: &std::sync::mpsc::SyncSender<Batch>, batch: Batch) {
    use std::sync::mpsc::TrySendError;
    if let Err(TrySendError::Full(mut batch)) = replay.try_send(batch) {
        batch.decode();
        // A replay that stopped has panicked; the panic is told when it is joined.
        let _ = replay.send(batch);
    }
}

/// Events on their way from the walk to the replay: their text copied out of the rows into one
/// buffer (the rows' own text is gone once the next row is read), a few thousand at a time;
/// decoded already when the walk had the time ([`hand_over`]).
#[derive(Default)]
struct Batch {
    text: String,
    /// Each event's id and where its time, day, actor, kind and payload are in `text`.
    events: Vec<(i64, [std::ops::Range<usize>; 5])>,
    /// Each event decoded, in the order of `events`; empty when the batch is not decoded yet.
    decoded: Vec<Decoded>,
}

/// What an event decodes to.
enum Decoded {
    /// The event, to be replayed.
    Event(Recorded),
    /// Its day is no day: it is not replayed.
    NoDay,
    /// It does not decode as its kind.
    Undecodable,
}

impl Batch {
    /// How many events go in one batch.
    const EVENTS: usize = 4096;

    fn push(&mut self, e: &super::Chained<'_>) {
        let text = &mut self.text;
        let mut part = |s: &str| {
            let start = text.len();
            text.push_str(s);
            start..text.len()
        };
        let parts = [
            part(e.at),
            part(e.on_date),
            part(e.actor),
            part(e.kind),
            part(e.data),
        ];
        self.events.push((e.id, parts));
    }

    /// Decodes every event of the batch.
    fn decode(&mut self) {
        self.decoded = (0..self.events.len()).map(|i| self.decode_one(i)).collect();
    }

    /// Decodes the `i`th event.
    fn decode_one(&self, i: usize) -> Decoded {
        let Some((id, parts)) = self.events.get(i) else {
            return Decoded::NoDay;
        };
        let [_, on_date, _, kind, data] = parts.clone().map(|r| &self.text[r]);
        match event_codec::decode(*id, kind, data) {
            Ok(decoded) => {
                // The stored day, read by its digits as written; anything else as chrono
                // reads it.
                let on_date = super::dates::parse_day_bytes(on_date.as_bytes())
                    .or_else(|| chrono::NaiveDate::parse_from_str(on_date, "%Y-%m-%d").ok());
                match on_date {
                    Some(on_date) => Decoded::Event(Recorded {
                        id: *id,
                        on_date,
                        kind: decoded,
                    }),
                    None => Decoded::NoDay,
                }
            }
            Err(_) => Decoded::Undecodable,
        }
    }

    /// The `i`th event as the clerk is told it when it does not decode.
    fn undecodable(&self, i: usize) -> Option<BrokenEvent> {
        let (id, parts) = self.events.get(i)?;
        let [at, _, actor, kind, _] = parts.clone().map(|r| &self.text[r]);
        Some(BrokenEvent {
            id: *id,
            at: at.to_string(),
            item: None,
            kind: kind.to_string(),
            actor: actor.to_string(),
            why: Broken::Undecodable,
        })
    }

    /// Empty, its buffers keeping their room.
    fn clear(&mut self) {
        self.text.clear();
        self.events.clear();
        self.decoded.clear();
    }
}

/// Decodes (unless the walk did) and replays the events as they come, handing each batch back
/// through `spare` once done with; also gives the first event that does not decode as its
/// kind.
fn replay(
    batches: std::sync::mpsc::Receiver<Batch>,
    spare: std::sync::mpsc::Sender<Batch>,
) -> (Replayed, Option<BrokenEvent>) {
    let mut replayed = Replayed::default();
    let mut undecodable = None;
    room::prepare();
    for mut batch in batches {
        room::make();
        let decoded = std::mem::take(&mut batch.decoded);
        let mut decoded = decoded.into_iter();
        for i in 0..batch.events.len() {
            let step = decoded.next().unwrap_or_else(|| batch.decode_one(i));
            match step {
                Decoded::Event(e) => replayed.apply_owned(e),
                Decoded::NoDay => {}
                Decoded::Undecodable if undecodable.is_none() => {
                    undecodable = batch.undecodable(i);
                }
                Decoded::Undecodable => {}
            }
        }
        batch.clear();
        // The walk may be done and gone: the batch is then simply dropped.
        let _ = spare.send(batch);
    }
    (replayed, undecodable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch of departments created, the 3rd and 5th events' payloads not decoding.
    fn batch() -> Batch {
        let mut batch = Batch::default();
        for id in 1..=6 {
            let data = if id == 3 || id == 5 {
                "{\"id\":".to_string()
            } else {
                format!("{{\"id\":{id},\"name\":\"部门{id}\"}}")
            };
            batch.push(&crate::store::Chained {
                id,
                batch: 1,
                at: "2026-12-07T09:00:00",
                on_date: "2026-12-07",
                actor: "督查员",
                item_id: None,
                kind: "department_created",
                data: &data,
                hash: None,
                removed: false,
            });
        }
        batch
    }

    fn replayed(batch: Batch) -> Option<BrokenEvent> {
        let (send, batches) = std::sync::mpsc::sync_channel(1);
        let (spare, _spares) = std::sync::mpsc::channel();
        send.send(batch).unwrap();
        drop(send);
        replay(batches, spare).1
    }

    #[test]
    fn a_batch_the_walk_decoded_replays_as_one_it_did_not() {
        let mut decoded = batch();
        decoded.decode();
        assert_eq!(decoded.decoded.len(), 6);
        let first = replayed(batch()).unwrap();
        assert_eq!(
            (
                first.id,
                first.at.as_str(),
                first.kind.as_str(),
                first.actor.as_str()
            ),
            (3, "2026-12-07T09:00:00", "department_created", "督查员")
        );
        assert_eq!(first.why, Broken::Undecodable);
        assert_eq!(replayed(decoded), Some(first));
    }
}

//! The sample office: a seeded, realistic history of items replayed through the same writes a
//! clerk makes, so every record has its events and every status, light, cadence, source kind
//! and ladder level is represented.
//!
//! The history is the office's past: every event of it is dated on a working day before today
//! and recorded as [`SAMPLE_ACTOR`], so that the clerk's day (the triage log of today) starts
//! empty. Each item's story is planned first ([`plan`]) and then written in time order.

mod plan;
mod story;
mod words;

use chrono::{NaiveDate, NaiveTime};

use crate::domain::WorkCalendar;
use crate::domain::rules::Rules;
use crate::error::Result;
use crate::store::WriteTx;

pub use words::{department_of_title, owners_of};

use plan::{Plan, Step, Timeline};
use words::Words;

/// Who the sample office's history is recorded as.
pub const SAMPLE_ACTOR: &str = "示例办公室";

/// SplitMix64: small, seeded, good enough for sample data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, list: &'a [String]) -> &'a str {
        list.get(self.below(list.len() as u64) as usize)
            .map_or("", String::as_str)
    }
}

/// What a demo run made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub items: u64,
}

/// The sample office asked for: how many items, from which seed, ending before `today`.
pub struct Sample<'a> {
    pub count: u64,
    pub seed: u64,
    pub today: NaiveDate,
    pub calendar: &'a WorkCalendar,
    pub rules: &'a Rules,
}

/// Every how many items the store is told the items written so far are complete
/// ([`WriteTx::settle`]): what it keeps of them is computed then, not all at the commit.
const SETTLE_EVERY: u64 = 1_000;

/// Replays the sample items inside the caller's transaction, telling `progress` how many are
/// written so far.
///
/// Items are registered in the order of their registration days, so that numbers rise with
/// time as in a real office; each item's story is planned from the generator's state before
/// it. The plans are not all held at once (a million took gigabytes): a first pass runs the
/// generator through every plan, keeping only each one's starting state and registration day;
/// the second plans each item again from its state, in date order, and writes it. The office
/// is the same as planning them all first.
pub fn fill(
    w: &mut dyn WriteTx,
    sample: &Sample<'_>,
    progress: &mut dyn FnMut(u64),
) -> Result<DemoSummary> {
    let words = Words::load();
    if words.departments.is_empty() {
        return Ok(DemoSummary { items: 0 });
    }
    let clerk = w.actor().to_string();
    w.set_actor(SAMPLE_ACTOR);
    let mut rng = Rng(sample.seed ^ 0x6475_6261_6E00_0000);
    let days = Timeline::new(sample.calendar, sample.rules, sample.today);
    // Each item's registration day, its index and the generator's state before its plan.
    let mut starts: Vec<(NaiveDate, u64, u64)> =
        Vec::with_capacity(usize::try_from(sample.count.min(1 << 24)).unwrap_or_default());
    for i in 0..sample.count {
        let state = rng.0;
        let p = plan::plan(i, &mut rng, &words, &days);
        starts.push((p.item.registered_on, i, state));
    }
    // Stable in the day, as the index breaks ties.
    starts.sort_unstable_by_key(|(day, i, _)| (*day, *i));
    for (done, (_, i, state)) in (1..).zip(starts) {
        let p = plan::plan(i, &mut Rng(state), &words, &days);
        write(w, &p, done - 1)?;
        if done % SETTLE_EVERY == 0 {
            w.settle()?;
            progress(done);
        }
    }
    progress(sample.count);
    w.set_clock(sample.today, sample.today.and_time(NaiveTime::MIN));
    w.set_actor(&clerk);
    Ok(DemoSummary {
        items: sample.count,
    })
}

/// The time of day of an item's next step: the first of a day between 08:30 and 10:00, the
/// next ones later the same day.
struct Stamp {
    day: Option<NaiveDate>,
    minute: u32,
}

impl Stamp {
    fn at(&mut self, w: &mut dyn WriteTx, day: NaiveDate, seed: u64) {
        if self.day == Some(day) {
            self.minute = (self.minute + 7 + (seed % 13) as u32).min(17 * 60 + 50);
        } else {
            self.day = Some(day);
            self.minute = 8 * 60 + 30 + (seed % 90) as u32;
        }
        let time = NaiveTime::from_hms_opt(self.minute / 60, self.minute % 60, 0)
            .unwrap_or(NaiveTime::MIN);
        w.set_clock(day, day.and_time(time));
    }
}

/// Writes one planned item and its history.
fn write(w: &mut dyn WriteTx, p: &Plan, index: u64) -> Result<()> {
    let mut stamp = Stamp {
        day: None,
        minute: 0,
    };
    stamp.at(w, p.item.registered_on, index.wrapping_mul(31));
    let number = w.add_item(&p.item)?;
    // An extension planned for an item whose clock started late (assigned after a holiday) may
    // ask for no more than the deadline it already has: the department then asks nothing, and
    // there is nothing to decide.
    let mut asked_nothing = false;
    for (k, (day, step)) in p.steps.iter().enumerate() {
        stamp.at(w, *day, index.wrapping_add(k as u64));
        match step {
            Step::Assign => {
                w.apply_move(number, crate::domain::lifecycle::Move::Assign, None, None)?;
            }
            Step::Start => {
                w.apply_move(number, crate::domain::lifecycle::Move::Start, None, None)?;
            }
            Step::Milestone { title, due } => {
                w.add_milestone(number, title, *due)?;
            }
            Step::MilestoneDone(no) => w.complete_milestone(number, *no)?,
            Step::Feedback(fb) => {
                w.add_feedback(number, fb, None)?;
            }
            Step::Note(note) => {
                w.add_note(number, note, None)?;
            }
            Step::AskExtension { to, reason } => {
                asked_nothing = w.item(number)?.deadline.is_some_and(|d| *to <= d);
                if !asked_nothing {
                    w.request_extension(number, *to, reason)?;
                }
            }
            Step::DecideExtension(approve) => {
                if !std::mem::take(&mut asked_nothing) {
                    w.decide_extension(number, *approve)?;
                }
            }
            Step::Submit(report) => {
                w.submit(number, Some(report), None)?;
            }
            Step::Instruct(instruction) => {
                w.add_instruction(number, instruction, None)?;
            }
            Step::Move(mv, reason) => {
                // Who signed for an assignment; a suspension is approved by a leader (required
                // once the item is late).
                let by = match mv {
                    crate::domain::Move::Acknowledge => Some("承办单位联络员"),
                    crate::domain::Move::Suspend => Some("分管副市长"),
                    _ => None,
                };
                w.apply_move_by(number, *mv, *reason, by, None)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::{Backend, Ctx, SqliteStore};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Found generating 1,000,000 items (seed 2026, on 2026-11-25): an item registered on
    /// 2026-09-30 with the deadline 2026-12-30 is assigned after the National Day holiday, its
    /// clock starts then and its deadline moves to 2027-01-11, the very day its planned
    /// extension asks for. The sample office then stopped with "the new deadline 2027-01-11
    /// must be after the current deadline 2027-01-11"; now the department asks nothing.
    #[test]
    fn an_extension_asking_no_more_than_the_moved_deadline_is_not_asked() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let ctx = Ctx {
            actor: "测试".into(),
            now: day("2026-11-25").and_time(NaiveTime::MIN),
            today: day("2026-11-25"),
            calendar: Arc::new(WorkCalendar::default()),
            rules: Arc::new(Rules::default()),
        };
        let words = Words::load();
        let mut item = plan::plan(
            0,
            &mut Rng(7),
            &words,
            &Timeline::new(&ctx.calendar, &ctx.rules, ctx.today),
        )
        .item;
        item.registered_on = day("2026-09-30");
        item.deadline = Some(day("2026-12-30"));
        item.cadence = crate::domain::item::Cadence::Once;
        let p = Plan {
            item,
            steps: vec![
                (day("2026-10-09"), Step::Assign),
                (day("2026-10-09"), Step::Start),
                (
                    day("2026-10-12"),
                    Step::AskExtension {
                        to: day("2027-01-11"),
                        reason: "项目审批手续尚未完成".into(),
                    },
                ),
                (day("2026-10-13"), Step::DecideExtension(true)),
            ],
        };
        store.write(&ctx, |w| write(w, &p, 0)).unwrap();
        let row = store
            .write(&ctx, |w| {
                w.item(crate::domain::item::ItemNumber { year: 2026, seq: 1 })
            })
            .unwrap();
        assert_eq!(row.deadline, Some(day("2027-01-11")));
    }
}

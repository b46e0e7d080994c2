//! The sample office: a seeded, realistic history of items replayed through the same writes a
//! clerk makes, so every record has its events and every status, light, cadence, source kind
//! and ladder level is represented.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use crate::domain::WorkCalendar;
use crate::domain::item::{Cadence, FeedbackKind, Flags, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Move;
use crate::error::Result;
use crate::store::{NewFeedback, NewItem, NewNote, WriteTx};

const OFFICE: &str = include_str!("../../assets/demo-office.txt");

/// Who the sample office's history is recorded as.
pub const SAMPLE_ACTOR: &str = "示例办公室";

/// The word lists of `assets/demo-office.txt`.
struct Words {
    sections: Vec<(String, Vec<String>)>,
}

impl Words {
    fn load() -> Self {
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for line in OFFICE.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((name.to_string(), Vec::new()));
            } else if let Some((_, list)) = sections.last_mut() {
                list.push(line.to_string());
            }
        }
        Self { sections }
    }

    fn list(&self, name: &str) -> &[String] {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, l)| l.as_slice())
    }
}

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

/// How one sample item's story ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fate {
    Registered,
    Assigned,
    InProgress,
    AwaitingReview,
    CompletedOnTime,
    CompletedLate,
    Closed,
    Suspended,
    Cancelled,
    Overdue,
}

/// What a demo run made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub items: u64,
}

/// Replays `count` sample items ending on `today`, inside the caller's transaction.
pub fn fill(
    w: &mut dyn WriteTx,
    count: u64,
    seed: u64,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<DemoSummary> {
    let words = Words::load();
    let clerk = w.actor().to_string();
    w.set_actor(SAMPLE_ACTOR);
    let mut rng = Rng(seed ^ 0x6475_6261_6E00_0000);
    // Register in date order so numbers rise with time, as in a real office.
    let horizon = 420u64;
    let mut starts: Vec<u64> = (0..count)
        .map(|_| {
            // Recent items are more frequent: the square skews towards today.
            let r = rng.below(1000) as f64 / 1000.0;
            (r * r * horizon as f64) as u64
        })
        .collect();
    starts.sort_unstable_by(|a, b| b.cmp(a));
    for (i, back) in starts.into_iter().enumerate() {
        let registered = today - Days::new(back);
        sample_item(w, &mut rng, &words, i as u64, registered, today, calendar)?;
    }
    w.set_clock(today, today.and_time(NaiveTime::MIN));
    w.set_actor(&clerk);
    Ok(DemoSummary { items: count })
}

#[allow(clippy::too_many_arguments)]
fn sample_item(
    w: &mut dyn WriteTx,
    rng: &mut Rng,
    words: &Words,
    index: u64,
    registered: NaiveDate,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<()> {
    let at = |w: &mut dyn WriteTx, day: NaiveDate, minutes: u64| {
        let time =
            NaiveTime::from_hms_opt(8 + ((minutes / 60) % 9) as u32, (minutes % 60) as u32, 0)
                .unwrap_or(NaiveTime::MIN);
        w.set_clock(day, day.and_time(time));
    };
    at(w, registered, index % 480);

    let kinds = SourceKind::ALL;
    let source_kind = kinds[rng.below(kinds.len() as u64) as usize];
    let cadence = match rng.below(100) {
        0..=49 => Cadence::Once,
        50..=61 => Cadence::Weekly,
        62..=79 => Cadence::Monthly,
        80..=86 => Cadence::Quarterly,
        87..=89 => Cadence::Annual,
        _ => Cadence::Staged,
    };
    let flags = Flags {
        major: rng.chance(12),
        difficult: rng.chance(10),
        important: rng.chance(15),
        leader: source_kind == SourceKind::Instruction || rng.chance(8),
    };
    let urgent = rng.chance(15);
    let departments = words.list("departments");
    let lead = rng.pick(departments).to_string();
    let co: Vec<String> = (0..rng.below(3))
        .map(|_| rng.pick(departments).to_string())
        .filter(|d| *d != lead)
        .collect();
    let title = format!(
        "{}{}",
        rng.pick(words.list("places")),
        rng.pick(words.list("tasks"))
    );
    let year = registered.year();
    let source_ref = match source_kind {
        SourceKind::Meeting => format!(
            "{}（{}）",
            rng.pick(words.list("meetings")),
            registered.format("%Y-%m-%d")
        ),
        SourceKind::Document => format!("办发〔{year}〕{}号", 1 + rng.below(120)),
        SourceKind::Instruction => format!("领导批示〔{year}〕{}号", 1 + rng.below(300)),
        SourceKind::Superior => format!("省办督〔{year}〕{}号", 1 + rng.below(80)),
        SourceKind::Proposal => format!("{year}年第{}号建议", 1 + rng.below(400)),
        SourceKind::Complaint => format!("12345-{year}{:06}", rng.below(1_000_000)),
        SourceKind::AnnualKeyWork => format!("{year}年度重点工作第{}项", 1 + rng.below(60)),
        SourceKind::Other => String::new(),
    };
    let (instruction, leader) = if source_kind == SourceKind::Instruction {
        (
            Some(rng.pick(words.list("instructions")).to_string()),
            Some(rng.pick(words.list("leaders")).to_string()),
        )
    } else {
        (None, None)
    };
    let allotted = 5 + rng.below(56) as u32;
    let deadline = if source_kind == SourceKind::AnnualKeyWork {
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(registered)
    } else {
        calendar.add_working_days(registered, allotted)
    };
    let no_deadline = rng.chance(2);
    let owner = rng.pick(words.list("owners")).to_string();
    let new = NewItem {
        title,
        requirement: format!(
            "按照要求{}，按时报送办理结果。",
            rng.pick(words.list("tasks"))
        ),
        source_kind,
        source_ref,
        instruction,
        leader,
        lead: lead.clone(),
        co,
        owner: owner.clone(),
        flags,
        urgent,
        cadence,
        deadline: (!no_deadline).then_some(deadline),
        no_deadline_reason: no_deadline.then(|| "待上级明确时限".to_string()),
        registered_on: registered,
    };
    let number = w.add_item(&new)?;

    let overdue_now = !no_deadline && deadline < today;
    let fate = choose_fate(rng, overdue_now);
    if fate == Fate::Registered {
        return Ok(());
    }
    if fate == Fate::Cancelled && rng.chance(40) {
        at(w, registered, index % 480 + 30);
        w.apply_move(number, Move::Cancel, Some("上级已另行部署，撤销督办"), None)?;
        return Ok(());
    }
    let assigned = step(registered, rng.below(3), today);
    at(w, assigned, 60);
    w.apply_move(number, Move::Assign, None, None)?;
    if fate == Fate::Assigned {
        return Ok(());
    }
    let started = step(assigned, 1 + rng.below(3), today);
    at(w, started, 90);
    w.apply_move(number, Move::Start, None, None)?;

    if cadence == Cadence::Staged {
        let stages = 2 + rng.below(3);
        for k in 1..=stages {
            let due =
                calendar.add_working_days(registered, (allotted * k as u32) / (stages as u32 + 1));
            w.add_milestone(number, &format!("第{k}阶段任务完成"), due)?;
        }
    }

    // Extension requests, some approved, made before the deadline.
    let mut effective = deadline;
    if !no_deadline && rng.chance(7) {
        let ask = step(started, 2, today);
        if ask < deadline {
            at(w, ask, 120);
            let new_deadline = calendar.add_working_days(deadline, 5 + rng.below(15) as u32);
            w.request_extension(
                number,
                new_deadline,
                rng.pick(words.list("extension_reasons")),
            )?;
            if rng.chance(70) {
                let decided = step(ask, 1, today);
                at(w, decided, 150);
                let approve = rng.chance(75);
                w.decide_extension(number, approve)?;
                if approve {
                    effective = new_deadline;
                }
            }
        }
    }

    // Progress feedback: periodic items report most periods; some departments fall silent.
    let silent_from = if rng.chance(25) {
        Some(rng.below(4))
    } else {
        None
    };
    let end = match fate {
        Fate::CompletedOnTime | Fate::CompletedLate | Fate::Closed | Fate::AwaitingReview => {
            finish_date(rng, fate, started, effective, today)
        }
        Fate::Suspended | Fate::Cancelled => step(started, 5 + rng.below(20), today),
        _ => today,
    };
    let mut reports = 0u64;
    let mut day = step(started, 3 + rng.below(5), end);
    let gap = match cadence {
        Cadence::Weekly => 7,
        Cadence::Monthly => 30,
        Cadence::Quarterly => 90,
        Cadence::Annual => 180,
        _ => 10 + rng.below(20),
    };
    while day < end && reports < 8 {
        if silent_from.is_some_and(|s| reports >= s) {
            break;
        }
        if !rng.chance(12) {
            at(w, day, 200 + reports);
            let percent = (20 * (reports + 1)).min(90) as u8;
            let fb = NewFeedback {
                text: rng.pick(words.list("feedback")).to_string(),
                percent: Some(percent),
                reporter: owner.clone(),
                kind: FeedbackKind::Progress,
            };
            w.add_feedback(number, &fb, None)?;
        }
        reports += 1;
        day = day + Days::new(gap);
    }

    // Milestones done along the way.
    if cadence == Cadence::Staged
        && matches!(
            fate,
            Fate::CompletedOnTime | Fate::CompletedLate | Fate::Closed
        )
    {
        let detail_done = step(end, 0, today);
        at(w, detail_done, 300);
        for k in 1..=2 {
            w.complete_milestone(number, k)?;
        }
    }

    // Overdue items get urged up the ladder; a share of them is left unaddressed on purpose.
    if matches!(fate, Fate::Overdue | Fate::CompletedLate) && !no_deadline {
        let rungs = match rng.below(100) {
            0..=29 => 0,
            30..=54 => 1,
            55..=74 => 2,
            75..=89 => 3,
            _ => 4 + rng.below(4),
        };
        let mut day = step(
            effective,
            1 + rng.below(3),
            if fate == Fate::Overdue { today } else { end },
        );
        let mut given: Vec<Level> = Vec::new();
        for _ in 0..rungs {
            if day > today {
                break;
            }
            let next = crate::domain::ladder::suggested_next(
                crate::domain::ladder::LadderSoFar::of(given.iter().copied()),
                urgent,
                flags,
                crate::domain::ladder::Repeats::default(),
            );
            at(w, day, 330);
            let note = NewNote {
                level: next,
                target: if next >= Level::Interview {
                    owner.clone()
                } else {
                    lead.clone()
                },
                reason: rng.pick(words.list("reasons")).to_string(),
                points: (next >= Level::Deduction).then_some(1.0),
                requirement: rng.pick(words.list("requirements")).to_string(),
            };
            w.add_note(number, &note, None)?;
            given.push(next);
            day = day + Days::new(3 + rng.below(8));
        }
    }

    match fate {
        Fate::AwaitingReview | Fate::CompletedOnTime | Fate::CompletedLate | Fate::Closed => {
            at(w, end, 400);
            let report = NewFeedback {
                text: "已按要求办结，报送办结报告及佐证材料。".into(),
                percent: Some(100),
                reporter: owner.clone(),
                kind: FeedbackKind::Completion,
            };
            w.submit(number, Some(&report), None)?;
            if fate == Fate::AwaitingReview {
                return Ok(());
            }
            if rng.chance(8) {
                let back = step(end, 1, today);
                at(w, back, 420);
                w.apply_move(number, Move::Return, Some("佐证材料不全，退回补充"), None)?;
                at(w, back, 440);
                w.submit(number, Some(&report), None)?;
            }
            let approved = step(end, 1 + rng.below(2), today);
            at(w, approved, 460);
            w.apply_move(number, Move::Approve, None, None)?;
            if fate == Fate::Closed {
                let closed = step(approved, 3 + rng.below(10), today);
                at(w, closed, 470);
                w.apply_move(number, Move::Close, None, None)?;
            }
        }
        Fate::Suspended => {
            at(w, end, 480);
            w.apply_move(
                number,
                Move::Suspend,
                Some("等待上级政策调整，暂缓办理"),
                None,
            )?;
        }
        Fate::Cancelled => {
            at(w, end, 490);
            w.apply_move(
                number,
                Move::Cancel,
                Some("事项已由其他单位承接，撤销督办"),
                None,
            )?;
        }
        _ => {}
    }
    Ok(())
}

fn choose_fate(rng: &mut Rng, overdue_now: bool) -> Fate {
    if overdue_now {
        match rng.below(100) {
            0..=29 => Fate::CompletedOnTime,
            30..=44 => Fate::CompletedLate,
            45..=74 => Fate::Closed,
            75..=89 => Fate::Overdue,
            90..=93 => Fate::AwaitingReview,
            94..=96 => Fate::Cancelled,
            _ => Fate::Suspended,
        }
    } else {
        match rng.below(100) {
            0..=5 => Fate::Registered,
            6..=17 => Fate::Assigned,
            18..=79 => Fate::InProgress,
            80..=87 => Fate::AwaitingReview,
            88..=91 => Fate::CompletedOnTime,
            92..=94 => Fate::Closed,
            95..=97 => Fate::Suspended,
            _ => Fate::Cancelled,
        }
    }
}

/// When the completion report of a finished item came in.
fn finish_date(
    rng: &mut Rng,
    fate: Fate,
    started: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
) -> NaiveDate {
    let span = (deadline - started).num_days().max(1) as u64;
    let day = match fate {
        Fate::CompletedLate => deadline + Days::new(1 + rng.below(15)),
        _ => started + Days::new(span / 2 + rng.below(span / 2 + 1)),
    };
    day.min(today).max(started)
}

/// `days` after `from`, but never after `limit`.
fn step(from: NaiveDate, days: u64, limit: NaiveDate) -> NaiveDate {
    (from + Days::new(days)).min(limit).max(from.min(limit))
}

//! One sample item's story, planned before anything is written: its fields and every step of
//! its history on a working day before today, in time order.
//!
//! A story is drawn from its ending: what the item is today (its fate) fixes the dates, and
//! the dates are worked back from today, so that the office's lights come out as in a working
//! office (a few percent red, most items green), every overdue item has been urged along the
//! ladder, and nothing happens on a weekend or a holiday.

use chrono::{Datelike, Days, NaiveDate};

use super::Rng;
use super::words::{Department, Words};
use crate::domain::WorkCalendar;
use crate::domain::item::{Cadence, Flags, SourceKind};
use crate::domain::lifecycle::Move;
use crate::domain::rules::Rules;
use crate::store::{NewFeedback, NewInstruction, NewItem, NewNote};

/// The days a story is drawn against.
pub struct Timeline<'a> {
    pub cal: &'a WorkCalendar,
    pub rules: &'a Rules,
    pub today: NaiveDate,
    /// The last working day before today: the history ends there.
    pub last: NaiveDate,
}

impl<'a> Timeline<'a> {
    pub fn new(cal: &'a WorkCalendar, rules: &'a Rules, today: NaiveDate) -> Self {
        let mut t = Self {
            cal,
            rules,
            today,
            last: today,
        };
        t.last = t.back(today - Days::new(1), 0);
        t
    }

    /// `n` working days before `day` (for `n = 0`, `day` or the working day before it).
    pub fn back(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        while !self.cal.is_working_day(d) {
            d = d - Days::new(1);
        }
        let mut left = n;
        while left > 0 {
            d = d - Days::new(1);
            if self.cal.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    pub fn fwd(&self, day: NaiveDate, n: u32) -> NaiveDate {
        self.cal.add_working_days(self.cal.next_working_day(day), n)
    }
}

/// One step of an item's history after its registration.
#[derive(Debug, Clone)]
pub enum Step {
    Assign,
    Start,
    Milestone {
        title: String,
        due: NaiveDate,
    },
    MilestoneDone(i64),
    Feedback(NewFeedback),
    Note(NewNote),
    AskExtension {
        to: NaiveDate,
        reason: String,
    },
    DecideExtension(bool),
    Submit(NewFeedback),
    Move(Move, Option<&'static str>),
    /// A leader's instruction during handling (领导批示).
    Instruct(NewInstruction),
}

/// A planned item: what is registered, and what happens to it after, day by day.
pub struct Plan {
    pub item: NewItem,
    pub steps: Vec<(NaiveDate, Step)>,
}

/// What an item is today.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Fate {
    Registered,
    Assigned,
    /// In progress, deadline ahead.
    Running,
    /// In progress, past its deadline.
    Red,
    AwaitingReview,
    Suspended,
    Done {
        late: bool,
        closed: bool,
    },
    Cancelled,
}

/// The shares of fates, per thousand items: about 45 % open, of which about 5 % red.
fn draw_fate(rng: &mut Rng) -> Fate {
    match rng.below(1000) {
        0..=259 => Fate::Done {
            late: false,
            closed: false,
        },
        260..=499 => Fate::Done {
            late: false,
            closed: true,
        },
        500..=539 => Fate::Done {
            late: true,
            closed: rng.chance(50),
        },
        540..=559 => Fate::Cancelled,
        560..=574 => Fate::Registered,
        575..=609 => Fate::Assigned,
        610..=649 => Fate::AwaitingReview,
        650..=664 => Fate::Suspended,
        665..=684 => Fate::Red,
        _ => Fate::Running,
    }
}

/// The items the morning of DOMAIN.md needs, first in every sample office of 7 items or more.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Morning {
    DueToday,
    WeeklyMissed,
    UnaddressedInstruction,
    ExtensionAskedYesterday,
}

fn morning(index: u64) -> Option<Morning> {
    match index {
        0..=2 => Some(Morning::DueToday),
        3..=4 => Some(Morning::WeeklyMissed),
        5 => Some(Morning::UnaddressedInstruction),
        6 => Some(Morning::ExtensionAskedYesterday),
        _ => None,
    }
}

/// The working days a kind of item is given, from the office's default deadlines, a little
/// more for periodic and staged work.
fn allotted(rng: &mut Rng, kind: SourceKind, cadence: Cadence, urgent: bool, flags: Flags) -> u32 {
    let base: u32 = match kind {
        SourceKind::Meeting | SourceKind::Superior | SourceKind::Other => 20,
        SourceKind::Document => 30,
        SourceKind::Instruction if urgent => 5,
        SourceKind::Instruction if flags.difficult => 30,
        SourceKind::Instruction | SourceKind::Complaint => 15,
        SourceKind::Proposal => 63,
        SourceKind::AnnualKeyWork => 200,
    };
    let base = base + rng.below(u64::from(base / 3 + 1)) as u32;
    let least = match cadence {
        Cadence::Once => 0,
        Cadence::Weekly => 25 + rng.below(20) as u32,
        Cadence::Staged => 30 + rng.below(30) as u32,
        Cadence::Monthly => 60 + rng.below(60) as u32,
        Cadence::Quarterly => 130 + rng.below(60) as u32,
        Cadence::Annual => 200 + rng.below(40) as u32,
    };
    base.max(least)
}

fn source_kind(rng: &mut Rng) -> SourceKind {
    match rng.below(100) {
        0..=24 => SourceKind::Meeting,
        25..=44 => SourceKind::Document,
        45..=59 => SourceKind::Instruction,
        60..=71 => SourceKind::Superior,
        72..=77 => SourceKind::Proposal,
        78..=89 => SourceKind::Complaint,
        90..=92 => SourceKind::AnnualKeyWork,
        _ => SourceKind::Other,
    }
}

fn cadence(rng: &mut Rng) -> Cadence {
    match rng.below(100) {
        0..=46 => Cadence::Once,
        47..=55 => Cadence::Weekly,
        56..=76 => Cadence::Monthly,
        77..=83 => Cadence::Quarterly,
        84..=86 => Cadence::Annual,
        _ => Cadence::Staged,
    }
}

/// A share drawn for how far along its allotted time a running item is: mostly early
/// (green), some late in it (yellow, below 30 % left), a few near the end (orange, below 15 %).
pub(super) fn elapsed_share(rng: &mut Rng) -> f64 {
    let r = rng.below(1000) as f64 / 1000.0;
    match rng.below(100) {
        0..=87 => 0.05 + 0.6 * r,
        88..=94 => 0.72 + 0.12 * r,
        _ => 0.87 + 0.08 * r,
    }
}

/// Plans the sample item `index`.
pub fn plan(index: u64, rng: &mut Rng, words: &Words, d: &Timeline<'_>) -> Plan {
    let morning = morning(index);
    let dept = pick_dept(rng, &words.departments);
    let task = pick(rng, &dept.tasks);
    let place = if task.title.starts_with("{区}") {
        rng.pick(words.list("districts")).to_string()
    } else if task.title.starts_with("{县}") {
        rng.pick(words.list("counties")).to_string()
    } else {
        String::new()
    };
    let title = format!("{place}{}", task.words());
    let owner = rng.pick(&dept.owners).to_string();
    let mut kind = source_kind(rng);
    let mut cad = cadence(rng);
    let mut urgent = rng.chance(12);
    let mut flags = Flags {
        major: rng.chance(10),
        difficult: rng.chance(8),
        important: rng.chance(12),
        leader: false,
    };
    let mut fate = draw_fate(rng);
    match morning {
        Some(Morning::DueToday | Morning::ExtensionAskedYesterday) => {
            fate = Fate::Running;
            cad = Cadence::Once;
        }
        Some(Morning::WeeklyMissed) => {
            fate = Fate::Running;
            cad = Cadence::Weekly;
        }
        Some(Morning::UnaddressedInstruction) => {
            fate = Fate::Red;
            cad = Cadence::Once;
            kind = SourceKind::Instruction;
            urgent = false;
        }
        None => {}
    }
    flags.leader = kind == SourceKind::Instruction || rng.chance(6);
    let allot = allotted(rng, kind, cad, urgent, flags);
    let no_deadline = fate == Fate::Running && morning.is_none() && rng.chance(2);

    let mut story = super::story::Story {
        d,
        rng,
        words,
        task,
        owner: owner.clone(),
        lead: dept.name.clone(),
        urgent,
        flags,
        steps: Vec::new(),
        given: Vec::new(),
        last_text: None,
    };
    let (registered, deadline) = story.tell(fate, morning, cad, allot, no_deadline);
    let rng = story.rng;
    let co: Vec<String> = (0..rng.below(3))
        .map(|_| pick_dept(rng, &words.departments).name.clone())
        .filter(|c| *c != dept.name)
        .fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
    let year = registered.year();
    let source_ref = match kind {
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
    let (instruction, leader) = if kind == SourceKind::Instruction {
        let leader = if morning == Some(Morning::UnaddressedInstruction) {
            "市长".to_string()
        } else {
            rng.pick(words.list("leaders")).to_string()
        };
        (
            Some(rng.pick(words.list("instructions")).to_string()),
            Some(leader),
        )
    } else {
        (None, None)
    };
    let item = NewItem {
        title,
        requirement: task.requirement.clone(),
        source_kind: kind,
        source_ref,
        instruction,
        leader,
        lead: dept.name.clone(),
        co,
        owner,
        flags,
        urgent,
        cadence: cad,
        deadline: (!no_deadline).then_some(deadline),
        no_deadline_reason: no_deadline.then(|| "待上级明确时限".to_string()),
        registered_on: registered,
        origin: None,
    };
    let mut steps = story.steps;
    instructions(index, fate, morning, words, &mut steps);
    // Each step was planned on its day; the history is written in the order of the days.
    steps.sort_by_key(|(day, _)| *day);
    Plan { item, steps }
}

/// Leaders' instructions during handling (领导批示), drawn with a generator of their own so that
/// the rest of the sample office is drawn as before: an item completed on time is sometimes
/// affirmed on the day it is approved (4 %), a red item that was urged is sometimes criticised on
/// the day of its last urging (15 %), and a running item is now and then affirmed on its latest
/// feedback (2 %).
fn instructions(
    index: u64,
    fate: Fate,
    morning: Option<Morning>,
    words: &Words,
    steps: &mut Vec<(NaiveDate, Step)>,
) {
    use crate::domain::instruction::InstructionSense;
    let mut aside = Rng(index.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x6C65_6164);
    let last = |steps: &[(NaiveDate, Step)], is: fn(&Step) -> bool| {
        steps.iter().filter(|(_, s)| is(s)).map(|(d, _)| *d).max()
    };
    let (sense, day, list) = match fate {
        Fate::Done { late: false, .. } if aside.chance(4) => (
            InstructionSense::Affirms,
            last(steps, |s| matches!(s, Step::Move(Move::Approve, _))),
            "instructions_affirm",
        ),
        Fate::Red if morning.is_none() && aside.chance(15) => (
            InstructionSense::Criticises,
            last(steps, |s| matches!(s, Step::Note(_))),
            "instructions_criticise",
        ),
        Fate::Running if morning.is_none() && aside.chance(2) => (
            InstructionSense::Affirms,
            last(steps, |s| matches!(s, Step::Feedback(_))),
            "instructions_affirm",
        ),
        _ => return,
    };
    let Some(day) = day else { return };
    let instruction = NewInstruction {
        leader: aside.pick(words.list("leaders")).to_string(),
        sense,
        text: aside.pick(words.list(list)).to_string(),
        deadline: None,
    };
    steps.push((day, Step::Instruct(instruction)));
}

fn pick_dept<'w>(rng: &mut Rng, list: &'w [Department]) -> &'w Department {
    pick(rng, list)
}

fn pick<'w, T>(rng: &mut Rng, list: &'w [T]) -> &'w T {
    let i = rng.below(list.len() as u64) as usize;
    &list[i.min(list.len().saturating_sub(1))]
}

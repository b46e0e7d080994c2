//! One sample item's story, planned before anything is written: its fields and every step of
//! its history on a working day before today, in time order.
//!
//! A story is drawn from its ending: what the item is today (its fate) fixes the dates, and
//! the dates are worked back from today, so that the office's lights come out as in a working
//! office (a few percent red, most items green), every overdue item has been urged along the
//! ladder, and nothing happens on a weekend or a holiday.

use chrono::{Datelike, Days, NaiveDate};

use super::Rng;
use super::words::{Department, Task, Words};
use crate::domain::WorkCalendar;
use crate::domain::feedback_due::due_dates;
use crate::domain::item::{Cadence, FeedbackKind, Flags, SourceKind};
use crate::domain::ladder::{LadderSoFar, Level, suggested_next};
use crate::domain::lifecycle::Move;
use crate::domain::rules::Rules;
use crate::store::{NewFeedback, NewItem, NewNote};

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
    Milestone { title: String, due: NaiveDate },
    MilestoneDone(i64),
    Feedback(NewFeedback),
    Note(NewNote),
    AskExtension { to: NaiveDate, reason: String },
    DecideExtension(bool),
    Submit(NewFeedback),
    Move(Move, Option<&'static str>),
}

/// A planned item: what is registered, and what happens to it after, day by day.
pub struct Plan {
    pub item: NewItem,
    pub steps: Vec<(NaiveDate, Step)>,
}

/// What an item is today.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fate {
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
enum Morning {
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
fn elapsed_share(rng: &mut Rng) -> f64 {
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

    let mut story = Story {
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
    };
    let mut steps = story.steps;
    // Each step was planned on its day; the history is written in the order of the days.
    steps.sort_by_key(|(day, _)| *day);
    Plan { item, steps }
}

fn pick_dept<'w>(rng: &mut Rng, list: &'w [Department]) -> &'w Department {
    pick(rng, list)
}

fn pick<'w, T>(rng: &mut Rng, list: &'w [T]) -> &'w T {
    let i = rng.below(list.len() as u64) as usize;
    &list[i.min(list.len().saturating_sub(1))]
}

/// The steps of one item as they are drawn.
struct Story<'a, 'd> {
    d: &'a Timeline<'d>,
    rng: &'a mut Rng,
    words: &'a Words,
    task: &'a Task,
    owner: String,
    lead: String,
    urgent: bool,
    flags: Flags,
    steps: Vec<(NaiveDate, Step)>,
    given: Vec<Level>,
    /// Which progress text the department sent last.
    last_text: Option<usize>,
}

impl Story<'_, '_> {
    fn push(&mut self, day: NaiveDate, step: Step) {
        self.steps.push((day, step));
    }

    fn text(&mut self, list: &[String]) -> String {
        self.rng.pick(list).replace("{事项}", self.task.words())
    }

    /// Works the story back from its fate; the registration day and the deadline as
    /// registered.
    fn tell(
        &mut self,
        fate: Fate,
        morning: Option<Morning>,
        cad: Cadence,
        allot: u32,
        no_deadline: bool,
    ) -> (NaiveDate, NaiveDate) {
        let d = self.d;
        let share = |rng: &mut Rng, lo: u64, hi: u64| -> u32 {
            let pct = lo + rng.below(hi - lo + 1);
            ((u64::from(allot) * pct) / 100).max(1) as u32
        };
        match fate {
            Fate::Registered => {
                let registered = d.back(d.today, 1 + self.rng.below(3) as u32);
                (registered, d.fwd(registered, allot))
            }
            Fate::Assigned => {
                let assigned = d.back(d.today, 1 + self.rng.below(3) as u32);
                let registered = d.back(assigned, self.rng.below(2) as u32);
                self.push(assigned, Step::Assign);
                (registered, d.fwd(assigned, allot))
            }
            Fate::Running => {
                let (start, deadline) = match morning {
                    Some(Morning::DueToday) => {
                        let due = d.cal.next_working_day(d.today);
                        (d.back(due, allot), due)
                    }
                    Some(Morning::WeeklyMissed) => {
                        let start = d.back(d.today, 25 + self.rng.below(10) as u32);
                        (start, d.fwd(start, 80))
                    }
                    _ => {
                        let elapsed = ((f64::from(allot) * elapsed_share(self.rng)) as u32).max(1);
                        let start = d.back(d.today, elapsed);
                        (start, d.fwd(start, allot))
                    }
                };
                let registered = self.begin(start);
                let mut end = d.today;
                if morning == Some(Morning::ExtensionAskedYesterday) {
                    let reason = self.text(self.words.list("extension_reasons"));
                    self.push(
                        d.last,
                        Step::AskExtension {
                            to: d.fwd(deadline, 5),
                            reason,
                        },
                    );
                    end = d.last;
                }
                let registered_deadline = if no_deadline || morning.is_some() {
                    deadline
                } else {
                    self.extension(start, deadline, d.today)
                };
                self.milestones(cad, start, deadline, allot, d.today, false);
                self.feedback(
                    cad,
                    start,
                    end,
                    allot,
                    morning == Some(Morning::WeeklyMissed),
                    None,
                );
                (registered, registered_deadline)
            }
            Fate::Red => {
                let overdue = if morning.is_some() {
                    7
                } else if self.rng.chance(70) {
                    1 + self.rng.below(8) as u32
                } else {
                    9 + self.rng.below(7) as u32
                };
                let deadline = d.back(d.today, overdue);
                let start = d.back(deadline, allot);
                let registered = self.begin(start);
                let registered_deadline = self.extension(start, deadline, deadline);
                self.milestones(cad, start, deadline, allot, d.today, false);
                if morning.is_some() {
                    // The mayor's instruction: last feedback 11 days ago, no note since.
                    let silent = d.back(d.today - Days::new(11), 0);
                    let mut days = self.feedback_days(cad, start, silent, false);
                    days.push(silent);
                    self.report(start, allot, days);
                } else {
                    let silent = self.rng.chance(40).then_some(deadline);
                    self.feedback(cad, start, d.today, allot, false, silent);
                    self.urge(deadline, d.today);
                }
                (registered, registered_deadline)
            }
            Fate::AwaitingReview => {
                let waited = if self.rng.chance(93) {
                    1 + self.rng.below(3)
                } else {
                    4 + self.rng.below(3)
                };
                let submitted = d.back(d.today, waited as u32);
                let start = d.back(submitted, share(self.rng, 50, 95));
                let deadline = d.fwd(start, allot);
                let registered = self.begin(start);
                let registered_deadline = self.extension(start, deadline, submitted);
                self.milestones(cad, start, deadline, allot, submitted, true);
                self.feedback(cad, start, submitted, allot, false, None);
                self.submit(submitted);
                (registered, registered_deadline)
            }
            Fate::Suspended => {
                let suspended = d.back(d.today, 2 + self.rng.below(14) as u32);
                let start = d.back(suspended, share(self.rng, 20, 70));
                let deadline = d.fwd(start, allot);
                let registered = self.begin(start);
                self.milestones(cad, start, deadline, allot, suspended, false);
                self.feedback(cad, start, suspended, allot, false, None);
                self.push(
                    suspended,
                    Step::Move(Move::Suspend, Some("等待上级政策调整，暂缓办理")),
                );
                (registered, deadline)
            }
            Fate::Cancelled => {
                let cancelled = d.back(d.last, self.rng.below(200) as u32);
                if self.rng.chance(30) {
                    let registered = d.back(cancelled, 1 + self.rng.below(3) as u32);
                    self.push(
                        cancelled,
                        Step::Move(Move::Cancel, Some("上级已另行部署，撤销督办")),
                    );
                    return (registered, d.fwd(registered, allot));
                }
                let start = d.back(cancelled, share(self.rng, 20, 80));
                let registered = self.begin(start);
                self.feedback(cad, start, cancelled, allot, false, None);
                self.push(
                    cancelled,
                    Step::Move(Move::Cancel, Some("事项已由其他单位承接，撤销督办")),
                );
                (registered, d.fwd(start, allot))
            }
            Fate::Done { late, closed } => {
                let anchor = d.back(d.last, self.rng.below(230) as u32);
                let (approved, closed_on) = if closed {
                    (d.back(anchor, 3 + self.rng.below(8) as u32), Some(anchor))
                } else {
                    (anchor, None)
                };
                let submitted = d.back(approved, 1 + self.rng.below(3) as u32);
                let (start, deadline) = if late {
                    let deadline = d.back(submitted, 1 + self.rng.below(8) as u32);
                    (d.back(deadline, allot), deadline)
                } else {
                    let start = d.back(submitted, share(self.rng, 50, 97));
                    (start, d.fwd(start, allot))
                };
                // A report returned once: the first submission, the return, then this one.
                let returned = (d.cal.working_days_between(start, submitted) > 8
                    && self.rng.chance(8))
                .then(|| {
                    let back = d.back(submitted, 2 + self.rng.below(3) as u32);
                    (d.back(back, 1), back)
                });
                let first = returned.map_or(submitted, |(s, _)| s);
                let registered = self.begin(start);
                let registered_deadline = self.extension(start, deadline, first);
                self.milestones(cad, start, deadline, allot, first, true);
                self.feedback(cad, start, first, allot, false, None);
                if late {
                    self.urge(deadline, first);
                }
                if let Some((s, back)) = returned {
                    self.submit(s);
                    self.push(
                        back,
                        Step::Move(Move::Return, Some("佐证材料不全，退回补充")),
                    );
                }
                self.submit(submitted);
                self.push(approved, Step::Move(Move::Approve, None));
                if let Some(c) = closed_on {
                    self.push(c, Step::Move(Move::Close, None));
                }
                (registered, registered_deadline)
            }
        }
    }

    /// Assigned on `start` (registered up to two working days before) and started then or the
    /// next working day; the registration day.
    fn begin(&mut self, start: NaiveDate) -> NaiveDate {
        let d = self.d;
        let registered = d.back(start, self.rng.below(3) as u32);
        self.push(start, Step::Assign);
        let started = d
            .fwd(start, self.rng.below(2) as u32)
            .min(d.last)
            .max(start);
        self.push(started, Step::Start);
        registered
    }

    /// Sometimes the department asked for more time early on: approved, the item was registered
    /// with an earlier deadline; refused, it asked for a later one. Only while there is room
    /// before `until`. The deadline as registered.
    fn extension(&mut self, start: NaiveDate, deadline: NaiveDate, until: NaiveDate) -> NaiveDate {
        let d = self.d;
        if !self.rng.chance(6) {
            return deadline;
        }
        let asked = d.fwd(start, 2);
        let decided = d.fwd(asked, 1);
        let approve = self.rng.chance(80);
        let original = if approve {
            d.back(deadline, 5 + self.rng.below(10) as u32)
        } else {
            deadline
        };
        if asked >= original || decided >= until || decided > d.last {
            return deadline;
        }
        let to = if approve {
            deadline
        } else {
            d.fwd(deadline, 10)
        };
        let reason = self.text(self.words.list("extension_reasons"));
        self.push(asked, Step::AskExtension { to, reason });
        self.push(decided, Step::DecideExtension(approve));
        original
    }

    /// A staged item's milestones, set when it starts; each whose day comes before `until` is
    /// done on its day or a little before, and when the work ends at `until` (`finished`) the
    /// rest are done then, before the completion report.
    #[allow(clippy::too_many_arguments)]
    fn milestones(
        &mut self,
        cad: Cadence,
        start: NaiveDate,
        deadline: NaiveDate,
        allot: u32,
        until: NaiveDate,
        finished: bool,
    ) {
        if cad != Cadence::Staged {
            return;
        }
        let d = self.d;
        let stages = 2 + self.rng.below(3) as u32;
        let mut done = Vec::new();
        for k in 1..=stages {
            let due = if k == stages {
                deadline
            } else {
                d.fwd(start, allot * k / stages)
            };
            self.push(
                start,
                Step::Milestone {
                    title: format!("第{k}阶段任务完成"),
                    due,
                },
            );
            if due < until {
                done.push((d.back(due, self.rng.below(2) as u32).max(start), k));
            } else if finished {
                done.push((until, k));
            }
        }
        for (day, k) in done {
            self.push(day, Step::MilestoneDone(i64::from(k)));
        }
    }

    /// Progress feedback from `start` up to (not on) `end`, until `silent` when the department
    /// falls silent.
    fn feedback(
        &mut self,
        cad: Cadence,
        start: NaiveDate,
        end: NaiveDate,
        allot: u32,
        miss_last: bool,
        silent: Option<NaiveDate>,
    ) {
        let end = silent.map_or(end, |s| s.min(end));
        let days = self.feedback_days(cad, start, end, miss_last);
        self.report(start, allot, days);
    }

    /// The days a department reports on, after `start` and before `end`: a periodic item for
    /// every period, a little before its due date (but the latest one when `miss_last`; now and
    /// then one earlier, which the next covers); other items every two or three weeks.
    fn feedback_days(
        &mut self,
        cad: Cadence,
        start: NaiveDate,
        end: NaiveDate,
        miss_last: bool,
    ) -> Vec<NaiveDate> {
        let d = self.d;
        let mut days: Vec<NaiveDate> = Vec::new();
        if matches!(cad, Cadence::Once | Cadence::Staged) {
            let mut day = d.fwd(start, 3 + self.rng.below(5) as u32);
            while day < end {
                days.push(day);
                day = d.fwd(day, 10 + self.rng.below(10) as u32);
            }
            return days;
        }
        let dues: Vec<NaiveDate> = due_dates(cad, start, d.rules, d.cal)
            .take_while(|due| *due < end)
            .collect();
        let mut previous = start;
        for (i, due) in dues.iter().enumerate() {
            let latest = i + 1 == dues.len();
            let skip = if miss_last {
                latest
            } else {
                !latest && self.rng.chance(5)
            };
            if !skip {
                let day = d.back(*due, self.rng.below(3) as u32);
                let day = if day <= previous { *due } else { day };
                if day > start && day < end {
                    days.push(day);
                }
            }
            previous = *due;
        }
        days
    }

    /// A progress feedback on each of `days`, its percent growing with the time spent.
    fn report(&mut self, start: NaiveDate, allot: u32, days: Vec<NaiveDate>) {
        let d = self.d;
        let allotted = f64::from(allot.max(1));
        let mut percent = 0u8;
        for day in days {
            let share = d.cal.working_days_between(start, day) as f64 / allotted;
            let drawn = (share * (70 + self.rng.below(31)) as f64).clamp(5.0, 95.0) as u8;
            percent = percent.max(drawn);
            // A department does not send the same sentence twice in a row.
            let list = self.words.progress(percent);
            let mut k = self.rng.below(list.len() as u64) as usize;
            if list.len() > 1 && self.last_text == Some(k) {
                k = (k + 1) % list.len();
            }
            self.last_text = Some(k);
            let text = list
                .get(k)
                .map_or_else(String::new, |t| t.replace("{事项}", self.task.words()));
            self.push(
                day,
                Step::Feedback(NewFeedback {
                    text,
                    percent: Some(percent),
                    reporter: self.owner.clone(),
                    kind: FeedbackKind::Progress,
                }),
            );
        }
    }

    /// The office urges an overdue item up the ladder: the first note one to three working days
    /// after the deadline, then every three or four, while it stays open (before `until`); so
    /// no red item goes five working days without a note.
    fn urge(&mut self, deadline: NaiveDate, until: NaiveDate) {
        let d = self.d;
        let mut day = d.fwd(deadline, 1 + self.rng.below(3) as u32);
        while day < until && day <= d.last {
            let level = suggested_next(
                LadderSoFar::of(self.given.iter().copied()),
                self.urgent,
                self.flags,
                d.rules.ladder_repeats,
            );
            let note = NewNote {
                level,
                target: if level == Level::Interview {
                    self.owner.clone()
                } else {
                    self.lead.clone()
                },
                reason: self.rng.pick(self.words.list("reasons")).to_string(),
                points: (level == Level::Deduction).then_some(-1.0),
                requirement: self.rng.pick(self.words.list("requirements")).to_string(),
            };
            self.push(day, Step::Note(note));
            self.given.push(level);
            day = d.fwd(day, 3 + self.rng.below(2) as u32);
        }
    }

    fn submit(&mut self, day: NaiveDate) {
        let text = self.text(self.words.list("completion"));
        self.push(
            day,
            Step::Submit(NewFeedback {
                text,
                percent: Some(100),
                reporter: self.owner.clone(),
                kind: FeedbackKind::Completion,
            }),
        );
    }
}

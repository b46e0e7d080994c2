//! How one sample item's story is told: worked back from its fate, step by step (assignment,
//! milestones, feedback, extensions, urging, the completion report, review), every step on a
//! working day before today.

use chrono::{Days, NaiveDate};

use super::Rng;
use super::plan::{Fate, Morning, Step, Timeline, elapsed_share};
use super::words::{Task, Words};
use crate::domain::feedback_due::due_dates;
use crate::domain::item::{Cadence, FeedbackKind, Flags};
use crate::domain::ladder::{LadderSoFar, Level, suggested_next};
use crate::domain::lifecycle::Move;
use crate::store::{NewFeedback, NewNote};

/// The steps of one item as they are drawn.
pub(super) struct Story<'a, 'd> {
    pub d: &'a Timeline<'d>,
    pub rng: &'a mut Rng,
    pub words: &'a Words,
    pub task: &'a Task,
    pub owner: String,
    pub lead: String,
    pub urgent: bool,
    pub flags: Flags,
    pub steps: Vec<(NaiveDate, Step)>,
    pub given: Vec<Level>,
    /// Which progress text the department sent last.
    pub last_text: Option<usize>,
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
    pub fn tell(
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
                // Assigned yesterday: the department has signed for it (签收); older ones have
                // not, and come to triage as not acknowledged.
                if d.cal.working_days_between(assigned, d.today) <= 1 {
                    self.push(assigned, Step::Move(Move::Acknowledge, None));
                }
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

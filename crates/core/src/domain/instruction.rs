//! Leader instructions during handling (领导批示 on an item's progress or on its completion
//! report, DOMAIN.md): a record of its own kind with the leader, the date, the text and its
//! sense. An affirmative instruction (肯定性批示) scores; a criticism is recorded and published;
//! a new requirement reopens a completed item (or amends an open one) with a new deadline, and is
//! issued as a 交办通知单.
//!
//! What a new requirement may not do is hide lateness: an open item already past its deadline is
//! not given a later one by an instruction (the office urges it, or the leader criticises).

use chrono::NaiveDate;

use super::code_enum;
use super::dates::{Postponed, item_deadline};
use super::history::{Column, Set};
use super::lifecycle::{MoveFrom, Status};
use super::validate::{InputError, Problem};

code_enum! {
    /// What a leader's instruction says of the item's handling.
    InstructionSense {
        Affirms = "affirms" | "肯定" | "肯定性批示" | "affirm" | "affirmative",
        Criticises = "criticises" | "批评" | "批评性批示" | "criticise" | "criticize" | "criticizes",
        Requires = "requires" | "新要求" | "提出新要求" | "require" | "new requirement",
    }
}

/// Why an instruction is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstructionRefusal {
    /// A cancelled item was withdrawn: there is nothing to instruct on.
    #[error("the item is cancelled; an instruction on it is not recorded")]
    Cancelled,
    /// A new requirement names the deadline it sets.
    #[error("a new requirement sets a new deadline (--deadline)")]
    NoDeadline,
    /// Only a new requirement sets a deadline.
    #[error(
        "only a new requirement sets a deadline; leave --deadline out, or choose --sense requires"
    )]
    DeadlineWithoutRequirement,
    /// The new deadline is before the day the instruction is recorded.
    #[error(
        "the new deadline {deadline} is before today ({today}); a new requirement needs a day from today on"
    )]
    DeadlineBeforeToday {
        deadline: NaiveDate,
        today: NaiveDate,
    },
    /// A closed item is archived (销号): a new requirement is registered as a new item.
    #[error("the item is closed (archived); register the new requirement as a new item")]
    Closed,
    /// A suspended item's clock is stopped; it is resumed before a new deadline is set.
    #[error("the item is suspended; resume it before a new requirement sets its deadline")]
    Suspended,
    /// An open item already past its deadline is not given a later one by an instruction: that
    /// would hide its lateness.
    #[error(
        "the item is {} past its deadline {deadline}; a new requirement does not move an overdue item's deadline (urge it, or record the instruction as a criticism)",
        working_days(*working_days_late)
    )]
    Overdue {
        deadline: NaiveDate,
        working_days_late: i64,
    },
}

fn working_days(n: i64) -> String {
    if n == 1 {
        "1 working day".into()
    } else {
        format!("{n} working days")
    }
}

/// What recording an instruction does to its item: the columns it sets (status, deadline, the
/// clock dates of a reopened item), and what the clerk is told.
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionEffect {
    pub sets: Vec<Set>,
    /// The status before and after, when a new requirement reopened the item.
    pub reopened: Option<(Status, Status)>,
    /// The deadline before and after, when a new requirement moved it.
    pub deadline: Option<(Option<NaiveDate>, NaiveDate)>,
    /// The deadline a new requirement names (on a working day), whether or not it moved.
    pub required_by: Option<NaiveDate>,
    /// The new deadline moved to a working day (顺延), when it fell on a day off.
    pub postponed: Option<Postponed>,
}

/// The leader and the text an instruction must have, trimmed: both are required.
pub fn check_words<'a>(leader: &'a str, text: &'a str) -> Result<(&'a str, &'a str), InputError> {
    let leader = leader.trim();
    if leader.is_empty() {
        return Err(InputError::new("leader", Problem::Empty));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(InputError::new("text", Problem::Empty));
    }
    Ok((leader, text))
}

/// What an instruction of `sense` recorded on `today` does to an item that stands as `item`
/// (`deadline`: the new deadline a new requirement gives, as typed), or why it is refused.
///
/// - Any sense: refused on a cancelled item.
/// - Affirms and criticises change nothing on the item (the record is enough).
/// - A new requirement needs a deadline from today on (a day off moves to the next working
///   day, as every deadline does). A completed item or a report awaiting review goes back to in
///   progress (the department's clock runs again, its old submission no longer counts); an
///   open, running item keeps its status and takes the new deadline, unless it is already past
///   its deadline. A closed or suspended item is refused.
pub fn effect(
    sense: InstructionSense,
    item: &MoveFrom,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
    cal: &super::WorkCalendar,
) -> Result<InstructionEffect, InstructionRefusal> {
    if item.status == Status::Cancelled {
        return Err(InstructionRefusal::Cancelled);
    }
    let unchanged = InstructionEffect {
        sets: Vec::new(),
        reopened: None,
        deadline: None,
        required_by: None,
        postponed: None,
    };
    if sense != InstructionSense::Requires {
        return match deadline {
            Some(_) => Err(InstructionRefusal::DeadlineWithoutRequirement),
            None => Ok(unchanged),
        };
    }
    let typed = deadline.ok_or(InstructionRefusal::NoDeadline)?;
    match item.status {
        Status::Closed => return Err(InstructionRefusal::Closed),
        Status::Suspended => return Err(InstructionRefusal::Suspended),
        _ => {}
    }
    // A typed date outside the office's years is refused by the command line's parser already;
    // here it only stays unmoved.
    let (new, postponed) =
        item_deadline("deadline", typed, Some(item.kind), cal).unwrap_or((typed, None));
    if new < today {
        return Err(InstructionRefusal::DeadlineBeforeToday {
            deadline: new,
            today,
        });
    }
    let old = item.clock.deadline;
    if item.status.department_clock_runs()
        && let Some(old) = old.filter(|d| *d < today)
    {
        return Err(InstructionRefusal::Overdue {
            deadline: old,
            working_days_late: cal.working_days_between(old, today),
        });
    }
    let mut sets = Vec::new();
    let reopened = match item.status {
        Status::Completed | Status::AwaitingReview => {
            sets.push(Set::code(Column::Status, Some(Status::InProgress.code())));
            sets.push(Set::day(Column::SubmittedOn, None));
            if item.status == Status::Completed {
                sets.push(Set::day(Column::CompletedOn, None));
            }
            Some((item.status, Status::InProgress))
        }
        _ => None,
    };
    if old != Some(new) {
        sets.push(Set::day(Column::Deadline, Some(new)));
    }
    Ok(InstructionEffect {
        sets,
        reopened,
        deadline: (old != Some(new)).then_some((old, new)),
        required_by: Some(new),
        postponed,
    })
}

/// The points an instruction of `sense` credits its lead department in the assessment: an
/// affirmative one the office's `affirmative` (default +1), others none.
pub fn points(sense: InstructionSense, affirmative: f64) -> f64 {
    match sense {
        InstructionSense::Affirms => affirmative,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::timing::ClockDates;
    use crate::domain::{SourceKind, WorkCalendar};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn item(status: Status, deadline: &str) -> MoveFrom {
        MoveFrom {
            status,
            suspended_from: None,
            clock: ClockDates {
                deadline: Some(d(deadline)),
                suspended_on: None,
                resumed_on: None,
                submitted_on: (status == Status::AwaitingReview || status == Status::Completed)
                    .then(|| d("2026-11-20")),
            },
            kind: SourceKind::Meeting,
            registered_on: d("2026-10-08"),
        }
    }

    fn column(e: &InstructionEffect, c: Column) -> Option<&Set> {
        e.sets.iter().find(|s| s.column == c)
    }

    /// Today is Wednesday 2026-11-25.
    #[test]
    fn each_sense_on_each_status() {
        use InstructionSense::*;
        use Status as S;
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let dl = Some(d("2026-12-15"));
        // (sense, status, item deadline, new deadline) → reopened to, deadline set, refusal
        type Row = (
            InstructionSense,
            Status,
            &'static str,
            Option<NaiveDate>,
            Result<(Option<Status>, bool), &'static str>,
        );
        let table: Vec<Row> = vec![
            (
                Affirms,
                S::InProgress,
                "2026-12-01",
                None,
                Ok((None, false)),
            ),
            (Affirms, S::Completed, "2026-11-01", None, Ok((None, false))),
            (Affirms, S::Closed, "2026-11-01", None, Ok((None, false))),
            (
                Criticises,
                S::InProgress,
                "2026-11-01",
                None,
                Ok((None, false)),
            ),
            (Affirms, S::Cancelled, "2026-12-01", None, Err("cancelled")),
            (
                Criticises,
                S::InProgress,
                "2026-12-01",
                dl,
                Err("only a new requirement"),
            ),
            (
                Requires,
                S::InProgress,
                "2026-12-01",
                None,
                Err("sets a new deadline"),
            ),
            (Requires, S::InProgress, "2026-12-01", dl, Ok((None, true))),
            (Requires, S::Assigned, "2026-12-01", dl, Ok((None, true))),
            (Requires, S::Registered, "2026-12-01", dl, Ok((None, true))),
            (
                Requires,
                S::Completed,
                "2026-11-10",
                dl,
                Ok((Some(S::InProgress), true)),
            ),
            (
                Requires,
                S::AwaitingReview,
                "2026-11-10",
                dl,
                Ok((Some(S::InProgress), true)),
            ),
            (Requires, S::Closed, "2026-11-10", dl, Err("closed")),
            (Requires, S::Suspended, "2026-12-01", dl, Err("suspended")),
            (Requires, S::Cancelled, "2026-12-01", dl, Err("cancelled")),
            // Running and already past its deadline: no later deadline hides it.
            (Requires, S::InProgress, "2026-11-20", dl, Err("overdue")),
            (
                Requires,
                S::InProgress,
                "2026-12-01",
                Some(d("2026-11-24")),
                Err("before today"),
            ),
        ];
        for (sense, status, old, new, want) in table {
            let got = effect(sense, &item(status, old), new, today, &cal);
            match (want, got) {
                (Ok((reopened, moved)), Ok(e)) => {
                    assert_eq!(e.reopened.map(|r| r.1), reopened, "{sense:?} {status:?}");
                    assert_eq!(e.deadline.is_some(), moved, "{sense:?} {status:?}");
                    if moved {
                        assert_eq!(
                            column(&e, Column::Deadline).and_then(|s| s.value.as_day()),
                            dl
                        );
                    }
                }
                (Err(words), Err(refusal)) => {
                    assert!(
                        refusal.to_string().contains(words),
                        "{sense:?} {status:?}: {refusal}"
                    )
                }
                (want, got) => panic!("{sense:?} {status:?}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_reopened_completion_no_longer_counts() {
        let cal = WorkCalendar::default();
        let e = effect(
            InstructionSense::Requires,
            &item(Status::Completed, "2026-11-10"),
            Some(d("2026-12-15")),
            d("2026-11-25"),
            &cal,
        )
        .unwrap();
        for c in [Column::SubmittedOn, Column::CompletedOn] {
            assert_eq!(column(&e, c).map(|s| s.value.as_day()), Some(None), "{c:?}");
        }
        assert_eq!(
            column(&e, Column::Status).and_then(|s| s.value.as_text().map(str::to_string)),
            Some("in_progress".to_string())
        );
    }

    #[test]
    fn a_new_deadline_on_a_day_off_moves_to_the_next_working_day() {
        let cal = WorkCalendar::default();
        // Saturday 2026-12-12 → Monday 2026-12-14.
        let e = effect(
            InstructionSense::Requires,
            &item(Status::InProgress, "2026-12-01"),
            Some(d("2026-12-12")),
            d("2026-11-25"),
            &cal,
        )
        .unwrap();
        assert_eq!(e.deadline, Some((Some(d("2026-12-01")), d("2026-12-14"))));
        assert!(e.postponed.is_some());
    }

    #[test]
    fn only_affirmative_instructions_score() {
        assert_eq!(points(InstructionSense::Affirms, 1.5), 1.5);
        assert_eq!(points(InstructionSense::Criticises, 1.5), 0.0);
        assert_eq!(points(InstructionSense::Requires, 1.5), 0.0);
    }

    #[test]
    fn leader_and_text_are_required() {
        assert_eq!(
            check_words(" 张市长 ", " 很好 ").unwrap(),
            ("张市长", "很好")
        );
        assert_eq!(check_words(" ", "x").unwrap_err().field, "leader");
        assert_eq!(check_words("张", "\t").unwrap_err().field, "text");
    }

    #[test]
    fn senses_are_typed_in_either_language() {
        assert_eq!(
            InstructionSense::from_name("肯定"),
            Some(InstructionSense::Affirms)
        );
        assert_eq!(
            InstructionSense::from_name("New requirement"),
            Some(InstructionSense::Requires)
        );
        assert_eq!(
            InstructionSense::from_name("批评"),
            Some(InstructionSense::Criticises)
        );
    }
}

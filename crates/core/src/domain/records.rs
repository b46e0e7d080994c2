//! What the office's rules require of the records a clerk makes on an item: accountability
//! notes, commendations, feedback, snoozes and milestones. Each rule is a plain function; the store's writer
//! asks it before it writes, so the command line and the interface refuse alike.

use chrono::NaiveDate;

use super::history::{Column, Set, Value};
use super::ladder::Level;
use super::lifecycle::Status;
use super::light::WarningLight;
use super::validate::{InputError, Problem};

/// An accountability note's correction and target: a note must name the correction it
/// requires (a note that only warns is what the office wants to end), and its target defaults
/// to the lead department. Returns the target to record.
pub fn note_target(requirement: &str, target: &str, lead: &str) -> Result<String, InputError> {
    if requirement.trim().is_empty() {
        return Err(InputError::new("require", Problem::NoCorrection));
    }
    let target = target.trim();
    Ok(if target.is_empty() { lead } else { target }.to_string())
}

/// A note's points (加减分): a point deduction (扣分) takes its points, a negative number; one
/// with none, zero or a positive number is refused. Other levels take points or none.
pub fn check_note_points(level: Level, points: Option<f64>) -> Result<(), InputError> {
    match (level, points) {
        (Level::Deduction, Some(p)) if p < 0.0 => Ok(()),
        (Level::Deduction, _) => Err(InputError::new("points", Problem::DeductionPoints)),
        _ => Ok(()),
    }
}

/// The points a note of `level` starts with where the clerk has not typed any (the note form,
/// `duban note` without `--points`): a point deduction the office's (`deduction`, −2 by
/// default), other levels none.
pub fn prefilled_points(level: Level, deduction: f64) -> Option<f64> {
    (level == Level::Deduction).then_some(deduction)
}

/// Whether an item in `status` may be commended (通报表扬, a record of its own kind, off the
/// ladder, for the score). Good work on an open item and a completed or closed one is credited
/// alike; a cancelled item was never done, so there is nothing to commend.
pub fn check_commendation(status: Status) -> Result<(), InputError> {
    match status {
        Status::Cancelled => Err(InputError::new("commendation", Problem::CancelledItem)),
        _ => Ok(()),
    }
}

/// A commendation's target: the department or person named, else the lead department.
pub fn commendation_target(target: &str, lead: &str) -> String {
    let target = target.trim();
    if target.is_empty() { lead } else { target }.to_string()
}

/// Feedback is refused on finished items (completed, closed, cancelled).
pub fn check_feedback(status: Status) -> Result<(), InputError> {
    match status {
        Status::Completed | Status::Closed | Status::Cancelled => {
            Err(InputError::new("feedback", Problem::Finished { status }))
        }
        _ => Ok(()),
    }
}

/// Only an open item waits in the triage queue, so only an open item can be snoozed.
pub fn check_snoozable(status: Status) -> Result<(), InputError> {
    if status.is_open() {
        Ok(())
    } else {
        Err(InputError::new("until", Problem::NotSnoozable { status }))
    }
}

/// Snooze never hides a red item, and never runs past the item's deadline.
pub fn check_snooze(
    light: WarningLight,
    deadline: Option<NaiveDate>,
    until: NaiveDate,
) -> Result<(), InputError> {
    if light == WarningLight::Red {
        return Err(InputError::new("until", Problem::RedNotSnoozable));
    }
    match deadline {
        Some(deadline) if until > deadline => Err(InputError::new(
            "until",
            Problem::AfterDeadline {
                got: until,
                deadline,
            },
        )),
        _ => Ok(()),
    }
}

/// A milestone may not be due before the item was registered.
pub fn check_milestone_due(due: NaiveDate, registered: NaiveDate) -> Result<(), InputError> {
    if due < registered {
        return Err(InputError::new(
            "due",
            Problem::BeforeRegistration {
                deadline: due,
                registered,
            },
        ));
    }
    Ok(())
}

/// What a feedback entry dated `today` sets on its item: the latest feedback day (a feedback
/// dated earlier never moves it back) and, when the entry gives one, the percent complete.
pub fn feedback_sets(
    last_feedback_on: Option<NaiveDate>,
    percent: Option<u8>,
    today: NaiveDate,
) -> Vec<Set> {
    let mut sets = vec![Set::day(
        Column::LastFeedbackOn,
        Some(last_feedback_on.map_or(today, |d| d.max(today))),
    )];
    if let Some(p) = percent {
        sets.push(Set {
            column: Column::LastPercent,
            value: Value::Int(p.into()),
        });
    }
    sets
}

/// What a note of `level` dated `today` sets on its item: the latest note day and the highest
/// level so far.
pub fn note_sets(
    last_note_on: Option<NaiveDate>,
    top_level: Option<Level>,
    level: Level,
    today: NaiveDate,
) -> Vec<Set> {
    let top = top_level.map_or(level, |t| t.max(level));
    vec![
        Set::day(
            Column::LastNoteOn,
            Some(last_note_on.map_or(today, |d| d.max(today))),
        ),
        Set::code(Column::TopLevel, Some(top.code())),
    ]
}

/// What a snooze sets: the day the item comes back to triage and why (both cleared when
/// `until` is none).
pub fn snooze_sets(until: Option<NaiveDate>, reason: &str) -> Vec<Set> {
    vec![
        Set::day(Column::SnoozedUntil, until),
        Set {
            column: Column::SnoozeReason,
            value: Value::text(until.map(|_| reason.trim().to_string())),
        },
    ]
}

/// What the open milestones' due dates set: the earliest and the second earliest (one overdue
/// makes the light yellow, two orange). `open_due` is every open milestone's due date.
pub fn milestone_sets(mut open_due: Vec<NaiveDate>) -> Vec<Set> {
    open_due.sort_unstable();
    vec![
        Set::day(Column::NextMilestoneDue, open_due.first().copied()),
        Set::day(Column::SecondMilestoneDue, open_due.get(1).copied()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_set_the_latest_day_and_the_highest_level() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-25");
        // A later feedback already on record is kept.
        assert_eq!(
            feedback_sets(Some(d("2026-11-30")), Some(40), today),
            vec![
                Set::day(Column::LastFeedbackOn, Some(d("2026-11-30"))),
                Set {
                    column: Column::LastPercent,
                    value: Value::Int(40)
                }
            ]
        );
        assert_eq!(feedback_sets(None, None, today).len(), 1);
        let sets = note_sets(None, Some(Level::Explanation), Level::Urging, today);
        assert_eq!(sets[1], Set::code(Column::TopLevel, Some("explanation")));
        assert_eq!(
            milestone_sets(vec![d("2026-12-09"), d("2026-12-01"), d("2026-12-05")]),
            vec![
                Set::day(Column::NextMilestoneDue, Some(d("2026-12-01"))),
                Set::day(Column::SecondMilestoneDue, Some(d("2026-12-05")))
            ]
        );
        assert_eq!(snooze_sets(None, "x")[1].value, Value::Null);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_deduction_takes_negative_points_and_starts_with_the_offices() {
        let refused = Err(InputError::new("points", Problem::DeductionPoints));
        let cases = [
            (Level::Deduction, Some(-2.0), Ok(())),
            (Level::Deduction, Some(-0.5), Ok(())),
            (Level::Deduction, None, refused.clone()),
            (Level::Deduction, Some(0.0), refused.clone()),
            (Level::Deduction, Some(2.0), refused),
            (Level::Criticism, None, Ok(())),
            (Level::Criticism, Some(-1.0), Ok(())),
            (Level::Reminder, None, Ok(())),
            (Level::Referral, Some(0.0), Ok(())),
        ];
        for (level, points, want) in cases {
            assert_eq!(check_note_points(level, points), want, "{level} {points:?}");
        }
        for level in Level::ALL {
            let want = (*level == Level::Deduction).then_some(-3.0);
            assert_eq!(prefilled_points(*level, -3.0), want, "{level}");
        }
    }

    #[test]
    fn a_note_needs_its_correction_and_defaults_its_target_to_the_lead() {
        let lead = "住建局";
        let cases: [(&str, &str, Result<&str, Problem>); 5] = [
            ("三日内报送整改方案", "", Ok(lead)),
            ("三日内报送整改方案", "  ", Ok(lead)),
            ("三日内报送整改方案", " 张三 ", Ok("张三")),
            ("", "张三", Err(Problem::NoCorrection)),
            (" \n\t", "", Err(Problem::NoCorrection)),
        ];
        for (requirement, target, want) in cases {
            let got = note_target(requirement, target, lead);
            match want {
                Ok(t) => assert_eq!(got, Ok(t.to_string()), "{requirement:?} {target:?}"),
                Err(p) => assert_eq!(
                    got,
                    Err(InputError::new("require", p)),
                    "{requirement:?} {target:?}"
                ),
            }
        }
    }

    #[test]
    fn commendations_are_refused_on_cancelled_items_only() {
        use Status::*;
        let cases = [
            (Registered, true),
            (Assigned, true),
            (Acknowledged, true),
            (InProgress, true),
            (AwaitingReview, true),
            (Suspended, true),
            (Completed, true),
            (Closed, true),
            (Cancelled, false),
        ];
        // Every status is in the table.
        assert_eq!(cases.len(), Status::ALL.len());
        for (status, ok) in cases {
            let got = check_commendation(status);
            if ok {
                assert_eq!(got, Ok(()), "{status}");
            } else {
                assert_eq!(
                    got,
                    Err(InputError::new("commendation", Problem::CancelledItem)),
                    "{status}"
                );
            }
        }
        assert_eq!(commendation_target(" ", "住建局"), "住建局");
        assert_eq!(commendation_target(" 张三 ", "住建局"), "张三");
    }

    #[test]
    fn feedback_is_refused_on_finished_items_only() {
        for &status in Status::ALL {
            let finished = matches!(
                status,
                Status::Completed | Status::Closed | Status::Cancelled
            );
            let got = check_feedback(status);
            if finished {
                let e = got.unwrap_err();
                assert_eq!(e.field, "feedback");
                assert_eq!(e.problem, Problem::Finished { status });
            } else {
                assert_eq!(got, Ok(()), "{status}");
            }
        }
    }

    #[test]
    fn snooze_never_hides_a_red_item_nor_runs_past_the_deadline() {
        use WarningLight::*;
        let deadline = Some(d("2026-12-10"));
        let cases = [
            (Green, deadline, "2026-12-01", None),
            (Yellow, deadline, "2026-12-10", None),
            (Orange, deadline, "2026-12-09", None),
            (Green, None, "2027-06-30", None),
            (Red, deadline, "2026-12-01", Some(Problem::RedNotSnoozable)),
            (Red, None, "2026-12-01", Some(Problem::RedNotSnoozable)),
            (
                Green,
                deadline,
                "2026-12-11",
                Some(Problem::AfterDeadline {
                    got: d("2026-12-11"),
                    deadline: d("2026-12-10"),
                }),
            ),
        ];
        for (light, deadline, until, want) in cases {
            let got = check_snooze(light, deadline, d(until));
            match want {
                None => assert_eq!(got, Ok(()), "{light} {until}"),
                Some(p) => assert_eq!(got, Err(InputError::new("until", p)), "{light} {until}"),
            }
        }
    }

    #[test]
    fn only_open_items_are_snoozed() {
        for s in Status::ALL {
            assert_eq!(check_snoozable(*s).is_ok(), s.is_open(), "{s}");
        }
    }

    #[test]
    fn a_milestone_is_not_due_before_registration() {
        let registered = d("2026-11-25");
        let cases = [
            ("2026-11-24", false),
            ("2026-11-25", true),
            ("2027-01-04", true),
        ];
        for (due, ok) in cases {
            let got = check_milestone_due(d(due), registered);
            assert_eq!(got.is_ok(), ok, "{due}");
            if let Err(e) = got {
                assert_eq!(e.field, "due");
            }
        }
    }
}

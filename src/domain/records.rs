//! What the office's rules require of the records a clerk makes on an item: accountability
//! notes, feedback, snoozes and milestones. Each rule is a plain function; the store's writer
//! asks it before it writes, so the command line and the interface refuse alike.

use chrono::NaiveDate;

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

/// Feedback is refused on finished items (completed, closed, cancelled).
pub fn check_feedback(status: Status) -> Result<(), InputError> {
    match status {
        Status::Completed | Status::Closed | Status::Cancelled => {
            Err(InputError::new("feedback", Problem::Finished { status }))
        }
        _ => Ok(()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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

//! Extensions (延期): requested before the deadline, then approved or rejected.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::code_enum;
use super::dates::{DateExpr, Postponed, working_deadline};
use super::validate::{self, InputError};

code_enum! {
    /// Where an extension request stands.
    ExtensionDecision {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionRefusal {
    #[error("the item has no deadline to extend")]
    NoDeadline,
    #[error(
        "an extension must be requested before the deadline ({deadline}); the item is already late"
    )]
    AlreadyLate { deadline: NaiveDate },
    /// Asked on the deadline day itself: not late yet, but no longer before the deadline.
    #[error(
        "an extension must be requested before the deadline; today is the deadline day ({deadline})"
    )]
    OnDeadlineDay { deadline: NaiveDate },
    #[error("the new deadline {new} must be after the current deadline {deadline}")]
    NotLater { new: NaiveDate, deadline: NaiveDate },
    #[error("an extension request is already waiting for a decision; approve or reject it first")]
    AlreadyPending,
    #[error("only an open, running item can have its deadline extended; this one is {status}")]
    NotRunning { status: String },
    #[error("there is no extension request waiting for a decision")]
    NonePending,
}

/// The new deadline an extension asks for: a date, or `+Nd` / `+Nwd` counted from the current
/// deadline (from today when the item has none), kept on a working day (顺延).
pub fn new_deadline(
    field: &'static str,
    expr: DateExpr,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<(NaiveDate, Option<Postponed>), InputError> {
    let day = validate::in_office_years(field, expr.resolve(deadline.unwrap_or(today), calendar))?;
    working_deadline(field, day, calendar)
}

/// Checks an extension request made on `today`.
pub fn check_request(
    deadline: Option<NaiveDate>,
    today: NaiveDate,
    new_deadline: NaiveDate,
    pending: bool,
) -> Result<(), ExtensionRefusal> {
    let deadline = deadline.ok_or(ExtensionRefusal::NoDeadline)?;
    if today == deadline {
        return Err(ExtensionRefusal::OnDeadlineDay { deadline });
    }
    if today > deadline {
        return Err(ExtensionRefusal::AlreadyLate { deadline });
    }
    if new_deadline <= deadline {
        return Err(ExtensionRefusal::NotLater {
            new: new_deadline,
            deadline,
        });
    }
    if pending {
        return Err(ExtensionRefusal::AlreadyPending);
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
    fn new_deadlines_count_from_the_current_deadline() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let expr = |t: &str| DateExpr::parse("--to", t).unwrap();
        let cases = [
            // (typed, current deadline, new deadline, moved from)
            ("+5wd", Some("2026-12-10"), "2026-12-17", None),
            ("+5wd", None, "2026-12-02", None),
            // Thursday + 2 calendar days is a Saturday: on to Monday.
            ("+2d", Some("2026-12-10"), "2026-12-14", Some("2026-12-12")),
            (
                "2026-12-20",
                Some("2026-12-10"),
                "2026-12-21",
                Some("2026-12-20"),
            ),
            ("2027-01-05", Some("2026-12-10"), "2027-01-05", None),
        ];
        for (typed, deadline, want, from) in cases {
            let (got, postponed) =
                new_deadline("--to", expr(typed), deadline.map(d), today, &cal).unwrap();
            assert_eq!(got, d(want), "{typed} from {deadline:?}");
            assert_eq!(postponed.map(|p| p.from), from.map(d), "{typed}");
        }
        let far = new_deadline("--to", expr("+9999d"), Some(d("2099-06-30")), today, &cal);
        assert_eq!(far.unwrap_err().field, "--to");
    }

    #[test]
    fn requests() {
        let dl = Some(d("2026-11-30"));
        let today = d("2026-11-25");
        assert_eq!(check_request(dl, today, d("2026-12-10"), false), Ok(()));
        assert_eq!(
            check_request(dl, d("2026-12-01"), d("2026-12-10"), false),
            Err(ExtensionRefusal::AlreadyLate {
                deadline: d("2026-11-30")
            })
        );
        // On the deadline day the item is not late: the refusal says it is the deadline day.
        assert_eq!(
            check_request(dl, d("2026-11-30"), d("2026-12-10"), false),
            Err(ExtensionRefusal::OnDeadlineDay {
                deadline: d("2026-11-30")
            })
        );
        assert!(matches!(
            check_request(dl, today, d("2026-11-29"), false),
            Err(ExtensionRefusal::NotLater { .. })
        ));
        assert_eq!(
            check_request(None, today, d("2026-12-10"), false),
            Err(ExtensionRefusal::NoDeadline)
        );
        assert_eq!(
            check_request(dl, today, d("2026-12-10"), true),
            Err(ExtensionRefusal::AlreadyPending)
        );
    }
}

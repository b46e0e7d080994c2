//! Extensions (延期): requested before the deadline, then approved or rejected.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;
use super::code_enum;
use super::dates::{DateExpr, Postponed, item_deadline};
use super::item::SourceKind;
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
    #[error(
        "the office allows at most {max} approved extensions of an item, and this one has had them"
    )]
    TooMany { max: u32 },
    #[error(
        "the office allows extensions of at most {max} working days in all; this one would make {total}"
    )]
    TooLong { max: i64, total: i64 },
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
    kind: SourceKind,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<(NaiveDate, Option<Postponed>), InputError> {
    let day = validate::in_office_years(field, expr.resolve(deadline.unwrap_or(today), calendar))?;
    item_deadline(field, day, Some(kind), calendar)
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

/// The office's limits on extensions (DOMAIN.md "Approval"; 0 is no limit, the default): how
/// many an item may have approved, and how many working days they may add in all. `approved`
/// are the extensions approved so far and `asked` the one to request or approve, each as (the
/// deadline before, the deadline asked).
pub fn check_limits(
    approved: &[(NaiveDate, NaiveDate)],
    asked: (NaiveDate, NaiveDate),
    rules: &super::Rules,
    calendar: &WorkCalendar,
) -> Result<(), ExtensionRefusal> {
    let max = rules.max_extensions;
    if max > 0 && approved.len() >= max as usize {
        return Err(ExtensionRefusal::TooMany { max });
    }
    let max = rules.max_extension_working_days;
    if max > 0 {
        let total: i64 = approved
            .iter()
            .chain(std::iter::once(&asked))
            .map(|(old, new)| calendar.working_days_between(*old, *new).max(0))
            .sum();
        if total > max {
            return Err(ExtensionRefusal::TooLong { max, total });
        }
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
            let (got, postponed) = new_deadline(
                "--to",
                expr(typed),
                deadline.map(d),
                SourceKind::Document,
                today,
                &cal,
            )
            .unwrap();
            assert_eq!(got, d(want), "{typed} from {deadline:?}");
            assert_eq!(postponed.map(|p| p.from), from.map(d), "{typed}");
        }
        let far = new_deadline(
            "--to",
            expr("+9999d"),
            Some(d("2099-06-30")),
            SourceKind::Other,
            today,
            &cal,
        );
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

    #[test]
    fn the_offices_limits_on_extensions_are_off_by_default_and_refuse_when_set() {
        let cal = WorkCalendar::default();
        let one = [(d("2026-11-10"), d("2026-11-17"))];
        let asked = (d("2026-11-17"), d("2026-11-24"));
        let mut rules = crate::domain::Rules::default();
        assert_eq!(check_limits(&one, asked, &rules, &cal), Ok(()));
        rules.max_extensions = 1;
        assert_eq!(
            check_limits(&one, asked, &rules, &cal),
            Err(ExtensionRefusal::TooMany { max: 1 })
        );
        assert_eq!(check_limits(&[], asked, &rules, &cal), Ok(()));
        rules.max_extensions = 0;
        // Five working days each: ten in all against a limit of eight.
        rules.max_extension_working_days = 8;
        assert_eq!(
            check_limits(&one, asked, &rules, &cal),
            Err(ExtensionRefusal::TooLong { max: 8, total: 10 })
        );
        rules.max_extension_working_days = 10;
        assert_eq!(check_limits(&one, asked, &rules, &cal), Ok(()));
    }
}

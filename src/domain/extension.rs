//! Extensions (延期): requested before the deadline, then approved or rejected.

use chrono::NaiveDate;

use super::code_enum;

code_enum! {
    /// Where an extension request stands.
    Decision {
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
    #[error("the new deadline {new} must be after the current deadline {deadline}")]
    NotLater { new: NaiveDate, deadline: NaiveDate },
    #[error("an extension request is already waiting for a decision; approve or reject it first")]
    AlreadyPending,
    #[error("only an open, running item can have its deadline extended; this one is {status}")]
    NotRunning { status: String },
    #[error("there is no extension request waiting for a decision")]
    NonePending,
}

/// Checks an extension request made on `today`.
pub fn check_request(
    deadline: Option<NaiveDate>,
    today: NaiveDate,
    new_deadline: NaiveDate,
    pending: bool,
) -> Result<(), ExtensionRefusal> {
    let deadline = deadline.ok_or(ExtensionRefusal::NoDeadline)?;
    if today >= deadline {
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
    fn requests() {
        let dl = Some(d("2026-11-30"));
        let today = d("2026-11-25");
        assert_eq!(check_request(dl, today, d("2026-12-10"), false), Ok(()));
        assert_eq!(
            check_request(dl, d("2026-11-30"), d("2026-12-10"), false),
            Err(ExtensionRefusal::AlreadyLate {
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

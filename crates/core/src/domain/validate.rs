//! Checks on what a clerk types. Each refusal names the field and what is accepted, in one
//! sentence; the command line and the terminal interface show the same words.

use chrono::{NaiveDate, NaiveDateTime};

use super::UnknownCode;
use super::lifecycle::Status;

/// The first and last year a date may fall in: the years an office's records use. Outside them
/// a date is a typing slip, and far outside it an item number and the calendar break.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2099;

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong {
        max: usize,
        got: usize,
    },
    ControlCharacter,
    /// A character that prints as nothing or reorders what follows it (a bidi control, a
    /// zero-width or a tag character, see [`crate::text::invisible`]): refused in every field,
    /// so that no record reads differently from what it holds.
    InvisibleCharacter {
        code: u32,
    },
    NotADate {
        got: String,
    },
    NotADateExpression {
        got: String,
    },
    /// Not a real moment written `YYYY-MM-DDTHH:MM[:SS]` (`--now`).
    NotADateTime {
        got: String,
    },
    /// A fixed day (`--today`) that is not the day of the fixed moment (`--now`) given with it.
    NotTheDayOfNow {
        got: NaiveDate,
        now: NaiveDateTime,
    },
    BeforeRegistration {
        deadline: NaiveDate,
        registered: NaiveDate,
    },
    PercentOutOfRange {
        got: String,
    },
    NotANumber {
        got: String,
    },
    NumberOutOfRange {
        min: i64,
        max: i64,
        got: String,
    },
    UnknownCode {
        accepted: String,
        got: String,
    },
    UnknownItem {
        got: String,
    },
    NotAfterToday {
        got: NaiveDate,
        today: NaiveDate,
    },
    /// A date outside [`FIRST_YEAR`]–[`LAST_YEAR`].
    YearOutOfRange {
        got: NaiveDate,
    },
    /// An accountability note that names no correction (a note that only warns).
    NoCorrection,
    /// A snooze of an item whose light is red: it needs a decision, not a delay.
    RedNotSnoozable,
    /// A snooze past the item's deadline.
    AfterDeadline {
        got: NaiveDate,
        deadline: NaiveDate,
    },
    /// Feedback on an item that is finished (completed, closed or cancelled).
    Finished {
        status: Status,
    },
    /// A snooze of an item that is not open: nothing of it waits in the queue.
    NotSnoozable {
        status: Status,
    },
    /// A commendation of a cancelled item: it was not done, so there is nothing to commend.
    CancelledItem,
    /// A point deduction (扣分) without points to deduct: none, zero or positive.
    DeductionPoints,
    /// An attached file larger than the office allows (`[attachments] max_mb`).
    FileTooLarge {
        max_bytes: u64,
        got: u64,
    },
    /// A file's name that leaves nothing to keep once its path, dots and control characters
    /// are taken off.
    NotAFileName,
}

impl Problem {
    /// The same problem with every typed value made safe to print.
    pub fn shown(&self) -> Problem {
        let mut p = self.clone();
        match &mut p {
            Problem::NotADate { got }
            | Problem::NotADateExpression { got }
            | Problem::NotADateTime { got }
            | Problem::PercentOutOfRange { got }
            | Problem::NotANumber { got }
            | Problem::NumberOutOfRange { got, .. }
            | Problem::UnknownCode { got, .. }
            | Problem::UnknownItem { got } => *got = shown(got),
            _ => {}
        }
        p
    }
}

/// A refused value: the field it was typed into and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", english(self))]
pub struct InputError {
    pub field: &'static str,
    pub problem: Problem,
}

impl InputError {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        Self { field, problem }
    }
}

impl From<UnknownCode> for InputError {
    fn from(e: UnknownCode) -> Self {
        Self::new(
            e.field,
            Problem::UnknownCode {
                accepted: e.accepted,
                got: e.got,
            },
        )
    }
}

/// What was typed, as it may be repeated in a message: one line, no control characters.
pub fn shown(got: &str) -> String {
    got.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn english(e: &InputError) -> String {
    let f = e.field;
    let problem = e.problem.shown();
    match &problem {
        Problem::Empty => format!("{f} must not be empty"),
        Problem::TooLong { max, got } => {
            format!("{f} must be at most {max} characters (got {got})")
        }
        Problem::ControlCharacter => {
            format!("{f} must be one line of text without control characters")
        }
        Problem::InvisibleCharacter { code } => format!(
            "{f} must not hold the invisible character U+{code:04X}, which hides or reorders the text around it when printed; type the text again without it"
        ),
        Problem::NotADate { got } => {
            format!("{f} must be a real date written YYYY-MM-DD, e.g. 2026-12-01 (got '{got}')")
        }
        Problem::NotADateTime { got } => format!(
            "{f} must be a real moment written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, e.g. 2026-12-01T09:30 (got '{got}')"
        ),
        Problem::NotTheDayOfNow { got, now } => format!(
            "{f} {got} is not the day of --now {}; give one of them, or the same day in both",
            now.format("%Y-%m-%dT%H:%M:%S")
        ),
        Problem::NotADateExpression { got } => format!(
            "{f} must be a date YYYY-MM-DD, +Nd (calendar days) or +Nwd (working days) (got '{got}')"
        ),
        Problem::BeforeRegistration {
            deadline,
            registered,
        } => format!(
            "{f} {deadline} is before the registration date {registered}; give a date on or after it"
        ),
        Problem::PercentOutOfRange { got } => {
            format!("{f} must be a whole number from 0 to 100 (got '{got}')")
        }
        Problem::NotANumber { got } => format!("{f} must be a whole number (got '{got}')"),
        Problem::NumberOutOfRange { min, max, got } => {
            format!("{f} must be a number from {min} to {max} (got '{got}')")
        }
        Problem::UnknownCode { accepted, got } => {
            format!("{f} must be one of: {accepted} (got '{got}')")
        }
        Problem::UnknownItem { got } => {
            format!("{f} '{got}' is not an item of this database (numbers look like 2026-017)")
        }
        Problem::FileTooLarge { max_bytes, got } => {
            let (got, max) = super::attachment::over_limit_words(*got, *max_bytes);
            format!(
                "{f} is {got}; a file attached to an item may be at most {max} ([attachments] max_mb in the configuration)"
            )
        }
        Problem::NotAFileName => format!(
            "{f} must name a file (a name with letters, not only dots, slashes or control characters)"
        ),
        Problem::NotAfterToday { got, today } => {
            format!("{f} {got} must be after today ({today})")
        }
        Problem::YearOutOfRange { got } => format!(
            "{f} {got} is outside the years {FIRST_YEAR}–{LAST_YEAR}; give a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"
        ),
        Problem::NoCorrection => {
            format!("{f} must name the correction required: a note that only warns is not recorded")
        }
        Problem::RedNotSnoozable => format!(
            "{f}: a red item cannot be snoozed; it needs a decision (urging, a note or an extension), not a delay"
        ),
        Problem::AfterDeadline { got, deadline } => format!(
            "{f} {got} is after the item's deadline {deadline}; snooze at most until the deadline"
        ),
        Problem::Finished { status } => format!(
            "{f} is not accepted on a {} item; completed, closed and cancelled items take no more feedback",
            status.code()
        ),
        Problem::NotSnoozable { status } => format!(
            "{f}: a {} item is not in the triage queue and cannot be snoozed",
            status.code()
        ),
        Problem::CancelledItem => format!(
            "{f} is not accepted on a cancelled item: it was not done, so there is nothing to commend"
        ),
        Problem::DeductionPoints => format!(
            "{f} must be given for a point deduction, as a negative number such as -2: a deduction without points is not recorded"
        ),
    }
}

/// A date within the office's years, [`FIRST_YEAR`]–[`LAST_YEAR`].
pub fn in_office_years(field: &'static str, day: NaiveDate) -> Result<NaiveDate, InputError> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(InputError::new(field, Problem::YearOutOfRange { got: day }))
    }
}

/// A single-line text field: trimmed, no control characters, at most `max` characters.
pub fn line(field: &'static str, text: &str, max: usize) -> Result<String, InputError> {
    if text.chars().any(char::is_control) {
        return Err(InputError::new(field, Problem::ControlCharacter));
    }
    visible(field, text)?;
    let trimmed = text.trim();
    let count = trimmed.chars().count();
    if count > max {
        return Err(InputError::new(field, Problem::TooLong { max, got: count }));
    }
    Ok(trimmed.to_string())
}

/// Refuses text holding a character that prints as nothing or reorders the text around it.
pub fn visible(field: &'static str, text: &str) -> Result<(), InputError> {
    match text.chars().find(|c| crate::text::invisible(*c)) {
        Some(c) => Err(InputError::new(
            field,
            Problem::InvisibleCharacter { code: u32::from(c) },
        )),
        None => Ok(()),
    }
}

/// A required single-line text field.
pub fn required_line(field: &'static str, text: &str, max: usize) -> Result<String, InputError> {
    let value = line(field, text, max)?;
    if value.is_empty() {
        return Err(InputError::new(field, Problem::Empty));
    }
    Ok(value)
}

/// Multi-line text (feedback, requirements): newlines and tabs allowed, other control
/// characters refused.
pub fn text(field: &'static str, text: &str, max: usize) -> Result<String, InputError> {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(InputError::new(field, Problem::ControlCharacter));
    }
    visible(field, text)?;
    let trimmed = text.trim();
    let count = trimmed.chars().count();
    if count > max {
        return Err(InputError::new(field, Problem::TooLong { max, got: count }));
    }
    Ok(trimmed.to_string())
}

/// A percentage 0–100.
pub fn percent(field: &'static str, text: &str) -> Result<u8, InputError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| {
            InputError::new(
                field,
                Problem::PercentOutOfRange {
                    got: text.to_string(),
                },
            )
        })
}

/// A plain date, strictly `YYYY-MM-DD`, in the office's years.
pub fn date(field: &'static str, text: &str) -> Result<NaiveDate, InputError> {
    in_office_years(field, any_date(field, text)?)
}

/// A moment, strictly `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`, in the office's years.
pub fn date_time(field: &'static str, text: &str) -> Result<NaiveDateTime, InputError> {
    let t = text.trim();
    let refused = || {
        InputError::new(
            field,
            Problem::NotADateTime {
                got: text.to_string(),
            },
        )
    };
    let (day, time) = t.split_once('T').ok_or_else(refused)?;
    let day = any_date(field, day).map_err(|_| refused())?;
    let shaped = matches!(time.len(), 5 | 8)
        && time.char_indices().all(|(i, c)| {
            if i == 2 || i == 5 {
                c == ':'
            } else {
                c.is_ascii_digit()
            }
        });
    let format = if time.len() == 5 { "%H:%M" } else { "%H:%M:%S" };
    let time = shaped
        .then(|| chrono::NaiveTime::parse_from_str(time, format).ok())
        .flatten()
        .ok_or_else(refused)?;
    in_office_years(field, day)?;
    Ok(day.and_time(time))
}

/// A plain date, strictly `YYYY-MM-DD`, in any year.
fn any_date(field: &'static str, text: &str) -> Result<NaiveDate, InputError> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            InputError::new(
                field,
                Problem::NotADate {
                    got: text.to_string(),
                },
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_a_day_and_a_time_of_day() {
        let at = |d: &str, h, m, s| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
        };
        assert_eq!(
            date_time("--now", "2026-11-25T09:30").unwrap(),
            at("2026-11-25", 9, 30, 0)
        );
        assert_eq!(
            date_time("--now", " 2026-11-25T23:59:58 ").unwrap(),
            at("2026-11-25", 23, 59, 58)
        );
        for bad in [
            "2026-11-25",
            "2026-11-25 09:30",
            "2026-11-25T9:30",
            "2026-11-25T24:00",
            "2026-11-25T09:60",
            "2026-02-30T09:30",
            "2026-11-25T09:30:5",
            "2026-11-25T09:30Z",
            "",
        ] {
            assert_eq!(
                date_time("--now", bad).unwrap_err().problem,
                Problem::NotADateTime { got: bad.into() },
                "{bad}"
            );
        }
        assert!(matches!(
            date_time("--now", "1999-11-25T09:30").unwrap_err().problem,
            Problem::YearOutOfRange { .. }
        ));
    }

    #[test]
    fn titles() {
        assert_eq!(required_line("title", "  整改  ", 500).unwrap(), "整改");
        assert_eq!(
            required_line("title", "   ", 500).unwrap_err().to_string(),
            "title must not be empty"
        );
        let long = "督".repeat(501);
        assert_eq!(
            required_line("title", &long, 500).unwrap_err().problem,
            Problem::TooLong { max: 500, got: 501 }
        );
        assert!(required_line("title", &"督".repeat(500), 500).is_ok());
        for bad in ["a\nb", "a\u{1b}[31mb", "a\tb", "\u{7}"] {
            assert_eq!(
                required_line("title", bad, 500).unwrap_err().problem,
                Problem::ControlCharacter,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn multi_line_text_keeps_newlines_but_not_escapes() {
        assert_eq!(
            text("text", "第一行\n第二行", 100).unwrap(),
            "第一行\n第二行"
        );
        assert!(text("text", "x\u{1b}]0;pwned\u{7}", 100).is_err());
    }

    #[test]
    fn typed_values_are_repeated_without_control_characters() {
        let e = date("due", "2026\n\u{1b}[31m").unwrap_err();
        let text = e.to_string();
        assert!(!text.contains('\n') && !text.contains('\u{1b}'), "{text}");
        assert!(text.contains("2026\u{FFFD}\u{FFFD}[31m"));
    }

    #[test]
    fn percents() {
        assert_eq!(percent("percent", "0").unwrap(), 0);
        assert_eq!(percent("percent", "100").unwrap(), 100);
        for bad in ["101", "-1", "50%", "", "abc", "1.5"] {
            assert!(percent("percent", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(date("due", "2026-12-01").unwrap().to_string(), "2026-12-01");
        for (text, ok) in [
            ("2000-01-01", true),
            ("2099-12-31", true),
            ("1999-12-31", false),
            ("2100-01-01", false),
            ("0000-01-01", false),
            ("9999-12-31", false),
        ] {
            match date("--today", text) {
                Ok(d) => assert!(ok, "{text} accepted as {d}"),
                Err(e) => {
                    assert!(!ok, "{text}: {e}");
                    assert_eq!(e.field, "--today");
                    assert!(
                        matches!(e.problem, Problem::YearOutOfRange { .. }),
                        "{text}"
                    );
                    assert!(e.to_string().contains("2000–2099"), "{e}");
                }
            }
        }
        for bad in [
            "2026-02-30",
            "12/01/2026",
            "tomorrow-ish",
            "2026-1-1",
            "2026-12-01x",
            "",
        ] {
            let e = date("due", bad).unwrap_err();
            assert_eq!(e.field, "due");
            assert!(e.to_string().contains("YYYY-MM-DD"), "{bad}");
        }
    }
}

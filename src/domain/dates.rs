//! Date expressions a clerk types: `2026-12-01`, `+10d` (calendar days), `+5wd` (working days).

use chrono::{Days, NaiveDate};

use super::calendar::WorkCalendar;
use super::validate::{self, InputError, Problem};

/// A date as typed, before it is resolved against today and the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    On(NaiveDate),
    CalendarDays(u32),
    WorkingDays(u32),
}

impl DateExpr {
    pub fn parse(field: &'static str, text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        let bad = || {
            InputError::new(
                field,
                Problem::NotADateExpression {
                    got: text.to_string(),
                },
            )
        };
        if let Some(rest) = t.strip_prefix('+') {
            let (digits, working) = if let Some(n) = rest.strip_suffix("wd") {
                (n, true)
            } else if let Some(n) = rest.strip_suffix('d') {
                (n, false)
            } else {
                return Err(bad());
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4
            {
                return Err(bad());
            }
            let n: u32 = digits.parse().map_err(|_| bad())?;
            return Ok(if working {
                DateExpr::WorkingDays(n)
            } else {
                DateExpr::CalendarDays(n)
            });
        }
        match validate::date(field, t) {
            Ok(d) => Ok(DateExpr::On(d)),
            // Looks like a date but is not a real one (2026-02-30): say so precisely.
            Err(e) if t.len() == 10 && t.as_bytes().get(4) == Some(&b'-') => Err(e),
            Err(_) => Err(bad()),
        }
    }

    /// The date this expression means, counted from `today`.
    pub fn resolve(self, today: NaiveDate, calendar: &WorkCalendar) -> NaiveDate {
        match self {
            DateExpr::On(d) => d,
            DateExpr::CalendarDays(n) => today + Days::new(u64::from(n)),
            DateExpr::WorkingDays(n) => calendar.add_working_days(today, n),
        }
    }
}

/// Parses and resolves in one step.
pub fn parse_date_expr(
    field: &'static str,
    text: &str,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, InputError> {
    DateExpr::parse(field, text).map(|e| e.resolve(today, calendar))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn expressions() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        let cases = [
            ("2026-12-01", "2026-12-01"),
            ("+10d", "2026-12-05"),
            ("+5wd", "2026-12-02"),
            (" +0d ", "2026-11-25"),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_date_expr("due", text, today, &cal).unwrap(),
                d(want),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_expressions_name_the_accepted_forms() {
        let cal = WorkCalendar::default();
        let today = d("2026-11-25");
        for bad in [
            "12/01/2026",
            "tomorrow-ish",
            "+d",
            "+5w",
            "+-3d",
            "5wd",
            "+99999d",
        ] {
            let e = parse_date_expr("due", bad, today, &cal).unwrap_err();
            assert!(
                matches!(e.problem, Problem::NotADateExpression { .. }),
                "{bad}"
            );
            assert!(e.to_string().contains("+Nwd"), "{bad}");
        }
        let e = parse_date_expr("due", "2026-02-30", today, &cal).unwrap_err();
        assert!(matches!(e.problem, Problem::NotADate { .. }));
    }
}

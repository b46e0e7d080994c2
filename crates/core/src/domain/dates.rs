//! Date expressions a clerk types: `2026-12-01`, `+10d` (calendar days), `+5wd` (working days).

use chrono::{Datelike, Days, NaiveDate};

use super::calendar::WorkCalendar;
use super::item::SourceKind;
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

/// Parses and resolves in one step, counting from `base` (today, or for an extension the
/// current deadline); the date must fall in the office's years.
pub fn parse_date_expr(
    field: &'static str,
    text: &str,
    base: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, InputError> {
    let expr = DateExpr::parse(field, text)?;
    validate::in_office_years(field, expr.resolve(base, calendar))
}

/// A deadline or due date that fell on a non-working day and was moved to the next working day
/// (顺延); the clerk is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Postponed {
    /// The field the date was typed into (or that was defaulted).
    pub field: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Postponed {
    /// Moved back (a year-end deadline kept in its year), not on to a later day.
    pub fn moved_back(&self) -> bool {
        self.to < self.from
    }
}

/// A deadline as the office keeps it: on a working day, in the office's years. A date that
/// falls on a non-working day moves to the next working day (顺延), and says so.
pub fn working_deadline(
    field: &'static str,
    day: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<(NaiveDate, Option<Postponed>), InputError> {
    item_deadline(field, day, None, calendar)
}

/// [`working_deadline`] for an item of a known source kind: an annual key work's deadline
/// belongs to its year (DOMAIN.md), so when the next working day would fall in the next year it
/// moves back to the year's last working day instead.
pub fn item_deadline(
    field: &'static str,
    day: NaiveDate,
    kind: Option<SourceKind>,
    calendar: &WorkCalendar,
) -> Result<(NaiveDate, Option<Postponed>), InputError> {
    validate::in_office_years(field, day)?;
    let next = calendar.next_working_day(day);
    let to = if kind == Some(SourceKind::AnnualKeyWork) && next.year() > day.year() {
        calendar.previous_working_day(day)
    } else {
        next
    };
    let to = validate::in_office_years(field, to)?;
    let postponed = (to != day).then_some(Postponed {
        field,
        from: day,
        to,
    });
    Ok((to, postponed))
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
    fn expressions_count_from_their_base() {
        let cal = WorkCalendar::default();
        // An extension counts from the current deadline, not from today.
        let deadline = d("2026-12-10");
        let cases = [
            ("+5wd", "2026-12-17"),
            ("+3d", "2026-12-13"),
            ("2026-12-20", "2026-12-20"),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_date_expr("--to", text, deadline, &cal).unwrap(),
                d(want),
                "{text}"
            );
        }
    }

    #[test]
    fn expressions_that_land_outside_the_office_years_are_refused() {
        let cal = WorkCalendar::default();
        let cases = [
            ("2099-12-25", "+7d", false),
            ("2099-12-25", "+6d", true),
            ("2099-12-25", "+9999d", false),
            ("2099-12-25", "+9999wd", false),
            ("2099-12-25", "+2d", true),
            ("2026-11-25", "0000-01-01", false),
            ("2026-11-25", "9999-12-31", false),
            ("2026-11-25", "1999-12-31", false),
        ];
        for (base, text, ok) in cases {
            let got = parse_date_expr("until", text, d(base), &cal);
            match got {
                Ok(day) => assert!(ok, "{text} from {base} gave {day}"),
                Err(e) => {
                    assert!(!ok, "{text} from {base}: {e}");
                    assert_eq!(e.field, "until");
                    assert!(
                        matches!(e.problem, Problem::YearOutOfRange { .. }),
                        "{text}: {e}"
                    );
                }
            }
        }
    }

    #[test]
    fn deadlines_on_non_working_days_move_to_the_next_working_day() {
        let cal = WorkCalendar::default();
        // 2026: National Day holiday 10-01..10-07, 10-10 (Saturday) a make-up working day.
        let cases = [
            ("2026-11-25", "2026-11-25", false),
            ("2026-11-28", "2026-11-30", true),
            ("2026-11-29", "2026-11-30", true),
            ("2026-10-01", "2026-10-08", true),
            ("2026-10-05", "2026-10-08", true),
        ];
        for (day, want, moved) in cases {
            let (got, postponed) = working_deadline("due", d(day), &cal).unwrap();
            assert_eq!(got, d(want), "{day}");
            assert_eq!(
                postponed,
                moved.then_some(Postponed {
                    field: "due",
                    from: d(day),
                    to: d(want)
                }),
                "{day}"
            );
        }
        // An annual key work's year-end deadline stays in its year: 2028-12-31 is a Sunday, the
        // year's last working day Friday 12-29; any other item's moves on to Monday 2029-01-01.
        let annual = Some(SourceKind::AnnualKeyWork);
        for day in ["2028-12-30", "2028-12-31"] {
            let (got, postponed) = item_deadline("due", d(day), annual, &cal).unwrap();
            assert_eq!(got, d("2028-12-29"), "{day}");
            assert!(postponed.is_some_and(|p| p.moved_back()), "{day}");
            let other = item_deadline("due", d(day), Some(SourceKind::Document), &cal).unwrap();
            assert_eq!(other.0, d("2029-01-01"), "{day}");
        }
        // A day off within the year still moves on: 2026-10-01 to 10-08 for annual work too.
        assert_eq!(
            item_deadline("due", d("2026-10-01"), annual, &cal)
                .unwrap()
                .0,
            d("2026-10-08")
        );
        // 2099-12-31 is a Thursday; a Saturday at the end of the range may not move past it.
        assert!(working_deadline("due", d("2099-12-31"), &cal).is_ok());
        assert!(working_deadline("due", d("2100-01-04"), &cal).is_err());
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

//! The period a bulletin covers: a week, month, quarter or year, or any span of days.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::code_enum;

code_enum! {
    /// How long a bulletin's period is.
    PeriodKind {
        Week = "week",
        Month = "month",
        Quarter = "quarter",
        Year = "year",
    }
}

/// The days a bulletin covers, both included, and the day it is computed as of: the history up
/// to the end of `as_of` (never later than `to`) decides every figure, so that a bulletin of a
/// past period gives the same figures whenever it is printed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
}

impl Period {
    /// The week (Monday to Sunday), month, quarter or year that holds `at`, as of `at`.
    pub fn holding(kind: PeriodKind, at: NaiveDate) -> Period {
        let (from, to) = match kind {
            PeriodKind::Week => {
                let from = at - Days::new(u64::from(at.weekday().num_days_from_monday()));
                (from, from + Days::new(6))
            }
            PeriodKind::Month => month_span(at.year(), at.month()),
            PeriodKind::Quarter => {
                let first = (at.month() - 1) / 3 * 3 + 1;
                let (from, _) = month_span(at.year(), first);
                let (_, to) = month_span(at.year(), first + 2);
                (from, to)
            }
            PeriodKind::Year => (
                NaiveDate::from_ymd_opt(at.year(), 1, 1).unwrap_or(at),
                NaiveDate::from_ymd_opt(at.year(), 12, 31).unwrap_or(at),
            ),
        };
        Period {
            from,
            to,
            as_of: at,
        }
    }

    /// From `from` to `to`, as of `to`.
    pub fn span(from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            from,
            to,
            as_of: to,
        }
    }

    /// The last day whose events count: the end of the period, or the as-of day when earlier.
    pub fn end(&self) -> NaiveDate {
        self.to.min(self.as_of)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.end()
    }

    /// The period of the same kind just before (`[` in the report screen) or after (`]`), as of
    /// its own last day.
    pub fn step(&self, kind: PeriodKind, forward: bool) -> Period {
        let at = if forward {
            self.to + Days::new(1)
        } else {
            self.from - Days::new(1)
        };
        let next = Period::holding(kind, at);
        Period {
            as_of: next.to,
            ..next
        }
    }
}

fn month_span(year: i32, month: u32) -> (NaiveDate, NaiveDate) {
    let from = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or(from);
    (from, next - Days::new(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_hold_their_day() {
        let at = d("2026-11-25");
        let cases = [
            (PeriodKind::Week, "2026-11-23", "2026-11-29"),
            (PeriodKind::Month, "2026-11-01", "2026-11-30"),
            (PeriodKind::Quarter, "2026-10-01", "2026-12-31"),
            (PeriodKind::Year, "2026-01-01", "2026-12-31"),
        ];
        for (kind, from, to) in cases {
            let p = Period::holding(kind, at);
            assert_eq!((p.from, p.to, p.as_of), (d(from), d(to), at), "{kind}");
            assert_eq!(p.end(), at);
        }
        let feb = Period::holding(PeriodKind::Month, d("2028-02-10"));
        assert_eq!(feb.to, d("2028-02-29"));
        let q1 = Period::holding(PeriodKind::Quarter, d("2026-03-31"));
        assert_eq!((q1.from, q1.to), (d("2026-01-01"), d("2026-03-31")));
    }

    #[test]
    fn stepping_moves_a_whole_period_as_of_its_end() {
        let oct =
            Period::holding(PeriodKind::Month, d("2026-11-25")).step(PeriodKind::Month, false);
        assert_eq!(
            (oct.from, oct.to, oct.as_of),
            (d("2026-10-01"), d("2026-10-31"), d("2026-10-31"))
        );
        let dec = oct
            .step(PeriodKind::Month, true)
            .step(PeriodKind::Month, true);
        assert_eq!(dec.from, d("2026-12-01"));
        let span = Period::span(d("2026-10-10"), d("2026-10-20"));
        assert!(span.contains(d("2026-10-20")) && !span.contains(d("2026-10-21")));
    }
}

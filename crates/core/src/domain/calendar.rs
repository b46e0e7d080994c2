//! The working-day calendar: weekends off, plus published public holidays and make-up working
//! days (调休). Years whose notice is not in the calendar fall back to Monday–Friday.
//!
//! Counting is O(1): the calendar keeps a running count of working days for a fixed span of
//! years, so the warning light of 100,000 items costs no day-by-day loops.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The calendar shipped with duban (2025 and 2026 Chinese public holidays).
pub const DEFAULT_CALENDAR: &str = include_str!("../../assets/calendar-cn.txt");

/// First and last day the running count covers (2000–2059); outside it counting walks day by
/// day. Every start of the program builds it, so it is kept to the years an office uses.
const SPAN_START: (i32, u32, u32) = (2000, 1, 1);
const SPAN_DAYS: usize = 60 * 366;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("calendar line {line}: {problem}")]
pub struct CalendarError {
    pub line: usize,
    pub problem: String,
}

/// One year's notice: its days off and its make-up working days (调休上班), each with the
/// holiday's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearNotice {
    pub off: BTreeMap<NaiveDate, String>,
    pub work: BTreeMap<NaiveDate, String>,
}

#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// Days off that would otherwise be working days, with the holiday's name.
    holidays: BTreeMap<NaiveDate, String>,
    /// Weekend days that are working days.
    make_up: BTreeMap<NaiveDate, String>,
    /// Years whose notice is complete in this calendar.
    years: BTreeSet<i32>,
    span_start: NaiveDate,
    /// `running[i]` = working days in `[span_start, span_start + i)`.
    running: Vec<u32>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        // The shipped calendar is tested to parse; an empty calendar is the safe fallback.
        Self::parse(DEFAULT_CALENDAR)
            .unwrap_or_else(|_| Self::build(BTreeMap::new(), BTreeMap::new(), BTreeSet::new()))
    }
}

impl WorkCalendar {
    /// A calendar with weekends only (no holidays, no make-up days).
    pub fn weekends_only() -> Self {
        Self::build(BTreeMap::new(), BTreeMap::new(), BTreeSet::new())
    }

    /// Parses the calendar text format (see `crates/core/assets/calendar-cn.txt`).
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let mut holidays = BTreeMap::new();
        let mut make_up = BTreeMap::new();
        let mut years = BTreeSet::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let err = |problem: String| CalendarError { line, problem };
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let mut parts = content.split_whitespace();
            let keyword = parts.next().unwrap_or("");
            let value = parts.next().unwrap_or("");
            let name = parts.collect::<Vec<_>>().join(" ");
            if name
                .chars()
                .any(|c| c.is_control() || crate::text::invisible(c))
            {
                return Err(err(
                    "the day's name holds a control or invisible character; write it as plain text"
                        .into(),
                ));
            }
            match keyword {
                "year" => {
                    let year: i32 = value.parse().map_err(|_| {
                        err(format!("'{}' is not a year", crate::text::safe(value)))
                    })?;
                    years.insert(year);
                }
                "off" => {
                    let (from, to) = match value.split_once("..") {
                        Some((a, b)) => (parse_day(a, line)?, parse_day(b, line)?),
                        None => {
                            let day = parse_day(value, line)?;
                            (day, day)
                        }
                    };
                    if to < from {
                        return Err(err(format!("range {value} ends before it starts")));
                    }
                    let mut day = from;
                    while day <= to {
                        holidays.insert(day, name.clone());
                        day = day + Days::new(1);
                    }
                }
                "work" => {
                    let day = parse_day(value, line)?;
                    make_up.insert(day, name);
                }
                other => {
                    return Err(err(format!(
                        "unknown keyword '{}' (expected year, off or work)",
                        crate::text::safe(other)
                    )));
                }
            }
        }
        Ok(Self::build(holidays, make_up, years))
    }

    fn build(
        holidays: BTreeMap<NaiveDate, String>,
        make_up: BTreeMap<NaiveDate, String>,
        years: BTreeSet<i32>,
    ) -> Self {
        let span_start = NaiveDate::from_ymd_opt(SPAN_START.0, SPAN_START.1, SPAN_START.2)
            .unwrap_or(NaiveDate::MIN);
        let mut cal = Self {
            holidays,
            make_up,
            years,
            span_start,
            running: Vec::new(),
        };
        // The rule of `is_working_day`, day by day over the span, without a lookup per day: every
        // program start builds this.
        let first = span_start.weekday().num_days_from_monday() as usize;
        let mut working: Vec<bool> = (0..SPAN_DAYS).map(|i| (first + i) % 7 < 5).collect();
        for (days, is_working) in [(&cal.holidays, false), (&cal.make_up, true)] {
            for day in days.keys() {
                if let Some(slot) = cal.index(*day).and_then(|i| working.get_mut(i)) {
                    *slot = is_working;
                }
            }
        }
        let mut running = Vec::with_capacity(SPAN_DAYS + 1);
        let mut count = 0u32;
        running.push(0);
        for is_working in working {
            count += u32::from(is_working);
            running.push(count);
        }
        cal.running = running;
        cal
    }

    /// The calendar's days grouped by year: each year with a notice (or with any day named),
    /// its days off and its make-up working days.
    pub fn notices(&self) -> BTreeMap<i32, YearNotice> {
        let mut out: BTreeMap<i32, YearNotice> = self
            .years
            .iter()
            .map(|y| (*y, YearNotice::default()))
            .collect();
        for (day, name) in &self.holidays {
            out.entry(day.year())
                .or_default()
                .off
                .insert(*day, name.clone());
        }
        for (day, name) in &self.make_up {
            out.entry(day.year())
                .or_default()
                .work
                .insert(*day, name.clone());
        }
        out
    }

    /// This calendar with the notices of some years replaced whole (the office's own entry of
    /// a year's notice wins over the shipped one); each of those years counts as covered.
    pub fn with_notices(&self, replacing: &BTreeMap<i32, YearNotice>) -> Self {
        let mut all = self.notices();
        for (year, notice) in replacing {
            all.insert(*year, notice.clone());
        }
        let mut holidays = BTreeMap::new();
        let mut make_up = BTreeMap::new();
        let mut years = BTreeSet::new();
        for (year, notice) in all {
            if self.years.contains(&year) || replacing.contains_key(&year) {
                years.insert(year);
            }
            holidays.extend(notice.off);
            make_up.extend(notice.work);
        }
        Self::build(holidays, make_up, years)
    }

    /// The calendar in its text format, one day a line, in a fixed order: what the rules
    /// fingerprint hashes, so that two calendars with the same days give the same text.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for (year, notice) in self.notices() {
            if self.years.contains(&year) {
                out.push_str(&format!("year {year}\n"));
            }
            for day in notice.off.keys() {
                out.push_str(&format!("off {day}\n"));
            }
            for day in notice.work.keys() {
                out.push_str(&format!("work {day}\n"));
            }
        }
        out
    }

    /// Whether the published notice of this year is in the calendar.
    pub fn covers_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years covered by a published notice.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The open deadlines that fall on a day off under this calendar: a calendar entered or
    /// changed after they were set (DOMAIN.md: the deadline is kept, and the clerk is told).
    pub fn deadlines_on_days_off<N>(
        &self,
        deadlines: impl IntoIterator<Item = (N, NaiveDate)>,
    ) -> Vec<(N, NaiveDate)> {
        deadlines
            .into_iter()
            .filter(|(_, d)| !self.is_working_day(*d))
            .collect()
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        // Within the span, the running count says it without a lookup: periodic due dates ask
        // this for every period of every item.
        if let Some(i) = self.index(day)
            && let (Some(a), Some(b)) = (self.running.get(i), self.running.get(i + 1))
        {
            return b > a;
        }
        if self.make_up.contains_key(&day) {
            return true;
        }
        if self.holidays.contains_key(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The holiday or make-up name of a day, if it has one.
    pub fn day_name(&self, day: NaiveDate) -> Option<&str> {
        self.holidays
            .get(&day)
            .or_else(|| self.make_up.get(&day))
            .map(String::as_str)
    }

    fn index(&self, day: NaiveDate) -> Option<usize> {
        let offset = (day - self.span_start).num_days();
        usize::try_from(offset).ok().filter(|&i| i < SPAN_DAYS)
    }

    /// Working days `d` with `from < d <= to`; negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        if let (Some(a), Some(b)) = (self.index(from), self.index(to)) {
            // running[i + 1] counts days up to and including span_start + i.
            return i64::from(self.running[b + 1]) - i64::from(self.running[a + 1]);
        }
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The day that is `n` working days after `from` (`n = 0` gives `from` itself).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The last working day on or before `day`.
    pub fn previous_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day;
        while !self.is_working_day(d) {
            match d.pred_opt() {
                Some(p) => d = p,
                None => return day,
            }
        }
        d
    }

    /// The first working day on or after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day;
        while !self.is_working_day(d) {
            d = d + Days::new(1);
        }
        d
    }
}

fn parse_day(text: &str, line: usize) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CalendarError {
        line,
        problem: format!("'{}' is not a date (YYYY-MM-DD)", text.trim()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    static CAL: std::sync::LazyLock<WorkCalendar> = std::sync::LazyLock::new(WorkCalendar::default);

    #[test]
    fn shipped_calendar_parses_and_covers_2025_2026() {
        let cal = WorkCalendar::parse(DEFAULT_CALENDAR).unwrap();
        assert!(cal.covers_year(2025));
        assert!(cal.covers_year(2026));
        assert!(!cal.covers_year(2027));
        assert_eq!(cal.day_name(d("2026-10-03")), Some("国庆节 National Day"));
    }

    #[test]
    fn published_checks() {
        let cal = WorkCalendar::default();
        let cases = [
            ("2026-11-25", 5, "2026-12-02"),
            ("2026-09-18", 1, "2026-09-20"),
            ("2026-09-30", 1, "2026-10-08"),
            ("2026-02-13", 1, "2026-02-14"),
            ("2026-11-25", 0, "2026-11-25"),
            ("2025-12-31", 1, "2026-01-04"), // make-up Sunday
        ];
        for (from, n, want) in cases {
            assert_eq!(cal.add_working_days(d(from), n), d(want), "{from} + {n} wd");
        }
    }

    #[test]
    fn weekends_and_makeup() {
        let cal = WorkCalendar::default();
        assert!(!cal.is_working_day(d("2026-11-28"))); // Saturday
        assert!(cal.is_working_day(d("2026-10-10"))); // make-up Saturday
        assert!(!cal.is_working_day(d("2026-10-05"))); // National Day Monday
        assert!(cal.is_working_day(d("2027-01-01"))); // 2027 unknown: a Friday works
    }

    #[test]
    fn counting_is_signed_and_exclusive_of_start() {
        let cal = WorkCalendar::default();
        assert_eq!(
            cal.working_days_between(d("2026-11-25"), d("2026-12-02")),
            5
        );
        assert_eq!(
            cal.working_days_between(d("2026-12-02"), d("2026-11-25")),
            -5
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-25"), d("2026-11-25")),
            0
        );
        // Outside the running-count span the slow path agrees.
        assert_eq!(
            cal.working_days_between(d("1980-01-01"), d("1980-01-08")),
            5
        );
    }

    #[test]
    fn a_year_entered_replaces_that_year_and_keeps_the_others() {
        let cal = WorkCalendar::default();
        let mut notice = YearNotice::default();
        notice.off.insert(d("2027-01-01"), "元旦".into());
        notice.work.insert(d("2027-01-02"), "调休".into());
        let mut replacing = BTreeMap::new();
        replacing.insert(2027, notice);
        let merged = cal.with_notices(&replacing);
        assert!(merged.covers_year(2025) && merged.covers_year(2026));
        assert!(merged.covers_year(2027));
        assert!(!merged.is_working_day(d("2027-01-01")));
        assert!(merged.is_working_day(d("2027-01-02"))); // a Saturday worked
        assert!(!merged.is_working_day(d("2026-10-05")));
        // Replacing 2026 with an empty notice makes its National Day a working Monday.
        let mut empty = BTreeMap::new();
        empty.insert(2026, YearNotice::default());
        let bare = cal.with_notices(&empty);
        assert!(bare.is_working_day(d("2026-10-05")));
        assert!(bare.covers_year(2026));
        assert_ne!(bare.canonical(), cal.canonical());
        assert_eq!(
            WorkCalendar::default().canonical(),
            cal.with_notices(&BTreeMap::new()).canonical()
        );
    }

    #[test]
    fn bad_calendar_lines_are_named() {
        let err = WorkCalendar::parse("year 2026\noff 2026-02-30 x").unwrap_err();
        assert_eq!(err.line, 2);
        let err = WorkCalendar::parse("holiday 2026-01-01").unwrap_err();
        assert!(err.problem.contains("unknown keyword"));
        // A name or keyword with an escape sequence is refused, never echoed raw.
        let err = WorkCalendar::parse("year 2026\noff 2026-10-01 国庆\u{1b}[2J").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.problem.contains("control or invisible"),
            "{}",
            err.problem
        );
        let err = WorkCalendar::parse("off\u{202e} 2026-10-01").unwrap_err();
        assert!(!err.problem.contains('\u{202e}'), "{}", err.problem);
        let err = WorkCalendar::parse("year 20\u{1b}26").unwrap_err();
        assert!(!err.problem.contains('\u{1b}'), "{}", err.problem);
    }

    #[test]
    fn the_running_count_agrees_with_each_day_over_the_whole_span() {
        let cal = &*CAL;
        let start = d("2000-01-01");
        let mut day = start;
        for _ in 0..SPAN_DAYS {
            let next = day + Days::new(1);
            assert_eq!(
                cal.working_days_between(day, next),
                i64::from(cal.is_working_day(next)),
                "{next}"
            );
            day = next;
        }
        assert!(cal.working_days_between(start, day) > 0);
    }

    proptest! {
        #[test]
        fn add_then_count_round_trips(offset in 0i64..20_000, n in 0u32..400) {
            let cal = &*CAL;
            let from = d("2000-01-01") + chrono::Duration::days(offset);
            let to = cal.add_working_days(from, n);
            prop_assert_eq!(cal.working_days_between(from, to), i64::from(n));
            prop_assert!(n == 0 || cal.is_working_day(to));
        }

        #[test]
        fn fast_count_equals_slow_walk(a in 0i64..3_000, len in 0i64..200) {
            let cal = &*CAL;
            let from = d("2024-06-01") + chrono::Duration::days(a);
            let to = from + chrono::Duration::days(len);
            let mut slow = 0;
            let mut day = from;
            while day < to { day = day + Days::new(1); if cal.is_working_day(day) { slow += 1; } }
            prop_assert_eq!(cal.working_days_between(from, to), slow);
        }
    }
}

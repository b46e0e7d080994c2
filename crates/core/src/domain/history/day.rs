//! Days as events and columns write them, `YYYY-MM-DD`, read without chrono's format
//! interpreter: a replay of the whole history reads millions of them.

use chrono::NaiveDate;

/// The day `text` names, exactly as `NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()` reads
/// it: the ten characters every writer writes are read directly, anything else by chrono.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let digits = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    #[test]
    fn reads_every_day_as_chrono_does() {
        let mut d = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2101, 12, 31).unwrap();
        while d <= end {
            let text = d.format("%Y-%m-%d").to_string();
            assert_eq!(parse(&text), Some(d), "{text}");
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn reads_what_is_not_a_day_or_not_written_so_as_chrono_does() {
        for text in [
            "",
            "2026-02-29",
            "2028-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            "2026-1-5",
            "2026-01-5",
            "+2026-01-05",
            "2026/01/05",
            "2026-01-05 ",
            " 2026-01-05",
            "２０２６-01-05",
            "20260-1-05",
            "2026-0a-05",
            "-202-01-05",
            "2026-01-05T",
            "12345-01-01",
        ] {
            assert_eq!(parse(text), chrono(text), "{text:?}");
        }
    }
}

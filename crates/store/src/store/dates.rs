//! Days and moments as the store writes them (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`), without a
//! format interpreter: the event payloads, the item's columns and every backend's text share
//! these functions.

use chrono::{NaiveDate, NaiveDateTime};

/// A day as `YYYY-MM-DD`.
pub fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = String::with_capacity(10);
    push_digits(&mut s, d.year().unsigned_abs(), 4);
    s.push('-');
    push_digits(&mut s, d.month(), 2);
    s.push('-');
    push_digits(&mut s, d.day(), 2);
    s
}

/// Parses `YYYY-MM-DD` from raw bytes (a column's, an event's day), without a format
/// interpreter: lists decode many of these, and the audit one per event.
pub fn parse_day_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// Pushes `n` as exactly `width` decimal digits (dates and times: no format interpreter).
fn push_digits(s: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width.saturating_sub(1));
    while div > 0 {
        s.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// A moment as `YYYY-MM-DDTHH:MM:SS` (to the second).
pub fn stamp(t: NaiveDateTime) -> String {
    use chrono::Timelike;
    let mut s = day(t.date());
    s.push('T');
    push_digits(&mut s, t.hour(), 2);
    s.push(':');
    push_digits(&mut s, t.minute(), 2);
    s.push(':');
    push_digits(&mut s, t.second(), 2);
    s
}

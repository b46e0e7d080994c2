//! Days and moments as the store writes them (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`), without a
//! format interpreter: the event payloads, the item's columns and every backend's text share
//! these two functions.

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

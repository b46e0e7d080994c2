//! A small JSON object writer that writes text directly, without building a tree: the `data`
//! of events, and list output of thousands of items.
//!
//! The encoding is deterministic (the same values always give the same bytes: keys in the
//! order the code writes them, no spaces, integers as integers), so that events can later be
//! hashed into a tamper-evident chain.

use crate::domain::history::Value;

#[derive(Debug, Default)]
pub struct JsonObject {
    buf: String,
    /// Where this object starts in `buf`.
    start: usize,
}

impl JsonObject {
    pub fn new() -> Self {
        Self {
            buf: String::with_capacity(256),
            start: 0,
        }
    }

    /// Continues writing at the end of `buf` (which the object then gives back by `finish`):
    /// long lists write every item into one buffer.
    pub fn appending_to(buf: String) -> Self {
        let start = buf.len();
        Self { buf, start }
    }

    /// Keys are names written in the code (ASCII letters and underscores): no escaping.
    fn key(&mut self, key: &str) {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        self.buf.push_str(if self.buf.len() == self.start {
            "{\""
        } else {
            ",\""
        });
        self.buf.push_str(key);
        self.buf.push_str("\":");
    }

    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        push_str_literal(&mut self.buf, value);
        self
    }

    pub fn opt_str(mut self, key: &str, value: Option<&str>) -> Self {
        self.key(key);
        push_opt_str(&mut self.buf, value);
        self
    }

    pub fn int(mut self, key: &str, value: i64) -> Self {
        self.key(key);
        push_int(&mut self.buf, value);
        self
    }

    pub fn opt_int(mut self, key: &str, value: Option<i64>) -> Self {
        self.key(key);
        push_opt_int(&mut self.buf, value);
        self
    }

    pub fn opt_real(mut self, key: &str, value: Option<f64>) -> Self {
        self.key(key);
        match value.filter(|v| v.is_finite()) {
            Some(v) => self.buf.push_str(
                &serde_json::Number::from_f64(v).map_or("null".into(), |n| n.to_string()),
            ),
            None => self.buf.push_str("null"),
        }
        self
    }

    pub fn opt_day(mut self, key: &str, value: Option<chrono::NaiveDate>) -> Self {
        self.key(key);
        push_opt_day(&mut self.buf, value);
        self
    }

    /// A nested object written by `f`.
    pub fn object(mut self, key: &str, inner: JsonObject) -> Self {
        self.key(key);
        self.buf.push_str(&inner.finish());
        self
    }

    /// A value that is JSON already.
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.buf.push_str(json);
        self
    }

    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.buf.push_str(if value { "true" } else { "false" });
        self
    }

    pub fn null(mut self, key: &str) -> Self {
        self.key(key);
        self.buf.push_str("null");
        self
    }

    pub fn strs(mut self, key: &str, values: &[String]) -> Self {
        self.key(key);
        self.buf.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            push_str_literal(&mut self.buf, v);
        }
        self.buf.push(']');
        self
    }

    /// A nested object of column values.
    pub fn columns<'c>(
        mut self,
        key: &str,
        columns: impl Iterator<Item = (&'c str, &'c Value)>,
    ) -> Self {
        self.key(key);
        let mut inner = JsonObject::new();
        for (name, value) in columns {
            inner = inner.value(name, value);
        }
        self.buf.push_str(&inner.finish());
        self
    }

    /// A column's value, as the history records it.
    pub fn value(self, key: &str, value: &Value) -> Self {
        match value {
            Value::Null => self.null(key),
            Value::Int(i) => self.int(key, *i),
            Value::Real(f) => self.opt_real(key, Some(*f)),
            Value::Text(t) => self.str(key, t),
        }
    }

    pub fn finish(mut self) -> String {
        if self.buf.len() == self.start {
            self.buf.push('{');
        }
        self.buf.push('}');
        self.buf
    }
}

pub fn push_int(buf: &mut String, value: i64) {
    let mut text = [0u8; 20];
    let digits = write_u64(&mut text, value.unsigned_abs());
    if value < 0 {
        buf.push('-');
    }
    push_ascii(buf, digits);
}

/// Writes `n` in decimal at the end of `text` and returns the digits.
fn write_u64(text: &mut [u8; 20], mut n: u64) -> &[u8] {
    let mut i = text.len();
    loop {
        i -= 1;
        text[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &text[i..]
}

/// Appends `n` as decimal digits to `buf`, zero-padded to `width`.
pub fn push_padded(buf: &mut String, n: u64, width: usize) {
    let mut text = [b'0'; 20];
    let len = write_u64(&mut text, n).len().max(width.min(20));
    push_ascii(buf, &text[20 - len..]);
}

/// Appends a day as a JSON string (`"2026-02-03"`), or `null`.
pub fn push_opt_day(buf: &mut String, value: Option<chrono::NaiveDate>) {
    use chrono::Datelike;
    match value {
        Some(d) => {
            let mut text = *b"\"0000-00-00\"";
            let year = d.year().unsigned_abs();
            put_two_digits(&mut text[1..3], year / 100);
            put_two_digits(&mut text[3..5], year);
            put_two_digits(&mut text[6..8], d.month());
            put_two_digits(&mut text[9..11], d.day());
            push_ascii(buf, &text);
        }
        None => buf.push_str("null"),
    }
}

/// Appends an integer, or `null`.
pub fn push_opt_int(buf: &mut String, value: Option<i64>) {
    match value {
        Some(v) => push_int(buf, v),
        None => buf.push_str("null"),
    }
}

/// Appends a string literal, or `null`.
pub fn push_opt_str(buf: &mut String, value: Option<&str>) {
    match value {
        Some(v) => push_str_literal(buf, v),
        None => buf.push_str("null"),
    }
}

/// Writes the last two decimal digits of `n` into `out[..2]` (dates: lists write thousands).
fn put_two_digits(out: &mut [u8], n: u32) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let at = (n % 100) as usize * 2;
    if let (Some(out), Some(pair)) = (out.get_mut(..2), PAIRS.get(at..at + 2)) {
        out.copy_from_slice(pair);
    }
}

/// Appends ASCII bytes (digits and punctuation the writer made itself).
fn push_ascii(buf: &mut String, ascii: &[u8]) {
    debug_assert!(ascii.is_ascii());
    buf.push_str(std::str::from_utf8(ascii).unwrap_or_default());
}

/// The bytes a JSON string cannot hold as they are: control characters, DEL, `"` and `\`.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[0x7f] = true;
    table
};

pub fn push_str_literal(buf: &mut String, s: &str) {
    buf.push('"');
    if !s.bytes().any(|b| NEEDS_ESCAPE[usize::from(b)]) {
        buf.push_str(s);
        buf.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                buf.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_days() {
        let text = JsonObject::new()
            .int("a", 0)
            .int("b", i64::MIN)
            .int("c", 1234567)
            .opt_day("d", chrono::NaiveDate::from_ymd_opt(2026, 2, 3))
            .opt_day("e", None)
            .opt_day("f", chrono::NaiveDate::from_ymd_opt(987, 12, 31))
            .finish();
        assert_eq!(
            text,
            r#"{"a":0,"b":-9223372036854775808,"c":1234567,"d":"2026-02-03","e":null,"f":"0987-12-31"}"#
        );
    }

    #[test]
    fn writes_valid_deterministic_json() {
        let before = [
            ("status", Value::Text("assigned".into())),
            ("last_percent", Value::Null),
        ];
        let text = JsonObject::new()
            .str("title", "督办 \"quoted\" \\ \u{1b}[31m\n")
            .int("n", -3)
            .opt_str("none", None)
            .bool("urgent", true)
            .opt_real("points", Some(1.5))
            .strs("co", &["财政局".to_string()])
            .columns("before", before.iter().map(|(k, v)| (*k, v)))
            .finish();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["title"], "督办 \"quoted\" \\ \u{1b}[31m\n");
        assert_eq!(parsed["n"], -3);
        assert_eq!(parsed["before"]["status"], "assigned");
        assert_eq!(parsed["co"][0], "财政局");
        assert_eq!(parsed["points"], 1.5);
        assert_eq!(JsonObject::new().finish(), "{}");
        assert!(!text.contains(' ') || text.contains("督办 "));
    }

    #[test]
    fn padded_numbers_keep_their_digits() {
        let mut text = String::new();
        for (n, width) in [(7, 3), (12345, 3), (0, 1), (2026, 4), (u64::MAX, 2)] {
            push_padded(&mut text, n, width);
            text.push(' ');
        }
        assert_eq!(text, "007 12345 0 2026 18446744073709551615 ");
    }
}

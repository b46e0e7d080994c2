//! A small JSON object writer that writes text directly, without building a tree: the `data`
//! of events, and list output of thousands of items.
//!
//! The encoding is deterministic (the same values always give the same bytes: keys in the
//! order the code writes them, no spaces, integers as integers), so that events can later be
//! hashed into a tamper-evident chain.

use rusqlite::types::Value;

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
        self.buf.push(if self.buf.len() == self.start {
            '{'
        } else {
            ','
        });
        self.buf.push('"');
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
        match value {
            Some(v) => push_str_literal(&mut self.buf, v),
            None => self.buf.push_str("null"),
        }
        self
    }

    pub fn int(mut self, key: &str, value: i64) -> Self {
        self.key(key);
        push_int(&mut self.buf, value);
        self
    }

    pub fn opt_int(self, key: &str, value: Option<i64>) -> Self {
        match value {
            Some(v) => self.int(key, v),
            None => self.null(key),
        }
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
        use chrono::Datelike;
        self.key(key);
        match value {
            Some(d) => {
                self.buf.push('"');
                push_padded(&mut self.buf, d.year().unsigned_abs(), 4);
                self.buf.push('-');
                push_padded(&mut self.buf, d.month(), 2);
                self.buf.push('-');
                push_padded(&mut self.buf, d.day(), 2);
                self.buf.push('"');
            }
            None => self.buf.push_str("null"),
        }
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

    pub fn value(self, key: &str, value: &Value) -> Self {
        match value {
            Value::Null | Value::Blob(_) => self.null(key),
            Value::Integer(i) => self.int(key, *i),
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

fn push_int(buf: &mut String, value: i64) {
    if value < 0 {
        buf.push('-');
    }
    let mut n = value.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        buf.push(char::from(*d));
    }
}

fn push_padded(buf: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width.saturating_sub(1));
    while div > 0 {
        buf.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

fn push_str_literal(buf: &mut String, s: &str) {
    buf.push('"');
    if !s
        .bytes()
        .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f)
    {
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
            .finish();
        assert_eq!(
            text,
            r#"{"a":0,"b":-9223372036854775808,"c":1234567,"d":"2026-02-03","e":null}"#
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
}

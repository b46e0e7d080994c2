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
}

impl JsonObject {
    pub fn new() -> Self {
        Self {
            buf: String::with_capacity(256),
        }
    }

    fn key(&mut self, key: &str) {
        self.buf.push(if self.buf.is_empty() { '{' } else { ',' });
        push_str_literal(&mut self.buf, key);
        self.buf.push(':');
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
        self.buf.push_str(&value.to_string());
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

    pub fn opt_day(self, key: &str, value: Option<chrono::NaiveDate>) -> Self {
        match value {
            Some(d) => self.str(key, &crate::store::day_text(d)),
            None => self.null(key),
        }
    }

    /// A nested object written by `f`.
    pub fn object(mut self, key: &str, inner: JsonObject) -> Self {
        self.key(key);
        self.buf.push_str(&inner.finish());
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
        if self.buf.is_empty() {
            self.buf.push('{');
        }
        self.buf.push('}');
        self.buf
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

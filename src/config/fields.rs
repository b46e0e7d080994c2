//! The rules' settings as the configuration file writes them: the table of keys is the core's
//! ([`crate::domain::rule_keys`], beside the rules); reading a TOML value into one is here.

use crate::domain::ladder::StartHigher;

pub use crate::domain::rule_keys::*;

/// The value of a key read from the file, checked against what the key accepts.
pub fn check(kind: Kind, value: &toml::Value) -> Option<Value> {
    match (kind, value) {
        (Kind::Int { min, max }, toml::Value::Integer(n)) if (min..=max).contains(n) => {
            Some(Value::Int(*n))
        }
        (Kind::Percent, toml::Value::Integer(n)) if (0..=100).contains(n) => Some(Value::Int(*n)),
        (Kind::Points { min, max }, toml::Value::Integer(n))
            if (min..=max).contains(&(*n as f64)) =>
        {
            Some(Value::Num(*n as f64))
        }
        (Kind::Points { min, max }, toml::Value::Float(x))
            if (min..=max).contains(x) && ((x * 100.0).round() - x * 100.0).abs() < 1e-9 =>
        {
            Some(Value::Num(*x))
        }
        (Kind::Weekday, toml::Value::String(s)) => WEEKDAYS
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(s.trim()))
            .map(|(_, w)| Value::Day(*w)),
        (Kind::Marks, toml::Value::Array(items)) => {
            let codes: Option<Vec<&str>> = items.iter().map(toml::Value::as_str).collect();
            StartHigher::from_codes(codes?).map(Value::Marks)
        }
        _ => None,
    }
}

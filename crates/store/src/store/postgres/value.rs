//! Values between duban and PostgreSQL: one parameter type for every column (the store's
//! columns are text, 64-bit integers and doubles, as in SQLite), and the readers of a row's
//! columns into domain types. Dates are kept as `YYYY-MM-DD` text and times as
//! `YYYY-MM-DDTHH:MM:SS`, byte for byte as the SQLite file keeps them, so that both backends
//! hash, compare and export the same bytes.

use bytes::BytesMut;
use chrono::{NaiveDate, NaiveDateTime};
use postgres::Row;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::domain::history::Value;
use crate::error::{Error, Result};
use crate::store::dates::{day, parse_day_bytes};

/// A parameter of any of the store's column types.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Param {
    pub fn day(d: NaiveDate) -> Self {
        Param::Text(day(d))
    }

    pub fn opt_day(d: Option<NaiveDate>) -> Self {
        d.map_or(Param::Null, Param::day)
    }

    pub fn text(t: impl Into<String>) -> Self {
        Param::Text(t.into())
    }

    pub fn opt_text(t: Option<impl Into<String>>) -> Self {
        t.map_or(Param::Null, |t| Param::Text(t.into()))
    }

    pub fn int(i: impl Into<i64>) -> Self {
        Param::Int(i.into())
    }

    pub fn opt_int(i: Option<impl Into<i64>>) -> Self {
        i.map_or(Param::Null, |i| Param::Int(i.into()))
    }

    pub fn flag(b: bool) -> Self {
        Param::Int(i64::from(b))
    }

    pub fn opt_real(r: Option<f64>) -> Self {
        r.map_or(Param::Null, Param::Real)
    }
}

impl From<&Value> for Param {
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => Param::Null,
            Value::Int(i) => Param::Int(*i),
            Value::Real(r) => Param::Real(*r),
            Value::Text(t) => Param::Text(t.clone()),
        }
    }
}

impl ToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Param::Null => Ok(IsNull::Yes),
            // An integer column may be a 32-bit one (`item_days`' days).
            Param::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Param::Int(i) => i.to_sql(ty, out),
            Param::Real(r) => r.to_sql(ty, out),
            Param::Text(t) => t.as_str().to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8 | Type::INT4 | Type::FLOAT8 | Type::TEXT | Type::VARCHAR | Type::BYTEA
        )
    }

    to_sql_checked!();
}

/// The parameters of a statement, as the client takes them.
pub fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// A column that is not what this build writes.
pub fn bad(index: usize, what: &str) -> Error {
    Error::Database(format!("column {index}: {what}").into())
}

pub fn int(r: &Row, i: usize) -> Result<i64> {
    Ok(r.try_get::<_, i64>(i)?)
}

pub fn opt_int(r: &Row, i: usize) -> Result<Option<i64>> {
    Ok(r.try_get::<_, Option<i64>>(i)?)
}

pub fn text(r: &Row, i: usize) -> Result<String> {
    Ok(r.try_get::<_, String>(i)?)
}

pub fn opt_text(r: &Row, i: usize) -> Result<Option<String>> {
    Ok(r.try_get::<_, Option<String>>(i)?)
}

pub fn flag(r: &Row, i: usize) -> Result<bool> {
    Ok(int(r, i)? != 0)
}

pub fn opt_real(r: &Row, i: usize) -> Result<Option<f64>> {
    Ok(r.try_get::<_, Option<f64>>(i)?)
}

pub fn real(r: &Row, i: usize) -> Result<f64> {
    Ok(r.try_get::<_, f64>(i)?)
}

pub fn opt_day(r: &Row, i: usize) -> Result<Option<NaiveDate>> {
    match r.try_get::<_, Option<&str>>(i)? {
        None => Ok(None),
        Some(t) => parse_day_bytes(t.as_bytes())
            .map(Some)
            .ok_or_else(|| bad(i, "not a date")),
    }
}

pub fn day_of(r: &Row, i: usize) -> Result<NaiveDate> {
    opt_day(r, i)?.ok_or_else(|| bad(i, "missing date"))
}

pub fn stamp_of(r: &Row, i: usize) -> Result<NaiveDateTime> {
    let t: &str = r.try_get(i)?;
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").map_err(|_| bad(i, "not a time"))
}

pub fn opt_code<T>(r: &Row, i: usize, from: fn(&[u8]) -> Option<T>) -> Result<Option<T>> {
    match r.try_get::<_, Option<&str>>(i)? {
        None => Ok(None),
        Some(t) => from(t.as_bytes())
            .map(Some)
            .ok_or_else(|| bad(i, "unknown code")),
    }
}

pub fn code<T>(r: &Row, i: usize, from: fn(&[u8]) -> Option<T>) -> Result<T> {
    opt_code(r, i, from)?.ok_or_else(|| bad(i, "missing code"))
}

/// A percentage column (0–100).
pub fn opt_percent(r: &Row, i: usize) -> Result<Option<u8>> {
    opt_int(r, i)?
        .map(|p| u8::try_from(p).map_err(|_| bad(i, "not a percentage")))
        .transpose()
}

/// A column as the history's value (what `Rows::column` reads).
pub fn value(r: &Row, i: usize) -> Result<Value> {
    let ty = r.columns().get(i).map(|c| c.type_().clone());
    Ok(match ty {
        Some(Type::INT8) => r
            .try_get::<_, Option<i64>>(i)?
            .map_or(Value::Null, Value::Int),
        Some(Type::INT4) => r
            .try_get::<_, Option<i32>>(i)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Some(Type::FLOAT8) => r
            .try_get::<_, Option<f64>>(i)?
            .map_or(Value::Null, Value::Real),
        _ => r
            .try_get::<_, Option<String>>(i)?
            .map_or(Value::Null, Value::Text),
    })
}

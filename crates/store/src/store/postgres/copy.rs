//! Many rows into a table at once with `COPY … FROM STDIN` (its text format): what a whole
//! office's import and `duban db copy` write, hundreds of thousands of rows, instead of one
//! `INSERT` and one round trip per row.

use std::io::Write;

use postgres::GenericClient;

use crate::error::Result;

/// One field of a row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Field<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Field<'a> {
    pub(super) fn opt_text(t: Option<&'a str>) -> Self {
        t.map_or(Field::Null, Field::Text)
    }

    pub(super) fn opt_int(i: Option<i64>) -> Self {
        i.map_or(Field::Null, Field::Int)
    }

    pub(super) fn opt_real(r: Option<f64>) -> Self {
        r.map_or(Field::Null, Field::Real)
    }

    pub(super) fn flag(b: bool) -> Self {
        Field::Int(i64::from(b))
    }
}

/// The rows of one `COPY`, written as they come.
pub(super) struct Table<'w> {
    out: &'w mut dyn Write,
    line: String,
}

impl Table<'_> {
    /// Writes one row, its fields in the order the `COPY` names the columns.
    pub(super) fn row(&mut self, fields: &[Field<'_>]) -> Result<()> {
        use std::fmt::Write as _;
        self.line.clear();
        for (at, field) in fields.iter().enumerate() {
            if at > 0 {
                self.line.push('\t');
            }
            match field {
                Field::Null => self.line.push_str("\\N"),
                Field::Int(i) => {
                    let _ = write!(self.line, "{i}");
                }
                Field::Real(r) => {
                    let _ = write!(self.line, "{r}");
                }
                Field::Text(t) => escape(&mut self.line, t),
                Field::Bytes(b) => {
                    // bytea's hex form, its backslash escaped for COPY.
                    self.line.push_str("\\\\x");
                    for byte in *b {
                        let _ = write!(self.line, "{byte:02x}");
                    }
                }
            }
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())?;
        Ok(())
    }
}

/// Text as COPY's text format reads it: backslash, tab, newline and carriage return escaped.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
}

/// Runs `COPY {table_and_columns} FROM STDIN` and hands `fill` the table to write its rows into.
pub(super) fn copy(
    c: &mut impl GenericClient,
    table_and_columns: &str,
    fill: impl FnOnce(&mut Table<'_>) -> Result<()>,
) -> Result<u64> {
    let mut writer = c.copy_in(&format!("COPY {table_and_columns} FROM STDIN"))?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut writer);
        let mut table = Table {
            out: &mut out,
            line: String::new(),
        };
        fill(&mut table)?;
        out.flush()?;
    }
    Ok(writer.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_copy_reads_it() {
        let mut out = String::new();
        escape(&mut out, "a\tb\nc\\d\re");
        assert_eq!(out, "a\\tb\\nc\\\\d\\re");
    }

    #[test]
    fn a_row_is_its_fields_tab_separated_with_null_and_bytes_in_copy_form() {
        let mut written = Vec::new();
        let mut table = Table {
            out: &mut written,
            line: String::new(),
        };
        table
            .row(&[
                Field::Int(-3),
                Field::Null,
                Field::Real(2.5),
                Field::Text("河道\t整治"),
                Field::Bytes(&[0, 255]),
            ])
            .unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "-3\t\\N\t2.5\t河道\\t整治\t\\\\x00ff\n"
        );
    }
}

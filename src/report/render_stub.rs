//! STUB for the report screen's export, to be REPLACED AT MERGE by the real renderers of
//! `src/report/render/` (branch `render`). It keeps the signature the report screen calls,
//! `render(&Bulletin, Format, Lang) -> Result<Vec<u8>>`, and returns the figures as JSON whatever
//! the format asked, so that the export form, its file writing and its tests work before the
//! renderers exist. At merge: drop the `#[path]` line in `report/mod.rs` and this file, and let
//! `crate::report::render::render` be the real one (adapting `Format` if it is named otherwise).

use serde_json::{Value, json};

use super::figures::{Bulletin, Row, Tally, shown_rate};
use crate::domain::code_enum;
use crate::error::Result;
use crate::ui::Lang;

code_enum! {
    /// The document formats the report screen exports (Word is being written apart).
    Format {
        Md = "md",
        Csv = "csv",
        Json = "json",
        Html = "html",
    }
}

/// STUB: the figures as JSON, for every format and language.
pub fn render(b: &Bulletin, format: Format, lang: Lang) -> Result<Vec<u8>> {
    let _ = (format, lang);
    let rows = |rows: &[Row]| -> Vec<Value> {
        rows.iter()
            .map(|r| json!({ "key": r.key, "tally": tally(&r.tally) }))
            .collect()
    };
    let doc = json!({
        "from": b.period.from.to_string(),
        "to": b.period.to.to_string(),
        "as_of": b.period.as_of.to_string(),
        "by": b.group_by.code(),
        "rows": rows(&b.rows),
        "total": tally(&b.total),
        "ranking": rows(&b.ranking),
    });
    let mut out = serde_json::to_vec_pretty(&doc).map_err(std::io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}

fn tally(t: &Tally) -> Value {
    json!({
        "in_scope": t.in_scope(),
        "completed": t.completed(),
        "in_progress": t.in_progress(),
        "on_time": t.on_time,
        "late": t.late,
        "open_overdue": t.open_overdue,
        "on_time_rate": shown_rate(t.on_time_rate()),
        "completion_rate": shown_rate(t.completion_rate()),
    })
}

//! duban's core: what the office's work means, with no terminal, no database and no
//! configuration file in it.
//!
//! - `domain`: the rules, each a plain function of plain values (the lifecycle, the lights, the
//!   ladder of accountability, deadlines and the working calendar, the typed history and its
//!   replay);
//! - `report`: the figures of the bulletin and the assessment, their wording in both languages,
//!   and the documents printed from them (text, Markdown, HTML, Word, CSV, JSON);
//! - `lang`: the language type and the domain's names in both languages;
//! - `text`, `clock`, `json`, `spreadsheet`, `files`: display width and safe text, the injected
//!   clock, the JSON writer, the CSV writer, whole-file writes.
//!
//! The crates above it: `duban-store` ← `duban-app` ← `duban-ui` ← `duban` (the binary).

pub mod clock;
pub mod domain;
pub mod files;
pub mod json;
pub mod lang;
pub mod report;
pub mod spreadsheet;
pub mod text;

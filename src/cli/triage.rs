//! `duban triage`: the queue in the interface, or the day's decisions printed for the log;
//! `duban undo` and `duban redo`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use clap::Args;

use super::{Cli, screen};
use crate::app::Office;
use crate::app::triage::Outcome;
use crate::domain::item::ItemNumber;
use crate::domain::validate;
use crate::domain::{Level, Status};
use crate::error::Result;
use crate::store::Event;
use crate::text::safe;

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Print the day's decisions instead of opening the queue.
    #[arg(long)]
    pub summary: bool,
    /// The day to summarise (YYYY-MM-DD; default today).
    #[arg(long, requires = "summary")]
    pub date: Option<String>,
}

/// What an event decided, in the words of the triage summary.
fn outcome(e: &Event) -> Option<Outcome> {
    let text = |k: &str| e.data.get(k).and_then(serde_json::Value::as_str);
    let day = |k: &str| text(k).and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    match e.kind.as_str() {
        "note_added" => text("level").and_then(Level::from_code).map(Outcome::Noted),
        "feedback_added" => Some(Outcome::Feedback),
        "extension_requested" => {
            day("new_deadline").map(|to| Outcome::Extension { granted: false, to })
        }
        "extension_decided" => {
            let to = e
                .data
                .get("after")
                .and_then(|a| a.get("deadline"))
                .and_then(|d| d.as_str());
            to.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
                .map(|to| Outcome::Extension { granted: true, to })
        }
        "status_changed" => text("to").and_then(Status::from_code).map(Outcome::Moved),
        "snoozed" => e
            .data
            .get("after")
            .and_then(|a| a.get("snoozed_until"))
            .and_then(|d| d.as_str())
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .map(Outcome::Snoozed),
        _ => None,
    }
}

/// The day's decisions, one line each: time, item, title, what was decided, by whom.
pub fn summary(cli: &Cli, office: &Office, args: &TriageArgs) -> Result<String> {
    let lang = screen::lang(cli);
    let day = match &args.date {
        Some(d) => validate::date("--date", d)?,
        None => office.today(),
    };
    let events = office.store.decisions_on(day)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {day} · {} {}",
        lang.t(crate::ui::strings::Text::Triage),
        events.len(),
        lang.t(crate::ui::strings::Text::Decided)
    );
    for e in &events {
        let Some(o) = outcome(e) else { continue };
        let number = e
            .data
            .get("number")
            .and_then(|n| n.as_str())
            .and_then(ItemNumber::parse);
        let title = match number {
            Some(n) => office.store.title_of(n)?.unwrap_or_default(),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{} {} {} — {} · {}",
            e.at.format("%H:%M"),
            number.map_or(String::new(), |n| n.to_string()),
            safe(&title),
            lang.outcome(&o),
            safe(&e.actor)
        );
    }
    Ok(out)
}

/// `duban undo` / `duban redo`: the clerk's last action, from the shell.
pub fn undo(cli: &Cli, office: &mut Office, redo: bool) -> Result<String> {
    let lang = screen::lang(cli);
    let result = office.write(|w| if redo { w.redo() } else { w.undo() })?;
    let notice = match result {
        Some(r) if redo => crate::app::state::Notice::Redone(r.items),
        Some(r) => crate::app::state::Notice::Undone(r.items),
        None if redo => crate::app::state::Notice::NothingToRedo,
        None => crate::app::state::Notice::NothingToUndo,
    };
    Ok(format!("{}\n", lang.notice(&notice)))
}

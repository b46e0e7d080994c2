//! `duban triage`: the queue in the interface, or the day's decisions printed for the log;
//! `duban undo` and `duban redo`.

use std::fmt::Write as _;

use clap::Args;

use super::{Cli, screen};
use crate::app::Office;
use crate::app::triage::Outcome;
use crate::domain::history::{Column, EventKind};
use crate::domain::validate;
use crate::error::Result;
use crate::store::Records;
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
fn outcome(kind: &EventKind) -> Option<Outcome> {
    match kind {
        EventKind::NoteAdded { level, .. } => Some(Outcome::Noted(*level)),
        EventKind::FeedbackAdded { .. } => Some(Outcome::Feedback),
        EventKind::ExtensionRequested { new_deadline, .. } => Some(Outcome::Extension {
            granted: false,
            to: *new_deadline,
        }),
        EventKind::ExtensionDecided { on, .. } => on
            .changes
            .after(Column::Deadline)
            .and_then(|d| d.as_day())
            .map(|to| Outcome::Extension { granted: true, to }),
        EventKind::StatusChanged { to, .. } => Some(Outcome::Moved(*to)),
        EventKind::Snoozed { on } => on
            .changes
            .after(Column::SnoozedUntil)
            .and_then(|d| d.as_day())
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
        let Some(o) = outcome(&e.kind) else { continue };
        let number = e.kind.number();
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

//! `duban triage`: the queue in the interface, or the day's decisions printed for the log;
//! `duban undo` and `duban redo`.

use std::fmt::Write as _;

use clap::Args;

use super::document::{Document, check_destination, deliver};
use super::output::Printed;
use super::{Cli, screen};
use crate::app::Office;
use crate::app::triage::Outcome;
use crate::domain::history::{Column, EventKind};
use crate::domain::validate;
use crate::error::Result;
use crate::report::daylog::{DayLog, LogLine};
use crate::store::Records;
use crate::text::safe;

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Print your decisions of the day (recorded under your actor name) instead of opening the queue.
    #[arg(long)]
    pub summary: bool,
    /// The day to summarise (YYYY-MM-DD; default today).
    #[arg(long, requires = "summary")]
    pub date: Option<String>,
    /// The summary as text, or as a printable log (md or docx).
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text, requires = "summary")]
    pub format: SummaryFormat,
    /// Write the log to this file (whole or not at all) instead of printing it.
    #[arg(long, value_name = "FILE", requires = "summary")]
    pub out: Option<std::path::PathBuf>,
}

/// How the day's decisions are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SummaryFormat {
    #[default]
    Text,
    Md,
    Docx,
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

/// The day's decisions, one line each: time, item, title, what was decided, by whom; or the
/// same as a printable log (Markdown or Word).
pub fn summary(cli: &Cli, office: &Office, args: &TriageArgs) -> Result<Printed> {
    let lang = screen::lang(cli);
    check_destination(
        args.format == SummaryFormat::Docx,
        args.out.as_deref(),
        lang,
    )?;
    let day = match &args.date {
        Some(d) => validate::date("--date", d)?,
        None => office.today(),
    };
    let events = office.store.decisions_on(day)?;
    let mut lines = Vec::with_capacity(events.len());
    for e in &events {
        let Some(o) = outcome(&e.kind) else { continue };
        let number = e.kind.number();
        let title = match number {
            Some(n) => office.store.title_of(n)?.unwrap_or_default(),
            None => String::new(),
        };
        lines.push(LogLine {
            time: e.at.format("%H:%M").to_string(),
            number,
            title,
            decision: lang.outcome(&o),
            actor: e.actor.clone(),
        });
    }
    // The clerk's own decisions only, in time order (DayLog::of_clerk).
    let log = DayLog::of_clerk(day, &office.actor, lines);
    let doc = match args.format {
        SummaryFormat::Text => {
            let mut out = String::new();
            let _ = writeln!(out, "{}", lang.summary_heading(day, log.lines.len()));
            for l in &log.lines {
                let _ = writeln!(
                    out,
                    "{} {} {} — {} · {}",
                    l.time,
                    l.number.map_or(String::new(), |n| n.to_string()),
                    safe(&l.title),
                    l.decision,
                    safe(&l.actor)
                );
            }
            Document::Text(out)
        }
        SummaryFormat::Md => Document::Text(log.markdown(lang)),
        SummaryFormat::Docx => Document::Binary(log.docx(lang)?),
    };
    deliver(doc, args.out.as_deref(), lang)
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

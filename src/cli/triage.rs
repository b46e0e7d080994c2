//! `duban triage`: the queue in the interface, or the day's decisions printed for the log;
//! `duban undo` and `duban redo`.

use std::fmt::Write as _;

use clap::Args;

use super::document::{Binary, Document, check_destination, deliver};
use super::output::Printed;
use super::{Cli, screen};
use crate::app::Office;
use crate::cli::error::Result;
use crate::domain::validate;
use crate::report::daylog::{DayLog, LogLine, decisions};
use crate::store::Records;
use crate::text::safe;
use crate::ui::UiWords;

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Print your decisions of the day (recorded under your actor name) instead of opening the queue.
    #[arg(long)]
    pub summary: bool,
    /// The day to summarise (YYYY-MM-DD; default today).
    #[arg(long, requires = "summary")]
    pub date: Option<String>,
    /// The summary as text, as a printable log (md or docx), or as a workbook (xlsx).
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text, requires = "summary")]
    pub format: SummaryFormat,
    /// Write the log to this file (whole or not at all) instead of printing it.
    #[arg(long, value_name = "FILE", requires = "summary")]
    pub out: Option<std::path::PathBuf>,
    /// The office that keeps the log, signed at its foot above the day (落款).
    #[arg(long, env = "DUBAN_OFFICE", value_name = "NAME")]
    pub office: Option<String>,
}

/// How the day's decisions are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SummaryFormat {
    #[default]
    Text,
    Md,
    Docx,
    Xlsx,
}

/// The day's decisions, one line each: time, item, title, what was decided, by whom; or the
/// same as a printable log (Markdown or Word).
pub fn summary(cli: &Cli, office: &Office, args: &TriageArgs) -> Result<Printed> {
    let lang = screen::lang(cli);
    let binary = match args.format {
        SummaryFormat::Docx => Some(Binary::Word),
        SummaryFormat::Xlsx => Some(Binary::Excel),
        SummaryFormat::Text | SummaryFormat::Md => None,
    };
    check_destination(binary, args.out.as_deref(), lang)?;
    let day = match &args.date {
        Some(d) => validate::date("--date", d)?,
        None => office.today(),
    };
    let issuer = super::report::issuer(cli, lang, args.office.as_deref())?;
    let events = office.store.decisions_on(day)?;
    let kinds: Vec<(i64, &crate::domain::history::EventKind)> =
        events.iter().map(|e| (e.batch, &e.kind)).collect();
    let mut lines = Vec::with_capacity(events.len());
    for (i, decision) in decisions(&kinds) {
        let e = &events[i];
        let number = e.kind.number();
        let title = match number {
            Some(n) => office.store.title_of(n)?.unwrap_or_default(),
            None => String::new(),
        };
        lines.push(LogLine {
            time: e.at.format("%H:%M").to_string(),
            number,
            title,
            decision: decision.words(lang),
            actor: e.actor.clone(),
        });
    }
    // The clerk's own decisions only, in time order (DayLog::of_clerk).
    let head = crate::store::audit::paper_head(&office.store, day)?;
    let log = DayLog::of_clerk(day, &office.actor, lines)
        .signed(issuer)
        .with_record_head(head);
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
            if let Some(head) = log.record_head_line(lang) {
                let _ = writeln!(out, "{head}");
            }
            if log.office.is_some() {
                let _ = writeln!(out, "{}", safe(&log.signature(lang).join(" ")));
            }
            Document::Text(out)
        }
        SummaryFormat::Md => Document::Text(log.markdown(lang)),
        SummaryFormat::Docx => Document::Binary(log.docx(lang)?),
        SummaryFormat::Xlsx => Document::Binary(log.xlsx(
            lang,
            &crate::report::render::words::settings_fingerprint_line(
                lang,
                &office.rules,
                &office.calendar,
            ),
        )?),
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

//! Registering items and moving them along: add, lifecycle moves, extensions, milestones.

use clap::{Args, ValueEnum};

use crate::app::Office;
use crate::app::input::{self, ItemInput};
use crate::cli::error::Result;
use crate::domain::Move;
use crate::domain::dates::{DateExpr, Postponed, parse_date_expr, working_deadline};
use crate::domain::extension;
use crate::domain::validate;
use crate::ui::Lang;
use crate::ui::UiWords;
use crate::ui::strings::Done;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What must be done (督查事项), one line, at most 500 characters.
    #[arg(long)]
    pub title: String,
    /// The lead department (牵头单位); unknown departments are created.
    #[arg(long)]
    pub lead: String,
    /// The responsible person (责任人) in the lead department.
    #[arg(long, default_value = "")]
    pub owner: String,
    /// Co-departments (配合单位), comma separated.
    #[arg(long, default_value = "")]
    pub co: String,
    /// meeting, document, instruction, superior, proposal, complaint, annual or other.
    #[arg(long, default_value = "")]
    pub source: String,
    /// The source reference (文号, or the meeting's name and date).
    #[arg(long = "ref", default_value = "")]
    pub source_ref: String,
    /// The leader's instruction (批示) text; needs --leader.
    #[arg(long, default_value = "")]
    pub instruction: String,
    /// The leader who gave the instruction.
    #[arg(long, default_value = "")]
    pub leader: String,
    /// The detailed requirement.
    #[arg(long, default_value = "")]
    pub requirement: String,
    /// Deadline: YYYY-MM-DD, +Nd (calendar days) or +Nwd (working days); default by source kind.
    #[arg(long, default_value = "")]
    pub due: String,
    /// Why the item has no deadline (未明确时限原因); registers it without one.
    #[arg(long, default_value = "")]
    pub no_deadline_reason: String,
    /// once, weekly, monthly, quarterly, annual or staged.
    #[arg(long, default_value = "")]
    pub cadence: String,
    /// Key-matter flags, comma separated: major, difficult, important, leader.
    #[arg(long, default_value = "")]
    pub flags: String,
    /// Urgent (紧急).
    #[arg(long)]
    pub urgent: bool,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// The item's number.
    pub number: String,
    /// The completion report's text, recorded as a completion feedback (required: the
    /// department's report is what the office reviews).
    #[arg(long)]
    pub text: String,
    /// Who reported.
    #[arg(long, default_value = "")]
    pub by: String,
    /// The completion report's file (a PDF, a Word file…), kept with the item as its 办结报告
    /// in the same action.
    #[arg(long)]
    pub attach: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtendArgs {
    /// The item's number.
    pub number: String,
    /// The new deadline: YYYY-MM-DD, +Nd or +Nwd (counted from the current deadline).
    #[arg(long)]
    pub to: String,
    /// Why more time is needed.
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtensionChoice {
    Approve,
    Reject,
}

#[derive(Debug, Args)]
pub struct ExtensionArgs {
    /// The item's number.
    pub number: String,
    /// approve or reject the pending request.
    #[arg(value_enum)]
    pub decision: ExtensionChoice,
    /// The leader who decided it (批准人), recorded in the history.
    #[arg(long)]
    pub approved_by: Option<String>,
}

#[derive(Debug, Args)]
pub struct MilestoneArgs {
    /// The item's number.
    pub number: String,
    /// Title of a new milestone.
    #[arg(long, requires = "due", conflicts_with = "done")]
    pub title: Option<String>,
    /// Due date of the new milestone: YYYY-MM-DD, +Nd or +Nwd.
    #[arg(long, requires = "title")]
    pub due: Option<String>,
    /// Mark milestone K (1, 2, … in the order added) done.
    #[arg(long, value_name = "K", allow_hyphen_values = true)]
    pub done: Option<i64>,
}

/// Tells the clerk, on standard error (standard output stays the record's number or line), that
/// a date moved off a non-working day (顺延).
fn tell(lang: Lang, postponed: Option<Postponed>) {
    if let Some(p) = postponed {
        eprintln!("duban: {}", lang.postponed(&p));
    }
}

pub fn add(office: &mut Office, args: &AddArgs, lang: Lang) -> Result<String> {
    let typed = ItemInput {
        title: args.title.clone(),
        lead: args.lead.clone(),
        owner: args.owner.clone(),
        co: args.co.clone(),
        source_kind: args.source.clone(),
        source_ref: args.source_ref.clone(),
        instruction: args.instruction.clone(),
        leader: args.leader.clone(),
        requirement: args.requirement.clone(),
        due: args.due.clone(),
        no_deadline_reason: args.no_deadline_reason.clone(),
        cadence: args.cadence.clone(),
        flags: args.flags.clone(),
        urgent: args.urgent,
    };
    let (new, postponed) = typed.check_and_tell(office.today(), &office.calendar, &office.rules)?;
    let number = office.write(|w| w.add_item(&new))?;
    tell(lang, postponed);
    Ok(format!("{number}\n"))
}

pub fn move_item(
    office: &mut Office,
    number: &str,
    mv: Move,
    reason: Option<&str>,
    by: Option<&str>,
    lang: Lang,
) -> Result<String> {
    let n = Office::number("number", number)?;
    if let Some(r) = reason {
        validate::text("reason", r, 10_000)?;
    }
    let by = match by {
        Some(b) => Some(validate::line(
            if mv == Move::Acknowledge {
                "--by"
            } else {
                "--approved-by"
            },
            b,
            100,
        )?),
        None => None,
    };
    // A move that set the deadline (a resumption, a proposal's assignment) says so: the row
    // before and after, read in the move's own transaction.
    let (to, before, after) = office.write(|w| {
        let before = w.item(n)?.deadline;
        let to = w.apply_move_by(n, mv, reason, by.as_deref(), None)?;
        Ok((to, before, w.item(n)?.deadline))
    })?;
    if let Some(new) = after.filter(|a| Some(*a) != before) {
        eprintln!(
            "duban: {}",
            lang.deadline_moved(before, new, &office.calendar)
        );
    }
    Ok(lang.done(n, &Done::Moved(to)))
}

pub fn submit(office: &mut Office, args: &SubmitArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let report = input::feedback(&args.text, "100", &args.by)?;
    let file = match &args.attach {
        Some(path) => Some(super::attach::load(
            office,
            path,
            crate::domain::attachment::AttachmentKind::CompletionReport.code(),
            "",
            lang,
        )?),
        None => None,
    };
    // One action: an undo takes the report and its file back together.
    let to = office.write(|w| {
        let to = w.submit(n, Some(&report), None)?;
        if let Some(file) = &file {
            w.attach(n, file, None)?;
        }
        Ok(to)
    })?;
    Ok(lang.done(n, &Done::Moved(to)))
}

pub fn extend(office: &mut Office, args: &ExtendArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let expr = DateExpr::parse("--to", &args.to)?;
    let reason = validate::text("reason", &args.reason, 10_000)?;
    let (today, calendar) = (office.today(), Arc::clone(&office.calendar));
    let (to, postponed) = office.write(|w| {
        let row = w.item(n)?;
        let (to, postponed) = extension::new_deadline(
            "--to",
            expr,
            row.deadline,
            row.source_kind,
            today,
            &calendar,
        )?;
        w.request_extension(n, to, &reason)?;
        Ok((to, postponed))
    })?;
    tell(lang, postponed);
    Ok(lang.done(n, &Done::ExtensionRequested(to)))
}

pub fn extension(office: &mut Office, args: &ExtensionArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let approve = args.decision == ExtensionChoice::Approve;
    let by = match &args.approved_by {
        Some(b) => Some(validate::line("--approved-by", b, 100)?),
        None => None,
    };
    let decision = office.write(|w| w.decide_extension_by(n, approve, by.as_deref()))?;
    Ok(lang.done(n, &Done::ExtensionDecided(decision)))
}

pub fn milestone(office: &mut Office, args: &MilestoneArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    match (&args.title, &args.due, args.done) {
        (Some(title), Some(due), None) => {
            let title = validate::required_line("title", title, 500)?;
            let due = parse_date_expr("due", due, office.today(), &office.calendar)?;
            let (due, postponed) = working_deadline("due", due, &office.calendar)?;
            let k = office.write(|w| w.add_milestone(n, &title, due))?;
            tell(lang, postponed);
            Ok(lang.done(n, &Done::MilestoneAdded { no: k, due }))
        }
        (None, None, Some(k)) => {
            office.write(|w| w.complete_milestone(n, k))?;
            Ok(lang.done(n, &Done::MilestoneDone(k)))
        }
        _ => Err(crate::cli::Error::Usage(match lang {
            Lang::Zh => "milestone 须给出 --title 任务 --due 时限（新增节点），或 --done 序号（标记完成）".into(),
            Lang::En => "milestone needs either --title TEXT --due DATE (a new milestone) or --done K (mark one done)".into(),
        })),
    }
}

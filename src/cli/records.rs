//! Feedback, notes and commendations, lists and the record of one item.

use clap::Args;

use super::Format;
use super::listing::Listing;
use super::output::{self, Printed};
use crate::app::Office;
use crate::app::input;
use crate::cli::error::Result;
use crate::domain::records;
use crate::domain::{Level, Status, WarningLight};
use crate::store::{ListFilter, Records};
use crate::ui::Lang;
use crate::ui::UiWords;
use crate::ui::strings::Done;

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// The item's number.
    pub number: String,
    /// What the lead department reported.
    #[arg(long)]
    pub text: String,
    /// Percent complete, 0–100.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub percent: String,
    /// Who reported.
    #[arg(long, default_value = "")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The item's number.
    pub number: String,
    /// reminder, urging, explanation, interview, criticism, deduction or referral.
    #[arg(long)]
    pub level: String,
    /// Why the note is made.
    #[arg(long)]
    pub reason: String,
    /// The department or person held to account.
    #[arg(long, default_value = "")]
    pub target: String,
    /// Points for the assessment (绩效考核), as the office scores them: negative deducts (-1 for a public
    /// criticism), positive awards. A deduction takes negative points (default -2, the office's).
    #[arg(long, allow_hyphen_values = true)]
    pub points: Option<String>,
    /// The correction required (a note that only warns is what the office wants to end).
    #[arg(long = "require", default_value = "")]
    pub requirement: String,
}

#[derive(Debug, Args)]
pub struct CommendArgs {
    /// The item's number.
    pub number: String,
    /// Why the commendation is given (required).
    #[arg(long)]
    pub reason: String,
    /// The department or person commended (default: the lead department).
    #[arg(long, default_value = "")]
    pub target: String,
    /// Points credited for the assessment (绩效考核), from -100 to 100 (default +1, as the office scores a
    /// commendation).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub points: String,
}

#[derive(Debug, Args)]
pub struct InstructArgs {
    /// The item's number.
    pub number: String,
    /// The leader who gave the instruction (e.g. 王市长).
    #[arg(long)]
    pub leader: String,
    /// affirms (肯定), criticises (批评) or requires (提出新要求).
    #[arg(long)]
    pub sense: String,
    /// The instruction's words.
    #[arg(long)]
    pub text: String,
    /// A new requirement's deadline: a date or +Nwd / +Nd from today (only with --sense requires).
    #[arg(long, default_value = "")]
    pub deadline: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only open items past their deadline.
    #[arg(long)]
    pub overdue: bool,
    /// red, orange, yellow or green.
    #[arg(long)]
    pub light: Option<String>,
    /// Lead department (exact name).
    #[arg(long)]
    pub dept: Option<String>,
    /// registered, assigned, in_progress, awaiting_review, completed, closed, suspended or cancelled.
    #[arg(long)]
    pub status: Option<String>,
    /// Text in the title, number, source reference, owner or department.
    #[arg(long)]
    pub search: Option<String>,
    /// Every item, not only the open ones.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the list to this file (whole or not at all) instead of printing it; an xlsx list
    /// is written to a file or to a redirected output, never to the terminal.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The item's number.
    pub number: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn feedback(office: &mut Office, args: &FeedbackArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let fb = input::feedback(&args.text, &args.percent, &args.by)?;
    office.write(|w| w.add_feedback(n, &fb, None))?;
    Ok(lang.done(n, &Done::Feedback))
}

pub fn note(office: &mut Office, args: &NoteArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    // No --points: the level's own (a deduction the office's); --points "" is none.
    let points = match &args.points {
        Some(p) => p.clone(),
        None => Level::parse_field("level", &args.level)
            .ok()
            .and_then(|l| records::prefilled_points(l, office.rules.score.deduction))
            .map_or_else(String::new, |p| p.to_string()),
    };
    let note = input::note(
        &args.level,
        &args.reason,
        &args.target,
        &points,
        &args.requirement,
    )?;
    office.write(|w| w.add_note(n, &note, None))?;
    Ok(lang.done(n, &Done::Note(note.level)))
}

pub fn commend(office: &mut Office, args: &CommendArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let c = input::commendation(
        &args.reason,
        &args.target,
        &args.points,
        office.rules.commendation_points,
    )?;
    office.write(|w| w.add_commendation(n, &c, None))?;
    Ok(lang.done(n, &Done::Commendation))
}

/// Records a leader's instruction and says what it did: a new requirement's deadline (and the
/// day off it moved from), a reopening, and the 交办通知单 to issue.
pub fn instruct(office: &mut Office, args: &InstructArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let i = input::instruction(
        &args.leader,
        &args.sense,
        &args.text,
        &args.deadline,
        office.today(),
        &office.calendar,
    )?;
    let (_, effect) = office.write(|w| w.add_instruction(n, &i, None))?;
    if let Some(p) = &effect.postponed {
        eprintln!("duban: {}", lang.postponed(p));
    }
    Ok(lang.done(
        n,
        &Done::Instruction {
            sense: i.sense,
            deadline: effect.deadline,
            reopened: effect.reopened,
        },
    ))
}

pub fn list(office: &Office, args: &ListArgs, lang: Lang) -> Result<Printed> {
    let filter = ListFilter {
        all: args.all,
        overdue: args.overdue,
        light: args
            .light
            .as_deref()
            .map(|l| WarningLight::parse_field("light", l))
            .transpose()?,
        dept: args.dept.clone(),
        status: args
            .status
            .as_deref()
            .map(|s| Status::parse_field("status", s))
            .transpose()?,
        search: args.search.clone(),
    };
    let excel = (args.format == Format::Xlsx).then_some(super::document::Binary::Excel);
    super::document::check_destination(excel, args.out.as_deref(), lang)?;
    super::report::out_path(lang, args.out.as_deref())?;
    let printed = match args.format {
        Format::Json => Printed::List(Listing::of(
            office,
            &filter,
            output::json_frame(),
            |l, out| l.write_json(out),
        )?),
        Format::Csv => Printed::List(Listing::of(
            office,
            &filter,
            output::csv_frame()?,
            output::csv_line,
        )?),
        Format::Table => Printed::List(Listing::of(
            office,
            &filter,
            output::table_frame(lang),
            |l, out| output::table_line(l, lang, out),
        )?),
        Format::Xlsx => Printed::Spooled(list_workbook(office, &filter, lang)?),
    };
    let Some(path) = &args.out else {
        return Ok(printed);
    };
    super::document::write_out(path, lang, |file| printed.write_to(file))
}

/// The list as a workbook, in memory that does not grow with it: each item's cells wait as a
/// line of JSON for the list's order ([`Listing`]), then go row by row into a sheet written to
/// a temporary file, and the workbook into another (at 100,000 items the rows and the workbook
/// held in memory took 405 MB).
fn list_workbook(office: &Office, filter: &ListFilter, lang: Lang) -> Result<output::Spooled> {
    use crate::exchange::xlsx::{ListBook, list_cells};
    let frame = super::listing::Frame {
        head: String::new(),
        between: "",
        tail: Box::new(|_| String::new()),
        empty: None,
    };
    let listing = Listing::of(office, filter, frame, |l, mut out| {
        // Cells of text, counts and dates: nothing serde_json refuses.
        out.push_str(&serde_json::to_string(&list_cells(l, lang)).unwrap_or_default());
        out
    })?;
    let folder = std::env::temp_dir();
    let mut book = ListBook::new(office, lang, &folder)?;
    listing.each_line(|line| -> Result<()> {
        let cells: Vec<crate::spreadsheet::xlsx::Value> =
            serde_json::from_slice(line).map_err(std::io::Error::from)?;
        Ok(book.row(&cells)?)
    })?;
    let file = tempfile::tempfile_in(&folder)?;
    book.save_to(&file)?;
    Ok(output::Spooled(file))
}

pub fn show(office: &Office, args: &ShowArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let detail = office.store.item_detail(n)?;
    let reading = office.read_light(&detail.row, office.today());
    match args.format {
        Format::Json => output::detail_json(&detail, &reading, office),
        Format::Table => Ok(output::detail_text(&detail, &reading, office, lang)),
        Format::Csv | Format::Xlsx => Err(crate::cli::Error::Usage(match lang {
            Lang::Zh => "show 只输出 --format table 或 json；csv、xlsx 用于列表（list）".into(),
            Lang::En => "show prints --format table or json; csv and xlsx are for lists".into(),
        })),
    }
}

//! `duban attach` and `duban attachment`: the originals kept with an item (交办原件留存).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::app::Office;
use crate::app::attachment::{self, FileProblem, Loaded};
use crate::cli::error::{Error, Result};
use crate::domain::attachment::AttachmentKind;
use crate::store::Records;
use crate::ui::Lang;
use crate::ui::UiWords;
use crate::ui::strings::Done;

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// The item's number.
    pub number: String,
    /// The file to keep with the item (a scan, a PDF, a Word file…).
    pub file: PathBuf,
    /// What it is: 批示 (instruction), 办结报告 (completion_report), 佐证材料 (evidence) or
    /// 其他 (other).
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// A note on the file (one line).
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct AttachmentArgs {
    #[command(subcommand)]
    pub command: AttachmentCommand,
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// Write one of an item's attachments out to a file.
    Save(SaveArgs),
    /// List an item's attachments.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// The item's number.
    pub number: String,
    /// Which attachment: its name, its number in the list (1 = first attached) or its SHA-256
    /// (8 digits or more).
    pub which: String,
    /// Where to write it: a file, or a folder to write it into under its own name (default:
    /// the current folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a file already there.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The item's number.
    pub number: String,
}

/// A file problem as the clerk's refusal (exit 2, one sentence in the clerk's language).
fn refused(p: &FileProblem, lang: Lang) -> Error {
    Error::Usage(lang.file_problem(p))
}

/// Reads the file to attach; refused before the office is written.
pub fn load(
    office: &Office,
    file: &std::path::Path,
    kind: &str,
    note: &str,
    lang: Lang,
) -> Result<crate::store::NewAttachment> {
    let kind = AttachmentKind::parse_field("kind", kind)?;
    match attachment::load(file, kind, note, office.attachment_max_bytes) {
        Ok(Loaded::Ready(a)) => Ok(a),
        Ok(Loaded::TooLarge(e)) => Err(e.into()),
        Err(p) => Err(refused(&p, lang)),
    }
}

pub fn attach(office: &mut Office, args: &AttachArgs, lang: Lang) -> Result<String> {
    let n = Office::number("number", &args.number)?;
    let new = load(office, &args.file, &args.kind, &args.note, lang)?;
    let id = office.write(|w| w.attach(n, &new, None))?;
    let detail = office.store.item_detail(n)?;
    let kept = detail
        .attachments
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::Record(crate::error::Error::NoSuchItem(n.to_string())))?;
    Ok(lang.done(
        n,
        &Done::Attached {
            name: kept.name.clone(),
            size: kept.size,
            sha256: kept.sha256.clone(),
        },
    ))
}

pub fn attachment(office: &Office, args: &AttachmentArgs, lang: Lang) -> Result<String> {
    match &args.command {
        AttachmentCommand::List(a) => {
            let n = Office::number("number", &a.number)?;
            let detail = office.store.item_detail(n)?;
            Ok(
                crate::ui::history_words::attachment_lines(&detail.attachments, lang).join("\n")
                    + "\n",
            )
        }
        AttachmentCommand::Save(a) => {
            let n = Office::number("number", &a.number)?;
            let detail = office.store.item_detail(n)?;
            let found = attachment::find(&detail, &a.which).map_err(|p| refused(&p, lang))?;
            let bytes = office
                .store
                .attachment_file(&found.sha256)?
                .ok_or_else(|| refused(&FileProblem::BytesMissing(found.name.clone()), lang))?;
            let path = attachment::destination(a.out.as_deref(), &found.name);
            attachment::save(&path, &bytes, a.force).map_err(|p| refused(&p, lang))?;
            Ok(lang.saved_to(&path.display().to_string(), bytes.len() as u64) + "\n")
        }
    }
}

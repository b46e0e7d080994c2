//! `duban export` and `duban import`: a whole office out of its database and into an empty one.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::app::Office;
use crate::cli::error::{Error, Result};
use crate::exchange::{self, ExportFormat};
use crate::files::WriterThread;
use crate::store::Records;
use crate::ui::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExportFormatArg {
    /// Everything, history included; `duban import` reads it back.
    #[default]
    Json,
    /// One table of items for a spreadsheet (not imported).
    Csv,
    /// The same table as an Excel workbook, in the clerk's language, with each item's light
    /// (not imported; written to --out, or to a redirected output).
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormatArg::Json)]
    pub format: ExportFormatArg,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file written by `duban export --format json`.
    pub file: PathBuf,
}

/// Writes the export to standard output, or to `--out` through a temporary file in the same
/// folder that takes the file's name only once the export is whole.
pub fn export(office: &Office, args: &ExportArgs, lang: Lang) -> Result<String> {
    let format = match args.format {
        ExportFormatArg::Json => ExportFormat::Json,
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Xlsx => return export_xlsx(office, args, lang),
    };
    let now = office.ctx().now;
    let Some(path) = &args.out else {
        let out = WriterThread::new(std::io::stdout());
        return match exchange::export(&office.store, format, out, now).and_then(|w| Ok(w.finish()?))
        {
            // A closed pipe (`duban export | head`) is not an error worth a message.
            Err(crate::error::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                Ok(String::new())
            }
            other => Ok(other.map(|_| String::new())?),
        };
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The folder of the file written, not the database's: named as `--out`.
    super::report::out_path(lang, Some(path))?;
    let temp = tempfile::Builder::new()
        .prefix(".duban-export-")
        .tempfile_in(folder)?;
    // The bytes are made here and written by another thread, at the same time.
    let out = WriterThread::new(temp);
    let temp = exchange::export(&office.store, format, out, now)?.finish()?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    let (items, events) = (office.store.item_count()?, office.store.event_count()?);
    let path = crate::text::safe(&path.display().to_string());
    Ok(match lang {
        Lang::Zh => format!("已导出 {items} 个事项、{events} 条记录到 {path}\n"),
        Lang::En => format!("exported {items} items and {events} events to {path}\n"),
    })
}

/// `duban export --format xlsx`: the workbook is written into a temporary file in the folder of
/// `--out` (its sheet, row by row, beside it), which takes the file's name once whole; without
/// `--out`, into a temporary file whose bytes are then copied to the redirected output.
fn export_xlsx(office: &Office, args: &ExportArgs, lang: Lang) -> Result<String> {
    use std::io::{Seek, Write};
    super::document::check_destination(
        Some(super::document::Binary::Excel),
        args.out.as_deref(),
        lang,
    )?;
    let Some(path) = &args.out else {
        let folder = std::env::temp_dir();
        let temp = tempfile::tempfile_in(&folder)?;
        let mut file = exchange::xlsx::export(office, lang, &folder, temp)?;
        file.rewind()?;
        let mut stdout = std::io::stdout().lock();
        return match std::io::copy(&mut file, &mut stdout).and_then(|_| stdout.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(String::new()),
            other => Ok(other.map(|_| String::new())?),
        };
    };
    super::report::out_path(lang, Some(path))?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".duban-export-")
        .tempfile_in(folder)?;
    let temp = exchange::xlsx::export(office, lang, folder, temp)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    let items = office.store.item_count()?;
    let path = crate::text::safe(&path.display().to_string());
    Ok(match lang {
        Lang::Zh => format!("已导出 {items} 个事项到 {path}\n"),
        Lang::En => format!("exported {items} items to {path}\n"),
    })
}

/// Reads a JSON export and writes it into the empty database: all of it, or nothing. The file
/// is read and checked whole before the database is opened, so that a refused file leaves
/// nothing behind, not even a new empty database; a database the import created is removed
/// again if the write itself fails.
pub fn import(cli: &super::Cli, args: &ImportArgs, lang: Lang) -> Result<String> {
    let shown = super::shown_path(&args.file);
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        Error::from(crate::domain::import::ImportRefusal::NotAnExport {
            file: shown.clone(),
            reason: e.to_string(),
        })
    })?;
    let settings = super::config::settings(cli)?;
    let checked = exchange::read::read(&shown, &text, &settings.rules)?;
    drop(text);
    // A new file that the import failed to fill is removed; a server's database is the IT
    // department's, and an import into it is one transaction (nothing written on a failure).
    let path = match super::office_location(cli)? {
        crate::store::Location::File(path) => Some(path),
        crate::store::Location::Server(_) => None,
    };
    let existed = path.as_ref().is_none_or(|p| p.exists());
    let mut office = super::open_office(cli)?;
    if existed {
        super::backup::before_writing(cli, &office)?;
    }
    let done = match exchange::import_checked(&mut office.store, &checked) {
        Ok(done) => done,
        Err(e) => {
            // Another clerk's first write may have come into the new file meanwhile: only a
            // file that holds nothing is removed.
            let untouched = office.store.event_count().is_ok_and(|n| n == 0);
            drop(office);
            if let Some(path) = path.filter(|_| !existed && untouched) {
                for suffix in ["", "-wal", "-shm", "-journal", "-checked"] {
                    let mut name = path.clone().into_os_string();
                    name.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(name));
                }
            }
            return Err(e.into());
        }
    };
    let (from, into) = (
        crate::text::safe(&shown),
        crate::text::safe(&office.location()),
    );
    let (d, i, e) = (done.departments, done.items, done.events);
    Ok(match lang {
        Lang::Zh => format!("已从 {from} 导入 {d} 个单位、{i} 个事项、{e} 条记录到 {into}\n"),
        Lang::En => {
            format!("imported {d} departments, {i} items and {e} events from {from} into {into}\n")
        }
    })
}

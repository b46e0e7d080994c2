//! Opening the terminal interface: `duban`, `duban --demo`, and `duban snapshot`.

use clap::Args;

use super::{Cli, LangArg, open_office};
use crate::app::{App, Office};
use crate::cli::error::Result;
use crate::config::WithSettings;
use crate::store::Location;
use crate::ui::UiWords;
use crate::ui::{self, Lang, Theme, Ui};

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Width of the screen in cells.
    #[arg(long, default_value_t = 160, value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: u16,
    /// Height of the screen in rows.
    #[arg(long, default_value_t = 48, value_parser = clap::value_parser!(u16).range(5..=1000))]
    pub height: u16,
}

/// `--lang`, else from `$LANG`.
pub fn lang(cli: &Cli) -> Lang {
    match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => cli
            .settings
            .as_ref()
            .and_then(|s| s.lang)
            .unwrap_or_else(Lang::from_env),
    }
}

/// The office's document language (`document_language` in the configuration; Chinese when
/// unset): the words duban writes into a record for the clerk are in it.
pub fn doc_lang(cli: &Cli) -> Lang {
    cli.settings.as_ref().map_or(Lang::Zh, |s| s.doc_lang)
}

/// An error as one sentence in the clerk's language (the core's words where the interface has
/// no translation).
pub fn describe(cli: &Cli, error: crate::cli::Error) -> String {
    use crate::cli::Error;
    match error {
        Error::Config { en, zh } => match lang(cli) {
            Lang::Zh => zh,
            Lang::En => en,
        },
        Error::CheckFailed(text) | Error::Usage(text) => text,
        Error::Record(error) => lang(cli).failure(&crate::app::Failure::from(error)),
    }
}

/// The interface in the clerk's language, with the keys and colours the configuration file
/// sets.
pub fn ui_for(cli: &Cli) -> Ui {
    let keys = cli.settings.as_ref().map_or(&[][..], |s| s.keys.as_slice());
    let palette = cli
        .settings
        .as_ref()
        .map_or_else(Default::default, |s| s.prefs.palette);
    Ui::new(lang(cli), Theme::from_env().with_palette(palette)).with_keys(keys)
}

/// The sample office in a temporary folder that is removed when the interface closes (and,
/// through `exit`, when a signal ends the program, even while the office is being filled).
fn demo_office(cli: &Cli, exit: Option<&ui::Exit>) -> Result<(Office, tempfile::TempDir)> {
    let make = || tempfile::Builder::new().prefix("duban-demo-").tempdir();
    let dir = match exit {
        Some(exit) => exit.removed_on_signal(make)?,
        None => make()?,
    };
    let store = crate::store::open(&Location::File(dir.path().join("demo.db")))?;
    let mut office = Office::new(store, super::clock_of(cli)?, super::actor_of(cli)?)
        .with_settings(&*super::settings(cli)?);
    super::fill_demo(&mut office, 400, 2026)?;
    Ok((office, dir))
}

/// The sample office (with the folder that holds it) for `--demo`, else the clerk's database.
fn office_for(cli: &Cli, exit: Option<&ui::Exit>) -> Result<(Office, Option<tempfile::TempDir>)> {
    if cli.demo {
        let (office, dir) = demo_office(cli, exit)?;
        Ok((office, Some(dir)))
    } else {
        Ok((open_office(cli)?, None))
    }
}

/// Opens the interactive interface (in triage when `triage`).
pub fn interactive(cli: &Cli, triage: bool) -> Result<()> {
    let ui = ui_for(cli);
    let exit = ui::Exit::on_signal()?;
    let (office, dir) = office_for(cli, Some(&exit))?;
    // The sample office is thrown away on closing: only the clerk's own is copied.
    let backup_failed = if dir.is_none() {
        super::backup::daily(cli, &office)?
    } else {
        None
    };
    let (w, h) = crossterm::terminal::size().unwrap_or((160, 48));
    let mut app = App::new(office, (w, h))?;
    app.doc_lang = doc_lang(cli);
    app.form_words = ui.lang.form_words();
    if triage {
        app.update(crate::app::Action::StartTriage)?;
    }
    if let Some(failure) = backup_failed {
        app.notice = Some(crate::app::state::Notice::Failed(failure));
    }
    let result = ui::run(app, &ui);
    drop(dir);
    Ok(result?)
}

/// Prints the first screen as text.
pub fn snapshot(cli: &Cli, args: &SnapshotArgs) -> Result<String> {
    let ui = ui_for(cli);
    let (office, _dir) = office_for(cli, None)?;
    let mut app = App::new(office, (args.width, args.height))?;
    app.doc_lang = doc_lang(cli);
    app.form_words = ui.lang.form_words();
    Ok(ui::snapshot(&mut app, &ui, args.width, args.height)?)
}

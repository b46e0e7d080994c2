//! `duban config …` and `duban calendar …`: the office's own rules and working-day calendar.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Datelike;
use clap::{Args, Subcommand};

use super::{Cli, screen};
use crate::config::{self, Location, Settings};
use crate::domain::validate::{InputError, Problem};

use crate::cli::error::{Error, Result};
use crate::store::{ListFilter, Records as _};
use crate::ui::Lang;

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write the default configuration file, every key explained (refuses to overwrite).
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print where the configuration file is read from.
    Path,
    /// Print the settings in force, defaults included, as TOML.
    Show,
    /// Check the configuration file: every problem, each with its line (exit 2 if any).
    Check,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: CalendarCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Print a year month by month, days off and make-up working days marked.
    Show {
        /// The year (default: this year).
        year: Option<String>,
    },
    /// Check that every year in use (this year, and any open deadline's) has its holiday
    /// notice loaded (exit 2 if one has not).
    Check,
}

/// Where the configuration is read from for this run.
pub fn location(cli: &Cli) -> Option<Location> {
    config::locate(cli.config.clone())
}

/// The settings of this run: those read when the run began, else read now.
pub fn settings(cli: &Cli) -> Result<Arc<Settings>> {
    match &cli.settings {
        Some(s) => Ok(Arc::clone(s)),
        None => Ok(Arc::new(config::load(location(cli).as_ref())?)),
    }
}

/// Reads the configuration before any command runs, so that every command and the interface
/// refuse a bad file the same way. `duban config …` reads it itself: `config check` must
/// report a bad file, and `config init --force` replace it.
pub fn configure(cli: &mut Cli) -> Result<()> {
    // Completions and the manual page describe the program, whatever the file says.
    if matches!(
        cli.command,
        Some(super::Command::Config(_) | super::Command::Completions(_) | super::Command::Man)
    ) {
        return Ok(());
    }
    let settings = config::load(location(cli).as_ref())?;
    cli.settings = Some(Arc::new(settings));
    Ok(())
}

fn no_location(lang: Lang) -> Error {
    Error::CheckFailed(match lang {
        Lang::Zh => "找不到用户主文件夹，无法确定配置文件位置；请用 --config PATH 指定".into(),
        Lang::En => {
            "there is no home folder to keep the configuration in; name a file with --config PATH"
                .into()
        }
    })
}

/// `duban config …`.
pub fn config(cli: &Cli, args: &ConfigArgs) -> Result<String> {
    let lang = screen::lang(cli);
    let place = location(cli);
    match &args.command {
        ConfigCommand::Path => {
            let place = place.ok_or_else(|| no_location(lang))?;
            let state = match (place.path.exists(), lang) {
                (true, _) => "",
                (false, Lang::Zh) => "（尚不存在，按默认值运行；duban config init 可创建）",
                (false, Lang::En) => {
                    " (not there yet: the defaults apply; duban config init writes it)"
                }
            };
            Ok(format!("{}{state}\n", super::shown_path(&place.path)))
        }
        ConfigCommand::Init { force } => {
            let place = place.ok_or_else(|| no_location(lang))?;
            let path = &place.path;
            if path.exists() && !force {
                return Err(Error::CheckFailed(match lang {
                    Lang::Zh => format!(
                        "{} 已存在，未改动；要以默认配置覆盖，请加 --force",
                        super::shown_path(path)
                    ),
                    Lang::En => format!(
                        "{} exists already and was left as it is; add --force to overwrite it with the defaults",
                        super::shown_path(path)
                    ),
                }));
            }
            if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                crate::config::trust::create_private_folder(folder)?;
            }
            crate::files::write_whole(path, config::default_file(lang).as_bytes())?;
            Ok(match lang {
                Lang::Zh => format!("已写入默认配置：{}\n", super::shown_path(path)),
                Lang::En => format!(
                    "wrote the default configuration to {}\n",
                    super::shown_path(path)
                ),
            })
        }
        ConfigCommand::Show => {
            let settings = config::load(place.as_ref())?;
            Ok(config::show(&settings, lang))
        }
        ConfigCommand::Check => {
            let settings = config::load(place.as_ref())?;
            let today = super::clock_of(cli)?.today();
            let mut out = match (&settings.source, lang) {
                (Some(p), Lang::Zh) => format!("{}：无问题\n", super::shown_path(p)),
                (Some(p), Lang::En) => format!("{}: no problems\n", super::shown_path(p)),
                (None, Lang::Zh) => "无配置文件，按默认值运行\n".to_string(),
                (None, Lang::En) => "no configuration file: the defaults apply\n".to_string(),
            };
            for year in [today.year(), today.year() + 1] {
                if !settings.calendar.covers_year(year) {
                    out.push_str(&uncovered_note(year, lang));
                }
            }
            Ok(out)
        }
    }
}

fn uncovered_note(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "提示：{year}年的放假调休安排未载入，按周一至周五计算工作日；通知公布后写入 [calendar.{year}]\n"
        ),
        Lang::En => format!(
            "note: no holiday notice for {year} is loaded, so Monday to Friday count as working days; enter it as [calendar.{year}] when it is published\n"
        ),
    }
}

/// `duban calendar …`.
pub fn calendar(cli: &Cli, args: &CalendarArgs) -> Result<String> {
    let lang = screen::lang(cli);
    let settings = settings(cli)?;
    match &args.command {
        CalendarCommand::Show { year } => {
            let year = match year {
                Some(text) => text
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|y| {
                        (crate::domain::validate::FIRST_YEAR..=crate::domain::validate::LAST_YEAR)
                            .contains(y)
                    })
                    .ok_or_else(|| {
                        InputError::new(
                            "year",
                            Problem::NumberOutOfRange {
                                min: i64::from(crate::domain::validate::FIRST_YEAR),
                                max: i64::from(crate::domain::validate::LAST_YEAR),
                                got: text.clone(),
                            },
                        )
                    })?,
                None => super::clock_of(cli)?.today().year(),
            };
            Ok(config::calendar::show_year(&settings.calendar, year, lang))
        }
        CalendarCommand::Check => {
            let office = super::open_office(cli)?;
            let today = office.today();
            let mut in_use: BTreeMap<i32, usize> = BTreeMap::new();
            in_use.insert(today.year(), 0);
            let mut deadlines = Vec::new();
            for row in office.store.items(&ListFilter::default(), today)? {
                if let Some(deadline) = row.deadline {
                    *in_use.entry(deadline.year()).or_default() += 1;
                    deadlines.push((row.number, deadline));
                }
            }
            let off = settings.calendar.deadlines_on_days_off(deadlines);
            let mut out = String::new();
            let mut missing = false;
            for (year, open) in &in_use {
                let covered = settings.calendar.covers_year(*year);
                missing |= !covered;
                out.push_str(&match (lang, covered) {
                    (Lang::Zh, true) => format!("{year}年：已载入放假调休安排（未办结事项时限 {open} 个）\n"),
                    (Lang::Zh, false) => format!("{year}年：未载入放假调休安排，按周一至周五计算（未办结事项时限 {open} 个）；通知公布后写入配置文件 [calendar.{year}]\n"),
                    (Lang::En, true) => format!("{year}: holiday notice loaded ({open} open deadlines)\n"),
                    (Lang::En, false) => format!("{year}: NO holiday notice loaded, Monday to Friday assumed ({open} open deadlines); enter it as [calendar.{year}] in the config file when it is published\n"),
                });
            }
            for (n, d) in &off {
                out.push_str(&match lang {
                    Lang::Zh => format!("{n}：办理时限 {d} 按现行放假安排为非工作日；时限未作改动，如需调整请办理延期\n"),
                    Lang::En => format!("{n}: deadline {d} is a day off under the calendar in force; it was kept as it is: extend it if it should move\n"),
                });
            }
            if missing || !off.is_empty() {
                return Err(Error::CheckFailed(out.trim_end().to_string()));
            }
            Ok(out)
        }
    }
}

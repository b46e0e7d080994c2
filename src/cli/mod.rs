//! The `duban` command line: arguments, and one file per command group.

mod attach;
pub mod audit;
pub mod backup;
mod config;
mod db;
mod document;
pub mod error;
pub use error::{Error, Result};
mod exchange;
mod items;
mod ledger;
mod listing;
mod notice;
mod output;
mod progress;

pub use output::Printed;
mod records;
mod report;
pub mod screen;
pub mod shell;
mod triage;

pub use config::{configure, settings};
pub use screen::{describe, interactive};

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::Office;
use crate::clock::Clock;
use crate::config::WithSettings;
use crate::domain::validate;
use crate::store::{Location, Records};

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version = shell::version(),
    about = "duban (督办): supervision and follow-up of an office's action items",
    long_about = "duban (督办): supervision and follow-up of an office's action items.\n\nWith no command it opens the terminal interface; with a command it works from the shell."
)]
pub struct Cli {
    /// Where the office is: a database file, or a server's address postgres://USER@HOST/DATABASE
    /// (default: $DUBAN_DB, else [database] url in the configuration, else duban.db in the
    /// platform data folder).
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// Fix "today" for the whole run (YYYY-MM-DD; default: $DUBAN_TODAY); every rule asks this one
    /// clock.
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    /// Fix the moment for the whole run, day and time of day (YYYY-MM-DDTHH:MM[:SS]; default:
    /// $DUBAN_NOW): every event is stamped with it. With --today, both must name the same day.
    #[arg(long, global = true, value_name = "DATE-TIME")]
    pub now: Option<String>,
    /// Who is acting, recorded with every change (default: $DUBAN_ACTOR, else $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub actor: Option<String>,
    /// Interface language (default from $LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Open the terminal interface (or `snapshot`, `triage`) on a fresh temporary sample office.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Open the office for reading only: nothing is created, migrated or written, and every
    /// write is refused (a copy made by `duban backup` is always opened so)
    #[arg(long, global = true)]
    pub read_only: bool,
    /// The configuration file (default: $DUBAN_CONFIG, else config.toml in the platform config
    /// folder, e.g. ~/.config/duban/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The settings read from it when the run began (see [`configure`]).
    #[arg(skip)]
    pub settings: Option<std::sync::Arc<crate::config::Settings>>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    /// An Excel workbook (lists only): written to --out, or to standard output redirected.
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register a new item and print its number.
    Add(items::AddArgs),
    /// Hand a registered item to its lead department.
    Assign(MoveArgs),
    /// The lead department acknowledged the assignment (签收), naming who signed for it.
    Acknowledge(AcknowledgeArgs),
    /// The lead department has started work (which implies its acknowledgement).
    Start(MoveArgs),
    /// The completion report (办结报告) came in: awaiting review.
    Submit(items::SubmitArgs),
    /// Approve the completion report: completed.
    Approve(MoveArgs),
    /// Return the completion report (退回), with the reason.
    Return(ReasonArgs),
    /// Close (销号) a completed item.
    Close(MoveArgs),
    /// Suspend (中止) an item, with the reason (and the approving leader: required when the
    /// item is past its deadline).
    Suspend(SuspendArgs),
    /// Resume a suspended item.
    Resume(MoveArgs),
    /// Cancel (撤销) an item, with the reason.
    Cancel(ReasonArgs),
    /// Request an extension (延期) of the deadline, before the deadline day.
    Extend(items::ExtendArgs),
    /// Approve or reject the pending extension request.
    Extension(items::ExtensionArgs),
    /// Add a milestone (分解节点) or mark one done.
    Milestone(items::MilestoneArgs),
    /// Record progress feedback (进展反馈).
    Feedback(records::FeedbackArgs),
    /// Record an urging or accountability note (催办 / 责任追究).
    Note(records::NoteArgs),
    /// Record a commendation (通报表扬): off the ladder, for the score.
    Commend(records::CommendArgs),
    /// Record a leader's instruction during handling (领导批示): affirms, criticises, or sets a
    /// new requirement with a new deadline (which reopens a completed item).
    Instruct(records::InstructArgs),
    /// Keep a file with an item (交办原件留存): the leader's 批示 scan, the completion report
    /// (办结报告), supporting material (佐证材料).
    Attach(attach::AttachArgs),
    /// Save one of an item's attachments to a file, or list them.
    Attachment(attach::AttachmentArgs),
    /// List items, sorted by warning light then deadline (open items unless --all).
    List(records::ListArgs),
    /// Show one item with its feedback, notes, commendations, milestones, extensions and history.
    Show(records::ShowArgs),
    /// Fill an empty database with a realistic sample office.
    Demo(DemoArgs),
    /// Work through the items that need a decision today (or print the day's decisions).
    Triage(triage::TriageArgs),
    /// Take back your last action (one key press in the interface, however many items).
    Undo,
    /// Do again the last action you undid.
    Redo,
    /// Print the interface's first screen as plain text and exit.
    Snapshot(screen::SnapshotArgs),
    /// The urging notice (催办单) for one item, or with --dept one for a department listing all
    /// its overdue items (md, html or docx).
    Notice(notice::NoticeArgs),
    /// Write the whole office (every item with its records, and the history) as JSON, or the
    /// items as CSV.
    Export(exchange::ExportArgs),
    /// Read a JSON export into an empty database: everything, or nothing and the bad row named.
    Import(exchange::ImportArgs),
    /// The office's spreadsheet ledgers (督办台账): import one (a dry run unless --apply).
    Ledger(ledger::LedgerArgs),
    /// Copy the office's database to FILE now (a consistent, verified copy, while others may be
    /// writing), or list the copies kept beside it (--list).
    Backup(backup::BackupArgs),
    /// Put a copy back in the database's place; the replaced file is kept beside it.
    Restore(backup::RestoreArgs),
    /// Prove the record was not altered: walk the hash chain and replay the history against the
    /// rows (verify), or print the chain's head.
    Audit(audit::AuditArgs),
    /// Check the database file (its pages, references and guards), the chain and the replay.
    Check(audit::CheckArgs),
    /// An office on a PostgreSQL server: create its schema and roles (init), or copy a whole
    /// office between a file and a server (copy)
    Db(db::DbArgs),
    /// The bulletin (督办通报) of a week, month, quarter, year or any span, as of a day.
    Report(report::ReportArgs),
    /// The year's assessment (绩效考核): departments by score, each score explained.
    Score(report::ScoreArgs),
    /// The configuration file: init, path, show, check.
    Config(config::ConfigArgs),
    /// The working-day calendar: show a year, check the years in use.
    Calendar(config::CalendarArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff) to standard output: duban man | man -l -
    Man,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The item's number, e.g. 2026-017.
    pub number: String,
}

#[derive(Debug, Args)]
pub struct AcknowledgeArgs {
    /// The item's number, e.g. 2026-017.
    pub number: String,
    /// Who signed for it in the lead department (签收人).
    #[arg(long)]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct SuspendArgs {
    /// The item's number, e.g. 2026-017.
    pub number: String,
    /// Why (required).
    #[arg(long)]
    pub reason: String,
    /// The leader who approved the suspension (批准人); required when the item is already past
    /// its deadline.
    #[arg(long)]
    pub approved_by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReasonArgs {
    /// The item's number, e.g. 2026-017.
    pub number: String,
    /// Why (required).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many items.
    #[arg(long, default_value_t = 400)]
    pub items: u64,
    /// Seed of the generator: the same seed and day give the same office.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// The clock for this run: a moment (`now`, frozen), a day (`today`, the time of day from the
/// wall clock), or the system's. Given both, they must name the same day.
pub fn clock(today: Option<&str>, now: Option<&str>) -> Result<Clock> {
    let today = today
        .map(|text| validate::date("--today", text))
        .transpose()?;
    let now = now
        .map(|text| validate::date_time("--now", text))
        .transpose()?;
    match (today, now) {
        (Some(day), Some(at)) if day != at.date() => Err(validate::InputError::new(
            "--today",
            validate::Problem::NotTheDayOfNow { got: day, now: at },
        )
        .into()),
        (_, Some(at)) => Ok(Clock::Frozen(at)),
        (Some(day), None) => Ok(Clock::Fixed(day)),
        (None, None) => Ok(Clock::System),
    }
}

/// The clock of this run: from `--today` and `--now` when either is given, else from
/// `$DUBAN_TODAY` and `$DUBAN_NOW` (the command line overrides the environment as a whole, so
/// that `--today` is not refused for a `$DUBAN_NOW` of another day).
pub fn clock_of(cli: &Cli) -> Result<Clock> {
    if cli.today.is_some() || cli.now.is_some() {
        clock(cli.today.as_deref(), cli.now.as_deref())
    } else {
        clock(
            env_value("DUBAN_TODAY").as_deref(),
            env_value("DUBAN_NOW").as_deref(),
        )
    }
}

/// The database path: `--db`, `$DUBAN_DB`, else the platform data folder (created if needed).
pub fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = db {
        return Ok(path);
    }
    let dirs = directories::ProjectDirs::from("", "", "duban").ok_or_else(|| {
        crate::Error::MissingFolder(PathBuf::from("(no home folder: pass --db PATH)"))
    })?;
    let folder = dirs.data_dir();
    crate::config::trust::create_private_folder(folder)?;
    Ok(folder.join("duban.db"))
}

/// The longest actor name accepted, as any name field.
const ACTOR_MAX: usize = 100;

/// Who is acting: `actor` (named `field` in a refusal), else `$USER`, else "clerk"; one line
/// without control characters, at most 100 characters, as any name a clerk types (a newline in
/// it would forge lines in an item's history).
pub fn actor(field: &'static str, actor: Option<String>) -> Result<String> {
    let (field, text) = match actor.filter(|a| !a.trim().is_empty()) {
        Some(a) => (field, a),
        None => match env_value("USER") {
            Some(u) => ("$USER", u),
            None => return Ok("clerk".to_string()),
        },
    };
    Ok(validate::required_line(field, &text, ACTOR_MAX)?)
}

/// An environment variable, when it is set to something (an empty one counts as unset).
fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--actor`, else `$DUBAN_ACTOR`, else `$USER`, else "clerk"; refused (naming where it came
/// from) when it is not one line of at most 100 characters.
pub fn actor_of(cli: &Cli) -> Result<String> {
    match &cli.actor {
        Some(a) if !a.trim().is_empty() => actor("--actor", Some(a.clone())),
        _ => actor("$DUBAN_ACTOR", env_value("DUBAN_ACTOR")),
    }
}

/// A path as a sentence may repeat it: a control character (an escape sequence in a file name)
/// never reaches the terminal, an invisible one is shown by its code.
pub fn shown_path(path: &std::path::Path) -> String {
    crate::text::safe(&path.display().to_string())
}

/// Where the office is: `--db`, `$DUBAN_DB`, the configuration's `[database] url`, else
/// `duban.db` in the platform data folder. An address beginning `postgres://` or
/// `postgresql://` names an office on a server; anything else a file.
pub fn office_location(cli: &Cli) -> Result<Location> {
    let named = cli
        .db
        .clone()
        .map(PathBuf::into_os_string)
        .or_else(|| env_value("DUBAN_DB").map(Into::into));
    if let Some(named) = named {
        return Ok(match Location::parse(&named) {
            Location::File(path) => Location::File(db_path(Some(path))?),
            server => server,
        });
    }
    if let Some(url) = settings(cli)?.database.clone() {
        return Ok(Location::Server(url));
    }
    Ok(Location::File(db_path(None)?))
}

/// Where the office's file is, for what only a file has (copies, `restore`, a new file removed
/// after a failed import): refused, in one sentence, for an office on a server.
pub fn office_path(cli: &Cli) -> Result<PathBuf> {
    match office_location(cli)? {
        Location::File(path) => Ok(path),
        Location::Server(url) => Err(Error::Usage(on_server_sentence(
            screen::lang(cli),
            &crate::store::postgres::shown(&url),
        ))),
    }
}

/// Why a command that works on a file refuses an office on a server.
pub(crate) fn on_server_sentence(lang: crate::ui::Lang, place: &str) -> String {
    let place = crate::text::safe(place);
    match lang {
        crate::ui::Lang::Zh => format!(
            "本办数据在服务器上（{place}）：备份与恢复由服务器负责（pg_dump / pg_restore），duban backup、restore 只用于数据库文件；要把服务器上的办公数据转成文件，用 duban db copy"
        ),
        crate::ui::Lang::En => format!(
            "the office is on a server ({place}): its copies are the server's (pg_dump and pg_restore); duban backup and restore work on an office's file; to move the office into a file, use duban db copy"
        ),
    }
}

/// Opens the office for a run of the command line.
pub fn open_office(cli: &Cli) -> Result<Office> {
    let clock = clock_of(cli)?;
    let settings = settings(cli)?;
    let location = office_location(cli)?;
    let store = if cli.read_only {
        crate::store::open_read_only(&location)?
    } else {
        crate::store::open(&location)?
    };
    let actor = match store.login() {
        Some(login) => login_actor(cli, login)?,
        None => actor_of(cli)?,
    };
    Ok(Office::new(store, clock, actor).with_settings(&settings))
}

/// Who acts on an office on a server: the server's login, which the history names (a name typed
/// on the command line proves nothing there). `--actor` or `$DUBAN_ACTOR` naming someone else is
/// refused.
fn login_actor(cli: &Cli, login: &str) -> Result<String> {
    let named = cli
        .actor
        .clone()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| env_value("DUBAN_ACTOR"));
    match named {
        Some(name) if name.trim() != login => {
            let (name, login) = (crate::text::safe(name.trim()), crate::text::safe(login));
            Err(Error::Usage(match screen::lang(cli) {
                crate::ui::Lang::Zh => format!(
                    "本办数据在服务器上，记录中的经办人即服务器登录名（{login}）；--actor 或 $DUBAN_ACTOR 不能另指定为“{name}”；请以该人员自己的登录连接"
                ),
                crate::ui::Lang::En => format!(
                    "the office is on a server, where the history names the server's login ({login}); --actor or $DUBAN_ACTOR cannot name '{name}' instead; connect with that person's own login"
                ),
            }))
        }
        _ => Ok(login.to_string()),
    }
}

/// Runs one command and returns what to print.
pub fn run(cli: &Cli, command: &Command) -> Result<Printed> {
    if let Command::Snapshot(args) = command {
        return screen::snapshot(cli, args).map(Printed::Text);
    }
    if let Command::Triage(args) = command
        && !args.summary
    {
        return screen::interactive(cli, true).map(|()| Printed::Text(String::new()));
    }
    if cli.demo {
        return Err(crate::cli::Error::Usage(match screen::lang(cli) {
            crate::ui::Lang::Zh => "--demo 只用于界面、snapshot 或 triage（duban --demo，duban --demo snapshot），不能与其他命令一起使用".into(),
            crate::ui::Lang::En => "--demo must be one of: the interface, snapshot or triage (duban --demo, duban --demo snapshot) (got 'a command')".into(),
        }));
    }
    // Checked before the database is opened: a refused option writes nothing.
    match command {
        Command::Report(args) => return report::report(cli, args),
        Command::Score(args) => return report::score(cli, args),
        Command::Config(args) => return config::config(cli, args).map(Printed::Text),
        Command::Calendar(args) => return config::calendar(cli, args).map(Printed::Text),
        Command::Completions(args) => return Ok(Printed::Text(shell::completions(args))),
        Command::Man => return shell::man().map(Printed::Text),
        Command::Import(args) => {
            return exchange::import(cli, args, screen::lang(cli)).map(Printed::Text);
        }
        Command::Ledger(args) => return ledger::ledger(cli, args),
        Command::Backup(args) => return backup::backup(cli, args).map(Printed::Text),
        Command::Restore(args) => return backup::restore(cli, args).map(Printed::Text),
        Command::Db(args) => return db::db(cli, args).map(Printed::Text),
        _ => {}
    }
    let mut office = open_office(cli)?;
    backup::before(cli, &office, command)?;
    let lang = screen::lang(cli);
    let text = match command {
        Command::Add(args) => items::add(&mut office, args, lang),
        Command::Assign(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Assign,
            None,
            None,
            lang,
        ),
        Command::Acknowledge(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Acknowledge,
            None,
            Some(&a.by),
            lang,
        ),
        Command::Start(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Start,
            None,
            None,
            lang,
        ),
        Command::Submit(args) => items::submit(&mut office, args, lang),
        Command::Approve(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Approve,
            None,
            None,
            lang,
        ),
        Command::Return(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Return,
            Some(&a.reason),
            None,
            lang,
        ),
        Command::Close(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Close,
            None,
            None,
            lang,
        ),
        Command::Suspend(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Suspend,
            Some(&a.reason),
            a.approved_by.as_deref(),
            lang,
        ),
        Command::Resume(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Resume,
            None,
            None,
            lang,
        ),
        Command::Cancel(a) => items::move_item(
            &mut office,
            &a.number,
            crate::domain::Move::Cancel,
            Some(&a.reason),
            None,
            lang,
        ),
        Command::Extend(args) => items::extend(&mut office, args, lang),
        Command::Extension(args) => items::extension(&mut office, args, lang),
        Command::Milestone(args) => items::milestone(&mut office, args, lang),
        Command::Feedback(args) => records::feedback(&mut office, args, lang),
        Command::Note(args) => records::note(&mut office, args, lang),
        Command::Commend(args) => records::commend(&mut office, args, lang),
        Command::Instruct(args) => records::instruct(&mut office, args, lang),
        Command::Attach(args) => attach::attach(&mut office, args, lang),
        Command::Attachment(args) => attach::attachment(&office, args, lang),
        Command::List(args) => return records::list(&office, args, lang),
        Command::Show(args) => records::show(&office, args, lang),
        Command::Demo(args) => demo(&mut office, args, lang),
        Command::Snapshot(_) => Ok(String::new()),
        Command::Triage(args) if args.summary => return triage::summary(cli, &office, args),
        Command::Notice(args) => return notice::notice(cli, &office, args, lang),
        Command::Triage(_) => Ok(String::new()),
        Command::Undo => triage::undo(cli, &mut office, false),
        Command::Redo => triage::undo(cli, &mut office, true),
        Command::Export(args) => exchange::export(&office, args, lang),
        Command::Import(_)
        | Command::Ledger(_)
        | Command::Backup(_)
        | Command::Restore(_)
        | Command::Db(_) => Ok(String::new()),
        Command::Audit(args) => audit::audit(&office, args, lang),
        Command::Check(args) => audit::check(&mut office, args, lang),
        Command::Report(_)
        | Command::Score(_)
        | Command::Config(_)
        | Command::Calendar(_)
        | Command::Completions(_)
        | Command::Man => Ok(String::new()),
    };
    text.map(Printed::Text)
}

/// From how many items the sample office shows its progress.
const DEMO_BAR_FROM: u64 = 10_000;

fn demo(office: &mut Office, args: &DemoArgs, lang: crate::ui::Lang) -> Result<String> {
    use std::io::IsTerminal;
    let existing = office.store.item_count()?;
    if existing > 0 {
        return Err(crate::error::Error::NotEmpty(existing).into());
    }
    let mut bar = progress::Bar::new(
        lang.pick("生成示例办公室", "generating the sample office"),
        usize::try_from(args.items).unwrap_or(usize::MAX),
        args.items >= DEMO_BAR_FROM && std::io::stderr().is_terminal(),
    );
    let summary = fill_demo_showing(office, args.items, args.seed, &mut |done| {
        bar.show(usize::try_from(done).unwrap_or(usize::MAX));
    });
    bar.end();
    let summary = summary?;
    let location = crate::text::safe(&office.location());
    Ok(match lang {
        crate::ui::Lang::Zh => format!("示例办公室：{} 个事项，写入 {location}\n", summary.items),
        crate::ui::Lang::En => format!("sample office: {} items in {location}\n", summary.items),
    })
}

/// Fills the office with the sample office in one transaction.
pub fn fill_demo(
    office: &mut Office,
    items: u64,
    seed: u64,
) -> Result<crate::app::demo::DemoSummary> {
    fill_demo_showing(office, items, seed, &mut |_| {})
}

/// [`fill_demo`], telling `progress` how many items are written so far.
fn fill_demo_showing(
    office: &mut Office,
    items: u64,
    seed: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<crate::app::demo::DemoSummary> {
    let today: NaiveDate = office.today();
    let calendar = office.calendar.clone();
    let rules = office.rules.clone();
    let sample = crate::app::demo::Sample {
        count: items,
        seed,
        today,
        calendar: &calendar,
        rules: &rules,
    };
    Ok(office.bulk_write(|w| crate::app::demo::fill(w, &sample, progress))?)
}

//! The day's copy of the database, made when the interface or a command that writes first
//! opens it in a day (read-only commands, `--demo` and `snapshot` make none). A copy that
//! fails is said once and the work goes on. And `duban backup` (a copy now, or the list of
//! copies) and `duban restore` (a copy back in the database's place).

use std::path::PathBuf;

use clap::Args;

use super::{Cli, Command};
use crate::app::{Failure, Office};
use crate::cli::error::{Error, Result};
use crate::store::Backend;
use crate::store::backup::{self as copies, CopyFacts, RestoreError};
use crate::ui::{Lang, UiWords};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to (a new file; --force replaces one).
    #[arg(value_name = "FILE", required_unless_present = "list")]
    pub file: Option<PathBuf>,
    /// List the copies kept beside the database: when each was made, its size, what it holds
    /// and whether it verifies.
    #[arg(long, conflicts_with = "file")]
    pub list: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The copy to put back (a daily copy in backups/, or one `duban backup FILE` wrote).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace the existing database (it is kept beside it as NAME.replaced-WHEN).
    #[arg(long)]
    pub force: bool,
}

/// What a copy holds, in a few words: its counts, its last event and its head.
fn holds(lang: Lang, f: &CopyFacts) -> String {
    let last = f.last_event_at.as_deref().unwrap_or("-").replace('T', " ");
    // The head as the copy's chain stores it: shown only when it is a hash (a file altered by
    // hand could hold any text there).
    let hash = f
        .head
        .as_deref()
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    let head = hash.map_or_else(String::new, |h| {
        let short = h.get(..16).unwrap_or(h);
        match lang {
            Lang::Zh => format!("，校验码 {short}…"),
            Lang::En => format!(", head {short}…"),
        }
    });
    match lang {
        Lang::Zh => format!(
            "{} 个事项、{} 条记录，最后一条记于 {last}{head}",
            f.items, f.events
        ),
        Lang::En => format!(
            "{} items, {} events, the last recorded {last}{head}",
            f.items, f.events
        ),
    }
}

/// The copy at `file`, opened for reading only, walked as `duban audit verify` walks the
/// office: the chain whole and every item agreeing with its history, or what is wrong.
fn chain_of_copy(file: &std::path::Path, lang: Lang) -> Result<()> {
    let copy = crate::store::open_read_only(&crate::store::Location::File(file.to_path_buf()))?;
    let found = crate::store::audit::verify(&copy, None)?;
    if found.clean() {
        return Ok(());
    }
    let mut lines = super::audit::findings(&found, lang);
    lines.push(match lang {
        Lang::Zh => "备份已写成，但其记录链或历史未通过核验（与本办数据库相同：请用 duban audit verify 查看）".into(),
        Lang::En => "the copy was written, but its chain or history does not verify (nor does the office's: see duban audit verify)".into(),
    });
    Err(Error::CheckFailed(lines.join("\n")))
}

/// `duban backup FILE`: a verified copy of the office now; `duban backup --list`: the copies
/// beside the database.
pub fn backup(cli: &Cli, args: &BackupArgs) -> Result<String> {
    let lang = super::screen::lang(cli);
    let db = super::office_path(cli)?;
    if args.list {
        return list(lang, &db);
    }
    let Some(file) = &args.file else {
        return Ok(String::new());
    };
    let shown = super::shown_path(file);
    if !db.exists() {
        return Err(Error::Usage(match lang {
            Lang::Zh => format!("{} 不存在，没有可备份的数据库", super::shown_path(&db)),
            Lang::En => format!("there is no database at {} to copy", super::shown_path(&db)),
        }));
    }
    if file.exists() && !args.force {
        return Err(Error::Usage(match lang {
            Lang::Zh => format!("{shown} 已存在，未改动；要覆盖请加 --force"),
            Lang::En => {
                format!("{shown} exists already and was left as it is; add --force to replace it")
            }
        }));
    }
    if same_file(file, &db) {
        return Err(Error::Usage(match lang {
            Lang::Zh => format!("{shown} 就是本办数据库；请另指定备份文件"),
            Lang::En => {
                format!("{shown} is the office's database itself; name another file for the copy")
            }
        }));
    }
    super::report::out_path(lang, Some(file))?;
    let office = super::open_office(cli)?;
    let store = office
        .store
        .file()
        .ok_or_else(|| Error::Usage(super::on_server_sentence(lang, &office.store.location())))?;
    let facts = store.backup_to(file).map_err(|e| {
        Error::Usage(lang.failure(&Failure::Backup {
            path: e.path.display().to_string(),
            reason: e.reason,
        }))
    })?;
    chain_of_copy(file, lang)?;
    Ok(match lang {
        Lang::Zh => format!("已备份到 {shown}，校验无误：{}\n", holds(lang, &facts)),
        Lang::En => format!(
            "copied the office to {shown}, verified: {}\n",
            holds(lang, &facts)
        ),
    })
}

/// Whether two paths name one file (the second may not exist yet).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn list(lang: Lang, db: &std::path::Path) -> Result<String> {
    let listed = copies::list(db).map_err(|e| {
        Error::Usage(lang.failure(&Failure::Backup {
            path: e.path.display().to_string(),
            reason: e.reason,
        }))
    })?;
    let folder = super::shown_path(&copies::folder_of(db));
    if listed.is_empty() {
        return Ok(match lang {
            Lang::Zh => format!("{folder} 中没有备份\n"),
            Lang::En => format!("no copies in {folder}\n"),
        });
    }
    let mut out = match lang {
        Lang::Zh => format!("{folder} 中的备份（新的在前）：\n"),
        Lang::En => format!("copies in {folder}, newest first:\n"),
    };
    for l in &listed {
        let made = l.made.map_or_else(
            || "-".to_string(),
            |t| {
                chrono::DateTime::<chrono::Local>::from(t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        );
        let name = l
            .path
            .file_name()
            .map_or_else(String::new, |n| crate::text::safe(&n.to_string_lossy()));
        let size = format!("{:.1} MB", l.size as f64 / 1_000_000.0);
        let state = match (&l.verified, lang) {
            (Ok(f), _) => holds(lang, f),
            (Err(reason), Lang::Zh) => format!("校验不通过：{}", crate::text::safe(reason)),
            (Err(reason), Lang::En) => format!("does not verify: {}", crate::text::safe(reason)),
        };
        let mark = match (l.ours, &l.verified, lang) {
            (false, _, Lang::Zh) => "（非 duban 所做，不会删除）",
            (false, _, Lang::En) => " (not made by duban; never removed)",
            (true, Ok(_), _) => "",
            (true, Err(_), Lang::Zh) => "（已损坏）",
            (true, Err(_), Lang::En) => " (damaged)",
        };
        out.push_str(&format!("  {made}  {size:>9}  {name}  {state}{mark}\n"));
    }
    Ok(out)
}

/// `duban restore FILE`: the copy back in the database's place.
pub fn restore(cli: &Cli, args: &RestoreArgs) -> Result<String> {
    let lang = super::screen::lang(cli);
    if cli.read_only {
        return Err(Error::Usage(match lang {
            Lang::Zh => "restore 会替换本办数据库，不能与 --read-only 一起使用".into(),
            Lang::En => {
                "restore replaces the office's database and cannot be run with --read-only".into()
            }
        }));
    }
    let db = super::office_path(cli)?;
    if same_file(&args.file, &db) {
        let shown = super::shown_path(&args.file);
        return Err(Error::Usage(match lang {
            Lang::Zh => format!(
                "{shown} 就是本办数据库，不能用它恢复自己；请用 --db 指明本办数据库，并指定要恢复的备份"
            ),
            Lang::En => format!(
                "{shown} is the office's database itself; name the office's file with --db and the copy to put back"
            ),
        }));
    }
    let when = chrono::Local::now().format("%Y%m%dT%H%M%S").to_string();
    let (db_shown, from) = (super::shown_path(&db), super::shown_path(&args.file));
    match copies::restore(&db, &args.file, args.force, &when) {
        Ok(done) => {
            let kept = done.kept.as_deref().map(super::shown_path);
            Ok(match (lang, kept) {
                (Lang::Zh, Some(k)) => format!(
                    "已用 {from} 恢复 {db_shown}（{}）；原数据库保留为 {k}\n",
                    holds(lang, &done.facts)
                ),
                (Lang::Zh, None) => format!(
                    "已用 {from} 恢复 {db_shown}（{}）\n",
                    holds(lang, &done.facts)
                ),
                (Lang::En, Some(k)) => format!(
                    "restored {db_shown} from {from} ({}); the database it replaced is kept as {k}\n",
                    holds(lang, &done.facts)
                ),
                (Lang::En, None) => format!(
                    "restored {db_shown} from {from} ({})\n",
                    holds(lang, &done.facts)
                ),
            })
        }
        Err(e) => Err(match (lang, e) {
            (Lang::Zh, RestoreError::BadCopy { reason, .. }) => Error::Usage(format!(
                "{from} 不是完好的 duban 数据库副本（{}）；未恢复",
                crate::text::safe(&reason)
            )),
            (Lang::Zh, RestoreError::Exists(_)) => Error::Usage(format!(
                "{db_shown} 已存在；恢复会替换它（原文件保留在旁）；确认请加 --force；未恢复"
            )),
            (Lang::Zh, RestoreError::InUse(_)) => Error::Usage(format!(
                "{db_shown} 正被另一个 duban 或程序打开；请先全部关闭再恢复；未恢复"
            )),
            (Lang::Zh, RestoreError::Failed { reason, .. }) => {
                Error::Record(crate::error::Error::NotWritable {
                    path: db.clone(),
                    reason,
                })
            }
            (Lang::En, RestoreError::Failed { reason, .. }) => {
                Error::Record(crate::error::Error::NotWritable {
                    path: db.clone(),
                    reason,
                })
            }
            (Lang::En, other) => Error::Usage(crate::text::safe(&other.to_string())),
        }),
    }
}

/// Whether the command may write to the office (and so earns the day's copy first).
pub(super) fn writes(command: &Command) -> bool {
    match command {
        Command::Add(_)
        | Command::Assign(_)
        | Command::Acknowledge(_)
        | Command::Start(_)
        | Command::Submit(_)
        | Command::Approve(_)
        | Command::Return(_)
        | Command::Close(_)
        | Command::Suspend(_)
        | Command::Resume(_)
        | Command::Cancel(_)
        | Command::Extend(_)
        | Command::Extension(_)
        | Command::Milestone(_)
        | Command::Feedback(_)
        | Command::Note(_)
        | Command::Commend(_)
        | Command::Instruct(_)
        | Command::Attach(_)
        | Command::Demo(_)
        | Command::Undo
        | Command::Redo
        | Command::Import(_)
        | Command::Ledger(_) => true,
        // They open the database themselves, or not at all.
        Command::Backup(_)
        | Command::Restore(_)
        | Command::Audit(_)
        | Command::Check(_)
        | Command::Db(_) => false,
        Command::List(_)
        | Command::Show(_)
        | Command::Attachment(_)
        | Command::Triage(_)
        | Command::Snapshot(_)
        | Command::Notice(_)
        | Command::Export(_)
        | Command::Report(_)
        | Command::Score(_)
        | Command::Config(_)
        | Command::Calendar(_)
        | Command::Completions(_)
        | Command::Man => false,
    }
}

/// The quick check of the office's storage, then today's copy of the office's database, as the
/// configuration keeps them; what went wrong, if anything, for the caller to say once. A
/// database found damaged by the check or while it was copied is refused
/// ([`crate::error::Error::Damaged`]): nothing is written into it, and no copy is taken from it.
pub fn daily(cli: &Cli, office: &Office) -> Result<Option<Failure>> {
    // Opened for reading only, the interface writes nothing: no check owed, no copy made.
    if office.store.read_only() {
        return Ok(None);
    }
    office.store.check_before_writing()?;
    let backup = cli
        .settings
        .as_ref()
        .map_or_else(Default::default, |s| s.prefs.backup);
    match office.store.daily_copy(office.today(), backup) {
        Ok(copies::Daily::SourceDamaged) => Err(crate::error::Error::Damaged.into()),
        Ok(_) => Ok(None),
        Err(e) => Ok(Some(Failure::Backup {
            path: e.path.display().to_string(),
            reason: e.reason,
        })),
    }
}

/// For a command that writes: today's copy first, a failure said on standard error.
pub(super) fn before(cli: &Cli, office: &Office, command: &Command) -> Result<()> {
    if writes(command) {
        before_writing(cli, office)?;
    }
    Ok(())
}

/// Today's copy before a write, a failure said on standard error.
pub(super) fn before_writing(cli: &Cli, office: &Office) -> Result<()> {
    if let Some(failure) = daily(cli, office)? {
        eprintln!("duban: {}", super::screen::lang(cli).failure(&failure));
    }
    Ok(())
}

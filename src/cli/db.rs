//! `duban db init URL` (an office's schema and roles on a server) and `duban db copy` (a whole
//! office, its history event by event, from a file or a server into an empty one, verified).

use std::ffi::OsString;

use clap::{Args, Subcommand};

use crate::cli::error::{Error, Result};
use crate::store::{Backend, Location, Records, audit, exchange};
use crate::ui::Lang;

#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create an office's schema in a server's database (or bring an older one up to date), and
    /// the roles its clerks and readers log in through (URL_clerk records, URL_reader reads)
    Init {
        /// The database, postgres://OWNER@HOST/DATABASE (it must exist: createdb).
        #[arg(value_name = "URL")]
        url: String,
        /// Print the statements that create the roles and grant their rights (for the IT
        /// department to run), instead of running them.
        #[arg(long)]
        print_grants: bool,
    },
    /// Copy a whole office (every item, record and event, in order) from a file or a server into
    /// an empty file or server, and verify the copy: counts, the chain's head, and every item's
    /// history replayed against its rows
    Copy {
        /// The office to copy: a file's path, or postgres://USER@HOST/DATABASE.
        #[arg(long, value_name = "FROM")]
        from: OsString,
        /// Where to copy it: a new file, or an empty database on a server.
        #[arg(long, value_name = "TO")]
        to: OsString,
    },
}

/// `duban db …`.
pub fn db(cli: &super::Cli, args: &DbArgs) -> Result<String> {
    let lang = super::screen::lang(cli);
    match &args.command {
        DbCommand::Init { url, print_grants } => init(url, *print_grants, lang),
        DbCommand::Copy { from, to } => copy(from, to, lang),
    }
}

fn not_a_server(lang: Lang, url: &str) -> Error {
    let url = crate::text::safe(url);
    Error::Usage(match lang {
        Lang::Zh => format!(
            "{url} 不是服务器地址；duban db init 用于 PostgreSQL 数据库，应写作 postgres://用户名@主机/数据库（数据库文件无需初始化，首次打开即自动创建）"
        ),
        Lang::En => format!(
            "{url} is not a server's address; duban db init works on a PostgreSQL database, postgres://USER@HOST/DATABASE (an office's file needs no init: it is created when first opened)"
        ),
    })
}

fn init(url: &str, print_grants: bool, lang: Lang) -> Result<String> {
    if !crate::store::postgres::is_server_address(url) {
        return Err(not_a_server(lang, url));
    }
    let opened = crate::store::open(&Location::Server(url.to_string()))?;
    let Some(store) = opened.server() else {
        return Err(not_a_server(lang, url));
    };
    let place = crate::text::safe(&opened.location());
    let version = crate::store::postgres::schema::SCHEMA_VERSION;
    let (roles, grants) = store.roles()?;
    let (clerk, reader) = (&roles.clerk, &roles.reader);
    let mut out = match lang {
        Lang::Zh => format!("{place}：办公数据结构已就绪（第 {version} 版）\n"),
        Lang::En => format!("{place}: the office's schema is ready (version {version})\n"),
    };
    let created = if print_grants {
        Err(None)
    } else {
        store.create_roles().map_err(Some)
    };
    match created {
        Ok(_) => out.push_str(&match lang {
            Lang::Zh => format!(
                "角色 {clerk}（可登记、办理）与 {reader}（只可查阅、出报告）已建立并授权\n"
            ),
            Lang::En => format!(
                "roles {clerk} (may record) and {reader} (may read and print) are created and granted\n"
            ),
        }),
        Err(why) => {
            if let Some(e) = why {
                out.push_str(&match lang {
                    Lang::Zh => format!(
                        "此登录无法建立角色（{}）；请数据库管理员以有权限的登录运行下列语句：\n",
                        crate::text::safe(&e.to_string())
                    ),
                    Lang::En => format!(
                        "this login may not create the roles ({}); have the database's administrator run:\n",
                        crate::text::safe(&e.to_string())
                    ),
                });
            }
            out.push_str(&grants);
        }
    }
    out.push_str(&match lang {
        Lang::Zh => format!(
            "新增一名督办员：CREATE ROLE 登录名 LOGIN PASSWORD '口令' IN ROLE {clerk};\n新增一名查阅者：CREATE ROLE 登录名 LOGIN PASSWORD '口令' IN ROLE {reader};\n"
        ),
        Lang::En => format!(
            "to add a clerk: CREATE ROLE name LOGIN PASSWORD 'secret' IN ROLE {clerk};\nto add a reader: CREATE ROLE name LOGIN PASSWORD 'secret' IN ROLE {reader};\n"
        ),
    });
    Ok(out)
}

fn copy(from: &OsString, to: &OsString, lang: Lang) -> Result<String> {
    let (from, to) = (Location::parse(from), Location::parse(to));
    if from == to {
        return Err(Error::Usage(match lang {
            Lang::Zh => "--from 与 --to 是同一处；请另指定复制的去处".into(),
            Lang::En => "--from and --to name the same place; name another place to copy to".into(),
        }));
    }
    if let Location::File(path) = &to
        && path.exists()
    {
        let shown = super::shown_path(path);
        return Err(Error::Usage(match lang {
            Lang::Zh => format!("{shown} 已存在，未改动；复制只写入新文件或服务器上的空数据库"),
            Lang::En => format!(
                "{shown} exists already and was left as it is; a copy goes into a new file or an empty database on a server"
            ),
        }));
    }
    let source = crate::store::open_read_only(&from)?;
    let mut office = exchange::exported(&source)?;
    office.chain_origins = Some(source.chain_origins()?);
    let new_file = match &to {
        Location::File(path) => Some(path.clone()),
        Location::Server(_) => None,
    };
    let mut target = crate::store::open(&to)?;
    let copied = match target.import(&office) {
        Ok(copied) => copied,
        Err(e) => {
            let untouched = target.event_count().is_ok_and(|n| n == 0);
            drop(target);
            if let Some(path) = new_file.filter(|_| untouched) {
                for suffix in ["", "-wal", "-shm", "-journal", "-checked"] {
                    let mut name = path.clone().into_os_string();
                    name.push(suffix);
                    let _ = std::fs::remove_file(std::path::PathBuf::from(name));
                }
            }
            return Err(e.into());
        }
    };
    drop(office);
    // Verified: the same counts, the same head, and every item's history replayed to its rows.
    let (source_head, source_events, _) = audit::head(&source)?;
    let (target_head, target_events, _) = audit::head(&target)?;
    let found = audit::verify(&target, None)?;
    let counts_agree = source.item_count()? == target.item_count()?
        && source_events == target_events
        && origins(&source)? == origins(&target)?;
    if !found.clean() || source_head != target_head || !counts_agree {
        let mut lines = super::audit::findings(&found, lang);
        lines.push(match lang {
            Lang::Zh => format!(
                "复制后核验未通过：原处 {source_events} 条记录、校验码 {}，去处 {target_events} 条记录、校验码 {}",
                source_head.as_deref().unwrap_or("-"),
                target_head.as_deref().unwrap_or("-")
            ),
            Lang::En => format!(
                "the copy does not verify: the original holds {source_events} events, head {}; the copy {target_events} events, head {}",
                source_head.as_deref().unwrap_or("-"),
                target_head.as_deref().unwrap_or("-")
            ),
        });
        return Err(Error::CheckFailed(lines.join("\n")));
    }
    let (f, t) = (
        crate::text::safe(&source.location()),
        crate::text::safe(&target.location()),
    );
    let head = source_head.unwrap_or_default();
    let (d, i, e) = (copied.departments, copied.items, copied.events);
    Ok(match lang {
        Lang::Zh => format!(
            "已将 {f} 复制到 {t}：{d} 个单位、{i} 个事项、{e} 条记录；核验无误（记录校验码 {head}，每个事项的历史与其数据一致）\n"
        ),
        Lang::En => format!(
            "copied {f} to {t}: {d} departments, {i} items, {e} events; verified (head {head}, every item's history agrees with its rows)\n"
        ),
    })
}

/// Where a store's chain was computed for events already there, by event and how (a new
/// office's own origin at its first event carries the time it was made, which differs).
fn origins(store: &crate::store::Store) -> Result<Vec<(i64, String)>> {
    Ok(store
        .chain_origins()?
        .into_iter()
        .map(|o| (o.first_event, o.how))
        .collect())
}

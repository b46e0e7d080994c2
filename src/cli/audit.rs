//! `duban audit verify`, `duban audit head` and `duban check`: whether the record proves it was
//! not altered, and whether its file is sound. The findings are the store's
//! (`store::audit`, `Backend::check_storage`); the words are here, in both languages.

use clap::{Args, Subcommand};

use crate::app::Office;
use crate::cli::error::{Error, Result};
use crate::domain::history::chain;
use crate::store::audit::{self, Audit, Broken};
use crate::store::{Backend, StorageProblem};
use crate::ui::Lang;

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain from the first event and replay the history against every stored
    /// row: exit 0 with the count verified, else each problem named.
    Verify {
        /// A head printed on a paper: prove the history up to it is unchanged.
        #[arg(long, value_name = "HASH")]
        head: Option<String>,
    },
    /// The latest hash of the chain, the number of events and when the last was recorded.
    Head,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check every page and index (`integrity_check`), not only a quick pass.
    #[arg(long)]
    pub full: bool,
    /// Put back the guards of the history found dropped or altered (refused when the chain is
    /// broken: restore from a copy instead).
    #[arg(long)]
    pub repair: bool,
}

/// `duban audit …`.
pub fn audit(office: &Office, args: &AuditArgs, lang: Lang) -> Result<String> {
    match &args.command {
        AuditCommand::Head => {
            let (hash, count, last) = audit::head(&office.store)?;
            let hash = hash.unwrap_or_else(|| "-".into());
            let last = last.unwrap_or_else(|| "-".into()).replace('T', " ");
            Ok(match lang {
                Lang::Zh => format!("记录校验码 {hash}\n共 {count} 条记录，最后一条记于 {last}\n"),
                Lang::En => format!("head {hash}\n{count} events, the last recorded {last}\n"),
            })
        }
        AuditCommand::Verify { head } => {
            let prove = match head {
                None => None,
                Some(text) => Some(chain::parse_hex(text).ok_or_else(|| {
                    Error::Usage(match lang {
                        Lang::Zh => "--head 须为 64 位十六进制的记录校验码（duban audit head 或报告上所印）".into(),
                        Lang::En => "--head must be a head of 64 hexadecimal digits, as duban audit head or a paper prints it".into(),
                    })
                })?),
            };
            let found = audit::verify(&office.store, prove)?;
            let mut out = findings(&found, lang);
            if let Some(text) = head {
                match (&found.head_found, lang) {
                    (Some((id, at)), Lang::Zh) => out.push(format!(
                        "截至第 {id} 条记录（{}）的历史与印出 {} 时一致",
                        at.replace('T', " "),
                        short(text)
                    )),
                    (Some((id, at)), Lang::En) => out.push(format!(
                        "the history up to event {id} (recorded {}) is as it was when {} was printed",
                        at.replace('T', " "),
                        short(text)
                    )),
                    (None, Lang::Zh) => out.push(format!(
                        "{} 不是本办完好历史中任何一条记录的校验码：印出之后历史被改动过，或该纸件出自别的办公室",
                        short(text)
                    )),
                    (None, Lang::En) => out.push(format!(
                        "{} is not the hash of any event of this intact history: it was changed after the paper was printed, or the paper is of another office",
                        short(text)
                    )),
                }
            }
            let proved = head.is_none() || found.head_found.is_some();
            if found.clean() && proved {
                Ok(out.join("\n") + "\n")
            } else {
                Err(Error::CheckFailed(out.join("\n")))
            }
        }
    }
}

/// `duban check`: the file's pages, references and guards, then the chain and the replay.
pub fn check(office: &mut Office, args: &CheckArgs, lang: Lang) -> Result<String> {
    let found = audit::verify(&office.store, None)?;
    let mut out = Vec::new();
    if args.repair {
        if found.broken.is_some() {
            let mut lines = findings(&found, lang);
            lines.push(match lang {
                Lang::Zh => "记录链已断，修复防护会掩盖改动，未修复；请用 duban restore 从备份恢复".into(),
                Lang::En => "the chain is broken, and putting the guards back would hide it; nothing was repaired; restore from a copy (duban restore)".into(),
            });
            return Err(Error::CheckFailed(lines.join("\n")));
        }
        for done in office.store.repair_guards()? {
            out.push(storage_words(&done, true, lang));
        }
    }
    let storage = office.store.check_storage(args.full)?;
    for problem in &storage {
        out.push(storage_words(problem, false, lang));
    }
    out.extend(findings(&found, lang));
    if storage.is_empty() && found.clean() {
        Ok(out.join("\n") + "\n")
    } else {
        out.push(match lang {
            Lang::Zh => "发现问题；数据库损坏请用 duban restore 从备份恢复，防护被删改可用 duban check --repair 修复".into(),
            Lang::En => "problems found: a damaged file is restored from a copy (duban restore), dropped or altered guards put back with duban check --repair".into(),
        });
        Err(Error::CheckFailed(out.join("\n")))
    }
}

/// The first 16 digits of a head, as a sentence quotes it.
fn short(hash: &str) -> String {
    let hash = crate::text::safe(hash.trim());
    hash.chars().take(16).collect::<String>() + "…"
}

/// A storage problem, or (`repaired`) the guard put back, in the clerk's language.
fn storage_words(problem: &StorageProblem, repaired: bool, lang: Lang) -> String {
    match (problem, repaired, lang) {
        (StorageProblem::Damaged(what), _, Lang::Zh) => {
            format!("数据页或索引损坏：{}", crate::text::safe(what))
        }
        (StorageProblem::Damaged(what), _, Lang::En) => {
            format!("damaged page or index: {}", crate::text::safe(what))
        }
        (StorageProblem::Dangling { table, row, parent }, _, Lang::Zh) => {
            format!("{table} 的第 {row} 行所指向的 {parent} 记录不存在")
        }
        (StorageProblem::Dangling { table, row, parent }, _, Lang::En) => {
            format!("row {row} of {table} names a row of {parent} that is not there")
        }
        (StorageProblem::GuardDropped(name), false, Lang::Zh) => {
            format!("防护触发器 {name} 已被删除，历史记录可被改动")
        }
        (StorageProblem::GuardDropped(name), false, Lang::En) => {
            format!("the guard {name} was dropped: the history can be changed")
        }
        (StorageProblem::GuardAltered(name), false, Lang::Zh) => {
            format!("防护触发器 {name} 已被改动，历史记录可被改动")
        }
        (StorageProblem::GuardAltered(name), false, Lang::En) => {
            format!("the guard {name} was altered: the history can be changed")
        }
        (StorageProblem::GuardDropped(name), true, Lang::Zh) => {
            format!("已修复：恢复了被删除的防护触发器 {name}")
        }
        (StorageProblem::GuardDropped(name), true, Lang::En) => {
            format!("put back the dropped guard {name}")
        }
        (StorageProblem::GuardAltered(name), true, Lang::Zh) => {
            format!("已修复：按原样恢复了被改动的防护触发器 {name}")
        }
        (StorageProblem::GuardAltered(name), true, Lang::En) => {
            format!("put back the altered guard {name} as written")
        }
    }
}

/// What the audit found, one line each, in the clerk's language.
pub(super) fn findings(found: &Audit, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let head = chain::hex(&found.head);
    let origin = found.original_from();
    if found.clean() {
        out.push(match lang {
            Lang::Zh => format!(
                "已核验 {} 条记录：记录链完整，{} 个事项与其历史一致；记录校验码 {}",
                found.events, found.items, head
            ),
            Lang::En => format!(
                "verified {} events: the chain is whole and {} items agree with their history; head {}",
                found.events, found.items, head
            ),
        });
        if found.files > 0 {
            out.push(match lang {
                Lang::Zh => format!("{} 个附件文件与其 SHA-256 一致", found.files),
                Lang::En => format!("{} attached files match their SHA-256", found.files),
            });
        }
    }
    if origin > 1
        && let Some(o) = found.origins.last()
    {
        let how = match (o.how.as_str(), lang) {
            ("import", Lang::Zh) => "导入",
            ("import", Lang::En) => "import",
            (_, Lang::Zh) => "升级",
            (_, Lang::En) => "migration",
        };
        let at = o.chained_at.replace('T', " ");
        out.push(match lang {
            Lang::Zh => format!(
                "第 {} 条之前的记录由 {at} 的{how}补算入链；自第 {origin} 条起为记录时即入链",
                origin
            ),
            Lang::En => format!(
                "the events before event {origin} were chained by the {how} of {at}; from event {origin} on the chain is original"
            ),
        });
    }
    if let Some(b) = &found.broken {
        let item = b.item.map_or_else(|| "-".to_string(), |n| n.to_string());
        let (at, actor, kind) = (
            b.at.replace('T', " "),
            crate::text::safe(&b.actor),
            crate::text::safe(&b.kind),
        );
        out.push(match (b.why, lang) {
            (Broken::Mismatch, Lang::Zh) => format!(
                "记录链在第 {} 条记录处断开（{at}，事项 {item}，{kind}，记录人 {actor}）：该条或其前某条被改动，或其前有记录被删除",
                b.id
            ),
            (Broken::Mismatch, Lang::En) => format!(
                "the chain breaks at event {} ({at}, item {item}, {kind}, by {actor}): it or an event before it was changed, or an event before it removed",
                b.id
            ),
            (Broken::NoLink, Lang::Zh) => format!(
                "第 {} 条记录（{at}，事项 {item}，{kind}，记录人 {actor}）不在记录链中：它是绕过 duban 添加的",
                b.id
            ),
            (Broken::NoLink, Lang::En) => format!(
                "event {} ({at}, item {item}, {kind}, by {actor}) has no link in the chain: it was added behind duban's back",
                b.id
            ),
            (Broken::Undecodable, Lang::Zh) => format!(
                "第 {} 条记录（{at}，{kind}，记录人 {actor}）的内容无法按其类型解读",
                b.id
            ),
            (Broken::Undecodable, Lang::En) => format!(
                "event {} ({at}, {kind}, by {actor}) does not decode as its kind",
                b.id
            ),
            (Broken::Removed, Lang::Zh) => format!(
                "第 {} 条记录已不在，但记录链中仍有它：它被删除了",
                b.id
            ),
            (Broken::Removed, Lang::En) => format!(
                "event {} is gone though the chain holds its link: it was removed",
                b.id
            ),
        });
    }
    for d in found.disagreeing.iter().take(20) {
        let what = crate::text::safe(&d.what.join(", "));
        out.push(match lang {
            Lang::Zh => format!("事项 {} 与其历史记录不符：{what}", d.number),
            Lang::En => format!("item {} disagrees with its history: {what}", d.number),
        });
    }
    for sha256 in &found.altered_files {
        out.push(match lang {
            Lang::Zh => format!(
                "附件文件 {sha256} 的内容已被改动：与其 SHA-256 不符（duban attachment list 可查看所属事项）"
            ),
            Lang::En => format!(
                "the attached file {sha256} was altered: its bytes no longer hash to its SHA-256"
            ),
        });
    }
    if found.disagreeing.len() > 20 {
        let more = found.disagreeing.len() - 20;
        out.push(match lang {
            Lang::Zh => format!("另有 {more} 个事项与其历史不符"),
            Lang::En => format!("and {more} more items disagree with their history"),
        });
    }
    out
}

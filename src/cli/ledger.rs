//! `duban ledger import`: the office's spreadsheet ledger (督办台账) read, shown as it would be
//! registered (a dry run, by default), and with `--apply` registered all at once or not at all.
//! The reading and its rules are the application's (`exchange::ledger`); here are the options,
//! the printing and the progress bar.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::app::Office;
use crate::cli::error::{Error, Result};
use crate::cli::progress::Bar;
use crate::cli::{Cli, Printed};
use crate::config::WithSettings;
use crate::exchange::ledger::{self, Entry, LedgerRefusal, Overrides, Plan, Reading};
use crate::store::{Location, Records};
use crate::ui::Lang;
use crate::ui::ledger_words as words;

#[derive(Debug, Args)]
pub struct LedgerArgs {
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Read a spreadsheet ledger (督办台账: .xlsx, .xls or .ods) and show what it would
    /// register; with --apply, register every row at once, or nothing when any row is refused.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger: an .xlsx, .xls or .ods file.
    pub file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Says what a column holds, over the headers duban knows: HEADER=FIELD, FIELD one of
    /// title, requirement, lead, co, owner, deadline, source, ref, progress, status, note,
    /// registered, completed, ignore (may be given again).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Register the rows (without it, nothing is written: a dry run).
    #[arg(long)]
    pub apply: bool,
}

/// How many rows the dry run shows as they will be registered.
const SHOWN_ROWS: usize = 5;
/// How many rows already in the office are named one by one.
const SHOWN_KNOWN: usize = 10;
/// From how many rows the progress bar is drawn.
const BAR_FROM: usize = 200;

pub fn ledger(cli: &Cli, args: &LedgerArgs) -> Result<Printed> {
    match &args.command {
        LedgerCommand::Import(a) => import(cli, a).map(Printed::Text),
    }
}

fn refused(r: &LedgerRefusal, lang: Lang) -> Error {
    Error::Usage(words::refusal(r, lang))
}

/// The office a dry run compares against, opened for reading only; none when the office's
/// file does not exist yet, or its server's database holds no office yet (a dry run creates
/// nothing).
fn office_to_compare(cli: &Cli) -> Result<Option<Office>> {
    if let Location::File(path) = super::office_location(cli)?
        && !path.exists()
    {
        return Ok(None);
    }
    let location = super::office_location(cli)?;
    // A server's database that holds no office yet is compared as an empty one, as a file
    // that does not exist is.
    let store = match crate::store::open_read_only(&location) {
        Err(crate::error::Error::Server {
            problem: crate::error::ServerProblem::NoOffice,
            ..
        }) => return Ok(None),
        other => other?,
    };
    let settings = super::settings(cli)?;
    let actor = match store.login() {
        Some(login) => login.to_string(),
        None => super::actor_of(cli)?,
    };
    Ok(Some(
        Office::new(store, super::clock_of(cli)?, actor).with_settings(&settings),
    ))
}

fn import(cli: &Cli, args: &ImportArgs) -> Result<String> {
    let lang = super::screen::lang(cli);
    let map = Overrides::parse(&args.map).map_err(|e| refused(&LedgerRefusal::Map(e), lang))?;
    let settings = super::settings(cli)?;
    let today = super::clock_of(cli)?.today();
    let shown = super::shown_path(&args.file);
    let options = ledger::Options {
        sheet: args.sheet.as_deref(),
        map: &map,
        today,
        calendar: &settings.calendar,
        rules: &settings.rules,
    };
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        eprint!("{}", lang.pick("正在读取台账…\r", "reading the ledger…\r"));
    }
    let reading = ledger::read(&args.file, &shown, &options).map_err(|r| refused(&r, lang));
    if terminal {
        eprint!("\r\x1b[K");
    }
    let reading = reading?;
    let refusals = reading.refused.len();
    if !args.apply {
        let (plan, fresh) = match office_to_compare(cli)? {
            Some(office) => {
                let plan = Plan::against(&office.store, reading.clone(), today)?;
                let fresh = plan.new_departments(&office.store.departments()?);
                (plan, fresh)
            }
            None => {
                let plan = Plan {
                    new: reading.entries.clone(),
                    known: Vec::new(),
                };
                let fresh = plan.new_departments(&[]);
                (plan, fresh)
            }
        };
        let mut text = report(&reading, &plan, lang);
        text.push_str(&new_departments(&fresh, lang));
        text.push_str(lang.pick("试运行：未写入任何内容。", "Dry run: nothing was written."));
        if refusals > 0 {
            println!("{text}");
            return Err(Error::CheckFailed(cannot_import(refusals, lang)));
        }
        text.push_str(lang.pick(
            "确认无误后，加 --apply 登记。\n",
            " To register these rows, run it again with --apply.\n",
        ));
        return Ok(text);
    }
    if refusals > 0 {
        let plan = Plan {
            new: reading.entries.clone(),
            known: Vec::new(),
        };
        print!("{}", report(&reading, &plan, lang));
        return Err(Error::CheckFailed(format!(
            "{}{}",
            cannot_import(refusals, lang),
            lang.pick("；未写入任何内容", "; nothing was written")
        )));
    }
    let mut office = super::open_office(cli)?;
    super::backup::before_writing(cli, &office)?;
    let plan = Plan::against(&office.store, reading.clone(), today)?;
    let total = plan.new.len();
    let now = office.ctx().now;
    let mut bar = Bar::new(
        lang.pick("登记", "registering"),
        total,
        terminal && total >= BAR_FROM,
    );
    let written = office.write(|w| ledger::write(w, &plan.new, today, now, &mut |n| bar.show(n)));
    bar.end();
    let written = written?;
    let (file, into) = (
        crate::text::safe(&reading.file),
        crate::text::safe(&office.location()),
    );
    let known = plan.known.len();
    Ok(match lang {
        Lang::Zh => format!(
            "已从 {file}（工作表“{}”）登记 {written} 个事项到 {into}；{known} 行已在本办，未重复登记\n",
            crate::text::safe(&reading.sheet)
        ),
        Lang::En => format!(
            "registered {written} items from {file} (sheet '{}') into {into}; {known} rows already in the office were not registered again\n",
            crate::text::safe(&reading.sheet)
        ),
    })
}

/// How many new departments the dry run names one by one.
const SHOWN_DEPARTMENTS: usize = 30;

/// The departments the import would add to the office: a name spelt otherwise than the
/// office spells it (市住建局 for 住建局) shows here before it becomes a department of its own.
fn new_departments(names: &[String], lang: Lang) -> String {
    if names.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = names
        .iter()
        .take(SHOWN_DEPARTMENTS)
        .map(|n| crate::text::safe(n))
        .collect();
    let more = names.len().saturating_sub(SHOWN_DEPARTMENTS);
    match lang {
        Lang::Zh => format!(
            "本办尚无、将新增的单位（{} 个）：{}{}\n",
            names.len(),
            shown.join("、"),
            if more > 0 { " 等" } else { "" }
        ),
        Lang::En => format!(
            "Departments new to the office ({}): {}{}\n",
            names.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    }
}

fn cannot_import(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            format!("台账有 {n} 处不能导入（见上，按行号和列名列出）；请在表格中改正后再导入")
        }
        Lang::En => format!(
            "the ledger has {n} problem{} (listed above by row and column); correct the spreadsheet and import it again",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// The dry run's account: the sheet and its columns, the counts, the first rows as they will
/// be registered, the rows already in the office and every row refused.
fn report(reading: &Reading, plan: &Plan, lang: Lang) -> String {
    let safe = crate::text::safe;
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let header_row = reading.header.first_row + 1;
    let year_from = match (reading.year_named, zh) {
        (true, true) => "台账所载",
        (false, true) => "今年",
        (true, false) => "named by the ledger",
        (false, false) => "this year's",
    };
    let _ = if zh {
        writeln!(
            out,
            "台账 {}，工作表“{}”，表头在第 {header_row} 行；未写年份的日期按 {} 年（{year_from}）",
            safe(&reading.file),
            safe(&reading.sheet),
            reading.year
        )
    } else {
        writeln!(
            out,
            "Ledger {}, sheet '{}', header in row {header_row}; dates without a year are read in {} ({year_from})",
            safe(&reading.file),
            safe(&reading.sheet),
            reading.year
        )
    };
    let columns: Vec<String> = reading
        .header
        .columns
        .iter()
        .map(|c| {
            let to = c.field.map_or_else(
                || {
                    lang.pick("不导入（未识别）", "left out (not known)")
                        .to_string()
                },
                |f| words::field(f, lang).to_string(),
            );
            format!("{} {} → {to}", c.letter(), safe(&c.header))
        })
        .collect();
    let _ = writeln!(
        out,
        "{}{}",
        lang.pick("列：", "Columns: "),
        columns.join(lang.pick("；", "; "))
    );
    let rows = reading.entries.len()
        + reading
            .refused
            .iter()
            .map(|p| p.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
    let refused_rows = rows - reading.entries.len();
    let _ = if zh {
        writeln!(
            out,
            "数据 {rows} 行：将登记 {} 行，已在本办 {} 行，不能导入 {refused_rows} 行；空行 {} 行已跳过",
            plan.new.len(),
            plan.known.len(),
            reading.blank_rows
        )
    } else {
        writeln!(
            out,
            "{rows} data rows: {} to register, {} already in the office, {refused_rows} refused; {} blank rows skipped",
            plan.new.len(),
            plan.known.len(),
            reading.blank_rows
        )
    };
    if !plan.new.is_empty() {
        let by_dept: Vec<String> = plan
            .by_department()
            .into_iter()
            .map(|(d, n)| format!("{} {n}", safe(&d)))
            .collect();
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("按牵头单位：", "By lead department: "),
            by_dept.join(lang.pick("，", ", "))
        );
        let by_status: Vec<String> = plan
            .by_status()
            .into_iter()
            .map(|(s, n)| format!("{} {n}", words::status(s, lang)))
            .collect();
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("按状态：", "By status: "),
            by_status.join(lang.pick("，", ", "))
        );
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "前几行登记后为：",
                "The first rows, as they will be registered:"
            )
        );
        for e in plan.new.iter().take(SHOWN_ROWS) {
            let _ = writeln!(out, "  {}", entry_line(e, lang));
        }
    }
    if !plan.known.is_empty() {
        let named: Vec<String> = plan
            .known
            .iter()
            .take(SHOWN_KNOWN)
            .map(|(row, number)| match lang {
                Lang::Zh => format!("第 {row} 行（{number}）"),
                Lang::En => format!("row {row} ({number})"),
            })
            .collect();
        let more = plan.known.len().saturating_sub(SHOWN_KNOWN);
        let _ = write!(
            out,
            "{}{}",
            lang.pick(
                "已在本办（按督办事项、牵头单位、来源/文号识别）：",
                "Already in the office (recognised by title, lead department and source): "
            ),
            named.join(lang.pick("，", ", "))
        );
        let _ = if more > 0 {
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh => format!(" 等，另 {more} 行"),
                    Lang::En => format!(" and {more} more"),
                }
            )
        } else {
            writeln!(out)
        };
    }
    if !reading.refused.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("不能导入：", "Refused:"));
        for p in &reading.refused {
            let _ = writeln!(out, "  {}", words::problem(p, lang));
        }
    }
    out
}

/// One row as it will be registered: its row, state, title, departments, deadline, source.
fn entry_line(e: &Entry, lang: Lang) -> String {
    let safe = crate::text::safe;
    let item = &e.item;
    let due = match (item.deadline, &item.no_deadline_reason) {
        (Some(d), _) => d.to_string(),
        (None, Some(r)) => format!("{}（{}）", lang.pick("无", "none"), safe(r)),
        (None, None) => lang.pick("无", "none").to_string(),
    };
    let mut s = match lang {
        Lang::Zh => format!(
            "第 {} 行 [{}] {} · 牵头 {} · 时限 {due} · 立项 {}",
            e.row,
            words::status(e.status, lang),
            safe(&item.title),
            safe(&item.lead),
            item.registered_on
        ),
        Lang::En => format!(
            "row {} [{}] {} · led by {} · due {due} · registered {}",
            e.row,
            words::status(e.status, lang),
            safe(&item.title),
            safe(&item.lead),
            item.registered_on
        ),
    };
    if !item.co.is_empty() {
        let co: Vec<String> = item.co.iter().map(|c| safe(c)).collect();
        let _ = write!(s, "{}{}", lang.pick(" · 配合 ", " · with "), co.join("、"));
    }
    if !item.source_ref.is_empty() {
        let _ = write!(
            s,
            "{}{}",
            lang.pick(" · 来源 ", " · source "),
            safe(&item.source_ref)
        );
    }
    if let Some(day) = e.finished_on {
        let _ = write!(s, "{}{day}", lang.pick(" · 办结 ", " · finished "));
    }
    if e.progress.is_some() {
        let _ = write!(s, "{}", lang.pick(" · 有进展", " · with progress"));
    }
    s
}

//! `duban report` (the bulletin, 督办通报) and `duban score` (the assessment, 绩效考核): every
//! option is checked before the database is opened, so a refusal writes nothing; `--out` writes
//! the whole file or nothing (a temporary file in the same folder, renamed over the target).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::{Cli, Printed, open_office, screen};
use crate::cli::error::{Error, Result};
use crate::domain::validate::{self, InputError, Problem};
use crate::report::docx::bulletin_docx;
use crate::report::render::{self, Context, Format};
use crate::report::{GroupBy, Period, PeriodKind};
use crate::ui::Lang;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// week, month, quarter or year: the one that holds --at (default month).
    #[arg(long)]
    pub period: Option<String>,
    /// The day whose period is reported, and the day it is reported as of (YYYY-MM-DD; default
    /// today).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub at: Option<String>,
    /// First day of a period of any length (YYYY-MM-DD; with --to).
    #[arg(long, requires = "to", conflicts_with = "period")]
    pub from: Option<String>,
    /// Last day of a period of any length (YYYY-MM-DD; with --from).
    #[arg(long, requires = "from", conflicts_with = "period")]
    pub to: Option<String>,
    /// department, source, source-kind or co-department (default department).
    #[arg(long)]
    pub by: Option<String>,
    /// text, md, csv, json, html, docx or xlsx (default text); xlsx has a sheet per grouping.
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of printing (its folder must exist).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The issuing office, printed under the title.
    #[arg(long, env = "DUBAN_OFFICE", value_name = "NAME")]
    pub office: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The year assessed (default this year).
    #[arg(long)]
    pub year: Option<String>,
    /// The day the year is assessed as of (YYYY-MM-DD; default today).
    #[arg(long)]
    pub at: Option<String>,
    /// text, md, csv, json, html or xlsx (default text).
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of printing (its folder must exist).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The issuing office, printed under the title.
    #[arg(long, env = "DUBAN_OFFICE", value_name = "NAME")]
    pub office: Option<String>,
}

/// A field's name in a refusal: the option, in the clerk's language (the Chinese name said
/// in full, as the interface's refusals do).
fn field(lang: Lang, option: &'static str) -> &'static str {
    if lang == Lang::En {
        return option;
    }
    match option {
        "--period" => "通报周期（--period）",
        "--at" => "截至日期（--at）",
        "--from" => "起始日期（--from）",
        "--to" => "截止日期（--to）",
        "--by" => "分组方式（--by）",
        "--format" => "输出格式（--format）",
        "--year" => "考核年度（--year）",
        "--office" => "发文单位（--office）",
        "--out" => "输出文件（--out）",
        other => other,
    }
}

fn date(lang: Lang, option: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(|t| validate::date(field(lang, option), t))
        .transpose()
        .map_err(Error::from)
}

/// `--format` of `duban score`: a text format, or `xlsx` (`None`).
fn format(lang: Lang, text: Option<&str>) -> Result<Option<Format>> {
    match text.map(str::trim) {
        Some("xlsx") => Ok(None),
        Some(t) => Format::from_code(t).map(Some).ok_or_else(|| {
            InputError::new(
                field(lang, "--format"),
                Problem::UnknownCode {
                    accepted: format!("{}, xlsx", Format::accepted()),
                    got: t.to_string(),
                },
            )
            .into()
        }),
        None => Ok(Some(Format::Text)),
    }
}

/// The issuing office as every paper signs it (落款): `--office` (or `$DUBAN_OFFICE`), one line
/// of at most 100 characters, else the configuration's `[office] name`; none when neither.
pub(super) fn issuer(cli: &Cli, lang: Lang, text: Option<&str>) -> Result<Option<String>> {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => Ok(Some(validate::required_line(
            field(lang, "--office"),
            t,
            100,
        )?)),
        None => Ok(super::settings(cli)?.office.clone()),
    }
}

/// The folder of `--out` must exist: the file is written there and renamed into place.
pub(super) fn out_path(lang: Lang, out: Option<&Path>) -> Result<Option<PathBuf>> {
    let Some(path) = out else { return Ok(None) };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(Error::Usage(match lang {
            Lang::Zh => format!(
                "输出文件（--out）所在的文件夹 {} 不存在；请先建立该文件夹或换一个路径",
                super::shown_path(&folder)
            ),
            Lang::En => format!(
                "the folder {} of --out does not exist; create it first or choose another path",
                super::shown_path(&folder)
            ),
        }));
    }
    if path.is_dir() {
        return Err(Error::Usage(match lang {
            Lang::Zh => format!(
                "输出文件（--out）{} 是文件夹；请给出文件名",
                super::shown_path(path)
            ),
            Lang::En => format!(
                "--out {} is a folder; give a file name",
                super::shown_path(path)
            ),
        }));
    }
    Ok(Some(path.to_path_buf()))
}

fn written(lang: Lang, what: &str, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("{what}已写入 {}\n", super::shown_path(path)),
        Lang::En => format!("{what} written to {}\n", super::shown_path(path)),
    }
}

/// The forms a bulletin is printed in: the text formats, a Word document, or a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BulletinFormat {
    Text(Format),
    Docx,
    Xlsx,
}

impl BulletinFormat {
    fn binary(self) -> Option<super::document::Binary> {
        match self {
            BulletinFormat::Text(_) => None,
            BulletinFormat::Docx => Some(super::document::Binary::Word),
            BulletinFormat::Xlsx => Some(super::document::Binary::Excel),
        }
    }
}

/// `--format` of `duban report`: a text format, or `docx`.
fn bulletin_format(lang: Lang, text: Option<&str>) -> Result<BulletinFormat> {
    match text.map(str::trim) {
        Some("docx") => Ok(BulletinFormat::Docx),
        Some("xlsx") => Ok(BulletinFormat::Xlsx),
        Some(t) => Format::from_code(t)
            .map(BulletinFormat::Text)
            .ok_or_else(|| {
                InputError::new(
                    field(lang, "--format"),
                    Problem::UnknownCode {
                        accepted: format!("{}, docx, xlsx", Format::accepted()),
                        got: t.to_string(),
                    },
                )
                .into()
            }),
        None => Ok(BulletinFormat::Text(Format::Text)),
    }
}

/// What `duban report` was asked for, checked.
struct ReportRequest {
    kind: Option<PeriodKind>,
    at: Option<NaiveDate>,
    span: Option<(NaiveDate, NaiveDate)>,
    by: GroupBy,
    format: BulletinFormat,
    out: Option<PathBuf>,
    office: Option<String>,
}

fn report_request(cli: &Cli, lang: Lang, args: &ReportArgs) -> Result<ReportRequest> {
    let kind = args
        .period
        .as_deref()
        .map(|t| PeriodKind::parse_field(field(lang, "--period"), t))
        .transpose()?;
    let at = date(lang, "--at", args.at.as_deref())?;
    let from = date(lang, "--from", args.from.as_deref())?;
    let to = date(lang, "--to", args.to.as_deref())?;
    let span = match (from, to) {
        (Some(from), Some(to)) if from > to => {
            return Err(Error::Usage(match lang {
                Lang::Zh => format!(
                    "起始日期（--from）{from} 晚于截止日期（--to）{to}；起始日期须不晚于截止日期"
                ),
                Lang::En => format!(
                    "--from {from} is after --to {to}; the period must start on or before its last day"
                ),
            }));
        }
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };
    let by = args
        .by
        .as_deref()
        .map(|t| GroupBy::parse_field(field(lang, "--by"), t))
        .transpose()?
        .unwrap_or(GroupBy::Department);
    Ok(ReportRequest {
        kind: if span.is_some() {
            None
        } else {
            Some(kind.unwrap_or(PeriodKind::Month))
        },
        at,
        span,
        by,
        format: bulletin_format(lang, args.format.as_deref())?,
        out: out_path(lang, args.out.as_deref())?,
        office: issuer(cli, lang, args.office.as_deref())?,
    })
}

/// `duban report`: the bulletin of a period, as of a day no later than today.
pub fn report(cli: &Cli, args: &ReportArgs) -> Result<Printed> {
    let lang = screen::lang(cli);
    let req = report_request(cli, lang, args)?;
    super::document::check_destination(req.format.binary(), req.out.as_deref(), lang)?;
    let office = open_office(cli)?;
    let today = office.today();
    let period = match (req.span, req.kind) {
        (Some((from, to)), _) => Period {
            from,
            to,
            as_of: to.min(today),
        },
        (None, kind) => {
            let at = req.at.unwrap_or(today);
            let p = Period::holding(kind.unwrap_or(PeriodKind::Month), at);
            Period {
                as_of: at.min(today),
                ..p
            }
        }
    };
    // The items as of the period's end, from the days the store keeps (today's or earlier),
    // judged and counted as they are read: a workbook has a sheet per grouping, the one asked
    // for first.
    let groupings = match req.format {
        BulletinFormat::Xlsx => render::xlsx::sheet_order(req.by),
        _ => vec![req.by],
    };
    let parts = office.bulletin_parts(&period, &groupings, true)?;
    let head = crate::store::audit::paper_head(&office.store, period.as_of)?;
    let ctx = Context {
        lang,
        kind: req.kind,
        office: req.office.as_deref(),
        rules: &office.rules,
        calendar: &office.calendar,
        record_head: head.as_ref(),
    };
    let format = match req.format {
        BulletinFormat::Text(format) => format,
        BulletinFormat::Docx => {
            let bytes = bulletin_docx(&parts.into_document(req.by), &ctx)?;
            return super::document::deliver(
                super::document::Document::Binary(bytes),
                req.out.as_deref(),
                lang,
            );
        }
        BulletinFormat::Xlsx => {
            let bytes = render::xlsx::bulletin(&parts.into_documents(&groupings), &ctx)?;
            return super::document::deliver(
                super::document::Document::Binary(bytes),
                req.out.as_deref(),
                lang,
            );
        }
    };
    let doc = parts.into_document(req.by);
    let text = render::bulletin(&doc, &ctx, format);
    match &req.out {
        Some(path) => {
            crate::files::write_whole(path, text.as_bytes())?;
            let what = render::words::bulletin_title(&ctx, &period);
            Ok(Printed::Text(written(lang, &what, path)))
        }
        None => Ok(Printed::Text(text)),
    }
}

/// `duban score`: the year's assessment, as of a day no later than today.
pub fn score(cli: &Cli, args: &ScoreArgs) -> Result<Printed> {
    let lang = screen::lang(cli);
    let year = args
        .year
        .as_deref()
        .map(|t| {
            t.trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (validate::FIRST_YEAR..=validate::LAST_YEAR).contains(y))
                .ok_or_else(|| {
                    InputError::new(
                        field(lang, "--year"),
                        Problem::NumberOutOfRange {
                            min: i64::from(validate::FIRST_YEAR),
                            max: i64::from(validate::LAST_YEAR),
                            got: t.to_string(),
                        },
                    )
                })
        })
        .transpose()?;
    let at = date(lang, "--at", args.at.as_deref())?;
    let format = format(lang, args.format.as_deref())?;
    let out = out_path(lang, args.out.as_deref())?;
    let issuer = issuer(cli, lang, args.office.as_deref())?;
    let binary = format.is_none().then_some(super::document::Binary::Excel);
    super::document::check_destination(binary, out.as_deref(), lang)?;
    let office = open_office(cli)?;
    let today = office.today();
    let at = at.unwrap_or(today).min(today);
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&at));
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(at);
    let period = Period {
        as_of: at,
        ..Period::holding(PeriodKind::Year, day)
    };
    // Which items were scored in an earlier year, from the items as they stood the day before
    // the year began; then every item at the year's end, those completed before it too (one
    // completed early scores in the year of its deadline): each scored as it is read.
    let scores = office.scores(&period)?;
    let head = crate::store::audit::paper_head(&office.store, period.as_of)?;
    let ctx = Context {
        lang,
        kind: Some(PeriodKind::Year),
        office: issuer.as_deref(),
        rules: &office.rules,
        calendar: &office.calendar,
        record_head: head.as_ref(),
    };
    let Some(format) = format else {
        let bytes = render::xlsx::scores(&scores, &period, &ctx)?;
        return super::document::deliver(
            super::document::Document::Binary(bytes),
            out.as_deref(),
            lang,
        );
    };
    let text = render::scores(&scores, &period, &ctx, format);
    match &out {
        Some(path) => {
            crate::files::write_whole(path, text.as_bytes())?;
            let what = render::words::scores_title(lang, &period);
            Ok(Printed::Text(written(lang, &what, path)))
        }
        None => Ok(Printed::Text(text)),
    }
}

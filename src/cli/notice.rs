//! `duban notice`: the urging notice (催办单) for one item, or for one department listing all
//! its overdue items.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::document::{DocFormat, Document, check_destination, deliver};
use super::output::Printed;
use crate::app::Office;
use crate::cli::error::{Error, Result};
use crate::domain::Status;
use crate::domain::instruction::InstructionSense;
use crate::domain::validate;
use crate::report::assignment::Assignment;
use crate::report::notice::{Notice, NoticeItem, Quoted, REPLY_WORKING_DAYS};
use crate::store::{ItemDetail, ListFilter, Records};
use crate::ui::Lang;

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("whom").required(true).args(["number", "dept"]))]
pub struct NoticeArgs {
    /// The item's number, e.g. 2026-017.
    pub number: Option<String>,
    /// One notice to this lead department (exact name) listing all its overdue items.
    #[arg(long)]
    pub dept: Option<String>,
    #[arg(long, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,
    /// Write the notice to this file (whole or not at all) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The assignment notice (交办通知单) of the item instead: it hands the item to its lead
    /// department, and quotes the leader's latest new requirement and its new deadline when one
    /// was recorded (`duban instruct … --sense requires`).
    #[arg(long, conflicts_with = "dept")]
    pub assignment: bool,
    /// The issuing office, signed at the foot above the date (落款).
    #[arg(long, env = "DUBAN_OFFICE", value_name = "NAME")]
    pub office: Option<String>,
}

/// One item as the notice states it on `today`. A suspended item's lateness is frozen on the
/// day it was suspended (the days suspended do not count); a report awaiting review stopped
/// the clock on its submission.
fn notice_item(office: &Office, detail: &ItemDetail, today: NaiveDate, lang: Lang) -> NoticeItem {
    let row = &detail.row;
    let cal = &office.calendar;
    let suspended_on = match row.status {
        Status::Suspended => row.suspended_on,
        _ => None,
    };
    let stopped = match row.status {
        Status::Suspended => row.suspended_on,
        Status::AwaitingReview => row.submitted_on,
        _ => None,
    };
    let until = stopped.unwrap_or(today);
    let (late, left) = match row.deadline {
        Some(d) if d < until => (Some(cal.working_days_between(d, until)), None),
        Some(d) if stopped.is_none() => (None, Some(cal.working_days_between(today, d))),
        _ => (None, None),
    };
    let last = detail.notes.iter().max_by_key(|n| (n.on_date, n.id));
    // A note recorded today is the one this notice carries; otherwise the notice is the next
    // step the ladder suggests.
    let level = match last {
        Some(n) if n.on_date == today => n.level,
        _ => detail.suggestion(office.rules.ladder_repeats).level,
    };
    let requirement = match last {
        Some(n) if !n.requirement.trim().is_empty() => n.requirement.clone(),
        _ => crate::report::wording::urge_requirement(
            crate::domain::urging::Requirement::CorrectiveMeasures,
            lang,
        )
        .to_string(),
    };
    NoticeItem {
        number: row.number,
        title: row.title.clone(),
        source_kind: row.source_kind,
        source_ref: row.source_ref.clone(),
        lead: row.lead_department.clone(),
        owner: row.owner.clone(),
        deadline: row.deadline,
        working_days_late: late,
        working_days_left: left,
        suspended_on: suspended_on.filter(|_| late.is_some()),
        level,
        requirement,
        instructions: quoted(detail),
        attachments: detail
            .attachments
            .iter()
            .map(|a| {
                let kind = crate::ui::history_words::attachment_kind_name(a.kind, lang);
                match lang {
                    Lang::Zh => format!("{kind}“{}”（{}）", a.name, a.on_date),
                    Lang::En => format!("{kind} “{}” ({})", a.name, a.on_date),
                }
            })
            .collect(),
    }
}

/// The item's leaders' instructions as a paper quotes them, oldest first.
fn quoted(detail: &ItemDetail) -> Vec<Quoted> {
    detail.instructions.iter().rev().map(quote).collect()
}

/// One leader's instruction as a paper quotes it.
fn quote(i: &crate::store::Instruction) -> Quoted {
    Quoted {
        on_date: i.on_date,
        leader: i.leader.clone(),
        sense: i.sense,
        text: i.text.clone(),
    }
}

fn refuse(lang: Lang, zh: String, en: String) -> Error {
    Error::Usage(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// The notice as asked: one item's, or one department's.
fn build(cli: &super::Cli, office: &Office, args: &NoticeArgs, lang: Lang) -> Result<Notice> {
    let issuer = super::report::issuer(cli, lang, args.office.as_deref())?;
    let today = office.today();
    let reply_by = office.calendar.add_working_days(today, REPLY_WORKING_DAYS);
    if let Some(dept) = &args.dept {
        let dept = validate::required_line("--dept", dept, 100)?;
        // A report awaiting review is not urged: the department has reported.
        let rows: Vec<_> = office
            .list(&ListFilter {
                overdue: true,
                dept: Some(dept.clone()),
                ..ListFilter::default()
            })?
            .into_iter()
            .filter(|l| l.row.status != Status::AwaitingReview)
            .collect();
        if rows.is_empty() {
            let shown = crate::text::safe(&dept);
            let known = office.store.departments()?;
            return Err(if known.contains(&dept) {
                refuse(
                    lang,
                    format!("--dept：{shown}目前没有超时未办的事项，无需催办"),
                    format!("--dept: {shown} has no overdue item; there is nothing to urge"),
                )
            } else {
                refuse(
                    lang,
                    format!(
                        "--dept：本库中没有名为“{shown}”的牵头单位（现有：{}）",
                        known.join("、")
                    ),
                    format!(
                        "--dept: no lead department is named \"{shown}\" (there are: {})",
                        known.join(", ")
                    ),
                )
            });
        }
        let mut items = Vec::with_capacity(rows.len());
        for l in &rows {
            let detail = office.store.item_detail(l.row.number)?;
            items.push(notice_item(office, &detail, today, lang));
        }
        // Longest late first, as the bulletin lists them.
        items.sort_by(|a, b| {
            b.working_days_late
                .cmp(&a.working_days_late)
                .then(a.number.cmp(&b.number))
        });
        return Ok(Notice {
            to: dept,
            items,
            issued_on: today,
            reply_by,
            by_department: true,
            office: issuer,
        });
    }
    let text = args.number.as_deref().unwrap_or_default();
    let n = Office::number("number", text)?;
    let detail = office.store.item_detail(n)?;
    if !detail.row.status.is_open() {
        let status = detail.row.status;
        return Err(refuse(
            lang,
            format!("事项 {n} 已{}，无需催办", lang.status(status)),
            format!(
                "item {n} is {}; an urging notice is for open items",
                lang.status(status)
            ),
        ));
    }
    let item = notice_item(office, &detail, today, lang);
    if let Some(refusal) = not_urged(&detail, &item, lang) {
        return Err(refusal);
    }
    Ok(Notice {
        to: detail.row.lead_department.clone(),
        items: vec![item],
        issued_on: today,
        reply_by,
        by_department: false,
        office: issuer,
    })
}

/// Why an open item is not urged, when its department's clock has stopped: a report awaiting
/// the office's review (the department has reported), or a suspension before its deadline
/// (suspension stops the clock). An item suspended when already late is urged, its notice
/// stating the suspension.
fn not_urged(detail: &ItemDetail, item: &NoticeItem, lang: Lang) -> Option<Error> {
    let (n, row) = (detail.row.number, &detail.row);
    let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    match row.status {
        Status::AwaitingReview => Some(refuse(
            lang,
            format!(
                "事项 {n} 已于{}报送办结报告，正待审核，不予催办；审核退回后方可催办",
                day(row.submitted_on)
            ),
            format!(
                "item {n} reported on {} and awaits the office's review; it is not urged unless the report is returned",
                day(row.submitted_on)
            ),
        )),
        Status::Suspended if item.working_days_late.is_none() => Some(refuse(
            lang,
            format!(
                "事项已中止：{n} 自{}起中止，中止期间不计入办理时限，不予催办；恢复办理后方可催办",
                day(row.suspended_on)
            ),
            format!(
                "the item is suspended: {n} has been suspended since {}, and its clock stops while it is; it can be urged once it resumes",
                day(row.suspended_on)
            ),
        )),
        _ => None,
    }
}

/// The assignment notice (交办通知单) of one open item.
fn assignment(
    cli: &super::Cli,
    office: &Office,
    args: &NoticeArgs,
    lang: Lang,
) -> Result<Assignment> {
    let issuer = super::report::issuer(cli, lang, args.office.as_deref())?;
    let text = args.number.as_deref().unwrap_or_default();
    let n = Office::number("number", text)?;
    let detail = office.store.item_detail(n)?;
    let row = &detail.row;
    if !row.status.is_open() {
        return Err(refuse(
            lang,
            format!(
                "事项 {n} 已{}，交办通知单只对在办事项出具",
                lang.status(row.status)
            ),
            format!(
                "item {n} is {}; an assignment notice is for open items",
                lang.status(row.status)
            ),
        ));
    }
    let new_requirement = detail
        .instructions
        .iter()
        .find(|i| i.sense == InstructionSense::Requires)
        .map(quote);
    Ok(Assignment {
        number: n,
        title: row.title.clone(),
        source_kind: row.source_kind,
        source_ref: row.source_ref.clone(),
        lead: row.lead_department.clone(),
        co_departments: detail.co_departments.clone(),
        owner: row.owner.clone(),
        requirement: detail.requirement.clone(),
        deadline: row.deadline,
        cadence: row.cadence,
        new_requirement,
        issued_on: office.today(),
        office: issuer,
    })
}

pub fn notice(cli: &super::Cli, office: &Office, args: &NoticeArgs, lang: Lang) -> Result<Printed> {
    check_destination(
        (args.format == DocFormat::Docx).then_some(super::document::Binary::Word),
        args.out.as_deref(),
        lang,
    )?;
    let paper = if args.assignment {
        assignment(cli, office, args, lang)?.paper(lang)
    } else {
        build(cli, office, args, lang)?.paper(lang)
    };
    let head = crate::store::audit::paper_head(&office.store, office.today())?;
    let paper = paper.with_record_head(head.as_ref());
    let doc = match args.format {
        DocFormat::Md => Document::Text(paper.markdown()),
        DocFormat::Html => Document::Text(paper.html()),
        DocFormat::Docx => Document::Binary(paper.docx()?),
    };
    deliver(doc, args.out.as_deref(), lang)
}

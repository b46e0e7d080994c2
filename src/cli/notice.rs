//! `duban notice`: the urging notice (催办单) for one item, or for one department listing all
//! its overdue items.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::document::{DocFormat, Document, check_destination, deliver};
use super::output::Printed;
use crate::app::Office;
use crate::domain::Status;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::report::notice::{Notice, NoticeItem, REPLY_WORKING_DAYS};
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
}

/// Whether the department's clock runs: not suspended, not awaiting the office's review.
fn clock_runs(status: Status) -> bool {
    matches!(
        status,
        Status::Registered | Status::Assigned | Status::Acknowledged | Status::InProgress
    )
}

/// One item as the notice states it on `today`.
fn notice_item(office: &Office, detail: &ItemDetail, today: NaiveDate, lang: Lang) -> NoticeItem {
    let row = &detail.row;
    let cal = &office.calendar;
    let (late, left) = match row.deadline {
        Some(d) if d < today && clock_runs(row.status) => {
            (Some(cal.working_days_between(d, today)), None)
        }
        Some(d) if d >= today => (None, Some(cal.working_days_between(today, d))),
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
        level,
        requirement,
    }
}

fn refuse(lang: Lang, zh: String, en: String) -> Error {
    Error::Usage(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// The notice as asked: one item's, or one department's.
fn build(office: &Office, args: &NoticeArgs, lang: Lang) -> Result<Notice> {
    let today = office.today();
    let reply_by = office.calendar.add_working_days(today, REPLY_WORKING_DAYS);
    if let Some(dept) = &args.dept {
        let dept = validate::required_line("--dept", dept, 100)?;
        let rows = office.list(&ListFilter {
            overdue: true,
            dept: Some(dept.clone()),
            ..ListFilter::default()
        })?;
        if rows.is_empty() {
            let shown = crate::text::safe(&dept);
            let known = office.store.departments()?;
            return Err(if known.contains(&dept) {
                refuse(
                    lang,
                    format!("--dept：{shown}目前没有超期未办结的事项，无需催办"),
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
    Ok(Notice {
        to: detail.row.lead_department.clone(),
        items: vec![notice_item(office, &detail, today, lang)],
        issued_on: today,
        reply_by,
        by_department: false,
    })
}

pub fn notice(office: &Office, args: &NoticeArgs, lang: Lang) -> Result<Printed> {
    check_destination(args.format == DocFormat::Docx, args.out.as_deref(), lang)?;
    let notice = build(office, args, lang)?;
    let doc = match args.format {
        DocFormat::Md => Document::Text(notice.markdown(lang)),
        DocFormat::Html => Document::Text(notice.html(lang)),
        DocFormat::Docx => Document::Binary(notice.docx(lang)?),
    };
    deliver(doc, args.out.as_deref(), lang)
}

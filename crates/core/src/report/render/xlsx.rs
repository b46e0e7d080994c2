//! The bulletin and the assessment as Excel workbooks, through the one Excel writer
//! ([`crate::spreadsheet::xlsx::Book`]: typed cells, text never a formula). The bulletin has a
//! sheet per grouping (the one asked for first; the columns of its CSV, the rank by
//! department), then the overdue items, the period's urging and accountability, and the
//! leaders' instructions; the assessment its scores, then each score's lines.

use std::io::Result;

use super::csv::COLS;
use super::words::{self, Col, Section};
use super::{Context, Document};
use crate::lang::Lang;
use crate::report::figures::{GroupBy, Tally};
use crate::report::judge::ItemsAtEnd;
use crate::report::rank::Place;
use crate::report::{Period, Scores};
use crate::spreadsheet::xlsx::{Book, Column, Heading, Kind, Value};

/// The bulletin's groupings, in the order of the sheets after the one asked for.
pub const GROUPINGS: [GroupBy; 4] = [
    GroupBy::Department,
    GroupBy::Source,
    GroupBy::SourceKind,
    GroupBy::CoDepartment,
];

/// The documents of `period` under every grouping, `first` first: what the workbook shows.
pub fn every_grouping(
    items: &ItemsAtEnd,
    period: Period,
    first: GroupBy,
    cal: &crate::domain::WorkCalendar,
    rules: &crate::domain::Rules,
) -> Vec<Document> {
    sheet_order(first)
        .into_iter()
        .map(|by| Document::compute_from(items, period, by, cal, rules))
        .collect()
}

/// The groupings of a workbook's sheets: `first`, then the others.
pub fn sheet_order(first: GroupBy) -> Vec<GroupBy> {
    std::iter::once(first)
        .chain(GROUPINGS.into_iter().filter(|g| *g != first))
        .collect()
}

fn heading(ctx: &Context<'_>, title: String, sheet: &str, period: &Period) -> Heading {
    let title = match ctx.lang {
        Lang::Zh => format!("{title}——{sheet}"),
        Lang::En => format!("{title}: {sheet}"),
    };
    Heading {
        title,
        period: words::period_line(ctx.lang, period),
        fingerprint: words::fingerprint_line(ctx),
        more: ctx
            .office
            .map(|o| words::issued_by(ctx.lang, o))
            .into_iter()
            .chain(words::record_head_line(ctx))
            .collect(),
    }
}

fn kind(c: Col) -> Kind {
    match c {
        Col::OnTimeRate | Col::CompletionRate | Col::OverdueRate => Kind::Rate,
        Col::AverageDaysLate => Kind::Decimal,
        _ => Kind::Count,
    }
}

/// A row's figures under [`COLS`].
fn values(t: &Tally) -> Vec<Value> {
    let n = |x: u32| Value::count(x);
    vec![
        n(t.in_scope()),
        n(t.new_in_period),
        n(t.carried_over),
        n(t.completed()),
        n(t.on_time),
        n(t.late),
        n(t.completed_no_deadline),
        n(t.awaiting_review()),
        n(t.reported_on_time),
        n(t.reported_late),
        n(t.in_progress()),
        n(t.open_not_due),
        n(t.open_overdue),
        n(t.open_overdue_suspended),
        n(t.open_no_deadline),
        n(t.suspended),
        n(t.cancelled),
        Value::Rate(t.on_time_rate()),
        Value::Rate(t.completion_rate()),
        Value::Rate(t.overdue_rate()),
        super::rounded(t.average_working_days_late()).map_or(Value::Empty, Value::Decimal),
        n(t.notes()),
        n(t.commendations),
        n(t.missed_feedbacks),
    ]
}

fn place(lang: Lang, p: Place) -> Value {
    match p.rank() {
        Some(rank) => Value::count(rank),
        None => Value::text(words::place(lang, p)),
    }
}

/// A sheet's name: the grouping's head, or a short name of a list.
fn sheet_name(lang: Lang, s: Section) -> &'static str {
    match s {
        Section::Overdue => lang.pick("超时未办事项", "Overdue items"),
        Section::Actions => lang.pick("催办问责", "Urging and accountability"),
        _ => lang.pick("领导批示", "Leaders' instructions"),
    }
}

/// The bulletin as a workbook: `docs` are the period's documents, one per grouping (as
/// [`every_grouping`] makes them), the first one's sheet first.
pub fn bulletin(docs: &[Document], ctx: &Context<'_>) -> Result<Vec<u8>> {
    let lang = ctx.lang;
    let mut book = Book::new();
    let Some(first) = docs.first() else {
        return book.to_bytes();
    };
    let period = first.bulletin.period;
    let title = words::bulletin_title(ctx, &period);
    for doc in docs {
        let b = &doc.bulletin;
        let mut columns = vec![Column::new(words::group_col(lang, b.group_by), Kind::Text)];
        columns.extend(
            COLS.iter()
                .map(|c| Column::new(words::col(lang, *c), kind(*c))),
        );
        let ranked = b.group_by == GroupBy::Department;
        if ranked {
            columns.push(Column::new(words::col(lang, Col::Rank), Kind::Count));
        }
        let places: std::collections::HashMap<&str, Place> = b
            .ranking
            .iter()
            .map(|r| r.key.as_str())
            .zip(b.places())
            .collect();
        let name = words::group_col(lang, b.group_by);
        let section = words::section(lang, Section::Table, b.group_by);
        let mut sheet = book.sheet(
            name,
            &heading(ctx, title.clone(), section, &period),
            columns,
        )?;
        for r in &b.rows {
            let mut row = vec![Value::text(words::row_key(lang, b.group_by, &r.key))];
            row.extend(values(&r.tally));
            if ranked {
                row.push(
                    places
                        .get(r.key.as_str())
                        .map_or(Value::Empty, |p| place(lang, *p)),
                );
            }
            sheet.row(&row)?;
        }
        let mut total = vec![Value::text(words::total(lang))];
        total.extend(values(&b.total));
        sheet.row(&total)?;
        book.add(sheet)?;
    }
    let b = &first.bulletin;
    let by = b.group_by;

    let col = |c: Col, kind: Kind| Column::new(words::col(lang, c), kind);
    let name = sheet_name(lang, Section::Overdue);
    let mut sheet = book.sheet(
        name,
        &heading(
            ctx,
            title.clone(),
            words::section(lang, Section::Overdue, by),
            &period,
        ),
        vec![
            col(Col::Number, Kind::Text),
            col(Col::Item, Kind::Text),
            col(Col::Lead, Kind::Text),
            col(Col::Owner, Kind::Text),
            col(Col::DaysLate, Kind::Count),
        ],
    )?;
    for o in &b.overdue {
        sheet.row(&[
            Value::text(words::number(lang, o.number)),
            Value::text(words::overdue_title(lang, &o.title, o.suspended)),
            Value::text(o.lead.as_str()),
            Value::text(o.owner.as_str()),
            Value::count(o.working_days_late),
        ])?;
    }
    book.add(sheet)?;

    let name = sheet_name(lang, Section::Actions);
    let mut sheet = book.sheet(
        name,
        &heading(
            ctx,
            title.clone(),
            words::section(lang, Section::Actions, by),
            &period,
        ),
        vec![
            col(Col::Date, Kind::Date),
            col(Col::Number, Kind::Text),
            col(Col::Item, Kind::Text),
            col(Col::Level, Kind::Text),
            col(Col::Target, Kind::Text),
            col(Col::Requirement, Kind::Text),
            Column::new(words::points_head(lang), Kind::Decimal),
        ],
    )?;
    for a in &b.actions {
        sheet.row(&[
            Value::Date(a.on_date),
            Value::text(words::number(lang, a.number)),
            Value::text(a.title.as_str()),
            Value::text(words::action(lang, a.level)),
            Value::text(a.target.as_str()),
            Value::text(a.requirement.as_str()),
            a.points.map_or(Value::Empty, Value::Decimal),
        ])?;
    }
    book.add(sheet)?;

    let name = sheet_name(lang, Section::Chart);
    let mut sheet = book.sheet(
        name,
        &heading(ctx, title, words::instructions_heading(lang), &period),
        vec![
            col(Col::Date, Kind::Date),
            col(Col::Number, Kind::Text),
            col(Col::Item, Kind::Text),
            col(Col::Lead, Kind::Text),
            col(Col::Instruction, Kind::Text),
            col(Col::Deadline, Kind::Date),
        ],
    )?;
    for i in &b.instructions {
        sheet.row(&[
            Value::Date(i.on_date),
            Value::text(words::number(lang, i.number)),
            Value::text(i.title.as_str()),
            Value::text(i.lead.as_str()),
            Value::text(words::instruction(lang, &i.leader, i.sense, &i.text, None)),
            Value::date(i.deadline),
        ])?;
    }
    book.add(sheet)?;
    book.to_bytes()
}

/// The assessment as a workbook: the scores (as its CSV), then every line of every score.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> Result<Vec<u8>> {
    let lang = ctx.lang;
    let title = words::scores_title(lang, period);
    let mut book = Book::new();
    let name = words::section(lang, Section::Scores, GroupBy::Department);
    let mut sheet = book.sheet(
        name,
        &heading(ctx, title.clone(), name, period),
        vec![
            Column::new(words::col(lang, Col::Rank), Kind::Count),
            Column::new(words::col(lang, Col::Department), Kind::Text),
            Column::new(words::col(lang, Col::Score), Kind::Decimal),
            Column::new(words::base_head(lang), Kind::Decimal),
            Column::new(words::gained_head(lang), Kind::Decimal),
            Column::new(words::lost_head(lang), Kind::Decimal),
        ],
    )?;
    for d in &s.departments {
        let gained: f64 = d.lines.iter().map(|l| l.points.max(0.0)).sum();
        let lost: f64 = d.lines.iter().map(|l| l.points.min(0.0)).sum();
        sheet.row(&[
            place(lang, d.place),
            Value::text(d.department.as_str()),
            Value::Decimal(d.score),
            Value::Decimal(s.base),
            Value::Decimal(gained + 0.0),
            Value::Decimal(lost + 0.0),
        ])?;
    }
    book.add(sheet)?;
    let name = words::section(lang, Section::Explanations, GroupBy::Department);
    let mut sheet = book.sheet(
        name,
        &heading(ctx, title, name, period),
        vec![
            Column::new(words::col(lang, Col::Department), Kind::Text),
            Column::new(words::col(lang, Col::Number), Kind::Text),
            Column::new(words::reason_head(lang), Kind::Text),
            Column::new(words::points_head(lang), Kind::Decimal),
        ],
    )?;
    for d in &s.departments {
        for l in &d.lines {
            sheet.row(&[
                Value::text(d.department.as_str()),
                l.number
                    .map_or(Value::Empty, |n| Value::text(words::number(lang, n))),
                Value::text(words::score_reason(lang, l.reason)),
                Value::Decimal(l.points),
            ])?;
        }
    }
    book.add(sheet)?;
    book.to_bytes()
}

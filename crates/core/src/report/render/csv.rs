//! The bulletin and the assessment as CSV, through the one CSV writer
//! ([`crate::spreadsheet::Sheet`]: byte order mark, no formula runs): a header row, one row
//! per group, and a total row. Rates are numbers with one decimal and no percent sign, an empty
//! cell when the denominator is empty.

use super::words::{self, Col};
use super::{Context, Document, rounded};
use crate::report::figures::{GroupBy, Tally};
use crate::report::rank::Place;
use crate::report::{Period, Scores};
use crate::spreadsheet::{Cell, Sheet};

/// A place in a ranking: its rank as a number, or the words for not ranked.
fn place_cell(lang: crate::lang::Lang, p: Place) -> Cell {
    match p.rank() {
        Some(rank) => Cell::number(rank),
        None => Cell::text(words::place(lang, p)),
    }
}

fn rate(r: Option<f64>) -> Cell {
    Cell::number(rounded(r).map_or_else(String::new, |r| format!("{r:.1}")))
}

/// Every class in a column of its own (承办件数 = 办结数 + 待审核 + 在办数 + 中止 + 撤销; each
/// total followed by its parts).
pub(super) const COLS: [Col; 24] = [
    Col::Handled,
    Col::New,
    Col::CarriedOver,
    Col::Completed,
    Col::OnTime,
    Col::Late,
    Col::CompletedNoDeadline,
    Col::AwaitingReview,
    Col::ReportedOnTime,
    Col::ReportedLate,
    Col::InProgress,
    Col::NotDue,
    Col::OverdueOpen,
    Col::OverdueSuspended,
    Col::OpenNoDeadline,
    Col::Suspended,
    Col::Cancelled,
    Col::OnTimeRate,
    Col::CompletionRate,
    Col::OverdueRate,
    Col::AverageDaysLate,
    Col::Notes,
    Col::Commendations,
    Col::MissedFeedbacks,
];

fn cells(t: &Tally) -> Vec<Cell> {
    vec![
        Cell::number(t.in_scope()),
        Cell::number(t.new_in_period),
        Cell::number(t.carried_over),
        Cell::number(t.completed()),
        Cell::number(t.on_time),
        Cell::number(t.late),
        Cell::number(t.completed_no_deadline),
        Cell::number(t.awaiting_review()),
        Cell::number(t.reported_on_time),
        Cell::number(t.reported_late),
        Cell::number(t.in_progress()),
        Cell::number(t.open_not_due),
        Cell::number(t.open_overdue),
        Cell::number(t.open_overdue_suspended),
        Cell::number(t.open_no_deadline),
        Cell::number(t.suspended),
        Cell::number(t.cancelled),
        rate(t.on_time_rate()),
        rate(t.completion_rate()),
        rate(t.overdue_rate()),
        rate(t.average_working_days_late()),
        Cell::number(t.notes()),
        Cell::number(t.commendations),
        Cell::number(t.missed_feedbacks),
    ]
}

/// Rows written into a string. A sheet in memory has no I/O that can fail and every row has the
/// header's length, so its errors cannot happen; a row is skipped if one did.
fn written(head: &[String], rows: &[Vec<Cell>]) -> String {
    let mut sheet = Sheet::in_memory();
    let _ = sheet.head(head);
    for r in rows {
        if sheet.row(r).is_err() {
            continue;
        }
    }
    sheet.into_string().unwrap_or_default()
}

/// The bulletin's table of the chosen grouping, with a total row.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let b = &doc.bulletin;
    let mut head = vec![words::group_col(lang, b.group_by).to_string()];
    head.extend(COLS.iter().map(|c| match c {
        Col::OnTimeRate | Col::CompletionRate | Col::OverdueRate => {
            format!("{}(%)", words::col(lang, *c))
        }
        _ => words::col(lang, *c).to_string(),
    }));
    // By department, the last column is each department's place in the ranking.
    let places: Option<std::collections::HashMap<&str, Place>> =
        (b.group_by == GroupBy::Department).then(|| {
            b.ranking
                .iter()
                .map(|r| r.key.as_str())
                .zip(b.places())
                .collect()
        });
    if places.is_some() {
        head.push(words::col(lang, Col::Rank).to_string());
    }
    let mut rows = Vec::with_capacity(b.rows.len() + 1);
    for r in &b.rows {
        let mut row = vec![Cell::text(words::row_key(lang, b.group_by, &r.key))];
        row.extend(cells(&r.tally));
        if let Some(places) = &places {
            let place = places.get(r.key.as_str()).copied();
            row.push(place.map_or_else(|| Cell::text(""), |p| place_cell(lang, p)));
        }
        rows.push(row);
    }
    let mut total = vec![Cell::text(words::total(lang))];
    total.extend(cells(&b.total));
    if places.is_some() {
        total.push(Cell::text(""));
    }
    rows.push(total);
    written(&head, &rows)
}

/// The assessment: one row per department, highest score first, then those not ranked.
pub fn scores(s: &Scores, _period: &Period, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let head = vec![
        words::col(lang, Col::Rank).to_string(),
        words::col(lang, Col::Department).to_string(),
        words::col(lang, Col::Score).to_string(),
        words::base_head(lang).to_string(),
        words::gained_head(lang).to_string(),
        words::lost_head(lang).to_string(),
    ];
    let mut rows = Vec::with_capacity(s.departments.len());
    for d in &s.departments {
        let gained: f64 = d.lines.iter().map(|l| l.points.max(0.0)).sum();
        let lost: f64 = d.lines.iter().map(|l| l.points.min(0.0)).sum();
        rows.push(vec![
            place_cell(lang, d.place),
            Cell::text(d.department.as_str()),
            Cell::number(words::score(d.score)),
            Cell::number(words::score(s.base)),
            Cell::number(words::score(gained + 0.0)),
            Cell::number(words::score(lost + 0.0)),
        ]);
    }
    written(&head, &rows)
}

//! The bulletin and the assessment as CSV (RFC 4180, through the `csv` crate): a header row,
//! one row per group, and a total row. Rates are numbers with one decimal and no percent sign,
//! an empty cell when the denominator is empty.

use super::words::{self, Col};
use super::{Context, Document, rounded};
use crate::report::figures::Tally;
use crate::report::{Period, Scores};

/// A cell of office data: one that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`)
/// is kept as text with a leading apostrophe.
fn text_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn rate(r: Option<f64>) -> String {
    rounded(r).map_or_else(String::new, |r| format!("{r:.1}"))
}

/// Every class in a column of its own (承办件数 = 办结数 + 待审核 + 在办数 + 中止 + 撤销; each
/// total followed by its parts).
const COLS: [Col; 24] = [
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

fn cells(t: &Tally) -> Vec<String> {
    vec![
        t.in_scope().to_string(),
        t.new_in_period.to_string(),
        t.carried_over.to_string(),
        t.completed().to_string(),
        t.on_time.to_string(),
        t.late.to_string(),
        t.completed_no_deadline.to_string(),
        t.awaiting_review().to_string(),
        t.reported_on_time.to_string(),
        t.reported_late.to_string(),
        t.in_progress().to_string(),
        t.open_not_due.to_string(),
        t.open_overdue.to_string(),
        t.open_overdue_suspended.to_string(),
        t.open_no_deadline.to_string(),
        t.suspended.to_string(),
        t.cancelled.to_string(),
        rate(t.on_time_rate()),
        rate(t.completion_rate()),
        rate(t.overdue_rate()),
        rate(t.average_working_days_late()),
        t.notes().to_string(),
        t.commendations.to_string(),
        t.missed_feedbacks.to_string(),
    ]
}

/// Rows written into a string. A `csv::Writer` over a `Vec` has no I/O that can fail and every
/// row has the header's length, so its errors cannot happen; a row is skipped if one did.
fn written(rows: &[Vec<String>]) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for r in rows {
        if w.write_record(r).is_err() {
            continue;
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
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
    let mut rows = vec![head];
    for r in &b.rows {
        let mut row = vec![text_cell(&words::row_key(lang, b.group_by, &r.key))];
        row.extend(cells(&r.tally));
        rows.push(row);
    }
    let mut total = vec![words::total(lang).to_string()];
    total.extend(cells(&b.total));
    rows.push(total);
    written(&rows)
}

/// The assessment: one row per department, highest score first.
pub fn scores(s: &Scores, _period: &Period, ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let mut rows = vec![vec![
        words::col(lang, Col::Rank).to_string(),
        words::col(lang, Col::Department).to_string(),
        words::col(lang, Col::Score).to_string(),
        words::base_head(lang).to_string(),
        words::gained_head(lang).to_string(),
        words::lost_head(lang).to_string(),
    ]];
    for (i, d) in s.departments.iter().enumerate() {
        let gained: f64 = d.lines.iter().map(|l| l.points.max(0.0)).sum();
        let lost: f64 = d.lines.iter().map(|l| l.points.min(0.0)).sum();
        rows.push(vec![
            (i + 1).to_string(),
            text_cell(&d.department),
            words::score(d.score),
            words::score(s.base),
            words::score(gained + 0.0),
            words::score(lost + 0.0),
        ]);
    }
    written(&rows)
}

//! The bulletin and the assessment as the office circulates them: plain text for the terminal,
//! Markdown and HTML documents, CSV and JSON data. Each renderer is a pure function of the
//! figures and a [`Context`] (language, period kind, issuing office, rules and calendar); the
//! words live in [`words`], once per language.

pub mod csv;
pub mod html;
pub mod json;
pub mod md;
pub mod outline;
pub mod text;
pub mod words;
pub mod xlsx;

use std::collections::HashMap;

use crate::domain::history::Recorded;
use crate::domain::item::SourceKind;
use crate::domain::{Rules, WorkCalendar, code_enum};
use crate::lang::Lang;
use crate::report::figures::{Bulletin, GroupBy, Judged, Tally, rows_by};
use crate::report::judge::{ItemsAtEnd, with_items};
use crate::report::{Period, PeriodKind, Scores};

code_enum! {
    /// The forms a bulletin or an assessment is printed in.
    Format {
        Text = "text",
        Md = "md",
        Csv = "csv",
        Json = "json",
        Html = "html",
    }
}

/// What a document needs besides its figures.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub lang: Lang,
    /// The kind of period, for the title (`None`: any span of days).
    pub kind: Option<PeriodKind>,
    /// The office that issues the document, printed under the title.
    pub office: Option<&'a str>,
    pub rules: &'a Rules,
    pub calendar: &'a WorkCalendar,
    /// The head of the record's hash chain the document was computed at, printed in its basis
    /// so that the paper proves what it came from (`duban audit verify --head`).
    pub record_head: Option<&'a RecordHead>,
}

/// The head of the record's hash chain: the last event's hash and how many events there were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHead {
    pub hash: String,
    pub events: i64,
}

/// One meeting, document or instruction, with the items registered with it as their source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    pub source_ref: String,
    /// The kind most of its items were registered as (the kind itself for a line per kind).
    pub kind: SourceKind,
    pub tally: Tally,
}

/// A bulletin as a document prints it: the table of the chosen grouping, and per source.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub bulletin: Bulletin,
    /// Each meeting and document (most items first), then each other kind of source (with an
    /// empty `source_ref`).
    pub sources: Vec<SourceLine>,
}

/// The kinds of source a bulletin names one by one (meeting by meeting, document by document);
/// items of other kinds (instructions, complaints, proposals, key work), and items registered
/// without a reference, are told one line per kind.
pub fn cited_one_by_one(kind: SourceKind, source_ref: &str) -> bool {
    matches!(kind, SourceKind::Meeting | SourceKind::Document)
        && !crate::text::trimmed(source_ref).is_empty()
}

impl Document {
    /// The document of `period` from the whole history, replayed once.
    /// The reference road: every item replayed from the whole history to the period's end
    /// (`ItemsAtEnd::replayed`). The command line and the interface take the production road,
    /// [`Self::compute_from`] the items the store kept for that day (`items_as_of`); the tests
    /// hold the two equal (tests/report_asof.rs, tests/report_classes.rs).
    pub fn by_replay(
        events: &[Recorded],
        period: Period,
        group_by: GroupBy,
        cal: &WorkCalendar,
        rules: &Rules,
    ) -> Document {
        Document::compute_from(
            &ItemsAtEnd::replayed(events, period.end()),
            period,
            group_by,
            cal,
            rules,
        )
    }

    /// The document of `period` from the items as they stood at its end (replayed, or as
    /// stored for a period ending today).
    pub fn compute_from(
        items: &ItemsAtEnd,
        period: Period,
        group_by: GroupBy,
        cal: &WorkCalendar,
        rules: &Rules,
    ) -> Document {
        with_items(items, &period, cal, rules, |judged| {
            let bulletin = Bulletin::of(judged, &items.acted_on(&period), period, group_by);
            let (cited, rest): (Vec<Judged<'_>>, Vec<Judged<'_>>) = judged
                .iter()
                .cloned()
                .partition(|j| cited_one_by_one(j.item.source_kind, j.source_ref));
            let mut kinds: foldhash::HashMap<&str, HashMap<SourceKind, u32>> =
                foldhash::HashMap::default();
            for j in &cited {
                *kinds
                    .entry(j.source_ref)
                    .or_default()
                    .entry(j.item.source_kind)
                    .or_default() += 1;
            }
            let sources = source_lines(
                rows_by(&cited, &[], &period, GroupBy::Source),
                |key| kinds.get(key).map_or(SourceKind::Other, main_kind),
                rows_by(&rest, &[], &period, GroupBy::SourceKind),
            );
            Document { bulletin, sources }
        })
    }
}

/// The kind most of a source's items were registered as (of equal counts, the last kind).
pub(crate) fn main_kind(counts: &HashMap<SourceKind, u32>) -> SourceKind {
    counts
        .iter()
        .max_by_key(|(kind, n)| (**n, **kind))
        .map_or(SourceKind::Other, |(kind, _)| *kind)
}

/// A document's sources: each meeting and document (`cited`, rows by source, most items first;
/// `kind_of` its main kind), then each other kind of source (`by_kind`, rows by source kind).
pub(crate) fn source_lines(
    cited: Vec<crate::report::Row>,
    kind_of: impl Fn(&str) -> SourceKind,
    by_kind: Vec<crate::report::Row>,
) -> Vec<SourceLine> {
    let mut sources: Vec<SourceLine> = cited
        .into_iter()
        .map(|row| SourceLine {
            kind: kind_of(&row.key),
            source_ref: row.key,
            tally: row.tally,
        })
        .collect();
    sources.sort_by(|a, b| {
        b.tally
            .in_scope()
            .cmp(&a.tally.in_scope())
            .then(a.source_ref.cmp(&b.source_ref))
    });
    let mut by_kind: Vec<SourceLine> = by_kind
        .into_iter()
        .filter_map(|row| {
            SourceKind::from_code(&row.key).map(|kind| SourceLine {
                source_ref: String::new(),
                kind,
                tally: row.tally,
            })
        })
        .collect();
    by_kind.sort_by_key(|s| s.kind);
    sources.extend(by_kind);
    sources
}

/// The columns of a grouping table after its first, in every printed format and on the report
/// screen: 承办件数 = 办结 + 待审核 + 在办 + 中止 + 撤销, 超时未办 a part of 在办.
pub const TALLY_COLS: [words::Col; 10] = [
    words::Col::Handled,
    words::Col::Completed,
    words::Col::AwaitingReview,
    words::Col::InProgress,
    words::Col::OverdueOpen,
    words::Col::Suspended,
    words::Col::Cancelled,
    words::Col::OnTimeRate,
    words::Col::CompletionRate,
    words::Col::OverdueRate,
];

/// A row's cells under [`TALLY_COLS`].
pub fn tally_cells(t: &Tally) -> Vec<String> {
    vec![
        t.in_scope().to_string(),
        t.completed().to_string(),
        t.awaiting_review().to_string(),
        t.in_progress().to_string(),
        t.overdue_open().to_string(),
        t.suspended.to_string(),
        t.cancelled.to_string(),
        crate::report::figures::shown_rate(t.on_time_rate()),
        crate::report::figures::shown_rate(t.completion_rate()),
        crate::report::figures::shown_rate(t.overdue_rate()),
    ]
}

/// The bulletin in `format`.
pub fn bulletin(doc: &Document, ctx: &Context<'_>, format: Format) -> String {
    match format {
        Format::Text => text::bulletin(doc, ctx),
        Format::Md => md::bulletin(doc, ctx),
        Format::Csv => csv::bulletin(doc, ctx),
        Format::Json => json::bulletin(doc, ctx),
        Format::Html => html::bulletin(doc, ctx),
    }
}

/// The assessment of `period` (a year) in `format`.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>, format: Format) -> String {
    match format {
        Format::Text => text::scores(s, period, ctx),
        Format::Md => md::scores(s, period, ctx),
        Format::Csv => csv::scores(s, period, ctx),
        Format::Json => json::scores(s, period, ctx),
        Format::Html => html::scores(s, period, ctx),
    }
}

/// A rate as data: one decimal, `None` for an empty denominator.
pub fn rounded(rate: Option<f64>) -> Option<f64> {
    rate.map(|r| (r * 10.0).round() / 10.0)
}

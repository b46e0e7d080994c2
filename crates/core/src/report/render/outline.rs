//! The bulletin and the assessment as one description, made once, that every document format
//! prints: the title, the issuing office, the period line, then the sections in order, each a
//! heading and its blocks (sentences, tables whose columns say what kind of value they hold,
//! lists, the line said when there is nothing), and the basis. The writers (text, Markdown,
//! HTML, Word) know how to print a heading, a paragraph, a table; which sections there are, in
//! which order and in which words is decided here alone, so the formats cannot drift apart.
//!
//! To add a section, push it in [`bulletin`] (its heading word in [`words::section`]); to add a
//! list to the period's actions (leader instructions, say), push a block in `actions`.

use super::words::{self, Col, Section};
use super::{Context, Document, TALLY_COLS, tally_cells};
use crate::lang::Lang;
use crate::report::figures::{Bulletin, GroupBy, Row, shown_rate};
use crate::report::{Period, Scores};

/// What a column holds, which decides how a writer aligns and sizes it: figures, dates and item
/// numbers are never wrapped, figures are set right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words, wrapped where the column is narrow.
    Text,
    /// A count, a rank, a score.
    Number,
    /// A rate: 97.7%, or "—".
    Rate,
    Date,
    /// An item's number: 督字〔2026〕17号.
    ItemNumber,
}

impl Kind {
    /// Whether the column's values never wrap.
    pub fn unbroken(self) -> bool {
        self != Kind::Text
    }

    /// Whether the column's values are set right (figures).
    pub fn figure(self) -> bool {
        matches!(self, Kind::Number | Kind::Rate)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The head as printed.
    pub head: String,
    /// The head where the page is narrow (a Word table of many columns).
    pub short: String,
    pub kind: Kind,
}

impl Column {
    fn of(lang: Lang, col: Col, kind: Kind) -> Column {
        Column {
            head: words::col(lang, col).to_string(),
            short: words::short_col(lang, col).to_string(),
            kind,
        }
    }
}

/// A table: its columns, a row of cells per line, and a total row set apart, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

impl Table {
    /// Every row, the total last.
    pub fn all_rows(&self) -> impl Iterator<Item = &Vec<String>> {
        self.rows.iter().chain(self.total.iter())
    }

    /// Each column's width, in the units of `measure`, sharing `total` among them: a column
    /// that never wraps is as wide as its widest value (and as a line of its head, which may
    /// take three), plus `pad`; the columns of words share what is left: a narrow one gets its
    /// widest value, the wider ones the rest in proportion to theirs. `short`: the heads
    /// printed are the [short](Column::short) ones.
    pub fn widths(
        &self,
        total: f64,
        pad: f64,
        short: bool,
        measure: impl Fn(&str) -> f64,
    ) -> Vec<f64> {
        let widest = |i: usize| {
            self.all_rows()
                .filter_map(|r| r.get(i))
                .map(|c| measure(c))
                .fold(0.0, f64::max)
        };
        let head_word = |c: &Column| {
            // A head wraps between words, and Chinese between any two characters: it needs its
            // longest word, or a third of a Chinese head (three lines), two characters at the
            // least (名次 on one line, 办结/数 on two).
            let head = if short { &c.short } else { &c.head };
            if head.is_ascii() {
                head.split([' ', '-']).map(&measure).fold(0.0, f64::max)
            } else {
                let n = head.chars().count();
                let line: String = head.chars().take(n.div_ceil(3).max(2)).collect();
                measure(&line)
            }
        };
        let mut out: Vec<f64> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if c.kind.unbroken() {
                    widest(i).max(head_word(c)) + pad
                } else {
                    0.0
                }
            })
            .collect();
        let fixed: f64 = out.iter().sum();
        let left = (total - fixed).max(0.0);
        let texts: Vec<usize> = (0..self.columns.len())
            .filter(|i| !self.columns[*i].kind.unbroken())
            .collect();
        // Two characters at the least, however little is left.
        let least = measure("督办") + pad;
        let wants: Vec<f64> = texts
            .iter()
            .map(|i| (widest(*i).max(head_word(&self.columns[*i])) + pad).max(least))
            .collect();
        // A column that wants less than an equal share of what is left gets what it wants,
        // narrowest first; the others share the rest in proportion to what they want.
        // When every one has what it wants, they share what is still left the same way.
        let mut open: Vec<(usize, f64)> = texts.into_iter().zip(wants).collect();
        open.sort_by(|a, b| a.1.total_cmp(&b.1));
        let all = open.clone();
        let mut rest = left;
        while let Some(&(i, want)) = open.first() {
            if want > rest / open.len() as f64 {
                break;
            }
            out[i] = want;
            rest -= want;
            open.remove(0);
        }
        let (share, add) = if open.is_empty() {
            (all, true)
        } else {
            (open, false)
        };
        if !add {
            // Squeezed: each column first gets up to four characters (督办事项: a title, a name,
            // a sense read whole on one or two lines), then the rest goes in proportion to
            // what each wants beyond that, so that one long text cannot starve the others.
            let four = measure("督办事项") + pad;
            let floors: Vec<f64> = share.iter().map(|(_, w)| w.min(four)).collect();
            let floor_sum: f64 = floors.iter().sum();
            if floor_sum <= rest {
                let beyond: f64 = share
                    .iter()
                    .zip(&floors)
                    .map(|((_, w), f)| w - f)
                    .sum::<f64>()
                    .max(f64::EPSILON);
                for ((i, want), floor) in share.iter().zip(floors) {
                    out[*i] = floor + (rest - floor_sum) * (want - floor) / beyond;
                }
                return out;
            }
        }
        let wanted: f64 = share.iter().map(|(_, w)| w).sum::<f64>().max(f64::EPSILON);
        for (i, want) in share {
            let part = rest * want / wanted;
            out[i] = if add { out[i] + part } else { part.max(least) };
        }
        out
    }
}

/// One thing a section says.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sentence or two of body text.
    Paragraph(String),
    Table(Table),
    /// Lines, one after another (the sentences per source, an explanation's lines).
    List(Vec<String>),
    /// A heading under the section's (a department in the assessment's explanations).
    Subheading(String),
    /// The line said when a section has nothing to list (无).
    Nothing(String),
    /// The line after a ranking that names those not ranked.
    NotRanked(String),
    /// The on-time rate of each department as bars, where a format can draw (its caption and
    /// the ranking's rows); a format that cannot leaves it out, the ranking table says the same.
    Chart {
        caption: String,
        rows: Vec<Row>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub section: Section,
    /// The heading as printed, numbered in Chinese (一、二、…).
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A document as every format prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub lang: Lang,
    pub title: String,
    /// The issuing office's line under the title (and, in Word, its name at the foot: 落款).
    pub office: Option<String>,
    /// The office's name as signed at the foot.
    pub signed_by: Option<String>,
    /// The date the document is signed with: the period's last day counted.
    pub dated: String,
    pub period: String,
    pub parts: Vec<Part>,
    /// The heading of the basis and its lines: the as-of date, calendar, rules, fingerprint.
    pub basis_heading: String,
    pub basis: Vec<String>,
    pub produced_by: String,
}

impl Outline {
    /// The headings of the sections, in order.
    pub fn headings(&self) -> Vec<&str> {
        self.parts.iter().map(|p| p.heading.as_str()).collect()
    }
}

/// A heading numbered as a Chinese document numbers its first level: 一、总体情况.
fn numbered(lang: Lang, i: usize, heading: &str) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match (lang, ZH.get(i)) {
        (Lang::Zh, Some(n)) => format!("{n}、{heading}"),
        _ => heading.to_string(),
    }
}

fn head(
    ctx: &Context<'_>,
    title: String,
    period: &Period,
    by: GroupBy,
    parts: Vec<(Section, Vec<Block>)>,
) -> Outline {
    let lang = ctx.lang;
    Outline {
        lang,
        title,
        office: ctx.office.map(|o| words::issued_by(lang, o)),
        signed_by: ctx.office.map(str::to_string),
        dated: words::date(lang, period.end()),
        period: words::period_line(lang, period),
        parts: parts
            .into_iter()
            .enumerate()
            .map(|(i, (section, blocks))| Part {
                section,
                heading: numbered(lang, i, words::section(lang, section, by)),
                blocks,
            })
            .collect(),
        basis_heading: words::section(lang, Section::Basis, by).to_string(),
        basis: words::basis(ctx, period),
        produced_by: words::produced_by(lang).to_string(),
    }
}

/// Blocks, or the line said when there are none.
fn or_nothing(lang: Lang, blocks: Vec<Block>) -> Vec<Block> {
    if blocks.is_empty() {
        vec![Block::Nothing(words::none(lang).to_string())]
    } else {
        blocks
    }
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// The bulletin, section by section.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> Outline {
    let lang = ctx.lang;
    let b = &doc.bulletin;
    let parts = vec![
        (Section::Summary, summary(lang, b)),
        (Section::Table, vec![Block::Table(grouping(lang, b))]),
        (Section::Sources, sources(lang, doc)),
        (Section::Overdue, overdue(lang, b)),
        (Section::Actions, actions(lang, b)),
        (Section::Ranking, ranking(lang, b)),
    ];
    head(
        ctx,
        words::bulletin_title(ctx, &b.period),
        &b.period,
        b.group_by,
        parts,
    )
}

fn summary(lang: Lang, b: &Bulletin) -> Vec<Block> {
    let mut out = vec![Block::Paragraph(words::summary(lang, &b.total))];
    if !b.ranking.is_empty() {
        out.push(Block::Chart {
            caption: words::section(lang, Section::Chart, b.group_by).to_string(),
            rows: b.ranking.clone(),
        });
    }
    out
}

/// The table of the chosen grouping, with its total: 承办件数 = 办结 + 待审核 + 在办 + 中止 +
/// 撤销.
fn grouping(lang: Lang, b: &Bulletin) -> Table {
    let mut columns = vec![Column {
        head: words::group_col(lang, b.group_by).to_string(),
        short: words::short_group_col(lang, b.group_by).to_string(),
        kind: Kind::Text,
    }];
    columns.extend(TALLY_COLS.iter().map(|c| {
        let kind = match c {
            Col::OnTimeRate | Col::CompletionRate | Col::OverdueRate => Kind::Rate,
            _ => Kind::Number,
        };
        Column::of(lang, *c, kind)
    }));
    let row = |key: String, t| {
        let mut cells = vec![key];
        cells.extend(tally_cells(t));
        cells
    };
    Table {
        columns,
        rows: b
            .rows
            .iter()
            .map(|r| row(words::row_key(lang, b.group_by, &r.key), &r.tally))
            .collect(),
        total: Some(row(words::total(lang).to_string(), &b.total)),
    }
}

fn sources(lang: Lang, doc: &Document) -> Vec<Block> {
    let lines: Vec<String> = doc
        .sources
        .iter()
        .map(|s| words::source_sentence(lang, s))
        .collect();
    or_nothing(
        lang,
        if lines.is_empty() {
            vec![]
        } else {
            vec![Block::List(lines)]
        },
    )
}

fn overdue(lang: Lang, b: &Bulletin) -> Vec<Block> {
    if b.overdue.is_empty() {
        return or_nothing(lang, vec![]);
    }
    let columns = vec![
        Column::of(lang, Col::Number, Kind::ItemNumber),
        Column::of(lang, Col::Item, Kind::Text),
        Column::of(lang, Col::Lead, Kind::Text),
        Column::of(lang, Col::Owner, Kind::Text),
        Column::of(lang, Col::DaysLate, Kind::Number),
    ];
    let rows = b
        .overdue
        .iter()
        .map(|o| {
            vec![
                words::number(lang, o.number),
                words::overdue_title(lang, &o.title, o.suspended),
                o.lead.clone(),
                or_dash(&o.owner),
                o.working_days_late.to_string(),
            ]
        })
        .collect();
    vec![Block::Table(Table {
        columns,
        rows,
        total: None,
    })]
}

/// The period's urging, accountability and commendations (催办问责和通报表扬). Another list of
/// the period's actions is one more block pushed here.
fn actions(lang: Lang, b: &Bulletin) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !b.actions.is_empty() {
        let columns = vec![
            Column::of(lang, Col::Date, Kind::Date),
            Column::of(lang, Col::Number, Kind::ItemNumber),
            Column::of(lang, Col::Item, Kind::Text),
            Column::of(lang, Col::Level, Kind::Text),
            Column::of(lang, Col::Target, Kind::Text),
            Column::of(lang, Col::Requirement, Kind::Text),
        ];
        let rows = b
            .actions
            .iter()
            .map(|a| {
                vec![
                    words::date(lang, a.on_date),
                    words::number(lang, a.number),
                    a.title.clone(),
                    words::action(lang, a.level),
                    or_dash(&a.target),
                    or_dash(&a.requirement),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns,
            rows,
            total: None,
        }));
    }
    if !b.instructions.is_empty() {
        blocks.push(Block::Subheading(
            words::instructions_heading(lang).to_string(),
        ));
        let columns = vec![
            Column::of(lang, Col::Date, Kind::Date),
            Column::of(lang, Col::Number, Kind::ItemNumber),
            Column::of(lang, Col::Item, Kind::Text),
            Column::of(lang, Col::Instruction, Kind::Text),
        ];
        let rows = b
            .instructions
            .iter()
            .map(|i| {
                vec![
                    words::date(lang, i.on_date),
                    words::number(lang, i.number),
                    i.title.clone(),
                    words::instruction(lang, &i.leader, i.sense, &i.text, i.deadline),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns,
            rows,
            total: None,
        }));
    }
    or_nothing(lang, blocks)
}

fn ranking(lang: Lang, b: &Bulletin) -> Vec<Block> {
    let mut blocks = Vec::new();
    let ranked = b.ranked();
    if !ranked.is_empty() {
        let columns = vec![
            Column::of(lang, Col::Rank, Kind::Number),
            Column::of(lang, Col::Department, Kind::Text),
            Column::of(lang, Col::OnTimeRate, Kind::Rate),
            Column::of(lang, Col::OverdueOpen, Kind::Number),
        ];
        let rows = ranked
            .into_iter()
            .map(|(rank, r)| {
                vec![
                    rank.to_string(),
                    r.key.clone(),
                    shown_rate(r.tally.on_time_rate()),
                    r.tally.open_overdue.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns,
            rows,
            total: None,
        }));
    }
    let not_ranked = b.not_ranked();
    if !not_ranked.is_empty() {
        blocks.push(Block::NotRanked(words::not_ranked(lang, &not_ranked)));
    }
    or_nothing(lang, blocks)
}

/// The assessment of `period` (a year): the scores, then how each came about.
pub fn scores(s: &Scores, period: &Period, ctx: &Context<'_>) -> Outline {
    let lang = ctx.lang;
    let mut table = Vec::new();
    let rows: Vec<Vec<String>> = s
        .departments
        .iter()
        .filter_map(|d| {
            d.place.rank().map(|rank| {
                vec![
                    rank.to_string(),
                    d.department.clone(),
                    words::score(d.score),
                ]
            })
        })
        .collect();
    if !rows.is_empty() {
        table.push(Block::Table(Table {
            columns: vec![
                Column::of(lang, Col::Rank, Kind::Number),
                Column::of(lang, Col::Department, Kind::Text),
                Column::of(lang, Col::Score, Kind::Number),
            ],
            rows,
            total: None,
        }));
    }
    let not_ranked = s.not_ranked();
    if !not_ranked.is_empty() {
        table.push(Block::NotRanked(words::not_ranked(lang, &not_ranked)));
    }
    let mut explanations = Vec::new();
    for d in &s.departments {
        explanations.push(Block::Subheading(format!(
            "{} {}",
            d.department,
            words::score(d.score)
        )));
        let mut lines = vec![words::base_line(lang, s.base)];
        lines.extend(
            d.lines
                .iter()
                .map(|l| words::score_line(lang, l.number, l.reason, l.points)),
        );
        explanations.push(Block::List(lines));
    }
    let parts = vec![
        (Section::Scores, or_nothing(lang, table)),
        (Section::Explanations, or_nothing(lang, explanations)),
    ];
    head(
        ctx,
        words::scores_title(lang, period),
        period,
        GroupBy::Department,
        parts,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> f64 {
        text.chars().count() as f64
    }

    /// Figures and item numbers get their widest value, the words what is left, the narrow
    /// one all it wants; together the whole width.
    #[test]
    fn columns_are_sized_from_what_they_hold() {
        let column = |head: &str, kind| Column {
            head: head.into(),
            short: head.into(),
            kind,
        };
        let t = Table {
            columns: vec![
                column("No", Kind::ItemNumber),
                column("Name", Kind::Text),
                column("Note", Kind::Text),
                column("N", Kind::Number),
            ],
            rows: vec![vec![
                "督字〔2026〕1234号".into(),
                "市住房和城乡建设局".into(),
                "a long requirement to correct, much longer than the rest".into(),
                "12".into(),
            ]],
            total: Some(vec!["".into(), "合计".into(), "".into(), "345".into()]),
        };
        let w = t.widths(60.0, 1.0, false, chars);
        assert_eq!(w[0], 14.0);
        assert_eq!(w[3], 4.0);
        assert_eq!(w[1], 10.0);
        assert_eq!(w[2], 60.0 - 14.0 - 4.0 - 10.0);
    }

    /// Squeezed, a long text does not starve the others: each keeps four characters (or what
    /// it wants, if less) before the rest is shared.
    #[test]
    fn a_long_text_cannot_starve_a_short_column() {
        let column = |head: &str| Column {
            head: head.into(),
            short: head.into(),
            kind: Kind::Text,
        };
        let t = Table {
            columns: vec![column("事项"), column("领导"), column("批示")],
            rows: vec![vec![
                "老旧小区改造工程".into(),
                "王市长".into(),
                "要建立长效机制，年底前报送，并将经验做法总结推广到全市各区县".into(),
            ]],
            total: None,
        };
        let w = t.widths(14.0, 0.0, false, chars);
        // Before, the title and the words shared the 11 left in proportion (8 to 30): 2.3.
        assert_eq!(w[1], 3.0);
        assert!(w[0] >= 4.0, "{w:?}");
        assert!(w[2] > w[0], "{w:?}");
        assert!((w.iter().sum::<f64>() - 14.0).abs() < 1e-9, "{w:?}");
    }
}

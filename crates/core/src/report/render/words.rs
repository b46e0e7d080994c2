//! Every word the bulletin and the assessment print, in Chinese and in English, side by side so
//! that the two stay in step. The renderers only arrange these words; none of them spells one.

use chrono::{Datelike, NaiveDate};

use super::{Context, SourceLine};
use crate::domain::item::{ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::lang::Lang;
use crate::lang::en_count;
use crate::report::figures::{GroupBy, Standing, Tally, shown_rate};
use crate::report::rank::Place;
use crate::report::score::ScoreReason;
use crate::report::{Period, PeriodKind};

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// A date as a document prints it: 2026年12月1日, 1 December 2026.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
    }
}

/// An item's number: in document style in Chinese (督字〔2026〕17号), as typed in English.
pub fn number(lang: Lang, n: ItemNumber) -> String {
    match lang {
        Lang::Zh => format!("督字〔{}〕{}号", n.year, n.seq),
        Lang::En => n.to_string(),
    }
}

/// From one day to another: 2026年10月1日至2026年10月31日, 1 October 2026 to 31 October 2026.
pub fn span(lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("{}至{}", date(lang, from), date(lang, to)),
        Lang::En => format!("{} to {}", date(lang, from), date(lang, to)),
    }
}

/// The period as a title names it: 2026年10月, October 2026; 2026年第四季度, Q4 2026.
pub fn period_name(lang: Lang, kind: Option<PeriodKind>, p: &Period) -> String {
    let y = p.from.year();
    match (kind, lang) {
        (Some(PeriodKind::Month), Lang::Zh) => format!("{y}年{}月", p.from.month()),
        (Some(PeriodKind::Month), Lang::En) => format!("{} {y}", month_name(p.from.month())),
        (Some(PeriodKind::Quarter), Lang::Zh) => {
            let q = ["一", "二", "三", "四"];
            let i = ((p.from.month() - 1) / 3) as usize;
            format!("{y}年第{}季度", q.get(i).copied().unwrap_or(""))
        }
        (Some(PeriodKind::Quarter), Lang::En) => format!("Q{} {y}", (p.from.month() - 1) / 3 + 1),
        (Some(PeriodKind::Year), Lang::Zh) => format!("{y}年度"),
        (Some(PeriodKind::Year), Lang::En) => format!("{y}"),
        (Some(PeriodKind::Week), Lang::Zh) => {
            let w = p.from.iso_week();
            format!("{}年第{}周", w.year(), w.week())
        }
        (Some(PeriodKind::Week), Lang::En) => {
            let w = p.from.iso_week();
            format!("week {}, {}", w.week(), w.year())
        }
        (None, _) => span(lang, p.from, p.to),
    }
}

/// The bulletin's title: 督办通报（2026年10月）, Supervision bulletin, October 2026.
pub fn bulletin_title(ctx: &Context<'_>, p: &Period) -> String {
    let name = period_name(ctx.lang, ctx.kind, p);
    match ctx.lang {
        Lang::Zh => format!("督办通报（{name}）"),
        Lang::En => format!("Supervision bulletin, {name}"),
    }
}

/// The assessment's title: 2026年度督查督办绩效考核, Supervision assessment, 2026.
pub fn scores_title(lang: Lang, p: &Period) -> String {
    match lang {
        Lang::Zh => format!("{}年度督查督办绩效考核", p.from.year()),
        Lang::En => format!("Supervision assessment, {}", p.from.year()),
    }
}

/// The period line: 统计期间：…（截至…）, Period: … (as of …).
pub fn period_line(lang: Lang, p: &Period) -> String {
    let days = span(lang, p.from, p.to);
    let as_of = date(lang, p.end());
    match lang {
        Lang::Zh => format!("统计期间：{days}（截至{as_of}）"),
        Lang::En => format!("Period: {days}, as of {as_of}"),
    }
}

/// The office that issues the document.
pub fn issued_by(lang: Lang, office: &str) -> String {
    match lang {
        Lang::Zh => office.to_string(),
        Lang::En => format!("Issued by {office}"),
    }
}

/// The sections of a bulletin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Summary,
    Table,
    Sources,
    Overdue,
    Actions,
    Ranking,
    Chart,
    Basis,
    Scores,
    Explanations,
}

/// A section's heading, unnumbered (the [outline](super::outline) numbers them in order); the
/// table's names its grouping.
pub fn section(lang: Lang, s: Section, by: GroupBy) -> &'static str {
    match s {
        Section::Summary => pick(lang, "总体情况", "Summary"),
        Section::Table => match by {
            GroupBy::Department => pick(lang, "各牵头单位办理情况", "By lead department"),
            GroupBy::Source => pick(lang, "各来源办理情况", "By source"),
            GroupBy::SourceKind => pick(lang, "各类来源办理情况", "By source kind"),
            GroupBy::CoDepartment => pick(lang, "各配合单位办理情况", "By co-department"),
        },
        Section::Sources => pick(
            lang,
            "会议和文件议定事项落实情况",
            "By meeting and document",
        ),
        Section::Overdue => pick(lang, "超时未办事项", "Overdue items still open"),
        Section::Actions => pick(
            lang,
            "本期催办问责情况",
            "Urging and accountability this period",
        ),
        Section::Ranking => pick(lang, "按时办结率排名", "Ranking by on-time rate"),
        Section::Chart => pick(lang, "各单位按时办结率", "On-time rate by department"),
        Section::Basis => pick(lang, "统计说明", "How these figures were produced"),
        Section::Scores => pick(lang, "考核得分", "Scores"),
        Section::Explanations => pick(lang, "得分说明", "How each score came about"),
    }
}

/// The column heads of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Handled,
    Completed,
    InProgress,
    OverdueOpen,
    OnTimeRate,
    CompletionRate,
    OverdueRate,
    Rank,
    Department,
    Number,
    Item,
    Lead,
    Owner,
    DaysLate,
    Date,
    Level,
    Target,
    Requirement,
    Score,
    New,
    CarriedOver,
    OnTime,
    Late,
    NotDue,
    NoDeadline,
    Suspended,
    Cancelled,
    AwaitingReview,
    ReportedOnTime,
    ReportedLate,
    CompletedNoDeadline,
    OpenNoDeadline,
    OverdueSuspended,
    AverageDaysLate,
    Notes,
    Commendations,
    MissedFeedbacks,
    Instruction,
    Deadline,
}

pub fn col(lang: Lang, c: Col) -> &'static str {
    match c {
        Col::Handled => pick(lang, "承办件数", "Handled"),
        Col::Completed => pick(lang, "办结数", "Completed"),
        Col::InProgress => pick(lang, "在办数", "In progress"),
        Col::OverdueOpen => pick(lang, "超时未办数", "Overdue, open"),
        Col::OnTimeRate => pick(lang, "按时办结率", "On-time rate"),
        Col::CompletionRate => pick(lang, "办结率", "Completion rate"),
        Col::OverdueRate => pick(lang, "超期率", "Overdue rate"),
        Col::Rank => pick(lang, "名次", "Rank"),
        Col::Department => pick(lang, "单位", "Department"),
        Col::Number => pick(lang, "编号", "Number"),
        Col::Item => pick(lang, "督办事项", "Item"),
        Col::Lead => pick(lang, "牵头单位", "Lead department"),
        Col::Owner => pick(lang, "责任人", "Owner"),
        Col::DaysLate => pick(lang, "超期工作日", "Working days late"),
        Col::Date => pick(lang, "日期", "Date"),
        Col::Level => pick(lang, "方式", "Action"),
        Col::Target => pick(lang, "对象", "Aimed at"),
        Col::Requirement => pick(lang, "整改要求", "Correction required"),
        Col::Score => pick(lang, "得分", "Score"),
        Col::New => pick(lang, "本期新增", "New"),
        Col::CarriedOver => pick(lang, "上期结转", "Carried over"),
        Col::OnTime => pick(lang, "按时办结", "On time"),
        Col::Late => pick(lang, "超期办结", "Late"),
        Col::NotDue => pick(lang, "在办未到期", "Open, not yet due"),
        Col::NoDeadline => pick(lang, "无时限", "No deadline"),
        Col::Suspended => pick(lang, "中止", "Suspended"),
        Col::Cancelled => pick(lang, "撤销", "Cancelled"),
        Col::AwaitingReview => pick(lang, "待审核", "Awaiting review"),
        Col::ReportedOnTime => pick(lang, "按期报送待审核", "Reported on time, in review"),
        Col::ReportedLate => pick(lang, "逾期报送待审核", "Reported late, in review"),
        Col::CompletedNoDeadline => pick(lang, "无时限办结", "Completed, no deadline"),
        Col::OpenNoDeadline => pick(lang, "无时限在办", "Open, no deadline"),
        Col::OverdueSuspended => pick(lang, "超时未办中止", "Overdue, suspended"),
        Col::AverageDaysLate => pick(lang, "平均超期工作日", "Average working days late"),
        Col::Notes => pick(lang, "催办问责", "Urging and accountability notes"),
        Col::Commendations => pick(lang, "通报表扬", "Commendations"),
        Col::MissedFeedbacks => pick(lang, "漏报反馈", "Missed feedbacks"),
        Col::Instruction => pick(lang, "领导批示", "Instruction"),
        Col::Deadline => pick(lang, "办理时限", "Deadline"),
    }
}

/// A column's head where the page is narrow (the Word table of eleven columns): the same word in
/// Chinese, a shorter one in English, so that no word is broken across lines.
pub fn short_col(lang: Lang, c: Col) -> &'static str {
    match (lang, c) {
        (Lang::Zh, _) => col(lang, c),
        (Lang::En, Col::Handled) => "Items",
        (Lang::En, Col::Completed) => "Done",
        (Lang::En, Col::AwaitingReview) => "Review",
        (Lang::En, Col::InProgress) => "Open",
        (Lang::En, Col::OverdueOpen) => "Over-due",
        (Lang::En, Col::Suspended) => "Susp.",
        (Lang::En, Col::Cancelled) => "Canc.",
        (Lang::En, Col::OnTimeRate) => "On time",
        (Lang::En, Col::CompletionRate) => "Done rate",
        (Lang::En, Col::OverdueRate) => "Late rate",
        (Lang::En, _) => col(lang, c),
    }
}

/// The heading of the leaders' instructions recorded in a period (领导批示), in the actions.
pub fn instructions_heading(lang: Lang) -> &'static str {
    pick(lang, "领导批示情况", "Leaders' instructions")
}

/// A leader's instruction as a bulletin lists it: who, its sense, its words, and the new
/// deadline a new requirement set (王市长（提出新要求）：……（新的办理时限：2026年12月31日）).
pub fn instruction(
    lang: Lang,
    leader: &str,
    sense: crate::domain::instruction::InstructionSense,
    text: &str,
    deadline: Option<NaiveDate>,
) -> String {
    let sense = lang.sense(sense);
    match (lang, deadline) {
        (Lang::Zh, None) => format!("{leader}（{sense}）：{text}"),
        (Lang::Zh, Some(d)) => format!(
            "{leader}（{sense}）：{text}（新的办理时限：{}）",
            date(lang, d)
        ),
        (Lang::En, None) => format!("{leader} ({sense}): {text}"),
        (Lang::En, Some(d)) => format!(
            "{leader} ({sense}): {text} (new deadline: {})",
            date(lang, d)
        ),
    }
}

/// The head of the grouping column.
pub fn group_col(lang: Lang, by: GroupBy) -> &'static str {
    match by {
        GroupBy::Department => pick(lang, "牵头单位", "Lead department"),
        GroupBy::Source => pick(lang, "来源", "Source"),
        GroupBy::SourceKind => pick(lang, "来源类别", "Source kind"),
        GroupBy::CoDepartment => pick(lang, "配合单位", "Co-department"),
    }
}

/// The head of the grouping column where the page is narrow (a Word table of many columns).
pub fn short_group_col(lang: Lang, by: GroupBy) -> &'static str {
    match (lang, by) {
        (Lang::En, GroupBy::Department) => "Lead dept.",
        (Lang::En, GroupBy::CoDepartment) => "Co-dept.",
        _ => group_col(lang, by),
    }
}

pub fn total(lang: Lang) -> &'static str {
    pick(lang, "合计", "Total")
}

/// A row's name: a source kind in words, a missing source reference said so.
pub fn row_key(lang: Lang, by: GroupBy, key: &str) -> String {
    match by {
        GroupBy::SourceKind => SourceKind::from_code(key)
            .map_or_else(|| key.to_string(), |k| lang.source(k).to_string()),
        _ if key.trim().is_empty() => no_source(lang).to_string(),
        _ => key.to_string(),
    }
}

fn no_source(lang: Lang) -> &'static str {
    pick(lang, "未注明来源", "No source reference")
}

/// An overdue item's title, marked 中止 when it was suspended after its deadline.
pub fn overdue_title(lang: Lang, title: &str, suspended: bool) -> String {
    match (suspended, lang) {
        (false, _) => title.to_string(),
        (true, Lang::Zh) => format!("{title}（中止）"),
        (true, Lang::En) => format!("{title} (suspended)"),
    }
}

/// A class of items as the summary sentence names it.
pub fn class(lang: Lang, c: Standing) -> &'static str {
    match c {
        Standing::OnTime => pick(lang, "按时办结", "completed on time"),
        Standing::Late => pick(lang, "超期办结", "completed late"),
        Standing::CompletedNoDeadline => pick(lang, "无时限办结", "completed with no deadline"),
        Standing::ReportedOnTime => pick(
            lang,
            "按期报送待审核",
            "reported on time and awaiting review",
        ),
        Standing::ReportedLate => pick(lang, "逾期报送待审核", "reported late and awaiting review"),
        Standing::OpenNotDue => pick(lang, "在办未到期", "open and not yet due"),
        Standing::OpenOverdue => pick(lang, "超时未办", "overdue and open"),
        Standing::OpenNoDeadline => pick(lang, "无时限在办", "open with no deadline"),
        Standing::Suspended => pick(lang, "中止", "suspended"),
        Standing::Cancelled => pick(lang, "撤销", "cancelled"),
    }
}

/// The classes the summary sentence names, with their counts, in the bulletin's order: every
/// class with an item, and always on time, late, not yet due and overdue. They add up to the
/// items in scope.
pub fn summary_classes(t: &Tally) -> Vec<(Standing, u32)> {
    Standing::ALL
        .iter()
        .map(|c| (*c, t.class(*c)))
        .filter(|(c, n)| {
            *n > 0
                || matches!(
                    c,
                    Standing::OnTime
                        | Standing::Late
                        | Standing::OpenNotDue
                        | Standing::OpenOverdue
                )
        })
        .collect()
}

/// The summary sentence: 本期共督办事项14项（新增3项，上期结转11项），其中按时办结3项，…；
/// every class that has an item, so that the parts add up to the whole, then the rates.
pub fn summary(lang: Lang, t: &Tally) -> String {
    let on_time = shown_rate(t.on_time_rate());
    let completion = shown_rate(t.completion_rate());
    let overdue = shown_rate(t.overdue_rate());
    let parts: Vec<String> = summary_classes(t)
        .into_iter()
        .map(|(c, n)| {
            let suspended = t.open_overdue_suspended;
            match lang {
                Lang::Zh if c == Standing::OpenOverdue && suspended > 0 => {
                    format!("{}{n}项（含中止{suspended}项）", class(lang, c))
                }
                Lang::Zh => format!("{}{n}项", class(lang, c)),
                Lang::En if c == Standing::OpenOverdue && suspended > 0 => {
                    format!("{n} {} ({suspended} of them suspended)", class(lang, c))
                }
                Lang::En => format!("{n} {}", class(lang, c)),
            }
        })
        .collect();
    // Items assigned and not signed for (未签收) are a part of those open, said apart.
    let unacknowledged = match (lang, t.unacknowledged) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("另有交办后逾期未签收{n}项。"),
        (Lang::En, n) => format!(
            " {} assigned and not acknowledged in time.",
            en_count(n, "item was", "items were")
        ),
    };
    match lang {
        Lang::Zh => format!(
            "本期共督办事项{}项（新增{}项，上期结转{}项），其中{}；按时办结率{on_time}，办结率{completion}，超期率{overdue}。{unacknowledged}",
            t.in_scope(),
            t.new_in_period,
            t.carried_over,
            parts.join("，"),
        ),
        Lang::En => format!(
            "This period {} under supervision ({} new, {} carried over): {}; on-time rate {on_time}, completion rate {completion}, overdue rate {overdue}.{unacknowledged}",
            en_count(t.in_scope(), "item was", "items were"),
            t.new_in_period,
            t.carried_over,
            parts.join(", "),
        ),
    }
}

/// How the table's columns add up, as the basis states it.
fn table_sum(lang: Lang) -> &'static str {
    pick(
        lang,
        "承办件数＝办结数＋待审核数＋在办数＋中止数＋撤销数；在办数含超时未办数（事项逾期后中止的，仍计入超时未办并注明中止）",
        "Handled = completed + awaiting review + in progress + suspended + cancelled; in progress includes overdue and open (an item suspended after its deadline stays overdue, marked suspended)",
    )
}

/// One sentence per meeting or document: 第6次常务会议议定事项6项：办结4项，在办1项，撤销1项，办结率80.0%
/// (awaiting review, suspended and cancelled named when there are any, so the parts add up);
/// or per other kind of source: 领导批示事项12项：….
pub fn source_sentence(lang: Lang, s: &SourceLine) -> String {
    let t = &s.tally;
    let per_kind = s.source_ref.trim().is_empty();
    let cancelled = match (lang, t.cancelled) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("撤销{n}项，"),
        (Lang::En, n) => format!("{n} cancelled, "),
    };
    let review = match (lang, t.awaiting_review()) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("待审核{n}项，"),
        (Lang::En, n) => format!("{n} awaiting review, "),
    };
    let suspended = match (lang, t.suspended) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("中止{n}项，"),
        (Lang::En, n) => format!("{n} suspended, "),
    };
    let rate = shown_rate(t.completion_rate());
    let (n, done, open) = (t.in_scope(), t.completed(), t.in_progress());
    match lang {
        Lang::Zh => {
            let head = match s.kind {
                _ if per_kind => format!("{}事项{n}项", lang.source(s.kind)),
                SourceKind::Meeting => format!("{}议定事项{n}项", s.source_ref),
                _ => format!("{}交办事项{n}项", s.source_ref),
            };
            format!(
                "{head}：办结{done}项，{review}在办{open}项，{suspended}{cancelled}办结率{rate}"
            )
        }
        Lang::En => {
            let head = match s.kind {
                _ if per_kind => format!(
                    "{}: {}",
                    capitalised(lang.source(s.kind)),
                    en_count(n, "item", "items")
                ),
                SourceKind::Meeting => {
                    format!("{} decided {}", s.source_ref, en_count(n, "item", "items"))
                }
                _ => format!("{} assigned {}", s.source_ref, en_count(n, "item", "items")),
            };
            format!(
                "{head}: {done} completed, {review}{open} in progress, {suspended}{cancelled}completion rate {rate}"
            )
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// An accountability action in the office's words: 催办（催办单）, 问责（通报批评）, 通报表扬.
pub fn action(lang: Lang, level: Option<Level>) -> String {
    match level {
        None => pick(lang, "通报表扬", "commendation").to_string(),
        Some(l @ (Level::Reminder | Level::Urging)) => match lang {
            Lang::Zh => format!("催办（{}）", lang.level(l)),
            Lang::En => format!("urging: {}", lang.level(l)),
        },
        Some(l) => match lang {
            Lang::Zh => format!("问责（{}）", lang.level(l)),
            Lang::En => format!("accountability: {}", lang.level(l)),
        },
    }
}

/// Signed points: +2, -5, +2.5.
pub fn points(p: f64) -> String {
    format!("{p:+}")
}

/// Why a score moved: 按时办结，牵头; completed on time, lead.
pub fn score_reason(lang: Lang, r: ScoreReason) -> String {
    match r {
        ScoreReason::OnTimeLead => pick(lang, "按时办结，牵头", "completed on time, lead").into(),
        ScoreReason::OnTimeCo => {
            pick(lang, "按时办结，配合", "completed on time, co-department").into()
        }
        ScoreReason::LateLead => pick(lang, "超期办结，牵头", "completed late, lead").into(),
        ScoreReason::LateCo => pick(lang, "超期办结，配合", "completed late, co-department").into(),
        ScoreReason::OverdueLead => pick(lang, "超时未办，牵头", "overdue and open, lead").into(),
        ScoreReason::OverdueCo => {
            pick(lang, "超时未办，配合", "overdue and open, co-department").into()
        }
        ScoreReason::Note(l) => match lang {
            Lang::Zh => format!("{}，加减分", lang.level(l)),
            Lang::En => format!("{}, points", lang.level(l)),
        },
        ScoreReason::CompletedLead => pick(
            lang,
            "办结（未明确时限），牵头",
            "completed (no deadline), lead",
        )
        .into(),
        ScoreReason::CompletedCo => pick(
            lang,
            "办结（未明确时限），配合",
            "completed (no deadline), co-department",
        )
        .into(),
        ScoreReason::Criticism => pick(lang, "通报批评", "public criticism").into(),
        ScoreReason::Deduction => pick(lang, "扣分", "point deduction").into(),
        ScoreReason::Commendation => pick(lang, "通报表扬", "commendation").into(),
        ScoreReason::AffirmativeInstruction => {
            pick(lang, "肯定性领导批示", "affirmative leader's instruction").into()
        }
        ScoreReason::Bounded => {
            pick(lang, "按考核分值上下限调整", "kept within 0 and the cap").into()
        }
    }
}

/// One line of a department's explanation: 2026-014 按时办结，牵头 +2.
pub fn score_line(lang: Lang, number: Option<ItemNumber>, r: ScoreReason, p: f64) -> String {
    let reason = score_reason(lang, r);
    match number {
        Some(n) => format!("{n} {reason} {}", points(p)),
        None => format!("{reason} {}", points(p)),
    }
}

pub fn base_head(lang: Lang) -> &'static str {
    pick(lang, "基础分", "Base")
}

pub fn gained_head(lang: Lang) -> &'static str {
    pick(lang, "加分", "Gained")
}

/// The head of a column of points (a score's lines, a commendation's or a note's).
pub fn points_head(lang: Lang) -> &'static str {
    pick(lang, "加减分", "Points")
}

/// The head of the column that says why a score moved.
pub fn reason_head(lang: Lang) -> &'static str {
    pick(lang, "事由", "Reason")
}

pub fn lost_head(lang: Lang) -> &'static str {
    pick(lang, "减分", "Lost")
}

/// A score as printed: 74, 78.5.
pub fn score(s: f64) -> String {
    format!("{s}")
}

/// The line that starts every explanation: 基础分 80.
pub fn base_line(lang: Lang, base: f64) -> String {
    match lang {
        Lang::Zh => format!("基础分 {}", score(base)),
        Lang::En => format!("base {}", score(base)),
    }
}

/// The fingerprint of the settings that change figures (the rules and every day of the
/// calendar): the first 16 hex digits of the SHA-256 of their canonical text, so that a
/// bulletin can be reproduced under the same settings and a changed one is seen.
pub fn fingerprint(ctx: &Context<'_>) -> String {
    crate::domain::rule_keys::fingerprint(ctx.rules, ctx.calendar)
}

/// The rules fingerprint, as a line: 规则指纹：1a2b3c4d.
pub fn fingerprint_line(ctx: &Context<'_>) -> String {
    settings_fingerprint_line(ctx.lang, ctx.rules, ctx.calendar)
}

/// The fingerprint of these settings, as a line: 规则指纹：1a2b3c4d.
pub fn settings_fingerprint_line(
    lang: Lang,
    rules: &crate::domain::Rules,
    calendar: &crate::domain::WorkCalendar,
) -> String {
    let fingerprint = crate::domain::rule_keys::fingerprint(rules, calendar);
    match lang {
        Lang::Zh => format!("规则指纹：{fingerprint}"),
        Lang::En => format!("Rules fingerprint: {fingerprint}"),
    }
}

/// The warning thresholds in force, as a sentence of the basis.
pub fn thresholds_line(ctx: &Context<'_>) -> String {
    crate::report::wording::thresholds(ctx.rules, ctx.lang)
}

/// The lines that say what produced the figures: the as-of date, the calendar, the rules.
pub fn basis(ctx: &Context<'_>, p: &Period) -> Vec<String> {
    let lang = ctx.lang;
    let years: Vec<i32> = ctx.calendar.years().collect();
    let covered = (p.from.year()..=p.to.year()).all(|y| ctx.calendar.covers_year(y));
    let years_text = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(pick(lang, "、", ", "));
    let as_of = date(lang, p.end());
    match lang {
        Lang::Zh => vec![
            format!("本通报依据截至{as_of}的督办记录生成，此后补录或撤回的记录不影响本期数字。"),
            if covered {
                format!("工作日按国务院办公厅公布的放假调休安排计算（已载入{years_text}年）。")
            } else {
                format!(
                    "工作日按国务院办公厅公布的放假调休安排计算（已载入{years_text}年）；本期所涉年份未载入的，按周一至周五计算。"
                )
            },
            thresholds_line(ctx),
            format!(
                "{}；按时办结率＝按时办结数÷（按时办结数＋超期办结数＋逾期报送待审核数＋超时未办数）；超期率＝（超期办结数＋逾期报送待审核数＋超时未办数）÷同一分母；按期报送待审核的，审核前不计入上述两率；办结率＝办结数÷（承办件数－撤销数）；按审核通过的办结报告报送日期和原定时限（批准延期的按延期后时限）判定；分母为零的显示“—”。",
                table_sum(lang)
            ),
            crate::report::wording::weights(ctx.rules, lang),
            fingerprint_line(ctx),
        ]
        .into_iter()
        .chain(record_head_line(ctx))
        .collect(),
        Lang::En => vec![
            format!(
                "Produced from the records as they stood on {as_of}; records added or undone later do not change this period's figures."
            ),
            if covered {
                format!(
                    "Working days follow the State Council's published holiday calendar (years loaded: {years_text})."
                )
            } else {
                format!(
                    "Working days follow the State Council's published holiday calendar (years loaded: {years_text}); years of this period not loaded count Monday to Friday."
                )
            },
            thresholds_line(ctx),
            format!(
                "{}; on-time rate = on time / (on time + late + reported late + overdue and open); overdue rate = (late + reported late + overdue and open) / the same; a report awaiting review that was on time counts in neither until decided; completion rate = completed / (handled − cancelled); judged by the date of the approved completion report against the original deadline (the extended one when an extension was approved); an empty denominator shows \"—\".",
                table_sum(lang)
            ),
            crate::report::wording::weights(ctx.rules, lang),
            fingerprint_line(ctx),
        ]
        .into_iter()
        .chain(record_head_line(ctx))
        .collect(),
    }
}

/// The head of the record the document was computed at, as its basis states it.
pub fn record_head_line(ctx: &Context<'_>) -> Option<String> {
    ctx.record_head
        .map(|head| record_head_sentence(head, ctx.lang))
}

/// The sentence that states a paper's record head.
pub fn record_head_sentence(head: &super::RecordHead, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "记录校验码：{}（生成时共 {} 条记录；可用 duban audit verify --head 核验此后记录未被改动）。",
            crate::text::safe(&head.hash),
            head.events
        ),
        Lang::En => format!(
            "Record head: {} ({} events when produced; duban audit verify --head proves the record was not altered since).",
            crate::text::safe(&head.hash),
            head.events
        ),
    }
}

/// The line under a bulletin or assessment: the program that produced it.
pub fn produced_by(lang: Lang) -> &'static str {
    pick(lang, "由 duban 督办系统生成", "Produced by duban")
}

/// A place in a ranking, in a rank column: 1, 2 (并列 shows as the same number), or not
/// ranked.
pub fn place(lang: Lang, p: Place) -> String {
    match p {
        Place::Ranked(r) => r.to_string(),
        Place::NotRanked => pick(lang, "不参与排名", "not ranked (nothing due)").into(),
    }
}

/// The line after a ranking that lists those not ranked: nothing was due in the period
/// (不参与排名).
pub fn not_ranked(lang: Lang, names: &[&str]) -> String {
    match lang {
        Lang::Zh => format!("不参与排名（本期无到期事项）：{}", names.join("、")),
        Lang::En => format!("Not ranked (nothing due): {}", names.join(", ")),
    }
}

/// What is said when a list is empty.
pub fn none(lang: Lang) -> &'static str {
    pick(lang, "无", "None")
}

//! Words the documents (bulletin, urging notice, triage log) share, in each language: an item's
//! number in document style, dates, the warning thresholds and score weights in force.

use chrono::{Datelike, NaiveDate};

use crate::domain::Rules;
use crate::domain::item::ItemNumber;
use crate::lang::Lang;

/// An item's number as a document prints it: 督字〔2026〕17号, or "No. 2026-017".
pub fn document_number(n: ItemNumber, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("督字〔{}〕{}号", n.year, n.seq),
        Lang::En => format!("No. {n}"),
    }
}

/// A date as a document writes it: 2026年10月31日, or 31 October 2026.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
    }
}

fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
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
    NAMES
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// The warning thresholds in force, as one sentence (in the basis of every bulletin).
pub fn thresholds(rules: &Rules, lang: Lang) -> String {
    let pct = |x: f64| (x * 100.0).round();
    match lang {
        Lang::Zh => format!(
            "预警阈值：距办理时限{}个工作日内、剩余时间不足{}%、缺报进展反馈或分解节点逾期亮黄灯；剩余时间不足{}%、连续缺报{}次或两个节点逾期亮橙灯；超过时限未办结亮红灯；红灯{}个工作日无催办问责记录为无人处置；办结报告待审核超过{}个工作日为本机关积压，中止超过{}个工作日回到研判。",
            rules.yellow_working_days,
            pct(rules.yellow_share_left),
            pct(rules.orange_share_left),
            rules.orange_missed_in_row,
            rules.unaddressed_working_days,
            rules.review_backlog_working_days,
            rules.suspended_review_working_days,
        ),
        Lang::En => format!(
            "Warning lights: yellow within {} working days of the deadline, under {} % of the time left, on a missed feedback or an overdue milestone; orange under {} % of the time left, at {} missed feedbacks in a row or two overdue milestones; red past the deadline and not completed; a red item with no note for {} working days is unaddressed; a report awaiting review over {} working days is the office's backlog, and an item suspended over {} working days returns to triage.",
            rules.yellow_working_days,
            pct(rules.yellow_share_left),
            pct(rules.orange_share_left),
            rules.orange_missed_in_row,
            rules.unaddressed_working_days,
            rules.review_backlog_working_days,
            rules.suspended_review_working_days,
        ),
    }
}

/// The score weights in force, as one sentence (in the basis of every bulletin and assessment).
pub fn weights(rules: &Rules, lang: Lang) -> String {
    let w = &rules.score;
    let pts = |x: f64| format!("{}", x.abs());
    match lang {
        Lang::Zh => format!(
            "考核分值：基础分{}，上限{}；按时办结牵头加{}分、配合加{}分；超期牵头减{}分、配合减{}分；通报批评未注明分值的减{}分；扣分按登记分值（默认减{}分）；通报表扬按登记分值（默认加{}分）；肯定性领导批示牵头单位加{}分。",
            pts(w.base),
            pts(w.cap),
            pts(w.on_time_lead),
            pts(w.on_time_co),
            pts(w.late_lead),
            pts(w.late_co),
            pts(w.criticism),
            pts(w.deduction),
            pts(rules.commendation_points),
            pts(w.affirmative_instruction)
        ),
        Lang::En => format!(
            "Score weights: base {}, cap {}; completed on time: lead +{}, co-department +{}; late or overdue: lead −{}, co-department −{}; public criticism without points −{}; point deduction its recorded points (default −{}); commendation its recorded points (default +{}); affirmative leader's instruction: lead +{}.",
            pts(w.base),
            pts(w.cap),
            pts(w.on_time_lead),
            pts(w.on_time_co),
            pts(w.late_lead),
            pts(w.late_co),
            pts(w.criticism),
            pts(w.deduction),
            pts(rules.commendation_points),
            pts(w.affirmative_instruction)
        ),
    }
}

/// The reason an urging records, in the document language: each ground the item is urged for,
/// most serious first ("超过办理时限3个工作日未办结；缺报进展反馈"); empty when none applies.
pub fn urge_reason(grounds: &[crate::domain::urging::Ground], lang: Lang) -> String {
    use crate::domain::urging::Ground;
    let days = |n: i64| match (lang, n) {
        (Lang::En, 1) => "1 working day".to_string(),
        (Lang::En, n) => format!("{n} working days"),
        (Lang::Zh, n) => format!("{n}个工作日"),
    };
    let parts: Vec<String> = grounds
        .iter()
        .map(|g| match (*g, lang) {
            (Ground::Overdue(n), Lang::Zh) => format!("超过办理时限{}未办结", days(n)),
            (Ground::Overdue(n), Lang::En) => {
                format!("{} past the deadline and not completed", days(n))
            }
            (Ground::DueToday, Lang::Zh) => "办理时限为今日，尚未办结".into(),
            (Ground::DueToday, Lang::En) => "due today and not completed".into(),
            (Ground::DueSoon(n), Lang::Zh) => format!("临近办理时限（尚余{}）", days(n)),
            (Ground::DueSoon(n), Lang::En) => format!("deadline near ({} left)", days(n)),
            (Ground::FeedbackMissed(1), Lang::Zh) => "缺报进展反馈".into(),
            (Ground::FeedbackMissed(n), Lang::Zh) => format!("连续{n}次缺报进展反馈"),
            (Ground::FeedbackMissed(1), Lang::En) => "progress feedback missed".into(),
            (Ground::FeedbackMissed(n), Lang::En) => {
                format!("{n} progress feedbacks missed in a row")
            }
            (Ground::MilestonesOverdue(1), Lang::Zh) => "分解节点逾期".into(),
            (Ground::MilestonesOverdue(n), Lang::Zh) => format!("{n}个分解节点逾期"),
            (Ground::MilestonesOverdue(1), Lang::En) => "a milestone overdue".into(),
            (Ground::MilestonesOverdue(n), Lang::En) => format!("{n} milestones overdue"),
            (Ground::SuspendedTooLong(n), Lang::Zh) => {
                format!("已中止{}，超过中止审查期限", days(n))
            }
            (Ground::SuspendedTooLong(n), Lang::En) => {
                format!("suspended for {}, past the review window", days(n))
            }
            (Ground::Unacknowledged(n), Lang::Zh) => format!("交办{}未签收", days(n)),
            (Ground::Unacknowledged(n), Lang::En) => {
                format!("not acknowledged {} after assignment", days(n))
            }
        })
        .collect();
    parts.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// The correction an urging requires, in the document language.
pub fn urge_requirement(r: crate::domain::urging::Requirement, lang: Lang) -> &'static str {
    use crate::domain::urging::Requirement;
    match (r, lang) {
        (Requirement::CorrectiveMeasures, Lang::Zh) => "三个工作日内报送整改措施和完成时限",
        (Requirement::CorrectiveMeasures, Lang::En) => {
            "report corrective measures and a completion date within 3 working days"
        }
        (Requirement::MissingFeedback, Lang::Zh) => "两个工作日内补报进展反馈",
        (Requirement::MissingFeedback, Lang::En) => {
            "submit the missing progress feedback within 2 working days"
        }
        (Requirement::CompleteByDeadline, Lang::Zh) => "按办理时限办结并报送办结报告",
        (Requirement::CompleteByDeadline, Lang::En) => {
            "complete by the deadline and submit the completion report"
        }
        (Requirement::ResumePlan, Lang::Zh) => "三个工作日内报告恢复办理的安排",
        (Requirement::ResumePlan, Lang::En) => {
            "report within 3 working days when handling will resume"
        }
        (Requirement::Acknowledge, Lang::Zh) => "即日签收，并报送办理计划",
        (Requirement::Acknowledge, Lang::En) => {
            "acknowledge the assignment today and send the handling plan"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_documents_print_them() {
        let n = ItemNumber {
            year: 2026,
            seq: 17,
        };
        assert_eq!(document_number(n, Lang::Zh), "督字〔2026〕17号");
        assert_eq!(document_number(n, Lang::En), "No. 2026-017");
    }
}

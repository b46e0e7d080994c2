//! Words the documents (bulletin, urging notice, triage log) share, in each language: an item's
//! number in document style, dates, the period's name, where the figures came from.

use chrono::{Datelike, NaiveDate};

use super::period::Period;
use crate::domain::item::ItemNumber;
use crate::domain::{Rules, WorkCalendar};
use crate::ui::Lang;

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

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The period as a title names it: 2026年10月, 2026年第四季度, 2026年, or its first and last
/// day (a week, any span).
pub fn period_name(p: &Period, lang: Lang) -> String {
    let (from, to) = (p.from, p.to);
    let whole_months = from.day() == 1
        && from.year() == to.year()
        && last_of_month(to.year(), to.month()) == Some(to);
    let months = to.month() + 1 - from.month().min(to.month() + 1);
    match lang {
        Lang::Zh if whole_months && months == 1 => format!("{}年{}月", from.year(), from.month()),
        Lang::Zh if whole_months && months == 12 => format!("{}年", from.year()),
        Lang::Zh if whole_months && months == 3 && (from.month() - 1) % 3 == 0 => {
            let q = ["一", "二", "三", "四"];
            let i = ((from.month() - 1) / 3) as usize;
            format!("{}年第{}季度", from.year(), q.get(i).copied().unwrap_or(""))
        }
        Lang::En if whole_months && months == 1 => {
            format!("{} {}", month_name(from.month()), from.year())
        }
        Lang::En if whole_months && months == 12 => from.year().to_string(),
        Lang::En if whole_months && months == 3 && (from.month() - 1) % 3 == 0 => {
            format!("Q{} {}", (from.month() - 1) / 3 + 1, from.year())
        }
        Lang::Zh => format!("{}至{}", date(from, lang), date(to, lang)),
        Lang::En => format!("{} to {}", date(from, lang), date(to, lang)),
    }
}

/// The days a period covers, and the day its figures stand as of: two lines under a title.
pub fn period_lines(p: &Period, lang: Lang) -> [String; 2] {
    match lang {
        Lang::Zh => [
            format!("统计期间：{}至{}", date(p.from, lang), date(p.to, lang)),
            format!("数据截至：{}", date(p.end(), lang)),
        ],
        Lang::En => [
            format!("Period: {} to {}", date(p.from, lang), date(p.to, lang)),
            format!("Figures as of {}", date(p.end(), lang)),
        ],
    }
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

/// What produced the figures: the as-of date, the working-day calendar, the office's rules.
pub fn provenance(p: &Period, cal: &WorkCalendar, rules: &Rules, lang: Lang) -> String {
    let years: Vec<String> = cal.years().map(|y| y.to_string()).collect();
    let default_rules = *rules == Rules::default();
    let fingerprint = crate::config::fingerprint(rules, cal);
    match lang {
        Lang::Zh => {
            let calendar = if years.is_empty() {
                "按周一至周五计算工作日".to_string()
            } else {
                format!("工作日按{}年法定节假日和调休安排计算", years.join("、"))
            };
            let rules_text = if default_rules {
                "统计口径和时限规则为默认设置"
            } else {
                "统计口径和时限规则为本单位设置"
            };
            format!(
                "本通报数据截至{}，按该日已登记的办理记录统计，此后补录的记录不改变本期数字；{}；{}（规则指纹：{}）。",
                date(p.end(), lang),
                calendar,
                rules_text,
                fingerprint
            )
        }
        Lang::En => {
            let calendar = if years.is_empty() {
                "working days are Monday to Friday".to_string()
            } else {
                format!(
                    "working days follow the public holidays and make-up days of {}",
                    years.join(", ")
                )
            };
            let rules_text = if default_rules {
                "the default counting rules apply"
            } else {
                "the office's own counting rules apply"
            };
            format!(
                "Figures as recorded up to {}; records entered later do not change them; {}; {} (rules fingerprint: {}).",
                date(p.end(), lang),
                calendar,
                rules_text,
                fingerprint
            )
        }
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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn numbers_and_periods_read_as_documents_print_them() {
        let n = ItemNumber {
            year: 2026,
            seq: 17,
        };
        assert_eq!(document_number(n, Lang::Zh), "督字〔2026〕17号");
        assert_eq!(document_number(n, Lang::En), "No. 2026-017");
        let month = Period::span(d("2026-10-01"), d("2026-10-31"));
        assert_eq!(period_name(&month, Lang::Zh), "2026年10月");
        assert_eq!(period_name(&month, Lang::En), "October 2026");
        let quarter = Period::span(d("2026-10-01"), d("2026-12-31"));
        assert_eq!(period_name(&quarter, Lang::Zh), "2026年第四季度");
        assert_eq!(period_name(&quarter, Lang::En), "Q4 2026");
        let year = Period::span(d("2026-01-01"), d("2026-12-31"));
        assert_eq!(period_name(&year, Lang::Zh), "2026年");
        let week = Period::span(d("2026-10-12"), d("2026-10-18"));
        assert_eq!(
            period_name(&week, Lang::Zh),
            "2026年10月12日至2026年10月18日"
        );
        assert_eq!(
            period_name(&week, Lang::En),
            "12 October 2026 to 18 October 2026"
        );
    }
}

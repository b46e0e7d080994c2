//! Every setting of the office's rules, once: its table and key in the file, what it accepts,
//! what it means (in both languages), and how it reads and writes the core's [`Rules`]. The
//! file's parser, `config init`, `config show` and the rules fingerprint all walk this one
//! table, and every value they print comes from a `Rules` (the defaults from
//! `Rules::default()`), so no default is written down twice. The rules' fingerprint and values
//! that a bulletin records are here, beside the rules; reading the TOML file is the
//! configuration's (`config::fields::check`).

use std::fmt::Write;

use chrono::Weekday;
use sha2::{Digest, Sha256};

use crate::domain::ladder::StartHigher;
use crate::domain::{Rules, WorkCalendar};

/// What a key accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A whole number in a range.
    Int { min: i64, max: i64 },
    /// A whole percent, 0 to 100, kept in the rules as a share (30 → 0.30).
    Percent,
    /// Points, a number with at most two decimals, in a range.
    Points { min: f64, max: f64 },
    /// A weekday: mon, tue, wed, thu, fri, sat or sun.
    Weekday,
    /// A list of an item's marks: urgent, leader, major, difficult, important.
    Marks,
}

/// A value as the file writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Int(i64),
    Num(f64),
    Day(Weekday),
    Marks(StartHigher),
}

pub struct Field {
    pub table: &'static str,
    pub key: &'static str,
    pub kind: Kind,
    pub en: &'static str,
    pub zh: &'static str,
    pub get: fn(&Rules) -> Value,
    pub set: fn(&mut Rules, Value),
}

/// The tables of the file in the order `config init` and `config show` print them, each with
/// its heading comment.
pub const TABLES: &[(&str, &str, &str)] = &[
    (
        "lights",
        "Warning lights (红黄绿灯) and the unaddressed window",
        "红黄绿灯预警阈值，及红灯无处置的期限",
    ),
    (
        "windows",
        "The office's own review and suspension windows",
        "审核与中止的期限",
    ),
    (
        "extensions",
        "Limits on extensions (延期); 0 means no limit",
        "延期次数与天数上限；0 表示不限",
    ),
    (
        "feedback",
        "When periodic feedback (进展反馈) is due",
        "周期性进展反馈的报送日",
    ),
    (
        "deadlines",
        "Default deadlines (办理时限) when none is given, in working days unless said",
        "未填写办理时限时的默认时限（除注明外为工作日）",
    ),
    (
        "ladder",
        "How often a level of urging is given before the suggestion climbs",
        "催办问责各层级重复几次后建议升级",
    ),
    (
        "triage",
        "Triage priority weights (研判排序): within a group, a higher total comes first",
        "研判排序权重：同一组内总分高者在前",
    ),
    (
        "score",
        "Assessment weights (绩效考核), in points",
        "绩效考核分值",
    ),
    ("limits", "Text limits", "文字长度限制"),
];

const fn int(min: i64, max: i64) -> Kind {
    Kind::Int { min, max }
}

const BASE: Kind = Kind::Points {
    min: 0.0,
    max: 1000.0,
};
/// A credit: zero or more.
const GAIN: Kind = Kind::Points {
    min: 0.0,
    max: 100.0,
};
/// A deduction: zero or less.
const LOSS: Kind = Kind::Points {
    min: -100.0,
    max: 0.0,
};

fn as_i64(v: Value) -> i64 {
    match v {
        Value::Int(n) => n,
        Value::Num(x) => x as i64,
        Value::Day(d) => i64::from(d.num_days_from_monday()),
        Value::Marks(_) => 0,
    }
}

fn as_f64(v: Value) -> f64 {
    match v {
        Value::Num(x) => x,
        Value::Int(n) => n as f64,
        Value::Day(_) | Value::Marks(_) => 0.0,
    }
}

fn as_u32(v: Value) -> u32 {
    u32::try_from(as_i64(v)).unwrap_or(0)
}

fn share(v: Value) -> f64 {
    as_f64(v) / 100.0
}

fn percent(x: f64) -> Value {
    Value::Int((x * 100.0).round() as i64)
}

macro_rules! field {
    ($table:literal, $key:literal, $kind:expr, $en:literal, $zh:literal,
     |$r:ident| $get:expr, |$w:ident, $v:ident| $set:expr) => {
        Field {
            table: $table,
            key: $key,
            kind: $kind,
            en: $en,
            zh: $zh,
            get: |$r: &Rules| $get,
            set: |$w: &mut Rules, $v: Value| $set,
        }
    };
}

pub const FIELDS: &[Field] = &[
    field!(
        "lights",
        "yellow_days",
        int(0, 60),
        "Yellow when the deadline is within this many working days.",
        "距办理时限不超过此工作日数时亮黄灯。",
        |r| Value::Int(r.yellow_working_days),
        |r, v| r.yellow_working_days = as_i64(v)
    ),
    field!(
        "lights",
        "yellow_percent_left",
        Kind::Percent,
        "Yellow when less than this percent of the allotted time is left.",
        "剩余时间少于办理时间的此百分比时亮黄灯。",
        |r| percent(r.yellow_share_left),
        |r, v| r.yellow_share_left = share(v)
    ),
    field!(
        "lights",
        "orange_percent_left",
        Kind::Percent,
        "Orange when less than this percent of the allotted time is left.",
        "剩余时间少于办理时间的此百分比时亮橙灯。",
        |r| percent(r.orange_share_left),
        |r, v| r.orange_share_left = share(v)
    ),
    field!(
        "lights",
        "orange_missed_feedbacks",
        int(1, 52),
        "Orange when this many periodic feedbacks in a row are missed (one missed is yellow).",
        "连续缺报进展反馈达此次数时亮橙灯（缺报一次为黄灯）。",
        |r| Value::Int(i64::from(r.orange_missed_in_row)),
        |r, v| r.orange_missed_in_row = as_u32(v)
    ),
    field!(
        "lights",
        "unaddressed_days",
        int(1, 250),
        "A red item with no urging or accountability note for this many working days is unaddressed.",
        "红灯事项连续此工作日数无催办问责记录，即为无人处置。",
        |r| Value::Int(r.unaddressed_working_days),
        |r, v| r.unaddressed_working_days = as_i64(v)
    ),
    field!(
        "windows",
        "review_backlog_days",
        int(1, 250),
        "A completion report awaiting review longer than this many working days is the office's own backlog.",
        "办结报告待审核超过此工作日数，即为本机关积压。",
        |r| Value::Int(r.review_backlog_working_days),
        |r, v| r.review_backlog_working_days = as_i64(v)
    ),
    field!(
        "windows",
        "suspended_review_days",
        int(1, 250),
        "A suspended item returns to triage after this many working days.",
        "中止超过此工作日数的事项回到研判队列复核。",
        |r| Value::Int(r.suspended_review_working_days),
        |r, v| r.suspended_review_working_days = as_i64(v)
    ),
    field!(
        "windows",
        "acknowledge_days",
        int(1, 250),
        "An assigned item not acknowledged (签收) within this many working days surfaces in triage.",
        "交办后超过此工作日数仍未签收的事项进入研判队列。",
        |r| Value::Int(r.acknowledge_working_days),
        |r, v| r.acknowledge_working_days = as_i64(v)
    ),
    field!(
        "extensions",
        "max_count",
        int(0, 100),
        "How many extensions an item may have approved in all (0: no limit).",
        "每个事项累计可批准延期的次数（0 为不限）。",
        |r| Value::Int(i64::from(r.max_extensions)),
        |r, v| r.max_extensions = as_u32(v)
    ),
    field!(
        "extensions",
        "max_working_days",
        int(0, 2500),
        "How many working days the approved extensions of an item may add in all (0: no limit).",
        "每个事项历次批准延期累计可延长的工作日数（0 为不限）。",
        |r| Value::Int(r.max_extension_working_days),
        |r, v| r.max_extension_working_days = as_i64(v)
    ),
    field!(
        "feedback",
        "weekly_due",
        Kind::Weekday,
        "Weekly feedback is due on this weekday (mon … sun).",
        "周督办事项每周的反馈日（mon … sun）。",
        |r| Value::Day(r.weekly_due),
        |r, v| if let Value::Day(d) = v {
            r.weekly_due = d
        }
    ),
    field!(
        "feedback",
        "monthly_due_day",
        int(1, 28),
        "Monthly, quarterly and annual feedback is due on this day of the month.",
        "月、季、年督办事项在当月此日报送反馈。",
        |r| Value::Int(i64::from(r.monthly_due_day)),
        |r, v| r.monthly_due_day = as_u32(v)
    ),
    field!(
        "feedback",
        "first_grace_days",
        int(0, 90),
        "The first periodic feedback is due no sooner than this many calendar days after the start.",
        "首次周期反馈不早于开始后此自然日数。",
        |r| Value::Int(r.first_feedback_grace_days),
        |r, v| r.first_feedback_grace_days = as_i64(v)
    ),
    field!(
        "feedback",
        "holiday_weeks_once",
        int(0, 1),
        "1: a due date moved off a holiday into the next period's week is owed once for both periods; 0: each period is owed.",
        "1：因节假日顺延到下一周期所在周的报送日，两期合并报送一次；0：每期各报一次。",
        |r| Value::Int(i64::from(r.holiday_weeks_owed_once)),
        |r, v| r.holiday_weeks_owed_once = as_i64(v) != 0
    ),
    field!(
        "deadlines",
        "document",
        int(1, 750),
        "Document (文件).",
        "文件。",
        |r| Value::Int(i64::from(r.default_deadline_document)),
        |r, v| r.default_deadline_document = as_u32(v)
    ),
    field!(
        "deadlines",
        "meeting",
        int(1, 750),
        "Meeting decision (会议议定).",
        "会议议定事项。",
        |r| Value::Int(i64::from(r.default_deadline_meeting)),
        |r, v| r.default_deadline_meeting = as_u32(v)
    ),
    field!(
        "deadlines",
        "instruction_urgent",
        int(1, 750),
        "Leader instruction (领导批示), urgent.",
        "领导批示，紧急。",
        |r| Value::Int(i64::from(r.default_deadline_instruction_urgent)),
        |r, v| r.default_deadline_instruction_urgent = as_u32(v)
    ),
    field!(
        "deadlines",
        "instruction_normal",
        int(1, 750),
        "Leader instruction, normal.",
        "领导批示，一般。",
        |r| Value::Int(i64::from(r.default_deadline_instruction_normal)),
        |r, v| r.default_deadline_instruction_normal = as_u32(v)
    ),
    field!(
        "deadlines",
        "instruction_difficult",
        int(1, 750),
        "Leader instruction flagged difficult (难事).",
        "领导批示，难事。",
        |r| Value::Int(i64::from(r.default_deadline_instruction_difficult)),
        |r, v| r.default_deadline_instruction_difficult = as_u32(v)
    ),
    field!(
        "deadlines",
        "complaint",
        int(1, 750),
        "Public complaint (群众诉求, 12345).",
        "群众诉求（含12345）。",
        |r| Value::Int(i64::from(r.default_deadline_complaint)),
        |r, v| r.default_deadline_complaint = as_u32(v)
    ),
    field!(
        "deadlines",
        "superior_and_other",
        int(1, 750),
        "Superior assignment (上级交办) and other sources.",
        "上级交办及其他来源。",
        |r| Value::Int(i64::from(r.default_deadline_other)),
        |r, v| r.default_deadline_other = as_u32(v)
    ),
    field!(
        "deadlines",
        "proposal_months",
        int(1, 24),
        "Deputies' proposal (人大建议/政协提案), in calendar months from assignment. Annual key work always runs to 31 December (its year's last working day when that is a day off).",
        "人大建议、政协提案，自交办起的自然月数。年度重点工作固定至12月31日（逢节假日提前至当年最后一个工作日）。",
        |r| Value::Int(i64::from(r.default_deadline_proposal_months)),
        |r, v| r.default_deadline_proposal_months = as_u32(v)
    ),
    field!(
        "ladder",
        "reminder_repeats",
        int(1, 9),
        "Reminders (提醒) given before an urging notice is suggested.",
        "提醒几次后建议发催办单。",
        |r| Value::Int(i64::from(r.ladder_repeats.reminder)),
        |r, v| r.ladder_repeats.reminder = as_u32(v)
    ),
    field!(
        "ladder",
        "urging_repeats",
        int(1, 9),
        "Urging notices (催办单) given before a written explanation is suggested.",
        "催办单发几次后建议要求书面说明。",
        |r| Value::Int(i64::from(r.ladder_repeats.urging)),
        |r, v| r.ladder_repeats.urging = as_u32(v)
    ),
    field!(
        "ladder",
        "higher_repeats",
        int(1, 9),
        "Times each higher level is given before the next is suggested.",
        "更高层级各给几次后建议升级。",
        |r| Value::Int(i64::from(r.ladder_repeats.higher)),
        |r, v| r.ladder_repeats.higher = as_u32(v)
    ),
    field!(
        "ladder",
        "start_higher",
        Kind::Marks,
        "Items with any of these marks get an urging notice (催办单) as their first suggestion, not a reminder.",
        "带有这些标记的事项，首次建议即为催办单而非提醒。",
        |r| Value::Marks(r.ladder_repeats.start_higher),
        |r, v| if let Value::Marks(m) = v {
            r.ladder_repeats.start_higher = m
        }
    ),
    field!(
        "triage",
        "per_overdue_day",
        int(0, 1000),
        "Each working day past the deadline.",
        "超期每个工作日。",
        |r| Value::Int(r.triage.per_overdue_day),
        |r, v| r.triage.per_overdue_day = as_i64(v)
    ),
    field!(
        "triage",
        "leader",
        int(0, 1000),
        "Leader-concerned (领导关注).",
        "领导关注。",
        |r| Value::Int(r.triage.leader),
        |r, v| r.triage.leader = as_i64(v)
    ),
    field!(
        "triage",
        "urgent",
        int(0, 1000),
        "Urgent.",
        "紧急。",
        |r| Value::Int(r.triage.urgent),
        |r, v| r.triage.urgent = as_i64(v)
    ),
    field!(
        "triage",
        "flag",
        int(0, 1000),
        "Each of major, difficult, important (大事、难事、重要事).",
        "大事、难事、重要事各计。",
        |r| Value::Int(r.triage.flag),
        |r, v| r.triage.flag = as_i64(v)
    ),
    field!(
        "triage",
        "per_missed_feedback",
        int(0, 1000),
        "Each missed feedback in a row.",
        "连续缺报反馈每次。",
        |r| Value::Int(r.triage.per_missed_feedback),
        |r, v| r.triage.per_missed_feedback = as_i64(v)
    ),
    field!(
        "triage",
        "per_silent_day",
        int(0, 1000),
        "Each working day a red item has had no note, or an item has stayed suspended or its report unreviewed.",
        "红灯事项无催办问责记录、事项中止或报告待审的每个工作日。",
        |r| Value::Int(r.triage.per_silent_day),
        |r, v| r.triage.per_silent_day = as_i64(v)
    ),
    field!(
        "triage",
        "never_noted",
        int(0, 1000),
        "A red item that never had a note.",
        "从未催办问责的红灯事项。",
        |r| Value::Int(r.triage.never_noted),
        |r, v| r.triage.never_noted = as_i64(v)
    ),
    field!(
        "triage",
        "milestone",
        int(0, 1000),
        "Each overdue milestone.",
        "每个逾期的分解节点。",
        |r| Value::Int(r.triage.milestone),
        |r, v| r.triage.milestone = as_i64(v)
    ),
    field!(
        "score",
        "base",
        BASE,
        "Every department starts here.",
        "基础分。",
        |r| Value::Num(r.score.base),
        |r, v| r.score.base = as_f64(v)
    ),
    field!(
        "score",
        "cap",
        BASE,
        "No score goes above this.",
        "分数上限。",
        |r| Value::Num(r.score.cap),
        |r, v| r.score.cap = as_f64(v)
    ),
    field!(
        "score",
        "on_time_lead",
        GAIN,
        "Item completed on time, lead department.",
        "按时办结，牵头单位。",
        |r| Value::Num(r.score.on_time_lead),
        |r, v| r.score.on_time_lead = as_f64(v)
    ),
    field!(
        "score",
        "on_time_co",
        GAIN,
        "Item completed on time, each co-department.",
        "按时办结，配合单位。",
        |r| Value::Num(r.score.on_time_co),
        |r, v| r.score.on_time_co = as_f64(v)
    ),
    field!(
        "score",
        "late_lead",
        LOSS,
        "Item late or overdue, lead department (negative deducts).",
        "超期办结或超时未办，牵头单位（负数为减分）。",
        |r| Value::Num(r.score.late_lead),
        |r, v| r.score.late_lead = as_f64(v)
    ),
    field!(
        "score",
        "late_co",
        LOSS,
        "Item late or overdue, each co-department.",
        "超期办结或超时未办，配合单位。",
        |r| Value::Num(r.score.late_co),
        |r, v| r.score.late_co = as_f64(v)
    ),
    field!(
        "score",
        "criticism",
        LOSS,
        "A public criticism (通报批评) that names no points of its own.",
        "未注明分值的通报批评。",
        |r| Value::Num(r.score.criticism),
        |r, v| r.score.criticism = as_f64(v)
    ),
    field!(
        "score",
        "deduction",
        LOSS,
        "A point deduction (扣分): the points filled in for it, and those of one recorded without.",
        "扣分的默认分值（登记扣分时预填；未注明分值的扣分按此计）。",
        |r| Value::Num(r.score.deduction),
        |r, v| r.score.deduction = as_f64(v)
    ),
    field!(
        "score",
        "affirmative_instruction",
        GAIN,
        "An affirmative leader instruction (肯定性批示).",
        "肯定性领导批示。",
        |r| Value::Num(r.score.affirmative_instruction),
        |r, v| r.score.affirmative_instruction = as_f64(v)
    ),
    field!(
        "score",
        "commendation",
        GAIN,
        "A commendation (通报表扬) unless the clerk gives other points.",
        "通报表扬的默认分值。",
        |r| Value::Num(r.commendation_points),
        |r, v| r.commendation_points = as_f64(v)
    ),
    field!(
        "limits",
        "title_chars",
        int(10, 5000),
        "Longest item title accepted, in characters.",
        "事项标题最多字数。",
        |r| Value::Int(i64::try_from(r.max_title_chars).unwrap_or(i64::MAX)),
        |r, v| r.max_title_chars = usize::try_from(as_i64(v)).unwrap_or(500)
    ),
];

/// The keys of a table.
pub fn keys_of(table: &str) -> impl Iterator<Item = &'static Field> + '_ {
    FIELDS.iter().filter(move |f| f.table == table)
}

/// What a key accepts, as a clerk reads it.
pub fn accepted(kind: Kind) -> String {
    match kind {
        Kind::Int { min, max } => format!("a whole number from {min} to {max}"),
        Kind::Percent => "a whole percent from 0 to 100".to_string(),
        Kind::Points { min, max } => format!("a number from {min} to {max}"),
        Kind::Weekday => "one of mon, tue, wed, thu, fri, sat, sun".to_string(),
        Kind::Marks => {
            "a list of marks from urgent, leader, major, difficult, important, e.g. [\"urgent\", \"leader\"]".to_string()
        }
    }
}

/// The same, in Chinese.
pub fn accepted_zh(kind: Kind) -> String {
    match kind {
        Kind::Int { min, max } => format!("{min} 到 {max} 之间的整数"),
        Kind::Percent => "0 到 100 之间的整数百分比".to_string(),
        Kind::Points { min, max } => format!("{min} 到 {max} 之间的数"),
        Kind::Weekday => "mon、tue、wed、thu、fri、sat、sun 之一".to_string(),
        Kind::Marks => {
            "标记列表，取自 urgent、leader、major、difficult、important，如 [\"urgent\", \"leader\"]".to_string()
        }
    }
}

/// The weekdays by the code the file writes them with.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// A value in TOML, as `config show` prints it.
pub fn toml_value(v: Value) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Num(x) => {
            let text = format!("{x}");
            if text.contains('.') || text.contains('e') || text.contains("inf") {
                text
            } else {
                format!("{text}.0")
            }
        }
        Value::Day(d) => {
            let code = WEEKDAYS
                .iter()
                .find(|(_, w)| *w == d)
                .map_or("fri", |(c, _)| c);
            format!("\"{code}\"")
        }
        Value::Marks(m) => {
            let set: Vec<String> = m
                .marks()
                .iter()
                .filter(|(_, on)| *on)
                .map(|(c, _)| format!("\"{c}\""))
                .collect();
            format!("[{}]", set.join(", "))
        }
    }
}

/// The canonical text of the settings that change figures: every rule by its key, then the
/// calendar one day a line. Two runs with the same rules and days give the same text.
pub fn canonical(rules: &Rules, calendar: &WorkCalendar) -> String {
    let mut out = String::new();
    for f in FIELDS {
        let _ = writeln!(
            out,
            "{}.{} = {}",
            f.table,
            f.key,
            toml_value((f.get)(rules))
        );
    }
    out.push_str(&calendar.canonical());
    out
}

/// The rules fingerprint: the first 16 hex digits of the SHA-256 of [`canonical`].
pub fn fingerprint(rules: &Rules, calendar: &WorkCalendar) -> String {
    let digest = Sha256::digest(canonical(rules, calendar).as_bytes());
    digest.iter().take(8).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Every rule by its table and key, as JSON (the bulletin's record of the rules it used).
pub fn values(rules: &Rules) -> serde_json::Value {
    let mut tables = serde_json::Map::new();
    for (table, _, _) in TABLES {
        let mut keys = serde_json::Map::new();
        for f in keys_of(table) {
            let v = match (f.get)(rules) {
                Value::Int(n) => serde_json::json!(n),
                Value::Num(x) => serde_json::json!(x),
                day @ Value::Day(_) => {
                    serde_json::json!(toml_value(day).trim_matches('"'))
                }
                Value::Marks(m) => serde_json::json!(
                    m.marks()
                        .iter()
                        .filter(|(_, on)| *on)
                        .map(|(c, _)| *c)
                        .collect::<Vec<_>>()
                ),
            };
            keys.insert(f.key.to_string(), v);
        }
        tables.insert((*table).to_string(), serde_json::Value::Object(keys));
    }
    serde_json::Value::Object(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_what_it_writes() {
        let defaults = Rules::default();
        for f in FIELDS {
            let mut r = Rules::default();
            (f.set)(&mut r, (f.get)(&defaults));
            assert_eq!(r, defaults, "{}.{}", f.table, f.key);
            assert!(TABLES.iter().any(|(t, _, _)| *t == f.table), "{}", f.table);
        }
    }

    #[test]
    fn keys_are_unique() {
        for (i, a) in FIELDS.iter().enumerate() {
            for b in &FIELDS[i + 1..] {
                assert!(a.key != b.key, "{} twice", a.key);
            }
        }
    }
}

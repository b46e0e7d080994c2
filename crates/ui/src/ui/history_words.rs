//! An item's history in the clerk's words: each event as one sentence (who, when, what, from →
//! to, the reason typed), never a code such as `status_changed`. Pure functions over the typed
//! events, in both languages side by side.

use crate::domain::attachment::AttachmentKind;
use chrono::NaiveDateTime;

use super::strings::Lang;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Change, Changes, Column, EventCode, EventKind, Value};
use crate::domain::item::{Cadence, FeedbackKind, Flag};
use crate::domain::{Level, Move, Status};
use crate::text::safe;

/// One event as a sentence: when, who, what. Text the office typed is shown inertly.
pub fn sentence(at: NaiveDateTime, actor: &str, kind: &EventKind, lang: Lang) -> String {
    let when = at.format("%Y-%m-%d %H:%M");
    let who = safe(actor);
    match lang {
        Lang::Zh => end(format!("{when} {who} {}", what(kind, lang)), '。'),
        Lang::En => end(format!("{when} {who} {}", what(kind, lang)), '.'),
    }
}

/// A sentence ends with `stop`, unless the text typed at its end already ended it.
fn end(mut s: String, stop: char) -> String {
    if !s.ends_with(['。', '！', '？', '.', '!', '?']) {
        s.push(stop);
    }
    s
}

/// A stored event of an item's history as a sentence, from the event the store decoded when
/// it read the item. An event whose record cannot be read (a damaged row) says so in words
/// rather than showing its code.
pub fn event_sentence(e: &crate::store::Event, lang: Lang) -> String {
    match &e.recorded {
        Some(kind) => sentence(e.at, &e.actor, kind, lang),
        None => {
            let when = e.at.format("%Y-%m-%d %H:%M");
            let who = safe(&e.actor);
            match lang {
                Lang::Zh => format!("{when} {who} 的一条记录无法读取。"),
                Lang::En => format!("{when} a record by {who} could not be read."),
            }
        }
    }
}

/// What an event did, as the predicate of a sentence whose subject is the clerk.
pub fn what(kind: &EventKind, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match kind {
        EventKind::DepartmentCreated { name, .. } => match lang {
            Lang::Zh => format!("新增单位“{}”", safe(name)),
            Lang::En => format!("added the department “{}”", safe(name)),
        },
        EventKind::ItemRegistered(r) => {
            let due = day_or_none(r.deadline, lang);
            let mut s = match lang {
                Lang::Zh => format!(
                    "立项“{}”，牵头单位{}，办理时限 {due}",
                    safe(&r.title),
                    safe(&r.lead_department)
                ),
                Lang::En => format!(
                    "registered “{}”, led by {}, due {due}",
                    safe(&r.title),
                    safe(&r.lead_department)
                ),
            };
            if let Some(o) = &r.origin {
                s.push_str(&match lang {
                    Lang::Zh => format!(
                        "（自台账导入：{} 工作表“{}”第{}行）",
                        safe(&o.file),
                        safe(&o.sheet),
                        o.row
                    ),
                    Lang::En => format!(
                        " (imported from the ledger {}, sheet “{}”, row {})",
                        safe(&o.file),
                        safe(&o.sheet),
                        o.row
                    ),
                });
            }
            s
        }
        EventKind::StatusChanged {
            mv,
            from,
            to,
            reason,
            suspended_working_days,
            by,
            ..
        } => {
            let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
            let mut s = format!(
                "{}{open}{} → {}{close}",
                move_done(*mv, lang),
                lang.status(*from),
                lang.status(*to)
            );
            if let Some(b) = by.as_deref().filter(|b| !b.trim().is_empty()) {
                s.push_str(&match (mv, lang) {
                    (Move::Acknowledge, Lang::Zh) => format!("，签收人{}", safe(b)),
                    (Move::Acknowledge, Lang::En) => format!(", signed by {}", safe(b)),
                    (_, Lang::Zh) => format!("，经{}批准", safe(b)),
                    (_, Lang::En) => format!(", approved by {}", safe(b)),
                });
            }
            if let Some(r) = reason.as_deref().filter(|r| !r.trim().is_empty()) {
                s.push_str(&reason_clause(r, lang));
            }
            if let Some(days) = suspended_working_days {
                s.push_str(&match lang {
                    Lang::Zh => format!("；中止期间（{days}个工作日）不计入办理时限，时限相应顺延"),
                    Lang::En => {
                        format!("; the {days} working days suspended were added to the deadline")
                    }
                });
            }
            s
        }
        EventKind::ExtensionRequested {
            old_deadline,
            new_deadline,
            reason,
            ..
        } => {
            let old = day_or_none(*old_deadline, lang);
            let mut s = match lang {
                Lang::Zh => format!("登记延期申请，时限由 {old} 延至 {new_deadline}"),
                Lang::En => {
                    format!("recorded an extension request from {old} to {new_deadline}")
                }
            };
            s.push_str(&reason_clause(reason, lang));
            s
        }
        EventKind::ExtensionDecided {
            decision, on, by, ..
        } => {
            let mut s = match (decision, lang) {
                (ExtensionDecision::Approved, Lang::Zh) => "批准延期".to_string(),
                (ExtensionDecision::Approved, Lang::En) => "approved the extension".to_string(),
                (ExtensionDecision::Rejected, Lang::Zh) => "驳回延期申请".to_string(),
                (ExtensionDecision::Rejected, Lang::En) => {
                    "rejected the extension request".to_string()
                }
                (ExtensionDecision::Pending, Lang::Zh) => "将延期申请留待审批".to_string(),
                (ExtensionDecision::Pending, Lang::En) => {
                    "left the extension request pending".to_string()
                }
            };
            if let Some(d) = on.changes.after(Column::Deadline).and_then(Value::as_day) {
                s.push_str(&match lang {
                    Lang::Zh => format!("，办理时限改为 {d}"),
                    Lang::En => format!(", the deadline is now {d}"),
                });
            }
            if let Some(b) = by.as_deref().filter(|b| !b.trim().is_empty()) {
                s.push_str(&match lang {
                    Lang::Zh => format!("（{}批准）", safe(b)),
                    Lang::En => format!(" (decided by {})", safe(b)),
                });
            }
            s
        }
        EventKind::MilestoneAdded {
            milestone_no,
            title,
            due_on,
            ..
        } => match lang {
            Lang::Zh => format!(
                "新增分解节点 {milestone_no}“{}”，{due_on} 前完成",
                safe(title)
            ),
            Lang::En => format!(
                "added milestone {milestone_no} “{}”, due {due_on}",
                safe(title)
            ),
        },
        EventKind::MilestoneDone {
            milestone_no,
            done_on,
            ..
        } => match lang {
            Lang::Zh => format!("确认分解节点 {milestone_no} 于 {done_on} 完成"),
            Lang::En => format!("marked milestone {milestone_no} done on {done_on}"),
        },
        EventKind::FeedbackAdded {
            on_date,
            reporter,
            text,
            percent,
            kind,
            ..
        } => {
            let pct = percent.map_or(String::new(), |p| match lang {
                Lang::Zh => format!("，完成 {p}%"),
                Lang::En => format!(", {p}% done"),
            });
            match (kind, lang) {
                (FeedbackKind::Progress, Lang::Zh) => format!(
                    "录入{}的进展反馈（{on_date}{pct}）：{}",
                    safe(reporter),
                    safe(text)
                ),
                (FeedbackKind::Completion, Lang::Zh) => format!(
                    "收到{}报送的办结报告（{on_date}{pct}）：{}",
                    safe(reporter),
                    safe(text)
                ),
                (FeedbackKind::Progress, Lang::En) => format!(
                    "recorded feedback from {} ({on_date}{pct}): {}",
                    safe(reporter),
                    safe(text)
                ),
                (FeedbackKind::Completion, Lang::En) => format!(
                    "received the completion report from {} ({on_date}{pct}): {}",
                    safe(reporter),
                    safe(text)
                ),
            }
        }
        EventKind::NoteAdded {
            level,
            target,
            reason,
            points,
            requirement,
            ..
        } => {
            let mut s = match lang {
                Lang::Zh => format!(
                    "对{}{}（{}）",
                    safe(target),
                    level_verb_zh(*level),
                    lang.level(*level)
                ),
                Lang::En => format!("recorded {} for {}", level_noun_en(*level), safe(target)),
            };
            s.push_str(&reason_clause(reason, lang));
            if !requirement.trim().is_empty() {
                s.push_str(&match lang {
                    Lang::Zh => format!("；整改要求：{}", safe(requirement)),
                    Lang::En => format!("; correction required: {}", safe(requirement)),
                });
            }
            if let Some(p) = points.filter(|p| *p != 0.0) {
                s.push_str(&points_clause(p, lang));
            }
            s
        }
        EventKind::Commended {
            target,
            reason,
            points,
            ..
        } => {
            let mut s = match lang {
                Lang::Zh => format!("通报表扬{}", safe(target)),
                Lang::En => format!("commended {}", safe(target)),
            };
            s.push_str(&reason_clause(reason, lang));
            if *points != 0.0 {
                s.push_str(&points_clause(*points, lang));
            }
            s
        }
        EventKind::Attached {
            name,
            kind,
            size,
            note,
            ..
        } => {
            let size = crate::domain::attachment::size_words(*size);
            // The Chinese sentence names the file without its size (a unit in Latin letters);
            // the detail view and `show` list the size beside it.
            let mut s = match lang {
                Lang::Zh => format!("附上{}“{}”", attachment_kind_name(*kind, lang), safe(name)),
                Lang::En => format!(
                    "attached the {} “{}” ({size})",
                    attachment_kind_name(*kind, lang),
                    safe(name)
                ),
            };
            if !note.is_empty() {
                s.push_str(&match lang {
                    Lang::Zh => format!("，说明：{}", safe(note)),
                    Lang::En => format!(", noting: {}", safe(note)),
                });
            }
            s
        }
        EventKind::Instructed {
            leader,
            sense,
            text,
            on,
            ..
        } => {
            let mut s = match lang {
                Lang::Zh => format!(
                    "记录{}批示（{}）：“{}”",
                    safe(leader),
                    lang.sense(*sense),
                    safe(text)
                ),
                Lang::En => format!(
                    "recorded {}’s instruction ({}): “{}”",
                    safe(leader),
                    lang.sense(*sense),
                    safe(text)
                ),
            };
            if let Some(new) = on.changes.after(Column::Deadline).and_then(Value::as_day) {
                let old = day_or_none(
                    on.changes.before(Column::Deadline).and_then(Value::as_day),
                    lang,
                );
                s.push_str(&match lang {
                    Lang::Zh => format!("；办理时限 {old} → {new}"),
                    Lang::En => format!("; deadline {old} → {new}"),
                });
            }
            let status = |v: Option<&Value>| v.and_then(Value::as_text).and_then(Status::from_code);
            if let (Some(from), Some(to)) = (
                status(on.changes.before(Column::Status)),
                status(on.changes.after(Column::Status)),
            ) {
                s.push_str(&match lang {
                    Lang::Zh => format!(
                        "；事项重新办理（{} → {}）",
                        lang.status(from),
                        lang.status(to)
                    ),
                    Lang::En => format!(
                        "; the item reopened ({} → {})",
                        lang.status(from),
                        lang.status(to)
                    ),
                });
            }
            s
        }
        EventKind::ItemEdited { on } => {
            let changed = changes_words(&on.changes, lang);
            match lang {
                Lang::Zh if changed.is_empty() => "修改事项（内容未变）".to_string(),
                Lang::En if changed.is_empty() => "edited the item (nothing changed)".to_string(),
                Lang::Zh => format!("修改事项：{changed}"),
                Lang::En => format!("edited the item: {changed}"),
            }
        }
        EventKind::Snoozed { on } => {
            let until = on
                .changes
                .after(Column::SnoozedUntil)
                .and_then(Value::as_day);
            let reason = on
                .changes
                .after(Column::SnoozeReason)
                .and_then(Value::as_text)
                .filter(|r| !r.trim().is_empty());
            let mut s = match (until, lang) {
                (Some(d), Lang::Zh) => format!("暂缓督办至 {d}"),
                (Some(d), Lang::En) => format!("snoozed the item until {d}"),
                (None, Lang::Zh) => "取消暂缓督办".to_string(),
                (None, Lang::En) => "ended the snooze".to_string(),
            };
            if let Some(r) = reason {
                s.push_str(&reason_clause(r, lang));
            }
            s
        }
        EventKind::Reversed(r) => {
            let what = event_noun(r.of_kind, lang);
            match (r.undo, lang) {
                (true, Lang::Zh) => format!("撤销了此前的{what}"),
                (true, Lang::En) => format!("undid an earlier {what}"),
                (false, Lang::Zh) => format!("重做了被撤销的{what}"),
                (false, Lang::En) => format!("redid the {what} that had been undone"),
            }
        }
    }
}

/// A lifecycle move, done.
fn move_done(mv: Move, lang: Lang) -> &'static str {
    let (zh, en) = match mv {
        Move::Assign => ("交办", "assigned the item"),
        Move::Acknowledge => ("签收", "acknowledged the assignment"),
        Move::Start => ("开始办理", "started work on the item"),
        Move::Submit => ("报送办结报告", "submitted the completion report"),
        Move::Approve => ("审核通过办结报告", "approved the completion report"),
        Move::Return => ("退回办结报告", "returned the completion report"),
        Move::Close => ("销号", "closed the item"),
        Move::Suspend => ("中止办理", "suspended the item"),
        Move::Resume => ("恢复办理", "resumed the item"),
        Move::Cancel => ("撤销事项", "cancelled the item"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// An extension request's state as the clerk reads it.
pub fn decision_name(decision: ExtensionDecision, lang: Lang) -> &'static str {
    let (zh, en) = match decision {
        ExtensionDecision::Pending => ("待审批", "pending"),
        ExtensionDecision::Approved => ("已批准", "approved"),
        ExtensionDecision::Rejected => ("已驳回", "rejected"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// Reminder and urging notice are urging (催办); from written explanation up, accountability
/// (问责).
fn level_verb_zh(level: Level) -> &'static str {
    match level {
        Level::Reminder | Level::Urging => "催办",
        _ => "问责",
    }
}

fn level_noun_en(level: Level) -> &'static str {
    match level {
        Level::Reminder => "a reminder",
        Level::Urging => "an urging notice",
        Level::Explanation => "a written explanation",
        Level::Interview => "an interview",
        Level::Criticism => "a public criticism",
        Level::Deduction => "a point deduction",
        Level::Referral => "a referral for discipline",
    }
}

/// The kind of an event as a noun: what an undo took back.
pub fn event_noun(code: EventCode, lang: Lang) -> &'static str {
    let (zh, en) = match code {
        EventCode::DepartmentCreated => ("新增单位", "new department"),
        EventCode::ItemRegistered => ("立项", "registration"),
        EventCode::StatusChanged => ("办理状态变更", "status change"),
        EventCode::ExtensionRequested => ("延期申请", "extension request"),
        EventCode::ExtensionDecided => ("延期审批", "extension decision"),
        EventCode::MilestoneAdded => ("新增分解节点", "new milestone"),
        EventCode::MilestoneDone => ("分解节点完成", "milestone done"),
        EventCode::FeedbackAdded => ("进展反馈", "feedback"),
        EventCode::NoteAdded => ("催办问责记录", "accountability note"),
        EventCode::ItemEdited => ("事项修改", "edit"),
        EventCode::Snoozed => ("暂缓督办", "snooze"),
        EventCode::Commended => ("通报表扬", "commendation"),
        EventCode::Instructed => ("领导批示", "leader's instruction"),
        EventCode::Attached => ("附件", "attachment"),
        EventCode::Undone => ("撤销", "undo"),
        EventCode::Redone => ("重做", "redo"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// One attachment of an item as a line of the detail view, of `show` and of `attachment
/// list`: its number in the list (what `attachment save N 1` takes), day, kind, name, size, the
/// first digits of its SHA-256 and its note. The name and note are made safe to print.
pub fn attachment_line(no: usize, a: &crate::store::Attachment, lang: Lang) -> String {
    let mut s = format!(
        "{no}. {} {} “{}” {} · {}",
        a.on_date,
        attachment_kind_name(a.kind, lang),
        safe(&a.name),
        crate::domain::attachment::size_words(a.size),
        &a.sha256[..a.sha256.len().min(12)]
    );
    if !a.note.is_empty() {
        s.push_str(&format!(" · {}", safe(&a.note)));
    }
    s
}

/// Every attachment of an item as lines ([`attachment_line`]), or one line saying there is none.
pub fn attachment_lines(attachments: &[crate::store::Attachment], lang: Lang) -> Vec<String> {
    if attachments.is_empty() {
        return vec![match lang {
            Lang::Zh => "（无附件）".to_string(),
            Lang::En => "(no attachments)".to_string(),
        }];
    }
    attachments
        .iter()
        .enumerate()
        .map(|(i, a)| attachment_line(i + 1, a, lang))
        .collect()
}

/// What an attached file is, as the clerk reads it.
pub fn attachment_kind_name(kind: AttachmentKind, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        AttachmentKind::Instruction => ("批示", "instruction"),
        AttachmentKind::CompletionReport => ("办结报告", "completion report"),
        AttachmentKind::Evidence => ("佐证材料", "supporting material"),
        AttachmentKind::Other => ("其他材料", "file"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// A key-matter flag as the clerk reads it.
pub fn flag_name(flag: Flag, lang: Lang) -> &'static str {
    let (zh, en) = match flag {
        Flag::Major => ("大事", "major"),
        Flag::Difficult => ("难事", "difficult"),
        Flag::Important => ("重要事", "important"),
        Flag::Leader => ("领导关注", "leader-concerned"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// A column of an item as the clerk reads it.
pub fn column_name(column: Column, lang: Lang) -> &'static str {
    let (zh, en) = match column {
        Column::Status => ("办理状态", "status"),
        Column::SuspendedFrom => ("中止前状态", "status before suspension"),
        Column::AssignedOn => ("交办日期", "assigned on"),
        Column::CompletedOn => ("办结日期", "completed on"),
        Column::ClosedOn => ("销号日期", "closed on"),
        Column::Deadline => ("办理时限", "deadline"),
        Column::LastFeedbackOn => ("最近反馈日期", "last feedback on"),
        Column::LastPercent => ("完成进度", "percent done"),
        Column::LastNoteOn => ("最近催办问责日期", "last note on"),
        Column::TopLevel => ("最高问责层级", "highest level"),
        Column::NextMilestoneDue => ("最近节点时限", "next milestone due"),
        Column::SecondMilestoneDue => ("第二节点时限", "second milestone due"),
        Column::SnoozedUntil => ("暂缓至", "snoozed until"),
        Column::SnoozeReason => ("暂缓理由", "snooze reason"),
        Column::Title => ("事项名称", "title"),
        Column::Requirement => ("办理要求", "requirement"),
        Column::Owner => ("责任人", "owner"),
        Column::SourceRef => ("文号", "source ref"),
        Column::Cadence => ("督办频次", "cadence"),
        Column::Major => ("大事", "major"),
        Column::Difficult => ("难事", "difficult"),
        Column::Important => ("重要事", "important"),
        Column::LeaderConcerned => ("领导关注", "leader-concerned"),
        Column::Urgent => ("紧急", "urgent"),
        Column::SuspendedOn => ("中止日期", "suspended on"),
        Column::ResumedOn => ("恢复日期", "resumed on"),
        Column::SubmittedOn => ("报送日期", "submitted on"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// The columns an edit changed: `名称 “旧” → “新”`, joined.
fn changes_words(changes: &Changes, lang: Lang) -> String {
    let parts: Vec<String> = changes.iter().map(|c| change_words(c, lang)).collect();
    parts.join(if lang == Lang::Zh { "；" } else { "; " })
}

fn change_words(c: &Change, lang: Lang) -> String {
    format!(
        "{} {} → {}",
        column_name(c.column, lang),
        value_words(c.column, &c.before, lang),
        value_words(c.column, &c.after, lang)
    )
}

/// A stored value as the clerk reads it: codes named, flags yes or no, texts quoted.
fn value_words(column: Column, value: &Value, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let none = if zh { "无" } else { "none" };
    match (column, value) {
        (_, Value::Null) => none.to_string(),
        (
            Column::Major
            | Column::Difficult
            | Column::Important
            | Column::LeaderConcerned
            | Column::Urgent,
            v,
        ) => {
            let on = v.as_int().is_some_and(|i| i != 0);
            match (on, zh) {
                (true, true) => "是",
                (false, true) => "否",
                (true, false) => "yes",
                (false, false) => "no",
            }
            .to_string()
        }
        (Column::Status | Column::SuspendedFrom, Value::Text(t)) => {
            Status::from_code(t).map_or_else(|| quoted(t), |s| lang.status(s).to_string())
        }
        (Column::Cadence, Value::Text(t)) => {
            Cadence::from_code(t).map_or_else(|| quoted(t), |c| lang.cadence(c).to_string())
        }
        (Column::TopLevel, Value::Text(t)) => {
            Level::from_code(t).map_or_else(|| quoted(t), |l| lang.level(l).to_string())
        }
        (Column::LastPercent, Value::Int(p)) => format!("{p}%"),
        (_, Value::Text(t)) if value.as_day().is_some() => t.clone(),
        (_, Value::Text(t)) => quoted(t),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Real(r)) => r.to_string(),
    }
}

fn quoted(text: &str) -> String {
    format!("“{}”", safe(text))
}

fn reason_clause(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("，理由：{}", safe(reason)),
        Lang::En => format!(", reason: {}", safe(reason)),
    }
}

fn points_clause(points: f64, lang: Lang) -> String {
    let abs = points.abs();
    let unit = if abs == 1.0 { "point" } else { "points" };
    match (points < 0.0, lang) {
        (true, Lang::Zh) => format!("；扣 {abs} 分"),
        (false, Lang::Zh) => format!("；加 {abs} 分"),
        (true, Lang::En) => format!("; {abs} {unit} deducted"),
        (false, Lang::En) => format!("; {abs} {unit} credited"),
    }
}

fn day_or_none(d: Option<chrono::NaiveDate>, lang: Lang) -> String {
    d.map_or_else(
        || if lang == Lang::Zh { "未定" } else { "none" }.to_string(),
        |d| d.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::history::{ItemChange, Registered, Reversed};
    use crate::domain::item::{Flags, ItemNumber, SourceKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The office's own words in each language, so that a test can tell the sentence's words
    /// from the data typed into it.
    struct Data {
        name: &'static str,
        text: &'static str,
        other: &'static str,
    }

    const ZH: Data = Data {
        name: "住建局",
        text: "材料不全，请补充",
        other: "张三",
    };
    const EN: Data = Data {
        name: "Housing Bureau",
        text: "papers missing",
        other: "Li Si",
    };

    fn on(changes: Vec<Change>) -> ItemChange {
        ItemChange {
            number: ItemNumber {
                year: 2026,
                seq: 17,
            },
            version: 3,
            changes: Changes(changes),
        }
    }

    fn change(column: Column, before: Value, after: Value) -> Change {
        Change {
            column,
            before,
            after,
        }
    }

    /// A value of the right shape for each column.
    fn sample_value(column: Column, data: &Data, second: bool) -> Value {
        match column {
            Column::Status | Column::SuspendedFrom => Value::code(Some(if second {
                "in_progress"
            } else {
                "awaiting_review"
            })),
            Column::Cadence => Value::code(Some(if second { "weekly" } else { "once" })),
            Column::TopLevel => Value::code(Some("explanation")),
            Column::Major
            | Column::Difficult
            | Column::Important
            | Column::LeaderConcerned
            | Column::Urgent => Value::Int(i64::from(second)),
            Column::LastPercent => Value::Int(40),
            Column::Title
            | Column::Requirement
            | Column::Owner
            | Column::SourceRef
            | Column::SnoozeReason => Value::text(Some(
                if second { data.text } else { data.other }.to_string(),
            )),
            _ => Value::day(Some(d("2026-11-25"))),
        }
    }

    /// One event of every kind, with every move, level, decision, feedback kind, edited column
    /// and reversed kind.
    fn every_event(data: &Data) -> Vec<EventKind> {
        let n = ItemNumber {
            year: 2026,
            seq: 17,
        };
        let mut all = vec![
            EventKind::DepartmentCreated {
                id: 1,
                name: data.name.into(),
            },
            EventKind::ItemRegistered(Box::new(Registered {
                number: n,
                title: data.text.into(),
                requirement: data.text.into(),
                source_kind: SourceKind::Meeting,
                source_ref: data.other.into(),
                instruction: None,
                leader: None,
                lead_department: data.name.into(),
                co_departments: vec![],
                owner: data.other.into(),
                flags: Flags::default(),
                urgent: false,
                cadence: Cadence::Once,
                deadline: None,
                no_deadline_reason: Some(data.text.into()),
                status: Status::Registered,
                registered_on: d("2026-11-02"),
                origin: Some(crate::domain::history::Origin {
                    file: data.name.into(),
                    sheet: data.other.into(),
                    row: 5,
                }),
            })),
            EventKind::ExtensionRequested {
                number: n,
                extension_id: 1,
                old_deadline: Some(d("2026-11-30")),
                new_deadline: d("2026-12-07"),
                reason: data.text.into(),
            },
            EventKind::MilestoneAdded {
                milestone_id: 1,
                milestone_no: 1,
                title: data.text.into(),
                due_on: d("2026-12-01"),
                on: on(vec![]),
            },
            EventKind::MilestoneDone {
                milestone_id: 1,
                milestone_no: 1,
                done_on: d("2026-11-25"),
                on: on(vec![]),
            },
            EventKind::Commended {
                commendation_id: 1,
                on_date: d("2026-11-25"),
                target: data.name.into(),
                reason: data.text.into(),
                points: 1.0,
                on: on(vec![]),
            },
            EventKind::Attached {
                attachment_id: 1,
                on_date: d("2026-11-25"),
                name: data.name.into(),
                kind: AttachmentKind::CompletionReport,
                size: 50_000,
                sha256: "0".repeat(64),
                note: data.text.into(),
                on: on(vec![]),
            },
            EventKind::Snoozed {
                on: on(vec![
                    change(
                        Column::SnoozedUntil,
                        Value::Null,
                        Value::day(Some(d("2026-11-30"))),
                    ),
                    change(
                        Column::SnoozeReason,
                        Value::Null,
                        Value::text(Some(data.text.to_string())),
                    ),
                ]),
            },
            EventKind::Snoozed {
                on: on(vec![change(
                    Column::SnoozedUntil,
                    Value::day(Some(d("2026-11-30"))),
                    Value::Null,
                )]),
            },
            EventKind::ItemEdited {
                on: on(Column::ALL
                    .iter()
                    .map(|&c| change(c, sample_value(c, data, false), sample_value(c, data, true)))
                    .collect()),
            },
        ];
        for &mv in Move::ALL {
            all.push(EventKind::StatusChanged {
                mv,
                from: Status::InProgress,
                to: Status::AwaitingReview,
                reason: Some(data.text.into()),
                suspended_working_days: (mv == Move::Resume).then_some(4),
                by: mv.names_a_person().then(|| data.text.into()),
                on: on(vec![]),
            });
        }
        for &decision in ExtensionDecision::ALL {
            all.push(EventKind::ExtensionDecided {
                extension_id: 1,
                decision,
                by: Some(data.other.into()),
                on: on(vec![change(
                    Column::Deadline,
                    Value::day(Some(d("2026-11-30"))),
                    Value::day(Some(d("2026-12-07"))),
                )]),
            });
        }
        for &sense in crate::domain::instruction::InstructionSense::ALL {
            let requires = sense == crate::domain::instruction::InstructionSense::Requires;
            all.push(EventKind::Instructed {
                instruction_id: 1,
                on_date: d("2026-11-25"),
                leader: data.name.into(),
                sense,
                text: data.text.into(),
                deadline: requires.then(|| d("2026-12-28")),
                on: on(if requires {
                    vec![
                        change(
                            Column::Status,
                            Value::code(Some("completed")),
                            Value::code(Some("in_progress")),
                        ),
                        change(
                            Column::Deadline,
                            Value::day(Some(d("2026-11-20"))),
                            Value::day(Some(d("2026-12-28"))),
                        ),
                    ]
                } else {
                    vec![]
                }),
            });
        }
        for &kind in FeedbackKind::ALL {
            all.push(EventKind::FeedbackAdded {
                feedback_id: 1,
                on_date: d("2026-11-25"),
                reporter: data.other.into(),
                text: data.text.into(),
                percent: Some(60),
                kind,
                on: on(vec![]),
            });
        }
        for &level in Level::ALL {
            all.push(EventKind::NoteAdded {
                note_id: 1,
                on_date: d("2026-11-25"),
                level,
                target: data.name.into(),
                reason: data.text.into(),
                points: Some(-1.0),
                requirement: data.text.into(),
                on: on(vec![]),
            });
        }
        for &of_kind in EventCode::ALL {
            for undo in [true, false] {
                all.push(EventKind::Reversed(Box::new(Reversed {
                    undo,
                    of_batch: 1,
                    of_event: 1,
                    of_kind,
                    number: Some(n),
                    version: 4,
                    changes: Changes::default(),
                })));
            }
        }
        all
    }

    fn has_code_word(s: &str) -> bool {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w.contains('_'))
    }

    #[test]
    fn every_kind_of_event_is_a_sentence_in_both_languages() {
        let at = d("2026-11-25").and_hms_opt(9, 30, 0).unwrap();
        let zh_events = every_event(&ZH);
        let en_events = every_event(&EN);
        // Every kind is covered.
        let kinds: std::collections::BTreeSet<EventCode> =
            zh_events.iter().map(EventKind::code).collect();
        assert_eq!(kinds.len(), EventCode::ALL.len());
        for e in &zh_events {
            let s = sentence(at, "督查员", e, Lang::Zh);
            assert!(!has_code_word(&s), "code word: {s}");
            // No English or code in Chinese: no Latin letter at all (the data is Chinese).
            assert!(!s.chars().any(|c| c.is_ascii_alphabetic()), "Latin: {s}");
            assert!(s.ends_with('。'), "{s}");
        }
        for e in &en_events {
            let s = sentence(at, "clerk", e, Lang::En);
            assert!(!has_code_word(&s), "code word: {s}");
            assert!(!s.chars().any(crate::text::is_cjk), "Chinese: {s}");
            assert!(s.ends_with('.'), "{s}");
            // No event code as a word ("commended" is English, `status_changed` a code).
            let words: Vec<&str> = s
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            for code in EventCode::ALL.iter().filter(|c| c.code().contains('_')) {
                assert!(!words.contains(&code.code()), "{s}");
            }
        }
    }

    #[test]
    fn an_imported_item_says_which_ledger_sheet_and_row_it_came_from() {
        let at = d("2026-11-25").and_hms_opt(9, 30, 0).unwrap();
        let mut events = every_event(&ZH);
        let Some(EventKind::ItemRegistered(r)) = events.get_mut(1) else {
            panic!("the second event is a registration");
        };
        r.origin = Some(crate::domain::history::Origin {
            file: "台账\u{1b}[31m.xlsx".into(),
            sheet: "重点工作".into(),
            row: 12,
        });
        let e = EventKind::ItemRegistered(r.clone());
        let zh = sentence(at, "督查员", &e, Lang::Zh);
        assert!(
            zh.ends_with("（自台账导入：台账�[31m.xlsx 工作表“重点工作”第12行）。"),
            "{zh}"
        );
        let en = sentence(at, "clerk", &e, Lang::En);
        assert!(
            en.ends_with("(imported from the ledger 台账�[31m.xlsx, sheet “重点工作”, row 12)."),
            "{en}"
        );
        // A registration typed in says nothing of a ledger.
        r.origin = None;
        let e = EventKind::ItemRegistered(r.clone());
        assert!(!sentence(at, "督查员", &e, Lang::Zh).contains("台账"));
    }

    #[test]
    fn a_move_says_who_when_from_to_and_why() {
        let at = d("2026-11-25").and_hms_opt(9, 30, 0).unwrap();
        let e = EventKind::StatusChanged {
            mv: Move::Return,
            from: Status::AwaitingReview,
            to: Status::InProgress,
            reason: Some("材料不全".into()),
            suspended_working_days: None,
            by: None,
            on: on(vec![]),
        };
        assert_eq!(
            sentence(at, "督查员", &e, Lang::Zh),
            "2026-11-25 09:30 督查员 退回办结报告（待审核 → 办理中），理由：材料不全。"
        );
        assert_eq!(
            sentence(at, "clerk", &e, Lang::En),
            "2026-11-25 09:30 clerk returned the completion report (awaiting review → in \
             progress), reason: 材料不全."
        );
        // A sentence the clerk typed to its end is not ended twice.
        let e = EventKind::FeedbackAdded {
            feedback_id: 1,
            on_date: d("2026-11-20"),
            reporter: "王强".into(),
            text: "资金已拨付到位。".into(),
            percent: None,
            kind: FeedbackKind::Progress,
            on: on(vec![]),
        };
        assert_eq!(
            sentence(at, "督查员", &e, Lang::Zh),
            "2026-11-25 09:30 督查员 录入王强的进展反馈（2026-11-20）：资金已拨付到位。"
        );
    }
}

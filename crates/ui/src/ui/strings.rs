//! Every word the terminal interface shows, once per language, side by side so that the two
//! stay in step.

use crate::app::Failure;
use crate::app::action::Pane;
use crate::app::form::FieldId;
use crate::app::state::{AgendaSection, Notice};
use crate::app::triage::Outcome;
use crate::domain::dates::Postponed;
use crate::domain::extension::ExtensionRefusal;
use crate::domain::import::ImportRefusal;
use crate::domain::item::{Cadence, SourceKind};
use crate::domain::triage::{Reason, TriageGroup};
use crate::domain::validate::{FIRST_YEAR, LAST_YEAR, Problem};
use crate::domain::{Level, Status, WarningLight};

pub use crate::lang::{Lang, en_count};

/// The words of the terminal interface (and of the command line's confirmations), in the
/// language of a `Lang`. They extend the core's `Lang` from here, as a trait rather than
/// an inherent `impl Lang`, so that the interface can be a crate above the core's: bring
/// it into scope with `use crate::ui::UiWords;` to call `lang.t(…)`, `lang.field(…)`…
pub trait UiWords: Copy {
    fn pane(self, p: Pane) -> &'static str;

    fn group(self, g: TriageGroup) -> &'static str;

    /// Why an item is in the queue, in a few words.
    fn reason(self, r: &Reason) -> String;

    fn outcome(self, o: &Outcome) -> String;

    fn section(self, s: AgendaSection) -> &'static str;

    fn field(self, f: FieldId) -> &'static str;

    /// A closed-set value as the clerk reads it (the code is what is stored).
    fn choice(self, f: FieldId, code: &str) -> String;

    /// What forms are prefilled with: flags by the names this language shows, an export
    /// named and written in this language.
    fn form_words(self) -> crate::app::form::FormWords;

    /// A hint shown beside a field.
    fn hint(self, f: FieldId) -> &'static str;

    fn form_title(self, kind: &crate::app::form::FormKind) -> String;

    /// A line of what saving a form will do.
    fn preview(self, p: &crate::app::form::Preview) -> String;

    /// A pending extension request as a triage card shows it: to when, why, since when.
    fn pending_extension(self, x: &crate::store::Extension) -> String;

    /// The first line of `duban triage --summary`: the day and how many decisions.
    fn summary_heading(self, day: chrono::NaiveDate, decided: usize) -> String;

    /// The end of the triage summary: how many decisions, how many cards skipped.
    fn triage_tally(self, decided: usize, skipped: usize) -> String;

    /// A bulletin's period as its heading says it: "月报 2026-11-01 至 2026-11-30 · 截至 2026-11-25".
    fn report_period(
        self,
        kind: crate::report::PeriodKind,
        period: &crate::report::Period,
    ) -> String;

    /// What the rows of a report are: the heading of its first column, and the grouping.
    fn group_by(self, g: crate::report::GroupBy) -> (&'static str, &'static str);

    /// A report row's name: the department or source as recorded, a source kind in words.
    fn report_key(self, g: crate::report::GroupBy, key: &str) -> String;

    /// The bulletin's summary sentence, as real bulletins print it.
    fn report_summary(self, t: &crate::report::Tally) -> String;

    /// The sparkline's title (open overdue items over the last weeks) and its figures (the
    /// highest, and the last).
    fn trend_title(self, weeks: usize, max: u32, last: u32) -> (String, String);

    /// The sparkline's title and figures while it is still being worked out from the history.
    fn trend_pending(self, weeks: usize) -> (String, String);

    /// Open overdue items beside a rate: " · 超时 2" / " · 2 overdue".
    fn overdue_count(self, n: u32) -> String;

    /// Under a table that shows only some of its rows: which, of how many.
    fn rows_shown(self, first: usize, last: usize, total: usize) -> String;

    /// "and N more" under a cut list.
    fn more(self, n: usize) -> String;

    /// A refusal shown beside a form's field: the field named by its label on the form, as
    /// the clerk reads it, not by the code the command line uses (`--to`, `require`).
    fn form_failure(self, f: &Failure, field: Option<FieldId>) -> String;

    /// One sentence for a refusal, naming the field and what is accepted.
    fn failure(self, f: &Failure) -> String;

    /// The status line while another program holds the database's lock.
    fn waiting_for_lock(self) -> &'static str;

    /// A deadline a move set (a resumption, a proposal's assignment), as the clerk is told:
    /// 时限 12-10 → 12-31（+15 个工作日）.
    fn deadline_moved(
        self,
        before: Option<chrono::NaiveDate>,
        after: chrono::NaiveDate,
        cal: &crate::domain::WorkCalendar,
    ) -> String;

    /// A deadline or due date moved off a non-working day (顺延), as the clerk is told.
    fn postponed(self, p: &Postponed) -> String;

    fn notice(self, n: &Notice) -> String;

    fn t(self, key: Text) -> &'static str;

    /// The command line's confirmation of what it did to item `n`, one line. The English keeps
    /// the codes scripts read (`2026-001: in_progress`); the Chinese names them in words.
    fn done(self, n: crate::domain::item::ItemNumber, d: &Done) -> String;

    /// Why a file on the workstation's disk could not be attached or saved, one sentence.
    fn file_problem(self, p: &crate::app::attachment::FileProblem) -> String;

    /// Where an attachment was saved.
    fn saved_to(self, path: &str, size: u64) -> String;
}

impl UiWords for Lang {
    fn pane(self, p: Pane) -> &'static str {
        match p {
            Pane::Items => self.pick("督办事项", "Items"),
            Pane::Deadlines => self.pick("时限提醒", "Deadlines"),
            Pane::Feedback => self.pick("进展反馈", "Feedback"),
            Pane::Accountability => self.pick("催办问责", "Accountability"),
        }
    }

    fn group(self, g: TriageGroup) -> &'static str {
        match g {
            TriageGroup::UnaddressedRed => self.pick("未处置红灯", "unaddressed red"),
            TriageGroup::Red => self.pick("红灯", "red"),
            TriageGroup::Orange => self.pick("橙灯", "orange"),
            TriageGroup::SuspendedTooLong => {
                self.pick("中止过久待复核", "suspended too long, review")
            }
            TriageGroup::ReviewBacklog => {
                self.pick("办结报告待审核超期", "review pending (office backlog)")
            }
            TriageGroup::Unacknowledged => self.pick("交办未签收", "not acknowledged"),
            TriageGroup::MissedFeedback => self.pick("反馈缺报", "missed feedback"),
            TriageGroup::Yellow => self.pick("黄灯", "yellow"),
            TriageGroup::MilestoneOverdue => self.pick("节点超期", "milestone overdue"),
        }
    }

    fn reason(self, r: &Reason) -> String {
        match (self, r) {
            (Lang::Zh, Reason::OverdueWorkingDays(n)) => format!("超期{n}个工作日"),
            (Lang::En, Reason::OverdueWorkingDays(n)) => {
                format!("overdue {}", en_count(*n, "working day", "working days"))
            }
            (Lang::Zh, Reason::DueInWorkingDays(0)) => "今日到期".into(),
            (Lang::En, Reason::DueInWorkingDays(0)) => "due today".into(),
            (Lang::Zh, Reason::DueInWorkingDays(n)) => format!("{n}个工作日后到期"),
            (Lang::En, Reason::DueInWorkingDays(n)) => {
                format!("due in {}", en_count(*n, "working day", "working days"))
            }
            (_, Reason::LeaderConcerned) => self.pick("领导关注", "leader-concerned").into(),
            (_, Reason::Urgent) => self.pick("紧急", "urgent").into(),
            (_, Reason::Major) => self.pick("大事", "major").into(),
            (_, Reason::Difficult) => self.pick("难事", "difficult").into(),
            (_, Reason::Important) => self.pick("重要事", "important").into(),
            (Lang::Zh, Reason::NoNoteSince(d)) => format!("自{d}无催办记录"),
            (Lang::En, Reason::NoNoteSince(d)) => format!("no note since {d}"),
            (_, Reason::NeverNoted) => self.pick("从未催办", "never urged").into(),
            (Lang::Zh, Reason::FeedbackMissed(n)) => format!("缺报反馈{n}次"),
            (Lang::En, Reason::FeedbackMissed(n)) => {
                en_count(*n, "missed feedback", "missed feedbacks")
            }
            (_, Reason::MilestoneOverdue) => self.pick("节点超期", "milestone overdue").into(),
            (Lang::Zh, Reason::MilestonesOverdue(n)) => format!("{n}个节点超期"),
            (Lang::En, Reason::MilestonesOverdue(n)) => {
                format!("{} overdue", en_count(*n, "milestone", "milestones"))
            }
            (Lang::Zh, Reason::SuspendedWorkingDays(n)) => format!("已中止{n}个工作日"),
            (Lang::En, Reason::SuspendedWorkingDays(n)) => {
                format!("suspended {}", en_count(*n, "working day", "working days"))
            }
            (Lang::Zh, Reason::UnacknowledgedWorkingDays(n)) => {
                format!("交办{n}个工作日未签收")
            }
            (Lang::En, Reason::UnacknowledgedWorkingDays(n)) => format!(
                "not acknowledged {} after assignment",
                en_count(*n, "working day", "working days")
            ),
            (Lang::Zh, Reason::ReviewPendingWorkingDays(n)) => format!("报告待审核{n}个工作日"),
            (Lang::En, Reason::ReviewPendingWorkingDays(n)) => {
                format!(
                    "report awaiting review {}",
                    en_count(*n, "working day", "working days")
                )
            }
            (Lang::Zh, Reason::ReportedLateWorkingDays(n)) => {
                format!("逾期报送，超期{n}个工作日")
            }
            (Lang::En, Reason::ReportedLateWorkingDays(n)) => format!(
                "reported late, {} late",
                en_count(*n, "working day", "working days")
            ),
        }
    }

    fn outcome(self, o: &Outcome) -> String {
        match o {
            // Reminder and urging notice are urging (催办); from written explanation up,
            // accountability (问责).
            Outcome::Urged(l) | Outcome::Noted(l) => match self {
                Lang::Zh if *l <= Level::Urging => format!("催办（{}）", self.level(*l)),
                Lang::Zh => format!("问责（{}）", self.level(*l)),
                Lang::En if matches!(o, Outcome::Urged(_)) => format!("urged ({})", self.level(*l)),
                Lang::En => format!("note ({})", self.level(*l)),
            },
            Outcome::Feedback => self.pick("录入反馈", "feedback recorded").into(),
            Outcome::Extension { granted: true, to } => {
                format!("{} {to}", self.pick("批准延期至", "extension granted to"))
            }
            Outcome::Extension { granted: false, to } => format!(
                "{} {to}",
                self.pick("登记延期申请至", "extension requested to")
            ),
            Outcome::ExtensionRejected(to) => match self {
                Lang::Zh => format!("驳回延期申请（申请延至 {to}）"),
                Lang::En => format!("extension to {to} rejected"),
            },
            Outcome::Moved(s) => format!("→ {}", self.status(*s)),
            Outcome::Snoozed(d) => format!("{} {d}", self.pick("暂缓至", "snoozed until")),
        }
    }

    fn section(self, s: AgendaSection) -> &'static str {
        match s {
            AgendaSection::Overdue => self.pick("已超期", "Overdue"),
            AgendaSection::Today => self.pick("今日到期", "Due today"),
            AgendaSection::ThisWeek => self.pick("本周到期", "This week"),
            AgendaSection::NextWeek => self.pick("下周到期", "Next week"),
            AgendaSection::FeedbackMissed => self.pick("反馈缺报", "Missed feedback"),
            AgendaSection::MilestoneDue => self.pick("节点到期", "Milestones due"),
        }
    }

    fn field(self, f: FieldId) -> &'static str {
        match f {
            FieldId::Title => self.pick("事项名称", "Title"),
            FieldId::Lead => self.pick("牵头单位", "Lead dept"),
            FieldId::Owner => self.pick("责任人", "Owner"),
            FieldId::Co => self.pick("配合单位", "Co-depts"),
            FieldId::Source => self.pick("来源", "Source"),
            FieldId::Ref => self.pick("文号", "Source ref"),
            FieldId::Instruction => self.pick("批示内容", "Instruction"),
            FieldId::Leader => self.pick("批示领导", "Leader"),
            FieldId::Requirement => self.pick("办理要求", "Requirement"),
            FieldId::Due => self.pick("办理时限", "Deadline"),
            FieldId::NoDeadlineReason => self.pick("未明确时限原因", "Why no deadline"),
            FieldId::Cadence => self.pick("督办频次", "Cadence"),
            FieldId::Flags => self.pick("重点标记", "Flags"),
            FieldId::Urgent => self.pick("紧急", "Urgent"),
            FieldId::Text => self.pick("反馈内容", "Text"),
            FieldId::Percent => self.pick("完成进度%", "Percent"),
            FieldId::Reporter => self.pick("反馈人", "Reporter"),
            FieldId::Level => self.pick("层级", "Level"),
            FieldId::Target => self.pick("对象", "Target"),
            FieldId::Reason => self.pick("事由", "Reason"),
            FieldId::Require => self.pick("整改要求", "Correction"),
            FieldId::Points => self.pick("加减分", "Points"),
            FieldId::NewDeadline => self.pick("延至", "New deadline"),
            FieldId::Grant => self.pick("当即批准", "Grant now"),
            FieldId::Until => self.pick("暂缓至", "Until"),
            FieldId::Verdict => self.pick("审核结论", "Verdict"),
            FieldId::Format => self.pick("格式", "Format"),
            FieldId::DocLang => self.pick("文档语言", "Language"),
            FieldId::Path => self.pick("文件", "File"),
            FieldId::MilestoneDue => self.pick("节点时限", "Due on"),
            FieldId::MilestoneTitle => self.pick("节点任务", "Milestone"),
            FieldId::SignedBy => self.pick("签收人", "Signed by"),
            FieldId::ApprovedBy => self.pick("批准人", "Approved by"),
            FieldId::Sense => self.pick("批示性质", "Sense"),
            FieldId::InstructionText => self.pick("批示内容", "Instruction"),
            FieldId::RequiredBy => self.pick("新的办理时限", "New deadline"),
            FieldId::AttachKind => self.pick("附件类别", "Kind"),
            FieldId::AttachNote => self.pick("说明", "Note"),
            FieldId::Which => self.pick("附件", "Attachment"),
        }
    }

    fn choice(self, f: FieldId, code: &str) -> String {
        let named = match f {
            FieldId::Level if code == crate::app::form::EACH_OWN_LEVEL => {
                Some(self.pick("各按建议层级", "each its own suggested level"))
            }
            FieldId::Level => Level::from_code(code).map(|l| self.level(l)),
            FieldId::Verdict => match code {
                "approve" => Some(self.pick("通过，办结", "approve: completed")),
                "return" => Some(self.pick("退回重办", "return for more work")),
                _ => None,
            },
            FieldId::Source => SourceKind::from_code(code).map(|s| self.source(s)),
            FieldId::Format => match code {
                "md" => Some("Markdown (.md)"),
                "csv" => Some("CSV (.csv)"),
                "json" => Some("JSON (.json)"),
                "html" => Some("HTML (.html)"),
                "docx" => Some("Word (.docx)"),
                "xlsx" => Some("Excel (.xlsx)"),
                _ => None,
            },
            FieldId::DocLang => match code {
                "zh" => Some(self.pick("中文", "Chinese")),
                "en" => Some(self.pick("英文", "English")),
                _ => None,
            },
            FieldId::Cadence => Cadence::from_code(code).map(|c| self.cadence(c)),
            FieldId::Sense => {
                crate::domain::instruction::InstructionSense::from_code(code).map(|s| self.sense(s))
            }
            FieldId::AttachKind => crate::domain::attachment::AttachmentKind::from_code(code)
                .map(|k| super::history_words::attachment_kind_name(k, self)),
            FieldId::Urgent | FieldId::Grant => match code {
                "yes" => Some(self.pick("是", "yes")),
                "no" => Some(self.pick("否", "no")),
                _ => None,
            },
            _ => None,
        };
        named.map_or_else(|| code.to_string(), str::to_string)
    }

    fn form_words(self) -> crate::app::form::FormWords {
        use crate::domain::item::Flag;
        let flag = |f| super::history_words::flag_name(f, self);
        crate::app::form::FormWords {
            flags: [
                flag(Flag::Major),
                flag(Flag::Difficult),
                flag(Flag::Important),
                flag(Flag::Leader),
            ],
            flag_separator: self.pick("、", ","),
            bulletin_file: self.pick("督办通报", "bulletin"),
            doc_lang: self.pick("zh", "en"),
        }
    }

    fn hint(self, f: FieldId) -> &'static str {
        match f {
            FieldId::Due | FieldId::NewDeadline | FieldId::Until => self.pick(
                "YYYY-MM-DD、+10d 或 +5wd（工作日）",
                "YYYY-MM-DD, +10d or +5wd (working days)",
            ),
            FieldId::MilestoneDue => self.hint(FieldId::Due),
            FieldId::NoDeadlineReason => self.pick(
                "时限留空并填写此项：不设时限",
                "deadline left empty: registered without one",
            ),
            FieldId::Flags => self.pick(
                "大事、难事、重要事、领导关注",
                "major, difficult, important, leader",
            ),
            FieldId::Co => self.pick("多个用逗号分隔", "comma separated"),
            FieldId::Source
            | FieldId::Cadence
            | FieldId::Level
            | FieldId::Urgent
            | FieldId::Verdict
            | FieldId::Grant
            | FieldId::Format
            | FieldId::Sense
            | FieldId::AttachKind
            | FieldId::DocLang => self.pick("←/→ 选择", "←/→ to choose"),
            FieldId::Which => self.pick(
                "序号（1为最早）、文件名或 SHA-256",
                "its number (1 = first), name or SHA-256",
            ),
            FieldId::RequiredBy => self.pick(
                "仅“提出新要求”填写：YYYY-MM-DD 或 +10wd",
                "new requirement only: YYYY-MM-DD or +10wd",
            ),
            FieldId::Path => self.pick(
                "相对当前目录，或绝对路径",
                "relative to the current folder, or absolute",
            ),
            FieldId::Target => self.pick("空：各自牵头单位", "empty: each item's lead dept"),
            FieldId::Percent => "0–100",
            _ => "",
        }
    }

    fn form_title(self, kind: &crate::app::form::FormKind) -> String {
        use crate::app::form::FormKind::*;
        match kind {
            AddItem => self.pick("新建督办事项", "New item").to_string(),
            EditItem { number, .. } => format!("{} {number}", self.pick("修改事项", "Edit item")),
            Decision {
                decision, targets, ..
            } => {
                let what = match decision {
                    crate::app::triage::Decision::Urge => self.pick("催办", "Urge"),
                    crate::app::triage::Decision::Note => {
                        self.pick("催办问责记录", "Accountability note")
                    }
                    crate::app::triage::Decision::Feedback => {
                        self.pick("录入进展反馈", "Record feedback")
                    }
                    crate::app::triage::Decision::Extension => self.pick("延期", "Extension"),
                    crate::app::triage::Decision::Snooze => self.pick("暂缓督办", "Snooze"),
                };
                self.on_targets(what, targets)
            }
            Report { targets } => {
                self.on_targets(self.pick("报送办结报告", "Completion report"), targets)
            }
            Review { targets } => {
                self.on_targets(self.pick("审核办结报告", "Review the report"), targets)
            }
            DecideExtension {
                number, approve, ..
            } => format!(
                "{} {number}",
                if *approve {
                    self.pick("批准延期", "Approve the extension")
                } else {
                    self.pick("驳回延期", "Reject the extension")
                }
            ),
            Move { number, mv, .. } => {
                // The menu lists moves in lower case; a title starts with a capital.
                let mut name = self.mv(*mv).chars();
                let first = name.next().map(|c| c.to_uppercase().to_string());
                format!("{}{} {number}", first.unwrap_or_default(), name.as_str())
            }
            Commend { number, .. } => format!("{} {number}", self.t(Text::Commendation)),
            Attach { number, .. } => {
                format!("{} {number}", self.pick("添加附件", "Attach a file to"))
            }
            SaveAttachment { number } => {
                format!(
                    "{} {number}",
                    self.pick("另存附件", "Save an attachment of")
                )
            }
            Instruct { number, .. } => {
                format!("{} {number}", self.pick("领导批示", "Leader's instruction"))
            }
            Export(_) => self.pick("导出督办通报", "Export the report").to_string(),
            MilestoneDone { number, no, .. } => match self {
                Lang::Zh => format!("分解节点 {no} 完成 {number}"),
                Lang::En => format!("Milestone {no} done {number}"),
            },
            AddMilestone { number, .. } => {
                format!("{} {number}", self.pick("新增分解节点", "New milestone"))
            }
        }
    }

    fn preview(self, p: &crate::app::form::Preview) -> String {
        use crate::app::form::Preview;
        match p {
            Preview::Note {
                number,
                level,
                target,
                reason,
            } => format!(
                "{number}  {} → {} · {}",
                self.level(*level),
                if target.is_empty() {
                    self.pick("（未指定）", "(none)").to_string()
                } else {
                    crate::text::safe(target)
                },
                if reason.trim().is_empty() {
                    self.pick("（未填理由）", "(no reason)").to_string()
                } else {
                    crate::text::safe(reason)
                }
            ),
            Preview::Move { number, from, to } => {
                format!("{number}  {} → {}", self.status(*from), self.status(*to))
            }
            Preview::Instruction {
                number,
                leader,
                sense,
                deadline,
                reopened,
            } => {
                let mut s = match self {
                    Lang::Zh => format!(
                        "{number}  {}批示（{}）",
                        crate::text::safe(leader),
                        self.sense(*sense)
                    ),
                    Lang::En => format!(
                        "{number}  {}’s instruction ({})",
                        crate::text::safe(leader),
                        self.sense(*sense)
                    ),
                };
                if let Some((old, new)) = deadline {
                    let old = old.map_or_else(|| "—".to_string(), |d| d.to_string());
                    s.push_str(&match self {
                        Lang::Zh => format!("；时限 {old} → {new}"),
                        Lang::En => format!("; deadline {old} → {new}"),
                    });
                }
                if let Some((from, to)) = reopened {
                    s.push_str(&match self {
                        Lang::Zh => {
                            format!("；重新办理 {} → {}", self.status(*from), self.status(*to))
                        }
                        Lang::En => {
                            format!("; reopened {} → {}", self.status(*from), self.status(*to))
                        }
                    });
                }
                s
            }
            Preview::Feedback {
                number,
                percent,
                reporter,
            } => {
                let safe = crate::text::safe;
                let percent = if percent.is_empty() {
                    String::new()
                } else {
                    format!(" {}%", safe(percent))
                };
                match self {
                    Lang::Zh => format!("{number}  进展反馈{percent} · 反馈人 {}", safe(reporter)),
                    Lang::En => format!("{number}  feedback{percent} · from {}", safe(reporter)),
                }
            }
            Preview::Commendation {
                number,
                target,
                points,
            } => format!(
                "{number}  {} → {} ({}{})",
                self.t(Text::Commendation),
                crate::text::safe(target),
                crate::text::safe(points),
                self.t(Text::PointsShort)
            ),
            Preview::ExtensionAsked {
                number,
                old,
                new,
                granted,
            } => {
                let old = old.map_or_else(|| "—".to_string(), |d| d.to_string());
                match (self, granted) {
                    (Lang::Zh, true) => format!("{number}  时限 {old} → {new} · 当即批准"),
                    (Lang::Zh, false) => format!("{number}  申请延期：时限 {old} → {new} · 待审批"),
                    (Lang::En, true) => format!("{number}  deadline {old} → {new} · granted now"),
                    (Lang::En, false) => {
                        format!("{number}  extension asked: deadline {old} → {new} · pending")
                    }
                }
            }
            Preview::NewItem {
                title,
                lead,
                deadline,
                no_deadline_reason,
            } => {
                let safe = crate::text::safe;
                let deadline = match (self, deadline, no_deadline_reason) {
                    (Lang::Zh, Some(d), _) => format!("办理时限 {d}"),
                    (Lang::En, Some(d), _) => format!("due {d}"),
                    (Lang::Zh, None, reason) => {
                        format!("不设时限（{}）", safe(reason.as_deref().unwrap_or("")))
                    }
                    (Lang::En, None, reason) => {
                        format!("no deadline ({})", safe(reason.as_deref().unwrap_or("")))
                    }
                };
                match self {
                    Lang::Zh => format!(
                        "立项“{}”· 牵头单位 {} · {deadline}",
                        safe(title),
                        safe(lead)
                    ),
                    Lang::En => format!(
                        "register “{}” · led by {} · {deadline}",
                        safe(title),
                        safe(lead)
                    ),
                }
            }
            Preview::MilestoneAdded { number, due, title } => match self {
                Lang::Zh => format!("{number}  新增分解节点：{due} {}", crate::text::safe(title)),
                Lang::En => format!(
                    "{number}  new milestone due {due}: {}",
                    crate::text::safe(title)
                ),
            },
            Preview::Snooze { number, until } => match self {
                Lang::Zh => format!("{number}  暂缓至 {until}，期间不进入研判队列"),
                Lang::En => format!("{number}  snoozed until {until}, out of triage till then"),
            },
            Preview::MilestoneDone {
                number,
                no,
                title,
                on,
            } => match self {
                Lang::Zh => format!(
                    "{number}  分解节点 {no}“{}”于 {on} 完成",
                    crate::text::safe(title)
                ),
                Lang::En => format!(
                    "{number}  milestone {no} “{}” done on {on}",
                    crate::text::safe(title)
                ),
            },
            Preview::Shift { number, shift } => match self {
                Lang::Zh => format!(
                    "{number}  时限 {} → {}（中止期间（{}个工作日）不计入办理时限）",
                    shift.before, shift.after, shift.working_days
                ),
                Lang::En => format!(
                    "{number}  deadline {} → {} (+{} suspended, not counted)",
                    shift.before,
                    shift.after,
                    en_count(shift.working_days, "working day", "working days")
                ),
            },
            Preview::Extension {
                number,
                old,
                new,
                approve,
                reason,
            } => format!(
                "{number}  {} {old} → {new} · {} · {}",
                self.pick("时限", "deadline"),
                if *approve {
                    self.pick("批准后生效", "takes effect")
                } else {
                    self.pick("驳回，时限不变", "rejected, deadline unchanged")
                },
                crate::text::safe(reason)
            ),
            Preview::Edited { field, old, new } => {
                let shown = |value: &str, room: usize| {
                    if value.is_empty() {
                        self.pick("（空）", "(empty)").to_string()
                    } else if matches!(field, FieldId::Cadence | FieldId::Urgent) {
                        self.choice(*field, value)
                    } else {
                        crate::text::clip(&crate::text::one_row(value), room).into_owned()
                    }
                };
                let (old, new) = (shown(old, EDIT_OLD_CELLS), shown(new, EDIT_NEW_CELLS));
                match self {
                    Lang::Zh => format!("{}：{old} → {new}", self.field(*field)),
                    Lang::En => format!("{}: {old} → {new}", self.field(*field)),
                }
            }
            Preview::Refused { number, failure } => {
                format!("{number}  ✖ {}", self.failure(failure))
            }
            Preview::Unchanged => self
                .pick(
                    "无修改：确认后不写入任何记录",
                    "No changes: Enter records nothing",
                )
                .to_string(),
            Preview::ExportDocument {
                report,
                format,
                doc_lang,
            } => format!(
                "{} · {} · {} · {} · {}",
                self.pick("督办通报", "Bulletin"),
                self.report_period(report.kind, &report.period),
                self.group_by(report.group_by).1,
                self.choice(FieldId::Format, format),
                self.choice(FieldId::DocLang, doc_lang),
            ),
            Preview::ExportFile { path, found } => {
                use crate::app::form::Found;
                let path = crate::text::safe(&path.display().to_string());
                match (self, found) {
                    (Lang::Zh, Found::Nothing) => format!("写入 {path}（新文件）"),
                    (Lang::Zh, Found::File) => format!("写入 {path}（将替换已有文件）"),
                    (Lang::Zh, Found::Folder) => format!("{path} 是文件夹，不能写入"),
                    (Lang::En, Found::Nothing) => format!("to {path} (a new file)"),
                    (Lang::En, Found::File) => {
                        format!("to {path} (will replace an existing file)")
                    }
                    (Lang::En, Found::Folder) => {
                        format!("{path} is a folder: no file can be written there")
                    }
                }
            }
            Preview::SaveFile { path, found } => {
                use crate::app::form::Found;
                let path = crate::text::safe(&path.display().to_string());
                match (self, found) {
                    (Lang::Zh, Found::Nothing) => format!("保存到 {path}（新文件）"),
                    (Lang::Zh, Found::File) => {
                        format!("{path} 已存在，不会覆盖；请改用其他文件名")
                    }
                    (Lang::Zh, Found::Folder) => format!("保存到文件夹 {path} 中，用附件原名"),
                    (Lang::En, Found::Nothing) => format!("to {path} (a new file)"),
                    (Lang::En, Found::File) => {
                        format!("{path} exists and is not replaced: name another file")
                    }
                    (Lang::En, Found::Folder) => {
                        format!("into the folder {path}, under the attachment's own name")
                    }
                }
            }
            Preview::AttachFile(h) => {
                let size = h.size.map(crate::domain::attachment::size_words);
                let mut line = match (self, size, h.folder) {
                    (Lang::Zh, Some(size), _) => format!("附上此文件（{size}）"),
                    (Lang::En, Some(size), _) => format!("attaches this file ({size})"),
                    (Lang::Zh, None, true) => "这是文件夹；请选择其中的文件".to_string(),
                    (Lang::En, None, true) => "a folder: choose a file in it".to_string(),
                    (Lang::Zh, None, false) if h.matches.is_empty() => "无此文件".to_string(),
                    (Lang::En, None, false) if h.matches.is_empty() => "no such file".to_string(),
                    (Lang::Zh, None, false) => "可补全为：".to_string(),
                    (Lang::En, None, false) => "could be:".to_string(),
                };
                if h.size.is_none() && !h.matches.is_empty() {
                    line.push(' ');
                    line.push_str(&h.matches.join("  "));
                    if h.more > 0 {
                        line.push_str(&match self {
                            Lang::Zh => format!("  …另有{}个", h.more),
                            Lang::En => format!("  … {} more", h.more),
                        });
                    }
                }
                line
            }
        }
    }

    fn pending_extension(self, x: &crate::store::Extension) -> String {
        let reason = crate::text::safe(&x.reason);
        match self {
            Lang::Zh => format!(
                "延至 {}（原 {}）· {reason} · {} 申请，待审批",
                x.new_deadline, x.old_deadline, x.requested_on
            ),
            Lang::En => format!(
                "to {} (from {}) · {reason} · asked {}, pending",
                x.new_deadline, x.old_deadline, x.requested_on
            ),
        }
    }

    fn summary_heading(self, day: chrono::NaiveDate, decided: usize) -> String {
        match self {
            Lang::Zh => format!("{} {day} · 已处理 {decided} 项", self.t(Text::Triage)),
            Lang::En => format!("{} {day} · {decided} decided", self.t(Text::Triage)),
        }
    }

    fn triage_tally(self, decided: usize, skipped: usize) -> String {
        match self {
            Lang::Zh => format!("共处置 {decided} 项，跳过 {skipped} 项"),
            Lang::En => format!(
                "{decided} decision{} recorded, {skipped} card{} skipped",
                if decided == 1 { "" } else { "s" },
                if skipped == 1 { "" } else { "s" }
            ),
        }
    }

    fn report_period(
        self,
        kind: crate::report::PeriodKind,
        period: &crate::report::Period,
    ) -> String {
        use crate::report::PeriodKind;
        let (from, to, as_of) = (period.from, period.to, period.as_of);
        let name = match kind {
            PeriodKind::Week => self.pick("周报", "Weekly"),
            PeriodKind::Month => self.pick("月报", "Monthly"),
            PeriodKind::Quarter => self.pick("季报", "Quarterly"),
            PeriodKind::Year => self.pick("年报", "Yearly"),
        };
        match self {
            Lang::Zh => format!("{name} {from} 至 {to} · 截至 {as_of}"),
            Lang::En => format!("{name} {from} to {to} · as of {as_of}"),
        }
    }

    fn group_by(self, g: crate::report::GroupBy) -> (&'static str, &'static str) {
        use crate::report::GroupBy;
        match g {
            GroupBy::Department => (
                self.pick("牵头单位", "Lead department"),
                self.pick("按牵头单位", "by lead department"),
            ),
            GroupBy::Source => (
                self.pick("来源文号", "Source"),
                self.pick("按来源", "by source"),
            ),
            GroupBy::SourceKind => (
                self.pick("来源类型", "Source kind"),
                self.pick("按来源类型", "by source kind"),
            ),
            GroupBy::CoDepartment => (
                self.pick("配合单位", "Co-department"),
                self.pick("按配合单位", "by co-department"),
            ),
        }
    }

    fn report_key(self, g: crate::report::GroupBy, key: &str) -> String {
        match g {
            crate::report::GroupBy::SourceKind => SourceKind::from_code(key)
                .map_or_else(|| crate::text::safe(key), |s| self.source(s).to_string()),
            _ if key.is_empty() => self.t(Text::NoSourceRef).to_string(),
            _ => crate::text::safe(key),
        }
    }

    fn report_summary(self, t: &crate::report::Tally) -> String {
        // The bulletin's own sentence: every class, adding up to the items in scope.
        crate::report::render::words::summary(self, t)
    }

    fn trend_title(self, weeks: usize, max: u32, last: u32) -> (String, String) {
        match self {
            Lang::Zh => (
                format!("超时未办 · 近{weeks}周"),
                format!("最高 {max} · 期末 {last}"),
            ),
            Lang::En => (
                format!("Open overdue · {weeks} weeks"),
                format!("max {max} · at end {last}"),
            ),
        }
    }

    fn trend_pending(self, weeks: usize) -> (String, String) {
        match self {
            Lang::Zh => (format!("超时未办 · 近{weeks}周"), "统计中…".to_string()),
            Lang::En => (
                format!("Open overdue · {weeks} weeks"),
                "counting…".to_string(),
            ),
        }
    }

    fn overdue_count(self, n: u32) -> String {
        match self {
            Lang::Zh => format!(" · 超时 {n}"),
            Lang::En => format!(" · {n} overdue"),
        }
    }

    fn rows_shown(self, first: usize, last: usize, total: usize) -> String {
        match self {
            Lang::Zh => format!("  第 {first}–{last} 行，共 {total} 行（j/k 滚动）"),
            Lang::En => format!("  rows {first}–{last} of {total} (j/k to scroll)"),
        }
    }

    fn more(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("……另有 {n} 项"),
            Lang::En => format!("… and {n} more"),
        }
    }

    fn form_failure(self, f: &Failure, field: Option<FieldId>) -> String {
        self.failure_named(f, field.map(|id| self.field(id).trim_end_matches('%')))
    }

    fn failure(self, f: &Failure) -> String {
        self.failure_named(f, None)
    }

    fn waiting_for_lock(self) -> &'static str {
        self.pick(
            "正在等待另一程序释放数据库……（此间按键不作处理）",
            "Waiting for another program to release the database… (keys typed now are ignored)",
        )
    }

    fn deadline_moved(
        self,
        before: Option<chrono::NaiveDate>,
        after: chrono::NaiveDate,
        cal: &crate::domain::WorkCalendar,
    ) -> String {
        let from = before.map_or_else(|| "—".to_string(), |d| d.to_string());
        let by = before.map(|b| {
            if after >= b {
                cal.working_days_between(b, after)
            } else {
                -cal.working_days_between(after, b)
            }
        });
        match (self, by) {
            (Lang::Zh, Some(n)) => format!("办理时限 {from} → {after}（{n:+} 个工作日）"),
            (Lang::Zh, None) => format!("办理时限 {from} → {after}"),
            (Lang::En, Some(n)) => format!("deadline {from} → {after} ({n:+} working days)"),
            (Lang::En, None) => format!("deadline {from} → {after}"),
        }
    }

    fn postponed(self, p: &Postponed) -> String {
        let (field, from, to) = (p.field, p.from, p.to);
        match (self, p.moved_back()) {
            (Lang::Zh, false) => format!("{} {from} 为非工作日，顺延至 {to}", zh_field(field)),
            (Lang::Zh, true) => format!(
                "{} {from} 为非工作日，年度时限不跨年，提前至当年最后一个工作日 {to}",
                zh_field(field)
            ),
            (Lang::En, false) => {
                format!("{field} {from} is not a working day: moved to the next working day, {to}")
            }
            (Lang::En, true) => format!(
                "{field} {from} is not a working day: a year-end deadline stays in its year, moved back to its last working day, {to}"
            ),
        }
    }

    fn notice(self, n: &Notice) -> String {
        match n {
            Notice::Added(x) => format!("{} {x}", self.pick("已立项", "registered")),
            Notice::Edited(x) => format!("{} {x}", self.pick("已修改", "saved")),
            Notice::FeedbackSaved(x) => {
                format!("{} {x}", self.pick("已保存反馈", "feedback saved for"))
            }
            Notice::NoteSaved(x) => {
                format!("{} {x}", self.pick("已记录催办问责", "note recorded for"))
            }
            Notice::Commended(x) => format!(
                "{} {x}",
                self.pick("已记录通报表扬", "commendation recorded for")
            ),
            Notice::Attached(x, name) => match self {
                Lang::Zh => format!("已为 {x} 附上“{}”", crate::text::safe(name)),
                Lang::En => format!("attached “{}” to {x}", crate::text::safe(name)),
            },
            Notice::SavedAttachment(path) => match self {
                Lang::Zh => format!("附件已保存到 {}", crate::text::safe(path)),
                Lang::En => format!("attachment saved to {}", crate::text::safe(path)),
            },
            Notice::NoAttachments(x) => match self {
                Lang::Zh => format!("{x} 没有附件；按 p 添加"),
                Lang::En => format!("{x} has no attachments; p attaches a file"),
            },
            Notice::Instructed(x) => format!(
                "{} {x}",
                self.pick("已记录领导批示", "leader's instruction recorded for")
            ),
            Notice::ExtensionRequested(x) => format!(
                "{} {x}",
                self.pick("已登记延期申请", "extension requested for")
            ),
            Notice::ExtensionDecided(x, true) => {
                format!("{} {x}", self.pick("已批准延期", "extension approved for"))
            }
            Notice::ExtensionDecided(x, false) => {
                format!("{} {x}", self.pick("已驳回延期", "extension rejected for"))
            }
            Notice::Moved(x, s) => format!("{x} → {}", self.status(*s)),
            Notice::Snoozed(x, d) => format!("{x} {} {d}", self.pick("暂缓至", "snoozed until")),
            Notice::Bulk(n) => format!(
                "{} {n} {}",
                self.pick("已对", "recorded for"),
                self.pick("项事项记录", "items")
            ),
            Notice::Undone(items) => {
                format!("{} {}", self.pick("已撤销", "undone:"), numbers(items))
            }
            Notice::Redone(items) => {
                format!("{} {}", self.pick("已重做", "redone:"), numbers(items))
            }
            Notice::NothingToUndo => self.pick("没有可撤销的操作", "nothing to undo").into(),
            Notice::NothingToRedo => self.pick("没有可重做的操作", "nothing to redo").into(),
            Notice::Nothing => self.pick("未作修改", "nothing changed").into(),
            Notice::Refreshed => self
                .pick(
                    "他人已更新，已刷新",
                    "refreshed: another clerk saved changes",
                )
                .into(),
            Notice::NoItemSelected => self.pick("未选中事项", "no item selected").into(),
            Notice::Failed(f) => self.failure(f),
            Notice::Exported(path) => format!(
                "{} {}",
                self.pick("已导出到", "exported to"),
                crate::text::safe(path)
            ),
            Notice::DepartmentsOnly => self
                .pick(
                    "Enter 查看事项仅用于按牵头单位分组（b 切换）",
                    "Enter shows items when grouped by lead department (b switches)",
                )
                .into(),
            Notice::NoLaterPeriod => self
                .pick("已是当前一期", "this is the current period")
                .into(),
            Notice::Milestone(m) => super::milestones::notice(m, self),
            Notice::DeadlinesOnDaysOff(first, count) => {
                let (open, close, sep) = match self {
                    Lang::Zh => ("（", "）", "、"),
                    Lang::En => (" (", ")", ", "),
                };
                let shown: Vec<String> = first
                    .iter()
                    .map(|(n, d)| format!("{n}{open}{d}{close}"))
                    .collect();
                let shown = shown.join(sep);
                let more = count.saturating_sub(first.len());
                match self {
                    Lang::Zh => format!(
                        "放假安排变更：{count}个未办结事项的办理时限落在非工作日：{}{}；时限未作改动，如需调整请办理延期",
                        shown,
                        if more > 0 {
                            format!("等（另{more}个）")
                        } else {
                            String::new()
                        }
                    ),
                    Lang::En => format!(
                        "calendar changed: {} now on a day off: {}{}; kept as they are (extend them if they should move)",
                        en_count(*count as i64, "open deadline", "open deadlines"),
                        shown,
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    ),
                }
            }
            Notice::Postponed(inner, p) => format!(
                "{}{}{}",
                self.notice(inner),
                self.pick("；", "; "),
                self.postponed(p)
            ),
        }
    }

    fn t(self, key: Text) -> &'static str {
        use Text::*;
        match key {
            Number => self.pick("编号", "Number"),
            Title => self.pick("事项", "Title"),
            Lead => self.pick("牵头单位", "Lead"),
            Owner => self.pick("责任人", "Owner"),
            StatusH => self.pick("状态", "Status"),
            Deadline => self.pick("时限", "Deadline"),
            Left => self.pick("剩余", "Left"),
            NoItems => self.pick("没有符合条件的事项", "No items match"),
            NoFeedback => self.pick("尚无反馈", "No feedback yet"),
            NoNotes => self.pick("尚无催办问责记录", "No accountability notes yet"),
            Suggested => self.pick("建议下一级", "Suggested next"),
            Filter => self.pick("筛选", "filter"),
            Today => self.pick("今天", "today"),
            Help => self.pick("按键说明（Esc 关闭）", "Keys (Esc closes)"),
            TooSmall => self.pick("终端太小：至少需要 80×24", "Terminal too small: duban needs at least 80×24"),
            Moves => self.pick("可进行的操作（数字键选择，Esc 取消）", "Moves (press a number, Esc cancels)"),
            NoMoves => self.pick("该事项已结束，没有可进行的操作", "The item is finished: no moves"),
            More => self.pick("还有", "more"),
            NoDeadline => self.pick("未定", "none"),
            Milestones => self.pick("分解节点", "Milestones"),
            Extensions => self.pick("延期", "Extensions"),
            History => self.pick("办理记录", "History"),
            Instruction => self.pick("批示", "Instruction"),
            Requirement => self.pick("要求", "Requirement"),
            Source => self.pick("来源", "Source"),
            Co => self.pick("配合单位", "Co-depts"),
            Cadence => self.pick("频次", "Cadence"),
            Flags => self.pick("标记", "Flags"),
            Urgent => self.pick("紧急", "urgent"),
            Registered => self.pick("立项", "Registered"),
            Originally => self.pick("原定", "originally"),
            ExtensionRequest => self.pick("延期申请", "Extension asked"),
            Overdue => self.pick("超期", "overdue"),
            Unaddressed => self.pick("未处置", "unaddressed"),
            DetailKeys => self.pick("Esc 返回 · m 办理操作 · e 修改 · f 反馈 · n 问责 · x 延期 · A/R 批准/驳回延期", "Esc back · m moves · e edit · f feedback · n note · x extension · A/R approve/reject extension"),
            Done => self.pick("完成", "done"),
            Open => self.pick("未完成", "open"),
            All => self.pick("全部", "all"),
            Finished => self.pick("已完结", "finished"),
            Forms => self.pick("表单", "Forms"),
            AllStatuses => self.pick("全部状态", "every status"),
            HelpHint => self.pick("? 帮助", "? help"),
            Triage => self.pick("督办研判", "Triage"),
            Decided => self.pick("已处理", "decided"),
            Skipped => self.pick("跳过", "skipped"),
            Why => self.pick("为何在此", "Why here"),
            LastFeedback => self.pick("最近反馈", "Last feedback"),
            LastNote => self.pick("最近催办问责", "Last note"),
            NoneYet => self.pick("无", "none"),
            WillRecord => self.pick("确认后将记录：", "Enter records:"),
            WillRefuse => self.pick("确认后不会记录：", "Enter records nothing:"),
            TriageDone => self.pick("今日队列已清空。处理结果如下（当日处置记录可从命令行打印）", "The queue is empty. Decisions (print with duban triage --summary):"),
            TriageEmpty => self.pick("今天没有需要处理的事项", "Nothing needs a decision today"),
            Marked => self.pick("已标记", "marked"),
            Snoozed => self.pick("暂缓至", "Snoozed to"),
            Commendation => self.pick("通报表扬", "Commendation"),
            Commendations => self.pick("通报表扬", "Commendations"),
            Instructions => self.pick("领导批示", "Leaders' instructions"),
            Attachments => self.pick("附件", "Attachments"),
            InstructionWord => self.pick("批示", "instruction"),
            PointsShort => self.pick("分", " pt"),
            ReadOnly => self.pick("只读", "read-only"),
            Calendar2027 => self.pick("日历未含该年节假日，按周一至周五计", "calendar has no holidays for this year: Mon–Fri assumed"),
            Bulletin => self.pick("督办通报", "Bulletin"),
            Ranking => self.pick("按时办结率排名", "Ranking by on-time rate"),
            NotRanked => self.pick("不参与排名", "not ranked"),
            ReportKeys => self.pick("[ ] 上/下期 · p 周/月/季/年 · b 分组 · Enter 单位事项 · x 导出 · Esc 返回", "[ ] period · p week/month/… · b grouping · Enter items · x export · Esc back"),
            NoReportItems => self.pick("本期没有事项", "No items in this period"),
            NoSourceRef => self.pick("（无文号）", "(no source ref)"),
            ColItems => self.pick("承办", "Items"),
            ColDone => self.pick("办结", "Done"),
            ColOpen => self.pick("在办", "Open"),
            ColOverdue => self.pick("超时未办", "Overdue"),
            ColReview => self.pick("待审核", "Review"),
            ReportedLate => self.pick("逾期报送待审核", "reported late, awaiting review"),
            ReportedLateShort => self.pick("逾期报送", "late report"),
            ColSuspended => self.pick("中止", "Susp."),
            ColCancelled => self.pick("撤销", "Canc."),
            ColOnTime => self.pick("按时率", "On time"),
            ColCompletion => self.pick("办结率", "Compl."),
            ColTotal => self.pick("合计", "Total"),
        }
    }

    fn file_problem(self, p: &crate::app::attachment::FileProblem) -> String {
        use crate::app::attachment::FileProblem as P;
        match (self, p) {
            (Lang::En, p) => p.to_string(),
            (Lang::Zh, P::Missing(path)) => format!("文件 {path} 不存在；请给出要附上的文件路径"),
            (Lang::Zh, P::NotAFile(path)) => {
                format!("{path} 不是文件（是文件夹或设备）；请给出一个文件的路径")
            }
            (Lang::Zh, P::Exists(path)) => {
                format!("{path} 已存在，未写入任何内容（加 --force 覆盖，或用 --out 指定其他路径）")
            }
            (Lang::Zh, P::Io { path, reason }) => format!("无法读写 {path}：{reason}"),
            (Lang::Zh, P::NoSuchAttachment { item, got }) => {
                format!("事项 {item} 没有附件“{got}”（请给出附件名称、在列表中的序号或其 SHA-256）")
            }
            (Lang::Zh, P::BytesMissing(name)) => {
                format!("本办数据中缺少附件“{name}”的内容；请运行 duban check")
            }
        }
    }

    fn saved_to(self, path: &str, size: u64) -> String {
        let size = crate::domain::attachment::size_words(size);
        let path = crate::text::safe(path);
        match self {
            Lang::Zh => format!("已保存到 {path}（{size}）"),
            Lang::En => format!("saved to {path} ({size})"),
        }
    }

    fn done(self, n: crate::domain::item::ItemNumber, d: &Done) -> String {
        use crate::domain::extension::ExtensionDecision as X;
        let what = match (self, d) {
            (Lang::En, Done::Moved(s)) => s.code().to_string(),
            (Lang::Zh, Done::Moved(s)) => self.status(*s).to_string(),
            (Lang::En, Done::ExtensionRequested(to)) => format!("extension to {to} requested"),
            (Lang::Zh, Done::ExtensionRequested(to)) => format!("已登记延期申请，延至 {to}"),
            (Lang::En, Done::ExtensionDecided(x)) => format!("extension {x}"),
            (Lang::Zh, Done::ExtensionDecided(X::Approved)) => "已批准延期".into(),
            (Lang::Zh, Done::ExtensionDecided(X::Rejected)) => "已驳回延期".into(),
            (Lang::Zh, Done::ExtensionDecided(X::Pending)) => "延期申请待审批".into(),
            (Lang::En, Done::MilestoneAdded { no, due }) => format!("milestone {no} due {due}"),
            (Lang::Zh, Done::MilestoneAdded { no, due }) => {
                format!("已新增分解节点 {no}，时限 {due}")
            }
            (Lang::En, Done::MilestoneDone(no)) => format!("milestone {no} done"),
            (Lang::Zh, Done::MilestoneDone(no)) => format!("分解节点 {no} 已完成"),
            (Lang::En, Done::Feedback) => "feedback recorded".into(),
            (Lang::Zh, Done::Feedback) => "已记录进展反馈".into(),
            (Lang::En, Done::Note(l)) => format!("{l} recorded"),
            (Lang::Zh, Done::Note(l)) => {
                format!("已记录{}", self.outcome(&Outcome::Noted(*l)))
            }
            (Lang::En, Done::Commendation) => "commendation recorded".into(),
            (Lang::Zh, Done::Commendation) => "已记录通报表扬".into(),
            (Lang::En, Done::Attached { name, size, sha256 }) => format!(
                "attached “{}” ({}, SHA-256 {})",
                crate::text::safe(name),
                crate::domain::attachment::size_words(*size),
                &sha256[..sha256.len().min(12)]
            ),
            (Lang::Zh, Done::Attached { name, size, sha256 }) => format!(
                "已附上“{}”（{}，SHA-256 {}）",
                crate::text::safe(name),
                crate::domain::attachment::size_words(*size),
                &sha256[..sha256.len().min(12)]
            ),
            (
                _,
                Done::Instruction {
                    sense,
                    deadline,
                    reopened,
                },
            ) => {
                let mut s = match self {
                    Lang::Zh => format!("已记录领导批示（{}）", self.sense(*sense)),
                    Lang::En => format!("leader's instruction recorded ({})", sense.code()),
                };
                if let Some((old, new)) = deadline {
                    let old = old.map_or_else(|| "—".to_string(), |d| d.to_string());
                    s.push_str(&match self {
                        Lang::Zh => format!("；办理时限 {old} → {new}"),
                        Lang::En => format!("; deadline {old} → {new}"),
                    });
                }
                if let Some((from, to)) = reopened {
                    s.push_str(&match self {
                        Lang::Zh => format!(
                            "；事项重新办理（{} → {}）",
                            self.status(*from),
                            self.status(*to)
                        ),
                        Lang::En => format!("; reopened ({} → {})", from.code(), to.code()),
                    });
                }
                s
            }
        };
        match self {
            Lang::Zh => format!("{n}：{what}\n"),
            Lang::En => format!("{n}: {what}\n"),
        }
    }
}

/// The interface's wording helpers that its words share; private to this module.
trait Helpers {
    fn on_targets(self, what: &str, targets: &[(crate::domain::item::ItemNumber, i64)]) -> String;

    /// A refusal with the field named `name` when given (a form's label), else by its code's
    /// name in this language.
    fn failure_named(self, f: &Failure, name: Option<&'static str>) -> String;

    /// A status given by its code, named in this language.
    fn status_named(self, code: &str) -> String;

    /// What a closed-set field accepts, as a refusal lists it: the names this language shows
    /// (each also accepted when typed), else the codes as the refusal gave them.
    fn accepted(self, field: &str, codes: &str) -> String;

    /// Why the database was not opened or written, in this language: each reason its own
    /// sentence, naming the file and what to do.
    fn database_failure(self, f: &Failure) -> String;

    fn server_failure(self, place: &str, problem: &crate::error::ServerProblem) -> String;

    /// A refused import, in Chinese: the row and field of the file as the file spells them.
    fn import_refusal(self, x: &ImportRefusal) -> String;
}

impl Helpers for Lang {
    fn on_targets(self, what: &str, targets: &[(crate::domain::item::ItemNumber, i64)]) -> String {
        match targets {
            [(n, _)] => format!("{what} {n}"),
            many => format!(
                "{what} · {} {}",
                many.len(),
                self.pick("项（已标记）", "marked items")
            ),
        }
    }

    fn failure_named(self, f: &Failure, name: Option<&'static str>) -> String {
        match (self, f) {
            (Lang::En, Failure::Input(e)) => {
                let f = name.unwrap_or(e.field);
                match &e.problem.shown() {
                    Problem::UnknownCode { accepted, got } => format!(
                        "{f} must be one of: {} (got '{got}')",
                        self.accepted(e.field, accepted)
                    ),
                    Problem::Finished { status } => format!(
                        "{f} is not accepted on an item that is {}; completed, closed and cancelled items take no more feedback",
                        self.status(*status)
                    ),
                    Problem::NotSnoozable { status } => format!(
                        "{f}: an item that is {} is not in the triage queue and cannot be snoozed",
                        self.status(*status)
                    ),
                    _ => crate::domain::validate::InputError::new(f, e.problem.clone()).to_string(),
                }
            }
            (Lang::Zh, Failure::Input(e)) => {
                let field = name.unwrap_or_else(|| zh_field(e.field));
                match &e.problem.shown() {
                    Problem::Empty => format!("{field}不能为空"),
                    Problem::TooLong { max, got } => format!("{field}最多{max}个字（现有{got}个）"),
                    Problem::FileTooLarge { max_bytes, got } => {
                        let (got, max) =
                            crate::domain::attachment::over_limit_words(*got, *max_bytes);
                        format!(
                            "{field}大小为{got}，超过单个附件上限{max}（可在配置文件 [attachments] max_mb 中调整）"
                        )
                    }
                    Problem::NotAFileName => format!(
                        "{field}须是文件名（去掉路径、点号和控制字符后不能为空）"
                    ),
                    Problem::ControlCharacter => format!("{field}须为一行文字，不能含控制字符"),
                    Problem::InvisibleCharacter { code } => format!("{field}不能含不可见字符 U+{code:04X}（它会隐藏或颠倒前后文字的显示顺序）；请不带该字符重新输入"),
                    Problem::NotADate { got } => format!("{field}须为真实日期，格式 YYYY-MM-DD，如 2026-12-01（输入为“{got}”）"),
                    Problem::NotADateTime { got } => format!("{field}须为真实时刻，格式 YYYY-MM-DDTHH:MM 或 YYYY-MM-DDTHH:MM:SS，如 2026-12-01T09:30（输入为“{got}”）"),
                    Problem::NotTheDayOfNow { got, now } => format!("{field} {got} 与 --now {} 不是同一天；只给其一，或给同一天", now.format("%Y-%m-%dT%H:%M:%S")),
                    Problem::NotADateExpression { got } => format!("{field}须为日期 YYYY-MM-DD、+N d（自然日）或 +N wd（工作日）（输入为“{got}”）"),
                    Problem::BeforeRegistration { deadline, registered } => format!("{field} {deadline} 早于立项日期 {registered}"),
                    Problem::PercentOutOfRange { got } => format!("{field}须为 0 到 100 的整数（输入为“{got}”）"),
                    Problem::NotANumber { got } => format!("{field}须为整数（输入为“{got}”）"),
                    Problem::NumberOutOfRange { min, max, got } => {
                        format!("{field}须为 {min} 到 {max} 之间的数（输入为“{got}”）")
                    }
                    Problem::UnknownCode { accepted, got } => format!(
                        "{field}只能是：{}（输入为“{got}”）",
                        self.accepted(e.field, accepted)
                    ),
                    Problem::UnknownItem { got } => format!("{field}“{got}”不是本库中的事项编号（形如 2026-017）"),
                    Problem::NotAfterToday { got, today } => format!("{field} {got} 须晚于今天（{today}）"),
                    Problem::YearOutOfRange { got } => format!(
                        "{field} {got} 超出 {FIRST_YEAR}–{LAST_YEAR} 年；请填写 {FIRST_YEAR}-01-01 至 {LAST_YEAR}-12-31 之间的日期"
                    ),
                    Problem::NoCorrection => format!("{field}不能为空：催办问责记录须写明整改要求，只警示不整改的记录不予登记"),
                    Problem::RedNotSnoozable => "红灯事项不能暂缓：须作出处置（催办、问责或延期），不能拖延".into(),
                    Problem::AfterDeadline { got, deadline } => format!("{field} {got} 晚于办理时限 {deadline}；暂缓最多到办理时限"),
                    Problem::Finished { status } => format!("事项状态为“{}”，不再接受{field}", self.status(*status)),
                    Problem::NotSnoozable { status } => format!("事项状态为“{}”，不在研判队列中，不能暂缓", self.status(*status)),
                    Problem::CancelledItem => format!("事项已撤销，不能记录{field}：撤销的事项未办理，无可表扬"),
                    Problem::DeductionPoints => format!("扣分须填写{field}，为负数，如 -2：未写明所扣分值的扣分不予登记"),
                }
            }
            (Lang::En, Failure::IllegalMove(m)) => {
                let allowed: Vec<_> = m.allowed.iter().map(|a| self.mv(*a)).collect();
                format!(
                    "cannot {} an item that is {}; allowed: {}",
                    self.mv(m.mv),
                    self.status(m.from),
                    if allowed.is_empty() { "none (the item is finished)".to_string() } else { allowed.join(", ") }
                )
            }
            (Lang::Zh, Failure::IllegalMove(m)) => {
                let allowed: Vec<_> = m.allowed.iter().map(|a| self.mv(*a)).collect();
                format!(
                    "事项状态为“{}”，不能{}；可进行：{}",
                    self.status(m.from),
                    self.mv(m.mv),
                    if allowed.is_empty() { "无（事项已结束）".to_string() } else { allowed.join("、") }
                )
            }
            (Lang::En, Failure::Extension(ExtensionRefusal::NotRunning { status })) => format!(
                "only an open, running item can have its deadline extended; this one is {}",
                self.status_named(status)
            ),
            (Lang::En, Failure::Refused(x)) => x.to_string(),
            (Lang::Zh, Failure::Refused(x)) => match x {
                crate::domain::lifecycle::MoveRefusal::NeedsApproval { working_days_late } => format!(
                    "该事项已超过办理时限{working_days_late}个工作日，中止须经领导批准，请填写批准人（--approved-by）"
                ),
                crate::domain::lifecycle::MoveRefusal::NoAcknowledger => {
                    "签收须写明签收人（--by）".into()
                }
                crate::domain::lifecycle::MoveRefusal::NoReason { .. } => "请填写理由".into(),
                crate::domain::lifecycle::MoveRefusal::Illegal(m) => {
                    self.failure(&Failure::IllegalMove(m.clone()))
                }
            },
            (Lang::En, Failure::Instruction(x)) => x.to_string(),
            (Lang::Zh, Failure::Instruction(x)) => {
                use crate::domain::instruction::InstructionRefusal as R;
                match x {
                    R::Cancelled => "事项已撤销，不再记录领导批示".into(),
                    R::NoDeadline => "领导提出新要求的，须写明新的办理时限".into(),
                    R::DeadlineWithoutRequirement => {
                        "只有提出新要求的批示才设定办理时限；请清空时限，或将批示性质改为“提出新要求”".into()
                    }
                    R::DeadlineBeforeToday { deadline, today } => {
                        format!("新的办理时限 {deadline} 早于今天（{today}），须为今天或以后的日期")
                    }
                    R::Closed => "事项已销号归档；领导提出的新要求请登记为新的督办事项".into(),
                    R::Suspended => "事项已中止；请先恢复办理，再按新要求设定办理时限".into(),
                    R::Overdue { deadline, working_days_late } => format!(
                        "该事项已超过办理时限（{deadline}）{working_days_late}个工作日；领导批示提出新要求不改变逾期事项的办理时限，请催办，或将批示记为批评"
                    ),
                }
            }
            (Lang::En, Failure::Extension(x)) => x.to_string(),
            (Lang::Zh, Failure::Extension(x)) => match x {
                ExtensionRefusal::NoDeadline => "该事项没有办理时限，无需延期".into(),
                ExtensionRefusal::AlreadyLate { deadline } => format!("延期须在时限（{deadline}）之前申请；该事项已超期"),
                ExtensionRefusal::OnDeadlineDay { deadline } => format!("延期须在时限之前申请；今天（{deadline}）已是办理时限当日"),
                ExtensionRefusal::NotLater { new, deadline } => format!("新时限 {new} 须晚于现时限 {deadline}"),
                ExtensionRefusal::AlreadyPending => "已有待审批的延期申请，请先批准或驳回".into(),
                ExtensionRefusal::TooMany { max } => format!("本机关规定每个事项最多批准延期{max}次，该事项已达上限"),
                ExtensionRefusal::TooLong { max, total } => format!("本机关规定延期累计不超过{max}个工作日，本次延期后将达{total}个工作日"),
                ExtensionRefusal::NotRunning { status } => format!("只有在办事项可以延期（当前：{}）", self.status_named(status)),
                ExtensionRefusal::NonePending => "没有待审批的延期申请".into(),
            },
            (Lang::En, Failure::Note(crate::domain::ladder::NoteRefusal::NothingToUrge { status })) => format!(
                "the item is {}: there is nothing left to urge; only a level from written explanation up (accountability for how it was done) can be recorded",
                self.status(*status)
            ),
            (Lang::En, Failure::Note(x)) => x.to_string(),
            (Lang::Zh, Failure::Note(x)) => match x {
                crate::domain::ladder::NoteRefusal::Cancelled => "事项已撤销，不能再作催办问责记录".into(),
                crate::domain::ladder::NoteRefusal::Reported => "办结报告已报送，正待本机关审核，无需催办承办单位；请审核报告".into(),
                crate::domain::ladder::NoteRefusal::NothingToUrge { status } => format!(
                    "事项已{}，无需再催办；只能记录书面说明及以上的问责",
                    self.status(*status)
                ),
            },
            (_, Failure::MixedStages) => self
                .pick(
                    "所标记事项处于不同阶段（有的待报送办结报告，有的待审核），请分开处理",
                    "the marked items are at different stages (some owe a completion report, some await review); decide them separately",
                )
                .into(),
            (_, Failure::Stale) => self
                .pick(
                    "该事项刚被他人修改，界面已刷新，请重新操作",
                    "the item was changed by someone else since it was shown; the view has been refreshed, please try again",
                )
                .into(),
            (_, Failure::StaleKept) => self
                .pick(
                    "该事项刚被他人修改，界面已刷新；所填内容已保留，核对后再按 Enter 即按最新情况保存",
                    "the item was changed by someone else since the form opened; the view has been refreshed and what you typed is kept: check it and press Enter again to save it against the item as it is now",
                )
                .into(),
            (Lang::Zh, Failure::MultiLinePaste { field, lines }) => {
                format!("{}只能填一行，粘贴的内容有 {lines} 行，未粘贴", self.field(*field))
            }
            (Lang::En, Failure::MultiLinePaste { field, lines }) => format!(
                "{} takes one line; the paste had {lines} lines and was not inserted",
                self.field(*field)
            ),
            (_, Failure::Write { path, problem }) => {
                use crate::app::report::WriteProblem;
                let path = crate::text::safe(path);
                let why = match problem {
                    WriteProblem::NoFolder => self
                        .pick("所在文件夹不存在", "its folder does not exist")
                        .to_string(),
                    WriteProblem::IsFolder => self
                        .pick("这是一个文件夹，请写上文件名", "it is a folder: add a file name")
                        .to_string(),
                    WriteProblem::Denied => self
                        .pick("没有写入权限", "permission denied")
                        .to_string(),
                    WriteProblem::Other(e) => crate::text::safe(e),
                };
                match self {
                    Lang::Zh => format!("文件无法写入“{path}”：{why}；请换一个文件路径"),
                    Lang::En => format!("file: cannot write \"{path}\": {why}; choose another path"),
                }
            }
            (Lang::Zh, Failure::File(crate::app::attachment::FileProblem::Exists(path))) => {
                format!("{path} 已存在，未写入任何内容；请在“文件”中改用其他文件名")
            }
            (Lang::En, Failure::File(crate::app::attachment::FileProblem::Exists(path))) => {
                format!("{path} already exists; nothing was written: name another file")
            }
            (_, Failure::File(p)) => self.file_problem(p),
            (Lang::Zh, Failure::NoSuchItem(n)) => format!("事项 {n} 不在本库中"),
            (Lang::En, Failure::NoSuchItem(n)) => format!("item {n} is not in this database"),
            (Lang::En, Failure::Import(x)) => x.to_string(),
            (Lang::Zh, Failure::Import(x)) => self.import_refusal(x),
            (_, Failure::Open { .. } | Failure::MissingFolder(_) | Failure::NotDuban(_))
            | (_, Failure::OpenedReadOnly { .. })
            | (
                _,
                Failure::NewerSchema { .. }
                | Failure::MigrationFailed { .. }
                | Failure::DiskFull
                | Failure::Busy,
            )
            | (_, Failure::Damaged) => {
                self.database_failure(f)
            }
            (_, Failure::Server { place, problem }) => self.server_failure(place, problem),
            (Lang::En, Failure::ChangedSince(c)) => {
                crate::Error::ChangedSince(c.clone()).to_string()
            }
            (Lang::Zh, Failure::ChangedSince(c)) => {
                use crate::domain::history::EventCode as K;
                let what = match c.what {
                    K::StatusChanged => "变更了办理状态",
                    K::ExtensionRequested => "申请了延期",
                    K::ExtensionDecided => "审批了延期",
                    K::MilestoneAdded => "添加了节点",
                    K::MilestoneDone => "完成了节点",
                    K::FeedbackAdded => "记录了进展反馈",
                    K::NoteAdded => "记录了催办问责",
                    K::ItemEdited => "修改了事项",
                    K::Snoozed => "暂缓了事项",
                    K::Commended => "记录了通报表扬",
                    K::Instructed => "记录了领导批示",
                    K::Attached => "添加了附件",
                    K::Undone => "撤销了一次操作",
                    K::Redone => "重做了一次操作",
                    K::ItemRegistered | K::DepartmentCreated => "修改了事项",
                };
                let item = c.number.as_deref().unwrap_or("该事项");
                let verb = if c.undo { "撤销" } else { "重做" };
                format!(
                    "无法{verb}：在您操作之后，{} 于 {} 对事项 {item} {what}；现在{verb}会丢失这一修改，未作任何改动；请直接在该事项上作所需的修改（duban show {item} 可查看其历史）",
                    crate::text::safe(&c.by),
                    c.at
                )
            }
            (_, Failure::NotReversible(kind)) => {
                use crate::domain::history::EventCode as K;
                match (self, kind) {
                    (Lang::Zh, K::ItemRegistered | K::DepartmentCreated) => {
                        "上一步操作是立项，撤销操作不能收回立项；如需作废，请将该事项撤销".into()
                    }
                    (Lang::En, K::ItemRegistered | K::DepartmentCreated) => {
                        "the last action registered an item, which undo does not take back; cancel the item instead".into()
                    }
                    (Lang::Zh, k) => format!(
                        "上一步操作（{}）不能撤销；请直接在该事项上作所需的修改",
                        super::history_words::event_noun(*k, self)
                    ),
                    (Lang::En, k) => format!(
                        "the last action ({}) cannot be undone; change the item instead",
                        super::history_words::event_noun(*k, self)
                    ),
                }
            }
            (Lang::Zh, Failure::NoSuchMilestone(no)) => format!("该事项没有第 {no} 个分解节点"),
            (Lang::En, Failure::NoSuchMilestone(no)) => {
                format!("milestone {no} of this item does not exist")
            }
            (Lang::Zh, Failure::NotWritable { path, reason }) => format!(
                "无法写入 {}（{}），未写入任何内容；请换一个路径",
                crate::text::safe(path),
                zh_io_reason(reason)
            ),
            (Lang::En, Failure::NotWritable { path, reason }) => format!(
                "cannot open {} for writing: {}",
                crate::text::safe(path),
                crate::text::safe(reason)
            ),
            (Lang::Zh, Failure::NotEmpty(n)) => format!(
                "数据库中已有 {n} 个事项；示例数据只能填入空数据库（请用另一个 --db 路径）"
            ),
            (Lang::En, Failure::NotEmpty(n)) => format!(
                "the database already holds {n} items; the sample office fills only an empty database (use another --db path)"
            ),
            (Lang::Zh, Failure::Backup { path, reason }) => format!(
                "今天的数据库备份未能写入 {}（{}）；工作照常进行，不受影响。请检查该文件夹；不需要备份时，可在配置文件中把保留份数设为 0",
                crate::text::safe(path),
                zh_io_reason(reason)
            ),
            (Lang::En, Failure::Backup { path, reason }) => format!(
                "today's copy of the database could not be written to {} ({}); the work goes on without it. Check that folder, or set keep = 0 under [backup] in the configuration to stop backups",
                crate::text::safe(path),
                crate::text::safe(reason)
            ),
            (_, Failure::Other(text)) => text.clone(),
        }
    }

    fn status_named(self, code: &str) -> String {
        Status::from_code(code)
            .map_or_else(|| crate::text::safe(code), |s| self.status(s).to_string())
    }

    fn accepted(self, field: &str, codes: &str) -> String {
        use super::history_words::flag_name;
        use crate::domain::item::Flag;
        let sep = self.pick("、", ", ");
        let names: Vec<&str> = match field {
            "light" => WarningLight::ALL.iter().map(|l| self.light(*l)).collect(),
            "status" => Status::ALL.iter().map(|x| self.status(*x)).collect(),
            "flags" => Flag::ALL.iter().map(|f| flag_name(*f, self)).collect(),
            "level" => Level::ALL.iter().map(|l| self.level(*l)).collect(),
            "source" => SourceKind::ALL.iter().map(|k| self.source(*k)).collect(),
            "cadence" => Cadence::ALL.iter().map(|c| self.cadence(*c)).collect(),
            "urgent" | "grant" => vec![self.pick("是", "yes"), self.pick("否", "no")],
            "verdict" => vec![self.pick("通过", "approve"), self.pick("退回", "return")],
            _ => return codes.to_string(),
        };
        names.join(sep)
    }

    /// Why the office's server could not be used, in the clerk's language.
    fn server_failure(self, place: &str, problem: &crate::error::ServerProblem) -> String {
        use crate::error::{Error, ServerProblem};
        if self == Lang::En {
            return Error::Server {
                place: place.to_string(),
                problem: problem.clone(),
            }
            .to_string();
        }
        let p = if place.is_empty() {
            "本办数据库服务器".to_string()
        } else {
            crate::text::safe(place)
        };
        match problem {
            ServerProblem::Unreachable { reason } => format!(
                "无法连接本办数据库服务器 {p}（{}），未写入任何内容；请确认服务器已启动、地址无误",
                crate::text::safe(reason)
            ),
            ServerProblem::Login => format!(
                "服务器 {p} 拒绝登录（用户名或密码有误，或该登录不允许连接），未写入任何内容；请检查 --db 中的用户名和密码"
            ),
            ServerProblem::NoDatabase => format!(
                "{p} 所指的数据库在服务器上不存在，未写入任何内容；请先建库（createdb），再用此地址运行 duban db init"
            ),
            ServerProblem::NoOffice => format!(
                "{p} 中还没有 duban 办公数据，且此登录无权创建；请由数据库所有者先用此地址运行 duban db init"
            ),
            ServerProblem::ReadOnlyLogin { login } if login.is_empty() => {
                format!("服务器拒绝了此次写入：此登录对本办数据（{p}）只有查阅权限，未写入任何内容")
            }
            ServerProblem::ReadOnlyLogin { login } => format!(
                "服务器拒绝了此次写入：登录 {} 对本办数据（{p}）只有查阅权限，未写入任何内容",
                crate::text::safe(login)
            ),
            ServerProblem::Lost => format!(
                "与本办数据库服务器 {p} 的连接已中断，未确认的内容均未写入；请待服务器恢复后重试"
            ),
            ServerProblem::BadAddress { reason } => format!(
                "{p} 不是可用的服务器地址（{}）；应写作 postgres://用户名@主机/数据库",
                crate::text::safe(reason)
            ),
            ServerProblem::NeedsTls => format!(
                "服务器 {p} 只接受加密连接，未写入任何内容；请在地址后加上 ?sslmode=require"
            ),
        }
    }

    fn database_failure(self, f: &Failure) -> String {
        use crate::error::{BUSY_WAIT_SECS, Error, OpenProblem};
        use std::path::PathBuf;
        if self == Lang::En {
            let e = match f.clone() {
                Failure::Open { path, problem } => Error::Open {
                    path: path.into(),
                    problem,
                },
                Failure::MissingFolder(p) => Error::MissingFolder(p.into()),
                Failure::OpenedReadOnly { path, copy } => Error::OpenedReadOnly {
                    path: path.into(),
                    copy,
                },
                Failure::NotDuban(p) => Error::NotDuban(p.into()),
                Failure::NewerSchema { path, found, known } => Error::NewerSchema {
                    path: PathBuf::from(path),
                    found,
                    known,
                },
                Failure::MigrationFailed {
                    path,
                    from,
                    to,
                    reason,
                } => Error::MigrationFailed {
                    path: PathBuf::from(path),
                    from,
                    to,
                    reason,
                },
                Failure::DiskFull => Error::DiskFull,
                Failure::Damaged => Error::Damaged,
                _ => Error::Busy,
            };
            return e.to_string();
        }
        let p = |path: &str| crate::text::safe(path);
        match f {
            Failure::OpenedReadOnly { path, copy: true } => format!(
                "{} 是 duban backup 所作的备份，只读打开，未写入任何内容；如要在其中办理，请先将其恢复为本办数据库（duban --db 本办数据库 restore {} --force）",
                p(path),
                p(path)
            ),
            Failure::OpenedReadOnly { path, copy: false } => {
                format!("{} 以只读方式打开（--read-only），未写入任何内容", p(path))
            }
            Failure::MissingFolder(d) => {
                format!(
                    "数据库所在文件夹 {} 不存在；请先建立该文件夹，或用 --db 换一个路径",
                    p(d)
                )
            }
            Failure::NotDuban(path) => {
                format!(
                    "{} 不是 duban 数据库，未作改动；请用 --db 换一个路径",
                    p(path)
                )
            }
            Failure::NewerSchema { path, found, known } => format!(
                "{} 由更新版本的 duban 写入（结构版本 {found}，本版本最高识别 {known}），未作改动；请升级 duban 后再打开",
                p(path)
            ),
            Failure::MigrationFailed {
                path,
                from,
                to,
                reason,
            } => format!(
                "{} 无法从结构版本 {from} 升级到 {to}（{}），保持原样；请从备份恢复或报告此问题",
                p(path),
                p(reason)
            ),
            Failure::Damaged => {
                "数据库文件已损坏（有数据页损坏），本次操作未写入任何内容；请从备份恢复（duban backup --list 查看备份，duban restore 备份文件 --force 恢复）".into()
            }
            Failure::DiskFull => {
                "数据库所在磁盘已满，本次操作未写入任何内容；请清理磁盘空间后重试".into()
            }
            Failure::Busy => format!(
                "数据库正被另一程序占用，等待 {BUSY_WAIT_SECS} 秒仍未释放，本次操作未写入任何内容；请关闭该程序或稍后重试"
            ),
            Failure::Open { path, problem } => {
                let path = p(path);
                match problem {
                    OpenProblem::IsFolder => {
                        format!("{path} 是一个文件夹；--db 须写明文件名，如 {path}/duban.db")
                    }
                    OpenProblem::Damaged => format!(
                        "{path} 是已损坏的 duban 数据库（文件被截断或内容损坏），未作改动；请从备份恢复，或用 --db 换一个路径"
                    ),
                    OpenProblem::DiskFull => {
                        format!("{path} 所在磁盘已满，未写入任何内容；请清理磁盘空间后重试")
                    }
                    OpenProblem::Locked => format!(
                        "{path} 被另一程序锁定，等待 {BUSY_WAIT_SECS} 秒仍未释放；请关闭该程序后重试"
                    ),
                    OpenProblem::ReadOnly => format!(
                        "{path} 是只读文件，未写入任何内容；请改为可写（chmod 600 {path}），或用 --db 换一个路径"
                    ),
                    OpenProblem::Unreadable => format!(
                        "{path} 无法读取（没有读取权限）；请改回本人可读写（chmod 600 {path}），或用 --db 换一个路径"
                    ),
                    OpenProblem::FolderNotWritable => format!(
                        "{path} 所在文件夹不可写，而数据库须在其旁写入日志文件；请将该文件夹改为可写，或用 --db 换一个路径"
                    ),
                    OpenProblem::Missing => format!(
                        "{path} 不存在；只读打开（--read-only）不会新建文件；请用 --db 换一个路径"
                    ),
                    OpenProblem::Empty => format!(
                        "{path} 是一个空文件，并非 duban 所建，未将其当作本办数据库；请删除该文件（duban 会新建一个仅本人可读写的数据库），或用 --db 换一个路径"
                    ),
                    OpenProblem::ForeignOwner { owner } => format!(
                        "{path} 属于另一用户（uid {owner}），未打开；请使用本人的文件，或将其交给本人（chown）"
                    ),
                    OpenProblem::SharedWritable { mode } => format!(
                        "{path} 可被其他用户写入（权限 {mode:o}），未打开；请改为仅本人可读写（chmod 600 {path}）"
                    ),
                    OpenProblem::ForeignCompanion { name, owner, mode } => format!(
                        "{path} 未打开：其旁的 {} 属于其他用户（uid {owner}）或可被他人写入（权限 {mode:o}），其内容会被当作本办数据读取；如无 duban 在运行，请删除该文件（duban 会新建一个仅本人可读写的），或请管理员把它交给你",
                        crate::text::safe(name)
                    ),
                }
            }
            _ => String::new(),
        }
    }

    fn import_refusal(self, x: &ImportRefusal) -> String {
        use crate::domain::import::{Reference, RowProblem};
        let (row, field, problem) = match x {
            ImportRefusal::NotEmpty { items, events } => {
                return format!(
                    "数据库中已有 {items} 个事项、{events} 条记录；只能导入到空数据库（请用另一个 --db 路径），未导入任何内容"
                );
            }
            ImportRefusal::NotAnExport { file, reason } => {
                return format!("{file} 不是 duban 导出的 JSON 文件（{reason}），未导入任何内容");
            }
            ImportRefusal::Row {
                row,
                field,
                problem,
            } => (row, *field, problem),
        };
        let place = format!("{row}.{field}");
        let what = match problem {
            // A file spells a closed-set value by its code: the codes are what it accepts.
            RowProblem::Input(Problem::UnknownCode { accepted, got }) => format!(
                "只能是以下代码之一：{accepted}（文件中为“{}”）",
                crate::domain::validate::shown(got)
            ),
            RowProblem::Input(p) => self.failure(&Failure::Input(
                crate::domain::validate::InputError::new(field, p.clone()),
            )),
            RowProblem::Missing => "缺失".into(),
            RowProblem::WrongType { expected } => format!("须为{}", zh_expected(expected)),
            RowProblem::UnknownReference {
                what: Reference::Department,
                got,
            } => {
                format!(
                    "“{}”不在文件的单位列表（departments）中",
                    crate::domain::validate::shown(got)
                )
            }
            RowProblem::UnknownReference {
                what: Reference::Item,
                got,
            } => {
                format!("“{}”不是文件中的事项", crate::domain::validate::shown(got))
            }
            RowProblem::UnknownReference {
                what: Reference::File,
                got,
            } => {
                format!(
                    "“{}”不在文件的附件列表（files）中",
                    crate::domain::validate::shown(got)
                )
            }
            RowProblem::Duplicate { got } => {
                format!("“{}”与前面的行重复", crate::domain::validate::shown(got))
            }
            RowProblem::OutOfOrder => "顺序不对：记录须按登记先后排列（编号递增，批次不减）".into(),
            RowProblem::Payload { reason } => {
                format!(
                    "无法按其类型解读（{}）",
                    crate::domain::validate::shown(reason)
                )
            }
            RowProblem::DuplicateKey { key } => {
                return format!(
                    "{row} 中键“{}”出现了两次，每个字段只能给一次；未导入任何内容",
                    crate::domain::validate::shown(key)
                );
            }
            RowProblem::DisagreesWithHistory { what } => {
                return format!(
                    "{row} 与其在 events 中的记录不符（{}）：数据行须与历史记录一致；未导入任何内容",
                    crate::domain::validate::shown(what)
                );
            }
            RowProblem::NotRegistered => {
                return format!(
                    "{row} 在 events 中没有立项（item_registered）记录；未导入任何内容"
                );
            }
        };
        format!("{place}：{what}；未导入任何内容")
    }
}

/// Declares the fixed words of the interface with the list of them all, so that a test can
/// see every one in both languages.
macro_rules! texts {
    ($($(#[$meta:meta])* $variant:ident,)+) => {
        /// Fixed words of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $($(#[$meta])* $variant,)+
        }

        impl Text {
            /// Every fixed word.
            pub const ALL: &'static [Text] = &[$(Text::$variant,)+];
        }
    };
}

texts! {
    Number,
    Title,
    Lead,
    Owner,
    StatusH,
    Deadline,
    Left,
    NoItems,
    NoFeedback,
    NoNotes,
    Suggested,
    Filter,
    Today,
    Help,
    TooSmall,
    Moves,
    NoMoves,
    More,
    NoDeadline,
    Milestones,
    Extensions,
    History,
    Instruction,
    Requirement,
    Source,
    Co,
    Cadence,
    Flags,
    Urgent,
    Registered,
    /// The deadline an item had before extensions and resumptions moved it.
    Originally,
    /// A triage card's row of the item's pending extension request.
    ExtensionRequest,
    Overdue,
    Unaddressed,
    DetailKeys,
    Done,
    Open,
    All,
    HelpHint,
    /// The help's heading of the keys in a form.
    Forms,
    /// Completed, closed or cancelled items, counted on the list's count line.
    Finished,
    /// The status filter's choice of every item, finished ones included.
    AllStatuses,
    Triage,
    Decided,
    Skipped,
    Why,
    LastFeedback,
    LastNote,
    NoneYet,
    TriageDone,
    WillRecord,
    WillRefuse,
    TriageEmpty,
    Marked,
    Snoozed,
    Commendation,
    Commendations,
    Instructions,
    Attachments,
    InstructionWord,
    PointsShort,
    Calendar2027,
    /// The office was opened for reading only (status bar).
    ReadOnly,
    Bulletin,
    Ranking,
    NotRanked,
    ReportKeys,
    NoReportItems,
    NoSourceRef,
    ColItems,
    ColDone,
    ColOpen,
    ColOverdue,
    ColReview,
    ReportedLate,
    ReportedLateShort,
    ColSuspended,
    ColCancelled,
    ColOnTime,
    ColCompletion,
    ColTotal,
}

/// What a command of the command line did, as it confirms it on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Moved(Status),
    ExtensionRequested(chrono::NaiveDate),
    ExtensionDecided(crate::domain::extension::ExtensionDecision),
    MilestoneAdded {
        no: i64,
        due: chrono::NaiveDate,
    },
    MilestoneDone(i64),
    Feedback,
    Note(Level),
    Commendation,
    /// A file kept with the item: its name as kept, its size, and its address.
    Attached {
        name: String,
        size: u64,
        sha256: String,
    },
    /// A leader's instruction: its sense, the deadline before and after when a new requirement
    /// moved it, and the status before and after when it reopened the item.
    Instruction {
        sense: crate::domain::instruction::InstructionSense,
        deadline: Option<(Option<chrono::NaiveDate>, chrono::NaiveDate)>,
        reopened: Option<(Status, Status)>,
    },
}

/// Cells an edit's preview gives the old value and the new one of a field, so that each change
/// takes one row of the dialog (the new value is in its field above, whole).
const EDIT_OLD_CELLS: usize = 16;
const EDIT_NEW_CELLS: usize = 40;

fn numbers(items: &[crate::domain::item::ItemNumber]) -> String {
    items
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a file could not be written, in Chinese: the system's reason, named where it is a
/// common one.
fn zh_io_reason(reason: &str) -> String {
    let r = reason.to_ascii_lowercase();
    if r.contains("permission denied") || r.contains("read-only") {
        "没有写入权限".into()
    } else if r.contains("no space") || r.contains("quota") {
        "磁盘已满".into()
    } else if r.contains("no such file") {
        "所在文件夹不存在".into()
    } else if r.contains("is a directory") {
        "这是一个文件夹，请写上文件名".into()
    } else {
        format!("系统提示：{}", crate::text::safe(reason))
    }
}

/// What an import expected of a field (`RowProblem::WrongType`), in Chinese.
fn zh_expected(expected: &str) -> &str {
    match expected {
        "an object" => "对象",
        "text" => "文字",
        "a whole number" => "整数",
        "a number" => "数字",
        "true or false" => " true 或 false",
        "a date written YYYY-MM-DD" => "日期（YYYY-MM-DD）",
        "a time written YYYY-MM-DDTHH:MM:SS" => "时间（YYYY-MM-DDTHH:MM:SS）",
        "a code (text)" => "代码（文字）",
        "a list" => "列表",
        "a list of department names" => "单位名称列表",
        "an item number like 2026-017" => "事项编号，如 2026-017",
        other => other,
    }
}

fn zh_field(code: &str) -> &str {
    match code {
        "title" => "事项名称",
        "light" => "灯色",
        "status" => "办理状态",
        "number" => "事项编号",
        "name" => "名称",
        "value" => "取值",
        "no-deadline-reason" => "未明确时限原因",
        "--date" => "日期（--date）",
        "--dept" => "单位（--dept）",
        "lead" => "牵头单位",
        "owner" => "责任人",
        "co" => "配合单位",
        "source" => "来源",
        "ref" => "文号",
        "instruction" => "批示内容",
        "leader" => "批示领导",
        "requirement" => "办理要求",
        "due" => "办理时限",
        "cadence" => "督办频次",
        "flags" => "重点标记",
        "urgent" => "紧急",
        "text" => "反馈内容",
        "percent" => "完成进度",
        "by" => "反馈人",
        "--by" => "签收人",
        "--approved-by" => "批准人",
        "level" => "层级",
        "target" => "对象",
        "reason" => "事由",
        "require" => "整改要求",
        "points" => "加减分",
        "--to" => "延期时限",
        "until" => "暂缓至",
        "grant" => "当即批准",
        "verdict" => "审核结论",
        "format" => "格式",
        "lang" => "文档语言",
        "path" => "文件",
        "milestone due" => "节点时限",
        "milestone" => "节点任务",
        "feedback" => "进展反馈",
        "commendation" => "通报表扬",
        "--today" => "当天日期（--today）",
        "--actor" => "操作人（--actor）",
        "$DUBAN_ACTOR" => "操作人（$DUBAN_ACTOR）",
        "$USER" => "操作人（$USER）",
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "strings_tests.rs"]
mod tests;

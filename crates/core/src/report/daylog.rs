//! The clerk's daily log of decisions (研判处置日志), printable in Markdown or Word: the lines
//! `duban triage --summary` prints, as a document.

use chrono::NaiveDate;

use super::docx::{Cell, Official};
use super::escape::md;
use super::wording::{date, document_number};
use crate::domain::history::{Column, EventKind};
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::{Move, Status};
use crate::lang::Lang;
use std::io::Result;

/// What one decision of the day was, as the log words it.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// A note of the ladder: urging (催办) up to the urging notice, accountability (问责) above.
    Noted(Level),
    Feedback,
    Commended,
    /// A leader's instruction recorded (领导批示), with its sense.
    Instructed(crate::domain::instruction::InstructionSense),
    Extension {
        granted: bool,
        to: NaiveDate,
    },
    /// A completion report sent back (退回), with the reason recorded.
    Returned {
        reason: String,
    },
    /// Any other move along the lifecycle, with its reason when it needs one (中止, 撤销).
    Moved {
        to: Status,
        reason: Option<String>,
    },
    Snoozed(NaiveDate),
}

impl Decision {
    /// What an event decided; `None` for an event that is no decision of the clerk's.
    pub fn of(kind: &EventKind) -> Option<Self> {
        match kind {
            EventKind::NoteAdded { level, .. } => Some(Decision::Noted(*level)),
            EventKind::FeedbackAdded { .. } => Some(Decision::Feedback),
            EventKind::Commended { .. } => Some(Decision::Commended),
            EventKind::Instructed { sense, .. } => Some(Decision::Instructed(*sense)),
            EventKind::ExtensionRequested { new_deadline, .. } => Some(Decision::Extension {
                granted: false,
                to: *new_deadline,
            }),
            EventKind::ExtensionDecided { on, .. } => on
                .changes
                .after(Column::Deadline)
                .and_then(|d| d.as_day())
                .map(|to| Decision::Extension { granted: true, to }),
            EventKind::StatusChanged {
                mv: Move::Return,
                reason,
                ..
            } => Some(Decision::Returned {
                reason: reason.clone().unwrap_or_default(),
            }),
            EventKind::StatusChanged { to, reason, .. } => Some(Decision::Moved {
                to: *to,
                reason: reason.clone().filter(|r| !r.trim().is_empty()),
            }),
            EventKind::Snoozed { on } => on
                .changes
                .after(Column::SnoozedUntil)
                .and_then(|d| d.as_day())
                .map(Decision::Snoozed),
            _ => None,
        }
    }

    /// The decision in the log's language.
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            // Reminder and urging notice are urging (催办); from written explanation up,
            // accountability (问责).
            (Decision::Noted(l), Lang::Zh) if *l <= Level::Urging => {
                format!("催办（{}）", lang.level(*l))
            }
            (Decision::Noted(l), Lang::Zh) => format!("问责（{}）", lang.level(*l)),
            (Decision::Noted(l), Lang::En) => format!("note ({})", lang.level(*l)),
            (Decision::Feedback, _) => pick(lang, "录入反馈", "feedback recorded").into(),
            (Decision::Commended, _) => pick(lang, "通报表扬", "commendation").into(),
            (Decision::Instructed(sense), Lang::Zh) => {
                format!("领导批示（{}）", lang.sense(*sense))
            }
            (Decision::Instructed(sense), Lang::En) => {
                format!("leader's instruction ({})", lang.sense(*sense))
            }
            (Decision::Extension { granted: true, to }, _) => {
                format!("{} {to}", pick(lang, "批准延期至", "extension granted to"))
            }
            (Decision::Extension { granted: false, to }, _) => format!(
                "{} {to}",
                pick(lang, "登记延期申请至", "extension requested to")
            ),
            (Decision::Returned { reason }, Lang::Zh) => format!("退回（{}）", reason.trim()),
            (Decision::Returned { reason }, Lang::En) => format!("returned ({})", reason.trim()),
            (Decision::Moved { to, reason: None }, _) => format!("→ {}", lang.status(*to)),
            (
                Decision::Moved {
                    to,
                    reason: Some(r),
                },
                Lang::Zh,
            ) => format!("→ {}（{}）", lang.status(*to), r.trim()),
            (
                Decision::Moved {
                    to,
                    reason: Some(r),
                },
                Lang::En,
            ) => format!("→ {} ({})", lang.status(*to), r.trim()),
            (Decision::Snoozed(d), _) => format!("{} {d}", pick(lang, "暂缓至", "snoozed until")),
        }
    }
}

/// The decisions among one day's events (`(batch, event)`, in the order recorded): the index
/// of each event that is a decision of its own, and what it decided. A completion report is
/// one decision: the move to review and the report's feedback, recorded in one batch on one
/// item, are one line (the move's).
pub fn decisions(events: &[(i64, &EventKind)]) -> Vec<(usize, Decision)> {
    let submitted = |batch: i64, number: Option<ItemNumber>| {
        events.iter().any(|(b, e)| {
            *b == batch
                && e.number() == number
                && matches!(
                    e,
                    EventKind::StatusChanged {
                        to: Status::AwaitingReview,
                        ..
                    }
                )
        })
    };
    events
        .iter()
        .enumerate()
        .filter(|(_, (batch, e))| match e {
            EventKind::FeedbackAdded {
                kind: FeedbackKind::Completion,
                ..
            } => !submitted(*batch, e.number()),
            _ => true,
        })
        .filter_map(|(i, (_, e))| Decision::of(e).map(|d| (i, d)))
        .collect()
}

/// One decision of the day.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// The time it was recorded, HH:MM.
    pub time: String,
    pub number: Option<ItemNumber>,
    pub title: String,
    /// What was decided, in the log's language.
    pub decision: String,
    pub actor: String,
}

/// The decisions of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayLog {
    pub day: NaiveDate,
    pub lines: Vec<LogLine>,
    /// The office that keeps the log (落款), signed above the day at its foot.
    pub office: Option<String>,
    /// The head of the record at the end of the day, printed above the foot so that the log
    /// proves what it came from.
    pub record_head: Option<crate::report::render::RecordHead>,
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl DayLog {
    /// The log of one clerk's day: of the decisions recorded on `day`, those recorded under
    /// the clerk's own name (`actor`, the name every change of theirs is recorded with), in the
    /// order of their times (decisions of one minute in the order recorded). The sample
    /// office's history, recorded as its own actor and dated before today, and other clerks'
    /// decisions are not the clerk's.
    pub fn of_clerk(day: NaiveDate, actor: &str, lines: Vec<LogLine>) -> Self {
        let mut lines: Vec<LogLine> = lines.into_iter().filter(|l| l.actor == actor).collect();
        lines.sort_by(|a, b| a.time.cmp(&b.time));
        Self {
            day,
            lines,
            office: None,
            record_head: None,
        }
    }

    /// The same log with the head of the record it was read from.
    pub fn with_record_head(mut self, head: Option<crate::report::render::RecordHead>) -> Self {
        self.record_head = head;
        self
    }

    /// The sentence stating the record head, when there is one.
    pub fn record_head_line(&self, lang: Lang) -> Option<String> {
        self.record_head
            .as_ref()
            .map(|h| crate::report::render::words::record_head_sentence(h, lang))
    }

    /// The same log signed by `office` (落款).
    pub fn signed(mut self, office: Option<String>) -> Self {
        self.office = office;
        self
    }

    /// The foot of the log: the office (when one is named), then the day.
    pub fn signature(&self, lang: Lang) -> Vec<String> {
        self.office
            .iter()
            .cloned()
            .chain(std::iter::once(date(self.day, lang)))
            .collect()
    }

    pub fn title(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("督办事项研判处置日志（{}）", date(self.day, lang)),
            Lang::En => format!("Triage log, {}", date(self.day, lang)),
        }
    }

    /// The title over two lines, as a printed page sets it: the name, then the day.
    fn title_lines(&self, lang: Lang) -> (String, String) {
        match lang {
            Lang::Zh => (
                "督办事项研判处置日志".to_string(),
                format!("（{}）", date(self.day, lang)),
            ),
            Lang::En => ("Triage log".to_string(), date(self.day, lang)),
        }
    }

    fn count(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("当日共处置{}项。", self.lines.len()),
            Lang::En => format!("{} decisions recorded this day.", self.lines.len()),
        }
    }

    fn head(lang: Lang) -> [&'static str; 5] {
        match lang {
            Lang::Zh => ["时间", "编号", "事项名称", "处置", "经办人"],
            Lang::En => ["Time", "Number", "Item", "Decision", "By"],
        }
    }

    fn row(l: &LogLine, lang: Lang) -> [String; 5] {
        [
            l.time.clone(),
            l.number
                .map_or_else(String::new, |n| document_number(n, lang)),
            l.title.clone(),
            l.decision.clone(),
            l.actor.clone(),
        ]
    }

    /// The log in Markdown, every stored text escaped.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = format!(
            "# {}\n\n{}\n\n",
            md(&self.title(lang)),
            md(&self.count(lang))
        );
        if !self.lines.is_empty() {
            out.push_str(&format!("| {} |\n", Self::head(lang).join(" | ")));
            out.push_str("|---|---|---|---|---|\n");
            for l in &self.lines {
                let row: Vec<String> = Self::row(l, lang).iter().map(|c| md(c)).collect();
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
            out.push('\n');
        }
        if let Some(head) = self.record_head_line(lang) {
            out.push_str(&format!("{}\n\n", md(&head)));
        }
        let foot: Vec<String> = self.signature(lang).iter().map(|l| md(l)).collect();
        out.push_str(&foot.join("\n\n"));
        out.push('\n');
        out
    }

    /// The log as a Word document in the official layout.
    pub fn docx(&self, lang: Lang) -> Result<Vec<u8>> {
        let mut doc = Official::new(self.day);
        let (title, day) = self.title_lines(lang);
        doc.title(&title);
        doc.subtitle(&day);
        doc.blank();
        doc.para(&self.count(lang));
        if !self.lines.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .lines
                .iter()
                .map(|l| {
                    let [t, n, title, d, a] = Self::row(l, lang);
                    vec![
                        Cell::center(t),
                        Cell::center(n),
                        Cell::left(title),
                        Cell::left(d),
                        Cell::center(a),
                    ]
                })
                .collect();
            // The time and the document number never wrap.
            doc.table(&[9, 27, 26, 25, 13], &Self::head(lang), &rows);
        }
        doc.blank();
        if let Some(head) = self.record_head_line(lang) {
            doc.para(&head);
            doc.blank();
        }
        doc.right(&format!(
            "{}{}",
            pick(lang, "记录人：", "Recorded by: "),
            "__________"
        ));
        doc.blank();
        for line in self.signature(lang) {
            doc.right(&line);
        }
        doc.into_bytes()
    }

    /// The log as an Excel workbook (through [`crate::spreadsheet::xlsx::Book`]): each
    /// decision's moment a real date and time, the day and the settings' `fingerprint` line
    /// above the table and in the printed header.
    pub fn xlsx(&self, lang: Lang, fingerprint: &str) -> Result<Vec<u8>> {
        use crate::spreadsheet::xlsx::{Book, Column, Heading, Kind, Value};
        let [time, number, title, decision, actor] = Self::head(lang);
        let heading = Heading {
            title: self.title(lang),
            period: date(self.day, lang),
            fingerprint: fingerprint.to_string(),
            more: std::iter::once(self.count(lang))
                .chain(self.office.iter().cloned())
                .chain(self.record_head_line(lang))
                .collect(),
        };
        let mut book = Book::new();
        let mut sheet = book.sheet(
            pick(lang, "研判处置日志", "Triage log"),
            &heading,
            vec![
                Column::new(time, Kind::DateTime),
                Column::new(number, Kind::Text),
                Column::new(title, Kind::Text),
                Column::new(decision, Kind::Text),
                Column::new(actor, Kind::Text),
            ],
        )?;
        for l in &self.lines {
            let at = chrono::NaiveTime::parse_from_str(&l.time, "%H:%M").map_or_else(
                |_| Value::text(l.time.as_str()),
                |t| Value::DateTime(self.day.and_time(t)),
            );
            sheet.row(&[
                at,
                l.number
                    .map_or(Value::Empty, |n| Value::text(document_number(n, lang))),
                Value::text(l.title.as_str()),
                Value::text(l.decision.as_str()),
                Value::text(l.actor.as_str()),
            ])?;
        }
        book.add(sheet)?;
        book.to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::{Changes, ItemChange};

    const N: ItemNumber = ItemNumber { year: 2026, seq: 7 };
    const M: ItemNumber = ItemNumber { year: 2026, seq: 8 };

    fn on(number: ItemNumber) -> ItemChange {
        ItemChange {
            number,
            version: 1,
            changes: Changes::default(),
        }
    }

    fn moved(number: ItemNumber, mv: Move, to: Status, reason: Option<&str>) -> EventKind {
        EventKind::StatusChanged {
            mv,
            from: Status::InProgress,
            to,
            reason: reason.map(str::to_string),
            suspended_working_days: None,
            by: None,
            on: on(number),
        }
    }

    fn feedback(number: ItemNumber, kind: FeedbackKind) -> EventKind {
        EventKind::FeedbackAdded {
            feedback_id: 1,
            on_date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            reporter: String::new(),
            text: "已完成".into(),
            percent: Some(100),
            kind,
            on: on(number),
        }
    }

    #[test]
    fn every_decision_of_the_day_is_one_line() {
        let submit = moved(N, Move::Submit, Status::AwaitingReview, None);
        let report = feedback(N, FeedbackKind::Completion);
        let back = moved(N, Move::Return, Status::InProgress, Some("佐证材料不全"));
        let progress = feedback(M, FeedbackKind::Progress);
        // A completion feedback of another batch, or of another item, is a decision of its own.
        let late_report = feedback(N, FeedbackKind::Completion);
        let other = feedback(M, FeedbackKind::Completion);
        let commended = EventKind::Commended {
            commendation_id: 1,
            on_date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            target: "住建局".into(),
            reason: "提前完成".into(),
            points: 1.0,
            on: on(M),
        };
        let suspended = moved(M, Move::Suspend, Status::Suspended, Some("等待批复"));
        let instructed = EventKind::Instructed {
            instruction_id: 1,
            on_date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            leader: "王市长".into(),
            sense: crate::domain::instruction::InstructionSense::Requires,
            text: "年底前完成".into(),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31),
            on: on(M),
        };
        let events = [
            (1, &submit),
            (1, &report),
            (1, &other),
            (2, &back),
            (3, &progress),
            (4, &late_report),
            (5, &commended),
            (6, &suspended),
            (7, &instructed),
        ];
        let got: Vec<(usize, String, String)> = decisions(&events)
            .into_iter()
            .map(|(i, d)| (i, d.words(Lang::Zh), d.words(Lang::En)))
            .collect();
        let want = [
            (0, "→ 待审核", "→ awaiting review"),
            (2, "录入反馈", "feedback recorded"),
            (3, "退回（佐证材料不全）", "returned (佐证材料不全)"),
            (4, "录入反馈", "feedback recorded"),
            (5, "录入反馈", "feedback recorded"),
            (6, "通报表扬", "commendation"),
            (7, "→ 中止（等待批复）", "→ suspended (等待批复)"),
            (
                8,
                "领导批示（提出新要求）",
                "leader's instruction (new requirement)",
            ),
        ];
        let want: Vec<(usize, String, String)> = want
            .iter()
            .map(|(i, z, e)| (*i, z.to_string(), e.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    fn line(time: &str, actor: &str, decision: &str) -> LogLine {
        LogLine {
            time: time.into(),
            number: None,
            title: String::new(),
            decision: decision.into(),
            actor: actor.into(),
        }
    }

    #[test]
    fn the_clerks_log_keeps_only_their_decisions_in_time_order() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let log = DayLog::of_clerk(
            day,
            "督查员",
            vec![
                line("09:40", "督查员", "b"),
                line("08:31", "示例办公室", "history"),
                line("08:50", "督查员", "a"),
                line("09:40", "督查员", "c"),
                line("10:00", "王芳", "another clerk"),
            ],
        );
        let decisions: Vec<&str> = log.lines.iter().map(|l| l.decision.as_str()).collect();
        assert_eq!(decisions, ["a", "b", "c"]);
        assert!(
            log.markdown(Lang::En)
                .contains("3 decisions recorded this day.")
        );
    }
}

//! The urging notice (催办单): for one item, or for one department listing all its overdue
//! items (the form most offices send), in Markdown, HTML or Word.
//!
//! The notice is plain data filled by the caller from the item's record; the wording of each
//! language and the escaping of each format live here.

use chrono::NaiveDate;

use super::docx::Cell;
use super::paper::{Body, Paper};
use super::wording::{date, document_number};
use crate::domain::item::{ItemNumber, SourceKind};
use crate::domain::ladder::Level;
use crate::lang::Lang;
use crate::lang::en_count;
use std::io::Result;

/// The working days a department is given to reply to a notice.
pub const REPLY_WORKING_DAYS: u32 = 3;

/// One item as a notice names it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeItem {
    pub number: ItemNumber,
    pub title: String,
    pub source_kind: SourceKind,
    pub source_ref: String,
    pub lead: String,
    pub owner: String,
    pub deadline: Option<NaiveDate>,
    /// Working days past the deadline as of the notice's day; `None` when not overdue.
    pub working_days_late: Option<i64>,
    /// Working days left to the deadline when not overdue (and the clock runs).
    pub working_days_left: Option<i64>,
    /// The day the item was suspended, when it is: an item is urged while suspended only when
    /// it was already late, and the notice says so (its lateness frozen on that day; the days
    /// suspended do not count).
    pub suspended_on: Option<NaiveDate>,
    /// The level of the ladder the notice carries.
    pub level: Level,
    /// The correction required.
    pub requirement: String,
    /// Leaders' instructions on the item (领导批示), oldest first: quoted in a one-item notice.
    pub instructions: Vec<Quoted>,
    /// The originals kept with the item (交办原件留存), one line each as the caller words
    /// them, in the order attached: listed in a one-item notice, so that the department knows
    /// what the office holds on file.
    pub attachments: Vec<String>,
}

/// A leader's instruction as a paper quotes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quoted {
    pub on_date: NaiveDate,
    pub leader: String,
    pub sense: crate::domain::instruction::InstructionSense,
    pub text: String,
}

impl Quoted {
    /// `王市长（2026年11月25日，批评）：进度滞后`, one instruction.
    pub fn line(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "{}（{}，{}）：{}",
                self.leader,
                date(self.on_date, lang),
                lang.sense(self.sense),
                self.text
            ),
            Lang::En => format!(
                "{} ({}, {}): {}",
                self.leader,
                date(self.on_date, lang),
                lang.sense(self.sense),
                self.text
            ),
        }
    }
}

/// Several instructions in one form field, one after another.
pub fn quoted_lines(quoted: &[Quoted], lang: Lang) -> String {
    let lines: Vec<String> = quoted.iter().map(|q| q.line(lang)).collect();
    lines.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// A notice to one department about one or more items.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The department it is sent to.
    pub to: String,
    pub items: Vec<NoticeItem>,
    pub issued_on: NaiveDate,
    pub reply_by: NaiveDate,
    /// One notice per department (a list), rather than one item's notice.
    pub by_department: bool,
    /// The issuing office (落款), signed above the date at the foot.
    pub office: Option<String>,
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl NoticeItem {
    fn source(&self, lang: Lang) -> String {
        let kind = lang.source(self.source_kind);
        if self.source_ref.trim().is_empty() {
            kind.to_string()
        } else {
            match lang {
                Lang::Zh => format!("{kind}（{}）", self.source_ref.trim()),
                Lang::En => format!("{kind} ({})", self.source_ref.trim()),
            }
        }
    }

    fn deadline(&self, lang: Lang) -> String {
        self.deadline.map_or_else(
            || pick(lang, "未设办理时限", "no deadline").to_string(),
            |d| date(d, lang),
        )
    }

    /// How the item stands against its deadline.
    fn lateness(&self, lang: Lang) -> String {
        match (self.working_days_late, self.deadline, lang) {
            (Some(n), _, Lang::Zh) => format!("已超期{n}个工作日{}", self.suspension(lang)),
            (Some(n), _, Lang::En) => format!(
                "{} late{}",
                en_count(n, "working day", "working days"),
                self.suspension(lang)
            ),
            (None, None, _) => pick(lang, "未设办理时限", "no deadline").to_string(),
            (None, Some(_), Lang::Zh) => match self.working_days_left {
                Some(n) if n > 0 => format!("未超期（距办理时限尚余{n}个工作日）"),
                _ => "未超期".to_string(),
            },
            (None, Some(_), Lang::En) => match self.working_days_left {
                Some(n) if n > 0 => format!(
                    "not overdue ({} left)",
                    en_count(n, "working day", "working days")
                ),
                _ => "not overdue".to_string(),
            },
        }
    }

    /// The suspension, when the item is suspended: said after its lateness, which it froze.
    fn suspension(&self, lang: Lang) -> String {
        match (self.suspended_on, lang) {
            (None, _) => String::new(),
            (Some(d), Lang::Zh) => {
                format!("（截至{}中止之日；中止期间不计入办理时限）", date(d, lang))
            }
            (Some(d), Lang::En) => format!(
                " (as of its suspension on {}; the days suspended do not count)",
                date(d, lang)
            ),
        }
    }

    /// The fields of a one-item notice, label and value.
    fn fields(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            (
                pick(lang, "事项编号", "Number"),
                document_number(self.number, lang),
            ),
            (pick(lang, "事项名称", "Item"), self.title.clone()),
            (pick(lang, "事项来源", "Source"), self.source(lang)),
            (pick(lang, "牵头单位", "Lead department"), self.lead.clone()),
            (pick(lang, "责任人", "Owner"), self.owner.clone()),
            (pick(lang, "办理时限", "Deadline"), self.deadline(lang)),
            (
                pick(lang, "超期情况", "Against the deadline"),
                self.lateness(lang),
            ),
            (
                pick(lang, "督办层级", "Level"),
                lang.level(self.level).to_string(),
            ),
            (
                pick(lang, "整改要求", "Correction required"),
                self.requirement.clone(),
            ),
        ];
        if !self.instructions.is_empty() {
            // After the source, before who leads it: what the leaders said of its handling.
            fields.insert(
                3,
                (
                    pick(lang, "领导批示", "Leaders' instructions"),
                    quoted_lines(&self.instructions, lang),
                ),
            );
        }
        if !self.attachments.is_empty() {
            fields.push((
                pick(lang, "原件留存", "Originals on file"),
                self.attachments.join(match lang {
                    Lang::Zh => "；",
                    Lang::En => "; ",
                }),
            ));
        }
        fields
    }
}

impl Notice {
    pub fn title(&self, lang: Lang) -> String {
        match (lang, self.by_department) {
            (Lang::Zh, false) => "督办事项催办单".to_string(),
            (Lang::Zh, true) => "督办事项催办通知".to_string(),
            (Lang::En, false) => "Urging notice".to_string(),
            (Lang::En, true) => "Urging notice: overdue items".to_string(),
        }
    }

    /// The line under the title: the item's number, or the day of a department's list.
    fn subtitle(&self, lang: Lang) -> String {
        match (self.by_department, self.items.first()) {
            (false, Some(item)) => document_number(item.number, lang),
            _ => match lang {
                Lang::Zh => format!("（{}）", date(self.issued_on, lang)),
                Lang::En => date(self.issued_on, lang),
            },
        }
    }

    fn addressee(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}：", self.to),
            Lang::En => format!("To: {}", self.to),
        }
    }

    /// The opening paragraph.
    fn opening(&self, lang: Lang) -> String {
        let today = date(self.issued_on, lang);
        match (self.by_department, self.items.first(), lang) {
            (false, Some(i), Lang::Zh) => {
                let state = match (i.working_days_late, i.deadline, i.suspended_on) {
                    (Some(n), Some(d), Some(s)) => format!(
                        "办理时限为{}，至{}中止时已超期{n}个工作日，未办结（中止期间不计入办理时限）",
                        date(d, lang),
                        date(s, lang)
                    ),
                    (Some(n), Some(d), None) => format!(
                        "办理时限为{}，截至{today}已超期{n}个工作日，至今未办结",
                        date(d, lang)
                    ),
                    (None, Some(d), _) => {
                        format!("办理时限为{}，截至{today}尚未办结", date(d, lang))
                    }
                    _ => format!("未设办理时限，截至{today}尚未办结"),
                };
                format!(
                    "你单位牵头承办的“{}”（{}），{state}。现予以催办（督办层级：{}）。",
                    i.title,
                    document_number(i.number, lang),
                    lang.level(i.level)
                )
            }
            (false, Some(i), Lang::En) => {
                let state = match (i.working_days_late, i.deadline, i.suspended_on) {
                    (Some(n), Some(d), Some(s)) => format!(
                        "was due on {} and was {} late and not completed when it was suspended on {} (the days suspended do not count)",
                        date(d, lang),
                        en_count(n, "working day", "working days"),
                        date(s, lang)
                    ),
                    (Some(n), Some(d), None) => format!(
                        "was due on {} and, as of {today}, is {} late and not completed",
                        date(d, lang),
                        en_count(n, "working day", "working days")
                    ),
                    (None, Some(d), _) => {
                        format!(
                            "is due on {} and, as of {today}, not completed",
                            date(d, lang)
                        )
                    }
                    _ => format!("has no deadline and, as of {today}, is not completed"),
                };
                format!(
                    "The item your department leads, \"{}\" ({}), {state}. This notice urges it (level: {}).",
                    i.title,
                    document_number(i.number, lang),
                    lang.level(i.level)
                )
            }
            (_, _, Lang::Zh) => format!(
                "截至{today}，你单位牵头承办的以下{}项督办事项已超过办理时限，至今未办结，现予以催办：",
                self.items.len()
            ),
            (_, _, Lang::En) => format!(
                "As of {today}, the following {} your department leads {} past their deadline and not completed:",
                en_count(self.items.len() as i64, "item", "items"),
                if self.items.len() == 1 { "is" } else { "are" }
            ),
        }
    }

    /// The closing paragraph: what to do, and by when.
    fn closing(&self, lang: Lang) -> String {
        let by = date(self.reply_by, lang);
        match (self.by_department, self.items.first(), lang) {
            (false, Some(i), Lang::Zh) => format!(
                "请按照以下要求抓紧办理：{}。请于{by}前将办理情况书面回复。",
                i.requirement.trim_end_matches(['。', '.'])
            ),
            (false, Some(i), Lang::En) => format!(
                "Correction required: {}. Please reply in writing by {by}.",
                i.requirement.trim_end_matches('.')
            ),
            (_, _, Lang::Zh) => match self.shared_requirement() {
                Some(r) => format!(
                    "请按照以下要求抓紧办理：{}。请于{by}前将办理情况书面回复。",
                    r.trim_end_matches(['。', '.'])
                ),
                None => format!(
                    "请按照各事项的整改要求抓紧办理，于{by}前将办理情况和整改措施书面回复。"
                ),
            },
            (_, _, Lang::En) => match self.shared_requirement() {
                Some(r) => format!(
                    "Correction required: {}. Please reply in writing by {by}.",
                    r.trim_end_matches('.')
                ),
                None => format!(
                    "Please act on each item's required correction and reply in writing by {by}."
                ),
            },
        }
    }

    /// The correction every listed item shares, which the closing paragraph then states once
    /// (else each row states its own).
    fn shared_requirement(&self) -> Option<&str> {
        let first = self.items.first()?;
        self.items
            .iter()
            .all(|i| i.requirement == first.requirement)
            .then_some(first.requirement.as_str())
    }

    fn list_head(&self, lang: Lang) -> Vec<&'static str> {
        let mut head = match lang {
            Lang::Zh => vec!["编号", "事项名称", "办理时限", "超期工作日", "督办层级"],
            Lang::En => vec!["Number", "Item", "Deadline", "Working days late", "Level"],
        };
        if self.shared_requirement().is_none() {
            head.push(pick(lang, "整改要求", "Correction required"));
        }
        head
    }

    fn list_row(&self, i: &NoticeItem, lang: Lang) -> Vec<Cell> {
        let with_requirement = self.shared_requirement().is_none();
        // Six columns leave a deadline no room for the written-out date.
        let deadline = match i.deadline {
            Some(d) if with_requirement => d.to_string(),
            _ => i.deadline(lang),
        };
        let mut row = vec![
            Cell::center(document_number(i.number, lang)),
            Cell::left(i.title.clone()),
            Cell::center(deadline),
            Cell::center(match (i.working_days_late, i.suspended_on) {
                (None, _) => "—".to_string(),
                (Some(n), None) => n.to_string(),
                (Some(n), Some(_)) => format!("{n}{}", pick(lang, "（中止）", " (suspended)")),
            }),
            Cell::center(lang.level(i.level)),
        ];
        if with_requirement {
            row.push(Cell::left(i.requirement.clone()));
        }
        row
    }

    fn list_widths(&self, lang: Lang) -> &'static [u32] {
        match (lang, self.shared_requirement().is_none()) {
            // The document number, the deadline and the days late never wrap.
            (Lang::Zh, true) => &[27, 19, 16, 11, 11, 16],
            (Lang::Zh, false) => &[27, 22, 23, 15, 13],
            (Lang::En, true) => &[21, 20, 17, 14, 11, 17],
            (Lang::En, false) => &[21, 27, 24, 15, 13],
        }
    }

    /// The foot: the issuing office (when one is named), then the date.
    fn signature(&self, lang: Lang) -> Vec<String> {
        self.office
            .iter()
            .cloned()
            .chain(std::iter::once(date(self.issued_on, lang)))
            .collect()
    }

    /// The notice as a paper, ready to print in any format.
    pub fn paper(&self, lang: Lang) -> Paper {
        let body = match (self.by_department, self.items.first()) {
            (false, Some(i)) => Body::Form(
                i.fields(lang)
                    .into_iter()
                    .map(|(label, value)| (label.to_string(), value))
                    .collect(),
            ),
            _ => Body::List {
                head: self.list_head(lang).iter().map(|h| h.to_string()).collect(),
                rows: self.items.iter().map(|i| self.list_row(i, lang)).collect(),
                widths: self.list_widths(lang).to_vec(),
            },
        };
        Paper {
            lang,
            title: self.title(lang),
            subtitle: self.subtitle(lang),
            addressee: self.addressee(lang),
            opening: self.opening(lang),
            body,
            closing: self.closing(lang),
            signature: self.signature(lang),
            issued_on: self.issued_on,
            record_head: None,
        }
    }

    /// The notice in Markdown, every stored text escaped.
    pub fn markdown(&self, lang: Lang) -> String {
        self.paper(lang).markdown()
    }

    /// The notice as one self-contained HTML page (inline CSS, no script), escaped.
    pub fn html(&self, lang: Lang) -> String {
        self.paper(lang).html()
    }

    /// The notice as a Word document in the official layout.
    pub fn docx(&self, lang: Lang) -> Result<Vec<u8>> {
        self.paper(lang).docx()
    }
}

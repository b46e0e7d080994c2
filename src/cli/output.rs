//! Printing: aligned tables (wide characters take two columns), JSON and CSV.

use std::fmt::Write as _;

use super::listing::{Counts, Frame, Listing};
use crate::app::{Listed, Office};
use crate::cli::error::Result;
use crate::domain::light::LightReading;
use crate::store::ItemDetail;
use crate::text::fit;
use crate::ui::Lang;

fn days_left(l: &Listed, lang: Lang) -> String {
    // Working days: `wd` in English, the header says so in Chinese.
    let unit = if lang == Lang::Zh { "" } else { "wd" };
    match (
        l.overdue_working_days,
        l.working_days_left,
        l.reading.reported_late_working_days,
    ) {
        (Some(over), _, _) => format!("-{over}{unit}"),
        (None, Some(left), _) => format!("{left}{unit}"),
        // Reported late: late by the working days to the submission, frozen there.
        (None, None, Some(late)) => format!("-{late}{unit}"),
        _ => "—".to_string(),
    }
}

/// One of two words, by the clerk's language.
fn w(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Zh { zh } else { en }
}

/// `list` as a table: a line of headers, a line per item, and a line of counts.
pub fn table_frame(lang: Lang) -> Frame {
    let mut head = String::new();
    let _ = writeln!(
        head,
        "{} {} {} {} {} {} {} {}",
        fit(w(lang, "灯", "L"), light_cells(lang)),
        fit(w(lang, "编号", "number"), 9),
        fit(w(lang, "事项", "title"), 36),
        fit(w(lang, "牵头单位", "lead"), 18),
        fit(w(lang, "责任人", "owner"), 8),
        fit(w(lang, "状态", "status"), 15),
        fit(w(lang, "时限", "deadline"), 10),
        w(lang, "剩余工作日", "left"),
    );
    Frame {
        head,
        between: "",
        tail: Box::new(move |counts| table_counts(counts, lang)),
        empty: None,
    }
}

/// The light's letter under a header as wide as the language's word for it.
fn light_cells(lang: Lang) -> usize {
    w(lang, "灯", "L").len().min(2)
}

/// One item's line of the table.
pub fn table_line(l: &Listed, lang: Lang, mut out: String) -> String {
    let r = &l.row;
    // English keeps the status code scripts read; Chinese names it.
    let reported_late = l.reading.reported_late_working_days.is_some();
    let status = match lang {
        Lang::Zh if reported_late => "逾期报送待审核",
        Lang::Zh => lang.status(r.status),
        Lang::En => r.status.code(),
    };
    // A report submitted late and awaiting review: L, not the green of an item on track.
    let letter = if reported_late { 'L' } else { l.light.letter() };
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {}",
        fit(&letter.to_string(), light_cells(lang)),
        fit(&r.number.to_string(), 9),
        fit(&r.title, 36),
        fit(&r.lead_department, 18),
        fit(&r.owner, 8),
        fit(status, 15),
        fit(&r.deadline.map_or("—".into(), |d| d.to_string()), 10),
        days_left(l, lang)
    );
    out
}

/// The table's last line: how many items, by light.
fn table_counts(c: &Counts, lang: Lang) -> String {
    let (red, orange, yellow, green) = (c.red, c.orange, c.yellow, c.green);
    let reported_late = c.reported_late;
    match lang {
        Lang::Zh => format!(
            "共 {} 项 · 红 {red} · 橙 {orange} · 黄 {yellow} · 绿 {green}{}\n",
            c.items,
            if reported_late > 0 {
                format!(" · 逾期报送待审核 {reported_late}")
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "{} items · red {red} · orange {orange} · yellow {yellow} · green {green}{}\n",
            c.items,
            if reported_late > 0 {
                format!(" · reported late {reported_late}")
            } else {
                String::new()
            }
        ),
    }
}

/// `list --format json`: an array with one compact object per line, valid JSON for scripts,
/// one item per line for `grep`, and a fraction of the bytes of pretty printing.
pub fn json_frame() -> Frame {
    Frame {
        head: "[\n".into(),
        between: ",\n",
        tail: Box::new(|_| "\n]\n".into()),
        empty: Some("[]\n"),
    }
}

/// What a command prints.
#[derive(Debug, PartialEq)]
pub enum Printed {
    Text(String),
    /// A list, written in its order from where its lines were kept.
    List(Listing),
    /// A file's bytes (a Word document) written to standard output as they are.
    Bytes(Vec<u8>),
    /// A file made in a temporary file (a long list's workbook), copied out as it is.
    Spooled(Spooled),
}

/// A temporary file holding what is to be printed (removed when dropped).
#[derive(Debug)]
pub struct Spooled(pub std::fs::File);

impl Spooled {
    fn size(&self) -> usize {
        self.0
            .metadata()
            .map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX))
    }

    fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        let mut file = &self.0;
        file.seek(SeekFrom::Start(0))?;
        std::io::copy(&mut file, out)?;
        Ok(())
    }
}

impl PartialEq for Spooled {
    /// Two files are equal when they hold the same bytes.
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        self.write_to(&mut a).is_ok() && other.write_to(&mut b).is_ok() && a == b
    }
}

impl Printed {
    /// About how many bytes will be written.
    pub fn size(&self) -> usize {
        match self {
            Printed::Text(t) => t.len(),
            Printed::List(l) => l.size(),
            Printed::Bytes(b) => b.len(),
            Printed::Spooled(f) => f.size(),
        }
    }

    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match self {
            Printed::Text(text) => out.write_all(text.as_bytes()),
            Printed::Bytes(bytes) => out.write_all(bytes),
            Printed::Spooled(file) => file.write_to(out),
            Printed::List(list) => list.write_to(out),
        }
    }
}

impl From<String> for Printed {
    fn from(text: String) -> Self {
        Printed::Text(text)
    }
}

pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::from)?;
    text.push('\n');
    Ok(text)
}

/// The list as CSV, through the one CSV writer (byte order mark, no formula runs).
/// `list --format csv`: the mark and a line of headers, then a row per item.
pub fn csv_frame() -> Result<Frame> {
    use crate::spreadsheet::Sheet;
    let mut sheet = Sheet::in_memory();
    sheet.head(&[
        "number",
        "light",
        "title",
        "lead_department",
        "owner",
        "status",
        "source_kind",
        "source_ref",
        "deadline",
        "working_days_left",
        "overdue_working_days",
        "missed_feedbacks",
        "last_feedback_on",
        "top_level",
    ])?;
    Ok(Frame {
        head: sheet.into_string()?,
        between: "",
        tail: Box::new(|_| String::new()),
        empty: None,
    })
}

/// One item's row of the CSV list.
pub fn csv_line(l: &Listed, mut out: String) -> String {
    use crate::spreadsheet::{Cell, Sheet};
    let opt = |v: Option<String>| v.unwrap_or_default();
    let r = &l.row;
    let line = Sheet::line(&[
        Cell::text(r.number.to_string()),
        Cell::text(l.light.code()),
        Cell::text(r.title.as_str()),
        Cell::text(r.lead_department.as_str()),
        Cell::text(r.owner.as_str()),
        Cell::text(r.status.code()),
        Cell::text(r.source_kind.code()),
        Cell::text(r.source_ref.as_str()),
        Cell::text(opt(r.deadline.map(|d| d.to_string()))),
        Cell::number(opt(l.working_days_left.map(|d| d.to_string()))),
        Cell::number(opt(l.overdue_working_days.map(|d| d.to_string()))),
        Cell::number(l.missed_feedbacks),
        Cell::text(opt(r.last_feedback_on.map(|d| d.to_string()))),
        Cell::text(opt(r.top_level.map(|t| t.code().to_string()))),
    ]);
    // Writing a row into memory cannot fail; were it to, the row would be missing, not
    // half-written.
    if let Ok(line) = line {
        out.push_str(&line);
    }
    out
}

#[derive(serde::Serialize)]
struct DetailJson<'a> {
    #[serde(flatten)]
    detail: &'a ItemDetail,
    light: crate::domain::WarningLight,
    working_days_left: Option<i64>,
    overdue_working_days: Option<i64>,
    missed_feedbacks: u32,
    next_feedback_due: Option<chrono::NaiveDate>,
    unaddressed: bool,
    reported_late_working_days: Option<i64>,
    suggested_level: crate::domain::Level,
}

pub fn detail_json(d: &ItemDetail, a: &LightReading, office: &Office) -> Result<String> {
    json(&DetailJson {
        detail: d,
        light: a.light,
        working_days_left: a.working_days_left,
        overdue_working_days: a.overdue_working_days(),
        missed_feedbacks: a.feedback.missed_in_row,
        next_feedback_due: a.feedback.next_due,
        unaddressed: a.unaddressed,
        reported_late_working_days: a.reported_late_working_days,
        suggested_level: d.suggestion(office.rules.ladder_repeats).level,
    })
}

/// Text from the database is printed with control characters replaced, never interpreted
/// (newlines kept, so multi-line requirements stay readable).
fn safe(text: &str) -> String {
    text.lines()
        .map(crate::text::safe)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `duban show` as text: the item's fields, records and history in the clerk's language
/// (the English keeps its labels; values are named, never codes).
pub fn detail_text(d: &ItemDetail, a: &LightReading, office: &Office, lang: Lang) -> String {
    use crate::ui::history_words::{decision_name, event_sentence, flag_name};
    let r = &d.row;
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    let letter = match a.reported_late_working_days {
        Some(_) => 'L',
        None => a.light.letter(),
    };
    let _ = writeln!(o, "{} [{letter}] {}", r.number, safe(&r.title));
    let status = match (a.reported_late_working_days, lang) {
        (Some(n), Lang::Zh) => format!("逾期报送待审核（超期 {n} 个工作日）"),
        (Some(n), Lang::En) => format!(
            "reported late, awaiting review ({} late)",
            crate::ui::strings::en_count(n, "working day", "working days")
        ),
        (None, _) => lang.status(r.status).to_string(),
    };
    let _ = writeln!(o, "  {} {status}", w(lang, "状态    ", "status     "));
    let _ = writeln!(
        o,
        "  {} {}  {} {}",
        w(lang, "牵头单位", "lead       "),
        safe(&r.lead_department),
        w(lang, "责任人", "owner"),
        safe(&r.owner)
    );
    if !d.co_departments.is_empty() {
        let _ = writeln!(
            o,
            "  {} {}",
            w(lang, "配合单位", "co         "),
            safe(&d.co_departments.join("、"))
        );
    }
    let _ = writeln!(
        o,
        "  {} {} {}",
        w(lang, "来源    ", "source     "),
        lang.source(r.source_kind),
        safe(&r.source_ref)
    );
    if let Some(instr) = &d.instruction {
        let _ = writeln!(
            o,
            "  {} {} — {}",
            w(lang, "批示    ", "instruction"),
            safe(instr),
            safe(d.leader.as_deref().unwrap_or(""))
        );
    }
    let flags: Vec<_> = r.flags.list().iter().map(|f| flag_name(*f, lang)).collect();
    let _ = writeln!(
        o,
        "  {} {}  {} {}{}",
        w(lang, "频次    ", "cadence    "),
        lang.cadence(r.cadence),
        w(lang, "标记", "flags"),
        if flags.is_empty() {
            "—".to_string()
        } else {
            flags.join(w(lang, "、", ","))
        },
        if r.urgent {
            w(lang, "  紧急", "  urgent")
        } else {
            ""
        }
    );
    let deadline = r.deadline.map_or_else(
        || {
            format!(
                "{} ({})",
                w(lang, "未定", "none"),
                safe(d.no_deadline_reason.as_deref().unwrap_or(""))
            )
        },
        |dl| dl.to_string(),
    );
    let _ = writeln!(
        o,
        "  {} {deadline}  {} {}",
        w(lang, "时限    ", "deadline   "),
        w(lang, "立项", "registered"),
        r.registered_on
    );
    if let Some(dl) = r
        .deadline
        .filter(|dl| r.status.is_open() && !office.calendar.is_working_day(*dl))
    {
        let _ = match lang {
            Lang::Zh => writeln!(
                o,
                "  注意     办理时限 {dl} 按现行放假安排为非工作日（日历已变更）；时限未改动，如需调整请办理延期"
            ),
            Lang::En => writeln!(
                o,
                "  note        the deadline {dl} is a day off under the current calendar (it changed since); kept as it is: extend it if it should move"
            ),
        };
    }
    if let Some(over) = a.overdue_working_days() {
        let _ = match lang {
            Lang::Zh => writeln!(
                o,
                "  超期     {over} 个工作日{}",
                if a.unaddressed { " · 未处置" } else { "" }
            ),
            Lang::En => writeln!(
                o,
                "  overdue     {}{}",
                crate::ui::strings::en_count(over, "working day", "working days"),
                if a.unaddressed { " · unaddressed" } else { "" }
            ),
        };
    } else if let Some(left) = a.working_days_left {
        let _ = match lang {
            Lang::Zh => writeln!(o, "  剩余     {left} 个工作日"),
            Lang::En => writeln!(
                o,
                "  left        {}",
                crate::ui::strings::en_count(left, "working day", "working days")
            ),
        };
    }
    if !d.requirement.is_empty() {
        let _ = writeln!(
            o,
            "  {} {}",
            w(lang, "办理要求", "requirement"),
            safe(&d.requirement)
        );
    }
    if !d.milestones.is_empty() {
        let _ = writeln!(o, "{}", w(lang, "分解节点", "milestones"));
        for (k, m) in d.milestones.iter().enumerate() {
            let done = match (m.done_on, zh) {
                (Some(x), true) => format!("{x} 完成"),
                (Some(x), false) => format!("done {x}"),
                (None, true) => "未完成".to_string(),
                (None, false) => "open".to_string(),
            };
            let _ = match lang {
                Lang::Zh => writeln!(
                    o,
                    "  {}. {} 时限 {}（{done}）",
                    k + 1,
                    safe(&m.title),
                    m.due_on
                ),
                Lang::En => writeln!(
                    o,
                    "  {}. {} due {} ({done})",
                    k + 1,
                    safe(&m.title),
                    m.due_on
                ),
            };
        }
    }
    if !d.extensions.is_empty() {
        let _ = writeln!(o, "{}", w(lang, "延期", "extensions"));
        for e in &d.extensions {
            let _ = writeln!(
                o,
                "  {} {} → {} {} ({})",
                e.requested_on,
                e.old_deadline,
                e.new_deadline,
                decision_name(e.decision, lang),
                safe(&e.reason)
            );
        }
    }
    let _ = writeln!(
        o,
        "{} ({})",
        w(lang, "进展反馈", "feedback"),
        d.feedback.len()
    );
    for f in &d.feedback {
        let pct = f.percent.map_or(String::new(), |p| format!(" {p}%"));
        let _ = writeln!(
            o,
            "  {}{pct} {} {}",
            f.on_date,
            safe(&f.reporter),
            safe(&f.text)
        );
    }
    let _ = writeln!(
        o,
        "{} ({}) · {}: {}",
        w(lang, "催办问责记录", "notes"),
        d.notes.len(),
        w(lang, "建议下一级", "suggested next"),
        lang.level(d.suggestion(office.rules.ladder_repeats).level)
    );
    for n in &d.notes {
        let _ = writeln!(
            o,
            "  {} {} → {}: {} · {}: {}",
            n.on_date,
            lang.level(n.level),
            safe(&n.target),
            safe(&n.reason),
            w(lang, "整改要求", "require"),
            safe(&n.requirement)
        );
    }
    if !d.commendations.is_empty() {
        let _ = writeln!(
            o,
            "{} ({})",
            w(lang, "通报表扬", "commendations"),
            d.commendations.len()
        );
        for c in &d.commendations {
            let _ = writeln!(
                o,
                "  {} → {}: {} · {} {:+}",
                c.on_date,
                safe(&c.target),
                safe(&c.reason),
                w(lang, "加减分", "points"),
                c.points
            );
        }
    }
    if !d.instructions.is_empty() {
        let _ = writeln!(
            o,
            "{} ({})",
            w(lang, "领导批示", "leaders' instructions"),
            d.instructions.len()
        );
        for i in &d.instructions {
            let due = i.deadline.map_or(String::new(), |d| {
                format!(" · {} {d}", w(lang, "时限", "deadline"))
            });
            let sense = match lang {
                Lang::Zh => format!("（{}）：", lang.sense(i.sense)),
                Lang::En => format!(" ({}): ", lang.sense(i.sense)),
            };
            let _ = writeln!(
                o,
                "  {} {}{sense}{}{due}",
                i.on_date,
                safe(&i.leader),
                safe(&i.text)
            );
        }
    }
    if !d.attachments.is_empty() {
        let _ = writeln!(
            o,
            "{} ({})",
            w(lang, "附件", "attachments"),
            d.attachments.len()
        );
        for (i, a) in d.attachments.iter().enumerate() {
            let _ = writeln!(
                o,
                "  {}",
                crate::ui::history_words::attachment_line(i + 1, a, lang)
            );
        }
    }
    let _ = writeln!(o, "{} ({})", w(lang, "办理记录", "history"), d.events.len());
    for e in &d.events {
        // A moved deadline (an approved extension, a resumption) says from where to where; a
        // leader's instruction says it in its own sentence.
        let moved = match (
            e.data["before"]["deadline"].as_str(),
            e.data["after"]["deadline"].as_str(),
        ) {
            (Some(before), Some(after)) if e.kind != "instructed" => {
                format!(" · {} {before} → {after}", w(lang, "时限", "deadline"))
            }
            _ => String::new(),
        };
        let sentence = event_sentence(e, lang);
        let line = match sentence.strip_suffix(['。', '.']) {
            Some(open) if !moved.is_empty() => {
                format!("{open}{moved}{}", w(lang, "。", "."))
            }
            _ => sentence,
        };
        let _ = writeln!(o, "  {line}");
    }
    o
}

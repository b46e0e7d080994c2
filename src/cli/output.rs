//! Printing: aligned tables (wide characters take two columns), JSON and CSV.

use std::fmt::Write as _;

use std::ops::Range;

use crate::app::{Listed, Office};
use crate::cli::error::Result;
use crate::domain::light::LightReading;
use crate::store::{ItemDetail, ListFilter};
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

pub fn table(items: &[Listed], lang: Lang) -> String {
    let mut out = String::new();
    // The light's letter under a header as wide as the language's word for it.
    let light_cells = w(lang, "灯", "L").len().min(2);
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {}",
        fit(w(lang, "灯", "L"), light_cells),
        fit(w(lang, "编号", "number"), 9),
        fit(w(lang, "事项", "title"), 36),
        fit(w(lang, "牵头单位", "lead"), 18),
        fit(w(lang, "责任人", "owner"), 8),
        fit(w(lang, "状态", "status"), 15),
        fit(w(lang, "时限", "deadline"), 10),
        w(lang, "剩余工作日", "left"),
    );
    for l in items {
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
            fit(&letter.to_string(), light_cells),
            fit(&r.number.to_string(), 9),
            fit(&r.title, 36),
            fit(&r.lead_department, 18),
            fit(&r.owner, 8),
            fit(status, 15),
            fit(&r.deadline.map_or("—".into(), |d| d.to_string()), 10),
            days_left(l, lang)
        );
    }
    let late = |l: &Listed| l.reading.reported_late_working_days.is_some();
    let count = |light| {
        items
            .iter()
            .filter(|l| l.light == light && !late(l))
            .count()
    };
    use crate::domain::WarningLight::*;
    let (red, orange, yellow, green) = (count(Red), count(Orange), count(Yellow), count(Green));
    let reported_late = items.iter().filter(|l| late(l)).count();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 项 · 红 {red} · 橙 {orange} · 黄 {yellow} · 绿 {green}{}",
            items.len(),
            if reported_late > 0 {
                format!(" · 逾期报送待审核 {reported_late}")
            } else {
                String::new()
            }
        ),
        Lang::En => writeln!(
            out,
            "{} items · red {red} · orange {orange} · yellow {yellow} · green {green}{}",
            items.len(),
            if reported_late > 0 {
                format!(" · reported late {reported_late}")
            } else {
                String::new()
            }
        ),
    };
    out
}

/// What a command prints.
#[derive(Debug, PartialEq)]
pub enum Printed {
    Text(String),
    Json(JsonLines),
    /// A file's bytes (a Word document) written to standard output as they are.
    Bytes(Vec<u8>),
}

/// A list as a JSON array with one compact object per line: valid JSON for scripts, one item
/// per line for `grep`, and a fraction of the bytes of pretty printing.
///
/// The objects are encoded on the threads that read the items, each thread into one buffer,
/// and written out from there in list order: a long list is megabytes, and is neither joined
/// nor copied first.
#[derive(Debug, PartialEq)]
pub struct JsonLines {
    buffers: Vec<String>,
    /// Where each object lies: a buffer and a range of it.
    objects: Vec<(usize, Range<usize>)>,
}

impl JsonLines {
    pub fn list(office: &Office, filter: &ListFilter) -> Result<Self> {
        let parts = office.fold_listed(
            filter,
            || (String::new(), Vec::new()),
            |(text, objects), key, item| {
                let start = text.len();
                *text = item.write_json(std::mem::take(text));
                objects.push((key, start..text.len()));
            },
        )?;
        let mut buffers = Vec::with_capacity(parts.len());
        let mut keyed = Vec::new();
        for (buffer, (text, objects)) in parts.into_iter().enumerate() {
            buffers.push(text);
            keyed.extend(objects.into_iter().map(|(key, at)| (key, buffer, at)));
        }
        keyed.sort_unstable_by_key(|(key, ..)| *key);
        let objects = keyed.into_iter().map(|(_, b, at)| (b, at)).collect();
        Ok(Self { buffers, objects })
    }

    fn object(&self, (buffer, at): &(usize, Range<usize>)) -> &[u8] {
        self.buffers
            .get(*buffer)
            .and_then(|text| text.as_bytes().get(at.clone()))
            .unwrap_or_default()
    }
}

impl Printed {
    /// About how many bytes will be written.
    pub fn size(&self) -> usize {
        match self {
            Printed::Text(t) => t.len(),
            Printed::Json(l) => l.buffers.iter().map(String::len).sum(),
            Printed::Bytes(b) => b.len(),
        }
    }

    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use std::io::IoSlice;
        match self {
            Printed::Text(text) => out.write_all(text.as_bytes()),
            Printed::Bytes(bytes) => out.write_all(bytes),
            Printed::Json(list) if list.objects.is_empty() => out.write_all(b"[]\n"),
            Printed::Json(list) => {
                // Handed to the system a thousand pieces at a time, not copied into a buffer.
                let mut slices = Vec::with_capacity(list.objects.len() * 2 + 1);
                for (i, object) in list.objects.iter().enumerate() {
                    slices.push(IoSlice::new(if i == 0 { b"[\n" } else { b",\n" }));
                    slices.push(IoSlice::new(list.object(object)));
                }
                slices.push(IoSlice::new(b"\n]\n"));
                write_all_vectored(out, &mut slices)
            }
        }
    }
}

fn write_all_vectored(
    out: &mut impl std::io::Write,
    mut slices: &mut [std::io::IoSlice<'_>],
) -> std::io::Result<()> {
    use std::io::{ErrorKind, IoSlice};
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
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
pub fn csv(items: &[Listed]) -> Result<String> {
    use crate::spreadsheet::{Cell, Sheet};
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
    let opt = |v: Option<String>| v.unwrap_or_default();
    for l in items {
        let r = &l.row;
        sheet.row(&[
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
        ])?;
    }
    Ok(sheet.into_string()?)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe that takes at most a few bytes a call, some calls interrupted.
    struct Trickle {
        taken: Vec<u8>,
        calls: usize,
    }

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[std::io::IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(5) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut room = 7;
            for b in bufs {
                let n = b.len().min(room);
                self.taken.extend_from_slice(&b[..n]);
                room -= n;
                if room == 0 {
                    break;
                }
            }
            Ok(7 - room)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn lines(buffers: &[&str], objects: &[(usize, Range<usize>)]) -> Printed {
        Printed::Json(JsonLines {
            buffers: buffers.iter().map(|b| b.to_string()).collect(),
            objects: objects.to_vec(),
        })
    }

    #[test]
    fn json_lines_are_written_in_list_order_across_buffers_and_short_writes() {
        let printed = lines(
            &[r#"{"a":1}{"c":3}"#, r#"{"b":"督办"}"#],
            &[(0, 0..7), (1, 0..14), (0, 7..14)],
        );
        let mut out = Trickle {
            taken: Vec::new(),
            calls: 0,
        };
        printed.write_to(&mut out).unwrap();
        let text = String::from_utf8(out.taken).unwrap();
        assert_eq!(text, "[\n{\"a\":1},\n{\"b\":\"督办\"},\n{\"c\":3}\n]\n");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[1]["b"], "督办");
    }

    #[test]
    fn an_empty_list_is_an_empty_array() {
        let mut out = Vec::new();
        lines(&[], &[]).write_to(&mut out).unwrap();
        assert_eq!(out, b"[]\n");
    }

    #[test]
    fn a_closed_pipe_is_reported_not_looped_on() {
        struct Closed;
        impl std::io::Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Ok(0)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = lines(&["{}"], &[(0, 0..2)])
            .write_to(&mut Closed)
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WriteZero);
    }
}

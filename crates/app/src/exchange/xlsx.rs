//! `duban export --format xlsx`: the table of `--format csv`, one row per item, as an Excel
//! workbook for the office's director (through the one Excel writer, [`Book`]): the heads and
//! the named values (status, source, cadence, level) in the clerk's language, every date a
//! date, every count a number, and each item's warning light today as a coloured cell. The
//! sheet is written row by row to a temporary file beside the target ([`Book::bounded`]), so
//! that the 100,000-item office is exported in bounded memory. Not imported: JSON moves an
//! office.

use std::io::{Seek, Write};
use std::path::Path;

use chrono::NaiveDate;

use crate::app::Office;
use crate::error::Result;
use crate::lang::Lang;
use crate::spreadsheet::xlsx::{Book, Column, Heading, Kind, Lamp, Sheet, Value};
use crate::store::exchange::{Department, ExportSink, StoredEvent};
use crate::store::{ItemDetail, Records};

/// The table's columns: the head in Chinese and in English, and what the column holds. The
/// CSV's columns ([`super::csv::HEADER`]) in its order, with the light after the number.
const COLUMNS: [(&str, &str, Kind); 40] = [
    ("编号", "Number", Kind::Text),
    ("灯", "Light", Kind::Light),
    ("督办事项", "Title", Kind::Text),
    ("办理要求", "Requirement", Kind::Text),
    ("来源类别", "Source kind", Kind::Text),
    ("来源文号", "Source reference", Kind::Text),
    ("领导批示", "Instruction", Kind::Text),
    ("批示领导", "Leader", Kind::Text),
    ("牵头单位", "Lead department", Kind::Text),
    ("配合单位", "Co-departments", Kind::Text),
    ("责任人", "Owner", Kind::Text),
    ("重大", "Major", Kind::Text),
    ("疑难", "Difficult", Kind::Text),
    ("重要", "Important", Kind::Text),
    ("领导关注", "Leader concerned", Kind::Text),
    ("紧急", "Urgent", Kind::Text),
    ("反馈频次", "Cadence", Kind::Text),
    ("原定时限", "Original deadline", Kind::Date),
    ("办理时限", "Deadline", Kind::Date),
    ("未定时限原因", "Why no deadline", Kind::Text),
    ("状态", "Status", Kind::Text),
    ("中止前状态", "Suspended from", Kind::Text),
    ("立项日期", "Registered", Kind::Date),
    ("交办日期", "Assigned", Kind::Date),
    ("中止日期", "Suspended", Kind::Date),
    ("恢复日期", "Resumed", Kind::Date),
    ("报送日期", "Submitted", Kind::Date),
    ("办结日期", "Completed", Kind::Date),
    ("销号日期", "Closed", Kind::Date),
    ("最近反馈", "Last feedback", Kind::Date),
    ("最近进度", "Last progress", Kind::Rate),
    ("最近催办", "Last note", Kind::Date),
    ("最高问责层级", "Highest level", Kind::Text),
    ("下一节点时限", "Next milestone due", Kind::Date),
    ("分解节点", "Milestones", Kind::Count),
    ("进展反馈", "Feedback", Kind::Count),
    ("催办问责", "Notes", Kind::Count),
    ("通报表扬", "Commendations", Kind::Count),
    ("领导批示次数", "Instructions", Kind::Count),
    ("延期", "Extensions", Kind::Count),
];

/// What a sheet of items is titled with: its title, the day, the settings' fingerprint.
fn heading(office: &Office, lang: Lang, title: &str, today: NaiveDate) -> Heading {
    let day = crate::report::render::words::date(lang, today);
    Heading {
        title: title.to_string(),
        period: match lang {
            Lang::Zh => format!("截至{day}（灯为当日预警）"),
            Lang::En => format!("As of {day} (lights as of that day)"),
        },
        fingerprint: crate::report::render::words::settings_fingerprint_line(
            lang,
            &office.rules,
            &office.calendar,
        ),
        more: office
            .issuer
            .iter()
            .map(|o| crate::report::render::words::issued_by(lang, o))
            .collect(),
    }
}

/// Writes every item of `office` as a workbook to `out` (a file beside which `folder` holds
/// the sheet while it is written).
pub fn export<W: Write + Seek + Send>(
    office: &Office,
    lang: Lang,
    folder: &Path,
    out: W,
) -> Result<W> {
    let today = office.today();
    let mut book = Book::bounded(folder)?;
    let columns = COLUMNS
        .iter()
        .map(|(zh, en, kind)| Column::new(lang.pick(zh, en), *kind))
        .collect();
    let sheet = book.sheet(
        lang.pick("督办事项", "Items"),
        &heading(
            office,
            lang,
            lang.pick("督办事项台账", "Supervision ledger"),
            today,
        ),
        columns,
    )?;
    let mut sink = XlsxSink {
        sheet,
        office,
        lang,
        today,
    };
    office.store.export(&mut sink)?;
    book.add(sink.sheet)?;
    let mut out = out;
    book.save_to(&mut out)?;
    Ok(out)
}

struct XlsxSink<'a> {
    sheet: Sheet,
    office: &'a Office,
    lang: Lang,
    today: NaiveDate,
}

impl XlsxSink<'_> {
    fn lamp(&self, item: &ItemDetail) -> Value {
        let reading = self.office.read_light(&item.row, self.today);
        lamp(self.lang, &reading)
    }
}

/// A light as its cell: the word on the light's colour; a report sent in late and awaiting
/// review apart, as the list marks it (L), not the green of an item on track.
fn lamp(lang: Lang, reading: &crate::domain::light::LightReading) -> Value {
    match reading.reported_late_working_days {
        Some(_) => Value::Light(
            Lamp::ReportedLate,
            lang.pick("逾期报送", "reported late").to_string(),
        ),
        None => Value::Light(
            Lamp::Light(reading.light),
            lang.light(reading.light).to_string(),
        ),
    }
}

/// `duban list --format xlsx`: the items listed (sorted as the list sorts them), with their
/// light today, the working days left or late, and the missed feedbacks. In bounded memory:
/// the sheet is written row by row to a temporary file in the folder given, the rows handed
/// over in the list's order.
pub struct ListBook {
    book: Book,
    sheet: Sheet,
}

impl ListBook {
    pub fn new(office: &Office, lang: Lang, folder: &Path) -> Result<Self> {
        let mut book = Book::bounded(folder)?;
        let sheet = list_sheet(office, lang, &mut book)?;
        Ok(Self { book, sheet })
    }

    /// The next row: an item's cells ([`list_cells`]).
    pub fn row(&mut self, cells: &[Value]) -> Result<()> {
        Ok(self.sheet.row(cells)?)
    }

    /// Writes the workbook to `out` (a file: the format needs to seek).
    pub fn save_to<W: Write + Seek + Send>(mut self, out: W) -> Result<()> {
        self.book.add(self.sheet)?;
        Ok(self.book.save_to(out)?)
    }
}

/// The list's sheet, its heading and columns written.
fn list_sheet(office: &Office, lang: Lang, book: &mut Book) -> Result<Sheet> {
    let columns = LIST_COLUMNS
        .iter()
        .map(|(zh, en, kind)| Column::new(lang.pick(zh, en), *kind))
        .collect();
    Ok(book.sheet(
        lang.pick("事项清单", "Items"),
        &heading(
            office,
            lang,
            lang.pick("督办事项清单", "Supervision items"),
            office.today(),
        ),
        columns,
    )?)
}

/// One item's row of the list's sheet.
pub fn list_cells(l: &crate::app::Listed, lang: Lang) -> Vec<Value> {
    let days = |d: Option<i64>| d.map_or(Value::Empty, Value::Count);
    let r = &l.row;
    vec![
        Value::text(r.number.to_string()),
        lamp(lang, &l.reading),
        Value::text(r.title.as_str()),
        Value::text(r.lead_department.as_str()),
        Value::text(r.owner.as_str()),
        Value::text(lang.status(r.status)),
        Value::text(lang.source(r.source_kind)),
        Value::text(r.source_ref.as_str()),
        Value::date(r.deadline),
        days(l.working_days_left),
        days(
            l.overdue_working_days
                .or(l.reading.reported_late_working_days),
        ),
        Value::count(l.missed_feedbacks),
        Value::date(r.last_feedback_on),
        Value::text(r.top_level.map_or("", |t| lang.level(t))),
    ]
}

/// The columns of the list: those of `list --format csv`, headed in words.
const LIST_COLUMNS: [(&str, &str, Kind); 14] = [
    ("编号", "Number", Kind::Text),
    ("灯", "Light", Kind::Light),
    ("督办事项", "Title", Kind::Text),
    ("牵头单位", "Lead department", Kind::Text),
    ("责任人", "Owner", Kind::Text),
    ("状态", "Status", Kind::Text),
    ("来源类别", "Source kind", Kind::Text),
    ("来源文号", "Source reference", Kind::Text),
    ("办理时限", "Deadline", Kind::Date),
    ("剩余工作日", "Working days left", Kind::Count),
    ("超期工作日", "Working days late", Kind::Count),
    ("漏报反馈", "Missed feedbacks", Kind::Count),
    ("最近反馈", "Last feedback", Kind::Date),
    ("最高问责层级", "Highest level", Kind::Text),
];

impl ExportSink for XlsxSink<'_> {
    fn departments(&mut self, _: &[Department]) -> Result<()> {
        Ok(())
    }

    fn item(&mut self, item: &ItemDetail) -> Result<()> {
        let lang = self.lang;
        let r = &item.row;
        let day = Value::date;
        let flag = |b: bool| Value::text(if b { lang.pick("是", "yes") } else { "" });
        let text = |t: &Option<String>| Value::text(t.clone().unwrap_or_default());
        let count = |n: usize| Value::Count(i64::try_from(n).unwrap_or(i64::MAX));
        let row: [Value; COLUMNS.len()] = [
            Value::text(r.number.to_string()),
            self.lamp(item),
            Value::text(r.title.as_str()),
            Value::text(item.requirement.as_str()),
            Value::text(lang.source(r.source_kind)),
            Value::text(r.source_ref.as_str()),
            text(&item.instruction),
            text(&item.leader),
            Value::text(r.lead_department.as_str()),
            Value::text(item.co_departments.join(lang.pick("、", "; "))),
            Value::text(r.owner.as_str()),
            flag(r.flags.major),
            flag(r.flags.difficult),
            flag(r.flags.important),
            flag(r.flags.leader),
            flag(r.urgent),
            Value::text(lang.cadence(r.cadence)),
            day(item.original_deadline),
            day(r.deadline),
            text(&item.no_deadline_reason),
            Value::text(lang.status(r.status)),
            Value::text(r.suspended_from.map_or("", |s| lang.status(s))),
            day(Some(r.registered_on)),
            day(r.assigned_on),
            day(r.suspended_on),
            day(r.resumed_on),
            day(r.submitted_on),
            day(r.completed_on),
            day(r.closed_on),
            day(r.last_feedback_on),
            r.last_percent
                .map_or(Value::Empty, |p| Value::Rate(Some(f64::from(p)))),
            day(r.last_note_on),
            Value::text(r.top_level.map_or("", |l| lang.level(l))),
            day(r.next_milestone_due),
            count(item.milestones.len()),
            count(item.feedback.len()),
            count(item.notes.len()),
            count(item.commendations.len()),
            count(item.instructions.len()),
            count(item.extensions.len()),
        ];
        Ok(self.sheet.row(&row)?)
    }

    fn event(&mut self, _: &StoredEvent) -> Result<()> {
        Ok(())
    }

    /// The table is of items: the history is not read.
    fn wants_events(&self) -> bool {
        false
    }
}

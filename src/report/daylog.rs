//! The clerk's daily log of decisions (研判处置日志), printable in Markdown or Word: the lines
//! `duban triage --summary` prints, as a document.

use chrono::NaiveDate;

use super::docx::{Cell, Official};
use super::escape::md;
use super::wording::{date, document_number};
use crate::domain::item::ItemNumber;
use crate::error::Result;
use crate::ui::Lang;

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
        Self { day, lines }
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
        if self.lines.is_empty() {
            return out;
        }
        out.push_str(&format!("| {} |\n", Self::head(lang).join(" | ")));
        out.push_str("|---|---|---|---|---|\n");
        for l in &self.lines {
            let row: Vec<String> = Self::row(l, lang).iter().map(|c| md(c)).collect();
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
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
            doc.table(&[8, 24, 32, 20, 16], &Self::head(lang), &rows);
        }
        doc.blank();
        doc.right(&format!(
            "{}{}",
            pick(lang, "记录人：", "Recorded by: "),
            "__________"
        ));
        doc.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

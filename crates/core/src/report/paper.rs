//! A one-page official paper an office sends a department about its items: the urging notice
//! (催办单) and the assignment notice (交办通知单). Each is built as a [`Paper`] (title, number,
//! addressee, opening, a form or a list, closing, signature) and printed from it in Markdown,
//! HTML or Word, every stored text escaped, so that the papers share one layout.

use chrono::NaiveDate;

use super::docx::{Align, Cell, Official};
use super::escape::{html, md};
use crate::lang::Lang;
use std::io::Result;

/// What a paper holds between its opening and its closing.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A form: a label and its value on each row (one item's paper).
    Form(Vec<(String, String)>),
    /// A list: a heading row, then one row per item, with the Word column widths (percent).
    List {
        head: Vec<String>,
        rows: Vec<Vec<Cell>>,
        widths: Vec<u32>,
    },
}

/// A paper as it is printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub lang: Lang,
    pub title: String,
    /// The line under the title: the item's number, or the day of a department's list.
    pub subtitle: String,
    pub addressee: String,
    pub opening: String,
    pub body: Body,
    pub closing: String,
    /// The foot: the issuing office (when named), then the date.
    pub signature: Vec<String>,
    /// The day it is issued (the Word file's creation date).
    pub issued_on: NaiveDate,
    /// The head of the record the paper was made from, above the foot (see
    /// [`Paper::with_record_head`]).
    pub record_head: Option<String>,
}

impl Paper {
    /// The paper with the head of the record it was made from printed above its foot, so that
    /// it proves what it came from (`duban audit verify --head`).
    pub fn with_record_head(mut self, head: Option<&crate::report::render::RecordHead>) -> Self {
        self.record_head = head.map(|h| match self.lang {
            Lang::Zh => format!("记录校验码：{}（共 {} 条记录）", h.hash, h.events),
            Lang::En => format!("Record head: {} ({} events)", h.hash, h.events),
        });
        self
    }

    /// The form's two heading words, in the Markdown table.
    fn form_head(&self) -> (&'static str, &'static str) {
        match self.lang {
            Lang::Zh => ("项目", "内容"),
            Lang::En => ("Field", "Value"),
        }
    }

    /// The paper in Markdown, every stored text escaped.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("# {}\n\n", md(&self.title)));
        out.push_str(&format!("{}\n\n", md(&self.subtitle)));
        out.push_str(&format!("{}\n\n", md(&self.addressee)));
        out.push_str(&format!("{}\n\n", md(&self.opening)));
        match &self.body {
            Body::Form(fields) => {
                let (a, b) = self.form_head();
                out.push_str(&format!("| {a} | {b} |\n|---|---|\n"));
                for (label, value) in fields {
                    out.push_str(&format!("| {} | {} |\n", md(label), md(value)));
                }
            }
            Body::List { head, rows, .. } => {
                let head: Vec<String> = head.iter().map(|h| md(h)).collect();
                out.push_str(&format!("| {} |\n", head.join(" | ")));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for row in rows {
                    let row: Vec<String> = row.iter().map(|c| md(&c.text)).collect();
                    out.push_str(&format!("| {} |\n", row.join(" | ")));
                }
            }
        }
        out.push_str(&format!("\n{}\n\n", md(&self.closing)));
        if let Some(head) = &self.record_head {
            out.push_str(&format!("{}\n\n", md(head)));
        }
        let foot: Vec<String> = self.signature.iter().map(|l| md(l)).collect();
        out.push_str(&foot.join("\n\n"));
        out.push('\n');
        out
    }

    /// The paper as one self-contained HTML page (inline CSS, no script), escaped.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let lang_tag = match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        out.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n",
            html(&self.title)
        ));
        out.push_str(
            "<style>\n@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\nbody { font-family: \"FangSong\", \"仿宋_GB2312\", \"仿宋\", serif; font-size: 16pt; line-height: 28pt; max-width: 156mm; margin: auto; }\nh1 { font-family: \"方正小标宋简体\", \"SimSun\", \"宋体\", serif; font-size: 22pt; font-weight: normal; text-align: center; }\n.sub { text-align: center; }\np.body { text-indent: 2em; }\ntable { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; }\nth, td { border: 1px solid #000; padding: 2pt 4pt; }\nth, td.nw { white-space: nowrap; }\nthead { display: table-header-group; }\ntr { break-inside: avoid; page-break-inside: avoid; }\n.sign { text-align: right; margin: 0; }\n</style>\n</head>\n<body>\n",
        );
        out.push_str(&format!("<h1>{}</h1>\n", html(&self.title)));
        out.push_str(&format!("<p class=\"sub\">{}</p>\n", html(&self.subtitle)));
        out.push_str(&format!("<p>{}</p>\n", html(&self.addressee)));
        out.push_str(&format!("<p class=\"body\">{}</p>\n", html(&self.opening)));
        out.push_str("<table>\n");
        match &self.body {
            Body::Form(fields) => {
                for (label, value) in fields {
                    out.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td></tr>\n",
                        html(label),
                        html(value)
                    ));
                }
            }
            Body::List { head, rows, .. } => {
                out.push_str("<thead><tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", html(h)));
                }
                out.push_str("</tr></thead>\n");
                for row in rows {
                    out.push_str("<tr>");
                    // Numbers, dates, working days and levels are never broken over two lines.
                    for c in row {
                        let class = if c.align == Align::Left {
                            ""
                        } else {
                            " class=\"nw\""
                        };
                        out.push_str(&format!("<td{class}>{}</td>", html(&c.text)));
                    }
                    out.push_str("</tr>\n");
                }
            }
        }
        out.push_str("</table>\n");
        out.push_str(&format!("<p class=\"body\">{}</p>\n", html(&self.closing)));
        if let Some(head) = &self.record_head {
            out.push_str(&format!(
                "<p style=\"font-size: 9pt; word-break: break-all;\">{}</p>\n",
                html(head)
            ));
        }
        for line in &self.signature {
            out.push_str(&format!("<p class=\"sign\">{}</p>\n", html(line)));
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The paper as a Word document in the official layout.
    pub fn docx(&self) -> Result<Vec<u8>> {
        let mut doc = Official::new(self.issued_on);
        doc.title(&self.title);
        doc.blank();
        doc.subtitle(&self.subtitle);
        doc.blank();
        doc.flush(&self.addressee);
        doc.para(&self.opening);
        match &self.body {
            Body::Form(fields) => {
                // A form: a label and its value on each row, no heading row.
                let rows: Vec<Vec<Cell>> = fields
                    .iter()
                    .map(|(label, value)| {
                        vec![
                            Cell::center(label.as_str()).bold(),
                            Cell::left(value.as_str()),
                        ]
                    })
                    .collect();
                doc.table(&[24, 76], &[], &rows);
            }
            Body::List { head, rows, widths } => {
                let head: Vec<&str> = head.iter().map(String::as_str).collect();
                doc.table(widths, &head, rows);
            }
        }
        doc.para(&self.closing);
        if let Some(head) = &self.record_head {
            doc.flush(head);
        }
        doc.blank();
        for line in &self.signature {
            doc.right(line);
        }
        doc.into_bytes()
    }
}

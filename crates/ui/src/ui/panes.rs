//! The feedback and accountability panes of the selected item. The accountability pane also
//! lists the item's commendations (通报表扬), after its notes: off the ladder, for the score.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ui;
use super::draw::{pane_block, pane_title};
use super::strings::Text;
use super::wrapped::Rows;
use crate::app::Pane;
use crate::app::state::App;
use crate::text::{fit, safe};
use crate::ui::UiWords;

/// The selected item's number and title, cut to one line of the pane.
fn heading<'a>(app: &App, ui: &Ui, width: u16) -> Option<Line<'a>> {
    app.detail.as_ref().map(|d| {
        Line::styled(
            fit(
                &format!("{} {}", d.row.number, d.row.title),
                usize::from(width),
            ),
            ui.theme.dim(),
        )
    })
}

pub fn draw_feedback(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let focused = app.focus == Pane::Feedback;
    let block = pane_block(pane_title(Pane::Feedback, ui, " (f)"), focused, ui);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut rows = Rows::new(inner.width);
    rows.lines.extend(heading(app, ui, inner.width));
    match &app.detail {
        Some(d) if !d.feedback.is_empty() => {
            for f in d.feedback.iter().skip(app.feedback_scroll) {
                let pct = f.percent.map_or(String::new(), |p| format!(" {p}%"));
                let kind = if f.kind == crate::domain::item::FeedbackKind::Completion {
                    " ✔"
                } else {
                    ""
                };
                rows.push(
                    vec![
                        Span::styled(format!("{}{pct}{kind} ", f.on_date), ui.theme.key()),
                        Span::styled(format!("{} ", safe(&f.reporter)), ui.theme.dim()),
                    ],
                    2,
                    &safe(&f.text),
                    Style::default(),
                );
            }
        }
        Some(_) => rows
            .lines
            .push(Line::styled(lang.t(Text::NoFeedback), ui.theme.dim())),
        None => {}
    }
    frame.render_widget(Paragraph::new(rows.lines), inner);
}

pub fn draw_notes(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let focused = app.focus == Pane::Accountability;
    let block = pane_block(pane_title(Pane::Accountability, ui, " (n)"), focused, ui);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut rows = Rows::new(inner.width);
    rows.lines.extend(heading(app, ui, inner.width));
    if let Some(d) = &app.detail {
        let next = d.suggestion(app.office.rules.ladder_repeats).level;
        // Wrapped, not cut, in a narrow pane.
        rows.push(
            vec![Span::styled(
                // A Chinese label ends in the full-width colon.
                match lang {
                    super::Lang::Zh => format!("{}：", lang.t(Text::Suggested)),
                    super::Lang::En => format!("{}: ", lang.t(Text::Suggested)),
                },
                ui.theme.dim(),
            )],
            2,
            &format!("{} ({}/7)", lang.level(next), next.rank()),
            ui.theme.key(),
        );
        if d.notes.is_empty() {
            rows.lines
                .push(Line::styled(lang.t(Text::NoNotes), ui.theme.dim()));
        }
        // Notes, then commendations, then leaders' instructions, scrolled as one list.
        let skip_commendations = app.notes_scroll.saturating_sub(d.notes.len());
        let skip_instructions = skip_commendations.saturating_sub(d.commendations.len());
        for n in d.notes.iter().skip(app.notes_scroll) {
            let target = if n.target.is_empty() {
                String::new()
            } else {
                format!(" → {}", safe(&n.target))
            };
            let head = format!("{} {}", n.on_date, lang.level(n.level));
            let reason = safe(&n.reason);
            let with_target = format!("{head}{target}: ");
            // A narrow pane: the target wraps with the reason instead of running past the border.
            let (lead, text) = if crate::text::width(&with_target) + 2 <= rows.width {
                (with_target, reason)
            } else {
                (
                    format!("{head} "),
                    format!("{}: {reason}", target.trim_start()),
                )
            };
            rows.push(
                vec![Span::styled(lead, ui.theme.key())],
                2,
                &text,
                Style::default(),
            );
            if !n.requirement.is_empty() {
                rows.push(
                    vec![Span::styled(
                        format!("   {} ", lang.field(crate::app::form::FieldId::Require)),
                        ui.theme.dim(),
                    )],
                    3,
                    &safe(&n.requirement),
                    ui.theme.dim(),
                );
            }
        }
        for c in d.commendations.iter().skip(skip_commendations) {
            let mut spans = commendation_line(c, lang, ui).spans;
            let text = spans
                .pop()
                .map(|s| s.content.into_owned())
                .unwrap_or_default();
            rows.push(spans, 2, &text, Style::default());
        }
        for i in d.instructions.iter().skip(skip_instructions) {
            let mut spans = instruction_line(i, lang, ui).spans;
            let text = spans
                .pop()
                .map(|s| s.content.into_owned())
                .unwrap_or_default();
            rows.push(spans, 2, &text, Style::default());
        }
    }
    frame.render_widget(Paragraph::new(rows.lines), inner);
}

/// One leader's instruction: its day, the leader, its sense, and its words (with the deadline
/// a new requirement set).
pub fn instruction_line<'a>(i: &crate::store::Instruction, lang: super::Lang, ui: &Ui) -> Line<'a> {
    let zh = lang == super::Lang::Zh;
    let deadline = match i.deadline {
        Some(d) if zh => format!("（时限 {d}）"),
        Some(d) => format!(" (due {d})"),
        None => String::new(),
    };
    let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
    Line::from(vec![
        Span::styled(
            format!(
                "{} {} {}{open}{}{close}: ",
                i.on_date,
                safe(&i.leader),
                lang.t(Text::InstructionWord),
                lang.sense(i.sense)
            ),
            ui.theme.key(),
        ),
        Span::raw(format!("{}{deadline}", safe(&i.text))),
    ])
}

/// One commendation: its day, the word, its target, its reason and its signed points.
pub fn commendation_line<'a>(
    c: &crate::store::Commendation,
    lang: super::Lang,
    ui: &Ui,
) -> Line<'a> {
    Line::from(vec![
        Span::styled(
            format!(
                "{} {} → {}: ",
                c.on_date,
                lang.t(Text::Commendation),
                safe(&c.target)
            ),
            ui.theme.key(),
        ),
        Span::raw(format!(
            "{} ({:+}{})",
            safe(&c.reason),
            c.points,
            lang.t(Text::PointsShort)
        )),
    ])
}

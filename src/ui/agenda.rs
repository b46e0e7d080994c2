//! The deadlines pane: an agenda of what is overdue and what falls due, missed feedback and
//! milestones; Enter jumps to the item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ui;
use super::draw::{pane_block, pane_title};
use super::strings::Text;
use crate::app::Pane;
use crate::app::state::{AGENDA_SECTION_LINES, App};
use crate::text::{clip, fit};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let focused = app.focus == Pane::Deadlines;
    let block = pane_block(pane_title(Pane::Deadlines, ui, ""), focused, ui);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);

    // Lines with the agenda index they stand for (headers have none).
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut section = None;
    for (i, l) in app.agenda.iter().enumerate() {
        if section != Some(l.section) {
            section = Some(l.section);
            let total = app.agenda_totals.get(&l.section).copied().unwrap_or(0);
            let more = if total > AGENDA_SECTION_LINES {
                format!(
                    " ({total}, {} {})",
                    lang.t(Text::More),
                    total - AGENDA_SECTION_LINES
                )
            } else {
                format!(" ({total})")
            };
            lines.push((
                None,
                Line::styled(
                    format!("{}{more}", lang.section(l.section)),
                    ui.theme.header(),
                ),
            ));
        }
        let title = app.rows.get(&l.id).map_or("…", |r| r.title.as_str());
        let text = format!(
            "{} {} {}",
            l.date.format("%m-%d"),
            fit(&l.number.to_string(), 9),
            title
        );
        let mut line = Line::from(Span::raw(clip(&text, width).into_owned()));
        if focused && i == app.agenda_selected {
            line = line.style(ui.theme.selected());
        }
        lines.push((Some(i), line));
    }
    if lines.is_empty() {
        lines.push((None, Line::styled(lang.t(Text::NoItems), ui.theme.dim())));
    }
    // Scroll so that the selected line stays visible.
    let selected_line = lines
        .iter()
        .position(|(i, _)| *i == Some(app.agenda_selected))
        .unwrap_or(0);
    let skip = (selected_line + 1).saturating_sub(height);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(skip)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

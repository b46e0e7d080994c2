//! The deadlines pane: an agenda of what is overdue and what falls due, missed feedback and
//! milestones, every section at once; Enter jumps to the item.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ui;
use super::draw::{pane_block, pane_title};
use super::strings::Text;
use crate::app::Pane;
use crate::app::state::{AgendaLine, AgendaSection, App};
use crate::text::{clip, fit};
use crate::ui::UiWords;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let focused = app.focus == Pane::Deadlines;
    let block = pane_block(pane_title(Pane::Deadlines, ui, ""), focused, ui);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);

    // Every section at once. Each section has a header, and in turn one line more while rows
    // are left, so that a long overdue list never hides what falls due today; a section cut
    // short says how many more it has. When the rows cannot give every section a header and a
    // line (80×24), a section's first line shares its header's row. The selected line stays
    // in view within its section.
    let mut sections: Vec<(AgendaSection, usize, usize)> = Vec::new(); // (section, first, listed)
    for (i, l) in app.agenda.iter().enumerate() {
        match sections.last_mut() {
            Some((s, _, listed)) if *s == l.section => *listed += 1,
            _ => sections.push((l.section, i, 1)),
        }
    }
    let compact = height < sections.len() * 2;
    let mut shown: Vec<usize> = sections
        .iter()
        .map(|(_, _, listed)| usize::from(compact).min(*listed))
        .collect();
    let mut left = height.saturating_sub(sections.len());
    while left > 0 {
        let before = left;
        for (k, (_, _, listed)) in sections.iter().enumerate() {
            if left > 0 && shown[k] < *listed {
                shown[k] += 1;
                left -= 1;
            }
        }
        if left == before {
            break;
        }
    }
    // A date of another year shows its year (11-12 of last year is not 13 days late); the
    // dates of the full rows then line up in a column as wide as the widest.
    let other_year = |d: chrono::NaiveDate| d.year() != app.today.year();
    let date_cells = if app.agenda.iter().any(|l| other_year(l.date)) {
        10
    } else {
        5
    };
    // Numbers as wide as the widest (2026-12345 in a large office): a title gives way, never
    // a number.
    let number_cells = app
        .agenda
        .iter()
        .map(|l| l.number.to_string().len())
        .max()
        .unwrap_or(8)
        .max(8)
        + 1;
    let line_text = |l: &AgendaLine| {
        let title = app.rows.get(&l.id).map_or("…", |r| r.title.as_str());
        let date = if other_year(l.date) {
            l.date.format("%Y-%m-%d").to_string()
        } else {
            fit(&l.date.format("%m-%d").to_string(), date_cells)
        };
        format!(
            "{date} {} {title}",
            fit(&l.number.to_string(), number_cells)
        )
    };
    // A section's first line on its header's row (80×24): the number whole when it fits after
    // the header and the date, the title taking what is left (a title gives way first); a
    // number that does not fit whole is left out, never cut.
    let shared_text = |l: &AgendaLine, room: usize| {
        let title = app.rows.get(&l.id).map_or("…", |r| r.title.as_str());
        let date = if other_year(l.date) {
            l.date.format("%Y-%m-%d").to_string()
        } else {
            l.date.format("%m-%d").to_string()
        };
        let number = l.number.to_string();
        // Room for the number and, after a space, at least the `…` of a title: a number
        // followed straight by `…` would read as a number cut short.
        if crate::text::width(&date) + 1 + crate::text::width(&number) + 2 <= room {
            format!("{date} {number} {title}")
        } else {
            format!("{date} {title}")
        }
    };
    let mut lines: Vec<Line> = Vec::new();
    for (k, &(section, first, listed)) in sections.iter().enumerate() {
        let total = app.agenda_totals.get(&section).copied().unwrap_or(listed);
        let rows = shown[k];
        let start = match app.agenda_selected.checked_sub(first) {
            Some(at) if focused && at < listed && at >= rows => at + 1 - rows,
            _ => 0,
        };
        let mut items = (first + start..first + start + rows)
            .filter_map(|i| app.agenda.get(i).map(|l| (i, l)))
            .peekable();
        let selected = |i: usize| focused && i == app.agenda_selected;
        if compact {
            // "已超期 10 2025-11-12 2025-003 去年的道路修缮事项": the total says how many there are.
            let header = format!("{} {total} ", lang.section(section));
            let room = width.saturating_sub(crate::text::width(&header));
            let mut spans = vec![Span::styled(header, ui.theme.header())];
            let mut style = ratatui::style::Style::default();
            if let Some((i, l)) = items.next() {
                spans.push(Span::raw(shared_text(l, room)));
                if selected(i) {
                    style = ui.theme.selected();
                }
            }
            lines.push(clip_line(spans, width).style(style));
        } else {
            let more = total.saturating_sub(rows);
            let mut header = format!("{} ({total})", lang.section(section));
            if more > 0 {
                header.push(' ');
                header.push_str(&lang.more(more));
            }
            lines.push(Line::styled(
                clip(&header, width).into_owned(),
                ui.theme.header(),
            ));
        }
        for (i, l) in items {
            let mut line = Line::from(Span::raw(clip(&line_text(l), width).into_owned()));
            if selected(i) {
                line = line.style(ui.theme.selected());
            }
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(lang.t(Text::NoItems), ui.theme.dim()));
    }
    lines.truncate(height.max(1));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Spans cut to `width` cells in all, the last one ending in `…` when cut.
fn clip_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::new();
    for span in spans {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let text = clip(&span.content, room).into_owned();
        used += crate::text::width(&text);
        out.push(Span::styled(text, span.style));
    }
    Line::from(out)
}

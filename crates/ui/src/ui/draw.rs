//! The screen: layout, the status bar, and which pane or overlay goes where. Drawing reads the
//! `App` and never changes it or asks the store anything.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Ui;
use super::keymap::Context;
use super::strings::Text;
use crate::app::Pane;
use crate::app::form::FormKind;
use crate::app::state::{App, Notice, Overlay};
use crate::app::triage::Decision;
use crate::text::safe;
use crate::ui::UiWords;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The width of the dialog every form opens in (the smallest screen's width less a margin).
pub const FORM_WIDTH: u16 = 76;

pub fn draw(frame: &mut Frame, app: &App, ui: &Ui) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(ui.lang.t(Text::TooSmall)).wrap(Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let status_lines = status_lines(app, ui, usize::from(area.width));
    let [main, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(status_lines.len() as u16),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(main);
    let [deadlines, feedback, notes] = Layout::vertical([
        Constraint::Percentage(36),
        Constraint::Percentage(34),
        Constraint::Percentage(30),
    ])
    .areas(right);

    if let Some(view) = &app.report {
        super::report::draw(frame, main, view, ui);
    } else if let Some(t) = &app.triage {
        // The card takes the items pane's place; the panes beside it follow the card's item.
        super::triage::draw(frame, left, t, app, ui);
        super::agenda::draw(frame, deadlines, app, ui);
        super::panes::draw_feedback(frame, feedback, app, ui);
        super::panes::draw_notes(frame, notes, app, ui);
    } else if app.detail_open {
        super::detail::draw(frame, main, app, ui);
    } else {
        super::items::draw(frame, left, app, ui);
        super::agenda::draw(frame, deadlines, app, ui);
        super::panes::draw_feedback(frame, feedback, app, ui);
        super::panes::draw_notes(frame, notes, app, ui);
    }
    frame.render_widget(Paragraph::new(status_lines), status);

    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => {
            let screen = if app.report.is_some() {
                Context::Report
            } else if app.triage.is_some() {
                Context::Triage
            } else {
                Context::Main
            };
            super::overlay::draw_help(frame, main, ui, screen)
        }
        Overlay::MoveMenu(moves) => {
            let item = app
                .detail
                .as_ref()
                .map(|d| format!("{} {}", d.row.number, d.row.title));
            super::overlay::draw_moves(frame, main, moves, item.as_deref(), ui)
        }
        Overlay::Milestones(panel) => super::milestones::draw(frame, main, panel, app, ui),
        Overlay::Form(form) => {
            // On a wide screen feedback and notes are entered in their own panes, beside what
            // they add to; otherwise (80×24) and for every other form, the same wide dialog in
            // the middle, tall enough for its fields and all it will record.
            let in_pane =
                |pane: Rect| pane.width >= FORM_WIDTH && !app.detail_open && app.triage.is_none();
            let target = match form.kind {
                FormKind::Decision {
                    decision: Decision::Feedback,
                    ..
                } if in_pane(feedback) => feedback,
                FormKind::Decision {
                    decision: Decision::Note | Decision::Urge,
                    ..
                } if in_pane(notes) => notes,
                _ => {
                    let preview =
                        super::overlay::preview_rows(form, ui.lang, usize::from(FORM_WIDTH - 2))
                            .len() as u16;
                    let preview = if preview > 0 { preview + 1 } else { 0 };
                    centered(
                        main,
                        FORM_WIDTH,
                        (form.fields.len() as u16) * 2 + 5 + preview,
                    )
                }
            };
            super::overlay::draw_form(frame, target, form, ui);
        }
    }
}

/// A bordered block titled with the pane's name, highlighted when it has the focus.
pub fn pane_block<'a>(title: String, focused: bool, ui: &Ui) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border(focused))
        .title(Span::styled(title, ui.theme.border(focused)))
}

pub fn pane_title(pane: Pane, ui: &Ui, extra: &str) -> String {
    let n = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) + 1;
    format!(" {n} {}{extra} ", ui.lang.pane(pane))
}

/// Rows the status line may take when a message does not fit on one.
const STATUS_ROWS: usize = 4;

/// The status line: the filter, today, the database, the last action's message and the help
/// key. A message is never cut: when the row is too short the database's path goes first, then
/// the help key, and a message still too long wraps onto the rows above the bottom one (at most
/// [`STATUS_ROWS`]).
fn status_lines<'a>(app: &App, ui: &Ui, width: usize) -> Vec<Line<'a>> {
    let lang = ui.lang;
    let mut spans: Vec<Span> = Vec::new();
    let f = &app.filter;
    if f.is_active() || app.filter_editing {
        let mut parts: Vec<String> = Vec::new();
        if let Some(l) = f.light {
            parts.push(lang.light(l).to_string());
        }
        if let Some(s) = f.status {
            parts.push(lang.status(s).to_string());
        }
        if f.all {
            parts.push(lang.t(Text::AllStatuses).to_string());
        }
        if let Some(d) = f.dept.and_then(|d| app.department_name(d)) {
            parts.push(safe(d));
        }
        if !f.text.is_empty() || app.filter_editing {
            parts.push(format!(
                "/{}{}",
                safe(&f.text),
                if app.filter_editing { "▏" } else { "" }
            ));
        }
        spans.push(Span::styled(
            format!("[{}: {}] ", lang.t(Text::Filter), parts.join(" · ")),
            ui.theme.key(),
        ));
    }
    let year_note = if app
        .office
        .calendar
        .covers_year(chrono::Datelike::year(&app.today))
    {
        String::new()
    } else {
        format!(" · {}", lang.t(Text::Calendar2027))
    };
    let today = Span::styled(
        format!("{} {}{year_note} ", lang.t(Text::Today), app.today),
        ui.theme.dim(),
    );
    let location = if app.office.read_only() {
        Span::styled(
            format!(
                "· {} ({}) ",
                safe(&app.office.location()),
                lang.t(Text::ReadOnly)
            ),
            ui.theme.error(),
        )
    } else {
        Span::styled(
            format!("· {} ", safe(&app.office.location())),
            ui.theme.dim(),
        )
    };
    let notice = app.notice.as_ref().map(|n| {
        let style = match n {
            Notice::Failed(_) | Notice::NoItemSelected => ui.theme.error(),
            _ => ui.theme.ok(),
        };
        (format!("· {}", safe(&lang.notice(n))), style)
    });
    let screen = if app.report.is_some() {
        Context::Report
    } else if app.triage.is_some() {
        Context::Triage
    } else {
        Context::Main
    };
    let help = Span::styled(
        format!("  {}", super::keymap::help_hint(&ui.keys, screen, lang)),
        ui.theme.dim(),
    );
    let cells = |spans: &[Span]| {
        spans
            .iter()
            .map(|s| crate::text::width(&s.content))
            .sum::<usize>()
    };
    let Some((message, style)) = notice else {
        spans.extend([today, location, help]);
        return vec![Line::from(spans)];
    };
    let message_span = Span::styled(message.clone(), style);
    // Whole; without the path; without the help key either.
    for keep in [
        vec![today.clone(), location, message_span.clone(), help.clone()],
        vec![today.clone(), message_span.clone(), help],
        vec![today.clone(), message_span],
    ] {
        let mut line = spans.clone();
        line.extend(keep);
        if cells(&line) <= width {
            return vec![Line::from(line)];
        }
    }
    // Still too long: the message wraps over rows of its own, under the filter and today.
    spans.push(today);
    let mut lines = vec![Line::from(spans)];
    let rows = crate::text::wrap(&message, width.max(8));
    let shown = rows.len().min(STATUS_ROWS - 1);
    lines.extend(rows.into_iter().take(shown).map(|r| Line::styled(r, style)));
    lines
}

/// A rectangle of at most `width` × `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` and returns it, for overlays. A wide character just left of the area would
/// spill its second half over the overlay's border: it is blanked too.
pub fn clear(frame: &mut Frame, area: Rect) -> Rect {
    frame.render_widget(Clear, area);
    if area.x > 0 {
        let buffer = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            let cell = &mut buffer[(area.x - 1, y)];
            if crate::text::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    area
}

pub fn styled_line<'a>(text: String, style: Style) -> Line<'a> {
    Line::from(Span::styled(text, style))
}

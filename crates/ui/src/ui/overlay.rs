//! What floats above the panes: help, the lifecycle moves, forms.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Ui;
use super::draw::{centered, clear};
use super::keymap::{Bar, Context, help_lines, hint_bar, move_keys};
use super::strings::Text;
use crate::app::form::{Form, PREVIEW_LINES};
use crate::domain::Move;
use crate::text::{clip, fit, one_row, safe, width, window, wrap};
use crate::ui::UiWords;

/// The keys of where the clerk is (the main screen, triage or the report), then of filters and
/// forms; in two columns when one does not fit the height. Each column's keys are as wide as
/// its widest key, so a description never runs into the next column (the descriptions are
/// short enough for half of an 80-column screen: `help_fits_half_of_the_smallest_screen`).
pub fn draw_help(frame: &mut Frame, area: Rect, ui: &Ui, screen: Context) {
    let lang = ui.lang;
    let contexts = if screen == Context::Triage {
        vec![
            (Context::Triage, lang.t(Text::Triage)),
            (Context::Form, lang.t(Text::Forms)),
        ]
    } else if screen == Context::Report {
        vec![
            (Context::Report, lang.t(Text::Bulletin)),
            (Context::Form, lang.t(Text::Forms)),
        ]
    } else {
        vec![
            (Context::Main, lang.pane(crate::app::Pane::Items)),
            (Context::Filter, lang.t(Text::Filter)),
            (Context::Form, lang.t(Text::Forms)),
        ]
    };
    // A heading (no key) or a key with its description.
    let mut entries: Vec<(Option<&str>, String)> = Vec::new();
    for (ctx, title) in contexts {
        entries.push((None, title.to_string()));
        for (keys, what) in help_lines(&ui.keys, ctx, lang) {
            entries.push((Some(keys), what.to_string()));
        }
    }
    // Each section's keys as wide as its widest key.
    let column = |entries: &[(Option<&str>, String)]| -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for section in entries.chunk_by(|_, (keys, _)| keys.is_some()) {
            let keys_width = section
                .iter()
                .filter_map(|(k, _)| k.map(width))
                .max()
                .unwrap_or(0)
                + 2;
            lines.extend(section.iter().map(|(keys, what)| match keys {
                None => Line::styled(what.clone(), ui.theme.header()),
                Some(keys) => Line::from(vec![
                    Span::styled(fit(keys, keys_width), ui.theme.key()),
                    Span::raw(what.clone()),
                ]),
            }));
        }
        lines
    };
    let fits = entries.len() as u16 + 2 <= area.height;
    let (box_width, rows) = if fits {
        (78, entries.len() as u16)
    } else {
        (area.width.min(156), entries.len().div_ceil(2) as u16)
    };
    let rect = clear(frame, centered(area, box_width, rows + 2));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", lang.t(Text::Help)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if fits {
        frame.render_widget(Paragraph::new(column(&entries)), inner);
    } else {
        let (left, right) = entries.split_at(entries.len().div_ceil(2));
        let half = inner.width / 2;
        frame.render_widget(
            Paragraph::new(column(left)),
            Rect {
                width: half.saturating_sub(1),
                ..inner
            },
        );
        frame.render_widget(
            Paragraph::new(column(right)),
            Rect {
                x: inner.x + half,
                width: inner.width - half,
                ..inner
            },
        );
    }
}

/// The moves of one item, named in the menu's title (its number, then as much of its title as
/// fits), so that the clerk sees which item a digit moves.
pub fn draw_moves(frame: &mut Frame, area: Rect, moves: &[Move], item: Option<&str>, ui: &Ui) {
    let lang = ui.lang;
    const WIDTH: u16 = 56;
    let mut lines: Vec<Line> = move_keys(moves)
        .map(|(key, mv)| {
            Line::from(vec![
                Span::styled(format!(" {key}  "), ui.theme.key()),
                Span::raw(lang.mv(mv)),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::raw(lang.t(Text::NoMoves)));
    }
    let rect = clear(frame, centered(area, WIDTH, lines.len() as u16 + 2));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title_bottom(format!(" {} ", lang.t(Text::Moves)));
    if let Some(item) = item {
        let room = usize::from(rect.width.saturating_sub(4));
        block = block.title(format!(" {} ", clip(&one_row(item), room)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The rows of what a form will record, wrapped to `width` (each line indented, its continued
/// rows further), at most [`PREVIEW_LINES`] lines and then how many more; `true` marks the
/// "more" row. Nothing of a line is cut: the clerk reads all of it before Enter.
pub fn preview_rows(form: &Form, lang: crate::ui::Lang, width: usize) -> Vec<(String, bool)> {
    let preview = form.preview();
    let mut rows = Vec::new();
    for p in preview.iter().take(PREVIEW_LINES) {
        for (i, row) in wrap(&lang.preview(p), width.saturating_sub(4).max(8))
            .into_iter()
            .enumerate()
        {
            rows.push((
                format!("{}{row}", if i == 0 { "  " } else { "    " }),
                false,
            ));
        }
    }
    if preview.len() > PREVIEW_LINES {
        rows.push((
            format!("  {}", lang.more(preview.len() - PREVIEW_LINES)),
            true,
        ));
    }
    rows
}

/// A form: one row per field (label, value, hint), the refusal beside its field, and the
/// cursor in the focused field. A value longer than its row scrolls with the cursor; pasted
/// line ends show as `⏎`. Every field stays on its own row, so the cursor is where it shows.
pub fn draw_form(frame: &mut Frame, area: Rect, form: &Form, ui: &Ui) {
    let lang = ui.lang;
    let rect = clear(frame, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border(true))
        .title(format!(" {} ", lang.form_title(&form.kind)))
        .title_bottom(format!(
            " {} ",
            hint_bar(
                &ui.keys,
                Bar::Form,
                lang,
                usize::from(rect.width.saturating_sub(4))
            )
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_width = form
        .fields
        .iter()
        .map(|f| width(lang.field(f.id)))
        .max()
        .unwrap_or(8)
        + 1;
    let row_width = usize::from(inner.width);
    let value_width = row_width.saturating_sub(label_width + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<Position> = None;
    // The rows of the focused field and its refusal, kept in view when the form is taller
    // than its box (a form in a small pane).
    let mut focus_rows = 0..0;
    let error_field = form.error.as_ref().and_then(|(f, _)| *f);
    // A refusal under its field, wrapped to the box, continued rows lined up after the `✖`.
    // A terminal set up for Chinese draws the ambiguous characters of a message (“ ” ‘ ’ …)
    // two cells wide: the rows are made to fit the box either way, so none runs over its
    // border.
    let refusal = |lines: &mut Vec<Line>, indent: &str, failure| {
        let lead = format!("{indent}✖ ");
        let room = row_width.saturating_sub(lead.width_cjk());
        let message = lang.form_failure(failure, error_field);
        let mut narrower = room;
        let rows = loop {
            let rows = wrap(&message, narrower);
            if narrower <= 2 || rows.iter().all(|r| r.width_cjk() <= room) {
                break rows;
            }
            narrower -= 1;
        };
        for (i, row) in rows.into_iter().enumerate() {
            let start = if i == 0 {
                lead.clone()
            } else {
                " ".repeat(width(&lead))
            };
            lines.push(Line::styled(start + &row, ui.theme.error()));
        }
    };
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if Some(field.id) == error_field {
            ui.theme.error()
        } else if focused {
            ui.theme.key()
        } else {
            ui.theme.dim()
        };
        let (shown, offset) = if field.choices.is_some() {
            let value = safe(field.input.text());
            (format!("‹ {} ›", lang.choice(field.id, &value)), 0)
        } else {
            let value = one_row(field.input.text());
            if focused {
                window(&value, field.input.cursor_cells(), value_width)
            } else {
                (clip(&value, value_width).into_owned(), 0)
            }
        };
        if focused {
            cursor = Some(Position {
                x: inner.x + (label_width + 1 + offset).min(row_width.saturating_sub(1)) as u16,
                y: inner.y + lines.len() as u16,
            });
        }
        let hint = lang.hint(field.id);
        let room = value_width.saturating_sub(width(&shown) + 2);
        lines.push(Line::from(vec![
            Span::styled(fit(lang.field(field.id), label_width), label_style),
            Span::raw(" "),
            Span::raw(shown),
            Span::styled(
                if hint.is_empty() || room == 0 {
                    String::new()
                } else {
                    format!("  {}", clip(hint, room))
                },
                ui.theme.dim(),
            ),
        ]));
        if let Some((Some(id), failure)) = &form.error
            && *id == field.id
        {
            refusal(&mut lines, "  ", failure);
        }
        if focused {
            focus_rows = cursor.map_or(0, |p| usize::from(p.y - inner.y))..lines.len();
        }
    }
    let preview = preview_rows(form, lang, row_width);
    if !preview.is_empty() {
        // Every line a refusal: Enter records nothing, and the heading says so.
        let refused = form
            .preview()
            .iter()
            .all(|p| matches!(p, crate::app::form::Preview::Refused { .. }));
        let heading = if refused {
            Text::WillRefuse
        } else {
            Text::WillRecord
        };
        lines.push(Line::styled(lang.t(heading).to_string(), ui.theme.header()));
        for (row, more) in preview {
            lines.push(if more {
                Line::styled(row, ui.theme.dim())
            } else {
                Line::raw(row)
            });
        }
    }
    if let Some((None, failure)) = &form.error {
        refusal(&mut lines, "", failure);
    }
    let height = usize::from(inner.height);
    let scroll = focus_rows.end.saturating_sub(height).min(focus_rows.start) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if let Some(pos) = cursor
        .map(|p| Position {
            y: p.y.saturating_sub(scroll),
            ..p
        })
        .filter(|p| p.y < inner.y + inner.height)
    {
        frame.set_cursor_position(pos);
    }
}

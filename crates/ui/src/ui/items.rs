//! The items pane: every open item, worst light first, only the visible rows drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ui;
use super::draw::{pane_block, pane_title};
use super::strings::Text;
use crate::app::Pane;
use crate::app::state::{App, items_visible_rows, light_index};
use crate::domain::{Status, WarningLight};
use crate::text::{clip, fit};
use crate::ui::UiWords;

/// Column widths for a pane `width` cells wide. The title keeps at least `MIN_TITLE` cells;
/// the other columns join in order of importance as the pane widens.
struct Columns {
    number: usize,
    title: usize,
    status: usize,
    lead: usize,
    owner: usize,
    deadline: usize,
}

const LIGHT: usize = 3;
const LEFT: usize = 5;
const MIN_TITLE: usize = 24;

fn columns(width: usize, number: usize) -> Columns {
    let mut c = Columns {
        number,
        title: 0,
        status: 0,
        lead: 0,
        owner: 0,
        deadline: 5,
    };
    // Light, number, deadline and days left are always shown, each followed by a space.
    let mut rest = width.saturating_sub(LIGHT + number + c.deadline + LEFT + 4);
    for (column, cells) in [
        ("deadline", 5),
        ("status", 11),
        ("lead", 15),
        ("owner", 8),
        ("lead", 7),
    ] {
        // Widening a column that is shown already needs no separating space.
        let widening = column == "deadline" || (column == "lead" && c.lead > 0);
        let cost = if widening { cells } else { cells + 1 };
        if rest >= MIN_TITLE + cost {
            rest -= cost;
            match column {
                "deadline" => c.deadline += cells,
                "status" => c.status = cells,
                "lead" => c.lead += cells,
                _ => c.owner = cells,
            }
        }
    }
    c.title = rest;
    c
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let focused = app.focus == Pane::Items && !app.filter_editing;
    // Shown of the open items, or of every item when the filter reaches the finished ones.
    let total = if app.filter.reaches_finished() {
        app.ranked.len()
    } else {
        app.open_total
    };
    let extra = format!(" {}/{}", app.view.len(), total);
    let block = pane_block(
        pane_title(Pane::Items, ui, &extra),
        focused || app.filter_editing,
        ui,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let number_width = app
        .view
        .iter()
        .skip(app.offset)
        .take(usize::from(inner.height))
        .map(|&i| app.ranked[i].key.number.to_string().len())
        .max()
        .unwrap_or(8);
    let cols = columns(width, number_width);

    let mut lines: Vec<Line> = Vec::with_capacity(usize::from(inner.height));
    let mut header = vec![
        fit("", LIGHT),
        fit(lang.t(Text::Number), cols.number),
        fit(lang.t(Text::Title), cols.title),
    ];
    if cols.lead > 0 {
        header.push(fit(lang.t(Text::Lead), cols.lead));
    }
    if cols.owner > 0 {
        header.push(fit(lang.t(Text::Owner), cols.owner));
    }
    if cols.status > 0 {
        header.push(fit(lang.t(Text::StatusH), cols.status));
    }
    header.push(fit(lang.t(Text::Deadline), cols.deadline));
    header.push(fit(lang.t(Text::Left), LEFT));
    lines.push(Line::styled(header.join(" "), ui.theme.header()));

    let visible = items_visible_rows(app.size.1).min(usize::from(inner.height.saturating_sub(2)));
    if app.view.is_empty() {
        lines.push(Line::styled(lang.t(Text::NoItems), ui.theme.dim()));
    }
    let body = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), body);

    // Rows are written straight into the buffer, column by column: no padding to lay out, so
    // a frame of 50 rows costs a fraction of a millisecond.
    let buf = frame.buffer_mut();
    let plain = Style::default();
    for (line, (pos, &index)) in app
        .view
        .iter()
        .enumerate()
        .skip(app.offset)
        .take(visible)
        .enumerate()
    {
        let y = inner.y + 1 + line as u16;
        if y >= body.bottom() {
            break;
        }
        let ranked = &app.ranked[index];
        let light = ranked.light();
        let row = app.rows.get(&ranked.key.id);
        if pos == app.selected {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                ui.theme.selected(),
            );
        }
        let mut x = inner.x;
        let mut put = |text: &str, width: usize, style: Style| {
            if width > 0 {
                buf.set_stringn(x, y, clip(text, width), width, style);
                x += width as u16 + 1;
            }
        };
        // A marked item shows a square instead of the dot; the letter stays. A finished item
        // has no light: a tick.
        let mark = if app.marked.contains(&ranked.key.id) {
            '■'
        } else {
            '●'
        };
        // A report submitted late and awaiting review: its own mark, neither green nor red
        // (逾期报送待审核), as the bulletin counts it.
        let reported_late = ranked.reading.reported_late_working_days;
        if ranked.key.status.is_open() && reported_late.is_some() {
            let mark = if mark == '■' { mark } else { '◆' };
            put(
                &format!("{mark} L"),
                LIGHT,
                ui.theme.light(WarningLight::Yellow),
            );
        } else if ranked.key.status.is_open() {
            put(
                &format!("{mark} {}", light.letter()),
                LIGHT,
                ui.theme.light(light),
            );
        } else {
            let mark = if mark == '■' { mark } else { '✓' };
            put(&format!("{mark}"), LIGHT, ui.theme.dim());
        }
        put(&ranked.key.number.to_string(), cols.number, plain);
        put(row.map_or("…", |r| r.title.as_str()), cols.title, plain);
        put(
            row.map_or("", |r| r.lead_department.as_str()),
            cols.lead,
            plain,
        );
        put(row.map_or("", |r| r.owner.as_str()), cols.owner, plain);
        let status = match reported_late {
            Some(_) => lang.t(Text::ReportedLateShort),
            None => lang.status_short(ranked.key.status),
        };
        put(status, cols.status, plain);
        let deadline = match ranked.key.deadline {
            Some(d) if cols.deadline < 10 => d.format("%m-%d").to_string(),
            Some(d) => d.to_string(),
            None => lang.t(Text::NoDeadline).to_string(),
        };
        put(&deadline, cols.deadline, plain);
        let left = match (
            ranked.reading.overdue_working_days(),
            ranked.reading.working_days_left,
            reported_late,
        ) {
            (Some(over), _, _) => format!("-{over}"),
            (None, Some(l), _) => l.to_string(),
            // Late by the days to the submission, frozen there.
            (None, None, Some(late)) => format!("-{late}"),
            _ => "—".to_string(),
        };
        let left_style = match reported_late {
            Some(_) => ui.theme.light(WarningLight::Yellow),
            None => ui.theme.light(light),
        };
        put(&left, LEFT, left_style);
    }

    let count = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1,
        ..inner
    };
    let mut spans = Vec::new();
    for (i, light) in [
        WarningLight::Red,
        WarningLight::Orange,
        WarningLight::Yellow,
        WarningLight::Green,
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(
            format!("{} {}", lang.light(light), app.counts[light_index(light)]),
            ui.theme.light(light),
        ));
    }
    // Finished items shown are counted after the lights.
    let finished = (app.finished_shown > 0).then(|| {
        Span::styled(
            format!(" · {} {}", lang.t(Text::Finished), app.finished_shown),
            ui.theme.dim(),
        )
    });
    // Reports submitted late and awaiting review are counted apart, not as green.
    if app.reported_late > 0 {
        spans.push(Span::styled(
            format!(" · {} {}", lang.t(Text::ReportedLate), app.reported_late),
            ui.theme.light(WarningLight::Yellow),
        ));
    }
    // Suspended items are green (their clock stopped) and counted apart too, where it fits.
    if app.suspended > 0 {
        let suspended = format!(" ({} {})", lang.status(Status::Suspended), app.suspended);
        let used: usize = spans.iter().chain(&finished).map(|s| s.width()).sum();
        if used + crate::text::width(&suspended) <= usize::from(count.width) {
            spans.push(Span::raw(suspended));
        }
    }
    spans.extend(finished);
    frame.render_widget(Paragraph::new(Line::from(spans)), count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_pane_and_keep_the_title_readable() {
        for width in [40usize, 49, 60, 90, 120, 200] {
            let c = columns(width, 8);
            let used = LIGHT
                + c.number
                + c.title
                + c.deadline
                + LEFT
                + 4
                + [c.status, c.lead, c.owner]
                    .iter()
                    .filter(|w| **w > 0)
                    .map(|w| w + 1)
                    .sum::<usize>();
            assert_eq!(used, width, "width {width}");
            assert!(
                c.title >= MIN_TITLE.min(width.saturating_sub(25)),
                "width {width}: title {}",
                c.title
            );
        }
        let narrow = columns(49, 8);
        assert_eq!((narrow.status, narrow.lead, narrow.owner), (0, 0, 0));
        let wide = columns(120, 8);
        assert!(wide.status > 0 && wide.lead > 0 && wide.owner > 0);
    }
}

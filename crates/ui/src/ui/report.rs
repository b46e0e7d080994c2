//! The report screen (`r`): the period's table (by lead department, source or source kind), the
//! departments ranked by on-time rate as a bar chart, and a sparkline of open overdue items
//! over the last weeks. It reads the `ReportView` the update computed; nothing is counted here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Sparkline, Wrap};

use super::Ui;
use super::draw::pane_block;
use super::strings::Text;
use crate::app::report::ReportView;
use crate::report::figures::shown_rate;
use crate::report::{Place, Row, Tally};
use crate::text::{fit, width, wrap};
use crate::ui::UiWords;

/// Below this width the charts go under the table instead of beside it.
const WIDE: u16 = 120;

/// The numeric columns: heading, and cells (a leading space included); the bulletin's columns
/// (承办 = 办结 + 待审核 + 在办 + 中止 + 撤销, 超时未办 a part of 在办) less the overdue rate.
const COLUMNS: [(Text, usize); 9] = [
    (Text::ColItems, 6),
    (Text::ColDone, 5),
    (Text::ColReview, 7),
    (Text::ColOpen, 5),
    (Text::ColOverdue, 9),
    (Text::ColSuspended, 6),
    (Text::ColCancelled, 6),
    (Text::ColOnTime, 8),
    (Text::ColCompletion, 8),
];

pub fn draw(frame: &mut Frame, area: Rect, view: &ReportView, ui: &Ui) {
    let (table, ranking, trend) = if area.width >= WIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(area);
        let [ranking, trend] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        (left, ranking, trend)
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
        let [ranking, trend] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(bottom);
        (top, ranking, trend)
    };
    draw_table(frame, table, view, ui);
    draw_ranking(frame, ranking, view, ui);
    draw_trend(frame, trend, view, ui);
}

/// The summary sentence, then one row per group with the selected one marked, and the total.
fn draw_table(frame: &mut Frame, area: Rect, view: &ReportView, ui: &Ui) {
    let lang = ui.lang;
    let b = &view.bulletin;
    let (heading, grouping) = lang.group_by(b.group_by);
    let mut title = format!(
        " {} · {} · {} ",
        lang.t(Text::Bulletin),
        lang.report_period(view.kind, &b.period),
        grouping
    );
    if width(&title) + 2 > usize::from(area.width) {
        // Narrow: the period and the grouping say more than the screen's name.
        title = format!(
            " {} · {} ",
            lang.report_period(view.kind, &b.period),
            grouping
        );
    }
    let block = pane_block(title, true, ui).title_bottom(format!(" {} ", lang.t(Text::ReportKeys)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if view.counting {
        // The figures are being counted on another thread; the keys still work.
        let (_, counting) = lang.trend_pending(crate::app::report::TREND_WEEKS);
        frame.render_widget(
            Paragraph::new(Line::styled(counting, ui.theme.dim())),
            inner,
        );
        return;
    }
    let row_width = usize::from(inner.width);
    let mut lines: Vec<Line> = wrap(&lang.report_summary(&b.total), row_width)
        .into_iter()
        .map(|l| Line::styled(l, ui.theme.key()))
        .collect();
    let numbers: usize = COLUMNS.iter().map(|(_, w)| w).sum();
    let key_width = row_width.saturating_sub(numbers + 2);
    let mut header = format!("  {}", fit(heading, key_width));
    for (text, cells) in COLUMNS {
        header.push_str(&right(lang.t(text), cells));
    }
    lines.push(Line::styled(header, ui.theme.header()));
    if b.rows.is_empty() {
        lines.push(Line::styled(
            lang.t(Text::NoReportItems).to_string(),
            ui.theme.dim(),
        ));
    }
    // The rows that fit above the total, scrolled to keep the selection in view.
    let mut room = usize::from(inner.height)
        .saturating_sub(lines.len() + 1)
        .max(1);
    // Rows that do not fit are said to be there, on a row of their own under the total.
    let cut = b.rows.len() > room;
    if cut {
        room = room.saturating_sub(1).max(1);
    }
    let first = view.selected.saturating_sub(room - 1);
    for (i, row) in b.rows.iter().enumerate().skip(first).take(room) {
        let selected = i == view.selected;
        let text = format!(
            "{}{}{}",
            if selected { "› " } else { "  " },
            fit(&lang.report_key(b.group_by, &row.key), key_width),
            figures(&row.tally)
        );
        lines.push(if selected {
            Line::styled(text, ui.theme.selected())
        } else {
            Line::raw(text)
        });
    }
    lines.push(Line::styled(
        format!(
            "  {}{}",
            fit(lang.t(Text::ColTotal), key_width),
            figures(&b.total)
        ),
        ui.theme.header(),
    ));
    if cut {
        let last = (first + room).min(b.rows.len());
        lines.push(Line::styled(
            lang.rows_shown(first + 1, last, b.rows.len()),
            ui.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A row's figures under the numeric columns.
fn figures(t: &Tally) -> String {
    let cells = [
        t.in_scope().to_string(),
        t.completed().to_string(),
        t.awaiting_review().to_string(),
        t.in_progress().to_string(),
        t.overdue_open().to_string(),
        t.suspended.to_string(),
        t.cancelled.to_string(),
        shown_rate(t.on_time_rate()),
        shown_rate(t.completion_rate()),
    ];
    cells
        .iter()
        .zip(COLUMNS)
        .map(|(c, (_, w))| right(c, w))
        .collect()
}

/// `text` right-aligned in `cells`.
fn right(text: &str, cells: usize) -> String {
    format!("{}{text}", " ".repeat(cells.saturating_sub(width(text))))
}

/// The departments in ranking order, each bar its on-time rate, with its rate and open
/// overdue items written on it.
fn draw_ranking(frame: &mut Frame, area: Rect, view: &ReportView, ui: &Ui) {
    let lang = ui.lang;
    let ranking = &view.bulletin.ranking;
    let mut block = pane_block(format!(" {} ", lang.t(Text::Ranking)), false, ui);
    let inner = block.inner(area);
    let shown = ranking.len().min(usize::from(inner.height));
    if shown < ranking.len() {
        block = block.title_bottom(format!(" {} ", lang.more(ranking.len() - shown)));
    }
    frame.render_widget(block, area);
    if ranking.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                lang.t(Text::NoReportItems).to_string(),
                ui.theme.dim(),
            )),
            inner,
        );
        return;
    }
    // The rate and open overdue items go in a column right of the bars: written on a bar,
    // wide characters would be cut by its blocks.
    let places = view.bulletin.places();
    let values: Vec<String> = ranking
        .iter()
        .zip(&places)
        .take(shown)
        .map(|(row, place)| {
            if *place == Place::NotRanked {
                return lang.t(Text::NotRanked).to_string();
            }
            let mut value = shown_rate(row.tally.on_time_rate());
            let overdue = row.tally.overdue_open();
            if overdue > 0 {
                value.push_str(&lang.overdue_count(overdue));
            }
            value
        })
        .collect();
    let value_width = values.iter().map(|v| width(v)).max().unwrap_or(0);
    let inner_width = usize::from(inner.width);
    let label_width = (inner_width * 2 / 5).clamp(8, 22);
    let value_width = value_width.min(inner_width.saturating_sub(label_width + 6));
    let [bars_area, values_area] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(u16::try_from(value_width + 1).unwrap_or(0)),
    ])
    .areas(inner);
    let bars: Vec<Bar> = ranking
        .iter()
        .zip(places)
        .take(shown)
        .map(|(row, place)| bar(place.rank(), row, label_width))
        .collect();
    let chart = BarChart::horizontal(bars)
        .max(1000)
        .bar_gap(0)
        .bar_style(ui.theme.ok());
    frame.render_widget(chart, bars_area);
    let lines: Vec<Line> = values
        .into_iter()
        .map(|v| Line::raw(format!(" {v}")))
        .collect();
    frame.render_widget(Paragraph::new(lines), values_area);
}

/// One department's bar: its rank (并列 the same; none when not ranked) and name, and its
/// on-time rate in tenths of a percent.
fn bar<'a>(rank: Option<u32>, row: &Row, label_width: usize) -> Bar<'a> {
    let rate = row.tally.on_time_rate();
    let rank = rank.map_or_else(String::new, |r| r.to_string());
    Bar::default()
        .label(Line::raw(fit(
            &format!("{rank:>2} {}", crate::text::safe(&row.key)),
            label_width,
        )))
        .value(rate.map_or(0, |r| (r * 10.0).round() as u64))
        .text_value(String::new())
}

/// Open overdue items at the end of each week: a sparkline, each week as wide as the pane
/// allows, with the first and last week's end beneath.
fn draw_trend(frame: &mut Frame, area: Rect, view: &ReportView, ui: &Ui) {
    let lang = ui.lang;
    let counts: Vec<u64> = view
        .trend
        .iter()
        .map(|w| u64::from(w.open_overdue))
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0);
    let last = counts.last().copied().unwrap_or(0);
    let (title, figures) = if view.trend.is_empty() {
        // Worked out from the history on the next tick.
        lang.trend_pending(crate::app::report::TREND_WEEKS)
    } else {
        lang.trend_title(
            view.trend.len(),
            u32::try_from(max).unwrap_or(u32::MAX),
            u32::try_from(last).unwrap_or(u32::MAX),
        )
    };
    let block = pane_block(format!(" {title} "), false, ui).title_bottom(format!(" {figures} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if counts.is_empty() || inner.height < 2 {
        return;
    }
    let each = (usize::from(inner.width) / counts.len()).max(1);
    let data: Vec<u64> = counts
        .iter()
        .flat_map(|c| std::iter::repeat_n(*c, each))
        .collect();
    let [spark, dates] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Sparkline::default()
            .data(&data)
            .max(max.max(1))
            .style(ui.theme.error()),
        spark,
    );
    let day = |i: usize| {
        view.trend
            .get(i)
            .map_or(String::new(), |w| w.end.format("%m-%d").to_string())
    };
    let (first, end) = (day(0), day(view.trend.len() - 1));
    let span = (each * counts.len()).min(usize::from(inner.width));
    let gap = span.saturating_sub(width(&first) + width(&end));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(first, ui.theme.dim()),
            Span::raw(" ".repeat(gap)),
            Span::styled(end, ui.theme.dim()),
        ]))
        .wrap(Wrap { trim: false }),
        dates,
    );
}

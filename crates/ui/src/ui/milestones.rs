//! The milestone panel (`M`): the item's milestones with their due dates, done or open, the
//! overdue ones marked; `a` adds one, Enter marks the selected one done.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Ui;
use super::draw::{centered, clear};
use super::strings::{Lang, Text};
use crate::app::milestones::{MilestoneNotice, MilestonePanel};
use crate::app::state::App;
use crate::store::Milestone;
use crate::text::{clip, fit, safe, width};
use crate::ui::UiWords;

fn panel_keys(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "a 新增 · Enter 标记完成 · z 撤销 · Esc 返回",
        Lang::En => "a add · Enter mark done · z undo · Esc back",
    }
}

fn none_yet(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "尚无分解节点，按 a 新增",
        Lang::En => "No milestones yet: a adds one",
    }
}

/// What the status bar says after a milestone was added or marked done.
pub fn notice(n: &MilestoneNotice, lang: Lang) -> String {
    match (n, lang) {
        (MilestoneNotice::Added { number, no }, Lang::Zh) => {
            format!("{number} 已新增分解节点 {no}")
        }
        (MilestoneNotice::Added { number, no }, Lang::En) => {
            format!("{number}: milestone {no} added")
        }
        (MilestoneNotice::Done { number, no }, Lang::Zh) => {
            format!("{number} 分解节点 {no} 已完成")
        }
        (MilestoneNotice::Done { number, no }, Lang::En) => {
            format!("{number}: milestone {no} done")
        }
    }
}

/// A milestone's state in words: done on a day, overdue (open and past its due date), or open.
pub fn state_words(m: &Milestone, today: NaiveDate, lang: Lang, ui: &Ui) -> (String, Style) {
    match m.done_on {
        Some(d) => (
            format!("{} {d}", lang.t(Text::Done)),
            ui.theme.light(crate::domain::WarningLight::Green),
        ),
        None if m.due_on < today => (
            format!("{} · {}", lang.t(Text::Open), lang.t(Text::Overdue)),
            ui.theme.error(),
        ),
        None => (lang.t(Text::Open).to_string(), Style::default()),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, panel: &MilestonePanel, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let milestones: &[Milestone] = app
        .detail
        .as_ref()
        .filter(|d| d.row.number == panel.number)
        .map_or(&[], |d| d.milestones.as_slice());
    let title = app
        .detail
        .as_ref()
        .filter(|d| d.row.number == panel.number)
        .map_or(String::new(), |d| safe(&d.row.title));
    let box_width = area.width.saturating_sub(4).min(96);
    let rows = milestones.len().max(1) as u16;
    let rect = clear(
        frame,
        centered(
            area,
            box_width,
            (rows + 2).min(area.height.saturating_sub(2)),
        ),
    );
    let head = format!(" {} {} ", lang.t(Text::Milestones), panel.number);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border(true))
        .title(format!(
            "{head}{} ",
            clip(
                &title,
                usize::from(box_width).saturating_sub(width(&head) + 4)
            )
        ))
        .title_bottom(format!(" {} ", panel_keys(lang)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let room = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    let lines: Vec<Line> = if milestones.is_empty() {
        vec![Line::styled(none_yet(lang), ui.theme.dim())]
    } else {
        // Keep the selected milestone in view.
        let skip = (panel.selected + 1).saturating_sub(height);
        milestones
            .iter()
            .enumerate()
            .skip(skip)
            .take(height)
            .map(|(k, m)| {
                let (state, style) = state_words(m, app.today, lang, ui);
                let lead = format!(" {:>2}. {}  ", k + 1, m.due_on);
                let state = fit(&state, 18);
                let rest = room.saturating_sub(width(&lead) + 18 + 1);
                let mut line = Line::from(vec![
                    Span::raw(lead),
                    Span::styled(state, style),
                    Span::raw(" "),
                    Span::raw(clip(&safe(&m.title), rest).into_owned()),
                ]);
                if k == panel.selected {
                    line = line.style(ui.theme.selected());
                }
                line
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

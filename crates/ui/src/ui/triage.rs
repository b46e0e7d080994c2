//! The triage card, its progress line, and the summary when the queue is empty.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Ui;
use super::draw::pane_block;
use super::strings::Text;
use crate::app::state::App;
use crate::app::triage::Triage;
use crate::text::{fit, safe};
use crate::ui::UiWords;

pub fn draw(frame: &mut Frame, area: Rect, t: &Triage, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let progress = format!(
        " {} {}/{} · {} {} · {} {}{} ",
        lang.t(Text::Triage),
        (t.pos + 1).min(t.queue.len()),
        t.queue.len(),
        lang.t(Text::Decided),
        t.decided(),
        lang.t(Text::Skipped),
        t.skipped(),
        if app.marked.is_empty() {
            String::new()
        } else {
            format!(" · {} {}", lang.t(Text::Marked), app.marked.len())
        }
    );
    // A card whose item has an extension request waiting names the keys that decide it.
    let pending = t.card().is_some_and(|c| {
        app.detail.as_ref().is_some_and(|d| {
            d.row.number == c.number
                && d.extensions
                    .iter()
                    .any(|x| x.decision == crate::domain::extension::ExtensionDecision::Pending)
        })
    });
    let hints = super::keymap::hint_bar(
        &ui.keys,
        if pending {
            super::keymap::Bar::TriageExtension
        } else {
            super::keymap::Bar::Triage
        },
        lang,
        usize::from(area.width.saturating_sub(4)),
    );
    let block = pane_block(progress, true, ui).title_bottom(format!(" {hints} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = if t.is_done() {
        summary(t, ui)
    } else {
        card(t, app, ui, usize::from(inner.width))
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn card<'a>(t: &Triage, app: &App, ui: &Ui, width: usize) -> Vec<Line<'a>> {
    let lang = ui.lang;
    let Some(c) = t.card() else {
        return vec![Line::raw(lang.t(Text::TriageEmpty))];
    };
    let Some(d) = app.detail.as_ref().filter(|d| d.row.number == c.number) else {
        return vec![Line::raw(c.number.to_string())];
    };
    let r = &d.row;
    let light = app
        .ranked_selected()
        .filter(|x| x.key.id == c.id)
        .or_else(|| app.ranked_by_number(c.number))
        .map(|x| x.light());
    let mark = if app.marked.contains(&c.id) {
        "■ "
    } else {
        ""
    };
    let group = format!("[{}] ", lang.group(c.group));
    let number = format!("{mark}{} ", r.number);
    // The title takes the rest of the first row, never wrapping under it.
    let title_width =
        width.saturating_sub(crate::text::width(&group) + crate::text::width(&number));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(group, light.map_or(ui.theme.key(), |l| ui.theme.light(l))),
            Span::styled(number, ui.theme.key()),
            Span::raw(crate::text::clip(&r.title, title_width).into_owned()),
        ]),
        Line::raw(""),
    ];
    // Labelled rows: (label, value, style).
    let mut rows: Vec<(Text, String, Style)> = vec![
        (
            Text::Lead,
            format!(
                "{} · {} {}",
                safe(&r.lead_department),
                lang.t(Text::Owner),
                safe(&r.owner)
            ),
            Style::default(),
        ),
        (
            Text::Deadline,
            format!(
                "{} · {}",
                r.deadline
                    .map_or(lang.t(Text::NoDeadline).to_string(), |x| x.to_string()),
                lang.status(r.status)
            ),
            Style::default(),
        ),
    ];
    let reasons: Vec<String> = c.priority.reasons.iter().map(|x| lang.reason(x)).collect();
    // A pending extension request is decided here (`A`/`R`), so the card shows it whole.
    let pending = d
        .extensions
        .iter()
        .find(|x| x.decision == crate::domain::extension::ExtensionDecision::Pending);
    rows.push((Text::Why, reasons.join(" · "), ui.theme.error()));
    if let Some(x) = pending {
        rows.push((
            Text::ExtensionRequest,
            lang.pending_extension(x),
            ui.theme.key(),
        ));
    }
    if let Some(i) = &d.instruction {
        rows.push((
            Text::Instruction,
            format!("{} —— {}", safe(i), safe(d.leader.as_deref().unwrap_or(""))),
            Style::default(),
        ));
    }
    let last_feedback = d
        .feedback
        .first()
        .map_or(lang.t(Text::NoneYet).to_string(), |f| {
            let pct = f.percent.map_or(String::new(), |p| format!(" {p}%"));
            format!("{}{pct} {}", f.on_date, safe(&f.text))
        });
    rows.push((Text::LastFeedback, last_feedback, Style::default()));
    let last_note = d
        .notes
        .first()
        .map_or(lang.t(Text::NoneYet).to_string(), |n| {
            format!(
                "{} {} → {}: {}",
                n.on_date,
                lang.level(n.level),
                safe(&n.target),
                safe(&n.reason)
            )
        });
    rows.push((Text::LastNote, last_note, Style::default()));
    let next = d.suggestion(app.office.rules.ladder_repeats).level;
    rows.push((
        Text::Suggested,
        format!("{} ({}/7)", lang.level(next), next.rank()),
        ui.theme.key(),
    ));
    // The labels as wide as the widest; a value too long for its row goes on under itself,
    // never under the labels.
    let label_width = rows
        .iter()
        .map(|(l, _, _)| crate::text::width(lang.t(*l)))
        .max()
        .unwrap_or(0)
        + 1;
    let value_width = width.saturating_sub(label_width).max(8);
    for (label, value, style) in rows {
        for (i, part) in crate::text::wrap(&value, value_width)
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 { lang.t(label) } else { "" };
            lines.push(Line::from(vec![
                Span::styled(fit(head, label_width), ui.theme.dim()),
                Span::styled(part, style),
            ]));
        }
    }
    lines
}

fn summary<'a>(t: &Triage, ui: &Ui) -> Vec<Line<'a>> {
    let lang = ui.lang;
    let mut lines = vec![Line::styled(lang.t(Text::TriageDone), ui.theme.header())];
    for d in t.decisions() {
        let Some(c) = t.queue.get(d.card) else {
            continue;
        };
        lines.push(Line::raw(format!(
            "{} {} — {}",
            c.number,
            safe(&c.title),
            lang.outcome(&d.outcome)
        )));
    }
    lines.push(Line::styled(
        lang.triage_tally(t.decided(), t.skipped()),
        ui.theme.header(),
    ));
    lines
}

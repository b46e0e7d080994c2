//! The item detail view: every field, milestones, extensions, feedback, notes, commendations
//! and history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ui;
use super::draw::pane_block;
use super::history_words::{decision_name, event_sentence, flag_name};
use super::strings::Text;
use super::wrapped::Rows;
use crate::app::state::App;
use crate::domain::triage::Reason;
use crate::text::{fit, safe};
use crate::ui::UiWords;

/// Cells of the label column.
const LABEL: usize = 12;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let lang = ui.lang;
    let Some(d) = &app.detail else {
        return;
    };
    let r = &d.row;
    let a = app.ranked_selected().map(|x| x.reading);
    let title = format!(" {} {} ", r.number, safe(&r.title));
    let hints = super::keymap::hint_bar(
        &ui.keys,
        super::keymap::Bar::Detail,
        lang,
        usize::from(area.width.saturating_sub(4)),
    );
    let block = pane_block(title, true, ui).title_bottom(format!(" {hints} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let label = |t: &str| Span::styled(fit(t, LABEL), ui.theme.dim());
    let mut rows = Rows::new(inner.width);
    if let Some(a) = a {
        let mut state = vec![label(lang.t(Text::StatusH))];
        match a.reported_late_working_days {
            // Reported late, awaiting review: its own mark and word, with its frozen lateness.
            Some(late) => {
                let yellow = ui.theme.light(crate::domain::WarningLight::Yellow);
                state.push(Span::styled(
                    format!("◆ L {}", lang.t(Text::ReportedLate)),
                    yellow,
                ));
                state.push(Span::styled(
                    format!(" · {}", lang.reason(&Reason::ReportedLateWorkingDays(late))),
                    yellow,
                ));
            }
            None => {
                state.push(Span::styled(
                    format!("● {} {} ", a.light.letter(), lang.light(a.light)),
                    ui.theme.light(a.light),
                ));
                state.push(Span::raw(lang.status(r.status)));
            }
        }
        if let Some(over) = a.overdue_working_days() {
            state.push(Span::styled(
                format!(" · {}", lang.reason(&Reason::OverdueWorkingDays(over))),
                ui.theme.light(a.light),
            ));
        } else if let Some(left) = a.working_days_left {
            state.push(Span::raw(format!(
                " · {}",
                lang.reason(&Reason::DueInWorkingDays(left))
            )));
        }
        if a.unaddressed {
            state.push(Span::styled(
                format!(" · {}", lang.t(Text::Unaddressed)),
                ui.theme.error(),
            ));
        }
        if a.feedback.missed_in_row > 0 {
            state.push(Span::styled(
                format!(
                    " · {}",
                    lang.reason(&Reason::FeedbackMissed(a.feedback.missed_in_row))
                ),
                ui.theme.light(crate::domain::WarningLight::Yellow),
            ));
        }
        rows.lines.push(Line::from(state));
    }
    let mut field = |name: &str, value: String| {
        rows.push(vec![label(name)], LABEL, &value, Style::default());
    };
    field(
        lang.t(Text::Lead),
        format!(
            "{}  {} {}",
            safe(&r.lead_department),
            lang.t(Text::Owner),
            safe(&r.owner)
        ),
    );
    if !d.co_departments.is_empty() {
        field(lang.t(Text::Co), safe(&d.co_departments.join("、")));
    }
    field(
        lang.t(Text::Source),
        format!("{} {}", lang.source(r.source_kind), safe(&r.source_ref)),
    );
    if let Some(i) = &d.instruction {
        field(
            lang.t(Text::Instruction),
            format!("{} —— {}", safe(i), safe(d.leader.as_deref().unwrap_or(""))),
        );
    }
    if !d.requirement.is_empty() {
        field(lang.t(Text::Requirement), safe(&d.requirement));
    }
    let flags: Vec<_> = r.flags.list().iter().map(|f| flag_name(*f, lang)).collect();
    field(
        lang.t(Text::Cadence),
        format!(
            "{}  {} {}{}",
            lang.cadence(r.cadence),
            lang.t(Text::Flags),
            if flags.is_empty() {
                "—".into()
            } else {
                flags.join(if lang == super::Lang::Zh { "、" } else { ", " })
            },
            if r.urgent {
                format!("  {}", lang.t(Text::Urgent))
            } else {
                String::new()
            }
        ),
    );
    let deadline = match (r.deadline, &d.no_deadline_reason) {
        (Some(dl), _) if d.original_deadline != Some(dl) => format!(
            "{dl} ({} {})",
            lang.t(Text::Originally),
            d.original_deadline.map_or("—".into(), |o| o.to_string())
        ),
        (Some(dl), _) => dl.to_string(),
        (None, reason) => format!(
            "{} ({})",
            lang.t(Text::NoDeadline),
            safe(reason.as_deref().unwrap_or(""))
        ),
    };
    field(lang.t(Text::Deadline), deadline);
    field(lang.t(Text::Registered), r.registered_on.to_string());
    if let Some(until) = r.snoozed_until.filter(|d| *d > app.today) {
        field(
            lang.t(Text::Snoozed),
            format!(
                "{until} · {}",
                safe(r.snooze_reason.as_deref().unwrap_or(""))
            ),
        );
    }

    let section = |rows: &mut Rows, name: &str, n: usize| {
        rows.lines.push(Line::raw(""));
        rows.lines
            .push(Line::styled(format!("{name} ({n})"), ui.theme.header()));
    };
    section(&mut rows, lang.t(Text::Milestones), d.milestones.len());
    for (k, m) in d.milestones.iter().enumerate() {
        let (state, style) = super::milestones::state_words(m, app.today, lang, ui);
        let lead = format!("  {}. {} ", k + 1, m.due_on);
        let lead_width = crate::text::width(&lead) + crate::text::width(&state) + 1;
        rows.push(
            vec![Span::raw(lead), Span::styled(state, style), Span::raw(" ")],
            lead_width,
            &safe(&m.title),
            Style::default(),
        );
    }
    section(&mut rows, lang.t(Text::Extensions), d.extensions.len());
    for e in &d.extensions {
        rows.entry(
            &format!(
                "{} {} → {} {} · {}",
                e.requested_on,
                e.old_deadline,
                e.new_deadline,
                decision_name(e.decision, lang),
                safe(&e.reason)
            ),
            Style::default(),
        );
    }
    section(
        &mut rows,
        lang.pane(crate::app::Pane::Feedback),
        d.feedback.len(),
    );
    for f in &d.feedback {
        let pct = f.percent.map_or(String::new(), |p| format!(" {p}%"));
        rows.entry(
            &format!(
                "{}{pct} {}: {}",
                f.on_date,
                safe(&f.reporter),
                safe(&f.text)
            ),
            Style::default(),
        );
    }
    section(
        &mut rows,
        lang.pane(crate::app::Pane::Accountability),
        d.notes.len(),
    );
    for n in &d.notes {
        rows.entry(
            &format!(
                "{} {} → {}: {} · {}",
                n.on_date,
                lang.level(n.level),
                safe(&n.target),
                safe(&n.reason),
                safe(&n.requirement)
            ),
            Style::default(),
        );
    }
    // Rare: shown only when the item has some, so that most items' view stays as it was.
    if !d.commendations.is_empty() {
        section(
            &mut rows,
            lang.t(Text::Commendations),
            d.commendations.len(),
        );
        for c in &d.commendations {
            let mut line = super::panes::commendation_line(c, lang, ui);
            line.spans.insert(0, Span::raw("  "));
            rows.lines.push(line);
        }
    }
    if !d.instructions.is_empty() {
        section(&mut rows, lang.t(Text::Instructions), d.instructions.len());
        for i in &d.instructions {
            let mut line = super::panes::instruction_line(i, lang, ui);
            line.spans.insert(0, Span::raw("  "));
            rows.lines.push(line);
        }
    }
    if !d.attachments.is_empty() {
        section(&mut rows, lang.t(Text::Attachments), d.attachments.len());
        for (i, a) in d.attachments.iter().enumerate() {
            rows.entry(
                &format!(
                    "  {}",
                    super::history_words::attachment_line(i + 1, a, lang)
                ),
                Style::default(),
            );
        }
    }
    section(&mut rows, lang.t(Text::History), d.events.len());
    for e in &d.events {
        rows.entry(&event_sentence(e, lang), ui.theme.dim());
    }
    let lines = rows.lines;
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = app.detail_scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

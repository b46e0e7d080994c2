//! What the interface's benchmarks share (`benches/interface.rs`, `benches/postgres.rs`): the
//! clock of a run, a key press through the app and a full frame, and a triage decision timed.

#![allow(dead_code)]

use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use duban::app::{Action, App};
use duban::clock::Clock;
use duban::ui::Ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("benches/interface.rs: {what}: {e}");
    std::process::exit(1)
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_else(|| fail("today", "no such day"))
}

pub fn clock() -> Clock {
    Clock::Frozen(
        today()
            .and_hms_opt(9, 0, 0)
            .unwrap_or_else(|| fail("clock", "no such time")),
    )
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One key press: update, then a full frame.
pub fn press(app: &mut App, ui: &Ui, terminal: &mut Terminal<TestBackend>, event: &Event) {
    ui.dispatch(app, event)
        .unwrap_or_else(|e| fail("update", e));
    let Ok(_) = terminal.draw(|f| duban::ui::draw::draw(f, app, ui));
}

/// `n` decisions, timing only the deciding key press: `u` opens the prefilled form (untimed),
/// Enter commits the urging and draws the next card (timed).
pub fn decide(app: &mut App, ui: &Ui, terminal: &mut Terminal<TestBackend>, n: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..n {
        if app.triage.as_ref().is_some_and(|t| t.is_done()) {
            let _ = app.update(Action::StartTriage);
        }
        press(app, ui, terminal, &key(KeyCode::Char('u')));
        let start = std::time::Instant::now();
        press(app, ui, terminal, &key(KeyCode::Enter));
        total += start.elapsed();
    }
    total
}

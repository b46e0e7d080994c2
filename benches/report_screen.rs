//! The report screen (`r`) on the 100,000-item office at 160×48, "today" fixed at 2026-11-25:
//!
//! - `report_first_frame`: `r` pressed on the main screen through `App::update` and the first
//!   frame drawn (issue target: under 100 ms): the screen, with the period's figures being
//!   counted on another thread;
//! - `report_figures_shown`: from `r` to the frame that shows this month's figures (from the
//!   days the store keeps), ticking every millisecond;
//! - `report_sparkline_shown`: from `r` to the frame with the 12 weeks of open overdue items
//!   (each week's end read from the days the store keeps, `item_days`, on another thread);
//! - `report_previous_period`: `[` (the month before, its items read from the days kept)
//!   until its figures are shown, then `]` (this month again);
//! - the parts: `read_all_events`, `items_month` (from the days kept), `bulletin_month` (from
//!   the history),
//!   `open_overdue_12_weeks` (the sparkline's twelve reads of the days kept).
//!
//! The database is the one benches/interface.rs builds (target/bench-office-100k.db, about
//! 10 s the first time). Run: `cargo bench --bench report_screen`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use duban::app::office::open_overdue_by_week;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::history::Recorded;
use duban::report::{Bulletin, GroupBy, Period, PeriodKind};
use duban::store::{Records, Store};
use duban::ui::{Lang, Theme, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("benches/report_screen.rs: {what}: {e}");
    std::process::exit(1)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_else(|| fail("today", "no such day"))
}

fn clock() -> Clock {
    Clock::Frozen(
        today()
            .and_hms_opt(9, 0, 0)
            .unwrap_or_else(|| fail("clock", "no such time")),
    )
}

fn database() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-office-100k.db");
    if !path.exists() {
        eprintln!("building the 100,000-item office in {} …", path.display());
        let store = Store::open(&path).unwrap_or_else(|e| fail("open", e));
        let mut office = Office::new(store, clock(), "bench".into());
        duban::cli::fill_demo(&mut office, 100_000, 2026).unwrap_or_else(|e| fail("demo", e));
    }
    path
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn esc() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

/// One key press: update, then a full frame.
fn press(app: &mut App, ui: &Ui, terminal: &mut Terminal<TestBackend>, event: &Event) {
    ui.dispatch(app, event)
        .unwrap_or_else(|e| fail("update", e));
    let Ok(_) = terminal.draw(|f| duban::ui::draw::draw(f, app, ui));
}

fn screen(c: &mut Criterion) {
    let path = database();
    let store = Store::open(&path).unwrap_or_else(|e| fail("open", e));
    let mut app = App::new(Office::new(store, clock(), "bench-clerk".into()), (160, 48))
        .unwrap_or_else(|e| fail("app", e));
    let ui = Ui::new(Lang::Zh, Theme::new(true));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 48));
    let mut group = c.benchmark_group("report_screen_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));

    // Ticks (every millisecond here; the interface ticks every 250 ms) until `done` holds.
    let settle =
        |app: &mut App, terminal: &mut Terminal<TestBackend>, done: &dyn Fn(&App) -> bool| {
            while !done(app) {
                app.update(duban::app::Action::Tick)
                    .unwrap_or_else(|e| fail("tick", e));
                std::thread::sleep(Duration::from_millis(1));
            }
            let Ok(_) = terminal.draw(|f| duban::ui::draw::draw(f, app, &ui));
        };
    let counted = |app: &App| app.report.as_ref().is_some_and(|r| !r.counting);
    let traced = |app: &App| app.report.as_ref().is_some_and(|r| !r.trend.is_empty());

    group.bench_function("report_first_frame", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let start = Instant::now();
                press(&mut app, &ui, &mut terminal, &key('r'));
                total += start.elapsed();
                // The figures counted, and back to the main screen, untimed: the next press
                // does not share the processor with this one's count.
                settle(&mut app, &mut terminal, &counted);
                black_box(app.report.as_ref().map(|r| r.bulletin.total.in_scope()));
                press(&mut app, &ui, &mut terminal, &esc());
            }
            total
        })
    });

    group.bench_function("report_figures_shown", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let start = Instant::now();
                press(&mut app, &ui, &mut terminal, &key('r'));
                settle(&mut app, &mut terminal, &counted);
                total += start.elapsed();
                black_box(app.report.as_ref().map(|r| r.bulletin.total.in_scope()));
                press(&mut app, &ui, &mut terminal, &esc());
            }
            total
        })
    });

    group.bench_function("report_sparkline_shown", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let start = Instant::now();
                press(&mut app, &ui, &mut terminal, &key('r'));
                settle(&mut app, &mut terminal, &traced);
                total += start.elapsed();
                black_box(app.report.as_ref().map(|r| r.trend.len()));
                press(&mut app, &ui, &mut terminal, &esc());
            }
            total
        })
    });

    let mut back = true;
    group.bench_function("report_previous_period", |b| {
        if app.report.is_none() {
            press(&mut app, &ui, &mut terminal, &key('r'));
            settle(&mut app, &mut terminal, &counted);
        }
        b.iter(|| {
            // October and November in turn, until their figures are shown.
            let k = if back { '[' } else { ']' };
            back = !back;
            press(&mut app, &ui, &mut terminal, &key(k));
            settle(&mut app, &mut terminal, &counted);
        })
    });

    let read = |events: &mut Vec<Recorded>| {
        events.clear();
        app.office
            .store
            .each_event(|e| events.push(e))
            .unwrap_or_else(|e| fail("events", e));
    };
    let mut events: Vec<Recorded> = Vec::new();
    group.bench_function("read_all_events", |b| {
        b.iter(|| {
            read(&mut events);
            black_box(events.len())
        })
    });
    // The history for the parts below, also when `read_all_events` is filtered out.
    read(&mut events);
    eprintln!("events in the 100,000-item office: {}", events.len());
    let month = Period::holding(PeriodKind::Month, today());
    group.bench_function("bulletin_month", |b| {
        b.iter(|| {
            Bulletin::by_replay(
                &events,
                month,
                GroupBy::Department,
                &app.office.calendar,
                &app.office.rules,
            )
        })
    });
    group.bench_function("items_month", |b| {
        b.iter(|| {
            black_box(
                app.office
                    .items_at_end(&month)
                    .unwrap_or_else(|e| fail("items of the month", e))
                    .items
                    .len(),
            )
        })
    });
    group.bench_function("open_overdue_12_weeks", |b| {
        b.iter(|| {
            black_box(
                open_overdue_by_week(&app.office.store, today(), 12)
                    .unwrap_or_else(|e| fail("the sparkline", e)),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, screen);
criterion_main!(benches);

//! The terminal interface on a 100,000-item office at 160×48, with "today" fixed at 2026-11-25:
//!
//! - `key_move_selection`, `key_switch_pane`, `key_filter_one_character`: one key press through
//!   `App::update` and a full draw into an off-screen terminal (issue target: under 2 ms);
//!   `key_filter_one_character` searches every item, finished ones too;
//! - `key_first_search`: the first `/` of a session, which reads the finished items and every
//!   item's filter text;
//! - `triage_urge_decision`: on a triage card, `u` opens the prefilled urging (not timed), then
//!   the timed key press: Enter, one transaction committed to the database file with
//!   `synchronous=FULL`, the next card drawn (target: under 5 ms);
//!   `triage_urge_decision_in_memory` is the same on an in-memory office, so the difference is
//!   what committing to disk (fsync included) costs here.
//!
//! - `triage_open`: `t` on the list, the queue built and its first card drawn (target: under
//!   50 ms).
//! - `startup_snapshot_160x48`: `duban snapshot` end to end (target: under 80 ms).
//!
//! Every run first builds one 100,000-item database (the sample office of `duban demo --items
//! 100000 --seed 2026` on 2026-11-25, about 10 s) in a temporary folder, removed at the end, so
//! that every run starts from the same office (the decision benchmarks add urgings to it).
//! Run: `cargo bench --bench interface` (`-- triage_urge` for the decision benchmarks only).
//! `DUBAN_BENCH_ITEMS=1000000` runs the same on a 1,000,000-item office (built in about
//! 2.5 minutes; the group is then `interface_1000000`); `DUBAN_BENCH_DB=FILE` runs them on a
//! copy of an office already made (name its size with `DUBAN_BENCH_ITEMS`).

mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use duban::app::{Action, App, Office};
use duban::store::Store;
use duban::ui::{Lang, Theme, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{clock, decide, fail, key, press};

/// How many items the office has: 100,000 unless `DUBAN_BENCH_ITEMS` says otherwise.
fn items() -> u64 {
    std::env::var("DUBAN_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The benchmarks' group: `interface_100k` on the usual office, else named by its size.
fn group_name() -> String {
    match items() {
        100_000 => "interface_100k".to_string(),
        n => format!("interface_{n}"),
    }
}

/// The office of this run, in a temporary folder removed when it is dropped; with
/// `DUBAN_BENCH_DB=FILE`, a copy of that office instead of a new one (the decisions write to it).
fn database() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::Builder::new()
        .prefix("duban-bench-")
        .tempdir()
        .unwrap_or_else(|e| fail("temporary folder", e));
    if let Some(given) = std::env::var_os("DUBAN_BENCH_DB") {
        let path = folder.path().join("office.db");
        eprintln!("copying {} …", Path::new(&given).display());
        std::fs::copy(&given, &path).unwrap_or_else(|e| fail("copy", e));
        return (folder, path);
    }
    let path = folder.path().join("office.db");
    eprintln!(
        "building the {}-item office in {} …",
        items(),
        path.display()
    );
    let store = Store::open(&path).unwrap_or_else(|e| fail("open", e));
    let mut office = Office::new(store, clock(), "bench".into());
    duban::cli::fill_demo(&mut office, items(), 2026).unwrap_or_else(|e| fail("demo", e));
    (folder, path)
}

fn app(path: &Path) -> App {
    let store = Store::open(path).unwrap_or_else(|e| fail("open", e));
    App::new(Office::new(store, clock(), "bench-clerk".into()), (160, 48))
        .unwrap_or_else(|e| fail("app", e))
}

fn keys(c: &mut Criterion, path: &Path) {
    let ui = Ui::new(Lang::Zh, Theme::new(true));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 48));
    let mut app = app(path);
    let mut group = c.benchmark_group(group_name());
    group.measurement_time(Duration::from_secs(4));

    let mut down = true;
    group.bench_function("key_move_selection", |b| {
        b.iter(|| {
            // Down and up in turn, so the selection stays near the top of 50,000 items.
            let k = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            press(&mut app, &ui, &mut terminal, &key(k));
        })
    });
    group.bench_function("key_switch_pane", |b| {
        b.iter(|| press(&mut app, &ui, &mut terminal, &key(KeyCode::Tab)))
    });
    // The filter text is loaded on the first `/`, outside the timing.
    press(&mut app, &ui, &mut terminal, &key(KeyCode::Char('1')));
    press(&mut app, &ui, &mut terminal, &key(KeyCode::Char('/')));
    let mut typed = false;
    group.bench_function("key_filter_one_character", |b| {
        b.iter(|| {
            // Type 市 into an empty filter (50,000 items searched), then take it back.
            let k = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('市')
            };
            typed = !typed;
            press(&mut app, &ui, &mut terminal, &key(k));
        })
    });
    black_box(&app.view);
    group.finish();
}

fn decisions(c: &mut Criterion, path: &Path) {
    let ui = Ui::new(Lang::Zh, Theme::new(true));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 48));
    let mut group = c.benchmark_group(group_name());
    group
        .measurement_time(Duration::from_secs(6))
        .sample_size(40);

    // `t` on the list: the queue built from the ranked items and the first card drawn (timed);
    // Esc back to the list (not timed). Target: under 50 ms.
    let mut opening = app(path);
    group.bench_function("triage_open", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let start = std::time::Instant::now();
                press(&mut opening, &ui, &mut terminal, &key(KeyCode::Char('t')));
                total += start.elapsed();
                press(&mut opening, &ui, &mut terminal, &key(KeyCode::Esc));
            }
            total
        })
    });
    drop(opening);

    let mut on_disk = app(path);
    on_disk
        .update(Action::StartTriage)
        .unwrap_or_else(|e| fail("triage", e));
    eprintln!(
        "triage queue on the {}-item office: {} items",
        items(),
        on_disk.triage.as_ref().map_or(0, |t| t.queue.len())
    );
    group.bench_function("triage_urge_decision", |b| {
        b.iter_custom(|n| decide(&mut on_disk, &ui, &mut terminal, n))
    });

    // The same decisions on a small in-memory office: no file, no fsync.
    let store = Store::open_in_memory().unwrap_or_else(|e| fail("memory", e));
    let mut office = Office::new(store, clock(), "bench-clerk".into());
    duban::cli::fill_demo(&mut office, 5_000, 2026).unwrap_or_else(|e| fail("demo", e));
    let mut in_memory = App::new(office, (160, 48)).unwrap_or_else(|e| fail("app", e));
    in_memory
        .update(Action::StartTriage)
        .unwrap_or_else(|e| fail("triage", e));
    group.bench_function("triage_urge_decision_in_memory", |b| {
        b.iter_custom(|n| decide(&mut in_memory, &ui, &mut terminal, n))
    });
    group.finish();
}

/// `duban snapshot` end to end: process start, opening the database, ranking every open item,
/// the first frame, printing it (target: under 80 ms).
fn startup(c: &mut Criterion, path: &Path) {
    let mut group = c.benchmark_group(group_name());
    group
        .measurement_time(Duration::from_secs(8))
        .sample_size(40);
    group.bench_function("startup_snapshot_160x48", |b| {
        b.iter(|| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
                .arg("--db")
                .arg(path)
                .args([
                    "--today",
                    "2026-11-25",
                    "--lang",
                    "zh",
                    "snapshot",
                    "--width",
                    "160",
                    "--height",
                    "48",
                ])
                .output()
                .unwrap_or_else(|e| fail("snapshot", e));
            black_box(out.stdout.len())
        })
    });
    group.finish();
}

/// The first `/` of a session: the finished items and every item's filter text are read.
fn first_search(c: &mut Criterion, path: &Path) {
    let ui = Ui::new(Lang::Zh, Theme::new(true));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 48));
    let mut group = c.benchmark_group(group_name());
    group
        .measurement_time(Duration::from_secs(10))
        .sample_size(10);
    group.bench_function("key_first_search", |b| {
        b.iter_batched(
            || app(path),
            |mut fresh| {
                press(&mut fresh, &ui, &mut terminal, &key(KeyCode::Char('/')));
                fresh
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn all(c: &mut Criterion) {
    let (_folder, path) = database();
    startup(c, &path);
    keys(c, &path);
    first_search(c, &path);
    decisions(c, &path);
}

criterion_group!(benches, all);
criterion_main!(benches);

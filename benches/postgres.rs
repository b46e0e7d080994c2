//! The same office on a file and on a PostgreSQL server, side by side (issue: several clerks,
//! one office record). The server is the tests' own (`crates/store/tests/support/pg_server.rs`:
//! `initdb` and `postgres` in a temporary folder, on a Unix socket, as the `postgres` user when run
//! as root), local to the machine.
//!
//! - `pg_triage_urge_decision`: on a triage card, the Enter that commits an urging and draws the
//!   next card, on the server (target: under 10 ms); `file_triage_urge_decision` the same on the
//!   file.
//! - `{pg,file}_list_overdue_json`: `duban list --overdue --format json`, end to end (target on
//!   the server: under 100 ms).
//! - `{pg,file}_startup_snapshot_160x48`: `duban snapshot`, the interface's first frame end to
//!   end (target on the server: under 200 ms).
//! - `{pg,file}_report_year`: the year's bulletin, end to end.
//! - `pg_change_token`: the interface's idle check for another clerk's commit.
//!
//! Before measuring, the run builds the 100,000-item sample office in a file (about 15 s) and
//! copies it to the server with `duban db copy`, printing how long the copy took (once; it is a
//! bulk job, not a latency). Run: `cargo bench --bench postgres`.

#[path = "../crates/store/tests/support/pg_server.rs"]
mod pg_server;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use duban::app::{Action, App, Office};
use duban::store::{Backend, Location, Store};
use duban::ui::{Lang, Theme, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{clock, decide, fail};

const BIN: &str = env!("CARGO_BIN_EXE_duban");

fn duban(db: &str, args: &[&str]) {
    let out = std::process::Command::new(BIN)
        .args(["--db", db, "--today", "2026-11-25", "--lang", "zh"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| fail("duban", e));
    if !out.status.success() {
        fail("duban", String::from_utf8_lossy(&out.stderr));
    }
}

/// The 100,000-item office in a file, and the same office on the server.
fn offices(folder: &Path) -> (String, String) {
    let file = folder.join("office-100k.db");
    eprintln!("building the 100,000-item office in {} …", file.display());
    let store = Store::open(&file).unwrap_or_else(|e| fail("open", e));
    let mut office = Office::new(store, clock(), "bench".into());
    duban::cli::fill_demo(&mut office, 100_000, 2026).unwrap_or_else(|e| fail("demo", e));
    drop(office);
    let file = file.display().to_string();
    let server = pg_server::server().fresh_database();
    let started = Instant::now();
    let out = std::process::Command::new(BIN)
        .args(["db", "copy", "--from", &file, "--to", &server])
        .output()
        .unwrap_or_else(|e| fail("db copy", e));
    if !out.status.success() {
        fail("db copy", String::from_utf8_lossy(&out.stderr));
    }
    eprintln!(
        "db copy of the 100,000-item office to the server: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (file, server)
}

fn app(db: &str) -> App {
    let store =
        duban::store::open(&Location::parse(db.as_ref())).unwrap_or_else(|e| fail("open", e));
    // On a server the actor is the login (the tests' server's superuser).
    let actor = store.login().unwrap_or("bench-clerk").to_string();
    let mut app =
        App::new(Office::new(store, clock(), actor), (160, 48)).unwrap_or_else(|e| fail("app", e));
    app.update(Action::StartTriage)
        .unwrap_or_else(|e| fail("triage", e));
    app
}

fn side_by_side(c: &mut Criterion, file: &str, server: &str) {
    let ui = Ui::new(Lang::Zh, Theme::new(true));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 48));
    let mut group = c.benchmark_group("postgres_100k");
    group
        .measurement_time(Duration::from_secs(8))
        .sample_size(30);
    for (name, db) in [("pg", server), ("file", file)] {
        let mut deciding = app(db);
        group.bench_function(format!("{name}_triage_urge_decision"), |b| {
            b.iter_custom(|n| decide(&mut deciding, &ui, &mut terminal, n))
        });
        drop(deciding);
        for (what, args) in [
            (
                "list_overdue_json",
                &["list", "--overdue", "--format", "json"][..],
            ),
            ("startup_snapshot_160x48", &["snapshot"]),
            ("report_year", &["report", "--period", "year"]),
        ] {
            group.bench_function(format!("{name}_{what}"), |b| b.iter(|| duban(db, args)));
        }
    }
    let watching =
        duban::store::open(&Location::parse(server.as_ref())).unwrap_or_else(|e| fail("open", e));
    group.bench_function("pg_change_token", |b| {
        b.iter(|| watching.change_token().unwrap_or_else(|e| fail("token", e)))
    });
    group.finish();
}

fn postgres(c: &mut Criterion) {
    let folder = tempfile::Builder::new()
        .prefix("duban-bench-")
        .tempdir()
        .unwrap_or_else(|e| fail("temporary folder", e));
    let (file, server) = offices(folder.path());
    side_by_side(c, &file, &server);
}

criterion_group!(benches, postgres);
criterion_main!(benches);

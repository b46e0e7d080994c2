//! `duban export` of the 100,000-item sample office (issue 9: under 2 s), with "today" fixed at
//! 2026-11-25.
//!
//! Run: `cargo bench --bench exchange` (a few minutes: the office is built first, about 10 s).
//!
//! - `export_json_100k_file`: `duban export --out FILE` (the real program end to end: start-up,
//!   the whole office with its 700,000 events as JSON into a file, the rename, exit).
//! - `export_json_100k_stdout`: `duban export` read through a pipe.
//! - `export_json_100k_in_process`: `exchange::export` into a sink that counts the bytes (the
//!   reading and the encoding without the file system).
//! - `export_csv_100k_file`: `duban export --format csv --out FILE`.
//!
//! Medians are in target/criterion/<name>/new/estimates.json (`median.point_estimate`, ns).

use std::fmt::Display;
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use duban::exchange::{self, ExportFormat};
use duban::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_duban");
const TODAY: &str = "2026-11-25";
const ITEMS: usize = 100_000;

/// Benchmarks are not tests: a failed set-up ends the run with a message instead of a panic.
fn fail(what: &str, e: impl Display) -> ! {
    eprintln!("benches/exchange.rs: {what}: {e}");
    std::process::exit(1)
}

fn ok<T, E: Display>(what: &str, r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| fail(what, e))
}

/// Runs the binary on `db` with today fixed; returns how many bytes it printed.
fn duban(db: &Path, args: &[&str]) -> usize {
    let out = ok(
        BIN,
        Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["--today", TODAY, "--actor", "bench"])
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output(),
    );
    if !out.status.success() {
        fail(&format!("duban {}", args.join(" ")), out.status);
    }
    out.stdout.len()
}

/// Counts what is written, and throws it away.
#[derive(Default)]
struct Counted(usize);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn benches(c: &mut Criterion) {
    let folder = ok(
        "temporary folder",
        tempfile::Builder::new().prefix("duban-bench-").tempdir(),
    );
    let db = folder.path().join("big.db");
    eprintln!(
        "building the {ITEMS}-item sample office in {}",
        db.display()
    );
    duban(&db, &["demo", "--items", &ITEMS.to_string()]);
    let out = folder.path().join("export.json");
    let csv = folder.path().join("export.csv");

    let mut g = c.benchmark_group("exchange");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(40));
    g.bench_function("export_json_100k_file", |b| {
        let out = out.display().to_string();
        b.iter(|| black_box(duban(&db, &["export", "--out", &out])))
    });
    g.bench_function("export_json_100k_stdout", |b| {
        b.iter(|| black_box(duban(&db, &["export"])))
    });
    g.bench_function("export_json_100k_in_process", |b| {
        let store = ok("open", Store::open(&db));
        let now = ok(
            "today",
            chrono::NaiveDateTime::parse_from_str("2026-11-25T09:30:00", "%Y-%m-%dT%H:%M:%S"),
        );
        b.iter(|| {
            let sink = ok(
                "export",
                exchange::export(&store, ExportFormat::Json, Counted::default(), now),
            );
            black_box(sink.0)
        })
    });
    g.bench_function("export_csv_100k_file", |b| {
        let csv = csv.display().to_string();
        b.iter(|| black_box(duban(&db, &["export", "--format", "csv", "--out", &csv])))
    });
    g.finish();
    if let Ok(meta) = std::fs::metadata(&out) {
        eprintln!("export.json: {} bytes", meta.len());
    }
}

criterion_group!(exchange_benches, benches);
criterion_main!(exchange_benches);

//! Benchmarks on a 100,000-item sample office, with "today" fixed at 2026-11-25.
//!
//! Run: `cargo bench --bench duban` (several minutes; see docs/benchmarks.md). Cargo builds the
//! release binary first and `CARGO_BIN_EXE_duban` points at it (target/release/duban): the
//! spawned benchmarks time the real program end to end, start-up and exit included.
//!
//! - `demo_100k`: `duban demo --items 100000` into a fresh database (a new temporary folder per
//!   run, removed outside the timed part).
//! - `list_overdue_json_100k`: `duban list --overdue --format json` on a 100,000-item database
//!   built once when the first benchmark needs it; the output is read through a pipe.
//! - `add`: `duban add --title … --lead …` on that database, a new item each run.
//! - `office_list_overdue_100k`: the same list in process (`Office::list`), without printing.
//! - `light_assess_100k`: `light::read_light` of the facts of 100,000 items (open and finished).
//! - `decode_all_events_100k`: `Store::each_event` over the whole history of that database (some
//!   700,000 events), each read and decoded into an `EventKind`, nothing else.
//! - `replay_all_events_100k`: the same events, each applied to one `Replayed` in the order
//!   recorded: every item rebuilt from its history (issue target: under 2 s).
//!
//! - `memory`: not a criterion benchmark: each of the commands a clerk runs on a whole office
//!   (the sample office generated, `list --all` in each format, `export`, the year's bulletin,
//!   the score, the day's log, the first screen; and the Word and Excel bulletin, the Excel score
//!   and `audit verify`, which still grow with the office) run once more, its peak RSS (`VmHWM`) and peak
//!   anonymous memory (`RssAnon`, the program's own, without file pages) read from
//!   `/proc/PID/status` every millisecond while it runs, printed beside its time (issue 21).
//!
//! Medians are in target/criterion/<name>/new/estimates.json (`median.point_estimate`, ns).

use std::cell::OnceCell;
use std::fmt::Display;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::Replayed;
use duban::domain::item::ItemFacts;
use duban::domain::light::read_light;
use duban::domain::{Rules, WorkCalendar};
use duban::store::{ListFilter, Records, Store};

const BIN: &str = env!("CARGO_BIN_EXE_duban");
const TODAY: &str = "2026-11-25";
const ITEMS: usize = 100_000;

/// Benchmarks are not tests: a failed set-up ends the run with a message instead of a panic.
fn fail(what: &str, e: impl Display) -> ! {
    eprintln!("benches/duban.rs: {what}: {e}");
    std::process::exit(1)
}

fn ok<T, E: Display>(what: &str, r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| fail(what, e))
}

fn today() -> NaiveDate {
    ok("today", NaiveDate::parse_from_str(TODAY, "%Y-%m-%d"))
}

/// The binary on `db` with today fixed: no input, its errors shown.
fn command(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(db)
        .args(["--today", TODAY, "--actor", "bench"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    cmd
}

/// Runs the binary on `db` with today fixed, and returns what it printed.
fn duban(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = ok(BIN, command(db, args).output());
    if !out.status.success() {
        fail(&format!("duban {}", args.join(" ")), out.status);
    }
    out.stdout
}

/// A fresh temporary folder for one database; removed when dropped.
fn temp_folder() -> tempfile::TempDir {
    ok(
        "temporary folder",
        tempfile::Builder::new().prefix("duban-bench-").tempdir(),
    )
}

/// The shared 100,000-item database, built on first use and removed when dropped.
struct BigOffice {
    folder: OnceCell<tempfile::TempDir>,
}

impl BigOffice {
    fn path(&self) -> PathBuf {
        let folder = self.folder.get_or_init(|| {
            let folder = temp_folder();
            let db = folder.path().join("big.db");
            eprintln!(
                "building the {ITEMS}-item sample office in {}",
                db.display()
            );
            duban(&db, &["demo", "--items", &ITEMS.to_string()]);
            folder
        });
        folder.path().join("big.db")
    }
}

fn spawned(c: &mut Criterion, big: &BigOffice) {
    let mut g = c.benchmark_group("spawned");
    g.sampling_mode(SamplingMode::Flat);

    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(120));
    g.bench_function("demo_100k", |b| {
        b.iter_batched(
            temp_folder,
            |folder| {
                let db = folder.path().join("demo.db");
                black_box(duban(&db, &["demo", "--items", &ITEMS.to_string()]));
                folder // dropped (the 370 MB file removed) after the timed part
            },
            BatchSize::PerIteration,
        )
    });

    g.sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    g.bench_function("list_overdue_json_100k", |b| {
        let db = big.path();
        b.iter(|| black_box(duban(&db, &["list", "--overdue", "--format", "json"]).len()))
    });

    g.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("add", |b| {
        let db = big.path();
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let title = format!("基准测试事项 {n}");
            black_box(duban(
                &db,
                &["add", "--title", &title, "--lead", "市财政局"],
            ))
        })
    });
    g.finish();
}

fn in_process(c: &mut Criterion, big: &BigOffice) {
    let today = today();
    let store = ok("open the database", Store::open(&big.path()));
    let office = Office::new(store, Clock::Fixed(today), "bench".into());
    let overdue = ListFilter {
        overdue: true,
        ..ListFilter::default()
    };
    let every = ListFilter {
        all: true,
        ..ListFilter::default()
    };
    let facts: Vec<ItemFacts> = ok("read every item", office.store.items(&every, today))
        .iter()
        .take(ITEMS)
        .map(|row| row.facts())
        .collect();
    if facts.len() != ITEMS {
        fail(
            "read every item",
            format!("{} items, not {ITEMS}", facts.len()),
        );
    }
    let calendar = WorkCalendar::default();
    let rules = Rules::default();

    let mut g = c.benchmark_group("in_process");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    g.bench_function("office_list_overdue_100k", |b| {
        b.iter(|| black_box(ok("Office::list", office.list(&overdue)).len()))
    });
    g.bench_function("light_assess_100k", |b| {
        b.iter(|| {
            for f in &facts {
                black_box(read_light(black_box(f), today, &calendar, &rules));
            }
        })
    });
    g.finish();

    // The whole history: about a second a run, so fewer samples of one run each.
    let events = ok("count the events", office.store.event_count());
    eprintln!("the {ITEMS}-item sample office holds {events} events");
    let mut once = Replayed::default();
    ok("replay", office.store.each_event(|e| once.apply(&e)));
    if once.items.len() != ITEMS {
        fail(
            "replay",
            format!("{} items rebuilt, not {ITEMS}", once.items.len()),
        );
    }
    drop(once);
    let mut g = c.benchmark_group("in_process");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(30));
    g.bench_function("decode_all_events_100k", |b| {
        b.iter(|| {
            let mut n = 0u64;
            ok(
                "Store::each_event",
                office.store.each_event(|e| {
                    black_box(&e);
                    n += 1;
                }),
            );
            black_box(n)
        })
    });
    g.bench_function("replay_all_events_100k", |b| {
        b.iter(|| {
            let mut replayed = Replayed::default();
            ok(
                "Store::each_event",
                office.store.each_event(|e| replayed.apply(&e)),
            );
            black_box(replayed.items.len())
        })
    });
    g.finish();
}

/// One run of the binary on `db`, its output thrown away: its time, and its peak RSS and peak
/// anonymous memory in kB as the kernel counts them, sampled every millisecond.
fn peak_memory(db: &Path, args: &[&str]) -> (Duration, u64, u64) {
    let start = std::time::Instant::now();
    let mut child = ok(BIN, command(db, args).stdout(Stdio::null()).spawn());
    let status = format!("/proc/{}/status", child.id());
    let (mut rss, mut anon) = (0, 0);
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let kb = |field: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(field))
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            rss = rss.max(kb("VmHWM:"));
            anon = anon.max(kb("RssAnon:"));
        }
        match child.try_wait() {
            Ok(Some(exit)) if exit.success() => break,
            Ok(Some(exit)) => fail(&format!("duban {}", args.join(" ")), exit),
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => fail("waiting for duban", e),
        }
    }
    (start.elapsed(), rss, anon)
}

/// Time and memory of the commands that read a whole office, once each, printed.
fn memory(big: &BigOffice) {
    let folder = temp_folder();
    let fresh = folder.path().join("demo.db");
    let items = ITEMS.to_string();
    let commands: [(&Path, &[&str]); 16] = [
        (&fresh, &["demo", "--items", &items]),
        (&big.path(), &["list", "--all", "--format", "json"]),
        (&big.path(), &["list", "--all", "--format", "csv"]),
        (&big.path(), &["list", "--all"]),
        (&big.path(), &["list", "--all", "--format", "xlsx"]),
        (&big.path(), &["export", "--format", "json"]),
        (&big.path(), &["export", "--format", "csv"]),
        (&big.path(), &["report", "--period", "year"]),
        (&big.path(), &["score"]),
        (
            &big.path(),
            &["report", "--period", "month", "--at", "2026-06-30"],
        ),
        (&big.path(), &["triage", "--summary"]),
        (&big.path(), &["snapshot"]),
        // Those that still grow with the office (docs/benchmarks.md says why).
        (
            &big.path(),
            &["report", "--period", "year", "--format", "docx"],
        ),
        (
            &big.path(),
            &["report", "--period", "year", "--format", "xlsx"],
        ),
        (&big.path(), &["score", "--format", "xlsx"]),
        (&big.path(), &["audit", "verify"]),
    ];
    println!("memory/{ITEMS}: command | time | peak RSS | peak anonymous");
    for (db, args) in commands {
        let (time, rss, anon) = peak_memory(db, args);
        println!(
            "memory/{ITEMS}: {} | {:.2} s | {} MB | {} MB",
            args.join(" "),
            time.as_secs_f64(),
            rss / 1024,
            anon / 1024
        );
    }
}

fn benches(c: &mut Criterion) {
    let big = BigOffice {
        folder: OnceCell::new(),
    };
    // In-process reads first: `add` (in `spawned`) writes to the shared database.
    in_process(c, &big);
    memory(&big);
    spawned(c, &big);
}

criterion_group!(duban_benches, benches);
criterion_main!(duban_benches);

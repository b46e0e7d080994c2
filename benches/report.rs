//! The year's bulletin over the 100,000-item sample office (issue 9: under 200 ms, as of today
//! and as of a past date), with "today" fixed at 2026-11-25.
//!
//! Run: `cargo bench --bench report`. The sample office is built once, in process, into a
//! temporary database (about half a minute), then:
//!
//! - `read_events_100k`: every event of the history read from the database (`each_event`).
//! - `replay_year_100k_today`: the history replayed to 2026-11-25 (`replay_all`), no judging.
//! - `figures_year_100k_today`: the figures of the year (`Document::compute_from` the kept days), no rendering.
//! - `bulletin_year_100k_today`: the year 2026 as of 2026-11-25, from the events read, figures
//!   and the HTML document.
//! - `bulletin_year_100k_past`: the same year as of 2026-06-30 (the history replayed to then).
//! - `items_year_100k_past`, `items_year_100k_past_oct`: every item as it stood at the end of
//!   2026-06-30 (2026-10-31), read from the days the store keeps (`Office::items_at_end` of a
//!   period that ended before today: `Records::items_as_of`), no judging.
//! - `report_year_100k_past`, `report_year_100k_past_oct`: what `duban report --period year
//!   --at 2026-06-30 --format html` (`--at 2026-10-31`) does after opening the database: the
//!   items as of that day from the days kept, each judged and counted as it is read
//!   (`Office::bulletin_parts`), render.
//! - `items_year_100k_today`: the items as of today from the days kept (`Office::items_at_end`),
//!   no judging.
//! - `figures_year_100k_today_streamed`: the figures of the year counted as the items are read
//!   (`Office::bulletin_parts`), no rendering.
//! - `report_year_100k_today`: what `duban report --period year --format html` does after
//!   opening the database: the items as of today from the days kept, counted as they are read,
//!   render.
//! - `score_year_100k_today`: what `duban score` does before rendering: the items scored before
//!   the year, then every item at its end, each scored as it is read (`Office::scores`).
//! - `report_year_100k_today_all_items`: the bulletin from every item read first and held
//!   (`Office::items_at_end`, `Document::compute_from`), as the command did before.
//! - `report_year_100k_today_replayed`: the same from the history instead (every event read,
//!   replayed to today), as it was done before the items' rows and kept days were read.
//!
//! Medians are in target/criterion/report/<name>/new/estimates.json (`median.point_estimate`, ns).

use std::fmt::Display;
use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::Recorded;
use duban::report::render::{self, Context, Document, Format};
use duban::report::{GroupBy, Period, PeriodKind};
use duban::store::{Records, Store};
use duban::ui::Lang;

const ITEMS: u64 = 100_000;

fn fail(what: &str, e: impl Display) -> ! {
    eprintln!("benches/report.rs: {what}: {e}");
    std::process::exit(1)
}

fn ok<T, E: Display>(what: &str, r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| fail(what, e))
}

fn day(s: &str) -> NaiveDate {
    ok("date", NaiveDate::parse_from_str(s, "%Y-%m-%d"))
}

fn events(office: &Office) -> Vec<Recorded> {
    let mut out = Vec::new();
    ok("read the history", office.store.each_event(|e| out.push(e)));
    out
}

fn year_as_of(as_of: NaiveDate) -> Period {
    Period {
        as_of,
        ..Period::holding(PeriodKind::Year, as_of)
    }
}

fn html(office: &Office, events: &[Recorded], period: Period) -> String {
    let doc = Document::by_replay(
        events,
        period,
        GroupBy::Department,
        &office.calendar,
        &office.rules,
    );
    render::bulletin(&doc, &context(office), Format::Html)
}

/// What `duban report --period year --format html` does after opening the database: every item
/// as of the period's end judged and counted as the store reads it, then the document.
fn streamed_html(office: &Office, period: Period) -> String {
    let parts = ok(
        "count the items",
        office.bulletin_parts(&period, &[GroupBy::Department], true),
    );
    let doc = parts.into_document(GroupBy::Department);
    render::bulletin(&doc, &context(office), Format::Html)
}

fn context(office: &Office) -> Context<'_> {
    Context {
        lang: Lang::Zh,
        kind: Some(PeriodKind::Year),
        office: None,
        rules: &office.rules,
        calendar: &office.calendar,
        record_head: None,
    }
}

fn benches(c: &mut Criterion) {
    let folder = ok(
        "temporary folder",
        tempfile::Builder::new().prefix("duban-bench-").tempdir(),
    );
    let path = folder.path().join("big.db");
    eprintln!(
        "building the {ITEMS}-item sample office in {}",
        path.display()
    );
    let today = day("2026-11-25");
    let mut office = Office::new(
        ok("open the database", Store::open(&path)),
        Clock::Fixed(today),
        "bench".into(),
    );
    ok(
        "fill the sample office",
        duban::cli::fill_demo(&mut office, ITEMS, 2026),
    );
    let all = events(&office);
    eprintln!("{} events in the history", all.len());

    let mut g = c.benchmark_group("report");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("read_events_100k", |b| {
        b.iter(|| black_box(events(&office).len()))
    });
    g.bench_function("replay_year_100k_today", |b| {
        b.iter(|| {
            let end = year_as_of(today).end();
            black_box(
                duban::domain::history::replay_all(&all, Some(end))
                    .items
                    .len(),
            )
        })
    });
    g.bench_function("figures_year_100k_today", |b| {
        b.iter(|| {
            let doc = Document::by_replay(
                &all,
                year_as_of(today),
                GroupBy::Department,
                &office.calendar,
                &office.rules,
            );
            black_box(doc.sources.len())
        })
    });
    g.bench_function("bulletin_year_100k_today", |b| {
        b.iter(|| black_box(html(&office, &all, year_as_of(today)).len()))
    });
    g.bench_function("bulletin_year_100k_past", |b| {
        b.iter(|| black_box(html(&office, &all, year_as_of(day("2026-06-30"))).len()))
    });
    for (name, at) in [("", "2026-06-30"), ("_oct", "2026-10-31")] {
        g.bench_function(format!("items_year_100k_past{name}"), |b| {
            b.iter(|| {
                let items = ok("read the items", office.items_at_end(&year_as_of(day(at))));
                black_box(items.items.len())
            })
        });
        g.bench_function(format!("report_year_100k_past{name}"), |b| {
            b.iter(|| black_box(streamed_html(&office, year_as_of(day(at))).len()))
        });
    }
    g.bench_function("items_year_100k_today", |b| {
        b.iter(|| {
            let items = ok("read the items", office.items_at_end(&year_as_of(today)));
            black_box(items.items.len())
        })
    });
    g.bench_function("figures_year_100k_today_streamed", |b| {
        b.iter(|| {
            let parts = ok(
                "count the items",
                office.bulletin_parts(&year_as_of(today), &[GroupBy::Department], true),
            );
            black_box(parts.into_document(GroupBy::Department).sources.len())
        })
    });
    g.bench_function("report_year_100k_today", |b| {
        b.iter(|| black_box(streamed_html(&office, year_as_of(today)).len()))
    });
    g.bench_function("score_year_100k_today", |b| {
        b.iter(|| {
            let scores = ok("score the items", office.scores(&year_as_of(today)));
            black_box(scores.departments.len())
        })
    });
    g.bench_function("report_year_100k_today_all_items", |b| {
        b.iter(|| {
            let period = year_as_of(today);
            let items = ok("read the items", office.items_at_end(&period));
            let doc = Document::compute_from(
                &items,
                period,
                GroupBy::Department,
                &office.calendar,
                &office.rules,
            );
            black_box(render::bulletin(&doc, &context(&office), Format::Html).len())
        })
    });
    g.bench_function("report_year_100k_today_replayed", |b| {
        b.iter(|| {
            let events = events(&office);
            black_box(html(&office, &events, year_as_of(today)).len())
        })
    });
    g.finish();
    drop(office);
    drop(folder);
}

criterion_group!(report_benches, benches);
criterion_main!(report_benches);

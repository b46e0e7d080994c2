//! The list kept item by item: after each decision the interface moves only the items it
//! changed (in the list's order, the filtered view, the counts and the deadlines pane). After
//! every key of a long run of decisions, undos and redos, under several filters, what it shows
//! must be what an interface opened afresh on the same office shows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press};

use chrono::NaiveDate;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::item::ItemNumber;
use duban::store::Store;
use duban::ui::Lang;

fn clock() -> Clock {
    Clock::Frozen(
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap(),
    )
}

fn open(path: &std::path::Path) -> App {
    let store = Store::open(path).unwrap();
    App::new(Office::new(store, clock(), "督查员".into()), (160, 48)).unwrap()
}

/// What the list and the deadlines pane show, the selection aside.
#[derive(Debug, PartialEq)]
struct Shown {
    view: Vec<ItemNumber>,
    open_total: usize,
    held: usize,
    counts: [usize; 4],
    suspended: usize,
    reported_late: usize,
    finished_shown: usize,
    agenda: Vec<(String, ItemNumber, NaiveDate)>,
    agenda_totals: Vec<(String, usize)>,
}

fn shown(app: &App) -> Shown {
    let mut agenda_totals: Vec<(String, usize)> = app
        .agenda_totals
        .iter()
        .map(|(s, n)| (format!("{s:?}"), *n))
        .collect();
    agenda_totals.sort();
    Shown {
        view: app.view.iter().map(|&i| app.ranked[i].key.number).collect(),
        open_total: app.open_total,
        held: app.ranked.len(),
        counts: app.counts,
        suspended: app.suspended,
        reported_late: app.reported_late,
        finished_shown: app.finished_shown,
        agenda: app
            .agenda
            .iter()
            .map(|l| (format!("{:?}", l.section), l.number, l.date))
            .collect(),
        agenda_totals,
    }
}

/// What an interface opened now on the same office shows under the same filter.
fn afresh(path: &std::path::Path, app: &App) -> Shown {
    let mut fresh = open(path);
    fresh.filter = app.filter.clone();
    if app.finished_loaded {
        fresh.load_finished().unwrap();
    }
    fresh.reload().unwrap();
    shown(&fresh)
}

/// A small generator, so the run is the same every time.
struct Steps(u64);

impl Steps {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Decisions through the keys a clerk uses: urgings, extensions, completion reports, moves from
/// the move menu (suspension, resumption), feedback, and undo and redo; after each, the list must be the one
/// read afresh, and the selection must stay on the item it was on when that item is still shown.
fn run(filter_keys: &str, seed: u64) {
    run_with(filter_keys, seed, |_| {});
}

/// `run`, with `setup` after the filter's keys.
fn run_with(filter_keys: &str, seed: u64, setup: impl Fn(&mut App)) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("office.db");
    {
        let store = Store::open(&path).unwrap();
        let mut office = Office::new(store, clock(), "示例".into());
        duban::cli::fill_demo(&mut office, 300, 7).unwrap();
    }
    let ui = plain(Lang::En);
    let mut app = open(&path);
    press(&mut app, &ui, filter_keys);
    setup(&mut app);
    assert_eq!(shown(&app), afresh(&path, &app), "after {filter_keys:?}");
    let mut steps = Steps(seed);
    let mut changed = 0;
    for step in 0..100 {
        let rows = app.view.len();
        if rows == 0 {
            break;
        }
        press(&mut app, &ui, "g");
        for _ in 0..steps.next(rows.min(40)) {
            press(&mut app, &ui, "j");
        }
        let keys = match steps.next(10) {
            0 | 1 => "u<Enter>",
            // An extension granted at once: the deadline moves, and the item with it.
            2 | 3 => "x<Tab>因故延期<Tab><Right><Enter>",
            // A completion report (awaiting review), or its review.
            4 => "d已完成<Enter>",
            // A suspension (with the leader's approval an overdue item needs), or the first
            // move the menu offers (resumption for a suspended item).
            5 => "m2因故暂停<Tab>张三<Enter>",
            6 => "m1<Enter>",
            7 => "f进展顺利<Enter>",
            8 => "z",
            _ => "Z",
        };
        let before = shown(&app);
        press(&mut app, &ui, keys);
        // Whatever the key left open (a form refused, a menu), Esc closes it unsaved.
        press(&mut app, &ui, "<Esc><Esc>");
        let selected = app.selected_key().map(|k| k.number);
        let now = shown(&app);
        changed += usize::from(now != before);
        assert_eq!(
            now,
            afresh(&path, &app),
            "step {step}: {keys:?} under {filter_keys:?}"
        );
        if let Some(n) = selected {
            assert!(now.view.contains(&n));
        }
    }
    // The run did change the list: it is not the same list compared with itself.
    assert!(
        changed >= 25,
        "only {changed} of the steps changed the list"
    );
}

#[test]
fn the_open_items_kept_item_by_item_are_the_list_read_afresh() {
    run("", 1);
}

#[test]
fn a_light_filter_kept_item_by_item_is_the_filter_read_afresh() {
    // Red, then orange: items move in and out of the view as their light changes.
    run("LL", 2);
}

#[test]
fn every_item_kept_item_by_item_is_the_list_read_afresh() {
    // The status filter's last choice lists every item, finished ones too: a completed item
    // stays in the list in its new place.
    run_with("", 3, |app| {
        let ui = plain(Lang::En);
        for _ in 0..20 {
            if app.filter.all {
                break;
            }
            press(app, &ui, "S");
        }
        assert!(app.filter.all && app.finished_loaded);
    });
}

#[test]
fn a_search_kept_item_by_item_is_the_search_read_afresh() {
    run("/市<Enter>", 4);
}

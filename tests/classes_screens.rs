//! The list, the detail and triage say what the bulletin says (issue 16): a report submitted late
//! and awaiting review has its own mark, not green; an item suspended after its deadline stays
//! red, as late as on the day of suspension, and first in triage while unaddressed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::NaiveDate;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::Move;
use duban::domain::item::{Cadence, Flags, SourceKind};
use duban::store::{Backend, Ctx, NewItem, Store};
use duban::ui::Lang;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx(today: &str) -> Ctx {
    Ctx {
        actor: "督查员".into(),
        now: d(today).and_hms_opt(10, 0, 0).unwrap(),
        today: d(today),
        ..Ctx::default()
    }
}

fn add(store: &mut Store, title: &str, due: &str, moves: &[(&str, Move)]) {
    let n = store
        .write(&ctx("2026-10-12"), |w| {
            let n = w.add_item(&NewItem {
                title: title.into(),
                requirement: String::new(),
                source_kind: SourceKind::Meeting,
                source_ref: "第6次常务会议".into(),
                instruction: None,
                leader: None,
                lead: "住建局".into(),
                co: Vec::new(),
                owner: "李明".into(),
                flags: Flags::default(),
                urgent: false,
                cadence: Cadence::Once,
                deadline: Some(d(due)),
                no_deadline_reason: None,
                registered_on: d("2026-10-12"),
                origin: None,
            })?;
            w.apply_move(n, Move::Assign, None, None)?;
            w.apply_move(n, Move::Start, None, None)?;
            Ok(n)
        })
        .unwrap();
    for (on, mv) in moves {
        store
            // A suspension of a late item names the leader who approved it.
            .write(&ctx(on), |w| {
                w.apply_move_by(n, *mv, Some("理由"), Some("王市长"), None)
            })
            .unwrap();
    }
}

fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    // Due Mon 11-16, reported Thu 11-19: three working days late, awaiting review.
    add(
        &mut store,
        "逾期报送的事项",
        "2026-11-16",
        &[("2026-11-19", Move::Submit)],
    );
    // Due Tue 11-10, suspended Tue 11-17: five working days late, never urged.
    add(
        &mut store,
        "逾期后中止的事项",
        "2026-11-10",
        &[("2026-11-17", Move::Suspend)],
    );
    add(&mut store, "按期办理的事项", "2026-12-31", &[]);
    let clock = Clock::Frozen(d("2026-11-25").and_hms_opt(9, 30, 0).unwrap());
    App::new(Office::new(store, clock, "督查员".into()), (160, 48)).unwrap()
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in\n{text}"))
}

#[test]
fn the_list_marks_a_late_report_and_keeps_a_late_suspension_red() {
    let ui = plain(Lang::Zh);
    let app = app();
    let text = screen(&app, &ui);
    let reported = line_with(&text, "逾期报送的事项");
    assert!(reported.contains("◆ L"), "{reported}");
    assert!(reported.contains("逾期报送"), "{reported}");
    assert!(reported.contains("-3"), "{reported}");
    let suspended = line_with(&text, "逾期后中止的事项");
    assert!(suspended.contains("R"), "{suspended}");
    assert!(suspended.contains("-5"), "{suspended}");
    // Counted apart, not green: one red (the suspended one), one green, one reported late.
    let count = line_with(&text, "逾期报送待审核 1");
    assert!(
        count.contains("红灯 1") || count.contains("红 1"),
        "{count}"
    );
    // The red suspended item is listed first.
    let first = text.find("逾期后中止的事项").unwrap();
    assert!(first < text.find("按期办理的事项").unwrap(), "{text}");
}

#[test]
fn triage_starts_with_the_item_suspended_when_late() {
    let ui = plain(Lang::En);
    let mut app = app();
    press(&mut app, &ui, "t");
    let text = screen(&app, &ui);
    assert!(text.contains("[unaddressed red]"), "{text}");
    let card = line_with(&text, "[unaddressed red]");
    assert!(card.contains("逾期后中止的事项"), "{card}");
    assert!(text.contains("overdue 5 working days"), "{text}");
}

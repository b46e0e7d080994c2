//! Decisions that write the record: bulk notes give each item its own level and target, triage
//! cards show their item as it is now, and lifecycle moves ask for what they record before
//! Enter. Each test drives the interface through the real keymap on a small office built here,
//! so the expected records are known exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::NaiveDate;
use duban::app::form::FieldId;
use duban::app::state::Overlay;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use duban::domain::{Level, Move, Status};
use duban::store::{NewFeedback, NewItem, NewNote, Records, Store};
use duban::ui::Lang;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-25")
}

/// An item registered on 2026-10-08 with `deadline`, led by `lead`, in progress, with notes of
/// `levels` already recorded.
struct Seed {
    title: &'static str,
    lead: &'static str,
    deadline: &'static str,
    leader: bool,
    levels: &'static [Level],
    status: Status,
}

fn office(seeds: &[Seed]) -> (Office, Vec<ItemNumber>) {
    let clock = Clock::Frozen(today().and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    let mut numbers = Vec::new();
    for s in seeds {
        let n = office
            .write(|w| {
                w.set_actor("历史");
                w.set_clock(
                    d("2026-10-08"),
                    d("2026-10-08").and_hms_opt(9, 0, 0).unwrap(),
                );
                let n = w.add_item(&NewItem {
                    title: s.title.into(),
                    requirement: String::new(),
                    source_kind: SourceKind::Meeting,
                    source_ref: "第6次常务会议".into(),
                    instruction: None,
                    leader: None,
                    lead: s.lead.into(),
                    co: Vec::new(),
                    owner: format!("{}联络员", s.lead),
                    flags: Flags {
                        leader: s.leader,
                        ..Flags::default()
                    },
                    urgent: false,
                    cadence: Cadence::Once,
                    deadline: Some(d(s.deadline)),
                    no_deadline_reason: None,
                    registered_on: d("2026-10-08"),
                    origin: None,
                })?;
                w.apply_move(n, Move::Assign, None, None)?;
                w.apply_move(n, Move::Start, None, None)?;
                for level in s.levels {
                    w.add_note(
                        n,
                        &NewNote {
                            level: *level,
                            target: s.lead.into(),
                            reason: "逾期".into(),
                            points: None,
                            requirement: "限期整改".into(),
                        },
                        None,
                    )?;
                }
                if s.status == Status::AwaitingReview {
                    w.submit(
                        n,
                        Some(&NewFeedback {
                            text: "已办结".into(),
                            percent: Some(100),
                            reporter: String::new(),
                            kind: FeedbackKind::Completion,
                        }),
                        None,
                    )?;
                }
                Ok(n)
            })
            .unwrap();
        numbers.push(n);
    }
    (office, numbers)
}

/// Three overdue items of three departments, each at its own place on the ladder.
fn three_departments() -> Vec<Seed> {
    vec![
        Seed {
            title: "农村人居环境整治",
            lead: "农业农村局",
            deadline: "2026-11-10",
            leader: false,
            levels: &[Level::Reminder],
            status: Status::InProgress,
        },
        Seed {
            title: "老旧小区改造",
            lead: "住建局",
            deadline: "2026-11-12",
            leader: false,
            levels: &[Level::Urging, Level::Urging],
            status: Status::InProgress,
        },
        Seed {
            title: "食品安全专项检查",
            lead: "市场监管局",
            deadline: "2026-11-16",
            leader: true,
            levels: &[],
            status: Status::InProgress,
        },
    ]
}

fn notes_of(app: &App, n: ItemNumber) -> Vec<(Level, String)> {
    app.office
        .store
        .item_detail(n)
        .unwrap()
        .notes
        .iter()
        .map(|x| (x.level, x.target.clone()))
        .collect()
}

#[test]
fn a_bulk_urging_gives_each_marked_item_its_own_level_and_lead_department() {
    for (lang, start) in [(Lang::En, "t"), (Lang::Zh, "")] {
        let (office, numbers) = office(&three_departments());
        let ui = plain(lang);
        let mut app = App::new(office, (160, 48)).unwrap();
        // In triage (cards) and in the list alike: mark all three, then urge.
        press(&mut app, &ui, start);
        if start.is_empty() {
            press(&mut app, &ui, "*");
        } else {
            press(&mut app, &ui, " j j kk");
        }
        assert_eq!(app.marked.len(), 3, "{lang:?}");
        press(&mut app, &ui, "u");
        // The form shows what each item will get before Enter.
        let text = screen(&app, &ui);
        for (n, level, lead) in [
            (numbers[0], Level::Urging, "农业农村局"),
            (numbers[1], Level::Explanation, "住建局"),
            (numbers[2], Level::Urging, "市场监管局"),
        ] {
            let line = format!("{n}  {} → {lead}", lang.level(level));
            assert!(text.contains(&line), "{lang:?} lacks {line}:\n{text}");
        }
        press(&mut app, &ui, "<Enter>");
        assert_eq!(app.overlay, Overlay::None, "{lang:?}");
        // Each got its own level (urged twice → a written explanation) and its own lead.
        assert_eq!(
            notes_of(&app, numbers[0]).first().cloned(),
            Some((Level::Urging, "农业农村局".to_string()))
        );
        assert_eq!(
            notes_of(&app, numbers[1]).first().cloned(),
            Some((Level::Explanation, "住建局".to_string()))
        );
        assert_eq!(
            notes_of(&app, numbers[2]).first().cloned(),
            Some((Level::Urging, "市场监管局".to_string()))
        );
    }
}

#[test]
fn a_level_set_for_all_is_applied_to_all_as_shown() {
    let (office, numbers) = office(&three_departments());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    press(&mut app, &ui, "*u");
    // From "each its own" one step right: a reminder, for all three.
    press(&mut app, &ui, "<Right>");
    let text = screen(&app, &ui);
    for n in &numbers {
        assert!(text.contains(&format!("{n}  reminder → ")), "{text}");
    }
    press(&mut app, &ui, "<Enter>");
    for n in &numbers {
        assert_eq!(notes_of(&app, *n)[0].0, Level::Reminder);
    }
    // The target stayed each item's own lead department.
    assert_eq!(notes_of(&app, numbers[1])[0].1, "住建局");
}

fn awaiting_review_first() -> Vec<Seed> {
    vec![
        Seed {
            title: "消防隐患排查",
            lead: "应急管理局",
            deadline: "2026-11-10",
            leader: false,
            levels: &[],
            status: Status::AwaitingReview,
        },
        Seed {
            title: "耕地保护责任",
            lead: "自然资源局",
            deadline: "2026-11-11",
            leader: false,
            levels: &[],
            status: Status::InProgress,
        },
    ]
}

#[test]
fn the_completion_key_asks_for_the_report_and_records_it_as_a_completion_report() {
    let (office, numbers) = office(&awaiting_review_first());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    press(&mut app, &ui, "t");
    let card = app.triage.as_ref().unwrap().card().unwrap().number;
    // Move to the in-progress item's card.
    if card != numbers[1] {
        press(&mut app, &ui, "j");
    }
    assert_eq!(
        app.triage.as_ref().unwrap().card().unwrap().number,
        numbers[1]
    );
    press(&mut app, &ui, "d");
    assert!(matches!(app.overlay, Overlay::Form(_)), "d opens a form");
    assert_eq!(
        app.office.store.item_detail(numbers[1]).unwrap().row.status,
        Status::InProgress,
        "nothing is recorded before Enter"
    );
    let text = screen(&app, &ui);
    assert!(
        text.contains(&format!("{}  in progress → awaiting review", numbers[1])),
        "{text}"
    );
    // An empty report is refused.
    press(&mut app, &ui, "<Enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    press(&mut app, &ui, "all 40 plots restored<Enter>");
    let d = app.office.store.item_detail(numbers[1]).unwrap();
    assert_eq!(d.row.status, Status::AwaitingReview);
    assert_eq!(d.feedback[0].kind, FeedbackKind::Completion);
    assert_eq!(d.feedback[0].text, "all 40 plots restored");
    assert_eq!(d.feedback[0].percent, Some(100));
    assert_eq!(app.triage.as_ref().unwrap().decided(), 1);
}

#[test]
fn a_review_returns_with_a_reason_or_approves_on_enter() {
    let (office, numbers) = office(&awaiting_review_first());
    let ui = plain(Lang::Zh);
    let mut app = App::new(office, (160, 48)).unwrap();
    press(&mut app, &ui, "t");
    let t = app.triage.as_ref().unwrap();
    let pos = t.queue.iter().position(|c| c.number == numbers[0]).unwrap();
    for _ in 0..pos {
        press(&mut app, &ui, "j");
    }
    // Return needs a reason.
    press(&mut app, &ui, "d<Right><Enter>");
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "return without a reason"
    );
    assert_eq!(
        app.office.store.item_detail(numbers[0]).unwrap().row.status,
        Status::AwaitingReview
    );
    // The refusal put the cursor in the reason field.
    press(&mut app, &ui, "材料不全<Enter>");
    let d = app.office.store.item_detail(numbers[0]).unwrap();
    assert_eq!(d.row.status, Status::InProgress);
    let returned = d
        .events
        .iter()
        .find(|e| e.data["move"] == "return")
        .expect("a return event");
    assert_eq!(returned.data["reason"], "材料不全");
}

#[test]
fn a_revisited_card_shows_its_item_as_it_is_now_and_refuses_urging_a_completed_item() {
    let (office, numbers) = office(&awaiting_review_first());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    press(&mut app, &ui, "t");
    let t = app.triage.as_ref().unwrap();
    let pos = t.queue.iter().position(|c| c.number == numbers[0]).unwrap();
    for _ in 0..pos {
        press(&mut app, &ui, "j");
    }
    // Approve the report: the item is completed.
    press(&mut app, &ui, "d<Enter>");
    assert_eq!(
        app.office.store.item_detail(numbers[0]).unwrap().row.status,
        Status::Completed
    );
    assert_eq!(app.triage.as_ref().unwrap().decided(), 1);
    // Back to its card: not blank, and it says completed.
    press(&mut app, &ui, "k");
    let text = screen(&app, &ui);
    assert!(text.contains("消防隐患排查"), "{text}");
    assert!(text.contains("completed"), "{text}");
    // Urging a completed item is refused with a message, and nothing is counted.
    press(&mut app, &ui, "u");
    press(&mut app, &ui, "<Enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)), "refused");
    assert!(screen(&app, &ui).contains("nothing left to urge"));
    press(&mut app, &ui, "<Esc>");
    assert!(
        app.office
            .store
            .item_detail(numbers[0])
            .unwrap()
            .notes
            .is_empty()
    );
    assert_eq!(app.triage.as_ref().unwrap().decided(), 1);
}

#[test]
fn the_end_screen_counts_decisions_and_skips() {
    let (office, _) = office(&three_departments());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    press(&mut app, &ui, "tu<Enter>jj");
    let t = app.triage.as_ref().unwrap();
    assert!(t.is_done());
    assert_eq!((t.decided(), t.skipped()), (1, 2));
    let text = screen(&app, &ui);
    assert!(
        text.contains("1 decision recorded, 2 cards skipped"),
        "{text}"
    );
    // Undo and redo keep the count true.
    press(&mut app, &ui, "z");
    assert_eq!(app.triage.as_ref().unwrap().decided(), 0);
    press(&mut app, &ui, "Z");
    assert_eq!(app.triage.as_ref().unwrap().decided(), 1);
}

#[test]
fn a_move_from_the_menu_shows_from_and_to_and_waits_for_enter() {
    let (office, numbers) = office(&awaiting_review_first());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    let pos = app
        .view
        .iter()
        .position(|&i| app.ranked[i].key.number == numbers[1])
        .unwrap();
    app.selected = pos;
    press(&mut app, &ui, "<Esc>m");
    let Overlay::MoveMenu(moves) = &app.overlay else {
        panic!("no move menu")
    };
    let suspend = moves.iter().position(|m| *m == Move::Suspend).unwrap() + 1;
    press(&mut app, &ui, &suspend.to_string());
    assert_eq!(
        app.office.store.item_detail(numbers[1]).unwrap().row.status,
        Status::InProgress,
        "nothing before Enter"
    );
    let text = screen(&app, &ui);
    assert!(
        text.contains(&format!("{}  in progress → suspended", numbers[1])),
        "{text}"
    );
    press(&mut app, &ui, "<Enter>");
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "suspend needs a reason"
    );
    // The item is past its deadline: suspending it needs the approving leader's name.
    press(&mut app, &ui, "awaiting the provincial plan<Enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)), "needs approval");
    let text = screen(&app, &ui);
    assert!(text.contains("approving leader"), "{text}");
    assert_eq!(
        app.office.store.item_detail(numbers[1]).unwrap().row.status,
        Status::InProgress
    );
    press(&mut app, &ui, "<Tab>Mayor Li<Enter>");
    assert_eq!(
        app.office.store.item_detail(numbers[1]).unwrap().row.status,
        Status::Suspended
    );
    // The history names who approved it.
    let d = app.office.store.item_detail(numbers[1]).unwrap();
    let suspended = d
        .events
        .iter()
        .find(|e| e.data["move"] == "suspend")
        .unwrap();
    assert_eq!(suspended.data["by"], "Mayor Li");
}

#[test]
fn submitting_from_the_move_menu_asks_for_the_completion_report() {
    let (office, numbers) = office(&awaiting_review_first());
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    let pos = app
        .view
        .iter()
        .position(|&i| app.ranked[i].key.number == numbers[1])
        .unwrap();
    app.selected = pos;
    press(&mut app, &ui, "<Esc>m");
    let Overlay::MoveMenu(moves) = &app.overlay else {
        panic!("no move menu")
    };
    let submit = moves.iter().position(|m| *m == Move::Submit).unwrap() + 1;
    press(&mut app, &ui, &submit.to_string());
    // Enter without a report is refused; nothing moved.
    press(&mut app, &ui, "<Enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    assert_eq!(
        app.office.store.item_detail(numbers[1]).unwrap().row.status,
        Status::InProgress
    );
    press(&mut app, &ui, "plots restored, acceptance signed<Enter>");
    let d = app.office.store.item_detail(numbers[1]).unwrap();
    assert_eq!(d.row.status, Status::AwaitingReview);
    assert_eq!(d.feedback[0].kind, FeedbackKind::Completion);
}

#[test]
fn deciding_an_extension_shows_the_request_and_waits_for_enter() {
    let (mut office, numbers) = office_due_later();
    let n = numbers[0];
    office
        .write(|w| {
            w.request_extension(n, d("2026-12-18"), "等待省里批复")?;
            Ok(())
        })
        .unwrap();
    let ui = plain(Lang::En);
    let mut app = App::new(office, (160, 48)).unwrap();
    let pos = app
        .view
        .iter()
        .position(|&i| app.ranked[i].key.number == n)
        .unwrap();
    app.selected = pos;
    press(&mut app, &ui, "<Esc>A");
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "A opens the decision"
    );
    let text = screen(&app, &ui);
    assert!(
        text.contains(&format!(
            "{n}  deadline 2026-12-10 → 2026-12-18 · takes effect"
        )),
        "{text}"
    );
    assert_eq!(
        app.office.store.item_detail(n).unwrap().row.deadline,
        Some(d("2026-12-10")),
        "nothing before Enter"
    );
    press(&mut app, &ui, "<Enter>");
    let detail = app.office.store.item_detail(n).unwrap();
    assert_eq!(detail.row.deadline, Some(d("2026-12-18")));
    assert_eq!(
        detail.extensions[0].decision,
        duban::domain::extension::ExtensionDecision::Approved
    );
}

fn office_due_later() -> (Office, Vec<ItemNumber>) {
    office(&[Seed {
        title: "河道清淤",
        lead: "水利局",
        deadline: "2026-12-10",
        leader: false,
        levels: &[],
        status: Status::InProgress,
    }])
}

/// A point deduction (扣分) suggested by the ladder takes the office's points (−2) on Enter:
/// prefilled in the form of one item, and for each deduction among marked items that take
/// their own levels; the other items' notes take none.
#[test]
fn a_suggested_deduction_takes_the_offices_points_on_enter() {
    let seeds = || {
        vec![
            Seed {
                title: "河道治理",
                lead: "水利局",
                deadline: "2026-11-10",
                leader: false,
                levels: &[Level::Criticism],
                status: Status::InProgress,
            },
            Seed {
                title: "老旧小区改造",
                lead: "住建局",
                deadline: "2026-11-12",
                leader: false,
                levels: &[Level::Reminder],
                status: Status::InProgress,
            },
        ]
    };
    let points_of = |app: &App, n: ItemNumber| -> Vec<(Level, Option<f64>)> {
        app.office
            .store
            .item_detail(n)
            .unwrap()
            .notes
            .iter()
            .map(|x| (x.level, x.points))
            .collect()
    };
    // Both marked, each its own level.
    let (first, numbers) = office(&seeds());
    let ui = plain(Lang::Zh);
    let mut app = App::new(first, (160, 48)).unwrap();
    press(&mut app, &ui, "*u<Enter>");
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    assert_eq!(
        points_of(&app, numbers[0])[0],
        (Level::Deduction, Some(-2.0))
    );
    assert_eq!(points_of(&app, numbers[1])[0], (Level::Urging, None));
    // One item: the form shows the points it will record.
    let (second, numbers) = office(&seeds());
    let mut app = App::new(second, (160, 48)).unwrap();
    let at = app
        .view
        .iter()
        .position(|&i| app.ranked[i].key.number == numbers[0])
        .unwrap();
    for _ in 0..at {
        press(&mut app, &ui, "j");
    }
    press(&mut app, &ui, "u");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form: {}", screen(&app, &ui));
    };
    assert_eq!(form.value(FieldId::Points), "-2");
    press(&mut app, &ui, "<Enter>");
    assert_eq!(
        points_of(&app, numbers[0])[0],
        (Level::Deduction, Some(-2.0))
    );
}

/// A save refused because another clerk changed the item since the form opened keeps what was
/// typed, says so, and saves it against the item as it is now on the next Enter (it used to
/// refuse every Enter, the form holding the old version, until the clerk typed it all again).
#[test]
fn a_form_refused_for_a_stale_view_keeps_its_text_and_saves_on_the_next_enter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let clock = || Clock::Frozen(today().and_hms_opt(9, 30, 0).unwrap());
    let mut here = Office::new(Store::open(&path).unwrap(), clock(), "督查员".into());
    duban::cli::fill_demo(&mut here, 12, 3).unwrap();
    let mut there = Office::new(Store::open(&path).unwrap(), clock(), "另一督查员".into());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = App::new(
            Office::new(Store::open(&path).unwrap(), clock(), "督查员".into()),
            (160, 48),
        )
        .unwrap();
        let ui = plain(lang);
        let number = app.selected_key().unwrap().number;
        let before = app.office.store.item_detail(number).unwrap().feedback.len();
        press(&mut app, &ui, "f本周完成清淤");
        // Another workstation records a feedback on the same item meanwhile.
        there
            .write(|w| {
                w.add_feedback(
                    number,
                    &NewFeedback {
                        text: "另一处的进展".into(),
                        percent: Some(40),
                        reporter: String::new(),
                        kind: FeedbackKind::Progress,
                    },
                    None,
                )
            })
            .unwrap();
        press(&mut app, &ui, "<Enter>");
        let Overlay::Form(form) = &app.overlay else {
            panic!("the form closed on a stale save");
        };
        assert_eq!(form.value(FieldId::Text), "本周完成清淤");
        assert_eq!(
            form.error.as_ref().map(|(_, f)| f),
            Some(&duban::app::Failure::StaleKept)
        );
        let said = screen(&app, &ui);
        let kept = match lang {
            Lang::Zh => "所填内容已保留",
            Lang::En => "what you typed is kept",
        };
        assert!(
            said.replace(['\n', ' ', '│'], "")
                .contains(&kept.replace(' ', "")),
            "{said}"
        );
        press(&mut app, &ui, "<Enter>");
        assert_eq!(app.overlay, Overlay::None);
        let after = app.office.store.item_detail(number).unwrap().feedback;
        assert_eq!(after.len(), before + 2);
        assert!(after.iter().any(|f| f.text == "本周完成清淤"));
    }
}

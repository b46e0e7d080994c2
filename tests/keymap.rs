//! The keymap a clerk lives in for a day: one meaning per key, Esc one level back, `q` quitting
//! only from the list, finished items reachable, a search that starts at its first match, and
//! screens (help, triage's card and hint bar, form refusals) that fit at 80×24 and 160×48 in
//! both languages. Driven by keys through the real keymap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, refusal_segments, screen};

use chrono::NaiveDate;
use duban::app::state::Overlay;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::Status;
use duban::domain::item::ItemNumber;
use duban::store::{Records, Store};
use duban::ui::Lang;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn app(items: u64, size: (u16, u16)) -> App {
    let clock = Clock::Frozen(today().and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, items, 7).unwrap();
    App::new(office, size).unwrap()
}

fn status_of(app: &App, n: ItemNumber) -> Status {
    app.office.store.item_detail(n).unwrap().row.status
}

/// A finished item of the sample office with the given status.
fn finished(app: &App, status: Status) -> ItemNumber {
    app.office
        .store
        .finished_keys()
        .unwrap()
        .into_iter()
        .find(|k| k.status == status)
        .map(|k| k.number)
        .unwrap_or_else(|| panic!("the sample office has no {status:?} item"))
}

fn shown(app: &App) -> Vec<ItemNumber> {
    app.view.iter().map(|&i| app.ranked[i].key.number).collect()
}

/// Presses `S` until the status filter shows `status` (or every item, for `None`).
fn status_filter(app: &mut App, ui: &duban::ui::Ui, status: Option<Status>) {
    for _ in 0..12 {
        let reached = match status {
            Some(s) => app.filter.status == Some(s),
            None => app.filter.all,
        };
        if reached {
            return;
        }
        press(app, ui, "S");
    }
    panic!("the status filter never reached {status:?}");
}

#[test]
fn the_status_filter_reaches_every_status_and_all_items() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    let open = app.view.len();
    assert!(shown(&app).iter().all(|&n| status_of(&app, n).is_open()));
    let total = app.office.store.item_count().unwrap() as usize;
    let mut seen = 0;
    for status in [
        Status::Registered,
        Status::Assigned,
        Status::Acknowledged,
        Status::InProgress,
        Status::AwaitingReview,
        Status::Suspended,
        Status::Completed,
        Status::Closed,
        Status::Cancelled,
    ] {
        press(&mut app, &ui, "S");
        assert_eq!(app.filter.status, Some(status));
        assert!(
            app.view.iter().all(|&i| app.ranked[i].key.status == status),
            "{status:?}"
        );
        seen += app.view.len();
    }
    assert_eq!(seen, total);
    // Then every item, finished ones included, and the status bar says so.
    press(&mut app, &ui, "S");
    assert!(app.filter.all && app.filter.status.is_none());
    assert_eq!(app.view.len(), total);
    assert!(screen(&app, &ui).contains("every status"));
    // Then back to the open items.
    press(&mut app, &ui, "S");
    assert!(!app.filter.is_active());
    assert_eq!(app.view.len(), open);
}

#[test]
fn a_completed_item_is_opened_and_closed_from_the_move_menu() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(80, (160, 48));
        let n = finished(&app, Status::Completed);
        status_filter(&mut app, &ui, Some(Status::Completed));
        let at = shown(&app).iter().position(|&x| x == n).unwrap();
        press(&mut app, &ui, &format!("g{}<Enter>", "j".repeat(at)));
        assert!(app.detail_open);
        assert_eq!(app.detail.as_ref().unwrap().row.number, n);
        // The move menu offers closing (销号) and nothing else.
        press(&mut app, &ui, "m");
        assert_eq!(
            app.overlay,
            Overlay::MoveMenu(vec![duban::domain::Move::Close])
        );
        let text = screen(&app, &ui);
        let close = if lang == Lang::Zh { "销号" } else { "close" };
        assert!(text.contains(close), "{text}");
        press(&mut app, &ui, "1<Enter>");
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        assert_eq!(status_of(&app, n), Status::Closed);
        // `q` in the detail view goes back to the list; it does not quit.
        press(&mut app, &ui, "q");
        assert!(!app.detail_open && !app.should_quit);
        // The closed item is found by the status filter for closed items.
        status_filter(&mut app, &ui, Some(Status::Closed));
        assert!(shown(&app).contains(&n));
    }
}

#[test]
fn a_search_finds_finished_items_and_starts_at_its_first_match() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    let closed = finished(&app, Status::Closed);
    // From the bottom of the list, a search for the closed item's number.
    press(&mut app, &ui, "G");
    assert!(app.selected > 0);
    press(&mut app, &ui, &format!("/{closed}"));
    assert_eq!(shown(&app), vec![closed]);
    assert_eq!((app.selected, app.offset), (0, 0));
    assert_eq!(app.detail.as_ref().unwrap().row.number, closed);
    let text = screen(&app, &ui);
    assert!(text.contains("finished 1"), "{text}");
    // A search matching many: the first match is selected and at the top, and the count line
    // counts what is shown.
    press(&mut app, &ui, "<Esc>G/2026");
    assert!(app.view.len() > 1);
    assert_eq!((app.selected, app.offset), (0, 0));
    let counted = app.counts.iter().sum::<usize>() + app.finished_shown;
    assert_eq!(counted, app.view.len());
    assert!(app.finished_shown > 0);
    // Enter keeps the filter; the items pane title says shown of all.
    press(&mut app, &ui, "<Enter>");
    assert!(!app.filter_editing && !app.filter.text.is_empty());
    let total = app.office.store.item_count().unwrap();
    assert!(
        screen(&app, &ui).contains(&format!(" {}/{total} ", app.view.len())),
        "{}",
        screen(&app, &ui)
    );
}

#[test]
fn the_count_line_counts_what_the_light_filter_shows() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    press(&mut app, &ui, "L");
    assert_eq!(app.counts[0], app.view.len());
    assert_eq!(app.counts[1..], [0, 0, 0]);
}

#[test]
fn esc_goes_back_one_level_and_q_quits_only_from_the_list() {
    let ui = plain(Lang::En);
    let mut app = app(40, (160, 48));
    // A form opened in the detail view goes back to the detail view.
    press(&mut app, &ui, "<Enter>e");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.overlay, Overlay::None);
    assert!(app.detail_open);
    // Help over the detail view: q and Esc close it only.
    press(&mut app, &ui, "?q");
    assert_eq!(app.overlay, Overlay::None);
    assert!(app.detail_open && !app.should_quit);
    press(&mut app, &ui, "<Esc>");
    assert!(!app.detail_open);
    // Triage: q does nothing, Esc leaves.
    press(&mut app, &ui, "tq");
    assert!(app.triage.is_some() && !app.should_quit);
    press(&mut app, &ui, "<Esc>");
    assert!(app.triage.is_none());
    // The report: q goes back.
    press(&mut app, &ui, "rq");
    assert!(app.report.is_none() && !app.should_quit);
    // The filter input: Esc cancels the text typed and goes back to the list.
    press(&mut app, &ui, "/abc<Esc>");
    assert!(!app.filter_editing && app.filter.text.is_empty());
    // The list: q quits.
    press(&mut app, &ui, "q");
    assert!(app.should_quit);
}

#[test]
fn triage_steps_with_j_and_k_and_decides_with_the_list_keys() {
    let ui = plain(Lang::Zh);
    let mut app = app(60, (160, 48));
    press(&mut app, &ui, "t");
    let first = app.triage.as_ref().unwrap().pos;
    press(&mut app, &ui, "j");
    assert_eq!(app.triage.as_ref().unwrap().pos, first + 1);
    press(&mut app, &ui, "k");
    assert_eq!(app.triage.as_ref().unwrap().pos, first);
    // `x` is the extension in triage as in the list, `n` the note, `+` a commendation.
    for (key, kind) in [("x", "Decision"), ("n", "Decision"), ("+", "Commend")] {
        press(&mut app, &ui, key);
        let Overlay::Form(form) = &app.overlay else {
            panic!("{key} opened no form");
        };
        assert!(format!("{:?}", form.kind).starts_with(kind), "{key}");
        press(&mut app, &ui, "<Esc>");
        assert!(app.triage.is_some(), "Esc from the form stays in triage");
    }
}

/// Every help line is on the screen whole: nothing is cut or run into by another column.
fn assert_help_whole(text: &str, ui: &duban::ui::Ui, context: duban::ui::keymap::Context) {
    for (keys, what) in duban::ui::keymap::help_lines(&ui.keys, context, ui.lang) {
        let whole = text.lines().any(|l| l.contains(keys) && l.contains(what));
        assert!(whole, "help lacks {keys} {what}:\n{text}");
    }
}

#[test]
fn help_fits_at_80x24_and_160x48_in_both_languages() {
    use duban::ui::keymap::Context;
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (160, 48)] {
            let ui = plain(lang);
            let mut app = app(20, (w, h));
            press(&mut app, &ui, "?");
            let text = screen(&app, &ui);
            assert_help_whole(&text, &ui, Context::Main);
            assert_help_whole(&text, &ui, Context::Filter);
            insta::assert_snapshot!(format!("help_{name}_{w}x{h}"), text);
            press(&mut app, &ui, "<Esc>t?");
            let text = screen(&app, &ui);
            assert_help_whole(&text, &ui, Context::Triage);
            insta::assert_snapshot!(format!("triage_help_{name}_{w}x{h}"), text);
        }
    }
}

#[test]
fn triage_card_and_hint_bar_fit_at_80x24_and_160x48_in_both_languages() {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (160, 48)] {
            let ui = plain(lang);
            let mut app = app(60, (w, h));
            press(&mut app, &ui, "t");
            let text = screen(&app, &ui);
            // The hint bar is whole: it ends with the help key before the box's corner.
            let help = if lang == Lang::Zh {
                "? 帮助 "
            } else {
                "? help "
            };
            let bar = text.lines().find(|l| l.starts_with('└')).unwrap();
            assert!(
                bar.contains(&format!("{help}─")) || bar.contains(&format!("{help}┘")),
                "{text}"
            );
            // The card's labels are never written over: each row of the card starts with a
            // label, or with blanks under the labels where a long value goes on.
            let labels: &[&str] = if lang == Lang::Zh {
                &[
                    "牵头单位",
                    "时限",
                    "为何在此",
                    "批示",
                    "最近反馈",
                    "最近催办问责",
                    "建议下一级",
                ]
            } else {
                &[
                    "Lead",
                    "Deadline",
                    "Why here",
                    "Instruction",
                    "Last feedback",
                    "Last note",
                    "Suggested next",
                ]
            };
            for line in text.lines().skip(3).take(8) {
                let inside = line.split('│').nth(1).unwrap();
                assert!(
                    inside.trim().is_empty()
                        || labels.iter().any(|l| inside.starts_with(&format!("{l} ")))
                        || inside.starts_with("        "),
                    "{line}\n{text}"
                );
            }
            insta::assert_snapshot!(format!("triage_{name}_{w}x{h}"), text);
        }
    }
}

#[test]
fn form_refusals_stay_inside_their_box_even_where_quotes_are_wide() {
    use unicode_width::UnicodeWidthStr;
    // The flags refusal of the edit form, the percent refusal in the feedback pane's form.
    for keys in [
        "<Enter>e<Tab><Tab><Tab><Tab><Tab>zz<Enter>",
        "f进展<Tab>120<Enter>",
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let ui = plain(lang);
            let mut app = app(20, (80, 24));
            press(&mut app, &ui, keys);
            let text = screen(&app, &ui);
            let rows = refusal_segments(&text);
            assert!(!rows.is_empty(), "{keys}: no refusal\n{text}");
            for row in rows {
                // A terminal set up for Chinese draws “ ” two cells wide: the row still fits.
                assert!(
                    row.trim_end().width_cjk() <= row.width(),
                    "{keys}: {row:?} runs over\n{text}"
                );
            }
        }
    }
}

#[test]
fn a_form_in_a_narrow_pane_keeps_enter_and_esc_on_its_bar() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(20, (80, 24));
        press(&mut app, &ui, "f");
        let text = screen(&app, &ui);
        let (save, cancel) = if lang == Lang::Zh {
            ("Enter 保存", "Esc 取消 ")
        } else {
            ("Enter save", "Esc cancel ")
        };
        assert!(
            text.lines().any(|l| l.contains(save) && l.contains(cancel)),
            "{text}"
        );
    }
}

#[test]
fn the_detail_view_bar_is_whole_at_80x24_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(20, (80, 24));
        press(&mut app, &ui, "<Enter>");
        assert!(app.detail_open);
        let text = screen(&app, &ui);
        let bar = text.lines().rfind(|l| l.starts_with('└')).unwrap();
        let (back, help) = if lang == Lang::Zh {
            ("Esc 返回", "? 帮助 ")
        } else {
            ("Esc back", "? help ")
        };
        assert!(
            bar.contains(back)
                && (bar.contains(&format!("{help}─")) || bar.contains(&format!("{help}┘"))),
            "{text}"
        );
    }
}

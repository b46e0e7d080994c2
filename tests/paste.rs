//! Pasting, step by step: a bracketed paste reaches the app as one event and goes into the
//! focused field whole, never as key presses. (The real terminal's side is in terminal.rs.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::NaiveDate;
use crossterm::event::Event;
use duban::app::form::FieldId;
use duban::app::state::Overlay;
use duban::app::{App, Failure, Office};
use duban::clock::Clock;
use duban::store::{Records, Store};
use duban::ui::UiWords;
use duban::ui::{self, Lang, Ui};

fn app(items: u64, size: (u16, u16)) -> App {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let clock = Clock::Frozen(today.and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, items, 7).unwrap();
    App::new(office, size).unwrap()
}

/// What a terminal with bracketed paste on sends for a paste.
fn paste(app: &mut App, ui: &Ui, text: &str) {
    ui.dispatch(app, &Event::Paste(text.to_string())).unwrap();
}

/// The text inside the form's box, one line per row.
fn form_box(app: &App, ui: &Ui) -> String {
    let buffer = ui::render(app, ui, app.size.0, app.size.1);
    let area = buffer.area;
    let title = ui.lang.form_title(&form(app).kind);
    let text = ui::buffer_text(&buffer);
    let top = text
        .lines()
        .position(|row| row.contains(&format!("┌ {title}")))
        .unwrap() as u16;
    let left = (area.left()..area.right())
        .find(|&x| {
            buffer[(x, top)].symbol() == "┌"
                && buffer[(x + 2, top)].symbol() == title.chars().next().unwrap().to_string()
        })
        .unwrap();
    let right = (left + 1..area.right())
        .find(|&x| buffer[(x, top)].symbol() == "┐")
        .unwrap();
    let mut rows = Vec::new();
    for y in top + 1..area.bottom() {
        if buffer[(left, y)].symbol() == "└" {
            break;
        }
        let mut row = String::new();
        let mut skip = 0;
        for x in left + 1..right {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            row.push_str(symbol);
            skip = duban::text::width(symbol).saturating_sub(1);
        }
        rows.push(row.trim_end().to_string());
    }
    rows.join("\n")
}

fn form(app: &App) -> &duban::app::form::Form {
    match &app.overlay {
        Overlay::Form(form) => form,
        other => panic!("no form open: {other:?}"),
    }
}

/// Lines that would run as commands if they were keys: `e` edits, `d` completes, `q` quits.
const THREE_LINES: &str = "第一行\nd\nq";

#[test]
fn three_lines_pasted_into_a_one_line_field_insert_nothing_and_say_why() {
    let title_zh = "事项名称只能填一行，粘贴的内容有 3 行，未粘贴";
    let title_en = "Title takes one line; the paste had 3 lines and was not inserted";
    // The feedback form is drawn in its pane, the narrowest place a refusal is shown.
    let percent_zh = "完成进度%只能填一行，粘贴的内容有 3 行，未粘贴";
    let percent_en = "Percent takes one line; the paste had 3 lines and was not inserted";
    for (lang, size, keys, field, said) in [
        (Lang::Zh, (160, 48), "a督办", FieldId::Title, title_zh),
        (Lang::En, (160, 48), "a督办", FieldId::Title, title_en),
        (Lang::Zh, (80, 24), "a督办", FieldId::Title, title_zh),
        (Lang::En, (80, 24), "a督办", FieldId::Title, title_en),
        (
            Lang::Zh,
            (160, 48),
            "f<Tab>督办",
            FieldId::Percent,
            percent_zh,
        ),
        (
            Lang::En,
            (160, 48),
            "f<Tab>督办",
            FieldId::Percent,
            percent_en,
        ),
        (
            Lang::Zh,
            (80, 24),
            "f<Tab>督办",
            FieldId::Percent,
            percent_zh,
        ),
        (
            Lang::En,
            (80, 24),
            "f<Tab>督办",
            FieldId::Percent,
            percent_en,
        ),
    ] {
        let ui = plain(lang);
        let mut app = app(10, size);
        let events = app.office.store.event_count().unwrap();
        press(&mut app, &ui, keys);
        paste(&mut app, &ui, THREE_LINES);
        let f = form(&app);
        assert_eq!(f.value(field), "督办");
        assert_eq!(f.fields[f.focus].id, field);
        assert_eq!(
            f.error,
            Some((Some(field), Failure::MultiLinePaste { field, lines: 3 }))
        );
        // The refusal is shown whole inside the form box, however narrow.
        let inside = form_box(&app, &ui);
        let unspaced = |s: &str| s.replace([' ', '\n'], "");
        assert!(
            unspaced(&inside).contains(&unspaced(&format!("✖ {said}"))),
            "{inside}\n{}",
            screen(&app, &ui)
        );
        // The app is still there, nothing was recorded, and the field still takes typing.
        assert!(!app.should_quit);
        assert_eq!(app.office.store.event_count().unwrap(), events);
        press(&mut app, &ui, "事项");
        assert_eq!(form(&app).value(field), "督办事项");
    }
}

#[test]
fn a_paste_with_an_escape_or_an_invisible_character_inserts_nothing_and_says_why() {
    // The command line refuses these characters; a paste is refused the same way, naming the
    // field, and the text typed before it is kept.
    for (lang, text, said) in [
        (
            Lang::En,
            "\u{1b}[31mRED",
            "Title must be one line of text without control characters",
        ),
        (
            Lang::Zh,
            "\u{1b}[31mRED",
            "事项名称须为一行文字，不能含控制字符",
        ),
        (
            Lang::En,
            "abc\u{202e}txt.exe",
            "Title must not hold the invisible character U+202E",
        ),
        (
            Lang::Zh,
            "抄送\u{200b}单位",
            "事项名称不能含不可见字符 U+200B",
        ),
    ] {
        let ui = plain(lang);
        let mut app = app(10, (160, 48));
        let events = app.office.store.event_count().unwrap();
        press(&mut app, &ui, "a督办");
        paste(&mut app, &ui, text);
        let f = form(&app);
        assert_eq!(f.value(FieldId::Title), "督办", "{text:?}");
        assert!(
            matches!(&f.error, Some((Some(FieldId::Title), Failure::Input(_)))),
            "{:?}",
            f.error
        );
        let inside = form_box(&app, &ui);
        let unspaced = |s: &str| s.replace([' ', '\n'], "");
        assert!(
            unspaced(&inside).contains(&unspaced(said)),
            "{said}\n{inside}"
        );
        assert_eq!(app.office.store.event_count().unwrap(), events);
    }
}

#[test]
fn a_line_copied_with_its_end_goes_into_a_one_line_field() {
    let ui = plain(Lang::En);
    let mut app = app(10, (120, 40));
    press(&mut app, &ui, "a");
    paste(&mut app, &ui, "Repair the flood gate\r\n");
    let f = form(&app);
    assert_eq!(f.value(FieldId::Title), "Repair the flood gate");
    assert_eq!(f.error, None);
}

#[test]
fn three_lines_pasted_into_a_multi_line_field_are_kept_and_saved() {
    let ui = plain(Lang::Zh);
    let mut app = app(30, (160, 48));
    let number = app.selected_key().unwrap().number;
    let status = app.detail.as_ref().unwrap().row.status;
    press(&mut app, &ui, "f");
    // Line ends as terminals send them: \r\n and \r count as newlines.
    paste(&mut app, &ui, "第一行\r\nd\rq");
    assert_eq!(form(&app).value(FieldId::Text), "第一行\nd\nq");
    assert!(screen(&app, &ui).contains("第一行⏎d⏎q"));
    // The cursor is after the pasted text: typing goes on from there.
    press(&mut app, &ui, "。<Left><Left>!");
    assert_eq!(form(&app).value(FieldId::Text), "第一行\nd\n!q。");
    press(&mut app, &ui, "<Tab>");
    paste(&mut app, &ui, "60\n70\nq");
    assert_eq!(form(&app).value(FieldId::Percent), "");
    press(&mut app, &ui, "60<Enter>");
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.should_quit);
    let d = app.office.store.item_detail(number).unwrap();
    assert_eq!(d.feedback[0].text, "第一行\nd\n!q。");
    assert_eq!(d.feedback[0].percent, Some(60));
    // `d` was text, not the key that moves the item.
    assert_eq!(d.row.status, status);
}

#[test]
fn a_requirement_pasted_into_the_edit_form_keeps_its_lines() {
    let ui = plain(Lang::En);
    let mut app = app(10, (160, 48));
    let row = app.detail.as_ref().unwrap().row.clone();
    let old = app.detail.as_ref().unwrap().requirement.clone();
    press(&mut app, &ui, "e<Tab><Tab><Tab>");
    assert_eq!(form(&app).fields[form(&app).focus].id, FieldId::Requirement);
    paste(
        &mut app,
        &ui,
        "1. report by Friday\n2. fix the gate\n3. photos\tattached",
    );
    press(&mut app, &ui, "<Enter>");
    assert_eq!(app.overlay, Overlay::None);
    let d = app.office.store.item_detail(row.number).unwrap();
    assert_eq!(
        d.requirement,
        format!("{old}1. report by Friday\n2. fix the gate\n3. photos\tattached")
    );
    assert_eq!(d.row.title, row.title);
}

#[test]
fn a_paste_where_no_field_has_the_focus_does_nothing() {
    let ui = plain(Lang::En);
    let mut app = app(40, (160, 48));
    let titles: Vec<String> = app.rows.values().map(|r| r.title.clone()).collect();
    let events = app.office.store.event_count().unwrap();
    // The main screen, help, the move menu and the triage card.
    for open in ["", "?", "m", "t"] {
        press(&mut app, &ui, open);
        let before = screen(&app, &ui);
        let overlay = app.overlay.clone();
        paste(&mut app, &ui, "e\nd\nq");
        paste(&mut app, &ui, "q");
        assert!(!app.should_quit, "after {open:?}");
        assert_eq!(app.overlay, overlay, "after {open:?}");
        assert_eq!(screen(&app, &ui), before, "after {open:?}");
        press(&mut app, &ui, "<Esc>");
    }
    assert_eq!(app.office.store.event_count().unwrap(), events);
    let after: Vec<String> = app.rows.values().map(|r| r.title.clone()).collect();
    assert_eq!(after, titles);
}

#[test]
fn a_paste_into_the_filter_takes_its_first_line() {
    let ui = plain(Lang::Zh);
    let mut app = app(80, (160, 48));
    let dept = app.detail.as_ref().unwrap().row.lead_department.clone();
    press(&mut app, &ui, "/");
    paste(&mut app, &ui, &format!("{dept}\r\nq\nd"));
    assert_eq!(app.filter.text, dept.to_lowercase());
    assert!(app.filter_editing && !app.should_quit);
    assert!(!app.view.is_empty());
    assert!(screen(&app, &ui).contains(&format!("/{dept}")));
}

#[test]
fn a_long_paste_stays_on_one_row_and_the_focused_field_stays_in_view() {
    let ui = plain(Lang::Zh);
    let mut app = app(10, (80, 24));
    // The note form in its small pane: a refusal under the target pushes the rest down.
    press(&mut app, &ui, "n<Tab>");
    paste(&mut app, &ui, THREE_LINES);
    press(&mut app, &ui, "<Tab><Tab>");
    assert_eq!(form(&app).fields[form(&app).focus].id, FieldId::Require);
    let long = "一、三个工作日内报送整改方案\r\n二、明确责任人和完成时限\n三、每周报送进展";
    paste(&mut app, &ui, long);
    let inside = form_box(&app, &ui);
    let rows: Vec<&str> = inside.lines().collect();
    // The focused field is shown, on one row, scrolled to the cursor at the end of the paste.
    let row = rows.iter().find(|r| r.starts_with("整改要求")).unwrap();
    assert!(
        row.contains("…") && row.ends_with("⏎三、每周报送进展"),
        "{inside}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.contains("报送")).count(),
        1,
        "{inside}"
    );
    assert_eq!(
        form(&app).value(FieldId::Require),
        "一、三个工作日内报送整改方案\n二、明确责任人和完成时限\n三、每周报送进展"
    );
}

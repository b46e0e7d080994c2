//! Screen tests: the interface drawn into an off-screen buffer with the clock and size fixed,
//! driven by keys through the real keymap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::{Datelike, NaiveDate};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use duban::app::state::{Notice, Overlay};
use duban::app::{Action, App, Office, Pane};
use duban::clock::Clock;
use duban::store::{Records, Store};
use duban::ui::Lang;
use duban::ui::UiWords;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn office_with(store: Store, items: u64) -> Office {
    let clock = Clock::Frozen(today().and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(store, clock, "督查员".into());
    if items > 0 {
        duban::cli::fill_demo(&mut office, items, 7).unwrap();
    }
    office
}

fn app(items: u64, size: (u16, u16)) -> App {
    App::new(office_with(Store::open_in_memory().unwrap(), items), size).unwrap()
}

#[test]
fn main_screen_chinese_160x48() {
    let app = app(60, (160, 48));
    insta::assert_snapshot!("main_zh_160x48", screen(&app, &plain(Lang::Zh)));
}

#[test]
fn main_screen_english_160x48() {
    let app = app(60, (160, 48));
    insta::assert_snapshot!("main_en_160x48", screen(&app, &plain(Lang::En)));
}

#[test]
fn main_screen_english_80x24() {
    let app = app(60, (80, 24));
    insta::assert_snapshot!("main_en_80x24", screen(&app, &plain(Lang::En)));
}

#[test]
fn main_screen_chinese_80x24() {
    let app = app(60, (80, 24));
    let text = screen(&app, &plain(Lang::Zh));
    // Titles give way first: every row of the deadlines pane, a section's first line on its
    // header's row too, names its item's number whole.
    let agenda: Vec<&str> = text
        .lines()
        .skip(1)
        .take(6)
        .map(|l| l.rsplit("││").next().unwrap())
        .collect();
    for row in &agenda {
        assert!(
            whole_number(row),
            "no whole item number in {row:?}:\n{text}"
        );
    }
    insta::assert_snapshot!("main_zh_80x24", text);
}

/// Whether `row` holds an item number (2026-038) followed by a space: not cut short.
fn whole_number(row: &str) -> bool {
    let chars: Vec<char> = row.chars().collect();
    chars.windows(9).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 => *c == '-',
            8 => *c == ' ',
            _ => c.is_ascii_digit(),
        })
    })
}

#[test]
fn alt_key_is_escape_then_the_key() {
    let ui = plain(Lang::En);
    let mut app = app(5, (100, 30));
    press(&mut app, &ui, "?");
    let alt_q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
    ui.dispatch(&mut app, &alt_q).unwrap();
    assert_eq!(app.overlay, Overlay::None);
    assert!(app.should_quit);
}

/// Ctrl-C quits at once wherever the clerk is, as the README says: from a form (nothing it
/// holds is saved), the help, the moves menu, the detail view, triage and the report.
#[test]
fn ctrl_c_quits_from_everywhere() {
    let ui = plain(Lang::En);
    for keys in ["a督办", "?", "m", "<Enter>", "t", "R", "f", ""] {
        let mut app = app(5, (120, 40));
        let events = app.office.store.event_count().unwrap();
        press(&mut app, &ui, keys);
        assert!(!app.should_quit, "{keys}: still open before Ctrl-C");
        press(&mut app, &ui, "<C-c>");
        assert!(app.should_quit, "{keys}: Ctrl-C quits");
        assert_eq!(app.office.store.event_count().unwrap(), events, "{keys}");
    }
}

#[test]
fn too_small_says_so() {
    let app = app(5, (79, 23));
    let text = screen(&app, &plain(Lang::En));
    assert!(text.contains("Terminal too small"), "{text}");
    let text = screen(&app, &plain(Lang::Zh));
    assert!(text.contains("终端太小"), "{text}");
}

/// After a form opened from the list (feedback, note, commendation, edit) is saved or left, the
/// focus is on the list again: `j` moves to the next item, not through the pane beside it.
#[test]
fn the_focus_returns_to_the_list_after_a_form() {
    for keys in [
        "f已完成主体工程<Tab>70<Enter>",
        "n<Tab><Tab>未报进展<Tab>三日内报送<Enter>",
        "+提前完成<Enter>",
        "f<Esc>",
        "n<Esc>",
        "e<Esc>",
    ] {
        let ui = plain(Lang::Zh);
        let mut app = app(30, (80, 24));
        press(&mut app, &ui, keys);
        assert_eq!(app.overlay, Overlay::None, "{keys}: {}", screen(&app, &ui));
        assert_eq!(app.focus, Pane::Items, "{keys}");
        let before = app.selected;
        press(&mut app, &ui, "j");
        assert_eq!(app.selected, before + 1, "{keys}");
    }
}

/// The move menu names the item its digits move.
#[test]
fn the_move_menu_names_its_item() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        press(&mut app, &ui, "m");
        assert!(matches!(app.overlay, Overlay::MoveMenu(_)));
        let d = app.detail.as_ref().unwrap();
        let head: String = d.row.title.chars().take(4).collect();
        let text = screen(&app, &ui);
        let title_row = text
            .lines()
            .find(|l| l.contains(&format!(" {} ", d.row.number)) && l.contains('┌'))
            .unwrap_or_else(|| panic!("no menu title naming {}\n{text}", d.row.number));
        assert!(title_row.contains(&head), "{title_row}");
    }
}

/// Ctrl-U empties the focused text field at once, a prefilled one too; a choice stays.
#[test]
fn ctrl_u_clears_the_focused_field() {
    use duban::app::form::FieldId;
    let ui = plain(Lang::En);
    let mut app = app(30, (80, 24));
    press(&mut app, &ui, "+提前完成<C-u>");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(form.value(FieldId::Reason), "");
    // The prefilled points: cleared, then typed anew.
    press(&mut app, &ui, "<Tab><Tab><C-u>3");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(form.value(FieldId::Points), "3");
    assert!(!form.value(FieldId::Target).is_empty());
    // Ctrl-U in a form never pages the list behind it.
    let selected = app.selected;
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.selected, selected);
}

/// The add form takes the reason an item has no deadline (未明确时限原因), as `duban add
/// --no-deadline-reason` does: the item is registered without one, the reason recorded.
#[test]
fn the_add_form_registers_an_item_without_a_deadline_with_its_reason() {
    let ui = plain(Lang::Zh);
    let mut app = app(10, (80, 24));
    let tabs = "<Tab>".repeat(9);
    press(
        &mut app,
        &ui,
        &format!("a待定事项<Tab>市审计局{tabs}待上级明确<Enter>"),
    );
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.row.title, "待定事项");
    assert_eq!(d.row.deadline, None);
    assert_eq!(d.no_deadline_reason.as_deref(), Some("待上级明确"));
}

/// A refusal names the field by the label the form shows (not the command line's code), and
/// goes as soon as that field is changed.
#[test]
fn a_refusal_names_the_field_by_its_label_and_goes_when_it_is_changed() {
    for (lang, words) in [
        (Lang::En, "New deadline must be a date"),
        (Lang::Zh, "延至须为日期"),
    ] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        press(&mut app, &ui, "x<C-u>someday<Tab>材料未齐<Enter>");
        assert!(matches!(app.overlay, Overlay::Form(_)));
        let text = screen(&app, &ui);
        assert!(text.contains(words), "{text}");
        assert!(!text.contains("--to"), "{text}");
        press(&mut app, &ui, "<Backspace>");
        let text = screen(&app, &ui);
        assert!(!text.contains('✖'), "{text}");
    }
}

/// A message on the status line is never cut at 80 columns: the database's path goes first,
/// and a message still too long wraps.
#[test]
fn a_status_message_is_never_cut() {
    let long = format!(
        "/home/clerk/{}/督办通报-2026-11-01-2026-11-30.html",
        "文件夹".repeat(12)
    );
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(10, (80, 24));
        app.notice = Some(Notice::Exported("督办通报-2026-11.md".into()));
        let text = screen(&app, &ui);
        assert!(text.contains("督办通报-2026-11.md"), "{text}");
        app.notice = Some(Notice::Exported(long.clone()));
        let text = screen(&app, &ui);
        let flat: String = text.lines().map(str::trim_end).collect();
        assert!(flat.contains(&long), "{text}");
    }
}

/// At 80×24 every form, feedback and notes included, opens as the same 76-column dialog.
#[test]
fn every_form_opens_as_the_same_wide_dialog_at_80x24() {
    let ui = plain(Lang::En);
    for keys in ["f", "n", "u", "+", "i", "x", "s", "e", "a"] {
        let mut app = app(30, (80, 24));
        press(&mut app, &ui, keys);
        let Overlay::Form(form) = &app.overlay else {
            panic!("{keys}: no form")
        };
        let title = format!(" {} ", ui.lang.form_title(&form.kind));
        let text = screen(&app, &ui);
        let row = text
            .lines()
            .find(|l| l.contains(&title))
            .unwrap_or_else(|| panic!("{keys}: {title} not shown\n{text}"));
        let at = row.find(&title).unwrap();
        let left = row[..at].rfind('┌').unwrap();
        let right = at + row[at..].find('┐').unwrap();
        let cells = duban::text::width(&row[left..right]) + 1;
        assert_eq!(cells, 76, "{keys}: {row}");
    }
}

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// The leader's instruction form (`i`) shows what Enter records, and the refusal before Enter
/// where a new requirement would move an overdue item's deadline; Enter records it, and the
/// accountability pane lists it.
#[test]
fn the_instruction_form_shows_what_it_records_or_the_refusal_before_enter() {
    for (lang, affirms, refused) in [
        (Lang::Zh, "王市长批示（肯定）", "不改变逾期事项的办理时限"),
        (
            Lang::En,
            "王市长’s instruction (affirms)",
            "does not move an overdue item's deadline",
        ),
    ] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        // The list's first item is red: past its deadline.
        let number = app.selected_key().unwrap().number;
        let row = app.office.store.item_detail(number).unwrap().row;
        assert!(row.deadline.unwrap() < today(), "{row:?}");
        let events = app.office.store.event_count().unwrap();
        press(&mut app, &ui, "i王市长<Tab><Tab>抓紧办理");
        let text = screen(&app, &ui);
        assert!(text.contains(affirms), "{text}");
        // A new requirement with a later deadline: refused before Enter.
        press(&mut app, &ui, "<BackTab><Right><Right><Tab><Tab>+10wd");
        let text = screen(&app, &ui);
        assert!(text.contains(refused), "{text}");
        insta::assert_snapshot!(format!("instruction_form_{}_80x24", code(lang)), text);
        // Back to affirms, the deadline cleared: Enter records it.
        press(&mut app, &ui, "<C-u><BackTab><BackTab><Right>");
        let text = screen(&app, &ui);
        assert!(text.contains(affirms), "{text}");
        press(&mut app, &ui, "<Enter>");
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        assert_eq!(app.office.store.event_count().unwrap(), events + 1);
        let detail = app.office.store.item_detail(number).unwrap();
        assert_eq!(detail.instructions.len(), 1);
        assert_eq!(detail.instructions[0].text, "抓紧办理");
        assert!(screen(&app, &ui).contains("王市长"));
    }
}

/// The edit form shows each field Enter changes, old → new, in the clerk's language, in the
/// same dialog at 80×24; Enter records exactly those, and with nothing changed records nothing.
#[test]
fn the_edit_form_shows_what_it_changes_before_enter() {
    for (lang, unchanged, nothing) in [
        (Lang::Zh, "无修改：确认后不写入任何记录", "未作修改"),
        (
            Lang::En,
            "No changes: Enter records nothing",
            "nothing changed",
        ),
    ] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        let number = app.selected_key().unwrap().number;
        let events = app.office.store.event_count().unwrap();
        press(&mut app, &ui, "e");
        assert!(screen(&app, &ui).contains(unchanged));
        press(&mut app, &ui, "<Enter>");
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(app.office.store.event_count().unwrap(), events);
        assert!(screen(&app, &ui).contains(nothing));
        // A longer title and an urgent item, shown before Enter.
        press(
            &mut app,
            &ui,
            "e（二期）<Tab><Tab><Tab><Tab><Tab><Tab><Right>",
        );
        let text = screen(&app, &ui);
        assert!(!text.contains(unchanged), "{text}");
        insta::assert_snapshot!(format!("edit_form_{}_80x24", code(lang)), text);
        press(&mut app, &ui, "<Enter>");
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(app.office.store.event_count().unwrap(), events + 1);
        let row = app.office.store.item_detail(number).unwrap().row;
        assert!(row.title.ends_with("（二期）") && row.urgent, "{row:?}");
    }
}

/// The export form on the report screen shows the bulletin it writes (period, grouping,
/// format, language) and the file in full, saying when it replaces one that is there.
#[test]
fn the_export_form_shows_the_document_and_file_before_enter() {
    use duban::app::form::{ExportFile, Found};
    fn there(typed: &str) -> Option<ExportFile> {
        (!typed.is_empty()).then(|| ExportFile {
            typed: typed.into(),
            full: std::path::Path::new("/srv/督查室").join(typed),
            found: if typed.ends_with(".md") {
                Found::File
            } else {
                Found::Nothing
            },
        })
    }
    for (lang, replaces) in [
        (Lang::Zh, "（将替换已有文件）"),
        (Lang::En, "(will replace an existing file)"),
    ] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        app.locate = there;
        press(&mut app, &ui, "rbx<Tab><Tab><C-u>十一月通报.md");
        let text = screen(&app, &ui);
        let flat: String = text.lines().collect();
        assert!(flat.contains(replaces), "{text}");
        insta::assert_snapshot!(format!("export_form_{}_80x24", code(lang)), text);
        // Another format names another file, which is not there.
        press(&mut app, &ui, "<Tab><Right>");
        let flat: String = screen(&app, &ui).lines().collect();
        assert!(!flat.contains(replaces), "{flat}");
    }
}

/// An extension request and a snooze show the dates they will record before Enter: `+5wd`
/// counted from the item's own deadline, a snooze's day read from today; an extension the save
/// refuses (the item already late) shows the refusal instead.
#[test]
fn extension_and_snooze_forms_show_the_dates_they_record() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app(30, (80, 24));
        // The first item is late: the form says before Enter that Enter is refused, and why.
        let late = app.selected_key().unwrap().deadline.unwrap();
        assert!(late < today());
        press(&mut app, &ui, "x");
        let refused = match lang {
            Lang::Zh => format!("✖ 延期须在时限（{late}）之前申请；该事项已超期"),
            Lang::En => "✖ an extension must be requested before the deadline".to_string(),
        };
        let flat: String = screen(&app, &ui).lines().collect();
        assert!(flat.contains(&refused), "{flat}");
        assert!(!flat.contains(&format!("{late} → ")), "{flat}");
        // An item still within its deadline: the dates it asks for.
        let ahead = app
            .view
            .iter()
            .position(|&i| {
                let key = &app.ranked[i].key;
                key.status.is_running() && key.deadline.is_some_and(|d| d > today())
            })
            .unwrap();
        press(&mut app, &ui, &format!("<Esc>{}", "j".repeat(ahead)));
        let dl = app.selected_key().unwrap().deadline.unwrap();
        press(&mut app, &ui, "x");
        let new = app.office.calendar.add_working_days(dl, 5);
        let text = screen(&app, &ui);
        assert!(text.contains(&format!("{dl} → {new}")), "{text}");
        // Typed anew, the preview follows.
        press(&mut app, &ui, "<C-u>+10wd");
        let new = app.office.calendar.add_working_days(dl, 10);
        let text = screen(&app, &ui);
        assert!(text.contains(&format!("{dl} → {new}")), "{text}");
        press(&mut app, &ui, "<Esc>s<C-u>2026-11-27");
        let text = screen(&app, &ui);
        let until = match lang {
            Lang::Zh => "暂缓至 2026-11-27",
            Lang::En => "snoozed until 2026-11-27",
        };
        assert!(text.contains(until), "{text}");
    }
}

/// An extension asked from the form is there to decide at once: `A` right after opens the
/// approval of that request (the detail used to keep the item as it was before the request).
#[test]
fn an_extension_asked_is_decided_at_once() {
    let ui = plain(Lang::En);
    let mut app = app(30, (80, 24));
    let ahead = app
        .view
        .iter()
        .position(|&i| {
            let key = &app.ranked[i].key;
            key.status.is_running() && key.deadline.is_some_and(|d| d > today())
        })
        .unwrap();
    press(&mut app, &ui, &"j".repeat(ahead));
    let number = app.selected_key().unwrap().number;
    press(&mut app, &ui, "x<Tab>more work than planned<Enter>");
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    press(&mut app, &ui, "A");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no approval form: {}", screen(&app, &ui))
    };
    assert!(
        matches!(form.kind, duban::app::form::FormKind::DecideExtension { number: n, approve: true, .. } if n == number),
        "{:?}",
        form.kind
    );
}

/// The add form shows the item it will register with the deadline it will get: the source
/// kind's default when none is typed, the date typed, or none with its reason.
#[test]
fn the_add_form_shows_the_deadline_it_will_record() {
    let ui = plain(Lang::Zh);
    let mut app = app(10, (80, 24));
    press(&mut app, &ui, "a督办测试<Tab>市审计局");
    let text = screen(&app, &ui);
    assert!(
        text.contains("立项“督办测试”· 牵头单位 市审计局 · 办理时限 2026-"),
        "{text}"
    );
    let tabs = "<Tab>".repeat(8);
    press(&mut app, &ui, &format!("{tabs}2026-12-18"));
    let text = screen(&app, &ui);
    assert!(text.contains("办理时限 2026-12-18"), "{text}");
    press(&mut app, &ui, "<C-u><Tab>待上级明确");
    let text = screen(&app, &ui);
    assert!(text.contains("不设时限（待上级明确）"), "{text}");
}

#[test]
fn help_overlay_lists_the_keymap() {
    let ui = plain(Lang::Zh);
    let mut app = app(20, (120, 40));
    press(&mut app, &ui, "?");
    assert_eq!(app.overlay, Overlay::Help);
    let text = screen(&app, &ui);
    for (keys, what) in
        duban::ui::keymap::help_lines(&ui.keys, duban::ui::keymap::Context::Main, Lang::Zh)
    {
        assert!(
            text.contains(keys) && text.contains(what),
            "help lacks {keys} {what}"
        );
    }
    insta::assert_snapshot!("help_zh_120x40", text);
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn add_form_shows_the_same_refusal_as_the_command_line() {
    let ui = plain(Lang::En);
    let mut app = app(10, (120, 40));
    press(&mut app, &ui, "a<Enter>");
    let text = screen(&app, &ui);
    assert!(text.contains("Title must not be empty"), "{text}");
    insta::assert_snapshot!("add_form_error_en", text);
    // Esc leaves without saving.
    let before = app.ranked.len();
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.ranked.len(), before);
}

#[test]
fn adding_an_item_in_chinese_selects_it() {
    let ui = plain(Lang::Zh);
    let mut app = app(10, (160, 48));
    press(
        &mut app,
        &ui,
        "a督办测试事项<Tab>市审计局<Tab>王五<Tab><Tab><Tab><Tab><Tab><Tab><Tab>+3wd<Enter>",
    );
    assert_eq!(
        app.overlay,
        Overlay::None,
        "form still open: {}",
        screen(&app, &ui)
    );
    let selected = app.detail.as_ref().unwrap();
    assert_eq!(selected.row.title, "督办测试事项");
    assert_eq!(selected.row.lead_department, "市审计局");
    assert_eq!(
        selected.row.deadline,
        Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    );
    let text = screen(&app, &ui);
    assert!(text.contains("已立项"), "{text}");
    assert!(text.contains("督办测试事项"), "{text}");
}

#[test]
fn feedback_is_saved_with_one_key_and_shown_at_once() {
    let ui = plain(Lang::Zh);
    let mut app = app(30, (160, 48));
    let number = app.selected_key().unwrap().number;
    let before = app.detail.as_ref().unwrap().feedback.len();
    press(&mut app, &ui, "f已完成主体工程<Tab>70<Enter>");
    assert_eq!(app.overlay, Overlay::None);
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.row.number, number);
    assert_eq!(d.feedback.len(), before + 1);
    assert_eq!(
        (d.feedback[0].text.as_str(), d.feedback[0].percent),
        ("已完成主体工程", Some(70))
    );
    assert_eq!(d.feedback[0].on_date, today());
    assert!(screen(&app, &ui).contains("2026-11-25 70% "));
}

#[test]
fn feedback_form_with_a_bad_percent_stays_open_and_names_the_field() {
    let ui = plain(Lang::Zh);
    let mut app = app(30, (160, 48));
    press(&mut app, &ui, "f进展<Tab>120<Enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    let text = screen(&app, &ui);
    assert!(text.contains("完成进度须为 0 到 100 的整数"), "{text}");
    insta::assert_snapshot!("feedback_form_error_zh", text);
}

#[test]
fn accountability_note_prefills_the_suggested_level() {
    let ui = plain(Lang::En);
    let mut app = app(30, (160, 48));
    let d = app.detail.clone().unwrap();
    let suggested = d.suggestion(app.office.rules.ladder_repeats).level;
    press(&mut app, &ui, "n");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(
        form.value(duban::app::form::FieldId::Level),
        suggested.code()
    );
    press(
        &mut app,
        &ui,
        "<Tab><Tab>overdue without feedback<Tab>report a plan in 3 days<Enter>",
    );
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.notes[0].level, suggested);
    assert_eq!(d.notes[0].requirement, "report a plan in 3 days");
    assert_eq!(app.focus, Pane::Items);
}

#[test]
fn filter_as_you_type_narrows_and_esc_restores() {
    let ui = plain(Lang::Zh);
    let mut app = app(80, (160, 48));
    let all = app.view.len();
    // Filter by the department of the selected item, typed in Chinese.
    let dept = app.detail.as_ref().unwrap().row.lead_department.clone();
    let typed: String = dept.chars().skip(1).take(3).collect();
    press(&mut app, &ui, &format!("/{typed}"));
    assert!(
        app.view.len() < all && !app.view.is_empty(),
        "{typed}: {} of {all}",
        app.view.len()
    );
    for &i in &app.view {
        let id = app.ranked[i].key.id;
        let row = app.office.store.rows_by_id(&[id]).unwrap().remove(0);
        let text = format!(
            "{} {} {} {}",
            row.title, row.lead_department, row.owner, row.source_ref
        );
        assert!(text.contains(&typed), "{text}");
    }
    let shown = screen(&app, &ui);
    assert!(shown.contains(&format!("/{typed}")), "{shown}");
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.view.len(), all);
}

#[test]
fn light_filter_and_counts_agree() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    press(&mut app, &ui, "L");
    assert_eq!(app.view.len(), app.counts[0]);
    assert!(
        app.view
            .iter()
            .all(|&i| app.ranked[i].light() == duban::domain::WarningLight::Red)
    );
    press(&mut app, &ui, "c");
    assert_eq!(app.view.len(), app.ranked.len());
}

#[test]
fn lifecycle_moves_offered_are_only_the_legal_ones() {
    let ui = plain(Lang::En);
    let mut app = app(40, (160, 48));
    press(&mut app, &ui, "m");
    let Overlay::MoveMenu(moves) = &app.overlay else {
        panic!("no menu")
    };
    let status = app.detail.as_ref().unwrap().row.status;
    assert_eq!(moves, &status.allowed_moves());
    // The cancel move needs a reason: a form opens; Esc leaves it without saving.
    let cancel = moves
        .iter()
        .position(|m| *m == duban::domain::Move::Cancel)
        .unwrap();
    press(&mut app, &ui, &(cancel + 1).to_string());
    assert!(matches!(app.overlay, Overlay::Form(_)));
    press(&mut app, &ui, "<Esc>");
    assert_eq!(app.detail.as_ref().unwrap().row.status, status);
}

#[test]
fn detail_view_shows_history() {
    let ui = plain(Lang::En);
    let mut app = app(20, (160, 48));
    press(&mut app, &ui, "<Enter>");
    assert!(app.detail_open);
    let text = screen(&app, &ui);
    assert!(text.contains("History"), "{text}");
    // Each event in words, never its code.
    assert!(!text.contains("item_registered"), "{text}");
    assert!(text.contains(" registered “"), "{text}");
    insta::assert_snapshot!("detail_en", text);
    press(&mut app, &ui, "<Esc>");
    assert!(!app.detail_open);
}

#[test]
fn agenda_enter_jumps_to_the_item() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    press(&mut app, &ui, "2jj");
    let target = app.agenda[app.agenda_selected].id;
    press(&mut app, &ui, "<Enter>");
    assert_eq!(app.focus, Pane::Items);
    assert_eq!(app.selected_key().unwrap().id, target);
}

#[test]
fn stored_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let office = office_with(Store::open(&path).unwrap(), 12);
    drop(office);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE items SET title = 'evil\u{1b}[2J\u{1b}]0;owned\u{7}', owner = 'x\u{1b}[31m' \
         WHERE id = (SELECT id FROM items WHERE status = 'in_progress' LIMIT 1)",
        [],
    )
    .unwrap();
    drop(raw);
    let mut app = App::new(office_with(Store::open(&path).unwrap(), 0), (160, 48)).unwrap();
    let ui = plain(Lang::En);
    press(&mut app, &ui, "/evil");
    let text = screen(&app, &ui);
    assert!(text.contains("evil\u{FFFD}[2J"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    press(&mut app, &ui, "<Enter><Enter>");
    let text = screen(&app, &ui);
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn other_clerks_commits_are_noticed_on_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.db");
    let mut mine = App::new(office_with(Store::open(&path).unwrap(), 10), (160, 48)).unwrap();
    let before = mine.ranked.len();
    let mut theirs = office_with(Store::open(&path).unwrap(), 0);
    let new = duban::app::input::ItemInput {
        title: "另一位督查员登记的事项".into(),
        lead: "市审计局".into(),
        ..Default::default()
    }
    .check(today(), &theirs.calendar, &theirs.rules)
    .unwrap();
    theirs.write(|w| w.add_item(&new)).unwrap();
    mine.update(Action::Tick).unwrap();
    assert_eq!(mine.ranked.len(), before + 1);
}

#[test]
fn triage_card_explains_why_and_urge_enter_records_the_suggested_level() {
    let ui = plain(Lang::Zh);
    let mut app = app(80, (160, 48));
    press(&mut app, &ui, "t");
    let t = app.triage.as_ref().unwrap();
    assert!(!t.queue.is_empty());
    // Groups come in queue order, and within a group the higher priority first.
    for pair in t.queue.windows(2) {
        assert!(
            (pair[0].group, -pair[0].priority.score) <= (pair[1].group, -pair[1].priority.score)
        );
    }
    let first = t.queue[0].clone();
    let text = screen(&app, &ui);
    insta::assert_snapshot!("triage_card_zh", text);
    assert!(
        text.contains(&format!("督办研判 1/{}", t.queue.len())),
        "{text}"
    );
    for reason in &first.priority.reasons {
        assert!(
            text.contains(&Lang::Zh.reason(reason)),
            "card lacks {reason:?}"
        );
    }
    let before = app.office.store.item_detail(first.number).unwrap();
    let suggested = before.suggestion(app.office.rules.ladder_repeats).level;
    press(&mut app, &ui, "u<Enter>");
    let after = app.office.store.item_detail(first.number).unwrap();
    assert_eq!(after.notes.len(), before.notes.len() + 1);
    assert_eq!(after.notes[0].level, suggested);
    // The first card is red: the urging says by how much, in the office's document language.
    let late = first
        .priority
        .reasons
        .iter()
        .find_map(|r| match r {
            duban::domain::triage::Reason::OverdueWorkingDays(n) => Some(*n),
            _ => None,
        })
        .unwrap();
    assert!(
        after.notes[0]
            .reason
            .starts_with(&format!("超过办理时限{late}个工作日未办结")),
        "{}",
        after.notes[0].reason
    );
    assert_eq!(
        after.notes[0].requirement,
        "三个工作日内报送整改措施和完成时限"
    );
    let t = app.triage.as_ref().unwrap();
    assert_eq!((t.pos, t.decided(), t.skipped()), (1, 1, 0));
}

#[test]
fn triage_undo_takes_back_the_last_decision_and_returns_to_its_card() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    press(&mut app, &ui, "t");
    let queue: Vec<_> = app
        .triage
        .as_ref()
        .unwrap()
        .queue
        .iter()
        .map(|c| c.number)
        .collect();
    press(&mut app, &ui, "u<Enter>jfcalled back<Tab>50<Enter>");
    let second = app.office.store.item_detail(queue[2]).unwrap();
    assert_eq!(second.feedback[0].text, "called back");
    press(&mut app, &ui, "z");
    let t = app.triage.as_ref().unwrap();
    assert_eq!(t.pos, 2);
    assert_eq!((t.decided(), t.skipped()), (1, 1));
    let undone = app.office.store.item_detail(queue[2]).unwrap();
    assert_ne!(
        undone.feedback.first().map(|f| f.text.as_str()),
        Some("called back")
    );
    press(&mut app, &ui, "Z");
    let redone = app.office.store.item_detail(queue[2]).unwrap();
    assert_eq!(redone.feedback[0].text, "called back");
}

#[test]
fn marked_items_are_decided_together_and_undone_together() {
    let ui = plain(Lang::En);
    let mut app = app(80, (160, 48));
    // Red items only, all marked, urged with one decision.
    press(&mut app, &ui, "L*");
    let marked: Vec<_> = app.view.iter().map(|&i| app.ranked[i].key.number).collect();
    assert!(marked.len() > 1);
    let text = screen(&app, &ui);
    assert!(text.contains("■ R"), "{text}");
    insta::assert_snapshot!("marks_en", text);
    let notes = |app: &App| -> usize {
        marked
            .iter()
            .map(|n| app.office.store.item_detail(*n).unwrap().notes.len())
            .sum()
    };
    let before = notes(&app);
    press(&mut app, &ui, "u<Enter>");
    assert_eq!(notes(&app), before + marked.len());
    assert!(app.marked.is_empty());
    press(&mut app, &ui, "z");
    assert_eq!(notes(&app), before);
}

#[test]
fn triage_summary_lists_the_decisions() {
    let ui = plain(Lang::En);
    let mut app = app(30, (160, 48));
    press(&mut app, &ui, "t");
    let queue = app.triage.as_ref().unwrap().queue.clone();
    let mut urged = 0;
    for (i, card) in queue.iter().enumerate() {
        // A report awaiting review is the office's to review: nothing to urge.
        let urge = i % 2 == 0 && card.group != duban::domain::triage::TriageGroup::ReviewBacklog;
        press(&mut app, &ui, if urge { "u<Enter>" } else { "j" });
        urged += usize::from(urge);
    }
    let t = app.triage.as_ref().unwrap();
    assert!(t.is_done(), "{}", screen(&app, &ui));
    let text = screen(&app, &ui);
    assert!(text.contains("The queue is empty"), "{text}");
    assert_eq!(text.matches("— urged").count(), urged);
    insta::assert_snapshot!("triage_summary_en", text);
    press(&mut app, &ui, "<Esc>");
    assert!(app.triage.is_none());
}

#[test]
fn an_edit_from_a_stale_view_is_refused_and_the_view_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stale.db");
    let mut mine = App::new(office_with(Store::open(&path).unwrap(), 20), (160, 48)).unwrap();
    let ui = plain(Lang::En);
    let number = mine.selected_key().unwrap().number;
    press(&mut mine, &ui, "f");
    // Another clerk records feedback on the same item while my form is open.
    let mut theirs = office_with(Store::open(&path).unwrap(), 0);
    let fb = duban::app::input::feedback("theirs", "10", "").unwrap();
    theirs.write(|w| w.add_feedback(number, &fb, None)).unwrap();
    press(&mut mine, &ui, "mine<Enter>");
    let text = screen(&mine, &ui);
    assert!(text.contains("changed by someone else"), "{text}");
    let d = mine.office.store.item_detail(number).unwrap();
    assert_eq!(d.feedback[0].text, "theirs");
    assert!(d.feedback.iter().all(|f| f.text != "mine"));
}

#[test]
fn a_snoozed_item_leaves_the_queue_until_its_day_and_says_so() {
    let ui = plain(Lang::En);
    let mut app = app(60, (160, 48));
    press(&mut app, &ui, "t");
    // A card that may be snoozed three working days: not red, not due before then.
    let at = snoozable_card(&app, "2026-11-30");
    let first = app.triage.as_ref().unwrap().queue[at].number;
    let queued = app.triage.as_ref().unwrap().queue.len();
    press(&mut app, &ui, &"j".repeat(at));
    press(&mut app, &ui, "s<Tab>waiting for the budget meeting<Enter>");
    let d = app.office.store.item_detail(first).unwrap();
    let until = d.row.snoozed_until.unwrap();
    assert_eq!(until, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()); // +3 working days
    assert_eq!(
        d.row.snooze_reason.as_deref(),
        Some("waiting for the budget meeting")
    );
    // A new queue today leaves it out; the detail view shows why.
    press(&mut app, &ui, "<Esc>t");
    let again = app.triage.as_ref().unwrap();
    assert_eq!(again.queue.len(), queued - 1);
    assert!(again.queue.iter().all(|c| c.number != first));
    press(&mut app, &ui, "<Esc>");
    let n = app
        .view
        .iter()
        .position(|&i| app.ranked[i].key.number == first)
        .unwrap();
    app.selected = n;
    app.update(Action::Open).unwrap();
    let text = screen(&app, &ui);
    assert!(
        text.contains("Snoozed to  2026-11-30 · waiting for the budget meeting"),
        "{text}"
    );
}

/// The position in the triage queue of the first card whose item is not red and is not due
/// before `until`.
fn snoozable_card(app: &App, until: &str) -> usize {
    let until: NaiveDate = until.parse().unwrap();
    card_where(app, |deadline| deadline.is_none_or(|d| d >= until))
}

/// The position of the first card whose item is not red and whose deadline passes `test`.
fn card_where(app: &App, test: impl Fn(Option<NaiveDate>) -> bool) -> usize {
    let queue = &app.triage.as_ref().unwrap().queue;
    queue
        .iter()
        .position(|c| {
            let row = app.office.store.item_detail(c.number).unwrap().row;
            let light = app.office.read_light(&row, today()).light;
            light != duban::domain::WarningLight::Red && test(row.deadline)
        })
        .expect("a card that is not red")
}

#[test]
fn a_red_item_is_never_snoozed_nor_any_item_past_its_deadline() {
    for (lang, red_words, late_words) in [
        (
            Lang::En,
            "red item cannot be snoozed",
            "after the item's deadline",
        ),
        (Lang::Zh, "红灯事项不能暂缓", "晚于办理时限"),
    ] {
        let ui = plain(lang);
        let mut app = app(60, (160, 48));
        press(&mut app, &ui, "t");
        let card = &app.triage.as_ref().unwrap().queue[0];
        let number = card.number;
        let row = app.office.store.item_detail(number).unwrap().row;
        assert_eq!(
            app.office.read_light(&row, today()).light,
            duban::domain::WarningLight::Red
        );
        press(&mut app, &ui, "s<Tab>waiting for the budget meeting<Enter>");
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "the form stays open"
        );
        let text = screen(&app, &ui);
        assert!(text.contains(red_words), "{text}");
        let row = app.office.store.item_detail(number).unwrap().row;
        assert_eq!(row.snoozed_until, None);
        press(&mut app, &ui, "<Esc>");

        // A card that is not red, snoozed past its deadline.
        let at = card_where(&app, |deadline| deadline.is_some());
        press(&mut app, &ui, &"j".repeat(at));
        let number = app.triage.as_ref().unwrap().queue[at].number;
        let deadline = app
            .office
            .store
            .item_detail(number)
            .unwrap()
            .row
            .deadline
            .unwrap();
        let after = (deadline + chrono::Days::new(1)).to_string();
        let keys = format!("s{}{after}<Tab>waiting<Enter>", "<Backspace>".repeat(4));
        press(&mut app, &ui, &keys);
        let text = screen(&app, &ui);
        assert!(text.contains(late_words), "{text}");
        let row = app.office.store.item_detail(number).unwrap().row;
        assert_eq!(row.snoozed_until, None);
    }
}

#[test]
fn a_deadline_on_a_non_working_day_moves_on_and_the_form_says_so() {
    for (lang, words) in [
        (Lang::En, "moved to the next working day, 2026-11-30"),
        (Lang::Zh, "顺延至 2026-11-30"),
    ] {
        let ui = plain(lang);
        let mut app = app(10, (160, 48));
        press(
            &mut app,
            &ui,
            "a周六到期<Tab>市审计局<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>2026-11-28<Enter>",
        );
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        let selected = app.detail.as_ref().unwrap();
        assert_eq!(selected.row.deadline, NaiveDate::from_ymd_opt(2026, 11, 30));
        let text = screen(&app, &ui);
        assert!(text.contains(words), "{text}");
    }
}

#[test]
fn a_form_refuses_a_date_outside_the_office_years() {
    for (lang, words) in [(Lang::En, "2000–2099"), (Lang::Zh, "超出 2000–2099 年")] {
        let ui = plain(lang);
        let mut app = app(10, (160, 48));
        let before = app.ranked.len();
        press(
            &mut app,
            &ui,
            "a远期<Tab>市审计局<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>2100-01-04<Enter>",
        );
        assert!(matches!(app.overlay, Overlay::Form(_)));
        let text = screen(&app, &ui);
        assert!(text.contains(words), "{text}");
        press(&mut app, &ui, "<Esc>");
        assert_eq!(app.ranked.len(), before);
    }
}

#[test]
fn an_urging_without_its_correction_is_refused_and_an_empty_target_is_the_lead() {
    for (lang, words) in [
        (Lang::En, "Correction must name the correction required"),
        (Lang::Zh, "整改要求不能为空"),
    ] {
        let ui = plain(lang);
        let mut app = app(60, (160, 48));
        app.doc_lang = lang;
        press(&mut app, &ui, "t");
        let number = app.triage.as_ref().unwrap().queue[0].number;
        let notes = app.office.store.item_detail(number).unwrap().notes.len();
        let clear = "<Backspace>".repeat(200);
        press(&mut app, &ui, &format!("u<Tab><Tab><Tab>{clear}<Enter>"));
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "{}",
            screen(&app, &ui)
        );
        let text = screen(&app, &ui);
        assert!(text.contains(words), "{text}");
        assert_eq!(
            app.office.store.item_detail(number).unwrap().notes.len(),
            notes
        );
        press(&mut app, &ui, "<Esc>");
        // The target cleared: the note names the lead department.
        press(&mut app, &ui, &format!("u<Tab>{clear}<Enter>"));
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        let d = app.office.store.item_detail(number).unwrap();
        assert_eq!(d.notes.len(), notes + 1);
        assert!(d.notes.iter().any(|n| n.target == d.row.lead_department));
    }
}

#[test]
fn a_commendation_is_recorded_from_its_form_and_shown_off_the_ladder() {
    use duban::app::form::FieldId;
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        // Tall enough that the accountability pane holds the first item's notes (it has been
        // urged four times) and the commendation.
        let mut app = app(30, (160, 60));
        let before = app.detail.clone().unwrap();
        let suggested = before.suggestion(app.office.rules.ladder_repeats).level;
        press(&mut app, &ui, "+");
        let Overlay::Form(form) = &app.overlay else {
            panic!("no form")
        };
        // Prefilled: the lead department, the office's points; the reason is the clerk's.
        assert_eq!(form.value(FieldId::Target), before.row.lead_department);
        assert_eq!(form.value(FieldId::Points), "1");
        assert_eq!(form.value(FieldId::Reason), "");
        let text = screen(&app, &ui);
        let title = match lang {
            Lang::Zh => "通报表扬",
            Lang::En => "Commendation",
        };
        assert!(text.contains(title), "{text}");
        // No reason: refused beside the field, nothing recorded.
        press(&mut app, &ui, "<Enter>");
        assert!(matches!(app.overlay, Overlay::Form(_)));
        let refusal = match lang {
            Lang::Zh => "事由不能为空",
            Lang::En => "Reason must not be empty",
        };
        assert!(screen(&app, &ui).contains(refusal));
        press(&mut app, &ui, "提前完成<Tab><Tab><Backspace>2<Enter>");
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        let d = app.detail.as_ref().unwrap();
        assert_eq!(d.row.number, before.row.number);
        assert_eq!(d.commendations.len(), 1);
        let c = &d.commendations[0];
        assert_eq!(
            (c.reason.as_str(), c.target.as_str(), c.points),
            ("提前完成", before.row.lead_department.as_str(), 2.0)
        );
        // Off the ladder: the notes, the highest level and the suggestion stay.
        assert_eq!(d.notes, before.notes);
        assert_eq!(d.row.top_level, before.row.top_level);
        assert_eq!(
            d.suggestion(app.office.rules.ladder_repeats).level,
            suggested
        );
        assert_eq!(app.focus, Pane::Items);
        let text = screen(&app, &ui);
        let shown = match lang {
            Lang::Zh => format!(
                "2026-11-25 通报表扬 → {}: 提前完成 (+2分)",
                d.row.lead_department
            ),
            Lang::En => format!(
                "2026-11-25 Commendation → {}: 提前完成 (+2 pt)",
                d.row.lead_department
            ),
        };
        assert!(text.contains(&shown), "{text}");
        // The detail view lists it too.
        press(&mut app, &ui, "<Enter>");
        let text = screen(&app, &ui);
        let section = match lang {
            Lang::Zh => "通报表扬 (1)",
            Lang::En => "Commendations (1)",
        };
        assert!(text.contains(section) && text.contains(&shown), "{text}");
        // One undo step takes it back.
        press(&mut app, &ui, "<Esc>z");
        assert!(app.detail.as_ref().unwrap().commendations.is_empty());
    }
}

/// Three items registered on 2026-11-02, assigned and started: 3 working days late, due today,
/// and due in 10 working days (green). Returns the office with the clock at `today()`.
fn three_deadlines(path: &std::path::Path) -> Office {
    let earlier = Clock::Frozen(
        NaiveDate::from_ymd_opt(2026, 11, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    );
    let mut office = Office::new(Store::open(path).unwrap(), earlier, "督查员".into());
    for (title, due) in [
        ("逾期三日事项", "2026-11-20"),
        ("今日到期事项", "2026-11-25"),
        ("尚余十日事项", "2026-12-09"),
    ] {
        let new = duban::app::input::ItemInput {
            title: title.into(),
            lead: "市住建局".into(),
            due: due.into(),
            ..Default::default()
        }
        .check(office.today(), &office.calendar, &office.rules)
        .unwrap();
        let number = office.write(|w| w.add_item(&new)).unwrap();
        for mv in [duban::domain::Move::Assign, duban::domain::Move::Start] {
            office
                .write(|w| w.apply_move(number, mv, None, None))
                .unwrap();
        }
    }
    office_with(Store::open(path).unwrap(), 0)
}

fn urged_reasons(app: &App) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for seq in 1..=3 {
        let n = duban::domain::item::ItemNumber { year: 2026, seq };
        let d = app.office.store.item_detail(n).unwrap();
        for note in &d.notes {
            out.push((
                d.row.title.clone(),
                note.reason.clone(),
                note.requirement.clone(),
            ));
        }
    }
    out
}

#[test]
fn an_urging_records_what_is_true_of_each_item_in_the_document_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(three_deadlines(&dir.path().join("u.db")), (160, 48)).unwrap();
    // The clerk works in English; the office's papers are in Chinese.
    let ui = plain(Lang::En);
    // The list runs red, yellow, green: mark the first two and urge them at once.
    press(&mut app, &ui, " <Down> u");
    let text = screen(&app, &ui);
    assert!(text.contains("超过办理时限3个工作日未办结"), "{text}");
    assert!(text.contains("办理时限为今日，尚未办结"), "{text}");
    press(&mut app, &ui, "<Enter>");
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    assert_eq!(
        urged_reasons(&app),
        vec![
            (
                "逾期三日事项".to_string(),
                "超过办理时限3个工作日未办结".to_string(),
                "三个工作日内报送整改措施和完成时限".to_string()
            ),
            (
                "今日到期事项".to_string(),
                "办理时限为今日，尚未办结".to_string(),
                "按办理时限办结并报送办结报告".to_string()
            ),
        ]
    );
    // The green item has no ground: nothing is claimed of it, the clerk states the reason.
    press(&mut app, &ui, "<Down>u");
    let Overlay::Form(form) = &app.overlay else {
        panic!("{}", screen(&app, &ui));
    };
    assert_eq!(form.value(duban::app::form::FieldId::Reason), "");
    press(&mut app, &ui, "<Esc>");
}

#[test]
fn an_office_writing_in_english_gets_english_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(three_deadlines(&dir.path().join("u.db")), (160, 48)).unwrap();
    app.doc_lang = Lang::En;
    // A Chinese interface does not change the office's document language either.
    let ui = plain(Lang::Zh);
    press(&mut app, &ui, "u<Enter>");
    let reasons = urged_reasons(&app);
    assert_eq!(
        reasons,
        vec![(
            "逾期三日事项".to_string(),
            "3 working days past the deadline and not completed".to_string(),
            "report corrective measures and a completion date within 3 working days".to_string()
        )]
    );
}

#[test]
fn an_item_not_signed_for_in_two_working_days_comes_to_triage() {
    use duban::domain::triage::TriageGroup;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let at = |day: u32| {
        Clock::Frozen(
            NaiveDate::from_ymd_opt(2026, 11, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        )
    };
    let mut office = Office::new(Store::open(&path).unwrap(), at(16), "督查员".into());
    let new = duban::app::input::ItemInput {
        title: "背街小巷整治".into(),
        lead: "市住建局".into(),
        due: "2027-03-31".into(),
        ..Default::default()
    }
    .check(office.today(), &office.calendar, &office.rules)
    .unwrap();
    let number = office.write(|w| w.add_item(&new)).unwrap();
    let mut office = Office::new(Store::open(&path).unwrap(), at(20), "督查员".into());
    office
        .write(|w| w.apply_move(number, duban::domain::Move::Assign, None, None))
        .unwrap();
    let queue = |day: u32| {
        let office = Office::new(Store::open(&path).unwrap(), at(day), "督查员".into());
        let mut app = App::new(office, (160, 48)).unwrap();
        app.update(Action::StartTriage).unwrap();
        app.triage
            .as_ref()
            .map(|t| t.queue.iter().find(|c| c.number == number).map(|c| c.group))
            .unwrap_or_default()
    };
    // Assigned Friday 11-20: by Tuesday two working days, still within the window.
    assert_eq!(queue(24), None);
    // Wednesday: three working days without an acknowledgement (未签收).
    assert_eq!(queue(25), Some(TriageGroup::Unacknowledged));
    let mut office = Office::new(Store::open(&path).unwrap(), at(25), "督查员".into());
    office
        .write(|w| {
            w.apply_move_by(
                number,
                duban::domain::Move::Acknowledge,
                None,
                Some("王五"),
                None,
            )
        })
        .unwrap();
    assert_eq!(queue(26), None);
}

#[test]
fn a_calendar_change_that_puts_an_open_deadline_on_a_day_off_is_said_as_the_interface_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut office = office_with(Store::open(&path).unwrap(), 0);
    let new = duban::app::input::ItemInput {
        title: "河道清淤".into(),
        lead: "市水利局".into(),
        due: "2026-12-10".into(),
        ..Default::default()
    }
    .check(office.today(), &office.calendar, &office.rules)
    .unwrap();
    let number = office.write(|w| w.add_item(&new)).unwrap();
    // Nothing to say under the calendar the deadline was set by.
    let app = App::new(office_with(Store::open(&path).unwrap(), 0), (160, 48)).unwrap();
    assert_eq!(app.notice, None);
    // The office enters 2026 again with 12-10 as a day off.
    let mut office = office_with(Store::open(&path).unwrap(), 0);
    let mut notice = duban::domain::YearNotice::default();
    notice.off.insert(
        NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        "地方节日".into(),
    );
    let notices = std::collections::BTreeMap::from([(2026, notice)]);
    office.calendar = std::sync::Arc::new(office.calendar.with_notices(&notices));
    let app = App::new(office, (160, 48)).unwrap();
    let text = screen(&app, &plain(Lang::Zh));
    assert!(
        text.contains(&format!("{number}（2026-12-10）")) && text.contains("时限未作改动"),
        "{text}"
    );
    // The deadline is kept.
    assert_eq!(
        app.office.store.item_detail(number).unwrap().row.deadline,
        NaiveDate::from_ymd_opt(2026, 12, 10)
    );
}

/// Of many deadlines a calendar change puts on days off, the notice names the first three in
/// the list's order (the most urgent first), and counts them all.
#[test]
fn the_deadlines_on_days_off_are_named_in_the_lists_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    drop(office_with(Store::open(&path).unwrap(), 300));
    let app = App::new(office_with(Store::open(&path).unwrap(), 0), (160, 48)).unwrap();
    // Every working day from today to the year's end becomes a day off.
    let mut notice = duban::domain::YearNotice::default();
    let mut day = today();
    while day.year() == 2026 {
        if app.office.calendar.is_working_day(day) {
            notice.off.insert(day, "地方节日".into());
        }
        day = day.succ_opt().unwrap();
    }
    let off = |d: Option<NaiveDate>| d.is_some_and(|d| notice.off.contains_key(&d));
    let expected: Vec<_> = app
        .view
        .iter()
        .map(|&i| &app.ranked[i].key)
        .filter(|k| off(k.deadline))
        .map(|k| (k.number, k.deadline.unwrap()))
        .collect();
    assert!(expected.len() > 3, "{expected:?}");
    let mut office = office_with(Store::open(&path).unwrap(), 0);
    let notices = std::collections::BTreeMap::from([(2026, notice)]);
    office.calendar = std::sync::Arc::new(office.calendar.with_notices(&notices));
    let app = App::new(office, (160, 48)).unwrap();
    assert_eq!(
        app.notice,
        Some(Notice::DeadlinesOnDaysOff(
            expected[..3].to_vec(),
            expected.len()
        ))
    );
}

#[test]
fn a_completion_report_form_keeps_its_file_with_the_item_in_one_action() {
    let ui = plain(Lang::Zh);
    let mut app = app(30, (160, 48));
    for _ in 0..30 {
        if app.detail.as_ref().map(|d| d.row.status) == Some(duban::domain::Status::InProgress) {
            break;
        }
        press(&mut app, &ui, "j");
    }
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.row.status, duban::domain::Status::InProgress);
    let number = d.row.number;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("办结报告.docx"), b"report bytes").unwrap();
    press(&mut app, &ui, "d已全部完成<Tab><Tab><Tab>");
    press(&mut app, &ui, &format!("{}/办", dir.path().display()));
    assert!(screen(&app, &ui).contains("可补全为： 办结报告.docx"));
    press(&mut app, &ui, "<Tab>");
    assert!(screen(&app, &ui).contains("附上此文件（12 B）"));
    press(&mut app, &ui, "<Enter>");
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    let d = app.office.store.item_detail(number).unwrap();
    assert_eq!(d.row.status, duban::domain::Status::AwaitingReview);
    assert_eq!(d.attachments.len(), 1);
    assert_eq!(d.attachments[0].name, "办结报告.docx");
    assert_eq!(
        d.attachments[0].kind,
        duban::domain::attachment::AttachmentKind::CompletionReport
    );
    // One action: undo takes the report and its file back together.
    press(&mut app, &ui, "z");
    let d = app.office.store.item_detail(number).unwrap();
    assert_eq!(d.row.status, duban::domain::Status::InProgress);
    assert!(d.attachments.is_empty());
}

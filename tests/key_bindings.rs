//! The office's own keys: a `[keys.MODE]` table read from the configuration changes what a key
//! does (through `App::update`) and what the help and the hint bars show; the examples shipped
//! in README.md and in the file `config init` writes parse and take effect.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use duban::app::state::Overlay;
use duban::app::triage::Decision;
use duban::app::{Action, App, Office};
use duban::clock::Clock;
use duban::store::Store;
use duban::ui::keymap::{self, Bar, Context, help_lines, hint_bar};
use duban::ui::keyspec::{self, MODES};
use duban::ui::{Lang, Ui};

fn app() -> App {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let clock = Clock::Frozen(today.and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, 40, 7).unwrap();
    App::new(office, (120, 40)).unwrap()
}

fn configured(text: &str, lang: Lang) -> Ui {
    let settings = duban::config::parse(text, Path::new("c.toml"))
        .unwrap_or_else(|e| panic!("{}", e.render(Lang::En)));
    plain(lang).with_keys(&settings.keys)
}

#[test]
fn an_overridden_key_does_its_new_action_and_the_help_shows_it() {
    // By default `?` opens the help and `h` does nothing.
    let ui = plain(Lang::En);
    let mut a = app();
    press(&mut a, &ui, "h");
    assert_eq!(a.overlay, Overlay::None);
    press(&mut a, &ui, "?");
    assert_eq!(a.overlay, Overlay::Help);

    let ui = configured("[keys.list]\n\"h\" = \"help\"\n", Lang::En);
    let mut a = app();
    press(&mut a, &ui, "?");
    assert_eq!(a.overlay, Overlay::None, "? is no longer the help's key");
    press(&mut a, &ui, "h");
    assert_eq!(a.overlay, Overlay::Help);
    let help = help_lines(&ui.keys, Context::Main, Lang::En);
    assert!(help.contains(&("h", "this help")), "{help:?}");
    assert!(!help.iter().any(|(k, _)| *k == "?"), "{help:?}");
    let shown = screen(&a, &ui);
    let keys_of_help: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.split_once("this help"))
        .filter_map(|(before, _)| before.trim_end().rsplit([' ', '│']).next())
        .collect();
    assert_eq!(keys_of_help, vec!["h"], "{shown}");
    // The status bar points to the help by its key in force.
    assert!(
        shown.contains("h help") && !shown.contains("? help"),
        "{shown}"
    );
    // The help's key in force closes it again.
    press(&mut a, &ui, "h");
    assert_eq!(a.overlay, Overlay::None);
    // The triage keeps its `?`.
    assert!(help_lines(&ui.keys, Context::Triage, Lang::En).contains(&("?", "this help")));
}

#[test]
fn a_control_key_override_reaches_app_update() {
    let ui = configured(
        "[keys.list]\n\"ctrl-d\" = \"quit\"\n\"pagedown\" = \"page_down\"\n",
        Lang::En,
    );
    let mut a = app();
    press(&mut a, &ui, "q");
    assert!(!a.should_quit, "q no longer quits");
    let ctrl_d = Event::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert_eq!(ui.action(&a, &ctrl_d), Some(Action::Quit));
    ui.dispatch(&mut a, &ctrl_d).unwrap();
    assert!(a.should_quit);
    let help = help_lines(&ui.keys, Context::Main, Lang::En);
    assert!(help.contains(&("ctrl-d", "quit (list only)")), "{help:?}");
    assert!(
        help.contains(&("PgDn/PgUp ctrl-u", "page down/up")),
        "{help:?}"
    );
}

#[test]
fn the_hint_bars_show_the_keys_in_force() {
    let ui = configured(
        "[keys.triage]\n\"ctrl-u\" = \"urge\"\n[keys.form]\n\"f2\" = \"submit\"\n",
        Lang::En,
    );
    let triage = hint_bar(&ui.keys, Bar::Triage, Lang::En, 200);
    assert!(triage.starts_with("ctrl-u urge · f feedback"), "{triage}");
    let form = hint_bar(&ui.keys, Bar::Form, Lang::En, 200);
    assert_eq!(form, "Tab next field · F2 save · Esc cancel");
    // The list's `u` and its detail bar are untouched.
    let detail = hint_bar(&ui.keys, Bar::Detail, Lang::En, 200);
    assert!(detail.contains("u urge"), "{detail}");
    // The defaults read as before.
    let plain_bar = hint_bar(&keymap::bindings(), Bar::Triage, Lang::Zh, 200);
    assert!(plain_bar.starts_with("u 催办 · f 反馈"), "{plain_bar}");
    assert!(
        plain_bar.contains("j/k 下一/上一 · 空格 标记 · z/Z 撤销/重做"),
        "{plain_bar}"
    );
}

/// The lines of the fenced block after `marker` in `text`.
fn block_after<'a>(text: &'a str, marker: &str, fence: &str) -> &'a str {
    let at = text.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &text[at..];
    let start = rest.find(fence).unwrap() + fence.len();
    let end = rest[start..].find("```").unwrap();
    &rest[start..start + end]
}

#[test]
fn the_readme_example_parses_and_takes_effect() {
    let readme = include_str!("../README.md");
    let example = block_after(readme, "### Key bindings", "```toml\n");
    let ui = configured(example, Lang::En);
    let mut a = app();
    let ctrl_d = Event::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert_eq!(ui.action(&a, &ctrl_d), Some(Action::Quit));
    press(&mut a, &ui, "t");
    let ctrl_n = Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(ui.action(&a, &ctrl_n), Some(Action::Down));
}

#[test]
fn the_init_files_example_parses_once_uncommented() {
    for lang in [Lang::En, Lang::Zh] {
        let file = duban::config::default_file(lang);
        // As shipped, the example is a comment: the file is the defaults.
        let settings = duban::config::parse(&file, Path::new("c.toml")).unwrap();
        assert!(settings.keys.is_empty());
        let at = file.find("# [keys.list]\n").unwrap();
        let example: String = file[at..]
            .lines()
            .take_while(|l| *l != "# ")
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let settings = duban::config::parse(&example, Path::new("c.toml"))
            .unwrap_or_else(|e| panic!("{example}: {}", e.render(Lang::En)));
        assert_eq!(settings.keys.len(), 2, "{example}");
        assert_eq!(settings.keys[0].action, Action::Quit);
        // Every action of every mode is listed with its default keys.
        for (mode, context) in MODES {
            assert!(file.contains(&format!("# [keys.{mode}]:\n")), "{mode}");
            for (name, _) in keyspec::actions_of(&keymap::bindings(), context) {
                assert!(file.contains(&format!("#   {name}: ")), "{mode} {name}");
            }
        }
    }
}

/// Every action a key can do, by its name in the file. A new variant of `Action` must get a
/// name in `keyspec::action_name` (the match there has no catch-all) and belongs here.
fn every_named_action() -> Vec<Action> {
    use duban::app::Pane;
    let mut all = vec![
        Action::Quit,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::StartFilter,
        Action::CycleLight,
        Action::CycleStatus,
        Action::CycleDept,
        Action::ClearFilters,
        Action::AddItem,
        Action::EditItem,
        Action::Commend,
        Action::Instruct,
        Action::Attach,
        Action::SaveAttachment,
        Action::DecideExtension(true),
        Action::DecideExtension(false),
        Action::MoveMenu,
        Action::Help,
        Action::StartTriage,
        Action::Complete,
        Action::ToggleMark,
        Action::MarkAll,
        Action::Undo,
        Action::Redo,
        Action::OpenReport,
        Action::PeriodStep(false),
        Action::PeriodStep(true),
        Action::CyclePeriodKind,
        Action::CycleGrouping,
        Action::ExportReport,
        Action::Backspace,
        Action::ClearField,
        Action::Delete,
        Action::Left,
        Action::Right,
        Action::Home,
        Action::End,
        Action::NextField,
        Action::PrevField,
        Action::Submit,
        Action::Milestones,
        Action::AddMilestone,
        Action::MilestoneDone,
    ];
    all.extend(Pane::ALL.map(Action::Focus));
    all.extend((0..9).map(Action::ChooseNth));
    all.extend(
        [
            Decision::Urge,
            Decision::Note,
            Decision::Feedback,
            Decision::Extension,
            Decision::Snooze,
        ]
        .map(Action::Decide),
    );
    all
}

#[test]
fn every_action_has_a_name_and_a_default_key() {
    let table = keymap::bindings();
    let mut names = Vec::new();
    for action in every_named_action() {
        let name = keyspec::action_name(&action).unwrap_or_else(|| panic!("{action:?}"));
        assert!(!names.contains(&name), "{name} twice");
        names.push(name.clone());
        assert!(
            table.iter().any(|b| b.action == action),
            "{name} has no default key"
        );
    }
    // And the table binds nothing outside the list.
    for b in &table {
        assert!(every_named_action().contains(&b.action), "{:?}", b.action);
    }
}

#[test]
fn no_two_actions_share_a_key_in_one_mode_by_default() {
    let table = keymap::bindings();
    for (mode, context) in MODES {
        let mine: Vec<_> = table.iter().filter(|b| b.context == context).collect();
        for (i, a) in mine.iter().enumerate() {
            for b in &mine[i + 1..] {
                assert!(
                    (a.code, a.mods) != (b.code, b.mods),
                    "[keys.{mode}]: {:?} is {:?} and {:?}",
                    a.code,
                    a.action,
                    b.action
                );
            }
        }
    }
    // Nor after the README's overrides.
    let readme = include_str!("../README.md");
    let example = block_after(readme, "### Key bindings", "```toml\n");
    let settings = duban::config::parse(example, Path::new("c.toml")).unwrap();
    let (table, conflicts) = keymap::apply(keymap::bindings(), &settings.keys);
    assert!(conflicts.is_empty());
    for (i, a) in table.iter().enumerate() {
        for b in &table[i + 1..] {
            assert!(
                !(a.context == b.context && (a.code, a.mods) == (b.code, b.mods)),
                "{:?} twice in {:?}",
                a.code,
                a.context
            );
        }
    }
}

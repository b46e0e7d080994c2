//! Keys, actions and modes by name, as the configuration file writes them:
//! `[keys.list]` then `"ctrl-d" = "quit"`. The names are the `Action` variants in snake case
//! (kebab case is read too); an action that carries data has a name for each value the key
//! table uses (`urge` for `Decide(Urge)`, `focus_items` for `Focus(Items)`).

use crossterm::event::{KeyCode, KeyModifiers};

use super::keymap::Context;
use crate::app::triage::Decision;
use crate::app::{Action, Pane};

/// A key as the table holds it: its code, and Control or nothing (Shift is part of the
/// character, `G`).
pub type Key = (KeyCode, KeyModifiers);

/// One binding of the configuration file: in `context`, `key` does `action`. `line` is the
/// line of the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub context: Context,
    pub key: Key,
    pub action: Action,
    pub line: usize,
}

/// The modes whose keys the file may set, by the name of their table under `[keys]`.
pub const MODES: [(&str, Context); 4] = [
    ("list", Context::Main),
    ("triage", Context::Triage),
    ("form", Context::Form),
    ("report", Context::Report),
];

/// The name of a mode's table (`list` for the main screen), if its keys can be set.
pub fn mode_name(context: Context) -> Option<&'static str> {
    MODES.iter().find(|(_, c)| *c == context).map(|(n, _)| *n)
}

/// An action's name in the file; `None` for what no key does (time passing, a resize, typed
/// text, a paste, a numbered choice of the moves menu).
pub fn action_name(action: &Action) -> Option<&'static str> {
    Some(match action {
        Action::Tick
        | Action::Resize(..)
        | Action::ChooseMove(_)
        | Action::Input(_)
        | Action::Paste(_) => return None,
        Action::Quit => "quit",
        Action::FocusNext => "focus_next",
        Action::FocusPrev => "focus_prev",
        Action::Focus(Pane::Items) => "focus_items",
        Action::Focus(Pane::Deadlines) => "focus_deadlines",
        Action::Focus(Pane::Feedback) => "focus_feedback",
        Action::Focus(Pane::Accountability) => "focus_accountability",
        Action::Up => "up",
        Action::Down => "down",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::Open => "open",
        Action::Back => "back",
        Action::StartFilter => "start_filter",
        Action::CycleLight => "cycle_light",
        Action::CycleStatus => "cycle_status",
        Action::CycleDept => "cycle_dept",
        Action::ClearFilters => "clear_filters",
        Action::AddItem => "add_item",
        Action::EditItem => "edit_item",
        Action::Commend => "commend",
        Action::Instruct => "instruct",
        Action::DecideExtension(true) => "approve_extension",
        Action::DecideExtension(false) => "refuse_extension",
        Action::MoveMenu => "move_menu",
        Action::Help => "help",
        Action::StartTriage => "start_triage",
        Action::Decide(Decision::Urge) => "urge",
        Action::Decide(Decision::Note) => "note",
        Action::Decide(Decision::Feedback) => "feedback",
        Action::Decide(Decision::Extension) => "extension",
        Action::Decide(Decision::Snooze) => "snooze",
        Action::Complete => "complete",
        Action::ToggleMark => "toggle_mark",
        Action::MarkAll => "mark_all",
        Action::Undo => "undo",
        Action::Redo => "redo",
        Action::OpenReport => "open_report",
        Action::PeriodStep(false) => "previous_period",
        Action::PeriodStep(true) => "next_period",
        Action::CyclePeriodKind => "cycle_period_kind",
        Action::CycleGrouping => "cycle_grouping",
        Action::ExportReport => "export_report",
        Action::Backspace => "backspace",
        Action::ClearField => "clear_field",
        Action::Delete => "delete",
        Action::Left => "left",
        Action::Right => "right",
        Action::Home => "home",
        Action::End => "end",
        Action::NextField => "next_field",
        Action::PrevField => "prev_field",
        Action::Submit => "submit",
        Action::Milestones => "milestones",
        Action::AddMilestone => "add_milestone",
        Action::MilestoneDone => "milestone_done",
    })
}

/// The actions a mode's table may name: those its default keys do, each once, in table order.
pub fn actions_of(
    table: &[super::keymap::Binding],
    context: Context,
) -> Vec<(&'static str, Action)> {
    let mut out: Vec<(&'static str, Action)> = Vec::new();
    for b in table.iter().filter(|b| b.context == context) {
        if let Some(name) = action_name(&b.action)
            && !out.iter().any(|(n, _)| *n == name)
        {
            out.push((name, b.action.clone()));
        }
    }
    out
}

/// The action named `name` (snake or kebab case, any letter case) among `actions`.
pub fn find_action(actions: &[(&'static str, Action)], name: &str) -> Option<Action> {
    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
    actions
        .iter()
        .find(|(n, _)| *n == wanted)
        .map(|(_, a)| a.clone())
}

/// Named keys: the file's spelling (first is canonical), the code, and how the help shows it.
const NAMED: [(&[&str], KeyCode, &str); 16] = [
    (&["esc", "escape"], KeyCode::Esc, "Esc"),
    (&["enter", "return"], KeyCode::Enter, "Enter"),
    (&["tab"], KeyCode::Tab, "Tab"),
    (&["shift-tab", "backtab"], KeyCode::BackTab, "S-Tab"),
    (&["backspace"], KeyCode::Backspace, "Backspace"),
    (&["delete", "del"], KeyCode::Delete, "Del"),
    (&["insert", "ins"], KeyCode::Insert, "Ins"),
    (&["up"], KeyCode::Up, "↑"),
    (&["down"], KeyCode::Down, "↓"),
    (&["left"], KeyCode::Left, "←"),
    (&["right"], KeyCode::Right, "→"),
    (&["home"], KeyCode::Home, "Home"),
    (&["end"], KeyCode::End, "End"),
    (&["pageup", "pgup"], KeyCode::PageUp, "PgUp"),
    (&["pagedown", "pgdn"], KeyCode::PageDown, "PgDn"),
    (&["space"], KeyCode::Char(' '), "Space"),
];

/// What a key is written like, for a message that refuses one.
pub const KEY_FORMS: &str = "a character (q, G, ?), ctrl- and a character (ctrl-d), or esc, enter, tab, shift-tab, backspace, delete, insert, up, down, left, right, home, end, pageup, pagedown, space, f1 to f12";
pub const KEY_FORMS_ZH: &str = "一个字符（q、G、?）、ctrl- 加一个字符（ctrl-d），或 esc、enter、tab、shift-tab、backspace、delete、insert、up、down、left、right、home、end、pageup、pagedown、space、f1 至 f12";

/// Reads a key as the file writes it: `q`, `G`, `ctrl-d`, `esc`, `shift-tab`, `pagedown`,
/// `space`, `f5`. Named keys and `ctrl-` in any letter case; a lone character as it is.
pub fn parse_key(text: &str) -> Option<Key> {
    let lower = text.to_ascii_lowercase();
    let (ctrl, rest) = match lower.strip_prefix("ctrl-") {
        Some(r) if !r.is_empty() => (true, &text[5..]),
        _ => (false, text),
    };
    let rest_lower = rest.to_ascii_lowercase();
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        (Some(c), None) => KeyCode::Char(c),
        _ => match NAMED
            .iter()
            .find(|(names, _, _)| names.contains(&rest_lower.as_str()))
        {
            Some((_, code, _)) => *code,
            None => {
                let n: u8 = rest_lower.strip_prefix('f')?.parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
        },
    };
    let mods = if ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    Some((code, mods))
}

/// A key as the file writes it (what [`parse_key`] reads back).
pub fn key_name(key: Key) -> String {
    let base = match key.0 {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("f{n}"),
        code => NAMED.iter().find(|(_, c, _)| *c == code).map_or_else(
            || format!("{code:?}").to_lowercase(),
            |(n, _, _)| n[0].to_string(),
        ),
    };
    with_ctrl(key, base)
}

/// A key as the help and the hint bars show it: `q`, `Esc`, `↓`, `PgDn`, `Space`, `ctrl-d`.
pub fn key_label(key: Key) -> String {
    let base = match key.0 {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        code => NAMED
            .iter()
            .find(|(_, c, _)| *c == code)
            .map_or_else(|| format!("{code:?}"), |(_, _, label)| (*label).to_string()),
    };
    with_ctrl(key, base)
}

fn with_ctrl(key: Key, base: String) -> String {
    if key.1.contains(KeyModifiers::CONTROL) {
        format!("ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for text in [
            "q",
            "G",
            "?",
            "+",
            "ctrl-d",
            "esc",
            "enter",
            "tab",
            "shift-tab",
            "backspace",
            "delete",
            "insert",
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pageup",
            "pagedown",
            "space",
            "f1",
            "f12",
            "ctrl-space",
            "-",
        ] {
            let key = parse_key(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(key_name(key), text);
        }
        assert_eq!(parse_key("Ctrl-D"), parse_key("ctrl-d"));
        assert_eq!(parse_key("ESC"), Some((KeyCode::Esc, KeyModifiers::NONE)));
        assert_eq!(
            parse_key("G"),
            Some((KeyCode::Char('G'), KeyModifiers::NONE))
        );
        assert_eq!(parse_key("PgDn"), parse_key("pagedown"));
        for bad in ["", "ctrl-", "qq", "f13", "f0", "hyper-x", "alt-x"] {
            assert_eq!(parse_key(bad), None, "{bad}");
        }
        assert_eq!(
            key_label(parse_key("ctrl-d").unwrap_or((KeyCode::Null, KeyModifiers::NONE))),
            "ctrl-d"
        );
        assert_eq!(key_label((KeyCode::PageDown, KeyModifiers::NONE)), "PgDn");
    }

    #[test]
    fn every_action_of_the_table_has_a_name_and_is_found_by_it() {
        let table = super::super::keymap::bindings();
        for (mode, context) in MODES {
            let actions = actions_of(&table, context);
            assert!(!actions.is_empty(), "{mode}");
            for (name, action) in &actions {
                assert_eq!(find_action(&actions, name).as_ref(), Some(action));
                assert_eq!(
                    find_action(&actions, &name.replace('_', "-").to_uppercase()).as_ref(),
                    Some(action)
                );
            }
        }
        for b in &table {
            assert!(action_name(&b.action).is_some(), "{:?}", b.action);
        }
    }
}

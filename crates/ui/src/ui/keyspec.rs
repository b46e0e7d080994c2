//! Keys, actions and modes by name, as the configuration file writes them:
//! `[keys.list]` then `"ctrl-d" = "quit"`. The names are the `Action` variants in snake case
//! (kebab case is read too); an action that carries data has a name for each value the key
//! table uses (`urge` for `Decide(Urge)`, `focus_items` for `Focus(Items)`).

use crossterm::event::{KeyCode, KeyModifiers};

use super::keymap::Context;
use crate::app::Action;

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
/// text, a paste). The name is derived from the `Action`
/// variant itself, in snake case (`PageDown` → `page_down`, `Focus(Items)` → `focus_items`), so
/// that a new action is named without a second list to keep; only the actions whose data reads
/// better as a word are named apart (`urge` for `Decide(Urge)`, `approve_extension`,
/// `previous_period`).
pub fn action_name(action: &Action) -> Option<String> {
    Some(match action {
        Action::Tick
        | Action::Resize(..)
        | Action::Input(_)
        | Action::Paste(_)
        | Action::Interrupt => return None,
        Action::Decide(d) => snake(&format!("{d:?}")),
        Action::DecideExtension(true) => "approve_extension".into(),
        Action::DecideExtension(false) => "refuse_extension".into(),
        Action::PeriodStep(false) => "previous_period".into(),
        Action::PeriodStep(true) => "next_period".into(),
        other => snake(&format!("{other:?}")),
    })
}

/// A variant as Rust's `Debug` writes it, in snake case: `PageDown` → `page_down`,
/// `Focus(Items)` → `focus_items`.
fn snake(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len() + 4);
    for c in debug.chars() {
        match c {
            '(' | ',' | ' ' => {
                if !out.ends_with('_') {
                    out.push('_');
                }
            }
            ')' => {}
            c if c.is_ascii_uppercase() => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// The actions a mode's table may name: those its default keys do, each once, in table order.
pub fn actions_of(table: &[super::keymap::Binding], context: Context) -> Vec<(String, Action)> {
    let mut out: Vec<(String, Action)> = Vec::new();
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
pub fn find_action(actions: &[(String, Action)], name: &str) -> Option<Action> {
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
    use crate::app::Pane;
    use crate::app::triage::Decision;

    /// The names the configuration file has always used, derived from the variants.
    #[test]
    fn names_are_the_variants_in_snake_case() {
        for (action, name) in [
            (Action::Quit, "quit"),
            (Action::PageDown, "page_down"),
            (Action::CyclePeriodKind, "cycle_period_kind"),
            (Action::Focus(Pane::Accountability), "focus_accountability"),
            (Action::Decide(Decision::Urge), "urge"),
            (Action::Decide(Decision::Snooze), "snooze"),
            (Action::DecideExtension(true), "approve_extension"),
            (Action::PeriodStep(false), "previous_period"),
            (Action::MilestoneDone, "milestone_done"),
            (Action::Instruct, "instruct"),
        ] {
            assert_eq!(action_name(&action).as_deref(), Some(name), "{action:?}");
        }
        assert_eq!(action_name(&Action::Tick), None);
        assert_eq!(action_name(&Action::Input('x')), None);
    }

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

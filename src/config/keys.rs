//! `[keys.list]`, `[keys.triage]`, `[keys.form]`, `[keys.report]`: the office's own keys.
//!
//! ```toml
//! [keys.list]
//! "ctrl-d" = "quit"          # quit is ctrl-d instead of q
//! "pagedown" = "page_down"   # page_down keeps PgDn only, so ctrl-d is free for quit
//! ```
//!
//! A key is written as `q`, `G`, `ctrl-d`, `esc`, `shift-tab`, `pagedown`, `space`, `f5`; an
//! action by its name (`ui::keyspec::action_name`). The keys a table gives an action replace
//! that action's default keys in that mode; a key that another action keeps is a conflict.

use super::{Walk, line_of, suggestion};
use crate::ui::keymap::{self, Binding, Conflict};
use crate::ui::keyspec::{self, MODES, Override};

/// Reads `[keys]`: its tables, each key and action checked, then the conflicts of the table
/// in force. Every problem is named with its line.
pub(super) fn read(walk: &mut Walk<'_>, table: &toml::de::DeTable<'_>) -> Vec<Override> {
    let defaults = keymap::bindings();
    let mut overrides: Vec<Override> = Vec::new();
    let modes: Vec<&str> = MODES.iter().map(|(n, _)| *n).collect();
    for (key, value) in table {
        let mode: &str = key.get_ref();
        let found = MODES.iter().find(|(n, _)| *n == mode);
        let (Some((_, context)), Some(entries)) = (found, value.get_ref().as_table()) else {
            let (en, zh) = if value.get_ref().as_table().is_some() {
                let (en, zh) = suggestion(mode, modes.clone());
                (
                    format!("unknown table [keys.{mode}]{en}"),
                    format!("未知的表 [keys.{mode}]{zh}"),
                )
            } else {
                (
                    format!(
                        "\"{mode}\" directly under [keys]: key bindings go in a mode's table, [keys.list], [keys.triage], [keys.form] or [keys.report], e.g. [keys.list] then \"ctrl-d\" = \"quit\""
                    ),
                    format!(
                        "“{mode}”直接写在 [keys] 下：按键设置须写在模式的表中，即 [keys.list]、[keys.triage]、[keys.form] 或 [keys.report]，如 [keys.list] 下写 \"ctrl-d\" = \"quit\""
                    ),
                )
            };
            walk.at(key.span().start, en, zh);
            continue;
        };
        let actions = keyspec::actions_of(&defaults, *context);
        for (k, v) in entries {
            let text: &str = k.get_ref();
            let at = k.span().start;
            let Some(parsed) = read_key(walk, mode, text, at, *context) else {
                continue;
            };
            let name = match walk.value(v.span()) {
                Some(toml::Value::String(s)) => s,
                _ => {
                    walk.at(
                        v.span().start,
                        format!(
                            "keys.{mode} \"{text}\" takes an action's name in quotes, e.g. \"quit\""
                        ),
                        format!("keys.{mode} \"{text}\" 须为带引号的操作名，如 \"quit\""),
                    );
                    continue;
                }
            };
            match keyspec::find_action(&actions, &name) {
                Some(action) => overrides.push(Override {
                    context: *context,
                    key: parsed,
                    action,
                    line: line_of(walk.text, at),
                }),
                None => {
                    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
                    let (en, zh) =
                        suggestion(&wanted, actions.iter().map(|(n, _)| n.as_str()).collect());
                    walk.at(
                        v.span().start,
                        format!("unknown action '{name}' in [keys.{mode}]{en}"),
                        format!("[keys.{mode}] 中没有“{name}”这个操作{zh}"),
                    );
                }
            }
        }
    }
    // In the file's order (the TOML tables come back sorted by key).
    overrides.sort_by_key(|o| o.line);
    let (_, conflicts) = keymap::apply(defaults, &overrides);
    for c in conflicts {
        conflict(walk, &c);
    }
    overrides
}

/// A key of `[keys.MODE]`, or a problem at `at`.
fn read_key(
    walk: &mut Walk<'_>,
    mode: &str,
    text: &str,
    at: usize,
    context: keymap::Context,
) -> Option<keyspec::Key> {
    let lower = text.to_ascii_lowercase();
    let Some(key) = keyspec::parse_key(text) else {
        let (en, zh) = if lower.starts_with("alt-") || lower.starts_with("meta-") {
            (
                "Alt is read as Esc then the key, so it cannot be bound; use ctrl- or another key"
                    .to_string(),
                "Alt 组合键按“Esc 再按该键”处理，不能设置；请用 ctrl- 或其他键".to_string(),
            )
        } else {
            (
                format!("a key is written as {}", keyspec::KEY_FORMS),
                format!("按键的写法为{}", keyspec::KEY_FORMS_ZH),
            )
        };
        walk.at(
            at,
            format!("\"{text}\" in [keys.{mode}] is not a key; {en}"),
            format!("[keys.{mode}] 中的“{text}”不是按键；{zh}"),
        );
        return None;
    };
    if key == keyspec::parse_key("ctrl-c")? {
        walk.at(
            at,
            format!(
                "ctrl-c in [keys.{mode}] always quits duban and cannot be bound; choose another key"
            ),
            format!("[keys.{mode}] 中的 ctrl-c 始终用于退出 duban，不能设置；请换一个键"),
        );
        return None;
    }
    let typed = matches!(key.0, crossterm::event::KeyCode::Char(_)) && key.1.is_empty();
    if context == keymap::Context::Form && typed {
        walk.at(
            at,
            format!("\"{text}\" in [keys.form] is typed into the field in a form, so it cannot be bound there; use ctrl- and a character, or a named key such as f2"),
            format!("表单中的“{text}”会输入到栏目里，不能在 [keys.form] 中设置；请用 ctrl- 加字符，或 f2 等功能键"),
        );
        return None;
    }
    Some(key)
}

/// Two actions on one key: named at the line that takes the key, with the way out.
fn conflict(walk: &mut Walk<'_>, c: &Conflict) {
    let mode = keyspec::mode_name(c.at.context).unwrap_or("list");
    let key = keyspec::key_name(c.at.key);
    let this = keyspec::action_name(&c.at.action).unwrap_or_else(|| "?".into());
    let other = keyspec::action_name(&c.other).unwrap_or_else(|| "?".into());
    let (en, zh) = match c.other_line {
        Some(line) => (
            format!(
                "in [keys.{mode}], \"{key}\" is both {other} (line {line}) and {this}; give one of them another key"
            ),
            format!(
                "[keys.{mode}] 中“{key}”同时设为 {other}（第{line}行）和 {this}；请为其中一个换键"
            ),
        ),
        None => {
            let (ex_en, ex_zh) = match c.other_free.first() {
                Some(k) => {
                    let line = format!("\"{}\" = \"{other}\"", keyspec::key_name(*k));
                    (format!(", e.g. {line}"), format!("，如 {line}"))
                }
                None => (String::new(), String::new()),
            };
            (
                format!(
                    "in [keys.{mode}], \"{key}\" would be both {this} and {other} (its default key); give {other} keys of its own{ex_en}, or choose another key for {this}"
                ),
                format!(
                    "[keys.{mode}] 中“{key}”将同时是 {this} 和 {other}（其默认键）；请为 {other} 另设按键{ex_zh}，或为 {this} 换一个键"
                ),
            )
        }
    };
    walk.at_line(c.at.line, en, zh);
}

/// The file's keys as `config show` prints them, by mode.
pub fn show(overrides: &[Override]) -> String {
    let mut out = String::new();
    for (mode, context) in MODES {
        let mine: Vec<&Override> = overrides.iter().filter(|o| o.context == context).collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[keys.{mode}]\n"));
        for o in mine {
            out.push_str(&format!(
                "{} = \"{}\"\n",
                toml::Value::String(keyspec::key_name(o.key)),
                keyspec::action_name(&o.action).unwrap_or_else(|| "?".into())
            ));
        }
    }
    out
}

/// Every mode's actions with their default keys, for the file `config init` writes.
pub fn reference(defaults: &[Binding]) -> String {
    let mut out = String::new();
    for (mode, context) in MODES {
        out.push_str(&format!("[keys.{mode}]:\n"));
        for (name, action) in keyspec::actions_of(defaults, context) {
            let keys: Vec<String> = defaults
                .iter()
                .filter(|b| b.context == context && b.action == action)
                .map(|b| keyspec::key_name((b.code, b.mods)))
                .collect();
            out.push_str(&format!("  {name}: {}\n", keys.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use std::path::Path;

    use crate::app::Action;
    use crate::ui::keymap::Context;
    use crate::ui::keyspec::parse_key;

    /// The problems of a refused file, as `(line, English text)`, with the Chinese text of each
    /// checked to be there.
    fn problems(text: &str) -> Vec<(usize, String)> {
        match super::super::parse(text, Path::new("c.toml")) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e
                .problems
                .into_iter()
                .inspect(|p| assert!(!p.zh.is_empty(), "{}", p.en))
                .map(|p| (p.line, p.en))
                .collect(),
        }
    }

    #[test]
    fn a_key_given_to_an_action_replaces_its_default_keys_in_that_mode() {
        let s = super::super::parse(
            "[keys.list]\n\"ctrl-d\" = \"quit\"\n\"pagedown\" = \"page_down\"\n[keys.report]\n\"Q\" = \"back\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let table = crate::ui::keymap::in_force(&s.keys);
        let on = |context: Context, key: &str| {
            let key = parse_key(key).unwrap();
            table
                .iter()
                .filter(|b| b.context == context && (b.code, b.mods) == key)
                .map(|b| b.action.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(on(Context::Main, "ctrl-d"), vec![Action::Quit]);
        assert_eq!(on(Context::Main, "q"), Vec::<Action>::new());
        assert_eq!(on(Context::Main, "pagedown"), vec![Action::PageDown]);
        assert_eq!(on(Context::Main, "ctrl-u"), vec![Action::PageUp]);
        // Esc and q went back from the report; now Q alone does.
        assert_eq!(on(Context::Report, "Q"), vec![Action::Back]);
        assert_eq!(on(Context::Report, "esc"), Vec::<Action>::new());
        // The other modes keep their keys.
        assert_eq!(on(Context::Triage, "esc"), vec![Action::Back]);
        assert_eq!(on(Context::Form, "esc"), vec![Action::Back]);
    }

    #[test]
    fn a_key_another_action_keeps_is_a_conflict_named_with_its_line() {
        let all = problems("language = \"en\"\n\n[keys.list]\n\"ctrl-d\" = \"quit\"\n");
        assert_eq!(
            all,
            vec![(
                4,
                "in [keys.list], \"ctrl-d\" would be both quit and page_down (its default key); give page_down keys of its own, e.g. \"pagedown\" = \"page_down\", or choose another key for quit".to_string()
            )]
        );
        // Two spellings of one key given to two actions.
        let all = problems("[keys.triage]\n\"ctrl-n\" = \"down\"\n\"Ctrl-N\" = \"up\"\n");
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].0, 3);
        assert!(
            all[0].1.contains("\"ctrl-n\" is both down (line 2) and up"),
            "{all:?}"
        );
        // In a mode the file does not touch, the same key is free.
        assert!(
            super::super::parse(
                "[keys.triage]\n\"ctrl-d\" = \"down\"\n",
                Path::new("c.toml")
            )
            .is_ok()
        );
    }

    #[test]
    fn unknown_actions_modes_and_keys_are_named_with_their_lines() {
        let all = problems(
            "[keys.list]\n\"h\" = \"hlep\"\n\"qq\" = \"help\"\n\"alt-x\" = \"help\"\n\"ctrl-c\" = \"help\"\n\"k\" = 5\n[keys.reprot]\n\"x\" = \"back\"\n[keys.triage]\n\"h\" = \"quit\"\n[keys.form]\n\"j\" = \"next_field\"\n",
        );
        let lines: Vec<usize> = all.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 10, 12], "{all:?}");
        let text = |line: usize| {
            all.iter()
                .find(|(l, _)| *l == line)
                .map(|(_, t)| t.clone())
                .unwrap()
        };
        assert_eq!(
            text(2),
            "unknown action 'hlep' in [keys.list]; did you mean 'help'?"
        );
        assert!(text(3).starts_with("\"qq\" in [keys.list] is not a key; a key is written as"));
        assert!(text(4).contains("Alt is read as Esc then the key"));
        assert!(text(5).contains("ctrl-c in [keys.list] always quits"));
        assert!(text(6).contains("takes an action's name in quotes"));
        assert_eq!(
            text(7),
            "unknown table [keys.reprot]; did you mean 'report'?"
        );
        // `quit` is an action of the list, not of triage: the accepted names are listed.
        assert!(
            text(10)
                .starts_with("unknown action 'quit' in [keys.triage]; accepted: down, up, urge"),
            "{}",
            text(10)
        );
        assert!(text(12).contains("is typed into the field in a form"));
    }

    #[test]
    fn kebab_case_names_the_same_action() {
        let s = super::super::parse(
            "[keys.report]\n\"P\" = \"cycle-period-kind\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(s.keys[0].action, Action::CyclePeriodKind);
    }
}

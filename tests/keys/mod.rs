//! Driving the terminal interface in tests: keys typed as a clerk types them, through the real
//! keymap, and the screen read back as text.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use duban::app::App;
use duban::ui::{self, Lang, Theme, Ui};

/// The interface without colour, in one language.
pub fn plain(lang: Lang) -> Ui {
    Ui::new(lang, Theme::new(false))
}

/// What the screen shows, one line per row.
pub fn screen(app: &App, ui: &Ui) -> String {
    ui::buffer_text(&ui::render(app, ui, app.size.0, app.size.1))
}

/// Types `keys` as a clerk would: plain characters, or `<Enter>`, `<Esc>`, `<Tab>`, `<BackTab>`,
/// `<Down>`, `<Up>`, `<Left>`, `<Right>`, `<Backspace>`, and with Control held `<C-u>`.
pub fn press(app: &mut App, ui: &Ui, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let mut mods = KeyModifiers::NONE;
        let (code, len) = if c == '<' {
            let end = rest.find('>').expect("closing >");
            let name = &rest[1..end];
            let name = match name.strip_prefix("C-") {
                Some(key) => {
                    mods = KeyModifiers::CONTROL;
                    key
                }
                None => name,
            };
            let code = match name {
                "Enter" => KeyCode::Enter,
                "Esc" => KeyCode::Esc,
                "Tab" => KeyCode::Tab,
                "BackTab" => KeyCode::BackTab,
                "Down" => KeyCode::Down,
                "Up" => KeyCode::Up,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
                "Backspace" => KeyCode::Backspace,
                other if other.chars().count() == 1 => KeyCode::Char(other.chars().next().unwrap()),
                other => panic!("unknown key <{other}>"),
            };
            (code, end + 1)
        } else {
            (KeyCode::Char(c), c.len_utf8())
        };
        let event = Event::Key(KeyEvent::new(code, mods));
        ui.dispatch(app, &event).unwrap();
        rest = &rest[len..];
    }
}

/// The refusal rows of a form (the `✖` row and the rows continuing it), each with the room its
/// box gives it: the text between the box's borders.
pub fn refusal_segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut column: Option<usize> = None;
    for line in text.lines() {
        let segments: Vec<&str> = line.split('│').collect();
        if let Some(i) = segments.iter().position(|s| s.contains('✖')) {
            out.push(segments[i].to_string());
            column = Some(i);
        } else if let Some(i) = column {
            match segments.get(i) {
                Some(s) if s.starts_with("    ") && !s.trim().is_empty() => out.push(s.to_string()),
                _ => column = None,
            }
        }
    }
    out
}

/// A form's refusal as one text, its wrapped rows joined.
pub fn refusal(text: &str) -> String {
    refusal_segments(text)
        .iter()
        .map(|s| s.trim())
        .collect::<Vec<_>>()
        .join("")
}

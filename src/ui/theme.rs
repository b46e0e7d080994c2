//! A small theme. With `NO_COLOR` set, no colours are used: the light letters and emphasis
//! keep the screen readable.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::WarningLight;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        Self::from_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a value of `NO_COLOR`: colour when it is unset or empty.
    pub fn from_no_color(value: Option<&std::ffi::OsStr>) -> Self {
        Self {
            color: value.is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn light(self, l: WarningLight) -> Style {
        match l {
            WarningLight::Red => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            WarningLight::Orange => self
                .fg(Color::Rgb(255, 140, 0))
                .add_modifier(Modifier::BOLD),
            WarningLight::Yellow => self.fg(Color::Yellow),
            WarningLight::Green => self.fg(Color::Green),
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(self) -> Style {
        if self.color {
            self.fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

//! A small theme. With `NO_COLOR` set, no colours are used: the light letters and emphasis
//! keep the screen readable. The colours an office may set (`[theme]` in the configuration)
//! are a [`Palette`], whose `Default` is the one place their default colours are written.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::WarningLight;

/// The colours the configuration file may set; the default is duban's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub red: Color,
    pub orange: Color,
    pub yellow: Color,
    pub green: Color,
    /// The border of the focused pane.
    pub focused_border: Color,
    /// Dim text, and the borders of the panes not focused.
    pub dim: Color,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            red: Color::Red,
            orange: Color::Rgb(255, 140, 0),
            yellow: Color::Yellow,
            green: Color::Green,
            focused_border: Color::Cyan,
            dim: Color::DarkGray,
        }
    }
}

/// The colour names a palette accepts, as the file writes them (ratatui's `Color` names).
pub const COLOR_NAMES: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

/// A colour as the file writes it: one of [`COLOR_NAMES`] (case, spaces, `-` and `_` aside;
/// `grey` for `gray`) or `#rrggbb`.
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |at: usize| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok();
        return Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    let name: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("grey", "gray");
    COLOR_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
}

/// A colour as the file writes it: its name, else `#rrggbb`.
pub fn color_text(color: Color) -> String {
    if let Some((name, _)) = COLOR_NAMES.iter().find(|(_, c)| *c == color) {
        return (*name).to_string();
    }
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        other => other.to_string().to_ascii_lowercase(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

impl Theme {
    /// In duban's own colours, or in none.
    pub fn new(color: bool) -> Self {
        Self {
            color,
            palette: Palette::default(),
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        Self::from_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a value of `NO_COLOR`: colour when it is unset or empty.
    pub fn from_no_color(value: Option<&std::ffi::OsStr>) -> Self {
        Self::new(value.is_none_or(|v| v.is_empty()))
    }

    /// This theme in the office's colours (no colour still means none).
    pub fn with_palette(self, palette: Palette) -> Self {
        Self { palette, ..self }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn light(self, l: WarningLight) -> Style {
        let p = self.palette;
        match l {
            WarningLight::Red => self.fg(p.red).add_modifier(Modifier::BOLD),
            WarningLight::Orange => self.fg(p.orange).add_modifier(Modifier::BOLD),
            WarningLight::Yellow => self.fg(p.yellow),
            WarningLight::Green => self.fg(p.green),
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.focused_border)
                .add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.palette.dim)
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
            self.fg(self.palette.dim)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_as_the_file_writes_them() {
        assert_eq!(parse_color("darkgray"), Some(Color::DarkGray));
        assert_eq!(parse_color("Dark-Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("#FF8c00"), Some(Color::Rgb(255, 140, 0)));
        assert_eq!(parse_color("#ff8c0"), None);
        assert_eq!(parse_color("#gg8c00"), None);
        assert_eq!(parse_color("orange"), None);
        assert_eq!(parse_color(""), None);
        for (name, color) in COLOR_NAMES {
            assert_eq!(parse_color(&color_text(color)), Some(color), "{name}");
        }
        assert_eq!(color_text(Color::Rgb(255, 140, 0)), "#ff8c00");
    }

    #[test]
    fn the_palette_colours_the_lights_and_borders_unless_no_color() {
        let palette = Palette {
            red: Color::Magenta,
            focused_border: Color::Rgb(1, 2, 3),
            ..Palette::default()
        };
        let theme = Theme::from_no_color(None).with_palette(palette);
        assert_eq!(theme.light(WarningLight::Red).fg, Some(Color::Magenta));
        assert_eq!(theme.light(WarningLight::Green).fg, Some(Color::Green));
        assert_eq!(theme.border(true).fg, Some(Color::Rgb(1, 2, 3)));
        let plain = Theme::from_no_color(Some(std::ffi::OsStr::new("1"))).with_palette(palette);
        assert_eq!(plain.light(WarningLight::Red).fg, None);
        assert_eq!(plain.border(true).fg, None);
    }
}

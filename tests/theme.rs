//! The office's colours: `[theme]` read from the configuration reaches the interface at
//! start-up and colours what it names; `NO_COLOR` still turns every colour off.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::Parser;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::store::Store;
use duban::ui::{self, Lang, Theme, Ui};
use ratatui::style::Color;

const THEME: &str = "[theme]\nred_light = \"#123456\"\nfocused_border = \"#abcdef\"\n";

fn app() -> App {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let clock = Clock::Frozen(today.and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, 40, 7).unwrap();
    App::new(office, (120, 40)).unwrap()
}

/// How many cells of the screen are drawn in `color`.
fn cells_in(app: &App, ui: &Ui, color: Color) -> usize {
    let buffer = ui::render(app, ui, 120, 40);
    buffer.content().iter().filter(|c| c.fg == color).count()
}

#[test]
fn the_configured_colours_reach_the_interface_at_start_up() {
    let settings = duban::config::parse(THEME, Path::new("c.toml")).unwrap();
    let mut cli = duban::cli::Cli::parse_from(["duban"]);
    cli.settings = Some(Arc::new(settings));
    let ui = duban::cli::screen::ui_for(&cli);
    assert_eq!(ui.theme.palette.red, Color::Rgb(0x12, 0x34, 0x56));
    assert_eq!(
        ui.theme.palette.focused_border,
        Color::Rgb(0xab, 0xcd, 0xef)
    );
    // What the file leaves out keeps duban's own colour.
    assert_eq!(ui.theme.palette.green, Color::Green);
}

#[test]
fn red_lights_and_the_focused_border_are_drawn_in_the_office_colours_unless_no_color() {
    let settings = duban::config::parse(THEME, Path::new("c.toml")).unwrap();
    let a = app();
    let coloured = Ui::new(
        Lang::En,
        Theme::new(true).with_palette(settings.prefs.palette),
    );
    assert!(cells_in(&a, &coloured, Color::Rgb(0x12, 0x34, 0x56)) > 0);
    assert!(cells_in(&a, &coloured, Color::Rgb(0xab, 0xcd, 0xef)) > 0);
    // duban's own colours otherwise.
    let own = Ui::new(Lang::En, Theme::new(true));
    assert_eq!(cells_in(&a, &own, Color::Rgb(0x12, 0x34, 0x56)), 0);
    assert!(cells_in(&a, &own, Color::Red) > 0);
    let no_color = Theme::from_no_color(Some(std::ffi::OsStr::new("1")));
    let plain = Ui::new(Lang::En, no_color.with_palette(settings.prefs.palette));
    assert_eq!(cells_in(&a, &plain, Color::Rgb(0x12, 0x34, 0x56)), 0);
    assert_eq!(cells_in(&a, &plain, Color::Rgb(0xab, 0xcd, 0xef)), 0);
}

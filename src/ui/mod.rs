//! The terminal interface: keys in, frames out. Everything here reads the `App`; only
//! `App::update` changes it.

mod agenda;
mod detail;
pub mod draw;
pub mod history_words;
mod items;
pub mod keymap;
mod milestones;
mod overlay;
mod panes;
mod report;
pub mod strings;
pub mod theme;
mod triage;
mod wrapped;

use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::app::{Action, App};
use crate::error::Result;
pub use strings::Lang;
pub use theme::Theme;

/// How often the interface looks for other clerks' commits when no key is pressed.
pub const TICK: Duration = Duration::from_millis(250);

/// What the drawing needs besides the state: language, theme, key table.
pub struct Ui {
    pub lang: Lang,
    pub theme: Theme,
    pub keys: Vec<keymap::Binding>,
}

impl Ui {
    pub fn new(lang: Lang, theme: Theme) -> Self {
        Self {
            lang,
            theme,
            keys: keymap::bindings(),
        }
    }

    /// Applies a terminal event to the app. A key with Alt is read as Esc then the key: a
    /// terminal sends Esc followed quickly by a key as one Alt sequence, and a clerk who backs
    /// out of a form and presses `q` means both.
    pub fn dispatch(&self, app: &mut App, event: &Event) -> Result<()> {
        if let Event::Key(key) = event
            && key.modifiers.contains(crossterm::event::KeyModifiers::ALT)
            && key.kind != KeyEventKind::Release
        {
            app.update(Action::Back)?;
            let mut plain = *key;
            plain.modifiers.remove(crossterm::event::KeyModifiers::ALT);
            return self.dispatch(app, &Event::Key(plain));
        }
        match self.action(app, event) {
            Some(action) => app.update(action),
            None => Ok(()),
        }
    }

    /// Maps a terminal event to an action for this app.
    pub fn action(&self, app: &App, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keymap::action_for(app, *key, &self.keys)
            }
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            Event::Paste(text) => Some(Action::Paste(text.clone())),
            _ => None,
        }
    }
}

/// Restores the terminal when dropped: on quit, on error and while unwinding.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was: bracketed paste off, then raw mode off and the main
/// screen back (`ratatui::restore`). Safe to call more than once.
fn restore() {
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// Puts the terminal in raw mode on the alternate screen, with a panic hook that restores all
/// of it, bracketed paste included, before the panic message is printed.
fn init() -> Result<ratatui::DefaultTerminal> {
    // `try_init` installs a panic hook that restores raw mode and the screen; this one, run
    // before it, turns bracketed paste off too.
    let terminal = ratatui::try_init()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        hook(info);
    }));
    Ok(terminal)
}

/// Runs the interactive interface until the clerk quits or the process is told to stop.
/// `scratch` is a folder to remove if a signal ends the program (the sample office's).
pub fn run(mut app: App, ui: &Ui, scratch: Option<std::path::PathBuf>) -> Result<()> {
    // SIGTERM, SIGHUP (the terminal window closed) and SIGINT end the program at once from a
    // watcher thread: the terminal is restored first, and nothing confirmed is lost because
    // every confirmed edit was committed when it was confirmed. (Waiting for the main loop is
    // not enough: once the terminal is gone, reading keys may never return.)
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            if let Some(dir) = &scratch {
                let _ = std::fs::remove_dir_all(dir);
            }
            std::process::exit(128 + signal);
        }
    });
    let mut terminal = init()?;
    let _guard = TerminalGuard;
    // A paste then arrives as one `Event::Paste`, never as key presses. (After the guard, so
    // that a failure here still restores the terminal.)
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height))?;
    loop {
        terminal.draw(|frame| draw::draw(frame, &app, ui))?;
        if app.should_quit {
            break;
        }
        if event::poll(TICK)? {
            ui.dispatch(&mut app, &event::read()?)?;
        } else {
            app.update(Action::Tick)?;
        }
    }
    Ok(())
}

/// Draws the app once into an off-screen buffer of `width` × `height`.
pub fn render(app: &App, ui: &Ui, width: u16, height: u16) -> Buffer {
    // The off-screen backend cannot fail.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| draw::draw(frame, app, ui));
    terminal.backend().buffer().clone()
}

/// The buffer as plain text, one line per row, wide characters once (not followed by the
/// blank cell they cover), trailing spaces trimmed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(symbol);
            skip = crate::text::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `duban snapshot`: the first screen as text, by the same code as the interactive screen.
pub fn snapshot(app: &mut App, ui: &Ui, width: u16, height: u16) -> Result<String> {
    app.update(Action::Resize(width, height))?;
    Ok(buffer_text(&render(app, ui, width, height)))
}

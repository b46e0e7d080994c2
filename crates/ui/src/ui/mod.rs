//! The terminal interface: keys in, frames out. Everything here reads the `App`; only
//! `App::update` changes it.

mod agenda;
mod detail;
pub mod draw;
pub mod history_words;
mod items;
pub mod keymap;
pub mod keyspec;
pub mod ledger_words;
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
pub use strings::{Lang, UiWords};
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

    /// The same interface with the configuration file's keys put in: the keys do, and the
    /// help and hint bars show, what the office set.
    pub fn with_keys(mut self, overrides: &[keyspec::Override]) -> Self {
        self.keys = keymap::in_force(overrides);
        self
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
        ON_SCREEN.store(false, std::sync::atomic::Ordering::SeqCst);
        restore();
    }
}

/// Whether the interface holds the terminal (raw mode, the alternate screen): a stop signal
/// then gives the terminal back before the program stops, and `fg` takes it again.
static ON_SCREEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Set when the program was continued after a stop: the main loop draws the whole screen
/// again (the shell wrote over it meanwhile).
static RESUMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Takes the terminal again after `fg`: raw mode, the alternate screen, bracketed paste, the
/// cursor hidden as drawing leaves it.
fn take_terminal_again() {
    let _ = crossterm::terminal::enable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        crossterm::cursor::Hide,
    );
}

/// SIGTSTP (`kill -TSTP`, or a job control stop) gives the terminal back and stops the
/// program; SIGCONT (`fg`) takes the terminal again and has the next frame drawn whole.
/// (Ctrl-Z typed in the interface is a key, not a signal: raw mode keeps it from the shell.)
fn suspend_on_signal() -> Result<()> {
    use std::sync::atomic::Ordering;
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTSTP,
        signal_hook::consts::SIGCONT,
    ])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if !ON_SCREEN.load(Ordering::SeqCst) {
                if signal == signal_hook::consts::SIGTSTP {
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
                continue;
            }
            if signal == signal_hook::consts::SIGTSTP {
                restore();
                // Stops the whole program here, as the default action would have.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
            // Continued (after the stop above, or a SIGCONT of its own).
            take_terminal_again();
            RESUMED.store(true, Ordering::SeqCst);
        }
    });
    Ok(())
}

/// Puts the terminal back as it was: bracketed paste off, raw mode off, the main screen back,
/// the cursor shown (drawing hides it, and only the terminal's own drop shows it again, which a
/// signal skips). Safe to call more than once, and silent: when the terminal is gone (its
/// window closed) there is no one to tell, and a message written there would panic.
fn restore() {
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
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

/// Ends the program when it is told to stop: SIGTERM, SIGHUP (the terminal window closed) and
/// SIGINT end it at once from a watcher thread, the terminal restored and the sample office's
/// folder removed. Nothing confirmed is lost, because every confirmed edit was committed when
/// it was confirmed. (Waiting for the main loop is not enough: once the terminal is gone,
/// reading keys may never return.) Started before the sample office is filled, so that a
/// signal during the fill removes its folder too.
pub struct Exit {
    scratch: std::sync::Arc<std::sync::Mutex<Option<std::path::PathBuf>>>,
}

impl Exit {
    pub fn on_signal() -> Result<Self> {
        let scratch = std::sync::Arc::new(std::sync::Mutex::new(None::<std::path::PathBuf>));
        // SIGQUIT would dump core and SIGUSR1, SIGUSR2 and SIGALRM end the program by
        // default, each leaving the terminal raw: they end it the same way, terminal restored.
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGQUIT,
            signal_hook::consts::SIGUSR1,
            signal_hook::consts::SIGUSR2,
            signal_hook::consts::SIGALRM,
        ])?;
        let folder = std::sync::Arc::clone(&scratch);
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // The sample office first: it must go even if the terminal is gone.
                let dir = folder.lock().map(|d| d.clone()).unwrap_or_default();
                if let Some(dir) = dir {
                    remove_folder(&dir);
                }
                restore();
                std::process::exit(128 + signal);
            }
        });
        Ok(Self { scratch })
    }

    /// Makes a folder to remove if a signal ends the program (the sample office's). The
    /// watcher waits while it is made: a signal that arrives between the folder's making and
    /// its naming here still removes it.
    pub fn removed_on_signal<T: AsRef<std::path::Path>>(
        &self,
        make: impl FnOnce() -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        let mut scratch = self
            .scratch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let made = make()?;
        *scratch = Some(made.as_ref().to_path_buf());
        Ok(made)
    }
}

/// Removes a folder that another thread may still be writing into (the sample office while it
/// is filled): a file made between the removal's listing of the folder and its last step
/// leaves the folder not empty, and the removal is tried again until the folder is gone (a
/// file cannot be made in a folder that no longer exists), for at most five seconds.
fn remove_folder(dir: &std::path::Path) {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => continue,
            _ => return,
        }
    }
}

/// Runs the interactive interface until the clerk quits (signals: [`Exit`]).
pub fn run(mut app: App, ui: &Ui) -> Result<()> {
    let waiting = ui.lang.waiting_for_lock();
    crate::store::wait::on_wait(move || show_waiting(waiting));
    let mut terminal = init()?;
    let _guard = TerminalGuard;
    ON_SCREEN.store(true, std::sync::atomic::Ordering::SeqCst);
    suspend_on_signal()?;
    // A paste then arrives as one `Event::Paste`, never as key presses. (After the guard, so
    // that a failure here still restores the terminal.)
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height))?;
    loop {
        if RESUMED.swap(false, std::sync::atomic::Ordering::SeqCst) {
            terminal.clear()?;
        }
        terminal.draw(|frame| draw::draw(frame, &app, ui))?;
        if app.should_quit {
            break;
        }
        if event::poll(TICK)? {
            ui.dispatch(&mut app, &event::read()?)?;
        } else {
            app.update(Action::Tick)?;
        }
        if crate::store::wait::waited() {
            // Keys typed while the store waited for another program's lock were typed blind:
            // they are dropped, not let into whatever form the wait ended in. The status line
            // was written behind the frame's back, so the next frame is drawn whole.
            while event::poll(Duration::ZERO)? {
                if let Event::Resize(w, h) = event::read()? {
                    app.update(Action::Resize(w, h))?;
                }
            }
            terminal.clear()?;
        }
    }
    Ok(())
}

/// Writes `text` on the bottom line of the terminal at once, while the main loop is held by
/// the store's wait for another program's lock (no frame can be drawn meanwhile).
fn show_waiting(text: &str) {
    use crossterm::style::{Attribute, Print, SetAttribute};
    use crossterm::terminal::{Clear, ClearType};
    let (_, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::cursor::MoveTo(0, h.saturating_sub(1)),
        Clear(ClearType::CurrentLine),
        SetAttribute(Attribute::Reverse),
        Print(text),
        SetAttribute(Attribute::Reset),
    );
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

#[cfg(test)]
mod tests {
    /// A folder whose files keep coming while it is removed is removed all the same. The
    /// writer stops at the removal's end (or after 2,000 files), so that a removal that gave up
    /// fails the test instead of filling the disk.
    #[test]
    fn a_folder_written_into_while_it_goes_is_gone() {
        use std::sync::atomic::{AtomicBool, Ordering};
        for round in 0..20 {
            let dir = std::env::temp_dir().join(format!(
                "duban-remove-folder-{}-{round}",
                std::process::id()
            ));
            std::fs::create_dir(&dir).expect("folder");
            let done = std::sync::Arc::new(AtomicBool::new(false));
            let (writing, stop) = (dir.clone(), std::sync::Arc::clone(&done));
            let writer = std::thread::spawn(move || {
                for n in 0..2_000 {
                    if stop.load(Ordering::SeqCst)
                        || std::fs::write(writing.join(format!("f{n}")), b"page").is_err()
                    {
                        return;
                    }
                }
            });
            std::thread::sleep(std::time::Duration::from_millis(1));
            super::remove_folder(&dir);
            done.store(true, Ordering::SeqCst);
            let _ = writer.join();
            let left = dir.exists();
            let _ = std::fs::remove_dir_all(&dir);
            assert!(!left, "round {round}");
        }
    }
}

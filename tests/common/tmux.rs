//! A real terminal for the end-to-end tests: duban runs inside tmux, keys are typed with
//! `send-keys`, the screen is read with `capture-pane`. tmux must be installed (`.ci/run` installs
//! it); without it the tests fail under CI and are skipped with a message elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_duban");
/// The day the interface is opened on.
pub const TODAY: &str = "2026-11-25";

pub fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("tmux not installed: skipping the real-terminal test");
    }
    found
}

pub struct Session {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    pub fn start(db: &Path, lang: &str, width: u16, height: u16) -> Self {
        Self::start_then(db, lang, width, height, "")
    }

    /// Starts duban, then the shell command `then` in the same terminal once duban has quit.
    pub fn start_then(db: &Path, lang: &str, width: u16, height: u16, then: &str) -> Self {
        Self::start_command(
            &format!(
                "{BIN} --db {} --today {TODAY} --lang {lang} --actor 督查员{then}",
                db.display()
            ),
            width,
            height,
        )
    }

    /// Runs the shell command `command` (duban, with whatever it is given) in a new terminal.
    pub fn start_command(command: &str, width: u16, height: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(command)
            .env_remove("NO_COLOR")
            .status()
            .unwrap();
        assert!(status.success());
        Self { socket, _dir: dir }
    }

    pub fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Waits until the screen shows `text` (ten seconds at most).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {text:?} on:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Types text literally (Chinese included).
    pub fn type_text(&self, text: &str) {
        assert!(self.tmux(&["send-keys", "-l", text]).status.success());
    }

    /// Pastes `text` as a terminal does: wrapped in bracketed-paste marks when the program
    /// asked for them, line ends sent as carriage returns.
    pub fn paste(&self, text: &str) {
        assert!(
            self.tmux(&["set-buffer", "-b", "clip", "--", text])
                .status
                .success()
        );
        assert!(
            self.tmux(&["paste-buffer", "-p", "-d", "-b", "clip"])
                .status
                .success()
        );
    }

    pub fn running(&self) -> bool {
        self.tmux(&["has-session"]).status.success()
    }

    pub fn wait_until_closed(&self) {
        let start = Instant::now();
        while self.running() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "duban did not quit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

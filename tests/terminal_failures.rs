//! In a real terminal (tmux): whatever ends the interface — SIGTERM, SIGHUP, SIGINT, or the
//! terminal window closing — the cursor is shown again, and `--demo`'s temporary office is
//! removed, as it is on a normal quit. While another program holds the database's lock, the
//! interface says it is waiting, and the keys typed meanwhile do not fall into a form.
//!
//! tmux must be installed; without it these tests are skipped with a message (and fail under CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_duban");
const TODAY: &str = "2026-11-25";

fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("skipped: tmux not installed");
    }
    found
}

struct Session {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Runs `command` in a new 100×30 terminal, with `TMPDIR` set to `tmp`.
    fn start(command: &str, tmp: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["new-session", "-d", "-x", "100", "-y", "30"])
            .arg(command)
            .env("TMPDIR", tmp)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("DUBAN_DB")
            .status()
            .unwrap();
        assert!(status.success());
        Self { socket, _dir: dir }
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }

    fn format(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", format]).stdout;
        String::from_utf8(out).unwrap().trim().to_string()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen =
                String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?} on:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id of duban, the child of the pane's shell.
    fn duban_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        let pid = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert!(!pid.is_empty(), "duban is not running");
        pid
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Waits until `done` holds (ten seconds at most).
fn eventually(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "never: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The sample offices' folders in `tmp`.
fn demo_folders(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("duban-demo-"))
        .collect()
}

#[test]
fn the_cursor_is_shown_again_after_each_signal() {
    if !tmux_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("office.db");
    for signal in ["TERM", "HUP", "INT"] {
        let s = Session::start(
            &format!(
                "{BIN} --db {} --today {TODAY} --lang en; echo DUBAN-QUIT; cat",
                db.display()
            ),
            tmp.path(),
        );
        s.wait_for("Items");
        assert_eq!(
            s.format("#{cursor_flag}"),
            "0",
            "the interface hides the cursor"
        );
        let pid = s.duban_pid();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        s.wait_for("DUBAN-QUIT");
        assert_eq!(
            s.format("#{cursor_flag}"),
            "1",
            "the cursor is still hidden after SIG{signal}"
        );
        assert_eq!(s.format("#{alternate_on}"), "0", "SIG{signal}");
    }
}

#[test]
fn the_sample_office_is_removed_when_the_terminal_closes_or_on_quit() {
    if !tmux_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let command = format!("{BIN} --demo --today {TODAY} --lang en");

    // The terminal window closes (SIGHUP).
    let s = Session::start(&command, tmp.path());
    s.wait_for("Items");
    assert_eq!(demo_folders(tmp.path()).len(), 1);
    let _ = s.tmux(&["kill-session"]);
    eventually(
        "the sample office removed after the terminal closed",
        || demo_folders(tmp.path()).is_empty(),
    );

    // A normal quit.
    let s = Session::start(&command, tmp.path());
    s.wait_for("Items");
    assert_eq!(demo_folders(tmp.path()).len(), 1);
    let _ = s.tmux(&["send-keys", "q"]);
    eventually("the sample office removed on quit", || {
        demo_folders(tmp.path()).is_empty()
    });
}

#[test]
fn while_another_program_holds_the_lock_the_interface_says_so_and_drops_blind_keys() {
    if !tmux_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("office.db");
    let added = Command::new(BIN)
        .env("LANG", "C")
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "add", "--title", "Repair the flood gate"])
        .args(["--lead", "Water Bureau", "--due", "+5wd"])
        .output()
        .unwrap();
    assert!(added.status.success());
    let s = Session::start(
        &format!("{BIN} --db {} --today {TODAY} --lang en", db.display()),
        tmp.path(),
    );
    s.wait_for("Repair the flood gate");

    // Another program takes the write lock (and keeps its connection open: closing any other
    // descriptor of the file in this process would drop it).
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let _ = s.tmux(&["send-keys", "f"]);
    s.wait_for("Record feedback");
    let _ = s.tmux(&["send-keys", "-l", "gate closed"]);
    let _ = s.tmux(&["send-keys", "Enter"]);
    s.wait_for("Waiting for another program");
    // Typed blind while the interface waits: a new feedback form and its text.
    let _ = s.tmux(&["send-keys", "f"]);
    let _ = s.tmux(&["send-keys", "-l", "blind"]);
    std::thread::sleep(Duration::from_millis(500));
    other.execute_batch("COMMIT").unwrap();

    let screen = s.wait_for("feedback saved");
    std::thread::sleep(Duration::from_millis(500));
    let screen = format!("{screen}{}", s.wait_for("feedback saved"));
    assert!(
        !screen.contains("Record feedback"),
        "a form opened:\n{screen}"
    );
    assert!(!screen.contains("blind"), "{screen}");
    assert!(!screen.contains("Waiting for another"), "{screen}");
    drop(s);
    let shown = Command::new(BIN)
        .env("LANG", "C")
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "show", "2026-001", "--format", "json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let feedback = shown["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "{feedback:?}");
    assert_eq!(feedback[0]["text"], "gate closed");
}

#[test]
fn a_signal_while_the_sample_office_is_filled_removes_it_too() {
    // No terminal needed: the office is filled before the interface takes the terminal.
    let tmp = tempfile::tempdir().unwrap();
    for signal in ["INT", "HUP", "INT", "TERM", "HUP", "INT"] {
        let mut child = Command::new(BIN)
            .args(["--demo", "--today", TODAY, "--lang", "en"])
            .env("TMPDIR", tmp.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        eventually("the sample office's folder appears", || {
            !demo_folders(tmp.path()).is_empty()
        });
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let _ = child.wait().unwrap();
        assert_eq!(
            demo_folders(tmp.path()),
            Vec::<String>::new(),
            "SIG{signal}"
        );
    }
}

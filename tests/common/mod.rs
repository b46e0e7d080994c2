//! Helpers shared by the end-to-end tests of the `duban` binary (`tests/cli_*.rs`): the binary
//! with no inherited settings, a temporary office, and the checks every refusal must pass.

// Each test file uses some of these helpers; the others would be dead code in that file.
#![allow(dead_code)]
// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../crates/store/tests/support/pg_server.rs"]
pub mod pg_server;
pub mod tmux;

use std::path::PathBuf;

use assert_cmd::Command;
use chrono::NaiveDate;
use serde_json::Value;
use tempfile::TempDir;

pub const TODAY: &str = "2026-11-25";
/// Registration day of the items the list tests make overdue by `TODAY`.
pub const EARLIER: &str = "2026-11-02";

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The binary with no inherited `DUBAN_*` settings, in English whatever the machine's locale.
pub fn bare() -> Command {
    Command::from_std(bare_std())
}

/// [`bare`] as the standard library's command, for what `assert_cmd` cannot set (resource
/// limits, another user).
pub fn bare_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_duban"));
    cmd.env_remove("DUBAN_DB")
        .env_remove("DUBAN_TODAY")
        .env_remove("DUBAN_NOW")
        .env_remove("DUBAN_ACTOR")
        .env_remove("DUBAN_CONFIG")
        // No configuration file of the machine's user: the defaults apply.
        .env("XDG_CONFIG_HOME", "/nonexistent/duban-tests")
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a command, which must succeed; returns its standard output.
pub fn succeeded(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether this test binary runs its offices on the tests' PostgreSQL server: the
/// command-line tests that read and write are compiled twice, once as themselves (on a file)
/// and once into `tests/cli_on_server.rs`, the same tests on a server (parameterised by the
/// binary, not copied).
pub const ON_SERVER: bool = {
    let (a, b) = (env!("CARGO_CRATE_NAME").as_bytes(), b"cli_on_server");
    let mut same = a.len() == b.len();
    let mut i = 0;
    while same && i < a.len() {
        same = a[i] == b[i];
        i += 1;
    }
    same
};

/// A temporary folder, and one office: a database file in the folder, or a fresh database on
/// the tests' server when [`ON_SERVER`].
pub struct Office {
    pub dir: TempDir,
    /// The file's path (in a server's office, a file no command makes).
    pub db: PathBuf,
    /// Where the office is, as `--db` takes it: the file's path or the server's address.
    pub at: String,
}

/// What a refused command must leave as it was.
#[derive(Debug, PartialEq)]
pub struct State {
    pub list: String,
    pub items: i64,
    pub events: i64,
}

impl Office {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let at = if ON_SERVER {
            pg_server::server().fresh_database()
        } else {
            db.display().to_string()
        };
        Self { dir, db, at }
    }

    /// The clerk the history names: `--actor` on a file; on a server its login, which
    /// `--actor` may not contradict.
    pub fn actor(&self) -> String {
        if ON_SERVER {
            pg_server::login_of(&self.at)
        } else {
            "督查员".to_string()
        }
    }

    /// A command of another clerk, `actor`: `--actor` on a file; on a server that clerk's own
    /// login (made on the tests' server the first time).
    pub fn cmd_as(&self, actor: &str, today: &str) -> Command {
        let mut cmd = bare();
        if ON_SERVER {
            let server = pg_server::server();
            server.login_role(actor);
            cmd.arg("--db")
                .arg(server.url_as(actor, &pg_server::database_of(&self.at)));
        } else {
            cmd.arg("--db").arg(&self.at).arg("--actor").arg(actor);
        }
        cmd.arg("--today").arg(today);
        cmd
    }

    pub fn cmd_on(&self, today: &str) -> Command {
        let mut cmd = bare();
        cmd.arg("--db").arg(&self.at).arg("--today").arg(today);
        if !ON_SERVER {
            cmd.arg("--actor").arg("督查员");
        }
        cmd
    }

    /// Runs a command on `today`, which must succeed; returns its standard output.
    pub fn run_on(&self, today: &str, args: &[&str]) -> String {
        succeeded(self.cmd_on(today).args(args))
    }

    pub fn run(&self, args: &[&str]) -> String {
        self.run_on(TODAY, args)
    }

    /// Registers an item on `today` and returns its number.
    pub fn add_on(&self, today: &str, title: &str, extra: &[&str]) -> String {
        let mut args = vec!["add", "--title", title, "--lead", "住建局"];
        args.extend_from_slice(extra);
        let out = self.run_on(today, &args);
        assert!(out.ends_with('\n') && out.lines().count() == 1, "{out:?}");
        out.trim().to_string()
    }

    pub fn add(&self, title: &str, extra: &[&str]) -> String {
        self.add_on(TODAY, title, extra)
    }

    pub fn show(&self, number: &str) -> Value {
        let out = self.run(&["show", number, "--format", "json"]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("show is not JSON ({e}): {out}"))
    }

    pub fn list_on(&self, today: &str, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run_on(today, &all);
        match serde_json::from_str(&out) {
            Ok(Value::Array(items)) => items,
            other => panic!("list is not a JSON array: {other:?}\n{out}"),
        }
    }

    /// Numbers of the items `list` shows on `today`, in order.
    pub fn numbers_on(&self, today: &str, args: &[&str]) -> Vec<String> {
        self.list_on(today, args)
            .iter()
            .map(|i| i["number"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn state(&self) -> State {
        let list = self.run(&["list", "--all", "--format", "json"]);
        use duban::store::Records;
        let store = duban::store::open(&duban::store::Location::parse(self.at.as_ref())).unwrap();
        State {
            list,
            items: store.item_count().unwrap(),
            events: store.event_count().unwrap(),
        }
    }

    /// Runs a command that must be refused as the clerk's mistake: exit code 2, exactly one line
    /// on stderr starting `duban: ` and containing `needle`, nothing on stdout, nothing written.
    pub fn refuse(&self, args: &[&str], needle: &str) -> String {
        let before = self.state();
        let line = refused(self.cmd_on(TODAY).args(args), needle);
        assert_eq!(self.state(), before, "duban {args:?} changed the database");
        line
    }
}

/// Asserts the command exits with 2 and one `duban: ` line naming `needle`; returns the line.
pub fn refused(cmd: &mut Command, needle: &str) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{cmd:?}: expected exit code 2, stderr: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{cmd:?} printed on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.ends_with('\n') && stderr.lines().count() == 1,
        "{cmd:?}: expected exactly one line on stderr, got {stderr:?}"
    );
    assert!(stderr.starts_with("duban: "), "{cmd:?}: {stderr:?}");
    assert!(
        stderr.contains(needle),
        "{cmd:?}: stderr does not name {needle:?}: {stderr:?}"
    );
    stderr.trim_end().to_string()
}

pub fn event_kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

pub fn status(office: &Office, number: &str) -> String {
    office.show(number)["status"].as_str().unwrap().to_string()
}

/// An office with one item, so that "nothing written" has something to compare.
pub fn office_with_item() -> Office {
    let o = Office::new();
    assert_eq!(o.add("已有事项", &["--due", "2026-12-10"]), "2026-001");
    o
}

pub fn add_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["add", "--title", "新事项", "--lead", "财政局"];
    args.extend_from_slice(extra);
    args
}

/// The binary in Chinese, for the messages a Chinese clerk reads.
pub fn zh(cmd: &mut Command) -> &mut Command {
    cmd.env("LANG", "zh_CN.UTF-8")
}

/// Noise over the first 512 bytes of the `commendations` table's root page (neither `add` nor
/// `feedback` reads it), where SQLite's own check finds it (noise in a page's unused space
/// harms nothing, and no check can see it).
pub fn damage_a_page_no_write_reads(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'commendations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // What the log holds is in the file first, so that the noise is not written over.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(db).unwrap();
    let at = (root as usize - 1) * 4096;
    for (i, b) in bytes[at..at + 512].iter_mut().enumerate() {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

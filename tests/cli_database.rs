//! End-to-end tests of the database file and the settings every command shares: which files
//! are refused and left untouched, file permissions, `$DUBAN_*` variables and the actor.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use serde_json::Value;

use common::*;

// ---------------------------------------------------------------------------------------------
// The database file

#[test]
fn a_database_in_a_missing_folder_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("missing");
    let db = folder.join("x.db");
    let mut cmd = bare();
    cmd.arg("--db").arg(&db).arg("--today").arg(TODAY);
    cmd.args(["add", "--title", "新事项", "--lead", "财政局"]);
    let line = refused(&mut cmd, "--db");
    assert!(line.contains("does not exist"), "{line}");
    assert!(line.contains(&folder.display().to_string()), "{line}");
    assert!(!folder.exists());
}

#[test]
fn a_database_that_cannot_be_written_is_refused() {
    let db = Path::new("/proc/duban-test.db");
    let mut cmd = bare();
    cmd.arg("--db").arg(db).arg("--today").arg(TODAY);
    cmd.args(["add", "--title", "新事项", "--lead", "财政局"]);
    let line = refused(&mut cmd, "/proc/duban-test.db");
    assert!(line.contains("cannot open"), "{line}");
    assert!(!db.exists());
}

#[test]
fn a_file_that_is_not_a_duban_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let text = "这不是数据库\nnot a database either\n".repeat(50);
    std::fs::write(&path, &text).unwrap();
    for args in [
        &["list"][..],
        &["add", "--title", "新事项", "--lead", "财政局"],
        &["demo", "--items", "5"],
    ] {
        let mut cmd = bare();
        cmd.arg("--db")
            .arg(&path)
            .arg("--today")
            .arg(TODAY)
            .args(args);
        let line = refused(&mut cmd, "not a duban database");
        assert!(line.contains(&path.display().to_string()), "{line}");
        assert_eq!(std::fs::read(&path).unwrap(), text.as_bytes(), "{args:?}");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("notes.txt")]);
}

#[test]
fn a_sqlite_file_of_another_program_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a');")
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&path)
        .arg("--today")
        .arg(TODAY)
        .arg("list");
    refused(&mut cmd, "not a duban database");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_database_of_a_newer_duban_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(
            None,
            "application_id",
            duban::store::sqlite::schema::APPLICATION_ID,
        )
        .unwrap();
        conn.pragma_update(
            None,
            "user_version",
            duban::store::sqlite::schema::SCHEMA_VERSION + 1,
        )
        .unwrap();
        conn.execute_batch("CREATE TABLE future (x)").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&path)
        .arg("--today")
        .arg(TODAY)
        .arg("list");
    let line = refused(&mut cmd, "newer duban");
    assert!(
        line.contains(&format!(
            "schema {}",
            duban::store::sqlite::schema::SCHEMA_VERSION + 1
        )),
        "{line}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_new_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let o = Office::new();
    assert!(!o.db.exists());
    o.add("新建数据库", &[]);
    let mode = std::fs::metadata(&o.db).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    // Listing creates a database too, also private.
    let other = o.dir.path().join("y.db");
    bare()
        .arg("--db")
        .arg(&other)
        .arg("--today")
        .arg(TODAY)
        .arg("list")
        .assert()
        .success();
    let mode = std::fs::metadata(&other).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

// ---------------------------------------------------------------------------------------------
// Environment and actor

/// Under umask 000 the data folder duban makes for its database is still private (0700), and
/// so is the file.
#[cfg(unix)]
#[test]
fn the_data_folder_is_made_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" --today 2026-11-25 add --title 新事项 --lead 财政局")
        .arg(env!("CARGO_BIN_EXE_duban"))
        .env_remove("DUBAN_DB")
        .env_remove("DUBAN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/duban-tests")
        .env("XDG_DATA_HOME", &data)
        .env("HOME", dir.path())
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = data.join("duban");
    for f in [&data, &folder] {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}: {mode:o}", f.display());
    }
    let db = std::fs::metadata(folder.join("duban.db")).unwrap();
    assert_eq!(db.permissions().mode() & 0o777, 0o600);
}

/// A configuration file anyone may write could switch the daily copies off: it is refused
/// before anything runs, with how to fix it.
#[cfg(unix)]
#[test]
fn a_configuration_file_others_may_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("duban.toml");
    std::fs::write(&config, "[backup]\nkeep = 0\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let db = dir.path().join("x.db");
    let mut cmd = bare();
    cmd.arg("--db").arg(&db).arg("--config").arg(&config);
    cmd.args(["--today", TODAY, "list"]);
    let line = refused(&mut cmd, "can be written by other users (mode 666)");
    assert!(line.contains("chmod 600"), "{line}");
    assert!(!db.exists(), "nothing was opened");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = bare();
    cmd.arg("--db").arg(&db).arg("--config").arg(&config);
    cmd.args(["--today", TODAY, "list"]);
    cmd.assert().success();
}

#[test]
fn environment_variables_work_like_the_options() {
    let o = Office::new();
    let add = succeeded(
        bare()
            .env("DUBAN_DB", &o.db)
            .env("DUBAN_TODAY", EARLIER)
            .env("DUBAN_ACTOR", "环境变量")
            .args([
                "add",
                "--title",
                "环境变量事项",
                "--lead",
                "财政局",
                "--due",
                "+5wd",
            ]),
    );
    assert_eq!(add, "2026-001\n");
    assert!(o.db.exists());
    let show = succeeded(
        bare()
            .env("DUBAN_DB", &o.db)
            .env("DUBAN_TODAY", TODAY)
            .args(["show", "2026-001", "--format", "json"]),
    );
    let d: Value = serde_json::from_str(&show).unwrap();
    assert_eq!(d["registered_on"], EARLIER);
    assert_eq!(d["deadline"], "2026-11-09");
    assert_eq!(d["events"][0]["actor"], "环境变量");
    // $DUBAN_TODAY decides the light: on 2026-11-25 the item is 12 working days late.
    assert_eq!(d["light"], "red");
    assert_eq!(d["overdue_working_days"], 12);
    // The options win over the environment.
    let other = o.dir.path().join("other.db");
    let out = bare()
        .env("DUBAN_DB", &other)
        .env("DUBAN_TODAY", "2026-12-31")
        .arg("--db")
        .arg(&o.db)
        .arg("--today")
        .arg(EARLIER)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["light"], "green");
    assert!(!other.exists());
    // A bad $DUBAN_TODAY is refused like a bad --today.
    let mut cmd = bare();
    cmd.env("DUBAN_DB", &o.db)
        .env("DUBAN_TODAY", "2026-02-30")
        .arg("list");
    refused(&mut cmd, "--today");
}

#[test]
fn now_fixes_the_day_and_the_time_of_every_event() {
    let o = Office::new();
    let at = |cmd: &mut assert_cmd::Command, args: &[&str]| {
        succeeded(cmd.arg("--db").arg(&o.db).args(args))
    };
    at(
        &mut bare(),
        &[
            "--now",
            "2026-11-02T08:15",
            "add",
            "--title",
            "定时事项",
            "--lead",
            "财政局",
        ],
    );
    // $DUBAN_NOW as --now; --today of the same day agrees with it.
    at(
        bare().env("DUBAN_NOW", "2026-11-20T17:05:09"),
        &["feedback", "2026-001", "--text", "进展"],
    );
    at(
        &mut bare(),
        &[
            "--today",
            "2026-11-21",
            "--now",
            "2026-11-21T09:00:00",
            "feedback",
            "2026-001",
            "--text",
            "再报",
        ],
    );
    // The command line overrides the environment as a whole: --today with a $DUBAN_NOW of
    // another day is not a disagreement.
    let shown = at(
        bare().env("DUBAN_NOW", "2026-12-31T23:59"),
        &["--today", TODAY, "show", "2026-001", "--format", "json"],
    );
    let d: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(d["registered_on"], "2026-11-02");
    let times: Vec<_> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2026-11-02T08:15:00",
            "2026-11-20T17:05:09",
            "2026-11-21T09:00:00"
        ]
    );
    // Refused, naming what was wrong, with nothing written.
    let before = o.state();
    for (args, env, needle) in [
        (
            vec!["--today", TODAY, "--now", "2026-11-24T09:00"],
            None,
            "2026-11-24T09:00:00",
        ),
        (vec!["--now", "2026-11-25"], None, "YYYY-MM-DDTHH:MM"),
        (vec!["--now", "2026-11-25T25:00"], None, "--now"),
        (vec![], Some(("2026-11-25 09:00", "")), "--now"),
        (
            vec![],
            Some(("2026-11-25T09:00", "2026-11-26")),
            "is not the day of --now",
        ),
    ] {
        let mut cmd = bare();
        if let Some((now, today)) = env {
            cmd.env("DUBAN_NOW", now).env("DUBAN_TODAY", today);
        }
        cmd.arg("--db")
            .arg(&o.db)
            .args(args)
            .args(["feedback", "2026-001", "--text", "不应写入"]);
        refused(&mut cmd, needle);
    }
    assert_eq!(o.state(), before);
    let mut zh = bare();
    zh.arg("--db").arg(&o.db).args([
        "--lang",
        "zh",
        "--today",
        TODAY,
        "--now",
        "2026-11-24T09:00",
        "list",
    ]);
    refused(&mut zh, "不是同一天");
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let office = Office::new();
    office.add("事项", &[]);
    succeeded(
        bare()
            .env("DUBAN_DB", &office.db)
            .env("DUBAN_TODAY", "")
            .env("DUBAN_ACTOR", "")
            .env("USER", "")
            .args(["--today", TODAY, "feedback", "2026-001", "--text", "进展"]),
    );
    let shown = office.show("2026-001");
    let last = shown["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "clerk");
    // An empty $DUBAN_DB is no database path: --db wins, and nothing complains.
    succeeded(
        bare()
            .env("DUBAN_DB", "")
            .arg("--db")
            .arg(&office.db)
            .args(["--today", TODAY, "list"]),
    );
}

#[test]
fn the_actor_is_one_line_of_at_most_100_characters() {
    let o = office_with_item();
    let before = o.state();
    let forged = "督查员\n2026-11-25 09:00 admin item_registered";
    let long = "名".repeat(101);
    for (flag, env, needle) in [
        (Some(forged), None, "--actor"),
        (Some(long.as_str()), None, "--actor"),
        (None, Some(forged), "$DUBAN_ACTOR"),
        (None, Some("a\u{1b}[31mb"), "$DUBAN_ACTOR"),
    ] {
        let mut cmd = bare();
        cmd.arg("--db").arg(&o.db).arg("--today").arg(TODAY);
        if let Some(a) = flag {
            cmd.arg("--actor").arg(a);
        }
        if let Some(a) = env {
            cmd.env("DUBAN_ACTOR", a);
        }
        cmd.args(["feedback", "2026-001", "--text", "进展"]);
        let line = refused(&mut cmd, needle);
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&o.db)
        .arg("--today")
        .arg(TODAY)
        .env("USER", "a\nb")
        .args(["feedback", "2026-001", "--text", "进展"]);
    refused(&mut cmd, "$USER");
    assert_eq!(o.state(), before);
    // A hundred characters is a name like any other.
    let hundred = "名".repeat(100);
    succeeded(
        bare()
            .arg("--db")
            .arg(&o.db)
            .arg("--today")
            .arg(TODAY)
            .arg("--actor")
            .arg(&hundred)
            .args(["feedback", "2026-001", "--text", "进展"]),
    );
}

/// A file whose recorded schema is older than its tables (its `user_version` set back) cannot
/// be upgraded: one sentence naming the file, the schemas and SQLite's short reason, never the
/// statement it ran; nothing changed.
#[test]
fn a_file_that_cannot_be_upgraded_is_one_sentence_and_left_as_it_was() {
    let o = Office::new();
    o.add_on(TODAY, "第一件", &[]);
    rusqlite::Connection::open(&o.db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 8")
        .unwrap();
    let before = std::fs::read(&o.db).unwrap();
    let mut cmd = o.cmd_on(TODAY);
    cmd.args(["--lang", "en", "list"]);
    let line = refused(&mut cmd, "could not be upgraded from schema 8");
    assert!(line.contains("already exists"), "{line}");
    assert!(!line.contains("CREATE") && !line.contains('\n'), "{line}");
    assert_eq!(std::fs::read(&o.db).unwrap(), before, "left as it was");
}

/// A `-shm` or `-wal` beside the database that others may write (a 0666 file left by another
/// user) is refused by name: its content would be read as the office's. It used to be opened,
/// or refused as "folder not writable".
#[cfg(unix)]
#[test]
fn a_shared_writable_journal_beside_the_database_is_refused_by_name() {
    use std::os::unix::fs::PermissionsExt;
    let o = Office::new();
    o.add_on(TODAY, "第一件", &[]);
    let shm = o.dir.path().join("x.db-shm");
    std::fs::write(&shm, b"").unwrap();
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o666)).unwrap();
    let mut cmd = o.cmd_on(TODAY);
    cmd.args(["--lang", "en", "list"]);
    let line = refused(&mut cmd, "x.db-shm beside it");
    assert!(line.contains("mode 666"), "{line}");
    std::fs::remove_file(&shm).unwrap();
    o.run(&["list"]);
}

/// The stamp a command leaves beside the file (`NAME-checked`: device, inode, size, time of
/// change) is the file's as it is once the command has closed it, so that the next write need
/// not check every page. After `demo` it was taken before the last connection's close copied
/// the log into the file, and the next write checked the whole file.
#[test]
fn the_stamp_left_after_a_bulk_write_is_the_closed_files() {
    use std::os::unix::fs::MetadataExt;
    let o = Office::new();
    o.run(&["demo", "--items", "400"]);
    let stamp = std::fs::read_to_string(format!("{}-checked", o.db.display())).unwrap();
    let m = std::fs::metadata(&o.db).unwrap();
    let now = format!(
        "{} {} {} {}.{:09}",
        m.dev(),
        m.ino(),
        m.len(),
        m.mtime(),
        m.mtime_nsec()
    );
    assert_eq!(stamp.trim(), now, "the stamp is not the file's as left");
    // And a single write leaves it matching too.
    o.add("一项", &[]);
    let stamp = std::fs::read_to_string(format!("{}-checked", o.db.display())).unwrap();
    let m = std::fs::metadata(&o.db).unwrap();
    assert!(
        stamp
            .trim()
            .ends_with(&format!("{}.{:09}", m.mtime(), m.mtime_nsec()))
    );
}

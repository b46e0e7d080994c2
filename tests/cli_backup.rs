//! The daily copy of the database: made once a day by the first command that writes (or the
//! interface), kept to the newest `[backup] keep`, a duban database of its own, and never in
//! the way of the clerk's work when it cannot be made.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use common::*;

fn backups(o: &Office) -> PathBuf {
    o.dir.path().join("backups")
}

/// The files in the backups folder, sorted (none when there is no folder).
fn copies(o: &Office) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(backups(o))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn config(o: &Office, text: &str) -> PathBuf {
    let path = o.dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn add_with(o: &Office, config: &Path, today: &str, title: &str) -> String {
    let mut cmd = o.cmd_on(today);
    cmd.arg("--config")
        .arg(config)
        .args(["add", "--title", title, "--lead", "住建局"]);
    succeeded(&mut cmd).trim().to_string()
}

#[test]
fn the_first_write_of_a_day_makes_one_private_copy() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    o.add_on("2026-11-25", "第二件", &[]);
    assert_eq!(copies(&o), ["x-2026-11-25.db"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let copy = backups(&o).join("x-2026-11-25.db");
        let mode = std::fs::metadata(copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    o.add_on("2026-11-26", "第三件", &[]);
    assert_eq!(copies(&o), ["x-2026-11-25.db", "x-2026-11-26.db"]);
}

#[test]
fn commands_that_only_read_make_no_copy() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    o.run_on("2026-11-26", &["list"]);
    o.run_on("2026-11-26", &["export"]);
    assert_eq!(copies(&o), ["x-2026-11-25.db"]);
}

#[test]
fn the_copy_opens_as_a_duban_database_holding_the_items_of_the_day_before() {
    let o = Office::new();
    let first = o.add_on("2026-11-24", "昨天登记", &[]);
    o.add_on("2026-11-25", "今天登记", &[]);
    let copy = backups(&o).join("x-2026-11-25.db");
    let mut cmd = bare();
    cmd.arg("--db")
        .arg(&copy)
        .args(["--today", "2026-11-25", "list", "--all", "--format", "json"]);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&succeeded(&mut cmd)).unwrap();
    let numbers: Vec<&str> = listed
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [first.as_str()]);
}

#[test]
fn copies_beyond_keep_are_removed_oldest_first_and_other_files_left_alone() {
    let o = Office::new();
    let config = config(&o, "[backup]\nkeep = 2\n");
    std::fs::create_dir(backups(&o)).unwrap();
    std::fs::write(backups(&o).join("notes.txt"), "the clerk's own").unwrap();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"] {
        add_with(&o, &config, day, "一件");
    }
    assert_eq!(
        copies(&o),
        ["notes.txt", "x-2026-11-25.db", "x-2026-11-26.db"]
    );
}

#[test]
fn keep_zero_makes_no_copy() {
    let o = Office::new();
    let config = config(&o, "[backup]\nkeep = 0\n");
    add_with(&o, &config, "2026-11-25", "一件");
    add_with(&o, &config, "2026-11-26", "一件");
    assert!(!backups(&o).exists(), "{:?}", copies(&o));
    // Without it, the same day's first write makes its copy.
    o.add_on("2026-11-26", "一件", &[]);
    assert_eq!(copies(&o), ["x-2026-11-26.db"]);
}

#[test]
fn a_copy_that_cannot_be_made_is_said_once_and_the_command_goes_on() {
    let o = Office::new();
    // A file where the folder should be: the folder cannot be made.
    std::fs::write(backups(&o), "not a folder").unwrap();
    for lang in ["en", "zh"] {
        let out = o
            .cmd_on("2026-11-25")
            .args([
                "--lang",
                lang,
                "add",
                "--title",
                "照常登记",
                "--lead",
                "住建局",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("duban: "), "{stderr}");
        let needle = if lang == "en" {
            "the work goes on"
        } else {
            "工作照常进行"
        };
        assert!(stderr.contains(needle), "{stderr}");
        assert!(stderr.contains("backups"), "{stderr}");
        let number = String::from_utf8(out.stdout).unwrap();
        assert_eq!(o.show(number.trim())["title"], "照常登记");
    }
}

#[test]
fn the_interface_says_on_its_status_line_that_the_copy_failed() {
    let tmux = Process::new("tmux").arg("-V").output();
    if !tmux.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("tmux not installed: skipping the real-terminal test");
        return;
    }
    let o = Office::new();
    o.add_on("2026-11-24", "一件", &[]);
    std::fs::remove_dir_all(backups(&o)).unwrap();
    std::fs::write(backups(&o), "not a folder").unwrap();
    let socket = o.dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        Process::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    let command = format!(
        "env XDG_CONFIG_HOME=/nonexistent/duban-tests {} --db {} --today 2026-11-25 --lang en",
        env!("CARGO_BIN_EXE_duban"),
        o.db.display()
    );
    let started = tmux(&["new-session", "-d", "-x", "200", "-y", "40", &command]);
    assert!(started.status.success(), "{started:?}");
    let start = Instant::now();
    let screen = loop {
        let screen = String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).into_owned();
        if screen.contains("could not be written") || start.elapsed() > Duration::from_secs(10) {
            break screen;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = tmux(&["send-keys", "q"]);
    std::thread::sleep(Duration::from_millis(200));
    let _ = tmux(&["kill-server"]);
    assert!(
        screen.contains("today's copy of the database could not be written"),
        "{screen}"
    );
    // The interface went on: the item is listed.
    assert!(screen.contains("一件"), "{screen}");
}

/// `duban backup FILE` writes a verified copy now; `--list` shows it with what it holds;
/// `duban restore` puts it back, keeping the database it replaced beside it, and refuses
/// without `--force` or from a file that is not a good copy.
#[test]
fn a_copy_made_now_lists_and_restores_and_the_replaced_database_is_kept() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    let copy = o.dir.path().join("copy.db");
    let said = succeeded(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "backup"])
            .arg(&copy),
    );
    assert!(said.contains("verified: 1 items"), "{said}");
    refused(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "backup"])
            .arg(&copy),
        "add --force",
    );
    refused(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "backup"])
            .arg(&o.db),
        "exists already",
    );
    let listed = succeeded(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "backup", "--list"]),
    );
    assert!(
        listed.contains("x-2026-11-25.db") && listed.contains("0 items"),
        "{listed}"
    );
    // A second item after the copy; the restore takes it back to one.
    o.add_on("2026-11-25", "第二件", &[]);
    refused(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "restore"])
            .arg(&copy),
        "add --force",
    );
    let junk = o.dir.path().join("junk.db");
    std::fs::write(&junk, b"junk").unwrap();
    refused(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "restore", "--force"])
            .arg(&junk),
        "is not a good copy",
    );
    let said = succeeded(
        o.cmd_on("2026-11-25")
            .args(["--lang", "en", "restore", "--force"])
            .arg(&copy),
    );
    assert!(
        said.contains("the database it replaced is kept as"),
        "{said}"
    );
    let listed = succeeded(
        o.cmd_on("2026-11-25")
            .args(["list", "--all", "--format", "json"]),
    );
    let items: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 1, "{listed}");
    let kept: Vec<String> = std::fs::read_dir(o.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".replaced-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
}

/// A database with a damaged page is found when the day's copy is made: the copy is not taken
/// from it and the write is refused, naming `duban restore` (it used to write on, and copy the
/// damage into the day's backup).
#[test]
fn a_damaged_database_is_refused_before_a_write_and_not_copied() {
    let o = Office::new();
    for i in 0..40 {
        o.add_on(
            "2026-11-24",
            &format!("事项{i}"),
            &["--requirement", &"按期办结。".repeat(50)],
        );
    }
    // 512 bytes of noise at the start of three pages (not the file's header).
    let mut bytes = std::fs::read(&o.db).unwrap();
    for page in [4096 * 2, 4096 * 3, 4096 * 4] {
        for (i, b) in bytes[page..page + 512].iter_mut().enumerate() {
            *b = (i * 37 % 251) as u8;
        }
    }
    std::fs::write(&o.db, bytes).unwrap();
    let before = copies(&o);
    let line = refused_code(
        o.cmd_on("2026-11-25").args([
            "--lang",
            "en",
            "add",
            "--title",
            "新事项",
            "--lead",
            "住建局",
        ]),
        1,
    );
    assert!(
        line.contains("damaged") && line.contains("duban restore"),
        "{line}"
    );
    assert_eq!(
        copies(&o),
        before,
        "no copy was taken from the damaged file"
    );
}

/// The command's exit code and the one line it printed on standard error.
fn refused_code(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    stderr
}

/// The day's copy is already made when the file is damaged: the next write still checks the
/// pages first, because the file is no longer as duban left it (it used to write on, and only
/// the next day's copy would notice).
#[test]
fn a_file_damaged_after_the_days_copy_is_refused_before_the_next_write() {
    let o = Office::new();
    for i in 0..40 {
        o.add_on("2026-11-25", &format!("事项{i}"), &[]);
    }
    assert_eq!(copies(&o).len(), 1, "the day's copy is made");
    damage_a_page_no_write_reads(&o.db);
    let bytes = std::fs::read(&o.db).unwrap();
    for args in [
        &["add", "--title", "新事项", "--lead", "住建局"][..],
        &["feedback", "2026-001", "--text", "进展"][..],
    ] {
        let line = refused_code(o.cmd_on("2026-11-25").args(["--lang", "en"]).args(args), 1);
        assert!(
            line.contains("damaged") && line.contains("duban restore"),
            "{line}"
        );
    }
    assert_eq!(std::fs::read(&o.db).unwrap(), bytes, "nothing was written");
    let check = o.cmd_on("2026-11-25").arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
}

/// A file left as duban wrote it is not checked again before each write: the check costs a
/// second at 100,000 items, and is owed only when another hand changed the file.
#[test]
fn the_stamp_beside_the_file_follows_every_write_and_close() {
    let o = Office::new();
    o.add_on("2026-11-25", "一件", &[]);
    let stamp = o.dir.path().join(format!(
        "{}-checked",
        o.db.file_name().unwrap().to_string_lossy()
    ));
    let after_add = std::fs::read_to_string(&stamp).unwrap();
    o.run_on("2026-11-25", &["feedback", "2026-001", "--text", "进展"]);
    o.run_on("2026-11-25", &["list"]);
    let after_feedback = std::fs::read_to_string(&stamp).unwrap();
    assert_ne!(after_add, after_feedback, "the stamp follows the file");
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(&o.db).unwrap();
    assert!(
        after_feedback.starts_with(&format!("{} {} {} ", m.dev(), m.ino(), m.len())),
        "{after_feedback}"
    );
    assert_eq!(
        std::fs::metadata(&stamp).unwrap().mode() & 0o777,
        0o600,
        "private"
    );
}

/// Every file in the folder, sorted.
fn folder_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A copy made by `duban backup` (or a daily copy) is opened for reading only, whatever the
/// command: every reading command works on it and leaves it byte for byte as it was, with
/// nothing created beside it; a write is refused in both languages naming `duban restore`, and
/// once restored the file is the office's again (it used to be rewritten by merely opening it).
#[test]
fn a_copy_opens_for_reading_only_until_it_is_restored() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    o.run_on("2026-11-25", &["feedback", "2026-001", "--text", "进展"]);
    let room = tempfile::tempdir().unwrap();
    let copy = room.path().join("copy.db");
    succeeded(o.cmd_on("2026-11-25").arg("backup").arg(&copy));
    // The next day's first write copies the office as it was at the end of the day before.
    o.run_on(
        "2026-11-26",
        &["feedback", "2026-001", "--text", "又一次进展"],
    );
    let daily = backups(&o).join(copies(&o).last().unwrap());
    assert!(daily.to_string_lossy().ends_with("2026-11-26.db"));
    for file in [&copy, &daily] {
        let bytes = std::fs::read(file).unwrap();
        let beside = folder_names(file.parent().unwrap());
        for args in [
            &["list", "--all"][..],
            &["show", "2026-001"],
            &["report", "--period", "year"],
            &["score"],
            &["audit", "verify"],
            &["check"],
            &["export", "--format", "json"],
            &["notice", "2026-001"],
            &["triage", "--summary"],
            &["snapshot"],
        ] {
            succeeded(
                bare()
                    .arg("--db")
                    .arg(file)
                    .args(["--today", "2026-11-26"])
                    .args(args),
            );
        }
        for (lang, needle) in [("en", "opened for reading only"), ("zh", "只读打开")] {
            let said = refused_code(
                bare()
                    .arg("--db")
                    .arg(file)
                    .args(["--today", "2026-11-26", "--lang", lang])
                    .args(["add", "--title", "新事项", "--lead", "住建局"]),
                2,
            );
            assert!(
                said.contains(needle)
                    && said.contains(" restore ")
                    && said.contains(&file.display().to_string()),
                "{said}"
            );
        }
        refused_code(
            bare()
                .arg("--db")
                .arg(file)
                .args(["--today", "2026-11-26", "undo"]),
            2,
        );
        assert_eq!(std::fs::read(file).unwrap(), bytes, "{}", file.display());
        assert_eq!(folder_names(file.parent().unwrap()), beside);
    }
    succeeded(
        o.cmd_on("2026-11-26")
            .args(["restore", "--force"])
            .arg(&copy),
    );
    o.add_on("2026-11-26", "恢复后一件", &[]);
    assert_eq!(o.numbers_on("2026-11-26", &[]).len(), 2);
}

/// `--read-only` on the office itself: reads work, writes are refused (exit 2) with nothing
/// written and no daily copy made, and a missing file is not created.
#[test]
fn read_only_opens_the_office_without_writing() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    let before = copies(&o);
    let listed =
        succeeded(
            o.cmd_on("2026-11-26")
                .args(["--read-only", "list", "--format", "json"]),
        );
    assert!(listed.contains("第一件"), "{listed}");
    let said = refused_code(
        o.cmd_on("2026-11-26").args([
            "--read-only",
            "--lang",
            "en",
            "feedback",
            "2026-001",
            "--text",
            "进展",
        ]),
        2,
    );
    assert!(said.contains("--read-only"), "{said}");
    assert_eq!(
        copies(&o),
        before,
        "no copy for a command that wrote nothing"
    );
    assert!(
        o.show("2026-001")["feedback"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let missing = o.dir.path().join("missing.db");
    let said = refused_code(
        bare()
            .arg("--db")
            .arg(&missing)
            .args(["--read-only", "--lang", "en", "list"]),
        2,
    );
    assert!(said.contains("does not exist"), "{said}");
    assert!(!missing.exists());
    // A restore replaces the file: not with --read-only.
    let copy = o.dir.path().join("copy.db");
    succeeded(o.cmd_on("2026-11-26").arg("backup").arg(&copy));
    let said = refused_code(
        o.cmd_on("2026-11-26")
            .args(["--read-only", "--lang", "en", "restore", "--force"])
            .arg(&copy),
        2,
    );
    assert!(said.contains("--read-only"), "{said}");
}

/// `duban backup FILE` walks the copy's chain and replays its history, and says the head it
/// holds (the one `duban audit head` prints); a copy of an office whose record was altered is
/// written, but the command fails naming the broken event.
#[test]
fn a_copy_is_verified_down_to_its_chain_and_names_its_head() {
    let o = Office::new();
    o.add_on("2026-11-25", "第一件", &[]);
    let head = o.run_on("2026-11-25", &["audit", "head"]);
    let hash = head.split_whitespace().nth(1).unwrap();
    let copy = o.dir.path().join("copy.db");
    let said = succeeded(o.cmd_on("2026-11-25").arg("backup").arg(&copy));
    assert!(said.contains(&format!("head {}…", &hash[..16])), "{said}");
    // An event rewritten behind duban's back (its guard dropped first).
    let conn = rusqlite::Connection::open(&o.db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS events_no_update;
         UPDATE events SET actor = '市长' WHERE id = (SELECT max(id) FROM events);",
    )
    .unwrap();
    drop(conn);
    let tampered = o.dir.path().join("tampered.db");
    let out = o
        .cmd_on("2026-11-25")
        .args(["--lang", "en", "backup"])
        .arg(&tampered)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("does not verify"), "{stderr}");
    assert!(tampered.exists(), "the copy is written all the same");
}

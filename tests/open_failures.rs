//! Every way of failing to open the office's database has its own sentence (in both languages)
//! and its own exit code, and none is called "not a duban database": a damaged file, a full
//! disk, a read-only, unreadable, empty, foreign-owned or shared-writable file, a folder that
//! cannot hold the journal, another program's lock. A refused file is left as it was, with no
//! `-wal` or `-shm` beside it.
//!
//! Exit codes: 2 when the clerk fixes it (a path, a permission, a stray file), 1 for a fault of
//! the machine or a passing state (a damaged file, a full disk, another program's lock).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

/// `duban --db DB --today TODAY args…` in `lang`: exit code and the one line on stderr.
fn run(db: &Path, lang: &str, args: &[&str]) -> (i32, String) {
    run_as(bare_std(), db, lang, args)
}

/// `run` with `cmd` (the binary, set up as a case needs).
fn run_as(mut cmd: std::process::Command, db: &Path, lang: &str, args: &[&str]) -> (i32, String) {
    let out: Output = cmd
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY, "--lang", lang])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap_or(-1), stderr)
}

/// The binary whose files may grow to `blocks` × 512 bytes and no further (`ulimit -f`, the
/// `RLIMIT_FSIZE` of a POSIX shell), with `SIGXFSZ` ignored so that a write past the limit fails
/// (`EFBIG`) instead of killing it: a full disk made without a mount namespace, as any user.
fn limited_to(blocks: u64) -> std::process::Command {
    let duban = bare_std();
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "trap '' XFSZ; ulimit -f \"$0\" && exec \"$@\""])
        .arg(blocks.to_string())
        .arg(duban.get_program());
    for (key, value) in duban.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

/// A duban database holding one item, in its own folder.
fn office() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (code, err) = run(
        &db,
        "en",
        &["add", "--title", "修缮防汛闸门", "--lead", "水务局"],
    );
    assert_eq!(code, 0, "{err}");
    (dir, db)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A copy of the office's database at `name`, with no `-wal` beside it (checkpointed first).
fn copy(db: &Path, name: &str) -> PathBuf {
    rusqlite::Connection::open(db)
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let to = db.with_file_name(name);
    std::fs::copy(db, &to).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    to
}

/// Runs `args` on `db` in both languages and checks the refusal: the exit code, one line
/// naming the file, each language's words, never "not a duban database"; the file unchanged
/// and nothing created beside it.
fn refused_in_both(db: &Path, args: &[&str], code: i32, en: &str, zh: &str) -> String {
    refused_in_both_to(bare_std, db, args, code, en, zh)
}

/// [`refused_in_both`] for the binary as `duban` makes it (as another user, say).
fn refused_in_both_to(
    duban: impl Fn() -> std::process::Command,
    db: &Path,
    args: &[&str],
    code: i32,
    en: &str,
    zh: &str,
) -> String {
    let before = std::fs::read(db).ok();
    let folder = names(db.parent().unwrap());
    let mut lines = String::new();
    for (lang, words) in [("en", en), ("zh", zh)] {
        let (got, err) = run_as(duban(), db, lang, args);
        assert_eq!(got, code, "{lang} {args:?}: exit code, stderr {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(words), "{lang}: expected {words:?} in {err}");
        assert!(
            err.contains(&db.display().to_string()),
            "{lang}: the file is named: {err}"
        );
        assert!(!err.contains("not a duban database"), "{err}");
        assert!(!err.contains("不是 duban 数据库"), "{err}");
        if lang == "zh" {
            assert!(
                !err.contains(" is ") && !err.contains("database"),
                "English in Chinese: {err}"
            );
        }
        assert_eq!(
            std::fs::read(db).ok(),
            before,
            "{} was changed",
            db.display()
        );
        assert_eq!(
            names(db.parent().unwrap()),
            folder,
            "files appeared beside it"
        );
        lines.push_str(&err);
    }
    lines
}

fn is_root() -> bool {
    let out = std::process::Command::new("id").arg("-u").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim() == "0"
}

// ---------------------------------------------------------------------------------------------
// Damaged files: exit 1

#[test]
fn a_truncated_database_is_called_damaged() {
    let (_dir, db) = office();
    let cut = copy(&db, "cut.db");
    let len = std::fs::metadata(&cut).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&cut)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    refused_in_both(&cut, &["list"], 1, "damaged", "已损坏");
    // Cut inside the header itself.
    std::fs::write(&cut, b"SQLite for").unwrap();
    refused_in_both(&cut, &["list"], 1, "damaged", "已损坏");
}

#[test]
fn a_corrupted_database_is_called_damaged() {
    let (_dir, db) = office();
    let bad = copy(&db, "bad.db");
    let mut bytes = std::fs::read(&bad).unwrap();
    // The schema's page, after the 100-byte header.
    for (i, b) in bytes[100..3000].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&bad, &bytes).unwrap();
    refused_in_both(&bad, &["list"], 1, "damaged", "已损坏");
    refused_in_both(
        &bad,
        &["add", "--title", "新事项", "--lead", "财政局"],
        1,
        "damaged",
        "已损坏",
    );
}

#[test]
fn a_damaged_page_found_while_reading_is_named_too() {
    let (_dir, db) = office();
    let bad = copy(&db, "bad.db");
    let mut bytes = std::fs::read(&bad).unwrap();
    // Every page after the schema's.
    for (i, b) in bytes[4096..].iter_mut().enumerate() {
        *b = (i * 31 + 5) as u8;
    }
    std::fs::write(&bad, &bytes).unwrap();
    for lang in ["en", "zh"] {
        let (code, err) = run(&bad, lang, &["list"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("damaged") || err.contains("已损坏"), "{err}");
        assert!(!err.contains("malformed"), "SQLite's words: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Files duban will not adopt: exit 2

#[test]
fn an_empty_file_is_not_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("planted.db");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let said = refused_in_both(
        &db,
        &["add", "--title", "新事项", "--lead", "财政局"],
        2,
        "empty file",
        "空文件",
    );
    assert!(said.contains("delete it"), "{said}");
    assert!(said.contains("请删除该文件"), "{said}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    // Deleted, as the sentence says: duban creates its own, private.
    std::fs::remove_file(&db).unwrap();
    assert_eq!(run(&db, "en", &["list"]).0, 0);
}

#[test]
fn a_file_others_may_write_is_not_opened() {
    let (_dir, db) = office();
    for mode in [0o664, 0o606, 0o620] {
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(mode)).unwrap();
        let said = refused_in_both(&db, &["list"], 2, "other users", "其他用户");
        assert!(said.contains(&format!("{mode:o}")), "{said}");
        assert!(said.contains("chmod 600"), "{said}");
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(run(&db, "en", &["list"]).0, 0);
}

#[test]
fn a_file_of_another_user_is_not_opened() {
    if !is_root() {
        eprintln!(
            "SKIPPED: a_file_of_another_user_is_not_opened: only root can give a file to \
             another user to set this case up"
        );
        return;
    }
    let (_dir, db) = office();
    let status = std::process::Command::new("chown")
        .arg("54321")
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    let said = refused_in_both(&db, &["list"], 2, "another user", "另一用户");
    assert!(said.contains("54321"), "{said}");
}

#[test]
fn a_read_only_database_exits_2_and_leaves_no_journal() {
    let (dir, db) = office();
    let ro = copy(&db, "ro.db");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o400)).unwrap();
    let said = refused_in_both(
        &ro,
        &["add", "--title", "新事项", "--lead", "财政局"],
        2,
        "read-only",
        "只读",
    );
    assert!(said.contains("chmod 600"), "{said}");
    refused_in_both(&ro, &["list"], 2, "read-only", "只读");
    assert!(!dir.path().join("ro.db-wal").exists());
    assert!(!dir.path().join("ro.db-shm").exists());
}

#[test]
fn an_unreadable_database_is_named_so() {
    let (_dir, db) = office();
    let no = copy(&db, "no.db");
    std::fs::set_permissions(&no, std::fs::Permissions::from_mode(0o000)).unwrap();
    let said = refused_in_both(&no, &["list"], 2, "cannot be read", "无法读取");
    assert!(said.contains("chmod 600"), "{said}");
}

#[test]
fn a_folder_that_cannot_hold_the_journal_is_named() {
    let (dir, db) = office();
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    let inside = folder.join("office.db");
    std::fs::copy(copy(&db, "c.db"), &inside).unwrap();
    // Root may write any folder: the case is run as `nobody`, who is given the office (and a
    // copy of the binary where `nobody` may run it: a fresh clone's folder may be root's only).
    let duban = || {
        if is_root() { as_nobody() } else { bare_std() }
    };
    if is_root() {
        let status = std::process::Command::new("chown")
            .args(["-R", &format!("{NOBODY}:{NOBODY}")])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o500)).unwrap();
    refused_in_both_to(duban, &inside, &["list"], 2, "folder", "文件夹");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(run_as(duban(), &inside, "en", &["list"]).0, 0);
}

/// The user and group `nobody`, whom root becomes to be refused what only root may do.
const NOBODY: u32 = 65534;

/// The binary as `nobody` runs it: copied, once, into a folder anyone may read (the build's own
/// folder may sit in a folder only root may enter), with the environment of [`bare_std`].
fn as_nobody() -> std::process::Command {
    use std::os::unix::process::CommandExt;
    static COPY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let base = bare_std();
    let program = COPY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.join("duban");
        std::fs::copy(base.get_program(), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        copy
    });
    let mut cmd = std::process::Command::new(program);
    for (key, value) in base.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd.uid(NOBODY).gid(NOBODY);
    cmd
}

#[test]
fn a_missing_folder_and_a_folder_given_as_the_file_are_named_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing").join("office.db");
    for (lang, words) in [("en", "does not exist"), ("zh", "不存在")] {
        let (code, err) = run(&missing, lang, &["list"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(words), "{err}");
    }
    let (code, err) = run(dir.path(), "zh", &["list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是一个文件夹"), "{err}");
    let (code, err) = run(dir.path(), "en", &["list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a folder"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Another program's lock

/// Holds an exclusive lock on the whole file (as a program writing in rollback-journal mode
/// does, and as duban's own bulk write does) for `hold`, from another thread.
fn hold_exclusive(db: &Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    })
}

#[test]
fn a_lock_held_briefly_is_waited_for_from_the_first_read() {
    let (_dir, db) = office();
    let held = hold_exclusive(&db, Duration::from_millis(1500));
    let start = Instant::now();
    let (code, err) = run(&db, "en", &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(start.elapsed() >= Duration::from_millis(1000));
    held.join().unwrap();
}

#[test]
fn a_lock_held_too_long_is_named_as_another_programs_lock() {
    let (_dir, db) = office();
    // (Reading the file here would drop the lock: closing any descriptor of a file releases
    // the process's POSIX locks on it.)
    let held = hold_exclusive(&db, Duration::from_secs(13));
    for (lang, words) in [
        ("en", "locked by another program"),
        ("zh", "被另一程序锁定"),
    ] {
        let (code, err) = run(&db, lang, &["list"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(words), "{err}");
        assert!(!err.contains("not a duban database"), "{err}");
    }
    held.join().unwrap();
    let (code, err) = run(&db, "en", &["list"]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------------------------
// A full disk: exit 1

/// Runs duban on a database in a fresh 'size' tmpfs, in a mount namespace of its own; `None`
/// when this machine allows no such namespace (then the test says so and passes).
fn on_small_disk(size: &str, script: &str) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_duban");
    let mount = format!(
        "set -e; d=$(mktemp -d); mount -t tmpfs -o size={size} tmpfs \"$d\"; \
         duban() {{ LANG=C \"{bin}\" --db \"$d/office.db\" --today {TODAY} \"$@\"; }}; \
         set +e; {script}"
    );
    for unshare in [&["-m"][..], &["-r", "-m"]] {
        let out = std::process::Command::new("unshare")
            .args(unshare)
            .args(["sh", "-c", &mount])
            .env_remove("DUBAN_DB")
            .output();
        if let Ok(out) = out
            && out.status.success()
        {
            return Some(
                String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
            );
        }
    }
    eprintln!(
        "SKIPPED: no mount namespace here (unshare -m) to make a small disk in; \
         a_file_that_may_not_grow_is_refused_whole_and_exits_1 makes the fault with a file size limit"
    );
    None
}

#[test]
fn a_full_disk_is_named_and_exits_1() {
    // Too small for the schema: the new database cannot be written.
    if let Some(out) = on_small_disk(
        "64k",
        "duban list; echo \"rc=$?\"; duban --lang zh list; echo \"rc=$?\"; ls -a \"$d\"",
    ) {
        assert!(out.contains("is full"), "{out}");
        assert!(out.contains("磁盘已满"), "{out}");
        assert_eq!(out.matches("rc=1").count(), 2, "{out}");
        assert!(!out.contains("not a duban database"), "{out}");
        // The database it could not finish is not left behind to be refused as empty later.
        assert!(
            !out.lines().any(|l| l.starts_with("office.db")),
            "files left: {out}"
        );
    }
    // Room for the schema, not for the sample office: the write is refused whole.
    if let Some(out) = on_small_disk(
        "400k",
        "duban list >/dev/null; echo \"rc=$?\"; duban demo --items 400 2>&1; echo \"rc=$?\"; \
         duban list --format json | grep -c number; true",
    ) {
        assert!(out.starts_with("rc=0"), "{out}");
        assert!(out.contains("disk holding the database is full"), "{out}");
        assert!(out.contains("rc=1"), "{out}");
        assert!(out.trim_end().ends_with('0'), "nothing written: {out}");
    }
}

/// A full disk met by a command that only reads (its shared-memory index beside the file
/// cannot be made) is named as a full disk in both languages, not "disk I/O error"; once room
/// is made, the office reads as before.
#[test]
fn a_full_disk_met_while_reading_is_named_so() {
    if let Some(out) = on_small_disk(
        "400k",
        "duban add --title 一件 --lead 财政局 >/dev/null; \
         dd if=/dev/zero of=\"$d/fill\" bs=1k 2>/dev/null; \
         duban list; echo \"rc=$?\"; duban --lang zh report --period year; echo \"rc=$?\"; \
         duban --read-only list; echo \"rc=$?\"; \
         rm \"$d/fill\"; duban list --format json | grep -c number",
    ) {
        assert!(!out.contains("I/O error"), "{out}");
        assert_eq!(out.matches("is full").count(), 2, "{out}");
        assert!(out.contains("磁盘已满"), "{out}");
        assert_eq!(out.matches("rc=1").count(), 3, "{out}");
        assert!(
            out.lines().any(|l| l == "1"),
            "the office reads again: {out}"
        );
    }
}

#[test]
fn a_file_that_may_not_grow_is_refused_whole_and_exits_1() {
    // Runs everywhere, as any user, with no mount namespace: SQLite reports the limit as a
    // write error (EFBIG is not ENOSPC), so the words are not the full disk's, but the rest is.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    // Room for the shared-memory index (32 KiB), not for the schema.
    for lang in ["en", "zh"] {
        let (code, err) = run_as(limited_to(64), &db, lang, &["list"]);
        assert_eq!(code, 1, "{lang}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("not a duban database"), "{err}");
        assert!(!err.contains("不是 duban 数据库"), "{err}");
        // The database it could not finish is not left behind to be refused as empty later.
        assert_eq!(names(dir.path()), Vec::<String>::new(), "{lang}: {err}");
    }
    // Room for the schema, not for the sample office: the write is refused whole.
    assert_eq!(run(&db, "en", &["list"]).0, 0);
    let size = std::fs::metadata(&db).unwrap().len();
    let (code, err) = run_as(
        limited_to(size / 512 + 64),
        &db,
        "en",
        &["demo", "--items", "400"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let listed = bare_std()
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    assert_eq!(
        String::from_utf8(listed.stdout)
            .unwrap()
            .matches("\"number\"")
            .count(),
        0,
        "nothing written: {err}"
    );
    // The same office without the limit takes the sample: the limit was the fault.
    assert_eq!(run(&db, "en", &["demo", "--items", "400"]).0, 0);
}

// ---------------------------------------------------------------------------------------------
// The first open of a new office

/// Eight commands opening one new file at once all succeed on one office: the file appears
/// whole (made under a temporary name and linked into place), and a step of the schema another
/// process took meanwhile is not taken twice. It used to fail 128 of 160 commands with
/// migration errors.
#[test]
fn eight_first_opens_at_once_make_one_office() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        let children: Vec<_> = (0..8)
            .map(|i| {
                bare_std()
                    .arg("--db")
                    .arg(&db)
                    .args(["--today", TODAY, "--lang", "en", "add", "--title"])
                    .arg(format!("第{round}轮第{i}件"))
                    .args(["--lead", "财政局"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
        }
        let (code, _) = run(&db, "en", &["list"]);
        assert_eq!(code, 0);
        let out = bare_std()
            .arg("--db")
            .arg(&db)
            .args(["--today", TODAY, "list", "--format", "json"])
            .output()
            .unwrap();
        let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(items.as_array().unwrap().len(), 8, "round {round}");
        let leftovers: Vec<String> = names(dir.path())
            .into_iter()
            .filter(|n| n.contains(".new-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// A first open killed midway leaves only its temporary file, never an empty `office.db` that
/// every later command would refuse as a stray file; the next open makes the office.
#[test]
fn a_first_open_killed_midway_leaves_no_file_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let mut killed = 0;
    for _ in 0..20 {
        let mut child = bare_std()
            .arg("--db")
            .arg(&db)
            .args(["--today", TODAY, "list"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(1500));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        if db.exists() {
            let (code, said) = run(&db, "en", &["list"]);
            assert_eq!(code, 0, "{said}");
            std::fs::remove_file(&db).unwrap();
            for suffix in ["-wal", "-shm", "-checked"] {
                let _ = std::fs::remove_file(dir.path().join(format!("office.db{suffix}")));
            }
        }
    }
    eprintln!("killed {killed} of 20 first opens while they ran");
    assert!(killed > 0, "no first open was killed while it ran");
    let (code, said) = run(&db, "en", &["add", "--title", "一件", "--lead", "财政局"]);
    assert_eq!(code, 0, "{said}");
}

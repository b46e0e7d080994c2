//! Faults a workstation meets, run as a tester runs them: kill -9 in the middle of bursts of
//! writes, and several clerks writing, undoing and redoing at once. Nothing acknowledged is
//! lost, no redo is left stuck, and the file checks (pages, chain, replay) afterwards. Each
//! test prints its counts (`cargo test --test faults -- --nocapture`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;

use common::{TODAY, bare_std};

const BIN: &str = env!("CARGO_BIN_EXE_duban");

/// `duban --db DB --today TODAY args…`, in English, with nothing of the environment's.
fn duban(db: &Path, args: &[&str]) -> std::process::Output {
    bare_std()
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = duban(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every item's number and how many feedback records it holds.
fn items(db: &Path) -> Vec<(String, usize)> {
    let json: serde_json::Value =
        serde_json::from_str(&ok(db, &["export", "--format", "json"])).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["number"].as_str().unwrap().to_string(),
                i["feedback"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

/// The lines a file holds (none when it is missing).
fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A shell loop of writes, in a process group of its own so that one signal kills the loop and
/// the duban it is running.
fn burst(script: &str, args: &[&str]) -> std::process::Child {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .env_remove("DUBAN_DB")
        .env_remove("DUBAN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/duban-tests")
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap()
}

/// The file's checks all pass: its pages, references and guards, the chain and the replay.
fn file_checks(db: &Path) {
    ok(db, &["check"]);
    ok(db, &["audit", "verify"]);
}

/// Twenty rounds of a burst of writes (an item, then its feedback, as fast as they go), each
/// killed with SIGKILL at a different moment: every item whose number was printed is there,
/// at most one item a round more (the one being written when the kill came), the file checks,
/// and undo and redo still work.
#[test]
fn kill_9_during_bursts_of_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let ack = dir.path().join("acknowledged");
    ok(&db, &["list"]);
    // A command that fails on its own (not killed: the kill takes the loop with it) says so.
    let script = r#"while :; do
        n=$("$0" --db "$1" --today "$2" add --title "第$3轮" --lead 财政局 2>> "$4.failed") \
            || { echo "add failed" >> "$4.failed"; exit 1; }
        echo "$n" >> "$4"
        "$0" --db "$1" --today "$2" feedback "$n" --text 进展 > /dev/null 2>> "$4.failed" \
            || { echo "feedback failed" >> "$4.failed"; exit 1; }
    done"#;
    const ROUNDS: u64 = 20;
    for round in 0..ROUNDS {
        let mut child = burst(
            script,
            &[
                db.to_str().unwrap(),
                TODAY,
                &round.to_string(),
                ack.to_str().unwrap(),
            ],
        );
        // From 40 ms to 420 ms: the kill lands in every part of a command's life.
        std::thread::sleep(Duration::from_millis(40 + (round * 97) % 380));
        let killed = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .status()
            .unwrap();
        assert!(killed.success());
        child.wait().unwrap();
    }
    let failed = lines(&dir.path().join("acknowledged.failed"));
    assert!(
        failed.is_empty(),
        "commands failed on their own: {failed:?}"
    );
    let acknowledged: BTreeSet<String> = lines(&ack).into_iter().collect();
    let found: BTreeSet<String> = items(&db).into_iter().map(|(n, _)| n).collect();
    eprintln!(
        "kill -9: {ROUNDS} rounds, {} items acknowledged, {} found, {} lost",
        acknowledged.len(),
        found.len(),
        acknowledged.difference(&found).count()
    );
    assert!(!acknowledged.is_empty());
    let lost: Vec<_> = acknowledged.difference(&found).collect();
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert!(found.len() as u64 <= acknowledged.len() as u64 + ROUNDS);
    file_checks(&db);
    // Nothing is left half-done for undo and redo.
    let last = found.iter().next_back().unwrap();
    ok(&db, &["feedback", last, "--text", "复查"]);
    ok(&db, &["undo"]);
    ok(&db, &["redo"]);
    file_checks(&db);
}

/// `n` clerks at once, each registering items and for each one recording feedback, undoing it
/// and redoing it: every command succeeds, every item is there with its one feedback record
/// (no lost update, no redo stuck or taking another clerk's action), and the file checks.
fn clerks_at_once(n: usize) {
    const EACH: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    ok(&db, &["list"]);
    let script = r#"bin=$0 db=$1 today=$2 clerk=$3 ack=$4 each=$5 i=0
    run() {
        "$bin" --db "$db" --today "$today" --actor "$clerk" "$@" > /dev/null 2>> "$ack.failed" \
            || echo "failed: $*" >> "$ack.failed"
    }
    while [ $i -lt "$each" ]; do
        i=$((i + 1))
        n=$("$bin" --db "$db" --today "$today" --actor "$clerk" add --title "$clerk 的第 $i 件" \
            --lead 财政局 2>> "$ack.failed") || { echo "failed: add" >> "$ack.failed"; continue; }
        echo "$n" >> "$ack"
        run feedback "$n" --text "$clerk 的进展"
        run undo
        run redo
    done"#;
    let children: Vec<_> = (0..n)
        .map(|k| {
            let clerk = format!("clerk{k}");
            let ack = dir.path().join(&clerk);
            burst(
                script,
                &[
                    db.to_str().unwrap(),
                    TODAY,
                    &clerk,
                    ack.to_str().unwrap(),
                    &EACH.to_string(),
                ],
            )
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let mut acknowledged = BTreeSet::new();
    for k in 0..n {
        let clerk = dir.path().join(format!("clerk{k}"));
        let failed = std::fs::read_to_string(dir.path().join(format!("clerk{k}.failed")))
            .unwrap_or_default();
        assert!(failed.is_empty(), "clerk{k}: {failed}");
        acknowledged.extend(lines(&clerk));
    }
    let found = items(&db);
    eprintln!(
        "{n} clerks at once: {} commands, {} items acknowledged, {} found, {} with their one feedback",
        n * EACH * 4,
        acknowledged.len(),
        found.len(),
        found.iter().filter(|(_, f)| *f == 1).count()
    );
    assert_eq!(acknowledged.len(), n * EACH);
    assert_eq!(
        found
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<BTreeSet<_>>(),
        acknowledged
    );
    for (number, feedback) in &found {
        assert_eq!(
            *feedback, 1,
            "{number}: undo then redo leaves its one feedback"
        );
    }
    file_checks(&db);
}

#[test]
fn two_clerks_at_once_lose_nothing() {
    clerks_at_once(2);
}

#[test]
fn four_clerks_at_once_lose_nothing() {
    clerks_at_once(4);
}

/// Copies made while another clerk writes as fast as the machine goes: each copy is the last
/// commit whole (it verifies, its chain and replay agree), and the writer loses nothing.
#[test]
fn a_backup_taken_while_another_clerk_writes_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let ack = dir.path().join("acknowledged");
    ok(&db, &["list"]);
    let script = r#"while :; do
        n=$("$0" --db "$1" --today "$2" add --title 复制期间 --lead 财政局) || exit 1
        echo "$n" >> "$3"
    done"#;
    let mut writer = burst(
        script,
        &[db.to_str().unwrap(), TODAY, ack.to_str().unwrap()],
    );
    let mut sizes = Vec::new();
    for k in 0..5 {
        std::thread::sleep(Duration::from_millis(60));
        let copy = dir.path().join(format!("copy{k}.db"));
        ok(&db, &["backup", copy.to_str().unwrap()]);
        file_checks(&copy);
        sizes.push(items(&copy).len());
    }
    Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", writer.id())])
        .status()
        .unwrap();
    writer.wait().unwrap();
    let acknowledged: BTreeSet<String> = lines(&ack).into_iter().collect();
    let found: BTreeSet<String> = items(&db).into_iter().map(|(n, _)| n).collect();
    eprintln!(
        "backup while writing: copies of {sizes:?} items, {} acknowledged, {} found",
        acknowledged.len(),
        found.len()
    );
    assert!(acknowledged.is_subset(&found));
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    file_checks(&db);
}

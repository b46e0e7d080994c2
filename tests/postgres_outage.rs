//! The server stopped in the middle of the clerks' work (`pg_ctl stop -m immediate`, as a
//! crash) and started again: every command meanwhile says what happened in one sentence and
//! exits 1, and nothing a clerk was told was recorded is lost. A binary of its own, so that
//! stopping its server stops no other test's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::pg_server;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{bare, succeeded};

/// `duban` on the office at `office` on a fixed day.
fn on(office: &str, today: &str) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.args(["--db", office, "--today", today]);
    cmd
}

/// The tests here stop the one server in turn.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn a_server_stopped_mid_work_loses_nothing_acknowledged_and_each_failure_says_so() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = pg_server::server();
    let office = server.fresh_database();
    let on = |today: &str| on(&office, today);
    let n = succeeded(on("2026-11-02").args([
        "add",
        "--title",
        "河道整治",
        "--lead",
        "水务局",
        "--due",
        "2026-12-20",
    ]));
    let n = n.trim().to_string();
    succeeded(on("2026-11-03").args(["assign", &n]));
    let stop = AtomicBool::new(false);
    let (told, failures) = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let mut told = Vec::new();
            let mut failures = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) || i < 5 {
                let text = format!("第{i}次反馈");
                let out = on("2026-11-10")
                    .args(["feedback", &n, "--text", &text, "--percent", "50"])
                    .output()
                    .unwrap();
                if out.status.success() {
                    told.push(text);
                } else {
                    failures.push((
                        out.status.code(),
                        String::from_utf8_lossy(&out.stderr).to_string(),
                    ));
                }
                i += 1;
                if i > 400 {
                    break;
                }
            }
            (told, failures)
        });
        std::thread::sleep(std::time::Duration::from_millis(400));
        server.stop_immediately();
        std::thread::sleep(std::time::Duration::from_millis(600));
        server.start_again();
        std::thread::sleep(std::time::Duration::from_millis(300));
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap()
    });
    assert!(
        !failures.is_empty(),
        "no command ran while the server was down"
    );
    for (code, said) in &failures {
        assert_eq!(said.lines().count(), 1, "{said}");
        // Not reached before anything was done: 2; lost during the work: 1.
        match code {
            Some(2) => assert!(said.contains("cannot be reached"), "{said}"),
            Some(1) => assert!(said.contains("was lost"), "{said}"),
            other => panic!("exit {other:?}: {said}"),
        }
    }
    // What the clerk was told was recorded is there, once each.
    let shown: serde_json::Value = serde_json::from_str(&succeeded(
        on("2026-11-10").args(["show", &n, "--format", "json"]),
    ))
    .unwrap();
    let mut held: Vec<String> = shown["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap().to_string())
        .collect();
    let mut told = told;
    held.sort();
    told.sort();
    assert_eq!(held, told);
    eprintln!(
        "{} feedbacks acknowledged and found, {} refused while the server was down",
        told.len(),
        failures.len()
    );
    assert!(
        succeeded(on("2026-11-10").args(["audit", "verify"])).contains("agree with their history")
    );
}

#[test]
fn the_interface_keeps_the_typed_form_while_the_server_is_down_and_saves_it_once_it_is_back() {
    use common::tmux::{Session, tmux_available};
    if !tmux_available() {
        return;
    }
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = pg_server::server();
    let office = server.fresh_database();
    let on = |today: &str| on(&office, today);
    let n = succeeded(on("2026-11-02").args([
        "add",
        "--title",
        "河道整治",
        "--lead",
        "水务局",
        "--due",
        "2026-12-20",
    ]));
    let n = n.trim().to_string();
    for mv in ["assign", "start"] {
        succeeded(on("2026-11-03").args([mv, &n]));
    }
    let s = Session::start_command(
        &format!(
            "{} --db '{office}' --today 2026-11-25 --lang zh",
            env!("CARGO_BIN_EXE_duban")
        ),
        140,
        40,
    );
    s.wait_for("河道整治");
    s.keys(&["f"]);
    s.wait_for(&format!("录入进展反馈 {n}"));
    s.type_text("停机前键入的反馈");
    server.stop_immediately();
    s.keys(&["Enter"]);
    // Lost during the write, or not reached when the connection is made again: either is said.
    let screen = s.wait_for("本办数据库服务器");
    assert!(
        screen.contains("连接已中断") || screen.contains("无法连接"),
        "{screen}"
    );
    assert!(
        screen.contains("停机前键入的反馈"),
        "the form was not kept:\n{screen}"
    );
    server.start_again();
    s.keys(&["Enter"]);
    s.wait_for(&format!("已保存反馈 {n}"));
    s.keys(&["q"]);
    let shown: serde_json::Value = serde_json::from_str(&succeeded(
        on("2026-11-25").args(["show", &n, "--format", "json"]),
    ))
    .unwrap();
    let texts: Vec<&str> = shown["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["停机前键入的反馈"]);
}

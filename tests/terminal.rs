//! End to end in a real terminal: the binary runs inside tmux, keys are typed with
//! `send-keys`, the screen is read with `capture-pane`, and the database is then read back
//! through the command line to prove that nothing confirmed was lost.
//!
//! tmux must be installed (`.ci/run` installs it). Without it these tests fail under CI and are
//! skipped with a message elsewhere.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::{Session, TODAY, tmux_available};

const BIN: &str = env!("CARGO_BIN_EXE_duban");

fn duban(db: &Path, args: &[&str]) -> String {
    duban_on(db, TODAY, args)
}

/// Runs a command on `today`, in English, and returns what it printed.
fn duban_on(db: &Path, today: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .arg("--db")
        .arg(db)
        .args(["--today", today])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn item(db: &Path, number: &str) -> serde_json::Value {
    serde_json::from_str(&duban(db, &["show", number, "--format", "json"])).unwrap()
}

#[test]
fn feedback_typed_in_the_interface_is_in_the_database() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let number = duban(
        &db,
        &[
            "add",
            "--title",
            "整改道路积水点",
            "--lead",
            "市住房和城乡建设局",
            "--due",
            "+5wd",
        ],
    );
    assert_eq!(number.trim(), "2026-001");
    duban(&db, &["assign", "2026-001"]);

    let s = Session::start(&db, "zh", 120, 40);
    s.wait_for("整改道路积水点");
    s.keys(&["f"]);
    s.wait_for("录入进展反馈");
    s.type_text("已完成现场核查，正在施工");
    s.keys(&["Tab"]);
    s.type_text("60");
    s.keys(&["Enter"]);
    let screen = s.wait_for("已保存反馈");
    assert!(screen.contains("60% "), "{screen}");
    s.keys(&["q"]);
    s.wait_until_closed();

    let shown = item(&db, "2026-001");
    let feedback = shown["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1);
    assert_eq!(feedback[0]["text"], "已完成现场核查，正在施工");
    assert_eq!(feedback[0]["percent"], 60);
    assert_eq!(feedback[0]["on_date"], TODAY);
    let kinds: Vec<_> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["item_registered", "status_changed", "feedback_added"]
    );
    assert_eq!(shown["events"][2]["actor"], "督查员");
}

#[test]
fn three_pasted_lines_go_into_the_form_and_never_run_as_keys() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "整改道路积水点",
            "--lead",
            "市住房和城乡建设局",
            "--due",
            "+5wd",
        ],
    );
    duban(&db, &["assign", "2026-001"]);

    // After duban quits, `cat -v` shows what a paste then sends: the terminal must be back to
    // plain pastes.
    let s = Session::start_then(&db, "zh", 120, 40, "; echo DUBAN-QUIT; cat -v");
    let main = s.wait_for("整改道路积水点");
    // On the main screen a paste is not keys: `e` would edit, `d` complete, `q` quit.
    s.paste("e\nd\nq");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(s.screen(), main);
    // Into the feedback text, a multi-line field: all three lines.
    s.keys(&["f"]);
    s.wait_for("录入进展反馈");
    s.paste("现场核查完毕\nd\nq");
    s.wait_for("现场核查完毕⏎d⏎q");
    // Into the percent, a one-line field: refused, nothing inserted.
    s.keys(&["Tab"]);
    s.paste("60\n70\nq");
    s.wait_for("完成进度%只能填一行，粘贴的内容有 3 行");
    s.type_text("60");
    s.keys(&["Enter"]);
    let screen = s.wait_for("已保存反馈");
    assert!(screen.contains("60% "), "{screen}");
    s.keys(&["q"]);
    s.wait_for("DUBAN-QUIT");
    s.paste("after");
    let after = s.wait_for("after");
    assert!(
        !after.contains("[200~"),
        "bracketed paste left on:\n{after}"
    );

    let shown = item(&db, "2026-001");
    assert_eq!(shown["title"], "整改道路积水点");
    assert_eq!(shown["status"], "assigned");
    let feedback = shown["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1);
    assert_eq!(feedback[0]["text"], "现场核查完毕\nd\nq");
    assert_eq!(feedback[0]["percent"], 60);
    let kinds: Vec<_> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["item_registered", "status_changed", "feedback_added"]
    );
}

#[test]
fn a_signal_turns_bracketed_paste_off_again() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "Repair the flood gate",
            "--lead",
            "Water Bureau",
        ],
    );
    let s = Session::start_then(&db, "en", 100, 30, "; echo DUBAN-QUIT; cat -v");
    s.wait_for("Repair the flood gate");
    // The pane runs a shell whose child is duban.
    let shell =
        String::from_utf8(s.tmux(&["display-message", "-p", "#{pane_pid}"]).stdout).unwrap();
    let children = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    let pid = String::from_utf8(children.stdout).unwrap();
    assert!(
        Command::new("kill")
            .args(["-TERM", pid.trim()])
            .status()
            .unwrap()
            .success()
    );
    s.wait_for("DUBAN-QUIT");
    s.paste("after");
    let after = s.wait_for("after");
    assert!(
        !after.contains("[200~"),
        "bracketed paste left on:\n{after}"
    );
}

/// The pid of duban running in the session's pane (the pane runs a shell whose child it is).
fn duban_pid(s: &Session) -> String {
    let shell =
        String::from_utf8(s.tmux(&["display-message", "-p", "#{pane_pid}"]).stdout).unwrap();
    let children = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    String::from_utf8(children.stdout)
        .unwrap()
        .trim()
        .to_string()
}

fn signal(pid: &str, name: &str) {
    assert!(
        Command::new("kill")
            .args([&format!("-{name}"), pid])
            .status()
            .unwrap()
            .success()
    );
}

/// SIGQUIT would dump core and SIGUSR1 end the program with the terminal left raw and
/// bracketed paste on; both end it with the terminal restored.
#[test]
fn quit_and_user_signals_restore_the_terminal() {
    if !tmux_available() {
        return;
    }
    for name in ["QUIT", "USR1"] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        duban(
            &db,
            &[
                "add",
                "--title",
                "Repair the flood gate",
                "--lead",
                "Water Bureau",
            ],
        );
        let s = Session::start_then(&db, "en", 100, 30, "; echo DUBAN-QUIT; cat -v");
        s.wait_for("Repair the flood gate");
        signal(&duban_pid(&s), name);
        s.wait_for("DUBAN-QUIT");
        s.paste("after");
        let after = s.wait_for("after");
        assert!(
            !after.contains("[200~") && !after.contains("Repair the flood gate"),
            "{name}: terminal not restored:\n{after}"
        );
    }
}

/// SIGTSTP gives the terminal back and stops duban; SIGCONT (what `fg` sends) takes the
/// terminal again and draws the whole screen, and keys work again.
#[test]
fn a_stop_gives_the_terminal_back_and_continuing_redraws() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "Repair the flood gate",
            "--lead",
            "Water Bureau",
        ],
    );
    let s = Session::start_then(&db, "en", 100, 30, "; echo DUBAN-QUIT");
    s.wait_for("Repair the flood gate");
    let pid = duban_pid(&s);
    signal(&pid, "TSTP");
    let start = Instant::now();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .chars()
            .next();
        if state == Some('T') {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "never stopped: {stat}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The alternate screen was left: the interface is no longer on the pane.
    let stopped = s.screen();
    assert!(!stopped.contains("Repair the flood gate"), "{stopped}");
    signal(&pid, "CONT");
    s.wait_for("Repair the flood gate");
    s.keys(&["?"]);
    s.wait_for("close");
    s.keys(&["Escape", "q"]);
    s.wait_until_closed();
}

#[test]
fn killing_the_terminal_loses_nothing_confirmed() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "Repair the flood gate",
            "--lead",
            "Water Bureau",
        ],
    );

    let s = Session::start(&db, "en", 100, 30);
    s.wait_for("Repair the flood gate");
    s.keys(&["n"]);
    s.wait_for("Accountability note");
    s.keys(&["Tab", "Tab"]);
    s.type_text("no progress report");
    // A note names the correction it requires.
    s.keys(&["Tab"]);
    s.type_text("report by Friday");
    s.keys(&["Enter"]);
    s.wait_for("note recorded");
    // An unconfirmed form is open when the terminal disappears.
    s.keys(&["f"]);
    s.wait_for("Record feedback");
    s.type_text("never confirmed");
    let _ = s.tmux(&["kill-server"]);
    std::thread::sleep(Duration::from_millis(300));

    let shown = item(&db, "2026-001");
    assert_eq!(shown["notes"].as_array().unwrap().len(), 1);
    assert_eq!(shown["notes"][0]["reason"], "no progress report");
    assert_eq!(shown["notes"][0]["requirement"], "report by Friday");
    assert_eq!(shown["notes"][0]["target"], "Water Bureau");
    assert_eq!(shown["feedback"].as_array().unwrap().len(), 0);
    // The process is gone rather than spinning on a closed terminal.
    let ps = Command::new("pgrep")
        .args(["-f", &db.display().to_string()])
        .output();
    if let Ok(ps) = ps {
        assert!(
            ps.stdout.is_empty(),
            "duban still running: {}",
            String::from_utf8_lossy(&ps.stdout)
        );
    }
}

#[test]
fn the_interface_fits_80_by_24_and_quits_cleanly() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(&db, &["demo", "--items", "120", "--seed", "3"]);
    let s = Session::start(&db, "en", 80, 24);
    let screen = s.wait_for("red ");
    assert!(
        screen.contains("1 Items") && screen.contains("2 Deadlines"),
        "{screen}"
    );
    s.keys(&["?"]);
    s.wait_for("Keys (Esc closes)");
    s.keys(&["Escape", "q"]);
    s.wait_until_closed();
}

/// Registers an item due on `due`, assigned, as of 2026-11-02 (so it is red on 2026-11-25).
fn red_item(db: &Path, title: &str, due: &str) -> String {
    let number = duban_on(
        db,
        "2026-11-02",
        &[
            "add",
            "--title",
            title,
            "--lead",
            "市住房和城乡建设局",
            "--due",
            due,
        ],
    )
    .trim()
    .to_string();
    duban(db, &["assign", &number]);
    number
}

#[test]
fn triage_urge_skip_feedback_undo_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let a = red_item(&db, "甲：最早超期的事项", "2026-11-05");
    let b = red_item(&db, "乙：其次超期的事项", "2026-11-10");
    let c = red_item(&db, "丙：最晚超期的事项", "2026-11-12");

    let s = Session::start(&db, "zh", 140, 40);
    s.wait_for("甲：最早超期的事项");
    s.keys(&["t"]);
    s.wait_for("督办研判 1/3");
    s.keys(&["u"]);
    s.wait_for("催办 2026-001");
    s.keys(&["Enter"]);
    s.wait_for("督办研判 2/3");
    s.keys(&["j"]);
    s.wait_for("督办研判 3/3");
    s.keys(&["f"]);
    s.wait_for("录入进展反馈 2026-003");
    s.type_text("现场核查完毕");
    s.keys(&["Enter"]);
    s.wait_for("今日队列已清空");
    s.keys(&["z"]);
    s.wait_for("已撤销 2026-003");
    s.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    s.keys(&["q"]);
    s.wait_until_closed();

    let first = item(&db, &a);
    let notes = first["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "reminder");
    assert_eq!(
        notes[0]["requirement"],
        "三个工作日内报送整改措施和完成时限"
    );
    assert_eq!(item(&db, &b)["notes"].as_array().unwrap().len(), 0);
    let third = item(&db, &c);
    assert_eq!(third["feedback"].as_array().unwrap().len(), 0);
    let kinds: Vec<_> = third["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "item_registered",
            "status_changed",
            "feedback_added",
            "undone"
        ]
    );
}

#[test]
fn clearing_a_twenty_item_queue_of_urgings_takes_two_keys_an_item() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let numbers: Vec<String> = (0..20)
        .map(|i| red_item(&db, &format!("Item {i:02}"), "2026-11-05"))
        .collect();
    let s = Session::start(&db, "en", 140, 40);
    s.wait_for("Item 00");
    s.keys(&["t"]);
    s.wait_for("Triage 1/20");
    let mut keys_sent = 0;
    for i in 0..20 {
        s.keys(&["u"]);
        s.wait_for("Urge 2026-");
        s.keys(&["Enter"]);
        keys_sent += 2;
        if i < 19 {
            s.wait_for(&format!("Triage {}/20", i + 2));
        }
    }
    s.wait_for("The queue is empty");
    assert_eq!(keys_sent / numbers.len(), 2);
    eprintln!(
        "keystrokes to clear a 20-item urging queue: {keys_sent} ({} an item)",
        keys_sent / 20
    );
    s.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    s.keys(&["q"]);
    s.wait_until_closed();
    for n in &numbers {
        let notes = item(&db, n)["notes"].as_array().unwrap().len();
        assert_eq!(notes, 1, "{n}");
    }
}

#[test]
fn a_second_process_commit_shows_within_a_second() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "First clerk's item",
            "--lead",
            "Water Bureau",
        ],
    );
    let s = Session::start(&db, "en", 120, 30);
    s.wait_for("First clerk's item");
    // The other clerk, in another process.
    duban(
        &db,
        &[
            "add",
            "--title",
            "Second clerk's item",
            "--lead",
            "Water Bureau",
        ],
    );
    // No key is pressed: the interface notices the other process's commit by itself (it polls
    // `PRAGMA data_version` every 250 ms; how long it took is printed, not asserted, since this
    // machine is shared).
    let start = Instant::now();
    s.wait_for("Second clerk's item");
    eprintln!(
        "the other process's commit was on screen after {:?}",
        start.elapsed()
    );
    s.keys(&["q"]);
    s.wait_until_closed();
}

/// Inputs of the hostile corpus through a real terminal, pasted (bracketed) and typed into the
/// feedback form: the escape, the bidi override and the zero-width space are refused naming the
/// field (the terminal shows no colour, no reordering), markup and a formula are stored as
/// typed; the file checks afterwards.
#[test]
fn hostile_text_pasted_and_typed_in_a_real_terminal_is_stored_exactly_or_refused() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &["add", "--title", "整改道路积水点", "--lead", "市住建局"],
    );
    let s = Session::start(&db, "en", 160, 48);
    s.wait_for("整改道路积水点");
    let mut stored = Vec::new();
    for (text, refused) in [
        ("\u{1b}[31mRED", Some("without control characters")),
        ("abc\u{202e}txt.exe", Some("U+202E")),
        ("抄送\u{200b}单位", Some("U+200B")),
        ("<script>alert('督办')</script>", None),
        ("=HYPERLINK(\"http://example.org\")", None),
    ] {
        for pasted in [true, false] {
            // Typed, an escape is a key, not text: it would close the form and the rest of the
            // input would run as keys on the main screen.
            if !pasted && text.starts_with('\u{1b}') {
                continue;
            }
            s.keys(&["f"]);
            s.wait_for("Record feedback");
            if pasted {
                s.paste(text);
            } else {
                s.type_text(text);
            }
            match refused {
                Some(said) if pasted => {
                    s.wait_for(said);
                    s.keys(&["Escape"]);
                }
                // Typed, the invisible character reaches the field as text: the save names
                // the field.
                Some(said) => {
                    s.keys(&["Tab"]);
                    s.type_text("10");
                    s.keys(&["Enter"]);
                    s.wait_for(said);
                    s.keys(&["Escape"]);
                }
                None => {
                    s.keys(&["Tab"]);
                    s.type_text("10");
                    s.keys(&["Enter"]);
                    s.wait_for("feedback saved for");
                    stored.push(text);
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    s.keys(&["q"]);
    s.wait_until_closed();
    let shown = item(&db, "2026-001");
    let texts: Vec<&str> = shown["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    let mut expected = stored.clone();
    expected.reverse();
    assert_eq!(texts, expected);
    duban(&db, &["check"]);
}

#[test]
fn a_file_is_attached_from_a_form_with_its_path_completed_and_saved_back() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    duban(
        &db,
        &[
            "add",
            "--title",
            "道路积水点整治",
            "--lead",
            "市住建局",
            "--due",
            "+5wd",
        ],
    );
    let files = dir.path().join("原件");
    std::fs::create_dir(&files).unwrap();
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(files.join("办结报告-市住建局.pdf"), &bytes).unwrap();

    let s = Session::start(&db, "zh", 140, 40);
    s.wait_for("道路积水点整治");
    s.keys(&["p"]);
    s.wait_for("添加附件 2026-001");
    // Part of the name, then Tab: the one file it can be.
    s.type_text(&format!("{}/办结", files.display()));
    s.wait_for("可补全为");
    s.keys(&["Tab"]);
    let screen = s.wait_for("附上此文件（4.9 KB）");
    assert!(screen.contains("办结报告-市住建局.pdf"), "{screen}");
    // The kind: from 批示 to 办结报告.
    s.keys(&["Tab", "Right"]);
    s.wait_for("办结报告");
    s.keys(&["Enter"]);
    s.wait_for("已为 2026-001 附上“办结报告-市住建局.pdf”");
    // Saved back out from the form the other key opens, to a path typed.
    s.keys(&["o"]);
    s.wait_for("另存附件 2026-001");
    s.keys(&["Tab", "C-u"]);
    let out = dir.path().join("另存.pdf");
    s.type_text(&out.display().to_string());
    s.wait_for("新文件");
    s.keys(&["Enter"]);
    s.wait_for("附件已保存到");
    s.keys(&["q"]);
    s.wait_until_closed();

    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let shown = item(&db, "2026-001");
    let kept = &shown["attachments"][0];
    assert_eq!(kept["name"], "办结报告-市住建局.pdf");
    assert_eq!(kept["kind"], "completion_report");
    assert_eq!(kept["size"], 5000);
    assert_eq!(shown["events"][1]["kind"], "attached");
    assert_eq!(shown["events"][1]["actor"], "督查员");
}

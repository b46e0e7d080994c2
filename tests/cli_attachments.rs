//! End-to-end tests of the originals kept with an item (交办原件留存): `attach`, `attachment
//! save` and `attachment list`, `submit --attach`, and attachments through undo, the JSON export
//! and import, and a hostile file name. Run on a file here and on a server through
//! `tests/cli_on_server.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

/// Writes `bytes` to a file named `name` in the office's folder; its path.
fn file(o: &Office, name: &str, bytes: &[u8]) -> String {
    let path = o.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// The SHA-256 of `bytes` in lowercase hex, computed here apart from duban.
fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut hex = String::new();
    write!(hex, "{}", text.split_whitespace().next().unwrap()).unwrap();
    hex
}

/// Bytes that are not text: a scan's.
fn scan(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn a_file_is_kept_once_by_its_hash_and_recorded_with_who_and_when() {
    let o = office_with_item();
    let bytes = scan(50_000);
    let a = file(&o, "王市长批示.pdf", &bytes);
    let b = file(&o, "同一扫描件.pdf", &bytes);
    let out = o.run(&[
        "attach",
        "2026-001",
        &a,
        "--kind",
        "批示",
        "--note",
        "原件存档",
    ]);
    let hash = sha256(&bytes);
    assert_eq!(
        out,
        format!(
            "2026-001: attached “王市长批示.pdf” (48.8 KB, SHA-256 {})\n",
            &hash[..12]
        )
    );
    o.run(&["attach", "2026-001", &b, "--kind", "evidence"]);
    let d = o.show("2026-001");
    let kept = d["attachments"].as_array().unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0]["name"], "王市长批示.pdf");
    assert_eq!(kept[0]["kind"], "instruction");
    assert_eq!(kept[0]["size"], 50_000);
    assert_eq!(kept[0]["sha256"], hash.as_str());
    assert_eq!(kept[0]["note"], "原件存档");
    assert_eq!(kept[0]["on_date"], TODAY);
    assert_eq!(kept[1]["kind"], "evidence");
    assert_eq!(kept[1]["sha256"], hash.as_str());
    // The event names the file, its size, kind and hash; the history names who and when.
    let events = d["events"].as_array().unwrap();
    let attached: Vec<_> = events.iter().filter(|e| e["kind"] == "attached").collect();
    assert_eq!(attached.len(), 2);
    assert_eq!(attached[0]["actor"], o.actor().as_str());
    assert_eq!(attached[0]["data"]["sha256"], hash.as_str());
    assert_eq!(attached[0]["data"]["size"], 50_000);
    // Stored once: the export carries one file for the two attachments.
    let export: serde_json::Value =
        serde_json::from_str(&o.run(&["export", "--format", "json"])).unwrap();
    assert_eq!(export["files"].as_array().unwrap().len(), 1);
    assert_eq!(export["files"][0]["sha256"], hash.as_str());
    // `show` and `attachment list` list them, with their numbers.
    let shown = o.run(&["show", "2026-001"]);
    assert!(shown.contains("attachments (2)"), "{shown}");
    assert!(
        shown.contains(&format!("1. {TODAY} instruction")),
        "{shown}"
    );
    let listed = o.run(&["attachment", "list", "2026-001"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.starts_with(&format!("1. {TODAY} instruction “王市长批示.pdf”")));
}

#[test]
fn saving_writes_the_same_bytes_and_never_over_a_file_unless_forced() {
    let o = office_with_item();
    let bytes = scan(20_000);
    let path = file(&o, "办结报告.docx", &bytes);
    o.run(&["attach", "2026-001", &path, "--kind", "办结报告"]);
    let out_dir = o.dir.path().join("saved");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.display().to_string();
    // Into a folder under its own name; by its number, its name, or its hash's first digits.
    let said = o.run(&["attachment", "save", "2026-001", "1", "--out", &out]);
    assert!(said.starts_with("saved to ") && said.contains("办结报告.docx"));
    assert_eq!(std::fs::read(out_dir.join("办结报告.docx")).unwrap(), bytes);
    let again = o.refuse(
        &[
            "attachment",
            "save",
            "2026-001",
            "办结报告.docx",
            "--out",
            &out,
        ],
        "already exists",
    );
    assert!(again.contains("--force"), "{again}");
    std::fs::write(out_dir.join("办结报告.docx"), b"changed").unwrap();
    let hash = sha256(&bytes);
    o.run(&[
        "attachment",
        "save",
        "2026-001",
        &hash[..10],
        "--out",
        &out,
        "--force",
    ]);
    assert_eq!(std::fs::read(out_dir.join("办结报告.docx")).unwrap(), bytes);
    // To a file named.
    let named = o.dir.path().join("copy.bin").display().to_string();
    o.run(&["attachment", "save", "2026-001", "1", "--out", &named]);
    assert_eq!(std::fs::read(&named).unwrap(), bytes);
    o.refuse(
        &["attachment", "save", "2026-001", "2", "--out", &named],
        "has no attachment '2'",
    );
}

#[test]
fn a_file_over_the_limit_or_missing_is_refused_in_one_sentence_and_nothing_is_written() {
    let o = office_with_item();
    let config = o.dir.path().join("config.toml");
    std::fs::write(&config, "[attachments]\nmax_mb = 1\n").unwrap();
    let config = config.display().to_string();
    let big = file(&o, "big.pdf", &scan(1024 * 1024 + 1));
    let line = o.refuse(
        &["--config", &config, "attach", "2026-001", &big],
        "at most 1.0 MB",
    );
    assert!(line.contains("1.0 MB") && line.contains("max_mb"), "{line}");
    // Exactly the limit is taken.
    let edge = file(&o, "edge.pdf", &scan(1024 * 1024));
    o.run(&["--config", &config, "attach", "2026-001", &edge]);
    // Without the configuration the default, 20 MB, holds.
    o.run(&["attach", "2026-001", &big]);
    let missing = o.dir.path().join("无此文件.pdf").display().to_string();
    o.refuse(&["attach", "2026-001", &missing], "does not exist");
    let folder = o.dir.path().display().to_string();
    o.refuse(&["attach", "2026-001", &folder], "is not a file");
    let scan = file(&o, "a.pdf", b"x");
    o.refuse(
        &["attach", "2026-001", &scan, "--kind", "photo"],
        "kind must be one of",
    );
    o.refuse(&["attach", "2026-999", &scan], "2026-999");
    let bad = o.dir.path().join("config-bad.toml");
    std::fs::write(&bad, "[attachments]\nmax_mb = 0\n").unwrap();
    let out = o
        .cmd_on(TODAY)
        .args([
            "--config",
            bad.to_str().unwrap(),
            "attach",
            "2026-001",
            &scan,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_mb"));
}

#[test]
fn an_attachment_is_undone_and_redone_like_any_record() {
    let o = office_with_item();
    let path = file(&o, "佐证.jpg", &scan(3000));
    o.run(&["attach", "2026-001", &path, "--kind", "evidence"]);
    let version = o.show("2026-001")["version"].clone();
    o.run(&["undo"]);
    assert_eq!(o.show("2026-001")["attachments"], serde_json::json!([]));
    o.run(&["redo"]);
    let d = o.show("2026-001");
    assert_eq!(d["attachments"][0]["name"], "佐证.jpg");
    assert_ne!(d["version"], version, "the redo is a change of its own");
    // The bytes stayed for the redo.
    let out = o.dir.path().join("back.jpg").display().to_string();
    o.run(&["attachment", "save", "2026-001", "1", "--out", &out]);
    assert_eq!(std::fs::read(&out).unwrap(), scan(3000));
    // The history verifies, attachments compared with their events.
    let verified = o.run(&["audit", "verify"]);
    assert!(verified.contains("agree with their history"), "{verified}");
}

#[test]
fn a_completion_report_is_attached_when_it_is_submitted_in_one_action() {
    let o = office_with_item();
    o.run(&["assign", "2026-001"]);
    o.run(&["start", "2026-001"]);
    let path = file(&o, "办结报告.pdf", &scan(4096));
    let out = o.run(&[
        "submit",
        "2026-001",
        "--text",
        "已全部完成",
        "--attach",
        &path,
    ]);
    assert!(out.starts_with("2026-001: awaiting_review"), "{out}");
    let d = o.show("2026-001");
    assert_eq!(d["status"], "awaiting_review");
    assert_eq!(d["attachments"][0]["kind"], "completion_report");
    // One action: one undo takes the report and its file back.
    o.run(&["undo"]);
    let d = o.show("2026-001");
    assert_eq!(d["status"], "in_progress");
    assert_eq!(d["attachments"], serde_json::json!([]));
    // A missing file refuses the submission too: nothing moves.
    let missing = o.dir.path().join("none.pdf").display().to_string();
    o.refuse(
        &["submit", "2026-001", "--text", "完成", "--attach", &missing],
        "does not exist",
    );
}

#[test]
fn a_hostile_name_is_kept_inert_on_screen_and_on_disk() {
    let o = office_with_item();
    let hostile = "..\u{1b}[31m红\u{202e}fdp.exe";
    let path = file(&o, hostile, b"MZ not run");
    let out = o.run(&["attach", "2026-001", &path]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    let d = o.show("2026-001");
    let name = d["attachments"][0]["name"].as_str().unwrap().to_string();
    assert_eq!(name, "_[31m红_fdp.exe");
    let shown = o.run(&["show", "2026-001"]);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}'));
    // Saved into the folder named, under the safe name: nothing lands outside it.
    let out_dir = o.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    o.run(&[
        "attachment",
        "save",
        "2026-001",
        "1",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let written: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, vec![name]);
    // Its bytes were stored, never run: they come back as they were.
    let saved = std::fs::read(out_dir.join(&written[0])).unwrap();
    assert_eq!(saved, b"MZ not run");
}

#[test]
fn the_export_carries_the_files_and_the_import_gives_back_the_same_bytes() {
    let o = office_with_item();
    let bytes = scan(70_000);
    let path = file(&o, "批示.tif", &bytes);
    o.run(&["attach", "2026-001", &path, "--kind", "instruction"]);
    let exported = o.run(&["export", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["files"][0]["size"], 70_000);
    let file_path = o.dir.path().join("office.json");
    std::fs::write(&file_path, &exported).unwrap();
    let copy = Office::new();
    copy.run(&["import", file_path.to_str().unwrap()]);
    let again = copy.run(&["export", "--format", "json"]);
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("exported_at"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&again), strip(&exported));
    let out = copy.dir.path().join("back.tif").display().to_string();
    copy.run(&["attachment", "save", "2026-001", "1", "--out", &out]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    // Bytes altered on the way (still base64, other bytes) are refused by their address.
    let mut altered = doc.clone();
    let other = {
        use std::fmt::Write;
        let mut b64 = String::new();
        // "other bytes" in base64.
        write!(b64, "b3RoZXIgYnl0ZXM=").unwrap();
        b64
    };
    altered["files"][0]["base64"] = serde_json::Value::String(other);
    altered["files"][0]["size"] = serde_json::json!(11);
    let altered_path = o.dir.path().join("altered.json");
    std::fs::write(&altered_path, altered.to_string()).unwrap();
    let fresh = Office::new();
    let line = fresh.refuse(&["import", altered_path.to_str().unwrap()], "files[0]");
    assert!(line.contains("altered"), "{line}");
}

#[test]
fn the_notice_lists_the_originals_on_file() {
    let o = office_with_item();
    let path = file(&o, "王市长批示.pdf", b"scan");
    o.run(&["attach", "2026-001", &path, "--kind", "批示"]);
    let notice = o.run(&["notice", "2026-001"]);
    assert!(
        notice.contains(&format!(
            "| Originals on file | instruction “王市长批示.pdf” ({TODAY}) |"
        )),
        "{notice}"
    );
    let zh = succeeded(zh(o.cmd_on(TODAY).args(["notice", "2026-001"])));
    assert!(
        zh.contains(&format!("| 原件留存 | 批示“王市长批示.pdf”（{TODAY}） |")),
        "{zh}"
    );
}

#[test]
fn the_audit_finds_a_file_altered_behind_dubans_back() {
    if ON_SERVER {
        return; // the file's own table is altered here; the server's is the same code path.
    }
    let o = office_with_item();
    let path = file(&o, "办结报告.pdf", b"original bytes");
    o.run(&["attach", "2026-001", &path]);
    let clean = o.run(&["audit", "verify"]);
    assert!(
        clean.contains("1 attached files match their SHA-256"),
        "{clean}"
    );
    {
        let conn = rusqlite::Connection::open(&o.db).unwrap();
        conn.execute(
            "UPDATE attachment_files SET bytes = ?1",
            [b"altered bytes!".to_vec()],
        )
        .unwrap();
    }
    let out = o.cmd_on(TODAY).args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("was altered"), "{said}");
}

//! End-to-end tests of refusals that every command shares: exit code 2, one line naming the
//! field and what is accepted, nothing written, no control character echoed, in the clerk's
//! language.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn unknown_codes_are_refused() {
    let o = office_with_item();
    let cases: [(&[&str], &str); 5] = [
        (&["--source", "rumour"], "source"),
        (&["--cadence", "daily"], "cadence"),
        (&["--flags", "major,shiny"], "flags"),
        (&["--flags", "urgent"], "flags"),
        (&["--source", "Meeting!"], "source"),
    ];
    for (extra, field) in cases {
        let line = o.refuse(&add_args(extra), field);
        assert!(line.contains("must be one of"), "{extra:?}: {line}");
    }
    let line = o.refuse(
        &[
            "note", "2026-001", "--level", "scolding", "--reason", "逾期",
        ],
        "level",
    );
    assert!(
        line.contains("reminder") && line.contains("referral"),
        "{line}"
    );
    o.refuse(&["list", "--light", "purple"], "light");
    // An instruction needs the leader who gave it.
    o.refuse(&add_args(&["--instruction", "抓紧办理"]), "leader");
    o.refuse(&["list", "--status", "done"], "status");
}

#[test]
fn bad_dates_are_refused() {
    let o = office_with_item();
    for bad in ["2026-02-30", "12/01/2026", "tomorrow-ish", "+5w", "+-3d"] {
        let line = o.refuse(&add_args(&["--due", bad]), "due");
        assert!(line.contains(bad), "{bad}: {line}");
        assert!(line.contains("YYYY-MM-DD"), "{bad}: {line}");
    }
    // --today is checked the same way, before the database is touched.
    for bad in ["2026-02-30", "12/01/2026", "tomorrow-ish"] {
        let before = o.state();
        let mut cmd = bare();
        cmd.arg("--db")
            .arg(&o.at)
            .arg("--today")
            .arg(bad)
            .args(add_args(&[]));
        refused(&mut cmd, "--today");
        assert_eq!(o.state(), before);
    }
    // Milestones and extensions parse dates the same way.
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "节点",
            "--due",
            "2026-02-30",
        ],
        "due",
    );
    o.refuse(
        &[
            "extend",
            "2026-001",
            "--to",
            "tomorrow-ish",
            "--reason",
            "需要时间",
        ],
        "--to",
    );
}

#[test]
fn dates_outside_2000_to_2099_are_refused_everywhere() {
    let o = office_with_item();
    let before = o.state();
    for today in ["9999-12-31", "0000-01-01", "1999-12-31", "2100-01-01"] {
        let line = refused(
            o.cmd_on(today)
                .args(["add", "--title", "x", "--lead", "住建局"]),
            "--today",
        );
        assert!(line.contains("2000–2099"), "{line}");
        refused(
            bare()
                .arg("--db")
                .arg(&o.at)
                .env("DUBAN_TODAY", today)
                .args(["list"]),
            "--today",
        );
    }
    for due in ["2100-01-04", "0000-01-01", "1999-12-31"] {
        let line = o.refuse(&add_args(&["--due", due]), "due");
        assert!(line.contains("2000–2099"), "{due}: {line}");
    }
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2100-01-04",
        ],
        "2000–2099",
    );
    o.refuse(
        &["extend", "2026-001", "--to", "2100-01-04", "--reason", "x"],
        "--to",
    );
    assert_eq!(o.state(), before);
    // An expression that lands past 2099 is refused; one that stays inside is not.
    let late = Office::new();
    refused(
        late.cmd_on("2099-12-25").args([
            "add",
            "--title",
            "x",
            "--lead",
            "住建局",
            "--due",
            "+9wd",
        ]),
        "due",
    );
    let out = zh(late.cmd_on("2099-12-25").args([
        "add",
        "--title",
        "x",
        "--lead",
        "住建局",
        "--due",
        "+9wd",
    ]))
    .output()
    .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("超出 2000–2099 年"),
        "{out:?}"
    );
    late.run_on(
        "2099-12-25",
        &["add", "--title", "x", "--lead", "住建局", "--due", "+4wd"],
    );
}

#[test]
fn unknown_and_malformed_item_numbers_are_refused() {
    let o = office_with_item();
    for args in [
        &["show", "2026-999"][..],
        &["assign", "2026-999"],
        &["feedback", "2026-999", "--text", "进展"],
        &[
            "note",
            "2026-999",
            "--level",
            "reminder",
            "--reason",
            "逾期",
            "--require",
            "报送",
        ],
        &["extend", "2026-999", "--to", "+5wd", "--reason", "需要时间"],
        &["milestone", "2026-999", "--done", "1"],
    ] {
        let line = o.refuse(args, "2026-999");
        assert!(line.contains("not in this database"), "{args:?}: {line}");
    }
    for bad in ["abc", "2026-0", "26-001", "2026-x1"] {
        let line = o.refuse(&["show", bad], "number");
        assert!(line.contains(bad) && line.contains("2026-017"), "{line}");
        o.refuse(&["assign", bad], "number");
        o.refuse(&["cancel", bad, "--reason", "重复立项"], "number");
    }
    o.refuse(&["milestone", "2026-001", "--done", "1"], "milestone 1");
}

#[test]
fn control_characters_in_one_line_fields_are_refused() {
    let o = office_with_item();
    for bad in ["a\u{1b}[31mb", "a\tb", "a\nb", "\u{7}", "a\rb"] {
        let cases: [(&[&str], &str); 3] = [
            (&["add", "--title", bad, "--lead", "财政局"], "title"),
            (&["add", "--title", "新事项", "--lead", bad], "lead"),
            (&add_args(&["--owner", bad]), "owner"),
        ];
        for (args, field) in cases {
            let line = o.refuse(args, field);
            assert!(
                line.contains("control characters"),
                "{field} {bad:?}: {line}"
            );
            // The refusal never echoes the control character back to the terminal.
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{7}'),
                "{line:?}"
            );
        }
    }
    o.refuse(&add_args(&["--co", "财政局,a\u{1b}b"]), "co");
    o.refuse(&add_args(&["--ref", "办发\u{1b}[2J"]), "ref");
    o.refuse(
        &["feedback", "2026-001", "--text", "进展\u{1b}]0;x\u{7}"],
        "text",
    );
    o.refuse(
        &[
            "note", "2026-001", "--level", "reminder", "--reason", "x", "--target", "a\tb",
        ],
        "target",
    );
    o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "a\u{1b}b",
            "--due",
            "+3wd",
        ],
        "title",
    );
    o.refuse(
        &["cancel", "2026-001", "--reason", "重复\u{1b}[31m"],
        "reason",
    );
}

/// `abc\u{202E}txt.exe` prints as "abcexe.txt": a bidi override, an isolate, a zero-width or a
/// tag character would make a record read otherwise than it holds, so every text field refuses
/// them, one-line and multi-line alike, naming the character's code.
#[test]
fn invisible_characters_are_refused_in_every_text_field() {
    let o = office_with_item();
    for (bad, code) in [
        ("abc\u{202e}txt.exe", "U+202E"),
        ("财政\u{2067}局", "U+2067"),
        ("督办\u{200b}", "U+200B"),
        ("\u{feff}事项", "U+FEFF"),
        ("tag\u{e0041}", "U+E0041"),
    ] {
        let cases: [(&[&str], &str); 4] = [
            (&["add", "--title", bad, "--lead", "财政局"], "title"),
            (&["add", "--title", "新事项", "--lead", bad], "lead"),
            (&add_args(&["--owner", bad]), "owner"),
            (&["feedback", "2026-001", "--text", bad], "text"),
        ];
        for (args, field) in cases {
            let line = o.refuse(args, field);
            assert!(
                line.contains(code) && line.contains("invisible"),
                "{field} {bad:?}: {line}"
            );
            // The refusal names the character; it never prints it.
            assert!(!line.contains(bad), "{line:?}");
        }
    }
}

/// Error messages quote what was typed; a value with a newline or an escape sequence is
/// printed raw, so the refusal is no longer one line and the escape acts on the terminal.
#[test]
fn refusals_never_echo_control_characters() {
    let o = office_with_item();
    for (extra, field) in [
        (&["--source", "a\nb"][..], "source"),
        (&["--cadence", "\u{1b}[31mweekly"], "cadence"),
        (&["--due", "2026-1\n-01"], "due"),
    ] {
        let line = o.refuse(&add_args(extra), field);
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
    o.refuse(
        &["feedback", "2026-001", "--text", "x", "--percent", "5\n0"],
        "percent",
    );
    o.refuse(&["show", "2026\n-001"], "number");
}

#[test]
fn refusals_speak_chinese_with_lang_zh() {
    let office = Office::new();
    let out = office
        .cmd_on("2026-11-25")
        .args(["--lang", "zh", "add", "--title", " ", "--lead", "市财政局"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "duban: 事项名称不能为空\n"
    );
}

#[test]
fn demo_is_for_the_interface_and_show_has_no_csv() {
    let office = Office::new();
    office.add("事项", &[]);
    refused(office.cmd_on(TODAY).args(["--demo", "list"]), "--demo");
    refused(
        office
            .cmd_on(TODAY)
            .args(["show", "2026-001", "--format", "csv"]),
        "csv and xlsx are for lists",
    );
    refused(
        office.cmd_on(TODAY).args(["milestone", "2026-001"]),
        "--title TEXT --due DATE",
    );
}

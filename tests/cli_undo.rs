//! `duban undo` refused on the command line: the sentence says who changed what since and what
//! to do instead, in both languages (there is no view to refresh here).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn a_refused_undo_says_who_changed_what_since_and_what_to_do() {
    let office = Office::new();
    let n = office.add("整治老旧小区", &[]);
    // I (督查员) assign the item; another clerk then starts it.
    office.run(&["assign", &n]);
    succeeded(office.cmd_as("王科长", TODAY).args(["start", &n]));
    let before = office.show(&n);
    for (lang, words) in [
        (
            "en",
            ["cannot undo", "王科长", "changed its status", "directly"],
        ),
        ("zh", ["无法撤销", "王科长", "变更了办理状态", "直接"]),
    ] {
        let mut cmd = office.cmd_on(TODAY);
        cmd.args(["--lang", lang, "undo"]);
        let line = refused(&mut cmd, &n);
        for w in words {
            assert!(line.contains(w), "{lang}: {w:?} not in {line}");
        }
        assert!(line.contains(TODAY), "{line}");
        assert!(line.contains(&format!("duban show {n}")), "{line}");
        assert!(!line.contains("refreshed"), "{line}");
        assert!(!line.contains("界面已刷新"), "{line}");
    }
    // Nothing changed.
    assert_eq!(office.show(&n), before);
}

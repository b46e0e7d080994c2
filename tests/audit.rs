//! The record proves it was not altered: each way of changing the database behind duban's back
//! that a tester tried (a deleted note, a rewritten feedback, a forged status, a dropped guard,
//! an edited or appended event, an event rewritten and its guard put back, the last event
//! deleted) is found by `duban audit verify` or `duban check`, named, with a non-zero exit; an
//! office nobody touched verifies, and a head printed earlier is proved.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use rusqlite::Connection;

/// A sample office of 60 items in its own folder.
fn sample() -> Office {
    let o = Office::new();
    o.run(&["demo", "--items", "60"]);
    o
}

fn verify(o: &Office) -> (i32, String) {
    let out = o
        .cmd_on(TODAY)
        .args(["--lang", "en", "audit", "verify"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

fn sql(o: &Office, statements: &str) {
    // As a tamperer would: with the references unchecked.
    let conn = Connection::open(&o.db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute_batch(statements).unwrap();
}

fn one(o: &Office, query: &str) -> i64 {
    Connection::open(&o.db)
        .unwrap()
        .query_row(query, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_untouched_office_verifies_and_proves_an_earlier_head() {
    let o = sample();
    let (code, text) = verify(&o);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("the chain is whole and 60 items agree"),
        "{text}"
    );
    let head = o.run(&["audit", "head"]);
    let hash = head.split_whitespace().nth(1).unwrap().to_string();
    assert_eq!(hash.len(), 64, "{head}");
    // Later work does not unprove an earlier head.
    o.run(&["add", "--title", "新事项", "--lead", "财政局"]);
    let proved = o.run(&["--lang", "en", "audit", "verify", "--head", &hash]);
    assert!(proved.contains("is as it was when"), "{proved}");
    let checked = o.run(&["--lang", "en", "check", "--full"]);
    assert!(checked.contains("the chain is whole"), "{checked}");
}

#[test]
fn every_tampering_is_found_and_named() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a deleted note",
            "DELETE FROM notes WHERE id = (SELECT min(id) FROM notes)".into(),
            ": recorded by an event but missing",
        ),
        (
            "a rewritten feedback",
            "UPDATE feedback SET text = '已全部完成' WHERE id = (SELECT min(id) FROM feedback)"
                .into(),
            "text",
        ),
        (
            "a forged status",
            "UPDATE items SET status = 'completed' WHERE id = \
             (SELECT min(id) FROM items WHERE status = 'in_progress')"
                .into(),
            "status",
        ),
        (
            "an edited event",
            "DROP TRIGGER events_no_update; \
             UPDATE events SET actor = '市长' WHERE id = (SELECT min(id) FROM events WHERE kind = 'note_added')"
                .into(),
            "the chain breaks at event",
        ),
        (
            "an appended event by 市长",
            "INSERT INTO events (batch, at, on_date, actor, item_id, kind, data) \
             SELECT batch + 1, at, on_date, '市长', item_id, kind, data FROM events \
             WHERE id = (SELECT max(id) FROM events)"
                .into(),
            "has no link in the chain",
        ),
        (
            "an event rewritten and its guard recreated",
            "DROP TRIGGER events_no_update; \
             UPDATE events SET on_date = '2026-01-01' WHERE id = 5; \
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events \
             BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
                .into(),
            "the chain breaks at event 5",
        ),
        (
            "the last event deleted",
            "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = (SELECT max(id) FROM events)"
                .into(),
            "is gone though the chain holds its link",
        ),
    ];
    for (what, statements, needle) in cases {
        let o = sample();
        sql(&o, &statements);
        let (code, text) = verify(&o);
        assert_ne!(code, 0, "{what}: {text}");
        assert!(text.contains(needle), "{what}: {text}");
        assert!(!text.contains("the chain is whole"), "{what}: {text}");
    }
}

/// The links of events `from` on computed again from what the file now holds, as a tamperer
/// who knows the chain's rule would.
fn forge_links(o: &Office, from: i64) {
    use duban::domain::history::chain;
    let conn = Connection::open(&o.db).unwrap();
    conn.execute_batch("DROP TRIGGER event_chain_no_update")
        .unwrap();
    let mut prev = chain::parse_hex(
        &conn
            .query_row(
                "SELECT hash FROM event_chain WHERE event_id = ?1",
                [from - 1],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    let mut links = Vec::new();
    {
        let mut stmt = conn
            .prepare(
                "SELECT id, batch, at, on_date, actor, item_id, kind, data FROM events \
                 WHERE id >= ?1 ORDER BY id",
            )
            .unwrap();
        let mut rows = stmt.query([from]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let text = |i: usize| r.get::<_, String>(i).unwrap();
            prev = chain::next(
                &prev,
                &chain::Linked {
                    batch: r.get(1).unwrap(),
                    at: &text(2),
                    on_date: &text(3),
                    actor: &text(4),
                    item_id: r.get(5).unwrap(),
                    kind: &text(6),
                    data: &text(7),
                },
            );
            links.push((r.get::<_, i64>(0).unwrap(), chain::hex(&prev)));
        }
    }
    for (id, hash) in links {
        conn.execute(
            "UPDATE event_chain SET hash = ?2 WHERE event_id = ?1",
            rusqlite::params![id, hash],
        )
        .unwrap();
    }
}

/// The hash an event's link holds.
fn link(o: &Office, id: i64) -> String {
    Connection::open(&o.db)
        .unwrap()
        .query_row(
            "SELECT hash FROM event_chain WHERE event_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn an_undecodable_event_with_forged_links_is_named_and_no_head_from_it_is_proved() {
    let o = sample();
    let last = one(&o, "SELECT max(id) FROM events");
    let broken = last - 2;
    sql(
        &o,
        &format!(
            "DROP TRIGGER events_no_update; \
             UPDATE events SET data = '{{' WHERE id = {broken}"
        ),
    );
    forge_links(&o, broken);
    let (code, text) = verify(&o);
    assert_ne!(code, 0, "{text}");
    assert!(
        text.contains(&format!("event {broken} (")) && text.contains("does not decode as its kind"),
        "{text}"
    );
    // A head before the broken event is proved; its own and any after it are not.
    let prove = |id: i64| {
        let out = o
            .cmd_on(TODAY)
            .args(["--lang", "en", "audit", "verify", "--head", &link(&o, id)])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    let before = prove(broken - 1);
    assert!(
        before.contains(&format!("the history up to event {} (", broken - 1)),
        "{before}"
    );
    for id in [broken, last] {
        let after = prove(id);
        assert!(
            after.contains("is not the hash of any event"),
            "{id}: {after}"
        );
    }
}

#[test]
fn a_dropped_guard_is_found_by_check_and_put_back_by_repair() {
    let o = sample();
    sql(&o, "DROP TRIGGER events_no_delete");
    let out = o
        .cmd_on(TODAY)
        .args(["--lang", "en", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("the guard events_no_delete was dropped"),
        "{said}"
    );
    let repaired = o.run(&["--lang", "en", "check", "--repair"]);
    assert!(
        repaired.contains("put back the dropped guard events_no_delete"),
        "{repaired}"
    );
    assert_eq!(
        one(
            &o,
            "SELECT count(*) FROM sqlite_master WHERE name = 'events_no_delete'"
        ),
        1
    );
    // With the chain broken the guards are not put back: that would hide the change.
    sql(
        &o,
        "DROP TRIGGER events_no_update; UPDATE events SET actor = '市长' WHERE id = 3",
    );
    let out = o
        .cmd_on(TODAY)
        .args(["--lang", "en", "check", "--repair"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("nothing was repaired"), "{said}");
    assert_eq!(
        one(
            &o,
            "SELECT count(*) FROM sqlite_master WHERE name = 'events_no_update'"
        ),
        0
    );
}

/// Ids are burnt once used: an undone feedback's id is not given to the next feedback, so the
/// redo puts it back (it used to fail for good on `feedback.id`); and a history whose last event
/// was removed behind duban's back still takes writes, the audit naming the removal.
#[test]
fn ids_are_never_given_again() {
    let o = sample();
    let n = o.add_on(TODAY, "清理河道", &[]);
    let m = o.add_on(TODAY, "修缮堤坝", &[]);
    o.run(&["feedback", &n, "--text", "第一次进展"]);
    o.run(&["undo"]);
    // Another clerk records a feedback meanwhile; then the first clerk's redo.
    let mut other = bare();
    other.arg("--db").arg(&o.db).args([
        "--today",
        TODAY,
        "--actor",
        "另一督查员",
        "feedback",
        &m,
        "--text",
        "另一条进展",
    ]);
    succeeded(&mut other);
    o.run(&["redo"]);
    let ids: Vec<i64> = {
        let conn = Connection::open(&o.db).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT f.id FROM feedback f JOIN items i ON i.id = f.item_id \
                 WHERE i.title IN ('清理河道', '修缮堤坝') ORDER BY f.id",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    let (code, text) = verify(&o);
    assert_eq!(code, 0, "{text}");
    sql(
        &o,
        "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = (SELECT max(id) FROM events)",
    );
    o.run(&["feedback", &n, "--text", "删除之后的进展"]);
    let (code, text) = verify(&o);
    assert_ne!(code, 0);
    assert!(
        text.contains("is gone though the chain holds its link"),
        "{text}"
    );
}

/// A bulletin and a score print the head they were computed at, in every format but CSV, and
/// that head is proved by `audit verify --head` after more work.
#[test]
fn a_paper_prints_the_head_it_was_computed_at() {
    let o = sample();
    let head = o.run(&["audit", "head"]);
    let hash = head.split_whitespace().nth(1).unwrap().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&o.run(&["report", "--period", "month", "--format", "json"])).unwrap();
    assert_eq!(json["basis"]["record_head"]["hash"], hash.as_str());
    let text = o.run(&["--lang", "zh", "report", "--period", "month"]);
    assert!(text.contains(&format!("记录校验码：{hash}")), "{text}");
    let md = o.run(&[
        "--lang", "en", "report", "--period", "month", "--format", "md",
    ]);
    assert!(md.contains(&format!("Record head: {hash}")), "{md}");
    let score = o.run(&["--lang", "zh", "score"]);
    assert!(score.contains(&format!("记录校验码：{hash}")), "{score}");
    o.run(&["add", "--title", "后来的事项", "--lead", "财政局"]);
    let proved = o.run(&["--lang", "en", "audit", "verify", "--head", &hash]);
    assert!(proved.contains("is as it was when"), "{proved}");
}

/// Items changed behind the history's back, of even and of odd ids, and a row no event
/// registers, are each named once, in the order of the items' ids, and all are counted (the
/// stored rows are read in two halves, on two threads).
#[test]
fn every_disagreeing_item_is_named_once_in_the_order_of_ids() {
    let o = sample();
    sql(
        &o,
        "UPDATE items SET title = title || '（改）' WHERE id IN (3, 4, 7, 10, 11); \
         DROP TRIGGER events_no_delete; \
         DELETE FROM events WHERE kind = 'item_registered' AND item_id = 8;",
    );
    let (code, text) = verify(&o);
    assert_ne!(code, 0, "{text}");
    let numbers: Vec<String> = {
        let conn = Connection::open(&o.db).unwrap();
        let mut stmt = conn
            .prepare("SELECT year, seq FROM items WHERE id IN (3, 4, 7, 8, 10, 11) ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| {
            Ok(format!(
                "{}-{:03}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    };
    let named: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split("item ").nth(1))
        .filter_map(|rest| rest.split(" disagrees").next())
        .filter(|n| numbers.iter().any(|m| m == n))
        .collect();
    assert_eq!(named, numbers, "{text}");
    assert!(
        text.contains(&format!(
            "item {} disagrees with its history: no event registers it",
            numbers[3]
        )),
        "{text}"
    );
}

//! The two roads of decoding a stored event (the borrowing tree and `serde_json::Value`) give
//! the same on every event of a sample office. (Moved from the store's own tests: the sample
//! office is the application's, above the store.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use duban::app::Office;
use duban::clock::Clock;
use duban::store::event_codec::{decode, decode_both_ways, encode};
use duban::store::{Records, Store};

/// Every event of a sample office: id, kind and payload. The payload is the event encoded
/// again, which is the stored bytes: every writer, undo and redo encode through `encode`, and
/// the same event always gives the same bytes (`tests/history.rs` holds that).
fn sample_history() -> Vec<(i64, String, String)> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let store = Store::open_in_memory().unwrap();
    let mut office = Office::new(store, Clock::Fixed(today), "测试".into());
    duban::cli::fill_demo(&mut office, 1_000, 2026).unwrap();
    // Undo and redo events too: a clerk's note and feedback, both taken back, one put back.
    let overdue = duban::store::ListFilter {
        overdue: true,
        ..Default::default()
    };
    let number = office.store.items(&overdue, today).unwrap()[0].number;
    let note = duban::store::NewNote {
        level: duban::domain::Level::Urging,
        target: "市财政局".into(),
        reason: "逾期未反馈".into(),
        points: None,
        requirement: "三日内报送".into(),
    };
    let feedback = duban::store::NewFeedback {
        text: "进展\n\"第二行\"".into(),
        percent: Some(40),
        reporter: "张三".into(),
        kind: duban::domain::item::FeedbackKind::Progress,
    };
    office.write(|w| w.add_note(number, &note, None)).unwrap();
    office
        .write(|w| w.add_feedback(number, &feedback, None))
        .unwrap();
    for _ in 0..2 {
        office.write(|w| w.undo()).unwrap().unwrap();
    }
    office.write(|w| w.redo()).unwrap().unwrap();
    let mut history = Vec::new();
    office
        .store
        .each_event(|r| history.push((r.id, r.kind.code().code().to_string(), encode(&r.kind))))
        .unwrap();
    history
}

#[test]
fn every_event_of_a_sample_office_decodes_as_through_serde_json_value() {
    let history = sample_history();
    let mut kinds = BTreeSet::new();
    for (id, code, data) in &history {
        let (fast, plain) = decode_both_ways(*id, code, data);
        let plain = plain.unwrap();
        assert_eq!(fast.as_ref(), Some(&plain), "event {id}: {data}");
        assert_eq!(decode(*id, code, data).unwrap(), plain);
        kinds.insert(code.clone());
    }
    for code in [
        "department_created",
        "item_registered",
        "status_changed",
        "extension_requested",
        "extension_decided",
        "milestone_added",
        "milestone_done",
        "feedback_added",
        "note_added",
        "undone",
        "redone",
    ] {
        assert!(kinds.contains(code), "the sample office has no {code}");
    }
}

/// An item's detail carries its history decoded once, when the store read it: the same events
/// as the replayable history, which the interface words without decoding on every frame.
#[test]
fn an_items_detail_carries_its_history_decoded() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let store = Store::open_in_memory().unwrap();
    let mut office = Office::new(store, Clock::Fixed(today), "测试".into());
    duban::cli::fill_demo(&mut office, 200, 2026).unwrap();
    let items = office
        .store
        .items(&duban::store::ListFilter::default(), today)
        .unwrap();
    assert!(items.len() > 50, "{}", items.len());
    let mut events = 0;
    for item in &items {
        let detail = office.store.item_detail(item.number).unwrap();
        let history = office.store.history(item.number).unwrap();
        assert_eq!(detail.events.len(), history.len(), "{}", item.number);
        for (e, r) in detail.events.iter().zip(&history) {
            assert_eq!(e.id, r.id, "{}", item.number);
            assert_eq!(e.recorded.as_ref(), Some(&r.kind), "event {}", e.id);
            assert_eq!(r.kind.code().code(), e.kind, "event {}", e.id);
        }
        events += history.len();
    }
    assert!(events > items.len(), "{events} events");
}

/// An event whose stored bytes do not decode (a damaged row) comes up undecoded, and the
/// history says in words that it could not be read; the item's other events still read.
#[test]
fn a_damaged_event_is_read_as_unreadable() {
    use duban::ui::Lang;
    use duban::ui::history_words::event_sentence;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut office = Office::new(
        Store::open(&path).unwrap(),
        Clock::Fixed(today),
        "督查员".into(),
    );
    let new = duban::app::input::ItemInput {
        title: "事项".into(),
        lead: "市财政局".into(),
        ..Default::default()
    }
    .check(today, &office.calendar, &office.rules)
    .unwrap();
    let number = office.write(|w| w.add_item(&new)).unwrap();
    let feedback = duban::store::NewFeedback {
        text: "进展".into(),
        percent: Some(40),
        reporter: "张三".into(),
        kind: duban::domain::item::FeedbackKind::Progress,
    };
    office
        .write(|w| w.add_feedback(number, &feedback, None))
        .unwrap();
    drop(office);
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Damaged behind the store's back: the append-only guard is lifted for the one write and
    // put back.
    conn.execute_batch(
        "DROP TRIGGER events_no_update;
         UPDATE events SET data = '{\"feedback_id\":' WHERE id = (SELECT max(id) FROM events);
         CREATE TRIGGER events_no_update BEFORE UPDATE ON events
         BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let detail = store.item_detail(number).unwrap();
    let (last, first) = detail.events.split_last().unwrap();
    assert!(last.recorded.is_none(), "{last:?}");
    assert!(!first.is_empty() && first.iter().all(|e| e.recorded.is_some()));
    assert!(
        event_sentence(last, Lang::En).ends_with("could not be read."),
        "{}",
        event_sentence(last, Lang::En)
    );
    assert!(event_sentence(last, Lang::Zh).ends_with("的一条记录无法读取。"));
    assert!(!event_sentence(&first[0], Lang::En).contains("could not be read"));
}

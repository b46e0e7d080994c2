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

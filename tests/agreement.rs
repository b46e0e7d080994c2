//! The rows agree with their events: every item of the sample office, replayed from its
//! history, says what the store says of it, field by field and record by record; and a row
//! changed behind the history's back is named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::history::replay;
use duban::store::agreement::disagreements;
use duban::store::{ListFilter, Records, Store};

fn office() -> Office {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let clock = Clock::Frozen(today.and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, 400, 11).unwrap();
    office
}

#[test]
fn every_item_of_the_sample_office_agrees_with_its_history() {
    let office = office();
    let today = office.today();
    let rows = office
        .store
        .items(
            &ListFilter {
                all: true,
                ..ListFilter::default()
            },
            today,
        )
        .unwrap();
    assert_eq!(rows.len(), 400);
    let mut checked_records = 0;
    for row in rows {
        let detail = office.store.item_detail(row.number).unwrap();
        let state = replay(&office.store.history(row.number).unwrap(), None).unwrap();
        assert_eq!(
            disagreements(&state, &detail),
            Vec::<String>::new(),
            "{}",
            row.number
        );
        checked_records += detail.feedback.len() + detail.notes.len() + detail.extensions.len();
    }
    assert!(checked_records > 400, "{checked_records}");
}

#[test]
fn a_row_or_record_changed_behind_the_historys_back_is_named() {
    let office = office();
    let today = office.today();
    let rows = office
        .store
        .items(
            &ListFilter {
                all: true,
                ..ListFilter::default()
            },
            today,
        )
        .unwrap();
    let number = rows
        .iter()
        .find(|r| {
            let d = office.store.item_detail(r.number).unwrap();
            !d.feedback.is_empty() && !d.notes.is_empty()
        })
        .unwrap()
        .number;
    let state = replay(&office.store.history(number).unwrap(), None).unwrap();
    let mut detail = office.store.item_detail(number).unwrap();
    detail.row.status = duban::domain::Status::Closed;
    detail.row.title.push('!');
    detail.feedback[0].text = "另一段文字".into();
    let forged = detail.notes[0].clone();
    detail.notes.push(duban::store::Note {
        id: 999_999,
        ..forged
    });
    let removed = detail.milestones.pop();
    let found = disagreements(&state, &detail);
    let fb = detail.feedback[0].id;
    let mut want = vec![
        "title".to_string(),
        "status".to_string(),
        format!("feedback {fb} text"),
        "note 999999: no event records it".to_string(),
    ];
    if let Some(m) = removed {
        want.push(format!(
            "milestone {}: recorded by an event but missing",
            m.id
        ));
    }
    assert_eq!(found, want);
}

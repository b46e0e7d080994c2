//! The open items' keys (read from an index at start-up, without the items table) give the
//! same warning light and the same triage group as the full rows do, for every item of a sample
//! office on several days.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use duban::app::Office;
use duban::clock::Clock;
use duban::domain::light::read_light;
use duban::domain::triage::group;
use duban::store::{Records, Store};

#[test]
fn an_items_key_reads_the_same_light_and_group_as_its_row() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(today.and_hms_opt(9, 0, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 3000, 11).unwrap();
    let mut compared = 0;
    for day in [today, today + Days::new(3), today + Days::new(20)] {
        let keys = office.store.open_keys(day).unwrap();
        assert!(keys.len() > 1000, "{}", keys.len());
        let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
        let rows = office.store.rows_by_id(&ids).unwrap();
        let rows: std::collections::HashMap<i64, _> = rows.into_iter().map(|r| (r.id, r)).collect();
        for key in &keys {
            let row = &rows[&key.id];
            let (cal, rules) = (&office.calendar, &office.rules);
            let by_key = read_light(&key.light_facts(), day, cal, rules);
            let by_row = read_light(&row.facts(), day, cal, rules);
            assert_eq!(by_key, by_row, "{} on {day}", key.number);
            assert_eq!(
                group(&key.light_facts(), &by_key, None, day),
                group(&row.facts(), &by_row, None, day),
                "{} on {day}",
                key.number
            );
            compared += 1;
        }
    }
    assert!(compared > 3000, "{compared}");
}

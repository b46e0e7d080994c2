//! The sample office looks like a real one: on a seeded office of 2,000 items, the share of red
//! is that of a working office, every item is led by the department whose work its title names
//! and owned by someone of that department, every event is on a working day before today and in
//! time order, texts fit their item and percent, no overdue item goes unurged (but the one the
//! morning needs), and the morning of DOMAIN.md is there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use duban::app::Office;
use duban::app::demo::{SAMPLE_ACTOR, department_of_title, owners_of};
use duban::clock::Clock;
use duban::domain::WarningLight;
use duban::domain::extension::ExtensionDecision;
use duban::domain::feedback_due::due_dates;
use duban::domain::item::{Cadence, FeedbackKind, SourceKind};
use duban::store::{ListFilter, Records, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Wednesday 25 November 2026.
const TODAY: &str = "2026-11-25";

fn sample_office(items: u64) -> Office {
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(d(TODAY).and_hms_opt(8, 30, 0).unwrap()),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, items, 2026).unwrap();
    office
}

fn all() -> ListFilter {
    ListFilter {
        all: true,
        ..ListFilter::default()
    }
}

#[test]
fn the_sample_office_has_the_lights_of_a_working_office() {
    let office = sample_office(2_000);
    let open = office.list(&ListFilter::default()).unwrap();
    assert!(open.len() > 500, "{}", open.len());
    let share = |light: WarningLight| {
        open.iter().filter(|i| i.light == light).count() as f64 * 100.0 / open.len() as f64
    };
    // A working office: red between 2 % and 8 % of the open items, most of them green.
    let red = share(WarningLight::Red);
    assert!((2.0..=8.0).contains(&red), "red {red:.1} %");
    assert!(share(WarningLight::Green) >= 75.0);
    assert!(share(WarningLight::Orange) <= 8.0 && share(WarningLight::Yellow) <= 10.0);
    // Nobody lets an item slip for months: the latest is a few weeks late, and every red item
    // late past the rules' limit has been urged since, but the morning's one.
    let limit = office.rules.unaddressed_working_days;
    let mut unaddressed = Vec::new();
    for i in open.iter().filter(|i| i.light == WarningLight::Red) {
        let late = i.overdue_working_days.unwrap();
        assert!((1..=15).contains(&late), "{} {late}", i.row.number);
        if i.unaddressed {
            unaddressed.push(i.row.number);
        } else if late >= limit {
            let detail = office.store.item_detail(i.row.number).unwrap();
            assert!(!detail.notes.is_empty(), "{} {late}", i.row.number);
        }
    }
    assert_eq!(unaddressed.len(), 1, "{unaddressed:?}");
}

#[test]
fn every_item_is_led_and_owned_by_the_department_its_title_names_and_its_history_is_in_order() {
    let office = sample_office(2_000);
    let today = d(TODAY);
    let cal = &office.calendar;
    let items = office.list(&all()).unwrap();
    assert_eq!(items.len(), 2_000);
    for i in &items {
        let n = i.row.number;
        let lead = department_of_title(&i.row.title);
        assert_eq!(lead.as_deref(), Some(i.row.lead_department.as_str()), "{n}");
        assert!(
            owners_of(&i.row.lead_department).contains(&i.row.owner),
            "{n}"
        );
        let detail = office.store.item_detail(n).unwrap();
        // The task's words (the title without its place) are in the requirement's item and
        // every text the department writes.
        let words: String = {
            let chars: Vec<char> = i.row.title.chars().collect();
            (0..chars.len())
                .map(|k| chars[k..].iter().collect::<String>())
                .find(|w| detail.feedback.iter().all(|f| f.text.contains(w.as_str())))
                .unwrap_or_default()
        };
        assert!(
            detail.feedback.is_empty() || words.chars().count() >= 4,
            "{n} {} {:?}",
            i.row.title,
            detail.feedback
        );
        assert!(!detail.requirement.is_empty());
        // The percent grows and the completion report says 100.
        let mut percent = 0;
        let mut feedback = detail.feedback.clone();
        feedback.sort_by_key(|f| (f.on_date, f.id));
        for f in &feedback {
            assert!(
                cal.is_working_day(f.on_date),
                "{n} feedback on {}",
                f.on_date
            );
            assert!(f.on_date < today, "{n}");
            let p = f.percent.unwrap();
            match f.kind {
                FeedbackKind::Progress => assert!(p >= percent && p < 100, "{n}"),
                FeedbackKind::Completion => assert_eq!(p, 100, "{n}"),
            }
            percent = percent.max(p);
            if f.kind == FeedbackKind::Progress {
                let band = match p {
                    0..=29 => ["部署", "摸底"].as_slice(),
                    30..=49 => ["方案"].as_slice(),
                    50..=69 => ["过半", "阶段性"].as_slice(),
                    70..=89 => ["基本完成", "收尾"].as_slice(),
                    _ => ["验收"].as_slice(),
                };
                assert!(
                    band.iter().any(|w| f.text.contains(w)),
                    "{n} {p} {}",
                    f.text
                );
            }
        }
        // The history: the office's own, on working days before today, in time order.
        let mut previous = None;
        for e in &detail.events {
            assert_eq!(e.actor, SAMPLE_ACTOR, "{n}");
            assert!(
                cal.is_working_day(e.on_date) && e.on_date < today,
                "{n} {e:?}"
            );
            assert_eq!(e.at.date(), e.on_date);
            assert!(
                previous.is_none_or(|p| p <= e.at),
                "{n}: {previous:?} then {}",
                e.at
            );
            previous = Some(e.at);
        }
    }
}

#[test]
fn the_morning_of_the_clerk_is_in_the_sample_office() {
    let office = sample_office(2_000);
    let today = d(TODAY);
    let open = office.list(&ListFilter::default()).unwrap();
    // Three items due today.
    let due_today = open
        .iter()
        .filter(|i| i.row.deadline == Some(today))
        .count();
    assert!(due_today >= 3, "{due_today}");
    // Two weekly feedbacks missed at the latest weekly due date (Friday 20 November).
    let latest_due = due_dates(
        Cadence::Weekly,
        d("2026-10-01"),
        &office.rules,
        &office.calendar,
    )
    .take_while(|due| *due < today)
    .last()
    .unwrap();
    assert_eq!(latest_due, d("2026-11-20"));
    let missed = open
        .iter()
        .filter(|i| {
            i.row.cadence == Cadence::Weekly
                && i.missed_feedbacks == 1
                && i.reading.feedback.last_missed == Some(latest_due)
        })
        .count();
    assert!(missed >= 2, "{missed}");
    // An unaddressed red leader-concerned instruction from the mayor: 7 working days late,
    // last feedback 11 days ago, no note yet.
    let first = open
        .iter()
        .find(|i| i.unaddressed)
        .expect("an unaddressed red item");
    assert_eq!(first.light, WarningLight::Red);
    assert_eq!(first.overdue_working_days, Some(7));
    assert!(first.row.flags.leader);
    assert_eq!(first.row.source_kind, SourceKind::Instruction);
    let detail = office.store.item_detail(first.row.number).unwrap();
    assert_eq!(detail.leader.as_deref(), Some("市长"));
    assert!(detail.notes.is_empty());
    // 11 days before Wednesday 25 November is Saturday 14; the Friday before it.
    assert_eq!(first.row.last_feedback_on, Some(d("2026-11-13")));
    // The department that asked for more time yesterday, before its deadline.
    let asked = open.iter().any(|i| {
        let detail = office.store.item_detail(i.row.number).unwrap();
        i.row.deadline.is_some_and(|dl| dl >= today)
            && detail.extensions.iter().any(|e| {
                e.requested_on == d("2026-11-24") && e.decision == ExtensionDecision::Pending
            })
    });
    assert!(asked);
}

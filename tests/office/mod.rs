//! The hand-computed office of tests/report.rs (see its table), for the tests that print its
//! bulletin: the same items, events and days.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use duban::domain::history::Recorded;
use duban::domain::item::{Cadence, FeedbackKind, Flags, ItemNumber, SourceKind};
use duban::domain::{Level, Move};
use duban::store::{
    Backend, Ctx, NewCommendation, NewFeedback, NewItem, NewNote, Records, Store, WriteTx,
};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("2026-{s}"), "%Y-%m-%d").unwrap()
}

pub struct Office {
    pub store: Store,
}

impl Office {
    pub fn on<T>(&mut self, day: &str, f: impl FnOnce(&mut dyn WriteTx) -> duban::Result<T>) -> T {
        let ctx = Ctx {
            actor: "督查员".into(),
            now: d(day).and_hms_opt(10, 0, 0).unwrap(),
            today: d(day),
            ..Ctx::default()
        };
        self.store.write(&ctx, f).unwrap()
    }

    pub fn add(
        &mut self,
        day: &str,
        lead: &str,
        co: &[&str],
        due: Option<&str>,
        source: &str,
    ) -> ItemNumber {
        self.add_titled(day, &format!("{lead}的事项"), lead, co, due, source)
    }

    /// An item with its own title, assigned and started on `day`.
    pub fn add_titled(
        &mut self,
        day: &str,
        title: &str,
        lead: &str,
        co: &[&str],
        due: Option<&str>,
        source: &str,
    ) -> ItemNumber {
        let new = NewItem {
            title: title.into(),
            requirement: String::new(),
            source_kind: SourceKind::Meeting,
            source_ref: source.into(),
            instruction: None,
            leader: None,
            lead: lead.into(),
            co: co.iter().map(|c| c.to_string()).collect(),
            owner: "李明".into(),
            flags: Flags::default(),
            urgent: false,
            cadence: Cadence::Once,
            deadline: due.map(d),
            no_deadline_reason: due.is_none().then(|| "待上级明确".to_string()),
            registered_on: d(day),
            origin: None,
        };
        self.on(day, |w| {
            let n = w.add_item(&new)?;
            w.apply_move(n, Move::Assign, None, None)?;
            w.apply_move(n, Move::Start, None, None)?;
            Ok(n)
        })
    }

    pub fn mv(&mut self, day: &str, n: ItemNumber, mv: Move) {
        self.on(day, |w| {
            if mv == Move::Submit {
                let report = NewFeedback {
                    text: "已办结".into(),
                    percent: Some(100),
                    reporter: String::new(),
                    kind: FeedbackKind::Completion,
                };
                w.submit(n, Some(&report), None)?;
            } else {
                w.apply_move(n, mv, Some("理由"), None)?;
            }
            Ok(())
        });
    }

    pub fn note(&mut self, day: &str, n: ItemNumber, level: Level) {
        self.on(day, |w| {
            let note = NewNote {
                level,
                target: String::new(),
                reason: "逾期".into(),
                points: None,
                requirement: "三日内整改".into(),
            };
            w.add_note(n, &note, None)
        });
    }

    pub fn events(&self) -> Vec<Recorded> {
        let mut out = Vec::new();
        self.store.each_event(|e| out.push(e)).unwrap();
        out
    }
}

/// The office of the table above, and its items I1 … I10.
pub fn office() -> (Office, Vec<ItemNumber>) {
    let mut o = Office {
        store: Store::open_in_memory().unwrap(),
    };
    let m = "第6次常务会议";
    let i9 = o.add("09-01", "住建局", &[], Some("09-18"), "第5次常务会议");
    o.mv("09-16", i9, Move::Submit);
    o.mv("09-17", i9, Move::Approve);
    let i1 = o.add("09-21", "住建局", &["财政局"], Some("10-20"), m);
    let i2 = o.add("09-21", "住建局", &[], Some("10-10"), m);
    let i7 = o.add("09-22", "水利局", &[], Some("10-16"), m);
    let i8 = o.add("09-22", "住建局", &[], Some("10-23"), m);
    let i6 = o.add("09-24", "住建局", &[], Some("10-16"), m);
    let i10 = o.add("09-24", "水利局", &[], Some("10-30"), m);
    o.mv("10-09", i10, Move::Cancel);
    let i3 = o.add(
        "10-09",
        "水利局",
        &["财政局"],
        Some("10-20"),
        "办发〔2026〕12号",
    );
    let i4 = o.add("10-12", "水利局", &[], Some("11-20"), "办发〔2026〕12号");
    let i5 = o.add("10-12", "水利局", &[], None, "办发〔2026〕12号");
    o.on("10-12", |w| w.request_extension(i7, d("10-30"), "等待资金"));
    o.on("10-13", |w| w.decide_extension(i7, true));
    o.mv("10-14", i6, Move::Suspend);
    o.note("10-15", i2, Level::Criticism);
    o.mv("10-15", i1, Move::Submit);
    o.mv("10-16", i1, Move::Approve);
    o.on("10-17", |w| {
        let c = NewCommendation {
            target: String::new(),
            reason: "提前完成".into(),
            points: 1.0,
        };
        w.add_commendation(i1, &c, None)
    });
    o.mv("10-20", i8, Move::Submit);
    o.mv("10-21", i2, Move::Submit);
    o.mv("10-22", i2, Move::Approve);
    o.mv("10-22", i8, Move::Return);
    o.note("10-22", i3, Level::Urging);
    o.mv("10-26", i8, Move::Submit);
    o.mv("10-27", i8, Move::Approve);
    o.mv("10-28", i7, Move::Submit);
    o.mv("10-29", i7, Move::Approve);
    (o, vec![i1, i2, i3, i4, i5, i6, i7, i8, i9, i10])
}

//! The bulletin's classes over random histories (DOMAIN.md, "Reports"): every item of a period
//! is in exactly one class, in every grouping (lead department, source, source kind,
//! co-department) and in total; the printed table adds up (承办 = 办结 + 待审核 + 在办 + 中止 +
//! 撤销), the summary sentence names classes that add up to the whole, and the total row says
//! the same in every format (text, md, html, csv, json, docx).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use duban::domain::history::Recorded;
use duban::domain::item::{Cadence, Flags, ItemNumber, SourceKind};
use duban::domain::{Level, Move, Rules, WorkCalendar};
use duban::report::figures::{Standing, Tally};
use duban::report::judge::ItemsAtEnd;
use duban::report::render::{self, Context, Document, Format, TALLY_COLS, tally_cells, words};
use duban::report::{GroupBy, Period, PeriodKind};
use duban::store::{Backend, Ctx, NewCommendation, NewItem, NewNote, Records, Store};
use duban::ui::Lang;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx(today: NaiveDate) -> Ctx {
    Ctx {
        actor: "督查员".into(),
        now: today.and_hms_opt(10, 0, 0).unwrap(),
        today,
        ..Ctx::default()
    }
}

/// An item to register: title, lead department, source kind, source reference,
/// co-departments, deadline.
type Registered<'a> = (
    &'a str,
    &'a str,
    SourceKind,
    &'a str,
    &'a [&'a str],
    Option<&'a str>,
);

/// Five items of two departments, two sources and two kinds, with zero to two co-departments,
/// due before, within and after the histories (one with no deadline).
fn register(store: &mut Store, today: NaiveDate) -> Vec<ItemNumber> {
    let items: [Registered<'_>; 5] = [
        (
            "河道整治",
            "水利局",
            SourceKind::Meeting,
            "第6次常务会议",
            &["财政局"],
            Some("2026-03-10"),
        ),
        (
            "老旧小区改造",
            "住建局",
            SourceKind::Meeting,
            "第6次常务会议",
            &["财政局", "民政局"],
            Some("2026-03-20"),
        ),
        (
            "食品安全检查",
            "住建局",
            SourceKind::Document,
            "办发〔2026〕12号",
            &[],
            Some("2026-03-05"),
        ),
        (
            "垃圾分类",
            "水利局",
            SourceKind::Document,
            "办发〔2026〕12号",
            &["民政局"],
            None,
        ),
        (
            "背街小巷",
            "住建局",
            SourceKind::Instruction,
            "",
            &["财政局"],
            Some("2026-04-15"),
        ),
    ];
    store
        .write(&ctx(today), |w| {
            let mut out = Vec::new();
            for (title, lead, kind, source_ref, co, due) in items {
                let n = w.add_item(&NewItem {
                    title: title.into(),
                    requirement: format!("{title}的要求"),
                    source_kind: kind,
                    source_ref: source_ref.into(),
                    instruction: None,
                    leader: None,
                    lead: lead.into(),
                    co: co.iter().map(|c| c.to_string()).collect(),
                    owner: "李明".into(),
                    flags: Flags::default(),
                    urgent: false,
                    cadence: Cadence::Weekly,
                    deadline: due.map(d),
                    no_deadline_reason: due.is_none().then(|| "长期工作".to_string()),
                    registered_on: today,
                    origin: None,
                })?;
                w.apply_move(n, Move::Assign, None, None)?;
                out.push(n);
            }
            Ok(out)
        })
        .unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Shift(usize, Move),
    Note(usize, usize),
    Commend(usize),
    Undo,
    NextDay(u64),
}

fn step() -> impl Strategy<Value = Step> {
    let item = 0usize..5;
    prop_oneof![
        5 => (item.clone(), 0usize..Move::ALL.len()).prop_map(|(i, m)| Step::Shift(i, Move::ALL[m])),
        1 => (item.clone(), 0usize..Level::ALL.len()).prop_map(|(i, l)| Step::Note(i, l)),
        1 => item.prop_map(Step::Commend),
        1 => Just(Step::Undo),
        3 => (1u64..9).prop_map(Step::NextDay),
    ]
}

/// The counts of the printed table's total row: 承办件数 … 撤销.
const COUNTS: usize = 7;

fn assert_adds_up(t: &Tally, what: &str) {
    let classes: u32 = Standing::ALL.iter().map(|c| t.class(*c)).sum();
    assert_eq!(classes, t.in_scope(), "{what}: classes {t:?}");
    assert_eq!(
        t.completed() + t.awaiting_review() + t.in_progress() + t.suspended + t.cancelled,
        t.in_scope(),
        "{what}: table {t:?}"
    );
    assert!(t.open_overdue_suspended <= t.open_overdue, "{what}");
    let named: u32 = words::summary_classes(t).iter().map(|(_, n)| n).sum();
    assert_eq!(named, t.in_scope(), "{what}: sentence");
}

/// The total row of a text or Markdown table: its figures.
fn total_row(text: &str, total: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.trim_start_matches(['|', ' ', '*']).starts_with(total))
        .unwrap_or_else(|| panic!("no {total} row in\n{text}"));
    line.split(['|', ' '])
        .map(|c| c.trim_matches('*'))
        .filter(|c| !c.is_empty() && *c != total)
        .map(str::to_string)
        .collect()
}

/// The total row of every table of a Word document whose first cell is `total`.
fn docx_totals(bytes: &[u8], total: &str) -> Vec<Vec<String>> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).unwrap();
    let mut out = Vec::new();
    for child in &doc.document.children {
        if let DocumentChild::Table(t) = child {
            for TableChild::TableRow(r) in &t.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|TableRowChild::TableCell(c)| {
                        c.children
                            .iter()
                            .filter_map(|x| match x {
                                TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                _ => None,
                            })
                            .collect()
                    })
                    .collect();
                if cells.first().is_some_and(|c| c == total) {
                    out.push(cells[1..].to_vec());
                }
            }
        }
    }
    out
}

/// Every format's total row says what the tally says.
fn assert_formats_agree(doc: &Document, what: &str) {
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    let b = &doc.bulletin;
    let want: Vec<String> = tally_cells(&b.total);
    assert_eq!(TALLY_COLS.len(), want.len());
    for lang in [Lang::Zh, Lang::En] {
        let c = Context {
            lang,
            kind: None,
            office: None,
            rules: &rules,
            calendar: &cal,
            record_head: None,
        };
        let total = words::total(lang);
        let text = render::bulletin(doc, &c, Format::Text);
        assert_eq!(total_row(&text, total), want, "{what} text\n{text}");
        let md = render::bulletin(doc, &c, Format::Md);
        assert_eq!(total_row(&md, total), want, "{what} md\n{md}");
        // The sentence names each class it counts, with its count.
        for (class, n) in words::summary_classes(&b.total) {
            let name = words::class(lang, class);
            let said = match lang {
                Lang::Zh => format!("{name}{n}项"),
                Lang::En => format!("{n} {name}"),
            };
            assert!(text.contains(&said), "{what}: no {said:?} in\n{text}");
        }
        let html = render::bulletin(doc, &c, Format::Html);
        let row = &html[html.find("<tr class=\"total\">").unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        let cells: Vec<&str> = row
            .split("<td class=\"n\">")
            .skip(1)
            .map(|c| &c[..c.find('<').unwrap()])
            .collect();
        assert_eq!(cells, want, "{what} html");
    }
    let en = Context {
        lang: Lang::En,
        kind: None,
        office: None,
        rules: &rules,
        calendar: &cal,
        record_head: None,
    };
    let csv = render::bulletin(doc, &en, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    let last = reader.records().last().unwrap().unwrap();
    for (col, want) in TALLY_COLS.iter().zip(&want).take(COUNTS) {
        let name = words::col(Lang::En, *col);
        let at = head.iter().position(|h| h == name).unwrap();
        assert_eq!(&last[at], want, "{what} csv {name}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&render::bulletin(doc, &en, Format::Json)).unwrap();
    let t = &json["total"];
    let counts = [
        "in_scope",
        "completed",
        "awaiting_review",
        "in_progress",
        "open_overdue",
        "suspended",
        "cancelled",
    ];
    for (key, want) in counts.iter().zip(&want) {
        assert_eq!(t[key].to_string(), *want, "{what} json {key}");
    }
    let classes: u64 = [
        "on_time",
        "late",
        "completed_no_deadline",
        "reported_on_time",
        "reported_late",
        "open_not_due",
        "open_overdue",
        "open_no_deadline",
        "suspended",
        "cancelled",
    ]
    .iter()
    .map(|k| t[k].as_u64().unwrap())
    .sum();
    assert_eq!(
        classes,
        t["in_scope"].as_u64().unwrap(),
        "{what} json classes"
    );
    // The Word bulletin prints the table of the document's grouping, as every format does.
    for lang in [Lang::Zh, Lang::En] {
        let c = Context {
            lang,
            kind: None,
            office: None,
            rules: &rules,
            calendar: &cal,
            record_head: None,
        };
        let bytes = duban::report::docx::bulletin_docx(doc, &c).unwrap();
        let rows = docx_totals(&bytes, words::total(lang));
        assert_eq!(rows, vec![want.clone()], "{what} docx");
    }
}

/// Runs `steps` on five items, then checks every week and month of the history.
fn run(steps: &[Step]) {
    let folder = tempfile::tempdir().unwrap();
    let mut store = Store::open(&folder.path().join("c.db")).unwrap();
    let first = d("2026-03-02");
    let numbers = register(&mut store, first);
    let mut today = first;
    for s in steps {
        if let Step::NextDay(k) = s {
            today = today + Days::new(*k);
            continue;
        }
        // Refusals (an illegal move, …) write nothing; that is the point.
        let _ = store.write(&ctx(today), |w| {
            match s {
                Step::Shift(i, mv) => {
                    // Named: who acknowledged, or the leader who approved a late suspension.
                    w.apply_move_by(numbers[*i], *mv, Some("理由"), Some("王市长"), None)?;
                }
                Step::Note(i, l) => {
                    let note = NewNote {
                        level: Level::ALL[*l],
                        target: String::new(),
                        reason: "逾期".into(),
                        points: Some(-1.0),
                        requirement: "整改".into(),
                    };
                    w.add_note(numbers[*i], &note, None)?;
                }
                Step::Commend(i) => {
                    let c = NewCommendation {
                        target: String::new(),
                        reason: "提前完成".into(),
                        points: 1.0,
                    };
                    w.add_commendation(numbers[*i], &c, None)?;
                }
                Step::Undo => {
                    w.undo()?;
                }
                Step::NextDay(_) => {}
            }
            Ok(())
        });
    }
    let mut events: Vec<Recorded> = Vec::new();
    store.each_event(|e| events.push(e)).unwrap();
    let (cal, rules) = (WorkCalendar::default(), Rules::default());
    let mut at = first;
    while at <= today + Days::new(7) {
        for kind in [PeriodKind::Week, PeriodKind::Month] {
            let period = Period::holding(kind, at);
            let (items, cancelled) = store.items_as_of(period.from, period.end()).unwrap();
            let items = ItemsAtEnd::kept(items, cancelled);
            let judged = items.judged(&period, &cal, &rules);
            let mut totals: Option<Tally> = None;
            for by in GroupBy::ALL {
                let what = format!("{kind:?} of {at} by {by:?}");
                let doc = Document::compute_from(&items, period, *by, &cal, &rules);
                let b = &doc.bulletin;
                // One class per item: as many in scope as judged.
                assert_eq!(b.total.in_scope() as usize, judged.len(), "{what}");
                assert_adds_up(&b.total, &what);
                for row in &b.rows {
                    assert_adds_up(&row.tally, &format!("{what}, row {}", row.key));
                }
                // Each item in one row (a co-department row per co-department).
                let in_rows: usize = b.rows.iter().map(|r| r.tally.in_scope() as usize).sum();
                let want: usize = match by {
                    GroupBy::CoDepartment => {
                        judged.iter().map(|j| j.item.co_departments.len()).sum()
                    }
                    _ => judged.len(),
                };
                assert_eq!(in_rows, want, "{what}");
                if *by != GroupBy::CoDepartment {
                    for class in Standing::ALL {
                        let rows: u32 = b.rows.iter().map(|r| r.tally.class(class)).sum();
                        assert_eq!(rows, b.total.class(class), "{what} {class:?}");
                    }
                }
                // The total is the same whatever the grouping.
                match &totals {
                    Some(t) => assert_eq!(t, &b.total, "{what}"),
                    None => totals = Some(b.total.clone()),
                }
                assert_formats_agree(&doc, &what);
            }
            // What the store keeps is what the history replays.
            assert_eq!(
                Document::compute_from(&items, period, GroupBy::Department, &cal, &rules),
                Document::by_replay(&events, period, GroupBy::Department, &cal, &rules),
                "{kind:?} of {at}"
            );
        }
        at = at + Days::new(7);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// On any history, every item of every period is in exactly one class, and every format
    /// says the same.
    #[test]
    fn every_item_is_in_one_class_in_every_grouping_and_format(
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        run(&steps);
    }
}

/// Every class at once: submitted on time and late, suspended before and after the deadline,
/// completed, returned, cancelled, with notes on items finished before a later period.
#[test]
fn a_history_with_every_class_adds_up() {
    use Step::*;
    run(&[
        Shift(0, Move::Start),
        Shift(1, Move::Start),
        Shift(2, Move::Start),
        Shift(3, Move::Start),
        Shift(4, Move::Start),
        NextDay(3),
        Shift(2, Move::Submit),
        Shift(2, Move::Approve),
        NextDay(4),
        // Item 0 due 03-10: suspended late; item 2 done.
        Shift(0, Move::Suspend),
        Shift(3, Move::Submit),
        NextDay(10),
        Shift(1, Move::Submit),
        Shift(4, Move::Suspend),
        Note(2, 4),
        Commend(2),
        NextDay(30),
        Shift(3, Move::Approve),
        Shift(4, Move::Cancel),
        Note(3, 1),
        NextDay(5),
    ]);
}

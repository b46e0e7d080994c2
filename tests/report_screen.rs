//! The report screen (`r`): opened, moved a period, regrouped, Enter to a department's items,
//! exported to a file; drawn in both languages at 160×48 and 80×24 with the clock fixed, on the
//! 60-item sample office of tests/screens.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, refusal, screen};

use chrono::NaiveDate;
use duban::app::report::period_of;
use duban::app::state::{Notice, Overlay};
use duban::app::{Action, App, Office, Pane};
use duban::clock::Clock;
use duban::domain::history::Recorded;
use duban::report::trend::{WeekFigure, week_ends};
use duban::report::{Bulletin, GroupBy, Period, PeriodKind};
use duban::store::{Records, Store};
use duban::ui::Lang;
use duban::ui::UiWords;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn app(size: (u16, u16)) -> App {
    let clock = Clock::Frozen(d("2026-11-25").and_hms_opt(9, 30, 0).unwrap());
    let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
    duban::cli::fill_demo(&mut office, 60, 7).unwrap();
    // The sample office's history is written in time order; a few feedbacks entered late,
    // dated back behind the items' later records, make the sparkline take its other road.
    let open = office.list(&duban::store::ListFilter::default()).unwrap();
    let late: Vec<_> = open
        .iter()
        .filter(|i| i.row.status == duban::domain::Status::InProgress)
        .take(3)
        .map(|i| (i.row.number, i.row.assigned_on.unwrap()))
        .collect();
    assert_eq!(late.len(), 3);
    office
        .bulk_write(|w| {
            for (number, assigned) in &late {
                let day = *assigned + chrono::Days::new(1);
                w.set_clock(day, day.and_hms_opt(10, 0, 0).unwrap());
                w.add_feedback(
                    *number,
                    &duban::store::NewFeedback {
                        text: "补录的进展反馈".into(),
                        percent: Some(10),
                        reporter: "督查员".into(),
                        kind: duban::domain::item::FeedbackKind::Progress,
                    },
                    None,
                )?;
            }
            Ok(())
        })
        .unwrap();
    App::new(office, size).unwrap()
}

/// A sample office of `items` items on a file in a temporary folder (kept while it lives), so
/// that the store can be shared with another thread.
fn file_office(items: u64) -> (Office, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let clock = Clock::Frozen(d("2026-11-25").and_hms_opt(9, 30, 0).unwrap());
    let store = Store::open(&folder.path().join("office.db")).unwrap();
    let mut office = Office::new(store, clock, "督查员".into());
    duban::cli::fill_demo(&mut office, items, 7).unwrap();
    (office, folder)
}

fn file_app(items: u64) -> (App, tempfile::TempDir) {
    let (office, folder) = file_office(items);
    (App::new(office, (160, 48)).unwrap(), folder)
}

fn events(app: &App) -> Vec<Recorded> {
    let mut out = Vec::new();
    app.office.store.each_event(|e| out.push(e)).unwrap();
    out
}

/// Open overdue items at the end of each of the 12 weeks ending with the week of `last`, as
/// each week's bulletin, computed from the replayed history, counts them.
fn open_overdue_by_week(app: &App, events: &[Recorded], last: NaiveDate) -> Vec<WeekFigure> {
    week_ends(last, 12)
        .into_iter()
        .map(|end| {
            let period = Period::holding(PeriodKind::Week, end);
            let bulletin = Bulletin::by_replay(
                events,
                period,
                GroupBy::Department,
                &app.office.calendar,
                &app.office.rules,
            );
            WeekFigure {
                end,
                open_overdue: bulletin.total.open_overdue,
            }
        })
        .collect()
}

/// The bulletin the screen should show for `period`, computed the obvious way.
fn expected(app: &App, period: Period, by: GroupBy) -> Bulletin {
    Bulletin::by_replay(
        &events(app),
        period,
        by,
        &app.office.calendar,
        &app.office.rules,
    )
}

fn shown(app: &App) -> &Bulletin {
    &app.report
        .as_ref()
        .expect("the report screen is open")
        .bulletin
}

#[test]
fn r_opens_this_months_bulletin_by_department() {
    let ui = plain(Lang::Zh);
    let mut app = app((160, 48));
    press(&mut app, &ui, "r");
    let period = Period {
        from: d("2026-11-01"),
        to: d("2026-11-30"),
        as_of: d("2026-11-25"),
    };
    let want = expected(&app, period, GroupBy::Department);
    assert!(!want.rows.is_empty());
    assert_eq!(shown(&app), &want);
    let text = screen(&app, &ui);
    assert!(
        text.contains("督办通报 · 月报 2026-11-01 至 2026-11-30 · 截至 2026-11-25"),
        "{text}"
    );
    assert!(
        text.contains(&format!("本期共督办事项{}项", want.total.in_scope())),
        "{text}"
    );
    // Esc goes back to the list.
    press(&mut app, &ui, "<Esc>");
    assert!(app.report.is_none());
    assert!(!screen(&app, &ui).contains("督办通报"));
}

/// At 80×24 the table holds fewer rows than the bulletin has: it says which rows are shown of
/// how many, and follows the selection.
#[test]
fn the_report_table_says_when_rows_are_hidden() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut app = app((80, 24));
        press(&mut app, &ui, "r");
        app.update(Action::Tick).unwrap();
        let rows = shown(&app).rows.len();
        let text = screen(&app, &ui);
        let shown_rows = shown(&app)
            .rows
            .iter()
            .filter(|r| text.contains(&lang.report_key(shown(&app).group_by, &r.key)))
            .count();
        assert!(shown_rows < rows, "every row fits: nothing to say\n{text}");
        let said = match lang {
            Lang::Zh => format!("共 {rows} 行"),
            Lang::En => format!("of {rows}"),
        };
        assert!(text.contains(&said), "{text}");
        press(&mut app, &ui, "G");
        let text = screen(&app, &ui);
        let last = match lang {
            Lang::Zh => format!("–{rows} 行，共 {rows} 行"),
            Lang::En => format!("–{rows} of {rows}"),
        };
        assert!(text.contains(&last), "{text}");
    }
}

#[test]
fn brackets_move_the_period_and_never_past_today() {
    let ui = plain(Lang::En);
    let mut app = app((160, 48));
    press(&mut app, &ui, "r[");
    let october = Period::span(d("2026-10-01"), d("2026-10-31"));
    assert_eq!(shown(&app), &expected(&app, october, GroupBy::Department));
    let text = screen(&app, &ui);
    assert!(
        text.contains("Monthly 2026-10-01 to 2026-10-31 · as of 2026-10-31"),
        "{text}"
    );
    // The sparkline follows the period's end (counted on the next tick, the figures read
    // without the history): its last week ends on 31 October.
    app.update(Action::Tick).unwrap();
    let trend = &app.report.as_ref().unwrap().trend;
    assert_eq!(trend.len(), 12);
    assert_eq!(trend.last().unwrap().end, d("2026-10-31"));
    // Back to November, as of today; no further.
    press(&mut app, &ui, "]");
    assert_eq!(shown(&app).period.as_of, d("2026-11-25"));
    press(&mut app, &ui, "]");
    assert_eq!(shown(&app).period.from, d("2026-11-01"));
    assert_eq!(app.notice, Some(Notice::NoLaterPeriod));
    // p: the quarter, year and week that hold the period's end, then the month again.
    press(&mut app, &ui, "p");
    let quarter = shown(&app).period;
    assert_eq!(
        (quarter.from, quarter.to, quarter.as_of),
        (d("2026-10-01"), d("2026-12-31"), d("2026-11-25"))
    );
    press(&mut app, &ui, "p");
    assert_eq!(
        shown(&app),
        &expected(
            &app,
            Period::holding(PeriodKind::Year, d("2026-11-25")),
            GroupBy::Department
        )
    );
    press(&mut app, &ui, "[");
    assert_eq!(
        shown(&app).period,
        Period::span(d("2025-01-01"), d("2025-12-31"))
    );
    press(&mut app, &ui, "]p");
    let week = shown(&app).period;
    assert_eq!(
        (week.from, week.to, week.as_of),
        (d("2026-11-23"), d("2026-11-29"), d("2026-11-25"))
    );
    press(&mut app, &ui, "p");
    assert_eq!(
        shown(&app).period,
        Period::holding(PeriodKind::Month, d("2026-11-25"))
    );
}

#[test]
fn b_switches_department_source_and_source_kind() {
    let ui = plain(Lang::Zh);
    let mut app = app((160, 48));
    press(&mut app, &ui, "r");
    let period = shown(&app).period;
    for by in [GroupBy::Source, GroupBy::SourceKind, GroupBy::Department] {
        press(&mut app, &ui, "b");
        assert_eq!(shown(&app), &expected(&app, period, by), "{by}");
    }
    press(&mut app, &ui, "bb");
    let text = screen(&app, &ui);
    assert!(text.contains("按来源类型"), "{text}");
    // Source kinds are named in words, never by their codes.
    assert!(
        text.contains("会议议定") && !text.contains("meeting"),
        "{text}"
    );
    // Enter shows items for departments only.
    press(&mut app, &ui, "<Enter>");
    assert!(app.report.is_some());
    assert_eq!(app.notice, Some(Notice::DepartmentsOnly));
}

#[test]
fn enter_on_a_department_shows_its_open_items() {
    let ui = plain(Lang::En);
    let mut app = app((160, 48));
    press(&mut app, &ui, "rjj");
    let view = app.report.as_ref().unwrap();
    let name = view.bulletin.rows[2].key.clone();
    let in_progress = view.bulletin.rows[2].tally.in_progress();
    press(&mut app, &ui, "<Enter>");
    assert!(app.report.is_none());
    assert_eq!(app.focus, Pane::Items);
    let id = app
        .departments
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(id, _)| *id)
        .unwrap();
    assert_eq!(app.filter.dept, Some(id));
    let open: Vec<_> = app
        .ranked
        .iter()
        .filter(|r| r.key.lead_dept_id == id)
        .collect();
    assert_eq!(app.view.len(), open.len());
    assert!(!app.view.is_empty());
    // The department's open items today are what the month's table counts in progress.
    assert_eq!(app.view.len(), in_progress as usize);
    assert!(screen(&app, &ui).contains(&name));
}

#[test]
fn x_exports_the_report_shown_to_the_file_named() {
    let ui = plain(Lang::Zh);
    let mut app = app((120, 40));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("十月通报.json");
    press(&mut app, &ui, "r[bx");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    let text = screen(&app, &ui);
    assert!(text.contains("导出督办通报"), "{text}");
    assert!(text.contains("督办通报-2026-10-01-2026-10-31.md"), "{text}");
    // json: two steps right from md; the file name follows the format.
    press(&mut app, &ui, "<Right><Right>");
    assert!(screen(&app, &ui).contains("督办通报-2026-10-01-2026-10-31.json"));
    press(&mut app, &ui, "<Tab><Tab>");
    for _ in 0..60 {
        press(&mut app, &ui, "<Backspace>");
    }
    // A folder that does not exist: refused beside the field, nothing written.
    let missing = dir.path().join("没有这个文件夹").join("a.json");
    press(&mut app, &ui, &format!("{}<Enter>", missing.display()));
    let text = screen(&app, &ui);
    assert!(matches!(app.overlay, Overlay::Form(_)), "{text}");
    assert!(refusal(&text).contains("所在文件夹不存在"), "{text}");
    assert!(!missing.exists());
    for _ in 0..200 {
        press(&mut app, &ui, "<Backspace>");
    }
    press(&mut app, &ui, &format!("{}<Enter>", path.display()));
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    assert_eq!(
        app.notice,
        Some(Notice::Exported(path.display().to_string()))
    );
    let written = std::fs::read(&path).unwrap();
    assert_eq!(shown(&app).group_by, GroupBy::Source);
    // The same document `duban report --format json` prints for the period shown.
    let period = shown(&app).period;
    let doc = duban::report::render::Document::by_replay(
        &events(&app),
        period,
        GroupBy::Source,
        &app.office.calendar,
        &app.office.rules,
    );
    // The head of the record as of the period's end, as every paper of the period prints it.
    let (hash, events, _) =
        duban::store::audit::head_as_of(&app.office.store, period.as_of).unwrap();
    let head = hash.map(|hash| duban::report::render::RecordHead { hash, events });
    let ctx = duban::report::render::Context {
        lang: Lang::Zh,
        kind: Some(duban::report::PeriodKind::Month),
        office: None,
        rules: &app.office.rules,
        calendar: &app.office.calendar,
        record_head: head.as_ref(),
    };
    let want = duban::report::render::bulletin(&doc, &ctx, duban::report::render::Format::Json);
    assert_eq!(String::from_utf8(written.clone()).unwrap(), want);
    let json: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(json["period"]["from"], "2026-10-01");
    assert_eq!(json["group_by"], "source");
    // Only the file asked for is left in the folder (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_sparkline_counts_what_the_bulletin_counts_at_each_weeks_end() {
    let mut app = app((160, 48));
    let events = events(&app);
    // Items whose records come in day order and items with a record backdated behind a later
    // one are both counted.
    let mut last = std::collections::HashMap::new();
    let mut backdated = 0;
    for e in &events {
        if let Some(n) = e.kind.number()
            && last.insert(n, e.on_date).is_some_and(|p| p > e.on_date)
        {
            backdated += 1;
        }
    }
    assert!(
        backdated > 0 && backdated < last.len(),
        "{backdated} of {}",
        last.len()
    );
    press(&mut app, &plain(Lang::En), "r");
    app.update(Action::Tick).unwrap();
    let trend = app.report.as_ref().unwrap().trend.clone();
    assert_eq!(trend.len(), 12);
    for (week, want) in trend.iter().zip(week_ends(d("2026-11-25"), 12)) {
        let period = Period::holding(PeriodKind::Week, want);
        let bulletin = Bulletin::by_replay(
            &events,
            period,
            GroupBy::Department,
            &app.office.calendar,
            &app.office.rules,
        );
        assert_eq!(week.end, want);
        assert_eq!(
            week.open_overdue, bulletin.total.open_overdue,
            "{}",
            week.end
        );
    }
    // Not a flat line: the sample office's overdue items come and go.
    assert!(
        trend
            .iter()
            .any(|w| w.open_overdue != trend[11].open_overdue)
    );
}

/// The first frame does not wait for the sparkline: this month's figures come first and the
/// sparkline says it is being counted; the next tick counts it from the days the store keeps,
/// and it is what each week's bulletin from the replayed history says.
#[test]
fn the_sparkline_comes_on_the_tick_after_the_first_frame() {
    for (lang, pending) in [(Lang::Zh, "统计中…"), (Lang::En, "counting…")] {
        let ui = plain(lang);
        let mut app = app((160, 48));
        press(&mut app, &ui, "r");
        assert!(app.report.as_ref().unwrap().trend.is_empty());
        assert!(screen(&app, &ui).contains(pending));
        app.update(Action::Tick).unwrap();
        let want = open_overdue_by_week(&app, &events(&app), d("2026-11-25"));
        assert_eq!(app.report.as_ref().unwrap().trend, want);
        assert!(!screen(&app, &ui).contains(pending));
    }
}

#[test]
fn the_help_lists_the_report_keys() {
    let ui = plain(Lang::En);
    let mut app = app((120, 40));
    press(&mut app, &ui, "r?");
    let text = screen(&app, &ui);
    for (keys, what) in
        duban::ui::keymap::help_lines(&ui.keys, duban::ui::keymap::Context::Report, Lang::En)
    {
        assert!(
            text.contains(keys) && text.contains(what),
            "help lacks {keys} {what}"
        );
    }
    press(&mut app, &ui, "<Esc>");
    assert!(app.report.is_some());
}

#[test]
fn report_screen_chinese_160x48() {
    let ui = plain(Lang::Zh);
    let mut app = app((160, 48));
    press(&mut app, &ui, "r");
    // The sparkline comes on the first tick after the first frame.
    app.update(Action::Tick).unwrap();
    insta::assert_snapshot!("report_zh_160x48", screen(&app, &ui));
}

#[test]
fn report_screen_english_160x48() {
    let ui = plain(Lang::En);
    let mut app = app((160, 48));
    press(&mut app, &ui, "r");
    // The sparkline comes on the first tick after the first frame.
    app.update(Action::Tick).unwrap();
    insta::assert_snapshot!("report_en_160x48", screen(&app, &ui));
}

#[test]
fn report_screen_chinese_80x24() {
    let ui = plain(Lang::Zh);
    let mut app = app((80, 24));
    press(&mut app, &ui, "r");
    // The sparkline comes on the first tick after the first frame.
    app.update(Action::Tick).unwrap();
    insta::assert_snapshot!("report_zh_80x24", screen(&app, &ui));
}

#[test]
fn report_screen_english_80x24() {
    let ui = plain(Lang::En);
    let mut app = app((80, 24));
    press(&mut app, &ui, "r");
    // The sparkline comes on the first tick after the first frame.
    app.update(Action::Tick).unwrap();
    insta::assert_snapshot!("report_en_80x24", screen(&app, &ui));
}

/// On a file, the sparkline is counted on another thread: ticks meanwhile keep the screen live
/// (keys still move the selection), and a later tick shows the same figures the history gives.
#[test]
fn on_a_file_the_sparkline_is_counted_on_another_thread_and_arrives_on_a_later_tick() {
    let (mut app, _folder) = file_app(300);
    let ui = plain(Lang::En);
    press(&mut app, &ui, "r");
    let want = open_overdue_by_week(&app, &events(&app), d("2026-11-25"));
    let mut ticks = 0;
    while app.report.as_ref().unwrap().trend.is_empty() {
        assert!(ticks < 500, "the sparkline never came");
        app.update(Action::Tick).unwrap();
        app.update(Action::Down).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(10));
        ticks += 1;
    }
    assert_eq!(app.report.as_ref().unwrap().trend, want);
    assert!(ticks > 0, "the first tick only starts the count");
}

/// The store reads on another thread for a file, and declines in memory (the caller then
/// counts itself).
#[test]
fn the_store_is_read_elsewhere_from_a_file_only() {
    use duban::store::{Backend, Records};
    let (office, _folder) = file_office(40);
    let count = office.store.event_count().unwrap();
    let job = office.store.elsewhere(|store| store.event_count()).unwrap();
    let counted = job.expect("a file is shared").recv().unwrap().unwrap();
    assert_eq!(counted, count);
    let memory = Store::open_in_memory().unwrap();
    assert!(memory.elsewhere(|s| s.event_count()).unwrap().is_none());
}

/// On a file, the period's figures are counted on another thread: the first frame says they are
/// being counted, keys still work meanwhile, and a later tick shows exactly the figures of the
/// history, for this month, for the month before (`[`) and grouped otherwise (`b`).
#[test]
fn on_a_file_the_figures_are_counted_on_another_thread_and_shown_when_they_come() {
    let (mut app, _folder) = file_app(300);
    let ui = plain(Lang::Zh);
    let settle = |app: &mut App| {
        for _ in 0..500 {
            if !app.report.as_ref().unwrap().counting {
                return;
            }
            app.update(Action::Tick).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the figures never came");
    };
    press(&mut app, &ui, "r");
    assert!(app.report.as_ref().unwrap().counting);
    assert!(screen(&app, &ui).contains("统计中…"));
    settle(&mut app);
    let month = period_of(PeriodKind::Month, d("2026-11-25"), d("2026-11-25"));
    assert_eq!(shown(&app), &expected(&app, month, GroupBy::Department));
    assert!(!shown(&app).rows.is_empty());
    press(&mut app, &ui, "[");
    assert!(app.report.as_ref().unwrap().counting);
    press(&mut app, &ui, "b");
    settle(&mut app);
    let october = period_of(PeriodKind::Month, d("2026-10-01"), d("2026-11-25"));
    assert_eq!(shown(&app), &expected(&app, october, GroupBy::Source));
}

/// What the interface exports is signed by the office the configuration names (`[office] name`),
/// as `duban report` signs it.
#[test]
fn the_export_names_the_office_of_the_configuration() {
    let ui = plain(Lang::Zh);
    let mut app = app((120, 40));
    app.office.issuer = Some("市人民政府督查室".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("通报.md");
    press(&mut app, &ui, "rx<Tab><Tab>");
    for _ in 0..200 {
        press(&mut app, &ui, "<Backspace>");
    }
    press(&mut app, &ui, &format!("{}<Enter>", path.display()));
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("\n市人民政府督查室\n"), "{written}");
}

/// Excel (.xlsx) is offered too: chosen, the file name follows it, and the workbook written
/// has a sheet per grouping, the one shown first, then the lists.
#[test]
fn x_exports_the_report_shown_as_a_workbook() {
    use calamine::Reader;
    let ui = plain(Lang::Zh);
    let mut app = app((120, 40));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("十月通报.xlsx");
    press(&mut app, &ui, "r[bx");
    // xlsx: five steps right from md.
    press(&mut app, &ui, "<Right><Right><Right><Right><Right>");
    let text = screen(&app, &ui);
    assert!(text.contains("Excel (.xlsx)"), "{text}");
    assert!(
        text.contains("督办通报-2026-10-01-2026-10-31.xlsx"),
        "{text}"
    );
    press(&mut app, &ui, "<Tab><Tab>");
    for _ in 0..60 {
        press(&mut app, &ui, "<Backspace>");
    }
    press(&mut app, &ui, &format!("{}<Enter>", path.display()));
    assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
    assert_eq!(shown(&app).group_by, GroupBy::Source);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "来源",
            "牵头单位",
            "来源类别",
            "配合单位",
            "超时未办事项",
            "催办问责",
            "领导批示"
        ]
    );
    let first = book.worksheet_range("来源").unwrap();
    let title = first.get_value((0, 0)).unwrap().to_string();
    assert!(title.starts_with("督办通报（2026年10月）"), "{title}");
}

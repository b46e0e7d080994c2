#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ok(text: &str) -> Settings {
    parse(text, Path::new("c.toml")).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)))
}

#[test]
fn a_key_with_an_escape_sequence_is_named_without_it() {
    let text = "[office]\n\"na\\u001b[31mme\" = \"x\"\n";
    let e = match parse(text, Path::new("c.toml")) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    };
    for lang in [Lang::En, Lang::Zh] {
        let shown = e.render(lang);
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.contains("[31mme"), "{shown}");
    }
}

/// The problems of a refused file, as `(line, English text)`.
fn problems(text: &str) -> Vec<(usize, String)> {
    match parse(text, Path::new("c.toml")) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.problems.into_iter().map(|p| (p.line, p.en)).collect(),
    }
}

fn one_problem(text: &str) -> (usize, String) {
    let all = problems(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let s = ok("");
    assert_eq!(*s.rules, Rules::default());
    assert_eq!(s.calendar.canonical(), WorkCalendar::default().canonical());
    assert_eq!(s.lang, None);
}

#[test]
fn the_init_file_is_the_defaults_in_either_language() {
    for lang in [Lang::En, Lang::Zh] {
        let text = default_file(lang);
        let s = ok(&text);
        assert_eq!(*s.rules, Rules::default());
        assert_eq!(s.calendar.canonical(), WorkCalendar::default().canonical());
        // Every key is written, each under a comment.
        for f in fields::FIELDS {
            let line = format!("\n{} = ", f.key);
            let at = text
                .find(&line)
                .unwrap_or_else(|| panic!("{} missing", f.key));
            assert!(
                text[..at].ends_with(')'),
                "{} has no comment above it",
                f.key
            );
        }
    }
}

#[test]
fn keys_set_the_core_rules() {
    let s = ok(r#"
language = "zh"
[lights]
yellow_days = 5
yellow_percent_left = 40
orange_percent_left = 20
orange_missed_feedbacks = 3
unaddressed_days = 7
[windows]
review_backlog_days = 4
suspended_review_days = 30
[feedback]
weekly_due = "Mon"
monthly_due_day = 20
first_grace_days = 5
[deadlines]
document = 25
meeting = 10
instruction_urgent = 3
instruction_normal = 12
instruction_difficult = 40
complaint = 10
superior_and_other = 15
proposal_months = 2
[ladder]
reminder_repeats = 2
urging_repeats = 3
higher_repeats = 2
start_higher = ["leader", "major"]
[triage]
per_overdue_day = 11
leader = 41
urgent = 31
flag = 16
per_missed_feedback = 21
per_silent_day = 3
never_noted = 26
milestone = 12
[score]
base = 70
cap = 90.5
on_time_lead = 3
on_time_co = 1.5
late_lead = -4
late_co = -2
criticism = -2
commendation = 0.5
[limits]
title_chars = 200
[keys.list]
"ctrl-d" = "quit"
"pagedown" = "page_down"
"#);
    assert_eq!(s.keys.len(), 2);
    let r = &*s.rules;
    assert_eq!(s.lang, Some(Lang::Zh));
    assert_eq!(r.yellow_working_days, 5);
    assert!((r.yellow_share_left - 0.40).abs() < 1e-9);
    assert!((r.orange_share_left - 0.20).abs() < 1e-9);
    assert_eq!(r.orange_missed_in_row, 3);
    assert_eq!(r.unaddressed_working_days, 7);
    assert_eq!(r.review_backlog_working_days, 4);
    assert_eq!(r.suspended_review_working_days, 30);
    assert_eq!(r.weekly_due, chrono::Weekday::Mon);
    assert_eq!(r.monthly_due_day, 20);
    assert_eq!(r.first_feedback_grace_days, 5);
    assert_eq!(
        (
            r.default_deadline_document,
            r.default_deadline_meeting,
            r.default_deadline_instruction_urgent,
            r.default_deadline_instruction_normal,
            r.default_deadline_instruction_difficult,
            r.default_deadline_complaint,
            r.default_deadline_other,
            r.default_deadline_proposal_months
        ),
        (25, 10, 3, 12, 40, 10, 15, 2)
    );
    assert_eq!(
        (
            r.ladder_repeats.reminder,
            r.ladder_repeats.urging,
            r.ladder_repeats.higher
        ),
        (2, 3, 2)
    );
    let sh = r.ladder_repeats.start_higher;
    assert!(!sh.urgent && sh.leader && sh.major && !sh.difficult && !sh.important);
    let t = r.triage;
    assert_eq!(
        (
            t.per_overdue_day,
            t.leader,
            t.urgent,
            t.flag,
            t.per_missed_feedback,
            t.per_silent_day,
            t.never_noted,
            t.milestone
        ),
        (11, 41, 31, 16, 21, 3, 26, 12)
    );
    assert_eq!(r.score.base, 70.0);
    assert_eq!(r.score.cap, 90.5);
    assert_eq!(r.score.on_time_lead, 3.0);
    assert_eq!(r.score.on_time_co, 1.5);
    assert_eq!(r.score.late_lead, -4.0);
    assert_eq!(r.score.late_co, -2.0);
    assert_eq!(r.score.criticism, -2.0);
    assert_eq!(r.commendation_points, 0.5);
    assert_eq!(r.max_title_chars, 200);
    // What show prints reads back as the same settings.
    let again = ok(&show(&s, Lang::En));
    assert_eq!(*again.rules, *s.rules);
    assert_eq!(again.lang, s.lang);
}

#[test]
fn an_unknown_key_is_named_with_its_line_and_the_key_meant() {
    let (line, text) = one_problem("[lights]\nyelow_days = 4\n");
    assert_eq!(line, 2);
    assert_eq!(
        text,
        "unknown key 'yelow_days' in [lights]; did you mean 'yellow_days'?"
    );
    let (line, text) = one_problem("\n\n[ligths]\nyellow_days = 4\n");
    assert_eq!(line, 3);
    assert!(
        text.starts_with("unknown table [ligths]; did you mean 'lights'?"),
        "{text}"
    );
    // Nothing close: the accepted keys are listed.
    let (_, text) = one_problem("[ladder]\nzzz = 1\n");
    assert_eq!(
        text,
        "unknown key 'zzz' in [ladder]; accepted: reminder_repeats, urging_repeats, higher_repeats, start_higher"
    );
    let (line, text) = one_problem("langauge = \"zh\"\n");
    assert_eq!(line, 1);
    assert_eq!(text, "unknown key 'langauge'; did you mean 'language'?");
}

#[test]
fn a_key_in_the_wrong_table_is_sent_to_its_table() {
    let (line, text) = one_problem("[score]\nbase = 80\nyellow_days = 4\n");
    assert_eq!(line, 3);
    assert_eq!(
        text,
        "'yellow_days' belongs in the table [lights], not [score]"
    );
    let (_, text) = one_problem("yellow_days = 4\n");
    assert_eq!(text, "'yellow_days' belongs in the table [lights]");
}

#[test]
fn a_bad_value_names_the_key_the_line_and_what_is_accepted() {
    let cases = [
        (
            "[lights]\n\nyellow_days = -1\n",
            3,
            "lights.yellow_days = -1 is not accepted; it takes a whole number from 0 to 60",
        ),
        (
            "[lights]\nyellow_percent_left = 130\n",
            2,
            "lights.yellow_percent_left = 130 is not accepted; it takes a whole percent from 0 to 100",
        ),
        (
            "[lights]\nyellow_days = \"3\"\n",
            2,
            "lights.yellow_days = \"3\" is not accepted; it takes a whole number from 0 to 60",
        ),
        (
            "[feedback]\nweekly_due = \"friday\"\n",
            2,
            "feedback.weekly_due = \"friday\" is not accepted; it takes one of mon, tue, wed, thu, fri, sat, sun",
        ),
        (
            "[score]\nlate_lead = 5\n",
            2,
            "score.late_lead = 5 is not accepted; it takes a number from -100 to 0",
        ),
        (
            "[score]\non_time_lead = 2.125\n",
            2,
            "score.on_time_lead = 2.125 is not accepted; it takes a number from 0 to 100",
        ),
        (
            "[deadlines]\ndocument = 0\n",
            2,
            "deadlines.document = 0 is not accepted; it takes a whole number from 1 to 750",
        ),
        (
            "[ladder]\nstart_higher = [\"urgent\", \"boss\"]\n",
            2,
            "ladder.start_higher = [\"urgent\", \"boss\"] is not accepted; it takes a list of marks from urgent, leader, major, difficult, important",
        ),
        (
            "[triage]\nleader = -5\n",
            2,
            "triage.leader = -5 is not accepted; it takes a whole number from 0 to 1000",
        ),
        (
            "language = \"fr\"\n",
            1,
            "'language' accepts \"zh\" or \"en\"",
        ),
        (
            "language = \"en\"\ndocument_language = \"de\"\n",
            2,
            "'document_language' accepts \"zh\" or \"en\"",
        ),
        (
            "[lights]\nyellow_percent_left = 10\n",
            0,
            "lights.orange_percent_left is above lights.yellow_percent_left; orange is the later warning, so it takes a percent no higher than yellow's",
        ),
        (
            "[score]\nbase = 95\ncap = 90\n",
            2,
            "score.base is above score.cap; the cap takes a number no lower than the base",
        ),
        ("[lights\nyellow_days = 3\n", 1, "not valid TOML: "),
        (
            "[lights]\nyellow_days = 3\nyellow_days = 4\n",
            3,
            "not valid TOML: ",
        ),
    ];
    for (text, line, want) in cases {
        let (got_line, got) = one_problem(text);
        assert!(got.starts_with(want), "{text:?}: {got}");
        if line > 0 {
            assert_eq!(got_line, line, "{text:?}: {got}");
        }
    }
}

#[test]
fn the_document_language_is_the_offices_whatever_the_interfaces() {
    let file = Path::new("config.toml");
    let unset = parse("language = \"en\"\n", file).unwrap();
    assert_eq!((unset.lang, unset.doc_lang), (Some(Lang::En), Lang::Zh));
    let english = parse("language = \"zh\"\ndocument_language = \"en\"\n", file).unwrap();
    assert_eq!((english.lang, english.doc_lang), (Some(Lang::Zh), Lang::En));
    // config show writes it back, so the file it prints reads the same.
    let shown = show(&english, Lang::En);
    assert!(shown.contains("document_language = \"en\""), "{shown}");
}

#[test]
fn every_problem_is_reported_in_line_order() {
    let all = problems(
        "[score]\nbase = \"x\"\n[lights]\nyelow_days = 4\n[calendar.2027]\nholiday = []\n",
    );
    let lines: Vec<usize> = all.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![2, 4, 6], "{all:?}");
    assert!(all[2].1.contains("did you mean 'holidays'?"), "{all:?}");
    let e = parse(
        "[score]\nbase = \"x\"\n[lights]\nyelow_days = 4\n",
        Path::new("c.toml"),
    )
    .unwrap_err();
    let en = e.render(Lang::En);
    assert!(en.starts_with("the configuration is refused, 2 problems; nothing was done:\n  c.toml line 2: score.base"), "{en}");
    let zh = e.render(Lang::Zh);
    assert!(
        zh.contains("c.toml 第4行：[lights] 中没有“yelow_days”这个键；是否应为“yellow_days”？"),
        "{zh}"
    );
}

#[test]
fn the_keys_table_holds_the_key_bindings_of_each_mode() {
    let s = ok("[keys.triage]\n\"ctrl-n\" = \"down\"\n");
    assert_eq!(*s.rules, Rules::default());
    assert_eq!(s.keys.len(), 1);
    assert_eq!(s.keys[0].line, 2);
    // A binding straight under [keys] names no mode: refused, with the way to write it.
    let (line, en) = one_problem("\n[keys]\nanything = \"goes\"\n");
    assert_eq!(line, 3);
    assert!(
        en.contains("[keys.list], [keys.triage], [keys.form] or [keys.report]"),
        "{en}"
    );
}

#[test]
fn a_year_entered_in_the_file_is_the_calendar_of_that_year() {
    let s = ok(r#"
[calendar.2027]
holidays = ["2027-01-01 元旦", "2027-02-06..2027-02-13 春节"]
workdays = ["2027-02-14 春节调休"]
"#);
    let cal = &s.calendar;
    assert!(cal.covers_year(2025) && cal.covers_year(2026) && cal.covers_year(2027));
    assert!(!cal.is_working_day(d("2027-01-01")));
    assert!(!cal.is_working_day(d("2027-02-08")));
    assert!(cal.is_working_day(d("2027-02-14")));
    assert_eq!(cal.day_name(d("2027-02-10")), Some("春节"));
    // +5 working days from Thu 2026-12-31: Jan 4, 5, 6, 7, 8 instead of Jan 1, 4, 5, 6, 7.
    assert_eq!(cal.add_working_days(d("2026-12-31"), 5), d("2027-01-08"));
    assert_eq!(
        WorkCalendar::default().add_working_days(d("2026-12-31"), 5),
        d("2027-01-07")
    );
    assert_eq!(s.own_years, vec![2027]);
    // show writes it back as ranges, and it reads back the same.
    let shown = show(&s, Lang::En);
    assert!(
        shown.contains("holidays = [\"2027-01-01 元旦\", \"2027-02-06..2027-02-13 春节\"]"),
        "{shown}"
    );
    let again = ok(&shown);
    assert_eq!(again.calendar.canonical(), cal.canonical());
}

#[test]
fn bad_calendar_entries_are_named() {
    let cases = [
        (
            "[calendar.2027]\nholidays = [\"2027-13-01\"]\n",
            "calendar.2027.holidays: \"2027-13-01\" is not a day",
        ),
        (
            "[calendar.2027]\nholidays = [\"2026-12-31\"]\n",
            "calendar.2027.holidays: \"2026-12-31\" is not in 2027",
        ),
        (
            "[calendar.2027]\nholidays = [\"2027-02-13..2027-02-06\"]\n",
            "ends before it starts",
        ),
        (
            "[calendar.2027]\nholidays = [1]\n",
            "calendar.2027.holidays: 1 is not a day",
        ),
        (
            "[calendar.2027]\nholidays = \"2027-01-01\"\n",
            "calendar.2027.holidays takes a list of days",
        ),
        (
            "[calendar.2027]\nworkdays = [\"2027-02-15\"]\n",
            "is not a weekend day (2027-02-15 is a Mon)",
        ),
        (
            "[calendar.2027]\nholidays = [\"2027-02-06\"]\nworkdays = [\"2027-02-06\"]\n",
            "2027-02-06 is both a holiday and a make-up working day",
        ),
        (
            "[calendar]\nyear2027 = 1\n",
            "unknown key 'year2027' in [calendar]",
        ),
        (
            "[calendar]\nfile = 3\n",
            "calendar.file takes a file name in quotes",
        ),
        (
            "[calendar.2027]\nholidays = [\"2027-01-01 元旦\\u001b[2J\"]\n",
            "has a name with a control or invisible character",
        ),
    ];
    for (text, want) in cases {
        let (line, got) = one_problem(text);
        assert!(got.contains(want), "{text:?}: {got}");
        assert!(line >= 2, "{text:?}: line {line}");
    }
}

#[test]
fn a_calendar_file_beside_the_config_adds_its_years() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cal.txt"),
        "year 2027\noff 2027-01-01 元旦\nwork 2027-02-20 调休\n",
    )
    .unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[calendar]\nfile = \"cal.txt\"\n").unwrap();
    let s = load(Some(&Location {
        path: path.clone(),
        explicit: true,
    }))
    .unwrap();
    assert!(s.calendar.covers_year(2027));
    assert!(!s.calendar.is_working_day(d("2027-01-01")));
    assert!(s.calendar.is_working_day(d("2027-02-20")));
    assert_eq!(s.source.as_deref(), Some(path.as_path()));
    // A bad line of the calendar file is named with that file and line.
    std::fs::write(dir.path().join("cal.txt"), "year 2027\noff 2027-02-30\n").unwrap();
    let e = load(Some(&Location {
        path: path.clone(),
        explicit: true,
    }))
    .unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].line, 2);
    assert!(e.problems[0].file.ends_with("cal.txt"));
    std::fs::write(&path, "[calendar]\nfile = \"missing.txt\"\n").unwrap();
    let e = load(Some(&Location {
        path,
        explicit: true,
    }))
    .unwrap_err();
    assert!(
        e.problems[0]
            .en
            .starts_with("cannot read the calendar file")
    );
}

#[test]
fn a_missing_default_file_is_the_defaults_and_a_missing_named_one_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.toml");
    let s = load(Some(&Location {
        path: path.clone(),
        explicit: false,
    }))
    .unwrap();
    assert_eq!(*s.rules, Rules::default());
    assert_eq!(s.source, None);
    let e = load(Some(&Location {
        path,
        explicit: true,
    }))
    .unwrap_err();
    assert_eq!(e.problems[0].line, 0);
    assert!(
        e.problems[0].en.starts_with(
            "the configuration file named by --config or $DUBAN_CONFIG does not exist"
        ),
        "{:?}",
        e.problems
    );
}

#[test]
fn the_fingerprint_follows_every_setting_that_changes_figures() {
    let base = ok("");
    let f = |s: &Settings| fingerprint(&s.rules, &s.calendar);
    assert_eq!(f(&base), f(&ok("[lights]\nyellow_days = 3\n")));
    assert_eq!(f(&base).len(), 16);
    let changed = [
        "[lights]\nyellow_days = 4\n",
        "[score]\non_time_lead = 2.5\n",
        "[deadlines]\ndocument = 29\n",
        "[calendar.2027]\nholidays = [\"2027-01-01\"]\n",
        "[calendar.2026]\nholidays = []\n",
    ];
    for text in changed {
        assert_ne!(f(&base), f(&ok(text)), "{text}");
    }
    // The canonical text names every rule by its key.
    let canon = canonical(&base.rules, &base.calendar);
    assert!(canon.starts_with("lights.yellow_days = 3\n"), "{canon}");
    assert!(canon.contains("\nyear 2026\n"), "{canon}");
}

#[test]
fn calendar_show_marks_days_off_and_days_worked() {
    let s = ok(
        "[calendar.2027]\nholidays = [\"2027-02-06..2027-02-13 春节\"]\nworkdays = [\"2027-02-14 春节调休\"]\n",
    );
    let text = calendar::show_year(&s.calendar, 2027, Lang::En);
    assert!(
        text.starts_with("Working days of 2027 (* day off, + weekend day worked)\n"),
        "{text}"
    );
    assert!(
        text.contains("February 2027\nMon Tue Wed Thu Fri Sat Sun\n  1   2   3   4   5   6*  7*\n  8*  9* 10* 11* 12* 13* 14+\n"),
        "{text}"
    );
    assert!(text.contains("  02-06..02-13 off 春节\n"), "{text}");
    assert!(text.contains("  02-14 worked 春节调休\n"), "{text}");
    let unknown = calendar::show_year(&WorkCalendar::default(), 2027, Lang::Zh);
    assert!(unknown.starts_with("2027年未载入放假调休安排"), "{unknown}");
    assert!(
        unknown.contains("2027年1月\n 一  二  三  四  五  六  日\n"),
        "{unknown}"
    );
}

#[test]
fn the_database_table_takes_a_servers_address_and_refuses_anything_else() {
    let file = std::path::Path::new("config.toml");
    let got = parse(
        "[database]\nurl = \"postgres://wang@db.office/office\"\n",
        file,
    )
    .unwrap();
    assert_eq!(
        got.database.as_deref(),
        Some("postgres://wang@db.office/office")
    );
    // `config show` names the server, without a password.
    let secret = parse(
        "[database]\nurl = \"postgres://wang:s3cret@db.office/office\"\n",
        file,
    )
    .unwrap();
    let shown = super::show(&secret, crate::ui::Lang::En);
    assert!(
        shown.contains("\n[database]\nurl = \"postgres://wang@db.office/office\"\n"),
        "{shown}"
    );
    assert!(!shown.contains("s3cret"), "{shown}");
    for bad in [
        "[database]\nurl = \"/home/wang/office.db\"\n",
        "[database]\nurl = \"postgres://wang@db office/x\"\n",
        "[database]\nurl = 5\n",
        "[database]\nadress = \"postgres://a@b/c\"\n",
    ] {
        let e = parse(bad, file).unwrap_err();
        assert_eq!(e.problems.len(), 1, "{bad}");
        assert!(
            e.render(crate::ui::Lang::En).contains("[database]"),
            "{bad}"
        );
    }
}

//! Both languages, screen by screen: every main screen of the interface (list, detail, triage
//! card, report, help, the forms and their refusals, the milestone panel, the filters) drawn in
//! Chinese shows no English word outside a short list of key names and formats, and drawn in
//! English shows no Chinese character. The Chinese screens use the Chinese sample office; the
//! English ones an office whose own data is ASCII, so that any Chinese on them is the
//! interface's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::{NaiveDate, NaiveDateTime};
use duban::app::input::ItemInput;
use duban::app::{App, Office};
use duban::clock::Clock;
use duban::domain::item::FeedbackKind;
use duban::domain::{Level, Move};
use duban::store::{NewFeedback, NewNote, Store};
use duban::ui::Lang;
use duban::ui::UiWords;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-25 09:30";

/// The Chinese sample office of the screen tests.
fn chinese_office() -> Office {
    let mut office = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(at(TODAY)),
        "督查员".into(),
    );
    duban::cli::fill_demo(&mut office, 60, 7).unwrap();
    office
}

/// An office whose own words (titles, departments, people) are ASCII: overdue, due-soon and
/// weekly items, one with milestones, feedback, a note and an extension request.
fn ascii_office() -> Office {
    let mut o = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(at("2026-10-09 10:00")),
        "clerk".into(),
    );
    let items = [
        (
            "Road repairs",
            "Transport",
            "2026-11-10",
            "once",
            "leader,major",
        ),
        (
            "Fire safety checks",
            "Fire Service",
            "2026-11-16",
            "once",
            "",
        ),
        (
            "River cleaning",
            "Water Bureau",
            "2026-11-27",
            "once",
            "difficult",
        ),
        ("Flood reports", "Water Bureau", "2026-12-30", "weekly", ""),
        (
            "Old housing renewal",
            "Housing",
            "2026-12-18",
            "staged",
            "important",
        ),
        (
            "Market stalls",
            "Market Supervision",
            "2026-12-02",
            "once",
            "",
        ),
    ];
    let mut numbers = Vec::new();
    for (title, lead, due, cadence, flags) in items {
        let item = ItemInput {
            title: title.into(),
            lead: lead.into(),
            owner: "Wang".into(),
            due: due.into(),
            cadence: cadence.into(),
            flags: flags.into(),
            requirement: "Finish the work and report".into(),
            source_ref: "Office doc 12".into(),
            ..ItemInput::default()
        }
        .check(o.today(), &o.calendar, &o.rules)
        .unwrap();
        let n = o
            .write(|w| {
                let n = w.add_item(&item)?;
                w.apply_move(n, Move::Assign, None, None)?;
                w.apply_move(n, Move::Start, None, None)?;
                Ok(n)
            })
            .unwrap();
        numbers.push(n);
    }
    let n = numbers[0];
    o.clock = Clock::Frozen(at("2026-10-12 11:00"));
    o.write(|w| {
        w.add_milestone(n, "Approval", day("2026-11-20"))?;
        w.add_milestone(n, "Funds", day("2026-11-24"))
    })
    .unwrap();
    o.write(|w| w.complete_milestone(n, 1)).unwrap();
    o.write(|w| {
        w.add_feedback(
            n,
            &NewFeedback {
                text: "Half done".into(),
                percent: Some(50),
                reporter: "Wang".into(),
                kind: FeedbackKind::Progress,
            },
            None,
        )
    })
    .unwrap();
    o.write(|w| {
        w.add_note(
            n,
            &NewNote {
                level: Level::Reminder,
                target: "Transport".into(),
                reason: "Slow".into(),
                points: Some(-1.0),
                requirement: "Report in 3 days".into(),
            },
            None,
        )
    })
    .unwrap();
    o.write(|w| w.apply_move(numbers[1], Move::Suspend, Some("Waiting for funds"), None))
        .unwrap();
    o.clock = Clock::Frozen(at(TODAY));
    o
}

/// Keys that bring up each screen, from the list.
const SCREENS: &[(&str, &str)] = &[
    ("list", ""),
    ("help", "?"),
    ("detail", "<Enter>"),
    ("detail of the second", "j<Enter>"),
    ("moves", "m"),
    ("add form", "a"),
    ("add form refused", "a<Enter>"),
    ("edit form", "e"),
    ("feedback form", "f"),
    ("feedback refused", "f<Enter>"),
    ("note form", "n"),
    ("note refused", "n<Enter>"),
    ("urge form", "u"),
    ("extension form", "x"),
    ("extension refused", "x<Enter>"),
    ("snooze form", "s"),
    ("completion form", "d"),
    ("commendation form", "+"),
    ("milestones", "M"),
    ("milestone form", "Ma"),
    ("milestone refused", "Ma<Enter>"),
    ("marks", " j "),
    ("light filter", "L"),
    ("status filter", "S"),
    ("every status", "SSSSSSSSS"),
    ("department filter", "D"),
    ("search", "/"),
    ("nothing to undo", "z"),
    ("feedback undone", "f§<Enter>z"),
    ("feedback redone", "f§<Enter>zZ"),
    (
        "flags refused",
        "a§<Tab>§<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>§<Enter>",
    ),
    ("percent refused", "f§<Tab>§<Enter>"),
    ("date refused", "x§<Tab>§<Enter>"),
    ("triage", "t"),
    ("triage help", "t?"),
    ("triage second card", "tj"),
    ("triage urge", "tu"),
    ("triage note", "tn"),
    ("triage snooze", "ts"),
    ("triage done", "t<Esc>"),
    ("report", "r"),
    ("report by source", "rb"),
    ("report by kind", "rbb"),
    ("report quarter", "rp"),
    ("report export", "rx"),
    ("report help", "r?"),
];

/// Words of the Latin alphabet a Chinese screen may show: key names, formats, the date and
/// working-day syntax the clerk types, and the program's own name.
const KEY_WORDS: &[&str] = &[
    "Esc",
    "Enter",
    "Tab",
    "Space",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Ctrl",
    "Shift",
    "Alt",
    "Backspace",
    "docx",
    "md",
    "csv",
    "json",
    "html",
    "Markdown",
    "CSV",
    "JSON",
    "HTML",
    "duban",
    "YYYY",
    "MM",
    "DD",
    "wd",
    "db",
    "uid",
    "chmod",
    "chown",
];

fn latin_words(line: &str) -> Vec<&str> {
    line.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !KEY_WORDS.contains(w))
        .collect()
}

/// Each screen's offending lines.
fn offences(lang: Lang, size: (u16, u16), office: fn() -> Office) -> Vec<String> {
    let ui = plain(lang);
    let mut found = Vec::new();
    for (name, keys) in SCREENS {
        let mut app = App::new(office(), size).unwrap();
        // The office's own words (its items, and the document language it writes records in)
        // are those of the office tried: a Chinese office's, an English one's.
        app.doc_lang = lang;
        app.form_words = lang.form_words();
        // An export's file is found in the folder duban was started in: the machine's words,
        // not the interface's. Here it is the root.
        app.locate = at_root;
        // What the clerk types: a word of the screen's language.
        let typed = keys.replace('§', if lang == Lang::Zh { "某某" } else { "Qq" });
        press(&mut app, &ui, &typed);
        let text = screen(&app, &ui);
        for line in text.lines() {
            // The database's path is the office's, not the interface's.
            let line = &line.replace(":memory:", "");
            let bad = match lang {
                Lang::Zh => !latin_words(line).is_empty(),
                Lang::En => line.chars().any(duban::text::is_cjk),
            };
            if bad {
                found.push(format!("{name} {size:?}: {}", line.trim()));
            }
        }
    }
    found
}

/// A typed path found at the root of the file system, nothing there.
fn at_root(typed: &str) -> Option<duban::app::form::ExportFile> {
    (!typed.is_empty()).then(|| duban::app::form::ExportFile {
        typed: typed.into(),
        full: std::path::Path::new("/").join(typed),
        found: duban::app::form::Found::Nothing,
    })
}

#[test]
fn chinese_screens_show_no_english_word() {
    let mut found = offences(Lang::Zh, (160, 48), chinese_office);
    found.extend(offences(Lang::Zh, (80, 24), chinese_office));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn english_screens_show_no_chinese() {
    let mut found = offences(Lang::En, (160, 48), ascii_office);
    found.extend(offences(Lang::En, (80, 24), ascii_office));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The checks see what they are meant to: the ASCII office's own words reach the English
/// screens, and the sample office's Chinese the Chinese ones.
#[test]
fn the_offices_are_on_the_screens() {
    let ui = plain(Lang::En);
    let app = App::new(ascii_office(), (160, 48)).unwrap();
    let text = screen(&app, &ui);
    assert!(
        text.contains("Road repairs") && text.contains("Transport"),
        "{text}"
    );
    let ui = plain(Lang::Zh);
    let app = App::new(chinese_office(), (160, 48)).unwrap();
    let text = screen(&app, &ui);
    assert!(
        text.chars().filter(|c| duban::text::is_cjk(*c)).count() > 200,
        "{text}"
    );
}

//! The hostile corpus (`tests/hostile/corpus.txt`) through every way text enters duban: the
//! command line, the forms (typed and pasted), the import and the configuration. Each input is
//! stored exactly (but for the white space around it, and a pasted carriage return, which is a
//! line end) or refused in one sentence naming its field, with nothing written; whatever
//! was stored is shown inertly in every output a person reads (text, CSV, HTML, Markdown,
//! Word), and `duban check` passes afterwards. The real terminal's side is in terminal.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "hostile/mod.rs"]
mod hostile;
mod keys;

use std::path::Path;

use common::*;
use serde_json::Value;

/// Exit code, standard output and standard error of a command.
fn outcome(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// How many events the office's history holds (`audit head`).
fn events(o: &Office) -> i64 {
    let head = o.run(&["audit", "head"]);
    let line = head.lines().nth(1).unwrap_or("0 events");
    line.split_whitespace().next().unwrap().parse().unwrap()
}

/// The output holds no character that would act instead of being shown.
fn inert(what: &str, text: &str) {
    let bad = hostile::unsafe_chars(text);
    assert!(
        bad.is_empty(),
        "{what} prints raw {:?}",
        &bad[..bad.len().min(5)]
    );
}

/// Each way the command line takes text, with the field a refusal names and where the stored
/// value is read back.
#[derive(Clone, Copy, Debug)]
enum Entry {
    Title,
    Lead,
    Feedback,
    NoteReason,
}

#[test]
fn the_command_line_stores_each_input_exactly_or_refuses_it_naming_the_field() {
    let o = Office::new();
    let base = o.add("底稿事项", &[]);
    let inputs = hostile::arguments();
    let (mut stored, mut refused) = (0, 0);
    for s in &inputs {
        for entry in [
            Entry::Title,
            Entry::Lead,
            Entry::Feedback,
            Entry::NoteReason,
        ] {
            // `--title=…`: a value that begins with '-' is the value, not an option.
            let (args, field): (Vec<String>, &str) = match entry {
                Entry::Title => (
                    vec!["add".into(), format!("--title={s}"), "--lead=财政局".into()],
                    "title",
                ),
                Entry::Lead => (
                    vec![
                        "add".into(),
                        "--title=普通事项".into(),
                        format!("--lead={s}"),
                    ],
                    "lead",
                ),
                Entry::Feedback => (
                    vec!["feedback".into(), base.clone(), format!("--text={s}")],
                    "text",
                ),
                Entry::NoteReason => (
                    vec![
                        "note".into(),
                        base.clone(),
                        "--level=reminder".into(),
                        format!("--reason={s}"),
                        "--require=按期反馈".into(),
                    ],
                    "reason",
                ),
            };
            let before = events(&o);
            let (code, stdout, stderr) =
                outcome(o.cmd_on(TODAY).args(["--lang", "en"]).args(&args));
            match code {
                0 => {
                    stored += 1;
                    let number = match entry {
                        Entry::Title | Entry::Lead => stdout.trim().to_string(),
                        _ => base.clone(),
                    };
                    let detail = o.show(&number);
                    let got = match entry {
                        Entry::Title => detail["title"].clone(),
                        Entry::Lead => detail["lead_department"].clone(),
                        Entry::Feedback => {
                            detail["feedback"].as_array().unwrap()[0]["text"].clone()
                        }
                        Entry::NoteReason => {
                            detail["notes"].as_array().unwrap()[0]["reason"].clone()
                        }
                    };
                    // Stored as given, but for the white space around it.
                    assert_eq!(
                        got,
                        Value::String(s.trim().to_string()),
                        "{entry:?} of {s:?} stored as"
                    );
                }
                2 => {
                    refused += 1;
                    assert_eq!(
                        stderr.trim_end().lines().count(),
                        1,
                        "{entry:?} {s:?}: {stderr}"
                    );
                    assert!(
                        stderr.contains(field),
                        "{entry:?} {s:?} names {field}: {stderr}"
                    );
                    inert("a refusal", &stderr);
                    assert_eq!(events(&o), before, "{entry:?} {s:?}: nothing written");
                }
                _ => panic!("{entry:?} {s:?}: exit {code}: {stderr}"),
            }
        }
    }
    eprintln!(
        "command line: {} inputs × 4 fields: {stored} stored exactly, {refused} refused naming the field",
        inputs.len()
    );
    assert!(stored > 0 && refused > 0);
    // Everything stored is shown inertly wherever a person reads it.
    let dir = tempfile::tempdir().unwrap();
    for (what, args) in [
        ("list", vec!["list", "--all"]),
        ("show", vec!["show", &base]),
        ("csv", vec!["export", "--format", "csv"]),
        ("bulletin text", vec!["report", "--period", "year"]),
        (
            "bulletin md",
            vec!["report", "--period", "year", "--format", "md"],
        ),
        (
            "bulletin html",
            vec!["report", "--period", "year", "--format", "html"],
        ),
        (
            "bulletin csv",
            vec!["report", "--period", "year", "--format", "csv"],
        ),
        ("score", vec!["score"]),
        ("notice md", vec!["notice", &base, "--format", "md"]),
        ("notice html", vec!["notice", &base, "--format", "html"]),
        ("day's log", vec!["triage", "--summary"]),
        (
            "day's log md",
            vec!["triage", "--summary", "--format", "md"],
        ),
        ("snapshot", vec!["snapshot"]),
    ] {
        for lang in ["en", "zh"] {
            let printed = o.run(&[&["--lang", lang][..], &args].concat());
            inert(what, &printed);
        }
    }
    let word = dir.path().join("notice.docx");
    o.run(&[
        "notice",
        &base,
        "--format",
        "docx",
        "--out",
        word.to_str().unwrap(),
    ]);
    inert("the Word notice", &docx_text(&word));
    o.run(&["check"]);
    o.run(&["audit", "verify"]);
}

/// The text of every paragraph and table cell of a Word file, as it reads back.
fn docx_text(path: &Path) -> String {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(&std::fs::read(path).unwrap()).unwrap();
    let mut out = String::new();
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => out.push_str(&p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(r) in &t.rows {
                    for TableRowChild::TableCell(c) in &r.cells {
                        for x in &c.children {
                            if let TableCellContent::Paragraph(p) = x {
                                out.push_str(&p.raw_text());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_import_stores_each_input_exactly_or_refuses_the_file_naming_the_field() {
    let o = Office::new();
    o.add("底稿事项", &[]);
    let export: Value = serde_json::from_str(&o.run(&["export", "--format", "json"])).unwrap();
    let inputs = hostile::corpus();
    let (mut stored, mut refused) = (0, 0);
    for s in &inputs {
        let mut office = export.clone();
        office["items"][0]["title"] = Value::String(s.clone());
        for event in office["events"].as_array_mut().unwrap() {
            if event["kind"] == "item_registered" {
                event["data"]["title"] = Value::String(s.clone());
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("office.json");
        std::fs::write(&file, serde_json::to_string(&office).unwrap()).unwrap();
        let db = dir.path().join("imported.db");
        let (code, _, stderr) = outcome(
            bare()
                .arg("--db")
                .arg(&db)
                .args(["--today", TODAY, "--lang", "en", "import"])
                .arg(&file),
        );
        match code {
            0 => {
                stored += 1;
                let shown = outcome(
                    bare()
                        .arg("--db")
                        .arg(&db)
                        .args(["--today", TODAY, "show", "2026-001", "--format", "json"]),
                );
                let detail: Value = serde_json::from_str(&shown.1).unwrap();
                assert_eq!(detail["title"], Value::String(s.clone()));
                let listed = outcome(bare().arg("--db").arg(&db).args(["--today", TODAY, "list"]));
                inert("list after import", &listed.1);
                let checked = outcome(
                    bare()
                        .arg("--db")
                        .arg(&db)
                        .args(["--today", TODAY, "check"]),
                );
                assert_eq!(checked.0, 0, "{}", checked.2);
            }
            2 => {
                refused += 1;
                assert!(stderr.contains("title"), "{s:?}: {stderr}");
                inert("a refusal", &stderr);
                assert!(!db.exists(), "{s:?}: a refused import leaves no file");
            }
            _ => panic!("{s:?}: exit {code}: {stderr}"),
        }
    }
    eprintln!(
        "import: {} inputs: {stored} stored exactly, {refused} refused naming the field",
        inputs.len()
    );
    assert!(stored > 0 && refused > 0);
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn the_configuration_takes_each_input_inertly_or_refuses_it_naming_the_key() {
    let o = Office::new();
    o.add("底稿事项", &[]);
    let inputs = hostile::corpus();
    let (mut taken, mut refused) = (0, 0);
    for s in &inputs {
        let config = o.dir.path().join("config.toml");
        std::fs::write(&config, format!("[office]\nname = {}\n", toml_string(s))).unwrap();
        std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let (code, stdout, stderr) = outcome(
            o.cmd_on(TODAY)
                .arg("--config")
                .arg(&config)
                .args(["--lang", "en", "report", "--period", "year"]),
        );
        match code {
            0 => {
                taken += 1;
                inert("a bulletin signed by the configured office", &stdout);
            }
            2 => {
                refused += 1;
                assert_eq!(stderr.trim_end().lines().count(), 1, "{s:?}: {stderr}");
                assert!(stderr.contains("name"), "{s:?}: {stderr}");
                inert("a refusal", &stderr);
            }
            _ => panic!("{s:?}: exit {code}: {stderr}"),
        }
    }
    eprintln!(
        "configuration: {} inputs: {taken} taken, {refused} refused naming the key",
        inputs.len()
    );
    assert!(refused > 0);
}

mod forms {
    use super::hostile;
    use super::keys::{plain, press};
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use duban::app::form::FieldId;
    use duban::app::state::Overlay;
    use duban::app::{App, Office};
    use duban::clock::Clock;
    use duban::store::{Records, Store};
    use duban::ui::{Lang, Ui};

    fn app() -> App {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let clock = Clock::Frozen(today.and_hms_opt(9, 30, 0).unwrap());
        let mut office = Office::new(Store::open_in_memory().unwrap(), clock, "督查员".into());
        duban::cli::fill_demo(&mut office, 5, 7).unwrap();
        App::new(office, (160, 48)).unwrap()
    }

    /// Types the characters a keyboard sends as text (a control character is a key, not text).
    fn type_text(app: &mut App, ui: &Ui, text: &str) -> String {
        let typed: String = text.chars().filter(|c| !c.is_control()).collect();
        for c in typed.chars() {
            let key = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            ui.dispatch(app, &key).unwrap();
        }
        typed
    }

    fn form(app: &App) -> Option<&duban::app::form::Form> {
        match &app.overlay {
            Overlay::Form(form) => Some(form),
            _ => None,
        }
    }

    /// One input into a field, typed or pasted, then saved: stored exactly (the form closes and
    /// the record holds it) or refused naming the field (the form stays, nothing written).
    fn enter(
        ui: &Ui,
        s: &str,
        open: &str,
        field: FieldId,
        then: &str,
        pasted: bool,
        stored_as: impl Fn(&App) -> String,
    ) -> bool {
        let one_line = field != FieldId::Text;
        let mut app = app();
        let events = app.office.store.event_count().unwrap();
        press(&mut app, ui, open);
        let text = if pasted {
            ui.dispatch(&mut app, &Event::Paste(s.to_string())).unwrap();
            // A terminal sends a pasted line end as a carriage return: each is a line end.
            let text = s.replace("\r\n", "\n").replace('\r', "\n");
            // A tab pasted into a one-line field is a space there.
            if one_line {
                text.replace('\t', " ")
            } else {
                text
            }
        } else {
            type_text(&mut app, ui, s)
        };
        let f = form(&app).unwrap();
        if let Some((named, _)) = &f.error {
            // The paste was refused: the field is named and keeps what it held.
            assert_eq!(*named, Some(field), "{s:?}");
            assert_eq!(f.value(field), "", "{s:?}");
            assert_eq!(app.office.store.event_count().unwrap(), events);
            return false;
        }
        assert_eq!(f.value(field), text, "{s:?} went into the field whole");
        press(&mut app, ui, then);
        match form(&app) {
            None => {
                assert_eq!(stored_as(&app), text.trim(), "{s:?} stored as");
                true
            }
            Some(f) => {
                let (named, _) = f.error.as_ref().expect("a form left open says why");
                assert_eq!(*named, Some(field), "{s:?}: {:?}", f.error);
                assert_eq!(app.office.store.event_count().unwrap(), events);
                false
            }
        }
    }

    #[test]
    fn the_forms_store_each_input_typed_or_pasted_exactly_or_refuse_it_naming_the_field() {
        let ui = plain(Lang::En);
        let inputs = hostile::corpus();
        let (mut stored, mut refused) = (0, 0);
        for s in &inputs {
            for pasted in [false, true] {
                let title = enter(
                    &ui,
                    s,
                    "a",
                    FieldId::Title,
                    "<Tab>市审计局<Enter>",
                    pasted,
                    |app| app.detail.as_ref().unwrap().row.title.clone(),
                );
                let feedback = enter(
                    &ui,
                    s,
                    "f",
                    FieldId::Text,
                    "<Tab>50<Enter>",
                    pasted,
                    |app| app.detail.as_ref().unwrap().feedback[0].text.clone(),
                );
                for ok in [title, feedback] {
                    if ok {
                        stored += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        eprintln!(
            "forms: {} inputs × 2 fields × typed and pasted: {stored} stored exactly, {refused} refused naming the field",
            inputs.len()
        );
        assert!(stored > 0 && refused > 0);
    }
}

//! End-to-end tests of the office's own configuration: `duban config …`, `duban calendar …`,
//! a bad file refused the same way by every command, and the settings reaching deadlines,
//! lights, overdue counts, scores and the bulletin's footer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The 2027 New Year holiday as an office would enter it from the notice.
const NEW_YEAR_2027: &str = "[calendar.2027]\nholidays = [\"2027-01-01..2027-01-03 元旦\"]\n";

fn write_config(o: &Office, name: &str, text: &str) -> PathBuf {
    let path = o.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The office's command on `today`, reading the configuration at `config`.
fn with_config(o: &Office, config: &Path, today: &str) -> Command {
    let mut cmd = o.cmd_on(today);
    cmd.arg("--config").arg(config);
    cmd
}

fn run_with(o: &Office, config: &Path, today: &str, args: &[&str]) -> String {
    succeeded(with_config(o, config, today).args(args))
}

fn listed(text: &str, number: &str) -> Value {
    let items: Vec<Value> = serde_json::from_str(text).unwrap();
    items
        .into_iter()
        .find(|i| i["number"] == number)
        .unwrap_or_else(|| panic!("{number} not listed: {text}"))
}

fn add_due(cmd: &mut Command, title: &str, due: &str) -> String {
    let out = succeeded(cmd.args(["add", "--title", title, "--lead", "住建局", "--due", due]));
    out.trim().to_string()
}

#[test]
fn a_2027_calendar_in_the_config_moves_new_deadlines_lights_and_overdue_counts() {
    let o = Office::new();
    let config = write_config(&o, "config.toml", NEW_YEAR_2027);
    // Registered before the notice was entered: Dec 29, 30, 31, Jan 1 (a Friday), Jan 4.
    let before = add_due(&mut o.cmd_on("2026-12-28"), "通知前登记", "+5wd");
    assert_eq!(o.show(&before)["deadline"], "2027-01-04");
    // Registered under the entered notice: Jan 1 is off, so +5wd ends a day later.
    let after = add_due(
        &mut with_config(&o, &config, "2026-12-28"),
        "通知后登记",
        "+5wd",
    );
    assert_eq!(o.show(&after)["deadline"], "2027-01-05");
    // A deadline already set does not move.
    assert_eq!(o.show(&before)["deadline"], "2027-01-04");

    // The light of the first item on Dec 29 uses the calendar at once: 4 working days left
    // (green) under Monday-to-Friday, 3 (yellow) once Jan 1 is a holiday.
    let plain = listed(
        &o.run_on("2026-12-29", &["list", "--format", "json"]),
        &before,
    );
    assert_eq!(plain["working_days_left"], 4);
    assert_eq!(plain["light"], "green");
    let entered = listed(
        &run_with(&o, &config, "2026-12-29", &["list", "--format", "json"]),
        &before,
    );
    assert_eq!(entered["working_days_left"], 3);
    assert_eq!(entered["light"], "yellow");

    // Overdue is counted in the configured working days: on Wed Jan 6 the first item is
    // Jan 5 and 6 late with Jan 1 off, and the same under Monday-to-Friday (Jan 1 falls
    // before its deadline), while one due Dec 31 is 4 days late (Jan 1, 4, 5, 6) or 3.
    let late = add_due(&mut o.cmd_on("2026-12-28"), "年底到期", "2026-12-31");
    let plain = listed(
        &o.run_on("2027-01-06", &["list", "--format", "json"]),
        &late,
    );
    assert_eq!(plain["overdue_working_days"], 4);
    let entered = listed(
        &run_with(&o, &config, "2027-01-06", &["list", "--format", "json"]),
        &late,
    );
    assert_eq!(entered["overdue_working_days"], 3);
    assert_eq!(entered["light"], "red");
}

#[test]
fn changed_thresholds_change_a_light() {
    let o = Office::new();
    let n = add_due(&mut o.cmd_on("2026-11-02"), "事项", "2026-11-30");
    // On Nov 20, 6 working days are left of 20 (30 %): green by default.
    let plain = listed(&o.run_on("2026-11-20", &["list", "--format", "json"]), &n);
    assert_eq!(plain["working_days_left"], 6);
    assert_eq!(plain["light"], "green");
    let cases = [
        ("[lights]\nyellow_days = 6\n", "yellow"),
        ("[lights]\nyellow_percent_left = 31\n", "yellow"),
        (
            "[lights]\nyellow_percent_left = 40\norange_percent_left = 35\n",
            "orange",
        ),
    ];
    for (i, (text, light)) in cases.into_iter().enumerate() {
        let config = write_config(&o, &format!("c{i}.toml"), text);
        let own = listed(
            &run_with(&o, &config, "2026-11-20", &["list", "--format", "json"]),
            &n,
        );
        assert_eq!(own["light"], light, "{text}");
    }
}

/// An office with one item completed on time in October by 住建局.
fn on_time_office() -> (Office, String) {
    let o = Office::new();
    let n = o.add_on("2026-10-09", "按时办结", &["--due", "2026-10-20"]);
    o.run_on("2026-10-09", &["assign", &n]);
    o.run_on("2026-10-09", &["start", &n]);
    o.run_on("2026-10-14", &["submit", &n, "--text", "已办结"]);
    o.run_on("2026-10-15", &["approve", &n]);
    (o, n)
}

fn score_of(text: &str) -> f64 {
    let v: Value = serde_json::from_str(text).unwrap();
    v["departments"][0]["score"].as_f64().unwrap()
}

#[test]
fn changed_weights_change_a_score() {
    let (o, _) = on_time_office();
    let args = ["score", "--year", "2026", "--format", "json"];
    assert_eq!(score_of(&o.run(&args)), 82.0);
    let config = write_config(&o, "c.toml", "[score]\nbase = 70\non_time_lead = 5\n");
    let text = run_with(&o, &config, TODAY, &args);
    assert_eq!(score_of(&text), 75.0);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["basis"]["score_weights"]["on_time_lead"], 5.0);
    assert_eq!(v["basis"]["rules"]["score"]["base"], 70.0);
}

/// The fingerprint `config show` prints for a configuration.
fn shown_fingerprint(config: &Path) -> String {
    let text = succeeded(bare().arg("--config").arg(config).args(["config", "show"]));
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# rules fingerprint: "))
        .unwrap_or_else(|| panic!("no fingerprint: {text}"));
    line.to_string()
}

#[test]
fn the_bulletin_footer_names_the_rules_it_used() {
    let (o, _) = on_time_office();
    let config = write_config(
        &o,
        "c.toml",
        &format!("[lights]\nyellow_days = 4\n[score]\non_time_lead = 5\n{NEW_YEAR_2027}"),
    );
    let defaults = write_config(&o, "empty.toml", "");
    let (own, default) = (shown_fingerprint(&config), shown_fingerprint(&defaults));
    assert_eq!(own.len(), 16);
    assert_ne!(own, default);

    let at = ["report", "--at", "2026-10-31"];
    let md = run_with(&o, &config, TODAY, &[&at[..], &["--format", "md"]].concat());
    assert!(md.contains(&format!("- Rules fingerprint: {own}")), "{md}");
    assert!(
        md.contains("yellow within 4 working days of the deadline"),
        "{md}"
    );
    assert!(md.contains("completed on time: lead +5"), "{md}");
    let plain = o.run(&[&at[..], &["--format", "md"]].concat());
    assert!(
        plain.contains(&format!("- Rules fingerprint: {default}")),
        "{plain}"
    );
    assert!(
        plain.contains("yellow within 3 working days of the deadline"),
        "{plain}"
    );

    let html = run_with(
        &o,
        &config,
        TODAY,
        &[&at[..], &["--format", "html"]].concat(),
    );
    assert!(
        html.contains(&format!("Rules fingerprint: {own}")),
        "{html}"
    );
    let text = run_with(&o, &config, TODAY, &at);
    assert!(
        text.contains(&format!("Rules fingerprint: {own}")),
        "{text}"
    );

    let json: Value = serde_json::from_str(&run_with(
        &o,
        &config,
        TODAY,
        &[&at[..], &["--format", "json"]].concat(),
    ))
    .unwrap();
    let basis = &json["basis"];
    assert_eq!(basis["rules_fingerprint"], own.as_str());
    assert_eq!(basis["rules"]["lights"]["yellow_days"], 4);
    assert_eq!(basis["rules"]["lights"]["yellow_percent_left"], 30);
    assert_eq!(basis["rules"]["score"]["on_time_lead"], 5.0);
    assert_eq!(basis["calendar"]["2027"]["notice_loaded"], true);
    assert_eq!(basis["calendar"]["2027"]["days_off"][0], "2027-01-01");
    assert_eq!(
        basis["calendar_years"],
        serde_json::json!([2025, 2026, 2027])
    );

    // The assessment carries it too.
    let scores = run_with(
        &o,
        &config,
        TODAY,
        &["score", "--year", "2026", "--format", "md"],
    );
    assert!(
        scores.contains(&format!("Rules fingerprint: {own}")),
        "{scores}"
    );
}

/// The same refusal from every command: exit 2, the same message, nothing written.
#[test]
fn every_command_and_the_interface_refuse_a_bad_file_the_same_way() {
    let o = Office::new();
    let config = write_config(&o, "c.toml", "[lights]\nyelow_days = 4\n");
    let mut messages = Vec::new();
    for args in [
        &["list"][..],
        &["add", "--title", "t", "--lead", "住建局"],
        &["report"],
        &["score"],
        &["calendar", "show", "2027"],
        &["snapshot"],
        &["--demo", "snapshot"],
    ] {
        let line = refused(with_config(&o, &config, TODAY).args(args), "yelow_days");
        messages.push(line);
    }
    let path = config.display().to_string();
    let want = format!(
        "duban: {path} line 2: unknown key 'yelow_days' in [lights]; did you mean 'yellow_days'? (the configuration is refused; nothing was done)"
    );
    for m in &messages {
        assert_eq!(m, &want);
    }
    assert!(!o.db.exists(), "a database was created");
    // $DUBAN_CONFIG is read the same way.
    let line = refused(
        o.cmd_on(TODAY).env("DUBAN_CONFIG", &config).arg("list"),
        "yelow_days",
    );
    assert_eq!(line, want);
    // In Chinese.
    let line = refused(
        zh(with_config(&o, &config, TODAY).arg("list")),
        "是否应为“yellow_days”",
    );
    assert!(line.contains("第2行"), "{line}");
    // A named file that does not exist is refused; the default one may be missing.
    let missing = o.dir.path().join("none.toml");
    refused(
        with_config(&o, &missing, TODAY).arg("list"),
        "does not exist",
    );
    succeeded(o.cmd_on(TODAY).arg("list"));
}

#[test]
fn config_check_lists_every_problem_with_its_line() {
    let o = Office::new();
    let config = write_config(
        &o,
        "c.toml",
        "[lights]\nyelow_days = 4\norange_percent_left = 120\n[score]\nbase = \"80\"\n",
    );
    let out = with_config(&o, &config, TODAY)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let path = config.display().to_string();
    assert_eq!(
        err,
        format!(
            "duban: the configuration is refused, 3 problems; nothing was done:\n  \
             {path} line 2: unknown key 'yelow_days' in [lights]; did you mean 'yellow_days'?\n  \
             {path} line 3: lights.orange_percent_left = 120 is not accepted; it takes a whole percent from 0 to 100\n  \
             {path} line 5: score.base = \"80\" is not accepted; it takes a number from 0 to 1000\n"
        )
    );
    // A good file passes, and the year without a notice is pointed out.
    std::fs::write(&config, "[lights]\nyellow_days = 4\n").unwrap();
    let ok = run_with(&o, &config, TODAY, &["config", "check"]);
    assert!(ok.starts_with(&format!("{path}: no problems\n")), "{ok}");
    assert!(
        ok.contains("note: no holiday notice for 2027 is loaded"),
        "{ok}"
    );
}

#[test]
fn config_init_path_and_show() {
    let o = Office::new();
    let path = o.dir.path().join("sub").join("config.toml");
    let cmd = || {
        let mut c = bare();
        c.env("DUBAN_CONFIG", &path);
        c
    };
    let shown = succeeded(cmd().args(["config", "path"]));
    assert!(shown.contains("not there yet"), "{shown}");
    let wrote = succeeded(cmd().args(["config", "init"]));
    assert!(
        wrote.starts_with("wrote the default configuration to "),
        "{wrote}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\n[lights]\n"), "{text}");
    assert!(text.contains("\nyellow_days = 3\n"), "{text}");
    assert_eq!(
        succeeded(cmd().args(["config", "path"])),
        format!("{}\n", path.display())
    );
    // A second init is refused and leaves the file as it was.
    std::fs::write(&path, "[lights]\nyellow_days = 5\n").unwrap();
    let line = refused(cmd().args(["config", "init"]), "add --force to overwrite");
    assert!(line.contains("exists already"), "{line}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[lights]\nyellow_days = 5\n"
    );
    let show = succeeded(cmd().args(["config", "show"]));
    assert!(show.contains("\nyellow_days = 5\n"), "{show}");
    assert!(show.contains("\nyellow_percent_left = 30\n"), "{show}");
    assert!(show.contains("\n[score]\nbase = 80.0\n"), "{show}");
    succeeded(cmd().args(["config", "init", "--force"]));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // config check and init --force work on a bad file (they are how it is mended).
    std::fs::write(&path, "[lights]\nyelow_days = 5\n").unwrap();
    refused(
        cmd().args(["config", "check"]),
        "did you mean 'yellow_days'?",
    );
    succeeded(cmd().args(["config", "init", "--force"]));
    succeeded(cmd().args(["config", "check"]));
}

#[test]
fn calendar_show_and_check() {
    let o = Office::new();
    let config = write_config(&o, "c.toml", NEW_YEAR_2027);
    let shown = run_with(&o, &config, TODAY, &["calendar", "show", "2027"]);
    assert!(
        shown.starts_with("Working days of 2027 (* day off, + weekend day worked)\n"),
        "{shown}"
    );
    assert!(
        shown.contains("January 2027\nMon Tue Wed Thu Fri Sat Sun\n                  1*  2*  3*\n"),
        "{shown}"
    );
    let unknown = o.run(&["calendar", "show", "2027"]);
    assert!(
        unknown.starts_with("2027: no holiday notice loaded"),
        "{unknown}"
    );
    refused(o.cmd_on(TODAY).args(["calendar", "show", "20x7"]), "year");

    // Only 2026 in use: fine.
    o.add("今年到期", &["--due", "2026-12-20"]);
    let ok = o.run(&["calendar", "check"]);
    assert!(
        ok.contains("2026: holiday notice loaded (1 open deadlines)"),
        "{ok}"
    );
    // An open deadline in 2027 without its notice: exit 2, naming the year.
    o.add("明年到期", &["--due", "2027-01-20"]);
    let out = o
        .cmd_on(TODAY)
        .args(["calendar", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2027: NO holiday notice loaded"), "{err}");
    assert!(err.contains("(1 open deadlines)"), "{err}");
    // Entered: fine.
    let ok = run_with(&o, &config, TODAY, &["calendar", "check"]);
    assert!(
        ok.contains("2027: holiday notice loaded (1 open deadlines)"),
        "{ok}"
    );
}

/// Key bindings: `config check` names a conflict and an unknown action with their lines, the
/// interface refuses the file the same way, and `config show` prints the keys a good file sets.
#[test]
fn key_binding_problems_are_named_by_config_check_and_refused_everywhere() {
    let o = Office::new();
    let config = write_config(
        &o,
        "c.toml",
        "[keys.list]\n\"ctrl-d\" = \"quit\"\n[keys.triage]\n\"h\" = \"hlep\"\n",
    );
    let out = with_config(&o, &config, TODAY)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let path = config.display().to_string();
    assert_eq!(
        err,
        format!(
            "duban: the configuration is refused, 2 problems; nothing was done:\n  \
             {path} line 2: in [keys.list], \"ctrl-d\" would be both quit and page_down (its default key); give page_down keys of its own, e.g. \"pagedown\" = \"page_down\", or choose another key for quit\n  \
             {path} line 4: unknown action 'hlep' in [keys.triage]; did you mean 'help'?\n"
        )
    );
    let snapshot = with_config(&o, &config, TODAY)
        .arg("snapshot")
        .output()
        .unwrap();
    assert_eq!(snapshot.status.code(), Some(2));
    assert!(snapshot.stdout.is_empty());
    assert_eq!(String::from_utf8(snapshot.stderr).unwrap(), err);
    assert!(!o.db.exists(), "a database was created");
    std::fs::write(
        &config,
        "[keys.list]\n\"ctrl-d\" = \"quit\"\n\"pagedown\" = \"page_down\"\n\"h\" = \"help\"\n",
    )
    .unwrap();
    run_with(&o, &config, TODAY, &["config", "check"]);
    let shown = run_with(&o, &config, TODAY, &["config", "show"]);
    assert!(
        shown.ends_with(
            "\n[keys.list]\n\"ctrl-d\" = \"quit\"\n\"pagedown\" = \"page_down\"\n\"h\" = \"help\"\n"
        ),
        "{shown}"
    );
    // The first screen's status bar names the help's key in force.
    let screen = run_with(
        &o,
        &config,
        TODAY,
        &["snapshot", "--width", "100", "--height", "30"],
    );
    assert!(
        screen.contains("h help") && !screen.contains("? help"),
        "{screen}"
    );
}

/// `[office] name` signs every paper (落款) when `--office` does not name another: the bulletin,
/// the notice and the day's log; `config show` prints it; a bad value or key is refused with its
/// line.
#[test]
fn the_office_name_in_the_config_signs_every_paper() {
    let o = Office::new();
    let config = write_config(&o, "c.toml", "[office]\nname = \"市人民政府督查室\"\n");
    let late = add_due(
        &mut with_config(&o, &config, EARLIER),
        "整治老旧小区",
        "2026-11-10",
    );
    let report = run_with(&o, &config, TODAY, &["report", "--format", "md"]);
    assert!(
        report.contains("\nIssued by 市人民政府督查室\n"),
        "{report}"
    );
    let notice = run_with(&o, &config, TODAY, &["--lang", "zh", "notice", &late]);
    assert!(
        notice.ends_with("\n\n市人民政府督查室\n\n2026年11月25日\n"),
        "{notice}"
    );
    run_with(
        &o,
        &config,
        TODAY,
        &["feedback", &late, "--text", "已完成摸底"],
    );
    let log = run_with(&o, &config, TODAY, &["triage", "--summary"]);
    assert_eq!(
        log.lines().last(),
        Some("市人民政府督查室 25 November 2026"),
        "{log}"
    );
    // --office wins.
    let other = run_with(
        &o,
        &config,
        TODAY,
        &["--lang", "zh", "notice", &late, "--office", "区政府督查室"],
    );
    assert!(
        other.ends_with("\n\n区政府督查室\n\n2026年11月25日\n"),
        "{other}"
    );
    let shown = run_with(&o, &config, TODAY, &["config", "show"]);
    assert!(
        shown.contains("\n[office]\nname = \"市人民政府督查室\"\n"),
        "{shown}"
    );

    std::fs::write(&config, "[office]\nname = \"\"\nnmae = \"x\"\n").unwrap();
    let out = with_config(&o, &config, TODAY)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2: [office] name accepts"), "{err}");
    assert!(
        err.contains("line 3: unknown key 'nmae' in [office]"),
        "{err}"
    );

    // A name that would print reordered on every paper (U+202E) is refused as well.
    std::fs::write(&config, "[office]\nname = \"督查室\\u202e局\"\n").unwrap();
    let out = with_config(&o, &config, TODAY)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("line 2: [office] name accepts") && err.contains("invisible"),
        "{err}"
    );
}

#[test]
fn a_calendar_change_that_puts_an_open_deadline_on_a_day_off_is_said_and_the_deadline_kept() {
    let o = Office::new();
    let n = o.add("河道清淤", &["--due", "2026-12-10"]);
    // The office enters 2026 again with 12-10 as a day off (say, a local holiday).
    let config = write_config(
        &o,
        "config.toml",
        "[calendar.2026]\nholidays = [\"2026-01-01 元旦\", \"2026-12-10 地方节日\"]\nworkdays = []\n",
    );
    let out = with_config(&o, &config, TODAY)
        .args(["calendar", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&n) && said.contains("2026-12-10 is a day off"),
        "{said}"
    );
    let shown = run_with(&o, &config, TODAY, &["show", &n]);
    assert!(
        shown.contains("is a day off under the current calendar"),
        "{shown}"
    );
    // Nothing is moved silently.
    let listed = listed(
        &run_with(&o, &config, TODAY, &["list", "--format", "json"]),
        &n,
    );
    assert_eq!(listed["deadline"], "2026-12-10");
    // Without the change, nothing to say.
    let plain = o.run(&["show", &n]);
    assert!(!plain.contains("day off"), "{plain}");
}

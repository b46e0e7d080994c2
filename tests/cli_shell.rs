//! Shell conventions: completions for each shell, the manual page, `--version` with the
//! schema, `NO_COLOR`, the exit codes (clap's own errors included), errors on stderr and data
//! on stdout, and the platform folders from the `directories` crate.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::ffi::OsStr;

use common::*;

/// A run's exit code, standard output and standard error.
fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = run(bare().args(["completions", shell]));
        assert_eq!(code, Some(0), "{shell}: {err}");
        assert!(err.is_empty(), "{shell}: {err}");
        for word in [
            "duban",
            "triage",
            "report",
            "calendar",
            "completions",
            "today",
        ] {
            assert!(out.contains(word), "{shell} completions lack {word}");
        }
    }
    // Elvish and others are not offered; a shell clap does not know is a usage error.
    let (code, out, err) = run(bare().args(["completions", "tcsh"]));
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains("possible values: bash, zsh, fish, powershell"),
        "{err}"
    );
}

#[test]
fn the_manual_page_is_printed() {
    let (code, page, err) = run(bare().arg("man"));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty());
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    // Subcommands by name, the global options, the exit codes.
    for word in [
        "duban\\-triage(1)",
        "duban\\-report(1)",
        "\\-\\-today",
        "NO_COLOR",
    ] {
        assert!(page.contains(word), "no {word}");
    }
}

#[test]
fn completions_and_the_manual_ignore_a_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[lights]\nyelow_days = 4\n").unwrap();
    for args in [&["completions", "bash"][..], &["man"]] {
        let (code, out, err) = run(bare().env("DUBAN_CONFIG", &config).args(args));
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!out.is_empty());
    }
}

#[test]
fn the_version_names_the_database_schema() {
    let want = format!(
        "duban {} (schema {})\n",
        env!("CARGO_PKG_VERSION"),
        duban::store::SCHEMA_VERSION
    );
    for flag in ["--version", "-V"] {
        let (code, out, err) = run(bare().arg(flag));
        assert_eq!(code, Some(0));
        assert_eq!(out, want);
        assert!(err.is_empty());
    }
}

#[test]
fn clap_errors_exit_2_on_stderr_and_help_goes_to_stdout() {
    for args in [
        &["--bogus"][..],
        &["frobnicate"],
        &["list", "--format", "yaml"],
        &["return", "2026-001"],
        &["snapshot", "--width", "5"],
    ] {
        let (code, out, err) = run(bare().args(args));
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    let (code, out, err) = run(bare().arg("--help"));
    assert_eq!(code, Some(0));
    assert!(out.contains("Usage: duban"), "{out}");
    assert!(err.is_empty());
}

#[test]
fn errors_go_to_stderr_and_data_to_stdout() {
    let o = Office::new();
    // Data: stdout only.
    let (code, out, err) =
        run(o
            .cmd_on(TODAY)
            .args(["add", "--title", "耕地保护", "--lead", "住建局"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(!out.is_empty());
    let (code, out, err) = run(o.cmd_on(TODAY).args(["list", "--format", "json"]));
    assert_eq!(code, Some(0));
    assert!(err.is_empty());
    assert!(out.starts_with('['), "{out}");
    // A refusal: exit 2, one line on stderr, nothing on stdout.
    refused(o.cmd_on(TODAY).args(["show", "2026-999"]), "2026-999");
    refused(o.cmd_on(TODAY).args(["calendar", "show", "1999"]), "year");
}

#[test]
fn the_platform_folders_come_from_the_directories_crate() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(bare()
        .env("XDG_CONFIG_HOME", dir.path().join("conf"))
        .args(["config", "path"]));
    assert_eq!(code, Some(0));
    let want = dir.path().join("conf").join("duban").join("config.toml");
    assert!(out.starts_with(&want.display().to_string()), "{out}");
    // With no --db, the database is made in the data folder.
    let (code, _, err) = run(bare()
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["--today", TODAY, "list"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        dir.path()
            .join("data")
            .join("duban")
            .join("duban.db")
            .exists()
    );
}

#[test]
fn no_color_turns_colour_off_when_set_to_anything() {
    use duban::ui::Theme;
    assert!(Theme::from_no_color(None).color);
    assert!(Theme::from_no_color(Some(OsStr::new(""))).color);
    assert!(!Theme::from_no_color(Some(OsStr::new("1"))).color);
    assert!(!Theme::from_no_color(Some(OsStr::new("false"))).color);
}

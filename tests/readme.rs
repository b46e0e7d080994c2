//! README.md documents every key of the interface: its `## Keys` section has one table per
//! context holding exactly the keys and English wording of the help overlay, which is generated
//! from `duban::ui::keymap::bindings()`. A key added to the table without a README row fails here.

use duban::ui::Lang;
use duban::ui::keymap::{Context, bindings, help_lines};

const README: &str = include_str!("../README.md");

/// The lines of the section under `heading` (a whole line such as `## Keys`), up to the next
/// heading of the same or a higher level.
fn section<'a>(text: &'a str, heading: &str) -> Option<Vec<&'a str>> {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut lines = text.lines().skip_while(|l| *l != heading);
    lines.next()?;
    Some(
        lines
            .take_while(|l| {
                let hashes = l.chars().take_while(|&c| c == '#').count();
                !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
            })
            .collect(),
    )
}

/// The (keys, description) rows of the Markdown tables in `lines`, without header and
/// separator rows. The keys cell is a code span; a row whose keys are not is kept with
/// its raw text, so that the comparison shows it.
fn rows(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| l.trim().strip_prefix('|')?.strip_suffix('|'))
        .filter(|l| !l.trim_start().starts_with("Keys") && !l.trim_start().starts_with("---"))
        .map(|l| {
            let (keys, what) = l.split_once('|').unwrap_or((l, ""));
            let keys = keys.trim();
            let keys = keys
                .strip_prefix('`')
                .and_then(|k| k.strip_suffix('`'))
                .unwrap_or(keys);
            (keys.to_string(), what.trim().to_string())
        })
        .collect()
}

const CONTEXTS: [(Context, &str); 8] = [
    (Context::Main, "### Main screen"),
    (Context::Triage, "### Triage"),
    (Context::Report, "### Report screen"),
    (Context::Filter, "### Filter"),
    (Context::Form, "### Forms"),
    (Context::Milestones, "### Milestone panel"),
    (Context::Help, "### Help"),
    (Context::Moves, "### Moves menu"),
];

#[test]
fn the_keys_section_has_every_key_of_the_help_with_its_wording() {
    let keys = section(README, "## Keys").expect("README.md has no `## Keys` section");
    let table = bindings();
    // A binding of a context without a README table would go unchecked.
    for b in table.iter().filter(|b| !b.label.is_empty()) {
        assert!(
            CONTEXTS.iter().any(|(c, _)| *c == b.context),
            "{} ({:?}): no README table for its context",
            b.label,
            b.context
        );
    }
    for (context, heading) in CONTEXTS {
        let documented = rows(
            &section(&keys.join("\n"), heading)
                .unwrap_or_else(|| panic!("README.md's Keys section has no `{heading}`")),
        );
        let help: Vec<(String, String)> = help_lines(&table, context, Lang::En)
            .into_iter()
            .map(|(k, d)| (k.to_string(), d.to_string()))
            .collect();
        let missing: Vec<_> = help.iter().filter(|h| !documented.contains(h)).collect();
        let stale: Vec<_> = documented.iter().filter(|d| !help.contains(d)).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "README.md `{heading}` differs from the help (crates/ui/src/ui/keymap.rs):\n\
             not documented: {missing:?}\nno such key: {stale:?}"
        );
        assert_eq!(documented, help, "README.md `{heading}`: not in help order");
    }
}

#[test]
fn the_keys_come_after_the_introduction_and_before_the_command_reference() {
    let at = |heading: &str| README.lines().position(|l| l == heading);
    let start = at("## Start").expect("## Start");
    let keys = at("## Keys").expect("## Keys");
    let commands = at("## Command reference").expect("## Command reference");
    assert!(start < keys && keys < commands, "{start} {keys} {commands}");
}

//! The crates keep to their side of the store's interface: above the store (the application,
//! the interface, the command line, the domain) nothing names SQLite's crate or the SQLite
//! backend's own machinery, so that another backend can be put behind the same traits. The
//! crates stack one way: each depends only on the crates below it, so the compiler refuses an
//! import that runs upward (`cargo tree -e normal -p duban-ui` shows the stack).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crates of the workspace, lowest first, with the folder each lives in and the top-level
/// modules (or files) of its `src/`.
const CRATES: [(&str, &str, &[&str]); 5] = [
    (
        "duban-core",
        "crates/core",
        &[
            "domain",
            "report",
            "text.rs",
            "clock.rs",
            "json.rs",
            "spreadsheet.rs",
            "spreadsheet",
            "files.rs",
            "lang.rs",
        ],
    ),
    ("duban-store", "crates/store", &["store", "error.rs"]),
    ("duban-app", "crates/app", &["app", "exchange"]),
    ("duban-ui", "crates/ui", &["ui"]),
    ("duban", ".", &["cli", "config", "main.rs"]),
];

/// Where a top-level module (or file) of a crate's `src/` is.
fn module_path(module: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, dir, _) = CRATES
        .iter()
        .find(|(_, _, mods)| mods.contains(&module))
        .unwrap_or_else(|| panic!("{module} is in no crate: add it to CRATES"));
    root.join(dir).join("src").join(module)
}

/// Every line of the Rust files of the modules (or files) `modules` that contains one of
/// `words`, as `path:line: word: text` with the path from the workspace's root.
fn mentions(modules: &[&str], words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for module in modules {
        let path = module_path(module);
        if path.is_file() {
            files.push(path);
        } else {
            rust_files(&path, &mut files);
        }
    }
    assert!(files.len() > 10, "the layers hold the sources: {files:?}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(word) = words.iter().find(|w| line.contains(*w)) {
                let at = file.strip_prefix(root).unwrap().display();
                found.push(format!("{at}:{}: {word}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn nothing_above_the_store_names_rusqlite_or_the_sqlite_machinery() {
    let found = mentions(
        &["app", "ui", "cli", "domain", "exchange"],
        &[
            "rusqlite",
            "store::sqlite",
            "Connection",
            "Transaction",
            "data_version",
            "read_split",
            "Writer<",
            "store::Writer",
            "PRAGMA",
            ".conn()",
            "store.path()",
        ],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_core_names_no_database_crate() {
    let found = mentions(
        &[
            "domain",
            "report",
            "text.rs",
            "clock.rs",
            "json.rs",
            "spreadsheet.rs",
            "spreadsheet",
            "files.rs",
            "lang.rs",
        ],
        &["rusqlite"],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_interface_words_the_history_the_store_decoded() {
    // The store decodes an item's events once, when it reads the item; the interface only
    // words them (never decodes stored bytes, per frame or otherwise).
    let found = mentions(&["ui"], &["event_codec", "serde_json", ".data["]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_interface_and_the_command_line_name_no_backend_and_open_an_office_by_its_location() {
    // No backend's type or its own opening: an office is opened by where it is kept
    // (`store::open(&Location)`), which picks the backend.
    let found = mentions(&["ui", "cli"], &["SqliteStore", "Store::open"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let opened = mentions(&["cli"], &["store::open(&location)"]);
    assert!(
        opened.iter().any(|l| l.starts_with("src/cli/mod.rs:")),
        "the command line opens the office by its location: {opened:?}"
    );
}

/// The names of the workspace's crates a table of dependencies asks for.
fn duban_crates(table: Option<&toml::Value>) -> Vec<String> {
    table
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.keys()
                .filter(|k| k.starts_with("duban"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Every crate of the workspace this crate's manifest asks for, in any table (normal, dev,
/// build, per target).
fn workspace_dependencies(manifest: &toml::Table) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
        found.extend(duban_crates(manifest.get(table)));
    }
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
                found.extend(duban_crates(target.get(table)));
            }
        }
    }
    found
}

#[test]
fn each_crate_depends_only_on_the_crates_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    // Every member has its place in the stack.
    let members: Vec<&str> = workspace["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let placed: Vec<&str> = CRATES
        .iter()
        .map(|(_, dir, _)| *dir)
        .filter(|d| *d != ".")
        .collect();
    assert_eq!(members, placed, "a new crate is given its place in CRATES");
    let mut upward = Vec::new();
    for (rank, (name, dir, _)) in CRATES.iter().enumerate() {
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(root.join(dir).join("Cargo.toml")).unwrap())
                .unwrap();
        let package = manifest["package"]["name"].as_str().unwrap();
        assert_eq!(package, *name, "{dir}/Cargo.toml names its crate");
        for wanted in workspace_dependencies(&manifest) {
            let Some(to) = CRATES.iter().position(|(n, _, _)| *n == wanted) else {
                panic!("{name} asks for {wanted}, which is in no place: add it to CRATES");
            };
            if to >= rank {
                upward.push(format!("{name} -> {wanted}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "dependencies that run upward: {upward:?}"
    );
}

#[test]
fn every_module_of_every_crate_has_its_place() {
    // A module added to a crate is named in CRATES, so the checks above read it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, dir, mods) in CRATES {
        for entry in std::fs::read_dir(root.join(dir).join("src")).unwrap() {
            let file = entry.unwrap().file_name().into_string().unwrap();
            if file == "lib.rs" || file.starts_with('.') {
                continue;
            }
            assert!(
                mods.contains(&file.as_str()),
                "{dir}/src/{file} of {name} is not in CRATES"
            );
        }
    }
}

#[test]
fn only_the_language_file_adds_methods_to_lang() {
    // The interface's words on `Lang` are the trait `ui::UiWords`, the report's are functions
    // of their own; the language type's own methods are in one file.
    let found = mentions(
        &[
            "domain", "report", "text.rs", "clock.rs", "json.rs", "lang.rs",
        ],
        &["impl Lang {"],
    );
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|l| l.starts_with("crates/core/src/lang.rs:")),
        "`impl Lang {{` only in crates/core/src/lang.rs: {found:?}"
    );
}

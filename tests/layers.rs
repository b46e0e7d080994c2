//! The layers keep to their side of the store's interface: above the store (the application,
//! the interface, the command line, the domain) nothing names SQLite's crate or the SQLite
//! backend's own machinery, so that another backend can be put behind the same traits.

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

/// Every line of the Rust files under `src/<layer>` that contains one of `words`.
fn mentions(layers: &[&str], words: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for layer in layers {
        rust_files(&src.join(layer), &mut files);
    }
    assert!(files.len() > 10, "the layers hold the sources: {files:?}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(word) = words.iter().find(|w| line.contains(*w)) {
                let at = file.strip_prefix(&src).unwrap().display();
                found.push(format!("src/{at}:{}: {word}: {}", n + 1, line.trim()));
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
fn the_interface_and_the_command_line_name_no_backend_but_where_they_open_one() {
    let found = mentions(&["ui", "cli"], &["SqliteStore", "Store::open"]);
    // The command line opens the office's database (and the screenshot command a scratch one).
    let opened = |line: &&String| {
        (line.starts_with("src/cli/mod.rs:") || line.starts_with("src/cli/screen.rs:"))
            && line.contains("Store::open(")
    };
    let others: Vec<&String> = found.iter().filter(|l| !opened(l)).collect();
    assert!(others.is_empty(), "{others:#?}");
    assert!(
        found.iter().any(|l| opened(&l)),
        "the command line opens the store"
    );
}

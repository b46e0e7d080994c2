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

/// Every line of the Rust files under `src/<layer>` (or of the file `src/<layer>`) that
/// contains one of `words`.
fn mentions(layers: &[&str], words: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for layer in layers {
        let path = src.join(layer);
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
fn the_core_names_no_database_crate() {
    let found = mentions(
        &[
            "domain",
            "report",
            "text.rs",
            "clock.rs",
            "json.rs",
            "spreadsheet.rs",
            "files.rs",
            "error.rs",
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

/// The layers of the crate, lowest first. Each top-level module (or file) of `src/` belongs to
/// one; an import may only run to the same layer or a lower one.
const LAYERS: [(&str, &[&str]); 5] = [
    (
        "core",
        &[
            "domain",
            "report",
            "text",
            "clock",
            "json",
            "spreadsheet",
            "files",
            "error",
            "lang",
            // The crate root re-exports the core's `Error` and `Result`.
            "Error",
            "Result",
        ],
    ),
    ("store", &["store"]),
    ("app", &["app", "exchange"]),
    ("ui", &["ui"]),
    ("binary", &["cli", "config", "main"]),
];

/// The layer (its rank, lowest 0) of a top-level module name.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// The text of a Rust source without its comments (line, block and doc), string literals kept
/// as they are: enough to find the paths that name a module.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
            }
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The first module name of each path that follows `crate::` in `code`, with the line it is
/// on: `crate::ui::Lang` gives `ui`, `use crate::{domain::Item, store::Store}` gives `domain`
/// and `store` (nested groups count by their outer name).
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let line_at = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `duban_crate::` or `$crate::` are other paths.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group's items at its own commas.
            let (mut depth, mut start) = (0usize, 0usize);
            let group_at = code.len() - group.len();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        let item = &group[start..i];
                        let lead = item.len() - item.trim_start().len();
                        let name = ident(item.trim_start());
                        if !name.is_empty() {
                            found.push((line_at(group_at + start + lead), name));
                        }
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let item = &group[start..i];
                        let lead = item.len() - item.trim_start().len();
                        let name = ident(item.trim_start());
                        if !name.is_empty() {
                            found.push((line_at(group_at + start + lead), name));
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() && name != "self" {
                found.push((line_at(at), name));
            }
        }
    }
    found
}

/// Every import in `src/` that runs from a lower layer to a higher one, as
/// `file:line: layer -> module (layer)`.
fn upward_imports() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut up = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let top = top.strip_suffix(".rs").unwrap_or(top);
        if top == "lib" {
            continue;
        }
        let Some(from) = layer_of(top) else {
            panic!(
                "src/{} is in no layer: add its module to LAYERS",
                rel.display()
            );
        };
        let code = without_comments(&std::fs::read_to_string(&file).unwrap());
        for (line, module) in crate_paths(&code) {
            let Some(to) = layer_of(&module) else {
                panic!(
                    "src/{}:{line} names crate::{module}, which is in no layer: add it to LAYERS",
                    rel.display()
                );
            };
            if to > from {
                up.push(format!(
                    "src/{}:{line}: {} -> crate::{module} ({})",
                    rel.display(),
                    LAYERS[from].0,
                    LAYERS[to].0
                ));
            }
        }
    }
    up
}

#[test]
fn the_path_finder_sees_single_grouped_and_nested_paths() {
    let code = "use crate::ui::Lang;\n// crate::cli::x\nuse crate::{\n    store::Store,\n    app::{a, b},\n};\nlet x = crate::config::load();\nlet y = \"crate::lang\";\n";
    let found = crate_paths(&without_comments(code));
    let names: Vec<(usize, &str)> = found.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        [
            (1, "ui"),
            (4, "store"),
            (5, "app"),
            (7, "config"),
            (8, "lang")
        ]
    );
}

#[test]
fn no_import_runs_from_a_lower_layer_to_a_higher_one() {
    let up = upward_imports();
    assert!(
        up.is_empty(),
        "{} imports run upward:\n{}",
        up.len(),
        up.join("\n")
    );
}

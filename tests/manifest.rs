//! Every crate the manifest asks for is used: a dependency nothing names is compiled, audited
//! and updated for nothing.

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

/// The names of a table of dependencies, as Rust code spells them (`-` becomes `_`).
fn names(table: Option<&toml::Value>) -> Vec<String> {
    table
        .and_then(toml::Value::as_table)
        .map(|t| t.keys().map(|k| k.replace('-', "_")).collect())
        .unwrap_or_default()
}

#[test]
fn every_dependency_is_named_in_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let mut wanted = names(manifest.get("dependencies"));
    wanted.extend(names(manifest.get("dev-dependencies")));
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            wanted.extend(names(target.get("dependencies")));
            wanted.extend(names(target.get("dev-dependencies")));
        }
    }
    assert!(wanted.len() > 10, "the manifest was read: {wanted:?}");
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let code: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let named = |name: &str| {
        code.match_indices(name).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + name.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after)
        })
    };
    let unused: Vec<_> = wanted.iter().filter(|n| !named(n)).collect();
    assert!(unused.is_empty(), "dependencies nothing names: {unused:?}");
}

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
    for dir in [
        ".",
        "crates/core",
        "crates/store",
        "crates/app",
        "crates/ui",
    ] {
        let unused = unused_in(&root.join(dir));
        assert!(
            unused.is_empty(),
            "{dir}: dependencies nothing names: {unused:?}"
        );
    }
}

/// The dependencies of the crate in `dir` that none of its sources, tests or benchmarks names.
fn unused_in(dir: &Path) -> Vec<String> {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
    let mut wanted = names(manifest.get("dependencies"));
    wanted.extend(names(manifest.get("dev-dependencies")));
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            wanted.extend(names(target.get("dependencies")));
            wanted.extend(names(target.get("dev-dependencies")));
        }
    }
    assert!(wanted.len() > 3, "the manifest was read: {wanted:?}");
    let mut files = Vec::new();
    for sub in ["src", "tests", "benches"] {
        if dir.join(sub).is_dir() {
            rust_files(&dir.join(sub), &mut files);
        }
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
    wanted.into_iter().filter(|n| !named(n)).collect()
}

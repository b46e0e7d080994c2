//! The layers keep to their side of the store's interface: above the store (the application,
//! the interface, the command line, the domain) nothing names SQLite's crate or the SQLite
//! backend's own machinery, so that another backend can be put behind the same traits.
//! Imports run only downward, and no layer adds inherent methods to a lower layer's type, so
//! that the layers can become crates that stack one way.

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

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier at the start of `s` (after white space).
fn leading_ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// `s` after a leading `<…>` (angle brackets balanced), or `s` itself.
fn after_generics(s: &str) -> &str {
    let s = s.trim_start();
    if !s.starts_with('<') {
        return s;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return &s[i + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

/// Whether `word` starts at byte `at` of `code` as a whole word.
fn word_at(code: &str, at: usize, word: &str) -> bool {
    let before = code[..at].chars().next_back();
    let after = code[at + word.len()..].chars().next();
    !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
}

/// The names of the types `code` defines: its structs, enums, unions and public type aliases,
/// and the first name in each macro invocation's braces (`code_enum! { Level { … } }` defines
/// `Level`).
fn defined_types(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for word in [
        "struct ",
        "enum ",
        "union ",
        "pub type ",
        "pub(crate) type ",
    ] {
        for (at, _) in code.match_indices(word) {
            if word_at(code, at, word.trim_end()) {
                let name = leading_ident(&code[at + word.len()..]);
                if !name.is_empty() {
                    names.push(name.to_string());
                }
            }
        }
    }
    for (at, _) in code.match_indices("! {") {
        let mut rest = &code[at + "! {".len()..];
        // Skip the invocation's attributes (`#[derive(…)]`) before the name.
        while let Some(attr) = rest.trim_start().strip_prefix("#[") {
            rest = attr.split_once(']').map_or("", |(_, r)| r);
        }
        let name = leading_ident(rest);
        if !name.is_empty() {
            names.push(name.to_string());
        }
    }
    names
}

/// The inherent impls (`impl Type {`, not `impl Trait for Type {`) in `code`: the line and
/// the type's path as written (`Lang`, `crate::lang::Lang`), generics left off. Impls a macro
/// writes for its argument (`impl $name {`) are the macro's invocations' business.
fn inherent_impls(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("impl") {
        if !word_at(code, at, "impl") {
            continue;
        }
        // An item starts after a block, a statement or an attribute, not after `->`, `:`,
        // `(`, `&` or `,` (`impl Trait` in argument or return position).
        let before = code[..at].trim_end();
        let item = before.is_empty()
            || before.ends_with(['{', '}', ';', ']'])
            || before.ends_with("unsafe");
        if !item {
            continue;
        }
        let header = after_generics(&code[at + "impl".len()..]);
        let Some((header, _)) = header.split_once('{') else {
            continue;
        };
        let header = header.split(" where").next().unwrap_or(header);
        if header.split_whitespace().any(|w| w == "for") {
            continue;
        }
        let path: String = header
            .trim()
            .chars()
            .take_while(|c| is_ident(*c) || *c == ':')
            .collect();
        if path.is_empty() {
            continue;
        }
        found.push((code[..at].matches('\n').count() + 1, path));
    }
    found
}

/// Every inherent impl in `src/` of a type its layer does not define, as
/// `file:line: impl Type (layer)`: once the layers are crates, a crate may add methods only to
/// its own types (E0116), so a layer's words for a lower layer's type go in a trait of its own.
fn inherent_impls_of_other_layers_types() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let top_of = |file: &Path| -> String {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        top.strip_suffix(".rs").unwrap_or(top).to_string()
    };
    let mut sources = Vec::new();
    let mut defined: Vec<Vec<String>> = vec![Vec::new(); LAYERS.len()];
    for file in files {
        let top = top_of(&file);
        if top == "lib" {
            continue;
        }
        let layer = layer_of(&top).unwrap_or_else(|| panic!("{} is in no layer", file.display()));
        let code = without_comments(&std::fs::read_to_string(&file).unwrap());
        defined[layer].extend(defined_types(&code));
        sources.push((file, layer, code));
    }
    let mut found = Vec::new();
    for (file, layer, code) in &sources {
        for (line, path) in inherent_impls(code) {
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let name = segments.last().copied().unwrap_or_default();
            let own = match segments.as_slice() {
                ["crate", module, ..] => layer_of(module) == Some(*layer),
                _ => defined[*layer].iter().any(|d| d == name),
            };
            if !own {
                let rel = file.strip_prefix(&src).unwrap().display();
                found.push(format!(
                    "src/{rel}:{line}: impl {path} ({})",
                    LAYERS[*layer].0
                ));
            }
        }
    }
    found
}

#[test]
fn the_impl_finder_tells_inherent_impls_from_trait_impls_and_sees_the_macros_types() {
    let code = "impl Lang {\n}\nimpl<'a> Row<'a> {}\nimpl crate::lang::Lang {}\n\
        impl Display for Lang {}\nimpl<S: Backend> Words for Office<S> where S: Send {}\n\
        fn f(x: impl Fn()) -> impl Iterator<Item = u8> {}\nmacro_rules! m { () => { impl $name {} } }\n";
    let found = inherent_impls(&without_comments(code));
    let paths: Vec<(usize, &str)> = found.iter().map(|(l, p)| (*l, p.as_str())).collect();
    assert_eq!(paths, [(1, "Lang"), (3, "Row"), (4, "crate::lang::Lang")]);

    let code = "pub struct Item;\nenum Light { Red }\npub type Days = u32;\n\
        code_enum! {\n    #[derive(Default)]\n    Level { Urge = \"urge\" }\n}\nlet structure = 1;\n";
    assert_eq!(
        defined_types(&without_comments(code)),
        ["Item", "Light", "Days", "Level"]
    );
}

#[test]
fn no_layer_adds_inherent_methods_to_a_lower_layers_type() {
    // The interface's words on `Lang` are the trait `ui::UiWords`; only `src/lang.rs` has
    // `impl Lang {`.
    let found = inherent_impls_of_other_layers_types();
    assert!(
        found.is_empty(),
        "{} inherent impls of a type another layer defines (make them a trait of this layer):\n{}",
        found.len(),
        found.join("\n")
    );
    let lang_impls: Vec<String> = {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files
            .iter()
            .flat_map(|f| {
                let code = without_comments(&std::fs::read_to_string(f).unwrap());
                let rel = f.strip_prefix(&src).unwrap().display().to_string();
                inherent_impls(&code)
                    .into_iter()
                    .filter(|(_, p)| p == "Lang" || p.ends_with("::Lang"))
                    .map(move |(l, _)| format!("src/{rel}:{l}"))
            })
            .collect()
    };
    assert!(
        !lang_impls.is_empty() && lang_impls.iter().all(|at| at.starts_with("src/lang.rs:")),
        "`impl Lang {{` only in src/lang.rs: {lang_impls:?}"
    );
}

//! `[theme]` and `[backup]`: the interface's colours and the daily copies of the database.
//! They change no figure, so they stay out of the rules and their fingerprint; like the
//! rules, each key is described once here, and its default is read from the one place it is
//! written (`ui::theme::Palette::default()`, `store::backup::Backup::default()`).

use ratatui::style::Color;

use super::{Walk, suggestion};
use crate::store::backup::Backup;
use crate::ui::Lang;
use crate::ui::theme::{self, Palette};

/// The settings of `[theme]` and `[backup]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub palette: Palette,
    pub backup: Backup,
}

/// What a key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Color,
    Count { min: u32, max: u32 },
}

/// A value as the file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Color(Color),
    Count(u32),
}

pub struct Pref {
    pub table: &'static str,
    pub key: &'static str,
    pub kind: Kind,
    pub en: &'static str,
    pub zh: &'static str,
    pub get: fn(&Prefs) -> Value,
    pub set: fn(&mut Prefs, Value),
}

/// The tables, in the order they are printed, each with its heading comment.
pub const TABLES: &[(&str, &str, &str)] = &[
    (
        "theme",
        "Colours of the interface (NO_COLOR still turns every colour off)",
        "界面颜色（设置了 NO_COLOR 时仍不用任何颜色）",
    ),
    (
        "backup",
        "Daily copies of the database, in a backups folder beside it",
        "数据库每日备份，存于数据库旁的 backups 文件夹",
    ),
];

fn color(v: Value) -> Option<Color> {
    match v {
        Value::Color(c) => Some(c),
        Value::Count(_) => None,
    }
}

macro_rules! colour {
    ($key:literal, $field:ident, $en:literal, $zh:literal) => {
        Pref {
            table: "theme",
            key: $key,
            kind: Kind::Color,
            en: $en,
            zh: $zh,
            get: |p| Value::Color(p.palette.$field),
            set: |p, v| {
                if let Some(c) = color(v) {
                    p.palette.$field = c
                }
            },
        }
    };
}

pub const PREFS: &[Pref] = &[
    colour!("red_light", red, "The red light.", "红灯。"),
    colour!("orange_light", orange, "The orange light.", "橙灯。"),
    colour!("yellow_light", yellow, "The yellow light.", "黄灯。"),
    colour!("green_light", green, "The green light.", "绿灯。"),
    colour!(
        "focused_border",
        focused_border,
        "The border of the pane in focus.",
        "当前窗格的边框。"
    ),
    colour!(
        "dim_text",
        dim,
        "Dim text, and the borders of the other panes.",
        "淡色文字，及其他窗格的边框。"
    ),
    Pref {
        table: "backup",
        key: "keep",
        kind: Kind::Count { min: 0, max: 3650 },
        en: "Daily copies kept, the newest first: the first time in a day that the interface or a command that writes opens the database, a copy is made (0 makes none).",
        zh: "保留的每日备份份数（保留最新的）：每天界面或写入数据的命令首次打开数据库时备份一次（0 为不备份）。",
        get: |p| Value::Count(p.backup.keep),
        set: |p, v| {
            if let Value::Count(n) = v {
                p.backup.keep = n
            }
        },
    },
];

/// The keys of a table.
pub fn keys_of(table: &str) -> impl Iterator<Item = &'static Pref> + '_ {
    PREFS.iter().filter(move |p| p.table == table)
}

/// What a key accepts, as a clerk reads it.
pub fn accepted(kind: Kind) -> String {
    match kind {
        Kind::Color => format!("a colour name ({}) or \"#rrggbb\"", names().join(", ")),
        Kind::Count { min, max } => format!("a whole number from {min} to {max}"),
    }
}

/// What a key accepts, in a word, under its table's heading (which says it whole).
pub fn accepted_brief(kind: Kind, lang: Lang) -> String {
    match (kind, lang) {
        (Kind::Color, Lang::En) => "a colour".to_string(),
        (Kind::Color, Lang::Zh) => "颜色".to_string(),
        (_, Lang::En) => accepted(kind),
        (_, Lang::Zh) => accepted_zh(kind),
    }
}

/// A table's heading comment in `config init`: what it holds and, for the colours, the
/// colours accepted.
pub fn heading(table: &str, lang: Lang) -> String {
    let Some((_, en, zh)) = TABLES.iter().find(|(t, _, _)| *t == table) else {
        return String::new();
    };
    match (table, lang) {
        ("theme", Lang::En) => format!("{en}.\nEach is {}.", accepted(Kind::Color)),
        ("theme", Lang::Zh) => format!("{zh}。\n每项为{}。", accepted_zh(Kind::Color)),
        (_, Lang::En) => (*en).to_string(),
        (_, Lang::Zh) => (*zh).to_string(),
    }
}

/// The same, in Chinese.
pub fn accepted_zh(kind: Kind) -> String {
    match kind {
        Kind::Color => format!("颜色名（{}）或 \"#rrggbb\"", names().join("、")),
        Kind::Count { min, max } => format!("{min} 到 {max} 之间的整数"),
    }
}

fn names() -> Vec<&'static str> {
    theme::COLOR_NAMES.iter().map(|(n, _)| *n).collect()
}

/// A value in TOML, as `config init` and `config show` print it.
pub fn toml_value(v: Value) -> String {
    match v {
        Value::Color(c) => format!("\"{}\"", theme::color_text(c)),
        Value::Count(n) => n.to_string(),
    }
}

fn check(kind: Kind, value: &toml::Value) -> Option<Value> {
    match (kind, value) {
        (Kind::Color, toml::Value::String(s)) => theme::parse_color(s).map(Value::Color),
        (Kind::Count { min, max }, toml::Value::Integer(n)) => u32::try_from(*n)
            .ok()
            .filter(|n| (min..=max).contains(n))
            .map(Value::Count),
        _ => None,
    }
}

/// Reads one of [`TABLES`] into `prefs`, every bad key or value named with its line.
pub(super) fn read(
    walk: &mut Walk<'_>,
    table: &str,
    entries: &toml::de::DeTable<'_>,
    prefs: &mut Prefs,
) {
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let Some(pref) = keys_of(table).find(|p| p.key == name) else {
            let (en, zh) = suggestion(name, keys_of(table).map(|p| p.key).collect());
            walk.at(
                key.span().start,
                format!("unknown key '{name}' in [{table}]{en}"),
                format!("[{table}] 中没有“{name}”这个键{zh}"),
            );
            continue;
        };
        let read = walk.value(value.span());
        match read.as_ref().and_then(|v| check(pref.kind, v)) {
            Some(v) => (pref.set)(prefs, v),
            None => {
                let got = walk.text.get(value.span()).unwrap_or("").trim().to_string();
                // A colour name misspelt: the name it is closest to.
                let near = match (&read, pref.kind) {
                    (Some(toml::Value::String(s)), Kind::Color) => {
                        super::closest(&s.trim().to_ascii_lowercase(), names())
                    }
                    _ => None,
                };
                let (hint_en, hint_zh) = near.map_or_else(Default::default, |n| {
                    (
                        format!(" (did you mean \"{n}\"?)"),
                        format!("（是否应为 \"{n}\"？）"),
                    )
                });
                walk.at(
                    value.span().start,
                    format!(
                        "{table}.{name} = {got} is not accepted{hint_en}; it takes {}",
                        accepted(pref.kind)
                    ),
                    format!(
                        "{table}.{name} = {got} 不可用{hint_zh}，须为{}",
                        accepted_zh(pref.kind)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pref_reads_back_what_it_writes() {
        let defaults = Prefs::default();
        for p in PREFS {
            let mut got = Prefs::default();
            (p.set)(&mut got, (p.get)(&defaults));
            assert_eq!(got, defaults, "{}.{}", p.table, p.key);
            assert!(TABLES.iter().any(|(t, _, _)| *t == p.table), "{}", p.table);
            let text = toml_value((p.get)(&defaults));
            let value: toml::Value = toml::from_str(&format!("v = {text}"))
                .map(|t: toml::Table| t["v"].clone())
                .unwrap();
            assert_eq!(check(p.kind, &value), Some((p.get)(&defaults)), "{}", p.key);
        }
    }

    use std::path::Path;

    use crate::config::{ConfigError, Settings, default_file, fingerprint, parse, show};

    fn ok(text: &str) -> Settings {
        parse(text, Path::new("c.toml")).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)))
    }

    fn problems(text: &str) -> Vec<(usize, String, String)> {
        match parse(text, Path::new("c.toml")) {
            Ok(_) => panic!("accepted: {text}"),
            Err(ConfigError { problems }) => {
                problems.into_iter().map(|p| (p.line, p.en, p.zh)).collect()
            }
        }
    }

    #[test]
    fn theme_and_backup_keys_set_the_prefs_and_leave_the_rules_fingerprint() {
        let s = ok(r##"
[theme]
red_light = "magenta"
orange_light = "#FFA500"
yellow_light = "light-yellow"
green_light = "blue"
focused_border = "white"
dim_text = "gray"

[backup]
keep = 30
"##);
        let p = s.prefs.palette;
        assert_eq!(p.red, Color::Magenta);
        assert_eq!(p.orange, Color::Rgb(255, 165, 0));
        assert_eq!(p.yellow, Color::LightYellow);
        assert_eq!(p.green, Color::Blue);
        assert_eq!(p.focused_border, Color::White);
        assert_eq!(p.dim, Color::Gray);
        assert_eq!(s.prefs.backup.keep, 30);
        let plain = ok("");
        assert_eq!(plain.prefs, Prefs::default());
        assert_eq!(plain.prefs.backup.keep, 7);
        assert_eq!(
            fingerprint(&s.rules, &s.calendar),
            fingerprint(&plain.rules, &plain.calendar)
        );
        let shown = show(&s, Lang::En);
        assert!(
            shown.contains("\n[theme]\nred_light = \"magenta\"\norange_light = \"#ffa500\"\n"),
            "{shown}"
        );
        assert!(shown.contains("\n[backup]\nkeep = 30\n"), "{shown}");
    }

    #[test]
    fn the_init_file_writes_every_pref_at_its_default_under_a_comment() {
        for lang in [Lang::En, Lang::Zh] {
            let text = default_file(lang);
            assert_eq!(ok(&text).prefs, Prefs::default());
            for p in PREFS {
                let line = format!("\n{} = {}\n", p.key, toml_value((p.get)(&Prefs::default())));
                let at = text
                    .find(&line)
                    .unwrap_or_else(|| panic!("{} missing", p.key));
                assert!(
                    text[..at].ends_with(')'),
                    "{} has no comment above it",
                    p.key
                );
            }
            assert!(text.contains("orange_light = \"#ff8c00\""), "{text}");
        }
    }

    #[test]
    fn a_bad_colour_or_count_is_named_with_its_line_and_what_is_accepted() {
        let all = problems(
            "[theme]\nred_light = \"yelow\"\ngreen_light = \"#12345\"\nborder = \"red\"\ndim_text = 3\n\n[backup]\nkeep = -1\n",
        );
        let lines: Vec<usize> = all.iter().map(|p| p.0).collect();
        assert_eq!(lines, [2, 3, 4, 5, 8], "{all:?}");
        let names = "black, red, green, yellow, blue, magenta, cyan, gray, darkgray, lightred, lightgreen, lightyellow, lightblue, lightmagenta, lightcyan, white";
        assert_eq!(
            all[0].1,
            format!(
                "theme.red_light = \"yelow\" is not accepted (did you mean \"yellow\"?); it takes a colour name ({names}) or \"#rrggbb\""
            )
        );
        assert!(all[0].2.starts_with("theme.red_light = \"yelow\" 不可用（是否应为 \"yellow\"？），须为颜色名（black、red、"), "{}", all[0].2);
        assert_eq!(
            all[1].1,
            format!(
                "theme.green_light = \"#12345\" is not accepted; it takes a colour name ({names}) or \"#rrggbb\""
            )
        );
        assert_eq!(
            all[2].1,
            "unknown key 'border' in [theme]; accepted: red_light, orange_light, yellow_light, green_light, focused_border, dim_text"
        );
        assert!(
            all[3]
                .1
                .starts_with("theme.dim_text = 3 is not accepted; it takes a colour name"),
            "{}",
            all[3].1
        );
        assert_eq!(
            all[4].1,
            "backup.keep = -1 is not accepted; it takes a whole number from 0 to 3650"
        );
        assert_eq!(
            all[4].2,
            "backup.keep = -1 不可用，须为0 到 3650 之间的整数"
        );
    }

    #[test]
    fn a_misplaced_or_misspelt_table_or_key_is_sent_where_it_belongs() {
        assert_eq!(
            problems("keep = 3\n")[0].1,
            "'keep' belongs in the table [backup]"
        );
        assert!(
            problems("[them]\nred_light = \"red\"\n")[0]
                .1
                .starts_with("unknown table [them]; did you mean 'theme'?"),
        );
        assert_eq!(
            problems("[backup]\nkept = 3\n")[0].1,
            "unknown key 'kept' in [backup]; did you mean 'keep'?"
        );
    }
}

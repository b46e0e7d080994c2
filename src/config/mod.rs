//! The office's own rules, from one TOML file: `--config PATH`, else `$DUBAN_CONFIG`, else
//! `config.toml` in the platform's config folder (`~/.config/duban/` on Linux). Every key is
//! optional; what the file leaves out keeps the core's default (`Rules::default()`, the shipped
//! calendar). A file with a bad key or value is refused whole, every problem named with its
//! line, and no command runs on it.

pub mod calendar;
pub mod fields;
pub mod keys;
pub mod prefs;
mod text;
pub mod trust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::domain::{Rules, WorkCalendar, YearNotice};
use crate::ui::Lang;

pub use crate::domain::rule_keys::{canonical, fingerprint, values};
pub use text::{default_file, show};

/// The file's name in the platform's config folder.
pub const FILE_NAME: &str = "config.toml";

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by `--config` or `$DUBAN_CONFIG`: then a missing file is an error.
    pub explicit: bool,
}

/// The settings in force for a run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub rules: Arc<Rules>,
    pub calendar: Arc<WorkCalendar>,
    /// The interface language the file sets (`--lang` wins over it).
    pub lang: Option<Lang>,
    /// The office's document language (`document_language`, default Chinese): what duban
    /// writes into a record on the clerk's behalf is in it, whatever the interface's.
    pub doc_lang: Lang,
    /// The years the office entered itself (in the file or its calendar file).
    pub own_years: Vec<i32>,
    /// The file read, if one was.
    pub source: Option<PathBuf>,
    /// The keys the file sets (`[keys.list]` …), checked: no conflict, every action known.
    pub keys: Vec<crate::ui::keyspec::Override>,
    /// The interface's colours (`[theme]`) and the daily copies kept (`[backup]`).
    pub prefs: prefs::Prefs,
    /// The office that issues the papers (`[office] name`): the 落款 of every bulletin, notice
    /// and log when `--office` does not name one.
    pub office: Option<String>,
    /// The office's server (`[database] url`, `postgres://USER@HOST/DATABASE`), when neither
    /// `--db` nor `$DUBAN_DB` names where the office is.
    pub database: Option<String>,
    /// The largest file that may be attached to an item (`[attachments] max_mb`), in bytes.
    pub attachment_max_bytes: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rules: Arc::new(Rules::default()),
            calendar: Arc::new(WorkCalendar::default()),
            lang: None,
            doc_lang: Lang::Zh,
            own_years: Vec::new(),
            source: None,
            keys: Vec::new(),
            prefs: prefs::Prefs::default(),
            office: None,
            database: None,
            attachment_max_bytes: crate::domain::attachment::DEFAULT_MAX_BYTES,
        }
    }
}

/// An office under the settings in force: the configuration hands its rules, calendar and
/// issuing office down to the application (which does not read the configuration).
pub trait WithSettings {
    fn with_settings(self, settings: &Settings) -> Self;
}

impl<S: crate::store::Backend> WithSettings for crate::app::Office<S> {
    fn with_settings(self, settings: &Settings) -> Self {
        self.with_rules(
            Arc::clone(&settings.rules),
            Arc::clone(&settings.calendar),
            settings.office.clone(),
        )
        .with_attachment_limit(settings.attachment_max_bytes)
    }
}

/// One thing wrong in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in `file` (0 when the file could not be read at all).
    pub line: usize,
    /// The file the line is in (the config file, or the calendar file it names).
    pub file: PathBuf,
    pub en: String,
    pub zh: String,
}

/// A refused configuration: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl ConfigError {
    fn one(file: &Path, line: usize, en: String, zh: String) -> Self {
        Self {
            problems: vec![Problem {
                line,
                file: file.to_path_buf(),
                en,
                zh,
            }],
        }
    }

    /// One problem as one line; several as a line that says the file is refused, then each
    /// problem on a line of its own, with its file and line.
    pub fn render(&self, lang: Lang) -> String {
        let shown: Vec<String> = self
            .problems
            .iter()
            .map(|p| {
                let file = crate::text::safe(&p.file.display().to_string());
                // A key or name quoted from the file may hold an escape sequence.
                let text = crate::text::safe(match lang {
                    Lang::Zh => &p.zh,
                    Lang::En => &p.en,
                });
                match (lang, p.line) {
                    (_, 0) => format!("{file}: {text}"),
                    (Lang::Zh, n) => format!("{file} 第{n}行：{text}"),
                    (Lang::En, n) => format!("{file} line {n}: {text}"),
                }
            })
            .collect();
        match (lang, shown.as_slice()) {
            (Lang::Zh, [one]) => format!("{one}（配置文件有误，未执行任何操作）"),
            (Lang::En, [one]) => {
                format!("{one} (the configuration is refused; nothing was done)")
            }
            (Lang::Zh, all) => format!(
                "配置文件有{}处问题，未执行任何操作：\n  {}",
                all.len(),
                all.join("\n  ")
            ),
            (Lang::En, all) => format!(
                "the configuration is refused, {} problems; nothing was done:\n  {}",
                all.len(),
                all.join("\n  ")
            ),
        }
    }
}

impl From<ConfigError> for crate::cli::Error {
    /// The refusal as the core's error carries it: worded here, in both languages.
    fn from(e: ConfigError) -> Self {
        crate::cli::Error::Config {
            en: e.render(Lang::En),
            zh: e.render(Lang::Zh),
        }
    }
}

/// The config file's location: `explicit` (from `--config`), else `$DUBAN_CONFIG`, else the
/// platform config folder. `None` when there is no home folder to look in.
pub fn locate(explicit: Option<PathBuf>) -> Option<Location> {
    if let Some(path) = explicit {
        return Some(Location {
            path,
            explicit: true,
        });
    }
    if let Some(path) = std::env::var_os("DUBAN_CONFIG").filter(|v| !v.is_empty()) {
        return Some(Location {
            path: PathBuf::from(path),
            explicit: true,
        });
    }
    directories::ProjectDirs::from("", "", "duban").map(|d| Location {
        path: d.config_dir().join(FILE_NAME),
        explicit: false,
    })
}

/// The settings from the file at `location`: the defaults when the default file is missing;
/// an error when a named file is missing, or when anything in the file is wrong.
pub fn load(location: Option<&Location>) -> Result<Settings, ConfigError> {
    let Some(location) = location else {
        return Ok(Settings::default());
    };
    let text = match trust::read(&location.path) {
        Ok(text) => text,
        Err(e) if e.missing && !location.explicit => {
            return Ok(Settings::default());
        }
        Err(e) if e.missing => {
            return Err(ConfigError::one(
                &location.path,
                0,
                "the configuration file named by --config or $DUBAN_CONFIG does not exist; name another, or write this one with duban config init".into(),
                "--config 或 $DUBAN_CONFIG 指定的配置文件不存在；请改指定，或用 duban config init 创建".into(),
            ));
        }
        Err(e) => return Err(ConfigError::one(&location.path, 0, e.en, e.zh)),
    };
    let mut settings = parse(&text, &location.path)?;
    settings.source = Some(location.path.clone());
    Ok(settings)
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

/// Collects problems while the file is walked.
struct Walk<'a> {
    text: &'a str,
    file: &'a Path,
    problems: Vec<Problem>,
}

impl Walk<'_> {
    fn at(&mut self, offset: usize, en: String, zh: String) {
        self.at_line(line_of(self.text, offset), en, zh);
    }

    fn at_line(&mut self, line: usize, en: String, zh: String) {
        self.problems.push(Problem {
            line,
            file: self.file.to_path_buf(),
            en,
            zh,
        });
    }

    /// A value, read with serde from its own text in the file.
    /// A language key's value (`"zh"` or `"en"`), or the problem named.
    fn lang(&mut self, key: &str, span: std::ops::Range<usize>) -> Option<Lang> {
        match self.value(span.clone()) {
            Some(toml::Value::String(s)) if s == "zh" => Some(Lang::Zh),
            Some(toml::Value::String(s)) if s == "en" => Some(Lang::En),
            _ => {
                self.at(
                    span.start,
                    format!("'{key}' accepts \"zh\" or \"en\""),
                    format!("{key} 只能是 \"zh\" 或 \"en\""),
                );
                None
            }
        }
    }

    fn value(&self, span: std::ops::Range<usize>) -> Option<toml::Value> {
        let raw = self.text.get(span)?;
        toml::Value::deserialize(toml::de::ValueDeserializer::parse(raw).ok()?).ok()
    }
}

/// "did you mean" among `candidates`, when one is close.
pub fn closest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(got, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn suggestion(got: &str, candidates: Vec<&str>) -> (String, String) {
    match closest(got, candidates.iter().copied()) {
        Some(c) => (
            format!("; did you mean '{c}'?"),
            format!("；是否应为“{c}”？"),
        ),
        None => (
            format!("; accepted: {}", candidates.join(", ")),
            format!("；可用：{}", candidates.join("、")),
        ),
    }
}

type Table<'i> = toml::de::DeTable<'i>;

/// Parses the file's text (`file` names it in problems): every problem found, or the settings.
pub fn parse(text: &str, file: &Path) -> Result<Settings, ConfigError> {
    let doc = match toml::de::DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let what = e.message().trim().to_string();
            return Err(ConfigError::one(
                file,
                line,
                format!("not valid TOML: {what}"),
                format!("不是有效的 TOML：{what}"),
            ));
        }
    };
    let mut walk = Walk {
        text,
        file,
        problems: Vec::new(),
    };
    let mut rules = Rules::default();
    let mut lang = None;
    let mut doc_lang = Lang::Zh;
    let mut notices: BTreeMap<i32, YearNotice> = BTreeMap::new();
    let mut calendar_file: Option<PathBuf> = None;
    let mut key_overrides = Vec::new();
    let mut prefs = prefs::Prefs::default();
    let mut office = None;
    let mut database = None;
    let mut attachment_max_bytes = crate::domain::attachment::DEFAULT_MAX_BYTES;
    let tables: Vec<&str> = fields::TABLES
        .iter()
        .chain(prefs::TABLES)
        .map(|(t, _, _)| *t)
        .chain(["attachments", "calendar", "database", "keys", "office"])
        .collect();
    for (key, value) in doc.get_ref() {
        let name: &str = key.get_ref();
        let at = key.span().start;
        match (name, value.get_ref().as_table()) {
            ("language", _) => {
                if let Some(l) = walk.lang(name, value.span()) {
                    lang = Some(l);
                }
            }
            ("document_language", _) => {
                if let Some(l) = walk.lang(name, value.span()) {
                    doc_lang = l;
                }
            }
            ("calendar", Some(table)) => {
                calendar::read(&mut walk, table, &mut notices, &mut calendar_file)
            }
            ("keys", Some(table)) => key_overrides = keys::read(&mut walk, table),
            ("office", Some(table)) => office = read_office(&mut walk, table),
            ("database", Some(table)) => database = read_database(&mut walk, table),
            ("attachments", Some(table)) => {
                if let Some(max) = read_attachments(&mut walk, table) {
                    attachment_max_bytes = max;
                }
            }
            (t, Some(table)) if fields::TABLES.iter().any(|(n, _, _)| *n == t) => {
                read_rules(&mut walk, t, table, &mut rules)
            }
            (t, Some(table)) if prefs::TABLES.iter().any(|(n, _, _)| *n == t) => {
                prefs::read(&mut walk, t, table, &mut prefs)
            }
            (t, Some(_)) => {
                let (en, zh) = suggestion(t, tables.clone());
                walk.at(
                    at,
                    format!("unknown table [{t}]{en}"),
                    format!("未知的表 [{t}]{zh}"),
                );
            }
            (k, None) => {
                let home = fields::FIELDS
                    .iter()
                    .find(|f| f.key == k)
                    .map(|f| f.table)
                    .or_else(|| prefs::PREFS.iter().find(|p| p.key == k).map(|p| p.table));
                let (en, zh) = match home {
                    Some(table) => (
                        format!("'{k}' belongs in the table [{table}]"),
                        format!("“{k}”应写在 [{table}] 表中"),
                    ),
                    None => {
                        let (en, zh) = suggestion(k, vec!["language", "document_language"]);
                        (
                            format!("unknown key '{k}'{en}"),
                            format!("未知的键“{k}”{zh}"),
                        )
                    }
                };
                walk.at(at, en, zh);
            }
        }
    }
    cross_checks(&mut walk, &doc, &rules);
    let mut calendar = WorkCalendar::default();
    let mut own_years: Vec<i32> = Vec::new();
    if let Some(path) = &calendar_file {
        let full = file.parent().unwrap_or(Path::new(".")).join(path);
        match calendar::read_file(&full) {
            Ok(from_file) => {
                own_years.extend(from_file.keys());
                calendar = calendar.with_notices(&from_file);
            }
            Err(p) => walk.problems.push(p),
        }
    }
    own_years.extend(notices.keys());
    own_years.sort_unstable();
    own_years.dedup();
    if !walk.problems.is_empty() {
        let mut problems = walk.problems;
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(ConfigError { problems });
    }
    Ok(Settings {
        rules: Arc::new(rules),
        calendar: Arc::new(calendar.with_notices(&notices)),
        lang,
        doc_lang,
        own_years,
        source: None,
        keys: key_overrides,
        prefs,
        office,
        database,
        attachment_max_bytes,
    })
}

/// `[attachments] max_mb`: the largest file an item may be given, in megabytes (1 to 1024).
fn read_attachments(walk: &mut Walk<'_>, entries: &Table<'_>) -> Option<u64> {
    let mut max = None;
    for (key, value) in entries {
        let name: &str = key.get_ref();
        if name != "max_mb" {
            let (en, zh) = suggestion(name, vec!["max_mb"]);
            walk.at(
                key.span().start,
                format!("unknown key '{name}' in [attachments]{en}"),
                format!("[attachments] 中没有“{name}”这个键{zh}"),
            );
            continue;
        }
        match walk.value(value.span()) {
            Some(toml::Value::Integer(mb)) if (1..=1024).contains(&mb) => {
                max = Some(mb.unsigned_abs() * 1024 * 1024);
            }
            _ => walk.at(
                value.span().start,
                "[attachments] max_mb accepts a whole number of megabytes from 1 to 1024, e.g. max_mb = 20".into(),
                "[attachments] max_mb 应为1到1024之间的整数（兆字节），如 max_mb = 20".into(),
            ),
        }
    }
    max
}

/// `[database] url`: the office's server, `postgres://USER@HOST/DATABASE` (a password in it is
/// better kept in `~/.pgpass`, which the file then need not hold).
fn read_database(walk: &mut Walk<'_>, entries: &Table<'_>) -> Option<String> {
    let mut url = None;
    for (key, value) in entries {
        let name: &str = key.get_ref();
        if name != "url" {
            let (en, zh) = suggestion(name, vec!["url"]);
            walk.at(
                key.span().start,
                format!("unknown key '{name}' in [database]{en}"),
                format!("[database] 中没有“{name}”这个键{zh}"),
            );
            continue;
        }
        match walk.value(value.span()) {
            Some(toml::Value::String(s))
                if crate::store::postgres::is_server_address(&s)
                    && !s.chars().any(|c| c.is_control() || c.is_whitespace()) =>
            {
                url = Some(s);
            }
            _ => walk.at(
                value.span().start,
                "[database] url accepts a PostgreSQL server's address in quotes, postgres://USER@HOST/DATABASE, without spaces".into(),
                "[database] url 应为带引号的 PostgreSQL 服务器地址，如 postgres://用户名@主机/数据库，不含空格".into(),
            ),
        }
    }
    url
}

/// `[office] name`: the issuing office, one line of at most 100 characters.
fn read_office(walk: &mut Walk<'_>, entries: &Table<'_>) -> Option<String> {
    let mut office = None;
    for (key, value) in entries {
        let name: &str = key.get_ref();
        if name != "name" {
            let (en, zh) = suggestion(name, vec!["name"]);
            walk.at(
                key.span().start,
                format!("unknown key '{name}' in [office]{en}"),
                format!("[office] 中没有“{name}”这个键{zh}"),
            );
            continue;
        }
        match walk.value(value.span()) {
            Some(toml::Value::String(s))
                if !s.trim().is_empty()
                    && s.chars().count() <= 100
                    && !s.chars().any(|c| c.is_control() || crate::text::invisible(c)) =>
            {
                office = Some(s.trim().to_string());
            }
            _ => walk.at(
                value.span().start,
                "[office] name accepts the office's name in quotes, one line of at most 100 characters, without invisible characters (U+202E, U+200B, …)".into(),
                "[office] name 应为带引号的发文单位名称，一行，不超过100个字符，不含不可见字符（U+202E、U+200B 等）".into(),
            ),
        }
    }
    office
}

fn read_rules(walk: &mut Walk<'_>, table: &str, entries: &Table<'_>, rules: &mut Rules) {
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let Some(field) = fields::keys_of(table).find(|f| f.key == name) else {
            let elsewhere = fields::FIELDS.iter().find(|f| f.key == name);
            let (en, zh) = match elsewhere {
                Some(f) => (
                    format!("'{name}' belongs in the table [{}], not [{table}]", f.table),
                    format!("“{name}”应写在 [{}] 表中，而不是 [{table}]", f.table),
                ),
                None => {
                    let (en, zh) =
                        suggestion(name, fields::keys_of(table).map(|f| f.key).collect());
                    (
                        format!("unknown key '{name}' in [{table}]{en}"),
                        format!("[{table}] 中没有“{name}”这个键{zh}"),
                    )
                }
            };
            walk.at(key.span().start, en, zh);
            continue;
        };
        let got = walk.text.get(value.span()).unwrap_or("").trim().to_string();
        match walk
            .value(value.span())
            .and_then(|v| fields::check(field.kind, &v))
        {
            Some(v) => (field.set)(rules, v),
            None => walk.at(
                value.span().start,
                format!(
                    "{table}.{name} = {got} is not accepted; it takes {}",
                    fields::accepted(field.kind)
                ),
                format!(
                    "{table}.{name} = {got} 不可用，须为{}",
                    fields::accepted_zh(field.kind)
                ),
            ),
        }
    }
}

/// Settings that are each fine alone but not together.
fn cross_checks(walk: &mut Walk<'_>, doc: &toml::Spanned<Table<'_>>, rules: &Rules) {
    let line_of_key = |table: &str, key: &str| -> usize {
        doc.get_ref()
            .iter()
            .find(|(k, _)| k.get_ref() == table)
            .and_then(|(_, v)| v.get_ref().as_table())
            .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == key))
            .map_or(0, |(k, _)| k.span().start)
    };
    if rules.orange_share_left > rules.yellow_share_left {
        let at = line_of_key("lights", "orange_percent_left");
        walk.at(
            at,
            "lights.orange_percent_left is above lights.yellow_percent_left; orange is the later warning, so it takes a percent no higher than yellow's".into(),
            "lights.orange_percent_left 高于 lights.yellow_percent_left；橙灯晚于黄灯，其百分比不能高于黄灯".into(),
        );
    }
    if rules.score.base > rules.score.cap {
        let at = line_of_key("score", "base");
        walk.at(
            at,
            "score.base is above score.cap; the cap takes a number no lower than the base".into(),
            "score.base 高于 score.cap；上限不能低于基础分".into(),
        );
    }
}

#[cfg(test)]
mod tests;

//! The file as duban writes it: `config init` (every key, commented, at its default),
//! `config show` (the settings in force), and the canonical text the rules fingerprint hashes.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{Days, NaiveDate};

use super::Settings;
use super::fields::{TABLES, keys_of, toml_value};
use crate::domain::rule_keys::fingerprint;
use crate::domain::{Rules, YearNotice};
use crate::ui::Lang;

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

/// Every table and key with the value `rules` gives it, each key under its meaning when
/// `commented`.
fn rules_toml(out: &mut String, rules: &Rules, lang: Lang, commented: bool) {
    for (table, en, zh) in TABLES {
        out.push('\n');
        if commented {
            comment(out, if lang == Lang::Zh { zh } else { en });
        }
        let _ = writeln!(out, "[{table}]");
        for f in keys_of(table) {
            if commented {
                let meaning = if lang == Lang::Zh { f.zh } else { f.en };
                let accepts = if lang == Lang::Zh {
                    super::fields::accepted_zh(f.kind)
                } else {
                    super::fields::accepted(f.kind)
                };
                comment(out, &format!("{meaning} ({accepts})"));
            }
            let _ = writeln!(out, "{} = {}", f.key, toml_value((f.get)(rules)));
        }
    }
}

/// `[theme]` and `[backup]` with the values `prefs` gives them, each key under its meaning
/// when `commented`.
fn prefs_toml(out: &mut String, prefs: &super::prefs::Prefs, lang: Lang, commented: bool) {
    use super::prefs::{TABLES, accepted_brief, heading, keys_of, toml_value};
    for (table, _, _) in TABLES {
        out.push('\n');
        if commented {
            comment(out, &heading(table, lang));
        }
        let _ = writeln!(out, "[{table}]");
        for p in keys_of(table) {
            if commented {
                let meaning = if lang == Lang::Zh { p.zh } else { p.en };
                comment(
                    out,
                    &format!("{meaning} ({})", accepted_brief(p.kind, lang)),
                );
            }
            let _ = writeln!(out, "{} = {}", p.key, toml_value((p.get)(prefs)));
        }
    }
}

/// The file `duban config init` writes: every key at its default, each explained.
pub fn default_file(lang: Lang) -> String {
    let mut out = String::new();
    let head = match lang {
        Lang::Zh => {
            "duban 配置文件。每个键都可省略，省略的按默认值；下面写的就是默认值。\n改完运行 duban config check 检查；duban config show 显示正在使用的设置。\n\n界面语言：\"zh\" 或 \"en\"（命令行 --lang 优先）；不写则按 $LANG，如：\n  language = \"zh\"\n\n公文语言：duban 代为填写进记录的文字（如催办理由、整改要求）所用的语言，与界面语言无关：\n  document_language = \"zh\""
        }
        Lang::En => {
            "duban configuration. Every key is optional; what is left out keeps its default,\nand the values below ARE the defaults. Run duban config check after editing;\nduban config show prints the settings in force.\n\nInterface language: \"zh\" or \"en\" (--lang wins); when unset, from $LANG, e.g.\n  language = \"en\"\n\nDocument language: what duban writes into a record for the clerk (an urging's\nreason and correction) is in it, whatever the interface's:\n  document_language = \"zh\""
        }
    };
    comment(&mut out, head);
    rules_toml(&mut out, &Rules::default(), lang, true);
    prefs_toml(&mut out, &super::prefs::Prefs::default(), lang, true);
    out.push('\n');
    comment(
        &mut out,
        match lang {
            Lang::Zh => {
                "发文单位（落款）：通报、催办单和研判处置日志落款处的单位名称（命令行 --office 或 $DUBAN_OFFICE 优先），如：\n\n[office]\nname = \"市人民政府督查室\""
            }
            Lang::En => {
                "The issuing office (落款): the name every bulletin, urging notice and triage log is signed\nwith (--office or $DUBAN_OFFICE wins), e.g.\n\n[office]\nname = \"市人民政府督查室\""
            }
        },
    );
    out.push('\n');
    comment(
        &mut out,
        match lang {
            Lang::Zh => {
                "工作日历：2025、2026年的放假调休已内置。新一年的通知公布后，按下例写入（整年替换内置数据），\n再用 duban calendar show 年份 对照通知检查。也可用 file = \"calendar.txt\" 指向同文件夹下的日历文件。\n\n[calendar.2027]\nholidays = [\"2027-01-01 元旦\", \"2027-02-06..2027-02-13 春节\"]   # 放假日，可写区间\nworkdays = [\"2027-02-14 春节调休\"]                              # 调休上班的周末"
            }
            Lang::En => {
                "Working-day calendar: the 2025 and 2026 notices are built in. When a year's notice is\npublished, enter it as below (it replaces that year whole), then compare it with\nduban calendar show YEAR. Or point file = \"calendar.txt\" at a calendar file beside this one.\n\n[calendar.2027]\nholidays = [\"2027-01-01 New Year\", \"2027-02-06..2027-02-13 Spring Festival\"]   # days off, ranges allowed\nworkdays = [\"2027-02-14 make-up\"]                                               # weekend days worked"
            }
        },
    );
    out.push('\n');
    comment(
        &mut out,
        match lang {
            Lang::Zh => {
                "按键：按模式分表（[keys.list] 事项列表、[keys.triage] 分诊、[keys.form] 表单、[keys.report] 通报），\n每行 \"按键\" = \"操作\"。为某操作设的键取代它在该模式中的默认键；一个键已被另一操作占用时，\nduban config check 会指出冲突所在行。按键写法：q、G、?、ctrl-d、esc、enter、tab、shift-tab、\nbackspace、delete、up、down、left、right、home、end、pageup、pagedown、space、f1 至 f12。例如：\n\n[keys.list]\n\"ctrl-d\" = \"quit\"          # 用 ctrl-d 退出，代替 q\n\"pagedown\" = \"page_down\"   # 翻页只用 PgDn，让出 ctrl-d\n\n各模式的操作及其默认键："
            }
            Lang::En => {
                "Keys: a table per mode ([keys.list] the item list, [keys.triage], [keys.form], [keys.report]),\none \"key\" = \"action\" a line. The keys given to an action replace its default keys in that mode;\na key another action still has is a conflict, which duban config check names with its line.\nKeys are written q, G, ?, ctrl-d, esc, enter, tab, shift-tab, backspace, delete, up, down,\nleft, right, home, end, pageup, pagedown, space, f1 to f12. For example:\n\n[keys.list]\n\"ctrl-d\" = \"quit\"          # quit with ctrl-d instead of q\n\"pagedown\" = \"page_down\"   # page down with PgDn only, leaving ctrl-d free\n\nThe actions of each mode, with their default keys:"
            }
        },
    );
    comment(
        &mut out,
        &super::keys::reference(&crate::ui::keymap::bindings()),
    );
    out
}

/// Consecutive days with one name, as `"FROM..TO name"` entries.
fn entries(days: &BTreeMap<NaiveDate, String>) -> Vec<String> {
    let mut out: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
    for (day, name) in days {
        match out.last_mut() {
            Some((_, to, n)) if *n == name.as_str() && *to + Days::new(1) == *day => *to = *day,
            _ => out.push((*day, *day, name)),
        }
    }
    out.into_iter()
        .map(|(from, to, name)| {
            let span = if from == to {
                from.to_string()
            } else {
                format!("{from}..{to}")
            };
            let text = format!("{span} {name}");
            toml_string(text.trim())
        })
        .collect()
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn notice_toml(out: &mut String, year: i32, notice: &YearNotice) {
    let _ = writeln!(out, "\n[calendar.{year}]");
    let _ = writeln!(out, "holidays = [{}]", entries(&notice.off).join(", "));
    let _ = writeln!(out, "workdays = [{}]", entries(&notice.work).join(", "));
}

/// `duban config show`: the settings in force, defaults included, as TOML.
pub fn show(settings: &Settings, lang: Lang) -> String {
    let mut out = String::new();
    let source = match &settings.source {
        Some(p) => p.display().to_string(),
        None => match lang {
            Lang::Zh => "无（全部为默认值）".to_string(),
            Lang::En => "none (all defaults)".to_string(),
        },
    };
    let _ = match lang {
        Lang::Zh => writeln!(out, "# 正在使用的设置；配置文件：{source}"),
        Lang::En => writeln!(out, "# The settings in force; configuration file: {source}"),
    };
    let _ = writeln!(
        out,
        "# {}: {}",
        match lang {
            Lang::Zh => "规则指纹",
            Lang::En => "rules fingerprint",
        },
        fingerprint(&settings.rules, &settings.calendar)
    );
    if let Some(l) = settings.lang {
        let _ = writeln!(
            out,
            "language = \"{}\"",
            if l == Lang::Zh { "zh" } else { "en" }
        );
    }
    let _ = writeln!(
        out,
        "document_language = \"{}\"",
        if settings.doc_lang == Lang::Zh {
            "zh"
        } else {
            "en"
        }
    );
    rules_toml(&mut out, &settings.rules, lang, false);
    prefs_toml(&mut out, &settings.prefs, lang, false);
    if let Some(office) = &settings.office {
        let quoted = toml::Value::String(office.clone()).to_string();
        let _ = writeln!(out, "\n[office]\nname = {quoted}");
    }
    if let Some(url) = &settings.database {
        // Shown without its password: what is printed may be pasted into a message.
        let quoted = toml::Value::String(crate::store::postgres::shown(url)).to_string();
        let _ = writeln!(out, "\n[database]\nurl = {quoted}");
    }
    let years: Vec<String> = settings.calendar.years().map(|y| y.to_string()).collect();
    out.push('\n');
    let _ = match lang {
        Lang::Zh => writeln!(out, "# 已载入放假调休安排的年份：{}", years.join("、")),
        Lang::En => writeln!(
            out,
            "# Years with a holiday notice loaded: {}",
            years.join(", ")
        ),
    };
    let notices = settings.calendar.notices();
    for (year, notice) in &notices {
        if settings.own_years.contains(year) {
            notice_toml(&mut out, *year, notice);
        }
    }
    out.push_str(&super::keys::show(&settings.keys));
    out
}

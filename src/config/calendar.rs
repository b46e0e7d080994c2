//! The calendar as data: `[calendar]` in the config file, with a year's notice as
//!
//! ```toml
//! [calendar]
//! file = "calendar.txt"          # optional: more years, in the shipped calendar's text format
//!
//! [calendar.2027]
//! holidays = ["2027-01-01 元旦", "2027-02-06..2027-02-13 春节"]
//! workdays = ["2027-02-14 春节调休"]
//! ```
//!
//! A year entered here replaces that year of the shipped calendar whole. Also `duban calendar
//! show`, the year month by month, so that the clerk can check an entered notice against the
//! published one.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Problem, Walk, closest};
use crate::domain::{WorkCalendar, YearNotice};
use crate::ui::Lang;

/// `[calendar]`: `file`, and a table per year.
pub(super) fn read(
    walk: &mut Walk<'_>,
    table: &toml::de::DeTable<'_>,
    notices: &mut BTreeMap<i32, YearNotice>,
    file: &mut Option<std::path::PathBuf>,
) {
    for (key, value) in table {
        let name: &str = key.get_ref();
        let at = key.span().start;
        if name == "file" {
            match walk.value(value.span()) {
                Some(toml::Value::String(s)) if !s.trim().is_empty() => {
                    *file = Some(std::path::PathBuf::from(s));
                }
                _ => walk.at(
                    value.span().start,
                    "calendar.file takes a file name in quotes, e.g. \"calendar.txt\" (beside this file)".into(),
                    "calendar.file 须为带引号的文件名，如 \"calendar.txt\"（与本文件同一文件夹）".into(),
                ),
            }
            continue;
        }
        let year = name.parse::<i32>().ok().filter(|y| {
            (crate::domain::validate::FIRST_YEAR..=crate::domain::validate::LAST_YEAR).contains(y)
        });
        let (Some(year), Some(entries)) = (year, value.get_ref().as_table()) else {
            walk.at(
                at,
                format!("unknown key '{name}' in [calendar]; it takes file = \"…\" and a table per year, e.g. [calendar.2027]"),
                format!("[calendar] 中没有“{name}”这个键；可用 file = \"…\" 和按年的表，如 [calendar.2027]"),
            );
            continue;
        };
        let notice = notices.entry(year).or_default();
        for (key, value) in entries {
            let list: &str = key.get_ref();
            if list != "holidays" && list != "workdays" {
                let (en, zh) = match closest(list, ["holidays", "workdays"]) {
                    Some(c) => (
                        format!("; did you mean '{c}'?"),
                        format!("；是否应为“{c}”？"),
                    ),
                    None => (
                        "; accepted: holidays, workdays".into(),
                        "；可用：holidays、workdays".into(),
                    ),
                };
                walk.at(
                    key.span().start,
                    format!("unknown key '{list}' in [calendar.{year}]{en}"),
                    format!("[calendar.{year}] 中没有“{list}”这个键{zh}"),
                );
                continue;
            }
            let Some(items) = value.get_ref().as_array() else {
                walk.at(
                    value.span().start,
                    format!("calendar.{year}.{list} takes a list of days in quotes, e.g. [\"{year}-01-01\", \"{year}-02-06..{year}-02-13 春节\"]"),
                    format!("calendar.{year}.{list} 须为带引号的日期列表，如 [\"{year}-01-01\", \"{year}-02-06..{year}-02-13 春节\"]"),
                );
                continue;
            };
            for item in items.iter() {
                let raw = walk.value(item.span());
                let entry = match &raw {
                    Some(toml::Value::String(s)) => day_entry(s, year, list == "workdays"),
                    _ => Err(format_error()),
                };
                match entry {
                    Ok((days, label)) => {
                        for day in days {
                            let (target, other) = if list == "holidays" {
                                (&mut notice.off, &notice.work)
                            } else {
                                (&mut notice.work, &notice.off)
                            };
                            if other.contains_key(&day) {
                                walk.at(
                                    item.span().start,
                                    format!("{day} is both a holiday and a make-up working day in [calendar.{year}]"),
                                    format!("{day} 在 [calendar.{year}] 中既是放假日又是调休上班日"),
                                );
                            }
                            target.insert(day, label.clone());
                        }
                    }
                    Err((en, zh)) => {
                        let got = walk.text.get(item.span()).unwrap_or("").to_string();
                        walk.at(
                            item.span().start,
                            format!("calendar.{year}.{list}: {got} {en}"),
                            format!("calendar.{year}.{list}：{got} {zh}"),
                        );
                    }
                }
            }
        }
    }
}

type EntryError = (String, String);

fn format_error() -> EntryError {
    (
        "is not a day; write \"YYYY-MM-DD\" or \"YYYY-MM-DD..YYYY-MM-DD\", then a name if you like"
            .into(),
        "不是日期；写作 \"YYYY-MM-DD\" 或 \"YYYY-MM-DD..YYYY-MM-DD\"，后面可加名称".into(),
    )
}

/// One entry of a year's list: a day or an inclusive range, then an optional name.
fn day_entry(text: &str, year: i32, workday: bool) -> Result<(Vec<NaiveDate>, String), EntryError> {
    let text = text.trim();
    let (dates, name) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format_error());
    let (from, to) = match dates.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => {
            let d = parse(dates)?;
            (d, d)
        }
    };
    if to < from {
        return Err(("ends before it starts".into(), "结束早于开始".into()));
    }
    if from.year() != year || to.year() != year {
        return Err((format!("is not in {year}"), format!("不在{year}年内")));
    }
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        if workday && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err((
                format!(
                    "is not a weekend day ({day} is a {}), so it is a working day already; workdays lists the weekend days worked (调休上班)",
                    day.weekday()
                ),
                "不是周末，本来就是工作日；workdays 只列调休上班的周末".to_string(),
            ));
        }
        days.push(day);
        day = day + Days::new(1);
    }
    if name
        .chars()
        .any(|c| c.is_control() || crate::text::invisible(c))
    {
        return Err((
            "has a name with a control or invisible character; write the name as plain text".into(),
            "的名称含控制字符或不可见字符；请写成普通文字".into(),
        ));
    }
    Ok((days, name.trim().to_string()))
}

/// A calendar file in the shipped text format: its years' notices.
pub(super) fn read_file(path: &Path) -> Result<BTreeMap<i32, YearNotice>, Problem> {
    let text = super::trust::read(path).map_err(|e| Problem {
        line: 0,
        file: path.to_path_buf(),
        en: format!(
            "cannot read the calendar file named by calendar.file: {}",
            e.en
        ),
        zh: format!("无法读取 calendar.file 指定的日历文件：{}", e.zh),
    })?;
    let cal = WorkCalendar::parse(&text).map_err(|e| Problem {
        line: e.line,
        file: path.to_path_buf(),
        en: e.problem.clone(),
        zh: e.problem,
    })?;
    Ok(cal.notices())
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The year month by month: each day with `*` when it is a day off by the notice and `+` when
/// it is a weekend day worked, then the named days of the month.
pub fn show_year(cal: &WorkCalendar, year: i32, lang: Lang) -> String {
    let mut out = String::new();
    let zh = lang == Lang::Zh;
    out.push_str(&if cal.covers_year(year) {
        if zh {
            format!("{year}年工作日历（* 放假，+ 调休上班）\n")
        } else {
            format!("Working days of {year} (* day off, + weekend day worked)\n")
        }
    } else if zh {
        format!("{year}年未载入放假调休安排：按周一至周五计算工作日。公布后请写入配置文件 [calendar.{year}]。\n")
    } else {
        format!("{year}: no holiday notice loaded; Monday to Friday are working days. Enter the notice in the config file's [calendar.{year}] when it is published.\n")
    });
    let notice = cal.notices().remove(&year).unwrap_or_default();
    for month in 1..=12u32 {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        out.push('\n');
        out.push_str(&if zh {
            format!("{year}年{month}月\n 一  二  三  四  五  六  日\n")
        } else {
            format!(
                "{} {year}\nMon Tue Wed Thu Fri Sat Sun\n",
                MONTHS_EN.get(month as usize - 1).copied().unwrap_or("")
            )
        });
        let mut line = "    ".repeat(first.weekday().num_days_from_monday() as usize);
        let mut day = first;
        while day.month() == month {
            let mark = if notice.off.contains_key(&day) {
                '*'
            } else if notice.work.contains_key(&day) {
                '+'
            } else {
                ' '
            };
            line.push_str(&format!("{:>3}{mark}", day.day()));
            if day.weekday() == Weekday::Sun {
                out.push_str(line.trim_end());
                out.push('\n');
                line.clear();
            }
            day = day + Days::new(1);
        }
        if !line.trim().is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for (days, off) in [(&notice.off, true), (&notice.work, false)] {
            // Consecutive days of one holiday on one line: 02-15..02-23 off 春节.
            let mut spans: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
            for (d, name) in days.range(first..day) {
                match spans.last_mut() {
                    Some((_, to, n)) if *n == name.as_str() && *to + Days::new(1) == *d => *to = *d,
                    _ => spans.push((*d, *d, name)),
                }
            }
            let what = match (zh, off) {
                (true, true) => "放假",
                (true, false) => "调休上班",
                (false, true) => "off",
                (false, false) => "worked",
            };
            for (from, to, name) in spans {
                let span = if from == to {
                    from.format("%m-%d").to_string()
                } else {
                    format!("{}..{}", from.format("%m-%d"), to.format("%m-%d"))
                };
                let line = format!("  {span} {what} {name}");
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    out
}

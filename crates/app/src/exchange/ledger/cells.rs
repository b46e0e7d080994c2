//! A ledger's cells as duban reads them: dates written every way offices write them, the
//! departments a cell names, one-line text, and the source kind a source's words tell.

use chrono::{Datelike, Days, NaiveDate};

use super::columns::half_width;
use crate::domain::item::SourceKind;

/// One cell's value, as the reader gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number (a date typed in a cell not formatted as one is its serial number).
    Number(f64),
    /// A cell formatted as a date.
    Date(NaiveDate),
    Bool(bool),
    /// A formula's error (#DIV/0!, #REF!…), as the spreadsheet shows it.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: a whole number without its `.0`, a date as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A deadline as the ledger gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    None,
    On(NaiveDate),
    /// No date, for the reason the cell gives (长期坚持, 持续推进).
    Standing(String),
}

/// The words a ledger writes for a task with no end date.
const STANDING: &[&str] = &[
    "长期",
    "长期坚持",
    "长期推进",
    "持续推进",
    "持续开展",
    "常态化",
    "常态化推进",
    "按年度推进",
];

/// The first Excel serial accepted as a date (2000-01-01) and the last (2099-12-31).
const FIRST_SERIAL: f64 = 36_526.0;
const LAST_SERIAL: f64 = 73_050.0;

/// An Excel serial day number (1900 system, from 1 March 1900) as a date.
pub fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(FIRST_SERIAL..=LAST_SERIAL).contains(&n) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(Days::new(n.floor() as u64))
}

/// A date cell, a serial number or a date written as text. `year` is the ledger's year, for a
/// date written without one (12月1日, 12月底).
pub fn date(cell: &Cell, year: i32) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => {
            // 20261201 typed as a number.
            if n.fract() == 0.0 && (20_000_101.0..=20_991_231.0).contains(n) {
                let v = *n as i64;
                return NaiveDate::from_ymd_opt(
                    (v / 10_000) as i32,
                    ((v / 100) % 100) as u32,
                    (v % 100) as u32,
                );
            }
            serial_date(*n)
        }
        Cell::Text(t) => text_date(t, year),
        _ => None,
    }
}

/// A deadline's cell: a date (as [`date`]), the words of a standing task, or nothing.
pub fn due(cell: &Cell, year: i32) -> Option<Due> {
    if cell.is_blank() {
        return Some(Due::None);
    }
    if let Cell::Text(t) = cell {
        let t = t.trim();
        if STANDING.contains(&t) {
            return Some(Due::Standing(t.to_string()));
        }
    }
    date(cell, year).map(Due::On)
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(chrono::Months::new(1))?.pred_opt()
}

/// Numbers and the separators between them, as a date's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Num(u32, usize),
    /// 年, 月, 日/号, 底/末, 上旬/中旬/下旬 (kept as 旬 with its day), or a separator . / -
    Sep(char),
}

fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut Vec<Token>| -> Option<()> {
        if !digits.is_empty() {
            out.push(Token::Num(digits.parse().ok()?, digits.len()));
            digits.clear();
        }
        Some(())
    };
    for c in text.chars().map(half_width) {
        if c.is_ascii_digit() {
            digits.push(c);
            if digits.len() > 8 {
                return None;
            }
            continue;
        }
        flush(&mut digits, &mut out)?;
        match c {
            '年' | '月' | '.' | '/' | '-' => out.push(Token::Sep(c)),
            '日' | '号' => out.push(Token::Sep('日')),
            '底' | '末' => out.push(Token::Sep('底')),
            '前' | ' ' | '\u{3000}' => {}
            _ => return None,
        }
    }
    flush(&mut digits, &mut out)?;
    Some(out)
}

/// A date written as text: 2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日, 20261201, a
/// moment's date (2026-12-01 00:00:00), and with the ledger's `year`: 12月1日, 12月底 (the last
/// day of that month), 2026年12月底, 2026年底 (31 December), 年底. A trailing 前 (before) is read
/// as the day itself.
pub fn text_date(text: &str, year: i32) -> Option<NaiveDate> {
    let t = text.trim();
    // A moment: its date.
    let t = match t.split_once([' ', 'T']) {
        Some((day, time)) if time.contains(':') => day,
        _ => t,
    };
    if t == "年底" || t == "年末" || t == "今年底" {
        return NaiveDate::from_ymd_opt(year, 12, 31);
    }
    use Token::{Num, Sep};
    let d = |y: u32, m: u32, day: u32| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day);
    match tokens(t)?.as_slice() {
        [Num(v, 8)] => d(v / 10_000, (v / 100) % 100, v % 100),
        [Num(y, 4), Sep(a), Num(m, _), Sep(b), Num(day, _)] if a == b && ".-/".contains(*a) => {
            d(*y, *m, *day)
        }
        [Num(y, 4), Sep('年'), Num(m, _), Sep('月'), Num(day, _)]
        | [
            Num(y, 4),
            Sep('年'),
            Num(m, _),
            Sep('月'),
            Num(day, _),
            Sep('日'),
        ] => d(*y, *m, *day),
        [Num(y, 4), Sep('年'), Num(m, _), Sep('月'), Sep('底')]
        | [Num(y, 4), Sep('年'), Num(m, _), Sep('月')]
        | [Num(y, 4), Sep('年'), Num(m, _), Sep('底')] => month_end(i32::try_from(*y).ok()?, *m),
        [Num(y, 4), Sep('年'), Sep('底')] => d(*y, 12, 31),
        [Num(m, _), Sep('月'), Num(day, _), Sep('日')] | [Num(m, _), Sep('月'), Num(day, _)] => {
            NaiveDate::from_ymd_opt(year, *m, *day)
        }
        [Num(m, _), Sep('月'), Sep('底')] | [Num(m, _), Sep('月')] => month_end(year, *m),
        _ => None,
    }
}

/// The last date a text names (已于2026年11月20日完成验收 → 2026-11-20; 11月20日：完成初稿 →
/// 11-20 of the ledger's year), if any: the dates an office writes inside a progress or status
/// cell.
pub fn date_in(text: &str, year: i32) -> Option<NaiveDate> {
    dates_in(text, year).pop()
}

/// The last date a text names that is not after `today`: what a progress or status cell says
/// was done by then ("计划12月底前完成" names a plan, not a day that has been).
pub fn date_done_in(text: &str, year: i32, today: NaiveDate) -> Option<NaiveDate> {
    dates_in(text, year).into_iter().rfind(|d| *d <= today)
}

/// Every date a text names, in the order written.
pub fn dates_in(text: &str, year: i32) -> Vec<NaiveDate> {
    let chars: Vec<char> = text.chars().map(half_width).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
            continue;
        }
        // The longest run from here that reads as a date.
        let mut best = None;
        let end = (i + 16).min(chars.len());
        for j in (i + 1..=end).rev() {
            let piece: String = chars
                .get(i..j)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            // A date ends with a digit, 日, 号, 底 or 末.
            if !piece.ends_with(|c: char| c.is_ascii_digit() || "日号底末".contains(c)) {
                continue;
            }
            let is_date = piece.contains(['年', '月', '-', '/', '.'])
                && !(piece.contains('.') && !piece.contains(['年', '月']) && piece.len() < 8);
            if is_date && let Some(day) = text_date(&piece, year) {
                best = Some((day, j));
                break;
            }
        }
        match best {
            Some((day, j)) => {
                found.push(day);
                i = j;
            }
            None => {
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
        }
    }
    found
}

/// The departments a cell names, each once, in order: separated by 、，,;；/ line breaks and
/// spaces (full-width or not).
pub fn departments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| {
        matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '／' | '|') || c.is_whitespace()
    }) {
        let name = part.trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// A cell's text for a one-line field: a line break typed inside the cell (Alt+Enter) and a
/// tab read as a space, spaces around trimmed. Other control characters are kept, for the
/// field's check to refuse by name.
pub fn one_line(text: &str) -> String {
    let joined: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    joined.trim().to_string()
}

/// A cell's text for a text field (a requirement, progress): a carriage return dropped (the
/// line breaks kept), spaces around trimmed.
pub fn multi_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// The source kind a ledger's source words tell: a meeting, a document's reference, a
/// leader's instruction, a proposal, a complaint, annual key work, a superior's assignment;
/// else other.
pub fn source_kind(text: &str) -> SourceKind {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["建议", "提案"]) {
        SourceKind::Proposal
    } else if has(&["12345", "来信", "来访", "信访", "投诉", "热线", "诉求"]) {
        SourceKind::Complaint
    } else if has(&["批示", "指示"]) {
        SourceKind::Instruction
    } else if has(&["上级交办", "省委", "省政府", "省办", "上级"]) {
        SourceKind::Superior
    } else if has(&["会议", "常务会", "办公会", "专题会", "纪要"]) {
        SourceKind::Meeting
    } else if has(&["重点工作", "政府工作报告", "年度"]) {
        SourceKind::AnnualKeyWork
    } else if has(&["〔", "[", "号", "文件", "通知"]) {
        SourceKind::Document
    } else {
        SourceKind::Other
    }
}

/// The year a ledger's own words name: the first 20xx followed by 年 in `texts` (a title row
/// "2026年重点工作督办台账", the sheet's name, the file's name).
pub fn year_named<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<i32> {
    for text in texts {
        let chars: Vec<char> = text.chars().map(half_width).collect();
        for w in chars.windows(5) {
            if let [a, b, c, d, '年'] = w
                && *a == '2'
                && *b == '0'
                && c.is_ascii_digit()
                && d.is_ascii_digit()
            {
                let y = 2000 + c.to_digit(10).unwrap_or(0) * 10 + d.to_digit(10).unwrap_or(0);
                return i32::try_from(y).ok();
            }
        }
    }
    None
}

/// Today's year, as a fallback for [`year_named`].
pub fn year_of(day: NaiveDate) -> i32 {
    day.year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_read_as_offices_write_them() {
        for (text, want) in [
            ("2026-12-01", d(2026, 12, 1)),
            ("2026/12/1", d(2026, 12, 1)),
            ("2026.12.1", d(2026, 12, 1)),
            ("2026年12月1日", d(2026, 12, 1)),
            ("2026年12月1号", d(2026, 12, 1)),
            ("２０２６年１２月１日", d(2026, 12, 1)),
            ("20261201", d(2026, 12, 1)),
            ("2026-12-01 00:00:00", d(2026, 12, 1)),
            ("12月1日", d(2025, 12, 1)),
            ("12月1日前", d(2025, 12, 1)),
            ("12月底", d(2025, 12, 31)),
            ("2月底", d(2025, 2, 28)),
            ("2026年2月底", d(2026, 2, 28)),
            ("2028年2月", d(2028, 2, 29)),
            ("2026年底", d(2026, 12, 31)),
            ("年底", d(2025, 12, 31)),
        ] {
            assert_eq!(text_date(text, 2025), Some(want), "{text}");
        }
        for text in [
            "2026-13-01",
            "2026-02-30",
            "12/1",
            "下月初",
            "2026.12-1",
            "尽快",
            "",
        ] {
            assert_eq!(text_date(text, 2025), None, "{text}");
        }
    }

    #[test]
    fn serial_numbers_and_date_cells_are_dates() {
        assert_eq!(date(&Cell::Number(46_357.0), 2026), Some(d(2026, 12, 1)));
        assert_eq!(
            date(&Cell::Number(20_261_201.0), 2026),
            Some(d(2026, 12, 1))
        );
        assert_eq!(date(&Cell::Date(d(2026, 3, 2)), 2026), Some(d(2026, 3, 2)));
        // A count, not a date.
        assert_eq!(date(&Cell::Number(12.0), 2026), None);
        assert_eq!(date(&Cell::Bool(true), 2026), None);
        assert_eq!(
            due(&Cell::Text("长期坚持".into()), 2026),
            Some(Due::Standing("长期坚持".into()))
        );
        assert_eq!(due(&Cell::Empty, 2026), Some(Due::None));
        assert_eq!(due(&Cell::Text("尽快".into()), 2026), None);
    }

    #[test]
    fn the_last_date_a_text_names_is_found() {
        assert_eq!(
            date_in("已于2026年11月20日完成验收", 2025),
            Some(d(2026, 11, 20))
        );
        assert_eq!(
            date_in("11月3日：完成初稿；11月20日：报审", 2026),
            Some(d(2026, 11, 20))
        );
        assert_eq!(
            date_in("截至2026.11.5，完成80%", 2026),
            Some(d(2026, 11, 5))
        );
        assert_eq!(date_in("完成投资3.5亿元，完成80%", 2026), None);
        assert_eq!(date_in("正在推进", 2026), None);
        // A plan names a day still to come: what was done is dated by the last day that has been.
        let today = d(2026, 11, 25);
        assert_eq!(
            date_done_in("11月20日完成初稿，计划12月底前完成", 2026, today),
            Some(d(2026, 11, 20))
        );
        assert_eq!(date_done_in("计划12月底前完成", 2026, today), None);
    }

    #[test]
    fn departments_are_split_on_every_separator_offices_use() {
        assert_eq!(
            departments(
                "市财政局、市自然资源局，市住建局,市水利局;市农业农村局；市交通局/市商务局 市文旅局\n市卫健委"
            ),
            [
                "市财政局",
                "市自然资源局",
                "市住建局",
                "市水利局",
                "市农业农村局",
                "市交通局",
                "市商务局",
                "市文旅局",
                "市卫健委"
            ]
        );
        assert_eq!(departments(" 、、 "), Vec::<String>::new());
        assert_eq!(departments("甲、乙、甲"), ["甲", "乙"]);
    }

    #[test]
    fn sources_tell_their_kind() {
        assert_eq!(source_kind("市政府第6次常务会议"), SourceKind::Meeting);
        assert_eq!(source_kind("办发〔2026〕12号"), SourceKind::Document);
        assert_eq!(source_kind("王市长批示"), SourceKind::Instruction);
        assert_eq!(source_kind("市人大代表建议第15号"), SourceKind::Proposal);
        assert_eq!(source_kind("12345热线"), SourceKind::Complaint);
        assert_eq!(source_kind("2026年政府工作报告"), SourceKind::AnnualKeyWork);
        assert_eq!(source_kind("其他"), SourceKind::Other);
    }

    #[test]
    fn the_ledgers_year_is_the_first_it_names() {
        assert_eq!(
            year_named(["", "2026年重点工作督办台账（截至11月30日）"]),
            Some(2026)
        );
        assert_eq!(year_named(["督办台账", "Sheet1"]), None);
        assert_eq!(year_named(["2026年"]), Some(2026));
    }

    proptest! {
        /// Every real date written in each of the forms reads back as itself.
        #[test]
        fn every_form_of_a_date_reads_back(days in 0u64..36_500, form in 0usize..6) {
            let day = d(2000, 1, 1).checked_add_days(Days::new(days)).unwrap();
            let (y, m, dd) = (day.year(), day.month(), day.day());
            let text = match form {
                0 => format!("{y}-{m:02}-{dd:02}"),
                1 => format!("{y}/{m}/{dd}"),
                2 => format!("{y}.{m}.{dd}"),
                3 => format!("{y}年{m}月{dd}日"),
                4 => format!("{m}月{dd}日"),
                _ => format!("{y}{m:02}{dd:02}"),
            };
            prop_assert_eq!(text_date(&text, y), Some(day));
            // And inside a sentence, where eight digits alone are a number, not a date.
            if form < 5 {
                prop_assert_eq!(date_in(&format!("已于{text}完成"), y), Some(day));
            }
        }

        /// A month's end is its last day, whatever the month and year.
        #[test]
        fn a_months_end_is_its_last_day(y in 2000i32..2100, m in 1u32..=12) {
            let end = text_date(&format!("{m}月底"), y).unwrap();
            prop_assert_eq!(end.month(), m);
            prop_assert_eq!(end.succ_opt().unwrap().day(), 1);
        }

        /// Splitting never gives an empty or repeated name, nor one holding a separator.
        #[test]
        fn departments_are_never_empty_or_repeated(text in "[甲乙丙、，,;；/ \n]{0,30}") {
            let names = departments(&text);
            for (i, n) in names.iter().enumerate() {
                prop_assert!(!n.is_empty());
                prop_assert!(!n.contains(['、', '，', ',', ';', '；', '/', ' ', '\n']));
                prop_assert!(!names[..i].contains(n));
            }
        }

        /// A serial number in the office's years is a date in them, one day per unit.
        #[test]
        fn serials_count_days(n in 36_526u32..73_050) {
            let a = serial_date(f64::from(n)).unwrap();
            let b = serial_date(f64::from(n + 1)).unwrap();
            prop_assert_eq!(a.succ_opt(), Some(b));
        }
    }
}

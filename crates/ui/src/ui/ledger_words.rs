//! `duban ledger import` in the clerk's words: a refused ledger, a refused row (its number,
//! column and why), the fields a column may hold, in both languages side by side. Text from the
//! ledger is shown inertly.

use super::strings::{Lang, UiWords};
use crate::app::Failure;
use crate::domain::lifecycle::Status;
use crate::exchange::ledger::status as status_words;
use crate::exchange::ledger::{Field, LedgerRefusal, MapRefusal, RowProblem, Why, sheet};
use crate::text::safe;

/// A field's name for the clerk.
pub fn field(f: Field, lang: Lang) -> &'static str {
    match (f, lang) {
        (Field::Title, Lang::Zh) => "督办事项",
        (Field::Requirement, Lang::Zh) => "工作要求",
        (Field::Lead, Lang::Zh) => "牵头单位",
        (Field::Co, Lang::Zh) => "配合单位",
        (Field::Owner, Lang::Zh) => "责任人",
        (Field::Deadline, Lang::Zh) => "办理时限",
        (Field::Source, Lang::Zh) => "来源",
        (Field::Ref, Lang::Zh) => "文号",
        (Field::Progress, Lang::Zh) => "办理进展",
        (Field::Status, Lang::Zh) => "完成情况",
        (Field::Note, Lang::Zh) => "备注",
        (Field::Registered, Lang::Zh) => "交办日期",
        (Field::Completed, Lang::Zh) => "办结时间",
        (Field::Ignore, Lang::Zh) => "不导入",
        (Field::Title, Lang::En) => "title",
        (Field::Requirement, Lang::En) => "requirement",
        (Field::Lead, Lang::En) => "lead department",
        (Field::Co, Lang::En) => "co-departments",
        (Field::Owner, Lang::En) => "owner",
        (Field::Deadline, Lang::En) => "deadline",
        (Field::Source, Lang::En) => "source",
        (Field::Ref, Lang::En) => "source reference",
        (Field::Progress, Lang::En) => "progress",
        (Field::Status, Lang::En) => "status",
        (Field::Note, Lang::En) => "note",
        (Field::Registered, Lang::En) => "registration date",
        (Field::Completed, Lang::En) => "completion date",
        (Field::Ignore, Lang::En) => "left out",
    }
}

/// Why a whole ledger is refused, in one sentence.
pub fn refusal(r: &LedgerRefusal, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match r {
        LedgerRefusal::NotASpreadsheet { file } => {
            if zh {
                format!(
                    "{} 不是电子表格台账：只读取 .xlsx、.xls、.ods 文件",
                    safe(file)
                )
            } else {
                format!(
                    "{} is not a spreadsheet ledger: .xlsx, .xls and .ods files are read",
                    safe(file)
                )
            }
        }
        LedgerRefusal::Unreadable { file, reason } => {
            if zh {
                format!(
                    "无法读取台账 {}：{}；请确认它是用 Excel、WPS 或 LibreOffice 保存的 .xlsx、.xls 或 .ods 文件",
                    safe(file),
                    safe(reason)
                )
            } else {
                format!(
                    "the ledger {} cannot be read: {}; it must be an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice",
                    safe(file),
                    safe(reason)
                )
            }
        }
        LedgerRefusal::NoSuchSheet { sheet, sheets } => {
            let names: Vec<String> = sheets.iter().map(|s| format!("“{}”", safe(s))).collect();
            if zh {
                format!(
                    "台账中没有工作表“{}”；--sheet 可选：{}",
                    safe(sheet),
                    names.join("、")
                )
            } else {
                format!(
                    "the ledger has no sheet '{}'; --sheet must be one of: {}",
                    safe(sheet),
                    names.join(", ")
                )
            }
        }
        LedgerRefusal::TooManyRows { sheet, row, max } => {
            if zh {
                format!(
                    "工作表“{}”用到第 {row} 行，超过台账行数上限 {max} 行；请删去多余的行，或分成几个工作表分别导入",
                    safe(sheet)
                )
            } else {
                format!(
                    "the sheet '{}' reaches row {row}, past the limit of {max} rows for a ledger; delete the rows beyond it, or split the ledger into sheets and import each",
                    safe(sheet)
                )
            }
        }
        LedgerRefusal::TooManyColumns { sheet, column, max } => {
            if zh {
                format!(
                    "工作表“{}”用到第 {column} 列，超过台账列数上限 {max} 列；请删去多余的列",
                    safe(sheet)
                )
            } else {
                format!(
                    "the sheet '{}' reaches column {column}, past the limit of {max} columns for a ledger; delete the columns beyond it",
                    safe(sheet)
                )
            }
        }
        LedgerRefusal::TooManyCells { sheet, max } => {
            if zh {
                format!(
                    "工作表“{}”的非空单元格超过上限 {max} 个；请分成几个工作表分别导入",
                    safe(sheet)
                )
            } else {
                format!(
                    "the sheet '{}' holds more than {max} cells, the limit for a ledger; split it into sheets and import each",
                    safe(sheet)
                )
            }
        }
        LedgerRefusal::NoHeader { sheet, rows } => {
            if zh {
                format!(
                    "工作表“{}”的前 {rows} 行中没有表头行（至少两列的列名可识别，如“督办事项”“牵头单位”）；请用 --map 列名=字段 指明各列，或用 --sheet 选择其他工作表",
                    safe(sheet)
                )
            } else {
                format!(
                    "the sheet '{}' has no header row in its first {rows} rows (a row naming at least two known columns, such as 督办事项 and 牵头单位); name the columns with --map HEADER=field, or choose another sheet with --sheet",
                    safe(sheet)
                )
            }
        }
        LedgerRefusal::MissingColumn {
            sheet,
            field: f,
            row,
        } => {
            let synonyms = f.synonyms().iter().take(4).copied().collect::<Vec<_>>();
            if zh {
                format!(
                    "工作表“{}”第 {row} 行的表头中没有{}列（可识别的列名：{}）；请用 --map 列名={} 指明",
                    safe(sheet),
                    field(*f, lang),
                    synonyms.join("、"),
                    f.code()
                )
            } else {
                format!(
                    "the header (row {row}) of the sheet '{}' has no {} column (headers known: {}); name it with --map HEADER={}",
                    safe(sheet),
                    field(*f, lang),
                    synonyms.join(", "),
                    f.code()
                )
            }
        }
        LedgerRefusal::TwoColumns {
            field: f,
            first,
            second,
        } => {
            if zh {
                format!(
                    "{}列“{}”与{}列“{}”都是{}；请用 --map 指明其中一列，如 --map {}=ignore",
                    first.1,
                    safe(&first.0),
                    second.1,
                    safe(&second.0),
                    field(*f, lang),
                    safe(&second.0)
                )
            } else {
                format!(
                    "both column {} '{}' and column {} '{}' hold the {}; say which with --map, e.g. --map {}=ignore",
                    first.1,
                    safe(&first.0),
                    second.1,
                    safe(&second.0),
                    field(*f, lang),
                    safe(&second.0)
                )
            }
        }
        LedgerRefusal::Map(MapRefusal::NotAPair { got }) => {
            if zh {
                format!(
                    "--map 须写作 列名=字段，如 --map 责任单位=lead（输入为“{}”）",
                    safe(got)
                )
            } else {
                format!(
                    "--map must be written HEADER=field, e.g. --map 责任单位=lead (got '{}')",
                    safe(got)
                )
            }
        }
        LedgerRefusal::Map(MapRefusal::UnknownField { header, got }) => {
            if zh {
                format!(
                    "--map {}= 的字段只能是：{}（输入为“{}”）",
                    safe(header),
                    Field::accepted(),
                    safe(got)
                )
            } else {
                format!(
                    "--map {}= must name one of: {} (got '{}')",
                    safe(header),
                    Field::accepted(),
                    safe(got)
                )
            }
        }
    }
}

/// A refused row: where (row, and column by letter and header) and why.
pub fn problem(p: &RowProblem, lang: Lang) -> String {
    let why = why(&p.why, lang);
    match (&p.column, lang) {
        (Some((header, letter)), Lang::Zh) => {
            format!("第 {} 行 {letter} 列（{}）：{why}", p.row, safe(header))
        }
        (Some((header, letter)), Lang::En) => {
            format!("row {}, column {letter} ({}): {why}", p.row, safe(header))
        }
        (None, Lang::Zh) => format!("第 {} 行：{why}", p.row),
        (None, Lang::En) => format!("row {}: {why}", p.row),
    }
}

/// Why a row is refused.
pub fn why(w: &Why, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match w {
        Why::Input(e) => lang.failure(&Failure::Input(e.clone())),
        Why::NotADate { got } => {
            if zh {
                format!(
                    "“{}”不是日期；可写作日期单元格、2026-12-01、2026/12/1、2026.12.1、2026年12月1日、12月1日、12月底，或“长期坚持”等无固定时限的字样",
                    safe(got)
                )
            } else {
                format!(
                    "'{}' is not a date; accepted: a date cell, 2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日, 12月1日, 12月底, or words of a standing task such as 长期坚持",
                    safe(got)
                )
            }
        }
        Why::FormulaError { got } => {
            if zh {
                format!(
                    "公式结果为错误值 {}；请在表格中改正公式或填写数值",
                    safe(got)
                )
            } else {
                format!(
                    "the formula's value is the error {}; correct the formula or type the value",
                    safe(got)
                )
            }
        }
        Why::UnknownStatus { got } => {
            if zh {
                format!(
                    "“{}”不是可识别的状态；可写：{}，或留空（有进展为办理中，否则为已交办）",
                    safe(got),
                    status_words::accepted()
                )
            } else {
                format!(
                    "'{}' is not a status duban knows; accepted: {}, or empty (in progress when there is progress, else assigned)",
                    safe(got),
                    status_words::accepted()
                )
            }
        }
        Why::Suspended { got } => {
            if zh {
                format!(
                    "“{}”：中止须有理由及批准人，台账未载明；请删去此行，导入后用 duban suspend 登记",
                    safe(got)
                )
            } else {
                format!(
                    "'{}': a suspension needs its reason and the approving leader, which the ledger does not give; leave the row out and suspend the item with duban suspend after the import",
                    safe(got)
                )
            }
        }
        Why::NoFinishDate { status } => {
            if zh {
                format!(
                    "状态为“{}”，但台账未载明日期；请增加“办结时间”列（或 --map 列名=completed），或在完成情况中写明日期，如“已于2026年11月20日办结”",
                    lang.status(*status)
                )
            } else {
                format!(
                    "the status is {}, but the ledger gives no date for it; add a completion-date column (办结时间, or --map HEADER=completed), or write the date in the status, e.g. 已于2026年11月20日办结",
                    lang.status(*status)
                )
            }
        }
        Why::AfterToday { got, today } => {
            if zh {
                format!("{got} 晚于今天（{today}）；台账只能登记已发生的事")
            } else {
                format!("{got} is after today ({today}); a ledger records what has happened")
            }
        }
        Why::BeforeRegistration { got, registered } => {
            if zh {
                format!("{got} 早于交办日期 {registered}")
            } else {
                format!("{got} is before the registration date {registered}")
            }
        }
        Why::Repeat { of_row } => {
            if zh {
                format!("与第 {of_row} 行的督办事项、牵头单位、来源/文号相同，同一事项只登记一次")
            } else {
                format!(
                    "the same title, lead department and source as row {of_row}: an item is registered once"
                )
            }
        }
    }
}

/// The limits, as README and `--help` state them.
pub fn limits(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "每个工作表最多 {} 行、{} 列、{} 个非空单元格",
            sheet::MAX_ROWS,
            sheet::MAX_COLUMNS,
            sheet::MAX_CELLS
        ),
        Lang::En => format!(
            "at most {} rows, {} columns and {} cells holding something per sheet",
            sheet::MAX_ROWS,
            sheet::MAX_COLUMNS,
            sheet::MAX_CELLS
        ),
    }
}

/// A status as the dry run counts it.
pub fn status(s: Status, lang: Lang) -> String {
    lang.status(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_row_names_its_row_column_and_why_in_both_languages() {
        let p = RowProblem {
            row: 7,
            column: Some(("办理时限".into(), "G".into())),
            why: Why::NotADate {
                got: "尽快\u{1b}[2J".into(),
            },
        };
        let zh = problem(&p, Lang::Zh);
        assert!(
            zh.starts_with("第 7 行 G 列（办理时限）：“尽快�[2J”不是日期"),
            "{zh}"
        );
        let en = problem(&p, Lang::En);
        assert!(
            en.starts_with("row 7, column G (办理时限): '尽快�[2J' is not a date"),
            "{en}"
        );
        assert!(!en.contains('\u{1b}') && !zh.contains('\u{1b}'));
    }

    #[test]
    fn every_field_has_a_name_in_each_language() {
        for f in Field::ALL {
            assert!(!field(f, Lang::Zh).is_ascii());
            assert!(field(f, Lang::En).is_ascii());
        }
    }
}

//! A ledger's columns: what each header means (a table of synonyms in Chinese and English,
//! overridden by `--map 列名=field`), and which row holds the headers.

use std::collections::HashMap;

/// What a column of a ledger holds, as duban takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 督办事项: the item's title.
    Title,
    /// 工作要求: the detailed requirement.
    Requirement,
    /// 牵头单位: the lead department (the first named, when a cell names several).
    Lead,
    /// 配合单位: the co-departments.
    Co,
    /// 责任人: the owner in the lead department.
    Owner,
    /// 办理时限: the deadline.
    Deadline,
    /// 来源: where the item came from (a meeting, a document); also tells the source kind.
    Source,
    /// 文号: the document's reference.
    Ref,
    /// 办理进展: the latest progress, recorded as feedback.
    Progress,
    /// 完成情况: the status.
    Status,
    /// 备注: a remark, kept with the requirement.
    Note,
    /// 交办日期: the day the item was registered and assigned.
    Registered,
    /// 办结时间: the day the item was completed (or closed, or cancelled).
    Completed,
    /// 序号 and anything else read and left out.
    Ignore,
}

impl Field {
    /// Every field, in the order the command's help and refusals list them.
    pub const ALL: [Field; 14] = [
        Field::Title,
        Field::Requirement,
        Field::Lead,
        Field::Co,
        Field::Owner,
        Field::Deadline,
        Field::Source,
        Field::Ref,
        Field::Progress,
        Field::Status,
        Field::Note,
        Field::Registered,
        Field::Completed,
        Field::Ignore,
    ];

    /// The field's name as `--map` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Requirement => "requirement",
            Field::Lead => "lead",
            Field::Co => "co",
            Field::Owner => "owner",
            Field::Deadline => "deadline",
            Field::Source => "source",
            Field::Ref => "ref",
            Field::Progress => "progress",
            Field::Status => "status",
            Field::Note => "note",
            Field::Registered => "registered",
            Field::Completed => "completed",
            Field::Ignore => "ignore",
        }
    }

    /// The field named `code` (as `--map` takes it), if there is one.
    pub fn from_code(code: &str) -> Option<Field> {
        let code = code.trim().to_lowercase();
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The accepted names, for a refusal.
    pub fn accepted() -> String {
        Field::ALL.map(Field::code).join(", ")
    }

    /// The headers a ledger may give this field (compared as [`header_key`] makes them).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Title => &[
                "督办事项",
                "事项名称",
                "工作任务",
                "督查事项",
                "督办事项名称",
                "任务名称",
                "工作事项",
                "重点工作",
                "重点任务",
                "事项",
                "任务",
                "title",
                "item",
                "task",
            ],
            Field::Requirement => &[
                "工作要求",
                "办理要求",
                "具体要求",
                "督办要求",
                "目标要求",
                "工作目标",
                "具体内容",
                "工作内容",
                "任务内容",
                "主要内容",
                "requirement",
                "requirements",
            ],
            Field::Lead => &[
                "牵头单位",
                "责任单位",
                "主办单位",
                "承办单位",
                "牵头部门",
                "责任部门",
                "主办部门",
                "lead",
                "leaddepartment",
            ],
            Field::Co => &[
                "配合单位",
                "协办单位",
                "协同单位",
                "配合部门",
                "协办部门",
                "co",
                "codepartments",
                "co-departments",
            ],
            Field::Owner => &["责任人", "具体责任人", "经办人", "联系人", "owner"],
            Field::Deadline => &[
                "办理时限",
                "完成时限",
                "截止日期",
                "截止时间",
                "办结时限",
                "时限",
                "时限要求",
                "完成期限",
                "deadline",
                "due",
                "duedate",
            ],
            Field::Source => &[
                "来源",
                "事项来源",
                "督办来源",
                "交办来源",
                "任务来源",
                "source",
            ],
            Field::Ref => &[
                "文号",
                "来源/文号",
                "来源文号",
                "来源及文号",
                "文件文号",
                "交办文号",
                "ref",
                "reference",
                "sourceref",
            ],
            Field::Progress => &[
                "办理进展",
                "进展情况",
                "工作进展",
                "推进情况",
                "落实情况",
                "办理情况",
                "进展",
                "progress",
            ],
            Field::Status => &[
                "完成情况",
                "状态",
                "办理状态",
                "办结情况",
                "完成状态",
                "status",
            ],
            Field::Note => &["备注", "说明", "note", "notes", "remarks"],
            Field::Registered => &[
                "交办日期",
                "交办时间",
                "立项日期",
                "立项时间",
                "下达时间",
                "下达日期",
                "registered",
                "registeredon",
                "assignedon",
            ],
            Field::Completed => &[
                "办结时间",
                "办结日期",
                "完成时间",
                "完成日期",
                "实际完成时间",
                "completedon",
                "completed",
            ],
            Field::Ignore => &["序号", "编号", "no", "no.", "#"],
        }
    }
}

/// A header as compared: without spaces, line breaks, asterisks (a required column's mark) or a
/// closing note in brackets (办理时限（截止日期）), full-width letters as ASCII, lower case.
pub fn header_key(header: &str) -> String {
    let mut key: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .map(half_width)
        .flat_map(char::to_lowercase)
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if key.ends_with(close)
            && let Some(at) = key.rfind(open)
            && at > 0
        {
            key.truncate(at);
        }
    }
    key
}

/// A full-width ASCII character (ａ, ０, ／) as its ASCII one; any other as itself.
pub fn half_width(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// The field a header names by the table of synonyms, if any.
pub fn field_of(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    Field::ALL
        .into_iter()
        .find(|f| f.synonyms().iter().any(|s| header_key(s) == key))
}

/// The clerk's `--map 列名=field` overrides, by header key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides(HashMap<String, Field>);

/// Why a `--map` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapRefusal {
    /// Not written `列名=field`.
    NotAPair { got: String },
    /// The field named is none of [`Field::ALL`].
    UnknownField { header: String, got: String },
}

impl Overrides {
    /// Reads every `--map` given.
    pub fn parse(maps: &[String]) -> Result<Self, MapRefusal> {
        let mut out = HashMap::new();
        for m in maps {
            let Some((header, field)) = m.rsplit_once('=') else {
                return Err(MapRefusal::NotAPair { got: m.clone() });
            };
            let key = header_key(header);
            if key.is_empty() {
                return Err(MapRefusal::NotAPair { got: m.clone() });
            }
            let field = Field::from_code(field).ok_or_else(|| MapRefusal::UnknownField {
                header: header.trim().to_string(),
                got: field.trim().to_string(),
            })?;
            out.insert(key, field);
        }
        Ok(Self(out))
    }

    /// The field of a header: the clerk's `--map` first, else the table of synonyms.
    pub fn field_of(&self, header: &str) -> Option<Field> {
        self.0
            .get(&header_key(header))
            .copied()
            .or_else(|| field_of(header))
    }

    /// Whether the clerk named this header.
    pub fn names(&self, header: &str) -> bool {
        self.0.contains_key(&header_key(header))
    }
}

/// A spreadsheet's column letter (0 → A, 25 → Z, 26 → AA).
pub fn letter(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_chinese_and_english_name_their_fields() {
        for (header, field) in [
            ("督办事项", Field::Title),
            (" 事项\n名称 ", Field::Title),
            ("工作任务", Field::Title),
            ("Title", Field::Title),
            ("牵头单位", Field::Lead),
            ("责任单位", Field::Lead),
            ("主办单位", Field::Lead),
            ("配合单位", Field::Co),
            ("协办单位", Field::Co),
            ("办理时限（截止日期）", Field::Deadline),
            ("*完成时限", Field::Deadline),
            ("截止日期", Field::Deadline),
            ("文号", Field::Ref),
            ("来源/文号", Field::Ref),
            ("来源", Field::Source),
            ("责任人", Field::Owner),
            ("办理进展", Field::Progress),
            ("完成情况", Field::Status),
            ("状态", Field::Status),
            ("备注", Field::Note),
            ("序号", Field::Ignore),
            ("ＤＥＡＤＬＩＮＥ", Field::Deadline),
        ] {
            assert_eq!(field_of(header), Some(field), "{header}");
        }
        assert_eq!(field_of("领导签批"), None);
        assert_eq!(field_of(""), None);
    }

    #[test]
    fn a_map_overrides_the_table_and_an_unknown_field_is_refused() {
        let o = Overrides::parse(&["领导签批=note".into(), "责任单位 = co".into()]).unwrap();
        assert_eq!(o.field_of("领导签批"), Some(Field::Note));
        assert_eq!(o.field_of("责任单位"), Some(Field::Co));
        assert_eq!(o.field_of("牵头单位"), Some(Field::Lead));
        assert_eq!(
            Overrides::parse(&["备注=remark".into()]),
            Err(MapRefusal::UnknownField {
                header: "备注".into(),
                got: "remark".into()
            })
        );
        assert!(matches!(
            Overrides::parse(&["备注".into()]),
            Err(MapRefusal::NotAPair { .. })
        ));
    }

    #[test]
    fn column_letters_run_as_a_spreadsheet_names_them() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
        assert_eq!(letter(16383), "XFD");
    }
}

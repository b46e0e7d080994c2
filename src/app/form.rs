//! Forms: the fields a clerk fills in, checked by the same code as the command line.

use super::line_input::LineInput;
use super::triage::Decision;
use crate::domain::Move;
use crate::domain::item::{ItemNumber, SourceKind};
use crate::domain::ladder::Level;

/// Which field. Its `code` is the field name the core's input errors use, so an error is shown
/// beside the field it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    Title,
    Lead,
    Owner,
    Co,
    Source,
    Ref,
    Instruction,
    Leader,
    Requirement,
    Due,
    Cadence,
    Flags,
    Urgent,
    Text,
    Percent,
    Reporter,
    Level,
    Target,
    Reason,
    Require,
    Points,
    NewDeadline,
    Grant,
    Until,
}

impl FieldId {
    pub fn code(self) -> &'static str {
        match self {
            FieldId::Title => "title",
            FieldId::Lead => "lead",
            FieldId::Owner => "owner",
            FieldId::Co => "co",
            FieldId::Source => "source",
            FieldId::Ref => "ref",
            FieldId::Instruction => "instruction",
            FieldId::Leader => "leader",
            FieldId::Requirement => "requirement",
            FieldId::Due => "due",
            FieldId::Cadence => "cadence",
            FieldId::Flags => "flags",
            FieldId::Urgent => "urgent",
            FieldId::Text => "text",
            FieldId::Percent => "percent",
            FieldId::Reporter => "by",
            FieldId::Level => "level",
            FieldId::Target => "target",
            FieldId::Reason => "reason",
            FieldId::Require => "require",
            FieldId::Points => "points",
            FieldId::NewDeadline => "--to",
            FieldId::Grant => "grant",
            FieldId::Until => "until",
        }
    }

    /// Whether the field takes several lines: the fields checked with `validate::text`
    /// (instruction, requirement, feedback text, reason, correction required). The others are
    /// checked with `validate::line` or are codes, dates and numbers: one line.
    pub fn multi_line(self) -> bool {
        matches!(
            self,
            FieldId::Instruction
                | FieldId::Requirement
                | FieldId::Text
                | FieldId::Reason
                | FieldId::Require
        )
    }
}

/// Pasted text as a field takes it, or the number of lines when a one-line field refuses it.
/// Line ends (`\r\n`, `\r`, `\n`) become `\n`. A multi-line field keeps newlines and tabs; a
/// one-line field ignores line ends at the very end (a line copied with its end is one line),
/// refuses any other, and takes a tab as a space (cells copied from a spreadsheet). Other
/// control characters are dropped, as typing drops them, so what is inserted never holds
/// something the field's check refuses.
pub fn pasted(text: &str, multi_line: bool) -> Result<String, usize> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let body = if multi_line {
        unified.as_str()
    } else {
        unified.trim_end_matches('\n')
    };
    if !multi_line && body.contains('\n') {
        return Err(body.split('\n').count());
    }
    Ok(body
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' if multi_line => Some(c),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: FieldId,
    pub input: LineInput,
    /// A closed set of values: Left/Right cycle through them.
    pub choices: Option<Vec<&'static str>>,
}

impl Field {
    fn text(id: FieldId, value: &str) -> Self {
        Self {
            id,
            input: LineInput::new(value),
            choices: None,
        }
    }

    fn choice(id: FieldId, value: &str, choices: Vec<&'static str>) -> Self {
        Self {
            id,
            input: LineInput::new(value),
            choices: Some(choices),
        }
    }

    /// Moves to the next or previous choice.
    pub fn cycle(&mut self, step: isize) {
        let Some(choices) = &self.choices else {
            return;
        };
        if choices.is_empty() {
            return;
        }
        let at = choices.iter().position(|c| *c == self.input.text());
        let n = choices.len() as isize;
        let next = match at {
            Some(i) => (i as isize + step).rem_euclid(n),
            None => 0,
        };
        self.input.set(choices[next as usize]);
    }
}

/// What a form records when it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    AddItem,
    EditItem {
        number: ItemNumber,
        version: i64,
    },
    /// A decision on one item or on every marked item, in one transaction.
    Decision {
        decision: Decision,
        targets: Vec<(ItemNumber, i64)>,
    },
    /// A lifecycle move that needs a reason.
    Move {
        number: ItemNumber,
        mv: Move,
        version: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The refusal of the last save, and the field it names.
    pub error: Option<(Option<FieldId>, super::Failure)>,
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| code(*x)).collect()
}

impl Form {
    fn new(kind: FormKind, fields: Vec<Field>) -> Self {
        Self {
            kind,
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn add_item() -> Self {
        use FieldId::*;
        Self::new(
            FormKind::AddItem,
            vec![
                Field::text(Title, ""),
                Field::text(Lead, ""),
                Field::text(Owner, ""),
                Field::text(Co, ""),
                Field::choice(Source, "other", codes(SourceKind::ALL, SourceKind::code)),
                Field::text(Ref, ""),
                Field::text(Instruction, ""),
                Field::text(Leader, ""),
                Field::text(Requirement, ""),
                Field::text(Due, ""),
                Field::choice(
                    Cadence,
                    "once",
                    codes(crate::domain::Cadence::ALL, crate::domain::Cadence::code),
                ),
                Field::text(Flags, ""),
                Field::choice(Urgent, "no", vec!["no", "yes"]),
            ],
        )
    }

    pub fn edit_item(row: &crate::store::ItemRow, requirement: &str) -> Self {
        use FieldId::*;
        let flags: Vec<_> = row.flags.list().iter().map(|f| f.code()).collect();
        Self::new(
            FormKind::EditItem {
                number: row.number,
                version: row.version,
            },
            vec![
                Field::text(Title, &row.title),
                Field::text(Owner, &row.owner),
                Field::text(Ref, &row.source_ref),
                Field::text(Requirement, requirement),
                Field::choice(
                    Cadence,
                    row.cadence.code(),
                    codes(crate::domain::Cadence::ALL, crate::domain::Cadence::code),
                ),
                Field::text(Flags, &flags.join(",")),
                Field::choice(
                    Urgent,
                    if row.urgent { "yes" } else { "no" },
                    vec!["no", "yes"],
                ),
            ],
        )
    }

    pub fn feedback(targets: Vec<(ItemNumber, i64)>, reporter: &str) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Feedback,
                targets,
            },
            vec![
                Field::text(Text, ""),
                Field::text(Percent, ""),
                Field::text(Reporter, reporter),
            ],
        )
    }

    /// An accountability note; an urging (`urge`) comes with its reason and correction
    /// prefilled so that Enter alone records it.
    pub fn note(
        targets: Vec<(ItemNumber, i64)>,
        urge: bool,
        level: Level,
        target: &str,
        reason: &str,
        requirement: &str,
    ) -> Self {
        use FieldId::*;
        let levels = codes(crate::domain::Level::ALL, crate::domain::Level::code);
        Self::new(
            FormKind::Decision {
                decision: if urge { Decision::Urge } else { Decision::Note },
                targets,
            },
            vec![
                Field::choice(FieldId::Level, level.code(), levels),
                Field::text(Target, target),
                Field::text(Reason, reason),
                Field::text(Require, requirement),
                Field::text(Points, ""),
            ],
        )
    }

    pub fn extension(targets: Vec<(ItemNumber, i64)>) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Extension,
                targets,
            },
            vec![
                Field::text(NewDeadline, "+5wd"),
                Field::text(Reason, ""),
                Field::choice(Grant, "no", vec!["no", "yes"]),
            ],
        )
    }

    pub fn snooze(targets: Vec<(ItemNumber, i64)>) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Snooze,
                targets,
            },
            vec![Field::text(Until, "+3wd"), Field::text(Reason, "")],
        )
    }

    pub fn move_reason(number: ItemNumber, mv: Move, version: i64) -> Self {
        Self::new(
            FormKind::Move {
                number,
                mv,
                version,
            },
            vec![Field::text(FieldId::Reason, "")],
        )
    }

    /// The typed value of a field ("" when the form has no such field).
    pub fn value(&self, id: FieldId) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map_or("", |f| f.input.text())
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Puts pasted text whole into the focused field, at the cursor. A paste of several lines
    /// into a one-line field inserts nothing and is refused beside the field.
    pub fn paste(&mut self, text: &str) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match pasted(text, field.id.multi_line()) {
            Ok(clean) => field.input.insert_str(&clean),
            Err(lines) => {
                let id = field.id;
                self.refuse(super::Failure::MultiLinePaste { field: id, lines });
            }
        }
    }

    /// Marks the refusal and moves the cursor to the field it names.
    pub fn refuse(&mut self, failure: super::Failure) {
        let field = failure.field().and_then(|code| {
            self.fields
                .iter()
                .position(|f| f.id.code() == code)
                .map(|i| (i, self.fields[i].id))
        });
        if let Some((i, _)) = field {
            self.focus = i;
        }
        self.error = Some((field.map(|(_, id)| id), failure));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_cycle_both_ways() {
        let one = vec![(ItemNumber { year: 2026, seq: 1 }, 1)];
        let mut f = Form::note(one, false, Level::Urging, "", "", "");
        let level = f.focused().unwrap();
        level.cycle(1);
        assert_eq!(level.input.text(), "explanation");
        level.cycle(-2);
        assert_eq!(level.input.text(), "reminder");
        level.cycle(-1);
        assert_eq!(level.input.text(), "referral");
    }

    #[test]
    fn pastes_keep_lines_only_where_the_field_takes_them() {
        let cases: [(&str, bool, Result<&str, usize>); 10] = [
            ("一\r\n二\r三", true, Ok("一\n二\n三")),
            ("一\n二\n三", false, Err(3)),
            ("一\r二", false, Err(2)),
            ("one line\r\n", false, Ok("one line")),
            ("one line\n\n", true, Ok("one line\n\n")),
            ("a\tb", false, Ok("a b")),
            ("a\tb", true, Ok("a\tb")),
            ("a\u{1b}[31mb\u{7}", false, Ok("a[31mb")),
            ("a\u{1b}]0;x\u{7}\nb", true, Ok("a]0;x\nb")),
            ("", false, Ok("")),
        ];
        for (text, multi, want) in cases {
            assert_eq!(pasted(text, multi), want.map(String::from), "{text:?}");
        }
    }

    #[test]
    fn the_multi_line_fields_are_those_checked_as_text() {
        for id in [
            FieldId::Instruction,
            FieldId::Requirement,
            FieldId::Text,
            FieldId::Reason,
            FieldId::Require,
        ] {
            assert!(id.multi_line(), "{id:?}");
        }
        for id in [
            FieldId::Title,
            FieldId::Lead,
            FieldId::Owner,
            FieldId::Target,
            FieldId::Reporter,
            FieldId::Points,
            FieldId::Due,
        ] {
            assert!(!id.multi_line(), "{id:?}");
        }
    }

    #[test]
    fn fields_wrap_around() {
        let mut f = Form::feedback(vec![(ItemNumber { year: 2026, seq: 1 }, 1)], "");
        f.prev_field();
        assert_eq!(f.fields[f.focus].id, FieldId::Reporter);
        f.next_field();
        assert_eq!(f.fields[f.focus].id, FieldId::Text);
    }
}

//! Forms: the fields a clerk fills in, checked by the same code as the command line.

use chrono::NaiveDate;

use super::line_input::LineInput;
use super::triage::Decision;
use crate::domain::item::{ItemNumber, SourceKind};
use crate::domain::ladder::{Level, Suggestion};
use crate::domain::validate::{InputError, Problem};
use crate::domain::{Move, Status};

/// The level choice that gives each marked item its own suggested level.
pub const EACH_OWN_LEVEL: &str = "each";

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
    /// 未明确时限原因: the reason an item is registered without a deadline.
    NoDeadlineReason,
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
    /// Review of a completion report: approve or return.
    Verdict,
    /// Export of the report shown: the document's format, language and file.
    Format,
    DocLang,
    Path,
    /// A new milestone's due date and text (the input errors name them `milestone due` and
    /// `milestone`, so that a refusal names the field the clerk sees).
    MilestoneDue,
    MilestoneTitle,
    /// Who signed for an assignment in the lead department (签收人).
    SignedBy,
    /// The leader who approved a suspension or an extension (批准人).
    ApprovedBy,
    /// A leader's instruction: its sense (affirms, criticises, requires), its words, and the
    /// deadline a new requirement sets.
    Sense,
    InstructionText,
    RequiredBy,
    /// An attachment's kind (批示, 办结报告, 佐证材料, 其他) and its note.
    AttachKind,
    AttachNote,
    /// Which of an item's attachments is saved (its number in the list, name or SHA-256).
    Which,
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
            FieldId::NoDeadlineReason => "no-deadline-reason",
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
            FieldId::Verdict => "verdict",
            FieldId::Format => "format",
            FieldId::DocLang => "lang",
            FieldId::Path => "path",
            FieldId::MilestoneDue => "milestone due",
            FieldId::MilestoneTitle => "milestone",
            FieldId::SignedBy => "--by",
            FieldId::ApprovedBy => "--approved-by",
            FieldId::Sense => "sense",
            FieldId::InstructionText => "text",
            FieldId::RequiredBy => "deadline",
            FieldId::AttachKind => "kind",
            FieldId::AttachNote => "note",
            FieldId::Which => "which",
        }
    }

    /// Whether the field takes several lines: the fields checked with `validate::text`
    /// (instruction, requirement, feedback text, reason, correction required). The others are
    /// checked with `validate::line` or are codes, dates and numbers: one line.
    pub fn multi_line(self) -> bool {
        matches!(
            self,
            FieldId::Instruction
                | FieldId::InstructionText
                | FieldId::Requirement
                | FieldId::Text
                | FieldId::Reason
                | FieldId::Require
        )
    }
}

/// Why a paste inserted nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteRefused {
    /// Several lines into a one-line field: how many.
    Lines(usize),
    /// A character no field takes (an escape sequence's control character, an invisible
    /// character), refused as the command line refuses it.
    Character(Problem),
}

/// Pasted text as a field takes it, or why it takes none of it. Line ends (`\r\n`, `\r`, `\n`)
/// become `\n`. A multi-line field keeps newlines and tabs; a one-line field ignores line ends
/// at the very end (a line copied with its end is one line), refuses any other, and takes a tab
/// as a space (cells copied from a spreadsheet). Any other control character (`\e[31m`) or an
/// invisible character (a bidi override, a zero-width space) refuses the whole paste, with
/// the command line's sentence: dropping it would save text other than what was pasted.
pub fn pasted(text: &str, multi_line: bool) -> Result<String, PasteRefused> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let body = if multi_line {
        unified.as_str()
    } else {
        unified.trim_end_matches('\n')
    };
    if !multi_line && body.contains('\n') {
        return Err(PasteRefused::Lines(body.split('\n').count()));
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(PasteRefused::Character(Problem::ControlCharacter));
    }
    if let Some(c) = body.chars().find(|c| crate::text::invisible(*c)) {
        return Err(PasteRefused::Character(Problem::InvisibleCharacter {
            code: u32::from(c),
        }));
    }
    Ok(body
        .chars()
        .map(|c| if c == '\t' && !multi_line { ' ' } else { c })
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
    /// A correction of an item's descriptive fields; `was` holds each field's value when the
    /// form opened, so that the form shows what Enter changes (old → new) before Enter.
    EditItem {
        number: ItemNumber,
        version: i64,
        was: Vec<(FieldId, String)>,
    },
    /// A decision on one item or on every marked item, in one transaction. `suggestions` holds
    /// each target's own suggested note (for urging and notes; empty otherwise).
    Decision {
        decision: Decision,
        targets: Vec<(ItemNumber, i64)>,
        suggestions: Vec<Suggestion>,
    },
    /// A lifecycle move, shown from → to before Enter commits it (with a reason where the move
    /// needs one).
    Move {
        number: ItemNumber,
        mv: Move,
        version: i64,
        from: Status,
        to: Status,
        /// What the move does to the deadline (a resumption adds the working days spent
        /// suspended), so that the confirmation says so before Enter.
        shift: Option<crate::domain::timing::DeadlineShift>,
    },
    /// The completion report of each target (a feedback of kind completion report) and the move
    /// to awaiting review.
    Report {
        targets: Vec<(ItemNumber, i64)>,
    },
    /// The review of each target's completion report: approve, or return with a reason.
    Review {
        targets: Vec<(ItemNumber, i64)>,
    },
    /// A commendation (通报表扬) of one item: off the ladder, for the score.
    Commend {
        number: ItemNumber,
        version: i64,
    },
    /// A file kept with one item: its path on this workstation, its kind and a note.
    Attach {
        number: ItemNumber,
        version: i64,
    },
    /// One of an item's attachments written out to a file.
    SaveAttachment {
        number: ItemNumber,
    },
    /// A leader's instruction during handling (领导批示) on one item; `from` is where the item
    /// stood when the form opened, so that the form shows what Enter does (a new deadline, a
    /// reopening, or the refusal) before Enter.
    Instruct {
        number: ItemNumber,
        version: i64,
        from: crate::domain::lifecycle::MoveFrom,
    },
    /// The decision on an item's pending extension request.
    DecideExtension {
        number: ItemNumber,
        version: i64,
        approve: bool,
        old: NaiveDate,
        new: NaiveDate,
        reason: String,
    },
    /// The report shown on the report screen (the bulletin of its period, in its grouping),
    /// written to a file.
    Export(ExportedReport),
    /// A new milestone (分解节点) of one item, from the milestone panel.
    AddMilestone {
        number: ItemNumber,
        version: i64,
        selected: usize,
    },
    /// The selected milestone (number `no`, from 1) done today, confirmed before it is recorded.
    MilestoneDone {
        number: ItemNumber,
        version: i64,
        no: i64,
        title: String,
        on: NaiveDate,
    },
}

/// The report an export form writes: the bulletin of the period shown, in its grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportedReport {
    pub kind: crate::report::PeriodKind,
    pub period: crate::report::Period,
    pub group_by: crate::report::GroupBy,
}

/// The file an export form names, as `App::update` found it on disk: the path as typed, in
/// full, and what is there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The path field's text this was found for (trimmed).
    pub typed: String,
    pub full: std::path::PathBuf,
    pub found: Found,
}

/// What the path typed in the attach form finds on disk, as `App::update` last looked: the
/// file's size when it is one, and the names the text could go on to (its completion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathHint {
    /// The path field's text this was found for (untrimmed).
    pub typed: String,
    /// The size of the file the text names, when it names one.
    pub size: Option<u64>,
    /// Whether the text names a folder.
    pub folder: bool,
    /// What Tab would make of the text: the longest path all the names it could go on to
    /// share (none when it adds nothing).
    pub completion: Option<String>,
    /// The first names the text could go on to (a folder's with a trailing `/`), and how many
    /// there are in all.
    pub matches: Vec<String>,
    pub more: usize,
}

/// What is at an export's path before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Nothing,
    /// A file, which the export will replace.
    File,
    /// A folder: the export is refused.
    Folder,
}

/// What saving a form will do, shown in the form before Enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// A note on one item: its level and target as they will be recorded.
    Note {
        number: ItemNumber,
        level: Level,
        target: String,
        /// The reason as it will be recorded (each item's own, or the one typed for all).
        reason: String,
    },
    Move {
        number: ItemNumber,
        from: Status,
        to: Status,
    },
    /// Progress feedback on one item, as typed (the percent may be empty).
    Feedback {
        number: ItemNumber,
        percent: String,
        reporter: String,
    },
    /// A commendation of one item: its target and points as typed.
    Commendation {
        number: ItemNumber,
        target: String,
        points: String,
    },
    /// A leader's instruction: who, its sense, and what a new requirement does to the item.
    Instruction {
        number: ItemNumber,
        leader: String,
        sense: crate::domain::instruction::InstructionSense,
        deadline: Option<(Option<NaiveDate>, NaiveDate)>,
        reopened: Option<(Status, Status)>,
    },
    /// An extension asked (and granted at once when `granted`): the deadline from → to.
    ExtensionAsked {
        number: ItemNumber,
        old: Option<NaiveDate>,
        new: NaiveDate,
        granted: bool,
    },
    /// A new item: what it is, who leads it, and its deadline (or none, with the reason).
    NewItem {
        title: String,
        lead: String,
        deadline: Option<NaiveDate>,
        no_deadline_reason: Option<String>,
    },
    /// A new milestone of one item: its due date (on a working day) and what is to be done.
    MilestoneAdded {
        number: ItemNumber,
        due: NaiveDate,
        title: String,
    },
    /// An item out of today's queue until a day.
    Snooze {
        number: ItemNumber,
        until: NaiveDate,
    },
    /// A milestone marked done on a day.
    MilestoneDone {
        number: ItemNumber,
        no: i64,
        title: String,
        on: NaiveDate,
    },
    /// A deadline moved by the working days an item spent suspended (on resumption).
    Shift {
        number: ItemNumber,
        shift: crate::domain::timing::DeadlineShift,
    },
    Extension {
        number: ItemNumber,
        old: NaiveDate,
        new: NaiveDate,
        approve: bool,
        reason: String,
    },
    /// What Enter would meet on one item instead of a record: the refusal the save gives,
    /// shown before Enter (an extension asked of an item already late).
    Refused {
        number: ItemNumber,
        failure: super::Failure,
    },
    /// One field an edit changes, as typed (a choice as its code).
    Edited {
        field: FieldId,
        old: String,
        new: String,
    },
    /// An edit that changes nothing: Enter records nothing.
    Unchanged,
    /// The document an export writes: the bulletin of the period, grouped, in a format and a
    /// language (codes as chosen).
    ExportDocument {
        report: ExportedReport,
        format: String,
        doc_lang: String,
    },
    /// The file an export writes, in full, and what is there now.
    ExportFile {
        path: std::path::PathBuf,
        found: Found,
    },
    /// The file the attach form names, as found on disk.
    AttachFile(PathHint),
    /// Where the save form writes an attachment, and what is there now (a file there is not
    /// replaced).
    SaveFile {
        path: std::path::PathBuf,
        found: Found,
    },
}

/// The formats the report screen exports to.
pub const EXPORT_FORMATS: [&str; 6] = ["md", "csv", "json", "html", "docx", "xlsx"];

/// Lines of a preview a form shows at most (the rest are counted).
pub const PREVIEW_LINES: usize = 6;

/// One note as it will be recorded on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedNote {
    pub number: ItemNumber,
    pub version: i64,
    pub level: Level,
    pub target: String,
    /// The reason recorded: the one typed for all, else this item's own grounds.
    pub reason: String,
    /// The correction required: the one typed for all, else this item's own.
    pub requirement: String,
    /// The points as typed for all; where each item takes its own level and none were typed,
    /// a point deduction's are the office's (the form's prefill for one level).
    pub points: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    /// An urging's own words for each target (in the order of the targets): why that item is
    /// urged and what it must correct, in the office's document language. A field left empty
    /// on several items records each item's own.
    pub own_words: Vec<crate::app::UrgeText>,
    pub focus: usize,
    /// The refusal of the last save, and the field it names.
    pub error: Option<(Option<FieldId>, super::Failure)>,
    /// The points a point deduction starts with (the office's, as `follow_level` last filled
    /// them in; empty before).
    pub deduction_points: String,
    /// What an extension request or a snooze will record, worked out by `App::update` from
    /// the typed date, today and each item's deadline (empty while the date does not read).
    pub resolved: Vec<Preview>,
    /// The file an export form names, as `App::update` last found it (none before).
    pub file: Option<ExportFile>,
    /// The path the attach form names, as `App::update` last found it (none before).
    pub hint: Option<PathHint>,
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| code(*x)).collect()
}

impl Form {
    /// The items the form saves against, each with the version it expects.
    pub fn expected_versions(&mut self) -> Vec<(ItemNumber, &mut i64)> {
        match &mut self.kind {
            FormKind::EditItem {
                number, version, ..
            }
            | FormKind::Move {
                number, version, ..
            }
            | FormKind::Commend { number, version }
            | FormKind::Attach { number, version }
            | FormKind::Instruct {
                number, version, ..
            }
            | FormKind::DecideExtension {
                number, version, ..
            }
            | FormKind::AddMilestone {
                number, version, ..
            }
            | FormKind::MilestoneDone {
                number, version, ..
            } => vec![(*number, version)],
            FormKind::Decision { targets, .. }
            | FormKind::Report { targets }
            | FormKind::Review { targets } => targets.iter_mut().map(|(n, v)| (*n, v)).collect(),
            FormKind::AddItem | FormKind::Export(_) | FormKind::SaveAttachment { .. } => Vec::new(),
        }
    }

    pub(super) fn new(kind: FormKind, fields: Vec<Field>) -> Self {
        Self {
            kind,
            fields,
            own_words: Vec::new(),
            focus: 0,
            error: None,
            deduction_points: String::new(),
            resolved: Vec::new(),
            file: None,
            hint: None,
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
                Field::text(NoDeadlineReason, ""),
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

    pub fn edit_item(row: &crate::store::ItemRow, requirement: &str, words: &FormWords) -> Self {
        use FieldId::*;
        let flags: Vec<_> = row.flags.list().iter().map(|f| words.flag(*f)).collect();
        let mut form = Self::new(
            FormKind::EditItem {
                number: row.number,
                version: row.version,
                was: Vec::new(),
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
                Field::text(Flags, &flags.join(words.flag_separator)),
                Field::choice(
                    Urgent,
                    if row.urgent { "yes" } else { "no" },
                    vec!["no", "yes"],
                ),
            ],
        );
        let opened: Vec<_> = form
            .fields
            .iter()
            .map(|f| (f.id, f.input.text().to_string()))
            .collect();
        if let FormKind::EditItem { was, .. } = &mut form.kind {
            *was = opened;
        }
        form
    }

    /// The fields an edit changes, old → new, compared as the save compares them (text
    /// trimmed, flags as the set they name); `Unchanged` when none.
    fn edit_preview(&self, was: &[(FieldId, String)]) -> Vec<Preview> {
        let same = |id: FieldId, old: &str, new: &str| match id {
            FieldId::Flags => match (
                crate::domain::item::Flags::parse(old),
                crate::domain::item::Flags::parse(new),
            ) {
                (Ok(a), Ok(b)) => a == b,
                _ => old.trim() == new.trim(),
            },
            _ => old.trim() == new.trim(),
        };
        let changed: Vec<Preview> = was
            .iter()
            .filter(|(id, old)| !same(*id, old, self.value(*id)))
            .map(|(id, old)| Preview::Edited {
                field: *id,
                old: old.trim().to_string(),
                new: self.value(*id).trim().to_string(),
            })
            .collect();
        if changed.is_empty() {
            vec![Preview::Unchanged]
        } else {
            changed
        }
    }

    /// What an export writes: the document, then the file (once the path is found on disk for
    /// the text typed).
    fn export_preview(&self, report: ExportedReport) -> Vec<Preview> {
        let mut out = vec![Preview::ExportDocument {
            report,
            format: self.value(FieldId::Format).to_string(),
            doc_lang: self.value(FieldId::DocLang).to_string(),
        }];
        out.extend(
            self.file
                .as_ref()
                .filter(|f| f.typed == self.value(FieldId::Path).trim())
                .map(|f| Preview::ExportFile {
                    path: f.full.clone(),
                    found: f.found,
                }),
        );
        out
    }

    pub fn feedback(targets: Vec<(ItemNumber, i64)>, reporter: &str) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Feedback,
                targets,
                suggestions: Vec::new(),
            },
            vec![
                Field::text(Text, ""),
                Field::text(Percent, ""),
                Field::text(Reporter, reporter),
            ],
        )
    }

    /// An accountability note; an urging (`urge`) comes with each item's own reason and
    /// correction (`own_words`, one per target) so that Enter alone records what is true of
    /// each. Each target comes with its own suggestion: one item's form is prefilled with it; on
    /// several items the level starts at "each its own" and the target empty (each item's own
    /// lead department), the reason and correction are prefilled only when every item shares
    /// them (else left empty: each its own), and the form shows what each item will get.
    pub fn note(
        targets: Vec<(ItemNumber, i64)>,
        suggestions: Vec<Suggestion>,
        urge: bool,
        own_words: Vec<crate::app::UrgeText>,
    ) -> Self {
        use FieldId::*;
        let mut levels = codes(crate::domain::Level::ALL, crate::domain::Level::code);
        let (level, target) = match suggestions.as_slice() {
            [one] => (one.level.code(), one.target.clone()),
            _ => {
                levels.insert(0, EACH_OWN_LEVEL);
                (EACH_OWN_LEVEL, String::new())
            }
        };
        let shared = |pick: fn(&crate::app::UrgeText) -> &str| match own_words.split_first() {
            Some((first, rest)) if rest.iter().all(|w| pick(w) == pick(first)) => {
                pick(first).to_string()
            }
            _ => String::new(),
        };
        let (reason, requirement) = (shared(|w| &w.reason), shared(|w| &w.requirement));
        let mut form = Self::new(
            FormKind::Decision {
                decision: if urge { Decision::Urge } else { Decision::Note },
                targets,
                suggestions,
            },
            vec![
                Field::choice(FieldId::Level, level, levels),
                Field::text(Target, &target),
                Field::text(Reason, &reason),
                Field::text(Require, &requirement),
                Field::text(Points, ""),
            ],
        );
        // A field prefilled with what every item shares is what is recorded: cleared, it is
        // empty for all (and refused), not each item's own again.
        form.own_words = own_words
            .into_iter()
            .map(|w| crate::app::UrgeText {
                reason: if reason.is_empty() {
                    w.reason
                } else {
                    String::new()
                },
                requirement: if requirement.is_empty() {
                    w.requirement
                } else {
                    String::new()
                },
            })
            .collect();
        form
    }

    /// The note each target of a note form will get, exactly as saving records it: the level
    /// chosen for all, or each item's own suggestion; the target typed for all, or each item's
    /// own lead department.
    pub fn planned_notes(&self) -> Result<Vec<PlannedNote>, InputError> {
        let FormKind::Decision {
            targets,
            suggestions,
            ..
        } = &self.kind
        else {
            return Ok(Vec::new());
        };
        let level_text = self.value(FieldId::Level);
        let for_all = if level_text.trim() == EACH_OWN_LEVEL {
            None
        } else {
            Some(Level::parse_field("level", level_text)?)
        };
        let target = crate::domain::validate::line("target", self.value(FieldId::Target), 100)?;
        let or_own = |typed: &str, i: usize, pick: fn(&crate::app::UrgeText) -> &str| {
            if typed.trim().is_empty() {
                self.own_words.get(i).map(pick).unwrap_or(typed).to_string()
            } else {
                typed.to_string()
            }
        };
        let (reason, requirement) = (self.value(FieldId::Reason), self.value(FieldId::Require));
        let points = self.value(FieldId::Points);
        Ok(targets
            .iter()
            .zip(suggestions)
            .enumerate()
            .map(|(i, (&(number, version), s))| {
                let level = for_all.unwrap_or(s.level);
                // Each its own level, no points typed: a deduction takes the office's.
                let own_deduction =
                    for_all.is_none() && points.trim().is_empty() && level == Level::Deduction;
                PlannedNote {
                    number,
                    version,
                    level,
                    target: if target.is_empty() {
                        s.target.clone()
                    } else {
                        target.clone()
                    },
                    reason: or_own(reason, i, |w| &w.reason),
                    requirement: or_own(requirement, i, |w| &w.requirement),
                    points: if own_deduction {
                        self.deduction_points.clone()
                    } else {
                        points.to_string()
                    },
                }
            })
            .collect())
    }

    /// What saving will do, for the form to show before Enter.
    pub fn preview(&self) -> Vec<Preview> {
        match &self.kind {
            FormKind::Attach { .. } => self
                .hint
                .as_ref()
                .filter(|h| h.typed == self.value(FieldId::Path))
                .map(|h| vec![Preview::AttachFile(h.clone())])
                .unwrap_or_default(),
            FormKind::SaveAttachment { .. } => self
                .file
                .as_ref()
                .filter(|f| f.typed == self.value(FieldId::Path).trim())
                .map(|f| {
                    vec![Preview::SaveFile {
                        path: f.full.clone(),
                        found: f.found,
                    }]
                })
                .unwrap_or_default(),
            FormKind::Decision {
                decision: Decision::Feedback,
                targets,
                ..
            } => targets
                .iter()
                .map(|(number, _)| Preview::Feedback {
                    number: *number,
                    percent: self.value(FieldId::Percent).trim().to_string(),
                    reporter: self.value(FieldId::Reporter).trim().to_string(),
                })
                .collect(),
            FormKind::Commend { number, .. } => vec![Preview::Commendation {
                number: *number,
                target: self.value(FieldId::Target).trim().to_string(),
                points: self.value(FieldId::Points).trim().to_string(),
            }],
            FormKind::Decision {
                decision: Decision::Extension | Decision::Snooze,
                ..
            } => self.resolved.clone(),
            FormKind::Decision { .. } => self
                .planned_notes()
                .unwrap_or_default()
                .into_iter()
                .map(|p| Preview::Note {
                    number: p.number,
                    level: p.level,
                    target: p.target,
                    reason: p.reason,
                })
                .collect(),
            FormKind::Move {
                number,
                from,
                to,
                shift,
                ..
            } => {
                let mut out = vec![Preview::Move {
                    number: *number,
                    from: *from,
                    to: *to,
                }];
                out.extend(shift.map(|shift| Preview::Shift {
                    number: *number,
                    shift,
                }));
                out
            }
            FormKind::Report { targets } => {
                let mut out: Vec<Preview> = targets
                    .iter()
                    .map(|(n, _)| Preview::Move {
                        number: *n,
                        from: Status::InProgress,
                        to: Status::AwaitingReview,
                    })
                    .collect();
                // The report's file, when one is named: what the path finds.
                out.extend(
                    self.hint
                        .as_ref()
                        .filter(|h| !h.typed.trim().is_empty())
                        .filter(|h| h.typed == self.value(FieldId::Path))
                        .map(|h| Preview::AttachFile(h.clone())),
                );
                out
            }
            FormKind::Review { targets } => {
                let to = if self.value(FieldId::Verdict) == "return" {
                    Status::InProgress
                } else {
                    Status::Completed
                };
                targets
                    .iter()
                    .map(|(n, _)| Preview::Move {
                        number: *n,
                        from: Status::AwaitingReview,
                        to,
                    })
                    .collect()
            }
            FormKind::DecideExtension {
                number,
                approve,
                old,
                new,
                reason,
                ..
            } => vec![Preview::Extension {
                number: *number,
                old: *old,
                new: *new,
                approve: *approve,
                reason: reason.clone(),
            }],
            FormKind::AddItem | FormKind::Instruct { .. } => self.resolved.clone(),
            FormKind::AddMilestone { .. } => self.resolved.clone(),
            FormKind::EditItem { was, .. } => self.edit_preview(was),
            FormKind::Export(report) => self.export_preview(*report),
            FormKind::MilestoneDone {
                number,
                no,
                title,
                on,
                ..
            } => vec![Preview::MilestoneDone {
                number: *number,
                no: *no,
                title: title.clone(),
                on: *on,
            }],
        }
    }

    /// A file to keep with one item: its path (Tab completes it), its kind (Left/Right), a note.
    pub fn attach(number: ItemNumber, version: i64) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Attach { number, version },
            vec![
                Field::text(Path, ""),
                Field::choice(
                    AttachKind,
                    crate::domain::attachment::AttachmentKind::Instruction.code(),
                    codes(
                        crate::domain::attachment::AttachmentKind::ALL,
                        crate::domain::attachment::AttachmentKind::code,
                    ),
                ),
                Field::text(AttachNote, ""),
            ],
        )
    }

    /// One of an item's attachments to write out: which (prefilled with the last attached) and
    /// where (prefilled with its own name in the folder duban was started in).
    pub fn save_attachment(number: ItemNumber, which: &str, path: &str) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::SaveAttachment { number },
            vec![Field::text(Which, which), Field::text(Path, path)],
        )
    }

    /// Replaces the path typed in the attach form (or the completion report's) with its completion, when there is one that
    /// adds to it; whether it did.
    pub fn complete_path(&mut self) -> bool {
        if !matches!(self.kind, FormKind::Attach { .. } | FormKind::Report { .. })
            || self.fields.get(self.focus).map(|f| f.id) != Some(FieldId::Path)
        {
            return false;
        }
        let typed = self.value(FieldId::Path).to_string();
        let Some(completion) = self
            .hint
            .as_ref()
            .filter(|h| h.typed == typed)
            .and_then(|h| h.completion.clone())
            .filter(|c| c.len() > typed.len())
        else {
            return false;
        };
        self.set(FieldId::Path, &completion);
        true
    }

    /// A commendation of one item, prefilled with its lead department as the target and the
    /// office's points for a commendation, so that a reason and Enter record it.
    pub fn commend(number: ItemNumber, version: i64, lead: &str, points: f64) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Commend { number, version },
            vec![
                Field::text(Reason, ""),
                Field::text(Target, lead),
                Field::text(Points, &points.to_string()),
            ],
        )
    }

    /// A leader's instruction on one item: the leader, its sense (affirms first), its words,
    /// and the deadline a new requirement sets.
    pub fn instruct(
        number: ItemNumber,
        version: i64,
        from: crate::domain::lifecycle::MoveFrom,
    ) -> Self {
        use crate::domain::instruction::InstructionSense as S;
        use FieldId::*;
        Self::new(
            FormKind::Instruct {
                number,
                version,
                from,
            },
            vec![
                Field::text(Leader, ""),
                Field::choice(
                    Sense,
                    S::Affirms.code(),
                    S::ALL.iter().map(|s| s.code()).collect(),
                ),
                Field::text(InstructionText, ""),
                Field::text(RequiredBy, ""),
            ],
        )
    }

    /// The completion report of one or more items in progress.
    pub fn report(targets: Vec<(ItemNumber, i64)>, reporter: &str) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Report { targets },
            vec![
                Field::text(Text, ""),
                Field::text(Percent, "100"),
                Field::text(Reporter, reporter),
                // The completion report's file (optional), kept with each item as its 办结报告.
                Field::text(Path, ""),
            ],
        )
    }

    /// The review of one or more completion reports.
    pub fn review(targets: Vec<(ItemNumber, i64)>) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Review { targets },
            vec![
                Field::choice(Verdict, "approve", vec!["approve", "return"]),
                Field::text(Reason, ""),
            ],
        )
    }

    /// The decision on a pending extension request, shown before Enter.
    pub fn decide_extension(
        number: ItemNumber,
        version: i64,
        approve: bool,
        old: NaiveDate,
        new: NaiveDate,
        reason: &str,
    ) -> Self {
        Self::new(
            FormKind::DecideExtension {
                number,
                version,
                approve,
                old,
                new,
                reason: reason.to_string(),
            },
            // The leader who decided it (批准人), recorded in the history; may stay empty.
            vec![Field::text(FieldId::ApprovedBy, "")],
        )
    }

    pub fn extension(targets: Vec<(ItemNumber, i64)>) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Extension,
                targets,
                suggestions: Vec::new(),
            },
            vec![
                Field::text(NewDeadline, "+5wd"),
                Field::text(Reason, ""),
                Field::choice(Grant, "no", vec!["no", "yes"]),
            ],
        )
    }

    /// The export of the report shown: format, the document's language (the clerk's), and the
    /// file, named after the period (`督办通报-2026-11-01-2026-11-30.md`) in the current folder.
    pub fn export(report: ExportedReport, words: &FormWords) -> Self {
        use FieldId::*;
        let format = "md";
        let (from, to) = (report.period.from, report.period.to);
        Self::new(
            FormKind::Export(report),
            vec![
                Field::choice(Format, format, EXPORT_FORMATS.to_vec()),
                Field::choice(DocLang, words.doc_lang, vec!["zh", "en"]),
                Field::text(
                    Path,
                    &format!("{}-{from}-{to}.{format}", words.bulletin_file),
                ),
            ],
        )
    }

    /// After the format changed: a file name still ending in a format's extension takes the new
    /// one.
    pub fn follow_format(&mut self) {
        if !matches!(self.kind, FormKind::Export(_)) {
            return;
        }
        let format = self.value(FieldId::Format).to_string();
        let path = self.value(FieldId::Path).to_string();
        if let Some((stem, ext)) = path.rsplit_once('.')
            && EXPORT_FORMATS.contains(&ext)
            && ext != format
        {
            self.set(FieldId::Path, &format!("{stem}.{format}"));
        }
    }

    pub fn snooze(targets: Vec<(ItemNumber, i64)>) -> Self {
        use FieldId::*;
        Self::new(
            FormKind::Decision {
                decision: Decision::Snooze,
                targets,
                suggestions: Vec::new(),
            },
            vec![Field::text(Until, "+3wd"), Field::text(Reason, "")],
        )
    }

    /// A lifecycle move shown from → to; a reason field where the move needs one.
    pub fn move_confirm(
        number: ItemNumber,
        mv: Move,
        version: i64,
        from: Status,
        to: Status,
        shift: Option<crate::domain::timing::DeadlineShift>,
    ) -> Self {
        let mut fields = if mv.needs_reason() {
            vec![Field::text(FieldId::Reason, "")]
        } else {
            Vec::new()
        };
        match mv {
            Move::Acknowledge => fields.push(Field::text(FieldId::SignedBy, "")),
            Move::Suspend => fields.push(Field::text(FieldId::ApprovedBy, "")),
            _ => {}
        }
        Self::new(
            FormKind::Move {
                number,
                mv,
                version,
                from,
                to,
                shift,
            },
            fields,
        )
    }

    /// A new milestone of one item: its due date and what is to be done by then. `selected`
    /// is where the milestone panel stood, to go back to it.
    pub fn add_milestone(number: ItemNumber, version: i64, selected: usize) -> Self {
        Self::new(
            FormKind::AddMilestone {
                number,
                version,
                selected,
            },
            vec![
                Field::text(FieldId::MilestoneDue, ""),
                Field::text(FieldId::MilestoneTitle, ""),
            ],
        )
    }

    /// After the level of a note form changed (or the form opened): a point deduction (扣分)
    /// starts with the office's points (`deduction`), so that Enter records them; another
    /// level takes them out again unless the clerk changed them. A form whose level is each
    /// item's own keeps what was typed, and gives each deduction among them the office's
    /// points when none were typed (see `planned_notes`).
    pub fn follow_level(&mut self, deduction: f64) {
        if !self.fields.iter().any(|f| f.id == FieldId::Points)
            || !self.fields.iter().any(|f| f.id == FieldId::Level)
        {
            return;
        }
        let prefilled = deduction.to_string();
        self.deduction_points.clone_from(&prefilled);
        let points = self.value(FieldId::Points).trim().to_string();
        let level = Level::from_code(self.value(FieldId::Level).trim());
        match level.and_then(|l| crate::domain::records::prefilled_points(l, deduction)) {
            Some(p) if points.is_empty() => self.set(FieldId::Points, &p.to_string()),
            None if level.is_some() && points == prefilled => self.set(FieldId::Points, ""),
            _ => {}
        }
    }

    /// Sets a field's value (a form opened with a choice already made).
    pub fn set(&mut self, id: FieldId, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.input.set(value);
        }
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
            Err(PasteRefused::Lines(lines)) => {
                let id = field.id;
                self.refuse(super::Failure::MultiLinePaste { field: id, lines });
            }
            Err(PasteRefused::Character(problem)) => {
                let id = field.id;
                self.refuse(super::Failure::Input(InputError::new(id.code(), problem)));
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

    fn suggestion(level: Level, target: &str) -> Suggestion {
        Suggestion {
            level,
            target: target.into(),
        }
    }

    fn words(reason: &str, requirement: &str) -> crate::app::UrgeText {
        crate::app::UrgeText {
            reason: reason.into(),
            requirement: requirement.into(),
        }
    }

    fn n(seq: u32) -> ItemNumber {
        ItemNumber { year: 2026, seq }
    }

    #[test]
    fn each_marked_item_gets_its_own_level_and_lead_unless_one_is_set_for_all() {
        let targets = vec![(n(1), 3), (n(2), 5), (n(3), 1)];
        let suggestions = vec![
            suggestion(Level::Reminder, "市场监管局"),
            suggestion(Level::Explanation, "住建局"),
            suggestion(Level::Urging, "农业农村局"),
        ];
        let own = vec![words("逾期", "三日内整改"); 3];
        let mut f = Form::note(targets, suggestions, true, own);
        assert_eq!(f.value(FieldId::Level), EACH_OWN_LEVEL);
        assert_eq!(f.value(FieldId::Target), "");
        let planned: Vec<_> = f
            .planned_notes()
            .unwrap()
            .into_iter()
            .map(|p| (p.number.seq, p.version, p.level, p.target))
            .collect();
        assert_eq!(
            planned,
            vec![
                (1, 3, Level::Reminder, "市场监管局".to_string()),
                (2, 5, Level::Explanation, "住建局".to_string()),
                (3, 1, Level::Urging, "农业农村局".to_string()),
            ]
        );
        // The preview shows exactly that.
        assert_eq!(
            f.preview()[1],
            Preview::Note {
                number: n(2),
                level: Level::Explanation,
                target: "住建局".into(),
                reason: "逾期".into(),
            }
        );
        // A level set deliberately applies to all, as shown.
        f.focused().unwrap().cycle(1);
        assert_eq!(f.value(FieldId::Level), "reminder");
        let levels: Vec<_> = f.planned_notes().unwrap().iter().map(|p| p.level).collect();
        assert_eq!(levels, vec![Level::Reminder; 3]);
        assert!(f.preview().iter().all(|p| matches!(
            p,
            Preview::Note {
                level: Level::Reminder,
                ..
            }
        )));
    }

    #[test]
    fn each_urged_item_records_its_own_reason_unless_one_is_typed_for_all() {
        let targets = vec![(n(1), 1), (n(2), 1)];
        let suggestions = vec![
            suggestion(Level::Reminder, "住建局"),
            suggestion(Level::Reminder, "水利局"),
        ];
        let own = vec![
            words(
                "超过办理时限3个工作日未办结",
                "三个工作日内报送整改措施和完成时限",
            ),
            words(
                "临近办理时限（尚余2个工作日）",
                "按办理时限办结并报送办结报告",
            ),
        ];
        let mut f = Form::note(targets, suggestions, true, own);
        // The reasons differ: the field starts empty, each item keeps its own.
        assert_eq!(f.value(FieldId::Reason), "");
        let planned = f.planned_notes().unwrap();
        assert_eq!(planned[0].reason, "超过办理时限3个工作日未办结");
        assert_eq!(planned[1].reason, "临近办理时限（尚余2个工作日）");
        assert_eq!(planned[1].requirement, "按办理时限办结并报送办结报告");
        assert!(
            matches!(&f.preview()[1], Preview::Note { reason, .. } if reason.starts_with("临近"))
        );
        // One reason typed applies to all.
        f.set(FieldId::Reason, "领导督办");
        let planned = f.planned_notes().unwrap();
        assert!(planned.iter().all(|p| p.reason == "领导督办"));
    }

    #[test]
    fn one_item_is_prefilled_with_its_own_suggestion() {
        let f = Form::note(
            vec![(n(7), 2)],
            vec![suggestion(Level::Interview, "应急管理局")],
            true,
            Vec::new(),
        );
        assert_eq!(f.value(FieldId::Level), "interview");
        assert_eq!(f.value(FieldId::Target), "应急管理局");
    }

    #[test]
    fn choices_cycle_both_ways() {
        let one = vec![(ItemNumber { year: 2026, seq: 1 }, 1)];
        let mut f = Form::note(one, vec![suggestion(Level::Urging, "")], false, Vec::new());
        let level = f.focused().unwrap();
        level.cycle(1);
        assert_eq!(level.input.text(), "explanation");
        level.cycle(-2);
        assert_eq!(level.input.text(), "reminder");
        level.cycle(-1);
        assert_eq!(level.input.text(), "referral");
    }

    /// A point deduction starts with the office's points; another level takes them out again,
    /// unless the clerk typed others.
    #[test]
    fn a_deduction_is_prefilled_with_the_offices_points() {
        let one = || vec![(ItemNumber { year: 2026, seq: 1 }, 1)];
        // (suggested level, level chosen, points typed before the change, points after)
        let cases = [
            (Level::Deduction, None, None, "-2"),
            (Level::Criticism, None, None, ""),
            (Level::Criticism, Some("deduction"), None, "-2"),
            (Level::Deduction, Some("criticism"), None, ""),
            (Level::Deduction, Some("referral"), Some("-5"), "-5"),
            (Level::Criticism, Some("deduction"), Some("-0.5"), "-0.5"),
        ];
        for (suggested, chosen, typed, want) in cases {
            let mut f = Form::note(one(), vec![suggestion(suggested, "")], false, Vec::new());
            f.follow_level(-2.0);
            if let Some(points) = typed {
                f.set(FieldId::Points, points);
            }
            if let Some(level) = chosen {
                f.set(FieldId::Level, level);
                f.follow_level(-2.0);
            }
            assert_eq!(
                f.value(FieldId::Points),
                want,
                "{suggested} → {chosen:?} typed {typed:?}"
            );
        }
        // Each item its own level: nothing is filled in for all.
        let two = vec![(n(1), 1), (n(2), 1)];
        let mut f = Form::note(
            two,
            vec![
                suggestion(Level::Deduction, ""),
                suggestion(Level::Urging, ""),
            ],
            false,
            Vec::new(),
        );
        f.follow_level(-2.0);
        assert_eq!(f.value(FieldId::Points), "");
        // … but each deduction among them takes the office's points, unless points are typed
        // (for all).
        let points = |f: &Form| -> Vec<String> {
            f.planned_notes()
                .unwrap()
                .into_iter()
                .map(|p| p.points)
                .collect()
        };
        assert_eq!(points(&f), ["-2", ""]);
        f.set(FieldId::Points, "-1");
        assert_eq!(points(&f), ["-1", "-1"]);
        // Other forms have no points to fill in.
        let mut f = Form::feedback(one(), "");
        f.follow_level(-2.0);
        assert_eq!(f.value(FieldId::Points), "");
    }

    #[test]
    fn pastes_keep_lines_only_where_the_field_takes_them() {
        use PasteRefused::{Character, Lines};
        let control = || Err(Character(Problem::ControlCharacter));
        let invisible = |code| Err(Character(Problem::InvisibleCharacter { code }));
        let cases: [(&str, bool, Result<&str, PasteRefused>); 13] = [
            ("一\r\n二\r三", true, Ok("一\n二\n三")),
            ("一\n二\n三", false, Err(Lines(3))),
            ("一\r二", false, Err(Lines(2))),
            ("one line\r\n", false, Ok("one line")),
            ("one line\n\n", true, Ok("one line\n\n")),
            ("a\tb", false, Ok("a b")),
            ("a\tb", true, Ok("a\tb")),
            // An escape sequence is refused whole, not saved without its escape.
            ("a\u{1b}[31mb\u{7}", false, control()),
            ("a\u{1b}]0;x\u{7}\nb", true, control()),
            ("abc\u{202e}txt.exe", false, invisible(0x202E)),
            ("报告\u{200b}全文\n第二行", true, invisible(0x200B)),
            ("tag\u{e0041}", true, invisible(0xE0041)),
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

    fn edited(field: FieldId, old: &str, new: &str) -> Preview {
        Preview::Edited {
            field,
            old: old.into(),
            new: new.into(),
        }
    }

    /// The edit form shows each field it changes, old → new, as the save compares them;
    /// nothing changed, it says so.
    #[test]
    fn an_edit_shows_each_field_it_changes() {
        let mut row = crate::store::model::fixtures::row();
        row.title = "城区积水点整治".into();
        row.flags = crate::domain::item::Flags::parse("major").unwrap();
        let mut f = Form::edit_item(&row, "汛前完成", &FormWords::default());
        assert_eq!(f.preview(), vec![Preview::Unchanged]);
        // Spaces around a value and the flags in another order change nothing the save keeps.
        f.set(FieldId::Title, " 城区积水点整治  ");
        f.set(FieldId::Flags, "大事、");
        assert_eq!(f.preview(), vec![Preview::Unchanged]);
        f.set(FieldId::Title, "城区积水点整治（二期）");
        f.set(FieldId::Flags, "难事、大事");
        f.set(FieldId::Requirement, "");
        f.set(FieldId::Urgent, "yes");
        assert_eq!(
            f.preview(),
            vec![
                edited(FieldId::Title, "城区积水点整治", "城区积水点整治（二期）"),
                edited(FieldId::Requirement, "汛前完成", ""),
                edited(FieldId::Flags, "大事", "难事、大事"),
                edited(FieldId::Urgent, "no", "yes"),
            ]
        );
        // Put back, nothing is changed again.
        f.set(FieldId::Title, "城区积水点整治");
        f.set(FieldId::Flags, "大事");
        f.set(FieldId::Requirement, "汛前完成");
        f.set(FieldId::Urgent, "no");
        assert_eq!(f.preview(), vec![Preview::Unchanged]);
    }

    fn november() -> ExportedReport {
        ExportedReport {
            kind: crate::report::PeriodKind::Month,
            period: crate::report::Period {
                from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            },
            group_by: crate::report::GroupBy::Source,
        }
    }

    /// The export form shows the document it writes, as chosen, and the file in full with what
    /// is there, once found for the path typed (never for a path typed before).
    #[test]
    fn an_export_shows_the_document_and_the_file_it_writes() {
        let mut f = Form::export(november(), &FormWords::default());
        assert_eq!(f.value(FieldId::Path), "督办通报-2026-11-01-2026-11-30.md");
        f.focused().unwrap().cycle(1);
        f.follow_format();
        let document = Preview::ExportDocument {
            report: november(),
            format: "csv".into(),
            doc_lang: "zh".into(),
        };
        // Not yet found on disk: the document only.
        assert_eq!(f.preview(), vec![document.clone()]);
        let found = |typed: &str, found: Found| ExportFile {
            typed: typed.into(),
            full: std::path::PathBuf::from("/srv/通报").join(typed),
            found,
        };
        f.file = Some(found("督办通报-2026-11-01-2026-11-30.csv", Found::File));
        assert_eq!(
            f.preview(),
            vec![
                document.clone(),
                Preview::ExportFile {
                    path: "/srv/通报/督办通报-2026-11-01-2026-11-30.csv".into(),
                    found: Found::File,
                },
            ]
        );
        // Found for another path than the one now typed: not shown as this one's.
        f.set(FieldId::Path, "十一月.csv");
        assert_eq!(f.preview(), vec![document.clone()]);
        f.file = Some(found("十一月.csv", Found::Nothing));
        assert_eq!(
            f.preview()[1],
            Preview::ExportFile {
                path: "/srv/通报/十一月.csv".into(),
                found: Found::Nothing,
            }
        );
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

/// The words forms are prefilled with, in the clerk's language; the interface sets them
/// (`Lang::form_words`), as it sets the urging's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormWords {
    /// The key-matter flags as typed into the flags field, in `Flag::ALL` order.
    pub flags: [&'static str; 4],
    pub flag_separator: &'static str,
    /// The start of an exported bulletin's file name.
    pub bulletin_file: &'static str,
    /// The language an export is written in unless the clerk chooses another.
    pub doc_lang: &'static str,
}

impl FormWords {
    fn flag(&self, flag: crate::domain::item::Flag) -> &'static str {
        let at = crate::domain::item::Flag::ALL
            .iter()
            .position(|f| *f == flag)
            .unwrap_or(0);
        self.flags.get(at).copied().unwrap_or_else(|| flag.code())
    }
}

impl Default for FormWords {
    fn default() -> Self {
        Self {
            flags: ["大事", "难事", "重要事", "领导关注"],
            flag_separator: "、",
            bulletin_file: "督办通报",
            doc_lang: "zh",
        }
    }
}

//! Both languages complete: every fixed word, every closed vocabulary, every refusal and
//! notice of the interface exists in Chinese and in English, the Chinese with no English word
//! (beyond key names, formats and the date syntax typed) and the English with no Chinese.

use super::*;
use crate::app::milestones::MilestoneNotice;
use crate::app::report::WriteProblem;
use crate::domain::Move;
use crate::domain::dates::Postponed;
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Column, EventCode};
use crate::domain::item::{Flag, ItemNumber};
use crate::domain::ladder::NoteRefusal;
use crate::domain::lifecycle::IllegalMove;
use crate::domain::validate::InputError;
use crate::error::{ChangedSince, OpenProblem};
use crate::ui::history_words::{column_name, decision_name, event_noun, flag_name};
use crate::ui::keymap::{Context, bindings, help_lines};
use chrono::NaiveDate;

/// Latin words a Chinese string may hold: key names, formats, the date and working-day syntax
/// a clerk types, the program's name and the shell's words a repair names.
/// A command the clerk is told to run (`duban restore`) and a file's name (`x.db-shm`) are
/// named as typed, like an option.
const COMMAND_WORDS: &[&str] = &["duban", "backup", "list", "restore", "force", "shm", "wal"];

const KEY_WORDS: &[&str] = &[
    "Esc",
    "Enter",
    "Tab",
    "Space",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Ctrl",
    "Shift",
    "Alt",
    "Backspace",
    "docx",
    "xlsx",
    "md",
    "csv",
    "json",
    "html",
    "Markdown",
    "CSV",
    "JSON",
    "HTML",
    "Word",
    "Excel",
    "duban",
    "YYYY",
    "MM",
    "DD",
    // A moment as typed for `--now`: YYYY-MM-DDTHH:MM:SS.
    "DDTHH",
    "SS",
    "wd",
    "db",
    "uid",
    "chmod",
    "chown",
    "triage",
    "summary",
    "show",
];

/// The problems of one string in one language.
fn problems(lang: Lang, what: &str, s: &str) -> Option<String> {
    if s.trim().is_empty() {
        return Some(format!("{lang:?} {what}: empty"));
    }
    let bad = match lang {
        // A command line option (`--today`) or variable (`$USER`) is named as typed.
        Lang::Zh => s
            .split(|c: char| !(c.is_ascii_alphanumeric() || "-$_".contains(c)))
            .filter(|t| !t.starts_with("--") && !t.starts_with('$'))
            .flat_map(|t| t.split(|c: char| !c.is_ascii_alphabetic()))
            .any(|w| w.len() >= 2 && !KEY_WORDS.contains(&w) && !COMMAND_WORDS.contains(&w)),
        Lang::En => s.chars().any(crate::text::is_cjk),
    };
    bad.then(|| format!("{lang:?} {what}: {s}"))
}

/// Checks `words` in both languages and collects what is wrong.
fn check(found: &mut Vec<String>, what: &str, words: impl Fn(Lang) -> String) {
    for lang in [Lang::Zh, Lang::En] {
        found.extend(problems(lang, what, &words(lang)));
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
}

fn number() -> ItemNumber {
    ItemNumber {
        year: 2026,
        seq: 17,
    }
}

const FIELDS: &[FieldId] = &[
    FieldId::Title,
    FieldId::Lead,
    FieldId::Owner,
    FieldId::Co,
    FieldId::Source,
    FieldId::Ref,
    FieldId::Instruction,
    FieldId::Leader,
    FieldId::Requirement,
    FieldId::Due,
    FieldId::NoDeadlineReason,
    FieldId::Cadence,
    FieldId::Flags,
    FieldId::Urgent,
    FieldId::Text,
    FieldId::Percent,
    FieldId::Reporter,
    FieldId::Level,
    FieldId::Target,
    FieldId::Reason,
    FieldId::Require,
    FieldId::Points,
    FieldId::NewDeadline,
    FieldId::Grant,
    FieldId::Until,
    FieldId::Verdict,
    FieldId::Format,
    FieldId::DocLang,
    FieldId::Path,
    FieldId::MilestoneDue,
    FieldId::MilestoneTitle,
    FieldId::SignedBy,
    FieldId::ApprovedBy,
];

/// Every problem a value can have; what was typed is a number, which both languages may show.
fn every_problem() -> Vec<Problem> {
    let got = || "123".to_string();
    vec![
        Problem::Empty,
        Problem::TooLong { max: 10, got: 12 },
        Problem::ControlCharacter,
        Problem::InvisibleCharacter { code: 0x202E },
        Problem::NotADate { got: got() },
        Problem::NotADateExpression { got: got() },
        Problem::NotADateTime { got: got() },
        Problem::NotTheDayOfNow {
            got: day(),
            now: day().and_hms_opt(9, 30, 0).unwrap_or_default(),
        },
        Problem::BeforeRegistration {
            deadline: day(),
            registered: day(),
        },
        Problem::PercentOutOfRange { got: got() },
        Problem::NotANumber { got: got() },
        Problem::NumberOutOfRange {
            min: -100,
            max: 100,
            got: got(),
        },
        Problem::UnknownCode {
            accepted: "a, b".into(),
            got: got(),
        },
        Problem::UnknownItem { got: got() },
        Problem::NotAfterToday {
            got: day(),
            today: day(),
        },
        Problem::YearOutOfRange { got: day() },
        Problem::NoCorrection,
        Problem::RedNotSnoozable,
        Problem::AfterDeadline {
            got: day(),
            deadline: day(),
        },
        Problem::Finished {
            status: Status::AwaitingReview,
        },
        Problem::NotSnoozable {
            status: Status::AwaitingReview,
        },
        Problem::CancelledItem,
        Problem::DeductionPoints,
    ]
}

/// Every way an action is refused, as the interface and the command line tell it.
fn every_failure() -> Vec<Failure> {
    let path = || "/1/2.db".to_string();
    let mut out = Vec::new();
    // Each field the interface's forms and the command line name, with each problem.
    let mut fields: Vec<&'static str> = FIELDS.iter().map(|f| f.code()).collect();
    fields.extend([
        "light",
        "status",
        "number",
        "no-deadline-reason",
        "feedback",
        "commendation",
        "--today",
        "--actor",
    ]);
    for field in fields {
        for problem in every_problem() {
            out.push(Failure::Input(InputError::new(field, problem)));
        }
    }
    for from in Status::ALL {
        for mv in Move::ALL {
            out.push(Failure::IllegalMove(IllegalMove {
                from: *from,
                mv: *mv,
                allowed: vec![Move::Submit, Move::Suspend],
            }));
        }
    }
    out.extend(
        [
            ExtensionRefusal::NoDeadline,
            ExtensionRefusal::AlreadyLate { deadline: day() },
            ExtensionRefusal::OnDeadlineDay { deadline: day() },
            ExtensionRefusal::NotLater {
                new: day(),
                deadline: day(),
            },
            ExtensionRefusal::AlreadyPending,
            ExtensionRefusal::NotRunning {
                status: Status::AwaitingReview.code().into(),
            },
            ExtensionRefusal::NonePending,
        ]
        .map(Failure::Extension),
    );
    {
        use crate::domain::instruction::InstructionRefusal as R;
        out.extend(
            [
                R::Cancelled,
                R::NoDeadline,
                R::DeadlineWithoutRequirement,
                R::DeadlineBeforeToday {
                    deadline: day(),
                    today: day(),
                },
                R::Closed,
                R::Suspended,
                R::Overdue {
                    deadline: day(),
                    working_days_late: 3,
                },
            ]
            .map(Failure::Instruction),
        );
    }
    out.push(Failure::Note(NoteRefusal::Cancelled));
    out.push(Failure::Note(NoteRefusal::Reported));
    out.push(Failure::Note(NoteRefusal::NothingToUrge {
        status: Status::Completed,
    }));
    out.extend([
        Failure::MixedStages,
        Failure::Stale,
        Failure::StaleKept,
        Failure::NoSuchItem("2026-017".into()),
    ]);
    out.push(Failure::MultiLinePaste {
        field: FieldId::Title,
        lines: 3,
    });
    for problem in [
        WriteProblem::NoFolder,
        WriteProblem::IsFolder,
        WriteProblem::Denied,
    ] {
        out.push(Failure::Write {
            path: path(),
            problem,
        });
    }
    for problem in [
        OpenProblem::IsFolder,
        OpenProblem::Damaged,
        OpenProblem::DiskFull,
        OpenProblem::Locked,
        OpenProblem::ReadOnly,
        OpenProblem::Unreadable,
        OpenProblem::FolderNotWritable,
        OpenProblem::Empty,
        OpenProblem::Missing,
        OpenProblem::ForeignOwner { owner: 1001 },
        OpenProblem::SharedWritable { mode: 0o666 },
        OpenProblem::ForeignCompanion {
            name: "x.db-shm".into(),
            owner: 1001,
            mode: 0o666,
        },
    ] {
        out.push(Failure::Open {
            path: path(),
            problem,
        });
    }
    out.extend([
        Failure::MissingFolder(path()),
        Failure::OpenedReadOnly {
            path: path(),
            copy: true,
        },
        Failure::OpenedReadOnly {
            path: path(),
            copy: false,
        },
        Failure::NotDuban(path()),
        Failure::NewerSchema {
            path: path(),
            found: 9,
            known: 8,
        },
        Failure::MigrationFailed {
            path: path(),
            from: 3,
            to: 10,
            reason: "123".into(),
        },
        Failure::DiskFull,
        Failure::Busy,
        Failure::Damaged,
        Failure::NoSuchMilestone(3),
        Failure::NotEmpty(60),
        Failure::Backup {
            path: path(),
            reason: "Permission denied (os error 13)".into(),
        },
    ]);
    for reason in [
        "Permission denied (os error 13)",
        "No space left on device (os error 28)",
    ] {
        out.push(Failure::NotWritable {
            path: path(),
            reason: reason.into(),
        });
    }
    for kind in EventCode::ALL {
        out.push(Failure::NotReversible(*kind));
    }
    for what in EventCode::ALL {
        for undo in [true, false] {
            out.push(Failure::ChangedSince(Box::new(ChangedSince {
                undo,
                number: Some("2026-017".into()),
                by: "1".into(),
                at: "2026-12-01 09:30".into(),
                what: *what,
            })));
        }
    }
    out
}

fn every_notice() -> Vec<Notice> {
    let n = number();
    let mut out = vec![
        Notice::Added(n),
        Notice::Edited(n),
        Notice::FeedbackSaved(n),
        Notice::NoteSaved(n),
        Notice::Commended(n),
        Notice::ExtensionRequested(n),
        Notice::ExtensionDecided(n, true),
        Notice::ExtensionDecided(n, false),
        Notice::Snoozed(n, day()),
        Notice::Bulk(3),
        Notice::Undone(vec![n]),
        Notice::Redone(vec![n]),
        Notice::NothingToUndo,
        Notice::NothingToRedo,
        Notice::Nothing,
        Notice::Refreshed,
        Notice::NoItemSelected,
        Notice::Exported("/1/2.md".into()),
        Notice::DepartmentsOnly,
        Notice::NoLaterPeriod,
        Notice::Milestone(MilestoneNotice::Added { number: n, no: 1 }),
        Notice::Milestone(MilestoneNotice::Done { number: n, no: 1 }),
    ];
    for s in Status::ALL {
        out.push(Notice::Moved(n, *s));
    }
    for field in ["due", "--to", "until", "milestone due"] {
        out.push(Notice::Postponed(
            Box::new(Notice::Added(n)),
            Postponed {
                field,
                from: day(),
                to: day(),
            },
        ));
    }
    out.extend(every_failure().into_iter().map(Notice::Failed));
    out
}

#[test]
fn every_fixed_word_exists_in_both_languages() {
    let mut found = Vec::new();
    for t in Text::ALL {
        check(&mut found, &format!("{t:?}"), |l| l.t(*t).to_string());
    }
    for p in crate::app::Pane::ALL {
        check(&mut found, &format!("{p:?}"), |l| l.pane(p).to_string());
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_closed_vocabulary_is_named_in_both_languages() {
    let mut found = Vec::new();
    for x in WarningLight::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.light(*x).to_string());
    }
    for x in Status::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.status(*x).to_string());
        check(&mut found, &format!("short {x:?}"), |l| {
            l.status_short(*x).to_string()
        });
    }
    for x in Move::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.mv(*x).to_string());
    }
    for x in Level::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.level(*x).to_string());
    }
    for x in SourceKind::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.source(*x).to_string());
    }
    for x in Cadence::ALL {
        check(&mut found, &format!("{x:?}"), |l| l.cadence(*x).to_string());
    }
    for x in Flag::ALL {
        check(&mut found, &format!("{x:?}"), |l| {
            flag_name(*x, l).to_string()
        });
    }
    for x in Column::ALL {
        check(&mut found, &format!("{x:?}"), |l| {
            column_name(*x, l).to_string()
        });
    }
    for x in EventCode::ALL {
        check(&mut found, &format!("{x:?}"), |l| {
            event_noun(*x, l).to_string()
        });
    }
    for x in ExtensionDecision::ALL {
        check(&mut found, &format!("{x:?}"), |l| {
            decision_name(*x, l).to_string()
        });
    }
    use crate::domain::triage::TriageGroup as G;
    for x in [
        G::UnaddressedRed,
        G::Red,
        G::Orange,
        G::SuspendedTooLong,
        G::ReviewBacklog,
        G::MissedFeedback,
        G::Yellow,
        G::MilestoneOverdue,
    ] {
        check(&mut found, &format!("{x:?}"), |l| l.group(x).to_string());
    }
    use crate::app::state::AgendaSection as A;
    for x in [
        A::Overdue,
        A::Today,
        A::ThisWeek,
        A::NextWeek,
        A::FeedbackMissed,
        A::MilestoneDue,
    ] {
        check(&mut found, &format!("{x:?}"), |l| l.section(x).to_string());
    }
    for f in FIELDS {
        check(&mut found, &format!("field {f:?}"), |l| {
            l.field(*f).to_string()
        });
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_reason_outcome_and_hint_exists_in_both_languages() {
    use crate::domain::triage::Reason as R;
    let mut found = Vec::new();
    for n in [0, 1, 2, 5] {
        for r in [
            R::OverdueWorkingDays(n),
            R::DueInWorkingDays(n),
            R::LeaderConcerned,
            R::Urgent,
            R::Major,
            R::Difficult,
            R::Important,
            R::NoNoteSince(day()),
            R::NeverNoted,
            R::FeedbackMissed(n as u32),
            R::MilestoneOverdue,
            R::MilestonesOverdue(n as u8),
            R::SuspendedWorkingDays(n),
            R::ReviewPendingWorkingDays(n),
        ] {
            check(&mut found, &format!("{r:?}"), |l| l.reason(&r));
        }
    }
    let mut outcomes = vec![
        Outcome::Feedback,
        Outcome::Extension {
            granted: true,
            to: day(),
        },
        Outcome::Extension {
            granted: false,
            to: day(),
        },
        Outcome::Snoozed(day()),
    ];
    for l in Level::ALL {
        outcomes.extend([Outcome::Urged(*l), Outcome::Noted(*l)]);
    }
    for s in Status::ALL {
        outcomes.push(Outcome::Moved(*s));
    }
    for o in outcomes {
        check(&mut found, &format!("{o:?}"), |l| l.outcome(&o));
    }
    for f in FIELDS {
        // A field with no hint has none in either language.
        if !Lang::Zh.hint(*f).is_empty() || !Lang::En.hint(*f).is_empty() {
            check(&mut found, &format!("hint {f:?}"), |l| {
                l.hint(*f).to_string()
            });
        }
    }
    for (f, codes) in [
        (
            FieldId::Level,
            Level::ALL.iter().map(|x| x.code()).collect::<Vec<_>>(),
        ),
        (
            FieldId::Source,
            SourceKind::ALL.iter().map(|x| x.code()).collect(),
        ),
        (
            FieldId::Cadence,
            Cadence::ALL.iter().map(|x| x.code()).collect(),
        ),
        (FieldId::Verdict, vec!["approve", "return"]),
        (FieldId::Urgent, vec!["yes", "no"]),
        (FieldId::Grant, vec!["yes", "no"]),
        (FieldId::DocLang, vec!["zh", "en"]),
        (FieldId::Level, vec![crate::app::form::EACH_OWN_LEVEL]),
    ] {
        for code in codes {
            check(&mut found, &format!("choice {f:?} {code}"), |l| {
                l.choice(f, code)
            });
        }
    }
    check(&mut found, "waiting", |l| l.waiting_for_lock().to_string());
    check(&mut found, "flags prefilled", |l| {
        l.form_words().flags.join(",")
    });
    check(&mut found, "bulletin file", |l| {
        l.form_words().bulletin_file.to_string()
    });
    for (d, s) in [(0, 0), (1, 1), (3, 2)] {
        check(&mut found, "tally", |l| l.triage_tally(d, s));
    }
    check(&mut found, "more", |l| l.more(3));
    check(&mut found, "summary heading", |l| {
        l.summary_heading(day(), 3)
    });
    check(&mut found, "overdue count", |l| l.overdue_count(2));
    check(&mut found, "trend", |l| {
        let (a, b) = l.trend_title(8, 3, 1);
        format!("{a} {b}")
    });
    check(&mut found, "trend pending", |l| {
        let (a, b) = l.trend_pending(8);
        format!("{a} {b}")
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// What the edit and export forms show before Enter, in one language each: every field an
/// edit changes, no change, every document an export writes and what is at its file; and a
/// refusal shown before Enter.
#[test]
fn every_preview_of_an_edit_and_an_export_is_one_language() {
    use crate::app::form::{ExportedReport, Found, Preview};
    let mut previews = vec![Preview::Unchanged];
    for field in FIELDS {
        let (old, new) = match field {
            FieldId::Cadence => ("once", "weekly"),
            FieldId::Urgent => ("no", "yes"),
            _ => ("1", ""),
        };
        previews.push(Preview::Edited {
            field: *field,
            old: old.into(),
            new: new.into(),
        });
    }
    for kind in crate::report::PeriodKind::ALL {
        for group_by in crate::app::report::GROUPINGS {
            for format in crate::app::form::EXPORT_FORMATS {
                for doc_lang in ["zh", "en"] {
                    previews.push(Preview::ExportDocument {
                        report: ExportedReport {
                            kind: *kind,
                            period: crate::report::Period::holding(*kind, day()),
                            group_by,
                        },
                        format: format.into(),
                        doc_lang: doc_lang.into(),
                    });
                }
            }
        }
    }
    for found in [Found::Nothing, Found::File, Found::Folder] {
        previews.push(Preview::ExportFile {
            path: "/1/2.md".into(),
            found,
        });
    }
    for failure in every_failure() {
        previews.push(Preview::Refused {
            number: number(),
            failure,
        });
    }
    let mut found = Vec::new();
    for p in &previews {
        check(&mut found, &format!("{p:?}"), |l| l.preview(p));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A form's title starts as a title does, a lifecycle move's too (the move menu names moves
/// in lower case).
#[test]
fn form_titles_start_with_a_capital_in_english() {
    use crate::app::form::FormKind;
    for mv in Move::ALL {
        let kind = FormKind::Move {
            number: number(),
            mv: *mv,
            version: 1,
            from: Status::InProgress,
            to: Status::Suspended,
            shift: None,
        };
        let title = Lang::En.form_title(&kind);
        assert!(
            title.starts_with(|c: char| c.is_ascii_uppercase()),
            "{title}"
        );
    }
}

#[test]
fn every_refusal_and_notice_is_one_language() {
    let mut found = Vec::new();
    for n in every_notice() {
        check(&mut found, &format!("{n:?}"), |l| l.notice(&n));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_confirmation_of_the_command_line_is_one_language() {
    let mut done = vec![
        Done::ExtensionRequested(day()),
        Done::MilestoneAdded { no: 2, due: day() },
        Done::MilestoneDone(2),
        Done::Feedback,
        Done::Commendation,
    ];
    done.extend(
        ExtensionDecision::ALL
            .iter()
            .map(|x| Done::ExtensionDecided(*x)),
    );
    done.extend(Level::ALL.iter().map(|l| Done::Note(*l)));
    let mut found = Vec::new();
    for d in &done {
        check(&mut found, &format!("{d:?}"), |l| l.done(number(), d));
    }
    // A move confirms the status: a code (which scripts read) in English, a name in Chinese.
    for s in Status::ALL {
        found.extend(problems(
            Lang::Zh,
            "moved",
            &Lang::Zh.done(number(), &Done::Moved(*s)),
        ));
        assert_eq!(
            Lang::En.done(number(), &Done::Moved(*s)),
            format!("2026-017: {}\n", s.code())
        );
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_keymaps_help_is_in_both_languages() {
    let table = bindings();
    let mut found = Vec::new();
    for context in [
        Context::Main,
        Context::Triage,
        Context::Report,
        Context::Form,
        Context::Filter,
        Context::Milestones,
    ] {
        check(&mut found, &format!("help {context:?}"), |l| {
            help_lines(&table, context, l)
                .iter()
                .map(|(k, w)| format!("{k} {w}"))
                .collect::<Vec<_>>()
                .join("\n")
        });
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every name the interface shows for a closed-set value, in either language, is accepted
/// where the value is typed (forms, the command line), and reads back as that value.
#[test]
fn every_name_shown_is_accepted_when_typed() {
    for lang in [Lang::Zh, Lang::En] {
        for x in WarningLight::ALL {
            assert_eq!(WarningLight::parse_field("light", lang.light(*x)), Ok(*x));
        }
        for x in Status::ALL {
            assert_eq!(Status::parse_field("status", lang.status(*x)), Ok(*x));
            assert_eq!(Status::parse_field("status", lang.status_short(*x)), Ok(*x));
        }
        for x in Level::ALL {
            assert_eq!(Level::parse_field("level", lang.level(*x)), Ok(*x));
        }
        for x in SourceKind::ALL {
            assert_eq!(SourceKind::parse_field("source", lang.source(*x)), Ok(*x));
        }
        for x in Cadence::ALL {
            assert_eq!(Cadence::parse_field("cadence", lang.cadence(*x)), Ok(*x));
        }
        for x in Flag::ALL {
            assert_eq!(Flag::parse_field("flags", flag_name(*x, lang)), Ok(*x));
        }
        // The flags a form is prefilled with read back as the same flags.
        let words = lang.form_words();
        let all = crate::domain::Flags::parse(&words.flags.join(words.flag_separator));
        assert_eq!(all.map(|f| f.list()), Ok(Flag::ALL.to_vec()));
    }
}

/// A refusal of a closed-set value names what is accepted in the clerk's language, never a
/// sentence half in one and half in the other (`light只能是：red, …`).
#[test]
fn a_refused_code_lists_what_is_accepted_in_the_clerks_language() {
    let refused = |lang: Lang, e: crate::domain::UnknownCode| {
        lang.failure(&Failure::Input(InputError::from(e)))
    };
    let light = WarningLight::parse_field("light", "紫").unwrap_err();
    assert_eq!(
        refused(Lang::Zh, light.clone()),
        "灯色只能是：红、橙、黄、绿（输入为“紫”）"
    );
    assert_eq!(
        refused(Lang::En, light),
        "light must be one of: red, orange, yellow, green (got '紫')"
    );
    let status = Status::parse_field("status", "x").unwrap_err();
    assert_eq!(
        refused(Lang::Zh, status.clone()),
        "办理状态只能是：立项、已交办、已签收、办理中、待审核、办结、销号、中止、撤销（输入为“x”）"
    );
    assert!(
        refused(Lang::En, status)
            .contains("registered, assigned, acknowledged, in progress, awaiting review"),
    );
    let flags = crate::domain::Flags::parse("大事,紧要").unwrap_err();
    assert_eq!(
        refused(Lang::Zh, flags),
        "重点标记只能是：大事、难事、重要事、领导关注（输入为“紧要”）"
    );
    let level = Level::parse_field("level", "x").unwrap_err();
    assert!(refused(Lang::Zh, level).starts_with("层级只能是：提醒、催办单、书面说明、约谈、"));
}

/// English counts agree with their noun: "1 missed feedback", "2 missed feedbacks".
#[test]
fn english_counts_are_singular_for_one() {
    use crate::domain::triage::Reason as R;
    assert_eq!(Lang::En.reason(&R::FeedbackMissed(1)), "1 missed feedback");
    assert_eq!(Lang::En.reason(&R::FeedbackMissed(2)), "2 missed feedbacks");
    assert_eq!(
        Lang::En.reason(&R::OverdueWorkingDays(1)),
        "overdue 1 working day"
    );
    assert_eq!(
        Lang::En.reason(&R::DueInWorkingDays(3)),
        "due in 3 working days"
    );
    // Due today, not "due in 0 working days".
    assert_eq!(Lang::En.reason(&R::DueInWorkingDays(0)), "due today");
    assert_eq!(Lang::Zh.reason(&R::DueInWorkingDays(0)), "今日到期");
    assert_eq!(Lang::En.status(Status::InProgress), "in progress");
    assert_eq!(Lang::En.status_short(Status::InProgress), "in progress");
}

/// The office's words of DOMAIN.md: 研判 for triage; 催办 for reminders and urging notices,
/// 问责 from written explanation up; 加减分 for points.
#[test]
fn chinese_uses_the_offices_words() {
    let mut all = String::new();
    for t in Text::ALL {
        all.push_str(Lang::Zh.t(*t));
    }
    for context in [Context::Main, Context::Triage] {
        for (k, w) in help_lines(&bindings(), context, Lang::Zh) {
            all.push_str(k);
            all.push_str(w);
        }
    }
    assert!(!all.contains("分诊"), "{all}");
    assert_eq!(Lang::Zh.t(Text::Triage), "督办研判");
    assert_eq!(
        Lang::Zh.outcome(&Outcome::Urged(Level::Urging)),
        "催办（催办单）"
    );
    assert_eq!(
        Lang::Zh.outcome(&Outcome::Urged(Level::Interview)),
        "问责（约谈）"
    );
    assert_eq!(
        Lang::Zh.outcome(&Outcome::Noted(Level::Reminder)),
        "催办（提醒）"
    );
    assert_eq!(Lang::Zh.field(FieldId::Points), "加减分");
    assert_eq!(Lang::Zh.source(SourceKind::Complaint), "群众诉求");
}

/// The export form names every format alike: its name, then its file ending.
#[test]
fn the_export_formats_are_named_alike() {
    use crate::app::form::{EXPORT_FORMATS, FieldId};
    for lang in [Lang::Zh, Lang::En] {
        for code in EXPORT_FORMATS {
            let name = lang.choice(FieldId::Format, code);
            assert!(name.ends_with(&format!(" (.{code})")), "{code}: {name}");
        }
    }
}

/// The end of triage names no command on the Chinese screen.
#[test]
fn the_triage_end_names_no_code_word_in_chinese() {
    let done = Lang::Zh.t(Text::TriageDone);
    assert!(!done.chars().any(|c| c.is_ascii_alphabetic()), "{done}");
}

/// Asked on the deadline day, an extension is refused as asked on the deadline day, not as
/// late.
#[test]
fn an_extension_on_the_deadline_day_says_so() {
    use crate::domain::extension::ExtensionRefusal;
    let f = Failure::Extension(ExtensionRefusal::OnDeadlineDay { deadline: day() });
    assert!(
        Lang::Zh.failure(&f).contains("办理时限当日"),
        "{}",
        Lang::Zh.failure(&f)
    );
    assert!(!Lang::Zh.failure(&f).contains("已超期"));
    assert!(Lang::En.failure(&f).contains("deadline day"));
    assert!(!Lang::En.failure(&f).contains("already late"));
}

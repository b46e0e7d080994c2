//! What a clerk typed, turned into checked records. The command line and the forms of the
//! terminal interface both come through here, so they refuse the same things in the same words.

use chrono::NaiveDate;

use crate::domain::dates::{Postponed, item_deadline, parse_date_expr};
use crate::domain::item::{Cadence, FeedbackKind, Flags, SourceKind};
use crate::domain::ladder::Level;
use crate::domain::records;
use crate::domain::validate::{self, InputError, Problem};
use crate::domain::{Rules, WorkCalendar};
use crate::store::{NewCommendation, NewFeedback, NewInstruction, NewItem, NewNote};

pub(crate) const NAME_MAX: usize = 100;
pub(crate) const REF_MAX: usize = 200;
pub(crate) const TEXT_MAX: usize = 10_000;

/// An item as typed: every field text, optional ones empty when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub title: String,
    pub lead: String,
    pub owner: String,
    pub co: String,
    pub source_kind: String,
    pub source_ref: String,
    pub instruction: String,
    pub leader: String,
    pub requirement: String,
    pub due: String,
    pub no_deadline_reason: String,
    pub cadence: String,
    pub flags: String,
    pub urgent: bool,
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl ItemInput {
    /// Checks every field and fills in defaults (source kind `other`, cadence `once`, the
    /// default deadline of the source kind).
    pub fn check(
        &self,
        today: NaiveDate,
        calendar: &WorkCalendar,
        rules: &Rules,
    ) -> Result<NewItem, InputError> {
        self.check_and_tell(today, calendar, rules)
            .map(|(item, _)| item)
    }

    /// [`ItemInput::check`], and whether the deadline fell on a non-working day and moved to
    /// the next working day (顺延), which the clerk is told.
    pub fn check_and_tell(
        &self,
        today: NaiveDate,
        calendar: &WorkCalendar,
        rules: &Rules,
    ) -> Result<(NewItem, Option<Postponed>), InputError> {
        let title = validate::required_line("title", &self.title, rules.max_title_chars)?;
        let lead = validate::required_line("lead", &self.lead, NAME_MAX)?;
        let owner = validate::line("owner", &self.owner, NAME_MAX)?;
        let mut co = Vec::new();
        for part in self.co.split([',', '，', '、']) {
            let name = validate::line("co", part, NAME_MAX)?;
            if !name.is_empty() && name != lead && !co.contains(&name) {
                co.push(name);
            }
        }
        let source_kind = if self.source_kind.trim().is_empty() {
            SourceKind::Other
        } else {
            SourceKind::parse_field("source", &self.source_kind)?
        };
        let source_ref = validate::line("ref", &self.source_ref, REF_MAX)?;
        let instruction = optional(validate::text("instruction", &self.instruction, TEXT_MAX)?);
        let leader = optional(validate::line("leader", &self.leader, NAME_MAX)?);
        if instruction.is_some() && leader.is_none() {
            return Err(InputError::new("leader", Problem::Empty));
        }
        let requirement = validate::text("requirement", &self.requirement, TEXT_MAX)?;
        let cadence = if self.cadence.trim().is_empty() {
            Cadence::Once
        } else {
            Cadence::parse_field("cadence", &self.cadence)?
        };
        let flags = Flags::parse(&self.flags)?;
        let no_deadline_reason = optional(validate::line(
            "no-deadline-reason",
            &self.no_deadline_reason,
            REF_MAX,
        )?);
        let deadline = if !self.due.trim().is_empty() {
            Some(parse_date_expr("due", &self.due, today, calendar)?)
        } else if no_deadline_reason.is_some() {
            None
        } else {
            // Not yet assigned: the default counts from registration.
            Some(
                rules
                    .default_deadline(source_kind, self.urgent, flags)
                    .date(today, calendar),
            )
        };
        let (deadline, postponed) = match deadline {
            Some(day) => {
                let (day, postponed) = item_deadline("due", day, Some(source_kind), calendar)?;
                (Some(day), postponed)
            }
            None => (None, None),
        };
        if let Some(d) = deadline.filter(|d| *d < today) {
            return Err(InputError::new(
                "due",
                Problem::BeforeRegistration {
                    deadline: d,
                    registered: today,
                },
            ));
        }
        let item = NewItem {
            title,
            requirement,
            source_kind,
            source_ref,
            instruction,
            leader,
            lead,
            co,
            owner,
            flags,
            urgent: self.urgent,
            cadence,
            deadline,
            no_deadline_reason: deadline.is_none().then_some(no_deadline_reason).flatten(),
            registered_on: today,
            origin: None,
        };
        Ok((item, postponed))
    }
}

/// Feedback as typed.
pub fn feedback(text: &str, percent: &str, reporter: &str) -> Result<NewFeedback, InputError> {
    let text = validate::text("text", text, TEXT_MAX)?;
    if text.is_empty() {
        return Err(InputError::new("text", Problem::Empty));
    }
    let percent = if percent.trim().is_empty() {
        None
    } else {
        Some(validate::percent("percent", percent)?)
    };
    Ok(NewFeedback {
        text,
        percent,
        reporter: validate::line("by", reporter, NAME_MAX)?,
        kind: FeedbackKind::Progress,
    })
}

/// An accountability note as typed.
pub fn note(
    level: &str,
    reason: &str,
    target: &str,
    points: &str,
    requirement: &str,
) -> Result<NewNote, InputError> {
    let level = Level::parse_field("level", level)?;
    let reason = validate::text("reason", reason, TEXT_MAX)?;
    if reason.is_empty() {
        return Err(InputError::new("reason", Problem::Empty));
    }
    let points = signed_points(points)?;
    let target = validate::line("target", target, NAME_MAX)?;
    let requirement = validate::text("require", requirement, TEXT_MAX)?;
    // The target left empty is the lead department's, which the writer knows.
    records::note_target(&requirement, &target, "")?;
    records::check_note_points(level, points)?;
    Ok(NewNote {
        level,
        target,
        reason,
        points,
        requirement,
    })
}

/// Points as typed (加减分): a signed number from −100 to 100, decimals allowed; none when
/// empty.
fn signed_points(points: &str) -> Result<Option<f64>, InputError> {
    if points.trim().is_empty() {
        return Ok(None);
    }
    let out_of_range = || points_out_of_range("points", points);
    let value: f64 = points.trim().parse().map_err(|_| out_of_range())?;
    // Refused naming what was typed (`1e400`), not the number it reads as.
    points_within("points", value)
        .map(Some)
        .map_err(|_| out_of_range())
}

/// Points the office records, whoever gives them (typed, or read from an imported file): a
/// finite number from −100 to 100.
pub(crate) fn points_within(field: &'static str, points: f64) -> Result<f64, InputError> {
    if points.is_finite() && points.abs() <= 100.0 {
        Ok(points)
    } else {
        Err(points_out_of_range(field, &points.to_string()))
    }
}

fn points_out_of_range(field: &'static str, got: &str) -> InputError {
    InputError::new(
        field,
        Problem::NumberOutOfRange {
            min: -100,
            max: 100,
            got: got.to_string(),
        },
    )
}

/// A commendation (通报表扬) as typed: the reason is required; the target left empty is the
/// lead department's, which the writer knows; points left empty are the office's default
/// (`default_points`, +1).
pub fn commendation(
    reason: &str,
    target: &str,
    points: &str,
    default_points: f64,
) -> Result<NewCommendation, InputError> {
    let reason = validate::text("reason", reason, TEXT_MAX)?;
    if reason.is_empty() {
        return Err(InputError::new("reason", Problem::Empty));
    }
    Ok(NewCommendation {
        target: validate::line("target", target, NAME_MAX)?,
        reason,
        points: signed_points(points)?.unwrap_or(default_points),
    })
}

/// A leader's instruction as typed: the leader and the text are required (one line for the
/// leader), the sense in either language, and the new deadline (a date or `+Nwd` from today)
/// only with a new requirement; the rules of what it does to the item are the domain's
/// (`instruction::effect`), asked when it is written.
pub fn instruction(
    leader: &str,
    sense: &str,
    text: &str,
    deadline: &str,
    today: NaiveDate,
    calendar: &crate::domain::WorkCalendar,
) -> Result<NewInstruction, InputError> {
    use crate::domain::instruction::InstructionSense;
    let leader = validate::required_line("leader", leader, NAME_MAX)?;
    let sense = InstructionSense::parse_field("sense", sense)?;
    let text = validate::text("text", text, TEXT_MAX)?;
    if text.trim().is_empty() {
        return Err(InputError::new("text", Problem::Empty));
    }
    let deadline = match deadline.trim() {
        "" => None,
        typed => {
            let expr = crate::domain::dates::DateExpr::parse("deadline", typed)?;
            Some(validate::in_office_years(
                "deadline",
                expr.resolve(today, calendar),
            )?)
        }
    };
    Ok(NewInstruction {
        leader,
        sense,
        text,
        deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn base() -> ItemInput {
        ItemInput {
            title: "落实安全生产检查".into(),
            lead: "应急管理局".into(),
            ..ItemInput::default()
        }
    }

    #[test]
    fn defaults_apply() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let item = base().check(today, &cal, &r).unwrap();
        assert_eq!(item.source_kind, SourceKind::Other);
        assert_eq!(item.cadence, Cadence::Once);
        assert_eq!(item.deadline, Some(cal.add_working_days(today, 20)));
        let urgent = ItemInput {
            source_kind: "instruction".into(),
            urgent: true,
            ..base()
        };
        assert_eq!(
            urgent.check(today, &cal, &r).unwrap().deadline,
            Some(d("2026-12-02"))
        );
        let annual = ItemInput {
            source_kind: "annual".into(),
            ..base()
        };
        assert_eq!(
            annual.check(today, &cal, &r).unwrap().deadline,
            Some(d("2026-12-31"))
        );
        let none = ItemInput {
            no_deadline_reason: "待上级明确".into(),
            ..base()
        };
        assert_eq!(none.check(today, &cal, &r).unwrap().deadline, None);
    }

    #[test]
    fn refusals_name_the_field() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let today = d("2026-11-25");
        let cases = [
            (
                ItemInput {
                    title: "  ".into(),
                    ..base()
                },
                "title",
            ),
            (
                ItemInput {
                    lead: "".into(),
                    ..base()
                },
                "lead",
            ),
            (
                ItemInput {
                    due: "2026-11-24".into(),
                    ..base()
                },
                "due",
            ),
            (
                ItemInput {
                    due: "2026-02-30".into(),
                    ..base()
                },
                "due",
            ),
            (
                ItemInput {
                    cadence: "daily".into(),
                    ..base()
                },
                "cadence",
            ),
            (
                ItemInput {
                    source_kind: "rumour".into(),
                    ..base()
                },
                "source",
            ),
            (
                ItemInput {
                    flags: "major,shiny".into(),
                    ..base()
                },
                "flags",
            ),
            (
                ItemInput {
                    owner: "a\u{1b}b".into(),
                    ..base()
                },
                "owner",
            ),
            (
                ItemInput {
                    instruction: "抓紧办理".into(),
                    ..base()
                },
                "leader",
            ),
        ];
        for (input, field) in cases {
            assert_eq!(
                input.check(today, &cal, &r).unwrap_err().field,
                field,
                "{input:?}"
            );
        }
    }

    #[test]
    fn deadlines_are_told_when_they_move_off_a_non_working_day() {
        let cal = WorkCalendar::default();
        let r = Rules::default();
        let cases = [
            // (today, source, due, deadline, moved from)
            (
                "2026-11-25",
                "",
                "2026-11-28",
                "2026-11-30",
                Some("2026-11-28"),
            ),
            ("2026-11-25", "", "2026-11-30", "2026-11-30", None),
            ("2026-11-25", "complaint", "", "2026-12-16", None),
            ("2026-11-25", "proposal", "", "2027-02-25", None),
            // Three months from Sunday 2026-12-06 is a Saturday.
            (
                "2026-12-06",
                "proposal",
                "",
                "2027-03-08",
                Some("2027-03-06"),
            ),
        ];
        for (today, source, due, deadline, from) in cases {
            let input = ItemInput {
                source_kind: source.into(),
                due: due.into(),
                ..base()
            };
            let (item, postponed) = input.check_and_tell(d(today), &cal, &r).unwrap();
            assert_eq!(item.deadline, Some(d(deadline)), "{source} {due}");
            assert_eq!(postponed.map(|p| p.from), from.map(d), "{source} {due}");
            assert!(postponed.is_none_or(|p| p.field == "due" && p.to == d(deadline)));
        }
    }

    #[test]
    fn co_departments_split_on_chinese_commas_and_drop_the_lead() {
        let input = ItemInput {
            co: "财政局，住建局、应急管理局,财政局".into(),
            ..base()
        };
        let item = input
            .check(d("2026-11-25"), &WorkCalendar::default(), &Rules::default())
            .unwrap();
        assert_eq!(item.co, vec!["财政局".to_string(), "住建局".to_string()]);
    }

    #[test]
    fn commendations_need_a_reason_and_default_to_one_point() {
        let c = commendation("提前完成", "", "", 1.0).unwrap();
        assert_eq!((c.target.as_str(), c.points), ("", 1.0));
        let c = commendation("提前完成", " 张三 ", "-2.5", 1.0).unwrap();
        assert_eq!((c.target.as_str(), c.points), ("张三", -2.5));
        for (reason, target, points, field) in [
            (" ", "", "", "reason"),
            ("x", "", "101", "points"),
            ("x", "", "lots", "points"),
            ("x", "", "NaN", "points"),
            ("x", "a\nb", "", "target"),
        ] {
            let e = commendation(reason, target, points, 1.0).unwrap_err();
            assert_eq!(e.field, field, "{reason:?} {target:?} {points:?}");
        }
    }

    #[test]
    fn instructions_as_typed() {
        use crate::domain::instruction::InstructionSense;
        let cal = crate::domain::WorkCalendar::default();
        let today = d("2026-11-25");
        let i = instruction(
            " 王市长 ",
            "新要求",
            "年底前全部完成",
            "2026-12-31",
            today,
            &cal,
        )
        .unwrap();
        assert_eq!(i.leader, "王市长");
        assert_eq!(i.sense, InstructionSense::Requires);
        assert_eq!(i.deadline, Some(d("2026-12-31")));
        let i = instruction("王市长", "affirms", "做得好", "", today, &cal).unwrap();
        assert_eq!((i.sense, i.deadline), (InstructionSense::Affirms, None));
        for (leader, sense, text, deadline, field) in [
            (" ", "affirms", "x", "", "leader"),
            ("王", "praise", "x", "", "sense"),
            ("王", "affirms", " ", "", "text"),
            ("王", "requires", "x", "next week", "deadline"),
            ("王", "requires", "x", "2150-01-01", "deadline"),
            ("王\n李", "affirms", "x", "", "leader"),
        ] {
            let e = instruction(leader, sense, text, deadline, today, &cal).unwrap_err();
            assert_eq!(e.field, field, "{leader:?} {sense:?} {text:?} {deadline:?}");
        }
    }

    #[test]
    fn feedback_and_notes() {
        assert_eq!(
            feedback("已完成主体", "60", "张三").unwrap().percent,
            Some(60)
        );
        assert_eq!(feedback("x", "101", "").unwrap_err().field, "percent");
        assert_eq!(feedback(" ", "", "").unwrap_err().field, "text");
        let n = note("urging", "逾期未反馈", "住建局", "", "三日内报送整改方案").unwrap();
        assert_eq!(n.level, Level::Urging);
        assert_eq!(
            note("scolding", "x", "", "", "").unwrap_err().field,
            "level"
        );
        assert_eq!(
            note("reminder", "x", "", "lots", "").unwrap_err().field,
            "points"
        );
        let e = note("reminder", "x", "住建局", "", " ").unwrap_err();
        assert_eq!((e.field, e.problem), ("require", Problem::NoCorrection));
        assert_eq!(note("urging", "x", "", "", "整改").unwrap().target, "");
    }

    /// A point deduction takes negative points; none, zero or positive points are refused,
    /// naming the points field.
    #[test]
    fn a_deduction_note_takes_its_points() {
        let cases = [
            ("-2", Ok(Some(-2.0))),
            ("-2.5", Ok(Some(-2.5))),
            ("", Err("points")),
            (" ", Err("points")),
            ("0", Err("points")),
            ("2", Err("points")),
            ("lots", Err("points")),
        ];
        for (points, want) in cases {
            let got = note("deduction", "逾期", "", points, "整改")
                .map(|n| n.points)
                .map_err(|e| e.field);
            assert_eq!(got, want, "{points:?}");
        }
        let e = note("deduction", "逾期", "", "", "整改").unwrap_err();
        assert_eq!(e.problem, Problem::DeductionPoints);
        // Other levels may go without points.
        assert_eq!(
            note("criticism", "逾期", "", "", "整改").unwrap().points,
            None
        );
    }
}

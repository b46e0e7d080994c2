//! An item (督办事项) and its closed vocabularies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::code_enum;
use super::ladder::Level;
use super::lifecycle::Status;

code_enum! {
    /// Where an item comes from.
    SourceKind {
        Meeting = "meeting" | "会议议定" | "meeting decision",
        Document = "document" | "文件",
        Instruction = "instruction" | "领导批示" | "批示" | "leader instruction",
        Superior = "superior" | "上级交办" | "superior assignment",
        Proposal = "proposal" | "建议提案" | "人大建议" | "政协提案" | "deputies' proposal",
        Complaint = "complaint" | "群众诉求" | "群众来信" | "12345" | "public complaint",
        AnnualKeyWork = "annual" | "年度重点工作" | "annual key work",
        Other = "other" | "其他",
    }
}

code_enum! {
    /// How often the lead department owes progress feedback.
    Cadence {
        Once = "once" | "一次性" | "one-off",
        Weekly = "weekly" | "周督办",
        Monthly = "monthly" | "月督办",
        Quarterly = "quarterly" | "季督办",
        Annual = "annual" | "年督办",
        Staged = "staged" | "阶段性",
    }
}

code_enum! {
    /// One key-matter flag (大事、难事、重要事、领导关注).
    Flag {
        Major = "major" | "大事",
        Difficult = "difficult" | "难事",
        Important = "important" | "重要事",
        Leader = "leader" | "领导关注" | "leader-concerned",
    }
}

code_enum! {
    /// What a feedback entry is.
    FeedbackKind {
        Progress = "progress",
        Completion = "completion",
    }
}

impl Cadence {
    /// Periodic cadences owe one feedback per period.
    pub fn is_periodic(self) -> bool {
        matches!(
            self,
            Cadence::Weekly | Cadence::Monthly | Cadence::Quarterly | Cadence::Annual
        )
    }
}

/// Key-matter flags: any combination.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    pub major: bool,
    pub difficult: bool,
    pub important: bool,
    pub leader: bool,
}

impl Flags {
    pub fn with(mut self, flag: Flag) -> Self {
        match flag {
            Flag::Major => self.major = true,
            Flag::Difficult => self.difficult = true,
            Flag::Important => self.important = true,
            Flag::Leader => self.leader = true,
        }
        self
    }

    pub fn list(self) -> Vec<Flag> {
        Flag::ALL
            .iter()
            .copied()
            .filter(|f| match f {
                Flag::Major => self.major,
                Flag::Difficult => self.difficult,
                Flag::Important => self.important,
                Flag::Leader => self.leader,
            })
            .collect()
    }

    /// Parses a list such as `major,leader` or `大事、领导关注` (comma, Chinese comma or 、
    /// between; empty gives no flags).
    pub fn parse(text: &str) -> Result<Self, super::UnknownCode> {
        text.split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .try_fold(Flags::default(), |acc, part| {
                Ok(acc.with(Flag::parse_field("flags", part)?))
            })
    }
}

/// An item's number: yearly sequence shown as `2026-017`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemNumber {
    pub year: i32,
    pub seq: u32,
}

impl std::fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:03}", self.year, self.seq)
    }
}

impl ItemNumber {
    /// Parses `2026-017` (also `2026-17`).
    pub fn parse(text: &str) -> Option<Self> {
        let (y, s) = text.trim().split_once('-')?;
        if y.len() != 4 || s.is_empty() || !y.chars().chain(s.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            year: y.parse().ok()?,
            seq: s.parse().ok().filter(|&n: &u32| n > 0)?,
        })
    }
}

/// What the rules need to know about an item on a given day: the facts behind its warning light,
/// its next feedback and its triage rank. Kept small so 100,000 of them are cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFacts {
    pub status: Status,
    pub cadence: Cadence,
    pub flags: Flags,
    pub urgent: bool,
    pub registered_on: NaiveDate,
    /// When the clock of the item starts: the assignment date, else the registration date.
    pub started_on: NaiveDate,
    /// The deadline that counts: the original one, or an approved extension.
    pub deadline: Option<NaiveDate>,
    pub last_feedback_on: Option<NaiveDate>,
    pub last_note_on: Option<NaiveDate>,
    /// The highest ladder level recorded so far.
    pub top_level: Option<Level>,
    /// The earliest due date of a milestone not yet done.
    pub next_milestone_due: Option<NaiveDate>,
    /// The second-earliest due date of a milestone not yet done (two overdue: orange).
    pub second_milestone_due: Option<NaiveDate>,
    /// The day the latest suspension began (kept after resumption, with `resumed_on`, so that
    /// no feedback is owed for the periods spent suspended).
    pub suspended_on: Option<NaiveDate>,
    /// The day the latest suspension ended; `None` while suspended or never resumed.
    pub resumed_on: Option<NaiveDate>,
    /// The day the completion report under review (or approved) was submitted: the
    /// department's clock stopped then. Cleared when a report is returned.
    pub submitted_on: Option<NaiveDate>,
}

#[cfg(test)]
impl ItemFacts {
    /// The rules' tests' item: in progress since `started` (registered that day), one-off, no
    /// flags, nothing recorded yet.
    pub(crate) fn in_progress(started: NaiveDate, deadline: Option<NaiveDate>) -> Self {
        ItemFacts {
            status: super::lifecycle::Status::InProgress,
            cadence: Cadence::Once,
            flags: Flags::default(),
            urgent: false,
            registered_on: started,
            started_on: started,
            deadline,
            last_feedback_on: None,
            last_note_on: None,
            top_level: None,
            next_milestone_due: None,
            second_milestone_due: None,
            suspended_on: None,
            resumed_on: None,
            submitted_on: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_and_parse() {
        let n = ItemNumber {
            year: 2026,
            seq: 17,
        };
        assert_eq!(n.to_string(), "2026-017");
        assert_eq!(ItemNumber::parse("2026-017"), Some(n));
        assert_eq!(ItemNumber::parse("2026-17"), Some(n));
        assert_eq!(
            ItemNumber::parse("2026-1234").map(|n| n.to_string()),
            Some("2026-1234".into())
        );
        for bad in [
            "",
            "2026",
            "2026-",
            "26-001",
            "2026-0",
            "2026-x1",
            "2026-001-2",
        ] {
            assert_eq!(ItemNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn flags_parse_any_combination_and_name_bad_ones() {
        let f = Flags::parse("major, leader").unwrap();
        assert!(f.major && f.leader && !f.difficult && !f.important);
        assert_eq!(f.list(), vec![Flag::Major, Flag::Leader]);
        assert_eq!(Flags::parse("").unwrap(), Flags::default());
        let err = Flags::parse("major,urgentish").unwrap_err();
        assert_eq!(
            err.to_string(),
            "flags must be one of: major, difficult, important, leader (got 'urgentish')"
        );
    }
}

//! The urging and accountability ladder (催办 / 责任追究), lowest first.

use super::code_enum;
use super::item::Flags;

code_enum! {
    /// A rung of the ladder. The order of the variants is the order of the ladder.
    Level {
        Reminder = "reminder" | "提醒",
        Urging = "urging" | "催办单" | "催办" | "urging notice",
        Explanation = "explanation" | "书面说明" | "written explanation",
        Interview = "interview" | "约谈",
        Criticism = "criticism" | "通报批评" | "public criticism",
        Deduction = "deduction" | "扣分/取消评优" | "扣分" | "取消评优" | "point deduction",
        Referral = "referral" | "移交纪检" | "referral for discipline",
    }
}

impl Level {
    /// The rung above this one (the top rung stays where it is).
    pub fn next(self) -> Level {
        let all = Level::ALL;
        let i = all.iter().position(|l| *l == self).unwrap_or(0);
        all[(i + 1).min(all.len() - 1)]
    }

    /// 1-based position on the ladder.
    pub fn rank(self) -> usize {
        Level::ALL.iter().position(|l| *l == self).unwrap_or(0) + 1
    }
}

/// What an item's accountability record says of the ladder so far: the highest level given, and
/// how many times it was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LadderSoFar {
    pub top: Option<Level>,
    pub times_at_top: u32,
}

impl LadderSoFar {
    /// The summary of the levels of an item's notes, in any order.
    pub fn of(levels: impl IntoIterator<Item = Level>) -> Self {
        let mut so_far = Self::default();
        for level in levels {
            match so_far.top {
                Some(top) if top == level => so_far.times_at_top += 1,
                Some(top) if top > level => {}
                _ => {
                    so_far.top = Some(level);
                    so_far.times_at_top = 1;
                }
            }
        }
        so_far
    }
}

/// How often the office gives a level before the suggestion climbs (DOMAIN.md "repeated urging":
/// a reminder once, an urging notice twice, every higher level once).
/// Also which items start higher: their first suggestion is an urging notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeats {
    pub reminder: u32,
    pub urging: u32,
    pub higher: u32,
    pub start_higher: StartHigher,
}

impl Default for Repeats {
    fn default() -> Self {
        Self {
            reminder: 1,
            urging: 2,
            higher: 1,
            start_higher: StartHigher::default(),
        }
    }
}

/// The marks that make an item's first suggestion an urging notice rather than a reminder
/// (DOMAIN.md: urgent or leader-concerned items may start higher).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartHigher {
    pub urgent: bool,
    pub leader: bool,
    pub major: bool,
    pub difficult: bool,
    pub important: bool,
}

impl Default for StartHigher {
    fn default() -> Self {
        Self {
            urgent: true,
            leader: true,
            major: false,
            difficult: false,
            important: false,
        }
    }
}

impl StartHigher {
    /// The marks by their codes, in this order.
    pub const CODES: [&'static str; 5] = ["urgent", "leader", "major", "difficult", "important"];

    /// Whether an item with these marks starts higher.
    pub fn applies(self, urgent: bool, flags: Flags) -> bool {
        (self.urgent && urgent)
            || (self.leader && flags.leader)
            || (self.major && flags.major)
            || (self.difficult && flags.difficult)
            || (self.important && flags.important)
    }

    /// Each mark's code with whether it is set, in the order of [`Self::CODES`].
    pub fn marks(self) -> [(&'static str, bool); 5] {
        let set = [
            self.urgent,
            self.leader,
            self.major,
            self.difficult,
            self.important,
        ];
        let mut out = [("", false); 5];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = (Self::CODES[i], set[i]);
        }
        out
    }

    /// The marks named by `codes` (each one of [`Self::CODES`]); `None` on an unknown code.
    pub fn from_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        let mut out = Self {
            urgent: false,
            leader: false,
            major: false,
            difficult: false,
            important: false,
        };
        for code in codes {
            match code.trim() {
                "urgent" => out.urgent = true,
                "leader" => out.leader = true,
                "major" => out.major = true,
                "difficult" => out.difficult = true,
                "important" => out.important = true,
                _ => return None,
            }
        }
        Some(out)
    }
}

impl Repeats {
    pub fn of(self, level: Level) -> u32 {
        match level {
            Level::Reminder => self.reminder,
            Level::Urging => self.urging,
            _ => self.higher,
        }
        .max(1)
    }
}

/// The level the office would use next: the highest so far again while it has been given fewer
/// times than the office repeats it, else one rung above; for a first note a reminder, or an
/// urging notice for the items that start higher (by default urgent or leader-concerned ones).
pub fn suggested_next(so_far: LadderSoFar, urgent: bool, flags: Flags, repeats: Repeats) -> Level {
    match so_far.top {
        Some(level) if so_far.times_at_top < repeats.of(level) => level,
        Some(level) => level.next(),
        None if repeats.start_higher.applies(urgent, flags) => Level::Urging,
        None => Level::Reminder,
    }
}

/// What a note on one item would record unless the clerk changes it: the item's own next level,
/// aimed at its own lead department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub level: Level,
    pub target: String,
}

/// The suggestion for one item (DOMAIN.md: in a bulk decision each item gets its own level and its
/// own lead department as target).
pub fn suggest(
    so_far: LadderSoFar,
    urgent: bool,
    flags: Flags,
    lead_department: &str,
    repeats: Repeats,
) -> Suggestion {
    Suggestion {
        level: suggested_next(so_far, urgent, flags, repeats),
        target: lead_department.to_string(),
    }
}

/// Why a note cannot be recorded on an item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteRefusal {
    #[error("the item is cancelled; no note can be recorded on it")]
    Cancelled,
    #[error(
        "the item is {status}: there is nothing left to urge; only a level from explanation up (accountability for how it was done) can be recorded"
    )]
    NothingToUrge { status: super::Status },
    /// The department has reported: the report awaits the office's review, not an urging.
    #[error(
        "the item's completion report awaits the office's review: there is nothing to urge the department for; review the report instead"
    )]
    Reported,
}

/// Whether a note of `level` may be recorded on an item in `status`: urging (a reminder or an
/// urging notice) is for open items only; accountability for a finished item's lateness may
/// still be recorded; a cancelled item takes no note.
pub fn check_note(status: super::Status, level: Level) -> Result<(), NoteRefusal> {
    use super::Status;
    match status {
        Status::Cancelled => Err(NoteRefusal::Cancelled),
        Status::Completed | Status::Closed if level < Level::Explanation => {
            Err(NoteRefusal::NothingToUrge { status })
        }
        // DOMAIN.md: a department that has reported is not urged.
        Status::AwaitingReview if level < Level::Explanation => Err(NoteRefusal::Reported),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urging_is_for_open_items() {
        use super::super::Status as S;
        let cases = [
            (S::InProgress, Level::Reminder, true),
            (S::Suspended, Level::Urging, true),
            // A department that has reported is not urged; accountability may still be noted.
            (S::AwaitingReview, Level::Urging, false),
            (S::AwaitingReview, Level::Reminder, false),
            (S::AwaitingReview, Level::Explanation, true),
            (S::Completed, Level::Urging, false),
            (S::Completed, Level::Reminder, false),
            (S::Completed, Level::Explanation, true),
            (S::Closed, Level::Criticism, true),
            (S::Closed, Level::Urging, false),
            (S::Cancelled, Level::Criticism, false),
        ];
        for (status, level, ok) in cases {
            assert_eq!(check_note(status, level).is_ok(), ok, "{status} {level}");
        }
    }

    #[test]
    fn ladder_order_is_the_office_order() {
        let codes: Vec<_> = Level::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(
            codes,
            [
                "reminder",
                "urging",
                "explanation",
                "interview",
                "criticism",
                "deduction",
                "referral"
            ]
        );
        assert!(Level::Reminder < Level::Referral);
        assert_eq!(Level::Referral.next(), Level::Referral);
        assert_eq!(Level::Interview.rank(), 4);
    }

    #[test]
    fn suggestions() {
        let plain = Flags::default();
        let leader = Flags {
            leader: true,
            ..Flags::default()
        };
        let r = Repeats::default();
        let so_far = |levels: &[Level]| LadderSoFar::of(levels.iter().copied());
        use Level::*;
        let cases: &[(&[Level], bool, Flags, Level)] = &[
            (&[], false, plain, Reminder),
            (&[], true, plain, Urging),
            (&[], false, leader, Urging),
            // A reminder once, then an urging notice.
            (&[Reminder], false, plain, Urging),
            // An urging notice twice before the suggestion climbs.
            (&[Reminder, Urging], false, plain, Urging),
            (&[Reminder, Urging, Urging], false, plain, Explanation),
            (&[Urging, Urging], true, plain, Explanation),
            // Every higher level once.
            (&[Urging, Urging, Explanation], false, plain, Interview),
            (&[Explanation], false, plain, Interview),
            // A lower note after a higher one does not count at the top.
            (&[Urging, Explanation, Urging], false, plain, Interview),
            (&[Referral], true, leader, Referral),
        ];
        for (levels, urgent, flags, want) in cases {
            assert_eq!(
                suggested_next(so_far(levels), *urgent, *flags, r),
                *want,
                "{levels:?} urgent {urgent}"
            );
        }
    }

    #[test]
    fn the_office_sets_how_often_a_level_repeats() {
        let three_urgings = Repeats {
            urging: 3,
            ..Repeats::default()
        };
        let twice = LadderSoFar::of([Level::Urging, Level::Urging]);
        assert_eq!(
            suggested_next(twice, false, Flags::default(), three_urgings),
            Level::Urging
        );
        assert_eq!(twice.times_at_top, 2);
        let s = suggest(
            twice,
            false,
            Flags::default(),
            "应急管理局",
            Repeats::default(),
        );
        assert_eq!(s.level, Level::Explanation);
        assert_eq!(s.target, "应急管理局");
    }

    #[test]
    fn the_office_chooses_which_items_start_higher() {
        let major = Flags {
            major: true,
            ..Flags::default()
        };
        let leader = Flags {
            leader: true,
            ..Flags::default()
        };
        let first = LadderSoFar::default();
        let d = Repeats::default();
        assert_eq!(
            suggested_next(first, true, Flags::default(), d),
            Level::Urging
        );
        assert_eq!(suggested_next(first, false, leader, d), Level::Urging);
        assert_eq!(suggested_next(first, false, major, d), Level::Reminder);
        let own = Repeats {
            start_higher: StartHigher::from_codes(["major"]).unwrap(),
            ..d
        };
        assert_eq!(
            suggested_next(first, true, Flags::default(), own),
            Level::Reminder
        );
        assert_eq!(suggested_next(first, false, leader, own), Level::Reminder);
        assert_eq!(suggested_next(first, false, major, own), Level::Urging);
        assert_eq!(StartHigher::from_codes(["boss"]), None);
    }
}

//! The urging and accountability ladder (催办 / 责任追究), lowest first.

use super::code_enum;
use super::item::Flags;

code_enum! {
    /// A rung of the ladder. The order of the variants is the order of the ladder.
    Level {
        Reminder = "reminder",
        Urging = "urging",
        Explanation = "explanation",
        Interview = "interview",
        Criticism = "criticism",
        Deduction = "deduction",
        Referral = "referral",
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

/// The level the office would use next: one rung above the highest so far, or, for a first note,
/// a reminder — an urging notice for urgent or leader-concerned items, which start higher.
pub fn suggested_next(top_so_far: Option<Level>, urgent: bool, flags: Flags) -> Level {
    match top_so_far {
        Some(level) => level.next(),
        None if urgent || flags.leader => Level::Urging,
        None => Level::Reminder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let cases = [
            (None, false, plain, Level::Reminder),
            (None, true, plain, Level::Urging),
            (None, false, leader, Level::Urging),
            (Some(Level::Urging), false, plain, Level::Explanation),
            (Some(Level::Explanation), false, plain, Level::Interview),
            (Some(Level::Referral), true, leader, Level::Referral),
        ];
        for (top, urgent, flags, want) in cases {
            assert_eq!(suggested_next(top, urgent, flags), want, "{top:?} {urgent}");
        }
    }
}

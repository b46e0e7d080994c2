//! The words a ledger's status column (完成情况) writes, and the lifecycle state each means.

use crate::domain::lifecycle::Status;

/// The status a ledger's word means; `None` for a word duban does not take (a suspension,
/// which needs its reason and the approving leader, or a word it does not know).
pub fn status_of(word: &str) -> Option<Status> {
    let w: String = word
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let w = w.trim_end_matches(['。', '.', '！', '!']);
    WORDS
        .iter()
        .find(|(words, _)| words.contains(&w))
        .map(|(_, status)| *status)
}

/// Each status with the words ledgers write for it (compared without spaces, in lower case).
pub const WORDS: &[(&[&str], Status)] = &[
    (
        &["立项", "待交办", "未交办", "registered", "new"],
        Status::Registered,
    ),
    (
        &[
            "未启动",
            "未开始",
            "尚未启动",
            "待办",
            "待办理",
            "已交办",
            "交办",
            "未办理",
            "not started",
            "notstarted",
            "assigned",
        ],
        Status::Assigned,
    ),
    (&["已签收", "签收", "acknowledged"], Status::Acknowledged),
    (
        &[
            "进行中",
            "正在办理",
            "办理中",
            "在办",
            "推进中",
            "正在推进",
            "序时推进",
            "按序时推进",
            "持续推进",
            "正在落实",
            "落实中",
            "未完成",
            "逾期",
            "超期",
            "滞后",
            "逾期未完成",
            "未办结",
            "in progress",
            "inprogress",
            "ongoing",
            "overdue",
        ],
        Status::InProgress,
    ),
    (
        &[
            "待审核",
            "已报送",
            "已报办结",
            "待验收",
            "awaiting review",
            "awaitingreview",
        ],
        Status::AwaitingReview,
    ),
    (
        &[
            "已完成",
            "完成",
            "已办结",
            "办结",
            "已落实",
            "落实",
            "待销号",
            "completed",
            "done",
            "complete",
        ],
        Status::Completed,
    ),
    (
        &["已销号", "销号", "已归档", "归档", "closed"],
        Status::Closed,
    ),
    (
        &["撤销", "已撤销", "取消", "已取消", "cancelled", "canceled"],
        Status::Cancelled,
    ),
];

/// The words taken, for a refusal: one or two per status.
pub fn accepted() -> String {
    WORDS
        .iter()
        .flat_map(|(words, _)| words.iter().take(2))
        .copied()
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_words_mean_their_lifecycle_state() {
        for (word, want) in [
            ("已完成", Status::Completed),
            ("办结", Status::Completed),
            ("完成", Status::Completed),
            (" 已办结。", Status::Completed),
            ("进行中", Status::InProgress),
            ("正在办理", Status::InProgress),
            ("逾期", Status::InProgress),
            ("未启动", Status::Assigned),
            ("已销号", Status::Closed),
            ("撤销", Status::Cancelled),
            ("Done", Status::Completed),
            ("In Progress", Status::InProgress),
        ] {
            assert_eq!(status_of(word), Some(want), "{word}");
        }
        assert_eq!(status_of("中止"), None);
        assert_eq!(status_of("差不多了"), None);
        // No word names two states.
        let mut seen = std::collections::HashSet::new();
        for (words, _) in WORDS {
            for w in *words {
                assert!(seen.insert(*w), "{w} twice");
            }
        }
    }
}

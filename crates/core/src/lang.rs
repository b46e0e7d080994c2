//! The language of the words duban shows and writes (Chinese or English), and the words of the
//! domain's own names (statuses, levels, sources, cadences…) that every layer above uses: the
//! reports, the application, the interface and the command line word them from here, once per
//! language.

use crate::domain::item::{Cadence, SourceKind};
use crate::domain::{Level, Move, Status, WarningLight};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// From `$LANG` / `$LC_ALL`: Chinese when it starts with `zh`, English otherwise.
    pub fn from_env() -> Self {
        let var = std::env::var("LC_ALL")
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        if var.to_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The word of this language of a pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn light(self, l: WarningLight) -> &'static str {
        match l {
            WarningLight::Red => self.pick("红", "red"),
            WarningLight::Orange => self.pick("橙", "orange"),
            WarningLight::Yellow => self.pick("黄", "yellow"),
            WarningLight::Green => self.pick("绿", "green"),
        }
    }

    pub fn status(self, s: Status) -> &'static str {
        match s {
            Status::Registered => self.pick("立项", "registered"),
            Status::Assigned => self.pick("已交办", "assigned"),
            Status::Acknowledged => self.pick("已签收", "acknowledged"),
            Status::InProgress => self.pick("办理中", "in progress"),
            Status::AwaitingReview => self.pick("待审核", "awaiting review"),
            Status::Completed => self.pick("办结", "completed"),
            Status::Closed => self.pick("销号", "closed"),
            Status::Suspended => self.pick("中止", "suspended"),
            Status::Cancelled => self.pick("撤销", "cancelled"),
        }
    }

    /// A status in at most eleven cells, for the items table.
    pub fn status_short(self, s: Status) -> &'static str {
        match s {
            Status::Registered => self.pick("立项", "registered"),
            Status::Assigned => self.pick("已交办", "assigned"),
            Status::Acknowledged => self.pick("已签收", "signed for"),
            Status::InProgress => self.pick("办理中", "in progress"),
            Status::AwaitingReview => self.pick("待审核", "in review"),
            Status::Completed => self.pick("办结", "completed"),
            Status::Closed => self.pick("销号", "closed"),
            Status::Suspended => self.pick("中止", "suspended"),
            Status::Cancelled => self.pick("撤销", "cancelled"),
        }
    }

    pub fn mv(self, m: Move) -> &'static str {
        match m {
            Move::Assign => self.pick("交办", "assign"),
            Move::Acknowledge => self.pick("签收", "acknowledge"),
            Move::Start => self.pick("开始办理", "start"),
            Move::Submit => self.pick("报送办结报告", "submit report"),
            Move::Approve => self.pick("审核通过", "approve"),
            Move::Return => self.pick("退回", "return"),
            Move::Close => self.pick("销号", "close"),
            Move::Suspend => self.pick("中止", "suspend"),
            Move::Resume => self.pick("恢复", "resume"),
            Move::Cancel => self.pick("撤销", "cancel"),
        }
    }

    pub fn level(self, l: Level) -> &'static str {
        match l {
            Level::Reminder => self.pick("提醒", "reminder"),
            Level::Urging => self.pick("催办单", "urging notice"),
            Level::Explanation => self.pick("书面说明", "written explanation"),
            Level::Interview => self.pick("约谈", "interview"),
            Level::Criticism => self.pick("通报批评", "public criticism"),
            Level::Deduction => self.pick("扣分/取消评优", "point deduction"),
            Level::Referral => self.pick("移交纪检", "referral for discipline"),
        }
    }

    /// The sense of a leader's instruction (领导批示).
    pub fn sense(self, s: crate::domain::instruction::InstructionSense) -> &'static str {
        use crate::domain::instruction::InstructionSense as S;
        match s {
            S::Affirms => self.pick("肯定", "affirms"),
            S::Criticises => self.pick("批评", "criticises"),
            S::Requires => self.pick("提出新要求", "new requirement"),
        }
    }

    pub fn source(self, s: SourceKind) -> &'static str {
        match s {
            SourceKind::Meeting => self.pick("会议议定", "meeting decision"),
            SourceKind::Document => self.pick("文件", "document"),
            SourceKind::Instruction => self.pick("领导批示", "leader instruction"),
            SourceKind::Superior => self.pick("上级交办", "superior assignment"),
            SourceKind::Proposal => self.pick("建议提案", "deputies' proposal"),
            SourceKind::Complaint => self.pick("群众诉求", "public complaint"),
            SourceKind::AnnualKeyWork => self.pick("年度重点工作", "annual key work"),
            SourceKind::Other => self.pick("其他", "other"),
        }
    }

    pub fn cadence(self, c: Cadence) -> &'static str {
        match c {
            Cadence::Once => self.pick("一次性", "one-off"),
            Cadence::Weekly => self.pick("周督办", "weekly"),
            Cadence::Monthly => self.pick("月督办", "monthly"),
            Cadence::Quarterly => self.pick("季督办", "quarterly"),
            Cadence::Annual => self.pick("年督办", "annual"),
            Cadence::Staged => self.pick("阶段性", "staged"),
        }
    }
}

/// "1 working day", "3 working days".
pub fn en_count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

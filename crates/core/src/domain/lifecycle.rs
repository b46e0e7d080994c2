//! The lifecycle of an item: a closed transition table. Every legal move names the status it
//! leads to; everything else is refused with the moves that are allowed.

use super::code_enum;

code_enum! {
    /// Where an item stands.
    Status {
        Registered = "registered" | "立项" | "new",
        Assigned = "assigned" | "已交办" | "交办",
        Acknowledged = "acknowledged" | "已签收" | "签收" | "signed for",
        InProgress = "in_progress" | "办理中" | "in progress" | "working",
        AwaitingReview = "awaiting_review" | "待审核" | "办结报告待审核" | "awaiting review" | "in review",
        Completed = "completed" | "办结",
        Closed = "closed" | "销号" | "归档",
        Suspended = "suspended" | "中止",
        Cancelled = "cancelled" | "撤销",
    }
}

code_enum! {
    /// A move along the lifecycle.
    Move {
        Assign = "assign",
        Acknowledge = "acknowledge",
        Start = "start",
        Submit = "submit",
        Approve = "approve",
        Return = "return",
        Close = "close",
        Suspend = "suspend",
        Resume = "resume",
        Cancel = "cancel",
    }
}

impl Status {
    /// Open items are the ones supervision still chases (not completed, closed or cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Completed | Status::Closed | Status::Cancelled)
    }

    /// No move leads out of a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// Whether deadlines and lights run: open and not suspended.
    pub fn is_running(self) -> bool {
        self.is_open() && self != Status::Suspended
    }

    /// Whether the lead department's clock runs: running, and not stopped by a completion
    /// report awaiting the office's review (DOMAIN.md, "Whose clock runs").
    pub fn department_clock_runs(self) -> bool {
        self.is_running() && self != Status::AwaitingReview
    }

    /// The moves allowed from this status, in the order a clerk would consider them.
    pub fn allowed_moves(self) -> Vec<Move> {
        Move::ALL
            .iter()
            .copied()
            .filter(|m| next_status(self, *m, Some(Status::InProgress)).is_some())
            .collect()
    }
}

impl Move {
    /// Return, suspend and cancel must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Move::Return | Move::Suspend | Move::Cancel)
    }

    /// Whether the move names a person (`by`): who acknowledged (签收人), or the leader who
    /// approved a suspension (批准人).
    pub fn names_a_person(self) -> bool {
        matches!(self, Move::Acknowledge | Move::Suspend)
    }
}

/// The transition table. `suspended_from` is the status an item had before it was suspended;
/// `resume` leads back there.
pub fn next_status(from: Status, mv: Move, suspended_from: Option<Status>) -> Option<Status> {
    use Move as M;
    use Status as S;
    match (from, mv) {
        (S::Registered, M::Assign) => Some(S::Assigned),
        (S::Assigned, M::Acknowledge) => Some(S::Acknowledged),
        // Starting work implies the acknowledgement.
        (S::Assigned | S::Acknowledged, M::Start) => Some(S::InProgress),
        (S::InProgress, M::Submit) => Some(S::AwaitingReview),
        (S::AwaitingReview, M::Approve) => Some(S::Completed),
        (S::AwaitingReview, M::Return) => Some(S::InProgress),
        (S::Completed, M::Close) => Some(S::Closed),
        (
            S::Registered | S::Assigned | S::Acknowledged | S::InProgress | S::AwaitingReview,
            M::Suspend,
        ) => Some(S::Suspended),
        (S::Suspended, M::Resume) => suspended_from.filter(|s| s.is_running()),
        (
            S::Registered
            | S::Assigned
            | S::Acknowledged
            | S::InProgress
            | S::AwaitingReview
            | S::Suspended,
            M::Cancel,
        ) => Some(S::Cancelled),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {mv} an item that is {from}; allowed from {from}: {}", allowed_list(.allowed))]
pub struct IllegalMove {
    pub from: Status,
    pub mv: Move,
    pub allowed: Vec<Move>,
}

fn working_days(n: i64) -> String {
    if n == 1 {
        "1 working day".into()
    } else {
        format!("{n} working days")
    }
}

fn allowed_list(allowed: &[Move]) -> String {
    if allowed.is_empty() {
        "none (the item is finished)".to_string()
    } else {
        allowed
            .iter()
            .map(|m| m.code())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Applies a move, or says why it is refused.
pub fn apply(
    from: Status,
    mv: Move,
    suspended_from: Option<Status>,
) -> Result<Status, IllegalMove> {
    next_status(from, mv, suspended_from).ok_or_else(|| IllegalMove {
        from,
        mv,
        allowed: from.allowed_moves(),
    })
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefusal {
    #[error("{0}")]
    Illegal(#[from] IllegalMove),
    /// Return, suspend and cancel must say why.
    #[error("{mv} needs a reason")]
    NoReason { mv: Move },
    /// An acknowledgement names who acknowledged (签收人).
    #[error("an acknowledgement names who acknowledged (--by)")]
    NoAcknowledger,
    /// An item already past its deadline is suspended only with a leader's approval (DOMAIN.md:
    /// suspension is never a way to hide an overdue item).
    #[error(
        "the item is {} past its deadline; suspending it needs the approving leader's name (--approved-by)",
        working_days(*working_days_late)
    )]
    NeedsApproval { working_days_late: i64 },
}

/// Where an item stands, as much as a move needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveFrom {
    pub status: Status,
    /// The status a suspended item resumes to.
    pub suspended_from: Option<Status>,
    pub clock: super::timing::ClockDates,
    /// The item's source kind and registration day: an assignment may set a deputies'
    /// proposal's default deadline again, from the assignment.
    pub kind: super::SourceKind,
    pub registered_on: chrono::NaiveDate,
}

/// What a move does to an item: the status it leads to, every column it sets, and the reason it
/// records. The store applies it as it is; the interfaces only show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub reason: Option<String>,
    /// Who acknowledged (签收人), or the leader who approved a suspension (批准人).
    pub by: Option<String>,
    pub sets: Vec<super::history::Set>,
    /// On a resumption that moved the deadline: the working days spent suspended, by which it
    /// moved.
    pub suspended_working_days: Option<u32>,
    /// The deadline before and after, when the move set it (a resumption, or a proposal's
    /// assignment): the clerk is told.
    pub deadline_moved: Option<(Option<chrono::NaiveDate>, chrono::NaiveDate)>,
}

/// The transition a move makes on `today`, or why it is refused: the status from the table, the
/// dates it records (assignment, completion, closing), the status a suspension resumes to, and
/// what it does to the clock (DOMAIN.md "whose clock runs": suspension stops it and resumption
/// moves the deadline by the working days suspended; submission stops the department's clock,
/// a return lets it run again).
pub fn transition(
    item: &MoveFrom,
    mv: Move,
    reason: Option<&str>,
    today: chrono::NaiveDate,
    cal: &super::WorkCalendar,
    rules: &super::Rules,
) -> Result<Transition, MoveRefusal> {
    transition_by(item, mv, reason, None, today, cal, rules)
}

/// [`transition`] with the person the move names (`by`): who acknowledged an assignment
/// (签收人, required), or the leader who approved a suspension (required when the item is
/// already past its deadline). Other moves ignore it.
pub fn transition_by(
    item: &MoveFrom,
    mv: Move,
    reason: Option<&str>,
    by: Option<&str>,
    today: chrono::NaiveDate,
    cal: &super::WorkCalendar,
    rules: &super::Rules,
) -> Result<Transition, MoveRefusal> {
    use super::history::{Column, Set};
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if mv.needs_reason() && reason.is_none() {
        return Err(MoveRefusal::NoReason { mv });
    }
    let to = apply(item.status, mv, item.suspended_from)?;
    let by = by
        .map(str::trim)
        .filter(|b| !b.is_empty() && mv.names_a_person());
    if mv == Move::Acknowledge && by.is_none() {
        return Err(MoveRefusal::NoAcknowledger);
    }
    if mv == Move::Suspend
        && by.is_none()
        && let Some(deadline) = item.clock.deadline.filter(|d| *d < today)
        && item.status.department_clock_runs()
    {
        return Err(MoveRefusal::NeedsApproval {
            working_days_late: cal.working_days_between(deadline, today),
        });
    }
    let mut sets = vec![Set::code(Column::Status, Some(to.code()))];
    match mv {
        Move::Assign => sets.push(Set::day(Column::AssignedOn, Some(today))),
        Move::Approve => sets.push(Set::day(Column::CompletedOn, Some(today))),
        Move::Close => sets.push(Set::day(Column::ClosedOn, Some(today))),
        Move::Suspend => sets.push(Set::code(Column::SuspendedFrom, Some(item.status.code()))),
        Move::Resume => sets.push(Set::code(Column::SuspendedFrom, None)),
        _ => {}
    }
    let clock = super::timing::on_move(mv, &item.clock, today, cal);
    let dates = [
        (
            Column::SuspendedOn,
            clock.suspended_on,
            item.clock.suspended_on,
        ),
        (Column::ResumedOn, clock.resumed_on, item.clock.resumed_on),
        (
            Column::SubmittedOn,
            clock.submitted_on,
            item.clock.submitted_on,
        ),
    ];
    for (column, after, before) in dates {
        if let Some(after) = after.filter(|a| *a != before) {
            sets.push(Set::day(column, after));
        }
    }
    let mut deadline_moved = None;
    if let Some(shift) = clock.deadline {
        sets.push(Set::day(Column::Deadline, Some(shift.after)));
        deadline_moved = Some((Some(shift.before), shift.after));
    }
    if mv == Move::Assign
        && let Some(new) = rules.deadline_on_assignment(
            item.kind,
            item.registered_on,
            item.clock.deadline,
            today,
            cal,
        )
    {
        sets.push(Set::day(Column::Deadline, Some(new)));
        deadline_moved = Some((item.clock.deadline, new));
    }
    Ok(Transition {
        from: item.status,
        to,
        reason: reason.map(str::to_string),
        by: by.map(str::to_string),
        sets,
        suspended_working_days: clock.deadline.map(|s| s.working_days),
        deadline_moved,
    })
}

/// What the completion key (`d`) means for an item: the department's completion report comes in,
/// or the office reviews the report that came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionStep {
    /// In progress: record the completion report and move to awaiting review.
    Report,
    /// Awaiting review: approve (completed) or return (in progress again, with a reason).
    Review,
}

/// The completion step for an item in `status`, or the refusal of a submission with the moves
/// that are allowed.
pub fn completion_step(status: Status) -> Result<CompletionStep, IllegalMove> {
    match status {
        Status::InProgress => Ok(CompletionStep::Report),
        Status::AwaitingReview => Ok(CompletionStep::Review),
        other => Err(IllegalMove {
            from: other,
            mv: Move::Submit,
            allowed: other.allowed_moves(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(status: Status) -> MoveFrom {
        MoveFrom {
            status,
            suspended_from: None,
            clock: crate::domain::timing::ClockDates {
                deadline: Some(d("2026-12-10")),
                suspended_on: None,
                resumed_on: None,
                submitted_on: None,
            },
            kind: crate::domain::SourceKind::Document,
            registered_on: d("2026-11-02"),
        }
    }

    #[test]
    fn a_transition_names_every_column_it_sets() {
        use crate::domain::history::{Column, Set};
        let cal = crate::domain::WorkCalendar::default();
        let rules = crate::domain::Rules::default();
        let today = d("2026-11-25");
        let columns = |t: &Transition| t.sets.iter().map(|s| s.column).collect::<Vec<_>>();
        let assign = transition(
            &at(Status::Registered),
            Move::Assign,
            None,
            today,
            &cal,
            &rules,
        )
        .unwrap();
        assert_eq!(columns(&assign), [Column::Status, Column::AssignedOn]);
        let submit = transition(
            &at(Status::InProgress),
            Move::Submit,
            None,
            today,
            &cal,
            &rules,
        )
        .unwrap();
        assert_eq!(columns(&submit), [Column::Status, Column::SubmittedOn]);
        assert_eq!(submit.sets[1], Set::day(Column::SubmittedOn, Some(today)));
        let suspend = transition(
            &at(Status::InProgress),
            Move::Suspend,
            Some(" 待省里方案 "),
            today,
            &cal,
            &rules,
        )
        .unwrap();
        assert_eq!(suspend.reason.as_deref(), Some("待省里方案"));
        assert_eq!(
            suspend.sets[1],
            Set::code(Column::SuspendedFrom, Some("in_progress"))
        );
        // Resuming five working days later moves the deadline by five working days.
        let mut suspended = at(Status::Suspended);
        suspended.suspended_from = Some(Status::InProgress);
        suspended.clock.suspended_on = Some(d("2026-11-18"));
        let resume = transition(&suspended, Move::Resume, None, today, &cal, &rules).unwrap();
        assert_eq!(resume.to, Status::InProgress);
        assert_eq!(resume.suspended_working_days, Some(5));
        assert_eq!(
            resume.sets.last(),
            Some(&Set::day(Column::Deadline, Some(d("2026-12-17"))))
        );
        // Refusals: a move the table does not allow, a reason missing.
        assert!(matches!(
            transition(
                &at(Status::Registered),
                Move::Approve,
                None,
                today,
                &cal,
                &rules
            ),
            Err(MoveRefusal::Illegal(_))
        ));
        assert_eq!(
            transition(
                &at(Status::AwaitingReview),
                Move::Return,
                Some("  "),
                today,
                &cal,
                &rules
            ),
            Err(MoveRefusal::NoReason { mv: Move::Return })
        );
    }

    #[test]
    fn the_completion_key_asks_for_a_report_or_a_review() {
        use Status as S;
        for s in Status::ALL {
            let want = match s {
                S::InProgress => Some(CompletionStep::Report),
                S::AwaitingReview => Some(CompletionStep::Review),
                _ => None,
            };
            assert_eq!(completion_step(*s).ok(), want, "{s}");
        }
        let refused = completion_step(S::Assigned).unwrap_err();
        assert_eq!(refused.mv, Move::Submit);
        assert_eq!(
            refused.allowed,
            vec![Move::Acknowledge, Move::Start, Move::Suspend, Move::Cancel]
        );
    }

    #[test]
    fn the_happy_path() {
        let mut s = Status::Registered;
        for mv in [
            Move::Assign,
            Move::Start,
            Move::Submit,
            Move::Approve,
            Move::Close,
        ] {
            s = apply(s, mv, None).unwrap();
        }
        assert_eq!(s, Status::Closed);
        assert!(s.is_terminal());
    }

    #[test]
    fn table() {
        use Move as M;
        use Status as S;
        let cases = [
            (S::Registered, M::Approve, None),
            (S::Registered, M::Assign, Some(S::Assigned)),
            (S::AwaitingReview, M::Return, Some(S::InProgress)),
            (S::Completed, M::Cancel, None),
            (S::Closed, M::Resume, None),
            (S::Cancelled, M::Assign, None),
            (S::InProgress, M::Suspend, Some(S::Suspended)),
            (S::Assigned, M::Submit, None),
        ];
        for (from, mv, want) in cases {
            assert_eq!(next_status(from, mv, None), want, "{from} {mv}");
        }
    }

    #[test]
    fn resume_goes_back_where_it_was() {
        assert_eq!(
            apply(Status::Suspended, Move::Resume, Some(Status::Assigned)),
            Ok(Status::Assigned)
        );
        assert!(apply(Status::Suspended, Move::Resume, None).is_err());
    }

    #[test]
    fn refusal_names_status_and_allowed_moves() {
        let err = apply(Status::Registered, Move::Approve, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot approve an item that is registered; allowed from registered: assign, suspend, cancel"
        );
        let err = apply(Status::Closed, Move::Close, None).unwrap_err();
        assert!(err.to_string().ends_with("none (the item is finished)"));
    }

    #[test]
    fn terminal_statuses_allow_nothing_and_others_allow_something() {
        for s in Status::ALL {
            assert_eq!(s.allowed_moves().is_empty(), s.is_terminal(), "{s}");
        }
    }

    proptest! {
        /// Random walks only ever take legal moves, and a terminal status is never left.
        #[test]
        fn walks_stay_legal(moves in proptest::collection::vec(0usize..Move::ALL.len(), 0..40)) {
            let mut s = Status::Registered;
            let mut before_suspend = None;
            for i in moves {
                let mv = Move::ALL[i];
                match apply(s, mv, before_suspend) {
                    Ok(next) => {
                        prop_assert!(!s.is_terminal());
                        prop_assert!(s.allowed_moves().contains(&mv));
                        if next == Status::Suspended { before_suspend = Some(s); }
                        s = next;
                    }
                    Err(e) => prop_assert!(!e.allowed.contains(&mv)),
                }
            }
        }

        /// From every status a terminal status is reachable through legal moves.
        #[test]
        fn terminal_is_reachable(start in 0usize..Status::ALL.len()) {
            let mut s = Status::ALL[start];
            let mut steps = 0;
            while !s.is_terminal() {
                let mv = if s.allowed_moves().contains(&Move::Cancel) { Move::Cancel } else { s.allowed_moves()[0] };
                s = apply(s, mv, Some(Status::InProgress)).unwrap();
                steps += 1;
                prop_assert!(steps < 10);
            }
        }
    }
}

//! The verbs that move an item along its lifecycle or move its deadline: each move of the
//! transition table, suspension and resumption, a submission with its report, an extension
//! asked for and decided, milestones added and completed.

use chrono::NaiveDate;

use super::office::{self, before, clerk, day, on, one_new_event, today};
use super::{Factory, Outcome, check::Broken};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{Column, EventCode, EventKind};
use crate::domain::item::FeedbackKind;
use crate::domain::lifecycle::{self, Move, Status, next_status};
use crate::store::{Backend, Ctx, Records};

/// One move on `number` by the clerk of `ctx`: the status the table gives, one
/// `status_changed` event naming the move, a version one higher.
fn moved<B: Backend>(
    store: &mut B,
    ctx: &Ctx,
    number: crate::domain::item::ItemNumber,
    mv: Move,
) -> Result<crate::store::ItemRow, Broken> {
    let was = store.item_detail(number)?.row;
    let (known, total) = before(store, number)?;
    let reason = mv.needs_reason().then_some("理由");
    let by = mv.names_a_person().then_some("王五");
    let to = store.write(ctx, |w| {
        w.apply_move_by(number, mv, reason, by, Some(was.version))
    })?;
    let want = next_status(was.status, mv, was.suspended_from);
    ensure_eq!(
        Some(to),
        want,
        "{} --{mv}--> the table's status",
        was.status
    );
    let row = store.item_detail(number)?.row;
    ensure_eq!(row.status, to, "the stored status after {mv}");
    ensure_eq!(row.version, was.version + 1, "the version after {mv}");
    let e = one_new_event(store, number, known, total, EventCode::StatusChanged)?;
    match e.kind {
        EventKind::StatusChanged {
            mv: got,
            from,
            to: into,
            ..
        } => ensure_eq!((got, from, into), (mv, was.status, to), "the move's event"),
        other => return Err(Broken::new(format!("not a move: {other:?}"))),
    }
    Ok(row)
}

pub fn each_lifecycle_move_follows_the_table_and_appends_one_status_changed<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let c = clerk();
    let n = office::registered(&mut store, "全流程")?;
    let row = moved(&mut store, &c, n, Move::Assign)?;
    ensure_eq!(row.assigned_on, Some(today()), "assigned on");
    moved(&mut store, &c, n, Move::Acknowledge)?;
    moved(&mut store, &c, n, Move::Start)?;
    let row = moved(&mut store, &c, n, Move::Submit)?;
    ensure_eq!(row.submitted_on, Some(today()), "submitted on");
    moved(&mut store, &c, n, Move::Return)?;
    moved(&mut store, &c, n, Move::Submit)?;
    let row = moved(&mut store, &c, n, Move::Approve)?;
    ensure_eq!(row.completed_on, Some(today()), "completed on");
    let row = moved(&mut store, &c, n, Move::Close)?;
    ensure_eq!(
        (row.status, row.closed_on),
        (Status::Closed, Some(today())),
        "closed"
    );
    let other = office::registered(&mut store, "撤销的事项")?;
    let row = moved(&mut store, &c, other, Move::Cancel)?;
    ensure_eq!(row.status, Status::Cancelled, "cancelled");
    Ok(())
}

pub fn a_suspension_keeps_the_status_to_resume_to_and_a_resumption_moves_the_deadline<
    F: Factory,
>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let row = moved(&mut store, &on(day(11, 16)), n, Move::Suspend)?;
    ensure_eq!(
        (row.status, row.suspended_from, row.suspended_on),
        (
            Status::Suspended,
            Some(Status::InProgress),
            Some(day(11, 16))
        ),
        "the row suspended"
    );
    // What the rules say a resumption a week later does, from the row as it stands.
    let resume_on = on(day(11, 23));
    let rule = lifecycle::transition(
        &row.move_from(),
        Move::Resume,
        None,
        resume_on.today,
        &resume_on.calendar,
        &resume_on.rules,
    )
    .map_err(|e| Broken::new(format!("the rules refuse the resumption: {e}")))?;
    let deadline = rule
        .sets
        .iter()
        .find(|s| s.column == Column::Deadline)
        .and_then(|s| s.value.as_day());
    ensure!(
        deadline.is_some_and(|d| Some(d) > row.deadline),
        "the rules move the deadline on resumption: {rule:?}"
    );
    let resumed = moved(&mut store, &resume_on, n, Move::Resume)?;
    ensure_eq!(
        (
            resumed.status,
            resumed.suspended_from,
            resumed.resumed_on,
            resumed.deadline
        ),
        (Status::InProgress, None, Some(day(11, 23)), deadline),
        "the row resumed"
    );
    match store.history(n)?.last().map(|e| &e.kind) {
        Some(EventKind::StatusChanged {
            suspended_working_days,
            ..
        }) => ensure_eq!(
            *suspended_working_days,
            rule.suspended_working_days,
            "the working days suspended"
        ),
        other => return Err(Broken::new(format!("not a move: {other:?}"))),
    }
    Ok(())
}

pub fn a_submission_with_its_report_awaits_review_and_records_a_completion_feedback<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let (known, total) = before(&store, n)?;
    let report = office::progress(100);
    let status = store.write(&clerk(), |w| w.submit(n, Some(&report), None))?;
    ensure_eq!(status, Status::AwaitingReview, "the status submitted");
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.status, d.row.submitted_on, d.row.last_percent),
        (Status::AwaitingReview, Some(today()), Some(100)),
        "the row submitted"
    );
    ensure_eq!(
        d.feedback
            .iter()
            .map(|x| (x.kind, x.percent))
            .collect::<Vec<_>>(),
        vec![(FeedbackKind::Completion, Some(100))],
        "the report is a completion feedback"
    );
    ensure_eq!(store.event_count()?, total + 2, "the store's events");
    let codes: Vec<EventCode> = office::events_after(&store, n, known)?
        .iter()
        .map(|e| e.kind.code())
        .collect();
    ensure_eq!(
        codes,
        vec![EventCode::StatusChanged, EventCode::FeedbackAdded],
        "the submission's events"
    );
    Ok(())
}

pub fn an_extension_asked_for_and_approved_moves_the_deadline_and_a_rejected_one_does_not<
    F: Factory,
>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let later = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default();
    let (known, total) = before(&store, n)?;
    let id = store.write(&clerk(), |w| {
        w.request_extension(n, later, "配合单位未到位")
    })?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        d.row.deadline,
        Some(day(12, 31)),
        "the deadline while asked"
    );
    ensure_eq!(
        d.extensions
            .iter()
            .map(|x| (x.id, x.old_deadline, x.new_deadline, x.decision))
            .collect::<Vec<_>>(),
        vec![(id, day(12, 31), later, ExtensionDecision::Pending)],
        "the request recorded"
    );
    let e = one_new_event(&store, n, known, total, EventCode::ExtensionRequested)?;
    match e.kind {
        EventKind::ExtensionRequested {
            extension_id,
            old_deadline,
            new_deadline,
            ..
        } => ensure_eq!(
            (extension_id, old_deadline, new_deadline),
            (id, Some(day(12, 31)), later),
            "the request's event"
        ),
        other => return Err(Broken::new(format!("not a request: {other:?}"))),
    }
    let (known, total) = before(&store, n)?;
    let decided = store.write(&clerk(), |w| w.decide_extension_by(n, true, Some("王市长")))?;
    ensure_eq!(decided, ExtensionDecision::Approved, "the decision");
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.deadline, d.original_deadline),
        (Some(later), Some(day(12, 31))),
        "the deadline approved and the original kept"
    );
    ensure_eq!(
        d.extensions
            .iter()
            .map(|x| (x.decision, x.decided_on))
            .collect::<Vec<_>>(),
        vec![(ExtensionDecision::Approved, Some(today()))],
        "the request decided"
    );
    let e = one_new_event(&store, n, known, total, EventCode::ExtensionDecided)?;
    match e.kind {
        EventKind::ExtensionDecided {
            extension_id,
            decision,
            by,
            ..
        } => ensure_eq!(
            (extension_id, decision, by.as_deref()),
            (id, ExtensionDecision::Approved, Some("王市长")),
            "the decision's event"
        ),
        other => return Err(Broken::new(format!("not a decision: {other:?}"))),
    }
    // A second request, rejected: the deadline stays.
    let further = NaiveDate::from_ymd_opt(2027, 1, 22).unwrap_or_default();
    store.write(&clerk(), |w| w.request_extension(n, further, "仍需协调"))?;
    let decided = store.write(&clerk(), |w| w.decide_extension(n, false))?;
    ensure_eq!(decided, ExtensionDecision::Rejected, "the second decision");
    ensure_eq!(
        store.item_detail(n)?.row.deadline,
        Some(later),
        "the deadline after a rejection"
    );
    Ok(())
}

pub fn milestones_added_and_completed_keep_the_next_two_due_days<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let (known, total) = before(&store, n)?;
    let first = store.write(&clerk(), |w| w.add_milestone(n, "方案", day(12, 4)))?;
    let e = one_new_event(&store, n, known, total, EventCode::MilestoneAdded)?;
    match e.kind {
        EventKind::MilestoneAdded {
            milestone_no,
            due_on,
            ..
        } => ensure_eq!(
            (milestone_no, due_on),
            (1, day(12, 4)),
            "the milestone's event"
        ),
        other => return Err(Broken::new(format!("not a milestone: {other:?}"))),
    }
    store.write(&clerk(), |w| w.add_milestone(n, "施工", day(12, 15)))?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.next_milestone_due, d.row.second_milestone_due),
        (Some(day(12, 4)), Some(day(12, 15))),
        "the two next due days"
    );
    ensure_eq!(
        d.milestones
            .iter()
            .map(|m| (m.title.as_str(), m.due_on, m.done_on))
            .collect::<Vec<_>>(),
        vec![("方案", day(12, 4), None), ("施工", day(12, 15), None)],
        "the milestones recorded"
    );
    let (known, total) = before(&store, n)?;
    store.write(&clerk(), |w| w.complete_milestone(n, 1))?;
    let e = one_new_event(&store, n, known, total, EventCode::MilestoneDone)?;
    match e.kind {
        EventKind::MilestoneDone {
            milestone_no,
            done_on,
            ..
        } => ensure_eq!(
            (milestone_no, done_on),
            (1, today()),
            "the completion's event"
        ),
        other => return Err(Broken::new(format!("not a completion: {other:?}"))),
    }
    let d = store.item_detail(n)?;
    ensure_eq!(
        (
            d.row.next_milestone_due,
            d.row.second_milestone_due,
            d.milestones.first().and_then(|m| m.done_on)
        ),
        (Some(day(12, 15)), None, Some(today())),
        "the due days after the first is done"
    );
    ensure_eq!(first, 1, "the first milestone's number");
    // Done already: completing it again writes nothing.
    let same = office::snapshot(&store)?;
    store.write(&clerk(), |w| w.complete_milestone(n, 1))?;
    office::unchanged(&store, &same, "a milestone completed twice")
}

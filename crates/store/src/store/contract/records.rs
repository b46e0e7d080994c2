//! The verbs that add a record to an item or change its fields: edit, feedback, note,
//! commendation, instruction, snooze. Each changes the row as the rules say and appends
//! exactly one typed event of its kind, carrying the item's new version.

use super::office::{self, before, clerk, day, one_new_event, progress, today, version_of};
use super::{Factory, Outcome, check::Broken};
use crate::domain::history::{EventCode, EventKind};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, FeedbackKind, Flags};
use crate::domain::ladder::Level;
use crate::store::{Backend, ItemEdit, NewCommendation, NewInstruction, NewNote, Records};

pub fn an_edit_changes_the_editable_fields_and_appends_one_item_edited<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "老旧小区改造")?;
    let was = store.item_detail(n)?;
    let (known, total) = before(&store, n)?;
    let edit = ItemEdit {
        title: "老旧小区改造（修订）".into(),
        requirement: "年底前完成改造".into(),
        owner: "王芳".into(),
        source_ref: "第7次常务会议".into(),
        flags: Flags {
            difficult: true,
            ..Flags::default()
        },
        urgent: true,
        cadence: Cadence::Monthly,
    };
    let changed = store.write(&clerk(), |w| w.edit_item(n, &edit, Some(was.row.version)))?;
    ensure!(changed, "the edit says it changed nothing");
    let d = store.item_detail(n)?;
    ensure_eq!(
        (
            d.row.title.as_str(),
            d.requirement.as_str(),
            d.row.owner.as_str(),
            d.row.source_ref.as_str(),
            d.row.flags,
            d.row.urgent,
            d.row.cadence,
        ),
        (
            edit.title.as_str(),
            edit.requirement.as_str(),
            edit.owner.as_str(),
            edit.source_ref.as_str(),
            edit.flags,
            edit.urgent,
            edit.cadence,
        ),
        "the edited fields"
    );
    ensure_eq!(
        (d.row.status, d.row.deadline, d.row.lead_department.as_str()),
        (
            was.row.status,
            was.row.deadline,
            was.row.lead_department.as_str()
        ),
        "what an edit does not touch"
    );
    ensure_eq!(d.row.version, was.row.version + 1, "the version");
    let e = one_new_event(&store, n, known, total, EventCode::ItemEdited)?;
    ensure_eq!(version_of(&e), Some(d.row.version), "the event's version");
    // The same edit again changes nothing and writes nothing.
    let same = office::snapshot(&store)?;
    let changed = store.write(&clerk(), |w| w.edit_item(n, &edit, None))?;
    ensure!(
        !changed,
        "an edit to the same values says it changed something"
    );
    office::unchanged(&store, &same, "an edit to the same values")
}

pub fn a_feedback_sets_the_last_feedback_and_percent_and_appends_one_feedback_added<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "食品安全检查")?;
    let was = store.item_detail(n)?;
    let (known, total) = before(&store, n)?;
    let fb = progress(40);
    let id = store.write(&clerk(), |w| w.add_feedback(n, &fb, Some(was.row.version)))?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.last_feedback_on, d.row.last_percent, d.row.version),
        (Some(today()), Some(40), was.row.version + 1),
        "the row after a feedback"
    );
    ensure_eq!(
        d.feedback
            .iter()
            .map(|x| (
                x.id,
                x.on_date,
                x.reporter.as_str(),
                x.text.as_str(),
                x.percent,
                x.kind
            ))
            .collect::<Vec<_>>(),
        vec![(
            id,
            today(),
            "张三",
            fb.text.as_str(),
            Some(40),
            FeedbackKind::Progress
        )],
        "the feedback recorded"
    );
    let e = one_new_event(&store, n, known, total, EventCode::FeedbackAdded)?;
    match &e.kind {
        EventKind::FeedbackAdded {
            feedback_id,
            percent,
            kind,
            on,
            ..
        } => ensure_eq!(
            (*feedback_id, *percent, *kind, on.version),
            (id, Some(40), FeedbackKind::Progress, d.row.version),
            "the feedback's event"
        ),
        other => return Err(Broken::new(format!("not a feedback: {other:?}"))),
    }
    Ok(())
}

pub fn a_note_climbs_the_ladder_and_appends_one_note_added<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let was = store.item_detail(n)?;
    let (known, total) = before(&store, n)?;
    let note = |level| NewNote {
        level,
        target: String::new(),
        reason: "逾期未反馈".into(),
        points: None,
        requirement: "三日内报送".into(),
    };
    let id = store.write(&clerk(), |w| w.add_note(n, &note(Level::Urging), None))?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.top_level, d.row.last_note_on, d.row.version),
        (Some(Level::Urging), Some(today()), was.row.version + 1),
        "the row after a note"
    );
    // An empty target is the lead department.
    ensure_eq!(
        d.notes
            .iter()
            .map(|x| (x.id, x.level, x.target.as_str(), x.requirement.as_str()))
            .collect::<Vec<_>>(),
        vec![(id, Level::Urging, "住建局", "三日内报送")],
        "the note recorded"
    );
    let e = one_new_event(&store, n, known, total, EventCode::NoteAdded)?;
    match &e.kind {
        EventKind::NoteAdded {
            note_id,
            level,
            target,
            ..
        } => ensure_eq!(
            (*note_id, *level, target.as_str()),
            (id, Level::Urging, "住建局"),
            "the note's event"
        ),
        other => return Err(Broken::new(format!("not a note: {other:?}"))),
    }
    // A lower rung afterwards leaves the highest level where it was.
    store.write(&clerk(), |w| w.add_note(n, &note(Level::Reminder), None))?;
    let d = store.item_detail(n)?;
    ensure_eq!(d.row.top_level, Some(Level::Urging), "the highest level");
    ensure_eq!(d.notes.len(), 2, "the notes");
    Ok(())
}

pub fn a_commendation_changes_only_the_version_and_appends_one_commended<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let was = store.item_detail(n)?;
    let (known, total) = before(&store, n)?;
    let c = NewCommendation {
        target: String::new(),
        reason: "提前完成".into(),
        points: 1.5,
    };
    let id = store.write(&clerk(), |w| {
        w.add_commendation(n, &c, Some(was.row.version))
    })?;
    let d = store.item_detail(n)?;
    let mut row = d.row.clone();
    row.version = was.row.version;
    ensure_eq!(row, was.row, "the row apart from its version");
    ensure_eq!(d.row.version, was.row.version + 1, "the version");
    ensure_eq!(
        d.commendations
            .iter()
            .map(|x| (x.id, x.on_date, x.target.as_str(), x.points))
            .collect::<Vec<_>>(),
        vec![(id, today(), "住建局", 1.5)],
        "the commendation recorded"
    );
    ensure!(d.notes.is_empty(), "a commendation is not a note");
    let e = one_new_event(&store, n, known, total, EventCode::Commended)?;
    ensure_eq!(version_of(&e), Some(d.row.version), "the event's version");
    Ok(())
}

pub fn an_instruction_with_a_new_requirement_sets_the_deadline_and_appends_one_instructed<
    F: Factory,
>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let was = store.item_detail(n)?;
    let (known, total) = before(&store, n)?;
    let requires = NewInstruction {
        leader: "王市长".into(),
        sense: InstructionSense::Requires,
        text: "提前至一月中旬完成".into(),
        deadline: Some(chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default()),
    };
    let (id, effect) = store.write(&clerk(), |w| w.add_instruction(n, &requires, None))?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.deadline, d.original_deadline, d.row.version),
        (
            requires.deadline,
            was.original_deadline,
            was.row.version + 1
        ),
        "the deadline a new requirement sets"
    );
    ensure_eq!(
        effect.required_by,
        requires.deadline,
        "the effect's deadline"
    );
    ensure_eq!(
        d.instructions
            .iter()
            .map(|x| (x.id, x.leader.as_str(), x.sense, x.deadline))
            .collect::<Vec<_>>(),
        vec![(id, "王市长", InstructionSense::Requires, requires.deadline)],
        "the instruction recorded"
    );
    let e = one_new_event(&store, n, known, total, EventCode::Instructed)?;
    match &e.kind {
        EventKind::Instructed {
            instruction_id,
            sense,
            deadline,
            ..
        } => ensure_eq!(
            (*instruction_id, *sense, *deadline),
            (id, InstructionSense::Requires, requires.deadline),
            "the instruction's event"
        ),
        other => return Err(Broken::new(format!("not an instruction: {other:?}"))),
    }
    // An affirming instruction changes no column but the version.
    let was = store.item_detail(n)?;
    let affirms = NewInstruction {
        sense: InstructionSense::Affirms,
        text: "很好".into(),
        deadline: None,
        ..requires
    };
    store.write(&clerk(), |w| w.add_instruction(n, &affirms, None))?;
    let d = store.item_detail(n)?;
    let mut row = d.row.clone();
    row.version = was.row.version;
    ensure_eq!(row, was.row, "the row after an affirming instruction");
    ensure_eq!(d.instructions.len(), 2, "the instructions");
    Ok(())
}

pub fn a_snooze_sets_its_day_and_reason_and_waking_clears_them<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::registered(&mut store, "河道整治")?;
    let (known, total) = before(&store, n)?;
    store.write(&clerk(), |w| {
        w.snooze(n, Some(day(11, 30)), "等待会议", Some(1))
    })?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (
            d.row.snoozed_until,
            d.row.snooze_reason.as_deref(),
            d.row.version
        ),
        (Some(day(11, 30)), Some("等待会议"), 2),
        "the row snoozed"
    );
    one_new_event(&store, n, known, total, EventCode::Snoozed)?;
    let (known, total) = before(&store, n)?;
    store.write(&clerk(), |w| w.snooze(n, None, "", None))?;
    let d = store.item_detail(n)?;
    ensure_eq!(
        (d.row.snoozed_until, d.row.snooze_reason.as_deref()),
        (None, None),
        "the row woken"
    );
    one_new_event(&store, n, known, total, EventCode::Snoozed)?;
    Ok(())
}

//! A month of an office's work, the history several cases read back: four items through most
//! of November 2026 with every kind of change, undo and redo, and a second clerk.

use super::check::Broken;
use super::office::{self, day, on, progress, today};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{Cadence, Flags, ItemNumber};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Move;
use crate::store::{Backend, ItemEdit, NewCommendation, NewInstruction, NewNote};

/// A note of `level` worth a point off, on the lead department.
fn note(level: Level) -> NewNote {
    NewNote {
        level,
        target: String::new(),
        reason: "逾期".into(),
        points: Some(-1.0),
        requirement: "限期整改".into(),
    }
}

/// Four items through most of November, with every kind of change, undo and redo, and a
/// second clerk; gives their numbers. Every step must go through: a refusal here is a backend
/// that refuses what the rules allow.
pub fn a_month_of_work<B: Backend>(store: &mut B) -> Result<Vec<ItemNumber>, Broken> {
    let a = office::running_from(store, "河道整治", day(11, 2), day(11, 20))?;
    let b = office::running_from(store, "老旧小区改造", day(11, 2), day(12, 15))?;
    let c = office::running_from(store, "食品安全检查", day(11, 2), day(11, 30))?;
    let d = office::running_from(store, "校舍加固", day(11, 3), day(12, 31))?;
    store.write(&on(day(11, 3)), |w| {
        w.add_feedback(a, &progress(30), None)?;
        w.add_note(a, &note(Level::Urging), None)
    })?;
    store.write(&on(day(11, 4)), |w| {
        w.add_milestone(b, "方案", day(11, 16))?;
        w.add_milestone(b, "施工", day(11, 27))?;
        w.request_extension(b, day(12, 31), "配合单位未到位")?;
        w.decide_extension(b, true)
    })?;
    store.write(&on(day(11, 5)), |w| {
        let row = w.item(c)?;
        let edit = ItemEdit {
            title: format!("{}（修订）", row.title),
            requirement: "覆盖全部学校食堂".into(),
            owner: "王芳".into(),
            source_ref: row.source_ref.clone(),
            flags: Flags {
                important: true,
                ..row.flags
            },
            urgent: true,
            cadence: Cadence::Monthly,
        };
        w.edit_item(c, &edit, None)
    })?;
    store.write(&on(day(11, 9)), |w| {
        w.apply_move(a, Move::Suspend, Some("等待上级批复"), None)
    })?;
    store.write(&on(day(11, 13)), |w| {
        w.apply_move(a, Move::Resume, None, None)
    })?;
    store.write(&on(day(11, 16)), |w| {
        w.complete_milestone(b, 1)?;
        w.submit(b, Some(&progress(100)), None)
    })?;
    store.write(&on(day(11, 17)), |w| {
        w.apply_move(b, Move::Return, Some("材料不全"), None)?;
        w.submit(b, Some(&progress(100)), None)?;
        w.apply_move(b, Move::Approve, None, None)
    })?;
    store.write(&on(day(11, 18)), |w| {
        let praise = NewCommendation {
            target: String::new(),
            reason: "提前完成".into(),
            points: 1.0,
        };
        w.add_commendation(b, &praise, None)?;
        let affirms = NewInstruction {
            leader: "王市长".into(),
            sense: InstructionSense::Affirms,
            text: "很好".into(),
            deadline: None,
        };
        w.add_instruction(a, &affirms, None).map(drop)
    })?;
    store.write(&on(day(11, 19)), |w| {
        w.snooze(d, Some(day(11, 24)), "等待会议", None)
    })?;
    store.write(&on(day(11, 20)), |w| {
        let requires = NewInstruction {
            leader: "李副市长".into(),
            sense: InstructionSense::Requires,
            text: "年底前全部完成".into(),
            deadline: Some(day(12, 18)),
        };
        w.add_instruction(c, &requires, None).map(drop)
    })?;
    store.write(&on(day(11, 23)), |w| {
        w.add_note(d, &note(Level::Reminder), None)?;
        w.apply_move(d, Move::Cancel, Some("重复立项"), None)
    })?;
    store.write(&on(day(11, 23)), |w| w.undo())?;
    store.write(&on(day(11, 24)), |w| w.redo())?;
    store.write(&on(day(11, 24)), |w| w.add_feedback(c, &progress(60), None))?;
    store.write(&on(today()), |w| w.undo())?;
    let other = office::ctx_of("另一位", today());
    store.write(&other, |w| w.add_feedback(a, &progress(50), None))?;
    store.write(&on(today()), |w| {
        w.apply_move(b, Move::Close, None, None).map(drop)
    })?;
    Ok(vec![a, b, c, d])
}

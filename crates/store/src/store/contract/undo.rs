//! Undo and redo: a clerk's last action (one transaction, however many items it touched) is
//! taken back whole and done again whole; there may be nothing to undo; another clerk's later
//! change and a registration are not taken back.

use super::check::refused;
use super::office::{self, as_shown, clerk, ctx_of, progress, snapshot, unchanged};
use super::{Factory, Outcome, check::Broken};
use crate::domain::history::EventCode;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
use crate::error::Error;
use crate::store::{Backend, ItemDetail, NewNote, Records};

/// The items as a clerk reads them (versions and histories aside).
fn shown<B: Backend>(store: &B, numbers: &[ItemNumber]) -> Result<Vec<ItemDetail>, Broken> {
    numbers
        .iter()
        .map(|n| Ok(as_shown(store.item_detail(*n)?)))
        .collect()
}

pub fn undo_then_redo_of_one_action_gives_back_the_rows_before_and_after<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let start = shown(&store, &[n])?;
    let note = NewNote {
        level: Level::Urging,
        target: String::new(),
        reason: "逾期".into(),
        points: None,
        requirement: "三日内整改".into(),
    };
    store.write(&clerk(), |w| w.add_note(n, &note, None))?;
    let end = shown(&store, &[n])?;
    ensure!(end != start, "the note changed nothing");
    let undone = store.write(&clerk(), |w| w.undo())?;
    ensure_eq!(
        undone.as_ref().map(|r| r.items.clone()),
        Some(vec![n]),
        "the items undone"
    );
    ensure_eq!(shown(&store, &[n])?, start, "the item after undo");
    let redone = store.write(&clerk(), |w| w.redo())?;
    ensure_eq!(
        redone.as_ref().map(|r| (r.batch, r.items.clone())),
        undone.map(|r| (r.batch, r.items)),
        "redo does the batch undo took back"
    );
    ensure_eq!(shown(&store, &[n])?, end, "the item after redo");
    // Undo and redo are events themselves: the history only grows.
    let codes: Vec<EventCode> = store.history(n)?.iter().map(|e| e.kind.code()).collect();
    ensure_eq!(
        codes.iter().rev().take(2).copied().collect::<Vec<_>>(),
        vec![EventCode::Redone, EventCode::Undone],
        "the last events of the history"
    );
    Ok(())
}

pub fn undo_of_a_bulk_action_takes_back_every_item_and_redo_puts_them_back<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let numbers = vec![
        office::running(&mut store, "河道整治")?,
        office::running(&mut store, "老旧小区改造")?,
        office::running(&mut store, "食品安全检查")?,
    ];
    let start = shown(&store, &numbers)?;
    store.write(&clerk(), |w| {
        for (i, n) in numbers.iter().enumerate() {
            let percent = u8::try_from(30 + 10 * i).unwrap_or(30);
            w.add_feedback(*n, &progress(percent), None)?;
        }
        Ok(())
    })?;
    let end = shown(&store, &numbers)?;
    ensure!(
        end.iter().zip(&start).all(|(a, b)| a != b),
        "the bulk action changed every item"
    );
    // Each item once; in which order is the backend's (SQLite names them last first, as it
    // takes the events back).
    let each_once = |items: Option<Vec<ItemNumber>>| {
        items.map(|mut items| {
            items.sort();
            items
        })
    };
    let undone = store.write(&clerk(), |w| w.undo())?;
    ensure_eq!(
        each_once(undone.map(|r| r.items)),
        Some(numbers.clone()),
        "the items one undo takes back"
    );
    ensure_eq!(shown(&store, &numbers)?, start, "the items after undo");
    let redone = store.write(&clerk(), |w| w.redo())?;
    ensure_eq!(
        each_once(redone.map(|r| r.items)),
        Some(numbers.clone()),
        "the items one redo puts back"
    );
    ensure_eq!(shown(&store, &numbers)?, end, "the items after redo");
    Ok(())
}

pub fn undo_and_redo_with_nothing_to_take_back_give_none_and_write_nothing<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    ensure_eq!(
        store.write(&clerk(), |w| w.undo())?,
        None,
        "undo in an empty store"
    );
    ensure_eq!(
        store.write(&clerk(), |w| w.redo())?,
        None,
        "redo in an empty store"
    );
    // Another clerk's actions are not this clerk's to undo.
    let other = ctx_of("另一位", office::today());
    let new = office::new_item("河道整治", "住建局", office::day(12, 31), office::today());
    let n = store.write(&other, |w| w.add_item(&new))?;
    store.write(&other, |w| w.add_feedback(n, &progress(10), None))?;
    let was = snapshot(&store)?;
    ensure_eq!(
        store.write(&clerk(), |w| w.undo())?,
        None,
        "undo of another clerk's action"
    );
    ensure_eq!(
        store.write(&clerk(), |w| w.redo())?,
        None,
        "redo with nothing undone"
    );
    unchanged(&store, &was, "undo and redo with nothing to do")
}

pub fn undo_over_another_clerks_later_change_is_refused_as_changed_since<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let (mine, theirs) = (ctx_of("甲", office::today()), ctx_of("乙", office::today()));
    store.write(&mine, |w| w.add_feedback(n, &progress(40), None))?;
    store.write(&theirs, |w| w.add_feedback(n, &progress(90), None))?;
    let was = snapshot(&store)?;
    // Undoing mine would put back a percent they have replaced since.
    let e = refused(store.write(&mine, |w| w.undo()), "undo over a later change")?;
    match e {
        Error::ChangedSince(c) => ensure_eq!(
            (c.undo, c.by.as_str(), c.number.clone(), c.what),
            (true, "乙", Some(n.to_string()), EventCode::FeedbackAdded),
            "who changed what since"
        ),
        other => return Err(Broken::new(format!("not ChangedSince: {other:?}"))),
    }
    unchanged(&store, &was, "a refused undo")?;
    // Theirs is theirs to undo; then mine goes through.
    ensure!(store.write(&theirs, |w| w.undo())?.is_some(), "their undo");
    ensure!(store.write(&mine, |w| w.undo())?.is_some(), "my undo");
    ensure_eq!(
        store.item_detail(n)?.row.last_percent,
        None,
        "the percent after both undos"
    );
    Ok(())
}

pub fn undo_of_a_registration_is_refused_as_not_reversible<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    // The department exists already: the clerk's last action is the registration alone.
    let setup = ctx_of("系统", office::today());
    let first = office::new_item("河道整治", "住建局", office::day(12, 31), office::today());
    store.write(&setup, |w| w.add_item(&first))?;
    office::registered(&mut store, "老旧小区改造")?;
    let was = snapshot(&store)?;
    let e = refused(
        store.write(&clerk(), |w| w.undo()),
        "undo of a registration",
    )?;
    ensure!(
        matches!(e, Error::NotReversible(EventCode::ItemRegistered)),
        "not NotReversible(item_registered): {e:?}"
    );
    unchanged(&store, &was, "a refused undo of a registration")
}

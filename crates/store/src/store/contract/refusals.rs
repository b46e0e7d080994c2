//! What the store refuses, and that a refusal writes nothing: an illegal move, a change from a
//! stale view, a note the ladder refuses, an extension the rules refuse, an unknown item or
//! milestone, and a transaction whose own closure fails (all of it or none of it).

use super::check::refused;
use super::office::{self, clerk, day, progress, snapshot, unchanged};
use super::{Factory, Outcome, check::Broken};
use crate::domain::extension::ExtensionRefusal;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::{Level, NoteRefusal};
use crate::domain::lifecycle::{Move, Status};
use crate::error::{Error, Result};
use crate::store::{Backend, NewCommendation, NewNote, Records, WriteTx};

fn urging() -> NewNote {
    NewNote {
        level: Level::Urging,
        target: String::new(),
        reason: "逾期".into(),
        points: None,
        requirement: "三日内整改".into(),
    }
}

pub fn an_illegal_move_is_refused_with_the_moves_allowed_and_nothing_is_written<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::registered(&mut store, "河道整治")?;
    let was = snapshot(&store)?;
    let e = refused(
        store.write(&clerk(), |w| w.apply_move(n, Move::Approve, None, None)),
        "approving a registered item",
    )?;
    match e {
        Error::IllegalMove(m) => ensure_eq!(
            (m.from, m.mv, m.allowed),
            (
                Status::Registered,
                Move::Approve,
                Status::Registered.allowed_moves()
            ),
            "the refusal"
        ),
        other => return Err(Broken::new(format!("not an illegal move: {other:?}"))),
    }
    unchanged(&store, &was, "an illegal move")
}

pub fn a_change_from_a_stale_view_is_refused_as_stale_and_nothing_is_written<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let seen = store.item_detail(n)?.row.version;
    store.write(&clerk(), |w| w.add_feedback(n, &progress(20), None))?;
    let was = snapshot(&store)?;
    let stale = Some(seen);
    type Verb = fn(&mut dyn WriteTx, ItemNumber, Option<i64>) -> Result<()>;
    let verbs: [(&str, Verb); 5] = [
        ("a move", |w, n, v| {
            w.apply_move(n, Move::Submit, None, v).map(drop)
        }),
        ("a feedback", |w, n, v| {
            w.add_feedback(n, &progress(50), v).map(drop)
        }),
        ("a note", |w, n, v| w.add_note(n, &urging(), v).map(drop)),
        ("a commendation", |w, n, v| {
            let c = NewCommendation {
                target: String::new(),
                reason: "好".into(),
                points: 1.0,
            };
            w.add_commendation(n, &c, v).map(drop)
        }),
        ("a snooze", |w, n, v| {
            w.snooze(n, Some(day(11, 30)), "等待", v)
        }),
    ];
    for (what, verb) in verbs {
        let e = refused(store.write(&clerk(), |w| verb(w, n, stale)), what)?;
        match e {
            Error::Stale { expected, found } => ensure_eq!(
                (expected, found),
                (seen, seen + 1),
                "{what} from a stale view"
            ),
            other => return Err(Broken::new(format!("{what}: not stale: {other:?}"))),
        }
        unchanged(&store, &was, what)?;
    }
    Ok(())
}

pub fn a_note_on_a_closed_item_is_refused_by_the_ladder_and_nothing_is_written<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    store.write(&clerk(), |w| {
        w.submit(n, None, None)?;
        w.apply_move(n, Move::Approve, None, None)?;
        w.apply_move(n, Move::Close, None, None)
    })?;
    let was = snapshot(&store)?;
    let e = refused(
        store.write(&clerk(), |w| w.add_note(n, &urging(), None)),
        "urging a closed item",
    )?;
    ensure!(
        matches!(
            e,
            Error::Note(NoteRefusal::NothingToUrge {
                status: Status::Closed
            })
        ),
        "not the ladder's refusal: {e:?}"
    );
    unchanged(&store, &was, "a note on a closed item")?;
    let cancelled = office::registered(&mut store, "撤销的事项")?;
    store.write(&clerk(), |w| {
        w.apply_move(cancelled, Move::Cancel, Some("重复立项"), None)
    })?;
    let was = snapshot(&store)?;
    let criticism = NewNote {
        level: Level::Criticism,
        ..urging()
    };
    let e = refused(
        store.write(&clerk(), |w| w.add_note(cancelled, &criticism, None)),
        "a note on a cancelled item",
    )?;
    ensure!(
        matches!(e, Error::Note(NoteRefusal::Cancelled)),
        "not the ladder's refusal: {e:?}"
    );
    unchanged(&store, &was, "a note on a cancelled item")
}

pub fn an_extension_the_rules_refuse_is_refused_and_nothing_is_written<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    // Due on 20 November: late today.
    let n = office::running_from(&mut store, "河道整治", day(11, 2), day(11, 20))?;
    let was = snapshot(&store)?;
    let e = refused(
        store.write(&clerk(), |w| {
            w.request_extension(n, day(12, 18), "需要时间")
        }),
        "an extension asked for late",
    )?;
    ensure!(
        matches!(e, Error::Extension(ExtensionRefusal::AlreadyLate { deadline }) if deadline == day(11, 20)),
        "not the refusal of a late request: {e:?}"
    );
    unchanged(&store, &was, "an extension asked for late")?;
    let e = refused(
        store.write(&clerk(), |w| w.decide_extension(n, true)),
        "a decision with no request",
    )?;
    ensure!(
        matches!(e, Error::Extension(ExtensionRefusal::NonePending)),
        "not the refusal of a decision with no request: {e:?}"
    );
    unchanged(&store, &was, "a decision with no request")
}

pub fn an_unknown_item_is_refused_as_no_such_item_and_nothing_is_written<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    office::running(&mut store, "河道整治")?;
    let unknown = ItemNumber {
        year: 2026,
        seq: 99,
    };
    let was = snapshot(&store)?;
    type Verb = fn(&mut dyn WriteTx, ItemNumber) -> Result<()>;
    let verbs: [(&str, Verb); 7] = [
        ("a move", |w, n| {
            w.apply_move(n, Move::Assign, None, None).map(drop)
        }),
        ("a feedback", |w, n| {
            w.add_feedback(n, &progress(50), None).map(drop)
        }),
        ("a note", |w, n| w.add_note(n, &urging(), None).map(drop)),
        ("a snooze", |w, n| w.snooze(n, None, "", None)),
        ("an extension", |w, n| {
            w.request_extension(n, day(12, 18), "需要时间").map(drop)
        }),
        ("a milestone", |w, n| {
            w.add_milestone(n, "方案", day(12, 4)).map(drop)
        }),
        ("a read inside the write", |w, n| w.item(n).map(drop)),
    ];
    for (what, verb) in verbs {
        let e = refused(store.write(&clerk(), |w| verb(w, unknown)), what)?;
        ensure!(
            matches!(&e, Error::NoSuchItem(number) if number == "2026-099"),
            "{what}: not NoSuchItem: {e:?}"
        );
        unchanged(&store, &was, what)?;
    }
    let e = refused(store.item_detail(unknown), "reading an unknown item")?;
    ensure!(
        matches!(e, Error::NoSuchItem(_)),
        "reading an unknown item: {e:?}"
    );
    ensure_eq!(store.title_of(unknown)?, None, "an unknown item's title");
    Ok(())
}

pub fn an_unknown_milestone_is_refused_and_nothing_is_written<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    store.write(&clerk(), |w| w.add_milestone(n, "方案", day(12, 4)))?;
    let was = snapshot(&store)?;
    for no in [2, 0] {
        let e = refused(
            store.write(&clerk(), |w| w.complete_milestone(n, no)),
            "an unknown milestone",
        )?;
        ensure!(
            matches!(e, Error::NoSuchMilestone(got) if got == no),
            "milestone {no}: {e:?}"
        );
        unchanged(&store, &was, "an unknown milestone")?;
    }
    Ok(())
}

pub fn a_transaction_whose_closure_fails_writes_none_of_its_changes<F: Factory>(f: &F) -> Outcome {
    let mut store = f.open_fresh()?;
    let n = office::running(&mut store, "河道整治")?;
    let was = snapshot(&store)?;
    // Several changes, a new department among them, then the closure's own failure.
    let result: Result<()> = store.write(&clerk(), |w| {
        let new = office::new_item("不该留下", "教育局", day(12, 31), office::today());
        let other = w.add_item(&new)?;
        w.apply_move(other, Move::Assign, None, None)?;
        w.add_feedback(n, &progress(60), None)?;
        w.add_note(n, &urging(), None)?;
        Err(Error::NoSuchItem("the caller gave up".into()))
    });
    ensure!(
        matches!(&result, Err(Error::NoSuchItem(s)) if s == "the caller gave up"),
        "the closure's error is handed back: {result:?}"
    );
    unchanged(&store, &was, "a failed transaction")?;
    // A rule's refusal half-way is the same: what came before it is not kept either.
    let e = refused(
        store.write(&clerk(), |w| {
            w.add_feedback(n, &progress(70), None)?;
            w.apply_move(n, Move::Close, None, None)
        }),
        "a transaction with an illegal move",
    )?;
    ensure!(
        matches!(e, Error::IllegalMove(_)),
        "not an illegal move: {e:?}"
    );
    unchanged(&store, &was, "a transaction refused half-way")?;
    // The number the failed registration took is given again.
    let next = office::registered(&mut store, "留下")?;
    ensure_eq!(next, ItemNumber { year: 2026, seq: 2 }, "the next number");
    Ok(())
}

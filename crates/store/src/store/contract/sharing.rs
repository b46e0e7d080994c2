//! Two handles on the same office (two workstations, two connections): a commit on one is read
//! on the other, and changes the other's change token, which is how the interface notices
//! another clerk's work.

use super::office::{self, clerk, ctx_of, progress};
use super::{Factory, Outcome};
use crate::store::{Backend, ChangeToken, Records};

/// The token once it differs from `before`, waiting as long as a server's notice may take to
/// reach the handle (on a server the token is read again when the office's channel says
/// something was committed; a notice arrives within milliseconds of the commit).
fn changed_from<B: Backend>(handle: &B, before: ChangeToken) -> crate::Result<ChangeToken> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let token = handle.change_token()?;
        if token != before || std::time::Instant::now() > deadline {
            return Ok(token);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

pub fn a_commit_on_one_handle_changes_the_others_change_token_and_is_read_there<F: Factory>(
    f: &F,
) -> Outcome {
    let mut mine = f.open_fresh()?;
    let n = office::running(&mut mine, "河道整治")?;
    let mut theirs = f.open_second(&mine)?;
    ensure_eq!(
        theirs.item_detail(n)?,
        mine.item_detail(n)?,
        "the item read on the second handle"
    );
    // No one commits: the token stays.
    let quiet = mine.change_token()?;
    ensure_eq!(
        mine.change_token()?,
        quiet,
        "two tokens with no commit between"
    );
    let other = ctx_of("另一位", office::today());
    theirs.write(&other, |w| w.add_feedback(n, &progress(60), None))?;
    let after = changed_from(&mine, quiet)?;
    ensure!(
        after != quiet,
        "the token is the same after another handle's commit: {after:?}"
    );
    let d = mine.item_detail(n)?;
    ensure_eq!(
        (d.row.last_percent, d.feedback.len()),
        (Some(60), 1),
        "their feedback read on my handle"
    );
    ensure_eq!(mine.event_count()?, theirs.event_count()?, "the events");
    // My own commit: the token taken right after it stays once the notice of it has arrived
    // (the interface, which takes a token after its own writes, does not refresh for them).
    mine.write(&clerk(), |w| w.add_feedback(n, &progress(70), None))?;
    let mine_after = mine.change_token()?;
    std::thread::sleep(std::time::Duration::from_millis(50));
    ensure_eq!(
        mine.change_token()?,
        mine_after,
        "my token once my own notice arrived"
    );
    // And the other way round.
    let before = theirs.change_token()?;
    let n2 = office::registered(&mut mine, "老旧小区改造")?;
    mine.write(&clerk(), |w| w.add_feedback(n2, &progress(10), None))?;
    ensure!(
        changed_from(&theirs, before)? != before,
        "the second handle's token after my commits"
    );
    ensure_eq!(
        theirs.title_of(n2)?.as_deref(),
        Some("老旧小区改造"),
        "my item read on their handle"
    );
    ensure_eq!(theirs.item_count()?, 2, "the items on their handle");
    Ok(())
}

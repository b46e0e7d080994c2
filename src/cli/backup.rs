//! The day's copy of the database, made when the interface or a command that writes first
//! opens it in a day (read-only commands, `--demo` and `snapshot` make none). A copy that
//! fails is said once and the work goes on.

use super::{Cli, Command};
use crate::app::{Failure, Office};
use crate::store::Backend;
use crate::ui::UiWords;

/// Whether the command may write to the office (and so earns the day's copy first).
pub(super) fn writes(command: &Command) -> bool {
    match command {
        Command::Add(_)
        | Command::Assign(_)
        | Command::Acknowledge(_)
        | Command::Start(_)
        | Command::Submit(_)
        | Command::Approve(_)
        | Command::Return(_)
        | Command::Close(_)
        | Command::Suspend(_)
        | Command::Resume(_)
        | Command::Cancel(_)
        | Command::Extend(_)
        | Command::Extension(_)
        | Command::Milestone(_)
        | Command::Feedback(_)
        | Command::Note(_)
        | Command::Commend(_)
        | Command::Instruct(_)
        | Command::Demo(_)
        | Command::Undo
        | Command::Redo
        | Command::Import(_) => true,
        Command::List(_)
        | Command::Show(_)
        | Command::Triage(_)
        | Command::Snapshot(_)
        | Command::Notice(_)
        | Command::Export(_)
        | Command::Report(_)
        | Command::Score(_)
        | Command::Config(_)
        | Command::Calendar(_)
        | Command::Completions(_)
        | Command::Man => false,
    }
}

/// Today's copy of the office's database, as the configuration keeps them; what went wrong,
/// if anything, for the caller to say once.
pub fn daily(cli: &Cli, office: &Office) -> Option<Failure> {
    let backup = cli
        .settings
        .as_ref()
        .map_or_else(Default::default, |s| s.prefs.backup);
    match office.store.daily_copy(office.today(), backup) {
        Ok(_) => None,
        Err(e) => Some(Failure::Backup {
            path: e.path.display().to_string(),
            reason: e.reason,
        }),
    }
}

/// For a command that writes: today's copy first, a failure said on standard error.
pub(super) fn before(cli: &Cli, office: &Office, command: &Command) {
    if writes(command)
        && let Some(failure) = daily(cli, office)
    {
        eprintln!("duban: {}", super::screen::lang(cli).failure(&failure));
    }
}

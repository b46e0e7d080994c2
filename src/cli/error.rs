//! The command line's errors: the record's ([`crate::error::Error`]: the store's faults and
//! the rules' refusals) and the few only the command line and its configuration file meet.

use crate::error::Error as RecordError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A refusal or fault of the office's record.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// The configuration file is refused: every problem, each with its line, as the
    /// configuration words it in each language.
    #[error("{en}")]
    Config { en: String, zh: String },
    /// A check found what the clerk must put right (the lines say what, in the clerk's
    /// language).
    #[error("{0}")]
    CheckFailed(String),
    /// Options that do not go together, worded in the clerk's language.
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the clerk can fix it by changing what they typed or chose (exit code 2), as
    /// opposed to a fault of the machine (exit code 1).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Record(e) => e.is_user_error(),
            Error::Config { .. } | Error::CheckFailed(_) | Error::Usage(_) => true,
        }
    }
}

/// What converts into the record's error converts into the command line's, so that `?` works
/// on a rule's refusal or a write's fault alike.
macro_rules! through_record {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Record(e.into())
            }
        }
    )*};
}

through_record!(
    std::io::Error,
    crate::domain::validate::InputError,
    crate::domain::lifecycle::IllegalMove,
    crate::domain::extension::ExtensionRefusal,
    crate::domain::instruction::InstructionRefusal,
    crate::domain::calendar::CalendarError,
    crate::domain::ladder::NoteRefusal,
    crate::domain::import::ImportRefusal,
    crate::domain::UnknownCode,
    crate::error::EventDecodeError,
);

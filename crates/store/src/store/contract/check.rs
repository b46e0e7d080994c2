//! How a case says what broke, without panicking: a case returns an [`Outcome`], and each
//! check that fails returns a [`Broken`] naming the check's line and, for a comparison, both
//! values. The library keeps its rule of no `panic!`, `unwrap` or `expect`; the test that runs
//! a case turns a broken one into its failure.

use std::fmt;

use crate::error::Error;

/// A check of the contract that did not hold: what was expected, what the backend did, and
/// where in the suite.
#[derive(Debug)]
pub struct Broken {
    /// The check, with the values it compared.
    pub what: String,
    /// The file and line of the check.
    pub at: String,
}

impl Broken {
    /// A failed check at the caller's line.
    #[track_caller]
    pub fn new(what: impl Into<String>) -> Self {
        let at = std::panic::Location::caller();
        Self {
            what: what.into(),
            at: format!("{}:{}", at.file(), at.line()),
        }
    }
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {})", self.what, self.at)
    }
}

impl std::error::Error for Broken {}

/// A store error where the case expected success: the backend refused or failed.
impl From<Error> for Broken {
    #[track_caller]
    fn from(e: Error) -> Self {
        Broken::new(format!("the store failed: {e} ({e:?})"))
    }
}

/// What a case gives back: `Ok` when every check held.
pub type Outcome = Result<(), Broken>;

/// Fails the case with the message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::store::contract::Broken::new(format!($($msg)+)));
        }
    };
}

/// Fails the case unless the two values are equal, naming both.
macro_rules! ensure_eq {
    ($left:expr, $right:expr, $($msg:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if left != right {
                    return Err($crate::store::contract::Broken::new(format!(
                        "{}:\n  got:  {:?}\n  want: {:?}",
                        format!($($msg)+),
                        left,
                        right
                    )));
                }
            }
        }
    };
}

/// The error a write that had to be refused gave, or a failed case when it went through.
#[track_caller]
pub fn refused<T: fmt::Debug>(
    result: crate::error::Result<T>,
    what: &str,
) -> Result<Error, Broken> {
    match result {
        Err(e) => Ok(e),
        Ok(v) => Err(Broken::new(format!(
            "{what} went through ({v:?}); it had to be refused"
        ))),
    }
}

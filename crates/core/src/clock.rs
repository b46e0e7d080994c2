//! The one clock. "Today" comes from here and nowhere else, so that tests and demos can fix it.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's local time.
    System,
    /// A fixed day (`--today`, `$DUBAN_TODAY`); time stamps take the day and the wall-clock time.
    Fixed(NaiveDate),
    /// A fixed instant (`--now`, `$DUBAN_NOW`, screen tests): nothing moves.
    Frozen(NaiveDateTime),
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => Local::now().date_naive(),
            Clock::Fixed(day) => *day,
            Clock::Frozen(at) => at.date(),
        }
    }

    /// Time stamp for events: on the clock's day, to the second.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::Fixed(day) => day.and_time(Local::now().naive_local().time()),
            Clock::Frozen(at) => *at,
        }
        .with_nanosecond_zero()
    }
}

trait WithNanosecondZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl WithNanosecondZero for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

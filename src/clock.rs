//! The one clock. "Today" comes from here and nowhere else, so that tests and demos can fix it.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's local time.
    System,
    /// A fixed day (`--today`, `$DUBAN_TODAY`); time stamps take the day and the wall-clock time.
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => Local::now().date_naive(),
            Clock::Fixed(day) => *day,
        }
    }

    /// Time stamp for events: on the clock's day, to the second.
    pub fn now(&self) -> NaiveDateTime {
        let wall = Local::now().naive_local();
        match self {
            Clock::System => wall,
            Clock::Fixed(day) => day.and_time(wall.time()),
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

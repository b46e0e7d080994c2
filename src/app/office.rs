//! The office as the program sees it: the store, the clock, the calendar and the rules, with
//! the operations that the command line and the terminal interface share.

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::domain::item::ItemNumber;
use crate::domain::light::{Assessment, WarningLight, assess};
use crate::domain::validate::{InputError, Problem};
use crate::domain::{Rules, WorkCalendar};
use crate::error::Result;
use crate::store::{Ctx, ItemRow, ListFilter, Store, Writer};

pub struct Office {
    pub store: Store,
    pub clock: Clock,
    pub calendar: WorkCalendar,
    pub rules: Rules,
    pub actor: String,
}

/// An item in a list, with what the rules say of it today.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub row: ItemRow,
    pub light: WarningLight,
    pub working_days_left: Option<i64>,
    pub overdue_working_days: Option<i64>,
    pub missed_feedbacks: u32,
    pub next_feedback_due: Option<NaiveDate>,
    pub unaddressed: bool,
    pub milestone_overdue: bool,
    #[serde(skip)]
    pub assessment: Assessment,
}

impl Office {
    pub fn new(store: Store, clock: Clock, actor: String) -> Self {
        Self {
            store,
            clock,
            calendar: WorkCalendar::default(),
            rules: Rules::default(),
            actor,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: self.actor.clone(),
            now: self.clock.now(),
            today: self.clock.today(),
        }
    }

    /// Runs one user action as one transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let ctx = self.ctx();
        self.store.write(&ctx, f)
    }

    /// Resolves an item number as typed, naming the field when it is not one.
    pub fn number(field: &'static str, text: &str) -> Result<ItemNumber> {
        ItemNumber::parse(text).ok_or_else(|| {
            InputError::new(field, Problem::UnknownItem { got: text.to_string() }).into()
        })
    }

    pub fn assess(&self, row: &ItemRow, today: NaiveDate) -> Assessment {
        assess(&row.facts(), today, &self.calendar, &self.rules)
    }

    /// Items matching the filter, assessed for today, sorted by light then deadline (items
    /// without a deadline last), then number.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<Listed>> {
        let today = self.today();
        let rows = self.store.items(filter, today)?;
        let mut listed: Vec<Listed> = rows
            .into_iter()
            .filter_map(|row| {
                let a = self.assess(&row, today);
                if filter.light.is_some_and(|l| l != a.light) {
                    return None;
                }
                Some(Listed {
                    light: a.light,
                    working_days_left: a.working_days_left,
                    overdue_working_days: a.overdue_working_days(),
                    missed_feedbacks: a.feedback.missed_in_row,
                    next_feedback_due: a.feedback.next_due,
                    unaddressed: a.unaddressed,
                    milestone_overdue: a.milestone_overdue,
                    assessment: a,
                    row,
                })
            })
            .collect();
        listed.sort_by(|a, b| {
            (a.light, a.row.deadline.is_none(), a.row.deadline, a.row.number).cmp(&(
                b.light,
                b.row.deadline.is_none(),
                b.row.deadline,
                b.row.number,
            ))
        });
        Ok(listed)
    }
}

//! Export then import: an office exported and imported into a fresh store reads back the same,
//! its history and its kept days too; a store that holds anything refuses an import.

use chrono::NaiveDate;

use super::office::{self, all_events, day, exported};
use super::{Factory, Outcome, month};
use crate::store::{Backend, Records};

pub fn an_export_imported_into_a_fresh_store_gives_back_the_same_office<F: Factory>(
    f: &F,
) -> Outcome {
    let mut original = f.open_fresh()?;
    let numbers = month::a_month_of_work(&mut original)?;
    let office = exported(&original)?;
    ensure_eq!(office.items.len(), numbers.len(), "the items exported");
    let mut copy = f.open_fresh()?;
    let imported = copy.import(&office)?;
    ensure_eq!(
        (imported.departments, imported.items, imported.events),
        (
            office.departments.len(),
            office.items.len(),
            office.events.len()
        ),
        "what the import says it wrote"
    );
    ensure_eq!(exported(&copy)?, office, "the copy's export");
    for n in &numbers {
        ensure_eq!(
            copy.item_detail(*n)?,
            original.item_detail(*n)?,
            "{n} read in the copy"
        );
    }
    ensure_eq!(
        all_events(&copy)?,
        all_events(&original)?,
        "the copy's history"
    );
    let year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    ensure_eq!(
        copy.items_as_of(year, day(11, 18))?.0.len(),
        original.items_as_of(year, day(11, 18))?.0.len(),
        "the days kept in the copy"
    );
    // A store that holds anything refuses an import, and keeps what it holds.
    let was = office::snapshot(&copy)?;
    let again = copy.import(&office);
    ensure!(again.is_err(), "a second import into the copy went through");
    office::unchanged(&copy, &was, "a refused import")
}

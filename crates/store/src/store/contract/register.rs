//! Registration: an item registered reads back whole, with its number, its row, its detail
//! and its one event; the departments it names are created once, each with its event.

use super::office::{self, clerk, day, today};
use super::{Factory, Outcome, check::Broken};
use crate::domain::history::{EventCode, EventKind};
use crate::domain::item::{Cadence, Flags, ItemNumber};
use crate::domain::lifecycle::Status;
use crate::store::{Backend, ListFilter, NewItem, Records};

pub fn a_registered_item_reads_back_with_its_number_row_detail_and_event<F: Factory>(
    f: &F,
) -> Outcome {
    let mut store = f.open_fresh()?;
    let new = NewItem {
        instruction: Some("请抓紧落实".into()),
        leader: Some("王市长".into()),
        flags: Flags {
            major: true,
            ..Flags::default()
        },
        urgent: true,
        ..office::new_item("河道整治", "水利局", day(12, 31), today())
    };
    let n = store.write(&clerk(), |w| w.add_item(&new))?;
    ensure_eq!(
        n,
        ItemNumber { year: 2026, seq: 1 },
        "the year's first number"
    );
    let d = store.item_detail(n)?;
    let r = &d.row;
    ensure_eq!(
        (
            r.number,
            r.title.as_str(),
            r.lead_department.as_str(),
            r.owner.as_str(),
            r.status,
            r.source_kind,
            r.source_ref.as_str(),
            r.flags,
            r.urgent,
        ),
        (
            n,
            "河道整治",
            "水利局",
            "李明",
            Status::Registered,
            new.source_kind,
            "第6次常务会议",
            new.flags,
            true,
        ),
        "the registered row"
    );
    ensure_eq!(
        (r.cadence, r.deadline, r.registered_on, r.version),
        (Cadence::Weekly, Some(day(12, 31)), today(), 1),
        "the registered row's clock"
    );
    ensure_eq!(
        (
            d.requirement.as_str(),
            d.instruction.as_deref(),
            d.leader.as_deref(),
            d.co_departments.clone(),
            d.original_deadline,
            d.no_deadline_reason.as_deref(),
        ),
        (
            "河道整治的要求",
            Some("请抓紧落实"),
            Some("王市长"),
            vec!["财政局".to_string()],
            Some(day(12, 31)),
            None,
        ),
        "the registered detail"
    );
    ensure!(
        d.feedback.is_empty()
            && d.notes.is_empty()
            && d.milestones.is_empty()
            && d.extensions.is_empty()
            && d.commendations.is_empty()
            && d.instructions.is_empty(),
        "a new item has no records: {d:?}"
    );
    let history = store.history(n)?;
    ensure_eq!(history.len(), 1, "the new item's history");
    match history.first().map(|e| &e.kind) {
        Some(EventKind::ItemRegistered(reg)) => ensure_eq!(
            (
                reg.number,
                reg.title.as_str(),
                reg.lead_department.as_str(),
                reg.co_departments.clone(),
                reg.status,
                reg.deadline,
                reg.registered_on,
            ),
            (
                n,
                "河道整治",
                "水利局",
                vec!["财政局".to_string()],
                Status::Registered,
                Some(day(12, 31)),
                today(),
            ),
            "the registration's event"
        ),
        other => return Err(Broken::new(format!("not a registration: {other:?}"))),
    }
    // The two new departments are events of their own, before the registration.
    let mut codes = Vec::new();
    store.each_event(|e| codes.push(e.kind.code()))?;
    ensure_eq!(
        codes,
        vec![
            EventCode::DepartmentCreated,
            EventCode::DepartmentCreated,
            EventCode::ItemRegistered
        ],
        "the office's events"
    );
    ensure_eq!(
        store.departments()?,
        vec!["水利局".to_string(), "财政局".to_string()],
        "the departments"
    );
    ensure_eq!(store.item_count()?, 1, "the item count");
    ensure_eq!(
        store.title_of(n)?.as_deref(),
        Some("河道整治"),
        "the title read back"
    );
    ensure_eq!(store.rows_by_id(&[r.id])?, vec![r.clone()], "the row by id");
    let listed = store.items(&ListFilter::default(), today())?;
    ensure_eq!(listed, vec![r.clone()], "the open items listed");
    // The next registration takes the next number.
    let next = store.write(&clerk(), |w| w.add_item(&new))?;
    ensure_eq!(next, ItemNumber { year: 2026, seq: 2 }, "the next number");
    Ok(())
}

//! SQLite's side of `duban check`: the file's pages (`quick_check`, or `integrity_check` with
//! `--full`), its foreign keys, and the guard triggers that keep the history append-only
//! ([`super::schema::GUARD_TRIGGERS`]), each found dropped or altered; `check --repair` puts
//! them back as the schema writes them.

use rusqlite::Connection;

use super::schema::GUARD_TRIGGERS;
use crate::error::Result;
use crate::store::StorageProblem;

/// Each problem of the file.
pub(super) fn storage(conn: &Connection, full: bool) -> Result<Vec<StorageProblem>> {
    let mut problems = Vec::new();
    let pragma = if full {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let mut stmt = conn.prepare(pragma)?;
    let pages: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if pages != ["ok"] {
        problems.extend(pages.into_iter().take(10).map(StorageProblem::Damaged));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let dangling = stmt
        .query_map([], |r| {
            Ok(StorageProblem::Dangling {
                table: r.get(0)?,
                row: r.get(1)?,
                parent: r.get(2)?,
            })
        })?
        .take(10)
        .collect::<rusqlite::Result<Vec<_>>>()?;
    problems.extend(dangling);
    problems.extend(guards(conn)?);
    Ok(problems)
}

/// Each guard trigger not as the schema writes it.
fn guards(conn: &Connection) -> Result<Vec<StorageProblem>> {
    let mut found = Vec::new();
    for (name, sql) in GUARD_TRIGGERS {
        let stored: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .ok();
        match stored {
            None => found.push(StorageProblem::GuardDropped(name)),
            Some(text) if text.trim() != sql.trim() => {
                found.push(StorageProblem::GuardAltered(name));
            }
            Some(_) => {}
        }
    }
    Ok(found)
}

/// Puts back every guard found dropped or altered, in one transaction; each as it was found.
pub(super) fn repair_guards(conn: &Connection) -> Result<Vec<StorageProblem>> {
    let broken = guards(conn)?;
    if broken.is_empty() {
        return Ok(broken);
    }
    let tx = conn.unchecked_transaction()?;
    for problem in &broken {
        if let StorageProblem::GuardDropped(name) | StorageProblem::GuardAltered(name) = problem
            && let Some((_, sql)) = GUARD_TRIGGERS.iter().find(|(n, _)| n == name)
        {
            tx.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}; {sql};"))?;
        }
    }
    tx.commit()?;
    Ok(broken)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::store::{Backend, SqliteStore, StorageProblem};

    #[test]
    fn a_dropped_or_altered_guard_is_found_and_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("office.db")).unwrap();
        assert_eq!(store.check_storage(false).unwrap(), Vec::new());
        store
            .conn()
            .execute_batch(
                "DROP TRIGGER events_no_update; DROP TRIGGER event_chain_no_delete; \
                 CREATE TRIGGER event_chain_no_delete BEFORE DELETE ON event_chain BEGIN SELECT 1; END;",
            )
            .unwrap();
        let found = store.check_storage(true).unwrap();
        assert_eq!(
            found,
            [
                StorageProblem::GuardDropped("events_no_update"),
                StorageProblem::GuardAltered("event_chain_no_delete"),
            ]
        );
        let done = store.repair_guards().unwrap();
        assert_eq!(done, found);
        assert_eq!(store.check_storage(false).unwrap(), Vec::new());
        assert_eq!(store.repair_guards().unwrap(), Vec::new());
    }
}

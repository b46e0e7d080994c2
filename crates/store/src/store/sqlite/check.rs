//! SQLite's side of `duban check`: the file's pages (`quick_check`, or `integrity_check` with
//! `--full`), its foreign keys, and the guard triggers that keep the history append-only
//! ([`super::schema::GUARD_TRIGGERS`]), each found dropped or altered; `check --repair` puts
//! them back as the schema writes them.

use rusqlite::Connection;

use super::schema::GUARD_TRIGGERS;
use crate::error::Result;

/// Each problem of the file, in plain words.
pub(super) fn storage(conn: &Connection, full: bool) -> Result<Vec<String>> {
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
        for line in pages.iter().take(10) {
            problems.push(format!("damaged page or index: {line}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let dangling: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, row, parent) in dangling.iter().take(10) {
        problems.push(format!(
            "row {row} of {table} names a row of {parent} that is not there"
        ));
    }
    for (name, state) in guards(conn)? {
        problems.push(match state {
            Guard::Missing => format!("the guard {name} was dropped: the history can be changed"),
            Guard::Altered => format!("the guard {name} was altered: the history can be changed"),
        });
    }
    Ok(problems)
}

/// A guard trigger found not as the schema writes it.
enum Guard {
    Missing,
    Altered,
}

fn guards(conn: &Connection) -> Result<Vec<(&'static str, Guard)>> {
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
            None => found.push((*name, Guard::Missing)),
            Some(text) if text.trim() != sql.trim() => found.push((*name, Guard::Altered)),
            Some(_) => {}
        }
    }
    Ok(found)
}

/// Puts back every guard found dropped or altered, in one transaction; what it did.
pub(super) fn repair_guards(conn: &Connection) -> Result<Vec<String>> {
    let broken = guards(conn)?;
    if broken.is_empty() {
        return Ok(Vec::new());
    }
    let tx = conn.unchecked_transaction()?;
    let mut done = Vec::new();
    for (name, state) in broken {
        let sql = GUARD_TRIGGERS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, sql)| *sql)
            .unwrap_or_default();
        tx.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}; {sql};"))?;
        done.push(match state {
            Guard::Missing => format!("put back the dropped guard {name}"),
            Guard::Altered => format!("put back the altered guard {name} as written"),
        });
    }
    tx.commit()?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::store::{Backend, SqliteStore};

    #[test]
    fn a_dropped_or_altered_guard_is_found_and_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("office.db")).unwrap();
        assert_eq!(store.check_storage(false).unwrap(), Vec::<String>::new());
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
                "the guard events_no_update was dropped: the history can be changed",
                "the guard event_chain_no_delete was altered: the history can be changed"
            ]
        );
        let done = store.repair_guards().unwrap();
        assert_eq!(done.len(), 2, "{done:?}");
        assert_eq!(store.check_storage(false).unwrap(), Vec::<String>::new());
        assert_eq!(store.repair_guards().unwrap(), Vec::<String>::new());
    }
}

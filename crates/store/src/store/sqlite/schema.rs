//! The schema and its forward migrations, versioned by `PRAGMA user_version`.

use rusqlite::Connection;

/// `PRAGMA application_id`: "duba".
pub const APPLICATION_ID: i64 = 0x6475_6261;

/// The application id of a copy made by `duban backup` and the daily copies ("dubc"): a copy
/// is opened for reading only until `duban restore` puts it back with [`APPLICATION_ID`].
pub const COPY_APPLICATION_ID: i64 = 0x6475_6263;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the foundation.
    r#"
CREATE TABLE departments (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE items (
    id                 INTEGER PRIMARY KEY,
    year               INTEGER NOT NULL,
    seq                INTEGER NOT NULL,
    title              TEXT NOT NULL,
    requirement        TEXT NOT NULL DEFAULT '',
    source_kind        TEXT NOT NULL,
    source_ref         TEXT NOT NULL DEFAULT '',
    instruction        TEXT,
    leader             TEXT,
    lead_dept_id       INTEGER NOT NULL REFERENCES departments(id),
    owner              TEXT NOT NULL DEFAULT '',
    major              INTEGER NOT NULL DEFAULT 0,
    difficult          INTEGER NOT NULL DEFAULT 0,
    important          INTEGER NOT NULL DEFAULT 0,
    leader_concerned   INTEGER NOT NULL DEFAULT 0,
    urgent             INTEGER NOT NULL DEFAULT 0,
    cadence            TEXT NOT NULL,
    original_deadline  TEXT,
    deadline           TEXT,
    no_deadline_reason TEXT,
    status             TEXT NOT NULL,
    suspended_from     TEXT,
    registered_on      TEXT NOT NULL,
    assigned_on        TEXT,
    completed_on       TEXT,
    closed_on          TEXT,
    last_feedback_on   TEXT,
    last_percent       INTEGER,
    last_note_on       TEXT,
    top_level          TEXT,
    next_milestone_due TEXT,
    version            INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq),
    CHECK (deadline IS NOT NULL OR no_deadline_reason IS NOT NULL)
);
CREATE INDEX items_status_deadline ON items(status, deadline);
CREATE INDEX items_deadline ON items(deadline);
CREATE INDEX items_lead ON items(lead_dept_id, status);

CREATE TABLE item_co_departments (
    item_id INTEGER NOT NULL REFERENCES items(id),
    dept_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (item_id, dept_id)
) WITHOUT ROWID;

CREATE TABLE milestones (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    title   TEXT NOT NULL,
    due_on  TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX milestones_item ON milestones(item_id);

CREATE TABLE feedback (
    id       INTEGER PRIMARY KEY,
    item_id  INTEGER NOT NULL REFERENCES items(id),
    on_date  TEXT NOT NULL,
    reporter TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    percent  INTEGER CHECK (percent BETWEEN 0 AND 100),
    kind     TEXT NOT NULL
);
CREATE INDEX feedback_item ON feedback(item_id, on_date);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    on_date     TEXT NOT NULL,
    level       TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    points      REAL,
    requirement TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notes_item ON notes(item_id, on_date);

CREATE TABLE extensions (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    requested_on TEXT NOT NULL,
    old_deadline TEXT NOT NULL,
    new_deadline TEXT NOT NULL,
    reason       TEXT NOT NULL,
    decision     TEXT NOT NULL DEFAULT 'pending',
    decided_on   TEXT
);
CREATE INDEX extensions_item ON extensions(item_id);

-- Append-only history. One row per change; `batch` groups what one user action did (one
-- transaction; batches rise with id, so the last batch is found from the last row), so that undo can take back a key press as one step. Rows are never updated or
-- deleted; `data` is canonical JSON (fixed key order) so that it can be hashed into a chain.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    batch   INTEGER NOT NULL,
    at      TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor   TEXT NOT NULL,
    item_id INTEGER REFERENCES items(id),
    kind    TEXT NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX events_item ON events(item_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"#,
    // 2: triage. A snoozed item leaves the clerk's queue until the day it comes back.
    r#"
ALTER TABLE items ADD COLUMN snoozed_until TEXT;
ALTER TABLE items ADD COLUMN snooze_reason TEXT;
-- The list index must cover the new columns too (it is built again below).
DROP INDEX IF EXISTS items_running_list;
"#,
    // 3: one row per batch (the events of one transaction, by one clerk), so that undo finds a
    // clerk's recent batches without reading the whole history: 0.5 s on the 100,000-item
    // sample office, whose 700,000 events are one batch. A table written once per transaction,
    // rather than an index over every event, costs that office's bulk write nothing.
    r#"
CREATE TABLE batches (
    batch       INTEGER PRIMARY KEY,
    actor       TEXT NOT NULL,
    first_event INTEGER NOT NULL REFERENCES events(id)
);
CREATE INDEX batches_actor ON batches(actor, batch);
INSERT INTO batches (batch, actor, first_event)
    SELECT batch, actor, id FROM events
    WHERE id IN (SELECT min(id) FROM events GROUP BY batch);
CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches
BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
CREATE TRIGGER batches_no_delete BEFORE DELETE ON batches
BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
"#,
    // 4: whose clock runs. The day a suspension began and ended (resumption moves the deadline
    // by the working days between; no feedback is owed within), the day the completion report
    // was submitted (the department's clock stops; on time or late is judged by it), and the
    // second-earliest open milestone (two overdue: orange). Filled by replaying each item's
    // history, so that a migrated file holds exactly what its events say (the replay fills in
    // what older events did not record: the day of each suspension, resumption, submission and
    // return, and the milestones' dates).
    r#"
ALTER TABLE items ADD COLUMN second_milestone_due TEXT;
ALTER TABLE items ADD COLUMN suspended_on TEXT;
ALTER TABLE items ADD COLUMN resumed_on TEXT;
ALTER TABLE items ADD COLUMN submitted_on TEXT;
-- The covering indexes must hold the new columns too (they are built again below).
DROP INDEX IF EXISTS items_running_list;
DROP INDEX IF EXISTS items_open_keys;
-- The new columns are filled from a replay of the history (`fill_from_history`).
"#,
    // 5: commendations (通报表扬): a record of their own kind, off the accountability ladder,
    // for the score. Points are signed (the office's default is +1).
    r#"
CREATE TABLE commendations (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    on_date TEXT NOT NULL,
    target  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    points  REAL NOT NULL CHECK (points BETWEEN -100 AND 100)
);
CREATE INDEX commendations_item ON commendations(item_id, on_date);
"#,
    // 6: each item as it stood on each day its history changed it (`asof::CREATE`), for a
    // report of a past period without replaying the history; filled from the history.
    super::asof::CREATE,
    // 7: the status `acknowledged` (签收): the partial covering indexes name the open and
    // running statuses, so they are built again (with the last step) to include it.
    "DROP INDEX IF EXISTS items_open_keys; DROP INDEX IF EXISTS items_running_list;",
    // 8: leader instructions during handling (领导批示): a record of their own kind. Ids are
    // never reused (AUTOINCREMENT), so that an undone instruction's id stays its own in the
    // history and a redo puts it back under the same id.
    r#"
CREATE TABLE leader_instructions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id  INTEGER NOT NULL REFERENCES items(id),
    on_date  TEXT NOT NULL,
    leader   TEXT NOT NULL,
    sense    TEXT NOT NULL CHECK (sense IN ('affirms', 'criticises', 'requires')),
    text     TEXT NOT NULL,
    deadline TEXT,
    CHECK ((sense = 'requires') = (deadline IS NOT NULL))
);
CREATE INDEX leader_instructions_item ON leader_instructions(item_id, on_date);
"#,
    // 9: the hash chain (`domain::history::chain`): each event's hash, written in the same
    // transaction as the event, append-only like the events; and where the chain was computed
    // for events already there (`how`: the migration of an older file, an import), so that the
    // history says from which event it is original (the last row's `first_event`).
    r#"
CREATE TABLE event_chain (
    event_id INTEGER PRIMARY KEY REFERENCES events(id),
    hash     TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TRIGGER event_chain_no_update BEFORE UPDATE ON event_chain
BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
CREATE TRIGGER event_chain_no_delete BEFORE DELETE ON event_chain
BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
CREATE TABLE chain_origin (
    first_event INTEGER PRIMARY KEY,
    chained_at  TEXT NOT NULL,
    how         TEXT NOT NULL CHECK (how IN ('migration', 'import'))
);
CREATE TRIGGER chain_origin_no_update BEFORE UPDATE ON chain_origin
BEGIN SELECT RAISE(ABORT, 'the chain origin is written once'); END;
CREATE TRIGGER chain_origin_no_delete BEFORE DELETE ON chain_origin
BEGIN SELECT RAISE(ABORT, 'the chain origin is written once'); END;
"#,
    // 10: a record's id is never given again (AUTOINCREMENT), so that an undone record's id
    // stays its own: a new record made after an undo took the undone one's id, and the redo then
    // failed for good ("UNIQUE constraint failed: feedback.id"), while the history named two
    // records by one id. Each table is built again with its rows and ids.
    r#"
CREATE TABLE milestones_next (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES items(id),
    title   TEXT NOT NULL,
    due_on  TEXT NOT NULL,
    done_on TEXT
);
INSERT INTO milestones_next (id, item_id, title, due_on, done_on)
    SELECT id, item_id, title, due_on, done_on FROM milestones;
DROP TABLE milestones;
ALTER TABLE milestones_next RENAME TO milestones;
CREATE INDEX milestones_item ON milestones(item_id);

CREATE TABLE feedback_next (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id  INTEGER NOT NULL REFERENCES items(id),
    on_date  TEXT NOT NULL,
    reporter TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    percent  INTEGER CHECK (percent BETWEEN 0 AND 100),
    kind     TEXT NOT NULL
);
INSERT INTO feedback_next (id, item_id, on_date, reporter, text, percent, kind)
    SELECT id, item_id, on_date, reporter, text, percent, kind FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_next RENAME TO feedback;
CREATE INDEX feedback_item ON feedback(item_id, on_date);

CREATE TABLE notes_next (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    on_date     TEXT NOT NULL,
    level       TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    points      REAL,
    requirement TEXT NOT NULL DEFAULT ''
);
INSERT INTO notes_next (id, item_id, on_date, level, target, reason, points, requirement)
    SELECT id, item_id, on_date, level, target, reason, points, requirement FROM notes;
DROP TABLE notes;
ALTER TABLE notes_next RENAME TO notes;
CREATE INDEX notes_item ON notes(item_id, on_date);

CREATE TABLE extensions_next (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    requested_on TEXT NOT NULL,
    old_deadline TEXT NOT NULL,
    new_deadline TEXT NOT NULL,
    reason       TEXT NOT NULL,
    decision     TEXT NOT NULL DEFAULT 'pending',
    decided_on   TEXT
);
INSERT INTO extensions_next
    (id, item_id, requested_on, old_deadline, new_deadline, reason, decision, decided_on)
    SELECT id, item_id, requested_on, old_deadline, new_deadline, reason, decision, decided_on
    FROM extensions;
DROP TABLE extensions;
ALTER TABLE extensions_next RENAME TO extensions;
CREATE INDEX extensions_item ON extensions(item_id);

CREATE TABLE commendations_next (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES items(id),
    on_date TEXT NOT NULL,
    target  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    points  REAL NOT NULL CHECK (points BETWEEN -100 AND 100)
);
INSERT INTO commendations_next (id, item_id, on_date, target, reason, points)
    SELECT id, item_id, on_date, target, reason, points FROM commendations;
DROP TABLE commendations;
ALTER TABLE commendations_next RENAME TO commendations;
CREATE INDEX commendations_item ON commendations(item_id, on_date);
"#,
    // 11: the originals kept with an item (交办原件留存): each file's bytes once, by their
    // SHA-256, and each attachment of a file to an item as a record (its event: `attached`).
    r#"
CREATE TABLE attachment_files (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size   INTEGER NOT NULL CHECK (size >= 0),
    bytes  BLOB NOT NULL CHECK (length(bytes) = size)
) WITHOUT ROWID;
CREATE TABLE attachments (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES items(id),
    on_date TEXT NOT NULL,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('instruction', 'completion_report', 'evidence', 'other')),
    size    INTEGER NOT NULL,
    sha256  TEXT NOT NULL REFERENCES attachment_files(sha256),
    note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_item ON attachments(item_id);
"#,
    // 12: the events of a day found by their day, not by reading the whole history: the day's
    // decision log (`triage --summary`) and the undos since a day read every event before
    // (0.4 s and 450 MB of mapped pages at 785,486 events to print a day's twenty lines).
    r#"
CREATE INDEX IF NOT EXISTS events_day ON events(kind, on_date);
"#,
];

/// The guard triggers every database of this schema has, by name: `duban check` finds one
/// dropped or altered, and `check --repair` puts it back as written here.
pub const GUARD_TRIGGERS: &[(&str, &str)] = &[
    (
        "events_no_update",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\nBEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    ),
    (
        "events_no_delete",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\nBEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    ),
    (
        "batches_no_update",
        "CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches\nBEGIN SELECT RAISE(ABORT, 'batches are append-only'); END",
    ),
    (
        "batches_no_delete",
        "CREATE TRIGGER batches_no_delete BEFORE DELETE ON batches\nBEGIN SELECT RAISE(ABORT, 'batches are append-only'); END",
    ),
    (
        "event_chain_no_update",
        "CREATE TRIGGER event_chain_no_update BEFORE UPDATE ON event_chain\nBEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END",
    ),
    (
        "event_chain_no_delete",
        "CREATE TRIGGER event_chain_no_delete BEFORE DELETE ON event_chain\nBEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END",
    ),
    (
        "chain_origin_no_update",
        "CREATE TRIGGER chain_origin_no_update BEFORE UPDATE ON chain_origin\nBEGIN SELECT RAISE(ABORT, 'the chain origin is written once'); END",
    ),
    (
        "chain_origin_no_delete",
        "CREATE TRIGGER chain_origin_no_delete BEFORE DELETE ON chain_origin\nBEGIN SELECT RAISE(ABORT, 'the chain origin is written once'); END",
    ),
];

/// What the rules need of every open item, for the terminal interface to rank the whole office
/// by warning light at start-up without reading the items table (50,000 open items of 100,000
/// in about 15 ms).
pub const OPEN_KEYS_INDEX: &str = "CREATE INDEX IF NOT EXISTS items_open_keys ON items(
    status, deadline, year, seq, cadence, registered_on, assigned_on, last_feedback_on,
    last_note_on, next_milestone_due, lead_dept_id, second_milestone_due, suspended_on,
    resumed_on, submitted_on)
WHERE status IN ('registered', 'assigned', 'acknowledged', 'in_progress', 'awaiting_review', 'suspended')";

/// Indexes a bulk write drops first and builds again at its end.
pub fn bulk_indexes() -> [(&'static str, &'static str); 2] {
    [
        ("items_running_list", super::columns::running_list_index()),
        ("items_open_keys", OPEN_KEYS_INDEX),
    ]
}

/// Indexes of schema 1 that the sample office's writes do not read through, which a bulk write
/// also drops first and builds again at its end: building an index from its table in one sorted
/// pass is cheaper than keeping it up to date row by row over hundreds of thousands of rows
/// (the 100,000-item sample office took 8.6 s instead of 9.6–10.5). The definitions are those
/// of migration 1, word for word (a test holds them to it).
pub const BULK_REBUILT_INDEXES: &[(&str, &str)] = &[
    (
        "items_status_deadline",
        "CREATE INDEX items_status_deadline ON items(status, deadline)",
    ),
    (
        "items_deadline",
        "CREATE INDEX items_deadline ON items(deadline)",
    ),
    (
        "items_lead",
        "CREATE INDEX items_lead ON items(lead_dept_id, status)",
    ),
    (
        "feedback_item",
        "CREATE INDEX feedback_item ON feedback(item_id, on_date)",
    ),
    (
        "notes_item",
        "CREATE INDEX notes_item ON notes(item_id, on_date)",
    ),
    (
        "events_item",
        "CREATE INDEX events_item ON events(item_id, id)",
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema from `from` up to `SCHEMA_VERSION`, each step in its own transaction. The
/// covering indexes, which name columns of several steps, are built with the last step.
pub fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    migrate_to(conn, from, SCHEMA_VERSION)
}

/// Brings the schema from `from` up to `to` (tests build older files with it).
pub fn migrate_to(conn: &mut Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    let steps = MIGRATIONS.iter().enumerate().take(to.max(0) as usize);
    for (index, sql) in steps.skip(from.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process opening the same old file may have taken this step meanwhile.
        let done: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if done > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        if index + 1 == 4 {
            fill_from_history(&tx)?;
        }
        if index + 1 == 6 {
            super::asof::rebuild_all(&tx)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        }
        if index + 1 == 9 {
            chain_existing(&tx)?;
        }
        if index + 1 == MIGRATIONS.len() {
            for (_, sql) in bulk_indexes() {
                tx.execute_batch(sql)?;
            }
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

/// Schema 9: the chain of the events already there (none in a new file), and its origin: the
/// first event to be chained as it is written.
fn chain_existing(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    use crate::domain::history::chain;
    let mut prev = chain::GENESIS;
    let mut last = 0_i64;
    {
        let mut read = tx.prepare(
            "SELECT id, batch, at, on_date, actor, item_id, kind, data FROM events ORDER BY id",
        )?;
        let mut write = tx.prepare("INSERT INTO event_chain (event_id, hash) VALUES (?1, ?2)")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (at, on_date, actor, kind, data): (String, String, String, String, String) =
                (r.get(2)?, r.get(3)?, r.get(4)?, r.get(6)?, r.get(7)?);
            prev = chain::next(
                &prev,
                &chain::Linked {
                    batch: r.get(1)?,
                    at: &at,
                    on_date: &on_date,
                    actor: &actor,
                    item_id: r.get(5)?,
                    kind: &kind,
                    data: &data,
                },
            );
            last = r.get(0)?;
            write.execute(rusqlite::params![last, chain::hex(&prev)])?;
        }
    }
    tx.execute(
        "INSERT INTO chain_origin (first_event, chained_at, how) \
         VALUES (?1, strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'), 'migration')",
        [last + 1],
    )?;
    Ok(())
}

/// Schema 4's new columns, from a replay of the whole history.
fn fill_from_history(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    use crate::domain::history::{Recorded, replay_all};
    let mut events = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, on_date, kind, data FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, kind, data): (i64, String, String) = (r.get(0)?, r.get(2)?, r.get(3)?);
            let decoded = super::event_codec::decode(id, &kind, &data)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            events.push(Recorded {
                id,
                on_date: super::codec::get_day(r, 1)?,
                kind: decoded,
            });
        }
    }
    let replayed = replay_all(&events, None);
    let mut update = tx.prepare(
        "UPDATE items SET second_milestone_due = ?3, suspended_on = ?4, resumed_on = ?5, \
         submitted_on = ?6 WHERE year = ?1 AND seq = ?2",
    )?;
    let day = |d: Option<chrono::NaiveDate>| d.map(super::codec::day);
    for (number, item) in &replayed.items {
        update.execute(rusqlite::params![
            number.year,
            number.seq,
            day(item.second_milestone_due),
            day(item.suspended_on),
            day(item.resumed_on),
            day(item.submitted_on),
        ])?;
    }
    Ok(())
}

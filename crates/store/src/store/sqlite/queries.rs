//! Reads: item lists and the whole record of one item.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params_from_iter};

use super::codec::{self, ITEM_ROW_COLUMN_COUNT, day, get_code, get_day, get_opt_day};
use super::model::Logged;
use super::model::{
    Commendation, Event, Extension, Feedback, Instruction, ItemDetail, ItemKey, ItemRow,
    ListFilter, Milestone, Note,
};
use super::{SqliteStore, event_codec};
use crate::domain::extension::ExtensionDecision;
use crate::domain::history::{EventKind, Recorded};
use crate::domain::instruction::InstructionSense;
use crate::domain::item::{FeedbackKind, ItemNumber};
use crate::domain::ladder::Level;
use crate::domain::lifecycle::Status;
use crate::error::{Error, Result};
use crate::store::Records;

/// The open statuses (`Status::is_open`), in the order of `Status::ALL`; the same text as the
/// partial indexes' `WHERE`, which SQLite matches word for word (a test holds them to the
/// domain's definition).
pub(in crate::store) const OPEN_STATUSES: &str =
    "('registered', 'assigned', 'acknowledged', 'in_progress', 'awaiting_review', 'suspended')";
/// Completed, closed, cancelled: what supervision no longer chases.
pub(in crate::store) const FINISHED_STATUSES: &str = "('completed', 'closed', 'cancelled')";
/// What the interface's `/` filter matches: number, title, department, owner, source reference.
const SEARCH_TEXT: &str = "printf('%d-%03d', i.year, i.seq) || ' ' || i.title || ' ' || d.name \
    || ' ' || i.owner || ' ' || i.source_ref";
/// Open and not suspended: the deadline runs.
pub(in crate::store) const RUNNING_STATUSES: &str =
    "('registered', 'assigned', 'acknowledged', 'in_progress', 'awaiting_review')";

/// The SELECT of item rows matching a filter's stored columns, and its parameters. It reads
/// the items table (or the covering index of running items) alone: the lead department comes
/// as its id, for [`codec::item_row_by_dept_id`], which on long lists is much cheaper than a
/// join per row.
fn item_query(filter: &ListFilter, today: chrono::NaiveDate) -> (String, Vec<String>) {
    let columns = super::columns::row_select_by_dept_id();
    let mut sql = format!("SELECT {columns} FROM items i WHERE 1");
    let mut args: Vec<String> = Vec::new();
    if let Some(status) = filter.status {
        args.push(status.code().to_string());
        sql.push_str(&format!(" AND i.status = ?{}", args.len()));
    } else if !filter.all && !filter.overdue {
        sql.push_str(&format!(" AND i.status IN {OPEN_STATUSES}"));
    }
    if filter.overdue {
        // Running past the deadline, or suspended after it (late before it stopped: DOMAIN.md).
        args.push(day(today));
        sql.push_str(&format!(
            " AND ((i.status IN {RUNNING_STATUSES} AND i.status <> 'awaiting_review' \
             AND i.deadline < ?{}) \
             OR (i.status = 'suspended' AND i.deadline < i.suspended_on))",
            args.len()
        ));
    }
    if let Some(dept) = &filter.dept {
        args.push(dept.clone());
        sql.push_str(&format!(
            " AND i.lead_dept_id = (SELECT id FROM departments WHERE name = ?{})",
            args.len()
        ));
    }
    if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
        let escaped = search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        sql.push_str(&format!(
            " AND (i.title LIKE ?{n} ESCAPE '\\' OR i.source_ref LIKE ?{n} ESCAPE '\\' \
             OR i.owner LIKE ?{n} ESCAPE '\\' \
             OR i.lead_dept_id IN (SELECT id FROM departments WHERE name LIKE ?{n} ESCAPE '\\') \
             OR printf('%d-%03d', i.year, i.seq) LIKE ?{n} ESCAPE '\\')"
        ));
    }
    (sql, args)
}

impl Records for SqliteStore {
    /// Items matching the filter's stored columns, each handed to `each` as it is read,
    /// together with a state that `init` makes for each reading thread; the states are
    /// returned.
    ///
    /// Reading and decoding rows is most of the cost of a long list, so two connections on two
    /// threads each read every other item (see [`SqliteStore::read_split`]), and `each` runs on those
    /// threads: the rules' reading and the output's encoding of a row happen while it is at
    /// hand, and rows need not be collected first.
    fn fold_items<S: Send>(
        &self,
        filter: &ListFilter,
        today: chrono::NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemRow) + Sync,
    ) -> Result<Vec<S>> {
        let (sql, args) = item_query(filter, today);
        let names: HashMap<i64, String> = self.department_ids()?.into_iter().collect();
        let read = |conn: &rusqlite::Connection, sql: &str| -> Result<S> {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            let mut state = init();
            while let Some(row) = rows.next()? {
                each(&mut state, codec::item_row_by_dept_id(row, &names)?);
            }
            Ok(state)
        };
        let even = format!("{sql} AND i.id % 2 = 0");
        let odd = format!("{sql} AND i.id % 2 = 1");
        let (first, second) = self.read_split(|c| read(c, &even), |c| read(c, &odd))?;
        Ok(vec![first, second])
    }

    /// The ranking facts of every open item (the `items_open_keys` index alone answers this).
    ///
    /// The work is split between two connections on two threads (see [`SqliteStore::read_split`]):
    /// open items in progress with a deadline from today on, and all the others. On the
    /// 100,000-item sample office this halves the time to the first screen.
    fn open_keys(&self, today: chrono::NaiveDate) -> Result<Vec<ItemKey>> {
        let later = format!(
            "SELECT {KEY_COLUMNS} FROM items INDEXED BY items_open_keys \
             WHERE status IN {OPEN_STATUSES} AND status = 'in_progress' AND (deadline >= ?1 OR deadline IS NULL)"
        );
        let rest = format!(
            "SELECT {KEY_COLUMNS} FROM items INDEXED BY items_open_keys \
             WHERE status IN {OPEN_STATUSES} AND NOT (status = 'in_progress' AND (deadline >= ?1 OR deadline IS NULL))"
        );
        let today = day(today);
        let read = |conn: &rusqlite::Connection, sql: &str| -> Result<Vec<ItemKey>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let keys = stmt
                .query_map([&today], key_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(keys)
        };
        let (mut keys, later) = self.read_split(|c| read(c, &rest), |c| read(c, &later))?;
        keys.extend(later);
        Ok(keys)
    }

    /// The ranking facts of one item, if it is open.
    fn open_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        let key = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {KEY_COLUMNS} FROM items WHERE year = ?1 AND seq = ?2 AND status IN {OPEN_STATUSES}"
            ))?
            .query_row([i64::from(number.year), i64::from(number.seq)], key_row)
            .optional()?;
        Ok(key)
    }

    /// The ranking facts of every finished item (the `items_status_deadline` index finds them).
    fn finished_keys(&self) -> Result<Vec<ItemKey>> {
        let keys = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {KEY_COLUMNS} FROM items WHERE status IN {FINISHED_STATUSES}"
            ))?
            .query_map([], key_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(keys)
    }

    /// The ranking facts of one item, whatever its status.
    fn item_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        let key = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {KEY_COLUMNS} FROM items WHERE year = ?1 AND seq = ?2"
            ))?
            .query_row([i64::from(number.year), i64::from(number.seq)], key_row)
            .optional()?;
        Ok(key)
    }

    /// Lower-case text a filter matches, per finished item, in the order of their ids.
    ///
    /// The table is read through (`+i.status` keeps SQLite off the status index): at
    /// 1,000,000 items, 560,000 of them finished, a seek into the table for each took 2.3 s
    /// and the pass takes 0.9 s.
    fn finished_search_texts(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT i.id, {SEARCH_TEXT} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE +i.status IN {FINISHED_STATUSES}"
        ))?;
        let texts = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?.to_lowercase()))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(texts)
    }

    /// The filter text of one item.
    fn search_text(&self, id: i64) -> Result<Option<String>> {
        let text = self
            .conn()
            .prepare_cached(&format!(
                "SELECT i.id, {SEARCH_TEXT} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
                 WHERE i.id = ?1"
            ))?
            .query_row([id], |r| r.get::<_, String>(1))
            .optional()?;
        Ok(text.map(|t| t.to_lowercase()))
    }

    /// Full rows of the given items (any order).
    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<ItemRow>> {
        let mut out = Vec::with_capacity(ids.len());
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.id = ?1",
            super::columns::row_select()
        ))?;
        for id in ids {
            if let Some(row) = stmt.query_row([id], codec::item_row).optional()? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// What each item's notes say of the ladder so far (items without notes are absent).
    fn ladders_by_id(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, crate::domain::ladder::LadderSoFar>> {
        use crate::domain::ladder::LadderSoFar;
        let mut out = std::collections::HashMap::new();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT level FROM notes WHERE item_id = ?1")?;
        for id in ids {
            let levels = stmt
                .query_map([id], |r| codec::get_code(r, 0, Level::from_code_bytes))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if !levels.is_empty() {
                out.insert(*id, LadderSoFar::of(levels));
            }
        }
        Ok(out)
    }

    /// Lower-case text a filter matches, per open item: number, title, department, owner,
    /// source reference; in the order of their ids. Read through the table, as
    /// [`Self::finished_search_texts`] (1.1 s by the index, 0.7 s through the table, at
    /// 1,000,000 items).
    fn open_search_texts(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT i.id, {SEARCH_TEXT} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE +i.status IN {OPEN_STATUSES}"
        ))?;
        let texts = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?.to_lowercase()))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(texts)
    }

    /// Departments with their ids, sorted by name.
    fn department_ids(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM departments ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The names of all departments, sorted.
    fn departments(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT name FROM departments ORDER BY name")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    }

    /// Everything about one item.
    fn item_detail(&self, number: ItemNumber) -> Result<ItemDetail> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {}, i.requirement, i.instruction, i.leader, \
             i.original_deadline, i.no_deadline_reason \
             FROM items i JOIN departments d ON d.id = i.lead_dept_id WHERE i.year = ?1 AND i.seq = ?2",
            super::columns::row_select()
        );
        let found = conn
            .prepare_cached(&sql)?
            .query_row([i64::from(number.year), i64::from(number.seq)], |r| {
                let row = codec::item_row(r)?;
                let n = ITEM_ROW_COLUMN_COUNT;
                Ok(ItemDetail {
                    row,
                    requirement: r.get(n)?,
                    instruction: r.get(n + 1)?,
                    leader: r.get(n + 2)?,
                    co_departments: Vec::new(),
                    original_deadline: get_opt_day(r, n + 3)?,
                    no_deadline_reason: r.get(n + 4)?,
                    milestones: Vec::new(),
                    feedback: Vec::new(),
                    notes: Vec::new(),
                    commendations: Vec::new(),
                    instructions: Vec::new(),
                    attachments: Vec::new(),
                    extensions: Vec::new(),
                    events: Vec::new(),
                })
            })
            .optional()?;
        let mut detail = found.ok_or_else(|| Error::NoSuchItem(number.to_string()))?;
        let id = detail.row.id;
        detail.co_departments = conn
            .prepare_cached(
                "SELECT d.name FROM item_co_departments c JOIN departments d ON d.id = c.dept_id \
                 WHERE c.item_id = ?1 ORDER BY d.name",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        detail.milestones = conn
            .prepare_cached(
                "SELECT id, title, due_on, done_on FROM milestones WHERE item_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| {
                Ok(Milestone {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    due_on: get_day(r, 2)?,
                    done_on: get_opt_day(r, 3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.feedback = conn
            .prepare_cached(
                "SELECT id, on_date, reporter, text, percent, kind FROM feedback \
                 WHERE item_id = ?1 ORDER BY on_date DESC, id DESC",
            )?
            .query_map([id], |r| {
                Ok(Feedback {
                    id: r.get(0)?,
                    on_date: get_day(r, 1)?,
                    reporter: r.get(2)?,
                    text: r.get(3)?,
                    percent: r.get(4)?,
                    kind: get_code(r, 5, FeedbackKind::from_code_bytes)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.notes = conn
            .prepare_cached(
                "SELECT id, on_date, level, target, reason, points, requirement FROM notes \
                 WHERE item_id = ?1 ORDER BY on_date DESC, id DESC",
            )?
            .query_map([id], |r| {
                Ok(Note {
                    id: r.get(0)?,
                    on_date: get_day(r, 1)?,
                    level: get_code(r, 2, Level::from_code_bytes)?,
                    target: r.get(3)?,
                    reason: r.get(4)?,
                    points: r.get(5)?,
                    requirement: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.commendations = conn
            .prepare_cached(
                "SELECT id, on_date, target, reason, points FROM commendations \
                 WHERE item_id = ?1 ORDER BY on_date DESC, id DESC",
            )?
            .query_map([id], |r| {
                Ok(Commendation {
                    id: r.get(0)?,
                    on_date: get_day(r, 1)?,
                    target: r.get(2)?,
                    reason: r.get(3)?,
                    points: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.instructions = conn
            .prepare_cached(
                "SELECT id, on_date, leader, sense, text, deadline FROM leader_instructions \
                 WHERE item_id = ?1 ORDER BY on_date DESC, id DESC",
            )?
            .query_map([id], |r| {
                Ok(Instruction {
                    id: r.get(0)?,
                    on_date: get_day(r, 1)?,
                    leader: r.get(2)?,
                    sense: get_code(r, 3, InstructionSense::from_code_bytes)?,
                    text: r.get(4)?,
                    deadline: get_opt_day(r, 5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.attachments = conn
            .prepare_cached(
                "SELECT item_id, id, on_date, name, kind, size, sha256, note FROM attachments \
                 WHERE item_id = ?1 ORDER BY id",
            )?
            .query_map([id], super::exchange::attachment)?
            .collect::<rusqlite::Result<_>>()?;
        detail.extensions = conn
            .prepare_cached(
                "SELECT id, requested_on, old_deadline, new_deadline, reason, decision, decided_on \
                 FROM extensions WHERE item_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| {
                Ok(Extension {
                    id: r.get(0)?,
                    requested_on: get_day(r, 1)?,
                    old_deadline: get_day(r, 2)?,
                    new_deadline: get_day(r, 3)?,
                    reason: r.get(4)?,
                    decision: get_code(r, 5, ExtensionDecision::from_code_bytes)?,
                    decided_on: get_opt_day(r, 6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        detail.events = self.events_of(id)?;
        Ok(detail)
    }

    /// The title of an item, if there is one with that number.
    fn title_of(&self, number: ItemNumber) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT title FROM items WHERE year = ?1 AND seq = ?2")?
            .query_row([i64::from(number.year), i64::from(number.seq)], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn attachment_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT bytes FROM attachment_files WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?)
    }

    fn each_file(&self, each: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        let conn = self.conn();
        let mut files = conn.prepare("SELECT sha256, bytes FROM attachment_files")?;
        let mut rows = files.query([])?;
        while let Some(r) = rows.next()? {
            let sha256 = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let bytes = r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            each(sha256, bytes)?;
        }
        Ok(())
    }

    fn item_count(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))?)
    }

    /// The decisions recorded on `day` (notes, feedback, commendations, extensions, lifecycle
    /// moves, snoozes), oldest first, leaving out those undone since (and not redone).
    fn decisions_on(&self, day_: chrono::NaiveDate) -> Result<Vec<Logged>> {
        let conn = self.conn();
        let mut undone: std::collections::HashSet<i64> = std::collections::HashSet::new();
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, data FROM events \
             WHERE kind IN ('undone', 'redone') AND on_date >= ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([day(day_)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, kind, data) in rows {
            if let EventKind::Reversed(r) = event_codec::decode(id, &kind, &data)? {
                if r.undo {
                    undone.insert(r.of_batch);
                } else {
                    undone.remove(&r.of_batch);
                }
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, batch, at, on_date, actor, kind, data FROM events WHERE on_date = ?1 \
             AND kind IN ('note_added', 'feedback_added', 'commended', 'instructed', 'extension_requested', \
             'extension_decided', 'status_changed', 'snoozed') ORDER BY id",
        )?;
        let mut rows = stmt.query([day(day_)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (id, batch): (i64, i64) = (r.get(0)?, r.get(1)?);
            if undone.contains(&batch) {
                continue;
            }
            let (kind, data): (String, String) = (r.get(5)?, r.get(6)?);
            out.push(Logged {
                id,
                batch,
                at: codec::get_stamp(r, 2)?,
                on_date: get_day(r, 3)?,
                actor: r.get(4)?,
                kind: event_codec::decode(id, &kind, &data)?,
            });
        }
        Ok(out)
    }

    /// One item's history, decoded, in the order recorded: what [`replay`] rebuilds it from.
    ///
    /// [`replay`]: crate::domain::history::replay
    fn history(&self, number: ItemNumber) -> Result<Vec<Recorded>> {
        let rows = self
            .conn()
            .prepare_cached(
                "SELECT e.id, e.on_date, e.kind, e.data FROM events e \
                 JOIN items i ON i.id = e.item_id WHERE i.year = ?1 AND i.seq = ?2 ORDER BY e.id",
            )?
            .query_map([i64::from(number.year), i64::from(number.seq)], raw_event)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(decode_raw).collect()
    }

    /// Every event of the office with its link in the chain, in the order recorded, handed to
    /// `each` one at a time (the 100,000-item sample office holds 700,000), its text borrowed
    /// from the row as SQLite holds it rather than copied out.
    ///
    /// The events and the chain are read side by side, each in the order of its ids, and
    /// matched as they go: a link whose event is gone shows where it falls, an event with no
    /// link has none. (A join looked each event's link up in the chain's tree, and the gone
    /// links took a search of the events per link.)
    fn each_chained(&self, each: &mut dyn FnMut(crate::store::Chained<'_>)) -> Result<()> {
        let gone = |each: &mut dyn FnMut(crate::store::Chained<'_>), id: i64, hash: &str| {
            each(crate::store::Chained {
                id,
                batch: 0,
                at: "",
                on_date: "",
                actor: "",
                item_id: None,
                kind: "",
                data: "",
                hash: Some(hash),
                removed: true,
            });
        };
        // One read transaction, so that both see the same state of the file.
        let tx = self.conn().unchecked_transaction()?;
        let mut links =
            tx.prepare_cached("SELECT event_id, hash FROM event_chain ORDER BY event_id")?;
        let mut links = links.query([])?;
        // The next link not yet matched: its event's id and its hash (one buffer, reused).
        let mut link: Option<i64> = None;
        let mut link_hash = String::new();
        let mut next_link = |link: &mut Option<i64>, link_hash: &mut String| -> Result<()> {
            *link = match links.next()? {
                Some(r) => {
                    link_hash.clear();
                    link_hash.push_str(&row_text(r, 1)?);
                    Some(r.get(0)?)
                }
                None => None,
            };
            Ok(())
        };
        next_link(&mut link, &mut link_hash)?;
        let mut events = tx.prepare_cached(
            "SELECT id, batch, at, on_date, actor, item_id, kind, data FROM events ORDER BY id",
        )?;
        let mut rows = events.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            while let Some(gone_id) = link.filter(|gone_id| *gone_id < id) {
                gone(each, gone_id, &link_hash);
                next_link(&mut link, &mut link_hash)?;
            }
            let linked = link == Some(id);
            let (at, on_date, actor) = (row_text(r, 2)?, row_text(r, 3)?, row_text(r, 4)?);
            let (kind, data) = (row_text(r, 6)?, row_text(r, 7)?);
            each(crate::store::Chained {
                id,
                batch: r.get(1)?,
                at: &at,
                on_date: &on_date,
                actor: &actor,
                item_id: r.get(5)?,
                kind: &kind,
                data: &data,
                hash: linked.then_some(link_hash.as_str()),
                removed: false,
            });
            if linked {
                next_link(&mut link, &mut link_hash)?;
            }
        }
        while let Some(gone_id) = link {
            gone(each, gone_id, &link_hash);
            next_link(&mut link, &mut link_hash)?;
        }
        Ok(())
    }

    fn chain_head(
        &self,
        up_to: Option<chrono::NaiveDate>,
    ) -> Result<(Option<String>, i64, Option<String>)> {
        let conn = self.conn();
        // The last event dated on or before the day (read from the end: a past period's
        // paper scans back only over the events recorded since).
        let last: Option<(i64, String)> = match up_to {
            None => conn
                .query_row(
                    "SELECT id, at FROM events ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
            Some(day) => conn
                .query_row(
                    "SELECT id, at FROM events WHERE on_date <= ?1 ORDER BY id DESC LIMIT 1",
                    [super::codec::day(day)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
        };
        let (last_id, last_at) = match last {
            Some((id, at)) => (id, Some(at)),
            None => (0, None),
        };
        // All the events less those recorded after the last one counted: SQLite counts a whole
        // table from its smallest index without reading a row, and the events after are read
        // from the end (none for today's paper). Counting the events up to it read every row
        // of the table: 0.19 s and 450 MB of mapped pages at 785,486 events, for every paper.
        let total: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        let after: i64 = conn.query_row(
            "SELECT count(*) FROM events WHERE id > ?1",
            [last_id],
            |r| r.get(0),
        )?;
        let count = total - after;
        let hash: Option<String> = conn
            .query_row(
                "SELECT hash FROM event_chain WHERE event_id = ?1",
                [last_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok((
            hash.or_else(|| {
                (count == 0).then(|| {
                    crate::domain::history::chain::hex(&crate::domain::history::chain::GENESIS)
                })
            }),
            count,
            last_at,
        ))
    }

    fn chain_origins(&self) -> Result<Vec<crate::store::ChainOrigin>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT first_event, chained_at, how FROM chain_origin ORDER BY first_event",
        )?;
        let origins = stmt
            .query_map([], |r| {
                Ok(crate::store::ChainOrigin {
                    first_event: r.get(0)?,
                    chained_at: r.get(1)?,
                    how: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(origins)
    }

    fn each_event(&self, mut each: impl FnMut(Recorded)) -> Result<()> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, on_date, kind, data FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = r.get(0)?;
            let on_date = get_day(r, 1)?;
            let (kind, data) = (row_text(r, 2)?, row_text(r, 3)?);
            each(Recorded {
                id,
                on_date,
                kind: event_codec::decode(id, &kind, &data)?,
            });
        }
        Ok(())
    }

    fn items_as_of(
        &self,
        from: chrono::NaiveDate,
        end: chrono::NaiveDate,
    ) -> Result<(
        Vec<crate::domain::history::ItemState>,
        HashMap<ItemNumber, chrono::NaiveDate>,
    )> {
        self.read_items_as_of(from, end)
    }

    fn fold_items_as_of<S: Send>(
        &self,
        from: chrono::NaiveDate,
        end: chrono::NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &crate::domain::history::ItemState, Option<chrono::NaiveDate>) + Sync,
    ) -> Result<Vec<S>> {
        self.fold_as_of(from, end, init, each)
    }

    fn export(&self, sink: &mut dyn crate::store::exchange::ExportSink) -> Result<()> {
        super::exchange::export(self.conn(), sink)
    }

    /// The items read on this connection and on a second one on another thread at once, each
    /// taking the next run of ids when done with its last ([`SqliteStore::read_shared`]).
    fn fold_stored_items<S: Send>(
        &self,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, crate::store::ItemDetail) + Sync,
    ) -> Result<Vec<S>> {
        // The two connections share the items out, part by part.
        self.read_shared(|conn, shares| {
            let mut state = init();
            if let Some(ids) = super::shares::Ids::of(conn)? {
                let parts = std::iter::from_fn(|| shares.take(&ids));
                super::exchange::each_item(conn, parts, |item| {
                    each(&mut state, item);
                    Ok(())
                })?;
            }
            Ok(state)
        })
    }

    /// How many events the store holds (for tests and `show`).
    fn event_count(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    /// How many items of each status (for the status bar and demo checks).
    fn status_counts(&self) -> Result<Vec<(Status, i64)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT status, count(*) FROM items GROUP BY status")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((get_code(r, 0, Status::from_code_bytes)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl SqliteStore {
    fn events_of(&self, item_id: i64) -> Result<Vec<Event>> {
        let events = self
            .conn()
            .prepare_cached(
                "SELECT id, batch, at, on_date, actor, kind, data FROM events WHERE item_id = ?1 ORDER BY id",
            )?
            .query_map([item_id], event_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(events)
    }
}

/// The columns [`key_row`] reads, in order.
pub(in crate::store) const KEY_COLUMNS: &str = "id, year, seq, status, cadence, deadline, \
    coalesce(assigned_on, registered_on), last_feedback_on, last_note_on, next_milestone_due, \
    lead_dept_id, second_milestone_due, suspended_on, resumed_on, submitted_on";

fn key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ItemKey> {
    Ok(ItemKey {
        id: r.get(0)?,
        number: ItemNumber {
            year: r.get(1)?,
            seq: r.get(2)?,
        },
        status: get_code(r, 3, Status::from_code_bytes)?,
        cadence: get_code(r, 4, crate::domain::Cadence::from_code_bytes)?,
        deadline: get_opt_day(r, 5)?,
        started_on: get_day(r, 6)?,
        last_feedback_on: get_opt_day(r, 7)?,
        last_note_on: get_opt_day(r, 8)?,
        next_milestone_due: get_opt_day(r, 9)?,
        lead_dept_id: r.get(10)?,
        second_milestone_due: get_opt_day(r, 11)?,
        suspended_on: get_opt_day(r, 12)?,
        resumed_on: get_opt_day(r, 13)?,
        submitted_on: get_opt_day(r, 14)?,
    })
}

/// Reads `id, batch, at, on_date, actor, kind, data` into an event.
fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let data: String = r.get(6)?;
    let id = r.get(0)?;
    let kind: String = r.get(5)?;
    let recorded = crate::store::event_codec::decode(id, &kind, &data).ok();
    Ok(Event {
        id,
        batch: r.get(1)?,
        at: codec::get_stamp(r, 2)?,
        on_date: get_day(r, 3)?,
        actor: r.get(4)?,
        kind,
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data)),
        recorded,
    })
}

/// A text column, borrowed from the row; what is not text fails as `get::<String>` fails.
///
/// Its bytes are checked as UTF-8 with SIMD (`simdutf8`): the audit reads every event's text
/// (the payloads of the 100,000-item sample office are 400 MB, much of it Chinese), and the
/// standard library's check was a tenth of the walk's time. Anything it refuses is read again
/// as `get::<String>` reads it, which fails the same way as before.
fn row_text<'r>(
    r: &'r rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<std::borrow::Cow<'r, str>> {
    let text = match r.get_ref(index)? {
        rusqlite::types::ValueRef::Text(bytes) => simdutf8::basic::from_utf8(bytes).ok(),
        _ => None,
    };
    match text {
        Some(text) => Ok(std::borrow::Cow::Borrowed(text)),
        None => r.get(index).map(std::borrow::Cow::Owned),
    }
}

/// An event as stored: id, day, kind and payload, not yet decoded.
fn raw_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, chrono::NaiveDate, String, String)> {
    Ok((r.get(0)?, get_day(r, 1)?, r.get(2)?, r.get(3)?))
}

fn decode_raw(
    (id, on_date, kind, data): (i64, chrono::NaiveDate, String, String),
) -> Result<Recorded> {
    Ok(Recorded {
        id,
        on_date,
        kind: event_codec::decode(id, &kind, &data)?,
    })
}

#[cfg(test)]
mod status_lists {
    use super::*;

    fn list(keep: fn(Status) -> bool) -> String {
        let codes: Vec<String> = Status::ALL
            .iter()
            .filter(|s| keep(**s))
            .map(|s| format!("'{}'", s.code()))
            .collect();
        format!("({})", codes.join(", "))
    }

    #[test]
    fn the_sql_status_lists_are_the_domains() {
        assert_eq!(OPEN_STATUSES, list(Status::is_open));
        assert_eq!(RUNNING_STATUSES, list(Status::is_running));
        assert_eq!(FINISHED_STATUSES, list(|s| !s.is_open()));
        // The partial indexes name the same lists, word for word.
        assert!(
            crate::store::sqlite::schema::OPEN_KEYS_INDEX
                .ends_with(&format!("WHERE status IN {OPEN_STATUSES}"))
        );
        assert!(
            crate::store::sqlite::columns::running_list_index()
                .ends_with(&format!("WHERE status IN {RUNNING_STATUSES}"))
        );
    }
}

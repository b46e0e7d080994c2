//! Reads on the server: item lists, one item's whole record, the history and its chain. The
//! statements are SQLite's (`sqlite/queries.rs`) in PostgreSQL's words; a read of several
//! statements runs in one read-only snapshot, so that it sees one state of the office however
//! many clerks write meanwhile.

use std::collections::{HashMap, HashSet};

use postgres::{GenericClient, Row};

use super::PgStore;
use super::value::{self, Param, refs};
use crate::domain::history::{EventKind, ItemState, Recorded};
use crate::domain::item::{Cadence, Flags, ItemNumber, SourceKind};
use crate::domain::ladder::{LadderSoFar, Level};
use crate::domain::lifecycle::Status;
use crate::error::Result;
use crate::store::model::{
    ChainOrigin, Chained, Event, ItemDetail, ItemKey, ItemRow, ListFilter, Logged,
};
use crate::store::{Records, event_codec};

// The status lists and the ranking facts' columns are SQLite's statements' own (the same SQL).
use crate::store::sqlite::queries::{
    FINISHED_STATUSES, KEY_COLUMNS, OPEN_STATUSES, RUNNING_STATUSES,
};
/// An item's number as the clerk writes it (`2026-007`; four digits and more as they are).
const NUMBER_TEXT: &str = "(i.year::text || '-' || CASE WHEN i.seq < 1000 \
    THEN lpad(i.seq::text, 3, '0') ELSE i.seq::text END)";

/// What the interface's `/` filter matches: number, title, department, owner, source reference.
fn search_text() -> String {
    format!(
        "{NUMBER_TEXT} || ' ' || i.title || ' ' || d.name || ' ' || i.owner || ' ' || i.source_ref"
    )
}

/// An item row, its columns in `sqlite::columns::ROW`'s order with the lead department's name.
pub(super) fn item_row(r: &Row) -> Result<ItemRow> {
    use value::{code, day_of, flag, int, opt_code, opt_day, opt_percent, opt_text, text};
    Ok(ItemRow {
        id: int(r, 0)?,
        number: number(r, 1)?,
        title: text(r, 3)?,
        lead_department: text(r, 4)?,
        owner: text(r, 5)?,
        status: code(r, 6, Status::from_code_bytes)?,
        source_kind: code(r, 7, SourceKind::from_code_bytes)?,
        source_ref: text(r, 8)?,
        flags: Flags {
            major: flag(r, 9)?,
            difficult: flag(r, 10)?,
            important: flag(r, 11)?,
            leader: flag(r, 12)?,
        },
        urgent: flag(r, 13)?,
        cadence: code(r, 14, Cadence::from_code_bytes)?,
        deadline: opt_day(r, 15)?,
        registered_on: day_of(r, 16)?,
        assigned_on: opt_day(r, 17)?,
        last_feedback_on: opt_day(r, 18)?,
        last_percent: opt_percent(r, 19)?,
        last_note_on: opt_day(r, 20)?,
        top_level: opt_code(r, 21, Level::from_code_bytes)?,
        next_milestone_due: opt_day(r, 22)?,
        version: int(r, 23)?,
        suspended_from: opt_code(r, 24, Status::from_code_bytes)?,
        completed_on: opt_day(r, 25)?,
        closed_on: opt_day(r, 26)?,
        snoozed_until: opt_day(r, 27)?,
        snooze_reason: opt_text(r, 28)?,
        second_milestone_due: opt_day(r, 29)?,
        suspended_on: opt_day(r, 30)?,
        resumed_on: opt_day(r, 31)?,
        submitted_on: opt_day(r, 32)?,
    })
}

/// The number of columns [`item_row`] reads.
pub(super) const ITEM_ROW_COLUMNS: usize = crate::store::sqlite::columns::ROW.len();

/// An item's number from its year and sequence columns (`at`, `at + 1`).
pub(super) fn number(r: &Row, at: usize) -> Result<ItemNumber> {
    Ok(ItemNumber {
        year: i32::try_from(value::int(r, at)?).map_err(|_| value::bad(at, "not a year"))?,
        seq: u32::try_from(value::int(r, at + 1)?)
            .map_err(|_| value::bad(at + 1, "not an item's number"))?,
    })
}

fn key_row(r: &Row) -> Result<ItemKey> {
    use value::{code, day_of, int, opt_day};
    Ok(ItemKey {
        id: int(r, 0)?,
        number: number(r, 1)?,
        status: code(r, 3, Status::from_code_bytes)?,
        cadence: code(r, 4, Cadence::from_code_bytes)?,
        deadline: opt_day(r, 5)?,
        started_on: day_of(r, 6)?,
        last_feedback_on: opt_day(r, 7)?,
        last_note_on: opt_day(r, 8)?,
        next_milestone_due: opt_day(r, 9)?,
        lead_dept_id: int(r, 10)?,
        second_milestone_due: opt_day(r, 11)?,
        suspended_on: opt_day(r, 12)?,
        resumed_on: opt_day(r, 13)?,
        submitted_on: opt_day(r, 14)?,
    })
}

/// An event from its stored columns (`at` as stored: `YYYY-MM-DDTHH:MM:SS`).
pub(super) fn event_of(
    id: i64,
    batch: i64,
    at: &str,
    on_date: chrono::NaiveDate,
    actor: String,
    kind: String,
    data: String,
) -> Result<Event> {
    let recorded = event_codec::decode(id, &kind, &data).ok();
    Ok(Event {
        id,
        batch,
        at: chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")
            .map_err(|_| value::bad(2, "not a time"))?,
        on_date,
        actor,
        kind,
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data)),
        recorded,
    })
}

/// `id, on_date, kind, data` decoded.
pub(super) fn recorded(r: &Row) -> Result<Recorded> {
    recorded_at(r, 0)
}

/// `id, on_date, kind, data` from column `at` on, decoded.
pub(super) fn recorded_at(r: &Row, at: usize) -> Result<Recorded> {
    let id = value::int(r, at)?;
    Ok(Recorded {
        id,
        on_date: value::day_of(r, at + 1)?,
        kind: event_codec::decode(id, r.try_get(at + 2)?, r.try_get(at + 3)?)?,
    })
}

/// The SELECT of item rows matching a filter's stored columns, and its parameters.
fn item_query(filter: &ListFilter, today: chrono::NaiveDate) -> (String, Vec<Param>) {
    let mut sql = format!(
        "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id WHERE true",
        crate::store::sqlite::columns::row_select()
    );
    let mut args: Vec<Param> = Vec::new();
    if let Some(status) = filter.status {
        args.push(Param::text(status.code()));
        sql.push_str(&format!(" AND i.status = ${}", args.len()));
    } else if !filter.all && !filter.overdue {
        sql.push_str(&format!(" AND i.status IN {OPEN_STATUSES}"));
    }
    if filter.overdue {
        // Running past the deadline, or suspended after it (late before it stopped: DOMAIN.md).
        args.push(Param::day(today));
        sql.push_str(&format!(
            " AND ((i.status IN {RUNNING_STATUSES} AND i.status <> 'awaiting_review' \
             AND i.deadline < ${}) \
             OR (i.status = 'suspended' AND i.deadline < i.suspended_on))",
            args.len()
        ));
    }
    if let Some(dept) = &filter.dept {
        args.push(Param::text(dept));
        sql.push_str(&format!(" AND d.name = ${}", args.len()));
    }
    if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
        let escaped = search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        args.push(Param::Text(format!("%{escaped}%")));
        let n = args.len();
        // SQLite's LIKE ignores the case of ASCII letters only; so does ILIKE in the "C"
        // collation.
        sql.push_str(&format!(
            " AND (i.title ILIKE ${n} OR i.source_ref ILIKE ${n} OR i.owner ILIKE ${n} \
             OR d.name ILIKE ${n} OR {NUMBER_TEXT} ILIKE ${n})"
        ));
    }
    (sql, args)
}

impl PgStore {
    fn rows(&self, sql: &str, params: &[Param]) -> Result<Vec<Row>> {
        let mut client = self.client()?;
        let statement = self.statements.get(&mut *client, sql)?;
        Ok(client.query(&statement, &refs(params))?)
    }

    fn row_opt(&self, sql: &str, params: &[Param]) -> Result<Option<Row>> {
        let mut client = self.client()?;
        let statement = self.statements.get(&mut *client, sql)?;
        Ok(client.query_opt(&statement, &refs(params))?)
    }

    fn count(&self, sql: &str) -> Result<i64> {
        let mut client = self.client()?;
        let statement = self.statements.get(&mut *client, sql)?;
        value::int(&client.query_one(&statement, &[])?, 0)
    }

    fn keys(&self, sql: &str, params: &[Param]) -> Result<Vec<ItemKey>> {
        self.rows(sql, params)?.iter().map(key_row).collect()
    }

    fn texts(&self, sql: &str) -> Result<Vec<(i64, String)>> {
        self.rows(sql, &[])?
            .iter()
            .map(|r| Ok((value::int(r, 0)?, value::text(r, 1)?.to_lowercase())))
            .collect()
    }
}

/// One item's whole record, read in `c` (one snapshot).
/// A statement's rows, the statement prepared once on the connection.
fn query_prepared(
    c: &mut impl GenericClient,
    statements: &super::prepared::Statements,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<Row>> {
    let statement = statements.get(c, sql)?;
    Ok(c.query(&statement, params)?)
}

impl Records for PgStore {
    fn fold_items<S: Send>(
        &self,
        filter: &ListFilter,
        today: chrono::NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, ItemRow) + Sync,
    ) -> Result<Vec<S>> {
        let (sql, args) = item_query(filter, today);
        let mut client = self.client()?;
        let mut state = init();
        let mut rows = client.query_raw(&sql, refs(&args))?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            each(&mut state, item_row(&r)?);
        }
        Ok(vec![state])
    }

    fn open_keys(&self, _today: chrono::NaiveDate) -> Result<Vec<ItemKey>> {
        self.keys(
            &format!("SELECT {KEY_COLUMNS} FROM items WHERE status IN {OPEN_STATUSES}"),
            &[],
        )
    }

    fn open_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        self.row_opt(
            &format!(
                "SELECT {KEY_COLUMNS} FROM items WHERE year = $1 AND seq = $2 \
                 AND status IN {OPEN_STATUSES}"
            ),
            &[Param::int(number.year), Param::int(number.seq)],
        )?
        .map(|r| key_row(&r))
        .transpose()
    }

    fn finished_keys(&self) -> Result<Vec<ItemKey>> {
        self.keys(
            &format!("SELECT {KEY_COLUMNS} FROM items WHERE status IN {FINISHED_STATUSES}"),
            &[],
        )
    }

    fn item_key(&self, number: ItemNumber) -> Result<Option<ItemKey>> {
        self.row_opt(
            &format!("SELECT {KEY_COLUMNS} FROM items WHERE year = $1 AND seq = $2"),
            &[Param::int(number.year), Param::int(number.seq)],
        )?
        .map(|r| key_row(&r))
        .transpose()
    }

    fn finished_search_texts(&self) -> Result<Vec<(i64, String)>> {
        self.texts(&format!(
            "SELECT i.id, {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.status IN {FINISHED_STATUSES}",
            search_text()
        ))
    }

    fn search_text(&self, id: i64) -> Result<Option<String>> {
        self.row_opt(
            &format!(
                "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
                 WHERE i.id = $1",
                search_text()
            ),
            &[Param::Int(id)],
        )?
        .map(|r| Ok(value::text(&r, 0)?.to_lowercase()))
        .transpose()
    }

    fn open_search_texts(&self) -> Result<Vec<(i64, String)>> {
        self.texts(&format!(
            "SELECT i.id, {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.status IN {OPEN_STATUSES}",
            search_text()
        ))
    }

    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<ItemRow>> {
        let sql = format!(
            "SELECT {} FROM items i JOIN departments d ON d.id = i.lead_dept_id \
             WHERE i.id = ANY($1)",
            crate::store::sqlite::columns::row_select()
        );
        query_prepared(&mut *self.client()?, &self.statements, &sql, &[&ids])?
            .iter()
            .map(item_row)
            .collect()
    }

    fn ladders_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, LadderSoFar>> {
        let mut levels: HashMap<i64, Vec<Level>> = HashMap::new();
        for r in query_prepared(
            &mut *self.client()?,
            &self.statements,
            "SELECT item_id, level FROM notes WHERE item_id = ANY($1) ORDER BY id",
            &[&ids],
        )? {
            levels
                .entry(value::int(&r, 0)?)
                .or_default()
                .push(value::code(&r, 1, Level::from_code_bytes)?);
        }
        Ok(levels
            .into_iter()
            .map(|(id, levels)| (id, LadderSoFar::of(levels)))
            .collect())
    }

    fn department_ids(&self) -> Result<Vec<(i64, String)>> {
        self.rows("SELECT id, name FROM departments ORDER BY name", &[])?
            .iter()
            .map(|r| Ok((value::int(r, 0)?, value::text(r, 1)?)))
            .collect()
    }

    fn departments(&self) -> Result<Vec<String>> {
        self.rows("SELECT name FROM departments ORDER BY name", &[])?
            .iter()
            .map(|r| value::text(r, 0))
            .collect()
    }

    fn item_detail(&self, number: ItemNumber) -> Result<ItemDetail> {
        super::detail::item_detail(&mut *self.client()?, &self.statements, number)
    }

    fn title_of(&self, number: ItemNumber) -> Result<Option<String>> {
        self.row_opt(
            "SELECT title FROM items WHERE year = $1 AND seq = $2",
            &[Param::int(number.year), Param::int(number.seq)],
        )?
        .map(|r| value::text(&r, 0))
        .transpose()
    }

    fn attachment_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let mut client = self.client()?;
        let row = client.query_opt(
            "SELECT bytes FROM attachment_files WHERE sha256 = $1",
            &[&sha256],
        )?;
        Ok(match row {
            Some(r) => Some(r.try_get::<_, Vec<u8>>(0)?),
            None => None,
        })
    }

    fn each_file(&self, each: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        let mut client = self.client()?;
        let mut rows = client.query_raw(
            "SELECT sha256, bytes FROM attachment_files",
            std::iter::empty::<&Param>(),
        )?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            each(r.try_get::<_, &str>(0)?, r.try_get::<_, &[u8]>(1)?)?;
        }
        Ok(())
    }

    fn item_count(&self) -> Result<i64> {
        self.count("SELECT count(*) FROM items")
    }

    fn status_counts(&self) -> Result<Vec<(Status, i64)>> {
        self.rows("SELECT status, count(*) FROM items GROUP BY status", &[])?
            .iter()
            .map(|r| {
                Ok((
                    value::code(r, 0, Status::from_code_bytes)?,
                    value::int(r, 1)?,
                ))
            })
            .collect()
    }

    fn decisions_on(&self, on: chrono::NaiveDate) -> Result<Vec<Logged>> {
        self.snapshot(|tx| {
            let mut undone: HashSet<i64> = HashSet::new();
            for r in tx.query(
                "SELECT id, kind, data FROM events \
                 WHERE kind IN ('undone', 'redone') AND on_date >= $1 ORDER BY id",
                &refs(&[Param::day(on)]),
            )? {
                let id = value::int(&r, 0)?;
                if let EventKind::Reversed(rev) =
                    event_codec::decode(id, r.try_get(1)?, r.try_get(2)?)?
                {
                    if rev.undo {
                        undone.insert(rev.of_batch);
                    } else {
                        undone.remove(&rev.of_batch);
                    }
                }
            }
            let mut out = Vec::new();
            for r in tx.query(
                "SELECT id, batch, at, on_date, actor, kind, data FROM events WHERE on_date = $1 \
                 AND kind IN ('note_added', 'feedback_added', 'commended', 'instructed', \
                 'extension_requested', 'extension_decided', 'status_changed', 'snoozed') \
                 ORDER BY id",
                &refs(&[Param::day(on)]),
            )? {
                let (id, batch) = (value::int(&r, 0)?, value::int(&r, 1)?);
                if undone.contains(&batch) {
                    continue;
                }
                out.push(Logged {
                    id,
                    batch,
                    at: value::stamp_of(&r, 2)?,
                    on_date: value::day_of(&r, 3)?,
                    actor: value::text(&r, 4)?,
                    kind: event_codec::decode(id, r.try_get(5)?, r.try_get(6)?)?,
                });
            }
            Ok(out)
        })
    }

    fn history(&self, number: ItemNumber) -> Result<Vec<Recorded>> {
        self.rows(
            "SELECT e.id, e.on_date, e.kind, e.data FROM events e \
             JOIN items i ON i.id = e.item_id WHERE i.year = $1 AND i.seq = $2 ORDER BY e.id",
            &[Param::int(number.year), Param::int(number.seq)],
        )?
        .iter()
        .map(recorded)
        .collect()
    }

    fn each_event(&self, mut each: impl FnMut(Recorded)) -> Result<()> {
        let mut client = self.client()?;
        let mut rows = client.query_raw(
            "SELECT id, on_date, kind, data FROM events ORDER BY id",
            std::iter::empty::<&Param>(),
        )?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            each(recorded(&r)?);
        }
        Ok(())
    }

    fn items_as_of(
        &self,
        from: chrono::NaiveDate,
        end: chrono::NaiveDate,
    ) -> Result<(Vec<ItemState>, HashMap<ItemNumber, chrono::NaiveDate>)> {
        let mut kept = (Vec::new(), HashMap::new());
        self.snapshot(|tx| {
            super::days::fold_as_of(tx, from, end, &mut kept, |kept, item, cancelled_on| {
                if let Some(on) = cancelled_on {
                    kept.1.insert(item.number, on);
                }
                kept.0.push(item.clone());
            })
        })?;
        Ok(kept)
    }

    /// One reader: the rows stream from the server on one connection, in one snapshot.
    fn fold_items_as_of<S: Send>(
        &self,
        from: chrono::NaiveDate,
        end: chrono::NaiveDate,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &ItemState, Option<chrono::NaiveDate>) + Sync,
    ) -> Result<Vec<S>> {
        let state = self.snapshot(|tx| super::days::fold_as_of(tx, from, end, init(), &each))?;
        Ok(vec![state])
    }

    fn event_count(&self) -> Result<i64> {
        self.count("SELECT count(*) FROM events")
    }

    fn each_chained(&self, each: &mut dyn FnMut(Chained<'_>)) -> Result<()> {
        self.snapshot(|tx| {
            // The events and their links side by side, as SQLite's backend reads them: a
            // link whose event is gone, and an event with no link, each show where they fall.
            let mut rows = tx.query_raw(
                "SELECT coalesce(e.id, c.event_id), e.batch, e.at, e.on_date, e.actor, \
                 e.item_id, e.kind, e.data, c.hash, e.id IS NULL \
                 FROM events e FULL JOIN event_chain c ON c.event_id = e.id \
                 ORDER BY coalesce(e.id, c.event_id)",
                std::iter::empty::<&Param>(),
            )?;
            while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
                let removed: bool = r.try_get(9)?;
                let text = |i: usize| -> Result<&str> {
                    Ok(r.try_get::<_, Option<&str>>(i)?.unwrap_or(""))
                };
                each(Chained {
                    id: value::int(&r, 0)?,
                    batch: value::opt_int(&r, 1)?.unwrap_or(0),
                    at: text(2)?,
                    on_date: text(3)?,
                    actor: text(4)?,
                    item_id: value::opt_int(&r, 5)?,
                    kind: text(6)?,
                    data: text(7)?,
                    hash: r.try_get(8)?,
                    removed,
                });
            }
            Ok(())
        })
    }

    fn chain_head(
        &self,
        up_to: Option<chrono::NaiveDate>,
    ) -> Result<(Option<String>, i64, Option<String>)> {
        self.snapshot(|tx| {
            let last = match up_to {
                None => tx.query_opt("SELECT id, at FROM events ORDER BY id DESC LIMIT 1", &[])?,
                Some(on) => tx.query_opt(
                    "SELECT id, at FROM events WHERE on_date <= $1 ORDER BY id DESC LIMIT 1",
                    &refs(&[Param::day(on)]),
                )?,
            };
            let (last_id, last_at) = match last {
                Some(r) => (value::int(&r, 0)?, Some(value::text(&r, 1)?)),
                None => (0, None),
            };
            let count = value::int(
                &tx.query_one(
                    "SELECT count(*) FROM events WHERE id <= $1",
                    &refs(&[Param::Int(last_id)]),
                )?,
                0,
            )?;
            let hash = tx
                .query_opt(
                    "SELECT hash FROM event_chain WHERE event_id = $1",
                    &refs(&[Param::Int(last_id)]),
                )?
                .map(|r| value::text(&r, 0))
                .transpose()?;
            use crate::domain::history::chain;
            Ok((
                hash.or_else(|| (count == 0).then(|| chain::hex(&chain::GENESIS))),
                count,
                last_at,
            ))
        })
    }

    fn chain_origins(&self) -> Result<Vec<ChainOrigin>> {
        self.rows(
            "SELECT first_event, chained_at, how FROM chain_origin ORDER BY first_event",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(ChainOrigin {
                first_event: value::int(r, 0)?,
                chained_at: value::text(r, 1)?,
                how: value::text(r, 2)?,
            })
        })
        .collect()
    }

    fn export(&self, sink: &mut dyn crate::store::exchange::ExportSink) -> Result<()> {
        self.snapshot(|tx| super::exchange::export(tx, sink))
    }
}

//! The office on a PostgreSQL server, for several clerks at several workstations: the store's
//! interface ([`Records`], [`Backend`]) over the synchronous `postgres` client.
//!
//! Every write takes the office's write lock (`pg_advisory_xact_lock`) first, so writes are
//! made one after the other as on SQLite: each event's link in the chain is the hash of the
//! one before, so the history has one order, and two clerks deciding the same item meet the
//! item's version (the second is told it changed, never overwrites). Reads of several
//! statements run in one read-only snapshot (`REPEATABLE READ`). The server's own roles decide
//! who may write: a write the server refuses is told as such ([`ServerProblem::ReadOnlyLogin`]).

mod begin;
mod copy;
mod days;
mod detail;
mod exchange;
mod listen;
mod prepared;
mod queries;
mod rows;
pub mod schema;
mod tls;
mod value;

use std::borrow::Cow;
use std::sync::{Mutex, MutexGuard};

use postgres::error::SqlState;
use postgres::{Client, IsolationLevel, NoTls, Transaction};

use super::orchestrate::Writer;
use super::rows::Rows;
use super::{Backend, ChangeToken, Ctx, WriteTx};
use crate::error::{Error, Result, ServerProblem};

/// Whether `text` names an office on a server (`postgres://…` or `postgresql://…`) rather
/// than a file.
pub fn is_server_address(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The address as the clerk is shown it: without the password.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // The user information ends at the last `@` before the host's path.
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(name, _)| name);
            format!("{scheme}://{user}@{host}{path}")
        }
        None => url.to_string(),
    }
}

/// An office kept in a PostgreSQL database.
pub struct PgStore {
    client: Mutex<Client>,
    url: String,
    place: String,
    read_only: bool,
    /// The server's login this connection is made as: the clerk the history names.
    login: String,
    /// The statements prepared on the connection.
    statements: prepared::Statements,
    /// The connection listening for other clerks' commits, made on the first
    /// [`Backend::change_token`] (a command that never asks makes none).
    listener: Mutex<listen::Listening>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("place", &self.place)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// What a failed connection says, as the clerk is told it.
fn connect_failed(place: &str, e: &postgres::Error) -> Error {
    // The server's rule for this host refuses a connection without TLS (pg_hba's `hostssl`).
    let unencrypted = e
        .as_db_error()
        .is_some_and(|d| d.message().contains("no encryption"));
    let problem = match e.code() {
        Some(_) if unencrypted => ServerProblem::NeedsTls,
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            ServerProblem::Login
        }
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => ServerProblem::NoDatabase,
        Some(_) => ServerProblem::Unreachable {
            reason: e
                .as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_string()),
        },
        None => {
            let reason =
                std::error::Error::source(e).map_or_else(|| e.to_string(), |s| s.to_string());
            if reason.contains("invalid") || reason.contains("unknown") {
                ServerProblem::BadAddress { reason }
            } else {
                ServerProblem::Unreachable { reason }
            }
        }
    };
    Error::Server {
        place: place.to_string(),
        problem,
    }
}

impl PgStore {
    fn connect(url: &str) -> Result<(Client, String)> {
        let place = shown(url);
        let config: postgres::Config = url.parse().map_err(|e: postgres::Error| Error::Server {
            place: place.clone(),
            problem: ServerProblem::BadAddress {
                reason: std::error::Error::source(&e)
                    .map_or_else(|| e.to_string(), |s| s.to_string()),
            },
        })?;
        let client = if config.get_ssl_mode() == postgres::config::SslMode::Require {
            let tls = tls::encrypting().map_err(|e| Error::Server {
                place: place.clone(),
                problem: ServerProblem::Unreachable {
                    reason: e.to_string(),
                },
            })?;
            config.connect(tls)
        } else {
            config.connect(NoTls)
        }
        .map_err(|e| connect_failed(&place, &e))?;
        Ok((client, place))
    }

    /// Opens the office in the database at `url`, creating its schema when the database holds
    /// none yet (or bringing an older one up to date).
    pub fn open(url: &str) -> Result<Self> {
        let (mut client, place) = Self::connect(url)?;
        schema::migrate(&mut client, &place).map_err(|e| match e {
            Error::Server {
                problem: ServerProblem::ReadOnlyLogin { .. },
                ..
            } => Error::Server {
                place: place.clone(),
                problem: ServerProblem::NoOffice,
            },
            other => other,
        })?;
        let (_, login) = schema::database_and_login(&mut client)?;
        Ok(Self {
            client: Mutex::new(client),
            url: url.to_string(),
            place,
            read_only: false,
            login,
            statements: prepared::Statements::default(),
            listener: Mutex::new(listen::Listening::default()),
        })
    }

    /// Opens the office at `url` for reading only: nothing is created or written, and the
    /// server refuses every write of this connection.
    pub fn open_read_only(url: &str) -> Result<Self> {
        let (mut client, place) = Self::connect(url)?;
        match schema::version(&mut client)? {
            None => {
                return Err(Error::Server {
                    place,
                    problem: ServerProblem::NoOffice,
                });
            }
            Some(found) if found > schema::SCHEMA_VERSION => {
                return Err(Error::NewerSchema {
                    path: place.into(),
                    found,
                    known: schema::SCHEMA_VERSION,
                });
            }
            Some(_) => {}
        }
        client.batch_execute("SET default_transaction_read_only = on")?;
        let (_, login) = schema::database_and_login(&mut client)?;
        Ok(Self {
            client: Mutex::new(client),
            url: url.to_string(),
            place,
            read_only: true,
            login,
            statements: prepared::Statements::default(),
            listener: Mutex::new(listen::Listening::default()),
        })
    }

    /// The address the office was opened at (with its password, to open a second handle).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the office was opened for reading only.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The server's login this office was opened as.
    pub fn login(&self) -> &str {
        &self.login
    }

    /// The office's roles, and the statements that create and grant them (`duban db init`).
    pub fn roles(&self) -> Result<(schema::Roles, String)> {
        let (database, _) = schema::database_and_login(&mut *self.client()?)?;
        let roles = schema::Roles::of(&database);
        let grants = roles.grants(&database);
        Ok((roles, grants))
    }

    /// Creates the office's roles and grants them their rights; the server's refusal (a login
    /// that may not create roles) is returned as it is.
    pub fn create_roles(&self) -> Result<schema::Roles> {
        let (roles, grants) = self.roles()?;
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.batch_execute(&grants)?;
        tx.commit()?;
        Ok(roles)
    }

    /// A fault of the server, with this office's address and login put in where the fault
    /// was converted without them.
    fn placed(&self, e: Error) -> Error {
        match e {
            Error::Server { place, problem } => Error::Server {
                place: if place.is_empty() {
                    self.place.clone()
                } else {
                    place
                },
                problem: match problem {
                    ServerProblem::ReadOnlyLogin { login } if login.is_empty() => {
                        ServerProblem::ReadOnlyLogin {
                            login: self.login.clone(),
                        }
                    }
                    other => other,
                },
            },
            other => other,
        }
    }

    /// The connection (one at a time: a read of this handle waits for another of its own).
    fn client(&self) -> Result<MutexGuard<'_, Client>> {
        // A panic while the connection was held leaves it as the server left it; a failed
        // statement is the server's to roll back.
        let mut client = self
            .client
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.reconnect_if_lost(&mut client)?;
        Ok(client)
    }

    /// The connection for a write (this handle's own, no lock to wait for).
    fn client_mut(&mut self) -> Result<&mut Client> {
        let (url, read_only, place) = (self.url.clone(), self.read_only, self.place.clone());
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if client.is_closed() {
            *client = Self::reconnect(&url, read_only, &place)?;
            self.statements.clear();
        }
        Ok(client)
    }

    /// A connection the server closed (it was restarted, or the network dropped it) is made
    /// again on the next use: the interface open all day goes on once the server is back, and
    /// until then each use says the server cannot be reached.
    fn reconnect_if_lost(&self, client: &mut Client) -> Result<()> {
        if client.is_closed() {
            *client = Self::reconnect(&self.url, self.read_only, &self.place)?;
            self.statements.clear();
        }
        Ok(())
    }

    fn reconnect(url: &str, read_only: bool, place: &str) -> Result<Client> {
        let (mut client, _) = Self::connect(url).map_err(|e| match e {
            Error::Server { problem, .. } => Error::Server {
                place: place.to_string(),
                problem,
            },
            other => other,
        })?;
        if read_only {
            client.batch_execute("SET default_transaction_read_only = on")?;
        }
        Ok(client)
    }

    /// Runs `read` in one read-only snapshot of the office.
    fn snapshot<T>(&self, read: impl FnOnce(&mut Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut client = self.client()?;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let value = read(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn refuse_write(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::OpenedReadOnly {
                path: self.place.clone().into(),
                copy: false,
            });
        }
        Ok(())
    }
}

impl PgStore {
    /// Whether the office holds nothing yet: no department, item or event (what an import
    /// asks of the office it goes into).
    fn is_empty(&self) -> Result<bool> {
        let r = self.client()?.query_one(
            "SELECT NOT EXISTS (SELECT 1 FROM departments) AND NOT EXISTS (SELECT 1 FROM items) \
             AND NOT EXISTS (SELECT 1 FROM events)",
            &[],
        )?;
        Ok(r.try_get(0)?)
    }

    /// The id of the last event (0 in an empty office).
    fn last_event_id(&self) -> Result<i64> {
        let mut client = self.client()?;
        let statement = self
            .statements
            .get(&mut *client, "SELECT coalesce(max(id), 0) FROM events")?;
        let r = client.query_one(&statement, &[])?;
        value::int(&r, 0)
    }

    /// Whether this handle listens on the office's channel (it does from its first
    /// [`Backend::change_token`] on, while the server can be reached).
    pub fn listening(&self) -> bool {
        self.listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_on()
    }

    /// Forgets the token the listener holds: this handle's own commit changed it.
    fn committed(&mut self) {
        self.listener
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .forget();
    }

    /// One write transaction under the office's write lock, orchestrated over the server's rows.
    fn write_placed<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.client_mut()?;
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (open, begun) = begin::OpenWrite::begin(client)?;
        let rows = rows::PgRows::new(open, &self.statements, begun);
        let batch = rows.next_batch()?;
        let mut writer = Writer::new(&rows, ctx, batch);
        let value = f(&mut writer)?;
        writer.keep_days()?;
        drop(writer);
        rows.into_inner().commit()?;
        Ok(value)
    }

    fn import_placed(
        &mut self,
        office: &super::exchange::Office,
    ) -> Result<super::exchange::Imported> {
        let client = self.client_mut()?;
        let (open, _) = begin::OpenWrite::begin(client)?;
        let imported = exchange::import(&mut *open.client, office)?;
        open.commit()?;
        Ok(imported)
    }
}

impl Backend for PgStore {
    fn write<T>(&mut self, ctx: &Ctx, f: impl FnOnce(&mut dyn WriteTx) -> Result<T>) -> Result<T> {
        self.refuse_write()?;
        let written = self.write_placed(ctx, f).map_err(|e| self.placed(e));
        self.committed();
        written
    }

    /// The sample office into an empty office: written first into a SQLite office in memory (a
    /// write there is a function call, here a round trip: 1,000 items took 8.5 s), then sent
    /// over as [`Backend::import`] sends an office, one `COPY` per table, in one transaction
    /// with its chain and its origin. Into an office that holds anything, the ordinary write.
    fn bulk_write<T>(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T>,
    ) -> Result<T> {
        self.refuse_write()?;
        if !self.is_empty()? {
            return self.write(ctx, f);
        }
        let mut scratch = super::sqlite::SqliteStore::open_in_memory()?;
        let value = scratch.bulk_write(ctx, f)?;
        let mut office = super::exchange::exported(&scratch)?;
        office.chain_origins = Some(super::Records::chain_origins(&scratch)?);
        drop(scratch);
        self.import(&office)?;
        Ok(value)
    }

    fn import(&mut self, office: &super::exchange::Office) -> Result<super::exchange::Imported> {
        self.refuse_write()?;
        let imported = self.import_placed(office).map_err(|e| self.placed(e));
        self.committed();
        imported
    }

    /// The id of the last event: every commit that changes anything appends one, and ids only
    /// grow. It is read from the server only when the office's channel said something was
    /// committed since the last read ([`listen`]); a quiet tick costs no round trip.
    fn change_token(&self) -> Result<ChangeToken> {
        let mut listening = self
            .listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let listen::Heard::Nothing(token) = listening.heard() {
            return Ok(ChangeToken::new(token));
        }
        listening.start_if_due(|| Self::connect(&self.url).map(|(client, _)| client).ok());
        let token = self.last_event_id()?;
        listening.read(token);
        Ok(ChangeToken::new(token))
    }

    fn location(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.place)
    }

    fn read_only(&self) -> bool {
        self.read_only
    }

    fn elsewhere<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Self) -> Result<T> + Send + 'static,
    ) -> Result<Option<std::sync::mpsc::Receiver<Result<T>>>> {
        let url = self.url.clone();
        let read_only = self.read_only;
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let opened = if read_only {
                PgStore::open_read_only(&url)
            } else {
                PgStore::open(&url)
            };
            let _ = send.send(opened.and_then(|store| work(&store)));
        });
        Ok(Some(receive))
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        // The connection closed, or a read or write on it failed: the server went away (it
        // was stopped, or the network dropped).
        let broken_pipe = std::error::Error::source(&e)
            .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some());
        if e.is_closed() || broken_pipe {
            return Error::Server {
                place: String::new(),
                problem: ServerProblem::Lost,
            };
        }
        match e.code() {
            Some(c)
                if *c == SqlState::INSUFFICIENT_PRIVILEGE
                    || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
            {
                Error::Server {
                    place: String::new(),
                    problem: ServerProblem::ReadOnlyLogin {
                        login: String::new(),
                    },
                }
            }
            Some(c) if *c == SqlState::DISK_FULL => Error::DiskFull,
            Some(c) if *c == SqlState::DATA_CORRUPTED || *c == SqlState::INDEX_CORRUPTED => {
                Error::Damaged
            }
            Some(c) if *c == SqlState::ADMIN_SHUTDOWN || *c == SqlState::CRASH_SHUTDOWN => {
                Error::Server {
                    place: String::new(),
                    problem: ServerProblem::Lost,
                }
            }
            _ => Error::Database(Box::new(e)),
        }
    }
}

//! Hearing other clerks' commits: every write sends `NOTIFY` on the office's channel (delivered
//! when, and only if, it commits), and a workstation keeps one more connection that `LISTEN`s
//! there. The interface asks for the [`ChangeToken`](crate::store::ChangeToken) on every tick;
//! while nothing was heard, the token it was last given is still true and the server is not
//! asked at all. When something was heard, the token is read again (the last event's id), so
//! a notification is a reason to look, never itself the answer: the token stays exact.
//!
//! The listening connection has a thread of its own, which waits on it and counts what it hears
//! (a poll from the interface's tick would not see a notice the connection has not been given
//! time to read). The order makes it safe: the channel is listened to before the first token is
//! read, and the count is taken before every read, so a commit is either in the token read or
//! counted afterwards. Should the listening connection be lost (the server restarted), the token is
//! read from the server on every tick until a new one is listening.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

/// The office's channel (a database's channels are its own: one office, one channel).
pub const CHANNEL: &str = "duban";

/// What the channel said since the token was last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// Nothing: the token last read (the value) is still true.
    Nothing(i64),
    /// A commit, or the token was never read, or nobody listens: read it again.
    Something,
}

/// How long a workstation waits before trying to listen again after the server refused a
/// connection (it is down, or out of connections): the token is read on every tick meanwhile.
const RETRY: Duration = Duration::from_secs(5);

/// How often the listening thread looks whether its handle is gone.
const LOOK_UP: Duration = Duration::from_millis(250);

/// What the listening thread and its handle share.
#[derive(Default)]
pub struct Ear {
    /// Notices heard so far.
    heard: AtomicU64,
    /// The thread ended: its connection was lost.
    deaf: AtomicBool,
    /// The handle is gone: the thread ends and closes its connection.
    stop: AtomicBool,
}

/// A handle's listening connection, if it has one.
#[derive(Default)]
pub enum Listening {
    /// Never asked for a token.
    #[default]
    NotYet,
    /// Listening: the count of notices when the token was last read, and the token then.
    On {
        ear: Arc<Ear>,
        counted: u64,
        known: Option<i64>,
    },
    /// The last attempt to listen failed at this moment.
    Failed(Instant),
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Listening::On { ear, .. } = self {
            ear.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The listening thread: counts the notices until the connection is lost or its handle gone.
fn listen(mut client: Client, ear: &Ear) {
    while !ear.stop.load(Ordering::Relaxed) {
        let next = client.notifications().timeout_iter(LOOK_UP).next();
        match next {
            Ok(Some(_)) => {
                ear.heard.fetch_add(1, Ordering::SeqCst);
            }
            Ok(None) if !client.is_closed() => {}
            Ok(None) | Err(_) => break,
        }
    }
    ear.deaf.store(true, Ordering::SeqCst);
}

impl Listening {
    /// Whether the token last read is still true: nothing heard since. The listening
    /// connection's faults are not the clerk's: a lost connection is forgotten (listened again
    /// by [`Self::start_if_due`]), and the token is read from the server meanwhile.
    pub fn heard(&mut self) -> Heard {
        let Listening::On {
            ear,
            counted,
            known,
        } = self
        else {
            return Heard::Something;
        };
        if ear.deaf.load(Ordering::SeqCst) {
            *self = Listening::NotYet;
            return Heard::Something;
        }
        let now = ear.heard.load(Ordering::SeqCst);
        match known {
            Some(token) if now == *counted => Heard::Nothing(*token),
            _ => {
                *counted = now;
                *known = None;
                Heard::Something
            }
        }
    }

    /// Starts listening on a connection `connect` makes, unless already listening or the last
    /// attempt failed too recently. Must come before the token is read (see the module).
    pub fn start_if_due(&mut self, connect: impl FnOnce() -> Option<Client>) {
        match self {
            Listening::On { .. } => return,
            Listening::Failed(at) if at.elapsed() < RETRY => return,
            _ => {}
        }
        let listening = connect().and_then(|mut client| {
            client.batch_execute(&format!("LISTEN {CHANNEL}")).ok()?;
            let ear = Arc::new(Ear::default());
            let theirs = Arc::clone(&ear);
            std::thread::Builder::new()
                .name("duban-listen".into())
                .spawn(move || listen(client, &theirs))
                .ok()?;
            Some(Listening::On {
                ear,
                counted: 0,
                known: None,
            })
        });
        *self = listening.unwrap_or_else(|| Listening::Failed(Instant::now()));
    }

    /// Records the token read after [`Self::heard`] said to read it.
    pub fn read(&mut self, token: i64) {
        if let Listening::On { known, .. } = self {
            *known = Some(token);
        }
    }

    /// Forgets the token: this handle's own commit changed it (its notice is counted later;
    /// the token read then is the same, and nothing is refreshed twice).
    pub fn forget(&mut self) {
        if let Listening::On { known, .. } = self {
            *known = None;
        }
    }

    pub fn is_on(&self) -> bool {
        matches!(self, Listening::On { .. })
    }
}

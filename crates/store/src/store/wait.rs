//! Waiting for another program's lock: the store tells whoever listens that a read or write is
//! waiting (the interface puts it on its status line at once, as its main loop is held by the
//! wait), and remembers that it waited (the interface then drops the keys typed meanwhile, so
//! that they do not fall into a form).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

type Hook = Box<dyn Fn() + Send + Sync>;

static HOOK: OnceLock<Hook> = OnceLock::new();
static WAITED: AtomicBool = AtomicBool::new(false);

/// Calls `hook` each time the store begins to wait for a lock. Set once, by the interface.
pub fn on_wait(hook: impl Fn() + Send + Sync + 'static) {
    let _ = HOOK.set(Box::new(hook));
}

/// Whether the store waited for a lock since this was last asked.
pub fn waited() -> bool {
    WAITED.swap(false, Ordering::SeqCst)
}

/// The store begins to wait.
pub(crate) fn started() {
    WAITED.store(true, Ordering::SeqCst);
    if let Some(hook) = HOOK.get() {
        hook();
    }
}

//! A progress bar on standard error.

use std::io::Write;

/// The progress bar of a long write (a ledger's import, the sample office), on standard
/// error when it is a terminal.
pub struct Bar {
    total: usize,
    on: bool,
    shown: usize,
    label: &'static str,
}

impl Bar {
    const WIDTH: usize = 30;

    /// A bar labelled `label` for `total` steps, shown only when `on`.
    pub fn new(label: &'static str, total: usize, on: bool) -> Self {
        Self {
            total,
            on,
            shown: usize::MAX,
            label,
        }
    }

    /// Shows `done` of the steps, when the percentage changed.
    pub fn show(&mut self, done: usize) {
        if !self.on || self.total == 0 {
            return;
        }
        let percent = done * 100 / self.total;
        if percent == self.shown {
            return;
        }
        self.shown = percent;
        let filled = done * Self::WIDTH / self.total;
        let bar: String = "█".repeat(filled) + &" ".repeat(Self::WIDTH - filled);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} ▕{bar}▏ {done}/{} {percent}%",
            self.label, self.total
        );
        let _ = err.flush();
    }

    /// Clears the bar.
    pub fn end(&self) {
        if self.on && self.total > 0 {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

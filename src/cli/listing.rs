//! A list printed in its order whatever its length, in memory that does not grow with it.
//!
//! The items are read and assessed on the threads that read them (`Office::fold_listed`), in
//! no order; each thread writes each item's line (a JSON object, a CSV row, a table row) into
//! a buffer of its own, which goes to a temporary file once it holds a megabyte. What stays in
//! memory is where each line lies and its place in the list: some thirty bytes an item. The
//! lines are then written out in the list's order, read back from the files. At 1,000,000
//! items `list --all --format json` held 2.7 GB of lines this way before (issue 21).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;

use crate::app::{ListKey, Listed, Office};
use crate::cli::error::Result;
use crate::domain::WarningLight;
use crate::store::ListFilter;

/// How much of a thread's lines is kept in memory before it goes to its file.
const SPILL_AT: usize = 1 << 20;

/// How the items of a list are counted for its last line (the table's).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub items: usize,
    pub red: usize,
    pub orange: usize,
    pub yellow: usize,
    pub green: usize,
    /// Reports submitted late and awaiting review (counted under no light).
    pub reported_late: usize,
}

impl Counts {
    fn add(&mut self, l: &Listed) {
        self.items += 1;
        if l.reading.reported_late_working_days.is_some() {
            self.reported_late += 1;
            return;
        }
        match l.light {
            WarningLight::Red => self.red += 1,
            WarningLight::Orange => self.orange += 1,
            WarningLight::Yellow => self.yellow += 1,
            WarningLight::Green => self.green += 1,
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.items += other.items;
        self.red += other.red;
        self.orange += other.orange;
        self.yellow += other.yellow;
        self.green += other.green;
        self.reported_late += other.reported_late;
    }
}

/// The lines one reading thread made.
struct Part {
    /// The lines not yet in the file.
    buf: String,
    /// Where the lines of `buf` begin in the part (the bytes already in the file).
    flushed: u64,
    file: Option<File>,
    /// Each line's place in the list, where it begins in the part and its length.
    lines: Vec<(ListKey, u64, u32)>,
    counts: Counts,
    /// The first failure to write the file; the list is then not printed.
    failed: Option<std::io::Error>,
}

impl Part {
    fn new() -> Self {
        Self {
            buf: String::new(),
            flushed: 0,
            file: None,
            lines: Vec::new(),
            counts: Counts::default(),
            failed: None,
        }
    }

    /// Adds the line `write` appends for `item`.
    fn push(&mut self, key: ListKey, item: &Listed, write: impl Fn(&Listed, String) -> String) {
        self.push_line(key, |buf| write(item, buf));
        self.counts.add(item);
    }

    /// Adds the line `write` appends to the buffer it is given.
    fn push_line(&mut self, key: ListKey, write: impl FnOnce(String) -> String) {
        let start = self.buf.len();
        self.buf = write(std::mem::take(&mut self.buf));
        let len = self.buf.len() - start;
        self.lines.push((
            key,
            self.flushed + start as u64,
            u32::try_from(len).unwrap_or(u32::MAX),
        ));
        if self.buf.len() >= SPILL_AT {
            self.spill();
        }
    }

    /// Moves the lines in memory to the file.
    fn spill(&mut self) {
        if self.failed.is_some() || self.buf.is_empty() {
            return;
        }
        let written = match &mut self.file {
            Some(file) => file.write_all(self.buf.as_bytes()),
            None => tempfile::tempfile().and_then(|mut file| {
                file.write_all(self.buf.as_bytes())?;
                self.file = Some(file);
                Ok(())
            }),
        };
        match written {
            Ok(()) => {
                self.flushed += self.buf.len() as u64;
                self.buf.clear();
            }
            Err(e) => self.failed = Some(e),
        }
    }

    /// The line at `at` of length `len`, from memory or read back into `scratch`.
    fn line<'a>(
        &'a self,
        at: u64,
        len: u32,
        scratch: &'a mut Vec<u8>,
    ) -> std::io::Result<&'a [u8]> {
        let len = len as usize;
        if at >= self.flushed {
            let from = usize::try_from(at - self.flushed).unwrap_or(usize::MAX);
            return self
                .buf
                .as_bytes()
                .get(from..from.saturating_add(len))
                .ok_or_else(|| std::io::Error::other("a line of the list was lost"));
        }
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| std::io::Error::other("a line of the list was lost"))?;
        scratch.resize(len, 0);
        file.read_exact_at(scratch, at)?;
        Ok(scratch)
    }
}

/// How a list is printed around its lines.
pub struct Frame {
    /// Before the first line.
    pub head: String,
    /// Between two lines.
    pub between: &'static str,
    /// After the last line, given the list's counts.
    pub tail: Box<dyn Fn(&Counts) -> String>,
    /// The whole output of a list with no line, when not its head and its tail.
    pub empty: Option<&'static str>,
}

/// Where a line lies: its part, where it begins in it and its length.
struct Line {
    part: u32,
    at: u64,
    len: u32,
}

/// A list's lines, ready to be written in the list's order.
pub struct Listing {
    frame: Frame,
    parts: Vec<Part>,
    /// The lines in the list's order.
    order: Vec<Line>,
    counts: Counts,
}

impl std::fmt::Debug for Listing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listing")
            .field("lines", &self.order.len())
            .finish()
    }
}

impl PartialEq for Listing {
    /// Two listings are equal when they print the same bytes.
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        self.write_to(&mut a).is_ok() && other.write_to(&mut b).is_ok() && a == b
    }
}

impl Listing {
    /// The items of `filter` in the list's order (light, then deadline, then number), each
    /// printed by `write`, framed by `frame`.
    pub fn of(
        office: &Office,
        filter: &ListFilter,
        frame: Frame,
        write: impl Fn(&Listed, String) -> String + Sync,
    ) -> Result<Self> {
        let parts = office.fold_listed(filter, Part::new, |part, key, item| {
            part.push(key, &item, &write);
        })?;
        Ok(Self::assemble(frame, parts)?)
    }

    /// The lines of `parts` put in the list's order.
    fn assemble(frame: Frame, mut parts: Vec<Part>) -> std::io::Result<Self> {
        let mut keyed: Vec<(ListKey, u32, u64, u32)> = Vec::new();
        let mut counts = Counts::default();
        for (index, part) in (0..).zip(parts.iter_mut()) {
            if let Some(e) = part.failed.take() {
                return Err(e);
            }
            counts.merge(&part.counts);
            keyed.extend(
                std::mem::take(&mut part.lines)
                    .into_iter()
                    .map(|(key, at, len)| (key, index, at, len)),
            );
        }
        keyed.sort_unstable_by_key(|(key, ..)| *key);
        let order = keyed
            .into_iter()
            .map(|(_, part, at, len)| Line { part, at, len })
            .collect();
        Ok(Self {
            frame,
            parts,
            order,
            counts,
        })
    }

    /// About how many bytes will be written.
    pub fn size(&self) -> usize {
        self.order.iter().map(|l| l.len as usize).sum()
    }

    /// Hands each line to `each`, in the list's order (the frame aside).
    pub fn each_line<E: From<std::io::Error>>(
        &self,
        mut each: impl FnMut(&[u8]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut scratch = Vec::new();
        for line in &self.order {
            let part = self
                .parts
                .get(line.part as usize)
                .ok_or_else(|| std::io::Error::other("a line of the list was lost"))?;
            each(part.line(line.at, line.len, &mut scratch)?)?;
        }
        Ok(())
    }

    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        let tail = (self.frame.tail)(&self.counts);
        let mut out = BufWriter::with_capacity(1 << 20, out);
        if self.order.is_empty() {
            match self.frame.empty {
                Some(empty) => out.write_all(empty.as_bytes())?,
                None => {
                    out.write_all(self.frame.head.as_bytes())?;
                    out.write_all(tail.as_bytes())?;
                }
            }
            return out.flush();
        }
        out.write_all(self.frame.head.as_bytes())?;
        let mut scratch = Vec::new();
        for (i, line) in self.order.iter().enumerate() {
            if i > 0 {
                out.write_all(self.frame.between.as_bytes())?;
            }
            let part = self
                .parts
                .get(line.part as usize)
                .ok_or_else(|| std::io::Error::other("a line of the list was lost"))?;
            out.write_all(part.line(line.at, line.len, &mut scratch)?)?;
        }
        out.write_all(tail.as_bytes())?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::ItemNumber;

    fn key(seq: u32) -> ListKey {
        ListKey::new(WarningLight::Green, None, ItemNumber { year: 2026, seq })
    }

    #[test]
    fn a_part_gives_back_each_line_from_memory_and_from_its_file() {
        let mut part = Part::new();
        let mut expected = Vec::new();
        // Enough lines to go to the file twice and leave some in memory.
        for n in 0..60_000_u32 {
            let line = format!("line {n} {}\n", "x".repeat((n % 50) as usize));
            part.push_line(key(n), |mut buf| {
                buf.push_str(&line);
                buf
            });
            expected.push(line);
        }
        assert!(part.flushed > 2 * SPILL_AT as u64, "went to the file");
        assert!(!part.buf.is_empty(), "some left in memory");
        let mut scratch = Vec::new();
        for ((_, at, len), line) in part.lines.iter().zip(&expected) {
            let got = part.line(*at, *len, &mut scratch).map(<[u8]>::to_vec);
            assert_eq!(got.ok().as_deref(), Some(line.as_bytes()));
        }
    }

    /// A pipe that takes at most a few bytes a call, some calls interrupted.
    struct Trickle {
        taken: Vec<u8>,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(5) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(7);
            self.taken.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A JSON listing of `lines`, each `(seq, text)` added to the part named.
    fn listing(parts: &[&[(u32, &str)]]) -> Listing {
        let parts = parts
            .iter()
            .map(|lines| {
                let mut part = Part::new();
                for (seq, text) in *lines {
                    part.push_line(key(*seq), |mut buf| {
                        buf.push_str(text);
                        buf
                    });
                }
                part
            })
            .collect();
        Listing::assemble(crate::cli::output::json_frame(), parts).unwrap()
    }

    #[test]
    fn lines_are_written_in_list_order_across_parts_and_short_writes() {
        let printed = listing(&[
            &[(1, r#"{"a":1}"#), (3, r#"{"c":3}"#)],
            &[(2, r#"{"b":"督办"}"#)],
        ]);
        let mut out = Trickle {
            taken: Vec::new(),
            calls: 0,
        };
        printed.write_to(&mut out).unwrap();
        let text = String::from_utf8(out.taken).unwrap();
        assert_eq!(text, "[\n{\"a\":1},\n{\"b\":\"督办\"},\n{\"c\":3}\n]\n");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[1]["b"], "督办");
    }

    #[test]
    fn an_empty_list_is_an_empty_array() {
        let mut out = Vec::new();
        listing(&[&[], &[]]).write_to(&mut out).unwrap();
        assert_eq!(out, b"[]\n");
    }

    #[test]
    fn a_closed_pipe_is_reported_not_looped_on() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Ok(0)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = listing(&[&[(1, "{}")]]).write_to(&mut Closed).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WriteZero);
    }
}

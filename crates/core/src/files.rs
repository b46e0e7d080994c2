//! Writing a file whole or not at all: documents, reports and exports a clerk asks for.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it over `path`: a
/// reader never sees half a file, and a failure leaves the old one (or none). A folder given as
/// the file is refused.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole_with(path, |file| file.write_all(bytes))
}

/// [`write_whole`], the bytes written by `write` as it makes them (a long list is not held in
/// memory first).
pub fn write_whole_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    write(file.as_file_mut())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How many bytes the making side hands over at once.
const CHUNK: usize = 1 << 20;

/// A writer that hands full buffers to a thread of its own, which writes them to the inner
/// writer: making the bytes and writing them overlap. An export of the 100,000-item office
/// spends about as long in each (470 MB).
pub struct WriterThread<W: Write + Send + 'static> {
    buf: Vec<u8>,
    to_thread: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    /// Buffers written, handed back to be filled again.
    back: std::sync::mpsc::Receiver<Vec<u8>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<W>>>,
}

impl<W: Write + Send + 'static> WriterThread<W> {
    pub fn new(inner: W) -> Self {
        let (to_thread, from_maker) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let (give_back, back) = std::sync::mpsc::channel::<Vec<u8>>();
        let thread = std::thread::spawn(move || {
            let mut inner = inner;
            for mut chunk in from_maker {
                inner.write_all(&chunk)?;
                chunk.clear();
                // The maker may have finished and gone: then the buffer is simply dropped.
                let _ = give_back.send(chunk);
            }
            inner.flush()?;
            Ok(inner)
        });
        Self {
            buf: Vec::with_capacity(CHUNK),
            to_thread: Some(to_thread),
            back,
            thread: Some(thread),
        }
    }

    /// Hands the buffer to the thread.
    fn hand_over(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.buf, next);
        let sent = match &self.to_thread {
            Some(to_thread) => to_thread.send(chunk).is_ok(),
            None => false,
        };
        if sent { Ok(()) } else { Err(self.stopped()) }
    }

    /// The thread stopped before it was told to: the error it stopped on.
    fn stopped(&mut self) -> std::io::Error {
        self.to_thread = None;
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(Err(e))) => e,
            _ => std::io::Error::other("the writing thread stopped"),
        }
    }

    /// Writes what is left, waits for the thread and gives the inner writer back (flushed).
    pub fn finish(mut self) -> std::io::Result<W> {
        self.hand_over()?;
        self.to_thread = None;
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(done)) => done,
            _ => Err(std::io::Error::other("the writing thread stopped")),
        }
    }
}

impl<W: Write + Send + 'static> Write for WriterThread<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(bytes.len())
    }

    /// Hands what is buffered to the thread; [`WriterThread::finish`] waits for it to be written.
    fn flush(&mut self) -> std::io::Result<()> {
        self.hand_over()
    }
}

impl<W: Write + Send + 'static> Drop for WriterThread<W> {
    fn drop(&mut self) {
        self.to_thread = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_writes_every_byte_in_order() {
        let mut w = WriterThread::new(Vec::new());
        let mut expected = Vec::new();
        for i in 0..300_000u32 {
            let line = format!("{i}\n");
            w.write_all(line.as_bytes()).unwrap();
            expected.extend_from_slice(line.as_bytes());
        }
        w.flush().unwrap();
        assert_eq!(w.finish().unwrap(), expected);
    }

    struct Refuses;
    impl Write for Refuses {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_inner_writers_error_comes_back_to_the_maker() {
        let mut w = WriterThread::new(Refuses);
        let mut failed = None;
        for _ in 0..64 {
            if let Err(e) = w.write_all(&[b'x'; CHUNK]) {
                failed = Some(e.kind());
                break;
            }
        }
        let kind = failed.or_else(|| w.finish().err().map(|e| e.kind()));
        assert_eq!(kind, Some(std::io::ErrorKind::BrokenPipe));
    }
}

//! The files a clerk attaches and saves, on the workstation's disk: read in (never more than
//! the office allows, and a regular file only), found among an item's attachments by what the
//! clerk types, and written out (never over an existing file unless asked, never outside the
//! folder named). The command line and the interface share these.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::domain::attachment::{self, AttachmentKind};
use crate::store::{Attachment, ItemDetail, NewAttachment};

/// What went wrong with a file on the workstation's disk, for a sentence naming it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("{0} does not exist; give the path of the file to attach")]
    Missing(String),
    #[error("{0} is not a file (a folder or a device); give the path of a file")]
    NotAFile(String),
    #[error(
        "{0} already exists; nothing was written (add --force to replace it, or give --out another path)"
    )]
    Exists(String),
    #[error("{path} could not be read or written: {reason}")]
    Io { path: String, reason: String },
    /// No attachment of the item is named so.
    #[error(
        "{item} has no attachment '{got}' (give its name, its number in the list, or its SHA-256)"
    )]
    NoSuchAttachment { item: String, got: String },
    /// The store lacks the bytes of an attachment it lists (a damaged office).
    #[error("the bytes of {0} are missing from the office; run duban check")]
    BytesMissing(String),
}

/// A path as a sentence may repeat it.
fn shown(path: &Path) -> String {
    crate::text::safe(&path.display().to_string())
}

fn io(path: &Path, e: &std::io::Error) -> FileProblem {
    FileProblem::Io {
        path: shown(path),
        reason: e.to_string(),
    }
}

/// What a file read for attaching gives: the attachment to record, or why not. A file larger
/// than `max_bytes` is refused before its bytes are read.
pub enum Loaded {
    Ready(NewAttachment),
    TooLarge(crate::domain::validate::InputError),
}

/// Reads `path` for attaching as `kind` with `note`.
pub fn load(
    path: &Path,
    kind: AttachmentKind,
    note: &str,
    max_bytes: u64,
) -> Result<Loaded, FileProblem> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(FileProblem::Missing(shown(path)));
        }
        Err(e) => return Err(io(path, &e)),
    };
    if !meta.is_file() {
        return Err(FileProblem::NotAFile(shown(path)));
    }
    if let Err(e) = attachment::check_size("FILE", meta.len(), max_bytes) {
        return Ok(Loaded::TooLarge(e));
    }
    let file = std::fs::File::open(path).map_err(|e| io(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while it is read is read no further than the limit allows.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io(path, &e))?;
    if let Err(e) = attachment::check_size("FILE", bytes.len() as u64, max_bytes) {
        return Ok(Loaded::TooLarge(e));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Loaded::Ready(NewAttachment {
        name,
        kind,
        note: note.to_string(),
        bytes,
        max_bytes,
    }))
}

/// The attachment of `item` that `which` names: its number in the list (1 = first attached),
/// its SHA-256 (or the first 8 or more digits of it), or its name (the last attached of that
/// name).
pub fn find<'a>(item: &'a ItemDetail, which: &str) -> Result<&'a Attachment, FileProblem> {
    let which = which.trim();
    let found = if let Ok(no) = which.parse::<usize>() {
        no.checked_sub(1).and_then(|i| item.attachments.get(i))
    } else if which.len() >= 8 && which.bytes().all(|b| b.is_ascii_hexdigit()) {
        let lower = which.to_ascii_lowercase();
        let mut hits = item
            .attachments
            .iter()
            .filter(|a| a.sha256.starts_with(&lower));
        match (hits.next(), hits.next()) {
            (Some(a), None) => Some(a),
            (Some(a), Some(b)) if a.sha256 == b.sha256 => Some(a),
            _ => None,
        }
    } else {
        item.attachments.iter().rev().find(|a| a.name == which)
    };
    found.ok_or_else(|| FileProblem::NoSuchAttachment {
        item: item.row.number.to_string(),
        got: crate::text::safe(which),
    })
}

/// Where an attachment is saved: `out` as given, or when `out` is a folder (or none is given:
/// the current folder) the attachment's own name inside it. The name is the one kept, already
/// without a folder or a leading dot, so it never leads outside the folder.
pub fn destination(out: Option<&Path>, name: &str) -> PathBuf {
    match out {
        Some(p) if p.is_dir() => p.join(name),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(name),
    }
}

/// Writes `bytes` to `path` whole or not at all: a file already there is refused unless
/// `force`, and the bytes go to a temporary file beside it first, renamed into place once all
/// are written.
pub fn save(path: &Path, bytes: &[u8], force: bool) -> Result<(), FileProblem> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(FileProblem::Exists(shown(path)));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&folder).map_err(|e| io(path, &e))?;
    tmp.write_all(bytes).map_err(|e| io(path, &e))?;
    tmp.as_file().sync_all().map_err(|e| io(path, &e))?;
    if force {
        tmp.persist(path).map_err(|e| io(path, &e.error))?;
    } else {
        // Refused, not replaced, when a file appeared there meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                FileProblem::Exists(shown(path))
            } else {
                io(path, &e.error)
            }
        })?;
    }
    Ok(())
}

/// How many names a hint lists; how many entries of a folder it reads at most.
const HINT_NAMES: usize = 5;
const HINT_READ: usize = 10_000;

/// What `typed` finds on disk for the attach form: the file's size when it names one, and the
/// names of the folder it points into that it could go on to (hidden ones only when a dot is
/// typed), with their longest shared completion.
pub fn hint(typed: &str) -> super::form::PathHint {
    let path = Path::new(typed);
    let meta = (!typed.is_empty())
        .then(|| std::fs::metadata(path).ok())
        .flatten();
    let (folder_part, prefix) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let folder = if folder_part.is_empty() {
        PathBuf::from(".")
    } else {
        PathBuf::from(folder_part)
    };
    let mut names: Vec<String> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.flatten().take(HINT_READ) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                continue;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            names.push(if is_dir { format!("{name}/") } else { name });
        }
    }
    names.sort();
    let completion = shared_start(&names)
        .filter(|common| common.len() > prefix.len())
        .map(|common| format!("{folder_part}{common}"));
    let more = names.len().saturating_sub(HINT_NAMES);
    names.truncate(HINT_NAMES);
    super::form::PathHint {
        typed: typed.to_string(),
        size: meta.as_ref().filter(|m| m.is_file()).map(|m| m.len()),
        folder: meta.as_ref().is_some_and(|m| m.is_dir()),
        completion,
        matches: names.iter().map(|n| crate::text::safe(n)).collect(),
        more,
    }
}

/// The longest start all `names` share (on a character boundary), if there are any.
fn shared_start(names: &[String]) -> Option<String> {
    let first = names.first()?;
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(name.len()), |((at, _), _)| at.min(end));
    }
    Some(first[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_and_a_large_one_is_refused_unread() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("批示.pdf");
        std::fs::write(&path, b"%PDF-1.4 scan").expect("write");
        match load(&path, AttachmentKind::Instruction, "", 1024) {
            Ok(Loaded::Ready(a)) => {
                assert_eq!(a.bytes, b"%PDF-1.4 scan");
                assert_eq!(a.name, "批示.pdf");
            }
            _ => panic!("not read"),
        }
        match load(&path, AttachmentKind::Instruction, "", 4) {
            Ok(Loaded::TooLarge(e)) => assert_eq!(e.field, "FILE"),
            _ => panic!("not refused"),
        }
        assert_eq!(
            load(&dir.path().join("none"), AttachmentKind::Other, "", 9).err(),
            Some(FileProblem::Missing(
                dir.path().join("none").display().to_string()
            ))
        );
        assert!(matches!(
            load(dir.path(), AttachmentKind::Other, "", 9),
            Err(FileProblem::NotAFile(_))
        ));
    }

    #[test]
    fn a_typed_path_is_completed_to_what_the_names_share() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("办结报告-交通局.pdf"), b"x").expect("write");
        std::fs::write(dir.path().join("办结报告-水务局.pdf"), b"yy").expect("write");
        std::fs::create_dir(dir.path().join("扫描件")).expect("dir");
        let base = format!("{}/", dir.path().display());
        let h = hint(&format!("{base}办"));
        assert_eq!(h.completion, Some(format!("{base}办结报告-")));
        assert_eq!(h.matches.len(), 2);
        let h = hint(&format!("{base}扫"));
        assert_eq!(h.completion, Some(format!("{base}扫描件/")));
        let h = hint(&format!("{base}办结报告-水务局.pdf"));
        assert_eq!(h.size, Some(2));
        assert_eq!(h.completion, None);
        assert!(hint(&format!("{base}无")).matches.is_empty());
    }

    #[test]
    fn saving_never_replaces_a_file_unless_forced() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("report.docx");
        save(&path, b"one", false).expect("saved");
        assert!(matches!(
            save(&path, b"two", false),
            Err(FileProblem::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).expect("read"), b"one");
        save(&path, b"two", true).expect("forced");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(
            destination(Some(dir.path()), "a.pdf"),
            dir.path().join("a.pdf")
        );
    }
}

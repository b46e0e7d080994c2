//! Whether the office's file is as duban last left it: the file's identity, size and time of
//! change, kept beside it in `NAME-checked` after every write and every close, and after each
//! check of its pages that passed. A file changed by anything else (a program writing into its
//! pages, a copy put back by hand, a file from an older duban) no longer matches, and the next
//! write checks its pages first (`quick_check`, about a second at 100,000 items); a file that
//! matches needs no check, so a write costs what it did.
//!
//! The stamp is only ever a reason to check: a missing, unreadable or foreign stamp file means
//! "check", never "sound"; a file found damaged is marked so, and the mark never matches. It
//! sees what changes the file's identity, size or time of change; a fault of the disk that
//! leaves all three as they were, or a change to the `-wal` beside the file, is found by the
//! next daily copy's check, `duban check` and `duban audit verify`, not here.

use std::path::{Path, PathBuf};

/// What the file system says of the file: enough to tell that anyone changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp(String);

/// The stamp file of the database at `db`.
fn file_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-checked");
    PathBuf::from(name)
}

/// The file's stamp now; `None` when it cannot be read (then it is checked).
#[cfg(unix)]
pub(super) fn of(db: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(db).ok()?;
    Some(Stamp(format!(
        "{} {} {} {}.{:09}",
        m.dev(),
        m.ino(),
        m.len(),
        m.mtime(),
        m.mtime_nsec()
    )))
}

#[cfg(not(unix))]
pub(super) fn of(db: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(db).ok()?;
    let t = m.modified().ok()?;
    Some(Stamp(format!("{} {:?}", m.len(), t)))
}

/// The stamp kept when duban last left the file, when the stamp file is duban's own: a plain
/// file of this user's that no one else may write.
pub(super) fn kept(db: &Path) -> Option<Stamp> {
    let path = file_of(db);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = meta.uid() == rustix::process::geteuid().as_raw();
        if !mine || meta.mode() & 0o022 != 0 {
            return None;
        }
    }
    if !meta.is_file() || meta.len() > 256 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    Some(Stamp(text.trim_end().to_owned()))
}

/// The stamp kept, when the file is as duban last left it (it matches); `None` when the file
/// changed since, was never stamped, or was found damaged.
pub(super) fn unchanged(db: &Path) -> Option<Stamp> {
    match (of(db), kept(db)) {
        (Some(now), Some(kept)) if now == kept => Some(kept),
        _ => None,
    }
}

/// Keeps the file's stamp as it is now, unless the stamp file changed since `expected` was read
/// from it (another process kept a newer one, or found the file damaged): a compare and swap,
/// so that a process never stamps over what another found. Best effort: a stamp not kept only
/// costs a check.
pub(super) fn keep_if(db: &Path, expected: Option<&Stamp>) {
    if kept(db).as_ref() != expected {
        return;
    }
    if let Some(now) = of(db) {
        write(db, &now.0);
    }
}

/// Marks the file damaged: no stamp of it matches until its pages are found sound again.
pub(super) fn mark_damaged(db: &Path) {
    write(db, "damaged");
}

fn write(db: &Path, text: &str) {
    let path = file_of(db);
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = write_private(&temp, text).and_then(|()| std::fs::rename(&temp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_by_another_hand_no_longer_matches_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        std::fs::write(&db, b"pages").unwrap();
        assert_eq!(unchanged(&db), None, "no stamp yet: check");
        keep_if(&db, None);
        let first = unchanged(&db).expect("stamped");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&db, b"PAGES").unwrap();
        assert_eq!(unchanged(&db), None, "same size, written again");
        // Another process found it damaged meanwhile: a stamp read before is not written over.
        mark_damaged(&db);
        keep_if(&db, Some(&first));
        assert_eq!(unchanged(&db), None);
        assert_eq!(kept(&db), Some(Stamp("damaged".into())));
    }

    #[cfg(unix)]
    #[test]
    fn a_stamp_file_others_may_write_is_not_believed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        std::fs::write(&db, b"pages").unwrap();
        keep_if(&db, None);
        let stamp = file_of(&db);
        assert_eq!(
            std::fs::metadata(&stamp).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&stamp, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert_eq!(unchanged(&db), None);
    }
}

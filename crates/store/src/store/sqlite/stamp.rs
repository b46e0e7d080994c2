//! Whether the office's file is as duban last left it: the file's identity, size and time of
//! change, kept beside it in `NAME-checked` after every write and every close, and after each
//! check of its pages that passed. A file changed by anything else (a disk fault, a program
//! writing into its pages, a copy put back by hand) no longer matches, and the next write checks
//! its pages first (`quick_check`, about a second at 100,000 items); a file that matches needs
//! no check, so a write costs what it did.
//!
//! The stamp is only ever a reason to check: a missing, unreadable or foreign stamp file means
//! "check", never "sound".

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

/// Whether the file is as duban last left it.
pub(super) fn unchanged(db: &Path) -> bool {
    matches!((of(db), kept(db)), (Some(now), Some(kept)) if now == kept)
}

/// Keeps the file's stamp as it is now (best effort: a stamp not kept only costs a check).
pub(super) fn keep(db: &Path) {
    let Some(now) = of(db) else {
        return;
    };
    let path = file_of(db);
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = write_private(&temp, &now.0).and_then(|()| std::fs::rename(&temp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// Forgets the stamp, so that the next write checks the file's pages.
pub(super) fn forget(db: &Path) {
    let _ = std::fs::remove_file(file_of(db));
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
        assert!(!unchanged(&db), "no stamp yet: check");
        keep(&db);
        assert!(unchanged(&db));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&db, b"PAGES").unwrap();
        assert!(!unchanged(&db), "same size, written again");
        keep(&db);
        forget(&db);
        assert!(!unchanged(&db));
    }

    #[cfg(unix)]
    #[test]
    fn a_stamp_file_others_may_write_is_not_believed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        std::fs::write(&db, b"pages").unwrap();
        keep(&db);
        let stamp = file_of(&db);
        assert_eq!(
            std::fs::metadata(&stamp).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&stamp, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(!unchanged(&db));
    }
}

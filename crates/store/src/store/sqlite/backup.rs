//! The daily copy of the database: on the first open of a day for writing, a copy in a
//! `backups` folder beside the database, named `<stem>-YYYY-MM-DD.db`, mode 0600, made with
//! SQLite's `VACUUM INTO` (a consistent copy of the last commit, while the file stays open).
//! The newest [`Backup::keep`] copies are kept; older ones are removed. The store's
//! [`Backend::daily_copy`](crate::store::Backend::daily_copy) makes it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::SqliteStore;
use crate::store::backup::{Backup, BackupError, Daily};

/// The folder beside the database that holds its copies.
pub const FOLDER: &str = "backups";

/// The copies' folder for the database at `db`.
pub fn folder_of(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .map_or_else(|| "duban".to_string(), |s| s.to_string_lossy().into_owned())
}

/// The copy's file name for the database at `db` on `day`.
pub fn file_name(db: &Path, day: NaiveDate) -> String {
    format!("{}-{}.db", stem_of(db), day.format("%Y-%m-%d"))
}

/// The day of a copy of the database whose stem is `stem`, from its file name.
fn day_of(stem: &str, name: &str) -> Option<NaiveDate> {
    let date = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    if date.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

impl SqliteStore {
    /// Today's copy of the database, unless it is already made, `backup.keep` is 0 or the
    /// office is in memory; then the copies beyond the newest `backup.keep` are removed.
    pub fn daily_backup(&self, today: NaiveDate, backup: Backup) -> Result<Daily, BackupError> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(Daily::NotAFile);
        }
        if backup.keep == 0 {
            return Ok(Daily::Off);
        }
        let folder = folder_of(&self.path);
        let target = folder.join(file_name(&self.path, today));
        let fail = |path: &Path, reason: String| BackupError {
            path: path.to_path_buf(),
            reason,
        };
        let done = if target.exists() {
            Daily::AlreadyMade(target.clone())
        } else {
            create_folder(&folder).map_err(|e| fail(&folder, e.to_string()))?;
            self.copy_to(&target)
                .map_err(|reason| fail(&target, reason))?;
            Daily::Made(target)
        };
        prune(&self.path, &folder, backup.keep)?;
        Ok(done)
    }

    /// A consistent copy of the last commit at `target`, written under a temporary name of
    /// its own first (private, removed if the copy fails), so that a copy cut short is never
    /// taken for the day's and two clerks opening at once do not write into one file.
    fn copy_to(&self, target: &Path) -> Result<(), String> {
        let folder = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let part = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(folder)
            .map_err(|e| e.to_string())?;
        self.conn
            .execute("VACUUM INTO ?1", [part.path().to_string_lossy()])
            .map_err(|e| e.to_string())?;
        part.persist(target).map_err(|e| e.error.to_string())?;
        Ok(())
    }
}

#[cfg(unix)]
fn create_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(not(unix))]
fn create_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

/// Removes the copies of the database at `db` beyond the newest `keep`; other files in the
/// folder are left alone.
fn prune(db: &Path, folder: &Path, keep: u32) -> Result<(), BackupError> {
    let stem = stem_of(db);
    let entries = std::fs::read_dir(folder).map_err(|e| BackupError {
        path: folder.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut copies: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name();
            day_of(&stem, &name.to_string_lossy()).map(|day| (day, e.path()))
        })
        .collect();
    copies.sort_unstable_by_key(|(day, _)| std::cmp::Reverse(*day));
    let keep = usize::try_from(keep).unwrap_or(usize::MAX);
    for (_, path) in copies.iter().skip(keep) {
        std::fs::remove_file(path).map_err(|e| BackupError {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_known_by_its_name() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let db = Path::new("/office/duban.db");
        assert_eq!(file_name(db, day), "duban-2026-12-02.db");
        assert_eq!(folder_of(db), Path::new("/office/backups"));
        assert_eq!(folder_of(Path::new("duban.db")), Path::new("./backups"));
        assert_eq!(day_of("duban", "duban-2026-12-02.db"), Some(day));
        assert_eq!(day_of("duban", "duban-2026-12-02.db.part"), None);
        assert_eq!(day_of("duban", "other-2026-12-02.db"), None);
        assert_eq!(day_of("duban", "duban-2026-13-02.db"), None);
        assert_eq!(day_of("duban", "duban-x-2026-12-02.db"), None);
    }

    #[test]
    fn an_office_in_memory_or_keep_zero_makes_no_copy_and_a_second_open_none_again() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let memory = SqliteStore::open_in_memory().unwrap();
        assert_eq!(
            memory.daily_backup(day, Backup::default()),
            Ok(Daily::NotAFile)
        );
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.daily_backup(day, Backup { keep: 0 }), Ok(Daily::Off));
        assert!(!dir.path().join(FOLDER).exists());
        let copy = dir.path().join(FOLDER).join("office-2026-12-02.db");
        assert_eq!(
            store.daily_backup(day, Backup::default()),
            Ok(Daily::Made(copy.clone()))
        );
        assert_eq!(
            store.daily_backup(day, Backup::default()),
            Ok(Daily::AlreadyMade(copy))
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join(FOLDER))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["office-2026-12-02.db"]);
    }

    /// The command line asks for the day's copy through the store's interface, whatever the
    /// backend: for SQLite it is the file's copy, made once a day.
    #[test]
    fn the_backend_interface_makes_the_files_daily_copy() {
        use crate::store::Backend;
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let memory = SqliteStore::open_in_memory().unwrap();
        assert_eq!(
            Backend::daily_copy(&memory, day, Backup::default()),
            Ok(Daily::NotAFile)
        );
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(&dir.path().join("office.db").into()).unwrap();
        let copy = dir.path().join(FOLDER).join("office-2026-12-02.db");
        assert_eq!(
            Backend::daily_copy(&store, day, Backup::default()),
            Ok(Daily::Made(copy.clone()))
        );
        assert_eq!(
            Backend::daily_copy(&store, day, Backup::default()),
            Ok(Daily::AlreadyMade(copy))
        );
    }
}

//! Reading a file the office's settings come from (the configuration, a calendar file) only
//! when nobody else could have written it: a file another user owns, or that group or others
//! may write, could switch the daily copies off or move every deadline, so it is refused with
//! the sentence that says how to fix it. Only a plain file is read, and only up to a size no
//! real configuration reaches (a FIFO would block, `/dev/zero` never ends).

use std::io::Read;
use std::path::Path;

/// The most a configuration or calendar file may hold.
pub const MAX_BYTES: u64 = 1 << 20;

/// Why a file was not read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub en: String,
    pub zh: String,
    /// The file does not exist.
    pub missing: bool,
}

/// The text of the file at `path`, if it is a plain file of at most [`MAX_BYTES`], owned by
/// the user running duban (or by root) and writable by no one else.
pub fn read(path: &Path) -> Result<String, Refused> {
    let shown = crate::text::safe(&path.display().to_string());
    let refused = |en: String, zh: String| Refused {
        en,
        zh,
        missing: false,
    };
    let mut file = std::fs::File::open(path).map_err(|e| Refused {
        en: format!("cannot read {shown}: {e}"),
        zh: format!("无法读取 {shown}：{e}"),
        missing: e.kind() == std::io::ErrorKind::NotFound,
    })?;
    // The opened file's own facts, so that it cannot be swapped between the look and the read.
    let meta = file.metadata().map_err(|e| {
        refused(
            format!("cannot read {shown}: {e}"),
            format!("无法读取 {shown}：{e}"),
        )
    })?;
    if !meta.is_file() {
        return Err(refused(
            format!("{shown} is not a plain file (a folder, a device or a pipe); name a text file"),
            format!("{shown} 不是普通文件（是文件夹、设备或管道）；请指定一个文本文件"),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = meta.uid();
        let me = rustix::process::geteuid().as_raw();
        if owner != me && owner != 0 {
            return Err(refused(
                format!(
                    "{shown} belongs to another user (uid {owner}), who could change the office's settings; it was not read; use your own file, or have it given to you (chown)"
                ),
                format!(
                    "{shown} 属于其他用户（uid {owner}），对方可借此改动本办的设置；未读取；请使用自己的文件，或请管理员把它交给你（chown）"
                ),
            ));
        }
        let mode = meta.mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(refused(
                format!(
                    "{shown} can be written by other users (mode {mode:o}), who could change the office's settings; it was not read; make it private (chmod 600 {shown})"
                ),
                format!(
                    "{shown} 其他用户也可写入（权限 {mode:o}），对方可借此改动本办的设置；未读取；请改为仅本人可写（chmod 600 {shown}）"
                ),
            ));
        }
    }
    if meta.len() > MAX_BYTES {
        return Err(too_large(&shown));
    }
    let mut bytes = Vec::new();
    file.by_ref()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            refused(
                format!("cannot read {shown}: {e}"),
                format!("无法读取 {shown}：{e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(&shown));
    }
    String::from_utf8(bytes).map_err(|_| {
        refused(
            format!("{shown} is not UTF-8 text; save it as UTF-8"),
            format!("{shown} 不是 UTF-8 文本；请另存为 UTF-8 编码"),
        )
    })
}

fn too_large(shown: &str) -> Refused {
    Refused {
        en: format!(
            "{shown} is larger than {} KiB, more than any configuration or calendar holds; it was not read",
            MAX_BYTES / 1024
        ),
        zh: format!(
            "{shown} 超过 {} KiB，远大于任何配置或日历文件；未读取",
            MAX_BYTES / 1024
        ),
        missing: false,
    }
}

/// Creates `folder` and the folders above it that are missing, each private (0700) whatever the
/// umask: the office's data and settings are nobody else's to read.
pub fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(folder)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_plain_private_file_is_read_and_anything_else_refused() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("duban.toml");
        std::fs::write(&good, "[office]\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o600)).unwrap();
            assert_eq!(read(&good).unwrap(), "[office]\n");
            std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o666)).unwrap();
            let e = read(&good).unwrap_err();
            assert!(
                e.en.contains("can be written by other users (mode 666)"),
                "{e:?}"
            );
            assert!(e.zh.contains("其他用户也可写入"), "{e:?}");
            std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let e = read(dir.path()).unwrap_err();
        assert!(e.en.contains("is not a plain file"), "{e:?}");
        let e = read(&dir.path().join("none.toml")).unwrap_err();
        assert!(e.missing, "{e:?}");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (MAX_BYTES + 1) as usize]).unwrap();
        let e = read(&big).unwrap_err();
        assert!(e.en.contains("larger than 1024 KiB"), "{e:?}");
        #[cfg(target_os = "linux")]
        {
            let e = read(Path::new("/dev/zero")).unwrap_err();
            assert!(e.en.contains("is not a plain file"), "{e:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn folders_are_made_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a").join("b");
        create_private_folder(&deep).unwrap();
        for f in [dir.path().join("a"), deep] {
            let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", f.display());
        }
    }
}

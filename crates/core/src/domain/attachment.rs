//! The originals kept with an item (交办原件留存): the leader's 批示 as a scan, the department's
//! completion report, supporting material. A file is kept by its SHA-256, so the same file
//! attached twice is stored once, and recorded by an event like any other record.
//!
//! What a clerk attaches is kept and shown inertly: its name is text made safe here, once, for
//! the screen and for a file system (no control character, no path, no `..`), and its bytes are
//! only ever stored, hashed and written back out.

use sha2::{Digest, Sha256};

use super::code_enum;
use super::validate::{InputError, Problem};

code_enum! {
    /// What an attached file is, as the office files it.
    AttachmentKind {
        Instruction = "instruction" | "批示" | "领导批示",
        CompletionReport = "completion_report" | "办结报告" | "completion-report" | "report",
        Evidence = "evidence" | "佐证材料" | "佐证",
        Other = "other" | "其他",
    }
}

/// The size limit of one attached file when the configuration names none: 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The longest name kept, in characters (a file system's usual limit is 255 bytes).
pub const MAX_NAME_CHARS: usize = 120;

/// The longest note on an attachment, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits: its address in the store.
pub fn address(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(hex(b >> 4));
        out.push(hex(b & 0xF));
    }
    out
}

fn hex(nibble: u8) -> char {
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'a' + nibble - 10
    })
}

/// Whether `text` is a file's address as [`address`] writes it.
pub fn is_address(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Refuses a file larger than the office allows (`field` names where it came from).
pub fn check_size(field: &'static str, size: u64, max_bytes: u64) -> Result<(), InputError> {
    if size > max_bytes {
        return Err(InputError::new(
            field,
            Problem::FileTooLarge {
                max_bytes,
                got: size,
            },
        ));
    }
    Ok(())
}

/// The name a file is kept under: the last part of the path it was given (a folder never comes
/// with it), every control or invisible character and every slash replaced by `_`, leading dots
/// taken off (no `..`, no hidden file), at most [`MAX_NAME_CHARS`] characters with its
/// extension kept. Refused only when nothing is left.
pub fn clean_name(given: &str) -> Result<String, InputError> {
    let last = given
        .rsplit(['/', '\\'])
        .find(|part| !part.trim().is_empty())
        .unwrap_or("");
    let mut name: String = last
        .chars()
        .map(|c| {
            if c.is_control() || crate::text::invisible(c) || matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = name.trim().trim_start_matches('.').trim().to_string();
    name = trimmed;
    if name.is_empty() || name.chars().all(|c| c == '_' || c == '.') {
        return Err(InputError::new("name", Problem::NotAFileName));
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        let ext: String = match name.rfind('.') {
            Some(dot) if name.len() - dot <= 12 => name[dot..].to_string(),
            _ => String::new(),
        };
        let keep = MAX_NAME_CHARS - ext.chars().count();
        let stem: String = name.chars().take(keep).collect();
        name = format!("{stem}{ext}");
    }
    Ok(name)
}

/// A file's size as a clerk reads it: `812 B`, `35.2 KB`, `20.0 MB`.
pub fn size_words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// A file's size and the limit it passed, as a refusal names them: in exact bytes as well when
/// rounding would show the two alike (`20.0 MB (20971521 B)` beside `20.0 MB (20971520 B)`).
pub fn over_limit_words(got: u64, max_bytes: u64) -> (String, String) {
    let (g, m) = (size_words(got), size_words(max_bytes));
    if g == m {
        (format!("{g} ({got} B)"), format!("{m} ({max_bytes} B)"))
    } else {
        (g, m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_the_sha256_in_lowercase_hex() {
        assert_eq!(
            address(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_address(&address(b"")));
        assert!(!is_address(
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        ));
        assert!(!is_address("report.pdf"));
    }

    #[test]
    fn a_name_keeps_no_path_no_control_and_no_leading_dot() {
        assert_eq!(clean_name("/tmp/scans/批示.pdf").as_deref(), Ok("批示.pdf"));
        assert_eq!(clean_name("..\\..\\evil.exe").as_deref(), Ok("evil.exe"));
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Ok("passwd"));
        assert_eq!(
            clean_name("a\u{1b}[31mred.txt").as_deref(),
            Ok("a_[31mred.txt")
        );
        assert_eq!(clean_name("a\u{202e}fdp.exe").as_deref(), Ok("a_fdp.exe"));
        assert_eq!(clean_name(".hidden").as_deref(), Ok("hidden"));
        assert_eq!(clean_name("C:report.doc").as_deref(), Ok("C_report.doc"));
        for bad in ["", "..", "/", "../..", " . ", "\u{7}"] {
            assert_eq!(
                clean_name(bad).map_err(|e| e.problem),
                Err(Problem::NotAFileName),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_long_name_is_cut_and_keeps_its_extension() {
        let long = format!("{}.docx", "办".repeat(300));
        let name = clean_name(&long).expect("a name");
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with(".docx"));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        assert!(check_size("FILE", 20 * 1024 * 1024, DEFAULT_MAX_BYTES).is_ok());
        let e = check_size("FILE", 20 * 1024 * 1024 + 1, DEFAULT_MAX_BYTES).expect_err("refused");
        assert_eq!(
            e.problem,
            Problem::FileTooLarge {
                max_bytes: DEFAULT_MAX_BYTES,
                got: DEFAULT_MAX_BYTES + 1
            }
        );
        assert!(
            e.to_string()
                .contains("is 20.0 MB (20971521 B); a file attached to an item may be at most 20.0 MB (20971520 B)"),
            "{e}"
        );
        let e = check_size("FILE", 30 * 1024 * 1024, DEFAULT_MAX_BYTES).expect_err("refused");
        assert!(e.to_string().contains("is 30.0 MB; "), "{e}");
    }

    #[test]
    fn kinds_are_read_in_either_language() {
        assert_eq!(
            AttachmentKind::from_name("办结报告"),
            Some(AttachmentKind::CompletionReport)
        );
        assert_eq!(
            AttachmentKind::from_name("批示"),
            Some(AttachmentKind::Instruction)
        );
        assert_eq!(
            AttachmentKind::from_name("Evidence"),
            Some(AttachmentKind::Evidence)
        );
        assert_eq!(
            AttachmentKind::from_name("其他"),
            Some(AttachmentKind::Other)
        );
        assert_eq!(AttachmentKind::from_name("scan"), None);
    }
}

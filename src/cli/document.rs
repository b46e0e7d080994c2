//! Documents the command line writes (notices, the triage log): to standard output, or with
//! `--out FILE` to a file written whole or not at all.

use std::io::Write as _;
use std::path::Path;

use clap::ValueEnum;

use super::output::Printed;
use crate::cli::error::{Error, Result};
use crate::ui::Lang;

/// A document's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DocFormat {
    #[default]
    Md,
    Html,
    Docx,
}

/// A finished document.
pub enum Document {
    Text(String),
    /// A Word document or an Excel workbook.
    Binary(Vec<u8>),
}

impl Document {
    fn bytes(&self) -> &[u8] {
        match self {
            Document::Text(t) => t.as_bytes(),
            Document::Binary(b) => b,
        }
    }
}

/// A file that is not text: a terminal would show its bytes as garbage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    /// A Word document (.docx).
    Word,
    /// An Excel workbook (.xlsx).
    Excel,
}

/// Refuses a binary document bound for a terminal before anything is computed.
pub fn check_destination(binary: Option<Binary>, out: Option<&Path>, lang: Lang) -> Result<()> {
    use std::io::IsTerminal;
    let Some(binary) = binary else {
        return Ok(());
    };
    if out.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            match (binary, lang) {
                (Binary::Word, Lang::Zh) => {
                    "--out：Word 文档须写入文件，请用 --out 文件名.docx 指定（或重定向到文件）"
                }
                (Binary::Word, Lang::En) => {
                    "--out: a Word document is written to a file; give --out NAME.docx (or redirect the output to a file)"
                }
                (Binary::Excel, Lang::Zh) => {
                    "--out：Excel 工作簿须写入文件，请用 --out 文件名.xlsx 指定（或重定向到文件）"
                }
                (Binary::Excel, Lang::En) => {
                    "--out: an Excel workbook is written to a file; give --out NAME.xlsx (or redirect the output to a file)"
                }
            }
            .into(),
        ));
    }
    Ok(())
}

/// Prints the document, or writes it to `out`: into a temporary file beside it, then renamed
/// over it, so that a reader never sees half a file and a failure leaves the old one.
pub fn deliver(doc: Document, out: Option<&Path>, lang: Lang) -> Result<Printed> {
    let Some(path) = out else {
        return Ok(match doc {
            Document::Text(t) => Printed::Text(t),
            Document::Binary(b) => Printed::Bytes(b),
        });
    };
    write_out(path, lang, |file| file.write_all(doc.bytes()))
}

/// Writes a file whole (see [`crate::files::write_whole`]) with what `write` writes, and says
/// where.
pub fn write_out(
    path: &Path,
    lang: Lang,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<Printed> {
    // A missing folder or a folder named as the file is bad input, told as such.
    super::report::out_path(lang, Some(path))?;
    crate::files::write_whole_with(path, write).map_err(|e| crate::error::Error::NotWritable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(Printed::Text(match lang {
        Lang::Zh => format!(
            "已写入 {}\n",
            crate::text::safe(&path.display().to_string())
        ),
        Lang::En => format!("wrote {}\n", crate::text::safe(&path.display().to_string())),
    }))
}

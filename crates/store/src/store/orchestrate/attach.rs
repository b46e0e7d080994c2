//! Keeping a file with an item (交办原件留存): its bytes by their SHA-256, once, and a record
//! of it by an event, undone and redone like any record.

use super::Writer;
use crate::domain::attachment;
use crate::domain::history::EventKind;
use crate::domain::item::ItemNumber;
use crate::domain::validate;
use crate::error::Result;
use crate::store::model::NewAttachment;
use crate::store::rows::{Record, Rows};

impl<R: Rows + ?Sized> Writer<'_, R> {
    /// Keeps a file with an item, dated today: refused when it is larger than the office allows
    /// or its name leaves nothing once made safe. Its id.
    pub fn attach(
        &self,
        number: ItemNumber,
        new: &NewAttachment,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let size = u64::try_from(new.bytes.len()).unwrap_or(u64::MAX);
        attachment::check_size("file", size, new.max_bytes)?;
        let name = attachment::clean_name(&new.name)?;
        let note = validate::line("note", &new.note, attachment::MAX_NOTE_CHARS)?;
        let row = self.load_seen(number, expected_version)?;
        let sha256 = attachment::address(&new.bytes);
        self.rows.put_file(&sha256, &new.bytes)?;
        let today = self.ctx.today;
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Attachment {
                on_date: today,
                name: &name,
                kind: new.kind,
                size,
                sha256: &sha256,
                note: &note,
            },
        )?;
        self.change_item(&row, Vec::new(), |on| EventKind::Attached {
            attachment_id: id,
            on_date: today,
            name,
            kind: new.kind,
            size,
            sha256,
            note,
            on,
        })?;
        Ok(id)
    }
}

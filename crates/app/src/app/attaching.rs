//! The interface's attach and save forms: what the typed path finds (and completes to) while
//! the clerk types, and what Enter does.

use super::attachment::{self, FileProblem, Loaded};
use super::failure::Failure;
use super::form::{FieldId, Form, FormKind};
use super::state::{App, Notice, Overlay};
use crate::domain::attachment::AttachmentKind;
use crate::domain::item::ItemNumber;

type Saved = std::result::Result<(ItemNumber, Notice), Failure>;

impl<S: crate::store::Backend> App<S> {
    /// Looks at what the attach form's path names on disk, and the save form's destination,
    /// after every key (a folder read at most once per key).
    pub(super) fn resolve_attach(&mut self) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        match form.kind {
            FormKind::Attach { .. } | FormKind::Report { .. } => {
                let typed = form.value(FieldId::Path).to_string();
                if form.hint.as_ref().map(|h| h.typed.as_str()) != Some(typed.as_str()) {
                    form.hint = Some(attachment::hint(&typed));
                }
            }
            FormKind::SaveAttachment { .. } => {
                form.file = (self.locate)(form.value(FieldId::Path).trim());
            }
            _ => {}
        }
    }

    /// The completion report's file the report form names, read (none when the path is left
    /// empty).
    pub(super) fn report_file(
        &self,
        form: &Form,
    ) -> std::result::Result<Option<crate::store::NewAttachment>, Failure> {
        let path = form.value(FieldId::Path).trim();
        if path.is_empty() {
            return Ok(None);
        }
        match attachment::load(
            std::path::Path::new(path),
            AttachmentKind::CompletionReport,
            "",
            self.office.attachment_max_bytes,
        ) {
            Ok(Loaded::Ready(new)) => Ok(Some(new)),
            Ok(Loaded::TooLarge(e)) => Err(Failure::Input(e)),
            Err(p) => Err(Failure::File(p)),
        }
    }

    /// Keeps the file the attach form names with the item.
    pub(super) fn save_attach(&mut self, n: ItemNumber, version: i64, form: &Form) -> Saved {
        let path = form.value(FieldId::Path).trim().to_string();
        if path.is_empty() {
            return Err(Failure::Input(crate::domain::validate::InputError::new(
                FieldId::Path.code(),
                crate::domain::validate::Problem::Empty,
            )));
        }
        let kind = AttachmentKind::parse_field("kind", form.value(FieldId::AttachKind))
            .map_err(|e| Failure::Input(e.into()))?;
        let new = match attachment::load(
            std::path::Path::new(&path),
            kind,
            form.value(FieldId::AttachNote),
            self.office.attachment_max_bytes,
        ) {
            Ok(Loaded::Ready(new)) => new,
            Ok(Loaded::TooLarge(e)) => return Err(Failure::Input(e)),
            Err(p) => return Err(Failure::File(p)),
        };
        let id = self
            .office
            .write(|w| w.attach(n, &new, Some(version)))
            .map_err(Failure::from)?;
        let name = self
            .office
            .store
            .item_detail(n)
            .ok()
            .and_then(|d| d.attachments.into_iter().find(|a| a.id == id))
            .map(|a| a.name)
            .unwrap_or_default();
        Ok((n, Notice::Attached(n, name)))
    }

    /// Writes the attachment the save form names to the path it names (never over a file that
    /// is there: the clerk names another path).
    pub(super) fn save_attachment(&mut self, n: ItemNumber, form: &Form) -> Saved {
        let detail = self.office.store.item_detail(n).map_err(Failure::from)?;
        let found = attachment::find(&detail, form.value(FieldId::Which)).map_err(Failure::File)?;
        let bytes = self
            .office
            .store
            .attachment_file(&found.sha256)
            .map_err(Failure::from)?
            .ok_or_else(|| Failure::File(FileProblem::BytesMissing(found.name.clone())))?;
        let typed = form.value(FieldId::Path).trim();
        let out = (!typed.is_empty()).then(|| std::path::Path::new(typed));
        let path = attachment::destination(out, &found.name);
        attachment::save(&path, &bytes, false).map_err(Failure::File)?;
        let shown = (self.locate)(&path.display().to_string()).map_or_else(
            || path.display().to_string(),
            |f| f.full.display().to_string(),
        );
        Ok((n, Notice::SavedAttachment(shown)))
    }
}

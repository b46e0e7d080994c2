//! The report screen (`r`): the bulletin (督办通报) of a period as plain state, computed here
//! when the screen opens, the period moves or the grouping changes, so that drawing only reads
//! it; and its export to a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::action::{Action, Pane};
use super::failure::Failure;
use super::form::{FieldId, Form};
use super::state::{App, Filter, Notice, Overlay};
use crate::domain::history::Recorded;
use crate::domain::validate::{InputError, Problem};
use crate::error::Result;
use crate::report::render::{Context, Document, Format};
use crate::report::trend::{WeekFigure, open_overdue_by_week};
use crate::report::{Bulletin, GroupBy, Period, PeriodKind};
use crate::store::Backend;

/// Weeks the sparkline of open overdue items covers.
pub const TREND_WEEKS: usize = 12;

/// The groupings the report screen switches between (`b`).
pub const GROUPINGS: [GroupBy; 3] = [GroupBy::Department, GroupBy::Source, GroupBy::SourceKind];

/// The report screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// Week, month, quarter or year.
    pub kind: PeriodKind,
    /// The figures shown (their period and grouping are the screen's).
    pub bulletin: Bulletin,
    /// Open overdue items at the end of each of the last weeks, up to the period's end.
    pub trend: Vec<WeekFigure>,
    /// The row selected in the table.
    pub selected: usize,
    /// The whole history, read once when the screen opens (and again after another clerk's
    /// commit): moving the period replays it without asking the store.
    events: Vec<Recorded>,
}

impl ReportView {
    pub fn period(&self) -> Period {
        self.bulletin.period
    }

    pub fn group_by(&self) -> GroupBy {
        self.bulletin.group_by
    }
}

/// The period of `kind` that holds `day`, as of its end, or as of `today` while it runs.
pub fn period_of(kind: PeriodKind, day: NaiveDate, today: NaiveDate) -> Period {
    let p = Period::holding(kind, day);
    Period {
        as_of: p.to.min(today),
        ..p
    }
}

impl<S: Backend> App<S> {
    /// Opens the report screen on this month, grouped by lead department.
    pub(super) fn open_report(&mut self) -> Result<()> {
        let events = self.all_events()?;
        let period = period_of(PeriodKind::Month, self.today, self.today);
        let bulletin = self.bulletin_of(&events, period, GroupBy::Department);
        let trend = open_overdue_by_week(&events, period.end(), TREND_WEEKS);
        self.report = Some(ReportView {
            kind: PeriodKind::Month,
            bulletin,
            trend,
            selected: 0,
            events,
        });
        Ok(())
    }

    fn all_events(&self) -> Result<Vec<Recorded>> {
        let mut events = Vec::new();
        self.office.store.each_event(|e| events.push(e))?;
        Ok(events)
    }

    fn bulletin_of(&self, events: &[Recorded], period: Period, by: GroupBy) -> Bulletin {
        Bulletin::compute(
            events,
            period,
            by,
            &self.office.calendar,
            &self.office.rules,
        )
    }

    /// Shows `period` grouped `by`: the figures again, and the sparkline when its end moved
    /// (or, `fresh`, when the history changed).
    fn show_report(&mut self, kind: PeriodKind, period: Period, by: GroupBy, fresh: bool) {
        let Some(view) = self.report.take() else {
            return;
        };
        let bulletin = self.bulletin_of(&view.events, period, by);
        let trend = if !fresh && period.end() == view.period().end() {
            view.trend
        } else {
            open_overdue_by_week(&view.events, period.end(), TREND_WEEKS)
        };
        let keep = view.bulletin.rows.get(view.selected).map(|r| r.key.clone());
        let selected = keep
            .and_then(|k| bulletin.rows.iter().position(|r| r.key == k))
            .unwrap_or(0);
        self.report = Some(ReportView {
            kind,
            bulletin,
            trend,
            selected,
            events: view.events,
        });
    }

    /// Keys while the report screen is open.
    pub(super) fn update_report(&mut self, action: Action) -> Result<()> {
        let Some(view) = &self.report else {
            return Ok(());
        };
        let (kind, period, by) = (view.kind, view.period(), view.group_by());
        let rows = view.bulletin.rows.len();
        match action {
            Action::Back => self.report = None,
            Action::Quit => self.should_quit = true,
            Action::Help => self.overlay = Overlay::Help,
            Action::Resize(w, h) => self.size = (w, h),
            Action::Tick if self.others_committed()? || self.office.today() != self.today => {
                self.reload()?;
                let events = self.all_events()?;
                if let Some(view) = &mut self.report {
                    view.events = events;
                }
                // A period still running is shown as of the new today.
                let period = if period.as_of < period.to {
                    period_of(kind, period.from, self.today)
                } else {
                    period
                };
                self.show_report(kind, period, by, true);
                self.notice = Some(Notice::Refreshed);
            }
            Action::PeriodStep(forward) => {
                let next = period.step(kind, forward);
                if next.from > self.today {
                    self.notice = Some(Notice::NoLaterPeriod);
                } else {
                    let next = period_of(kind, next.from, self.today);
                    self.show_report(kind, next, by, false);
                }
            }
            Action::CyclePeriodKind => {
                let i = PeriodKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                let next = PeriodKind::ALL[(i + 1) % PeriodKind::ALL.len()];
                self.show_report(next, period_of(next, period.end(), self.today), by, false);
            }
            Action::CycleGrouping => {
                let i = GROUPINGS.iter().position(|g| *g == by).unwrap_or(0);
                self.show_report(kind, period, GROUPINGS[(i + 1) % GROUPINGS.len()], false);
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                let page = usize::from(self.size.1 / 3).max(1);
                let last = rows.saturating_sub(1);
                if let Some(view) = &mut self.report {
                    view.selected = match action {
                        Action::Up => view.selected.saturating_sub(1),
                        Action::Down => (view.selected + 1).min(last),
                        Action::PageUp => view.selected.saturating_sub(page),
                        Action::PageDown => (view.selected + page).min(last),
                        Action::Top => 0,
                        _ => last,
                    };
                }
            }
            Action::Open => self.report_items(),
            Action::ExportReport => {
                self.overlay = Overlay::Form(Box::new(Form::export(period.from, period.to)))
            }
            _ => {}
        }
        Ok(())
    }

    /// Enter on a department: back to the list, showing that department's open items.
    fn report_items(&mut self) {
        let Some(view) = &self.report else {
            return;
        };
        if view.group_by() != GroupBy::Department {
            self.notice = Some(Notice::DepartmentsOnly);
            return;
        }
        let Some(name) = view.bulletin.rows.get(view.selected).map(|r| r.key.clone()) else {
            return;
        };
        let Some(id) = self
            .departments
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(id, _)| *id)
        else {
            return;
        };
        self.report = None;
        self.detail_open = false;
        self.focus = Pane::Items;
        self.filter = Filter {
            dept: Some(id),
            ..Filter::default()
        };
        self.selected = 0;
        self.offset = 0;
        self.rebuild_view(None);
    }

    /// Saves the export form: the report shown, rendered in the format and language chosen,
    /// written to the file in one step (a file that is there is either the old one or the new
    /// one whole). A refusal keeps the form open beside the field it names.
    pub(super) fn save_export(&mut self, form: &Form) -> Result<()> {
        let written = match &self.report {
            Some(view) => export(view, &self.office.rules, &self.office.calendar, form),
            None => Ok(PathBuf::new()),
        };
        match written {
            Ok(path) => {
                self.overlay = Overlay::None;
                self.notice = Some(Notice::Exported(path.display().to_string()));
            }
            Err(failure) => {
                if let Overlay::Form(open) = &mut self.overlay {
                    open.refuse(failure);
                }
            }
        }
        Ok(())
    }
}

/// The report shown, as a document in the format and language chosen, written to the file in
/// one step: the same renderers as `duban report`.
fn export(
    view: &ReportView,
    rules: &crate::domain::Rules,
    cal: &crate::domain::WorkCalendar,
    form: &Form,
) -> std::result::Result<PathBuf, Failure> {
    let format = form.value(FieldId::Format).trim();
    if !super::form::EXPORT_FORMATS.contains(&format) {
        return Err(Failure::Input(InputError::new(
            "format",
            Problem::UnknownCode {
                accepted: super::form::EXPORT_FORMATS.join(", "),
                got: format.to_string(),
            },
        )));
    }
    let lang = match form.value(FieldId::DocLang) {
        "en" => crate::ui::Lang::En,
        _ => crate::ui::Lang::Zh,
    };
    let text = form.value(FieldId::Path).trim();
    if text.is_empty() {
        return Err(Failure::Input(InputError::new("path", Problem::Empty)));
    }
    let path = PathBuf::from(text);
    let period = view.period();
    let bytes = if format == "docx" {
        let sources = crate::report::docx::source_rows(&view.events, period, cal, rules);
        crate::report::docx::bulletin_docx(&view.bulletin, &sources, lang, cal, rules)
            .map_err(|e| Failure::Other(e.to_string()))?
    } else {
        let doc = Document::compute(&view.events, period, view.group_by(), cal, rules);
        let ctx = Context {
            lang,
            kind: Some(view.kind),
            office: None,
            rules,
            calendar: cal,
        };
        let format = Format::from_code(format).unwrap_or(Format::Md);
        crate::report::render::bulletin(&doc, &ctx, format).into_bytes()
    };
    write_atomically(&path, &bytes).map_err(|e| Failure::Write {
        path: text.to_string(),
        problem: WriteProblem::of(&e, &path),
    })?;
    Ok(path)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Why a file could not be written, as a clerk is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteProblem {
    NoFolder,
    IsFolder,
    Denied,
    Other(String),
}

impl WriteProblem {
    fn of(e: &std::io::Error, path: &Path) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => WriteProblem::NoFolder,
            std::io::ErrorKind::IsADirectory => WriteProblem::IsFolder,
            std::io::ErrorKind::PermissionDenied => WriteProblem::Denied,
            _ if path.is_dir() => WriteProblem::IsFolder,
            _ => WriteProblem::Other(e.to_string()),
        }
    }
}

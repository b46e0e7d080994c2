//! The report screen (`r`): the bulletin (督办通报) of a period as plain state, computed here
//! when the screen opens, the period moves or the grouping changes, so that drawing only reads
//! it; and its export to a file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::NaiveDate;

use super::action::{Action, Pane};
use super::failure::Failure;
use super::form::{FieldId, Form};
use super::state::{App, Filter, Notice, Overlay};
use crate::app::office::{bulletin_parts, open_overdue_by_week};
use crate::domain::validate::{InputError, Problem};
use crate::error::Result;
use crate::report::render::{Context, Format};
use crate::report::trend::WeekFigure;
use crate::report::{Bulletin, BulletinParts, GroupBy, Period, PeriodKind};
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
    /// Open overdue items at the end of each of the last weeks, up to the period's end; empty
    /// until worked out (from the history, on the first tick after the screen opened or the
    /// history changed, so that the first frame does not wait for the history to be read).
    pub trend: Vec<WeekFigure>,
    /// The row selected in the table.
    pub selected: usize,
    /// The sparkline being worked out on another thread: the end it is counted to, and where
    /// it will arrive.
    trend_job: TrendJob,
    /// The figures are being counted on another thread: `bulletin` has the period and grouping
    /// asked, and no figures yet.
    pub counting: bool,
    bulletin_job: BulletinJob,
    /// The row to select again once the figures being counted have come.
    keep: Option<String>,
}

/// Figures being worked out on another thread (at 100,000 items the period's figures take a
/// fraction of a second, the sparkline seconds): the screen stays live, and shows them when they
/// come. `K` names what is being counted, so that figures for a period or grouping no longer
/// shown are dropped.
pub struct Job<K, T>(Option<(K, Receiver<Result<T>>)>);

impl<K, T> Default for Job<K, T> {
    fn default() -> Self {
        Job(None)
    }
}

impl<K, T> Job<K, T> {
    fn running(&self) -> bool {
        self.0.is_some()
    }
}

impl<K, T> std::fmt::Debug for Job<K, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.running() {
            "Job(running)"
        } else {
            "Job"
        })
    }
}

/// A copy of a screen does not wait for its figures.
impl<K, T> Clone for Job<K, T> {
    fn clone(&self) -> Self {
        Job(None)
    }
}

/// Screens compare by what they show.
impl<K, T> PartialEq for Job<K, T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The sparkline being counted, to the end it is counted to.
type TrendJob = Job<NaiveDate, Vec<WeekFigure>>;
/// The period's figures being counted, for the period and grouping asked.
type BulletinJob = Job<(Period, GroupBy), Bulletin>;

/// What a job gave, if it has finished.
enum Polled<K, T> {
    Running,
    Done(K, Result<T>),
    /// The thread went away without an answer.
    Lost,
}

fn poll<K: Copy, T>(job: &mut Job<K, T>) -> Polled<K, T> {
    let Some((key, receiver)) = &job.0 else {
        return Polled::Lost;
    };
    match receiver.try_recv() {
        Err(TryRecvError::Empty) => Polled::Running,
        Ok(done) => {
            let key = *key;
            job.0 = None;
            Polled::Done(key, done)
        }
        Err(TryRecvError::Disconnected) => {
            job.0 = None;
            Polled::Lost
        }
    }
}

/// A bulletin with no figures yet, for the screen to show while they are counted.
fn counting(period: Period, group_by: GroupBy) -> Bulletin {
    Bulletin {
        period,
        group_by,
        rows: Vec::new(),
        total: Default::default(),
        ranking: Vec::new(),
        overdue: Vec::new(),
        actions: Vec::new(),
        instructions: Vec::new(),
    }
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
    /// Opens the report screen on this month, grouped by lead department: its figures from the
    /// days the store keeps, the sparkline on the next tick.
    pub(super) fn open_report(&mut self) -> Result<()> {
        let period = period_of(PeriodKind::Month, self.today, self.today);
        let by = GroupBy::Department;
        let (bulletin, bulletin_job) = match self.count_elsewhere(period, by)? {
            Some(job) => (counting(period, by), job),
            None => (self.bulletin_of(period, by)?, Job::default()),
        };
        self.report = Some(ReportView {
            kind: PeriodKind::Month,
            bulletin,
            trend: Vec::new(),
            selected: 0,
            trend_job: TrendJob::default(),
            counting: bulletin_job.running(),
            bulletin_job,
            keep: None,
        });
        Ok(())
    }

    /// Starts counting the figures of `period` grouped `by` on another thread, when the store
    /// can be shared, from the days the store keeps.
    fn count_elsewhere(&self, period: Period, by: GroupBy) -> Result<Option<BulletinJob>> {
        let (calendar, rules) = (
            std::sync::Arc::clone(&self.office.calendar),
            std::sync::Arc::clone(&self.office.rules),
        );
        let job = self.office.store.elsewhere(move |store| {
            let parts = bulletin_parts(store, &period, &[by], false, &calendar, &rules)?;
            Ok(parts.into_bulletin(by))
        })?;
        Ok(job.map(|receiver| Job(Some(((period, by), receiver)))))
    }

    /// The figures counted on another thread, when they have come: shown if they are still
    /// those asked for, the selection kept on the same row.
    fn take_bulletin(&mut self) -> Result<()> {
        let Some(view) = &mut self.report else {
            return Ok(());
        };
        match poll(&mut view.bulletin_job) {
            Polled::Running => Ok(()),
            Polled::Lost => {
                // Counted here instead.
                let (kind, period, by) = (view.kind, view.period(), view.group_by());
                view.counting = false;
                self.show_report_here(kind, period, by, false)
            }
            Polled::Done(asked, bulletin) => {
                let bulletin = bulletin?;
                if asked == (view.period(), view.group_by()) {
                    view.bulletin = bulletin;
                    view.counting = false;
                    view.selected = view
                        .keep
                        .take()
                        .and_then(|k| view.bulletin.rows.iter().position(|r| r.key == k))
                        .unwrap_or(0);
                }
                Ok(())
            }
        }
    }

    /// The figures of `period` grouped `by`, counted here as the store reads the items.
    fn bulletin_of(&self, period: Period, by: GroupBy) -> Result<Bulletin> {
        Ok(self
            .office
            .bulletin_parts(&period, &[by], false)?
            .into_bulletin(by))
    }

    /// Shows `period` grouped `by`: the figures again, and the sparkline when its end moved
    /// (or, `fresh`, when the history changed: then on the next tick).
    fn show_report(
        &mut self,
        kind: PeriodKind,
        period: Period,
        by: GroupBy,
        fresh: bool,
    ) -> Result<()> {
        let Some(job) = self.count_elsewhere(period, by)? else {
            return self.show_report_here(kind, period, by, fresh);
        };
        let Some(view) = self.report.take() else {
            return Ok(());
        };
        let same_end = !fresh && period.end() == view.period().end();
        let keep = view
            .bulletin
            .rows
            .get(view.selected)
            .map(|r| r.key.clone())
            .or(view.keep);
        self.report = Some(ReportView {
            kind,
            bulletin: counting(period, by),
            trend: if same_end { view.trend } else { Vec::new() },
            selected: 0,
            trend_job: if same_end {
                view.trend_job
            } else {
                TrendJob::default()
            },
            counting: true,
            bulletin_job: job,
            keep,
        });
        Ok(())
    }

    /// [`Self::show_report`], counted here.
    fn show_report_here(
        &mut self,
        kind: PeriodKind,
        period: Period,
        by: GroupBy,
        fresh: bool,
    ) -> Result<()> {
        let bulletin = self.bulletin_of(period, by)?;
        let Some(view) = self.report.take() else {
            return Ok(());
        };
        let same_end = period.end() == view.period().end();
        let trend = if fresh {
            Vec::new()
        } else if same_end {
            view.trend
        } else {
            Vec::new()
        };
        let keep = view.bulletin.rows.get(view.selected).map(|r| r.key.clone());
        let selected = keep
            .and_then(|k| bulletin.rows.iter().position(|r| r.key == k))
            .unwrap_or(0);
        // A sparkline still being counted to the same end is kept coming.
        let trend_job = if !fresh && same_end {
            view.trend_job
        } else {
            TrendJob::default()
        };
        self.report = Some(ReportView {
            kind,
            bulletin,
            trend,
            selected,
            trend_job,
            counting: false,
            bulletin_job: Job::default(),
            keep: None,
        });
        Ok(())
    }

    /// The sparkline, when it is still to be worked out: the open overdue items counted at each
    /// week's end from the days the store keeps, on another thread when the store can be shared
    /// (the screen stays live; a later tick takes the figures in), else here. A count that
    /// arrives for another end than the one shown is dropped, and asked again.
    fn fill_trend(&mut self) -> Result<()> {
        let Some(view) = &mut self.report else {
            return Ok(());
        };
        if view.trend_job.running() {
            match poll(&mut view.trend_job) {
                Polled::Running => return Ok(()),
                Polled::Done(end, trend) => {
                    let trend = trend?;
                    if end == view.bulletin.period.end() {
                        view.trend = trend;
                    }
                    return Ok(());
                }
                Polled::Lost => {}
            }
        }
        let end = view.bulletin.period.end();
        let counted = self
            .office
            .store
            .elsewhere(move |store| open_overdue_by_week(store, end, TREND_WEEKS))?;
        match counted {
            Some(job) => {
                if let Some(view) = &mut self.report {
                    view.trend_job = Job(Some((end, job)));
                }
            }
            None => {
                let trend = open_overdue_by_week(&self.office.store, end, TREND_WEEKS)?;
                if let Some(view) = &mut self.report {
                    view.trend = trend;
                }
            }
        }
        Ok(())
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
                // A period still running is shown as of the new today.
                let period = if period.as_of < period.to {
                    period_of(kind, period.from, self.today)
                } else {
                    period
                };
                self.show_report(kind, period, by, true)?;
                self.notice = Some(Notice::Refreshed);
            }
            Action::Tick if view.counting => self.take_bulletin()?,
            Action::Tick if view.trend.is_empty() => self.fill_trend()?,
            Action::PeriodStep(forward) => {
                let next = period.step(kind, forward);
                if next.from > self.today {
                    self.notice = Some(Notice::NoLaterPeriod);
                } else {
                    let next = period_of(kind, next.from, self.today);
                    self.show_report(kind, next, by, false)?;
                }
            }
            Action::CyclePeriodKind => {
                let i = PeriodKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                let next = PeriodKind::ALL[(i + 1) % PeriodKind::ALL.len()];
                self.show_report(next, period_of(next, period.end(), self.today), by, false)?;
            }
            Action::CycleGrouping => {
                let i = GROUPINGS.iter().position(|g| *g == by).unwrap_or(0);
                self.show_report(kind, period, GROUPINGS[(i + 1) % GROUPINGS.len()], false)?;
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
                let report = super::form::ExportedReport {
                    kind,
                    period,
                    group_by: by,
                };
                self.overlay = Overlay::Form(Box::new(Form::export(report, &self.form_words)))
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

    /// Finds the file an open export form names (`locate`), so that the form says where it
    /// writes and whether it replaces a file before Enter; drawing never asks the disk.
    pub(super) fn resolve_export(&mut self) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        if !matches!(form.kind, super::form::FormKind::Export(_)) {
            return;
        }
        form.file = (self.locate)(form.value(FieldId::Path).trim());
    }

    /// Saves the export form: the report shown, rendered in the format and language chosen,
    /// written to the file in one step (a file that is there is either the old one or the new
    /// one whole). A refusal keeps the form open beside the field it names.
    pub(super) fn save_export(&mut self, form: &Form) -> Result<()> {
        let written = match &self.report {
            Some(view) => {
                // A workbook has a sheet per grouping, the one shown first.
                let groupings = if form.value(FieldId::Format).trim() == "xlsx" {
                    crate::report::render::xlsx::sheet_order(view.group_by())
                } else {
                    vec![view.group_by()]
                };
                let parts = self
                    .office
                    .bulletin_parts(&view.period(), &groupings, true)?;
                // The record's head the paper is computed at (a store with no chain: none).
                let head = crate::store::audit::paper_head(&self.office.store, view.period().as_of)
                    .unwrap_or(None);
                export(
                    view,
                    parts,
                    &self.office.rules,
                    &self.office.calendar,
                    self.office.issuer.as_deref(),
                    head.as_ref(),
                    form,
                )
            }
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
    parts: BulletinParts,
    rules: &crate::domain::Rules,
    cal: &crate::domain::WorkCalendar,
    issuer: Option<&str>,
    record_head: Option<&crate::report::render::RecordHead>,
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
        "en" => crate::lang::Lang::En,
        _ => crate::lang::Lang::Zh,
    };
    let text = form.value(FieldId::Path).trim();
    if text.is_empty() {
        return Err(Failure::Input(InputError::new("path", Problem::Empty)));
    }
    let path = PathBuf::from(text);
    let ctx = Context {
        lang,
        kind: Some(view.kind),
        office: issuer,
        rules,
        calendar: cal,
        record_head,
    };
    let bytes = if format == "docx" {
        crate::report::docx::bulletin_docx(&parts.into_document(view.group_by()), &ctx)
            .map_err(|e| Failure::Other(e.to_string()))?
    } else if format == "xlsx" {
        // A sheet per grouping, the one shown first, as `duban report --format xlsx`.
        let docs = parts.into_documents(&crate::report::render::xlsx::sheet_order(view.group_by()));
        crate::report::render::xlsx::bulletin(&docs, &ctx)
            .map_err(|e| Failure::Other(e.to_string()))?
    } else {
        let format = Format::from_code(format).unwrap_or(Format::Md);
        let doc = parts.into_document(view.group_by());
        crate::report::render::bulletin(&doc, &ctx, format).into_bytes()
    };
    crate::files::write_whole(&path, &bytes).map_err(|e| Failure::Write {
        path: text.to_string(),
        problem: WriteProblem::of(&e, &path),
    })?;
    Ok(path)
}

/// Where a typed path leads on this machine: in full (from the current folder), and what is
/// there now. Nothing for an empty path.
pub fn locate(typed: &str) -> Option<super::form::ExportFile> {
    use super::form::Found;
    if typed.is_empty() {
        return None;
    }
    let full = std::path::absolute(typed).unwrap_or_else(|_| PathBuf::from(typed));
    let found = if full.is_dir() {
        Found::Folder
    } else if full.exists() {
        Found::File
    } else {
        Found::Nothing
    };
    Some(super::form::ExportFile {
        typed: typed.to_string(),
        full,
        found,
    })
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

#[cfg(test)]
mod tests {
    use super::super::form::Found;
    use super::locate;

    /// An export's path is found in full, with what is there: nothing, a file it replaces, or
    /// a folder it cannot write.
    #[test]
    fn a_typed_path_is_found_in_full_with_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通报.md");
        let typed = |p: &std::path::Path| p.display().to_string();
        assert_eq!(locate(&typed(&file)).unwrap().found, Found::Nothing);
        std::fs::write(&file, "旧").unwrap();
        let found = locate(&typed(&file)).unwrap();
        assert_eq!((found.found, found.full), (Found::File, file.clone()));
        assert_eq!(locate(&typed(dir.path())).unwrap().found, Found::Folder);
        // A relative path is read from the current folder.
        let relative = locate("通报.md").unwrap();
        assert!(relative.full.is_absolute(), "{:?}", relative.full);
        assert!(relative.full.ends_with("通报.md"));
        assert_eq!(locate(""), None);
    }
}

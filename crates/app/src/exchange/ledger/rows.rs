//! Each data row of a ledger as an item to register, checked by the same rules as an item
//! typed in, with the state and the dates the ledger gives; or the row refused, naming its
//! column and why.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cells::{self, Cell, Due};
use super::columns::{Field, header_key};
use super::header::Header;
use super::sheet::Grid;
use super::status::status_of;
use super::{Entry, RowProblem, Why};
use crate::app::input::ItemInput;
use crate::domain::WorkCalendar;
use crate::domain::history::Origin;
use crate::domain::lifecycle::Status;
use crate::domain::rules::Rules;
use crate::domain::validate::{self, InputError};

/// What a deadline left empty is recorded with: the ledger does not say.
pub const NO_DEADLINE_REASON: &str = "台账未载明办理时限";

/// What every row is checked against.
pub struct Context<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    pub year: i32,
    pub today: NaiveDate,
    pub calendar: &'a WorkCalendar,
    pub rules: &'a Rules,
}

/// A row's cells by field.
struct Row<'a> {
    number: u32,
    cells: HashMap<Field, (&'a Cell, &'a super::header::Column)>,
    header: &'a Header,
}

impl Row<'_> {
    fn problem(&self, field: Field, why: Why) -> RowProblem {
        // The column of the field, whether or not this row's cell holds anything.
        let column = self
            .header
            .column(field)
            .map(|c| (c.header.clone(), c.letter()));
        RowProblem {
            row: self.number,
            column,
            why,
        }
    }

    fn cell(&self, field: Field) -> Option<&Cell> {
        self.cells.get(&field).map(|(c, _)| *c)
    }

    /// A text cell's text (a number or a date as text); a formula's error refused.
    fn text(&self, field: Field) -> Result<String, RowProblem> {
        match self.cell(field) {
            None => Ok(String::new()),
            Some(Cell::Error(e)) => Err(self.problem(field, Why::FormulaError { got: e.clone() })),
            Some(c) => Ok(c.text()),
        }
    }

    fn line(&self, field: Field) -> Result<String, RowProblem> {
        self.text(field).map(|t| cells::one_line(&t))
    }

    fn date(&self, field: Field, year: i32) -> Result<Option<NaiveDate>, RowProblem> {
        match self.cell(field) {
            None => Ok(None),
            Some(c) if c.is_blank() => Ok(None),
            Some(Cell::Error(e)) => Err(self.problem(field, Why::FormulaError { got: e.clone() })),
            Some(c) => cells::date(c, year)
                .map(Some)
                .ok_or_else(|| self.problem(field, Why::NotADate { got: c.text() })),
        }
    }

    /// The field's check failed: the column named, the problem as the rule words it.
    fn input(&self, field: Field, e: InputError) -> RowProblem {
        self.problem(field, Why::Input(e))
    }
}

/// Whether a row holds nothing in the columns read.
fn blank(grid: &Grid, row: u32, header: &Header) -> bool {
    header
        .columns
        .iter()
        .filter(|c| c.field.is_some_and(|f| f != Field::Ignore))
        .all(|c| grid.cell(row, c.index).is_none_or(Cell::is_blank))
}

/// Every data row below the header: the entries taken and the rows refused (every problem of
/// a row is named, the first of each column), and how many rows were blank.
pub fn entries(
    grid: &Grid,
    header: &Header,
    cx: &Context<'_>,
) -> (Vec<Entry>, Vec<RowProblem>, usize) {
    let mut taken = Vec::new();
    let mut refused = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let Some(last) = grid.rows.keys().next_back().copied() else {
        return (taken, refused, 0);
    };
    let mut blank_rows = 0;
    for (&index, _) in grid.rows.range(header.last_row + 1..=last) {
        if blank(grid, index, header) {
            blank_rows += 1;
            continue;
        }
        let mut row = Row {
            number: index + 1,
            cells: HashMap::new(),
            header,
        };
        for c in &header.columns {
            if let (Some(field), Some(cell)) = (c.field, grid.cell(index, c.index)) {
                row.cells.insert(field, (cell, c));
            }
        }
        match entry(&row, cx) {
            Ok(e) => match seen.get(&e.key) {
                Some(first) => refused.push(RowProblem {
                    row: row.number,
                    column: None,
                    why: Why::Repeat { of_row: *first },
                }),
                None => {
                    seen.insert(e.key.clone(), row.number);
                    taken.push(e);
                }
            },
            Err(problems) => refused.extend(problems),
        }
    }
    (taken, refused, blank_rows)
}

/// How a row is recognised: its title, lead department and source reference, each without
/// spaces, full-width letters and digits as ASCII, in lower case, the title without a closing
/// full stop. An item of the office with the same three is the same item.
pub fn key(title: &str, lead: &str, source_ref: &str) -> String {
    let norm = |t: &str| {
        header_key(t)
            .trim_end_matches(['。', '.', '；', ';'])
            .to_string()
    };
    format!(
        "{}\u{1f}{}\u{1f}{}",
        norm(title),
        norm(lead),
        norm(source_ref)
    )
}

fn entry(row: &Row<'_>, cx: &Context<'_>) -> Result<Entry, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut take = |r: Result<String, RowProblem>| match r {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            String::new()
        }
    };
    let title = take(row.line(Field::Title));
    let leads = take(row.line(Field::Lead));
    let co_text = take(row.text(Field::Co));
    let owner = take(row.line(Field::Owner));
    let source = take(row.line(Field::Source));
    let reference = take(row.line(Field::Ref));
    let requirement = take(row.text(Field::Requirement)).replace('\r', "");
    let note = take(row.text(Field::Note)).replace('\r', "");
    let progress = take(row.text(Field::Progress));
    let status_word = take(row.line(Field::Status));
    // The first department a lead cell names leads; the others work with it.
    let mut names = cells::departments(&leads);
    let lead = if names.is_empty() {
        String::new()
    } else {
        names.remove(0)
    };
    names.extend(cells::departments(&co_text));
    let source_ref = [source.as_str(), reference.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let requirement = match (requirement.trim(), note.trim()) {
        (r, "") => r.to_string(),
        ("", n) => format!("备注：{n}"),
        (r, n) => format!("{r}\n备注：{n}"),
    };
    let due = match row.cell(Field::Deadline) {
        None => Due::None,
        Some(Cell::Error(e)) => {
            problems.push(row.problem(Field::Deadline, Why::FormulaError { got: e.clone() }));
            Due::None
        }
        Some(c) => cells::due(c, cx.year).unwrap_or_else(|| {
            problems.push(row.problem(Field::Deadline, Why::NotADate { got: c.text() }));
            Due::None
        }),
    };
    let registered = row.date(Field::Registered, cx.year).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let completed = row.date(Field::Completed, cx.year).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let progress = cells::multi_line(&progress);
    let status = if status_word.is_empty() {
        if progress.is_empty() {
            Status::Assigned
        } else {
            Status::InProgress
        }
    } else {
        match status_of(&status_word) {
            Some(s) => s,
            None => {
                let why = if status_word.contains("中止") || status_word.contains("暂停") {
                    Why::Suspended {
                        got: status_word.clone(),
                    }
                } else {
                    Why::UnknownStatus {
                        got: status_word.clone(),
                    }
                };
                problems.push(row.problem(Field::Status, why));
                Status::Assigned
            }
        }
    };
    // The dates the row gives: the latest in its progress, its finish (the completion column,
    // else the last date its status or progress names).
    let progress_on = cells::date_done_in(&progress, cx.year, cx.today);
    let finishes = matches!(
        status,
        Status::AwaitingReview | Status::Completed | Status::Closed | Status::Cancelled
    );
    let finished_on = if finishes {
        completed
            .or_else(|| cells::date_done_in(&status_word, cx.year, cx.today))
            .or(progress_on)
    } else {
        None
    };
    if finishes && finished_on.is_none() && problems.is_empty() {
        problems.push(row.problem(
            if row.header.column(Field::Completed).is_some() {
                Field::Completed
            } else {
                Field::Status
            },
            Why::NoFinishDate { status },
        ));
    }
    for (field, day) in [
        (Field::Registered, registered),
        (Field::Completed, finished_on),
        (Field::Progress, progress_on),
    ] {
        if let Some(day) = day.filter(|d| *d > cx.today) {
            problems.push(row.problem(
                field,
                Why::AfterToday {
                    got: day,
                    today: cx.today,
                },
            ));
        }
    }
    // Registered on the day the ledger gives, else on the latest day the ledger allows: today,
    // or the earliest of its deadline, progress and finish when that is earlier.
    let registered_on = registered.unwrap_or_else(|| {
        [
            Some(cx.today),
            progress_on,
            finished_on,
            match &due {
                Due::On(d) => Some(*d),
                _ => None,
            },
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(cx.today)
    });
    if let Some(p) = [Some(registered_on), progress_on, finished_on]
        .into_iter()
        .flatten()
        .find_map(|d| validate::in_office_years("due", d).err())
    {
        problems.push(row.input(Field::Registered, p));
    }
    for (field, day) in [
        (Field::Completed, finished_on),
        (Field::Progress, progress_on),
    ] {
        if let Some(day) = day.filter(|d| *d < registered_on) {
            problems.push(row.problem(
                field,
                Why::BeforeRegistration {
                    got: day,
                    registered: registered_on,
                },
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (due_text, no_deadline_reason) = match &due {
        Due::On(d) => (d.format("%Y-%m-%d").to_string(), String::new()),
        Due::Standing(words) => (String::new(), words.clone()),
        Due::None => (String::new(), NO_DEADLINE_REASON.to_string()),
    };
    let input = ItemInput {
        title: title.clone(),
        lead: lead.clone(),
        owner,
        co: names.join("，"),
        source_kind: cells::source_kind(&source_ref).code().to_string(),
        source_ref: source_ref.clone(),
        requirement,
        due: due_text,
        no_deadline_reason,
        ..ItemInput::default()
    };
    let mut item = match input.check(registered_on, cx.calendar, cx.rules) {
        Ok(item) => item,
        Err(e) => {
            let field = match e.field {
                "title" => Field::Title,
                "lead" => Field::Lead,
                "owner" => Field::Owner,
                "co" => Field::Co,
                "ref" => Field::Ref,
                "requirement" => {
                    if row.header.column(Field::Requirement).is_some() {
                        Field::Requirement
                    } else {
                        Field::Note
                    }
                }
                // A deadline before the registration day the ledger gives is named at the
                // deadline, as the sentence words it ("due … is before the registration date").
                "due" | "no-deadline-reason" => Field::Deadline,
                _ => Field::Title,
            };
            let field = if field == Field::Ref && row.header.column(Field::Ref).is_none() {
                Field::Source
            } else {
                field
            };
            return Err(vec![row.input(field, e)]);
        }
    };
    let progress = if progress.is_empty() {
        None
    } else {
        match validate::text("text", &progress, crate::app::input::TEXT_MAX) {
            Ok(t) => Some(t),
            Err(e) => return Err(vec![row.input(Field::Progress, e)]),
        }
    };
    item.origin = Some(Origin {
        file: cx.file.to_string(),
        sheet: cx.sheet.to_string(),
        row: row.number,
    });
    Ok(Entry {
        row: row.number,
        key: key(&item.title, &item.lead, &item.source_ref),
        item,
        status,
        progress,
        progress_on,
        finished_on,
    })
}

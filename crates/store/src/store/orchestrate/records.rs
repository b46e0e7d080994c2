//! Records a clerk makes on an item: progress feedback, urging and accountability notes,
//! commendations, and snoozes out of the triage queue.

use super::Writer;
use crate::domain::history::EventKind;
use crate::domain::item::ItemNumber;
use crate::domain::light::read_light;
use crate::domain::validate::{self, InputError, Problem};
use crate::domain::{instruction, records};
use crate::error::Result;
use crate::store::model::{NewCommendation, NewFeedback, NewInstruction, NewNote};
use crate::store::rows::{Record, Rows};

impl<R: Rows + ?Sized> Writer<'_, R> {
    /// Records progress feedback dated today.
    pub fn add_feedback(
        &self,
        number: ItemNumber,
        fb: &NewFeedback,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let row = self.load_seen(number, expected_version)?;
        records::check_feedback(row.status)?;
        let today = self.ctx.today;
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Feedback {
                on_date: today,
                reporter: &fb.reporter,
                text: &fb.text,
                percent: fb.percent,
                kind: fb.kind,
            },
        )?;
        let sets = records::feedback_sets(row.last_feedback_on, fb.percent, today);
        self.change_item(&row, sets, |on| EventKind::FeedbackAdded {
            feedback_id: id,
            on_date: today,
            reporter: fb.reporter.clone(),
            text: fb.text.clone(),
            percent: fb.percent,
            kind: fb.kind,
            on,
        })?;
        Ok(id)
    }

    /// Records an urging or accountability note dated today.
    pub fn add_note(
        &self,
        number: ItemNumber,
        note: &NewNote,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let row = self.load_seen(number, expected_version)?;
        crate::domain::ladder::check_note(row.status, note.level)?;
        let target = records::note_target(&note.requirement, &note.target, &row.lead_department)?;
        records::check_note_points(note.level, note.points)?;
        let today = self.ctx.today;
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Note {
                on_date: today,
                level: note.level,
                target: &target,
                reason: &note.reason,
                points: note.points,
                requirement: &note.requirement,
            },
        )?;
        let sets = records::note_sets(row.last_note_on, row.top_level, note.level, today);
        self.change_item(&row, sets, |on| EventKind::NoteAdded {
            note_id: id,
            on_date: today,
            level: note.level,
            target,
            reason: note.reason.clone(),
            points: note.points,
            requirement: note.requirement.clone(),
            on,
        })?;
        Ok(id)
    }

    /// Records a commendation (通报表扬) dated today: off the ladder, it changes none of the
    /// item's columns (its highest level, its last note, its light stay as they are), only its
    /// version.
    pub fn add_commendation(
        &self,
        number: ItemNumber,
        c: &NewCommendation,
        expected_version: Option<i64>,
    ) -> Result<i64> {
        let row = self.load_seen(number, expected_version)?;
        records::check_commendation(row.status)?;
        let target = records::commendation_target(&c.target, &row.lead_department);
        let today = self.ctx.today;
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Commendation {
                on_date: today,
                target: &target,
                reason: &c.reason,
                points: c.points,
            },
        )?;
        self.change_item(&row, Vec::new(), |on| EventKind::Commended {
            commendation_id: id,
            on_date: today,
            target,
            reason: c.reason.clone(),
            points: c.points,
            on,
        })?;
        Ok(id)
    }

    /// Records a leader's instruction during handling (领导批示) dated today, as the domain's
    /// [`instruction::effect`] decides: a new requirement sets the deadline (and reopens a
    /// completed item or a report awaiting review) in the same event; other senses change no
    /// column.
    pub fn add_instruction(
        &self,
        number: ItemNumber,
        i: &NewInstruction,
        expected_version: Option<i64>,
    ) -> Result<(i64, instruction::InstructionEffect)> {
        let row = self.load_seen(number, expected_version)?;
        let (leader, text) = instruction::check_words(&i.leader, &i.text)?;
        let today = self.ctx.today;
        let from = row.move_from();
        let effect = instruction::effect(i.sense, &from, i.deadline, today, &self.ctx.calendar)?;
        let deadline = effect.required_by;
        let id = self.rows.insert_record(
            row.id,
            None,
            &Record::Instruction {
                on_date: today,
                leader,
                sense: i.sense,
                text,
                deadline,
            },
        )?;
        self.change_item(&row, effect.sets.clone(), |on| EventKind::Instructed {
            instruction_id: id,
            on_date: today,
            leader: leader.to_string(),
            sense: i.sense,
            text: text.to_string(),
            deadline,
            on,
        })?;
        Ok((id, effect))
    }

    /// Takes an item out of the triage queue until `until`, saying why; `None` brings it back.
    /// A red item is never snoozed, and never past its deadline.
    pub fn snooze(
        &self,
        number: ItemNumber,
        until: Option<chrono::NaiveDate>,
        reason: &str,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let row = self.load_seen(number, expected_version)?;
        if let Some(day) = until.filter(|d| *d <= self.ctx.today) {
            return Err(InputError::new(
                "until",
                Problem::NotAfterToday {
                    got: day,
                    today: self.ctx.today,
                },
            )
            .into());
        }
        if let Some(until) = until {
            records::check_snoozable(row.status)?;
            validate::in_office_years("until", until)?;
            let light = read_light(
                &row.facts(),
                self.ctx.today,
                &self.ctx.calendar,
                &self.ctx.rules,
            )
            .light;
            records::check_snooze(light, row.deadline, until)?;
        }
        if until.is_some() && reason.trim().is_empty() {
            return Err(InputError::new("reason", Problem::Empty).into());
        }
        let sets = records::snooze_sets(until, reason);
        self.change_item(&row, sets, |on| EventKind::Snoozed { on })
    }
}

//! The triage queue: every open item that needs a decision today, one card at a time.

use chrono::NaiveDate;

use crate::domain::Status;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
use crate::domain::triage::{TriageGroup, Urgency, group, urgency};
use crate::error::Result;
use crate::store::ItemRow;

use super::office::Office;
use super::state::Ranked;

/// One item in the queue, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: i64,
    pub number: ItemNumber,
    pub title: String,
    pub group: TriageGroup,
    pub urgency: Urgency,
}

/// What the clerk decided on a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Urged(Level),
    Noted(Level),
    Feedback,
    Extension { granted: bool, to: NaiveDate },
    Moved(Status),
    Snoozed(NaiveDate),
    Skipped,
}

/// The decisions a card offers (each opens its form, except `Complete`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Urge,
    Note,
    Feedback,
    Extension,
    Snooze,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub queue: Vec<Card>,
    /// The card shown; `queue.len()` means the queue is done and the summary is shown.
    pub pos: usize,
    /// What was decided on each card (by position), `None` while undecided.
    pub outcomes: Vec<Option<Outcome>>,
    /// Positions of the cards decided, in order: undo goes back to the last one.
    pub history: Vec<usize>,
}

impl Triage {
    pub fn card(&self) -> Option<&Card> {
        self.queue.get(self.pos)
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.queue.len()
    }

    pub fn decided(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Some(x) if *x != Outcome::Skipped))
            .count()
    }

    pub fn skipped(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| **o == Some(Outcome::Skipped))
            .count()
    }

    /// Moves to the next card, marking the current one skipped if nothing was decided.
    pub fn next(&mut self) {
        if let Some(slot) = self.outcomes.get_mut(self.pos)
            && slot.is_none()
        {
            *slot = Some(Outcome::Skipped);
        }
        self.pos = (self.pos + 1).min(self.queue.len());
    }

    pub fn prev(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Records a decision on the current card and moves on.
    pub fn decide(&mut self, outcome: Outcome) {
        if let Some(slot) = self.outcomes.get_mut(self.pos) {
            *slot = Some(outcome);
            self.history.push(self.pos);
        }
        self.pos = (self.pos + 1).min(self.queue.len());
    }

    /// Records a decision on another card of the queue (a marked item decided together with the
    /// current one).
    pub fn decide_also(&mut self, id: i64, outcome: Outcome) {
        if let Some(i) = self.queue.iter().position(|c| c.id == id)
            && i != self.pos
        {
            self.outcomes[i] = Some(outcome);
        }
    }

    /// After an undo: back to the last decided card, undecided again.
    pub fn undo_last(&mut self) {
        if let Some(pos) = self.history.pop() {
            self.outcomes[pos] = None;
            self.pos = pos;
        }
    }
}

/// Builds today's queue from the ranked open items: group order (unaddressed red, red,
/// orange, missed feedback, yellow, milestones overdue), then urgency, highest first. Items
/// snoozed past today, and items already urged today, are left out.
pub fn build(office: &Office, ranked: &[Ranked], today: NaiveDate) -> Result<Triage> {
    let candidates: Vec<&Ranked> = ranked
        .iter()
        .filter(|r| group(&r.key.facts(), &r.assessment, None, today).is_some())
        .collect();
    let ids: Vec<i64> = candidates.iter().map(|r| r.key.id).collect();
    let rows: std::collections::HashMap<i64, ItemRow> = office
        .store
        .rows_by_id(&ids)?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut queue: Vec<Card> = candidates
        .into_iter()
        .filter_map(|r| {
            let row = rows.get(&r.key.id)?;
            if row.last_note_on == Some(today) {
                return None;
            }
            let facts = row.facts();
            let g = group(&facts, &r.assessment, row.snoozed_until, today)?;
            Some(Card {
                id: row.id,
                number: row.number,
                title: row.title.clone(),
                group: g,
                urgency: urgency(&facts, &r.assessment, today, &office.calendar),
            })
        })
        .collect();
    queue.sort_by(|a, b| {
        (a.group, -a.urgency.score, a.number).cmp(&(b.group, -b.urgency.score, b.number))
    });
    let n = queue.len();
    Ok(Triage {
        queue,
        pos: 0,
        outcomes: vec![None; n],
        history: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::triage::Reason;

    fn card(id: i64) -> Card {
        Card {
            id,
            number: ItemNumber {
                year: 2026,
                seq: id as u32,
            },
            title: String::new(),
            group: TriageGroup::Red,
            urgency: Urgency {
                score: 0,
                reasons: vec![Reason::NeverNoted],
            },
        }
    }

    #[test]
    fn progress_counts_and_undo_goes_back() {
        let mut t = Triage {
            queue: (1..=4).map(card).collect(),
            pos: 0,
            outcomes: vec![None; 4],
            history: Vec::new(),
        };
        t.decide(Outcome::Urged(Level::Urging));
        t.next();
        t.decide(Outcome::Feedback);
        assert_eq!((t.pos, t.decided(), t.skipped()), (3, 2, 1));
        t.undo_last();
        assert_eq!((t.pos, t.decided(), t.skipped()), (2, 1, 1));
        t.decide(Outcome::Feedback);
        t.decide(Outcome::Feedback);
        assert!(t.is_done());
        assert_eq!(t.card(), None);
    }
}

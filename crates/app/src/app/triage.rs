//! The triage queue: every open item that needs a decision today, one card at a time.

use chrono::NaiveDate;

use crate::domain::Status;
use crate::domain::item::ItemNumber;
use crate::domain::ladder::Level;
use crate::domain::triage::{Priority, TriageGroup, group, priority};
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
    pub priority: Priority,
}

/// What the clerk decided on a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Urged(Level),
    Noted(Level),
    Feedback,
    Extension {
        granted: bool,
        to: NaiveDate,
    },
    /// A pending extension request (to the date) rejected: the deadline stays.
    ExtensionRejected(NaiveDate),
    Moved(Status),
    Snoozed(NaiveDate),
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

/// One decision recorded on one card's item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The card's position in the queue.
    pub card: usize,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub queue: Vec<Card>,
    /// The card shown; `queue.len()` means the queue is done and the summary is shown.
    pub pos: usize,
    /// What each of the clerk's actions decided, in order: one action (one undo step) may decide
    /// several cards (a bulk decision on marked items). Revisiting a card and deciding again is
    /// another decision, counted as such.
    pub actions: Vec<Vec<Decided>>,
    /// Actions undone, most recent last: redo puts them back.
    pub undone: Vec<Vec<Decided>>,
    /// Cards the clerk moved past.
    pub passed: std::collections::BTreeSet<usize>,
}

impl Triage {
    pub fn new(queue: Vec<Card>) -> Self {
        Self {
            queue,
            pos: 0,
            actions: Vec::new(),
            undone: Vec::new(),
            passed: Default::default(),
        }
    }

    pub fn card(&self) -> Option<&Card> {
        self.queue.get(self.pos)
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.queue.len()
    }

    /// Every decision recorded, in the order made.
    pub fn decisions(&self) -> impl Iterator<Item = &Decided> {
        self.actions.iter().flatten()
    }

    /// How many decisions were recorded (each item of a bulk decision counts).
    pub fn decided(&self) -> usize {
        self.decisions().count()
    }

    /// Cards moved past with no decision on them: skipping is not deciding.
    pub fn skipped(&self) -> usize {
        // One pass over the decisions, not one per card passed: the count is drawn after every
        // decision, and a long session passes thousands of cards.
        let decided: std::collections::BTreeSet<usize> = self.decisions().map(|d| d.card).collect();
        self.passed.difference(&decided).count()
    }

    /// The decisions on one card, in order.
    pub fn outcomes_of(&self, card: usize) -> Vec<&Outcome> {
        self.decisions()
            .filter(|d| d.card == card)
            .map(|d| &d.outcome)
            .collect()
    }

    /// Moves to the next card (the current one counts as skipped while nothing is decided on it).
    pub fn next(&mut self) {
        if self.pos < self.queue.len() {
            self.passed.insert(self.pos);
        }
        self.pos = (self.pos + 1).min(self.queue.len());
    }

    pub fn prev(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Records one action: a decision on the current card and on the other cards of the queue it
    /// was made on too (marked items), then moves on.
    pub fn decide(&mut self, outcome: Outcome, also: &[(ItemNumber, Outcome)]) {
        let mut action = Vec::new();
        if self.pos < self.queue.len() {
            action.push(Decided {
                card: self.pos,
                outcome,
            });
        }
        for (number, outcome) in also {
            if let Some(card) = self.queue.iter().position(|c| c.number == *number)
                && card != self.pos
            {
                action.push(Decided {
                    card,
                    outcome: outcome.clone(),
                });
            }
        }
        if !action.is_empty() {
            self.actions.push(action);
            self.undone.clear();
        }
        self.next();
        // Cards decided together with this one (marked items) are not shown again.
        while self.pos < self.queue.len() && self.decisions().any(|d| d.card == self.pos) {
            self.pos += 1;
        }
    }

    /// After an undo: the last action is taken back, and its card is shown again.
    pub fn undo_last(&mut self) {
        if let Some(action) = self.actions.pop() {
            if let Some(first) = action.first() {
                self.pos = first.card;
                self.passed.remove(&first.card);
            }
            self.undone.push(action);
        }
    }

    /// After a redo: the action undone last counts again, and the queue moves past its card.
    pub fn redo_last(&mut self) {
        if let Some(action) = self.undone.pop() {
            if let Some(first) = action.first() {
                self.pos = first.card;
            }
            self.actions.push(action);
            self.next();
        }
    }
}

/// Builds today's queue from the ranked open items: group order (unaddressed red, red,
/// orange, missed feedback, yellow, milestones overdue), then priority, highest first. Who is
/// left out is the domain's rule (`domain::triage::group`).
pub fn build<S: crate::store::Backend>(
    office: &Office<S>,
    ranked: &[Ranked],
    today: NaiveDate,
) -> Result<Triage> {
    let candidates: Vec<&Ranked> = ranked
        .iter()
        .filter(|r| group(&r.key.light_facts(), &r.reading, None, today).is_some())
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
            let facts = row.facts();
            let g = group(&facts, &r.reading, row.snoozed_until, today)?;
            Some(Card {
                id: row.id,
                number: row.number,
                title: row.title.clone(),
                group: g,
                priority: priority(
                    &facts,
                    &r.reading,
                    today,
                    &office.calendar,
                    &office.rules.triage,
                ),
            })
        })
        .collect();
    queue.sort_by(|a, b| {
        (a.group, -a.priority.score, a.number).cmp(&(b.group, -b.priority.score, b.number))
    });
    Ok(Triage::new(queue))
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
            priority: Priority {
                score: 0,
                reasons: vec![Reason::NeverNoted],
            },
        }
    }

    #[test]
    fn progress_counts_and_undo_goes_back() {
        let mut t = Triage::new((1..=4).map(card).collect());
        t.decide(Outcome::Urged(Level::Urging), &[]);
        t.next();
        t.decide(Outcome::Feedback, &[]);
        assert_eq!((t.pos, t.decided(), t.skipped()), (3, 2, 1));
        t.undo_last();
        assert_eq!((t.pos, t.decided(), t.skipped()), (2, 1, 1));
        t.decide(Outcome::Feedback, &[]);
        t.decide(Outcome::Feedback, &[]);
        assert!(t.is_done());
        assert_eq!(t.card(), None);
    }

    #[test]
    fn a_card_decided_again_counts_twice_and_redo_counts_again() {
        let mut t = Triage::new((1..=3).map(card).collect());
        t.decide(Outcome::Moved(Status::AwaitingReview), &[]);
        t.prev();
        t.decide(Outcome::Feedback, &[]);
        assert_eq!((t.decided(), t.skipped()), (2, 0));
        assert_eq!(t.outcomes_of(0).len(), 2);
        t.undo_last();
        assert_eq!((t.pos, t.decided()), (0, 1));
        t.redo_last();
        assert_eq!((t.pos, t.decided()), (1, 2));
        // A bulk decision counts each item it was recorded on, and the queue moves past the
        // cards it decided.
        t.decide(
            Outcome::Urged(Level::Reminder),
            &[(card(3).number, Outcome::Urged(Level::Urging))],
        );
        assert_eq!(t.decided(), 4);
        assert!(t.is_done());
        assert_eq!(t.outcomes_of(2), vec![&Outcome::Urged(Level::Urging)]);
        // Skipping is not deciding.
        assert_eq!(t.skipped(), 0);
        t.undo_last();
        assert_eq!((t.pos, t.decided()), (1, 2));
        t.next();
        assert_eq!(t.skipped(), 1);
        // After a bulk decision from the first card, the next card shown is the first one
        // left undecided.
        let mut t = Triage::new((1..=4).map(card).collect());
        t.decide(
            Outcome::Feedback,
            &[
                (card(2).number, Outcome::Feedback),
                (card(4).number, Outcome::Feedback),
            ],
        );
        assert_eq!(t.pos, 2);
    }
}

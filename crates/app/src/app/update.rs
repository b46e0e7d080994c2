//! `App::update`: the only place the interface's state changes.

use super::action::{Action, Pane};
use super::failure::Failure;
use super::form::{FieldId, Form, FormKind};
use super::input::ItemInput;
use super::state::{App, Notice, Overlay, items_visible_rows};
use crate::domain::item::{Cadence, Flags, ItemNumber, SourceKind};
use crate::domain::validate::{self, InputError, Problem};
use crate::domain::{Move, Status, WarningLight};
use crate::error::Result;
use crate::store::ItemEdit;

impl<S: crate::store::Backend> App<S> {
    /// Applies one action. Faults of the machine (the database went away) are returned; a
    /// clerk's refusals become notices.
    pub fn update(&mut self, action: Action) -> Result<()> {
        if action == Action::Interrupt {
            self.should_quit = true;
            return Ok(());
        }
        let tick = matches!(action, Action::Tick);
        match &mut self.overlay {
            Overlay::Form(_) => self.update_form(action)?,
            Overlay::Help => {
                if matches!(
                    action,
                    Action::Back | Action::Help | Action::Quit | Action::Submit
                ) {
                    self.overlay = Overlay::None;
                }
            }
            Overlay::MoveMenu(moves) => match action {
                Action::ChooseNth(n) => {
                    if let Some(mv) = moves.get(n).copied() {
                        self.overlay = Overlay::None;
                        self.choose_move(mv)?;
                    }
                }
                Action::Back | Action::Quit => self.overlay = Overlay::None,
                _ => {}
            },
            Overlay::Milestones(_) => self.update_milestones(action)?,
            Overlay::None if self.report.is_some() => self.update_report(action)?,
            Overlay::None if self.triage.is_some() => self.update_triage(action)?,
            Overlay::None if self.filter_editing => self.update_filter(action)?,
            Overlay::None => self.update_main(action)?,
        }
        if !tick {
            self.resolve_form();
            self.resolve_export();
            self.resolve_attach();
        }
        self.prepare()
    }

    /// Works out what an open extension or snooze form will record: the typed date read as
    /// the save will read it (`+5wd` from each item's own deadline, a snooze from today), so
    /// that the form shows the dates before Enter.
    fn resolve_form(&mut self) {
        use super::form::Preview;
        use super::triage::Decision;
        let Overlay::Form(form) = &self.overlay else {
            return;
        };
        if form.kind == FormKind::AddItem {
            // The deadline it will get: the one typed, the source kind's default, or none with
            // its reason; nothing while a field does not read.
            let checked = item_input(form).check(
                self.office.today(),
                &self.office.calendar,
                &self.office.rules,
            );
            let resolved = checked
                .map(|new| {
                    vec![Preview::NewItem {
                        title: new.title,
                        lead: new.lead,
                        deadline: new.deadline,
                        no_deadline_reason: new.no_deadline_reason,
                    }]
                })
                .unwrap_or_default();
            if let Overlay::Form(form) = &mut self.overlay {
                form.resolved = resolved;
            }
            return;
        }
        if let FormKind::Instruct { number, from, .. } = form.kind {
            // What the save would do: the new deadline and a reopening, or the refusal; nothing
            // while a field does not read.
            let today = self.office.today();
            let resolved = instruction_input(form, today, &self.office.calendar)
                .map(|i| {
                    match crate::domain::instruction::effect(
                        i.sense,
                        &from,
                        i.deadline,
                        today,
                        &self.office.calendar,
                    ) {
                        Ok(e) => Preview::Instruction {
                            number,
                            leader: i.leader,
                            sense: i.sense,
                            deadline: e.deadline,
                            reopened: e.reopened,
                        },
                        Err(x) => Preview::Refused {
                            number,
                            failure: Failure::Instruction(x),
                        },
                    }
                })
                .into_iter()
                .collect();
            if let Overlay::Form(form) = &mut self.overlay {
                form.resolved = resolved;
            }
            return;
        }
        if let FormKind::AddMilestone { number, .. } = form.kind {
            // The due date as the save reads it, moved off a day off (顺延).
            let field = FieldId::MilestoneDue.code();
            let due = crate::domain::dates::parse_date_expr(
                field,
                form.value(FieldId::MilestoneDue),
                self.office.today(),
                &self.office.calendar,
            )
            .and_then(|d| crate::domain::dates::working_deadline(field, d, &self.office.calendar));
            let title = form.value(FieldId::MilestoneTitle).trim().to_string();
            let resolved = match due {
                Ok((due, _)) => vec![Preview::MilestoneAdded { number, due, title }],
                Err(_) => Vec::new(),
            };
            if let Overlay::Form(form) = &mut self.overlay {
                form.resolved = resolved;
            }
            return;
        }
        let FormKind::Decision {
            decision, targets, ..
        } = &form.kind
        else {
            return;
        };
        let today = self.office.today();
        let calendar = &self.office.calendar;
        // Each target once (a bulk decision may mark hundreds).
        let wanted: std::collections::HashSet<ItemNumber> =
            targets.iter().map(|(n, _)| *n).collect();
        let ids: Vec<i64> = wanted
            .iter()
            .filter_map(|&n| self.ranked_by_number(n))
            .map(|r| r.key.id)
            .collect();
        // Each item's deadline, source kind and status, as the save reads them (an annual key
        // work's year-end deadline stays in its year).
        type Facts = (Option<chrono::NaiveDate>, SourceKind, Status);
        let facts: std::collections::HashMap<ItemNumber, Facts> = self
            .office
            .store
            .rows_by_id(&ids)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.number, (r.deadline, r.source_kind, r.status)))
            .collect();
        let deadline = |n: ItemNumber| facts.get(&n).and_then(|f| f.0);
        let resolved: Vec<Preview> = match decision {
            Decision::Extension => {
                let field = FieldId::NewDeadline.code();
                let granted = form.value(FieldId::Grant) == "yes";
                match crate::domain::dates::DateExpr::parse(field, form.value(FieldId::NewDeadline))
                {
                    Ok(expr) => targets
                        .iter()
                        .filter_map(|(n, _)| {
                            let old = deadline(*n);
                            let kind = facts.get(n).map_or(SourceKind::Other, |f| f.1);
                            // As the save counts it: from the item's deadline, on a working day.
                            crate::domain::extension::new_deadline(
                                field, expr, old, kind, today, calendar,
                            )
                            .ok()
                            .map(|(new, _)| {
                                // The save's own checks of a request (a pending one aside):
                                // an item already late is refused before Enter, not after.
                                let status = facts.get(n).map_or(Status::InProgress, |f| f.2);
                                let refused = if status.is_running() {
                                    crate::domain::extension::check_request(old, today, new, false)
                                        .err()
                                } else {
                                    Some(crate::domain::extension::ExtensionRefusal::NotRunning {
                                        status: status.code().into(),
                                    })
                                };
                                match refused {
                                    Some(x) => Preview::Refused {
                                        number: *n,
                                        failure: Failure::Extension(x),
                                    },
                                    None => Preview::ExtensionAsked {
                                        number: *n,
                                        old,
                                        new,
                                        granted,
                                    },
                                }
                            })
                        })
                        .collect(),
                    Err(_) => Vec::new(),
                }
            }
            Decision::Snooze => match crate::domain::dates::parse_date_expr(
                FieldId::Until.code(),
                form.value(FieldId::Until),
                today,
                calendar,
            ) {
                Ok(until) => targets
                    .iter()
                    .map(|(n, _)| Preview::Snooze { number: *n, until })
                    .collect(),
                Err(_) => Vec::new(),
            },
            _ => return,
        };
        if let Overlay::Form(form) = &mut self.overlay {
            form.resolved = resolved;
        }
    }

    /// Keys while the triage queue is open: decisions, next and previous, marks, undo.
    fn update_triage(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Back | Action::Quit => {
                self.triage = None;
                self.marked.clear();
            }
            Action::Down => {
                if let Some(t) = &mut self.triage {
                    t.next();
                }
            }
            Action::Up => {
                if let Some(t) = &mut self.triage {
                    t.prev();
                }
            }
            Action::Decide(_)
            | Action::Complete
            | Action::DecideExtension(_)
            | Action::Commend
            | Action::Attach
            | Action::SaveAttachment
            | Action::Instruct
            | Action::ToggleMark
            | Action::Undo
            | Action::Redo
            | Action::Help
            | Action::Tick
            | Action::Resize(..) => {
                if matches!(action, Action::Tick) && self.others_committed()? {
                    // Keep the queue: refresh what the card and panes show.
                    self.reload()?;
                    self.notice = Some(Notice::Refreshed);
                } else if !matches!(action, Action::Tick) {
                    self.update_main(action)?;
                }
            }
            _ => {}
        }
        self.show_card();
        Ok(())
    }

    fn update_main(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Tick if self.others_committed()? || self.office.today() != self.today => {
                self.reload()?;
                self.notice = Some(Notice::Refreshed);
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.scroll_to_selection();
            }
            Action::FocusNext | Action::FocusPrev => {
                let i = Pane::ALL.iter().position(|p| *p == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext {
                    1
                } else {
                    Pane::ALL.len() - 1
                };
                self.focus = Pane::ALL[(i + step) % Pane::ALL.len()];
            }
            Action::Focus(p) => self.focus = p,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.navigate(&action),
            Action::Open => self.open(),
            Action::Back => {
                if self.detail_open {
                    self.detail_open = false;
                } else if self.filter.is_active() {
                    self.clear_filters();
                }
            }
            Action::Help => self.overlay = Overlay::Help,
            Action::StartFilter => {
                // A search finds finished items too: read them, and every item's text, once.
                self.load_finished()?;
                if self.ranked.first().is_some_and(|r| r.search.is_none()) {
                    self.load_search()?;
                }
                self.filter_editing = true;
                self.focus = Pane::Items;
                self.detail_open = false;
            }
            Action::CycleLight => {
                self.filter.light = match self.filter.light {
                    None => Some(WarningLight::Red),
                    Some(WarningLight::Red) => Some(WarningLight::Orange),
                    Some(WarningLight::Orange) => Some(WarningLight::Yellow),
                    Some(WarningLight::Yellow) => Some(WarningLight::Green),
                    Some(WarningLight::Green) => None,
                };
                self.refilter();
            }
            Action::CycleStatus => {
                // The open statuses, then the finished ones, then every item, then back to
                // the open items.
                let order: Vec<Status> = Status::ALL
                    .iter()
                    .copied()
                    .filter(|s| s.is_open())
                    .chain(Status::ALL.iter().copied().filter(|s| !s.is_open()))
                    .collect();
                (self.filter.status, self.filter.all) = match (self.filter.status, self.filter.all)
                {
                    (_, true) => (None, false),
                    (None, false) => (order.first().copied(), false),
                    (Some(s), false) => {
                        match order
                            .iter()
                            .position(|o| *o == s)
                            .and_then(|i| order.get(i + 1))
                        {
                            Some(next) => (Some(*next), false),
                            None => (None, true),
                        }
                    }
                };
                if self.filter.reaches_finished() {
                    self.load_finished()?;
                }
                self.refilter();
            }
            Action::CycleDept => {
                let ids = self.lead_departments();
                self.filter.dept = match self
                    .filter
                    .dept
                    .and_then(|d| ids.iter().position(|x| *x == d))
                {
                    None => ids.first().copied(),
                    Some(i) => ids.get(i + 1).copied(),
                };
                self.refilter();
            }
            Action::ClearFilters => self.clear_filters(),
            Action::AddItem => self.overlay = Overlay::Form(Box::new(Form::add_item())),
            Action::EditItem => {
                if let Some(d) = &self.detail {
                    self.overlay = Overlay::Form(Box::new(Form::edit_item(
                        &d.row,
                        &d.requirement,
                        &self.form_words,
                    )));
                } else {
                    self.notice = Some(Notice::NoItemSelected);
                }
            }
            Action::Commend => match &self.detail {
                Some(d) => {
                    self.overlay = Overlay::Form(Box::new(Form::commend(
                        d.row.number,
                        d.row.version,
                        &d.row.lead_department,
                        self.office.rules.commendation_points,
                    )));
                }
                None => self.notice = Some(Notice::NoItemSelected),
            },
            Action::Attach => match &self.detail {
                Some(d) => {
                    self.overlay =
                        Overlay::Form(Box::new(Form::attach(d.row.number, d.row.version)));
                }
                None => self.notice = Some(Notice::NoItemSelected),
            },
            Action::SaveAttachment => match &self.detail {
                Some(d) => match d.attachments.last() {
                    Some(last) => {
                        let which = d.attachments.len().to_string();
                        self.overlay = Overlay::Form(Box::new(Form::save_attachment(
                            d.row.number,
                            &which,
                            &last.name,
                        )));
                    }
                    None => self.notice = Some(Notice::NoAttachments(d.row.number)),
                },
                None => self.notice = Some(Notice::NoItemSelected),
            },
            Action::Instruct => match &self.detail {
                Some(d) => {
                    self.overlay = Overlay::Form(Box::new(Form::instruct(
                        d.row.number,
                        d.row.version,
                        d.row.move_from(),
                    )));
                }
                None => self.notice = Some(Notice::NoItemSelected),
            },
            // The focus stays where the form was opened from (the list): the panes beside it
            // show what is recorded, and `j`/`k` after Enter still move in the list.
            Action::Decide(d) => self.open_decision(d)?,
            Action::StartTriage => self.start_triage()?,
            Action::OpenReport => self.open_report()?,
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkAll => self.mark_all(),
            Action::Undo => self.undo(false)?,
            Action::Redo => self.undo(true)?,
            Action::Complete => self.complete()?,
            Action::DecideExtension(approve) => self.open_extension_decision(approve),
            Action::MoveMenu => match &self.detail {
                Some(d) => {
                    let moves = d.row.status.allowed_moves();
                    self.overlay = Overlay::MoveMenu(moves);
                }
                None => self.notice = Some(Notice::NoItemSelected),
            },
            Action::Milestones => self.open_milestones(),
            // No text field has the focus: a paste is text, never keys, so nothing takes it.
            Action::Paste(_) => {}
            _ => {}
        }
        Ok(())
    }

    fn navigate(&mut self, action: &Action) {
        let page = items_visible_rows(self.size.1).max(1);
        let step = |pos: usize, len: usize| -> usize {
            let last = len.saturating_sub(1);
            match action {
                Action::Up => pos.saturating_sub(1),
                Action::Down => (pos + 1).min(last),
                Action::PageUp => pos.saturating_sub(page),
                Action::PageDown => (pos + page).min(last),
                Action::Top => 0,
                Action::Bottom => last,
                _ => pos,
            }
        };
        if self.detail_open {
            self.detail_scroll = step(self.detail_scroll, usize::MAX);
            return;
        }
        match self.focus {
            Pane::Items => {
                self.selected = step(self.selected, self.view.len());
                self.scroll_to_selection();
            }
            Pane::Deadlines => self.agenda_selected = step(self.agenda_selected, self.agenda.len()),
            Pane::Feedback => {
                let n = self.detail.as_ref().map_or(0, |d| d.feedback.len());
                self.feedback_scroll = step(self.feedback_scroll, n);
            }
            Pane::Accountability => {
                let n = self.detail.as_ref().map_or(0, |d| {
                    d.notes.len() + d.commendations.len() + d.instructions.len()
                });
                self.notes_scroll = step(self.notes_scroll, n);
            }
        }
    }

    fn open(&mut self) {
        if self.focus == Pane::Deadlines {
            if let Some(line) = self.agenda.get(self.agenda_selected) {
                let number = line.number;
                if self.position_in_view(number).is_none() {
                    self.clear_filters();
                }
                if let Some(pos) = self.position_in_view(number) {
                    self.selected = pos;
                    self.scroll_to_selection();
                }
                self.focus = Pane::Items;
            }
        } else if self.selected_key().is_some() {
            self.detail_open = true;
            self.detail_scroll = 0;
        }
    }

    fn clear_filters(&mut self) {
        self.filter = Default::default();
        self.refilter();
    }

    fn refilter(&mut self) {
        let keep = self.selected_key().map(|k| k.number);
        self.rebuild_view(keep);
    }

    fn update_filter(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Input(c) => {
                let was_empty = self.filter.text.is_empty();
                self.filter.text.extend(c.to_lowercase());
                // The first character reaches the finished items too; later ones narrow.
                if was_empty {
                    self.refilter();
                } else {
                    self.narrow_view();
                }
                self.select_first_match();
            }
            Action::Paste(text) => {
                // The filter is one line: the first line of a paste (a filter records nothing,
                // and what it took is shown after the `/`).
                let unified = text.replace("\r\n", "\n").replace('\r', "\n");
                let first = unified.trim_start_matches('\n').split('\n').next();
                if let Ok(line) = super::form::pasted(first.unwrap_or(""), false) {
                    let was_empty = self.filter.text.is_empty();
                    self.filter.text.push_str(&line.to_lowercase());
                    if was_empty {
                        self.refilter();
                    } else {
                        self.narrow_view();
                    }
                    self.select_first_match();
                }
            }
            Action::Backspace => {
                self.filter.text.pop();
                self.refilter();
                self.select_first_match();
            }
            Action::Submit => self.filter_editing = false,
            Action::Back => {
                self.filter_editing = false;
                self.filter.text.clear();
                self.refilter();
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.navigate(&action),
            Action::Resize(w, h) => self.size = (w, h),
            Action::Tick => return self.update_main(Action::Tick),
            _ => {}
        }
        Ok(())
    }

    fn update_form(&mut self, action: Action) -> Result<()> {
        let Overlay::Form(form) = &mut self.overlay else {
            return Ok(());
        };
        // A refusal beside a field goes once the clerk changes that field: what stays on the
        // form is only what still has to be put right.
        let edits = matches!(
            action,
            Action::Input(_)
                | Action::Paste(_)
                | Action::Backspace
                | Action::Delete
                | Action::ClearField
                | Action::Left
                | Action::Right
        );
        if edits
            && let Some((Some(id), _)) = &form.error
            && form.fields.get(form.focus).is_some_and(|f| f.id == *id)
            && (!matches!(action, Action::Left | Action::Right)
                || form
                    .fields
                    .get(form.focus)
                    .is_some_and(|f| f.choices.is_some()))
        {
            form.error = None;
        }
        match action {
            Action::Back => self.overlay = super::milestones::form_parent(&form.kind),
            Action::Input(c) => {
                if let Some(f) = form.focused() {
                    f.input.insert(c);
                }
            }
            Action::Paste(text) => form.paste(&text),
            Action::Backspace => {
                if let Some(f) = form.focused() {
                    f.input.backspace();
                }
            }
            Action::Delete => {
                if let Some(f) = form.focused() {
                    f.input.delete();
                }
            }
            Action::ClearField => {
                if let Some(f) = form.focused().filter(|f| f.choices.is_none()) {
                    f.input.clear();
                }
            }
            Action::Left | Action::Right => {
                let step = if action == Action::Left { -1 } else { 1 };
                if let Some(f) = form.focused() {
                    if f.choices.is_some() {
                        f.cycle(step);
                    } else if step < 0 {
                        f.input.left();
                    } else {
                        f.input.right();
                    }
                }
                form.follow_format();
                form.follow_level(self.office.rules.score.deduction);
            }
            Action::Home => {
                if let Some(f) = form.focused() {
                    f.input.home();
                }
            }
            Action::End => {
                if let Some(f) = form.focused() {
                    f.input.end();
                }
            }
            Action::NextField if form.complete_path() => {}
            Action::NextField | Action::Down => form.next_field(),
            Action::PrevField | Action::Up => form.prev_field(),
            Action::Submit => {
                let form = (**form).clone();
                self.save(form)?;
            }
            Action::Resize(w, h) => self.size = (w, h),
            _ => {}
        }
        Ok(())
    }

    /// Saves a form in one transaction; on refusal the form stays open with the reason beside
    /// the field.
    fn save(&mut self, form: Form) -> Result<()> {
        let outcome: std::result::Result<(ItemNumber, Notice), Failure> = match &form.kind {
            FormKind::AddItem => self.save_new_item(&form),
            FormKind::EditItem {
                number, version, ..
            } => {
                let n = *number;
                let v = *version;
                edit_of(&form, self.office.rules.max_title_chars)
                    .map_err(Failure::from)
                    .and_then(|edit| {
                        self.office
                            .write(|w| w.edit_item(n, &edit, Some(v)))
                            .map(|changed| {
                                (
                                    n,
                                    if changed {
                                        Notice::Edited(n)
                                    } else {
                                        Notice::Nothing
                                    },
                                )
                            })
                            .map_err(Failure::from)
                    })
            }
            FormKind::Decision {
                decision, targets, ..
            } => {
                let (decision, targets) = (*decision, targets.clone());
                let saved = self.save_decision(decision, &targets, &form);
                return self.after_decision(&targets, saved);
            }
            FormKind::Report { targets } | FormKind::Review { targets } => {
                let review = matches!(form.kind, FormKind::Review { .. });
                let targets = targets.clone();
                let saved = self.save_completion(review, &targets, &form);
                return self.after_decision(&targets, saved);
            }
            FormKind::Export(_) => return self.save_export(&form),
            FormKind::AddMilestone { .. } => return self.save_milestone(&form),
            FormKind::MilestoneDone { .. } => return self.milestone_done(&form),
            FormKind::DecideExtension {
                number,
                version,
                approve,
                new,
                ..
            } => {
                let (n, v, approve, to) = (*number, *version, *approve, *new);
                let by = validate::line(
                    FieldId::ApprovedBy.code(),
                    form.value(FieldId::ApprovedBy),
                    100,
                );
                let saved = by
                    .map_err(crate::error::Error::from)
                    .and_then(|by| {
                        self.office.write(|w| {
                            w.check_version(&w.item(n)?, Some(v))?;
                            w.decide_extension_by(n, approve, Some(by.as_str()))
                        })
                    })
                    .map(|_| {
                        let outcome = if approve {
                            super::triage::Outcome::Extension { granted: true, to }
                        } else {
                            super::triage::Outcome::ExtensionRejected(to)
                        };
                        (vec![outcome], Notice::ExtensionDecided(n, approve))
                    })
                    .map_err(Failure::from);
                // Decided from a triage card, it is the card's decision.
                return self.after_decision(&[(n, v)], saved);
            }
            FormKind::Commend { number, version } => {
                let (n, v) = (*number, *version);
                super::input::commendation(
                    form.value(FieldId::Reason),
                    form.value(FieldId::Target),
                    form.value(FieldId::Points),
                    self.office.rules.commendation_points,
                )
                .map_err(Failure::from)
                .and_then(|c| {
                    self.office
                        .write(|w| w.add_commendation(n, &c, Some(v)))
                        .map(|_| (n, Notice::Commended(n)))
                        .map_err(Failure::from)
                })
            }
            FormKind::Attach { number, version } => {
                let (n, v) = (*number, *version);
                self.save_attach(n, v, &form)
            }
            FormKind::SaveAttachment { number } => self.save_attachment(*number, &form),
            FormKind::Instruct {
                number, version, ..
            } => {
                let (n, v) = (*number, *version);
                instruction_input(&form, self.office.today(), &self.office.calendar)
                    .map_err(Failure::from)
                    .and_then(|i| {
                        self.office
                            .write(|w| w.add_instruction(n, &i, Some(v)))
                            .map(|_| (n, Notice::Instructed(n)))
                            .map_err(Failure::from)
                    })
            }
            FormKind::Move {
                number,
                mv,
                version,
                ..
            } => {
                let (n, mv, v) = (*number, *mv, *version);
                let reason = if mv.needs_reason() {
                    super::decide::required_text("reason", form.value(FieldId::Reason)).map(Some)
                } else {
                    Ok(None)
                };
                let by = match mv {
                    Move::Acknowledge => Some(FieldId::SignedBy),
                    Move::Suspend => Some(FieldId::ApprovedBy),
                    _ => None,
                }
                .map(|f| crate::domain::validate::line(f.code(), form.value(f), 100))
                .transpose()
                .map(|b| b.filter(|b| !b.is_empty()));
                let reason = reason.and_then(|r| by.map(|b| (r, b)));
                reason.map_err(Failure::from).and_then(|(reason, by)| {
                    self.office
                        .write(|w| {
                            w.apply_move_by(n, mv, reason.as_deref(), by.as_deref(), Some(v))
                        })
                        .map(|to| (n, Notice::Moved(n, to)))
                        .map_err(Failure::from)
                })
            }
        };
        match outcome {
            Ok((n, notice)) => {
                self.overlay = Overlay::None;
                self.notice = Some(notice);
                self.refresh_item(n)?;
                if matches!(form.kind, FormKind::AddItem) {
                    self.select_number(n);
                }
            }
            Err(failure) => {
                if failure == Failure::Stale {
                    self.reload()?;
                    self.take_current_versions()?;
                }
                if let Overlay::Form(open) = &mut self.overlay {
                    open.refuse(match failure {
                        Failure::Stale => Failure::StaleKept,
                        other => other,
                    });
                }
            }
        }
        Ok(())
    }

    /// Closes a decision's form and records its outcomes, or keeps the form open with the refusal.
    fn after_decision(
        &mut self,
        targets: &[(ItemNumber, i64)],
        saved: std::result::Result<(Vec<super::triage::Outcome>, Notice), Failure>,
    ) -> Result<()> {
        match saved {
            Ok((outcomes, notice)) => {
                self.overlay = Overlay::None;
                self.notice = Some(notice);
                self.decided(targets, outcomes)
            }
            Err(failure) => {
                if failure == Failure::Stale {
                    self.reload()?;
                    self.take_current_versions()?;
                }
                if let Overlay::Form(open) = &mut self.overlay {
                    open.refuse(match failure {
                        Failure::Stale => Failure::StaleKept,
                        other => other,
                    });
                }
                Ok(())
            }
        }
    }

    /// After a save refused because another clerk changed an item since the form opened: the
    /// form keeps what was typed and now saves against the items as they are (the rules check
    /// it afresh), so that Enter again records it once the clerk has looked.
    pub(super) fn take_current_versions(&mut self) -> Result<()> {
        let Overlay::Form(form) = &mut self.overlay else {
            return Ok(());
        };
        for (number, version) in form.expected_versions() {
            match self.office.store.item_detail(number) {
                Ok(detail) => *version = detail.row.version,
                Err(crate::error::Error::NoSuchItem(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn save_new_item(&mut self, form: &Form) -> std::result::Result<(ItemNumber, Notice), Failure> {
        let typed = item_input(form);
        let (new, postponed) = typed.check_and_tell(
            self.office.today(),
            &self.office.calendar,
            &self.office.rules,
        )?;
        let n = self.office.write(|w| w.add_item(&new))?;
        self.departments = self.office.store.department_ids()?;
        let notice = match postponed {
            Some(p) => Notice::Postponed(Box::new(Notice::Added(n)), p),
            None => Notice::Added(n),
        };
        Ok((n, notice))
    }
}

/// The add form's fields as the command line's `add` takes them.
fn item_input(form: &Form) -> ItemInput {
    ItemInput {
        title: form.value(FieldId::Title).into(),
        lead: form.value(FieldId::Lead).into(),
        owner: form.value(FieldId::Owner).into(),
        co: form.value(FieldId::Co).into(),
        source_kind: form.value(FieldId::Source).into(),
        source_ref: form.value(FieldId::Ref).into(),
        instruction: form.value(FieldId::Instruction).into(),
        leader: form.value(FieldId::Leader).into(),
        requirement: form.value(FieldId::Requirement).into(),
        due: form.value(FieldId::Due).into(),
        no_deadline_reason: form.value(FieldId::NoDeadlineReason).into(),
        cadence: form.value(FieldId::Cadence).into(),
        flags: form.value(FieldId::Flags).into(),
        urgent: form.value(FieldId::Urgent) == "yes",
    }
}

/// A leader's instruction as the form holds it, checked as the command line checks it.
fn instruction_input(
    form: &Form,
    today: chrono::NaiveDate,
    calendar: &crate::domain::WorkCalendar,
) -> Result<crate::store::NewInstruction, crate::domain::validate::InputError> {
    super::input::instruction(
        form.value(FieldId::Leader),
        form.value(FieldId::Sense),
        form.value(FieldId::InstructionText),
        form.value(FieldId::RequiredBy),
        today,
        calendar,
    )
}

impl<S: crate::store::Backend> App<S> {
    fn choose_move(&mut self, mv: Move) -> Result<()> {
        let Some((n, v)) = self.detail.as_ref().map(|d| (d.row.number, d.row.version)) else {
            self.notice = Some(Notice::NoItemSelected);
            return Ok(());
        };
        let Some(row) = self.detail.as_ref().map(|d| &d.row) else {
            return Ok(());
        };
        let form = match crate::domain::lifecycle::apply(row.status, mv, row.suspended_from) {
            Err(refused) => {
                self.notice = Some(Notice::Failed(Failure::IllegalMove(refused)));
                return Ok(());
            }
            // A submission comes with its completion report, a review with its verdict: the
            // same forms as `d` in triage.
            Ok(_) if mv == Move::Submit => Form::report(vec![(n, v)], &row.owner),
            Ok(_) if matches!(mv, Move::Approve | Move::Return) => {
                let mut form = Form::review(vec![(n, v)]);
                if mv == Move::Return {
                    form.set(FieldId::Verdict, "return");
                }
                form
            }
            Ok(to) => {
                let clock = crate::domain::timing::ClockDates {
                    deadline: row.deadline,
                    suspended_on: row.suspended_on,
                    resumed_on: row.resumed_on,
                    submitted_on: row.submitted_on,
                };
                let shift = crate::domain::timing::on_move(
                    mv,
                    &clock,
                    self.office.today(),
                    &self.office.calendar,
                )
                .deadline;
                Form::move_confirm(n, mv, v, row.status, to, shift)
            }
        };
        self.overlay = Overlay::Form(Box::new(form));
        Ok(())
    }

    fn select_number(&mut self, n: ItemNumber) {
        if self.position_in_view(n).is_none() {
            self.clear_filters();
        }
        if let Some(pos) = self.position_in_view(n) {
            self.selected = pos;
            self.scroll_to_selection();
        }
    }
}

/// The edit form's fields, checked.
fn edit_of(form: &Form, max_title: usize) -> std::result::Result<ItemEdit, InputError> {
    let cadence = Cadence::parse_field("cadence", form.value(FieldId::Cadence))?;
    let flags = Flags::parse(form.value(FieldId::Flags))?;
    let urgent = match form.value(FieldId::Urgent) {
        "yes" => true,
        "no" => false,
        other => {
            return Err(InputError::new(
                "urgent",
                Problem::UnknownCode {
                    accepted: "yes, no".into(),
                    got: other.into(),
                },
            ));
        }
    };
    Ok(ItemEdit {
        title: validate::required_line("title", form.value(FieldId::Title), max_title)?,
        requirement: validate::text("requirement", form.value(FieldId::Requirement), 10_000)?,
        owner: validate::line("owner", form.value(FieldId::Owner), 100)?,
        source_ref: validate::line("ref", form.value(FieldId::Ref), 200)?,
        flags,
        urgent,
        cadence,
    })
}

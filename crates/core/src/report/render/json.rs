//! The bulletin's and the assessment's figures as data (README "JSON formats"): codes, not
//! words, so the shape is the same in either language. Rates are percentages with one
//! decimal, `null` when the denominator is empty. The bulletin's sections come in the order of
//! its [outline](super::outline).

use serde_json::{Value, json};

use super::words::Section;
use super::{Context, Document, outline, rounded, words};
use crate::report::figures::Tally;
use crate::report::score::ScoreReason;
use crate::report::{Period, Scores};

fn tally(t: &Tally) -> Value {
    json!({
        "in_scope": t.in_scope(),
        "new_in_period": t.new_in_period,
        "carried_over": t.carried_over,
        "completed": t.completed(),
        "on_time": t.on_time,
        "late": t.late,
        "completed_no_deadline": t.completed_no_deadline,
        "awaiting_review": t.awaiting_review(),
        "reported_on_time": t.reported_on_time,
        "reported_late": t.reported_late,
        "in_progress": t.in_progress(),
        "open_not_due": t.open_not_due,
        "open_overdue": t.open_overdue,
        "open_overdue_suspended": t.open_overdue_suspended,
        "open_no_deadline": t.open_no_deadline,
        "suspended": t.suspended,
        "cancelled": t.cancelled,
        "on_time_rate": rounded(t.on_time_rate()),
        "completion_rate": rounded(t.completion_rate()),
        "overdue_rate": rounded(t.overdue_rate()),
        "working_days_late": t.working_days_late,
        "average_working_days_late": rounded(t.average_working_days_late()),
        "notes_by_level": crate::domain::Level::ALL
            .iter()
            .zip(t.notes_by_level)
            .map(|(l, n)| (l.code().to_string(), json!(n)))
            .collect::<serde_json::Map<_, _>>(),
        "commendations": t.commendations,
        "missed_feedbacks": t.missed_feedbacks,
        "unacknowledged": t.unacknowledged,
    })
}

/// A row: its key, then its figures.
fn keyed(key: &str, t: &Tally) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("key".into(), json!(key));
    if let Value::Object(figures) = tally(t) {
        m.extend(figures);
    }
    Value::Object(m)
}

fn period(p: &Period, ctx: &Context<'_>) -> Value {
    json!({
        "kind": ctx.kind.map(|k| k.code()),
        "from": p.from,
        "to": p.to,
        "as_of": p.end(),
    })
}

/// Every day of the calendar by year: what a bulletin's working days were counted with.
fn calendar(cal: &crate::domain::WorkCalendar) -> Value {
    let years: serde_json::Map<String, Value> = cal
        .notices()
        .into_iter()
        .map(|(year, n)| {
            (
                year.to_string(),
                json!({
                    "notice_loaded": cal.covers_year(year),
                    "days_off": n.off.keys().collect::<Vec<_>>(),
                    "workdays": n.work.keys().collect::<Vec<_>>(),
                }),
            )
        })
        .collect();
    Value::Object(years)
}

fn basis(ctx: &Context<'_>) -> Value {
    let mut basis = basis_without_head(ctx);
    if let (Some(h), Value::Object(m)) = (ctx.record_head, &mut basis) {
        m.insert(
            "record_head".into(),
            json!({"hash": h.hash, "events": h.events}),
        );
    }
    basis
}

fn basis_without_head(ctx: &Context<'_>) -> Value {
    let w = &ctx.rules.score;
    json!({
        "calendar_years": ctx.calendar.years().collect::<Vec<_>>(),
        "score_weights": {
            "base": w.base,
            "cap": w.cap,
            "on_time_lead": w.on_time_lead,
            "on_time_co": w.on_time_co,
            "late_lead": w.late_lead,
            "late_co": w.late_co,
            "criticism": w.criticism,
            "deduction": w.deduction,
            "affirmative_instruction": w.affirmative_instruction,
            "commendation": ctx.rules.commendation_points,
        },
        "rules_fingerprint": words::fingerprint(ctx),
        "rules": crate::domain::rule_keys::values(ctx.rules),
        "calendar": calendar(ctx.calendar),
    })
}

fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

/// The key under which a section's figures are, in the order the documents print them
/// ([`outline`]); the summary's figures are the total.
pub fn section_key(s: Section) -> &'static str {
    match s {
        Section::Summary => "total",
        Section::Table => "rows",
        Section::Sources => "sources",
        Section::Overdue => "overdue",
        Section::Actions => "actions",
        Section::Ranking => "ranking",
        Section::Chart => "chart",
        Section::Basis => "basis",
        Section::Scores => "departments",
        Section::Explanations => "lines",
    }
}

/// A section's figures.
fn section(doc: &Document, s: Section) -> Value {
    let b = &doc.bulletin;
    match s {
        Section::Summary => tally(&b.total),
        Section::Table => json!(
            b.rows
                .iter()
                .map(|r| keyed(&r.key, &r.tally))
                .collect::<Vec<_>>()
        ),
        Section::Sources => json!(
            doc.sources
                .iter()
                .map(|s| json!({
                    "source_ref": s.source_ref,
                    "source_kind": s.kind.code(),
                    "in_scope": s.tally.in_scope(),
                    "completed": s.tally.completed(),
                    "awaiting_review": s.tally.awaiting_review(),
                    "in_progress": s.tally.in_progress(),
                    "open_overdue": s.tally.open_overdue,
                    "suspended": s.tally.suspended,
                    "cancelled": s.tally.cancelled,
                    "completion_rate": rounded(s.tally.completion_rate()),
                }))
                .collect::<Vec<_>>()
        ),
        Section::Ranking => json!(
            b.ranking
                .iter()
                .zip(b.places())
                .map(|(r, place)| json!({
                    "rank": place.rank(),
                    "department": r.key,
                    "on_time_rate": rounded(r.tally.on_time_rate()),
                    "open_overdue": r.tally.open_overdue,
                }))
                .collect::<Vec<_>>()
        ),
        Section::Overdue => json!(
            b.overdue
                .iter()
                .map(|o| json!({
                    "number": o.number.to_string(),
                    "title": o.title,
                    "lead_department": o.lead,
                    "owner": o.owner,
                    "working_days_late": o.working_days_late,
                    "suspended": o.suspended,
                }))
                .collect::<Vec<_>>()
        ),
        Section::Actions => json!(
            b.actions
                .iter()
                .map(|a| json!({
                    "on_date": a.on_date,
                    "number": a.number.to_string(),
                    "title": a.title,
                    "kind": if a.level.is_some() { "note" } else { "commendation" },
                    "level": a.level.map(|l| l.code()),
                    "target": a.target,
                    "reason": a.reason,
                    "requirement": a.requirement,
                    "points": a.points,
                }))
                .collect::<Vec<_>>()
        ),
        Section::Chart | Section::Basis | Section::Scores | Section::Explanations => Value::Null,
    }
}

/// The leaders' instructions recorded in the period, oldest first.
fn instructions(b: &crate::report::Bulletin) -> Value {
    json!(
        b.instructions
            .iter()
            .map(|i| json!({
                "on_date": i.on_date,
                "number": i.number.to_string(),
                "title": i.title,
                "lead_department": i.lead,
                "leader": i.leader,
                "sense": i.sense.code(),
                "text": i.text,
                "deadline": i.deadline,
            }))
            .collect::<Vec<_>>()
    )
}

/// The bulletin's figures: the period, the grouping and the office, then each section's figures
/// in the documents' order, then the basis.
pub fn bulletin(doc: &Document, ctx: &Context<'_>) -> String {
    let b = &doc.bulletin;
    let mut m = serde_json::Map::new();
    m.insert("period".into(), period(&b.period, ctx));
    m.insert("group_by".into(), json!(b.group_by.code()));
    m.insert("office".into(), json!(ctx.office));
    for part in outline::bulletin(doc, ctx).parts {
        m.insert(section_key(part.section).into(), section(doc, part.section));
        if part.section == Section::Actions {
            // The leaders' instructions, listed in the actions section after the notes.
            m.insert("instructions".into(), instructions(b));
        }
    }
    m.insert("basis".into(), basis(ctx));
    pretty(&Value::Object(m))
}

fn reason(r: ScoreReason) -> (&'static str, Option<&'static str>) {
    match r {
        ScoreReason::OnTimeLead => ("on_time_lead", None),
        ScoreReason::OnTimeCo => ("on_time_co", None),
        ScoreReason::LateLead => ("late_lead", None),
        ScoreReason::LateCo => ("late_co", None),
        ScoreReason::OverdueLead => ("overdue_lead", None),
        ScoreReason::OverdueCo => ("overdue_co", None),
        ScoreReason::Note(l) => ("note", Some(l.code())),
        ScoreReason::CompletedLead => ("completed_lead", None),
        ScoreReason::CompletedCo => ("completed_co", None),
        ScoreReason::Criticism => ("criticism", None),
        ScoreReason::Deduction => ("deduction", None),
        ScoreReason::Commendation => ("commendation", None),
        ScoreReason::AffirmativeInstruction => ("affirmative_instruction", None),
        ScoreReason::Bounded => ("bounded", None),
    }
}

/// The assessment's figures.
pub fn scores(s: &Scores, p: &Period, ctx: &Context<'_>) -> String {
    let v = json!({
        "year": chrono::Datelike::year(&p.from),
        "period": period(p, ctx),
        "office": ctx.office,
        "base": s.base,
        "departments": s.departments.iter().map(|d| json!({
            "rank": d.place.rank(),
            "department": d.department,
            "score": d.score,
            "lines": d.lines.iter().map(|l| {
                let (code, level) = reason(l.reason);
                json!({
                    "number": l.number.map(|n| n.to_string()),
                    "reason": code,
                    "level": level,
                    "points": l.points,
                })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "basis": basis(ctx),
    });
    pretty(&v)
}

//! The bulletin (督办通报) as a Word document.

use std::collections::BTreeMap;

use super::{Cell, Official};
use crate::domain::history::Recorded;
use crate::domain::item::SourceKind;
use crate::domain::{Rules, WorkCalendar};
use crate::error::Result;
use crate::report::figures::{Bulletin, GroupBy, Row, Tally, rows_by, shown_rate};
use crate::report::judge::{ItemsAtEnd, with_items};
use crate::report::period::Period;
use crate::report::wording::{date, document_number, period_lines, period_name, provenance};
use crate::ui::Lang;

/// One source (a meeting, a document, an instruction, by its reference) and its counts, with the
/// kind of source its items were registered as, which decides how the bulletin words it
/// ("第6次常务会议议定事项6项").
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub key: String,
    pub kind: Option<SourceKind>,
    pub tally: Tally,
}

/// The period's figures per source, for the bulletin's per-source sentences: the rows of the
/// bulletin grouped by source, each with the kind most of its items have.
pub fn source_rows(
    events: &[Recorded],
    period: Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Vec<SourceRow> {
    source_rows_from(
        &ItemsAtEnd::replayed(events, period.end()),
        period,
        cal,
        rules,
    )
}

/// [`source_rows`] from the items as they stood at the end of `period` (replayed, or as stored
/// for a period ending today).
pub fn source_rows_from(
    items: &ItemsAtEnd,
    period: Period,
    cal: &WorkCalendar,
    rules: &Rules,
) -> Vec<SourceRow> {
    with_items(items, &period, cal, rules, |judged| {
        let mut kinds: BTreeMap<String, BTreeMap<usize, (u32, SourceKind)>> = BTreeMap::new();
        for j in judged {
            let i = SourceKind::ALL
                .iter()
                .position(|k| *k == j.item.source_kind)
                .unwrap_or(0);
            let e = kinds
                .entry(j.source_ref.to_string())
                .or_default()
                .entry(i)
                .or_insert((0, j.item.source_kind));
            e.0 += 1;
        }
        rows_by(judged, &[], &period, GroupBy::Source)
            .into_iter()
            .map(|Row { key, tally }| SourceRow {
                kind: kinds
                    .get(&key)
                    .and_then(|m| m.values().max_by_key(|(n, _)| *n))
                    .map(|(_, k)| *k),
                key,
                tally,
            })
            .collect()
    })
}

/// The heading numbers of a Chinese document: 一、二、…
fn ordinal(i: usize, lang: Lang) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang {
        Lang::Zh => format!("{}、", ZH.get(i).copied().unwrap_or("")),
        Lang::En => format!("{}. ", i + 1),
    }
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The summary sentence: items in scope, every class that has an item (so the parts add up to
/// the whole), and the rates; the same sentence as every other format's.
pub fn summary_sentence(t: &Tally, lang: Lang) -> String {
    crate::report::render::words::summary(lang, t)
}

/// What a source's items are called: a meeting's decisions, a document's tasks, …
fn source_items(kind: Option<SourceKind>, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, Some(SourceKind::Meeting)) => "议定事项",
        (Lang::Zh, Some(SourceKind::Document)) => "部署事项",
        (Lang::Zh, Some(SourceKind::Instruction)) => "批示事项",
        (Lang::Zh, Some(SourceKind::Superior)) => "交办事项",
        (Lang::Zh, Some(SourceKind::Proposal)) => "建议提案",
        (Lang::Zh, Some(SourceKind::Complaint)) => "群众诉求",
        (Lang::Zh, Some(SourceKind::AnnualKeyWork)) => "重点工作",
        (Lang::Zh, _) => "督办事项",
        (Lang::En, Some(SourceKind::Meeting)) => "decided",
        (Lang::En, Some(SourceKind::Document)) => "assigned",
        (Lang::En, Some(SourceKind::Instruction)) => "gave instructions on",
        (Lang::En, _) => "accounts for",
    }
}

/// One source's sentence: "第6次常务会议议定事项6项：办结4项，在办1项，办结率80.0%".
pub fn source_sentence(s: &SourceRow, lang: Lang) -> String {
    let t = &s.tally;
    let name = if s.key.is_empty() {
        pick(lang, "未登记来源文号的", "Items with no source reference").to_string()
    } else {
        s.key.clone()
    };
    let items = source_items(s.kind, lang);
    // A reference that already names its kind ("2026年第12号建议", "…提案") is not followed by
    // the kind again ("…建议建议提案"): its items are 事项.
    let named = |w: Option<&str>| w.is_some_and(|w| name.ends_with(w));
    let items = match lang {
        Lang::Zh if items != "事项" && (named(items.get(..6)) || named(items.get(6..))) => "事项",
        _ => items,
    };
    match lang {
        Lang::Zh => format!(
            "{name}{items}{}项：办结{}项{}，在办{}项{}{}{}，办结率{}。",
            t.in_scope(),
            t.completed(),
            if t.awaiting_review() > 0 {
                format!("，待审核{}项", t.awaiting_review())
            } else {
                String::new()
            },
            t.in_progress(),
            if t.overdue_open() > 0 {
                format!("（其中超时未办{}项）", t.overdue_open())
            } else {
                String::new()
            },
            if t.suspended > 0 {
                format!("，中止{}项", t.suspended)
            } else {
                String::new()
            },
            if t.cancelled > 0 {
                format!("，撤销{}项", t.cancelled)
            } else {
                String::new()
            },
            shown_rate(t.completion_rate()),
        ),
        Lang::En => format!(
            "{name} {items} {} items: {} completed{}, {} in progress{}{}{}; completion rate {}.",
            t.in_scope(),
            t.completed(),
            if t.awaiting_review() > 0 {
                format!(", {} awaiting review", t.awaiting_review())
            } else {
                String::new()
            },
            t.in_progress(),
            if t.overdue_open() > 0 {
                format!(" ({} overdue)", t.overdue_open())
            } else {
                String::new()
            },
            if t.suspended > 0 {
                format!(", {} suspended", t.suspended)
            } else {
                String::new()
            },
            if t.cancelled > 0 {
                format!(", {} cancelled", t.cancelled)
            } else {
                String::new()
            },
            shown_rate(t.completion_rate()),
        ),
    }
}

/// The columns of a table of tallies, as every format prints them
/// ([`TALLY_COLS`](crate::report::render::TALLY_COLS)).
fn tally_head(first: &str, lang: Lang) -> Vec<String> {
    std::iter::once(first.to_string())
        .chain(
            crate::report::render::TALLY_COLS
                .iter()
                .map(|c| crate::report::render::words::short_col(lang, *c).to_string()),
        )
        .collect()
}

fn tally_cells(key: &str, t: &Tally) -> Vec<Cell> {
    std::iter::once(Cell::left(key))
        .chain(
            crate::report::render::tally_cells(t)
                .into_iter()
                .map(Cell::center),
        )
        .collect()
}

fn tally_table(
    doc: &mut Official,
    first: &str,
    rows: &[(String, &Tally)],
    total: &Tally,
    lang: Lang,
) {
    let head = tally_head(first, lang);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut cells: Vec<Vec<Cell>> = rows.iter().map(|(k, t)| tally_cells(k, t)).collect();
    cells.push(tally_cells(pick(lang, "合计", "Total"), total));
    doc.table(&[12, 8, 8, 8, 8, 8, 8, 8, 10, 11, 11], &head, &cells);
}

fn group_name(g: GroupBy, lang: Lang) -> &'static str {
    match g {
        GroupBy::Department => pick(lang, "承办单位", "Department"),
        GroupBy::Source => pick(lang, "来源", "Source"),
        GroupBy::SourceKind => pick(lang, "来源类别", "Source kind"),
        GroupBy::CoDepartment => pick(lang, "配合单位", "Co-department"),
    }
}

/// The bulletin as a Word document, in the official layout: the title and period, the summary
/// sentence, the department table (and the table of `b.group_by` when it is not departments),
/// one sentence per source (`sources`, from [`source_rows`]; none when empty), the overdue
/// items, the period's accountability actions and commendations, the ranking, and the as-of
/// date, calendar and rules the figures came from. The issuing `office`, when named, is printed
/// under the title (as the other formats print it) and signed at the foot above the date (落款).
pub fn bulletin_docx(
    b: &Bulletin,
    sources: &[SourceRow],
    lang: Lang,
    cal: &WorkCalendar,
    rules: &Rules,
    office: Option<&str>,
) -> Result<Vec<u8>> {
    let mut doc = Official::new(b.period.end());
    let period = period_name(&b.period, lang);
    doc.title(&match lang {
        Lang::Zh => format!("督办通报（{period}）"),
        Lang::En => format!("Supervision bulletin ({period})"),
    });
    doc.blank();
    if let Some(office) = office {
        doc.subtitle(&crate::report::render::words::issued_by(lang, office));
    }
    for line in period_lines(&b.period, lang) {
        doc.subtitle(&line);
    }
    doc.blank();
    doc.para(&summary_sentence(&b.total, lang));

    let mut section = 0;
    let mut heading = |doc: &mut Official, zh: &str, en: &str| {
        doc.heading(&format!("{}{}", ordinal(section, lang), pick(lang, zh, en)));
        section += 1;
    };

    heading(&mut doc, "各单位办理情况", "By department");
    // The ranking holds every lead department's tally; the table lists them by name.
    let mut departments: Vec<(String, &Tally)> = b
        .ranking
        .iter()
        .map(|r| (r.key.clone(), &r.tally))
        .collect();
    departments.sort_by(|a, b| a.0.cmp(&b.0));
    if departments.is_empty() {
        doc.para(pick(lang, "本期无督办事项。", "No items this period."));
    } else {
        tally_table(
            &mut doc,
            group_name(GroupBy::Department, lang),
            &departments,
            &b.total,
            lang,
        );
    }

    if !matches!(b.group_by, GroupBy::Department | GroupBy::Source) {
        heading(
            &mut doc,
            &format!("按{}统计", group_name(b.group_by, lang)),
            &format!("By {}", group_name(b.group_by, lang).to_lowercase()),
        );
        let rows: Vec<(String, &Tally)> = b
            .rows
            .iter()
            .map(|r| {
                let key = match b.group_by {
                    GroupBy::SourceKind => SourceKind::from_code(&r.key)
                        .map_or_else(|| r.key.clone(), |k| lang.source(k).to_string()),
                    _ => r.key.clone(),
                };
                (key, &r.tally)
            })
            .collect();
        tally_table(
            &mut doc,
            group_name(b.group_by, lang),
            &rows,
            &b.total,
            lang,
        );
    }

    if !sources.is_empty() {
        heading(&mut doc, "各会议、文件和批示事项办理情况", "By source");
        for s in sources {
            doc.para(&source_sentence(s, lang));
        }
    }

    heading(&mut doc, "超时未办事项", "Overdue items");
    if b.overdue.is_empty() {
        doc.para(pick(lang, "本期无超时未办事项。", "No item is overdue."));
    } else {
        let head = match lang {
            Lang::Zh => ["编号", "事项", "牵头单位", "责任人", "超期工作日"],
            Lang::En => ["Number", "Item", "Lead", "Owner", "Working days late"],
        };
        let rows: Vec<Vec<Cell>> = b
            .overdue
            .iter()
            .map(|o| {
                vec![
                    Cell::center(document_number(o.number, lang)),
                    Cell::left(crate::report::render::words::overdue_title(
                        lang,
                        &o.title,
                        o.suspended,
                    )),
                    Cell::left(o.lead.clone()),
                    Cell::center(o.owner.clone()),
                    Cell::center(o.working_days_late.to_string()),
                ]
            })
            .collect();
        // The document number and the days late never wrap.
        doc.table(&[27, 27, 21, 10, 15], &head, &rows);
    }

    heading(
        &mut doc,
        "责任追究和通报表扬",
        "Accountability and commendations",
    );
    if b.actions.is_empty() {
        doc.para(pick(
            lang,
            "本期无催办问责和通报表扬记录。",
            "No urging, accountability or commendation this period.",
        ));
    } else {
        let head = match lang {
            Lang::Zh => ["日期", "编号", "对象", "措施", "事由及要求"],
            Lang::En => [
                "Date",
                "Number",
                "Target",
                "Action",
                "Reason and correction",
            ],
        };
        let rows: Vec<Vec<Cell>> = b
            .actions
            .iter()
            .map(|a| {
                let action = match a.level {
                    Some(l) => lang.level(l).to_string(),
                    None => pick(lang, "通报表扬", "commendation").to_string(),
                };
                let action = match a.points {
                    Some(p) if p != 0.0 => match lang {
                        Lang::Zh => format!("{action}（{p:+}）"),
                        Lang::En => format!("{action} ({p:+})"),
                    },
                    _ => action,
                };
                let mut why = a.reason.clone();
                if !a.requirement.trim().is_empty() {
                    why.push_str(pick(lang, "；要求：", "; correction: "));
                    why.push_str(&a.requirement);
                }
                vec![
                    Cell::center(a.on_date.format("%m-%d").to_string()),
                    Cell::center(document_number(a.number, lang)),
                    Cell::left(a.target.clone()),
                    Cell::center(action),
                    Cell::left(why),
                ]
            })
            .collect();
        doc.table(&[10, 27, 17, 16, 30], &head, &rows);
    }

    heading(&mut doc, "排名", "Ranking");
    let ranked = b.ranked();
    if b.ranking.is_empty() {
        doc.para(pick(lang, "本期无排名。", "No ranking this period."));
    } else if !ranked.is_empty() {
        let head = match lang {
            Lang::Zh => ["名次", "承办单位", "按时办结率", "超时未办数"],
            Lang::En => ["Rank", "Department", "On-time rate", "Overdue"],
        };
        let rows: Vec<Vec<Cell>> = ranked
            .into_iter()
            .map(|(rank, r)| {
                vec![
                    Cell::center(rank.to_string()),
                    Cell::left(r.key.clone()),
                    Cell::center(shown_rate(r.tally.on_time_rate())),
                    Cell::center(r.tally.overdue_open().to_string()),
                ]
            })
            .collect();
        doc.table(&[12, 40, 24, 24], &head, &rows);
    }
    let not_ranked = b.not_ranked();
    if !not_ranked.is_empty() {
        doc.para(&crate::report::render::words::not_ranked(lang, &not_ranked));
    }

    doc.para(&provenance(&b.period, cal, rules, lang));
    doc.para(&crate::report::wording::thresholds(rules, lang));
    doc.para(&crate::report::wording::weights(rules, lang));
    doc.blank();
    if let Some(office) = office {
        doc.right(office);
    }
    doc.right(&date(b.period.end(), lang));
    doc.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, kind: SourceKind) -> SourceRow {
        SourceRow {
            key: key.into(),
            kind: Some(kind),
            tally: Tally::default(),
        }
    }

    #[test]
    fn a_source_sentence_never_doubles_a_word_its_reference_already_says() {
        for (key, kind, start) in [
            (
                "2026年第12号建议",
                SourceKind::Proposal,
                "2026年第12号建议事项0项",
            ),
            (
                "2026年第5号提案",
                SourceKind::Proposal,
                "2026年第5号提案事项0项",
            ),
            (
                "市人大代表意见",
                SourceKind::Proposal,
                "市人大代表意见建议提案0项",
            ),
            (
                "第6次常务会议",
                SourceKind::Meeting,
                "第6次常务会议议定事项0项",
            ),
            ("市长批示", SourceKind::Instruction, "市长批示事项0项"),
        ] {
            let s = source_sentence(&row(key, kind), Lang::Zh);
            assert!(s.starts_with(start), "{s}");
        }
    }
}

//! The detail view (history in words, milestones, wrapped Chinese), the milestone panel (`M`)
//! and the deadlines pane (every section at once), drawn off-screen with the clock and size
//! fixed and driven by keys through the real keymap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keys;
use keys::{plain, press, screen};

use chrono::{NaiveDate, NaiveDateTime};
use duban::app::input::ItemInput;
use duban::app::state::Overlay;
use duban::app::{App, Office, Pane};
use duban::clock::Clock;
use duban::domain::item::{FeedbackKind, ItemNumber};
use duban::domain::{Level, Move};
use duban::store::{NewFeedback, NewNote, Records, Store};
use duban::ui::Lang;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

const TODAY: &str = "2026-11-25 09:30";

const REQUIREMENT: &str = "请于年底前完成老旧小区改造项目的立项审批、资金拨付和开工准备。已完成的，\
    报送办结报告；未完成的，说明原因、提出整改措施（含时间表），并由分管领导签字确认。";

/// Registers, assigns and starts an item on `when`.
fn started(office: &mut Office, when: &str, title: &str, due: &str, cadence: &str) -> ItemNumber {
    office.clock = Clock::Frozen(at(when));
    let item = ItemInput {
        title: title.into(),
        lead: "住建局".into(),
        owner: "王强".into(),
        due: due.into(),
        cadence: cadence.into(),
        requirement: REQUIREMENT.into(),
        ..ItemInput::default()
    }
    .check(office.today(), &office.calendar, &office.rules)
    .unwrap();
    office
        .write(|w| {
            let n = w.add_item(&item)?;
            w.apply_move(n, Move::Assign, None, None)?;
            w.apply_move(n, Move::Start, None, None)?;
            Ok(n)
        })
        .unwrap()
}

/// An office on 2026-11-25 with something in every section of the deadlines pane: many items
/// overdue (one since last year), one due today, one this week, one next week, a weekly item
/// whose feedback is missed, and an item with milestones, feedback, a note and a returned
/// report.
fn office() -> (Office, ItemNumber) {
    let mut o = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(at(TODAY)),
        "督查员".into(),
    );
    started(
        &mut o,
        "2025-11-03 09:00",
        "去年的道路修缮事项",
        "2025-11-12",
        "once",
    );
    for k in 0..9 {
        started(
            &mut o,
            "2026-10-09 10:00",
            &format!("超期事项{k}"),
            &format!("2026-11-{:02}", 10 + k),
            "once",
        );
    }
    started(
        &mut o,
        "2026-11-02 10:00",
        "今日到期的安全检查",
        "2026-11-25",
        "once",
    );
    started(
        &mut o,
        "2026-11-02 10:00",
        "本周到期的消防整改",
        "2026-11-27",
        "once",
    );
    started(
        &mut o,
        "2026-11-02 10:00",
        "下周到期的河道清理",
        "2026-12-02",
        "once",
    );
    started(
        &mut o,
        "2026-10-12 10:00",
        "每周报送的防汛工作",
        "2026-12-30",
        "weekly",
    );
    let n = started(
        &mut o,
        "2026-11-02 10:00",
        "老旧小区改造立项审批",
        "2026-12-18",
        "staged",
    );
    o.clock = Clock::Frozen(at("2026-11-03 11:00"));
    o.write(|w| {
        w.add_milestone(n, "完成立项审批", day("2026-11-20"))?;
        w.add_milestone(n, "资金拨付到位", day("2026-11-24"))?;
        w.add_milestone(n, "开工准备完成，报送开工报告", day("2026-12-10"))
    })
    .unwrap();
    o.clock = Clock::Frozen(at("2026-11-20 15:00"));
    o.write(|w| w.complete_milestone(n, 1)).unwrap();
    o.write(|w| {
        w.add_feedback(
            n,
            &NewFeedback {
                text: "立项审批已完成，资金拨付正在办理，预计下周到位。".into(),
                percent: Some(40),
                reporter: "王强".into(),
                kind: FeedbackKind::Progress,
            },
            None,
        )
    })
    .unwrap();
    o.clock = Clock::Frozen(at("2026-11-24 16:10"));
    o.write(|w| {
        w.add_note(
            n,
            &NewNote {
                level: Level::Urging,
                target: "住建局".into(),
                reason: "资金拨付节点已过，尚未报送进展".into(),
                points: None,
                requirement: "三日内报送资金拨付情况".into(),
            },
            None,
        )
    })
    .unwrap();
    o.clock = Clock::Frozen(at(TODAY));
    (o, n)
}

fn app(size: (u16, u16)) -> (App, ItemNumber) {
    let (office, n) = office();
    (App::new(office, size).unwrap(), n)
}

/// Selects item `n` in the list.
fn select(app: &mut App, ui: &duban::ui::Ui, n: ItemNumber) {
    press(app, ui, "g");
    while app.selected_key().unwrap().number != n {
        press(app, ui, "j");
    }
}

/// The screen less its status bar (which other work changes).
fn without_status(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    lines.join("\n")
}

/// The deadlines pane alone, cut from the screen by its cells: from its top-left corner (the
/// last `┌` of the first row) down to its bottom border.
fn deadlines_pane(app: &App, ui: &duban::ui::Ui) -> String {
    let buffer = duban::ui::render(app, ui, app.size.0, app.size.1);
    let area = buffer.area;
    let x0 = (area.left()..area.right())
        .rev()
        .find(|&x| buffer[(x, 0)].symbol() == "┌")
        .unwrap();
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0usize;
        let mut line = String::new();
        for x in x0..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(symbol);
            skip = duban::text::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if buffer[(x0, y)].symbol() == "└" {
            break;
        }
    }
    out
}

#[test]
fn deadlines_pane_shows_every_section_at_once() {
    for (lang, size, name) in [
        (Lang::Zh, (80, 24), "deadlines_zh_80x24"),
        (Lang::En, (80, 24), "deadlines_en_80x24"),
        (Lang::Zh, (160, 48), "deadlines_zh_160x48"),
        (Lang::En, (160, 48), "deadlines_en_160x48"),
    ] {
        let ui = plain(lang);
        let (app, _) = app(size);
        let text = deadlines_pane(&app, &ui);
        let (today, week, missed, more) = match lang {
            Lang::Zh => ("今日到期", "本周到期", "反馈缺报", "另有"),
            Lang::En => ("Due today", "This week", "Missed feedback", "more"),
        };
        for word in [today, week, missed] {
            assert!(text.contains(word), "{name}: {word} not shown\n{text}");
        }
        if size.1 == 48 {
            assert!(text.contains(more), "{name}: overdue not capped\n{text}");
        }
        // Last year's date shows its year; this year's do not.
        assert!(text.contains("2025-11-12"), "{name}\n{text}");
        assert!(!text.contains("2026-11-25"), "{name}\n{text}");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_selected_agenda_line_stays_in_view() {
    let ui = plain(Lang::En);
    let (mut app, _) = app((80, 24));
    press(&mut app, &ui, "2");
    assert_eq!(app.focus, Pane::Deadlines);
    // Down through the whole overdue section: the selection is always drawn.
    for _ in 0..9 {
        press(&mut app, &ui, "j");
        let line = &app.agenda[app.agenda_selected];
        let title = app.rows[&line.id].title.clone();
        assert!(screen(&app, &ui).contains(&title), "{title} hidden");
    }
}

#[test]
fn detail_view_reads_history_in_words() {
    for (lang, size, name) in [
        (Lang::Zh, (80, 24), "detail_words_zh_80x24"),
        (Lang::En, (80, 24), "detail_words_en_80x24"),
        (Lang::Zh, (160, 48), "detail_words_zh_160x48"),
        (Lang::En, (160, 48), "detail_words_en_160x48"),
    ] {
        let ui = plain(lang);
        let (mut app, n) = app(size);
        select(&mut app, &ui, n);
        press(&mut app, &ui, "<Enter>");
        assert!(app.detail_open);
        let mut seen = String::new();
        // Scroll through the whole view.
        for _ in 0..12 {
            seen.push_str(&screen(&app, &ui));
            press(&mut app, &ui, "jjjjjjjjjj");
        }
        let words: Vec<&str> = seen
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        for code in [
            "item_registered",
            "status_changed",
            "milestone_added",
            "note_added",
        ] {
            assert!(!words.contains(&code), "{name}: {code}\n{seen}");
        }
        match lang {
            Lang::Zh => {
                assert!(seen.contains("督查员 交办（立项 → 已交办）"), "{seen}");
                assert!(seen.contains("对住建局催办（催办单）"), "{seen}");
                // The open milestone past its date is marked overdue.
                assert!(seen.contains("未完成 · 超期"), "{seen}");
                // No Latin letters in the Chinese detail view but the keys' names.
                for line in seen
                    .lines()
                    .filter(|l| !l.contains("Esc") && !l.contains(":memory:"))
                {
                    assert!(!line.chars().any(|c| c.is_ascii_lowercase()), "{line}");
                }
                // Wrapped by the line-breaking rules.
                for line in seen.lines() {
                    let body = line.trim_start_matches(['│', ' ']);
                    assert!(
                        !body.starts_with(['。', '，', '、', '；', '：', '）', '」']),
                        "{line}"
                    );
                }
            }
            Lang::En => {
                assert!(seen.contains("督查员 assigned the item (registered → assigned)"));
                assert!(seen.contains("open · overdue"), "{seen}");
            }
        }
        press(&mut app, &ui, "g");
        insta::assert_snapshot!(name, without_status(&screen(&app, &ui)));
    }
}

#[test]
fn milestones_are_added_and_marked_done_from_the_keyboard() {
    for (lang, size) in [(Lang::Zh, (80, 24)), (Lang::En, (160, 48))] {
        let ui = plain(lang);
        let (mut app, n) = app(size);
        select(&mut app, &ui, n);
        // From the list.
        press(&mut app, &ui, "M");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        let name = format!("milestones_{lang:?}_{}x{}", size.0, size.1).to_lowercase();
        insta::assert_snapshot!(name, without_status(&screen(&app, &ui)));
        // Esc backs out; from the detail view too.
        press(&mut app, &ui, "<Esc><Enter>M");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        // A bad date is refused beside its field, and the form stays.
        press(&mut app, &ui, "a");
        assert!(matches!(app.overlay, Overlay::Form(_)));
        press(&mut app, &ui, "someday<Tab>验收<Enter>");
        assert!(matches!(app.overlay, Overlay::Form(_)));
        let text = screen(&app, &ui);
        assert!(text.contains(if lang == Lang::Zh {
            "节点时限"
        } else {
            "Due on"
        }));
        insta::assert_snapshot!(
            format!("milestone_form_{lang:?}_{}x{}", size.0, size.1).to_lowercase(),
            without_status(&text)
        );
        // Esc goes back one level: to the panel.
        press(&mut app, &ui, "<Esc>");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        // The form shows the milestone it will add, a Saturday moved to the Monday (顺延).
        press(&mut app, &ui, "a2026-12-19<Tab>组织竣工验收");
        let preview = match lang {
            Lang::Zh => "新增分解节点：2026-12-21 组织竣工验收",
            Lang::En => "new milestone due 2026-12-21: 组织竣工验收",
        };
        let text = screen(&app, &ui);
        assert!(flat(&text).contains(&flat(preview)), "{text}");
        press(&mut app, &ui, "<BackTab><C-u>2026-12-16<Enter>");
        assert!(matches!(app.overlay, Overlay::Milestones(_)), "saved");
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones.len(), 4);
        assert_eq!(d.milestones[3].title, "组织竣工验收");
        assert_eq!(d.milestones[3].due_on, day("2026-12-16"));
        // The panel stands on the new milestone; Enter asks to confirm it done today, saying
        // what will be recorded; Esc goes back to the panel with nothing recorded.
        press(&mut app, &ui, "<Enter>");
        assert!(matches!(app.overlay, Overlay::Form(_)));
        let text = screen(&app, &ui);
        let confirm = match lang {
            Lang::Zh => "分解节点 4“组织竣工验收”于 2026-11-25 完成",
            Lang::En => "milestone 4 “组织竣工验收” done on 2026-11-25",
        };
        assert!(flat(&text).contains(&flat(confirm)), "{text}");
        press(&mut app, &ui, "<Esc>");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones[3].done_on, None);
        press(&mut app, &ui, "<Enter><Enter>");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones[3].done_on, Some(day("2026-11-25")));
        // `z` in the panel takes it back, and the panel stays.
        press(&mut app, &ui, "z");
        assert!(matches!(app.overlay, Overlay::Milestones(_)));
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones[3].done_on, None);
        press(&mut app, &ui, "Z");
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones[3].done_on, Some(day("2026-11-25")));
        // The overdue one (2): up twice, Enter, Enter.
        press(&mut app, &ui, "kk<Enter><Enter>");
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.milestones[1].done_on, Some(day("2026-11-25")));
        assert_eq!(d.milestones[2].done_on, None);
        let text = screen(&app, &ui);
        assert!(
            text.contains(if lang == Lang::Zh {
                "分解节点 2 已完成"
            } else {
                "milestone 2 done"
            }),
            "{text}"
        );
        // `M` closes the panel; the detail view shows what was done, in words.
        press(&mut app, &ui, "M");
        assert_eq!(app.overlay, Overlay::None);
        assert!(app.detail_open);
    }
}

/// No row of any pane starts with closing punctuation, and no text runs over a border: the
/// feedback and accountability panes beside the list wrap as the detail view does.
#[test]
fn panes_wrap_chinese_by_the_line_breaking_rules() {
    let ui = plain(Lang::Zh);
    for size in [(80, 24), (100, 30), (120, 40), (160, 48)] {
        let (mut app, n) = app(size);
        app.office
            .write(|w| {
                w.add_feedback(
                    n,
                    &NewFeedback {
                        text: "资金拨付已完成百分之六十，剩余部分待财政审核后拨付。开工准备：\
                               施工图审查已通过，招标文件正在编制（预计下周挂网）。"
                            .into(),
                        percent: Some(60),
                        reporter: "王强".into(),
                        kind: FeedbackKind::Progress,
                    },
                    None,
                )
            })
            .unwrap();
        app.refresh_item(n).unwrap();
        select(&mut app, &ui, n);
        let text = screen(&app, &ui);
        for line in text.lines() {
            for cell in line.split('│') {
                assert!(
                    !cell
                        .trim_start()
                        .starts_with(['。', '，', '、', '；', '：', '）', '」']),
                    "{size:?}: {line}\n{text}"
                );
            }
            // A row's right border is where it belongs: every bordered row ends with one.
            if line.starts_with('│') {
                assert!(line.ends_with(['│', '┐', '┘']), "{size:?}: {line}\n{text}");
            }
        }
    }
}

/// A note whose date, level and target are wider than the accountability pane keeps its target:
/// it wraps with the reason instead of running past the border (English, 80 columns; rows enough
/// for both of the item's notes).
#[test]
fn a_long_note_target_wraps_instead_of_being_cut_at_the_border() {
    let ui = plain(Lang::En);
    let (mut app, n) = app((80, 36));
    app.office
        .write(|w| {
            w.add_note(
                n,
                &NewNote {
                    level: Level::Explanation,
                    target: "市住房和城乡建设局".into(),
                    reason: "逾期未报送进展情况".into(),
                    points: None,
                    requirement: "三日内书面说明".into(),
                },
                None,
            )
        })
        .unwrap();
    app.refresh_item(n).unwrap();
    select(&mut app, &ui, n);
    let text = screen(&app, &ui);
    // The right-hand panes' cells, row after row.
    let pane: String = text
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .collect::<String>()
        .replace(' ', "");
    assert!(
        pane.contains("→市住房和城乡建设局:逾期未报送进展情况"),
        "{pane}\n{text}"
    );
}

/// The suggested next level wraps in a narrow accountability pane instead of losing its rank.
#[test]
fn the_suggested_level_wraps_in_a_narrow_pane() {
    let ui = plain(Lang::En);
    let (mut app, n) = app((80, 24));
    select(&mut app, &ui, n);
    let text = screen(&app, &ui);
    let pane: String = text
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .collect::<String>()
        .replace(' ', "");
    let at = pane
        .find("Suggestednext:")
        .expect("the suggestion is shown");
    assert!(pane[at..].contains("/7)"), "{pane}\n{text}");
}

/// The screen's text without borders, blanks and line ends: a sentence wrapped over rows reads
/// whole.
fn flat(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"│┌┐└┘─".contains(*c))
        .collect()
}

/// The digit the move menu gives `mv`'s name on the screen.
fn move_digit(text: &str, name: &str) -> char {
    let line = text
        .lines()
        .find(|l| l.contains(&format!("  {name}")))
        .unwrap_or_else(|| panic!("{name} not offered\n{text}"));
    line.chars()
        .find(|c| c.is_ascii_digit())
        .expect("a digit before the move")
}

/// Resuming a suspended item says how it moves the deadline before Enter, as an extension
/// does; afterwards the detail view names the deadline it had at first as such, not as the
/// registration date.
#[test]
fn resume_says_the_deadline_moves_and_the_detail_names_the_original() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let mut o = Office::new(
            Store::open_in_memory().unwrap(),
            Clock::Frozen(at(TODAY)),
            "督查员".into(),
        );
        let n = started(&mut o, "2026-11-02 10:00", "桥梁检测", "2026-12-10", "once");
        o.clock = Clock::Frozen(at("2026-11-11 10:00"));
        o.write(|w| w.apply_move(n, Move::Suspend, Some("等待检测报告"), None))
            .unwrap();
        o.clock = Clock::Frozen(at(TODAY));
        let mut app = App::new(o, (80, 24)).unwrap();
        select(&mut app, &ui, n);
        press(&mut app, &ui, "<Enter>m");
        let text = screen(&app, &ui);
        let name = if lang == Lang::Zh { "恢复" } else { "resume" };
        press(&mut app, &ui, &move_digit(&text, name).to_string());
        let text = screen(&app, &ui);
        // Ten working days suspended (11-12 to 11-25) move 12-10 to 12-24.
        let shift = match lang {
            Lang::Zh => "时限 2026-12-10 → 2026-12-24（中止期间（10个工作日）不计入办理时限）",
            Lang::En => "deadline 2026-12-10 → 2026-12-24 (+10 working days",
        };
        assert!(flat(&text).contains(&flat(shift)), "{text}");
        press(&mut app, &ui, "<Enter>");
        let d = app.office.store.item_detail(n).unwrap();
        assert_eq!(d.row.deadline, Some(day("2026-12-24")));
        let text = screen(&app, &ui);
        let original = match lang {
            Lang::Zh => "2026-12-24 (原定 2026-12-10)",
            Lang::En => "2026-12-24 (originally 2026-12-10)",
        };
        assert!(text.contains(original), "{text}");
        assert!(!text.contains("(立项 2026-12-10)"), "{text}");
    }
}

/// A triage card shows the item's pending extension request (to when, why, since when), and
/// `A`/`R` decide it there: the decision is the card's, in the summary.
#[test]
fn triage_shows_a_pending_extension_and_decides_it_on_the_card() {
    for (lang, key) in [(Lang::Zh, "A"), (Lang::En, "R")] {
        let ui = plain(lang);
        let mut o = Office::new(
            Store::open_in_memory().unwrap(),
            Clock::Frozen(at(TODAY)),
            "督查员".into(),
        );
        let n = started(
            &mut o,
            "2026-11-02 10:00",
            "消防通道整治",
            "2026-11-27",
            "once",
        );
        o.clock = Clock::Frozen(at("2026-11-24 10:00"));
        o.write(|w| w.request_extension(n, day("2026-12-11"), "材料未齐"))
            .unwrap();
        o.clock = Clock::Frozen(at(TODAY));
        let mut app = App::new(o, (80, 24)).unwrap();
        press(&mut app, &ui, "t");
        let t = app.triage.as_ref().expect("triage");
        assert_eq!(
            t.card().map(|c| c.number),
            Some(n),
            "the item is in the queue"
        );
        let text = screen(&app, &ui);
        let row = match lang {
            Lang::Zh => "延至 2026-12-11（原 2026-11-27）· 材料未齐 · 2026-11-24 申请",
            Lang::En => "to 2026-12-11 (from 2026-11-27) · 材料未齐 · asked 2026-11-24",
        };
        assert!(flat(&text).contains(&flat(row)), "{text}");
        // The bar under the card names the keys that decide it.
        let bar = match lang {
            Lang::Zh => "A/R 批准/驳回延期",
            Lang::En => "A/R approve/refuse extension",
        };
        assert!(text.contains(bar), "{text}");
        press(&mut app, &ui, key);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "{}",
            screen(&app, &ui)
        );
        // The form asks who decided it (批准人); Enter alone leaves it unnamed.
        let leader = if key == "A" { "Mayor Li" } else { "" };
        press(&mut app, &ui, &format!("{leader}<Enter>"));
        assert_eq!(app.overlay, Overlay::None, "{}", screen(&app, &ui));
        let d = app.office.store.item_detail(n).unwrap();
        let t = app.triage.as_ref().expect("still in triage");
        assert_eq!(t.decided(), 1);
        match key {
            "A" => assert_eq!(d.row.deadline, Some(day("2026-12-11"))),
            _ => assert_eq!(d.row.deadline, Some(day("2026-11-27"))),
        }
        let decided = d
            .events
            .iter()
            .find(|e| e.kind == "extension_decided")
            .expect("the decision's event");
        match key {
            "A" => assert_eq!(decided.data["by"], "Mayor Li"),
            _ => assert!(decided.data.get("by").is_none(), "{:?}", decided.data),
        }
    }
}

/// `D` offers the departments that lead items, in pinyin order (财政局, 城管局, 住建局), and
/// not a department that only helps (配合单位).
#[test]
fn d_offers_lead_departments_in_pinyin_order() {
    let ui = plain(Lang::Zh);
    let mut o = Office::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(at(TODAY)),
        "督查员".into(),
    );
    for (title, lead) in [("甲", "住建局"), ("乙", "财政局"), ("丙", "城管局")] {
        let item = ItemInput {
            title: title.into(),
            lead: lead.into(),
            co: "发改委".into(),
            due: "2026-12-18".into(),
            ..ItemInput::default()
        }
        .check(o.today(), &o.calendar, &o.rules)
        .unwrap();
        o.write(|w| w.add_item(&item)).unwrap();
    }
    let mut app = App::new(o, (80, 24)).unwrap();
    let mut offered = Vec::new();
    for _ in 0..4 {
        press(&mut app, &ui, "D");
        offered.push(
            app.filter
                .dept
                .and_then(|d| app.department_name(d))
                .unwrap_or("")
                .to_string(),
        );
    }
    assert_eq!(offered, ["财政局", "城管局", "住建局", ""]);
}

/// A five-digit number (a large office's 2026-12345) is shown whole in the deadlines pane at
/// 80×24: the title gives way.
#[test]
fn a_long_item_number_is_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.db");
    let mut o = Office::new(
        Store::open(&path).unwrap(),
        Clock::Frozen(at(TODAY)),
        "督查员".into(),
    );
    started(
        &mut o,
        "2026-11-02 10:00",
        "今日到期的安全检查工作",
        "2026-11-25",
        "once",
    );
    drop(o);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE items SET seq = 12345", []).unwrap();
    drop(conn);
    for lang in [Lang::Zh, Lang::En] {
        let ui = plain(lang);
        let app = App::new(
            Office::new(
                Store::open(&path).unwrap(),
                Clock::Frozen(at(TODAY)),
                "督查员".into(),
            ),
            (80, 24),
        )
        .unwrap();
        let pane = deadlines_pane(&app, &ui);
        assert!(pane.contains("2026-12345 "), "{pane}");
    }
}

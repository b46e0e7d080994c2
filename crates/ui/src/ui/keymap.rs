//! Keys to actions, as data: the help overlay is generated from this table, so it cannot drift
//! from what the keys do.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keyspec::{Key, Override};
use super::strings::Lang;
use crate::app::state::{App, Overlay};
use crate::app::{Action, Pane};
use crate::domain::Move;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Triage,
    /// The report screen (`r`).
    Report,
    Form,
    Filter,
    /// The milestone panel (`M`).
    Milestones,
    /// The help (`?`): its keys only close it.
    Help,
    /// The menu of lifecycle moves (`m`): a digit chooses, `Esc` or `q` closes it.
    Moves,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    /// How the key is written in the help (the first binding of an action carries the text).
    pub label: Cow<'static, str>,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn b(
    context: Context,
    code: KeyCode,
    action: Action,
    label: &'static str,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        code,
        mods: KeyModifiers::NONE,
        action,
        label: Cow::Borrowed(label),
        zh,
        en,
    }
}

const fn ctrl(mut bnd: Binding) -> Binding {
    bnd.mods = KeyModifiers::CONTROL;
    bnd
}

use crate::app::triage::Decision;
use Context::{
    Filter as F, Form as Fm, Help as H, Main as M, Milestones as Ms, Moves as Mv, Report as Rp,
    Triage as T,
};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up,
};

/// The key table. Bindings with an empty description are alternatives of the one above.
///
/// One meaning per key: a decision (urge, feedback, extension, note, completion report,
/// snooze, commendation) has the same key in the list, the detail view and triage; filters
/// (capitals `L S D`, `c`, `/`) and item edits and moves (`a e m A R`) stay clear of them.
pub fn bindings() -> Vec<Binding> {
    vec![
        b(
            M,
            Char('j'),
            Action::Down,
            "j/k ↓/↑",
            "下移/上移",
            "move down/up",
        ),
        b(M, Down, Action::Down, "", "", ""),
        b(M, Char('k'), Action::Up, "", "", ""),
        b(M, Up, Action::Up, "", "", ""),
        b(
            M,
            PageDown,
            Action::PageDown,
            "PgDn/PgUp",
            "翻页",
            "page down/up",
        ),
        b(M, PageUp, Action::PageUp, "", "", ""),
        ctrl(b(M, Char('d'), Action::PageDown, "", "", "")),
        ctrl(b(M, Char('u'), Action::PageUp, "", "", "")),
        b(M, Char('g'), Action::Top, "g/G", "到顶/到底", "top/bottom"),
        b(M, Home, Action::Top, "", "", ""),
        b(M, Char('G'), Action::Bottom, "", "", ""),
        b(M, End, Action::Bottom, "", "", ""),
        b(
            M,
            Tab,
            Action::FocusNext,
            "Tab 1-4",
            "切换窗格",
            "switch pane",
        ),
        b(M, BackTab, Action::FocusPrev, "", "", ""),
        b(M, Char('1'), Action::Focus(Pane::Items), "", "", ""),
        b(M, Char('2'), Action::Focus(Pane::Deadlines), "", "", ""),
        b(M, Char('3'), Action::Focus(Pane::Feedback), "", "", ""),
        b(
            M,
            Char('4'),
            Action::Focus(Pane::Accountability),
            "",
            "",
            "",
        ),
        b(
            M,
            Enter,
            Action::Open,
            "Enter",
            "详情/跳到事项",
            "open / jump to item",
        ),
        b(M, Esc, Action::Back, "Esc", "返回上一层", "back one level"),
        b(
            M,
            Char('/'),
            Action::StartFilter,
            "/",
            "搜索（含已办结）",
            "search (finished too)",
        ),
        b(
            M,
            Char('L'),
            Action::CycleLight,
            "L",
            "按灯色筛选",
            "filter by light",
        ),
        b(
            M,
            Char('S'),
            Action::CycleStatus,
            "S",
            "按状态筛选（含全部）",
            "filter by status, or all",
        ),
        b(
            M,
            Char('D'),
            Action::CycleDept,
            "D",
            "按牵头单位筛选",
            "filter by lead dept",
        ),
        b(
            M,
            Char('c'),
            Action::ClearFilters,
            "c",
            "清除全部筛选",
            "clear all filters",
        ),
        b(
            M,
            Char('u'),
            Action::Decide(Decision::Urge),
            "u",
            "催办",
            "urge",
        ),
        b(
            M,
            Char('f'),
            Action::Decide(Decision::Feedback),
            "f",
            "录入进展反馈",
            "record feedback",
        ),
        b(
            M,
            Char('x'),
            Action::Decide(Decision::Extension),
            "x",
            "申请延期",
            "request an extension",
        ),
        b(
            M,
            Char('n'),
            Action::Decide(Decision::Note),
            "n",
            "催办问责记录",
            "accountability note",
        ),
        b(
            M,
            Char('d'),
            Action::Complete,
            "d",
            "办结报告/审核",
            "completion report/review",
        ),
        b(
            M,
            Char('s'),
            Action::Decide(Decision::Snooze),
            "s",
            "暂缓至某日",
            "snooze until a day",
        ),
        b(
            M,
            Char('+'),
            Action::Commend,
            "+",
            "通报表扬（加分）",
            "commendation (points)",
        ),
        b(
            M,
            Char('p'),
            Action::Attach,
            "p",
            "添加附件（原件留存）",
            "attach an original file",
        ),
        b(
            M,
            Char('o'),
            Action::SaveAttachment,
            "o",
            "另存附件",
            "save an attachment",
        ),
        b(
            M,
            Char('i'),
            Action::Instruct,
            "i",
            "领导批示",
            "leader's instruction",
        ),
        b(
            M,
            Char('a'),
            Action::AddItem,
            "a",
            "新建事项",
            "add an item",
        ),
        b(
            M,
            Char('e'),
            Action::EditItem,
            "e",
            "修改事项",
            "edit the item",
        ),
        b(
            M,
            Char('m'),
            Action::MoveMenu,
            "m",
            "办理操作（销号、撤销…）",
            "moves (close, cancel…)",
        ),
        b(
            M,
            Char('A'),
            Action::DecideExtension(true),
            "A/R",
            "批准/驳回延期",
            "approve/refuse extension",
        ),
        b(M, Char('R'), Action::DecideExtension(false), "", "", ""),
        b(
            M,
            Char(' '),
            Action::ToggleMark,
            "Space *",
            "标记/标记全部",
            "mark / mark all shown",
        ),
        b(M, Char('*'), Action::MarkAll, "", "", ""),
        b(
            M,
            Char('t'),
            Action::StartTriage,
            "t",
            "督办研判",
            "triage today's items",
        ),
        b(M, Char('r'), Action::OpenReport, "r", "督办通报", "report"),
        b(M, Char('z'), Action::Undo, "z/Z", "撤销/重做", "undo/redo"),
        b(M, Char('Z'), Action::Redo, "", "", ""),
        ctrl(b(M, Char('z'), Action::Undo, "", "", "")),
        ctrl(b(M, Char('y'), Action::Redo, "", "", "")),
        b(
            M,
            Char('M'),
            Action::Milestones,
            "M",
            "分解节点：查看、新增、完成",
            "milestones: see, add, done",
        ),
        b(M, Char('?'), Action::Help, "?", "按键说明", "this help"),
        b(
            M,
            Char('q'),
            Action::Quit,
            "q",
            "退出（仅列表）",
            "quit (list only)",
        ),
        b(
            T,
            Char('j'),
            Action::Down,
            "j/k ↓/↑",
            "下一项/上一项",
            "next/previous card",
        ),
        b(T, Down, Action::Down, "", "", ""),
        b(T, Char('k'), Action::Up, "", "", ""),
        b(T, Up, Action::Up, "", "", ""),
        b(
            T,
            Char('u'),
            Action::Decide(Decision::Urge),
            "u",
            "按建议层级催办",
            "urge at the suggested level",
        ),
        b(
            T,
            Char('f'),
            Action::Decide(Decision::Feedback),
            "f",
            "录入收到的反馈",
            "record feedback received",
        ),
        b(
            T,
            Char('x'),
            Action::Decide(Decision::Extension),
            "x",
            "登记或批准延期",
            "request or grant extension",
        ),
        b(
            T,
            Char('n'),
            Action::Decide(Decision::Note),
            "n",
            "催办问责记录",
            "accountability note",
        ),
        b(
            T,
            Char('d'),
            Action::Complete,
            "d",
            "办结报告/审核",
            "completion report/review",
        ),
        b(
            T,
            Char('s'),
            Action::Decide(Decision::Snooze),
            "s",
            "暂缓至某日",
            "snooze until a day",
        ),
        b(
            T,
            Char('+'),
            Action::Commend,
            "+",
            "通报表扬（加分）",
            "commendation (points)",
        ),
        b(
            T,
            Char('i'),
            Action::Instruct,
            "i",
            "领导批示",
            "leader's instruction",
        ),
        b(
            T,
            Char('A'),
            Action::DecideExtension(true),
            "A/R",
            "批准/驳回延期",
            "approve/refuse extension",
        ),
        b(T, Char('R'), Action::DecideExtension(false), "", "", ""),
        b(
            T,
            Char(' '),
            Action::ToggleMark,
            "Space",
            "标记：一并决定",
            "mark: decide together",
        ),
        b(T, Char('z'), Action::Undo, "z/Z", "撤销/重做", "undo/redo"),
        b(T, Char('Z'), Action::Redo, "", "", ""),
        ctrl(b(T, Char('z'), Action::Undo, "", "", "")),
        ctrl(b(T, Char('y'), Action::Redo, "", "", "")),
        b(T, Esc, Action::Back, "Esc", "退出研判", "leave triage"),
        b(T, Char('?'), Action::Help, "?", "按键说明", "this help"),
        b(
            Rp,
            Char('j'),
            Action::Down,
            "j/k ↓/↑",
            "下移/上移",
            "move down/up",
        ),
        b(Rp, Down, Action::Down, "", "", ""),
        b(Rp, Char('k'), Action::Up, "", "", ""),
        b(Rp, Up, Action::Up, "", "", ""),
        b(Rp, PageDown, Action::PageDown, "", "", ""),
        b(Rp, PageUp, Action::PageUp, "", "", ""),
        b(Rp, Char('g'), Action::Top, "", "", ""),
        b(Rp, Home, Action::Top, "", "", ""),
        b(Rp, Char('G'), Action::Bottom, "", "", ""),
        b(Rp, End, Action::Bottom, "", "", ""),
        b(
            Rp,
            Char('['),
            Action::PeriodStep(false),
            "[ ]",
            "上一期/下一期",
            "previous/next period",
        ),
        b(Rp, Char(']'), Action::PeriodStep(true), "", "", ""),
        b(
            Rp,
            Char('p'),
            Action::CyclePeriodKind,
            "p",
            "按周/月/季度/年",
            "week/month/quarter/year",
        ),
        b(
            Rp,
            Char('b'),
            Action::CycleGrouping,
            "b",
            "按单位/来源/类型分组",
            "group by dept/source/kind",
        ),
        b(
            Rp,
            Enter,
            Action::Open,
            "Enter",
            "该单位的在办事项",
            "the department's open items",
        ),
        b(
            Rp,
            Char('x'),
            Action::ExportReport,
            "x",
            "导出到文件",
            "export to a file",
        ),
        b(
            Rp,
            Esc,
            Action::Back,
            "Esc q",
            "返回事项列表",
            "back to the list",
        ),
        b(Rp, Char('q'), Action::Back, "", "", ""),
        b(Rp, Char('?'), Action::Help, "?", "按键说明", "this help"),
        b(
            F,
            Enter,
            Action::Submit,
            "Enter",
            "结束输入，保留筛选",
            "keep the filter",
        ),
        b(
            F,
            Esc,
            Action::Back,
            "Esc",
            "取消搜索，清除文字",
            "cancel, clear the text",
        ),
        b(F, Backspace, Action::Backspace, "", "", ""),
        b(F, Down, Action::Down, "", "", ""),
        b(F, Up, Action::Up, "", "", ""),
        b(
            Fm,
            Tab,
            Action::NextField,
            "Tab/S-Tab ↓/↑",
            "下一项/上一项",
            "next/previous field",
        ),
        b(Fm, BackTab, Action::PrevField, "", "", ""),
        ctrl(b(
            Fm,
            Char('u'),
            Action::ClearField,
            "Ctrl-U",
            "清空当前输入项",
            "clear the field",
        )),
        b(Fm, Down, Action::NextField, "", "", ""),
        b(Fm, Up, Action::PrevField, "", "", ""),
        b(
            Fm,
            Enter,
            Action::Submit,
            "Enter",
            "保存（一次提交）",
            "save (one transaction)",
        ),
        b(
            Fm,
            Esc,
            Action::Back,
            "Esc",
            "取消，不保存",
            "cancel without saving",
        ),
        b(
            Fm,
            Left,
            Action::Left,
            "←/→",
            "移动光标/切换选项",
            "move cursor / choice",
        ),
        b(Fm, Right, Action::Right, "", "", ""),
        b(Fm, Home, Action::Home, "", "", ""),
        b(Fm, End, Action::End, "", "", ""),
        b(Fm, Backspace, Action::Backspace, "", "", ""),
        b(Fm, Delete, Action::Delete, "", "", ""),
        b(
            Ms,
            Char('j'),
            Action::Down,
            "j/k ↓/↑",
            "选择节点",
            "select a milestone",
        ),
        b(Ms, Down, Action::Down, "", "", ""),
        b(Ms, Char('k'), Action::Up, "", "", ""),
        b(Ms, Up, Action::Up, "", "", ""),
        b(Ms, Char('g'), Action::Top, "", "", ""),
        b(Ms, Char('G'), Action::Bottom, "", "", ""),
        b(
            Ms,
            Char('a'),
            Action::AddMilestone,
            "a",
            "新增分解节点（时限、任务）",
            "add a milestone (due date, text)",
        ),
        b(
            Ms,
            Enter,
            Action::MilestoneDone,
            "Enter",
            "所选节点今日完成（确认后记录）",
            "the selected milestone is done today (confirm)",
        ),
        b(Ms, Char('z'), Action::Undo, "z/Z", "撤销/重做", "undo/redo"),
        b(Ms, Char('Z'), Action::Redo, "", "", ""),
        ctrl(b(Ms, Char('z'), Action::Undo, "", "", "")),
        ctrl(b(Ms, Char('y'), Action::Redo, "", "", "")),
        b(Ms, Esc, Action::Back, "Esc/M", "返回", "back"),
        b(Ms, Char('M'), Action::Back, "", "", ""),
        // The help closes on Esc, q, ? and Enter (and on the help key in force, wherever the
        // office moved it).
        b(H, Esc, Action::Back, "Esc", "关闭", "close"),
        b(H, Char('q'), Action::Back, "", "", ""),
        b(H, Char('?'), Action::Back, "", "", ""),
        b(H, Enter, Action::Back, "", "", ""),
        // The moves menu: the digit of a move chooses it; Esc or q closes it.
        b(
            Mv,
            Char('1'),
            Action::ChooseNth(0),
            "1-9",
            "选择办理操作",
            "choose a move",
        ),
        b(Mv, Char('2'), Action::ChooseNth(1), "", "", ""),
        b(Mv, Char('3'), Action::ChooseNth(2), "", "", ""),
        b(Mv, Char('4'), Action::ChooseNth(3), "", "", ""),
        b(Mv, Char('5'), Action::ChooseNth(4), "", "", ""),
        b(Mv, Char('6'), Action::ChooseNth(5), "", "", ""),
        b(Mv, Char('7'), Action::ChooseNth(6), "", "", ""),
        b(Mv, Char('8'), Action::ChooseNth(7), "", "", ""),
        b(Mv, Char('9'), Action::ChooseNth(8), "", "", ""),
        b(Mv, Esc, Action::Back, "Esc/q", "关闭", "close"),
        b(Mv, Char('q'), Action::Back, "", "", ""),
    ]
}

/// The action a key means in the app's current state, if any.
pub fn action_for(app: &App, key: KeyEvent, table: &[Binding]) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Interrupt);
    }
    let context = match &app.overlay {
        Overlay::Form(_) => Context::Form,
        Overlay::Help => {
            // The help key in force closes the help too, wherever the office moved it.
            let help_key = table.iter().any(|b| {
                b.action == Action::Help
                    && b.code == key.code
                    && b.mods == key.modifiers & KeyModifiers::CONTROL
            });
            if help_key {
                return Some(Action::Back);
            }
            Context::Help
        }
        Overlay::MoveMenu(_) => Context::Moves,
        Overlay::Milestones(_) => Context::Milestones,
        Overlay::None if app.report.is_some() => Context::Report,
        Overlay::None if app.triage.is_some() => Context::Triage,
        Overlay::None if app.filter_editing => Context::Filter,
        Overlay::None => Context::Main,
    };
    // Shift is part of the character (G, A, R); only Control changes a key's meaning.
    let mods = key.modifiers & KeyModifiers::CONTROL;
    let found = table
        .iter()
        .find(|b| b.context == context && b.code == key.code && b.mods == mods)
        .map(|b| match &b.action {
            // `q` quits only from the list: in the detail view it goes back to the list.
            Action::Quit if app.detail_open => Action::Back,
            action => action.clone(),
        });
    found.or(match (context, key.code) {
        (Context::Form | Context::Filter, Char(c)) if mods.is_empty() => Some(Action::Input(c)),
        _ => None,
    })
}

/// Help lines (keys, description) for a context, in table order.
pub fn help_lines(table: &[Binding], context: Context, lang: Lang) -> Vec<(&str, &'static str)> {
    table
        .iter()
        .filter(|b| b.context == context && !b.label.is_empty())
        .map(|b| (b.label.as_ref(), if lang == Lang::Zh { b.zh } else { b.en }))
        .collect()
}

/// The bars along a box's bottom border that name its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    Triage,
    /// A triage card whose item has an extension request waiting: `A`/`R` lead the bar.
    TriageExtension,
    Form,
    /// The detail view of an item (Enter).
    Detail,
}

/// A hint on a bar: the actions whose keys it names, what they do in each language, and its
/// rank (1 is kept longest). The keys are those in force, so a bar follows the configuration.
type Hint = (&'static [Action], &'static str, &'static str, u8);

const FORM_HINTS: [Hint; 3] = [
    (&[Action::NextField], "下一项", "next field", 2),
    (&[Action::Submit], "保存", "save", 1),
    (&[Action::Back], "取消", "cancel", 1),
];

const DETAIL_HINTS: [Hint; 14] = [
    (&[Action::Back], "返回", "back", 1),
    (&[Action::Decide(Decision::Urge)], "催办", "urge", 2),
    (&[Action::Decide(Decision::Feedback)], "反馈", "feedback", 2),
    (
        &[Action::Decide(Decision::Extension)],
        "延期",
        "extension",
        3,
    ),
    (&[Action::Decide(Decision::Note)], "问责", "note", 3),
    (&[Action::Complete], "办结/审核", "report/review", 2),
    (&[Action::Decide(Decision::Snooze)], "暂缓", "snooze", 4),
    (&[Action::Commend], "表扬", "commend", 5),
    (&[Action::Instruct], "批示", "instruction", 5),
    (&[Action::MoveMenu], "办理操作", "moves", 1),
    (&[Action::EditItem], "修改", "edit", 3),
    (
        &[
            Action::DecideExtension(true),
            Action::DecideExtension(false),
        ],
        "批准/驳回延期",
        "approve/refuse extension",
        4,
    ),
    (&[Action::Milestones], "节点", "milestones", 3),
    (&[Action::Help], "帮助", "help", 1),
];

const TRIAGE_HINTS: [Hint; 13] = [
    (&[Action::Decide(Decision::Urge)], "催办", "urge", 1),
    (&[Action::Decide(Decision::Feedback)], "反馈", "feedback", 2),
    (
        &[Action::Decide(Decision::Extension)],
        "延期",
        "extension",
        3,
    ),
    (&[Action::Decide(Decision::Note)], "问责", "note", 3),
    (&[Action::Complete], "办结/审核", "report/review", 2),
    (&[Action::Decide(Decision::Snooze)], "暂缓", "snooze", 3),
    (&[Action::Commend], "表扬", "commend", 5),
    (&[Action::Instruct], "批示", "instruction", 6),
    (&[Action::Down, Action::Up], "下一/上一", "next/prev", 1),
    (&[Action::ToggleMark], "标记", "mark", 6),
    (&[Action::Undo, Action::Redo], "撤销/重做", "undo/redo", 4),
    (&[Action::Back], "退出", "leave", 1),
    (&[Action::Help], "帮助", "help", 1),
];

/// The pending extension's decision, first on a triage card that has one.
const EXTENSION_HINT: Hint = (
    &[
        Action::DecideExtension(true),
        Action::DecideExtension(false),
    ],
    "批准/驳回延期",
    "approve/refuse extension",
    1,
);

/// The first key in force for `action` in `context`, as a hint shows it.
fn first_key(table: &[Binding], context: Context, action: &Action, lang: Lang) -> Option<String> {
    let b = table
        .iter()
        .find(|b| b.context == context && &b.action == action)?;
    Some(match (b.code, b.mods.is_empty(), lang) {
        (Char(' '), true, Lang::Zh) => "空格".to_string(),
        (Char(' '), true, Lang::En) => "space".to_string(),
        _ => super::keyspec::key_label((b.code, b.mods)),
    })
}

/// A hint bar in at most `room` cells: the keys in force (`table`) of its hints, the least
/// important dropped first until the rest fit, never cut in the middle of a word.
pub fn hint_bar(table: &[Binding], bar: Bar, lang: Lang, room: usize) -> String {
    let with_extension: Vec<Hint>;
    let (hints, context): (&[Hint], Context) = match bar {
        Bar::Triage => (&TRIAGE_HINTS, Context::Triage),
        Bar::TriageExtension => {
            with_extension = std::iter::once(EXTENSION_HINT)
                .chain(TRIAGE_HINTS)
                .collect();
            (&with_extension, Context::Triage)
        }
        Bar::Form => (&FORM_HINTS, Context::Form),
        Bar::Detail => (&DETAIL_HINTS, Context::Main),
    };
    let mut shown: Vec<(String, &str, u8)> = hints
        .iter()
        .filter_map(|(actions, zh, en, rank)| {
            let keys: Option<Vec<String>> = actions
                .iter()
                .map(|a| first_key(table, context, a, lang))
                .collect();
            Some((
                keys?.join("/"),
                if lang == Lang::Zh { *zh } else { *en },
                *rank,
            ))
        })
        .collect();
    loop {
        let bar = shown
            .iter()
            .map(|(k, what, _)| format!("{k} {what}"))
            .collect::<Vec<_>>()
            .join(" · ");
        if crate::text::width(&bar) <= room || shown.is_empty() {
            return bar;
        }
        // The last of the least important goes first.
        let worst = shown.iter().map(|h| h.2).max().unwrap_or(0);
        if let Some(at) = shown.iter().rposition(|h| h.2 == worst) {
            shown.remove(at);
        }
    }
}

/// The status bar's pointer to the help: its key in force on this screen (`? help`).
pub fn help_hint(table: &[Binding], context: Context, lang: Lang) -> String {
    let word = if lang == Lang::Zh { "帮助" } else { "help" };
    first_key(table, context, &Action::Help, lang)
        .map_or_else(String::new, |k| format!("{k} {word}"))
}

/// Two actions on one key of one mode, once the file's keys are put in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The override that takes the key (the later one, when two overrides take it).
    pub at: Override,
    /// The other action on the key, with the line of its override (`None`: its default key).
    pub other: Action,
    pub other_line: Option<usize>,
    /// The other action's default keys in the mode that are still free of conflict.
    pub other_free: Vec<Key>,
}

/// The key table in force: the defaults with the file's keys put in. An action given keys in
/// a mode has exactly those keys there (they replace its default keys, which stay free for
/// other actions); every other action keeps its defaults. The help line of a group whose keys
/// changed is written from the keys in force. Returns the table and every conflict (the lookup
/// takes the first binding of a key, so a conflicting table still works, but `config check`
/// refuses it).
pub fn apply(defaults: Vec<Binding>, overrides: &[Override]) -> (Vec<Binding>, Vec<Conflict>) {
    if overrides.is_empty() {
        return (defaults, Vec::new());
    }
    let overridden = |context: Context, action: &Action| {
        overrides
            .iter()
            .any(|o| o.context == context && &o.action == action)
    };
    // Groups: a labelled binding and the unlabelled alternatives after it.
    let mut groups: Vec<Vec<Binding>> = Vec::new();
    for b in defaults.iter().cloned() {
        match groups.last_mut() {
            Some(g) if b.label.is_empty() && g[0].context == b.context => g.push(b),
            _ => groups.push(vec![b]),
        }
    }
    let mut placed: Vec<(Context, Action)> = Vec::new();
    let mut table: Vec<Binding> = Vec::new();
    for group in groups {
        let context = group[0].context;
        if !group.iter().any(|b| overridden(context, &b.action)) {
            table.extend(group);
            continue;
        }
        let (zh, en) = (group[0].zh, group[0].en);
        let mut out: Vec<Binding> = Vec::new();
        for b in group {
            if !overridden(context, &b.action) {
                out.push(b);
                continue;
            }
            if placed.iter().any(|(c, a)| *c == context && *a == b.action) {
                continue;
            }
            placed.push((context, b.action.clone()));
            for o in overrides
                .iter()
                .filter(|o| o.context == context && o.action == b.action)
            {
                let dup = out
                    .iter()
                    .any(|x| (x.code, x.mods) == o.key && x.action == o.action);
                if !dup {
                    out.push(Binding {
                        context,
                        code: o.key.0,
                        mods: o.key.1,
                        action: o.action.clone(),
                        label: Cow::Borrowed(""),
                        zh: "",
                        en: "",
                    });
                }
            }
        }
        if let Some(first) = out.first_mut() {
            first.zh = zh;
            first.en = en;
        }
        let label = group_label(&out);
        for (i, b) in out.iter_mut().enumerate() {
            b.label = if i == 0 {
                Cow::Owned(label.clone())
            } else {
                Cow::Borrowed("")
            };
        }
        table.extend(out);
    }
    let mut conflicts: Vec<Conflict> = Vec::new();
    for (i, o) in overrides.iter().enumerate() {
        // Against an earlier override of the key with another action.
        if let Some(e) = overrides[..i]
            .iter()
            .find(|e| e.context == o.context && e.key == o.key && e.action != o.action)
        {
            conflicts.push(Conflict {
                at: o.clone(),
                other: e.action.clone(),
                other_line: Some(e.line),
                other_free: Vec::new(),
            });
            continue;
        }
        // Against a default key kept by an action the file left alone.
        if let Some(d) = table.iter().find(|b| {
            b.context == o.context
                && (b.code, b.mods) == o.key
                && b.action != o.action
                && !overridden(o.context, &b.action)
        }) {
            let other_free = table
                .iter()
                .filter(|x| x.context == o.context && x.action == d.action)
                .map(|x| (x.code, x.mods))
                .filter(|k| {
                    !overrides
                        .iter()
                        .any(|y| y.context == o.context && y.key == *k)
                })
                .collect();
            conflicts.push(Conflict {
                at: o.clone(),
                other: d.action.clone(),
                other_line: None,
                other_free,
            });
        }
    }
    (table, conflicts)
}

/// A help label written from the keys in force: each action's keys with spaces between, the
/// actions with `/` between (`ctrl-n ↓/k ↑`).
fn group_label(group: &[Binding]) -> String {
    let mut actions: Vec<(&Action, Vec<String>)> = Vec::new();
    for b in group {
        let label = super::keyspec::key_label((b.code, b.mods));
        match actions.iter_mut().find(|(a, _)| *a == &b.action) {
            Some((_, keys)) => keys.push(label),
            None => actions.push((&b.action, vec![label])),
        }
    }
    actions
        .iter()
        .map(|(_, keys)| keys.join(" "))
        .collect::<Vec<_>>()
        .join("/")
}

/// The key table in force with the file's keys put in (conflicts were refused when the file
/// was read).
pub fn in_force(overrides: &[Override]) -> Vec<Binding> {
    apply(bindings(), overrides).0
}

/// The moves menu shows each legal move with its number key.
pub fn move_keys(moves: &[Move]) -> impl Iterator<Item = (char, Move)> + '_ {
    moves
        .iter()
        .enumerate()
        .filter_map(|(i, m)| char::from_digit(i as u32 + 1, 10).map(|c| (c, *m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_described_in_both_languages() {
        let table = bindings();
        for ctx in [
            Context::Main,
            Context::Triage,
            Context::Report,
            Context::Form,
            Context::Filter,
            Context::Milestones,
        ] {
            let zh = help_lines(&table, ctx, Lang::Zh);
            let en = help_lines(&table, ctx, Lang::En);
            assert_eq!(zh.len(), en.len());
            assert!(!zh.is_empty());
            assert!(
                zh.iter()
                    .chain(en.iter())
                    .all(|(k, d)| !k.is_empty() && !d.is_empty())
            );
        }
    }

    /// The decisions: recorded on an item, the same wherever the item is shown.
    fn is_decision(action: &Action) -> bool {
        matches!(
            action,
            Action::Decide(_) | Action::Complete | Action::Commend | Action::Instruct
        )
    }

    fn key_of(
        table: &[Binding],
        context: Context,
        action: &Action,
    ) -> Vec<(KeyCode, KeyModifiers)> {
        table
            .iter()
            .filter(|b| b.context == context && &b.action == action)
            .map(|b| (b.code, b.mods))
            .collect()
    }

    #[test]
    fn every_decision_has_the_same_key_in_the_list_and_in_triage() {
        let table = bindings();
        let decisions: Vec<&Action> = table
            .iter()
            .filter(|b| matches!(b.context, Context::Main | Context::Triage))
            .map(|b| &b.action)
            .filter(|a| is_decision(a))
            .collect();
        // Urge, feedback, extension, note, snooze, completion, commendation, instruction.
        let mut unique: Vec<&Action> = Vec::new();
        for a in &decisions {
            if !unique.contains(a) {
                unique.push(a);
            }
        }
        assert_eq!(unique.len(), 8, "{unique:?}");
        for action in decisions {
            let main = key_of(&table, Context::Main, action);
            let triage = key_of(&table, Context::Triage, action);
            assert!(!main.is_empty(), "{action:?} has no key in the list");
            assert_eq!(main, triage, "{action:?}");
        }
        // And a decision key means nothing else anywhere on the main screen or in triage.
        for b in &table {
            if matches!(b.context, Context::Main | Context::Triage) && !is_decision(&b.action) {
                let decision_key = table
                    .iter()
                    .any(|d| is_decision(&d.action) && d.code == b.code && d.mods == b.mods);
                assert!(
                    !decision_key,
                    "{:?} is a decision key and {:?}",
                    b.code, b.action
                );
            }
        }
    }

    #[test]
    fn the_issue_keymap() {
        let table = bindings();
        let key = |context, c: char| {
            table
                .iter()
                .find(|b| b.context == context && b.code == Char(c) && b.mods.is_empty())
                .map(|b| b.action.clone())
        };
        for ctx in [Context::Main, Context::Triage] {
            assert_eq!(key(ctx, 'u'), Some(Action::Decide(Decision::Urge)));
            assert_eq!(key(ctx, 'f'), Some(Action::Decide(Decision::Feedback)));
            assert_eq!(key(ctx, 'x'), Some(Action::Decide(Decision::Extension)));
            assert_eq!(key(ctx, 'n'), Some(Action::Decide(Decision::Note)));
            assert_eq!(key(ctx, 's'), Some(Action::Decide(Decision::Snooze)));
            assert_eq!(key(ctx, 'd'), Some(Action::Complete));
            assert_eq!(key(ctx, '+'), Some(Action::Commend));
            assert_eq!(key(ctx, 'j'), Some(Action::Down));
            assert_eq!(key(ctx, 'k'), Some(Action::Up));
            assert_eq!(key(ctx, 'z'), Some(Action::Undo));
            assert_eq!(key(ctx, '?'), Some(Action::Help));
        }
        assert_eq!(key(Context::Main, 'L'), Some(Action::CycleLight));
        assert_eq!(key(Context::Main, 'S'), Some(Action::CycleStatus));
        assert_eq!(key(Context::Main, 'D'), Some(Action::CycleDept));
        assert_eq!(key(Context::Main, 'm'), Some(Action::MoveMenu));
        // `q` never quits from triage or the report.
        assert_eq!(key(Context::Triage, 'q'), None);
        assert_eq!(key(Context::Report, 'q'), Some(Action::Back));
        // The help and the moves menu take their keys from the table too.
        for c in ['q', '?'] {
            assert_eq!(key(Context::Help, c), Some(Action::Back));
        }
        assert_eq!(key(Context::Moves, '1'), Some(Action::ChooseNth(0)));
        assert_eq!(key(Context::Moves, '9'), Some(Action::ChooseNth(8)));
        assert_eq!(key(Context::Moves, 'q'), Some(Action::Back));
        assert_eq!(key(Context::Moves, 'j'), None);
    }

    #[test]
    fn hint_bars_fit_and_keep_what_matters_most() {
        for lang in [Lang::Zh, Lang::En] {
            let wide = hint_bar(&bindings(), Bar::Triage, lang, 200);
            assert_eq!(
                wide.matches(" · ").count(),
                TRIAGE_HINTS.len() - 1,
                "{wide}"
            );
            for room in [20, 26, 40, 60, 90, 120] {
                for bar in [Bar::Triage, Bar::Form, Bar::Detail] {
                    let text = hint_bar(&bindings(), bar, lang, room);
                    assert!(crate::text::width(&text) <= room, "{room}: {text}");
                }
            }
            let narrow = hint_bar(&bindings(), Bar::Triage, lang, 44);
            for keys in ["u ", "j/k ", "Esc ", "? "] {
                assert!(narrow.contains(keys), "{keys} in {narrow}");
            }
            let form = hint_bar(&bindings(), Bar::Form, lang, 26);
            assert!(
                form.starts_with("Enter ") && form.contains(" · Esc "),
                "{form}"
            );
        }
    }

    #[test]
    fn help_fits_half_of_the_smallest_screen() {
        // At 80 columns the help has two columns of 38 cells inside its border.
        let table = bindings();
        for ctx in [
            Context::Main,
            Context::Triage,
            Context::Report,
            Context::Form,
            Context::Filter,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let lines = help_lines(&table, ctx, lang);
                let keys = lines.iter().map(|(k, _)| crate::text::width(k)).max();
                for (k, what) in &lines {
                    let used = keys.unwrap_or(0) + 2 + crate::text::width(what);
                    assert!(used <= 38, "{ctx:?} {k} {what}: {used} cells");
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let table = bindings();
        for (i, a) in table.iter().enumerate() {
            for c in &table[i + 1..] {
                assert!(
                    !(a.context == c.context && a.code == c.code && a.mods == c.mods),
                    "{:?} twice",
                    a.code
                );
            }
        }
    }
}

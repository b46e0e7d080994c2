//! Keys to actions, as data: the help overlay is generated from this table, so it cannot drift
//! from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
}

pub struct Binding {
    pub context: Context,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    /// How the key is written in the help (the first binding of an action carries the text).
    pub label: &'static str,
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
        label,
        zh,
        en,
    }
}

const fn ctrl(mut bnd: Binding) -> Binding {
    bnd.mods = KeyModifiers::CONTROL;
    bnd
}

use crate::app::triage::Decision;
use Context::{Filter as F, Form as Fm, Main as M, Milestones as Ms, Report as Rp, Triage as T};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up,
};

/// The key table. Bindings with an empty description are alternatives of the one above.
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
            "Tab/S-Tab",
            "切换窗格",
            "next/previous pane",
        ),
        b(M, BackTab, Action::FocusPrev, "", "", ""),
        b(
            M,
            Char('1'),
            Action::Focus(Pane::Items),
            "1 2 3 4",
            "事项/时限/反馈/问责窗格",
            "items/deadlines/feedback/accountability pane",
        ),
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
            "详情 / 跳到该事项",
            "details / jump to the item",
        ),
        b(
            M,
            Esc,
            Action::Back,
            "Esc",
            "返回、清除筛选",
            "back, clear filters",
        ),
        b(
            M,
            Char('/'),
            Action::StartFilter,
            "/",
            "输入筛选（名称、编号、单位、责任人、文号）",
            "filter as you type (title, number, dept, owner, ref)",
        ),
        b(
            M,
            Char('l'),
            Action::CycleLight,
            "l",
            "按灯色筛选",
            "filter by light",
        ),
        b(
            M,
            Char('s'),
            Action::CycleStatus,
            "s",
            "按状态筛选",
            "filter by status",
        ),
        b(
            M,
            Char('d'),
            Action::CycleDept,
            "d",
            "按牵头单位筛选",
            "filter by lead department",
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
            Char('f'),
            Action::AddFeedback,
            "f",
            "录入进展反馈",
            "record feedback",
        ),
        b(
            M,
            Char('n'),
            Action::AddNote,
            "n",
            "催办/问责记录",
            "accountability note",
        ),
        b(
            M,
            Char('+'),
            Action::Commend,
            "+",
            "通报表扬（加分）",
            "commendation (credits points)",
        ),
        b(
            M,
            Char('m'),
            Action::MoveMenu,
            "m",
            "办理操作（交办、办结、退回…）",
            "lifecycle moves (assign, approve, return…)",
        ),
        b(
            M,
            Char('x'),
            Action::RequestExtension,
            "x",
            "申请延期",
            "request an extension",
        ),
        b(
            M,
            Char('A'),
            Action::DecideExtension(true),
            "A/R",
            "批准/驳回延期",
            "approve/reject the extension",
        ),
        b(M, Char('R'), Action::DecideExtension(false), "", "", ""),
        b(
            M,
            Char('t'),
            Action::StartTriage,
            "t",
            "督办分诊：逐项处理今天需决定的事项",
            "triage: decide today's items one by one",
        ),
        b(
            M,
            Char('u'),
            Action::Decide(Decision::Urge),
            "u",
            "催办（已标记的全部）",
            "urge (all marked items)",
        ),
        b(
            M,
            Char(' '),
            Action::ToggleMark,
            "space",
            "标记/取消标记",
            "mark / unmark",
        ),
        b(
            M,
            Char('*'),
            Action::MarkAll,
            "*",
            "标记全部显示的事项",
            "mark every item shown",
        ),
        b(
            M,
            Char('z'),
            Action::Undo,
            "z/Z",
            "撤销/重做（Ctrl-Z/Ctrl-Y）",
            "undo/redo (Ctrl-Z/Ctrl-Y)",
        ),
        b(M, Char('Z'), Action::Redo, "", "", ""),
        ctrl(b(M, Char('z'), Action::Undo, "", "", "")),
        ctrl(b(M, Char('y'), Action::Redo, "", "", "")),
        b(
            M,
            Char('r'),
            Action::OpenReport,
            "r",
            "督办通报：本期各单位办理情况、排名与趋势",
            "report: the period's figures by department, ranking, trend",
        ),
        b(
            M,
            Char('M'),
            Action::Milestones,
            "M",
            "分解节点：查看、新增、标记完成",
            "milestones: see, add, mark done",
        ),
        b(M, Char('?'), Action::Help, "?", "按键说明", "this help"),
        b(M, Char('q'), Action::Quit, "q", "退出", "quit"),
        b(
            T,
            Char('u'),
            Action::Decide(Decision::Urge),
            "u",
            "按建议层级催办（Enter 确认）",
            "urge at the suggested level (Enter confirms)",
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
            Char('e'),
            Action::Decide(Decision::Extension),
            "e",
            "登记或批准延期",
            "request or grant an extension",
        ),
        b(
            T,
            Char('a'),
            Action::Decide(Decision::Note),
            "a",
            "任意问责记录",
            "any accountability note",
        ),
        b(
            T,
            Char('d'),
            Action::Complete,
            "d",
            "收到办结报告 / 审核通过",
            "completion report in / approve",
        ),
        b(
            T,
            Char('s'),
            Action::Decide(Decision::Snooze),
            "s",
            "暂缓至某日（注明理由）",
            "snooze until a day, with a reason",
        ),
        b(
            T,
            Char('n'),
            Action::TriageNext,
            "n/p",
            "下一项/上一项（不作决定）",
            "next/previous without a decision",
        ),
        b(T, Char('p'), Action::TriagePrev, "", "", ""),
        b(
            T,
            Char(' '),
            Action::ToggleMark,
            "space",
            "标记：决定同时适用于全部标记事项",
            "mark: a decision applies to every marked item",
        ),
        b(T, Char('z'), Action::Undo, "z/Z", "撤销/重做", "undo/redo"),
        b(T, Char('Z'), Action::Redo, "", "", ""),
        ctrl(b(T, Char('z'), Action::Undo, "", "", "")),
        ctrl(b(T, Char('y'), Action::Redo, "", "", "")),
        b(T, Esc, Action::Back, "Esc", "退出分诊", "leave triage"),
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
            "按周/月/季度/年统计",
            "week / month / quarter / year",
        ),
        b(
            Rp,
            Char('b'),
            Action::CycleGrouping,
            "b",
            "按牵头单位/来源/来源类型分组",
            "by lead department / source / source kind",
        ),
        b(
            Rp,
            Enter,
            Action::Open,
            "Enter",
            "查看该单位的在办事项",
            "the department's open items",
        ),
        b(
            Rp,
            Char('x'),
            Action::ExportReport,
            "x",
            "导出到文件（格式在表单中选择）",
            "export to a file (the form asks the format)",
        ),
        b(
            Rp,
            Esc,
            Action::Back,
            "Esc",
            "返回事项列表",
            "back to the list",
        ),
        b(Rp, Char('?'), Action::Help, "?", "按键说明", "this help"),
        b(
            F,
            Enter,
            Action::Submit,
            "Enter",
            "结束输入（保留筛选）",
            "keep the filter",
        ),
        b(F, Esc, Action::Back, "Esc", "取消筛选", "cancel the filter"),
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
            "移动光标 / 切换选项",
            "move cursor / change choice",
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
            "所选节点今日完成",
            "the selected milestone is done today",
        ),
        b(Ms, Esc, Action::Back, "Esc/M", "返回", "back"),
        b(Ms, Char('M'), Action::Back, "", "", ""),
    ]
}

/// The action a key means in the app's current state, if any.
pub fn action_for(app: &App, key: KeyEvent, table: &[Binding]) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    let context = match &app.overlay {
        Overlay::Form(_) => Context::Form,
        Overlay::Help => {
            return matches!(key.code, Esc | Char('q') | Char('?') | Enter).then_some(Action::Back);
        }
        Overlay::MoveMenu(moves) => {
            return match key.code {
                Esc | Char('q') => Some(Action::Back),
                Char(c) => c
                    .to_digit(10)
                    .and_then(|d| (d as usize).checked_sub(1))
                    .and_then(|i| moves.get(i).copied())
                    .map(Action::ChooseMove),
                _ => None,
            };
        }
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
        .map(|b| b.action.clone());
    found.or(match (context, key.code) {
        (Context::Form | Context::Filter, Char(c)) if mods.is_empty() => Some(Action::Input(c)),
        _ => None,
    })
}

/// Help lines (keys, description) for a context, in table order.
pub fn help_lines(
    table: &[Binding],
    context: Context,
    lang: Lang,
) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .filter(|b| b.context == context && !b.label.is_empty())
        .map(|b| (b.label, if lang == Lang::Zh { b.zh } else { b.en }))
        .collect()
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

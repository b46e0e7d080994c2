//! Everything a clerk can do in the terminal interface. Keys map to these (ui::keymap); only
//! `App::update` acts on them.

/// The panes of the main screen, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Items,
    Deadlines,
    Feedback,
    Accountability,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Items,
        Pane::Deadlines,
        Pane::Feedback,
        Pane::Accountability,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Time passes: look for other clerks' commits.
    Tick,
    Resize(u16, u16),
    FocusNext,
    FocusPrev,
    Focus(Pane),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: the item's detail view, or jump from the agenda to its item.
    Open,
    /// Esc: back exactly one level (form, overlay, filter input, detail view, triage, report)
    /// without saving; on the list itself, clear the filters.
    Back,
    StartFilter,
    CycleLight,
    /// The status filter's next choice: every status in turn, including the finished ones,
    /// then all items, then back to the open items.
    CycleStatus,
    CycleDept,
    ClearFilters,
    AddItem,
    EditItem,
    /// A commendation (通报表扬) of the selected item.
    Commend,
    /// Keep a file with the selected item (交办原件留存).
    Attach,
    /// Write one of the selected item's attachments out to a file.
    SaveAttachment,
    /// Record a leader's instruction during handling (领导批示) on the selected item.
    Instruct,
    DecideExtension(bool),
    /// Offer the lifecycle moves legal for the selected item.
    MoveMenu,
    /// In the moves menu: the move numbered `n + 1` (its digit).
    ChooseNth(usize),
    Help,
    /// Triage: the queue of items that need a decision today.
    StartTriage,
    /// Open the form of a decision on the card, the selected item or the marked items. In
    /// triage, Up and Down step between cards.
    Decide(super::triage::Decision),
    /// Completion report received, or approved, where the lifecycle allows.
    Complete,
    ToggleMark,
    /// Marks every item shown, or clears the marks when all are marked.
    MarkAll,
    Undo,
    Redo,
    /// The report screen (督办通报) of this month.
    OpenReport,
    /// The report's period before (`false`) or after (`true`).
    PeriodStep(bool),
    /// The report's next length of period: week, month, quarter, year.
    CyclePeriodKind,
    /// The report's next grouping: lead department, source, source kind.
    CycleGrouping,
    /// Export the report shown to a file (a small form asks the format and file).
    ExportReport,
    /// Typing into the active text field (form or filter).
    Input(char),
    /// A bracketed paste: the whole text goes into the active text field, never as keys.
    Paste(String),
    /// Ctrl-C: quits at once from wherever the clerk is, a form, the help or a menu included
    /// (what a form holds is not saved: nothing is written before Enter). Not bindable.
    Interrupt,
    Backspace,
    /// Ctrl-U in a form: the focused text field is emptied at once (a prefill replaced
    /// without holding Backspace).
    ClearField,
    Delete,
    Left,
    Right,
    Home,
    End,
    NextField,
    PrevField,
    /// Enter in a form or filter: save / apply.
    Submit,
    /// `M`: the selected item's milestones (分解节点), or back out of them.
    Milestones,
    /// In the milestone panel: the form of a new milestone (due date and text).
    AddMilestone,
    /// In the milestone panel: the selected milestone is done today.
    MilestoneDone,
}

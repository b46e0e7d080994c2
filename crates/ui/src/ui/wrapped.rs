//! Rows of a pane whose long texts wrap by the line-breaking rules (`text::wrap_hanging`):
//! a styled lead (a label, a date) on the first row, the text after it, and later rows
//! indented.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::wrap_hanging;

pub struct Rows<'a> {
    pub width: usize,
    pub lines: Vec<Line<'a>>,
}

impl<'a> Rows<'a> {
    pub fn new(width: u16) -> Self {
        Self {
            width: usize::from(width),
            lines: Vec::new(),
        }
    }

    /// `lead` on the first row, then `text` in `style` wrapped to the rest of the pane; later
    /// rows start after `hang` cells.
    pub fn push(&mut self, lead: Vec<Span<'a>>, hang: usize, text: &str, style: Style) {
        let lead_width: usize = lead.iter().map(|s| crate::text::width(&s.content)).sum();
        let mut first = Some(lead);
        for row in wrap_hanging(text, self.width, lead_width, hang) {
            let mut spans = first
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(hang))]);
            spans.push(Span::styled(row, style));
            self.lines.push(Line::from(spans));
        }
    }

    /// An entry of a section: indented two cells, wrapped, later rows lined up under its text.
    pub fn entry(&mut self, text: &str, style: Style) {
        self.push(vec![Span::raw("  ")], 2, text, style);
    }
}

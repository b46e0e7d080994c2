//! A single line of text being typed: Chinese input and editing keys, cursor in characters.

use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts typed text; control characters are not accepted into a line.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts pasted text whole at the cursor and puts the cursor after it. Newlines and tabs
    /// are kept (the field decides beforehand whether it takes them); other control characters
    /// are not accepted into a line.
    pub fn insert_str(&mut self, text: &str) {
        let kept: String = text
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &kept);
        self.cursor += kept.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn set(&mut self, text: &str) {
        *self = Self::new(text);
    }

    /// Terminal cells before the cursor: wide characters count two, and a newline or tab one,
    /// since a form shows each as one visible stand-in (`text::one_row`).
    pub fn cursor_cells(&self) -> usize {
        self.text[..self.byte_at(self.cursor)]
            .chars()
            .map(|c| {
                if c.is_control() {
                    1
                } else {
                    c.width().unwrap_or(0)
                }
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_chinese_text_by_character() {
        let mut l = LineInput::new("督办");
        assert_eq!(l.cursor_cells(), 4);
        l.left();
        l.insert('查');
        assert_eq!(l.text(), "督查办");
        assert_eq!(l.cursor_cells(), 4);
        l.backspace();
        l.backspace();
        assert_eq!(l.text(), "办");
        l.home();
        l.delete();
        assert_eq!(l.text(), "");
        l.insert('\u{1b}');
        assert_eq!(l.text(), "");
    }

    #[test]
    fn pasted_text_goes_in_whole_at_the_cursor() {
        let mut l = LineInput::new("督办");
        l.left();
        l.insert_str("第一行\n第二\t行\u{1b}[31m");
        assert_eq!(l.text(), "督第一行\n第二\t行[31m办");
        // The cursor is after the pasted text: newline and tab one cell each.
        assert_eq!(l.cursor_cells(), 2 + 6 + 1 + 4 + 1 + 2 + 4);
        l.right();
        assert_eq!(l.cursor_cells(), 22);
        l.left();
        l.backspace();
        l.backspace();
        assert_eq!(l.text(), "督第一行\n第二\t行[3办");
        l.home();
        l.right();
        l.insert('查');
        assert_eq!(l.text(), "督查第一行\n第二\t行[3办");
    }
}

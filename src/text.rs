//! Text for a terminal: stored text is shown, never interpreted, and columns count wide
//! characters as two cells.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control characters (escape sequences, bells, newlines) with visible stand-ins, so
/// that text from the database can never act on the terminal.
pub fn safe(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Cuts `text` to `width` terminal cells (ending in `…` when cut) and pads it to exactly that.
pub fn fit(text: &str, width: usize) -> String {
    let clean = safe(text);
    let w = clean.width();
    if w <= width {
        let mut out = clean;
        out.push_str(&" ".repeat(width - w));
        return out;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Display width in terminal cells.
pub fn width(text: &str) -> usize {
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_wide_characters_twice() {
        assert_eq!(fit("督办", 6), "督办  ");
        assert_eq!(fit("督办事项清单", 7), "督办事…");
        assert_eq!(fit("督办事项清单", 8), "督办事… ");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 0), "");
        assert_eq!(width(&fit("督a办b事项清单", 9)), 9);
    }

    #[test]
    fn escapes_never_pass() {
        assert_eq!(safe("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(fit("a\u{1b}b", 3), "a\u{FFFD}b");
        assert_eq!(safe("一\n二"), "一 二");
    }
}

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

/// Cuts `text` to at most `width` terminal cells, ending in `…` when cut; never pads.
pub fn clip(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let clean: Cow<'_, str> = if text.chars().any(char::is_control) {
        Cow::Owned(safe(text))
    } else {
        Cow::Borrowed(text)
    };
    if clean.width() <= width {
        return clean;
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
    }
    Cow::Owned(out)
}

/// Cuts `text` to `width` terminal cells (ending in `…` when cut) and pads it to exactly that.
pub fn fit(text: &str, width: usize) -> String {
    let clipped = clip(text, width);
    let pad = width.saturating_sub(clipped.width());
    let mut out = clipped.into_owned();
    out.push_str(&" ".repeat(pad));
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
    fn clip_cuts_without_padding() {
        assert_eq!(clip("督办", 6), "督办");
        assert_eq!(clip("督办事项清单", 7), "督办事…");
        assert_eq!(clip("a\u{1b}b", 5), "a\u{FFFD}b");
    }

    #[test]
    fn escapes_never_pass() {
        assert_eq!(safe("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(fit("a\u{1b}b", 3), "a\u{FFFD}b");
        assert_eq!(safe("一\n二"), "一 二");
    }
}

//! Text for a terminal: stored text is shown, never interpreted, and columns count wide
//! characters as two cells.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control characters (escape sequences, bells, newlines) with visible stand-ins, so
/// that text from the database can never act on the terminal, and shows an invisible character
/// ([`invisible`]) by its code, `<U+202E>`, so that it cannot reorder or hide what is printed.
pub fn safe(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || invisible(c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c if invisible(c) => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A character that prints as nothing, or reorders the text around it, which no field takes
/// (`domain::validate`): the bidirectional controls (embeddings, overrides, isolates and
/// marks, U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width characters (U+200B–
/// U+200D, the word joiner and invisible operators U+2060–U+2064, the byte-order mark U+FEFF),
/// the deprecated format controls U+206A–U+206F, the soft hyphen U+00AD, U+180E, the
/// interlinear annotation marks U+FFF9–U+FFFB, and the tag characters U+E0000–U+E007F.
/// `abc\u{202E}txt.exe` would print as "abcexe.txt". Variation selectors stay: they choose a
/// glyph of the character before them, as names written with a rare form of a character need.
pub fn invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x061C
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xE0000..=0xE007F
    )
}

/// Text typed or pasted into a form field, shown on one row: a newline as `⏎`, a tab as a
/// space, any other control character as `�`; one cell each, as `LineInput::cursor_cells`
/// counts them.
pub fn one_row(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '⏎',
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The part of a one-row `text` (no control characters) to show in `width` cells so that the
/// cursor, `cursor` cells from its start, stays in view; and the cursor's cell in that part.
/// Text cut off at the start begins with `…`, text cut off at the end ends with `…`.
pub fn window(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let total = text.width();
    if total < width || (total == width && cursor < total) {
        return (text.to_string(), cursor);
    }
    if width < 3 || cursor + 1 < width {
        return (
            clip(text, width).into_owned(),
            cursor.min(width.saturating_sub(1)),
        );
    }
    // Scrolled: `…`, then the text from the first character at or after `from` cells, so that
    // the cursor lands on the last cell at most.
    let from = cursor + 2 - width;
    let mut out = String::from("…");
    let mut at = 0;
    let mut used = 1;
    let mut start = None;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if at >= from {
            if used + cw > width {
                break;
            }
            start.get_or_insert(at);
            out.push(c);
            used += cw;
        }
        at += cw;
    }
    let start = start.unwrap_or(cursor);
    (out, (1 + cursor.saturating_sub(start)).min(width - 1))
}

/// Breaks `text` into rows of at most `width` cells by the Unicode line-breaking rules
/// (UAX #14, through `textwrap`): between words of a spaced language (English), between Chinese
/// characters, but never before closing punctuation such as `。`, `，`, `、` or `）`, which
/// stays at the end of the row before. A word longer than a row is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, 0, 0)
}

/// [`wrap`], for rows whose first `first` cells and later rows' first `rest` cells hold
/// something else (a label, an indent): the rows' text only, each to be put after its indent.
pub fn wrap_hanging(text: &str, width: usize, first: usize, rest: usize) -> Vec<String> {
    let width = width.max(rest + 2);
    if first + 2 > width {
        // The label fills the first row: the text starts on the next.
        let mut rows = vec![String::new()];
        rows.extend(wrap_hanging(text, width, rest, rest));
        return rows;
    }
    let first = " ".repeat(first);
    let rest = " ".repeat(rest);
    let options = textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::UnicodeBreakProperties)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        // A date (2026-11-26) or a number is never split at its hyphen; it moves whole.
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true)
        .initial_indent(&first)
        .subsequent_indent(&rest);
    let rows: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let indent = if i == 0 { first.len() } else { rest.len() };
            row.get(indent..).unwrap_or("").to_string()
        })
        .collect();
    if rows.is_empty() {
        vec![String::new()]
    } else {
        rows
    }
}

/// A character of Chinese writing: CJK ideographs (with extension A), CJK punctuation and the
/// full-width forms (，。：（）).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
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

/// `text` without leading and trailing white space, as [`str::trim`] gives it; a text that
/// neither begins nor ends with white space (nearly every one) is returned after looking at its
/// first and last characters only (`str::trim` took about 100 ns a call here, 10 ms a bulletin).
pub fn trimmed(text: &str) -> &str {
    let mut chars = text.chars();
    match (chars.next(), chars.next_back()) {
        (Some(first), last)
            if !first.is_whitespace() && last.is_none_or(|c| !c.is_whitespace()) =>
        {
            text
        }
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn safe_text_shows_invisible_characters_by_their_code() {
        assert_eq!(super::safe("abc\u{202e}txt.exe"), "abc<U+202E>txt.exe");
        assert_eq!(
            super::safe("督\u{200b}办\u{e0041}"),
            "督<U+200B>办<U+E0041>"
        );
        assert_eq!(super::safe("a\u{1b}[31mb\n"), "a\u{FFFD}[31mb ");
        // A variation selector chooses a glyph; it stays.
        assert_eq!(super::safe("葛\u{e0100}"), "葛\u{e0100}");
        assert!(!super::invisible('a') && !super::invisible('\u{3000}'));
    }

    #[test]
    fn trimmed_is_trim() {
        for t in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{3000}会议\u{3000}",
            "第6次常务会议",
            "会议\u{a0}",
            "\u{b}x",
            "x\n",
            "中",
        ] {
            assert_eq!(super::trimmed(t), t.trim(), "{t:?}");
        }
    }

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

    #[test]
    fn one_row_shows_line_ends() {
        assert_eq!(one_row("一\n二\tb\u{1b}"), "一⏎二 b\u{FFFD}");
    }

    #[test]
    fn window_keeps_the_cursor_in_view() {
        // Fits: shown whole.
        assert_eq!(window("abc", 3, 4), ("abc".into(), 3));
        assert_eq!(window("abcd", 2, 4), ("abcd".into(), 2));
        // Too long, cursor near the start: cut at the end.
        assert_eq!(window("abcdefgh", 1, 5), ("abcd…".into(), 1));
        // Cursor at the end: cut at the start, cursor on the last cell.
        assert_eq!(window("abcdefgh", 8, 5), ("…fgh".into(), 4));
        assert_eq!(window("abcdefgh", 5, 5), ("…cdef".into(), 4));
        // Wide characters are never split.
        let (shown, at) = window("督查督办事项", 12, 7);
        assert_eq!((shown.as_str(), at), ("…事项", 5));
        assert!(width(&shown) <= 7);
    }

    #[test]
    fn wrap_breaks_at_spaces_or_anywhere() {
        assert_eq!(
            wrap("title takes one line", 11),
            ["title takes", "one line"]
        );
        assert_eq!(wrap("督查督办事项", 5), ["督查", "督办", "事项"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(
            wrap("✖ 只能填一行，粘贴", 9),
            ["✖ 只能填", "一行，粘", "贴"]
        );
        for row in wrap("事项名称只能填一行，粘贴的内容有 3 行，未粘贴", 9) {
            assert!(width(&row) <= 9, "{row}");
        }
    }

    /// A date moves to the next row whole instead of splitting at a hyphen ("2026-⏎11-26").
    #[test]
    fn a_date_is_never_split_at_its_hyphen() {
        for width in 12..24 {
            for row in wrap("2026-197  时限 2026-11-26 → 2026-12-10", width) {
                assert!(!row.ends_with('-'), "{width}: {row:?}");
            }
        }
        assert_eq!(wrap("deadline 2026-11-26", 14), ["deadline", "2026-11-26"]);
    }

    #[test]
    fn hanging_rows_leave_room_for_their_lead() {
        let rows = wrap_hanging("督查督办事项清单，按时报送。", 12, 6, 2);
        assert_eq!(rows, ["督查督", "办事项清", "单，按时报", "送。"]);
        assert_eq!(wrap_hanging("", 10, 4, 2), [""]);
    }

    /// No row of a wrapped Chinese paragraph starts with closing punctuation, at any width.
    #[test]
    fn chinese_wraps_by_the_line_breaking_rules() {
        let text = "请于本月底前完成老旧小区改造项目的立项审批。已完成的，报送办结报告；\
                    未完成的，说明原因、提出整改措施（含时间表）：并由分管领导签字「确认」。";
        for width in 8..60 {
            let rows = wrap(text, width);
            assert_eq!(rows.concat(), text.replace(' ', ""), "width {width}");
            for row in &rows {
                assert!(self::width(row) <= width, "{row} at {width}");
                let first = row.chars().next();
                assert!(
                    !matches!(first, Some('。' | '，' | '、' | '；' | '：' | '）' | '」')),
                    "width {width}: {rows:?}"
                );
            }
        }
    }

    #[test]
    fn no_row_runs_past_the_width_whatever_the_label_takes() {
        let text = "逾期未报送进展情况，请于三个工作日内书面说明原因。";
        for width in 8..40 {
            for first in 0..=width {
                let rows = wrap_hanging(text, width, first, 2);
                for (i, row) in rows.iter().enumerate() {
                    let indent = if i == 0 { first } else { 2 };
                    assert!(
                        indent + super::width(row) <= width,
                        "width {width}, label {first}: row {i} {row:?}"
                    );
                }
                assert_eq!(rows.concat().replace(' ', ""), text.replace(' ', ""));
            }
        }
    }
}

/// A key that sorts names as a Chinese reader expects them listed (按拼音排序), the order an
/// office's own tables use: each character by its GB2312 code, whose 3,755 common characters
/// (一级汉字, the characters of department names) are laid out in pinyin order; this is what
/// `ORDER BY CONVERT(name USING gbk)` gives in the databases offices use. Latin letters and
/// digits come first; rarer characters (二级汉字, GBK's extensions) follow the common ones by their
/// code, and characters GBK does not have come last, by code point.
pub fn pinyin_key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() * 2);
    let mut buf = [0u8; 4];
    for c in name.chars() {
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase() as u8);
            continue;
        }
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
        match (unmappable, bytes.as_ref()) {
            // 一级汉字 and the full-width symbols before them: as encoded.
            (false, [lead @ 0xA1..=0xD7, trail @ 0xA1..=0xFE]) => key.extend([*lead, *trail]),
            (false, [lead, trail]) => key.extend([0xFE, *lead, *trail]),
            _ => {
                key.push(0xFF);
                key.extend((c as u32).to_be_bytes());
            }
        }
    }
    key
}

#[cfg(test)]
mod pinyin_tests {
    use super::pinyin_key;

    #[test]
    fn departments_sort_by_pinyin() {
        let mut names = vec![
            "住建局",
            "财政局",
            "城管局",
            "发改委",
            "审计局",
            "教育局",
            "公安局",
            "水务局",
            "农业农村局",
            "ABC办",
        ];
        names.sort_by_key(|n| pinyin_key(n));
        assert_eq!(
            names,
            [
                "ABC办",
                "财政局",
                "城管局",
                "发改委",
                "公安局",
                "教育局",
                "农业农村局",
                "审计局",
                "水务局",
                "住建局"
            ]
        );
    }

    #[test]
    fn a_character_gbk_lacks_comes_last() {
        assert!(pinyin_key("住建局") < pinyin_key("😀"));
        assert!(pinyin_key("住") < pinyin_key("𠀀"));
    }
}

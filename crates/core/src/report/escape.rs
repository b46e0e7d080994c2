//! Stored text written into a document as text, never as markup: escaped for Markdown and for
//! HTML, with control characters (a newline in a title would break a table row) as spaces.

/// Text for a Markdown document: the characters Markdown or the HTML inside it would read as
/// markup are escaped (`<` and `&` as entities, so that no renderer passes a tag through).
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML document, in an element or an attribute.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_stay_text() {
        let hostile = "<script>alert(\"x\")</script> & 'q' | *b* \u{1b}[31m\nnext";
        assert_eq!(
            html(hostile),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; | *b*  [31m next"
        );
        assert_eq!(
            md(hostile),
            "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' \\| \\*b\\*  \\[31m next"
        );
    }
}

//! The hostile corpus (`corpus.txt` beside this file), read into the strings it stands for.

#![allow(dead_code)]

/// Every input of the corpus, in its order.
pub fn corpus() -> Vec<String> {
    include_str!("corpus.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix("@repeat ") {
            Some(rest) => {
                let (n, text) = rest.split_once(' ').unwrap();
                unescape(text).repeat(n.parse().unwrap())
            }
            None => unescape(l),
        })
        .collect()
}

/// The inputs a command line can carry (an argument cannot hold NUL).
pub fn arguments() -> Vec<String> {
    corpus().into_iter().filter(|s| !s.contains('\0')).collect()
}

fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().unwrap() {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'e' => out.push('\u{1b}'),
            'a' => out.push('\u{7}'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            'u' => {
                assert_eq!(chars.next(), Some('{'));
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("unknown escape \\{other} in the corpus"),
        }
    }
    out
}

/// The characters no output may carry raw: C0 controls but line end and tab, DEL, C1
/// controls, and the invisible characters that reorder or hide text (bidi controls, isolates,
/// zero-width characters, tags).
pub fn unsafe_chars(text: &str) -> Vec<(usize, char)> {
    // A carriage return is a line end only before a line feed (CSV's line ends), and a byte
    // order mark only at the very start (CSV's, for spreadsheets).
    let text = text.replace("\r\n", "\n");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.char_indices()
        .filter(|&(_, c)| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c,
                    '\u{200b}'..='\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{61c}'
                    | '\u{feff}'
                    | '\u{e0000}'..='\u{e007f}')
        })
        .collect()
}

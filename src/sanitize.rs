//! Makes attacker-controlled feed text safe for a terminal and for links.
//!
//! Strips C0/C1 controls, ANSI CSI/OSC/DCS escape sequences and bidi overrides;
//! tabs and newlines become spaces unless the caller keeps newlines.

/// Characters that reorder text (bidi embeddings, overrides, isolates) or hide it.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Removes escape sequences and control characters. Newlines are kept when `keep_newlines`.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Printable ASCII, most of any text, is copied in runs.
        let run = bytes[i..].iter().take_while(|b| (0x20..0x7f).contains(*b)).count();
        out.push_str(&s[i..i + run]);
        i += run;
        let mut chars = s[i..].chars();
        let Some(c) = chars.next() else { break };
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI/OSC/DCS introducers used as 8-bit escapes.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
        i = s.len() - chars.as_str().len();
    }
    out
}

/// One line of display text: cleaned, whitespace collapsed.
pub fn line(s: &str) -> String {
    let cleaned = clean(s, false);
    let mut out = String::with_capacity(cleaned.len());
    push_words(&mut out, &cleaned, None);
    out
}

/// Appends the words of `text`, single-spaced. When there is a word, `lead` goes first
/// if `out` already holds text (a line break, for multi-line text).
pub fn push_words(out: &mut String, text: &str, lead: Option<char>) {
    // ASCII text needs no Unicode whitespace tables.
    if text.is_ascii() {
        push_each(out, text.split_ascii_whitespace(), lead);
    } else {
        push_each(out, text.split_whitespace(), lead);
    }
}

fn push_each<'a>(out: &mut String, words: impl Iterator<Item = &'a str>, lead: Option<char>) {
    for (i, w) in words.enumerate() {
        match (i, lead) {
            (0, Some(l)) if !out.is_empty() => out.push(l),
            (0, _) => {}
            _ => out.push(' '),
        }
        out.push_str(w);
    }
}

fn peek(chars: &std::str::Chars) -> Option<char> {
    chars.clone().next()
}

fn skip_escape(chars: &mut std::str::Chars) {
    match peek(chars) {
        Some('[') => {
            chars.next();
            skip_until_final(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameters and intermediates until a final byte in 0x40..=0x7E.
fn skip_until_final(chars: &mut std::str::Chars) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS strings: until BEL or ST (ESC \ or 0x9C).
fn skip_string(chars: &mut std::str::Chars) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if peek(chars) == Some('\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// A link that is safe to hand to a browser: http(s) only, no controls or spaces.
pub fn safe_link(link: &str) -> Option<String> {
    let l = link.trim();
    if l.chars().any(|c| c.is_control() || c.is_whitespace() || is_invisible_format(c)) {
        return None;
    }
    let u = url::Url::parse(l).ok()?;
    match u.scheme() {
        "http" | "https" if u.host_str().is_some() => Some(u.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_ansi_osc_and_controls() {
        let evil = "Kim\u{1b}[31m red\u{1b}[0m \u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{1b}\\ \u{7}bell\u{0}";
        assert_eq!(clean(evil, false), "Kim red link bell");
        assert_eq!(clean("a\u{9b}2Jb", false), "ab");
        assert_eq!(clean("title\u{1b}]0;pwned\u{1b}\\ok", false), "titleok");
    }

    #[test]
    fn strips_bidi_and_keeps_text() {
        assert_eq!(clean("abc\u{202E}fed\u{2066}x", false), "abcfedx");
        assert_eq!(clean("Ким Чен Ын 김정은 🚀", false), "Ким Чен Ын 김정은 🚀");
        assert_eq!(line("  a\n\tb  \r c "), "a b c");
        assert_eq!(clean("a\nb", true), "a\nb");
    }

    #[test]
    fn links() {
        assert_eq!(safe_link("https://example.org/a?b=1").as_deref(), Some("https://example.org/a?b=1"));
        assert!(safe_link("javascript:alert(1)").is_none());
        assert!(safe_link("file:///etc/passwd").is_none());
        assert!(safe_link("https://x.org/$(rm -rf ~)").is_none());
        assert!(safe_link("https://x.org/\u{1b}[31m").is_none());
    }
}

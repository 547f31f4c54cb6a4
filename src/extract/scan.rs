//! One pass over an article: the folded text (with its map back to the original) that the
//! gazetteer matches against, and the words that discovery and coreference work on. Each
//! word's folded key is a slice of the folded text, so nothing is folded twice.

use super::fold::{
    ASCII, Folded, Out, cyrillic_word_end, flush_sep, fold_char, fold_cyrillic_word, is_cyrillic, is_ignorable, latin_letter,
    sep, unicode_sep,
};

/// A word of the original text.
#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    /// First letter upper case.
    pub cap: bool,
    /// Holds a lower-case letter (headline detection: ALL CAPS lines have none).
    pub lower: bool,
    /// First word of a sentence or line.
    pub sent_start: bool,
    /// Index of the line (for headline detection).
    pub line: u32,
    /// The folded form's span in the folded text.
    pub(super) k: (u32, u32),
    /// The folded form is one run of ASCII letters and digits (no inner separator, no
    /// other script): the matcher takes it as one word without looking.
    pub(super) plain: bool,
}

/// The word being read.
#[derive(Clone, Copy, Default)]
struct Open {
    start: usize,
    k0: u32,
    cap: bool,
    lower: bool,
    plain: bool,
}

struct Scanner<'a> {
    text: &'a str,
    out: Out,
    pending: Option<(u8, usize)>,
    toks: Vec<Tok>,
    /// The word being read, when `is_open` (a flag beside a plain struct: cheaper to test and
    /// clear per word than taking an `Option`).
    open: Open,
    is_open: bool,
    sent_start: bool,
    line: u32,
}

impl Scanner<'_> {
    /// Starts a word at `i` unless one is open; flushes the separator before it. `plain`:
    /// what follows is ASCII letters and digits folded one to one.
    fn begin(&mut self, i: usize, cap: bool, lower: bool, plain: bool) {
        let joined = self.pending.is_some();
        if joined {
            flush_sep(&mut self.out, &mut self.pending);
        }
        if self.is_open {
            self.open.plain &= plain && !joined;
            self.open.lower |= lower;
        } else {
            self.open = Open { start: i, k0: self.out.buf.len() as u32, cap, lower, plain };
            self.is_open = true;
        }
    }

    /// Closes the open word, if any, at original offset `end`.
    fn close(&mut self, end: usize) {
        if self.is_open {
            self.is_open = false;
            let o = self.open;
            // Folding a key alone (no offset map) needs no words.
            if !self.out.map {
                return;
            }
            let k = (o.k0, self.out.buf.len() as u32);
            self.toks.push(Tok {
                start: o.start,
                end,
                cap: o.cap,
                lower: o.lower,
                sent_start: self.sent_start,
                line: self.line,
                k,
                plain: o.plain,
            });
            self.sent_start = false;
        }
    }

    /// A plain space at `i`, the most common separator: what the general case does for it.
    #[inline]
    fn space(&mut self, i: usize) {
        self.close(i);
        if self.pending.is_none() {
            self.pending = Some((b' ', i));
        }
    }

    /// Sentence and line bookkeeping for a character that is not part of a word.
    fn boundary(&mut self, c: char) {
        match c {
            '\n' => {
                self.line += 1;
                self.sent_start = true;
            }
            '.' | '!' | '?' | ':' | '…' | '。' => {
                // "M." and "Dr." do not end sentences.
                let prev = self.toks.last().map(|t| &self.text[t.start..t.end]);
                if !prev.is_some_and(|p| p.chars().count() <= 2 && p.chars().next().is_some_and(char::is_uppercase)) {
                    self.sent_start = true;
                }
            }
            _ => {}
        }
    }

    /// Whether a joiner at `i` (hyphen, apostrophe letter) continues the open word.
    fn joins(&self, next: usize) -> bool {
        self.is_open && self.text.as_bytes().get(next).is_some_and(|n| n.is_ascii_alphanumeric() || *n >= 0x80)
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte of `x` (all below 0x80) set when the byte is in `lo..=hi`.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    (x + (0x80 - lo as u64) * LO) & !(x + (0x7f - hi as u64) * LO) & HI
}

/// How many of the 8 bytes of `bytes` from `at` are ASCII letters or digits before any other
/// byte, those 8 bytes with upper-case letters lowered, and whether a lower-case letter is
/// among the `n` (SWAR: no branch per byte).
#[inline]
fn ascii_word_bytes(bytes: &[u8], at: usize) -> (usize, u64, bool) {
    let x = super::wordtable::read8(bytes, at);
    let ascii = !x & HI;
    let x7 = x & !HI;
    // Setting bit 5 maps A-Z onto a-z and nothing else onto a-z: one range test for letters.
    let letter = in_range(x7 | (0x20 * LO), b'a', b'z') & ascii;
    let upper = letter & !((x7 & (0x20 * LO)) << 2);
    let word = letter | (in_range(x7, b'0', b'9') & ascii);
    let n = ((word ^ HI).trailing_zeros() / 8) as usize;
    // Below the first byte that is no word byte (all of it when there is none).
    let t = word ^ HI;
    let lower = (letter ^ upper) & (t & t.wrapping_neg()).wrapping_sub(1) != 0;
    (n, x | (upper >> 2), lower)
}

/// Folds `text` and splits it into words in one pass.
pub fn scan(text: &str) -> (Folded, Vec<Tok>) {
    scan_reusing(text, Folded::default(), Vec::new())
}

/// The same, into the buffers of a previous result (cleared first): no allocation per text.
pub(super) fn scan_reusing(text: &str, old: Folded, mut toks: Vec<Tok>) -> (Folded, Vec<Tok>) {
    let (mut buf, mut anchors) = old.into_buffers();
    buf.clear();
    buf.reserve(text.len() + 8);
    anchors.clear();
    anchors.reserve(text.len() / 16 + 4);
    toks.clear();
    toks.reserve(text.len() / 5);
    let (out, toks) = scan_into(Out::new(buf, anchors, true), text, toks);
    (Folded::from_out(out), toks)
}

/// Appends the folded form of `text` to `out` (offsets in the map are into `text`), and
/// its words to `toks` when the map is kept.
pub(super) fn scan_into(out: Out, text: &str, toks: Vec<Tok>) -> (Out, Vec<Tok>) {
    let mut s = Scanner { text, toks, out, pending: None, open: Open::default(), is_open: false, sent_start: true, line: 0 };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let class = ASCII[b as usize];
            if class > 1 {
                s.begin(i, b.is_ascii_uppercase(), false, true);
                // Hot path: a run of ASCII letters and digits, one byte in, one byte out,
                // 8 bytes at a time.
                s.out.mark_run(i);
                let mut any_lower = false;
                loop {
                    let (n, folded, lower) = ascii_word_bytes(bytes, i);
                    s.out.buf.extend_from_slice(&folded.to_le_bytes());
                    s.out.buf.truncate(s.out.buf.len() - 8 + n);
                    any_lower |= lower;
                    i += n;
                    if n < 8 {
                        break;
                    }
                }
                s.open.lower |= any_lower;
                continue;
            }
            if b == b' ' {
                s.space(i);
                i += 1;
                continue;
            }
            // "Jong-un", "Iounous-Bek": one word whose key holds a space.
            if !(b == b'-' && s.joins(i + 1)) {
                s.close(i);
                if matches!(b, b'\n' | b'.' | b'!' | b'?' | b':') {
                    s.boundary(b as char);
                }
            }
            sep(&mut s.pending, if class == 1 { b'|' } else { b' ' }, i);
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if is_cyrillic(c) {
            let end = cyrillic_word_end(text, i);
            let word = &text[i..end];
            s.begin(i, c.is_uppercase(), word.chars().any(char::is_lowercase), false);
            fold_cyrillic_word(&mut s.out, &text[i..end], i);
            s.out.cyrillic = true;
            i = end;
            continue;
        }
        // The common cases first, without Unicode table lookups: accented Latin letters and
        // typographic punctuation (same result as the general path below).
        if let Some(l) = latin_letter(c) {
            s.begin(i, l.upper, l.lower, false);
            s.out.mark_char(i);
            s.out.buf.extend_from_slice(&l.bytes[..l.len as usize]);
            i += len;
            continue;
        }
        if matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}'..='\u{201E}' | '\u{2013}' | '\u{2014}' | '«' | '»' | '\u{A0}' | '…')
        {
            s.close(i);
            s.boundary(c);
            sep(&mut s.pending, unicode_sep(c), i);
            i += len;
            continue;
        }
        if c.is_alphanumeric() && c != 'ʼ' {
            s.begin(i, c.is_uppercase(), c.is_lowercase(), false);
            fold_char(&mut s.out, c, i);
        } else if unicode_normalization::char::is_combining_mark(c) || is_ignorable(c) {
            // Diacritics and joiners vanish; the word goes on.
        } else {
            // "пʼятниця", "Jong‐un": joiners inside a word; anything else ends it.
            if !(matches!(c, 'ʼ' | '‐') && s.joins(i + len)) {
                s.close(i);
                s.boundary(c);
            }
            sep(&mut s.pending, unicode_sep(c), i);
        }
        i += len;
    }
    s.close(text.len());
    // A trailing separator run is dropped.
    (s.out, s.toks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_at_a_time() {
        assert_eq!(ascii_word_bytes(b"KimJong-un", 0), (7, u64::from_le_bytes(*b"kimjong-"), true));
        assert_eq!(ascii_word_bytes(b"Seoul", 0).0, 5);
        assert_eq!(ascii_word_bytes(b"ABCDEFGHIJ", 2), (8, u64::from_le_bytes(*b"cdefghij"), false));
        // Lower-case letters after the word do not count.
        assert_eq!(ascii_word_bytes(b"NATO-ab", 0), (4, u64::from_le_bytes(*b"nato-ab\0"), false));
        assert_eq!(ascii_word_bytes(b"[`{@", 0).1, u64::from_le_bytes(*b"[`{@\0\0\0\0"));
        assert_eq!(ascii_word_bytes("Zé".as_bytes(), 0).0, 1);
        for (i, c) in (0u8..=255).enumerate() {
            let n = ascii_word_bytes(&[c, b' '], 0).0;
            assert_eq!(n == 1, c.is_ascii_alphanumeric(), "byte {i}");
        }
    }

    #[test]
    fn folded_text_and_words_agree() {
        let t = "Kim Jong-un a rencontré M. Lavrov.\nЛавров прибыл в Пхеньян; пʼятниця";
        let (f, toks) = scan(t);
        assert_eq!(f.text, "kim jong un a rencontre m|lavrov|lavrov pribyl v pkhenyan|p yatnitsya");
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(words, ["Kim", "Jong-un", "a", "rencontré", "M", "Lavrov", "Лавров", "прибыл", "в", "Пхеньян", "пʼятниця"]);
        let keys: Vec<&str> = toks.iter().map(|k| &f.text[k.k.0 as usize..k.k.1 as usize]).collect();
        let plain: Vec<bool> = toks.iter().map(|k| k.plain).collect();
        assert_eq!(plain, [true, false, true, false, true, true, false, false, false, false, false]);
        assert_eq!(keys[1], "jong un");
        assert_eq!(keys[3], "rencontre");
        assert_eq!(keys[6], "lavrov");
        // Sentence starts: first word, after "Lavrov." (not after "M."), and each new line.
        let starts: Vec<bool> = toks.iter().map(|k| k.sent_start).collect();
        assert_eq!(starts, [true, false, false, false, false, false, true, false, false, false, false]);
        assert_eq!(toks[6].line, 1);
    }
}

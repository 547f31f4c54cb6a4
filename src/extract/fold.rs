//! Folding text for matching: case, diacritics, Cyrillic (transliterated; inflected forms
//! come from the aliases' side, see `inflect`),
//! Arabic letter variants, hyphens and spacing — with a byte map back to the original.
//!
//! Separators: whitespace, hyphens and apostrophes fold to `' '`; sentence punctuation
//! to `'|'`; runs collapse to one separator, so "Kim  Jong-un" and "Kim Jong Un" agree.

/// Folded text and where in the original each folded byte came from.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    pub text: String,
    /// The map back to the original, sparse: see [`Anchor`].
    anchors: Vec<Anchor>,
    /// The original holds a Cyrillic word.
    pub(super) cyrillic: bool,
}

/// A point of the offset map. From `fold` up to the next anchor, folded bytes map to the
/// original either one to one from `orig` (`run`: ASCII copied through) or all to the char
/// at `orig` (a char folded to other bytes). Most ASCII text needs one anchor per change
/// of offset (a collapsed separator run, an accented letter), not one entry per byte.
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchor {
    fold: u32,
    orig: u32,
    run: bool,
}

impl Folded {
    pub(super) fn from_out(mut o: Out) -> Folded {
        Folded { text: o.finish(), anchors: std::mem::take(&mut o.anchors), cyrillic: o.cyrillic }
    }

    /// The allocations behind it, to fold another text into.
    pub(super) fn into_buffers(self) -> (Vec<u8>, Vec<Anchor>) {
        (self.text.into_bytes(), self.anchors)
    }

    /// Original offset of the char behind folded byte `p`.
    fn orig_at(&self, p: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.fold as usize <= p);
        self.orig_by(i, p)
    }

    /// The same, `i` being the number of anchors at or before `p`.
    fn orig_by(&self, i: usize, p: usize) -> usize {
        match i.checked_sub(1).map(|i| self.anchors[i]) {
            Some(a) if a.run => a.orig as usize + (p - a.fold as usize),
            Some(a) => a.orig as usize,
            None => p,
        }
    }

    /// Original byte span of folded range `s..e` (e exclusive, e > s) within `original`.
    pub fn original(&self, original: &str, s: usize, e: usize) -> (usize, usize) {
        let last = self.orig_at(e - 1);
        let width = original[last..].chars().next().map_or(0, char::len_utf8);
        (self.orig_at(s), last + width)
    }

    /// The same for ranges asked in order of `s`: `cursor` (0 at first) walks the map
    /// forward instead of a binary search per range.
    pub(super) fn original_in_order(&self, original: &str, s: usize, e: usize, cursor: &mut usize) -> (usize, usize) {
        let past = |i: &mut usize, p: usize| {
            while *i < self.anchors.len() && self.anchors[*i].fold as usize <= p {
                *i += 1;
            }
        };
        past(cursor, s);
        let mut j = *cursor;
        past(&mut j, e - 1);
        let last = self.orig_by(j, e - 1);
        let width = original.get(last..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
        (self.orig_by(*cursor, s), last + width)
    }
}

/// Folds a whole text (the scanner's folded text; its words are not needed here).
pub fn fold(text: &str) -> Folded {
    super::scan::scan(text).0
}

/// The folded text alone, without the offset map (for aliases and word lists).
pub fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    fold_key_into(text, &mut out);
    out
}

/// Appends the folded form of a word (or any text) to `out`, without the offset map.
pub fn fold_key_into(text: &str, out: &mut String) {
    let o = Out::new(std::mem::take(out).into_bytes(), Vec::new(), false);
    *out = super::scan::scan_into(o, text, Vec::new()).0.finish();
}

/// The folded bytes being built, with their offset map. Every write into `buf` is preceded
/// by a mark ([`Out::mark_run`] or [`Out::mark_char`]) when the map is kept.
pub(super) struct Out {
    pub(super) buf: Vec<u8>,
    pub(super) anchors: Vec<Anchor>,
    pub(super) map: bool,
    /// A Cyrillic word was folded.
    pub(super) cyrillic: bool,
    /// `orig - fold` of the last anchor when it is a run (`None` otherwise): kept here so
    /// that each word does not read the anchors back.
    pub(super) run_delta: Option<u32>,
}

impl Out {
    /// Folding into `buf`, keeping the offset map in `anchors` when `map`.
    pub(super) fn new(buf: Vec<u8>, anchors: Vec<Anchor>, map: bool) -> Out {
        Out { buf, anchors, map, cyrillic: false, run_delta: None }
    }

    /// ASCII bytes from original offset `orig` are about to be copied one to one.
    #[inline]
    pub(super) fn mark_run(&mut self, orig: usize) {
        if !self.map {
            return;
        }
        let (fold, orig) = (self.buf.len() as u32, orig as u32);
        let delta = orig.wrapping_sub(fold);
        if self.run_delta == Some(delta) {
            return;
        }
        self.run_delta = Some(delta);
        self.anchors.push(Anchor { fold, orig, run: true });
    }

    /// The folding of the char at original offset `orig` is about to be written.
    #[inline]
    pub(super) fn mark_char(&mut self, orig: usize) {
        if self.map {
            self.run_delta = None;
            self.anchors.push(Anchor { fold: self.buf.len() as u32, orig: orig as u32, run: false });
        }
    }

    pub(super) fn finish(&mut self) -> String {
        // Only whole UTF-8 sequences are ever pushed; the check is a formality.
        String::from_utf8(std::mem::take(&mut self.buf)).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// ASCII byte classes: a letter or digit maps to its lower case; separators to 0 (space
/// kind) or 1 (sentence punctuation).
pub(super) const ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'"' | b'[' | b']' | b'/' | b'|') {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

fn push(f: &mut Out, c: char, start: usize) {
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    f.mark_char(start);
    f.buf.extend_from_slice(s.as_bytes());
}

pub(super) fn sep(pending: &mut Option<(u8, usize)>, kind: u8, at: usize) {
    match pending {
        Some((k, _)) if *k == b'|' => {}
        Some((k, _)) => *k = kind.max(*k),
        None => *pending = Some((kind, at)),
    }
    // '|' (0x7c) outranks ' ' (0x20): a run holding sentence punctuation stays a hard break.
}

pub(super) fn flush_sep(f: &mut Out, pending: &mut Option<(u8, usize)>) {
    if let Some((k, at)) = pending.take()
        && !f.buf.is_empty()
    {
        // One folded byte for the separator run, mapped to its first char; the next write
        // marks again if the offsets shifted (runs, wide chars).
        f.mark_run(at);
        f.buf.push(k);
    }
}

pub(super) fn unicode_sep(c: char) -> u8 {
    match c {
        '«' | '»' | '“' | '”' | '„' | '。' | '、' | '，' | '：' | '；' | '！' | '？' | '…' | '—' | '《' | '》' | '「' | '」' => {
            b'|'
        }
        _ => b' ',
    }
}

pub(super) fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{0640}')
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

pub(super) fn cyrillic_word_end(text: &str, start: usize) -> usize {
    text[start..].char_indices().find(|(_, c)| !is_cyrillic(*c)).map(|(o, _)| start + o).unwrap_or(text.len())
}

/// Latin and other scripts: lowercase, strip diacritics, fold a few special letters.
pub(super) fn fold_char(f: &mut Out, c: char, start: usize) {
    let special: Option<&str> = match c {
        'ß' | 'ẞ' => Some("ss"),
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ı' => Some("i"),
        'þ' | 'Þ' => Some("th"),
        // Arabic letter variants that spelling varies on.
        'أ' | 'إ' | 'آ' | 'ٱ' => Some("ا"),
        'ة' => Some("ه"),
        'ى' => Some("ي"),
        _ => None,
    };
    if let Some(s) = special {
        for ch in s.chars() {
            push(f, ch, start);
        }
        return;
    }
    if c.is_ascii() {
        push(f, c.to_ascii_lowercase(), start);
        return;
    }
    let mut any = false;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if unicode_normalization::char::is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            push(f, l, start);
            any = true;
        }
    });
    if !any {
        push(f, c, start);
    }
}

/// How folding writes a letter of U+00C0..U+024F (accented Latin, most non-ASCII letters of
/// news text): looked up, instead of asking the Unicode tables for each one.
#[derive(Clone, Copy)]
pub(super) struct LatinLetter {
    pub(super) bytes: [u8; 4],
    pub(super) len: u8,
    pub(super) upper: bool,
    pub(super) lower: bool,
}

const LATIN: std::ops::Range<u32> = 0xC0..0x250;

/// The folding of `c` when it is a letter (or digit) of [`LATIN`]: what [`fold_char`] writes.
pub(super) fn latin_letter(c: char) -> Option<LatinLetter> {
    static TABLE: std::sync::OnceLock<Vec<Option<LatinLetter>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        LATIN
            .map(|u| {
                let c = char::from_u32(u).filter(|c| c.is_alphanumeric())?;
                let mut out = Out::new(Vec::new(), Vec::new(), false);
                fold_char(&mut out, c, 0);
                let mut bytes = [0u8; 4];
                bytes.get_mut(..out.buf.len())?.copy_from_slice(&out.buf);
                Some(LatinLetter { bytes, len: out.buf.len() as u8, upper: c.is_uppercase(), lower: c.is_lowercase() })
            })
            .collect()
    });
    table.get((c as u32).wrapping_sub(LATIN.start) as usize).copied().flatten()
}

pub(super) fn fold_cyrillic_word(f: &mut Out, word: &str, base: usize) {
    for (o, c) in word.char_indices() {
        let lower = cyrillic_lower(c);
        // Transliterations are ASCII: bytes straight in.
        let latin = translit(lower).as_bytes();
        f.mark_char(base + o);
        f.buf.extend_from_slice(latin);
    }
}

/// Lower case of a Cyrillic letter without the general Unicode tables.
fn cyrillic_lower(c: char) -> char {
    match c {
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        'Ґ' => 'ґ',
        _ => c,
    }
}

/// Latin letters for a lower-case Cyrillic letter (also the base of `translit::romanize`).
pub(super) fn translit(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' | 'ї' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ґ' => "g",
        'ъ' | 'ь' => "",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_spacing() {
        assert_eq!(fold("Sergueï  Lavrov").text, "serguei lavrov");
        assert_eq!(fold("Kim Jong-un").text, "kim jong un");
        assert_eq!(fold("Erdoğan, l’OTAN.").text, "erdogan|l otan");
        assert_eq!(fold("Außenministerin").text, "aussenministerin");
        assert_eq!(fold("U.S. troops").text, "u|s|troops");
    }

    #[test]
    fn cyrillic_transliterates() {
        assert_eq!(fold("Путин").text, "putin");
        assert_eq!(fold("Лаврову").text, "lavrovu");
        assert_eq!(fold("КНДР").text, "kndr");
        assert_eq!(fold("Зеленський").text, "zelenskii");
    }

    #[test]
    fn map_points_back_to_original() {
        let t = "Le président Poutine à Moscou";
        let f = fold(t);
        let p = f.text.find("poutine").unwrap();
        let (s, e) = f.original(t, p, p + 7);
        assert_eq!(&t[s..e], "Poutine");
        let t = "встреча с Лавровым в";
        let f = fold(t);
        let p = f.text.find("lavrovym").unwrap();
        let (s, e) = f.original(t, p, p + 8);
        assert_eq!(&t[s..e], "Лавровым");
        // Collapsed separators, a wide separator, letters that fold to two bytes or none.
        let t = "Kim ,  Jong — Straße Объявь Lee";
        let f = fold(t);
        // Ranges asked in order of their start give the same spans as asked one by one.
        let mut cursor = 0;
        for s in 0..f.text.len() {
            for e in [s + 1, (s + 5).min(f.text.len())] {
                let mut c = cursor;
                assert_eq!(f.original_in_order(t, s, e, &mut c), f.original(t, s, e), "{s}..{e}");
            }
            f.original_in_order(t, s, s + 1, &mut cursor);
        }
        for w in ["kim", "jong", "strasse", "obyav", "lee"] {
            let p = f.text.find(w).unwrap();
            let (s, e) = f.original(t, p, p + w.len());
            assert_eq!(fold(&t[s..e]).text, w, "{w} → {:?}", &t[s..e]);
        }
    }
}

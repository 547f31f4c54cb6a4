//! Per-article language detection (whatlang), reported as ISO 639-1 codes.

use std::collections::HashMap;
use std::sync::OnceLock;

use whatlang::{Detector, Lang};

use super::discover::{Tok, Tokens};
use super::fold::fold_key;
use super::wordtable::WordTable;

/// Languages news in the knowledge base is written in; restricting whatlang to them
/// makes short texts far more reliable.
const ALLOW: [(Lang, &str); 20] = [
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Por, "pt"),
    (Lang::Rus, "ru"),
    (Lang::Ukr, "uk"),
    (Lang::Ara, "ar"),
    (Lang::Cmn, "zh"),
    (Lang::Jpn, "ja"),
    (Lang::Kor, "ko"),
    (Lang::Nld, "nl"),
    (Lang::Pol, "pl"),
    (Lang::Tur, "tr"),
    (Lang::Nob, "no"),
    (Lang::Swe, "sv"),
    (Lang::Heb, "he"),
    (Lang::Pes, "fa"),
    (Lang::Hin, "hi"),
];

/// Latin-script languages of [`ALLOW`] whatlang weighs only on evidence (a function word
/// or a letter of theirs): each language costs whatlang a fixed ~1.5 µs per text, so short
/// headlines in the major languages are settled faster without them.
const MINOR_LATIN: [Lang; 5] = [Lang::Nld, Lang::Tur, Lang::Swe, Lang::Nob, Lang::Pol];
const MAJOR_LATIN: [Lang; 6] = [Lang::Eng, Lang::Fra, Lang::Deu, Lang::Spa, Lang::Ita, Lang::Por];

/// A reusable detector.
pub struct LangDetector {
    detector: Detector,
    /// Latin-script detectors: the major languages plus the minor ones of each bit set.
    latin: [OnceLock<Detector>; 1 << MINOR_LATIN.len()],
}

impl Default for LangDetector {
    fn default() -> Self {
        LangDetector {
            detector: Detector::with_allowlist(ALLOW.iter().map(|(l, _)| *l).collect()),
            latin: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

impl LangDetector {
    /// ISO 639-1 code of `text` ("und" when unknown). Only the first 320 bytes are read.
    pub fn detect(&self, text: &str) -> &'static str {
        let head = &text[..text.floor_char_boundary(HEAD)];
        self.detect_words(head, &super::discover::tokenize(head))
    }

    /// The same from a text's words (already split and folded for extraction).
    /// Scripts and function words settle most news text at once; whatlang decides the rest.
    pub fn detect_words(&self, text: &str, tk: &Tokens) -> &'static str {
        let head = &text[..text.floor_char_boundary(HEAD)];
        let words = &tk.toks[..tk.toks.partition_point(|t| t.start < head.len())];
        match quick(head, tk, words) {
            Quick::Sure(l) => l,
            Quick::TooShort => "und",
            Quick::Unsure(minor) => {
                let detector = match minor {
                    Some(bits) => self.latin[bits as usize].get_or_init(|| {
                        let minor = MINOR_LATIN.iter().enumerate().filter(|(i, _)| bits >> i & 1 == 1).map(|(_, l)| *l);
                        Detector::with_allowlist(MAJOR_LATIN.iter().copied().chain(minor).collect())
                    }),
                    None => &self.detector,
                };
                detector.detect_lang(head).and_then(|l| ALLOW.iter().find(|(a, _)| *a == l).map(|(_, c)| *c)).unwrap_or("und")
            }
        }
    }
}

/// Bytes read from the start of a text.
const HEAD: usize = 320;

enum Quick {
    Sure(&'static str),
    /// For Latin text, which of [`MINOR_LATIN`] have evidence (bits); `None`: any language.
    Unsure(Option<u8>),
    TooShort,
}

/// Russian or Ukrainian by function words only one of them has, when no letter settles it.
fn cyrillic_by_words(tk: &Tokens, words: &[Tok]) -> Option<&'static str> {
    const RU: [&str; 12] = ["что", "как", "это", "или", "его", "был", "была", "были", "также", "после", "заявил", "заявили"];
    const UK: [&str; 12] = ["що", "та", "як", "це", "або", "його", "був", "була", "були", "також", "після", "заявив"];
    static KEYS: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    let (ru_keys, uk_keys) = KEYS.get_or_init(|| {
        let keys = |l: &[&str]| -> Vec<String> { l.iter().map(|w| fold_key(w)).collect() };
        let (ru, uk) = (keys(&RU), keys(&UK));
        // A word both languages fold alike decides nothing.
        (ru.iter().filter(|k| !uk.contains(k)).cloned().collect(), uk.iter().filter(|k| !ru.contains(k)).cloned().collect())
    });
    let (mut ru, mut uk) = (0, 0);
    for t in words.iter().filter(|t| t.end - t.start <= 16) {
        let k = tk.key(t);
        ru += usize::from(ru_keys.iter().any(|w| w == k));
        uk += usize::from(uk_keys.iter().any(|w| w == k));
    }
    match (ru, uk) {
        (r, 0) if r > 0 => Some("ru"),
        (0, u) if u > 0 => Some("uk"),
        _ => None,
    }
}

/// Function words that are frequent in one language's news and rare in the others'.
const STOPWORDS: [(&str, &[&str]); 9] = [
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "was", "has", "said", "by", "from", "its", "his",
            "after", "are", "be", "it", "as", "at", "will", "have", "her", "not", "who", "over", "new", "these", "what", "how",
            "why", "this", "their", "more",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "que", "qui", "sur", "au", "aux", "avec", "ont",
            "selon", "à", "l", "d", "nouveaux", "ne", "pas", "plus", "après", "contre", "entre", "été", "sont", "son", "ses",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "den", "ist", "nicht", "mit", "sich", "des", "auf", "für", "ein", "eine", "dem", "im",
            "hat", "wird", "nach", "über", "noch", "wohl", "aus", "bei", "vom", "zum", "zur", "auch", "sind", "einen", "einem",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "que", "y", "en", "por", "una", "con", "para", "su", "como", "pero", "según", "fue", "ha",
            "al", "lanza", "hacia", "durante", "contra", "sus", "más", "también", "afirmó", "dijo", "tras",
        ],
    ),
    (
        "it",
        &[
            "il", "della", "che", "di", "per", "gli", "è", "delle", "nel", "alla", "dei", "una", "ha", "sono", "con", "anche",
            "dal", "secondo", "incontra", "non", "dopo", "tra", "sul", "nella", "degli", "alle",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "da", "do", "que", "em", "não", "uma", "para", "com", "dos", "das", "no", "na", "foi", "pelo", "ao",
            "segundo", "vai", "nas", "nos", "pela", "mais", "dispara", "após", "também", "disse",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "van", "en", "niet", "zijn", "voor", "met", "op", "dat", "aan", "bij", "ook", "werd", "heeft",
            "naar", "om",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "olan", "gibi", "daha", "çok", "ise", "sonra", "kadar",
            "göre", "ancak", "değil",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "det", "som", "för", "av", "är", "till", "med", "på", "inte", "ett", "har", "om", "kan", "sig",
            "under", "årets", "dit", "åker",
        ],
    ),
];

/// Word → bit set of the languages whose stopword list holds it. ASCII stopwords are
/// matched against a word's folded key; the others ("à", "für") against the word in
/// lower case, so that folding does not make "à" the English "a".
fn stopword_index() -> &'static WordTable {
    static INDEX: OnceLock<WordTable> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: HashMap<&str, u32> = HashMap::new();
        for (i, (_, list)) in STOPWORDS.iter().enumerate() {
            for w in *list {
                *m.entry(*w).or_insert(0) |= 1 << i;
            }
        }
        WordTable::build(m.into_iter().map(|(w, bits)| (w, (bits, 0))))
    })
}

/// The stopword bits of word `t`.
fn stopword_bits(head: &str, tk: &Tokens, t: &Tok) -> u16 {
    let index = stopword_index();
    let w = &head[t.start..t.end.min(head.len())];
    // A plain word is ASCII without looking.
    if t.plain || w.is_ascii() {
        return tk.lookup(index, t).map_or(0, |v| v.0 as u16);
    }
    if w.len() > 12 {
        return 0;
    }
    let lower = w.to_lowercase();
    index.get_word(lower.as_bytes()).map_or(0, |v| v.0 as u16)
}

/// Script- and stopword-based detection over the words of the head.
fn quick(head: &str, tk: &Tokens, words: &[Tok]) -> Quick {
    let (mut latin, mut cyr, mut uk_only, mut ru_only, mut han, mut kana, mut hangul, mut arabic, mut persian) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    // Letters of other scripts (Hebrew, Devanagari…) count towards length; whatlang names them.
    let mut other = 0u32;
    // Letters of the minor Latin languages (bits as in MINOR_LATIN).
    let mut minor = 0u8;
    for t in words {
        if t.plain {
            // ASCII letters and digits, its key the word in lower case: no decoding.
            let key = tk.key(t).as_bytes();
            let key = &key[..key.len().min(head.len() - t.start)];
            latin += key.iter().filter(|b| b.is_ascii_lowercase()).count() as u32;
            continue;
        }
        let w = &head[t.start..t.end.min(head.len())];
        if w.as_bytes()[0].is_ascii_alphabetic() && w.is_ascii() {
            // Letters (an inner hyphen or apostrophe aside): the common case, no decoding.
            latin += w.bytes().filter(u8::is_ascii_alphabetic).count() as u32;
            continue;
        }
        for c in w.chars() {
            minor |= match c {
                'ş' | 'Ş' | 'ğ' | 'Ğ' | 'ı' | 'İ' => 0b00010,
                'å' | 'Å' => 0b01100,
                'ä' | 'Ä' | 'ö' | 'Ö' => 0b00100,
                'ø' | 'Ø' | 'æ' | 'Æ' => 0b01000,
                'ł' | 'Ł' | 'ą' | 'ę' | 'ś' | 'ź' | 'ż' | 'Ż' | 'ń' | 'ć' => 0b10000,
                _ => 0,
            };
            match c {
                'a'..='z' | 'A'..='Z' | 'À'..='ɏ' => latin += 1,
                'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                    cyr += 1;
                    uk_only += 1;
                }
                'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ё' => {
                    cyr += 1;
                    ru_only += 1;
                }
                '\u{0400}'..='\u{04FF}' => cyr += 1,
                '\u{3040}'..='\u{30FF}' => kana += 1,
                '\u{4E00}'..='\u{9FFF}' => han += 1,
                '\u{AC00}'..='\u{D7AF}' => hangul += 1,
                'پ' | 'چ' | 'ژ' | 'گ' | 'ی' => {
                    arabic += 1;
                    persian += 1;
                }
                '\u{0600}'..='\u{06FF}' => arabic += 1,
                c if c.is_alphabetic() => other += 1,
                _ => {}
            }
        }
    }
    let total = latin + cyr + han + kana + hangul + arabic + other;
    if total < 12 {
        return Quick::TooShort;
    }
    let major = |n: u32| n * 2 > total;
    let sure = |l| Quick::Sure(l);
    if major(hangul) {
        return sure("ko");
    }
    if kana > 0 && major(kana + han) {
        return sure("ja");
    }
    if major(han) {
        return sure("zh");
    }
    if major(arabic) {
        return sure(if persian > 2 { "fa" } else { "ar" });
    }
    if major(cyr) {
        return match (uk_only > 0, ru_only > 0) {
            (true, false) => sure("uk"),
            (false, true) => sure("ru"),
            (false, false) => cyrillic_by_words(tk, words).map_or(Quick::Unsure(None), sure),
            (true, true) => Quick::Unsure(None),
        };
    }
    if !major(latin) {
        return Quick::Unsure(None);
    }
    let mut scores = [0u32; STOPWORDS.len()];
    let mut n = 0;
    for t in words.iter().take(80) {
        n += 1;
        let bits = stopword_bits(head, tk, t);
        if bits != 0 {
            for (i, score) in scores.iter_mut().enumerate() {
                *score += u32::from(bits >> i & 1);
            }
        }
    }
    let mut order: [usize; STOPWORDS.len()] = std::array::from_fn(|i| i);
    order.sort_by_key(|i| std::cmp::Reverse(scores[*i]));
    let (best, second) = (scores[order[0]], scores[order[1]]);
    let decided = (n >= 8 && best >= 3 && best >= second * 2)
        || (n >= 4 && best >= 2 && second == 0)
        || (n >= 5 && best >= 3 && best >= second + 2);
    if decided {
        return sure(STOPWORDS[order[0]].0);
    }
    // Function words of the minor languages count as evidence too.
    for (bit, code) in [(0b00001, "nl"), (0b00010, "tr"), (0b00100, "sv")] {
        if STOPWORDS.iter().zip(scores).any(|((c, _), n)| *c == code && n > 0) {
            minor |= bit;
        }
    }
    Quick::Unsure(Some(minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_major_languages() {
        let d = LangDetector::default();
        assert_eq!(d.detect("Le dirigeant nord-coréen a offert samedi son soutien total à la Russie."), "fr");
        assert_eq!(d.detect("Der russische Außenminister traf am Samstag den nordkoreanischen Machthaber."), "de");
        assert_eq!(d.detect("Министр иностранных дел России прибыл в Пхеньян с официальным визитом."), "ru");
        assert_eq!(d.detect("Міністр закордонних справ України заявив про нові санкції проти Росії."), "uk");
        assert_eq!(d.detect("North Korea's leader offered full support to Russia on Saturday."), "en");
        assert_eq!(d.detect("Il presidente del Consiglio ha detto che la situazione è grave e che il governo interverrà."), "it");
        assert_eq!(d.detect("O presidente disse que a situação é grave e que o governo não vai recuar nas negociações."), "pt");
        assert_eq!(d.detect("El presidente del Gobierno dijo que la situación es grave y que los ministros se reunirán."), "es");
        assert_eq!(d.detect("김정은 국무위원장이 러시아 외무장관을 만났다고 조선중앙통신이 보도했다."), "ko");
        assert_eq!(d.detect("朝鲜最高领导人金正恩会见了俄罗斯外交部长拉夫罗夫。"), "zh");
        assert_eq!(d.detect("北朝鮮の金正恩総書記はロシアのラブロフ外相と会談した。"), "ja");
    }

    #[test]
    fn short_latin_headlines_weigh_minor_languages_on_evidence() {
        let d = LangDetector::default();
        // No function word settles these; whatlang decides among the languages with evidence.
        assert_eq!(d.detect("Letzte Briefe von Holocaust-Verfolgten online"), "de");
        assert_eq!(d.detect("Regeringen vill öka försvarsbudgeten kraftigt"), "sv");
        assert_eq!(d.detect("Rząd zapowiada nowe sankcje wobec Rosji"), "pl");
        assert_eq!(d.detect("Hükümet yeni yaptırımları açıkladı"), "tr");
    }
}

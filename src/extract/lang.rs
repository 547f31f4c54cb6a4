//! Per-article language detection (whatlang), reported as ISO 639-1 codes.

use whatlang::{Detector, Lang};

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

/// A reusable detector.
pub struct LangDetector {
    detector: Detector,
}

impl Default for LangDetector {
    fn default() -> Self {
        LangDetector { detector: Detector::with_allowlist(ALLOW.iter().map(|(l, _)| *l).collect()) }
    }
}

impl LangDetector {
    /// ISO 639-1 code of `text` ("und" when unknown). Only the first 320 bytes are read.
    /// Scripts and function words settle most news text at once; whatlang decides the rest.
    pub fn detect(&self, text: &str) -> &'static str {
        let head = &text[..text.floor_char_boundary(320)];
        if head.chars().filter(|c| c.is_alphabetic()).take(12).count() < 12 {
            return "und";
        }
        if let Some(l) = quick(head) {
            return l;
        }
        self.detector.detect_lang(head).and_then(|l| ALLOW.iter().find(|(a, _)| *a == l).map(|(_, c)| *c)).unwrap_or("und")
    }
}

/// Russian or Ukrainian by function words only one of them has, when no letter settles it.
fn cyrillic_by_words(head: &str) -> Option<&'static str> {
    const RU: [&str; 12] = ["что", "как", "это", "или", "его", "был", "была", "были", "также", "после", "заявил", "заявили"];
    const UK: [&str; 12] = ["що", "та", "як", "це", "або", "його", "був", "була", "були", "також", "після", "заявив"];
    let (mut ru, mut uk) = (0, 0);
    for w in head.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 16) {
        let w = w.to_lowercase();
        ru += usize::from(RU.contains(&w.as_str()));
        uk += usize::from(UK.contains(&w.as_str()));
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

/// Word → bit set of the languages whose stopword list holds it.
fn stopword_index() -> &'static std::collections::HashMap<&'static str, u16, foldhash::fast::RandomState> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, u16, foldhash::fast::RandomState>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = std::collections::HashMap::default();
        for (i, (_, list)) in STOPWORDS.iter().enumerate() {
            for w in *list {
                *m.entry(*w).or_insert(0u16) |= 1 << i;
            }
        }
        m
    })
}

/// Script- and stopword-based detection; `None` when unsure.
fn quick(head: &str) -> Option<&'static str> {
    let (mut latin, mut cyr, mut uk_only, mut ru_only, mut han, mut kana, mut hangul, mut arabic, mut persian) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    for c in head.chars() {
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
            _ => {}
        }
    }
    let total = latin + cyr + han + kana + hangul + arabic;
    if total < 12 {
        return None;
    }
    let major = |n: u32| n * 2 > total;
    if major(hangul) {
        return Some("ko");
    }
    if kana > 0 && major(kana + han) {
        return Some("ja");
    }
    if major(han) {
        return Some("zh");
    }
    if major(arabic) {
        return Some(if persian > 2 { "fa" } else { "ar" });
    }
    if major(cyr) {
        return match (uk_only > 0, ru_only > 0) {
            (true, false) => Some("uk"),
            (false, true) => Some("ru"),
            (false, false) => cyrillic_by_words(head),
            (true, true) => None,
        };
    }
    if !major(latin) {
        return None;
    }
    let mut scores = [0u32; STOPWORDS.len()];
    let mut words = 0;
    let mut buf = [0u8; 12];
    for w in head.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(80) {
        words += 1;
        // Stopwords are short; lower-case into a stack buffer (non-ASCII ones via to_lowercase).
        let owned;
        let lw: &str = if w.is_ascii() && w.len() <= buf.len() {
            for (d, b) in buf.iter_mut().zip(w.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            std::str::from_utf8(&buf[..w.len()]).unwrap_or("")
        } else if w.len() <= 12 {
            owned = w.to_lowercase();
            &owned
        } else {
            continue;
        };
        if let Some(bits) = stopword_index().get(lw) {
            for (i, score) in scores.iter_mut().enumerate() {
                *score += u32::from(bits >> i & 1);
            }
        }
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(scores[*i]));
    let (best, second) = (scores[order[0]], scores[order[1]]);
    let sure = (words >= 8 && best >= 3 && best >= second * 2)
        || (words >= 4 && best >= 2 && second == 0)
        || (words >= 5 && best >= 3 && best >= second + 2);
    sure.then(|| STOPWORDS[order[0]].0)
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
}

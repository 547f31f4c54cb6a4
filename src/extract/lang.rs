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
    /// ISO 639-1 code of `text` ("und" when unknown). Only the first 600 bytes are read.
    pub fn detect(&self, text: &str) -> &'static str {
        let head = &text[..text.floor_char_boundary(600)];
        self.detector.detect_lang(head).and_then(|l| ALLOW.iter().find(|(a, _)| *a == l).map(|(_, c)| *c)).unwrap_or("und")
    }
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
    }
}

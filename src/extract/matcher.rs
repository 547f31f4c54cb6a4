//! Gazetteer matching: every alias and context word in one Aho-Corasick automaton over
//! folded text, then word boundaries, case rules and ambiguity resolution by context.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::fold::{Folded, fold_key};
use super::forms::CaseRule;
use super::kb::Kb;

#[derive(Debug, Default, Clone)]
struct Pattern {
    /// (entity index, case rule) this folded string is an alias of.
    /// (entity, case rule, alias written in Cyrillic): Cyrillic aliases fold to Latin letters,
    /// so the script is checked on the surface ("Сана" must not match "San").
    aliases: Vec<(u32, CaseRule, bool)>,
    /// Entities for which this word is disambiguating context.
    context: Vec<u32>,
    open_start: bool,
    open_end: bool,
}

/// A gazetteer hit in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entity: u32,
}

/// The compiled gazetteer. Patterns of spaced scripts (everything that folds to ASCII:
/// Latin, transliterated Cyrillic) are keyed by their first word, so matching is one hash
/// lookup per word; patterns in scripts written without spaces go through Aho-Corasick.
pub struct Matcher {
    by_first_word: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>,
    /// The same for patterns that may start lower case ("al-Sharaa", "région de Koursk"):
    /// the only ones a lower-case word in the text can start, so most words skip the big map.
    by_first_word_lower: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>,
    /// Cheap pre-checks before hashing: bit `len` is set at [first two bytes] when some key
    /// of that map starts so and is that long. Most words of a text fail it.
    sketch: Sketch,
    sketch_lower: Sketch,
    /// Built on first use: only texts in scripts without spaces need it.
    ac: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Pattern index of each Aho-Corasick pattern.
    ac_ids: Vec<u32>,
    texts: Vec<String>,
    patterns: Vec<Pattern>,
}

/// Scripts written without spaces between words (or with clitics glued on): no boundary check.
fn open_script(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0xF900..=0xFAFF)
}

impl Matcher {
    /// Compiles every alias and context word of `kb`.
    pub fn new(kb: &Kb) -> Matcher {
        let mut by_text: HashMap<String, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(1 << 16, Default::default());
        let mut patterns: Vec<Pattern> = Vec::with_capacity(1 << 16);
        let mut slot = |folded: String, patterns: &mut Vec<Pattern>| -> Option<usize> {
            if folded.is_empty() {
                return None;
            }
            Some(match by_text.entry(folded) {
                std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let first = v.key().chars().next().unwrap_or(' ');
                    let last = v.key().chars().last().unwrap_or(' ');
                    patterns.push(Pattern { open_start: open_script(first), open_end: open_script(last), ..Default::default() });
                    *v.insert(patterns.len() - 1)
                }
            })
        };
        // Built-in names come folded from the build; only names added at run time are folded here.
        let folded = fold_all(kb);
        for (i, (e, forms)) in kb.entities.iter().zip(folded).enumerate() {
            for (f, rule, cyr) in forms {
                if let Some(p) = slot(f, &mut patterns) {
                    // One entry per entity and script; the most permissive case rule wins
                    // ("ONU" and "Onu" → Initial).
                    match patterns[p].aliases.iter_mut().find(|(e2, _, c2)| *e2 == i as u32 && *c2 == cyr) {
                        Some(entry) => entry.1 = entry.1.max(rule),
                        None => patterns[p].aliases.push((i as u32, rule, cyr)),
                    }
                }
            }
            for c in &e.context {
                if let Some(p) = slot(fold_key(c), &mut patterns) {
                    patterns[p].context.push(i as u32);
                }
            }
        }
        let mut by_first_word: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState> = HashMap::default();
        let mut ac_ids = Vec::new();
        let mut texts: Vec<String> = vec![String::new(); patterns.len()];
        for (t, i) in by_text {
            texts[i] = t;
        }
        let mut ac_texts = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            if t.as_bytes()[0].is_ascii_alphanumeric() {
                let first = t.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or(t);
                match by_first_word.get_mut(first) {
                    Some(v) => v.push(i as u32),
                    None => {
                        by_first_word.insert(first.into(), vec![i as u32]);
                    }
                }
            } else {
                ac_ids.push(i as u32);
                ac_texts.push(t.as_str());
            }
        }
        // Longest first, so the first candidate that fits is the leftmost-longest match.
        for v in by_first_word.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(texts[*p as usize].len()));
        }
        let mut by_first_word_lower: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState> = HashMap::default();
        for (k, v) in &by_first_word {
            // Rule Any, or a multi-word name whose capital may come later ("mar Amarelo").
            let may_start_lower = |p: &u32| {
                let multi = texts[*p as usize].contains(' ');
                patterns[*p as usize].aliases.iter().any(|a| a.1 == CaseRule::Any || (multi && a.1 == CaseRule::Initial))
            };
            let lower: Vec<u32> = v.iter().copied().filter(may_start_lower).collect();
            if !lower.is_empty() {
                by_first_word_lower.insert(k.clone(), lower);
            }
        }
        let ac = std::sync::OnceLock::new();
        let sketch = Sketch::of(by_first_word.keys().map(|k| &**k));
        let sketch_lower = Sketch::of(by_first_word_lower.keys().map(|k| &**k));
        Matcher { by_first_word, by_first_word_lower, sketch, sketch_lower, ac, ac_ids, texts, patterns }
    }

    /// Finds gazetteer entities in `text` (already folded as `f`).
    pub fn find(&self, text: &str, f: &Folded) -> Vec<Hit> {
        let hay = f.text.as_bytes();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        // (entity, context words seen): a handful per text, so a vector beats a map.
        let mut context_hits: Vec<(u32, u32)> = Vec::new();
        let bump = |hits: &mut Vec<(u32, u32)>, e: u32| match hits.iter_mut().find(|h| h.0 == e) {
            Some(h) => h.1 += 1,
            None => hits.push((e, 1)),
        };
        let mut consider = |s: usize, e: usize, pid: usize, cands: &mut Vec<(usize, usize, usize)>| {
            let p = &self.patterns[pid];
            for c in &p.context {
                bump(&mut context_hits, *c);
            }
            if !p.aliases.is_empty() {
                cands.push((s, e, pid));
            }
        };
        // Spaced scripts: at each word start, the longest pattern keyed by that word that fits.
        let mut at = 0;
        while at < hay.len() {
            if !hay[at].is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            let mut we = at + 1;
            while we < hay.len() && hay[we].is_ascii_alphanumeric() {
                we += 1;
            }
            let word = &f.text[at..we];
            let mut next = we;
            let original_first = text[f.starts[at] as usize..].chars().next().unwrap_or(' ');
            // (key length, patterns keyed by it)
            let here = if original_first.is_lowercase() {
                self.sketch_lower.may_hold(word).then(|| self.by_first_word_lower.get(word).map(|c| (word.len(), c))).flatten()
            } else {
                // "Putins", "Irans": the genitive/plural s is not part of the key.
                let stem = word.strip_suffix('s').filter(|w| w.len() >= 3);
                self.sketch.may_hold(word).then(|| self.by_first_word.get(word).map(|c| (word.len(), c))).flatten().or_else(
                    || stem.filter(|w| self.sketch.may_hold(w)).and_then(|w| self.by_first_word.get(w).map(|c| (w.len(), c))),
                )
            };
            if let Some((klen, cands_here)) = here {
                for &pid in cands_here {
                    let t = self.texts[pid as usize].as_bytes();
                    let e = at + t.len();
                    // The key (the pattern's first word) is already known to be there.
                    // Several words: the byte after the separator rules most candidates out cheaply.
                    let fits = t.len() == klen
                        || (hay.len() >= e && hay[at + klen + 1] == t[klen + 1] && hay[at + klen..e] == t[klen..]);
                    if fits && (self.patterns[pid as usize].open_end || end_ok(hay, e)) {
                        consider(at, e, pid as usize, &mut cands);
                        next = e;
                        break;
                    }
                }
            }
            at = next;
        }
        // Scripts without spaces (CJK, kana, hangul, Arabic…): only when such text is there.
        let ac = if f.text.is_ascii() { None } else { self.unspaced() };
        if let Some(ac) = ac {
            for m in ac.find_iter(&f.text) {
                let pid = self.ac_ids[m.pattern().as_usize()] as usize;
                let p = &self.patterns[pid];
                let (s, e) = (m.start(), m.end());
                let starts_ok = p.open_start || !prev_is_alnum(&f.text, s);
                if starts_ok && (p.open_end || end_ok(hay, e)) {
                    consider(s, e, pid, &mut cands);
                }
            }
        }
        // Leftmost-longest among candidates whose case fits.
        cands.sort_by(|a, b| a.0.cmp(&b.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
        let mut hits = Vec::new();
        let mut last_end = 0;
        let mut chosen: Vec<(usize, usize, usize, Vec<u32>)> = Vec::new();
        for (s, e, pid) in cands {
            if s < last_end {
                continue;
            }
            let (os, oe) = f.original(text, s, e);
            let surface = &text[os..oe];
            let surface_cyr = surface.chars().find(|c| c.is_alphabetic()).is_some_and(super::fold::is_cyrillic);
            let ents: Vec<u32> = self.patterns[pid]
                .aliases
                .iter()
                .filter(|(_, r, c)| case_ok(surface, *r) && *c == surface_cyr)
                .map(|(e, _, _)| *e)
                .collect();
            if ents.is_empty() {
                continue;
            }
            last_end = e;
            chosen.push((os, oe, pid, ents));
        }
        // Unambiguous hits also count as context for ambiguous ones.
        for (_, _, _, ents) in &chosen {
            if ents.len() == 1 {
                bump(&mut context_hits, ents[0]);
            }
        }
        for (os, oe, _, ents) in chosen {
            let best = ents
                .iter()
                .copied()
                .enumerate()
                .max_by_key(|(order, e)| {
                    let seen = context_hits.iter().find(|h| h.0 == *e).map_or(0, |h| h.1);
                    (seen, std::cmp::Reverse(*order))
                })
                .map(|(_, e)| e);
            if let Some(entity) = best {
                hits.push(Hit { start: os, end: oe, entity });
            }
        }
        hits
    }
}

/// A bitmap over (first byte, second byte, length) of a set of ASCII words.
struct Sketch(Vec<u64>);

impl Sketch {
    fn slot(word: &[u8]) -> usize {
        let b = |i: usize| word.get(i).map_or(0, |c| (*c as usize) & 0x7f);
        b(0) * 128 + b(1)
    }

    fn of<'a>(words: impl Iterator<Item = &'a str>) -> Sketch {
        let mut bits = vec![0u64; 128 * 128];
        for w in words {
            bits[Self::slot(w.as_bytes())] |= 1 << w.len().min(63);
        }
        Sketch(bits)
    }

    fn may_hold(&self, word: &str) -> bool {
        self.0[Self::slot(word.as_bytes())] & (1 << word.len().min(63)) != 0
    }
}

/// Every entity's folded alias forms with their case rule and script, in entity order.
fn fold_all(kb: &Kb) -> Vec<Vec<(String, CaseRule, bool)>> {
    let forms_of = |e: &super::kb::KbEntity| -> Vec<(String, CaseRule, bool)> {
        let mut out = Vec::new();
        for name in std::iter::once(&e.canonical).chain(e.aliases.iter()) {
            // Built-in names were folded when the binary was built; others are folded now.
            match super::prebuilt::lookup(name) {
                Some(p) => out.extend(p.forms().map(|f| (f.to_string(), p.rule, p.cyrillic))),
                None => {
                    let n = super::forms::name_forms(name);
                    out.extend(n.forms.into_iter().map(|f| (f, n.rule, n.cyrillic)));
                }
            }
        }
        out
    };
    kb.entities.iter().map(forms_of).collect()
}

impl Matcher {
    fn unspaced(&self) -> Option<&AhoCorasick> {
        self.ac
            .get_or_init(|| {
                let texts: Vec<&str> = self.ac_ids.iter().map(|i| &*self.texts[*i as usize]).collect();
                (!texts.is_empty()).then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(&texts)
                        .expect("gazetteer patterns are plain strings") // ok: built from folded, non-empty strings
                })
            })
            .as_ref()
    }
}

/// Whether the character before byte `s` is a letter or digit (a word continues there).
fn prev_is_alnum(text: &str, s: usize) -> bool {
    text[..s].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// A match ends at a word boundary, or before a genitive/plural "s" (Putins, Irans).
fn end_ok(hay: &[u8], e: usize) -> bool {
    match hay.get(e) {
        None => true,
        Some(b) if !b.is_ascii_alphanumeric() => true,
        Some(b's') => e > 0 && hay[e - 1].is_ascii_alphabetic() && hay.get(e + 1).is_none_or(|b| !b.is_ascii_alphanumeric()),
        _ => false,
    }
}

fn case_ok(surface: &str, rule: CaseRule) -> bool {
    match rule {
        CaseRule::Any => true,
        // "mar Amarelo", "piazza San Pietro": a multi-word name needs a capital somewhere.
        CaseRule::Initial if surface.contains(' ') => surface.chars().any(char::is_uppercase),
        CaseRule::Initial => surface.chars().find(|c| c.is_alphabetic()).is_some_and(|c| !c.is_lowercase()),
        CaseRule::Upper => {
            // Italian and German press write long acronyms as names: "Nato", "Kcna", "Aiea".
            let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
            letters.iter().all(|c| !c.is_lowercase())
                || (letters.len() >= 4 && letters[0].is_uppercase() && letters[1..].iter().all(|c| c.is_lowercase()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fold::fold;

    fn kb(tsv: &str) -> Kb {
        let mut kb = Kb::default();
        kb.add_tsv("t", tsv).unwrap();
        kb
    }

    fn names(kb: &Kb, text: &str) -> Vec<String> {
        let m = Matcher::new(kb);
        m.find(text, &fold(text))
            .iter()
            .map(|h| format!("{}={}", &text[h.start..h.end], kb.entities[h.entity as usize].canonical))
            .collect()
    }

    #[test]
    fn boundaries_case_and_acronyms() {
        let k = kb(
            "United Nations\torganization\t\tUN|ONU\nNiger\tplace\tcountry\tNiger\nNigeria\tplace\tcountry\tNigeria\nDonald Trump\tperson\t\tTrump\n",
        );
        assert_eq!(
            names(&k, "un accord de l'ONU avec le Niger et le Nigeria"),
            ["ONU=United Nations", "Niger=Niger", "Nigeria=Nigeria"]
        );
        assert_eq!(names(&k, "a trump card; UN talks; Trumps Zölle"), ["UN=United Nations", "Trump=Donald Trump"]);
        let n = kb("NATO\torganization\talliance\tNATO\nUnited States\tplace\tcountry\tUS\n");
        assert_eq!(names(&n, "vertice Nato; Us and us; US"), ["Nato=NATO", "US=United States"]);
    }

    #[test]
    fn ambiguity_resolved_by_context() {
        let k = kb("Georgia\tplace\tcountry\tGeorgia\tTbilisi\nGeorgia (U.S. state)\tplace\tstate\tGeorgia\tAtlanta|governor\n");
        assert_eq!(names(&k, "Protests in Georgia; Tbilisi police"), ["Georgia=Georgia"]);
        assert_eq!(names(&k, "Georgia's governor in Atlanta"), ["Georgia=Georgia (U.S. state)"]);
    }

    #[test]
    fn scripts_inflection_and_variants() {
        let k = kb("Kim Jong Un\tperson\t\tKim Jong Un|Ким Чен Ын|김정은\nKursk Oblast\tplace\tregion\tКурская область\n");
        assert_eq!(
            names(&k, "встреча с Ким Чен Ыном в Курской области"),
            ["Ким Чен Ыном=Kim Jong Un", "Курской области=Kursk Oblast"]
        );
        assert_eq!(
            names(&k, "김정은은 말했다. Kim Jongun, KIM JONG-UN"),
            ["김정은=Kim Jong Un", "Kim Jongun=Kim Jong Un", "KIM JONG-UN=Kim Jong Un"]
        );
    }
}

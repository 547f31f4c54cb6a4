//! Gazetteer matching: every alias and context word in one Aho-Corasick automaton over
//! folded text, then word boundaries, case rules and ambiguity resolution by context.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::discover::Tokens;
use super::fold::fold_key;
use super::forms::CaseRule;
use super::kb::Kb;
use super::shard::{self, Entry, Pattern, Shard, shard_of, shard_of_word};
use super::wordtable::{head_mask, read8};

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
    /// Patterns by first word, in two shards compiled side by side (`shard::shard_of`).
    shards: [Shard; 2],
    /// Built on first use: only texts in scripts without spaces need it.
    ac: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Pattern index of each Aho-Corasick pattern.
    ac_ids: Vec<u32>,
    texts: Vec<Cow<'static, str>>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Compiles every alias and context word of `kb`.
    pub fn new(kb: &Kb) -> Matcher {
        // Forms are gathered on two cores (each half of the entities, for both shards), then
        // each shard compiles on its core; entity order is kept within each shard.
        let gather = |from: usize, to: usize| -> [Vec<Entry>; 2] {
            let mut entries: [Vec<Entry>; 2] = [Vec::with_capacity(1 << 15), Vec::with_capacity(1 << 15)];
            for (i, e) in kb.entities.iter().enumerate().take(to).skip(from) {
                let i = i as u32;
                for_each_form(e, |f, rule, cyr| entries[shard_of(f.as_bytes())].push(Entry::Alias(f, i, rule, cyr)));
                for c in &e.context {
                    let f = fold_key(c);
                    entries[shard_of(f.as_bytes())].push(Entry::Context(Cow::Owned(f), i));
                }
            }
            entries
        };
        let half = kb.entities.len() / 2;
        let ([mut e0, mut e1], [f0, f1]) = std::thread::scope(|s| {
            let other = s.spawn(|| gather(half, kb.entities.len()));
            let first = gather(0, half);
            (first, other.join().unwrap_or_else(|_| gather(half, kb.entities.len())))
        });
        e0.extend(f0);
        e1.extend(f1);
        // The two shards compile on two cores: the knowledge base is ready in half the time.
        let (b0, mut b1) = std::thread::scope(|s| {
            let other = s.spawn(move || shard::build(e1));
            let b0 = shard::build(e0);
            let b1 = other.join().unwrap_or_else(|_| shard::build(Vec::new()));
            (b0, b1)
        });
        let base = b0.patterns.len() as u32;
        b1.shard.offset(base);
        let ac_ids = b0.unspaced.iter().copied().chain(b1.unspaced.iter().map(|p| p + base)).collect();
        let mut texts = b0.texts;
        texts.extend(b1.texts);
        let mut patterns = b0.patterns;
        patterns.extend(b1.patterns);
        Matcher { shards: [b0.shard, b1.shard], ac: std::sync::OnceLock::new(), ac_ids, texts, patterns }
    }

    /// Finds gazetteer entities in `text` (already folded and split into words as `tk`).
    pub fn find(&self, text: &str, tk: &Tokens) -> Vec<Hit> {
        let f = tk.folded();
        let hay = f.text.as_bytes();
        let (mut cands, mut context_hits, mut chosen) = SCRATCH.with_borrow_mut(std::mem::take);
        cands.clear();
        // (entity, context words seen): a handful per text, so a vector beats a map.
        context_hits.clear();
        chosen.clear();
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
        // Words come from the scan; a word's key may hold several ("jong un"), each a start.
        let mut next = 0;
        for t in &tk.toks {
            let (k0, k1) = (t.k.0 as usize, t.k.1 as usize);
            if k1 <= next {
                continue;
            }
            // Most words: one run of letters and digits, the key a whole word.
            if t.plain && k0 >= next {
                let end = self
                    .longest_at(&f.text, k0, k1, starts_lower(text, t.start), &mut |s, e, pid| consider(s, e, pid, &mut cands));
                if end > k1 {
                    next = end;
                }
                continue;
            }
            let mut at = k0.max(next);
            while at < k1 {
                if !hay[at].is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                let we = if t.plain { k1 } else { at + hay[at..k1].iter().take_while(|b| b.is_ascii_alphanumeric()).count() };
                let lower =
                    if at == k0 { starts_lower(text, t.start) } else { starts_lower(text, f.original(text, at, at + 1).0) };
                let end = self.longest_at(&f.text, at, we, lower, &mut |s, e, pid| consider(s, e, pid, &mut cands));
                if end > we {
                    // A match running past this word: go on after it.
                    next = end;
                    break;
                }
                at = end.max(we);
            }
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
        let mut hits = Vec::with_capacity(cands.len());
        let mut last_end = 0;
        let mut cursor = 0;
        for &(s, e, pid) in &cands {
            if s < last_end {
                continue;
            }
            let (os, oe) = f.original_in_order(text, s, e, &mut cursor);
            let surface = &text[os..oe];
            let surface_cyr = surface.chars().find(|c| c.is_alphabetic()).is_some_and(super::fold::is_cyrillic);
            let ents: smallvec::SmallVec<[u32; 2]> = self.patterns[pid]
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
        for (os, oe, _, ents) in chosen.drain(..) {
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
        // A huge text's vectors are not kept.
        if cands.capacity() <= 1 << 16 {
            SCRATCH.with_borrow_mut(|s| *s = (cands, context_hits, chosen));
        }
        hits
    }
}

/// A chosen alias: original span, pattern, and the entities whose case rule fits.
type Chosen = (usize, usize, usize, smallvec::SmallVec<[u32; 2]>);
/// Candidates (folded span, pattern), context counts (entity, words seen), chosen aliases.
type Scratch = (Vec<(usize, usize, usize)>, Vec<(u32, u32)>, Vec<Chosen>);

thread_local! {
    /// The working vectors of the last `find` on this thread: candidates, context counts and
    /// chosen aliases are a dozen per text, and growing them from empty cost 1.5% of extraction.
    static SCRATCH: std::cell::RefCell<Scratch> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
}

impl Matcher {
    /// The longest pattern starting with word `hay[at..we]` that fits there, handed to
    /// `found` (context-only phrases too, and then the search goes on); returns where the
    /// chosen alias ends, or `we` when none fits.
    #[inline]
    fn longest_at(&self, folded: &str, at: usize, we: usize, lower: bool, found: &mut impl FnMut(usize, usize, usize)) -> usize {
        let hay = folded.as_bytes();
        let word = &hay[at..we];
        let shard = &self.shards[shard_of_word(word)];
        // The word's first 8 bytes, read once: the table's hash and key, and the probe.
        let head = read8(hay, at) & head_mask(word.len());
        // (key length, patterns keyed by it)
        let here = if lower {
            shard.get_lower(word, head).map(|c| (word.len(), c))
        } else {
            // "Putins", "Irans": the genitive/plural s is not part of the key (same shard).
            shard.get(word, head).map(|c| (word.len(), c)).or_else(|| {
                let stem = word.strip_suffix(b"s").filter(|w| w.len() >= 3)?;
                shard.get(stem, head & head_mask(stem.len())).map(|c| (stem.len(), c))
            })
        };
        let Some((klen, cands_here)) = here else { return we };
        let after = read8(hay, at + klen);
        for c in cands_here {
            if after & c.mask != c.probe {
                continue;
            }
            let pid = c.pid as usize;
            let e = at + c.len as usize;
            // The key and up to 8 bytes after it are known to be there; longer patterns
            // compare the rest.
            let fits = c.probed_whole(klen) || hay.get(at + klen + 8..e) == Some(&self.texts[pid].as_bytes()[klen + 8..]);
            if fits && (c.open_end || end_ok(hay, e)) {
                found(at, e, pid);
                // A context phrase only ("King Abdullah" for Jordan) must not hide a name
                // inside it ("Abdullah II"): keep looking, from here and after.
                if c.context_only {
                    continue;
                }
                return e;
            }
        }
        we
    }
}

/// Whether the character at byte `at` of `text` is a lower-case letter.
#[inline]
fn starts_lower(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if *b < 0x80 => b.is_ascii_lowercase(),
        _ => text.get(at..).and_then(|s| s.chars().next()).is_some_and(char::is_lowercase),
    }
}

/// Calls `f` with every folded alias form of `e`, its case rule and script.
fn for_each_form(e: &super::kb::KbEntity, mut f: impl FnMut(Cow<'static, str>, CaseRule, bool)) {
    for name in std::iter::once(&e.canonical).chain(e.aliases.iter()) {
        // Built-in names were folded when the binary was built; others are folded now.
        match super::prebuilt::lookup(name) {
            Some(p) => p.forms().for_each(|form| f(Cow::Borrowed(form), p.rule, p.cyrillic)),
            None => {
                let n = super::forms::name_forms(name);
                n.forms.into_iter().for_each(|form| f(Cow::Owned(form), n.rule, n.cyrillic));
            }
        }
    }
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

    fn kb(tsv: &str) -> Kb {
        let mut kb = Kb::default();
        kb.add_tsv("t", tsv).unwrap();
        kb
    }

    fn names(kb: &Kb, text: &str) -> Vec<String> {
        let m = Matcher::new(kb);
        m.find(text, &crate::extract::discover::tokenize(text))
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
        let j = kb("Jordan\tplace\tcountry\tJordan\tKing Abdullah\nAbdullah II of Jordan\tperson\troyal\tAbdullah II\n");
        assert_eq!(names(&j, "Jordan's King Abdullah II"), ["Jordan=Jordan", "Abdullah II=Abdullah II of Jordan"]);
        assert_eq!(names(&n, "vertice Nato; Us and us; US"), ["Nato=NATO", "US=United States"]);
    }

    #[test]
    fn lower_case_first_word_only_for_head_nouns() {
        let k = kb("Yellow Sea\tplace\tsea\tMar Amarelo\nUnited States\tplace\tcountry\tUnited States\n");
        // Portuguese writes the sea's head noun in lower case; nobody writes "united States".
        assert_eq!(
            names(&k, "no mar Amarelo; the united States; the United States"),
            ["mar Amarelo=Yellow Sea", "United States=United States"]
        );
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

//! Compiling the gazetteer in shards: patterns are split by their first word, so each
//! shard deduplicates and indexes its own patterns on its own core, and a word of text
//! is looked up in one shard only.

use std::borrow::Cow;
use std::collections::HashMap;

use super::forms::CaseRule;
use super::wordtable::{WordTable, head_mask, read8};

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Everything known about one folded string.
#[derive(Debug, Default, Clone)]
pub(super) struct Pattern {
    /// (entity, case rule, alias written in Cyrillic) this folded string is an alias of.
    /// Cyrillic aliases fold to Latin letters, so the script is checked on the surface
    /// ("Сана" must not match "San").
    /// Inline: nearly every folded string names one entity, so no allocation for it.
    pub aliases: smallvec::SmallVec<[(u32, CaseRule, bool); 1]>,
    /// Entities for which this word is disambiguating context.
    pub context: Vec<u32>,
    pub open_start: bool,
    pub open_end: bool,
}

/// A folded form to compile, in entity order.
pub(super) enum Entry {
    Alias(Cow<'static, str>, u32, CaseRule, bool),
    Context(Cow<'static, str>, u32),
}

/// Which shard a pattern (by its folded text) or a word of text (its key) belongs to.
/// Patterns not starting with an ASCII letter or digit (matched by Aho-Corasick) go to 1.
pub(super) fn shard_of(text: &[u8]) -> usize {
    match text {
        [a, ..] if !a.is_ascii_alphanumeric() => 1,
        [a, b, ..] if b.is_ascii_alphanumeric() => ((a ^ b) & 1) as usize,
        [a, ..] => (a & 1) as usize,
        [] => 0,
    }
}

/// [`shard_of`] for a word of text: ASCII letters and digits only, not empty.
#[inline]
pub(super) fn shard_of_word(word: &[u8]) -> usize {
    // A one-letter word pairs with nothing: a ^ 0 = a, as `shard_of` takes it.
    ((word[0] ^ word.get(1).copied().unwrap_or(0)) & 1) as usize
}

/// One shard's index: first word → patterns (longest first).
pub(super) struct Shard {
    /// First word → range of `ids`.
    by_first_word: WordTable,
    /// The same for patterns that may start lower case ("al-Sharaa", "région de Koursk"):
    /// the only ones a lower-case word in the text can start, so most words find nothing.
    by_first_word_lower: WordTable,
    /// Candidates, key after key, longest pattern first within a key.
    ids: Vec<Cand>,
    ids_lower: Vec<Cand>,
}

impl Shard {
    /// Patterns whose first word is `word` (first 8 bytes `head`), for a word written with
    /// a capital.
    #[inline]
    pub fn get(&self, word: &[u8], head: u64) -> Option<&[Cand]> {
        let (at, n) = self.by_first_word.get(word, head)?;
        self.ids.get(at as usize..(at + n) as usize)
    }

    /// The same, for a word written lower case.
    #[inline]
    pub fn get_lower(&self, word: &[u8], head: u64) -> Option<&[Cand]> {
        let (at, n) = self.by_first_word_lower.get(word, head)?;
        self.ids_lower.get(at as usize..(at + n) as usize)
    }

    /// Adds `base` to every pattern id (shards are numbered one after the other).
    pub fn offset(&mut self, base: u32) {
        self.ids.iter_mut().chain(self.ids_lower.iter_mut()).for_each(|c| c.pid += base);
    }
}

/// A pattern keyed by a word, with what follows the key inline: most candidates of a
/// common key ("al", "la", "united") are ruled out by the next 8 bytes alone, without
/// reading the pattern's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cand {
    pub pid: u32,
    /// Length of the pattern's folded text.
    pub len: u16,
    /// The pattern's `open_end`, and whether it is context only (no alias): copied here so
    /// that a fitting candidate is decided without reading its `Pattern` (a cache miss).
    pub open_end: bool,
    pub context_only: bool,
    /// Up to 8 bytes after the key (little-endian, zero-padded), and which of them count.
    pub probe: u64,
    pub mask: u64,
}

impl Cand {
    fn new(pid: u32, text: &str, klen: usize, p: &Pattern) -> Cand {
        let rest = &text.as_bytes()[klen..];
        Cand {
            pid,
            // An alias of over 64 KB (none is) would never fit: the compare below fails.
            len: u16::try_from(text.len()).unwrap_or(u16::MAX),
            open_end: p.open_end,
            context_only: p.aliases.is_empty(),
            probe: read8(rest, 0),
            mask: head_mask(rest.len()),
        }
    }

    /// Whether the candidate's text is wholly covered by the probe (nothing left to compare).
    #[inline]
    pub fn probed_whole(&self, klen: usize) -> bool {
        self.len as usize <= klen + 8
    }
}

/// A compiled shard with its patterns (ids local to the shard).
pub(super) struct Built {
    pub shard: Shard,
    pub texts: Vec<Cow<'static, str>>,
    pub patterns: Vec<Pattern>,
    /// Patterns of scripts without spaces, for Aho-Corasick.
    pub unspaced: Vec<u32>,
}

/// Scripts written without spaces between words (or with clitics glued on): no boundary check.
pub(super) fn open_script(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0xF900..=0xFAFF)
}

/// Deduplicates `entries` by folded text and indexes them by first word.
pub(super) fn build(entries: Vec<Entry>) -> Built {
    let mut by_text: Map<Cow<'static, str>, usize> = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
    let mut patterns: Vec<Pattern> = Vec::with_capacity(entries.len());
    let mut slot = |folded: Cow<'static, str>, patterns: &mut Vec<Pattern>| -> Option<usize> {
        if folded.is_empty() {
            return None;
        }
        Some(match by_text.entry(folded) {
            std::collections::hash_map::Entry::Occupied(o) => *o.get(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let first = v.key().chars().next().unwrap_or(' ');
                let last = v.key().chars().next_back().unwrap_or(' ');
                patterns.push(Pattern { open_start: open_script(first), open_end: open_script(last), ..Default::default() });
                *v.insert(patterns.len() - 1)
            }
        })
    };
    for entry in entries {
        match entry {
            Entry::Alias(f, i, rule, cyr) => {
                if let Some(p) = slot(f, &mut patterns) {
                    // One entry per entity and script; the most permissive case rule wins
                    // ("ONU" and "Onu" → Initial).
                    match patterns[p].aliases.iter_mut().find(|(e2, _, c2)| *e2 == i && *c2 == cyr) {
                        Some(entry) => entry.1 = entry.1.max(rule),
                        None => patterns[p].aliases.push((i, rule, cyr)),
                    }
                }
            }
            Entry::Context(f, i) => {
                if let Some(p) = slot(f, &mut patterns) {
                    patterns[p].context.push(i);
                }
            }
        }
    }
    let mut texts: Vec<Cow<'static, str>> = vec![Cow::Borrowed(""); patterns.len()];
    for (t, i) in by_text {
        texts[i] = t;
    }
    // Spaced-script patterns grouped by first word (hashing: sorting 50k strings cost more),
    // into one flat id array per map: no allocation per key.
    let mut group_of: Map<Cow<'static, str>, u32> = HashMap::with_capacity_and_hasher(texts.len() / 2, Default::default());
    let mut keyed: Vec<(u32, u32)> = Vec::with_capacity(texts.len()); // (group, pattern)
    let mut unspaced = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        if !t.as_bytes()[0].is_ascii_alphanumeric() {
            unspaced.push(i as u32);
            continue;
        }
        let n = t.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(t.len());
        let key = match t {
            Cow::Borrowed(s) => Cow::Borrowed(&s[..n]),
            Cow::Owned(s) => Cow::Owned(s[..n].to_string()),
        };
        let next = group_of.len() as u32;
        keyed.push((*group_of.entry(key).or_insert(next), i as u32));
    }
    // Longest first within a key: the first candidate that fits is the leftmost-longest match.
    keyed.sort_unstable_by_key(|&(g, p)| (g, std::cmp::Reverse(texts[p as usize].len())));
    let klen = |p: u32| texts[p as usize].bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(texts[p as usize].len());
    // Rule Any, or a multi-word name opening with a head noun the press writes lower case
    // ("mar Amarelo", "ministère des Affaires étrangères"; not "united States"): the only
    // patterns a lower-case word of text is looked up for, so common words stay cheap.
    let may_start_lower = |p: u32| {
        let t = &texts[p as usize];
        let multi = t.as_bytes().contains(&b' ');
        patterns[p as usize].aliases.iter().any(|a| {
            a.1 == CaseRule::Any
                || (multi && a.1 == CaseRule::Initial && super::discover::opens_name_in_lower_case(&t[..klen(p)]))
        })
    };
    let cand = |p: u32| Cand::new(p, &texts[p as usize], klen(p), &patterns[p as usize]);
    let ids: Vec<Cand> = keyed.iter().map(|k| cand(k.1)).collect();
    let mut range = vec![(0u32, 0u32); group_of.len()];
    let mut ids_lower = Vec::new();
    let mut range_lower = vec![(0u32, 0u32); group_of.len()];
    for (start, run) in keyed.chunk_by(|a, b| a.0 == b.0).scan(0u32, |at, run| {
        let s = *at;
        *at += run.len() as u32;
        Some((s, run))
    }) {
        let g = run[0].0 as usize;
        range[g] = (start, run.len() as u32);
        let lower_at = ids_lower.len() as u32;
        ids_lower.extend(run.iter().map(|k| k.1).filter(|p| may_start_lower(*p)).map(cand));
        range_lower[g] = (lower_at, ids_lower.len() as u32 - lower_at);
    }
    let by_first_word = WordTable::build(group_of.iter().map(|(k, g)| (&**k, range[*g as usize])));
    let lower: Vec<(&str, (u32, u32))> =
        group_of.iter().map(|(k, g)| (&**k, range_lower[*g as usize])).filter(|(_, r)| r.1 > 0).collect();
    let by_first_word_lower = WordTable::build(lower.into_iter());
    Built { shard: Shard { by_first_word, by_first_word_lower, ids, ids_lower }, texts, patterns, unspaced }
}

#[cfg(test)]
mod tests {
    use super::super::wordtable::head_of;
    use super::*;

    #[test]
    fn a_key_and_its_patterns_share_a_shard() {
        for (pattern, key) in [("kim jong un", "kim"), ("putin", "putins"), ("u s", "u"), ("region de koursk", "region")] {
            assert_eq!(shard_of(pattern.as_bytes()), shard_of(key.as_bytes()), "{pattern}");
        }
        assert_eq!(shard_of("金正恩".as_bytes()), 1);
        for w in ["a", "b", "kim", "jong", "u2", "9x", "zz"] {
            assert_eq!(shard_of_word(w.as_bytes()), shard_of(w.as_bytes()), "{w}");
        }
        let b = build(vec![
            Entry::Alias(Cow::Borrowed("kim jong un"), 0, CaseRule::Initial, false),
            Entry::Alias(Cow::Borrowed("kim"), 1, CaseRule::Initial, false),
            Entry::Alias(Cow::Borrowed("kim jong un"), 2, CaseRule::Initial, true),
            Entry::Alias(Cow::Borrowed("mar amarelo"), 3, CaseRule::Initial, false),
            Entry::Alias(Cow::Borrowed("mar"), 4, CaseRule::Initial, false),
        ]);
        let ids = b.shard.get(b"kim", head_of(b"kim")).expect("key");
        let texts: Vec<&str> = ids.iter().map(|c| &*b.texts[c.pid as usize]).collect();
        assert_eq!(texts, ["kim jong un", "kim"]);
        assert_eq!(b.patterns[ids[0].pid as usize].aliases.len(), 2);
        // The probe holds what follows the key: " jong un" (8 bytes, the whole rest).
        assert_eq!(ids[0].probe, u64::from_le_bytes(*b" jong un"));
        assert!(ids[0].probed_whole(3));
        assert_eq!((ids[1].probe, ids[1].mask), (0, 0));
        assert_eq!(read8(b"kim jong", 3), u64::from_le_bytes(*b" jong\0\0\0"));
        // Lower case starts no name here ("kim" is no head noun)...
        assert_eq!(b.shard.get_lower(b"kim", head_of(b"kim")), None);
        // ...but may start a multi-word name opening with one ("mar Amarelo"), whose
        // capital comes later; never the head noun alone.
        let mar = b.shard.get_lower(b"mar", head_of(b"mar")).expect("key");
        let texts: Vec<&str> = mar.iter().map(|c| &*b.texts[c.pid as usize]).collect();
        assert_eq!(texts, ["mar amarelo"]);
    }
}

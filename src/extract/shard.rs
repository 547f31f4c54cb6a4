//! Compiling the gazetteer in shards: patterns are split by their first word, so each
//! shard deduplicates and indexes its own patterns on its own core, and a word of text
//! is looked up in one shard only.

use std::borrow::Cow;
use std::collections::HashMap;

use super::forms::CaseRule;

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

/// One shard's index: first word → patterns (longest first).
pub(super) struct Shard {
    /// First word → range of `ids` (keys borrow the built-in names: no allocation each).
    by_first_word: Map<Cow<'static, str>, (u32, u32)>,
    /// The same for patterns that may start lower case ("al-Sharaa", "région de Koursk"):
    /// the only ones a lower-case word in the text can start, so most words skip the big map.
    by_first_word_lower: Map<Cow<'static, str>, (u32, u32)>,
    /// Pattern ids, key after key, longest pattern first within a key.
    ids: Vec<u32>,
    ids_lower: Vec<u32>,
    /// Cheap pre-checks before hashing: bit `len` is set at [first two bytes] when some key
    /// of that map starts so and is that long. Most words of a text fail it.
    sketch: Sketch,
    sketch_lower: Sketch,
}

impl Shard {
    /// Patterns whose first word is `word`, for a word written with a capital.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&[u32]> {
        let &(at, n) = self.by_first_word.get(word).filter(|_| self.sketch.may_hold(word))?;
        self.ids.get(at as usize..(at + n) as usize)
    }

    /// The same, for a word written lower case.
    #[inline]
    pub fn get_lower(&self, word: &str) -> Option<&[u32]> {
        if !self.sketch_lower.may_hold(word) {
            return None;
        }
        let &(at, n) = self.by_first_word_lower.get(word)?;
        self.ids_lower.get(at as usize..(at + n) as usize)
    }

    /// Adds `base` to every pattern id (shards are numbered one after the other).
    pub fn offset(&mut self, base: u32) {
        self.ids.iter_mut().chain(self.ids_lower.iter_mut()).for_each(|p| *p += base);
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
    // Rule Any, or a multi-word name whose capital may come later ("mar Amarelo").
    let may_start_lower = |p: u32| {
        let multi = texts[p as usize].as_bytes().contains(&b' ');
        patterns[p as usize].aliases.iter().any(|a| a.1 == CaseRule::Any || (multi && a.1 == CaseRule::Initial))
    };
    let ids: Vec<u32> = keyed.iter().map(|k| k.1).collect();
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
        ids_lower.extend(run.iter().map(|k| k.1).filter(|p| may_start_lower(*p)));
        range_lower[g] = (lower_at, ids_lower.len() as u32 - lower_at);
    }
    let mut by_first_word: Map<Cow<'static, str>, (u32, u32)> =
        HashMap::with_capacity_and_hasher(group_of.len(), Default::default());
    let mut by_first_word_lower: Map<Cow<'static, str>, (u32, u32)> = HashMap::default();
    for (key, g) in group_of {
        let lower = range_lower[g as usize];
        if lower.1 > 0 {
            by_first_word_lower.insert(key.clone(), lower);
        }
        by_first_word.insert(key, range[g as usize]);
    }
    let sketch = Sketch::of(by_first_word.keys().map(|k| &**k));
    let sketch_lower = Sketch::of(by_first_word_lower.keys().map(|k| &**k));
    Built { shard: Shard { by_first_word, by_first_word_lower, ids, ids_lower, sketch, sketch_lower }, texts, patterns, unspaced }
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

    #[inline]
    fn may_hold(&self, word: &str) -> bool {
        self.0[Self::slot(word.as_bytes())] & (1 << word.len().min(63)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_and_its_patterns_share_a_shard() {
        for (pattern, key) in [("kim jong un", "kim"), ("putin", "putins"), ("u s", "u"), ("region de koursk", "region")] {
            assert_eq!(shard_of(pattern.as_bytes()), shard_of(key.as_bytes()), "{pattern}");
        }
        assert_eq!(shard_of("金正恩".as_bytes()), 1);
        let b = build(vec![
            Entry::Alias(Cow::Borrowed("kim jong un"), 0, CaseRule::Initial, false),
            Entry::Alias(Cow::Borrowed("kim"), 1, CaseRule::Initial, false),
            Entry::Alias(Cow::Borrowed("kim jong un"), 2, CaseRule::Initial, true),
        ]);
        let ids = b.shard.get("kim").expect("key");
        let texts: Vec<&str> = ids.iter().map(|p| &*b.texts[*p as usize]).collect();
        assert_eq!(texts, ["kim jong un", "kim"]);
        assert_eq!(b.patterns[ids[0] as usize].aliases.len(), 2);
        // Lower case may start only the multi-word name (its capital can come later).
        assert_eq!(b.shard.get_lower("kim"), Some(&ids[..1]));
    }
}

//! Discovery of names the knowledge base lacks, from context cues, and within-article
//! coreference of short mentions ("Kim", "M. Zelensky") to full names seen nearby.

use std::collections::HashMap;

use std::sync::OnceLock;

use super::cues;
use super::fold::{Folded, fold};
use super::wordtable::WordTable;
use crate::model::Kind;

pub use super::scan::Tok;

/// The words of a text with their folded forms (computed once, shared by every rule).
pub struct Tokens {
    pub toks: Vec<Tok>,
    /// The whole folded text; each word's key is a slice of it.
    folded: Folded,
    /// List bits of each token (see [`word_flags`]), looked up on first use: most words
    /// (lower case, far from any name) are never asked about.
    flags: Vec<std::cell::Cell<u8>>,
    /// Indices of the capitalised words, the only ones discovery and coreference start from:
    /// walking these instead of every word spares a branch per word that goes either way.
    caps: Vec<u32>,
}

/// Not looked up yet (no word is in all the lists at once).
const UNKNOWN: u8 = u8::MAX;

impl Tokens {
    /// The folded form of a word, as the word lists hold them.
    pub fn key(&self, t: &Tok) -> &str {
        &self.folded.text[t.k.0 as usize..t.k.1 as usize]
    }

    /// The folded text, for the gazetteer.
    pub fn folded(&self) -> &Folded {
        &self.folded
    }

    /// The value `table` holds for word `t`'s folded form.
    pub(super) fn lookup(&self, table: &WordTable, t: &Tok) -> Option<(u32, u32)> {
        table.get_at(self.folded.text.as_bytes(), t.k.0 as usize, (t.k.1 - t.k.0) as usize)
    }

    /// Inline: most calls find the bits already looked up.
    #[inline]
    fn is(&self, i: usize, bits: u8) -> bool {
        let f = self.flags[i].get();
        let f = if f == UNKNOWN { self.look_up_flags(i) } else { f };
        f & bits != 0
    }

    #[inline(never)]
    fn look_up_flags(&self, i: usize) -> u8 {
        let f = self.lookup(word_flags(), &self.toks[i]).map_or(0, |v| v.0 as u8);
        self.flags[i].set(f);
        f
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }
}

/// What a word is to discovery, as bits: one hash lookup per token answers every list.
const PERSON: u8 = 1;
const TITLE: u8 = 2;
const ORG: u8 = 4;
const PLACE_BEFORE: u8 = 8;
const PLACE_AFTER: u8 = 16;
const CONNECTOR: u8 = 32;
const STOP: u8 = 64;
const GEO: u8 = 128;

fn word_flags() -> &'static WordTable {
    static L: OnceLock<WordTable> = OnceLock::new();
    L.get_or_init(|| {
        let mut m: HashMap<String, u8, foldhash::fast::RandomState> = HashMap::default();
        let lists = [
            (cues::PERSON_CUES, PERSON),
            (cues::TITLE_PARTS, TITLE),
            (cues::ORG_HEADS, ORG),
            (cues::PLACE_BEFORE, PLACE_BEFORE),
            (cues::PLACE_AFTER, PLACE_AFTER),
            (cues::CONNECTORS, CONNECTOR),
            (cues::STOP, STOP),
            (cues::GEO_HEADS, GEO),
        ];
        for (words, bit) in lists {
            for w in words.split_whitespace() {
                for k in [fold(w).text, w.to_lowercase()] {
                    *m.entry(k).or_default() |= bit;
                }
            }
        }
        WordTable::build(m.iter().map(|(k, bits)| (k.as_str(), (u32::from(*bits), 0))))
    })
}

/// Whether `word` (folded) is a head noun that may open a name in lower case ("mar
/// Amarelo", "ministère des Affaires étrangères"): organisation and place heads of the cues,
/// and sea, river, mountain and square words.
pub(super) fn opens_name_in_lower_case(word: &str) -> bool {
    word_flags().get_word(word.as_bytes()).is_some_and(|v| v.0 as u8 & (ORG | PLACE_BEFORE | PLACE_AFTER | GEO) != 0)
}

/// Splits text into words (letters, digits, inner hyphens), noting sentence starts and lines,
/// and folds it for the gazetteer on the way.
pub fn tokenize(text: &str) -> Tokens {
    let (folded, toks, mut flags, mut caps) = SPARE.with_borrow_mut(Option::take).unwrap_or_default();
    let (folded, toks) = super::scan::scan_reusing(text, folded, toks);
    flags.clear();
    flags.resize(toks.len(), std::cell::Cell::new(UNKNOWN));
    caps.clear();
    caps.resize(toks.len(), 0);
    let mut n = 0;
    for (i, t) in toks.iter().enumerate() {
        caps[n] = i as u32;
        n += usize::from(t.cap);
    }
    caps.truncate(n);
    Tokens { toks, folded, flags, caps }
}

type Buffers = (Folded, Vec<Tok>, Vec<std::cell::Cell<u8>>, Vec<u32>);

thread_local! {
    /// The buffers of the last `Tokens` dropped on this thread, for the next text: one
    /// article after another, no allocation (and no fresh pages) per article.
    static SPARE: std::cell::RefCell<Option<Buffers>> = const { std::cell::RefCell::new(None) };
}

impl Drop for Tokens {
    fn drop(&mut self) {
        // A huge text's buffers are not kept.
        if self.folded.text.capacity() <= 1 << 20 {
            let bufs = (
                std::mem::take(&mut self.folded),
                std::mem::take(&mut self.toks),
                std::mem::take(&mut self.flags),
                std::mem::take(&mut self.caps),
            );
            SPARE.with_borrow_mut(|s| *s = Some(bufs));
        }
    }
}

/// Lines whose ordinary words are capitalised (Title Case or ALL CAPS headlines): no
/// discovery there. Words inside gazetteer hits do not count, so names cannot tip the vote.
fn headline_lines(tk: &Tokens, covered: &[bool]) -> Vec<bool> {
    let toks = &tk.toks[..];
    let lines = toks.last().map(|t| t.line as usize + 1).unwrap_or(0);
    let mut heads = vec![false; lines];
    // Per line: long ordinary words, capitalised ones, words with a lower-case letter. Counted
    // in locals, a line at a time (words come in line order): counters in memory made each
    // word wait for the previous one's store.
    let (mut line, mut n, mut c, mut lower) = (0u32, 0u32, 0u32, 0u32);
    let mut flush = |line: u32, n: u32, c: u32, lower: u32| {
        heads[line as usize] = (n >= 3 && c * 10 >= n * 8) || (n >= 2 && lower == 0);
    };
    for (i, (t, cov)) in toks.iter().zip(covered).enumerate() {
        if t.line != line {
            flush(line, n, c, lower);
            (line, n, c, lower) = (t.line, 0, 0, 0);
        }
        lower += u32::from(t.lower);
        // Counted without a branch per test (word length and case vary word to word: each
        // branch would be mispredicted half the time).
        let long = !*cov & (t.end - t.start >= 4);
        let cap = long & t.cap;
        // Titles and weekdays are capitalised in running English text too.
        let cue = cap && tk.is(i, PERSON | ORG | STOP | TITLE);
        n += u32::from(long & !cue);
        c += u32::from(cap & !cue);
    }
    if lines > 0 {
        flush(line, n, c, lower);
    }
    heads
}

/// A discovered or coreferent mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub kind: Kind,
}

fn is_name_word(text: &str, tk: &Tokens, i: usize) -> bool {
    let t = &tk.toks[i];
    if !t.cap {
        return false;
    }
    let w = &text[t.start..t.end];
    if w.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    !tk.is(i, STOP | PERSON | ORG | TITLE)
}

/// Finds names not covered by gazetteer hits. `covered[i]` marks tokens inside a hit.
pub fn discover(text: &str, tk: &Tokens, covered: &[bool], lang: &str) -> Vec<Found> {
    let toks = &tk.toks[..];
    let heads = headline_lines(tk, covered);
    let mut out = Vec::new();
    let mut i = 0;
    for &c in &tk.caps {
        if (c as usize) < i {
            continue;
        }
        i = c as usize;
        if covered[i] || heads[toks[i].line as usize] || tk.is(i, STOP) {
            continue;
        }
        // A capitalised run, connectors allowed inside.
        let mut j = i;
        let mut last_cap = i;
        while j < toks.len() && !covered[j] && toks[j].line == toks[i].line && (j == i || !toks[j].sent_start) {
            let t = &toks[j];
            if j > i && text[toks[j - 1].end..t.start].chars().any(|c| !c.is_whitespace() && c != '\'' && c != '’') {
                break;
            }
            if t.cap {
                if tk.is(j, STOP) {
                    break;
                }
                last_cap = j;
            } else if !tk.is(j, CONNECTOR) {
                break;
            }
            j += 1;
        }
        let run = i..last_cap + 1;
        if let Some(f) = classify(text, tk, covered, run.clone(), lang) {
            out.push(f);
        }
        i = last_cap + 1;
    }
    out
}

fn classify(text: &str, tk: &Tokens, covered: &[bool], run: std::ops::Range<usize>, lang: &str) -> Option<Found> {
    let toks = &tk.toks[..];
    // Person: after the last title word in or before the run.
    let cue_in_run = run.clone().rposition(|k| tk.is(k, PERSON | TITLE));
    let name_run = match cue_in_run {
        Some(p) => run.start + p + 1..run.end,
        None => run.clone(),
    };
    let name_ok = name_run.len() >= 2
        && name_run.len() <= 4
        && name_run.clone().all(|k| !toks[k].cap || is_name_word(text, tk, k))
        && toks[name_run.start].cap
        && toks[name_run.end - 1].cap;
    // "Police Chief Michael Sullivan": a title inside an organisation-looking run, then a name.
    if name_ok && cue_in_run.is_some() && name_run.clone().all(|k| !tk.is(k, ORG)) {
        return Some(found(text, toks, name_run, Kind::Person));
    }
    // Organisation: a head word inside a run of two or more words.
    if run.len() >= 2 && run.clone().any(|k| tk.is(k, ORG)) && !run.clone().all(|k| tk.is(k, ORG | CONNECTOR)) {
        let mut s = run.start;
        while s < run.end && tk.is(s, STOP) {
            s += 1;
        }
        // "Kori Schake of the American Enterprise Institute": when the head comes only after a
        // connector, the organisation starts after it.
        if let Some(c) = (s..run.end).position(|k| !toks[k].cap && tk.is(k, CONNECTOR)).map(|p| s + p)
            && !(s..c).any(|k| tk.is(k, ORG))
        {
            s = c;
            while s < run.end && !toks[s].cap {
                s += 1;
            }
        }
        if run.end - s >= 2 {
            return Some(found(text, toks, s..run.end, Kind::Organization));
        }
    }
    if name_ok {
        let before = cue_in_run.is_some() || cue_before(text, tk, covered, name_run.start);
        if before || cue_after(text, tk, name_run.end) {
            return Some(found(text, toks, name_run, Kind::Person));
        }
    }
    // Place: "region of X", "X Oblast".
    if run.len() <= 2 && run.clone().all(|k| is_name_word(text, tk, k)) && lang != "de" {
        let prev = (run.start >= 2).then(|| [run.start - 1, run.start - 2]);
        // "city of X", "région de X"; directly after the head word only in Cyrillic ("в городе Суджа").
        let cyrillic = text[toks[run.start].start..].chars().next().is_some_and(super::fold::is_cyrillic);
        let by_before = prev
            .is_some_and(|[p1, p2]| (cyrillic && tk.is(p1, PLACE_BEFORE)) || (tk.is(p1, CONNECTOR) && tk.is(p2, PLACE_BEFORE)));
        if by_before || (run.end < toks.len() && tk.is(run.end, PLACE_AFTER)) {
            return Some(found(text, toks, run, Kind::Place));
        }
    }
    None
}

fn cue_before(text: &str, tk: &Tokens, covered: &[bool], at: usize) -> bool {
    let toks = &tk.toks[..];
    // Up to five words back, crossing only lower-case words, connectors and title parts
    // ("ministre russe des Affaires étrangères Sergueï Lavrov"), never another name.
    for d in 1..=5 {
        let Some(i) = at.checked_sub(d) else { return false };
        let t = &toks[i];
        if tk.is(i, PERSON) {
            return text[t.end..toks[at].start].chars().all(|c| !matches!(c, '.' | ';' | '!' | '?') || t.end - t.start <= 2);
        }
        if covered[i] || (t.cap && !tk.is(i, TITLE | CONNECTOR)) || t.line != toks[at].line {
            return false;
        }
    }
    false
}

fn cue_after(text: &str, tk: &Tokens, end: usize) -> bool {
    let toks = &tk.toks[..];
    // "Andrei Rudenko, Russia's deputy foreign minister"
    let Some(next) = toks.get(end) else { return false };
    let gap = &text[toks[end - 1].end..next.start];
    if !gap.trim_start().starts_with(',') {
        return false;
    }
    (end..toks.len().min(end + 5)).any(|i| tk.is(i, PERSON))
}

fn found(text: &str, toks: &[Tok], r: std::ops::Range<usize>, kind: Kind) -> Found {
    let (s, e) = (toks[r.start].start, toks[r.end - 1].end);
    Found { start: s, end: e, name: crate::sanitize::line(&text[s..e]), kind }
}

/// A person mentioned in full, whose single words may refer back to it.
pub struct Anchor<K> {
    pub start: usize,
    pub end: usize,
    pub who: K,
}

/// Links uncovered capitalised single words to the nearest preceding full mention
/// sharing that word (else the first following one). Returns (token index, anchor index).
pub fn corefer<K>(tk: &Tokens, covered: &[bool], anchors: &[Anchor<K>]) -> Vec<(usize, usize)> {
    let toks = &tk.toks[..];
    let mut by_word: HashMap<&str, Vec<usize>, foldhash::fast::RandomState> = HashMap::default();
    for (ai, a) in anchors.iter().enumerate() {
        let first = toks.partition_point(|t| t.end <= a.start);
        let last = first + toks[first..].iter().take_while(|t| t.start < a.end).count();
        if last - first < 2 {
            continue;
        }
        for (w, tok) in toks.iter().enumerate().take(last).skip(first) {
            let k = tk.key(tok);
            if k.chars().count() >= 3 && !tk.is(w, CONNECTOR | STOP) {
                by_word.entry(k).or_default().push(ai);
            }
        }
    }
    if by_word.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &ti in &tk.caps {
        let ti = ti as usize;
        if covered[ti] {
            continue;
        }
        let t = &toks[ti];
        let Some(cands) = by_word.get(tk.key(t)) else { continue };
        let before = cands.iter().filter(|a| anchors[**a].end <= t.start).max_by_key(|a| anchors[**a].end);
        let pick = before.or_else(|| cands.iter().min_by_key(|a| anchors[**a].start));
        if let Some(a) = pick {
            out.push((ti, *a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(text: &str) -> Vec<(String, Kind)> {
        let toks = tokenize(text);
        let covered = vec![false; toks.len()];
        discover(text, &toks, &covered, "xx").into_iter().map(|f| (f.name, f.kind)).collect()
    }

    #[test]
    fn persons_after_titles() {
        assert_eq!(
            disc("Il a rencontré le vice-ministre Iounous-Bek Evkourov à Moscou."),
            [("Iounous-Bek Evkourov".into(), Kind::Person)]
        );
        assert_eq!(disc("said Deputy Foreign Minister Andrei Rudenko on Monday."), [("Andrei Rudenko".into(), Kind::Person)]);
        assert_eq!(
            disc("The talks were led by Andrei Rudenko, Russia's deputy foreign minister."),
            [("Andrei Rudenko".into(), Kind::Person)]
        );
    }

    #[test]
    fn organisations_and_places() {
        assert_eq!(
            disc("according to the Reconnaissance General Bureau of the army"),
            [("Reconnaissance General Bureau".into(), Kind::Organization)]
        );
        assert_eq!(disc("fighting near the village of Sudzha continued"), [("Sudzha".into(), Kind::Place)]);
        // The head word only after a connector: the organisation starts there.
        assert_eq!(
            disc("the report was written by experts of the American Enterprise Institute last year"),
            [("American Enterprise Institute".into(), Kind::Organization)]
        );
        // A title inside an organisation-looking run: the name after it is a person.
        assert_eq!(
            disc("the case was handed to local Police Chief Michael Sullivan on Monday"),
            [("Michael Sullivan".into(), Kind::Person)]
        );
    }

    #[test]
    fn no_junk_from_headlines_and_german_nouns() {
        assert!(disc("Kim Jong Un Offers Russia 'Unconditional' Support In Ukraine War").is_empty());
        assert!(disc("KIM MEETS TOP OFFICIALS IN PYONGYANG AFTER TEST").is_empty());
        assert!(
            disc("Die Regierung hat am Montag neue Maßnahmen beschlossen. Der Minister sagte, die Lage sei ernst.").is_empty()
        );
        assert!(disc("On Monday, Markets Fell sharply.").is_empty());
    }
}

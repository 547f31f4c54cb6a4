//! Entity extraction: gazetteer matching, discovery and coreference behind one call,
//! `Extractor::extract(text, lang) -> Extraction`, with byte spans into the input.
//!
//! This module knows nothing of feeds, storage or the terminal.

mod cues;
pub mod discover;
pub mod fold;
mod forms;
mod inflect;
pub mod kb;
pub mod lang;
pub mod matcher;
mod prebuilt;
mod regions;
mod scan;
mod shard;
mod translit;
mod wordtable;

use serde::Serialize;

use crate::model::Kind;
use discover::{Anchor, tokenize};
use kb::Kb;
use matcher::Matcher;

/// One mention: byte offsets into the extracted text (its surface form is
/// [`Mention::text`]; not copied out, as the poller keeps only the offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
}

impl Mention {
    /// The surface form in `doc`, the text it was extracted from.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        doc.get(self.start..self.end).unwrap_or("")
    }
}

/// Where an entity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The knowledge base (built-in, actors, extra gazetteer).
    Kb,
    /// Discovered from context; not in the knowledge base.
    Discovered,
}

/// An entity found in a text, with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Canonical name; shared with the extractor for knowledge-base entities.
    pub name: std::sync::Arc<str>,
    pub kind: Kind,
    /// Shared with the knowledge base: no allocation per entity found.
    pub subkind: std::sync::Arc<str>,
    pub tracked: bool,
    pub origin: Origin,
    pub count: u32,
    pub mentions: Vec<Mention>,
}

/// The result of one extraction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    pub language: String,
    pub entities: Vec<Entity>,
}

/// The extractor: a compiled knowledge base plus a language detector. Cheap to share (`&self`).
pub struct Extractor {
    kb: std::sync::Arc<Kb>,
    /// Compiled on a background thread from construction on, so callers (the poller's
    /// first fetches, the dashboard's first frame) need not wait for it.
    matcher: std::sync::Arc<std::sync::OnceLock<Matcher>>,
    langs: lang::LangDetector,
    regions: regions::Regions,
    /// Canonical name of each knowledge-base entity, shared by every `Entity` found.
    names: Vec<std::sync::Arc<str>>,
}

/// Compiles the matcher into `cell`. A panic while compiling (a bug, not input: the
/// gazetteers are validated when loaded) leaves an empty matcher rather than a waiter forever.
fn compile_into(kb: &Kb, cell: &std::sync::OnceLock<Matcher>) {
    let m = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Matcher::new(kb)))
        .unwrap_or_else(|_| Matcher::new(&Kb::default()));
    let _ = cell.set(m);
}

#[derive(Clone, PartialEq, Eq)]
enum Key {
    Kb(u32),
    New(String, Kind),
}

/// A mention before grouping: original span and whose it is.
type RawMention = (usize, usize, Key);

thread_local! {
    /// Which words a hit covers, and the mentions before grouping: the previous article's
    /// vectors, reused (one allocation fewer per article for each).
    static SCRATCH: std::cell::RefCell<(Vec<bool>, Vec<RawMention>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

impl Extractor {
    /// Compiles an extractor over `kb`.
    pub fn new(kb: Kb) -> Extractor {
        let regions = regions::Regions::new(&kb);
        let names = kb.entities.iter().map(|e| std::sync::Arc::from(e.canonical.as_str())).collect();
        let kb = std::sync::Arc::new(kb);
        let matcher = std::sync::Arc::new(std::sync::OnceLock::new());
        let (k, m) = (kb.clone(), matcher.clone());
        let spawned = std::thread::Builder::new().name("kb-compile".into()).spawn(move || compile_into(&k, &m));
        if spawned.is_err() {
            compile_into(&kb, &matcher);
        }
        Extractor { kb, matcher, langs: lang::LangDetector::default(), regions, names }
    }

    /// The built-in knowledge base plus `actors` as tracked entities.
    pub fn with_actors(actors: &[crate::config::ActorConfig]) -> Extractor {
        let mut kb = Kb::builtin();
        kb.add_actors(actors);
        Extractor::new(kb)
    }

    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// The compiled gazetteer, waiting for the background compile if it is still running.
    fn matcher(&self) -> &Matcher {
        self.matcher.wait()
    }

    /// Detects the language of `text` (ISO 639-1, "und" when unsure).
    pub fn detect_language(&self, text: &str) -> &'static str {
        self.langs.detect(text)
    }

    /// Finds the entities of `text`. `lang` (a feed's hint) wins over detection when set.
    pub fn extract(&self, text: &str, lang: Option<&str>) -> Extraction {
        let tk = tokenize(text);
        let language = match lang {
            Some(l) if !l.is_empty() => l.to_string(),
            _ => self.langs.detect_words(text, &tk).to_string(),
        };
        let mut hits = self.matcher().find(text, &tk);
        self.regions.apply(text, &tk, &mut hits, |e| self.kb.entities[e as usize].kind == Kind::Place);
        let owners: Vec<matcher::Hit> = hits.iter().filter_map(|h| self.possessor(text, h)).collect();
        hits.extend(owners);
        let toks = &tk.toks[..];
        let (mut covered, mut mentions) = SCRATCH.with_borrow_mut(std::mem::take);
        covered.clear();
        covered.resize(toks.len(), false);
        mentions.clear();
        let mark = |covered: &mut Vec<bool>, s: usize, e: usize| {
            let first = toks.partition_point(|t| t.end <= s);
            for (k, t) in toks.iter().enumerate().skip(first) {
                if t.start >= e {
                    break;
                }
                covered[k] = true;
            }
        };
        for h in &hits {
            mark(&mut covered, h.start, h.end);
            mentions.push((h.start, h.end, Key::Kb(h.entity)));
        }
        for f in discover::discover(text, &tk, &covered, &language) {
            mark(&mut covered, f.start, f.end);
            // A discovered name the KB knows under another surface (rare) links to it.
            mentions.push((f.start, f.end, Key::New(translit::romanize(&f.name, &language), f.kind)));
        }
        // Coreference: single words pointing back to persons named in full.
        let anchors: Vec<Anchor<Key>> = mentions
            .iter()
            .filter(|(_, _, k)| match k {
                Key::Kb(i) => self.kb.entities[*i as usize].kind == Kind::Person,
                Key::New(_, kind) => *kind == Kind::Person,
            })
            .map(|(s, e, k)| Anchor { start: *s, end: *e, who: k.clone() })
            .collect();
        for (ti, ai) in discover::corefer(&tk, &covered, &anchors) {
            mentions.push((toks[ti].start, toks[ti].end, anchors[ai].who.clone()));
        }
        mentions.sort_by_key(|m| m.0);
        let entities = self.group(mentions.drain(..));
        // A huge text's vectors are not kept.
        if covered.capacity() <= 1 << 20 {
            SCRATCH.with_borrow_mut(|s| *s = (covered, mentions));
        }
        Extraction { language, entities }
    }

    /// "Ukraine's General Staff", "Russia's Security Council": an alias that opens with a
    /// possessive names its owner too, when the owner is a place the knowledge base knows.
    fn possessor(&self, text: &str, h: &matcher::Hit) -> Option<matcher::Hit> {
        let surface = &text[h.start..h.end];
        // A byte scan: most hits hold no apostrophe, and setting up a substring search for
        // each cost 1% of extraction.
        let b = surface.as_bytes();
        let p =
            (0..b.len()).find(|&i| (b[i] == b'\'' && b[i + 1..].starts_with(b"s ")) || b[i..].starts_with("’s ".as_bytes()))?;
        let owner = &surface[..p];
        let found = self.matcher().find(owner, &tokenize(owner));
        let place = found.iter().find(|o| {
            o.start == 0
                && o.end == owner.len()
                && o.entity != h.entity
                && self.kb.entities[o.entity as usize].kind == Kind::Place
        })?;
        Some(matcher::Hit { start: h.start, end: h.start + p, entity: place.entity })
    }

    fn group(&self, mentions: impl Iterator<Item = RawMention>) -> Vec<Entity> {
        // A text names a handful of entities: a linear scan beats hashing keys.
        let mut groups: Vec<(Key, Vec<Mention>)> = Vec::new();
        for (s, e, k) in mentions {
            let m = Mention { start: s, end: e };
            match groups.iter_mut().find(|g| g.0 == k) {
                Some(g) => g.1.push(m),
                None => groups.push((k, vec![m])),
            }
        }
        let mut out: Vec<Entity> = groups
            .into_iter()
            .map(|(k, ms)| {
                let (name, kind, subkind, tracked, origin) = match k {
                    Key::Kb(i) => {
                        let e = &self.kb.entities[i as usize];
                        (self.names[i as usize].clone(), e.kind, e.subkind.clone(), e.tracked, Origin::Kb)
                    }
                    Key::New(n, kind) => (n.into(), kind, Default::default(), false, Origin::Discovered),
                };
                Entity { name, kind, subkind, tracked, origin, count: ms.len() as u32, mentions: ms }
            })
            .collect();
        // Most mentioned first, then first mentioned first (stable sort keeps text order).
        out.sort_by_key(|e| std::cmp::Reverse(e.count));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_possessive_alias_names_its_owner_too() {
        let mut kb = Kb::default();
        kb.add_tsv(
            "t",
            "Ukraine\tplace\tcountry\tUkraine\nGeneral Staff of the Armed Forces of Ukraine\torganization\tmilitary\tUkraine's General Staff\n\
             China\tplace\tcountry\tChina|People's Republic of China\n",
        )
        .unwrap();
        let ex = Extractor::new(kb);
        let text = "Ukraine’s General Staff reported shelling; the People's Republic of China protested.";
        let got: Vec<(String, Vec<&str>)> = ex
            .extract(text, Some("en"))
            .entities
            .iter()
            .map(|e| (e.name.to_string(), e.mentions.iter().map(|m| &text[m.start..m.end]).collect()))
            .collect();
        assert_eq!(
            got,
            [
                ("General Staff of the Armed Forces of Ukraine".to_string(), vec!["Ukraine’s General Staff"]),
                ("Ukraine".to_string(), vec!["Ukraine"]),
                ("China".to_string(), vec!["People's Republic of China"]),
            ]
        );
    }
}

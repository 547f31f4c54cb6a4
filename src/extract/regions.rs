//! A city named with a region word means its region: "the Kharkiv region", "Region Saratow",
//! "las regiones de Járkov y Sumy", "the Kursk and Belgorod regions" name Kharkiv Oblast,
//! Saratov Oblast… when the knowledge base has such a twin ("X Oblast", "X Krai", "X Province"…).

use std::collections::{HashMap, HashSet};

use super::discover::Tokens;
use super::fold::fold_key;
use super::kb::Kb;
use super::matcher::Hit;
use crate::model::Kind;

/// Canonical suffixes of regions named after their main city.
const TWIN_SUFFIXES: [&str; 6] = [" Oblast", " Krai", " Province", " Governorate", " Prefecture", " Region"];

/// Region words, singular: they name one region, so only the name right next to them
/// ("Region Saratow", "région de Koursk", "the Kharkiv region").
const REGION_ONE: &str = "region oblast province governorate krai région gouvernorat Gebiet Provinz \
    región provincia óblast regione região província";
/// Plural region words: they may name several coordinated ones ("Kursk and Belgorod regions").
const REGION_MANY: &str = "regions oblasts provinces governorates régions Regionen Gebiete Gebieten Provinzen \
    regiones provincias regioni province regiões províncias";

/// Prepositions between a region word and the name after it ("región de Járkov").
const PREPOSITIONS: &str = "of de di da do du des del della dei delle der d von";
/// Conjunctions between coordinated names ("Járkov y Sumy", "Kursk and Belgorod").
const CONJUNCTIONS: &str = "and y e et und i or ou o oder";

const NONE: u32 = u32::MAX;

/// Region nouns after coordinated adjectives ("Курской и Белгородской областей").
const REGION_NOUNS: &str = "область области областей областях областям областями області краев краях";
/// Conjunctions between coordinated adjectives.
const CYRILLIC_CONJUNCTIONS: &str = "и та і й";

/// City entity → its region twin, and the word lists, folded.
pub struct Regions {
    /// Region twin of each entity (`NONE` for most): an index, as this is asked for every hit.
    twin: Vec<u32>,
    /// Folded stem of a Cyrillic region adjective ("Курская область" → "kursk") → the region.
    adjective: HashMap<String, u32>,
    region_nouns: HashSet<String>,
    conj: HashSet<String>,
    region_one: HashSet<String>,
    region_many: HashSet<String>,
    prepositions: HashSet<String>,
    conjunctions: HashSet<String>,
}

fn folded_set(words: &str) -> HashSet<String> {
    words.split_whitespace().map(fold_key).collect()
}

impl Regions {
    pub fn new(kb: &Kb) -> Regions {
        let mut twin = vec![NONE; kb.entities.len()];
        for (i, e) in kb.entities.iter().enumerate() {
            if e.kind != Kind::Place {
                continue;
            }
            let city = TWIN_SUFFIXES.iter().find_map(|s| e.canonical.strip_suffix(s));
            // Exact canonical only: `Kb::find` would also accept aliases.
            if let Some(c) = city.and_then(|c| kb.entities.iter().position(|x| x.canonical == c && x.kind == Kind::Place)) {
                twin[c] = i as u32;
            }
        }
        let mut adjective = HashMap::new();
        for (i, e) in kb.entities.iter().enumerate().filter(|(_, e)| e.kind == Kind::Place) {
            for a in &e.aliases {
                let mut words = a.split(' ');
                let (Some(adj), Some(noun), None) = (words.next(), words.next(), words.next()) else { continue };
                if (noun.starts_with("облас") || noun == "край") && adj.chars().count() > 4 {
                    let stem: String = adj.chars().take(adj.chars().count() - 2).collect();
                    adjective.entry(fold_key(&stem)).or_insert(i as u32);
                }
            }
        }
        Regions {
            twin,
            adjective,
            region_nouns: folded_set(REGION_NOUNS),
            conj: folded_set(CYRILLIC_CONJUNCTIONS),
            region_one: folded_set(REGION_ONE),
            region_many: folded_set(REGION_MANY),
            prepositions: folded_set(PREPOSITIONS),
            conjunctions: folded_set(CONJUNCTIONS),
        }
    }

    /// Turns city hits named with a region word into their region. `place(e)`: whether
    /// entity `e` is a place (places may stand between, as in "Járkov y Sumy").
    pub fn apply(&self, text: &str, tk: &Tokens, hits: &mut Vec<Hit>, place: impl Fn(u32) -> bool) {
        self.coordinated(text, tk, hits);
        let twin_of = |e: u32| self.twin.get(e as usize).copied().filter(|t| *t != NONE);
        if !hits.iter().any(|h| twin_of(h.entity).is_some()) {
            return;
        }
        let toks = &tk.toks[..];
        // Token index → whether a place hit covers it.
        let in_place = |k: usize| hits.iter().any(|h| place(h.entity) && toks[k].start >= h.start && toks[k].end <= h.end);
        // Only spaces and commas between two words keep them in one phrase.
        let joined = |a: usize, b: usize| text[toks[a].end..toks[b].start].chars().all(|c| c.is_whitespace() || c == ',');
        let mut to_region = Vec::new();
        for (n, h) in hits.iter().enumerate() {
            let Some(region) = twin_of(h.entity) else { continue };
            let first = toks.partition_point(|t| t.end <= h.start);
            let last = toks.partition_point(|t| t.start < h.end);
            if first >= last {
                continue;
            }
            // Walk away from the city over other place names, conjunctions and (before it)
            // prepositions, up to a region word: singular only right next to the city (or
            // a preposition away), plural after coordinated names.
            let scan = |mut k: usize, forward: bool| -> bool {
                let mut names = 0;
                let mut prev_conj = false;
                for _ in 0..8 {
                    let next = if forward { k + 1 } else { k.wrapping_sub(1) };
                    if next >= toks.len() || !(if forward { joined(k, next) } else { joined(next, k) }) {
                        return false;
                    }
                    let key = tk.key(&toks[next]);
                    if self.region_many.contains(key) {
                        return !prev_conj;
                    }
                    if self.region_one.contains(key) {
                        return names == 0 && !prev_conj;
                    }
                    prev_conj = self.conjunctions.contains(key);
                    if in_place(next) {
                        names += 1;
                    } else if !(prev_conj || (!forward && self.prepositions.contains(key))) {
                        return false;
                    }
                    k = next;
                }
                false
            };
            if scan(first, false) || scan(last - 1, true) {
                to_region.push((n, region));
            }
        }
        for (n, region) in to_region {
            hits[n].entity = region;
        }
    }
}

impl Regions {
    /// The region a Cyrillic adjective names, by its folded stem (case endings cut).
    fn region_of_adjective(&self, key: &str) -> Option<u32> {
        (2..=5)
            .filter(|cut| key.len() > cut + 3)
            .find_map(|cut| key.get(..key.len() - cut).and_then(|k| self.adjective.get(k)).copied())
    }

    /// "Запорізької та Херсонської областей", "в Курской и Белгородской областях": each
    /// adjective before a region noun names its region (the matcher knows only "X область").
    fn coordinated(&self, text: &str, tk: &Tokens, hits: &mut Vec<Hit>) {
        // Most texts hold no Cyrillic region noun at all: the scan saw no Cyrillic word, or a
        // substring search finds no noun.
        if self.adjective.is_empty() || !tk.folded().cyrillic || !(text.contains("облас") || text.contains("кра")) {
            return;
        }
        let toks = &tk.toks[..];
        let mut found = Vec::new();
        for (n, t) in toks.iter().enumerate() {
            // Cheap prefix test first: this runs for every word of every text.
            let key = tk.key(t);
            if n < 3 || !(key.starts_with("obl") || key.starts_with("kra")) || !self.region_nouns.contains(key) {
                continue;
            }
            // Walk back over adjective (conjunction adjective)…, collecting regions.
            let mut regions: Vec<(usize, u32)> = Vec::new();
            let mut k = n;
            while k > 0 {
                let Some(r) = self.region_of_adjective(tk.key(&toks[k - 1])) else { break };
                regions.push((k - 1, r));
                if k >= 2 && self.conj.contains(tk.key(&toks[k - 2])) {
                    k -= 2;
                } else if k >= 2 && self.region_of_adjective(tk.key(&toks[k - 2])).is_some() {
                    k -= 1; // "Сумської, Харківської": a comma, no conjunction
                } else {
                    break;
                }
            }
            if regions.len() < 2 {
                continue;
            }
            for (j, (k, r)) in regions.into_iter().enumerate() {
                // The adjective right before the noun spans the noun too, as "X область" would.
                let end = if j == 0 { t.end } else { toks[k].end };
                found.push(Hit { start: toks[k].start, end, entity: r });
            }
        }
        if found.is_empty() {
            return;
        }
        hits.retain(|h| !found.iter().any(|f| h.start < f.end && f.start < h.end));
        hits.extend(found);
        hits.sort_by_key(|h| h.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::discover::tokenize;
    use crate::extract::matcher::Matcher;

    fn regions_of(text: &str) -> Vec<String> {
        let mut kb = Kb::default();
        kb.add_tsv(
            "t",
            "Kharkiv\tplace\tcity\tKharkiv|Járkov|Charkiw\nKharkiv Oblast\tplace\tregion\tKharkiv Oblast|Харківська область\n\
             Sumy\tplace\tcity\tSumy\nSumy Oblast\tplace\tregion\tSumy Oblast|Сумська область\nKyiv\tplace\tcapital\tKyiv\n\
             Kursk Oblast\tplace\tregion\tКурская область\nBelgorod Oblast\tplace\tregion\tБелгородская область\n",
        )
        .expect("test gazetteer");
        let tk = tokenize(text);
        let mut hits = Matcher::new(&kb).find(text, &tk);
        Regions::new(&kb).apply(text, &tk, &mut hits, |_| true);
        hits.iter().map(|h| kb.entities[h.entity as usize].canonical.clone()).collect()
    }

    #[test]
    fn cities_named_with_a_region_word_are_regions() {
        assert_eq!(
            regions_of("drones contra las regiones de Járkov y Sumy. En la ciudad de Járkov"),
            ["Kharkiv Oblast", "Sumy Oblast", "Kharkiv"]
        );
        assert_eq!(regions_of("strikes on the Kharkiv and Sumy regions"), ["Kharkiv Oblast", "Sumy Oblast"]);
        assert_eq!(regions_of("in der Region Charkiw"), ["Kharkiv Oblast"]);
        assert_eq!(
            regions_of("удары по Курской и Белгородской областям, Курской области"),
            ["Kursk Oblast", "Belgorod Oblast", "Kursk Oblast"]
        );
        assert_eq!(
            regions_of("Сумської та Харківської областей; Харківської, Сумської областей"),
            ["Sumy Oblast", "Kharkiv Oblast", "Kharkiv Oblast", "Sumy Oblast"]
        );
        // No twin, another sentence, or a word in between that is not a link: the city stays.
        assert_eq!(
            regions_of("the Kyiv region; Kharkiv. Region officials; Kharkiv, the region's capital"),
            ["Kyiv", "Kharkiv", "Kharkiv"]
        );
    }
}

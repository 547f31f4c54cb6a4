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

/// Region words, in every language the engine reads.
const REGION_WORDS: &str = "region regions oblast oblasts province provinces governorate governorates krai \
    région régions gouvernorat Regionen Gebiet Gebiete Gebieten Gebiets Provinz Provinzen \
    región regiones provincia provincias óblast regione regioni região regiões província províncias \
    область области областей областях край края області";

/// Words allowed between a region word before the names and the city ("regiones de Járkov y Sumy").
const LINKS_BEFORE: &str = "of de di da do du des del della dei delle der d von and y e et und i и і та";
/// Words allowed between the city and a region word after it ("Kursk and Belgorod regions").
const LINKS_AFTER: &str = "and y e et und i и і та or ou o oder";

/// City entity → its region twin, and the word lists, folded.
pub struct Regions {
    twin: HashMap<u32, u32>,
    region_words: HashSet<String>,
    links_before: HashSet<String>,
    links_after: HashSet<String>,
}

fn folded_set(words: &str) -> HashSet<String> {
    words.split_whitespace().map(fold_key).collect()
}

impl Regions {
    pub fn new(kb: &Kb) -> Regions {
        let mut twin = HashMap::new();
        for (i, e) in kb.entities.iter().enumerate() {
            if e.kind != Kind::Place {
                continue;
            }
            let city = TWIN_SUFFIXES.iter().find_map(|s| e.canonical.strip_suffix(s));
            // Exact canonical only: `Kb::find` would also accept aliases.
            if let Some(c) = city.and_then(|c| kb.entities.iter().position(|x| x.canonical == c && x.kind == Kind::Place)) {
                twin.insert(c as u32, i as u32);
            }
        }
        Regions {
            twin,
            region_words: folded_set(REGION_WORDS),
            links_before: folded_set(LINKS_BEFORE),
            links_after: folded_set(LINKS_AFTER),
        }
    }

    /// Turns city hits named with a region word into their region. `place(e)`: whether
    /// entity `e` is a place (places may stand between, as in "Járkov y Sumy").
    pub fn apply(&self, text: &str, tk: &Tokens, hits: &mut [Hit], place: impl Fn(u32) -> bool) {
        if self.twin.is_empty() || !hits.iter().any(|h| self.twin.contains_key(&h.entity)) {
            return;
        }
        let toks = &tk.toks[..];
        // Token index → whether a place hit covers it.
        let in_place = |k: usize| hits.iter().any(|h| place(h.entity) && toks[k].start >= h.start && toks[k].end <= h.end);
        // Only spaces and commas between two words keep them in one phrase.
        let joined = |a: usize, b: usize| text[toks[a].end..toks[b].start].chars().all(|c| c.is_whitespace() || c == ',');
        let mut to_region = Vec::new();
        for (n, h) in hits.iter().enumerate() {
            let Some(&region) = self.twin.get(&h.entity) else { continue };
            let first = toks.partition_point(|t| t.end <= h.start);
            let last = toks.partition_point(|t| t.start < h.end);
            if first >= last {
                continue;
            }
            let scan = |mut k: usize, forward: bool, links: &HashSet<String>| -> bool {
                for _ in 0..8 {
                    let next = if forward { k + 1 } else { k.wrapping_sub(1) };
                    if next >= toks.len() || !(if forward { joined(k, next) } else { joined(next, k) }) {
                        return false;
                    }
                    let key = tk.key(&toks[next]);
                    if self.region_words.contains(key) {
                        return true;
                    }
                    if !links.contains(key) && !in_place(next) {
                        return false;
                    }
                    k = next;
                }
                false
            };
            if scan(first, false, &self.links_before) || scan(last - 1, true, &self.links_after) {
                to_region.push((n, region));
            }
        }
        for (n, region) in to_region {
            hits[n].entity = region;
        }
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
            "Kharkiv\tplace\tcity\tKharkiv|Járkov|Charkiw\nKharkiv Oblast\tplace\tregion\tKharkiv Oblast\n\
             Sumy\tplace\tcity\tSumy\nSumy Oblast\tplace\tregion\tSumy Oblast\nKyiv\tplace\tcapital\tKyiv\n",
        )
        .expect("test gazetteer");
        let tk = tokenize(text);
        let mut hits = Matcher::new(&kb).find(text, tk.folded());
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
        // No twin, another sentence, or a word in between that is not a link: the city stays.
        assert_eq!(
            regions_of("the Kyiv region; Kharkiv. Region officials; Kharkiv, the region's capital"),
            ["Kyiv", "Kharkiv", "Kharkiv"]
        );
    }
}

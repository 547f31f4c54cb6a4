//! The knowledge base: built-in TSV gazetteers, tracked actors and an optional extra file,
//! merged by canonical name.
//!
//! Line format: `canonical<TAB>kind<TAB>subkind<TAB>alias|alias…[<TAB>context|context…]`.

use std::collections::HashMap;

use crate::config::ActorConfig;
use crate::model::Kind;

/// Built-in gazetteers, compiled into the binary.
/// (`kb/countries_extra.tsv` is an input of `scripts/gen_countries.mjs`, merged into countries.tsv.)
pub const BUILTIN: [(&str, &str); 5] = [
    ("kb/countries.tsv", include_str!("../../kb/countries.tsv")),
    ("kb/places.tsv", include_str!("../../kb/places.tsv")),
    ("kb/organizations.tsv", include_str!("../../kb/organizations.tsv")),
    ("kb/people_west.tsv", include_str!("../../kb/people_west.tsv")),
    ("kb/people_east.tsv", include_str!("../../kb/people_east.tsv")),
];

/// One entity of the knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct KbEntity {
    pub canonical: String,
    pub kind: Kind,
    pub subkind: std::sync::Arc<str>,
    pub aliases: Vec<String>,
    pub context: Vec<String>,
    pub tracked: bool,
}

/// A gazetteer file's rows, and its first bad line.
fn parse_tsv(file: &str, text: &str) -> (Vec<KbEntity>, Option<KbError>) {
    let mut rows = Vec::new();
    let mut first_err = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok(e) => rows.push(e),
            Err(message) => {
                first_err.get_or_insert(KbError { file: file.to_string(), line: n + 1, message });
            }
        }
    }
    (rows, first_err)
}

/// A bad line in a gazetteer file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// All entities, deduplicated by canonical name.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    pub entities: Vec<KbEntity>,
    index: HashMap<String, usize>,
}

impl Kb {
    /// The built-in knowledge base.
    pub fn builtin() -> Kb {
        // The prebuilt forms table loads on its own thread (the matcher's compile waits for
        // it, not the knowledge base); files are parsed on two cores (people on one, the rest
        // on the other); rows are then merged in file order.
        let _ = std::thread::Builder::new().name("kb-forms".into()).spawn(|| super::prebuilt::lookup("").is_some());
        let parse = |files: &[(&str, &str)]| files.iter().map(|(f, t)| parse_tsv(f, t).0).collect::<Vec<_>>();
        let (parsed, rest) = std::thread::scope(|s| {
            let people = s.spawn(|| parse(&BUILTIN[3..]));
            let rest = parse(&BUILTIN[..3]);
            (people.join().unwrap_or_else(|_| parse(&BUILTIN[3..])), rest)
        });
        let mut kb = Kb::default();
        // Built-in files are checked by tests; a bad line there is skipped, not fatal.
        for e in rest.into_iter().chain(parsed).flatten() {
            kb.merge(e);
        }
        kb
    }

    /// Adds a gazetteer file's rows; returns the first bad line as an error (good rows are kept).
    pub fn add_tsv(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let (rows, first_err) = parse_tsv(file, text);
        for e in rows {
            self.merge(e);
        }
        first_err.map_or(Ok(()), Err)
    }

    /// Adds tracked actors: an actor naming a known entity (by canonical name or alias)
    /// marks it tracked and adds its aliases; otherwise it becomes a new entity.
    pub fn add_actors(&mut self, actors: &[ActorConfig]) {
        for a in actors {
            let key_names: Vec<&str> = std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)).collect();
            let existing = key_names.iter().find_map(|n| self.find(n));
            match existing {
                Some(i) => {
                    let e = &mut self.entities[i];
                    e.tracked = true;
                    for al in std::iter::once(&a.name).chain(a.aliases.iter()) {
                        if !e.aliases.iter().any(|x| x == al) && *al != e.canonical {
                            e.aliases.push(al.clone());
                        }
                    }
                }
                None => self.merge(KbEntity {
                    canonical: a.name.clone(),
                    kind: a.kind,
                    subkind: "".into(),
                    aliases: a.aliases.clone(),
                    context: Vec::new(),
                    tracked: true,
                }),
            }
        }
    }

    /// Index of the entity whose canonical name is `name`, else one that has it as an alias
    /// (compared case- and diacritic-insensitively).
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.index.get(name) {
            return Some(*i);
        }
        // The folded text alone (no offset map, no words): every name of the base is folded.
        let fold = super::fold::fold_key;
        let key = fold(name);
        self.entities
            .iter()
            .position(|e| fold(&e.canonical) == key)
            .or_else(|| self.entities.iter().position(|e| e.aliases.iter().any(|a| fold(a) == key)))
    }

    fn merge(&mut self, e: KbEntity) {
        match self.index.get(&e.canonical) {
            Some(&i) => {
                let cur = &mut self.entities[i];
                for a in e.aliases {
                    if !cur.aliases.contains(&a) {
                        cur.aliases.push(a);
                    }
                }
                cur.context.extend(e.context);
                cur.tracked |= e.tracked;
                if cur.subkind.is_empty() {
                    cur.subkind = e.subkind;
                }
            }
            None => {
                self.index.insert(e.canonical.clone(), self.entities.len());
                self.entities.push(e);
            }
        }
    }
}

impl Kb {
    /// Short display labels for tracked entities with long names: an organisation's
    /// acronym ("KCNA"), a person's surname ("Zelenskyy").
    pub fn short_labels(&self) -> HashMap<String, String> {
        let mut out = HashMap::new();
        for e in self.entities.iter().filter(|e| e.tracked && e.canonical.chars().count() > 14) {
            let label = match e.kind {
                Kind::Organization => e
                    .aliases
                    .iter()
                    .filter(|a| (2..=6).contains(&a.len()) && a.chars().all(|c| c.is_ascii_uppercase()))
                    .min_by_key(|a| a.len())
                    .cloned(),
                Kind::Person => e.canonical.rsplit(' ').next().map(String::from),
                Kind::Place => None,
            };
            if let Some(l) = label {
                out.insert(e.canonical.clone(), l);
            }
        }
        out
    }
}

fn parse_line(line: &str) -> Result<KbEntity, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if !(4..=5).contains(&cols.len()) {
        return Err(format!("expected 4 or 5 tab-separated columns, found {}", cols.len()));
    }
    let canonical = cols[0].trim();
    if canonical.is_empty() {
        return Err("empty canonical name".into());
    }
    let kind = Kind::parse(cols[1]).ok_or_else(|| format!("unknown kind `{}`", cols[1]))?;
    let split = |s: &str| s.split('|').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect::<Vec<_>>();
    Ok(KbEntity {
        canonical: canonical.to_string(),
        kind,
        subkind: cols[2].trim().into(),
        aliases: split(cols[3]),
        context: cols.get(4).map(|c| split(c)).unwrap_or_default(),
        tracked: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_are_well_formed() {
        for (name, text) in BUILTIN {
            let mut kb = Kb::default();
            kb.add_tsv(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!kb.entities.is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn actors_merge_into_known_entities() {
        let mut kb = Kb::default();
        kb.add_tsv("t", "Sergey Lavrov\tperson\tforeign minister\tLavrov|Лавров\n").unwrap();
        kb.add_actors(&[
            ActorConfig {
                name: "Sergei Lavrov".into(),
                kind: Kind::Person,
                aliases: vec!["Lavrov".into(), "Lawrow".into()],
                tags: vec![],
            },
            ActorConfig { name: "Brand New Actor".into(), kind: Kind::Organization, aliases: vec![], tags: vec![] },
        ]);
        assert_eq!(kb.entities.len(), 2);
        assert!(kb.entities[0].tracked);
        assert!(kb.entities[0].aliases.contains(&"Lawrow".to_string()));
        assert!(kb.entities[1].tracked);
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let mut kb = Kb::default();
        let e = kb.add_tsv("extra.tsv", "# c\nA\tperson\tx\ta\nB\trobot\tx\tb\n").unwrap_err();
        assert_eq!(e.to_string(), "extra.tsv:3: unknown kind `robot`");
        assert_eq!(kb.entities.len(), 1);
    }
}

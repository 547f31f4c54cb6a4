//! The built-in gazetteer's names, folded when the binary was built (`build.rs` writes
//! `kb_forms.tsv` from `kb/*.tsv` with the same code the matcher uses at run time).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::forms::CaseRule;

const TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/kb_forms.tsv"));

/// A built-in name's rule, script and folded forms.
pub struct Prebuilt {
    pub rule: CaseRule,
    pub cyrillic: bool,
    forms: &'static str,
}

impl Prebuilt {
    pub fn forms(&self) -> impl Iterator<Item = &'static str> {
        self.forms.split('\u{1f}').filter(|f| !f.is_empty())
    }
}

/// The prebuilt forms of `name`, when it is a built-in name.
pub fn lookup(name: &str) -> Option<&'static Prebuilt> {
    static MAP: OnceLock<HashMap<&'static str, Prebuilt, foldhash::fast::RandomState>> = OnceLock::new();
    MAP.get_or_init(|| {
        // Sized once (no rehashing as it fills); fields split by hand: this runs at start-up.
        let mut map = HashMap::with_capacity_and_hasher(TABLE.len() / 40, foldhash::fast::RandomState::default());
        for l in TABLE.lines() {
            let mut cols = l.splitn(4, '\t');
            let (Some(name), Some(rule), Some(cyr)) = (cols.next(), cols.next(), cols.next()) else { continue };
            if let Some(rule) = CaseRule::from_code(rule) {
                map.insert(name, Prebuilt { rule, cyrillic: cyr == "1", forms: cols.next().unwrap_or("") });
            }
        }
        map
    })
    .get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_run_time_folding() {
        let mut n = 0;
        for line in TABLE.lines() {
            let name = line.split('\t').next().unwrap_or("");
            assert_eq!(line, super::super::forms::encode(name, &super::super::forms::name_forms(name)));
            n += 1;
        }
        assert!(n > 10_000, "only {n} names prebuilt");
        let p = lookup("Сергей Лавров").expect("a built-in name");
        assert!(p.cyrillic && p.forms().any(|f| f == "sergeyu lavrovu"), "{:?}", p.forms().collect::<Vec<_>>());
        assert!(lookup("Not A Gazetteer Name").is_none());
    }
}

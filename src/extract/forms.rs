//! The folded forms under which a gazetteer name is matched, with the letter-case rule its
//! surface must obey. Pure code shared with `build.rs`, which folds every built-in name once
//! when the binary is built (see `prebuilt`), so loading the gazetteer is quick.

use super::fold::{fold_key, is_cyrillic};

/// How the surface's letter case must look for an alias to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseRule {
    /// Short all-caps acronyms (UN, US, ONU): every letter upper case.
    Upper,
    /// Names: the first letter upper case ("trump card" is not Trump).
    Initial,
    /// Scripts without case, or aliases that start lower case (al-Qaeda).
    Any,
}

impl CaseRule {
    #[allow(dead_code)] // build.rs writes it
    pub fn code(self) -> char {
        match self {
            CaseRule::Upper => 'U',
            CaseRule::Initial => 'I',
            CaseRule::Any => 'A',
        }
    }

    pub fn from_code(c: &str) -> Option<CaseRule> {
        match c {
            "U" => Some(CaseRule::Upper),
            "I" => Some(CaseRule::Initial),
            "A" => Some(CaseRule::Any),
            _ => None,
        }
    }
}

/// A name's folded forms: the case forms share its case rule and script.
pub struct NameForms {
    pub rule: CaseRule,
    /// Written in Cyrillic: such forms fold to Latin letters, so the surface's script is
    /// checked too ("Сана" must not match "San").
    pub cyrillic: bool,
    pub forms: Vec<String>,
}

/// Everything a name is matched as.
pub fn name_forms(name: &str) -> NameForms {
    let forms = folded_variants(name)
        .into_iter()
        // Single letters and digits-only aliases would match noise.
        .filter(|f| !(f.is_ascii() && f.bytes().filter(u8::is_ascii_alphanumeric).count() < 2))
        .collect();
    NameForms { rule: case_rule(name), cyrillic: name.chars().any(is_cyrillic), forms }
}

/// One line of the prebuilt table: name, rule, script, forms (separated by U+001F).
#[allow(dead_code)] // build.rs writes the table; tests compare it
pub fn encode(name: &str, n: &NameForms) -> String {
    format!("{name}\t{}\t{}\t{}", n.rule.code(), u8::from(n.cyrillic), n.forms.join("\u{1f}"))
}

fn case_rule(alias: &str) -> CaseRule {
    let (mut cased, mut upper, mut first_upper) = (0usize, 0usize, None);
    for c in alias.chars().filter(|c| c.is_alphabetic()) {
        let up = c.is_uppercase();
        first_upper.get_or_insert(up);
        if up || c.is_lowercase() {
            cased += 1;
            upper += usize::from(up);
        }
    }
    if cased == 0 {
        return CaseRule::Any;
    }
    if cased <= 6 && upper == cased {
        return CaseRule::Upper;
    }
    if first_upper == Some(true) { CaseRule::Initial } else { CaseRule::Any }
}

/// Folded spelling variants of an alias: its case forms, and "Kim Jongun" for "Kim Jong Un".
fn folded_variants(alias: &str) -> Vec<String> {
    let mut out = super::inflect::variants_mapped(alias, &fold_key);
    let words: Vec<&str> = alias.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.len() == 3 && words.iter().all(|w| w.is_ascii() && w.len() <= 5) && words[1].len() + words[2].len() <= 8 {
        out.push(fold_key(&format!("{} {}{}", words[0], words[1], words[2])));
    }
    if let Some(declined) = german_weak_forms(alias) {
        out.push(fold_key(&declined));
    }
    out
}

/// "Europäische Union" → "Europäischen Union", "Europäischer Rat" → "Europäischen Rat",
/// "Vereinigte Staaten" → "Vereinigten Staaten": the German adjective endings after an
/// article ("der Europäischen Union", "in den Vereinigten Staaten"). Only capitalised words
/// before the last are touched; a form that is not German never occurs in text.
fn german_weak_forms(alias: &str) -> Option<String> {
    let words: Vec<&str> = alias.split(' ').collect();
    if words.len() < 2 || alias.chars().any(is_cyrillic) {
        return None;
    }
    let mut changed = false;
    let declined: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let adjective_like =
                i + 1 < words.len() && w.chars().count() >= 5 && w.chars().next().is_some_and(char::is_uppercase);
            match (adjective_like, w.strip_suffix("er")) {
                (true, Some(stem)) => {
                    changed = true;
                    format!("{stem}en")
                }
                (true, None) if w.ends_with('e') => {
                    changed = true;
                    format!("{w}n")
                }
                _ => w.to_string(),
            }
        })
        .collect();
    changed.then(|| declined.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_adjectives_decline() {
        let forms = |a: &str| name_forms(a).forms;
        assert!(forms("Europäische Union").contains(&"europaischen union".to_string()));
        assert!(forms("Europäischer Rat").contains(&"europaischen rat".to_string()));
        assert!(forms("Vereinigte Staaten").contains(&"vereinigten staaten".to_string()));
        assert_eq!(forms("North Korea"), ["north korea"]);
    }
}

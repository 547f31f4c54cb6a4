//! Russian and Ukrainian case forms of gazetteer aliases, generated once at load time, so
//! "Лаврову", "Курской области", "Ким Чен Ыном", "Криму" and "Києві" match the nominatives
//! the knowledge base lists. Text is never stemmed: the aliases carry their forms.
//!
//! Each word gets the endings of its declension class, slot by slot (nominative, genitive,
//! dative, accusative, instrumental, locative, then Ukrainian and alternative endings), so
//! multi-word names agree ("Курская область" → "Курской области"). Over-generation is
//! harmless: a form that does not exist simply never occurs in text.

const SLOTS: usize = 15;

// Slots: Russian nom gen dat acc ins loc | Ukrainian gen dat acc ins loc extra | Russian extras
// | Ukrainian instrumental of surnames (Лавровим, Путіним; other words repeat slot 9).
const CONS: [&str; SLOTS] = ["", "а", "у", "а", "ом", "е", "а", "ові", "у", "ом", "і", "у", "ым", "у", "ом"];
/// First names in -ей/-ій: Сергей → Сергеем, Сергій → Сергієм (stem without the й).
const J: [&str; SLOTS] = ["й", "я", "ю", "я", "ем", "е", "я", "ю", "я", "єм", "ї", "єві", "ем", "е", "єм"];
const A: [&str; SLOTS] = ["а", "ы", "е", "у", "ой", "е", "и", "і", "у", "ою", "і", "ї", "и", "ою", "ою"];
const ADJ_F_UK: [&str; SLOTS] = ["а", "ой", "ой", "у", "ой", "ой", "ої", "ій", "у", "ою", "ій", "ої", "ая", "ой", "ою"];
const YA: [&str; SLOTS] = ["я", "и", "е", "ю", "ей", "е", "ї", "ї", "ю", "єю", "ї", "і", "и", "ей", "єю"];
const SOFT: [&str; SLOTS] = ["ь", "и", "и", "ь", "ью", "и", "і", "і", "ь", "ю", "і", "ю", "я", "е", "ю"];
const ADJ_M: [&str; SLOTS] = ["ий", "ого", "ому", "ого", "им", "ом", "ого", "ому", "ого", "им", "ому", "ім", "ый", "ым", "им"];
const ADJ_SOFT: [&str; SLOTS] =
    ["ий", "его", "ему", "его", "им", "ем", "ього", "ьому", "ього", "ім", "ьому", "ім", "ий", "им", "ім"];
const ADJ_F: [&str; SLOTS] = ["ая", "ой", "ой", "ую", "ой", "ой", "ої", "ій", "у", "ою", "ій", "ої", "ою", "ая", "ою"];
const ADJ_N: [&str; SLOTS] = ["ое", "ого", "ому", "ое", "ым", "ом", "ого", "ому", "е", "им", "ому", "ім", "ее", "ем", "им"];
const ADJ_PL: [&str; SLOTS] = ["ые", "ых", "ым", "ые", "ыми", "ых", "их", "им", "і", "ими", "их", "их", "ие", "их", "ими"];
const PL: [&str; SLOTS] = ["ы", "ов", "ам", "ы", "ами", "ах", "ів", "ам", "и", "ами", "ах", "ів", "и", "ей", "ами"];

/// The forms of one word, slot by slot (all equal for words that do not decline), each
/// passed through `map` (folding, at load time): stems and endings are mapped apart, which
/// for a per-letter map like folding is the same as mapping the whole form.
fn word_forms(w: &str, map: &dyn Fn(&str) -> String) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    let all_caps = chars.iter().all(|c| !c.is_lowercase());
    if n < 2 || all_caps || !chars.iter().any(|c| super::fold::is_cyrillic(*c)) {
        return vec![map(w); SLOTS];
    }
    let ends = |s: &str| w.ends_with(s);
    let stem = |k: usize| chars[..n - k].iter().collect::<String>();
    let adjectival = ["ський", "цький", "зький", "ский", "цкий", "зкий"].iter().any(|e| ends(e));
    let (stem, table): (String, &[&str; SLOTS]) = if (ends("ей") || ends("ій")) && n >= 4 && !adjectival && !ends("ній") {
        (stem(1), &J)
    } else if ends("ний") || ends("ній") {
        (stem(2), &ADJ_SOFT)
    } else if ends("ий") || ends("ый") || ends("ой") || ends("ій") {
        (stem(2), &ADJ_M)
    } else if ends("ая") || ends("яя") {
        (stem(2), &ADJ_F)
    } else if ends("ое") || ends("ее") {
        (stem(2), &ADJ_N)
    } else if ends("ые") || ends("ие") || (ends("і") && n > 4) {
        (stem(if ends("і") { 1 } else { 2 }), &ADJ_PL)
    } else if ends("ы") || (ends("и") && n > 4 && !ends("ии")) {
        (stem(1), &PL)
    } else if ends("ька") && n > 4 {
        (stem(1), &ADJ_F_UK)
    } else if ends("а") {
        (stem(1), &A)
    } else if ends("я") {
        (stem(1), &YA)
    } else if ends("ь") {
        (stem(1), &SOFT)
    } else if chars[n - 1].is_alphabetic() && !"оеуюиіїєэ".contains(chars[n - 1]) {
        return consonant_forms(&chars, map);
    } else {
        return vec![map(w); SLOTS];
    };
    decline(&stem, table, map)
}

/// `stem` with each ending of `table`, mapped.
fn decline(stem: &str, table: &[&str; SLOTS], map: &dyn Fn(&str) -> String) -> Vec<String> {
    let stem = map(stem);
    table.iter().map(|e| stem.clone() + &map(e)).collect()
}

/// Consonant-final nouns; Ukrainian і/ї in the last syllable alternates in oblique cases
/// (Київ → Києва, Харків → Харкова, дім → дому).
fn consonant_forms(chars: &[char], map: &dyn Fn(&str) -> String) -> Vec<String> {
    let w = map(&chars.iter().collect::<String>());
    let n = chars.len();
    let oblique_stem = match chars.get(n.wrapping_sub(2)) {
        Some('ї') if n >= 3 => Some(map(&format!("{}є{}", chars[..n - 2].iter().collect::<String>(), chars[n - 1]))),
        Some('і') if n >= 3 => Some(map(&format!("{}о{}", chars[..n - 2].iter().collect::<String>(), chars[n - 1]))),
        _ => None,
    };
    // Russian-type surnames (-ов, -ев, -ин) take -им in the Ukrainian instrumental.
    let surname = n >= 4 && matches!(&chars[n - 2..], ['о' | 'е' | 'є' | 'и' | 'і', 'в' | 'н']);
    CONS.iter()
        .enumerate()
        .map(|(i, e)| match (&oblique_stem, i) {
            (_, 0) => w.clone(),
            (_, 14) if surname => w.clone() + &map("им"),
            // і/ї only occur in Ukrainian, whose oblique cases all take the alternated stem.
            (Some(o), _) => o.clone() + &map(e),
            _ => w.clone() + &map(e),
        })
        .collect()
}

/// A Ukrainian feminine adjective in the nominative ending -на/-ла ("Північна", "Біла").
fn is_uk_adjective_like(w: &str) -> bool {
    let n = w.chars().count();
    n > 4 && (w.ends_with("на") || w.ends_with("ла")) && w.chars().any(super::fold::is_cyrillic)
}

/// Every case form of an alias (the alias itself first). Non-Cyrillic aliases are returned alone.
#[cfg(test)]
pub fn variants(alias: &str) -> Vec<String> {
    variants_mapped(alias, &|s| s.to_string())
}

/// [`variants`], each form passed through `map` (a per-letter map such as folding).
pub fn variants_mapped(alias: &str, map: &dyn Fn(&str) -> String) -> Vec<String> {
    if !alias.chars().any(super::fold::is_cyrillic) {
        return vec![map(alias)];
    }
    let words: Vec<&str> = alias.split(' ').filter(|w| !w.is_empty()).collect();
    let mut forms: Vec<Vec<String>> = words.iter().map(|w| word_forms(w, map)).collect();
    // A Ukrainian word in -на/-ла before another word is usually an adjective ("Північна
    // Корея" → "Північної Кореї"), but may be a first name ("Ірина"): both declensions.
    let adjective_too = words.len() > 1
        && words[..words.len() - 1].iter().any(|w| is_uk_adjective_like(w))
        && alias.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
    let plain: Vec<String> = words.iter().map(|w| map(w)).collect();
    let mut out = vec![map(alias)];
    for slot in 0..SLOTS {
        // All words agree ("Курской области"), only the last declines ("Ким Чен Ыном"),
        // only the first declines ("Республики Крым").
        out.push(forms.iter().map(|f| f[slot].as_str()).collect::<Vec<_>>().join(" "));
        if words.len() > 1 {
            let last = words.len() - 1;
            let mut only_last: Vec<&str> = plain[..last].iter().map(String::as_str).collect();
            only_last.push(&forms[last][slot]);
            out.push(only_last.join(" "));
            let mut only_first: Vec<&str> = vec![&forms[0][slot]];
            only_first.extend(plain[1..].iter().map(String::as_str));
            out.push(only_first.join(" "));
        }
    }
    if adjective_too {
        for (i, w) in words.iter().enumerate() {
            if i + 1 < words.len() && is_uk_adjective_like(w) {
                let stem: String = w.chars().take(w.chars().count() - 1).collect();
                forms[i] = decline(&stem, &ADJ_F_UK, map);
            }
        }
        for slot in 0..SLOTS {
            out.push(forms.iter().map(|f| f[slot].as_str()).collect::<Vec<_>>().join(" "));
        }
    }
    // The alias itself first, then its other forms once each.
    out[1..].sort_unstable();
    out.dedup();
    let first = out[0].clone();
    let mut i = 1;
    while i < out.len() {
        if out[i] == first {
            out.remove(i);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variants;

    fn has(alias: &str, form: &str) -> bool {
        variants(alias).iter().any(|v| v == form)
    }

    #[test]
    fn russian_forms() {
        assert!(has("Путин", "Путина") && has("Путин", "Путиным") && has("Путин", "Путину"));
        assert!(has("Лавров", "Лаврову") && has("Лавров", "Лавровым"));
        assert!(has("Сергей Лавров", "Сергеем Лавровым") && has("Сергей Лавров", "Сергея Лаврова"));
        assert!(has("Москва", "Москвы") && has("Москва", "Москве") && has("Москва", "Москвой"));
        assert!(has("Россия", "России") && has("Россия", "Россией"));
        assert!(has("Курская область", "Курской области") && has("Курская область", "Курскую область"));
        assert!(has("Ким Чен Ын", "Ким Чен Ыном") && has("Ким Чен Ын", "Ким Чен Ына"));
        assert!(has("Зеленский", "Зеленского") && has("Захарова", "Захаровой"));
        assert!(has("Соединённые Штаты", "Соединённых Штатов"));
        assert_eq!(variants("КНДР"), ["КНДР"]);
        assert_eq!(variants("Putin"), ["Putin"]);
    }

    #[test]
    fn ukrainian_forms() {
        assert!(has("Крим", "Криму") && has("Київ", "Києві") && has("Київ", "Києва"));
        assert!(has("Сергій Лавров", "Сергієм Лавровим") && has("Путін", "Путіним") && has("Лавров", "Лавровим"));
        assert!(has("Зеленський", "Зеленським") && has("Андрій Сибіга", "Андрія Сибіги"));
        assert!(has("Північна Корея", "Північної Кореї") && has("Північна Корея", "Північній Кореї"));
        assert!(has("Ірина Шевченко", "Ірини Шевченко"));
        assert!(has("Харків", "Харкова") && has("Одеса", "Одесі") && has("Одеса", "Одеси"));
        assert!(has("Запорізька область", "Запорізької області") && has("Росія", "Росії") && has("Росія", "Росією"));
        assert!(has("Зеленський", "Зеленського") && has("Панама", "Панами") && has("Кишинев", "Кишиневі"));
        assert!(has("Об'єднані Арабські Емірати", "Об'єднаних Арабських Еміратів"));
    }
}

//! Readable romanisation of Cyrillic names found by discovery, so a new official written
//! "Андрей Руденко" is reported as "Andrey Rudenko" (Ukrainian text: "Олег Григоров" →
//! "Oleh Hryhorov"), the way English-language news spells them.

/// Romanises `name` when it is Cyrillic; other scripts are returned unchanged.
pub fn romanize(name: &str, lang: &str) -> String {
    if !name.chars().any(super::fold::is_cyrillic) {
        return name.to_string();
    }
    let uk = lang == "uk" || name.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'));
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let word_start = i == 0 || !chars[i - 1].is_alphabetic();
        let next = chars.get(i + 1).map(|n| n.to_lowercase().next().unwrap_or(*n));
        let word_end = next.is_none_or(|n| !n.is_alphabetic());
        let prev = if word_start { None } else { chars.get(i.wrapping_sub(1)).map(|p| p.to_lowercase().next().unwrap_or(*p)) };
        let after_vowel = prev.is_some_and(|p| "аеёиоуыэюяіїєь".contains(p));
        let r: &str = if uk {
            match lower {
                'г' => "h",
                'ґ' => "g",
                'и' => "y",
                'і' => "i",
                'ї' => {
                    if word_start {
                        "yi"
                    } else {
                        "i"
                    }
                }
                'є' => {
                    if word_start {
                        "ye"
                    } else {
                        "ie"
                    }
                }
                'й' => {
                    if word_start {
                        "y"
                    } else {
                        "i"
                    }
                }
                'ю' => {
                    if word_start {
                        "yu"
                    } else {
                        "iu"
                    }
                }
                'я' => {
                    if word_start {
                        "ya"
                    } else {
                        "ia"
                    }
                }
                _ => super::fold::translit(lower),
            }
        } else {
            match lower {
                // Dmitry, Yury: the final -ий/-ый is written -y.
                'и' | 'ы' if next == Some('й') && chars.get(i + 2).is_none_or(|n| !n.is_alphabetic()) => "y",
                'й' if word_end && matches!(prev, Some('и') | Some('ы')) => "",
                'й' => "y",
                'е' if word_start || after_vowel => "ye",
                'ё' => "yo",
                'ы' => "y",
                _ => super::fold::translit(lower),
            }
        };
        if c.is_uppercase() {
            let mut cs = r.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(r);
        }
        if !c.is_alphabetic() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::romanize;

    #[test]
    fn russian_and_ukrainian_names() {
        assert_eq!(romanize("Андрей Руденко", "ru"), "Andrey Rudenko");
        assert_eq!(romanize("Вячеслав Гладков", "ru"), "Vyacheslav Gladkov");
        assert_eq!(romanize("Дмитрий Полянский", "ru"), "Dmitry Polyansky");
        assert_eq!(romanize("Олег Григоров", "uk"), "Oleh Hryhorov");
        assert_eq!(romanize("Тимур Ткаченко", "uk"), "Tymur Tkachenko");
        assert_eq!(romanize("Юнус-Бек Евкуров", "ru"), "Yunus-Bek Yevkurov");
        assert_eq!(romanize("Roman Busargin", "ru"), "Roman Busargin");
    }
}

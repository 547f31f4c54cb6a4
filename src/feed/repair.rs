//! Text-level repairs that let real, slightly broken feeds parse.

/// Removes every `<?xml …?>` declaration (the text is UTF-8 now; a stale or second
/// declaration makes the XML reader switch encodings or panic).
pub fn strip_xml_declarations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("<?xml") {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        match after.find("?>") {
            Some(e) => rest = &after[e + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Old Userland/Yandex RSS puts items in a default namespace the parser then ignores.
pub fn strip_userland_namespace(s: &str) -> String {
    s.replacen(" xmlns=\"http://backend.userland.com/rss2\"", "", 1)
}

/// Aggressive fixes for a document that failed to parse: drops an undeclared `rss:`
/// prefix and quotes unquoted attribute values.
pub fn loosen(s: &str) -> String {
    let s = if s.contains("<rss:") && !s.contains("xmlns:rss") {
        s.replace("<rss:", "<").replace("</rss:", "</").replace(" rss:", " ")
    } else {
        s.to_string()
    };
    add_rss_version(&quote_attributes(&s))
}

/// A bare `<rss>` root (no version) is refused by the parser; real readers take it as 2.0.
fn add_rss_version(s: &str) -> String {
    let Some(p) = s.find("<rss") else { return s.to_string() };
    let end = s[p..].find('>').map(|e| p + e).unwrap_or(s.len());
    let tag = &s[p..end];
    let bare = tag.len() == 4 || tag[4..].starts_with(char::is_whitespace);
    if !bare || tag.contains("version=") {
        return s.to_string();
    }
    format!("{}<rss version=\"2.0\"{}", &s[..p], &s[p + 4..])
}

fn quote_attributes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut in_tag = false;
    let mut chars = s.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        match c {
            '<' => in_tag = !matches!(chars.peek(), Some((_, '!'))),
            '>' => in_tag = false,
            '=' if in_tag => {
                if let Some(&(_, n)) = chars.peek()
                    && n != '"'
                    && n != '\''
                    && !n.is_whitespace()
                {
                    out.push('"');
                    while let Some(&(_, v)) = chars.peek() {
                        if v.is_whitespace() || v == '>' || (v == '/' && matches!(chars.clone().nth(1), Some((_, '>')))) {
                            break;
                        }
                        out.push(v);
                        chars.next();
                    }
                    out.push('"');
                }
            }
            _ => {}
        }
    }
    out
}

/// Repairs UTF-8 that was decoded as windows-1252 and re-encoded ("ActualitÃ©s").
/// Returns `None` when the text does not look double-encoded.
pub fn fix_double_utf8(s: &str) -> Option<String> {
    let suspicious = mojibake_marks(s);
    if suspicious < 3 {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    if unmappable {
        return None;
    }
    let fixed = std::str::from_utf8(&bytes).ok()?;
    (mojibake_marks(fixed) * 4 < suspicious).then(|| fixed.to_string())
}

/// How many of 'Ã', 'Â', 'Ð', 'Ñ' (the lead bytes of UTF-8 read as windows-1252) `s` holds.
/// All four are 0xC3 then 0x82/0x83/0x90/0x91 in UTF-8: a byte scan, every feed goes through it.
fn mojibake_marks(s: &str) -> usize {
    if !s.as_bytes().contains(&0xC3) {
        return 0;
    }
    s.as_bytes().windows(2).filter(|w| w[0] == 0xC3 && matches!(w[1], 0x82 | 0x83 | 0x90 | 0x91)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_removed_everywhere() {
        let s = "<?xml version=\"1.0\"?><a>x</a><?xml encoding=\"gb2312\"?>y<?xml?xml v ??>z";
        assert_eq!(strip_xml_declarations(s), "<a>x</a>yz");
    }

    #[test]
    fn loosen_fixes_prefix_and_quotes() {
        let s = "<rss rss:version=2.0><rss:channel><rss:guid rss:isPermaLink=true>u</rss:guid></rss:channel></rss>";
        assert_eq!(loosen(s), "<rss version=\"2.0\"><channel><guid isPermaLink=\"true\">u</guid></channel></rss>");
    }

    #[test]
    fn bare_rss_root_gets_a_version() {
        assert_eq!(loosen("<rss>\n<channel/></rss>"), "<rss version=\"2.0\">\n<channel/></rss>");
        assert_eq!(loosen("<rss xmlns:a=\"x\">"), "<rss version=\"2.0\" xmlns:a=\"x\">");
        assert_eq!(loosen("<rss version=\"0.91\">"), "<rss version=\"0.91\">");
    }

    #[test]
    fn double_utf8() {
        assert_eq!(fix_double_utf8("ActualitÃ©s de lâ€™Ã©tÃ©").as_deref(), Some("Actualités de l’été"));
        assert_eq!(fix_double_utf8("Ordinary café text"), None);
    }
}

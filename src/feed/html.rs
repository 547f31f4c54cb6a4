//! HTML fragments (feed summaries and content) to clean plain text.

/// Converts an HTML fragment to text: tags stripped, scripts and styles dropped,
/// entities decoded, block elements as line breaks, whitespace collapsed, controls removed.
pub fn to_text(html: &str) -> String {
    // Plain text (most summaries of many feeds) has nothing to strip or decode.
    if !html.contains(['<', '&']) {
        return normalize(&crate::sanitize::clean(html, true));
    }
    let mut text = decode_entities(&strip_tags(html));
    // Feeds that escape their HTML twice leave tags behind after one pass.
    if text.contains('<') && looks_like_html(&text) {
        text = decode_entities(&strip_tags(&text));
    }
    normalize(&crate::sanitize::clean(&text, true))
}

fn decode_entities(s: &str) -> String {
    if s.contains('&') { html_escape::decode_html_entities(s).into_owned() } else { s.to_string() }
}

fn looks_like_html(s: &str) -> bool {
    ["<p>", "<p ", "<br", "<a ", "<div", "<img", "</p>", "<strong>", "<em>"].iter().any(|t| s.contains(t))
}

const BLOCK: [&str; 20] = [
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "figure",
    "figcaption",
    "hr",
];

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        let Some(rel) = html[i..].find('<') else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + rel]);
        i += rel;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|e| e + 3).unwrap_or(rest.len());
            continue;
        }
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            out.push_str(&cdata[..end]);
            i += 9 + (end + 3).min(cdata.len());
            continue;
        }
        // Only treat it as a tag when a name (or / or !) follows; "a < b" stays text.
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            out.push('<');
            i += 1;
            continue;
        }
        let Some(end) = rest.find('>') else {
            break; // unterminated tag: drop the remainder
        };
        let tag = &rest[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        i += end + 1;
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).map(|p| p + html[i + p..].find('>').map(|e| e + 1).unwrap_or(0)).unwrap_or(html.len() - i);
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out
}

/// Collapses whitespace inside lines and drops empty lines.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        crate::sanitize::push_words(&mut out, line, Some('\n'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_and_decodes() {
        let h = "<p>Kim Jong&nbsp;Un <b>met</b> Lavrov &amp; Choe.</p><script>alert(1)</script><p>Second&#8217;s para</p>";
        assert_eq!(to_text(h), "Kim Jong Un met Lavrov & Choe.\nSecond’s para");
    }

    #[test]
    fn double_escaped_and_odd_input() {
        assert_eq!(to_text("&lt;p&gt;Hello &lt;a href='x'&gt;world&lt;/a&gt;&lt;/p&gt;"), "Hello world");
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(to_text("<p>unterminated <a href="), "unterminated");
        assert_eq!(to_text("<!-- c -->x<![CDATA[y]]>"), "xy");
        assert_eq!(to_text("x\u{1b}[2Jy"), "xy");
    }
}

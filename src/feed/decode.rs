//! Decoding feed bytes to UTF-8: BOM, HTTP charset, XML declaration, then the bytes themselves.
//!
//! A declaration that lies is overruled: UTF-16 declared on ASCII-compatible bytes is ignored,
//! UTF-8 declared on invalid UTF-8 is sniffed, and a legacy charset declared on valid
//! multi-byte UTF-8 loses to UTF-8.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text plus the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`; `http_charset` is the `charset=` of the Content-Type header, if any.
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return run(enc, &bytes[bom_len..]);
    }
    if bytes.len() >= 4 && bytes[0] == b'<' && bytes[1] == 0 && bytes[3] == 0 {
        return run(UTF_16LE, bytes);
    }
    if bytes.len() >= 4 && bytes[0] == 0 && bytes[1] == b'<' && bytes[2] == 0 {
        return run(UTF_16BE, bytes);
    }
    let declared = http_charset
        .and_then(|l| Encoding::for_label(l.trim().trim_matches('"').as_bytes()))
        .or_else(|| xml_declared(bytes))
        .filter(|e| *e != UTF_16LE && *e != UTF_16BE);
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let enc = match declared {
        Some(e) if e == UTF_8 && valid_utf8 => UTF_8,
        Some(e) if e == UTF_8 => sniff(bytes),
        Some(_) if valid_utf8 && !bytes.is_ascii() => UTF_8,
        Some(e) => e,
        None if valid_utf8 => UTF_8,
        None => sniff(bytes),
    };
    run(enc, bytes)
}

fn run(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: enc.name() }
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, false)
}

/// The `encoding="…"` of an XML declaration at the start of the document.
fn xml_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let start = find(head, b"<?xml")?;
    let end = start + find(&head[start..], b"?>")?;
    let decl = &head[start..end];
    let at = find(decl, b"encoding")? + 8;
    let rest = &decl[at..];
    let q = rest.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = rest[q];
    let val = &rest[q + 1..];
    let close = val.iter().position(|b| *b == quote)?;
    Encoding::for_label(&val[..close])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_declarations() {
        assert_eq!(decode(b"\xEF\xBB\xBF<rss/>", None).text, "<rss/>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Not\xedcias</t>";
        let d = decode(latin1, None);
        assert!(d.text.contains("Notícias"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
        let utf16: Vec<u8> = "<rss/>".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&utf16, None).text, "<rss/>");
    }

    #[test]
    fn lying_declarations_lose_to_bytes() {
        let lie = "<?xml version=\"1.0\" encoding=\"utf-16\"?><t>café</t>";
        assert_eq!(decode(lie.as_bytes(), None).encoding, "UTF-8");
        // HTTP says latin-1 but the bytes are UTF-8 with accents.
        assert!(decode("<t>Sergueï</t>".as_bytes(), Some("iso-8859-1")).text.contains("Sergueï"));
        // No declaration, Latin-1 bytes: sniffed.
        let d = decode(b"<rss><title>\xdaltimas Not\xedcias do Brasil e do mundo</title></rss>", None);
        assert!(d.text.contains("Últimas Notícias"), "{}", d.text);
    }
}

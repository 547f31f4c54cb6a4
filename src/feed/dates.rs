//! Lenient timestamp parsing: RFC 3339/2822 first, then the formats real feeds use.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a feed timestamp. Zone-less times are taken as UTC.
pub fn parse_lenient(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    let english = englishize(s);
    let s = english.as_str();
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    // A trailing "Z" or zone name chrono's rfc2822 refuses ("UT", "Z", "UTC").
    for suffix in [" Z", " UTC", " UT", " GMT"] {
        if let Some(rest) = s.strip_suffix(suffix)
            && let Some(d) = parse_naive(rest)
        {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    const ZONED: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%d %b %Y %H:%M:%S %z",
        "%a, %d %b %Y %H:%M %z",
    ];
    for f in ZONED {
        if let Ok(d) = DateTime::<FixedOffset>::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    parse_naive(s).map(|d| Utc.from_utc_datetime(&d))
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    const NAIVE: [&str; 7] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%a, %d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M:%S",
    ];
    for f in NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Replaces day and month names of other languages (pt, es, fr, de, it) by English ones.
fn englishize(s: &str) -> String {
    const MAP: [(&str, &str); 40] = [
        ("Seg", "Mon"),
        ("Ter", "Tue"),
        ("Qua", "Wed"),
        ("Qui", "Thu"),
        ("Sex", "Fri"),
        ("Sáb", "Sat"),
        ("Sab", "Sat"),
        ("Dom", "Sun"),
        ("Lun", "Mon"),
        ("Mar", "Tue"),
        ("Mié", "Wed"),
        ("Mer", "Wed"),
        ("Jue", "Thu"),
        ("Jeu", "Thu"),
        ("Vie", "Fri"),
        ("Ven", "Fri"),
        ("Mo", "Mon"),
        ("Di", "Tue"),
        ("Mi", "Wed"),
        ("Do", "Thu"),
        ("Fr", "Fri"),
        ("Sa", "Sat"),
        ("So", "Sun"),
        ("Fev", "Feb"),
        ("Abr", "Apr"),
        ("Mai", "May"),
        ("Ago", "Aug"),
        ("Set", "Sep"),
        ("Out", "Oct"),
        ("Dez", "Dec"),
        ("Ene", "Jan"),
        ("Dic", "Dec"),
        ("Gen", "Jan"),
        ("Giu", "Jun"),
        ("Lug", "Jul"),
        ("Ott", "Oct"),
        ("Okt", "Oct"),
        ("Mär", "Mar"),
        ("Janv", "Jan"),
        ("Févr", "Feb"),
    ];
    let mut out = String::with_capacity(s.len());
    for (i, tok) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (word, tail) = match tok.strip_suffix(',') {
            Some(w) => (w, ","),
            None => (tok, ""),
        };
        let word = word.strip_suffix('.').unwrap_or(word);
        let repl = MAP.iter().find(|(k, _)| k.eq_ignore_ascii_case(word)).map(|(_, v)| *v);
        out.push_str(repl.unwrap_or(word));
        out.push_str(tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        parse_lenient(s).unwrap_or_else(|| panic!("unparsed {s}")).timestamp()
    }

    #[test]
    fn formats_seen_in_real_feeds() {
        assert_eq!(ts("Wed, 18 Feb 2026 01:51:00 +0000"), 1771379460);
        assert_eq!(ts("Tue, 17 Feb 2026 18:55:33 GMT"), 1771354533);
        assert_eq!(ts("2026-02-17T17:36:36-0500"), 1771367796);
        assert_eq!(ts("2018-09-18 14:38:10"), 1537281490);
        assert_eq!(ts("Seg, 24 Set 2018 19:42:40 -0300"), 1537828960);
        assert_eq!(ts("07 Jan 2017 17:12:53 +0300"), 1483798373);
        assert_eq!(ts("Tue, 15 Nov 2022 20:15:04 Z"), 1668543304);
        assert_eq!(ts("2026-02-16T00:00:00.000Z"), 1771200000);
        assert!(parse_lenient("yesterday-ish").is_none());
        assert!(parse_lenient("").is_none());
    }
}

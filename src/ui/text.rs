//! Display-width aware text helpers (CJK and emoji take two columns) and time labels.

use unicode_width::UnicodeWidthChar;

/// Cuts `s` to at most `width` columns, ending with '…' when cut. Controls are removed.
pub fn fit(s: &str, width: usize) -> String {
    let clean = crate::sanitize::line(s);
    let mut out = String::with_capacity(clean.len().min(width * 4));
    let mut used = 0;
    let total: usize = clean.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return clean;
    }
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Pads (or cuts) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut f = fit(s, width);
    let w: usize = f.chars().map(|c| c.width().unwrap_or(0)).sum();
    f.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    f
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// "now", "5m", "3h", "2d", "5w" before `now`.
pub fn age(ts: i64, now: i64) -> String {
    let d = (now - ts).max(0);
    match d {
        0..=59 => "now".into(),
        60..=3599 => format!("{}m", d / 60),
        3600..=86_399 => format!("{}h", d / 3600),
        86_400..=1_209_599 => format!("{}d", d / 86_400),
        _ => format!("{}w", d / 604_800),
    }
}

/// "2026-11-28 10:42 UTC".
pub fn timestamp(ts: i64) -> String {
    use chrono::{Datelike, Timelike};
    // Fields directly: a strftime pattern is parsed again on every call (one per row).
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", d.year(), d.month(), d.day(), d.hour(), d.minute()))
        .unwrap_or_else(|| "?".into())
}

/// "10:42" (UTC).
pub fn clock(ts: i64) -> String {
    use chrono::Timelike;
    chrono::DateTime::from_timestamp(ts, 0).map(|d| format!("{:02}:{:02}", d.hour(), d.minute())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_characters() {
        assert_eq!(fit("김정은 위원장", 7), "김정은…");
        assert_eq!(width(&pad("北朝鮮", 8)), 8);
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a\u{1b}[31mb", 10), "ab");
        assert_eq!(age(1000, 1000 + 7200), "2h");
    }
}

//! `--demo`: six sample feeds written for the project, compiled into the binary and served
//! through the `demo://` scheme, so the dashboard runs with no network at all.

use std::time::Duration;

use crate::config::FeedConfig;
use crate::fetch::{FetchError, Fetched};

/// (name, file, language) of each sample feed.
const FEEDS: [(&str, &str, &str, &[u8]); 6] = [
    ("Korea Watch (demo)", "korea-watch_en.xml", "en", include_bytes!("../demo/korea-watch_en.xml")),
    ("Monde International (demo)", "monde-international_fr.xml", "fr", include_bytes!("../demo/monde-international_fr.xml")),
    ("TASS-style wire (demo)", "tass-style_ru.xml", "ru", include_bytes!("../demo/tass-style_ru.xml")),
    ("Kyiv Daily (demo)", "kyiv-daily_uk.atom", "uk", include_bytes!("../demo/kyiv-daily_uk.atom")),
    ("Welt Politik (demo)", "welt-politik_de.xml", "de", include_bytes!("../demo/welt-politik_de.xml")),
    ("Global Wire (demo)", "global-wire_en.json", "en", include_bytes!("../demo/global-wire_en.json")),
];

/// Newest timestamp in the sample feeds (2026-11-28T08:40:00Z); items are shifted so that
/// this moment is "now" when the demo runs.
const ANCHOR: i64 = 1_795_855_200;

/// The demo feed list.
pub fn feeds() -> Vec<FeedConfig> {
    FEEDS
        .iter()
        .map(|(name, file, lang, _)| FeedConfig {
            name: name.to_string(),
            url: format!("demo://{file}"),
            tags: vec!["demo".into()],
            interval: Some(Duration::from_secs(3600)),
            lang: Some(lang.to_string()),
            enabled: true,
        })
        .collect()
}

/// (feed name, language, document bytes) of every sample feed.
pub fn documents() -> impl Iterator<Item = (&'static str, &'static str, &'static [u8])> {
    FEEDS.iter().map(|(name, _, lang, bytes)| (*name, *lang, *bytes))
}

/// The moment the sample feeds were written for (their newest item).
pub fn anchor() -> i64 {
    ANCHOR
}

/// Seconds to add to demo dates so the newest item is `now`.
pub fn date_shift(now: i64) -> i64 {
    now - ANCHOR
}

/// Serves a `demo://FILE` URL after a short, varied delay, so articles stream in.
pub async fn fetch(url: &str) -> Result<Fetched, FetchError> {
    let file = url.trim_start_matches("demo://");
    let Some(idx) = FEEDS.iter().position(|(_, f, _, _)| *f == file) else {
        return Err(FetchError::Other(format!("no demo feed named {file}")));
    };
    tokio::time::sleep(Duration::from_millis(250 + 350 * idx as u64)).await;
    Ok(Fetched::Body { bytes: FEEDS[idx].3.to_vec(), charset: None, etag: None, last_modified: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_is_newest_demo_date() {
        assert_eq!(
            chrono::DateTime::from_timestamp(ANCHOR, 0).map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-28T08:40:00+00:00")
        );
    }

    #[test]
    fn every_demo_feed_parses_with_items() {
        for (name, _, _, bytes) in FEEDS {
            let f = crate::feed::parse_feed(bytes, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(f.items.len() >= 6, "{name}: {} items", f.items.len());
            assert!(f.items.iter().all(|i| i.published.is_some() && !i.title.is_empty()), "{name}");
        }
    }
}

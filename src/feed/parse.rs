//! Parsing decoded feeds with feed-rs into clean items, with panics contained per feed.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::{dates, decode, html, repair};
use crate::sanitize;

/// Most items kept from one feed document.
pub const MAX_ITEMS: usize = 2_000;
/// Longest article text kept, in bytes.
pub const MAX_TEXT: usize = 100_000;

/// One item, cleaned: plain text, UTC timestamp, absolute link.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedItem {
    pub guid: Option<String>,
    pub title: String,
    pub link: String,
    /// Unix seconds; `None` when the feed gave no usable date.
    pub published: Option<i64>,
    pub text: String,
}

/// A parsed feed document.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub title: String,
    pub format: &'static str,
    pub encoding: &'static str,
    pub items: Vec<ParsedItem>,
    /// Items dropped past [`MAX_ITEMS`].
    pub dropped: usize,
}

/// Why a document could not be read as a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a feed: {0}")]
    Invalid(String),
    #[error("feed parser crashed on this document ({0}); skipped")]
    Panicked(String),
    #[error("empty response body")]
    Empty,
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// True while this thread runs the feed parser under a panic guard; the process panic
/// hook uses it to stay quiet (and keep the terminal) for contained parser panics.
pub fn in_guarded_parse() -> bool {
    GUARDED.with(Cell::get)
}

/// Decodes, repairs and parses a feed. `base` resolves relative links.
pub fn parse_feed(bytes: &[u8], http_charset: Option<&str>, base: Option<&str>) -> Result<ParsedFeed, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let decoded = decode::decode(bytes, http_charset);
    let mut text = repair::strip_userland_namespace(&repair::strip_xml_declarations(&decoded.text));
    if let Some(fixed) = repair::fix_double_utf8(&text) {
        text = fixed;
    }
    let feed = match guarded_parse(&text, base) {
        Ok(f) => f,
        Err(first) => guarded_parse(&repair::loosen(&text), base).map_err(|_| first)?,
    };
    Ok(convert(feed, decoded.encoding))
}

fn guarded_parse(text: &str, base: Option<&str>) -> Result<feed_rs::model::Feed, ParseError> {
    let parser =
        feed_rs::parser::Builder::new().base_uri(base).sanitize_content(false).timestamp_parser(dates::parse_lenient).build();
    GUARDED.with(|g| g.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| parser.parse(text.as_bytes())));
    GUARDED.with(|g| g.set(false));
    match result {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(e)) => Err(ParseError::Invalid(sanitize::line(&e.to_string()))),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ParseError::Panicked(sanitize::line(&msg).chars().take(160).collect()))
        }
    }
}

fn convert(feed: feed_rs::model::Feed, encoding: &'static str) -> ParsedFeed {
    let format = match feed.feed_type {
        feed_rs::model::FeedType::Atom => "Atom",
        feed_rs::model::FeedType::JSON => "JSON Feed",
        feed_rs::model::FeedType::RSS0 => "RSS 0.9x",
        feed_rs::model::FeedType::RSS1 => "RSS 1.0",
        feed_rs::model::FeedType::RSS2 => "RSS 2.0",
    };
    let total = feed.entries.len();
    let items: Vec<ParsedItem> = feed.entries.into_iter().take(MAX_ITEMS).filter_map(convert_item).collect();
    ParsedFeed {
        title: feed.title.map(|t| html::to_text(&t.content).replace('\n', " ")).unwrap_or_default(),
        format,
        encoding,
        items,
        dropped: total.saturating_sub(MAX_ITEMS),
    }
}

fn convert_item(e: feed_rs::model::Entry) -> Option<ParsedItem> {
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .unwrap_or_default();
    let title = e.title.map(|t| html::to_text(&t.content).replace('\n', " ")).unwrap_or_default();
    let summary = e.summary.map(|s| html::to_text(&s.content)).unwrap_or_default();
    let content = e.content.and_then(|c| c.body).map(|b| html::to_text(&b)).unwrap_or_default();
    let mut text = if content.len() > summary.len() { content } else { summary };
    if text.len() > MAX_TEXT {
        text.truncate(text.floor_char_boundary(MAX_TEXT));
    }
    if title.is_empty() && text.is_empty() {
        return None;
    }
    let title = if title.is_empty() { text.chars().take(120).collect::<String>().replace('\n', " ") } else { title };
    // feed-rs invents an id when the item has none; a real guid differs from that hash.
    let guid = Some(e.id).filter(|g| !g.trim().is_empty()).map(|g| sanitize::line(&g));
    Some(ParsedItem {
        guid,
        title: sanitize::line(&title),
        link: sanitize::line(&link),
        published: e.published.or(e.updated).map(|d| d.timestamp()),
        text,
    })
}

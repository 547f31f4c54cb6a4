//! Domain types shared by the poller, the store, the app core and the UI.

use serde::Serialize;

/// Row id of a feed in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FeedId(pub i64);

/// Row id of an article in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ArticleId(pub i64);

/// Entity kinds the extractor reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Organization,
    Place,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "per" => Some(Kind::Person),
            "organization" | "organisation" | "org" => Some(Kind::Organization),
            "place" | "location" | "loc" | "gpe" => Some(Kind::Place),
            _ => None,
        }
    }
}

/// One entity of an article as stored and shown: canonical name plus counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    pub name: String,
    pub kind: Kind,
    pub tracked: bool,
    pub count: u32,
}

/// An article as listed in the stream (no body: the detail view loads it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    pub id: ArticleId,
    pub feed: String,
    pub title: String,
    pub link: String,
    /// Unix seconds, UTC.
    pub published: i64,
    pub language: String,
    pub tracked: Vec<String>,
    pub entities: Vec<EntityRef>,
    pub read: bool,
    pub starred: bool,
}

/// Full article for the detail view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleDetail {
    pub row: ArticleRow,
    pub text: String,
    /// Byte spans into `title + "\n\n" + text` with the canonical name they link to.
    pub spans: Vec<SpanRef>,
    pub sources: Vec<String>,
}

/// One highlighted mention in the detail text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub tracked: bool,
}

/// Health of a feed as last polled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FeedHealth {
    Never,
    Ok,
    NotModified,
    Failed(String),
}

/// A feed's state as the feeds view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedStatus {
    pub name: String,
    pub url: String,
    pub health: FeedHealth,
    /// Unix seconds of the last attempt.
    pub last_poll: Option<i64>,
    pub next_poll: Option<i64>,
    pub articles: u64,
    pub consecutive_failures: u32,
}

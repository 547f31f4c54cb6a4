//! The poller: due feeds are fetched concurrently (global and per-host caps), parsed and
//! tagged off the async threads, stored, and reported as [`PollEvent`]s. Shared by the TUI
//! (scheduled loop) and `geowatch poll --once` (one round).

mod cpu;
mod ingest;
mod round;
mod schedule;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use ingest::to_new_article;
pub use round::{RoundSummary, poll_round};
pub use schedule::{PollCommand, run_scheduled};

use crate::config::Settings;
use crate::extract::Extractor;
use crate::fetch::HttpFetcher;
use crate::model::{ArticleRow, FeedId};
use crate::store::Store;

/// Everything a polling round needs. The store here is the poller's own connection.
pub struct PollContext {
    pub http: HttpFetcher,
    pub store: Arc<Mutex<Store>>,
    pub extractor: Arc<Extractor>,
    pub feed_ids: HashMap<String, FeedId>,
    pub settings: Settings,
    /// Checkpoints the writer's log between bursts (`None`: the writer does it itself).
    pub checkpoints: Option<crate::store::Checkpointer>,
}

/// The result of polling one feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedResult {
    Ok { items: usize, new: usize },
    NotModified,
    Failed(String),
}

/// Progress and results, in the order they happen.
#[derive(Debug, Clone, PartialEq)]
pub enum PollEvent {
    RoundStarted { feeds: usize },
    FeedDone { name: String, url: String, result: FeedResult, new: Vec<ArticleRow>, next_poll: i64 },
    RoundFinished(RoundSummary),
}

/// Current Unix time in seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

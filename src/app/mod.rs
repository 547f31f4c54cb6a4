//! The app core: state plus a pure `update(msg) -> Vec<Effect>`. No IO, no terminal;
//! rendering reads this state, the runtime performs the effects.

mod keys;
mod msg;
pub mod stats;
pub mod stream;

use crate::model::{ArticleDetail, FeedHealth, FeedStatus, Kind};
use crate::poll::{FeedResult, PollEvent, RoundSummary};
pub use msg::{Effect, Msg};
use stats::EntityStat;
use stream::Stream;

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    Detail,
    Feeds,
}

/// Which pane of the main screen has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Stream,
    Sidebar,
}

/// Progress of the running poll round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// The whole dashboard state.
pub struct App {
    pub stream: Stream,
    pub screen: Screen,
    pub focus: Focus,
    pub help: bool,
    /// Typing a text filter.
    pub editing_filter: bool,
    pub detail: Option<ArticleDetail>,
    pub detail_scroll: u16,
    pub feeds: Vec<FeedStatus>,
    pub feeds_cursor: usize,
    pub polling: Option<Progress>,
    pub last_round: Option<(i64, RoundSummary)>,
    pub db_path: String,
    pub now: i64,
    /// Seconds in the "current" window of the sidebar counts.
    pub window: i64,
    pub stats: Vec<EntityStat>,
    pub sidebar_cursor: usize,
    tracked: Vec<(String, Kind)>,
    /// Short labels for long tracked names in the stream's tags.
    pub labels: std::collections::HashMap<String, String>,
    /// A one-line message for the status bar (errors, refusals).
    pub flash: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
}

impl App {
    /// A fresh app. `feeds` are the configured feeds (shown as "never polled" until polled);
    /// `tracked` the tracked actors, shown in the sidebar even at zero.
    pub fn new(feeds: Vec<FeedStatus>, tracked: Vec<(String, Kind)>, db_path: String, now: i64) -> App {
        App {
            stream: Stream::default(),
            screen: Screen::Main,
            focus: Focus::Stream,
            help: false,
            editing_filter: false,
            detail: None,
            detail_scroll: 0,
            feeds,
            feeds_cursor: 0,
            polling: None,
            last_round: None,
            db_path,
            now,
            window: 24 * 3600,
            stats: stats::compute([], now, 24 * 3600, &tracked),
            sidebar_cursor: 0,
            tracked,
            labels: Default::default(),
            flash: None,
            size: (80, 24),
            quit: false,
        }
    }

    /// Applies one message; returns the IO to perform.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => keys::on_key(self, k),
            Msg::Mouse(m) => keys::on_mouse(self, m),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.stream.rows = crate::ui::layout::stream_rows(width, height);
                self.stream.ensure_visible();
                vec![]
            }
            Msg::Tick { now } => {
                self.now = now;
                self.recount();
                vec![]
            }
            Msg::ArticlesLoaded(rows) => {
                self.stream.set_all(rows);
                self.recount();
                vec![]
            }
            Msg::Poll(ev) => self.on_poll(ev),
            Msg::DetailLoaded(d) => {
                if let Some(d) = *d {
                    self.detail = Some(d);
                    self.detail_scroll = 0;
                }
                vec![]
            }
            Msg::FeedsLoaded(f) => {
                self.feeds = f;
                self.feeds_cursor = self.feeds_cursor.min(self.feeds.len().saturating_sub(1));
                vec![]
            }
            Msg::EffectFailed(e) => {
                self.flash = Some(e);
                vec![]
            }
        }
    }

    fn on_poll(&mut self, ev: PollEvent) -> Vec<Effect> {
        match ev {
            PollEvent::RoundStarted { feeds } => {
                self.polling = Some(Progress { done: 0, total: feeds });
                vec![]
            }
            PollEvent::FeedDone { name, url, result, new, next_poll } => {
                if let Some(p) = &mut self.polling {
                    p.done += 1;
                }
                self.note_feed(name, url, &result, new.len(), next_poll);
                if !new.is_empty() {
                    self.stream.insert(new);
                    self.recount();
                }
                vec![]
            }
            PollEvent::RoundFinished(sum) => {
                self.polling = None;
                self.last_round = Some((self.now, sum));
                vec![Effect::LoadFeeds]
            }
        }
    }

    fn note_feed(&mut self, name: String, url: String, result: &FeedResult, new: usize, next_poll: i64) {
        let health = match result {
            FeedResult::Ok { .. } => FeedHealth::Ok,
            FeedResult::NotModified => FeedHealth::NotModified,
            FeedResult::Failed(e) => FeedHealth::Failed(e.clone()),
        };
        let failed = matches!(health, FeedHealth::Failed(_));
        match self.feeds.iter_mut().find(|f| f.name == name) {
            Some(f) => {
                f.consecutive_failures = if failed { f.consecutive_failures + 1 } else { 0 };
                f.health = health;
                f.last_poll = Some(self.now);
                f.next_poll = Some(next_poll);
                f.articles += new as u64;
            }
            None => self.feeds.push(FeedStatus {
                name,
                url,
                health,
                last_poll: Some(self.now),
                next_poll: Some(next_poll),
                articles: new as u64,
                consecutive_failures: failed as u32,
            }),
        }
    }

    fn recount(&mut self) {
        self.stats = stats::compute(self.stream.all(), self.now, self.window, &self.tracked);
        self.sidebar_cursor = self.sidebar_cursor.min(self.stats.len().saturating_sub(1));
    }

    /// The label of an entity in tags: its short label, else its name.
    pub fn label<'a>(&'a self, name: &'a str) -> &'a str {
        self.labels.get(name).map(String::as_str).unwrap_or(name)
    }

    /// Feeds whose last poll failed.
    pub fn failing(&self) -> usize {
        self.feeds.iter().filter(|f| matches!(f.health, FeedHealth::Failed(_))).count()
    }

    /// Feeds whose last poll succeeded (with or without changes).
    pub fn healthy(&self) -> usize {
        self.feeds.iter().filter(|f| matches!(f.health, FeedHealth::Ok | FeedHealth::NotModified)).count()
    }
}

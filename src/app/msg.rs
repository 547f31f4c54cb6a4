//! Messages into the app core and the effects it asks the runtime to perform.

use crossterm::event::{KeyEvent, MouseEvent};

use crate::model::{ArticleDetail, ArticleId, ArticleRow, FeedStatus};
use crate::poll::PollEvent;

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// Wall clock, once a minute or so (for relative times and the 24h window).
    Tick {
        now: i64,
    },
    /// Stored articles loaded at start (newest first); replaces the list.
    ArticlesLoaded(Vec<ArticleRow>),
    Poll(PollEvent),
    DetailLoaded(Box<Option<ArticleDetail>>),
    FeedsLoaded(Vec<FeedStatus>),
    /// An effect failed; shown in the status bar.
    EffectFailed(String),
}

/// IO the app asks for; results come back as messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadDetail(ArticleId),
    SetRead(ArticleId, bool),
    SetStarred(ArticleId, bool),
    /// Already checked to be http(s).
    OpenLink(String),
    RefreshNow,
    LoadFeeds,
    Quit,
}

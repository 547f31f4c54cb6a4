//! Performs the app's effects; results come back as messages.

use tokio::sync::mpsc;

use crate::app::{Effect, Msg};
use crate::model::FeedStatus;
use crate::poll::PollCommand;
use crate::store::Store;

pub fn perform(e: Effect, store: &mut Store, poll: &mpsc::UnboundedSender<PollCommand>, feeds: &[FeedStatus]) -> Option<Msg> {
    match e {
        Effect::LoadDetail(id) => match store.detail(id) {
            Ok(d) => Some(Msg::DetailLoaded(Box::new(d))),
            Err(e) => Some(Msg::EffectFailed(e.to_string())),
        },
        Effect::SetRead(id, v) => store.set_read(id, v).err().map(|e| Msg::EffectFailed(e.to_string())),
        Effect::SetStarred(id, v) => store.set_starred(id, v).err().map(|e| Msg::EffectFailed(e.to_string())),
        Effect::OpenLink(url) => open_browser(&url).err().map(Msg::EffectFailed),
        Effect::RefreshNow => {
            let _ = poll.send(PollCommand::RefreshNow);
            None
        }
        Effect::LoadFeeds => {
            let names: Vec<String> = feeds.iter().map(|f| f.name.clone()).collect();
            match store.feed_statuses(&names) {
                Ok(f) if !f.is_empty() => Some(Msg::FeedsLoaded(f)),
                Ok(_) => None,
                Err(e) => Some(Msg::EffectFailed(e.to_string())),
            }
        }
        Effect::Quit => None,
    }
}

/// Opens an http(s) URL with the desktop's opener, directly (never through a shell).
fn open_browser(url: &str) -> Result<(), String> {
    let Some(url) = crate::sanitize::safe_link(url) else { return Err("refused: not an http(s) link".into()) };
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    std::process::Command::new(opener)
        .arg(&url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("could not run {opener}: {e}"))
}

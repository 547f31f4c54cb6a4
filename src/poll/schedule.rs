//! The scheduled poller for the dashboard: polls whatever is due, sleeps until the next
//! feed is due, and obeys "refresh now" and "shutdown" commands.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::{PollContext, PollEvent, now, poll_round};
use crate::config::FeedConfig;

/// Commands from the UI to the poller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollCommand {
    RefreshNow,
    Shutdown,
}

/// Runs until `Shutdown` or until the command channel closes.
pub async fn run_scheduled(
    ctx: Arc<PollContext>,
    feeds: Vec<FeedConfig>,
    mut commands: mpsc::UnboundedReceiver<PollCommand>,
    events: mpsc::UnboundedSender<PollEvent>,
) {
    // Due times survive restarts through the store: a feed polled a minute ago is not re-polled.
    let mut due: HashMap<String, i64> = HashMap::new();
    if let Ok(store) = ctx.store.lock() {
        for f in &feeds {
            let next = ctx.feed_ids.get(&f.name).and_then(|id| store.schedule_of(*id).ok()).and_then(|(_, n)| n).unwrap_or(0);
            due.insert(f.name.clone(), next);
        }
    }
    loop {
        let t = now();
        let ready: Vec<FeedConfig> = feeds.iter().filter(|f| due.get(&f.name).copied().unwrap_or(0) <= t).cloned().collect();
        if !ready.is_empty() {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let round = tokio::spawn(poll_round(ctx.clone(), ready, tx));
            let mut stop = false;
            loop {
                tokio::select! {
                    ev = rx.recv() => match ev {
                        Some(ev) => {
                            if let PollEvent::FeedDone { name, next_poll, .. } = &ev {
                                due.insert(name.clone(), *next_poll);
                            }
                            if events.send(ev).is_err() {
                                stop = true;
                            }
                        }
                        None => break,
                    },
                    cmd = commands.recv() => match cmd {
                        Some(PollCommand::RefreshNow) => {} // a round is already running
                        Some(PollCommand::Shutdown) | None => { stop = true; break; }
                    },
                }
            }
            if stop {
                round.abort();
                return;
            }
            continue;
        }
        let next = due.values().copied().min().unwrap_or(t + 600);
        let wait = Duration::from_secs((next - t).clamp(1, 3600) as u64);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            cmd = commands.recv() => match cmd {
                Some(PollCommand::RefreshNow) => { for v in due.values_mut() { *v = 0; } }
                Some(PollCommand::Shutdown) | None => return,
            },
        }
    }
}

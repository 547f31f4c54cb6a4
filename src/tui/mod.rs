//! The interactive dashboard: terminal setup and restore, the event loop that feeds
//! messages to [`crate::app::App`], and the runner that performs its effects.

mod effects;
mod terminal;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event};
use tokio::sync::mpsc;

use crate::app::{App, Effect, Msg};
use crate::config::FeedConfig;
use crate::model::{FeedHealth, FeedStatus, Kind};
use crate::poll::{self, PollCommand, PollContext};
use crate::store::{ListFilter, Store};

pub use terminal::install_panic_hook;

/// Articles loaded before the first frame; the rest follow in the background.
const FIRST_SCREEN: usize = 1_000;
/// Most articles kept in memory by the dashboard (older ones stay in the database).
const MAX_LOADED: usize = 250_000;

/// What the dashboard needs to start.
pub struct Launch {
    pub ctx: Arc<PollContext>,
    pub feeds: Vec<FeedConfig>,
    /// The UI's own database connection (reads, read/starred writes).
    pub store: Store,
    pub tracked: Vec<(String, Kind)>,
    pub labels: std::collections::HashMap<String, String>,
}

/// Runs the dashboard until the user quits. The terminal is restored on every exit path.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut term = terminal::Guard::enter()?;
    let result = rt.block_on(event_loop(launch, &mut term));
    drop(term);
    rt.shutdown_timeout(Duration::from_millis(500));
    result
}

async fn event_loop(launch: Launch, term: &mut terminal::Guard) -> anyhow::Result<()> {
    let Launch { ctx, feeds, mut store, tracked, labels } = launch;
    let db_path = store.path().display().to_string();
    let names: Vec<String> = feeds.iter().map(|f| f.name.clone()).collect();
    let initial_feeds: Vec<FeedStatus> = store.feed_statuses(&names).unwrap_or_else(|_| {
        feeds
            .iter()
            .map(|f| FeedStatus {
                name: f.name.clone(),
                url: f.url.clone(),
                health: FeedHealth::Never,
                last_poll: None,
                next_poll: None,
                articles: 0,
                consecutive_failures: 0,
            })
            .collect()
    });
    let mut app = App::new(initial_feeds, tracked, db_path, poll::now());
    app.labels = labels;
    let size = term.size()?;
    app.update(Msg::Resize { width: size.0, height: size.1 });
    // Open on the newest stored articles at once; the rest loads behind the first frame.
    let rows = store.list(&ListFilter { limit: Some(FIRST_SCREEN), ..Default::default() }).unwrap_or_default();
    let more = rows.len() == FIRST_SCREEN;
    app.update(Msg::ArticlesLoaded(rows));
    term.draw(&app)?;

    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    if more {
        let path = store.path().to_path_buf();
        let tx = msg_tx.clone();
        tokio::task::spawn_blocking(move || {
            let all = Store::open(&path).and_then(|s| s.list(&ListFilter { limit: Some(MAX_LOADED), ..Default::default() }));
            let _ = tx.send(match all {
                Ok(rows) => Msg::ArticlesLoaded(rows),
                Err(e) => Msg::EffectFailed(e.to_string()),
            });
        });
    }
    let stop_input = Arc::new(Mutex::new(false));
    spawn_input_thread(msg_tx.clone(), stop_input.clone());
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (ev_tx, mut ev_rx) = mpsc::unbounded_channel();
    let poller = tokio::spawn(poll::run_scheduled(ctx, feeds, cmd_rx, ev_tx));
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    tick.tick().await;

    let mut quit = false;
    while !quit {
        let first = tokio::select! {
            Some(m) = msg_rx.recv() => m,
            Some(ev) = ev_rx.recv() => Msg::Poll(ev),
            _ = tick.tick() => Msg::Tick { now: poll::now() },
        };
        // Coalesce whatever else is queued into one redraw.
        let mut batch = vec![first];
        while let Ok(m) = msg_rx.try_recv() {
            batch.push(m);
        }
        while let Ok(ev) = ev_rx.try_recv() {
            batch.push(Msg::Poll(ev));
        }
        for m in batch {
            if let Msg::Poll(_) = &m {
                app.now = poll::now();
            }
            let fx = app.update(m);
            for e in fx {
                if e == Effect::Quit {
                    quit = true;
                    continue;
                }
                if let Some(reply) = effects::perform(e, &mut store, &cmd_tx, &app.feeds) {
                    let _ = msg_tx.send(reply);
                }
            }
        }
        if app.quit {
            quit = true;
        }
        if !quit {
            term.draw(&app)?;
        }
    }
    let _ = cmd_tx.send(PollCommand::Shutdown);
    if let Ok(mut s) = stop_input.lock() {
        *s = true;
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), poller).await;
    Ok(())
}

/// Reads terminal events on a plain thread (crossterm's read blocks).
fn spawn_input_thread(tx: mpsc::UnboundedSender<Msg>, stop: Arc<Mutex<bool>>) {
    std::thread::spawn(move || {
        loop {
            if stop.lock().map(|s| *s).unwrap_or(true) {
                return;
            }
            match event::poll(Duration::from_millis(200)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => return,
            }
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m),
                Ok(Event::Resize(w, h)) => Msg::Resize { width: w, height: h },
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}

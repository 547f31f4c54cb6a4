//! One polling round over a set of feeds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::cpu::CpuPool;
use super::{FeedResult, PollContext, PollEvent, now, to_new_article};
use crate::config::FeedConfig;
use crate::fetch::{self, FetchError, FetchRequest, Fetched, backoff};
use crate::model::FeedId;
use crate::store::{BatchItem, NewArticle, PollRecord, Store};

/// Totals of a round, as printed by `poll --once`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundSummary {
    pub feeds: usize,
    pub ok: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub new_articles: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for RoundSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} feeds: {} ok, {} not modified, {} failed; {} new articles ({:.2}s)",
            self.feeds,
            self.ok,
            self.not_modified,
            self.failed,
            self.new_articles,
            self.elapsed.as_secs_f64()
        )
    }
}

/// What a worker hands to the writer for one feed.
struct Prepared {
    feed: FeedConfig,
    id: FeedId,
    outcome: Outcome,
}

enum Outcome {
    Items { articles: Vec<NewArticle>, items: usize, etag: Option<String>, last_modified: Option<String> },
    NotModified,
    Failed { error: String, retry: Option<Duration> },
}

/// Most feeds written in one transaction.
const BATCH: usize = 64;

/// Polls `feeds` once, sending a `FeedDone` per feed as it is stored. Workers fetch, parse
/// and tag concurrently; one writer stores whatever is ready in a single transaction.
pub async fn poll_round(ctx: Arc<PollContext>, feeds: Vec<FeedConfig>, tx: mpsc::UnboundedSender<PollEvent>) -> RoundSummary {
    let started = Instant::now();
    let _ = tx.send(PollEvent::RoundStarted { feeds: feeds.len() });
    let (wtx, wrx) = std::sync::mpsc::channel::<Prepared>();
    let writer = {
        let (ctx, tx) = (ctx.clone(), tx.clone());
        tokio::task::spawn_blocking(move || write_loop(&ctx, wrx, &tx))
    };
    let global = Arc::new(Semaphore::new(ctx.settings.concurrency));
    // Parsing and tagging run on one low-priority worker per core (`cpu`): the writer, the
    // round's long pole, gets a core whenever it has work, and the workers every cycle it
    // leaves. (At equal priority, dozens of tasks at once starved it: 2.4 s against 2.1 s
    // cold; one per core still made it wait, and one core less left cycles unused.)
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cpu = Arc::new(CpuPool::new(cores));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut set = JoinSet::new();
    for feed in feeds {
        let host = url::Url::parse(&feed.url).ok().and_then(|u| u.host_str().map(String::from)).unwrap_or_default();
        let host_sem = hosts.entry(host).or_insert_with(|| Arc::new(Semaphore::new(ctx.settings.per_host))).clone();
        let (ctx, global, wtx, cpu) = (ctx.clone(), global.clone(), wtx.clone(), cpu.clone());
        set.spawn(async move {
            let _h = host_sem.acquire_owned().await;
            let _g = global.acquire_owned().await;
            let prepared = prepare_feed(&ctx, feed, &cpu).await;
            let _ = wtx.send(prepared);
        });
    }
    drop(wtx);
    while set.join_next().await.is_some() {}
    let mut sum = writer.await.unwrap_or_default();
    sum.elapsed = started.elapsed();
    let _ = tx.send(PollEvent::RoundFinished(sum.clone()));
    sum
}

/// Fetches, parses and tags one feed; never panics on feed content.
async fn prepare_feed(ctx: &Arc<PollContext>, feed: FeedConfig, cpu: &CpuPool) -> Prepared {
    let Some(&id) = ctx.feed_ids.get(&feed.name) else {
        return Prepared {
            id: FeedId(-1),
            outcome: Outcome::Failed { error: "feed not registered in the database".into(), retry: None },
            feed,
        };
    };
    let (etag, last_modified) = ctx.store.lock().ok().and_then(|s| s.validators(id).ok()).unwrap_or_default();
    let req = FetchRequest { url: feed.url.clone(), etag, last_modified };
    let fetched = match feed.url.split(':').next().unwrap_or("") {
        "file" => fetch::fetch_file(&feed.url, ctx.http.max_bytes()).await,
        "demo" => crate::demo::fetch(&feed.url).await,
        _ => ctx.http.fetch(&req).await,
    };
    let (ctx2, feed2) = (ctx.clone(), feed.clone());
    let outcome = cpu
        .run(move || process(&ctx2, &feed2, id, fetched))
        .await
        .unwrap_or_else(|| Outcome::Failed { error: "internal error while processing the feed".into(), retry: None });
    Prepared { feed, id, outcome }
}

/// Parses and tags a fetched document (no database writes here).
fn process(ctx: &PollContext, feed: &FeedConfig, id: FeedId, fetched: Result<Fetched, FetchError>) -> Outcome {
    let (bytes, charset, etag, last_modified) = match fetched {
        Err(e) => return Outcome::Failed { error: e.to_string(), retry: e.retry_after() },
        Ok(Fetched::NotModified) => return Outcome::NotModified,
        Ok(Fetched::Body { bytes, charset, etag, last_modified }) => (bytes, charset, etag, last_modified),
    };
    let parsed = match crate::feed::parse_feed(&bytes, charset.as_deref(), Some(&feed.url)) {
        Ok(p) => p,
        Err(e) => return Outcome::Failed { error: e.to_string(), retry: None },
    };
    drop(bytes);
    let keys: Vec<(Option<&str>, &str)> = parsed.items.iter().map(|i| (i.guid.as_deref(), i.link.as_str())).collect();
    let unseen = match ctx.store.lock() {
        Ok(store) => store.unseen(id, &keys).unwrap_or_else(|_| vec![true; keys.len()]),
        Err(_) => vec![true; keys.len()],
    };
    // Tag only what is new: extraction is the costly step.
    let t = now();
    let shift = if feed.url.starts_with("demo:") { crate::demo::date_shift(t) } else { 0 };
    let items = parsed.items.len();
    let articles = parsed
        .items
        .into_iter()
        .zip(unseen)
        .map(|(item, new)| {
            if new {
                to_new_article(item, feed.lang.as_deref(), &ctx.extractor, t, shift)
            } else {
                NewArticle {
                    guid: item.guid,
                    title: item.title,
                    link: item.link,
                    published: item.published.unwrap_or(t),
                    body: String::new(),
                    language: String::new(),
                    entities: Vec::new(),
                    link_norm: None,
                }
            }
        })
        .collect();
    Outcome::Items { articles, items, etag, last_modified }
}

/// Stores prepared feeds in batches and reports each one; returns the round's totals.
fn write_loop(ctx: &PollContext, rx: std::sync::mpsc::Receiver<Prepared>, tx: &mpsc::UnboundedSender<PollEvent>) -> RoundSummary {
    // The writer has its own connection: workers keep reading (validators, known items)
    // from the shared one while a batch commits (WAL lets readers and a writer overlap).
    let own = ctx.store.lock().ok().map(|s| s.path().to_path_buf()).and_then(|p| Store::open(&p).ok()).map(Mutex::new);
    let writer = own.as_ref().unwrap_or(&ctx.store);
    // Checkpoints run beside the writer, not inside its commits.
    let checkpoints = ctx
        .checkpoints
        .as_ref()
        .filter(|_| own.as_ref().and_then(|w| w.lock().ok()?.set_autocheckpoint(crate::store::CHECKPOINT_LIMIT).ok()).is_some());
    let mut sum = RoundSummary::default();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let written = write_batch(ctx, writer, batch);
        if let Some(c) = checkpoints {
            c.committed();
        }
        for (p, result, new, next) in written {
            sum.feeds += 1;
            match &result {
                FeedResult::Ok { .. } => {
                    sum.ok += 1;
                    sum.new_articles += new.len();
                }
                FeedResult::NotModified => sum.not_modified += 1,
                FeedResult::Failed(e) => {
                    sum.failed += 1;
                    tracing::warn!(feed = %p.feed.name, url = %p.feed.url, error = %e, "feed failed");
                }
            }
            let _ = tx.send(PollEvent::FeedDone { name: p.feed.name, url: p.feed.url, result, new, next_poll: next });
        }
    }
    sum
}

type Written = (Prepared, FeedResult, Vec<crate::model::ArticleRow>, i64);

fn write_batch(ctx: &PollContext, writer: &Mutex<Store>, batch: Vec<Prepared>) -> Vec<Written> {
    let t = now();
    let Ok(mut store) = writer.lock() else {
        return batch.into_iter().map(|p| (p, FeedResult::Failed("database unavailable".into()), Vec::new(), t + 600)).collect();
    };
    // A feed missing from the database (cannot happen after sync_feeds) is reported, not written.
    let (batch, unregistered): (Vec<_>, Vec<_>) = batch.into_iter().partition(|p| p.id.0 >= 0);
    let mut out: Vec<Written> = unregistered
        .into_iter()
        .map(|p| (p, FeedResult::Failed("feed not registered in the database".into()), Vec::new(), t + 600))
        .collect();
    let mut items = Vec::with_capacity(batch.len());
    let mut metas = Vec::with_capacity(batch.len());
    for mut p in batch {
        let interval = ctx.settings.interval_of(&p.feed);
        let next_ok = t + backoff::next_delay(interval, 0, None, fastrand::f64()).as_secs() as i64;
        let (articles, record, result, next) = match std::mem::replace(&mut p.outcome, Outcome::NotModified) {
            Outcome::Items { articles, items, etag, last_modified } => {
                (articles, PollRecord::Ok { etag, last_modified }, FeedResult::Ok { items, new: 0 }, next_ok)
            }
            Outcome::NotModified => (Vec::new(), PollRecord::NotModified, FeedResult::NotModified, next_ok),
            Outcome::Failed { error, retry } => {
                let failures = store.schedule_of(p.id).map(|(f, _)| f).unwrap_or(0);
                let next = t + backoff::next_delay(interval, failures + 1, retry, fastrand::f64()).as_secs() as i64;
                (Vec::new(), PollRecord::Failed { error: error.clone() }, FeedResult::Failed(error), next)
            }
        };
        items.push(BatchItem { feed: p.id, articles, record: Some((record, next)) });
        metas.push((p, result, next));
    }
    match store.apply_batch(items, t) {
        Ok(news) => {
            for ((p, result, next), new) in metas.into_iter().zip(news) {
                let result = match result {
                    FeedResult::Ok { items, .. } => FeedResult::Ok { items, new: new.len() },
                    r => r,
                };
                out.push((p, result, new, next));
            }
        }
        Err(e) => {
            let msg = format!("could not store articles: {e}");
            for (p, _, next) in metas {
                let _ = store.record_poll(p.id, &PollRecord::Failed { error: msg.clone() }, t, next);
                out.push((p, FeedResult::Failed(msg.clone()), Vec::new(), next));
            }
        }
    }
    out
}

//! One polling round over a set of feeds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::{FeedResult, PollContext, PollEvent, interval_of, now, to_new_article};
use crate::config::FeedConfig;
use crate::fetch::{self, FetchError, FetchRequest, Fetched, backoff};
use crate::model::FeedId;
use crate::store::PollRecord;

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

/// Polls `feeds` once, sending a `FeedDone` per feed as it completes.
pub async fn poll_round(ctx: Arc<PollContext>, feeds: Vec<FeedConfig>, tx: mpsc::UnboundedSender<PollEvent>) -> RoundSummary {
    let started = Instant::now();
    let _ = tx.send(PollEvent::RoundStarted { feeds: feeds.len() });
    let global = Arc::new(Semaphore::new(ctx.settings.concurrency));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut set = JoinSet::new();
    for feed in feeds {
        let host = url::Url::parse(&feed.url).ok().and_then(|u| u.host_str().map(String::from)).unwrap_or_default();
        let host_sem = hosts.entry(host).or_insert_with(|| Arc::new(Semaphore::new(ctx.settings.per_host))).clone();
        let (ctx, global, tx) = (ctx.clone(), global.clone(), tx.clone());
        set.spawn(async move {
            let _h = host_sem.acquire_owned().await;
            let _g = global.acquire_owned().await;
            let (result, new, next_poll) = poll_feed(&ctx, &feed).await;
            let n_new = new.len();
            let _ = tx.send(PollEvent::FeedDone {
                name: feed.name.clone(),
                url: feed.url.clone(),
                result: result.clone(),
                new,
                next_poll,
            });
            (result, n_new)
        });
    }
    let mut sum = RoundSummary::default();
    while let Some(joined) = set.join_next().await {
        sum.feeds += 1;
        match joined {
            Ok((FeedResult::Ok { .. }, n)) => {
                sum.ok += 1;
                sum.new_articles += n;
            }
            Ok((FeedResult::NotModified, _)) => sum.not_modified += 1,
            Ok((FeedResult::Failed(_), _)) | Err(_) => sum.failed += 1,
        }
    }
    sum.elapsed = started.elapsed();
    let _ = tx.send(PollEvent::RoundFinished(sum.clone()));
    sum
}

/// Fetches, parses, tags and stores one feed; never panics on feed content.
async fn poll_feed(ctx: &Arc<PollContext>, feed: &FeedConfig) -> (FeedResult, Vec<crate::model::ArticleRow>, i64) {
    let Some(&id) = ctx.feed_ids.get(&feed.name) else {
        return (FeedResult::Failed("feed not registered in the database".into()), Vec::new(), now() + 600);
    };
    let (etag, last_modified) = ctx.store.lock().ok().and_then(|s| s.validators(id).ok()).unwrap_or_default();
    let req = FetchRequest { url: feed.url.clone(), etag, last_modified };
    let fetched = match feed.url.split(':').next().unwrap_or("") {
        "file" => fetch::fetch_file(&feed.url, ctx.http.max_bytes()).await,
        "demo" => crate::demo::fetch(&feed.url).await,
        _ => ctx.http.fetch(&req).await,
    };
    let ctx2 = ctx.clone();
    let feed2 = feed.clone();
    let work = tokio::task::spawn_blocking(move || process(&ctx2, &feed2, id, fetched)).await;
    match work {
        Ok(r) => r,
        Err(e) => (FeedResult::Failed(format!("internal error while processing: {e}")), Vec::new(), now() + 600),
    }
}

fn process(
    ctx: &PollContext,
    feed: &FeedConfig,
    id: FeedId,
    fetched: Result<Fetched, FetchError>,
) -> (FeedResult, Vec<crate::model::ArticleRow>, i64) {
    let t = now();
    let interval = interval_of(&ctx.settings, feed);
    let Ok(mut store) = ctx.store.lock() else {
        return (FeedResult::Failed("database unavailable".into()), Vec::new(), t + 600);
    };
    let failures = store.schedule_of(id).map(|(f, _)| f).unwrap_or(0);
    let fail = |store: &mut crate::store::Store, msg: String, retry: Option<Duration>| {
        let next = t + backoff::next_delay(interval, failures + 1, retry, fastrand::f64()).as_secs() as i64;
        let _ = store.record_poll(id, &PollRecord::Failed { error: msg.clone() }, t, next);
        tracing::warn!(feed = %feed.name, url = %feed.url, error = %msg, "feed failed");
        (FeedResult::Failed(msg), Vec::new(), next)
    };
    let next_ok = t + backoff::next_delay(interval, 0, None, fastrand::f64()).as_secs() as i64;
    match fetched {
        Err(e) => {
            let retry = e.retry_after();
            fail(&mut store, e.to_string(), retry)
        }
        Ok(Fetched::NotModified) => {
            let _ = store.record_poll(id, &PollRecord::NotModified, t, next_ok);
            (FeedResult::NotModified, Vec::new(), next_ok)
        }
        Ok(Fetched::Body { bytes, charset, etag, last_modified }) => {
            let parsed = match crate::feed::parse_feed(&bytes, charset.as_deref(), Some(&feed.url)) {
                Ok(p) => p,
                Err(e) => return fail(&mut store, e.to_string(), None),
            };
            let keys: Vec<(Option<&str>, &str)> = parsed.items.iter().map(|i| (i.guid.as_deref(), i.link.as_str())).collect();
            let unseen = store.unseen(id, &keys).unwrap_or_else(|_| vec![true; keys.len()]);
            // Tag only what is new; extraction is the costly step and must not hold the store.
            drop(store);
            let shift = if feed.url.starts_with("demo:") { crate::demo::date_shift(t) } else { 0 };
            let items_n = parsed.items.len();
            let articles: Vec<_> = parsed
                .items
                .into_iter()
                .zip(unseen)
                .map(|(item, new)| {
                    if new {
                        to_new_article(item, feed.lang.as_deref(), &ctx.extractor, t, shift)
                    } else {
                        crate::store::NewArticle {
                            guid: item.guid,
                            title: item.title,
                            link: item.link,
                            published: item.published.unwrap_or(t),
                            body: String::new(),
                            language: String::new(),
                            entities: Vec::new(),
                        }
                    }
                })
                .collect();
            let Ok(mut store) = ctx.store.lock() else {
                return (FeedResult::Failed("database unavailable".into()), Vec::new(), t + 600);
            };
            match store.insert_articles(id, articles, t) {
                Ok(new) => {
                    let _ = store.record_poll(id, &PollRecord::Ok { etag, last_modified }, t, next_ok);
                    (FeedResult::Ok { items: items_n, new: new.len() }, new, next_ok)
                }
                Err(e) => fail(&mut store, format!("could not store articles: {e}"), None),
            }
        }
    }
}

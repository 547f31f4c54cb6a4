//! Feed rows: registration from the config, HTTP cache validators, poll outcomes.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::config::FeedConfig;
use crate::model::{FeedHealth, FeedId, FeedStatus};

/// What one poll of one feed came to, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum PollRecord {
    Ok { etag: Option<String>, last_modified: Option<String> },
    NotModified,
    Failed { error: String },
}

impl Store {
    /// Makes sure every configured feed has a row (URL updated if it changed); returns name → id.
    pub fn sync_feeds<'a>(
        &mut self,
        feeds: impl IntoIterator<Item = &'a FeedConfig>,
    ) -> Result<HashMap<String, FeedId>, StoreError> {
        let path = self.path.clone();
        let e = super::sqlite_err(&path);
        let tx = self.conn.transaction().map_err(&e)?;
        let mut ids = HashMap::new();
        {
            let mut up = tx
                .prepare_cached(
                    "INSERT INTO feeds(name, url) VALUES (?1, ?2)
                     ON CONFLICT(name) DO UPDATE SET url = excluded.url,
                        etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag END,
                        last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END
                     RETURNING id",
                )
                .map_err(&e)?;
            for f in feeds {
                let id: i64 = up.query_row(params![f.name, f.url], |r| r.get(0)).map_err(&e)?;
                ids.insert(f.name.clone(), FeedId(id));
            }
        }
        tx.commit().map_err(&e)?;
        Ok(ids)
    }

    /// The ETag and Last-Modified stored for a feed.
    pub fn validators(&self, feed: FeedId) -> Result<(Option<String>, Option<String>), StoreError> {
        self.conn
            .prepare_cached("SELECT etag, last_modified FROM feeds WHERE id = ?1")
            .and_then(|mut s| s.query_row([feed.0], |r| Ok((r.get(0)?, r.get(1)?))))
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    /// Records a poll; `next_poll` is when this feed is due again (Unix seconds).
    pub fn record_poll(&mut self, feed: FeedId, rec: &PollRecord, now: i64, next_poll: i64) -> Result<(), StoreError> {
        record_in(&self.conn, feed, rec, now, next_poll).map_err(|e| self.err(e))
    }

    /// Consecutive failures and next due time of a feed.
    pub fn schedule_of(&self, feed: FeedId) -> Result<(u32, Option<i64>), StoreError> {
        self.conn
            .prepare_cached("SELECT failures, next_poll FROM feeds WHERE id = ?1")
            .and_then(|mut s| s.query_row([feed.0], |r| Ok((r.get(0)?, r.get(1)?))))
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    /// Status of the named feeds, in the given order.
    pub fn feed_statuses(&self, names: &[String]) -> Result<Vec<FeedStatus>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name, url, status, last_error, last_poll, next_poll, failures,
                    (SELECT COUNT(*) FROM articles a WHERE a.feed_id = feeds.id)
                 FROM feeds WHERE name = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            let row = stmt
                .query_row([n], |r| {
                    let status: String = r.get(2)?;
                    let err: Option<String> = r.get(3)?;
                    Ok(FeedStatus {
                        name: r.get(0)?,
                        url: r.get(1)?,
                        health: match status.as_str() {
                            "ok" => FeedHealth::Ok,
                            "not_modified" => FeedHealth::NotModified,
                            "failed" => FeedHealth::Failed(err.unwrap_or_default()),
                            _ => FeedHealth::Never,
                        },
                        last_poll: r.get(4)?,
                        next_poll: r.get(5)?,
                        consecutive_failures: r.get(6)?,
                        articles: r.get::<_, i64>(7)? as u64,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            out.extend(row);
        }
        Ok(out)
    }
}

/// Records a poll on a connection or inside an open transaction.
pub(super) fn record_in(
    conn: &rusqlite::Connection,
    feed: FeedId,
    rec: &PollRecord,
    now: i64,
    next_poll: i64,
) -> rusqlite::Result<()> {
    // Cached statements: a round records every feed (compiling SQL each time cost the
    // writer ~20 µs a feed).
    match rec {
        PollRecord::Ok { etag, last_modified } => conn
            .prepare_cached(
                "UPDATE feeds SET status = 'ok', last_error = NULL, failures = 0, last_poll = ?2, next_poll = ?3,
                etag = ?4, last_modified = ?5 WHERE id = ?1",
            )?
            .execute(params![feed.0, now, next_poll, etag, last_modified]),
        PollRecord::NotModified => conn
            .prepare_cached(
                "UPDATE feeds SET status = 'not_modified', last_error = NULL, failures = 0, last_poll = ?2, next_poll = ?3 WHERE id = ?1",
            )?
            .execute(params![feed.0, now, next_poll]),
        PollRecord::Failed { error } => conn
            .prepare_cached(
                "UPDATE feeds SET status = 'failed', last_error = ?4, failures = failures + 1, last_poll = ?2, next_poll = ?3 WHERE id = ?1",
            )?
            .execute(params![feed.0, now, next_poll, error]),
    }
    .map(|_| ())
}

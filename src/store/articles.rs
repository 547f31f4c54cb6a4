//! Articles, their sources and entity mentions; read and starred state.

use std::collections::HashMap;
use std::fmt::Write as _;

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError};
use crate::model::{ArticleDetail, ArticleId, ArticleRow, EntityRef, FeedId, Kind, SpanRef};

/// An entity of a new article, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMention {
    pub name: std::sync::Arc<str>,
    pub kind: Kind,
    pub tracked: bool,
    /// Byte spans into `title + "\n\n" + body`.
    pub spans: Vec<(usize, usize)>,
}

/// An article to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    pub guid: Option<String>,
    pub title: String,
    pub link: String,
    pub published: i64,
    pub body: String,
    pub language: String,
    pub entities: Vec<StoredMention>,
    /// [`normalize_link`] of `link`, when the caller computed it already (off the writer).
    pub link_norm: Option<String>,
}

/// One feed's share of a batched write: its articles and, optionally, its poll record
/// with the next due time.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    pub feed: FeedId,
    pub articles: Vec<NewArticle>,
    pub record: Option<(super::PollRecord, i64)>,
}

/// Which stored articles to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub tracked_only: bool,
    pub actor: Option<String>,
    pub since: Option<i64>,
    pub limit: Option<usize>,
}

/// Link normal form for cross-feed dedupe: no fragment, no tracking parameters, no trailing slash.
pub fn normalize_link(link: &str) -> String {
    let Ok(mut u) = url::Url::parse(link.trim()) else { return link.trim().to_string() };
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && k != "at_medium" && k != "at_campaign")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let scheme_less = u.as_str().trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    scheme_less.trim_end_matches('/').to_string()
}

const ROW_SQL: &str = "SELECT a.id, f.name, a.title, a.link, a.published, a.language, a.tracked, a.read, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id";

fn row(r: &Row) -> rusqlite::Result<ArticleRow> {
    let tracked: String = r.get(6)?;
    Ok(ArticleRow {
        id: ArticleId(r.get(0)?),
        feed: r.get(1)?,
        title: r.get(2)?,
        link: r.get(3)?,
        published: r.get(4)?,
        language: r.get(5)?,
        tracked: tracked.split('\u{1f}').filter(|s| !s.is_empty()).map(String::from).collect(),
        entities: Vec::new(),
        read: r.get(7)?,
        starred: r.get(8)?,
    })
}

impl Store {
    /// Stores new articles of one feed in one transaction; returns the ones that were new.
    /// Items already stored (same feed + guid, or same link from any feed) are not new; a
    /// link first seen from another feed adds this feed as a source of that story.
    pub fn insert_articles(&mut self, feed: FeedId, items: Vec<NewArticle>, now: i64) -> Result<Vec<ArticleRow>, StoreError> {
        let mut out = self.apply_batch(vec![BatchItem { feed, articles: items, record: None }], now)?;
        Ok(out.pop().unwrap_or_default())
    }

    /// Writes the results of several feeds in one transaction (articles, then each feed's
    /// poll record); returns each item's new articles. One commit for many feeds is what
    /// makes a cold round of hundreds of feeds fast.
    pub fn apply_batch(&mut self, batch: Vec<BatchItem>, now: i64) -> Result<Vec<Vec<ArticleRow>>, StoreError> {
        let path = self.path.clone();
        let e = super::sqlite_err(&path);
        // Foreign-key checks make every insert able to abort, and such statements journal
        // each page they touch: a quarter of the write time. The writer sets every reference
        // itself (feed ids from sync_feeds, article ids from RETURNING, entity ids looked up).
        self.conn.pragma_update(None, "foreign_keys", false).map_err(&e)?;
        let done = self.write_batch_tx(batch, now, &e);
        let restored = self.conn.pragma_update(None, "foreign_keys", true).map_err(&e);
        let results = done?;
        restored?;
        Ok(results)
    }

    fn write_batch_tx(
        &mut self,
        batch: Vec<BatchItem>,
        now: i64,
        e: &dyn Fn(rusqlite::Error) -> StoreError,
    ) -> Result<Vec<Vec<ArticleRow>>, StoreError> {
        let mut cache = std::mem::take(&mut self.entity_ids);
        let mut leftovers: Leftovers = Vec::new();
        let tx = self.conn.transaction().map_err(e)?;
        let mut results = Vec::with_capacity(batch.len());
        for item in batch {
            results.push(insert_in(&tx, e, item.feed, item.articles, now, &mut cache, &mut leftovers)?);
            if let Some((rec, next)) = &item.record {
                super::feeds::record_in(&tx, item.feed, rec, now, *next).map_err(e)?;
            }
        }
        let committed = tx.commit().map_err(e);
        // Ids of entities created in a rolled-back transaction must not stay cached.
        self.entity_ids = if committed.is_ok() { cache } else { HashMap::new() };
        // Article texts were allocated by the parsing threads; freeing tens of thousands of
        // them here would keep the writer, the slowest stage of a cold round, busy with the
        // allocator's locks. Another thread frees them (or this one, if none can start).
        if leftovers.len() > 256 {
            let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(leftovers));
        }
        committed?;
        Ok(results)
    }

    /// Articles newest first, with their entities.
    pub fn list(&self, f: &ListFilter) -> Result<Vec<ArticleRow>, StoreError> {
        let mut sql = format!("{ROW_SQL} WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if f.tracked_only {
            sql.push_str(" AND a.tracked <> ''");
        }
        if let Some(since) = f.since {
            sql.push_str(" AND a.published >= ?");
            args.push(since.into());
        }
        if let Some(actor) = &f.actor {
            sql.push_str(" AND a.id IN (SELECT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.name = ? COLLATE NOCASE)");
            args.push(actor.clone().into());
        }
        sql.push_str(" ORDER BY a.published DESC, a.id DESC");
        if let Some(limit) = f.limit {
            sql.push_str(" LIMIT ?");
            args.push((limit as i64).into());
        }
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows: Vec<ArticleRow> = stmt
            .query_map(rusqlite::params_from_iter(args), row)
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        self.attach_entities(&mut rows)?;
        Ok(rows)
    }

    fn attach_entities(&self, rows: &mut [ArticleRow]) -> Result<(), StoreError> {
        let Some(min) = rows.iter().map(|r| r.id.0).min() else { return Ok(()) };
        let e = |err| self.err(err);
        let entity = |r: &Row, off: usize| -> rusqlite::Result<EntityRef> {
            let kind: String = r.get(off + 1)?;
            Ok(EntityRef {
                name: r.get(off)?,
                kind: Kind::parse(&kind).unwrap_or(Kind::Organization),
                tracked: r.get(off + 2)?,
                count: r.get(off + 3)?,
            })
        };
        // A screenful: one indexed lookup per article. Everything: one pass over the mentions.
        if rows.len() <= 5_000 {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT e.name, e.kind, m.tracked, m.count FROM mentions m JOIN entities e ON e.id = m.entity_id
                     WHERE m.article_id = ?1 ORDER BY m.count DESC",
                )
                .map_err(e)?;
            for row in rows.iter_mut() {
                row.entities = stmt.query_map([row.id.0], |r| entity(r, 0)).map_err(e)?.collect::<Result<_, _>>().map_err(e)?;
            }
            return Ok(());
        }
        let pos: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id.0, i)).collect();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.article_id, e.name, e.kind, m.tracked, m.count FROM mentions m JOIN entities e ON e.id = m.entity_id
                 WHERE m.article_id >= ?1 ORDER BY m.article_id, m.count DESC",
            )
            .map_err(e)?;
        let mut q = stmt.query([min]).map_err(e)?;
        while let Some(r) = q.next().map_err(e)? {
            let aid: i64 = r.get(0).map_err(e)?;
            if let Some(&i) = pos.get(&aid) {
                rows[i].entities.push(entity(r, 1).map_err(e)?);
            }
        }
        Ok(())
    }

    /// Full article with highlighted spans and all its sources.
    pub fn detail(&self, id: ArticleId) -> Result<Option<ArticleDetail>, StoreError> {
        let found =
            self.conn.query_row(&format!("{ROW_SQL} WHERE a.id = ?1"), [id.0], row).optional().map_err(|e| self.err(e))?;
        let Some(row) = found else { return Ok(None) };
        let body: String =
            self.conn.query_row("SELECT body FROM articles WHERE id = ?1", [id.0], |r| r.get(0)).map_err(|e| self.err(e))?;
        let mut rows = vec![row];
        self.attach_entities(&mut rows)?;
        let row = rows.remove(0);
        let mut spans = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.name, m.tracked, m.spans FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let found = stmt
            .query_map([id.0], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, String>(2)?)))
            .map_err(|e| self.err(e))?;
        for f in found {
            let (name, tracked, s) = f.map_err(|e| self.err(e))?;
            for pair in s.split(';') {
                if let Some((a, b)) = pair.split_once('-')
                    && let (Ok(start), Ok(end)) = (a.parse(), b.parse())
                {
                    spans.push(SpanRef { start, end, name: name.clone(), tracked });
                }
            }
        }
        // Nested mentions ("Ukraine" in "Ukraine's General Staff"): the outer one first.
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut src = self
            .conn
            .prepare_cached(
                "SELECT f.name FROM article_sources s JOIN feeds f ON f.id = s.feed_id WHERE s.article_id = ?1 ORDER BY f.name",
            )
            .map_err(|e| self.err(e))?;
        let sources = src
            .query_map([id.0], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Some(ArticleDetail { row, text: body, spans, sources }))
    }

    /// Marks an article read or unread.
    pub fn set_read(&mut self, id: ArticleId, read: bool) -> Result<(), StoreError> {
        self.conn.execute("UPDATE articles SET read = ?2 WHERE id = ?1", params![id.0, read]).map(|_| ()).map_err(|e| self.err(e))
    }

    /// Stars or unstars an article.
    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE articles SET starred = ?2 WHERE id = ?1", params![id.0, starred])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Number of stored articles.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// For each (guid, link): true when the item is not stored yet (by this feed's guid, or
    /// by link from any feed). Lets the poller skip extraction of known items.
    pub fn unseen(&self, feed: FeedId, items: &[(Option<&str>, &str)]) -> Result<Vec<bool>, StoreError> {
        // A feed with nothing stored yet (its first poll): everything is new to it. A story
        // another feed already brought is still recognised by link when it is written.
        let any: bool = self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM article_sources WHERE feed_id = ?1)")
            .and_then(|mut s| s.query_row([feed.0], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        if !any {
            return Ok(vec![true; items.len()]);
        }
        // One read transaction for all the lookups: one snapshot, and the page cache stays
        // valid between them while the writer commits on its own connection.
        let snapshot = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let mut by_guid = self
            .conn
            .prepare_cached("SELECT 1 FROM article_sources WHERE feed_id = ?1 AND guid = ?2")
            .map_err(|e| self.err(e))?;
        let mut by_link = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE link_norm = ?1 AND link_norm <> ''")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(items.len());
        for (guid, link) in items {
            let known = match guid {
                Some(g) => by_guid.exists(params![feed.0, g]).map_err(|e| self.err(e))?,
                None => false,
            } || by_link.exists([normalize_link(link)]).map_err(|e| self.err(e))?;
            out.push(!known);
        }
        drop((by_guid, by_link));
        snapshot.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }
}

/// What is left of written articles, to be freed off the writer's thread.
type Leftovers = Vec<(String, Vec<StoredMention>)>;

/// One feed's articles inside an open transaction.
fn insert_in(
    tx: &rusqlite::Connection,
    e: &dyn Fn(rusqlite::Error) -> StoreError,
    feed: FeedId,
    items: Vec<NewArticle>,
    now: i64,
    ids: &mut super::EntityIds,
    leftovers: &mut Leftovers,
) -> Result<Vec<ArticleRow>, StoreError> {
    let feed_name: String = tx
        .prepare_cached("SELECT name FROM feeds WHERE id = ?1")
        .and_then(|mut s| s.query_row([feed.0], |r| r.get(0)))
        .map_err(e)?;
    let mut new_rows = Vec::new();
    {
        let mut by_guid = tx.prepare_cached("SELECT 1 FROM article_sources WHERE feed_id = ?1 AND guid = ?2").map_err(e)?;
        let mut by_link =
            tx.prepare_cached("SELECT id FROM articles WHERE link_norm = ?1 AND link_norm <> '' LIMIT 1").map_err(e)?;
        let mut add_source = tx
            .prepare_cached("INSERT OR IGNORE INTO article_sources(article_id, feed_id, guid) VALUES (?1, ?2, ?3)")
            .map_err(e)?;
        let mut ins = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO articles(feed_id, guid, link, link_norm, title, body, published, first_seen, language, tracked)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
            )
            .map_err(e)?;
        let mut ent = tx.prepare_cached("INSERT OR IGNORE INTO entities(name, kind) VALUES (?1, ?2)").map_err(e)?;
        let mut ent_id = tx.prepare_cached("SELECT id FROM entities WHERE name = ?1 AND kind = ?2").map_err(e)?;
        let mut men = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO mentions(article_id, entity_id, tracked, count, spans) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(e)?;
        let mut spans = String::new();
        for mut a in items {
            if let Some(g) = &a.guid
                && by_guid.exists(params![feed.0, g]).map_err(e)?
            {
                continue;
            }
            let norm = a.link_norm.take().unwrap_or_else(|| normalize_link(&a.link));
            if let Some(existing) = by_link.query_row([&norm], |r| r.get::<_, i64>(0)).optional().map_err(e)? {
                add_source.execute(params![existing, feed.0, a.guid]).map_err(e)?;
                continue;
            }
            let tracked: Vec<&str> = a.entities.iter().filter(|m| m.tracked).map(|m| &*m.name).collect();
            // OR IGNORE: a statement that cannot abort needs no statement journal (a copy of
            // every page it touches). A duplicate (feed, guid) was ruled out just above.
            let Some(id): Option<i64> = ins
                .query_row(
                    params![feed.0, a.guid, a.link, norm, a.title, a.body, a.published, now, a.language, tracked.join("\u{1f}")],
                    |r| r.get(0),
                )
                .optional()
                .map_err(e)?
            else {
                continue;
            };
            add_source.execute(params![id, feed.0, a.guid]).map_err(e)?;
            let mut refs = Vec::with_capacity(a.entities.len());
            for m in &a.entities {
                let by_name = ids.entry(m.kind).or_default();
                let eid = match by_name.get(&*m.name) {
                    Some(id) => *id,
                    None => {
                        // Plain inserts and lookups: an upsert would need a statement journal per row.
                        ent.execute(params![m.name, m.kind.as_str()]).map_err(e)?;
                        let id: i64 = ent_id.query_row(params![m.name, m.kind.as_str()], |r| r.get(0)).map_err(e)?;
                        by_name.insert(m.name.to_string(), id);
                        id
                    }
                };
                spans.clear();
                for (i, (s, end)) in m.spans.iter().enumerate() {
                    let _ = write!(spans, "{}{s}-{end}", if i > 0 { ";" } else { "" });
                }
                men.execute(params![id, eid, m.tracked, m.spans.len() as i64, spans]).map_err(e)?;
                refs.push(EntityRef { name: m.name.to_string(), kind: m.kind, tracked: m.tracked, count: m.spans.len() as u32 });
            }
            new_rows.push(ArticleRow {
                id: ArticleId(id),
                feed: feed_name.clone(),
                title: a.title,
                link: a.link,
                published: a.published,
                language: a.language,
                tracked: tracked.iter().map(|s| s.to_string()).collect(),
                entities: refs,
                read: false,
                starred: false,
            });
            leftovers.push((a.body, a.entities));
        }
    }
    Ok(new_rows)
}

//! From a parsed item to a storable article: the extractor runs on title and text together.

use crate::extract::Extractor;
use crate::feed::ParsedItem;
use crate::store::{NewArticle, StoredMention};

/// Builds the article to store. `lang` is the feed's hint; `now` dates undated items
/// (and items dated in the future); `shift` moves dates (demo feeds are re-dated to now).
pub fn to_new_article(item: ParsedItem, lang: Option<&str>, extractor: &Extractor, now: i64, shift: i64) -> NewArticle {
    let doc = format!("{}\n\n{}", item.title, item.text);
    let ex = extractor.extract(&doc, lang);
    let published = item.published.map(|p| p + shift).filter(|p| *p <= now + 3600).unwrap_or(now);
    NewArticle {
        guid: item.guid,
        title: item.title,
        // Normalised here, on a parsing thread: the single writer is the busiest stage.
        link_norm: Some(crate::store::normalize_link(&item.link)),
        link: item.link,
        published,
        body: item.text,
        language: ex.language.clone(),
        entities: ex
            .entities
            .into_iter()
            .map(|e| StoredMention {
                name: e.name,
                kind: e.kind,
                tracked: e.tracked,
                spans: e.mentions.iter().map(|m| (m.start, m.end)).collect(),
            })
            .collect(),
    }
}

//! Who is in the news: per-entity article counts in the current and previous window.

use std::collections::HashMap;

use crate::model::{ArticleRow, Kind};

/// One sidebar line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityStat {
    pub name: String,
    pub kind: Kind,
    pub tracked: bool,
    /// Articles mentioning it in the current window.
    pub now: u32,
    /// Articles mentioning it in the window before.
    pub before: u32,
}

impl EntityStat {
    pub fn delta(&self) -> i64 {
        self.now as i64 - self.before as i64
    }
}

/// Counts over `[now - window, now]` and the window before it.
/// Tracked entities come first (by count), then the rest by growth.
pub fn compute<'a>(
    articles: impl IntoIterator<Item = &'a ArticleRow>,
    now: i64,
    window: i64,
    tracked_names: &'a [(String, Kind)],
) -> Vec<EntityStat> {
    let mut map: HashMap<&'a str, EntityStat> = HashMap::new();
    for (n, k) in tracked_names {
        map.insert(n.as_str(), EntityStat { name: n.clone(), kind: *k, tracked: true, now: 0, before: 0 });
    }
    for a in articles {
        let age = now - a.published;
        let slot = if (0..=window).contains(&age) || age < 0 {
            0
        } else if age <= 2 * window {
            1
        } else {
            continue;
        };
        for e in &a.entities {
            let s = map.entry(e.name.as_str()).or_insert_with(|| EntityStat {
                name: e.name.clone(),
                kind: e.kind,
                tracked: e.tracked,
                now: 0,
                before: 0,
            });
            s.tracked |= e.tracked;
            if slot == 0 { s.now += 1 } else { s.before += 1 }
        }
    }
    let mut v: Vec<EntityStat> = map.into_values().collect();
    v.sort_by(|a, b| {
        b.tracked
            .cmp(&a.tracked)
            .then_with(|| if a.tracked { b.now.cmp(&a.now) } else { b.delta().cmp(&a.delta()).then(b.now.cmp(&a.now)) })
            .then_with(|| a.name.cmp(&b.name))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleId, EntityRef};

    fn art(id: i64, published: i64, ents: &[(&str, bool)]) -> ArticleRow {
        ArticleRow {
            id: ArticleId(id),
            feed: "f".into(),
            title: "t".into(),
            link: String::new(),
            published,
            language: "en".into(),
            tracked: vec![],
            entities: ents
                .iter()
                .map(|(n, t)| EntityRef { name: n.to_string(), kind: Kind::Person, tracked: *t, count: 1 })
                .collect(),
            read: false,
            starred: false,
        }
    }

    #[test]
    fn tracked_first_then_rising() {
        let now = 100_000;
        let arts = vec![
            art(1, now - 10, &[("Kim Jong Un", true), ("Rising Star", false)]),
            art(2, now - 20, &[("Rising Star", false), ("Steady", false)]),
            art(3, now - 90_000, &[("Steady", false)]),
        ];
        let s = compute(&arts, now, 86_400, &[("Kim Jong Un".into(), Kind::Person), ("Lavrov".into(), Kind::Person)]);
        let names: Vec<_> = s.iter().map(|e| (e.name.as_str(), e.now, e.before)).collect();
        assert_eq!(names, [("Kim Jong Un", 1, 0), ("Lavrov", 0, 0), ("Rising Star", 2, 0), ("Steady", 1, 1)]);
    }
}

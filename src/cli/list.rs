//! `geowatch list`: stored articles, filtered, as a table or JSON lines.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::store::{ListFilter, Store};

/// The canonical name of `name` when the knowledge base knows it under any spelling, in
/// any case ("Ким Чен Ын", "kim jong-un" → "Kim Jong Un"): the lookup `feeds.toml` actors
/// go through. Otherwise `name` as given.
pub fn canonical_actor(cfg: &Config, name: &str) -> String {
    let t = name.trim();
    match super::kb_for(cfg) {
        Ok(kb) => kb.find(t).map_or_else(|| t.to_string(), |i| kb.entities[i].canonical.clone()),
        Err(_) => t.to_string(),
    }
}

pub fn run(
    db: &Path,
    tracked: bool,
    actor: Option<String>,
    since: Option<String>,
    limit: usize,
    json: bool,
) -> anyhow::Result<i32> {
    let since = match since {
        Some(s) => {
            let d = crate::config::units::parse_duration(&s).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
            Some(crate::poll::now() - d.as_secs() as i64)
        }
        None => None,
    };
    if !db.exists() {
        eprintln!("geowatch: no database at {} yet; run `geowatch poll --once` first", db.display());
        return Ok(1);
    }
    let store = Store::open(db)?;
    let rows = store.list(&ListFilter { tracked_only: tracked, actor, since, limit: Some(limit) })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let now = crate::poll::now();
    for r in &rows {
        if json {
            let mut v = super::poll_cmd::article_json(r);
            v["read"] = r.read.into();
            v["starred"] = r.starred.into();
            writeln!(out, "{v}")?;
        } else {
            let tracked = if r.tracked.is_empty() { String::new() } else { format!("  [{}]", r.tracked.join(", ")) };
            writeln!(
                out,
                "{:>4} {:<20} {:<2} {}{}",
                crate::ui::text::age(r.published, now),
                crate::ui::text::fit(&r.feed, 20),
                r.language,
                crate::sanitize::line(&r.title),
                tracked
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}

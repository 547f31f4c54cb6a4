//! `geowatch list`: stored articles, filtered, as a table or JSON lines.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::store::{ListFilter, Store};

/// The canonical name of `name` when the knowledge base knows it under any spelling
/// ("Ким Чен Ын", "Kim Jong-un" → "Kim Jong Un"), so `--actor` takes what a user types;
/// otherwise `name` as given.
pub fn canonical_actor(cfg: &Config, name: &str) -> String {
    let t = name.trim();
    let Ok(ex) = super::extractor_for(cfg) else { return t.to_string() };
    let whole = |text: &str| {
        ex.extract(text, None).entities.into_iter().find(|e| e.mentions.iter().any(|m| m.start == 0 && m.end == text.len()))
    };
    // Names need their capitals in running text; typed on the command line they may lack them.
    let capitalised: String = t
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ");
    whole(t).or_else(|| whole(&capitalised)).map_or_else(|| t.to_string(), |e| e.name)
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

//! `geowatch poll --once [--json]`: one polling round, new articles as JSON lines.

use std::io::Write;
use std::path::Path;

use serde_json::json;
use tokio::sync::mpsc;

use crate::config::Config;
use crate::model::ArticleRow;
use crate::poll::{FeedResult, PollEvent, poll_round};

/// The JSON form of a new article (one line each).
pub fn article_json(r: &ArticleRow) -> serde_json::Value {
    let published = chrono::DateTime::from_timestamp(r.published, 0).map(|d| d.to_rfc3339()).unwrap_or_default();
    json!({
        "id": r.id.0,
        "feed": r.feed,
        "title": r.title,
        "link": r.link,
        "published": published,
        "language": r.language,
        "tracked": r.tracked,
        "entities": r.entities.iter().map(|e| json!({"name": e.name, "kind": e.kind, "tracked": e.tracked, "count": e.count})).collect::<Vec<_>>(),
    })
}

pub fn run(cfg: &Config, db: &Path, json_out: bool) -> anyhow::Result<i32> {
    let feeds: Vec<_> = cfg.enabled_feeds().cloned().collect();
    if feeds.is_empty() {
        eprintln!("geowatch: no enabled feeds in the config");
        return Ok(1);
    }
    let (ctx, _) = super::poll_context(cfg, db, &feeds)?;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let tty = super::stderr_is_tty();
    let total = feeds.len();
    let summary = rt.block_on(async move {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let round = tokio::spawn(poll_round(ctx, feeds, tx));
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut done = 0;
        while let Some(ev) = rx.recv().await {
            if let PollEvent::FeedDone { name, url, result, new, .. } = ev {
                done += 1;
                if let FeedResult::Failed(e) = &result {
                    eprintln!("{}{name} <{url}>: {e}", if tty { "\r\x1b[K" } else { "" });
                }
                for r in &new {
                    if json_out {
                        let _ = writeln!(out, "{}", article_json(r));
                    } else {
                        let tracked = if r.tracked.is_empty() { String::new() } else { format!("  [{}]", r.tracked.join(", ")) };
                        let _ = writeln!(
                            out,
                            "{} {:<20.20} {}{}",
                            crate::ui::text::timestamp(r.published),
                            r.feed,
                            crate::sanitize::line(&r.title),
                            tracked
                        );
                    }
                }
                if tty {
                    eprint!("\r\x1b[Kpolling {done}/{total}");
                }
            }
        }
        let _ = out.flush();
        round.await
    })?;
    if tty {
        eprint!("\r\x1b[K");
    }
    eprintln!("{summary}");
    Ok(if summary.ok + summary.not_modified > 0 { 0 } else { 1 })
}

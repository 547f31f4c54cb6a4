//! `geowatch check`: validate the config and the extra gazetteer, print a summary.

use std::path::Path;

use crate::config::{self, Config};

pub fn run(explicit: Option<&Path>) -> anyhow::Result<i32> {
    let path = match config::locate(explicit) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("geowatch: {e}");
            return Ok(1);
        }
    };
    let cfg = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return Ok(1);
        }
    };
    let ex = match super::extractor_for(&cfg) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e:#}");
            return Ok(1);
        }
    };
    let enabled = cfg.enabled_feeds().count();
    let mut langs: Vec<&str> = cfg.feeds.iter().filter_map(|f| f.lang.as_deref()).collect();
    langs.sort_unstable();
    langs.dedup();
    println!(
        "{}: OK — {} feeds ({} enabled, {} languages), {} tracked actors; knowledge base: {} entities",
        path.display(),
        cfg.feeds.len(),
        enabled,
        langs.len(),
        cfg.actors.len(),
        ex.kb().entities.len()
    );
    Ok(0)
}

//! Store write throughput: parse + tag the feeds of a config once, then time `apply_batch`
//! alone on a fresh database (DB is deleted first), in batches of 64 feeds as the poller does.
//!
//! usage: cargo run --release --example bench_store -- CONFIG DB
//! CONFIG's feeds must be `file://` URLs, e.g. the config `benches/poll/gen.py DIR 500 50 PORT
//! feeds.toml` writes, with `http://127.0.0.1:PORT/` replaced by `file://DIR/feeds/`.
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: bench_store CONFIG DB (CONFIG with file:// feeds)");
        std::process::exit(2);
    }
    let cfg_text = std::fs::read_to_string(&args[1]).expect("config");
    let cfg = geowatch::config::Config::parse(&cfg_text, &args[1]).expect("config parses");
    let ex = geowatch::extract::Extractor::with_actors(&cfg.actors);
    let mut prepared = Vec::new();
    for f in &cfg.feeds {
        let path = f.url.trim_start_matches("file://");
        let bytes = std::fs::read(path).expect("feed file");
        let parsed = geowatch::feed::parse_feed(&bytes, None, None).expect("parses");
        let arts: Vec<_> = parsed
            .items
            .into_iter()
            .map(|i| geowatch::poll::to_new_article(i, f.lang.as_deref(), &ex, 1_700_000_000, 0))
            .collect();
        prepared.push(arts);
    }
    let n: usize = prepared.iter().map(Vec::len).sum();
    let _ = std::fs::remove_file(&args[2]);
    let mut store = geowatch::store::Store::open(std::path::Path::new(&args[2])).expect("db");
    let ids = store.sync_feeds(cfg.feeds.iter()).expect("sync");
    let t = Instant::now();
    let mut it = cfg.feeds.iter().zip(prepared).peekable();
    while it.peek().is_some() {
        let batch: Vec<_> = it
            .by_ref()
            .take(64)
            .map(|(f, a)| geowatch::store::BatchItem { feed: ids[&f.name], articles: a, record: None })
            .collect();
        store.apply_batch(batch, 1_700_000_000).expect("write");
    }
    let s = t.elapsed().as_secs_f64();
    println!("{n} articles written in {:.3} s: {:.1} µs/article", s, s * 1e6 / n as f64);
}

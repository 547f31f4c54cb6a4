//! Dashboard start-up and key latency with 100,000 stored articles: `cargo bench --bench startup`.
//! Builds a real SQLite database, then measures what `geowatch` does before its first frame
//! (open, load every article, compute the sidebar, render) and the cost of a keypress redraw,
//! rendering into ratatui's TestBackend at 160×45.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use geowatch::app::{App, Msg};
use geowatch::model::Kind;
use geowatch::store::{ListFilter, NewArticle, Store, StoredMention};
use ratatui::{Terminal, backend::TestBackend};

const ARTICLES: usize = 100_000;

fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()))
        .unwrap_or(0)
        / 1024
}

fn build_db(path: &std::path::Path) {
    let mut store = Store::open(path).expect("db");
    let feeds: Vec<_> = (0..50)
        .map(|i| geowatch::config::FeedConfig {
            name: format!("Feed {i:02}"),
            url: format!("https://example{i}.org/rss"),
            tags: vec![],
            interval: None,
            lang: None,
            enabled: true,
        })
        .collect();
    let ids = store.sync_feeds(feeds.iter()).expect("feeds");
    let people =
        ["Kim Jong Un", "Sergey Lavrov", "Vladimir Putin", "Volodymyr Zelenskyy", "Xi Jinping", "Donald Trump", "Mark Rutte"];
    let places = ["North Korea", "Russia", "Ukraine", "Kyiv", "Moscow", "Pyongyang", "Gaza Strip", "Taiwan"];
    let now = geowatch::poll::now();
    let per_feed = ARTICLES / feeds.len();
    for (fi, f) in feeds.iter().enumerate() {
        let batch: Vec<NewArticle> = (0..per_feed)
            .map(|i| {
                let n = fi * per_feed + i;
                let mut entities = vec![
                    StoredMention {
                        name: people[n % people.len()].into(),
                        kind: Kind::Person,
                        tracked: n.is_multiple_of(3),
                        spans: vec![(0, 5)],
                    },
                    StoredMention {
                        name: places[n % places.len()].into(),
                        kind: Kind::Place,
                        tracked: n.is_multiple_of(2),
                        spans: vec![(10, 15), (40, 45)],
                    },
                ];
                if n.is_multiple_of(5) {
                    entities.push(StoredMention {
                        name: format!("Official {}", n % 997).into(),
                        kind: Kind::Person,
                        tracked: false,
                        spans: vec![(20, 30)],
                    });
                }
                NewArticle {
                    guid: Some(format!("g{n}")),
                    title: format!("Synthetic headline number {n} about talks between delegations in the capital"),
                    link: format!("https://example{fi}.org/a/{n}"),
                    published: now - (n as i64 * 37) % (30 * 86_400),
                    body: "Body text. ".repeat(40),
                    language: "en".into(),
                    entities,
                    link_norm: None,
                }
            })
            .collect();
        store.insert_articles(ids[&f.name], batch, now).expect("insert");
    }
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn main() {
    let dir = std::env::temp_dir().join(format!("geowatch-startup-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let db = dir.join("bench.db");
    let t = Instant::now();
    build_db(&db);
    println!("built {} articles in {:.1}s", ARTICLES, t.elapsed().as_secs_f64());
    let rss0 = rss_mb();

    // What the dashboard does before its first frame.
    let t = Instant::now();
    let store = Store::open(&db).expect("open");
    let rows = store.list(&ListFilter { limit: Some(1_000), ..Default::default() }).expect("list");
    let loaded = t.elapsed();
    let tracked = vec![("Kim Jong Un".to_string(), Kind::Person), ("Russia".to_string(), Kind::Place)];
    let mut app = App::new(vec![], tracked, db.display().to_string(), geowatch::poll::now());
    app.update(Msg::Resize { width: 160, height: 45 });
    app.update(Msg::ArticlesLoaded(rows));
    let mut term = Terminal::new(TestBackend::new(160, 45)).expect("term");
    term.draw(|f| geowatch::ui::render(&app, f)).expect("draw");
    let first = t.elapsed();
    println!(
        "first frame: {:.0} ms after start (open + load newest {} rows: {:.0} ms)",
        first.as_secs_f64() * 1e3,
        app.stream.len(),
        loaded.as_secs_f64() * 1e3
    );
    // The dashboard then loads everything behind the first frame (as the TUI does).
    let t = Instant::now();
    let all = store.list(&ListFilter { limit: Some(250_000), ..Default::default() }).expect("list");
    app.update(Msg::ArticlesLoaded(all));
    term.draw(|f| geowatch::ui::render(&app, f)).expect("draw");
    println!(
        "all {} articles browsable {:.0} ms later (background load, UI stays live)",
        app.stream.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "memory: {} MB RSS with {} articles in the app (+{} MB over the empty process)",
        rss_mb(),
        app.stream.len(),
        rss_mb().saturating_sub(rss0)
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut press = |app: &mut App, m: Msg, term: &mut Terminal<TestBackend>| {
        let t = Instant::now();
        app.update(m);
        term.draw(|f| geowatch::ui::render(app, f)).expect("draw");
        times.push(t.elapsed());
    };
    for _ in 0..200 {
        press(&mut app, key(KeyCode::Char('j')), &mut term);
    }
    press(&mut app, key(KeyCode::Char('t')), &mut term);
    press(&mut app, key(KeyCode::Char('/')), &mut term);
    for c in "kim".chars() {
        press(&mut app, key(KeyCode::Char(c)), &mut term);
    }
    press(&mut app, key(KeyCode::Esc), &mut term);
    press(&mut app, key(KeyCode::PageDown), &mut term);
    times.sort();
    let avg = times.iter().sum::<Duration>() / times.len() as u32;
    let p99 = times[times.len() * 99 / 100];
    let max = times[times.len() - 1];
    println!(
        "keypress → redraw: avg {:.2} ms, p99 {:.2} ms, max {:.2} ms over {} keys (moves, tracked toggle, typing a filter over {} articles)",
        avg.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        times.len(),
        app.stream.len()
    );
    println!("targets: first frame ≤ 300 ms, keypress ≤ 16 ms, memory ≤ 200 MB");
    let _ = std::fs::remove_dir_all(&dir);
}

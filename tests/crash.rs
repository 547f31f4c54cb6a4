//! A killed process loses nothing: `geowatch poll --once` is SIGKILLed in the middle of a
//! large round; the database must pass SQLite's integrity check, keep the read and starred
//! state set before, and hold only whole articles (every stored article has its source).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use geowatch::store::{ListFilter, Store};

fn rss(feed: usize, items: usize) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>");
    for i in 0..items {
        s.push_str(&format!(
            "<item><title>Kim Jong Un and Sergey Lavrov meet, item {i} of feed {feed}</title>\
             <link>https://example.org/{feed}/{i}</link><guid>{feed}-{i}</guid>\
             <pubDate>Sat, 28 Nov 2026 08:{:02}:00 GMT</pubDate>\
             <description>North Korea and Russia sign a deal in Pyongyang; NATO reacts in Brussels.</description></item>",
            i % 60
        ));
    }
    s.push_str("</channel></rss>");
    s
}

#[test]
fn sigkill_mid_round_keeps_the_database_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = String::from("[settings]\nconcurrency = 8\n");
    for f in 0..300 {
        let path = dir.path().join(format!("f{f}.xml"));
        std::fs::write(&path, rss(f, 60)).unwrap();
        cfg.push_str(&format!("[[feed]]\nname = \"F{f}\"\nurl = \"file://{}\"\n", path.display()));
    }
    let cfg_path = dir.path().join("feeds.toml");
    std::fs::File::create(&cfg_path).unwrap().write_all(cfg.as_bytes()).unwrap();
    let db = dir.path().join("g.db");

    // A first, complete round on one feed, then read/starred state on its first article.
    let first = Command::new(env!("CARGO_BIN_EXE_geowatch"))
        .args(["--config", cfg_path.to_str().unwrap(), "--db", db.to_str().unwrap(), "poll", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(first.success());
    let (kept, before) = {
        let mut store = Store::open(&db).unwrap();
        let rows = store.list(&ListFilter { limit: Some(1), ..Default::default() }).unwrap();
        let id = rows[0].id;
        store.set_read(id, true).unwrap();
        store.set_starred(id, true).unwrap();
        (id, store.count().unwrap())
    };
    // New items for every feed, so the next round has real work to be killed in.
    for f in 0..300 {
        std::fs::write(dir.path().join(format!("f{f}.xml")), rss(f + 1000, 60)).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_geowatch"))
        .args(["--config", cfg_path.to_str().unwrap(), "--db", db.to_str().unwrap(), "poll", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the round is writing: wait for the first batch to reach the database.
    let started = std::time::Instant::now();
    loop {
        let n: i64 = rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
            .unwrap_or(0);
        if n as u64 > before || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(child.try_wait().unwrap().is_none(), "the round finished before it could be killed");
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "articles written without their source: a transaction was torn");
    let store = Store::open(&db).unwrap();
    let row = store.detail(kept).unwrap().expect("article kept");
    assert!(row.row.read && row.row.starred, "read/starred state lost");
    assert!(store.count().unwrap() >= before);
}

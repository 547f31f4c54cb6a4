//! The poller against a real loopback HTTP server: storage, conditional GETs, per-feed
//! failures, round summaries, cross-feed dedupe and persistence of read/starred state.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use geowatch::config::{Config, FeedConfig, Settings};
use geowatch::extract::Extractor;
use geowatch::fetch::HttpFetcher;
use geowatch::model::{ArticleRow, FeedHealth};
use geowatch::poll::{FeedResult, PollContext, PollEvent, RoundSummary, poll_round};
use geowatch::store::{ListFilter, Store};
use support::{Resp, Server, rss, shared_dir, shared_feed};
use tokio::sync::mpsc;

const MAX_BYTES: u64 = 1 << 20;
const KOREA: &[u8] = include_bytes!("../demo/korea-watch_en.xml");

fn extractor() -> Arc<Extractor> {
    static EX: OnceLock<Arc<Extractor>> = OnceLock::new();
    EX.get_or_init(|| {
        let cfg = Config::parse(geowatch::cli::DEFAULT_CONFIG, "x").expect("built-in config");
        Arc::new(geowatch::cli::extractor_for(&cfg).expect("extractor"))
    })
    .clone()
}

fn feed(name: &str, url: &str) -> FeedConfig {
    FeedConfig { name: name.into(), url: url.into(), tags: vec![], interval: None, lang: None, enabled: true }
}

fn context(db: &Path, feeds: &[FeedConfig]) -> Arc<PollContext> {
    let mut store = Store::open(db).expect("open store");
    let feed_ids = store.sync_feeds(feeds.iter()).expect("sync feeds");
    let settings = Settings { timeout: Duration::from_secs(2), max_response: MAX_BYTES, ..Settings::default() };
    let http = HttpFetcher::new("geowatch-tests", settings.timeout, settings.max_response).unwrap();
    let checkpoints = geowatch::store::Checkpointer::spawn(db);
    Arc::new(PollContext { http, store: Arc::new(Mutex::new(store)), extractor: extractor(), feed_ids, settings, checkpoints })
}

struct Done {
    result: FeedResult,
    new: Vec<ArticleRow>,
    next_poll: i64,
}

/// Runs one round; returns the summary and each feed's outcome by name.
async fn round(ctx: &Arc<PollContext>, feeds: &[FeedConfig]) -> (RoundSummary, HashMap<String, Done>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let sum =
        tokio::time::timeout(Duration::from_secs(120), poll_round(ctx.clone(), feeds.to_vec(), tx)).await.expect("round hung");
    let mut done = HashMap::new();
    let (mut started, mut finished) = (false, false);
    while let Ok(ev) = rx.try_recv() {
        match ev {
            PollEvent::RoundStarted { feeds: n } => started = n == feeds.len(),
            PollEvent::FeedDone { name, result, new, next_poll, .. } => {
                assert!(done.insert(name.clone(), Done { result, new, next_poll }).is_none(), "{name} reported twice");
            }
            PollEvent::RoundFinished(s) => finished = s == sum,
        }
    }
    assert!(started && finished, "RoundStarted / RoundFinished events missing or wrong");
    assert_eq!(done.len(), feeds.len(), "one FeedDone per feed");
    (sum, done)
}

fn all(ctx: &PollContext) -> Vec<ArticleRow> {
    ctx.store.lock().unwrap().list(&ListFilter::default()).unwrap()
}

fn by_title<'a>(rows: &'a [ArticleRow], title: &str) -> &'a ArticleRow {
    rows.iter().find(|r| r.title == title).unwrap_or_else(|| panic!("no article titled {title:?}"))
}

fn ts(rfc2822: &str) -> i64 {
    chrono::DateTime::parse_from_rfc2822(rfc2822).unwrap().timestamp()
}

fn failed(d: &Done) -> &str {
    match &d.result {
        FeedResult::Failed(m) => m,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn latin1_doc() -> Vec<u8> {
    // No XML declaration: only the HTTP charset says these bytes are Latin-1.
    let mut b = b"<rss version=\"2.0\"><channel><title>Not\xedcias</title><item><guid>l1</guid><title>Governo anuncia reforma da educa\xe7\xe3o em S\xe3o Paulo</title>".to_vec();
    b.extend_from_slice(
        b"<link>https://latin.invalid/a1</link><pubDate>Mon, 02 Mar 2020 10:00:00 +0000</pubDate></item></channel></rss>",
    );
    b
}

#[tokio::test]
async fn project_fixtures_over_http_with_gzip_charset_and_conditional_get() {
    let srv = Server::start().await;
    srv.route("/korea", Resp::xml(KOREA).gzip().header("ETag", "\"k1\""));
    srv.route(
        "/latin",
        Resp::ok("text/xml; charset=ISO-8859-1", latin1_doc()).header("Last-Modified", "Mon, 02 Mar 2020 10:00:00 GMT"),
    );
    let inline = rss(
        "Inline",
        &[("i1", "Talks in Geneva resume", "https://inline.invalid/1", "Sun, 01 Mar 2020 12:30:00 +0100", "Diplomats met.")],
    );
    srv.route("/inline", Resp::xml(inline));
    let feeds = [feed("Korea", &srv.url("/korea")), feed("Latin", &srv.url("/latin")), feed("Inline", &srv.url("/inline"))];
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(&dir.path().join("g.db"), &feeds);

    let (sum, done) = round(&ctx, &feeds).await;
    let korea_items = geowatch::feed::parse_feed(KOREA, None, None).unwrap().items.len();
    assert!(korea_items >= 5, "demo feed has items");
    assert_eq!(done["Korea"].result, FeedResult::Ok { items: korea_items, new: korea_items });
    assert_eq!((sum.feeds, sum.ok, sum.not_modified, sum.failed, sum.new_articles), (3, 3, 0, 0, korea_items + 2));
    let rows = all(&ctx);
    assert_eq!(rows.len(), korea_items + 2);

    let kim = by_title(&rows, "Kim Jong Un inspects munitions complex, orders \"exponential\" shell output");
    assert_eq!(kim.feed, "Korea");
    assert_eq!(kim.link, "https://demo.geowatch.invalid/korea-watch/kim-jong-un-munitions-complex-inspection");
    assert!(kim.tracked.iter().any(|t| t == "Kim Jong Un"), "{:?}", kim.tracked);
    let latin = by_title(&rows, "Governo anuncia reforma da educação em São Paulo");
    assert_eq!(latin.published, ts("Mon, 02 Mar 2020 10:00:00 +0000"));
    let talks = by_title(&rows, "Talks in Geneva resume");
    assert_eq!((talks.link.as_str(), talks.published), ("https://inline.invalid/1", ts("Sun, 01 Mar 2020 11:30:00 +0000")));

    // Round two: ETag and Last-Modified feeds are not modified; the plain one is re-parsed.
    let (sum, done) = round(&ctx, &feeds).await;
    assert_eq!(done["Korea"].result, FeedResult::NotModified);
    assert_eq!(done["Latin"].result, FeedResult::NotModified);
    assert_eq!(done["Inline"].result, FeedResult::Ok { items: 1, new: 0 });
    assert_eq!((sum.ok, sum.not_modified, sum.failed, sum.new_articles), (1, 2, 0, 0));
    let korea_reqs = srv.requests("/korea");
    assert_eq!(korea_reqs.len(), 2);
    assert_eq!(korea_reqs[0].get("if-none-match"), None);
    assert_eq!(korea_reqs[1].get("if-none-match").map(String::as_str), Some("\"k1\""));
    assert_eq!(srv.requests("/latin")[1].get("if-modified-since").map(String::as_str), Some("Mon, 02 Mar 2020 10:00:00 GMT"));
    assert_eq!(all(&ctx).len(), korea_items + 2, "no duplicates after a second round");
}

#[tokio::test]
async fn failures_stay_per_feed_and_the_summary_counts_them() {
    let srv = Server::start().await;
    let good = |n: u32| {
        rss(
            "Good",
            &[(
                &format!("g{n}"),
                &format!("Good story {n}"),
                &format!("https://good.invalid/{n}"),
                "Mon, 02 Mar 2020 10:00:00 +0000",
                "Fine.",
            )],
        )
    };
    srv.route("/good1", Resp::xml(good(1)));
    srv.route("/good2", Resp::xml(good(2)));
    srv.route("/good3", Resp::xml(good(3)));
    srv.route("/e500", Resp::status(500));
    srv.route("/e429", Resp::status(429).header("Retry-After", "120"));
    srv.route("/moved", Resp::redirect(301, "/good2"));
    srv.route("/found", Resp::redirect(302, &srv.url("/good3")));
    srv.route("/loop-a", Resp::redirect(302, "/loop-b"));
    srv.route("/loop-b", Resp::redirect(302, "/loop-a"));
    srv.route("/slow", Resp::xml(good(4)).delayed(Duration::from_secs(8)));
    let mut big = good(5).into_bytes();
    big.resize(2 * MAX_BYTES as usize, b' ');
    srv.route("/big", Resp::xml(big));
    srv.route("/bomb", support::gzip_bomb(4 * MAX_BYTES as usize));
    srv.route("/notxml", Resp::ok("text/html", "<html><body>Just a web page</body></html>"));
    let names = [
        ("good", "/good1"),
        ("e500", "/e500"),
        ("e404", "/missing"),
        ("e429", "/e429"),
        ("moved", "/moved"),
        ("found", "/found"),
        ("loop", "/loop-a"),
        ("slow", "/slow"),
        ("big", "/big"),
        ("bomb", "/bomb"),
        ("notxml", "/notxml"),
    ];
    let mut feeds: Vec<FeedConfig> = names.iter().map(|(n, p)| feed(n, &srv.url(p))).collect();
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    feeds.push(feed("refused", &format!("http://{closed}/feed.xml")));
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(&dir.path().join("g.db"), &feeds);
    let t0 = geowatch::poll::now();

    let (sum, done) = round(&ctx, &feeds).await;
    for n in ["good", "moved", "found"] {
        assert_eq!(done[n].result, FeedResult::Ok { items: 1, new: 1 }, "{n}");
    }
    assert!(failed(&done["e500"]).contains("HTTP 500"), "{}", failed(&done["e500"]));
    assert!(failed(&done["e404"]).contains("HTTP 404"), "{}", failed(&done["e404"]));
    let m429 = failed(&done["e429"]);
    assert!(m429.contains("HTTP 429") && m429.contains("120"), "{m429}");
    assert!(done["e429"].next_poll >= t0 + 120, "Retry-After ignored: next poll in {}s", done["e429"].next_poll - t0);
    assert!(failed(&done["loop"]).contains("redirect"), "{}", failed(&done["loop"]));
    assert!(failed(&done["slow"]).contains("timed out"), "{}", failed(&done["slow"]));
    for n in ["big", "bomb"] {
        let m = failed(&done[n]);
        assert!(m.contains(&MAX_BYTES.to_string()) && m.contains("larger than"), "{n}: {m}");
    }
    assert!(failed(&done["notxml"]).contains("not a feed"), "{}", failed(&done["notxml"]));
    assert!(failed(&done["refused"]).contains("connect"), "{}", failed(&done["refused"]));
    assert_eq!((sum.feeds, sum.ok, sum.not_modified, sum.failed, sum.new_articles), (12, 3, 0, 9, 3));
    let mut titles: Vec<String> = all(&ctx).into_iter().map(|r| r.title).collect();
    titles.sort();
    assert_eq!(titles, ["Good story 1", "Good story 2", "Good story 3"]);
    assert_eq!((srv.hits("/good2"), srv.hits("/good3")), (1, 1), "redirects followed once each");

    // The store records each failure, and the Retry-After wait is kept there too.
    let store = ctx.store.lock().unwrap();
    let st = store.feed_statuses(&["e429".into(), "good".into(), "e500".into()]).unwrap();
    assert!(matches!(&st[0].health, FeedHealth::Failed(m) if m.contains("429")), "{:?}", st[0].health);
    assert!(st[0].next_poll.unwrap() >= t0 + 120);
    assert_eq!((st[0].consecutive_failures, st[2].consecutive_failures), (1, 1));
    assert_eq!((st[1].health.clone(), st[1].articles), (FeedHealth::Ok, 1));
}

#[tokio::test]
async fn shared_feeds_stored_with_correct_fields_and_not_modified_next_round() {
    let Some(shared) = shared_dir("shared_feeds_stored_with_correct_fields_and_not_modified_next_round") else { return };
    let srv = Server::start().await;
    srv.route("/bbc", Resp::xml(shared_feed(&shared, "bbc-world_en.xml")).header("ETag", "W/\"bbc-1\""));
    srv.route(
        "/lemonde",
        Resp::ok("text/xml; charset=utf-8", shared_feed(&shared, "lemonde_fr.xml")).gzip().header("ETag", "\"lm\""),
    );
    srv.route("/e500", Resp::status(500));
    let feeds = [feed("BBC World", &srv.url("/bbc")), feed("Le Monde", &srv.url("/lemonde")), feed("Broken", &srv.url("/e500"))];
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(&dir.path().join("g.db"), &feeds);

    let (sum, done) = round(&ctx, &feeds).await;
    assert_eq!(done["BBC World"].result, FeedResult::Ok { items: 33, new: 33 });
    assert_eq!(done["Le Monde"].result, FeedResult::Ok { items: 18, new: 18 });
    assert_eq!((sum.feeds, sum.ok, sum.not_modified, sum.failed, sum.new_articles), (3, 2, 0, 1, 51));
    assert_eq!(done["Le Monde"].new.len(), 18);
    let rows = all(&ctx);
    assert_eq!(rows.len(), 51);
    let bbc = by_title(&rows, "US civil rights leader Jesse Jackson dies aged 84");
    assert_eq!(bbc.feed, "BBC World");
    assert_eq!(bbc.link, "https://www.bbc.com/news/articles/cp81l0e1eg5o?at_medium=RSS&at_campaign=rss");
    assert_eq!(bbc.published, ts("Tue, 17 Feb 2026 18:55:33 GMT"));
    let lm = by_title(&rows, "Piratage imputé à la Russie : Poutine mis en cause, Trump minimise");
    assert_eq!(lm.feed, "Le Monde");
    assert!(lm.link.starts_with("http://www.lemonde.fr/ameriques/article/2017/01/07/donald-trump-baisse"), "{}", lm.link);
    assert_eq!(lm.published, ts("Sat, 07 Jan 2017 07:36:48 +0100"));
    assert!(lm.tracked.iter().any(|t| t == "Vladimir Putin"), "{:?}", lm.tracked);
    assert_eq!(lm.language, "fr");
    // Newest first.
    assert!(rows.windows(2).all(|w| w[0].published >= w[1].published));

    let (sum, done) = round(&ctx, &feeds).await;
    assert_eq!(done["BBC World"].result, FeedResult::NotModified);
    assert_eq!(done["Le Monde"].result, FeedResult::NotModified);
    assert_eq!((sum.ok, sum.not_modified, sum.failed, sum.new_articles), (0, 2, 1, 0));
    assert_eq!(srv.requests("/bbc")[1].get("if-none-match").map(String::as_str), Some("W/\"bbc-1\""));
    assert_eq!(srv.requests("/lemonde")[1].get("if-none-match").map(String::as_str), Some("\"lm\""));
    assert_eq!(all(&ctx).len(), 51);

    // Without validators the server answers 200 again: everything is re-parsed, nothing is new.
    srv.route("/bbc", Resp::xml(shared_feed(&shared, "bbc-world_en.xml")));
    let (_, done) = round(&ctx, &feeds[..1]).await;
    assert_eq!(done["BBC World"].result, FeedResult::Ok { items: 33, new: 0 });
    assert_eq!(all(&ctx).len(), 51);
}

#[tokio::test]
async fn one_link_from_two_feeds_is_one_story_with_two_sources() {
    let Some(shared) = shared_dir("one_link_from_two_feeds_is_one_story_with_two_sources") else { return };
    let srv = Server::start().await;
    srv.route("/bbc", Resp::xml(shared_feed(&shared, "bbc-world_en.xml")));
    srv.route("/mirror", Resp::xml(shared_feed(&shared, "bbc-world_en.xml")));
    // A third feed carries one BBC story under its own guid, with tracking parameters changed.
    let one = rss(
        "Aggregator",
        &[(
            "agg-1",
            "Jesse Jackson dies",
            "https://www.bbc.com/news/articles/cp81l0e1eg5o?utm_source=agg#top",
            "Tue, 17 Feb 2026 19:00:00 GMT",
            "x",
        )],
    );
    srv.route("/agg", Resp::xml(one));
    let feeds =
        [feed("BBC World", &srv.url("/bbc")), feed("BBC Mirror", &srv.url("/mirror")), feed("Aggregator", &srv.url("/agg"))];
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(&dir.path().join("g.db"), &feeds);

    let (sum, _) = round(&ctx, &feeds).await;
    assert_eq!((sum.ok, sum.new_articles), (3, 33));
    let rows = all(&ctx);
    assert_eq!(rows.len(), 33);
    let store = ctx.store.lock().unwrap();
    let jackson = rows.iter().find(|r| r.link.contains("cp81l0e1eg5o")).unwrap();
    let d = store.detail(jackson.id).unwrap().unwrap();
    assert_eq!(d.sources, ["Aggregator", "BBC Mirror", "BBC World"]);
    let other = rows.iter().find(|r| r.link.contains("cze0dk3yd5eo")).unwrap();
    assert_eq!(store.detail(other.id).unwrap().unwrap().sources, ["BBC Mirror", "BBC World"]);
}

#[tokio::test]
async fn read_and_starred_survive_a_changed_feed_and_reopening() {
    let srv = Server::start().await;
    let date = "Mon, 02 Mar 2020 10:00:00 +0000";
    let v1 = rss(
        "S",
        &[
            ("a", "Alpha", "https://s.invalid/a", date, "a"),
            ("b", "Beta", "https://s.invalid/b", date, "b"),
            ("c", "Gamma", "https://s.invalid/c", date, "c"),
        ],
    );
    srv.route("/s", Resp::xml(v1).header("ETag", "\"v1\""));
    let feeds = [feed("S", &srv.url("/s"))];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let ctx = context(&db, &feeds);
    let (sum, _) = round(&ctx, &feeds).await;
    assert_eq!(sum.new_articles, 3);
    let rows = all(&ctx);
    let (alpha, beta) = (by_title(&rows, "Alpha").id, by_title(&rows, "Beta").id);
    {
        let mut store = ctx.store.lock().unwrap();
        store.set_read(alpha, true).unwrap();
        store.set_starred(beta, true).unwrap();
    }

    // Changed content under a new ETag: Alpha retitled, Gamma gone, Delta new.
    let later = "Tue, 03 Mar 2020 10:00:00 +0000";
    let v2 = rss(
        "S",
        &[
            ("a", "Alpha (updated)", "https://s.invalid/a", date, "a2"),
            ("b", "Beta", "https://s.invalid/b", date, "b"),
            ("d", "Delta", "https://s.invalid/d", later, "d"),
        ],
    );
    srv.route("/s", Resp::xml(v2).header("ETag", "\"v2\""));
    let (sum, done) = round(&ctx, &feeds).await;
    assert_eq!(done["S"].result, FeedResult::Ok { items: 3, new: 1 });
    assert_eq!(done["S"].new[0].title, "Delta");
    assert_eq!(sum.new_articles, 1);
    assert_eq!(srv.requests("/s")[1].get("if-none-match").map(String::as_str), Some("\"v1\""));

    let check = |rows: &[ArticleRow]| {
        assert_eq!(rows.len(), 4);
        let flags = |t: &str| rows.iter().find(|r| r.title == t).map(|r| (r.read, r.starred)).unwrap();
        assert_eq!(flags("Alpha"), (true, false));
        assert_eq!(flags("Beta"), (false, true));
        assert_eq!(flags("Gamma"), (false, false));
        assert_eq!(flags("Delta"), (false, false));
        assert_eq!(rows[0].title, "Delta", "newest first");
    };
    check(&all(&ctx));
    drop(ctx);
    let reopened = Store::open(&db).unwrap();
    check(&reopened.list(&ListFilter::default()).unwrap());
    let starred = reopened.detail(beta).unwrap().unwrap();
    assert!(starred.row.starred && !starred.row.read);
}

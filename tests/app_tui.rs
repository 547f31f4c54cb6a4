//! The dashboard driven through `App::update` and rendered with ratatui's `TestBackend`:
//! real demo feeds, parsed, tagged and stored in a real SQLite file, then every main screen
//! snapshotted with insta.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use geowatch::app::{App, Effect, Msg, Screen};
use geowatch::config::{Config, FeedConfig};
use geowatch::model::{ArticleId, ArticleRow, FeedHealth, FeedStatus};
use geowatch::poll::{FeedResult, PollEvent, RoundSummary};
use geowatch::store::{ListFilter, Store};
use ratatui::{Terminal, backend::TestBackend};

struct Fixture {
    app: App,
    store: Store,
    _dir: tempfile::TempDir,
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Ingests the built-in demo feeds into a fresh database, as the poller would.
fn fixture(width: u16, height: u16) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::parse(geowatch::cli::DEFAULT_CONFIG, "feeds.toml").unwrap();
    let ex = geowatch::cli::extractor_for(&cfg).unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let feeds: Vec<FeedConfig> = geowatch::demo::feeds();
    let ids = store.sync_feeds(feeds.iter()).unwrap();
    let now = geowatch::demo::anchor();
    for (name, lang, bytes) in geowatch::demo::documents() {
        let parsed = geowatch::feed::parse_feed(bytes, None, None).unwrap();
        let arts = parsed.items.into_iter().map(|i| geowatch::poll::to_new_article(i, Some(lang), &ex, now, 0)).collect();
        store.insert_articles(ids[name], arts, now).unwrap();
    }
    let tracked = ex.kb().entities.iter().filter(|e| e.tracked).map(|e| (e.canonical.clone(), e.kind)).collect();
    let statuses = feeds
        .iter()
        .map(|f| FeedStatus {
            name: f.name.clone(),
            url: f.url.clone(),
            health: FeedHealth::Ok,
            last_poll: Some(now - 120),
            next_poll: Some(now + 3480),
            articles: 8,
            consecutive_failures: 0,
        })
        .collect();
    let mut app = App::new(statuses, tracked, "/data/geowatch.db".into(), now);
    app.labels = ex.kb().short_labels();
    app.update(Msg::Resize { width, height });
    app.update(Msg::ArticlesLoaded(store.list(&ListFilter::default()).unwrap()));
    Fixture { app, store, _dir: dir }
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| geowatch::ui::render(app, f)).unwrap();
    format!("{}", t.backend())
}

/// Runs effects the way the TUI runtime does, against the real store.
fn run(fx: &mut Fixture, effects: Vec<Effect>) {
    for e in effects {
        let reply = match e {
            Effect::LoadDetail(id) => Some(Msg::DetailLoaded(Box::new(fx.store.detail(id).unwrap()))),
            Effect::SetRead(id, v) => fx.store.set_read(id, v).err().map(|e| Msg::EffectFailed(e.to_string())),
            Effect::SetStarred(id, v) => fx.store.set_starred(id, v).err().map(|e| Msg::EffectFailed(e.to_string())),
            _ => None,
        };
        if let Some(m) = reply {
            let more = fx.app.update(m);
            run(fx, more);
        }
    }
}

/// A copy of the selected row, re-identified and re-dated, as if a poll just brought it.
fn arrival(fx: &Fixture, id: i64, later: i64) -> ArticleRow {
    let mut r = fx.app.stream.selected().unwrap().clone();
    r.id = ArticleId(id);
    r.published = geowatch::demo::anchor() + later;
    r
}

fn deliver(fx: &mut Fixture, rows: Vec<ArticleRow>) {
    let n = rows.len();
    fx.app.update(Msg::Poll(PollEvent::FeedDone {
        name: "Global Wire (demo)".into(),
        url: String::new(),
        result: FeedResult::Ok { items: n, new: n },
        new: rows,
        next_poll: 0,
    }));
}

#[test]
fn main_screen() {
    let fx = fixture(160, 45);
    assert_eq!(fx.app.stream.len(), 52);
    insta::assert_snapshot!(draw(&fx.app, 160, 45));
}

#[test]
fn detail_screen_highlights_entities() {
    let mut fx = fixture(140, 30);
    assert!(fx.app.update(key('/')).is_empty());
    for c in "wonsan".chars() {
        fx.app.update(key(c));
    }
    fx.app.update(code(KeyCode::Enter));
    let effects = fx.app.update(code(KeyCode::Enter));
    assert!(matches!(effects[0], Effect::LoadDetail(_)));
    assert!(effects.iter().any(|e| matches!(e, Effect::SetRead(_, true))));
    run(&mut fx, effects);
    assert_eq!(fx.app.screen, Screen::Detail);
    let d = fx.app.detail.as_ref().unwrap();
    assert!(d.spans.iter().any(|s| s.name == "Sergey Lavrov" && s.tracked), "{:?}", d.spans);
    let id = d.row.id;
    insta::assert_snapshot!(draw(&fx.app, 140, 30));
    // Opening marked it read in the database too.
    assert!(fx.store.detail(id).unwrap().unwrap().row.read);
}

#[test]
fn feeds_view_and_help() {
    let mut fx = fixture(120, 20);
    fx.app.update(Msg::Poll(PollEvent::FeedDone {
        name: "Kyiv Daily (demo)".into(),
        url: "demo://kyiv-daily_uk.atom".into(),
        result: FeedResult::Failed("HTTP 503 (retry after 120s)".into()),
        new: vec![],
        next_poll: geowatch::demo::anchor() + 120,
    }));
    assert_eq!(fx.app.failing(), 1);
    fx.app.update(key('f'));
    assert_eq!(fx.app.screen, Screen::Feeds);
    insta::assert_snapshot!("feeds", draw(&fx.app, 120, 20));
    fx.app.update(key('?'));
    insta::assert_snapshot!("help", draw(&fx.app, 120, 20));
    fx.app.update(key('x'));
    assert!(!fx.app.help);
}

#[test]
fn tracked_filter_and_entity_filter() {
    let mut fx = fixture(120, 30);
    let all = fx.app.stream.visible_len();
    fx.app.update(key('t'));
    let tracked = fx.app.stream.visible_len();
    assert!(tracked < all && tracked > 0, "{tracked} of {all}");
    // Sidebar: Tab, then Enter on the first tracked actor filters by it.
    fx.app.update(code(KeyCode::Tab));
    fx.app.update(code(KeyCode::Enter));
    let ent = fx.app.stream.filter.entity.clone().unwrap();
    assert!(fx.app.stream.visible_len() > 0);
    for i in 0..fx.app.stream.visible_len() {
        assert!(fx.app.stream.visible_row(i).unwrap().entities.iter().any(|e| e.name == ent));
    }
    insta::assert_snapshot!(draw(&fx.app, 120, 30));
    fx.app.update(code(KeyCode::Esc));
    assert!(fx.app.stream.filter.entity.is_none());
}

#[test]
fn new_articles_keep_selection_and_scroll() {
    let mut fx = fixture(120, 20);
    for _ in 0..20 {
        fx.app.update(key('j'));
    }
    let sel = fx.app.stream.selected().unwrap().id;
    let scroll = fx.app.stream.scroll;
    assert!(scroll > 0);
    let fresh = arrival(&fx, 9_999, 60);
    deliver(&mut fx, vec![fresh]);
    assert_eq!(fx.app.stream.selected().unwrap().id, sel);
    assert_eq!(fx.app.stream.scroll, scroll + 1, "the same rows stay on screen");
    assert_eq!(fx.app.stream.new_above, 1);
    assert!(draw(&fx.app, 120, 20).contains("▲ 1 new"));
    // At the top, the view follows new arrivals.
    fx.app.update(key('g'));
    let fresh = arrival(&fx, 10_000, 120);
    deliver(&mut fx, vec![fresh]);
    assert_eq!(fx.app.stream.selected().unwrap().id, ArticleId(10_000));
}

#[test]
fn polling_progress_and_summary_in_status_bar() {
    let mut fx = fixture(160, 12);
    fx.app.update(Msg::Poll(PollEvent::RoundStarted { feeds: 6 }));
    fx.app.update(Msg::Poll(PollEvent::FeedDone {
        name: "Korea Watch (demo)".into(),
        url: String::new(),
        result: FeedResult::NotModified,
        new: vec![],
        next_poll: 0,
    }));
    let s = draw(&fx.app, 160, 12);
    assert!(s.contains("polling 1/6"), "{s}");
    let effects = fx.app.update(Msg::Poll(PollEvent::RoundFinished(RoundSummary {
        feeds: 6,
        ok: 6,
        new_articles: 3,
        ..Default::default()
    })));
    assert_eq!(effects, vec![Effect::LoadFeeds]);
    let s = draw(&fx.app, 160, 12);
    assert!(s.contains("last poll") && s.contains("(+3)"), "{s}");
}

#[test]
fn links_only_open_when_http() {
    let mut fx = fixture(120, 20);
    let effects = fx.app.update(key('o'));
    assert!(matches!(&effects[..], [Effect::OpenLink(l)] if l.starts_with("https://demo.geowatch.invalid/")), "{effects:?}");
    let mut evil = arrival(&fx, 77_777, 10_000);
    evil.link = "javascript:alert(1)".into();
    deliver(&mut fx, vec![evil]);
    assert_eq!(fx.app.stream.selected().unwrap().id, ArticleId(77_777));
    assert!(fx.app.update(key('o')).is_empty());
    assert!(fx.app.flash.as_deref().unwrap_or("").contains("not opening"));
}

#[test]
fn star_read_mouse_and_quit() {
    let mut fx = fixture(120, 20);
    let id = fx.app.stream.selected().unwrap().id;
    let e = fx.app.update(key('s'));
    assert_eq!(e, vec![Effect::SetStarred(id, true)]);
    run(&mut fx, e);
    let e = fx.app.update(key('m'));
    assert_eq!(e, vec![Effect::SetRead(id, true)]);
    run(&mut fx, e);
    let row = fx.store.detail(id).unwrap().unwrap().row;
    assert!(row.starred && row.read);
    // Click on the third article row selects it; clicking again opens it.
    let click = |row| {
        Msg::Mouse(MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column: 10, row, modifiers: KeyModifiers::NONE })
    };
    fx.app.update(click(5));
    assert_eq!(fx.app.stream.cursor, 2);
    let e = fx.app.update(click(5));
    assert!(matches!(e[0], Effect::LoadDetail(_)));
    fx.app.update(code(KeyCode::Esc));
    assert_eq!(fx.app.screen, Screen::Main);
    assert_eq!(fx.app.update(key('q')), vec![Effect::Quit]);
}

#[test]
fn hostile_titles_render_clean_and_wide_text_aligns() {
    let mut fx = fixture(100, 12);
    let mut evil = arrival(&fx, 88_888, 20_000);
    evil.title = "\u{1b}]0;pwned\u{7}\u{1b}[31m北朝鮮 김정은 🚀 \u{202E}reversed".into();
    evil.feed = "Evil\u{1b}[2J feed".into();
    deliver(&mut fx, vec![evil]);
    let s = draw(&fx.app, 100, 12);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202E}') && !s.contains("pwned"), "{s}");
    assert!(s.contains("北朝鮮 김정은 🚀"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn background_load_keeps_articles_that_arrived_meanwhile_and_the_selection() {
    let mut fx = fixture(120, 20);
    let snapshot: Vec<ArticleRow> = fx.store.list(&ListFilter::default()).unwrap();
    fx.app.update(key('j'));
    fx.app.update(key('j'));
    let sel = fx.app.stream.selected().unwrap().id;
    // The user stars it while the load runs (the snapshot predates that).
    assert_eq!(fx.app.update(key('s')), vec![Effect::SetStarred(sel, true)]);
    // A poll delivers an article while the full list is still loading…
    let fresh = arrival(&fx, 55_555, 300);
    deliver(&mut fx, vec![fresh]);
    // …then the older snapshot lands: nothing is lost, the selection stays.
    fx.app.update(Msg::ArticlesLoaded(snapshot));
    assert_eq!(fx.app.stream.len(), 53);
    assert!(fx.app.stream.all().any(|r| r.id == ArticleId(55_555)));
    assert_eq!(fx.app.stream.selected().unwrap().id, sel);
    assert!(fx.app.stream.selected().unwrap().starred, "user state from before the load survives");
}

//! Every real-world feed in ../shared/feeds through the parser (and the extractor), plus
//! the known parser crashers in ../shared/fuzz. Skips with a notice when ../shared is absent.

mod support;

use std::path::Path;
use std::sync::OnceLock;

use geowatch::config::Config;
use geowatch::extract::Extractor;
use geowatch::feed::parse::ParseError;
use geowatch::feed::{ParsedFeed, parse_feed};
use support::{shared_dir, shared_feed};

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| {
        let cfg = Config::parse(geowatch::cli::DEFAULT_CONFIG, "x").expect("built-in config");
        geowatch::cli::extractor_for(&cfg).expect("extractor")
    })
}

fn parse(shared: &Path, name: &str) -> ParsedFeed {
    parse_feed(&shared_feed(shared, name), None, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn feed_files(shared: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(shared.join("feeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "INDEX.md")
        .collect();
    names.sort();
    names
}

fn ts(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

/// Canonical names the extractor finds in an item (title and text, as the poller does).
fn entities_of(title: &str, text: &str, lang: Option<&str>) -> Vec<String> {
    let doc = format!("{title}\n\n{text}");
    let ex = extractor().extract(&doc, lang);
    for e in &ex.entities {
        for m in &e.mentions {
            let surface = doc.get(m.start..m.end);
            assert!(surface.is_some_and(|s| !s.trim().is_empty()), "bad span for {} in {title:?}: {surface:?}", e.name);
        }
    }
    ex.entities.into_iter().map(|e| e.name.to_string()).collect()
}

#[test]
fn every_feed_parses_to_titled_linked_items_or_a_clear_error() {
    let Some(shared) = shared_dir("every_feed_parses_to_titled_linked_items_or_a_clear_error") else { return };
    let files = feed_files(&shared);
    assert!(files.len() >= 30, "expected the whole fixture set, got {}", files.len());
    // Documents that are broken beyond repair; uol_pt.xml has its own test below.
    let may_fail = ["reuters-invalid_en.xml", "dylanharris-malformed_en.xml", "uol_pt.xml"];
    for name in &files {
        match parse_feed(&shared_feed(&shared, name), None, None) {
            Ok(feed) => {
                assert!(!feed.items.is_empty() || may_fail.contains(&name.as_str()), "{name}: no items");
                for (i, it) in feed.items.iter().enumerate() {
                    assert!(!it.title.trim().is_empty(), "{name} item {i}: empty title");
                    assert!(!it.link.trim().is_empty(), "{name} item {i} ({}): empty link", it.title);
                    assert!(!it.title.contains('\u{FFFD}'), "{name} item {i}: replacement char in {:?}", it.title);
                    assert!(!it.title.chars().any(char::is_control), "{name} item {i}: control char in {:?}", it.title);
                }
            }
            Err(e) => {
                assert!(may_fail.contains(&name.as_str()), "{name}: {e}");
                assert!(!e.to_string().trim().is_empty(), "{name}: error without a message");
            }
        }
    }
}

#[test]
fn item_counts_match_the_index() {
    let Some(shared) = shared_dir("item_counts_match_the_index") else { return };
    let expected = [
        ("bbc-world_en.xml", 33),
        ("nyt-world_en.xml", 57),
        ("aljazeera_en.xml", 25),
        ("dw_en.rdf", 141),
        ("economist-asia_en.xml", 300),
        ("almonitor_en.xml", 20),
        ("ndtv_en.xml", 20),
        ("humanwhocodes_en.json", 10),
        ("orf_de.rdf", 50),
        ("moscowtimes_en.xml", 50),
        ("tpm_en.atom", 20),
        ("time-world_en.xml", 100),
        ("retriever-intranet30_no.xml", 30),
        ("jn_pt.xml", 40),
        ("inovacao_pt.xml", 1),
        ("yandex-moscow_ru.xml", 15),
    ];
    for (name, n) in expected {
        let f = parse(&shared, name);
        assert_eq!(f.items.len(), n, "{name}");
        assert_eq!(f.dropped, 0, "{name}");
    }
}

#[test]
fn orenburg_windows1251_with_userland_namespace() {
    let Some(shared) = shared_dir("orenburg_windows1251_with_userland_namespace") else { return };
    let f = parse(&shared, "orenburg_ru.xml");
    assert_eq!(f.encoding, "windows-1251");
    assert_eq!(f.items.len(), 10);
    assert_eq!(f.title, "Новости Оренбурга и области / Раздел Новости");
    assert_eq!(f.items[0].title, "В Бузулуке главные стройплощадки – детсад и Ледовый дворец");
    for it in &f.items {
        assert!(it.title.chars().any(|c| ('\u{400}'..='\u{4FF}').contains(&c)), "not Cyrillic: {:?}", it.title);
        assert!(it.published.is_some(), "undated: {}", it.title);
    }
}

#[test]
fn qqnews_gb2312_items_all_dated() {
    let Some(shared) = shared_dir("qqnews_gb2312_items_all_dated") else { return };
    let f = parse(&shared, "qqnews_zh.xml");
    assert_eq!(f.items.len(), 20);
    assert_eq!(f.items[0].title, "习近平为何如此强调崇尚英雄？");
    let dates: Vec<i64> = f.items.iter().map(|i| i.published.unwrap_or_else(|| panic!("undated: {}", i.title))).collect();
    assert_eq!(dates.iter().max(), Some(&ts("2018-09-18T14:38:10Z")));
    assert!(dates.iter().all(|d| (ts("2018-09-17T00:00:00Z")..ts("2018-09-19T00:00:00Z")).contains(d)), "{dates:?}");
}

#[test]
fn uol_latin1_without_declaration_and_portuguese_dates() {
    let Some(shared) = shared_dir("uol_latin1_without_declaration_and_portuguese_dates") else { return };
    let f = parse(&shared, "uol_pt.xml");
    assert_eq!(f.items.len(), 15);
    assert_eq!(f.title, "UOL Noticias");
    assert!(f.items.iter().any(|i| i.title == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"));
    // "Seg, 24 Set 2018 19:42:40 -0300"
    assert_eq!(f.items[0].published, Some(ts("2018-09-24T22:42:40Z")));
    assert!(f.items.iter().all(|i| i.published.is_some()));
}

#[test]
fn utf16_declaration_on_utf8_bytes() {
    let Some(shared) = shared_dir("utf16_declaration_on_utf8_bytes") else { return };
    let f = parse(&shared, "eliotjones-utf16lie_en.xml");
    assert_eq!(f.encoding, "UTF-8");
    assert_eq!(f.items.len(), 59);
}

#[test]
fn latin1_feeds_decode_accents() {
    let Some(shared) = shared_dir("latin1_feeds_decode_accents") else { return };
    let jn = parse(&shared, "jn_pt.xml");
    assert_eq!(jn.title, "Jornal de Notícias - Últimas Notícias");
    assert!(jn.items.iter().any(|i| i.title == "Reações dos partidos ao veto de Marcelo"), "{:?}", jn.items[1].title);
    let no = parse(&shared, "retriever-intranet30_no.xml");
    assert!(no.items.iter().any(|i| i.title == "SVART MÅNAD - DÖDSOLYCKA i Vetlanda"));
    assert!(no.items.iter().any(|i| i.title == "Green Cargo - en miljöbov som orsakar hörselskador och bränder"));
    let ino = parse(&shared, "inovacao_pt.xml");
    assert_eq!(ino.items[0].title, "Revolução nas telas com pontos quânticos impressos em 3D");
}

#[test]
fn mojibake_lemonde_is_repaired() {
    let Some(shared) = shared_dir("mojibake_lemonde_is_repaired") else { return };
    let good = parse(&shared, "lemonde_fr.xml");
    let bad = parse(&shared, "lemonde_fr.mojibake.xml");
    let titles = |f: &ParsedFeed| f.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&bad), titles(&good));
    assert_eq!(bad.title, good.title);
    assert!(titles(&good).iter().any(|t| t == "Piratage imputé à la Russie : Poutine mis en cause, Trump minimise"));
}

#[test]
fn broken_documents_error_cleanly() {
    let Some(shared) = shared_dir("broken_documents_error_cleanly") else { return };
    match parse_feed(&shared_feed(&shared, "reuters-invalid_en.xml"), None, None) {
        Err(e) => assert!(matches!(e, ParseError::Invalid(_)), "{e:?}"),
        Ok(f) => assert!(f.items.is_empty(), "truncated document gave {} items", f.items.len()),
    }
    match parse_feed(&shared_feed(&shared, "dylanharris-malformed_en.xml"), None, None) {
        Ok(f) => assert!(!f.items.is_empty(), "parsed but no items"),
        Err(e) => assert!(matches!(e, ParseError::Invalid(_)), "{e:?}"),
    }
    assert_eq!(parse_feed(b"  \n\t ", None, None), Err(ParseError::Empty));
}

#[test]
fn fuzz_crashers_are_contained() {
    let Some(shared) = shared_dir("fuzz_crashers_are_contained") else { return };
    let mut n = 0;
    for e in std::fs::read_dir(shared.join("fuzz")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "xml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| parse_feed(&bytes, None, None));
        let r = r.unwrap_or_else(|_| panic!("{}: panic escaped parse_feed", path.display()));
        assert!(matches!(r, Err(ParseError::Panicked(_)) | Err(ParseError::Invalid(_))), "{}: {r:?}", path.display());
        // Also with a contradicting HTTP charset.
        let r = std::panic::catch_unwind(|| parse_feed(&bytes, Some("gb2312"), None)).expect("panic escaped");
        assert!(r.is_err() || r.is_ok_and(|f| f.items.iter().all(|i| !i.title.is_empty())));
        n += 1;
    }
    assert!(n >= 2, "fuzz inputs missing");
}

#[test]
fn bom_files_and_iso_dates() {
    let Some(shared) = shared_dir("bom_files_and_iso_dates") else { return };
    let orf = parse(&shared, "orf_de.rdf");
    assert_eq!(orf.format, "RSS 1.0");
    assert!(!orf.title.starts_with('\u{feff}'));
    assert!(orf.items.iter().all(|i| i.published.is_some()));
    let mt = parse(&shared, "moscowtimes_en.xml");
    assert_eq!(mt.items.len(), 50);
    let al = parse(&shared, "almonitor_en.xml");
    assert!(al.items.iter().all(|i| i.published.is_some()));
    // "2026-02-17T17:36:36-0500"
    assert_eq!(al.items[0].published, Some(ts("2026-02-17T22:36:36Z")));
    let ndtv = parse(&shared, "ndtv_en.xml");
    assert!(ndtv.items.iter().all(|i| i.published.is_some() && i.link.starts_with("http")), "CDATA link/date");
}

#[test]
fn extraction_finds_tracked_actors_in_real_feeds() {
    let Some(shared) = shared_dir("extraction_finds_tracked_actors_in_real_feeds") else { return };
    let has = |file: &str, lang: Option<&str>, who: &str| {
        let f = parse(&shared, file);
        assert!(
            f.items.iter().any(|i| entities_of(&i.title, &i.text, lang).iter().any(|n| n == who)),
            "{file}: no item mentions {who}"
        );
    };
    has("economist-asia_en.xml", Some("en"), "Kim Jong Un");
    has("lemonde_fr.xml", Some("fr"), "Vladimir Putin");
    has("lemonde_fr.mojibake.xml", None, "Vladimir Putin");
    has("20minutos_es.rdf", Some("es"), "Vladimir Putin");
    has("wsj-world_en.xml", Some("en"), "North Korea");
    has("wsj-world_en.xml", Some("en"), "Kim Jong Un");
    has("qqnews_zh.xml", Some("zh"), "Xi Jinping");
}

#[test]
fn every_item_of_every_feed_extracts_with_valid_spans() {
    let Some(shared) = shared_dir("every_item_of_every_feed_extracts_with_valid_spans") else { return };
    let mut items = 0;
    for name in feed_files(&shared) {
        let Ok(f) = parse_feed(&shared_feed(&shared, &name), None, None) else { continue };
        for it in &f.items {
            entities_of(&it.title, &it.text, None);
            items += 1;
        }
    }
    assert!(items > 1000, "{items}");
}

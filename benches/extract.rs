//! Entity extraction throughput on news text, one core: `cargo bench --bench extract`.
//! Prints MB/s for the whole extraction (language detection, folding, matching, discovery,
//! coreference), knowledge-base load time and the memory it takes. `GW_DUMP_CORPUS=FILE`
//! also writes the documents (separated by a line holding U+001E) for profiling.

use std::time::Instant;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Article texts: the demo feeds, the eval corpus and, when present, ../shared/feeds.
fn corpus() -> Vec<String> {
    let mut docs = Vec::new();
    let mut add_feed = |bytes: &[u8]| {
        if let Ok(f) = geowatch::feed::parse_feed(bytes, None, None) {
            docs.extend(f.items.into_iter().map(|i| format!("{}\n\n{}", i.title, i.text)));
        }
    };
    for (_, _, b) in geowatch::demo::documents() {
        add_feed(b);
    }
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/feeds");
    match std::fs::read_dir(&shared) {
        Ok(rd) => {
            for e in rd.flatten() {
                if let Ok(b) = std::fs::read(e.path()) {
                    add_feed(&b);
                }
            }
        }
        Err(_) => eprintln!("note: {} not found; benchmarking on the project's own text only", shared.display()),
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(eval) = geowatch::eval::load_corpus(&root.join("eval/corpus")) {
        docs.extend(eval.into_iter().map(|d| d.text));
    }
    docs
}

fn main() {
    let before = rss_kb();
    let t = Instant::now();
    let cfg = geowatch::config::Config::parse(geowatch::cli::DEFAULT_CONFIG, "feeds.toml").expect("built-in config");
    let ex = geowatch::cli::extractor_for(&cfg).expect("knowledge base");
    // The matcher compiles in the background; the first extraction waits for it.
    std::hint::black_box(ex.extract("warm-up", Some("en")));
    let load = t.elapsed();
    let kb_mem = rss_kb().saturating_sub(before);
    // The load, step by step.
    let t = Instant::now();
    let mut kb = geowatch::extract::kb::Kb::builtin();
    let parse = t.elapsed();
    kb.add_actors(&cfg.actors);
    let actors = t.elapsed() - parse;
    let t2 = Instant::now();
    let _m = geowatch::extract::matcher::Matcher::new(&kb);
    println!(
        "  load steps: parse TSV {:.1} ms, merge actors {:.1} ms, compile matcher {:.1} ms",
        parse.as_secs_f64() * 1e3,
        actors.as_secs_f64() * 1e3,
        t2.elapsed().as_secs_f64() * 1e3
    );
    let docs = corpus();
    if let Some(p) = std::env::var_os("GW_DUMP_CORPUS") {
        let _ = std::fs::write(p, docs.join("\n\u{1e}\n"));
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    // Warm up, then repeat until at least ~50 MB went through.
    for d in &docs {
        std::hint::black_box(ex.extract(d, None));
    }
    let rounds = (50_000_000 / bytes.max(1)).max(3);
    let t = Instant::now();
    let mut entities = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            entities += std::hint::black_box(ex.extract(d, None)).entities.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let total = (bytes * rounds) as f64;
    println!(
        "knowledge base: {} entities, loaded in {:.1} ms, ~{} MB RSS",
        ex.kb().entities.len(),
        load.as_secs_f64() * 1e3,
        kb_mem / 1024
    );
    println!("corpus: {} documents, {:.2} MB, {} rounds", docs.len(), bytes as f64 / 1e6, rounds);
    println!(
        "extract: {:.1} MB/s on one core ({:.0} docs/s, {:.1} entities/doc)",
        total / secs / 1e6,
        (docs.len() * rounds) as f64 / secs,
        entities as f64 / (docs.len() * rounds) as f64
    );
    // Where the time goes, stage by stage.
    // One warm-up pass (lazy tables), then enough rounds for a steady figure.
    let stage = |name: &str, f: &dyn Fn(&str)| {
        docs.iter().for_each(|d| f(d));
        let t = Instant::now();
        for _ in 0..rounds.div_ceil(3) {
            docs.iter().for_each(|d| f(d));
        }
        let mb = (bytes * rounds.div_ceil(3)) as f64 / 1e6;
        println!("  stage {name:<12} {:>7.1} MB/s", mb / t.elapsed().as_secs_f64());
    };
    stage("language", &|d| {
        std::hint::black_box(ex.detect_language(d));
    });
    // Folding and splitting into words are one pass (`tokenize`); matching runs on its output.
    stage("fold+words", &|d| {
        std::hint::black_box(geowatch::extract::discover::tokenize(d));
    });
    let m = geowatch::extract::matcher::Matcher::new(ex.kb());
    stage("+match", &|d| {
        let toks = geowatch::extract::discover::tokenize(d);
        std::hint::black_box(m.find(d, &toks));
    });
    stage("+discover", &|d| {
        let toks = geowatch::extract::discover::tokenize(d);
        let covered = vec![false; toks.len()];
        std::hint::black_box(geowatch::extract::discover::discover(d, &toks, &covered, "en"));
    });
    // Hint language (as feeds with `lang` set): detection skipped.
    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(ex.extract(d, Some("en")));
    }
    println!("extract with a language hint: {:.1} MB/s", bytes as f64 / t.elapsed().as_secs_f64() / 1e6);
}

//! The real `geowatch` binary end to end: poll against a loopback server and file:// feeds,
//! list, check, extract, and the no-terminal and --version paths.

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{Resp, Server};

const KOREA: &[u8] = include_bytes!("../demo/korea-watch_en.xml");
const BIN: &str = env!("CARGO_BIN_EXE_geowatch");

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd` with `stdin`; kills it after a generous safety limit.
fn run(cwd: &Path, args: &[&str], stdin: &[u8]) -> Out {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("GEOWATCH_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn geowatch");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("geowatch {args:?} did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().unwrap();
    let text = |h: std::thread::JoinHandle<Vec<u8>>| String::from_utf8(h.join().unwrap()).expect("UTF-8 output");
    Out { code: status.code().expect("exit code"), stdout: text(out), stderr: text(err) }
}

const ACTORS: &str = r#"
[[actor]]
name = "Kim Jong Un"
kind = "person"
aliases = ["Kim Jong-un"]

[[actor]]
name = "Vladimir Putin"
kind = "person"
aliases = ["Putin", "Poutine", "Vladimir Poutine"]
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn feed_toml(name: &str, url: &str, extra: &str) -> String {
    format!("\n[[feed]]\nname = \"{name}\"\nurl = \"{url}\"\n{extra}\n")
}

/// Parses `N feeds: X ok, Y not modified, Z failed; M new articles (T.TTs)` from stderr.
fn summary(stderr: &str) -> [usize; 5] {
    let line = stderr.lines().find(|l| l.contains(" feeds: ")).unwrap_or_else(|| panic!("no summary line in {stderr:?}"));
    let nums: Vec<usize> =
        line.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    assert!(nums.len() >= 5, "{line}");
    let n = [nums[0], nums[1], nums[2], nums[3], nums[4]];
    let expected = format!("{} feeds: {} ok, {} not modified, {} failed; {} new articles (", n[0], n[1], n[2], n[3], n[4]);
    assert!(line.starts_with(&expected) && line.ends_with("s)"), "bad summary format: {line:?}");
    n
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

fn tracked(v: &Value) -> Vec<&str> {
    v["tracked"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect()
}

#[test]
fn poll_once_json_then_list_tracked() {
    let (_rt, srv) = Server::start_background();
    srv.route("/korea", Resp::xml(KOREA).gzip().header("ETag", "\"k1\""));
    srv.route("/e500", Resp::status(500));
    let dir = tempfile::tempdir().unwrap();
    let monde = url::Url::from_file_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/monde-international_fr.xml")).unwrap();
    let mut cfg = String::from("[settings]\ntimeout = \"5s\"\nmax_response = \"1MiB\"\n");
    cfg += &feed_toml("Korea", &srv.url("/korea"), "");
    cfg += &feed_toml("Monde", monde.as_str(), "lang = \"fr\"");
    cfg += &feed_toml("Broken", &srv.url("/e500"), "");
    cfg += &feed_toml("Off", &srv.url("/off"), "enabled = false");
    cfg += ACTORS;
    let config = write(dir.path(), "feeds.toml", &cfg);
    let db = dir.path().join("data/g.db");
    let (c, d) = (config.to_str().unwrap(), db.to_str().unwrap());

    let out = run(dir.path(), &["--config", c, "--db", d, "poll", "--once", "--json"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let arts = json_lines(&out.stdout);
    assert_eq!(arts.len(), 9 + 8, "{}", out.stdout);
    assert_eq!(summary(&out.stderr), [3, 2, 0, 1, 17]);
    assert!(out.stderr.contains(&format!("Broken <{}>: HTTP 500", srv.url("/e500"))), "{}", out.stderr);
    assert_eq!(srv.hits("/off"), 0, "disabled feed polled");
    let mut ids = Vec::new();
    for a in &arts {
        let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        for k in ["id", "feed", "title", "link", "published", "language", "tracked", "entities"] {
            assert!(keys.contains(&k), "missing {k} in {a}");
        }
        ids.push(a["id"].as_i64().unwrap());
        assert!(chrono::DateTime::parse_from_rfc3339(a["published"].as_str().unwrap()).is_ok(), "{a}");
        assert!(a["link"].as_str().unwrap().starts_with("https://demo.geowatch.invalid/"), "{a}");
        let lang = if a["feed"] == "Monde" { "fr" } else { "en" };
        assert_eq!(a["language"], lang, "{a}");
        for e in a["entities"].as_array().unwrap() {
            assert!(e["name"].is_string() && e["kind"].is_string() && e["count"].as_u64().unwrap() >= 1, "{e}");
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 17, "ids are unique");
    let find = |t: &str| arts.iter().find(|a| a["title"].as_str().unwrap().starts_with(t)).unwrap_or_else(|| panic!("no {t}"));
    let kim = find("Kim Jong Un inspects munitions complex");
    assert_eq!((kim["feed"].as_str(), tracked(kim)), (Some("Korea"), vec!["Kim Jong Un"]));
    let putin = find("Vladimir Poutine promet");
    assert_eq!(putin["feed"], "Monde");
    assert!(tracked(putin).contains(&"Vladimir Putin"), "{putin}");
    assert!(putin["entities"].as_array().unwrap().iter().any(|e| e["name"] == "Vladimir Putin" && e["tracked"] == true));
    let zone = find("Zone euro");
    assert!(tracked(zone).is_empty(), "{zone}");

    // Second run: the HTTP feed is not modified, the file is re-read, nothing is new.
    let out = run(dir.path(), &["--config", c, "--db", d, "poll", "--once", "--json"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(summary(&out.stderr), [3, 1, 1, 1, 0]);
    assert_eq!(srv.requests("/korea")[1].get("if-none-match").map(String::as_str), Some("\"k1\""));

    let out = run(dir.path(), &["--config", c, "--db", d, "list", "--json", "--tracked"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let listed = json_lines(&out.stdout);
    let want = arts.iter().filter(|a| !tracked(a).is_empty()).count();
    assert!(want >= 2);
    assert_eq!(listed.len(), want);
    for l in &listed {
        assert!(!tracked(l).is_empty(), "{l}");
        assert_eq!((l["read"].as_bool(), l["starred"].as_bool()), (Some(false), Some(false)), "{l}");
    }
    assert!(listed.iter().any(|l| l["id"] == kim["id"]) && listed.iter().any(|l| l["id"] == putin["id"]));
    assert!(listed.windows(2).all(|w| w[0]["published"].as_str() >= w[1]["published"].as_str()), "newest first");

    let out = run(dir.path(), &["--config", c, "--db", d, "list", "--json", "--actor", "Vladimir Putin", "--limit", "100"], b"");
    let by_actor = json_lines(&out.stdout);
    assert!(!by_actor.is_empty() && by_actor.iter().all(|l| tracked(l).contains(&"Vladimir Putin")), "{}", out.stdout);
    // Any spelling the knowledge base knows selects the same actor.
    let out = run(dir.path(), &["--config", c, "--db", d, "list", "--json", "--actor", "Путин", "--limit", "100"], b"");
    assert_eq!(json_lines(&out.stdout).len(), by_actor.len(), "{}", out.stdout);
}

#[test]
fn poll_exits_1_when_every_feed_fails() {
    let (_rt, srv) = Server::start_background();
    srv.route("/e500", Resp::status(500));
    srv.route("/e429", Resp::status(429).header("Retry-After", "120"));
    let dir = tempfile::tempdir().unwrap();
    let missing = url::Url::from_file_path(dir.path().join("nope.xml")).unwrap();
    let cfg =
        feed_toml("A", &srv.url("/e500"), "") + &feed_toml("B", &srv.url("/e429"), "") + &feed_toml("C", missing.as_str(), "");
    let config = write(dir.path(), "feeds.toml", &cfg);
    let db = dir.path().join("g.db");
    let out =
        run(dir.path(), &["--config", config.to_str().unwrap(), "--db", db.to_str().unwrap(), "poll", "--once", "--json"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(summary(&out.stderr), [3, 0, 0, 3, 0]);
    assert!(out.stderr.contains("HTTP 429 (retry after 120s)"), "{}", out.stderr);
    assert!(out.stderr.contains("nope.xml"), "{}", out.stderr);
}

#[test]
fn check_points_at_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let inline = "feed = [{ name = \"Été à Genève\", url = \"https://a.org/\", interval = \"soon\" }]\n";
    let inline_col = inline[..inline.find("\"soon\"").unwrap()].chars().count() + 1;
    let cases: [(&str, &str, usize, usize, &str); 6] = [
        ("unknown.toml", "[settings]\ninterval = \"5m\"\nintervall = \"5m\"\n", 3, 1, "intervall"),
        ("duration.toml", "[[feed]]\nname = \"A\"\nurl = \"https://a.org/\"\ninterval = \"soon\"\n", 4, 12, "soon"),
        (
            "dup.toml",
            "[[feed]]\nname = \"A\"\nurl = \"https://a.org/\"\n[[feed]]\nname = \"a\"\nurl = \"https://b.org/\"\n",
            5,
            8,
            "duplicate",
        ),
        ("url.toml", "[[feed]]\nname = \"A\"\nurl = \"not a url\"\n", 3, 7, "invalid URL"),
        ("scheme.toml", "[[feed]]\nname = \"A\"\nurl = \"ftp://a.org/x\"\n", 3, 7, "scheme"),
        ("inline.toml", inline, 1, inline_col, "soon"),
    ];
    for (file, text, line, col, word) in cases {
        let p = write(dir.path(), file, text);
        let out = run(dir.path(), &["--config", p.to_str().unwrap(), "check"], b"");
        assert_ne!(out.code, 0, "{file}: accepted");
        let first = out.stderr.lines().next().unwrap_or("");
        let prefix = format!("{}:{line}:{col}: ", p.display());
        assert!(first.starts_with(&prefix), "{file}: expected {prefix:?}, got {first:?}");
        assert!(first.contains(word), "{file}: {first}");
    }
    let good = write(dir.path(), "good.toml", &(feed_toml("A", "https://a.org/rss", "lang = \"en\"") + ACTORS));
    let out = run(dir.path(), &["--config", good.to_str().unwrap(), "check"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("OK") && out.stdout.contains("1 feeds") && out.stdout.contains("2 tracked actors"),
        "{}",
        out.stdout
    );
}

#[test]
fn extract_json_offsets_index_the_input_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "feeds.toml", ACTORS);
    let c = config.to_str().unwrap();
    let text = "Le président Vladimir Poutine a reçu Kim Jong Un à Moscou ; « Poutine » a salué l'amitié russo-coréenne.\n";
    let out = run(dir.path(), &["--config", c, "extract", "--json", "--lang", "fr"], text.as_bytes());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(v["language"], "fr");
    let ents = v["entities"].as_array().unwrap();
    let mut seen = 0;
    for e in ents {
        let ms = e["mentions"].as_array().unwrap();
        assert_eq!(e["count"].as_u64(), Some(ms.len() as u64), "{e}");
        for m in ms {
            let (s, end) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(text.as_bytes().get(s..end), Some(m["text"].as_str().unwrap().as_bytes()), "{m}");
            seen += 1;
        }
    }
    assert!(seen >= 3);
    let get = |n: &str| ents.iter().find(|e| e["name"] == n).unwrap_or_else(|| panic!("no {n} in {v}"));
    let putin = get("Vladimir Putin");
    assert_eq!(
        (putin["tracked"].as_bool(), putin["count"].as_u64(), putin["kind"].as_str()),
        (Some(true), Some(2), Some("person"))
    );
    assert_eq!(putin["mentions"][0]["text"], "Vladimir Poutine");
    assert_eq!(get("Kim Jong Un")["tracked"], true);

    // Without --lang the language is detected; invalid UTF-8 is refused with a message.
    let out = run(
        dir.path(),
        &["--config", c, "extract", "--json"],
        b"Kim Jong Un met Vladimir Putin in Moscow on Tuesday to discuss the war.",
    );
    assert_eq!(serde_json::from_str::<Value>(out.stdout.trim()).unwrap()["language"], "en");
    let out = run(dir.path(), &["--config", c, "extract", "--json"], b"Kim \xff\xfe Jong Un");
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("not valid UTF-8") && out.stderr.contains("byte 4"), "{}", out.stderr);
}

#[test]
fn dashboard_refuses_a_non_terminal_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &[], b"");
    assert_ne!(out.code, 0);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("not a terminal") && out.stderr.contains("poll --once"), "{}", out.stderr);
}

#[test]
fn version_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--version"], b"");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, format!("geowatch {}\n", env!("CARGO_PKG_VERSION")));
    let config = write(dir.path(), "feeds.toml", ACTORS);
    let c = config.to_str().unwrap();
    let out = run(dir.path(), &["--config", c, "poll"], b"");
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("--once"), "{}", out.stderr);
    let db = dir.path().join("absent.db");
    let out = run(dir.path(), &["--config", c, "--db", db.to_str().unwrap(), "list", "--json"], b"");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no database") && !db.exists(), "{}", out.stderr);
    let out = run(dir.path(), &["--config", c, "--db", db.to_str().unwrap(), "poll", "--once"], b"");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no enabled feeds"), "{}", out.stderr);
}

#[test]
fn eval_lists_document_errors_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    // One document the engine gets half right: a hit and a miss.
    write(
        dir.path(),
        "en.toml",
        r#"[[doc]]
id = "t-1"
lang = "en"
text = "Sergey Lavrov met officials of the Zorblax Directorate in Kyiv."
entities = [
  { name = "Sergey Lavrov", kind = "person" },
  { name = "Zorblax Directorate of Nothing", kind = "organization" },
]
"#,
    );
    let corpus = dir.path().to_str().unwrap();
    let plain = run(dir.path(), &["eval", "--corpus", corpus], b"");
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(plain.stdout.contains("overall"), "{}", plain.stdout);
    assert!(!plain.stdout.contains("missed"), "errors printed unasked:\n{}", plain.stdout);
    let with = run(dir.path(), &["eval", "--corpus", corpus, "--errors"], b"");
    assert!(with.stdout.contains("t-1: missed [\"Zorblax Directorate of Nothing\"]"), "{}", with.stdout);
}

//! A tiny HTTP/1.1 test server on 127.0.0.1: hand-written on tokio's TcpListener, one
//! request per connection (`Connection: close`), routes configurable per test, and a log
//! of every request's headers per path so tests can assert conditional GETs.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One canned response. ETag / Last-Modified headers make the route conditional: a request
/// whose If-None-Match (or If-Modified-Since) matches gets `304 Not Modified`.
#[derive(Clone, Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Sleep this long before answering (to outlast the client's timeout).
    pub delay: Option<Duration>,
}

impl Resp {
    /// 200 with a body and `Content-Type`.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Resp {
        Resp { status: 200, headers: vec![("Content-Type".into(), content_type.into())], body: body.into(), delay: None }
    }
    /// 200 `application/rss+xml; charset=utf-8`.
    pub fn xml(body: impl Into<Vec<u8>>) -> Resp {
        Resp::ok("application/rss+xml; charset=utf-8", body)
    }
    /// A bare status with a short text body.
    pub fn status(status: u16) -> Resp {
        Resp {
            status,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: format!("status {status}\n").into_bytes(),
            delay: None,
        }
    }
    /// A redirect (`301`, `302`, …) to `location` (a path on this server or a full URL).
    pub fn redirect(status: u16, location: &str) -> Resp {
        Resp::status(status).header("Location", location)
    }
    pub fn header(mut self, name: &str, value: &str) -> Resp {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Compresses the body with gzip and says so in `Content-Encoding`.
    pub fn gzip(mut self) -> Resp {
        self.body = gzip(&self.body);
        self.header("Content-Encoding", "gzip")
    }
    pub fn delayed(mut self, d: Duration) -> Resp {
        self.delay = Some(d);
        self
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Gzip-compresses `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A gzip body of a few KiB that inflates to `inflated` bytes.
pub fn gzip_bomb(inflated: usize) -> Resp {
    let mut doc = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bomb</title><description>".to_vec();
    doc.resize(inflated, b' ');
    Resp::xml(doc).gzip()
}

/// Request headers (lower-cased names) as received.
pub type Headers = HashMap<String, String>;

#[derive(Default)]
struct State {
    routes: HashMap<String, Resp>,
    log: HashMap<String, Vec<Headers>>,
}

/// A running server; cheap to clone. Lives as long as the runtime it was started on.
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Binds 127.0.0.1:0 and serves on the current tokio runtime.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let server = Server { addr: listener.local_addr().unwrap(), state: Arc::default() };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.handle(sock).await;
                });
            }
        });
        server
    }

    /// Starts a server on its own multi-threaded runtime, for tests that run the binary
    /// with `std::process::Command`; keep the runtime alive while the server is needed.
    pub fn start_background() -> (tokio::runtime::Runtime, Server) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let server = rt.block_on(Server::start());
        (rt, server)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sets (or replaces) the response for `path`.
    pub fn route(&self, path: &str, resp: Resp) -> &Self {
        self.state.lock().unwrap().routes.insert(path.to_string(), resp);
        self
    }

    /// Number of requests seen for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.requests(path).len()
    }

    /// Headers of every request seen for `path`, oldest first.
    pub fn requests(&self, path: &str) -> Vec<Headers> {
        self.state.lock().unwrap().log.get(path).cloned().unwrap_or_default()
    }

    async fn handle(&self, mut sock: TcpStream) -> std::io::Result<()> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut chunk).await?;
            if n == 0 || buf.len() > 64 * 1024 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&buf).into_owned();
        let mut lines = head.split("\r\n");
        let target = lines.next().unwrap_or("").split(' ').nth(1).unwrap_or("/").to_string();
        let path = target.split('?').next().unwrap_or("/").to_string();
        let headers: Headers = lines
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let resp = {
            let mut st = self.state.lock().unwrap();
            st.log.entry(path.clone()).or_default().push(headers.clone());
            st.routes.get(&path).cloned().unwrap_or_else(|| Resp::status(404))
        };
        if let Some(d) = resp.delay {
            tokio::time::sleep(d).await;
        }
        let etag_hit =
            resp.get("ETag").is_some_and(|e| headers.get("if-none-match").is_some_and(|h| h.split(',').any(|c| c.trim() == e)));
        let lm_hit = resp.get("ETag").is_none()
            && resp.get("Last-Modified").is_some_and(|m| headers.get("if-modified-since").is_some_and(|h| h == m));
        let (status, body): (u16, &[u8]) =
            if resp.status == 200 && (etag_hit || lm_hit) { (304, b"") } else { (resp.status, &resp.body) };
        let mut out = format!("HTTP/1.1 {status} {}\r\nConnection: close\r\nContent-Length: {}\r\n", reason(status), body.len());
        for (k, v) in &resp.headers {
            if status != 304 || k.eq_ignore_ascii_case("ETag") || k.eq_ignore_ascii_case("Last-Modified") {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        out.push_str("\r\n");
        sock.write_all(out.as_bytes()).await?;
        // The client may hang up early (size cap): that is not an error of the server.
        let _ = sock.write_all(body).await;
        let _ = sock.shutdown().await;
        Ok(())
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// `../shared` beside the project, or `None` (with a printed notice) when it is missing.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("feeds").is_dir() {
        Some(dir)
    } else {
        // Written to the real stderr (not the test harness's capture) so `cargo test` shows it.
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {} not found", dir.join("feeds").display());
        None
    }
}

/// Reads `../shared/feeds/NAME`.
pub fn shared_feed(shared: &Path, name: &str) -> Vec<u8> {
    std::fs::read(shared.join("feeds").join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

/// A small RSS 2.0 document: `(guid, title, link, pubDate, description)` per item.
pub fn rss(title: &str, items: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>https://example.invalid/</link><description>test</description>\n"
    );
    for (guid, t, link, date, desc) in items {
        s.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate><description>{desc}</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

//! Loopback feed server for `benches/poll.sh` (std only, one thread per connection).
//!
//! usage: cargo run --release --example bench_server -- DIR PORT
//!
//! Serves DIR/*.xml, loaded into memory at start, on 127.0.0.1:PORT with HTTP/1.1
//! keep-alive, a strong ETag per file and one Last-Modified for all. If-None-Match (which
//! wins when present, RFC 9110 13.2.2) or If-Modified-Since answer 304. `GET /__stats`
//! returns the counts of 200 / 304 / 404 responses and connections as JSON. Prints
//! `ready N docs` on stdout once listening. Runs until killed.
//!
//! The Python `benches/poll/serve.py` does the same, but needs ~0.25 s of its own for 500
//! conditional GETs, which is most of geowatch's 0.3 s warm-round budget.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

struct Doc {
    etag: String,
    /// The full 200 response: status line, headers and body, sent with one write.
    full: Vec<u8>,
    /// The full 304 response.
    not_modified: Vec<u8>,
}

#[derive(Default)]
struct Stats {
    ok: AtomicUsize,
    not_modified: AtomicUsize,
    not_found: AtomicUsize,
    connections: AtomicUsize,
}

struct Site {
    docs: HashMap<String, Doc>,
    mtime: i64,
    stats: Stats,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: bench_server DIR PORT");
        std::process::exit(2);
    }
    let mtime = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64 - 86_400;
    let last_modified = http_date(mtime);
    let mut docs = HashMap::new();
    for entry in std::fs::read_dir(&args[1]).expect("cannot read DIR") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let body = std::fs::read(&path).expect("cannot read a feed");
        let etag = format!("\"{:016x}-{:x}\"", fnv1a(&body), body.len());
        let mut full = format!(
            "HTTP/1.1 200 OK\r\nServer: gw-bench\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {}\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        full.extend_from_slice(&body);
        let not_modified =
            format!("HTTP/1.1 304 Not Modified\r\nServer: gw-bench\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n\r\n")
                .into_bytes();
        let name = format!("/{}", path.file_name().unwrap().to_string_lossy());
        docs.insert(name, Doc { etag, full, not_modified });
    }
    let site = Arc::new(Site { docs, mtime, stats: Stats::default() });
    let listener = TcpListener::bind(("127.0.0.1", args[2].parse::<u16>().expect("bad PORT"))).expect("cannot bind");
    println!("ready {} docs", site.docs.len());
    let _ = std::io::stdout().flush();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let site = site.clone();
        site.stats.connections.fetch_add(1, Ordering::Relaxed);
        std::thread::spawn(move || {
            let _ = serve(stream, &site);
        });
    }
}

/// Serves requests on one connection until the client closes it or asks to.
fn serve(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut rd = BufReader::with_capacity(16 * 1024, stream);
    let mut line = String::new();
    loop {
        line.clear();
        if rd.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let request = line.trim_end().to_string();
        if request.is_empty() {
            continue; // stray CRLF between requests
        }
        let mut parts = request.split_whitespace();
        let (method, target, version) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or("/"), parts.next().unwrap_or("HTTP/1.0"));
        let (mut inm, mut ims, mut close, mut body_len) = (None, None, version == "HTTP/1.0", 0usize);
        loop {
            line.clear();
            if rd.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let h = line.trim_end();
            if h.is_empty() {
                break;
            }
            let Some((k, v)) = h.split_once(':') else { continue };
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "if-none-match" => inm = Some(v.to_string()),
                "if-modified-since" => ims = Some(v.to_string()),
                "content-length" => body_len = v.parse().unwrap_or(0),
                "connection" => {
                    let v = v.to_ascii_lowercase();
                    close = v.contains("close") || (version == "HTTP/1.0" && !v.contains("keep-alive"));
                }
                _ => {}
            }
        }
        if body_len > 0 {
            std::io::copy(&mut (&mut rd).take(body_len as u64), &mut std::io::sink())?;
        }
        let path = target.split('?').next().unwrap_or("/");
        if path == "/__stats" {
            let s = &site.stats;
            let body = format!(
                "{{\"200\": {}, \"304\": {}, \"404\": {}, \"connections\": {}}}",
                s.ok.load(Ordering::Relaxed),
                s.not_modified.load(Ordering::Relaxed),
                s.not_found.load(Ordering::Relaxed),
                s.connections.load(Ordering::Relaxed)
            );
            out.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
                    .as_bytes(),
            )?;
        } else if let Some(doc) = site.docs.get(path) {
            let fresh = match (&inm, &ims) {
                (Some(inm), _) => inm
                    .split(',')
                    .map(str::trim)
                    .any(|t| t == "*" || t == doc.etag || t.strip_prefix("W/") == Some(doc.etag.as_str())),
                (None, Some(ims)) => parse_http_date(ims).is_some_and(|t| t >= site.mtime),
                (None, None) => false,
            };
            if fresh {
                site.stats.not_modified.fetch_add(1, Ordering::Relaxed);
                out.write_all(&doc.not_modified)?;
            } else if method == "HEAD" {
                site.stats.ok.fetch_add(1, Ordering::Relaxed);
                let head_end = doc.full.windows(4).position(|w| w == b"\r\n\r\n").map_or(doc.full.len(), |p| p + 4);
                out.write_all(&doc.full[..head_end])?;
            } else {
                site.stats.ok.fetch_add(1, Ordering::Relaxed);
                out.write_all(&doc.full)?;
            }
        } else {
            site.stats.not_found.fetch_add(1, Ordering::Relaxed);
            out.write_all(b"HTTP/1.1 404 Not Found\r\nServer: gw-bench\r\nContent-Length: 0\r\n\r\n")?;
        }
        if close {
            return Ok(());
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of a Unix time.
fn http_date(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Unix time of an IMF-fixdate; None for the obsolete formats (then the request is not fresh).
fn parse_http_date(s: &str) -> Option<i64> {
    let f: Vec<&str> = s.split_whitespace().collect();
    if f.len() != 6 || f[5] != "GMT" {
        return None;
    }
    let d: i64 = f[1].parse().ok()?;
    let m = MONTHS.iter().position(|&n| n == f[2])? as i64 + 1;
    let y: i64 = f[3].parse().ok()?;
    let hms: Vec<i64> = f[4].split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if hms.len() != 3 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2])
}

// Howard Hinnant's civil-calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

//! HTTP(S) fetching with reqwest (rustls): conditional GET, decompression, redirect limit,
//! connect and total timeouts, and a cap on decompressed bytes enforced while streaming.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};

use super::{FetchError, FetchRequest, Fetched, backoff::parse_retry_after};

/// A shared HTTP client with the configured limits.
#[derive(Clone)]
pub struct HttpFetcher {
    client: reqwest::Client,
    max_bytes: u64,
    timeout: Duration,
}

impl HttpFetcher {
    pub fn new(user_agent: &str, timeout: Duration, max_bytes: u64) -> Result<HttpFetcher, FetchError> {
        Self::with_pool(user_agent, timeout, max_bytes, 4)
    }

    /// As [`HttpFetcher::new`], keeping up to `idle_per_host` idle connections per host
    /// (match it to the per-host concurrency so rounds reuse connections).
    pub fn with_pool(
        user_agent: &str,
        timeout: Duration,
        max_bytes: u64,
        idle_per_host: usize,
    ) -> Result<HttpFetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_max_idle_per_host(idle_per_host)
            .build()
            .map_err(|e| FetchError::Other(format!("HTTP client: {e}")))?;
        Ok(HttpFetcher { client, max_bytes, timeout })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Fetches one URL.
    pub async fn fetch(&self, req: &FetchRequest) -> Result<Fetched, FetchError> {
        let mut rb = self.client.get(&req.url).header(
            reqwest::header::ACCEPT,
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        );
        if let Some(e) = &req.etag {
            rb = rb.header(IF_NONE_MATCH, e);
        }
        if let Some(m) = &req.last_modified {
            rb = rb.header(IF_MODIFIED_SINCE, m);
        }
        let mut resp = rb.send().await.map_err(|e| self.classify(e))?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let retry_after = resp
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
            return Err(FetchError::Status { status: status.as_u16(), retry_after });
        }
        let header =
            |name| resp.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(String::from);
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let charset = header(CONTENT_TYPE).and_then(|ct| {
            ct.split(';').find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches('"').to_string())
            })
        });
        // Content-Length (when present and not compressed) lets us refuse before reading.
        if resp.content_length().is_some_and(|n| n > self.max_bytes) {
            return Err(FetchError::TooLarge { limit: self.max_bytes });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
            if bytes.len() as u64 + chunk.len() as u64 > self.max_bytes {
                return Err(FetchError::TooLarge { limit: self.max_bytes });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes, charset, etag, last_modified })
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.timeout)
        } else if e.is_redirect() {
            FetchError::Redirects
        } else if e.is_connect() {
            FetchError::Connect(root_cause(&e))
        } else if e.is_decode() || e.is_body() {
            FetchError::Other(format!("bad response body: {}", root_cause(&e)))
        } else {
            FetchError::Other(root_cause(&e))
        }
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    crate::sanitize::line(&cur.to_string())
}

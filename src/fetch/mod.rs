//! Fetching feed documents: HTTP(S) with conditional GET and hard caps, `file://` and the
//! built-in `demo://` feeds. No parsing here.

pub mod backoff;
mod http;

use std::time::Duration;

pub use http::HttpFetcher;

/// What to fetch, with the validators of the last successful fetch.
#[derive(Debug, Clone, Default)]
pub struct FetchRequest {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched document.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Body { bytes: Vec<u8>, charset: Option<String>, etag: Option<String>, last_modified: Option<String> },
    NotModified,
}

/// Why a fetch failed; the message names what happened in user terms.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {status}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status { status: u16, retry_after: Option<Duration> },
    #[error("response larger than {limit} bytes; aborted")]
    TooLarge { limit: u64 },
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("too many redirects")]
    Redirects,
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// The server's requested wait, if any (429/503 with Retry-After).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Reads a `file://` URL with the same size cap as HTTP.
pub async fn fetch_file(url: &str, max_bytes: u64) -> Result<Fetched, FetchError> {
    let path = url::Url::parse(url)
        .ok()
        .and_then(|u| u.to_file_path().ok())
        .ok_or_else(|| FetchError::File { path: url.to_string(), message: "not a valid file URL".into() })?;
    let shown = path.display().to_string();
    let meta = tokio::fs::metadata(&path).await.map_err(|e| FetchError::File { path: shown.clone(), message: e.to_string() })?;
    if meta.len() > max_bytes {
        return Err(FetchError::TooLarge { limit: max_bytes });
    }
    let bytes = tokio::fs::read(&path).await.map_err(|e| FetchError::File { path: shown, message: e.to_string() })?;
    Ok(Fetched::Body { bytes, charset: None, etag: None, last_modified: None })
}

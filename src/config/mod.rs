//! `feeds.toml`: settings, feeds and tracked actors, validated with file:line:col errors.
//!
//! Config is loaded once at the edge and passed down as a value; nothing reads it globally.

mod raw;
pub mod units;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::Kind;

/// A config error pointing at the file, line and column of the offending value.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Validated settings with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub interval: Duration,
    pub concurrency: usize,
    pub per_host: usize,
    pub timeout: Duration,
    pub max_response: u64,
    pub database: Option<PathBuf>,
    pub user_agent: String,
    /// Optional extra gazetteer TSV (same format as the built-in knowledge base).
    pub gazetteer: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            interval: Duration::from_secs(600),
            concurrency: 16,
            per_host: 2,
            timeout: Duration::from_secs(20),
            max_response: 8 << 20,
            database: None,
            user_agent: format!("geowatch/{}", env!("CARGO_PKG_VERSION")),
            gazetteer: None,
        }
    }
}

impl Settings {
    /// A feed's own interval, else the default one.
    pub fn interval_of(&self, feed: &FeedConfig) -> Duration {
        feed.interval.unwrap_or(self.interval)
    }
}

/// One feed to poll.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
    pub interval: Option<Duration>,
    pub lang: Option<String>,
    pub enabled: bool,
}

/// One tracked actor: merged into the knowledge base and flagged as tracked.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorConfig {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
}

/// The whole validated config.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub settings: Settings,
    pub feeds: Vec<FeedConfig>,
    pub actors: Vec<ActorConfig>,
    /// Where it was read from (for messages); `None` for built-in configs.
    pub source: Option<PathBuf>,
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 0,
            col: 0,
            message: format!("cannot read config: {e}"),
        })?;
        let mut cfg = Config::parse(&text, &path.display().to_string())?;
        cfg.source = Some(path.to_path_buf());
        // Relative paths in the config are relative to the config file.
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [&mut cfg.settings.database, &mut cfg.settings.gazetteer].into_iter().flatten() {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(cfg)
    }

    /// Parses config text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Config, ConfigError> {
        raw::parse(text, label)
    }

    /// Feeds that are enabled.
    pub fn enabled_feeds(&self) -> impl Iterator<Item = &FeedConfig> {
        self.feeds.iter().filter(|f| f.enabled)
    }

    /// Effective poll interval of a feed.
    pub fn interval_of(&self, feed: &FeedConfig) -> Duration {
        self.settings.interval_of(feed)
    }
}

/// Where to read the config from: `--config`, else `./feeds.toml`, else the platform config dir.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let local = PathBuf::from("feeds.toml");
    if local.exists() {
        return Ok(local);
    }
    if let Some(dirs) = directories::ProjectDirs::from("", "", "geowatch") {
        let p = dirs.config_dir().join("feeds.toml");
        if p.exists() {
            return Ok(p);
        }
        return Err(format!("no config found: pass --config PATH, or create ./feeds.toml or {}", p.display()));
    }
    Err("no config found: pass --config PATH or create ./feeds.toml".into())
}

/// Where the database lives: `--db`, else `[settings] database`, else the platform data dir.
pub fn database_path(explicit: Option<&Path>, settings: &Settings) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = &settings.database {
        return p.clone();
    }
    match directories::ProjectDirs::from("", "", "geowatch") {
        Some(d) => d.data_dir().join("geowatch.db"),
        None => PathBuf::from("geowatch.db"),
    }
}

/// Converts a byte offset in `text` to 1-based line and column (in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

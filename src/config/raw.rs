//! The raw serde shape of `feeds.toml` and its validation into [`super::Config`].

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::units::{parse_duration, parse_size};
use super::{ActorConfig, Config, ConfigError, FeedConfig, Settings, line_col};
use crate::model::Kind;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    settings: Option<RawSettings>,
    #[serde(default)]
    feed: Vec<RawFeed>,
    #[serde(default)]
    actor: Vec<RawActor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    interval: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    per_host: Option<Spanned<i64>>,
    timeout: Option<Spanned<String>>,
    max_response: Option<Spanned<String>>,
    database: Option<String>,
    user_agent: Option<Spanned<String>>,
    gazetteer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    name: Spanned<String>,
    url: Spanned<String>,
    #[serde(default)]
    tags: Vec<String>,
    interval: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    name: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
}

struct Ctx<'a> {
    text: &'a str,
    label: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let (line, col) = line_col(self.text, span.start);
        ConfigError { path: self.label.to_string(), line, col, message: message.into() }
    }
}

pub(super) fn parse(text: &str, label: &str) -> Result<Config, ConfigError> {
    let ctx = Ctx { text, label };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.err(span, e.message().trim().to_string())
    })?;
    let settings = settings(&ctx, raw.settings)?;
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut feeds = Vec::with_capacity(raw.feed.len());
    for f in raw.feed {
        let name = f.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ctx.err(f.name.span(), "feed name is empty"));
        }
        if let Some(first) = seen.get(&name.to_lowercase()) {
            let (l, _) = line_col(text, first.start);
            return Err(ctx.err(f.name.span(), format!("duplicate feed name `{name}` (first defined on line {l})")));
        }
        seen.insert(name.to_lowercase(), f.name.span());
        let url = check_url(&ctx, &f.url)?;
        let interval = match f.interval {
            Some(s) => Some(parse_duration(s.get_ref()).map_err(|m| ctx.err(s.span(), m))?),
            None => None,
        };
        let lang = match f.lang {
            Some(l) => {
                let v = l.get_ref().trim().to_ascii_lowercase();
                if !(2..=3).contains(&v.len()) || !v.chars().all(|c| c.is_ascii_lowercase()) {
                    return Err(ctx.err(l.span(), format!("bad lang `{v}`: use an ISO 639-1 code like \"en\"")));
                }
                Some(v)
            }
            None => None,
        };
        feeds.push(FeedConfig { name, url, tags: f.tags, interval, lang, enabled: f.enabled.unwrap_or(true) });
    }
    let mut actors = Vec::with_capacity(raw.actor.len());
    for a in raw.actor {
        let name = a.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ctx.err(a.name.span(), "actor name is empty"));
        }
        let kind = Kind::parse(a.kind.get_ref()).ok_or_else(|| {
            ctx.err(a.kind.span(), format!("unknown kind `{}`: use person, organization or place", a.kind.get_ref()))
        })?;
        let mut aliases = Vec::new();
        for al in a.aliases {
            if al.get_ref().trim().is_empty() {
                return Err(ctx.err(al.span(), "empty alias"));
            }
            aliases.push(al.get_ref().trim().to_string());
        }
        actors.push(ActorConfig { name, kind, aliases, tags: a.tags });
    }
    Ok(Config { settings, feeds, actors, source: None })
}

fn settings(ctx: &Ctx, raw: Option<RawSettings>) -> Result<Settings, ConfigError> {
    let mut s = Settings::default();
    let Some(r) = raw else { return Ok(s) };
    if let Some(v) = r.interval {
        s.interval = parse_duration(v.get_ref()).map_err(|m| ctx.err(v.span(), m))?;
    }
    if let Some(v) = r.timeout {
        s.timeout = parse_duration(v.get_ref()).map_err(|m| ctx.err(v.span(), m))?;
    }
    if let Some(v) = r.max_response {
        s.max_response = parse_size(v.get_ref()).map_err(|m| ctx.err(v.span(), m))?;
    }
    if let Some(v) = r.concurrency {
        s.concurrency = positive(ctx, &v, "concurrency", 1024)?;
    }
    if let Some(v) = r.per_host {
        s.per_host = positive(ctx, &v, "per_host", 64)?;
    }
    if let Some(v) = r.user_agent {
        if v.get_ref().trim().is_empty() || v.get_ref().chars().any(char::is_control) {
            return Err(ctx.err(v.span(), "user_agent must be non-empty printable text"));
        }
        s.user_agent = v.into_inner();
    }
    s.database = r.database.map(Into::into);
    s.gazetteer = r.gazetteer.map(Into::into);
    Ok(s)
}

fn positive(ctx: &Ctx, v: &Spanned<i64>, what: &str, max: i64) -> Result<usize, ConfigError> {
    let n = *v.get_ref();
    if !(1..=max).contains(&n) {
        return Err(ctx.err(v.span(), format!("{what} must be between 1 and {max}, got {n}")));
    }
    Ok(n as usize)
}

fn check_url(ctx: &Ctx, raw: &Spanned<String>) -> Result<String, ConfigError> {
    let s = raw.get_ref().trim();
    let parsed = url::Url::parse(s).map_err(|e| ctx.err(raw.span(), format!("invalid URL `{s}`: {e}")))?;
    match parsed.scheme() {
        "http" | "https" => {
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(ctx.err(raw.span(), format!("invalid URL `{s}`: no host")));
            }
        }
        "file" | "demo" => {}
        other => {
            return Err(ctx.err(raw.span(), format!("unsupported URL scheme `{other}` in `{s}`: use http, https or file")));
        }
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, "feeds.toml").unwrap_err().to_string()
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            r#"
[settings]
interval = "5m"
concurrency = 8
max_response = "2MiB"
[[feed]]
name = "A"
url = "https://example.org/rss"
lang = "fr"
interval = "1h"
[[feed]]
name = "B"
url = "file:///tmp/x.xml"
enabled = false
[[actor]]
name = "Kim Jong Un"
kind = "person"
aliases = ["김정은"]
"#,
            "f",
        )
        .unwrap();
        assert_eq!(c.settings.interval.as_secs(), 300);
        assert_eq!(c.settings.max_response, 2 << 20);
        assert_eq!(c.feeds.len(), 2);
        assert_eq!(c.enabled_feeds().count(), 1);
        assert_eq!(c.interval_of(&c.feeds[0]).as_secs(), 3600);
        assert_eq!(c.actors[0].kind, Kind::Person);
    }

    #[test]
    fn unknown_key_points_at_line() {
        let e = err("[settings]\ninterval = \"5m\"\nintervall = \"5m\"\n");
        assert!(e.starts_with("feeds.toml:3:1:"), "{e}");
        assert!(e.contains("intervall"), "{e}");
    }

    #[test]
    fn bad_duration_points_at_value() {
        let e = err("[[feed]]\nname = \"A\"\nurl = \"https://a.org/\"\ninterval = \"soon\"\n");
        assert!(e.starts_with("feeds.toml:4:12:"), "{e}");
    }

    #[test]
    fn duplicate_names_and_bad_urls() {
        let e = err("[[feed]]\nname = \"A\"\nurl = \"https://a.org/\"\n[[feed]]\nname = \"a\"\nurl = \"https://b.org/\"\n");
        assert!(e.starts_with("feeds.toml:5:8:") && e.contains("duplicate"), "{e}");
        let e = err("[[feed]]\nname = \"A\"\nurl = \"ftp://a.org/\"\n");
        assert!(e.starts_with("feeds.toml:3:7:") && e.contains("scheme"), "{e}");
        let e = err("[[feed]]\nname = \"A\"\nurl = \"not a url\"\n");
        assert!(e.contains("invalid URL"), "{e}");
    }

    #[test]
    fn bad_kind_and_numbers() {
        let e = err("[[actor]]\nname = \"X\"\nkind = \"robot\"\n");
        assert!(e.starts_with("feeds.toml:3:8:"), "{e}");
        let e = err("[settings]\nconcurrency = 0\n");
        assert!(e.contains("between 1 and"), "{e}");
    }

    #[test]
    fn syntax_error_has_location() {
        let e = err("[settings\n");
        assert!(e.starts_with("feeds.toml:1:"), "{e}");
    }
}

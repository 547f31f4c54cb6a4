//! When to poll a feed next: its interval after success, exponential backoff with jitter
//! after failures, never sooner than a server's Retry-After.

use std::time::Duration;

/// Longest wait after repeated failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// Delay before the next poll. `failures` counts consecutive failures including this one
/// (0 after a success); `jitter` is a number in [0, 1) from the caller.
pub fn next_delay(interval: Duration, failures: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let base = if failures == 0 {
        interval
    } else {
        // 1 min, 2, 4, … capped, but never longer than the regular interval times 8.
        let exp = Duration::from_secs(60).saturating_mul(1u32 << failures.saturating_sub(1).min(16));
        exp.min(MAX_BACKOFF).min(interval.saturating_mul(8).max(Duration::from_secs(60)))
    };
    // ±10% on success (spreads load), +0..50% on failure (no thundering herd).
    let factor = if failures == 0 { 0.9 + 0.2 * jitter } else { 1.0 + 0.5 * jitter };
    let d = base.mul_f64(factor);
    match retry_after {
        Some(r) if r > d => r.min(Duration::from_secs(24 * 3600)),
        _ => d,
    }
}

/// Parses a Retry-After header: delta-seconds or an HTTP date.
pub fn parse_retry_after(v: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    (when.with_timezone(&chrono::Utc) - now).to_std().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let i = Duration::from_secs(600);
        assert_eq!(next_delay(i, 0, None, 0.5), i);
        assert_eq!(next_delay(i, 1, None, 0.0), Duration::from_secs(60));
        assert_eq!(next_delay(i, 3, None, 0.0), Duration::from_secs(240));
        assert_eq!(next_delay(i, 30, None, 0.0), Duration::from_secs(4800));
        assert!(next_delay(i, 2, None, 0.99) > Duration::from_secs(170));
        assert_eq!(next_delay(i, 1, Some(Duration::from_secs(900)), 0.0), Duration::from_secs(900));
    }

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap().to_utc();
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Sat, 28 Nov 2026 10:05:00 GMT", now), Some(Duration::from_secs(300)));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}

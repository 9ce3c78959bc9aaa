//! `[sync]`: a site's link to head office, and what central accepts.

use super::ConfigError;
use serde::Deserialize;

/// `[sync]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sync {
    /// Site: head office's base URL; empty, this site keeps its sales to itself.
    pub central_url: String,
    /// Site: the id `moviehub site add` printed on central.
    pub site_id: String,
    /// Site: the secret printed with it (64 hex characters).
    pub site_secret: String,
    /// Outbox rows per push.
    pub batch_size: u32,
    /// Milliseconds between pushes while the outbox is drained.
    pub interval_ms: u64,
    /// Longest wait between attempts while central is unreachable, seconds.
    pub max_backoff_secs: u64,
    /// Seconds between pulls of the chain's catalog, promotions and points.
    pub pull_interval_secs: u64,
    /// Central: how far a request's timestamp may be from central's clock, seconds.
    pub timestamp_window_secs: u64,
}

impl Default for Sync {
    fn default() -> Self {
        Sync {
            central_url: String::new(),
            site_id: String::new(),
            site_secret: String::new(),
            batch_size: 500,
            interval_ms: 1000,
            max_backoff_secs: 60,
            pull_interval_secs: 30,
            timestamp_window_secs: 300,
        }
    }
}

impl Sync {
    /// A site that pushes to and pulls from central.
    pub fn enabled(&self) -> bool {
        !self.central_url.is_empty()
    }

    /// Range checks.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |name: &str, allowed: &str| Err(ConfigError(format!("{name}: {allowed}")));
        if self.batch_size == 0 || self.batch_size > 5000 {
            return bad("sync.batch_size", "must be 1 to 5000");
        }
        if self.interval_ms < 10 || self.interval_ms > 3_600_000 {
            return bad("sync.interval_ms", "must be 10 to 3600000");
        }
        if self.max_backoff_secs == 0 || self.max_backoff_secs > 3600 {
            return bad("sync.max_backoff_secs", "must be 1 to 3600");
        }
        if self.pull_interval_secs == 0 || self.pull_interval_secs > 86_400 {
            return bad("sync.pull_interval_secs", "must be 1 to 86400");
        }
        if self.timestamp_window_secs < 5 || self.timestamp_window_secs > 3600 {
            return bad("sync.timestamp_window_secs", "must be 5 to 3600");
        }
        if !self.enabled() {
            return Ok(());
        }
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| self.central_url.starts_with(p));
        if !(self.central_url.starts_with("https://") || loopback) {
            return bad(
                "sync.central_url",
                "must be empty or an https:// URL (plain http only to a loopback address): \
                 head office's answers are trusted as they come",
            );
        }
        if self.site_id.trim().is_empty() {
            return bad(
                "sync.site_id",
                "must be the site id `moviehub site add` printed on central",
            );
        }
        if self.site_secret.len() != 64 || hex::decode(&self.site_secret).is_err() {
            return bad(
                "sync.site_secret",
                "must be the 64-hex-character secret `moviehub site add` printed on central",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Sync {
        Sync {
            central_url: url.into(),
            site_id: "s".into(),
            site_secret: "ab".repeat(32),
            ..Sync::default()
        }
    }

    #[test]
    fn head_office_is_reached_over_https_or_on_loopback_only() {
        assert!(with_url("https://hq.example.vn").validate().is_ok());
        assert!(with_url("http://127.0.0.1:8080").validate().is_ok());
        let err = with_url("http://hq.example.vn")
            .validate()
            .expect_err("plain http");
        assert!(err.to_string().contains("sync.central_url"), "{err}");
        let mut s = with_url("https://hq.example.vn");
        s.site_secret = "short".into();
        assert!(s
            .validate()
            .expect_err("secret")
            .to_string()
            .contains("sync.site_secret"));
    }
}

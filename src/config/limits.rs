//! `[limits]`: how fast one client address may call the API, and how long a request may take.

use serde::Deserialize;

/// `[limits]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Requests per second one client address may make under `/api/v1/` (0 = no limit).
    pub per_address_per_sec: u32,
    /// Requests an address may make at once before the rate applies.
    pub burst: u32,
    /// Addresses never limited (loopback by default: a reverse proxy on the box limits for itself).
    pub exempt: Vec<String>,
    /// Seconds a request may take before it is answered 408 (0 = no limit).
    pub request_timeout_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_address_per_sec: 20,
            burst: 100,
            exempt: vec!["127.0.0.1".into(), "::1".into()],
            request_timeout_secs: 30,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;

    #[test]
    fn bad_limits_are_refused_by_name() {
        let mut s = Settings::default();
        assert!(s.validate().is_ok());
        s.limits.exempt = vec!["127.0.0.1".into(), "proxy.local".into()];
        let err = s.validate().expect_err("not an address").to_string();
        assert!(
            err.contains("limits.exempt") && err.contains("proxy.local"),
            "{err}"
        );
        s.limits.exempt.clear();
        s.limits.burst = 0;
        let err = s.validate().expect_err("no burst").to_string();
        assert!(err.contains("limits.burst"), "{err}");
        s.limits.per_address_per_sec = 0;
        assert!(
            s.validate().is_ok(),
            "a zero burst is fine while limits are off"
        );
    }
}

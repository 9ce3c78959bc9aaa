//! Login rate limits: failed attempts per account and all attempts per client address,
//! counted in a fixed window that starts at the first attempt.

use super::UsersError;
use crate::clock::Clock;
use crate::config::Auth;
use moka::sync::Cache;
use std::net::IpAddr;
use std::time::Duration;

/// A window: when it started (ms) and how many attempts it saw.
type Window = (i64, u32);

/// Counts login attempts; windows follow the injected clock.
#[derive(Clone)]
pub struct LoginLimiter {
    accounts: Cache<String, Window>,
    ips: Cache<IpAddr, Window>,
    max_account: u32,
    max_ip: u32,
    window_ms: i64,
    clock: Clock,
}

impl LoginLimiter {
    /// Limits from settings.
    pub fn new(s: &Auth, clock: Clock) -> LoginLimiter {
        let ttl = Duration::from_secs(s.login_window_secs.saturating_mul(2));
        LoginLimiter {
            accounts: Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(ttl)
                .build(),
            ips: Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(ttl)
                .build(),
            max_account: s.login_max_failures_per_account,
            max_ip: s.login_max_attempts_per_ip,
            window_ms: i64::try_from(s.login_window_secs).unwrap_or(300) * 1000,
            clock,
        }
    }

    /// Count an attempt from `ip` and refuse if either limit is reached.
    pub fn check(&self, email: &str, ip: IpAddr) -> Result<(), UsersError> {
        let now = self.clock.now_ms();
        let ip_window = self.bump(&self.ips, ip, now);
        if ip_window.1 > self.max_ip {
            return Err(self.limited(ip_window, now));
        }
        if let Some(w) = self
            .accounts
            .get(email)
            .filter(|w| now - w.0 < self.window_ms)
        {
            if w.1 >= self.max_account {
                return Err(self.limited(w, now));
            }
        }
        Ok(())
    }

    /// A wrong password for this account.
    pub fn failed(&self, email: &str) {
        self.bump(&self.accounts, email.to_string(), self.clock.now_ms());
    }

    /// A correct password clears the account's failures.
    pub fn succeeded(&self, email: &str) {
        self.accounts.invalidate(email);
    }

    fn bump<K>(&self, cache: &Cache<K, Window>, key: K, now: i64) -> Window
    where
        K: std::hash::Hash + Eq + Send + Sync + Clone + 'static,
    {
        let entry = cache.entry(key).and_compute_with(|old| {
            let next = match old.map(|e| e.into_value()) {
                Some((start, n)) if now - start < self.window_ms => (start, n.saturating_add(1)),
                _ => (now, 1),
            };
            moka::ops::compute::Op::Put(next)
        });
        match entry {
            moka::ops::compute::CompResult::Inserted(e)
            | moka::ops::compute::CompResult::ReplacedWith(e) => *e.value(),
            _ => (now, 1),
        }
    }

    fn limited(&self, (start, _): Window, now: i64) -> UsersError {
        let wait_ms = (start + self.window_ms - now).max(1000);
        UsersError::RateLimited {
            retry_after_secs: u64::try_from(wait_ms / 1000).unwrap_or(1),
        }
    }
}

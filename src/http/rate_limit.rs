//! Requests per client address under `/api/v1/`, as a token bucket: `burst` requests at once,
//! refilled at `per_address_per_sec`. Past it the answer is 429 with Retry-After, before the
//! handler runs. VNPay's notices (the gateway must always get through) and head office's sync
//! routes (signed by sites) are exempt, and so are the addresses in `limits.exempt` (loopback
//! by default: a reverse proxy on the same box limits for itself).

use super::ApiError;
use crate::config::Limits;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Buckets kept before the full ones are dropped.
const PRUNE_AT: usize = 10_000;

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The limiter shared by every request.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    exempt: Vec<IpAddr>,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// From the settings; `None` when `per_address_per_sec` is 0 (off).
    pub fn new(limits: &Limits) -> Option<Arc<RateLimiter>> {
        (limits.per_address_per_sec > 0).then(|| {
            Arc::new(RateLimiter {
                rate: f64::from(limits.per_address_per_sec),
                burst: f64::from(limits.burst.max(1)),
                exempt: limits
                    .exempt
                    .iter()
                    .filter_map(|a| a.parse().ok())
                    .collect(),
                buckets: Mutex::new(HashMap::new()),
            })
        })
    }

    /// Take one request's token: `Err(seconds to wait)` when the address has none left.
    pub fn take(&self, addr: IpAddr, now: Instant) -> Result<(), u64> {
        if self.exempt.contains(&addr) {
            return Ok(());
        }
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = buckets.entry(addr).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let refill = now.saturating_duration_since(b.at).as_secs_f64() * self.rate;
        b.tokens = (b.tokens + refill).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

/// Whether a path is limited.
fn limited(path: &str) -> bool {
    path.starts_with("/api/v1/")
        && path != "/api/v1/payments/vnpay/ipn"
        && !path.starts_with("/api/v1/sync/")
}

/// The middleware.
pub async fn limit(
    State(limiter): State<Option<Arc<RateLimiter>>>,
    req: Request,
    next: Next,
) -> Response {
    if let (Some(limiter), true) = (&limiter, limited(req.uri().path())) {
        let addr = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if let Some(addr) = addr {
            if let Err(wait) = limiter.take(addr, Instant::now()) {
                return ApiError::too_many(
                    format!("Too many requests from this address; try again in {wait} s"),
                    wait,
                )
                .into_response();
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limiter(rate: u32, burst: u32, exempt: &[&str]) -> Arc<RateLimiter> {
        RateLimiter::new(&Limits {
            per_address_per_sec: rate,
            burst,
            exempt: exempt.iter().map(|s| s.to_string()).collect(),
            request_timeout_secs: 0,
        })
        .expect("on")
    }

    #[test]
    fn a_burst_then_the_rate() {
        let l = limiter(2, 3, &[]);
        let a: IpAddr = "10.0.0.1".parse().expect("ip");
        let t = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take(a, t), Ok(()));
        }
        assert_eq!(l.take(a, t), Err(1));
        // Half a second refills one token at 2/s.
        assert_eq!(l.take(a, t + Duration::from_millis(500)), Ok(()));
        assert!(l.take(a, t + Duration::from_millis(500)).is_err());
        // Another address has its own bucket.
        assert_eq!(l.take("10.0.0.2".parse().expect("ip"), t), Ok(()));
    }

    #[test]
    fn exempt_addresses_and_paths() {
        let l = limiter(1, 1, &["127.0.0.1"]);
        let t = Instant::now();
        for _ in 0..10 {
            assert_eq!(l.take("127.0.0.1".parse().expect("ip"), t), Ok(()));
        }
        assert!(!limited("/api/v1/payments/vnpay/ipn"));
        assert!(!limited("/api/v1/sync/push"));
        assert!(!limited("/api/health"));
        assert!(limited("/api/v1/showtimes/x/seats"));
        assert!(RateLimiter::new(&Limits {
            per_address_per_sec: 0,
            ..Limits::default()
        })
        .is_none());
    }
}

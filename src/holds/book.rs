//! The hold book: a moka cache keyed by (showtime, seat) → holder.
//!
//! Every write goes through `and_compute_with` (LIMITS trap 5: mixing it with `insert` or
//! `or_insert_with` double-holds seats). Callers serialize multi-seat changes of one showtime
//! with the showtime's lock; the cache itself makes each key's change atomic.
//!
//! Expiry follows the application's clock, which moka cannot read, so the service sweeps
//! holds by `expires_at_ms`. moka's own time-to-live is a real-time safety net set well past
//! the hold TTL: if it ever fires, the eviction listener reports the hold on a channel (the
//! listener runs on whichever thread triggered maintenance, so it only sends) and the sweep
//! turns it into a `seat_expired` event.

use moka::notification::RemovalCause;
use moka::ops::compute::Op;
use moka::sync::Cache;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// (showtime id, seat id).
pub(super) type HoldKey = (String, String);

/// One held seat.
#[derive(Debug, Clone)]
pub(super) struct Hold {
    /// Who holds it (the expiry lives with the user's group of holds in the showtime).
    pub user: Arc<str>,
}

/// The cache and the channel its eviction listener feeds.
pub(super) struct HoldBook {
    cache: Cache<HoldKey, Hold>,
    evicted: Mutex<mpsc::UnboundedReceiver<(HoldKey, Hold)>>,
}

impl HoldBook {
    /// A book whose entries vanish on their own only after `safety_ttl` of real time.
    pub fn new(safety_ttl: Duration, capacity: u64) -> HoldBook {
        let (tx, rx) = mpsc::unbounded_channel();
        let cache = Cache::builder()
            .max_capacity(capacity)
            .time_to_live(safety_ttl)
            .eviction_listener(move |key: Arc<HoldKey>, hold: Hold, cause: RemovalCause| {
                if cause.was_evicted() {
                    let _ = tx.send(((*key).clone(), hold));
                }
            })
            .build();
        HoldBook {
            cache,
            evicted: Mutex::new(rx),
        }
    }

    /// The current hold on a seat.
    pub fn get(&self, showtime_id: &str, seat_id: &str) -> Option<Hold> {
        self.cache
            .get(&(showtime_id.to_string(), seat_id.to_string()))
    }

    /// Set (or refresh) a hold.
    pub fn put(&self, showtime_id: &str, seat_id: &str, hold: Hold) {
        self.cache
            .entry((showtime_id.to_string(), seat_id.to_string()))
            .and_compute_with(|_| Op::Put(hold));
    }

    /// Remove the hold on a seat if `user` holds it (any holder when `user` is `None`);
    /// returns whether a hold was removed.
    pub fn remove(&self, showtime_id: &str, seat_id: &str, user: Option<&str>) -> bool {
        let result = self
            .cache
            .entry((showtime_id.to_string(), seat_id.to_string()))
            .and_compute_with(|current| match current {
                Some(e) if user.is_none_or(|u| *e.value().user == *u) => Op::Remove,
                _ => Op::Nop,
            });
        matches!(result, moka::ops::compute::CompResult::Removed(_))
    }

    /// Run moka's pending maintenance (which fires the eviction listener).
    pub fn run_pending_tasks(&self) {
        self.cache.run_pending_tasks();
    }

    /// Holds the safety net evicted since the last call.
    pub fn drain_evicted(&self) -> Vec<(HoldKey, Hold)> {
        let mut rx = self.evicted.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = Vec::new();
        while let Ok(item) = rx.try_recv() {
            out.push(item);
        }
        out
    }

    /// Number of held seats (approximate, as moka counts).
    pub fn len(&self) -> u64 {
        self.cache.entry_count()
    }

    /// Number of held seats once moka has applied its pending writes (for health, not for
    /// hot paths).
    pub fn settled_len(&self) -> u64 {
        self.cache.run_pending_tasks();
        self.cache.entry_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_only_the_named_holders_seat() {
        let book = HoldBook::new(Duration::from_secs(60), 100);
        let hold = Hold {
            user: Arc::from("u1"),
        };
        book.put("s", "a", hold);
        assert!(!book.remove("s", "a", Some("u2")));
        assert_eq!(
            book.get("s", "a").map(|h| h.user.to_string()),
            Some("u1".into())
        );
        assert!(book.remove("s", "a", Some("u1")));
        assert!(book.get("s", "a").is_none());
        assert!(!book.remove("s", "a", None));
    }

    #[test]
    fn safety_net_evictions_reach_the_channel_and_explicit_removals_do_not() {
        let book = HoldBook::new(Duration::from_millis(30), 100);
        let hold = |u: &str| Hold { user: Arc::from(u) };
        book.put("s", "a", hold("u1"));
        book.put("s", "b", hold("u2"));
        assert!(book.remove("s", "b", None));
        std::thread::sleep(Duration::from_millis(80));
        book.run_pending_tasks();
        let evicted = book.drain_evicted();
        assert_eq!(evicted.len(), 1, "{evicted:?}");
        assert_eq!(evicted[0].0, ("s".to_string(), "a".to_string()));
    }
}

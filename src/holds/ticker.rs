//! The expiry ticker: runs [`Holds::sweep`] a few times a second so an expiry reaches the
//! viewers within about one tick of its due time, even when nobody touches the cache.

use super::Holds;
use std::time::Duration;
use tokio::sync::watch;

/// Time between sweeps.
pub const TICK: Duration = Duration::from_millis(200);

/// Sweep every [`TICK`] until `shutdown` turns true (or its sender is dropped).
pub fn spawn(holds: Holds, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {
                    let expired = holds.sweep();
                    if expired > 0 {
                        tracing::debug!(expired, "seat holds expired");
                    }
                }
                changed = shutdown.changed() => {
                    if changed.is_err() || *shutdown.borrow() {
                        break;
                    }
                }
            }
        }
    })
}

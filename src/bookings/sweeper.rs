//! The booking sweeper: every second, expire PENDING bookings past `expires_at` (freeing
//! their seats; the sales core's reactors tell viewers) and complete CONFIRMED bookings whose
//! show has ended.
//! Clock-driven and restart-safe: every due booking is found in the database.

use super::{Bookings, BookingsError, Freed};
use std::time::Duration;
use tokio::sync::watch;

/// Time between sweeps.
pub const TICK: Duration = Duration::from_secs(1);

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Swept {
    /// Bookings expired (their seats are free again).
    pub expired: Vec<Freed>,
    /// Ids of bookings completed.
    pub completed: Vec<String>,
}

/// One pass: expire (freeing seats), then complete.
pub async fn sweep_once(bookings: &Bookings) -> Result<Swept, BookingsError> {
    let expired = bookings.expire_due().await?;
    let completed = bookings
        .complete_due()
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    Ok(Swept { expired, completed })
}

/// Sweep every [`TICK`] until `shutdown` turns true (or its sender is dropped).
pub fn spawn(
    bookings: Bookings,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {
                    match sweep_once(&bookings).await {
                        Ok(s) if !s.expired.is_empty() || !s.completed.is_empty() => {
                            tracing::info!(expired = s.expired.len(), completed = s.completed.len(), "bookings swept");
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "booking sweep failed"),
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

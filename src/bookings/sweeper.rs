//! The booking sweeper: every second, expire PENDING bookings past `expires_at` (freeing
//! their seats and telling viewers) and complete CONFIRMED bookings whose show has ended.
//! Clock-driven and restart-safe: every due booking is found in the database.

use super::{BookingsError, Freed};
use crate::state::AppState;
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

/// One pass: expire, free and announce, then complete.
pub async fn sweep_once(state: &AppState) -> Result<Swept, BookingsError> {
    let expired = state.bookings.expire_due().await?;
    announce_freed(state, &expired).await;
    let completed = state
        .bookings
        .complete_due()
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    Ok(Swept { expired, completed })
}

/// Seats of cancelled or expired bookings are free: tell viewers, refresh facts and counts.
pub async fn announce_freed(state: &AppState, freed: &[Freed]) {
    for f in freed {
        state.holds.publish_freed(&f.showtime_id, &f.seat_ids);
        super::taken::seats_freed(state, &f.showtime_id);
    }
}

/// Sweep every [`TICK`] until `shutdown` turns true (or its sender is dropped).
pub fn spawn(state: AppState, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {
                    match sweep_once(&state).await {
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

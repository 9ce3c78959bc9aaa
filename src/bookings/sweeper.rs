//! The booking sweeper: every second, expire PENDING bookings past `expires_at` (freeing
//! their seats and telling viewers) and complete CONFIRMED bookings whose show has ended.
//! Clock-driven and restart-safe: every due booking is found in the database.
//!
//! Also the follow-ups every seat change needs: drop cached hold facts and report the
//! showtime's taken-seat count to cinemas (available seats, SOLD_OUT).

use super::{BookingsError, Freed};
use crate::state::AppState;
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::sync::watch;

/// Time between sweeps.
pub const TICK: Duration = Duration::from_secs(1);

/// Count-and-report of a showtime is serialised (striped by showtime id) so a slower report
/// with an older count cannot overwrite a newer one.
static COUNT_LOCKS: [tokio::sync::Mutex<()>; 64] =
    [const { tokio::sync::Mutex::const_new(()) }; 64];

fn count_lock(showtime_id: &str) -> &'static tokio::sync::Mutex<()> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(showtime_id, &mut h);
    let i = usize::try_from(std::hash::Hasher::finish(&h) % 64).unwrap_or(0);
    &COUNT_LOCKS[i]
}

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
    let mut showtimes = BTreeSet::new();
    for f in freed {
        state.holds.publish_freed(&f.showtime_id, &f.seat_ids);
        showtimes.insert(f.showtime_id.as_str());
    }
    for showtime_id in showtimes {
        seats_changed(state, showtime_id).await;
    }
}

/// A showtime's taken seats changed (booked, paid, freed): drop the cached hold facts and
/// report the count to cinemas. Failures are logged: the ledger already committed, and the
/// count is recomputed from it on the next change.
pub async fn seats_changed(state: &AppState, showtime_id: &str) {
    state.holds.invalidate_facts(showtime_id);
    let _serial = count_lock(showtime_id).lock().await;
    let taken = match state.bookings.taken(showtime_id).await {
        Ok(t) => u32::try_from(t.len()).unwrap_or(u32::MAX),
        Err(e) => {
            tracing::warn!(showtime_id, error = %e, "could not count taken seats");
            return;
        }
    };
    if let Err(e) = state.cinemas.set_seats_taken(showtime_id, taken).await {
        tracing::warn!(showtime_id, error = %e, "could not report taken seats");
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

//! Background tasks of a running server (hold expiry ticker, booking sweeper, the start-up
//! reconcile of taken-seat counts). Each stops when the shutdown signal flips.

use super::AppState;
use tokio::sync::watch;

/// Start every background task.
pub fn spawn(state: &AppState, shutdown: watch::Receiver<bool>) {
    crate::holds::ticker::spawn(state.holds.clone(), shutdown.clone());
    crate::bookings::sweeper::spawn(state.bookings.clone(), shutdown.clone());
    let taken = state.taken.clone();
    tokio::spawn(async move {
        match taken.reconcile().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                showtimes = n,
                "taken-seat counts reconciled with the ledger"
            ),
            Err(e) => tracing::warn!(error = %e, "could not reconcile taken-seat counts"),
        }
    });
}

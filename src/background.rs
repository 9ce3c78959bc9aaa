//! Background tasks of a running server (hold expiry ticker, booking sweeper, showtime
//! status, sync). Each stops when the shutdown signal flips.

use crate::state::AppState;
use tokio::sync::watch;

/// Start every background task.
pub fn spawn(state: &AppState, shutdown: watch::Receiver<bool>) {
    crate::holds::ticker::spawn(state.holds.clone(), shutdown.clone());
    crate::bookings::sweeper::spawn(state.clone(), shutdown.clone());
    let s = state.clone();
    tokio::spawn(async move {
        match crate::bookings::taken::reconcile(&s).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                showtimes = n,
                "taken-seat counts reconciled with the ledger"
            ),
            Err(e) => tracing::warn!(error = %e, "could not reconcile taken-seat counts"),
        }
    });
}

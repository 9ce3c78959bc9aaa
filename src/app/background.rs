//! Background tasks of a running server (hold expiry ticker, booking sweeper, the start-up
//! reconcile of taken-seat counts). Each stops when the shutdown signal flips.

use super::AppState;
use tokio::sync::watch;

/// Start every background task.
pub fn spawn(state: &AppState, shutdown: watch::Receiver<bool>) {
    crate::holds::ticker::spawn(state.holds.clone(), shutdown.clone());
    crate::bookings::sweeper::spawn(state.bookings.clone(), shutdown.clone());
    spawn_refund_retries(state.refunds.clone(), shutdown.clone());
    crate::sync::spawn_site_tasks(
        &state.settings,
        &state.clock,
        crate::sync::SiteParts {
            sales: &state.sales,
            catalog: &state.catalog,
            promotions: &state.promotions,
            users: &state.users,
            loyalty: &state.loyalty,
            cinemas: &state.cinemas,
        },
        shutdown.clone(),
    );
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

/// Every minute, send again the VNPay refunds that failed or got no answer (after
/// `refunds.retry_minutes`). A refund that succeeded is never sent again.
fn spawn_refund_retries(refunds: crate::refunds::Refunds, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => return,
            }
            match refunds.retry_due().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(refunds = n, "VNPay refunds sent again succeeded"),
                Err(e) => tracing::warn!(error = %e, "could not retry VNPay refunds"),
            }
        }
    });
}

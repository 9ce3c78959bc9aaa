//! Head office and its sites. A site pushes its outbox to central in signed, idempotent
//! batches ([`push`]) and pulls the chain's catalog and promotions ([`pull`]); central
//! ([`central`]) registers sites, applies what they push once by (site, sequence), and
//! answers chain-wide figures. A site sells on while central is unreachable.

pub mod batch;
pub mod central;
mod central_figures;
pub mod central_store;
pub mod cli;
pub mod client;
mod project;
pub mod pull;
pub mod push;
pub mod routes;
pub mod signing;

pub use central::{Central, NewSite, SyncError};

use crate::clock::Clock;
use crate::config::Settings;
use std::time::Duration;
use tokio::sync::watch;

/// What a site's push and pull work on.
pub struct SiteParts<'a> {
    /// The outbox and the sync state.
    pub sales: &'a crate::sales::Sales,
    /// Where the chain's films go.
    pub catalog: &'a crate::catalog::Catalog,
    /// Where the chain's codes go.
    pub promotions: &'a crate::promotions::Promotions,
    /// Members by e-mail.
    pub users: &'a crate::users::Users,
    /// The points ledger.
    pub loyalty: &'a crate::loyalty::Loyalty,
    /// Showtimes, for their capacity.
    pub cinemas: &'a crate::cinemas::Cinemas,
}

/// Start the site's push and pull when `[sync]` names a central.
pub fn spawn_site_tasks(
    settings: &Settings,
    clock: &Clock,
    parts: SiteParts<'_>,
    shutdown: watch::Receiver<bool>,
) {
    let SiteParts {
        sales,
        catalog,
        promotions,
        users,
        loyalty,
        cinemas,
    } = parts;
    let cfg = &settings.sync;
    if !cfg.enabled() || settings.server.role != crate::config::Role::Site {
        return;
    }
    let client = match client::CentralClient::new(
        &cfg.central_url,
        &cfg.site_id,
        &cfg.site_secret,
        clock.clone(),
    ) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the client to central: sync is off");
            return;
        }
    };
    let max = Duration::from_secs(cfg.max_backoff_secs);
    push::Pusher::new(
        sales.clone(),
        users.clone(),
        cinemas.clone(),
        client.clone(),
        clock.clone(),
        cfg.batch_size,
    )
    .spawn(
        Duration::from_millis(cfg.interval_ms),
        max,
        shutdown.clone(),
    );
    pull::Puller {
        catalog: catalog.unmanaged(),
        promotions: promotions.unmanaged(),
        sales: sales.clone(),
        users: users.clone(),
        loyalty: loyalty.clone(),
        clock: clock.clone(),
        client,
    }
    .spawn(Duration::from_secs(cfg.pull_interval_secs), max, shutdown);
    tracing::info!(central = %cfg.central_url, site = %cfg.site_id, "sync with central on");
}

//! Central → site: the chain's catalog, promotions and members' points at the other sites,
//! changed since the site's cursors. The
//! site applies each part in one transaction and moves its cursor only after; a pull that
//! fails leaves the last copy in use, and the next one starts from the same cursor.

use super::batch::ChainBalance;
use super::client::{CentralClient, ClientError};
use super::push::backoff;
use crate::catalog::chain::ChainMovie;
use crate::catalog::Catalog;
use crate::db::DbError;
use crate::promotions::chain::ChainPromotion;
use crate::promotions::Promotions;
use crate::sales::{sync_store, Sales};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::watch;

/// What central hands a site.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChainBatch {
    /// Where the next pull of films starts (the latest change included, or the same cursor).
    pub cursor: String,
    /// Where the next pull of codes starts.
    #[serde(default)]
    pub promo_cursor: String,
    /// Films changed.
    pub movies: Vec<ChainMovie>,
    /// Promotion codes changed.
    pub promotions: Vec<ChainPromotion>,
    /// Members whose points changed anywhere: what they hold at the other sites.
    #[serde(default)]
    pub balances: Vec<ChainBalance>,
    /// Where the next pull of points starts.
    #[serde(default)]
    pub loyalty_cursor: String,
}

/// Central's side: everything changed at or after `since`. Rows at exactly the cursor come
/// again (a change committed in the same instant is never skipped); the site skips them.
pub async fn export(
    catalog: &Catalog,
    promotions: &Promotions,
    central: &super::Central,
    site_id: &str,
    since: &str,
    promo_since: &str,
    loyalty_since: &str,
) -> Result<ChainBatch, String> {
    let movies = catalog
        .changed_since(since)
        .await
        .map_err(|e| e.to_string())?;
    let promos = promotions
        .changed_since(promo_since)
        .await
        .map_err(|e| e.to_string())?;
    // Each kind keeps its own cursor: films and codes stamp their changes differently.
    let latest = movies
        .iter()
        .map(|m| m.updated_at.as_str())
        .max()
        .unwrap_or(since)
        .max(since)
        .to_string();
    let promo_cursor = promos
        .iter()
        .map(|p| p.updated_at.as_str())
        .max()
        .unwrap_or(promo_since)
        .max(promo_since)
        .to_string();
    let (balances, loyalty_cursor) = central
        .balances_changed(site_id, loyalty_since)
        .await
        .map_err(|e| e.to_string())?;
    Ok(ChainBatch {
        cursor: latest,
        promo_cursor,
        movies,
        promotions: promos,
        balances,
        loyalty_cursor,
    })
}

/// The site's puller.
#[derive(Clone)]
pub struct Puller {
    /// The site's catalog, without the local-edit guard.
    pub catalog: Catalog,
    /// The site's promotions, without the guard.
    pub promotions: Promotions,
    /// Where the cursor lives.
    pub sales: Sales,
    /// Accounts here, to find a member by e-mail.
    pub users: crate::users::Users,
    /// The ledger, for the other sites' figure.
    pub loyalty: crate::loyalty::Loyalty,
    /// The clock.
    pub clock: crate::clock::Clock,
    /// Central.
    pub client: CentralClient,
}

/// What one pull changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Pulled {
    /// Films inserted or replaced.
    pub movies: usize,
    /// Codes inserted or replaced.
    pub promotions: usize,
    /// Members whose other-site points changed here.
    pub members: usize,
}

impl Puller {
    /// Pull once.
    pub async fn pull(&self) -> Result<Pulled, ClientError> {
        let state = self
            .sales
            .read(|c| Ok::<_, DbError>(sync_store::push_state(c)?))
            .await?;
        let batch = self
            .client
            .pull(
                &state.pull_cursor,
                &state.promo_cursor,
                &state.loyalty_cursor,
            )
            .await?;
        let movies = self
            .catalog
            .apply_chain(batch.movies)
            .await
            .map_err(|e| ClientError::Apply(e.to_string()))?;
        let promotions = self
            .promotions
            .apply_chain(batch.promotions)
            .await
            .map_err(|e| ClientError::Apply(e.to_string()))?;
        let mut members = self.apply_balances(batch.balances).await?;
        // Accounts opened here since the last pull may hold points from other sites.
        let fresh = self
            .users
            .created_since(&state.members_cursor, 500)
            .await
            .map_err(|e| ClientError::Apply(e.to_string()))?;
        let mut members_cursor = state.members_cursor.clone();
        if !fresh.is_empty() {
            let emails: Vec<String> = fresh.iter().map(|(_, e, _)| e.to_lowercase()).collect();
            members += self
                .apply_balances(self.client.balances(&emails).await?)
                .await?;
            if let Some((_, _, at)) = fresh.last() {
                members_cursor = at.clone();
            }
        }
        let (next, promo_next, loyalty_next) =
            (batch.cursor, batch.promo_cursor, batch.loyalty_cursor);
        self.sales
            .run(move |tx| {
                let cursors = sync_store::Cursors {
                    movies: &next,
                    promotions: &promo_next,
                    loyalty: &loyalty_next,
                    members: &members_cursor,
                };
                Ok::<_, DbError>(sync_store::set_pull_cursors(tx, &cursors)?)
            })
            .await?;
        Ok(Pulled {
            movies,
            promotions,
            members,
        })
    }

    /// Bring each member's copy of the other sites' points to head office's figure.
    async fn apply_balances(&self, balances: Vec<ChainBalance>) -> Result<usize, ClientError> {
        let now = crate::clock::stamp(self.clock.now());
        let mut changed = 0;
        for b in balances {
            let Ok(user) = self.users.by_email(&b.email).await else {
                continue; // not a member here (yet)
            };
            if self
                .loyalty
                .apply_chain(&user.id, b.points, b.spend, &now)
                .await
                .map_err(|e| ClientError::Apply(e.to_string()))?
            {
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Pull every `interval` until shutdown (with backoff while central is unreachable).
    pub fn spawn(
        self,
        interval: Duration,
        max_backoff: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        tokio::spawn(async move {
            let mut failures = 0u32;
            while !*shutdown.borrow() {
                let wait = match self.pull().await {
                    Ok(p) => {
                        failures = 0;
                        if p != Pulled::default() {
                            tracing::info!(
                                movies = p.movies,
                                promotions = p.promotions,
                                "chain data pulled from central"
                            );
                        }
                        interval
                    }
                    Err(e) => {
                        failures = failures.saturating_add(1);
                        tracing::warn!(error = %e, failures, "pull from central failed");
                        backoff(failures, Duration::from_secs(1), max_backoff.max(interval))
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => return,
                }
            }
        });
    }
}

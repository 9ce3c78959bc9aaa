//! Central → site: the chain's catalog and promotions changed since the site's cursor. The
//! site applies each part in one transaction and moves its cursor only after; a pull that
//! fails leaves the last copy in use, and the next one starts from the same cursor.

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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChainBatch {
    /// Where the next pull starts (the latest change included, or the same cursor).
    pub cursor: String,
    /// Films changed.
    pub movies: Vec<ChainMovie>,
    /// Promotion codes changed.
    pub promotions: Vec<ChainPromotion>,
}

/// Central's side: everything changed at or after `since`. Rows at exactly the cursor come
/// again (a change committed in the same instant is never skipped); the site skips them.
pub async fn export(
    catalog: &Catalog,
    promotions: &Promotions,
    since: &str,
) -> Result<ChainBatch, String> {
    let movies = catalog
        .changed_since(since)
        .await
        .map_err(|e| e.to_string())?;
    let promos = promotions
        .changed_since(since)
        .await
        .map_err(|e| e.to_string())?;
    let latest = movies
        .iter()
        .map(|m| m.updated_at.as_str())
        .chain(promos.iter().map(|p| p.updated_at.as_str()))
        .max()
        .unwrap_or(since)
        .max(since)
        .to_string();
    Ok(ChainBatch {
        cursor: latest,
        movies,
        promotions: promos,
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
    /// Central.
    pub client: CentralClient,
}

/// What one pull changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pulled {
    /// Films inserted or replaced.
    pub movies: usize,
    /// Codes inserted or replaced.
    pub promotions: usize,
}

impl Puller {
    /// Pull once.
    pub async fn pull(&self) -> Result<Pulled, ClientError> {
        let cursor = self
            .sales
            .read(|c| Ok::<_, DbError>(sync_store::push_state(c)?.pull_cursor))
            .await?;
        let batch = self.client.pull(&cursor).await?;
        let bad = ClientError::Apply;
        let movies = self
            .catalog
            .apply_chain(batch.movies)
            .await
            .map_err(|e| bad(e.to_string()))?;
        let promotions = self
            .promotions
            .apply_chain(batch.promotions)
            .await
            .map_err(|e| bad(e.to_string()))?;
        let next = batch.cursor;
        self.sales
            .run(move |tx| Ok::<_, DbError>(sync_store::set_pull_cursor(tx, &next)?))
            .await?;
        Ok(Pulled { movies, promotions })
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

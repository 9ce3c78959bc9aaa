//! Reports: read-only figures over the ledger. [`Figures`] has one shape whether a site
//! computes it from its own bookings.db or head office from what its sites pushed, so the two
//! can be compared line by line.

pub mod cli;
pub mod csv;
pub mod figures;
pub mod heat;
pub mod routes;
pub mod store;

pub use figures::{Figures, Line, Occupancy, Range, Totals};

use crate::db::DbError;
use crate::sales::Sales;

/// The site's reports.
#[derive(Clone)]
pub struct Reports {
    sales: Sales,
    site_id: Option<String>,
}

impl Reports {
    /// Reports over the sales core's ledger; lines keyed by `site_id` when this site syncs
    /// (the id central gave it), by the data dir's own site id otherwise.
    pub fn new(sales: Sales, site_id: Option<String>) -> Reports {
        Reports { sales, site_id }
    }

    /// Where this site's push to head office stands.
    pub async fn push_state(&self) -> Result<crate::sales::sync_store::PushState, DbError> {
        self.sales
            .read(|c| Ok(crate::sales::sync_store::push_state(c)?))
            .await
    }

    /// This site's figures of `range`.
    pub async fn figures(&self, range: Range) -> Result<Figures, DbError> {
        let configured = self.site_id.clone();
        self.sales
            .read(move |c| {
                let site = match configured {
                    Some(s) => s,
                    None => crate::sales::store::site_id(c)?.unwrap_or_default(),
                };
                Ok(store::site_figures(c, &site, &range)?)
            })
            .await
    }

    /// The seats sold in these showtimes, for the heat map.
    pub async fn seats_sold(
        &self,
        showtime_ids: Vec<String>,
    ) -> Result<Vec<store::SeatSold>, DbError> {
        self.sales
            .read(move |c| Ok(store::seats_sold(c, &showtime_ids)?))
            .await
    }

    /// Concessions sold in `range`.
    pub async fn concessions_sold(&self, range: Range) -> Result<Vec<store::ItemSold>, DbError> {
        self.sales
            .read(move |c| Ok(store::concessions_sold(c, &range)?))
            .await
    }

    /// Bookings and payments per status.
    pub async fn status_counts(&self) -> Result<StatusCounts, DbError> {
        self.sales.read(|c| Ok(store::status_counts(c)?)).await
    }
}

/// (bookings per status, payments per status).
pub type StatusCounts = (store::Counts, store::Counts);

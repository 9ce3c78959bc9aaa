//! The production [`FactsSource`]: a showtime's fixed facts from cinemas (cached there)
//! joined with the seats bookings hold as pending or sold. The joined view is cached briefly
//! per showtime and dropped explicitly whenever a booking changes which seats are taken;
//! the database ledger stays the final guard against a double sale either way.

use super::{FactsSource, HoldsError, SeatCondition, SeatFact, ShowtimeFacts};
use crate::bookings::Bookings;
use crate::cinemas::{Cinemas, CinemasError};
use futures_util::future::BoxFuture;
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;

/// Facts of showtimes from cinemas.db and bookings.db.
#[derive(Clone)]
pub struct LiveFacts {
    cinemas: Cinemas,
    bookings: Bookings,
    cache: Cache<String, Arc<ShowtimeFacts>>,
}

impl LiveFacts {
    /// Join the two domains.
    pub fn new(cinemas: Cinemas, bookings: Bookings) -> LiveFacts {
        LiveFacts {
            cinemas,
            bookings,
            // Seat conditions and sales-window edges reach holds within this bound.
            cache: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(Duration::from_secs(2))
                .build(),
        }
    }

    async fn load(&self, showtime_id: &str) -> Result<Option<Arc<ShowtimeFacts>>, HoldsError> {
        let fixed = match self.cinemas.showtime_facts(showtime_id).await {
            Ok(f) => f,
            Err(CinemasError::ShowtimeNotFound(_)) => return Ok(None),
            Err(e) => return Err(HoldsError::Facts(e.to_string())),
        };
        let taken = self
            .bookings
            .taken(showtime_id)
            .await
            .map_err(|e| HoldsError::Facts(e.to_string()))?;
        let now = self.bookings.now();
        let seats = fixed
            .seats
            .iter()
            .map(|s| {
                let state = match s.condition {
                    crate::cinemas::SeatStatus::Active => SeatCondition::Active,
                    crate::cinemas::SeatStatus::Broken => SeatCondition::Broken,
                    crate::cinemas::SeatStatus::Maintenance => SeatCondition::Maintenance,
                };
                let fact = SeatFact {
                    label: s.label.clone(),
                    state,
                    couple_with: s.couple_with.clone(),
                    taken: taken.contains_key(&s.id),
                };
                (s.id.clone(), fact)
            })
            .collect();
        let facts = Arc::new(ShowtimeFacts {
            showtime_id: showtime_id.to_string(),
            on_sale: fixed.on_sale(now),
            seats,
        });
        self.cache.insert(showtime_id.to_string(), facts.clone());
        Ok(Some(facts))
    }
}

impl FactsSource for LiveFacts {
    fn facts<'a>(
        &'a self,
        showtime_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<ShowtimeFacts>>, HoldsError>> {
        Box::pin(async move {
            if let Some(hit) = self.cache.get(showtime_id) {
                return Ok(Some(hit));
            }
            self.load(showtime_id).await
        })
    }

    fn invalidate(&self, showtime_id: &str) {
        self.cache.invalidate(showtime_id);
    }
}

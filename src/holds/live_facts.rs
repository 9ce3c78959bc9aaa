//! The production [`FactsSource`]: a showtime's fixed facts from cinemas (cached there)
//! joined with the seats bookings hold as pending or sold. The joined view is cached briefly
//! per showtime and patched in place when a booking takes or frees seats (so the next click
//! does not re-read 300 seats); the database ledger stays the final guard against a double
//! sale either way.

use super::{FactsSource, HoldsError, SeatCondition, SeatFact, ShowtimeFacts};
use crate::bookings::Bookings;
use crate::cinemas::{Cinemas, CinemasError};
use futures_util::future::BoxFuture;
use moka::ops::compute::Op;
use moka::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Facts of showtimes from cinemas.db and bookings.db.
#[derive(Clone)]
pub struct LiveFacts {
    cinemas: Cinemas,
    bookings: Bookings,
    cache: Cache<String, Arc<ShowtimeFacts>>,
    /// Bumped by every change; a load that raced a change does not cache what it read.
    generation: Arc<AtomicU64>,
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
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    async fn load(&self, showtime_id: &str) -> Result<Option<Arc<ShowtimeFacts>>, HoldsError> {
        let read_at = self.generation.load(Ordering::SeqCst);
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
        // Cache only if no change happened since the reads began (checked atomically with
        // the patches, which run under the same per-key compute).
        let fresh = facts.clone();
        let generation = self.generation.clone();
        self.cache
            .entry(showtime_id.to_string())
            .and_compute_with(|_| {
                if generation.load(Ordering::SeqCst) == read_at {
                    Op::Put(fresh)
                } else {
                    Op::Nop
                }
            });
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
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.cache.invalidate(showtime_id);
    }

    fn set_taken(&self, showtime_id: &str, seat_ids: &[String], taken: bool) {
        let generation = self.generation.clone();
        self.cache
            .entry(showtime_id.to_string())
            .and_compute_with(|cached| {
                generation.fetch_add(1, Ordering::SeqCst);
                match cached {
                    Some(entry) => {
                        let mut patched = (**entry.value()).clone();
                        for id in seat_ids {
                            if let Some(seat) = patched.seats.get_mut(id) {
                                seat.taken = taken;
                            }
                        }
                        Op::Put(Arc::new(patched))
                    }
                    None => Op::Nop,
                }
            });
    }
}

//! The production [`FactsSource`]: a showtime's fixed facts from cinemas (cached there)
//! joined with the seats bookings hold as pending or sold. The joined view is cached for
//! [`FRESH_FOR`] per showtime; a booking patches the taken seats into it (so the next click
//! does not re-read 300 seats), a freed booking drops it. The database ledger stays the final
//! guard against a double sale either way.

use crate::bookings::Ledger;
use crate::cinemas::{Cinemas, CinemasError};
use crate::holds::{FactsSource, HoldsError, SalesWindow, SeatCondition, SeatFact, ShowtimeFacts};
use futures_util::future::BoxFuture;
use moka::ops::compute::Op;
use moka::sync::Cache;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Seat conditions, cancellations and sales-window edges reach holds within this bound: a
/// cached entry older than this is read again, however often it was patched meanwhile.
const FRESH_FOR: Duration = Duration::from_secs(2);

/// A showtime's joined facts and when they were read from the databases.
#[derive(Clone)]
struct Cached {
    read_at: Instant,
    facts: Arc<ShowtimeFacts>,
}

/// Facts of showtimes from cinemas.db and bookings.db.
#[derive(Clone)]
pub struct LiveFacts {
    cinemas: Cinemas,
    ledger: Ledger,
    box_office_after_start_ms: i64,
    cache: Cache<String, Cached>,
    /// Per showtime, bumped by every change: a load that raced a change of its showtime does
    /// not cache what it read.
    generations: Arc<Mutex<HashMap<String, u64>>>,
}

impl LiveFacts {
    /// Join the two domains; the box office sells `box_office_minutes` past a show's start.
    pub fn new(cinemas: Cinemas, ledger: Ledger, box_office_minutes: u32) -> LiveFacts {
        LiveFacts {
            cinemas,
            ledger,
            box_office_after_start_ms: i64::from(box_office_minutes) * 60_000,
            // Freshness is judged by `read_at`; the TTL only frees memory.
            cache: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(FRESH_FOR * 5)
                .build(),
            generations: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn generation(&self, showtime_id: &str) -> u64 {
        let map = self.generations.lock().unwrap_or_else(|p| p.into_inner());
        map.get(showtime_id).copied().unwrap_or(0)
    }

    fn bump(&self, showtime_id: &str) {
        let mut map = self.generations.lock().unwrap_or_else(|p| p.into_inner());
        *map.entry(showtime_id.to_string()).or_insert(0) += 1;
    }

    async fn load(&self, showtime_id: &str) -> Result<Option<Arc<ShowtimeFacts>>, HoldsError> {
        let (generation, read_at) = (self.generation(showtime_id), Instant::now());
        let fixed = match self.cinemas.showtime_facts(showtime_id).await {
            Ok(f) => f,
            Err(CinemasError::ShowtimeNotFound(_)) => return Ok(None),
            Err(e) => return Err(HoldsError::Facts(e.to_string())),
        };
        let taken = self
            .ledger
            .taken(showtime_id)
            .await
            .map_err(|e| HoldsError::Facts(e.to_string()))?;
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
        let start_ms = fixed.start.timestamp_millis();
        let end_ms = fixed.end.timestamp_millis();
        let facts = Arc::new(ShowtimeFacts {
            showtime_id: showtime_id.to_string(),
            on_sale: !fixed.cancelled,
            window: SalesWindow {
                opens_ms: fixed.sales_open_at.timestamp_millis(),
                online_until_ms: start_ms,
                box_office_until_ms: (start_ms + self.box_office_after_start_ms).min(end_ms),
            },
            seats,
        });
        // Cache only if no change of this showtime happened since the reads began (checked
        // under the same per-key compute as the patches).
        let fresh = Cached {
            read_at,
            facts: facts.clone(),
        };
        self.cache
            .entry(showtime_id.to_string())
            .and_compute_with(|_| {
                if self.generation(showtime_id) == generation {
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
                if hit.read_at.elapsed() < FRESH_FOR {
                    return Ok(Some(hit.facts));
                }
            }
            self.load(showtime_id).await
        })
    }

    fn invalidate(&self, showtime_id: &str) {
        self.bump(showtime_id);
        self.cache.invalidate(showtime_id);
    }

    fn set_taken(&self, showtime_id: &str, seat_ids: &[String], taken: bool) {
        self.cache
            .entry(showtime_id.to_string())
            .and_compute_with(|cached| {
                self.bump(showtime_id);
                match cached {
                    Some(entry) => {
                        let old = entry.into_value();
                        let mut patched = (*old.facts).clone();
                        for id in seat_ids {
                            if let Some(seat) = patched.seats.get_mut(id) {
                                seat.taken = taken;
                            }
                        }
                        // Still as old as the read it came from.
                        Op::Put(Cached {
                            read_at: old.read_at,
                            facts: Arc::new(patched),
                        })
                    }
                    None => Op::Nop,
                }
            });
    }
}

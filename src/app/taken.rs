//! Reporting a showtime's taken-seat count (pending + sold) to cinemas, which drives
//! `available_seats` and SOLD_OUT.
//!
//! The count is written behind the sale: a booking returns as soon as its own transaction
//! commits, and one task per showtime recounts from the ledger and writes the figure a moment
//! later ([`COALESCE`]). Changes that arrive while a report is queued ride along with it, so
//! twenty bookings at once cost one or two recounts, not twenty. At start-up every count is reconciled with the ledger,
//! so a report lost to a crash or shutdown is repaired.

use crate::bookings::{BookingsError, Ledger};
use crate::cinemas::Cinemas;
use crate::holds::Holds;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// How long a queued report waits before it counts, so the changes of a busy moment ride one
/// recount instead of one each (the count is a display figure; the ledger guards sales).
const COALESCE: std::time::Duration = std::time::Duration::from_millis(50);

/// Reports of a showtime are serialised (striped by showtime id) so a slower report with an
/// older count cannot overwrite a newer one.
static COUNT_LOCKS: [tokio::sync::Mutex<()>; 64] =
    [const { tokio::sync::Mutex::const_new(()) }; 64];

fn count_lock(showtime_id: &str) -> &'static tokio::sync::Mutex<()> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(showtime_id, &mut h);
    let i = usize::try_from(std::hash::Hasher::finish(&h) % 64).unwrap_or(0);
    &COUNT_LOCKS[i]
}

/// Showtimes whose count must be reported and for which no report is queued yet.
#[derive(Clone, Default)]
struct Dirty(Arc<Mutex<HashSet<String>>>);

impl Dirty {
    /// Mark; true when no report was queued for it.
    fn mark(&self, showtime_id: &str) -> bool {
        match self.0.lock() {
            Ok(mut set) => set.insert(showtime_id.to_string()),
            Err(poisoned) => poisoned.into_inner().insert(showtime_id.to_string()),
        }
    }

    /// Whether a report of the showtime is queued.
    fn queued(&self, showtime_id: &str) -> bool {
        match self.0.lock() {
            Ok(set) => set.contains(showtime_id),
            Err(poisoned) => poisoned.into_inner().contains(showtime_id),
        }
    }

    /// Unmark before counting: a change committed after this queues a new report.
    fn take(&self, showtime_id: &str) {
        match self.0.lock() {
            Ok(mut set) => set.remove(showtime_id),
            Err(poisoned) => poisoned.into_inner().remove(showtime_id),
        };
    }
}

/// The taken-seat counts of showtimes, reported from the ledger to cinemas.
#[derive(Clone)]
pub struct TakenCounts {
    ledger: Ledger,
    cinemas: Cinemas,
    holds: Holds,
    dirty: Dirty,
}

impl TakenCounts {
    /// Counts read from `ledger`, written to `cinemas`; `holds`' cached facts follow.
    pub fn new(ledger: Ledger, cinemas: Cinemas, holds: Holds) -> TakenCounts {
        TakenCounts {
            ledger,
            cinemas,
            holds,
            dirty: Dirty::default(),
        }
    }

    /// Seats of a showtime were booked: patch the cached hold facts at once and queue a
    /// recount.
    pub fn seats_taken(&self, showtime_id: &str, seat_ids: &[String]) {
        self.holds.facts_taken(showtime_id, seat_ids, true);
        self.queue_report(showtime_id);
    }

    /// Seats of a showtime are free again, or changed in a way not told seat by seat (a late
    /// payment re-claimed them, a seat went out of service): drop the cached facts (a late
    /// drop can never leave a sold seat looking free) and queue a recount.
    pub fn seats_changed(&self, showtime_id: &str) {
        self.holds.invalidate_facts(showtime_id);
        self.queue_report(showtime_id);
    }

    /// Queue a recount for cinemas unless one is already queued.
    fn queue_report(&self, showtime_id: &str) {
        if !self.dirty.mark(showtime_id) {
            return;
        }
        let (me, id) = (self.clone(), showtime_id.to_string());
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(async move {
                    tokio::time::sleep(COALESCE).await;
                    me.report(&id).await
                });
            }
            // Outside a runtime (a command-line tool): the next start-up reconciles.
            Err(_) => self.dirty.take(showtime_id),
        }
    }

    /// Recount a showtime from the ledger and write the figure. Failures are logged: the
    /// ledger has committed, and the next change or the next start-up reconciles the count.
    pub async fn report(&self, showtime_id: &str) {
        let _serial = count_lock(showtime_id).lock().await;
        self.dirty.take(showtime_id);
        let taken = match self.count_in_service(showtime_id).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(showtime_id, error = %e, "could not count taken seats");
                return;
            }
        };
        if let Err(e) = self.cinemas.set_seats_taken(showtime_id, taken).await {
            tracing::warn!(showtime_id, error = %e, "could not report taken seats");
        }
    }

    /// Taken seats that are in service: a sold seat later marked broken is out of the hall's
    /// sellable seats already and must not be subtracted twice from what is available.
    async fn count_in_service(&self, showtime_id: &str) -> Result<u32, BookingsError> {
        let taken = self.ledger.taken(showtime_id).await?;
        let n = match self.cinemas.showtime_facts(showtime_id).await {
            Ok(facts) => facts
                .seats
                .iter()
                .filter(|s| s.condition == crate::cinemas::SeatStatus::Active)
                .filter(|s| taken.contains_key(&s.id))
                .count(),
            // No facts (a showtime since removed): the plain count is the best answer.
            Err(_) => taken.len(),
        };
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Wait until no report of the showtime is queued or running, i.e. its stored count
    /// reflects every change committed before this call (tests and tools read after it).
    pub async fn settled(&self, showtime_id: &str) {
        loop {
            {
                let _serial = count_lock(showtime_id).lock().await;
                if !self.dirty.queued(showtime_id) {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
    }

    /// Make every stored count agree with the ledger (at start-up); returns how many
    /// showtimes were recounted. The quick comparison uses raw ledger counts; each showtime
    /// that differs is recounted in full (seats out of service excluded).
    pub async fn reconcile(&self) -> Result<usize, BookingsError> {
        let ledger: HashMap<String, u32> = self.ledger.taken_counts().await?;
        let stored = match self.cinemas.seats_taken_counts().await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "could not read stored taken counts");
                return Ok(0);
            }
        };
        let mut changed = 0;
        let ids: HashSet<&String> = ledger.keys().chain(stored.keys()).collect();
        for id in ids {
            let want = ledger.get(id).copied().unwrap_or(0);
            if stored.get(id).copied().unwrap_or(0) != want {
                // Recount under the showtime's lock rather than write `want`: a sale since
                // the snapshot above must not be overwritten by it.
                self.report(id).await;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

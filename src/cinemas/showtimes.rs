//! Showtime rules (batch scheduling is in `batch.rs`): reads with status from the clock, cancellation, and the cached facts / seat map other
//! domains build on.

use super::pricing::{self, PriceTable};
use super::schedule;
use super::seatmap::{SeatFact, SeatMap, ShowtimeFacts};
use super::store::{self, showtimes as st};
use super::{Cinemas, CinemasError, SeatType, Showtime};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::Ordering;
use std::sync::Arc;

impl Cinemas {
    /// A film's title for a showtime (its id when the catalog has no such film).
    pub(super) async fn title(&self, movie_id: &str) -> String {
        match self.catalog.brief(movie_id).await {
            Ok(Some(m)) => m.title,
            _ => format!("movie {movie_id}"),
        }
    }

    /// A stored row as the API shows it, status from the clock.
    pub(super) fn view(
        &self,
        r: st::ShowtimeRow,
        title: &str,
        prices: Option<BTreeMap<SeatType, i64>>,
    ) -> Showtime {
        let tz = self.tz_of(r.cinema_timezone.as_deref());
        let available = r.active_seats.saturating_sub(r.seats_taken);
        let status = schedule::status_at(
            self.clock.now(),
            r.start,
            r.end,
            self.settings.sales_open_days,
            r.cancelled,
            available,
        );
        Showtime {
            local_start: r.start.with_timezone(&tz).to_rfc3339(),
            start_time: st::ts(r.start),
            end_time: st::ts(r.end),
            id: r.id,
            movie_id: r.movie_id,
            movie_title: title.to_string(),
            cinema_id: r.cinema_id,
            hall_id: r.hall_id,
            hall_name: r.hall_name,
            hall_type: r.hall_type,
            format: r.format,
            language: r.language,
            subtitles: r.subtitles,
            day_type: r.day_type,
            status,
            total_seats: r.total_seats,
            available_seats: available,
            seats_taken: r.seats_taken,
            cancel_reason: r.cancel_reason,
            prices,
        }
    }

    async fn views(&self, rows: Vec<st::ShowtimeRow>) -> Vec<Showtime> {
        let mut titles: HashMap<String, String> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if !titles.contains_key(&r.movie_id) {
                titles.insert(r.movie_id.clone(), self.title(&r.movie_id).await);
            }
            let title = titles.get(&r.movie_id).cloned().unwrap_or_default();
            out.push(self.view(r, &title, None));
        }
        out
    }

    /// Showtimes by movie, cinema and/or hall; with `date`, those starting on that local date
    /// (each cinema's time zone), cancelled ones included with their status.
    pub async fn list_showtimes(
        &self,
        movie_id: Option<String>,
        cinema_id: Option<String>,
        hall_id: Option<String>,
        date: Option<NaiveDate>,
    ) -> Result<Vec<Showtime>, CinemasError> {
        let from = date
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc() - Duration::days(1));
        let filter = st::Filter {
            movie_id,
            cinema_id,
            hall_id,
            from: from.or_else(|| Some(self.clock.now() - Duration::days(1))),
            to: from.map(|f| f + Duration::days(3)),
            include_cancelled: true,
        };
        let now = self.clock.now();
        let rows = self.db.call(move |c| st::list(c, &filter)).await?;
        let rows = rows
            .into_iter()
            .filter(|r| match date {
                Some(d) => {
                    pricing::local_date(r.start, self.tz_of(r.cinema_timezone.as_deref())) == d
                }
                None => r.end > now,
            })
            .collect();
        Ok(self.views(rows).await)
    }

    /// Showtimes starting in [from, to), of one hall or of all, cancelled ones included
    /// (reports over the past as well as the coming days).
    pub async fn showtimes_between(
        &self,
        hall_id: Option<&str>,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Showtime>, CinemasError> {
        let filter = st::Filter {
            hall_id: hall_id.map(str::to_string),
            from: Some(from),
            to: Some(to),
            include_cancelled: true,
            ..Default::default()
        };
        let rows = self.db.call(move |c| st::list(c, &filter)).await?;
        let rows = rows
            .into_iter()
            .filter(|r| r.start >= from && r.start < to)
            .collect();
        Ok(self.views(rows).await)
    }

    /// Showtimes of a movie at this site that have not started and are not cancelled.
    pub async fn upcoming_for_movie(&self, movie_id: &str) -> Result<Vec<Showtime>, CinemasError> {
        let filter = st::Filter {
            movie_id: Some(movie_id.to_string()),
            from: Some(self.clock.now() + Duration::seconds(1)),
            ..Default::default()
        };
        let rows = self.db.call(move |c| st::list(c, &filter)).await?;
        Ok(self.views(rows).await)
    }

    /// One showtime with movie title, hall and the price of each of its hall's seat types.
    pub async fn showtime(&self, id: &str) -> Result<Showtime, CinemasError> {
        let key = id.to_string();
        let (row, prices) = self
            .db
            .call(move |c| {
                let row = st::by_id(c, &key)?.ok_or(CinemasError::ShowtimeNotFound(key))?;
                let types: BTreeSet<SeatType> = store::seats_of(c, &row.hall_id)?
                    .iter()
                    .map(|s| s.seat_type)
                    .collect();
                let table = PriceTable::new(&store::prices_of(c, &row.hall_id)?);
                let prices: BTreeMap<SeatType, i64> = types
                    .into_iter()
                    .filter_map(|t| Some((t, table.price(t, row.day_type)?)))
                    .collect();
                Ok::<_, CinemasError>((row, prices))
            })
            .await?;
        let title = self.title(&row.movie_id).await;
        Ok(self.view(row, &title, Some(prices)))
    }

    /// Cancel a showtime (refused once cancelled or over). Bookings refund its sales.
    pub async fn cancel_showtime(
        &self,
        id: &str,
        reason: Option<String>,
    ) -> Result<Showtime, CinemasError> {
        let current = self.showtime(id).await?;
        match current.status {
            super::ShowtimeStatus::Cancelled => {
                return Err(CinemasError::Conflict(format!(
                    "showtime {id} is already cancelled"
                )))
            }
            super::ShowtimeStatus::Completed => {
                return Err(CinemasError::Conflict(format!(
                    "showtime {id} is over and cannot be cancelled"
                )))
            }
            _ => {}
        }
        let (key, now) = (id.to_string(), st::ts(self.clock.now()));
        self.db
            .write(move |tx| st::cancel(tx, &key, reason.as_deref(), &now))
            .await?;
        self.invalidate(Some(id));
        self.showtime(id).await
    }

    /// Bookings report how many seats of a showtime are sold or pending; this drives
    /// `available_seats` and SOLD_OUT.
    pub async fn set_seats_taken(&self, showtime_id: &str, taken: u32) -> Result<(), CinemasError> {
        let key = showtime_id.to_string();
        let found = self
            .db
            .write(move |tx| st::set_seats_taken(tx, &key, taken))
            .await?;
        // Only the count changed: patch the cached facts instead of rebuilding 300 seats'
        // prices on the next click. The generation bump keeps a racing loader from caching
        // a copy read before this write.
        self.facts_gen.fetch_add(1, Ordering::SeqCst);
        if let Some(hit) = self.facts.get(showtime_id) {
            let mut patched = (*hit).clone();
            patched.seats_taken = taken;
            self.facts
                .insert(showtime_id.to_string(), Arc::new(patched));
        }
        if found {
            Ok(())
        } else {
            Err(CinemasError::ShowtimeNotFound(showtime_id.to_string()))
        }
    }

    /// How many showtimes (not cancelled) a movie has; a movie with any cannot be deleted.
    pub async fn showtimes_of_movie(&self, movie_id: &str) -> Result<i64, CinemasError> {
        let key = movie_id.to_string();
        self.db.call(move |c| st::count_for_movie(c, &key)).await
    }

    /// Stored taken counts (showtime id → seats) of the showtimes that have any.
    pub async fn seats_taken_counts(&self) -> Result<HashMap<String, u32>, CinemasError> {
        self.db.call(st::seats_taken_counts).await
    }

    /// The fixed facts of a showtime and its seats (label, condition, couple pair, price),
    /// from a cache; cheap enough to call on every seat click. Dropped when a seat changes
    /// condition, prices or holidays change, or the showtime is cancelled.
    pub async fn showtime_facts(
        &self,
        showtime_id: &str,
    ) -> Result<Arc<ShowtimeFacts>, CinemasError> {
        if let Some(hit) = self.facts.get(showtime_id) {
            return Ok(hit);
        }
        let gen = self.facts_gen.load(Ordering::SeqCst);
        let key = showtime_id.to_string();
        let open_days = Duration::days(i64::from(self.settings.sales_open_days));
        let facts = self
            .db
            .call(move |c| {
                let r = st::by_id(c, &key)?.ok_or(CinemasError::ShowtimeNotFound(key))?;
                let table = PriceTable::new(&store::prices_of(c, &r.hall_id)?);
                let seats = store::seats_of(c, &r.hall_id)?
                    .into_iter()
                    .map(|s| SeatFact {
                        label: s.label(),
                        price: table.price(s.seat_type, r.day_type).unwrap_or(0),
                        id: s.id,
                        row: s.row,
                        number: s.number,
                        column: s.column,
                        seat_type: s.seat_type,
                        condition: s.status,
                        couple_with: s.couple_with,
                    })
                    .collect();
                let base = ShowtimeFacts::skeleton(
                    r.id,
                    r.movie_id,
                    r.cinema_id,
                    r.hall_id,
                    r.hall_name,
                    r.start,
                    r.end,
                    r.start - open_days,
                    r.cancelled,
                    r.day_type,
                    r.format,
                    r.seats_taken,
                    r.grid_columns,
                );
                Ok::<_, CinemasError>(Arc::new(ShowtimeFacts::new(base, seats)))
            })
            .await?;
        if self.facts_gen.load(Ordering::SeqCst) == gen {
            self.facts.insert(showtime_id.to_string(), facts.clone());
        }
        Ok(facts)
    }

    /// The seat map read model: the hall grid with each seat's price and condition
    /// (AVAILABLE / BROKEN / MAINTENANCE), `seq` 0. Holds and bookings overlay it.
    pub async fn seat_map(&self, showtime_id: &str) -> Result<SeatMap, CinemasError> {
        let facts = self.showtime_facts(showtime_id).await?;
        let showtime = self.showtime(showtime_id).await?;
        Ok(SeatMap::from_facts(&facts, showtime))
    }
}

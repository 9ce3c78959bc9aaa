//! Showtime rules: batch scheduling (overlap, pricing and runtime checks in one write),
//! reads with status from the clock, cancellation, and the cached facts / seat map other
//! domains build on.

use super::pricing::{self, PriceTable};
use super::schedule::{self, Clash, MAX_BATCH};
use super::seatmap::{SeatFact, SeatMap, ShowtimeFacts};
use super::store::{self, showtimes as st};
use super::{Cinemas, CinemasError, Format, HallType, SeatType, Showtime};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A daily schedule: every time (local) on every date of a range.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    /// "HH:MM", local to the cinema.
    pub times: Vec<String>,
}

/// Body of `POST /api/v1/showtimes/batch`: one movie in one hall at many start times.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    pub movie_id: String,
    pub hall_id: String,
    pub format: Format,
    pub language: String,
    #[serde(default)]
    pub subtitles: Vec<String>,
    /// RFC 3339 instants (with offset); or use `daily`.
    #[serde(default)]
    pub start_times: Option<Vec<String>>,
    #[serde(default)]
    pub daily: Option<Daily>,
}

fn fmt_local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

impl Cinemas {
    fn starts(&self, b: &BatchRequest, tz: Tz) -> Result<Vec<DateTime<Utc>>, CinemasError> {
        let (starts, field) = match (&b.start_times, &b.daily) {
            (Some(list), None) => {
                let mut out = Vec::new();
                for (i, s) in list.iter().enumerate() {
                    let at = DateTime::parse_from_rfc3339(s).map_err(|_| {
                        CinemasError::invalid(
                            format!("start_times[{i}]"),
                            "must be RFC 3339, e.g. 2026-11-25T10:00:00+07:00",
                        )
                    })?;
                    out.push(at.with_timezone(&Utc));
                }
                (out, "start_times")
            }
            (None, Some(d)) => {
                let mut times = Vec::new();
                for (i, t) in d.times.iter().enumerate() {
                    times.push(NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| {
                        CinemasError::invalid(format!("daily.times[{i}]"), "must be HH:MM")
                    })?);
                }
                (
                    schedule::expand_daily(d.from_date, d.to_date, &times, tz)?,
                    "daily",
                )
            }
            _ => {
                return Err(CinemasError::invalid(
                    "start_times",
                    "give either start_times or daily, not both or neither",
                ))
            }
        };
        if starts.is_empty() || starts.len() > MAX_BATCH {
            return Err(CinemasError::invalid(
                field,
                format!("must give 1 to {MAX_BATCH} start times"),
            ));
        }
        let now = self.clock.now();
        for (i, s) in starts.iter().enumerate() {
            let name = if field == "daily" {
                field.to_string()
            } else {
                format!("{field}[{i}]")
            };
            if s.second() != 0 || s.nanosecond() != 0 {
                return Err(CinemasError::invalid(name, "must be on a whole minute"));
            }
            if *s <= now {
                return Err(CinemasError::invalid(
                    name,
                    format!("{} is in the past", fmt_local(*s, tz)),
                ));
            }
        }
        Ok(starts)
    }

    /// Schedule one movie in one hall at many start times, all or nothing. End = start +
    /// runtime + cleaning gap. Refused naming every clash with the hall's showtimes (or within
    /// the batch), and naming every missing price for the day types involved.
    pub async fn schedule(&self, b: BatchRequest) -> Result<Vec<Showtime>, CinemasError> {
        let language = b.language.trim().to_string();
        if language.is_empty() || language.len() > 40 {
            return Err(CinemasError::invalid(
                "language",
                "must be 1 to 40 characters",
            ));
        }
        if b.subtitles.len() > 5
            || b.subtitles
                .iter()
                .any(|s| s.trim().is_empty() || s.len() > 40)
        {
            return Err(CinemasError::invalid(
                "subtitles",
                "at most 5 names of 1 to 40 characters",
            ));
        }
        let movie =
            self.catalog.brief(&b.movie_id).await?.ok_or_else(|| {
                CinemasError::invalid("movie_id", format!("no movie {}", b.movie_id))
            })?;
        let hall_id = b.hall_id.clone();
        let hall = self
            .db
            .call(move |c| store::hall_by_id(c, &hall_id))
            .await?;
        let hall =
            hall.ok_or_else(|| CinemasError::invalid("hall_id", format!("no hall {}", b.hall_id)))?;
        match (b.format, hall.hall_type) {
            (Format::Imax, t) if t != HallType::Imax => {
                return Err(CinemasError::invalid(
                    "format",
                    format!("IMAX needs an IMAX hall; {} is {t}", hall.name),
                ))
            }
            (Format::FourDx, t) if t != HallType::FourDx => {
                return Err(CinemasError::invalid(
                    "format",
                    format!("4DX needs a FOUR_DX hall; {} is {t}", hall.name),
                ))
            }
            _ => {}
        }
        let cinema = self.cinema(&hall.cinema_id).await?;
        let tz = self.tz_of(Some(&cinema.timezone));
        let starts = self.starts(&b, tz)?;
        let length = Duration::minutes(
            i64::from(movie.runtime_minutes) + i64::from(self.settings.cleaning_gap_minutes),
        );
        let slots: Vec<(DateTime<Utc>, DateTime<Utc>)> =
            starts.iter().map(|s| (*s, *s + length)).collect();
        let now = st::ts(self.clock.now());
        let subtitles: Vec<String> = b.subtitles.iter().map(|s| s.trim().to_string()).collect();
        let (movie_id, format) = (movie.id.clone(), b.format);
        let written = self
            .db
            .write(move |tx| {
                // Everything is re-read under the write lock: holidays, prices, the hall's showtimes.
                let holidays: HashSet<NaiveDate> =
                    store::holidays(tx)?.into_iter().map(|h| h.date).collect();
                let types: BTreeSet<SeatType> = store::seats_of(tx, &hall.id)?
                    .iter()
                    .map(|s| s.seat_type)
                    .collect();
                let table = PriceTable::new(&store::prices_of(tx, &hall.id)?);
                let days: Vec<_> = slots
                    .iter()
                    .map(|s| pricing::day_type(pricing::local_date(s.0, tz), &holidays))
                    .collect();
                let mut missing = Vec::new();
                for d in days.iter().collect::<BTreeSet<_>>() {
                    missing.extend(table.missing(&hall.name, &types, *d));
                }
                if !missing.is_empty() {
                    return Err(CinemasError::MissingPrices(missing));
                }
                let first = slots.iter().map(|s| s.0).min().unwrap_or_default();
                let last = slots.iter().map(|s| s.1).max().unwrap_or_default();
                let clashes =
                    schedule::clashes(&slots, &st::booked_in_hall(tx, &hall.id, first, last)?);
                if !clashes.is_empty() {
                    return Ok(Err(clashes));
                }
                let mut rows = Vec::new();
                for (slot, day) in slots.iter().zip(days) {
                    let id = uuid::Uuid::now_v7().to_string();
                    st::insert(
                        tx,
                        &st::NewShowtimeRow {
                            id: &id,
                            movie_id: &movie_id,
                            cinema_id: &hall.cinema_id,
                            hall_id: &hall.id,
                            start: slot.0,
                            end: slot.1,
                            format,
                            language: &language,
                            subtitles: &subtitles,
                            day_type: day,
                            total_seats: hall.capacity,
                            now: &now,
                        },
                    )?;
                    rows.extend(st::by_id(tx, &id)?);
                }
                Ok(Ok(rows))
            })
            .await?;
        match written {
            Ok(rows) => Ok(rows
                .into_iter()
                .map(|r| self.view(r, &movie.title, None))
                .collect()),
            Err(clashes) => Err(CinemasError::Overlap(self.describe(&clashes, tz).await)),
        }
    }

    async fn describe(&self, clashes: &[Clash], tz: Tz) -> Vec<String> {
        let mut out = Vec::new();
        for c in clashes {
            let what = match (&c.with, c.batch_start) {
                (Some(b), _) => format!(
                    "showtime {} ({}, {} to {})",
                    b.id,
                    self.title(&b.movie_id).await,
                    fmt_local(b.start, tz),
                    b.end.with_timezone(&tz).format("%H:%M")
                ),
                (None, Some(other)) => format!("{} in this batch", fmt_local(other, tz)),
                (None, None) => String::from("another showtime"),
            };
            out.push(format!("{} overlaps {what}", fmt_local(c.start, tz)));
        }
        out
    }

    async fn title(&self, movie_id: &str) -> String {
        match self.catalog.brief(movie_id).await {
            Ok(Some(m)) => m.title,
            _ => format!("movie {movie_id}"),
        }
    }

    /// A stored row as the API shows it, status from the clock.
    fn view(
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

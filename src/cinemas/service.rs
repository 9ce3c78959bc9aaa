//! Rules of cinemas, halls, seats, prices and the holiday calendar. Showtimes are in
//! [`super::showtimes`]; both are `impl Cinemas`.

use super::layout::{self, LayoutSpec};
use super::pricing::{self, PriceTable};
use super::seatmap::ShowtimeFacts;
use super::store::{self, showtimes as st};
use super::{
    geo, Cinema, CinemasError, Hall, HallDetail, HallType, Holiday, LayoutType, NewCinema, Price,
    Seat, SeatStatus,
};
use crate::catalog::search::fold;
use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::db::Db;
use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use moka::sync::Cache;
use serde::Deserialize;
use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Highest accepted ticket price, VND.
pub const MAX_PRICE: i64 = 10_000_000;

/// The cinemas service.
#[derive(Clone)]
pub struct Cinemas {
    pub(super) db: Db,
    pub(super) clock: Clock,
    pub(super) catalog: Catalog,
    pub(super) settings: crate::config::Cinema,
    pub(super) tz: Tz,
    pub(super) facts: Cache<String, Arc<ShowtimeFacts>>,
    /// Bumped on every invalidation so a load that raced one is not cached.
    pub(super) facts_gen: Arc<AtomicU64>,
}

/// Filters of the cinema list (`GET /api/v1/cinemas`).
#[derive(Debug, Clone, Default)]
pub struct CinemaFilter {
    /// Words in the name or address (case and accent insensitive).
    pub q: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    /// Every one must be among the cinema's amenities.
    pub amenities: Vec<String>,
    pub hall_type: Option<HallType>,
    pub min_rating: Option<f64>,
    /// (latitude, longitude, radius km): within the radius, nearest first.
    pub near: Option<(f64, f64, f64)>,
}

/// Body of hall creation.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHall {
    pub name: String,
    pub hall_type: HallType,
    #[serde(default = "default_layout_type")]
    pub layout_type: LayoutType,
    pub layout: LayoutSpec,
}

fn default_layout_type() -> LayoutType {
    LayoutType::Standard
}

fn text(field: &str, v: &str, max: usize) -> Result<String, CinemasError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(CinemasError::invalid(
            field,
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(v.to_string())
}

/// Check and tidy a cinema body; the error names the field.
pub fn validate_cinema(mut c: NewCinema) -> Result<NewCinema, CinemasError> {
    c.name = text("name", &c.name, 200)?;
    c.address = text("address", &c.address, 300)?;
    c.city = text("city", &c.city, 100)?;
    c.district = text("district", &c.district, 100)?;
    if !(-90.0..=90.0).contains(&c.latitude) {
        return Err(CinemasError::invalid(
            "latitude",
            "must be between -90 and 90",
        ));
    }
    if !(-180.0..=180.0).contains(&c.longitude) {
        return Err(CinemasError::invalid(
            "longitude",
            "must be between -180 and 180",
        ));
    }
    if !(0.0..=5.0).contains(&c.rating) {
        return Err(CinemasError::invalid("rating", "must be between 0 and 5"));
    }
    let mut amenities: Vec<String> = Vec::new();
    for (i, a) in c.amenities.iter().enumerate() {
        let a = text(&format!("amenities[{i}]"), a, 50)?;
        if !amenities.iter().any(|x| fold(x) == fold(&a)) {
            amenities.push(a);
        }
    }
    c.amenities = amenities;
    if let Some(tz) = &c.timezone {
        if tz.parse::<Tz>().is_err() {
            return Err(CinemasError::invalid(
                "timezone",
                "must be an IANA time zone such as Asia/Ho_Chi_Minh",
            ));
        }
    }
    Ok(c)
}

impl Cinemas {
    /// Build the service over cinemas.db; movie facts come from `catalog`.
    pub fn new(db: Db, catalog: Catalog, settings: &crate::config::Settings, clock: Clock) -> Self {
        Cinemas {
            db,
            clock,
            catalog,
            settings: settings.cinema.clone(),
            tz: settings.timezone(),
            facts: Cache::builder().max_capacity(20_000).build(),
            facts_gen: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The time zone of a cinema (its own, else the site setting).
    pub(super) fn tz_of(&self, stored: Option<&str>) -> Tz {
        stored.and_then(|s| s.parse().ok()).unwrap_or(self.tz)
    }

    fn with_tz(&self, (mut c, tz): (Cinema, Option<String>)) -> Cinema {
        c.timezone = self.tz_of(tz.as_deref()).name().to_string();
        c
    }

    /// Drop cached showtime facts (one showtime, or all with `None`).
    pub(super) fn invalidate(&self, showtime_id: Option<&str>) {
        self.facts_gen.fetch_add(1, Ordering::SeqCst);
        match showtime_id {
            Some(id) => self.facts.invalidate(id),
            None => self.facts.invalidate_all(),
        }
    }

    /// Create a cinema.
    pub async fn create_cinema(&self, c: NewCinema) -> Result<Cinema, CinemasError> {
        let c = validate_cinema(c)?;
        let id = uuid::Uuid::now_v7().to_string();
        self.write_cinema(id, c).await
    }

    /// Replace a cinema's fields.
    pub async fn update_cinema(&self, id: &str, c: NewCinema) -> Result<Cinema, CinemasError> {
        let c = validate_cinema(c)?;
        self.cinema(id).await?;
        let out = self.write_cinema(id.to_string(), c).await?;
        self.invalidate(None);
        Ok(out)
    }

    async fn write_cinema(&self, id: String, c: NewCinema) -> Result<Cinema, CinemasError> {
        let now = st::ts(self.clock.now());
        let row = self
            .db
            .write(move |tx| {
                store::upsert_cinema(tx, &id, &c, &now)?;
                store::cinema_by_id(tx, &id)?.ok_or(CinemasError::CinemaNotFound(id))
            })
            .await?;
        Ok(self.with_tz(row))
    }

    /// Delete a cinema with its halls, seats and prices; refused while it has showtimes.
    pub async fn delete_cinema(&self, id: &str) -> Result<(), CinemasError> {
        let key = id.to_string();
        let found = self
            .db
            .write(move |tx| store::delete_cinema(tx, &key))
            .await?;
        if !found {
            return Err(CinemasError::CinemaNotFound(id.to_string()));
        }
        Ok(())
    }

    /// One cinema.
    pub async fn cinema(&self, id: &str) -> Result<Cinema, CinemasError> {
        let key = id.to_string();
        let row = self.db.call(move |c| store::cinema_by_id(c, &key)).await?;
        row.map(|r| self.with_tz(r))
            .ok_or_else(|| CinemasError::CinemaNotFound(id.to_string()))
    }

    /// Cinemas matching a filter: by name, or nearest first with `distance_km` when `near`.
    pub async fn list_cinemas(&self, f: &CinemaFilter) -> Result<Vec<Cinema>, CinemasError> {
        let all = self.db.call(|c| store::all_cinemas(c)).await?;
        let q: Vec<String> =
            f.q.as_deref()
                .map(fold)
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
        let same =
            |a: &str, b: &Option<String>| b.as_ref().is_none_or(|b| fold(a) == fold(b.trim()));
        let mut out: Vec<Cinema> = Vec::new();
        for row in all {
            let mut c = self.with_tz(row);
            let hay = fold(&format!("{} {}", c.name, c.address));
            let amenities: HashSet<String> = c.amenities.iter().map(|a| fold(a)).collect();
            let keep = q.iter().all(|w| hay.contains(w.as_str()))
                && same(&c.city, &f.city)
                && same(&c.district, &f.district)
                && f.amenities
                    .iter()
                    .all(|a| amenities.contains(&fold(a.trim())))
                && f.hall_type.is_none_or(|t| c.hall_types.contains(&t))
                && f.min_rating.is_none_or(|m| c.rating >= m);
            if !keep {
                continue;
            }
            if let Some((lat, lng, radius)) = f.near {
                let d = geo::haversine_km(lat, lng, c.latitude, c.longitude);
                if d > radius {
                    continue;
                }
                c.distance_km = Some((d * 100.0).round() / 100.0);
            }
            out.push(c);
        }
        if f.near.is_some() {
            out.sort_by(|a, b| {
                a.distance_km
                    .partial_cmp(&b.distance_km)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        Ok(out)
    }

    /// Create a hall and its seats from a layout description.
    pub async fn create_hall(
        &self,
        cinema_id: &str,
        h: NewHall,
    ) -> Result<HallDetail, CinemasError> {
        let name = text("name", &h.name, 100)?;
        let plan = layout::plan(&h.layout)?;
        let layout_json = serde_json::to_string(&h.layout).unwrap_or_default();
        self.cinema(cinema_id).await?;
        let id = uuid::Uuid::now_v7().to_string();
        let cinema_id = cinema_id.to_string();
        let now = st::ts(self.clock.now());
        let hall_id = id.clone();
        self.db
            .write(move |tx| {
                let row = store::NewHallRow {
                    id: &id,
                    cinema_id: &cinema_id,
                    name: &name,
                    hall_type: h.hall_type,
                    layout_type: h.layout_type,
                    layout_json: &layout_json,
                    now: &now,
                };
                store::insert_hall(tx, &row, &plan)
            })
            .await?;
        self.hall(&hall_id).await
    }

    /// A hall with its seats and prices.
    pub async fn hall(&self, id: &str) -> Result<HallDetail, CinemasError> {
        let key = id.to_string();
        self.db
            .call(move |c| {
                let hall =
                    store::hall_by_id(c, &key)?.ok_or(CinemasError::HallNotFound(key.clone()))?;
                Ok(HallDetail {
                    seats: store::seats_of(c, &key)?,
                    prices: store::prices_of(c, &key)?,
                    hall,
                })
            })
            .await
    }

    /// Halls of a cinema.
    pub async fn halls(&self, cinema_id: &str) -> Result<Vec<Hall>, CinemasError> {
        self.cinema(cinema_id).await?;
        let key = cinema_id.to_string();
        self.db.call(move |c| store::halls_of(c, &key)).await
    }

    /// Change a seat's condition; both halves of a couple seat change together. Returns the
    /// changed seats.
    pub async fn set_seat_status(
        &self,
        seat_id: &str,
        status: SeatStatus,
    ) -> Result<Vec<Seat>, CinemasError> {
        let key = seat_id.to_string();
        let out = self
            .db
            .write(move |tx| {
                let seat =
                    store::seat_by_id(tx, &key)?.ok_or(CinemasError::SeatNotFound(key.clone()))?;
                let mut ids = vec![seat.id.clone()];
                ids.extend(seat.couple_with.clone());
                let mut out = Vec::new();
                for id in ids {
                    store::set_seat_status(tx, &id, status)?;
                    out.extend(store::seat_by_id(tx, &id)?);
                }
                Ok::<_, CinemasError>(out)
            })
            .await?;
        self.invalidate(None);
        Ok(out)
    }

    /// Set prices of a hall (each combination inserted or replaced). Returns the hall's table.
    pub async fn set_prices(
        &self,
        hall_id: &str,
        prices: Vec<Price>,
    ) -> Result<Vec<Price>, CinemasError> {
        if prices.is_empty() {
            return Err(CinemasError::invalid(
                "prices",
                "must list at least one price",
            ));
        }
        for (i, p) in prices.iter().enumerate() {
            if !(1..=MAX_PRICE).contains(&p.price) {
                return Err(CinemasError::invalid(
                    format!("prices[{i}].price"),
                    format!("must be between 1 and {MAX_PRICE} VND"),
                ));
            }
        }
        let key = hall_id.to_string();
        let now = st::ts(self.clock.now());
        let out = self
            .db
            .write(move |tx| {
                store::hall_by_id(tx, &key)?.ok_or(CinemasError::HallNotFound(key.clone()))?;
                for p in &prices {
                    store::upsert_price(tx, &key, p, &now)?;
                }
                store::prices_of(tx, &key)
            })
            .await?;
        self.invalidate(None);
        Ok(out)
    }

    /// A hall's prices.
    pub async fn prices(&self, hall_id: &str) -> Result<Vec<Price>, CinemasError> {
        Ok(self.hall(hall_id).await?.prices)
    }

    /// The holiday calendar.
    pub async fn holidays(&self) -> Result<Vec<Holiday>, CinemasError> {
        self.db.call(|c| store::holidays(c)).await
    }

    /// Add a holiday. Showtimes on that local date that have not ended become HOLIDAY; refused,
    /// naming the combination, if one of their halls has no HOLIDAY price for a seat type.
    pub async fn add_holiday(&self, h: Holiday) -> Result<Holiday, CinemasError> {
        let name = text("name", &h.name, 100)?;
        let h = Holiday { date: h.date, name };
        let out = h.clone();
        let this = self.clone();
        self.db
            .write(move |tx| {
                store::insert_holiday(tx, &h)?;
                this.retype_showtimes(tx, h.date)
            })
            .await?;
        self.invalidate(None);
        Ok(out)
    }

    /// Remove a holiday; its showtimes go back to WEEKDAY/WEEKEND (with the same price check).
    pub async fn delete_holiday(&self, date: NaiveDate) -> Result<(), CinemasError> {
        let this = self.clone();
        self.db
            .write(move |tx| {
                if !store::delete_holiday(tx, date)? {
                    return Err(CinemasError::HolidayNotFound(date.to_string()));
                }
                this.retype_showtimes(tx, date)
            })
            .await?;
        self.invalidate(None);
        Ok(())
    }

    /// Recompute the day type of not-yet-ended showtimes on a local date (inside a write).
    fn retype_showtimes(
        &self,
        tx: &rusqlite::Connection,
        date: NaiveDate,
    ) -> Result<(), CinemasError> {
        let holidays: HashSet<NaiveDate> =
            store::holidays(tx)?.into_iter().map(|h| h.date).collect();
        let from = date
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc() - Duration::days(1));
        let filter = st::Filter {
            from,
            to: from.map(|f| f + Duration::days(3)),
            ..Default::default()
        };
        let now = self.clock.now();
        let mut missing = Vec::new();
        for s in st::list(tx, &filter)? {
            let tz = self.tz_of(s.cinema_timezone.as_deref());
            if s.end <= now || pricing::local_date(s.start, tz) != date {
                continue;
            }
            let day = pricing::day_type(date, &holidays);
            if day == s.day_type {
                continue;
            }
            let types: BTreeSet<_> = store::seats_of(tx, &s.hall_id)?
                .iter()
                .map(|x| x.seat_type)
                .collect();
            let table = PriceTable::new(&store::prices_of(tx, &s.hall_id)?);
            for m in table.missing(&s.hall_name, &types, day) {
                if !missing.contains(&m) {
                    missing.push(m);
                }
            }
            st::set_day_type(tx, &s.id, day)?;
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(CinemasError::MissingPrices(missing))
        }
    }
}

//! Batch scheduling: one movie in one hall at many start times, all or nothing. The same
//! checks (runtime + cleaning gap, format against the hall, prices for every day type, clashes
//! with the hall's showtimes and within the batch) run for a dry run ([`Cinemas::check_schedule`],
//! which the planner shows before saving) and inside the write that saves.

use super::pricing::{self, PriceTable};
use super::schedule::{self, Clash, MAX_BATCH};
use super::store::{self, showtimes as st};
use super::{Cinemas, CinemasError, DayType, Format, Hall, HallType, SeatType, Showtime};
use crate::catalog::MovieBrief;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// A daily schedule: every time (local) on every date of a range.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    /// "HH:MM", local to the cinema.
    pub times: Vec<String>,
}

/// Body of `POST /api/v1/showtimes/batch`: one movie in one hall at many start times.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
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

/// What a planned start time runs into.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SlotClash {
    /// A showtime already in the hall.
    Showtime {
        id: String,
        movie_title: String,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// An earlier start time of the same batch.
    Batch { start: DateTime<Utc> },
}

/// One start time of a batch as checked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlannedSlot {
    pub start: DateTime<Utc>,
    /// Start + runtime + cleaning gap.
    pub end: DateTime<Utc>,
    pub day_type: DayType,
    /// Empty when the slot is free.
    pub clashes: Vec<SlotClash>,
}

/// A batch checked without saving.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchCheck {
    pub movie_title: String,
    pub hall_name: String,
    /// The cinema's time zone (IANA name).
    pub timezone: String,
    pub slots: Vec<PlannedSlot>,
    /// "hall: SEAT_TYPE on DAY_TYPE" combinations without a price.
    pub missing_prices: Vec<String>,
}

impl BatchCheck {
    /// Would saving succeed (as of this check)?
    pub fn ok(&self) -> bool {
        self.missing_prices.is_empty() && self.slots.iter().all(|s| s.clashes.is_empty())
    }
}

/// A validated batch, before the hall's state is read.
struct Prepared {
    movie: MovieBrief,
    hall: Hall,
    tz: Tz,
    slots: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    language: String,
    subtitles: Vec<String>,
    format: Format,
}

/// What the hall's state says of a prepared batch (read under the write lock when saving).
struct Vetted {
    days: Vec<DayType>,
    missing: Vec<String>,
    clashes: Vec<Clash>,
}

/// Dates a schedule may name (keeps date arithmetic far from chrono's limits).
pub const MIN_YEAR: i32 = 2000;
/// See [`MIN_YEAR`].
pub const MAX_YEAR: i32 = 2100;

fn fmt_local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn vet(tx: &rusqlite::Connection, p: &Prepared) -> Result<Vetted, CinemasError> {
    let holidays: HashSet<NaiveDate> = store::holidays(tx)?.into_iter().map(|h| h.date).collect();
    let types: BTreeSet<SeatType> = store::seats_of(tx, &p.hall.id)?
        .iter()
        .map(|s| s.seat_type)
        .collect();
    let table = PriceTable::new(&store::prices_of(tx, &p.hall.id)?);
    let days: Vec<_> = p
        .slots
        .iter()
        .map(|s| pricing::day_type(pricing::local_date(s.0, p.tz), &holidays))
        .collect();
    let mut missing = Vec::new();
    for d in days.iter().collect::<BTreeSet<_>>() {
        missing.extend(table.missing(&p.hall.name, &types, *d));
    }
    let first = p.slots.iter().map(|s| s.0).min().unwrap_or_default();
    let last = p.slots.iter().map(|s| s.1).max().unwrap_or_default();
    let clashes = schedule::clashes(&p.slots, &st::booked_in_hall(tx, &p.hall.id, first, last)?);
    Ok(Vetted {
        days,
        missing,
        clashes,
    })
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
                    let at = at.with_timezone(&Utc);
                    if !(MIN_YEAR..=MAX_YEAR).contains(&at.year()) {
                        return Err(CinemasError::invalid(
                            format!("start_times[{i}]"),
                            format!("must be in the years {MIN_YEAR} to {MAX_YEAR}"),
                        ));
                    }
                    out.push(at);
                }
                (out, "start_times")
            }
            (None, Some(d)) => {
                for (field, day) in [
                    ("daily.from_date", d.from_date),
                    ("daily.to_date", d.to_date),
                ] {
                    if !(MIN_YEAR..=MAX_YEAR).contains(&day.year()) {
                        return Err(CinemasError::invalid(
                            field,
                            format!("must be a date from {MIN_YEAR} to {MAX_YEAR}"),
                        ));
                    }
                }
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
        let mut seen = HashSet::new();
        for (i, s) in starts.iter().enumerate() {
            if !seen.insert(*s) {
                let name = if field == "daily" {
                    "daily.times".to_string()
                } else {
                    format!("{field}[{i}]")
                };
                return Err(CinemasError::invalid(
                    name,
                    format!("{} is given twice", fmt_local(*s, tz)),
                ));
            }
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

    /// Every check that needs no lock: fields, the movie, the hall and its type, start times.
    async fn prepare(&self, b: &BatchRequest) -> Result<Prepared, CinemasError> {
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
        let starts = self.starts(b, tz)?;
        let length = Duration::minutes(
            i64::from(movie.runtime_minutes) + i64::from(self.settings.cleaning_gap_minutes),
        );
        Ok(Prepared {
            slots: starts.iter().map(|s| (*s, *s + length)).collect(),
            subtitles: b.subtitles.iter().map(|s| s.trim().to_string()).collect(),
            format: b.format,
            movie,
            hall,
            tz,
            language,
        })
    }

    /// Check a batch without saving: each start time with its end, day type and clashes, and
    /// the prices the hall lacks. Bad fields are refused as when saving.
    pub async fn check_schedule(&self, b: &BatchRequest) -> Result<BatchCheck, CinemasError> {
        let p = Arc::new(self.prepare(b).await?);
        let read = p.clone();
        let v = self.db.call(move |c| vet(c, &read)).await?;
        let mut slots = Vec::with_capacity(p.slots.len());
        for (slot, day) in p.slots.iter().zip(&v.days) {
            let mut clashes = Vec::new();
            for c in v.clashes.iter().filter(|c| c.start == slot.0) {
                clashes.push(match (&c.with, c.batch_start) {
                    (Some(b), _) => SlotClash::Showtime {
                        id: b.id.clone(),
                        movie_title: self.title(&b.movie_id).await,
                        start: b.start,
                        end: b.end,
                    },
                    (None, Some(start)) => SlotClash::Batch { start },
                    (None, None) => continue,
                });
            }
            slots.push(PlannedSlot {
                start: slot.0,
                end: slot.1,
                day_type: *day,
                clashes,
            });
        }
        Ok(BatchCheck {
            movie_title: p.movie.title.clone(),
            hall_name: p.hall.name.clone(),
            timezone: p.tz.name().to_string(),
            slots,
            missing_prices: v.missing,
        })
    }

    /// Schedule one movie in one hall at many start times, all or nothing. End = start +
    /// runtime + cleaning gap. Refused naming every clash with the hall's showtimes (or within
    /// the batch), and naming every missing price for the day types involved.
    pub async fn schedule(&self, b: BatchRequest) -> Result<Vec<Showtime>, CinemasError> {
        let p = Arc::new(self.prepare(&b).await?);
        let now = st::ts(self.clock.now());
        let w = p.clone();
        let written = self
            .db
            .write(move |tx| {
                // Everything is re-read under the write lock: holidays, prices, the hall's showtimes.
                let v = vet(tx, &w)?;
                if !v.missing.is_empty() {
                    return Err(CinemasError::MissingPrices(v.missing));
                }
                if !v.clashes.is_empty() {
                    return Ok(Err(v.clashes));
                }
                let mut rows = Vec::new();
                for (slot, day) in w.slots.iter().zip(v.days) {
                    let id = uuid::Uuid::now_v7().to_string();
                    st::insert(
                        tx,
                        &st::NewShowtimeRow {
                            id: &id,
                            movie_id: &w.movie.id,
                            cinema_id: &w.hall.cinema_id,
                            hall_id: &w.hall.id,
                            start: slot.0,
                            end: slot.1,
                            format: w.format,
                            language: &w.language,
                            subtitles: &w.subtitles,
                            day_type: day,
                            total_seats: w.hall.capacity,
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
                .map(|r| self.view(r, &p.movie.title, None))
                .collect()),
            Err(clashes) => Err(CinemasError::Overlap(self.describe(&clashes, p.tz).await)),
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
}

use std::sync::Arc;

//! SQL of showtimes. Instants are RFC 3339 UTC text in one fixed format (`…T10:00:00Z`), so
//! text comparison is time comparison.

use super::{code, string_list};
use crate::cinemas::schedule::Booked;
use crate::cinemas::{CinemasError, DayType, Format, HallType};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

/// The one text form of a stored instant.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant(row: &Row<'_>, col: &str) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(col)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e)))
}

/// A stored showtime with its hall's name, type and seat count and its cinema's time zone.
#[derive(Debug, Clone)]
pub struct ShowtimeRow {
    pub id: String,
    pub movie_id: String,
    pub cinema_id: String,
    pub hall_id: String,
    pub hall_name: String,
    pub hall_type: HallType,
    pub grid_columns: u32,
    pub cinema_timezone: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub format: Format,
    pub language: String,
    pub subtitles: Vec<String>,
    pub day_type: DayType,
    pub total_seats: u32,
    /// Seats of the hall in condition ACTIVE, now.
    pub active_seats: u32,
    pub seats_taken: u32,
    pub cancelled: bool,
    pub cancel_reason: Option<String>,
}

fn showtime_from_row(row: &Row<'_>) -> rusqlite::Result<ShowtimeRow> {
    let cancelled_at: Option<String> = row.get("cancelled_at")?;
    Ok(ShowtimeRow {
        id: row.get("id")?,
        movie_id: row.get("movie_id")?,
        cinema_id: row.get("cinema_id")?,
        hall_id: row.get("hall_id")?,
        hall_name: row.get("hall_name")?,
        hall_type: code(row, "hall_type", HallType::parse)?,
        grid_columns: row.get("grid_columns")?,
        cinema_timezone: row.get("timezone")?,
        start: instant(row, "start_time")?,
        end: instant(row, "end_time")?,
        format: code(row, "format", Format::parse)?,
        language: row.get("language")?,
        subtitles: string_list(row, "subtitles")?,
        day_type: code(row, "day_type", DayType::parse)?,
        total_seats: row.get("total_seats")?,
        active_seats: row.get("active_seats")?,
        seats_taken: row.get("seats_taken")?,
        cancelled: cancelled_at.is_some(),
        cancel_reason: row.get("cancel_reason")?,
    })
}

const SHOWTIME_SELECT: &str = "SELECT s.*, h.name AS hall_name, h.hall_type, h.grid_columns,
        c.timezone,
        (SELECT count(*) FROM seats x WHERE x.hall_id = s.hall_id AND x.status = 'ACTIVE')
            AS active_seats
   FROM showtimes s JOIN halls h ON h.id = s.hall_id JOIN cinemas c ON c.id = s.cinema_id";

/// A new showtime.
pub struct NewShowtimeRow<'a> {
    pub id: &'a str,
    pub movie_id: &'a str,
    pub cinema_id: &'a str,
    pub hall_id: &'a str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub format: Format,
    pub language: &'a str,
    pub subtitles: &'a [String],
    pub day_type: DayType,
    pub total_seats: u32,
    pub now: &'a str,
}

/// Insert a showtime.
pub fn insert(conn: &Connection, s: &NewShowtimeRow<'_>) -> Result<(), CinemasError> {
    conn.prepare_cached(
        "INSERT INTO showtimes (id, movie_id, cinema_id, hall_id, start_time, end_time, format,
                                language, subtitles, day_type, total_seats, created_at)
         VALUES (:id, :movie, :cinema, :hall, :start, :end, :format, :lang, :subs, :day,
                 :total, :now)",
    )?
    .execute(named_params! {
        ":id": s.id, ":movie": s.movie_id, ":cinema": s.cinema_id, ":hall": s.hall_id,
        ":start": ts(s.start), ":end": ts(s.end), ":format": s.format.as_str(),
        ":lang": s.language, ":subs": serde_json::to_string(s.subtitles).unwrap_or_default(),
        ":day": s.day_type.as_str(), ":total": s.total_seats, ":now": s.now,
    })?;
    Ok(())
}

/// Non-cancelled showtimes of a hall that end after `from` and start before `to`.
pub fn booked_in_hall(
    conn: &Connection,
    hall_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Booked>, CinemasError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, movie_id, start_time, end_time FROM showtimes
          WHERE hall_id = :h AND cancelled_at IS NULL AND end_time > :from AND start_time < :to
          ORDER BY start_time",
    )?;
    let rows = stmt.query_map(
        named_params! {":h": hall_id, ":from": ts(from), ":to": ts(to)},
        |r| {
            Ok(Booked {
                id: r.get("id")?,
                movie_id: r.get("movie_id")?,
                start: instant(r, "start_time")?,
                end: instant(r, "end_time")?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One showtime.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<ShowtimeRow>, CinemasError> {
    Ok(conn
        .prepare_cached(&format!("{SHOWTIME_SELECT} WHERE s.id = :id"))?
        .query_row(named_params! {":id": id}, showtime_from_row)
        .optional()?)
}

/// Filter of [`list`].
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub movie_id: Option<String>,
    pub cinema_id: Option<String>,
    pub hall_id: Option<String>,
    /// Starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Starting before.
    pub to: Option<DateTime<Utc>>,
    pub include_cancelled: bool,
}

/// Showtimes matching a filter, by start time.
pub fn list(conn: &Connection, f: &Filter) -> Result<Vec<ShowtimeRow>, CinemasError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SHOWTIME_SELECT}
          WHERE (:movie IS NULL OR s.movie_id = :movie)
            AND (:cinema IS NULL OR s.cinema_id = :cinema)
            AND (:hall IS NULL OR s.hall_id = :hall)
            AND (:from IS NULL OR s.start_time >= :from)
            AND (:to IS NULL OR s.start_time < :to)
            AND (:cancelled OR s.cancelled_at IS NULL)
          ORDER BY s.start_time, h.name"
    ))?;
    let rows = stmt.query_map(
        named_params! {
            ":movie": f.movie_id, ":cinema": f.cinema_id, ":hall": f.hall_id,
            ":from": f.from.map(ts), ":to": f.to.map(ts), ":cancelled": f.include_cancelled,
        },
        showtime_from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Mark a showtime cancelled.
pub fn cancel(
    conn: &Connection,
    id: &str,
    reason: Option<&str>,
    now: &str,
) -> Result<(), CinemasError> {
    conn.prepare_cached(
        "UPDATE showtimes SET cancelled_at = :now, cancel_reason = :r
          WHERE id = :id AND cancelled_at IS NULL",
    )?
    .execute(named_params! {":id": id, ":r": reason, ":now": now})?;
    Ok(())
}

/// Record how many seats bookings have taken (sold + pending). False: no such showtime.
pub fn set_seats_taken(conn: &Connection, id: &str, taken: u32) -> Result<bool, CinemasError> {
    Ok(conn
        .prepare_cached("UPDATE showtimes SET seats_taken = :t WHERE id = :id")?
        .execute(named_params! {":t": taken, ":id": id})?
        > 0)
}

/// Showtimes of a movie that are not cancelled (past ones included: they carry sales).
pub fn count_for_movie(conn: &mut Connection, movie_id: &str) -> Result<i64, CinemasError> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM showtimes WHERE movie_id = :m AND cancelled_at IS NULL",
        )?
        .query_row(named_params! {":m": movie_id}, |r| r.get(0))?)
}

/// Stored taken counts of the showtimes that have any.
pub fn seats_taken_counts(
    conn: &mut Connection,
) -> Result<std::collections::HashMap<String, u32>, CinemasError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, seats_taken FROM showtimes WHERE seats_taken > 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Change a showtime's day type (after the holiday calendar changed).
pub fn set_day_type(conn: &Connection, id: &str, day: DayType) -> Result<(), CinemasError> {
    conn.prepare_cached("UPDATE showtimes SET day_type = :d WHERE id = :id")?
        .execute(named_params! {":d": day.as_str(), ":id": id})?;
    Ok(())
}

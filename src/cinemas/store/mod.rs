//! SQL of the cinemas domain (cinemas.db): cinemas, halls, seats, prices, holidays here;
//! showtimes in [`showtimes`]. The only files of the domain that speak SQL.

pub mod showtimes;

use super::layout::Plan;
use super::{
    Cinema, CinemasError, DayType, Hall, HallType, Holiday, LayoutType, NewCinema, Price, Seat,
    SeatStatus, SeatType,
};
use rusqlite::types::Type;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

/// Read a code column through its enum's `parse`.
pub(crate) fn code<T>(
    row: &Row<'_>,
    col: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            Type::Text,
            format!("unknown code `{s}` in {col}").into(),
        )
    })
}

/// Read a JSON array-of-strings column.
pub(crate) fn string_list(row: &Row<'_>, col: &str) -> rusqlite::Result<Vec<String>> {
    let s: String = row.get(col)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e)))
}

fn json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn cinema_from_row(row: &Row<'_>) -> rusqlite::Result<(Cinema, Option<String>)> {
    let hall_types: Option<String> = row.get("hall_types")?;
    let mut types: Vec<HallType> = hall_types
        .unwrap_or_default()
        .split(',')
        .filter_map(HallType::parse)
        .collect();
    types.sort();
    types.dedup();
    let tz: Option<String> = row.get("timezone")?;
    Ok((
        Cinema {
            id: row.get("id")?,
            name: row.get("name")?,
            address: row.get("address")?,
            city: row.get("city")?,
            district: row.get("district")?,
            latitude: row.get("latitude")?,
            longitude: row.get("longitude")?,
            amenities: string_list(row, "amenities")?,
            rating: row.get("rating")?,
            timezone: tz.clone().unwrap_or_default(),
            hall_types: types,
            distance_km: None,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
        },
        tz,
    ))
}

const CINEMA_SELECT: &str = "SELECT c.*,
        (SELECT group_concat(h.hall_type, ',') FROM halls h WHERE h.cinema_id = c.id) AS hall_types
   FROM cinemas c";

/// Insert or replace a cinema's fields.
pub fn upsert_cinema(
    conn: &Connection,
    id: &str,
    c: &NewCinema,
    now: &str,
) -> Result<(), CinemasError> {
    conn.prepare_cached(
        "INSERT INTO cinemas (id, name, address, city, district, latitude, longitude, amenities,
                              rating, timezone, created_at, updated_at)
         VALUES (:id, :name, :address, :city, :district, :lat, :lng, :amenities, :rating, :tz,
                 :now, :now)
         ON CONFLICT (id) DO UPDATE SET name = :name, address = :address, city = :city,
             district = :district, latitude = :lat, longitude = :lng, amenities = :amenities,
             rating = :rating, timezone = :tz, updated_at = :now",
    )?
    .execute(named_params! {
        ":id": id, ":name": c.name, ":address": c.address, ":city": c.city,
        ":district": c.district, ":lat": c.latitude, ":lng": c.longitude,
        ":amenities": json(&c.amenities), ":rating": c.rating, ":tz": c.timezone, ":now": now,
    })?;
    Ok(())
}

/// One cinema (timezone as stored: `None` = the site setting).
pub fn cinema_by_id(
    conn: &Connection,
    id: &str,
) -> Result<Option<(Cinema, Option<String>)>, CinemasError> {
    Ok(conn
        .prepare_cached(&format!("{CINEMA_SELECT} WHERE c.id = :id"))?
        .query_row(named_params! {":id": id}, cinema_from_row)
        .optional()?)
}

/// Every cinema of the site, by name.
pub fn all_cinemas(conn: &Connection) -> Result<Vec<(Cinema, Option<String>)>, CinemasError> {
    let mut stmt = conn.prepare_cached(&format!("{CINEMA_SELECT} ORDER BY c.name, c.id"))?;
    let rows = stmt.query_map([], cinema_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Delete a cinema; refused while showtimes refer to it.
pub fn delete_cinema(conn: &Connection, id: &str) -> Result<bool, CinemasError> {
    let used: i64 = conn
        .prepare_cached("SELECT count(*) FROM showtimes WHERE cinema_id = :id")?
        .query_row(named_params! {":id": id}, |r| r.get(0))?;
    if used > 0 {
        return Err(CinemasError::Conflict(format!(
            "cinema {id} has {used} showtime(s); cancel them instead of deleting the cinema"
        )));
    }
    Ok(conn
        .prepare_cached("DELETE FROM cinemas WHERE id = :id")?
        .execute(named_params! {":id": id})?
        > 0)
}

fn hall_from_row(row: &Row<'_>) -> rusqlite::Result<Hall> {
    Ok(Hall {
        id: row.get("id")?,
        cinema_id: row.get("cinema_id")?,
        name: row.get("name")?,
        hall_type: code(row, "hall_type", HallType::parse)?,
        layout_type: code(row, "layout_type", LayoutType::parse)?,
        rows: row.get("rows")?,
        grid_columns: row.get("grid_columns")?,
        capacity: row.get("capacity")?,
        created_at: row.get("created_at")?,
    })
}

/// A new hall's fields.
pub struct NewHallRow<'a> {
    pub id: &'a str,
    pub cinema_id: &'a str,
    pub name: &'a str,
    pub hall_type: HallType,
    pub layout_type: LayoutType,
    pub layout_json: &'a str,
    pub now: &'a str,
}

/// Insert a hall and every seat of its plan (couple halves linked to each other).
pub fn insert_hall(conn: &Connection, h: &NewHallRow<'_>, plan: &Plan) -> Result<(), CinemasError> {
    let res = conn
        .prepare_cached(
            "INSERT INTO halls (id, cinema_id, name, hall_type, layout_type, rows, grid_columns,
                                capacity, layout_json, created_at)
             VALUES (:id, :cinema, :name, :type, :layout, :rows, :cols, :cap, :json, :now)",
        )?
        .execute(named_params! {
            ":id": h.id, ":cinema": h.cinema_id, ":name": h.name, ":type": h.hall_type.as_str(),
            ":layout": h.layout_type.as_str(), ":rows": plan.rows, ":cols": plan.grid_columns,
            ":cap": plan.capacity(), ":json": h.layout_json, ":now": h.now,
        });
    if let Err(rusqlite::Error::SqliteFailure(e, _)) = &res {
        if e.code == rusqlite::ErrorCode::ConstraintViolation {
            return Err(CinemasError::Conflict(format!(
                "name: cinema already has a hall named `{}`",
                h.name
            )));
        }
    }
    res?;
    let ids: Vec<String> = plan
        .seats
        .iter()
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let mut insert = conn.prepare_cached(
        "INSERT INTO seats (id, hall_id, row_letter, row_index, seat_number, grid_column, seat_type)
         VALUES (:id, :hall, :row, :ri, :n, :col, :type)",
    )?;
    for (s, id) in plan.seats.iter().zip(&ids) {
        insert.execute(named_params! {
            ":id": id, ":hall": h.id, ":row": s.row, ":ri": s.row_index, ":n": s.number,
            ":col": s.column, ":type": s.seat_type.as_str(),
        })?;
    }
    let mut pair = conn.prepare_cached("UPDATE seats SET pair_seat_id = :p WHERE id = :id")?;
    for (s, id) in plan.seats.iter().zip(&ids) {
        if let Some(other) = s.pair.and_then(|i| ids.get(i)) {
            pair.execute(named_params! {":p": other, ":id": id})?;
        }
    }
    Ok(())
}

/// One hall.
pub fn hall_by_id(conn: &Connection, id: &str) -> Result<Option<Hall>, CinemasError> {
    Ok(conn
        .prepare_cached("SELECT * FROM halls WHERE id = :id")?
        .query_row(named_params! {":id": id}, hall_from_row)
        .optional()?)
}

/// Halls of a cinema, by name.
pub fn halls_of(conn: &Connection, cinema_id: &str) -> Result<Vec<Hall>, CinemasError> {
    let mut stmt = conn.prepare_cached("SELECT * FROM halls WHERE cinema_id = :c ORDER BY name")?;
    let rows = stmt.query_map(named_params! {":c": cinema_id}, hall_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn seat_from_row(row: &Row<'_>) -> rusqlite::Result<Seat> {
    Ok(Seat {
        id: row.get("id")?,
        hall_id: row.get("hall_id")?,
        row: row.get("row_letter")?,
        row_index: row.get("row_index")?,
        number: row.get("seat_number")?,
        column: row.get("grid_column")?,
        seat_type: code(row, "seat_type", SeatType::parse)?,
        status: code(row, "status", SeatStatus::parse)?,
        couple_with: row.get("pair_seat_id")?,
    })
}

/// Seats of a hall in grid order.
pub fn seats_of(conn: &Connection, hall_id: &str) -> Result<Vec<Seat>, CinemasError> {
    let mut stmt = conn
        .prepare_cached("SELECT * FROM seats WHERE hall_id = :h ORDER BY row_index, seat_number")?;
    let rows = stmt.query_map(named_params! {":h": hall_id}, seat_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One seat.
pub fn seat_by_id(conn: &Connection, id: &str) -> Result<Option<Seat>, CinemasError> {
    Ok(conn
        .prepare_cached("SELECT * FROM seats WHERE id = :id")?
        .query_row(named_params! {":id": id}, seat_from_row)
        .optional()?)
}

/// Change a seat's condition.
pub fn set_seat_status(
    conn: &Connection,
    id: &str,
    status: SeatStatus,
) -> Result<(), CinemasError> {
    conn.prepare_cached("UPDATE seats SET status = :s WHERE id = :id")?
        .execute(named_params! {":s": status.as_str(), ":id": id})?;
    Ok(())
}

/// Set one price (insert or replace the combination).
pub fn upsert_price(
    conn: &Connection,
    hall_id: &str,
    p: &Price,
    now: &str,
) -> Result<(), CinemasError> {
    conn.prepare_cached(
        "INSERT INTO ticket_pricing (hall_id, seat_type, day_type, price, updated_at)
         VALUES (:h, :s, :d, :p, :now)
         ON CONFLICT (hall_id, seat_type, day_type) DO UPDATE SET price = :p, updated_at = :now",
    )?
    .execute(named_params! {
        ":h": hall_id, ":s": p.seat_type.as_str(), ":d": p.day_type.as_str(), ":p": p.price,
        ":now": now,
    })?;
    Ok(())
}

/// A hall's prices.
pub fn prices_of(conn: &Connection, hall_id: &str) -> Result<Vec<Price>, CinemasError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seat_type, day_type, price FROM ticket_pricing WHERE hall_id = :h
         ORDER BY seat_type, day_type",
    )?;
    let rows = stmt.query_map(named_params! {":h": hall_id}, |r| {
        Ok(Price {
            seat_type: code(r, "seat_type", SeatType::parse)?,
            day_type: code(r, "day_type", DayType::parse)?,
            price: r.get("price")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Add a holiday; a date already in the calendar is a conflict.
pub fn insert_holiday(conn: &Connection, h: &Holiday) -> Result<(), CinemasError> {
    let res = conn
        .prepare_cached("INSERT INTO holidays (date, name) VALUES (:d, :n)")?
        .execute(named_params! {":d": h.date.to_string(), ":n": h.name});
    match res {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(CinemasError::Conflict(format!(
                "date: {} is already a holiday",
                h.date
            )))
        }
        other => other.map(|_| ()).map_err(Into::into),
    }
}

/// Remove a holiday; false if it was not there.
pub fn delete_holiday(conn: &Connection, date: chrono::NaiveDate) -> Result<bool, CinemasError> {
    Ok(conn
        .prepare_cached("DELETE FROM holidays WHERE date = :d")?
        .execute(named_params! {":d": date.to_string()})?
        > 0)
}

/// The holiday calendar, by date.
pub fn holidays(conn: &Connection) -> Result<Vec<Holiday>, CinemasError> {
    let mut stmt = conn.prepare_cached("SELECT date, name FROM holidays ORDER BY date")?;
    let rows = stmt.query_map([], |r| {
        let d: String = r.get(0)?;
        Ok(Holiday {
            date: d.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e))
            })?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

//! SQL of promotions (bookings.db): the codes, and their uses by confirmed bookings. Taking a
//! use is one guarded UPDATE inside the sale's transaction, so the last use goes to one sale.

use super::{NewPromotion, Promotion, PromotionsError};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, code, name, kind, value, max_discount, free_item_id, min_purchase,
    valid_from, valid_to, cinema_ids, movie_ids, day_types, usage_limit, per_user_limit,
    used_count, active, created_at, updated_at";

fn list_of(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Promotion> {
    let kind: String = r.get("kind")?;
    let date = |col: &str| -> rusqlite::Result<Option<chrono::NaiveDate>> {
        let s: Option<String> = r.get(col)?;
        Ok(s.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
    };
    Ok(Promotion {
        id: r.get("id")?,
        code: r.get("code")?,
        name: r.get("name")?,
        kind: super::Kind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, "kind".into())
        })?,
        value: r.get("value")?,
        max_discount: r.get("max_discount")?,
        free_item_id: r.get("free_item_id")?,
        min_purchase: r.get("min_purchase")?,
        valid_from: date("valid_from")?,
        valid_to: date("valid_to")?,
        cinema_ids: list_of(r.get("cinema_ids")?),
        movie_ids: list_of(r.get("movie_ids")?),
        day_types: list_of(r.get("day_types")?),
        usage_limit: r.get("usage_limit")?,
        per_user_limit: r.get("per_user_limit")?,
        used_count: r.get("used_count")?,
        active: r.get("active")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// The promotion with this code (any case).
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Promotion>, PromotionsError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM promotions WHERE upper(code) = upper(:c)"
        ))?
        .query_row(named_params! {":c": code.trim()}, from_row)
        .optional()?)
}

/// One promotion by id.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Promotion>, PromotionsError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM promotions WHERE id = :id"))?
        .query_row(named_params! {":id": id}, from_row)
        .optional()?)
}

/// Every promotion, newest first.
pub fn all(conn: &Connection) -> Result<Vec<Promotion>, PromotionsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM promotions ORDER BY created_at DESC, code"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Insert or replace a promotion's fields (never its use count).
pub fn write(
    conn: &Connection,
    id: &str,
    p: &NewPromotion,
    now: &str,
    insert: bool,
) -> Result<(), PromotionsError> {
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let day = |d: &Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let sql = if insert {
        "INSERT INTO promotions (id, code, name, kind, value, max_discount, free_item_id,
            min_purchase, valid_from, valid_to, cinema_ids, movie_ids, day_types, usage_limit,
            per_user_limit, used_count, active, created_at, updated_at)
         VALUES (:id, :code, :name, :kind, :value, :cap, :free, :min, :from, :to, :cinemas,
            :movies, :days, :limit, :per_user, 0, :active, :now, :now)"
    } else {
        "UPDATE promotions SET code = :code, name = :name, kind = :kind, value = :value,
            max_discount = :cap, free_item_id = :free, min_purchase = :min, valid_from = :from,
            valid_to = :to, cinema_ids = :cinemas, movie_ids = :movies, day_types = :days,
            usage_limit = :limit, per_user_limit = :per_user, active = :active, updated_at = :now
          WHERE id = :id"
    };
    let res = conn.prepare_cached(sql)?.execute(named_params! {
        ":id": id, ":code": p.code.trim(), ":name": p.name.trim(), ":kind": p.kind.as_str(),
        ":value": p.value, ":cap": p.max_discount, ":free": p.free_item_id,
        ":min": p.min_purchase, ":from": day(&p.valid_from), ":to": day(&p.valid_to),
        ":cinemas": json(&p.cinema_ids), ":movies": json(&p.movie_ids),
        ":days": json(&p.day_types), ":limit": p.usage_limit, ":per_user": p.per_user_limit,
        ":active": p.active, ":now": now,
    });
    match res {
        Ok(0) => Err(PromotionsError::NotFound(id.to_string())),
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(f, Some(m)))
            if f.code == rusqlite::ErrorCode::ConstraintViolation && m.contains("code") =>
        {
            Err(PromotionsError::DuplicateCode(p.code.trim().to_string()))
        }
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(PromotionsError::Invalid {
                field: "usage_limit",
                problem: "cannot be lower than the uses already taken".into(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Confirmed bookings of `user_id` using the promotion now.
pub fn uses_by(
    conn: &Connection,
    promotion_id: &str,
    user_id: &str,
) -> Result<i64, PromotionsError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM promotion_uses
              WHERE promotion_id = :p AND user_id = :u AND returned_at IS NULL",
        )?
        .query_row(named_params! {":p": promotion_id, ":u": user_id}, |r| {
            r.get(0)
        })?)
}

/// Take one use for `booking_id`: false (and nothing written) when every use is taken.
pub fn take_use(
    conn: &Connection,
    promotion_id: &str,
    booking_id: &str,
    user_id: &str,
    now: &str,
) -> Result<bool, PromotionsError> {
    let n = conn
        .prepare_cached(
            "UPDATE promotions SET used_count = used_count + 1
              WHERE id = :p AND (usage_limit IS NULL OR used_count < usage_limit)",
        )?
        .execute(named_params! {":p": promotion_id})?;
    if n == 0 {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO promotion_uses (booking_id, promotion_id, user_id, used_at)
         VALUES (:b, :p, :u, :now)
         ON CONFLICT (booking_id) DO UPDATE SET returned_at = NULL, used_at = :now",
    )?
    .execute(named_params! {":b": booking_id, ":p": promotion_id, ":u": user_id, ":now": now})?;
    Ok(true)
}

/// Give back the use `booking_id` holds, if any; returns the promotion it was of.
pub fn give_back(
    conn: &Connection,
    booking_id: &str,
    now: &str,
) -> Result<Option<String>, PromotionsError> {
    let promo: Option<String> = conn
        .prepare_cached(
            "UPDATE promotion_uses SET returned_at = :now
              WHERE booking_id = :b AND returned_at IS NULL RETURNING promotion_id",
        )?
        .query_row(named_params! {":b": booking_id, ":now": now}, |r| r.get(0))
        .optional()?;
    if let Some(p) = &promo {
        conn.prepare_cached(
            "UPDATE promotions SET used_count = used_count - 1 WHERE id = :p AND used_count > 0",
        )?
        .execute(named_params! {":p": p})?;
    }
    Ok(promo)
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

/// Rename and switch off any other promotion using `code` (head office's code takes it).
pub fn retire_code(conn: &Connection, code: &str, keep_id: &str) -> Result<usize, PromotionsError> {
    Ok(conn
        .prepare_cached(
            "UPDATE promotions SET code = code || '~' || substr(id, 1, 8), active = 0
              WHERE upper(code) = upper(:code) AND id <> :id",
        )?
        .execute(named_params! {":code": code.trim(), ":id": keep_id})?)
}

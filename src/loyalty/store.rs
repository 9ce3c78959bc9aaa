//! SQL of loyalty (bookings.db): append to the ledger, sum it, read the programme and tiers.

use super::{Entry, EntryKind, LoyaltyError, Program, Tier};
use rusqlite::{named_params, Connection, OptionalExtension};

/// A ledger entry to append.
pub struct NewEntry<'a> {
    pub user_id: &'a str,
    pub kind: EntryKind,
    pub points: i64,
    pub spend: i64,
    pub booking_id: Option<&'a str>,
    pub note: &'a str,
    pub now: &'a str,
}

/// Append an entry; `None` when the booking already has an entry of this kind (a retry).
pub fn append(conn: &Connection, e: &NewEntry<'_>) -> Result<Option<i64>, LoyaltyError> {
    let n = conn
        .prepare_cached(
            "INSERT INTO loyalty_entries (user_id, kind, points, spend, booking_id, note, created_at)
             VALUES (:u, :k, :p, :s, :b, :n, :now) ON CONFLICT DO NOTHING",
        )?
        .execute(named_params! {
            ":u": e.user_id, ":k": e.kind.as_str(), ":p": e.points, ":s": e.spend,
            ":b": e.booking_id, ":n": e.note, ":now": e.now,
        })?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

/// Points available and cumulative spend.
pub fn totals(conn: &Connection, user_id: &str) -> Result<(i64, i64), LoyaltyError> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(points), 0), coalesce(sum(spend), 0)
               FROM loyalty_entries WHERE user_id = :u",
        )?
        .query_row(named_params! {":u": user_id}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

/// Newest entries first.
pub fn history(conn: &Connection, user_id: &str, limit: u32) -> Result<Vec<Entry>, LoyaltyError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, user_id, kind, points, spend, booking_id, note, created_at
           FROM loyalty_entries WHERE user_id = :u ORDER BY id DESC LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":u": user_id, ":l": limit}, |r| {
        Ok(Entry {
            id: r.get(0)?,
            user_id: r.get(1)?,
            kind: r.get(2)?,
            points: r.get(3)?,
            spend: r.get(4)?,
            booking_id: r.get(5)?,
            note: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Points a booking redeemed and has not had released: (member, points).
pub fn redeemed_by(
    conn: &Connection,
    booking_id: &str,
) -> Result<Option<(String, i64)>, LoyaltyError> {
    Ok(conn
        .prepare_cached(
            "SELECT user_id, -sum(points) FROM loyalty_entries
              WHERE booking_id = :b AND kind IN ('REDEEM','RELEASE') GROUP BY user_id
             HAVING -sum(points) > 0",
        )?
        .query_row(named_params! {":b": booking_id}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The member and the bonus points a booking's POINTS code gave (not yet reversed).
pub fn bonus_of(
    conn: &Connection,
    booking_id: &str,
) -> Result<Option<(String, i64)>, LoyaltyError> {
    Ok(conn
        .prepare_cached(
            "SELECT user_id, sum(points) FROM loyalty_entries
              WHERE booking_id = :b AND kind IN ('BONUS','REVERSE') GROUP BY user_id
             HAVING sum(points) > 0",
        )?
        .query_row(named_params! {":b": booking_id}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The programme's rates.
pub fn program(conn: &Connection) -> Result<Program, LoyaltyError> {
    Ok(conn
        .prepare_cached(
            "SELECT earn_percent, point_value, max_redeem_percent FROM loyalty_program WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(Program {
                earn_percent: r.get(0)?,
                point_value: r.get(1)?,
                max_redeem_percent: r.get(2)?,
            })
        })?)
}

/// Tiers by ascending spend.
pub fn tiers(conn: &Connection) -> Result<Vec<Tier>, LoyaltyError> {
    let mut stmt =
        conn.prepare_cached("SELECT name, min_spend FROM loyalty_tiers ORDER BY min_spend")?;
    let rows = stmt.query_map([], |r| {
        Ok(Tier {
            name: r.get(0)?,
            min_spend: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replace the programme and the tiers.
pub fn set_program(conn: &Connection, p: &Program, tiers: &[Tier]) -> Result<(), LoyaltyError> {
    conn.prepare_cached(
        "UPDATE loyalty_program SET earn_percent = :e, point_value = :v, max_redeem_percent = :m WHERE id = 1",
    )?
    .execute(named_params! {":e": p.earn_percent, ":v": p.point_value, ":m": p.max_redeem_percent})?;
    conn.execute("DELETE FROM loyalty_tiers", [])?;
    for t in tiers {
        conn.prepare_cached("INSERT INTO loyalty_tiers (name, min_spend) VALUES (:n, :s)")?
            .execute(named_params! {":n": t.name, ":s": t.min_spend})?;
    }
    Ok(())
}

/// Points and spend of a member's CHAIN entries (the other sites, as head office said).
pub fn chain_totals(conn: &Connection, user_id: &str) -> Result<(i64, i64), LoyaltyError> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(points), 0), coalesce(sum(spend), 0)
               FROM loyalty_entries WHERE user_id = :u AND kind = 'CHAIN'",
        )?
        .query_row(named_params! {":u": user_id}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

//! SQL of the site's side of sync (bookings.db): which outbox rows central acknowledged, the
//! push's last success and error, and the pull cursor.

use rusqlite::{named_params, Connection};

/// The push's state, as `moviehub sync status` and `/api/health` show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PushState {
    /// Highest sequence central acknowledged.
    pub acked_seq: i64,
    /// Rows not yet acknowledged.
    pub pending: i64,
    /// The oldest of them, RFC 3339.
    pub oldest_pending_at: Option<String>,
    /// Highest sequence written.
    pub last_seq: i64,
    /// Last acknowledged push, RFC 3339.
    pub last_success_at: Option<String>,
    /// Last error (see its time against the last success).
    pub last_error: Option<String>,
    /// When it happened.
    pub last_error_at: Option<String>,
    /// Where the next pull of chain data starts.
    pub pull_cursor: String,
    /// Where the next pull of promotion codes starts.
    pub promo_cursor: String,
    /// Where the next pull of points starts (head office's change number).
    pub loyalty_cursor: String,
    /// Accounts created here from this time on are asked about at the next pull.
    pub members_cursor: String,
}

/// The push's state.
pub fn push_state(conn: &Connection) -> rusqlite::Result<PushState> {
    let (acked_seq, last_success_at, last_error, last_error_at, cursors) = conn
        .prepare_cached(
            "SELECT acked_seq, last_success_at, last_error, last_error_at, pull_cursor,
                    loyalty_cursor, members_cursor, promo_cursor
               FROM sync_state WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                (
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ),
            ))
        })?;
    let (pull_cursor, loyalty_cursor, members_cursor, promo_cursor) = cursors;
    let (pending, oldest_pending_at, last_seq) = conn
        .prepare_cached(
            "SELECT count(*), min(created_at), (SELECT COALESCE(max(seq), 0) FROM outbox)
               FROM outbox WHERE seq > :acked",
        )?
        .query_row(named_params! {":acked": acked_seq}, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(PushState {
        acked_seq,
        pending,
        oldest_pending_at,
        last_seq,
        last_success_at,
        last_error,
        last_error_at,
        pull_cursor,
        promo_cursor,
        loyalty_cursor,
        members_cursor,
    })
}

/// Central acknowledged every row up to `acked`: mark them sent. Never moves backwards.
pub fn acknowledge(conn: &Connection, acked: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET sent_at = :now WHERE sent_at IS NULL AND seq <= :acked",
    )?
    .execute(named_params! {":now": now, ":acked": acked})?;
    conn.prepare_cached(
        "UPDATE sync_state SET acked_seq = max(acked_seq, :acked), last_success_at = :now
          WHERE id = 1",
    )?
    .execute(named_params! {":now": now, ":acked": acked})?;
    Ok(())
}

/// A push or pull failed.
pub fn record_error(conn: &Connection, error: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_state SET last_error = :error, last_error_at = :now WHERE id = 1",
    )?
    .execute(named_params! {":error": error, ":now": now})?;
    Ok(())
}

/// Where the next pull starts.
pub struct Cursors<'a> {
    /// Films (head office's change time).
    pub movies: &'a str,
    /// Promotion codes (head office's change time).
    pub promotions: &'a str,
    /// Points (head office's change number).
    pub loyalty: &'a str,
    /// Accounts created here.
    pub members: &'a str,
}

/// Move every pull cursor.
pub fn set_pull_cursors(conn: &Connection, c: &Cursors<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_state SET pull_cursor = :p, promo_cursor = :c, loyalty_cursor = :l,
                members_cursor = :m
          WHERE id = 1",
    )?
    .execute(named_params! {
        ":p": c.movies, ":c": c.promotions, ":l": c.loyalty, ":m": c.members,
    })?;
    Ok(())
}

/// Central says it holds every row up to `central_last` and none after: the site resumes from
/// there (rows after it are unsent again, whatever this file thought).
pub fn resume_at(conn: &Connection, central_last: i64, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE outbox SET sent_at = :now WHERE sent_at IS NULL AND seq <= :last")?
        .execute(named_params! {":now": now, ":last": central_last})?;
    conn.prepare_cached(
        "UPDATE outbox SET sent_at = NULL WHERE sent_at IS NOT NULL AND seq > :last",
    )?
    .execute(named_params! {":last": central_last})?;
    conn.prepare_cached("UPDATE sync_state SET acked_seq = :last WHERE id = 1")?
        .execute(named_params! {":last": central_last})?;
    Ok(())
}

//! SQL of head office (central.db): the sites and their keys, applying a pushed batch once,
//! and the replay guard.

use super::batch::{Ack, Batch, ChainBalance};
use super::project;
use rusqlite::{named_params, Connection, OptionalExtension};

/// A site as central knows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SiteRow {
    /// Id printed by `site add`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Refused when set.
    pub disabled: bool,
    /// Highest sequence applied.
    pub last_seq: i64,
    /// Rows applied in all.
    pub rows_applied: i64,
    /// Rows the site still held at its last push.
    pub pending: i64,
    /// RFC 3339.
    pub last_push_at: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// Why a push was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// Rows after a gap: central expects `expected` next.
    #[error("rows start at {got}, central expects {expected} next")]
    Gap {
        /// What central needs next.
        expected: i64,
        /// What the batch starts with.
        got: i64,
    },
    /// The rows are not in consecutive order.
    #[error("rows must be consecutive and in sequence order")]
    NotConsecutive,
    /// The same signed request was seen before.
    #[error("this request was already received (replay)")]
    Replay,
    /// No such site, or disabled.
    #[error("unknown or disabled site")]
    UnknownSite,
    /// A payload of a newer version than this binary reads: refused whole, so nothing is
    /// acknowledged that head office cannot count.
    #[error("row {seq} is a version {version} event; head office reads up to {max}: upgrade head office first")]
    TooNew {
        /// The row.
        seq: i64,
        /// Its version.
        version: u32,
        /// What this binary reads.
        max: u32,
    },
    /// SQLite.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Record a new site with its derived key.
pub fn insert_site(
    conn: &Connection,
    id: &str,
    name: &str,
    key_hex: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sites (id, name, key_hex, created_at) VALUES (:id, :name, :key, :now)",
    )?
    .execute(named_params! {":id": id, ":name": name, ":key": key_hex, ":now": now})?;
    Ok(())
}

/// Every site, by name.
pub fn list_sites(conn: &Connection) -> rusqlite::Result<Vec<SiteRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, disabled, last_seq, rows_applied, pending, last_push_at, created_at
           FROM sites ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SiteRow {
            id: r.get(0)?,
            name: r.get(1)?,
            disabled: r.get(2)?,
            last_seq: r.get(3)?,
            rows_applied: r.get(4)?,
            pending: r.get(5)?,
            last_push_at: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// The key of an enabled site.
pub fn site_key(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT key_hex FROM sites WHERE id = :id AND disabled = 0")?
        .query_row(named_params! {":id": id}, |r| r.get(0))
        .optional()
}

/// Remember `signature` (refusing one seen before), forgetting those older than `forget_before`.
pub fn note_signature(
    conn: &Connection,
    signature: &str,
    now_unix: i64,
    forget_before: i64,
) -> Result<(), ApplyError> {
    conn.prepare_cached("DELETE FROM seen_signatures WHERE seen_at < :t")?
        .execute(named_params! {":t": forget_before})?;
    let added = conn
        .prepare_cached(
            "INSERT INTO seen_signatures (signature, seen_at) VALUES (:s, :t)
             ON CONFLICT (signature) DO NOTHING",
        )?
        .execute(named_params! {":s": signature, ":t": now_unix})?;
    if added == 0 {
        return Err(ApplyError::Replay);
    }
    Ok(())
}

/// Apply `batch` from `site_id` in the caller's transaction: rows already applied are skipped,
/// a gap is refused, the rest are kept and projected.
pub fn apply(
    conn: &Connection,
    site_id: &str,
    batch: &Batch,
    now: &str,
) -> Result<Ack, ApplyError> {
    if !batch.is_consecutive() {
        return Err(ApplyError::NotConsecutive);
    }
    let last: i64 = conn
        .prepare_cached("SELECT last_seq FROM sites WHERE id = :id AND disabled = 0")?
        .query_row(named_params! {":id": site_id}, |r| r.get(0))
        .optional()?
        .ok_or(ApplyError::UnknownSite)?;
    if let Some(first) = batch.rows.first() {
        if first.seq > last + 1 {
            return Err(ApplyError::Gap {
                expected: last + 1,
                got: first.seq,
            });
        }
    }
    let mut member = conn.prepare_cached(
        "INSERT INTO c_members (site_id, user_id, email) VALUES (:site, :user, :email)
         ON CONFLICT (site_id, user_id) DO UPDATE SET email = excluded.email",
    )?;
    for m in &batch.members {
        member.execute(named_params! {
            ":site": site_id, ":user": m.user_id, ":email": m.email.trim().to_lowercase(),
        })?;
    }
    let mut show = conn.prepare_cached(
        "INSERT INTO c_showtimes (site_id, showtime_id, movie_title, hall_name, starts_at, capacity)
         VALUES (:site, :id, :title, :hall, :starts, :capacity)
         ON CONFLICT (site_id, showtime_id) DO UPDATE SET movie_title = excluded.movie_title,
                hall_name = excluded.hall_name, starts_at = excluded.starts_at,
                capacity = excluded.capacity",
    )?;
    for st in &batch.showtimes {
        show.execute(named_params! {
            ":site": site_id, ":id": st.id, ":title": st.movie_title, ":hall": st.hall_name,
            ":starts": st.starts_at, ":capacity": st.capacity,
        })?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO received_events (site_id, seq, kind, version, payload, created_at, received_at)
         VALUES (:site, :seq, :kind, :version, :payload, :created, :now)",
    )?;
    let (mut applied, mut duplicates, mut acked) = (0u32, 0u32, last);
    for row in &batch.rows {
        if row.seq <= last {
            duplicates += 1;
            continue;
        }
        insert.execute(named_params! {
            ":site": site_id, ":seq": row.seq, ":kind": row.kind, ":version": row.version,
            ":payload": row.payload, ":created": row.created_at, ":now": now,
        })?;
        match serde_json::from_str(&row.payload) {
            Ok(event) => project::apply(conn, site_id, &event, now)?,
            // Version 0 rows (written before events were typed) are kept as received.
            Err(_) if row.version == 0 => {}
            Err(_) => {
                return Err(ApplyError::TooNew {
                    seq: row.seq,
                    version: row.version,
                    max: crate::sales::EVENT_VERSION,
                })
            }
        }
        applied += 1;
        acked = row.seq;
    }
    conn.prepare_cached(
        "UPDATE sites SET last_seq = :acked, rows_applied = rows_applied + :n,
                pending = :pending, last_push_at = :now WHERE id = :id",
    )?
    .execute(named_params! {
        ":acked": acked, ":n": applied, ":pending": batch.pending_after, ":now": now, ":id": site_id,
    })?;
    Ok(Ack {
        acked,
        applied,
        duplicates,
    })
}

/// How many rows central holds from a site, and their highest sequence (tests, `site list`).
pub fn received_count(conn: &Connection, site_id: &str) -> rusqlite::Result<(i64, i64)> {
    conn.prepare_cached(
        "SELECT count(*), COALESCE(max(seq), 0) FROM received_events WHERE site_id = :id",
    )?
    .query_row(named_params! {":id": site_id}, |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// What each of `emails` earned and spent at every site but `site_id`.
pub fn balances_for(
    conn: &Connection,
    site_id: &str,
    emails: &[String],
) -> rusqlite::Result<Vec<ChainBalance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(sum(l.points), 0), coalesce(sum(l.spend), 0)
           FROM c_members m JOIN c_loyalty l ON l.site_id = m.site_id AND l.user_id = m.user_id
          WHERE m.email = :email AND m.site_id <> :site",
    )?;
    let mut out = Vec::with_capacity(emails.len());
    for e in emails {
        let email = e.trim().to_lowercase();
        let (points, spend) = stmt
            .query_row(named_params! {":email": email, ":site": site_id}, |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        out.push(ChainBalance {
            email,
            points,
            spend,
        });
    }
    Ok(out)
}

/// E-mails of members whose points changed (at any site) after change `since`, and the
/// latest change. Changes are numbered in commit order, so nothing committed is skipped.
pub fn emails_changed_since(conn: &Connection, since: i64) -> rusqlite::Result<(Vec<String>, i64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.email, max(l.change_id)
           FROM c_loyalty l JOIN c_members m ON m.site_id = l.site_id AND m.user_id = l.user_id
          WHERE l.change_id > :since GROUP BY m.email ORDER BY m.email",
    )?;
    let rows = stmt.query_map(named_params! {":since": since}, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let (mut emails, mut latest) = (Vec::new(), since);
    for row in rows {
        let (email, change) = row?;
        latest = latest.max(change);
        emails.push(email);
    }
    Ok((emails, latest))
}

/// A member whose points across the chain went below zero (redeemed at two sites while both
/// were offline).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Overdrawn {
    /// E-mail.
    pub email: String,
    /// The chain's balance (negative).
    pub points: i64,
    /// Points by site name, as "name: points" pairs.
    pub by_site: Vec<(String, i64)>,
}

/// Every overdrawn member, most overdrawn first.
pub fn overdrawn(conn: &Connection) -> rusqlite::Result<Vec<Overdrawn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.email, COALESCE(s.name, m.site_id), sum(l.points)
           FROM c_members m JOIN c_loyalty l ON l.site_id = m.site_id AND l.user_id = m.user_id
           LEFT JOIN sites s ON s.id = m.site_id
          WHERE m.email IN (
                SELECT m2.email FROM c_members m2
                  JOIN c_loyalty l2 ON l2.site_id = m2.site_id AND l2.user_id = m2.user_id
                 GROUP BY m2.email HAVING sum(l2.points) < 0)
          GROUP BY m.email, m.site_id ORDER BY m.email, 2",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out: Vec<Overdrawn> = Vec::new();
    for row in rows {
        let (email, site, points) = row?;
        match out.last_mut() {
            Some(o) if o.email == email => {
                o.points += points;
                o.by_site.push((site, points));
            }
            _ => out.push(Overdrawn {
                email,
                points,
                by_site: vec![(site, points)],
            }),
        }
    }
    out.sort_by_key(|o| o.points);
    Ok(out)
}

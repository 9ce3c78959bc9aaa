//! SQL of the outbox (bookings.db): append a typed event inside the caller's transaction, and
//! read rows in sequence order.

use super::events::{SaleEvent, EVENT_VERSION};
use rusqlite::{named_params, Connection, OptionalExtension};

/// One outbox row, its event read back into its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Gap-free sequence number of this site's outbox.
    pub seq: i64,
    /// The site it comes from.
    pub site_id: String,
    /// `booking.created`, …
    pub kind: String,
    /// Payload version (0: written before events were typed).
    pub version: u32,
    /// The event, when the payload is one of this binary's [`SaleEvent`]s.
    pub event: Option<SaleEvent>,
    /// The payload as stored (JSON), so no row is ever skipped.
    pub payload: String,
    /// RFC 3339.
    pub created_at: String,
}

/// Append `event` in the caller's transaction; returns its sequence number. A transaction that
/// rolls back takes the row and its number with it.
pub(super) fn append(conn: &Connection, event: &SaleEvent, now: &str) -> rusqlite::Result<i64> {
    let payload = serde_json::to_string(event)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO outbox (site_id, kind, version, payload, created_at)
         VALUES ((SELECT site_id FROM site WHERE id = 1), :kind, :version, :payload, :now)",
    )?
    .execute(named_params! {
        ":kind": event.kind(),
        ":version": EVENT_VERSION,
        ":payload": payload,
        ":now": now,
    })?;
    Ok(conn.last_insert_rowid())
}

/// This site's id.
pub fn site_id(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT site_id FROM site WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()
}

/// Up to `limit` rows after `after` in sequence order, every one of them: a payload this
/// binary cannot read as a [`SaleEvent`] (version 0 rows) comes with `event: None`.
pub fn rows_after(conn: &Connection, after: i64, limit: u32) -> rusqlite::Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, site_id, kind, version, payload, created_at FROM outbox
          WHERE seq > :after ORDER BY seq LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":after": after, ":limit": limit}, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, site_id, kind, version, payload, created_at) = row?;
        out.push(OutboxRow {
            seq,
            site_id,
            kind,
            version,
            event: serde_json::from_str(&payload).ok(),
            payload,
            created_at,
        });
    }
    Ok(out)
}

//! The wire format of a push: a site's outbox rows in sequence order, and central's answer.

use serde::{Deserialize, Serialize};

/// One outbox row as pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushedRow {
    /// The site's gap-free sequence number.
    pub seq: i64,
    /// `booking.created`, …
    pub kind: String,
    /// Payload version.
    pub version: u32,
    /// The payload exactly as the outbox holds it (JSON text).
    pub payload: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A push: consecutive rows, and how many more the site still holds after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// Rows in sequence order, without gaps.
    pub rows: Vec<PushedRow>,
    /// Rows the site holds after this batch.
    #[serde(default)]
    pub pending_after: i64,
    /// Who the members of this batch's loyalty entries are (the chain knows a member by
    /// e-mail; each site has its own accounts).
    #[serde(default)]
    pub members: Vec<Member>,
    /// The showtimes this batch's bookings are for (head office reports their occupancy).
    #[serde(default)]
    pub showtimes: Vec<ShowtimeFact>,
}

/// What head office needs to know of a site's showtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowtimeFact {
    /// The site's showtime id.
    pub id: String,
    /// Film.
    pub movie_title: String,
    /// Hall.
    pub hall_name: String,
    /// RFC 3339.
    pub starts_at: String,
    /// Seats in the hall.
    pub capacity: i64,
}

/// A site's member and the e-mail the chain knows them by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ChainMember)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The site's account id.
    pub user_id: String,
    /// Lower-case e-mail.
    pub email: String,
}

/// A member's points and spend at the chain's other sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChainBalance {
    /// Lower-case e-mail.
    pub email: String,
    /// Points.
    pub points: i64,
    /// VND toward the tier.
    pub spend: i64,
}

/// Central's answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ack {
    /// Every row up to this sequence is applied.
    pub acked: i64,
    /// Rows this push applied.
    pub applied: u32,
    /// Rows this push carried that central already had.
    pub duplicates: u32,
}

impl Batch {
    /// Rows are ascending and consecutive.
    pub fn is_consecutive(&self) -> bool {
        self.rows.windows(2).all(|w| w[1].seq == w[0].seq + 1)
    }
}

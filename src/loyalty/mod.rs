//! Loyalty (bookings.db): an append-only ledger of points per member. EARN when a booking
//! completes, REDEEM reserved when a booking is made (RELEASE gives it back if that booking
//! expires or is cancelled), BONUS from POINTS codes, REVERSE on refunds. Balance and tier
//! are sums over the ledger, never stored alone; the programme's rates and the tiers are data.

pub mod chain;
pub mod routes;
pub mod service;
pub mod store;

pub use service::Loyalty;

use serde::{Deserialize, Serialize};

/// The programme's rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Percent of the amount paid given back as points' worth.
    pub earn_percent: i64,
    /// VND one point is worth.
    pub point_value: i64,
    /// Most of a booking points may pay (percent).
    pub max_redeem_percent: i64,
}

impl Program {
    /// Points earned on `paid` VND.
    pub fn earned(&self, paid: i64) -> i64 {
        if self.point_value <= 0 {
            return 0;
        }
        paid.max(0).saturating_mul(self.earn_percent) / 100 / self.point_value
    }

    /// Most points that may pay towards `amount` VND.
    pub fn max_redeemable(&self, amount: i64) -> i64 {
        if self.point_value <= 0 {
            return 0;
        }
        amount.max(0).saturating_mul(self.max_redeem_percent) / 100 / self.point_value
    }
}

/// A tier and the cumulative spend it starts at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = LoyaltyTier)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// BRONZE, SILVER, …
    pub name: String,
    /// VND.
    pub min_spend: i64,
}

/// The tier of `spend` among `tiers` (sorted by `min_spend`), and the next one.
pub fn tier_of(tiers: &[Tier], spend: i64) -> (Option<&Tier>, Option<&Tier>) {
    let current = tiers.iter().rev().find(|t| spend >= t.min_spend);
    let next = tiers.iter().find(|t| spend < t.min_spend);
    (current, next)
}

/// Kinds of ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryKind {
    /// Points for a completed booking.
    Earn,
    /// Points paying part of a booking.
    Redeem,
    /// A redemption given back.
    Release,
    /// Points from a POINTS code.
    Bonus,
    /// Earned points taken back by a refund.
    Reverse,
    /// What the member earned and spent at the chain's other sites, as head office last said
    /// (each entry moves this site's copy to head office's figure).
    Chain,
}

impl EntryKind {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Earn => "EARN",
            EntryKind::Redeem => "REDEEM",
            EntryKind::Release => "RELEASE",
            EntryKind::Bonus => "BONUS",
            EntryKind::Reverse => "REVERSE",
            EntryKind::Chain => "CHAIN",
        }
    }
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub user_id: String,
    pub kind: String,
    /// Signed.
    pub points: i64,
    /// VND toward the tier.
    pub spend: i64,
    pub booking_id: Option<String>,
    pub note: String,
    pub created_at: String,
}

/// A member's standing, derived from the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub user_id: String,
    /// Points available.
    pub balance: i64,
    /// What they are worth (VND).
    pub balance_value: i64,
    /// Cumulative spend (VND).
    pub spend: i64,
    /// Current tier.
    pub tier: String,
    /// The next tier, if any.
    pub next_tier: Option<String>,
    /// VND to spend to reach it.
    pub to_next_tier: Option<i64>,
    /// Percent of the way from this tier to the next (100 at the top).
    pub progress_percent: i64,
    /// The programme's rates.
    pub program: Program,
    /// Newest first.
    pub history: Vec<Entry>,
}

/// What can go wrong with loyalty.
#[derive(Debug, thiserror::Error)]
pub enum LoyaltyError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// The caller lacks the permission named.
    #[error("Missing permission `{0}`")]
    Forbidden(&'static str),
    /// No such member.
    #[error("member {0} not found")]
    NotFound(String),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for LoyaltyError {
    fn from(e: rusqlite::Error) -> Self {
        LoyaltyError::Db(e.into())
    }
}

#[cfg(test)]
mod tests;

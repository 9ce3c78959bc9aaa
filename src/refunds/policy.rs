//! The cancellation policy and the refund quote, as pure functions: which tier of the policy
//! table applies at a moment before the show, and what would come back, line by line.

use crate::bookings::Booking;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One row of the policy table: cancelled at least `min_minutes_before` the show, the seats
/// give back `percent`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = RefundTier)]
pub struct Tier {
    pub min_minutes_before: i64,
    pub percent: u8,
}

/// The default table (PRODUCT.md): ≥ 24 h 90 %, ≥ 4 h 70 %, ≥ 1 h 50 %, later 0 %.
pub const DEFAULT: [Tier; 4] = [
    Tier {
        min_minutes_before: 1440,
        percent: 90,
    },
    Tier {
        min_minutes_before: 240,
        percent: 70,
    },
    Tier {
        min_minutes_before: 60,
        percent: 50,
    },
    Tier {
        min_minutes_before: 0,
        percent: 0,
    },
];

/// Why a refund is as large as it is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "basis")]
pub enum Basis {
    /// The policy tier for this long before the show.
    Policy {
        /// Whole minutes left before the show (0 once started).
        minutes_before: i64,
        /// The tier's threshold, when one applied.
        tier_minutes: Option<i64>,
    },
    /// The show has started: nothing comes back.
    ShowStarted,
    /// The cinema cancelled the showtime, or could not honour a payment: everything back.
    Full,
}

/// The seats' percent at `now` for a show starting at `starts_at`: the first tier (largest
/// threshold first) whose threshold is met; 0 once the show has started.
pub fn seat_percent(tiers: &[Tier], starts_at: DateTime<Utc>, now: DateTime<Utc>) -> (u8, Basis) {
    if now >= starts_at {
        return (0, Basis::ShowStarted);
    }
    let secs = (starts_at - now).num_seconds();
    let mut sorted: Vec<Tier> = tiers.to_vec();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.min_minutes_before));
    let tier = sorted.iter().find(|t| secs >= t.min_minutes_before * 60);
    (
        tier.map_or(0, |t| t.percent),
        Basis::Policy {
            minutes_before: secs / 60,
            tier_minutes: tier.map(|t| t.min_minutes_before),
        },
    )
}

/// A line of the quote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = RefundQuoteLine)]
pub struct QuoteLine {
    /// `seat`, `concession` or `discount`.
    pub kind: String,
    /// "E7", "Combo 2 người × 1", "Mã GIAM20".
    pub label: String,
    /// What was charged for it (VND; a discount is negative).
    pub paid: i64,
    /// Percent of it that comes back.
    pub percent: u8,
    /// What comes back of it (VND; a discount's share is negative).
    pub refund: i64,
}

/// What cancelling would give back, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RefundQuote {
    pub booking_id: String,
    /// The seats' percent.
    pub percent: u8,
    #[serde(flatten)]
    pub basis: Basis,
    pub lines: Vec<QuoteLine>,
    /// What the booking cost (its total, VND).
    pub paid: i64,
    /// Money back, VND (to the original tender).
    pub amount: i64,
    /// Loyalty points given back (of those that paid part of it).
    pub points_returned: i64,
}

/// The quote for cancelling `b` at `now` under `tiers`; `full` for a cancelled showtime or a
/// payment that could not be honoured (everything back).
///
/// Seats come back at the tier's percent and concessions in full until the show starts. The
/// booking's discount (its code and the points that paid part of it) shrinks in the same
/// proportion: money back = total × refundable ÷ subtotal, points back likewise, both rounded
/// down, so a partial refund never returns more than was paid.
pub fn quote(b: &Booking, tiers: &[Tier], now: DateTime<Utc>, full: bool) -> RefundQuote {
    let starts_at = DateTime::parse_from_rfc3339(&b.starts_at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    let (percent, basis) = if full {
        (100, Basis::Full)
    } else if b.is_concessions_only() {
        (0, Basis::ShowStarted)
    } else {
        seat_percent(tiers, starts_at, now)
    };
    let concessions_back: u8 = if full || (!b.is_concessions_only() && now < starts_at) {
        100
    } else {
        0
    };
    let mut lines = Vec::new();
    for s in &b.seats {
        lines.push(QuoteLine {
            kind: "seat".into(),
            label: s.seat_label.clone(),
            paid: s.price,
            percent,
            refund: s.price * i64::from(percent) / 100,
        });
    }
    for c in b.concessions.iter().filter(|c| !c.free) {
        let paid = c.unit_price * i64::from(c.qty);
        lines.push(QuoteLine {
            kind: "concession".into(),
            label: format!("{} × {}", c.name, c.qty),
            paid,
            percent: concessions_back,
            refund: paid * i64::from(concessions_back) / 100,
        });
    }
    let refundable: i64 = lines.iter().map(|l| l.refund).sum();
    let subtotal = lines.iter().map(|l| l.paid).sum::<i64>().max(1);
    let amount = if full {
        b.total
    } else {
        scale(b.total, refundable, subtotal)
    };
    let points_returned = if full {
        b.points_redeemed
    } else {
        scale(b.points_redeemed, refundable, subtotal)
    };
    if b.discount > 0 {
        lines.push(QuoteLine {
            kind: "discount".into(),
            label: b.promo_code.clone().unwrap_or_else(|| "points".into()),
            paid: -b.discount,
            percent: u8::try_from(refundable * 100 / subtotal).unwrap_or(100),
            refund: amount - refundable,
        });
    }
    RefundQuote {
        booking_id: b.id.clone(),
        percent,
        basis,
        lines,
        paid: b.total,
        amount,
        points_returned,
    }
}

/// `value × num ÷ den`, rounded down, in i128 so large figures cannot overflow.
fn scale(value: i64, num: i64, den: i64) -> i64 {
    i64::try_from(i128::from(value) * i128::from(num) / i128::from(den.max(1))).unwrap_or(0)
}

/// Check a policy table an operator wants to save: 1 to 10 tiers, distinct thresholds of 0 to
/// 30 days, percents 0 to 100 that never grow as the show gets closer, and a 0-minute row so
/// every moment before the show has a tier.
pub fn validate(tiers: &[Tier]) -> Result<Vec<Tier>, String> {
    if tiers.is_empty() || tiers.len() > 10 {
        return Err("must list 1 to 10 tiers".into());
    }
    let mut sorted = tiers.to_vec();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.min_minutes_before));
    for w in sorted.windows(2) {
        if w[0].min_minutes_before == w[1].min_minutes_before {
            return Err(format!(
                "two tiers start {} minutes before the show",
                w[0].min_minutes_before
            ));
        }
        if w[1].percent > w[0].percent {
            return Err("a later tier may not give back more than an earlier one".into());
        }
    }
    if let Some(t) = sorted
        .iter()
        .find(|t| !(0..=43_200).contains(&t.min_minutes_before) || t.percent > 100)
    {
        return Err(format!(
            "tier {} min: minutes must be 0 to 43200 and percent 0 to 100",
            t.min_minutes_before
        ));
    }
    if sorted.last().map(|t| t.min_minutes_before) != Some(0) {
        return Err("must have a tier at 0 minutes (what applies just before the show)".into());
    }
    Ok(sorted)
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;

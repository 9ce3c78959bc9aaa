//! Money and the quote: [`Vnd`], and the one pricing function that turns a basket (a
//! showtime's seats) into a [`Quote`]. The quote endpoint and booking creation both use it,
//! and a booking stores exactly its quote's lines, so what a customer is shown is what they
//! are charged. [`basket::price`] adds concessions, a promotion code and points to the seats.

use crate::cinemas::ShowtimeFacts;
pub use crate::money::Vnd;
use serde::Serialize;
use std::collections::HashSet;

pub mod basket;
pub use basket::{price, ConcessionQuoteLine, Extras, PromoInput, PromoOutcome};

/// Most seats in one basket (box office included).
pub const MAX_SEATS: usize = 50;

/// One priced line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = PriceQuoteLine)]
pub struct QuoteLine {
    /// cinemas.db seat id.
    pub seat_id: String,
    /// "E7".
    pub label: String,
    /// STANDARD / VIP / COUPLE / PREMIUM / WHEELCHAIR.
    pub seat_type: String,
    /// This seat for this showtime (hall × seat type × day type).
    pub price: Vnd,
}

/// Something taken off the subtotal, with the reason a customer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Discount {
    /// What gave it (a promotion code, points).
    pub source: String,
    /// Why, in words.
    pub reason: String,
    /// VND off.
    pub amount: Vnd,
}

/// What a basket costs, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Quote {
    /// The showtime.
    pub showtime_id: String,
    /// WEEKDAY / WEEKEND / HOLIDAY: the price band the lines come from.
    pub day_type: String,
    /// One per seat, in the order asked.
    pub lines: Vec<QuoteLine>,
    /// Concessions, one line per item (a free item on its own line).
    pub concessions: Vec<ConcessionQuoteLine>,
    /// The promotion's and the points' discounts.
    pub discounts: Vec<Discount>,
    /// Sum of the seat and concession lines.
    pub subtotal: Vnd,
    /// Sum of the discounts.
    pub discount: Vnd,
    /// To pay: subtotal − discounts.
    pub total: Vnd,
    /// The code asked for, and whether it applies (why not, if not).
    pub promotion: Option<PromoOutcome>,
    /// Loyalty points paying part of the total.
    pub points_redeemed: i64,
    /// Points a member would earn on this total once the show is over.
    pub points_earned: i64,
    /// Bonus points from a POINTS code.
    pub bonus_points: i64,
    /// Combos cheaper than lines the basket already has.
    pub combo_suggestions: Vec<crate::concessions::menu::Suggestion>,
}

/// A basket that cannot be priced; names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct PricingError {
    /// The field at fault.
    pub field: &'static str,
    /// What is allowed.
    pub problem: String,
    /// The basket is valid but the site cannot fill it now (stock, points balance): 409.
    pub conflict: bool,
}

fn invalid(field: &'static str, problem: impl Into<String>) -> PricingError {
    PricingError {
        field,
        problem: problem.into(),
        conflict: false,
    }
}

impl Quote {
    /// A quote without seats (concessions sold alone), for [`basket::price`] to fill.
    pub fn without_seats() -> Quote {
        Quote {
            showtime_id: String::new(),
            day_type: String::new(),
            lines: Vec::new(),
            concessions: Vec::new(),
            discounts: Vec::new(),
            subtotal: Vnd::ZERO,
            discount: Vnd::ZERO,
            total: Vnd::ZERO,
            promotion: None,
            points_redeemed: 0,
            points_earned: 0,
            bonus_points: 0,
            combo_suggestions: Vec::new(),
        }
    }
}

/// Price `seat_ids` of the showtime described by `facts`.
pub fn quote(facts: &ShowtimeFacts, seat_ids: &[String]) -> Result<Quote, PricingError> {
    if seat_ids.is_empty() || seat_ids.len() > MAX_SEATS {
        return Err(invalid(
            "seat_ids",
            format!("must list 1 to {MAX_SEATS} seats"),
        ));
    }
    let unique: HashSet<&str> = seat_ids.iter().map(String::as_str).collect();
    if unique.len() != seat_ids.len() {
        return Err(invalid("seat_ids", "must not repeat a seat"));
    }
    let mut lines = Vec::with_capacity(seat_ids.len());
    let mut subtotal = Vnd::ZERO;
    for id in seat_ids {
        let seat = facts
            .seat(id)
            .ok_or_else(|| invalid("seat_ids", format!("no seat {id} in this hall")))?;
        if seat.price < 0 {
            return Err(invalid(
                "seat_ids",
                format!("seat {} has no price for this showtime", seat.label),
            ));
        }
        let price = Vnd(seat.price);
        subtotal = subtotal
            .checked_add(price)
            .ok_or_else(|| invalid("seat_ids", "the total is out of range"))?;
        lines.push(QuoteLine {
            seat_id: seat.id.clone(),
            label: seat.label.clone(),
            seat_type: seat.seat_type.as_str().to_string(),
            price,
        });
    }
    Ok(Quote {
        showtime_id: facts.showtime_id.clone(),
        day_type: facts.day_type.as_str().to_string(),
        lines,
        concessions: Vec::new(),
        discounts: Vec::new(),
        subtotal,
        discount: Vnd::ZERO,
        total: subtotal,
        promotion: None,
        points_redeemed: 0,
        points_earned: 0,
        bonus_points: 0,
        combo_suggestions: Vec::new(),
    })
}

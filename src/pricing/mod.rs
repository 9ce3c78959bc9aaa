//! Money and the quote: [`Vnd`], and the one pricing function that turns a basket (a
//! showtime's seats) into a [`Quote`]. The quote endpoint and booking creation both use it,
//! and a booking stores exactly its quote's lines, so what a customer is shown is what they
//! are charged. Promotions, concessions and points will add their lines and discounts here.

use crate::cinemas::ShowtimeFacts;
use serde::Serialize;
use std::collections::HashSet;

/// Most seats in one basket (box office included).
pub const MAX_SEATS: usize = 50;

/// An amount of Vietnamese đồng (integer; the currency has no minor unit in use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(transparent)]
pub struct Vnd(pub i64);

impl Vnd {
    /// Zero đồng.
    pub const ZERO: Vnd = Vnd(0);

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_sub(other.0).map(Vnd)
    }
}

impl std::fmt::Display for Vnd {
    /// As Vietnamese write it: `120.000 ₫`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        if self.0 < 0 {
            f.write_str("-")?;
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(".")?;
            }
            write!(f, "{ch}")?;
        }
        f.write_str(" ₫")
    }
}

/// One priced line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discount {
    /// What gave it (a promotion code, points).
    pub source: String,
    /// Why, in words.
    pub reason: String,
    /// VND off.
    pub amount: Vnd,
}

/// What a basket costs, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The showtime.
    pub showtime_id: String,
    /// WEEKDAY / WEEKEND / HOLIDAY: the price band the lines come from.
    pub day_type: String,
    /// One per seat, in the order asked.
    pub lines: Vec<QuoteLine>,
    /// None yet (promotions and points come later).
    pub discounts: Vec<Discount>,
    /// Sum of the lines.
    pub subtotal: Vnd,
    /// To pay: subtotal − discounts.
    pub total: Vnd,
}

/// A basket that cannot be priced; names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct PricingError {
    /// The field at fault.
    pub field: &'static str,
    /// What is allowed.
    pub problem: String,
}

fn invalid(field: &'static str, problem: impl Into<String>) -> PricingError {
    PricingError {
        field,
        problem: problem.into(),
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
        discounts: Vec::new(),
        subtotal,
        total: subtotal,
    })
}

#[cfg(test)]
mod tests {
    use super::Vnd;

    #[test]
    fn vnd_is_written_the_vietnamese_way() {
        assert_eq!(Vnd(85_000).to_string(), "85.000 ₫");
        assert_eq!(Vnd(1_250_000).to_string(), "1.250.000 ₫");
        assert_eq!(Vnd(0).to_string(), "0 ₫");
        assert_eq!(Vnd(-20_000).to_string(), "-20.000 ₫");
        assert_eq!(Vnd(i64::MAX).checked_add(Vnd(1)), None);
        assert_eq!(Vnd(5).checked_sub(Vnd(7)), Some(Vnd(-2)));
    }
}

//! The booking state machine, in one place:
//!
//! ```text
//! PENDING ──pay──▶ CONFIRMED ──show ends──▶ COMPLETED
//!    │  └──cancel──▶ CANCELLED ◀──refund── CONFIRMED
//!    └──timeout──▶ EXPIRED ──late payment, seats still free──▶ CONFIRMED
//! ```

use super::BookingsError;
use serde::{Deserialize, Serialize};

/// Lifecycle of a booking.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BookingStatus {
    Pending,
    Confirmed,
    Completed,
    Cancelled,
    Expired,
}

/// Every status, for exhaustive tests and filters.
pub const ALL: [BookingStatus; 5] = [
    BookingStatus::Pending,
    BookingStatus::Confirmed,
    BookingStatus::Completed,
    BookingStatus::Cancelled,
    BookingStatus::Expired,
];

impl BookingStatus {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Pending => "PENDING",
            BookingStatus::Confirmed => "CONFIRMED",
            BookingStatus::Completed => "COMPLETED",
            BookingStatus::Cancelled => "CANCELLED",
            BookingStatus::Expired => "EXPIRED",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<BookingStatus> {
        ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Do the booking's seats count as taken in this state?
    pub fn holds_seats(self) -> bool {
        matches!(
            self,
            BookingStatus::Pending | BookingStatus::Confirmed | BookingStatus::Completed
        )
    }

    /// Is `self → to` a legal move?
    pub fn can_become(self, to: BookingStatus) -> bool {
        use BookingStatus::*;
        matches!(
            (self, to),
            (Pending, Confirmed)
                | (Pending, Cancelled)
                | (Pending, Expired)
                | (Confirmed, Completed)
                | (Confirmed, Cancelled)
                | (Expired, Confirmed)
        )
    }

    /// `Ok` if legal, else the error naming both states.
    pub fn check(self, to: BookingStatus) -> Result<(), BookingsError> {
        if self.can_become(to) {
            Ok(())
        } else {
            Err(BookingsError::IllegalTransition { from: self, to })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_documented_moves_are_legal() {
        use BookingStatus::*;
        let legal = [
            (Pending, Confirmed),
            (Pending, Cancelled),
            (Pending, Expired),
            (Confirmed, Completed),
            (Confirmed, Cancelled),
            (Expired, Confirmed),
        ];
        for from in ALL {
            for to in ALL {
                assert_eq!(
                    from.can_become(to),
                    legal.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
                assert_eq!(from.check(to).is_ok(), legal.contains(&(from, to)));
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in ALL {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(BookingStatus::parse("pending"), None);
    }
}

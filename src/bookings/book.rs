//! Booking the seats you hold: the rules of `POST /api/v1/bookings`, out of the handler. The
//! seats must be held by the caller, each seat's price is the quote's line at this moment,
//! the channel follows the caller's permission, and a retry with the same idempotency key
//! returns the booking it already made.

use super::service::same_request;
use super::{Booking, BookingSeat, Bookings, BookingsError, Channel, NewBooking, ShowtimeSnapshot};
use crate::cinemas::ShowtimeFacts;
use crate::users::AuthUser;
use std::collections::HashSet;

/// What the caller asks to book.
#[derive(Debug, Clone)]
pub struct BookRequest {
    /// cinemas.db showtime id.
    pub showtime_id: String,
    /// The seats, held by the caller on the seat map.
    pub seat_ids: Vec<String>,
    /// The client's key for this request: a retry sends the same one.
    pub idempotency_key: String,
}

impl Bookings {
    /// May the showtime be sold now on this channel? Online sales stop at the start, the box
    /// office's a setting's minutes later (never past the end).
    fn sales_open(&self, facts: &ShowtimeFacts, box_office: bool) -> Result<(), BookingsError> {
        let now = self.now();
        if facts.cancelled || now < facts.sales_open_at {
            return Err(BookingsError::NotOnSale);
        }
        let closes = if box_office {
            (facts.start + self.box_office_after_start).min(facts.end)
        } else {
            facts.start
        };
        if now >= closes {
            return Err(BookingsError::SalesClosed { box_office });
        }
        Ok(())
    }

    /// Book seats `user` holds (`booking:create`). `Ok((booking, true))` when it was made now,
    /// `false` when this key already made it.
    pub async fn book(
        &self,
        user: &AuthUser,
        req: BookRequest,
    ) -> Result<(Booking, bool), BookingsError> {
        if !user.can("booking:create") {
            return Err(BookingsError::Forbidden("booking:create"));
        }
        let key = req.idempotency_key.trim().to_string();
        let facts = self.inputs.cinemas.showtime_facts(&req.showtime_id).await?;
        // The booking stores exactly the lines the quote computes now.
        let seats: Vec<BookingSeat> = crate::pricing::quote(&facts, &req.seat_ids)?
            .lines
            .into_iter()
            .map(|l| BookingSeat {
                seat_id: l.seat_id,
                seat_label: l.label,
                seat_type: l.seat_type,
                price: l.price.0,
            })
            .collect();
        let held: HashSet<String> = self
            .inputs
            .holds
            .held_by(&req.showtime_id, &user.id)
            .into_iter()
            .collect();
        let missing: Vec<&str> = seats
            .iter()
            .filter(|x| !held.contains(&x.seat_id))
            .map(|x| x.seat_label.as_str())
            .collect();
        if !missing.is_empty() {
            // A retry of a booking already made: its holds became that booking.
            if let Some(b) = self.by_idempotency_key(&user.id, &key).await? {
                let asked = req.seat_ids.iter().map(String::as_str);
                if !same_request(&b, &req.showtime_id, asked) {
                    return Err(BookingsError::IdempotencyMismatch);
                }
                return Ok((b, false));
            }
            return Err(BookingsError::NotHeld(missing.join(", ")));
        }
        let box_office = user.can("booking:sell");
        self.sales_open(&facts, box_office)?;
        if self.no_single_seat_gap {
            let live = self
                .inputs
                .holds
                .seat_facts(&req.showtime_id)
                .await
                .map_err(|e| BookingsError::Invalid {
                    field: "showtime_id",
                    problem: e.to_string(),
                })?;
            let mine: HashSet<&str> = seats.iter().map(|s| s.seat_id.as_str()).collect();
            let taken = |id: &str| live.seats.get(id).is_some_and(|s| s.taken);
            if let Some(label) = super::seat_gap::lone_gap(&facts.seats, &taken, &mine) {
                return Err(BookingsError::SeatGap(label));
            }
        }
        let movie_title = self
            .inputs
            .catalog
            .brief(&facts.movie_id)
            .await?
            .map(|m| m.title)
            .unwrap_or_default();
        let channel = if box_office {
            Channel::BoxOffice
        } else {
            Channel::Online
        };
        self.create(NewBooking {
            user_id: user.id.clone(),
            channel,
            idempotency_key: key,
            showtime: ShowtimeSnapshot {
                id: facts.showtime_id.clone(),
                cinema_id: facts.cinema_id.clone(),
                movie_title,
                hall_name: facts.hall_name.clone(),
                starts_at: facts.start,
                ends_at: facts.end,
            },
            seats,
        })
        .await
    }
}

//! Booking the seats you hold: the rules of `POST /api/v1/bookings`, out of the handler. The
//! seats must be held by the caller, each seat's price is the quote's line at this moment,
//! the channel follows the caller's permission, and a retry with the same idempotency key
//! returns the booking it already made.

use super::service::same_request;
use super::{
    Basket, Booking, BookingSeat, Bookings, BookingsError, Channel, NewBooking, SaleContext,
    ShowtimeSnapshot,
};
use crate::cinemas::ShowtimeFacts;
use crate::pricing::Quote;
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
    /// Concessions, a code, points (and, at the box office, the member).
    pub basket: Basket,
}

/// A basket to price: a showtime's seats (or none, for concessions alone) and the rest.
#[derive(Debug, Clone, Default)]
pub struct QuoteRequest {
    /// The showtime, for seats.
    pub showtime_id: Option<String>,
    /// Its seats.
    pub seat_ids: Vec<String>,
    /// The cinema of a concessions-only basket (the site's only cinema when left out).
    pub cinema_id: Option<String>,
    /// Concessions, code, points, member.
    pub basket: Basket,
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
        let (basket, ctx) = self.basket_for(user, req.basket, &facts).await?;
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
        self.create_with(
            NewBooking {
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
            },
            basket,
            ctx,
        )
        .await
    }

    /// The basket as this caller may ask it (online, the member is always the customer; the
    /// box office names the member it found), and what its code is checked against.
    async fn basket_for(
        &self,
        user: &AuthUser,
        mut basket: Basket,
        facts: &ShowtimeFacts,
    ) -> Result<(Basket, Option<SaleContext>), BookingsError> {
        let channel = if user.can("booking:sell") {
            Channel::BoxOffice
        } else {
            basket.member_id = Some(user.id.clone());
            Channel::Online
        };
        if basket.is_plain() {
            return Ok((basket, None));
        }
        let ctx = SaleContext {
            cinema_id: facts.cinema_id.clone(),
            movie_id: Some(facts.movie_id.clone()),
            day_type: Some(facts.day_type.as_str().to_string()),
            today: self.today_at(&facts.cinema_id).await,
            channel,
        };
        Ok((basket, Some(ctx)))
    }

    /// Today in the cinema's time zone (the site's when the cinema cannot be read).
    async fn today_at(&self, cinema_id: &str) -> chrono::NaiveDate {
        let now = self.now();
        let tz = match self.inputs.cinemas.cinema(cinema_id).await {
            Ok(c) => c.timezone.parse().unwrap_or(self.timezone),
            Err(_) => self.timezone,
        };
        now.with_timezone(&tz).date_naive()
    }

    /// What a basket costs now, line by line, as booking it would charge (no hold needed).
    /// Points and a per-customer code need `user`.
    pub async fn quote(
        &self,
        user: Option<&AuthUser>,
        req: QuoteRequest,
    ) -> Result<Quote, BookingsError> {
        let (seats, ctx_facts) = match &req.showtime_id {
            Some(id) => {
                let facts = self.inputs.cinemas.showtime_facts(id).await?;
                (crate::pricing::quote(&facts, &req.seat_ids)?, Some(facts))
            }
            None if req.seat_ids.is_empty() => (Quote::without_seats(), None),
            None => {
                return Err(BookingsError::Invalid {
                    field: "showtime_id",
                    problem: "required with seat_ids".into(),
                })
            }
        };
        let mut basket = req.basket;
        let channel = match user {
            Some(u) if u.can("booking:sell") => Channel::BoxOffice,
            Some(u) => {
                basket.member_id = Some(u.id.clone());
                Channel::Online
            }
            None => {
                basket.member_id = None;
                Channel::Online
            }
        };
        if basket.is_plain() {
            return Ok(seats);
        }
        let cinema_id = match (&ctx_facts, &req.cinema_id) {
            (Some(f), _) => f.cinema_id.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => self.only_cinema().await?,
        };
        let ctx = SaleContext {
            today: self.today_at(&cinema_id).await,
            cinema_id,
            movie_id: ctx_facts.as_ref().map(|f| f.movie_id.clone()),
            day_type: ctx_facts.as_ref().map(|f| f.day_type.as_str().to_string()),
            channel,
        };
        let user_id = user.map(|u| u.id.clone()).unwrap_or_default();
        self.sales()
            .read(move |c| {
                super::basket::price_in(c, seats, &basket, &ctx, &user_id).map(|p| p.quote)
            })
            .await
    }

    /// The site's cinema when it has exactly one.
    async fn only_cinema(&self) -> Result<String, BookingsError> {
        let all = self
            .inputs
            .cinemas
            .list_cinemas(&crate::cinemas::service::CinemaFilter::default())
            .await?;
        match all.as_slice() {
            [one] => Ok(one.id.clone()),
            _ => Err(BookingsError::Invalid {
                field: "cinema_id",
                problem: "required: this site has more than one cinema".into(),
            }),
        }
    }

    /// A box-office sale of concessions alone (`booking:sell`): a PENDING booking without a
    /// showtime, paid like any other at the counter. Stock is taken now.
    pub async fn sell_concessions(
        &self,
        user: &AuthUser,
        cinema_id: Option<String>,
        basket: Basket,
        idempotency_key: String,
    ) -> Result<(Booking, bool), BookingsError> {
        if !user.can("booking:sell") {
            return Err(BookingsError::Forbidden("booking:sell"));
        }
        let cinema_id = match cinema_id {
            Some(c) => self.inputs.cinemas.cinema(&c).await?.id,
            None => self.only_cinema().await?,
        };
        let now = self.now();
        let ctx = SaleContext {
            today: self.today_at(&cinema_id).await,
            cinema_id: cinema_id.clone(),
            movie_id: None,
            day_type: None,
            channel: Channel::BoxOffice,
        };
        self.create_with(
            NewBooking {
                user_id: user.id.clone(),
                channel: Channel::BoxOffice,
                idempotency_key: idempotency_key.trim().to_string(),
                showtime: ShowtimeSnapshot {
                    id: String::new(),
                    cinema_id,
                    movie_title: String::new(),
                    hall_name: String::new(),
                    starts_at: now,
                    ends_at: now,
                },
                seats: Vec::new(),
            },
            basket,
            Some(ctx),
        )
        .await
    }
}

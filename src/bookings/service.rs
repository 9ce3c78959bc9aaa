//! Rules of bookings: create a PENDING booking (idempotent), who may see and cancel one,
//! expire and complete by the clock, and the in-transaction confirm used by payments. Every
//! write goes through the sales core, so its events reach the outbox and the reactors.

use super::basket::{self, Basket, SaleContext};
use super::store::{self, ListFilter};
use super::{Booking, BookingStatus, BookingsError, Freed, Ledger, NewBooking};
use crate::catalog::Catalog;
use crate::cinemas::Cinemas;
use crate::clock::{stamp, Clock};
use crate::holds::Holds;
use crate::pricing::{Quote, QuoteLine, Vnd};
use crate::sales::{SaleEvent, Sales, Tx};
use crate::users::AuthUser;
use chrono::Duration;
use std::collections::HashSet;

/// Most seats in one booking (box office included).
pub use crate::pricing::MAX_SEATS;

/// What booking reads from the domains beside it: the showtime and its prices (cinemas), the
/// film's title (catalog) and who holds which seat (holds).
#[derive(Clone)]
pub struct BookingInputs {
    /// Showtimes, seats and prices.
    pub cinemas: Cinemas,
    /// Film titles.
    pub catalog: Catalog,
    /// Live seat holds.
    pub holds: Holds,
}

/// The bookings service.
#[derive(Clone)]
pub struct Bookings {
    sales: Sales,
    ledger: Ledger,
    pub(super) inputs: BookingInputs,
    clock: Clock,
    pending_ttl: Duration,
    /// The box office sells this long past a show's start (online stops at the start).
    pub(super) box_office_after_start: Duration,
    /// Refuse bookings that leave a lone empty seat between taken ones.
    pub(super) no_single_seat_gap: bool,
    /// The site's time zone (a cinema's own wins when it has one).
    pub(super) timezone: chrono_tz::Tz,
}

/// May `user` see a booking (or its payments and tickets) owned by `owner`: the owner, or
/// staff who sell.
pub fn may_see(owner: &str, user: &AuthUser) -> bool {
    owner == user.id || user.can("booking:sell")
}

impl Bookings {
    /// Build the service over the sales core.
    pub fn new(
        sales: Sales,
        inputs: BookingInputs,
        settings: &crate::config::Bookings,
        clock: Clock,
    ) -> Bookings {
        let secs = i64::try_from(settings.pending_ttl_secs).unwrap_or(600);
        Bookings {
            ledger: Ledger::new(sales.db().clone()),
            sales,
            inputs,
            clock,
            pending_ttl: Duration::seconds(secs),
            box_office_after_start: Duration::minutes(i64::from(
                settings.box_office_minutes_after_start,
            )),
            no_single_seat_gap: settings.no_single_seat_gap,
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
        }
    }

    /// The same service with the site's time zone.
    pub fn with_timezone(mut self, tz: chrono_tz::Tz) -> Bookings {
        self.timezone = tz;
        self
    }

    /// The same service reading holds from `holds` (tests and simulations swap the facts).
    pub fn with_holds(mut self, holds: Holds) -> Bookings {
        self.inputs.holds = holds;
        self
    }

    /// The clock's now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The sales core (payments, tickets and tills write through it too).
    pub fn sales(&self) -> &Sales {
        &self.sales
    }

    /// The sold-seat ledger's reads.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Create a PENDING booking of seats already priced (no hold check: [`Bookings::book`]
    /// is the rule for customers and cashiers; this is for tools and tests). The same
    /// idempotency key returns the same booking
    /// (`false` = it already existed). The seats enter the ledger in the same transaction,
    /// so a seat already in an active sale is refused by the database.
    pub async fn create(&self, new: NewBooking) -> Result<(Booking, bool), BookingsError> {
        self.create_with(new, Basket::default(), None).await
    }

    /// [`Bookings::create`] with concessions, a code and points priced in the same
    /// transaction (`ctx` says what the code is checked against; needed unless the basket is
    /// plain). Stock and points are taken with the seats.
    pub async fn create_with(
        &self,
        new: NewBooking,
        basket: Basket,
        ctx: Option<SaleContext>,
    ) -> Result<(Booking, bool), BookingsError> {
        validate(&new, &basket)?;
        let now = self.clock.now();
        let total: i64 = new.seats.iter().map(|s| s.price).sum();
        let mut booking = Booking {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: new.user_id.clone(),
            showtime_id: new.showtime.id.clone(),
            cinema_id: new.showtime.cinema_id.clone(),
            status: BookingStatus::Pending,
            channel: new.channel,
            subtotal: total,
            discount: 0,
            total,
            movie_title: new.showtime.movie_title.clone(),
            hall_name: new.showtime.hall_name.clone(),
            starts_at: stamp(new.showtime.starts_at),
            ends_at: stamp(new.showtime.ends_at),
            created_at: stamp(now),
            expires_at: stamp(now + self.pending_ttl),
            confirmed_at: None,
            closed_at: None,
            seats: new.seats.clone(),
            concessions: Vec::new(),
            promo_code: None,
            promotion_id: None,
            points_redeemed: 0,
            promo_discount: 0,
            member_id: None,
        };
        let ctx = ctx.unwrap_or_else(|| SaleContext {
            cinema_id: new.showtime.cinema_id.clone(),
            movie_id: None,
            day_type: None,
            today: now.date_naive(),
            channel: new.channel,
        });
        let done = self
            .sales
            .run(move |tx| {
                if let Some(existing) =
                    store::by_idempotency_key(tx, &new.user_id, &new.idempotency_key)?
                {
                    let seats = new.seats.iter().map(|s| s.seat_id.as_str());
                    return same_request(&existing, &new.showtime.id, seats)
                        .then_some((existing, false))
                        .ok_or(BookingsError::IdempotencyMismatch);
                }
                let priced = if basket.is_plain() {
                    None
                } else {
                    let seats = seat_quote(&booking);
                    let priced = basket::price_in(tx, seats, &basket, &ctx, &new.user_id)?;
                    basket::fill(&mut booking, &priced, &basket)?;
                    Some(priced)
                };
                store::insert_booking(tx, &booking, &new.idempotency_key)?;
                for seat in &booking.seats {
                    store::insert_seat(tx, &booking.id, &booking.showtime_id, seat)?;
                }
                let at = booking.created_at.clone();
                if let Some(priced) = &priced {
                    basket::take(tx, &booking, &priced.menu, &at)?;
                }
                tx.emit(SaleEvent::BookingCreated(booking.facts()), &at)?;
                Ok((booking, true))
            })
            .await?;
        Ok(done.value)
    }

    /// The booking made earlier by `user_id` with this idempotency key, if any.
    pub async fn by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<Booking>, BookingsError> {
        let (user, k) = (user_id.to_string(), key.to_string());
        self.sales
            .read(move |c| store::by_idempotency_key(c, &user, &k))
            .await
    }

    /// One booking.
    pub async fn get(&self, id: &str) -> Result<Booking, BookingsError> {
        let key = id.to_string();
        self.sales
            .read(move |c| store::booking_by_id(c, &key)?.ok_or(BookingsError::NotFound(key)))
            .await
    }

    /// The booking of the ticket with this canonical code, if any (the box office finds a
    /// booking from a ticket typed or scanned at the counter).
    pub async fn by_ticket_code(&self, code: &str) -> Result<Option<Booking>, BookingsError> {
        let key = code.to_string();
        self.sales
            .read(move |c| store::booking_by_ticket_code(c, &key))
            .await
    }

    /// A booking `user` may see ([`may_see`]); others get "not found".
    pub async fn visible(&self, id: &str, user: &AuthUser) -> Result<Booking, BookingsError> {
        let b = self.get(id).await?;
        if may_see(&b.user_id, user) {
            Ok(b)
        } else {
            Err(BookingsError::NotFound(id.to_string()))
        }
    }

    /// A page of the bookings `filter` picks.
    pub async fn list(&self, filter: ListFilter) -> Result<(Vec<Booking>, i64), BookingsError> {
        self.sales.read(move |c| store::list(c, &filter)).await
    }

    /// A page of the bookings `user` may see: their own, or every booking of the site for
    /// staff who sell.
    pub async fn visible_list(
        &self,
        user: &AuthUser,
        mut filter: ListFilter,
    ) -> Result<(Vec<Booking>, i64), BookingsError> {
        filter.user_id = (!user.can("booking:sell")).then(|| user.id.clone());
        self.list(filter).await
    }

    /// Cancel a PENDING booking as `user` (its owner, or staff with `booking:cancel`); frees
    /// its seats. Refunds of paid bookings are a separate flow.
    pub async fn cancel(&self, id: &str, user: &AuthUser) -> Result<Booking, BookingsError> {
        let b = self.visible(id, user).await?;
        if b.user_id != user.id && !user.can("booking:cancel") {
            return Err(BookingsError::Forbidden("booking:cancel"));
        }
        Ok(self.cancel_pending(id).await?.0)
    }

    /// Cancel a PENDING booking (no permission check: the caller decided).
    pub async fn cancel_pending(&self, id: &str) -> Result<(Booking, Freed), BookingsError> {
        let (id, now) = (id.to_string(), stamp(self.clock.now()));
        let done = self
            .sales
            .run(move |tx| {
                let b = store::booking_by_id(tx, &id)?
                    .ok_or_else(|| BookingsError::NotFound(id.clone()))?;
                if b.status != BookingStatus::Pending {
                    return Err(BookingsError::IllegalTransition {
                        from: b.status,
                        to: BookingStatus::Cancelled,
                    });
                }
                let freed = close(tx, &b, BookingStatus::Cancelled, &now)?;
                let b = store::booking_by_id(tx, &id)?.ok_or(BookingsError::NotFound(id))?;
                Ok((b, freed))
            })
            .await?;
        Ok(done.value)
    }

    /// Expire every PENDING booking past its `expires_at` by the clock; returns the seats
    /// freed (viewers are told by the reactors). Restart-safe: the state is in the database.
    pub async fn expire_due(&self) -> Result<Vec<Freed>, BookingsError> {
        let now = stamp(self.clock.now());
        let done = self
            .sales
            .run(move |tx| {
                let mut freed = Vec::new();
                for id in store::due_for_expiry(tx, &now, 500)? {
                    if let Some(b) = store::booking_by_id(tx, &id)? {
                        freed.push(close(tx, &b, BookingStatus::Expired, &now)?);
                    }
                }
                Ok::<_, BookingsError>(freed)
            })
            .await?;
        Ok(done.value)
    }

    /// Mark CONFIRMED bookings whose show has ended as COMPLETED; returns them.
    pub async fn complete_due(&self) -> Result<Vec<Booking>, BookingsError> {
        let now = stamp(self.clock.now());
        let done = self
            .sales
            .run(move |tx| {
                let mut done = Vec::new();
                for id in store::due_for_completion(tx, &now, 500)? {
                    let moved = store::set_status(
                        tx,
                        &id,
                        BookingStatus::Confirmed,
                        BookingStatus::Completed,
                        &now,
                    )?;
                    if !moved {
                        continue;
                    }
                    if let Some(b) = store::booking_by_id(tx, &id)? {
                        tx.emit(SaleEvent::BookingCompleted { booking_id: id }, &now)?;
                        basket::on_complete(tx, &b, &now)?;
                        done.push(b);
                    }
                }
                Ok::<_, BookingsError>(done)
            })
            .await?;
        Ok(done.value)
    }
}

/// Confirm a booking inside the caller's sale (payments): PENDING → CONFIRMED, or a late
/// payment of an EXPIRED booking re-claims its seats if they are all still free (else
/// [`BookingsError::SeatAlreadySold`]; run it in [`Tx::attempt`] to keep the rest).
pub fn confirm_in(tx: &mut Tx<'_>, booking_id: &str, now: &str) -> Result<Booking, BookingsError> {
    let b = store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))?;
    b.status.check(BookingStatus::Confirmed)?;
    let reclaimed = b.status == BookingStatus::Expired;
    if reclaimed {
        store::set_seats_active(tx, booking_id, true)?;
    }
    if !store::set_status(tx, booking_id, b.status, BookingStatus::Confirmed, now)? {
        return Err(BookingsError::IllegalTransition {
            from: b.status,
            to: BookingStatus::Confirmed,
        });
    }
    basket::on_confirm(tx, &b, now)?;
    tx.emit(
        SaleEvent::BookingConfirmed {
            booking_id: booking_id.to_string(),
            total: b.total,
            showtime_id: b.showtime_id.clone(),
            seat_ids: b.seats.iter().map(|s| s.seat_id.clone()).collect(),
            reclaimed,
        },
        now,
    )?;
    store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))
}

/// Cancel a CONFIRMED booking that is being refunded, inside the refund's sale: CANCELLED,
/// seats out of the ledger (viewers told by the reactors), stock and the code's use given back, `points_back` of the points it
/// redeemed released and a code's bonus points reversed.
pub fn cancel_paid_in(
    tx: &mut Tx<'_>,
    booking_id: &str,
    points_back: i64,
    now: &str,
) -> Result<(Booking, Freed), BookingsError> {
    let b = store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))?;
    if b.status != BookingStatus::Confirmed {
        return Err(BookingsError::IllegalTransition {
            from: b.status,
            to: BookingStatus::Cancelled,
        });
    }
    let freed = close_with(tx, &b, BookingStatus::Cancelled, now, Some(points_back))?;
    let b = store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))?;
    Ok((b, freed))
}

/// Move to a closing state and take the seats out of the ledger.
fn close(
    tx: &mut Tx<'_>,
    b: &Booking,
    to: BookingStatus,
    now: &str,
) -> Result<Freed, BookingsError> {
    close_with(tx, b, to, now, None)
}

/// [`close`], for a refund when `refund_points` says how many redeemed points come back.
fn close_with(
    tx: &mut Tx<'_>,
    b: &Booking,
    to: BookingStatus,
    now: &str,
    refund_points: Option<i64>,
) -> Result<Freed, BookingsError> {
    b.status.check(to)?;
    if !store::set_status(tx, &b.id, b.status, to, now)? {
        return Err(BookingsError::IllegalTransition { from: b.status, to });
    }
    store::set_seats_active(tx, &b.id, false)?;
    match refund_points {
        None => basket::on_close(tx, b, now)?,
        Some(points) => basket::on_refund(tx, b, points, now)?,
    }

    let freed = Freed {
        booking_id: b.id.clone(),
        showtime_id: b.showtime_id.clone(),
        seat_ids: b.seats.iter().map(|s| s.seat_id.clone()).collect(),
    };
    let (booking_id, showtime_id, seat_ids) = (
        freed.booking_id.clone(),
        freed.showtime_id.clone(),
        freed.seat_ids.clone(),
    );
    let event = match to {
        BookingStatus::Expired => SaleEvent::BookingExpired {
            booking_id,
            showtime_id,
            seat_ids,
        },
        _ => SaleEvent::BookingCancelled {
            booking_id,
            showtime_id,
            seat_ids,
        },
    };
    tx.emit(event, now)?;
    Ok(freed)
}

/// Whether an earlier booking is the same request (same showtime, same set of seats).
pub(super) fn same_request<'a>(
    existing: &Booking,
    showtime_id: &str,
    seat_ids: impl IntoIterator<Item = &'a str>,
) -> bool {
    let had: HashSet<&str> = existing.seats.iter().map(|s| s.seat_id.as_str()).collect();
    let asked: HashSet<&str> = seat_ids.into_iter().collect();
    existing.showtime_id == showtime_id && had == asked
}

/// The seat lines of a booking as a quote, for the basket to be priced on top.
fn seat_quote(b: &Booking) -> Quote {
    let mut q = Quote::without_seats();
    q.showtime_id = b.showtime_id.clone();
    for s in &b.seats {
        q.subtotal = Vnd(q.subtotal.0.saturating_add(s.price));
        q.lines.push(QuoteLine {
            seat_id: s.seat_id.clone(),
            label: s.seat_label.clone(),
            seat_type: s.seat_type.clone(),
            price: Vnd(s.price),
        });
    }
    q.total = q.subtotal;
    q
}

fn validate(new: &NewBooking, basket: &Basket) -> Result<(), BookingsError> {
    let key = new.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(BookingsError::Invalid {
            field: "idempotency_key",
            problem: "must be 1 to 100 characters".into(),
        });
    }
    let concessions_only = new.showtime.id.is_empty();
    if concessions_only {
        if !new.seats.is_empty() || basket.concessions.is_empty() {
            return Err(BookingsError::Invalid {
                field: "concessions",
                problem: "a sale without a showtime lists 1 or more concessions and no seats"
                    .into(),
            });
        }
    } else if new.seats.is_empty() || new.seats.len() > MAX_SEATS {
        return Err(BookingsError::Invalid {
            field: "seat_ids",
            problem: format!("must list 1 to {MAX_SEATS} seats"),
        });
    }
    let unique: HashSet<&str> = new.seats.iter().map(|s| s.seat_id.as_str()).collect();
    if unique.len() != new.seats.len() {
        return Err(BookingsError::Invalid {
            field: "seat_ids",
            problem: "must not repeat a seat".into(),
        });
    }
    if new.seats.iter().any(|s| s.price < 0) {
        return Err(BookingsError::Invalid {
            field: "seat_ids",
            problem: "a seat has no valid price".into(),
        });
    }
    Ok(())
}

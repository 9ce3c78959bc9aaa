//! Rules of bookings: create from held seats (idempotent), cancel, expire and complete by
//! the clock, and the in-transaction confirm used by payments.

use super::store::{self, ListFilter};
use super::{Booking, BookingStatus, BookingsError, Freed, NewBooking, Taken};
use crate::clock::{stamp, Clock};
use crate::db::Db;
use crate::sales::{self, SaleEvent};
use chrono::Duration;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// Most seats in one booking (box office included).
pub use crate::pricing::MAX_SEATS;

/// The bookings service.
#[derive(Clone)]
pub struct Bookings {
    db: Db,
    clock: Clock,
    pending_ttl: Duration,
    dirty: super::taken::Dirty,
}

impl Bookings {
    /// Build the service over bookings.db.
    pub fn new(db: Db, settings: &crate::config::Bookings, clock: Clock) -> Bookings {
        let secs = i64::try_from(settings.pending_ttl_secs).unwrap_or(600);
        Bookings {
            db,
            clock,
            pending_ttl: Duration::seconds(secs),
            dirty: super::taken::Dirty::default(),
        }
    }

    /// The clock's now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The database (payments and tickets join its transactions).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Create a PENDING booking; the same idempotency key returns the same booking
    /// (`false` = it already existed). The seats enter the ledger in the same transaction,
    /// so a seat already in an active sale is refused by the database.
    pub async fn create(&self, new: NewBooking) -> Result<(Booking, bool), BookingsError> {
        validate(&new)?;
        let now = self.clock.now();
        let booking = Booking {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: new.user_id.clone(),
            showtime_id: new.showtime.id.clone(),
            cinema_id: new.showtime.cinema_id.clone(),
            status: BookingStatus::Pending,
            channel: new.channel,
            subtotal: new.seats.iter().map(|s| s.price).sum(),
            discount: 0,
            total: new.seats.iter().map(|s| s.price).sum(),
            movie_title: new.showtime.movie_title.clone(),
            hall_name: new.showtime.hall_name.clone(),
            starts_at: stamp(new.showtime.starts_at),
            ends_at: stamp(new.showtime.ends_at),
            created_at: stamp(now),
            expires_at: stamp(now + self.pending_ttl),
            confirmed_at: None,
            closed_at: None,
            seats: new.seats.clone(),
        };
        self.db
            .write(move |tx| {
                if let Some(existing) =
                    store::by_idempotency_key(tx, &new.user_id, &new.idempotency_key)?
                {
                    return same_request(&existing, &new)
                        .then_some((existing, false))
                        .ok_or(BookingsError::IdempotencyMismatch);
                }
                store::insert_booking(tx, &booking, &new.idempotency_key)?;
                for seat in &booking.seats {
                    store::insert_seat(tx, &booking.id, &booking.showtime_id, seat)?;
                }
                sales::append(
                    tx,
                    &SaleEvent::BookingCreated(booking.facts()),
                    &booking.created_at,
                )?;
                Ok((booking, true))
            })
            .await
    }

    /// One booking.
    pub async fn get(&self, id: &str) -> Result<Booking, BookingsError> {
        let key = id.to_string();
        self.db
            .call(move |c| store::booking_by_id(c, &key)?.ok_or(BookingsError::NotFound(key)))
            .await
    }

    /// A page of bookings.
    pub async fn list(&self, filter: ListFilter) -> Result<(Vec<Booking>, i64), BookingsError> {
        self.db.call(move |c| store::list(c, &filter)).await
    }

    /// Cancel a PENDING booking (refunds of paid bookings are a separate flow); frees its seats.
    pub async fn cancel_pending(&self, id: &str) -> Result<(Booking, Freed), BookingsError> {
        let (id, now) = (id.to_string(), stamp(self.clock.now()));
        self.db
            .write(move |tx| {
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
            .await
    }

    /// Expire every PENDING booking past its `expires_at` by the clock; returns the seats
    /// freed so viewers can be told. Restart-safe: the state is in the database.
    pub async fn expire_due(&self) -> Result<Vec<Freed>, BookingsError> {
        let now = stamp(self.clock.now());
        self.db
            .write(move |tx| {
                let mut freed = Vec::new();
                for id in store::due_for_expiry(tx, &now, 500)? {
                    if let Some(b) = store::booking_by_id(tx, &id)? {
                        freed.push(close(tx, &b, BookingStatus::Expired, &now)?);
                    }
                }
                Ok(freed)
            })
            .await
    }

    /// Mark CONFIRMED bookings whose show has ended as COMPLETED; returns how many.
    pub async fn complete_due(&self) -> Result<Vec<Booking>, BookingsError> {
        let now = stamp(self.clock.now());
        self.db
            .write(move |tx| {
                let mut done = Vec::new();
                for id in store::due_for_completion(tx, &now, 500)? {
                    if store::set_status(
                        tx,
                        &id,
                        BookingStatus::Confirmed,
                        BookingStatus::Completed,
                        &now,
                    )? {
                        if let Some(b) = store::booking_by_id(tx, &id)? {
                            sales::append(
                                tx,
                                &SaleEvent::BookingCompleted {
                                    booking_id: id.clone(),
                                },
                                &now,
                            )?;
                            done.push(b);
                        }
                    }
                }
                Ok(done)
            })
            .await
    }

    /// Showtimes whose taken count awaits its report to cinemas.
    pub fn dirty(&self) -> &super::taken::Dirty {
        &self.dirty
    }

    /// Seats in active sales per showtime (showtimes with none are absent).
    pub async fn taken_counts(&self) -> Result<HashMap<String, u32>, BookingsError> {
        self.db.call(store::taken_counts).await
    }

    /// Seats of a showtime in active sales.
    pub async fn taken(&self, showtime_id: &str) -> Result<HashMap<String, Taken>, BookingsError> {
        let id = showtime_id.to_string();
        self.db
            .call(move |c| Ok(store::taken_in_showtime(c, &id)?.into_iter().collect()))
            .await
    }
}

/// Confirm a booking inside the caller's transaction (payments): PENDING → CONFIRMED, or a
/// late payment of an EXPIRED booking re-claims its seats if they are all still free
/// (else [`BookingsError::SeatAlreadySold`] and nothing changes).
pub fn confirm_in(tx: &Connection, booking_id: &str, now: &str) -> Result<Booking, BookingsError> {
    let b = store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))?;
    b.status.check(BookingStatus::Confirmed)?;
    if b.status == BookingStatus::Expired {
        store::set_seats_active(tx, booking_id, true)?;
    }
    if !store::set_status(tx, booking_id, b.status, BookingStatus::Confirmed, now)? {
        return Err(BookingsError::IllegalTransition {
            from: b.status,
            to: BookingStatus::Confirmed,
        });
    }
    sales::append(
        tx,
        &SaleEvent::BookingConfirmed {
            booking_id: booking_id.to_string(),
            total: b.total,
        },
        now,
    )?;
    store::booking_by_id(tx, booking_id)?
        .ok_or_else(|| BookingsError::NotFound(booking_id.to_string()))
}

/// Move to a closing state and take the seats out of the ledger.
fn close(
    tx: &Connection,
    b: &Booking,
    to: BookingStatus,
    now: &str,
) -> Result<Freed, BookingsError> {
    b.status.check(to)?;
    if !store::set_status(tx, &b.id, b.status, to, now)? {
        return Err(BookingsError::IllegalTransition { from: b.status, to });
    }
    store::set_seats_active(tx, &b.id, false)?;
    let booking_id = b.id.clone();
    let event = match to {
        BookingStatus::Expired => SaleEvent::BookingExpired { booking_id },
        _ => SaleEvent::BookingCancelled { booking_id },
    };
    sales::append(tx, &event, now)?;
    Ok(Freed {
        booking_id: b.id.clone(),
        showtime_id: b.showtime_id.clone(),
        seat_ids: b.seats.iter().map(|s| s.seat_id.clone()).collect(),
    })
}

fn same_request(existing: &Booking, new: &NewBooking) -> bool {
    let a: HashSet<&str> = existing.seats.iter().map(|s| s.seat_id.as_str()).collect();
    let b: HashSet<&str> = new.seats.iter().map(|s| s.seat_id.as_str()).collect();
    existing.showtime_id == new.showtime.id && a == b
}

fn validate(new: &NewBooking) -> Result<(), BookingsError> {
    let key = new.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(BookingsError::Invalid {
            field: "idempotency_key",
            problem: "must be 1 to 100 characters".into(),
        });
    }
    if new.seats.is_empty() || new.seats.len() > MAX_SEATS {
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

//! HTTP handlers of bookings: book the seats you hold, list, read, cancel; the box-office
//! payment route lives in `payments::box_office`.

use super::store::{self, ListFilter};
use super::{sweeper, ShowtimeSnapshot};
use super::{Booking, BookingSeat, BookingStatus, BookingsError, Channel, NewBooking};
use crate::http::{ApiError, ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::payments::Payment;
use crate::pricing::Quote;
use crate::state::AppState;
use crate::tickets::Ticket;
use crate::users::AuthUser;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Routes of this domain.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/bookings", post(create).get(list))
        .route("/api/v1/bookings/quote", post(quote))
        .route("/api/v1/bookings/{id}", get(one))
        .route("/api/v1/bookings/{id}/cancel", post(cancel))
        .route(
            "/api/v1/bookings/{id}/pay/box-office",
            post(crate::payments::box_office::pay),
        )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    showtime_id: String,
    seat_ids: Vec<String>,
    idempotency_key: String,
}

/// The basket to price: the body booking creation takes (its idempotency key is optional).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteBody {
    showtime_id: String,
    seat_ids: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    idempotency_key: Option<String>,
}

/// `POST /api/v1/bookings/quote`: what these seats of a showtime cost, line by line, as
/// booking them now would charge. Prices are public (the seat map shows them), so anyone
/// may ask.
async fn quote(State(s): State<AppState>, Json(body): Json<QuoteBody>) -> ApiResult<Data<Quote>> {
    let facts = s.cinemas.showtime_facts(&body.showtime_id).await?;
    Ok(Data(crate::pricing::quote(&facts, &body.seat_ids)?))
}

/// A booking with its tickets and payments.
#[derive(Serialize)]
pub struct BookingDetail {
    /// The booking.
    #[serde(flatten)]
    pub booking: Booking,
    /// One per seat once paid, each with its signed QR text.
    pub tickets: Vec<Ticket>,
    /// Every payment attempt, oldest first.
    pub payments: Vec<Payment>,
}

/// `POST /api/v1/bookings`: book seats the caller holds (201; 200 with the same booking when
/// the idempotency key was already used).
async fn create(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(body): Json<CreateBody>,
) -> ApiResult<Response> {
    crate::http::to_completion(create_booking(s, auth, body)).await
}

async fn create_booking(s: AppState, auth: AuthUser, body: CreateBody) -> ApiResult<Response> {
    auth.require("booking:create")?;
    let key = body.idempotency_key.trim().to_string();
    let facts = s.cinemas.showtime_facts(&body.showtime_id).await?;
    // The booking stores exactly the lines the quote computes now.
    let seats: Vec<BookingSeat> = crate::pricing::quote(&facts, &body.seat_ids)?
        .lines
        .into_iter()
        .map(|l| BookingSeat {
            seat_id: l.seat_id,
            seat_label: l.label,
            seat_type: l.seat_type,
            price: l.price.0,
        })
        .collect();
    let held: HashSet<String> = s
        .holds
        .held_by(&body.showtime_id, &auth.id)
        .into_iter()
        .collect();
    let missing: Vec<&str> = seats
        .iter()
        .filter(|x| !held.contains(&x.seat_id))
        .map(|x| x.seat_label.as_str())
        .collect();
    if !missing.is_empty() {
        // A retry of a booking already made: its holds became that booking.
        if let Some(b) = earlier_booking(&s, &auth.id, &key, &body).await? {
            return Ok(Data(b).into_response());
        }
        return Err(BookingsError::NotHeld(missing.join(", ")).into());
    }
    let movie_title = s
        .catalog
        .brief(&facts.movie_id)
        .await?
        .map(|m| m.title)
        .unwrap_or_default();
    let channel = if auth.can("booking:sell") {
        Channel::BoxOffice
    } else {
        Channel::Online
    };
    let (booking, created) = s
        .bookings
        .create(NewBooking {
            user_id: auth.id.clone(),
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
        .await?;
    if !created {
        return Ok(Data(booking).into_response());
    }
    let seat_ids: Vec<String> = booking.seats.iter().map(|x| x.seat_id.clone()).collect();
    // Facts first: once the holds turn into the booking, nobody may hold these seats again.
    super::taken::seats_taken(&s, &booking.showtime_id, &seat_ids);
    s.holds
        .convert_to_booking(&booking.showtime_id, &auth.id, &seat_ids);
    Ok(Created(booking).into_response())
}

/// The booking made earlier with this idempotency key, if the request matches it (a different
/// showtime or seats under the same key is refused).
async fn earlier_booking(
    s: &AppState,
    user: &str,
    key: &str,
    body: &CreateBody,
) -> Result<Option<Booking>, ApiError> {
    let (user, k) = (user.to_string(), key.to_string());
    let existing = s
        .bookings
        .db()
        .call(move |c| store::by_idempotency_key(c, &user, &k))
        .await?;
    let Some(b) = existing else {
        return Ok(None);
    };
    let asked: HashSet<&str> = body.seat_ids.iter().map(String::as_str).collect();
    let had: HashSet<&str> = b.seats.iter().map(|x| x.seat_id.as_str()).collect();
    if b.showtime_id != body.showtime_id || asked != had {
        return Err(BookingsError::IdempotencyMismatch.into());
    }
    Ok(Some(b))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    showtime_id: Option<String>,
    status: Option<BookingStatus>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/v1/bookings`: my bookings; staff with `booking:sell` see every booking of the site.
async fn list(
    State(s): State<AppState>,
    auth: AuthUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Data<Page<Booking>>> {
    let (page, limit) = Paging {
        page: q.page,
        limit: q.limit,
    }
    .resolve(100)?;
    let filter = ListFilter {
        user_id: (!auth.can("booking:sell")).then(|| auth.id.clone()),
        showtime_id: q.showtime_id,
        status: q.status,
        limit,
        offset: i64::from(page - 1) * i64::from(limit),
    };
    let (items, total) = s.bookings.list(filter).await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

/// A booking the caller may see: the owner or staff with `booking:sell`; others get 404.
pub async fn visible_booking(s: &AppState, auth: &AuthUser, id: &str) -> Result<Booking, ApiError> {
    let b = s.bookings.get(id).await?;
    if b.user_id == auth.id || auth.can("booking:sell") {
        Ok(b)
    } else {
        Err(BookingsError::NotFound(id.to_string()).into())
    }
}

/// The booking with its tickets (signed payloads filled in) and payments.
pub async fn detail(s: &AppState, booking: Booking) -> Result<BookingDetail, ApiError> {
    let id = booking.id.clone();
    let signer = s.ticket_signer.clone();
    let (tickets, payments) = s
        .bookings
        .db()
        .call(move |c| {
            let tickets = crate::tickets::store::of_booking(c, &id)?
                .into_iter()
                .map(|t| crate::tickets::issue::with_payload(t, &signer))
                .collect();
            let payments = crate::payments::store::of_booking(c, &id)?;
            Ok::<_, BookingsError>((tickets, payments))
        })
        .await?;
    Ok(BookingDetail {
        booking,
        tickets,
        payments,
    })
}

/// `GET /api/v1/bookings/{id}`: the owner or `booking:sell`; with tickets and payments.
async fn one(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<BookingDetail>> {
    let b = visible_booking(&s, &auth, &id).await?;
    Ok(Data(detail(&s, b).await?))
}

/// `POST /api/v1/bookings/{id}/cancel`: cancel a PENDING booking (owner or `booking:cancel`).
async fn cancel(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<Booking>> {
    crate::http::to_completion(cancel_booking(s, auth, id)).await
}

async fn cancel_booking(s: AppState, auth: AuthUser, id: String) -> ApiResult<Data<Booking>> {
    let b = visible_booking(&s, &auth, &id).await?;
    if b.user_id != auth.id {
        auth.require("booking:cancel")?;
    }
    let (booking, freed) = s.bookings.cancel_pending(&id).await?;
    sweeper::announce_freed(&s, &[freed]).await;
    Ok(Data(booking))
}

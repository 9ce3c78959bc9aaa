//! HTTP handlers of bookings: quote, book the seats you hold, list, cancel. Each extracts,
//! calls one service function and answers. A booking with its tickets and payments, and the
//! box-office payment, are served by `payments` (which builds on bookings and tickets).

use super::store::ListFilter;
use super::{BookRequest, Booking, BookingStatus, Bookings};
use crate::cinemas::Cinemas;
use crate::http::{ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::pricing::Quote;
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::{FromRef, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Bookings: FromRef<S>,
    Cinemas: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/bookings", post(create).get(list))
        .route("/api/v1/bookings/quote", post(quote))
        .route("/api/v1/bookings/{id}/cancel", post(cancel))
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
async fn quote(
    State(cinemas): State<Cinemas>,
    Json(body): Json<QuoteBody>,
) -> ApiResult<Data<Quote>> {
    let facts = cinemas.showtime_facts(&body.showtime_id).await?;
    Ok(Data(crate::pricing::quote(&facts, &body.seat_ids)?))
}

/// `POST /api/v1/bookings`: book seats the caller holds (201; 200 with the same booking when
/// the idempotency key was already used).
async fn create(
    State(bookings): State<Bookings>,
    auth: Can<perm::BookingCreate>,
    Json(body): Json<CreateBody>,
) -> ApiResult<Response> {
    let req = BookRequest {
        showtime_id: body.showtime_id,
        seat_ids: body.seat_ids,
        idempotency_key: body.idempotency_key,
    };
    Ok(match bookings.book(&auth, req).await? {
        (b, true) => Created(b).into_response(),
        (b, false) => Data(b).into_response(),
    })
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
    State(bookings): State<Bookings>,
    auth: AuthUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Data<Page<Booking>>> {
    let (page, limit) = Paging {
        page: q.page,
        limit: q.limit,
    }
    .resolve(100)?;
    let filter = ListFilter {
        user_id: None,
        showtime_id: q.showtime_id,
        status: q.status,
        limit,
        offset: i64::from(page - 1) * i64::from(limit),
    };
    let (items, total) = bookings.visible_list(&auth, filter).await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

/// `POST /api/v1/bookings/{id}/cancel`: cancel a PENDING booking (owner or `booking:cancel`).
async fn cancel(
    State(bookings): State<Bookings>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<Booking>> {
    Ok(Data(bookings.cancel(&id, &auth).await?))
}

//! HTTP handlers of bookings: quote, book the seats you hold, list (cancelling is the refunds flow's). Each extracts,
//! calls one service function and answers. A booking with its tickets and payments, and the
//! box-office payment, are served by `payments` (which builds on bookings and tickets).

use super::book::QuoteRequest;
use super::store::ListFilter;
use super::{Basket, BookRequest, Booking, BookingStatus, Bookings};
use crate::cinemas::Cinemas;
use crate::concessions::Order;
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Page, Paging, Query};
use crate::pricing::{PromoOutcome, Quote};
use crate::users::{perm, AuthUser, Can, MaybeUser, Users};
use axum::extract::{FromRef, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::{Deserialize, Serialize};

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
        .route("/api/v1/promotions/validate", post(validate))
        .route("/api/v1/sales/concessions", post(sell_concessions))
}

/// A body with the basket's fields beyond the seats (written out in each body rather than
/// flattened, so a type error still names its field).
macro_rules! basket_body {
    ($(#[$doc:meta])* struct $name:ident { $($(#[$fa:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        struct $name {
            $($(#[$fa])* $field: $ty,)*
            #[serde(default)]
            concessions: Vec<Order>,
            #[serde(default)]
            promo_code: Option<String>,
            #[serde(default)]
            points: i64,
            /// Box office: the member found by phone or e-mail.
            #[serde(default)]
            member_id: Option<String>,
        }

        impl $name {
            fn basket(&mut self) -> Basket {
                Basket {
                    concessions: std::mem::take(&mut self.concessions),
                    promo_code: self
                        .promo_code
                        .take()
                        .map(|c| c.trim().to_string())
                        .filter(|c| !c.is_empty()),
                    points: self.points,
                    member_id: self.member_id.take().filter(|m| !m.trim().is_empty()),
                }
            }
        }
    };
}

basket_body! {
    struct CreateBody {
        showtime_id: String,
        seat_ids: Vec<String>,
        idempotency_key: String,
    }
}

basket_body! {
    /// The basket to price: the body booking creation takes (its idempotency key is
    /// optional); without a showtime, concessions alone.
    struct QuoteBody {
        #[serde(default)]
        showtime_id: Option<String>,
        #[serde(default)]
        seat_ids: Vec<String>,
        #[serde(default)]
        cinema_id: Option<String>,
        #[serde(default)]
        #[allow(dead_code)]
        idempotency_key: Option<String>,
    }
}

impl QuoteBody {
    fn request(mut self) -> QuoteRequest {
        let basket = self.basket();
        QuoteRequest {
            showtime_id: self.showtime_id,
            seat_ids: self.seat_ids,
            cinema_id: self.cinema_id,
            basket,
        }
    }
}

/// `POST /api/v1/bookings/quote`: what a basket (seats of a showtime, concessions, a code,
/// points) costs, line by line, as booking it now would charge. Prices are public (the seat
/// map shows them), so anyone may ask; points and per-customer codes need a session.
#[utoipa::path(post, path = "/api/v1/bookings/quote", tag = "sales", request_body = QuoteBody, responses((status = 200, description = "What the basket costs, line by line", body = Ok<Quote>)))]
async fn quote(
    State(bookings): State<Bookings>,
    MaybeUser(user): MaybeUser,
    Json(body): Json<QuoteBody>,
) -> ApiResult<Data<Quote>> {
    Ok(Data(bookings.quote(user.as_ref(), body.request()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ValidateBody {
    code: String,
    basket: QuoteBody,
}

/// Whether a code applies to a basket, and what it changes.
#[derive(Serialize, utoipa::ToSchema)]
struct Validated {
    #[serde(flatten)]
    outcome: PromoOutcome,
    /// The basket priced with the code (when it applies, with its discount).
    quote: Quote,
}

/// `POST /api/v1/promotions/validate {code, basket}`: does the code apply to this basket, and
/// if not, why (in a customer's words).
#[utoipa::path(post, path = "/api/v1/promotions/validate", tag = "sales", request_body = ValidateBody, responses((status = 200, description = "Whether the code applies, and the quote with it", body = Ok<Validated>)))]
async fn validate(
    State(bookings): State<Bookings>,
    MaybeUser(user): MaybeUser,
    Json(body): Json<ValidateBody>,
) -> ApiResult<Data<Validated>> {
    let code = body.code.trim().to_string();
    if code.is_empty() || code.len() > 64 {
        return Err(crate::http::ApiError::invalid("code", "1 to 64 characters"));
    }
    let mut req = body.basket.request();
    req.basket.promo_code = Some(code);
    let quote = bookings.quote(user.as_ref(), req).await?;
    let outcome = quote
        .promotion
        .clone()
        .ok_or_else(|| crate::http::ApiError::internal("the quote lost its code"))?;
    Ok(Data(Validated { outcome, quote }))
}

basket_body! {
    struct ConcessionSaleBody {
        #[serde(default)]
        cinema_id: Option<String>,
        idempotency_key: String,
    }
}

/// `POST /api/v1/sales/concessions` (`booking:sell`): concessions sold alone at the counter,
/// as a PENDING booking without seats to pay at the box office (201; 200 for a retry).
#[utoipa::path(post, path = "/api/v1/sales/concessions", tag = "sales", request_body = ConcessionSaleBody, security(("bearer" = ["booking:sell"])), responses((status = 201, description = "A PENDING booking of concessions alone", body = Ok<Booking>), (status = 200, description = "The same booking, for a retried idempotency key", body = Ok<Booking>)))]
async fn sell_concessions(
    State(bookings): State<Bookings>,
    auth: Can<perm::BookingSell>,
    Json(mut body): Json<ConcessionSaleBody>,
) -> ApiResult<Response> {
    let basket = body.basket();
    let made = bookings
        .sell_concessions(&auth, body.cinema_id, basket, body.idempotency_key)
        .await?;
    Ok(match made {
        (b, true) => Created(b).into_response(),
        (b, false) => Data(b).into_response(),
    })
}

/// `POST /api/v1/bookings`: book seats the caller holds (201; 200 with the same booking when
/// the idempotency key was already used).
#[utoipa::path(post, path = "/api/v1/bookings", tag = "sales", request_body = CreateBody, security(("bearer" = ["booking:create"])), responses((status = 201, description = "A PENDING booking of the seats the caller holds", body = Ok<Booking>), (status = 200, description = "The same booking, for a retried idempotency key", body = Ok<Booking>)))]
async fn create(
    State(bookings): State<Bookings>,
    auth: Can<perm::BookingCreate>,
    Json(mut body): Json<CreateBody>,
) -> ApiResult<Response> {
    let basket = body.basket();
    let req = BookRequest {
        showtime_id: body.showtime_id,
        seat_ids: body.seat_ids,
        idempotency_key: body.idempotency_key,
        basket,
    };
    Ok(match bookings.book(&auth, req).await? {
        (b, true) => Created(b).into_response(),
        (b, false) => Data(b).into_response(),
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    showtime_id: Option<String>,
    status: Option<BookingStatus>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/v1/bookings`: my bookings; staff with `booking:sell` see every booking of the site.
#[utoipa::path(get, path = "/api/v1/bookings", tag = "sales", params(ListQuery), security(("bearer" = [])), responses((status = 200, description = "The caller's bookings; every booking of the site with booking:sell", body = Ok<Page<Booking>>)))]
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

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(quote, validate, sell_concessions, create, list))]
pub struct Doc;

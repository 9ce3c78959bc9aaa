//! The one place where domain errors become HTTP statuses, for the JSON API ([`ApiError`])
//! and for pages ([`PageError`], the same status with the page's own words for a 500).

use crate::db::DbError;
use crate::holds::HoldsError;
use crate::http::ApiError;
use crate::users::UsersError;
use crate::web::PageError;
use axum::http::StatusCode;

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        ApiError::internal(e)
    }
}

impl From<UsersError> for ApiError {
    fn from(e: UsersError) -> Self {
        use UsersError::*;
        match e {
            Invalid { .. } | RoleNotFound(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            EmailTaken | LastAdmin => ApiError::conflict(e.to_string()),
            Forbidden(_) | BadPin => ApiError::forbidden(e.to_string()),
            BadCredentials | Unauthenticated(_) => ApiError::unauthorized(e.to_string()),
            RateLimited { retry_after_secs } => ApiError::too_many(e.to_string(), retry_after_secs),
            UserNotFound(_) => ApiError::not_found(e.to_string()),
            Db(d) => ApiError::internal(d),
            Hash(h) => ApiError::internal(h),
        }
    }
}

impl From<crate::pricing::PricingError> for ApiError {
    fn from(e: crate::pricing::PricingError) -> Self {
        if e.conflict {
            ApiError::conflict(e.to_string())
        } else {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
        }
    }
}

impl From<crate::catalog::CatalogError> for ApiError {
    fn from(e: crate::catalog::CatalogError) -> Self {
        use crate::catalog::CatalogError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            MovieNotFound(_) => ApiError::not_found(e.to_string()),
            GenreExists(_) | ChainManaged(_) => ApiError::conflict(e.to_string()),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::bookings::BookingsError> for ApiError {
    fn from(e: crate::bookings::BookingsError) -> Self {
        use crate::bookings::BookingsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            NotHeld(_)
            | SeatAlreadySold(_)
            | IllegalTransition { .. }
            | IdempotencyMismatch
            | NotOnSale
            | SalesClosed { .. }
            | SeatGap(_)
            | PromotionUsedUp(_) => ApiError::conflict(e.to_string()),
            Promotion { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            Concessions(c) => c.into(),
            Promotions(p) => p.into(),
            Loyalty(l) => l.into(),
            Forbidden(_) => ApiError::forbidden(e.to_string()),
            Showtime(c) => c.into(),
            Price(p) => p.into(),
            Catalog(c) => c.into(),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::cinemas::CinemasError> for ApiError {
    fn from(e: crate::cinemas::CinemasError) -> Self {
        use crate::cinemas::CinemasError::*;
        match e {
            Invalid { .. } | MissingPrices(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            CinemaNotFound(_) | HallNotFound(_) | SeatNotFound(_) | ShowtimeNotFound(_)
            | HolidayNotFound(_) => ApiError::not_found(e.to_string()),
            Overlap(_) | Conflict(_) => ApiError::conflict(e.to_string()),
            Catalog(c) => c.into(),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<HoldsError> for ApiError {
    fn from(e: HoldsError) -> Self {
        use HoldsError::*;
        let message = format!("{}: {e}", e.code());
        match e {
            UnknownShowtime(_) => ApiError::not_found(message),
            UnknownSeat(_) | BadMessage(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
            }
            NotOnSale
            | SalesClosed { .. }
            | SeatOutOfOrder { .. }
            | SeatSold(_)
            | SeatTaken(_)
            | CouplePartnerUnavailable { .. }
            | LimitReached { .. }
            | BoxOfficeOnly { .. }
            | NotHeld(_)
            | NotJoined(_) => ApiError::conflict(message),
            AuthRequired => ApiError::unauthorized(message),
            Forbidden => ApiError::forbidden(message),
            Facts(cause) => ApiError::internal(cause),
        }
    }
}

impl From<crate::tickets::TicketsError> for ApiError {
    fn from(e: crate::tickets::TicketsError) -> Self {
        use crate::tickets::TicketsError::*;
        match e {
            InvalidCode(_) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            Booking(b) => b.into(),
            QrTooLong | Image(_) => ApiError::internal(e),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::payments::PaymentsError> for ApiError {
    fn from(e: crate::payments::PaymentsError) -> Self {
        use crate::payments::PaymentsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            RefundRequired(_) => ApiError::conflict(e.to_string()),
            Booking(b) => b.into(),
            Till(t) => t.into(),
            Tickets(t) => t.into(),
            Db(d) => ApiError::internal(d),
            // The merchant settings themselves are unusable: the server's fault, not the client's.
            Request(r)
                if matches!(
                    r.field,
                    "tmn_code" | "secret" | "gateway_url" | "return_url"
                ) =>
            {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("online payment is not configured: payments.vnpay.{r}"),
                )
            }
            Request(r) => ApiError::invalid(r.field, r.reason),
        }
    }
}

impl From<crate::concessions::ConcessionsError> for ApiError {
    fn from(e: crate::concessions::ConcessionsError) -> Self {
        use crate::concessions::ConcessionsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            OutOfStock { .. } | DuplicateName(_) => ApiError::conflict(e.to_string()),
            Forbidden(_) => ApiError::forbidden(e.to_string()),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::promotions::PromotionsError> for ApiError {
    fn from(e: crate::promotions::PromotionsError) -> Self {
        use crate::promotions::PromotionsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            DuplicateCode(_) | ChainManaged(_) => ApiError::conflict(e.to_string()),
            Forbidden(_) => ApiError::forbidden(e.to_string()),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::loyalty::LoyaltyError> for ApiError {
    fn from(e: crate::loyalty::LoyaltyError) -> Self {
        use crate::loyalty::LoyaltyError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            Forbidden(_) => ApiError::forbidden(e.to_string()),
            Db(d) => ApiError::internal(d),
        }
    }
}

impl From<crate::tills::TillsError> for ApiError {
    fn from(e: crate::tills::TillsError) -> Self {
        use crate::tills::TillsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            AlreadyOpen { .. } | NoOpenTill | WrongCinema | DayClosed(_) | TillsOpen(_) => {
                ApiError::conflict(e.to_string())
            }
            Cinemas(c) => c.into(),
            Db(d) => ApiError::internal(d),
        }
    }
}

/// Pages answer a domain error with the status the API would give it: a 404 stays a 404 and
/// a 409 a 409 (with the message), and a 500 shows only the page's generic sentence.
macro_rules! page_errors {
    ($($t:ty),* $(,)?) => {
        $(
            impl From<$t> for PageError {
                fn from(e: $t) -> Self {
                    PageError::from(ApiError::from(e))
                }
            }
        )*
    };
}

page_errors!(
    DbError,
    UsersError,
    HoldsError,
    crate::pricing::PricingError,
    crate::catalog::CatalogError,
    crate::bookings::BookingsError,
    crate::cinemas::CinemasError,
    crate::tickets::TicketsError,
    crate::payments::PaymentsError,
    crate::tills::TillsError,
    crate::refunds::RefundsError,
    crate::concessions::ConcessionsError,
    crate::promotions::PromotionsError,
    crate::loyalty::LoyaltyError,
);

/// A page shows the sentence of the answer's kind in the visitor's language; the API's
/// English, field-named message stays in the log and the API.
impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        let key = match e.status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "err-bad-request",
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "err-forbidden",
            StatusCode::NOT_FOUND => "err-not-found",
            StatusCode::CONFLICT | StatusCode::GONE => "err-conflict",
            StatusCode::TOO_MANY_REQUESTS => "err-too-many",
            // A 5xx cause was logged when the ApiError was made.
            _ => "err-internal",
        };
        if !e.status.is_server_error() {
            tracing::debug!(status = e.status.as_u16(), message = %e.message, "page refused");
        }
        PageError::new(e.status, crate::web::tr(key))
    }
}

impl From<crate::refunds::RefundsError> for ApiError {
    fn from(e: crate::refunds::RefundsError) -> Self {
        use crate::refunds::RefundsError::*;
        match e {
            Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            NotFound(_) => ApiError::not_found(e.to_string()),
            Conflict(_) => ApiError::conflict(e.to_string()),
            Forbidden(_) => ApiError::forbidden(e.to_string()),
            Bookings(b) => b.into(),
            Payments(p) => p.into(),
            Tills(t) => t.into(),
            Tickets(t) => t.into(),
            Users(u) => u.into(),
            Db(d) => ApiError::internal(d),
        }
    }
}

//! HTTP handlers of the tickets domain: the public key, a ticket and its QR image, and door
//! check-in.

use super::checkin::{Presented, Scan};
use super::{Ticket, TicketCode, Tickets};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Json, Path};
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::{FromRef, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

/// Pixels per QR module in the SVG, and PNG scale.
const QR_SCALE: u32 = 8;
/// Longest scan nonce accepted.
const MAX_NONCE: usize = 100;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Tickets: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/tickets/public-key", get(public_key))
        .route("/api/v1/tickets/{code}", get(one))
        .route("/api/v1/tickets/{code}/qr.svg", get(qr_svg))
        .route("/api/v1/tickets/{code}/qr.png", get(qr_png))
        .route("/api/v1/checkin", post(check_in))
}

/// The site's ticket-signing public key.
#[derive(Serialize, utoipa::ToSchema)]
struct PublicKey {
    algorithm: &'static str,
    public_key: String,
    public_key_hex: String,
}

/// `GET /api/v1/tickets/public-key`: what a scanner needs to check ticket QR codes offline.
#[utoipa::path(get, path = "/api/v1/tickets/public-key", tag = "tickets", responses((status = 200, description = "The site's Ed25519 ticket-signing key", body = Ok<PublicKey>)))]
async fn public_key(State(t): State<Tickets>) -> Data<PublicKey> {
    Data(PublicKey {
        algorithm: "Ed25519",
        public_key: t.signer().public_key_b64(),
        public_key_hex: t.signer().public_key_hex(),
    })
}

/// `GET /api/v1/tickets/{code}`.
#[utoipa::path(get, path = "/api/v1/tickets/{code}", tag = "tickets", params(("code" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "The ticket (its owner, or staff)", body = Ok<Ticket>)))]
async fn one(
    State(t): State<Tickets>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Data<Ticket>> {
    Ok(Data(t.visible(&code, &auth).await?))
}

/// `GET /api/v1/tickets/{code}/qr.svg`: the QR of the signed payload.
#[utoipa::path(get, path = "/api/v1/tickets/{code}/qr.svg", tag = "tickets", params(("code" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "The QR of the signed payload", content_type = "image/svg+xml", body = String)))]
async fn qr_svg(
    State(t): State<Tickets>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let t = t.visible(&code, &auth).await?;
    let svg = super::qr_svg(&t.qr_payload, QR_SCALE)?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// `GET /api/v1/tickets/{code}/qr.png`.
#[utoipa::path(get, path = "/api/v1/tickets/{code}/qr.png", tag = "tickets", params(("code" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "The QR of the signed payload", content_type = "image/png", body = Vec<u8>)))]
async fn qr_png(
    State(t): State<Tickets>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let t = t.visible(&code, &auth).await?;
    let png = super::qr_png(&t.qr_payload, QR_SCALE)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckinBody {
    qr_payload: Option<String>,
    code: Option<String>,
    door: Option<String>,
    nonce: String,
    showtime_id: Option<String>,
}

/// `POST /api/v1/checkin {qr_payload | code, door?, nonce, showtime_id?}` (`ticket:scan`):
/// 200 with `{result: ok | already_used | wrong_showtime | too_early | cancelled |
/// invalid_signature | not_found, …}`; the same nonce gets the first answer again.
#[utoipa::path(post, path = "/api/v1/checkin", tag = "tickets", request_body = CheckinBody, security(("bearer" = ["ticket:scan"])), responses((status = 200, description = "`result`: ok, already_used, wrong_showtime, too_early, cancelled, invalid_signature or not_found", body = Ok<serde_json::Value>)))]
async fn check_in(
    State(t): State<Tickets>,
    _auth: Can<perm::TicketScan>,
    Json(body): Json<CheckinBody>,
) -> ApiResult<Data<serde_json::Value>> {
    let nonce = body.nonce.trim().to_string();
    if nonce.is_empty() || nonce.len() > MAX_NONCE {
        return Err(ApiError::invalid(
            "nonce",
            format!("must be 1 to {MAX_NONCE} characters"),
        ));
    }
    let presented = match (body.qr_payload, body.code) {
        (Some(qr), None) => Presented::Qr(qr.trim().to_string()),
        (None, Some(code)) => Presented::Code(TicketCode::parse(&code)?),
        _ => {
            return Err(ApiError::invalid(
                "qr_payload",
                "send exactly one of qr_payload or code",
            ))
        }
    };
    let door = body
        .door
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    let scan = Scan {
        presented,
        nonce,
        door,
        showtime_id: body.showtime_id,
    };
    Ok(Data(t.check_in(scan).await?))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(public_key, one, qr_svg, qr_png, check_in))]
pub struct Doc;

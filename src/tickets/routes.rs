//! HTTP handlers of the tickets domain: the public key, a ticket and its QR image, and door
//! check-in.

use super::checkin::{self, Presented, Scan};
use super::{issue, store, Ticket, TicketCode};
use crate::bookings::BookingsError;
use crate::http::{ApiError, ApiResult, Data, Json, Path};
use crate::state::AppState;
use crate::users::AuthUser;
use axum::extract::State;
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
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tickets/public-key", get(public_key))
        .route("/api/v1/tickets/{code}", get(one))
        .route("/api/v1/tickets/{code}/qr.svg", get(qr_svg))
        .route("/api/v1/tickets/{code}/qr.png", get(qr_png))
        .route("/api/v1/checkin", post(check_in))
}

/// The site's ticket-signing public key.
#[derive(Serialize)]
struct PublicKey {
    algorithm: &'static str,
    public_key: String,
    public_key_hex: String,
}

/// `GET /api/v1/tickets/public-key`: what a scanner needs to check ticket QR codes offline.
async fn public_key(State(s): State<AppState>) -> Data<PublicKey> {
    Data(PublicKey {
        algorithm: "Ed25519",
        public_key: s.ticket_signer.public_key_b64(),
        public_key_hex: s.ticket_signer.public_key_hex(),
    })
}

/// A ticket the caller may see (owner of its booking, `ticket:scan` or `booking:sell`), with
/// its signed QR text; 404 otherwise.
async fn visible_ticket(s: &AppState, auth: &AuthUser, code: &str) -> Result<Ticket, ApiError> {
    let code = TicketCode::parse(code)?;
    let key = code.as_str().to_string();
    let found = s
        .bookings
        .db()
        .call(move |c| {
            let Some(t) = store::by_code(c, &key)? else {
                return Ok::<_, BookingsError>(None);
            };
            let owner = crate::bookings::store::booking_by_id(c, &t.booking_id)?.map(|b| b.user_id);
            Ok(Some((t, owner)))
        })
        .await?;
    let not_found = || ApiError::not_found(format!("ticket {} not found", code.as_str()));
    let (ticket, owner) = found.ok_or_else(not_found)?;
    let staff = auth.can("ticket:scan") || auth.can("booking:sell");
    if !staff && owner.as_deref() != Some(auth.id.as_str()) {
        return Err(not_found());
    }
    Ok(issue::with_payload(ticket, &s.ticket_signer))
}

/// `GET /api/v1/tickets/{code}`.
async fn one(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Data<Ticket>> {
    Ok(Data(visible_ticket(&s, &auth, &code).await?))
}

/// `GET /api/v1/tickets/{code}/qr.svg`: the QR of the signed payload.
async fn qr_svg(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let t = visible_ticket(&s, &auth, &code).await?;
    let svg = super::qr_svg(&t.qr_payload, QR_SCALE)?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// `GET /api/v1/tickets/{code}/qr.png`.
async fn qr_png(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let t = visible_ticket(&s, &auth, &code).await?;
    let png = super::qr_png(&t.qr_payload, QR_SCALE)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

#[derive(Deserialize)]
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
async fn check_in(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(body): Json<CheckinBody>,
) -> ApiResult<Data<serde_json::Value>> {
    auth.require("ticket:scan")?;
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
    let signer = s.ticket_signer.clone();
    let opens = chrono::Duration::minutes(i64::from(s.settings.tickets.checkin_opens_minutes));
    let clock = s.clock.clone();
    let answer = s
        .bookings
        .db()
        .write(move |tx| checkin::check_in(tx, &scan, &signer, opens, clock.now()))
        .await?;
    Ok(Data(answer))
}

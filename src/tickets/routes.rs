//! HTTP handlers of the tickets domain.

use crate::http::Data;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::Serialize;

/// Routes of this domain.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/tickets/public-key", get(public_key))
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

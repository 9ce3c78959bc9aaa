//! Tickets: the public key a scanner uses to check QR payloads offline.

use crate::helpers::*;
use moviehub::tickets::{TicketClaims, TicketCode, TicketSigError, TicketSigner, TicketVerifier};

#[tokio::test]
async fn served_public_key_verifies_the_sites_ticket_signatures() {
    let app = spawn_app().await;
    let (s, body) = app.get("/api/v1/tickets/public-key", None).await;
    assert_eq!(s, 200, "{body}");
    let data = &body["data"];
    assert_eq!(data["algorithm"], "Ed25519");
    let b64 = data["public_key"].as_str().expect("public_key");
    let hex_key = data["public_key_hex"].as_str().expect("public_key_hex");
    assert_eq!(hex_key.len(), 64);

    let verifier = TicketVerifier::from_public_key_b64(b64).expect("a valid Ed25519 key");
    let from_hex: [u8; 32] = hex::decode(hex_key)
        .expect("hex")
        .try_into()
        .expect("32 bytes");
    assert_eq!(verifier.public_key_bytes(), from_hex);

    let claims = TicketClaims {
        code: TicketCode::generate(),
        showtime_id: uuid::Uuid::now_v7(),
        seat_id: uuid::Uuid::now_v7(),
    };
    let qr = app.state.tickets.signer().sign(&claims);
    assert_eq!(verifier.verify(&qr), Ok(claims.clone()));

    // A payload signed by any other key is refused by the served key.
    let stranger = TicketSigner::from_seed(&[9u8; 32]);
    assert_eq!(
        verifier.verify(&stranger.sign(&claims)),
        Err(TicketSigError::BadSignature)
    );
    app.stop().await;
}

#[tokio::test]
async fn the_key_is_the_one_generated_into_the_data_dir_and_survives_restart() {
    let app = spawn_app().await;
    let key_file = app
        .state
        .settings
        .storage
        .data_dir
        .join("ticket-signing.key");
    let seed_hex = std::fs::read_to_string(&key_file).expect("key file written at start");
    let seed: [u8; 32] = hex::decode(seed_hex.trim())
        .expect("hex")
        .try_into()
        .expect("32 bytes");
    let (_, body) = app.get("/api/v1/tickets/public-key", None).await;
    assert_eq!(
        body["data"]["public_key_hex"],
        TicketSigner::from_seed(&seed).public_key_hex()
    );
    // Opening the same data dir again (a restart) signs with the same key.
    let reopened = moviehub::app::state::AppState::open(
        (*app.state.settings).clone(),
        app.state.clock.clone(),
    )
    .expect("reopen");
    assert_eq!(
        reopened.tickets.signer().public_key_hex(),
        app.state.tickets.signer().public_key_hex()
    );
    app.stop().await;
}

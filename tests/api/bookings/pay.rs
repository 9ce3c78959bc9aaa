//! Box-office payments (cash with change, card) and the tickets they issue.

use super::*;
use moviehub::tickets::TicketVerifier;
use std::collections::HashSet;

#[tokio::test]
async fn cash_with_change_card_and_tickets_that_verify() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (cashier_id, cashier) = app.user_with_role("cashier").await;
    app.open_till(&cashier, 0).await;
    let token = app.token("customer").await;
    let seats = vec![show.seat("A1"), show.seat("B1")];
    let booking = hold_and_book(&app, &token, &show.id, &seats).await;
    let id = booking["id"].as_str().expect("id");
    let path = format!("/api/v1/bookings/{id}/pay/box-office");
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CASH", "tendered": 209_999}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("tendered"));
    let (s, b) = app
        .post(&path, Some(&cashier), json!({"method": "CHEQUE"}))
        .await;
    assert_envelope(s, &b, 422);
    let sale = pay_cash(&app, &cashier, id, 250_000).await;
    assert_eq!(sale["booking"]["status"], "CONFIRMED");
    assert_eq!(sale["payment"]["method"], "CASH");
    assert_eq!(sale["payment"]["status"], "SUCCESS");
    assert_eq!(sale["payment"]["change_due"], 40_000);
    assert_eq!(sale["payment"]["tendered"], 250_000);
    assert_eq!(sale["payment"]["cashier_id"], cashier_id);
    let tickets = sale["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 2);
    let (_, pk) = app.get("/api/v1/tickets/public-key", None).await;
    let verifier =
        TicketVerifier::from_public_key_b64(pk["data"]["public_key"].as_str().expect("pk"))
            .expect("key");
    let mut seen = HashSet::new();
    for t in tickets {
        let claims = verifier
            .verify(t["qr_payload"].as_str().expect("payload"))
            .expect("verifies");
        assert_eq!(claims.code.as_str(), t["code"].as_str().expect("code"));
        assert_eq!(claims.showtime_id.to_string(), show.id);
        assert!(seats.contains(&claims.seat_id.to_string()));
        seen.insert(claims.seat_id);
    }
    assert_eq!(seen.len(), 2);
    // The same sale sent again (the kiosk lost the answer) returns the sale already made,
    // nothing paid twice; a different tender on a paid booking → 409.
    let again = pay_cash(&app, &cashier, id, 250_000).await;
    assert_eq!(again["payment"]["id"], sale["payment"]["id"]);
    assert_eq!(again["payment"]["change_due"], 40_000);
    assert_eq!(again["tickets"].as_array().expect("t").len(), 2);
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CASH", "tendered": 300_000}),
        )
        .await;
    assert_envelope(s, &b, 409);
    let (_, one) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&token))
        .await;
    assert_eq!(one["data"]["status"], "CONFIRMED");
    assert_eq!(one["data"]["tickets"].as_array().expect("t").len(), 2);
    assert_eq!(one["data"]["payments"][0]["change_due"], 40_000);
    assert_eq!(one["data"]["payments"].as_array().expect("p").len(), 1);
    assert_eq!(available(&app, &show.id).await.0, 6);
    // Card: needs a reference; the cashier's own booking is BOX_OFFICE.
    let own = hold_and_book(&app, &cashier, &show.id, &[show.seat("A2")]).await;
    assert_eq!(own["channel"], "BOX_OFFICE");
    let path = format!(
        "/api/v1/bookings/{}/pay/box-office",
        own["id"].as_str().expect("id")
    );
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CARD", "reference": " "}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("reference"));
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CARD", "reference": "POS-1234"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["payment"]["card_reference"], "POS-1234");
    assert_eq!(b["data"]["payment"]["change_due"], Value::Null);
    assert_eq!(b["data"]["tickets"].as_array().expect("t").len(), 1);
    // Ticket endpoints: the owner, staff; QR images.
    let code = tickets[0]["code"].as_str().expect("code");
    let (s, t) = app
        .get(&format!("/api/v1/tickets/{code}"), Some(&token))
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["data"]["qr_payload"], tickets[0]["qr_payload"]);
    let lower = code.replace('-', "").to_lowercase();
    let (s, _) = app
        .get(&format!("/api/v1/tickets/{lower}"), Some(&cashier))
        .await;
    assert_eq!(s, 200);
    let stranger = app.token("customer").await;
    let (s, b) = app
        .get(&format!("/api/v1/tickets/{code}"), Some(&stranger))
        .await;
    assert_envelope(s, &b, 404);
    let (s, b) = app.get("/api/v1/tickets/NOT-A-CODE", Some(&token)).await;
    assert_envelope(s, &b, 422);
    for (ext, mime) in [("svg", "image/svg+xml"), ("png", "image/png")] {
        let res = app
            .client
            .get(format!("{}/api/v1/tickets/{code}/qr.{ext}", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("qr");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], mime);
        assert!(!res.bytes().await.expect("body").is_empty());
    }
}

use super::*;
use crate::bookings::pay_cash;

#[tokio::test]
async fn a_cancelled_showtime_refunds_every_booking_and_its_tickets_answer_cancelled() {
    let app = spawn_app().await;
    let (site, customer, online) = paid_online(&app, &["A1", "A2"], json!({})).await;
    let qr = crate::basket::read_booking(&app, &customer, &online).await["tickets"][0]
        ["qr_payload"]
        .as_str()
        .expect("qr")
        .to_string();
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let (_, b) = book_with(&app, &cashier, &site, &["A3"], json!({})).await;
    let cash = b["data"]["id"].as_str().expect("id").to_string();
    pay_cash(&app, &cashier, &cash, 90_000).await;
    let late = app.token("customer").await;
    let (_, b) = book_with(&app, &late, &site, &["A4"], json!({})).await;
    let pending = b["data"]["id"].as_str().expect("id").to_string();

    let (s, _) = app
        .post(
            &format!("/api/v1/showtimes/{}/cancel", site.show.id),
            Some(&cashier),
            json!({}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, r) = app
        .post(
            &format!("/api/v1/showtimes/{}/cancel", site.show.id),
            Some(&site.manager),
            json!({"reason": "máy chiếu hỏng"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let refunds = r["data"]["refunds"].as_array().expect("refunds").clone();
    assert_eq!(refunds.len(), 2, "{refunds:?}");
    let online_refund = refunds
        .iter()
        .find(|x| x["booking_id"] == online.as_str())
        .expect("online");
    assert_eq!(online_refund["status"], "SUCCEEDED");
    assert_eq!(online_refund["amount"], 180_000, "everything back");
    assert_eq!(online_refund["reason_code"], "SHOWTIME_CANCELLED");
    assert_eq!(sandbox_refunded(&app, &customer, &online).await, 180_000);
    // The cash one waits for the box office (the manager has no till), then is paid out.
    let cash_refund = refunds
        .iter()
        .find(|x| x["booking_id"] == cash.as_str())
        .expect("cash");
    assert_eq!(cash_refund["status"], "PENDING");
    let rid = cash_refund["id"].as_str().expect("id");
    let (s, paid) = app
        .post(
            &format!("/api/v1/refunds/{rid}/pay-out"),
            Some(&cashier),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{paid}");
    assert_eq!(paid["data"]["status"], "SUCCEEDED");
    assert_eq!(paid["data"]["amount"], 90_000);
    for (token, id) in [(&customer, &online), (&cashier, &cash), (&late, &pending)] {
        let b = crate::basket::read_booking(&app, token, id).await;
        assert_eq!(b["status"], "CANCELLED", "{b}");
    }
    assert_eq!(
        ticket_statuses(&app, &customer, &online).await,
        ["CANCELLED", "CANCELLED"]
    );
    // The owner sees the refund on their booking.
    let (_, mine) = app
        .get(
            &format!("/api/v1/bookings/{online}/refunds"),
            Some(&customer),
        )
        .await;
    assert_eq!(mine["data"][0]["status"], "SUCCEEDED");
    // At the door.
    app.clock.set("2026-11-24T12:45:00Z".parse().expect("t"));
    let usher = app.token("usher").await;
    let (s, a) = app
        .post(
            "/api/v1/checkin",
            Some(&usher),
            json!({"qr_payload": qr, "nonce": "cx1"}),
        )
        .await;
    assert_eq!(s, 200, "{a}");
    assert_eq!(a["data"]["result"], "cancelled", "{a}");
}

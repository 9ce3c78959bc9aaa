//! One customer's basket from quote to points.

use super::*;

#[tokio::test]
async fn seats_popcorn_and_a_code_cost_the_same_in_the_quote_the_booking_and_the_payment() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    promotion(
        &app,
        &site.manager,
        json!({"code": "GIAM10", "kind": "PERCENTAGE", "value": 10}),
    )
    .await;
    let customer = app.token("customer").await;
    let extras =
        json!({"concessions": [{"id": site.item("combo"), "qty": 1}], "promo_code": "giam10"});
    let mut q = json!({"showtime_id": site.show.id, "seat_ids": [site.show.seat("A1"), site.show.seat("A2")]});
    if let (Some(b), Some(x)) = (q.as_object_mut(), extras.as_object()) {
        b.extend(x.clone());
    }
    let (s, quote) = app.post("/api/v1/bookings/quote", Some(&customer), q).await;
    assert_eq!(s, 200, "{quote}");
    // 2 × 90k + 79k = 259k; 10 % off = 25.9k.
    assert_eq!(quote["data"]["subtotal"], 259_000);
    assert_eq!(quote["data"]["discount"], 25_900);
    assert_eq!(quote["data"]["total"], 233_100);
    let (s, b) = book_with(&app, &customer, &site, &["A1", "A2"], extras).await;
    assert_eq!(s, 201, "{b}");
    let booking = &b["data"];
    assert_eq!(booking["total"], quote["data"]["total"]);
    assert_eq!(booking["promo_code"], "GIAM10");
    assert_eq!(booking["concessions"][0]["qty"], 1);
    // The combo took one of each part.
    let (_, pop) = app
        .get(
            &format!("/api/v1/concessions/{}", site.item("popcorn")),
            None,
        )
        .await;
    assert_eq!(pop["data"]["stock"], 9);
    // Pay it: the amount sent to VNPay is the booking's total.
    let id = booking["id"].as_str().expect("id");
    let (s, pay) = app
        .post(
            &format!("/api/v1/bookings/{id}/payments/vnpay"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{pay}");
    let url = pay["data"]["payment_url"].as_str().expect("url");
    assert!(url.contains("vnp_Amount=23310000"), "{url}");
    app.stop().await;
}

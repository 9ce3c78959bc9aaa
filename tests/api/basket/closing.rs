//! A booking that ends without being paid gives back what it took: its concessions' stock
//! (RETURN movements), its redeemed points (RELEASE) and it never held a use of its code.
//! A late payment of it takes them again, or is kept for a refund.

use super::*;

/// A customer with 200 points booking A1+A2 with a combo, 100 points and a code:
/// 180k + 79k = 259k − 10 % (25.9k) − 100k of points = 133.1k.
async fn big_basket(app: &TestApp, site: &Site, token: &str) -> Value {
    let extras = json!({"concessions": [{"id": site.item("combo"), "qty": 1}],
                        "promo_code": "TEN", "points": 100});
    let (s, b) = book_with(app, token, site, &["A1", "A2"], extras).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["data"]["total"], 133_100, "{b}");
    b["data"].clone()
}

async fn setup(app: &TestApp) -> (Site, String, String, String) {
    let site = site(app, 10).await;
    let p = promotion(
        app,
        &site.manager,
        json!({"code": "TEN", "kind": "PERCENTAGE", "value": 10, "usage_limit": 5}),
    )
    .await;
    let (me, token) = app.user_with_role("customer").await;
    give_points(app, &me, 200, 0).await;
    (site, me, token, p["id"].as_str().expect("id").to_string())
}

/// Loyalty events of `booking` in the outbox: (kind, points).
async fn loyalty_events(app: &TestApp, booking: &str) -> Vec<(String, i64)> {
    outbox(app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::LoyaltyEntry {
                kind,
                points,
                booking_id,
                ..
            }) if booking_id.as_deref() == Some(booking) => Some((kind, points)),
            _ => None,
        })
        .collect()
}

/// Stock events of `booking` in the outbox: (reason, delta) per item id.
async fn stock_events(app: &TestApp, booking: &str) -> Vec<(String, String, i64)> {
    outbox(app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::StockMoved {
                item_id,
                reason,
                delta,
                booking_id,
                ..
            }) if booking_id.as_deref() == Some(booking) => Some((item_id, reason, delta)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_cancelled_booking_gives_back_its_stock_and_its_points() {
    let app = spawn_app().await;
    let (site, _, customer, promo) = setup(&app).await;
    let b = big_basket(&app, &site, &customer).await;
    let id = b["id"].as_str().expect("id");
    assert_eq!(standing(&app, &customer).await["balance"], 100, "reserved");
    assert_eq!(stock(&app, &site.item("popcorn")).await, 9);
    assert_eq!(stock(&app, &site.item("coke")).await, 49);
    let (s, c) = app
        .post(
            &format!("/api/v1/bookings/{id}/cancel"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["data"]["booking"]["status"], "CANCELLED");
    assert!(c["data"]["refund"].is_null(), "nothing was paid");
    assert_eq!(standing(&app, &customer).await["balance"], 200);
    for (item, on_hand) in [("popcorn", 10), ("coke", 50)] {
        assert_eq!(stock(&app, &site.item(item)).await, on_hand);
        assert_eq!(
            reasons(&app, &site.manager, &site.item(item)).await,
            ["INITIAL", "SALE", "RETURN"]
        );
        assert_movements_add_up(&app, &site.manager, &site.item(item)).await;
    }
    assert_eq!(
        loyalty_events(&app, id).await,
        [("REDEEM".to_string(), -100), ("RELEASE".to_string(), 100)]
    );
    let moved = stock_events(&app, id).await;
    assert_eq!(moved.len(), 4, "a SALE and a RETURN per part: {moved:?}");
    assert!(
        moved.iter().filter(|m| m.1 == "RETURN").all(|m| m.2 == 1),
        "{moved:?}"
    );
    // The code was never used by a booking that was not paid.
    assert_eq!(
        promotion_now(&app, &site.manager, &promo).await["used_count"],
        0
    );
    // Cancelling again changes nothing.
    let (s, _) = app
        .post(
            &format!("/api/v1/bookings/{id}/cancel"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 409);
    assert_eq!(standing(&app, &customer).await["balance"], 200);
    assert_eq!(stock(&app, &site.item("popcorn")).await, 10);
    app.stop().await;
}

#[tokio::test]
async fn an_expired_booking_gives_back_the_same_and_a_late_payment_takes_it_again() {
    let app = spawn_app().await;
    let (site, _, customer, promo) = setup(&app).await;
    let b = big_basket(&app, &site, &customer).await;
    let id = b["id"].as_str().expect("id").to_string();
    let start = start_vnpay(&app, &customer, &id).await;
    app.clock.advance(chrono::Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    assert_eq!(
        read_booking(&app, &customer, &id).await["status"],
        "EXPIRED"
    );
    assert_eq!(standing(&app, &customer).await["balance"], 200);
    assert_eq!(stock(&app, &site.item("popcorn")).await, 10);
    assert_eq!(
        loyalty_events(&app, &id).await,
        [("REDEEM".to_string(), -100), ("RELEASE".to_string(), 100)]
    );
    // Its points were given back (and may be spent elsewhere by now): the late money cannot
    // confirm a discount they no longer pay for, so it is kept for a refund.
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, 133_100)).await, "00");
    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["status"], "EXPIRED", "{back}");
    assert_eq!(back["payments"][0]["status"], "REFUND_REQUIRED", "{back}");
    assert_eq!(
        back["payments"][0]["note"],
        "paid after the booking expired: its 100 redeemed points were given back"
    );
    assert_eq!(back["tickets"], json!([]));
    assert_eq!(
        standing(&app, &customer).await["balance"],
        200,
        "no points taken twice"
    );
    assert_eq!(
        promotion_now(&app, &site.manager, &promo).await["used_count"],
        0
    );
    app.stop().await;
}

#[tokio::test]
async fn a_late_payment_of_an_expired_booking_takes_its_concessions_again() {
    let app = spawn_app().await;
    let (site, _, customer, promo) = setup(&app).await;
    // Without points this time: the combo and the code.
    let extras =
        json!({"concessions": [{"id": site.item("combo"), "qty": 1}], "promo_code": "TEN"});
    let (s, b) = book_with(&app, &customer, &site, &["A1", "A2"], extras).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let total = b["data"]["total"].as_i64().expect("total");
    assert_eq!(total, 233_100);
    let start = start_vnpay(&app, &customer, &id).await;
    app.clock.advance(chrono::Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    assert_eq!(
        stock(&app, &site.item("popcorn")).await,
        10,
        "returned on expiry"
    );
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, total)).await, "00");
    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["status"], "CONFIRMED", "{back}");
    assert_eq!(back["total"], total);
    assert_eq!(back["payments"][0]["status"], "SUCCESS");
    // The combo it sells left the shelf again, and its code's use is counted.
    for item in ["popcorn", "coke"] {
        assert_eq!(
            reasons(&app, &site.manager, &site.item(item)).await,
            ["INITIAL", "SALE", "RETURN", "SALE"],
            "{item}"
        );
        assert_movements_add_up(&app, &site.manager, &site.item(item)).await;
    }
    assert_eq!(stock(&app, &site.item("popcorn")).await, 9);
    assert_eq!(
        promotion_now(&app, &site.manager, &promo).await["used_count"],
        1
    );
    app.stop().await;
}

#[tokio::test]
async fn a_late_payment_finding_its_concessions_sold_out_is_kept_for_a_refund() {
    let app = spawn_app().await;
    let site = site(&app, 1).await;
    let customer = app.token("customer").await;
    let extras = json!({"concessions": [{"id": site.item("popcorn"), "qty": 1}]});
    let (s, b) = book_with(&app, &customer, &site, &["A1"], extras.clone()).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let start = start_vnpay(&app, &customer, &id).await;
    app.clock.advance(chrono::Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    // The popcorn it gave back is sold to someone else.
    let other = app.token("customer").await;
    let (s, b) = book_with(&app, &other, &site, &["B1"], extras).await;
    assert_eq!(s, 201, "{b}");
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, 145_000)).await, "00");
    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["status"], "EXPIRED", "{back}");
    assert_eq!(back["payments"][0]["status"], "REFUND_REQUIRED", "{back}");
    assert_eq!(stock(&app, &site.item("popcorn")).await, 0);
    assert_movements_add_up(&app, &site.manager, &site.item("popcorn")).await;
    app.stop().await;
}

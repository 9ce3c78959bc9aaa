//! Many buyers at once for the last of something: the last use of a code goes to exactly one
//! confirmation, the last items of stock to exactly as many sales, and stock never goes
//! below zero — by the counters and by the movements ledger.

use super::*;
use moviehub::bookings::{Basket, Booking, SaleContext};
use moviehub::payments::Payment;

/// A PENDING online booking of one 90k seat with `code`, for its own customer and showtime.
async fn booking_with_code(app: &TestApp, customer: &str, code: &str) -> Booking {
    let new = booking_request(
        customer,
        &uuid::Uuid::now_v7().to_string(),
        &[uuid::Uuid::now_v7().to_string()],
        90_000,
    );
    let basket = Basket {
        promo_code: Some(code.into()),
        member_id: Some(customer.into()),
        ..Basket::default()
    };
    let ctx = SaleContext {
        cinema_id: new.showtime.cinema_id.clone(),
        movie_id: None,
        day_type: None,
        today: "2026-11-24".parse().expect("date"),
        channel: moviehub::bookings::Channel::Online,
    };
    let (b, made) = app
        .state
        .bookings
        .create_with(new, basket, Some(ctx))
        .await
        .expect("booking");
    assert!(made);
    b
}

async fn payments_of(app: &TestApp, booking_id: &str) -> Vec<Payment> {
    let id = booking_id.to_string();
    app.state
        .sales
        .read(move |c| moviehub::payments::store::of_booking(c, &id))
        .await
        .expect("payments")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_customers_paying_with_the_last_use_of_a_code_confirm_exactly_one() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    let p = promotion(
        &app,
        &manager,
        json!({"code": "LAST1", "kind": "FIXED_AMOUNT", "value": 10000, "usage_limit": 1}),
    )
    .await;
    // Fifty customers each hold a booking priced with the code (nobody has used it yet) and
    // have started paying for it.
    let mut notices = Vec::new();
    let mut bookings = Vec::new();
    for i in 0..50 {
        let b = booking_with_code(&app, &format!("racer-{i}"), "LAST1").await;
        assert_eq!((b.total, b.promo_code.as_deref()), (80_000, Some("LAST1")));
        let start = app
            .state
            .payments
            .start_online(&b, "127.0.0.1".parse().expect("ip"), None)
            .await
            .expect("start");
        assert_eq!(start.amount, 80_000);
        notices.push(paid_notice(&app, &start.txn_ref, start.amount));
        bookings.push(b);
    }
    // Their money arrives at the same moment.
    let mut tasks = Vec::new();
    for q in notices {
        let (client, url) = (
            app.client.clone(),
            format!("{}/api/v1/payments/vnpay/ipn?{q}", app.base),
        );
        tasks.push(tokio::spawn(async move {
            let res = client.get(url).send().await.expect("ipn");
            let body: Value = res.json().await.expect("json");
            body["RspCode"].as_str().expect("code").to_string()
        }));
    }
    for t in tasks {
        // Every notice is answered as handled: VNPay must not retry.
        assert_eq!(t.await.expect("task"), "00");
    }
    let mut confirmed = Vec::new();
    let mut refunds = 0;
    for b in &bookings {
        let now = app.state.bookings.get(&b.id).await.expect("booking");
        let pays = payments_of(&app, &b.id).await;
        assert_eq!(pays.len(), 1);
        match (now.status.as_str(), pays[0].status.as_str()) {
            ("CONFIRMED", "SUCCESS") => confirmed.push(b.id.clone()),
            ("PENDING", "REFUND_REQUIRED") => refunds += 1,
            other => panic!("booking {} ended {other:?}", b.id),
        }
    }
    assert_eq!((confirmed.len(), refunds), (1, 49));
    let now = promotion_now(&app, &manager, p["id"].as_str().expect("id")).await;
    assert_eq!(now["used_count"], 1);
    let used: Vec<String> = outbox(&app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::PromotionUsed { booking_id, .. }) => Some(booking_id),
            _ => None,
        })
        .collect();
    assert_eq!(used, confirmed, "one use, by the confirmed booking");
    let refunds_listed = app
        .state
        .payments
        .with_status("REFUND_REQUIRED", 100, 0)
        .await
        .expect("refunds")
        .1;
    assert_eq!(
        refunds_listed, 49,
        "each refused payment is on the manager's list"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_buyers_of_the_last_three_popcorns_three_succeed_and_stock_never_goes_negative() {
    let app = spawn_app().await;
    let site = site(&app, 3).await;
    let (popcorn, coke, combo) = (site.item("popcorn"), site.item("coke"), site.item("combo"));
    let mut cashiers = Vec::new();
    for _ in 0..5 {
        cashiers.push(app.token("cashier").await);
    }
    // Half ask for popcorn, half for the combo (which takes a popcorn and a coke).
    let mut tasks = Vec::new();
    for i in 0..50 {
        let item = if i % 2 == 0 { &popcorn } else { &combo };
        let body = json!({"concessions": [{"id": item, "qty": 1}],
                          "idempotency_key": format!("buyer-{i}")});
        let (client, url, token) = (
            app.client.clone(),
            format!("{}/api/v1/sales/concessions", app.base),
            cashiers[i % 5].clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("sale");
            let status = res.status().as_u16();
            let body: Value = res.json().await.expect("json");
            (status, body)
        }));
    }
    let mut sold = Vec::new();
    for t in tasks {
        let (status, body) = t.await.expect("task");
        match status {
            201 => sold.push(body["data"].clone()),
            409 => assert!(
                body["message"]
                    .as_str()
                    .expect("message")
                    .starts_with("concessions: out_of_stock: only "),
                "{body}"
            ),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(sold.len(), 3, "exactly the three in stock were sold");
    assert_eq!(stock(&app, &popcorn).await, 0);
    let combos = sold
        .iter()
        .filter(|s| s["concessions"][0]["item_id"] == combo.as_str())
        .count();
    assert_eq!(
        stock(&app, &coke).await,
        50 - i64::try_from(combos).expect("n")
    );
    let all = assert_movements_add_up(&app, &site.manager, &popcorn).await;
    let kinds: Vec<(&str, i64)> = all
        .iter()
        .map(|m| {
            (
                m["reason"].as_str().expect("r"),
                m["delta"].as_i64().expect("d"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [("INITIAL", 3), ("SALE", -1), ("SALE", -1), ("SALE", -1)]
    );
    let sale_ids: Vec<&str> = sold.iter().map(|s| s["id"].as_str().expect("id")).collect();
    assert!(
        all[1..]
            .iter()
            .all(|m| sale_ids.contains(&m["booking_id"].as_str().expect("booking"))),
        "each SALE is one of the sales made: {all:?}"
    );
    assert_movements_add_up(&app, &site.manager, &coke).await;
    // A refused sale left nothing behind: no booking, no outbox row.
    let (_, list) = app
        .get("/api/v1/bookings?limit=100", Some(&cashiers[0]))
        .await;
    assert_eq!(list["data"]["total"], 3, "{list}");
    let created = outbox(&app)
        .await
        .iter()
        .filter(|r| r.kind == "booking.created")
        .count();
    assert_eq!(created, 3);
    // One sale called off gives its popcorn back, and the next buyer gets it.
    let first = sold[0]["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{first}/cancel"),
            Some(&site.manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let freed = if sold[0]["concessions"][0]["item_id"] == combo.as_str() {
        1
    } else {
        0
    };
    assert_eq!(stock(&app, &popcorn).await, 1);
    assert_eq!(
        stock(&app, &coke).await,
        50 - i64::try_from(combos).expect("n") + freed
    );
    let (s, b) = app
        .post(
            "/api/v1/sales/concessions",
            Some(&cashiers[0]),
            json!({"concessions": [{"id": popcorn, "qty": 1}], "idempotency_key": "late-buyer"}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(stock(&app, &popcorn).await, 0);
    assert_eq!(
        reasons(&app, &site.manager, &popcorn).await,
        ["INITIAL", "SALE", "SALE", "SALE", "RETURN", "SALE"]
    );
    assert_movements_add_up(&app, &site.manager, &popcorn).await;
    app.stop().await;
}

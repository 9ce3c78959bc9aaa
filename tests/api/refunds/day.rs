use super::*;
use crate::bookings::pay_cash;

async fn card(app: &TestApp, cashier: &str, booking: &str) {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{booking}/pay/box-office"),
            Some(cashier),
            json!({"method": "CARD", "reference": "POS-991"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
}

fn sum(lines: &Value) -> i64 {
    lines
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["amount"].as_i64().expect("amount"))
        .sum()
}

fn line(lines: &Value, key: &str) -> i64 {
    lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["key"] == key)
        .map_or(0, |l| l["amount"].as_i64().expect("amount"))
}

#[tokio::test]
async fn a_day_closes_only_with_every_till_closed_and_its_z_report_adds_up() {
    // Sessions outlive the day this test walks past.
    let app = spawn_app_with(|s| s.auth.token_ttl_secs = 48 * 3600).await;
    let (site, customer, online) = paid_online(&app, &["A1", "A2"], json!({})).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 300_000).await;
    let extras = json!({"concessions": [{"id": site.item("popcorn"), "qty": 2}]});
    let (_, b) = book_with(&app, &cashier, &site, &["A3"], extras).await;
    let cash = b["data"]["id"].as_str().expect("id").to_string();
    pay_cash(&app, &cashier, &cash, 500_000).await;
    let (_, b) = book_with(&app, &cashier, &site, &["B1"], json!({})).await;
    let by_card = b["data"]["id"].as_str().expect("id").to_string();
    card(&app, &cashier, &by_card).await;
    let (s, c) = cancel(&app, &customer, &online, reason()).await;
    assert_eq!(
        (s.as_u16(), c["refund"]["status"].as_str()),
        (200, Some("SUCCEEDED"))
    );

    let manager = site.manager.clone();
    let (s, e) = app
        .post("/api/v1/days/close", Some(&manager), json!({}))
        .await;
    assert_eq!(s, 409, "a till is open: {e}");
    let (s, _) = app
        .post("/api/v1/days/close", Some(&cashier), json!({}))
        .await;
    assert_eq!(s, 403, "a cashier does not close the day");
    let (s, up) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            json!({"counted_cash": 500_000}),
        )
        .await;
    assert_eq!(s, 200, "{up}");
    let up = up["data"].clone();
    let (s, day) = app
        .post("/api/v1/days/close", Some(&manager), json!({}))
        .await;
    assert_eq!(s, 201, "{day}");
    let z = &day["data"]["report"];
    assert_eq!(day["data"]["business_date"], "2026-11-24");
    // The ledger: what the three bookings cost.
    let mut ledger = 0;
    for (token, id) in [
        (&customer, &online),
        (&cashier, &cash),
        (&cashier, &by_card),
    ] {
        ledger += crate::basket::read_booking(&app, token, id).await["total"]
            .as_i64()
            .expect("total");
    }
    assert_eq!(z["gross_sales"], ledger, "{z}");
    assert_eq!(sum(&z["sales_by_tender"]), ledger);
    assert_eq!(sum(&z["sales_by_channel"]), ledger);
    assert_eq!(sum(&z["sales_by_film"]), ledger);
    // The tills: cash and card taken at the box office.
    assert_eq!(
        line(&z["sales_by_tender"], "CASH") + line(&z["sales_by_tender"], "CARD"),
        up["cash_sales"].as_i64().expect("c") + up["card_sales"].as_i64().expect("k")
    );
    assert_eq!(line(&z["sales_by_tender"], "VNPAY"), 180_000);
    assert_eq!(z["refunds"], 126_000);
    assert_eq!(line(&z["refunds_by_tender"], "VNPAY"), 126_000);
    assert_eq!(z["net"], ledger - 126_000);
    assert_eq!(z["tills"].as_array().expect("tills").len(), 1);
    assert_eq!(z["variance"], up["variance"]);
    assert_eq!(line(&z["concessions"], "popcorn"), 110_000);
    // Closed once: again is refused, and no till opens into it.
    let (s, _) = app
        .post("/api/v1/days/close", Some(&manager), json!({}))
        .await;
    assert_eq!(s, 409);
    let (s, e) = app
        .post("/api/v1/tills", Some(&cashier), json!({"opening_float": 0}))
        .await;
    assert_eq!(s, 409, "{e}");
    // The stored day cannot be changed, even from inside.
    let changed = app
        .state
        .sales
        .db()
        .write(|c| {
            c.execute("UPDATE business_days SET report = '{}'", [])
                .map_err(moviehub::db::DbError::from)
        })
        .await;
    assert!(changed.is_err(), "a closed day is immutable");
    let id = day["data"]["id"].as_str().expect("id");
    let (s, again) = app.get(&format!("/api/v1/days/{id}"), Some(&manager)).await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(&again["data"]["report"], z);
    // The next day counts only what came after.
    app.clock.set("2026-11-25T03:00:00Z".parse().expect("t"));
    app.open_till(&cashier, 0).await;
    app.post(
        "/api/v1/tills/current/close",
        Some(&cashier),
        json!({"counted_cash": 0}),
    )
    .await;
    let (s, next) = app
        .post("/api/v1/days/close", Some(&manager), json!({}))
        .await;
    assert_eq!(s, 201, "{next}");
    assert_eq!(next["data"]["business_date"], "2026-11-25");
    assert_eq!(next["data"]["report"]["gross_sales"], 0);
}

#[tokio::test]
async fn till_movements_are_checked_and_leave_the_expected_figure_right() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    app.priced_hall(&admin).await;
    let cashier = app.token("cashier").await;
    let (s, _) = app
        .post(
            "/api/v1/tills/current/movements",
            Some(&cashier),
            json!({"kind": "PAY_IN", "amount": 100, "reason": "x"}),
        )
        .await;
    assert_eq!(s, 409, "no open till");
    app.open_till(&cashier, 200_000).await;
    for (body, field) in [
        (
            json!({"kind": "DROP", "amount": 200_001, "reason": "két"}),
            "amount:",
        ),
        (
            json!({"kind": "PAY_OUT", "amount": 0, "reason": "nước"}),
            "amount:",
        ),
        (
            json!({"kind": "SALE", "amount": 10, "reason": "x"}),
            "kind:",
        ),
        (
            json!({"kind": "PAY_IN", "amount": 10, "reason": " "}),
            "reason:",
        ),
    ] {
        let (s, e) = app
            .post("/api/v1/tills/current/movements", Some(&cashier), body)
            .await;
        assert_eq!(s, 422, "{e}");
        assert!(assert_envelope(s, &e, 422).starts_with(field), "{e}");
    }
    let (s, e) = app
        .post(
            "/api/v1/tills/current/movements",
            Some(&cashier),
            json!({"kind": "BRIBE", "amount": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    for (kind, amount) in [("PAY_IN", 50_000), ("PAY_OUT", 20_000), ("DROP", 100_000)] {
        let (s, m) = app
            .post(
                "/api/v1/tills/current/movements",
                Some(&cashier),
                json!({"kind": kind, "amount": amount, "reason": "ca chiều"}),
            )
            .await;
        assert_eq!(s, 201, "{m}");
    }
    let (_, up) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            json!({"counted_cash": 125_000}),
        )
        .await;
    let up = &up["data"];
    assert_eq!(up["expected_cash"], 200_000 + 50_000 - 20_000 - 100_000);
    assert_eq!(
        (up["pay_ins"].as_i64(), up["pay_outs"].as_i64()),
        (Some(50_000), Some(20_000))
    );
    assert_eq!(up["variance"], -5_000);
}

use super::*;
use crate::bookings::{hold, pay_cash};
use moviehub::refunds::policy;

#[tokio::test]
async fn the_policy_is_served_and_the_quote_says_line_by_line_what_comes_back() {
    let app = spawn_app().await;
    let (s, p) = app.get("/api/v1/bookings/cancellation-policy", None).await;
    assert_eq!(s, 200, "{p}");
    let tiers: Vec<(i64, i64)> = p["data"]["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| {
            (
                t["min_minutes_before"].as_i64().expect("m"),
                t["percent"].as_i64().expect("p"),
            )
        })
        .collect();
    assert_eq!(tiers, vec![(1440, 90), (240, 70), (60, 50), (0, 0)]);
    assert!(p["data"]["reasons"].as_array().expect("reasons").len() >= 5);
    // Two 90,000 seats and a popcorn, 10 hours before the show: 70 % and 100 %.
    let popcorn = crate::basket::site(&app, 10).await;
    let customer = app.token("customer").await;
    let extras = json!({"concessions": [{"id": popcorn.item("popcorn"), "qty": 1}]});
    let (s, b) = book_with(&app, &customer, &popcorn, &["A1", "A2"], extras).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(pay_online(&app, &customer, &id).await, "00");
    let (s, q) = app
        .get(
            &format!("/api/v1/bookings/{id}/refund-quote"),
            Some(&customer),
        )
        .await;
    assert_eq!(s, 200, "{q}");
    let q = &q["data"];
    assert_eq!(q["percent"], 70);
    assert_eq!(q["basis"], "policy");
    assert_eq!(q["tier_minutes"], 240);
    assert_eq!(q["amount"], 2 * 63_000 + 55_000);
    let kinds: Vec<&str> = q["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["kind"].as_str().expect("k"))
        .collect();
    assert_eq!(kinds, ["seat", "seat", "concession"]);
    // Someone else may not see it.
    let other = app.token("customer").await;
    let (s, _) = app
        .get(&format!("/api/v1/bookings/{id}/refund-quote"), Some(&other))
        .await;
    assert_eq!(s, 404);
    // A manager changes the table; a bad one is refused and changes nothing.
    let manager = popcorn.manager.clone();
    let (s, b) = app
        .put(
            "/api/v1/bookings/cancellation-policy",
            Some(&manager),
            json!({"tiers": [{"min_minutes_before": 60, "percent": 50}]}),
        )
        .await;
    assert_eq!(s, 422, "{b}");
    assert!(assert_envelope(s, &b, 422).starts_with("tiers:"));
    let (s, b) = app
        .put(
            "/api/v1/bookings/cancellation-policy",
            Some(&customer),
            json!({"tiers": [{"min_minutes_before": 0, "percent": 100}]}),
        )
        .await;
    assert_eq!(s, 403, "{b}");
    let (s, b) = app
        .put(
            "/api/v1/bookings/cancellation-policy",
            Some(&manager),
            json!({"tiers": [{"min_minutes_before": 0, "percent": 100}]}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let (_, q) = app
        .get(
            &format!("/api/v1/bookings/{id}/refund-quote"),
            Some(&customer),
        )
        .await;
    assert_eq!(q["data"]["amount"], 180_000 + 55_000);
    assert_eq!(policy::DEFAULT.len(), 4);
}

#[tokio::test]
async fn a_customer_cancels_a_paid_booking_and_vnpay_refunds_it_through_the_sandbox() {
    let app = spawn_app().await;
    let (site, customer, id) = paid_online(&app, &["A1", "A2"], json!({})).await;
    let (s, c) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["booking"]["status"], "CANCELLED");
    let refund = &c["refund"];
    assert_eq!(refund["status"], "SUCCEEDED", "{refund}");
    assert_eq!(refund["method"], "VNPAY");
    assert_eq!(refund["amount"], 126_000, "70 % of 180,000");
    assert_eq!(refund["approval_via"], "SELF");
    assert_eq!(refund["attempts"], 1);
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 126_000);
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["CANCELLED", "CANCELLED"]
    );
    let b = crate::basket::read_booking(&app, &customer, &id).await;
    assert_eq!(b["payments"][0]["status"], "REFUNDED");
    // The seats are free again: another customer holds and books them.
    let other = app.token("customer").await;
    let seats = [site.show.seat("A1"), site.show.seat("A2")];
    hold(&app, &other, &site.show.id, &seats).await;
    // Cancelling again is refused and changes nothing.
    let (s, again) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(s, 409, "{again}");
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 126_000);
    let (_, list) = app
        .get(&format!("/api/v1/bookings/{id}/refunds"), Some(&customer))
        .await;
    assert_eq!(list["data"].as_array().expect("refunds").len(), 1);
}

#[tokio::test]
async fn a_refund_whose_call_fails_stays_visible_and_a_retry_pays_it_once() {
    let app = spawn_app().await;
    let (site, customer, id) = paid_online(&app, &["A3"], json!({})).await;
    let (s, f) = app
        .post("/sandbox/vnpay/faults", None, json!({"refund_failures": 1}))
        .await;
    assert_eq!(s, 200, "{f}");
    let (s, c) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(s, 200, "{c}");
    let refund = c["refund"].clone();
    assert_eq!(refund["status"], "FAILED", "{refund}");
    assert!(refund["last_error"]
        .as_str()
        .expect("error")
        .contains("connection reset"));
    assert_eq!(
        c["booking"]["status"], "CANCELLED",
        "the seats are freed at once"
    );
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 0);
    let rid = refund["id"].as_str().expect("id");
    let manager = site.manager.clone();
    let (s, _) = app
        .post(
            &format!("/api/v1/refunds/{rid}/retry"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 403, "a customer may not retry");
    let (s, failed) = app
        .get("/api/v1/refunds?status=FAILED", Some(&manager))
        .await;
    assert_eq!(s, 200, "{failed}");
    assert_eq!(failed["data"]["total"], 1);
    let (s, r) = app
        .post(
            &format!("/api/v1/refunds/{rid}/retry"),
            Some(&manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["status"], "SUCCEEDED");
    assert_eq!(r["data"]["attempts"], 2);
    let (s, r) = app
        .post(
            &format!("/api/v1/refunds/{rid}/retry"),
            Some(&manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 409, "a succeeded refund is never sent again: {r}");
    // The background retry finds nothing either.
    assert_eq!(app.state.refunds.retry_due().await.expect("retry"), 0);
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 63_000);
}

#[tokio::test]
async fn the_background_task_retries_a_failed_refund_after_the_wait() {
    let app = spawn_app().await;
    let (_site, customer, id) = paid_online(&app, &["A4"], json!({})).await;
    app.post("/sandbox/vnpay/faults", None, json!({"refund_failures": 1}))
        .await;
    let (_, c) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(c["refund"]["status"], "FAILED");
    assert_eq!(
        app.state.refunds.retry_due().await.expect("retry"),
        0,
        "not yet"
    );
    app.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(app.state.refunds.retry_due().await.expect("retry"), 1);
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 63_000);
}

#[tokio::test]
async fn above_the_threshold_a_manager_approves_or_rejects_on_the_page() {
    let app = spawn_app_with(|s| s.refunds.approval_threshold = 100_000).await;
    let (site, customer, id) = paid_online(&app, &["B1", "B2"], json!({})).await;
    let (s, c) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["refund"]["status"], "AWAITING_APPROVAL");
    assert_eq!(c["refund"]["amount"], 168_000);
    assert_eq!(
        c["booking"]["status"], "CONFIRMED",
        "untouched until approved"
    );
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["VALID", "VALID"]
    );
    let rid = c["refund"]["id"].as_str().expect("id").to_string();
    let cashier = app.token("cashier").await;
    let (s, _) = app
        .post(
            &format!("/api/v1/refunds/{rid}/approve"),
            Some(&cashier),
            json!({}),
        )
        .await;
    assert_eq!(s, 403, "a cashier may not approve");
    let (s, r) = app
        .post(
            &format!("/api/v1/refunds/{rid}/approve"),
            Some(&site.manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["status"], "SUCCEEDED");
    assert_eq!(r["data"]["approval_via"], "PAGE");
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["CANCELLED", "CANCELLED"]
    );
    // A second one is rejected: the booking stays.
    let (_, customer2, id2) = paid_online_again(&app, &site, &["B3", "B4"]).await;
    let (_, c) = cancel(&app, &customer2, &id2, reason()).await;
    let rid = c["refund"]["id"].as_str().expect("id").to_string();
    let (s, r) = app
        .post(
            &format!("/api/v1/refunds/{rid}/reject"),
            Some(&site.manager),
            json!({"note": "quá hạn"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["status"], "REJECTED");
    let b = crate::basket::read_booking(&app, &customer2, &id2).await;
    assert_eq!(b["status"], "CONFIRMED");
    let (s, _) = app
        .post(
            &format!("/api/v1/refunds/{rid}/approve"),
            Some(&site.manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 409, "a rejected refund cannot be approved");
}

async fn paid_online_again(
    app: &TestApp,
    site: &Site,
    labels: &[&str],
) -> (String, String, String) {
    let customer = app.token("customer").await;
    let (s, b) = book_with(app, &customer, site, labels, json!({})).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(pay_online(app, &customer, &id).await, "00");
    (String::new(), customer, id)
}

#[tokio::test]
async fn a_cashier_refunds_cash_with_a_managers_pin_and_the_till_closes_on_the_right_figure() {
    let app = spawn_app_with(|s| s.refunds.approval_threshold = 100_000).await;
    let site = site(&app, 10).await;
    let (manager_id, manager) = app.user_with_role("manager").await;
    let (s, b) = app
        .put(
            "/api/v1/me/pin",
            Some(&manager),
            json!({"password": "password1", "pin": "2580"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let email = app
        .state
        .users
        .get(&manager_id)
        .await
        .expect("manager")
        .email;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 500_000).await;
    let (s, b) = book_with(&app, &cashier, &site, &["A1", "A2"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    pay_cash(&app, &cashier, &id, 200_000).await;
    // A wrong PIN is refused and changes nothing.
    let wrong =
        json!({"reason_code": "SALE_ERROR", "approver_email": email, "approver_pin": "1111"});
    let (s, e) = cancel(&app, &cashier, &id, wrong).await;
    assert_eq!(s, 403, "{e}");
    let b = crate::basket::read_booking(&app, &cashier, &id).await;
    assert_eq!(b["status"], "CONFIRMED");
    let right =
        json!({"reason_code": "SALE_ERROR", "approver_email": email, "approver_pin": "2580"});
    let (s, c) = cancel(&app, &cashier, &id, right).await;
    assert_eq!(s, 200, "{c}");
    let refund = &c["refund"];
    assert_eq!(refund["status"], "SUCCEEDED", "{refund}");
    assert_eq!(
        (refund["method"].as_str(), refund["amount"].as_i64()),
        (Some("CASH"), Some(126_000))
    );
    assert_eq!(refund["approved_by"], manager_id.as_str());
    assert_eq!(refund["approval_via"], "PIN");
    let (s, m) = app
        .get("/api/v1/tills/current/movements", Some(&cashier))
        .await;
    assert_eq!(s, 200, "{m}");
    let moves: Vec<(String, i64)> = m["data"]
        .as_array()
        .expect("moves")
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().expect("k").to_string(),
                m["amount"].as_i64().expect("a"),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("FLOAT".to_string(), 500_000),
            ("SALE".into(), 180_000),
            ("REFUND".into(), -126_000)
        ]
    );
    let (s, drop) = app
        .post(
            "/api/v1/tills/current/movements",
            Some(&cashier),
            json!({"kind": "DROP", "amount": 400_000, "reason": "két sắt 14:00"}),
        )
        .await;
    assert_eq!(s, 201, "{drop}");
    let (s, up) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            json!({"counted_cash": 154_000}),
        )
        .await;
    assert_eq!(s, 200, "{up}");
    let up = &up["data"];
    assert_eq!(up["expected_cash"], 500_000 + 180_000 - 126_000 - 400_000);
    assert_eq!(up["cash_refunds"], 126_000);
    assert_eq!(up["drops"], 400_000);
    assert_eq!(up["variance"], 0);
}

#[tokio::test]
async fn who_may_cancel_and_with_which_reason() {
    // Sessions outlive the ten hours to the show, which this test walks past.
    let app = spawn_app_with(|s| s.auth.token_ttl_secs = 24 * 3600).await;
    let (site, customer, id) = paid_online(&app, &["A1"], json!({})).await;
    let (s, e) = cancel(&app, &customer, &id, json!({"reason_code": "SALE_ERROR"})).await;
    assert_eq!(s, 422, "a staff reason: {e}");
    assert!(assert_envelope(s, &e, 422).starts_with("reason_code:"));
    let (s, e) = cancel(
        &app,
        &customer,
        &id,
        json!({"reason_code": "CHANGE_OF_PLANS", "extra": 1}),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    let (s, e) = cancel(
        &app,
        &customer,
        &id,
        json!({"reason_code": "CHANGE_OF_PLANS", "approver_pin": "1234"}),
    )
    .await;
    assert_eq!(s, 422, "PIN without e-mail: {e}");
    let stranger = app.token("customer").await;
    let (s, _) = cancel(&app, &stranger, &id, reason()).await;
    assert_eq!(s, 404, "not even told it exists");
    let b = crate::basket::read_booking(&app, &customer, &id).await;
    assert_eq!(b["status"], "CONFIRMED", "nothing changed");
    // A box-office sale is refunded at the counter, not by the customer it was sold to online.
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let (s, b) = book_with(&app, &cashier, &site, &["A2"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    let bo = b["data"]["id"].as_str().expect("id").to_string();
    // A pending booking is just cancelled, nothing to refund.
    let (s, c) = cancel(&app, &cashier, &bo, json!({})).await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["booking"]["status"], "CANCELLED");
    assert!(c["refund"].is_null());
    // After the show started nothing comes back: the refund is 0 and done.
    app.clock.set("2026-11-24T13:05:00Z".parse().expect("t"));
    let (s, c) = cancel(&app, &customer, &id, reason()).await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        (
            c["refund"]["amount"].as_i64(),
            c["refund"]["status"].as_str()
        ),
        (Some(0), Some("SUCCEEDED"))
    );
    assert_eq!(c["refund"]["quote"]["basis"], "show_started");
}

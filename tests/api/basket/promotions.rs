//! Promotion codes through the API: why a code does not apply (validate and booking say the
//! same), the date range in the cinema's own time zone, the per-customer and total limits at
//! confirmation, online and at the box office.

use super::*;

/// Validate `code` against A1+A2 (180,000 VND) as `token`; returns the answer's `data`.
async fn validate(app: &TestApp, token: Option<&str>, site: &Site, code: &str) -> Value {
    let seats = [site.show.seat("A1"), site.show.seat("A2")];
    let (s, b) = app
        .post(
            "/api/v1/promotions/validate",
            token,
            json!({"code": code, "basket": {"showtime_id": site.show.id, "seat_ids": seats}}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

/// (applied, reason code, reason in words) of a validation.
fn verdict(v: &Value) -> (bool, String, String) {
    (
        v["applied"].as_bool().expect("applied"),
        v["refusal"]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        v["reason"].as_str().unwrap_or_default().to_string(),
    )
}

fn refused(code: &str, words: &str) -> (bool, String, String) {
    (false, code.to_string(), words.to_string())
}

fn applies() -> (bool, String, String) {
    (true, String::new(), String::new())
}

#[tokio::test]
async fn a_code_that_does_not_apply_says_why_and_the_booking_is_refused_the_same_way() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    for body in [
        json!({"code": "MIN180", "kind": "FIXED_AMOUNT", "value": 20000, "min_purchase": 180000}),
        json!({"code": "MIN180K1", "kind": "FIXED_AMOUNT", "value": 20000, "min_purchase": 180001}),
        // Today is 24/11 in Ho Chi Minh City.
        json!({"code": "OLD", "kind": "PERCENTAGE", "value": 10, "valid_to": "2026-11-23"}),
        json!({"code": "TODAY", "kind": "PERCENTAGE", "value": 10,
               "valid_from": "2026-11-24", "valid_to": "2026-11-24"}),
        json!({"code": "SOON", "kind": "PERCENTAGE", "value": 10, "valid_from": "2026-11-25"}),
        json!({"code": "WEEKEND", "kind": "PERCENTAGE", "value": 10, "day_types": ["WEEKEND"]}),
        json!({"code": "OFF", "kind": "PERCENTAGE", "value": 10, "active": false}),
    ] {
        promotion(&app, &site.manager, body).await;
    }
    let customer = app.token("customer").await;
    let cases = [
        ("min180", applies()),
        ("MIN180K1", refused("min_purchase", "minimum 180.001 ₫")),
        ("OLD", refused("expired", "expired on 23/11")),
        ("today", applies()),
        ("SOON", refused("not_yet", "valid from 25/11")),
        ("WEEKEND", refused("not_on_day", "not valid on weekend")),
        ("OFF", refused("inactive", "this code is no longer offered")),
        ("NOPE", refused("unknown", "there is no such code")),
    ];
    for (code, expected) in cases {
        let v = validate(&app, Some(&customer), &site, code).await;
        assert_eq!(verdict(&v), expected, "{code}: {v}");
        // The basket priced with it: the discount only when it applies.
        let discount = if expected.0 {
            v["quote"]["discount"].as_i64().expect("discount")
        } else {
            0
        };
        assert_eq!(v["quote"]["discount"], discount, "{code}: {v}");
        assert_eq!(v["quote"]["total"], 180_000 - discount, "{code}: {v}");
    }
    // The exact minimum applies, with its discount.
    let v = validate(&app, None, &site, "MIN180").await;
    assert_eq!(v["quote"]["total"], 160_000, "{v}");
    assert_eq!(v["refusal"], Value::Null);
    // Booking with a refused code is refused with the same words, and makes nothing.
    for (code, words) in [
        ("old", "promo_code: expired on 23/11"),
        ("MIN180K1", "promo_code: minimum 180.001 ₫"),
        ("NOPE", "promo_code: there is no such code"),
    ] {
        let (s, b) = book_with(
            &app,
            &customer,
            &site,
            &["A1", "A2"],
            json!({"promo_code": code}),
        )
        .await;
        assert_eq!(assert_envelope(s, &b, 422), words);
    }
    let (_, mine) = app.get("/api/v1/bookings", Some(&customer)).await;
    assert_eq!(mine["data"]["total"], 0, "{mine}");
    let (s, b) = app
        .post(
            "/api/v1/promotions/validate",
            None,
            json!({"code": " ", "basket": {}}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("code:"));
    app.stop().await;
}

#[tokio::test]
async fn the_last_valid_day_is_a_day_in_the_cinemas_own_time_zone() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    // A second cinema in Tokyo (UTC+9) beside the test cinema in Ho Chi Minh City (UTC+7).
    let tokyo = app
        .create_cinema(
            &site.manager,
            json!({"name": "Tokyo Cinema", "address": "1 Ginza", "city": "Tokyo",
                   "district": "Chuo", "latitude": 35.67, "longitude": 139.76,
                   "timezone": "Asia/Tokyo"}),
        )
        .await;
    let saigon = app
        .state
        .cinemas
        .showtime_facts(&site.show.id)
        .await
        .expect("facts")
        .cinema_id
        .clone();
    promotion(
        &app,
        &site.manager,
        json!({"code": "UNTIL24", "kind": "FIXED_AMOUNT", "value": 5000, "valid_to": "2026-11-24"}),
    )
    .await;
    promotion(
        &app,
        &site.manager,
        json!({"code": "FROM25", "kind": "FIXED_AMOUNT", "value": 5000, "valid_from": "2026-11-25"}),
    )
    .await;
    // 15:30 UTC: 22:30 on the 24th in Ho Chi Minh City, 00:30 on the 25th in Tokyo (and still
    // the 24th in UTC, so a UTC date would get Tokyo wrong).
    app.clock.set("2026-11-24T15:30:00Z".parse().expect("t"));
    let check = |code: &'static str, cinema: String| {
        let app = &app;
        let popcorn = site.item("popcorn");
        async move {
            let (s, b) = app
                .post(
                    "/api/v1/promotions/validate",
                    None,
                    json!({"code": code, "basket": {"cinema_id": cinema,
                           "concessions": [{"id": popcorn, "qty": 1}]}}),
                )
                .await;
            assert_eq!(s, 200, "{b}");
            verdict(&b["data"])
        }
    };
    assert_eq!(check("UNTIL24", saigon.clone()).await, applies());
    assert_eq!(
        check("UNTIL24", tokyo.clone()).await,
        refused("expired", "expired on 24/11")
    );
    assert_eq!(check("FROM25", tokyo.clone()).await, applies());
    assert_eq!(
        check("FROM25", saigon.clone()).await,
        refused("not_yet", "valid from 25/11")
    );
    // One minute before midnight in Tokyo the last day still counts.
    app.clock.set("2026-11-24T14:59:00Z".parse().expect("t"));
    assert_eq!(check("UNTIL24", tokyo).await, applies());
    app.stop().await;
}

#[tokio::test]
async fn a_customer_who_used_their_share_is_told_so_and_others_still_may() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let p = promotion(
        &app,
        &site.manager,
        json!({"code": "ONCE", "kind": "FIXED_AMOUNT", "value": 10000, "per_user_limit": 1}),
    )
    .await;
    let (me, customer) = app.user_with_role("customer").await;
    // Two bookings made before either is paid both carry the code: a use is taken only when
    // a booking confirms.
    let (s, first) = book_with(
        &app,
        &customer,
        &site,
        &["A1"],
        json!({"promo_code": "ONCE"}),
    )
    .await;
    assert_eq!(s, 201, "{first}");
    let (s, second) = book_with(
        &app,
        &customer,
        &site,
        &["A2"],
        json!({"promo_code": "ONCE"}),
    )
    .await;
    assert_eq!(s, 201, "{second}");
    assert_eq!(first["data"]["total"], 80_000);
    let id = |b: &Value| b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(pay_online(&app, &customer, &id(&first)).await, "00");
    let now = promotion_now(&app, &site.manager, p["id"].as_str().expect("id")).await;
    assert_eq!(now["used_count"], 1);
    // The second one's money arrives after the share is used: kept for a refund, not confirmed.
    assert_eq!(pay_online(&app, &customer, &id(&second)).await, "00");
    let back = read_booking(&app, &customer, &id(&second)).await;
    assert_eq!(back["status"], "PENDING", "{back}");
    assert_eq!(back["tickets"], json!([]));
    assert_eq!(back["payments"][0]["status"], "REFUND_REQUIRED", "{back}");
    let note = back["payments"][0]["note"].as_str().expect("note");
    assert!(
        note.contains("ONCE") && note.contains("no uses left"),
        "{note}"
    );
    let now = promotion_now(&app, &site.manager, p["id"].as_str().expect("id")).await;
    assert_eq!(now["used_count"], 1, "the refused confirmation took no use");
    // Asked again, the code says why; a booking with it is refused.
    let v = validate(&app, Some(&customer), &site, "ONCE").await;
    assert_eq!(verdict(&v), refused("used_by_you", "used 1 of 1 times"));
    // Anonymous, nobody's share is known: it applies (the booking will count it).
    assert_eq!(
        verdict(&validate(&app, None, &site, "ONCE").await),
        applies()
    );
    let other = app.token("customer").await;
    assert_eq!(
        verdict(&validate(&app, Some(&other), &site, "ONCE").await),
        applies()
    );
    let (s, b) = book_with(
        &app,
        &customer,
        &site,
        &["A3"],
        json!({"promo_code": "ONCE"}),
    )
    .await;
    assert_eq!(assert_envelope(s, &b, 422), "promo_code: used 1 of 1 times");
    // The use counted is this customer's.
    let used: Vec<SaleEventUse> = outbox(&app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::PromotionUsed {
                code,
                user_id,
                booking_id,
                ..
            }) => Some((code, user_id, booking_id)),
            _ => None,
        })
        .collect();
    assert_eq!(used, [("ONCE".to_string(), me, id(&first))]);
    app.stop().await;
}

type SaleEventUse = (String, String, String);

#[tokio::test]
async fn at_the_box_office_a_code_with_no_use_left_is_refused_409_and_nothing_is_taken() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let p = promotion(
        &app,
        &site.manager,
        json!({"code": "LAST", "kind": "PERCENTAGE", "value": 50, "usage_limit": 1}),
    )
    .await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let extras =
        json!({"promo_code": "last", "concessions": [{"id": site.item("popcorn"), "qty": 1}]});
    let (s, one) = book_with(&app, &cashier, &site, &["A1"], extras.clone()).await;
    assert_eq!(s, 201, "{one}");
    let (s, two) = book_with(&app, &cashier, &site, &["A2"], extras).await;
    assert_eq!(s, 201, "{two}");
    // (90k + 55k) / 2.
    assert_eq!(one["data"]["total"], 72_500);
    let id = |b: &Value| b["data"]["id"].as_str().expect("id").to_string();
    let sale = crate::bookings::pay_cash(&app, &cashier, &id(&one), 100_000).await;
    assert_eq!(sale["payment"]["amount"], 72_500);
    assert_eq!(sale["payment"]["change_due"], 27_500);
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{}/pay/box-office", id(&two)),
            Some(&cashier),
            json!({"method": "CASH", "tendered": 100_000}),
        )
        .await;
    assert_eq!(
        assert_envelope(s, &b, 409),
        "promo_used_up: code LAST has no uses left"
    );
    let back = read_booking(&app, &cashier, &id(&two)).await;
    assert_eq!(back["status"], "PENDING");
    assert_eq!(back["payments"], json!([]), "no money recorded");
    assert_eq!(back["tickets"], json!([]));
    let now = promotion_now(&app, &site.manager, p["id"].as_str().expect("id")).await;
    assert_eq!(now["used_count"], 1);
    let v = validate(&app, Some(&cashier), &site, "LAST").await;
    assert_eq!(verdict(&v), refused("used_up", "used 1 of 1 times"));
    app.stop().await;
}

#[tokio::test]
async fn a_late_payment_takes_the_codes_use_then_or_is_kept_for_a_refund() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let p = promotion(
        &app,
        &site.manager,
        json!({"code": "ONLYONE", "kind": "FIXED_AMOUNT", "value": 10000, "usage_limit": 1}),
    )
    .await;
    let pid = p["id"].as_str().expect("id").to_string();
    let slow = app.token("customer").await;
    let (s, late) = book_with(
        &app,
        &slow,
        &site,
        &["A1"],
        json!({"promo_code": "ONLYONE"}),
    )
    .await;
    assert_eq!(s, 201, "{late}");
    let late_id = late["data"]["id"].as_str().expect("id").to_string();
    let start = start_vnpay(&app, &slow, &late_id).await;
    // Not paid in time: the booking expires, and it never held a use.
    app.clock.advance(chrono::Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    assert_eq!(
        read_booking(&app, &slow, &late_id).await["status"],
        "EXPIRED"
    );
    assert_eq!(
        promotion_now(&app, &site.manager, &pid).await["used_count"],
        0
    );
    // Someone else takes the only use meanwhile.
    let quick = app.token("customer").await;
    let (s, b) = book_with(
        &app,
        &quick,
        &site,
        &["A3"],
        json!({"promo_code": "ONLYONE"}),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    let quick_id = b["data"]["id"].as_str().expect("id");
    assert_eq!(pay_online(&app, &quick, quick_id).await, "00");
    // The late money finds no use left: kept for a refund, the booking stays expired.
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, 80_000)).await, "00");
    let back = read_booking(&app, &slow, &late_id).await;
    assert_eq!(back["status"], "EXPIRED", "{back}");
    assert_eq!(back["payments"][0]["status"], "REFUND_REQUIRED", "{back}");
    assert_eq!(
        promotion_now(&app, &site.manager, &pid).await["used_count"],
        1
    );
    app.stop().await;
}

#[tokio::test]
async fn managers_write_codes_with_their_terms_checked() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let m = &site.manager;
    let mut bad = vec![
        (
            json!({"code": "FREE", "kind": "FREE_ITEM"}),
            "free_item_id:",
        ),
        (
            json!({"code": "FREE", "kind": "FREE_ITEM", "free_item_id": "nope"}),
            "free_item_id:",
        ),
        (
            json!({"code": "P", "kind": "PERCENTAGE", "value": 10}),
            "code:",
        ),
        (
            json!({"code": "PCT", "kind": "PERCENTAGE", "value": 101}),
            "value:",
        ),
        (
            json!({"code": "FIX", "kind": "FIXED_AMOUNT", "value": 10, "max_discount": 5}),
            "max_discount:",
        ),
        (
            json!({"code": "DATES", "kind": "POINTS", "value": 10,
                "valid_from": "2026-12-01", "valid_to": "2026-11-30"}),
            "valid_to:",
        ),
        (
            json!({"code": "DAYS", "kind": "POINTS", "value": 10, "day_types": ["MONDAY"]}),
            "day_types:",
        ),
    ];
    bad.push((
        json!({"code": "LIMIT", "kind": "POINTS", "value": 1, "usage_limit": 0}),
        "usage_limit:",
    ));
    for (body, field) in bad {
        let (s, b) = app.post("/api/v1/promotions", Some(m), body.clone()).await;
        let msg = assert_envelope(s, &b, 422);
        assert!(msg.starts_with(field), "{body} → {msg}");
    }
    let made = promotion(
        &app,
        m,
        json!({"code": "Tet-2027", "kind": "POINTS", "value": 50}),
    )
    .await;
    let (s, b) = app
        .post(
            "/api/v1/promotions",
            Some(m),
            json!({"code": "TET-2027", "kind": "POINTS", "value": 5}),
        )
        .await;
    assert!(
        assert_envelope(s, &b, 409).starts_with("code:"),
        "codes match in any case"
    );
    let id = made["id"].as_str().expect("id");
    let (s, b) = app
        .put(
            &format!("/api/v1/promotions/{id}"),
            Some(m),
            json!({"code": "Tet-2027", "kind": "POINTS", "value": 80, "active": false}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        (b["data"]["value"].clone(), b["data"]["active"].clone()),
        (json!(80), json!(false))
    );
    let (s, b) = app.get("/api/v1/promotions", Some(m)).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"].as_array().map(Vec::len), Some(1));
    app.stop().await;
}

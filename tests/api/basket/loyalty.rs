//! Loyalty points through the API: 10 % earned when the show is over (online, and for a
//! member found at the box office), redeemed up to half a booking and never beyond the
//! balance, bonus points from a code, tiers by cumulative spend.

use super::*;
use moviehub::users::service::NewUser;

/// Tokens live through the day the clock jumps over.
async fn app_for_a_day() -> TestApp {
    spawn_app_with(|s| s.auth.token_ttl_secs = 86_400).await
}

/// (kind, points, spend) of a standing's history, oldest first.
fn entries(standing: &Value) -> Vec<(String, i64, i64)> {
    let mut all: Vec<(String, i64, i64)> = standing["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_string(),
                e["points"].as_i64().expect("points"),
                e["spend"].as_i64().expect("spend"),
            )
        })
        .collect();
    all.reverse();
    all
}

fn entry(kind: &str, points: i64, spend: i64) -> (String, i64, i64) {
    (kind.to_string(), points, spend)
}

#[tokio::test]
async fn an_online_booking_earns_ten_percent_when_the_show_is_over_once() {
    let app = app_for_a_day().await;
    let site = site(&app, 10).await;
    let (me, customer) = app.user_with_role("customer").await;
    let extras = json!({"concessions": [{"id": site.item("popcorn"), "qty": 1}]});
    let (_, q) = quote_with(&app, Some(&customer), &site, &["A1", "A2"], &extras).await;
    // 2 × 90k + 55k = 235k → 23.5k worth → 23 points.
    assert_eq!(
        (&q["data"]["total"], &q["data"]["points_earned"]),
        (&json!(235_000), &json!(23))
    );
    let (s, b) = book_with(&app, &customer, &site, &["A1", "A2"], extras).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(
        b["data"]["member_id"],
        me.as_str(),
        "online, the customer is the member"
    );
    let id = b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(pay_online(&app, &customer, &id).await, "00");
    // Paid but not yet watched: nothing earned.
    assert_eq!(standing(&app, &customer).await["balance"], 0);
    assert_eq!(
        read_booking(&app, &customer, &id).await["ends_at"],
        "2026-11-24T15:15:00.000Z"
    );
    complete_at(&app, "2026-11-24T15:14:59Z").await;
    assert_eq!(
        standing(&app, &customer).await["balance"],
        0,
        "the show is not over"
    );
    complete_at(&app, AFTER_THE_SHOW).await;
    assert_eq!(
        read_booking(&app, &customer, &id).await["status"],
        "COMPLETED"
    );
    let s = standing(&app, &customer).await;
    assert_eq!(entries(&s), [entry("EARN", 23, 235_000)]);
    assert_eq!(
        (&s["balance"], &s["balance_value"]),
        (&json!(23), &json!(23_000))
    );
    assert_eq!(
        (&s["spend"], &s["tier"]),
        (&json!(235_000), &json!("BRONZE"))
    );
    // A second sweep earns nothing more.
    complete_at(&app, "2026-11-24T16:00:00Z").await;
    assert_eq!(entries(&standing(&app, &customer).await).len(), 1);
    let earned: Vec<(String, String, i64)> = outbox(&app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::LoyaltyEntry {
                user_id,
                kind,
                points,
                ..
            }) => Some((user_id, kind, points)),
            _ => None,
        })
        .collect();
    assert_eq!(earned, [(me, "EARN".to_string(), 23)]);
    app.stop().await;
}

#[tokio::test]
async fn a_member_found_at_the_box_office_redeems_and_earns_the_cashier_does_not() {
    let app = app_for_a_day().await;
    let site = site(&app, 10).await;
    let member = app
        .state
        .users
        .create(
            NewUser {
                email: "lan@test.local".into(),
                password: "password1".into(),
                full_name: "Nguyễn Thị Lan".into(),
                phone: Some("0901 234 567".into()),
            },
            "customer",
        )
        .await
        .expect("member");
    give_points(&app, &member.id, 100, 1_000_000).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let (s, found) = app
        .get("/api/v1/loyalty/members?q=090-123-4567", Some(&cashier))
        .await;
    assert_eq!(s, 200, "{found}");
    let m = &found["data"][0];
    assert_eq!(
        (&m["user_id"], &m["balance"], &m["tier"]),
        (&json!(member.id), &json!(100), &json!("BRONZE"))
    );
    assert_eq!(m["full_name"], "Nguyễn Thị Lan");
    let contact = m["contact"].as_str().expect("contact");
    assert!(
        contact.ends_with("567") && !contact.contains("0901"),
        "{contact}"
    );
    let (s, b) = app
        .get("/api/v1/loyalty/members?q=09", Some(&cashier))
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("q:"));
    // B1 is 120k: at most 60 points (60k) of it.
    let (s, b) = book_with(
        &app,
        &cashier,
        &site,
        &["B1"],
        json!({"member_id": member.id, "points": 61}),
    )
    .await;
    assert_eq!(
        assert_envelope(s, &b, 422),
        "points: at most 60 points on this booking (50 % of it)"
    );
    let (s, b) = book_with(&app, &cashier, &site, &["B1"], json!({"points": 10})).await;
    assert!(
        assert_envelope(s, &b, 422).starts_with("points:"),
        "no member, no points"
    );
    let extras = json!({"member_id": member.id, "points": 60});
    let (_, q) = quote_with(&app, Some(&cashier), &site, &["B1"], &extras).await;
    assert_eq!(
        (&q["data"]["total"], &q["data"]["points_earned"]),
        (&json!(60_000), &json!(6))
    );
    let (s, b) = book_with(&app, &cashier, &site, &["B1"], extras).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(
        (&b["data"]["total"], &b["data"]["points_redeemed"]),
        (&json!(60_000), &json!(60))
    );
    let id = b["data"]["id"].as_str().expect("id").to_string();
    // Reserved as soon as the booking is made.
    let (_, found) = app
        .get("/api/v1/loyalty/members?q=0901234567", Some(&cashier))
        .await;
    assert_eq!(found["data"][0]["balance"], 40);
    let sale = crate::bookings::pay_cash(&app, &cashier, &id, 60_000).await;
    assert_eq!(sale["payment"]["amount"], 60_000);
    complete_at(&app, AFTER_THE_SHOW).await;
    let token = app
        .state
        .users
        .session_for(&member.id)
        .await
        .expect("session")
        .access_token;
    let s = standing(&app, &token).await;
    assert_eq!(
        entries(&s),
        [
            entry("EARN", 100, 1_000_000),
            entry("REDEEM", -60, 0),
            // 10 % of the 60k paid, not of the 120k the seat cost.
            entry("EARN", 6, 60_000),
        ]
    );
    assert_eq!(s["balance"], 46);
    assert_eq!(standing(&app, &cashier).await["history"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn points_beyond_the_balance_are_a_conflict_and_beyond_half_a_booking_invalid() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let (me, customer) = app.user_with_role("customer").await;
    give_points(&app, &me, 50, 0).await;
    let (s, b) = quote_with(
        &app,
        Some(&customer),
        &site,
        &["A1", "A2"],
        &json!({"points": 51}),
    )
    .await;
    assert_eq!(assert_envelope(s, &b, 409), "points: you have 50 points");
    let (s, b) = quote_with(
        &app,
        Some(&customer),
        &site,
        &["A1"],
        &json!({"points": 46}),
    )
    .await;
    assert_eq!(
        assert_envelope(s, &b, 422),
        "points: at most 45 points on this booking (50 % of it)"
    );
    let (s, b) = quote_with(&app, None, &site, &["A1"], &json!({"points": 1})).await;
    assert!(
        assert_envelope(s, &b, 422).starts_with("points:"),
        "anonymous: no points"
    );
    // Online the member is always the customer: naming another is ignored.
    let (s, b) = book_with(
        &app,
        &customer,
        &site,
        &["A1"],
        json!({"points": 45, "member_id": "someone-else"}),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(
        (&b["data"]["member_id"], &b["data"]["total"]),
        (&json!(me), &json!(45_000))
    );
    // The points are reserved: a second booking cannot spend them again.
    let (s, b) = book_with(&app, &customer, &site, &["A2"], json!({"points": 10})).await;
    assert_eq!(assert_envelope(s, &b, 409), "points: you have 5 points");
    app.stop().await;
}

#[tokio::test]
async fn a_points_code_adds_its_bonus_when_the_booking_confirms() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    promotion(
        &app,
        &site.manager,
        json!({"code": "BONUS50", "kind": "POINTS", "value": 50}),
    )
    .await;
    let customer = app.token("customer").await;
    let extras = json!({"promo_code": "bonus50"});
    let (_, q) = quote_with(&app, Some(&customer), &site, &["A1"], &extras).await;
    assert_eq!(
        (&q["data"]["bonus_points"], &q["data"]["total"]),
        (&json!(50), &json!(90_000))
    );
    let (s, b) = book_with(&app, &customer, &site, &["A1"], extras).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(
        standing(&app, &customer).await["balance"],
        0,
        "not before it is paid"
    );
    let id = b["data"]["id"].as_str().expect("id");
    assert_eq!(pay_online(&app, &customer, id).await, "00");
    let s = standing(&app, &customer).await;
    assert_eq!(entries(&s), [entry("BONUS", 50, 0)]);
    assert_eq!(s["history"][0]["note"], "BONUS50");
    app.stop().await;
}

#[tokio::test]
async fn the_tier_follows_cumulative_spend_across_its_boundary() {
    let app = app_for_a_day().await;
    let site = site(&app, 10).await;
    let (me, customer) = app.user_with_role("customer").await;
    give_points(&app, &me, 0, 4_999_999).await;
    let s = standing(&app, &customer).await;
    assert_eq!(
        (&s["tier"], &s["next_tier"], &s["to_next_tier"]),
        (&json!("BRONZE"), &json!("SILVER"), &json!(1))
    );
    assert_eq!(s["progress_percent"], 99);
    let (s, b) = book_with(&app, &customer, &site, &["A1"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(
        pay_online(&app, &customer, b["data"]["id"].as_str().expect("id")).await,
        "00"
    );
    complete_at(&app, AFTER_THE_SHOW).await;
    let s = standing(&app, &customer).await;
    assert_eq!(
        (&s["spend"], &s["tier"], &s["next_tier"]),
        (&json!(5_089_999), &json!("SILVER"), &json!("GOLD"))
    );
    assert_eq!(s["to_next_tier"], 15_000_000 - 5_089_999);
    app.stop().await;
}

#[tokio::test]
async fn the_programme_is_data_a_manager_sets_and_quotes_follow_it() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let (s, p) = app.get("/api/v1/loyalty/program", None).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(
        (
            &p["data"]["earn_percent"],
            &p["data"]["point_value"],
            &p["data"]["max_redeem_percent"]
        ),
        (&json!(10), &json!(1000), &json!(50))
    );
    let names: Vec<&str> = p["data"]["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["BRONZE", "SILVER", "GOLD", "PLATINUM"]);
    let set = |body: Value| {
        let (app, manager) = (&app, &site.manager);
        async move {
            app.put("/api/v1/loyalty/program", Some(manager), body)
                .await
        }
    };
    for (body, field) in [
        (
            json!({"earn_percent": 101, "point_value": 1000, "max_redeem_percent": 50,
                "tiers": [{"name": "A", "min_spend": 0}]}),
            "earn_percent:",
        ),
        (
            json!({"earn_percent": 10, "point_value": 0, "max_redeem_percent": 50,
                "tiers": [{"name": "A", "min_spend": 0}]}),
            "point_value:",
        ),
        (
            json!({"earn_percent": 10, "point_value": 1000, "max_redeem_percent": 50,
                "tiers": [{"name": "A", "min_spend": 10}]}),
            "tiers:",
        ),
        (
            json!({"earn_percent": 10, "point_value": 1000, "max_redeem_percent": 50,
                "tiers": [{"name": "A", "min_spend": 0}, {"name": "B", "min_spend": 0}]}),
            "tiers:",
        ),
    ] {
        let (s, b) = set(body).await;
        assert!(assert_envelope(s, &b, 422).starts_with(field), "{b}");
    }
    let (s, b) = set(json!({"earn_percent": 5, "point_value": 1000, "max_redeem_percent": 20,
                            "tiers": [{"name": "MEMBER", "min_spend": 0}, {"name": "VIP", "min_spend": 1000000}]}))
        .await;
    assert_eq!(s, 200, "{b}");
    let (me, customer) = app.user_with_role("customer").await;
    give_points(&app, &me, 100, 0).await;
    let (_, q) = quote_with(&app, Some(&customer), &site, &["A1", "A2"], &json!({})).await;
    assert_eq!(q["data"]["points_earned"], 9, "5 % of 180k");
    let (s, b) = quote_with(
        &app,
        Some(&customer),
        &site,
        &["A1", "A2"],
        &json!({"points": 37}),
    )
    .await;
    assert_eq!(
        assert_envelope(s, &b, 422),
        "points: at most 36 points on this booking (20 % of it)"
    );
    let s = standing(&app, &customer).await;
    assert_eq!(
        (&s["tier"], &s["next_tier"]),
        (&json!("MEMBER"), &json!("VIP"))
    );
    app.stop().await;
}

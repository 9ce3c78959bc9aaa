//! The menu through the API: stock changes only by recorded movements (who and why), a
//! combo is as available as its parts, a FREE_ITEM code needs the item in stock, concessions
//! sold alone at the counter, and who may do what.

use super::*;

#[tokio::test]
async fn restock_and_write_off_are_movements_with_who_and_why() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let (manager_id, manager) = app.user_with_role("manager").await;
    let popcorn = site.item("popcorn");
    let change = |body: Value| {
        let (app, manager, path) = (
            &app,
            &manager,
            format!("/api/v1/concessions/{popcorn}/stock"),
        );
        async move { app.post(&path, Some(manager), body).await }
    };
    let (s, m) = change(json!({"change": "RESTOCK", "qty": 20, "note": "delivery 24/11"})).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(
        (
            &m["data"]["delta"],
            &m["data"]["reason"],
            &m["data"]["stock_after"]
        ),
        (&json!(20), &json!("RESTOCK"), &json!(30))
    );
    assert_eq!(m["data"]["actor_id"], manager_id.as_str());
    assert_eq!(m["data"]["note"], "delivery 24/11");
    // A write-off must say why.
    let (s, b) = change(json!({"change": "WRITE_OFF", "qty": 5})).await;
    assert!(assert_envelope(s, &b, 422).starts_with("note:"), "{b}");
    let (s, b) = change(json!({"change": "WRITE_OFF", "qty": 5, "note": "   "})).await;
    assert!(assert_envelope(s, &b, 422).starts_with("note:"), "{b}");
    let (s, m) = change(json!({"change": "WRITE_OFF", "qty": 5, "note": "spoiled"})).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(
        (&m["data"]["delta"], &m["data"]["stock_after"]),
        (&json!(-5), &json!(25))
    );
    // Never below zero; never zero or negative quantities.
    let (s, b) = change(json!({"change": "WRITE_OFF", "qty": 26, "note": "all gone"})).await;
    assert_eq!(
        assert_envelope(s, &b, 409),
        "out_of_stock: only 25 left of popcorn"
    );
    for qty in [0, -3] {
        let (s, b) = change(json!({"change": "RESTOCK", "qty": qty})).await;
        assert!(assert_envelope(s, &b, 422).starts_with("qty:"), "{b}");
    }
    // A combo has no stock of its own: it is as available as its scarcest part.
    let combo = site.item("combo");
    let (s, b) = app
        .post(
            &format!("/api/v1/concessions/{combo}/stock"),
            Some(&manager),
            json!({"change": "RESTOCK", "qty": 5}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("id:"), "{b}");
    assert_eq!(stock(&app, &combo).await, 25);
    // Changing an item's fields never changes its stock.
    let (s, b) = app
        .put(
            &format!("/api/v1/concessions/{popcorn}"),
            Some(&manager),
            json!({"kind": "FOOD", "name": "popcorn", "price": 59000, "stock": 999,
                   "allergens": ["sữa"], "kcal": 420}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        (&b["data"]["price"], &b["data"]["stock"]),
        (&json!(59_000), &json!(25))
    );
    assert_eq!(b["data"]["allergens"], json!(["sữa"]));
    let all = assert_movements_add_up(&app, &manager, &popcorn).await;
    let reasons: Vec<&str> = all
        .iter()
        .map(|m| m["reason"].as_str().expect("r"))
        .collect();
    assert_eq!(reasons, ["INITIAL", "RESTOCK", "WRITE_OFF"]);
    // Each movement reached the outbox with who made it.
    let moved: Vec<(String, i64, Option<String>)> = outbox(&app)
        .await
        .into_iter()
        .filter_map(|r| match r.event {
            Some(sales::SaleEvent::StockMoved {
                item_id,
                reason,
                delta,
                actor_id,
                ..
            }) if item_id == popcorn => Some((reason, delta, actor_id)),
            _ => None,
        })
        .collect();
    assert_eq!(
        moved[1..],
        [
            ("RESTOCK".to_string(), 20, Some(manager_id.clone())),
            ("WRITE_OFF".to_string(), -5, Some(manager_id))
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn who_may_manage_the_menu_codes_and_the_programme() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let customer = app.token("customer").await;
    let cashier = app.token("cashier").await;
    let popcorn = site.item("popcorn");
    let item = json!({"kind": "FOOD", "name": "nachos", "price": 45000, "stock": 5});
    let code = json!({"code": "NOPE10", "kind": "PERCENTAGE", "value": 10});
    let program = json!({"earn_percent": 50, "point_value": 1000, "max_redeem_percent": 100,
                         "tiers": [{"name": "ALL", "min_spend": 0}]});
    let stock_change = json!({"change": "RESTOCK", "qty": 1000});
    let writes: [(reqwest::Method, String, Value); 6] = [
        (
            reqwest::Method::POST,
            "/api/v1/concessions".into(),
            item.clone(),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/concessions/{popcorn}"),
            item.clone(),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/concessions/{popcorn}/stock"),
            stock_change,
        ),
        (reqwest::Method::POST, "/api/v1/promotions".into(), code),
        (
            reqwest::Method::PUT,
            "/api/v1/loyalty/program".into(),
            program,
        ),
        (
            reqwest::Method::GET,
            "/api/v1/promotions".into(),
            Value::Null,
        ),
    ];
    for (method, path, body) in &writes {
        let body = (!body.is_null()).then(|| body.clone());
        for (token, status) in [(Some(&customer), 403), (Some(&cashier), 403), (None, 401)] {
            let (s, b) = app
                .call(
                    method.clone(),
                    path,
                    token.map(String::as_str),
                    body.clone(),
                )
                .await;
            assert_envelope(s, &b, status);
        }
    }
    for path in [
        format!("/api/v1/concessions/{popcorn}/movements"),
        "/api/v1/concessions/all".to_string(),
    ] {
        let (s, b) = app.get(&path, Some(&cashier)).await;
        assert_envelope(s, &b, 403);
    }
    // Nothing refused was written.
    assert_eq!(stock(&app, &popcorn).await, 10);
    let (_, menu) = app.get("/api/v1/concessions", None).await;
    assert_eq!(menu["data"].as_array().map(Vec::len), Some(3), "{menu}");
    let (_, p) = app.get("/api/v1/loyalty/program", None).await;
    assert_eq!(p["data"]["earn_percent"], 10, "{p}");
    // Members are looked up by the box office only; a standing needs a session.
    let (s, b) = app
        .get("/api/v1/loyalty/members?q=0901234567", Some(&customer))
        .await;
    assert_envelope(s, &b, 403);
    let (s, b) = app.get("/api/v1/loyalty/members?q=0901234567", None).await;
    assert_envelope(s, &b, 401);
    let (s, b) = app
        .get("/api/v1/loyalty/members?q=0901234567", Some(&cashier))
        .await;
    assert_eq!((s.as_u16(), &b["data"]), (200, &json!([])), "{b}");
    let (s, b) = app.get("/api/v1/loyalty", None).await;
    assert_envelope(s, &b, 401);
    let (s, b) = app
        .post(
            "/api/v1/sales/concessions",
            Some(&customer),
            json!({"concessions": [{"id": popcorn, "qty": 1}], "idempotency_key": "k"}),
        )
        .await;
    assert_envelope(s, &b, 403);
    // The manager may.
    let (s, b) = app
        .post("/api/v1/concessions", Some(&site.manager), item)
        .await;
    assert_eq!(s, 201, "{b}");
    app.stop().await;
}

#[tokio::test]
async fn a_free_item_code_needs_the_item_in_stock_beyond_the_basket() {
    let app = spawn_app().await;
    let site = site(&app, 1).await;
    let popcorn = site.item("popcorn");
    promotion(
        &app,
        &site.manager,
        json!({"code": "FREEPOP", "kind": "FREE_ITEM", "free_item_id": popcorn}),
    )
    .await;
    let customer = app.token("customer").await;
    // The basket takes the last popcorn: none left to give.
    let last = json!({"promo_code": "FREEPOP", "concessions": [{"id": popcorn, "qty": 1}]});
    let (s, q) = quote_with(&app, Some(&customer), &site, &["A1"], &last).await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["data"]["promotion"]["applied"], false);
    assert_eq!(q["data"]["promotion"]["reason"], "popcorn is out of stock");
    assert_eq!(q["data"]["promotion"]["refusal"]["reason"], "free_item_out");
    assert_eq!(q["data"]["total"], 145_000);
    let (s, b) = book_with(&app, &customer, &site, &["A1"], last).await;
    assert_eq!(
        assert_envelope(s, &b, 422),
        "promo_code: popcorn is out of stock"
    );
    // With a drink instead, the last popcorn is given free.
    let drink =
        json!({"promo_code": "FREEPOP", "concessions": [{"id": site.item("coke"), "qty": 1}]});
    let (_, q) = quote_with(&app, Some(&customer), &site, &["A1"], &drink).await;
    let (s, b) = book_with(&app, &customer, &site, &["A1"], drink).await;
    assert_eq!(s, 201, "{b}");
    let booking = &b["data"];
    assert_eq!(booking["total"], q["data"]["total"]);
    assert_eq!(booking["total"], 90_000 + 35_000);
    assert_eq!(booking["subtotal"], 90_000 + 35_000 + 55_000);
    assert_eq!(booking["promo_discount"], 55_000);
    let free: Vec<&Value> = booking["concessions"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|c| c["free"] == true)
        .collect();
    assert_eq!(free.len(), 1, "{booking}");
    assert_eq!(
        (&free[0]["item_id"], &free[0]["qty"]),
        (&json!(popcorn), &json!(1))
    );
    assert_eq!(
        stock(&app, &popcorn).await,
        0,
        "the free one left the shelf too"
    );
    // Now nobody else can have it, until this booking gives it back.
    let other = app.token("customer").await;
    let (_, q) = quote_with(
        &app,
        Some(&other),
        &site,
        &["A2"],
        &json!({"promo_code": "FREEPOP"}),
    )
    .await;
    assert_eq!(
        q["data"]["promotion"]["reason"], "popcorn is out of stock",
        "{q}"
    );
    let id = booking["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{id}/cancel"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let (_, q) = quote_with(
        &app,
        Some(&other),
        &site,
        &["A2"],
        &json!({"promo_code": "FREEPOP"}),
    )
    .await;
    assert_eq!(q["data"]["promotion"]["applied"], true, "{q}");
    assert_eq!(q["data"]["total"], 90_000);
    assert_eq!(
        reasons(&app, &site.manager, &popcorn).await,
        ["INITIAL", "SALE", "RETURN"]
    );
    assert_movements_add_up(&app, &site.manager, &popcorn).await;
    app.stop().await;
}

#[tokio::test]
async fn concessions_alone_are_sold_at_the_counter_and_paid_in_cash_at_an_open_till() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let (cashier_id, cashier) = app.user_with_role("cashier").await;
    let basket = json!({"concessions": [{"id": site.item("popcorn"), "qty": 2},
                                        {"id": site.item("coke"), "qty": 1}]});
    let (s, q) = app
        .post("/api/v1/bookings/quote", Some(&cashier), basket.clone())
        .await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["data"]["total"], 145_000);
    // Popcorn and a coke are cheaper as the combo: the quote says so.
    let suggestion = &q["data"]["combo_suggestions"][0];
    assert_eq!(suggestion["combo_id"], site.item("combo").as_str(), "{q}");
    assert_eq!(suggestion["saves"], 55_000 + 35_000 - 79_000);
    let body = merged(json!({"idempotency_key": "counter-1"}), &basket);
    let (s, sale) = app
        .post("/api/v1/sales/concessions", Some(&cashier), body.clone())
        .await;
    assert_eq!(s, 201, "{sale}");
    let sale = &sale["data"];
    assert_eq!(
        (&sale["status"], &sale["channel"]),
        (&json!("PENDING"), &json!("BOX_OFFICE"))
    );
    assert_eq!(
        (&sale["total"], &sale["seats"]),
        (&q["data"]["total"], &json!([]))
    );
    assert_eq!(sale["user_id"], cashier_id.as_str());
    // Stock is taken with the sale; the same sale sent again takes nothing more.
    assert_eq!(stock(&app, &site.item("popcorn")).await, 8);
    let (s, again) = app
        .post("/api/v1/sales/concessions", Some(&cashier), body)
        .await;
    assert_eq!(
        (s.as_u16(), &again["data"]["id"]),
        (200, &sale["id"]),
        "{again}"
    );
    assert_eq!(stock(&app, &site.item("popcorn")).await, 8);
    let id = sale["id"].as_str().expect("id");
    // No till open: no money taken.
    let pay = json!({"method": "CASH", "tendered": 200_000});
    let path = format!("/api/v1/bookings/{id}/pay/box-office");
    let (s, b) = app.post(&path, Some(&cashier), pay.clone()).await;
    assert_envelope(s, &b, 409);
    let till = app.open_till(&cashier, 500_000).await;
    let (s, paid) = app.post(&path, Some(&cashier), pay).await;
    assert_eq!(s, 200, "{paid}");
    let p = &paid["data"]["payment"];
    assert_eq!(
        (&p["method"], &p["status"]),
        (&json!("CASH"), &json!("SUCCESS"))
    );
    assert_eq!(
        (&p["amount"], &p["change_due"]),
        (&json!(145_000), &json!(55_000))
    );
    assert_eq!(p["till_session_id"], till["id"]);
    assert_eq!(paid["data"]["booking"]["status"], "CONFIRMED");
    assert_eq!(paid["data"]["tickets"], json!([]), "no seats, no tickets");
    // Nothing to sell, or seats, is not a concessions sale.
    for bad in [
        json!({"idempotency_key": "counter-2"}),
        json!({"idempotency_key": "counter-3", "concessions": [{"id": site.item("coke"), "qty": 0}]}),
        json!({"idempotency_key": "counter-4", "seat_ids": [site.show.seat("A1")],
               "concessions": [{"id": site.item("coke"), "qty": 1}]}),
    ] {
        let (s, b) = app
            .post("/api/v1/sales/concessions", Some(&cashier), bad)
            .await;
        assert_envelope(s, &b, 422);
    }
    let (s, b) = app
        .post(
            "/api/v1/sales/concessions",
            Some(&cashier),
            json!({"idempotency_key": "counter-5", "concessions": [{"id": site.item("popcorn"), "qty": 9}]}),
        )
        .await;
    assert_eq!(
        assert_envelope(s, &b, 409),
        "concessions: out_of_stock: only 8 left of popcorn"
    );
    assert_movements_add_up(&app, &site.manager, &site.item("popcorn")).await;
    assert_movements_add_up(&app, &site.manager, &site.item("coke")).await;
    app.stop().await;
}

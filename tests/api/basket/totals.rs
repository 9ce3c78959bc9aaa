//! One total everywhere: for each kind of basket, the quote, the booking, the amount sent to
//! VNPay (and the IPN that confirms it), the booking read back and the outbox agree — and the
//! same at the box office with a member's points.

use super::*;
use rstest::rstest;

/// Concessions of a basket: (site item name, qty).
type Lines = &'static [(&'static str, u32)];

/// The basket's JSON beyond the seats.
fn extras(site: &Site, lines: Lines, code: Option<&str>, points: i64) -> Value {
    let concessions: Vec<Value> = lines
        .iter()
        .map(|(name, qty)| json!({"id": site.item(name), "qty": qty}))
        .collect();
    let mut x = json!({"concessions": concessions, "points": points});
    if let Some(c) = code {
        x["promo_code"] = json!(c);
    }
    x
}

/// The concession lines of a quote or a booking, comparable.
fn lines_of(v: &Value) -> Vec<(String, i64, i64, bool)> {
    let mut out: Vec<(String, i64, i64, bool)> = v["concessions"]
        .as_array()
        .expect("concessions")
        .iter()
        .map(|c| {
            (
                c["item_id"].as_str().expect("item").to_string(),
                c["qty"].as_i64().expect("qty"),
                c["unit_price"].as_i64().expect("unit price"),
                c["free"].as_bool().expect("free"),
            )
        })
        .collect();
    out.sort();
    out
}

fn amounts(v: &Value) -> (i64, i64, i64) {
    let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("subtotal"), n("discount"), n("total"))
}

#[rstest]
#[case::seats_only(&["A1", "B1"], &[], None, 0, 0, 210_000)]
#[case::percentage_capped(&["A1", "A2"], &[("combo", 1), ("coke", 2)],
    Some(json!({"code": "PCT15", "kind": "PERCENTAGE", "value": 15, "max_discount": 30000})), 0, 0,
    180_000 + 79_000 + 70_000 - 30_000)]
#[case::odd_percentage(&["A1"], &[("popcorn", 1)],
    Some(json!({"code": "PCT7", "kind": "PERCENTAGE", "value": 7})), 0, 0, 145_000 - 10_150)]
#[case::fixed_at_exact_minimum(&["B1"], &[("popcorn", 1)],
    Some(json!({"code": "FIX50", "kind": "FIXED_AMOUNT", "value": 50000, "min_purchase": 175000})),
    0, 0, 125_000)]
#[case::free_item(&["A1"], &[("coke", 1)],
    Some(json!({"code": "FREEPOP", "kind": "FREE_ITEM", "free_item_id": "popcorn"})), 0, 0, 125_000)]
#[case::points_at_half(&["A1", "A2"], &[("popcorn", 2)], None, 145, 200, 145_000)]
#[case::everything(&["A1", "A2", "B1"], &[("combo", 2)],
    Some(json!({"code": "TEN", "kind": "PERCENTAGE", "value": 10})), 100, 300,
    300_000 + 158_000 - 45_800 - 100_000)]
#[tokio::test]
async fn quote_booking_vnpay_and_read_back_show_one_total(
    #[case] labels: &'static [&'static str],
    #[case] lines: Lines,
    #[case] code: Option<Value>,
    #[case] points: i64,
    #[case] balance: i64,
    #[case] total: i64,
) {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let code = code.map(|mut c| {
        // The free item is named in the table; the promotion needs its id.
        if c["free_item_id"] == "popcorn" {
            c["free_item_id"] = json!(site.item("popcorn"));
        }
        c
    });
    if let Some(c) = &code {
        promotion(&app, &site.manager, c.clone()).await;
    }
    let (me, customer) = app.user_with_role("customer").await;
    if balance > 0 {
        give_points(&app, &me, balance, 0).await;
    }
    let x = extras(
        &site,
        lines,
        code.as_ref().and_then(|c| c["code"].as_str()),
        points,
    );
    let (s, q) = quote_with(&app, Some(&customer), &site, labels, &x).await;
    assert_eq!(s, 200, "{q}");
    let q = &q["data"];
    let (subtotal, discount, quoted) = amounts(q);
    assert_eq!(quoted, total, "{q}");
    assert_eq!(subtotal - discount, total);
    let listed: i64 = q["discounts"]
        .as_array()
        .expect("discounts")
        .iter()
        .map(|d| d["amount"].as_i64().expect("amount"))
        .sum();
    assert_eq!(listed, discount, "the discounts listed add up: {q}");
    assert_eq!(q["points_redeemed"], points);
    if let Some(p) = &q["promotion"].as_object() {
        assert_eq!(p["applied"], true, "{q}");
    }

    let (s, b) = book_with(&app, &customer, &site, labels, x).await;
    assert_eq!(s, 201, "{b}");
    let booking = &b["data"];
    assert_eq!(amounts(booking), amounts(q), "booking = quote");
    assert_eq!(lines_of(booking), lines_of(q));
    assert_eq!(booking["points_redeemed"], points);
    let id = booking["id"].as_str().expect("id").to_string();

    let start = start_vnpay(&app, &customer, &id).await;
    assert_eq!(start["amount"], total);
    let url = start["payment_url"].as_str().expect("url");
    assert!(
        url.contains(&format!("vnp_Amount={}&", total * 100)),
        "{url}"
    );
    assert_eq!(
        amounts(&read_booking(&app, &customer, &id).await),
        amounts(q)
    );
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, total)).await, "00");

    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["status"], "CONFIRMED", "{back}");
    assert_eq!(amounts(&back), amounts(q), "read back = quote");
    assert_eq!(lines_of(&back), lines_of(q));
    assert_eq!(
        (
            &back["payments"][0]["status"],
            &back["payments"][0]["amount"]
        ),
        (&json!("SUCCESS"), &json!(total))
    );
    // Head office hears the same figures.
    let mut told = Vec::new();
    for r in outbox(&app).await {
        match r.event {
            Some(sales::SaleEvent::BookingCreated(f)) if f.id == id => {
                told.push(("created", f.total));
                assert_eq!((f.subtotal, f.discount), (subtotal, discount));
            }
            Some(sales::SaleEvent::BookingConfirmed {
                booking_id, total, ..
            }) if booking_id == id => told.push(("confirmed", total)),
            Some(sales::SaleEvent::PaymentSucceeded { payment, .. })
                if payment.booking_id == id =>
            {
                told.push(("paid", payment.amount))
            }
            _ => {}
        }
    }
    assert_eq!(
        told,
        [("created", total), ("confirmed", total), ("paid", total)]
    );
    app.stop().await;
}

#[tokio::test]
async fn at_the_box_office_the_quote_the_booking_and_the_cash_taken_agree() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    promotion(
        &app,
        &site.manager,
        json!({"code": "FIX20", "kind": "FIXED_AMOUNT", "value": 20000}),
    )
    .await;
    let (member, _) = app.user_with_role("customer").await;
    give_points(&app, &member, 80, 0).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let mut x = extras(&site, &[("combo", 1), ("popcorn", 1)], Some("FIX20"), 80);
    x["member_id"] = json!(member);
    let (s, q) = quote_with(&app, Some(&cashier), &site, &["B1", "B2"], &x).await;
    assert_eq!(s, 200, "{q}");
    // 240k + 79k + 55k = 374k − 20k − 80k.
    assert_eq!(amounts(&q["data"]), (374_000, 100_000, 274_000));
    let (s, b) = book_with(&app, &cashier, &site, &["B1", "B2"], x).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(amounts(&b["data"]), amounts(&q["data"]));
    assert_eq!(b["data"]["channel"], "BOX_OFFICE");
    assert_eq!(b["data"]["member_id"], member.as_str());
    let id = b["data"]["id"].as_str().expect("id");
    let sale = crate::bookings::pay_cash(&app, &cashier, id, 300_000).await;
    assert_eq!(
        (&sale["payment"]["amount"], &sale["payment"]["change_due"]),
        (&json!(274_000), &json!(26_000))
    );
    assert_eq!(amounts(&sale["booking"]), amounts(&q["data"]));
    assert_eq!(sale["tickets"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        amounts(&read_booking(&app, &cashier, id).await),
        amounts(&q["data"])
    );
    app.stop().await;
}

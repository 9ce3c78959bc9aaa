//! The day close, the Z-report, till movements and refund approvals at the kiosk, as pages:
//! who may open each, the close refused while a till is open, the Z-report's figures, a
//! movement typed wrong shown again and recorded nowhere, and the approval buttons changing
//! the refunds. Every page is also checked as valid, accessible HTML.

// The checks html_valid runs, compiled here too (its `check` module is private to it).
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "html_valid/check.rs"]
mod check;

use crate::basket::{book_with, paid_notice, send_ipn, site, start_vnpay, Site};
use crate::bookings::pay_cash;
use crate::helpers::*;
use crate::refunds::{cancel, paid_online, reason};
use reqwest::header;
use serde_json::{json, Value};

/// A page as the kiosk's browser asks for it (session cookie, same origin, no redirects
/// followed), with `form` posted when given; returns status, `Location` and HTML.
async fn page(
    app: &TestApp,
    path: &str,
    token: &str,
    form: Option<&[(&str, &str)]>,
) -> (u16, String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let method = if form.is_some() {
        reqwest::Method::POST
    } else {
        reqwest::Method::GET
    };
    let mut req = client
        .request(method, format!("{}{path}", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, format!("mh_session={token}"));
    if let Some(f) = form {
        req = req.form(f);
    }
    let res = req.send().await.expect("page");
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let csp = res.headers().contains_key(header::CONTENT_SECURITY_POLICY);
    let html = res.text().await.expect("html");
    if html.starts_with("<!doctype") {
        let problems = check::problems(&html, csp);
        assert!(problems.is_empty(), "{path}: {problems:#?}\n{html}");
    }
    (status, location, html)
}

async fn get(app: &TestApp, path: &str, token: &str) -> (u16, String, String) {
    page(app, path, token, None).await
}

async fn post(
    app: &TestApp,
    path: &str,
    token: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    page(app, path, token, Some(form)).await
}

fn assert_has(html: &str, words: &[&str]) {
    for w in words {
        assert!(html.contains(w), "missing {w:?} in:\n{html}");
    }
}

/// A till's movements over the API.
async fn movements(app: &TestApp, cashier: &str) -> Vec<Value> {
    let (s, b) = app
        .get("/api/v1/tills/current/movements", Some(cashier))
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].as_array().expect("movements").clone()
}

async fn refund(app: &TestApp, manager: &str, id: &str) -> Value {
    let (s, b) = app
        .get(&format!("/api/v1/refunds/{id}"), Some(manager))
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

#[tokio::test]
async fn each_page_opens_for_its_role_and_refuses_the_others() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    app.priced_hall(&manager).await;
    let cashier = app.token("cashier").await;
    let customer = app.token("customer").await;
    for path in ["/kiosk/day", "/kiosk/refunds"] {
        let (s, _, html) = get(&app, path, &manager).await;
        assert_eq!(s, 200, "{path}: {html}");
        for token in [&cashier, &customer] {
            let (s, _, _) = get(&app, path, token).await;
            assert_eq!(s, 403, "{path}");
        }
        let (s, to, _) = get(&app, path, "not-a-token").await;
        assert_eq!((s, to.starts_with("/login?next=")), (303, true), "{path}");
    }
    // A cashier without a till goes to the kiosk to open one; a customer is refused.
    let (s, to, _) = get(&app, "/kiosk/till/movements", &cashier).await;
    assert_eq!((s, to.as_str()), (303, "/kiosk"));
    let (s, _, _) = get(&app, "/kiosk/till/movements", &customer).await;
    assert_eq!(s, 403);
    app.open_till(&cashier, 500_000).await;
    let (s, _, html) = get(&app, "/kiosk/till/movements", &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &["Thu chi tiền mặt", "Tiền đầu ca", "+500.000 ₫", "Nộp két"],
    );
    // Cashiers do not close days nor approve refunds, even by posting the form.
    let (s, _, _) = post(&app, "/kiosk/day/close", &cashier, &[]).await;
    assert_eq!(s, 403);
    let (s, _, _) = post(&app, "/kiosk/payments/x/refund", &cashier, &[]).await;
    assert_eq!(s, 403);
    // A form from another site is refused before anything is read.
    let res = reqwest::Client::new()
        .post(format!("{}/kiosk/day/close", app.base))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::COOKIE, format!("mh_session={manager}"))
        .form(&[("cinema_id", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 403);
    let (s, _, _) = get(&app, "/kiosk/days/no-such-day", &manager).await;
    assert_eq!(s, 404);
    app.stop().await;
}

#[tokio::test]
async fn the_day_closes_only_once_every_till_is_and_its_z_report_shows_the_figures() {
    let app = spawn_app().await;
    let site = site(&app, 20).await;
    let manager = site.manager.clone();
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 300_000).await;
    let extras = json!({"concessions": [{"id": site.item("popcorn"), "qty": 2}]});
    let (s, b) = book_with(&app, &cashier, &site, &["A3"], extras).await;
    assert_eq!(s, 201, "{b}");
    let booking = b["data"]["id"].as_str().expect("id").to_string();
    let total = b["data"]["total"].as_i64().expect("total");
    pay_cash(&app, &cashier, &booking, 500_000).await;

    let (s, _, html) = get(&app, "/kiosk/day", &manager).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "Ngày kinh doanh",
            "Thứ Ba, 24/11/2026",
            "Test cashier",
            "mở lúc 10:00 · 24/11/2026",
            "Chưa có ngày nào được chốt.",
            "action=\"/kiosk/day/close\"",
        ],
    );
    let cinema = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")[0]
        .id
        .clone();
    let (s, _, html) = post(
        &app,
        "/kiosk/day/close",
        &manager,
        &[("cinema_id", &cinema)],
    )
    .await;
    assert_eq!(s, 409, "a till is open");
    assert_has(&html, &["Chưa thể chốt ngày: còn 1 ca chưa đóng."]);
    let (s, days) = app.get("/api/v1/days", Some(&manager)).await;
    assert_eq!(
        (s.as_u16(), days["data"].as_array().map(Vec::len)),
        (200, Some(0))
    );

    // The cashier closes the till 5.000 short; now the day closes.
    let expected = 300_000 + total;
    let counted = (expected - 5_000).to_string();
    let (s, _, html) = post(
        &app,
        "/kiosk/till/close",
        &cashier,
        &[("counted_cash", &counted)],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    let (s, to, _) = post(
        &app,
        "/kiosk/day/close",
        &manager,
        &[("cinema_id", &cinema)],
    )
    .await;
    assert_eq!(s, 303);
    assert!(to.starts_with("/kiosk/days/"), "{to}");
    let (s, _, z) = get(&app, &to, &manager).await;
    assert_eq!(s, 200, "{z}");
    let money = moviehub::web::vnd;
    assert_has(
        &z,
        &[
            "Báo cáo Z",
            "Test Cinema",
            "Thứ Ba, 24/11/2026",
            &format!("<td id=\"zr-gross\">{}</td>", money(total)),
            &format!("<td id=\"zr-net\">{}</td>", money(total)),
            "<td id=\"zr-refunds\">0 ₫</td>",
            "-5.000 ₫",
            "Tiền mặt",
            "Tại quầy",
            "Mai",
            "popcorn",
            "110.000 ₫",
            &money(expected),
            &money(expected - 5_000),
            "Test cashier",
            "paper-a4",
        ],
    );
    let (s, _, narrow) = get(&app, &format!("{to}?paper=80mm"), &manager).await;
    assert_eq!(s, 200);
    assert_has(&narrow, &["paper-80mm", &money(total)]);
    // The day page lists it, and a second close is refused.
    let (_, _, html) = get(&app, "/kiosk/day", &manager).await;
    assert_has(
        &html,
        &[
            "Mọi ca của rạp đã đóng.",
            "Ngày kinh doanh này đã được chốt.",
            &to,
        ],
    );
    let (s, _, html) = post(
        &app,
        "/kiosk/day/close",
        &manager,
        &[("cinema_id", &cinema)],
    )
    .await;
    assert_eq!(s, 409);
    assert_has(&html, &["Ngày kinh doanh này đã được chốt rồi."]);
    // English when asked.
    let res = reqwest::Client::new()
        .get(format!("{}{to}", app.base))
        .header(header::COOKIE, format!("mh_session={manager}"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .expect("en");
    let en = res.text().await.expect("html");
    assert_has(&en, &["Z-report", "Sales by tender", "Box office"]);
    app.stop().await;
}

#[tokio::test]
async fn a_movement_typed_wrong_is_shown_again_and_recorded_nowhere() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    app.priced_hall(&manager).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 200_000).await;
    for (form, error, kept) in [
        (
            [("kind", "DROP"), ("amount", "12a"), ("reason", "két sắt")],
            "Hãy nhập số tiền lớn hơn 0",
            "value=\"két sắt\"",
        ),
        (
            [("kind", "PAY_OUT"), ("amount", "0"), ("reason", "nước")],
            "Hãy nhập số tiền lớn hơn 0",
            "value=\"nước\"",
        ),
        (
            [("kind", "SALE"), ("amount", "10.000"), ("reason", "x")],
            "Hãy chọn nộp két, nhập thêm tiền hoặc chi tiền.",
            "value=\"10.000\"",
        ),
        (
            [("kind", "PAY_IN"), ("amount", "10.000"), ("reason", "  ")],
            "Hãy ghi lý do",
            "value=\"10.000\"",
        ),
        (
            [("kind", "DROP"), ("amount", "200.001"), ("reason", "két")],
            "Số tiền này nhiều hơn số tiền đang có trong quầy.",
            "value=\"200.001\"",
        ),
    ] {
        let (s, _, html) = post(&app, "/kiosk/till/movements", &cashier, &form).await;
        assert_eq!(s, 422, "{form:?}: {html}");
        assert_has(&html, &[error, kept]);
    }
    assert_eq!(movements(&app, &cashier).await.len(), 1, "only the float");
    let (s, to, _) = post(
        &app,
        "/kiosk/till/movements",
        &cashier,
        &[
            ("kind", "DROP"),
            ("amount", "150.000"),
            ("reason", "két sắt"),
        ],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/kiosk/till/movements?done=1"));
    let (_, _, html) = get(&app, &to, &cashier).await;
    assert_has(
        &html,
        &["Đã ghi khoản thu chi.", "-150.000 ₫", "két sắt", "Nộp két"],
    );
    let moved = movements(&app, &cashier).await;
    assert_eq!(moved.len(), 2);
    assert_eq!(
        (moved[1]["kind"].as_str(), moved[1]["amount"].as_i64()),
        (Some("DROP"), Some(-150_000))
    );
    app.stop().await;
}

/// Two refunds awaiting approval (threshold 100.000), one failed VNPay refund and one late
/// payment kept for a refund.
struct Queue {
    site: Site,
    approve: String,
    reject: String,
    failed: String,
    late_payment: String,
}

async fn queue(app: &TestApp) -> Queue {
    let (site, customer, first) = paid_online(app, &["B1", "B2"], json!({})).await;
    let (_, c) = cancel(app, &customer, &first, reason()).await;
    assert_eq!(c["refund"]["status"], "AWAITING_APPROVAL", "{c}");
    let approve = c["refund"]["id"].as_str().expect("id").to_string();
    let second = paid(app, &customer, &site, &["B3", "B4"]).await;
    let (_, c) = cancel(app, &customer, &second, reason()).await;
    let reject = c["refund"]["id"].as_str().expect("id").to_string();
    // A small one goes through at once, but the gateway fails it.
    let third = paid(app, &customer, &site, &["A1"]).await;
    app.post("/sandbox/vnpay/faults", None, json!({"refund_failures": 1}))
        .await;
    let (_, c) = cancel(app, &customer, &third, reason()).await;
    assert_eq!(c["refund"]["status"], "FAILED", "{c}");
    let failed = c["refund"]["id"].as_str().expect("id").to_string();
    // Paid twice: the second payment is kept for a refund.
    let (s, b) = book_with(app, &customer, &site, &["A2"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    let fourth = b["data"]["id"].as_str().expect("id").to_string();
    let one = start_vnpay(app, &customer, &fourth).await;
    let two = start_vnpay(app, &customer, &fourth).await;
    for start in [&one, &two] {
        let txn = start["txn_ref"].as_str().expect("txn");
        let amount = start["amount"].as_i64().expect("amount");
        assert_eq!(send_ipn(app, &paid_notice(app, txn, amount)).await, "00");
    }
    let (late, _) = app
        .state
        .payments
        .with_status("REFUND_REQUIRED", 10, 0)
        .await
        .expect("late");
    assert_eq!(late.len(), 1);
    Queue {
        site,
        approve,
        reject,
        failed,
        late_payment: late[0].id.clone(),
    }
}

async fn paid(app: &TestApp, customer: &str, site: &Site, labels: &[&str]) -> String {
    let (s, b) = book_with(app, customer, site, labels, json!({})).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(crate::basket::pay_online(app, customer, &id).await, "00");
    id
}

#[tokio::test]
async fn the_approval_buttons_approve_reject_retry_and_refund() {
    let app = spawn_app_with(|s| s.refunds.approval_threshold = 100_000).await;
    let q = queue(&app).await;
    let manager = q.site.manager.clone();
    let (s, _, html) = get(&app, "/kiosk/refunds", &manager).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            &format!("/kiosk/refunds/{}/approve", q.approve),
            &format!("/kiosk/refunds/{}/reject", q.reject),
            &format!("/kiosk/refunds/{}/retry", q.failed),
            &format!("/kiosk/payments/{}/refund", q.late_payment),
            "168.000 ₫",
            "connection reset",
            "Chờ duyệt",
        ],
    );

    let (s, to, _) = post(
        &app,
        &format!("/kiosk/refunds/{}/approve", q.approve),
        &manager,
        &[],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/kiosk/refunds?done=approved"));
    let r = refund(&app, &manager, &q.approve).await;
    assert_eq!(
        (r["status"].as_str(), r["approval_via"].as_str()),
        (Some("SUCCEEDED"), Some("PAGE"))
    );
    let (s, _, html) = post(
        &app,
        &format!("/kiosk/refunds/{}/approve", q.approve),
        &manager,
        &[],
    )
    .await;
    assert_eq!(s, 409, "approved once");
    assert_has(&html, &["vừa được người khác xử lý"]);

    // A reject needs a note; without one the form comes back and nothing changes.
    let path = format!("/kiosk/refunds/{}/reject", q.reject);
    let (s, _, html) = post(&app, &path, &manager, &[("note", "  ")]).await;
    assert_eq!(s, 422);
    assert_has(
        &html,
        &["Hãy ghi lý do từ chối", &format!("note-error-{}", q.reject)],
    );
    assert_eq!(
        refund(&app, &manager, &q.reject).await["status"],
        "AWAITING_APPROVAL"
    );
    let (s, to, _) = post(&app, &path, &manager, &[("note", "quá hạn")]).await;
    assert_eq!((s, to.as_str()), (303, "/kiosk/refunds?done=rejected"));
    assert_eq!(
        refund(&app, &manager, &q.reject).await["status"],
        "REJECTED"
    );

    let (s, to, _) = post(
        &app,
        &format!("/kiosk/refunds/{}/retry", q.failed),
        &manager,
        &[],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/kiosk/refunds?done=retried"));
    let r = refund(&app, &manager, &q.failed).await;
    assert_eq!(
        (r["status"].as_str(), r["attempts"].as_i64()),
        (Some("SUCCEEDED"), Some(2))
    );

    let (s, to, _) = post(
        &app,
        &format!("/kiosk/payments/{}/refund", q.late_payment),
        &manager,
        &[],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/kiosk/refunds?done=refunded"));
    let (late, _) = app
        .state
        .payments
        .with_status("REFUND_REQUIRED", 10, 0)
        .await
        .expect("late");
    assert!(late.is_empty(), "refunded");
    let (s, _, _) = post(
        &app,
        &format!("/kiosk/payments/{}/refund", q.late_payment),
        &manager,
        &[],
    )
    .await;
    assert_eq!(s, 404, "refunded once");

    let (_, _, html) = get(&app, "/kiosk/refunds?done=refunded", &manager).await;
    assert_has(
        &html,
        &[
            "Đã hoàn khoản thanh toán trễ.",
            "Không có khoản hoàn nào chờ duyệt.",
            "Không có khoản hoàn nào đang xử lý.",
            "Không có thanh toán nào cần hoàn.",
        ],
    );
    app.stop().await;
}

#[tokio::test]
async fn cash_ups_show_times_in_their_own_cinemas_zone() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    let tokyo = app
        .create_cinema(
            &manager,
            json!({"name": "Rạp Tokyo", "address": "1 Ginza", "city": "Tokyo",
                "district": "Chuo", "latitude": 35.67, "longitude": 139.77,
                "timezone": "Asia/Tokyo"}),
        )
        .await;
    let cashier = app.token("cashier").await;
    let (s, b) = app
        .post(
            "/api/v1/tills",
            Some(&cashier),
            json!({"opening_float": 0, "cinema_id": tokyo}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let (s, _, html) = get(&app, "/kiosk/till/close", &cashier).await;
    assert_eq!(s, 200, "{html}");
    // 03:00 UTC is 12:00 in Tokyo (10:00 in Ho Chi Minh City, the site's zone).
    assert_has(&html, &["12:00"]);
    let (s, _, _) = post(
        &app,
        "/kiosk/till/close",
        &cashier,
        &[("counted_cash", "0")],
    )
    .await;
    assert_eq!(s, 200);
    let (_, _, html) = get(&app, "/kiosk/cashups", &manager).await;
    assert_has(
        &html,
        &[
            "Rạp Tokyo",
            "24/11/2026 12:00",
            "/kiosk/day",
            "/kiosk/refunds",
        ],
    );
    app.stop().await;
}

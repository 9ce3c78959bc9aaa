//! The counter's refund page over HTTP: the quote and the form, a refused form that changes
//! nothing, cash paid out of the cashier's till, a manager's PIN above the threshold (a wrong
//! one refused), and who may use it.

use super::*;
use crate::bookings::pay_cash;
use reqwest::header;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn get_page(app: &TestApp, token: &str, id: &str) -> (u16, String) {
    let res = client()
        .get(format!("{}/kiosk/bookings/{id}/refund", app.base))
        .header(header::COOKIE, format!("mh_session={token}"))
        .send()
        .await
        .expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

/// POST the refund form: (status, body).
async fn post_form(app: &TestApp, token: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let res = client()
        .post(format!("{}{path}", app.base))
        .header(header::COOKIE, format!("mh_session={token}"))
        .header(header::ORIGIN, app.base.clone())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    (res.status().as_u16(), res.text().await.expect("body"))
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_counter_refunds_a_cash_sale_out_of_its_till() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 300_000).await;
    let (_, b) = book_with(&app, &cashier, &site, &["A3"], json!({})).await;
    let id = b["data"]["id"].as_str().expect("id").to_string();
    pay_cash(&app, &cashier, &id, 100_000).await;
    let customer = app.token("customer").await;
    assert_eq!(get_page(&app, &customer, &id).await.0, 403, "staff only");
    let (s, html) = get_page(&app, &cashier, &id).await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"refund-form\""), "{html}");
    assert!(
        html.contains("value=\"SALE_ERROR\""),
        "staff reasons are offered"
    );
    assert!(html.contains("63.000 ₫"), "one seat at 70 %");
    assert!(
        !html.contains("id=\"approver\""),
        "below the threshold: no PIN"
    );
    let path = format!("/kiosk/bookings/{id}/refund");
    let (s, html) = post_form(&app, &cashier, &path, &[("reason_code", "")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Vui lòng chọn lý do hủy."), "{html}");
    assert_eq!(
        crate::basket::read_booking(&app, &cashier, &id).await["status"],
        "CONFIRMED"
    );
    let (s, _) = post_form(
        &app,
        &cashier,
        &path,
        &[("reason_code", "SALE_ERROR"), ("note", "bấm nhầm suất")],
    )
    .await;
    assert_eq!(s, 303);
    let (_, html) = get_page(&app, &cashier, &id).await;
    assert!(html.contains("Đã chi từ két cho khách: 63.000 ₫"), "{html}");
    assert!(!html.contains("id=\"refund-form\""), "refunded once");
    assert_eq!(ticket_statuses(&app, &cashier, &id).await, ["CANCELLED"]);
    let (_, moves) = app
        .get("/api/v1/tills/current/movements", Some(&cashier))
        .await;
    let refunds: Vec<i64> = moves["data"]
        .as_array()
        .expect("moves")
        .iter()
        .filter(|m| m["kind"] == "REFUND")
        .map(|m| m["amount"].as_i64().expect("amount"))
        .collect();
    assert_eq!(refunds, [-63_000]);
}

#[tokio::test]
async fn above_the_threshold_a_managers_pin_approves_at_the_counter() {
    let app = spawn_app_with(|s| s.refunds.approval_threshold = 100_000).await;
    let (_site, customer, id) = paid_online(&app, &["A1", "A2"], json!({})).await;
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
    let (_, html) = get_page(&app, &cashier, &id).await;
    assert!(html.contains("id=\"approver\""), "{html}");
    let path = format!("/kiosk/bookings/{id}/refund");
    let wrong = [
        ("reason_code", "WRONG_SHOWTIME"),
        ("approver_email", email.as_str()),
        ("approver_pin", "9999"),
    ];
    let (s, html) = post_form(&app, &cashier, &path, &wrong).await;
    assert_eq!(s, 422);
    assert!(html.contains("mã PIN không đúng"), "{html}");
    assert!(html.contains("selected"), "the reason is kept");
    let half = [
        ("reason_code", "WRONG_SHOWTIME"),
        ("approver_email", email.as_str()),
    ];
    assert_eq!(post_form(&app, &cashier, &path, &half).await.0, 422);
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["VALID", "VALID"],
        "nothing changed"
    );
    let right = [
        ("reason_code", "WRONG_SHOWTIME"),
        ("approver_email", email.as_str()),
        ("approver_pin", "2580"),
    ];
    let (s, _) = post_form(&app, &cashier, &path, &right).await;
    assert_eq!(s, 303);
    let (_, html) = get_page(&app, &cashier, &id).await;
    assert!(
        html.contains("Duyệt bởi Test manager (mã PIN tại quầy)"),
        "{html}"
    );
    assert!(html.contains("Đã hoàn 126.000 ₫ về tài khoản VNPay."));
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 126_000);
    let (_, list) = app
        .get(&format!("/api/v1/bookings/{id}/refunds"), Some(&customer))
        .await;
    assert_eq!(list["data"][0]["approved_by"], manager_id.as_str());
    assert_eq!(list["data"][0]["approval_via"], "PIN");
}

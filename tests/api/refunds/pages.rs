//! The moviegoer's cancel on the booking page, over HTTP: the quote shown before confirming,
//! a refused form that changes nothing, the refund note afterwards, approval above the
//! threshold, and the note of a showtime the cinema cancelled.

use super::*;
use reqwest::header;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn booking_page(app: &TestApp, token: &str, id: &str) -> (u16, String) {
    let res = client()
        .get(format!("{}/bookings/{id}", app.base))
        .header(header::COOKIE, format!("mh_session={token}"))
        .send()
        .await
        .expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

/// POST the cancel form; (status, Location).
async fn post_cancel(
    app: &TestApp,
    token: &str,
    id: &str,
    form: &str,
    origin: bool,
) -> (u16, String) {
    let mut req = client()
        .post(format!("{}/bookings/{id}/cancel", app.base))
        .header(header::COOKIE, format!("mh_session={token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form.to_string());
    if origin {
        req = req.header(header::ORIGIN, app.base.clone());
    }
    let res = req.send().await.expect("post");
    let to = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (res.status().as_u16(), to)
}

#[tokio::test]
async fn the_booking_page_quotes_the_refund_then_cancels_and_says_where_the_money_is() {
    let app = spawn_app().await;
    let (_site, customer, id) = paid_online(&app, &["A1", "A2"], json!({})).await;
    let (s, html) = booking_page(&app, &customer, &id).await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"cancel-form\""), "{html}");
    assert!(html.contains("hoàn 70 % giá vé"), "the tier, in Vietnamese");
    assert!(html.contains("126.000 ₫"), "two seats at 70 % of 90.000");
    assert!(html.contains("value=\"CHANGE_OF_PLANS\""));
    assert!(
        !html.contains("value=\"SALE_ERROR\""),
        "staff reasons are not offered"
    );
    // Refused: another site's form, no reason, someone else's booking. Nothing changes.
    assert_eq!(
        post_cancel(&app, &customer, &id, "reason_code=CHANGE_OF_PLANS", false)
            .await
            .0,
        403
    );
    let (s, to) = post_cancel(&app, &customer, &id, "reason_code=", true).await;
    assert_eq!((s, to.contains("cancel_error=reason")), (303, true), "{to}");
    let (_, html) = booking_page(&app, &customer, &format!("{id}?cancel_error=reason")).await;
    assert!(html.contains("id=\"cancel-error\""), "the refusal is shown");
    assert!(html.contains("Vui lòng chọn lý do hủy."));
    let stranger = app.token("customer").await;
    assert_eq!(
        post_cancel(&app, &stranger, &id, "reason_code=CHANGE_OF_PLANS", true)
            .await
            .0,
        404
    );
    assert_eq!(
        crate::basket::read_booking(&app, &customer, &id).await["status"],
        "CONFIRMED"
    );
    // Confirmed: cancelled, refunded through the sandbox, and the page says so.
    let (s, to) = post_cancel(
        &app,
        &customer,
        &id,
        "reason_code=CHANGE_OF_PLANS&note=%C3%B4m",
        true,
    )
    .await;
    assert_eq!((s, to), (303, format!("/bookings/{id}#refund-note")));
    let (_, html) = booking_page(&app, &customer, &id).await;
    assert!(
        html.contains("Đã hoàn 126.000 ₫ về tài khoản VNPay."),
        "{html}"
    );
    assert!(!html.contains("id=\"cancel-form\""));
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["CANCELLED", "CANCELLED"]
    );
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 126_000);
    // Again: the booking changed, nothing is paid twice.
    let (s, to) = post_cancel(&app, &customer, &id, "reason_code=CHANGE_OF_PLANS", true).await;
    assert_eq!(
        (s, to.contains("cancel_error=changed")),
        (303, true),
        "{to}"
    );
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 126_000);
}

#[tokio::test]
async fn above_the_threshold_the_page_says_a_manager_approves_first() {
    let app = spawn_app_with(|s| s.refunds.approval_threshold = 100_000).await;
    let (_site, customer, id) = paid_online(&app, &["A1", "A2"], json!({})).await;
    let (_, html) = booking_page(&app, &customer, &id).await;
    assert!(html.contains("id=\"cancel-approval\""));
    let (s, _) = post_cancel(&app, &customer, &id, "reason_code=ILLNESS", true).await;
    assert_eq!(s, 303);
    let (_, html) = booking_page(&app, &customer, &id).await;
    assert!(html.contains("đang chờ quản lý duyệt"), "{html}");
    assert!(!html.contains("id=\"cancel-form\""), "asked once");
    assert_eq!(
        ticket_statuses(&app, &customer, &id).await,
        ["VALID", "VALID"]
    );
}

#[tokio::test]
async fn a_cancelled_showtime_is_told_on_its_bookings_pages() {
    let app = spawn_app().await;
    let (site, customer, id) = paid_online(&app, &["A1"], json!({})).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{}/cancel", site.show.id),
            Some(&site.manager),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let (_, html) = booking_page(&app, &customer, &id).await;
    assert!(html.contains("Rạp đã hủy suất chiếu này"), "{html}");
    assert!(html.contains("Đã hoàn 90.000 ₫"), "100 %");
}

//! Central's push endpoint in-process: a batch is applied once by (site, seq), a gap is
//! refused with the sequence central expects, and a tampered body, a wrong secret, an old
//! timestamp and a replayed request are each refused and change nothing.

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use moviehub::config::Role;
use moviehub::sales::{BookingFacts, PaymentFacts, SaleEvent, SeatLine};
use moviehub::sync::batch::{Batch, PushedRow};
use moviehub::sync::signing::{self, SIGNATURE_HEADER, SITE_HEADER, TIMESTAMP_HEADER};
use moviehub::sync::NewSite;
use reqwest::StatusCode;
use serde_json::Value;

const PUSH: &str = "/api/v1/sync/push";

async fn central() -> (TestApp, NewSite) {
    let app = spawn_app_with(|s| s.server.role = Role::Central).await;
    let site = app.state.central.add_site("Hà Đông").await.expect("site");
    (app, site)
}

fn row(seq: i64, event: &SaleEvent) -> PushedRow {
    PushedRow {
        seq,
        kind: event.kind().into(),
        version: moviehub::sales::EVENT_VERSION,
        payload: serde_json::to_string(event).expect("json"),
        created_at: "2026-11-24T03:00:00Z".into(),
    }
}

/// A paid booking of two seats, as three outbox rows from `first`.
fn sale(first: i64, id: &str) -> Vec<PushedRow> {
    let seat = |s: &str| SeatLine {
        seat_id: s.into(),
        label: s.into(),
        seat_type: "STANDARD".into(),
        price: 90_000,
    };
    let created = SaleEvent::BookingCreated(BookingFacts {
        id: id.into(),
        user_id: "u1".into(),
        showtime_id: "show-1".into(),
        cinema_id: "c1".into(),
        channel: "BOX_OFFICE".into(),
        subtotal: 180_000,
        discount: 0,
        total: 180_000,
        seats: vec![seat("E1"), seat("E2")],
        concessions: vec![],
        promo_code: None,
        points_redeemed: 0,
        member_id: None,
        movie_title: "Mai".into(),
        hall_name: "Phòng 1".into(),
        starts_at: "2026-11-24T12:00:00Z".into(),
        created_at: "2026-11-24T03:00:00Z".into(),
    });
    let confirmed = SaleEvent::BookingConfirmed {
        booking_id: id.into(),
        total: 180_000,
        showtime_id: "show-1".into(),
        seat_ids: vec!["E1".into(), "E2".into()],
        reclaimed: false,
    };
    let paid = SaleEvent::PaymentSucceeded {
        payment: PaymentFacts {
            id: format!("pay-{id}"),
            booking_id: id.into(),
            method: "CASH".into(),
            status: "SUCCESS".into(),
            amount: 180_000,
            provider_txn_no: None,
            cashier_id: Some("cashier".into()),
            till_session_id: None,
            note: None,
            updated_at: "2026-11-24T03:00:01Z".into(),
        },
        tickets: 2,
    };
    vec![
        row(first, &created),
        row(first + 1, &confirmed),
        row(first + 2, &paid),
    ]
}

struct Req<'a> {
    site: &'a str,
    secret: &'a str,
    ts: i64,
    signed_body: Vec<u8>,
    sent_body: Vec<u8>,
}

async fn send(app: &TestApp, r: &Req<'_>) -> (StatusCode, Value) {
    let key = signing::derive_key(r.secret);
    let sig = signing::sign(&key, r.site, r.ts, "POST", PUSH, &r.signed_body);
    send_signed(app, r.site, r.ts, &sig, r.sent_body.clone()).await
}

async fn send_signed(
    app: &TestApp,
    site: &str,
    ts: i64,
    sig: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let res = app
        .client
        .post(format!("{}{PUSH}", app.base))
        .header(SITE_HEADER, site)
        .header(TIMESTAMP_HEADER, ts.to_string())
        .header(SIGNATURE_HEADER, sig)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("push");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn body(rows: Vec<PushedRow>) -> Vec<u8> {
    serde_json::to_vec(&Batch {
        rows,
        pending_after: 0,
        members: vec![],
        showtimes: vec![],
    })
    .expect("json")
}

fn received(app: &TestApp, site: &str) -> (i64, i64) {
    let site = site.to_string();
    app.state
        .dbs
        .central
        .blocking(|c| {
            moviehub::sync::central_store::received_count(c, &site)
                .map_err(moviehub::db::DbError::from)
        })
        .expect("count")
}

async fn figures(app: &TestApp) -> Value {
    let token = app.token("manager").await;
    let (status, b) = app
        .get(
            "/api/v1/central/figures?from=2026-11-24&to=2026-11-24",
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{b}");
    b["data"].clone()
}

#[tokio::test]
async fn a_batch_is_applied_once_and_a_gap_names_the_sequence_expected() {
    let (app, site) = central().await;
    let now = app.clock_now();
    let push = |ts: i64, rows: Vec<PushedRow>| Req {
        site: &site.id,
        secret: &site.secret,
        ts,
        signed_body: body(rows.clone()),
        sent_body: body(rows),
    };
    let (status, b) = send(&app, &push(now, sale(1, "b1"))).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    assert_eq!(b["data"]["acked"], 3);
    assert_eq!(b["data"]["applied"], 3);

    // The site did not hear the answer and sends the same rows again (a new request).
    let (status, b) = send(&app, &push(now + 1, sale(1, "b1"))).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    assert_eq!(
        (
            b["data"]["applied"].clone(),
            b["data"]["duplicates"].clone()
        ),
        (0.into(), 3.into())
    );
    assert_eq!(received(&app, &site.id), (3, 3));

    // Rows after a gap are refused; central says where to resume.
    let (status, b) = send(&app, &push(now + 2, sale(5, "b2"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").contains("expects 4"),
        "{b}"
    );
    assert_eq!(received(&app, &site.id), (3, 3));

    // An overlapping batch applies only its new rows.
    let mut overlap = sale(1, "b1")[2..].to_vec();
    overlap.extend(sale(4, "b2"));
    let (status, b) = send(&app, &push(now + 3, overlap)).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    assert_eq!(
        (b["data"]["acked"].clone(), b["data"]["applied"].clone()),
        (6.into(), 3.into())
    );

    let f = figures(&app).await;
    assert_eq!(f["totals"]["bookings"], 2, "{f}");
    assert_eq!(f["totals"]["admissions"], 4, "{f}");
    assert_eq!(f["totals"]["revenue"], 360_000, "{f}");
    assert_eq!(f["by_site"][0]["label"], "Hà Đông", "{f}");
    assert_eq!(f["by_tender"][0]["key"], "CASH", "{f}");
    assert_eq!(f["by_film"][0]["key"], "Mai", "{f}");
}

#[tokio::test]
async fn tampered_wrong_secret_old_and_replayed_requests_are_refused_and_change_nothing() {
    let (app, site) = central().await;
    let now = app.clock_now();
    let good = body(sale(1, "b1"));
    let mut tampered = good.clone();
    let at = tampered
        .windows(6)
        .position(|w| w == b"180000")
        .expect("an amount");
    tampered[at] = b'9';
    let cases = [
        (
            "tampered body",
            site.secret.clone(),
            now,
            good.clone(),
            tampered,
        ),
        (
            "wrong secret",
            "ab".repeat(32),
            now,
            good.clone(),
            good.clone(),
        ),
        (
            "old timestamp",
            site.secret.clone(),
            now - 301,
            good.clone(),
            good.clone(),
        ),
        (
            "future timestamp",
            site.secret.clone(),
            now + 301,
            good.clone(),
            good.clone(),
        ),
    ];
    for (what, secret, ts, signed_body, sent_body) in cases {
        let r = Req {
            site: &site.id,
            secret: &secret,
            ts,
            signed_body,
            sent_body,
        };
        let (status, b) = send(&app, &r).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {b}");
        assert_eq!(received(&app, &site.id), (0, 0), "{what}");
    }
    // An unknown site, and a request without a signature.
    let (status, _) = send_signed(&app, "nobody", now, "00", good.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post_raw(PUSH, None, "application/json", good.clone())
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The genuine request, then the very same bytes again.
    let key = signing::derive_key(&site.secret);
    let sig = signing::sign(&key, &site.id, now, "POST", PUSH, &good);
    let (status, b) = send_signed(&app, &site.id, now, &sig, good.clone()).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let (status, b) = send_signed(&app, &site.id, now, &sig, good.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").contains("replay"),
        "{b}"
    );
    assert_eq!(received(&app, &site.id), (3, 3));
    let f = figures(&app).await;
    assert_eq!(f["totals"]["revenue"], 180_000, "{f}");
}

#[tokio::test]
async fn a_row_newer_than_head_office_reads_is_refused_with_the_whole_batch() {
    let (app, site) = central().await;
    let mut rows = sale(1, "b1");
    rows[1].version = moviehub::sales::EVENT_VERSION + 1;
    rows[1].payload = r#"{"type":"booking_teleported","booking_id":"b1"}"#.into();
    let r = Req {
        site: &site.id,
        secret: &site.secret,
        ts: app.clock_now(),
        signed_body: body(rows.clone()),
        sent_body: body(rows),
    };
    let (status, b) = send(&app, &r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["message"]
            .as_str()
            .unwrap_or("")
            .contains("upgrade head office"),
        "{b}"
    );
    assert_eq!(received(&app, &site.id), (0, 0));
}

#[tokio::test]
async fn a_late_payment_refunded_counts_as_taken_and_given_back_as_the_site_counts_it() {
    use moviehub::sales::RefundFacts;
    let (app, site) = central().await;
    let mut rows = sale(1, "b1");
    // The booking had expired: the money came in as REFUND_REQUIRED, then went back.
    rows.truncate(1);
    let late = PaymentFacts {
        id: "pay-late".into(),
        booking_id: "b1".into(),
        method: "VNPAY".into(),
        status: "REFUND_REQUIRED".into(),
        amount: 180_000,
        provider_txn_no: Some("1".into()),
        cashier_id: None,
        till_session_id: None,
        note: None,
        updated_at: "2026-11-24T03:20:00Z".into(),
    };
    rows.push(row(2, &SaleEvent::PaymentRefundRequired { payment: late }));
    let refund = RefundFacts {
        id: "r1".into(),
        booking_id: "b1".into(),
        payment_id: Some("pay-late".into()),
        cinema_id: "c1".into(),
        method: "VNPAY".into(),
        amount: 180_000,
        points_returned: 0,
        reason_code: "LATE_PAYMENT".into(),
        status: "SUCCEEDED".into(),
        requested_by: "m".into(),
        approved_by: None,
        till_session_id: None,
        updated_at: "2026-11-24T03:30:00Z".into(),
    };
    rows.push(row(3, &SaleEvent::RefundChanged { refund }));
    let r = Req {
        site: &site.id,
        secret: &site.secret,
        ts: app.clock_now(),
        signed_body: body(rows.clone()),
        sent_body: body(rows),
    };
    let (status, b) = send(&app, &r).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let f = figures(&app).await;
    assert_eq!(
        (
            f["totals"]["revenue"].clone(),
            f["totals"]["refunds"].clone(),
            f["totals"]["net"].clone()
        ),
        (180_000.into(), 180_000.into(), 0.into()),
        "{f}"
    );
}

#[tokio::test]
async fn only_central_serves_the_push_and_figures_need_report_view() {
    let app = spawn_app().await;
    let (status, _) = app
        .post_raw(PUSH, None, "application/json", b"{}".to_vec())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let customer = app.token("customer").await;
    let (status, _) = app.get("/api/v1/reports/figures", Some(&customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/sync/status", Some(&customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let manager = app.token("manager").await;
    let (status, b) = app
        .get("/api/v1/reports/figures?from=2026-13-01", Some(&manager))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").starts_with("from"),
        "{b}"
    );
    let (status, b) = app.get("/api/v1/sync/status", Some(&manager)).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    assert_eq!(b["data"]["enabled"], false);
}

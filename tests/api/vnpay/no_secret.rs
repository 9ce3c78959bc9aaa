//! A site without a VNPay secret accepts no payment notice, not even one signed with the
//! empty key (which anyone can compute), and a short secret never gets that far.

use super::*;

#[tokio::test]
async fn without_a_secret_an_ipn_signed_with_the_empty_key_answers_97_and_changes_nothing() {
    // A payment started while the site had a secret (as in demo mode)…
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let before = payment(&app, &txn).await;
    // …then the same data dir served without one.
    let bare = app
        .second_server(|s| {
            s.payments.vnpay.secret.clear();
            s.payments.vnpay.sandbox = false;
        })
        .await;
    let forged = vnpay_result(&txn, 120_000, "00", "");
    let res = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{forged}", bare.base))
        .send()
        .await
        .expect("ipn");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["RspCode"], "97", "{body}");
    // The return page does not call it paid either.
    let page = app
        .client
        .get(format!(
            "{}/api/v1/payments/vnpay/return?{forged}",
            bare.base
        ))
        .send()
        .await
        .expect("return")
        .text()
        .await
        .expect("html");
    assert!(!page.contains("Payment successful"), "{page}");
    assert_eq!(payment(&app, &txn).await, before);
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Pending);
    assert_eq!(ticket_count(&app, &booking.id).await, 0);
    // The health page says online payments are off.
    let (_, health) = app.get("/api/health", None).await;
    assert!(health["data"]["warnings"].as_array().is_some(), "{health}");
    let res = app
        .client
        .get(format!("{}/api/health", bare.base))
        .send()
        .await
        .expect("health");
    let health: Value = res.json().await.expect("json");
    assert!(
        health["data"]["warnings"]
            .to_string()
            .contains("payments.vnpay.secret"),
        "{health}"
    );
    bare.stop().await;
    app.stop().await;
}

#[test]
fn a_secret_shorter_than_vnpays_is_refused_at_start_up_naming_the_setting() {
    let env = vec![(
        "MOVIEHUB_PAYMENTS__VNPAY__SECRET".to_string(),
        "MOVIEHUB-DEMO-SANDBOX-ONLY".to_string(),
    )];
    let err = moviehub::config::Settings::load_from(None, &env).expect_err("refused");
    assert!(err.to_string().contains("payments.vnpay.secret"), "{err}");
    let env = vec![(
        "MOVIEHUB_PAYMENTS__VNPAY__SECRET".to_string(),
        "VNPAYTESTSECRETKEY0123456789ABCD".to_string(),
    )];
    assert!(moviehub::config::Settings::load_from(None, &env).is_ok());
}

//! Payment URL: field values, round trip through a real query parser, refusals.

use super::*;
use crate::payments::vnpay::{hmac_sha512_matches, sign_data, signed_query, verify, VerifyError};
use chrono::TimeZone;

const SECRET: &str = "VNPAYTESTSECRETKEY0123456789ABCD";
const GATEWAY: &str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";

fn cfg() -> VnpayConfig {
    VnpayConfig {
        tmn_code: "DEMOV210".into(),
        secret: SECRET.into(),
        gateway_url: GATEWAY.into(),
    }
}

fn req() -> PayRequest {
    let created = Utc
        .with_ymd_and_hms(2026, 11, 24, 17, 30, 0)
        .single()
        .expect("valid");
    PayRequest {
        txn_ref: "BK-0192ab-1".into(),
        amount_vnd: 185_000,
        order_info: "Đặt vé #BK-0192ab (2 ghế)".into(),
        ip_addr: "::ffff:203.0.113.7".parse().expect("ip"),
        create_date: created,
        expire_date: created + chrono::Duration::minutes(10),
        locale: Locale::Vn,
        bank_code: None,
        return_url: "https://cinema.example.vn/api/v1/payments/vnpay/return".into(),
    }
}

/// Decoded query pairs, parsed the way an axum handler will parse them.
fn query_pairs(url: &str) -> Vec<(String, String)> {
    let uri: axum::http::Uri = url.parse().expect("uri");
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .expect("query")
        .0
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn url_carries_every_field_as_vnpay_expects() {
    let url = payment_url(&cfg(), &req()).expect("builds");
    let (base, query) = url.split_once('?').expect("has a query");
    assert_eq!(base, GATEWAY);
    let pairs = query_pairs(&url);
    assert_eq!(field(&pairs, "vnp_Version"), Some("2.1.0"));
    assert_eq!(field(&pairs, "vnp_Command"), Some("pay"));
    assert_eq!(field(&pairs, "vnp_TmnCode"), Some("DEMOV210"));
    // ×100 exactly once.
    assert_eq!(field(&pairs, "vnp_Amount"), Some("18500000"));
    assert_eq!(field(&pairs, "vnp_CurrCode"), Some("VND"));
    assert_eq!(field(&pairs, "vnp_TxnRef"), Some("BK-0192ab-1"));
    assert_eq!(
        field(&pairs, "vnp_OrderInfo"),
        Some("Dat ve BK-0192ab 2 ghe")
    );
    assert_eq!(field(&pairs, "vnp_OrderType"), Some("other"));
    assert_eq!(field(&pairs, "vnp_Locale"), Some("vn"));
    assert_eq!(field(&pairs, "vnp_IpAddr"), Some("203.0.113.7"));
    // 17:30 UTC is 00:30 the next day in GMT+7.
    assert_eq!(field(&pairs, "vnp_CreateDate"), Some("20261125003000"));
    assert_eq!(field(&pairs, "vnp_ExpireDate"), Some("20261125004000"));
    assert_eq!(field(&pairs, "vnp_BankCode"), None);
    assert_eq!(field(&pairs, "vnp_SecureHashType"), None);
    // The query string is the signed text itself, then the hash.
    let hash = field(&pairs, "vnp_SecureHash").expect("hash");
    assert_eq!(hash.len(), 128);
    assert!(hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(
        query,
        format!("{}&vnp_SecureHash={hash}", sign_data(&pairs))
    );
    assert!(hmac_sha512_matches(SECRET, &sign_data(&pairs), hash));
}

#[test]
fn optional_bank_code_and_english_locale() {
    let mut r = req();
    r.bank_code = Some("VNPAYQR".into());
    r.locale = Locale::En;
    let pairs = query_pairs(&payment_url(&cfg(), &r).expect("builds"));
    assert_eq!(field(&pairs, "vnp_BankCode"), Some("VNPAYQR"));
    assert_eq!(field(&pairs, "vnp_Locale"), Some("en"));
    r.bank_code = Some(String::new());
    let pairs = query_pairs(&payment_url(&cfg(), &r).expect("builds"));
    assert_eq!(field(&pairs, "vnp_BankCode"), None);
}

#[test]
fn round_trip_through_the_gateway_and_back() {
    let url = payment_url(&cfg(), &req()).expect("builds");
    let sent = query_pairs(&url);

    // A flipped amount digit in the payment URL no longer matches its hash.
    let tampered_url = url.replace("vnp_Amount=18500000", "vnp_Amount=18500001");
    assert_ne!(tampered_url, url);
    let tampered = query_pairs(&tampered_url);
    let hash = field(&tampered, "vnp_SecureHash").expect("hash");
    assert!(!hmac_sha512_matches(SECRET, &sign_data(&tampered), hash));

    // The gateway answers with the order's fields plus its own, signed the same way.
    let mut answer: Vec<(&str, &str)> =
        ["vnp_TmnCode", "vnp_Amount", "vnp_TxnRef", "vnp_OrderInfo"]
            .iter()
            .map(|k| (*k, field(&sent, k).expect("sent")))
            .collect();
    answer.extend([
        ("vnp_BankCode", "NCB"),
        ("vnp_CardType", "ATM"),
        ("vnp_PayDate", "20261125003512"),
        ("vnp_ResponseCode", "00"),
        ("vnp_TransactionNo", "14422574"),
        ("vnp_TransactionStatus", "00"),
    ]);
    let back = format!(
        "{}?booking=x&{}",
        req().return_url,
        signed_query(&answer, SECRET)
    );
    let r = verify(&query_pairs(&back), SECRET).expect("verifies");
    assert_eq!(r.txn_ref, "BK-0192ab-1");
    assert_eq!(r.amount_vnd, 185_000);
    assert!(r.is_success());
    let paid = Utc
        .with_ymd_and_hms(2026, 11, 24, 17, 35, 12)
        .single()
        .expect("valid");
    assert_eq!(r.pay_date, Some(paid));

    let forged = back.replace("vnp_Amount=18500000", "vnp_Amount=1850000");
    assert_eq!(
        verify(&query_pairs(&forged), SECRET),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn gateway_url_with_a_query_keeps_it() {
    let mut c = cfg();
    c.gateway_url = "http://127.0.0.1:8080/sandbox/vnpay?site=hcm".into();
    let url = payment_url(&c, &req()).expect("builds");
    assert!(url.starts_with("http://127.0.0.1:8080/sandbox/vnpay?site=hcm&vnp_Amount="));
}

#[test]
fn bad_requests_name_the_field() {
    let check = |r: PayRequest, field: &str| {
        assert_eq!(
            payment_url(&cfg(), &r).map_err(|e| e.field),
            Err(field),
            "{r:?}"
        );
    };
    check(
        PayRequest {
            amount_vnd: 0,
            ..req()
        },
        "amount_vnd",
    );
    check(
        PayRequest {
            amount_vnd: -5,
            ..req()
        },
        "amount_vnd",
    );
    check(
        PayRequest {
            amount_vnd: i64::MAX / 10,
            ..req()
        },
        "amount_vnd",
    );
    check(
        PayRequest {
            txn_ref: String::new(),
            ..req()
        },
        "txn_ref",
    );
    check(
        PayRequest {
            txn_ref: "a b".into(),
            ..req()
        },
        "txn_ref",
    );
    check(
        PayRequest {
            txn_ref: "x".repeat(101),
            ..req()
        },
        "txn_ref",
    );
    check(
        PayRequest {
            order_info: "電影 !!".into(),
            ..req()
        },
        "order_info",
    );
    check(
        PayRequest {
            expire_date: req().create_date,
            ..req()
        },
        "expire_date",
    );
    check(
        PayRequest {
            return_url: "/relative".into(),
            ..req()
        },
        "return_url",
    );
    check(
        PayRequest {
            bank_code: Some("NC B".into()),
            ..req()
        },
        "bank_code",
    );
    let mut no_secret = cfg();
    no_secret.secret.clear();
    assert_eq!(
        payment_url(&no_secret, &req()).map_err(|e| e.field),
        Err("secret")
    );
}

#[test]
fn largest_amount_that_fits_is_accepted() {
    let r = PayRequest {
        amount_vnd: i64::MAX / 100,
        ..req()
    };
    let pairs = query_pairs(&payment_url(&cfg(), &r).expect("builds"));
    assert_eq!(
        field(&pairs, "vnp_Amount"),
        Some((i64::MAX / 100 * 100).to_string().as_str())
    );
}

//! Return/IPN verification and the IPN reply.

use super::*;
use crate::payments::vnpay::secure_hash;

const SECRET: &str = "test_secret";

/// V0: a real-looking successful IPN, hash included, with a merchant parameter.
fn v0(response_code: &str, hash: &str) -> Vec<(String, String)> {
    [
        ("vnp_Amount", "1000000"),
        ("vnp_BankCode", "NCB"),
        ("vnp_BankTranNo", "VNP14422574"),
        ("vnp_CardType", "ATM"),
        (
            "vnp_OrderInfo",
            "Thanh toan don hang 2024-05-21T02:17:31.249Z",
        ),
        ("vnp_PayDate", "20240521091806"),
        ("vnp_ResponseCode", response_code),
        ("vnp_TmnCode", "TEST_TMN_CODE"),
        ("vnp_TransactionNo", "14422574"),
        ("vnp_TransactionStatus", "00"),
        ("vnp_TxnRef", "1716257871703"),
        ("vnp_SecureHash", hash),
        ("booking_id", "not-signed"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

const V0_HASH: &str = "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895";
const V0_HASH_99: &str = "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b";

fn set(pairs: &mut [(String, String)], key: &str, value: &str) {
    for (k, v) in pairs.iter_mut() {
        if k == key {
            *v = value.to_string();
        }
    }
}

#[test]
fn v0_verifies_into_a_typed_view() {
    let r = verify(&v0("00", V0_HASH), SECRET).expect("valid");
    assert_eq!(r.txn_ref, "1716257871703");
    assert_eq!(r.amount_vnd, 10_000);
    assert_eq!(r.response_code, "00");
    assert_eq!(r.transaction_status.as_deref(), Some("00"));
    assert_eq!(r.transaction_no.as_deref(), Some("14422574"));
    assert_eq!(r.bank_code.as_deref(), Some("NCB"));
    assert_eq!(r.bank_tran_no.as_deref(), Some("VNP14422574"));
    assert_eq!(r.card_type.as_deref(), Some("ATM"));
    assert_eq!(r.tmn_code, "TEST_TMN_CODE");
    assert_eq!(
        r.pay_date.map(|t| t.to_rfc3339()),
        Some("2024-05-21T02:18:06+00:00".into())
    );
    assert!(r.is_success());
}

#[test]
fn v0_with_code_99_verifies_and_is_not_a_success() {
    let r = verify(&v0("99", V0_HASH_99), SECRET).expect("valid");
    assert_eq!(r.response_code, "99");
    assert!(!r.is_success());
    // The 00 hash does not cover the 99 answer.
    assert_eq!(
        verify(&v0("99", V0_HASH), SECRET),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn hash_comparison_ignores_case_and_hash_type_is_not_signed() {
    let mut upper = v0("00", &V0_HASH.to_uppercase());
    assert!(verify(&upper, SECRET).is_ok());
    upper.push(("vnp_SecureHashType".into(), "HmacSHA512".into()));
    upper.push(("vnp_Unused".into(), String::new()));
    assert!(verify(&upper, SECRET).is_ok());
}

#[test]
fn any_altered_signed_field_is_refused() {
    for (key, value) in [
        ("vnp_Amount", "100000000"),
        ("vnp_ResponseCode", "24"),
        ("vnp_TxnRef", "1716257871704"),
        ("vnp_TransactionStatus", "02"),
        ("vnp_PayDate", "20240521091807"),
    ] {
        let mut p = v0("00", V0_HASH);
        set(&mut p, key, value);
        assert_eq!(verify(&p, SECRET), Err(VerifyError::BadSignature), "{key}");
    }
    let mut added = v0("00", V0_HASH);
    added.push(("vnp_Extra".into(), "1".into()));
    assert_eq!(verify(&added, SECRET), Err(VerifyError::BadSignature));
    assert_eq!(
        verify(&v0("00", V0_HASH), "another_secret"),
        Err(VerifyError::BadSignature)
    );
    assert_eq!(
        verify(&v0("00", "nothex"), SECRET),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn missing_or_duplicated_fields() {
    let mut p = v0("00", V0_HASH);
    p.retain(|(k, _)| k != "vnp_SecureHash");
    assert_eq!(verify(&p, SECRET), Err(VerifyError::MissingHash));
    assert_eq!(verify(&v0("00", ""), SECRET), Err(VerifyError::MissingHash));

    let mut dup = v0("00", V0_HASH);
    dup.push(("vnp_Amount".into(), "1000000".into()));
    assert_eq!(
        verify(&dup, SECRET),
        Err(VerifyError::Duplicate("vnp_Amount".into()))
    );
    // Merchant parameters may repeat; they are not signed.
    let mut merchant = v0("00", V0_HASH);
    merchant.push(("booking_id".into(), "again".into()));
    assert!(verify(&merchant, SECRET).is_ok());
}

/// Signed by us so the content, not the signature, is what is wrong.
fn signed(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.push(("vnp_SecureHash".into(), secure_hash(fields, SECRET)));
    pairs
}

#[test]
fn well_signed_but_unusable_answers() {
    let base = [
        ("vnp_TmnCode", "DEMOV210"),
        ("vnp_TxnRef", "T1"),
        ("vnp_ResponseCode", "00"),
    ];
    let with = |extra: (&'static str, &'static str)| {
        let mut f = base.to_vec();
        f.push(extra);
        verify(&signed(&f), SECRET)
    };
    assert_eq!(
        verify(&signed(&base), SECRET),
        Err(VerifyError::Missing("vnp_Amount"))
    );
    assert!(matches!(
        with(("vnp_Amount", "12.5")),
        Err(VerifyError::Malformed {
            field: "vnp_Amount",
            ..
        })
    ));
    assert!(matches!(
        with(("vnp_Amount", "1050")),
        Err(VerifyError::Malformed {
            field: "vnp_Amount",
            ..
        })
    ));
    assert!(matches!(
        with(("vnp_Amount", "-100")),
        Err(VerifyError::Malformed {
            field: "vnp_Amount",
            ..
        })
    ));
    let r = with(("vnp_Amount", "500000")).expect("minimal answer");
    assert_eq!(r.amount_vnd, 5_000);
    assert_eq!(r.transaction_status, None);
    assert!(r.is_success(), "no status sent: the response code decides");

    let mut f = base.to_vec();
    f.extend([("vnp_Amount", "100"), ("vnp_PayDate", "2024-05-21")]);
    assert!(matches!(
        verify(&signed(&f), SECRET),
        Err(VerifyError::Malformed {
            field: "vnp_PayDate",
            ..
        })
    ));
}

#[test]
fn success_needs_both_codes() {
    let mut r = verify(&v0("00", V0_HASH), SECRET).expect("valid");
    r.transaction_status = Some("02".into());
    assert!(!r.is_success());
    r.transaction_status = Some("00".into());
    r.response_code = "24".into();
    assert!(!r.is_success());
}

#[test]
fn ipn_replies_are_the_official_json() {
    let cases = [
        (
            IpnReply::confirm_success(),
            r#"{"RspCode":"00","Message":"Confirm Success"}"#,
            true,
        ),
        (
            IpnReply::order_not_found(),
            r#"{"RspCode":"01","Message":"Order not found"}"#,
            false,
        ),
        (
            IpnReply::order_already_confirmed(),
            r#"{"RspCode":"02","Message":"Order already confirmed"}"#,
            true,
        ),
        (
            IpnReply::invalid_amount(),
            r#"{"RspCode":"04","Message":"invalid amount"}"#,
            false,
        ),
        (
            IpnReply::invalid_signature(),
            r#"{"RspCode":"97","Message":"Invalid signature"}"#,
            false,
        ),
        (
            IpnReply::unknown_error(),
            r#"{"RspCode":"99","Message":"Unknow error"}"#,
            false,
        ),
    ];
    for (reply, json, closes) in cases {
        assert_eq!(serde_json::to_string(&reply).expect("json"), json);
        assert_eq!(reply.closes_ipn(), closes, "{json}");
    }
}

#[test]
fn verify_errors_map_to_97_or_99() {
    assert_eq!(
        IpnReply::for_verify_error(&VerifyError::BadSignature).rsp_code,
        "97"
    );
    assert_eq!(
        IpnReply::for_verify_error(&VerifyError::MissingHash).rsp_code,
        "97"
    );
    assert_eq!(
        IpnReply::for_verify_error(&VerifyError::Duplicate("vnp_Amount".into())).rsp_code,
        "97"
    );
    assert_eq!(
        IpnReply::for_verify_error(&VerifyError::Missing("vnp_TxnRef")).rsp_code,
        "99"
    );
}

#[test]
fn code_texts() {
    assert_eq!(
        response_code_text("24"),
        "Payment cancelled by the customer"
    );
    assert_eq!(response_code_text("00"), "Payment successful");
    assert_eq!(response_code_text("xx"), "Payment failed");
    assert_eq!(transaction_status_text("02"), "Error");
    assert_eq!(transaction_status_text("xx"), "Unknown status");
}

#[test]
fn an_empty_secret_verifies_nothing_not_even_what_it_signed_itself() {
    // Anyone can compute an HMAC keyed with nothing: a site without a secret must refuse
    // every notice rather than accept ones signed with the empty key.
    let mut p = v0("00", "");
    p.retain(|(k, _)| k != "vnp_SecureHash");
    let forged = crate::payments::vnpay::secure_hash(&p, "");
    p.push(("vnp_SecureHash".into(), forged));
    assert_eq!(verify(&p, ""), Err(VerifyError::NoSecret));
    assert!(VerifyError::NoSecret.is_signature_failure());
    let data = crate::payments::vnpay::sign_data(&p);
    let hash = crate::payments::vnpay::hmac_sha512_hex("", &data);
    assert!(!crate::payments::vnpay::hmac_sha512_matches(
        "", &data, &hash
    ));
}

//! querydr / refund: the V4 and V5 vectors, and answer checks.

use super::*;
use chrono::TimeZone;
use serde_json::json;

const SECRET: &str = "VNPAYTESTSECRETKEY0123456789ABCD";

fn cfg() -> VnpayConfig {
    VnpayConfig {
        tmn_code: "DEMOV210".into(),
        secret: SECRET.into(),
        gateway_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
    }
}

/// An instant given as GMT+7 wall-clock time, the way VNPay's vectors are written.
fn gmt7(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(7 * 3600)
        .and_then(|z| z.with_ymd_and_hms(y, mo, d, h, mi, s).single())
        .map(|t| t.with_timezone(&Utc))
        .expect("valid time")
}

fn v4_request() -> QueryDrRequest {
    QueryDrRequest {
        request_id: "REQ20240521100000".into(),
        txn_ref: "ORD-20240521-001".into(),
        order_info: "Truy van GD ma:ORD-20240521-001".into(),
        transaction_no: Some("14422574".into()),
        transaction_date: gmt7(2024, 5, 21, 9, 15, 0),
        create_date: gmt7(2024, 5, 21, 10, 0, 0),
        ip_addr: "203.0.113.7".parse().expect("ip"),
    }
}

fn v5_request() -> RefundRequest {
    RefundRequest {
        request_id: "RF20240521110000".into(),
        transaction_type: RefundType::Partial,
        txn_ref: "ORD-20240521-001".into(),
        amount_vnd: 50_000,
        transaction_no: Some("14422574".into()),
        transaction_date: gmt7(2024, 5, 21, 9, 15, 0),
        create_by: "admin".into(),
        create_date: gmt7(2024, 5, 21, 11, 0, 0),
        ip_addr: "::ffff:203.0.113.7".parse().expect("ip"),
        order_info: "Hoàn tiền GD mã:ORD-20240521-001".into(),
    }
}

#[test]
fn v4_querydr_is_byte_exact() {
    let body = querydr_request(&cfg(), &v4_request()).expect("builds");
    assert_eq!(
        querydr_hash_data(&body),
        "REQ20240521100000|2.1.0|querydr|DEMOV210|ORD-20240521-001|20240521091500|20240521100000|203.0.113.7|Truy van GD ma:ORD-20240521-001"
    );
    assert_eq!(
        body.secure_hash,
        "86ad58271da0a1cc6e33be65d6acc291cc8f5402412034d2b3252e8d7d5460a3ff840f3cbda98059409d3dfa52fca95382765601d9c46c314a2b416de4576797"
    );
    let json = serde_json::to_value(&body).expect("json");
    assert_eq!(json["vnp_Command"], "querydr");
    assert_eq!(json["vnp_TransactionNo"], "14422574");
    assert_eq!(json["vnp_SecureHash"], body.secure_hash.as_str());
    assert_eq!(json.as_object().map(|o| o.len()), Some(11));
}

#[test]
fn querydr_transaction_no_is_not_hashed() {
    let with = querydr_request(&cfg(), &v4_request()).expect("builds");
    let mut req = v4_request();
    req.transaction_no = None;
    let without = querydr_request(&cfg(), &req).expect("builds");
    assert_eq!(with.secure_hash, without.secure_hash);
    let json = serde_json::to_value(&without).expect("json");
    assert!(json.get("vnp_TransactionNo").is_none());
}

#[test]
fn v5_refund_is_byte_exact() {
    // The IPv4-mapped address and the diacritics are normalised into V5's exact bytes.
    let body = refund_request(&cfg(), &v5_request()).expect("builds");
    assert_eq!(
        refund_hash_data(&body),
        "RF20240521110000|2.1.0|refund|DEMOV210|03|ORD-20240521-001|5000000|14422574|20240521091500|admin|20240521110000|203.0.113.7|Hoan tien GD ma:ORD-20240521-001"
    );
    assert_eq!(
        body.secure_hash,
        "8bb0b6c5fd339ebcc5f9a19d4fe976b10ecadde970ed33aa0c4db893b3ce0b067284039f5ac058dbbc00d0b2dbfda9d0c9c835036ff2fab7d5d5d82b6d336b3a"
    );
    let json = serde_json::to_value(&body).expect("json");
    assert_eq!(json["vnp_Amount"], "5000000");
    assert_eq!(json["vnp_TransactionType"], "03");
}

#[test]
fn refund_defaults_and_refusals() {
    let mut req = v5_request();
    req.transaction_no = None;
    req.transaction_type = RefundType::Full;
    let body = refund_request(&cfg(), &req).expect("builds");
    assert_eq!(body.transaction_no, "0");
    assert_eq!(body.transaction_type, "02");

    let field = |r: RefundRequest| refund_request(&cfg(), &r).map_err(|e| e.field);
    assert_eq!(
        field(RefundRequest {
            amount_vnd: 0,
            ..v5_request()
        }),
        Err("amount_vnd")
    );
    assert_eq!(
        field(RefundRequest {
            create_by: "a|b".into(),
            ..v5_request()
        }),
        Err("create_by")
    );
    assert_eq!(
        field(RefundRequest {
            transaction_no: Some("12a".into()),
            ..v5_request()
        }),
        Err("transaction_no")
    );
    assert_eq!(
        field(RefundRequest {
            request_id: "RF 1".into(),
            ..v5_request()
        }),
        Err("request_id")
    );
    let mut bad = cfg();
    bad.secret.clear();
    assert_eq!(
        refund_request(&bad, &v5_request()).map_err(|e| e.field),
        Err("secret")
    );
}

/// A querydr answer as VNPay would send it, signed over the documented order.
fn querydr_answer() -> Value {
    let fields = [
        "QR1",
        "querydr",
        "00",
        "QueryDR Success",
        "DEMOV210",
        "ORD-20240521-001",
        "5000000",
        "NCB",
        "20240521091806",
        "14422574",
        "01",
        "00",
        "Thanh toan",
        "",
        "",
    ];
    let hash = hmac_sha512_hex(SECRET, &fields.join("|"));
    json!({
        "vnp_ResponseId": "QR1", "vnp_Command": "querydr", "vnp_ResponseCode": "00",
        "vnp_Message": "QueryDR Success", "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "ORD-20240521-001", "vnp_Amount": "5000000", "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240521091806", "vnp_TransactionNo": "14422574",
        "vnp_TransactionType": "01", "vnp_TransactionStatus": "00",
        "vnp_OrderInfo": "Thanh toan", "vnp_SecureHash": hash.to_uppercase()
    })
}

#[test]
fn querydr_answer_is_checked_and_read() {
    let r = verify_querydr_response(&querydr_answer(), SECRET).expect("valid");
    assert_eq!(r.response_code, "00");
    assert_eq!(r.amount_vnd, Some(50_000));
    assert_eq!(r.pay_date, Some(gmt7(2024, 5, 21, 9, 18, 6)));
    assert_eq!(r.transaction_status, "00");

    let mut altered = querydr_answer();
    altered["vnp_Amount"] = json!("500000000");
    assert_eq!(
        verify_querydr_response(&altered, SECRET),
        Err(VerifyError::BadSignature)
    );
    let mut promo = querydr_answer();
    promo["vnp_PromotionCode"] = json!("SALE");
    assert_eq!(
        verify_querydr_response(&promo, SECRET),
        Err(VerifyError::BadSignature)
    );
    assert_eq!(
        verify_querydr_response(&querydr_answer(), "wrong"),
        Err(VerifyError::BadSignature)
    );
    let mut unsigned = querydr_answer();
    unsigned["vnp_SecureHash"] = Value::Null;
    assert_eq!(
        verify_querydr_response(&unsigned, SECRET),
        Err(VerifyError::MissingHash)
    );
}

#[test]
fn refund_answer_omits_the_promotion_fields_and_reads_numbers_raw() {
    let fields = [
        "RF1",
        "refund",
        "00",
        "Refund success",
        "DEMOV210",
        "ORD-20240521-001",
        "5000000",
        "NCB",
        "20240521110500",
        "14422575",
        "03",
        "05",
        "Hoan tien",
    ];
    let hash = hmac_sha512_hex(SECRET, &fields.join("|"));
    let answer = json!({
        "vnp_ResponseId": "RF1", "vnp_Command": "refund", "vnp_ResponseCode": "00",
        "vnp_Message": "Refund success", "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "ORD-20240521-001", "vnp_Amount": 5000000, "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240521110500", "vnp_TransactionNo": "14422575",
        "vnp_TransactionType": "03", "vnp_TransactionStatus": "05",
        "vnp_OrderInfo": "Hoan tien", "vnp_SecureHash": hash
    });
    let r = verify_refund_response(&answer, SECRET).expect("valid");
    assert_eq!(r.command, "refund");
    assert_eq!(r.amount_vnd, Some(50_000));
    assert_eq!(r.transaction_status, "05");
    // The querydr order appends two (empty) promotion fields, so it must not match.
    assert_eq!(
        verify_querydr_response(&answer, SECRET),
        Err(VerifyError::BadSignature)
    );
}

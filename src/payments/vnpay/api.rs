//! The merchant web API (`POST …/merchant_webapi/api/transaction`, VNPAY.md §4): querydr and
//! refund bodies, and the checks of their answers. These checksums are HMAC-SHA512 over the
//! *raw* values joined with `|` (no URL encoding), in a fixed order per message.

use super::encode::{normalize_ip, parse_vnp_date, sanitize_order_info, vnp_date};
use super::pay::{amount_x100, valid_ref};
use super::sign::{hmac_sha512_hex, hmac_sha512_matches};
use super::{RequestError, VerifyError, VnpayConfig, VERSION};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::net::IpAddr;

/// Ask VNPay what happened to a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryDrRequest {
    /// `vnp_RequestId`: unique per day, 1–100 of `[A-Za-z0-9_-]`.
    pub request_id: String,
    /// The payment's `vnp_TxnRef`.
    pub txn_ref: String,
    /// Free text (sanitised like the payment's).
    pub order_info: String,
    /// VNPay's transaction number if known; sent but not part of the checksum.
    pub transaction_no: Option<String>,
    /// The original payment's `vnp_CreateDate`.
    pub transaction_date: DateTime<Utc>,
    /// Now.
    pub create_date: DateTime<Utc>,
    /// This server's address.
    pub ip_addr: IpAddr,
}

/// The JSON body of a querydr call, field names as VNPay spells them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryDrBody {
    #[serde(rename = "vnp_RequestId")]
    /// `vnp_RequestId`.
    pub request_id: String,
    #[serde(rename = "vnp_Version")]
    /// `vnp_Version` (2.1.0).
    pub version: String,
    #[serde(rename = "vnp_Command")]
    /// `vnp_Command` (querydr).
    pub command: String,
    #[serde(rename = "vnp_TmnCode")]
    /// `vnp_TmnCode`.
    pub tmn_code: String,
    #[serde(rename = "vnp_TxnRef")]
    /// `vnp_TxnRef`.
    pub txn_ref: String,
    #[serde(rename = "vnp_OrderInfo")]
    /// `vnp_OrderInfo`.
    pub order_info: String,
    #[serde(rename = "vnp_TransactionNo", skip_serializing_if = "Option::is_none")]
    /// `vnp_TransactionNo` (optional).
    pub transaction_no: Option<String>,
    #[serde(rename = "vnp_TransactionDate")]
    /// `vnp_TransactionDate` (yyyyMMddHHmmss GMT+7).
    pub transaction_date: String,
    #[serde(rename = "vnp_CreateDate")]
    /// `vnp_CreateDate` (yyyyMMddHHmmss GMT+7).
    pub create_date: String,
    #[serde(rename = "vnp_IpAddr")]
    /// `vnp_IpAddr`.
    pub ip_addr: String,
    #[serde(rename = "vnp_SecureHash")]
    /// `vnp_SecureHash` over [`querydr_hash_data`].
    pub secure_hash: String,
}

/// Full or partial refund (`vnp_TransactionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundType {
    /// `02`: the whole amount.
    Full,
    /// `03`: part of it.
    Partial,
}

impl RefundType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundType::Full => "02",
            RefundType::Partial => "03",
        }
    }
}

/// Ask VNPay to refund (part of) a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRequest {
    /// `vnp_RequestId`: unique per day.
    pub request_id: String,
    /// Full or partial.
    pub transaction_type: RefundType,
    /// The payment's `vnp_TxnRef`.
    pub txn_ref: String,
    /// Amount to refund in VND (sent × 100).
    pub amount_vnd: i64,
    /// VNPay's transaction number; `None` sends `"0"` as the samples do.
    pub transaction_no: Option<String>,
    /// The original payment's `vnp_CreateDate`.
    pub transaction_date: DateTime<Utc>,
    /// Who asked for it (`vnp_CreateBy`), e.g. the manager's e-mail or id.
    pub create_by: String,
    /// Now.
    pub create_date: DateTime<Utc>,
    /// This server's address.
    pub ip_addr: IpAddr,
    /// Free text (sanitised).
    pub order_info: String,
}

/// The JSON body of a refund call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RefundBody {
    #[serde(rename = "vnp_RequestId")]
    /// `vnp_RequestId`.
    pub request_id: String,
    #[serde(rename = "vnp_Version")]
    /// `vnp_Version`.
    pub version: String,
    #[serde(rename = "vnp_Command")]
    /// `vnp_Command` (refund).
    pub command: String,
    #[serde(rename = "vnp_TmnCode")]
    /// `vnp_TmnCode`.
    pub tmn_code: String,
    #[serde(rename = "vnp_TransactionType")]
    /// `vnp_TransactionType` (02/03).
    pub transaction_type: String,
    #[serde(rename = "vnp_TxnRef")]
    /// `vnp_TxnRef`.
    pub txn_ref: String,
    #[serde(rename = "vnp_Amount")]
    /// `vnp_Amount` (× 100).
    pub amount: String,
    #[serde(rename = "vnp_TransactionNo")]
    /// `vnp_TransactionNo`.
    pub transaction_no: String,
    #[serde(rename = "vnp_TransactionDate")]
    /// `vnp_TransactionDate`.
    pub transaction_date: String,
    #[serde(rename = "vnp_CreateBy")]
    /// `vnp_CreateBy`.
    pub create_by: String,
    #[serde(rename = "vnp_CreateDate")]
    /// `vnp_CreateDate`.
    pub create_date: String,
    #[serde(rename = "vnp_IpAddr")]
    /// `vnp_IpAddr`.
    pub ip_addr: String,
    #[serde(rename = "vnp_OrderInfo")]
    /// `vnp_OrderInfo`.
    pub order_info: String,
    #[serde(rename = "vnp_SecureHash")]
    /// `vnp_SecureHash` over [`refund_hash_data`].
    pub secure_hash: String,
}

fn check_ref(field: &'static str, value: &str) -> Result<(), RequestError> {
    if valid_ref(value) {
        Ok(())
    } else {
        Err(RequestError::invalid(
            field,
            "must be 1 to 100 letters, digits, '_' or '-'",
        ))
    }
}

fn clean_order_info(text: &str) -> Result<String, RequestError> {
    let info = sanitize_order_info(text);
    if info.is_empty() {
        return Err(RequestError::invalid(
            "order_info",
            "must contain letters or digits",
        ));
    }
    Ok(info)
}

/// `RequestId|Version|Command|TmnCode|TxnRef|TransactionDate|CreateDate|IpAddr|OrderInfo`.
pub fn querydr_hash_data(b: &QueryDrBody) -> String {
    [
        &b.request_id,
        &b.version,
        &b.command,
        &b.tmn_code,
        &b.txn_ref,
        &b.transaction_date,
        &b.create_date,
        &b.ip_addr,
        &b.order_info,
    ]
    .map(String::as_str)
    .join("|")
}

/// The signed querydr body (VNPAY.md §4).
pub fn querydr_request(
    cfg: &VnpayConfig,
    req: &QueryDrRequest,
) -> Result<QueryDrBody, RequestError> {
    cfg.validate()?;
    check_ref("request_id", &req.request_id)?;
    check_ref("txn_ref", &req.txn_ref)?;
    let mut body = QueryDrBody {
        request_id: req.request_id.clone(),
        version: VERSION.into(),
        command: "querydr".into(),
        tmn_code: cfg.tmn_code.clone(),
        txn_ref: req.txn_ref.clone(),
        order_info: clean_order_info(&req.order_info)?,
        transaction_no: req.transaction_no.clone().filter(|t| !t.is_empty()),
        transaction_date: vnp_date(req.transaction_date),
        create_date: vnp_date(req.create_date),
        ip_addr: normalize_ip(req.ip_addr).to_string(),
        secure_hash: String::new(),
    };
    body.secure_hash = hmac_sha512_hex(&cfg.secret, &querydr_hash_data(&body));
    Ok(body)
}

/// `RequestId|Version|Command|TmnCode|TransactionType|TxnRef|Amount|TransactionNo|
/// TransactionDate|CreateBy|CreateDate|IpAddr|OrderInfo`.
pub fn refund_hash_data(b: &RefundBody) -> String {
    [
        &b.request_id,
        &b.version,
        &b.command,
        &b.tmn_code,
        &b.transaction_type,
        &b.txn_ref,
        &b.amount,
        &b.transaction_no,
        &b.transaction_date,
        &b.create_by,
        &b.create_date,
        &b.ip_addr,
        &b.order_info,
    ]
    .map(String::as_str)
    .join("|")
}

/// The signed refund body (VNPAY.md §4).
pub fn refund_request(cfg: &VnpayConfig, req: &RefundRequest) -> Result<RefundBody, RequestError> {
    cfg.validate()?;
    check_ref("request_id", &req.request_id)?;
    check_ref("txn_ref", &req.txn_ref)?;
    let create_by = req.create_by.trim();
    if create_by.is_empty() || create_by.contains('|') || create_by.len() > 255 {
        return Err(RequestError::invalid(
            "create_by",
            "must be 1 to 255 characters without '|'",
        ));
    }
    let transaction_no = match req.transaction_no.as_deref() {
        None | Some("") => "0".to_string(),
        Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => t.to_string(),
        Some(_) => {
            return Err(RequestError::invalid("transaction_no", "must be digits"));
        }
    };
    let mut body = RefundBody {
        request_id: req.request_id.clone(),
        version: VERSION.into(),
        command: "refund".into(),
        tmn_code: cfg.tmn_code.clone(),
        transaction_type: req.transaction_type.as_str().into(),
        txn_ref: req.txn_ref.clone(),
        amount: amount_x100("amount_vnd", req.amount_vnd)?,
        transaction_no,
        transaction_date: vnp_date(req.transaction_date),
        create_by: create_by.to_string(),
        create_date: vnp_date(req.create_date),
        ip_addr: normalize_ip(req.ip_addr).to_string(),
        order_info: clean_order_info(&req.order_info)?,
        secure_hash: String::new(),
    };
    body.secure_hash = hmac_sha512_hex(&cfg.secret, &refund_hash_data(&body));
    Ok(body)
}

/// A querydr or refund answer whose checksum checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiResponse {
    /// `vnp_ResponseId`.
    pub response_id: String,
    /// `vnp_Command` (`querydr` / `refund`).
    pub command: String,
    /// `vnp_ResponseCode`: `00` ok, `91` not found, `94` duplicate, `95` not refundable, …
    pub response_code: String,
    /// `vnp_Message`.
    pub message: String,
    /// `vnp_TmnCode`.
    pub tmn_code: String,
    /// `vnp_TxnRef`.
    pub txn_ref: String,
    /// `vnp_Amount ÷ 100`, when present.
    pub amount_vnd: Option<i64>,
    /// `vnp_BankCode`.
    pub bank_code: String,
    /// `vnp_PayDate` converted from GMT+7, when present.
    pub pay_date: Option<DateTime<Utc>>,
    /// `vnp_TransactionNo`.
    pub transaction_no: String,
    /// `vnp_TransactionType`.
    pub transaction_type: String,
    /// `vnp_TransactionStatus`.
    pub transaction_status: String,
    /// `vnp_OrderInfo`.
    pub order_info: String,
}

/// Fields of a querydr answer's checksum, in order (VNPAY.md §4, from the npm library).
const QUERYDR_RESPONSE_FIELDS: [&str; 15] = [
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
];

/// A raw JSON value as the checksum sees it: strings as they are, numbers in their JSON
/// text, absent/null as the empty string.
fn raw(json: &Value, field: &str) -> String {
    match json.get(field) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn verify_api_response(
    json: &Value,
    secret: &str,
    fields: &[&str],
) -> Result<ApiResponse, VerifyError> {
    let given = raw(json, "vnp_SecureHash");
    if given.is_empty() {
        return Err(VerifyError::MissingHash);
    }
    let data = fields
        .iter()
        .map(|f| raw(json, f))
        .collect::<Vec<_>>()
        .join("|");
    if !hmac_sha512_matches(secret, &data, &given) {
        return Err(VerifyError::BadSignature);
    }
    let amount_vnd = match raw(json, "vnp_Amount").as_str() {
        "" => None,
        a => match a.parse::<i64>() {
            Ok(n) if n >= 0 && n % 100 == 0 => Some(n / 100),
            _ => {
                return Err(VerifyError::Malformed {
                    field: "vnp_Amount",
                    reason: "is not a whole number of VND × 100",
                })
            }
        },
    };
    let pay_date = match raw(json, "vnp_PayDate").as_str() {
        "" => None,
        d => Some(parse_vnp_date(d).ok_or(VerifyError::Malformed {
            field: "vnp_PayDate",
            reason: "is not yyyyMMddHHmmss",
        })?),
    };
    let response_code = raw(json, "vnp_ResponseCode");
    if response_code.is_empty() {
        return Err(VerifyError::Missing("vnp_ResponseCode"));
    }
    Ok(ApiResponse {
        response_id: raw(json, "vnp_ResponseId"),
        command: raw(json, "vnp_Command"),
        response_code,
        message: raw(json, "vnp_Message"),
        tmn_code: raw(json, "vnp_TmnCode"),
        txn_ref: raw(json, "vnp_TxnRef"),
        amount_vnd,
        bank_code: raw(json, "vnp_BankCode"),
        pay_date,
        transaction_no: raw(json, "vnp_TransactionNo"),
        transaction_type: raw(json, "vnp_TransactionType"),
        transaction_status: raw(json, "vnp_TransactionStatus"),
        order_info: raw(json, "vnp_OrderInfo"),
    })
}

/// Check a querydr answer's checksum (`ResponseId|Command|ResponseCode|Message|TmnCode|TxnRef|
/// Amount|BankCode|PayDate|TransactionNo|TransactionType|TransactionStatus|OrderInfo|
/// PromotionCode|PromotionAmount`) and read it.
pub fn verify_querydr_response(json: &Value, secret: &str) -> Result<ApiResponse, VerifyError> {
    verify_api_response(json, secret, &QUERYDR_RESPONSE_FIELDS)
}

/// Check a refund answer's checksum (the querydr order without the two promotion fields) and
/// read it.
pub fn verify_refund_response(json: &Value, secret: &str) -> Result<ApiResponse, VerifyError> {
    verify_api_response(json, secret, &QUERYDR_RESPONSE_FIELDS[..13])
}

#[cfg(test)]
#[path = "api_tests.rs"]
mod tests;

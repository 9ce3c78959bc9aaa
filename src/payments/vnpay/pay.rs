//! The payment URL (`vnp_Command=pay`, VNPAY.md §1).

use super::encode::{normalize_ip, sanitize_order_info, vnp_date};
use super::sign::signed_query;
use super::{is_http_url, RequestError, VnpayConfig, VERSION};
use chrono::{DateTime, Utc};
use std::net::IpAddr;

/// `vnp_OrderType` for cinema tickets: VNPay's catch-all category.
const ORDER_TYPE: &str = "other";

/// Language of VNPay's payment page (`vnp_Locale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Vietnamese.
    #[default]
    Vn,
    /// English.
    En,
}

impl Locale {
    /// The wire value: `vn` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Vn => "vn",
            Locale::En => "en",
        }
    }
}

/// One payment to send the customer to VNPay for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayRequest {
    /// `vnp_TxnRef`: unique per day, 1–100 of `[A-Za-z0-9_-]`.
    pub txn_ref: String,
    /// Amount in VND (multiplied by 100 exactly once, here).
    pub amount_vnd: i64,
    /// Free text; sanitised with [`super::sanitize_order_info`] before signing.
    pub order_info: String,
    /// The customer's address; normalised with [`super::normalize_ip`].
    pub ip_addr: IpAddr,
    /// When the payment was created (sent as GMT+7).
    pub create_date: DateTime<Utc>,
    /// When the payment page stops accepting it, normally the booking's expiry (GMT+7).
    pub expire_date: DateTime<Utc>,
    /// Payment page language.
    pub locale: Locale,
    /// Pre-selected method (`VNPAYQR`, `VNBANK`, `INTCARD`, a bank code) or `None` to let the
    /// customer choose.
    pub bank_code: Option<String>,
    /// Where VNPay sends the customer back.
    pub return_url: String,
}

/// True for a `vnp_TxnRef` / request id VNPay accepts: 1–100 of `[A-Za-z0-9_-]`.
pub(super) fn valid_ref(s: &str) -> bool {
    (1..=100).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `amount_vnd × 100` as VNPay's integer string, refusing zero, negatives and overflow.
pub(super) fn amount_x100(field: &'static str, amount_vnd: i64) -> Result<String, RequestError> {
    if amount_vnd <= 0 {
        return Err(RequestError::invalid(
            field,
            "must be a positive amount of VND",
        ));
    }
    amount_vnd
        .checked_mul(100)
        .map(|a| a.to_string())
        .ok_or_else(|| RequestError::invalid(field, "is too large"))
}

/// The validated, unsigned `vnp_*` parameters of a payment, in the order they are listed in
/// VNPAY.md (signing sorts them anyway). No `vnp_SecureHashType`: 2.1.0 must not send it.
pub fn pay_params(
    cfg: &VnpayConfig,
    req: &PayRequest,
) -> Result<Vec<(&'static str, String)>, RequestError> {
    cfg.validate()?;
    if !valid_ref(&req.txn_ref) {
        return Err(RequestError::invalid(
            "txn_ref",
            "must be 1 to 100 letters, digits, '_' or '-'",
        ));
    }
    let amount = amount_x100("amount_vnd", req.amount_vnd)?;
    let order_info = sanitize_order_info(&req.order_info);
    if order_info.is_empty() {
        return Err(RequestError::invalid(
            "order_info",
            "must contain letters or digits",
        ));
    }
    if req.expire_date <= req.create_date {
        return Err(RequestError::invalid(
            "expire_date",
            "must be after create_date",
        ));
    }
    if !is_http_url(&req.return_url) {
        return Err(RequestError::invalid(
            "return_url",
            "must be an http(s) URL",
        ));
    }
    let bank_code = req.bank_code.as_deref().filter(|b| !b.is_empty());
    if let Some(b) = bank_code {
        if b.len() > 20 || !b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return Err(RequestError::invalid(
                "bank_code",
                "must be up to 20 letters, digits or '_'",
            ));
        }
    }
    let mut params = vec![
        ("vnp_Version", VERSION.to_string()),
        ("vnp_Command", "pay".to_string()),
        ("vnp_TmnCode", cfg.tmn_code.clone()),
        ("vnp_Amount", amount),
        ("vnp_CurrCode", "VND".to_string()),
        ("vnp_TxnRef", req.txn_ref.clone()),
        ("vnp_OrderInfo", order_info),
        ("vnp_OrderType", ORDER_TYPE.to_string()),
        ("vnp_Locale", req.locale.as_str().to_string()),
        ("vnp_ReturnUrl", req.return_url.clone()),
        ("vnp_IpAddr", normalize_ip(req.ip_addr).to_string()),
        ("vnp_CreateDate", vnp_date(req.create_date)),
        ("vnp_ExpireDate", vnp_date(req.expire_date)),
    ];
    if let Some(b) = bank_code {
        params.push(("vnp_BankCode", b.to_string()));
    }
    Ok(params)
}

/// The signed payment URL: `gateway_url?signData&vnp_SecureHash=<hex>`, whose query string
/// is byte-identical to the signed text, as the official PHP sample builds it.
pub fn payment_url(cfg: &VnpayConfig, req: &PayRequest) -> Result<String, RequestError> {
    let params = pay_params(cfg, req)?;
    let sep = if cfg.gateway_url.contains('?') {
        '&'
    } else {
        '?'
    };
    Ok(format!(
        "{}{sep}{}",
        cfg.gateway_url,
        signed_query(&params, &cfg.secret)
    ))
}

#[cfg(test)]
#[path = "pay_tests.rs"]
mod tests;

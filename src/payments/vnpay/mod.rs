//! VNPay 2.1.0, bit-compatible with the official samples (see `shared/docs/VNPAY.md`).
//!
//! Pure building blocks, no database and no HTTP:
//! - [`payment_url`] turns a [`PayRequest`] into the signed gateway URL;
//! - [`verify`] checks a return-URL / IPN query and gives a typed [`VnpResponse`];
//! - [`IpnReply`] is the exact JSON answer VNPay expects from the IPN;
//! - [`querydr_request`] / [`refund_request`] build the merchant-API bodies, and
//!   [`verify_querydr_response`] / [`verify_refund_response`] check their answers.

mod api;
mod encode;
mod ipn;
mod pay;
mod sign;

pub use api::{
    querydr_hash_data, querydr_request, refund_hash_data, refund_request, verify_querydr_response,
    verify_refund_response, ApiResponse, QueryDrBody, QueryDrRequest, RefundBody, RefundRequest,
    RefundType,
};
pub use encode::{
    normalize_ip, parse_vnp_date, php_urlencode, sanitize_order_info, vnp_date, ORDER_INFO_MAX,
};
pub use ipn::{response_code_text, transaction_status_text, verify, IpnReply, VnpResponse};
pub use pay::{pay_params, payment_url, Locale, PayRequest};
pub use sign::{hmac_sha512_hex, hmac_sha512_matches, secure_hash, sign_data, signed_query};

/// `vnp_Version` this module speaks.
pub const VERSION: &str = "2.1.0";

/// Merchant settings needed to sign: terminal code, hash secret and the payment page URL.
#[derive(Clone, PartialEq, Eq)]
pub struct VnpayConfig {
    /// `vnp_TmnCode`: the terminal's 8 alphanumerics.
    pub tmn_code: String,
    /// The hash secret shared with VNPay (HMAC key, used as UTF-8 bytes).
    pub secret: String,
    /// The payment page, e.g. `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html`.
    pub gateway_url: String,
}

impl std::fmt::Debug for VnpayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log line.
        f.debug_struct("VnpayConfig")
            .field("tmn_code", &self.tmn_code)
            .field("gateway_url", &self.gateway_url)
            .finish_non_exhaustive()
    }
}

impl From<&crate::config::Vnpay> for VnpayConfig {
    fn from(c: &crate::config::Vnpay) -> Self {
        VnpayConfig {
            tmn_code: c.tmn_code.clone(),
            secret: c.secret.clone(),
            gateway_url: c.gateway_url.clone(),
        }
    }
}

impl VnpayConfig {
    /// Check the settings before signing anything with them.
    pub fn validate(&self) -> Result<(), RequestError> {
        if self.tmn_code.len() != 8 || !self.tmn_code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RequestError::invalid(
                "tmn_code",
                "must be 8 letters or digits",
            ));
        }
        if self.secret.is_empty() {
            return Err(RequestError::invalid("secret", "is not configured"));
        }
        if !is_http_url(&self.gateway_url) {
            return Err(RequestError::invalid(
                "gateway_url",
                "must be an http(s) URL",
            ));
        }
        Ok(())
    }
}

/// An outgoing request (payment URL, querydr, refund) that cannot be built as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct RequestError {
    /// The offending field or setting.
    pub field: &'static str,
    /// What is allowed.
    pub reason: String,
}

impl RequestError {
    fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        RequestError {
            field,
            reason: reason.into(),
        }
    }
}

/// Why a VNPay answer (return URL, IPN, querydr/refund response) was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// This site has no VNPay secret, so no answer can be attributed to VNPay.
    #[error("vnp_SecureHash: no VNPay secret is configured (payments.vnpay.secret)")]
    NoSecret,
    /// No `vnp_SecureHash` at all.
    #[error("vnp_SecureHash: missing")]
    MissingHash,
    /// The signature does not match the fields: forged or altered.
    #[error("vnp_SecureHash: signature does not match")]
    BadSignature,
    /// A `vnp_*` field appears twice, so what was signed is ambiguous.
    #[error("{0}: given more than once")]
    Duplicate(String),
    /// Signed correctly but a field the typed view needs is absent.
    #[error("{0}: missing")]
    Missing(&'static str),
    /// Signed correctly but a field is not what VNPay sends.
    #[error("{field}: {reason}")]
    Malformed {
        /// The field.
        field: &'static str,
        /// What was wrong with it.
        reason: &'static str,
    },
}

impl VerifyError {
    /// True when the answer cannot be attributed to VNPay at all (IPN code 97), as opposed to
    /// a correctly signed answer with unusable content (IPN code 99).
    pub fn is_signature_failure(&self) -> bool {
        matches!(
            self,
            VerifyError::NoSecret
                | VerifyError::MissingHash
                | VerifyError::BadSignature
                | VerifyError::Duplicate(_)
        )
    }
}

/// `http://…` or `https://…` with something after the scheme.
fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> VnpayConfig {
        VnpayConfig {
            tmn_code: "DEMOV210".into(),
            secret: "s3cret".into(),
            gateway_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
        }
    }

    #[test]
    fn config_is_validated() {
        assert_eq!(cfg().validate(), Ok(()));
        let mut c = cfg();
        c.tmn_code = "DEMO-210".into();
        assert_eq!(c.validate().map_err(|e| e.field), Err("tmn_code"));
        let mut c = cfg();
        c.tmn_code = "DEMOV2101".into();
        assert_eq!(c.validate().map_err(|e| e.field), Err("tmn_code"));
        let mut c = cfg();
        c.secret.clear();
        assert_eq!(c.validate().map_err(|e| e.field), Err("secret"));
        let mut c = cfg();
        c.gateway_url = "ftp://x".into();
        assert_eq!(c.validate().map_err(|e| e.field), Err("gateway_url"));
    }

    #[test]
    fn debug_hides_the_secret() {
        let text = format!("{:?}", cfg());
        assert!(text.contains("DEMOV210"));
        assert!(!text.contains("s3cret"));
    }

    #[test]
    fn signature_failures_are_told_apart_from_bad_content() {
        assert!(VerifyError::BadSignature.is_signature_failure());
        assert!(VerifyError::MissingHash.is_signature_failure());
        assert!(VerifyError::NoSecret.is_signature_failure());
        assert!(VerifyError::Duplicate("vnp_Amount".into()).is_signature_failure());
        assert!(!VerifyError::Missing("vnp_TxnRef").is_signature_failure());
    }
}

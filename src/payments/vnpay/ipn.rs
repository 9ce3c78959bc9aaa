//! What VNPay sends back (return URL and IPN, VNPAY.md §2–3): signature check, typed view,
//! and the IPN's JSON answer.

use super::encode::parse_vnp_date;
use super::sign::{hmac_sha512_matches, sign_data};
use super::VerifyError;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// A return-URL or IPN query whose signature checked out, as typed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VnpResponse {
    /// `vnp_TmnCode`: compare with the configured terminal.
    pub tmn_code: String,
    /// `vnp_TxnRef`: the merchant's reference sent in the payment URL.
    pub txn_ref: String,
    /// `vnp_Amount ÷ 100` (divided only after the signature was checked).
    pub amount_vnd: i64,
    /// `vnp_ResponseCode` (`00` success, `24` cancelled, … see [`response_code_text`]).
    pub response_code: String,
    /// `vnp_TransactionStatus` (`00` success, see [`transaction_status_text`]).
    pub transaction_status: Option<String>,
    /// `vnp_TransactionNo`, VNPay's id (`0` when cancelled).
    pub transaction_no: Option<String>,
    /// `vnp_BankCode`.
    pub bank_code: Option<String>,
    /// `vnp_BankTranNo` (often absent).
    pub bank_tran_no: Option<String>,
    /// `vnp_CardType` (`ATM`, `QRCODE`, …).
    pub card_type: Option<String>,
    /// `vnp_OrderInfo` as VNPay echoes it.
    pub order_info: Option<String>,
    /// `vnp_PayDate`, converted from GMT+7.
    pub pay_date: Option<DateTime<Utc>>,
}

impl VnpResponse {
    /// The payment went through: response code `00` and, when VNPay sent one (it always does
    /// in 2.1.0), transaction status `00`. Stricter than the PHP sample's `||` on purpose: a
    /// success code with a failed status is not money received.
    pub fn is_success(&self) -> bool {
        self.response_code == "00" && self.transaction_status.as_deref().is_none_or(|s| s == "00")
    }
}

/// Check a return-URL / IPN query and read it (VNPAY.md §2).
///
/// `pairs` are the *decoded* query pairs in any order (e.g. from
/// `Query<Vec<(String, String)>>`). Only `vnp_*` keys take part; `vnp_SecureHash` and
/// `vnp_SecureHashType` are removed and empty values skipped; the rest are re-encoded, sorted
/// and HMAC'd as when signing, and compared case-insensitively in constant time. A `vnp_*`
/// key given twice is refused, because which value was signed would be ambiguous.
pub fn verify<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
    secret: &str,
) -> Result<VnpResponse, VerifyError> {
    if secret.is_empty() {
        return Err(VerifyError::NoSecret);
    }
    let mut seen = HashSet::new();
    for (k, _) in pairs {
        let k = k.as_ref();
        if k.starts_with("vnp_") && !seen.insert(k) {
            return Err(VerifyError::Duplicate(k.to_string()));
        }
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
            .filter(|v| !v.is_empty())
    };
    let given = get("vnp_SecureHash").ok_or(VerifyError::MissingHash)?;
    if !hmac_sha512_matches(secret, &sign_data(pairs), given) {
        return Err(VerifyError::BadSignature);
    }
    let required = |name: &'static str| {
        get(name)
            .map(str::to_string)
            .ok_or(VerifyError::Missing(name))
    };
    let amount_x100: i64 = required("vnp_Amount")?
        .parse()
        .map_err(|_| VerifyError::Malformed {
            field: "vnp_Amount",
            reason: "is not an integer",
        })?;
    if amount_x100 < 0 || amount_x100 % 100 != 0 {
        return Err(VerifyError::Malformed {
            field: "vnp_Amount",
            reason: "is not a whole number of VND × 100",
        });
    }
    let pay_date = match get("vnp_PayDate") {
        None => None,
        Some(d) => Some(parse_vnp_date(d).ok_or(VerifyError::Malformed {
            field: "vnp_PayDate",
            reason: "is not yyyyMMddHHmmss",
        })?),
    };
    let optional = |name: &str| get(name).map(str::to_string);
    Ok(VnpResponse {
        tmn_code: required("vnp_TmnCode")?,
        txn_ref: required("vnp_TxnRef")?,
        amount_vnd: amount_x100 / 100,
        response_code: required("vnp_ResponseCode")?,
        transaction_status: optional("vnp_TransactionStatus"),
        transaction_no: optional("vnp_TransactionNo"),
        bank_code: optional("vnp_BankCode"),
        bank_tran_no: optional("vnp_BankTranNo"),
        card_type: optional("vnp_CardType"),
        order_info: optional("vnp_OrderInfo"),
        pay_date,
    })
}

/// The IPN's answer, serialised exactly as `{"RspCode":"..","Message":".."}` with the official
/// PHP texts. VNPay retries until it receives `00` or `02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IpnReply {
    /// The code VNPay reads.
    #[serde(rename = "RspCode")]
    pub rsp_code: &'static str,
    /// Human text (VNPay ignores it).
    #[serde(rename = "Message")]
    pub message: &'static str,
}

impl IpnReply {
    /// `00`: recorded (also when the payment itself failed but was recorded).
    pub const fn confirm_success() -> Self {
        IpnReply {
            rsp_code: "00",
            message: "Confirm Success",
        }
    }

    /// `01`: no order with this `vnp_TxnRef`.
    pub const fn order_not_found() -> Self {
        IpnReply {
            rsp_code: "01",
            message: "Order not found",
        }
    }

    /// `02`: already processed (the answer to every repeated IPN).
    pub const fn order_already_confirmed() -> Self {
        IpnReply {
            rsp_code: "02",
            message: "Order already confirmed",
        }
    }

    /// `04`: the amount differs from the order's.
    pub const fn invalid_amount() -> Self {
        IpnReply {
            rsp_code: "04",
            message: "invalid amount",
        }
    }

    /// `97`: the checksum failed.
    pub const fn invalid_signature() -> Self {
        IpnReply {
            rsp_code: "97",
            message: "Invalid signature",
        }
    }

    /// `99`: anything else (the official text's spelling is kept).
    pub const fn unknown_error() -> Self {
        IpnReply {
            rsp_code: "99",
            message: "Unknow error",
        }
    }

    /// The answer for a query [`verify`] refused: `97` when the signature cannot be trusted,
    /// `99` when it was signed but unusable.
    pub fn for_verify_error(e: &VerifyError) -> Self {
        if e.is_signature_failure() {
            Self::invalid_signature()
        } else {
            Self::unknown_error()
        }
    }

    /// True for the codes that make VNPay stop retrying (`00`, `02`).
    pub fn closes_ipn(&self) -> bool {
        matches!(self.rsp_code, "00" | "02")
    }
}

/// English meaning of a `vnp_ResponseCode` (VNPAY.md §3), for the result page.
pub fn response_code_text(code: &str) -> &'static str {
    match code {
        "00" => "Payment successful",
        "07" => "Money deducted; transaction suspected of fraud",
        "09" => "Card or account not registered for Internet Banking",
        "10" => "Card or account authentication failed more than 3 times",
        "11" => "Payment timed out",
        "12" => "Card or account is locked",
        "13" => "Wrong OTP",
        "24" => "Payment cancelled by the customer",
        "51" => "Insufficient balance",
        "65" => "Daily limit exceeded",
        "75" => "Bank under maintenance",
        "79" => "Wrong payment password too many times",
        _ => "Payment failed",
    }
}

/// English meaning of a `vnp_TransactionStatus` (VNPAY.md §3).
pub fn transaction_status_text(code: &str) -> &'static str {
    match code {
        "00" => "Success",
        "01" => "Not completed",
        "02" => "Error",
        "04" => "Reversed",
        "05" => "Refund being processed",
        "06" => "Refund sent to the bank",
        "07" => "Suspected fraud",
        "09" => "Refund rejected",
        _ => "Unknown status",
    }
}

#[cfg(test)]
#[path = "ipn_tests.rs"]
mod tests;

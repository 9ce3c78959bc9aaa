//! Online payment through VNPay: start a payment for a PENDING booking (the signed gateway
//! URL) and apply VNPay's IPN — the only place where an online payment changes state.
//!
//! Choices worth knowing:
//! - `vnp_TxnRef` is `yyMMdd` (GMT+7) + 10 random upper-case hex digits: unique per day by
//!   construction, and the database's UNIQUE index refuses the astronomically rare clash.
//! - A correctly signed IPN for another terminal (`vnp_TmnCode` ≠ ours) answers `99`
//!   (unknown error), not `97`: the signature *is* valid, so "Invalid signature" would send
//!   whoever reads the logs the wrong way; `99` does not close the IPN, so VNPay retries
//!   while the configuration is fixed.
//! - A payment that succeeds for a booking that can no longer be confirmed (already paid by
//!   another attempt, cancelled, or an expired booking whose seats were resold) is kept as
//!   REFUND_REQUIRED and answered `00`: money is never silently kept or lost.

pub mod page;

use super::settle::{settle, Settled};
use super::vnpay::{self, IpnReply, Locale, PayRequest, VnpResponse, VnpayConfig};
use super::{store, Payment, Payments, PaymentsError};
use crate::bookings::{Booking, BookingStatus, BookingsError};
use crate::clock::stamp;
use crate::config::Settings;
use crate::sales::{SaleEvent, Tx};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Serialize;
use std::net::IpAddr;

/// Path of the built-in sandbox's payment page.
pub const SANDBOX_PAY_PATH: &str = "/sandbox/vnpay/pay";

/// What a customer needs to go and pay.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PaymentStart {
    /// The signed VNPay (or sandbox) URL to send the browser to.
    pub payment_url: String,
    /// `vnp_TxnRef` of this attempt.
    pub txn_ref: String,
    /// The booking's expiry (= `vnp_ExpireDate`).
    pub expires_at: String,
    /// Integer VND.
    pub amount: i64,
}

/// Gateway and return URLs for a payment. With the sandbox on, both live in this binary, so
/// they are rebased onto the origin the customer reached us at (`origin` = `http://host:port`,
/// from the request's Host header), keeping the configured return path; otherwise the
/// configured URLs are used as they are.
pub fn urls_for(settings: &Settings, origin: Option<&str>) -> (String, String) {
    let v = &settings.payments.vnpay;
    if !v.sandbox {
        return (v.gateway_url.clone(), v.return_url.clone());
    }
    let origin = origin
        .map(str::to_string)
        .unwrap_or_else(|| settings.server.public_url.trim_end_matches('/').to_string());
    let return_path = url_path(&v.return_url);
    (
        format!("{origin}{SANDBOX_PAY_PATH}"),
        format!("{origin}{return_path}"),
    )
}

/// The path (and query) of an absolute URL; `/` when it has none.
fn url_path(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.find('/').map(|i| &rest[i..]).unwrap_or("/")
}

/// A fresh `vnp_TxnRef`: `yyMMdd` in GMT+7 + 10 random hex digits.
pub fn new_txn_ref(now: DateTime<Utc>) -> String {
    let day = &vnpay::vnp_date(now)[2..8];
    let n: u64 = rand::thread_rng().gen_range(0..(1u64 << 40));
    format!("{day}{n:010X}")
}

/// What the IPN did to the database.
enum Applied {
    Reply(IpnReply),
    Confirmed,
}

impl Payments {
    /// Start a VNPay payment of a PENDING booking: store a PENDING payment and sign the URL.
    /// The caller has checked that the user may pay for this booking.
    pub async fn start_online(
        &self,
        booking: &Booking,
        ip: IpAddr,
        origin: Option<&str>,
    ) -> Result<PaymentStart, PaymentsError> {
        let now = self.now();
        if booking.status != BookingStatus::Pending {
            return Err(BookingsError::IllegalTransition {
                from: booking.status,
                to: BookingStatus::Confirmed,
            }
            .into());
        }
        let expires = DateTime::parse_from_rfc3339(&booking.expires_at)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| PaymentsError::Invalid {
                field: "expires_at",
                problem: "is not a timestamp".into(),
            })?;
        if expires <= now {
            return Err(BookingsError::IllegalTransition {
                from: BookingStatus::Expired,
                to: BookingStatus::Confirmed,
            }
            .into());
        }
        let settings = self.settings();
        let (gateway_url, return_url) = urls_for(settings, origin);
        let mut cfg = VnpayConfig::from(&settings.payments.vnpay);
        cfg.gateway_url = gateway_url;
        let txn_ref = new_txn_ref(now);
        let req = PayRequest {
            txn_ref: txn_ref.clone(),
            amount_vnd: booking.total,
            order_info: format!("Thanh toan ve {}", booking.id),
            ip_addr: ip,
            create_date: now,
            expire_date: expires,
            locale: Locale::Vn,
            bank_code: None,
            return_url,
        };
        let payment_url = vnpay::payment_url(&cfg, &req)?;
        let mut payment = Payment::new(&booking.id, "VNPAY", "PENDING", booking.total, &stamp(now));
        payment.txn_ref = Some(txn_ref.clone());
        self.sales()
            .run(move |tx| store::insert(tx, &payment))
            .await?;
        Ok(PaymentStart {
            payment_url,
            txn_ref,
            expires_at: booking.expires_at.clone(),
            amount: booking.total,
        })
    }

    /// Apply a VNPay IPN given as its decoded query pairs; always an answer VNPay
    /// understands. Order of checks as in the official sample: signature → order → amount →
    /// still pending.
    pub async fn handle_ipn(&self, pairs: Vec<(String, String)>) -> IpnReply {
        let settings = &self.settings().payments.vnpay;
        let res = match vnpay::verify(&pairs, &settings.secret) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "vnpay ipn refused");
                return IpnReply::for_verify_error(&e);
            }
        };
        if res.tmn_code != settings.tmn_code {
            tracing::warn!(tmn_code = %res.tmn_code, "vnpay ipn for another terminal");
            return IpnReply::unknown_error();
        }
        let signer = self.signer().clone();
        let now = stamp(self.now());
        let applied = self
            .sales()
            .run(move |tx| apply(tx, &res, &signer, &now))
            .await;
        match applied.map(|done| done.value) {
            Ok(Applied::Reply(r)) => r,
            Ok(Applied::Confirmed) => IpnReply::confirm_success(),
            Err(e) => {
                tracing::error!(error = %e, "vnpay ipn failed");
                IpnReply::unknown_error()
            }
        }
    }
}

fn apply(
    tx: &mut Tx<'_>,
    res: &VnpResponse,
    signer: &crate::tickets::TicketSigner,
    now: &str,
) -> Result<Applied, PaymentsError> {
    let Some(mut payment) = store::by_txn_ref(tx, &res.txn_ref)? else {
        return Ok(Applied::Reply(IpnReply::order_not_found()));
    };
    if payment.method != "VNPAY" {
        return Ok(Applied::Reply(IpnReply::order_not_found()));
    }
    if payment.amount != res.amount_vnd {
        return Ok(Applied::Reply(IpnReply::invalid_amount()));
    }
    if payment.status != "PENDING" {
        return Ok(Applied::Reply(IpnReply::order_already_confirmed()));
    }
    payment.provider_txn_no = res.transaction_no.clone();
    payment.response_code = Some(res.response_code.clone());
    payment.bank_code = res.bank_code.clone();
    payment.pay_date = res.pay_date.map(stamp);
    payment.updated_at = now.to_string();
    if !res.is_success() {
        payment.status = "FAILED".into();
        payment.note = Some(vnpay::response_code_text(&res.response_code).into());
        store::update_result(tx, &payment)?;
        return Ok(Applied::Reply(IpnReply::confirm_success()));
    }
    match settle(tx, payment.clone(), false, signer, now) {
        Ok(Settled::Confirmed { .. }) => Ok(Applied::Confirmed),
        Ok(Settled::RefundRequired { .. }) => Ok(Applied::Reply(IpnReply::confirm_success())),
        Err(PaymentsError::Booking(BookingsError::IllegalTransition { from, .. })) => {
            // Paid, but the booking was already paid by another attempt or closed.
            payment.status = "REFUND_REQUIRED".into();
            payment.note = Some(format!(
                "paid while the booking was {}; nothing to confirm",
                from.as_str()
            ));
            store::update_result(tx, &payment)?;
            tx.emit(
                SaleEvent::PaymentRefundRequired {
                    payment: payment.facts(),
                },
                now,
            )?;
            Ok(Applied::Reply(IpnReply::confirm_success()))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn settings(sandbox: bool) -> Settings {
        let mut s = Settings::default();
        s.payments.vnpay.sandbox = sandbox;
        s.payments.vnpay.return_url = "https://shop.example/api/v1/payments/vnpay/return".into();
        s.server.public_url = "http://cinema.local:8080/".into();
        s
    }

    #[test]
    fn sandbox_urls_follow_the_request_origin_and_keep_the_return_path() {
        let (gw, ret) = urls_for(&settings(true), Some("http://127.0.0.1:45123"));
        assert_eq!(gw, "http://127.0.0.1:45123/sandbox/vnpay/pay");
        assert_eq!(ret, "http://127.0.0.1:45123/api/v1/payments/vnpay/return");
        let (gw, _) = urls_for(&settings(true), None);
        assert_eq!(gw, "http://cinema.local:8080/sandbox/vnpay/pay");
    }

    #[test]
    fn without_sandbox_the_configured_urls_are_used_whatever_the_host() {
        let s = settings(false);
        let (gw, ret) = urls_for(&s, Some("http://evil.example"));
        assert_eq!(gw, s.payments.vnpay.gateway_url);
        assert_eq!(ret, s.payments.vnpay.return_url);
    }

    #[test]
    fn txn_refs_start_with_the_vietnamese_date_and_differ() {
        // 2026-11-24 20:00 UTC is already the 25th in GMT+7.
        let t = Utc
            .with_ymd_and_hms(2026, 11, 24, 20, 0, 0)
            .single()
            .expect("time");
        let a = new_txn_ref(t);
        assert!(a.starts_with("261125") && a.len() == 16, "{a}");
        assert!(a[6..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, new_txn_ref(t));
    }
}

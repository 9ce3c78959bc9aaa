//! Carrying a refund out: inside the refund's sale, the booking is cancelled (seats, tickets,
//! points, code, stock) and the money goes back to the original tender — cash out of the
//! actor's open till, a card refund with its terminal reference, or VNPay marked PENDING and
//! sent after the commit ([`Refunds::send`]), idempotently by the refund's id.

use super::{store, Refund, RefundStatus, Refunds, RefundsError};
use crate::clock::stamp;
use crate::payments::vnpay::{refund_request, RefundRequest, RefundType, VnpayConfig};
use crate::sales::{SaleEvent, Tx};
use crate::tills::movements::{MoveKind, Movement};
use crate::tills::TillsError;

/// How the actor pays a cash or card refund out now.
#[derive(Debug, Clone, Default)]
pub struct PayOut {
    /// The card terminal's refund reference (for a CARD refund).
    pub card_reference: Option<String>,
}

/// Carry `r` (approved) out inside the caller's sale, as `actor` (whose open till pays cash).
pub fn execute(
    tx: &mut Tx<'_>,
    r: &mut Refund,
    actor: &str,
    pay: &PayOut,
    now: &str,
) -> Result<(), RefundsError> {
    let b = crate::bookings::store::booking_by_id(tx, &r.booking_id)?
        .ok_or_else(|| crate::bookings::BookingsError::NotFound(r.booking_id.clone()))?;
    if b.status == crate::bookings::BookingStatus::Confirmed {
        crate::bookings::service::cancel_paid_in(tx, &b.id, r.points_returned, now)?;
        crate::tickets::store::cancel_for_booking(tx, &b.id)?;
    }
    r.status = RefundStatus::Pending;
    r.updated_at = now.to_string();
    pay_out_in(tx, r, actor, pay, now)?;
    if r.status != RefundStatus::Succeeded {
        emit(tx, r, now)?;
    }
    Ok(())
}

/// Pay a PENDING cash or card refund out now when the actor can (an open till at the
/// booking's cinema for cash; a reference for card); else it stays PENDING for the box office.
pub fn pay_out_in(
    tx: &mut Tx<'_>,
    r: &mut Refund,
    actor: &str,
    pay: &PayOut,
    now: &str,
) -> Result<(), RefundsError> {
    match r.method.as_str() {
        _ if r.amount == 0 => succeed(tx, r, now)?,
        "NONE" => succeed(tx, r, now)?,
        "CASH" => match crate::tills::service::till_for_sale(tx, actor, &r.cinema_id) {
            Ok(till) => {
                let in_drawer = crate::tills::store::movements_sum(tx, &till.id)?;
                if in_drawer < r.amount {
                    return Err(RefundsError::Invalid {
                        field: "till",
                        problem: format!(
                            "the drawer should hold {in_drawer} VND, less than the {} VND to pay back",
                            r.amount
                        ),
                    });
                }
                let mut m = Movement::new(&till.id, MoveKind::Refund, r.amount, actor, now);
                m.booking_id = Some(r.booking_id.clone());
                m.payment_id = r.payment_id.clone();
                m.refund_id = Some(r.id.clone());
                m.reason = r.reason_code.clone();
                crate::tills::movements::record(tx, m)?;
                r.till_session_id = Some(till.id);
                succeed(tx, r, now)?;
            }
            Err(TillsError::NoOpenTill | TillsError::WrongCinema) => {}
            Err(e) => return Err(e.into()),
        },
        "CARD" => {
            if let Some(reference) = pay.card_reference.as_deref().map(str::trim) {
                if reference.is_empty() || reference.len() > 64 {
                    return Err(RefundsError::Invalid {
                        field: "card_reference",
                        problem: "must be the card terminal's refund reference, 1 to 64 characters"
                            .into(),
                    });
                }
                r.card_reference = Some(reference.to_string());
                succeed(tx, r, now)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn succeed(tx: &mut Tx<'_>, r: &mut Refund, now: &str) -> Result<(), RefundsError> {
    r.status = RefundStatus::Succeeded;
    r.completed_at = Some(now.to_string());
    r.updated_at = now.to_string();
    r.last_error = None;
    if let Some(p) = &r.payment_id {
        crate::payments::store::mark_refunded(tx, p, now)?;
    }
    emit(tx, r, now)
}

/// Tell head office the refund's new state.
pub fn emit(tx: &mut Tx<'_>, r: &Refund, now: &str) -> Result<(), RefundsError> {
    tx.emit(SaleEvent::RefundChanged { refund: r.facts() }, now)?;
    Ok(())
}

impl Refunds {
    /// Send a PENDING (or FAILED, or stale) VNPay refund to the gateway and record the answer.
    /// The claim (attempt counted) and the answer are two transactions around the call; only
    /// one caller can hold the claim, and a refund that succeeded is never sent again.
    pub async fn send(&self, refund_id: &str) -> Result<Refund, RefundsError> {
        let now = self.clock().now();
        let stale = stamp(now - chrono::Duration::minutes(i64::from(self.retry_minutes())));
        let (id, at) = (refund_id.to_string(), stamp(now));
        let claimed = self
            .sales()
            .run(move |tx| {
                let mut r =
                    store::by_id(tx, &id)?.ok_or_else(|| RefundsError::NotFound(id.clone()))?;
                let from = r.status;
                let may = match r.status {
                    RefundStatus::Failed => true,
                    RefundStatus::Pending => r.attempts == 0 || r.updated_at < stale,
                    _ => false,
                };
                if r.method != "VNPAY" || !may {
                    return Ok::<_, RefundsError>((r, None));
                }
                let payment = r
                    .payment_id
                    .as_deref()
                    .map(|p| crate::payments::store::by_id(tx, p))
                    .transpose()?
                    .flatten()
                    .ok_or_else(|| {
                        RefundsError::Conflict("the payment to refund is gone".into())
                    })?;
                r.status = RefundStatus::Pending;
                r.attempts += 1;
                r.updated_at = at.clone();
                if !store::update(tx, &r, from)? {
                    return Ok((r, None));
                }
                Ok((r, Some(payment)))
            })
            .await?
            .value;
        let (r, Some(payment)) = claimed else {
            return Ok(claimed.0);
        };
        let cfg = VnpayConfig::from(&self.settings().payments.vnpay);
        let txn_date = chrono::DateTime::parse_from_rfc3339(&payment.created_at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or(now);
        let req = RefundRequest {
            request_id: format!("RF{}-{}", r.id.replace('-', ""), r.attempts),
            transaction_type: if r.amount >= payment.amount {
                RefundType::Full
            } else {
                RefundType::Partial
            },
            txn_ref: payment.txn_ref.clone().unwrap_or_default(),
            amount_vnd: r.amount,
            transaction_no: payment.provider_txn_no.clone(),
            transaction_date: txn_date,
            create_by: r
                .approved_by
                .clone()
                .unwrap_or_else(|| r.requested_by.clone()),
            create_date: now,
            ip_addr: std::net::IpAddr::from([127, 0, 0, 1]),
            order_info: format!("Hoan tien don {}", r.booking_id),
        };
        let answer = match refund_request(&cfg, &req) {
            Ok(body) => self.payments().send_refund(&body).await,
            Err(e) => Err(format!("the refund request cannot be signed: {e}")),
        };
        let (id, at, attempt) = (r.id.clone(), stamp(self.clock().now()), r.attempts);
        self.sales()
            .run(move |tx| {
                let mut r =
                    store::by_id(tx, &id)?.ok_or_else(|| RefundsError::NotFound(id.clone()))?;
                if r.status != RefundStatus::Pending || r.attempts != attempt {
                    return Ok(r);
                }
                r.updated_at = at.clone();
                match answer {
                    Ok(a) if a.response_code == "00" => {
                        r.provider_txn_no = Some(a.transaction_no).filter(|t| !t.is_empty());
                        r.response_code = Some(a.response_code);
                        succeed(tx, &mut r, &at)?;
                    }
                    Ok(a) => {
                        r.status = RefundStatus::Failed;
                        r.last_error = Some(format!("VNPay {}: {}", a.response_code, a.message));
                        r.response_code = Some(a.response_code);
                        emit(tx, &r, &at)?;
                    }
                    Err(e) => {
                        r.status = RefundStatus::Failed;
                        r.last_error = Some(e);
                        emit(tx, &r, &at)?;
                    }
                }
                store::update(tx, &r, RefundStatus::Pending)?;
                Ok::<_, RefundsError>(r)
            })
            .await
            .map(|d| d.value)
    }

    /// Send every VNPay refund due for a retry (the background task calls it).
    pub async fn retry_due(&self) -> Result<usize, RefundsError> {
        let stale =
            stamp(self.clock().now() - chrono::Duration::minutes(i64::from(self.retry_minutes())));
        let ids = self
            .sales()
            .read(move |c| store::due_for_retry(c, &stale, 50))
            .await?;
        let mut done = 0;
        for id in ids {
            if self.send(&id).await?.status == RefundStatus::Succeeded {
                done += 1;
            }
        }
        Ok(done)
    }
}

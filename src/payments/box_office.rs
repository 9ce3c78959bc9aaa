//! Box-office payments: a cashier with `booking:sell` takes CASH (amount tendered, change due)
//! or CARD (terminal reference) for a PENDING booking; one call records the payment with the
//! cashier and their open till session, confirms the booking and issues the tickets, in one
//! transaction. Without an open till the sale is refused (409).

use super::settle::{settle, Settled};
use super::{Payment, Payments, PaymentsError};
use crate::bookings::{Booking, BookingStatus, BookingsError};
use crate::clock::stamp;
use crate::sales::Tx;
use crate::tickets::Ticket;
use crate::tills::movements::{MoveKind, Movement};
use serde::{Deserialize, Serialize};

/// Longest card terminal reference kept.
const MAX_REFERENCE: usize = 100;

/// What the cashier took.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(try_from = "TenderBody")]
pub enum Tender {
    /// Cash: the amount handed over (integer VND).
    Cash { tendered: i64 },
    /// A card paid on the terminal: its reference.
    Card { reference: String },
}

/// The tender as sent. A plain struct rather than serde's internally tagged enum, whose
/// buffered parsing loses the field name from type errors (`tendered: invalid type…`).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct TenderBody {
    method: TenderMethod,
    #[serde(default)]
    tendered: Option<i64>,
    #[serde(default)]
    reference: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum TenderMethod {
    Cash,
    Card,
}

impl TryFrom<TenderBody> for Tender {
    type Error = String;

    fn try_from(b: TenderBody) -> Result<Self, String> {
        match (b.method, b.tendered, b.reference) {
            (TenderMethod::Cash, Some(tendered), None) => Ok(Tender::Cash { tendered }),
            (TenderMethod::Cash, None, _) => {
                Err("tendered: required with method CASH (integer VND handed over)".into())
            }
            (TenderMethod::Cash, Some(_), Some(_)) => {
                Err("reference: only with method CARD".into())
            }
            (TenderMethod::Card, None, Some(reference)) => Ok(Tender::Card { reference }),
            (TenderMethod::Card, _, None) => {
                Err("reference: required with method CARD (the terminal's reference)".into())
            }
            (TenderMethod::Card, Some(_), Some(_)) => Err("tendered: only with method CASH".into()),
        }
    }
}

/// The payment record for `tender` against `total`, or why it is refused (422 naming the field).
pub fn payment_for(
    booking_id: &str,
    total: i64,
    tender: &Tender,
    cashier_id: &str,
    now: &str,
) -> Result<Payment, PaymentsError> {
    let mut p = match tender {
        Tender::Cash { tendered } => {
            if *tendered < total {
                return Err(PaymentsError::Invalid {
                    field: "tendered",
                    problem: format!("{tendered} VND is less than the total {total} VND"),
                });
            }
            let mut p = Payment::new(booking_id, "CASH", "PENDING", total, now);
            p.tendered = Some(*tendered);
            p.change_due = Some(tendered - total);
            p
        }
        Tender::Card { reference } => {
            let reference = reference.trim();
            if reference.is_empty() || reference.len() > MAX_REFERENCE {
                return Err(PaymentsError::Invalid {
                    field: "reference",
                    problem: format!(
                        "the card terminal reference, 1 to {MAX_REFERENCE} characters"
                    ),
                });
            }
            let mut p = Payment::new(booking_id, "CARD", "PENDING", total, now);
            p.card_reference = Some(reference.to_string());
            p
        }
    };
    p.cashier_id = Some(cashier_id.to_string());
    Ok(p)
}

/// A box-office sale: the confirmed booking, the payment (with change due) and the tickets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BoxOfficeSale {
    pub booking: Booking,
    pub payment: Payment,
    pub tickets: Vec<Ticket>,
}

impl Payments {
    /// Record a box-office payment (attributed to the cashier's open till) and settle the
    /// booking in one sale. Only a PENDING booking can be paid here (an expired one must be
    /// booked again); the same sale sent again by the same cashier returns the sale already
    /// made.
    pub async fn take_payment(
        &self,
        booking_id: &str,
        tender: &Tender,
        cashier_id: &str,
    ) -> Result<BoxOfficeSale, PaymentsError> {
        let now = stamp(self.now());
        let (id, tender, cashier) = (
            booking_id.to_string(),
            tender.clone(),
            cashier_id.to_string(),
        );
        let signer = self.signer().clone();
        let done = self
            .sales()
            .run(move |tx| {
                let b = crate::bookings::store::booking_by_id(tx, &id)?
                    .ok_or_else(|| BookingsError::NotFound(id.clone()))?;
                if b.status == BookingStatus::Confirmed {
                    if let Some(sale) = same_sale_again(tx, &b, &tender, &cashier, &signer)? {
                        return Ok(sale);
                    }
                }
                if b.status != BookingStatus::Pending {
                    return Err(BookingsError::IllegalTransition {
                        from: b.status,
                        to: BookingStatus::Confirmed,
                    }
                    .into());
                }
                let till = crate::tills::service::till_for_sale(tx, &cashier, &b.cinema_id)?;
                let mut payment = payment_for(&b.id, b.total, &tender, &cashier, &now)?;
                payment.till_session_id = Some(till.id.clone());
                let settled = settle(tx, payment, true, &signer, &now)?;
                if let Settled::Confirmed { payment, .. } = &settled {
                    if payment.method == "CASH" && payment.amount > 0 {
                        let mut m =
                            Movement::new(&till.id, MoveKind::Sale, payment.amount, &cashier, &now);
                        m.booking_id = Some(b.id.clone());
                        m.payment_id = Some(payment.id.clone());
                        crate::tills::movements::record(tx, m)?;
                    }
                }
                Ok::<_, PaymentsError>(settled)
            })
            .await?;
        into_sale(done.value)
    }
}

/// A retry of a sale already made (the kiosk lost the answer and confirms again): the stored
/// sale when this cashier's successful payment of the booking had the same tender.
fn same_sale_again(
    tx: &Tx<'_>,
    b: &Booking,
    tender: &Tender,
    cashier: &str,
    signer: &crate::tickets::TicketSigner,
) -> Result<Option<Settled>, PaymentsError> {
    let payments = super::store::of_booking(tx, &b.id)?;
    let same = payments.into_iter().find(|p| {
        p.status == "SUCCESS"
            && p.cashier_id.as_deref() == Some(cashier)
            && match tender {
                Tender::Cash { tendered } => p.method == "CASH" && p.tendered == Some(*tendered),
                Tender::Card { reference } => {
                    p.method == "CARD" && p.card_reference.as_deref() == Some(reference.trim())
                }
            }
    });
    let Some(payment) = same else {
        return Ok(None);
    };
    let tickets = crate::tickets::store::of_booking(tx, &b.id)?
        .into_iter()
        .map(|t| crate::tickets::issue::with_payload(t, signer))
        .collect();
    Ok(Some(Settled::Confirmed {
        booking: b.clone(),
        payment,
        tickets,
    }))
}

/// The sale from a settled payment.
fn into_sale(settled: Settled) -> Result<BoxOfficeSale, PaymentsError> {
    match settled {
        Settled::Confirmed {
            booking,
            payment,
            tickets,
        } => Ok(BoxOfficeSale {
            booking,
            payment,
            tickets,
        }),
        // Not reachable for a PENDING booking (its seats are in the ledger); kept explicit.
        Settled::RefundRequired { booking, .. } => Err(PaymentsError::RefundRequired(booking.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_change_due_and_short_tender() {
        let p = payment_for("b", 180_000, &Tender::Cash { tendered: 200_000 }, "c", "t")
            .expect("enough");
        assert_eq!(
            (p.method.as_str(), p.tendered, p.change_due),
            ("CASH", Some(200_000), Some(20_000))
        );
        assert_eq!(p.cashier_id.as_deref(), Some("c"));
        let exact = payment_for("b", 180_000, &Tender::Cash { tendered: 180_000 }, "c", "t")
            .expect("exact");
        assert_eq!(exact.change_due, Some(0));
        let err = payment_for("b", 180_000, &Tender::Cash { tendered: 179_999 }, "c", "t")
            .expect_err("short");
        assert!(err.to_string().starts_with("tendered:"), "{err}");
    }

    #[test]
    fn card_needs_a_reference() {
        let p = payment_for(
            "b",
            1,
            &Tender::Card {
                reference: " T-77 ".into(),
            },
            "c",
            "t",
        )
        .expect("card");
        assert_eq!(p.card_reference.as_deref(), Some("T-77"));
        assert_eq!(p.change_due, None);
        let err = payment_for(
            "b",
            1,
            &Tender::Card {
                reference: "  ".into(),
            },
            "c",
            "t",
        )
        .expect_err("empty");
        assert!(err.to_string().starts_with("reference:"), "{err}");
    }
}

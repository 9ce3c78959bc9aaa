//! Payments: VNPay (online), cash and card at the box office, the payment records, and
//! [`settle`] — the one transaction that turns a paid booking into tickets.

pub mod box_office;
pub mod online;
mod refund_call;
mod refund_required;
pub mod routes;
pub mod sandbox;
pub mod sandbox_api;
mod service;
pub mod settle;
pub mod store;
pub mod vnpay;

pub use service::{BookingDetail, Payments};

use serde::Serialize;

/// What can go wrong with payments.
#[derive(Debug, thiserror::Error)]
pub enum PaymentsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// Paid, but the booking could not be confirmed: the money is kept for a refund.
    #[error("booking {0} could not be confirmed; the payment needs a refund")]
    RefundRequired(String),
    /// The booking refused (not found, not pending, seats resold, …).
    #[error(transparent)]
    Booking(#[from] crate::bookings::BookingsError),
    /// The cashier's till refused (none open, another cinema).
    #[error(transparent)]
    Till(#[from] crate::tills::TillsError),
    /// Tickets could not be issued or read.
    #[error(transparent)]
    Tickets(#[from] crate::tickets::TicketsError),
    /// The VNPay request or settings cannot be signed (e.g. a zero total, bad terminal code).
    #[error(transparent)]
    Request(#[from] vnpay::RequestError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for PaymentsError {
    fn from(e: rusqlite::Error) -> Self {
        PaymentsError::Db(e.into())
    }
}

/// A payment record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Payment {
    pub id: String,
    pub booking_id: String,
    /// VNPAY, CASH or CARD.
    pub method: String,
    /// PENDING, SUCCESS, FAILED, REFUND_REQUIRED or REFUNDED.
    pub status: String,
    /// Integer VND.
    pub amount: i64,
    pub txn_ref: Option<String>,
    pub provider_txn_no: Option<String>,
    pub response_code: Option<String>,
    pub bank_code: Option<String>,
    pub pay_date: Option<String>,
    /// Cash handed over.
    pub tendered: Option<i64>,
    pub change_due: Option<i64>,
    pub card_reference: Option<String>,
    /// Who took the money at the box office.
    pub cashier_id: Option<String>,
    /// The till session a box-office payment was taken in.
    pub till_session_id: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Payment {
    /// The payment as its events carry it.
    pub fn facts(&self) -> crate::sales::PaymentFacts {
        crate::sales::PaymentFacts {
            id: self.id.clone(),
            booking_id: self.booking_id.clone(),
            method: self.method.clone(),
            status: self.status.clone(),
            amount: self.amount,
            provider_txn_no: self.provider_txn_no.clone(),
            cashier_id: self.cashier_id.clone(),
            till_session_id: self.till_session_id.clone(),
            note: self.note.clone(),
            updated_at: self.updated_at.clone(),
        }
    }

    /// A new record for a booking, with the given method and status.
    pub fn new(booking_id: &str, method: &str, status: &str, amount: i64, now: &str) -> Payment {
        Payment {
            id: uuid::Uuid::now_v7().to_string(),
            booking_id: booking_id.to_string(),
            method: method.into(),
            status: status.into(),
            amount,
            txn_ref: None,
            provider_txn_no: None,
            response_code: None,
            bank_code: None,
            pay_date: None,
            tendered: None,
            change_due: None,
            card_reference: None,
            cashier_id: None,
            till_session_id: None,
            note: None,
            created_at: now.to_string(),
            updated_at: now.to_string(),
        }
    }
}

//! Refunds (bookings.db): the cancellation policy as data, the refund quote, and the refund
//! of a paid booking as one transaction of the sales core (booking cancelled, tickets
//! cancelled, seats freed, points, code and stock given back) with the money going back to
//! the original tender — VNPay through its refund API, cash out of the cashier's till, card as
//! a recorded reference. Above a threshold a manager approves it (page or PIN).

mod money;
pub mod policy;
pub mod routes;
pub mod service;
pub mod store;

pub use money::PayOut;
pub use policy::{RefundQuote, Tier};
pub use service::{Ask, Refunds};

use serde::Serialize;

/// Where a refund stands.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefundStatus {
    /// Above the threshold: a manager must approve it (the booking is untouched until then).
    AwaitingApproval,
    /// Approved and the booking cancelled; the money is on its way (gateway call, or cash /
    /// card to be paid at the box office).
    Pending,
    /// The money went back.
    Succeeded,
    /// The gateway refused or could not be reached: visible, retried by hand or on a timer.
    Failed,
    /// A manager said no; the booking stays as it was.
    Rejected,
}

impl RefundStatus {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::AwaitingApproval => "AWAITING_APPROVAL",
            RefundStatus::Pending => "PENDING",
            RefundStatus::Succeeded => "SUCCEEDED",
            RefundStatus::Failed => "FAILED",
            RefundStatus::Rejected => "REJECTED",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<RefundStatus> {
        [
            RefundStatus::AwaitingApproval,
            RefundStatus::Pending,
            RefundStatus::Succeeded,
            RefundStatus::Failed,
            RefundStatus::Rejected,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A refund record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Refund {
    pub id: String,
    pub booking_id: String,
    pub payment_id: Option<String>,
    pub cinema_id: String,
    /// VNPAY / CASH / CARD (the original tender) or NONE (nothing was paid).
    pub method: String,
    /// Money back, VND.
    pub amount: i64,
    /// The seats' percent.
    pub percent: u8,
    pub points_returned: i64,
    /// The quote's lines and basis, as quoted when it was asked for.
    pub quote: serde_json::Value,
    pub reason_code: String,
    pub note: String,
    pub status: RefundStatus,
    pub requested_by: String,
    pub approved_by: Option<String>,
    /// SELF (the requester may approve), PIN (at the kiosk) or PAGE (a manager's page).
    pub approval_via: Option<String>,
    pub approved_at: Option<String>,
    pub till_session_id: Option<String>,
    pub card_reference: Option<String>,
    /// Gateway calls made.
    pub attempts: i64,
    pub last_error: Option<String>,
    pub provider_txn_no: Option<String>,
    pub response_code: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
}

impl Refund {
    /// The refund as its events carry it.
    pub fn facts(&self) -> crate::sales::RefundFacts {
        crate::sales::RefundFacts {
            id: self.id.clone(),
            booking_id: self.booking_id.clone(),
            payment_id: self.payment_id.clone(),
            cinema_id: self.cinema_id.clone(),
            method: self.method.clone(),
            amount: self.amount,
            points_returned: self.points_returned,
            reason_code: self.reason_code.clone(),
            status: self.status.as_str().to_string(),
            requested_by: self.requested_by.clone(),
            approved_by: self.approved_by.clone(),
            till_session_id: self.till_session_id.clone(),
            updated_at: self.updated_at.clone(),
        }
    }
}

/// A reason a refund may be given for.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = RefundReason)]
pub struct Reason {
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    /// Only staff may choose it.
    pub staff: bool,
}

/// What can go wrong with refunds.
#[derive(Debug, thiserror::Error)]
pub enum RefundsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// No such refund.
    #[error("refund {0} not found")]
    NotFound(String),
    /// The refund is not in a state that allows this.
    #[error("refund: {0}")]
    Conflict(String),
    /// The caller lacks the permission named.
    #[error("Missing permission `{0}`")]
    Forbidden(&'static str),
    /// The booking refused.
    #[error(transparent)]
    Bookings(#[from] crate::bookings::BookingsError),
    /// The payment records refused.
    #[error(transparent)]
    Payments(#[from] crate::payments::PaymentsError),
    /// The till refused (none open, another cinema).
    #[error(transparent)]
    Tills(#[from] crate::tills::TillsError),
    /// Tickets could not be cancelled.
    #[error(transparent)]
    Tickets(#[from] crate::tickets::TicketsError),
    /// The approver's PIN was refused.
    #[error(transparent)]
    Users(#[from] crate::users::UsersError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for RefundsError {
    fn from(e: rusqlite::Error) -> Self {
        RefundsError::Db(e.into())
    }
}

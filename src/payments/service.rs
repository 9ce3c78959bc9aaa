//! The payments service: what a payment needs from bookings, tickets and the settings, a
//! booking with its tickets and payments, and the reads of payment records. Taking money is
//! in `box_office` (cash, card) and `online` (VNPay).

use super::{store, Payment, PaymentsError};
use crate::bookings::{Booking, Bookings};
use crate::config::Settings;
use crate::sales::Sales;
use crate::tickets::{Ticket, TicketSigner, Tickets};
use crate::users::AuthUser;
use serde::Serialize;
use std::sync::Arc;

/// Payments of bookings.db.
#[derive(Clone)]
pub struct Payments {
    bookings: Bookings,
    tickets: Tickets,
    settings: Arc<Settings>,
    sandbox: Arc<super::sandbox_api::SandboxBook>,
}

/// A booking with its tickets and payments.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BookingDetail {
    /// The booking.
    #[serde(flatten)]
    pub booking: Booking,
    /// One per seat once paid, each with its signed QR text.
    pub tickets: Vec<Ticket>,
    /// Every payment attempt, oldest first.
    pub payments: Vec<Payment>,
}

impl Payments {
    /// The service.
    pub fn new(bookings: Bookings, tickets: Tickets, settings: Arc<Settings>) -> Payments {
        Payments {
            bookings,
            tickets,
            settings,
            sandbox: Arc::default(),
        }
    }

    /// What the built-in VNPay sandbox refunded so far.
    pub fn sandbox_book(&self) -> &super::sandbox_api::SandboxBook {
        &self.sandbox
    }

    /// The sales core payments write through.
    pub(super) fn sales(&self) -> &Sales {
        self.bookings.sales()
    }

    /// The key tickets are signed with.
    pub(super) fn signer(&self) -> &TicketSigner {
        self.tickets.signer()
    }

    /// The effective settings (VNPay's).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The clock's now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.bookings.now()
    }

    /// The bookings service.
    pub fn bookings(&self) -> &Bookings {
        &self.bookings
    }

    /// The booking `user` may see, with its tickets (signed) and payments.
    pub async fn visible_detail(
        &self,
        booking_id: &str,
        user: &AuthUser,
    ) -> Result<BookingDetail, PaymentsError> {
        let booking = self.bookings.visible(booking_id, user).await?;
        self.detail(booking).await
    }

    /// A booking with its tickets (signed) and payments.
    pub async fn detail(&self, booking: Booking) -> Result<BookingDetail, PaymentsError> {
        let (id, signer) = (booking.id.clone(), self.signer().clone());
        // One read, so a payment settling meanwhile is seen with its tickets or not at all.
        let (tickets, payments) = self
            .sales()
            .read(move |c| {
                let tickets = crate::tickets::store::of_booking(c, &id)?
                    .into_iter()
                    .map(|t| crate::tickets::issue::with_payload(t, &signer))
                    .collect::<Vec<_>>();
                Ok::<_, PaymentsError>((tickets, store::of_booking(c, &id)?))
            })
            .await?;
        Ok(BookingDetail {
            booking,
            tickets,
            payments,
        })
    }

    /// The payment of a VNPay transaction reference.
    pub async fn by_txn_ref(&self, txn_ref: &str) -> Result<Option<Payment>, PaymentsError> {
        let txn = txn_ref.to_string();
        self.sales().read(move |c| store::by_txn_ref(c, &txn)).await
    }

    /// One page of payments in `status`, newest first, with the total count.
    pub async fn with_status(
        &self,
        status: &'static str,
        limit: u32,
        offset: i64,
    ) -> Result<(Vec<Payment>, i64), PaymentsError> {
        self.sales()
            .read(move |c| store::page_with_status(c, status, limit, offset))
            .await
    }
}

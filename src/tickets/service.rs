//! The tickets service: who may see a ticket, and door check-in as one sale transaction.

use super::checkin::{self, Scan};
use super::{issue, store, Ticket, TicketCode, TicketSigner, TicketsError};
use crate::clock::Clock;
use crate::sales::Sales;
use crate::users::AuthUser;

/// Tickets of bookings.db, signed with the site's key.
#[derive(Clone)]
pub struct Tickets {
    sales: Sales,
    signer: TicketSigner,
    clock: Clock,
    opens_before: chrono::Duration,
}

impl Tickets {
    /// The service; doors open `opens_minutes` before a show.
    pub fn new(sales: Sales, signer: TicketSigner, clock: Clock, opens_minutes: u32) -> Tickets {
        Tickets {
            sales,
            signer,
            clock,
            opens_before: chrono::Duration::minutes(i64::from(opens_minutes)),
        }
    }

    /// The site's ticket signer.
    pub fn signer(&self) -> &TicketSigner {
        &self.signer
    }

    /// A ticket `user` may see (the owner of its booking, `ticket:scan` or `booking:sell`),
    /// with its signed QR text; "not found" otherwise.
    pub async fn visible(&self, code: &str, user: &AuthUser) -> Result<Ticket, TicketsError> {
        let code = TicketCode::parse(code)?;
        let key = code.as_str().to_string();
        let found = self
            .sales
            .read(move |c| {
                let Some(t) = store::by_code(c, &key)? else {
                    return Ok::<_, TicketsError>(None);
                };
                let owner = crate::bookings::store::booking_by_id(c, &t.booking_id)?
                    .map(|b| b.user_id)
                    .unwrap_or_default();
                Ok(Some((t, owner)))
            })
            .await?;
        let not_found = || TicketsError::NotFound(code.as_str().to_string());
        let (ticket, owner) = found.ok_or_else(not_found)?;
        if !crate::bookings::may_see(&owner, user) && !user.can("ticket:scan") {
            return Err(not_found());
        }
        Ok(issue::with_payload(ticket, &self.signer))
    }

    /// Check a ticket in at the door (one write per scan; a retry gets the first answer).
    pub async fn check_in(&self, scan: Scan) -> Result<serde_json::Value, TicketsError> {
        let (signer, opens, clock) = (self.signer.clone(), self.opens_before, self.clock.clone());
        let done = self
            .sales
            .run(move |tx| checkin::check_in(tx, &scan, &signer, opens, clock.now()))
            .await?;
        Ok(done.value)
    }
}

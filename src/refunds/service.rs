//! The refunds service: the policy and reasons, the quote, and asking for, approving,
//! rejecting, paying out and retrying refunds — each change one transaction of the sales core.

use super::money::{execute, pay_out_in, PayOut};
use super::policy::{self, RefundQuote, Tier};
use super::{store, Reason, Refund, RefundStatus, RefundsError};
use crate::bookings::{Booking, BookingStatus, Channel};
use crate::clock::{stamp, Clock};
use crate::config::Settings;
use crate::payments::{Payment, Payments};
use crate::sales::Sales;
use crate::users::{AuthUser, Users};
use std::sync::Arc;

/// The refunds service.
#[derive(Clone)]
pub struct Refunds {
    payments: Payments,
    users: Users,
    clock: Clock,
    settings: Arc<Settings>,
}

/// What a refund is asked with.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    /// One of the reason codes.
    pub reason_code: String,
    /// Free text (up to 500 characters).
    pub note: String,
    /// A manager's e-mail and PIN given at the kiosk.
    pub approver: Option<(String, String)>,
    /// How the actor pays it out now (card reference).
    pub pay: PayOut,
}

/// The approval a request arrives with.
struct Approval {
    by: String,
    via: &'static str,
}

impl Refunds {
    /// The service over payments (and through them bookings and the sales core).
    pub fn new(payments: Payments, users: Users, clock: Clock, settings: Arc<Settings>) -> Self {
        Refunds {
            payments,
            users,
            clock,
            settings,
        }
    }

    pub(super) fn sales(&self) -> &Sales {
        self.payments.bookings().sales()
    }
    pub(super) fn payments(&self) -> &Payments {
        &self.payments
    }
    pub(super) fn clock(&self) -> &Clock {
        &self.clock
    }
    pub(super) fn settings(&self) -> &Settings {
        &self.settings
    }
    pub(super) fn retry_minutes(&self) -> u32 {
        self.settings.refunds.retry_minutes
    }

    /// The cancellation policy table, largest threshold first.
    pub async fn policy(&self) -> Result<Vec<Tier>, RefundsError> {
        self.sales().read(|c| store::policy(c)).await
    }

    /// Replace the policy table (`refund:approve`).
    pub async fn set_policy(&self, tiers: Vec<Tier>) -> Result<Vec<Tier>, RefundsError> {
        let tiers = policy::validate(&tiers).map_err(|problem| RefundsError::Invalid {
            field: "tiers",
            problem,
        })?;
        self.sales()
            .run(move |tx| {
                store::set_policy(tx, &tiers)?;
                store::policy(tx)
            })
            .await
            .map(|d| d.value)
    }

    /// The reasons a refund may be given for.
    pub async fn reasons(&self) -> Result<Vec<Reason>, RefundsError> {
        self.sales().read(|c| store::reasons(c)).await
    }

    /// What cancelling `booking_id` now would give back (`user` must see the booking).
    pub async fn quote(
        &self,
        user: &AuthUser,
        booking_id: &str,
    ) -> Result<RefundQuote, RefundsError> {
        let b = self.payments.bookings().visible(booking_id, user).await?;
        self.quote_of(&b, false).await
    }

    /// The quote for a booking the caller already may see (`full`: everything back).
    pub async fn quote_of(&self, b: &Booking, full: bool) -> Result<RefundQuote, RefundsError> {
        if b.status != BookingStatus::Confirmed {
            return Err(RefundsError::Conflict(format!(
                "booking {} is {}; only a paid booking whose show is not over is refunded",
                b.id,
                b.status.as_str()
            )));
        }
        let tiers = self.policy().await?;
        Ok(policy::quote(b, &tiers, self.clock.now(), full))
    }

    /// A refund by id.
    pub async fn get(&self, id: &str) -> Result<Refund, RefundsError> {
        let key = id.to_string();
        self.sales()
            .read(move |c| store::by_id(c, &key))
            .await?
            .ok_or_else(|| RefundsError::NotFound(id.to_string()))
    }

    /// A booking's refunds, newest first.
    pub async fn of_booking(&self, booking_id: &str) -> Result<Vec<Refund>, RefundsError> {
        let id = booking_id.to_string();
        self.sales().read(move |c| store::of_booking(c, &id)).await
    }

    /// One page of refunds (in one status or all), newest first, with the total count.
    pub async fn page(
        &self,
        status: Option<RefundStatus>,
        limit: u32,
        offset: i64,
    ) -> Result<(Vec<Refund>, i64), RefundsError> {
        self.sales()
            .read(move |c| store::page(c, status, limit, offset))
            .await
    }

    /// Refuse, before a body is read, a caller who may not cancel this booking (see
    /// [`may_cancel`]).
    pub async fn may_cancel(&self, user: &AuthUser, booking_id: &str) -> Result<(), RefundsError> {
        let b = self.payments.bookings().visible(booking_id, user).await?;
        if !may_cancel(user, &b) {
            return Err(RefundsError::Forbidden("booking:cancel"));
        }
        Ok(())
    }

    /// Refuse a caller who may not see the booking.
    pub async fn may_see_booking(
        &self,
        user: &AuthUser,
        booking_id: &str,
    ) -> Result<(), RefundsError> {
        self.payments.bookings().visible(booking_id, user).await?;
        Ok(())
    }

    /// Cancel a booking as `user` and refund it by the policy. A PENDING booking is simply
    /// cancelled (nothing was paid); a CONFIRMED one gets a refund, which waits for a
    /// manager above the threshold unless `user` may approve or a manager's PIN came with it.
    pub async fn cancel(
        &self,
        user: &AuthUser,
        booking_id: &str,
        ask: Ask,
    ) -> Result<(Booking, Option<Refund>), RefundsError> {
        let bookings = self.payments.bookings();
        let b = bookings.visible(booking_id, user).await?;
        if !may_cancel(user, &b) {
            return Err(RefundsError::Forbidden("booking:cancel"));
        }
        match b.status {
            BookingStatus::Pending => return Ok((bookings.cancel_pending(&b.id).await?.0, None)),
            BookingStatus::Confirmed => {}
            other => {
                return Err(RefundsError::Conflict(format!(
                    "booking {} is {}; only a pending or confirmed booking can be cancelled",
                    b.id,
                    other.as_str()
                )))
            }
        }
        let staff = user.can("booking:sell") || user.can("booking:cancel");
        let reason = self.check_reason(&ask, staff).await?;
        let quote = self.quote_of(&b, false).await?;
        let approval = self.approval(user, &ask, quote.amount).await?;
        let refund = self
            .start(&b, quote, reason, &ask, &user.id, approval)
            .await?;
        Ok((bookings.get(&b.id).await?, Some(refund)))
    }

    /// Refund every paid booking of a cancelled showtime in full (and cancel its unpaid ones),
    /// as `actor`; returns the refunds made.
    pub async fn cancel_showtime(
        &self,
        actor: &AuthUser,
        showtime_id: &str,
    ) -> Result<Vec<Refund>, RefundsError> {
        let bookings = self.payments.bookings();
        let filter = crate::bookings::store::ListFilter {
            showtime_id: Some(showtime_id.to_string()),
            limit: 10_000,
            ..Default::default()
        };
        let (all, _) = bookings.list(filter).await?;
        let mut refunds = Vec::new();
        let ask = Ask {
            reason_code: "SHOWTIME_CANCELLED".into(),
            note: String::new(),
            ..Ask::default()
        };
        for b in all {
            match b.status {
                BookingStatus::Pending => {
                    bookings.cancel_pending(&b.id).await?;
                }
                BookingStatus::Confirmed => {
                    let quote = self.quote_of(&b, true).await?;
                    let approval = Some(Approval {
                        by: actor.id.clone(),
                        via: "SELF",
                    });
                    refunds.push(
                        self.start(
                            &b,
                            quote,
                            "SHOWTIME_CANCELLED".into(),
                            &ask,
                            &actor.id,
                            approval,
                        )
                        .await?,
                    );
                }
                _ => {}
            }
        }
        Ok(refunds)
    }

    /// Refund a payment kept as REFUND_REQUIRED (paid after its booking could not be
    /// honoured) in full, as a manager; the booking is not changed.
    pub async fn refund_payment(
        &self,
        actor: &AuthUser,
        payment_id: &str,
    ) -> Result<Refund, RefundsError> {
        let id = payment_id.to_string();
        let payment = self
            .sales()
            .read(move |c| crate::payments::store::by_id(c, &id))
            .await?
            .filter(|p| p.status == "REFUND_REQUIRED")
            .ok_or_else(|| RefundsError::NotFound(format!("payment {payment_id} to refund")))?;
        let b = self.payments.bookings().get(&payment.booking_id).await?;
        let mut q = policy::quote(&b, &[], self.clock.now(), true);
        q.amount = payment.amount;
        q.points_returned = 0;
        let mut r = new_refund(
            &b,
            Some(&payment),
            &q,
            "LATE_PAYMENT",
            "",
            &actor.id,
            &self.now(),
        );
        approve_now(&mut r, &actor.id, "SELF", &self.now());
        self.commit_new(r, actor.id.clone(), PayOut::default())
            .await
    }

    /// Approve a refund awaiting approval (`refund:approve`, checked by the route) and carry it
    /// out.
    pub async fn approve(&self, approver: &AuthUser, id: &str) -> Result<Refund, RefundsError> {
        let (key, who, now) = (id.to_string(), approver.id.clone(), self.now());
        let r = self
            .sales()
            .run(move |tx| {
                let mut r =
                    store::by_id(tx, &key)?.ok_or_else(|| RefundsError::NotFound(key.clone()))?;
                if r.status != RefundStatus::AwaitingApproval {
                    return Err(RefundsError::Conflict(format!(
                        "refund {key} is {}; only one awaiting approval can be approved",
                        r.status.as_str()
                    )));
                }
                approve_now(&mut r, &who, "PAGE", &now);
                execute(tx, &mut r, &who, &PayOut::default(), &now)?;
                store::update(tx, &r, RefundStatus::AwaitingApproval)?;
                Ok(r)
            })
            .await?
            .value;
        self.after_commit(r).await
    }

    /// Turn a refund awaiting approval down; the booking stays as it was.
    pub async fn reject(
        &self,
        approver: &AuthUser,
        id: &str,
        note: &str,
    ) -> Result<Refund, RefundsError> {
        let (key, who, now, note) = (
            id.to_string(),
            approver.id.clone(),
            self.now(),
            note.trim().to_string(),
        );
        self.sales()
            .run(move |tx| {
                let mut r =
                    store::by_id(tx, &key)?.ok_or_else(|| RefundsError::NotFound(key.clone()))?;
                if r.status != RefundStatus::AwaitingApproval {
                    return Err(RefundsError::Conflict(format!(
                        "refund {key} is {}; only one awaiting approval can be rejected",
                        r.status.as_str()
                    )));
                }
                r.status = RefundStatus::Rejected;
                r.approved_by = Some(who);
                r.approved_at = Some(now.clone());
                r.updated_at = now.clone();
                if !note.is_empty() {
                    r.last_error = Some(note);
                }
                store::update(tx, &r, RefundStatus::AwaitingApproval)?;
                super::money::emit(tx, &r, &now)?;
                Ok(r)
            })
            .await
            .map(|d| d.value)
    }

    /// Pay a PENDING cash or card refund out at the box office, as a cashier with an open till
    /// (cash) or with the card terminal's reference (card).
    pub async fn pay_out(
        &self,
        cashier: &AuthUser,
        id: &str,
        pay: PayOut,
    ) -> Result<Refund, RefundsError> {
        let (key, who, now) = (id.to_string(), cashier.id.clone(), self.now());
        self.sales()
            .run(move |tx| {
                let mut r = store::by_id(tx, &key)?.ok_or_else(|| RefundsError::NotFound(key.clone()))?;
                if r.status != RefundStatus::Pending || !matches!(r.method.as_str(), "CASH" | "CARD") {
                    return Err(RefundsError::Conflict(format!(
                        "refund {key} is {} by {}; only a pending cash or card refund is paid out here",
                        r.status.as_str(),
                        r.method
                    )));
                }
                pay_out_in(tx, &mut r, &who, &pay, &now)?;
                if r.status != RefundStatus::Succeeded {
                    return Err(RefundsError::Invalid {
                        field: if r.method == "CASH" { "till" } else { "card_reference" },
                        problem: if r.method == "CASH" {
                            "open a till at this booking's cinema to pay cash out".into()
                        } else {
                            "required: the card terminal's refund reference".into()
                        },
                    });
                }
                store::update(tx, &r, RefundStatus::Pending)?;
                Ok(r)
            })
            .await
            .map(|d| d.value)
    }

    /// Send a failed VNPay refund again (`refund:approve`, checked by the route).
    pub async fn retry(&self, id: &str) -> Result<Refund, RefundsError> {
        let r = self.get(id).await?;
        if r.method != "VNPAY" || r.status != RefundStatus::Failed {
            return Err(RefundsError::Conflict(format!(
                "refund {id} is {} by {}; only a failed VNPay refund is retried",
                r.status.as_str(),
                r.method
            )));
        }
        self.send(id).await
    }

    fn now(&self) -> String {
        stamp(self.clock.now())
    }

    async fn check_reason(&self, ask: &Ask, staff: bool) -> Result<String, RefundsError> {
        let code = ask.reason_code.trim().to_ascii_uppercase();
        let reasons = self.reasons().await?;
        let allowed: Vec<&Reason> = reasons.iter().filter(|r| staff || !r.staff).collect();
        if !allowed.iter().any(|r| r.code == code) {
            return Err(RefundsError::Invalid {
                field: "reason_code",
                problem: format!(
                    "must be one of {}",
                    allowed
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        if ask.note.chars().count() > 500 {
            return Err(RefundsError::Invalid {
                field: "note",
                problem: "must be at most 500 characters".into(),
            });
        }
        Ok(code)
    }

    /// Who approves a refund of `amount` asked by `user`: nobody needed at or below the
    /// threshold; the user if they may approve; else a manager's PIN if one came with it.
    async fn approval(
        &self,
        user: &AuthUser,
        ask: &Ask,
        amount: i64,
    ) -> Result<Option<Approval>, RefundsError> {
        if user.can("refund:approve") || amount <= self.settings.refunds.approval_threshold {
            return Ok(Some(Approval {
                by: user.id.clone(),
                via: "SELF",
            }));
        }
        let Some((email, pin)) = &ask.approver else {
            return Ok(None);
        };
        let ok = self.users.verify_pin(email, pin, "refund:approve").await?;
        Ok(Some(Approval {
            by: ok.user_id,
            via: "PIN",
        }))
    }

    async fn start(
        &self,
        b: &Booking,
        quote: RefundQuote,
        reason: String,
        ask: &Ask,
        actor: &str,
        approval: Option<Approval>,
    ) -> Result<Refund, RefundsError> {
        let id = b.id.clone();
        let payment = self
            .sales()
            .read(move |c| crate::payments::store::of_booking(c, &id))
            .await?
            .into_iter()
            .find(|p| p.status == "SUCCESS");
        let now = self.now();
        let mut r = new_refund(b, payment.as_ref(), &quote, &reason, &ask.note, actor, &now);
        match approval {
            Some(a) => approve_now(&mut r, &a.by, a.via, &now),
            None => r.status = RefundStatus::AwaitingApproval,
        }
        self.commit_new(r, actor.to_string(), ask.pay.clone()).await
    }

    async fn commit_new(
        &self,
        r: Refund,
        actor: String,
        pay: PayOut,
    ) -> Result<Refund, RefundsError> {
        let r = self
            .sales()
            .run(move |tx| {
                let mut r = r;
                let now = r.created_at.clone();
                if r.status == RefundStatus::AwaitingApproval {
                    super::money::emit(tx, &r, &now)?;
                } else {
                    execute(tx, &mut r, &actor, &pay, &now)?;
                }
                store::insert(tx, &r)?;
                Ok::<_, RefundsError>(r)
            })
            .await?
            .value;
        self.after_commit(r).await
    }

    /// A VNPay refund goes to the gateway once its sale has committed.
    async fn after_commit(&self, r: Refund) -> Result<Refund, RefundsError> {
        if r.method == "VNPAY" && r.status == RefundStatus::Pending {
            return self.send(&r.id).await;
        }
        Ok(r)
    }
}

fn approve_now(r: &mut Refund, by: &str, via: &str, now: &str) {
    r.status = RefundStatus::Pending;
    r.approved_by = Some(by.to_string());
    r.approval_via = Some(via.to_string());
    r.approved_at = Some(now.to_string());
}

fn new_refund(
    b: &Booking,
    payment: Option<&Payment>,
    q: &RefundQuote,
    reason: &str,
    note: &str,
    actor: &str,
    now: &str,
) -> Refund {
    Refund {
        id: uuid::Uuid::now_v7().to_string(),
        booking_id: b.id.clone(),
        payment_id: payment.map(|p| p.id.clone()),
        cinema_id: b.cinema_id.clone(),
        method: payment.map_or("NONE".into(), |p| p.method.clone()),
        amount: if payment.is_some() { q.amount } else { 0 },
        percent: q.percent,
        points_returned: q.points_returned,
        quote: serde_json::to_value(q).unwrap_or(serde_json::Value::Null),
        reason_code: reason.to_string(),
        note: note.trim().to_string(),
        status: RefundStatus::Pending,
        requested_by: actor.to_string(),
        approved_by: None,
        approval_via: None,
        approved_at: None,
        till_session_id: None,
        card_reference: None,
        attempts: 0,
        last_error: None,
        provider_txn_no: None,
        response_code: None,
        created_at: now.to_string(),
        updated_at: now.to_string(),
        completed_at: None,
    }
}

/// Who may cancel a booking: staff with `booking:cancel`; its owner when it was bought online;
/// a cashier (`booking:sell`) for a box-office sale, or for any paid booking brought to the
/// counter for a refund, but not someone else's unpaid online basket.
fn may_cancel(user: &AuthUser, b: &Booking) -> bool {
    user.can("booking:cancel")
        || (b.user_id == user.id && b.channel == Channel::Online)
        || (user.can("booking:sell")
            && (b.channel != Channel::Online || b.status != BookingStatus::Pending))
}

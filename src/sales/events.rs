//! [`SaleEvent`]: one enum of everything that happens to a sale, versioned.

use serde::{Deserialize, Serialize};

/// Version of the event payloads below; bump it when a payload changes shape, so head office
/// can read old and new rows side by side. 2: confirmed, cancelled and expired bookings carry
/// their showtime and seats (absent, so empty, in version 1 rows). 3: bookings carry their
/// concessions, promotion code, points and member; stock, promotion and loyalty events.
/// 4: refunds, till cash movements and business-day closes. 5: bookings carry their film's
/// title, hall and start (head office reports by film and showtime).
pub const EVENT_VERSION: u32 = 5;

/// A refund as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundFacts {
    /// Refund id (UUID v7).
    pub id: String,
    /// The booking refunded.
    pub booking_id: String,
    /// The payment refunded.
    pub payment_id: Option<String>,
    /// Its cinema.
    pub cinema_id: String,
    /// VNPAY / CASH / CARD / NONE.
    pub method: String,
    /// VND back.
    pub amount: i64,
    /// Loyalty points back.
    pub points_returned: i64,
    /// Why.
    pub reason_code: String,
    /// AWAITING_APPROVAL / PENDING / SUCCEEDED / FAILED / REJECTED.
    pub status: String,
    /// Who asked.
    pub requested_by: String,
    /// Who approved.
    pub approved_by: Option<String>,
    /// The till cash left.
    pub till_session_id: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
}

/// A seat line of a booking, as sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatLine {
    /// cinemas.db seat id.
    pub seat_id: String,
    /// "E7".
    pub label: String,
    /// STANDARD / VIP / COUPLE / PREMIUM / WHEELCHAIR.
    pub seat_type: String,
    /// VND.
    pub price: i64,
}

/// A booking as created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingFacts {
    /// Booking id (UUID v7).
    pub id: String,
    /// users.db id of the customer (or the cashier selling).
    pub user_id: String,
    /// cinemas.db showtime id.
    pub showtime_id: String,
    /// cinemas.db cinema id.
    pub cinema_id: String,
    /// ONLINE / BOX_OFFICE.
    pub channel: String,
    /// VND before discounts.
    pub subtotal: i64,
    /// VND taken off.
    pub discount: i64,
    /// VND to pay.
    pub total: i64,
    /// The seats.
    pub seats: Vec<SeatLine>,
    /// Concessions sold with it (version 3).
    #[serde(default)]
    pub concessions: Vec<ConcessionLine>,
    /// The promotion code applied, if any (version 3).
    #[serde(default)]
    pub promo_code: Option<String>,
    /// Loyalty points redeemed (version 3).
    #[serde(default)]
    pub points_redeemed: i64,
    /// The member who earns and redeems points (version 3).
    #[serde(default)]
    pub member_id: Option<String>,
    /// The film's title when booked (version 5).
    #[serde(default)]
    pub movie_title: String,
    /// The hall (version 5).
    #[serde(default)]
    pub hall_name: String,
    /// The show's start, RFC 3339 (version 5).
    #[serde(default)]
    pub starts_at: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A concession line of a booking, as sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcessionLine {
    /// Concession item id.
    pub item_id: String,
    /// Its name when sold.
    pub name: String,
    /// How many.
    pub qty: u32,
    /// VND each.
    pub unit_price: i64,
    /// Given by a FREE_ITEM promotion.
    pub free: bool,
}

/// A payment as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentFacts {
    /// Payment id.
    pub id: String,
    /// Booking paid.
    pub booking_id: String,
    /// VNPAY / CASH / CARD.
    pub method: String,
    /// SUCCESS / REFUND_REQUIRED / …
    pub status: String,
    /// VND.
    pub amount: i64,
    /// VNPay's transaction number, when paid online.
    pub provider_txn_no: Option<String>,
    /// Cashier who took it, at the box office.
    pub cashier_id: Option<String>,
    /// Till session it was taken in.
    pub till_session_id: Option<String>,
    /// Why, for a payment that needs a refund.
    pub note: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
}

/// Everything that happens to a sale and head office must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SaleEvent {
    /// Seats entered the ledger as a PENDING booking.
    BookingCreated(BookingFacts),
    /// Paid: PENDING (or a late-paid EXPIRED) → CONFIRMED.
    BookingConfirmed {
        /// Booking.
        booking_id: String,
        /// VND paid.
        total: i64,
        /// Its showtime.
        #[serde(default)]
        showtime_id: String,
        /// Its seats.
        #[serde(default)]
        seat_ids: Vec<String>,
        /// A late payment of an EXPIRED booking took its seats back into the ledger.
        #[serde(default)]
        reclaimed: bool,
    },
    /// Cancelled; its seats left the ledger.
    BookingCancelled {
        /// Booking.
        booking_id: String,
        /// Its showtime.
        #[serde(default)]
        showtime_id: String,
        /// The seats freed.
        #[serde(default)]
        seat_ids: Vec<String>,
    },
    /// Unpaid past its deadline; its seats left the ledger.
    BookingExpired {
        /// Booking.
        booking_id: String,
        /// Its showtime.
        #[serde(default)]
        showtime_id: String,
        /// The seats freed.
        #[serde(default)]
        seat_ids: Vec<String>,
    },
    /// The show is over.
    BookingCompleted {
        /// Booking.
        booking_id: String,
    },
    /// Money received and the booking confirmed, tickets issued.
    PaymentSucceeded {
        /// The payment.
        payment: PaymentFacts,
        /// Tickets issued.
        tickets: u32,
    },
    /// Money received that could not confirm its booking: to refund.
    PaymentRefundRequired {
        /// The payment.
        payment: PaymentFacts,
    },
    /// A ticket admitted at the door.
    TicketCheckedIn {
        /// Ticket code.
        code: String,
        /// Showtime.
        showtime_id: String,
        /// Door, if the scanner named one.
        door: Option<String>,
        /// RFC 3339.
        used_at: String,
    },
    /// A cashier opened a till with a float.
    TillOpened {
        /// Till session.
        session_id: String,
        /// Cashier.
        cashier_id: String,
        /// Cinema.
        cinema_id: String,
        /// VND in the drawer at the start.
        opening_float: i64,
        /// RFC 3339.
        opened_at: String,
    },
    /// A concession item's stock changed (sale, return, restock, write-off).
    StockMoved {
        /// Item.
        item_id: String,
        /// Signed change.
        delta: i64,
        /// INITIAL / RESTOCK / WRITE_OFF / SALE / RETURN.
        reason: String,
        /// Stock after.
        stock_after: i64,
        /// The booking, for a sale or return.
        booking_id: Option<String>,
        /// Who recorded it.
        actor_id: Option<String>,
        /// RFC 3339.
        at: String,
    },
    /// A confirmed booking took one use of a promotion code.
    PromotionUsed {
        /// Promotion.
        promotion_id: String,
        /// Its code.
        code: String,
        /// Booking.
        booking_id: String,
        /// Whose use it counts as.
        user_id: String,
    },
    /// A booking gave its use of a code back (cancelled or expired).
    PromotionReturned {
        /// Promotion.
        promotion_id: String,
        /// Booking.
        booking_id: String,
    },
    /// A loyalty ledger entry.
    LoyaltyEntry {
        /// Ledger id.
        entry_id: i64,
        /// Member.
        user_id: String,
        /// EARN / REDEEM / RELEASE / BONUS / REVERSE.
        kind: String,
        /// Signed points.
        points: i64,
        /// VND toward the tier.
        spend: i64,
        /// Booking it belongs to.
        booking_id: Option<String>,
    },
    /// A refund was asked for, approved, paid, failed or rejected (its new state).
    RefundChanged {
        /// The refund.
        refund: RefundFacts,
    },
    /// Cash went into or out of a till (float, sale, refund, drop, pay-in, pay-out).
    TillMoved {
        /// Till session.
        session_id: String,
        /// FLOAT / SALE / REFUND / DROP / PAY_IN / PAY_OUT.
        kind: String,
        /// Signed VND, into the drawer positive.
        amount: i64,
        /// Who.
        actor_id: String,
        /// Why (for drops and pay-ins/-outs).
        reason: String,
        /// RFC 3339.
        at: String,
    },
    /// A business day closed with its Z-report.
    DayClosed {
        /// The day's id.
        day_id: String,
        /// Cinema.
        cinema_id: String,
        /// YYYY-MM-DD, the cinema's time zone.
        business_date: String,
        /// The Z-report.
        report: serde_json::Value,
    },
    /// A till closed with a blind count.
    TillClosed {
        /// Till session.
        session_id: String,
        /// Cashier.
        cashier_id: String,
        /// VND the drawer should hold.
        expected_cash: i64,
        /// VND counted.
        counted_cash: i64,
        /// counted − expected.
        variance: i64,
        /// RFC 3339.
        closed_at: String,
    },
}

impl SaleEvent {
    /// The outbox `kind` of this event (`booking.created`, `till.closed`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            SaleEvent::BookingCreated(_) => "booking.created",
            SaleEvent::BookingConfirmed { .. } => "booking.confirmed",
            SaleEvent::BookingCancelled { .. } => "booking.cancelled",
            SaleEvent::BookingExpired { .. } => "booking.expired",
            SaleEvent::BookingCompleted { .. } => "booking.completed",
            SaleEvent::PaymentSucceeded { .. } => "payment.succeeded",
            SaleEvent::PaymentRefundRequired { .. } => "payment.refund_required",
            SaleEvent::TicketCheckedIn { .. } => "ticket.checked_in",
            SaleEvent::TillOpened { .. } => "till.opened",
            SaleEvent::TillClosed { .. } => "till.closed",
            SaleEvent::StockMoved { .. } => "stock.moved",
            SaleEvent::PromotionUsed { .. } => "promotion.used",
            SaleEvent::PromotionReturned { .. } => "promotion.returned",
            SaleEvent::LoyaltyEntry { .. } => "loyalty.entry",
            SaleEvent::RefundChanged { .. } => "refund.changed",
            SaleEvent::TillMoved { .. } => "till.moved",
            SaleEvent::DayClosed { .. } => "day.closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_rows_still_read() {
        let v1 = r#"{"type":"booking_confirmed","booking_id":"b","total":90000}"#;
        let e: SaleEvent = serde_json::from_str(v1).expect("v1");
        assert!(
            matches!(e, SaleEvent::BookingConfirmed { ref seat_ids, reclaimed: false, .. } if seat_ids.is_empty())
        );
    }

    #[test]
    fn events_round_trip_and_their_kind_matches_their_tag() {
        let events = [
            SaleEvent::BookingCancelled {
                booking_id: "b1".into(),
                showtime_id: "s".into(),
                seat_ids: vec!["x".into()],
            },
            SaleEvent::TillOpened {
                session_id: "t".into(),
                cashier_id: "c".into(),
                cinema_id: "k".into(),
                opening_float: 500_000,
                opened_at: "2026-12-01T03:00:00Z".into(),
            },
            SaleEvent::BookingCreated(BookingFacts {
                id: "b2".into(),
                user_id: "u".into(),
                showtime_id: "s".into(),
                cinema_id: "k".into(),
                channel: "ONLINE".into(),
                subtotal: 90_000,
                discount: 0,
                total: 90_000,
                seats: vec![SeatLine {
                    seat_id: "x".into(),
                    label: "E7".into(),
                    seat_type: "VIP".into(),
                    price: 90_000,
                }],
                concessions: vec![ConcessionLine {
                    item_id: "pop".into(),
                    name: "Bắp rang bơ".into(),
                    qty: 2,
                    unit_price: 55_000,
                    free: false,
                }],
                promo_code: Some("TET".into()),
                points_redeemed: 10,
                member_id: Some("u".into()),
                movie_title: "Mai".into(),
                hall_name: "Phòng 1".into(),
                starts_at: "2026-12-01T12:00:00Z".into(),
                created_at: "2026-12-01T03:00:00Z".into(),
            }),
        ];
        for e in events {
            let text = serde_json::to_string(&e).expect("json");
            let tag = e.kind().replace('.', "_");
            assert!(text.contains(&format!(r#""type":"{tag}""#)), "{text}");
            assert_eq!(serde_json::from_str::<SaleEvent>(&text).expect("back"), e);
        }
    }
}

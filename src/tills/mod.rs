//! Box-office tills (bookings.db): a cashier opens a till session with a float, every
//! box-office payment is attributed to the cashier's open session, and closing takes a blind
//! count and stores the cash-up (expected vs counted, variance, cash and card totals).

pub mod day;
pub mod movements;
pub mod routes;
pub mod service;
pub mod store;
pub mod zreport;

pub use service::Tills;

use serde::Serialize;

/// Largest float or count accepted (integer VND): catches a slipped finger, not a real till.
pub const MAX_CASH: i64 = 10_000_000_000;

/// An open (or closed) till session. The open session never shows the expected cash: the
/// count at close is blind.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct TillSession {
    /// UUID v7.
    pub id: String,
    /// The cashier (users.db id).
    pub cashier_id: String,
    /// The cinema the till is at (cinemas.db id).
    pub cinema_id: String,
    /// RFC 3339 UTC.
    pub opened_at: String,
    /// Cash put in the drawer at opening (integer VND).
    pub opening_float: i64,
    /// Set once closed.
    pub closed_at: Option<String>,
    /// The blind count at close.
    pub counted_cash: Option<i64>,
}

/// What a session took, summed from the payments attributed to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionTotals {
    /// Booking totals paid in cash (not the amounts tendered: the change went back).
    pub cash_sales: i64,
    /// Booking totals paid by card.
    pub card_sales: i64,
    /// Cash paid out of this till for refunds.
    pub cash_refunds: i64,
    /// Successful box-office payments.
    pub sale_count: i64,
    /// Cash taken to the safe (positive).
    pub drops: i64,
    /// Cash put in besides the float.
    pub pay_ins: i64,
    /// Cash paid out for expenses (positive).
    pub pay_outs: i64,
}

/// The record of a closed till: expected vs counted cash and the takings.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct CashUp {
    /// The till session.
    pub session_id: String,
    pub cashier_id: String,
    pub cinema_id: String,
    pub opened_at: String,
    pub closed_at: String,
    pub opening_float: i64,
    pub cash_sales: i64,
    pub card_sales: i64,
    pub cash_refunds: i64,
    pub sale_count: i64,
    pub drops: i64,
    pub pay_ins: i64,
    pub pay_outs: i64,
    /// The sum of the session's cash movements: float + cash sales − cash refunds − drops +
    /// pay-ins − pay-outs.
    pub expected_cash: i64,
    /// The cashier's blind count.
    pub counted_cash: i64,
    /// Counted − expected: negative when the drawer is short, positive when over.
    pub variance: i64,
}

impl CashUp {
    /// The cash-up of `session` closed at `closed_at` with `counted` cash and `totals`.
    pub fn compute(
        session: &TillSession,
        totals: SessionTotals,
        counted: i64,
        closed_at: &str,
    ) -> CashUp {
        let expected =
            session.opening_float + totals.cash_sales - totals.cash_refunds - totals.drops
                + totals.pay_ins
                - totals.pay_outs;
        CashUp {
            session_id: session.id.clone(),
            cashier_id: session.cashier_id.clone(),
            cinema_id: session.cinema_id.clone(),
            opened_at: session.opened_at.clone(),
            closed_at: closed_at.to_string(),
            opening_float: session.opening_float,
            cash_sales: totals.cash_sales,
            card_sales: totals.card_sales,
            cash_refunds: totals.cash_refunds,
            sale_count: totals.sale_count,
            drops: totals.drops,
            pay_ins: totals.pay_ins,
            pay_outs: totals.pay_outs,
            expected_cash: expected,
            counted_cash: counted,
            variance: counted - expected,
        }
    }
}

/// Which cash-ups to list.
#[derive(Debug, Clone, Default)]
pub struct CashUpFilter {
    /// Only this cashier's (always set for a cashier without `report:view`).
    pub cashier_id: Option<String>,
    pub cinema_id: Option<String>,
    pub limit: u32,
    pub offset: i64,
}

/// What can go wrong with tills.
#[derive(Debug, thiserror::Error)]
pub enum TillsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// The cashier already has an open till.
    #[error("till: you already have an open till (opened at {opened_at}); close it before opening another")]
    AlreadyOpen { opened_at: String },
    /// A sale or a close without an open till.
    #[error("till: you have no open till; open a till with a float before selling or closing")]
    NoOpenTill,
    /// The cinema's business day is closed: nothing more may be taken into it.
    #[error("day: the business day {0} is closed at this cinema; sales resume on the next day")]
    DayClosed(String),
    /// Closing a day while a till of the cinema is open.
    #[error(
        "day: {0} till(s) of this cinema are still open; close every till before closing the day"
    )]
    TillsOpen(i64),
    /// A sale for a showtime at another cinema than the cashier's till.
    #[error("till: your till is at another cinema than this booking's showtime")]
    WrongCinema,
    /// Cinemas could not be read.
    #[error(transparent)]
    Cinemas(#[from] crate::cinemas::CinemasError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for TillsError {
    fn from(e: rusqlite::Error) -> Self {
        TillsError::Db(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(float: i64) -> TillSession {
        TillSession {
            id: "s".into(),
            cashier_id: "c".into(),
            cinema_id: "k".into(),
            opened_at: "t0".into(),
            opening_float: float,
            closed_at: None,
            counted_cash: None,
        }
    }

    #[test]
    fn expected_is_float_plus_cash_minus_refunds_and_variance_is_counted_minus_expected() {
        let totals = SessionTotals {
            cash_sales: 300_000,
            card_sales: 240_000,
            cash_refunds: 50_000,
            sale_count: 4,
            ..SessionTotals::default()
        };
        let c = CashUp::compute(&session(1_000_000), totals, 1_240_000, "t1");
        assert_eq!(
            c.expected_cash, 1_250_000,
            "card sales are not in the drawer"
        );
        assert_eq!(c.variance, -10_000, "short by 10.000");
        let over = CashUp::compute(&session(0), totals, 260_000, "t1");
        assert_eq!(over.variance, 10_000);
        let exact = CashUp::compute(&session(500_000), SessionTotals::default(), 500_000, "t1");
        assert_eq!((exact.expected_cash, exact.variance), (500_000, 0));
    }

    #[test]
    fn drops_and_pay_outs_leave_the_drawer_and_pay_ins_enter_it() {
        let totals = SessionTotals {
            cash_sales: 900_000,
            drops: 500_000,
            pay_ins: 100_000,
            pay_outs: 30_000,
            ..SessionTotals::default()
        };
        let c = CashUp::compute(&session(200_000), totals, 670_000, "t1");
        assert_eq!((c.expected_cash, c.variance), (670_000, 0));
    }
}

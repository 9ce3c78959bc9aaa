//! The Z-report: what a closed business day of one cinema took — sales by tender, channel and
//! film, refunds, discounts, points, concessions and each till's variance. Stored with the
//! day when it closes and never recomputed.

use serde::{Deserialize, Serialize};

/// A count and an amount under a key (a tender, a channel, a film).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = ZReportLine)]
pub struct Line {
    pub key: String,
    pub count: i64,
    /// VND.
    pub amount: i64,
}

/// A till's cash-up as the day counted it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct TillLine {
    pub session_id: String,
    pub cashier_id: String,
    pub opened_at: String,
    pub closed_at: String,
    pub cash_sales: i64,
    pub card_sales: i64,
    pub cash_refunds: i64,
    pub expected_cash: i64,
    pub counted_cash: i64,
    pub variance: i64,
}

/// The Z-report of a business day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ZReport {
    pub day_id: String,
    pub cinema_id: String,
    /// YYYY-MM-DD in the cinema's time zone.
    pub business_date: String,
    /// The cinema's time zone.
    pub timezone: String,
    pub closed_at: String,
    pub closed_by: String,
    /// Payments taken, by tender (VNPAY / CASH / CARD).
    pub sales_by_tender: Vec<Line>,
    /// By channel (ONLINE / BOX_OFFICE).
    pub sales_by_channel: Vec<Line>,
    /// By film (empty key: concessions sold alone).
    pub sales_by_film: Vec<Line>,
    /// Refunds paid, by tender.
    pub refunds_by_tender: Vec<Line>,
    /// Discounts given on the day's sales (codes and points), VND.
    pub discounts: i64,
    /// The codes' part of them.
    pub promo_discounts: i64,
    /// Loyalty points redeemed on the day's sales.
    pub points_redeemed: i64,
    /// Concessions sold (key: item name; count: quantity).
    pub concessions: Vec<Line>,
    /// Every till closed into the day.
    pub tills: Vec<TillLine>,
    /// Sum of the sales.
    pub gross_sales: i64,
    /// Sum of the refunds.
    pub refunds: i64,
    /// Gross − refunds.
    pub net: i64,
    /// Sum of the tills' variances.
    pub variance: i64,
}

impl ZReport {
    /// Fill the totals from the lines.
    pub fn with_totals(mut self) -> ZReport {
        self.gross_sales = self.sales_by_tender.iter().map(|l| l.amount).sum();
        self.refunds = self.refunds_by_tender.iter().map(|l| l.amount).sum();
        self.net = self.gross_sales - self.refunds;
        self.variance = self.tills.iter().map(|t| t.variance).sum();
        self
    }
}

/// A closed day as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ClosedDay {
    pub id: String,
    pub cinema_id: String,
    pub business_date: String,
    pub closed_at: String,
    pub closed_by: String,
    pub report: ZReport,
}

//! Payments kept for a refund (paid after their booking could not be honoured), listed for
//! the manager's refunds page.

use super::{Payment, Payments, PaymentsError};

impl Payments {
    /// The newest `limit` payments kept as REFUND_REQUIRED, with how many there are in all.
    pub async fn refund_required(&self, limit: u32) -> Result<(Vec<Payment>, i64), PaymentsError> {
        self.with_status("REFUND_REQUIRED", limit, 0).await
    }
}

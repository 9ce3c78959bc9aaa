//! Sending a refund to VNPay: the signed body goes to the merchant API (or, with the sandbox
//! on, to the sandbox's answer in-process — the same function its route serves), and the
//! answer's checksum is verified before anything is believed.

use super::vnpay::{verify_refund_response, ApiResponse, RefundBody};
use super::Payments;
use std::time::Duration;

impl Payments {
    /// Send `body` and read the verified answer; `Err` when no trustworthy answer came (network,
    /// timeout, bad checksum): the refund stays to be retried.
    pub async fn send_refund(&self, body: &RefundBody) -> Result<ApiResponse, String> {
        let cfg = &self.settings().payments.vnpay;
        let json = serde_json::to_value(body).map_err(|e| e.to_string())?;
        let answer = if cfg.sandbox {
            super::sandbox_api::answer(self, &json).await?
        } else {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .map_err(|e| e.to_string())?;
            client
                .post(&cfg.api_url)
                .json(&json)
                .send()
                .await
                .map_err(|e| format!("VNPay could not be reached: {e}"))?
                .json::<serde_json::Value>()
                .await
                .map_err(|e| format!("VNPay's answer is not JSON: {e}"))?
        };
        verify_refund_response(&answer, &cfg.secret)
            .map_err(|e| format!("VNPay's answer was refused: {e}"))
    }
}

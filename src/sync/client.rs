//! The site's HTTP client to central: every request signed (see [`super::signing`]), answers
//! read from the API's `{success, data}` envelope.

use super::batch::{Ack, Batch, ChainBalance};
use super::pull::ChainBatch;
use super::signing;
use crate::clock::Clock;
use crate::db::DbError;
use std::time::Duration;

/// Why a call to central did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No answer (down, timeout, refused connection).
    #[error("central could not be reached: {0}")]
    Unreachable(String),
    /// Central answered with an error.
    #[error("central answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Its message.
        message: String,
    },
    /// Central's answer is not what it should be.
    #[error("central's answer is unreadable: {0}")]
    BadAnswer(String),
    /// Central holds rows from this site id that this outbox never had.
    #[error("central holds rows up to #{central} from this site but this outbox only reaches #{local}: this data dir is not the history central knows (restored from a backup? reinstalled with the old site id?); pushing stopped — register a new site with `moviehub site add` or restore the newest data")]
    Diverged {
        /// Central's last sequence.
        central: i64,
        /// This outbox's.
        local: i64,
    },
    /// Central's data could not be applied here.
    #[error("could not apply central's data: {0}")]
    Apply(String),
    /// The site's own database.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A signed client of one central.
#[derive(Clone)]
pub struct CentralClient {
    http: reqwest::Client,
    base: String,
    site_id: String,
    key_hex: String,
    clock: Clock,
}

impl CentralClient {
    /// A client of `base` for `site_id` with the secret central printed.
    pub fn new(base: &str, site_id: &str, secret: &str, clock: Clock) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(CentralClient {
            http,
            base: base.trim_end_matches('/').to_string(),
            site_id: site_id.to_string(),
            key_hex: signing::derive_key(secret),
            clock,
        })
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Vec<u8>,
    ) -> Result<T, ClientError> {
        let ts = self.clock.now().timestamp();
        let sig = signing::sign(
            &self.key_hex,
            &self.site_id,
            ts,
            method.as_str(),
            path_and_query,
            &body,
        );
        let mut req = self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header(signing::SITE_HEADER, &self.site_id)
            .header(signing::TIMESTAMP_HEADER, ts.to_string())
            .header(signing::SIGNATURE_HEADER, sig);
        if !body.is_empty() {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let res = req
            .send()
            .await
            .map_err(|e| ClientError::Unreachable(e.to_string()))?;
        let status = res.status();
        let value: serde_json::Value = res
            .json()
            .await
            .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
        if !status.is_success() {
            let message = value
                .pointer("/error/message")
                .or_else(|| value.get("message"))
                .and_then(|m| m.as_str())
                .unwrap_or("")
                .to_string();
            return Err(ClientError::Refused {
                status: status.as_u16(),
                message,
            });
        }
        let data = value
            .get("data")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        serde_json::from_value(data).map_err(|e| ClientError::BadAnswer(e.to_string()))
    }

    /// The highest sequence central holds from this site.
    pub async fn cursor(&self) -> Result<i64, ClientError> {
        #[derive(serde::Deserialize)]
        struct Cursor {
            last_seq: i64,
        }
        let c: Cursor = self
            .call(reqwest::Method::GET, "/api/v1/sync/cursor", Vec::new())
            .await?;
        Ok(c.last_seq)
    }

    /// Push a batch.
    pub async fn push(&self, batch: &Batch) -> Result<Ack, ClientError> {
        let body = serde_json::to_vec(batch).map_err(|e| ClientError::BadAnswer(e.to_string()))?;
        self.call(reqwest::Method::POST, "/api/v1/sync/push", body)
            .await
    }

    /// Films changed since `cursor`, codes since `promo`, members' points since `loyalty`.
    pub async fn pull(
        &self,
        cursor: &str,
        promo: &str,
        loyalty: &str,
    ) -> Result<ChainBatch, ClientError> {
        let path = format!(
            "/api/v1/sync/pull?since={}&promo_since={}&loyalty_since={}",
            urlencode(cursor),
            urlencode(promo),
            urlencode(loyalty)
        );
        self.call(reqwest::Method::GET, &path, Vec::new()).await
    }

    /// What these members hold at the other sites.
    pub async fn balances(&self, emails: &[String]) -> Result<Vec<ChainBalance>, ClientError> {
        let body = serde_json::to_vec(&serde_json::json!({ "emails": emails }))
            .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
        self.call(reqwest::Method::POST, "/api/v1/sync/balances", body)
            .await
    }
}

/// Percent-encode a query value (cursors are RFC 3339 stamps and ids).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl From<rusqlite::Error> for ClientError {
    fn from(e: rusqlite::Error) -> Self {
        ClientError::Db(DbError::Sqlite(e))
    }
}

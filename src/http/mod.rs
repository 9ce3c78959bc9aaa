//! HTTP plumbing shared by every domain: error envelope, extractors, success envelopes,
//! request ids and access logs.

pub mod doc;
mod envelope;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod rate_limit;
pub mod reply;
pub mod security;

pub mod trace;

pub use envelope::envelope;
pub use error::{ApiError, ApiResult};
pub use extract::{Json, Path, Query};
pub use reply::{Created, Data, Page, Paging};

/// Run a handler's work on its own task and wait for it: a client that hangs up after the
/// database committed cannot stop the follow-ups (telling viewers, recounting seats) halfway.
pub async fn to_completion<T, F>(work: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: std::future::Future<Output = ApiResult<T>> + Send + 'static,
{
    tokio::spawn(work)
        .await
        .map_err(|e| ApiError::internal(format!("request task failed: {e}")))?
}

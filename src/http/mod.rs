//! HTTP plumbing shared by every domain: error envelope, extractors, success envelopes,
//! request ids and access logs.

mod envelope;
pub mod error;
pub mod extract;
pub mod reply;
mod status;
pub mod trace;

pub use envelope::envelope;
pub use error::{ApiError, ApiResult};
pub use extract::{Json, Path, Query};
pub use reply::{Created, Data, Page, Paging};

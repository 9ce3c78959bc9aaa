//! Shapes the OpenAPI document gives the envelopes: `{"success":true,"data":…}` for every
//! answer and the error envelope of [`super::envelope`]. Only the document uses these types;
//! the handlers answer with [`super::Data`] and [`super::Created`].

use utoipa::ToSchema;

/// A successful answer.
#[derive(ToSchema)]
#[schema(bound = "T: ToSchema")]
pub struct Ok<T> {
    /// Always `true`.
    pub success: bool,
    /// The answer.
    pub data: T,
}

/// The error envelope every error answer under `/api` has.
#[derive(ToSchema)]
#[schema(as = Error)]
#[allow(non_snake_case, dead_code)]
pub struct Failure {
    /// Always `false`.
    success: bool,
    /// The HTTP status, repeated.
    statusCode: u16,
    /// What went wrong; for a refused field, `field: what is allowed`.
    message: String,
    /// When, in RFC 3339 with milliseconds.
    timestamp: String,
    /// The request's path.
    path: String,
}

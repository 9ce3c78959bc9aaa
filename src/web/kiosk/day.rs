//! (being written)

use crate::web::Pages;
use axum::extract::FromRef;
use axum::Router;
use crate::users::Users;

/// Routes of these pages.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
}

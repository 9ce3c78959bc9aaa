//! Accounts and access: users, roles, permissions (users.db), passwords, access tokens,
//! the auth extractor and login rate limits.

pub mod admin;
pub mod auth;
pub mod cli;
mod guard;
pub mod password;
pub mod pin;
pub mod ratelimit;
pub mod routes;
pub mod service;
pub mod sessions;
mod store;
pub mod token;

mod phone;
pub use auth::{perm, AuthUser, Can, MaybeUser, Permission};
pub use phone::phone_digits;
pub use service::Users;

use serde::Serialize;

/// Built-in roles, from least to most powerful.
pub const ROLES: [&str; 5] = ["customer", "usher", "cashier", "manager", "admin"];

/// A user as shown by the API (never the password hash).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct User {
    /// UUID v7.
    pub id: String,
    /// Login e-mail, unique, case-insensitive.
    pub email: String,
    /// Display name.
    pub full_name: String,
    /// Optional phone number.
    pub phone: Option<String>,
    /// Role names.
    pub roles: Vec<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// What can go wrong in the accounts domain.
#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        /// The field at fault.
        field: &'static str,
        /// What is allowed.
        problem: String,
    },
    /// Registration with an e-mail already in use.
    #[error("email: an account with this e-mail already exists")]
    EmailTaken,
    /// Wrong e-mail or password (deliberately not saying which).
    #[error("Invalid e-mail or password")]
    BadCredentials,
    /// Too many attempts.
    #[error("Too many login attempts; try again in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// The caller may not make this change.
    #[error("{0}")]
    Forbidden(String),
    /// The change would leave no enabled admin.
    #[error("role: the last admin cannot lose the admin role or be disabled; make another account admin first")]
    LastAdmin,
    /// Unknown user.
    #[error("user {0} not found")]
    UserNotFound(String),
    /// Unknown role.
    #[error("role: unknown role `{0}`; allowed: admin, manager, cashier, usher, customer")]
    RoleNotFound(String),
    /// Token missing, malformed, expired or signed with another key.
    #[error("{0}")]
    Unauthenticated(String),
    /// An approver's e-mail or PIN is wrong, or they may not approve (not saying which).
    #[error("approver: the e-mail or PIN is wrong, or that person may not approve this")]
    BadPin,
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    /// Password hashing failure.
    #[error("password hashing: {0}")]
    Hash(String),
}

impl From<rusqlite::Error> for UsersError {
    fn from(e: rusqlite::Error) -> Self {
        UsersError::Db(e.into())
    }
}

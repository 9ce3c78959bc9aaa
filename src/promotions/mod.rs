//! Promotions (bookings.db): codes of four kinds with their conditions, the rule that says
//! whether a code applies to a basket and why not ([`rules`]), and the use counted once per
//! confirmed booking, atomically, and given back when that booking is cancelled or expires.

pub mod chain;
pub mod demo;
pub mod routes;
pub mod rules;
pub mod service;
pub mod store;

pub use rules::{Context, Effect, Refusal};
pub use service::Promotions;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a code gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = PromotionKind)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// `value` percent off, at most `max_discount` when set.
    Percentage,
    /// `value` VND off.
    FixedAmount,
    /// One `free_item_id` concession free.
    FreeItem,
    /// `value` bonus loyalty points when the booking confirms.
    Points,
}

impl Kind {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Percentage => "PERCENTAGE",
            Kind::FixedAmount => "FIXED_AMOUNT",
            Kind::FreeItem => "FREE_ITEM",
            Kind::Points => "POINTS",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "PERCENTAGE" => Some(Kind::Percentage),
            "FIXED_AMOUNT" => Some(Kind::FixedAmount),
            "FREE_ITEM" => Some(Kind::FreeItem),
            "POINTS" => Some(Kind::Points),
            _ => None,
        }
    }
}

/// A promotion as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Promotion {
    pub id: String,
    /// What customers type (matched regardless of case).
    pub code: String,
    pub name: String,
    pub kind: Kind,
    /// Percent, VND or points, by kind.
    pub value: i64,
    /// PERCENTAGE: the most it takes off.
    pub max_discount: Option<i64>,
    /// FREE_ITEM: the concession given.
    pub free_item_id: Option<String>,
    /// Basket subtotal needed (VND, inclusive).
    pub min_purchase: i64,
    /// First valid day in the cinema's time zone.
    pub valid_from: Option<NaiveDate>,
    /// Last valid day (inclusive).
    pub valid_to: Option<NaiveDate>,
    /// Cinemas it applies in (empty: all).
    pub cinema_ids: Vec<String>,
    /// Films it applies to (empty: all).
    pub movie_ids: Vec<String>,
    /// WEEKDAY / WEEKEND / HOLIDAY (empty: all).
    pub day_types: Vec<String>,
    /// Uses in all.
    pub usage_limit: Option<i64>,
    /// Uses per customer.
    pub per_user_limit: Option<i64>,
    /// Confirmed bookings using it now.
    pub used_count: i64,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A promotion as a manager writes it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPromotion {
    pub code: String,
    #[serde(default)]
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub value: i64,
    #[serde(default)]
    pub max_discount: Option<i64>,
    #[serde(default)]
    pub free_item_id: Option<String>,
    #[serde(default)]
    pub min_purchase: i64,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub cinema_ids: Vec<String>,
    #[serde(default)]
    pub movie_ids: Vec<String>,
    #[serde(default)]
    pub day_types: Vec<String>,
    #[serde(default)]
    pub usage_limit: Option<i64>,
    #[serde(default)]
    pub per_user_limit: Option<i64>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// What can go wrong with promotions.
#[derive(Debug, thiserror::Error)]
pub enum PromotionsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// No such promotion.
    #[error("promotion {0} not found")]
    NotFound(String),
    /// Another promotion has this code.
    #[error("code: another promotion uses {0}")]
    DuplicateCode(String),
    /// The caller lacks the permission named.
    #[error("Missing permission `{0}`")]
    Forbidden(&'static str),
    /// This site takes its promotions from head office.
    #[error("promotions are managed by head office: create and edit them at {0}")]
    ChainManaged(String),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for PromotionsError {
    fn from(e: rusqlite::Error) -> Self {
        PromotionsError::Db(e.into())
    }
}

#[cfg(test)]
mod rules_tests;

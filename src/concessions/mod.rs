//! Concessions (bookings.db): popcorn, drinks, combos and merchandise, their stock as a ledger
//! of movements, and the [`Menu`] a quote prices a basket from. Stock is taken in the sale's
//! own transaction (a combo takes its parts), refused when short, and given back when the
//! booking expires or is cancelled.

pub mod demo;
pub mod menu;
pub mod routes;
pub mod service;
pub mod store;

pub use menu::{Menu, Order};
pub use service::Concessions;

use serde::{Deserialize, Serialize};

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ItemKind)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// Popcorn, snacks.
    Food,
    /// Soft drinks, water, tea.
    Drink,
    /// A bundle of other items at its own price.
    Combo,
    /// Cups, posters, toys.
    Merchandise,
}

impl Kind {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Food => "FOOD",
            Kind::Drink => "DRINK",
            Kind::Combo => "COMBO",
            Kind::Merchandise => "MERCHANDISE",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "FOOD" => Some(Kind::Food),
            "DRINK" => Some(Kind::Drink),
            "COMBO" => Some(Kind::Combo),
            "MERCHANDISE" => Some(Kind::Merchandise),
            _ => None,
        }
    }
}

/// One item of a combo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The bundled item.
    pub item_id: String,
    /// How many of it.
    pub qty: u32,
}

/// An item on the menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub description: String,
    /// VND.
    pub price: i64,
    pub image_url: String,
    /// On hand; for a combo, how many can be made from its parts' stock.
    pub stock: i64,
    pub active: bool,
    /// Energy per serving, when known.
    pub kcal: Option<i64>,
    /// Allergen labels ("sữa", "đậu phộng", …).
    pub allergens: Vec<String>,
    /// A combo's bundle (empty for other kinds).
    pub parts: Vec<Part>,
    /// Order on the menu.
    pub sort: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Why stock moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = StockReason)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// Stock an item was created with.
    Initial,
    /// Delivered.
    Restock,
    /// Spoiled, broken, expired.
    WriteOff,
    /// Sold with a booking.
    Sale,
    /// A booking that took it expired or was cancelled.
    Return,
}

impl Reason {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Initial => "INITIAL",
            Reason::Restock => "RESTOCK",
            Reason::WriteOff => "WRITE_OFF",
            Reason::Sale => "SALE",
            Reason::Return => "RETURN",
        }
    }
}

/// One recorded change of an item's stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = StockMovement)]
pub struct Movement {
    pub id: i64,
    pub item_id: String,
    /// Signed change.
    pub delta: i64,
    pub reason: String,
    /// Stock after the change.
    pub stock_after: i64,
    pub booking_id: Option<String>,
    /// Who recorded it.
    pub actor_id: Option<String>,
    pub note: String,
    pub created_at: String,
}

/// An item as a manager writes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    pub kind: Kind,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub price: i64,
    #[serde(default)]
    pub image_url: String,
    /// Opening stock (ignored for a combo); later changes are movements.
    #[serde(default)]
    pub stock: i64,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub kcal: Option<i64>,
    #[serde(default)]
    pub allergens: Vec<String>,
    /// A combo's bundle.
    #[serde(default)]
    pub parts: Vec<Part>,
    #[serde(default)]
    pub sort: i64,
}

fn yes() -> bool {
    true
}

/// What can go wrong with concessions.
#[derive(Debug, thiserror::Error)]
pub enum ConcessionsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// No such item.
    #[error("concession item {0} not found")]
    NotFound(String),
    /// Not enough on hand.
    #[error("out_of_stock: only {left} left of {name}")]
    OutOfStock {
        /// The item short.
        name: String,
        /// What is left.
        left: i64,
    },
    /// Another item has this name.
    #[error("name: another item is called {0}")]
    DuplicateName(String),
    /// The caller lacks the permission named.
    #[error("Missing permission `{0}`")]
    Forbidden(&'static str),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for ConcessionsError {
    fn from(e: rusqlite::Error) -> Self {
        ConcessionsError::Db(e.into())
    }
}

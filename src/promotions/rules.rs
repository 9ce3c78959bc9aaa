//! Whether a code applies to a basket, and what it gives: one pure function, [`check`], so
//! the quote, the booking and the validate endpoint say the same thing. A refusal says why in
//! a customer's words ([`Refusal`]), with its facts for the pages to translate.

use super::{Kind, Promotion};
use crate::money::Vnd;
use chrono::NaiveDate;
use serde::Serialize;

/// What the code is checked against.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Today in the cinema's time zone.
    pub today: NaiveDate,
    /// The cinema of the sale.
    pub cinema_id: &'a str,
    /// The film, for a seated sale.
    pub movie_id: Option<&'a str>,
    /// The showtime's day type, for a seated sale.
    pub day_type: Option<&'a str>,
    /// Seats + concessions (VND), before any discount.
    pub subtotal: i64,
    /// Confirmed bookings of this customer already using the code.
    pub user_uses: i64,
    /// FREE_ITEM: the item's (name, price, stock), if it is on sale.
    pub free_item: Option<(&'a str, i64, i64)>,
}

/// What an applying code gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Effect {
    /// VND off the subtotal.
    pub discount: i64,
    /// Points added when the booking confirms.
    pub bonus_points: i64,
    /// FREE_ITEM: the concession added at no charge.
    pub free_item_id: Option<String>,
}

/// Why a code does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// No such code.
    Unknown,
    /// Switched off by a manager.
    Inactive,
    /// Starts later.
    NotYet { from: NaiveDate },
    /// Its last day has passed.
    Expired { on: NaiveDate },
    /// Not in this cinema.
    NotForCinema,
    /// Not for this film (or needs a film: concessions alone).
    NotForFilm,
    /// Not on this kind of day.
    NotOnDay { day_type: String },
    /// Every use is taken.
    UsedUp { used: i64, limit: i64 },
    /// This customer used it as often as allowed.
    UsedByYou { used: i64, limit: i64 },
    /// The basket is too small.
    MinPurchase { min: i64 },
    /// The free item cannot be given.
    FreeItemOut { name: String },
}

impl Refusal {
    /// Stable code for pages and clients (`expired`, `min_purchase`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Unknown => "unknown",
            Refusal::Inactive => "inactive",
            Refusal::NotYet { .. } => "not_yet",
            Refusal::Expired { .. } => "expired",
            Refusal::NotForCinema => "not_for_cinema",
            Refusal::NotForFilm => "not_for_film",
            Refusal::NotOnDay { .. } => "not_on_day",
            Refusal::UsedUp { .. } => "used_up",
            Refusal::UsedByYou { .. } => "used_by_you",
            Refusal::MinPurchase { .. } => "min_purchase",
            Refusal::FreeItemOut { .. } => "free_item_out",
        }
    }
}

fn dm(d: &NaiveDate) -> String {
    d.format("%d/%m").to_string()
}

impl std::fmt::Display for Refusal {
    /// In the words a customer reads ("expired on 30/11", "minimum 200.000 ₫").
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unknown => write!(f, "there is no such code"),
            Refusal::Inactive => write!(f, "this code is no longer offered"),
            Refusal::NotYet { from } => write!(f, "valid from {}", dm(from)),
            Refusal::Expired { on } => write!(f, "expired on {}", dm(on)),
            Refusal::NotForCinema => write!(f, "not valid at this cinema"),
            Refusal::NotForFilm => write!(f, "not valid for this film"),
            Refusal::NotOnDay { day_type } => {
                write!(f, "not valid on {}", day_type.to_lowercase())
            }
            Refusal::UsedUp { used, limit } | Refusal::UsedByYou { used, limit } => {
                write!(f, "used {used} of {limit} times")
            }
            Refusal::MinPurchase { min } => write!(f, "minimum {}", Vnd(*min)),
            Refusal::FreeItemOut { name } if name.is_empty() => {
                write!(f, "the free item is not available")
            }
            Refusal::FreeItemOut { name } => write!(f, "{name} is out of stock"),
        }
    }
}

/// Does `p` apply in `ctx`, and what does it give?
pub fn check(p: &Promotion, ctx: &Context<'_>) -> Result<Effect, Refusal> {
    if !p.active {
        return Err(Refusal::Inactive);
    }
    if let Some(from) = p.valid_from.filter(|f| ctx.today < *f) {
        return Err(Refusal::NotYet { from });
    }
    if let Some(on) = p.valid_to.filter(|t| ctx.today > *t) {
        return Err(Refusal::Expired { on });
    }
    if !p.cinema_ids.is_empty() && !p.cinema_ids.iter().any(|c| c == ctx.cinema_id) {
        return Err(Refusal::NotForCinema);
    }
    if !p.movie_ids.is_empty()
        && !ctx
            .movie_id
            .is_some_and(|m| p.movie_ids.iter().any(|x| x == m))
    {
        return Err(Refusal::NotForFilm);
    }
    if !p.day_types.is_empty() {
        let day = ctx.day_type.unwrap_or_default();
        if !p.day_types.iter().any(|d| d == day) {
            return Err(Refusal::NotOnDay {
                day_type: p.day_types.join("/"),
            });
        }
    }
    if let Some(limit) = p.usage_limit.filter(|l| p.used_count >= *l) {
        return Err(Refusal::UsedUp {
            used: p.used_count,
            limit,
        });
    }
    if let Some(limit) = p.per_user_limit.filter(|l| ctx.user_uses >= *l) {
        return Err(Refusal::UsedByYou {
            used: ctx.user_uses,
            limit,
        });
    }
    if ctx.subtotal < p.min_purchase {
        return Err(Refusal::MinPurchase {
            min: p.min_purchase,
        });
    }
    let mut effect = Effect {
        discount: 0,
        bonus_points: 0,
        free_item_id: None,
    };
    match p.kind {
        Kind::Percentage => {
            let off = ctx.subtotal.saturating_mul(p.value.clamp(0, 100)) / 100;
            effect.discount = p.max_discount.map_or(off, |cap| off.min(cap));
        }
        Kind::FixedAmount => effect.discount = p.value.min(ctx.subtotal).max(0),
        Kind::FreeItem => match (ctx.free_item, &p.free_item_id) {
            (Some((_, price, stock)), Some(id)) if stock > 0 => {
                effect.discount = price;
                effect.free_item_id = Some(id.clone());
            }
            (Some((name, _, _)), _) => {
                return Err(Refusal::FreeItemOut {
                    name: name.to_string(),
                })
            }
            (None, _) => {
                return Err(Refusal::FreeItemOut {
                    name: String::new(),
                })
            }
        },
        Kind::Points => effect.bonus_points = p.value.max(0),
    }
    Ok(effect)
}

//! The rest of the basket: seats + concessions − promotion − redeemed points, as one pure
//! function over facts the caller read (in the sale's transaction when booking), so the quote,
//! the validate endpoint and the booking compute the same total.

use super::{invalid, Discount, PricingError, Quote, Vnd};
use crate::concessions::{Kind, Menu, Order};
use crate::loyalty::Program;
use crate::promotions::{rules, Promotion, Refusal};
use chrono::NaiveDate;
use serde::Serialize;

/// A concession line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ConcessionQuoteLine {
    pub item_id: String,
    pub name: String,
    /// FOOD / DRINK / COMBO / MERCHANDISE.
    pub kind: String,
    pub qty: u32,
    pub unit_price: Vnd,
    /// qty × unit price.
    pub amount: Vnd,
    /// Given by a FREE_ITEM code (its price is in the discounts).
    pub free: bool,
}

/// What became of the code asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PromoOutcome {
    /// As typed.
    pub code: String,
    /// It applies.
    pub applied: bool,
    /// The promotion's name, when it exists.
    pub name: String,
    /// Why not, in a customer's words.
    pub reason: Option<String>,
    /// Why not, as facts for the pages.
    pub refusal: Option<Refusal>,
}

/// The code and what it is checked against.
#[derive(Debug, Clone)]
pub struct PromoInput<'a> {
    /// As typed.
    pub code: &'a str,
    /// The promotion with that code, if any.
    pub promotion: Option<&'a Promotion>,
    /// Today in the cinema's time zone.
    pub today: NaiveDate,
    /// The sale's cinema.
    pub cinema_id: &'a str,
    /// The film, for a seated sale.
    pub movie_id: Option<&'a str>,
    /// The showtime's day type, for a seated sale.
    pub day_type: Option<&'a str>,
    /// Confirmed bookings of the customer using the code.
    pub user_uses: i64,
}

/// Everything beyond the seats.
#[derive(Debug, Clone)]
pub struct Extras<'a> {
    /// Concessions asked for.
    pub concessions: &'a [Order],
    /// The site's items with their stock.
    pub menu: &'a Menu,
    /// The code asked for.
    pub promo: Option<PromoInput<'a>>,
    /// Points to redeem.
    pub points: i64,
    /// The member's balance (`None`: no member, so no points).
    pub balance: Option<i64>,
    /// The loyalty programme's rates.
    pub program: Program,
}

fn conflict(field: &'static str, problem: impl Into<String>) -> PricingError {
    PricingError {
        field,
        problem: problem.into(),
        conflict: true,
    }
}

/// Price `x` on top of the seats already in `q`.
pub fn price(mut q: Quote, x: &Extras<'_>) -> Result<Quote, PricingError> {
    let mut need = x.menu.needs(x.concessions).map_err(|e| match e {
        crate::concessions::ConcessionsError::Invalid { field, problem } => invalid(field, problem),
        other => invalid("concessions", other.to_string()),
    })?;
    let range = || invalid("concessions", "the total is out of range");
    for o in x.concessions {
        let Some(item) = x.menu.get(&o.id) else {
            continue;
        };
        let amount = item.price.checked_mul(i64::from(o.qty)).ok_or_else(range)?;
        q.subtotal = q.subtotal.checked_add(Vnd(amount)).ok_or_else(range)?;
        q.concessions.push(ConcessionQuoteLine {
            item_id: item.id.clone(),
            name: item.name.clone(),
            kind: item.kind.as_str().to_string(),
            qty: o.qty,
            unit_price: Vnd(item.price),
            amount: Vnd(amount),
            free: false,
        });
    }
    let mut discount = 0i64;
    if let Some(p) = &x.promo {
        let outcome = apply_code(&mut q, &mut need, &mut discount, x.menu, p);
        q.promotion = Some(outcome);
    }
    if let Some((name, left)) = x.menu.shortage(&need) {
        return Err(conflict(
            "concessions",
            format!("out_of_stock: only {left} left of {name}"),
        ));
    }
    if x.points != 0 {
        redeem(&mut q, &mut discount, x)?;
    }
    q.discount = Vnd(discount);
    q.total = q.subtotal.checked_sub(q.discount).ok_or_else(range)?;
    q.points_earned = if x.balance.is_some() {
        x.program.earned(q.total.0)
    } else {
        0
    };
    q.combo_suggestions = x.menu.suggestions(x.concessions);
    Ok(q)
}

/// Check the code and, when it applies, add its discount (and its free item).
fn apply_code(
    q: &mut Quote,
    need: &mut std::collections::BTreeMap<String, i64>,
    discount: &mut i64,
    menu: &Menu,
    p: &PromoInput<'_>,
) -> PromoOutcome {
    let mut outcome = PromoOutcome {
        code: p.code.trim().to_string(),
        applied: false,
        name: String::new(),
        reason: None,
        refusal: None,
    };
    let Some(promo) = p.promotion else {
        outcome.reason = Some(Refusal::Unknown.to_string());
        outcome.refusal = Some(Refusal::Unknown);
        return outcome;
    };
    outcome.name = promo.name.clone();
    let free = promo
        .free_item_id
        .as_deref()
        .and_then(|id| menu.get(id))
        .filter(|i| i.active && i.kind != Kind::Combo);
    let left = free.map(|i| i.stock - need.get(&i.id).copied().unwrap_or(0));
    let ctx = rules::Context {
        today: p.today,
        cinema_id: p.cinema_id,
        movie_id: p.movie_id,
        day_type: p.day_type,
        subtotal: q.subtotal.0,
        user_uses: p.user_uses,
        free_item: free
            .zip(left)
            .map(|(i, left)| (i.name.as_str(), i.price, left)),
    };
    match rules::check(promo, &ctx) {
        Ok(effect) => {
            if let Some(item) = effect.free_item_id.as_deref().and_then(|id| menu.get(id)) {
                *need.entry(item.id.clone()).or_default() += 1;
                q.subtotal = Vnd(q.subtotal.0.saturating_add(item.price));
                q.concessions.push(ConcessionQuoteLine {
                    item_id: item.id.clone(),
                    name: item.name.clone(),
                    kind: item.kind.as_str().to_string(),
                    qty: 1,
                    unit_price: Vnd(item.price),
                    amount: Vnd(item.price),
                    free: true,
                });
            }
            if effect.discount > 0 {
                *discount += effect.discount;
                q.discounts.push(Discount {
                    source: format!("promotion:{}", promo.code),
                    reason: promo.name.clone(),
                    amount: Vnd(effect.discount),
                });
            }
            q.bonus_points = effect.bonus_points;
            outcome.applied = true;
        }
        Err(refusal) => {
            outcome.reason = Some(refusal.to_string());
            outcome.refusal = Some(refusal);
        }
    }
    outcome
}

/// Points paying part of what is left after the code: at most the balance, and at most the
/// programme's share of the booking.
fn redeem(q: &mut Quote, discount: &mut i64, x: &Extras<'_>) -> Result<(), PricingError> {
    if x.points < 0 {
        return Err(invalid("points", "a whole number of points, 0 or more"));
    }
    let Some(balance) = x.balance else {
        return Err(invalid(
            "points",
            "only a signed-in member (or a member found at the box office) can redeem points",
        ));
    };
    let cap = x.program.max_redeemable(q.subtotal.0 - *discount);
    if x.points > cap {
        return Err(invalid(
            "points",
            format!(
                "at most {cap} points on this booking ({} % of it)",
                x.program.max_redeem_percent
            ),
        ));
    }
    if x.points > balance {
        return Err(conflict("points", format!("you have {balance} points")));
    }
    let value = x.points.saturating_mul(x.program.point_value);
    *discount += value;
    q.points_redeemed = x.points;
    q.discounts.push(Discount {
        source: "points".into(),
        reason: format!("{} points", x.points),
        amount: Vnd(value),
    });
    Ok(())
}

#[cfg(test)]
#[path = "basket_tests.rs"]
mod tests;

//! Rules of managing promotions (`promotion:manage`): create, change and list codes. Whether
//! a code applies to a basket is [`super::rules::check`], asked through the quote.

use super::{store, NewPromotion, Promotion, PromotionsError};
use crate::clock::{stamp, Clock};
use crate::sales::Sales;
use crate::users::AuthUser;

/// The promotions service over bookings.db.
#[derive(Clone)]
pub struct Promotions {
    pub(super) sales: Sales,
    clock: Clock,
    /// Head office's URL when this site takes its promotions from it.
    chain: Option<std::sync::Arc<str>>,
}

impl Promotions {
    /// The service.
    pub fn new(sales: Sales, clock: Clock) -> Promotions {
        Promotions {
            sales,
            clock,
            chain: None,
        }
    }

    /// The same service, its codes managed by head office at `central_url`.
    pub fn managed_by(mut self, central_url: &str) -> Promotions {
        self.chain = Some(central_url.into());
        self
    }

    /// The same service without the guard (the demo loader).
    pub fn unmanaged(&self) -> Promotions {
        Promotions {
            chain: None,
            ..self.clone()
        }
    }

    /// Every promotion (`promotion:manage`).
    pub async fn list(&self, user: &AuthUser) -> Result<Vec<Promotion>, PromotionsError> {
        need_manage(user)?;
        self.sales.read(|c| store::all(c)).await
    }

    /// One promotion (`promotion:manage`).
    pub async fn get(&self, user: &AuthUser, id: &str) -> Result<Promotion, PromotionsError> {
        need_manage(user)?;
        let key = id.to_string();
        self.sales
            .read(move |c| store::by_id(c, &key)?.ok_or(PromotionsError::NotFound(key)))
            .await
    }

    /// Add a code (`promotion:manage`).
    pub async fn create(
        &self,
        user: &AuthUser,
        new: NewPromotion,
    ) -> Result<Promotion, PromotionsError> {
        self.write(user, None, new).await
    }

    /// Change a code's terms (`promotion:manage`); its uses stay counted.
    pub async fn update(
        &self,
        user: &AuthUser,
        id: &str,
        new: NewPromotion,
    ) -> Result<Promotion, PromotionsError> {
        self.write(user, Some(id.to_string()), new).await
    }

    async fn write(
        &self,
        user: &AuthUser,
        id: Option<String>,
        new: NewPromotion,
    ) -> Result<Promotion, PromotionsError> {
        need_manage(user)?;
        if let Some(url) = &self.chain {
            return Err(PromotionsError::ChainManaged(url.to_string()));
        }
        validate(&new)?;
        let now = stamp(self.clock.now());
        let done = self
            .sales
            .run(move |tx| {
                if let Some(item) = &new.free_item_id {
                    let found = crate::concessions::store::item(tx, item).map_err(|e| {
                        PromotionsError::Invalid {
                            field: "free_item_id",
                            problem: e.to_string(),
                        }
                    })?;
                    if found.is_none() {
                        return Err(invalid(
                            "free_item_id",
                            format!("no concession item {item}"),
                        ));
                    }
                }
                let insert = id.is_none();
                let key = id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
                store::write(tx, &key, &new, &now, insert)?;
                store::by_id(tx, &key)?.ok_or(PromotionsError::NotFound(key))
            })
            .await?;
        Ok(done.value)
    }
}

fn need_manage(user: &AuthUser) -> Result<(), PromotionsError> {
    if user.can("promotion:manage") {
        Ok(())
    } else {
        Err(PromotionsError::Forbidden("promotion:manage"))
    }
}

fn invalid(field: &'static str, problem: impl Into<String>) -> PromotionsError {
    PromotionsError::Invalid {
        field,
        problem: problem.into(),
    }
}

pub(super) fn validate(p: &NewPromotion) -> Result<(), PromotionsError> {
    use super::Kind;
    let code = p.code.trim();
    if code.len() < 3
        || code.len() > 32
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            "code",
            "3 to 32 letters, digits, '-' or '_' (no spaces or accents)",
        ));
    }
    if p.name.chars().count() > 200 {
        return Err(invalid("name", "at most 200 characters"));
    }
    match p.kind {
        Kind::Percentage if !(1..=100).contains(&p.value) => {
            return Err(invalid("value", "a percentage from 1 to 100"))
        }
        Kind::FixedAmount if !(1..=100_000_000).contains(&p.value) => {
            return Err(invalid("value", "VND off, from 1 to 100000000"))
        }
        Kind::Points if !(1..=1_000_000).contains(&p.value) => {
            return Err(invalid("value", "bonus points, from 1 to 1000000"))
        }
        Kind::FreeItem if p.free_item_id.is_none() => {
            return Err(invalid("free_item_id", "required with kind FREE_ITEM"))
        }
        _ => {}
    }
    if p.kind != Kind::FreeItem && p.free_item_id.is_some() {
        return Err(invalid("free_item_id", "only with kind FREE_ITEM"));
    }
    if p.max_discount.is_some() && p.kind != Kind::Percentage {
        return Err(invalid("max_discount", "only with kind PERCENTAGE"));
    }
    if p.max_discount.is_some_and(|c| c < 1) {
        return Err(invalid("max_discount", "at least 1 VND"));
    }
    if p.min_purchase < 0 {
        return Err(invalid("min_purchase", "0 or more VND"));
    }
    if let (Some(from), Some(to)) = (p.valid_from, p.valid_to) {
        if to < from {
            return Err(invalid("valid_to", "on or after valid_from"));
        }
    }
    if p.usage_limit.is_some_and(|l| l < 1) {
        return Err(invalid(
            "usage_limit",
            "at least 1 (leave it out for no limit)",
        ));
    }
    if p.per_user_limit.is_some_and(|l| l < 1) {
        return Err(invalid(
            "per_user_limit",
            "at least 1 (leave it out for no limit)",
        ));
    }
    if let Some(bad) = p
        .day_types
        .iter()
        .find(|d| !matches!(d.as_str(), "WEEKDAY" | "WEEKEND" | "HOLIDAY"))
    {
        return Err(invalid(
            "day_types",
            format!("{bad} is not WEEKDAY, WEEKEND or HOLIDAY"),
        ));
    }
    if p.cinema_ids.len() > 100 || p.movie_ids.len() > 500 {
        return Err(invalid("cinema_ids", "too many ids"));
    }
    Ok(())
}

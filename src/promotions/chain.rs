//! The chain's promotions between head office and a site: central hands out the codes
//! changed since a cursor; a site applies head office's terms (same ids), keeping its own
//! count of uses.

use super::{store, Kind, NewPromotion, Promotion, Promotions, PromotionsError};
use serde::{Deserialize, Serialize};

/// One code as head office holds it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChainPromotion {
    /// Its id on every site.
    pub id: String,
    /// Head office's last change, RFC 3339.
    pub updated_at: String,
    /// Its terms.
    pub promotion: NewPromotion,
}

fn terms(p: Promotion) -> NewPromotion {
    NewPromotion {
        code: p.code,
        name: p.name,
        kind: p.kind,
        value: p.value,
        max_discount: p.max_discount,
        free_item_id: p.free_item_id,
        min_purchase: p.min_purchase,
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        cinema_ids: p.cinema_ids,
        movie_ids: p.movie_ids,
        day_types: p.day_types,
        usage_limit: p.usage_limit,
        per_user_limit: p.per_user_limit,
        active: p.active,
    }
}

impl Promotions {
    /// Codes changed at or after `since` (all when empty).
    pub async fn changed_since(&self, since: &str) -> Result<Vec<ChainPromotion>, PromotionsError> {
        let since = since.to_string();
        let all = self.sales.read(|c| store::all(c)).await?;
        let mut out: Vec<ChainPromotion> = all
            .into_iter()
            .filter(|p| p.updated_at.as_str() >= since.as_str())
            .map(|p| ChainPromotion {
                id: p.id.clone(),
                updated_at: p.updated_at.clone(),
                promotion: terms(p),
            })
            .collect();
        out.sort_by(|a, b| (&a.updated_at, &a.id).cmp(&(&b.updated_at, &b.id)));
        Ok(out)
    }

    /// Apply head office's terms in one transaction. A FREE_ITEM code whose item this site
    /// does not sell is applied inactive (it could not be honoured here); a local code with
    /// the same name is retired. Returns how many changed.
    pub async fn apply_chain(&self, list: Vec<ChainPromotion>) -> Result<usize, PromotionsError> {
        // A code this binary's rules refuse is skipped, not allowed to stop every later pull.
        let list: Vec<ChainPromotion> = list
            .into_iter()
            .filter(|p| match super::service::validate(&p.promotion) {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(promotion = %p.id, error = %e, "code from head office skipped");
                    false
                }
            })
            .collect();
        let done = self
            .sales
            .run(move |tx| {
                let mut n = 0;
                for mut p in list {
                    let existing = store::by_id(tx, &p.id)?;
                    if existing.as_ref().map(|e| e.updated_at.as_str()) == Some(&p.updated_at) {
                        continue;
                    }
                    // Uses already taken here stay taken: a lower limit from head office stops
                    // further uses rather than undoing these.
                    if let (Some(limit), Some(e)) = (p.promotion.usage_limit, &existing) {
                        p.promotion.usage_limit = Some(limit.max(e.used_count));
                    }
                    if p.promotion.kind == Kind::FreeItem {
                        let sold = match &p.promotion.free_item_id {
                            Some(item) => crate::concessions::store::item(tx, item)
                                .map_err(|e| PromotionsError::Invalid {
                                    field: "free_item_id",
                                    problem: e.to_string(),
                                })?
                                .is_some(),
                            None => false,
                        };
                        if !sold {
                            p.promotion.free_item_id = None;
                            p.promotion.active = false;
                        }
                    }
                    // Head office's code wins: a local code of the same name is retired
                    // (renamed and switched off; its past uses stay with it).
                    store::retire_code(tx, &p.promotion.code, &p.id)?;
                    store::write(tx, &p.id, &p.promotion, &p.updated_at, existing.is_none())?;
                    n += 1;
                }
                Ok::<_, PromotionsError>(n)
            })
            .await?;
        Ok(done.value)
    }
}

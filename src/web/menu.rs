//! The concessions menu as pages show it: pictures, names, prices, energy and allergens.

use super::{tr_with, vnd, Pages};
use crate::concessions::{Item, Kind};
use crate::i18n::Arg;

/// One item of the menu on a page.
pub struct MenuItemView {
    /// Item id (`data-item`).
    pub id: String,
    /// FOOD / DRINK / COMBO / MERCHANDISE (CSS class, grouping).
    pub kind: String,
    pub name: String,
    pub description: String,
    /// VND, for scripts.
    pub price_vnd: i64,
    /// "55.000 ₫".
    pub price: String,
    /// Picture URL (a plain placeholder when the item has none).
    pub image: String,
    /// "560 kcal · Dị ứng: sữa" (empty when nothing is known).
    pub facts: String,
    /// On hand (a combo: what its parts make).
    pub stock: i64,
}

/// A menu item's view in the page's language.
pub fn view(i: &Item) -> MenuItemView {
    let mut facts = Vec::new();
    if let Some(k) = i.kcal {
        facts.push(tr_with("menu-kcal", &[("n", Arg::from(k))]));
    }
    if !i.allergens.is_empty() {
        facts.push(tr_with(
            "menu-allergens",
            &[("list", Arg::from(i.allergens.join(", ")))],
        ));
    }
    let image = if i.image_url.is_empty() {
        match i.kind {
            Kind::Drink => "/assets/menu/drink.svg",
            Kind::Combo => "/assets/menu/combo.svg",
            Kind::Merchandise => "/assets/menu/cup.svg",
            Kind::Food => "/assets/menu/popcorn.svg",
        }
        .to_string()
    } else {
        i.image_url.clone()
    };
    MenuItemView {
        id: i.id.clone(),
        kind: i.kind.as_str().to_string(),
        name: i.name.clone(),
        description: i.description.clone(),
        price_vnd: i.price,
        price: vnd(i.price),
        image,
        facts: facts.join(" · "),
        stock: i.stock,
    }
}

/// The items on sale now, combos first; empty when the menu cannot be read (the page still
/// sells seats).
pub async fn on_sale(s: &Pages) -> Vec<MenuItemView> {
    match s.concessions.on_sale().await {
        Ok(items) => {
            let mut views: Vec<MenuItemView> =
                items.iter().filter(|i| i.stock > 0).map(view).collect();
            views.sort_by_key(|v| v.kind != "COMBO");
            views
        }
        Err(e) => {
            tracing::warn!(error = %e, "menu could not be read");
            Vec::new()
        }
    }
}

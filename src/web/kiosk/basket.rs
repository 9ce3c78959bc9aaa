//! What both sale screens of the kiosk share (`assets/kiosk_basket.js` drives them): the menu
//! as picture cards with plus/minus and what is left, and the loyalty programme's rates, so
//! the basket can offer the most points a booking may take.

use crate::concessions::{Item, Kind};
use crate::i18n::Arg;
use crate::web::{tr, tr_with, vnd, PageError, Pages};

/// At or under this many left, a card says how many.
const LOW_STOCK: i64 = 10;

/// One item of the menu as a card.
pub struct MenuCard {
    pub id: String,
    /// FOOD / DRINK / COMBO / MERCHANDISE (a CSS class).
    pub kind: &'static str,
    pub name: String,
    pub description: String,
    /// VND.
    pub price: i64,
    /// "55.000 ₫".
    pub price_text: String,
    /// The item's picture (the kind's own when it has none).
    pub image_url: String,
    /// On hand (for a combo, how many its parts make).
    pub stock: i64,
    /// "Còn 3" when few are left, "Hết hàng" when none; empty otherwise.
    pub stock_note: String,
    pub sold_out: bool,
    /// "560 kcal · Dị ứng: sữa".
    pub facts: String,
    /// "Thêm một Bắp rang bơ".
    pub add_label: String,
    /// "Bớt một Bắp rang bơ".
    pub less_label: String,
}

/// The picture of an item: its own when it is a site path or a web address, else its kind's.
fn picture(item: &Item) -> String {
    let own = item.image_url.trim();
    let safe = own.starts_with('/') && !own.starts_with("//")
        || own.starts_with("https://")
        || own.starts_with("http://");
    if safe {
        return own.to_string();
    }
    let file = match item.kind {
        Kind::Food => "popcorn",
        Kind::Drink => "drink",
        Kind::Combo => "combo",
        Kind::Merchandise => "cup",
    };
    format!("/assets/menu/{file}.svg")
}

impl MenuCard {
    fn of(item: &Item) -> MenuCard {
        let name = Arg::from(item.name.as_str());
        let stock_note = if item.stock <= 0 {
            tr("kiosk-menu-sold-out")
        } else if item.stock <= LOW_STOCK {
            tr_with("kiosk-menu-left", &[("n", Arg::from(item.stock))])
        } else {
            String::new()
        };
        let mut facts = Vec::new();
        if let Some(kcal) = item.kcal.filter(|k| *k > 0) {
            facts.push(tr_with("kiosk-menu-kcal", &[("kcal", Arg::from(kcal))]));
        }
        if !item.allergens.is_empty() {
            let list = item.allergens.join(", ");
            facts.push(tr_with(
                "kiosk-menu-allergens",
                &[("list", Arg::from(list))],
            ));
        }
        MenuCard {
            id: item.id.clone(),
            kind: item.kind.as_str(),
            name: item.name.clone(),
            description: item.description.clone(),
            price: item.price,
            price_text: vnd(item.price),
            image_url: picture(item),
            stock: item.stock.max(0),
            stock_note,
            sold_out: item.stock <= 0,
            facts: facts.join(" · "),
            add_label: tr_with("kiosk-menu-add", &[("name", name.clone())]),
            less_label: tr_with("kiosk-menu-less", &[("name", name)]),
        }
    }
}

/// The items on sale, in menu order, as cards.
pub async fn menu(s: &Pages) -> Result<Vec<MenuCard>, PageError> {
    let items = s.concessions.on_sale().await?;
    Ok(items.iter().map(MenuCard::of).collect())
}

/// The programme's rates as the basket uses them.
pub struct PointsRule {
    /// VND one point is worth.
    pub point_value: i64,
    /// Most of a booking points may pay (percent).
    pub max_percent: i64,
    /// "1 điểm = 1.000 ₫, trả tối đa 50% giá trị đơn".
    pub text: String,
}

/// The loyalty programme's rates now.
pub async fn points_rule(s: &Pages) -> Result<PointsRule, PageError> {
    let p = s.loyalty.program().await?.program;
    Ok(PointsRule {
        point_value: p.point_value,
        max_percent: p.max_redeem_percent,
        text: tr_with(
            "kiosk-points-rule",
            &[
                ("value", Arg::from(vnd(p.point_value))),
                ("pct", Arg::from(p.max_redeem_percent)),
            ],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: Kind, image_url: &str) -> Item {
        Item {
            id: "i".into(),
            kind,
            name: "Bắp".into(),
            description: String::new(),
            price: 55_000,
            image_url: image_url.into(),
            stock: 3,
            active: true,
            kcal: Some(560),
            allergens: vec!["sữa".into()],
            parts: vec![],
            sort: 0,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn an_item_without_a_usable_picture_gets_its_kinds() {
        assert_eq!(
            picture(&item(Kind::Food, "/assets/menu/water.svg")),
            "/assets/menu/water.svg"
        );
        assert_eq!(picture(&item(Kind::Drink, "")), "/assets/menu/drink.svg");
        assert_eq!(
            picture(&item(Kind::Combo, "javascript:alert(1)")),
            "/assets/menu/combo.svg"
        );
        assert_eq!(
            picture(&item(Kind::Merchandise, "//evil.example/x.png")),
            "/assets/menu/cup.svg"
        );
    }

    #[test]
    fn a_card_says_how_few_are_left() {
        let card = MenuCard::of(&item(Kind::Food, ""));
        assert_eq!(card.stock_note, "Còn 3");
        assert!(!card.sold_out);
        assert_eq!(card.facts, "560 kcal · Dị ứng: sữa");
        assert_eq!(card.add_label, "Thêm một Bắp");
    }
}

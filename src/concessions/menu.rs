//! [`Menu`]: the items on sale with their stock, read in one go, and the rules a basket of
//! concessions follows: each line is an active item, stock covers what it takes (a combo takes
//! its parts), and a basket holding what a combo bundles is offered the combo.

use super::{ConcessionsError, Item, Kind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Most of one item in a basket.
pub const MAX_QTY: u32 = 20;
/// Most lines in a basket.
pub const MAX_LINES: usize = 30;

/// A line of a basket as asked: `{id, qty}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Item id.
    pub id: String,
    /// How many (1 to [`MAX_QTY`]).
    pub qty: u32,
}

/// A combo the basket could take instead of some of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// The combo.
    pub combo_id: String,
    /// Its name.
    pub name: String,
    /// Its price.
    pub price: i64,
    /// The lines it replaces.
    pub replaces: Vec<Order>,
    /// VND saved by taking it.
    pub saves: i64,
}

/// The items of the site, active or not, each combo with its parts.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    items: Vec<Item>,
    index: HashMap<String, usize>,
}

impl Menu {
    /// A menu of `items`; a combo's `stock` becomes how many its parts make.
    pub fn new(mut items: Vec<Item>) -> Menu {
        let stock: HashMap<String, i64> = items.iter().map(|i| (i.id.clone(), i.stock)).collect();
        for item in items.iter_mut().filter(|i| i.kind == Kind::Combo) {
            item.stock = item
                .parts
                .iter()
                .map(|p| stock.get(&p.item_id).copied().unwrap_or(0) / i64::from(p.qty.max(1)))
                .min()
                .unwrap_or(0);
        }
        let index = items
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.clone(), n))
            .collect();
        Menu { items, index }
    }

    /// Every item, in menu order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// One item.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.index.get(id).and_then(|n| self.items.get(*n))
    }

    /// Check `orders` (each an active item, 1 to [`MAX_QTY`], no repeats) and return the
    /// stock they take per stocked item (a combo expanded into its parts).
    pub fn needs(&self, orders: &[Order]) -> Result<BTreeMap<String, i64>, ConcessionsError> {
        if orders.len() > MAX_LINES {
            return Err(invalid(format!("at most {MAX_LINES} lines")));
        }
        let mut seen = std::collections::HashSet::new();
        let mut need: BTreeMap<String, i64> = BTreeMap::new();
        for o in orders {
            if !seen.insert(o.id.as_str()) {
                return Err(invalid(format!("item {} is listed twice", o.id)));
            }
            if o.qty == 0 || o.qty > MAX_QTY {
                return Err(invalid(format!("qty of {} must be 1 to {MAX_QTY}", o.id)));
            }
            let item = self
                .get(&o.id)
                .filter(|i| i.active)
                .ok_or_else(|| invalid(format!("no item {} on sale", o.id)))?;
            self.add_need(item, i64::from(o.qty), &mut need);
        }
        Ok(need)
    }

    /// Add what `qty` of `item` takes from stock to `need`.
    pub fn add_need(&self, item: &Item, qty: i64, need: &mut BTreeMap<String, i64>) {
        if item.kind == Kind::Combo {
            for p in &item.parts {
                *need.entry(p.item_id.clone()).or_default() += qty * i64::from(p.qty);
            }
        } else {
            *need.entry(item.id.clone()).or_default() += qty;
        }
    }

    /// The first stocked item `need` takes more of than is on hand: its name and what is left.
    pub fn shortage(&self, need: &BTreeMap<String, i64>) -> Option<(String, i64)> {
        need.iter().find_map(|(id, n)| {
            let item = self.get(id)?;
            (item.stock < *n).then(|| (item.name.clone(), item.stock))
        })
    }

    /// Active combos whose whole bundle the basket's plain lines already hold, cheaper as the
    /// combo, best saving first.
    pub fn suggestions(&self, orders: &[Order]) -> Vec<Suggestion> {
        let have: HashMap<&str, u32> = orders
            .iter()
            .filter(|o| self.get(&o.id).is_some_and(|i| i.kind != Kind::Combo))
            .map(|o| (o.id.as_str(), o.qty))
            .collect();
        let mut out: Vec<Suggestion> = self
            .items
            .iter()
            .filter(|c| c.kind == Kind::Combo && c.active && c.stock > 0 && !c.parts.is_empty())
            .filter(|c| {
                c.parts
                    .iter()
                    .all(|p| have.get(p.item_id.as_str()).is_some_and(|n| *n >= p.qty))
            })
            .filter_map(|c| {
                let separately: i64 = c
                    .parts
                    .iter()
                    .map(|p| self.get(&p.item_id).map_or(0, |i| i.price) * i64::from(p.qty))
                    .sum();
                let saves = separately - c.price;
                (saves > 0).then(|| Suggestion {
                    combo_id: c.id.clone(),
                    name: c.name.clone(),
                    price: c.price,
                    replaces: c
                        .parts
                        .iter()
                        .map(|p| Order {
                            id: p.item_id.clone(),
                            qty: p.qty,
                        })
                        .collect(),
                    saves,
                })
            })
            .collect();
        out.sort_by_key(|s| std::cmp::Reverse(s.saves));
        out
    }
}

fn invalid(problem: String) -> ConcessionsError {
    ConcessionsError::Invalid {
        field: "concessions",
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concessions::Part;

    fn item(id: &str, kind: Kind, price: i64, stock: i64, parts: &[(&str, u32)]) -> Item {
        Item {
            id: id.into(),
            kind,
            name: id.into(),
            description: String::new(),
            price,
            image_url: String::new(),
            stock,
            active: true,
            kcal: None,
            allergens: vec![],
            parts: parts
                .iter()
                .map(|(i, q)| Part {
                    item_id: (*i).into(),
                    qty: *q,
                })
                .collect(),
            sort: 0,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn menu() -> Menu {
        Menu::new(vec![
            item("pop", Kind::Food, 55_000, 7, &[]),
            item("coke", Kind::Drink, 35_000, 3, &[]),
            item("duo", Kind::Combo, 119_000, 0, &[("pop", 1), ("coke", 2)]),
        ])
    }

    fn order(id: &str, qty: u32) -> Order {
        Order { id: id.into(), qty }
    }

    #[test]
    fn a_combo_is_as_available_as_its_scarcest_part_and_takes_its_parts() {
        let m = menu();
        assert_eq!(m.get("duo").map(|i| i.stock), Some(1));
        let need = m.needs(&[order("duo", 1), order("coke", 1)]).expect("ok");
        assert_eq!(need.get("coke"), Some(&3));
        assert_eq!(m.shortage(&need), None);
        let need = m.needs(&[order("duo", 2)]).expect("ok");
        assert_eq!(m.shortage(&need), Some(("coke".into(), 3)));
    }

    #[test]
    fn the_combo_is_suggested_when_the_basket_holds_its_bundle() {
        let m = menu();
        let s = m.suggestions(&[order("pop", 1), order("coke", 2)]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].saves, 55_000 + 70_000 - 119_000);
        assert!(m
            .suggestions(&[order("pop", 1), order("coke", 1)])
            .is_empty());
    }

    #[test]
    fn bad_lines_name_the_item() {
        let m = menu();
        for bad in [
            vec![order("pop", 0)],
            vec![order("pop", 21)],
            vec![order("nope", 1)],
            vec![order("pop", 1), order("pop", 2)],
        ] {
            let e = m.needs(&bad).expect_err("refused");
            assert!(e.to_string().starts_with("concessions: "), "{e}");
        }
    }
}

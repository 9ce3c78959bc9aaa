//! Demo data: the menu of a Vietnamese cinema counter, with stock, allergens and combos.

use super::{Concessions, Kind, NewItem, Part};
use crate::users::AuthUser;

/// (kind, name, description, price, image, stock, kcal, allergens)
type Plain = (
    Kind,
    &'static str,
    &'static str,
    i64,
    &'static str,
    i64,
    i64,
    &'static [&'static str],
);

/// (name, description, price, parts by name)
type Combo = (
    &'static str,
    &'static str,
    i64,
    &'static [(&'static str, u32)],
);

const PLAIN: [Plain; 8] = [
    (
        Kind::Food,
        "Bắp rang bơ",
        "Bắp rang bơ mặn, ly lớn 64 oz",
        55_000,
        "popcorn",
        300,
        560,
        &["sữa"],
    ),
    (
        Kind::Food,
        "Bắp caramel",
        "Bắp phủ caramel, ly lớn 64 oz",
        65_000,
        "popcorn",
        200,
        680,
        &["sữa"],
    ),
    (
        Kind::Food,
        "Bắp phô mai",
        "Bắp lắc phô mai, ly vừa 44 oz",
        60_000,
        "popcorn",
        150,
        610,
        &["sữa"],
    ),
    (
        Kind::Drink,
        "Nước ngọt Coca-Cola",
        "Ly 32 oz, nhiều đá hoặc ít đá",
        35_000,
        "drink",
        500,
        240,
        &[],
    ),
    (
        Kind::Drink,
        "Nước suối",
        "Chai 500 ml",
        20_000,
        "water",
        400,
        0,
        &[],
    ),
    (
        Kind::Drink,
        "Trà đào",
        "Ly 22 oz, có miếng đào",
        45_000,
        "drink",
        120,
        190,
        &[],
    ),
    (
        Kind::Food,
        "Snack khoai tây",
        "Gói 52 g",
        30_000,
        "snack",
        80,
        280,
        &["đậu nành"],
    ),
    (
        Kind::Merchandise,
        "Ly nhựa in hình phim",
        "Ly 32 oz giữ lạnh, dùng nhiều lần",
        120_000,
        "cup",
        25,
        0,
        &[],
    ),
];

/// Load the demo menu as `manager_id` would; returns a summary line.
pub async fn seed(concessions: &Concessions, manager_id: &str) -> Result<String, String> {
    let manager = AuthUser::acting(manager_id, &["concession:manage"]);
    let mut ids = std::collections::HashMap::new();
    for (sort, (kind, name, description, price, image, stock, kcal, allergens)) in
        PLAIN.iter().enumerate()
    {
        let item = concessions
            .create(
                &manager,
                NewItem {
                    kind: *kind,
                    name: (*name).into(),
                    description: (*description).into(),
                    price: *price,
                    image_url: format!("/assets/menu/{image}.svg"),
                    stock: *stock,
                    active: true,
                    kcal: (*kcal > 0).then_some(*kcal),
                    allergens: allergens.iter().map(|a| (*a).to_string()).collect(),
                    parts: vec![],
                    sort: i64::try_from(sort).unwrap_or(0) + 10,
                },
            )
            .await
            .map_err(|e| format!("demo concession {name}: {e}"))?;
        ids.insert(*name, item.id);
    }
    let combos: [Combo; 3] = [
        (
            "Combo 1 người",
            "1 bắp rang bơ + 1 nước ngọt",
            79_000,
            &[("Bắp rang bơ", 1), ("Nước ngọt Coca-Cola", 1)],
        ),
        (
            "Combo 2 người",
            "1 bắp rang bơ + 2 nước ngọt",
            109_000,
            &[("Bắp rang bơ", 1), ("Nước ngọt Coca-Cola", 2)],
        ),
        (
            "Combo gia đình",
            "2 bắp (bơ + caramel) + 4 nước ngọt",
            229_000,
            &[
                ("Bắp rang bơ", 1),
                ("Bắp caramel", 1),
                ("Nước ngọt Coca-Cola", 4),
            ],
        ),
    ];
    for (sort, (name, description, price, parts)) in combos.iter().enumerate() {
        let parts = parts
            .iter()
            .map(|(n, qty)| Part {
                item_id: ids.get(n).cloned().unwrap_or_default(),
                qty: *qty,
            })
            .collect();
        concessions
            .create(
                &manager,
                NewItem {
                    kind: Kind::Combo,
                    name: (*name).into(),
                    description: (*description).into(),
                    price: *price,
                    image_url: "/assets/menu/combo.svg".into(),
                    stock: 0,
                    active: true,
                    kcal: None,
                    allergens: vec!["sữa".into()],
                    parts,
                    sort: i64::try_from(sort).unwrap_or(0),
                },
            )
            .await
            .map_err(|e| format!("demo combo {name}: {e}"))?;
    }
    Ok(format!(
        "Concessions: {} items, {} combos\n",
        PLAIN.len(),
        combos.len()
    ))
}

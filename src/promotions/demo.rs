//! Demo data: a few codes a Vietnamese cinema would run.

use super::{Kind, NewPromotion, Promotions};
use crate::users::AuthUser;

/// Load the demo codes as `manager_id`; `free_item_id` is the demo's water bottle, if any.
pub async fn seed(
    promotions: &Promotions,
    manager_id: &str,
    free_item_id: Option<String>,
) -> Result<String, String> {
    let manager = AuthUser::acting(manager_id, &["promotion:manage"]);
    let base = |code: &str, name: &str, kind: Kind, value: i64| NewPromotion {
        code: code.into(),
        name: name.into(),
        kind,
        value,
        max_discount: None,
        free_item_id: None,
        min_purchase: 0,
        valid_from: None,
        valid_to: None,
        cinema_ids: vec![],
        movie_ids: vec![],
        day_types: vec![],
        usage_limit: None,
        per_user_limit: None,
        active: true,
    };
    let mut codes = vec![
        NewPromotion {
            max_discount: Some(50_000),
            min_purchase: 100_000,
            per_user_limit: Some(3),
            ..base("GIAM20", "Giảm 20% (tối đa 50.000 ₫)", Kind::Percentage, 20)
        },
        NewPromotion {
            min_purchase: 200_000,
            ..base(
                "CHAOBAN30K",
                "Giảm 30.000 ₫ cho đơn từ 200.000 ₫",
                Kind::FixedAmount,
                30_000,
            )
        },
        NewPromotion {
            day_types: vec!["WEEKDAY".into()],
            ..base("THUBA", "Ngày thường: cộng 50 điểm", Kind::Points, 50)
        },
    ];
    if let Some(item) = free_item_id {
        codes.push(NewPromotion {
            free_item_id: Some(item),
            usage_limit: Some(500),
            ..base("NUOCFREE", "Tặng 1 chai nước suối", Kind::FreeItem, 0)
        });
    }
    let n = codes.len();
    for code in codes {
        let c = code.code.clone();
        promotions
            .create(&manager, code)
            .await
            .map_err(|e| format!("demo promotion {c}: {e}"))?;
    }
    Ok(format!("Promotion codes: {n}\n"))
}

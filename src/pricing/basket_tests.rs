//! [`price`] at its edges: points capped at half of what is left after the code, a balance
//! too small, a free item when the basket already takes the last of it.

use super::*;
use crate::concessions::{Item, Kind as ItemKind, Part};
use crate::promotions::Kind as PromoKind;
use rstest::rstest;

const RATES: Program = Program {
    earn_percent: 10,
    point_value: 1000,
    max_redeem_percent: 50,
};

fn item(id: &str, kind: ItemKind, price: i64, stock: i64, parts: &[(&str, u32)]) -> Item {
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

/// Popcorn 55k (`popcorn` in stock), coke 35k ×9, a combo of one of each at 79k.
fn menu(popcorn: i64) -> Menu {
    Menu::new(vec![
        item("pop", ItemKind::Food, 55_000, popcorn, &[]),
        item("coke", ItemKind::Drink, 35_000, 9, &[]),
        item(
            "duo",
            ItemKind::Combo,
            79_000,
            0,
            &[("pop", 1), ("coke", 1)],
        ),
    ])
}

fn promo(kind: PromoKind, value: i64) -> Promotion {
    Promotion {
        id: "p".into(),
        code: "CODE".into(),
        name: "Code".into(),
        kind,
        value,
        max_discount: None,
        free_item_id: (kind == PromoKind::FreeItem).then(|| "pop".into()),
        min_purchase: 0,
        valid_from: None,
        valid_to: None,
        cinema_ids: vec![],
        movie_ids: vec![],
        day_types: vec![],
        usage_limit: None,
        per_user_limit: None,
        used_count: 0,
        active: true,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// Two 90k seats.
fn seats() -> Quote {
    let mut q = Quote::without_seats();
    q.subtotal = Vnd(180_000);
    q.total = q.subtotal;
    q
}

fn order(id: &str, qty: u32) -> Order {
    Order { id: id.into(), qty }
}

fn input(p: &Promotion) -> PromoInput<'_> {
    PromoInput {
        code: "code",
        promotion: Some(p),
        today: "2026-11-24".parse().expect("date"),
        cinema_id: "c1",
        movie_id: Some("m1"),
        day_type: Some("WEEKDAY"),
        user_uses: 0,
    }
}

fn extras<'a>(
    orders: &'a [Order],
    menu: &'a Menu,
    promo: Option<&'a Promotion>,
    points: i64,
    balance: Option<i64>,
) -> Extras<'a> {
    Extras {
        concessions: orders,
        menu,
        promo: promo.map(input),
        points,
        balance,
        program: RATES,
    }
}

#[rstest]
#[case::half_of_the_seats(None, 90, Ok(90_000))]
#[case::one_point_over(
    None,
    91,
    Err("points: at most 90 points on this booking (50 % of it)")
)]
#[case::half_of_what_the_code_leaves(Some(50_000), 65, Ok(65_000))]
#[case::over_after_the_code(
    Some(50_000),
    66,
    Err("points: at most 65 points on this booking (50 % of it)")
)]
fn points_pay_at_most_half_of_what_the_code_leaves(
    #[case] fixed_off: Option<i64>,
    #[case] points: i64,
    #[case] total: Result<i64, &str>,
) {
    let m = menu(5);
    let code = fixed_off.map(|v| promo(PromoKind::FixedAmount, v));
    let q = price(
        seats(),
        &extras(&[], &m, code.as_ref(), points, Some(1_000)),
    );
    match total {
        Ok(total) => {
            let q = q.expect("priced");
            assert_eq!(q.total, Vnd(total));
            assert_eq!(q.points_redeemed, points);
            assert_eq!(q.discount.0 + q.total.0, q.subtotal.0);
            // Points are earned on what is paid, not on what the points paid.
            assert_eq!(q.points_earned, RATES.earned(total));
        }
        Err(msg) => {
            let e = q.expect_err("refused");
            assert_eq!((e.to_string().as_str(), e.conflict), (msg, false));
        }
    }
}

#[test]
fn points_beyond_the_balance_are_a_conflict_and_need_a_member() {
    let m = menu(5);
    let e = price(seats(), &extras(&[], &m, None, 50, Some(49))).expect_err("balance");
    assert_eq!(
        (e.to_string().as_str(), e.conflict),
        ("points: you have 49 points", true)
    );
    let e = price(seats(), &extras(&[], &m, None, 10, None)).expect_err("no member");
    assert_eq!((e.field, e.conflict), ("points", false));
    let e = price(seats(), &extras(&[], &m, None, -1, Some(100))).expect_err("negative");
    assert_eq!(e.field, "points");
    // No member, no points earned either.
    let q = price(seats(), &extras(&[], &m, None, 0, None)).expect("priced");
    assert_eq!(q.points_earned, 0);
}

#[rstest]
#[case::one_left_after_the_basket(3, &[("pop", 2)], true)]
#[case::basket_takes_the_last(2, &[("pop", 2)], false)]
#[case::a_combo_takes_the_last(1, &[("duo", 1)], false)]
#[case::none_at_all(0, &[("coke", 1)], false)]
#[case::alone(1, &[], true)]
fn a_free_item_is_given_only_from_stock_the_basket_leaves(
    #[case] popcorn: i64,
    #[case] basket: &[(&str, u32)],
    #[case] given: bool,
) {
    let m = menu(popcorn);
    let orders: Vec<Order> = basket.iter().map(|(i, q)| order(i, *q)).collect();
    let code = promo(PromoKind::FreeItem, 0);
    let q = price(seats(), &extras(&orders, &m, Some(&code), 0, None)).expect("priced");
    let outcome = q.promotion.clone().expect("outcome");
    assert_eq!(outcome.applied, given, "{outcome:?}");
    let free: Vec<&ConcessionQuoteLine> = q.concessions.iter().filter(|c| c.free).collect();
    let paid: i64 = q
        .concessions
        .iter()
        .filter(|c| !c.free)
        .map(|c| c.amount.0)
        .sum();
    if given {
        assert_eq!(free.len(), 1);
        assert_eq!((free[0].item_id.as_str(), free[0].qty), ("pop", 1));
        assert_eq!(q.discount, Vnd(55_000));
        // The free line is in the subtotal and taken off again: the customer pays the rest.
        assert_eq!(q.total, Vnd(180_000 + paid));
    } else {
        assert!(free.is_empty(), "{q:?}");
        assert_eq!(outcome.reason.as_deref(), Some("pop is out of stock"));
        assert_eq!(q.total, Vnd(180_000 + paid));
    }
}

#[test]
fn a_basket_beyond_the_stock_is_a_conflict_naming_the_item() {
    let m = menu(1);
    let e = price(
        seats(),
        &extras(&[order("pop", 1), order("duo", 1)], &m, None, 0, None),
    )
    .expect_err("short");
    assert_eq!(
        (e.to_string().as_str(), e.conflict),
        ("concessions: out_of_stock: only 1 left of pop", true)
    );
}

#[test]
fn an_unknown_code_is_a_reason_not_an_error() {
    let m = menu(1);
    let mut x = extras(&[], &m, None, 0, None);
    let code = promo(PromoKind::Percentage, 10);
    let mut p = input(&code);
    p.promotion = None;
    x.promo = Some(p);
    let q = price(seats(), &x).expect("priced");
    let outcome = q.promotion.expect("outcome");
    assert_eq!(
        (outcome.applied, outcome.reason.as_deref()),
        (false, Some("there is no such code"))
    );
    assert_eq!(q.total, Vnd(180_000));
}

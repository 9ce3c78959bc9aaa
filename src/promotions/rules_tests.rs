//! [`rules::check`] at the edges: the minimum to the dong, the percentage cap, the first and
//! last valid day, the total and per-customer limits, and a free item that is out of stock.

use super::rules::{check, Context, Effect, Refusal};
use super::{Kind, Promotion};
use chrono::NaiveDate;
use rstest::rstest;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// A code of `kind` and `value` with no condition at all.
fn promo(kind: Kind, value: i64) -> Promotion {
    Promotion {
        id: "p".into(),
        code: "CODE".into(),
        name: "Code".into(),
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
        used_count: 0,
        active: true,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// A weekday seated sale of `subtotal` at cinema c1, film m1, on 2026-11-24.
fn ctx(subtotal: i64) -> Context<'static> {
    Context {
        today: day("2026-11-24"),
        cinema_id: "c1",
        movie_id: Some("m1"),
        day_type: Some("WEEKDAY"),
        subtotal,
        user_uses: 0,
        free_item: None,
    }
}

fn off(discount: i64) -> Effect {
    Effect {
        discount,
        bonus_points: 0,
        free_item_id: None,
    }
}

#[rstest]
#[case::one_dong_short(199_999, Err(Refusal::MinPurchase { min: 200_000 }))]
#[case::exact_minimum(200_000, Ok(off(20_000)))]
#[case::above(200_001, Ok(off(20_000)))]
fn the_minimum_purchase_is_inclusive(
    #[case] subtotal: i64,
    #[case] expected: Result<Effect, Refusal>,
) {
    let mut p = promo(Kind::Percentage, 10);
    p.min_purchase = 200_000;
    assert_eq!(check(&p, &ctx(subtotal)), expected);
}

#[rstest]
#[case::under_the_cap(150_000, 15_000)]
#[case::exactly_the_cap(200_000, 20_000)]
#[case::cap_reached(300_000, 20_000)]
#[case::rounds_down(99_999, 9_999)]
fn a_percentage_stops_at_its_cap(#[case] subtotal: i64, #[case] discount: i64) {
    let mut p = promo(Kind::Percentage, 10);
    p.max_discount = Some(20_000);
    assert_eq!(check(&p, &ctx(subtotal)), Ok(off(discount)));
}

#[rstest]
#[case::fixed_below_the_basket(Kind::FixedAmount, 50_000, 180_000, 50_000)]
#[case::fixed_never_above_the_basket(Kind::FixedAmount, 500_000, 180_000, 180_000)]
#[case::hundred_percent(Kind::Percentage, 100, 180_000, 180_000)]
fn a_discount_never_exceeds_the_basket(
    #[case] kind: Kind,
    #[case] value: i64,
    #[case] subtotal: i64,
    #[case] discount: i64,
) {
    assert_eq!(
        check(&promo(kind, value), &ctx(subtotal)),
        Ok(off(discount))
    );
}

#[rstest]
#[case::expired_yesterday(None, Some("2026-11-23"), Err(Refusal::Expired { on: day("2026-11-23") }))]
#[case::last_day_today(None, Some("2026-11-24"), Ok(off(18_000)))]
#[case::first_day_today(Some("2026-11-24"), None, Ok(off(18_000)))]
#[case::starts_tomorrow(Some("2026-11-25"), None, Err(Refusal::NotYet { from: day("2026-11-25") }))]
#[case::one_day_only(Some("2026-11-24"), Some("2026-11-24"), Ok(off(18_000)))]
fn the_date_range_is_inclusive_of_both_ends(
    #[case] from: Option<&str>,
    #[case] to: Option<&str>,
    #[case] expected: Result<Effect, Refusal>,
) {
    let mut p = promo(Kind::Percentage, 10);
    p.valid_from = from.map(day);
    p.valid_to = to.map(day);
    assert_eq!(check(&p, &ctx(180_000)), expected);
}

#[rstest]
#[case::one_use_left(Some(5), 4, None, 0, None)]
#[case::cap_reached(Some(5), 5, None, 0, Some(Refusal::UsedUp { used: 5, limit: 5 }))]
#[case::first_use_of_mine(None, 0, Some(1), 0, None)]
#[case::per_user_limit_reached(None, 9, Some(1), 1, Some(Refusal::UsedByYou { used: 1, limit: 1 }))]
#[case::second_of_two(None, 9, Some(2), 1, None)]
fn usage_limits_count_confirmed_uses(
    #[case] limit: Option<i64>,
    #[case] used: i64,
    #[case] per_user: Option<i64>,
    #[case] mine: i64,
    #[case] refusal: Option<Refusal>,
) {
    let mut p = promo(Kind::FixedAmount, 10_000);
    p.usage_limit = limit;
    p.used_count = used;
    p.per_user_limit = per_user;
    let mut c = ctx(180_000);
    c.user_uses = mine;
    assert_eq!(check(&p, &c).err(), refusal);
}

#[rstest]
#[case::in_stock(Some(("Bắp", 55_000, 1)), Ok(Effect { discount: 55_000, bonus_points: 0, free_item_id: Some("pop".into()) }))]
#[case::out_of_stock(Some(("Bắp", 55_000, 0)), Err(Refusal::FreeItemOut { name: "Bắp".into() }))]
#[case::not_on_sale(None, Err(Refusal::FreeItemOut { name: String::new() }))]
fn a_free_item_needs_one_in_stock(
    #[case] item: Option<(&'static str, i64, i64)>,
    #[case] expected: Result<Effect, Refusal>,
) {
    let mut p = promo(Kind::FreeItem, 0);
    p.free_item_id = Some("pop".into());
    let mut c = ctx(90_000);
    c.free_item = item;
    assert_eq!(check(&p, &c), expected);
}

#[test]
fn a_points_code_gives_points_not_money() {
    assert_eq!(
        check(&promo(Kind::Points, 50), &ctx(90_000)),
        Ok(Effect {
            discount: 0,
            bonus_points: 50,
            free_item_id: None
        })
    );
}

type Set = fn(&mut Promotion);
type Meet = fn(&mut Context<'static>);

#[rstest]
#[case::other_cinema(
    (|p| p.cinema_ids = vec!["c2".into()]) as Set,
    Refusal::NotForCinema,
    (|c| c.cinema_id = "c2") as Meet
)]
#[case::other_film(
    (|p| p.movie_ids = vec!["m2".into()]) as Set,
    Refusal::NotForFilm,
    (|c| c.movie_id = Some("m2")) as Meet
)]
#[case::weekends_only(
    (|p| p.day_types = vec!["WEEKEND".into(), "HOLIDAY".into()]) as Set,
    Refusal::NotOnDay { day_type: "WEEKEND/HOLIDAY".into() },
    (|c| c.day_type = Some("HOLIDAY")) as Meet
)]
fn conditions_of_place_film_and_day(
    #[case] set: Set,
    #[case] refusal: Refusal,
    #[case] meet: Meet,
) {
    let mut p = promo(Kind::Percentage, 10);
    set(&mut p);
    assert_eq!(check(&p, &ctx(180_000)), Err(refusal));
    let mut c = ctx(180_000);
    meet(&mut c);
    assert_eq!(check(&p, &c), Ok(off(18_000)));
}

#[test]
fn a_switched_off_code_does_not_apply() {
    let mut p = promo(Kind::Percentage, 10);
    p.active = false;
    assert_eq!(check(&p, &ctx(180_000)), Err(Refusal::Inactive));
}

#[test]
fn a_film_code_does_not_apply_to_concessions_alone() {
    let mut p = promo(Kind::Percentage, 10);
    p.movie_ids = vec!["m1".into()];
    let mut c = ctx(90_000);
    c.movie_id = None;
    c.day_type = None;
    assert_eq!(check(&p, &c), Err(Refusal::NotForFilm));
}

#[rstest]
#[case(Refusal::Expired { on: day("2026-11-30") }, "expired", "expired on 30/11")]
#[case(Refusal::NotYet { from: day("2026-12-01") }, "not_yet", "valid from 01/12")]
#[case(Refusal::MinPurchase { min: 200_000 }, "min_purchase", "minimum 200.000 ₫")]
#[case(Refusal::UsedUp { used: 100, limit: 100 }, "used_up", "used 100 of 100 times")]
#[case(Refusal::UsedByYou { used: 1, limit: 1 }, "used_by_you", "used 1 of 1 times")]
#[case(Refusal::FreeItemOut { name: "Bắp".into() }, "free_item_out", "Bắp is out of stock")]
#[case(Refusal::FreeItemOut { name: String::new() }, "free_item_out", "the free item is not available")]
#[case(Refusal::NotOnDay { day_type: "WEEKEND".into() }, "not_on_day", "not valid on weekend")]
fn a_refusal_says_why_in_a_customers_words(
    #[case] r: Refusal,
    #[case] code: &str,
    #[case] words: &str,
) {
    assert_eq!((r.code(), r.to_string().as_str()), (code, words));
}

#[test]
fn the_first_unmet_condition_is_the_reason_given() {
    // Expired and too small: the date is what the customer is told.
    let mut p = promo(Kind::Percentage, 10);
    p.valid_to = Some(day("2026-11-23"));
    p.min_purchase = 1_000_000;
    assert_eq!(
        check(&p, &ctx(1)).map_err(|r| r.code()),
        Err("expired"),
        "dates come before the basket"
    );
}
